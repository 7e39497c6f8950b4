//! The adapter against a misbehaving provider on loopback: what it sends,
//! and what it refuses to believe.

use std::time::Duration;

use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_http::hostile::{Behavior, HostileServer};
use ventanilla_http::{HttpConfig, RetryPolicy};
use ventanilla_provider_undostres::*;

const PASSWORD: &str = "contraseña-secreta-123";
const KEY: &str = "fb2992d3-5cf2-4177-8433-173bf3a63265";

fn client(base: &str, api_key: Option<&str>) -> UndostresClient {
    let mut c = UndostresClient::with_http(
        UndostresConfig {
            base_url: base.into(),
            user: "demo.norte".into(),
            password: SecretString::new(PASSWORD),
            api_key: api_key.map(SecretString::new),
            settings: UndostresSettings::default(),
        },
        &HttpConfig::with_timeout(Duration::from_millis(400)),
    )
    .unwrap();
    c.set_retry_policy(RetryPolicy {
        backoff: vec![Duration::from_millis(1), Duration::from_millis(1)],
    });
    c
}

fn first_key() -> KeyRequestInput {
    KeyRequestInput {
        allowed_ips: vec!["127.0.0.1".into()],
        expire_previous_at: None,
    }
}

#[tokio::test]
async fn a_redirected_key_request_carries_the_password_nowhere() {
    let elsewhere = HostileServer::always(Behavior::json(201, "{}")).await;
    let server = HostileServer::always(Behavior::redirect(
        307,
        format!("{}/steal", elsewhere.base_url()),
    ))
    .await;
    let e = client(&server.base_url(), None)
        .request_key(&first_key(), None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Redirect, "{e:?}");
    assert_eq!(server.lines(), ["POST /v1/api-keys"]);
    assert!(elsewhere.requests().is_empty());
    assert!(!e.message.contains(PASSWORD));
}

#[tokio::test]
async fn a_stalled_key_request_is_outcome_unknown_and_sent_once() {
    let server = HostileServer::always(Behavior::Stall).await;
    let e = client(&server.base_url(), None)
        .request_key(&first_key(), None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
    assert_eq!(server.lines().len(), 1);
    // A stalled read is a plain timeout, retried.
    let e = client(&server.base_url(), Some(KEY))
        .get_account(&AccountGetInput::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Timeout);
    assert_eq!(server.lines().len(), 4);
}

#[tokio::test]
async fn an_endless_reply_is_too_large() {
    let server = HostileServer::always(Behavior::Endless {
        content_length: false,
    })
    .await;
    let e = client(&server.base_url(), Some(KEY))
        .get_account(&AccountGetInput::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ResponseTooLarge, "{e:?}");
}

#[tokio::test]
async fn secrets_echoed_by_the_provider_are_redacted() {
    let body = format!(
        r#"{{"error":{{"code":"INVALID_CREDENTIALS","message":"bad password {PASSWORD} for key {KEY}"}}}}"#
    );
    let server = HostileServer::always(Behavior::json(401, body)).await;
    let c = client(&server.base_url(), Some(KEY));
    let e = c.request_key(&first_key(), None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    assert!(
        !e.message.contains(PASSWORD) && !e.message.contains(KEY),
        "{}",
        e.message
    );
    let e = c
        .get_account(&AccountGetInput::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidApiKey);
    assert!(!e.message.contains(KEY), "{}", e.message);
}

#[tokio::test]
async fn a_key_not_in_the_documented_format_is_not_taken() {
    let server = HostileServer::always(Behavior::json(
        201,
        r#"{"api_key":"short-key","company_id":"UDT-1","created_at":"2026-12-01T00:00:00Z","expires_at":"2027-03-01T00:00:00Z","allowed_ips":["127.0.0.1"]}"#,
    ))
    .await;
    let c = client(&server.base_url(), None);
    let e = c.request_key(&first_key(), None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    assert!(!e.message.contains("short-key"));
    // Nothing was stored: a read has no key to send, and sends nothing.
    let e = c
        .get_account(&AccountGetInput::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::SecretMissing);
    assert_eq!(server.lines().len(), 1);
}
