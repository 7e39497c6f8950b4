//! The real `ventanilla-cli` binary, as a script would run it. No D-Bus session
//! here, so these runs have no keychain: the sandbox works from memory and real
//! connections are refused with KEYCHAIN_UNAVAILABLE.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn cli(data: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ventanilla-cli"));
    c.env("VENTANILLA_DATA_DIR", data)
        .env_remove("DBUS_SESSION_BUS_ADDRESS");
    c
}

fn run_json(data: &std::path::Path, args: &[&str], stdin: &[u8]) -> (i32, serde_json::Value) {
    let mut child = cli(data)
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
    let v = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (out.status.code().unwrap(), v)
}

#[test]
fn sandbox_user_and_history_from_a_script() {
    let data = tempfile::tempdir().unwrap();
    let (code, user) = run_json(data.path(), &["backoffice", "user", "get", "7"], b"");
    assert_eq!(code, 0, "{user}");
    assert_eq!(user["id"], 7);
    assert!(user["username"].as_str().unwrap().len() > 2);

    let (code, found) = run_json(data.path(), &["history", "search", "user"], b"");
    assert_eq!(code, 0);
    assert_eq!(found[0]["operation"], "user.get");
    assert_eq!(found[0]["outcome"], "ok");
}

#[test]
fn bad_input_is_a_clear_json_error_with_exit_code_2() {
    let data = tempfile::tempdir().unwrap();
    let (code, err) = run_json(
        data.path(),
        &[
            "backoffice",
            "ticket",
            "create",
            "--user",
            "7",
            "--subject",
            "",
            "--comment",
            "hola",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert_eq!(err["error"]["code"], "VALIDATION");
    assert_eq!(err["error"]["fields"]["subject"]["code"], "blank");
    assert_eq!(
        err["error"]["fields"]["subject"]["message"],
        "can't be blank"
    );

    // Secrets that are not a JSON object, or not UTF-8, are refused before anything is stored.
    for stdin in [&b"api_key=x"[..], &[0xff, 0xfe, 0x00][..]] {
        let (code, err) = run_json(
            data.path(),
            &[
                "connection",
                "add",
                "--provider",
                "backoffice",
                "--name",
                "P",
                "--base-url",
                "https://x.mx",
                "--secret-stdin",
            ],
            stdin,
        );
        assert_eq!(code, 2, "{err}");
        assert!(
            err["error"]["fields"]["secrets"]["code"].is_string(),
            "{err}"
        );
    }
}

#[test]
fn real_connections_need_a_keychain() {
    let data = tempfile::tempdir().unwrap();
    let (code, err) = run_json(
        data.path(),
        &[
            "connection",
            "add",
            "--provider",
            "backoffice",
            "--name",
            "Producción",
            "--base-url",
            "https://bo.example.mx",
            "--secret-stdin",
        ],
        br#"{"api_key":"k-1","username":"ana","password":"s3creta"}"#,
    );
    assert_eq!(code, 1);
    assert_eq!(err["error"]["code"], "KEYCHAIN_UNAVAILABLE");
    assert!(!err.to_string().contains("s3creta"));
    let (_, list) = run_json(data.path(), &["connection", "list"], b"");
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["name"] != "Producción"));
}

#[test]
fn sandbox_serve_prints_url_then_credentials() {
    let mut child = cli(tempfile::tempdir().unwrap().path())
        .args(["sandbox", "serve", "--provider", "backoffice"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    let creds: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    for k in ["api_key", "username", "password"] {
        assert!(creds[k].is_string(), "{creds}");
    }
    // It really serves: the documented API-key error, word for word.
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"POST /api/v1/login/ HTTP/1.1\r\nHost: x\r\nx-api-key: nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut reply = String::new();
    std::io::Read::read_to_string(&mut s, &mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 403"), "{reply}");
    assert!(
        reply.contains(r#""error":"The API Key is not valid.""#),
        "{reply}"
    );
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(status.success(), "stops cleanly on SIGTERM: {status:?}");
}

#[test]
fn the_security_token_comes_from_stdin_never_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    // The old flag is gone; clap points at the new one.
    let out = cli(data.path())
        .args(["backoffice", "user", "edit", "7", "--token", "ABC123"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--token-stdin"), "{stderr}");

    // With --password-stdin too, the password is the first line and the
    // token the second: a blank second line is a token error, not a password one.
    let edit = [
        "backoffice",
        "user",
        "edit",
        "7",
        "--mobile",
        "5512345678",
        "--password-stdin",
        "--token-stdin",
    ];
    let (code, err) = run_json(data.path(), &edit, b"Secreta-123\n\n");
    assert_eq!(code, 2, "{err}");
    let fields = err["error"]["fields"].as_object().unwrap();
    assert!(fields.contains_key("token"), "{err}");
    assert!(!fields.contains_key("password"), "{err}");

    // A token on stdin is sent with the edit (the sandbox does not require one).
    let (code, user) = run_json(data.path(), &edit, b"Secreta-123\n ABC123 \n");
    assert_eq!(code, 0, "{user}");
    let (_, found) = run_json(data.path(), &["history", "search", "ABC123"], b"");
    assert_eq!(found.as_array().unwrap().len(), 0, "{found}");
}

/// `ventanilla-cli ops --json` lists every operation with its command line,
/// and every one of them is reachable: `<cli path> --help` succeeds.
#[test]
fn every_listed_operation_runs_from_its_cli_path() {
    let data = tempfile::tempdir().unwrap();
    let (code, ops) = run_json(data.path(), &["ops"], b"");
    assert_eq!(code, 0, "{ops}");
    let ops = ops.as_array().unwrap();
    assert!(ops.len() >= 48, "{} ops", ops.len());
    for op in ops {
        let path = op["cli"].as_str().unwrap();
        let out = cli(data.path())
            .args(path.split(' '))
            .arg("--help")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{} is not reachable as `{path}`: {}",
            op["name"],
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (code, signio) = run_json(data.path(), &["ops", "--provider", "signio"], b"");
    assert_eq!(code, 0);
    assert!(signio
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["provider"] == "signio"));
    let (code, err) = run_json(data.path(), &["ops", "--provider", "nope"], b"");
    assert_eq!(code, 2, "{err}");
    assert_eq!(err["error"]["code"], "VALIDATION");
}

/// The README's BackOffice lines and the spellings the CLI had before the
/// registry, against the lazy sandbox.
#[test]
fn readme_backoffice_lines_and_old_spellings_run() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ok = |args: &[&str], stdin: &[u8]| {
        let (code, v) = run_json(d, args, stdin);
        assert_eq!(code, 0, "{args:?}: {v}");
        v
    };
    let ok0 = |args: &[&str]| ok(args, b"");
    ok0(&["backoffice", "login"]);
    ok0(&["backoffice", "session", "login"]);
    ok0(&["backoffice", "user", "token", "7"]);
    ok0(&["backoffice", "user", "security-token", "7"]);
    for name in ["legs", "locales", "countries", "cashout-currencies"] {
        assert!(ok0(&["backoffice", "catalog", name]).is_array(), "{name}");
    }
    assert!(ok0(&["backoffice", "catalog", "list", "legs"]).is_array());
    for what in ["dashboard", "notices", "products", "team", "matrix"] {
        ok0(&["backoffice", what, "7"]);
        ok0(&["backoffice", "user", what, "7"]);
    }
    let wallet = [
        "backoffice",
        "wallet",
        "--wallet",
        "1",
        "--user",
        "7",
        "--page",
        "2",
    ];
    ok0(&wallet);
    ok0(&["backoffice", "resource", "categories"]);
    ok0(&["backoffice", "ticket", "list", "7"]);
    ok0(&[
        "backoffice",
        "ticket",
        "create",
        "--user",
        "8",
        "--subject",
        "Acceso",
        "--comment",
        "No puedo entrar",
    ]);
    ok0(&[
        "backoffice",
        "thread",
        "reply",
        "--ticket",
        "12",
        "--content",
        "Revisado",
    ]);
    let create = [
        "backoffice",
        "user",
        "create",
        "--sponsor",
        "admin",
        "--first-name",
        "Ana",
        "--last-name",
        "López",
        "--email",
        "ana@ejemplo.mx",
        "--user-name",
        "alopez",
        "--mobile",
        "5512345678",
        "--country-code",
        "MX",
    ];
    ok(&create, b"nueva-clave\n");
    // The password is the first stdin line: none is a password error.
    let (code, err) = run_json(d, &create, b"");
    assert_eq!(code, 2, "{err}");
    assert!(
        err["error"]["fields"]["password"]["code"].is_string(),
        "{err}"
    );
    ok0(&["backoffice", "user", "get", "7"]);
    let recent = ok0(&["backoffice", "recent-users"]);
    assert!(
        recent.as_array().unwrap().iter().any(|u| u["id"] == 7),
        "{recent}"
    );

    // The history names the operations, never the password.
    let (_, found) = run_json(d, &["history", "search", "user.create"], b"");
    assert!(!found.as_array().unwrap().is_empty());
    let (_, leaked) = run_json(d, &["history", "search", "nueva-clave"], b"");
    assert_eq!(leaked.as_array().unwrap().len(), 0, "{leaked}");
}
