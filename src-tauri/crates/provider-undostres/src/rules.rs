//! The provider's rules as pure functions, checked before anything is sent
//! (UNDOSTRES 2.2, 2.4; issue 8 "Rules enforced in Rust").

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use ts_rs::TS;
use ventanilla_core::error::FieldError;

/// At most this many allowed IPs per key (UNDOSTRES 2.2).
pub const MAX_IPS: usize = 3;
/// A rotation retires the old key within this window (UNDOSTRES 2.2).
pub const PREVIOUS_KEY_GRACE: Duration = Duration::hours(24);
/// Root is depth 0; nodes at this depth cannot have children (UNDOSTRES 2.4, 2.6 #1).
pub const MAX_DEPTH: u8 = 2;
/// Warn this long before a key expires.
pub const WARN_SOON: Duration = Duration::days(14);
/// Warn urgently this long before a key expires.
pub const WARN_URGENT: Duration = Duration::hours(24);

/// Parse an allowed-IP list: each entry a valid IPv4 or IPv6 address, no
/// duplicates, at most [`MAX_IPS`]. An empty list is accepted here (only a
/// rotation may send none; see `KeyRequestInput::validate_for`).
/// Returns the addresses in canonical text form.
pub fn parse_ip_list(raw: &[String]) -> Result<Vec<IpAddr>, FieldError> {
    if raw.len() > MAX_IPS {
        return Err(FieldError::new(
            "ip_count",
            format!(
                "at most {MAX_IPS} IP addresses per key ({} given)",
                raw.len()
            ),
        )
        .param("max", MAX_IPS)
        .param("count", raw.len()));
    }
    let mut out: Vec<IpAddr> = Vec::with_capacity(raw.len());
    for (i, s) in raw.iter().enumerate() {
        let ip: IpAddr = s.trim().parse().map_err(|_| {
            let value = truncate(s.trim(), 60);
            FieldError::new(
                "ip_invalid",
                format!("entry {} ({value:?}) is not an IPv4 or IPv6 address", i + 1),
            )
            .param("entry", i + 1)
            .param("value", value)
        })?;
        let ip = canonical(ip);
        if out.contains(&ip) {
            return Err(
                FieldError::new("ip_duplicate", format!("{ip} is listed twice"))
                    .param("ip", ip.to_string()),
            );
        }
        out.push(ip);
    }
    Ok(out)
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The key format of UNDOSTRES 2.2: 36 characters, five hyphen-separated
/// groups of 8, 4, 4, 4 and 12 characters. The seed says "characters", not
/// hex digits (the example is hex): any ASCII letter or digit is accepted.
pub fn check_key_format(key: &str) -> Result<(), FieldError> {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let parts: Vec<&str> = key.split('-').collect();
    let shape_ok = key.len() == 36
        && parts.len() == GROUPS.len()
        && parts
            .iter()
            .zip(GROUPS)
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if shape_ok {
        Ok(())
    } else {
        // Never the value itself: it may be a mistyped key.
        Err(FieldError::new(
            "key_format",
            "is not an UnDosTres API key (8-4-4-4-12 letters or digits, like fb2992d3-5cf2-4177-8433-173bf3a63265)",
        ))
    }
}

/// The last 4 characters of a key: all that is ever shown of it.
pub fn last4(key: &str) -> String {
    let n = key.chars().count();
    key.chars().skip(n.saturating_sub(4)).collect()
}

/// When the previous key should stop working, as asked on a rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviousExpiry {
    Now,
    At(OffsetDateTime),
}

impl PreviousExpiry {
    /// `"now"` or an RFC 3339 time no later than `now` + 24 h and not in the
    /// past (UNDOSTRES 2.2: the old key may only be retired earlier).
    pub fn parse(raw: &str, now: OffsetDateTime) -> Result<PreviousExpiry, FieldError> {
        let v = raw.trim();
        if v.eq_ignore_ascii_case("now") {
            return Ok(PreviousExpiry::Now);
        }
        let at = OffsetDateTime::parse(v, &Rfc3339).map_err(|_| {
            FieldError::new(
                "previous_expiry_format",
                "must be \"now\" or a date and time like 2026-12-01T18:00:00Z",
            )
        })?;
        if at > now + PREVIOUS_KEY_GRACE {
            return Err(FieldError::new(
                "previous_expiry_too_late",
                "must be at most 24 hours from now (the old key expires within 24 hours anyway)",
            )
            .param("hours", PREVIOUS_KEY_GRACE.whole_hours()));
        }
        if at < now - Duration::minutes(1) {
            return Err(FieldError::new(
                "previous_expiry_past",
                "is in the past; choose \"now\" to retire the old key immediately",
            ));
        }
        Ok(PreviousExpiry::At(at))
    }

    /// The wire value: `"now"` or RFC 3339 in UTC.
    pub fn wire(self) -> String {
        match self {
            PreviousExpiry::Now => "now".into(),
            PreviousExpiry::At(t) => rfc3339(t),
        }
    }
}

pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// How close a key is to expiring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExpiryLevel {
    /// More than 14 days left.
    Ok,
    /// 14 days or less left.
    Soon,
    /// 24 hours or less left.
    Urgent,
    /// No time left: the key no longer works.
    Expired,
}

/// The warning level of a key expiring at `expires`, seen at `now`.
/// Boundaries: exactly 14 days left is `Soon`, exactly 24 h is `Urgent`,
/// exactly zero is `Expired`.
pub fn expiry_level(expires: OffsetDateTime, now: OffsetDateTime) -> ExpiryLevel {
    let left = expires - now;
    if left <= Duration::ZERO {
        ExpiryLevel::Expired
    } else if left <= WARN_URGENT {
        ExpiryLevel::Urgent
    } else if left <= WARN_SOON {
        ExpiryLevel::Soon
    } else {
        ExpiryLevel::Ok
    }
}

/// Effective expiry of the previous key after a rotation at `now`
/// (UNDOSTRES 2.2, inferred): the earliest of now + 24 h, the time asked
/// for, and the expiry it already had.
pub fn previous_key_expiry(
    now: OffsetDateTime,
    asked: Option<PreviousExpiry>,
    scheduled: OffsetDateTime,
) -> OffsetDateTime {
    let asked = match asked {
        Some(PreviousExpiry::Now) => now,
        Some(PreviousExpiry::At(t)) => t.max(now),
        None => now + PREVIOUS_KEY_GRACE,
    };
    asked.min(now + PREVIOUS_KEY_GRACE).min(scheduled)
}

/// Limits of the sub-account tree: C children for the root, G for each node
/// below it (UNDOSTRES 2.4; "e.g." values, so settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TreeLimits {
    /// C: children of the main account (depth 0).
    pub root_children: u32,
    /// G: children of a sub-account at depth 1.
    pub children: u32,
}

impl Default for TreeLimits {
    fn default() -> Self {
        TreeLimits {
            root_children: 5,
            children: 10,
        }
    }
}

impl TreeLimits {
    /// How many children a node at `depth` may have (0 at the maximum depth).
    pub fn max_children_at(&self, depth: u8) -> u32 {
        match depth {
            0 => self.root_children,
            d if d < MAX_DEPTH => self.children,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn ip_lists_of_one_to_three_valid_addresses() {
        assert_eq!(parse_ip_list(&s(&["10.0.0.1"])).unwrap().len(), 1);
        let ips = parse_ip_list(&s(&[" 203.0.113.7 ", "2001:db8::1", "::ffff:10.0.0.9"])).unwrap();
        assert_eq!(
            ips.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
            ["203.0.113.7", "2001:db8::1", "10.0.0.9"]
        );
        assert!(parse_ip_list(&[]).unwrap().is_empty());
        let four = parse_ip_list(&s(&["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4"])).unwrap_err();
        assert_eq!(four.code, "ip_count");
        assert_eq!(
            (four.params["max"].clone(), four.params["count"].clone()),
            (3.into(), 4.into())
        );
        for bad in [
            "256.1.1.1",
            "10.0.0",
            "example.com",
            "",
            "1.1.1.1/24",
            "::g",
        ] {
            assert_eq!(
                parse_ip_list(&s(&[bad])).unwrap_err().code,
                "ip_invalid",
                "{bad}"
            );
        }
        let twice = parse_ip_list(&s(&["10.0.0.1", "10.0.0.1"])).unwrap_err();
        assert_eq!(
            (twice.code.as_str(), &twice.params["ip"]),
            ("ip_duplicate", &"10.0.0.1".into())
        );
        let mapped = parse_ip_list(&s(&["10.0.0.1", "::ffff:10.0.0.1"])).unwrap_err();
        assert_eq!(mapped.code, "ip_duplicate");
    }

    #[test]
    fn key_format_is_8_4_4_4_12() {
        assert!(check_key_format("fb2992d3-5cf2-4177-8433-173bf3a63265").is_ok());
        assert!(check_key_format("ABCDEFGH-ijkl-0123-4567-89abcdefghij").is_ok());
        for bad in [
            "fb2992d3-5cf2-4177-8433-173bf3a6326",
            "fb2992d3-5cf2-4177-8433-173bf3a632651",
            "fb2992d35cf2-4177-8433-173bf3a63265-",
            "fb2992d3_5cf2_4177_8433_173bf3a63265",
            "fb2992d3-5cf2-4177-8433-173bf3a6326 ",
            "fb2992d3-5cf2-4177-843-3173bf3a63265",
            "ñb2992d3-5cf2-4177-8433-173bf3a6326",
            "",
        ] {
            assert_eq!(
                check_key_format(bad).unwrap_err().code,
                "key_format",
                "{bad:?}"
            );
        }
        assert_eq!(last4("fb2992d3-5cf2-4177-8433-173bf3a63265"), "3265");
        assert_eq!(last4("ab"), "ab");
    }

    #[test]
    fn previous_expiry_is_now_or_within_24_hours() {
        let now = datetime!(2026-12-01 12:00 UTC);
        assert_eq!(PreviousExpiry::parse("now", now), Ok(PreviousExpiry::Now));
        assert_eq!(PreviousExpiry::parse(" NOW ", now), Ok(PreviousExpiry::Now));
        assert_eq!(
            PreviousExpiry::parse("2026-12-02T12:00:00Z", now),
            Ok(PreviousExpiry::At(datetime!(2026-12-02 12:00 UTC)))
        );
        assert_eq!(
            PreviousExpiry::parse("2026-12-01T08:00:00-06:00", now),
            Ok(PreviousExpiry::At(datetime!(2026-12-01 14:00 UTC)))
        );
        let code = |raw: &str| PreviousExpiry::parse(raw, now).unwrap_err().code;
        assert_eq!(code("2026-12-02T12:00:01Z"), "previous_expiry_too_late");
        assert_eq!(code("2026-12-01T11:00:00Z"), "previous_expiry_past");
        assert_eq!(code("tomorrow"), "previous_expiry_format");
        assert_eq!(
            PreviousExpiry::At(datetime!(2026-12-01 08:00 -6)).wire(),
            "2026-12-01T14:00:00Z"
        );
    }

    #[test]
    fn previous_key_gets_the_earliest_expiry() {
        let now = datetime!(2026-12-01 12:00 UTC);
        let far = now + Duration::days(60);
        assert_eq!(
            previous_key_expiry(now, None, far),
            now + Duration::hours(24)
        );
        assert_eq!(
            previous_key_expiry(now, Some(PreviousExpiry::Now), far),
            now
        );
        let at = now + Duration::hours(3);
        assert_eq!(
            previous_key_expiry(now, Some(PreviousExpiry::At(at)), far),
            at
        );
        let soon = now + Duration::hours(2);
        assert_eq!(previous_key_expiry(now, None, soon), soon);
        assert_eq!(
            previous_key_expiry(now, Some(PreviousExpiry::At(at)), soon),
            soon
        );
    }

    #[test]
    fn expiry_levels_at_their_boundaries() {
        let exp = datetime!(2026-12-31 00:00 UTC);
        let at = |left: Duration| expiry_level(exp, exp - left);
        assert_eq!(at(Duration::days(30)), ExpiryLevel::Ok);
        assert_eq!(
            at(Duration::days(14) + Duration::seconds(1)),
            ExpiryLevel::Ok
        );
        assert_eq!(at(Duration::days(14)), ExpiryLevel::Soon);
        assert_eq!(
            at(Duration::hours(24) + Duration::seconds(1)),
            ExpiryLevel::Soon
        );
        assert_eq!(at(Duration::hours(24)), ExpiryLevel::Urgent);
        assert_eq!(at(Duration::seconds(1)), ExpiryLevel::Urgent);
        assert_eq!(at(Duration::ZERO), ExpiryLevel::Expired);
        assert_eq!(at(-Duration::days(3)), ExpiryLevel::Expired);
    }

    #[test]
    fn children_allowed_per_depth() {
        let l = TreeLimits::default();
        assert_eq!((l.root_children, l.children), (5, 10));
        assert_eq!(l.max_children_at(0), 5);
        assert_eq!(l.max_children_at(1), 10);
        assert_eq!(l.max_children_at(2), 0);
        assert_eq!(l.max_children_at(7), 0);
    }

    proptest! {
        #[test]
        fn any_one_to_three_distinct_addresses_parse_back_to_themselves(
            ips in proptest::collection::btree_set(any::<std::net::IpAddr>().prop_map(canonical), 1..=3)
        ) {
            let raw: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
            let parsed = parse_ip_list(&raw).unwrap();
            prop_assert_eq!(parsed.len(), ips.len());
            for ip in &parsed { prop_assert!(ips.contains(ip)); }
        }

        #[test]
        fn more_than_three_addresses_never_pass(
            ips in proptest::collection::vec(any::<std::net::IpAddr>(), 4..8)
        ) {
            let raw: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
            prop_assert!(parse_ip_list(&raw).is_err());
        }

        #[test]
        fn arbitrary_text_never_panics_and_accepted_entries_are_addresses(
            raw in proptest::collection::vec(".{0,45}", 0..5)
        ) {
            if let Ok(ips) = parse_ip_list(&raw) {
                prop_assert!(ips.len() <= MAX_IPS);
                for r in &raw { prop_assert!(r.trim().parse::<std::net::IpAddr>().is_ok()); }
            }
        }

        #[test]
        fn keys_of_the_documented_shape_pass(
            key in "[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}"
        ) {
            prop_assert!(check_key_format(&key).is_ok());
            prop_assert_eq!(last4(&key).len(), 4);
        }

        #[test]
        fn accepted_keys_always_have_the_documented_shape(key in ".{0,40}") {
            if check_key_format(&key).is_ok() {
                let lens: Vec<usize> = key.split('-').map(str::len).collect();
                prop_assert_eq!(lens, vec![8, 4, 4, 4, 12]);
                prop_assert!(key.bytes().all(|b| b == b'-' || b.is_ascii_alphanumeric()));
            }
        }

        #[test]
        fn a_uuid_with_one_group_resized_is_refused(
            g in 0usize..5, delta in prop_oneof![Just(-1i32), Just(1i32)]
        ) {
            let mut groups: Vec<String> = "fb2992d3-5cf2-4177-8433-173bf3a63265".split('-').map(String::from).collect();
            if delta < 0 { groups[g].pop(); } else { groups[g].push('a'); }
            prop_assert!(check_key_format(&groups.join("-")).is_err());
        }
    }
}
