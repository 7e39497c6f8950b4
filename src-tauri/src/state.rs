use crate::drops::DroppedFiles;
use crate::links::{IssuedLinks, OneQuestion};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::OnceCell;
use ventanilla_core::envelopes::CancelFlag;
use ventanilla_core::error::FieldError;
use ventanilla_core::{Error, Result};
use ventanilla_service::{Options, SandboxMode, Service};

/// The service, opened once in the background at start-up.
#[derive(Clone)]
pub struct AppState {
    service: Arc<OnceCell<Result<Arc<Service>>>>,
    pub started: Instant,
    /// Running uploads and exports by the caller's transfer id, to cancel them.
    transfers: Arc<Mutex<HashMap<String, CancelFlag>>>,
    /// Provider links this session may open in the browser.
    pub links: Arc<IssuedLinks>,
    /// The link confirmation on screen, if any.
    pub asking: Arc<OneQuestion>,
    /// Files dropped on the window, by token.
    pub dropped: Arc<DroppedFiles>,
}

/// Unregisters a transfer when its command ends, however it ends.
pub struct TransferGuard {
    transfers: Arc<Mutex<HashMap<String, CancelFlag>>>,
    id: String,
    pub cancel: CancelFlag,
}

impl TransferGuard {
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Drop for TransferGuard {
    fn drop(&mut self) {
        self.transfers.lock().unwrap().remove(&self.id);
    }
}

impl AppState {
    pub fn new(started: Instant) -> Self {
        AppState {
            service: Arc::new(OnceCell::new()),
            started,
            transfers: Arc::default(),
            links: Arc::default(),
            asking: Arc::default(),
            dropped: Arc::default(),
        }
    }

    /// Registers a transfer under the caller's id (unique while it runs).
    pub fn begin_transfer(&self, id: &str) -> Result<TransferGuard> {
        let id = id.trim();
        if id.is_empty() || id.len() > 200 {
            return Err(Error::invalid(
                "transferId",
                FieldError::new("transfer_id", "give a unique id of 1 to 200 characters"),
            ));
        }
        let mut all = self.transfers.lock().unwrap();
        if all.contains_key(id) {
            return Err(Error::invalid(
                "transferId",
                FieldError::new("transfer_running", "a transfer with this id is running"),
            ));
        }
        let cancel = CancelFlag::new();
        all.insert(id.to_owned(), cancel.clone());
        Ok(TransferGuard {
            transfers: self.transfers.clone(),
            id: id.to_owned(),
            cancel,
        })
    }

    /// Cancels a running transfer; false if none has this id (already over).
    pub fn cancel_transfer(&self, id: &str) -> bool {
        match self.transfers.lock().unwrap().get(id.trim()) {
            Some(flag) => {
                flag.cancel();
                true
            }
            None => false,
        }
    }

    /// The service, or the error that kept it from opening (shown to the user
    /// by every command rather than crashing the window).
    pub async fn service(&self) -> Result<Arc<Service>> {
        self.service
            .get_or_init(|| async {
                let opts = Options::from_env(SandboxMode::Eager)?;
                ventanilla_service::logging::init(&opts.data_dir);
                let svc = Service::open(opts).await;
                // `make bench` diagnostics: how much of start-up is ours.
                if std::env::var_os("VENTANILLA_BENCH_FIRST_IPC").is_some() {
                    println!("service_ready_ms: {}", self.started.elapsed().as_millis());
                }
                if let Err(e) = &svc {
                    tracing::error!(code = %e.code, "cannot start: {}", e.message);
                }
                svc.map(Arc::new)
            })
            .await
            .clone()
    }
}
