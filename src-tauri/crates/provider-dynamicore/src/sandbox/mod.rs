//! An in-process simulator of the DynamiCore API (axum on 127.0.0.1), for
//! the app's sandbox connection and for tests. It follows DYNAMICORE 1.3
//! and the assumed rules of 1.2 and 1.5:
//!
//! * every request's signature is verified with the seed's algorithm
//!   ([`crate::sign`], the same code the adapter signs with): 401 for a
//!   missing or malformed header, an unknown client key, a timestamp more
//!   than 300 s off, or a digest mismatch;
//! * `POST /internal/sat/sat_key` is Load Keys when the body has `type`,
//!   Sync when it has `start`/`end` (DYNAMICORE 1.5 #1);
//! * bodies may be nested JSON or flat bracket keys (1.5 #3); GETs read
//!   their parameters from the query (and #9 from a body too, 1.5 #2);
//! * Mexican demo data ([`data`]).
//!
//! Knobs: latency, injected faults, the server's clock skew, and a request
//! log (method, path, outcome; never a header or a value).

mod data;
mod server;

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use ventanilla_core::Result;
use ventanilla_http::sandbox::{LoopbackListener, LoopbackServer, SeededRng};

pub use data::{demo_today, DEMO_CLIENT_KEY, DEMO_SECRET};

/// A control of the simulator at `base_url` (`sign` a Mifiel document,
/// `pay` a Conekta order, list the `documents`), as the `sandbox.*`
/// operations and the sandbox's setup play it over loopback HTTP; its
/// reply's `data`. A simulator that doesn't know the object answers 404.
pub async fn remote_control(base_url: &str, what: &str, body: Value) -> Result<Vec<Value>> {
    use ventanilla_core::{Error, ErrorCode};
    let url = format!("{}/__sandbox/{what}", base_url.trim_end_matches('/'));
    let client = ventanilla_http::build_client(&ventanilla_http::HttpConfig::default())?;
    let req = client
        .post(url)
        .json(&body)
        .build()
        .map_err(|_| Error::internal("cannot build the sandbox control request"))?;
    let resp = ventanilla_http::send(&client, req).await?;
    let status = resp.status();
    let (_, bytes) = ventanilla_http::read_body(resp).await?;
    match crate::errors::check(status.as_u16(), &bytes) {
        Ok(listing) => Ok(listing.data),
        Err(e) if e.code == ErrorCode::NotFound => Err(e),
        Err(e) => Err(Error::new(
            e.code,
            format!(
                "the DynamiCore simulator refused the control: {}",
                e.message
            ),
        )),
    }
}

/// Simulator settings. `Default`: any free port, no latency.
#[derive(Debug, Clone, Default)]
pub struct SimConfig {
    pub port: Option<u16>,
    pub latency: Duration,
}

/// A failure to inject into the next requests (after the signature check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 503 with the error envelope.
    ServerError,
    /// 200 with a body that is not JSON.
    MalformedJson,
}

/// Largest accepted distance between the signature's timestamp and the
/// server's clock (DYNAMICORE 1.2 "Sandbox rules").
pub const MAX_SKEW_MS: u64 = 300_000;

/// One request received: never a header, a value or a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// Whether its signature verified.
    pub authorized: bool,
}

/// One uploaded file, as the simulator keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Default)]
pub(crate) struct State {
    pub keys: BTreeMap<String, String>,
    pub client_types: Vec<Value>,
    pub product_types: Vec<Value>,
    pub clients: Vec<Value>,
    pub files: BTreeMap<(String, String), Vec<StoredFile>>,
    pub accounts: Vec<Value>,
    pub transactions: BTreeMap<String, Vec<Value>>,
    pub payments: BTreeMap<String, Vec<Value>>,
    pub sat_keys: BTreeMap<String, String>,
    pub sat_syncs: Vec<Value>,
    pub sat_data: Vec<Value>,
    pub documents: Vec<Value>,
    pub orders: Vec<Value>,
    pub faults: VecDeque<Fault>,
    pub skew_ms: i64,
    pub latency: Duration,
    pub log: Vec<LoggedRequest>,
    pub rng: Option<SeededRng>,
    pub next_id: u64,
}

impl State {
    fn rng(&mut self) -> &mut SeededRng {
        self.rng.get_or_insert_with(|| SeededRng::new(0x5EED))
    }

    pub(crate) fn new_id(&mut self) -> String {
        self.next_id += 1;
        (1000 + self.next_id).to_string()
    }
}

pub(crate) type Shared = Arc<Mutex<State>>;

/// A running simulator. Dropping it stops the server.
pub struct Sim {
    server: LoopbackServer,
    state: Shared,
}

impl Sim {
    pub async fn start(cfg: SimConfig) -> Result<Sim> {
        let listener = LoopbackListener::bind("DynamiCore simulator", cfg.port).await?;
        let mut st = State {
            latency: cfg.latency,
            ..State::default()
        };
        st.keys.insert(DEMO_CLIENT_KEY.into(), DEMO_SECRET.into());
        data::seed(&mut st);
        let state: Shared = Arc::new(Mutex::new(st));
        let server = listener.serve(server::router(state.clone()));
        Ok(Sim { server, state })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("simulator state")
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    pub fn set_latency(&self, d: Duration) {
        self.lock().latency = d;
    }

    /// Fail the next requests, one fault each.
    pub fn inject(&self, faults: &[Fault]) {
        self.lock().faults.extend(faults.iter().copied());
    }

    /// The server's clock runs this many milliseconds ahead (negative: behind).
    pub fn set_clock_skew_ms(&self, ms: i64) {
        self.lock().skew_ms = ms;
    }

    /// Another client key the simulator accepts.
    pub fn add_key(&self, client_key: &str, secret: &str) {
        self.lock().keys.insert(client_key.into(), secret.into());
    }

    /// The files uploaded into a client's field.
    pub fn files(&self, client: &str, field: &str) -> Vec<StoredFile> {
        self.lock()
            .files
            .get(&(client.to_string(), field.to_string()))
            .cloned()
            .unwrap_or_default()
    }

    /// The references of every Mifiel document (demo ones first).
    pub fn document_references(&self) -> Vec<String> {
        self.lock()
            .documents
            .iter()
            .filter_map(|d| d["id"].as_str().map(str::to_string))
            .collect()
    }

    /// Every signer of a document signs (what Mifiel's widget or e-mail does).
    pub fn sign_document(&self, reference: &str) -> bool {
        server::sign_all(&mut self.lock(), reference)
    }

    /// A Conekta order is paid at an OXXO.
    pub fn pay_order(&self, id: &str) -> bool {
        server::pay(&mut self.lock(), id)
    }

    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}
