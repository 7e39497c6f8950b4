//! The adapter: [`DynamicoreClient`] sends the 21 operations of
//! DYNAMICORE 1.3 after their inputs pass every rule, each request signed
//! by the http crate's signing hook (DYNAMICORE 1.2), so a retried GET is
//! signed anew. Reads are retried; writes are sent once, and one whose
//! reply is lost is OUTCOME_UNKNOWN.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{Method, Url};
use ventanilla_core::envelopes::{ExportedDocument, TransferControl};
use ventanilla_core::error::FieldError;
use ventanilla_core::{validate, Error, ErrorCode, Result, SecretString};
use ventanilla_http::{Exchange, HttpConfig, RetryPolicy, Signer, TransferLimits, TransferWatch};

use crate::errors;
use crate::ops::*;
use crate::settings::{DynamicoreSettings, Operation};
use crate::sign::{Clock, IctineoSigner};

/// Where and as whom to connect.
#[derive(Clone)]
pub struct DynamicoreConfig {
    /// `https://api.dynamicore.io` (DYNAMICORE 1.1); paths are appended.
    pub base_url: String,
    pub client_key: String,
    pub secret: SecretString,
    pub settings: DynamicoreSettings,
}

/// The seed's host (DYNAMICORE 1.1).
pub const DEFAULT_BASE_URL: &str = "https://api.dynamicore.io";

impl std::fmt::Debug for DynamicoreConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynamicoreConfig")
            .field("base_url", &self.base_url)
            .field("client_key", &self.client_key)
            .finish_non_exhaustive()
    }
}

pub struct DynamicoreClient {
    http: reqwest::Client,
    /// Uploads and downloads: no total timeout, the [`TransferLimits`] instead.
    transfer: reqwest::Client,
    limits: TransferLimits,
    base: String,
    /// The connection's origin: only it gets the signature on a download.
    origin: String,
    cfg: DynamicoreConfig,
    signer: Signer,
    retry: RetryPolicy,
    max_body: usize,
}

impl std::fmt::Debug for DynamicoreClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynamicoreClient")
            .field("cfg", &self.cfg)
            .finish_non_exhaustive()
    }
}

impl DynamicoreClient {
    /// A client with the default HTTP settings.
    pub fn new(cfg: DynamicoreConfig) -> Result<Self> {
        Self::with_http(cfg, &HttpConfig::default())
    }

    /// A client with explicit HTTP settings (e.g. a short timeout in tests).
    pub fn with_http(cfg: DynamicoreConfig, http: &HttpConfig) -> Result<Self> {
        let raw = cfg.base_url.trim().trim_end_matches('/').to_string();
        let url = Url::parse(&raw)
            .ok()
            .filter(|u| {
                matches!(u.scheme(), "http" | "https")
                    && u.host_str().is_some()
                    && u.query().is_none()
            })
            .ok_or_else(|| Error::invalid("baseUrl", validate::url_scheme()))?;
        if cfg.client_key.trim().is_empty() || cfg.secret.is_blank() {
            return Err(Error::new(
                ventanilla_core::ErrorCode::SecretMissing,
                "this DynamiCore connection has no client key and secret",
            ));
        }
        let signer = Signer::new(IctineoSigner::new(&cfg.client_key, &cfg.secret));
        Ok(DynamicoreClient {
            http: ventanilla_http::build_client(http)?,
            transfer: ventanilla_http::build_transfer_client(http)?,
            limits: http.transfer,
            origin: url.origin().ascii_serialization(),
            base: raw,
            signer,
            cfg,
            retry: RetryPolicy::default(),
            max_body: http.max_body,
        })
    }

    /// Sign with this clock (tests: a computer whose clock is off).
    pub fn set_clock(&mut self, clock: Clock) {
        self.signer = Signer::new(IctineoSigner::with_clock(
            &self.cfg.client_key,
            &self.cfg.secret,
            clock,
        ));
    }

    /// Replace the retry policy of reads (default: 2 retries).
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn settings(&self) -> &DynamicoreSettings {
        &self.cfg.settings
    }

    fn url(&self, op: Operation, out: &Outgoing) -> Result<Url> {
        let vars: Vec<(&str, &str)> = out.vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let path = self.cfg.settings.route(op).fill(&vars)?;
        let mut url = Url::parse(&format!("{}{path}", self.base))
            .map_err(|_| Error::internal("cannot build the request URL"))?;
        if !out.query.is_empty() {
            url.query_pairs_mut().extend_pairs(out.query.iter());
        }
        Ok(url)
    }

    fn exchange_for(&self, method: &Method) -> Exchange {
        let mut how = Exchange::by_method(method, &self.retry, self.max_body);
        if !how.idempotent {
            how.retry = RetryPolicy::none();
        }
        how.signer = Some(self.signer.clone());
        how
    }

    /// Never let a secret reach an error message, whatever was echoed:
    /// the connection's secret and `extra` (a SAT password, a key's base64).
    pub(crate) fn scrub(&self, mut e: Error, extra: &[&str]) -> Error {
        let secret = self.cfg.secret.expose();
        for s in extra
            .iter()
            .copied()
            .chain([secret])
            .filter(|s| s.len() >= 4)
        {
            e.message = e.message.replace(s, "[redacted]");
        }
        e
    }

    /// Send one JSON operation: validated first, nothing sent if it fails.
    pub async fn call<I: Input>(&self, input: &I) -> Result<Listing> {
        input.validate()?;
        let out = input.outgoing();
        let route = self.cfg.settings.route(I::OP);
        let mut rb = self
            .http
            .request(route.method.clone(), self.url(I::OP, &out)?)
            .header(ACCEPT, "application/json");
        if let Some(body) = out.body.clone() {
            rb = rb.header(CONTENT_TYPE, "application/json").body(body);
        }
        let req = rb
            .build()
            .map_err(|_| Error::internal("cannot build the request"))?;
        // Query values may carry a SAT password or key (DYNAMICORE 1.3 #9).
        let secrets: Vec<&str> = out.query.iter().map(|(_, v)| v.as_str()).collect();
        let how = self.exchange_for(&route.method);
        let (status, bytes) = ventanilla_http::exchange(&self.http, req, &how)
            .await
            .map_err(|e| self.scrub(e, &secrets))?;
        errors::check(status.as_u16(), &bytes).map_err(|e| self.scrub(e, &secrets))
    }

    /// #8: upload files into a client's PII field, streamed as multipart
    /// (`file` parts), signed with an empty body (DYNAMICORE 1.5 #5).
    pub async fn upload(&self, input: &FileUploadInput) -> Result<Listing> {
        input.validate()?;
        self.upload_watched(
            &input.client_id,
            &input.field,
            &input.files,
            &TransferControl::default(),
        )
        .await
        .map(|(l, _)| l)
    }

    /// #8 with progress and cancel: each file streamed from disk in chunks
    /// (never whole in memory), hashed as it is sent. Returns the reply and,
    /// for a single file, its SHA-256 as sent (the parts share one watch, so
    /// a stall or a file changing mid-send anywhere stops the upload). Sent
    /// once (a write): a failure after the request left is OUTCOME_UNKNOWN.
    pub async fn upload_watched(
        &self,
        client_id: &NumId,
        field: &FieldKey,
        files: &[PathBuf],
        control: &TransferControl,
    ) -> Result<(Listing, Option<String>)> {
        let op = Operation::FileUpload;
        let out = Outgoing {
            vars: vec![
                ("client_id", client_id.to_string()),
                ("field", field.to_string()),
            ],
            ..Outgoing::default()
        };
        control.cancel.check()?;
        let mut form = reqwest::multipart::Form::new();
        let watch = TransferWatch::new();
        for f in files {
            let part = ventanilla_http::watched_file_part(f, None, control, &watch).await?;
            form = form.part("file", part);
        }
        let route = self.cfg.settings.route(op);
        let mut req = self
            .transfer
            .request(route.method.clone(), self.url(op, &out)?)
            .header(ACCEPT, "application/json")
            .multipart(form)
            .build()
            .map_err(|_| Error::internal("cannot build the upload"))?;
        ventanilla_http::RequestSigner::sign(self.signer.0.as_ref(), &mut req)?;
        let resp =
            ventanilla_http::send_watched(&self.transfer, req, control, &watch, self.limits.idle)
                .await
                .map_err(|e| self.scrub(e, &[]))?;
        let idempotent = ventanilla_http::is_idempotent(&route.method);
        let (status, bytes) = ventanilla_http::read_transfer_body(
            resp,
            self.max_body,
            control,
            &self.limits,
            idempotent,
        )
        .await
        .map_err(|e| self.scrub(e, &[]))?;
        let listing = errors::check(status.as_u16(), &bytes).map_err(|e| self.scrub(e, &[]))?;
        let sha256 = (files.len() == 1).then(|| watch.sent_sha256()).flatten();
        Ok((listing, sha256))
    }

    /// Downloads a file Mifiel gives (`file_signed`, `file_xml`) into `dest`
    /// atomically (temporary file beside it, flushed, renamed), hashing it.
    /// A relative path is on the connection's host; only that origin gets
    /// the signature (never a third-party file host). Redirects are not
    /// followed; more than `max_bytes` is refused and nothing is left.
    pub async fn download(
        &self,
        raw: &str,
        dest: &Path,
        max_bytes: u64,
        control: &TransferControl,
    ) -> Result<ExportedDocument> {
        let url = ventanilla_http::file_url(&self.base, raw).ok_or_else(|| {
            Error::new(
                ErrorCode::MalformedResponse,
                "Mifiel's file address is not a URL",
            )
        })?;
        let mut req = self
            .transfer
            .get(url.clone())
            .build()
            .map_err(|_| Error::internal("cannot build the download request"))?;
        if url.origin().ascii_serialization() == self.origin {
            ventanilla_http::RequestSigner::sign(self.signer.0.as_ref(), &mut req)?;
        }
        let resp = ventanilla_http::send_download(
            &self.transfer,
            req,
            control,
            &self.limits,
            self.max_body,
            |status, body| {
                let e = errors::check(status.as_u16(), body)
                    .err()
                    .unwrap_or_else(|| ventanilla_http::file_not_sent("DynamiCore", status));
                self.scrub(e, &[])
            },
        )
        .await?;
        if resp.content_length().is_some_and(|n| n > max_bytes) {
            return Err(too_large(max_bytes));
        }
        // The cap holds without a Content-Length too: at the first progress
        // report past it (reports come every 512 KiB), the transfer is
        // cancelled, its temporary file removed, and the cap named.
        let over = Arc::new(AtomicBool::new(false));
        let capped = {
            let (inner, over, cancel) = (control.clone(), over.clone(), control.cancel.clone());
            TransferControl {
                progress: Some(Arc::new(move |p| {
                    if p.transferred > max_bytes {
                        over.store(true, Ordering::SeqCst);
                        cancel.cancel();
                    }
                    inner.report(p.transferred, p.total);
                })),
                cancel: control.cancel.clone(),
            }
        };
        match ventanilla_http::save_response(resp, dest, &capped, &self.limits).await {
            Ok(d) => Ok(d.into()),
            Err(_) if over.load(Ordering::SeqCst) => Err(too_large(max_bytes)),
            Err(e) => Err(e),
        }
    }

    /// The first item of `data`, as `T`.
    async fn first<I: Input, T: serde::de::DeserializeOwned>(
        &self,
        input: &I,
        what: &str,
    ) -> Result<T> {
        let l = self.call(input).await?;
        let v = l.data.into_iter().next().ok_or_else(|| {
            Error::new(
                ventanilla_core::ErrorCode::MalformedResponse,
                format!("DynamiCore's {what} reply has no data"),
            )
        })?;
        serde_json::from_value(v).map_err(|e| errors::unexpected_shape(what, &e))
    }

    /// #18: send an uploaded document to be signed.
    pub async fn mifiel_create(&self, input: &MifielCreateInput) -> Result<MifielCreated> {
        self.first(input, "Mifiel document").await
    }

    /// #19: a Mifiel document.
    pub async fn mifiel_get(&self, input: &MifielGetInput) -> Result<MifielDocument> {
        self.first(input, "Mifiel document").await
    }

    /// #20: create a Conekta cash order.
    pub async fn conekta_create(&self, input: &ConektaCreateInput) -> Result<OrderCreated> {
        self.first(input, "Conekta order").await
    }

    /// #21: a Conekta order.
    pub async fn conekta_get(&self, input: &ConektaGetInput) -> Result<Order> {
        self.first(input, "Conekta order").await
    }
}

/// A download past its size cap.
fn too_large(max: u64) -> Error {
    let mib = max / (1024 * 1024);
    Error::new(
        ErrorCode::ResponseTooLarge,
        format!("the file is larger than {mib} MiB; nothing was saved"),
    )
    .with_fields(
        [(
            "file".to_string(),
            FieldError::new("download_too_large", format!("larger than {mib} MiB"))
                .param("max_mib", mib),
        )]
        .into_iter()
        .collect(),
    )
}
