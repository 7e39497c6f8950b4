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

/// Field name → what is wrong with it (several messages joined with "; ").
pub type FieldErrors = BTreeMap<String, String>;

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
            Some((field, msg)) if n == 1 => format!("{field}: {msg}"),
            _ => format!("{n} fields need attention"),
        };
        Error::new(ErrorCode::Validation, message).with_fields(fields)
    }

    /// A single-field validation error.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::new();
        f.insert(field.to_string(), message.into());
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
        let e = Error::invalid("email", "is not a valid e-mail address");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "VALIDATION");
        assert_eq!(v["fields"]["email"], "is not a valid e-mail address");
        assert_eq!(v["retryable"], false);
        assert_eq!(v["message"], "email: is not a valid e-mail address");
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
