//! The adapter: [`SignioClient`] implements [`Envelopes`] over SIGNIO's HTTP
//! API, plus the SIGNIO-only operations as inherent methods.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::model::*;
use reqwest::multipart::Form;
use reqwest::{Method, Url};
use serde_json::{json, Map, Value};
use ventanilla_core::envelopes::*;
use ventanilla_core::error::{FieldError, FieldErrors};
use ventanilla_core::{validate, Error, ErrorCode, Result, SecretString};
use ventanilla_http::{
    Exchange, HttpConfig, RetryPolicy, TokenCache, TransferLimits, TransferWatch,
};

use crate::errors::{self, Context};
use crate::routes::{Operation, SignioSettings};
use crate::{status, wire};

/// Where and as whom to connect.
#[derive(Clone)]
pub struct SignioConfig {
    /// e.g. `https://api.signio.example/api/v1` (the seed documents none).
    pub base_url: String,
    pub email: String,
    pub password: SecretString,
    pub settings: SignioSettings,
}

impl std::fmt::Debug for SignioConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignioConfig")
            .field("base_url", &self.base_url)
            .field("email", &self.email)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// A token is renewed this long before it expires (less for short-lived ones).
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

pub struct SignioClient {
    api: reqwest::Client,
    transfer: reqwest::Client,
    base: String,
    origin: String,
    cfg: SignioConfig,
    tokens: TokenCache<SecretString>,
    retry: RetryPolicy,
    /// Stall and trickle limits of uploads and downloads.
    limits: TransferLimits,
    /// Largest reply read into memory (`RESPONSE_TOO_LARGE` beyond).
    max_body: usize,
}

/// What a call carries.
enum Payload {
    /// JSON body (or query string for GET/DELETE routes).
    Json(Map<String, Value>),
    /// Always a query string (6.16's `filter[...]`).
    Query(Vec<(String, String)>),
}

/// One file-carrying multipart call, rebuilt from disk for each attempt.
struct Upload<'a> {
    texts: Vec<(&'static str, String)>,
    file_field: &'static str,
    file: Option<&'a Path>,
}

impl SignioClient {
    /// A client with the default HTTP settings (10 s connect, 30 s per API
    /// call; transfers have no total limit, only a 60 s idle limit and a
    /// 1 KiB/s-over-30 s speed limit on downloads).
    pub fn new(cfg: SignioConfig) -> Result<Self> {
        Self::with_http(cfg, &HttpConfig::default())
    }

    pub fn with_http(cfg: SignioConfig, http: &HttpConfig) -> Result<Self> {
        let raw = cfg.base_url.trim().trim_end_matches('/').to_string();
        let url = Url::parse(&raw)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| Error::invalid("base_url", validate::url_scheme()))?;
        let mut e = FieldErrors::new();
        ventanilla_core::validate::email(&mut e, "email", &cfg.email);
        if !e.is_empty() {
            return Err(Error::validation(e));
        }
        Ok(SignioClient {
            api: ventanilla_http::build_client(http)?,
            transfer: ventanilla_http::build_transfer_client(http)?,
            origin: url.origin().ascii_serialization(),
            base: raw,
            cfg,
            tokens: TokenCache::new(),
            retry: RetryPolicy::default(),
            limits: http.transfer,
            max_body: http.max_body,
        })
    }

    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// A transfer that moves no byte for this long fails with `TIMEOUT` (default 60 s).
    pub fn set_idle_timeout(&mut self, idle: Duration) {
        self.limits.idle = idle;
    }

    /// The stall and trickle limits of uploads and downloads.
    pub fn set_transfer_limits(&mut self, limits: TransferLimits) {
        self.limits = limits;
    }

    /// The API's base URL as configured (no trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn settings(&self) -> &SignioSettings {
        &self.cfg.settings
    }

    /// Forget the cached token: the next call logs in again.
    pub async fn forget_token(&self) {
        self.tokens.clear().await;
    }

    fn url(&self, op: Operation, vars: &[(&str, &str)]) -> Result<Url> {
        let path = self.cfg.settings.route(op).fill(vars)?;
        Url::parse(&format!("{}{}", self.base, path))
            .map_err(|_| Error::internal("cannot build the request URL"))
    }

    fn scrub(&self, mut e: Error, token: Option<&SecretString>) -> Error {
        let mut secrets = vec![self.cfg.password.expose()];
        if let Some(t) = token {
            secrets.push(t.expose());
        }
        for s in secrets.into_iter().filter(|s| s.len() >= 4) {
            e.message = e.message.replace(s, "[redacted]");
            if let Some(f) = e.fields.as_mut() {
                for v in f.values_mut() {
                    v.map_text(|t| t.replace(s, "[redacted]"));
                }
            }
        }
        e
    }

    fn margin(valid: Duration) -> Duration {
        valid.saturating_sub(EXPIRY_MARGIN.min(valid / 10))
    }

    async fn post_login(&self, op: Operation, body: Value) -> Result<Value> {
        let route = self.cfg.settings.route(op);
        let url = self.url(op, &[])?;
        let req = self
            .api
            .request(route.method.clone(), url)
            .json(&body)
            .build()
            .map_err(|_| Error::internal("cannot build the login request"))?;
        // A login changes nothing: a lost reply is a plain timeout, not an
        // unknown outcome. It is still sent only once.
        let how = Exchange {
            idempotent: true,
            retry: RetryPolicy::none(),
            max_body: self.max_body,
            signer: None,
        };
        let (status, body) = ventanilla_http::exchange(&self.api, req, &how).await?;
        errors::check(status.as_u16(), &body, Context::Login).map_err(|e| self.scrub(e, None))
    }

    /// 6.1, or 6.21 when a tenant is configured.
    async fn do_login(&self) -> Result<(SecretString, Duration)> {
        let lifetime = self.cfg.settings.token_lifetime;
        if let Some(tenant) = &self.cfg.settings.tenant {
            let tokens = self.tenant_tokens().await?;
            let names: Vec<String> = tokens.iter().map(|(t, _, _)| t.tenant.clone()).collect();
            let Some((_, token, valid)) = tokens.into_iter().find(|(t, _, _)| t.tenant == *tenant)
            else {
                return Err(Error::new(
                    ErrorCode::InvalidCredentials,
                    format!(
                        "these credentials have no access to the tenant {tenant:?}; they can use: {}",
                        names.join(", ")
                    ),
                ));
            };
            return Ok((token, Self::margin(valid.unwrap_or(lifetime).min(lifetime))));
        }
        let v = self
            .post_login(
                Operation::TokenCreate,
                json!({"email": self.cfg.email, "password": self.cfg.password.expose()}),
            )
            .await?;
        let token = wire::text(&v, &["token"])
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MalformedResponse,
                    "SIGNIO's token reply has no token",
                )
            })?;
        Ok((SecretString::new(token), Self::margin(lifetime)))
    }

    /// 6.21: a token per tenant, with how long each stays valid.
    async fn tenant_tokens(&self) -> Result<Vec<(TenantAccess, SecretString, Option<Duration>)>> {
        let ttl = (self.cfg.settings.token_lifetime.as_secs() / 60).max(1);
        let v = self
            .post_login(
                Operation::AuthTenants,
                json!({"email": self.cfg.email, "password": self.cfg.password.expose(), "ttl": ttl}),
            )
            .await?;
        let now = time::OffsetDateTime::now_utc();
        Ok(wire::list(&v, &["tokens"])
            .iter()
            .filter_map(|t| {
                let token = wire::text(t, &["token"])?;
                let tenant = wire::text(t, &["tenant"])?;
                let expires_at = wire::text(t, &["expires_at"]);
                let valid = expires_at.as_deref().and_then(|e| {
                    let at = time::OffsetDateTime::parse(
                        e,
                        &time::format_description::well_known::Rfc3339,
                    )
                    .ok()?;
                    Some(Duration::from_secs((at - now).whole_seconds().max(0) as u64))
                });
                Some((
                    TenantAccess { tenant, expires_at },
                    SecretString::new(token),
                    valid,
                ))
            })
            .collect())
    }

    /// The tenants these credentials can work in (6.21).
    pub async fn tenants(&self) -> Result<Vec<TenantAccess>> {
        Ok(self
            .tenant_tokens()
            .await?
            .into_iter()
            .map(|(t, _, _)| t)
            .collect())
    }

    /// Log in now (e.g. "test connection"), replacing any cached token.
    pub async fn login(&self) -> Result<()> {
        self.tokens.refresh(|| self.do_login()).await.map(|_| ())
    }

    fn build(
        &self,
        op: Operation,
        url: &Url,
        payload: &Payload,
        token: &SecretString,
    ) -> Result<reqwest::Request> {
        let method = self.cfg.settings.route(op).method.clone();
        let mut rb = self
            .api
            .request(method.clone(), url.clone())
            .bearer_auth(token.expose());
        match payload {
            Payload::Query(q) => rb = rb.query(q),
            Payload::Json(m) if method == Method::GET || method == Method::DELETE => {
                let q: Vec<(String, String)> = m
                    .iter()
                    .map(|(k, v)| {
                        let s = match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        (k.clone(), s)
                    })
                    .collect();
                if !q.is_empty() {
                    rb = rb.query(&q);
                }
            }
            Payload::Json(m) => rb = rb.json(m),
        }
        rb.build()
            .map_err(|_| Error::internal("cannot build the request"))
    }

    /// One authenticated call; on `01` log in once more and retry once.
    async fn call(&self, op: Operation, vars: &[(&str, &str)], payload: Payload) -> Result<Value> {
        let url = self.url(op, vars)?;
        let mut how = Exchange::by_method(
            &self.cfg.settings.route(op).method,
            &self.retry,
            self.max_body,
        );
        if op == Operation::MagicLink {
            // SIGNIO 6.20: a GET, but each one mints a login link: never
            // re-sent, and a lost reply leaves the outcome unknown.
            how.idempotent = false;
        } else if is_read(op) {
            // Reads SIGNIO sends as POST (6.2, 6.11, ...): a lost reply
            // changed nothing, so it is a plain timeout. Still never re-sent
            // (only GET/HEAD are).
            how.idempotent = true;
        }
        let mut token = self.tokens.get_or_refresh(|| self.do_login()).await?;
        let mut relogged = false;
        loop {
            let req = self.build(op, &url, &payload, &token)?;
            let (status, body) = ventanilla_http::exchange(&self.api, req, &how).await?;
            if errors::is_token_refusal(&body) && !relogged {
                relogged = true;
                self.tokens.invalidate(&token).await;
                token = self.tokens.get_or_refresh(|| self.do_login()).await?;
                continue;
            }
            return errors::check(status.as_u16(), &body, Context::Call)
                .map_err(|e| self.scrub(e, Some(&token)));
        }
    }

    /// A multipart call carrying a file streamed from disk, with progress and
    /// cancellation; re-sent (from disk) once after a `01`.
    async fn call_upload(
        &self,
        op: Operation,
        vars: &[(&str, &str)],
        up: Upload<'_>,
        control: &TransferControl,
    ) -> Result<Value> {
        self.call_upload_hashed(op, vars, up, control)
            .await
            .map(|(v, _)| v)
    }

    /// [`Self::call_upload`], also returning the SHA-256 of the file bytes
    /// sent by the attempt that was answered (hashed while streaming).
    async fn call_upload_hashed(
        &self,
        op: Operation,
        vars: &[(&str, &str)],
        up: Upload<'_>,
        control: &TransferControl,
    ) -> Result<(Value, Option<String>)> {
        let url = self.url(op, vars)?;
        let method = self.cfg.settings.route(op).method.clone();
        let mut token = self.tokens.get_or_refresh(|| self.do_login()).await?;
        let mut relogged = false;
        loop {
            control.cancel.check()?;
            let watch = TransferWatch::new();
            let mut form = Form::new();
            for (k, v) in &up.texts {
                form = form.text(*k, v.clone());
            }
            if let Some(path) = up.file {
                let part = ventanilla_http::watched_file_part(path, None, control, &watch).await?;
                form = form.part(up.file_field, part);
            }
            let req = self
                .transfer
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose())
                .multipart(form)
                .build()
                .map_err(|_| Error::internal("cannot build the upload request"))?;
            let resp = ventanilla_http::send_watched(
                &self.transfer,
                req,
                control,
                &watch,
                self.limits.idle,
            )
            .await?;
            let idempotent = ventanilla_http::is_idempotent(&method);
            let (status, body) = ventanilla_http::read_transfer_body(
                resp,
                self.max_body,
                control,
                &self.limits,
                idempotent,
            )
            .await?;
            if errors::is_token_refusal(&body) && !relogged {
                relogged = true;
                self.tokens.invalidate(&token).await;
                token = self.tokens.get_or_refresh(|| self.do_login()).await?;
                continue;
            }
            return errors::check(status.as_u16(), &body, Context::Call)
                .map(|v| (v, watch.sent_sha256()))
                .map_err(|e| self.scrub(e, Some(&token)));
        }
    }

    /// An operation whose only argument is the envelope id (distribute,
    /// return, delete): the state rules live at the provider.
    async fn envelope_action(&self, op: Operation, envelope_id: &str) -> Result<()> {
        require_envelope_id(envelope_id)?;
        self.call(op, &[], Payload::Json(Self::envelope_arg(envelope_id)))
            .await
            .map(|_| ())
    }

    fn envelope_arg(envelope_id: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("id_transaccion".into(), envelope_id.into());
        m
    }

    // ------------------------------------------------------ SIGNIO-only

    /// 6.2 with SIGNIO's own state number (0 all, 1, 2, 3, 4, 6, 7; 8 is accepted too).
    pub async fn list_by_state(&self, estado: u8) -> Result<Vec<Envelope>> {
        if ![0u8, 1, 2, 3, 4, 6, 7, 8].contains(&estado) {
            return Err(Error::invalid(
                "status",
                ventanilla_core::error::FieldError::new(
                    "invalid_status_code",
                    "must be 0, 1, 2, 3, 4, 6, 7 or 8",
                ),
            ));
        }
        let mut m = Map::new();
        m.insert("estado".into(), estado.into());
        let v = self
            .call(Operation::EnvelopeList, &[], Payload::Json(m))
            .await?;
        Ok(wire::list(&v, &["transacciones"])
            .iter()
            .filter_map(envelope_summary)
            .collect())
    }

    /// 6.3
    pub async fn tags(&self) -> Result<Vec<Tag>> {
        let v = self
            .call(Operation::TagList, &[], Payload::Json(Map::new()))
            .await?;
        Ok(wire::list(&v, &["tags"])
            .iter()
            .filter_map(|t| match t {
                Value::String(s) => Some(Tag {
                    id: None,
                    name: s.clone(),
                }),
                other => Some(Tag {
                    id: wire::text(other, &["id", "id_tag"]),
                    name: wire::text(other, &["nombre", "name", "tag"])?,
                }),
            })
            .collect())
    }

    /// 6.4
    pub async fn base_envelopes(&self) -> Result<Vec<Envelope>> {
        let v = self
            .call(Operation::BaseList, &[], Payload::Json(Map::new()))
            .await?;
        Ok(wire::list(&v, &["transacciones"])
            .iter()
            .filter_map(envelope_summary)
            .collect())
    }

    /// 6.6 with `metatags` (stamp placement and roles by document tags).
    pub async fn upload_document_with_metatags(
        &self,
        envelope_id: &str,
        file: &Path,
        metatags: Option<&Value>,
        control: &TransferControl,
    ) -> Result<String> {
        self.upload_document_hashed(envelope_id, file, metatags, control)
            .await
            .map(|(id, _)| id)
    }

    /// 6.6, returning the document id and the lowercase hex SHA-256 of the
    /// bytes sent, computed while streaming: the file is read once, and the
    /// hash is of exactly what SIGNIO received.
    pub async fn upload_document_hashed(
        &self,
        envelope_id: &str,
        file: &Path,
        metatags: Option<&Value>,
        control: &TransferControl,
    ) -> Result<(String, String)> {
        require_envelope_id(envelope_id)?;
        require_document("file", file)?;
        let mut texts = vec![("id_transaccion", envelope_id.to_string())];
        if let Some(m) = metatags {
            if !m.is_object() {
                return Err(Error::invalid(
                    "metatags",
                    ventanilla_core::error::FieldError::new(
                        "metatags_object",
                        "must be a JSON object of role → {SigIDType, SigID}",
                    ),
                ));
            }
            texts.push(("metatags", m.to_string()));
        }
        let up = Upload {
            texts,
            file_field: "documento",
            file: Some(file),
        };
        let (v, sha256) = self
            .call_upload_hashed(Operation::DocumentUpload, &[], up, control)
            .await?;
        let id = errors::created_id(&v, &["id_documento"], "document")?;
        let sha256 =
            sha256.ok_or_else(|| Error::internal("the upload ended without hashing the file"))?;
        Ok((id, sha256))
    }

    /// 6.20: a link that logs the requester in (edit if draft, view otherwise), valid 30 min.
    pub async fn magic_link(&self, envelope_id: &str) -> Result<String> {
        require_envelope_id(envelope_id)?;
        let v = self
            .call(
                Operation::MagicLink,
                &[("envelope_id", envelope_id)],
                Payload::Json(Map::new()),
            )
            .await?;
        wire::text(&v, &["magic_link"])
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MalformedResponse,
                    "SIGNIO's reply has no magic_link",
                )
            })
    }

    /// 6.24: a signed URL to sign on site.
    pub async fn on_site_url(&self, req: &OnSiteSigning) -> Result<String> {
        req.validate()?;
        let mut m = Map::new();
        m.insert("document_type".into(), req.identity_type.clone().into());
        m.insert("document".into(), req.identity.clone().into());
        m.insert("transaction_id".into(), req.envelope_id.clone().into());
        wire::put(
            &mut m,
            "direct_signature",
            req.direct_signature.map(wire::digit),
        );
        wire::put(&mut m, "op_token", req.token_delivery.clone());
        wire::put(&mut m, "confirmation_url", req.confirmation_url.clone());
        let v = self
            .call(Operation::OnSiteUrl, &[], Payload::Json(m))
            .await?;
        wire::text(&v, &["url"])
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::new(ErrorCode::MalformedResponse, "SIGNIO's reply has no url"))
    }

    fn tve_texts(t: &TveInput) -> Vec<(&'static str, String)> {
        let mut v = vec![("type", t.kind.clone())];
        let opt = [
            ("reference", t.reference.clone()),
            ("expiration", t.expiration.clone()),
            ("amount", t.amount.map(|a| a.to_string())),
            ("payment_way", t.payment_way.clone()),
            ("payment_place", t.payment_place.clone()),
        ];
        v.extend(opt.into_iter().filter_map(|(k, x)| x.map(|x| (k, x))));
        v
    }

    /// 6.22: upload a promissory note (its external PDF streamed from disk when template 0).
    pub async fn upload_tve(
        &self,
        envelope_id: &str,
        tve: &TveInput,
        control: &TransferControl,
    ) -> Result<String> {
        require_envelope_id(envelope_id)?;
        tve.validate()?;
        let mut texts = Self::tve_texts(tve);
        texts.push(("template_id", tve.template_id.trim().to_string()));
        if let Some(c) = &tve.consecutive {
            texts.push(("consecutive", c.clone()));
        }
        let up = Upload {
            texts,
            file_field: "document",
            file: tve.document.as_deref(),
        };
        let v = self
            .call_upload(
                Operation::TveUpload,
                &[("envelope_id", envelope_id)],
                up,
                control,
            )
            .await?;
        errors::created_id(&v, &["document_id", "id_documento"], "promissory note")
    }

    /// 6.23: edit a promissory note.
    pub async fn edit_tve(
        &self,
        envelope_id: &str,
        document_id: &str,
        tve: &TveInput,
    ) -> Result<String> {
        require_envelope_id(envelope_id)?;
        require_object_id("documentId", document_id)?;
        tve.validate_edit()?;
        let mut m = Map::new();
        for (k, v) in Self::tve_texts(tve) {
            m.insert(k.to_string(), v.into());
        }
        if let Some(a) = tve.amount {
            m.insert("amount".into(), a.into());
        }
        let v = self
            .call(
                Operation::TveEdit,
                &[("envelope_id", envelope_id), ("documento_id", document_id)],
                Payload::Json(m),
            )
            .await?;
        errors::created_id(&v, &["document_id", "id_documento"], "promissory note")
    }

    fn template_document(v: &Value) -> Result<TemplateDocument> {
        let d = wire::field(v, &["document", "documento"]).ok_or_else(|| {
            Error::new(
                ErrorCode::MalformedResponse,
                "SIGNIO's reply has no document",
            )
        })?;
        let id = errors::created_id(
            d,
            &["id", "id_documento", "document_id"],
            "template document",
        )?;
        Ok(TemplateDocument {
            id,
            name: wire::text(d, &["name", "nombre"]).unwrap_or_default(),
        })
    }
}

/// Operations that only read, whatever method their route uses.
fn is_read(op: Operation) -> bool {
    matches!(
        op,
        Operation::EnvelopeList
            | Operation::TagList
            | Operation::BaseList
            | Operation::EnvelopeGet
            | Operation::TemplateFields
            | Operation::EnvelopeSearch
            | Operation::TemplateList
    )
}

fn opt_time(v: &Value, keys: &[&str]) -> Option<String> {
    wire::text(v, keys).filter(|s| !s.is_empty())
}

fn status_of(v: &Value, keys: &[&str]) -> (EnvelopeStatus, Option<String>) {
    match wire::field(v, keys) {
        Some(Value::Number(n)) => (
            status::from_code(n.as_i64().unwrap_or(-1)),
            Some(n.to_string()),
        ),
        Some(Value::String(s)) => (status::from_text(s), Some(s.clone())),
        _ => (EnvelopeStatus::Unknown, None),
    }
}

/// A 6.2/6.4/6.16 list item ("0" or missing ids are skipped, never records).
fn envelope_summary(v: &Value) -> Option<Envelope> {
    let id = wire::text(v, &["id", "id_transaccion"])?;
    if id == "0" || id.is_empty() {
        return None;
    }
    let (status, provider_status) = status_of(v, &["status", "estado"]);
    Some(Envelope {
        id,
        name: wire::text(v, &["name", "nombre"]).unwrap_or_default(),
        status,
        provider_status: provider_status.unwrap_or_default(),
        created_at: opt_time(v, &["created_at", "fecha_creacion"]),
        updated_at: opt_time(v, &["updated_at", "fecha_actualizacion"]),
        documents_count: wire::int(v, &["documents_count", "cantidad_documentos"])
            .map(|n| n.max(0) as u32),
    })
}

fn fields_value(fields: &BTreeMap<String, String>) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect(),
    )
}

fn stamp(p: &StampPosition) -> Value {
    json!({"pagina": p.page, "alto": p.height, "ancho": p.width, "x": p.x, "y": p.y})
}

#[async_trait::async_trait]
impl Envelopes for SignioClient {
    async fn search(&self, query: &EnvelopeQuery) -> Result<EnvelopePage> {
        query.validate()?;
        let mut q: Vec<(String, String)> = Vec::new();
        if let Some(n) = query.name.as_ref().filter(|n| !n.is_empty()) {
            q.push(("filter[name]".into(), n.clone()));
        }
        if let Some(f) = &query.from {
            q.push(("filter[from]".into(), f.clone()));
        }
        if let Some(t) = &query.to {
            q.push(("filter[to]".into(), t.clone()));
        }
        if let Some(s) = query.status.and_then(status::filter_text) {
            q.push(("filter[status]".into(), s.into()));
        }
        if let Some(s) = query.sort {
            let f = match s.field {
                EnvelopeSortField::Name => "name",
                EnvelopeSortField::Status => "status",
                EnvelopeSortField::CreatedAt => "created_at",
                EnvelopeSortField::UpdatedAt => "updated_at",
            };
            q.push((
                "sort".into(),
                format!("{}{f}", if s.descending { '-' } else { '+' }),
            ));
        }
        if query.offset > 0 {
            q.push(("offset".into(), query.offset.to_string()));
        }
        let v = self
            .call(Operation::EnvelopeSearch, &[], Payload::Query(q))
            .await?;
        let envelopes: Vec<Envelope> = wire::list(&v, &["envelopes"])
            .iter()
            .filter_map(envelope_summary)
            .collect();
        Ok(EnvelopePage {
            capped: envelopes.len() >= SEARCH_CAP,
            envelopes,
            offset: query.offset,
        })
    }

    async fn list(&self, status: Option<EnvelopeStatus>) -> Result<Vec<Envelope>> {
        let code = status::list_code(status).ok_or_else(|| {
            Error::invalid(
                "status",
                ventanilla_core::error::FieldError::new(
                    "unknown_status",
                    "can't list by an unknown status",
                ),
            )
        })?;
        self.list_by_state(code).await
    }

    async fn get(&self, envelope_id: &str) -> Result<EnvelopeDetail> {
        require_envelope_id(envelope_id)?;
        let v = self
            .call(
                Operation::EnvelopeGet,
                &[],
                Payload::Json(Self::envelope_arg(envelope_id)),
            )
            .await?;
        let id = wire::text(&v, &["id_transaccion", "id"])
            .filter(|i| i != "0")
            .ok_or_else(|| Error::new(ErrorCode::NotFound, "SIGNIO returned no envelope"))?;
        let (status, provider_status) = status_of(&v, &["estado", "status"]);
        let documents = wire::list(&v, &["documentos"])
            .iter()
            .filter_map(|d| {
                Some(EnvelopeDocument {
                    id: wire::text(d, &["id_documento", "id"]).filter(|i| i != "0")?,
                    name: wire::text(d, &["nombre", "name"]).unwrap_or_default(),
                    url: wire::text(d, &["path", "url"]).filter(|p| !p.is_empty()),
                    protected: wire::flag(d, &["protegido", "protected"]).unwrap_or(false),
                })
            })
            .collect();
        let contacts = wire::list(&v, &["contactos"])
            .iter()
            .filter_map(|c| {
                Some(EnvelopeContact {
                    id: wire::text(c, &["id_contacto", "id_firmante", "id"])
                        .filter(|i| i != "0")?,
                    identity_type: wire::text(c, &["tipo_identificacion"]).unwrap_or_default(),
                    identity: wire::text(c, &["identificacion"]).unwrap_or_default(),
                    name: wire::text(c, &["nombre"]).unwrap_or_default(),
                    email: wire::text(c, &["email"]).unwrap_or_default(),
                    order: wire::int(c, &["orden"]).and_then(|o| u32::try_from(o).ok()),
                    digital_signature: wire::flag(c, &["tipo_firma"]).unwrap_or(false),
                    approver: wire::flag(c, &["aprobador"]).unwrap_or(false),
                    enable_comments: wire::flag(c, &["enable_comments"]).unwrap_or(false),
                })
            })
            .collect();
        let signatures = wire::list(&v, &["firmas"])
            .iter()
            .filter_map(|s| {
                Some(SignatureRecord {
                    signer_id: wire::text(s, &["id_firmante"])?,
                    document_id: wire::text(s, &["id_documento"])?,
                    approval: wire::flag(s, &["aprobador"]).unwrap_or(false),
                    signed_at: opt_time(s, &["fecha_firma", " fecha_firma "]),
                })
            })
            .collect();
        Ok(EnvelopeDetail {
            id,
            name: wire::text(&v, &["nombre"]).unwrap_or_default(),
            message: wire::text(&v, &["mensaje_transaccion", "mensaje"]).filter(|m| !m.is_empty()),
            approval_cycle: wire::flag(&v, &["ciclo_aprobacion"]).unwrap_or(false),
            status,
            provider_status,
            documents,
            contacts,
            signatures,
        })
    }

    async fn create(&self, e: &NewEnvelope) -> Result<String> {
        e.validate()?;
        let mut m = Map::new();
        m.insert("nombre".into(), e.name.clone().into());
        wire::put(&mut m, "mensaje", e.message.clone());
        m.insert("ciclo_aprobacion".into(), wire::digit(e.approval_cycle));
        if !e.tags.is_empty() {
            m.insert("tags".into(), json!(e.tags));
        }
        wire::put(&mut m, "id_transaccion_base", e.base_envelope_id.clone());
        wire::put(&mut m, "external_id", e.external_id.clone());
        if !e.cc.is_empty() {
            m.insert("cc".into(), e.cc.join(",").into());
        }
        wire::put(&mut m, "op_btnRechazo", e.allow_reject.map(wire::digit));
        wire::put(&mut m, "op_foto", e.photo.clone());
        wire::put(
            &mut m,
            "op_certLegops",
            e.legops_certification.map(wire::digit),
        );
        wire::put(
            &mut m,
            "op_firmasProcesadas",
            e.show_processed_signatures.map(wire::digit),
        );
        wire::put(&mut m, "remitente", e.sender.clone());
        wire::put(&mut m, "mensaje_firma", e.signing_message.clone());
        wire::put(&mut m, "mensaje_final", e.final_message.clone());
        wire::put(
            &mut m,
            "permiteEdicion",
            e.approvers_may_return.map(wire::digit),
        );
        wire::put(
            &mut m,
            "permiteEdicionFirmantes",
            e.signers_may_return.map(wire::digit),
        );
        wire::put(
            &mut m,
            "on_premise_signature",
            e.on_premise_signature.map(wire::digit),
        );
        wire::put(
            &mut m,
            "envelopeDeduplicationKey",
            e.deduplication_key.clone(),
        );
        wire::put(
            &mut m,
            "notificar_contacto",
            e.notify_contacts.map(|b| if b { "1" } else { "0" }),
        );
        if !e.template_fields.is_empty() {
            m.insert("campos_plantillas".into(), fields_value(&e.template_fields));
        }
        wire::put(&mut m, "created_by", e.created_by.clone());
        let v = self
            .call(Operation::EnvelopeCreate, &[], Payload::Json(m))
            .await?;
        let id = errors::created_id(&v, &["id_transaccion"], "envelope")?;
        if check_envelope_id(&id).is_err() {
            return Err(Error::new(
                ErrorCode::MalformedResponse,
                "SIGNIO returned an envelope id that is not a 36-character UUID",
            ));
        }
        Ok(id)
    }

    async fn upload_document(
        &self,
        envelope_id: &str,
        file: &Path,
        control: &TransferControl,
    ) -> Result<String> {
        self.upload_document_with_metatags(envelope_id, file, None, control)
            .await
    }

    async fn add_signer(&self, envelope_id: &str, s: &NewSigner) -> Result<String> {
        require_envelope_id(envelope_id)?;
        s.validate()?;
        let mut m = Self::envelope_arg(envelope_id);
        m.insert("nombre".into(), s.name.clone().into());
        m.insert("tipo_identificacion".into(), s.identity_type.clone().into());
        m.insert("identificacion".into(), s.identity.clone().into());
        m.insert("email".into(), s.email.clone().into());
        wire::put(&mut m, "orden", s.order);
        wire::put(&mut m, "aprobador", s.approver.map(wire::digit));
        wire::put(&mut m, "tipo_firma", s.digital_signature.map(wire::digit));
        wire::put(&mut m, "tipo_firmante", s.natural_person.map(wire::digit));
        wire::put(&mut m, "celular", s.mobile.clone());
        wire::put(&mut m, "razonsocial", s.company_name.clone());
        wire::put(
            &mut m,
            "company_identification_type",
            s.company_identity_type.clone(),
        );
        wire::put(&mut m, "company_identification", s.company_identity.clone());
        wire::put(&mut m, "servicio_identidad", s.identity_service.clone());
        wire::put(&mut m, "rol", s.role.clone());
        if !s.notify_states.is_empty() {
            m.insert("states".into(), json!(s.notify_states));
        }
        wire::put(&mut m, "enable_comments", s.enable_comments);
        wire::put(
            &mut m,
            "on_premise_signature",
            s.on_premise_signature.map(wire::digit),
        );
        if !s.operation_roles.is_empty() {
            m.insert("Operation_rol".into(), s.operation_roles.join(",").into());
        }
        let v = self
            .call(Operation::SignerCreate, &[], Payload::Json(m))
            .await?;
        errors::created_id(&v, &["id_firmante"], "signer")
    }

    async fn link(&self, envelope_id: &str, l: &SignerLink) -> Result<()> {
        require_envelope_id(envelope_id)?;
        l.validate()?;
        let mut m = Self::envelope_arg(envelope_id);
        m.insert("id_firmante".into(), l.signer_id.clone().into());
        m.insert("id_documento".into(), l.document_id.clone().into());
        m.insert("attachment".into(), wire::digit(l.attachment));
        wire::put(&mut m, "posicion", l.position.as_ref().map(stamp));
        if !l.stamps.is_empty() {
            m.insert(
                "stamps".into(),
                Value::Array(l.stamps.iter().map(stamp).collect()),
            );
        }
        wire::put(&mut m, "operation_rol", l.operation_role.clone());
        self.call(Operation::SignerLink, &[], Payload::Json(m))
            .await
            .map(|_| ())
    }

    async fn set_signer_order(&self, envelope_id: &str, signer_id: &str, order: u32) -> Result<()> {
        require_envelope_id(envelope_id)?;
        require_object_id("signerId", signer_id)?;
        let mut m = Self::envelope_arg(envelope_id);
        m.insert("id_firmante".into(), signer_id.into());
        m.insert("orden".into(), order.into());
        self.call(Operation::SignerOrder, &[], Payload::Json(m))
            .await
            .map(|_| ())
    }

    async fn send(&self, envelope_id: &str) -> Result<()> {
        self.envelope_action(Operation::EnvelopeDistribute, envelope_id)
            .await
    }

    async fn return_to_draft(&self, envelope_id: &str) -> Result<()> {
        self.envelope_action(Operation::EnvelopeReturn, envelope_id)
            .await
    }

    async fn delete(&self, envelope_id: &str) -> Result<()> {
        self.envelope_action(Operation::EnvelopeDelete, envelope_id)
            .await
    }

    async fn templates(&self) -> Result<Vec<Template>> {
        let v = self
            .call(Operation::TemplateList, &[], Payload::Json(Map::new()))
            .await?;
        Ok(wire::list(&v, &["templates"])
            .iter()
            .filter_map(|t| {
                Some(Template {
                    id: wire::int(t, &["id"])
                        .and_then(|i| u64::try_from(i).ok())
                        .filter(|i| *i != 0)?,
                    name: wire::text(t, &["name"]).unwrap_or_default(),
                    description: wire::text(t, &["description"]).unwrap_or_default(),
                    kind: wire::text(t, &["type"]).unwrap_or_default(),
                    active: wire::int(t, &["status"]) == Some(1),
                    protected: wire::flag(t, &["protected"]).unwrap_or(false),
                    roles: wire::text(t, &["roles"])
                        .map(|r| {
                            r.split(',')
                                .map(|x| x.trim().to_string())
                                .filter(|x| !x.is_empty())
                                .collect()
                        })
                        .unwrap_or_default(),
                    created_at: opt_time(t, &["created_at"]),
                })
            })
            .collect())
    }

    async fn template_fields(&self, envelope_id: &str) -> Result<Vec<TemplateField>> {
        require_envelope_id(envelope_id)?;
        let v = self
            .call(
                Operation::TemplateFields,
                &[],
                Payload::Json(Self::envelope_arg(envelope_id)),
            )
            .await?;
        Ok(wire::list(&v, &["campos"])
            .iter()
            .filter_map(|c| match c {
                Value::String(s) => Some(TemplateField {
                    name: s.clone(),
                    label: None,
                    kind: None,
                    value: None,
                }),
                other => Some(TemplateField {
                    name: wire::text(other, &["name", "nombre", "input"])?,
                    label: wire::text(other, &["label", "etiqueta"]),
                    kind: wire::text(other, &["type", "tipo"]),
                    value: wire::text(other, &["value", "valor"]),
                }),
            })
            .collect())
    }

    async fn apply_template(
        &self,
        envelope_id: &str,
        template_id: u64,
        fields: &BTreeMap<String, String>,
    ) -> Result<TemplateDocument> {
        require_envelope_id(envelope_id)?;
        if template_id == 0 {
            return Err(Error::invalid(
                "templateId",
                ventanilla_core::validate::positive_number(),
            ));
        }
        let mut m = Map::new();
        m.insert("template_id".into(), template_id.into());
        if !fields.is_empty() {
            m.insert("fields".into(), fields_value(fields));
        }
        let v = self
            .call(
                Operation::TemplateUse,
                &[("envelope_id", envelope_id)],
                Payload::Json(m),
            )
            .await?;
        Self::template_document(&v)
    }

    async fn update_template_values(
        &self,
        envelope_id: &str,
        document_id: &str,
        fields: &BTreeMap<String, String>,
    ) -> Result<TemplateDocument> {
        require_envelope_id(envelope_id)?;
        require_object_id("documentId", document_id)?;
        let mut m = Map::new();
        m.insert("fields".into(), fields_value(fields));
        let v = self
            .call(
                Operation::TemplateUpdate,
                &[("envelope_id", envelope_id), ("document_id", document_id)],
                Payload::Json(m),
            )
            .await?;
        Self::template_document(&v)
    }

    async fn protect_document(&self, document_id: &str, protect: bool) -> Result<()> {
        require_object_id("documentId", document_id)?;
        let mut m = Map::new();
        m.insert("id_documento".into(), document_id.into());
        m.insert("protect".into(), protect.into());
        self.call(Operation::DocumentProtect, &[], Payload::Json(m))
            .await
            .map(|_| ())
    }

    async fn export_document(
        &self,
        envelope_id: &str,
        document_id: &str,
        dest: &Path,
        control: &TransferControl,
    ) -> Result<ExportedDocument> {
        require_envelope_id(envelope_id)?;
        require_object_id("documentId", document_id)?;
        let detail = self.get(envelope_id).await?;
        let doc = detail
            .documents
            .iter()
            .find(|d| d.id == document_id)
            .ok_or_else(|| Error::new(ErrorCode::NotFound, "the envelope has no such document"))?;
        if doc.protected
            && matches!(
                detail.status,
                EnvelopeStatus::Completed | EnvelopeStatus::Unknown
            )
        {
            let reason = format!(
                "{:?} is protected: SIGNIO does not let protected documents be viewed or \
                 downloaded once the envelope is signed",
                doc.name
            );
            let mut f = FieldErrors::new();
            let e = FieldError::new("document_protected", reason.as_str())
                .param("name", doc.name.as_str());
            f.insert("documentId".into(), e);
            return Err(Error::new(ErrorCode::ProviderRejected, reason).with_fields(f));
        }
        let raw = doc.url.as_deref().ok_or_else(|| {
            Error::new(
                ErrorCode::ProviderError,
                "SIGNIO gives no download address for this document",
            )
        })?;
        let url = ventanilla_http::file_url(&self.base, raw).ok_or_else(|| {
            Error::new(
                ErrorCode::MalformedResponse,
                "SIGNIO's document path is not a URL",
            )
        })?;
        let mut rb = self.transfer.get(url.clone());
        // The token goes only to SIGNIO's own origin, never to a third-party file host.
        if url.origin().ascii_serialization() == self.origin {
            let token = self.tokens.get_or_refresh(|| self.do_login()).await?;
            rb = rb.bearer_auth(token.expose());
        }
        let req = rb
            .build()
            .map_err(|_| Error::internal("cannot build the download request"))?;
        let resp = ventanilla_http::send_download(
            &self.transfer,
            req,
            control,
            &self.limits,
            self.max_body,
            |status, body| {
                let err = errors::check(status.as_u16(), body, Context::Call)
                    .err()
                    .unwrap_or_else(|| ventanilla_http::file_not_sent("SIGNIO", status));
                self.scrub(err, None)
            },
        )
        .await?;
        ventanilla_http::save_response(resp, dest, control, &self.limits)
            .await
            .map(ExportedDocument::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ventanilla_http::hostile::{Behavior, HostileServer};

    const ENVELOPE: &str = "0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d";

    async fn against(rules: Vec<(&str, Behavior)>) -> (HostileServer, SignioClient) {
        let mut all = vec![(
            "POST /token/crear",
            Behavior::json(200, r#"{"codigo":"00","token":"tok-123456"}"#),
        )];
        all.extend(rules);
        let server = HostileServer::start(all).await;
        let mut client = SignioClient::with_http(
            SignioConfig {
                base_url: server.base_url(),
                email: "operaciones@notariacentral.co".into(),
                password: SecretString::new("the-password"),
                settings: SignioSettings::default(),
            },
            &HttpConfig::with_timeout(Duration::from_millis(400)),
        )
        .unwrap();
        client.set_retry_policy(RetryPolicy {
            backoff: vec![Duration::from_millis(1), Duration::from_millis(1)],
        });
        (server, client)
    }

    fn count(server: &HostileServer, prefix: &str) -> usize {
        server
            .lines()
            .iter()
            .filter(|l| l.starts_with(prefix))
            .count()
    }

    #[tokio::test]
    async fn a_magic_link_is_never_sent_twice() {
        let path = format!("GET /envelopes/{ENVELOPE}/magic-link");
        for b in [Behavior::Stall, Behavior::json(503, "{}")] {
            let (server, client) = against(vec![(path.as_str(), b)]).await;
            let e = client.magic_link(ENVELOPE).await.unwrap_err();
            assert!(
                matches!(e.code, ErrorCode::OutcomeUnknown | ErrorCode::ProviderError),
                "{e:?}"
            );
            assert_eq!(count(&server, &path), 1, "each call mints a link");
        }
        // Any other GET is retried.
        let (server, client) = against(vec![("GET /templates", Behavior::Stall)]).await;
        let e = client.templates().await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Timeout);
        assert_eq!(count(&server, "GET /templates"), 3);
    }

    #[tokio::test]
    async fn a_read_sent_as_post_times_out_but_a_write_is_outcome_unknown() {
        let (server, client) =
            against(vec![("POST /transacciones/obtener", Behavior::Stall)]).await;
        let e = client.get(ENVELOPE).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Timeout, "{e:?}");
        assert!(e.retryable);
        assert_eq!(count(&server, "POST /transacciones/obtener"), 1);

        let (server, client) = against(vec![("POST /transacciones/crear", Behavior::Stall)]).await;
        let e = client
            .create(&NewEnvelope {
                name: "Contrato".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
        assert!(!e.retryable);
        assert_eq!(count(&server, "POST /transacciones/crear"), 1);
        assert!(!format!("{e:?}").contains("the-password"));
    }

    #[tokio::test]
    async fn a_redirected_login_sends_the_password_nowhere_else() {
        let elsewhere = HostileServer::always(Behavior::json(200, "{}")).await;
        let to = format!("{}/token/crear", elsewhere.base_url());
        let server = HostileServer::always(Behavior::redirect(307, to)).await;
        let client = SignioClient::new(SignioConfig {
            base_url: server.base_url(),
            email: "operaciones@notariacentral.co".into(),
            password: SecretString::new("the-password"),
            settings: SignioSettings::default(),
        })
        .unwrap();
        let e = client.login().await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Redirect, "{e:?}");
        assert_eq!(server.lines(), ["POST /token/crear"]);
        assert!(elsewhere.requests().is_empty());
    }
}
