//! The desktop shell: a thin Tauri layer over `ventanilla-service`. It knows
//! Tauri and nothing about HTTP; each command parses its input, calls the
//! service and returns the result or an `{code, message, fields, retryable}`.

mod commands;
mod dialog;
mod links;
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
            // Open the database, probe the keychain and start the sandbox while
            // the window loads; the first command waits for it if needed.
            let state = app.state::<AppState>().inner().clone();
            tauri::async_runtime::spawn(async move {
                let _ = state.service().await;
            });
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("error while running Ventanilla");
}

use tauri::Manager;
