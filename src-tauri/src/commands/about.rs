//! The About panel: what is installed and where its data lives, opening that
//! folder, and exporting a support bundle (see `support.rs`).

use super::service;
use crate::state::AppState;
use crate::support;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State};
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_service::logging::LOG_NAME;

const DB_NAME: &str = "ventanilla.sqlite3";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AboutInfo {
    pub version: String,
    /// UTC, YYYY-MM-DD.
    pub build_date: String,
    pub os: String,
    pub data_dir: String,
    pub log_file: String,
    /// The database with its WAL and shared-memory files.
    pub database_bytes: u64,
    pub schema_version: u32,
}

/// Where the bundle went: its file name only (the folder is the user's choice).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleSaved {
    pub file_name: String,
    pub log_lines: usize,
}

fn log_dir(data: &Path) -> PathBuf {
    data.join("logs")
}

fn database_bytes(data: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::metadata(data.join(format!("{DB_NAME}{s}"))).ok())
        .map(|m| m.len())
        .sum()
}

#[tauri::command]
pub async fn about_info(state: State<'_, AppState>) -> Result<AboutInfo> {
    let svc = service(&state).await?;
    let data = svc.data_dir().to_path_buf();
    Ok(AboutInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        build_date: support::BUILD_DATE.into(),
        os: support::os_version(),
        log_file: log_dir(&data).join(LOG_NAME).display().to_string(),
        database_bytes: database_bytes(&data),
        data_dir: data.display().to_string(),
        schema_version: ventanilla_history::History::schema_version(),
    })
}

/// Opens the data folder in the file manager: always that folder, never a
/// path from the webview. E2E builds record it in
/// `VENTANILLA_E2E_OPENED_LINKS` instead.
#[tauri::command]
pub async fn about_open_data_folder(state: State<'_, AppState>) -> Result<()> {
    let svc = service(&state).await?;
    let dir = svc.data_dir();
    #[cfg(feature = "e2e")]
    if let Some(log) = std::env::var_os("VENTANILLA_E2E_OPENED_LINKS") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| Error::io("cannot record the opened folder", &e))?;
        return writeln!(f, "folder {}", dir.display())
            .map_err(|e| Error::io("cannot record the opened folder", &e));
    }
    opener::open(dir).map_err(|_| {
        Error::new(
            ErrorCode::Io,
            format!("no file manager could open {}", dir.display()),
        )
    })
}

/// Asks where to save the support bundle (native dialog) and writes it;
/// `None` if the user cancelled.
#[tauri::command]
pub async fn about_support_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<BundleSaved>> {
    let svc = service(&state).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let name = format!("ventanilla-support-{today}.zip");
    let Some(dest) = crate::dialog::save_path(&app, &name, ("Zip", &["zip"])).await else {
        return Ok(None);
    };
    let logs = log_dir(svc.data_dir());
    let input = support::bundle_input(&svc, &logs)?;
    // At most 5,000 short lines: quick enough to write here.
    let lines = support::write_bundle(&dest, &input)
        .map_err(|e| Error::io("cannot write the support bundle", &e))?;
    tracing::info!(rows = lines, "support bundle saved");
    Ok(Some(BundleSaved {
        file_name: dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        log_lines: lines,
    }))
}
