//! kill -9 in the middle of a write: the CLI sends a ticket to a BackOffice
//! that accepts the request and never answers, is killed while waiting, and
//! history still shows the write, as "unknown" (sent, not confirmed).
//!
//! A real connection needs a keychain, so the test runs its own private
//! D-Bus session with an unlocked gnome-keyring (as `make test` does for the
//! keychain test; `make deps` installs both).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A private session bus with an unlocked Secret Service; ended on drop.
struct Keyring {
    session: Child,
    address: String,
    dirs: tempfile::TempDir,
}

const SESSION: &str = r#"
printf 'ventanilla-test' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
for _ in $(seq 1 100); do
  if dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
       /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
     | grep -q 'boolean true'; then break; fi
  sleep 0.1
done
echo "$DBUS_SESSION_BUS_ADDRESS"
wait
"#;

impl Keyring {
    fn start() -> Keyring {
        let dirs = tempfile::tempdir().unwrap();
        for d in ["data", "config", "cache", "runtime"] {
            std::fs::create_dir(dirs.path().join(d)).unwrap();
        }
        let mut session = Command::new("dbus-run-session")
            .args(["--", "sh", "-c", SESSION])
            .envs(Self::xdg(dirs.path()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("dbus-run-session (installed by `make deps`)");
        let mut line = String::new();
        BufReader::new(session.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "no session bus: {line:?}");
        Keyring {
            session,
            address,
            dirs,
        }
    }

    fn xdg(base: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
        [
            ("XDG_DATA_HOME", "data"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_RUNTIME_DIR", "runtime"),
        ]
        .into_iter()
        .map(|(k, d)| (k.to_string(), base.join(d)))
        .collect()
    }

    fn cli(&self, data: &std::path::Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ventanilla-cli"));
        c.env("VENTANILLA_DATA_DIR", data)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .envs(Self::xdg(self.dirs.path()));
        c
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        // The whole group we started: dbus-run-session, its bus and the keyring.
        unsafe { libc::kill(-(self.session.id() as libc::pid_t), libc::SIGTERM) };
        let _ = self.session.wait();
    }
}

/// Logs in like the BackOffice and then holds every other request forever.
/// Returns its base URL and the paths it has received.
fn stalling_backoffice() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || serve(s, &log));
        }
    });
    (url, seen)
}

fn serve(stream: TcpStream, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end().to_ascii_lowercase();
            if h.is_empty() {
                break;
            }
            if let Some(v) = h.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        log.lock().unwrap().push(path.clone());
        if !path.contains("/login") {
            // Accepted, never answered.
            std::thread::sleep(Duration::from_secs(3600));
            return;
        }
        let exp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 3600;
        let token = ventanilla_provider_backoffice::jwt::sign_hs256(
            &serde_json::json!({"user_id": 1, "exp": exp}),
            b"fake",
        );
        let json = serde_json::json!({
            "token": token, "exp": "", "id": 1, "username": "ana",
            "sponsor": "", "referral_link": ""
        })
        .to_string();
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{json}",
            json.len()
        );
        if out.write_all(reply.as_bytes()).is_err() {
            return;
        }
    }
}

fn json_of(mut c: Command, args: &[&str], stdin: &[u8]) -> (i32, serde_json::Value) {
    let mut child = c
        .arg("--json")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {text} / {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

fn ticket_rows(k: &Keyring, data: &std::path::Path) -> Vec<serde_json::Value> {
    let (code, v) = json_of(k.cli(data), &["history", "search", "ticket"], b"");
    assert_eq!(code, 0, "{v}");
    v.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["operation"] == "ticket.create")
        .cloned()
        .collect()
}

#[test]
fn kill_9_mid_write_leaves_an_unknown_row_in_history() {
    let keyring = Keyring::start();
    let (url, seen) = stalling_backoffice();
    let data = tempfile::tempdir().unwrap();

    let (code, added) = json_of(
        keyring.cli(data.path()),
        &[
            "connection",
            "add",
            "--provider",
            "backoffice",
            "--name",
            "Hostil",
            "--base-url",
            &url,
            "--secret-stdin",
        ],
        br#"{"api_key":"k-1","username":"ana","password":"s3creta-1"}"#,
    );
    assert_eq!(code, 0, "{added}");

    let mut write = keyring.cli(data.path());
    write
        .args([
            "--json",
            "backoffice",
            "--connection",
            "Hostil",
            "ticket",
            "create",
            "--user",
            "7",
            "--subject",
            "Pago no reflejado",
            "--comment",
            "No aparece",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = write.spawn().unwrap();

    // Mid-write: the provider holds the request, the CLI waits for it.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !seen
        .lock()
        .unwrap()
        .iter()
        .any(|p| p.contains("user_tickets"))
    {
        assert!(
            Instant::now() < deadline,
            "the ticket never reached the provider"
        );
        assert!(child.try_wait().unwrap().is_none(), "the CLI ended early");
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success());

    let rows = ticket_rows(&keyring, data.path());
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert_eq!(r["outcome"], "unknown", "{r}");
    assert_eq!(r["target"], "user 7");
    assert_eq!(r["connectionName"], "Hostil");
    let summary = r["summary"].as_str().unwrap();
    assert!(summary.contains("not confirmed"), "{summary}");

    // The History filter finds it as outcome unknown.
    let (code, v) = json_of(
        keyring.cli(data.path()),
        &["history", "search", "ticket", "--outcome", "unknown"],
        b"",
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
}
