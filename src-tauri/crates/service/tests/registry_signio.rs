//! Every registered SIGNIO operation, run by name with JSON through
//! `Service::exec_json` against the simulator over loopback: a valid input
//! succeeds and leaves exactly one history row under the op's name (never
//! with the password, a token or an issued link); an invalid input is
//! refused with VALIDATION before anything is sent; a provider failure
//! reaches the caller as `{code, message, fields?, retryable}`.
//! A new operation without a row here fails `every_op_has_a_row`.

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use ventanilla_core::envelopes::*;
use ventanilla_core::history::HistoryQuery;
use ventanilla_core::op::{BoxFuture, Call, Host, OpVisitor, ProviderSpec};
use ventanilla_core::{ErrorCode, Result};
use ventanilla_provider_signio::model::*;
use ventanilla_provider_signio::ops::{
    DocumentUpload, EnvelopeCreate, EnvelopeDistribute, SignerAdd, SignerLinkDocument,
};
use ventanilla_provider_signio::sandbox::{demo_credentials, Fault};
use ventanilla_provider_signio::Signio;
use ventanilla_service::{Options, SandboxMode, Secrets, Service, SANDBOX_SIGNIO_NAME};

const CONN: &str = SANDBOX_SIGNIO_NAME;

/// The order the valid inputs run in (later ones use ids earlier ones made).
const ORDER: &[&str] = &[
    "tag.list",
    "tenant.list",
    "template.list",
    "envelope.bases",
    "envelope.list",
    "envelope.search",
    "envelope.create",
    "document.upload",
    "signer.add",
    "signer.link",
    "signer.order",
    "template.use",
    "template.fields",
    "template.update",
    "tve.upload",
    "tve.edit",
    "document.protect",
    "document.unprotect",
    "envelope.get",
    "envelope.magic_link",
    "envelope.distribute",
    "envelope.onsite_url",
    "envelope.return",
    "envelope.delete",
    "sandbox.sign",
    "document.export",
    "document.export_all",
    "sandbox.reject",
    "sandbox.return",
    "sandbox.suspend",
];

fn registered() -> Vec<&'static str> {
    struct Names(Vec<&'static str>);
    impl OpVisitor<Signio> for Names {
        fn op<O: Call<Signio>>(&mut self) {
            self.0.push(O::NAME);
        }
    }
    let mut n = Names(Vec::new());
    <Signio as ProviderSpec>::ops(&mut n);
    n.0
}

/// Files are paths; saves go to a folder of the test; links are kept.
struct TestHost {
    dir: PathBuf,
    links: Mutex<Vec<String>>,
}

impl Host for TestHost {
    fn file(&self, reference: &str) -> Result<PathBuf> {
        Ok(PathBuf::from(reference))
    }
    fn save_as<'a>(&'a self, suggested: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>> {
        Box::pin(async move { Ok(Some(self.dir.join("out").join(suggested))) })
    }
    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(async move { Ok(Some(self.dir.join("all"))) })
    }
    fn transfer(&self, _: Option<&str>, _: TransferKind, _: &str) -> TransferControl {
        TransferControl::default()
    }
    fn issued_link(&self, url: &str) {
        self.links.lock().unwrap().push(url.to_owned());
    }
}

#[derive(Default)]
struct Ids {
    envelope: String,
    document: String,
    signer: String,
    template: u64,
    template_document: String,
    template_field: String,
    tve_document: String,
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn signer_json(n: u32) -> Value {
    json!({
        "name": format!("Firmante {n}"),
        "identityType": "CC",
        "identity": format!("10203040{n}"),
        "email": format!("firmante{n}@ejemplo.co"),
        "order": 1,
        "onPremiseSignature": true,
    })
}

/// A sent envelope with one signer linked to one document.
async fn sent_envelope(svc: &Service, dir: &Path) -> (String, String) {
    let host = TestHost {
        dir: dir.to_path_buf(),
        links: Mutex::new(Vec::new()),
    };
    let envelope = NewEnvelope {
        name: "Para el simulador".into(),
        allow_reject: Some(true),
        signers_may_return: Some(true),
        ..Default::default()
    };
    let id = svc
        .exec::<Signio, _>(CONN, EnvelopeCreate { envelope }, &host)
        .await
        .unwrap();
    let file = write(dir, "firmar.pdf", b"%PDF-1.7 para firmar");
    let upload = DocumentUpload {
        envelope_id: id.parse().unwrap(),
        file,
        transfer_id: None,
    };
    let doc = svc
        .exec::<Signio, _>(CONN, upload, &host)
        .await
        .unwrap()
        .document_id;
    let add = SignerAdd {
        envelope_id: id.parse().unwrap(),
        signer: serde_json::from_value(signer_json(7)).unwrap(),
    };
    let signer = svc.exec::<Signio, _>(CONN, add, &host).await.unwrap();
    let link = SignerLinkDocument {
        envelope_id: id.parse().unwrap(),
        link: SignerLink {
            signer_id: signer.clone(),
            document_id: doc,
            ..Default::default()
        },
    };
    svc.exec::<Signio, _>(CONN, link, &host).await.unwrap();
    let distribute = EnvelopeDistribute {
        envelope_id: id.parse().unwrap(),
    };
    svc.exec::<Signio, _>(CONN, distribute, &host)
        .await
        .unwrap();
    (id, signer)
}

/// The valid input of each operation (preparing what it needs first).
async fn valid(name: &str, ids: &mut Ids, svc: &Service, dir: &Path) -> Value {
    let env = ids.envelope.clone();
    match name {
        "tag.list" | "tenant.list" | "template.list" | "envelope.bases" => json!({}),
        "envelope.list" => json!({"status": "draft"}),
        "envelope.search" => json!({"query": {"name": "a"}}),
        "envelope.create" => {
            json!({"envelope": {"name": "Tabla de operaciones", "onPremiseSignature": true}})
        }
        "document.upload" => {
            json!({"envelopeId": env, "file": write(dir, "contrato.pdf", b"%PDF-1.7 contrato"), "transferId": "t1"})
        }
        "signer.add" => json!({"envelopeId": env, "signer": signer_json(1)}),
        "signer.link" => {
            json!({"envelopeId": env, "link": {"signerId": ids.signer, "documentId": ids.document}})
        }
        "signer.order" => json!({"envelopeId": env, "signerId": ids.signer, "order": 1}),
        "template.use" => json!({"envelopeId": env, "templateId": ids.template, "fields": {}}),
        "template.fields" => json!({"envelopeId": env}),
        "template.update" => json!({
            "envelopeId": env,
            "documentId": ids.template_document,
            "fields": {ids.template_field.clone(): "valor"},
        }),
        "tve.upload" => json!({
            "envelopeId": env,
            "tve": {"kind": "BLANK", "templateId": "0", "consecutive": "77"},
            "document": write(dir, "pagare.pdf", b"%PDF-1.7 pagare"),
        }),
        "tve.edit" => json!({
            "envelopeId": env,
            "documentId": ids.tve_document,
            "tve": {"kind": "BLANK", "reference": "ref-2"},
        }),
        "document.protect" | "document.unprotect" => json!({"documentId": ids.document}),
        "envelope.get" | "envelope.magic_link" | "envelope.distribute" | "envelope.return" => {
            json!({"envelopeId": env})
        }
        "envelope.onsite_url" => json!({"request": {
            "envelopeId": env, "identityType": "CC", "identity": "102030401",
        }}),
        "envelope.delete" => {
            let envelope = NewEnvelope {
                name: "Para borrar".into(),
                ..Default::default()
            };
            let draft = svc
                .exec::<Signio, _>(
                    CONN,
                    EnvelopeCreate { envelope },
                    &ventanilla_core::op::NoHost,
                )
                .await
                .unwrap();
            json!({"envelopeId": draft})
        }
        "sandbox.sign" => {
            let distribute = EnvelopeDistribute {
                envelope_id: env.parse().unwrap(),
            };
            svc.exec::<Signio, _>(CONN, distribute, &ventanilla_core::op::NoHost)
                .await
                .unwrap();
            json!({"envelopeId": env})
        }
        "document.export" => {
            std::fs::create_dir_all(dir.join("out")).unwrap();
            json!({"envelopeId": env, "documentId": ids.document, "fileName": "firmado.pdf"})
        }
        "document.export_all" => {
            std::fs::create_dir_all(dir.join("all")).unwrap();
            json!({"envelopeId": env})
        }
        "sandbox.reject" => {
            let (e, s) = sent_envelope(svc, dir).await;
            json!({"envelopeId": e, "signerId": s})
        }
        "sandbox.return" => {
            let (e, s) = sent_envelope(svc, dir).await;
            json!({"envelopeId": e, "signerId": s, "observations": "falta una firma"})
        }
        "sandbox.suspend" => {
            let (e, _) = sent_envelope(svc, dir).await;
            json!({"envelopeId": e})
        }
        other => panic!("no valid input for {other}: add a row to this table"),
    }
}

/// What later steps need from an output.
fn remember(name: &str, out: &Value, ids: &mut Ids) {
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    match name {
        "template.list" => {
            ids.template = out
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["active"] == json!(true))
                .expect("an active template")["id"]
                .as_u64()
                .unwrap()
        }
        "envelope.create" => ids.envelope = s(out),
        "document.upload" => ids.document = s(&out["documentId"]),
        "signer.add" => ids.signer = s(out),
        "template.use" => ids.template_document = s(&out["id"]),
        "template.fields" => ids.template_field = s(&out[0]["name"]),
        "tve.upload" => ids.tve_document = s(out),
        _ => {}
    }
}

/// An input that fails `validate` (or does not parse): never sent.
fn invalid(name: &str) -> Value {
    let bad = "0"; // "0" is SIGNIO's "failed", never an id
    match name {
        "tag.list" | "tenant.list" | "template.list" | "envelope.bases" => json!("not an object"),
        "envelope.list" => json!({"status": "unknown"}),
        "envelope.search" => json!({"query": {"from": "ayer"}}),
        "envelope.create" => json!({"envelope": {"name": " "}}),
        "document.upload" => json!({"envelopeId": bad, "file": ""}),
        "signer.add" => json!({"envelopeId": bad, "signer": {}}),
        "signer.link" => json!({"envelopeId": bad, "link": {}}),
        "signer.order" => json!({"envelopeId": bad, "signerId": "s", "order": 0}),
        "template.use" => json!({"envelopeId": bad, "templateId": 0}),
        "template.update" => json!({"envelopeId": bad, "documentId": "d", "fields": {}}),
        "tve.upload" => json!({"envelopeId": bad, "tve": {"kind": "OTRO", "templateId": "1"}}),
        "tve.edit" => json!({"envelopeId": bad, "documentId": "d", "tve": {"kind": ""}}),
        "document.protect" | "document.unprotect" => json!({"documentId": " "}),
        "document.export" => json!({"envelopeId": bad, "documentId": ""}),
        "envelope.onsite_url" => json!({"request": {"envelopeId": bad}}),
        "sandbox.reject" | "sandbox.return" => {
            json!({"envelopeId": bad, "signerId": "s", "observations": "o"})
        }
        _ => json!({"envelopeId": bad}),
    }
}

async fn open(dir: &Path) -> Service {
    Service::open(Options {
        data_dir: dir.to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Eager,
    })
    .await
    .unwrap()
}

fn count(svc: &Service, op: &str) -> usize {
    svc.history_search(&HistoryQuery {
        limit: Some(10_000),
        ..Default::default()
    })
    .unwrap()
    .items
    .iter()
    .filter(|r| r.operation == op)
    .count()
}

fn assert_error_shape(name: &str, e: &ventanilla_core::Error) {
    let v = serde_json::to_value(e).unwrap();
    let o = v.as_object().unwrap();
    assert!(o["code"].is_string(), "{name}: {v}");
    assert!(o["message"].is_string(), "{name}: {v}");
    assert!(o["retryable"].is_boolean(), "{name}: {v}");
    if let Some(f) = o.get("fields") {
        assert!(f.is_object(), "{name}: {v}");
    }
    let keys: BTreeSet<&str> = o.keys().map(String::as_str).collect();
    assert!(
        keys.is_subset(&BTreeSet::from(["code", "message", "fields", "retryable"])),
        "{name}: {v}"
    );
}

#[test]
fn every_op_has_a_row() {
    let ops: BTreeSet<&str> = registered().into_iter().collect();
    let table: BTreeSet<&str> = ORDER.iter().copied().collect();
    assert_eq!(ORDER.len(), table.len(), "a name twice in ORDER");
    let missing: Vec<_> = ops.difference(&table).collect();
    assert!(missing.is_empty(), "ops without a row: {missing:?}");
    let stale: Vec<_> = table.difference(&ops).collect();
    assert!(stale.is_empty(), "rows of no op: {stale:?}");
}

#[tokio::test]
async fn every_op_runs_by_name_against_the_simulator() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let svc = open(&dir.join("data")).await;
    let host = TestHost {
        dir: dir.to_owned(),
        links: Mutex::new(Vec::new()),
    };
    let sim = |f: &dyn Fn(&ventanilla_provider_signio::sandbox::SimHandle)| {
        svc.with_signio_simulator(CONN, |h| f(h)).unwrap()
    };
    let mut ids = Ids::default();
    let names = registered();
    for name in ORDER {
        assert!(names.contains(name), "{name} is not registered");

        // Invalid: refused before anything is sent.
        sim(&|h| h.clear_requests());
        let err = svc
            .exec_json("signio", CONN, name, invalid(name), &host)
            .await
            .expect_err(name);
        assert_eq!(err.code, ErrorCode::Validation, "{name}: {err:?}");
        assert_error_shape(name, &err);
        let sent = svc.with_signio_simulator(CONN, |h| h.requests()).unwrap();
        assert!(
            sent.is_empty(),
            "{name}: an invalid input was sent: {sent:?}"
        );

        // Valid: exactly one new row under the op's name.
        let input = valid(name, &mut ids, &svc, dir).await;
        let before = count(&svc, name);
        let out = svc
            .exec_json("signio", CONN, name, input.clone(), &host)
            .await
            .unwrap_or_else(|e| panic!("{name} {input}: {e:?}"));
        assert_eq!(count(&svc, name), before + 1, "{name}: one history row");
        remember(name, &out, &mut ids);
    }

    // Provider failures reach the caller as the error shape.
    for name in ORDER.iter().filter(|n| !n.starts_with("sandbox.")) {
        let input = valid(name, &mut ids, &svc, dir).await;
        // 6.21 is a login, which injected faults spare: a disabled user.
        sim(&|h| h.inject_fault(Fault::InternalError, 20));
        sim(&|h| h.set_active(*name != "tenant.list", true));
        let r = svc.exec_json("signio", CONN, name, input, &host).await;
        sim(&|h| h.clear_faults());
        sim(&|h| h.set_active(true, true));
        let err = r.expect_err(name);
        assert_ne!(err.code, ErrorCode::Validation, "{name}: {err:?}");
        assert_error_shape(name, &err);
    }
    // The simulator's own refusal (an unknown signer) too.
    let (e, _) = sent_envelope(&svc, dir).await;
    let err = svc
        .exec_json(
            "signio",
            CONN,
            "sandbox.reject",
            json!({"envelopeId": e, "signerId": "nadie"}),
            &host,
        )
        .await
        .unwrap_err();
    assert_error_shape("sandbox.reject", &err);

    // Nothing recorded carries the password, a token or an issued link.
    let tokens = svc
        .with_signio_simulator(CONN, |h| h.issued_tokens())
        .unwrap();
    assert!(!tokens.is_empty());
    let links = host.links.lock().unwrap().clone();
    assert!(links.len() >= 2, "magic link and on-site URL: {links:?}");
    let mut secrets = vec![demo_credentials().password];
    secrets.extend(tokens);
    secrets.extend(links);
    let rows = svc
        .history_search(&HistoryQuery {
            limit: Some(10_000),
            ..Default::default()
        })
        .unwrap()
        .items;
    for r in &rows {
        let all = serde_json::to_string(r).unwrap();
        for s in &secrets {
            assert!(!all.contains(s.as_str()), "{}: {all}", r.operation);
        }
    }
}

/// An id is checked once, when the input is parsed: a bad one is a coded
/// error on its own field (not a generic "input" error), and nothing is sent.
#[tokio::test]
async fn a_bad_id_is_a_coded_error_on_its_field_and_nothing_is_sent() {
    let tmp = tempfile::tempdir().unwrap();
    let svc = open(&tmp.path().join("data")).await;
    let host = TestHost {
        dir: tmp.path().to_owned(),
        links: Mutex::new(Vec::new()),
    };
    svc.with_signio_simulator(CONN, |h| h.clear_requests())
        .unwrap();
    let fields = |input: Value| {
        let svc = &svc;
        let host = &host;
        async move {
            let e = svc
                .exec_json("signio", CONN, "envelope.get", input, host)
                .await
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
            serde_json::to_value(e).unwrap()["fields"].clone()
        }
    };
    let f = fields(json!({"envelopeId": "../admin"})).await;
    assert_eq!(f["envelopeId"]["code"], "invalid_uuid", "{f}");
    let f = fields(json!({"envelopeId": "0"})).await;
    assert_eq!(f["envelopeId"]["code"], "zero_id", "{f}");
    // Other shapes serde refuses: invalid_input on the path, or on "input".
    let f = fields(json!({"envelopeId": 5})).await;
    assert_eq!(f["envelopeId"]["code"], "invalid_input", "{f}");
    let f = fields(json!({})).await;
    assert_eq!(f["input"]["code"], "invalid_input", "{f}");
    let sent = svc.with_signio_simulator(CONN, |h| h.requests()).unwrap();
    assert!(sent.is_empty(), "a bad id was sent: {sent:?}");
}
