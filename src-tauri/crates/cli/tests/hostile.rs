//! A hostile or broken provider, played over loopback by
//! `ventanilla_http::hostile`, against the real `ventanilla-cli` binary as a
//! script runs it. No keychain here, so the provider is reached through the
//! SIGNIO sandbox connection attached with VENTANILLA_SIGNIO_SANDBOX_URL
//! (demo credentials, memory only): the hostile server answers SIGNIO's
//! login (6.1) like SIGNIO, then misbehaves on the route under test.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ventanilla_http::hostile::{Behavior, HostileServer};

const LOGIN: &str = "POST /token/crear";
const DEMO_PASSWORD: &str = "Signio2024!";

fn login_ok() -> Behavior {
    Behavior::json(200, r#"{"codigo":"00","token":"hostile-token-123456"}"#)
}

struct Ran {
    code: i32,
    json: serde_json::Value,
    /// Peak resident memory of the process (KiB, from wait4's rusage).
    max_rss_kib: libc::c_long,
    took: Duration,
}

/// Runs the CLI (JSON output) with the SIGNIO sandbox attached to `url` and
/// every HTTP limit at 1.5 s; waits for it with wait4 to learn its peak memory.
#[allow(clippy::zombie_processes)] // reaped by wait4, which std's wait cannot replace
fn cli(data: &Path, url: &str, args: &[&str]) -> Ran {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ventanilla-cli"))
        .env("VENTANILLA_DATA_DIR", data)
        .env("VENTANILLA_SIGNIO_SANDBOX_URL", url)
        .env("VENTANILLA_HTTP_TIMEOUT_MS", "1500")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .arg("--json")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let mut status = 0;
    // SAFETY: plain wait4 on our own child, with valid out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(libc::WIFEXITED(status), "the CLI died: status {status}");
    let text = reader.join().unwrap();
    let json = serde_json::from_str(text.trim())
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {text}"));
    Ran {
        code: libc::WEXITSTATUS(status),
        json,
        max_rss_kib: usage.ru_maxrss,
        took: started.elapsed(),
    }
}

fn error_code(r: &Ran) -> &str {
    r.json["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_another_port_never_receives_a_credential() {
    let elsewhere = HostileServer::always(login_ok()).await;
    // The login (e-mail and password in a JSON body) is redirected: a 307
    // or 308 would re-post it.
    for status in [307u16, 308, 302] {
        let to = format!("{}/token/crear", elsewhere.base_url());
        let server = HostileServer::always(Behavior::redirect(status, to)).await;
        let data = tempfile::tempdir().unwrap();
        let url = server.base_url();
        let r = tokio::task::spawn_blocking({
            let d = data.path().to_owned();
            move || cli(&d, &url, &["signio", "envelope", "list"])
        })
        .await
        .unwrap();
        assert_eq!(r.code, 1, "{}", r.json);
        assert_eq!(error_code(&r), "REDIRECT", "{}", r.json);
        assert_eq!(r.json["error"]["retryable"], false);
        assert!(!r.json.to_string().contains(DEMO_PASSWORD));
        assert_eq!(server.lines(), [LOGIN]);
    }
    // After a good login, a redirected call carries no bearer token elsewhere.
    let server = HostileServer::start(vec![
        (LOGIN.to_string(), login_ok()),
        (
            "POST /transacciones/crear".to_string(),
            Behavior::redirect(307, format!("{}/transacciones/crear", elsewhere.base_url())),
        ),
    ])
    .await;
    let data = tempfile::tempdir().unwrap();
    let url = server.base_url();
    let r = tokio::task::spawn_blocking({
        let d = data.path().to_owned();
        move || {
            cli(
                &d,
                &url,
                &["signio", "envelope", "create", "--name", "Contrato"],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(error_code(&r), "REDIRECT", "{}", r.json);
    assert_eq!(server.lines(), [LOGIN, "POST /transacciones/crear"]);
    assert!(
        elsewhere.requests().is_empty(),
        "the other port received: {:?}",
        elsewhere.lines()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_reply_ends_in_a_clear_error_with_bounded_memory() {
    for (rules, what) in [
        (
            vec![(
                LOGIN,
                Behavior::Endless {
                    content_length: false,
                },
            )],
            "login",
        ),
        (
            vec![
                (LOGIN, login_ok()),
                (
                    "POST /transacciones/listar",
                    Behavior::Endless {
                        content_length: false,
                    },
                ),
            ],
            "list",
        ),
        (
            vec![
                (LOGIN, login_ok()),
                (
                    "POST /transacciones/listar",
                    Behavior::Endless {
                        content_length: true,
                    },
                ),
            ],
            "list, announced",
        ),
    ] {
        let server = HostileServer::start(rules).await;
        let data = tempfile::tempdir().unwrap();
        let url = server.base_url();
        let r = tokio::task::spawn_blocking({
            let d = data.path().to_owned();
            move || cli(&d, &url, &["signio", "envelope", "list"])
        })
        .await
        .unwrap();
        assert_eq!(r.code, 1, "{what}: {}", r.json);
        assert_eq!(error_code(&r), "RESPONSE_TOO_LARGE", "{what}: {}", r.json);
        assert!(
            r.json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("16 MiB"),
            "{}",
            r.json
        );
        assert!(r.max_rss_kib > 1024, "rusage was read: {}", r.max_rss_kib);
        assert!(
            r.max_rss_kib < 256 * 1024,
            "{what}: peak memory {} KiB",
            r.max_rss_kib
        );
        assert!(r.took < Duration::from_secs(30), "{what}: {:?}", r.took);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickling_reply_times_out() {
    let server = HostileServer::start(vec![
        (LOGIN, login_ok()),
        (
            "GET /envelopes",
            Behavior::Drip {
                every: Duration::from_millis(300),
                content_length: false,
            },
        ),
    ])
    .await;
    let data = tempfile::tempdir().unwrap();
    let url = server.base_url();
    let r = tokio::task::spawn_blocking({
        let d = data.path().to_owned();
        move || {
            cli(
                &d,
                &url,
                &["signio", "envelope", "search", "--name", "Contrato"],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(r.code, 1, "{}", r.json);
    assert_eq!(error_code(&r), "TIMEOUT", "{}", r.json);
    assert_eq!(r.json["error"]["retryable"], true);
    assert!(r.took < Duration::from_secs(15), "{:?}", r.took);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_that_stalls_after_being_accepted_is_outcome_unknown_with_a_history_row() {
    let server = HostileServer::start(vec![
        (LOGIN, login_ok()),
        ("POST /transacciones/crear", Behavior::Stall),
    ])
    .await;
    let data = tempfile::tempdir().unwrap();
    let url = server.base_url();
    let d = data.path().to_owned();
    let r = tokio::task::spawn_blocking({
        let (d, url) = (d.clone(), url.clone());
        move || {
            cli(
                &d,
                &url,
                &["signio", "envelope", "create", "--name", "Contrato marco"],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(r.code, 1, "{}", r.json);
    assert_eq!(error_code(&r), "OUTCOME_UNKNOWN", "{}", r.json);
    assert_eq!(r.json["error"]["retryable"], false);
    let message = r.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("may have been applied: check before retrying"),
        "{message}"
    );
    assert_eq!(
        server.lines(),
        [LOGIN, "POST /transacciones/crear"],
        "sent exactly once"
    );
    assert!(server.requests()[1].body.starts_with(b"{"));

    let h = tokio::task::spawn_blocking(move || {
        cli(
            &d,
            &url,
            &["history", "search", "envelope", "--provider", "signio"],
        )
    })
    .await
    .unwrap();
    assert_eq!(h.code, 0, "{}", h.json);
    let rows = h.json.as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["operation"] == "envelope.create")
        .unwrap_or_else(|| panic!("no envelope.create row: {}", h.json));
    assert_eq!(row["errorCode"], "OUTCOME_UNKNOWN", "{row}");
    assert_ne!(row["outcome"], "ok", "{row}");
}
