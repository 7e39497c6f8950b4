//! An in-process simulator of the UnDosTres API (axum on 127.0.0.1), for the
//! app's sandbox connection and for tests. It follows UNDOSTRES 2.2,
//! 2.4 and the assumed shape and error envelope of 2.5:
//!
//! * keys last three months; a new key supersedes the old one, which then
//!   expires at min(now + 24 h, the time asked for, its own expiry);
//! * each key works only from its allowed IPs, checked against the
//!   caller's real address (loopback here);
//! * an account becomes active when it first obtains a key;
//! * the tree is at most 2 levels below the main account, with C children
//!   for the root and G for each sub-account;
//! * Spanish demo data: a company with a two-level tree.
//!
//! Knobs: a clock offset (expiry warnings, old keys lapsing), latency,
//! injected faults, a request log (names of fields, never values), and the
//! support-only hooks the API does not offer (editing a key's IPs). The
//! clock is also reachable over HTTP ([`remote_set_clock_offset`]).

mod control;
mod data;
mod server;

use std::collections::{BTreeMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use serde::Serialize;
use time::{Duration, OffsetDateTime};
use ventanilla_core::{Error, Result};

use crate::ops::Account;
use crate::rules::{self, TreeLimits};

pub use control::{remote_demo_key, remote_set_clock_offset};
pub use data::{DEMO_COMPANY_ID, DEMO_PASSWORD, DEMO_USER};

/// Simulator settings. `Default`: any free port, no latency, C = 5, G = 10.
#[derive(Debug, Clone, Default)]
pub struct SimConfig {
    /// `None` or `Some(0)`: any free port.
    pub port: Option<u16>,
    /// Added to every request.
    pub latency: StdDuration,
    pub limits: TreeLimits,
}

/// A failure to inject into the next requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 503 with the error envelope.
    ServerError,
    /// No answer for [`TIMEOUT_FAULT_DELAY`] (nothing applied), then a 504.
    Timeout,
    /// 200 with a body that is not JSON.
    MalformedJson,
}

/// How long a [`Fault::Timeout`] request hangs.
pub const TIMEOUT_FAULT_DELAY: StdDuration = StdDuration::from_secs(5);

/// One request received: method, path, the caller's IP, whether it carried
/// `x-api-key`, and the names of its JSON body's fields (never values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub peer: IpAddr,
    pub has_api_key: bool,
    pub fields: Vec<String>,
}

/// The public demo credentials of the main demo account. Not secrets: the
/// same on every machine, and they only open the local simulator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoCredentials {
    pub user: String,
    pub password: String,
}

pub fn demo_credentials() -> DemoCredentials {
    DemoCredentials {
        user: DEMO_USER.into(),
        password: DEMO_PASSWORD.into(),
    }
}

/// A key's place in its lifecycle (UNDOSTRES 2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    Active,
    /// Replaced by a newer key, still valid until its expiry.
    Superseded,
    Expired,
}

/// What a test may see of a simulated key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimKeyView {
    pub last4: String,
    pub state: KeyState,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub allowed_ips: Vec<IpAddr>,
}

pub(crate) struct SimAccount {
    pub id: String,
    pub parent: Option<String>,
    pub depth: u8,
    pub names: String,
    pub document_number: Option<String>,
    pub webhooks: Vec<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub user: String,
    pub password: String,
}

impl SimAccount {
    pub(crate) fn to_account(&self) -> Account {
        Account {
            company_id: self.id.clone(),
            parent_company_id: self.parent.clone(),
            depth: self.depth,
            names: self.names.clone(),
            document_number: self.document_number.clone(),
            webhooks: self.webhooks.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            active: self.active,
        }
    }
}

pub(crate) struct SimKey {
    pub key: String,
    pub company_id: String,
    pub created: OffsetDateTime,
    pub expires: OffsetDateTime,
    pub ips: Vec<IpAddr>,
    pub superseded: bool,
}

impl SimKey {
    pub(crate) fn state(&self, now: OffsetDateTime) -> KeyState {
        if now >= self.expires {
            KeyState::Expired
        } else if self.superseded {
            KeyState::Superseded
        } else {
            KeyState::Active
        }
    }
}

pub(crate) struct Inner {
    pub accounts: BTreeMap<String, SimAccount>,
    pub keys: Vec<SimKey>,
    pub limits: TreeLimits,
    pub latency: StdDuration,
    pub faults: VecDeque<Fault>,
    pub clock_offset: Duration,
    pub requests: Vec<LoggedRequest>,
    pub next_id: u32,
}

impl Inner {
    pub(crate) fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.clock_offset
    }

    /// Whether `id` is `ancestor` or below it.
    pub(crate) fn in_subtree(&self, id: &str, ancestor: &str) -> bool {
        let mut cur = Some(id.to_string());
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.accounts.get(&c).and_then(|a| a.parent.clone());
        }
        false
    }

    pub(crate) fn children_of(&self, id: &str) -> usize {
        self.accounts
            .values()
            .filter(|a| a.parent.as_deref() == Some(id))
            .count()
    }
}

pub(crate) struct Shared {
    pub inner: Mutex<Inner>,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub struct Simulator;

impl Simulator {
    /// Bind 127.0.0.1 and serve until [`SimHandle::shutdown`] or drop.
    pub async fn start(cfg: SimConfig) -> Result<SimHandle> {
        let port = cfg.port.unwrap_or(0);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| {
                Error::io(
                    &format!("cannot start the UnDosTres sandbox on 127.0.0.1:{port}"),
                    &e,
                )
            })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("cannot start the UnDosTres sandbox", &e))?;
        let now = OffsetDateTime::now_utc();
        let (accounts, keys) = data::generate(now);
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                accounts,
                keys,
                limits: cfg.limits,
                latency: cfg.latency,
                faults: VecDeque::new(),
                clock_offset: Duration::ZERO,
                requests: Vec::new(),
                next_id: data::FIRST_FREE_ID,
            }),
        });
        // The allow-list needs the caller's address, so this serves with
        // connect info (ventanilla_http's LoopbackListener does not).
        let app =
            server::router(shared.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(SimHandle {
            shared,
            addr,
            stop: Some(tx),
            task: Some(task),
        })
    }
}

/// A running simulator. Dropping it stops the server.
pub struct SimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SimHandle {
    /// `http://127.0.0.1:<port>` (no trailing slash; routes as in UNDOSTRES 2.5).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The main demo account's `{user, password}`.
    pub fn credentials(&self) -> DemoCredentials {
        demo_credentials()
    }

    /// The credentials of any simulated account (demo sub-accounts included).
    pub fn credentials_of(&self, company_id: &str) -> Option<DemoCredentials> {
        self.shared
            .lock()
            .accounts
            .get(company_id)
            .map(|a| DemoCredentials {
                user: a.user.clone(),
                password: a.password.clone(),
            })
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.lock().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    pub fn set_latency(&self, d: StdDuration) {
        self.shared.lock().latency = d;
    }

    /// Make the next `count` requests fail with `fault`.
    pub fn inject_fault(&self, fault: Fault, count: usize) {
        self.shared
            .lock()
            .faults
            .extend(std::iter::repeat_n(fault, count));
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Move the simulator's clock (either way): keys expire, and warnings
    /// show, as if that much time had passed.
    pub fn advance_clock(&self, d: Duration) {
        self.shared.lock().clock_offset += d;
    }

    pub fn set_clock_offset(&self, d: Duration) {
        self.shared.lock().clock_offset = d;
    }

    /// The simulator's clock.
    pub fn now(&self) -> OffsetDateTime {
        self.shared.lock().now()
    }

    pub fn set_limits(&self, limits: TreeLimits) {
        self.shared.lock().limits = limits;
    }

    /// An account as the API would report it.
    pub fn account(&self, company_id: &str) -> Option<Account> {
        self.shared
            .lock()
            .accounts
            .get(company_id)
            .map(SimAccount::to_account)
    }

    /// An account's keys, oldest first.
    pub fn keys_of(&self, company_id: &str) -> Vec<SimKeyView> {
        let g = self.shared.lock();
        let now = g.now();
        g.keys
            .iter()
            .filter(|k| k.company_id == company_id)
            .map(|k| SimKeyView {
                last4: rules::last4(&k.key),
                state: k.state(now),
                created_at: k.created,
                expires_at: k.expires,
                allowed_ips: k.ips.clone(),
            })
            .collect()
    }

    /// Support-only (UNDOSTRES 2.3 O6): replace the IPs of an account's
    /// newest key. Not an API operation.
    pub fn support_set_ips(&self, company_id: &str, ips: Vec<IpAddr>) -> bool {
        let mut g = self.shared.lock();
        match g.keys.iter_mut().rev().find(|k| k.company_id == company_id) {
            Some(k) => {
                k.ips = ips;
                true
            }
            None => false,
        }
    }

    /// Stop serving and wait (at most 2 s) for open connections.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(StdDuration::from_secs(2), task).await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
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
