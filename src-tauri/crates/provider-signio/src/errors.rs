//! SIGNIO reply envelopes → the core [`Error`].
//!
//! Outcomes are signalled in the body (`codigo`/`mensaje` in 6.1–6.15,
//! `code`/`message` in 6.16–6.23; both are read everywhere), always a
//! two-character string: 00 ok, 01 invalid token, 02 user inactive, 03
//! client inactive, 04 internal error, 05 unprocessable (`errores`), 06 not
//! found. HTTP statuses are undocumented: a body code wins; without one a
//! non-2xx status is a provider failure (providers.md §5.6 #2).

use serde_json::Value;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::{Error, ErrorCode};

use crate::wire;

pub const OK: &str = "00";
pub const TOKEN_INVALID: &str = "01";
pub const USER_INACTIVE: &str = "02";
pub const CLIENT_INACTIVE: &str = "03";
pub const INTERNAL: &str = "04";
pub const UNPROCESSABLE: &str = "05";
pub const NOT_FOUND: &str = "06";

/// Is the reply answering a login or an authenticated call?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Login,
    Call,
}

/// The reply's `codigo`/`code`, as a two-character string (a number is padded).
pub fn code_of(v: &Value) -> Option<String> {
    match wire::field(v, &["codigo", "code"])? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => n.as_u64().map(|n| format!("{n:02}")),
        _ => None,
    }
}

pub fn message_of(v: &Value) -> Option<String> {
    wire::text(v, &["mensaje", "message"]).filter(|m| !m.trim().is_empty())
}

/// Whether the raw reply refuses the token (`01`) — worth one new login.
pub fn is_token_refusal(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| code_of(&v))
        .is_some_and(|c| c == TOKEN_INVALID)
}

/// The reply's JSON when it is a success; the mapped error otherwise.
pub fn check(status: u16, body: &[u8], ctx: Context) -> Result<Value, Error> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let ok_status = (200..300).contains(&status);
    let Some(v) = parsed else {
        return Err(if ok_status {
            Error::new(
                ErrorCode::MalformedResponse,
                format!("SIGNIO answered something that is not JSON (HTTP {status})"),
            )
        } else {
            Error::new(
                ErrorCode::ProviderError,
                format!("SIGNIO failed (HTTP {status})"),
            )
        });
    };
    match code_of(&v) {
        Some(c) if c == OK => Ok(v),
        Some(c) => Err(map_code(&c, &v, ctx)),
        None if ok_status && v.is_object() => Ok(v),
        None if ok_status => Err(Error::new(
            ErrorCode::MalformedResponse,
            "SIGNIO's reply is not a JSON object",
        )),
        None => {
            let m = message_of(&v).map(|m| format!(": {m}")).unwrap_or_default();
            Err(Error::new(
                ErrorCode::ProviderError,
                format!("SIGNIO failed (HTTP {status}){m}"),
            ))
        }
    }
}

/// One non-00 code → the core error.
pub fn map_code(code: &str, v: &Value, ctx: Context) -> Error {
    let said = message_of(v).map(|m| format!(": {m}")).unwrap_or_default();
    match code {
        TOKEN_INVALID if ctx == Context::Login => Error::new(
            ErrorCode::InvalidCredentials,
            format!("SIGNIO refused the e-mail or password (01){said}"),
        ),
        TOKEN_INVALID => Error::new(
            ErrorCode::Unauthorized,
            format!("SIGNIO refused the session token even after logging in again (01){said}"),
        ),
        USER_INACTIVE => Error::new(
            ErrorCode::Unauthorized,
            format!("SIGNIO says this user is inactive (02){said}; ask the account administrator to reactivate it"),
        ),
        CLIENT_INACTIVE => Error::new(
            ErrorCode::Unauthorized,
            format!("SIGNIO says the client account (tenant) is inactive (03){said}"),
        ),
        INTERNAL => Error::new(
            ErrorCode::ProviderError,
            format!("SIGNIO had an internal error (04){said}"),
        ),
        UNPROCESSABLE => Error::new(
            ErrorCode::ProviderRejected,
            format!("SIGNIO refused the request (05){said}"),
        )
        .with_fields(field_errors(v)),
        NOT_FOUND => Error::new(ErrorCode::NotFound, format!("SIGNIO found no such object (06){said}")),
        other => Error::new(
            ErrorCode::ProviderError,
            format!("SIGNIO answered the undocumented code {other:?}{said}"),
        ),
    }
}

/// `errores` in any of the shapes it may take — an array of strings
/// ("campo: mensaje"), an array of `{campo|field, mensaje|message}`, or an
/// object `{campo: msg | [msgs]}` — keyed by core input field names.
pub fn field_errors(v: &Value) -> FieldErrors {
    let mut out = FieldErrors::new();
    // SIGNIO's messages are its own (Spanish) words with no stable
    // vocabulary of ours to map: they are kept as the provider's text.
    let mut add = |field: &str, msg: String| {
        let key = wire::core_field(field.trim());
        add_field_error(&mut out, key, FieldError::provider_text(msg));
    };
    let one = |x: &Value| match x {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match wire::field(v, &["errores", "errors"]) {
        Some(Value::Array(items)) => {
            for it in items {
                match it {
                    Value::String(s) => match s.split_once(':') {
                        Some((f, m)) if !f.contains(' ') => add(f, m.trim().to_string()),
                        _ => add("request", s.clone()),
                    },
                    Value::Object(_) => {
                        let f = wire::text(it, &["campo", "field", "parametro"])
                            .unwrap_or_else(|| "request".into());
                        let m = wire::text(it, &["mensaje", "message", "error"])
                            .unwrap_or_else(|| it.to_string());
                        add(&f, m);
                    }
                    other => add("request", other.to_string()),
                }
            }
        }
        Some(Value::Object(map)) => {
            for (f, m) in map {
                let msg = match m {
                    Value::Array(a) => a.iter().map(one).collect::<Vec<_>>().join("; "),
                    other => one(other),
                };
                add(f, msg);
            }
        }
        _ => {}
    }
    out
}

/// A created-id field: `"0"` (or missing, or empty) is a failure, never a record.
pub fn created_id(v: &Value, keys: &[&str], what: &str) -> Result<String, Error> {
    match wire::text(v, keys) {
        Some(id) if !id.trim().is_empty() && id.trim() != "0" => Ok(id),
        Some(_) => Err(Error::new(
            ErrorCode::ProviderError,
            format!("SIGNIO did not create the {what}: it returned the id \"0\""),
        )),
        None => Err(Error::new(
            ErrorCode::MalformedResponse,
            format!("SIGNIO's reply has no {what} id ({})", keys.join("/")),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(v: Value, ctx: Context) -> Error {
        check(200, v.to_string().as_bytes(), ctx).unwrap_err()
    }

    #[test]
    fn codes_map_to_core_errors() {
        assert_eq!(
            err(json!({"codigo": "01"}), Context::Login).code,
            ErrorCode::InvalidCredentials
        );
        assert_eq!(
            err(json!({"code": "01"}), Context::Call).code,
            ErrorCode::Unauthorized
        );
        let e = err(
            json!({"codigo": "02", "mensaje": "Usuario inactivo"}),
            Context::Call,
        );
        assert_eq!(e.code, ErrorCode::Unauthorized);
        assert!(e.message.contains("inactive") && e.message.contains("Usuario inactivo"));
        assert!(err(json!({"codigo": "03"}), Context::Login)
            .message
            .contains("tenant"));
        let e = err(json!({"codigo": "04"}), Context::Call);
        assert!(e.code == ErrorCode::ProviderError && e.retryable);
        assert_eq!(
            err(json!({"code": "06"}), Context::Call).code,
            ErrorCode::NotFound
        );
        assert_eq!(
            err(json!({"code": 6}), Context::Call).code,
            ErrorCode::NotFound
        );
        assert_eq!(
            err(json!({"codigo": "99"}), Context::Call).code,
            ErrorCode::ProviderError
        );
    }

    #[test]
    fn unprocessable_carries_translated_fields() {
        let e = err(
            json!({"codigo": "05", "mensaje": "Contenido no procesable",
                   "errores": [{"campo": "nombre", "mensaje": "máximo 255"}, "op_foto: valor no permitido", {"campo": "nombre", "mensaje": "obligatorio"}]}),
            Context::Call,
        );
        assert_eq!(e.code, ErrorCode::ProviderRejected);
        let f = e.fields.unwrap();
        assert_eq!(f["name"].message, "máximo 255; obligatorio");
        assert_eq!(f["photo"].message, "valor no permitido");
        let e = err(
            json!({"codigo": "05", "errores": {"email": ["no válido"]}}),
            Context::Call,
        );
        assert_eq!(e.fields.unwrap()["email"].message, "no válido");
    }

    #[test]
    fn statuses_without_codes() {
        let e = check(502, b"<html>bad gateway</html>", Context::Call).unwrap_err();
        assert_eq!(e.code, ErrorCode::ProviderError);
        assert_eq!(
            check(200, b"not json", Context::Call).unwrap_err().code,
            ErrorCode::MalformedResponse
        );
        assert!(check(200, br#"{"url": "https://x"}"#, Context::Call).is_ok());
        // A body code wins over the status.
        assert_eq!(
            check(500, br#"{"codigo": "06"}"#, Context::Call)
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        assert!(is_token_refusal(br#"{"codigo":"01"}"#));
    }

    #[test]
    fn id_zero_is_an_error() {
        assert!(created_id(
            &json!({"id_transaccion": "0"}),
            &["id_transaccion"],
            "envelope"
        )
        .is_err());
        assert!(created_id(&json!({}), &["id_transaccion"], "envelope").is_err());
        assert_eq!(
            created_id(
                &json!({"id_documento": "d1"}),
                &["id_documento"],
                "document"
            )
            .unwrap(),
            "d1"
        );
    }

    mod fuzz {
        use super::super::*;
        use proptest::prelude::*;

        use ventanilla_http::hostile::any_json;

        const KEYS: &[&str] = &[
            "codigo",
            "code",
            "mensaje",
            "message",
            "errores",
            "errors",
            "campo",
            "field",
            "parametro",
            "error",
            "id_transaccion",
            "00",
            "01",
            "02",
            "03",
            "04",
            "05",
            "06",
            "nombre: obligatorio",
        ];

        fn check_all(status: u16, body: &[u8]) {
            for ctx in [Context::Login, Context::Call] {
                if let Err(e) = check(status, body, ctx) {
                    assert!(!e.message.is_empty());
                }
            }
            let _ = is_token_refusal(body);
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_bytes_never_panic(status in 0u16..1000, body in proptest::collection::vec(any::<u8>(), 0..256)) {
                check_all(status, &body);
            }

            #[test]
            fn arbitrary_json_never_panics(status in prop_oneof![Just(200u16), Just(500), 0u16..1000], v in any_json(KEYS)) {
                check_all(status, v.to_string().as_bytes());
                let _ = code_of(&v);
                let _ = message_of(&v);
                let _ = field_errors(&v);
                for code in ["01", "02", "03", "04", "05", "06", "99", ""] {
                    let _ = map_code(code, &v, Context::Call);
                }
                let _ = created_id(&v, &["id_transaccion", "id"], "envelope");
            }

            #[test]
            fn an_id_of_zero_or_blank_is_never_a_record(pad in " {0,3}", key in "[a-z_]{1,12}") {
                let v = serde_json::json!({ key.clone(): format!("{pad}0{pad}") });
                prop_assert!(created_id(&v, &[key.as_str()], "x").is_err());
                let v = serde_json::json!({ key.clone(): pad });
                prop_assert!(created_id(&v, &[key.as_str()], "x").is_err());
            }
        }
    }
}
