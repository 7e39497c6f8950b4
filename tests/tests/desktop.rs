//! Behaving like a desktop program (issue 10): one instance per data folder.
//! A second launch hands over to the running app, which brings its window to
//! the front, and exits without opening the database or a second window.

use std::process::Command;
use std::time::{Duration, Instant};
use ventanilla_e2e::{app_binary, App};

/// The X windows titled "Ventanilla" that are mapped.
fn app_windows() -> Vec<String> {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Ventanilla$"])
        .output()
        .expect("xdotool");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_second_launch_focuses_the_first_window() {
    let app = App::launch().await;
    app.click("nav-history").await;
    let windows = app_windows();
    assert_eq!(windows.len(), 1, "{windows:?}");

    // Another window takes the focus, as if the user had moved on.
    Command::new("xdotool")
        .args(["search", "--name", "^Ventanilla$", "windowminimize"])
        .status()
        .ok();

    let started = Instant::now();
    let mut second = Command::new(app_binary())
        .env("VENTANILLA_DATA_DIR", app.data_dir.path())
        .spawn()
        .expect("second launch");
    let status = loop {
        if let Some(s) = second.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = second.kill();
            panic!("the second launch kept running: two instances on one database");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "second launch: {status}");

    // The first instance was told, and raised its window.
    let log = app.data_dir.path().join("logs/ventanilla.log");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("another launch focused this window") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the first window was not told:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let windows = app_windows();
    assert_eq!(windows.len(), 1, "one window, visible again: {windows:?}");
    let focused = Command::new("xdotool")
        .args(["getwindowfocus", "getwindowname"])
        .output()
        .expect("xdotool");
    assert_eq!(
        String::from_utf8_lossy(&focused.stdout).trim(),
        "Ventanilla"
    );

    // Still the same, working window: its state (the History screen) is kept.
    let history = app.by_testid("nav-history").await;
    assert_eq!(
        history.attr("aria-current").await.unwrap().as_deref(),
        Some("page")
    );
    app.quit().await;
}

/// Another data folder is another instance (tests, a second profile): it starts.
#[tokio::test]
async fn another_data_folder_starts_its_own_instance() {
    let app = App::launch().await;
    let other = tempfile::tempdir().unwrap();
    let mut second = Command::new(app_binary())
        .env("VENTANILLA_DATA_DIR", other.path())
        .env("VENTANILLA_BENCH_FIRST_IPC", "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("second launch");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = second.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the other instance did not answer"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let mut out = String::new();
    std::io::Read::read_to_string(&mut second.stdout.take().unwrap(), &mut out).unwrap();
    assert!(status.success(), "{status}");
    // It opened its window and its UI reached Rust (see app.rs's bench hook).
    assert!(out.contains("first_ipc_reply_ms"), "{out}");
    app.quit().await;
}

/// The About panel in the real window: its facts are this install's, the data
/// folder opens (recorded: e2e builds start no file manager), the support
/// bundle is saved where the save dialog says, and `?` lists the shortcuts.
#[tokio::test]
async fn about_panel_support_bundle_and_shortcuts() {
    use ventanilla_e2e::thirtyfour::prelude::*;
    let out = tempfile::tempdir().unwrap();
    let bundle = out.path().join("soporte.zip");
    let opened = out.path().join("opened.txt");
    let app = App::launch_with(
        tempfile::tempdir().unwrap(),
        &[
            ("VENTANILLA_E2E_SAVE_PATH", bundle.to_str().unwrap()),
            ("VENTANILLA_E2E_OPENED_LINKS", opened.to_str().unwrap()),
        ],
    )
    .await;
    let data = app.data_dir.path().to_str().unwrap().to_owned();
    // Ctrl+8: the eighth screen, About.
    let body = app.driver.find(By::Tag("body")).await.unwrap();
    body.send_keys(Key::Control + "8").await.unwrap();
    app.wait_text("about-data-dir", &data).await;
    app.wait_text("about-version", env!("CARGO_PKG_VERSION"))
        .await;
    app.wait_text("about-log-file", &format!("{data}/logs/ventanilla.log"))
        .await;
    app.wait_testid("licenses-table").await;
    // Let the 440-row table paint before the picture.
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot("about").await;

    app.click("about-open-folder").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read_to_string(&opened).unwrap_or_default().trim() != format!("folder {data}") {
        assert!(Instant::now() < deadline, "the data folder was not opened");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }

    app.click("about-bundle").await;
    app.wait_toast("success", &["soporte.zip"]).await;
    let zip = std::fs::read(&bundle).unwrap();
    assert!(zip.starts_with(b"PK\x03\x04"), "not a zip");
    let names = String::from_utf8_lossy(&zip);
    for f in ["about.json", "connections.json", "logs/ventanilla.log"] {
        assert!(names.contains(f), "{f} missing from the bundle");
    }

    // `?` opens the shortcuts overlay; Escape closes it.
    let body = app.driver.find(By::Tag("body")).await.unwrap();
    body.send_keys("?").await.unwrap();
    app.wait_text("shortcuts-help", "Ctrl+8").await;
    app.screenshot("shortcuts").await;
    body.send_keys(Key::Escape).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !app.all_testid("shortcuts-help").await.is_empty() {
        assert!(
            Instant::now() < deadline,
            "Escape did not close the overlay"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.quit().await;
}
