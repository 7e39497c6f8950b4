//! The adapter: [`UndostresClient`] sends the four operations of
//! UNDOSTRES 2.5 after their inputs pass every rule.
//!
//! Credentials (`user`, `password`) only ever go to the key request; every
//! other call sends `x-api-key` (UNDOSTRES 2.2). Writes (key request, update,
//! sub-account) are sent once, and one whose reply is lost is
//! OUTCOME_UNKNOWN: a key request may have issued a key and retired the old
//! one. Only the account read is retried.

use std::sync::Mutex;

use reqwest::Url;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use ventanilla_core::{validate, Error, ErrorCode, Result, SecretString};
use ventanilla_http::{Exchange, HttpConfig, RetryPolicy};

use crate::errors;
use crate::ops::*;
use crate::rules::{self, check_key_format};
use crate::settings::{Operation, UndostresSettings};
use crate::tree::AccountTree;
use crate::wire;

/// Where and as whom to connect.
#[derive(Clone)]
pub struct UndostresConfig {
    /// The provider's base URL (no documented default); paths are appended.
    pub base_url: String,
    /// Credentials: used only to request keys.
    pub user: String,
    pub password: SecretString,
    /// The stored key, if one was obtained before.
    pub api_key: Option<SecretString>,
    pub settings: UndostresSettings,
}

impl std::fmt::Debug for UndostresConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UndostresConfig")
            .field("base_url", &self.base_url)
            .field("user", &self.user)
            .field("has_api_key", &self.api_key.is_some())
            .finish_non_exhaustive()
    }
}

pub struct UndostresClient {
    http: reqwest::Client,
    base: String,
    cfg: UndostresConfig,
    /// The key in use: the stored one, then each one this client obtains.
    api_key: Mutex<Option<SecretString>>,
    /// Keys replaced during this client's life, still scrubbed from errors.
    old_keys: Mutex<Vec<SecretString>>,
    retry: RetryPolicy,
    max_body: usize,
}

impl std::fmt::Debug for UndostresClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UndostresClient")
            .field("cfg", &self.cfg)
            .finish_non_exhaustive()
    }
}

fn parse_time(what: &str, s: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
        Error::new(
            ErrorCode::MalformedResponse,
            format!("UnDosTres's key reply has an unreadable {what}"),
        )
    })
}

/// An A1 reply as an [`IssuedKey`], checked: the key in the documented
/// format, the dates readable.
pub(crate) fn issued_key(reply: wire::KeyReply) -> Result<IssuedKey> {
    if check_key_format(&reply.api_key).is_err() {
        return Err(Error::new(
            ErrorCode::MalformedResponse,
            "UnDosTres returned a key that is not in the documented 8-4-4-4-12 format; it was not stored",
        ));
    }
    let key = SecretString::new(reply.api_key);
    let info = KeyInfo {
        last4: rules::last4(key.expose()),
        created_at: parse_time("creation time", &reply.created_at)?,
        expires_at: parse_time("expiry", &reply.expires_at)?,
        allowed_ips: reply.allowed_ips,
        previous_key_last4: None,
        previous_key_expires_at: reply
            .previous_key_expires_at
            .as_deref()
            .map(|s| parse_time("previous key's expiry", s))
            .transpose()?,
        session_only: false,
    };
    Ok(IssuedKey {
        api_key: key,
        company_id: reply.company_id,
        key: info,
    })
}

impl UndostresClient {
    /// A client with the default HTTP settings (10 s connect, 30 s per request).
    pub fn new(cfg: UndostresConfig) -> Result<Self> {
        Self::with_http(cfg, &HttpConfig::default())
    }

    /// A client with explicit HTTP settings (e.g. a short timeout in tests).
    pub fn with_http(cfg: UndostresConfig, http: &HttpConfig) -> Result<Self> {
        let raw = cfg.base_url.trim().trim_end_matches('/').to_string();
        Url::parse(&raw)
            .ok()
            .filter(|u| {
                matches!(u.scheme(), "http" | "https")
                    && u.host_str().is_some()
                    && u.query().is_none()
            })
            .ok_or_else(|| Error::invalid("baseUrl", validate::url_scheme()))?;
        Ok(UndostresClient {
            http: ventanilla_http::build_client(http)?,
            base: raw,
            api_key: Mutex::new(cfg.api_key.clone()),
            old_keys: Mutex::new(Vec::new()),
            cfg,
            retry: RetryPolicy::default(),
            max_body: http.max_body,
        })
    }

    /// Replace the retry policy of the account read (default: 2 retries).
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// Use this key from now on (e.g. one read back from the keychain).
    pub fn set_api_key(&self, key: SecretString) {
        let mut cur = self.api_key.lock().expect("key lock");
        if let Some(old) = cur.replace(key) {
            self.old_keys.lock().expect("key lock").push(old);
        }
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn settings(&self) -> &UndostresSettings {
        &self.cfg.settings
    }

    fn url(&self, op: Operation, company_id: Option<&str>) -> Result<Url> {
        let path = self
            .cfg
            .settings
            .route(op)
            .fill(&[("company_id", company_id.unwrap_or("me"))])?;
        Url::parse(&format!("{}{path}", self.base))
            .map_err(|_| Error::internal("cannot build the request URL"))
    }

    /// Never let a secret of ours reach an error message, whatever the provider echoed.
    fn scrub(&self, mut e: Error) -> Error {
        let mut secrets = vec![self.cfg.password.clone()];
        secrets.extend(self.api_key.lock().expect("key lock").clone());
        secrets.extend(self.old_keys.lock().expect("key lock").iter().cloned());
        for s in secrets
            .iter()
            .map(SecretString::expose)
            .filter(|s| s.len() >= 4)
        {
            e.message = e.message.replace(s, "[redacted]");
            if let Some(f) = e.fields.as_mut() {
                for v in f.values_mut() {
                    v.map_text(|t| t.replace(s, "[redacted]"));
                }
            }
        }
        e
    }

    /// The key to send, checked to be of the documented format first.
    fn current_key(&self) -> Result<SecretString> {
        let key = self.api_key.lock().expect("key lock").clone();
        let key = key.filter(|k| !k.is_blank()).ok_or_else(|| {
            Error::new(
                ErrorCode::SecretMissing,
                "this UnDosTres connection has no API key yet: request one first",
            )
        })?;
        check_key_format(key.expose()).map_err(|m| Error::invalid("apiKey", m))?;
        Ok(key)
    }

    async fn send(
        &self,
        op: Operation,
        company_id: Option<&str>,
        body: Option<Value>,
        api_key: Option<&SecretString>,
    ) -> Result<Value> {
        let route = self.cfg.settings.route(op);
        let mut rb = self
            .http
            .request(route.method.clone(), self.url(op, company_id)?)
            .header("accept", "application/json");
        if let Some(k) = api_key {
            rb = rb.header("x-api-key", k.expose());
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let req = rb
            .build()
            .map_err(|_| Error::internal("cannot build the request"))?;
        let how = Exchange {
            idempotent: op.is_read(),
            retry: if op.is_read() {
                self.retry.clone()
            } else {
                RetryPolicy::none()
            },
            max_body: self.max_body,
            signer: None,
        };
        let (status, bytes) = ventanilla_http::exchange(&self.http, req, &how)
            .await
            .map_err(|e| self.scrub(e))?;
        errors::check(status.as_u16(), &bytes, op).map_err(|e| self.scrub(e))
    }

    /// A1: request a key (the first one, or a rotation). `previous` is the
    /// current key's info, if any: without IPs the new key keeps its list,
    /// and only with one may the old key's expiry be brought forward.
    /// On success this client uses the new key from then on.
    pub async fn request_key(
        &self,
        input: &KeyRequestInput,
        previous: Option<&KeyInfo>,
    ) -> Result<IssuedKey> {
        self.request_key_at(input, previous, OffsetDateTime::now_utc())
            .await
    }

    /// [`Self::request_key`] with the time the 24-hour rule is checked against.
    pub async fn request_key_at(
        &self,
        input: &KeyRequestInput,
        previous: Option<&KeyInfo>,
        now: OffsetDateTime,
    ) -> Result<IssuedKey> {
        let (ips, expiry) = input.validate_for(previous, now)?;
        if self.cfg.user.trim().is_empty() || self.cfg.password.is_blank() {
            return Err(Error::new(
                ErrorCode::SecretMissing,
                "this UnDosTres connection has no user and password to request keys with",
            ));
        }
        let body = wire::KeyRequest {
            user: self.cfg.user.trim(),
            password: self.cfg.password.expose(),
            allowed_ips: ips.iter().map(|i| i.to_string()).collect(),
            expire_previous_at: expiry.map(|e| e.wire()),
        };
        let body = serde_json::to_value(&body)
            .map_err(|_| Error::internal("cannot encode the key request"))?;
        let v = self
            .send(Operation::KeyRequest, None, Some(body), None)
            .await?;
        let reply: wire::KeyReply =
            serde_json::from_value(v).map_err(|e| errors::unexpected_shape("key", &e))?;
        let issued = issued_key(reply)?;
        self.set_api_key(issued.api_key.clone());
        Ok(issued)
    }

    fn account(v: Value) -> Result<Account> {
        let a: wire::AccountReply =
            serde_json::from_value(v).map_err(|e| errors::unexpected_shape("account", &e))?;
        Ok(Account {
            company_id: a.company_id,
            parent_company_id: a.parent_company_id,
            depth: a.depth,
            names: a.names,
            document_number: a.document_number,
            webhooks: a.webhooks,
            email: a.email,
            phone: a.phone,
            active: a.active,
        })
    }

    /// A2: read an account (the caller's own when no ID is given).
    pub async fn get_account(&self, input: &AccountGetInput) -> Result<Account> {
        let key = self.current_key()?;
        let v = self
            .send(
                Operation::AccountGet,
                input.company_id.as_deref(),
                None,
                Some(&key),
            )
            .await?;
        Self::account(v)
    }

    /// A3: change names, document number or webhooks.
    pub async fn update_account(&self, input: &AccountUpdateInput) -> Result<Account> {
        input.validate()?;
        let key = self.current_key()?;
        let patch = wire::AccountPatch {
            names: input.names.as_deref().map(str::trim),
            document_number: input.document_number.as_deref().map(str::trim),
            webhooks: input.webhooks.as_deref(),
        };
        let body = serde_json::to_value(&patch)
            .map_err(|_| Error::internal("cannot encode the update"))?;
        let v = self
            .send(
                Operation::AccountUpdate,
                input.company_id.as_deref(),
                Some(body),
                Some(&key),
            )
            .await?;
        Self::account(v)
    }

    /// A4: create a sub-account. `tree` is what this app knows of the tree
    /// and `caller` the connection's own company ID: the depth and child
    /// limits are checked against them before sending.
    pub async fn create_sub_account(
        &self,
        input: &SubAccountCreateInput,
        tree: &AccountTree,
        caller: Option<&str>,
    ) -> Result<NewSubAccount> {
        input.validate_in(tree, caller)?;
        let key = self.current_key()?;
        let req = wire::SubAccountRequest {
            names: input.names.trim(),
            document_number: input.document_number.as_deref().map(str::trim),
            webhooks: &input.webhooks,
            email: input.email.as_deref().map(str::trim),
            phone: input.phone.as_deref().map(str::trim),
        };
        let body = serde_json::to_value(&req)
            .map_err(|_| Error::internal("cannot encode the sub-account"))?;
        let v = self
            .send(
                Operation::SubAccountCreate,
                input.parent_company_id.as_deref(),
                Some(body),
                Some(&key),
            )
            .await?;
        let r: wire::SubAccountReply =
            serde_json::from_value(v).map_err(|e| errors::unexpected_shape("sub-account", &e))?;
        Ok(NewSubAccount {
            created: SubAccountCreated {
                company_id: r.company_id,
                parent_company_id: r.parent_company_id,
                names: r.names.unwrap_or_else(|| input.names.trim().to_string()),
                active: r.active,
                connection_id: String::new(),
                connection_name: String::new(),
            },
            credentials: SubAccountCredentials {
                user: r.user,
                password: SecretString::new(r.password),
            },
        })
    }
}
