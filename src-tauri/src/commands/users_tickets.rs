//! The Users screen's one command that is no provider operation (those go
//! through `op`): the users recently opened on a connection.

use super::service;
use crate::state::AppState;
use tauri::State;
use ventanilla_core::app::RecentUser;
use ventanilla_core::Result;

#[tauri::command]
pub async fn bo_recent_users(
    state: State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<RecentUser>> {
    service(&state).await?.recent_users(&connection_id)
}
