//! Sandbox mode: each provider's simulator on 127.0.0.1 and a sandbox
//! connection for it ("Sandbox", "Sandbox SIGNIO", …: `ProviderSpec::
//! SANDBOX_NAME`), so a new user sees everything work on first start. The
//! providers come from `providers::each`; nothing here names one, except the
//! test and sandbox-control accessors at the end.

use crate::clock::now_ms;
use crate::Service;
use ventanilla_core::app::SandboxMail;
use ventanilla_core::connection::check_loopback_url;
use ventanilla_core::error::FieldError;
use ventanilla_core::op::{BoxFuture, ProviderSpec, ProviderVisitor, Secrets, Simulator};
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_history::StoredConnection;
use ventanilla_provider_backoffice::{sandbox as bo, Backoffice};
use ventanilla_provider_signio::{sandbox as sg, Signio};
use ventanilla_vault::SecretStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxMode {
    /// Start the simulators now (the desktop app).
    Eager,
    /// Start a simulator the first time its connection is used (the CLI).
    Lazy,
    /// Never (tests that bring their own simulator).
    Off,
}

/// A running simulator: in this process, or in another one
/// (`ventanilla-cli sandbox serve`, named by `VENTANILLA_<ID>_SANDBOX_URL`).
pub(crate) enum Running {
    Here(Simulator),
    Elsewhere(String),
}

impl Running {
    fn base_url(&self) -> String {
        match self {
            Running::Here(s) => s.base_url.clone(),
            Running::Elsewhere(u) => u.clone(),
        }
    }
}

/// The BackOffice sandbox connection's name.
pub const SANDBOX_NAME: &str = Backoffice::SANDBOX_NAME;
/// The SIGNIO sandbox connection's name.
pub const SANDBOX_SIGNIO_NAME: &str = Signio::SANDBOX_NAME;

/// `VENTANILLA_<ID>_SANDBOX_URL`: a simulator in another process.
fn external_url_env(id: &str) -> String {
    format!("VENTANILLA_{}_SANDBOX_URL", id.to_ascii_uppercase())
}

/// The external simulator of provider `id`, if its variable is set: only a
/// simulator on this computer, since the sandbox sends its demo credentials
/// there and sandbox connections skip the checks real ones get.
fn external_url(id: &str) -> Result<Option<String>> {
    let var = external_url_env(id);
    let Some(raw) = std::env::var_os(&var) else {
        return Ok(None);
    };
    let raw = raw.to_string_lossy();
    if raw.trim().is_empty() {
        return Ok(None);
    }
    // The message does not repeat the value: it could hold a password.
    // The URL check's code stays (the UI says it); the English adds what the variable is for.
    check_loopback_url(&raw).map(Some).map_err(|mut e| {
        e.message = format!("{}; it names a simulator started with `ventanilla-cli sandbox serve --provider {id}`, e.g. http://127.0.0.1:4200", e.message);
        Error::invalid(&var, e)
    })
}

/// The sandbox connection's name, then numbered ones if a real connection
/// already uses it.
pub(crate) fn names_for(base: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(base.to_string()).chain((2..100).map(move |n| format!("{base} {n}")))
}

/// What the service needs of a provider to run its sandbox.
#[derive(Clone, Copy)]
struct SandboxOf {
    id: &'static str,
    name: &'static str,
    start: fn(Option<u16>) -> BoxFuture<'static, Result<Simulator>>,
    demo: fn() -> Option<Secrets>,
    setup: for<'a> fn(&'a Service, &'a StoredConnection) -> BoxFuture<'a, Result<()>>,
}

/// `ProviderSpec::sandbox_setup` with the connection's adapter and store.
fn setup_of<'a, P: ProviderSpec>(
    svc: &'a Service,
    c: &'a StoredConnection,
) -> BoxFuture<'a, Result<()>> {
    Box::pin(async move {
        let client = svc.client::<P>(c).await?;
        let store = crate::exec::ConnStore::of::<P>(svc, c);
        P::sandbox_setup(&client, &store).await
    })
}

fn sandboxes() -> Vec<SandboxOf> {
    struct V(Vec<SandboxOf>);
    impl ProviderVisitor for V {
        fn provider<P: ProviderSpec>(&mut self) {
            self.0.push(SandboxOf {
                id: P::ID,
                name: P::SANDBOX_NAME,
                start: P::simulator,
                demo: P::demo_secrets,
                setup: setup_of::<P>,
            });
        }
    }
    let mut v = V(Vec::new());
    crate::providers::each(&mut v);
    v.0
}

/// Starts provider `id`'s simulator (`ventanilla-cli sandbox serve`).
pub async fn start_simulator(id: &str, port: Option<u16>) -> Result<Simulator> {
    crate::providers::info(id)?;
    match sandboxes().into_iter().find(|s| s.id == id) {
        Some(s) => (s.start)(port).await,
        None => Err(Error::internal("a provider without a simulator")),
    }
}

impl Service {
    /// For each provider, ensures its sandbox connection exists when the user
    /// has no real connection of that provider (or kept the sandbox one), and
    /// starts its simulator if `Eager`.
    pub(crate) async fn start_sandboxes(&self, mode: SandboxMode) -> Result<()> {
        // A bad variable is refused now, not when the sandbox is first used.
        for s in sandboxes() {
            external_url(s.id)?;
        }
        self.sandbox_mode.set(mode).ok();
        if mode == SandboxMode::Eager {
            self.drop_sandbox_bound().await?;
        }
        if mode == SandboxMode::Off {
            return Ok(());
        }
        for s in sandboxes() {
            let all = self.history.list_connections()?;
            let existing = all
                .iter()
                .find(|c| c.sandbox && c.provider == s.id)
                .cloned();
            let has_real = all
                .iter()
                .any(|c| !c.sandbox && !c.sandbox_bound && c.provider == s.id);
            let row = match existing {
                Some(row) => row,
                None if has_real => continue,
                None => {
                    let name = names_for(s.name)
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
                        provider: s.id.into(),
                        // Replaced by the simulator's address each time it starts.
                        base_url: "http://127.0.0.1".into(),
                        sandbox: true,
                        created_at_ms: now_ms(),
                        settings_json: "{}".into(),
                        issued: false,
                        sandbox_bound: false,
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
        let Some(s) = sandboxes().into_iter().find(|s| s.id == c.provider) else {
            return Err(crate::providers::info(&c.provider)
                .err()
                .unwrap_or_else(|| Error::internal("a provider without a sandbox")));
        };
        let (running, secrets) = match (external_url(s.id)?, (s.demo)()) {
            (Some(url), Some(secrets)) => (Running::Elsewhere(url), secrets),
            _ => {
                let sim = (s.start)(None).await?;
                let secrets = sim.secrets.clone();
                (Running::Here(sim), secrets)
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
        stored.base_url = url;
        self.history.update_connection(&stored)?;
        let (url, started) = {
            let mut all = self.sandboxes.lock().unwrap();
            // Another task may have started one meanwhile; keep the first.
            let started = !all.contains_key(&c.id);
            (
                all.entry(c.id.clone()).or_insert(running).base_url(),
                started,
            )
        };
        if started {
            // Its demo secrets replaced whatever an earlier setup stored.
            self.forget_client(&c.id);
            if let Err(e) = (s.setup)(self, &stored).await {
                tracing::warn!(code = %e.code, provider = s.id, "the sandbox setup failed");
            }
        }
        Ok(Some(url))
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

    /// Removes the connections a simulator issued (e.g. sandbox sub-accounts)
    /// and their secrets: the simulators that knew them are gone. Only the
    /// app (`Eager`) does it, so a CLI run never drops the open app's ones.
    async fn drop_sandbox_bound(&self) -> Result<()> {
        for c in self.history.list_connections()? {
            if c.sandbox_bound {
                if let Err(e) = self.remove_connection(&c.id).await {
                    tracing::warn!(code = %e.code, "a sandbox sub-account was kept for now");
                }
            }
        }
        Ok(())
    }

    /// The running sandbox connections.
    pub fn sandbox_connections(&self) -> Result<Vec<ventanilla_core::connection::Connection>> {
        Ok(self
            .connections()?
            .into_iter()
            .filter(|c| c.sandbox && self.sandbox_url(&c.id).is_some())
            .collect())
    }

    /// Direct access to a simulator running in this process, by its handle
    /// type (tests, sandbox controls).
    pub fn with_sim<H: 'static, T>(&self, id_or_name: &str, f: impl FnOnce(&H) -> T) -> Result<T> {
        let c = self.resolve(id_or_name)?;
        let running = self.sandboxes.lock().unwrap();
        match running.get(&c.id) {
            Some(Running::Here(sim)) => match sim.handle.downcast_ref::<H>() {
                Some(h) => Ok(f(h)),
                None => Err(Error::invalid(
                    "connection",
                    FieldError::new("sandbox_other_provider", "a sandbox of another provider"),
                )),
            },
            _ => Err(Error::invalid(
                "connection",
                FieldError::new(
                    "no_simulator_here",
                    "not a sandbox connection with a simulator in this process",
                ),
            )),
        }
    }

    /// A running BackOffice simulator (tests).
    pub fn with_simulator<T>(
        &self,
        id_or_name: &str,
        f: impl FnOnce(&bo::SimHandle) -> T,
    ) -> Result<T> {
        self.with_sim(id_or_name, f)
    }

    /// A running in-process SIGNIO simulator (tests).
    pub fn with_signio_simulator<T>(
        &self,
        id_or_name: &str,
        f: impl FnOnce(&sg::SimHandle) -> T,
    ) -> Result<T> {
        self.with_sim(id_or_name, f)
    }

    /// The security tokens the BackOffice sandbox "e-mailed", newest first.
    pub async fn sandbox_outbox(&self, id_or_name: &str) -> Result<Vec<SandboxMail>> {
        let c = self.resolve(id_or_name)?;
        if !c.sandbox {
            return Err(Error::invalid(
                "connectionId",
                FieldError::new(
                    "no_mailbox",
                    "only sandbox connections have a readable mailbox",
                ),
            ));
        }
        self.ensure_sandbox(&c).await?;
        let mut mails: Vec<SandboxMail> = self
            .with_simulator(&c.id, |h| h.outbox())
            .unwrap_or_default()
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
}
