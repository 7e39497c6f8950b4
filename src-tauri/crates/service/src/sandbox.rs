//! Sandbox mode: built-in simulators on 127.0.0.1 and a sandbox connection
//! for each provider ("Sandbox" for BackOffice, "Sandbox SIGNIO"), so a new
//! user sees everything work on first start.

use crate::clock::now_ms;
use crate::Service;
use ventanilla_core::app::SandboxMail;
use ventanilla_core::connection::{check_loopback_url, ProviderKind};
use ventanilla_core::{Error, ErrorCode, Result, SecretString};
use ventanilla_history::StoredConnection;
use ventanilla_provider_backoffice::sandbox::{SimConfig, SimHandle, Simulator};
use ventanilla_provider_signio::sandbox as sg;
use ventanilla_vault::{SecretMap, SecretStore};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxMode {
    /// Start the simulators now (the desktop app).
    Eager,
    /// Start a simulator the first time its connection is used (the CLI).
    Lazy,
    /// Never (tests that bring their own simulator).
    Off,
}

/// A running (or attached) simulator.
pub(crate) enum Running {
    Backoffice(SimHandle),
    Signio(sg::SimHandle),
    /// A SIGNIO simulator in another process (`ventanilla-cli sandbox serve`),
    /// named by `VENTANILLA_SIGNIO_SANDBOX_URL`.
    External(String),
}

impl Running {
    fn base_url(&self) -> String {
        match self {
            Running::Backoffice(h) => h.base_url().to_string(),
            Running::Signio(h) => h.base_url(),
            Running::External(u) => u.clone(),
        }
    }
}

/// The BackOffice sandbox connection's name ("Sandbox BackOffice" if a real
/// connection already uses it).
pub const SANDBOX_NAME: &str = "Sandbox";
/// The SIGNIO sandbox connection's name (numbered if a real connection uses it).
pub const SANDBOX_SIGNIO_NAME: &str = "Sandbox SIGNIO";

/// Makes the CLI's (and the app's) SIGNIO sandbox connection use a simulator
/// already running elsewhere, e.g. `ventanilla-cli sandbox serve --provider
/// signio`, so its data outlives one command.
pub const SIGNIO_SANDBOX_URL_ENV: &str = "VENTANILLA_SIGNIO_SANDBOX_URL";

/// `VENTANILLA_SIGNIO_SANDBOX_URL`, if set: only a simulator on this
/// computer. The sandbox sends its demo credentials there, and sandbox
/// connections skip the checks real ones get.
fn external_signio_url() -> Result<Option<String>> {
    let Some(raw) = std::env::var_os(SIGNIO_SANDBOX_URL_ENV) else {
        return Ok(None);
    };
    let raw = raw.to_string_lossy();
    if raw.trim().is_empty() {
        return Ok(None);
    }
    // The message does not repeat the value: it could hold a password.
    check_loopback_url(&raw).map(Some).map_err(|m| {
        Error::invalid(
            SIGNIO_SANDBOX_URL_ENV,
            format!("{m}; it names a simulator started with `ventanilla-cli sandbox serve --provider signio`, e.g. http://127.0.0.1:4200"),
        )
    })
}

fn names_for(provider: ProviderKind) -> Vec<String> {
    match provider {
        ProviderKind::Backoffice => vec![SANDBOX_NAME.into(), format!("{SANDBOX_NAME} BackOffice")],
        ProviderKind::Signio => std::iter::once(SANDBOX_SIGNIO_NAME.to_string())
            .chain((2..100).map(|n| format!("{SANDBOX_SIGNIO_NAME} {n}")))
            .collect(),
    }
}

impl Service {
    /// For each provider, ensures its sandbox connection exists when the user
    /// has no real connection of that provider (or kept the sandbox one), and
    /// starts its simulator if `Eager`.
    pub(crate) async fn start_sandboxes(&self, mode: SandboxMode) -> Result<()> {
        // A bad variable is refused now, not when the sandbox is first used.
        external_signio_url()?;
        self.sandbox_mode.set(mode).ok();
        if mode == SandboxMode::Off {
            return Ok(());
        }
        for kind in ProviderKind::ALL {
            let provider = kind.as_str();
            let all = self.history.list_connections()?;
            let existing = all
                .iter()
                .find(|c| c.sandbox && c.provider == provider)
                .cloned();
            let has_real = all.iter().any(|c| !c.sandbox && c.provider == provider);
            let row = match existing {
                Some(row) => row,
                None if has_real => continue,
                None => {
                    let name = names_for(*kind)
                        .into_iter()
                        .find(|n| {
                            !all.iter()
                                .any(|c| c.name.to_lowercase() == n.to_lowercase())
                        })
                        .ok_or_else(|| {
                            Error::internal("no free name for the sandbox connection")
                        })?;
                    let row = StoredConnection {
                        id: uuid::Uuid::new_v4().to_string(),
                        name,
                        provider: provider.into(),
                        // Replaced by the simulator's address each time it starts.
                        base_url: "http://127.0.0.1".into(),
                        sandbox: true,
                        created_at_ms: now_ms(),
                        settings_json: "{}".into(),
                    };
                    self.history.insert_connection(&row)?;
                    row
                }
            };
            if mode == SandboxMode::Eager {
                self.ensure_sandbox(&row).await?;
            }
        }
        Ok(())
    }

    /// For a sandbox connection: starts its simulator if needed (storing its
    /// demo credentials) and returns its base URL. `None` for real connections.
    pub(crate) async fn ensure_sandbox(&self, c: &StoredConnection) -> Result<Option<String>> {
        if !c.sandbox {
            return Ok(None);
        }
        if let Some(url) = self.sandbox_url(&c.id) {
            return Ok(Some(url));
        }
        if self.sandbox_mode.get() == Some(&SandboxMode::Off) {
            return Err(Error::new(
                ErrorCode::Network,
                "sandbox simulators are off in this process",
            ));
        }
        let mut secrets = SecretMap::new();
        let mut put = |k: &str, v: &str| {
            secrets.insert(k.into(), SecretString::new(v));
        };
        let running = match ProviderKind::parse(&c.provider)? {
            ProviderKind::Backoffice => {
                let handle = Simulator::start(SimConfig::default()).await?;
                let creds = handle.credentials();
                put("api_key", &creds.api_key);
                put("username", &creds.username);
                put("password", &creds.password);
                Running::Backoffice(handle)
            }
            ProviderKind::Signio => {
                let creds = sg::demo_credentials();
                put("email", &creds.email);
                put("password", &creds.password);
                match external_signio_url()? {
                    Some(url) => Running::External(url),
                    None => Running::Signio(sg::Simulator::start(sg::SimConfig::default()).await?),
                }
            }
        };
        // Demo credentials are public; they still go to the keychain like any
        // other, or to memory when there is none (the UI says so).
        let in_keychain = {
            let (id, s) = (c.id.clone(), secrets.clone());
            self.keychain.run(move |k| k.put(&id, &s)).await.is_ok()
        };
        if in_keychain {
            self.memory.delete(&c.id)?;
        } else {
            self.memory.put(&c.id, &secrets)?;
        }
        let url = running.base_url();
        let mut stored = c.clone();
        stored.base_url = url.clone();
        self.history.update_connection(&stored)?;
        let mut all = self.sandboxes.lock().unwrap();
        // Another task may have started one meanwhile; keep the first.
        let entry = all.entry(c.id.clone()).or_insert(running);
        Ok(Some(entry.base_url()))
    }

    pub(crate) fn sandbox_url(&self, id: &str) -> Option<String> {
        self.sandboxes
            .lock()
            .unwrap()
            .get(id)
            .map(Running::base_url)
    }

    pub(crate) fn stop_sandbox(&self, id: &str) {
        self.sandboxes.lock().unwrap().remove(id);
    }

    /// The security tokens a sandbox "e-mailed", newest first.
    pub async fn sandbox_outbox(&self, id_or_name: &str) -> Result<Vec<SandboxMail>> {
        let c = self.resolve(id_or_name)?;
        if !c.sandbox {
            return Err(Error::invalid(
                "connectionId",
                "only sandbox connections have a readable mailbox",
            ));
        }
        self.ensure_sandbox(&c).await?;
        let running = self.sandboxes.lock().unwrap();
        let Some(Running::Backoffice(h)) = running.get(&c.id) else {
            return Ok(vec![]);
        };
        let mut mails: Vec<SandboxMail> = h
            .outbox()
            .into_iter()
            .map(|m| SandboxMail {
                user_id: m.user_id,
                token: m.token,
                sent_at_ms: m.sent_at_ms,
            })
            .collect();
        mails.reverse();
        Ok(mails)
    }

    /// The running sandbox connections.
    pub fn sandbox_connections(&self) -> Result<Vec<ventanilla_core::connection::Connection>> {
        Ok(self
            .connections()?
            .into_iter()
            .filter(|c| c.sandbox && self.sandbox_url(&c.id).is_some())
            .collect())
    }

    /// Direct access to a running BackOffice simulator (tests, sandbox controls).
    pub fn with_simulator<T>(
        &self,
        id_or_name: &str,
        f: impl FnOnce(&SimHandle) -> T,
    ) -> Result<T> {
        let c = self.resolve(id_or_name)?;
        let running = self.sandboxes.lock().unwrap();
        match running.get(&c.id) {
            Some(Running::Backoffice(h)) => Ok(f(h)),
            _ => Err(Error::invalid(
                "connection",
                "not a running BackOffice sandbox connection",
            )),
        }
    }

    /// Direct access to a running in-process SIGNIO simulator (tests).
    pub fn with_signio_simulator<T>(
        &self,
        id_or_name: &str,
        f: impl FnOnce(&sg::SimHandle) -> T,
    ) -> Result<T> {
        let c = self.resolve(id_or_name)?;
        let running = self.sandboxes.lock().unwrap();
        match running.get(&c.id) {
            Some(Running::Signio(h)) => Ok(f(h)),
            _ => Err(Error::invalid(
                "connection",
                "not a running in-process SIGNIO sandbox connection",
            )),
        }
    }
}
