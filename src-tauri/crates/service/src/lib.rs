//! Ventanilla's use cases, shared by the desktop shell and `ventanilla-cli`.
//!
//! A [`Service`] owns the local history database, the secret stores and the
//! running sandbox simulators. Every provider operation goes through it:
//! input validated → connection resolved → secret read → adapter called →
//! operation recorded in history (success or failure, never a secret).

pub mod bindings;
mod clock;
mod connections;
mod envelope_cache;
mod exec;
mod history_ops;
mod issued;
mod keychain;
pub mod logging;
pub mod providers;
mod recent_users;
mod record;
mod sandbox;

pub use envelope_cache::{safe_file_name, ENVELOPE_CACHE};
pub use sandbox::{start_simulator, SandboxMode, SANDBOX_NAME, SANDBOX_SIGNIO_NAME};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_history::History;
use ventanilla_vault::{KeychainStore, MemoryStore, SecretStore};

/// The keychain service name entries are stored under.
pub const KEYCHAIN_SERVICE: &str = "ventanilla";

/// How the service keeps secrets.
pub enum Secrets {
    /// The OS keychain under this service name (the app and the CLI).
    Keychain(String),
    /// Only in memory (tests of everything but the keychain itself).
    MemoryOnly,
    /// This store (tests that simulate a locked keychain).
    Store(Arc<dyn SecretStore>),
}

pub struct Options {
    pub data_dir: PathBuf,
    pub secrets: Secrets,
    pub sandbox: SandboxMode,
}

impl Options {
    /// The defaults of the app and the CLI: data in `$VENTANILLA_DATA_DIR` or
    /// the OS data directory, secrets in the OS keychain.
    pub fn from_env(sandbox: SandboxMode) -> Result<Self> {
        Ok(Options {
            data_dir: data_dir()?,
            secrets: Secrets::Keychain(KEYCHAIN_SERVICE.into()),
            sandbox,
        })
    }
}

/// `$VENTANILLA_DATA_DIR`, else the OS's per-user data directory + `ventanilla`.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("VENTANILLA_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::data_dir()
        .map(|d| d.join("ventanilla"))
        .ok_or_else(|| {
            Error::new(
                ErrorCode::Io,
                "cannot find a data directory; set VENTANILLA_DATA_DIR",
            )
        })
}

pub struct Service {
    data_dir: PathBuf,
    history: Arc<History>,
    /// Probed again while unavailable; see `keychain_status`.
    keychain: keychain::Keychain,
    /// Secrets of sandbox connections when there is no keychain.
    memory: Arc<MemoryStore>,
    sandboxes: Mutex<HashMap<String, sandbox::Running>>,
    clients: Mutex<HashMap<String, exec::AnyClient>>,
    sandbox_mode: std::sync::OnceLock<SandboxMode>,
    /// The last failure to record an operation in history; see `history_warning`.
    history_warning: Mutex<Option<String>>,
}

impl Service {
    pub async fn open(opts: Options) -> Result<Service> {
        logging::create_private_dir(&opts.data_dir).map_err(|e| {
            Error::io(
                &format!(
                    "cannot create the data directory {}",
                    opts.data_dir.display()
                ),
                &e,
            )
        })?;
        ventanilla_core::fsutil::remove_stale_parts(&opts.data_dir);
        let history = Arc::new(History::open(opts.data_dir.join("ventanilla.sqlite3"))?);
        let keychain = match opts.secrets {
            Secrets::Keychain(service) => {
                keychain::Keychain::open(Arc::new(KeychainStore::new(service)), None).await
            }
            Secrets::MemoryOnly => {
                keychain::Keychain::open(
                    Arc::new(MemoryStore::new()),
                    Some("in-memory store (tests)".into()),
                )
                .await
            }
            Secrets::Store(store) => keychain::Keychain::open(store, None).await,
        };
        let svc = Service {
            data_dir: opts.data_dir,
            history,
            keychain,
            memory: Arc::new(MemoryStore::new()),
            sandboxes: Mutex::new(HashMap::new()),
            clients: Mutex::new(HashMap::new()),
            sandbox_mode: std::sync::OnceLock::new(),
            history_warning: Mutex::new(None),
        };
        svc.start_sandboxes(opts.sandbox).await?;
        Ok(svc)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// What the latest keychain probe (or call) said.
    pub fn keychain_status(&self) -> ventanilla_core::app::KeychainStatus {
        self.keychain.status()
    }

    pub fn history(&self) -> &History {
        &self.history
    }
}
