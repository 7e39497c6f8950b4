//! The error that crosses every boundary: adapter → service → IPC → UI.
//!
//! `code` is stable and the UI branches on it (and shows a localized "what to
//! do" for it); `message` is human text that never contains a secret; `fields`
//! maps input field names to what is wrong with them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable error identifiers. Serialized as UPPER_SNAKE strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// Input rejected before anything was sent; see `fields`.
    Validation,
    /// The provider rejected the data (its own validation); see `fields`.
    ProviderRejected,
    /// The requested object does not exist at the provider.
    NotFound,
    /// The provider refused the API key.
    InvalidApiKey,
    /// The provider refused the username/password.
    InvalidCredentials,
    /// The session token was refused and logging in again did not help.
    Unauthorized,
    /// The provider demands an e-mailed security token for this change.
    SecurityTokenRequired,
    /// The provider failed (5xx) or answered something we cannot use.
    ProviderError,
    /// The provider's answer was not the documented shape.
    MalformedResponse,
    /// The provider could not be reached.
    Network,
    /// The provider did not answer in time.
    Timeout,
    /// A write failed after its request may have reached the provider: it may
    /// have been applied. Never retried automatically; check before retrying.
    OutcomeUnknown,
    /// The provider's reply was larger than Ventanilla accepts.
    ResponseTooLarge,
    /// The provider answered with a redirect, which Ventanilla does not follow
    /// (it would carry credentials to wherever it points).
    Redirect,
    /// No OS keychain (Secret Service, Keychain, Credential Manager) to store secrets in.
    KeychainUnavailable,
    /// The connection has no stored secret (e.g. keychain entry deleted outside the app).
    SecretMissing,
    /// No connection with that name or id.
    ConnectionNotFound,
    /// A connection with that name already exists.
    ConnectionExists,
    /// The local database failed.
    Storage,
    /// A local file could not be read or written.
    Io,
    /// The user cancelled.
    Cancelled,
    /// A bug: something that should not happen did.
    Internal,
}

impl ErrorCode {
    /// Whether trying the same thing again later may succeed.
    pub fn retryable(self) -> bool {
        matches!(
            self,
            ErrorCode::Network | ErrorCode::Timeout | ErrorCode::ProviderError | ErrorCode::Storage
        )
    }

    /// The UPPER_SNAKE name, as it crosses IPC and lands in history.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "VALIDATION",
            ErrorCode::ProviderRejected => "PROVIDER_REJECTED",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::InvalidApiKey => "INVALID_API_KEY",
            ErrorCode::InvalidCredentials => "INVALID_CREDENTIALS",
            ErrorCode::Unauthorized => "UNAUTHORIZED",
            ErrorCode::SecurityTokenRequired => "SECURITY_TOKEN_REQUIRED",
            ErrorCode::ProviderError => "PROVIDER_ERROR",
            ErrorCode::MalformedResponse => "MALFORMED_RESPONSE",
            ErrorCode::Network => "NETWORK",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::OutcomeUnknown => "OUTCOME_UNKNOWN",
            ErrorCode::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            ErrorCode::Redirect => "REDIRECT",
            ErrorCode::KeychainUnavailable => "KEYCHAIN_UNAVAILABLE",
            ErrorCode::SecretMissing => "SECRET_MISSING",
            ErrorCode::ConnectionNotFound => "CONNECTION_NOT_FOUND",
            ErrorCode::ConnectionExists => "CONNECTION_EXISTS",
            ErrorCode::Storage => "STORAGE",
            ErrorCode::Io => "IO",
            ErrorCode::Cancelled => "CANCELLED",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The parameters of a coded message (`{"max": 255, "count": 300}`): what the
/// UI interpolates into its own text for the code.
pub type Params = BTreeMap<String, serde_json::Value>;

/// What is wrong with one field, or why an action is not available: a stable
/// snake_case `code` the UI translates (`blank`, `too_long`, `invalid_email`,
/// `taken`), its `params`, and the English `message` (what the CLI, logs and
/// an untranslated code show).
///
/// Every message Ventanilla writes itself has its own code. The code
/// [`PROVIDER_TEXT`] (`"invalid"`) marks text a provider replied with, word for
/// word, that its crate has no code for: the UI shows that text as it came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldError {
    pub code: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, type = "Record<string, string | number | boolean>")]
    pub params: Params,
    pub message: String,
}

/// Rewrites the text values of `params` (see [`FieldError::map_text`]).
pub fn map_params(params: &mut Params, f: impl Fn(&str) -> String) {
    for v in params.values_mut() {
        if let serde_json::Value::String(t) = v {
            *t = f(t);
        }
    }
}

/// The code of a provider's own text that has no code of ours.
pub const PROVIDER_TEXT: &str = "invalid";

impl FieldError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        FieldError {
            code: code.to_owned(),
            params: Params::new(),
            message: message.into(),
        }
    }

    /// Adds a parameter the UI interpolates (`{max}`).
    pub fn param(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.params.insert(key.to_owned(), value.into());
        self
    }

    /// A provider's reply text, verbatim, with no code of ours.
    pub fn provider_text(message: impl Into<String>) -> Self {
        FieldError::new(PROVIDER_TEXT, message)
    }

    /// Rewrites every text it carries (the message and text parameters),
    /// e.g. to redact a secret the provider echoed.
    pub fn map_text(&mut self, f: impl Fn(&str) -> String) {
        self.message = f(&self.message);
        map_params(&mut self.params, f);
    }

    /// Another problem with the same field: the first code (and its params)
    /// stays, which is what the UI translates; the English messages are
    /// joined with "; " so the CLI and logs still say everything.
    pub fn and(&mut self, other: FieldError) {
        self.message.push_str("; ");
        self.message.push_str(&other.message);
    }
}

/// Only for text a provider replied with verbatim (see [`FieldError::provider_text`]);
/// Ventanilla's own messages use [`FieldError::new`] with a code.
impl From<String> for FieldError {
    fn from(message: String) -> Self {
        FieldError::provider_text(message)
    }
}

/// See `From<String>`: provider text only.
impl From<&str> for FieldError {
    fn from(message: &str) -> Self {
        FieldError::provider_text(message)
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// So a command-line parser (clap's `FromStr` ids) can report it.
impl std::error::Error for FieldError {}

/// Field name → what is wrong with it (several problems: see [`FieldError::and`]).
pub type FieldErrors = BTreeMap<String, FieldError>;

/// Records `err` for `field`, after any problem already recorded for it.
pub fn add_field_error(errs: &mut FieldErrors, field: impl Into<String>, err: FieldError) {
    match errs.entry(field.into()) {
        std::collections::btree_map::Entry::Occupied(mut o) => o.get_mut().and(err),
        std::collections::btree_map::Entry::Vacant(v) => {
            v.insert(err);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(rename = "ApiError")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fields: Option<FieldErrors>,
    pub retryable: bool,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            fields: None,
            retryable: code.retryable(),
        }
    }

    pub fn with_fields(mut self, fields: FieldErrors) -> Self {
        self.fields = (!fields.is_empty()).then_some(fields);
        self
    }

    /// Input validation failed; nothing was sent.
    pub fn validation(fields: FieldErrors) -> Self {
        let n = fields.len();
        let message = match fields.iter().next() {
            Some((field, e)) if n == 1 => format!("{field}: {}", e.message),
            _ => format!("{n} fields need attention"),
        };
        Error::new(ErrorCode::Validation, message).with_fields(fields)
    }

    /// A single-field validation error.
    pub fn invalid(field: &str, error: impl Into<FieldError>) -> Self {
        let mut f = FieldErrors::new();
        f.insert(field.to_string(), error.into());
        Error::validation(f)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Internal, message)
    }

    pub fn io(context: &str, err: &std::io::Error) -> Self {
        Error::new(ErrorCode::Io, format!("{context}: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_the_ipc_shape() {
        let e = Error::invalid(
            "name",
            FieldError::new("too_long", "is too long (300 characters; max 255)")
                .param("count", 300)
                .param("max", 255),
        );
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "VALIDATION");
        assert_eq!(v["fields"]["name"]["code"], "too_long");
        assert_eq!(v["fields"]["name"]["params"]["max"], 255);
        assert_eq!(
            v["fields"]["name"]["message"],
            "is too long (300 characters; max 255)"
        );
        assert_eq!(v["retryable"], false);
        assert_eq!(v["message"], "name: is too long (300 characters; max 255)");
        let blank = serde_json::to_value(FieldError::new("blank", "can't be blank")).unwrap();
        assert!(blank.get("params").is_none(), "no params key when empty");
    }

    #[test]
    fn several_problems_keep_the_first_code_and_every_message() {
        let mut errs = FieldErrors::new();
        add_field_error(
            &mut errs,
            "email",
            FieldError::new("taken", "has already been taken"),
        );
        add_field_error(&mut errs, "email", FieldError::provider_text("is odd"));
        assert_eq!(errs["email"].code, "taken");
        assert_eq!(errs["email"].message, "has already been taken; is odd");
    }

    #[test]
    fn no_fields_key_when_there_are_none() {
        let v = serde_json::to_value(Error::new(ErrorCode::Timeout, "slow")).unwrap();
        assert!(v.get("fields").is_none());
        assert_eq!(v["retryable"], true);
    }

    #[test]
    fn code_names_match_serde() {
        for code in [
            ErrorCode::KeychainUnavailable,
            ErrorCode::SecurityTokenRequired,
            ErrorCode::OutcomeUnknown,
            ErrorCode::ResponseTooLarge,
            ErrorCode::Redirect,
        ] {
            let s = serde_json::to_value(code).unwrap();
            assert_eq!(s, code.as_str());
        }
    }
}
