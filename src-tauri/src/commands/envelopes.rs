//! The Envelopes screen (SIGNIO): inbox, detail, create wizard, actions,
//! uploads of dropped files (by drop token, see `drops.rs`) with `transfer-progress` events and
//! `sg_transfer_cancel`, exports through the native save/folder dialog, and
//! the sandbox signer controls.

use super::service;
use crate::state::AppState;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, State};
use ventanilla_core::envelopes::*;
use ventanilla_core::Result;
use ventanilla_service::Signio;

/// The event every upload and export reports progress with.
pub const TRANSFER_EVENT: &str = "transfer-progress";
/// At most one progress event per file this often (the last one always goes).
const EVENT_EVERY: Duration = Duration::from_millis(100);

/// A transfer control that emits `transfer-progress` for one file.
fn control(
    app: &AppHandle,
    transfer_id: &str,
    kind: TransferKind,
    name: &str,
    cancel: CancelFlag,
) -> TransferControl {
    let (app, id, name) = (app.clone(), transfer_id.to_owned(), name.to_owned());
    let last: Mutex<Option<Instant>> = Mutex::new(None);
    TransferControl {
        progress: Some(Arc::new(move |p: TransferProgress| {
            let done = p.total.is_some_and(|t| p.transferred >= t);
            {
                let mut last = last.lock().unwrap();
                if !done && last.is_some_and(|t| t.elapsed() < EVENT_EVERY) {
                    return;
                }
                *last = Some(Instant::now());
            }
            let _ = app.emit(
                TRANSFER_EVENT,
                TransferUpdate {
                    transfer_id: id.clone(),
                    kind,
                    name: name.clone(),
                    transferred: p.transferred,
                    total: p.total,
                },
            );
        })),
        cancel,
    }
}

use crate::drops::file_name;

#[tauri::command]
pub async fn sg_envelopes_cached(
    state: State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<CachedEnvelope>> {
    let svc = service(&state).await?;
    tokio::task::spawn_blocking(move || svc.signio(&connection_id).cached_envelopes())
        .await
        .map_err(|e| ventanilla_core::Error::internal(e.to_string()))?
}

#[tauri::command]
pub async fn sg_envelope_list(
    state: State<'_, AppState>,
    connection_id: String,
    status: Option<EnvelopeStatus>,
) -> Result<Vec<Envelope>> {
    service(&state)
        .await?
        .signio(&connection_id)
        .list(status)
        .await
}

#[tauri::command]
pub async fn sg_envelope_search(
    state: State<'_, AppState>,
    connection_id: String,
    query: EnvelopeQuery,
) -> Result<EnvelopePage> {
    service(&state)
        .await?
        .signio(&connection_id)
        .search(query)
        .await
}

#[tauri::command]
pub async fn sg_envelope_get(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
) -> Result<EnvelopeDetail> {
    service(&state)
        .await?
        .signio(&connection_id)
        .get(&envelope_id)
        .await
}

/// What a status allows, with the reason when it doesn't (pure).
#[tauri::command]
pub async fn sg_envelope_actions(status: EnvelopeStatus) -> Result<EnvelopeActions> {
    Ok(Signio::actions(status))
}

#[tauri::command]
pub async fn sg_envelope_create(
    state: State<'_, AppState>,
    connection_id: String,
    envelope: NewEnvelope,
) -> Result<String> {
    service(&state)
        .await?
        .signio(&connection_id)
        .create(envelope)
        .await
}

#[tauri::command]
pub async fn sg_envelope_delete(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .delete(&envelope_id)
        .await
}

#[tauri::command]
pub async fn sg_envelope_return(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .return_to_draft(&envelope_id)
        .await
}

#[tauri::command]
pub async fn sg_envelope_distribute(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .distribute(&envelope_id)
        .await
}

#[tauri::command]
pub async fn sg_base_envelopes(
    state: State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<Envelope>> {
    service(&state)
        .await?
        .signio(&connection_id)
        .base_envelopes()
        .await
}

#[tauri::command]
pub async fn sg_tags(state: State<'_, AppState>, connection_id: String) -> Result<Vec<Tag>> {
    service(&state).await?.signio(&connection_id).tags().await
}

#[tauri::command]
pub async fn sg_tenants(
    state: State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<TenantAccess>> {
    service(&state)
        .await?
        .signio(&connection_id)
        .tenants()
        .await
}

/// A dropped file checked for upload, named by its drop token.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DroppedCheck {
    token: String,
    name: String,
    size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
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
    let checks = tokio::task::spawn_blocking(move || Signio::check_files(&paths))
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

/// Streams one dropped file into a draft envelope; progress as
/// `transfer-progress` events under `transferId`; cancel with `sg_transfer_cancel`.
#[tauri::command]
pub async fn sg_document_upload(
    app: AppHandle,
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    token: String,
    transfer_id: String,
) -> Result<UploadedDocument> {
    let path = state.dropped.resolve("token", &token)?;
    let guard = state.begin_transfer(&transfer_id)?;
    let ctl = control(
        &app,
        &transfer_id,
        TransferKind::Upload,
        &file_name(&path),
        guard.cancel.clone(),
    );
    service(&state)
        .await?
        .signio(&connection_id)
        .upload_document(&envelope_id, &path, &ctl)
        .await
}

/// Cancels a running upload or export; false when it is already over.
#[tauri::command]
pub async fn sg_transfer_cancel(state: State<'_, AppState>, transfer_id: String) -> Result<bool> {
    Ok(state.cancel_transfer(&transfer_id))
}

#[tauri::command]
pub async fn sg_document_protect(
    state: State<'_, AppState>,
    connection_id: String,
    document_id: String,
    protect: bool,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .protect_document(&document_id, protect)
        .await
}

/// Asks where to save one document (native dialog), then streams it there.
#[tauri::command]
pub async fn sg_document_export(
    app: AppHandle,
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    document_id: String,
    file_name: Option<String>,
    transfer_id: String,
) -> Result<DocumentExport> {
    let guard = state.begin_transfer(&transfer_id)?;
    let suggested = ventanilla_service::safe_file_name(
        file_name.as_deref().unwrap_or_default(),
        &format!("{}.pdf", document_id.trim()),
    );
    let ext = suggested
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| "pdf".into());
    let exts = [ext.as_str()];
    let Some(dest) = crate::dialog::save_path(&app, &suggested, ("Documento", &exts)).await else {
        return Ok(DocumentExport::Cancelled);
    };
    let ctl = control(
        &app,
        &transfer_id,
        TransferKind::Export,
        &suggested,
        guard.cancel.clone(),
    );
    let x = service(&state)
        .await?
        .signio(&connection_id)
        .export_document(&envelope_id, &document_id, &dest, &ctl)
        .await?;
    Ok(DocumentExport::Saved {
        path: x.path,
        bytes: x.bytes,
        sha256: x.sha256,
    })
}

/// Asks for a folder (native dialog), then exports every document into it.
#[tauri::command]
pub async fn sg_documents_export_all(
    app: AppHandle,
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    transfer_id: String,
) -> Result<FolderExport> {
    let guard = state.begin_transfer(&transfer_id)?;
    let Some(folder) = crate::dialog::pick_folder(&app, "Exportar documentos").await else {
        return Ok(FolderExport::Cancelled);
    };
    let cancel = guard.cancel.clone();
    let out = service(&state)
        .await?
        .signio(&connection_id)
        .export_all(&envelope_id, &folder, |name| {
            control(
                &app,
                &transfer_id,
                TransferKind::Export,
                name,
                cancel.clone(),
            )
        })
        .await?;
    Ok(out.into())
}

#[tauri::command]
pub async fn sg_signer_add(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    signer: NewSigner,
) -> Result<String> {
    service(&state)
        .await?
        .signio(&connection_id)
        .add_signer(&envelope_id, signer)
        .await
}

#[tauri::command]
pub async fn sg_signer_link(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    link: SignerLink,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .link(&envelope_id, link)
        .await
}

#[tauri::command]
pub async fn sg_signer_order(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    signer_id: String,
    order: u32,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .set_signer_order(&envelope_id, &signer_id, order)
        .await
}

#[tauri::command]
pub async fn sg_magic_link(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
) -> Result<MagicLink> {
    let link = service(&state)
        .await?
        .signio(&connection_id)
        .magic_link(&envelope_id)
        .await?;
    state.links.remember(&link.url);
    Ok(link)
}

#[tauri::command]
pub async fn sg_onsite_url(
    state: State<'_, AppState>,
    connection_id: String,
    request: OnSiteSigning,
) -> Result<String> {
    let url = service(&state)
        .await?
        .signio(&connection_id)
        .on_site_url(request)
        .await?;
    state.links.remember(&url);
    Ok(url)
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

/// Uploads a promissory note; its PDF (`document`, a drop token, required
/// for template "0") is streamed with `transfer-progress` events under
/// `transferId`.
#[tauri::command]
pub async fn sg_tve_upload(
    app: AppHandle,
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    mut tve: TveInput,
    document: Option<String>,
    transfer_id: String,
) -> Result<String> {
    super::no_path_from_webview(tve.document.is_some(), "document")?;
    tve.document = match document.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Some(state.dropped.resolve("document", t)?),
        _ => None,
    };
    let guard = state.begin_transfer(&transfer_id)?;
    let name = tve.document.as_deref().map(file_name).unwrap_or_default();
    let ctl = control(
        &app,
        &transfer_id,
        TransferKind::Upload,
        &name,
        guard.cancel.clone(),
    );
    service(&state)
        .await?
        .signio(&connection_id)
        .upload_tve(&envelope_id, tve, &ctl)
        .await
}

#[tauri::command]
pub async fn sg_tve_edit(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    document_id: String,
    tve: TveInput,
) -> Result<String> {
    super::no_path_from_webview(tve.document.is_some(), "document")?;
    service(&state)
        .await?
        .signio(&connection_id)
        .edit_tve(&envelope_id, &document_id, tve)
        .await
}

#[tauri::command]
pub async fn sg_sandbox_sign(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    signer_id: Option<String>,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .sandbox_sign(&envelope_id, signer_id.as_deref())
        .await
}

#[tauri::command]
pub async fn sg_sandbox_reject(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    signer_id: String,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .sandbox_reject(&envelope_id, &signer_id)
        .await
}

#[tauri::command]
pub async fn sg_sandbox_return(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    signer_id: String,
    observations: String,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .sandbox_return_with_observations(&envelope_id, &signer_id, &observations)
        .await
}

#[tauri::command]
pub async fn sg_sandbox_suspend(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
) -> Result<()> {
    service(&state)
        .await?
        .signio(&connection_id)
        .sandbox_suspend(&envelope_id)
        .await
}
