//! `ventanilla-cli dynamicore …` as a script runs it, against one simulator
//! (`sandbox serve --provider dynamicore`) shared by every command through
//! `VENTANILLA_DYNAMICORE_SANDBOX_URL`: the command shapes of the issue,
//! exit codes (2: invalid input, nothing sent; 1: the provider refused),
//! the SAT password from stdin only, and a signed Mifiel document exported
//! with `--out` byte for byte.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
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

fn serve(data: &Path) -> (Serve, serde_json::Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ventanilla-cli"))
        .env("VENTANILLA_DATA_DIR", data)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .args(["sandbox", "serve", "--provider", "dynamicore"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    let creds = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    (Serve { child, url }, creds)
}

/// Runs one command with `--json` and `stdin`: exit code, stdout as JSON, stderr.
fn run_in(
    data: &Path,
    sim: &Serve,
    stdin: &str,
    args: &[&str],
) -> (i32, serde_json::Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ventanilla-cli"))
        .env("VENTANILLA_DATA_DIR", data)
        .env("VENTANILLA_DYNAMICORE_SANDBOX_URL", &sim.url)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .arg("--json")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (
        out.status.code().unwrap(),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(data: &Path, sim: &Serve, args: &[&str]) -> (i32, serde_json::Value, String) {
    run_in(data, sim, "", args)
}

#[test]
fn sandbox_serve_prints_the_url_then_the_demo_credentials() {
    let data = tempfile::tempdir().unwrap();
    let (sim, creds) = serve(data.path());
    assert!(sim.url.starts_with("http://127.0.0.1:"), "{}", sim.url);
    let keys: Vec<&String> = creds.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["client_key", "secret"], "{creds}");
    // The operations list names every DynamiCore operation with its section.
    let (code, ops, _) = run(data.path(), &sim, &["ops", "--provider", "dynamicore"]);
    assert_eq!(code, 0);
    let ops = ops.as_array().unwrap();
    assert_eq!(ops.len(), 24);
    assert!(ops
        .iter()
        .any(|o| o["cli"] == "dynamicore type create-client" && o["doc"] == "DYNAMICORE 1.3 #1"));
}

#[test]
fn clients_accounts_sat_and_orders_from_a_script() {
    let data = tempfile::tempdir().unwrap();
    let (sim, _) = serve(data.path());
    let d = data.path();

    let (code, t, _) = run(d, &sim, &["dynamicore", "catalog", "client"]);
    assert_eq!((code, t["total"].as_u64()), (0, Some(2)), "{t}");
    let (code, t, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "type",
            "create-product",
            "--name",
            "Arrendamiento",
            "--template",
            "rfc",
        ],
    );
    assert_eq!(code, 0, "{t}");
    assert_eq!(t["data"][0]["name"], "Arrendamiento");

    let (code, c, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "client",
            "create",
            "--client-type",
            "17",
            "--first-name",
            "Ana",
            "--last-name",
            "Ruiz Soto",
            "--rfc",
            "rusa900101ab1",
            "--email",
            "ana.ruiz@ejemplo.mx",
        ],
    );
    assert_eq!(code, 0, "{c}");
    assert_eq!(c["data"][0]["pii"]["rfc"], "RUSA900101AB1");
    let id = c["data"][0]["id"].as_str().unwrap().to_owned();
    let (code, u, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "client",
            "update",
            &id,
            "--email",
            "ana@ejemplo.mx",
        ],
    );
    assert_eq!(code, 0, "{u}");
    let (code, l, _) = run(d, &sim, &["dynamicore", "client", "list", "--id", &id]);
    assert_eq!(
        (code, &l["data"][0]["pii"]["email"]),
        (0, &"ana@ejemplo.mx".into()),
        "{l}"
    );

    // Invalid input: exit 2, the field named, nothing sent.
    let (code, e, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "client",
            "create",
            "--client-type",
            "17",
            "--first-name",
            "Ana",
            "--last-name",
            "Ruiz",
            "--rfc",
            "RUSA901301AB1",
            "--email",
            "ana@ejemplo.mx",
        ],
    );
    assert_eq!(code, 2, "{e}");
    assert_eq!(e["error"]["fields"]["rfc"]["code"], "rfc_date", "{e}");
    // The provider refuses: exit 1.
    let (code, e, _) = run(d, &sim, &["dynamicore", "client", "score", "999"]);
    assert_eq!(code, 1, "{e}");
    assert_eq!(e["error"]["code"], "NOT_FOUND", "{e}");

    // Accounts: an inactive one, and the demo account's >100 movements.
    let (code, a, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "account",
            "create",
            "--client",
            &id,
            "--product",
            "6",
            "--currency",
            "484",
            "--inactive",
        ],
    );
    assert_eq!(code, 0, "{a}");
    assert_eq!(a["data"][0]["enabled"], "0", "{a}");
    let (code, l, _) = run(d, &sim, &["dynamicore", "account", "list", "--client", &id]);
    assert_eq!((code, l["total"].as_u64()), (0, Some(1)), "{l}");
    let (code, t, _) = run(d, &sim, &["dynamicore", "account", "transactions", "100"]);
    assert_eq!(code, 0);
    assert!(t["total"].as_u64().unwrap() > 100, "{t}");

    // SAT: the password only from stdin; e.firma with the files given.
    let files = tempfile::tempdir().unwrap();
    let (key, cer) = (files.path().join("a.key"), files.path().join("a.cer"));
    std::fs::write(&key, b"llave de prueba").unwrap();
    std::fs::write(&cer, b"certificado de prueba").unwrap();
    let (code, k, _) = run_in(
        d,
        &sim,
        "Clave-SAT-stdin\n",
        &[
            "dynamicore",
            "sat",
            "keys",
            "--client",
            &id,
            "--type",
            "efirma",
            "--password-stdin",
            "--key",
            key.to_str().unwrap(),
            "--cer",
            cer.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{k}");
    assert!(!k.to_string().contains("Clave-SAT-stdin"), "{k}");
    // No password at all: refused before sending.
    let (code, e, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "sat",
            "keys",
            "--client",
            &id,
            "--type",
            "ciec",
        ],
    );
    assert_eq!(code, 2, "{e}");
    assert_eq!(e["error"]["fields"]["password"]["code"], "blank", "{e}");
    // There is no --password flag to put it in shell history.
    let (code, _, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "sat",
            "keys",
            "--client",
            &id,
            "--type",
            "ciec",
            "--password",
            "x",
        ],
    );
    assert_eq!(code, 2);
    let (code, s, _) = run_in(
        d,
        &sim,
        "Clave-SAT-stdin\n",
        &[
            "dynamicore",
            "client",
            "sat",
            "1",
            "--rfc",
            "LOOR830910GT7",
            "--password-stdin",
            "--key",
            key.to_str().unwrap(),
            "--cer",
            cer.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{s}");
    let (code, s, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "sat",
            "sync",
            "--client",
            &id,
            "--start",
            "2025-01-01",
            "--end",
            "2025-06-30",
        ],
    );
    assert_eq!(
        (code, &s["data"][0]["status"]),
        (0, &"queued".into()),
        "{s}"
    );
    let (code, s, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "sat",
            "data",
            "--client",
            "1",
            "--limit",
            "10",
            "--page",
            "2",
        ],
    );
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["data"].as_array().unwrap().len(), 10);

    // Conekta: an OXXO order, paid on the simulator.
    let (code, o, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "conekta",
            "create",
            "--account",
            "101",
            "--operation",
            "184",
            "--customer-name",
            "Ana Ruiz",
            "--customer-email",
            "ana@ejemplo.mx",
            "--item-name",
            "Mensualidad",
            "--unit-price",
            "125050",
            "--quantity",
            "1",
        ],
    );
    assert_eq!(code, 0, "{o}");
    let order = o["id"].as_str().unwrap().to_owned();
    let (code, p, _) = run(d, &sim, &["dynamicore", "sandbox", "pay", &order]);
    assert_eq!((code, &p["paymentStatus"]), (0, &"paid".into()), "{p}");
    let (code, g, _) = run(d, &sim, &["dynamicore", "conekta", "get", &order]);
    assert_eq!((code, &g["paymentStatus"]), (0, &"paid".into()), "{g}");

    // History names each command's operation; the password is in no row.
    let (code, h, _) = run(
        d,
        &sim,
        &["history", "search", "SAT", "--provider", "dynamicore"],
    );
    assert_eq!(code, 0, "{h}");
    let rows = h.as_array().unwrap();
    assert!(rows.iter().any(|r| r["operation"] == "sat.keys"), "{h}");
    assert!(!h.to_string().contains("Clave-SAT-stdin"), "{h}");
}

#[test]
fn a_mifiel_document_is_uploaded_signed_and_exported_with_out() {
    let data = tempfile::tempdir().unwrap();
    let (sim, _) = serve(data.path());
    let d = data.path();
    let files = tempfile::tempdir().unwrap();
    let pdf = files.path().join("pagaré.pdf");
    let original: Vec<u8> = (0..200_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&pdf, &original).unwrap();

    let (code, u, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "file",
            "upload",
            "3",
            "pagare",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{u}");
    assert_eq!(u["files"][0]["name"], "pagaré.pdf");
    let (code, m, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "mifiel",
            "create",
            "--client",
            "3",
            "--field",
            "pagare",
            "--signer",
            "Ximena Peña <ximena.pena@ejemplo.mx> PEAX880730KJ2",
            "--viewer",
            "Rafael López <rafael.lopez@ejemplo.mx>",
            "--days-to-expire",
            "15",
        ],
    );
    assert_eq!(code, 0, "{m}");
    assert_eq!(m["status"], "sent");
    let reference = m["reference"].as_str().unwrap().to_owned();
    let out = files.path().join("pagaré firmado.pdf");
    // Not signed yet: the provider's refusal, exit 1, no file.
    let (code, e, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "mifiel",
            "export",
            &reference,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{e}");
    assert!(!out.exists());

    let (code, s, _) = run(d, &sim, &["dynamicore", "sandbox", "sign", &reference]);
    assert_eq!((code, &s["status"]), (0, &"completed".into()), "{s}");
    let (code, g, _) = run(d, &sim, &["dynamicore", "mifiel", "get", &reference]);
    assert_eq!((code, &g["signers"][0]["signed"]), (0, &true.into()), "{g}");
    let (code, x, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "mifiel",
            "export",
            &reference,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{x}");
    assert_eq!(std::fs::read(&out).unwrap(), original, "not byte for byte");
    use sha2::Digest;
    let sha: String = sha2::Sha256::digest(&original)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(x["files"][0]["sha256"], sha, "{x}");
    assert_eq!(x["files"][0]["bytes"], original.len());
    assert!(files.path().join("pagaré firmado.xml").exists());

    // A malformed --signer is the command line's fault: exit 2.
    let (code, e, _) = run(
        d,
        &sim,
        &[
            "dynamicore",
            "mifiel",
            "create",
            "--client",
            "3",
            "--field",
            "pagare",
            "--signer",
            "solo un nombre",
        ],
    );
    assert_eq!(code, 2, "{e}");
}
