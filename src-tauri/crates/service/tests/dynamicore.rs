//! DynamiCore through the service (`Service::exec_json`, as the app and the
//! CLI run it) against its simulator on loopback: a client's document
//! uploaded, sent to Mifiel, signed on the simulator and exported byte for
//! byte; Mifiel documents in the Envelopes inbox with their normalized
//! status; Conekta orders paid; invalid input never sent; and the SAT
//! password and .key contents in no reply, history row, database or log.

use serde_json::{json, Value};
use sha2::Digest;
use std::path::{Path, PathBuf};
use ventanilla_core::connection::ConnectionInput;
use ventanilla_core::envelopes::{EnvelopeStatus, TransferControl, TransferKind};
use ventanilla_core::op::{BoxFuture, Host};
use ventanilla_core::{ErrorCode, Result, SecretString};
use ventanilla_provider_dynamicore::sandbox::{Sim, SimConfig, DEMO_CLIENT_KEY, DEMO_SECRET};
use ventanilla_service::{Options, SandboxMode, Secrets, Service};

const CONN: &str = "DynamiCore Bajío";

/// Files are paths; a save goes to `out`.
struct TestHost {
    out: PathBuf,
}

impl Host for TestHost {
    fn file(&self, reference: &str) -> Result<PathBuf> {
        Ok(PathBuf::from(reference))
    }
    fn save_as<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>> {
        Box::pin(async move { Ok(Some(self.out.clone())) })
    }
    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(async { Ok(None) })
    }
    fn transfer(&self, _: Option<&str>, _: TransferKind, _: &str) -> TransferControl {
        TransferControl::default()
    }
}

async fn setup(dir: &Path) -> (Service, Sim) {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let svc = Service::open(Options {
        data_dir: dir.to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Off,
    })
    .await
    .unwrap();
    svc.add_connection(ConnectionInput {
        name: CONN.into(),
        provider: "dynamicore".into(),
        base_url: sim.base_url(),
        settings: None,
        secrets: Some(
            [("client_key", DEMO_CLIENT_KEY), ("secret", DEMO_SECRET)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), SecretString::new(v)))
                .collect(),
        ),
    })
    .await
    .unwrap();
    (svc, sim)
}

async fn op(svc: &Service, host: &TestHost, name: &str, input: Value) -> Result<Value> {
    svc.exec_json("dynamicore", CONN, name, input, host).await
}

fn sha256(bytes: &[u8]) -> String {
    hex(&sha2::Sha256::digest(bytes))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn inbox_status(svc: &Service, reference: &str) -> Option<(EnvelopeStatus, String)> {
    svc.cached_envelopes(CONN)
        .unwrap()
        .into_iter()
        .find(|c| c.envelope.id == reference)
        .map(|c| (c.envelope.status, c.envelope.name))
}

#[tokio::test]
async fn a_document_is_uploaded_sent_signed_and_exported_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, sim) = setup(dir.path()).await;
    let files = tempfile::tempdir().unwrap();
    let contract = files.path().join("Contrato de crédito.pdf");
    let original: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&contract, &original).unwrap();
    let out = files.path().join("firmado.pdf");
    let host = TestHost { out: out.clone() };

    let up = op(
        &svc,
        &host,
        "file.upload",
        json!({"clientId": "2", "field": "contrato_credito", "files": [contract.to_str().unwrap()]}),
    )
    .await
    .unwrap();
    assert_eq!(up["files"][0]["name"], "Contrato de crédito.pdf", "{up}");
    assert_eq!(up["files"][0]["bytes"], original.len());
    assert_eq!(up["files"][0]["sha256"], sha256(&original));
    assert_eq!(sim.files("2", "contrato_credito")[0].bytes, original);

    let sent = op(
        &svc,
        &host,
        "mifiel.create",
        json!({
            "clientId": "2", "field": "contrato_credito",
            "signatories": [{"name": "María José Hernández", "email": "mj.hernandez@ejemplo.mx", "taxId": "herm900215mx3"}],
            "daysToExpire": 30,
        }),
    )
    .await
    .unwrap();
    let reference = sent["reference"].as_str().unwrap().to_owned();
    assert_eq!(sent["status"], "sent", "{sent}");
    assert_eq!(sent["signers"][0]["taxId"], "HERM900215MX3");
    // 30 days to expire: Mifiel's date, in the future.
    let expires = sent["expiresAt"].as_str().unwrap();
    assert!(expires > sent["createdAt"].as_str().unwrap(), "{sent}");
    assert!(sent["signers"][0]["widgetId"].is_string(), "{sent}");
    assert_eq!(
        inbox_status(&svc, &reference),
        Some((EnvelopeStatus::Sent, "Contrato de crédito.pdf".into()))
    );

    // Not signed yet: nothing to export, and no file written.
    let e = op(
        &svc,
        &host,
        "mifiel.export",
        json!({ "reference": reference }),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected, "{e:?}");
    assert_eq!(e.fields.unwrap()["reference"].code, "not_signed_yet");
    assert!(!out.exists());

    // Every signer signs (the simulator's control); the inbox follows.
    let signed = op(
        &svc,
        &host,
        "sandbox.sign",
        json!({ "reference": reference }),
    )
    .await
    .unwrap();
    assert_eq!(signed["status"], "completed", "{signed}");
    assert_eq!(signed["signedCount"], 1);
    assert_eq!(
        inbox_status(&svc, &reference).map(|s| s.0),
        Some(EnvelopeStatus::Completed)
    );

    let x = op(
        &svc,
        &host,
        "mifiel.export",
        json!({ "reference": reference }),
    )
    .await
    .unwrap();
    assert_eq!(x["status"], "saved", "{x}");
    let pdf = &x["files"][0];
    assert_eq!(pdf["path"], out.display().to_string());
    assert_eq!(std::fs::read(&out).unwrap(), original, "not byte for byte");
    assert_eq!(pdf["bytes"], original.len());
    assert_eq!(pdf["sha256"], sha256(&original));
    let xml = &x["files"][1];
    assert_eq!(xml["name"], "firmado.xml", "{x}");
    let saved_xml = std::fs::read_to_string(files.path().join("firmado.xml")).unwrap();
    assert!(saved_xml.contains(&reference), "{saved_xml}");
    // No temporary file left beside them.
    let names: Vec<String> = std::fs::read_dir(files.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[tokio::test]
async fn the_demo_documents_show_in_the_inbox_in_every_state() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, sim) = setup(dir.path()).await;
    let host = TestHost {
        out: dir.path().join("x.pdf"),
    };
    let mut seen = Vec::new();
    for r in sim.document_references() {
        let v = op(&svc, &host, "mifiel.get", json!({ "reference": r }))
            .await
            .unwrap();
        seen.push(v["status"].as_str().unwrap().to_owned());
        assert!(v["name"].as_str().unwrap().ends_with(".pdf"), "{v}");
    }
    assert_eq!(seen, ["draft", "sent", "completed", "declined", "expired"]);
    let inbox = svc.inbox().unwrap();
    let mine: Vec<_> = inbox
        .iter()
        .filter(|c| c.provider == "dynamicore")
        .collect();
    assert_eq!(mine.len(), 5);
    let expired = mine
        .iter()
        .find(|c| c.envelope.status == EnvelopeStatus::Expired)
        .unwrap();
    assert!(
        expired.envelope.provider_status.starts_with("expired"),
        "{:?}",
        expired.envelope
    );
}

#[tokio::test]
async fn a_cash_order_is_created_paid_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, _sim) = setup(dir.path()).await;
    let host = TestHost {
        out: dir.path().join("x.pdf"),
    };
    let o = op(
        &svc,
        &host,
        "conekta.create",
        json!({
            "account": 101, "operation": 184,
            "customer": {"name": "Rafael López", "email": "rafael.lopez@ejemplo.mx"},
            "item": {"name": "Mensualidad", "unitPrice": 125050, "quantity": 2},
        }),
    )
    .await
    .unwrap();
    let id = o["id"].as_str().unwrap().to_owned();
    assert_eq!(o["amount"], 250_100);
    let before = op(&svc, &host, "conekta.get", json!({ "orderId": id }))
        .await
        .unwrap();
    assert_eq!(before["paymentStatus"], "pending_payment", "{before}");
    let paid = op(&svc, &host, "sandbox.pay", json!({ "orderId": id }))
        .await
        .unwrap();
    assert_eq!(paid["paymentStatus"], "paid");
    assert_eq!(paid["charges"]["data"][0]["status"], "paid");
    // The history row says it in the user's terms.
    let rows = svc.history().search(&Default::default()).unwrap().items;
    let created = rows
        .iter()
        .find(|r| r.operation == "conekta.create")
        .unwrap();
    assert_eq!(created.summary_code.as_deref(), Some("order_created"));
    assert!(created.summary.contains("$2,501.00"), "{}", created.summary);
}

#[tokio::test]
async fn invalid_input_is_refused_with_field_codes_and_never_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, sim) = setup(dir.path()).await;
    let files = tempfile::tempdir().unwrap();
    let empty = files.path().join("vacío.cer");
    std::fs::write(&empty, b"").unwrap();
    let big = files.path().join("grande.key");
    std::fs::write(&big, vec![1u8; 70 * 1024]).unwrap();
    let host = TestHost {
        out: files.path().join("x.pdf"),
    };
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "client.create",
            json!({"clientType": "17", "firstName": "Ana", "lastName": "Ruiz", "rfc": "RUAA991332XX1", "email": "ana@ejemplo.mx"}),
            "rfc",
            "rfc_date",
        ),
        (
            "sat.keys",
            json!({"client": "1", "type": "efirma", "password": "clave"}),
            "key",
            "sat_file_required",
        ),
        (
            "sat.keys",
            json!({"client": "1", "type": "efirma", "password": "clave",
                   "key": big.to_str().unwrap(), "cer": empty.to_str().unwrap()}),
            "key",
            "sat_file_too_large",
        ),
        (
            "sat.keys",
            json!({"client": "1", "type": "efirma", "password": "clave",
                   "key": big.to_str().unwrap(), "cer": empty.to_str().unwrap()}),
            "cer",
            "file_empty",
        ),
        (
            "client.sat",
            json!({"clientId": "1", "rfc": "LOOR830910GT7", "type": "ciec"}),
            "password",
            "blank",
        ),
        (
            "sat.sync",
            json!({"client": "1", "start": "2026-02-30", "end": "2026-03-01"}),
            "start",
            "iso_date",
        ),
        (
            "file.upload",
            json!({"clientId": "1", "field": "acta", "files": [files.path().join("no-existe.pdf").to_str().unwrap()]}),
            "files",
            "file_unreadable",
        ),
        (
            "mifiel.create",
            json!({"clientId": "1", "field": "contrato_0", "signatories": []}),
            "signatories",
            "signatories_required",
        ),
        (
            "conekta.create",
            json!({"account": 100, "operation": 184, "customer": {"name": "X"},
                   "item": {"name": "Y", "unitPrice": 0, "quantity": 1}}),
            "item.unitPrice",
            "positive_number",
        ),
        (
            "mifiel.get",
            json!({"reference": "../etc"}),
            "reference",
            "reference_format",
        ),
    ];
    for (name, input, field, code) in cases {
        let sent = sim.requests().len();
        let e = op(&svc, &host, name, input.clone()).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{name} {input}: {e:?}");
        let fields = e.fields.clone().unwrap_or_default();
        assert_eq!(
            fields.get(field).map(|f| f.code.as_str()),
            Some(code),
            "{name}: {fields:?}"
        );
        assert_eq!(sim.requests().len(), sent, "{name} sent {input}");
    }
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The SAT password and the .key file's contents (as bytes and as the
/// base64 sent) reach DynamiCore only: no reply, error, history row, the
/// database file or the log holds them, whether the call succeeds or fails.
#[tokio::test]
async fn canary_the_sat_password_and_key_never_leave_the_request() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    ventanilla_service::logging::init(dir.path());
    let (svc, _sim) = setup(dir.path()).await;
    let files = tempfile::tempdir().unwrap();
    const PASSWORD: &str = "Canario-SAT-pw-71c9e";
    const KEY_CANARY: &str = "CANARIO-LLAVE-PRIVADA-5b3f0a";
    let key = files.path().join("llave.key");
    std::fs::write(&key, format!("-----{KEY_CANARY}-----")).unwrap();
    let cer = files.path().join("certificado.cer");
    std::fs::write(&cer, b"MIIF certificado de prueba").unwrap();
    let host = TestHost {
        out: files.path().join("x.pdf"),
    };
    let efirma = |client: &str| {
        json!({"client": client, "type": "efirma", "password": PASSWORD,
               "key": key.to_str().unwrap(), "cer": cer.to_str().unwrap()})
    };
    let mut replies = Vec::new();
    let keep = |replies: &mut Vec<String>, r: Result<Value>| {
        replies.push(match r {
            Ok(v) => v.to_string(),
            Err(e) => serde_json::to_string(&e).unwrap(),
        })
    };
    let ok = op(&svc, &host, "sat.keys", efirma("1")).await;
    assert!(ok.is_ok(), "{ok:?}");
    keep(&mut replies, ok);
    // A client DynamiCore doesn't know: refused by the provider.
    let e = op(&svc, &host, "sat.keys", efirma("999")).await;
    assert_eq!(e.as_ref().unwrap_err().code, ErrorCode::NotFound);
    keep(&mut replies, e);
    keep(
        &mut replies,
        op(
            &svc,
            &host,
            "client.sat",
            json!({"clientId": "1", "rfc": "LOOR830910GT7", "password": PASSWORD,
                   "key": key.to_str().unwrap(), "cer": cer.to_str().unwrap()}),
        )
        .await,
    );
    keep(
        &mut replies,
        op(
            &svc,
            &host,
            "client.sat",
            json!({"clientId": "999", "rfc": "LOOR830910GT7", "password": PASSWORD, "type": "ciec"}),
        )
        .await,
    );
    keep(
        &mut replies,
        op(
            &svc,
            &host,
            "sat.keys",
            json!({"client": "1", "type": "ciec", "password": PASSWORD}),
        )
        .await,
    );
    let rows = svc.history().search(&Default::default()).unwrap().items;
    // Five operations and the connection.
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert_eq!(rows.iter().filter(|r| r.operation == "sat.keys").count(), 3);
    replies.push(serde_json::to_string(&rows).unwrap());

    let key_b64 = base64::engine::general_purpose::STANDARD.encode(std::fs::read(&key).unwrap());
    let canaries = [PASSWORD, KEY_CANARY, key_b64.as_str()];
    for r in &replies {
        for c in canaries {
            assert!(!r.contains(c), "a reply or row holds a secret: {r}");
        }
    }
    drop(svc);
    let all = all_files(dir.path());
    assert!(
        all.iter().any(|p| p.to_string_lossy().contains(".log")),
        "{all:?}"
    );
    assert!(
        all.iter().any(|p| p.to_string_lossy().contains(".sqlite3")),
        "{all:?}"
    );
    for p in all {
        let bytes = std::fs::read(&p).unwrap();
        for c in canaries {
            assert!(
                !bytes.windows(c.len()).any(|w| w == c.as_bytes()),
                "{} holds a secret",
                p.display()
            );
        }
    }
}

/// Progress reports seen: (bytes sent, total).
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(u64, Option<u64>)>>>;

/// A host whose transfers report progress and cancel at the first report.
struct CancellingHost {
    seen: Seen,
}

impl Host for CancellingHost {
    fn file(&self, reference: &str) -> Result<PathBuf> {
        Ok(PathBuf::from(reference))
    }
    fn save_as<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>> {
        Box::pin(async { Ok(None) })
    }
    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(async { Ok(None) })
    }
    fn transfer(&self, _: Option<&str>, kind: TransferKind, _: &str) -> TransferControl {
        assert_eq!(kind, TransferKind::Upload);
        let cancel = ventanilla_core::envelopes::CancelFlag::new();
        let (seen, flag) = (self.seen.clone(), cancel.clone());
        TransferControl {
            progress: Some(std::sync::Arc::new(move |p| {
                seen.lock().unwrap().push((p.transferred, p.total));
                if p.transferred > 0 {
                    flag.cancel();
                }
            })),
            cancel,
        }
    }
}

#[tokio::test]
async fn an_upload_reports_progress_and_a_cancel_keeps_nothing_at_the_provider() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, sim) = setup(dir.path()).await;
    let files = tempfile::tempdir().unwrap();
    let big = files.path().join("estados de cuenta.pdf");
    std::fs::write(&big, vec![7u8; 5 << 20]).unwrap();
    let host = CancellingHost {
        seen: Default::default(),
    };
    let e = svc
        .exec_json(
            "dynamicore",
            CONN,
            "file.upload",
            json!({"clientId": "1", "field": "estados_cuenta", "files": [big.to_str().unwrap()], "transferId": "t-1"}),
            &host,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled, "{e:?}");
    let seen = host.seen.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|(n, total)| *n > 0 && *total == Some(5 << 20)),
        "{seen:?}"
    );
    assert!(
        seen.iter().all(|(n, _)| *n < 5 << 20),
        "it was sent whole: {seen:?}"
    );
    assert!(sim.files("1", "estados_cuenta").is_empty());
}

#[tokio::test]
async fn testing_the_connection_proves_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, sim) = setup(dir.path()).await;
    let t = svc.test_connection(CONN).await.unwrap();
    assert!(t.ok, "{t:?}");
    assert!(
        t.message.contains("signature was accepted"),
        "{}",
        t.message
    );
    // The server's clock 10 minutes ahead: refused, and the message says why.
    sim.set_clock_skew_ms(600_000);
    let t = svc.test_connection(CONN).await.unwrap();
    assert!(!t.ok);
    assert_eq!(t.error.unwrap().code, ErrorCode::InvalidApiKey);
    assert!(t.message.contains("clock"), "{}", t.message);
    assert!(!t.message.contains(DEMO_SECRET));
}

/// A new user's sandbox inbox already holds the simulator's Mifiel
/// documents, one in every state: DynamiCore lists none, so the sandbox
/// reads them when it starts.
#[tokio::test]
async fn the_sandbox_inbox_starts_with_the_demo_documents() {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(Options {
        data_dir: dir.path().to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Eager,
    })
    .await
    .unwrap();
    let mut states: Vec<_> = svc
        .inbox()
        .unwrap()
        .into_iter()
        .filter(|c| c.provider == "dynamicore")
        .map(|c| c.envelope.status.as_str())
        .collect();
    states.sort();
    assert_eq!(
        states,
        ["completed", "declined", "draft", "expired", "sent"]
    );
}
