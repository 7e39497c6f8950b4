//! The secret store and what its last probe said. "Unavailable" is not kept
//! for the session: the next operation that needs a secret probes again (the
//! user may have unlocked the keychain meanwhile).

use std::sync::{Arc, Mutex};
use ventanilla_core::app::KeychainStatus;
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_vault::SecretStore;

pub(crate) struct Keychain {
    store: Arc<dyn SecretStore>,
    status: Mutex<KeychainStatus>,
    /// Shown while available (e.g. "in-memory store (tests)").
    note: Option<String>,
    /// One probe at a time in this process: probes share this process's entry.
    probing: tokio::sync::Mutex<()>,
}

impl Keychain {
    /// Wraps `store` and probes it once.
    pub(crate) async fn open(store: Arc<dyn SecretStore>, note: Option<String>) -> Keychain {
        let k = Keychain {
            store,
            status: Mutex::new(KeychainStatus {
                available: false,
                message: None,
            }),
            note,
            probing: tokio::sync::Mutex::new(()),
        };
        if let Err(e) = k.probe().await {
            tracing::warn!(code = %e.code, "OS keychain unavailable");
        }
        k
    }

    /// What the latest probe (or keychain call) said.
    pub(crate) fn status(&self) -> KeychainStatus {
        self.status.lock().unwrap().clone()
    }

    pub(crate) fn available(&self) -> bool {
        self.status.lock().unwrap().available
    }

    async fn probe(&self) -> Result<()> {
        let _one = self.probing.lock().await;
        let store = self.store.clone();
        // The probe talks to D-Bus; keep it off the async threads.
        let r = tokio::task::spawn_blocking(move || store.probe())
            .await
            .unwrap_or_else(|e| Err(Error::internal(format!("keychain probe failed: {e}"))));
        self.record(&r);
        r
    }

    fn record<T>(&self, r: &Result<T>) {
        let mut s = self.status.lock().unwrap();
        match r {
            Ok(_) => {
                *s = KeychainStatus {
                    available: true,
                    message: self.note.clone(),
                }
            }
            Err(e) if e.code == ErrorCode::KeychainUnavailable => {
                *s = KeychainStatus {
                    available: false,
                    message: Some(e.message.clone()),
                }
            }
            Err(_) => {}
        }
    }

    /// Runs `f` on the store off the async threads, probing first if the
    /// keychain was unavailable last time. A `KEYCHAIN_UNAVAILABLE` result
    /// (say, it was locked since) updates the status, so the next call probes.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn SecretStore) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.ready().await?;
        let store = self.store.clone();
        let r = tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .unwrap_or_else(|e| Err(Error::internal(format!("keychain task failed: {e}"))));
        if matches!(&r, Err(e) if e.code == ErrorCode::KeychainUnavailable) {
            self.record(&r);
        }
        r
    }

    /// Ok if the keychain works now (probing again if it did not last time).
    pub(crate) async fn ready(&self) -> Result<()> {
        if self.available() {
            return Ok(());
        }
        self.probe().await
    }
}
