//! The e2e harness: starts `tauri-driver` (in its own process group, so the
//! WebKitWebDriver it spawns dies with it), opens the real app binary with a
//! fresh data directory, and offers small helpers to find and wait for elements
//! by `data-testid`.
//!
//! Run through `make e2e`: it builds the app with the `e2e` feature and runs
//! these tests under `xvfb-run` inside a private D-Bus session with an
//! unlocked gnome-keyring.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

pub use thirtyfour;

pub struct App {
    pub driver: WebDriver,
    pub data_dir: tempfile::TempDir,
    tauri_driver: Child,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn app_binary() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let bin = target.join("debug/ventanilla");
    assert!(
        bin.exists(),
        "{} is missing: run `make build-e2e` first",
        bin.display()
    );
    bin.canonicalize().unwrap()
}

impl App {
    /// Starts the app with an empty data directory (a first start).
    pub async fn launch() -> App {
        Self::launch_with(tempfile::tempdir().unwrap(), &[]).await
    }

    /// Starts the app on `data_dir` with extra environment variables.
    pub async fn launch_with(data_dir: tempfile::TempDir, env: &[(&str, &str)]) -> App {
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("VENTANILLA_DATA_DIR", data_dir.path())
        .env("LANG", "es_MX.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .process_group(0);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let tauri_driver = cmd
            .spawn()
            .expect("tauri-driver not found: `make deps` installs it");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = Capabilities::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary().display().to_string() }),
        );
        let driver = WebDriver::new(&url, caps).await.expect("WebDriver session");
        let app = App {
            driver,
            data_dir,
            tauri_driver,
        };
        // The app is up once its sidebar is drawn.
        app.wait_testid("nav-users").await;
        app
    }

    pub async fn by_testid(&self, id: &str) -> WebElement {
        self.wait_testid(id).await
    }

    /// Waits (up to 15 s) for an element with `data-testid=id` to be displayed.
    pub async fn wait_testid(&self, id: &str) -> WebElement {
        let sel = format!("[data-testid=\"{id}\"]");
        self.driver
            .query(By::Css(sel.as_str()))
            .wait(Duration::from_secs(15), Duration::from_millis(100))
            .and_displayed()
            .first()
            .await
            .unwrap_or_else(|e| panic!("no visible [data-testid={id}]: {e}"))
    }

    pub async fn all_testid(&self, id: &str) -> Vec<WebElement> {
        self.driver
            .find_all(By::Css(format!("[data-testid=\"{id}\"]").as_str()))
            .await
            .unwrap_or_default()
    }

    pub async fn click(&self, id: &str) {
        self.wait_testid(id)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {id}: {e}"));
    }

    pub async fn type_into(&self, id: &str, text: &str) {
        let el = self.wait_testid(id).await;
        el.clear().await.ok();
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {id}: {e}"));
    }

    /// Waits until some element with `data-testid=id` contains `text`.
    pub async fn wait_text(&self, id: &str, text: &str) -> WebElement {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            for el in self.all_testid(id).await {
                if text_of(&el).await.contains(text) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                let seen: Vec<String> = futures_text(self.all_testid(id).await).await;
                panic!("no [data-testid={id}] containing {text:?}; saw {seen:?}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-shots");
        std::fs::create_dir_all(&dir).ok();
        let _ = self
            .driver
            .screenshot(&dir.join(format!("{name}.png")))
            .await;
    }

    /// Ends the WebDriver session, then (on drop) the driver's process group.
    pub async fn quit(self) {
        let _ = self.driver.clone().quit().await;
    }
}

async fn futures_text(els: Vec<WebElement>) -> Vec<String> {
    let mut out = vec![];
    for e in els {
        out.push(text_of(&e).await);
    }
    out
}

/// The element's full text. `textContent`, because WebKitWebDriver's visible
/// text drops some cells (e.g. `<dd>` with `text-overflow: ellipsis`).
pub async fn text_of(el: &WebElement) -> String {
    el.prop("textContent")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn kill_group(child: &mut Child) {
    // tauri-driver leads its own process group; take WebKitWebDriver and the
    // app down with it. (Through libc, not `kill(1)`: procps' kill misreads
    // some negative pids as options — `-1…` becomes "every process".)
    let pgid = child.id() as libc::pid_t;
    if pgid <= 1 {
        return;
    }
    unsafe { libc::kill(-pgid, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Whatever of the group is still alive (the driver may exit first).
    unsafe { libc::kill(-pgid, libc::SIGKILL) };
    let _ = child.wait();
}

impl Drop for App {
    fn drop(&mut self) {
        kill_group(&mut self.tauri_driver);
    }
}
