//! The Envelopes screen's commands that are no provider operation (those go
//! through `op`): the local envelope cache of every provider, what a status allows, checking
//! dropped files before an upload, and opening links in the browser.

use super::service;
use crate::state::AppState;
use tauri::{AppHandle, State};
use ventanilla_core::envelopes::*;
use ventanilla_core::error::FieldError;
use ventanilla_core::Result;
use ventanilla_service::Service;

/// The Envelopes inbox from the local cache: every connection's envelopes
/// (SIGNIO's, DynamiCore's Mifiel documents).
#[tauri::command]
pub async fn envelopes_inbox(state: State<'_, AppState>) -> Result<Vec<CachedEnvelope>> {
    let svc = service(&state).await?;
    tokio::task::spawn_blocking(move || svc.inbox())
        .await
        .map_err(|e| ventanilla_core::Error::internal(e.to_string()))?
}

/// What a status allows, with the reason when it doesn't (pure).
#[tauri::command]
pub async fn sg_envelope_actions(status: EnvelopeStatus) -> Result<EnvelopeActions> {
    Ok(Service::envelope_actions(status))
}

/// A dropped file checked for upload, named by its drop token.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DroppedCheck {
    token: String,
    name: String,
    size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<FieldError>,
}

/// Checks dropped files (type, size, readable) before any upload. Every
/// token must come from a drop in this session.
#[tauri::command]
pub async fn sg_files_check(
    state: State<'_, AppState>,
    tokens: Vec<String>,
) -> Result<Vec<DroppedCheck>> {
    let paths = tokens
        .iter()
        .map(|t| state.dropped.resolve("tokens", t))
        .collect::<Result<Vec<_>>>()?;
    let checks = tokio::task::spawn_blocking(move || Service::check_files(&paths))
        .await
        .map_err(|e| ventanilla_core::Error::internal(e.to_string()))?;
    Ok(tokens
        .into_iter()
        .zip(checks)
        .map(|(token, c)| DroppedCheck {
            token,
            name: c.name,
            size: c.size,
            error: c.error,
        })
        .collect())
}

/// Opens a link in the system browser: a magic link or on-site URL issued
/// above at once; any other (a link in provider HTML) only if it is https and
/// the user confirms its host in a native dialog. False when declined.
#[tauri::command]
pub async fn open_link(
    app: AppHandle,
    state: State<'_, AppState>,
    url: String,
    lang: Option<String>,
) -> Result<bool> {
    if state.links.issued(&url) {
        crate::links::open_in_browser(&state.links.check(&url)?)?;
        return Ok(true);
    }
    let url = crate::links::check_foreign(&url)?;
    let spanish = lang.as_deref().is_some_and(|l| l.starts_with("es"));
    let (title, message, buttons) = crate::links::confirm_text(&url, spanish);
    let asking = state.asking.begin()?;
    let yes = crate::dialog::confirm(&app, &title, &message, buttons).await;
    drop(asking);
    if !yes {
        return Ok(false);
    }
    crate::links::open_in_browser(&url)?;
    Ok(true)
}
