//! DynamiCore's rules as pure functions (DYNAMICORE 1.3, 1.4): Mexican RFCs,
//! ISO dates, the account flags and currency, SAT key types, Conekta
//! payment methods. Each failure is a coded [`FieldError`] recorded in a
//! [`FieldErrors`] map so one pass reports every problem.

use time::{Date, Month};
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::validate;

/// Longest free text we send (names, descriptions); ours, a sanity cap.
pub const TEXT_MAX: usize = 200;

/// A persona física RFC: 4 letters, YYMMDD, 3-character homoclave.
pub const RFC_FISICA_LEN: usize = 13;
/// A persona moral RFC: 3 letters, YYMMDD, 3-character homoclave.
pub const RFC_MORAL_LEN: usize = 12;

/// Whether `c` may be one of an RFC's name letters (SAT allows Ñ and &).
fn rfc_letter(c: char) -> bool {
    c.is_ascii_uppercase() || c == 'Ñ' || c == '&'
}

/// `YYMMDD` as a calendar date in either century (the RFC does not say which).
fn yymmdd_valid(s: &str) -> bool {
    let n = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u8>().ok());
    let (Some(yy), Some(mm), Some(dd)) = (n(0..2), n(2..4), n(4..6)) else {
        return false;
    };
    let Ok(month) = Month::try_from(mm) else {
        return false;
    };
    [1900, 2000]
        .iter()
        .any(|c| Date::from_calendar_date(c + i32::from(yy), month, dd).is_ok())
}

/// Why `rfc` (upper-cased, trimmed) is not an RFC, if it is not one:
/// `rfc_format {fisica, moral}` for the shape, `rfc_date` for a date part
/// that is no calendar day (e.g. `RALO101086GT4`, the seed's own example).
pub fn check_rfc(rfc: &str) -> Result<(), FieldError> {
    let chars: Vec<char> = rfc.chars().collect();
    let letters = match chars.len() {
        RFC_FISICA_LEN => 4,
        RFC_MORAL_LEN => 3,
        _ => 0,
    };
    let shape = letters > 0
        && chars[..letters].iter().all(|&c| rfc_letter(c))
        && chars[letters..letters + 6].iter().all(char::is_ascii_digit)
        && chars[letters + 6..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !shape {
        return Err(FieldError::new(
            "rfc_format",
            "is not an RFC: 4 letters, date YYMMDD and 3 characters (persona física, 13) or 3 letters, date and 3 characters (persona moral, 12)",
        )
        .param("fisica", RFC_FISICA_LEN)
        .param("moral", RFC_MORAL_LEN));
    }
    let date: String = chars[letters..letters + 6].iter().collect();
    if !yymmdd_valid(&date) {
        return Err(FieldError::new(
            "rfc_date",
            "has a date part (YYMMDD) that is not a calendar day",
        )
        .param("date", date));
    }
    Ok(())
}

/// The RFC as sent: trimmed and upper-cased.
pub fn normalize_rfc(rfc: &str) -> String {
    rfc.trim().to_uppercase()
}

/// A required RFC field.
pub fn rfc(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = normalize_rfc(value);
    if v.is_empty() {
        add_field_error(errs, field, validate::blank());
    } else if let Err(e) = check_rfc(&v) {
        add_field_error(errs, field, e);
    }
}

/// `iso_date`: strictly `YYYY-MM-DD` and a real day (`2021-11-31` is not,
/// DYNAMICORE 1.5 #8).
pub fn parse_date(s: &str) -> Result<Date, FieldError> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let s = s.trim();
    if s.len() != 10 {
        return Err(bad_date());
    }
    Date::parse(s, &fmt).map_err(|_| bad_date())
}

fn bad_date() -> FieldError {
    FieldError::new(
        "iso_date",
        "is not a date as YYYY-MM-DD (a real calendar day)",
    )
}

/// A required date field; the date if it is one.
pub fn date(errs: &mut FieldErrors, field: &str, value: &str) -> Option<Date> {
    if value.trim().is_empty() {
        add_field_error(errs, field, validate::blank());
        return None;
    }
    parse_date(value)
        .map_err(|e| add_field_error(errs, field, e))
        .ok()
}

/// `date_range`: `end` before `start`.
pub fn date_range(errs: &mut FieldErrors, field: &str, start: Option<Date>, end: Option<Date>) {
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            add_field_error(
                errs,
                field,
                FieldError::new("date_range", "is before the start date"),
            );
        }
    }
}

/// Account `enabled`: `"1"` active, `"0"` inactive (DYNAMICORE 1.4).
pub fn enabled_flag(errs: &mut FieldErrors, field: &str, value: &str) {
    if !matches!(value.trim(), "1" | "0") {
        add_field_error(
            errs,
            field,
            FieldError::new("enabled_flag", "must be \"1\" (active) or \"0\" (inactive)"),
        );
    }
}

/// ISO 4217 numeric codes of the active currencies and funds (test and
/// precious-metal codes left out: an account is not opened in gold).
const ISO4217: &[u16] = &[
    8, 12, 32, 36, 44, 48, 50, 51, 52, 60, 64, 68, 72, 84, 90, 96, 104, 108, 116, 124, 132, 136,
    144, 152, 156, 170, 174, 188, 192, 203, 208, 214, 222, 230, 232, 238, 242, 262, 270, 292, 320,
    324, 328, 332, 340, 344, 348, 352, 356, 360, 364, 368, 376, 388, 392, 398, 400, 404, 408, 410,
    414, 417, 418, 422, 426, 430, 434, 446, 454, 458, 462, 480, 484, 496, 498, 504, 512, 516, 524,
    532, 533, 548, 554, 558, 566, 578, 586, 590, 598, 600, 604, 608, 634, 643, 646, 654, 682, 690,
    694, 702, 704, 706, 710, 728, 748, 752, 756, 760, 764, 776, 780, 784, 788, 800, 807, 818, 826,
    834, 840, 858, 860, 882, 886, 901, 924, 925, 926, 927, 928, 929, 930, 933, 934, 936, 938, 940,
    941, 943, 944, 946, 947, 948, 949, 950, 951, 952, 953, 960, 965, 967, 968, 969, 970, 971, 972,
    973, 975, 976, 977, 978, 979, 980, 981, 984, 985, 986, 990, 994, 997,
];

/// `currency_iso4217`: three digits naming an ISO 4217 currency (484 = MXN).
pub fn currency(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = value.trim();
    let known = v.len() == 3
        && v.bytes().all(|b| b.is_ascii_digit())
        && v.parse::<u16>().is_ok_and(|n| ISO4217.contains(&n));
    if !known {
        add_field_error(
            errs,
            field,
            FieldError::new(
                "currency_iso4217",
                "is not an ISO 4217 numeric currency code (e.g. 484 for MXN)",
            ),
        );
    }
}

/// `one_of {allowed}`: not one of the listed values.
pub fn one_of(errs: &mut FieldErrors, field: &str, value: &str, allowed: &[&str]) {
    if !allowed.contains(&value.trim()) {
        let list = allowed.join(", ");
        add_field_error(
            errs,
            field,
            FieldError::new("one_of", format!("must be one of: {list}")).param("allowed", list),
        );
    }
}

/// SAT key types (DYNAMICORE 1.3 #15).
pub const SAT_TYPES: &[&str] = &["ciec", "efirma"];
/// Conekta payment methods the seed documents (DYNAMICORE 1.3 #20).
pub const PAYMENT_METHODS: &[&str] = &["oxxo_cash"];

/// `base64`: a .key/.cer file as base64 text, bare or as a data URI.
pub fn base64_file(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = value.trim();
    let payload = match v.strip_prefix("data:") {
        Some(rest) => rest.split_once(";base64,").map_or("", |(_, p)| p),
        None => v,
    };
    let ok = !payload.is_empty()
        && payload.len() % 4 == 0
        && payload
            .trim_end_matches('=')
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    if !ok {
        add_field_error(
            errs,
            field,
            FieldError::new("base64", "is not a file in base64 (or a base64 data URI)"),
        );
    }
}

/// A positive count when given (`day_to_expire`, `remind_every`, `limit`...).
pub fn positive(errs: &mut FieldErrors, field: &str, value: Option<u64>) {
    if value == Some(0) {
        add_field_error(errs, field, validate::positive_number());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rfcs() {
        for ok in [
            "RAFO830910GT7",
            "AAA010102AAA",
            "MAS1906288W3",
            "XAXX010101000",
            "ÑAND000229AB1",
        ] {
            assert_eq!(check_rfc(ok), Ok(()), "{ok}");
        }
        // The seed's own example: day 86.
        assert_eq!(check_rfc("RALO101086GT4").unwrap_err().code, "rfc_date");
        assert_eq!(check_rfc("AAA010230AAA").unwrap_err().code, "rfc_date");
        for bad in [
            "DEMO1A",
            "RAFO830910GT",
            "RAF0830910GT7",
            "RAFO83091OGT7",
            "rafo830910gt7",
            "RAFO830910G-7",
        ] {
            assert_eq!(check_rfc(bad).unwrap_err().code, "rfc_format", "{bad}");
        }
        let mut e = FieldErrors::new();
        rfc(&mut e, "rfc", " rafo830910gt7 ");
        assert!(e.is_empty(), "lower case is upper-cased before the check");
    }

    #[test]
    fn dates() {
        assert!(parse_date("2021-11-30").is_ok());
        assert!(parse_date("2024-02-29").is_ok());
        for bad in [
            "2021-11-31",
            "2023-02-29",
            "2021-1-01",
            "21-01-01",
            "2021/01/01",
            "2021-01-01T00:00:00Z",
            "",
        ] {
            assert_eq!(parse_date(bad).unwrap_err().code, "iso_date", "{bad}");
        }
    }

    #[test]
    fn flags_currency_base64() {
        let mut e = FieldErrors::new();
        enabled_flag(&mut e, "a", "1");
        enabled_flag(&mut e, "b", "0");
        currency(&mut e, "c", "484");
        currency(&mut e, "d", "840");
        base64_file(&mut e, "e", "TUlJQg==");
        base64_file(
            &mut e,
            "f",
            "data:application/x-x509-ca-cert;base64,TUlJQg==",
        );
        assert!(e.is_empty(), "{e:?}");
        enabled_flag(&mut e, "a", "true");
        currency(&mut e, "c", "MXN");
        currency(&mut e, "d", "999");
        currency(&mut e, "g", "0484");
        base64_file(&mut e, "e", "not base64!");
        base64_file(&mut e, "f", "data:application/x-x509-ca-cert;base64");
        let codes: Vec<_> = e
            .iter()
            .map(|(k, v)| (k.as_str(), v.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("a", "enabled_flag"),
                ("c", "currency_iso4217"),
                ("d", "currency_iso4217"),
                ("e", "base64"),
                ("f", "base64"),
                ("g", "currency_iso4217"),
            ]
        );
    }

    fn fisica() -> impl Strategy<Value = String> {
        ("[A-Z]{4}", 0u8..100, 1u8..13, 1u8..29, "[A-Z0-9]{3}")
            .prop_map(|(l, y, m, d, h)| format!("{l}{y:02}{m:02}{d:02}{h}"))
    }

    proptest! {
        #[test]
        fn every_well_formed_rfc_passes(r in fisica(), moral in any::<bool>()) {
            let r = if moral { r[1..].to_string() } else { r };
            prop_assert_eq!(check_rfc(&r), Ok(()));
        }

        #[test]
        fn a_bad_month_or_day_is_an_rfc_date_error(r in fisica(), m in 13u8..100, d in 32u8..100) {
            let bad_month = format!("{}{m:02}{}", &r[..6], &r[8..]);
            let bad_day = format!("{}{d:02}{}", &r[..8], &r[10..]);
            prop_assert_eq!(check_rfc(&bad_month).unwrap_err().code, "rfc_date");
            prop_assert_eq!(check_rfc(&bad_day).unwrap_err().code, "rfc_date");
        }

        #[test]
        fn any_other_length_is_an_rfc_format_error(s in "[A-Z0-9]{0,20}") {
            prop_assume!(s.len() != 12 && s.len() != 13);
            prop_assert_eq!(check_rfc(&s).unwrap_err().code, "rfc_format");
        }

        #[test]
        fn dates_round_trip(y in 1900i32..2100, doy in 1u16..366) {
            let d = Date::from_ordinal_date(y, doy).unwrap();
            let s = format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
            prop_assert_eq!(parse_date(&s), Ok(d));
        }

        #[test]
        fn day_past_the_month_is_rejected(y in 1900i32..2100, m in 1u8..13) {
            let month = Month::try_from(m).unwrap();
            let last = month.length(y);
            let s = format!("{y:04}-{m:02}-{:02}", last + 1);
            prop_assert_eq!(parse_date(&s).unwrap_err().code, "iso_date");
        }
    }
}
