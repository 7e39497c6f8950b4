//! Replies → [`Listing`] or the core [`Error`]. DynamiCore documents no
//! error at all (DYNAMICORE 1.5 #12): the status decides the kind, and the
//! assumed envelope's `message.error` is the provider's text, shown as it came.

use ventanilla_core::{Error, ErrorCode};

use crate::ops::Listing;
use crate::wire::{Envelope, SUCCESS};

/// The `data` of a success envelope, or the mapped error.
pub fn check(status: u16, body: &[u8]) -> Result<Listing, Error> {
    let env: Option<Envelope> = serde_json::from_slice(body).ok();
    match env {
        Some(e) if (200..300).contains(&status) && e.status == SUCCESS => Ok(Listing {
            total: e.message.total,
            data: e.message.data,
        }),
        Some(e) => Err(map_error(
            status,
            &clean(e.message.error.as_deref().unwrap_or("")),
        )),
        None if (200..300).contains(&status) => Err(Error::new(
            ErrorCode::MalformedResponse,
            format!("DynamiCore answered something that is not its JSON envelope (HTTP {status})"),
        )),
        None => Err(map_error(status, "")),
    }
}

/// Provider text, one line of reasonable length.
fn clean(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    one.trim().to_string()
}

pub fn map_error(status: u16, text: &str) -> Error {
    let said = |fallback: &str| {
        if text.is_empty() {
            fallback.to_string()
        } else {
            text.to_string()
        }
    };
    let (code, message) = match status {
        401 => (
            ErrorCode::InvalidApiKey,
            format!(
                "DynamiCore refused the request's signature (check the client key, the secret and this computer's clock): {}",
                said("unauthorized")
            ),
        ),
        403 => (
            ErrorCode::Unauthorized,
            format!("DynamiCore does not allow this: {}", said("forbidden")),
        ),
        404 => (
            ErrorCode::NotFound,
            format!("DynamiCore has no such record: {}", said("not found")),
        ),
        400 | 409 | 422 => (
            ErrorCode::ProviderRejected,
            format!("DynamiCore refused the request: {}", said("the data was refused")),
        ),
        200..=299 => (
            ErrorCode::ProviderRejected,
            format!("DynamiCore did not succeed: {}", said("no explanation")),
        ),
        _ => (
            ErrorCode::ProviderError,
            format!("DynamiCore failed (HTTP {status}): {}", said("no explanation")),
        ),
    };
    Error::new(code, message)
}

/// A success whose `data` is not the documented shape.
pub fn unexpected_shape(what: &str, err: &serde_json::Error) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!("DynamiCore's {what} reply is not the expected shape: {err}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn envelopes_map() {
        let ok =
            serde_json::to_vec(&Envelope::success(vec![serde_json::json!({"id": 1})])).unwrap();
        assert_eq!(check(200, &ok).unwrap().total, 1);
        let err = serde_json::to_vec(&Envelope::error("bad signature")).unwrap();
        let e = check(401, &err).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidApiKey);
        assert!(e.message.ends_with("bad signature"));
        assert_eq!(check(404, &err).unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(
            check(422, &err).unwrap_err().code,
            ErrorCode::ProviderRejected
        );
        assert_eq!(
            check(200, &err).unwrap_err().code,
            ErrorCode::ProviderRejected
        );
        let e = check(503, b"<html>").unwrap_err();
        assert_eq!(e.code, ErrorCode::ProviderError);
        assert!(e.retryable);
        assert_eq!(
            check(200, b"{}").unwrap_err().code,
            ErrorCode::MalformedResponse
        );
    }

    proptest! {
        #[test]
        fn any_reply_maps_without_panicking(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Err(e) = check(status, &body) {
                prop_assert!(!e.message.is_empty());
            }
        }

        #[test]
        fn an_error_envelope_is_never_a_success(status in 100u16..600, text in ".{0,50}") {
            let body = serde_json::to_vec(&Envelope::error(text)).unwrap();
            prop_assert!(check(status, &body).is_err());
        }
    }
}
