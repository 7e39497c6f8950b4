//! UnDosTres's operations (UNDOSTRES 2.5, the assumed REST shape of the
//! seed's prose). Each input type is one operation and validates itself
//! (field errors, nothing sent); each output is safe to send to the UI and
//! to record. `list` is the one explicit list the app, the CLI and the
//! tests walk; the `Op`/`Call` impls are in `key.rs`, `account.rs` and
//! `subaccount.rs`, the local cache they share in `local.rs`.
//!
//! Secrets never leave Rust: a new API key goes to the connection's
//! keychain entry, a new sub-account's credentials to a new connection's.

mod account;
mod key;
mod local;
mod subaccount;

pub use account::*;
pub use key::*;
pub use local::{ACCOUNT_CACHE, KEY_CACHE, TREE_CACHE};

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::id::{Id, IdKind};
use ventanilla_core::op::OpVisitor;
use ventanilla_core::{validate, Error, Result, SecretString};

use crate::rules::{self, ExpiryLevel, PreviousExpiry};
use crate::tree::AccountTree;

/// The English text of [`not_editable`].
pub const EMAIL_PHONE_LOCKED: &str =
    "is not editable through the API: UnDosTres changes the registered email and phone only on request to its support";

/// `not_editable`: why email and phone are locked (UNDOSTRES 2.3 O3).
pub fn not_editable() -> FieldError {
    FieldError::new("not_editable", EMAIL_PHONE_LOCKED)
}

/// The one list of UnDosTres's operations.
pub(crate) fn list<V: OpVisitor<crate::spec::Undostres>>(v: &mut V) {
    v.op::<KeyRequestInput>();
    v.op::<KeyStatusInput>();
    v.op::<AccountGetInput>();
    v.op::<AccountUpdateInput>();
    v.op::<AccountTreeInput>();
    v.op::<SubAccountCreateInput>();
}

const NAMES_MAX: usize = 200;
const DOCUMENT_MAX: usize = 64;
/// Ours, not the provider's: a sanity cap so a runaway list is not sent.
pub const MAX_WEBHOOKS: usize = 10;

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn finish(errs: FieldErrors) -> Result<()> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(errs))
    }
}

/// A company ID as an input gives it, checked once when parsed.
pub type CompanyId = Id<CompanyIdKind>;

/// A company ID as it goes into a path: the format is undocumented, so
/// 1–64 letters, digits, `-`, `_` or `.` (not "." or "..").
pub enum CompanyIdKind {}
impl IdKind for CompanyIdKind {
    fn check(id: &str) -> std::result::Result<(), FieldError> {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id != "."
            && id != ".."
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if ok {
            return Ok(());
        }
        Err(FieldError::new(
            "company_id_format",
            "is not a company ID (1–64 letters, digits, '-', '_' or '.')",
        )
        .param("max", 64))
    }
}

fn check_webhooks(errs: &mut FieldErrors, field: &str, hooks: &[String]) {
    if hooks.len() > MAX_WEBHOOKS {
        let e = FieldError::new("webhooks_max", format!("at most {MAX_WEBHOOKS} webhooks"))
            .param("max", MAX_WEBHOOKS);
        add_field_error(errs, field, e);
        return;
    }
    for (i, h) in hooks.iter().enumerate() {
        if let Err(why) = validate::base_url(h) {
            // The UI says which webhook and why (`reason`: the URL check's code).
            let e = FieldError::new("webhook_invalid", format!("webhook {}: {why}", i + 1))
                .param("index", i + 1)
                .param("reason", why.code);
            add_field_error(errs, field, e);
            return;
        }
    }
}

fn check_optional(errs: &mut FieldErrors, field: &str, v: &Option<String>, max: usize) {
    if let Some(v) = v {
        validate::required_text(errs, field, v, max);
    }
}

// ---------------------------------------------------------------- key request

/// A1: request an API key. The first key of an account needs 1–3 IPs; a
/// rotation may give none and then keeps the previous key's list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct KeyRequestInput {
    /// 0–3 IPv4/IPv6 addresses the new key may be used from.
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(long = "ip", value_name = "IP"))]
    pub allowed_ips: Vec<String>,
    /// When the previous key stops working: `"now"` or an RFC 3339 time at
    /// most 24 h from now. `None`: 24 h from now (the provider's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long, value_name = "RFC3339|now"))]
    pub expire_previous_at: Option<String>,
}

impl KeyRequestInput {
    /// The checks that need no context: IP list shape and the old key's expiry.
    pub fn validate(&self) -> Result<()> {
        self.validate_at(now())
    }

    pub fn validate_at(&self, now: OffsetDateTime) -> Result<()> {
        let mut errs = FieldErrors::new();
        self.check(&mut errs, now);
        finish(errs)
    }

    fn check(&self, errs: &mut FieldErrors, now: OffsetDateTime) -> Option<PreviousExpiry> {
        if let Err(e) = rules::parse_ip_list(&self.allowed_ips) {
            add_field_error(errs, "allowedIps", e);
        }
        match self.expire_previous_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => match PreviousExpiry::parse(raw, now) {
                Ok(p) => Some(p),
                Err(e) => {
                    add_field_error(errs, "expirePreviousAt", e);
                    None
                }
            },
        }
    }

    /// Every check, knowing the account's current key (`None` for a first
    /// key). Returns what to send: the IPs (the previous key's when none are
    /// given: UNDOSTRES 2.2 "we may use the IP list assigned to old key", so
    /// they are sent explicitly rather than left to "if possible") and the
    /// old key's expiry.
    pub fn validate_for(
        &self,
        previous: Option<&KeyInfo>,
        now: OffsetDateTime,
    ) -> Result<(Vec<IpAddr>, Option<PreviousExpiry>)> {
        let mut errs = FieldErrors::new();
        let expiry = self.check(&mut errs, now);
        let mut ips = rules::parse_ip_list(&self.allowed_ips).unwrap_or_default();
        if errs.is_empty() && ips.is_empty() {
            match previous {
                Some(p) if !p.allowed_ips.is_empty() => {
                    ips = rules::parse_ip_list(&p.allowed_ips).unwrap_or_default()
                }
                Some(_) => {
                    let e = FieldError::new(
                        "ip_list_unknown",
                        "give 1 to 3 IP addresses: the current key's list is not known",
                    )
                    .param("max", rules::MAX_IPS);
                    add_field_error(&mut errs, "allowedIps", e);
                }
                None => {
                    let e = FieldError::new(
                        "ip_required_first_key",
                        "give 1 to 3 IP addresses: the first key of an account needs at least one",
                    )
                    .param("max", rules::MAX_IPS);
                    add_field_error(&mut errs, "allowedIps", e);
                }
            }
        }
        if previous.is_none() && expiry.is_some() {
            let e = FieldError::new("no_previous_key", "there is no previous key to expire");
            add_field_error(&mut errs, "expirePreviousAt", e);
        }
        finish(errs)?;
        Ok((ips, expiry))
    }
}

/// What can be shown of an API key: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// The key's last 4 characters.
    pub last4: String,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub expires_at: OffsetDateTime,
    pub allowed_ips: Vec<String>,
    /// The last 4 characters of the key this one replaced, if this app knew it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub previous_key_last4: Option<String>,
    /// The key this one replaced still works until then (absent: there was
    /// none, or it stopped at once).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[ts(optional, type = "string")]
    pub previous_key_expires_at: Option<OffsetDateTime>,
    /// The keychain refused the new key: this session uses it, but it is
    /// lost when the app closes (request another once it is unlocked).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub session_only: bool,
}

impl KeyInfo {
    /// The warning level of this key at `now`.
    pub fn expiry_level(&self, now: OffsetDateTime) -> ExpiryLevel {
        rules::expiry_level(self.expires_at, now)
    }

    /// Whole days left at `now` ("expires in N days"; negative once expired).
    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.expires_at - now).whole_days()
    }

    /// Whether the replaced key still works at `now`.
    pub fn previous_key_valid(&self, now: OffsetDateTime) -> bool {
        self.previous_key_expires_at.is_some_and(|t| t > now)
    }
}

/// A1's result. `api_key` is for the keychain only: it is skipped when
/// serialized and redacted in `Debug`, so this type can go to the UI and
/// to history as is (and comes back from JSON with an empty key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssuedKey {
    #[serde(skip)]
    #[ts(skip)]
    pub api_key: SecretString,
    pub company_id: String,
    pub key: KeyInfo,
}

// ---------------------------------------------------------------- accounts

/// A2: read an account; `None` is the caller's own (the `me` alias).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct AccountGetInput {
    /// The account (default: the connection's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(value_name = "COMPANY_ID"))]
    pub company_id: Option<CompanyId>,
}

/// An account (a node of the tree) as the provider reports it (A2, A3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub company_id: String,
    pub parent_company_id: Option<String>,
    /// 0 for the main account, at most 2.
    pub depth: u8,
    pub names: String,
    pub document_number: Option<String>,
    pub webhooks: Vec<String>,
    /// Registered at sign-up; not editable through the API.
    pub email: Option<String>,
    /// Registered at sign-up; not editable through the API.
    pub phone: Option<String>,
    /// Accounts become active when they first obtain a key.
    pub active: bool,
}

/// A3: change company data. Only `names`, `documentNumber` and `webhooks`
/// can change; `email` and `phone` exist so a form or CLI that sends them
/// gets the reason they are locked instead of a provider error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct AccountUpdateInput {
    /// The account (default: the connection's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(value_name = "COMPANY_ID"))]
    pub company_id: Option<CompanyId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub names: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub document_number: Option<String>,
    /// Replaces the whole list when present (`[]` clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long = "webhook", value_name = "URL"))]
    pub webhooks: Option<Vec<String>>,
    /// Always refused: [`EMAIL_PHONE_LOCKED`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub email: Option<String>,
    /// Always refused: [`EMAIL_PHONE_LOCKED`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub phone: Option<String>,
}

impl AccountUpdateInput {
    pub fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        check_optional(&mut errs, "names", &self.names, NAMES_MAX);
        check_optional(
            &mut errs,
            "documentNumber",
            &self.document_number,
            DOCUMENT_MAX,
        );
        if let Some(h) = &self.webhooks {
            check_webhooks(&mut errs, "webhooks", h);
        }
        if self.email.is_some() {
            add_field_error(&mut errs, "email", not_editable());
        }
        if self.phone.is_some() {
            add_field_error(&mut errs, "phone", not_editable());
        }
        if errs.is_empty()
            && self.names.is_none()
            && self.document_number.is_none()
            && self.webhooks.is_none()
        {
            let e = FieldError::new(
                "account_nothing_to_change",
                "nothing to change: give names, a document number or webhooks",
            );
            add_field_error(&mut errs, "names", e);
        }
        finish(errs)
    }
}

// ---------------------------------------------------------------- sub-accounts

/// A4: create a sub-account under `parentCompanyId` (`None`: the caller).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SubAccountCreateInput {
    /// The parent (default: the connection's own account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long = "parent", value_name = "COMPANY_ID"))]
    pub parent_company_id: Option<CompanyId>,
    #[cfg_attr(feature = "cli", arg(long))]
    pub names: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub document_number: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(long = "webhook", value_name = "URL"))]
    pub webhooks: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub phone: Option<String>,
}

impl SubAccountCreateInput {
    /// The checks that need no tree.
    pub fn validate(&self) -> Result<()> {
        finish(self.field_errors())
    }

    fn field_errors(&self) -> FieldErrors {
        let mut errs = FieldErrors::new();
        validate::required_text(&mut errs, "names", &self.names, NAMES_MAX);
        check_optional(
            &mut errs,
            "documentNumber",
            &self.document_number,
            DOCUMENT_MAX,
        );
        check_webhooks(&mut errs, "webhooks", &self.webhooks);
        if let Some(e) = &self.email {
            validate::email(&mut errs, "email", e);
        }
        if let Some(p) = &self.phone {
            validate::phone(&mut errs, "phone", p);
        }
        errs
    }

    /// Every check, with the tree as far as it is known: the parent must be
    /// above depth 2 and have a free child slot (C for the root, G below).
    /// `caller` is the connection's own company ID (the parent when none is
    /// given). A parent the tree doesn't know is left to the provider.
    pub fn validate_in(&self, tree: &AccountTree, caller: Option<&str>) -> Result<()> {
        let mut errs = self.field_errors();
        if errs.is_empty() {
            let parent = self.parent_company_id.as_deref().or(caller);
            if let Some(Err(e)) = parent.map(|p| tree.check_new_child(p)) {
                add_field_error(&mut errs, "parentCompanyId", e);
            }
        }
        finish(errs)
    }
}

/// The new sub-account's credentials, returned once by A4. Never serialized
/// (no IPC reply, history row or log carries them): the
/// `subaccount.create` operation moves them into a new connection's keychain
/// entry. `Debug` redacts the password.
#[derive(Clone, PartialEq)]
pub struct SubAccountCredentials {
    pub user: String,
    pub password: SecretString,
}

impl std::fmt::Debug for SubAccountCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubAccountCredentials")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A4's result as the UI and history see it: the new node and the
/// connection that holds its credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubAccountCreated {
    pub company_id: String,
    pub parent_company_id: String,
    pub names: String,
    /// `false` until the sub-account requests its first key.
    pub active: bool,
    /// The connection its credentials were stored in (empty until stored).
    pub connection_id: String,
    pub connection_name: String,
}

/// What the adapter returns for A4: the node, and the one-time credentials
/// the operation stores.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSubAccount {
    pub created: SubAccountCreated,
    pub credentials: SubAccountCredentials,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use time::Duration;

    const NOW: OffsetDateTime = datetime!(2026-12-01 12:00 UTC);

    fn ips(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn key_info(allowed: &[&str]) -> KeyInfo {
        KeyInfo {
            last4: "3265".into(),
            created_at: NOW - Duration::days(10),
            expires_at: NOW + Duration::days(80),
            allowed_ips: ips(allowed),
            previous_key_last4: None,
            previous_key_expires_at: None,
            session_only: false,
        }
    }

    fn fields(e: Error) -> FieldErrors {
        assert_eq!(e.code, ventanilla_core::ErrorCode::Validation);
        e.fields.unwrap_or_default()
    }

    #[test]
    fn a_first_key_needs_one_to_three_ips() {
        let none = KeyRequestInput::default();
        assert!(
            none.validate_at(NOW).is_ok(),
            "context-free check allows none"
        );
        let f = fields(none.validate_for(None, NOW).unwrap_err());
        assert_eq!(f["allowedIps"].code, "ip_required_first_key", "{f:?}");
        let one = KeyRequestInput {
            allowed_ips: ips(&["203.0.113.7"]),
            ..Default::default()
        };
        let (sent, exp) = one.validate_for(None, NOW).unwrap();
        assert_eq!(sent, vec!["203.0.113.7".parse::<IpAddr>().unwrap()]);
        assert_eq!(exp, None);
        let four = KeyRequestInput {
            allowed_ips: ips(&["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4"]),
            ..Default::default()
        };
        let f = fields(four.validate().unwrap_err());
        assert_eq!(
            (
                f["allowedIps"].code.as_str(),
                &f["allowedIps"].params["count"]
            ),
            ("ip_count", &4.into())
        );
        let bad = KeyRequestInput {
            allowed_ips: ips(&["10.0.0.300"]),
            ..Default::default()
        };
        assert_eq!(
            fields(bad.validate().unwrap_err())["allowedIps"].code,
            "ip_invalid"
        );
    }

    #[test]
    fn a_rotation_without_ips_inherits_the_previous_list() {
        let prev = key_info(&["10.0.0.1", "2001:db8::5"]);
        let (sent, _) = KeyRequestInput::default()
            .validate_for(Some(&prev), NOW)
            .unwrap();
        assert_eq!(
            sent.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
            ["10.0.0.1", "2001:db8::5"]
        );
        // New IPs replace the old ones.
        let input = KeyRequestInput {
            allowed_ips: ips(&["192.0.2.1"]),
            expire_previous_at: Some("now".into()),
        };
        let (sent, exp) = input.validate_for(Some(&prev), NOW).unwrap();
        assert_eq!(sent.len(), 1);
        assert_eq!(exp, Some(PreviousExpiry::Now));
        // Nothing to inherit.
        let e = KeyRequestInput::default()
            .validate_for(Some(&key_info(&[])), NOW)
            .unwrap_err();
        assert_eq!(fields(e)["allowedIps"].code, "ip_list_unknown");
    }

    #[test]
    fn the_old_keys_expiry_is_at_most_24_hours_away_and_needs_an_old_key() {
        let prev = key_info(&["10.0.0.1"]);
        let at = |s: &str| KeyRequestInput {
            allowed_ips: vec![],
            expire_previous_at: Some(s.into()),
        };
        assert!(at("2026-12-02T12:00:00Z")
            .validate_for(Some(&prev), NOW)
            .is_ok());
        let f = fields(at("2026-12-02T12:00:01Z").validate_at(NOW).unwrap_err());
        assert_eq!(f["expirePreviousAt"].code, "previous_expiry_too_late");
        assert_eq!(f["expirePreviousAt"].params["hours"], 24);
        let f = fields(at("next week").validate_at(NOW).unwrap_err());
        assert_eq!(f["expirePreviousAt"].code, "previous_expiry_format");
        let first = KeyRequestInput {
            allowed_ips: ips(&["10.0.0.1"]),
            expire_previous_at: Some("now".into()),
        };
        assert_eq!(
            fields(first.validate_for(None, NOW).unwrap_err())["expirePreviousAt"].code,
            "no_previous_key"
        );
        // Blank means "not given".
        assert!(at(" ").validate_for(Some(&prev), NOW).is_ok());
    }

    #[test]
    fn email_and_phone_are_locked_with_the_reason() {
        let input = AccountUpdateInput {
            names: Some("Nueva Razón Social".into()),
            email: Some("otra@ejemplo.mx".into()),
            phone: Some("+52 55 0000 0000".into()),
            ..Default::default()
        };
        let f = fields(input.validate().unwrap_err());
        assert_eq!(f["email"], not_editable());
        assert_eq!(f["phone"], not_editable());
        assert!(!f.contains_key("names"));
    }

    #[test]
    fn an_update_must_change_something_valid() {
        assert_eq!(
            fields(AccountUpdateInput::default().validate().unwrap_err())["names"].code,
            "account_nothing_to_change"
        );
        let ok = AccountUpdateInput {
            company_id: Some("UDT-1001".parse().unwrap()),
            webhooks: Some(vec!["https://hooks.ejemplo.mx/udt".into()]),
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
        let bad = AccountUpdateInput {
            names: Some(" ".into()),
            webhooks: Some(vec!["ftp://x".into()]),
            ..Default::default()
        };
        let f = fields(bad.validate().unwrap_err());
        let codes: Vec<(&str, &str)> = f
            .iter()
            .map(|(k, e)| (k.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(codes, [("names", "blank"), ("webhooks", "webhook_invalid")]);
        assert_eq!(f["webhooks"].params["index"], 1);
        assert_eq!(f["webhooks"].params["reason"], "url_scheme");
        // A company ID is checked once, when parsed (JSON or command line).
        for bad in ["a b", "../admin", "..", ""] {
            let e = bad.parse::<CompanyId>().unwrap_err();
            assert_eq!(e.code, "company_id_format", "{bad:?}");
            let json = serde_json::json!({ "companyId": bad });
            assert!(serde_json::from_value::<AccountGetInput>(json).is_err());
        }
        assert_eq!(" UDT-1001 ".parse::<CompanyId>().unwrap(), "UDT-1001");
    }

    #[test]
    fn sub_account_fields() {
        let ok = SubAccountCreateInput {
            names: "Sucursal Puebla".into(),
            email: Some("puebla@ejemplo.mx".into()),
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
        let bad = SubAccountCreateInput {
            names: "".into(),
            email: Some("no-es-correo".into()),
            phone: Some("12".into()),
            ..Default::default()
        };
        let f = fields(bad.validate().unwrap_err());
        let codes: Vec<(&str, &str)> = f
            .iter()
            .map(|(k, e)| (k.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("email", "invalid_email"),
                ("names", "blank"),
                ("phone", "invalid_phone")
            ]
        );
    }

    #[test]
    fn credentials_never_serialize_and_debug_redacts_them() {
        let new = NewSubAccount {
            created: SubAccountCreated {
                company_id: "UDT-1009".into(),
                parent_company_id: "UDT-1001".into(),
                names: "Sucursal Puebla".into(),
                active: false,
                connection_id: "c-1".into(),
                connection_name: "Sucursal Puebla".into(),
            },
            credentials: SubAccountCredentials {
                user: "udt-1009".into(),
                password: SecretString::new("s3creto-Puebla"),
            },
        };
        assert!(!format!("{new:?}").contains("s3creto"));
        let json = serde_json::to_string(&new.created).unwrap();
        assert!(
            !json.contains("s3creto") && !json.contains("udt-1009"),
            "{json}"
        );
    }

    #[cfg(feature = "cli")]
    #[test]
    fn inputs_parse_from_the_command_line_of_issue_8() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cmd<T: clap::Args> {
            #[command(flatten)]
            input: T,
        }
        let k = Cmd::<KeyRequestInput>::try_parse_from([
            "x",
            "--ip",
            "10.0.0.1",
            "--ip",
            "::1",
            "--expire-previous-at",
            "now",
        ])
        .unwrap()
        .input;
        assert_eq!(k.allowed_ips, ["10.0.0.1", "::1"]);
        assert_eq!(k.expire_previous_at.as_deref(), Some("now"));
        let u = Cmd::<AccountUpdateInput>::try_parse_from([
            "x",
            "UDT-1002",
            "--names",
            "N",
            "--webhook",
            "https://a.mx",
            "--webhook",
            "https://b.mx",
        ])
        .unwrap()
        .input;
        assert_eq!(u.company_id.as_deref(), Some("UDT-1002"));
        assert_eq!(u.webhooks.unwrap().len(), 2);
        let g = Cmd::<AccountGetInput>::try_parse_from(["x"]).unwrap().input;
        assert_eq!(g.company_id, None);
        let c = Cmd::<SubAccountCreateInput>::try_parse_from([
            "x", "--parent", "UDT-1001", "--names", "Sucursal",
        ])
        .unwrap()
        .input;
        assert_eq!(
            (c.parent_company_id.as_deref(), c.names.as_str()),
            (Some("UDT-1001"), "Sucursal")
        );
    }

    #[test]
    fn typescript_declarations_carry_no_secret() {
        use ts_rs::{Config, TS};
        let cfg = Config::new();
        let issued = IssuedKey::decl(&cfg);
        assert!(!issued.contains("apiKey"), "{issued}");
        assert!(KeyInfo::decl(&cfg).contains("previousKeyExpiresAt?: string"));
        assert!(!SubAccountCreated::decl(&cfg).contains("password"));
        for d in [
            KeyRequestInput::decl(&cfg),
            AccountGetInput::decl(&cfg),
            AccountUpdateInput::decl(&cfg),
            SubAccountCreateInput::decl(&cfg),
            Account::decl(&cfg),
            SubAccountCreated::decl(&cfg),
            crate::tree::TreeNodeView::decl(&cfg),
            crate::rules::ExpiryLevel::decl(&cfg),
        ] {
            assert!(d.starts_with("type "), "{d}");
        }
    }

    #[test]
    fn an_issued_key_serializes_without_the_key() {
        let k = IssuedKey {
            api_key: SecretString::new("fb2992d3-5cf2-4177-8433-173bf3a63265"),
            company_id: "UDT-1001".into(),
            key: key_info(&["10.0.0.1"]),
        };
        let json = serde_json::to_string(&k).unwrap();
        assert!(
            !json.contains("fb2992d3") && json.contains("\"last4\":\"3265\""),
            "{json}"
        );
        assert!(!format!("{k:?}").contains("fb2992d3"));
        assert_eq!(k.key.expiry_level(NOW), ExpiryLevel::Ok);
        assert_eq!(k.key.days_left(NOW), 80);
        assert_eq!(k.key.days_left(NOW + Duration::days(81)), -1);
        assert_eq!(
            k.key.expiry_level(NOW + Duration::days(79)),
            ExpiryLevel::Urgent
        );
    }
}
