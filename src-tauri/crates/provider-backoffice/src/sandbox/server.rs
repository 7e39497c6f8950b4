//! Routes and handlers. Every reply body is the documented one, word for word.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Extension, Form, Router};
use serde_json::{json, Value};

use super::data::{self, SimTicket, SimUser};
use super::{Fault, LoggedRequest, SecurityToken, SentToken, Shared, TIMEOUT_FAULT_DELAY};
use crate::errors::{
    API_KEY_INVALID, BAD_LOGIN, BLANK, DATA_INVALID, JWT_BAD_SIGNATURE, JWT_EXPIRED, NIL_JWT,
    TOKEN_NOT_VALID, TOKEN_VALIDATION_FAILED, USER_NOT_FOUND,
};
use crate::wire;

type S = State<Arc<Shared>>;
type FormData = Result<Form<Vec<(String, String)>>, FormRejection>;

/// Index of this request in the request log, so handlers can add field names.
#[derive(Clone, Copy)]
struct ReqIdx(usize);

const MAX_UPLOAD: usize = 16 * 1024 * 1024;
const SECURITY_TOKEN_TTL: i64 = 3600;
const MATRIX_DEPTH: u32 = 3;
const TEAM_DEPTH: u32 = 10;
const PAGE_SIZE: usize = 30;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let routes: Vec<(&str, MethodRouter<Arc<Shared>>)> = vec![
        ("/api/v1/login", post(login)),
        ("/api/v1/users", post(create_user)),
        ("/api/v1/users/{id}", get(get_user).put(edit_user)),
        ("/api/v1/cryptocurrency_cashouts", get(cashouts)),
        ("/api/v1/legs", get(legs)),
        ("/api/v1/locales", get(locales)),
        ("/api/v1/countries", get(countries)),
        ("/api/v1/tokens", post(send_token)),
        ("/api/v1/dashboards/{id}", get(dashboard)),
        ("/api/v1/notices/{id}", get(notices)),
        ("/api/v1/products/{id}", get(products)),
        ("/api/v1/teamviews/{id}", get(teamview)),
        ("/api/v1/matrixs/{id}", get(matrix)),
        ("/api/v1/category_resources", get(categories)),
        ("/api/v1/resources/{id}", get(resources)),
        ("/api/v1/user_tickets", post(create_ticket)),
        ("/api/v1/user_tickets/{id}", get(tickets)),
        ("/api/v1/threads", post(post_reply)),
        ("/api/v1/threads/{id}", get(thread)),
        ("/api/v1/wallets/{id}", get(wallet)),
    ];
    let mut r = Router::new();
    for (path, mr) in routes {
        // Trailing slash both ways (providers.md 4.5 #11).
        r = r.route(path, mr.clone()).route(&format!("{path}/"), mr);
    }
    r.fallback(|| async { reply(StatusCode::NOT_FOUND, json!({"error": "Not Found"})) })
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

fn reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn ok(body: Value) -> Response {
    reply(StatusCode::OK, body)
}

fn error(status: StatusCode, msg: &str) -> Response {
    reply(status, json!({ "error": msg }))
}

fn field_errors(status: StatusCode, errors: &BTreeMap<&str, Vec<&str>>) -> Response {
    reply(status, json!({ "errors": errors }))
}

fn user_not_found() -> Response {
    error(StatusCode::NOT_FOUND, USER_NOT_FOUND)
}

fn id_missing(field: &str) -> Response {
    let msg = format!("{field} doesn't exist.");
    reply(StatusCode::NOT_FOUND, json!({ "errors": { field: [msg] } }))
}

/// Log, delay, and inject faults, before any handler runs.
async fn gate(State(s): S, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let fields: Vec<String> = req
        .uri()
        .query()
        .map(|q| {
            q.split('&')
                .filter_map(|kv| kv.split('=').next())
                .filter(|k| !k.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let is_login = path.trim_end_matches('/') == "/api/v1/login";
    let (idx, latency, fault) = {
        let mut g = s.lock();
        g.requests.push(LoggedRequest {
            method: req.method().to_string(),
            path: path.clone(),
            fields,
            at: std::time::SystemTime::now(),
        });
        let fault = if is_login { None } else { g.faults.pop_front() };
        (g.requests.len() - 1, g.latency, fault)
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        Some(Fault::ServerError) => {
            return error(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable")
        }
        Some(Fault::Timeout) => {
            tokio::time::sleep(TIMEOUT_FAULT_DELAY).await;
            return error(StatusCode::GATEWAY_TIMEOUT, "Gateway Timeout");
        }
        Some(Fault::MalformedJson) => {
            return (
                StatusCode::OK,
                [("content-type", "application/json")],
                "{\"list\": [{\"id\": 1,",
            )
                .into_response()
        }
        Some(Fault::ExpiredSession) => return error(StatusCode::UNAUTHORIZED, JWT_EXPIRED),
        None => {}
    }
    req.extensions_mut().insert(ReqIdx(idx));
    next.run(req).await
}

fn note_fields(s: &Shared, idx: ReqIdx, names: impl IntoIterator<Item = String>) {
    let mut g = s.lock();
    if let Some(r) = g.requests.get_mut(idx.0) {
        r.fields.extend(names);
    }
}

fn form_pairs(s: &Shared, idx: ReqIdx, form: FormData) -> HashMap<String, String> {
    let pairs = form.map(|Form(p)| p).unwrap_or_default();
    note_fields(s, idx, pairs.iter().map(|(k, _)| k.clone()));
    pairs.into_iter().collect()
}

fn api_key_ok(headers: &HeaderMap) -> bool {
    headers.get("x-api-key").and_then(|v| v.to_str().ok()) == Some(data::DEMO_API_KEY)
}

/// The API key, then the JWT: the user id the token was issued to.
fn auth(s: &Shared, headers: &HeaderMap) -> Result<u64, (StatusCode, &'static str)> {
    if !api_key_ok(headers) {
        return Err((StatusCode::FORBIDDEN, API_KEY_INVALID));
    }
    let token = headers
        .get("jwt-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    if token.is_empty() {
        return Err((StatusCode::FORBIDDEN, NIL_JWT));
    }
    let g = s.lock();
    let claims = crate::jwt::verify_hs256(token, &g.jwt_secret)
        .ok_or((StatusCode::UNAUTHORIZED, JWT_BAD_SIGNATURE))?;
    let exp = claims.get("exp").and_then(Value::as_i64).unwrap_or(0);
    if exp <= g.now() {
        return Err((StatusCode::UNAUTHORIZED, JWT_EXPIRED));
    }
    Ok(claims.get("user_id").and_then(Value::as_u64).unwrap_or(0))
}

macro_rules! authed {
    ($s:expr, $h:expr) => {
        if let Err((status, msg)) = auth(&$s, &$h) {
            return error(status, msg);
        }
    };
}

fn blank(v: Option<&String>) -> bool {
    v.is_none_or(|v| v.trim().is_empty())
}

fn parse_id(s: &str) -> Option<u64> {
    s.trim().parse().ok()
}

fn sponsor_name(w: &super::World, u: &SimUser) -> String {
    u.sponsor_id
        .and_then(|id| w.users.get(&id))
        .map(|s| s.username.clone())
        .unwrap_or_default()
}

// ---- #1 login ----------------------------------------------------------------

async fn login(
    State(s): S,
    headers: HeaderMap,
    Extension(idx): Extension<ReqIdx>,
    form: FormData,
) -> Response {
    if !api_key_ok(&headers) {
        return error(StatusCode::FORBIDDEN, API_KEY_INVALID);
    }
    let f = form_pairs(&s, idx, form);
    let mut errs = BTreeMap::new();
    for k in ["username", "password"] {
        if blank(f.get(k)) {
            errs.insert(k, vec![BLANK]);
        }
    }
    if !errs.is_empty() {
        return field_errors(StatusCode::UNPROCESSABLE_ENTITY, &errs);
    }
    let g = s.lock();
    let Some(u) = g
        .world
        .users
        .values()
        .find(|u| u.username == f["username"].trim() && u.password == f["password"])
    else {
        return error(StatusCode::UNAUTHORIZED, BAD_LOGIN);
    };
    let exp = g.now() + g.token_lifetime.as_secs().max(1) as i64;
    let token = crate::jwt::sign_hs256(&json!({"user_id": u.id, "exp": exp}), &g.jwt_secret);
    ok(serde_json::to_value(wire::LoginReply {
        token,
        exp: data::exp_text(exp),
        id: u.id,
        username: u.username.clone(),
        sponsor: sponsor_name(&g.world, u),
        referral_link: format!("https://oficina-demo.mx/r/{}", u.username),
    })
    .unwrap_or_default())
}

// ---- #2-#4 users -------------------------------------------------------------

async fn get_user(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let g = s.lock();
    let Some(u) = parse_id(&id).and_then(|id| g.world.users.get(&id)) else {
        return user_not_found();
    };
    ok(serde_json::to_value(wire::UserReply {
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        email: u.email.clone(),
        country_code: u.country_code.clone(),
        username: u.username.clone(),
        mobile: u.mobile.clone(),
        default_leg: u.default_leg.clone(),
        language: u.language.clone(),
        profile_image: Some(u.profile_image.clone()),
        matrix_on: u.matrix_on,
        request_token_on_edit: g.token_on_edit,
    })
    .unwrap_or_default())
}

fn valid_email(e: &str) -> bool {
    let e = e.trim();
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(' ')
        }
        None => false,
    }
}

fn known_country(c: &str) -> bool {
    data::COUNTRIES.iter().any(|(id, _)| *id == c)
}

async fn create_user(
    State(s): S,
    headers: HeaderMap,
    Extension(idx): Extension<ReqIdx>,
    form: FormData,
) -> Response {
    authed!(s, headers);
    let f = form_pairs(&s, idx, form);
    const FIELDS: [&str; 8] = [
        "sponsor",
        "first_name",
        "last_name",
        "email",
        "user_name",
        "mobile",
        "password",
        "country_code",
    ];
    let mut errs = BTreeMap::new();
    for k in FIELDS {
        if blank(f.get(k)) {
            errs.insert(k, vec![BLANK]);
        }
    }
    if !errs.is_empty() {
        return field_errors(StatusCode::UNPROCESSABLE_ENTITY, &errs);
    }
    let v = |k: &str| f[k].trim().to_string();
    let mut g = s.lock();
    let mut details: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let sponsor = g
        .world
        .users
        .values()
        .find(|u| u.username == v("sponsor"))
        .map(|u| u.id);
    if sponsor.is_none() {
        details
            .entry("sponsor")
            .or_default()
            .push("is not a valid sponsor");
    }
    if g.world
        .users
        .values()
        .any(|u| u.username.eq_ignore_ascii_case(&v("user_name")))
    {
        details
            .entry("user_name")
            .or_default()
            .push("has already been taken");
    }
    if !valid_email(&v("email")) {
        details.entry("email").or_default().push("is invalid");
    } else if g
        .world
        .users
        .values()
        .any(|u| u.email.eq_ignore_ascii_case(&v("email")))
    {
        details
            .entry("email")
            .or_default()
            .push("has already been taken");
    }
    if !known_country(&v("country_code")) {
        details
            .entry("country_code")
            .or_default()
            .push("is not included in the list");
    }
    if !details.is_empty() {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"error": DATA_INVALID, "details": details}),
        );
    }
    let id = g.world.next_user;
    g.world.next_user += 1;
    let now = g.now();
    g.world.users.insert(
        id,
        SimUser {
            id,
            username: v("user_name"),
            first_name: v("first_name"),
            last_name: v("last_name"),
            email: v("email"),
            country_code: v("country_code"),
            mobile: v("mobile"),
            default_leg: "balanced".into(),
            language: "es".into(),
            profile_image: data::DEFAULT_AVATAR.into(),
            matrix_on: false,
            sponsor_id: sponsor,
            password: f["password"].clone(),
            plan_id: 1,
            created_at: now,
            uploaded_image: None,
            seeded: false,
        },
    );
    ok(json!({"message": "User created successfully."}))
}

async fn edit_user(
    State(s): S,
    headers: HeaderMap,
    Extension(idx): Extension<ReqIdx>,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    authed!(s, headers);
    let Some(id) = parse_id(&id).filter(|id| s.lock().world.users.contains_key(id)) else {
        return user_not_found();
    };
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut image: Option<(String, u64)> = None;
    let mut names = Vec::new();
    if let Ok(mut mp) = multipart {
        loop {
            let mut field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(_) => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        "The request body is not valid multipart.",
                    )
                }
            };
            let name = field.name().unwrap_or("").to_string();
            names.push(name.clone());
            if name == "profile_image" {
                let file_name = field.file_name().unwrap_or("image").to_string();
                let mut size = 0u64;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => size += chunk.len() as u64,
                        Ok(None) => break,
                        Err(_) => {
                            return error(
                                StatusCode::BAD_REQUEST,
                                "The profile image upload was interrupted.",
                            )
                        }
                    }
                }
                image = Some((file_name, size));
            } else {
                let text = field.text().await.unwrap_or_default();
                texts.insert(name, text);
            }
        }
    }
    note_fields(&s, idx, names);

    let mut g = s.lock();
    let now = g.now();
    // Token on edit: a valid, unexpired, unused token e-mailed to this user.
    let mut token_slot = None;
    if g.token_on_edit {
        let given = texts
            .get("token")
            .map(|t| t.trim().to_string())
            .unwrap_or_default();
        token_slot = g.security_tokens.iter().position(|t| {
            t.user_id == id
                && !t.used
                && t.expires_at > now
                && !given.is_empty()
                && t.token == given
        });
        if token_slot.is_none() {
            return reply(
                StatusCode::BAD_REQUEST,
                json!({"error": TOKEN_VALIDATION_FAILED, "detail": TOKEN_NOT_VALID}),
            );
        }
    }
    let mut details: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for k in [
        "first_name",
        "last_name",
        "email",
        "mobile",
        "default_leg",
        "country_code",
        "password",
    ] {
        if texts.get(k).is_some_and(|v| v.trim().is_empty()) {
            details.entry(k).or_default().push(BLANK);
        }
    }
    let t = |k: &str| {
        texts
            .get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(e) = t("email") {
        if !valid_email(&e) {
            details.entry("email").or_default().push("is invalid");
        } else if g
            .world
            .users
            .values()
            .any(|u| u.id != id && u.email.eq_ignore_ascii_case(&e))
        {
            details
                .entry("email")
                .or_default()
                .push("has already been taken");
        }
    }
    if t("country_code").is_some_and(|c| !known_country(&c)) {
        details
            .entry("country_code")
            .or_default()
            .push("is not included in the list");
    }
    if t("default_leg").is_some_and(|l| !data::LEGS.iter().any(|(id, _)| *id == l)) {
        details
            .entry("default_leg")
            .or_default()
            .push("is not included in the list");
    }
    // `language` is the field; `locale` is accepted as its alias (4.5 #3).
    let language = t("language")
        .map(|l| ("language", l))
        .or_else(|| t("locale").map(|l| ("locale", l)));
    if let Some((field, l)) = &language {
        if !data::LOCALES.iter().any(|(id, _, _)| id == l) {
            details
                .entry(field)
                .or_default()
                .push("is not included in the list");
        }
    }
    if !details.is_empty() {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"error": DATA_INVALID, "details": details}),
        );
    }
    if let Some(i) = token_slot {
        g.security_tokens[i].used = true;
    }
    let base = s.base_url.clone();
    let u = g.world.users.get_mut(&id).expect("checked above");
    for (k, slot) in [
        ("first_name", &mut u.first_name),
        ("last_name", &mut u.last_name),
        ("email", &mut u.email),
        ("mobile", &mut u.mobile),
        ("default_leg", &mut u.default_leg),
        ("country_code", &mut u.country_code),
    ] {
        if let Some(v) = t(k) {
            *slot = v;
        }
    }
    if let Some((_, l)) = language {
        u.language = l;
    }
    if let Some(p) = texts.get("password").filter(|p| !p.trim().is_empty()) {
        u.password = p.clone();
    }
    if let Some((name, size)) = image {
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        u.profile_image = format!("{base}/uploads/user/profile_image/{id}/{safe}");
        u.uploaded_image = Some((name, size));
    }
    ok(json!({"message": "User updated successfully."}))
}

// ---- #5-#8 catalogs ----------------------------------------------------------

async fn cashouts(State(s): S, headers: HeaderMap) -> Response {
    authed!(s, headers);
    ok(
        json!({"list": data::CASHOUTS.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>()}),
    )
}

async fn legs(State(s): S, headers: HeaderMap) -> Response {
    authed!(s, headers);
    ok(
        json!({"list": data::LEGS.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>()}),
    )
}

async fn locales(State(s): S, headers: HeaderMap) -> Response {
    authed!(s, headers);
    let list: Vec<Value> = data::LOCALES
        .iter()
        .map(|(id, name, flag)| json!({"id": id, "name": name, "image": format!("https://flagcdn.com/48x36/{flag}.png")}))
        .collect();
    ok(json!({ "list": list }))
}

async fn countries(State(s): S, headers: HeaderMap) -> Response {
    authed!(s, headers);
    ok(
        json!({"list": data::COUNTRIES.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>()}),
    )
}

// ---- #9 security tokens ------------------------------------------------------

async fn send_token(
    State(s): S,
    headers: HeaderMap,
    Extension(idx): Extension<ReqIdx>,
    form: FormData,
) -> Response {
    authed!(s, headers);
    let f = form_pairs(&s, idx, form);
    if blank(f.get("user_id")) {
        return field_errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            &BTreeMap::from([("user_id", vec![BLANK])]),
        );
    }
    let mut g = s.lock();
    let Some(user_id) = parse_id(&f["user_id"]).filter(|id| g.world.users.contains_key(id)) else {
        return user_not_found();
    };
    let token = g.rng.hex(20);
    let expires_at = g.now() + SECURITY_TOKEN_TTL;
    g.security_tokens.push(SecurityToken {
        user_id,
        token: token.clone(),
        expires_at,
        used: false,
    });
    let at = std::time::SystemTime::now();
    let sent_at_ms = at
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    g.outbox.push(SentToken {
        user_id,
        token,
        at,
        sent_at_ms,
    });
    ok(json!({"message": "A token was sent to you email. It expires in 1 hour."}))
}

// ---- #10-#14 dashboard, notices, products, trees -----------------------------

fn children_map(w: &super::World) -> BTreeMap<u64, Vec<u64>> {
    let mut m: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for u in w.users.values() {
        if let Some(p) = u.sponsor_id {
            m.entry(p).or_default().push(u.id);
        }
    }
    m
}

fn downline(kids: &BTreeMap<u64, Vec<u64>>, root: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut stack = kids.get(&root).cloned().unwrap_or_default();
    while let Some(id) = stack.pop() {
        out.push(id);
        if let Some(k) = kids.get(&id) {
            stack.extend(k.iter().copied());
        }
    }
    out
}

async fn dashboard(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let g = s.lock();
    let Some(u) = parse_id(&id).and_then(|id| g.world.users.get(&id)) else {
        return user_not_found();
    };
    let mut rng = data::derived_rng(s.seed, u.id, 99);
    let wallets: Vec<Value> = data::WALLETS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let bal = data::transactions(s.seed, u, i as u32 + 1)
                .last()
                .map(|t| t.balance)
                .unwrap_or(0);
            json!({"name": name, "amount": data::money(bal)})
        })
        .collect();
    let kids = children_map(&g.world);
    let team = downline(&kids, u.id);
    let directs = kids.get(&u.id).cloned().unwrap_or_default();
    let today = g.now();
    let dates: Vec<String> = (0..8)
        .rev()
        .map(|d| data::day(today - d * 86_400))
        .collect();
    let growth: Vec<u64> = (0..8)
        .map(|_| if team.is_empty() { 0 } else { rng.below(4) })
        .collect();
    let mut leaders: Vec<(usize, &SimUser)> = directs
        .iter()
        .filter_map(|d| g.world.users.get(d))
        .map(|d| (downline(&kids, d.id).len(), d))
        .collect();
    leaders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    let top_leaders: Vec<Value> = leaders
        .iter()
        .take(3)
        .map(|(n, d)| json!({"username": d.username, "name": format!("{} {}", d.first_name, d.last_name), "team": n}))
        .collect();
    let mut by_country: BTreeMap<&str, i64> = BTreeMap::new();
    for m in team.iter().filter_map(|id| g.world.users.get(id)) {
        *by_country.entry(m.country_code.as_str()).or_default() += 1;
    }
    let mut pc: Vec<(&str, i64)> = by_country.into_iter().collect();
    pc.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let popular: Vec<Value> = pc
        .iter()
        .take(5)
        .map(
            |(c, n)| json!({"country": data::country_name(c), "number": n, "image": data::flag(c)}),
        )
        .collect();
    let visits = team.len() as u64 * 7 + rng.below(40);
    let body = json!({
        "wallets": wallets,
        "matrix_dimensions": "3 / 3",
        "permanent_mising": data::money(if directs.len() >= 3 { 0 } else { (3 - directs.len() as i64) * 5_000 }),
        "temporal_mising": data::money(rng.below(4) as i64 * 2_500),
        "matrix_pending_directs": if u.matrix_on { json!(3usize.saturating_sub(directs.len())) } else { Value::Null },
        "team_growth_chart": {"dates": dates, "users": growth},
        "top_leaders": top_leaders,
        "traffic_funnel": [
            {"stage": "Visitas al enlace", "total": visits},
            {"stage": "Registros", "total": team.len()},
            {"stage": "Compras", "total": team.iter().filter(|id| g.world.users.get(id).is_some_and(|m| m.plan_id > 1)).count()}
        ],
        "efficiency_funnel": [
            {"stage": "Directos", "total": directs.len()},
            {"stage": "Directos activos", "total": directs.iter().filter(|id| g.world.users.get(id).is_some_and(|m| m.plan_id > 1)).count()}
        ],
        "popular_countries": popular,
    });
    ok(body)
}

async fn notices(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let g = s.lock();
    let Some(u) = parse_id(&id).and_then(|id| g.world.users.get(&id)) else {
        return user_not_found();
    };
    let general = json!([
        {"id": 1, "title": "Mantenimiento programado", "content": "La oficina virtual estará en mantenimiento el domingo de 2:00 a 4:00 a.m. (hora del centro de México)."},
        {"id": 2, "title": "Nuevo método de retiro", "content": "Ya puedes retirar tus ganancias en USDT por la red TRC20."}
    ]);
    let user_notices = if u.id % 3 == 1 || u.id == data::DEMO_USER_ID {
        json!([{"id": 100 + u.id, "title": "Bienvenida", "content": format!("¡Hola {}! Completa tu perfil para activar tus retiros.", u.first_name)}])
    } else {
        json!([])
    };
    let p = data::plan(u.plan_id);
    let plan_notices = json!([{"id": 10 + p.id, "title": format!("Aviso para {}", p.name), "content": format!("Los bonos del plan {} se liquidan cada lunes.", p.name)}]);
    ok(
        json!({"general_notices": general, "user_notices": user_notices, "plan_notices": plan_notices}),
    )
}

async fn products(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let g = s.lock();
    let Some(u) = parse_id(&id).and_then(|id| g.world.users.get(&id)) else {
        return user_not_found();
    };
    let mut ids = vec![1u64];
    if u.plan_id != 1 {
        ids.push(u.plan_id);
    }
    let plans: Vec<Value> = ids
        .iter()
        .map(|id| {
            let p = data::plan(*id);
            json!({"id": p.id, "plan": p.name, "image": data::plan_image(p.id), "price": p.price, "currency": "USD"})
        })
        .collect();
    ok(json!({ "plans": plans }))
}

fn team_node(w: &super::World, kids: &BTreeMap<u64, Vec<u64>>, id: u64, level: u32) -> Value {
    let u = &w.users[&id];
    let childs: Vec<Value> = if level >= TEAM_DEPTH {
        Vec::new()
    } else {
        kids.get(&id)
            .map(|k| {
                k.iter()
                    .map(|c| team_node(w, kids, *c, level + 1))
                    .collect()
            })
            .unwrap_or_default()
    };
    json!({
        "user": {
            "id": u.id, "username": u.username, "first_name": u.first_name, "last_name": u.last_name,
            "email": u.email, "level": level, "plan": data::plan(u.plan_id).name, "image_url": u.profile_image
        },
        "childs": childs
    })
}

async fn teamview(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let g = s.lock();
    let Some(u) = parse_id(&id).and_then(|id| g.world.users.get(&id)) else {
        return id_missing("user_id");
    };
    let kids = children_map(&g.world);
    let list: Vec<Value> = kids
        .get(&u.id)
        .map(|k| {
            k.iter()
                .map(|c| team_node(&g.world, &kids, *c, 1))
                .collect()
        })
        .unwrap_or_default();
    ok(json!({ "teamview": list }))
}

/// Seeded users fill a ternary matrix in id order: the children of position
/// k are 3k-1, 3k and 3k+1.
fn matrix_node(w: &super::World, id: u64, level: u32) -> Value {
    let Some(u) = w.users.get(&id).filter(|u| u.seeded) else {
        return json!({});
    };
    let child = |c: u64| {
        if level < MATRIX_DEPTH && c <= data::SEEDED_USERS {
            matrix_node(w, c, level + 1)
        } else {
            json!({})
        }
    };
    let (l, c, r) = (child(3 * id - 1), child(3 * id), child(3 * id + 1));
    let last = [&l, &c, &r]
        .iter()
        .all(|v| v.as_object().is_some_and(|o| o.is_empty()));
    json!({
        "user": {"id": u.id, "usernname": u.username, "plan": data::plan(u.plan_id).name, "image": u.profile_image, "level": level},
        "child_left": l, "child_center": c, "child_right": r, "last_node": last
    })
}

async fn matrix(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let g = s.lock();
    let Some(u) = parse_id(&id).and_then(|id| g.world.users.get(&id)) else {
        return id_missing("user_id");
    };
    if !u.matrix_on || !u.seeded {
        return ok(json!({"matrix": {}}));
    }
    ok(json!({"matrix": matrix_node(&g.world, u.id, 0)}))
}

// ---- #15-#16 resources -------------------------------------------------------

async fn categories(State(s): S, headers: HeaderMap) -> Response {
    authed!(s, headers);
    let list: Vec<Value> = data::CATEGORIES
        .iter()
        .map(|(id, title, icon)| json!({"id": id, "title": title, "icon": icon}))
        .collect();
    ok(json!({ "list": list }))
}

async fn resources(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let cat = parse_id(&id).unwrap_or(0);
    let list: Vec<Value> = data::RESOURCES
        .iter()
        .filter(|r| r.1 == cat)
        .map(|(id, _, title, desc, video, file)| {
            json!({"id": id, "title": title, "description": desc, "video": video, "file": file})
        })
        .collect();
    ok(json!({ "list": list }))
}

// ---- #17-#20 tickets and threads ---------------------------------------------

async fn tickets(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let g = s.lock();
    let Some(uid) = parse_id(&id).filter(|id| g.world.users.contains_key(id)) else {
        return id_missing("user_id");
    };
    let list: Vec<Value> = g
        .world
        .tickets
        .values()
        .filter(|t| t.user_id == uid)
        .map(|t| json!({"id": t.id, "subject": t.subject, "created_at": data::iso(t.created_at), "status": t.status}))
        .collect();
    ok(json!({ "list": list }))
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn create_ticket(
    State(s): S,
    headers: HeaderMap,
    Extension(idx): Extension<ReqIdx>,
    form: FormData,
) -> Response {
    authed!(s, headers);
    let f = form_pairs(&s, idx, form);
    let mut g = s.lock();
    let user = parse_id(f.get("user_id").map(String::as_str).unwrap_or(""))
        .filter(|id| g.world.users.contains_key(id));
    let mut errs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    if blank(f.get("user_id")) {
        errs.insert("user_id", vec![BLANK, "user_id doesn't exist."]);
    }
    for k in ["subject", "comment"] {
        if blank(f.get(k)) {
            errs.insert(k, vec![BLANK]);
        }
    }
    if !errs.is_empty() {
        return field_errors(StatusCode::UNPROCESSABLE_ENTITY, &errs);
    }
    let Some(user_id) = user else {
        return id_missing("user_id");
    };
    let now = g.now();
    let id = g.world.next_ticket;
    g.world.next_ticket += 1;
    let msg_id = g.world.next_message;
    g.world.next_message += 1;
    let content = format!("<div>{}</div>", escape_html(f["comment"].trim()));
    g.world.tickets.insert(
        id,
        SimTicket {
            id,
            user_id,
            subject: f["subject"].trim().to_string(),
            status: "New".into(),
            created_at: now,
            thread: vec![data::SimMessage {
                id: msg_id,
                content,
                created_at: now,
            }],
        },
    );
    ok(json!({"message": "Ticket created successfully."}))
}

async fn thread(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    authed!(s, headers);
    let g = s.lock();
    let Some(t) = parse_id(&id).and_then(|id| g.world.tickets.get(&id)) else {
        return id_missing("ticket_id");
    };
    let list: Vec<Value> = t
        .thread
        .iter()
        .map(|m| json!({"id": m.id, "content": m.content, "created_at": data::iso(m.created_at)}))
        .collect();
    ok(json!({ "list": list }))
}

async fn post_reply(
    State(s): S,
    headers: HeaderMap,
    Extension(idx): Extension<ReqIdx>,
    form: FormData,
) -> Response {
    authed!(s, headers);
    let f = form_pairs(&s, idx, form);
    let mut g = s.lock();
    let mut errs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    if blank(f.get("ticket_id")) {
        errs.insert("ticket_id", vec![BLANK, "ticket_id doesn't exist."]);
    }
    if blank(f.get("content")) {
        errs.insert("content", vec![BLANK]);
    }
    if !errs.is_empty() {
        return field_errors(StatusCode::UNPROCESSABLE_ENTITY, &errs);
    }
    let Some(tid) = parse_id(&f["ticket_id"]).filter(|id| g.world.tickets.contains_key(id)) else {
        return id_missing("ticket_id");
    };
    let now = g.now();
    let msg_id = g.world.next_message;
    g.world.next_message += 1;
    let content = f["content"].clone();
    if let Some(t) = g.world.tickets.get_mut(&tid) {
        t.thread.push(data::SimMessage {
            id: msg_id,
            content,
            created_at: now,
        });
    }
    ok(json!({"message": "Ticket thread created successfully."}))
}

// ---- #21 wallets -------------------------------------------------------------

async fn wallet(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    authed!(s, headers);
    let q: HashMap<String, String> = query
        .map(|Query(q)| q.into_iter().collect())
        .unwrap_or_default();
    let mut errs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    if blank(q.get("user_id")) {
        errs.insert("user_id", vec![BLANK]);
    }
    let page = q
        .get("page")
        .map(|p| p.trim().to_string())
        .unwrap_or_default();
    if page.is_empty() {
        errs.insert("page", vec![BLANK, "is not a number"]);
    } else if page.parse::<u64>().is_err() {
        errs.insert("page", vec!["is not a number"]);
    }
    if !errs.is_empty() {
        return field_errors(StatusCode::UNPROCESSABLE_ENTITY, &errs);
    }
    let g = s.lock();
    let Some(u) = parse_id(&q["user_id"]).and_then(|id| g.world.users.get(&id)) else {
        return id_missing("user_id");
    };
    let wallet_id = parse_id(&id).filter(|w| (1..=data::WALLETS.len() as u64).contains(w));
    let Some(wallet_id) = wallet_id else {
        return error(StatusCode::NOT_FOUND, "Wallet not found.");
    };
    let page: usize = page.parse::<usize>().unwrap_or(1).max(1);
    let all = data::transactions(s.seed, u, wallet_id as u32);
    let total_pages = all.len().div_ceil(PAGE_SIZE).max(1);
    let list: Vec<Value> = all
        .iter()
        .skip((page - 1).saturating_mul(PAGE_SIZE))
        .take(PAGE_SIZE)
        .map(|t| {
            json!({"id": t.id, "amount": data::money(t.amount), "balance": data::money(t.balance),
                   "description": t.description, "date": data::iso(t.date)})
        })
        .collect();
    ok(json!({"list": list, "total_pages": total_pages, "current_page": page}))
}
