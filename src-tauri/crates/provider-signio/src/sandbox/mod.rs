//! An in-process simulator of the SIGNIO API (axum on 127.0.0.1) for the
//! app's "Sandbox" connection and for tests. It follows shared/providers.md
//! §5: the 24 operations on the default routes, the state machine of §5.5,
//! the constraints of §5.4 answered with two-character codes, a 1,000-result
//! search, and 1,500 Spanish demo envelopes. Uploaded files are streamed to a
//! temp dir (never held in memory); signed documents are the uploaded bytes
//! plus a deterministic signature trailer, served streamed.
//!
//! Sandbox extensions (not in the seed, marked in replies): 6.11 carries
//! `estado` and `documentos[].protegido`; files are served at
//! `/archivos/{envelope}/{document}`; the signer controls are also served at
//! `POST /__sandbox/{sign|reject|return|suspend}` (see [`remote_play`]).

mod control;
mod data;
mod server;

pub use control::{remote_play, SignerAction};

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use ventanilla_http::sandbox::{LoopbackListener, LoopbackServer};

use ventanilla_core::{Error, ErrorCode, Result};

pub(crate) use data::{Rng, World};

/// Simulator settings. `Default`: random port, 120-minute tokens, no latency, seed 2024.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub port: Option<u16>,
    pub token_lifetime: Duration,
    pub latency: Duration,
    pub seed: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            port: None,
            token_lifetime: Duration::from_secs(120 * 60),
            latency: Duration::ZERO,
            seed: 2024,
        }
    }
}

/// A failure to inject into the next requests (logins excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 500 with no body code.
    ServerError,
    /// `codigo`/`code` "01" whatever the token.
    InvalidToken,
    /// `codigo` "04".
    InternalError,
    /// 200 with a body that is not JSON.
    MalformedJson,
    /// A file download that stops halfway (connection dropped).
    DropMidDownload,
}

/// One request received: method and path only (never bodies or headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub at: SystemTime,
}

/// The fixed demo credentials (not secrets: they only open the local simulator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCredentials {
    pub email: String,
    pub password: String,
}

pub(crate) struct Inner {
    pub world: World,
    pub token_lifetime: Duration,
    pub latency: Duration,
    pub faults: std::collections::VecDeque<Fault>,
    pub clock_offset: Duration,
    /// token → (tenant, expires at, unix s)
    pub tokens: std::collections::HashMap<String, (String, i64)>,
    pub requests: Vec<LoggedRequest>,
    pub rng: Rng,
    pub user_active: bool,
    pub client_active: bool,
}

impl Inner {
    pub(crate) fn now(&self) -> i64 {
        (SystemTime::now() + self.clock_offset)
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs() as i64
    }
}

pub(crate) struct Shared {
    pub base_url: String,
    pub files: tempfile::TempDir,
    pub inner: Mutex<Inner>,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub struct Simulator;

/// The simulator's fixed demo credentials (public: they only open a local simulator).
pub fn demo_credentials() -> DemoCredentials {
    DemoCredentials {
        email: data::DEMO_EMAIL.into(),
        password: data::DEMO_PASSWORD.into(),
    }
}

impl Simulator {
    pub async fn start(cfg: SimConfig) -> Result<SimHandle> {
        let listener = LoopbackListener::bind("SIGNIO sandbox", cfg.port).await?;
        let addr = listener.addr();
        let files = tempfile::Builder::new()
            .prefix("ventanilla-signio-sandbox-")
            .tempdir()
            .map_err(|e| Error::io("cannot create the sandbox's file store", &e))?;
        let shared = Arc::new(Shared {
            base_url: format!("http://{addr}"),
            files,
            inner: Mutex::new(Inner {
                world: data::generate(cfg.seed),
                token_lifetime: cfg.token_lifetime,
                latency: cfg.latency,
                faults: Default::default(),
                clock_offset: Duration::ZERO,
                tokens: Default::default(),
                requests: Vec::new(),
                rng: Rng::new(cfg.seed ^ 0x5161_0000),
                user_active: true,
                client_active: true,
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

/// A running simulator. Dropping it stops the server and deletes its files.
pub struct SimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    /// `None` for a view of a simulator served elsewhere.
    server: Option<LoopbackServer>,
}

fn rule(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::Validation, msg)
}

impl SimHandle {
    /// A handle on a running simulator's state that does not own the server
    /// (dropping it stops nothing); for the HTTP signer controls.
    pub(crate) fn view(shared: Arc<Shared>) -> SimHandle {
        let addr = shared
            .base_url
            .trim_start_matches("http://")
            .parse()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
        SimHandle {
            shared,
            addr,
            server: None,
        }
    }

    /// `http://127.0.0.1:<port>`; the default routes hang directly off it.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn credentials(&self) -> DemoCredentials {
        demo_credentials()
    }

    /// The tenants the demo user can use through 6.21.
    pub fn tenants(&self) -> Vec<String> {
        data::TENANTS.iter().map(|t| t.to_string()).collect()
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Every token it has issued and still remembers (tests check none is
    /// ever recorded or shown).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.shared.lock().tokens.keys().cloned().collect()
    }

    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    pub fn set_token_lifetime(&self, d: Duration) {
        self.shared.lock().token_lifetime = d;
    }

    pub fn set_latency(&self, d: Duration) {
        self.shared.lock().latency = d;
    }

    /// Move the clock forward: tokens expire as if that much time had passed.
    pub fn advance_clock(&self, d: Duration) {
        self.shared.lock().clock_offset += d;
    }

    /// Make the next `count` requests (logins excluded) fail with `fault`.
    pub fn inject_fault(&self, fault: Fault, count: usize) {
        self.shared
            .lock()
            .faults
            .extend(std::iter::repeat_n(fault, count));
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Deactivate the demo user (logins answer 02) or client (03).
    pub fn set_active(&self, user: bool, client: bool) {
        let mut g = self.shared.lock();
        g.user_active = user;
        g.client_active = client;
    }

    /// The SIGNIO state number of an envelope.
    pub fn state(&self, envelope_id: &str) -> Option<u8> {
        let g = self.shared.lock();
        g.world
            .find(envelope_id)
            .map(|i| g.world.envelopes[i].state)
    }

    /// Ids of envelopes in a state (demo data included).
    pub fn envelopes_in_state(&self, state: u8) -> Vec<String> {
        let g = self.shared.lock();
        g.world
            .envelopes
            .iter()
            .filter(|e| e.state == state)
            .map(|e| e.id.clone())
            .collect()
    }

    /// Every signing contact (or just `signer_id`) signs every document linked
    /// to them for signature, in the distribution order; when every signing
    /// contact has signed, the envelope becomes 3 (signed).
    pub fn sign(&self, envelope_id: &str, signer_id: Option<&str>) -> Result<()> {
        self.change(envelope_id, &[2], "signed", |env, now| {
            let signers: Vec<String> = match signer_id {
                Some(s) => {
                    let c = env
                        .contacts
                        .iter()
                        .find(|c| c.id == s)
                        .ok_or_else(|| rule("no such signer"))?;
                    if c.notified {
                        return Err(rule("a notified contact does not sign"));
                    }
                    // Serial distribution: nobody signs before those with a lower order.
                    let waiting = env.contacts.iter().any(|o| {
                        !o.notified && o.order < c.order && !server::has_signed(env, &o.id)
                    });
                    if waiting {
                        return Err(rule(
                            "serial distribution: an earlier signer has not signed yet",
                        ));
                    }
                    vec![s.to_string()]
                }
                None => {
                    let mut cs: Vec<&data::SimContact> =
                        env.contacts.iter().filter(|c| !c.notified).collect();
                    cs.sort_by_key(|c| c.order);
                    cs.into_iter().map(|c| c.id.clone()).collect()
                }
            };
            for s in signers {
                let approval = env.contacts.iter().any(|c| c.id == s && c.approver);
                let docs: Vec<String> = env
                    .links
                    .iter()
                    .filter(|l| l.signer_id == s && !l.attachment)
                    .map(|l| l.document_id.clone())
                    .collect();
                for d in docs {
                    if !env
                        .signatures
                        .iter()
                        .any(|x| x.signer_id == s && x.document_id == d)
                    {
                        env.signatures.push(data::SimSignature {
                            signer_id: s.clone(),
                            document_id: d,
                            approval,
                            at: now,
                        });
                    }
                }
            }
            let all = env
                .contacts
                .iter()
                .filter(|c| !c.notified)
                .all(|c| server::has_signed(env, &c.id));
            if all {
                env.state = 3;
            }
            Ok(())
        })
    }

    /// A signer rejects: 2 → 4 (needs `op_btnRechazo`).
    pub fn reject(&self, envelope_id: &str, signer_id: &str) -> Result<()> {
        self.change(envelope_id, &[2], "rejected", |env, _| {
            if !env
                .contacts
                .iter()
                .any(|c| c.id == signer_id && !c.notified)
            {
                return Err(rule("no such signer"));
            }
            if !env.allow_reject {
                return Err(rule(
                    "this envelope does not allow rejecting (op_btnRechazo = 0)",
                ));
            }
            env.state = 4;
            Ok(())
        })
    }

    /// A signer or approver returns it with observations: 2 → 8 (needs
    /// `permiteEdicionFirmantes` / `permiteEdicion`).
    pub fn return_with_observations(
        &self,
        envelope_id: &str,
        signer_id: &str,
        text: &str,
    ) -> Result<()> {
        self.change(envelope_id, &[2], "returned with observations", |env, _| {
            let c = env
                .contacts
                .iter()
                .find(|c| c.id == signer_id && !c.notified)
                .ok_or_else(|| rule("no such signer"))?;
            let allowed = if c.approver {
                env.approvers_may_return
            } else {
                env.signers_may_return
            };
            if !allowed {
                return Err(rule(concat!(
                    "this envelope does not let this contact return it ",
                    "(permiteEdicion / permiteEdicionFirmantes = 0)"
                )));
            }
            if text.trim().is_empty() {
                return Err(rule("observations can't be blank"));
            }
            env.observations.push(text.to_string());
            env.state = 8;
            Ok(())
        })
    }

    /// Suspend (no API operation does this): 1, 2 or 7 → 6.
    pub fn suspend(&self, envelope_id: &str) -> Result<()> {
        self.change(envelope_id, &[1, 2, 7], "suspended", |env, _| {
            env.state = 6;
            Ok(())
        })
    }

    /// What a signer control does to an envelope: found, in one of `states`
    /// (else "only envelopes in … can be `done`"), changed by `f` (given the
    /// simulator's clock), and marked updated if `f` succeeds.
    fn change(
        &self,
        envelope_id: &str,
        states: &[u8],
        done: &str,
        f: impl FnOnce(&mut data::SimEnvelope, i64) -> Result<()>,
    ) -> Result<()> {
        let mut g = self.shared.lock();
        let now = g.now();
        let i = g
            .world
            .find(envelope_id)
            .ok_or_else(|| rule("no such envelope"))?;
        let env = &mut g.world.envelopes[i];
        if !states.contains(&env.state) {
            let names: Vec<String> = states.iter().map(|&s| state_name(s)).collect();
            return Err(rule(format!(
                "only envelopes {} can be {done}; this one is {}",
                names.join(" or "),
                state_name(env.state)
            )));
        }
        f(env, now)?;
        env.updated_at = now;
        Ok(())
    }

    /// Put an envelope in any state (for demos and tests of states no operation reaches).
    pub fn force_state(&self, envelope_id: &str, state: u8) -> Result<()> {
        let mut g = self.shared.lock();
        let i = g
            .world
            .find(envelope_id)
            .ok_or_else(|| rule("no such envelope"))?;
        g.world.envelopes[i].state = state;
        Ok(())
    }

    /// The exact bytes a download of this document yields now (the original,
    /// plus a signature trailer once anyone signed it).
    pub fn signed_document_bytes(&self, envelope_id: &str, document_id: &str) -> Option<Vec<u8>> {
        let (content, trailer) = {
            let g = self.shared.lock();
            let env = &g.world.envelopes[g.world.find(envelope_id)?];
            let doc = env.documents.iter().find(|d| d.id == document_id)?;
            (server::original(doc), server::trailer(env, document_id))
        };
        let mut bytes = match content {
            server::Original::Bytes(b) => b,
            server::Original::File(p) => std::fs::read(p).ok()?,
        };
        bytes.extend_from_slice(&trailer);
        Some(bytes)
    }

    /// The bytes stored for an uploaded document (exactly what was sent).
    pub fn uploaded_bytes(&self, envelope_id: &str, document_id: &str) -> Option<Vec<u8>> {
        let content = {
            let g = self.shared.lock();
            let env = &g.world.envelopes[g.world.find(envelope_id)?];
            server::original(env.documents.iter().find(|d| d.id == document_id)?)
        };
        match content {
            server::Original::Bytes(b) => Some(b),
            server::Original::File(p) => std::fs::read(p).ok(),
        }
    }

    /// How many documents the envelope has (e.g. to prove a failed upload kept nothing).
    pub fn document_count(&self, envelope_id: &str) -> Option<usize> {
        let g = self.shared.lock();
        g.world
            .find(envelope_id)
            .map(|i| g.world.envelopes[i].documents.len())
    }

    /// Files in the simulator's store (uploads, including none half-written).
    pub fn stored_files(&self) -> usize {
        std::fs::read_dir(self.shared.files.path())
            .map(|d| d.count())
            .unwrap_or(0)
    }

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

/// A SIGNIO state code as the sandbox's rule messages name it (§5.5).
fn state_name(state: u8) -> String {
    let name = match state {
        1 => "in elaboration",
        2 => "pending signature",
        3 => "signed",
        4 => "rejected",
        6 => "suspended",
        7 => "in data capture",
        8 => "returned with observations",
        _ => "in an undocumented state",
    };
    format!("{name} ({state})")
}
