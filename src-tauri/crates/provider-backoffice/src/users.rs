//! Users and tickets: the MLM back-office kind of work (users, sponsor trees,
//! wallets, support tickets and their threads), as BackOffice has it. Its
//! operations (`crate::ops`) take and return these.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::id::PositiveId;
use ventanilla_core::validate;
use ventanilla_core::{Error, Result, SecretString};

/// A provider's plain acknowledgement (`{"message": "..."}`): writes return no id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Ack {
    pub message: String,
}

/// Who the connection is logged in as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    #[ts(type = "number")]
    pub user_id: u64,
    pub username: String,
    pub sponsor: String,
    pub referral_link: String,
    /// As the provider wrote it ("MM-DD-YYYY HH:mm", UTC).
    pub expires: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The id it was fetched by (the provider's reply does not repeat it).
    #[ts(type = "number")]
    pub id: u64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub country_code: String,
    pub mobile: String,
    pub default_leg: String,
    pub language: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_image: Option<String>,
    pub matrix_on: bool,
    /// Edits need an e-mailed security token.
    pub request_token_on_edit: bool,
}

/// An entry of a provider catalog: legs, locales, countries, cash-out currencies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CatalogEntry {
    pub id: String,
    pub name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// On the command line: `legs`, `locales`, `countries`, `cashout-currencies`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Catalog {
    Legs,
    Locales,
    Countries,
    #[cfg_attr(feature = "cli", value(alias = "cashout_currencies"))]
    CashoutCurrencies,
}

impl Catalog {
    /// Its name as the UI and history spell it (`cashout_currencies`).
    pub fn name(self) -> &'static str {
        match self {
            Catalog::Legs => "legs",
            Catalog::Locales => "locales",
            Catalog::Countries => "countries",
            Catalog::CashoutCurrencies => "cashout_currencies",
        }
    }
}

/// A new user. Every field is required by the provider. The password is
/// never serialized; the CLI reads it from stdin.
#[derive(Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    /// Username of the sponsor the user hangs under.
    #[cfg_attr(feature = "cli", arg(long))]
    pub sponsor: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub first_name: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub last_name: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub email: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub user_name: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub mobile: String,
    /// Secret: read from stdin by the CLI, never a flag.
    #[serde(skip_serializing)]
    #[cfg_attr(feature = "cli", arg(skip))]
    pub password: SecretString,
    #[cfg_attr(feature = "cli", arg(long))]
    pub country_code: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("user_name", &self.user_name)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

pub const MAX_NAME: usize = 100;
pub const MAX_USERNAME: usize = 50;
pub const MIN_PASSWORD: usize = 6;
pub const MAX_PASSWORD: usize = 128;

fn username(errs: &mut FieldErrors, field: &str, v: &str) {
    validate::required_text(errs, field, v, MAX_USERNAME);
    if !errs.contains_key(field)
        && !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        let e = FieldError::new(
            "username_chars",
            "may only contain letters, digits, '.', '_' and '-'",
        );
        add_field_error(errs, field, e);
    }
}

fn password(errs: &mut FieldErrors, field: &str, v: &SecretString) {
    let n = v.expose().chars().count();
    if v.is_blank() {
        add_field_error(errs, field, validate::blank());
    } else if !(MIN_PASSWORD..=MAX_PASSWORD).contains(&n) {
        let e = FieldError::new(
            "length_between",
            format!("must be {MIN_PASSWORD} to {MAX_PASSWORD} characters"),
        )
        .param("min", MIN_PASSWORD)
        .param("max", MAX_PASSWORD);
        add_field_error(errs, field, e);
    }
}

pub(crate) fn done(errs: FieldErrors) -> Result<()> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(errs))
    }
}

impl NewUser {
    /// Field names are the provider's (`user_name`, `country_code`, ...), so the
    /// UI can place our errors and the provider's under the same inputs.
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        username(&mut e, "sponsor", &self.sponsor);
        validate::required_text(&mut e, "first_name", &self.first_name, MAX_NAME);
        validate::required_text(&mut e, "last_name", &self.last_name, MAX_NAME);
        validate::email(&mut e, "email", &self.email);
        username(&mut e, "user_name", &self.user_name);
        validate::phone(&mut e, "mobile", &self.mobile);
        password(&mut e, "password", &self.password);
        validate::country_code(&mut e, "country_code", &self.country_code);
        done(e)
    }
}

/// A partial edit of a user: only the fields that are `Some` are sent.
/// The password and token are never serialized; the CLI reads them from stdin.
#[derive(Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase", default)]
pub struct UserEdit {
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A locale id from the `locales` catalog (sent as `language` and `locale`).
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// A leg id from the `legs` catalog.
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_leg: Option<String>,
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Secret: read from stdin by the CLI.
    #[ts(optional, as = "Option<String>")]
    #[serde(skip_serializing)]
    #[cfg_attr(feature = "cli", arg(skip))]
    pub password: Option<SecretString>,
    /// A local image file; streamed from disk, never through the webview.
    /// The `user.edit` operation refuses it here and takes a file
    /// reference (`profileImage`) instead, resolved by its host.
    #[ts(optional, as = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "cli", arg(skip))]
    pub profile_image: Option<PathBuf>,
    /// The e-mailed security token, when the provider demands one.
    /// Secret: read from stdin by the CLI.
    #[ts(optional)]
    #[serde(skip_serializing)]
    #[cfg_attr(feature = "cli", arg(skip))]
    pub token: Option<String>,
}

impl std::fmt::Debug for UserEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserEdit")
            .field("changed", &self.changed_fields())
            .finish()
    }
}

pub const PROFILE_IMAGE_TYPES: &[&str] = &["jpg", "jpeg", "png", "gif", "webp"];
pub const MAX_PROFILE_IMAGE_BYTES: u64 = 10 * 1024 * 1024;

impl UserEdit {
    /// Names of the fields this edit changes (never their values).
    pub fn changed_fields(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let mut add = |on: bool, name| {
            if on {
                v.push(name)
            }
        };
        add(self.first_name.is_some(), "first_name");
        add(self.last_name.is_some(), "last_name");
        add(self.email.is_some(), "email");
        add(self.language.is_some(), "language");
        add(self.mobile.is_some(), "mobile");
        add(self.default_leg.is_some(), "default_leg");
        add(self.country_code.is_some(), "country_code");
        add(self.password.is_some(), "password");
        add(self.profile_image.is_some(), "profile_image");
        v
    }

    pub fn validate(&self) -> Result<()> {
        let mut e = self.field_errors(false);
        if let Some(p) = &self.profile_image {
            if let Err(err) = check_image(p) {
                add_field_error(&mut e, "profile_image", err);
            }
        }
        done(e)
    }

    /// Every check but the image file's; `image_elsewhere`: a picture comes
    /// by reference (so the edit is not empty).
    pub fn field_errors(&self, image_elsewhere: bool) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.changed_fields().is_empty() && !image_elsewhere {
            let nothing = FieldError::new("nothing_to_change", "nothing to change");
            add_field_error(&mut e, "edit", nothing);
        }
        if let Some(v) = &self.first_name {
            validate::required_text(&mut e, "first_name", v, MAX_NAME);
        }
        if let Some(v) = &self.last_name {
            validate::required_text(&mut e, "last_name", v, MAX_NAME);
        }
        if let Some(v) = &self.email {
            validate::email(&mut e, "email", v);
        }
        if let Some(v) = &self.language {
            validate::required_text(&mut e, "language", v, 10);
        }
        if let Some(v) = &self.mobile {
            validate::phone(&mut e, "mobile", v);
        }
        if let Some(v) = &self.default_leg {
            validate::required_text(&mut e, "default_leg", v, 30);
        }
        if let Some(v) = &self.country_code {
            validate::country_code(&mut e, "country_code", v);
        }
        if let Some(v) = &self.password {
            password(&mut e, "password", v);
        }
        if let Some(v) = &self.token {
            validate::required_text(&mut e, "token", v, 200);
        }
        e
    }
}

/// An image the provider will accept: a readable, non-empty file of a known
/// image type, at most [`MAX_PROFILE_IMAGE_BYTES`].
pub fn check_image(p: &std::path::Path) -> std::result::Result<(), FieldError> {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !PROFILE_IMAGE_TYPES.contains(&ext.as_str()) {
        return Err(validate::file_type(PROFILE_IMAGE_TYPES, &ext, ""));
    }
    let size = validate::readable_file(p)?;
    if size > MAX_PROFILE_IMAGE_BYTES {
        let max_mib = MAX_PROFILE_IMAGE_BYTES / 1024 / 1024;
        return Err(FieldError::new(
            "file_too_large",
            format!("is too large ({size} bytes; max {max_mib} MiB)"),
        )
        .param("size", size)
        .param("max_mib", max_mib));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WalletBalance {
    /// Position in the dashboard, 1-based: the provider gives wallets no id.
    pub wallet_id: u32,
    pub name: String,
    /// Decimal string as the provider sent it.
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PopularCountry {
    pub country: String,
    #[ts(type = "number")]
    pub number: i64,
    pub image: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub wallets: Vec<WalletBalance>,
    pub matrix_dimensions: String,
    pub permanent_missing: String,
    pub temporal_missing: String,
    #[ts(type = "unknown")]
    pub matrix_pending_directs: serde_json::Value,
    pub growth_dates: Vec<String>,
    #[ts(type = "number[]")]
    pub growth_users: Vec<i64>,
    #[ts(type = "unknown[]")]
    pub top_leaders: Vec<serde_json::Value>,
    #[ts(type = "unknown[]")]
    pub traffic_funnel: Vec<serde_json::Value>,
    #[ts(type = "unknown[]")]
    pub efficiency_funnel: Vec<serde_json::Value>,
    pub popular_countries: Vec<PopularCountry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Notice {
    #[ts(type = "number")]
    pub id: u64,
    pub title: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Notices {
    pub general: Vec<Notice>,
    pub user: Vec<Notice>,
    pub plan: Vec<Notice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Plan {
    #[ts(type = "number")]
    pub id: u64,
    pub plan: String,
    pub image: String,
    pub price: f64,
    pub currency: String,
}

/// A member of the unilevel team tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    #[ts(type = "number")]
    pub id: u64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub level: u32,
    pub plan: String,
    pub image_url: String,
    pub children: Vec<TeamMember>,
}

/// A node of the ternary matrix tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MatrixNode {
    #[ts(type = "number")]
    pub id: u64,
    pub username: String,
    pub plan: String,
    pub image: String,
    pub level: u32,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<Box<MatrixNode>>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center: Option<Box<MatrixNode>>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<Box<MatrixNode>>,
    pub last_node: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ResourceCategory {
    #[ts(type = "number")]
    pub id: u64,
    pub title: String,
    /// A Font Awesome class name.
    pub icon: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Resource {
    #[ts(type = "number")]
    pub id: u64,
    pub title: String,
    pub description: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    #[ts(type = "number")]
    pub id: u64,
    pub subject: String,
    /// ISO 8601 with offset, as the provider sent it.
    pub created_at: String,
    pub status: String,
}

pub const MAX_SUBJECT: usize = 200;
pub const MAX_COMMENT: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct NewTicket {
    #[cfg_attr(feature = "cli", arg(long = "user"))]
    pub user_id: PositiveId,
    #[cfg_attr(feature = "cli", arg(long))]
    pub subject: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub comment: String,
}

impl NewTicket {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        validate::required_text(&mut e, "subject", &self.subject, MAX_SUBJECT);
        validate::required_text(&mut e, "comment", &self.comment, MAX_COMMENT);
        done(e)
    }
}

/// One message of a ticket's thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ThreadMessage {
    #[ts(type = "number")]
    pub id: u64,
    /// The provider's HTML, sanitized: no scripts, styles, event handlers or
    /// remote resources survive. Safe to render.
    pub content_html: String,
    /// The same content as plain text.
    pub content_text: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct NewThreadMessage {
    #[cfg_attr(feature = "cli", arg(long = "ticket"))]
    pub ticket_id: PositiveId,
    #[cfg_attr(feature = "cli", arg(long))]
    pub content: String,
}

impl NewThreadMessage {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        validate::required_text(&mut e, "content", &self.content, MAX_COMMENT);
        done(e)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WalletTransaction {
    #[ts(type = "number")]
    pub id: u64,
    /// Decimal string; negative for debits.
    pub amount: String,
    pub balance: String,
    pub description: String,
    pub date: String,
}

/// Wallet transactions come 30 to a page.
pub const WALLET_PAGE_SIZE: usize = 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WalletPage {
    pub transactions: Vec<WalletTransaction>,
    pub total_pages: u32,
    pub current_page: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct WalletQuery {
    #[cfg_attr(feature = "cli", arg(long = "wallet"))]
    pub wallet_id: u32,
    #[cfg_attr(feature = "cli", arg(long = "user"))]
    pub user_id: PositiveId,
    /// 1-based; 30 transactions a page.
    #[cfg_attr(feature = "cli", arg(long, default_value_t = 1))]
    pub page: u32,
}

impl WalletQuery {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        if self.wallet_id == 0 {
            add_field_error(&mut e, "wallet_id", validate::positive_number());
        }
        if self.page == 0 {
            let e1 = FieldError::new("at_least", "must be 1 or more").param("min", 1);
            add_field_error(&mut e, "page", e1);
        }
        done(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank_user() -> NewUser {
        NewUser {
            sponsor: "".into(),
            first_name: " ".into(),
            last_name: "".into(),
            email: "".into(),
            user_name: "".into(),
            mobile: "".into(),
            password: SecretString::new(""),
            country_code: "".into(),
        }
    }

    #[test]
    fn blank_new_user_reports_every_field() {
        let e = blank_user().validate().unwrap_err();
        let f = e.fields.unwrap();
        for k in [
            "sponsor",
            "first_name",
            "last_name",
            "email",
            "user_name",
            "mobile",
            "password",
            "country_code",
        ] {
            assert_eq!(f[k].code, "blank", "{k}");
        }
    }

    #[test]
    fn new_user_debug_hides_password() {
        let mut u = blank_user();
        u.password = SecretString::new("abcd1234");
        assert!(!format!("{u:?}").contains("abcd1234"));
    }

    #[test]
    fn empty_edit_is_refused() {
        let e = UserEdit::default().validate().unwrap_err();
        assert_eq!(e.fields.unwrap()["edit"].code, "nothing_to_change");
    }

    #[test]
    fn profile_image_must_be_a_readable_nonempty_image() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("notes.txt");
        std::fs::write(&txt, "x").unwrap();
        let empty = dir.path().join("empty.png");
        std::fs::write(&empty, "").unwrap();
        let ok = dir.path().join("me.JPG");
        std::fs::write(&ok, [0xff, 0xd8, 0xff]).unwrap();
        let missing = dir.path().join("gone.png");
        for (p, expect) in [
            (&txt, "file_type"),
            (&empty, "file_empty"),
            (&missing, "file_unreadable"),
        ] {
            let edit = UserEdit {
                profile_image: Some(p.clone()),
                ..Default::default()
            };
            let e = edit.validate().unwrap_err().fields.unwrap()["profile_image"].clone();
            assert_eq!(e.code, expect, "{e}");
        }
        UserEdit {
            profile_image: Some(ok),
            ..Default::default()
        }
        .validate()
        .unwrap();
    }

    #[test]
    fn ticket_and_reply_limits() {
        // A user id of 0 cannot even be parsed (PositiveId).
        let zero = serde_json::json!({"userId": 0, "subject": "s", "comment": "c"});
        assert!(serde_json::from_value::<NewTicket>(zero).is_err());
        let t = NewTicket {
            user_id: PositiveId::new(1).unwrap(),
            subject: "x".repeat(MAX_SUBJECT + 1),
            comment: "ok".into(),
        };
        let f = t.validate().unwrap_err().fields.unwrap();
        assert!(f.contains_key("subject") && !f.contains_key("comment"));
        let r = NewThreadMessage {
            ticket_id: PositiveId::new(3).unwrap(),
            content: "   ".into(),
        };
        assert_eq!(
            r.validate().unwrap_err().fields.unwrap()["content"].code,
            "blank"
        );
    }

    #[test]
    fn wallet_pages_start_at_one() {
        let q = WalletQuery {
            wallet_id: 1,
            user_id: PositiveId::new(7).unwrap(),
            page: 0,
        };
        assert!(q
            .validate()
            .unwrap_err()
            .fields
            .unwrap()
            .contains_key("page"));
    }
}
