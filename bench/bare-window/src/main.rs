//! Prints the time from process start to its first IPC reply, then exits
//! (when VENTANILLA_BENCH_FIRST_IPC is set, as for Ventanilla itself).
use std::time::Instant;

#[tauri::command]
fn ping(started: tauri::State<'_, Instant>) -> &'static str {
    if std::env::var_os("VENTANILLA_BENCH_FIRST_IPC").is_some() {
        println!("first_ipc_reply_ms: {}", started.elapsed().as_millis());
        std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            std::process::exit(0);
        });
    }
    "pong"
}

fn main() {
    let started = Instant::now();
    tauri::Builder::default()
        .manage(started)
        .invoke_handler(tauri::generate_handler![ping])
        .run(tauri::generate_context!())
        .expect("bare window");
}
