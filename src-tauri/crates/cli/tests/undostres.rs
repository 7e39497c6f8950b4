//! `ventanilla-cli undostres …` as a script runs it, against one simulator
//! (`sandbox serve --provider undostres`) shared by every command through
//! `VENTANILLA_UNDOSTRES_SANDBOX_URL`. No keychain here: the sandbox's
//! secrets live in memory.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Serve {
    child: Child,
    url: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

fn serve(data: &std::path::Path) -> (Serve, serde_json::Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ventanilla-cli"))
        .env("VENTANILLA_DATA_DIR", data)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .args(["sandbox", "serve", "--provider", "undostres"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    let creds = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    (Serve { child, url }, creds)
}

/// Runs one command with `--json`: exit code, stdout as JSON, stderr.
fn run(data: &std::path::Path, sim: &Serve, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ventanilla-cli"))
        .env("VENTANILLA_DATA_DIR", data)
        .env("VENTANILLA_UNDOSTRES_SANDBOX_URL", &sim.url)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .arg("--json")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (
        out.status.code().unwrap(),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SANDBOX: &str = "Sandbox UnDosTres";

#[test]
fn keys_accounts_and_sub_accounts_from_a_script() {
    let data = tempfile::tempdir().unwrap();
    let (sim, creds) = serve(data.path());
    assert!(sim.url.starts_with("http://127.0.0.1:"), "{}", sim.url);
    assert!(
        creds["user"].is_string() && creds["password"].is_string(),
        "{creds}"
    );
    let d = data.path();

    // Every connection's key: the sandbox starts with the demo key, ~10 days left.
    let (code, all, _) = run(d, &sim, &["undostres", "key", "status"]);
    assert_eq!(code, 0, "{all}");
    let first = &all[0];
    assert_eq!(first["connectionName"], "Sandbox UnDosTres");
    assert_eq!(first["level"], "soon", "{first}");
    assert_eq!(first["key"]["allowedIps"], serde_json::json!(["127.0.0.1"]));
    // `connection list` warns on stderr; stdout stays the list.
    let (code, list, stderr) = run(d, &sim, &["connection", "list"]);
    assert_eq!(code, 0);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["provider"] == "undostres"));
    assert!(
        stderr.contains("Sandbox UnDosTres") && stderr.contains("expires in"),
        "{stderr}"
    );

    // Invalid input: exit 2, the field named.
    let four = [
        "--ip", "1.1.1.1", "--ip", "1.1.1.2", "--ip", "1.1.1.3", "--ip", "1.1.1.4",
    ];
    let (code, e, _) = run(
        d,
        &sim,
        &[&["undostres", "key", "request"][..], &four].concat(),
    );
    assert_eq!(code, 2, "{e}");
    let ips = &e["error"]["fields"]["allowedIps"];
    assert_eq!(
        (&ips["code"], &ips["params"]["max"]),
        (&"ip_count".into(), &3.into()),
        "{e}"
    );
    assert!(ips["message"].as_str().unwrap().contains("at most 3"));
    let (code, e, _) = run(
        d,
        &sim,
        &["undostres", "account", "update", "--email", "x@y.mx"],
    );
    assert_eq!(code, 2, "{e}");
    assert_eq!(e["error"]["fields"]["email"]["code"], "not_editable", "{e}");

    // A rotation with two IPs: a new key, the old one valid for 24 h; no key printed.
    let (code, k, _) = run(
        d,
        &sim,
        &[
            "undostres",
            "key",
            "request",
            "--ip",
            "127.0.0.1",
            "--ip",
            "10.0.0.7",
        ],
    );
    assert_eq!(code, 0, "{k}");
    assert_eq!(k["last4"].as_str().unwrap().len(), 4);
    assert!(k["previousKeyExpiresAt"].is_string(), "{k}");
    assert!(k.get("apiKey").is_none() && k.get("api_key").is_none());

    // Accounts: the own one, one by positional id, an update, the tree.
    let (code, me, _) = run(d, &sim, &["undostres", "account", "get"]);
    assert_eq!(
        (code, me["companyId"].as_str()),
        (0, Some("UDT-1001")),
        "{me}"
    );
    let (code, gdl, _) = run(d, &sim, &["undostres", "account", "get", "UDT-1002"]);
    assert_eq!((code, gdl["depth"].as_u64()), (0, Some(1)), "{gdl}");
    let (code, up, _) = run(
        d,
        &sim,
        &[
            "undostres",
            "account",
            "update",
            "--names",
            "Norte",
            "--webhook",
            "https://hooks.norte.mx/a",
        ],
    );
    assert_eq!((code, up["names"].as_str()), (0, Some("Norte")), "{up}");
    let (code, e, _) = run(d, &sim, &["undostres", "account", "get", "UDT-9999"]);
    assert_eq!(code, 1, "a provider error: {e}");
    assert_eq!(e["error"]["code"], "NOT_FOUND");

    // A sub-account: credentials only with --reveal.
    let (code, sub, _) = run(
        d,
        &sim,
        &[
            "undostres",
            "subaccount",
            "create",
            "--parent",
            "UDT-1002",
            "--names",
            "Kiosco Andares",
        ],
    );
    assert_eq!(code, 0, "{sub}");
    assert!(sub.get("credentials").is_none() && !sub.to_string().contains("password"));
    assert_eq!(sub["connectionName"], "Kiosco Andares");
    let (code, shown, _) = run(
        d,
        &sim,
        &[
            "undostres",
            "subaccount",
            "create",
            "--names",
            "Sucursal León",
            "--reveal",
            "--connection",
            SANDBOX,
        ],
    );
    assert_eq!(code, 0, "{shown}");
    assert!(shown["credentials"]["user"].is_string(), "{shown}");
    assert!(shown["credentials"]["password"].as_str().unwrap().len() >= 8);
    // Several UnDosTres connections now: the sandbox is named.
    let (code, e, _) = run(d, &sim, &["undostres", "account", "tree"]);
    assert_eq!(code, 2, "{e}");
    let (code, tree, _) = run(
        d,
        &sim,
        &["undostres", "account", "tree", "--connection", SANDBOX],
    );
    assert_eq!(code, 0, "{tree}");
    assert!(tree["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["names"] == "Sucursal León" && n["createdHere"] == true));
    // History holds neither the password nor the key.
    let (_, hist, _) = run(d, &sim, &["history", "search", "subaccount"]);
    let pw = shown["credentials"]["password"].as_str().unwrap();
    assert!(!hist.to_string().contains(pw));
}
