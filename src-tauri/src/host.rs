//! The desktop side of `Host`: files come from drop tokens (never a path
//! from the webview), destinations from native dialogs, progress as
//! `transfer-progress` events (cancelled with `transfer_cancel`), and links
//! the provider issued are remembered so the user may open them.

use crate::state::{AppState, TransferGuard};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter};
use ventanilla_core::envelopes::{TransferControl, TransferKind, TransferProgress, TransferUpdate};
use ventanilla_core::op::{BoxFuture, Host};
use ventanilla_core::Result;

/// The event every upload and export reports progress with.
pub const TRANSFER_EVENT: &str = "transfer-progress";
/// At most one progress event per file this often (the last one always goes).
const EVENT_EVERY: Duration = Duration::from_millis(100);

pub struct GuiHost {
    pub app: AppHandle,
    pub state: AppState,
    /// Transfers registered by this operation, unregistered when it ends.
    guards: Mutex<Vec<TransferGuard>>,
}

impl GuiHost {
    pub fn new(app: AppHandle, state: AppState) -> Self {
        GuiHost {
            app,
            state,
            guards: Mutex::default(),
        }
    }
}

impl Host for GuiHost {
    fn file(&self, reference: &str) -> Result<PathBuf> {
        self.state.dropped.resolve("file", reference)
    }

    fn display_name(&self, reference: &str) -> String {
        match self.state.dropped.resolve("file", reference) {
            Ok(p) => crate::drops::file_name(&p),
            Err(_) => "?".into(),
        }
    }

    fn save_as<'a>(&'a self, suggested: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>> {
        Box::pin(async move {
            let ext = suggested
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| "pdf".into());
            let exts = [ext.as_str()];
            Ok(crate::dialog::save_path(&self.app, suggested, ("Documento", &exts)).await)
        })
    }

    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(
            async move { Ok(crate::dialog::pick_folder(&self.app, "Exportar documentos").await) },
        )
    }

    fn transfer(
        &self,
        transfer_id: Option<&str>,
        kind: TransferKind,
        name: &str,
    ) -> TransferControl {
        let Some(id) = transfer_id else {
            return TransferControl::default();
        };
        let mut guards = self.guards.lock().unwrap();
        // Several files of one transfer (export all) share its cancel flag.
        let cancel = match guards.iter().find(|g| g.id() == id) {
            Some(g) => g.cancel.clone(),
            None => match self.state.begin_transfer(id) {
                Ok(g) => {
                    let c = g.cancel.clone();
                    guards.push(g);
                    c
                }
                // Another transfer runs under this id: report nothing for
                // this one rather than mixing their progress.
                Err(_) => return TransferControl::default(),
            },
        };
        progress_events(&self.app, id, kind, name, cancel)
    }

    fn issued_link(&self, url: &str) {
        self.state.links.remember(url);
    }
}

/// A transfer control that emits `transfer-progress` for one file.
pub fn progress_events(
    app: &AppHandle,
    transfer_id: &str,
    kind: TransferKind,
    name: &str,
    cancel: ventanilla_core::envelopes::CancelFlag,
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
