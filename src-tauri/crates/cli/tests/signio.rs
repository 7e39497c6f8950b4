//! `ventanilla-cli signio …` as a script runs it: JSON out, exit codes 0 / 1
//! (provider or state refusal) / 2 (bad input, nothing sent). A whole envelope
//! life across processes runs against `sandbox serve --provider signio`,
//! attached through VENTANILLA_SIGNIO_SANDBOX_URL (no keychain needed).

use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn cli(data: &Path, sandbox_url: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ventanilla-cli"));
    c.env("VENTANILLA_DATA_DIR", data)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("VENTANILLA_SIGNIO_SANDBOX_URL");
    if let Some(u) = sandbox_url {
        c.env("VENTANILLA_SIGNIO_SANDBOX_URL", u);
    }
    c
}

fn run(data: &Path, url: Option<&str>, args: &[&str]) -> (i32, serde_json::Value) {
    run_in(data, url, args, b"")
}

fn run_in(data: &Path, url: Option<&str>, args: &[&str], stdin: &[u8]) -> (i32, serde_json::Value) {
    let mut child = cli(data, url)
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
            "{args:?}: not JSON ({e}): {text} / {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), v)
}

fn ok(data: &Path, url: Option<&str>, args: &[&str]) -> serde_json::Value {
    let (code, v) = run(data, url, args);
    assert_eq!(code, 0, "{args:?}: {v}");
    v
}

struct Served(Child, String);

impl Drop for Served {
    fn drop(&mut self) {
        unsafe { libc::kill(self.0.id() as libc::pid_t, libc::SIGTERM) };
        let _ = self.0.wait();
    }
}

fn serve(data: &Path) -> (Served, serde_json::Value) {
    let mut child = cli(data, None)
        .args(["sandbox", "serve", "--provider", "signio"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    let creds = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    (Served(child, url), creds)
}

fn hex_sha(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

#[test]
fn a_whole_envelope_life_from_a_script() {
    let data = tempfile::tempdir().unwrap();
    let (served, creds) = serve(data.path());
    assert!(served.1.starts_with("http://127.0.0.1:"), "{}", served.1);
    assert!(creds["email"].as_str().unwrap().contains('@'), "{creds}");
    assert!(creds["password"].is_string(), "{creds}");
    let url = Some(served.1.as_str());
    let d = data.path();

    let id = ok(
        d,
        url,
        &[
            "signio",
            "envelope",
            "create",
            "--name",
            "Compraventa",
            "--allow-reject",
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pdf = b"%PDF-1.7 compraventa";
    let a = d.join("compraventa.pdf");
    std::fs::write(&a, pdf).unwrap();
    let b = d.join("anexo.xlsx");
    std::fs::write(&b, b"PK anexo").unwrap();
    let up = ok(
        d,
        url,
        &[
            "signio",
            "document",
            "upload",
            &id,
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
    );
    let up = up.as_array().unwrap();
    assert_eq!(up.len(), 2);
    assert_eq!(up[0]["sha256"], hex_sha(pdf));
    assert_eq!(up[0]["bytes"], pdf.len());
    let docs: Vec<String> = up
        .iter()
        .map(|u| u["documentId"].as_str().unwrap().to_owned())
        .collect();

    let mut signers = Vec::new();
    for n in 1..=2 {
        let s = ok(
            d,
            url,
            &[
                "signio",
                "signer",
                "add",
                &id,
                "--name",
                &format!("Firmante {n}"),
                "--identity-type",
                "CC",
                "--identity",
                &format!("7000{n}"),
                "--email",
                &format!("f{n}@ejemplo.co"),
                "--order",
                &n.to_string(),
            ],
        );
        signers.push(s["id"].as_str().unwrap().to_owned());
    }
    for s in &signers {
        for doc in &docs {
            ok(
                d,
                url,
                &[
                    "signio",
                    "signer",
                    "link",
                    &id,
                    "--signer",
                    s,
                    "--document",
                    doc,
                    "--position",
                    "1,300,700,120,50",
                ],
            );
        }
    }
    ok(d, url, &["signio", "envelope", "distribute", &id]);

    // Sent: delete is refused (state rule, exit 1), the envelope stays.
    let (code, err) = run(d, url, &["signio", "envelope", "delete", &id]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err["error"]["code"], "PROVIDER_REJECTED");

    ok(d, url, &["signio", "sandbox", "sign", &id]);
    let got = ok(d, url, &["signio", "envelope", "get", &id]);
    assert_eq!(got["status"], "completed");
    assert_eq!(got["signatures"].as_array().unwrap().len(), 4);

    let dest = d.join("firmado.pdf");
    let x = ok(
        d,
        url,
        &[
            "signio",
            "document",
            "export",
            &id,
            &docs[0],
            "--out",
            dest.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&dest).unwrap();
    assert!(
        bytes.starts_with(pdf) && bytes.len() > pdf.len(),
        "signed = original + signature"
    );
    assert_eq!(x["sha256"], hex_sha(&bytes));
    let folder = d.join("todos");
    std::fs::create_dir(&folder).unwrap();
    let all = ok(
        d,
        url,
        &[
            "signio",
            "document",
            "export",
            &id,
            "--all",
            "--dir",
            folder.to_str().unwrap(),
        ],
    );
    assert_eq!(all["documents"].as_array().unwrap().len(), 2);

    // History has the SHA-256 of the upload and of the export.
    let h = ok(
        d,
        None,
        &["history", "search", "document", "--provider", "signio"],
    );
    let text = h.to_string();
    assert!(
        text.contains(&hex_sha(pdf)) && text.contains(&hex_sha(&bytes)),
        "{text}"
    );
    assert!(!text.contains(creds["password"].as_str().unwrap()));

    // A completed envelope can't go back to draft; the cache knows it.
    let (code, _) = run(d, url, &["signio", "envelope", "return", &id]);
    assert_eq!(code, 1);
    let cached = ok(d, url, &["signio", "envelope", "cached"]);
    assert!(cached
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["envelope"]["id"] == id.as_str() && c["syncedAtMs"].is_number()));
}

#[test]
fn delete_after_return_and_bad_input_exits_2_before_sending() {
    let data = tempfile::tempdir().unwrap();
    let (served, _) = serve(data.path());
    let url = Some(served.1.as_str());
    let d = data.path();
    let id = ok(
        d,
        url,
        &["signio", "envelope", "create", "--name", "Borrador"],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let txt = d.join("notas.txt");
    std::fs::write(&txt, b"hola").unwrap();
    let good = d.join("ok.pdf");
    std::fs::write(&good, b"%PDF").unwrap();
    let (code, err) = run(
        d,
        url,
        &[
            "signio",
            "document",
            "upload",
            &id,
            good.to_str().unwrap(),
            txt.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(err["error"]["code"], "VALIDATION");
    // Nothing was sent, not even the good file.
    let got = ok(d, url, &["signio", "envelope", "get", &id]);
    assert!(got["documents"].as_array().unwrap().is_empty());

    let (code, err) = run(
        d,
        url,
        &[
            "signio",
            "signer",
            "add",
            &id,
            "--name",
            "X",
            "--identity-type",
            "ZZ",
            "--identity",
            "1",
            "--email",
            "no",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err["error"]["fields"]["identityType"]["code"], "one_of",
        "{err}"
    );
    assert_eq!(
        err["error"]["fields"]["email"]["code"], "invalid_email",
        "{err}"
    );

    // Prepare, send, return, delete.
    let doc = ok(
        d,
        url,
        &["signio", "document", "upload", &id, good.to_str().unwrap()],
    )[0]["documentId"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = ok(
        d,
        url,
        &[
            "signio",
            "signer",
            "add",
            &id,
            "--name",
            "Ana",
            "--identity-type",
            "CC",
            "--identity",
            "1",
            "--email",
            "ana@ejemplo.co",
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        d,
        url,
        &[
            "signio",
            "signer",
            "link",
            &id,
            "--signer",
            &s,
            "--document",
            &doc,
        ],
    );
    ok(d, url, &["signio", "envelope", "distribute", &id]);
    ok(d, url, &["signio", "envelope", "return", &id]);
    ok(d, url, &["signio", "envelope", "delete", &id]);
    let (code, err) = run(d, url, &["signio", "envelope", "get", &id]);
    assert_eq!(code, 1);
    assert_eq!(err["error"]["code"], "NOT_FOUND");
    // A malformed id never parses: exit 2 with the id's own message.
    let (code, err) = run(d, url, &["signio", "envelope", "get", "../admin"]);
    assert_eq!(code, 2, "{err}");
    let says = err["error"]["message"].as_str().unwrap();
    assert!(says.contains("must be a 36-character UUID"), "{says}");
}

#[test]
fn the_lazy_sandbox_answers_single_commands() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let list = ok(
        d,
        None,
        &["signio", "envelope", "list", "--status", "completed"],
    );
    let list = list.as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|e| e["status"] == "completed"));
    let conns = ok(d, None, &["connection", "list"]);
    assert!(conns
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "Sandbox SIGNIO"
            && c["provider"] == "signio"
            && c["sandbox"] == true));
    let t = ok(d, None, &["signio", "template", "list"]);
    assert!(!t.as_array().unwrap().is_empty());
    let (code, err) = run(
        d,
        None,
        &["signio", "envelope", "list", "--status", "perdido"],
    );
    assert_eq!(code, 2);
    assert!(err["error"]["fields"]["status"]["code"].is_string());
    let (code, err) = run_in(
        d,
        None,
        &[
            "connection",
            "add",
            "--provider",
            "signio",
            "--name",
            "X",
            "--base-url",
            "https://s.example.co",
            "--settings",
            "{\"token_lifetime_min\": 0}",
            "--secret-stdin",
        ],
        br#"{"email":"ana@ejemplo.co","password":"x"}"#,
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err["error"]["fields"]["settings.token_lifetime_min"]["code"] == "minutes_range",
        "{err}"
    );
}

#[test]
fn human_mode_shows_upload_progress_on_stderr() {
    let data = tempfile::tempdir().unwrap();
    let (served, _) = serve(data.path());
    let d = data.path();
    let id = ok(
        d,
        Some(&served.1),
        &["signio", "envelope", "create", "--name", "Progreso"],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let f = d.join("grande.pdf");
    std::fs::write(&f, vec![b'x'; 2 * 1024 * 1024]).unwrap();
    let out = cli(d, Some(&served.1))
        .args(["signio", "document", "upload", &id, f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("grande.pdf") && err.contains("100%"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("documentId"), "{stdout}");
    let _ = std::io::stdout().flush();
}

#[test]
fn create_sends_a_dedup_key_and_a_retry_with_it_makes_no_second_envelope() {
    let data = tempfile::tempdir().unwrap();
    let (served, _) = serve(data.path());
    let url = Some(served.1.as_str());
    let d = data.path();
    let create = |extra: &[&str]| {
        let mut args = vec!["signio", "envelope", "create", "--name", "Pagaré"];
        args.extend_from_slice(extra);
        ok(d, url, &args)
    };

    // A fresh UUID v4 per run, printed so a script can keep it.
    let first = create(&[]);
    let key = first["deduplicationKey"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 36, "{first}");
    assert_eq!(&key[14..15], "4", "UUID v4: {key}");
    let other = create(&[]);
    assert_ne!(other["deduplicationKey"], first["deduplicationKey"]);
    assert_ne!(other["id"], first["id"]);

    // The retry with the same key gets the first envelope back (SIGNIO 6.5).
    let again = create(&["--dedup-key", &key]);
    assert_eq!(again["id"], first["id"], "{again}");
    assert_eq!(again["deduplicationKey"], key);
    let all = ok(d, url, &["signio", "envelope", "list"]);
    let named = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"] == "Pagaré")
        .count();
    assert_eq!(named, 2, "{all}");

    // Too long for SIGNIO: refused before sending.
    let (code, err) = run(
        d,
        url,
        &[
            "signio",
            "envelope",
            "create",
            "--name",
            "X",
            "--dedup-key",
            &"k".repeat(37),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err["error"]["fields"]["deduplicationKey"]["code"] == "too_long",
        "{err}"
    );
}

#[test]
fn a_failed_create_says_which_key_to_retry_with() {
    let data = tempfile::tempdir().unwrap();
    // A loopback port where nothing listens: the request fails.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let (code, err) = run(
        data.path(),
        Some(&url),
        &[
            "signio",
            "envelope",
            "create",
            "--name",
            "Pagaré",
            "--dedup-key",
            "clave-de-prueba-1",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let msg = err["error"]["message"].as_str().unwrap();
    assert!(msg.contains("--dedup-key clave-de-prueba-1"), "{msg}");
}

#[test]
fn the_sandbox_url_variable_only_names_this_computer() {
    let data = tempfile::tempdir().unwrap();
    for bad in [
        "https://signio.example.com",
        "http://10.1.2.3:4200",
        "http://ana:s3creta@signio.example.com",
    ] {
        // Refused at start-up, whatever the command.
        let (code, err) = run(data.path(), Some(bad), &["connection", "list"]);
        assert_eq!(code, 2, "{bad}: {err}");
        let msg = err["error"]["fields"]["VENTANILLA_SIGNIO_SANDBOX_URL"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{err}"));
        assert!(msg.contains("on this computer"), "{msg}");
        assert!(!err.to_string().contains("s3creta"), "{err}");
    }
}

/// The README's "also:" SIGNIO commands and the spellings the CLI had before
/// the registry, against the lazy sandbox.
#[test]
fn readme_signio_lines_and_old_spellings_run() {
    let data = tempfile::tempdir().unwrap();
    let (served, _) = serve(data.path());
    let url = Some(served.1.as_str());
    let d = data.path();
    assert!(ok(d, url, &["signio", "tags"]).is_array());
    assert!(ok(d, url, &["signio", "tag", "list"]).is_array());
    assert!(ok(d, url, &["signio", "tenants"]).is_array());
    assert!(ok(d, url, &["signio", "base-envelopes"]).is_array());
    assert!(ok(d, url, &["signio", "envelope", "bases"]).is_array());
    let page = ok(
        d,
        url,
        &[
            "signio",
            "envelope",
            "search",
            "--status",
            "completed",
            "--sort",
            "name",
            "--desc",
        ],
    );
    assert!(page.is_object(), "{page}");

    // --input takes the envelope itself (as before) or the operation's input.
    let file = d.join("sobre.json");
    std::fs::write(&file, r#"{"name":"Desde archivo","tags":["a"]}"#).unwrap();
    let made = ok(
        d,
        url,
        &[
            "signio",
            "envelope",
            "create",
            "--input",
            file.to_str().unwrap(),
        ],
    );
    assert!(made["deduplicationKey"].is_string(), "{made}");
    std::fs::write(&file, r#"{"envelope":{"name":"Otra forma"}}"#).unwrap();
    let id = ok(
        d,
        url,
        &[
            "signio",
            "envelope",
            "create",
            "--input",
            file.to_str().unwrap(),
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let pdf = d.join("contrato.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    let doc = ok(
        d,
        url,
        &["signio", "document", "upload", &id, pdf.to_str().unwrap()],
    )[0]["documentId"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(d, url, &["signio", "document", "protect", &doc]);
    ok(d, url, &["signio", "document", "protect", &doc, "--off"]);
    let (_, rows) = run(d, url, &["history", "search", "document.unprotect"]);
    assert!(!rows.as_array().unwrap().is_empty(), "{rows}");

    let link = ok(d, url, &["signio", "magic-link", &id]);
    assert!(link.is_object(), "{link}");
    ok(d, url, &["signio", "envelope", "magic-link", &id]);
    // A draft is not pending signature: SIGNIO itself answers, so the
    // request was built from the flags and sent.
    let (code, err) = run(
        d,
        url,
        &[
            "signio",
            "onsite-url",
            &id,
            "--identity-type",
            "CC",
            "--identity",
            "52123456",
        ],
    );
    assert_eq!(
        (code, err["error"]["code"].as_str()),
        (1, Some("PROVIDER_REJECTED")),
        "{err}"
    );
    let (code, err) = run(d, url, &["signio", "onsite-url", &id, "--identity", "1"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err["error"]["fields"]["identityType"]["code"], "one_of",
        "{err}"
    );
    ok(d, url, &["signio", "template", "fields", &id]);
}
