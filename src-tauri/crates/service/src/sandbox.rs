//! Sandbox mode: built-in simulators on 127.0.0.1 and a "Sandbox" connection
//! for each, so a new user sees everything work on first start.

use crate::clock::now_ms;
use crate::Service;
use ventanilla_core::app::SandboxMail;
use ventanilla_core::connection::ProviderKind;
use ventanilla_core::{Error, ErrorCode, Result, SecretString};
use ventanilla_history::StoredConnection;
use ventanilla_provider_backoffice::sandbox::{SimConfig, SimHandle, Simulator};
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

pub(crate) struct Running {
    handle: SimHandle,
}

pub const SANDBOX_NAME: &str = "Sandbox";

impl Service {
    /// Ensures the sandbox connection exists when the user has no real
    /// connection (or kept the sandbox one), and starts it if `Eager`.
    pub(crate) async fn start_sandboxes(&self, mode: SandboxMode) -> Result<()> {
        self.sandbox_mode.set(mode).ok();
        if mode == SandboxMode::Off {
            return Ok(());
        }
        let provider = ProviderKind::Backoffice.as_str();
        let all = self.history.list_connections()?;
        let existing = all
            .iter()
            .find(|c| c.sandbox && c.provider == provider)
            .cloned();
        let has_real = all.iter().any(|c| !c.sandbox && c.provider == provider);
        let row = match existing {
            Some(row) => row,
            None if has_real => return Ok(()),
            None => {
                let name_taken = all
                    .iter()
                    .any(|c| c.name.eq_ignore_ascii_case(SANDBOX_NAME));
                let row = StoredConnection {
                    id: uuid::Uuid::new_v4().to_string(),
                    name: if name_taken {
                        format!("{SANDBOX_NAME} BackOffice")
                    } else {
                        SANDBOX_NAME.into()
                    },
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
        let handle = Simulator::start(SimConfig::default()).await?;
        let creds = handle.credentials();
        let mut secrets = SecretMap::new();
        secrets.insert("api_key".into(), SecretString::new(creds.api_key.clone()));
        secrets.insert("username".into(), SecretString::new(creds.username.clone()));
        secrets.insert("password".into(), SecretString::new(creds.password.clone()));
        // Demo credentials are public; they still go to the keychain like any
        // other, or to memory when there is none (the UI says so).
        let in_keychain = match &self.keychain {
            Some(k) => {
                let (k, id, s) = (k.clone(), c.id.clone(), secrets.clone());
                matches!(
                    tokio::task::spawn_blocking(move || k.put(&id, &s)).await,
                    Ok(Ok(()))
                )
            }
            None => false,
        };
        if in_keychain {
            self.memory.delete(&c.id)?;
        } else {
            self.memory.put(&c.id, &secrets)?;
        }
        let url = handle.base_url().to_string();
        let mut stored = c.clone();
        stored.base_url = url.clone();
        self.history.update_connection(&stored)?;
        let mut running = self.sandboxes.lock().unwrap();
        // Another task may have started one meanwhile; keep the first.
        let entry = running.entry(c.id.clone()).or_insert(Running { handle });
        Ok(Some(entry.handle.base_url().to_string()))
    }

    pub(crate) fn sandbox_url(&self, id: &str) -> Option<String> {
        self.sandboxes
            .lock()
            .unwrap()
            .get(id)
            .map(|r| r.handle.base_url().to_string())
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
        let Some(r) = running.get(&c.id) else {
            return Ok(vec![]);
        };
        let mut mails: Vec<SandboxMail> = r
            .handle
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

    /// Direct access to a running simulator (tests, sandbox controls).
    pub fn with_simulator<T>(
        &self,
        id_or_name: &str,
        f: impl FnOnce(&SimHandle) -> T,
    ) -> Result<T> {
        let c = self.resolve(id_or_name)?;
        let running = self.sandboxes.lock().unwrap();
        running
            .get(&c.id)
            .map(|r| f(&r.handle))
            .ok_or_else(|| Error::invalid("connection", "not a running sandbox connection"))
    }
}
