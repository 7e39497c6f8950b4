use super::service;
use crate::state::AppState;
use tauri::State;
use ventanilla_core::app::SandboxMail;
use ventanilla_core::connection::{Connection, ConnectionInput, ConnectionTest};
use ventanilla_core::Result;

#[tauri::command]
pub async fn connections_list(state: State<'_, AppState>) -> Result<Vec<Connection>> {
    service(&state).await?.connections()
}

#[tauri::command]
pub async fn connections_add(
    state: State<'_, AppState>,
    input: ConnectionInput,
) -> Result<Connection> {
    service(&state).await?.add_connection(input).await
}

#[tauri::command]
pub async fn connections_update(
    state: State<'_, AppState>,
    id: String,
    input: ConnectionInput,
) -> Result<Connection> {
    service(&state).await?.update_connection(&id, input).await
}

#[tauri::command]
pub async fn connections_remove(state: State<'_, AppState>, id: String) -> Result<()> {
    service(&state).await?.remove_connection(&id).await
}

#[tauri::command]
pub async fn connections_test(state: State<'_, AppState>, id: String) -> Result<ConnectionTest> {
    service(&state).await?.test_connection(&id).await
}

#[tauri::command]
pub async fn sandbox_outbox(
    state: State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<SandboxMail>> {
    service(&state).await?.sandbox_outbox(&connection_id).await
}
