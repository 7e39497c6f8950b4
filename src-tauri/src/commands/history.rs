use super::service;
use crate::state::AppState;
use tauri::{AppHandle, State};
use ventanilla_core::app::ExportOutcome;
use ventanilla_core::history::{HistoryPage, HistoryQuery};
use ventanilla_core::Result;

#[tauri::command]
pub async fn history_search(
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<HistoryPage> {
    let svc = service(&state).await?;
    tokio::task::spawn_blocking(move || svc.history_search(&query))
        .await
        .map_err(|e| ventanilla_core::Error::internal(e.to_string()))?
}

/// Asks where to save (native dialog, from Rust) and writes the CSV there atomically.
#[tauri::command]
pub async fn history_export_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<ExportOutcome> {
    let svc = service(&state).await?;
    let Some(dest) =
        crate::dialog::save_path(&app, "ventanilla-historial.csv", ("CSV", &["csv"])).await
    else {
        return Ok(ExportOutcome::Cancelled);
    };
    tokio::task::spawn_blocking(move || svc.history_export_csv(&query, &dest))
        .await
        .map_err(|e| ventanilla_core::Error::internal(e.to_string()))?
}
