//! Routes and handlers of the SIGNIO simulator. Every reply is HTTP 200 with
//! the outcome in `codigo`/`mensaje` (6.1–6.15) or `code`/`message`
//! (6.16–6.23); 6.24 answers `{url}`.

// Handlers bail out early with the reply to send; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use futures_util::StreamExt;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use tokio::io::AsyncWriteExt;

use super::data::{self, Content, SimContact, SimDoc, SimEnvelope, SimLink};
use super::{Fault, Inner, LoggedRequest, Shared};
use crate::status;

type S = State<Arc<Shared>>;

/// Which reply envelope an operation uses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Es,
    En,
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/token/crear", post(token_create))
        .route("/transacciones/listar", post(list))
        .route("/tags/listar", post(tags))
        .route("/transacciones/listar_base", post(list_base))
        .route("/transacciones/crear", post(create))
        .route("/transacciones/cargar_documento", post(upload))
        .route("/transacciones/registrar_contacto", post(add_contact))
        .route("/transacciones/vincular", post(link))
        .route("/transacciones/cambiar_orden", post(order))
        .route("/transacciones/distribuir", post(distribute))
        .route("/transacciones/obtener", post(get_envelope))
        .route("/transacciones/devolver", post(return_envelope))
        .route("/transacciones/eliminar", post(delete))
        .route("/documentos/proteger", post(protect))
        .route("/transacciones/campos_plantillas", post(template_fields))
        .route("/envelopes", get(search))
        .route("/templates", get(templates))
        .route("/envelopes/{envelope_id}/templates", post(use_template))
        .route(
            "/envelopes/{envelope_id}/templates/{document_id}",
            put(update_template),
        )
        .route("/envelopes/{envelope_id}/magic-link", get(magic_link))
        .route("/auth/tokens", post(auth_tokens))
        .route("/envelopes/{envelope_id}/tve", post(tve_upload))
        .route("/envelopes/{envelope_id}/tve/{documento_id}", put(tve_edit))
        .route("/envelope/onpremise/get-signed-url", put(onsite_url))
        .route("/archivos/{envelope_id}/{document_id}", get(download))
        .route("/__sandbox/{action}", post(super::control::handle))
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not Found") })
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

fn json_reply(body: Value) -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn reply(style: Style, code: &str, msg: &str, extra: Value) -> Response {
    let mut m = match extra {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let (c, t) = match style {
        Style::Es => ("codigo", "mensaje"),
        Style::En => ("code", "message"),
    };
    m.insert(c.into(), code.into());
    // 6.11 uses `mensaje` for the envelope's message; the status text then goes unsaid.
    m.entry(t.to_string()).or_insert_with(|| msg.into());
    json_reply(Value::Object(m))
}

fn ok(style: Style, extra: Value) -> Response {
    reply(style, "00", "Operación correcta", extra)
}

fn not_found(style: Style, what: &str) -> Response {
    reply(
        style,
        "06",
        &format!("Recurso no encontrado: {what}"),
        json!({}),
    )
}

fn unprocessable(style: Style, errores: Vec<(String, String)>, extra: Value) -> Response {
    let mut m = match extra {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    m.insert(
        "errores".into(),
        Value::Array(
            errores
                .into_iter()
                .map(|(c, msg)| json!({"campo": c, "mensaje": msg}))
                .collect(),
        ),
    );
    reply(style, "05", "Contenido no procesable", Value::Object(m))
}

fn state_error(style: Style, msg: &str, extra: Value) -> Response {
    unprocessable(style, vec![("estado".into(), msg.into())], extra)
}

/// Log the request (method + path), apply latency and injected faults.
async fn gate(State(s): S, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    // Injected faults are for the API; logins and the sandbox controls pass.
    let is_login =
        path == "/token/crear" || path == "/auth/tokens" || path.starts_with("/__sandbox/");
    let is_file = path.starts_with("/archivos/");
    let (latency, fault) = {
        let mut g = s.lock();
        g.requests.push(LoggedRequest {
            method: req.method().to_string(),
            path: path.clone(),
            at: std::time::SystemTime::now(),
        });
        let fault = if is_login {
            None
        } else {
            match g.faults.front().copied() {
                Some(Fault::DropMidDownload) if !is_file => None,
                Some(_) => g.faults.pop_front(),
                None => None,
            }
        };
        (g.latency, fault)
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let style = if path.starts_with("/transacciones")
        || path.starts_with("/documentos")
        || path.starts_with("/tags")
    {
        Style::Es
    } else {
        Style::En
    };
    match fault {
        Some(Fault::ServerError) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
        }
        Some(Fault::InvalidToken) => return reply(style, "01", "Token inválido", json!({})),
        Some(Fault::InternalError) => return reply(style, "04", "Error interno", json!({})),
        Some(Fault::MalformedJson) => {
            return (
                StatusCode::OK,
                [("content-type", "application/json")],
                "{\"codigo\": ",
            )
                .into_response()
        }
        Some(Fault::DropMidDownload) => {
            let mut resp = next.run(req).await;
            resp.extensions_mut().insert(DropHalf);
            return cut_body(resp).await;
        }
        None => {}
    }
    next.run(req).await
}

#[derive(Clone, Copy)]
struct DropHalf;

/// Send the first half of a file body, then fail the stream (connection dropped).
async fn cut_body(resp: Response) -> Response {
    let (parts, body) = resp.into_parts();
    let len: usize = parts
        .headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut left = len / 2;
    let stream = body.into_data_stream().map(move |chunk| match chunk {
        Ok(c) if left == 0 => {
            let _ = c;
            Err(std::io::Error::other("simulated connection drop"))
        }
        Ok(c) if c.len() > left => {
            let part = c.slice(..left);
            left = 0;
            Ok(part)
        }
        Ok(c) => {
            left -= c.len();
            Ok(c)
        }
        Err(e) => Err(std::io::Error::other(e.to_string())),
    });
    // After the half, one more poll yields the error.
    let failing = stream.chain(futures_util::stream::once(async {
        Err(std::io::Error::other("simulated connection drop"))
    }));
    Response::from_parts(parts, Body::from_stream(failing))
}

/// The bearer token's tenant, or the `01` reply.
fn auth(g: &mut Inner, headers: &HeaderMap, style: Style) -> Result<String, Response> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let now = g.now();
    match g.tokens.get(token) {
        Some((tenant, exp)) if *exp > now => {
            if !g.user_active {
                return Err(reply(style, "02", "Usuario inactivo", json!({})));
            }
            if !g.client_active {
                return Err(reply(style, "03", "Cliente inactivo", json!({})));
            }
            Ok(tenant.clone())
        }
        _ => Err(reply(style, "01", "Token inválido o vencido", json!({}))),
    }
}

fn body_json(body: &Bytes) -> Value {
    if body.is_empty() {
        return json!({});
    }
    serde_json::from_slice(body).unwrap_or(Value::Null)
}

fn s(v: &Value, k: &str) -> Option<String> {
    match v.get(k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some((*b as u8).to_string()),
        _ => None,
    }
}

/// A 0/1 flag (numbers, "0"/"1", booleans). `Err` when present and invalid.
fn flag(v: &Value, k: &str, errs: &mut Vec<(String, String)>) -> Option<bool> {
    let r = match v.get(k)? {
        Value::Null => return None,
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.as_str() {
            "0" | "false" => Some(false),
            "1" | "true" => Some(true),
            _ => None,
        },
        _ => None,
    };
    if r.is_none() {
        errs.push((k.into(), "debe ser 0 o 1".into()));
    }
    r
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn text(
    v: &Value,
    k: &str,
    required: bool,
    max: usize,
    errs: &mut Vec<(String, String)>,
) -> Option<String> {
    match s(v, k) {
        None | Some(_) if required && s(v, k).is_none_or(|x| x.trim().is_empty()) => {
            errs.push((k.into(), "es obligatorio".into()));
            None
        }
        Some(x) if chars(&x) > max => {
            errs.push((k.into(), format!("máximo {max} caracteres")));
            None
        }
        other => other,
    }
}

fn email_ok(e: &str) -> bool {
    matches!(e.split_once('@'), Some((l, d)) if !l.is_empty() && d.contains('.') && !d.contains('@')
        && !d.starts_with('.') && !d.ends_with('.') && !e.contains(char::is_whitespace))
}

fn fmt_time(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn parse_time(s: &str, end_of_day: bool) -> Option<i64> {
    if let Ok(t) = time::OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(s.get(..10)?, &fmt).ok()?;
    if s.len() > 10 {
        let fmt2 =
            time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        if let Ok(p) = time::PrimitiveDateTime::parse(s, &fmt2) {
            return Some(p.assume_utc().unix_timestamp());
        }
        return None;
    }
    let t = if end_of_day {
        time::Time::from_hms(23, 59, 59).ok()?
    } else {
        time::Time::MIDNIGHT
    };
    Some(
        time::PrimitiveDateTime::new(d, t)
            .assume_utc()
            .unix_timestamp(),
    )
}

pub(crate) fn has_signed(env: &SimEnvelope, signer_id: &str) -> bool {
    env.links
        .iter()
        .filter(|l| l.signer_id == signer_id && !l.attachment)
        .all(|l| {
            env.signatures
                .iter()
                .any(|x| x.signer_id == signer_id && x.document_id == l.document_id)
        })
}

pub(crate) enum Original {
    Bytes(Vec<u8>),
    File(PathBuf),
}

pub(crate) fn original(doc: &SimDoc) -> Original {
    match &doc.content {
        Content::Demo => Original::Bytes(data::demo_bytes(&doc.id, &doc.name)),
        Content::File(p) => Original::File(p.clone()),
    }
}

/// The deterministic signature trailer appended to a document once signed.
pub(crate) fn trailer(env: &SimEnvelope, document_id: &str) -> Vec<u8> {
    let sigs: Vec<_> = env
        .signatures
        .iter()
        .filter(|s| s.document_id == document_id)
        .collect();
    if sigs.is_empty() {
        return Vec::new();
    }
    let mut t = String::from("\n%%SIGNIO-SANDBOX-FIRMAS\n");
    for sig in sigs {
        let who = env.contacts.iter().find(|c| c.id == sig.signer_id);
        let (name, idt, id) = who
            .map(|c| {
                (
                    c.name.as_str(),
                    c.identity_type.as_str(),
                    c.identity.as_str(),
                )
            })
            .unwrap_or(("?", "?", "?"));
        let verb = if sig.approval { "aprobado" } else { "firmado" };
        t.push_str(&format!(
            "% {verb} por {name} ({idt} {id}) el {}\n",
            fmt_time(sig.at)
        ));
    }
    t.push_str("%%FIN-FIRMAS\n");
    t.into_bytes()
}

// ------------------------------------------------------------------ auth

async fn token_create(State(sh): S, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    if s(&v, "email").as_deref() != Some(data::DEMO_EMAIL)
        || s(&v, "password").as_deref() != Some(data::DEMO_PASSWORD)
    {
        return reply(
            Style::Es,
            "01",
            "Credenciales inválidas",
            json!({"token": ""}),
        );
    }
    if !g.user_active {
        return reply(Style::Es, "02", "Usuario inactivo", json!({"token": ""}));
    }
    if !g.client_active {
        return reply(Style::Es, "03", "Cliente inactivo", json!({"token": ""}));
    }
    let token = format!("sgn_{}", g.rng.hex(48));
    let exp = g.now() + g.token_lifetime.as_secs() as i64;
    g.tokens
        .insert(token.clone(), (data::TENANTS[0].to_string(), exp));
    ok(Style::Es, json!({"token": token}))
}

async fn auth_tokens(State(sh): S, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    if s(&v, "email").as_deref() != Some(data::DEMO_EMAIL)
        || s(&v, "password").as_deref() != Some(data::DEMO_PASSWORD)
    {
        // 6.21's code list has no 01; refused credentials are "02" here.
        return reply(
            Style::En,
            "02",
            "Usuario o contraseña inválidos",
            json!({"tokens": []}),
        );
    }
    if !g.user_active {
        return reply(Style::En, "02", "Usuario inactivo", json!({"tokens": []}));
    }
    if !g.client_active {
        return reply(Style::En, "03", "Cliente inactivo", json!({"tokens": []}));
    }
    let ttl = match v.get("ttl") {
        None | Some(Value::Null) => 120,
        Some(t) => match t.as_i64() {
            Some(t) if (1..=10_080).contains(&t) => t,
            _ => {
                return reply(
                    Style::En,
                    "04",
                    "ttl debe ser un entero de minutos entre 1 y 10080",
                    json!({"tokens": []}),
                )
            }
        },
    };
    let ttl = ttl.min(g.token_lifetime.as_secs() as i64 / 60).max(1);
    let now = g.now();
    let mut tokens = Vec::new();
    for t in data::TENANTS {
        let token = format!("sgn_{}", g.rng.hex(48));
        let exp = now + ttl * 60;
        g.tokens.insert(token.clone(), (t.to_string(), exp));
        tokens.push(json!({"token": token, "tenant": t, "expires_at": fmt_time(exp)}));
    }
    ok(Style::En, json!({"tokens": tokens}))
}

// ------------------------------------------------------------------ lists

fn summary_es(e: &SimEnvelope) -> Value {
    json!({
        "id_transaccion": e.id, "nombre": e.name, "estado": e.state,
        "fecha_creacion": fmt_time(e.created_at), "fecha_actualizacion": fmt_time(e.updated_at),
        "cantidad_documentos": e.documents.len(),
    })
}

async fn list(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    if let Err(r) = auth(&mut g, &headers, Style::Es) {
        return r;
    }
    let estado = match v.get("estado") {
        None | Some(Value::Null) => 0,
        Some(x) => match x
            .as_i64()
            .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
        {
            Some(n) if [0, 1, 2, 3, 4, 6, 7, 8].contains(&n) => n as u8,
            _ => {
                return unprocessable(
                    Style::Es,
                    vec![(
                        "estado".into(),
                        "valores permitidos: 0, 1, 2, 3, 4, 6, 7".into(),
                    )],
                    json!({"transacciones": []}),
                )
            }
        },
    };
    let items: Vec<Value> = g
        .world
        .envelopes
        .iter()
        .filter(|e| estado == 0 || e.state == estado)
        .map(summary_es)
        .collect();
    ok(Style::Es, json!({"transacciones": items}))
}

async fn tags(State(sh): S, headers: HeaderMap) -> Response {
    let mut g = sh.lock();
    if let Err(r) = auth(&mut g, &headers, Style::Es) {
        return r;
    }
    let t: Vec<Value> = g
        .world
        .tags
        .iter()
        .map(|(id, n)| json!({"id": id, "nombre": n}))
        .collect();
    ok(Style::Es, json!({"tags": t}))
}

async fn list_base(State(sh): S, headers: HeaderMap) -> Response {
    let mut g = sh.lock();
    if let Err(r) = auth(&mut g, &headers, Style::Es) {
        return r;
    }
    let items: Vec<Value> = g
        .world
        .envelopes
        .iter()
        .filter(|e| e.base)
        .map(summary_es)
        .collect();
    ok(Style::Es, json!({"transacciones": items}))
}

async fn search(
    State(sh): S,
    headers: HeaderMap,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let mut g = sh.lock();
    if let Err(r) = auth(&mut g, &headers, Style::En) {
        return r;
    }
    let get = |k: &str| q.iter().find(|(a, _)| a == k).map(|(_, b)| b.clone());
    let bad = |m: &str| reply(Style::En, "04", m, json!({"envelopes": []}));
    let name = get("filter[name]").map(|n| n.to_lowercase());
    let from = match get("filter[from]") {
        Some(f) => match parse_time(&f, false) {
            Some(t) => Some(t),
            None => return bad("filter[from] no es una fecha válida"),
        },
        None => None,
    };
    let to = match get("filter[to]") {
        Some(f) => match parse_time(&f, true) {
            Some(t) => Some(t),
            None => return bad("filter[to] no es una fecha válida"),
        },
        None => None,
    };
    let states: Option<Vec<u8>> = match get("filter[status]").as_deref() {
        None => None,
        Some("En Proceso") => Some(vec![1, 7]),
        Some("Pendiente de Firma") => Some(vec![2]),
        Some("Firmada") => Some(vec![3]),
        Some("Rechazada") => Some(vec![4]),
        Some("Suspendida") => Some(vec![6]),
        Some(_) => return bad("filter[status] no válido: En Proceso, Pendiente de Firma, Firmada, Rechazada, Suspendida"),
    };
    let offset = match get("offset") {
        None => 0usize,
        Some(o) => match o.parse::<usize>() {
            Ok(n) => n,
            Err(_) => return bad("offset debe ser un entero no negativo"),
        },
    };
    let mut items: Vec<&SimEnvelope> = g
        .world
        .envelopes
        .iter()
        .filter(|e| {
            name.as_ref()
                .is_none_or(|n| e.name.to_lowercase().contains(n))
        })
        .filter(|e| from.is_none_or(|f| e.updated_at >= f))
        .filter(|e| to.is_none_or(|t| e.updated_at <= t))
        .filter(|e| states.as_ref().is_none_or(|s| s.contains(&e.state)))
        .collect();
    if let Some(sort) = get("sort") {
        let (desc, field) = match sort.split_at_checked(1) {
            Some(("-", f)) => (true, f.to_string()),
            Some(("+", f)) | Some((" ", f)) => (false, f.to_string()),
            _ => (false, sort.clone()),
        };
        match field.as_str() {
            "name" => items.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id))),
            "status" => items.sort_by(|a, b| {
                status::name(a.state)
                    .cmp(status::name(b.state))
                    .then(a.id.cmp(&b.id))
            }),
            "created_at" => {
                items.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)))
            }
            "updated_at" => {
                items.sort_by(|a, b| a.updated_at.cmp(&b.updated_at).then(a.id.cmp(&b.id)))
            }
            _ => return bad("sort no válido: ±name, ±status, ±created_at, ±updated_at"),
        }
        if desc {
            items.reverse();
        }
    }
    let page: Vec<Value> = items
        .into_iter()
        .skip(offset)
        .take(1000)
        .map(|e| {
            json!({"id": e.id, "name": e.name, "status": status::name(e.state),
                   "created_at": fmt_time(e.created_at), "updated_at": fmt_time(e.updated_at),
                   "documents_count": e.documents.len()})
        })
        .collect();
    ok(Style::En, json!({"envelopes": page}))
}

async fn templates(State(sh): S, headers: HeaderMap) -> Response {
    let mut g = sh.lock();
    if let Err(r) = auth(&mut g, &headers, Style::En) {
        return r;
    }
    let t: Vec<Value> = g
        .world
        .templates
        .iter()
        .map(|t| {
            json!({"id": t.id, "name": t.name, "description": t.description, "type": t.kind,
                   "status": t.status, "protected": t.protected, "roles": t.roles,
                   "created_at": fmt_time(t.created_at)})
        })
        .collect();
    ok(Style::En, json!({"templates": t}))
}

// ------------------------------------------------------------------ envelope writes

async fn create(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    if let Err(r) = auth(&mut g, &headers, Style::Es) {
        return r;
    }
    let zero = json!({"id_transaccion": "0"});
    if !v.is_object() {
        return unprocessable(
            Style::Es,
            vec![("cuerpo".into(), "debe ser un objeto JSON".into())],
            zero,
        );
    }
    let mut errs = Vec::new();
    let nombre = text(&v, "nombre", true, 255, &mut errs);
    let mensaje = text(&v, "mensaje", false, 5000, &mut errs);
    let ciclo = flag(&v, "ciclo_aprobacion", &mut errs);
    let rechazo = flag(&v, "op_btnRechazo", &mut errs);
    for k in ["op_certLegops", "op_firmasProcesadas", "notificar_contacto"] {
        flag(&v, k, &mut errs);
    }
    let pe = flag(&v, "permiteEdicion", &mut errs);
    let pef = flag(&v, "permiteEdicionFirmantes", &mut errs);
    let onp = flag(&v, "on_premise_signature", &mut errs);
    if let Some(f) = s(&v, "op_foto") {
        if !["NO", "OP", "OB"].contains(&f.as_str()) {
            errs.push(("op_foto".into(), "valores permitidos: NO, OP, OB".into()));
        }
    }
    let dedup = text(&v, "envelopeDeduplicationKey", false, 36, &mut errs);
    if let Some(cc) = s(&v, "cc") {
        if cc.split(',').any(|e| !email_ok(e.trim())) {
            errs.push(("cc".into(), "contiene correos no válidos".into()));
        }
    }
    let base = s(&v, "id_transaccion_base");
    if let Some(b) = &base {
        if !g.world.envelopes.iter().any(|e| e.base && e.id == *b) {
            errs.push((
                "id_transaccion_base".into(),
                "no existe una transacción base con ese id".into(),
            ));
        }
    }
    if !errs.is_empty() {
        return unprocessable(Style::Es, errs, zero);
    }
    if let Some(k) = &dedup {
        if let Some(e) = g
            .world
            .envelopes
            .iter()
            .find(|e| e.dedup_key.as_deref() == Some(k))
        {
            return ok(Style::Es, json!({"id_transaccion": e.id}));
        }
    }
    let now = g.now();
    let id = g.rng.uuid();
    let mut env = SimEnvelope {
        id: id.clone(),
        name: nombre.unwrap_or_default(),
        message: mensaje.unwrap_or_default(),
        approval_cycle: ciclo.unwrap_or(false),
        state: 1,
        created_at: now,
        updated_at: now,
        base: false,
        allow_reject: rechazo.unwrap_or(true),
        approvers_may_return: pe.unwrap_or(false),
        signers_may_return: pef.unwrap_or(false),
        on_premise: onp.unwrap_or(false),
        dedup_key: dedup,
        documents: Vec::new(),
        contacts: Vec::new(),
        links: Vec::new(),
        signatures: Vec::new(),
        observations: Vec::new(),
    };
    if let Some(b) = base {
        if let Some(src) = g.world.envelopes.iter().find(|e| e.id == b) {
            env.contacts = src.contacts.clone();
            env.documents = src
                .documents
                .iter()
                .filter(|d| matches!(d.content, Content::Demo))
                .cloned()
                .collect();
            env.links = src.links.clone();
        }
    }
    g.world.envelopes.push(env);
    ok(Style::Es, json!({"id_transaccion": id}))
}

/// Find an envelope by the request's id; `Err` = the reply to send.
fn envelope_idx(
    g: &Inner,
    id: Option<&str>,
    style: Style,
    extra: Value,
) -> Result<usize, Response> {
    match id {
        None => Err(unprocessable(
            style,
            vec![("id_transaccion".into(), "es obligatorio".into())],
            extra,
        )),
        Some(id) => g
            .world
            .find(id)
            .ok_or_else(|| not_found(style, "transacción")),
    }
}

/// The preamble of most envelope operations: a valid token, then the
/// envelope `id` (its index in the world).
fn authed_envelope(
    g: &mut Inner,
    headers: &HeaderMap,
    id: Option<&str>,
    style: Style,
    extra: Value,
) -> Result<usize, Response> {
    auth(g, headers, style)?;
    envelope_idx(g, id, style, extra)
}

/// [`authed_envelope`] for operations that change a draft: the envelope must
/// be in elaboration (1).
fn authed_draft(
    g: &mut Inner,
    headers: &HeaderMap,
    id: Option<&str>,
    style: Style,
    extra: Value,
) -> Result<usize, Response> {
    let idx = authed_envelope(g, headers, id, style, extra.clone())?;
    in_draft(&g.world.envelopes[idx], style, extra)?;
    Ok(idx)
}

fn in_draft(env: &SimEnvelope, style: Style, extra: Value) -> Result<(), Response> {
    if env.state == 1 {
        Ok(())
    } else {
        Err(state_error(
            style,
            &format!(
                "la transacción no está en elaboración (estado {})",
                env.state
            ),
            extra,
        ))
    }
}

const FILE_TYPES: &[&str] = &["doc", "docx", "xls", "xlsx", "png", "jpg", "pdf"];

struct Received {
    texts: BTreeMap<String, String>,
    file: Option<(String, tempfile::TempPath, u64)>,
}

/// Read a multipart body, streaming the file field `file_field` into the
/// sandbox's store. A broken stream keeps nothing.
async fn receive(sh: &Shared, mut mp: Multipart, file_field: &str) -> Result<Received, String> {
    let mut texts = BTreeMap::new();
    let mut file = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(format!("multipart inválido: {e}")),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == file_field {
            let fname = field.file_name().unwrap_or("").to_string();
            let tmp = tempfile::Builder::new()
                .prefix("doc-")
                .tempfile_in(sh.files.path())
                .map_err(|e| format!("almacenamiento: {e}"))?;
            let (f, path) = tmp.into_parts();
            let mut out =
                tokio::io::BufWriter::with_capacity(256 * 1024, tokio::fs::File::from_std(f));
            let mut n = 0u64;
            let mut field = field;
            loop {
                match field.chunk().await {
                    Ok(Some(c)) => {
                        n += c.len() as u64;
                        out.write_all(&c)
                            .await
                            .map_err(|e| format!("almacenamiento: {e}"))?;
                    }
                    Ok(None) => break,
                    Err(e) => return Err(format!("archivo incompleto: {e}")),
                }
            }
            out.flush()
                .await
                .map_err(|e| format!("almacenamiento: {e}"))?;
            file = Some((fname, path, n));
        } else {
            let t = field
                .text()
                .await
                .map_err(|e| format!("campo {name}: {e}"))?;
            texts.insert(name, t);
        }
    }
    Ok(Received { texts, file })
}

fn ext(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

async fn upload(State(sh): S, headers: HeaderMap, mp: Multipart) -> Response {
    let zero = json!({"id_documento": "0"});
    {
        let mut g = sh.lock();
        if let Err(r) = auth(&mut g, &headers, Style::Es) {
            return r;
        }
    }
    let rec = match receive(&sh, mp, "documento").await {
        Ok(r) => r,
        Err(m) => return unprocessable(Style::Es, vec![("documento".into(), m)], zero),
    };
    let mut errs = Vec::new();
    let Some((fname, path, size)) = rec.file else {
        return unprocessable(
            Style::Es,
            vec![("documento".into(), "es obligatorio".into())],
            zero,
        );
    };
    if !FILE_TYPES.contains(&ext(&fname).as_str()) {
        errs.push((
            "documento".into(),
            "tipos permitidos: doc, docx, xls, xlsx, png, jpg, pdf".into(),
        ));
    }
    if size == 0 {
        errs.push(("documento".into(), "el archivo está vacío".into()));
    }
    if chars(&fname) > 255 {
        errs.push((
            "documento".into(),
            "nombre de archivo demasiado largo".into(),
        ));
    }
    if let Some(m) = rec.texts.get("metatags") {
        if !serde_json::from_str::<Value>(m).is_ok_and(|v| v.is_object()) {
            errs.push(("metatags".into(), "debe ser un objeto JSON".into()));
        }
    }
    let mut g = sh.lock();
    let idx = match envelope_idx(
        &g,
        rec.texts.get("id_transaccion").map(String::as_str),
        Style::Es,
        zero.clone(),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    if let Err(r) = in_draft(&g.world.envelopes[idx], Style::Es, zero.clone()) {
        return r;
    }
    if !errs.is_empty() {
        return unprocessable(Style::Es, errs, zero);
    }
    let kept = match path.keep() {
        Ok(p) => p,
        Err(_) => return reply(Style::Es, "04", "Error interno guardando el archivo", zero),
    };
    let id = data::document_id(&mut g.rng);
    let now = g.now();
    let env = &mut g.world.envelopes[idx];
    env.documents.push(SimDoc {
        id: id.clone(),
        name: fname,
        size,
        content: Content::File(kept),
        protected: false,
        template_id: None,
        fields: BTreeMap::new(),
        tve: false,
    });
    env.updated_at = now;
    ok(Style::Es, json!({"id_documento": id}))
}

const IDENTITY_TYPES: &[&str] = &["CC", "CD", "CE", "OT", "PP", "PS", "TI", "VI"];

async fn add_contact(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let zero = json!({"id_firmante": "0"});
    let mut g = sh.lock();
    let idx = match authed_draft(
        &mut g,
        &headers,
        s(&v, "id_transaccion").as_deref(),
        Style::Es,
        zero.clone(),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut errs = Vec::new();
    let nombre = text(&v, "nombre", true, 50, &mut errs);
    let tipo = text(&v, "tipo_identificacion", true, 3, &mut errs);
    if let Some(t) = &tipo {
        if !IDENTITY_TYPES.contains(&t.as_str()) {
            errs.push((
                "tipo_identificacion".into(),
                "valores permitidos: CC, CD, CE, OT, PP, PS, TI, VI".into(),
            ));
        }
    }
    let ident = text(&v, "identificacion", true, 20, &mut errs);
    let email = text(&v, "email", true, 50, &mut errs);
    if let Some(e) = &email {
        if !email_ok(e) {
            errs.push(("email".into(), "no es un correo válido".into()));
        }
    }
    text(&v, "celular", false, 15, &mut errs);
    text(&v, "razonsocial", false, 45, &mut errs);
    text(&v, "company_identification_type", false, 5, &mut errs);
    text(&v, "company_identification", false, 30, &mut errs);
    if let Some(si) = s(&v, "servicio_identidad") {
        if !["basic", "experian", "experian_lite"].contains(&si.as_str()) {
            errs.push((
                "servicio_identidad".into(),
                "valores permitidos: basic, experian, experian_lite".into(),
            ));
        }
    }
    let rol = s(&v, "rol");
    if let Some(r) = &rol {
        if r != "Notificado" {
            errs.push(("rol".into(), "valores permitidos: Notificado".into()));
        }
    }
    if let Some(st) = v.get("states") {
        let okay = st.as_array().is_some_and(|a| {
            a.iter()
                .all(|x| x.as_i64().is_some_and(|n| [3, 4, 6, 8].contains(&n)))
        });
        if !okay {
            errs.push(("states".into(), "estados permitidos: 3, 4, 6, 8".into()));
        }
    }
    let aprobador = flag(&v, "aprobador", &mut errs);
    let tipo_firma = flag(&v, "tipo_firma", &mut errs);
    flag(&v, "tipo_firmante", &mut errs);
    let onp = flag(&v, "on_premise_signature", &mut errs);
    let comments = match v.get("enable_comments") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(x) if x.as_i64() == Some(0) || x.as_i64() == Some(1) => x.as_i64() == Some(1),
        _ => {
            errs.push(("enable_comments".into(), "debe ser booleano".into()));
            false
        }
    };
    let orden = match v.get("orden") {
        None | Some(Value::Null) => None,
        Some(x) => match x.as_i64() {
            Some(n) if n >= 0 => Some(n),
            _ => {
                errs.push(("orden".into(), "debe ser un entero no negativo".into()));
                None
            }
        },
    };
    if !errs.is_empty() {
        return unprocessable(Style::Es, errs, zero);
    }
    let id = data::signer_id(&mut g.rng);
    let now = g.now();
    let env = &mut g.world.envelopes[idx];
    let order = orden.unwrap_or(env.contacts.len() as i64 + 1);
    env.contacts.push(SimContact {
        id: id.clone(),
        name: nombre.unwrap_or_default(),
        identity_type: tipo.unwrap_or_default(),
        identity: ident.unwrap_or_default(),
        email: email.unwrap_or_default(),
        order,
        approver: aprobador.unwrap_or(false),
        digital: tipo_firma.unwrap_or(false),
        enable_comments: comments,
        notified: rol.is_some(),
        on_premise: onp,
    });
    env.updated_at = now;
    ok(Style::Es, json!({"id_firmante": id}))
}

fn position_ok(p: &Value) -> bool {
    p.is_object()
        && ["pagina", "alto", "ancho", "x", "y"].iter().all(|k| {
            p.get(*k)
                .is_some_and(|x| x.as_i64().is_some_and(|n| n >= 0))
        })
        && p.get("pagina")
            .and_then(Value::as_i64)
            .is_some_and(|n| n >= 1)
}

async fn link(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_draft(
        &mut g,
        &headers,
        s(&v, "id_transaccion").as_deref(),
        Style::Es,
        json!({}),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let env = &g.world.envelopes[idx];
    let mut errs = Vec::new();
    let attachment = flag(&v, "attachment", &mut errs).unwrap_or(false);
    if let Some(p) = v.get("posicion") {
        if !position_ok(p) {
            errs.push((
                "posicion".into(),
                "estructura {pagina ≥ 1, alto, ancho, x, y}".into(),
            ));
        }
    }
    if let Some(st) = v.get("stamps") {
        if !st.as_array().is_some_and(|a| a.iter().all(position_ok)) {
            errs.push((
                "stamps".into(),
                "arreglo de posiciones {pagina, alto, ancho, x, y}".into(),
            ));
        }
    }
    if !errs.is_empty() {
        return unprocessable(Style::Es, errs, json!({}));
    }
    let (Some(sid), Some(did)) = (s(&v, "id_firmante"), s(&v, "id_documento")) else {
        return unprocessable(
            Style::Es,
            vec![(
                "id_firmante".into(),
                "id_firmante e id_documento son obligatorios".into(),
            )],
            json!({}),
        );
    };
    if !env.contacts.iter().any(|c| c.id == sid) {
        return not_found(Style::Es, "firmante");
    }
    if !env.documents.iter().any(|d| d.id == did) {
        return not_found(Style::Es, "documento");
    }
    let now = g.now();
    let env = &mut g.world.envelopes[idx];
    env.links
        .retain(|l| !(l.signer_id == sid && l.document_id == did));
    env.links.push(SimLink {
        signer_id: sid,
        document_id: did,
        attachment,
    });
    env.updated_at = now;
    ok(Style::Es, json!({}))
}

async fn order(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_draft(
        &mut g,
        &headers,
        s(&v, "id_transaccion").as_deref(),
        Style::Es,
        json!({}),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(orden) = v.get("orden").and_then(Value::as_i64).filter(|n| *n >= 0) else {
        return unprocessable(
            Style::Es,
            vec![(
                "orden".into(),
                "es obligatorio y debe ser un entero no negativo".into(),
            )],
            json!({}),
        );
    };
    let sid = s(&v, "id_firmante").unwrap_or_default();
    let env = &mut g.world.envelopes[idx];
    match env.contacts.iter_mut().find(|c| c.id == sid) {
        Some(c) => {
            c.order = orden;
            ok(Style::Es, json!({}))
        }
        None => not_found(Style::Es, "firmante"),
    }
}

async fn distribute(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_draft(
        &mut g,
        &headers,
        s(&v, "id_transaccion").as_deref(),
        Style::Es,
        json!({}),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let env = &g.world.envelopes[idx];
    let mut errs = Vec::new();
    if env.documents.is_empty() {
        errs.push((
            "documentos".into(),
            "la transacción no tiene documentos".into(),
        ));
    }
    let signers: Vec<&SimContact> = env.contacts.iter().filter(|c| !c.notified).collect();
    if signers.is_empty() {
        errs.push((
            "contactos".into(),
            "la transacción no tiene firmantes".into(),
        ));
    }
    for c in signers {
        if !env.links.iter().any(|l| l.signer_id == c.id) {
            errs.push((
                "vinculos".into(),
                format!("{} no está vinculado a ningún documento", c.name),
            ));
        }
    }
    if !errs.is_empty() {
        return unprocessable(Style::Es, errs, json!({}));
    }
    let now = g.now();
    let env = &mut g.world.envelopes[idx];
    env.state = 2;
    env.updated_at = now;
    ok(Style::Es, json!({}))
}

async fn get_envelope(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_envelope(
        &mut g,
        &headers,
        s(&v, "id_transaccion").as_deref(),
        Style::Es,
        json!({}),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let e = &g.world.envelopes[idx];
    let base = &sh.base_url;
    let docs: Vec<Value> = e
        .documents
        .iter()
        .map(|d| {
            let hidden = d.protected && e.state == 3;
            json!({"id_documento": d.id, "nombre": d.name,
                   "path": if hidden { Value::Null } else { format!("{base}/archivos/{}/{}", e.id, d.id).into() },
                   "protegido": d.protected, "tamano": d.size})
        })
        .collect();
    let contacts: Vec<Value> = e
        .contacts
        .iter()
        .map(|c| {
            json!({"id_contacto": c.id, "tipo_identificacion": c.identity_type, "identificacion": c.identity,
                   "nombre": c.name, "email": c.email, "orden": c.order, "tipo_firma": c.digital as u8,
                   "aprobador": c.approver as u8, "enable_comments": c.enable_comments})
        })
        .collect();
    // 6.11 `firmas`: one entry per signature slot (a signer linked to a
    // document for signing), dated once signed; pending ones carry no date.
    // The seed gives no other way to read the links back.
    let signed = |signer: &str, doc: &str| {
        e.signatures
            .iter()
            .find(|x| x.signer_id == signer && x.document_id == doc)
    };
    let mut firmas: Vec<Value> = e
        .links
        .iter()
        .filter(|l| !l.attachment)
        .map(|l| {
            let sig = signed(&l.signer_id, &l.document_id);
            json!({"id_firmante": l.signer_id, "id_documento": l.document_id,
                   "aprobador": sig.map(|x| x.approval as u8).unwrap_or(0),
                   "fecha_firma": sig.map(|x| fmt_time(x.at)).unwrap_or_default()})
        })
        .collect();
    for x in &e.signatures {
        let linked = e
            .links
            .iter()
            .any(|l| !l.attachment && l.signer_id == x.signer_id && l.document_id == x.document_id);
        if !linked {
            firmas.push(json!({"id_firmante": x.signer_id, "id_documento": x.document_id, "aprobador": x.approval as u8, "fecha_firma": fmt_time(x.at)}));
        }
    }
    ok(
        Style::Es,
        json!({"id_transaccion": e.id, "nombre": e.name, "mensaje": e.message,
               "ciclo_aprobacion": e.approval_cycle as u8, "estado": e.state,
               "documentos": docs, "contactos": contacts, "firmas": firmas,
               "observaciones": e.observations}),
    )
}

async fn return_envelope(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_envelope(
        &mut g,
        &headers,
        s(&v, "id_transaccion").as_deref(),
        Style::Es,
        json!({}),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let now = g.now();
    let env = &mut g.world.envelopes[idx];
    if ![2, 7].contains(&env.state) {
        return state_error(
            Style::Es,
            &format!("solo se pueden devolver transacciones pendientes de firma o en captura de datos (estado {})", env.state),
            json!({}),
        );
    }
    env.state = 1;
    env.signatures.clear();
    env.updated_at = now;
    ok(Style::Es, json!({}))
}

async fn delete(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_envelope(
        &mut g,
        &headers,
        s(&v, "id_transaccion").as_deref(),
        Style::Es,
        json!({}),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    if g.world.envelopes[idx].state != 1 {
        let st = g.world.envelopes[idx].state;
        return state_error(
            Style::Es,
            &format!("solo se pueden eliminar transacciones en elaboración (estado {st})"),
            json!({}),
        );
    }
    let env = g.world.envelopes.remove(idx);
    for d in env.documents {
        if let Content::File(p) = d.content {
            let _ = std::fs::remove_file(p);
        }
    }
    ok(Style::Es, json!({}))
}

async fn protect(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    if let Err(r) = auth(&mut g, &headers, Style::Es) {
        return r;
    }
    let mut errs = Vec::new();
    let p = match v.get("protect") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") || s == "1" => Some(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") || s == "0" => Some(false),
        Some(Value::Number(n)) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => {
            Some(n.as_i64() == Some(1))
        }
        _ => {
            errs.push(("protect".into(), "debe ser TRUE o FALSE".into()));
            None
        }
    };
    let did = s(&v, "id_documento");
    if did.is_none() {
        errs.push(("id_documento".into(), "es obligatorio".into()));
    }
    if !errs.is_empty() {
        return unprocessable(Style::Es, errs, json!({}));
    }
    let did = did.unwrap_or_default();
    for e in g.world.envelopes.iter_mut() {
        if let Some(d) = e.documents.iter_mut().find(|d| d.id == did) {
            d.protected = p.unwrap_or(false);
            return ok(Style::Es, json!({}));
        }
    }
    not_found(Style::Es, "documento")
}

async fn template_fields(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_envelope(
        &mut g,
        &headers,
        s(&v, "id_transaccion").as_deref(),
        Style::Es,
        json!({"campos": []}),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let e = &g.world.envelopes[idx];
    let mut campos = Vec::new();
    for d in &e.documents {
        if let Some(t) = d
            .template_id
            .and_then(|t| g.world.templates.iter().find(|x| x.id == t))
        {
            for f in t.fields {
                campos.push(json!({"name": f, "document_id": d.id, "value": d.fields.get(*f)}));
            }
        }
    }
    ok(Style::Es, json!({"campos": campos}))
}

fn fields_map(v: &Value, allowed: &[&str]) -> Result<BTreeMap<String, String>, String> {
    match v.get("fields") {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(m)) => {
            let mut out = BTreeMap::new();
            for (k, x) in m {
                if !allowed.contains(&k.as_str()) {
                    return Err(format!(
                        "la plantilla no tiene el campo {k:?}; campos: {}",
                        allowed.join(", ")
                    ));
                }
                out.insert(
                    k.clone(),
                    match x {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    },
                );
            }
            Ok(out)
        }
        Some(_) => Err("fields debe ser un objeto JSON".into()),
    }
}

async fn use_template(
    State(sh): S,
    Path(envelope_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_draft(&mut g, &headers, Some(&envelope_id), Style::En, json!({})) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(tid) = v.get("template_id").and_then(|x| {
        x.as_u64()
            .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
    }) else {
        return unprocessable(
            Style::En,
            vec![("template_id".into(), "es obligatorio (entero)".into())],
            json!({}),
        );
    };
    let Some(t) = g.world.templates.iter().find(|t| t.id == tid).cloned() else {
        return not_found(Style::En, "plantilla");
    };
    if t.status != 1 {
        return unprocessable(
            Style::En,
            vec![("template_id".into(), "la plantilla está inactiva".into())],
            json!({}),
        );
    }
    let fields = match fields_map(&v, t.fields) {
        Ok(f) => f,
        Err(m) => return unprocessable(Style::En, vec![("fields".into(), m)], json!({})),
    };
    let id = data::document_id(&mut g.rng);
    let name = format!("{}.pdf", t.name);
    let env = &mut g.world.envelopes[idx];
    env.documents.push(SimDoc {
        id: id.clone(),
        size: data::demo_bytes(&id, &name).len() as u64,
        name: name.clone(),
        content: Content::Demo,
        protected: t.protected,
        template_id: Some(t.id),
        fields,
        tve: false,
    });
    let contacts: Vec<String> = env.contacts.iter().map(|c| c.id.clone()).collect();
    for c in contacts {
        env.links.push(SimLink {
            signer_id: c,
            document_id: id.clone(),
            attachment: true,
        });
    }
    ok(
        Style::En,
        json!({"document": {"id": id, "name": name, "template_id": t.id}}),
    )
}

async fn update_template(
    State(sh): S,
    Path((envelope_id, document_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    let idx = match authed_draft(&mut g, &headers, Some(&envelope_id), Style::En, json!({})) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(tid) = g.world.envelopes[idx]
        .documents
        .iter()
        .find(|d| d.id == document_id)
        .and_then(|d| d.template_id)
    else {
        return not_found(Style::En, "documento de plantilla");
    };
    let allowed = g
        .world
        .templates
        .iter()
        .find(|t| t.id == tid)
        .map(|t| t.fields)
        .unwrap_or(&[]);
    let fields = match fields_map(&v, allowed) {
        Ok(f) => f,
        Err(m) => return unprocessable(Style::En, vec![("fields".into(), m)], json!({})),
    };
    let doc = g.world.envelopes[idx]
        .documents
        .iter_mut()
        .find(|d| d.id == document_id)
        .expect("found above");
    doc.fields.extend(fields);
    ok(
        Style::En,
        json!({"document": {"id": doc.id, "name": doc.name, "template_id": tid}}),
    )
}

async fn magic_link(State(sh): S, Path(envelope_id): Path<String>, headers: HeaderMap) -> Response {
    let mut g = sh.lock();
    let idx = match authed_envelope(&mut g, &headers, Some(&envelope_id), Style::En, json!({})) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mode = if g.world.envelopes[idx].state == 1 {
        "edicion"
    } else {
        "consulta"
    };
    let token = g.rng.hex(40);
    let link = format!("{}/magic/{token}?modo={mode}&vigencia=30", sh.base_url);
    ok(Style::En, json!({"magic_link": link}))
}

async fn tve_upload(
    State(sh): S,
    Path(envelope_id): Path<String>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let zero = json!({"document_id": "0"});
    {
        let mut g = sh.lock();
        if let Err(r) = auth(&mut g, &headers, Style::En) {
            return r;
        }
    }
    let rec = match receive(&sh, mp, "document").await {
        Ok(r) => r,
        Err(m) => return unprocessable(Style::En, vec![("document".into(), m)], zero),
    };
    let v = Value::Object(
        rec.texts
            .iter()
            .map(|(k, x)| (k.clone(), Value::from(x.clone())))
            .collect(),
    );
    let mut errs = tve_rules(&v);
    let template = s(&v, "template_id");
    match template.as_deref() {
        None | Some("") => errs.push(("template_id".into(), "es obligatorio".into())),
        Some("0") => {
            match &rec.file {
                None => errs.push((
                    "document".into(),
                    "es obligatorio cuando template_id = 0".into(),
                )),
                Some((name, _, size)) => {
                    if ext(name) != "pdf" {
                        errs.push(("document".into(), "debe ser un PDF".into()));
                    }
                    if *size == 0 {
                        errs.push(("document".into(), "el archivo está vacío".into()));
                    }
                }
            }
            if s(&v, "consecutive").is_none_or(|c| c.trim().is_empty()) {
                errs.push((
                    "consecutive".into(),
                    "es obligatorio cuando template_id = 0".into(),
                ));
            }
        }
        Some(_) => {}
    }
    let mut g = sh.lock();
    let idx = match envelope_idx(&g, Some(&envelope_id), Style::En, zero.clone()) {
        Ok(i) => i,
        Err(r) => return r,
    };
    if let Err(r) = in_draft(&g.world.envelopes[idx], Style::En, zero.clone()) {
        return r;
    }
    if !errs.is_empty() {
        return unprocessable(Style::En, errs, zero);
    }
    let id = data::document_id(&mut g.rng);
    let (name, content, size) = match rec.file {
        Some((name, path, size)) => match path.keep() {
            Ok(p) => (name, Content::File(p), size),
            Err(_) => return reply(Style::En, "04", "Error interno guardando el archivo", zero),
        },
        None => {
            let name = format!("Pagaré {}.pdf", s(&v, "reference").unwrap_or_default());
            let size = data::demo_bytes(&id, &name).len() as u64;
            (name, Content::Demo, size)
        }
    };
    g.world.envelopes[idx].documents.push(SimDoc {
        id: id.clone(),
        name,
        size,
        content,
        protected: true,
        template_id: None,
        fields: rec.texts.into_iter().collect(),
        tve: true,
    });
    ok(Style::En, json!({"document_id": id}))
}

fn tve_rules(v: &Value) -> Vec<(String, String)> {
    let mut errs = Vec::new();
    let kind = s(v, "type");
    match kind.as_deref() {
        Some("BLANK") | Some("SIMPLE") => {}
        _ => errs.push(("type".into(), "valores permitidos: BLANK, SIMPLE".into())),
    }
    if kind.as_deref() == Some("SIMPLE") {
        for k in ["expiration", "amount", "payment_way", "payment_place"] {
            if s(v, k).is_none_or(|x| x.trim().is_empty()) {
                errs.push((k.into(), "es obligatorio para pagarés SIMPLE".into()));
            }
        }
    }
    if let Some(e) = s(v, "expiration") {
        if parse_time(&e, false).is_none() {
            errs.push(("expiration".into(), "debe ser una fecha AAAA-MM-DD".into()));
        }
    }
    if let Some(a) = s(v, "amount") {
        if a.parse::<u64>().is_err() {
            errs.push(("amount".into(), "debe ser un entero".into()));
        }
    }
    errs
}

async fn tve_edit(
    State(sh): S,
    Path((envelope_id, document_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let v = body_json(&body);
    let zero = json!({"document_id": "0"});
    let mut g = sh.lock();
    let idx = match authed_draft(
        &mut g,
        &headers,
        Some(&envelope_id),
        Style::En,
        zero.clone(),
    ) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let errs = tve_rules(&v);
    if !errs.is_empty() {
        return unprocessable(Style::En, errs, zero);
    }
    let Some(doc) = g.world.envelopes[idx]
        .documents
        .iter_mut()
        .find(|d| d.id == document_id && d.tve)
    else {
        return not_found(Style::En, "pagaré");
    };
    for k in [
        "type",
        "reference",
        "expiration",
        "amount",
        "payment_way",
        "payment_place",
    ] {
        if let Some(x) = s(&v, k) {
            doc.fields.insert(k.into(), x);
        }
    }
    ok(Style::En, json!({"document_id": doc.id}))
}

async fn onsite_url(State(sh): S, headers: HeaderMap, body: Bytes) -> Response {
    let v = body_json(&body);
    let mut g = sh.lock();
    if let Err(r) = auth(&mut g, &headers, Style::En) {
        return r;
    }
    let mut errs = Vec::new();
    for k in ["document_type", "document", "transaction_id"] {
        if s(&v, k).is_none_or(|x| x.trim().is_empty()) {
            errs.push((k.to_string(), "es obligatorio".to_string()));
        }
    }
    if let Some(t) = s(&v, "op_token") {
        if !["SCREEN", "SHOW_OPTIONS"].contains(&t.as_str()) {
            errs.push((
                "op_token".into(),
                "valores permitidos: SCREEN, SHOW_OPTIONS".into(),
            ));
        }
    }
    flag(&v, "direct_signature", &mut errs);
    if !errs.is_empty() {
        return unprocessable(Style::En, errs, json!({}));
    }
    let idx = match envelope_idx(&g, s(&v, "transaction_id").as_deref(), Style::En, json!({})) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let env = &g.world.envelopes[idx];
    if env.state != 2 {
        return state_error(
            Style::En,
            "la transacción no está pendiente de firma",
            json!({}),
        );
    }
    let (dt, doc) = (
        s(&v, "document_type").unwrap_or_default(),
        s(&v, "document").unwrap_or_default(),
    );
    let Some(c) = env
        .contacts
        .iter()
        .find(|c| c.identity_type == dt && c.identity == doc)
    else {
        return not_found(Style::En, "contacto");
    };
    if !(env.on_premise && c.on_premise.unwrap_or(true)) {
        return unprocessable(
            Style::En,
            vec![(
                "on_premise_signature".into(),
                "el sobre y el contacto deben permitir la firma en sitio".into(),
            )],
            json!({}),
        );
    }
    let token = g.rng.hex(32);
    json_reply(json!({"url": format!("{}/firma-en-sitio/{token}", sh.base_url)}))
}

// ------------------------------------------------------------------ files

async fn download(
    State(sh): S,
    Path((envelope_id, document_id)): Path<(String, String)>,
) -> Response {
    let (orig, trailer) = {
        let g = sh.lock();
        let Some(idx) = g.world.find(&envelope_id) else {
            return (
                StatusCode::NOT_FOUND,
                [("content-type", "application/json")],
                json!({"codigo": "06", "mensaje": "Recurso no encontrado"}).to_string(),
            )
                .into_response();
        };
        let env = &g.world.envelopes[idx];
        let Some(doc) = env.documents.iter().find(|d| d.id == document_id) else {
            return (
                StatusCode::NOT_FOUND,
                [("content-type", "application/json")],
                json!({"codigo": "06", "mensaje": "Recurso no encontrado"}).to_string(),
            )
                .into_response();
        };
        if doc.protected && env.state == 3 {
            return (StatusCode::FORBIDDEN, [("content-type", "application/json")], json!({"codigo": "05", "mensaje": "Documento protegido: no puede consultarse ni descargarse"}).to_string()).into_response();
        }
        (original(doc), trailer(env, &document_id))
    };
    let (len, body) = match orig {
        Original::Bytes(mut b) => {
            b.extend_from_slice(&trailer);
            (b.len() as u64, Body::from(b))
        }
        Original::File(p) => {
            let f = match tokio::fs::File::open(&p).await {
                Ok(f) => f,
                Err(_) => {
                    return (StatusCode::INTERNAL_SERVER_ERROR, "archivo no disponible")
                        .into_response()
                }
            };
            let size = f.metadata().await.map(|m| m.len()).unwrap_or(0);
            let t = Bytes::from(trailer);
            let tl = t.len() as u64;
            let stream = tokio_util::io::ReaderStream::with_capacity(f, 256 * 1024).chain(
                futures_util::stream::once(async move { Ok::<_, std::io::Error>(t) }),
            );
            (size + tl, Body::from_stream(stream))
        }
    };
    let mut resp = Response::new(body);
    resp.headers_mut().insert(
        "content-type",
        "application/octet-stream".parse().expect("static"),
    );
    resp.headers_mut()
        .insert("content-length", len.to_string().parse().expect("number"));
    resp
}
