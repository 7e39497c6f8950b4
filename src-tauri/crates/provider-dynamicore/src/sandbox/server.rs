//! The simulator's HTTP side: one handler that verifies the signature,
//! applies the knobs, and routes the 21 endpoints of DYNAMICORE 1.3.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Map, Value};

use super::{data, Fault, LoggedRequest, Shared, State, StoredFile, MAX_SKEW_MS};
use crate::rules;
use crate::sign;
use crate::wire::Envelope;

const MAX_BODY: usize = 64 << 20;

pub(crate) fn router(state: Shared) -> Router {
    Router::new().fallback(handle).with_state(state)
}

type Reply = (StatusCode, Envelope);

fn fail(status: StatusCode, text: impl Into<String>) -> Reply {
    (status, Envelope::error(text))
}

fn ok(data: Vec<Value>) -> Reply {
    (StatusCode::OK, Envelope::success(data))
}

fn now_ms() -> u64 {
    (sign::system_clock())()
}

/// Checks the `Authorization` header as the seed's algorithm computes it.
fn verify(
    st: &State,
    headers: &HeaderMap,
    method: &str,
    pq: &str,
    body: &str,
) -> Result<(), &'static str> {
    let h = headers
        .get("authorization")
        .ok_or("missing Authorization header")?
        .to_str()
        .map_err(|_| "malformed Authorization header")?;
    let p = sign::parse_header(h).ok_or("malformed Authorization header")?;
    let secret = st.keys.get(p.client_key).ok_or("unknown client key")?;
    let server_now = now_ms() as i64 + st.skew_ms;
    if (server_now - p.ts as i64).unsigned_abs() > MAX_SKEW_MS {
        return Err("timestamp more than 300 s off");
    }
    // Host and scheme are not signed: any will do to rebuild the URL.
    let url = format!("http://sandbox{pq}");
    let want = sign::digest(
        &sign::derive_key(secret),
        &sign::message(p.ts, method, &url, body),
    );
    if want != p.digest {
        return Err("signature mismatch");
    }
    Ok(())
}

async fn handle(AxState(s): AxState<Shared>, req: Request) -> Response {
    let latency = s.lock().expect("state").latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let pq = req
        .uri()
        .path_and_query()
        .map_or_else(|| path.clone(), |p| p.as_str().to_string());
    let query = req.uri().query().unwrap_or("").to_string();
    let headers = req.headers().clone();
    // The simulator's own controls (not DynamiCore's API): unsigned, like a
    // person acting in Mifiel's widget or paying at an OXXO.
    if let Some(what) = path.strip_prefix("/__sandbox/") {
        let what = what.to_string();
        let body = axum::body::to_bytes(req.into_body(), 64 << 10)
            .await
            .unwrap_or_default();
        let r = control(&s, &what, &body);
        return finish(&s, &method, &path, true, r);
    }
    let multipart = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));

    let (bytes, files) = if multipart {
        match read_files(req).await {
            Ok(f) => (Vec::new(), f),
            Err(r) => return finish(&s, &method, &path, false, r),
        }
    } else {
        match axum::body::to_bytes(req.into_body(), MAX_BODY).await {
            Ok(b) => (b.to_vec(), Vec::new()),
            Err(_) => {
                return finish(
                    &s,
                    &method,
                    &path,
                    false,
                    fail(StatusCode::PAYLOAD_TOO_LARGE, "body too large"),
                )
            }
        }
    };
    let signed = if multipart {
        Some(String::new())
    } else {
        sign::signed_body(&method, Some(&bytes))
    };
    let Some(signed) = signed else {
        let r = fail(StatusCode::BAD_REQUEST, "the body is not JSON");
        return finish(&s, &method, &path, false, r);
    };

    let mut st = s.lock().expect("state");
    if let Err(why) = verify(&st, &headers, &method, &pq, &signed) {
        drop(st);
        return finish(
            &s,
            &method,
            &path,
            false,
            fail(StatusCode::UNAUTHORIZED, why),
        );
    }
    if let Some(f) = st.faults.pop_front() {
        drop(st);
        return match f {
            Fault::ServerError => finish(
                &s,
                &method,
                &path,
                true,
                fail(StatusCode::SERVICE_UNAVAILABLE, "injected fault"),
            ),
            Fault::MalformedJson => {
                log(&s, &method, &path, true, 200);
                (StatusCode::OK, "<html>not json").into_response()
            }
        };
    }
    let params = params(&query, &bytes);
    let segs: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if let ("GET", ["api", "v1", "documents", id, kind]) = (method.as_str(), segs.as_slice()) {
        let file = document_file(&st, id, kind);
        drop(st);
        return match file {
            Ok((content_type, bytes)) => {
                log(&s, &method, &path, true, 200);
                ([("content-type", content_type)], bytes).into_response()
            }
            Err(r) => finish(&s, &method, &path, true, r),
        };
    }
    let reply = route(&mut st, &method, &segs, &params, files);
    drop(st);
    finish(&s, &method, &path, true, reply)
}

fn log(s: &Shared, method: &str, path: &str, authorized: bool, status: u16) {
    s.lock().expect("state").log.push(LoggedRequest {
        method: method.into(),
        path: path.into(),
        status,
        authorized,
    });
}

fn finish(
    s: &Shared,
    method: &str,
    path: &str,
    authorized: bool,
    (status, env): Reply,
) -> Response {
    log(s, method, path, authorized, status.as_u16());
    (status, axum::Json(env)).into_response()
}

/// `POST /__sandbox/sign {"reference"}`: every pending signer signs;
/// `POST /__sandbox/pay {"order_id"}`: the order is paid at an OXXO;
/// `POST /__sandbox/documents`: every Mifiel document's reference
/// (DynamiCore has no list of them: the sandbox's inbox starts from this).
fn control(s: &Shared, what: &str, body: &[u8]) -> Reply {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let mut st = s.lock().expect("state");
    if what == "documents" {
        return ok(st.documents.iter().map(|d| d["id"].clone()).collect());
    }
    let done = match what {
        "sign" => v["reference"]
            .as_str()
            .is_some_and(|r| sign_all(&mut st, r)),
        "pay" => v["order_id"].as_str().is_some_and(|o| pay(&mut st, o)),
        _ => return fail(StatusCode::NOT_FOUND, "no such control"),
    };
    if done {
        ok(vec![])
    } else {
        not_found(if what == "sign" { "document" } else { "order" })
    }
}

/// Every signer of a document signs (what Mifiel's widget or e-mail does).
pub(super) fn sign_all(st: &mut State, reference: &str) -> bool {
    match st.documents.iter_mut().find(|d| d["id"] == reference) {
        Some(d) => {
            complete(d);
            true
        }
        None => false,
    }
}

/// A Conekta order is paid.
pub(super) fn pay(st: &mut State, id: &str) -> bool {
    let Some(o) = st.orders.iter_mut().find(|o| o["id"] == id) else {
        return false;
    };
    o["payment_status"] = "paid".into();
    let paid_at = o["created_at"].as_i64().unwrap_or(0) + 60;
    if let Some(c) = o["charges"]["data"].get_mut(0) {
        c["status"] = "paid".into();
        c["paid_at"] = paid_at.into();
    }
    true
}

/// A document's files: the original as uploaded (`file`), the signed copy
/// once every signer signed (`file_signed`: the original's bytes, so a
/// test can compare them) and its XML record (`xml`).
fn document_file(st: &State, id: &str, kind: &str) -> Result<(&'static str, Vec<u8>), Reply> {
    let d = st
        .documents
        .iter()
        .find(|d| d["id"] == *id)
        .ok_or_else(|| not_found("document"))?;
    let key = (
        d["client"].as_str().unwrap_or_default().to_string(),
        d["field"].as_str().unwrap_or_default().to_string(),
    );
    let original = st
        .files
        .get(&key)
        .and_then(|f| f.last())
        .map(|f| f.bytes.clone())
        .ok_or_else(|| not_found("file"))?;
    let signed = d["signed_by_all"] == true;
    match kind {
        "file" => Ok(("application/pdf", original)),
        "file_signed" if signed => Ok(("application/pdf", original)),
        "xml" if signed => {
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<documento referencia=\"{id}\" firmado=\"{}\" bytes=\"{}\"/>\n",
                d["signed_at"].as_str().unwrap_or_default(),
                original.len()
            );
            Ok(("application/xml", xml.into_bytes()))
        }
        "file_signed" | "xml" => Err(fail(
            StatusCode::CONFLICT,
            "the document is not signed by everyone yet",
        )),
        _ => Err(not_found("file")),
    }
}

async fn read_files(req: Request<Body>) -> Result<Vec<StoredFile>, Reply> {
    let bad = |_| fail(StatusCode::BAD_REQUEST, "unreadable multipart body");
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|_| fail(StatusCode::BAD_REQUEST, "not multipart"))?;
    let mut files = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("file").to_string();
        let bytes = field.bytes().await.map_err(bad)?.to_vec();
        files.push(StoredFile { name, bytes });
    }
    Ok(files)
}

/// Query parameters and the JSON body in one object; flat bracket keys
/// (`pii[rfc]`) become nested (DYNAMICORE 1.5 #3).
fn params(query: &str, body: &[u8]) -> Map<String, Value> {
    let mut out = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.insert(decode(k), Value::String(decode(v)));
    }
    if let Ok(Value::Object(b)) = serde_json::from_slice::<Value>(body) {
        for (k, v) in b {
            match k
                .split_once('[')
                .and_then(|(a, b)| Some((a, b.strip_suffix(']')?)))
            {
                Some((outer, inner)) if !inner.is_empty() && !inner.contains('[') => {
                    let o = out.entry(outer.to_string()).or_insert_with(|| json!({}));
                    if let Value::Object(m) = o {
                        m.insert(inner.to_string(), v);
                    }
                }
                _ => {
                    out.insert(k, v);
                }
            }
        }
    }
    out
}

/// `application/x-www-form-urlencoded` decoding of one query component.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a stored id (number or string) is `id`.
fn same_id(v: &Value, id: &str) -> bool {
    match v {
        Value::String(s) => s == id,
        Value::Number(n) => n.as_u64().is_some_and(|n| n.to_string() == id),
        _ => false,
    }
}

/// A parameter as text (the seed mixes strings and numbers).
fn text(p: &Map<String, Value>, k: &str) -> Option<String> {
    match p.get(k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn required(p: &Map<String, Value>, keys: &[&str]) -> Result<(), Reply> {
    match keys.iter().find(|k| text(p, k).is_none()) {
        Some(k) => Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{k} is required"),
        )),
        None => Ok(()),
    }
}

fn route(
    st: &mut State,
    method: &str,
    segs: &[&str],
    p: &Map<String, Value>,
    files: Vec<StoredFile>,
) -> Reply {
    let r = match (method, segs) {
        ("POST", ["v1", "clients", "types"]) => create_type(st, p, true),
        ("POST", ["v1", "products", "types"]) => create_type(st, p, false),
        ("GET", ["v1", "catalog", "fields", "client"]) => Ok(ok(st.client_types.clone())),
        ("GET", ["v1", "catalog", "fields", "product"]) => Ok(ok(st.product_types.clone())),
        ("POST", ["private", "clients"]) => create_client(st, p),
        ("PUT", ["private", "clients"]) => update_client(st, p),
        ("GET", ["private", "clients"]) => list_clients(st, p),
        ("POST", ["files", "users", "upload", c, f]) => upload(st, c, f, files),
        ("GET", ["v1", "clients", c, "sat"]) => client_sat(st, c, p),
        ("GET", ["v1", "clients", c, "score"]) => score(st, c),
        ("POST", ["v1", "accounts"]) => create_account(st, p),
        ("GET", ["v1", "accounts"]) => list_accounts(st, p),
        ("GET", ["v1", "accounts", a, "transactions"]) => movements(st, a, true),
        ("GET", ["v1", "accounts", a, "payments"]) => movements(st, a, false),
        ("POST", ["internal", "sat", "sat_key"]) => sat_key(st, p),
        ("GET", ["private", "sat", "data"]) => sat_data(st, p),
        ("POST", ["marketplace", "apps", "mifiel", "documents"]) => mifiel_create(st, p),
        ("GET", ["marketplace", "apps", "mifiel", "documents", id]) => {
            find(&st.documents, id, "document")
        }
        ("POST", ["marketplace", "apps", "conekta", "order", "new_order"]) => conekta_create(st, p),
        ("GET", ["marketplace", "apps", "conekta", "order", "get_order", id]) => {
            find(&st.orders, id, "order")
        }
        _ => Err(fail(StatusCode::NOT_FOUND, "no such endpoint")),
    };
    r.unwrap_or_else(|e| e)
}

type Handled = Result<Reply, Reply>;

fn not_found(what: &str) -> Reply {
    fail(StatusCode::NOT_FOUND, format!("{what} not found"))
}

fn find(items: &[Value], id: &str, what: &str) -> Handled {
    items
        .iter()
        .find(|v| v["id"] == id)
        .map(|v| ok(vec![v.clone()]))
        .ok_or_else(|| not_found(what))
}

fn client_exists(st: &State, id: &str) -> Result<(), Reply> {
    st.clients
        .iter()
        .any(|c| c["id"] == id)
        .then_some(())
        .ok_or_else(|| not_found("client"))
}

fn create_type(st: &mut State, p: &Map<String, Value>, client: bool) -> Handled {
    required(p, &["name"])?;
    let id = st.new_id();
    let t = json!({"id": id, "name": p["name"], "description": p.get("description"), "template": p.get("template").cloned().unwrap_or(json!([]))});
    if client {
        &mut st.client_types
    } else {
        &mut st.product_types
    }
    .push(t.clone());
    Ok(ok(vec![t]))
}

fn check_rfc(v: &Value) -> Result<(), Reply> {
    match v.as_str().map(rules::check_rfc) {
        Some(Ok(())) => Ok(()),
        _ => Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "rfc is not a valid RFC",
        )),
    }
}

fn create_client(st: &mut State, p: &Map<String, Value>) -> Handled {
    required(p, &["client_type"])?;
    let pii = p.get("pii").cloned().unwrap_or(json!({}));
    for k in ["firstname", "lastname", "rfc", "email"] {
        if pii[k].as_str().is_none_or(|s| s.trim().is_empty()) {
            return Err(fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("pii[{k}] is required"),
            ));
        }
    }
    check_rfc(&pii["rfc"])?;
    let id = st.new_id();
    let c = json!({"id": id, "client_type": text(p, "client_type"), "pii": pii, "documents": {}});
    st.clients.push(c.clone());
    Ok(ok(vec![c]))
}

fn update_client(st: &mut State, p: &Map<String, Value>) -> Handled {
    required(p, &["id"])?;
    let id = text(p, "id").unwrap_or_default();
    if let Some(r) = p.get("pii").and_then(|v| v.get("rfc")) {
        check_rfc(r)?;
    }
    let c = st
        .clients
        .iter_mut()
        .find(|c| c["id"] == id.as_str())
        .ok_or_else(|| not_found("client"))?;
    if let Some(Value::Object(m)) = p.get("pii") {
        for (k, v) in m {
            c["pii"][k] = v.clone();
        }
    }
    Ok(ok(vec![c.clone()]))
}

fn list_clients(st: &State, p: &Map<String, Value>) -> Handled {
    match text(p, "id") {
        Some(id) => find(&st.clients, &id, "client"),
        None => Ok(ok(st.clients.clone())),
    }
}

fn upload(st: &mut State, client: &str, field: &str, files: Vec<StoredFile>) -> Handled {
    client_exists(st, client)?;
    // `:pii[acta_constitutiva]` in the seed: accept the bare key or pii[key].
    let field = field
        .strip_prefix("pii%5B")
        .and_then(|f| f.strip_suffix("%5D"))
        .unwrap_or(field)
        .to_string();
    if files.is_empty() {
        return Err(fail(StatusCode::UNPROCESSABLE_ENTITY, "file is required"));
    }
    let listed: Vec<Value> = files
        .iter()
        .map(|f| json!({"name": f.name, "size": f.bytes.len()}))
        .collect();
    st.files
        .entry((client.to_string(), field.clone()))
        .or_default()
        .extend(files);
    if let Some(c) = st.clients.iter_mut().find(|c| c["id"] == client) {
        c["documents"][&field] = json!(listed);
    }
    Ok(ok(vec![
        json!({"client_id": client, "field": field, "files": listed}),
    ]))
}

fn client_sat(st: &State, client: &str, p: &Map<String, Value>) -> Handled {
    client_exists(st, client)?;
    required(p, &["rfc", "type", "pas"])?;
    check_rfc(&p["rfc"])?;
    if text(p, "type").as_deref() == Some("efirma") {
        required(p, &["key", "cer"])?;
    }
    let invoices = st
        .sat_data
        .iter()
        .filter(|d| same_id(&d["client"], client))
        .count();
    Ok(ok(vec![
        json!({"client_id": client, "rfc": text(p, "rfc"), "regimen": "Persona física con actividad empresarial", "situacion": "Activo", "invoices": invoices}),
    ]))
}

fn score(st: &State, client: &str) -> Handled {
    client_exists(st, client)?;
    let n: u64 = client.bytes().map(u64::from).sum();
    let score = 520 + (n * 37) % 300;
    Ok(ok(vec![
        json!({"client_id": client, "score": score, "band": if score >= 700 { "A" } else if score >= 600 { "B" } else { "C" }}),
    ]))
}

fn create_account(st: &mut State, p: &Map<String, Value>) -> Handled {
    required(p, &["client_id", "product", "enabled", "currency"])?;
    let client = text(p, "client_id").unwrap_or_default();
    client_exists(st, &client)?;
    if !matches!(text(p, "enabled").as_deref(), Some("1" | "0")) {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "enabled must be 1 or 0",
        ));
    }
    let id = st.new_id();
    let a = json!({"id": id, "client_id": client, "product": text(p, "product"), "enabled": text(p, "enabled"), "currency": text(p, "currency")});
    st.accounts.push(a.clone());
    st.transactions.insert(id.clone(), Vec::new());
    st.payments.insert(id, Vec::new());
    Ok(ok(vec![a]))
}

fn list_accounts(st: &State, p: &Map<String, Value>) -> Handled {
    required(p, &["client_id"])?;
    let client = text(p, "client_id").unwrap_or_default();
    client_exists(st, &client)?;
    let id = text(p, "id");
    let found: Vec<Value> = st
        .accounts
        .iter()
        .filter(|a| {
            a["client_id"] == client.as_str() && id.as_ref().is_none_or(|i| a["id"] == i.as_str())
        })
        .cloned()
        .collect();
    if id.is_some() && found.is_empty() {
        return Err(not_found("account"));
    }
    Ok(ok(found))
}

fn movements(st: &State, account: &str, transactions: bool) -> Handled {
    let m = if transactions {
        &st.transactions
    } else {
        &st.payments
    };
    m.get(account)
        .map(|v| ok(v.clone()))
        .ok_or_else(|| not_found("account"))
}

/// #15 and #16 share this path: `type` → Load Keys, `start`/`end` → Sync
/// (DYNAMICORE 1.5 #1).
fn sat_key(st: &mut State, p: &Map<String, Value>) -> Handled {
    required(p, &["client"])?;
    let client = text(p, "client").unwrap_or_default();
    client_exists(st, &client)?;
    if p.contains_key("type") {
        required(p, &["type", "pas"])?;
        let t = text(p, "type").unwrap_or_default();
        match t.as_str() {
            "ciec" => {}
            "efirma" => required(p, &["key", "cer"])?,
            _ => {
                return Err(fail(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "type must be ciec or efirma",
                ))
            }
        }
        st.sat_keys.insert(client.clone(), t.clone());
        return Ok(ok(vec![
            json!({"client": client, "type": t, "loaded": true}),
        ]));
    }
    required(p, &["start", "end"])?;
    let dates = (
        rules::parse_date(&text(p, "start").unwrap_or_default()),
        rules::parse_date(&text(p, "end").unwrap_or_default()),
    );
    let (Ok(start), Ok(end)) = dates else {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "start and end must be dates as YYYY-MM-DD",
        ));
    };
    if end < start {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "end is before start",
        ));
    }
    if !st.sat_keys.contains_key(&client) {
        return Err(fail(StatusCode::CONFLICT, "load the SAT keys first"));
    }
    let job = json!({"client": client, "start": text(p, "start"), "end": text(p, "end"), "status": "queued"});
    st.sat_syncs.push(job.clone());
    Ok(ok(vec![job]))
}

fn sat_data(st: &State, p: &Map<String, Value>) -> Handled {
    required(p, &["client"])?;
    let client = text(p, "client").unwrap_or_default();
    let num = |k: &str, d: usize| {
        text(p, k).map_or(Ok(d), |v| {
            v.parse::<usize>().ok().filter(|n| *n > 0).ok_or(())
        })
    };
    let (Ok(limit), Ok(page)) = (num("limit", 50), num("page", 1)) else {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "limit and page must be positive numbers",
        ));
    };
    let (start, end) = (text(p, "start"), text(p, "end"));
    let all: Vec<&Value> = st
        .sat_data
        .iter()
        .filter(|d| same_id(&d["client"], &client))
        .filter(|d| {
            start
                .as_deref()
                .is_none_or(|s| d["fecha"].as_str() >= Some(s))
        })
        .filter(|d| {
            end.as_deref()
                .is_none_or(|e| d["fecha"].as_str() <= Some(e))
        })
        .collect();
    let total = all.len() as u64;
    let data = all
        .into_iter()
        .skip((page - 1) * limit)
        .take(limit)
        .cloned()
        .collect();
    let (status, mut env) = ok(data);
    env.message.total = total;
    Ok((status, env))
}

fn mifiel_create(st: &mut State, p: &Map<String, Value>) -> Handled {
    required(p, &["id", "type", "field"])?;
    let client = text(p, "id").unwrap_or_default();
    let field = text(p, "field").unwrap_or_default();
    client_exists(st, &client)?;
    if !st.files.contains_key(&(client.clone(), field.clone())) {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "upload the document into that field first",
        ));
    }
    let Some(Value::Array(people)) = p
        .get("signatories")
        .filter(|v| v.as_array().is_some_and(|a| !a.is_empty()))
    else {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "signatories is required",
        ));
    };
    let people = people.clone();
    let rng = st.rng();
    let mut signers = Vec::new();
    for s in &people {
        let (Some(name), Some(email), Some(tax)) = (
            s["name"].as_str(),
            s["email"].as_str(),
            s["tax_id"].as_str(),
        ) else {
            return Err(fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                "each signatory needs name, email and tax_id",
            ));
        };
        signers.push(data::signer(rng, name, email, tax, false));
    }
    let reference = rng.uuid();
    let mut doc = data::document(&reference, &client, &field, "pending", None, signers);
    doc["file_file_name"] = st.files[&(client.clone(), field.clone())]
        .last()
        .map_or(Value::Null, |f| f.name.clone().into());
    doc["external_id"] = p.get("external_id").cloned().unwrap_or(Value::Null);
    doc["days_to_expire"] = p.get("day_to_expire").cloned().unwrap_or(Value::Null);
    // Created now; expiring `day_to_expire` days from now when given.
    let now = time::OffsetDateTime::now_utc();
    let stamp = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .map_or(Value::Null, Value::from)
    };
    doc["created_at"] = stamp(now);
    if let Some(days) = p.get("day_to_expire").and_then(Value::as_u64) {
        doc["expires_at"] = stamp(now + time::Duration::days(days.min(3650) as i64));
    }
    doc["remind_every"] = p.get("remind_every").cloned().unwrap_or(Value::Null);
    doc["message_for_signers"] = p.get("message_for_signers").cloned().unwrap_or(Value::Null);
    doc["send_mail"] = p.get("send_invites").cloned().unwrap_or(json!(false));
    doc["viewers"] = p.get("viewers").cloned().unwrap_or(json!([]));
    st.documents.push(doc);
    Ok(ok(vec![
        json!({"reference": reference, "id": client, "type": "client", "field": field}),
    ]))
}

/// A document every signer has signed.
pub(super) fn complete(d: &mut Value) {
    let id = d["id"].as_str().unwrap_or_default().to_string();
    d["state"] = "completed".into();
    d["signed"] = true.into();
    d["signed_by_all"] = true.into();
    d["status"] = json!([1, "SIGNED"]);
    d["signed_at"] = "2026-11-30T12:00:00.000Z".into();
    d["file_signed"] = format!("/api/v1/documents/{id}/file_signed").into();
    d["file_xml"] = format!("/api/v1/documents/{id}/xml").into();
    if let Some(signers) = d["signers"].as_array_mut() {
        for s in signers {
            s["signed"] = true.into();
            s["current"] = false.into();
        }
    }
}

fn conekta_create(st: &mut State, p: &Map<String, Value>) -> Handled {
    required(p, &["account", "operation"])?;
    let account = text(p, "account").unwrap_or_default();
    if !st.accounts.iter().any(|a| a["id"] == account.as_str()) {
        return Err(not_found("account"));
    }
    let items = p.get("items").cloned().unwrap_or(Value::Null);
    let (Some(name), Some(price), Some(qty)) = (
        items["name"].as_str(),
        items["unit_price"].as_u64(),
        items["quantity"].as_u64(),
    ) else {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "items needs name, unit_price (cents) and quantity",
        ));
    };
    if price == 0 || qty == 0 {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unit_price and quantity must be positive",
        ));
    }
    let method = p
        .get("payment_method")
        .and_then(|m| m["type"].as_str())
        .unwrap_or("");
    if method != "oxxo_cash" {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "payment_method.type must be oxxo_cash",
        ));
    }
    if p.get("customer_info")
        .and_then(|c| c["name"].as_str())
        .is_none()
    {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "customer_info.name is required",
        ));
    }
    let operation = p.get("operation").and_then(Value::as_u64).unwrap_or(0);
    let rng = st.rng();
    let id = format!("ord_{}", &rng.hex(17));
    let mut order = data::order(
        rng,
        &id,
        account.parse().unwrap_or(0),
        operation,
        name,
        price,
        qty,
        false,
    );
    order["customer_info"] = p["customer_info"].clone();
    st.orders.push(order);
    Ok(ok(vec![json!({
        "id": id, "channel": "oxxo_cash", "amount": price * qty, "operation": operation,
        "account": account.parse::<u64>().unwrap_or(0), "company": 2941, "active": "0",
        "config": p.get("config").cloned().unwrap_or(json!({})),
    })]))
}
