use std::sync::Arc;
use std::time::Instant;
use tokio::sync::OnceCell;
use ventanilla_core::Result;
use ventanilla_service::{Options, SandboxMode, Service};

/// The service, opened once in the background at start-up.
#[derive(Clone)]
pub struct AppState {
    service: Arc<OnceCell<Result<Arc<Service>>>>,
    pub started: Instant,
}

impl AppState {
    pub fn new(started: Instant) -> Self {
        AppState {
            service: Arc::new(OnceCell::new()),
            started,
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
                if let Err(e) = &svc {
                    tracing::error!(code = %e.code, "cannot start: {}", e.message);
                }
                svc.map(Arc::new)
            })
            .await
            .clone()
    }
}
