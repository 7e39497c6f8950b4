//! Logs go to `<data dir>/logs/ventanilla.log`. Only operation names, targets,
//! outcomes and error codes are logged: never a secret, never a request body.

use std::path::Path;
use tracing_subscriber::EnvFilter;

/// Installs the global logger; `RUST_LOG` overrides the default `info` level.
/// Returns quietly if a logger is already installed or the file cannot be opened.
pub fn init(data_dir: &Path) {
    let dir = data_dir.join("logs");
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("ventanilla.log"))
    else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init();
}
