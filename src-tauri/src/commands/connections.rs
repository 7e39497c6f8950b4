use super::service;
use crate::state::AppState;
use tauri::State;
use ventanilla_core::app::SandboxMail;
use ventanilla_core::connection::{Connection, ConnectionInput, ConnectionTest};
use ventanilla_core::Result;

/// How long a copied secret may stay on the clipboard.
const CLIPBOARD_CLEAR_AFTER: std::time::Duration = std::time::Duration::from_secs(30);

/// Copies one of a connection's secret fields (only those its provider
/// declares copyable, and only for a connection a provider operation
/// created, e.g. a new sub-account's password) from the keychain to the OS
/// clipboard, marked for clipboard managers to keep out of their history,
/// and clears it 30 s later unless something else was copied meanwhile.
/// The value never crosses IPC: this returns nothing.
#[tauri::command]
pub async fn copy_secret(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    connection_id: String,
    field: String,
) -> Result<()> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    let secret = service(&state)
        .await?
        .secret_to_copy(&connection_id, &field)
        .await?;
    app.clipboard()
        .write_secret(secret.expose().to_owned())
        .map_err(|_| ventanilla_core::Error::internal("could not write to the clipboard"))?;
    // Off the main thread: reading the clipboard there can deadlock on Linux.
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(CLIPBOARD_CLEAR_AFTER).await;
        let clipboard = app.clipboard();
        // Only if it still holds the secret: the user may have copied since.
        let still = clipboard.read_text().is_ok_and(|t| t == secret.expose());
        if still && clipboard.clear().is_err() {
            tracing::warn!("could not clear a copied secret from the clipboard");
        }
    });
    Ok(())
}

/// What the header warns about (e.g. API keys about to expire), from the
/// local store of every connection.
#[tauri::command]
pub async fn notices(state: State<'_, AppState>) -> Result<Vec<ventanilla_core::op::AppNotice>> {
    service(&state).await?.notices()
}

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
