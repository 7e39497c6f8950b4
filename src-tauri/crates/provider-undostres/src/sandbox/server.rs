//! Routes and handlers: the assumed shape of UNDOSTRES 2.5
//! (UNDOSTRES_ASSUMED) with its error envelope.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use time::{Date, OffsetDateTime};

use super::{Fault, Inner, LoggedRequest, Shared, SimAccount, SimKey, TIMEOUT_FAULT_DELAY};
use crate::rules::{self, PreviousExpiry, MAX_DEPTH, MAX_IPS};
use crate::wire::codes;

type S = State<Arc<Shared>>;

const MAX_BODY: usize = 64 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/api-keys", post(request_key))
        .route(
            "/v1/accounts/{company_id}",
            get(get_account).patch(update_account),
        )
        .route("/v1/accounts/{company_id}/sub-accounts", post(create_sub))
        .route(super::control::CLOCK_PATH, post(super::control::clock))
        .route(super::control::DEMO_KEY_PATH, get(super::control::demo_key))
        .fallback(|| async { err(StatusCode::NOT_FOUND, codes::NOT_FOUND, "no such route") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

/// Three calendar months later (the day clamped to the month's length).
pub(crate) fn three_months_after(t: OffsetDateTime) -> OffsetDateTime {
    let d = t.date();
    let m0 = d.month() as i32 - 1 + 3;
    let year = d.year() + m0 / 12;
    let month = time::Month::try_from((m0 % 12 + 1) as u8).unwrap_or(time::Month::January);
    let mut day = d.day();
    let date = loop {
        if let Ok(x) = Date::from_calendar_date(year, month, day) {
            break x;
        }
        day -= 1;
    };
    t.replace_date(date)
}

fn reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn err(status: StatusCode, code: &str, message: &str) -> Response {
    reply(status, json!({"error": {"code": code, "message": message}}))
}

/// A refusal, before it becomes a response (small, unlike `Response`).
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Refusal {
            status,
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        err(self.status, self.code, &self.message)
    }
}

fn unprocessable(code: &str, message: &str) -> Response {
    err(StatusCode::UNPROCESSABLE_ENTITY, code, message)
}

fn ts(t: OffsetDateTime) -> String {
    rules::rfc3339(t)
}

/// Log, delay, and inject faults, before any handler runs.
async fn gate(State(s): S, req: Request, next: Next) -> Response {
    if super::control::is_control(req.uri().path()) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default();
    let fields = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
        .unwrap_or_default();
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| rules::canonical(c.0.ip()))
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let (latency, fault) = {
        let mut g = s.lock();
        g.requests.push(LoggedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            peer,
            has_api_key: parts.headers.contains_key("x-api-key"),
            fields,
        });
        (g.latency, g.faults.pop_front())
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        Some(Fault::ServerError) => {
            return err(
                StatusCode::SERVICE_UNAVAILABLE,
                "UNAVAILABLE",
                "Service temporarily unavailable",
            )
        }
        Some(Fault::Timeout) => {
            tokio::time::sleep(TIMEOUT_FAULT_DELAY).await;
            return err(StatusCode::GATEWAY_TIMEOUT, "TIMEOUT", "Gateway Timeout");
        }
        Some(Fault::MalformedJson) => {
            return (
                StatusCode::OK,
                [("content-type", "application/json")],
                "{\"company_id\": ",
            )
                .into_response()
        }
        None => {}
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

fn object(body: &Bytes) -> Result<Map<String, Value>, Refusal> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => Ok(o),
        _ => Err(Refusal::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::INVALID_FIELD,
            "the body must be a JSON object",
        )),
    }
}

fn str_field<'a>(o: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

// ---- A1 key request ----------------------------------------------------------

async fn request_key(State(s): S, body: Bytes) -> Response {
    let o = match object(&body) {
        Ok(o) => o,
        Err(r) => return r.into_response(),
    };
    let mut g = s.lock();
    let now = g.now();
    let (user, password) = (
        str_field(&o, "user").unwrap_or(""),
        str_field(&o, "password").unwrap_or(""),
    );
    let Some(company_id) = g
        .accounts
        .values()
        .find(|a| !user.is_empty() && a.user == user && a.password == password)
        .map(|a| a.id.clone())
    else {
        return err(
            StatusCode::UNAUTHORIZED,
            codes::INVALID_CREDENTIALS,
            "invalid user or password",
        );
    };
    let raw_ips: Vec<String> = match o.get("allowed_ips") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => {
            let strs: Option<Vec<String>> =
                a.iter().map(|v| v.as_str().map(String::from)).collect();
            match strs {
                Some(v) => v,
                None => return unprocessable(codes::INVALID_IP, "allowed_ips must be strings"),
            }
        }
        Some(_) => return unprocessable(codes::INVALID_IP, "allowed_ips must be a list"),
    };
    if raw_ips.len() > MAX_IPS {
        return unprocessable(
            codes::TOO_MANY_IPS,
            "a key may be used from at most 3 IP addresses",
        );
    }
    let mut ips = match rules::parse_ip_list(&raw_ips) {
        Ok(v) => v,
        Err(m) => return unprocessable(codes::INVALID_IP, &m.message),
    };
    let previous: Vec<usize> = g
        .keys
        .iter()
        .enumerate()
        .filter(|(_, k)| k.company_id == company_id && k.state(now) != super::KeyState::Expired)
        .map(|(i, _)| i)
        .collect();
    if ips.is_empty() {
        // "we may use the IP list assigned to old key if possible" (2.2).
        match g.keys.iter().rev().find(|k| k.company_id == company_id) {
            Some(k) if !k.ips.is_empty() => ips = k.ips.clone(),
            _ => {
                return unprocessable(
                    codes::IPS_REQUIRED,
                    "at least one IP address is required for the first key",
                )
            }
        }
    }
    let asked = match str_field(&o, "expire_previous_at") {
        None => None,
        Some(raw) => match PreviousExpiry::parse(raw, now) {
            Ok(p) => Some(p),
            // The provider would not refuse a past time; it means "now".
            Err(_) if time_in_past(raw, now) => Some(PreviousExpiry::Now),
            Err(m) => return unprocessable(codes::INVALID_EXPIRY, &m.message),
        },
    };
    let mut previous_expiry = None;
    for i in previous {
        let k = &mut g.keys[i];
        k.expires = rules::previous_key_expiry(now, asked, k.expires);
        k.superseded = true;
        previous_expiry =
            Some(previous_expiry.map_or(k.expires, |p: OffsetDateTime| p.max(k.expires)));
    }
    let key = uuid::Uuid::new_v4().to_string();
    let expires = three_months_after(now);
    g.keys.push(SimKey {
        key: key.clone(),
        company_id: company_id.clone(),
        created: now,
        expires,
        ips: ips.clone(),
        superseded: false,
    });
    if let Some(a) = g.accounts.get_mut(&company_id) {
        a.active = true;
    }
    reply(
        StatusCode::CREATED,
        json!({
            "api_key": key,
            "company_id": company_id,
            "created_at": ts(now),
            "expires_at": ts(expires),
            "allowed_ips": ips.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
            "previous_key_expires_at": previous_expiry.map(ts),
        }),
    )
}

fn time_in_past(raw: &str, now: OffsetDateTime) -> bool {
    OffsetDateTime::parse(raw.trim(), &time::format_description::well_known::Rfc3339)
        .is_ok_and(|t| t <= now)
}

// ---- authentication ----------------------------------------------------------

/// The company the `x-api-key` belongs to, after the expiry and allow-list checks.
fn auth(g: &Inner, headers: &HeaderMap, peer: IpAddr) -> Result<String, Refusal> {
    let Some(key) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) else {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            codes::INVALID_API_KEY,
            "missing x-api-key header",
        ));
    };
    let Some(k) = g.keys.iter().find(|k| k.key == key.trim()) else {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            codes::INVALID_API_KEY,
            "unknown API key",
        ));
    };
    if k.state(g.now()) == super::KeyState::Expired {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            codes::KEY_EXPIRED,
            "this API key has expired",
        ));
    }
    let peer = rules::canonical(peer);
    if !k.ips.contains(&peer) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            codes::IP_NOT_ALLOWED,
            format!("requests from {peer} are not allowed for this API key"),
        ));
    }
    Ok(k.company_id.clone())
}

/// The account a path names, if the caller may act on it (itself or below).
fn target(g: &Inner, caller: &str, id: &str) -> Result<String, Refusal> {
    let id = if id == "me" { caller } else { id };
    if !g.accounts.contains_key(id) {
        return Err(Refusal::new(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("account {id} does not exist"),
        ));
    }
    if !g.in_subtree(id, caller) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            codes::NOT_IN_SUBTREE,
            format!("account {id} is not in the caller's sub-tree"),
        ));
    }
    Ok(id.to_string())
}

macro_rules! authed {
    ($g:expr, $headers:expr, $peer:expr, $id:expr) => {{
        let caller = match auth(&$g, &$headers, $peer.0.ip()) {
            Ok(c) => c,
            Err(r) => return r.into_response(),
        };
        match target(&$g, &caller, &$id) {
            Ok(t) => t,
            Err(r) => return r.into_response(),
        }
    }};
}

fn account_json(a: &SimAccount) -> Value {
    json!({
        "company_id": a.id,
        "parent_company_id": a.parent,
        "depth": a.depth,
        "names": a.names,
        "document_number": a.document_number,
        "webhooks": a.webhooks,
        "email": a.email,
        "phone": a.phone,
        "active": a.active,
    })
}

// ---- A2, A3 accounts ---------------------------------------------------------

async fn get_account(
    State(s): S,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let g = s.lock();
    let id = authed!(g, headers, peer, id);
    reply(StatusCode::OK, account_json(&g.accounts[&id]))
}

async fn update_account(
    State(s): S,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut g = s.lock();
    let id = authed!(g, headers, peer, id);
    let o = match object(&body) {
        Ok(o) => o,
        Err(r) => return r.into_response(),
    };
    for locked in ["email", "phone"] {
        if o.contains_key(locked) {
            return unprocessable(
                codes::FIELD_NOT_UPDATABLE,
                &format!("{locked} is not updatable via API"),
            );
        }
    }
    let names = match o.get("names") {
        None => None,
        Some(Value::String(n)) if !n.trim().is_empty() => Some(n.trim().to_string()),
        Some(_) => return unprocessable(codes::INVALID_FIELD, "names must be non-empty text"),
    };
    let doc = match o.get("document_number") {
        None => None,
        Some(Value::String(d)) => Some(d.trim().to_string()),
        Some(_) => return unprocessable(codes::INVALID_FIELD, "document_number must be text"),
    };
    let hooks = match o.get("webhooks") {
        None => None,
        Some(Value::Array(a)) => match a
            .iter()
            .map(|v| v.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
        {
            Some(h) => Some(h),
            None => return unprocessable(codes::INVALID_FIELD, "webhooks must be URLs"),
        },
        Some(_) => return unprocessable(codes::INVALID_FIELD, "webhooks must be a list"),
    };
    let a = g.accounts.get_mut(&id).expect("target exists");
    if let Some(n) = names {
        a.names = n;
    }
    if let Some(d) = doc {
        a.document_number = Some(d);
    }
    if let Some(h) = hooks {
        a.webhooks = h;
    }
    reply(StatusCode::OK, account_json(a))
}

// ---- A4 sub-accounts ---------------------------------------------------------

async fn create_sub(
    State(s): S,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut g = s.lock();
    let parent_id = authed!(g, headers, peer, id);
    let o = match object(&body) {
        Ok(o) => o,
        Err(r) => return r.into_response(),
    };
    let Some(names) = str_field(&o, "names")
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return unprocessable(codes::INVALID_FIELD, "names is required");
    };
    let depth = g.accounts[&parent_id].depth;
    if depth >= MAX_DEPTH {
        return err(
            StatusCode::CONFLICT,
            codes::DEPTH_LIMIT,
            &format!("account {parent_id} is at the maximum depth ({MAX_DEPTH}) and cannot have sub-accounts"),
        );
    }
    let max = g.limits.max_children_at(depth);
    if g.children_of(&parent_id) as u32 >= max {
        return err(
            StatusCode::CONFLICT,
            codes::CHILD_LIMIT,
            &format!("account {parent_id} already has the maximum of {max} sub-accounts"),
        );
    }
    let n = g.next_id;
    g.next_id += 1;
    let company_id = format!("UDT-{n}");
    let user = format!("subcuenta.{n}");
    let password = uuid::Uuid::new_v4().simple().to_string();
    let account = SimAccount {
        id: company_id.clone(),
        parent: Some(parent_id.clone()),
        depth: depth + 1,
        names: names.to_string(),
        document_number: str_field(&o, "document_number").map(String::from),
        webhooks: o
            .get("webhooks")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
        email: str_field(&o, "email").map(String::from),
        phone: str_field(&o, "phone").map(String::from),
        active: false,
        user: user.clone(),
        password: password.clone(),
    };
    g.accounts.insert(company_id.clone(), account);
    reply(
        StatusCode::CREATED,
        json!({
            "company_id": company_id,
            "parent_company_id": parent_id,
            "names": names,
            "user": user,
            "password": password,
            "active": false,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn keys_last_three_calendar_months() {
        assert_eq!(
            three_months_after(datetime!(2026-12-01 10:00 UTC)),
            datetime!(2027-03-01 10:00 UTC)
        );
        assert_eq!(
            three_months_after(datetime!(2026-11-30 10:00 UTC)),
            datetime!(2027-02-28 10:00 UTC)
        );
        assert_eq!(
            three_months_after(datetime!(2027-11-30 00:00 UTC)),
            datetime!(2028-02-29 00:00 UTC)
        );
        assert_eq!(
            three_months_after(datetime!(2026-05-31 00:00 UTC)),
            datetime!(2026-08-31 00:00 UTC)
        );
    }
}
