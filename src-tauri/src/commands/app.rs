use super::service;
use crate::drops::{file_name, DroppedFile};
use crate::state::AppState;
use tauri::State;
use ventanilla_core::app::AppInfo;
use ventanilla_core::error::FieldError;
use ventanilla_core::{Error, ErrorCode, Result};

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    let svc = service(&state).await?;
    let info = AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        os_locale: sys_locale::get_locale().unwrap_or_else(|| "en-US".into()),
        data_dir: svc.data_dir().display().to_string(),
        keychain: svc.keychain_status(),
        sandbox: svc.sandbox_connections()?,
        history_warning: svc.history_warning(),
        providers: ventanilla_service::providers::infos(),
    };
    bench_hook(&state);
    Ok(info)
}

/// `make bench` measures start-up to the first IPC reply: with
/// `VENTANILLA_BENCH_FIRST_IPC=1` the app prints the moment and exits.
fn bench_hook(state: &AppState) {
    if std::env::var_os("VENTANILLA_BENCH_FIRST_IPC").is_some() {
        println!(
            "first_ipc_reply_ms: {}",
            state.started.elapsed().as_millis()
        );
        std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            std::process::exit(0);
        });
    }
}

/// A file chosen in the native open dialog, registered like a drop: the
/// webview gets its token, name and size, never its path or bytes. `kind`:
/// `cer` or `key` (a SAT e.firma certificate or private key,
/// DYNAMICORE 1.3 #15). `None`: cancelled.
#[tauri::command]
pub async fn file_pick(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    kind: String,
) -> Result<Option<DroppedFile>> {
    let filter: (&str, &[&str]) = match kind.as_str() {
        "cer" => ("Certificado (.cer)", &["cer"]),
        "key" => ("Llave privada (.key)", &["key"]),
        _ => {
            return Err(Error::invalid(
                "kind",
                FieldError::new("pick_kind", "can pick a .cer or a .key file"),
            ))
        }
    };
    let Some(path) = crate::dialog::open_path(&app, &kind, filter).await else {
        return Ok(None);
    };
    Ok(state.dropped.describe(&[path]).pop())
}

/// Name and size of a file the user dropped, by its drop token. Its bytes
/// and path never cross IPC.
#[tauri::command]
pub async fn file_info(state: State<'_, AppState>, token: String) -> Result<DroppedFile> {
    let p = state.dropped.resolve("token", &token)?;
    let meta = tokio::fs::metadata(&p)
        .await
        .map_err(|e| Error::io(&format!("cannot read {}", file_name(&p)), &e))?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorCode::Io,
            format!("{} is not a file", file_name(&p)),
        ));
    }
    Ok(DroppedFile {
        name: file_name(&p),
        token: token.trim().to_owned(),
        size: meta.len(),
    })
}
