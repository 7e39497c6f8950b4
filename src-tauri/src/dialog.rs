//! The native open, save and folder dialogs, opened from Rust (the webview
//! has no dialog or fs permission). E2E builds answer them from
//! `VENTANILLA_E2E_OPEN_<KIND>`, `VENTANILLA_E2E_SAVE_PATH` and
//! `VENTANILLA_E2E_SAVE_DIR`, because WebDriver cannot drive a native dialog.

use std::path::PathBuf;
use tauri::AppHandle;

/// Asks where to save; `None` if the user cancelled.
pub async fn save_path(
    app: &AppHandle,
    suggested_name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    #[cfg(feature = "e2e")]
    if let Some(p) = std::env::var_os("VENTANILLA_E2E_SAVE_PATH") {
        let _ = (app, suggested_name, filter);
        return Some(PathBuf::from(p));
    }
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_file_name(suggested_name)
        .add_filter(filter.0, filter.1)
        .save_file(move |p| {
            let _ = tx.send(p.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// Asks for one file to open, of `filter`'s extensions; `None` if the user
/// cancelled. `kind` names the e2e answer (`VENTANILLA_E2E_OPEN_CER`).
pub async fn open_path(app: &AppHandle, kind: &str, filter: (&str, &[&str])) -> Option<PathBuf> {
    #[cfg(feature = "e2e")]
    if let Some(p) = std::env::var_os(format!("VENTANILLA_E2E_OPEN_{}", kind.to_uppercase())) {
        let _ = (app, filter);
        return Some(PathBuf::from(p));
    }
    let _ = kind;
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app.dialog().file().add_filter(filter.0, filter.1);
    if let Some(w) = tauri::Manager::get_webview_window(app, "main") {
        dialog = dialog.set_parent(&w);
    }
    dialog.pick_file(move |p| {
        let _ = tx.send(p.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

/// Asks for a folder (to export into); `None` if the user cancelled.
pub async fn pick_folder(app: &AppHandle, title: &str) -> Option<PathBuf> {
    #[cfg(feature = "e2e")]
    if let Some(p) = std::env::var_os("VENTANILLA_E2E_SAVE_DIR") {
        let _ = (app, title);
        return Some(PathBuf::from(p));
    }
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().set_title(title).pick_folder(move |p| {
        let _ = tx.send(p.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

/// Asks a yes/no question in a native dialog the webview cannot fake or
/// answer; false if the user declines or closes it. E2E builds answer from
/// `VENTANILLA_E2E_CONFIRM` (`yes`/`no`) and record the question in
/// `VENTANILLA_E2E_ASKED`.
pub async fn confirm(app: &AppHandle, title: &str, message: &str, (yes, no): (&str, &str)) -> bool {
    #[cfg(feature = "e2e")]
    if let Some(answer) = std::env::var_os("VENTANILLA_E2E_CONFIRM") {
        let _ = (app, yes, no);
        if let Some(log) = std::env::var_os("VENTANILLA_E2E_ASKED") {
            use std::io::Write;
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
            {
                let _ = writeln!(f, "{title}: {message}");
            }
        }
        return answer == "yes";
    }
    use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app
        .dialog()
        .message(message)
        .title(title)
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(yes.into(), no.into()));
    if let Some(w) = tauri::Manager::get_webview_window(app, "main") {
        dialog = dialog.parent(&w);
    }
    dialog.show(move |ok| {
        let _ = tx.send(ok);
    });
    rx.await.unwrap_or(false)
}
