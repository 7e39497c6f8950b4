//! The one command every provider operation goes through:
//! `op(provider, connectionId, name, input)`. The name and the input's shape
//! come from the operation registry (`ui/src/api/bindings.ts`, `Ops`); the
//! service validates, records and runs it. Transfers started by an operation
//! are cancelled with `transfer_cancel(transferId)`.

use super::service;
use crate::host::GuiHost;
use crate::state::AppState;
use serde_json::Value;
use tauri::{AppHandle, State};
use ventanilla_core::Result;

#[tauri::command]
pub async fn op(
    app: AppHandle,
    state: State<'_, AppState>,
    provider: String,
    connection_id: String,
    name: String,
    input: Value,
) -> Result<Value> {
    let svc = service(&state).await?;
    let host = GuiHost::new(app, state.inner().clone());
    svc.exec_json(&provider, &connection_id, &name, input, &host)
        .await
}

/// Cancels a running upload or export; false if it already ended.
#[tauri::command]
pub async fn transfer_cancel(state: State<'_, AppState>, transfer_id: String) -> Result<bool> {
    Ok(state.cancel_transfer(&transfer_id))
}
