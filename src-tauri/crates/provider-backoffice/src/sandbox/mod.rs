//! An in-process simulator of the BackOffice API (axum on 127.0.0.1), for
//! the app's "Sandbox" connection and for tests. It follows
//! shared/providers.md §4: the 21 operations, their documented error bodies
//! word for word, real HS256 JWTs that expire, security tokens that are
//! e-mailed (here: put in an outbox), expire in an hour and work once, and
//! deterministic Spanish-language demo data.
//!
//! Knobs: latency, token lifetime, a clock that can be moved forward,
//! JWT key rotation, token-on-edit, and injected faults.

mod data;
mod server;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use ventanilla_http::sandbox::{LoopbackListener, LoopbackServer};

use ventanilla_core::Result;

pub(crate) use data::{Rng, World};

/// Simulator settings. `Default`: random port, 24 h tokens, no latency, seed 2024.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// `None` or `Some(0)`: any free port.
    pub port: Option<u16>,
    /// Lifetime of the JWTs that login issues.
    pub token_lifetime: Duration,
    /// Added to every request.
    pub latency: Duration,
    /// Seed of the demo data (same seed, same users, tickets and wallets).
    pub seed: u64,
    /// Whether user edits start out requiring an e-mailed security token.
    pub token_on_edit: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            port: None,
            token_lifetime: Duration::from_secs(24 * 3600),
            latency: Duration::ZERO,
            seed: 2024,
            token_on_edit: false,
        }
    }
}

/// A failure to inject into the next requests (other than login).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 503 Service Unavailable (retryable for GETs).
    ServerError,
    /// No answer for [`TIMEOUT_FAULT_DELAY`], then a 504.
    Timeout,
    /// 200 with a body that is not valid JSON.
    MalformedJson,
    /// 401 `{"error":"Signature has expired"}`, whatever the token.
    ExpiredSession,
}

/// How long a [`Fault::Timeout`] request hangs before answering.
pub const TIMEOUT_FAULT_DELAY: Duration = Duration::from_secs(5);

/// One request the simulator received: what, where and when, and the names
/// of the form / multipart / query fields it carried (never their values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub fields: Vec<String>,
    pub at: SystemTime,
}

/// A security token the simulator "e-mailed" to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentToken {
    pub user_id: u64,
    pub token: String,
    pub at: SystemTime,
    /// `at` as milliseconds since the Unix epoch.
    pub sent_at_ms: i64,
}

/// The fixed demo credentials every simulator accepts. Not secrets: they are
/// the same on every machine and only open the local simulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCredentials {
    pub api_key: String,
    pub username: String,
    pub password: String,
}

impl DemoCredentials {
    pub fn get() -> Self {
        DemoCredentials {
            api_key: data::DEMO_API_KEY.to_string(),
            username: data::DEMO_USERNAME.to_string(),
            password: data::DEMO_PASSWORD.to_string(),
        }
    }
}

/// The id of the demo account's user (the one the demo credentials log in as).
pub const DEMO_USER_ID: u64 = data::DEMO_USER_ID;

pub(crate) struct SecurityToken {
    pub user_id: u64,
    pub token: String,
    pub expires_at: i64,
    pub used: bool,
}

pub(crate) struct Inner {
    pub world: World,
    pub token_lifetime: Duration,
    pub latency: Duration,
    pub faults: std::collections::VecDeque<Fault>,
    pub token_on_edit: bool,
    pub clock_offset: Duration,
    pub jwt_secret: Vec<u8>,
    pub security_tokens: Vec<SecurityToken>,
    pub outbox: Vec<SentToken>,
    pub requests: Vec<LoggedRequest>,
    pub rng: Rng,
}

pub(crate) struct Shared {
    pub seed: u64,
    pub base_url: String,
    pub inner: Mutex<Inner>,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Inner {
    /// The simulator's clock (real time plus any [`SimHandle::advance_clock`]).
    pub(crate) fn now(&self) -> i64 {
        (SystemTime::now() + self.clock_offset)
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs() as i64
    }
}

pub struct Simulator;

impl Simulator {
    /// Bind 127.0.0.1 and serve until [`SimHandle::shutdown`] or drop.
    pub async fn start(cfg: SimConfig) -> Result<SimHandle> {
        let listener = LoopbackListener::bind("BackOffice sandbox", cfg.port).await?;
        let addr = listener.addr();
        let base_url = format!("http://{addr}");
        let shared = Arc::new(Shared {
            seed: cfg.seed,
            base_url: base_url.clone(),
            inner: Mutex::new(Inner {
                world: data::generate(cfg.seed),
                token_lifetime: cfg.token_lifetime,
                latency: cfg.latency,
                faults: Default::default(),
                token_on_edit: cfg.token_on_edit,
                clock_offset: Duration::ZERO,
                jwt_secret: format!("ventanilla-sandbox-{}-0", cfg.seed).into_bytes(),
                security_tokens: Vec::new(),
                outbox: Vec::new(),
                requests: Vec::new(),
                rng: Rng::new(cfg.seed ^ 0x5EC0_70C3),
            }),
        });
        let app = server::router(shared.clone());
        let server = listener.serve(app);
        Ok(SimHandle {
            shared,
            addr,
            server: Some(server),
        })
    }
}

/// A running simulator. Dropping it stops the server.
pub struct SimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    /// `None` for a view of a simulator served elsewhere.
    server: Option<LoopbackServer>,
}

impl SimHandle {
    /// `http://127.0.0.1:<port>` (no trailing slash; the API is under `/api/v1/`).
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn credentials(&self) -> DemoCredentials {
        DemoCredentials::get()
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.lock().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    /// Lifetime of JWTs issued from now on.
    pub fn set_token_lifetime(&self, d: Duration) {
        self.shared.lock().token_lifetime = d;
    }

    pub fn set_latency(&self, d: Duration) {
        self.shared.lock().latency = d;
    }

    /// Make the next `count` requests (login excluded) fail with `fault`.
    pub fn inject_fault(&self, fault: Fault, count: usize) {
        let mut g = self.shared.lock();
        g.faults.extend(std::iter::repeat_n(fault, count));
    }

    /// Drop any injected faults not yet used.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// The BackOffice "token on edit profile" setting; mirrored into every
    /// user's `request_token_on_edit`.
    pub fn set_token_on_edit(&self, on: bool) {
        self.shared.lock().token_on_edit = on;
    }

    /// Security tokens "e-mailed" so far, oldest first.
    pub fn outbox(&self) -> Vec<SentToken> {
        self.shared.lock().outbox.clone()
    }

    /// Move the simulator's clock forward: JWTs and security tokens expire
    /// as if that much time had passed.
    pub fn advance_clock(&self, d: Duration) {
        self.shared.lock().clock_offset += d;
    }

    /// Sign JWTs with a new key: every token issued so far now fails with
    /// "Signature verification raised".
    pub fn rotate_jwt_secret(&self) {
        let mut g = self.shared.lock();
        let next = format!("ventanilla-sandbox-{}-{}", self.shared.seed, g.rng.next());
        g.jwt_secret = next.into_bytes();
    }

    /// The name and size in bytes of the last profile image uploaded for a
    /// user (the simulator keeps no image bytes).
    pub fn uploaded_image(&self, user_id: u64) -> Option<(String, u64)> {
        self.shared
            .lock()
            .world
            .users
            .get(&user_id)
            .and_then(|u| u.uploaded_image.clone())
    }

    /// Stop serving and wait (briefly) for the server to finish.
    pub async fn shutdown(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
