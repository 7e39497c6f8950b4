//! Sessions, documented authentication errors, injected faults and secrecy,
//! through the real adapter against the simulator over loopback HTTP.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use ventanilla_core::{Error, ErrorCode, SecretString};
use ventanilla_provider_backoffice::errors::{check, Context};
use ventanilla_provider_backoffice::sandbox::{Fault, DEMO_USER_ID};
use ventanilla_provider_backoffice::users::*;
use ventanilla_provider_backoffice::BackofficeClient;

const USER7: &str = "GET /api/v1/users/7";

async fn raw_login_token(base: &str, api_key: &str, user: &str, pass: &str) -> String {
    let r: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/login"))
        .header("x-api-key", api_key)
        .form(&[("username", user), ("password", pass)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["token"].as_str().unwrap().to_string()
}

async fn raw_get(url: &str, api_key: Option<&str>, jwt: Option<&str>) -> (u16, String) {
    let mut rb = reqwest::Client::new().get(url);
    if let Some(k) = api_key {
        rb = rb.header("x-api-key", k);
    }
    if let Some(j) = jwt {
        rb = rb.header("jwt-token", j);
    }
    let r = rb.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn the_documented_auth_bodies_word_for_word() {
    let sim = sim().await;
    let base = sim.base_url();
    let cred = sim.credentials();
    let jwt = raw_login_token(&base, &cred.api_key, &cred.username, &cred.password).await;
    let url = format!("{base}/api/v1/users/7/");
    assert_eq!(
        raw_get(&url, Some(&cred.api_key), Some(&jwt)).await.0,
        200,
        "trailing slash accepted"
    );
    assert_eq!(
        raw_get(&url, Some("wrong"), Some(&jwt)).await,
        (403, r#"{"error":"The API Key is not valid."}"#.to_string())
    );
    assert_eq!(raw_get(&url, None, Some(&jwt)).await.0, 403);
    let nil = raw_get(&url, Some(&cred.api_key), None).await;
    assert_eq!(nil, (403, r#"{"error":"Nil JSON web token."}"#.to_string()));
    assert_eq!(
        check(nil.0, nil.1.as_bytes(), Context::Call)
            .unwrap_err()
            .code,
        ErrorCode::Unauthorized
    );
    assert_eq!(
        raw_get(&url, Some(&cred.api_key), Some("abc.def.ghi")).await,
        (
            401,
            r#"{"error":"Signature verification raised"}"#.to_string()
        )
    );
    sim.advance_clock(Duration::from_secs(25 * 3600));
    assert_eq!(
        raw_get(&url, Some(&cred.api_key), Some(&jwt)).await,
        (401, r#"{"error":"Signature has expired"}"#.to_string())
    );
    let (status, body) = raw_get(
        &format!("{base}/api/v1/wallets/1?user_id=&page=x"),
        Some(&cred.api_key),
        None,
    )
    .await;
    assert_eq!(
        status, 403,
        "the JWT is checked before the parameters: {body}"
    );
}

#[tokio::test]
async fn wallet_parameter_errors_are_the_documented_shape() {
    let sim = sim().await;
    let base = sim.base_url();
    let cred = sim.credentials();
    let jwt = raw_login_token(&base, &cred.api_key, &cred.username, &cred.password).await;
    let (status, body) = raw_get(
        &format!("{base}/api/v1/wallets/1"),
        Some(&cred.api_key),
        Some(&jwt),
    )
    .await;
    assert_eq!(status, 422);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"errors": {"user_id": ["can't be blank"], "page": ["can't be blank", "is not a number"]}})
    );
    let e = check(status, body.as_bytes(), Context::Call).unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    let page = &e.fields.unwrap()["page"];
    assert_eq!(page.code, "blank", "Rails' phrase gets our code");
    assert_eq!(page.message, "can't be blank; is not a number");
}

#[tokio::test]
async fn a_wrong_api_key_is_reported_as_such_on_login_and_on_a_call() {
    let sim = sim().await;
    let mut cfg = config(&sim);
    cfg.api_key = SecretString::new("not-the-key-123");
    let c = BackofficeClient::new(cfg).unwrap();
    for e in [c.login().await.unwrap_err(), c.user(7).await.unwrap_err()] {
        assert_eq!(e.code, ErrorCode::InvalidApiKey);
        assert!(
            e.message.contains("The API Key is not valid."),
            "{}",
            e.message
        );
        assert!(!e.message.contains("not-the-key-123"));
        assert!(!e.retryable);
    }
}

#[tokio::test]
async fn wrong_or_blank_credentials() {
    let sim = sim().await;
    let mut cfg = config(&sim);
    cfg.password = SecretString::new("wrong-password-9");
    let e = BackofficeClient::new(cfg)
        .unwrap()
        .user(7)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    assert!(
        e.message.contains("Invalid username or password."),
        "{}",
        e.message
    );
    assert!(!e.message.contains("wrong-password-9"));
    let mut cfg = config(&sim);
    cfg.username = "".into();
    cfg.password = SecretString::new("");
    let e = BackofficeClient::new(cfg)
        .unwrap()
        .login()
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    let f = e.fields.unwrap();
    assert_eq!(
        (f["username"].code.as_str(), f["password"].code.as_str()),
        ("blank", "blank")
    );
}

#[tokio::test]
async fn the_jwt_is_cached_and_concurrent_calls_log_in_once() {
    let sim = sim().await;
    let c = Arc::new(client(&sim));
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            c.user(DEMO_USER_ID).await.map(|u| u.id)
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), DEMO_USER_ID);
    }
    c.dashboard(DEMO_USER_ID).await.unwrap();
    assert_eq!(count(&sim, LOGIN), 1, "{:?}", log(&sim));
    assert_eq!(count(&sim, USER7), 10);
}

#[tokio::test]
async fn an_expired_jwt_means_one_transparent_new_login() {
    let sim = sim().await;
    let c = client(&sim);
    c.user(DEMO_USER_ID).await.unwrap();
    sim.clear_requests();
    sim.advance_clock(Duration::from_secs(25 * 3600)); // past the 24 h lifetime
    assert_eq!(c.user(DEMO_USER_ID).await.unwrap().id, DEMO_USER_ID);
    assert_eq!(
        log(&sim),
        [USER7, LOGIN, USER7],
        "refused, logged in again, retried"
    );
    c.user(DEMO_USER_ID).await.unwrap();
    assert_eq!(count(&sim, LOGIN), 1, "the new JWT is cached");
}

#[tokio::test]
async fn a_jwt_with_a_bad_signature_means_one_new_login_too() {
    let sim = sim().await;
    let c = client(&sim);
    c.user(DEMO_USER_ID).await.unwrap();
    sim.rotate_jwt_secret();
    sim.clear_requests();
    c.notices(DEMO_USER_ID).await.unwrap();
    assert_eq!(count(&sim, LOGIN), 1);
    assert_eq!(count(&sim, "GET /api/v1/notices/7"), 2);
}

#[tokio::test]
async fn still_refused_after_logging_in_again_is_unauthorized() {
    let sim = sim().await;
    let c = client(&sim);
    c.user(DEMO_USER_ID).await.unwrap();
    sim.clear_requests();
    sim.inject_fault(Fault::ExpiredSession, 2);
    let e = c.user(DEMO_USER_ID).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    assert_eq!(
        log(&sim),
        [USER7, LOGIN, USER7],
        "exactly one new login, one retry"
    );
    // A write refused once is re-sent once after the new login.
    sim.inject_fault(Fault::ExpiredSession, 1);
    c.reply(&NewThreadMessage {
        ticket_id: pid(1),
        content: "hola".into(),
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_short_lived_jwt_is_renewed_before_it_is_refused() {
    let sim = sim().await;
    sim.set_token_lifetime(Duration::from_secs(2));
    let c = client(&sim);
    c.user(DEMO_USER_ID).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    c.user(DEMO_USER_ID).await.unwrap();
    assert_eq!(log(&sim), [LOGIN, USER7, LOGIN, USER7], "no refused call");
}

#[tokio::test]
async fn a_get_is_retried_through_503s_and_succeeds() {
    let sim = sim().await;
    let c = client(&sim);
    c.login().await.unwrap();
    sim.clear_requests();
    sim.inject_fault(Fault::ServerError, 2);
    assert_eq!(c.user(DEMO_USER_ID).await.unwrap().id, DEMO_USER_ID);
    assert_eq!(count(&sim, USER7), 3);
    sim.inject_fault(Fault::ServerError, 3);
    let e = c.user(DEMO_USER_ID).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderError);
    assert!(e.retryable);
    assert_eq!(count(&sim, USER7), 6, "gave up after two retries");
}

#[tokio::test]
async fn a_post_is_never_retried() {
    let sim = sim().await;
    let c = client(&sim);
    let before = c.tickets(8).await.unwrap().len();
    sim.clear_requests();
    sim.inject_fault(Fault::ServerError, 1);
    let e = c
        .create_ticket(&NewTicket {
            user_id: pid(8),
            subject: "Hola".into(),
            comment: "x".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderError);
    assert!(e.retryable);
    assert_eq!(count(&sim, "POST /api/v1/user_tickets"), 1);
    assert_eq!(
        c.tickets(8).await.unwrap().len(),
        before,
        "nothing was created twice (or at all)"
    );
}

#[tokio::test]
async fn malformed_json_is_reported() {
    let sim = sim().await;
    let c = client(&sim);
    c.login().await.unwrap();
    sim.inject_fault(Fault::MalformedJson, 1);
    let e = c.tickets(DEMO_USER_ID).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    assert!(!e.retryable);
}

#[tokio::test]
async fn a_silent_provider_times_out() {
    let sim = sim().await;
    let c = client_with_timeout(&sim, Duration::from_millis(300));
    c.login().await.unwrap();
    sim.clear_requests();
    // A POST that times out is not re-sent.
    sim.inject_fault(Fault::Timeout, 1);
    let started = Instant::now();
    let e = c
        .reply(&NewThreadMessage {
            ticket_id: pid(1),
            content: "hola".into(),
        })
        .await
        .unwrap_err();
    // It may have been applied: not "retry", but "check before retrying".
    assert_eq!(e.code, ErrorCode::OutcomeUnknown);
    assert!(!e.retryable);
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(count(&sim, "POST /api/v1/threads"), 1);
    assert!(
        e.message.contains(&sim.addr().to_string()),
        "names the host: {}",
        e.message
    );
    // A GET that times out is retried, and succeeds when the provider recovers.
    sim.inject_fault(Fault::Timeout, 1);
    assert_eq!(c.user(DEMO_USER_ID).await.unwrap().id, DEMO_USER_ID);
    assert_eq!(count(&sim, USER7), 2);
}

#[tokio::test]
async fn an_unreachable_provider_is_a_network_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sim = sim().await;
    let mut cfg = config(&sim);
    cfg.base_url = format!("http://127.0.0.1:{port}/");
    let e = BackofficeClient::new(cfg)
        .unwrap()
        .user(7)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
    assert!(e.retryable);
}

#[tokio::test]
async fn no_error_message_ever_carries_a_secret() {
    let sim = sim().await;
    let cred = sim.credentials();
    let c = client(&sim);
    let mut errors: Vec<Error> = Vec::new();
    errors.push(c.user(999_999).await.unwrap_err());
    errors.push(
        c.create_user(&NewUser {
            sponsor: "nadie".into(),
            first_name: "a".into(),
            last_name: "b".into(),
            email: "bad".into(),
            user_name: "mariana.ortega".into(),
            mobile: "1".into(),
            password: SecretString::new("Sup3rSecreta!"),
            country_code: "ZZ".into(),
        })
        .await
        .unwrap_err(),
    );
    sim.set_token_on_edit(true);
    errors.push(
        c.edit_user(
            7,
            &UserEdit {
                password: Some(SecretString::new("Sup3rSecreta!")),
                ..Default::default()
            },
        )
        .await
        .unwrap_err(),
    );
    sim.inject_fault(Fault::ExpiredSession, 2);
    errors.push(c.user(7).await.unwrap_err());
    sim.inject_fault(Fault::MalformedJson, 1);
    errors.push(c.user(7).await.unwrap_err());
    sim.inject_fault(Fault::ServerError, 1);
    errors.push(
        c.reply(&NewThreadMessage {
            ticket_id: pid(1),
            content: "x".into(),
        })
        .await
        .unwrap_err(),
    );
    let mut bad = config(&sim);
    bad.api_key = SecretString::new("wrong-api-key-777");
    errors.push(
        BackofficeClient::new(bad)
            .unwrap()
            .user(7)
            .await
            .unwrap_err(),
    );
    let mut bad = config(&sim);
    bad.password = SecretString::new("wrong-pass-888");
    errors.push(
        BackofficeClient::new(bad)
            .unwrap()
            .user(7)
            .await
            .unwrap_err(),
    );
    let codes: Vec<ErrorCode> = errors.iter().map(|e| e.code).collect();
    assert_eq!(
        codes,
        [
            ErrorCode::NotFound,
            ErrorCode::ProviderRejected,
            ErrorCode::SecurityTokenRequired,
            ErrorCode::Unauthorized,
            ErrorCode::MalformedResponse,
            ErrorCode::ProviderError,
            ErrorCode::InvalidApiKey,
            ErrorCode::InvalidCredentials,
        ]
    );
    for e in &errors {
        let all = format!("{} {:?}", e.message, e.fields);
        for secret in [
            cred.api_key.as_str(),
            cred.password.as_str(),
            "Sup3rSecreta!",
            "wrong-api-key-777",
            "wrong-pass-888",
            "eyJ",
        ] {
            assert!(!all.contains(secret), "{secret} leaked in {all}");
        }
    }
    // The request log never holds values either.
    let logged = format!("{:?}", sim.requests());
    for secret in [
        cred.password.as_str(),
        "Sup3rSecreta!",
        cred.api_key.as_str(),
    ] {
        assert!(!logged.contains(secret));
    }
}

#[tokio::test]
async fn latency_is_applied_to_every_request() {
    let sim = sim().await;
    let c = client(&sim);
    c.login().await.unwrap();
    sim.set_latency(Duration::from_millis(150));
    let t = Instant::now();
    c.user(DEMO_USER_ID).await.unwrap();
    assert!(t.elapsed() >= Duration::from_millis(150));
}

/// A BackOffice id in a test (never 0).
fn pid(n: u64) -> ventanilla_core::id::PositiveId {
    ventanilla_core::id::PositiveId::new(n).unwrap()
}
