//! Replies → the core [`Error`], through the assumed error envelope of
//! UNDOSTRES 2.5 (UNDOSTRES_ASSUMED): `{"error":{"code","message"}}`.
//! The status decides the kind; the code refines it (and names the input
//! field it concerns).

use serde_json::Value;
use ventanilla_core::error::{FieldError, FieldErrors};
use ventanilla_core::{Error, ErrorCode};

use crate::settings::Operation;
use crate::wire::{codes, ErrorEnvelope};

/// The reply's JSON when it is a success; the mapped error otherwise.
pub fn check(status: u16, body: &[u8], op: Operation) -> Result<Value, Error> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let envelope = parsed
        .as_ref()
        .and_then(|v| serde_json::from_value::<ErrorEnvelope>(v.clone()).ok());
    if (200..300).contains(&status) && envelope.is_none() {
        return parsed.ok_or_else(|| malformed(status));
    }
    let (code, message) = match envelope {
        Some(e) => (e.error.code, clean(&e.error.message)),
        None => (String::new(), String::new()),
    };
    Err(map_error(status, &code, &message, op))
}

/// Provider text, trimmed to one line of reasonable length.
fn clean(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    one.trim().to_string()
}

fn said(message: &str, fallback: &str) -> String {
    if message.is_empty() {
        fallback.to_string()
    } else {
        message.to_string()
    }
}

/// The input field a provider error code is about.
fn field_of(code: &str) -> Option<&'static str> {
    match code {
        codes::INVALID_IP | codes::TOO_MANY_IPS | codes::IPS_REQUIRED => Some("allowedIps"),
        codes::INVALID_EXPIRY => Some("expirePreviousAt"),
        codes::CHILD_LIMIT | codes::DEPTH_LIMIT => Some("parentCompanyId"),
        _ => None,
    }
}

pub fn map_error(status: u16, code: &str, message: &str, op: Operation) -> Error {
    let detail = |fallback: &str| said(message, fallback);
    match status {
        500..=599 => Error::new(
            ErrorCode::ProviderError,
            format!(
                "UnDosTres failed (HTTP {status}){}",
                if message.is_empty() {
                    String::new()
                } else {
                    format!(": {message}")
                }
            ),
        ),
        401 if op == Operation::KeyRequest => Error::new(
            ErrorCode::InvalidCredentials,
            format!(
                "UnDosTres refused the user and password: {}",
                detail("invalid credentials")
            ),
        ),
        401 if code == codes::KEY_EXPIRED => Error::new(
            ErrorCode::InvalidApiKey,
            format!(
                "The API key has expired: request a new one ({})",
                detail("expired")
            ),
        ),
        401 => Error::new(
            ErrorCode::InvalidApiKey,
            format!("UnDosTres refused the API key: {}", detail("unknown key")),
        ),
        403 if code == codes::IP_NOT_ALLOWED => Error::new(
            ErrorCode::InvalidApiKey,
            format!(
                "This computer's IP address is not in the API key's allow-list (only UnDosTres support can change it, or request a new key with this IP): {}",
                detail("IP not allowed")
            ),
        ),
        403 => Error::new(
            ErrorCode::Unauthorized,
            format!(
                "This account may not act on that company (only on itself and its sub-accounts): {}",
                detail("forbidden")
            ),
        ),
        404 => Error::new(
            ErrorCode::NotFound,
            format!("UnDosTres has no such account: {}", detail("not found")),
        ),
        400 | 409 | 422 => {
            let text = detail("the data was refused");
            // The reply envelope is assumed (UNDOSTRES 2.5), so its words stay the
            // provider's text (code `invalid`), shown as they came.
            let mut fields = FieldErrors::new();
            if code == codes::FIELD_NOT_UPDATABLE {
                let f = if message.to_lowercase().contains("phone") {
                    "phone"
                } else {
                    "email"
                };
                fields.insert(f.into(), FieldError::provider_text(text.as_str()));
            } else if let Some(f) = field_of(code) {
                fields.insert(f.into(), FieldError::provider_text(text.as_str()));
            }
            Error::new(
                ErrorCode::ProviderRejected,
                format!("UnDosTres refused the request: {text}"),
            )
            .with_fields(fields)
        }
        _ => Error::new(
            if (200..300).contains(&status) {
                ErrorCode::ProviderRejected
            } else {
                ErrorCode::ProviderError
            },
            format!(
                "UnDosTres answered HTTP {status}: {}",
                detail("without an explanation")
            ),
        ),
    }
}

pub fn malformed(status: u16) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!("UnDosTres answered something that is not the expected JSON (HTTP {status})"),
    )
}

/// A reply that parsed as JSON but not as the expected success type.
pub fn unexpected_shape(what: &str, err: &serde_json::Error) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!("UnDosTres's {what} reply is not the expected shape: {err}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn env(code: &str, msg: &str) -> Vec<u8> {
        serde_json::json!({"error": {"code": code, "message": msg}})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn statuses_and_codes_map_to_core_errors() {
        let e = check(
            401,
            &env("INVALID_CREDENTIALS", "bad"),
            Operation::KeyRequest,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCredentials);
        let e = check(401, &env("KEY_EXPIRED", "expired"), Operation::AccountGet).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidApiKey);
        assert!(e.message.contains("expired"));
        let e = check(403, &env("IP_NOT_ALLOWED", "x"), Operation::AccountGet).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidApiKey);
        assert!(e.message.contains("allow-list"));
        let e = check(403, &env("NOT_IN_SUBTREE", "x"), Operation::AccountGet).unwrap_err();
        assert_eq!(e.code, ErrorCode::Unauthorized);
        assert_eq!(
            check(404, &env("NOT_FOUND", "x"), Operation::AccountGet)
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        let e = check(
            409,
            &env("CHILD_LIMIT", "full"),
            Operation::SubAccountCreate,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::ProviderRejected);
        // The assumed envelope's words stay the provider's (code `invalid`).
        let f = e.fields.unwrap();
        assert_eq!(
            (
                f["parentCompanyId"].code.as_str(),
                f["parentCompanyId"].message.as_str()
            ),
            ("invalid", "full")
        );
        let e = check(
            422,
            &env("FIELD_NOT_UPDATABLE", "phone is not updatable via API"),
            Operation::AccountUpdate,
        )
        .unwrap_err();
        assert_eq!(e.fields.unwrap()["phone"].code, "invalid");
        let e = check(503, b"<html>", Operation::AccountGet).unwrap_err();
        assert_eq!(e.code, ErrorCode::ProviderError);
        assert!(e.retryable);
        assert_eq!(
            check(200, b"nope", Operation::AccountGet).unwrap_err().code,
            ErrorCode::MalformedResponse
        );
        let e = check(200, &env("X", "y"), Operation::AccountGet).unwrap_err();
        assert_eq!(e.code, ErrorCode::ProviderRejected);
        assert_eq!(
            check(200, b"{\"a\":1}", Operation::AccountGet).unwrap()["a"],
            1
        );
    }

    proptest! {
        #[test]
        fn any_reply_maps_without_panicking(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..200)) {
            for op in Operation::ALL {
                if let Err(e) = check(status, &body, op) {
                    prop_assert!(!e.message.is_empty());
                }
            }
        }

        #[test]
        fn an_error_envelope_is_never_a_success(status in 100u16..600, code in "[A-Z_]{0,20}", msg in ".{0,50}") {
            prop_assert!(check(status, &env(&code, &msg), Operation::AccountUpdate).is_err());
        }
    }
}
