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

#[cfg(all(feature = "e2e", not(debug_assertions)))]
compile_error!(
    "the `e2e` feature answers the save dialog from the environment; never build it in release"
);

use state::AppState;

pub fn run() {
    let started = std::time::Instant::now();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
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
                drops::on_drag_drop(window.app_handle(), &state.dropped, e);
            }
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("error while running Ventanilla");
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
