//! Every documented BackOffice error body → the core [`Error`].
//!
//! The provider's statuses are inconsistent (a missing field is 422 on one
//! endpoint, "404" on another, no status on a third; providers.md 4.5 #6), so
//! the decision is made on the body's shape:
//!
//! * `{"error": msg}` — decided by `msg` (API key, JWT, not found, ...);
//! * `{"error": msg, "details": {field: [msgs]}}` — the provider rejected data;
//! * `{"error": msg, "detail": msg}` — the security-token refusal;
//! * `{"errors": {field: [msgs]}}` — blank fields, or an id that doesn't exist.
//!
//! Only a 5xx status is decisive on its own (`PROVIDER_ERROR`, retryable).

use serde_json::{Map, Value};
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::{Error, ErrorCode};

pub const API_KEY_INVALID: &str = "The API Key is not valid.";
pub const NIL_JWT: &str = "Nil JSON web token.";
pub const JWT_BAD_SIGNATURE: &str = "Signature verification raised";
pub const JWT_EXPIRED: &str = "Signature has expired";
pub const USER_NOT_FOUND: &str = "User not found.";
pub const DATA_INVALID: &str = "The data is invalid.";
pub const TOKEN_VALIDATION_FAILED: &str = "Security token validation failed.";
pub const TOKEN_NOT_VALID: &str = "Token is not valid!";
pub const BAD_LOGIN: &str = "Invalid username or password.";
pub const BLANK: &str = "can't be blank";

/// Which request the reply answers: a refused login means bad credentials,
/// a refused call means a bad session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Login,
    Call,
}

/// The reply's JSON when it is a success; the mapped error otherwise.
pub fn check(status: u16, body: &[u8], ctx: Context) -> Result<Value, Error> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    if status >= 500 {
        return Err(server_error(status, parsed.as_ref()));
    }
    let Some(v) = parsed else {
        return Err(malformed(status));
    };
    let is_error = v.get("error").is_some() || v.get("errors").is_some();
    if (200..300).contains(&status) && !is_error {
        return Ok(v);
    }
    Err(map_error(status, &v, ctx))
}

/// A 401 whose body says the JWT expired or failed verification: worth one
/// fresh login and one more try.
pub fn is_session_refusal(status: u16, body: &[u8]) -> bool {
    if status != 401 {
        return false;
    }
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return false,
    };
    matches!(
        v.get("error").and_then(Value::as_str),
        Some(JWT_EXPIRED | JWT_BAD_SIGNATURE)
    )
}

/// The answer still refuses the session after logging in again.
pub fn still_unauthorized(status: u16, body: &[u8]) -> Error {
    let text = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("error").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| format!("HTTP {status}"));
    Error::new(
        ErrorCode::Unauthorized,
        format!("The BackOffice refused the session even after logging in again: {text}"),
    )
}

fn server_error(status: u16, v: Option<&Value>) -> Error {
    let detail = v.and_then(|v| v.get("error")).and_then(Value::as_str);
    let message = match detail {
        Some(d) => format!("The BackOffice failed (HTTP {status}): {d}"),
        None => format!("The BackOffice failed (HTTP {status})"),
    };
    Error::new(ErrorCode::ProviderError, message)
}

fn malformed(status: u16) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!(
            "The BackOffice answered something that is not the documented JSON (HTTP {status})"
        ),
    )
}

/// A reply that parsed as JSON but not as the documented success type.
pub fn unexpected_shape(what: &str, err: &serde_json::Error) -> Error {
    // serde's message names the field and the expected type, never values
    // of ours (the reply is the provider's, and carries no secret of ours).
    Error::new(
        ErrorCode::MalformedResponse,
        format!("The BackOffice's {what} reply is not the documented shape: {err}"),
    )
}

/// `{field: ["a", "b"]}` → `{field: a}` with the English "a; b" (the first
/// message's code is the one the UI translates, see `FieldError::and`).
pub fn field_errors(map: &Map<String, Value>) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (k, v) in map {
        let mut add = |m: &str| add_field_error(&mut out, k.as_str(), rails_phrase(m));
        match v {
            Value::Array(items) if !items.is_empty() => {
                for i in items {
                    match i.as_str() {
                        Some(m) => add(m),
                        None => add(&i.to_string()),
                    }
                }
            }
            Value::String(m) => add(m),
            other => add(&other.to_string()),
        }
    }
    out
}

/// The BackOffice speaks Rails: its standard validation phrases get our
/// codes (so the UI can say them in Spanish); any other text is kept as the
/// provider's own words (code `invalid`).
pub fn rails_phrase(message: &str) -> FieldError {
    let code = match message.trim() {
        "can't be blank" => "blank",
        "has already been taken" => "taken",
        "is invalid" => "invalid_value",
        "is not included in the list" => "not_in_list",
        _ => return FieldError::provider_text(message),
    };
    FieldError::new(code, message)
}

fn summary(fields: &FieldErrors) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}: {}", v.message))
        .collect::<Vec<_>>()
        .join("; ")
}

fn map_error(status: u16, v: &Value, ctx: Context) -> Error {
    if let Some(errors) = v.get("errors").and_then(Value::as_object) {
        let fields = field_errors(errors);
        let all_missing_ids = !fields.is_empty()
            && errors.values().all(|msgs| {
                msgs.as_array().is_some_and(|a| {
                    !a.is_empty()
                        && a.iter()
                            .all(|m| m.as_str().is_some_and(|s| s.ends_with("doesn't exist.")))
                })
            });
        if all_missing_ids {
            return Error::new(
                ErrorCode::NotFound,
                format!("The BackOffice has no such record: {}", summary(&fields)),
            )
            .with_fields(fields);
        }
        if ctx == Context::Login {
            return Error::new(
                ErrorCode::InvalidCredentials,
                format!("The BackOffice refused the login: {}", summary(&fields)),
            )
            .with_fields(fields);
        }
        return Error::new(
            ErrorCode::ProviderRejected,
            format!("The BackOffice rejected the data: {}", summary(&fields)),
        )
        .with_fields(fields);
    }

    // A blank `error` explains nothing either (and must not become a blank message).
    let Some(msg) = v
        .get("error")
        .and_then(Value::as_str)
        .filter(|m| !m.trim().is_empty())
    else {
        return Error::new(
            ErrorCode::ProviderError,
            format!("The BackOffice answered HTTP {status} without an explanation"),
        );
    };
    match msg {
        API_KEY_INVALID => {
            return Error::new(
                ErrorCode::InvalidApiKey,
                format!("The BackOffice refused the API key: {msg}"),
            )
        }
        NIL_JWT | JWT_EXPIRED | JWT_BAD_SIGNATURE => {
            return Error::new(
                ErrorCode::Unauthorized,
                format!("The BackOffice refused the session: {msg}"),
            )
        }
        TOKEN_VALIDATION_FAILED => {
            let detail = v
                .get("detail")
                .and_then(Value::as_str)
                .unwrap_or(TOKEN_NOT_VALID);
            let mut fields = FieldErrors::new();
            fields.insert("token".into(), FieldError::provider_text(detail));
            return Error::new(
                ErrorCode::SecurityTokenRequired,
                format!("{msg} {detail} Request a security token for the user and enter the one they received."),
            )
            .with_fields(fields);
        }
        _ => {}
    }
    if let Some(details) = v.get("details").and_then(Value::as_object) {
        let fields = field_errors(details);
        return Error::new(
            ErrorCode::ProviderRejected,
            format!("{msg} {}", summary(&fields)).trim().to_string(),
        )
        .with_fields(fields);
    }
    let detail = v.get("detail").and_then(Value::as_str);
    let text = match detail {
        Some(d) => format!("{msg} {d}"),
        None => msg.to_string(),
    };
    if ctx == Context::Login && (status == 401 || msg == BAD_LOGIN) {
        return Error::new(
            ErrorCode::InvalidCredentials,
            format!("The BackOffice refused the login: {text}"),
        );
    }
    let lower = msg.to_ascii_lowercase();
    let code = if lower.contains("not found") || status == 404 {
        ErrorCode::NotFound
    } else if status == 401 || status == 403 {
        ErrorCode::Unauthorized
    } else if status == 400 || status == 422 {
        ErrorCode::ProviderRejected
    } else {
        ErrorCode::ProviderError
    };
    Error::new(code, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, body: &str, ctx: Context) -> Error {
        check(status, body.as_bytes(), ctx).unwrap_err()
    }

    #[test]
    fn auth_errors() {
        let e = err(
            403,
            r#"{"error":"The API Key is not valid."}"#,
            Context::Login,
        );
        assert_eq!(e.code, ErrorCode::InvalidApiKey);
        assert!(e.message.contains("The API Key is not valid."));
        assert_eq!(
            err(403, r#"{"error":"Nil JSON web token."}"#, Context::Call).code,
            ErrorCode::Unauthorized
        );
        assert_eq!(
            err(401, r#"{"error":"Signature has expired"}"#, Context::Call).code,
            ErrorCode::Unauthorized
        );
        assert_eq!(
            err(
                401,
                r#"{"error":"Invalid username or password."}"#,
                Context::Login
            )
            .code,
            ErrorCode::InvalidCredentials
        );
        let blank = err(
            422,
            r#"{"errors":{"username":["can't be blank"],"password":["can't be blank"]}}"#,
            Context::Login,
        );
        assert_eq!(blank.code, ErrorCode::InvalidCredentials);
        assert_eq!(blank.fields.unwrap()["password"].code, "blank");
        assert!(is_session_refusal(
            401,
            br#"{"error":"Signature has expired"}"#
        ));
        assert!(is_session_refusal(
            401,
            br#"{"error":"Signature verification raised"}"#
        ));
        assert!(!is_session_refusal(
            403,
            br#"{"error":"Nil JSON web token."}"#
        ));
        assert!(!is_session_refusal(401, b"not json"));
    }

    #[test]
    fn both_not_found_shapes_whatever_the_status() {
        assert_eq!(
            err(404, r#"{"error":"User not found."}"#, Context::Call).code,
            ErrorCode::NotFound
        );
        let e = err(
            404,
            r#"{"errors":{"user_id":["user_id doesn't exist."]}}"#,
            Context::Call,
        );
        assert_eq!(e.code, ErrorCode::NotFound);
        let f = e.fields.unwrap();
        assert_eq!(f["user_id"].message, "user_id doesn't exist.");
        assert_eq!(f["user_id"].code, "invalid", "the provider's own words");
        // #20 documents no status: the shape decides even on a 200.
        assert_eq!(
            err(
                200,
                r#"{"errors":{"ticket_id":["ticket_id doesn't exist."]}}"#,
                Context::Call
            )
            .code,
            ErrorCode::NotFound
        );
    }

    #[test]
    fn rejected_data_keeps_every_message_per_field() {
        let e = err(
            404,
            r#"{"errors":{"user_id":["can't be blank","user_id doesn't exist."],"subject":["can't be blank"]}}"#,
            Context::Call,
        );
        assert_eq!(e.code, ErrorCode::ProviderRejected);
        let f = e.fields.unwrap();
        // The first problem's code; every message in the English text.
        assert_eq!(f["user_id"].code, "blank");
        assert_eq!(
            f["user_id"].message,
            "can't be blank; user_id doesn't exist."
        );
        assert_eq!(f["subject"].code, "blank");
        let e = err(
            400,
            r#"{"error":"The data is invalid.","details":{"email":["has already been taken"],"country_code":["is not included in the list"]}}"#,
            Context::Call,
        );
        assert_eq!(e.code, ErrorCode::ProviderRejected);
        assert!(e.message.starts_with("The data is invalid."));
        assert_eq!(e.fields.unwrap()["country_code"].code, "not_in_list");
        assert!(!e.retryable);
    }

    #[test]
    fn a_blank_error_is_reported_as_no_explanation() {
        let e = err(422, r#"{"error":" "}"#, Context::Call);
        assert_eq!(e.code, ErrorCode::ProviderError);
        assert!(
            e.message.contains("without an explanation"),
            "{}",
            e.message
        );
    }

    #[test]
    fn security_token_refusal() {
        let e = err(
            400,
            r#"{"error":"Security token validation failed.","detail":"Token is not valid!"}"#,
            Context::Call,
        );
        assert_eq!(e.code, ErrorCode::SecurityTokenRequired);
        assert_eq!(e.fields.unwrap()["token"].message, "Token is not valid!");
    }

    #[test]
    fn server_failures_and_garbage() {
        let e = err(503, "<html>down</html>", Context::Call);
        assert_eq!(e.code, ErrorCode::ProviderError);
        assert!(e.retryable);
        assert_eq!(
            err(500, r#"{"error":"boom"}"#, Context::Call).code,
            ErrorCode::ProviderError
        );
        assert_eq!(
            err(200, r#"{"list": ["#, Context::Call).code,
            ErrorCode::MalformedResponse
        );
        assert_eq!(
            err(200, "", Context::Call).code,
            ErrorCode::MalformedResponse
        );
        assert_eq!(
            check(200, br#"{"message":"ok"}"#, Context::Call).unwrap()["message"],
            "ok"
        );
    }

    mod fuzz {
        use super::super::*;
        use proptest::prelude::*;

        use ventanilla_http::hostile::any_json;

        const KEYS: &[&str] = &[
            "error",
            "errors",
            "details",
            "detail",
            "message",
            API_KEY_INVALID,
            NIL_JWT,
            JWT_EXPIRED,
            JWT_BAD_SIGNATURE,
            USER_NOT_FOUND,
            TOKEN_VALIDATION_FAILED,
            BAD_LOGIN,
            "user_id doesn't exist.",
        ];

        fn check_all(status: u16, body: &[u8]) {
            for ctx in [Context::Login, Context::Call] {
                if let Err(e) = check(status, body, ctx) {
                    assert!(!e.message.is_empty());
                }
            }
            let _ = is_session_refusal(status, body);
            let _ = still_unauthorized(status, body);
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_bytes_never_panic(status in 0u16..1000, body in proptest::collection::vec(any::<u8>(), 0..256)) {
                check_all(status, &body);
            }

            #[test]
            fn arbitrary_json_never_panics(status in prop_oneof![Just(200u16), Just(401), Just(404), Just(422), Just(503), 0u16..1000], v in any_json(KEYS)) {
                check_all(status, v.to_string().as_bytes());
                if let Some(m) = v.as_object() {
                    let _ = field_errors(m);
                }
            }
        }
    }
}
