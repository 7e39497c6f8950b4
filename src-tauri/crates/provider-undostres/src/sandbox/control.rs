//! Sandbox extension (not UnDosTres's API): the clock knob over HTTP, so a
//! simulator started by `ventanilla-cli sandbox serve` in another process
//! can show expiry warnings too. `POST /__sandbox/clock` with
//! `{"offset_seconds": n}` (set) or `{"advance_seconds": n}` (add) answers
//! `{"now": RFC 3339}`. Loopback simulator only; no key needed; never
//! logged as an API request, never faulted.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use ventanilla_core::{Error, ErrorCode, Result};

use super::Shared;
use crate::rules;

pub(crate) const CLOCK_PATH: &str = "/__sandbox/clock";
/// `GET`: the main demo account's newest working key (public demo data),
/// so a sandbox connection starts with a key whose warnings show at once.
pub(crate) const DEMO_KEY_PATH: &str = "/__sandbox/demo-key";

/// Whether a path is a sandbox control (not logged, never faulted).
pub(crate) fn is_control(path: &str) -> bool {
    path == CLOCK_PATH || path == DEMO_KEY_PATH
}

pub(crate) async fn demo_key(State(s): State<Arc<Shared>>) -> Response {
    let g = s.lock();
    let now = g.now();
    let key = g.keys.iter().rev().find(|k| {
        k.company_id == super::DEMO_COMPANY_ID && k.state(now) == super::KeyState::Active
    });
    match key {
        Some(k) => axum::Json(json!({
            "api_key": k.key,
            "company_id": k.company_id,
            "created_at": rules::rfc3339(k.created),
            "expires_at": rules::rfc3339(k.expires),
            "allowed_ips": k.ips.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
            "previous_key_expires_at": null,
        }))
        .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": "the demo account has no working key"})),
        )
            .into_response(),
    }
}

pub(crate) async fn clock(State(s): State<Arc<Shared>>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut g = s.lock();
    if let Some(n) = v.get("offset_seconds").and_then(Value::as_i64) {
        g.clock_offset = Duration::seconds(n);
    } else if let Some(n) = v.get("advance_seconds").and_then(Value::as_i64) {
        g.clock_offset += Duration::seconds(n);
    } else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(json!({"error": "give offset_seconds or advance_seconds"})),
        )
            .into_response();
    }
    axum::Json(json!({"now": rules::rfc3339(g.now())})).into_response()
}

/// Sets the clock offset of a simulator running elsewhere; returns its "now".
pub async fn remote_set_clock_offset(base_url: &str, offset: Duration) -> Result<OffsetDateTime> {
    let url = format!("{}{CLOCK_PATH}", base_url.trim_end_matches('/'));
    let client = ventanilla_http::build_client(&ventanilla_http::HttpConfig::default())?;
    let req = client
        .post(url)
        .json(&json!({"offset_seconds": offset.whole_seconds()}))
        .build()
        .map_err(|_| Error::internal("cannot build the sandbox control request"))?;
    let resp = ventanilla_http::send(&client, req).await?;
    let status = resp.status();
    let (_, body) = ventanilla_http::read_body(resp).await?;
    if !status.is_success() {
        return Err(Error::invalid(
            "connection",
            "this address is not a Ventanilla UnDosTres sandbox (no /__sandbox/clock control)",
        ));
    }
    serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v["now"].as_str().map(str::to_owned))
        .and_then(|s| {
            OffsetDateTime::parse(&s, &time::format_description::well_known::Rfc3339).ok()
        })
        .ok_or_else(|| {
            Error::new(
                ErrorCode::MalformedResponse,
                "the sandbox clock answered oddly",
            )
        })
}

/// The demo account's working key from a simulator (here or in another
/// process): the key, its company and its public part.
pub async fn remote_demo_key(base_url: &str) -> Result<crate::IssuedKey> {
    let url = format!("{}{DEMO_KEY_PATH}", base_url.trim_end_matches('/'));
    let client = ventanilla_http::build_client(&ventanilla_http::HttpConfig::default())?;
    let req = client
        .get(url)
        .build()
        .map_err(|_| Error::internal("cannot build the sandbox control request"))?;
    let resp = ventanilla_http::send(&client, req).await?;
    let status = resp.status();
    let (_, body) = ventanilla_http::read_body(resp).await?;
    if !status.is_success() {
        return Err(Error::new(
            ErrorCode::NotFound,
            "the UnDosTres sandbox has no working demo key (rotate one with `key request`)",
        ));
    }
    let reply: crate::wire::KeyReply = serde_json::from_slice(&body).map_err(|_| {
        Error::new(
            ErrorCode::MalformedResponse,
            "the sandbox's demo key answered oddly",
        )
    })?;
    crate::client::issued_key(reply)
}
