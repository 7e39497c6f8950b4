//! The e2e harness: starts `tauri-driver` (in its own process group, so the
//! WebKitWebDriver it spawns dies with it), opens the real app binary with a
//! fresh data directory, and offers small helpers to find and wait for elements
//! by `data-testid`.
//!
//! Run through `make e2e`: it builds the app with the `e2e` feature and runs
//! these tests under `xvfb-run` inside a private D-Bus session with an
//! unlocked gnome-keyring.

use std::io::BufRead;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
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

/// Fails fast (instead of hanging on a native dialog WebDriver can't see)
/// when the app binary was built without the `e2e` feature, e.g. by a plain
/// `cargo build` after `make build-e2e`: only that feature reads
/// `VENTANILLA_E2E_SAVE_PATH` / `VENTANILLA_E2E_SAVE_DIR`.
pub fn assert_e2e_build() {
    static OK: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *OK.get_or_init(|| {
        let bin = std::fs::read(app_binary()).unwrap_or_default();
        let needle = b"VENTANILLA_E2E_SAVE_PATH";
        let mut i = 0;
        while let Some(p) = bin[i..].iter().position(|&b| b == needle[0]) {
            let at = i + p;
            if bin[at..].starts_with(needle) {
                return true;
            }
            i = at + 1;
        }
        false
    });
    assert!(
        ok,
        "{} was built without the `e2e` feature (its save dialogs would open for real): \
         run `make build-e2e` (cargo build -p ventanilla --features e2e) again",
        app_binary().display()
    );
}

impl App {
    /// Starts the app with an empty data directory (a first start).
    pub async fn launch() -> App {
        Self::launch_with(tempfile::tempdir().unwrap(), &[]).await
    }

    /// Starts the app on `data_dir` with extra environment variables.
    pub async fn launch_with(data_dir: tempfile::TempDir, env: &[(&str, &str)]) -> App {
        if env.iter().any(|(k, _)| k.starts_with("VENTANILLA_E2E_")) {
            assert_e2e_build();
        }
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
        // The webview's own storage (the UI language, the last screen) in
        // the test's data folder too: a test that ends in English must not
        // start the next one in English.
        .env("XDG_DATA_HOME", data_dir.path().join("webview"))
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
        let el = self.wait_testid(id).await;
        self.click_el(&el, id).await;
    }

    /// Clicks `el` after scrolling it to the middle of the viewport; while
    /// something covers it (the toasts stacked bottom right live 5 s), tries
    /// again for up to 10 s.
    pub async fn click_el(&self, el: &WebElement, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let _ = self
                .driver
                .execute(
                    "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                    vec![el.to_json().unwrap()],
                )
                .await;
            match el.click().await {
                Ok(()) => return,
                Err(e)
                    if matches!(
                        e.as_inner(),
                        thirtyfour::error::WebDriverErrorInner::ElementClickIntercepted(_)
                    ) && Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("click {what}: {e}"),
            }
        }
    }

    pub async fn type_into(&self, id: &str, text: &str) {
        let el = self.wait_testid(id).await;
        el.clear().await.ok();
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {id}: {e}"));
    }

    /// Picks the option of the `<select data-testid=id>` whose value is `value`.
    pub async fn select_value(&self, id: &str, value: &str) {
        let el = self.wait_testid(id).await;
        thirtyfour::components::SelectElement::new(&el)
            .await
            .unwrap()
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value:?} in {id}: {e}"));
    }

    /// Picks the option of the `<select data-testid=id>` whose text contains `text`.
    pub async fn select_text(&self, id: &str, text: &str) {
        let el = self.wait_testid(id).await;
        thirtyfour::components::SelectElement::new(&el)
            .await
            .unwrap()
            .select_by_partial_text(text)
            .await
            .unwrap_or_else(|e| panic!("select {text:?} in {id}: {e}"));
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

    /// Waits for a toast of `kind` ("success", "error", "info") whose text
    /// contains one of `any_of` (case-insensitive, so one call covers both
    /// UI languages); returns its text.
    pub async fn wait_toast(&self, kind: &str, any_of: &[&str]) -> String {
        let sel = format!("[data-testid=\"toast\"].toast-{kind}");
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let els = self
                .driver
                .find_all(By::Css(sel.as_str()))
                .await
                .unwrap_or_default();
            let texts = futures_text(els).await;
            if let Some(t) = texts.iter().find(|t| {
                let t = t.to_lowercase();
                any_of.iter().any(|w| t.contains(&w.to_lowercase()))
            }) {
                return t.clone();
            }
            if Instant::now() > deadline {
                panic!("no {kind} toast containing any of {any_of:?}; saw {texts:?}");
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

/// Where the web page's viewport lies on the X screen.
#[derive(Debug, Clone, Copy)]
struct Viewport {
    /// Screen position of the viewport's CSS (0, 0).
    x: f64,
    y: f64,
    /// Device pixels per CSS pixel.
    scale: f64,
    /// Measured with the pointer (else estimated from the window geometry).
    probed: bool,
}

impl App {
    /// A real OS-level file drop (X11 drag-and-drop, XDND) of `paths` onto
    /// `target`, as a file manager would do it: starts
    /// `scripts/drag-source.py` (a small GTK window offering the files as
    /// `text/uri-list`) in a screen corner away from the target, then drives
    /// the real pointer with `xdotool`: press on the source, move in small
    /// steps onto the target's centre (XDND is driven by motion events),
    /// release. Returns once the drag source saw the drag end and the app's
    /// webview got its native drop event (`tauri://drag-drop`) with exactly
    /// these paths at a position inside `target`, and the app's own
    /// `native-drop` names them by token only (asserted); the caller then
    /// waits for the UI's own reaction.
    ///
    /// Needs an X display (Xvfb), `xdotool`, python3-gi and gir1.2-gtk-3.0.
    pub async fn drop_files(&self, paths: &[&Path], target: &WebElement) {
        assert!(!paths.is_empty(), "drop_files: no paths");
        let screen = display_size();
        let vp = self.viewport_on_screen().await;
        // The target's centre on screen, after scrolling it into view.
        let r = self
            .driver
            .execute(
                "const el = arguments[0];\n\
                 el.scrollIntoView({block: 'center', inline: 'center'});\n\
                 const r = el.getBoundingClientRect();\n\
                 return [r.left, r.top, r.width, r.height];",
                vec![target.to_json().unwrap()],
            )
            .await
            .expect("target rect");
        let r: Vec<f64> = r.convert().expect("target rect numbers");
        let tx = (vp.x + (r[0] + r[2] / 2.0) * vp.scale).round() as i64;
        let ty = (vp.y + (r[1] + r[3] / 2.0) * vp.scale).round() as i64;
        assert!(
            tx >= 0 && ty >= 0 && tx < screen.0 && ty < screen.1,
            "drop target centre ({tx}, {ty}) is off the {}x{} screen",
            screen.0,
            screen.1
        );

        // The source goes in the screen corner farthest from the target.
        const SIZE: i64 = 80;
        let sx = if tx > screen.0 / 2 {
            0
        } else {
            screen.0 - SIZE
        };
        let sy = if ty > screen.1 / 2 {
            0
        } else {
            screen.1 - SIZE
        };
        eprintln!(
            "drop_files: viewport at ({:.0}, {:.0}) ×{} ({}), target centre ({tx}, {ty}), source at ({sx}, {sy})",
            vp.x,
            vp.y,
            vp.scale,
            if vp.probed { "probed" } else { "estimated" }
        );
        let listening = self.listen_for_drops().await;
        let mut source = DragSource::start(paths, sx, sy, SIZE);
        let ready = source.wait_for("ready", Duration::from_secs(15)).await;
        // "ready X Y W H": where the window really is.
        let f: Vec<i64> = ready
            .split_whitespace()
            .skip(1)
            .filter_map(|w| w.parse().ok())
            .collect();
        let (fx, fy, fw, fh) = (f[0], f[1], f[2], f[3]);
        let (px, py) = (fx + fw / 2, fy + fh / 2);

        // Press on the source, pass GTK's drag threshold, then glide to the target.
        xdotool(&["mousemove", &px.to_string(), &py.to_string()]);
        tokio::time::sleep(Duration::from_millis(100)).await;
        xdotool(&["mousedown", "1"]);
        tokio::time::sleep(Duration::from_millis(100)).await;
        for d in [4, 8, 12, 16, 20] {
            let x = px + if tx > px { d } else { -d };
            xdotool(&["mousemove", &x.to_string(), &py.to_string()]);
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        source.wait_for("drag-begin", Duration::from_secs(5)).await;
        let steps = 30;
        for i in 1..=steps {
            let x = px + (tx - px) * i / steps;
            let y = py + (ty - py) * i / steps;
            xdotool(&["mousemove", &x.to_string(), &y.to_string()]);
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        // Linger over the target so it sees motion (the app's "over"/hover).
        for d in [1, -1, 0] {
            xdotool(&["mousemove", &(tx + d).to_string(), &ty.to_string()]);
            tokio::time::sleep(Duration::from_millis(120)).await;
        }
        xdotool(&["mouseup", "1"]);
        source.wait_for("drag-end", Duration::from_secs(10)).await;
        // Park the pointer outside the app so no hover state lingers.
        xdotool(&["mousemove", &px.to_string(), &py.to_string()]);
        drop(source);

        // The app got a native drop of exactly these paths, inside the target.
        if !listening {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        let dropped = loop {
            let got: Vec<serde_json::Value> = self
                .driver
                .execute(
                    "return window.__e2eDrops || [];",
                    Vec::<serde_json::Value>::new(),
                )
                .await
                .ok()
                .and_then(|r| r.convert().ok())
                .unwrap_or_default();
            if let Some(d) = got.into_iter().next() {
                break d;
            }
            assert!(
                Instant::now() < deadline,
                "the app's webview got no native drop (tauri://drag-drop) within 10 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let mut want: Vec<String> = paths
            .iter()
            .map(|p| {
                p.canonicalize()
                    .unwrap_or(p.to_path_buf())
                    .display()
                    .to_string()
            })
            .collect();
        let mut got: Vec<String> = dropped["paths"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        want.sort();
        got.sort();
        assert_eq!(got, want, "the dropped paths");
        let (x, y) = (
            dropped["position"]["x"].as_f64().unwrap_or(-1.0),
            dropped["position"]["y"].as_f64().unwrap_or(-1.0),
        );
        let inside = |v: f64, start: f64, len: f64| {
            v >= (start * vp.scale) - 2.0 && v <= (start + len) * vp.scale + 2.0
        };
        assert!(
            inside(x, r[0], r[2]) && inside(y, r[1], r[3]),
            "the drop landed at ({x}, {y}), outside the target {r:?} (×{})",
            vp.scale
        );

        // Rust named each file to the UI by a token, never by its path.
        let deadline = Instant::now() + Duration::from_secs(5);
        let app_drop = loop {
            let got: serde_json::Value = self
                .driver
                .execute(
                    "return (window.__e2eAppDrops || []).filter((d) => d.type === 'drop')[0] || null;",
                    Vec::<serde_json::Value>::new(),
                )
                .await
                .ok()
                .and_then(|r| r.convert().ok())
                .unwrap_or_default();
            if !got.is_null() {
                break got;
            }
            assert!(
                Instant::now() < deadline,
                "the app emitted no native-drop within 5 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let files = app_drop["files"].as_array().cloned().unwrap_or_default();
        let mut names: Vec<String> = files
            .iter()
            .filter_map(|f| f["name"].as_str().map(String::from))
            .collect();
        let mut want_names: Vec<String> = paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        want_names.sort();
        assert_eq!(names, want_names, "the app's native-drop: {app_drop}");
        for f in &files {
            let token = f["token"].as_str().unwrap_or_default();
            assert!(
                token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit()),
                "a drop token, not a path: {f}"
            );
            assert!(f.get("path").is_none(), "no path reaches the UI: {f}");
        }
    }

    /// Subscribes the page (once) to the webview's native drop event
    /// (`tauri://drag-drop`, with paths and position) and to the app's own
    /// `native-drop` (drop tokens, what the UI uses), recording each payload
    /// in `window.__e2eDrops` / `window.__e2eAppDrops` (cleared here). False
    /// if that is not possible.
    async fn listen_for_drops(&self) -> bool {
        let script = "if (!window.__e2eDropState) {\n\
              window.__e2eDropState = 'pending';\n\
              try {\n\
                const T = window.__TAURI_INTERNALS__;\n\
                const handler = T.transformCallback((e) => (window.__e2eDrops = window.__e2eDrops || []).push(e.payload));\n\
                const mine = T.transformCallback((e) => (window.__e2eAppDrops = window.__e2eAppDrops || []).push(e.payload));\n\
                Promise.all([\n\
                  T.invoke('plugin:event|listen', {event: 'tauri://drag-drop', target: {kind: 'Any'}, handler}),\n\
                  T.invoke('plugin:event|listen', {event: 'native-drop', target: {kind: 'Any'}, handler: mine}),\n\
                ]).then(() => { window.__e2eDropState = 'ok'; }, (e) => { window.__e2eDropState = 'error: ' + e; });\n\
              } catch (e) { window.__e2eDropState = 'error: ' + e; }\n\
            }\n\
            window.__e2eDrops = [];\n\
            window.__e2eAppDrops = [];\n\
            return window.__e2eDropState;";
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let state: String = self
                .driver
                .execute(script, Vec::<serde_json::Value>::new())
                .await
                .ok()
                .and_then(|r| r.convert().ok())
                .unwrap_or_else(|| "error: script failed".into());
            if state == "ok" {
                return true;
            }
            if state != "pending" || Instant::now() > deadline {
                eprintln!("drop_files: cannot watch the app's drop events ({state}); checking the drag source only");
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Finds where the viewport is on screen by moving the real pointer over
    /// the app's window and reading where the page saw it (exact, whatever
    /// decorations, menu bar or window manager there is). Falls back to the
    /// window geometry (`xdotool getwindowgeometry`) with the size difference
    /// between window and viewport taken as a top bar plus even side borders.
    async fn viewport_on_screen(&self) -> Viewport {
        let (wx, wy, ww, wh) = app_window_geometry();
        let info: Vec<f64> = self
            .driver
            .execute(
                "if (!window.__e2ePointer) {\n\
                   window.__e2ePointer = null;\n\
                   window.addEventListener('mousemove', (e) => {\n\
                     window.__e2ePointer = [e.clientX, e.clientY];\n\
                   }, true);\n\
                 }\n\
                 window.__e2ePointer = null;\n\
                 return [window.innerWidth, window.innerHeight, window.devicePixelRatio || 1];",
                Vec::<serde_json::Value>::new(),
            )
            .await
            .expect("viewport script")
            .convert()
            .expect("viewport numbers");
        let (iw, ih, scale) = (info[0], info[1], info[2]);
        // Fallback estimate from the geometry.
        let extra_w = (ww as f64 - iw * scale).max(0.0);
        let extra_h = (wh as f64 - ih * scale).max(0.0);
        let guess = Viewport {
            x: wx as f64 + extra_w / 2.0,
            y: wy as f64 + extra_h - extra_w / 2.0,
            scale,
            probed: false,
        };
        // Probe: two distinct points inside the guessed viewport.
        for (dx, dy) in [(0.37, 0.41), (0.38, 0.42)] {
            let sx = (guess.x + iw * scale * dx).round() as i64;
            let sy = (guess.y + ih * scale * dy).round() as i64;
            xdotool(&["mousemove", &sx.to_string(), &sy.to_string()]);
            tokio::time::sleep(Duration::from_millis(80)).await;
            let seen = self
                .driver
                .execute(
                    "return window.__e2ePointer;",
                    Vec::<serde_json::Value>::new(),
                )
                .await
                .ok()
                .and_then(|r| r.convert::<Option<Vec<f64>>>().ok())
                .flatten();
            if let Some(p) = seen {
                return Viewport {
                    x: sx as f64 - p[0] * scale,
                    y: sy as f64 - p[1] * scale,
                    scale,
                    probed: true,
                };
            }
        }
        eprintln!(
            "drop_files: the page saw no pointer motion; using the window geometry {guess:?}"
        );
        guess
    }
}

fn xdotool_output(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("xdotool not found: `make deps` installs it");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn xdotool(args: &[&str]) {
    let st = Command::new("xdotool")
        .args(args)
        .status()
        .expect("xdotool not found: `make deps` installs it");
    assert!(st.success(), "xdotool {args:?} failed: {st}");
}

/// The X screen's size in pixels.
fn display_size() -> (i64, i64) {
    let out = xdotool_output(&["getdisplaygeometry"]);
    let v: Vec<i64> = out
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(v.len(), 2, "xdotool getdisplaygeometry: {out:?}");
    (v[0], v[1])
}

/// Position and size of the app's top-level window (the largest visible
/// window titled "Ventanilla").
fn app_window_geometry() -> (i64, i64, i64, i64) {
    let ids = xdotool_output(&["search", "--onlyvisible", "--name", "^Ventanilla$"]);
    let mut best: Option<(i64, i64, i64, i64)> = None;
    for id in ids.split_whitespace() {
        let out = xdotool_output(&["getwindowgeometry", "--shell", id]);
        let get = |k: &str| -> i64 {
            out.lines()
                .find_map(|l| l.strip_prefix(&format!("{k}=")))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0)
        };
        let g = (get("X"), get("Y"), get("WIDTH"), get("HEIGHT"));
        if best.is_none_or(|b| g.2 * g.3 > b.2 * b.3) {
            best = Some(g);
        }
    }
    best.unwrap_or_else(|| {
        panic!("no visible X window titled Ventanilla (xdotool search: {ids:?})")
    })
}

/// `scripts/drag-source.py`, running; killed (by its own pid) on drop.
struct DragSource {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl DragSource {
    fn start(paths: &[&Path], x: i64, y: i64, size: i64) -> DragSource {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/drag-source.py");
        // The distribution's Python: python3-gi is installed for it, not for pyenv & co.
        let python = if Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        };
        let mut child = Command::new(python)
            .arg(script)
            .args(["--x", &x.to_string(), "--y", &y.to_string()])
            .args(["--size", &size.to_string(), "--stdin-eof-exit"])
            .args(paths)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start scripts/drag-source.py");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        DragSource {
            child,
            lines,
            seen: vec![],
        }
    }

    /// Waits for a line starting with `word`; returns it.
    async fn wait_for(&mut self, word: &str, timeout: Duration) -> String {
        let is = |l: &String| l.split_whitespace().next() == Some(word);
        if let Some(l) = self.seen.iter().find(|l| is(l)) {
            return l.clone();
        }
        // Polled, not blocking: the test's simulators share this runtime.
        let deadline = Instant::now() + timeout;
        loop {
            match self.lines.try_recv() {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if is(&l) {
                        return l;
                    }
                }
                Err(mpsc::TryRecvError::Empty) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(_) => panic!(
                    "drag source: no {word:?} within {timeout:?}; it said {:?}",
                    self.seen
                ),
            }
        }
    }
}

impl Drop for DragSource {
    fn drop(&mut self) {
        // Closing stdin asks it to quit; the kill (SIGKILL to its own pid) makes sure.
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
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

/// A valid PNG of `w` × `h` RGB pixels (a colour gradient), written without
/// any image library: IHDR, one IDAT holding stored (uncompressed) deflate
/// blocks, IEND, each with its CRC.
pub fn tiny_png(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in bytes {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    // Raw scanlines: filter byte 0, then RGB.
    let mut raw = Vec::with_capacity(((w * 3 + 1) * h) as usize);
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&[(x * 255 / w.max(1)) as u8, (y * 255 / h.max(1)) as u8, 0x80]);
        }
    }
    // zlib: header, stored blocks (≤ 65,535 bytes each), Adler-32.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if raw.is_empty() {
        vec![&[][..]]
    } else {
        raw.chunks(65_535).collect()
    };
    for (i, b) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = b.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(b);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + x as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit, RGB, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Polls `f` every 150 ms until it is true (or panics after `secs` with `what`).
pub async fn eventually<F, Fut>(what: &str, secs: u64, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f().await {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Every file under `dir` (the database, its WAL, the logs) with its bytes,
/// for canaries: a secret must be in none of them.
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p.display().to_string(), b));
            }
        }
    }
    out
}

/// Whether `hay` holds `needle`'s bytes anywhere (canaries over files).
pub fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

impl App {
    /// The id of the sandbox connection of `provider`, from the list the
    /// shell gives the page (`connections_list`; ids are no secret).
    pub async fn sandbox_connection_id(&self, provider: &str) -> String {
        let reply = self
            .driver
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   window.__TAURI_INTERNALS__.invoke("connections_list")
                     .then((l) => done(JSON.stringify(l)), (e) => done("error: " + JSON.stringify(e)));"#,
                Vec::<serde_json::Value>::new(),
            )
            .await
            .expect("connections_list");
        let text: String = reply.convert().expect("connections_list text");
        let list: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("connections_list: {text}"));
        list.as_array()
            .into_iter()
            .flatten()
            .find(|c| c["provider"] == provider && c["sandbox"] == true)
            .and_then(|c| c["id"].as_str())
            .unwrap_or_else(|| panic!("no sandbox {provider} connection in {text}"))
            .to_owned()
    }
}

#[cfg(test)]
mod unit {
    #[test]
    fn tiny_png_is_a_png_imagemagick_reads() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.png");
        std::fs::write(&p, super::tiny_png(24, 16)).unwrap();
        // `identify` (ImageMagick, in the Makefile's APT_PACKAGES) checks CRCs and the zlib stream.
        let Ok(out) = std::process::Command::new("identify").arg(&p).output() else {
            eprintln!("identify not installed; skipped");
            return;
        };
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && s.contains("PNG 24x16"),
            "{s} {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
