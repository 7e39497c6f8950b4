//! The desktop shell: a thin Tauri layer over `ventanilla-service`. It knows
//! Tauri and nothing about HTTP; each command parses its input, calls the
//! service and returns the result or an `{code, message, fields, retryable}`.

mod commands;
mod dialog;
mod drops;
mod host;
mod links;
mod nav;
mod state;
mod support;

#[cfg(all(feature = "e2e", not(debug_assertions)))]
compile_error!(
    "the `e2e` feature answers the save dialog from the environment; never build it in release"
);

use state::AppState;

pub fn run() {
    let started = std::time::Instant::now();
    tauri::Builder::default()
        // First: a second launch hands over to the running one and exits
        // before it opens the database or starts simulators.
        .plugin(single_instance())
        .plugin(tauri_plugin_dialog::init())
        .plugin(window_state())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(AppState::new(started))
        .setup(|app| {
            main_window(app)?;
            // Open the database, probe the keychain and start the sandbox while
            // the window loads; the first command waits for it if needed.
            let state = app.state::<AppState>().inner().clone();
            tauri::async_runtime::spawn(async move {
                let _ = state.service().await;
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(e) = event {
                let state = window.state::<AppState>();
                drops::on_drag_drop(window, &state.dropped, e);
            }
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("error while running Ventanilla");
}

/// One instance per data folder: a second launch focuses the first window.
/// The D-Bus name is the app's identifier, or one derived from
/// `VENTANILLA_DATA_DIR` when set (so separate data folders, e.g. tests,
/// run side by side).
fn single_instance<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, _argv, _cwd| {
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.unminimize();
            let _ = w.show();
            let _ = w.set_focus();
        }
        tracing::info!("another launch focused this window");
    });
    match std::env::var_os("VENTANILLA_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => builder.dbus_id(instance_id(&dir.to_string_lossy())),
        None => builder,
    }
    .build()
}

/// `mx.ventanilla.console.d<hash of the data folder>` (FNV-1a: stable across builds).
fn instance_id(data_dir: &str) -> String {
    let hash = data_dir.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("mx.ventanilla.console.d{hash:016x}")
}

/// Size, position and maximized state of the window, kept in the data
/// folder (beside the database it belongs with).
fn window_state<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    use tauri_plugin_window_state::StateFlags;
    let builder = tauri_plugin_window_state::Builder::new()
        .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED);
    match ventanilla_service::data_dir() {
        // An absolute file name: the plugin joins it to its config folder.
        Ok(dir) => builder.with_filename(dir.join("window-state.json").to_string_lossy()),
        Err(_) => builder,
    }
    .build()
}

/// Builds the main window from its configuration (which has `create:
/// false`) with the navigation and new-window handlers of `nav.rs`.
fn main_window(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let conf = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or("tauri.conf.json has no main window")?;
    let dev = match &app.config().build.dev_url {
        Some(u) if tauri::is_dev() => Some(u.clone()),
        _ => None,
    };
    tauri::WebviewWindowBuilder::from_config(app.handle(), &conf)?
        .on_navigation(move |url| {
            let ok = nav::allowed(url, dev.as_ref());
            if !ok {
                tracing::warn!(to = %nav::origin_for_log(url), "navigation refused");
            }
            ok
        })
        .on_new_window(|url, _| {
            tracing::warn!(to = %nav::origin_for_log(&url), "new window refused");
            tauri::webview::NewWindowResponse::Deny
        })
        .build()?;
    Ok(())
}

use tauri::Manager;
