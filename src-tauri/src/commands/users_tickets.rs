use super::service;
use crate::state::AppState;
use tauri::State;
use ventanilla_core::app::RecentUser;
use ventanilla_core::Result;
use ventanilla_provider_backoffice::users::*;

#[tauri::command]
pub async fn bo_user_get(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
) -> Result<User> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .user(user_id)
        .await
}

#[tauri::command]
pub async fn bo_user_create(
    state: State<'_, AppState>,
    connection_id: String,
    user: NewUser,
) -> Result<Ack> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .create_user(user)
        .await
}

#[tauri::command]
pub async fn bo_user_edit(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
    mut edit: UserEdit,
    profile_image: Option<String>,
) -> Result<Ack> {
    // The new picture is named by its drop token (`drops.rs`), never a path.
    super::no_path_from_webview(edit.profile_image.is_some(), "profile_image")?;
    edit.profile_image = match profile_image.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Some(state.dropped.resolve("profile_image", t)?),
        _ => None,
    };
    service(&state)
        .await?
        .backoffice(&connection_id)
        .edit_user(user_id, edit)
        .await
}

#[tauri::command]
pub async fn bo_security_token_send(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
) -> Result<Ack> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .send_security_token(user_id)
        .await
}

#[tauri::command]
pub async fn bo_catalog(
    state: State<'_, AppState>,
    connection_id: String,
    catalog: Catalog,
) -> Result<Vec<CatalogEntry>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .catalog(catalog)
        .await
}

#[tauri::command]
pub async fn bo_dashboard(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
) -> Result<Dashboard> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .dashboard(user_id)
        .await
}

#[tauri::command]
pub async fn bo_notices(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
) -> Result<Notices> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .notices(user_id)
        .await
}

#[tauri::command]
pub async fn bo_products(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
) -> Result<Vec<Plan>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .products(user_id)
        .await
}

#[tauri::command]
pub async fn bo_team(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
) -> Result<Vec<TeamMember>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .team(user_id)
        .await
}

#[tauri::command]
pub async fn bo_matrix(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
) -> Result<Option<MatrixNode>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .matrix(user_id)
        .await
}

#[tauri::command]
pub async fn bo_resource_categories(
    state: State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<ResourceCategory>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .resource_categories()
        .await
}

#[tauri::command]
pub async fn bo_resources(
    state: State<'_, AppState>,
    connection_id: String,
    category_id: u64,
) -> Result<Vec<Resource>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .resources(category_id)
        .await
}

#[tauri::command]
pub async fn bo_tickets(
    state: State<'_, AppState>,
    connection_id: String,
    user_id: u64,
) -> Result<Vec<Ticket>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .tickets(user_id)
        .await
}

#[tauri::command]
pub async fn bo_ticket_create(
    state: State<'_, AppState>,
    connection_id: String,
    ticket: NewTicket,
) -> Result<Ack> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .create_ticket(ticket)
        .await
}

#[tauri::command]
pub async fn bo_thread(
    state: State<'_, AppState>,
    connection_id: String,
    ticket_id: u64,
) -> Result<Vec<ThreadMessage>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .thread(ticket_id)
        .await
}

#[tauri::command]
pub async fn bo_thread_reply(
    state: State<'_, AppState>,
    connection_id: String,
    message: NewThreadMessage,
) -> Result<Ack> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .reply(message)
        .await
}

#[tauri::command]
pub async fn bo_wallet(
    state: State<'_, AppState>,
    connection_id: String,
    query: WalletQuery,
) -> Result<WalletPage> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .wallet(query)
        .await
}

#[tauri::command]
pub async fn bo_recent_users(
    state: State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<RecentUser>> {
    service(&state)
        .await?
        .backoffice(&connection_id)
        .recent_users()
}
