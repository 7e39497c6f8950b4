//! SIGNIO through the service: the sandbox connection, every step of an
//! envelope's life recorded in history, files checked before anything is
//! sent, uploads that fail or are cancelled explained, exports byte-exact.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ventanilla_core::connection::ConnectionInput;
use ventanilla_core::envelopes::*;
use ventanilla_core::history::{HistoryQuery, OperationRecord, Outcome};
use ventanilla_core::op::{BoxFuture, Host};
use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_provider_signio::model::*;
use ventanilla_provider_signio::ops::*;
use ventanilla_provider_signio::sandbox::{SimConfig, Simulator};
use ventanilla_provider_signio::Signio;
use ventanilla_service::{Options, SandboxMode, Secrets, Service, SANDBOX_SIGNIO_NAME};

async fn open(dir: &Path, sandbox: SandboxMode) -> Service {
    Service::open(Options {
        data_dir: dir.to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox,
    })
    .await
    .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn signer(n: u32) -> NewSigner {
    NewSigner {
        name: format!("Firmante {n}"),
        identity_type: "CC".into(),
        identity: format!("10203040{n}"),
        email: format!("firmante{n}@ejemplo.co"),
        order: Some(n),
        ..Default::default()
    }
}

fn rows(svc: &Service, op: &str) -> Vec<OperationRecord> {
    svc.history_search(&HistoryQuery {
        limit: Some(1000),
        ..Default::default()
    })
    .unwrap()
    .items
    .into_iter()
    .filter(|r| r.operation == op)
    .collect()
}

fn hex_sha(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

fn named(name: &str) -> NewEnvelope {
    NewEnvelope {
        name: name.into(),
        allow_reject: Some(true),
        signers_may_return: Some(true),
        ..Default::default()
    }
}

/// create → two documents → two signers, each linked to both → ready to distribute.
async fn prepared(svc: &Service, files: &Path) -> (String, Vec<String>, Vec<String>) {
    let sg = SANDBOX_SIGNIO_NAME;
    let id = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeCreate {
                envelope: named("Contrato de arrendamiento"),
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    let a = write(files, "contrato.pdf", b"%PDF-1.7 contrato de arrendamiento");
    let b = write(files, "anexo.docx", b"PK\x03\x04 anexo de inventario");
    let mut docs = Vec::new();
    for f in [&a, &b] {
        docs.push(
            svc.exec::<Signio, _>(
                sg,
                DocumentUpload {
                    envelope_id: id.to_string().parse().unwrap(),
                    file: f.to_string_lossy().into_owned(),
                    transfer_id: None,
                },
                &Paths::default(),
            )
            .await
            .unwrap()
            .document_id,
        );
    }
    let mut signers = Vec::new();
    for n in [1, 2] {
        signers.push(
            svc.exec::<Signio, _>(
                sg,
                SignerAdd {
                    envelope_id: id.to_string().parse().unwrap(),
                    signer: signer(n),
                },
                &Paths::default(),
            )
            .await
            .unwrap(),
        );
    }
    for s in &signers {
        for d in &docs {
            svc.exec::<Signio, _>(
                sg,
                SignerLinkDocument {
                    envelope_id: id.to_string().parse().unwrap(),
                    link: SignerLink {
                        signer_id: s.clone(),
                        document_id: d.clone(),
                        position: Some(StampPosition {
                            page: 1,
                            height: 50,
                            width: 120,
                            x: 300,
                            y: 700,
                        }),
                        ..Default::default()
                    },
                },
                &Paths::default(),
            )
            .await
            .unwrap();
        }
    }
    svc.exec::<Signio, _>(
        sg,
        SignerOrder {
            envelope_id: id.to_string().parse().unwrap(),
            signer_id: signers[1].to_string().parse().unwrap(),
            order: 2,
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    (id, docs, signers)
}

#[tokio::test]
async fn create_upload_sign_and_export_the_exact_signed_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager).await;
    let sg = SANDBOX_SIGNIO_NAME;
    let (id, docs, _) = prepared(&svc, dir.path()).await;
    assert_eq!(
        svc.exec::<Signio, _>(
            sg,
            EnvelopeGet {
                envelope_id: id.parse().unwrap()
            },
            &Paths::default()
        )
        .await
        .unwrap()
        .status,
        EnvelopeStatus::Draft,
        "a new envelope is a draft"
    );
    svc.exec::<Signio, _>(
        sg,
        EnvelopeDistribute {
            envelope_id: id.to_string().parse().unwrap(),
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    svc.exec::<Signio, _>(
        sg,
        SandboxSign {
            envelope_id: id.to_string().parse().unwrap(),
            signer_id: None,
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    let detail = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeGet {
                envelope_id: id.to_string().parse().unwrap(),
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    assert_eq!(detail.status, EnvelopeStatus::Completed);
    assert_eq!(detail.signatures.len(), 4, "two signers × two documents");

    // One document through a chosen path…
    let one = dir.path().join("firmado.pdf");
    let export = ExportDocument {
        envelope_id: id.parse().unwrap(),
        document_id: docs[0].parse().unwrap(),
        file_name: None,
        transfer_id: None,
    };
    let host = Paths(TransferControl::default(), Some(one.clone()));
    let DocumentExport::Saved { bytes, sha256, .. } =
        svc.exec::<Signio, _>(sg, export, &host).await.unwrap()
    else {
        panic!("not cancelled")
    };
    let expected = svc
        .with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| {
            h.signed_document_bytes(&id, &docs[0]).unwrap()
        })
        .unwrap();
    assert_eq!(std::fs::read(&one).unwrap(), expected);
    assert_eq!(sha256, hex_sha(&expected));
    assert_eq!(bytes, expected.len() as u64);

    // …and all of them into a folder, never overwriting what is there.
    let folder = dir.path().join("exportados");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "contrato.pdf", b"ya estaba");
    let all = saved_all(
        svc.exec::<Signio, _>(
            sg,
            ExportAllDocuments {
                envelope_id: id.parse().unwrap(),
                transfer_id: None,
            },
            &Paths(TransferControl::default(), Some(folder.to_path_buf())),
        )
        .await
        .unwrap(),
    );
    assert!(all.failed.is_empty(), "{:?}", all.failed);
    assert_eq!(all.documents.len(), 2);
    assert_eq!(
        std::fs::read(folder.join("contrato.pdf")).unwrap(),
        b"ya estaba"
    );
    for (x, d) in all.documents.iter().zip(&docs) {
        let want = svc
            .with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| h.signed_document_bytes(&id, d))
            .unwrap()
            .unwrap();
        assert_eq!(std::fs::read(&x.path).unwrap(), want, "{}", x.path);
    }
    assert!(all.documents[0].path.ends_with("contrato (2).pdf"));

    // History: uploads and exports carry name, size, SHA-256 and duration.
    let ups = rows(&svc, "document.upload");
    assert_eq!(ups.len(), 2);
    let pdf = b"%PDF-1.7 contrato de arrendamiento";
    let up = ups
        .iter()
        .find(|r| r.summary.contains("contrato.pdf"))
        .unwrap();
    assert!(
        up.summary.contains(&format!("{} bytes", pdf.len())),
        "{}",
        up.summary
    );
    assert!(up.summary.contains(&hex_sha(pdf)), "{}", up.summary);
    assert!(up.summary.contains(" ms"), "{}", up.summary);
    let exports = rows(&svc, "document.export");
    assert_eq!(exports.len(), 1);
    assert!(exports
        .iter()
        .any(|r| r.summary.contains(&sha256) && r.summary.contains("firmado.pdf")));
    // Exporting them all is one operation: one row naming every file.
    let all_rows = rows(&svc, "document.export_all");
    assert_eq!(all_rows.len(), 1);
    for x in &all.documents {
        assert!(
            all_rows[0].summary.contains(&x.sha256),
            "{}",
            all_rows[0].summary
        );
    }
    for op in [
        "envelope.create",
        "signer.add",
        "signer.link",
        "signer.order",
        "envelope.distribute",
        "sandbox.sign",
    ] {
        assert!(
            rows(&svc, op).iter().all(|r| r.outcome == Outcome::Ok) && !rows(&svc, op).is_empty(),
            "{op}"
        );
    }
    // No secret anywhere in history.
    let mut csv = Vec::new();
    svc.history()
        .export_csv(&HistoryQuery::default(), &mut csv)
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let creds = ventanilla_provider_signio::sandbox::demo_credentials();
    assert!(!csv.contains(&creds.password));
    assert!(!csv.contains(&creds.email));

    // The inbox opens from the cache, with the latest known status.
    let cached = svc.cached_envelopes(sg).unwrap();
    let mine = cached.iter().find(|c| c.envelope.id == id).unwrap();
    assert_eq!(mine.envelope.status, EnvelopeStatus::Completed);
    assert!(mine.synced_at_ms > 0);
}

#[tokio::test]
async fn delete_is_refused_once_sent_and_allowed_after_return() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager).await;
    let sg = SANDBOX_SIGNIO_NAME;
    let (id, _, _) = prepared(&svc, dir.path()).await;
    svc.exec::<Signio, _>(
        sg,
        EnvelopeDistribute {
            envelope_id: id.to_string().parse().unwrap(),
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    let err = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeDelete {
                envelope_id: id.to_string().parse().unwrap(),
            },
            &Paths::default(),
        )
        .await
        .unwrap_err();
    assert_ne!(
        err.code,
        ErrorCode::Validation,
        "the provider refuses: {err:?}"
    );
    let why: Vec<String> = err
        .fields
        .clone()
        .unwrap_or_default()
        .into_values()
        .map(|e| e.message)
        .collect();
    assert!(why.iter().any(|m| m.contains("elaboración")), "{err:?}");
    assert_eq!(
        svc.with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| h.state(&id))
            .unwrap(),
        Some(2)
    );
    // The state rules the UI shows agree.
    let actions = Service::envelope_actions(
        svc.exec::<Signio, _>(
            sg,
            EnvelopeGet {
                envelope_id: id.to_string().parse().unwrap(),
            },
            &Paths::default(),
        )
        .await
        .unwrap()
        .status,
    );
    assert!(!actions.delete.enabled && actions.return_to_draft.enabled);

    svc.exec::<Signio, _>(
        sg,
        EnvelopeReturn {
            envelope_id: id.to_string().parse().unwrap(),
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    svc.exec::<Signio, _>(
        sg,
        EnvelopeDelete {
            envelope_id: id.to_string().parse().unwrap(),
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        svc.with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| h.state(&id))
            .unwrap(),
        None
    );
    assert!(svc
        .cached_envelopes(sg)
        .unwrap()
        .iter()
        .all(|c| c.envelope.id != id));
    let del = rows(&svc, "envelope.delete");
    assert_eq!(del.len(), 2);
    assert_eq!(
        del[1].outcome,
        Outcome::Error,
        "oldest last: the refused one"
    );
    assert_eq!(del[0].outcome, Outcome::Ok);
}

#[tokio::test]
async fn wrong_files_are_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager).await;
    let sg = SANDBOX_SIGNIO_NAME;
    let id = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeCreate {
                envelope: named("Solo validación"),
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    let bad = [
        write(dir.path(), "foto.jpeg", b"jpeg"),
        write(dir.path(), "notas.txt", b"texto"),
        write(dir.path(), "vacio.pdf", b""),
        dir.path().join("no-existe.pdf"),
    ];
    let good = write(dir.path(), "ok.pdf", b"%PDF");
    let checks = ventanilla_service::Service::check_files(&[bad.to_vec(), vec![good]].concat());
    let code = |i: usize| checks[i].error.as_ref().unwrap().code.as_str();
    assert_eq!(code(0), "file_type");
    assert!(checks[0].error.as_ref().unwrap().message.contains(".jpg"));
    assert_eq!(code(1), "file_type");
    assert_eq!(code(2), "file_empty");
    assert_eq!(code(3), "file_unreadable");
    // The webview gets the file's name, never where it lives.
    let missing = checks[3].error.as_ref().unwrap();
    assert_eq!(missing.params["name"], "no-existe.pdf");
    let dir_text = dir.path().display().to_string();
    let json = serde_json::to_string(&checks.iter().map(|c| &c.error).collect::<Vec<_>>()).unwrap();
    assert!(!json.contains(&dir_text), "{json}");
    assert!(checks[4].error.is_none() && checks[4].size == 4);

    svc.with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| h.clear_requests())
        .unwrap();
    for f in &bad {
        let err = svc
            .exec::<Signio, _>(
                sg,
                DocumentUpload {
                    envelope_id: id.to_string().parse().unwrap(),
                    file: f.to_string_lossy().into_owned(),
                    transfer_id: None,
                },
                &Paths::default(),
            )
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert!(err.fields.unwrap().contains_key("file"));
    }
    // An envelope id of "0" (SIGNIO's "failed") never parses into an input.
    let input = serde_json::json!({"envelopeId": "0", "file": bad[0]});
    let err = svc
        .exec_json("signio", sg, "document.upload", input, &Paths::default())
        .await
        .unwrap_err();
    let f = err.fields.unwrap();
    assert_eq!(f["envelopeId"].code, "zero_id", "{f:?}");
    let err = svc
        .exec::<Signio, _>(
            sg,
            SignerAdd {
                envelope_id: id.to_string().parse().unwrap(),
                signer: NewSigner {
                    identity_type: "XX".into(),
                    email: "sin-arroba".into(),
                    name: "n".repeat(51),
                    ..signer(1)
                },
            },
            &Paths::default(),
        )
        .await
        .unwrap_err();
    let f = err.fields.unwrap();
    for k in ["identityType", "email", "name"] {
        assert!(f.contains_key(k), "{k}: {f:?}");
    }
    let sent = svc
        .with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| h.requests())
        .unwrap();
    assert!(sent.is_empty(), "sent: {sent:?}");
    assert_eq!(
        rows(&svc, "document.upload")
            .iter()
            .filter(|r| r.error_code.as_deref() == Some("VALIDATION"))
            .count(),
        4,
        "one row per refused file (an input that does not parse is no operation)"
    );
}

#[tokio::test]
async fn a_cancelled_upload_says_nothing_was_kept_and_nothing_was() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager).await;
    let sg = SANDBOX_SIGNIO_NAME;
    let id = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeCreate {
                envelope: named("Cancelación"),
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    let big = write(dir.path(), "grande.pdf", &vec![b'x'; 16 * 1024 * 1024]);
    let files_before = svc
        .with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| h.stored_files())
        .unwrap();
    let cancel = CancelFlag::new();
    let flag = cancel.clone();
    let control = TransferControl {
        progress: Some(Arc::new(move |p: TransferProgress| {
            if p.transferred > 0 {
                flag.cancel();
            }
        })),
        cancel,
    };
    let err = svc
        .exec::<Signio, _>(
            sg,
            DocumentUpload {
                envelope_id: id.to_string().parse().unwrap(),
                file: big.to_string_lossy().into_owned(),
                transfer_id: None,
            },
            &Paths(control.clone(), None),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert!(err.message.contains("nothing was added"), "{}", err.message);
    let (docs, files) = svc
        .with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| {
            (h.document_count(&id), h.stored_files())
        })
        .unwrap();
    assert_eq!(docs, Some(0));
    // Give the simulator a moment to drop its half-written temp file.
    let mut files = files;
    for _ in 0..50 {
        if files <= files_before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        files = svc
            .with_signio_simulator(SANDBOX_SIGNIO_NAME, |h| h.stored_files())
            .unwrap();
    }
    assert_eq!(files, files_before);
    let row = &rows(&svc, "document.upload")[0];
    assert_eq!(row.error_code.as_deref(), Some("CANCELLED"));
    assert!(row.summary.contains("grande.pdf"));
}

#[tokio::test]
async fn protected_documents_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager).await;
    let sg = SANDBOX_SIGNIO_NAME;
    let (id, docs, _) = prepared(&svc, dir.path()).await;
    svc.exec::<Signio, _>(
        sg,
        DocumentProtect {
            document_id: docs[1].to_string().parse().unwrap(),
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    svc.exec::<Signio, _>(
        sg,
        EnvelopeDistribute {
            envelope_id: id.to_string().parse().unwrap(),
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    svc.exec::<Signio, _>(
        sg,
        SandboxSign {
            envelope_id: id.to_string().parse().unwrap(),
            signer_id: None,
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let out = saved_all(
        svc.exec::<Signio, _>(
            sg,
            ExportAllDocuments {
                envelope_id: id.parse().unwrap(),
                transfer_id: None,
            },
            &Paths(
                TransferControl::default(),
                Some(folder.path().to_path_buf()),
            ),
        )
        .await
        .unwrap(),
    );
    assert_eq!(out.documents.len(), 1);
    assert_eq!(out.failed.len(), 1);
    assert!(out.failed[0].error.message.contains("protected"));
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[tokio::test]
async fn list_fills_the_cache_and_status_filters_are_normalized() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager).await;
    let sg = SANDBOX_SIGNIO_NAME;
    assert!(svc.cached_envelopes(sg).unwrap().is_empty());
    let all = svc
        .exec::<Signio, _>(sg, EnvelopeList { status: None }, &Paths::default())
        .await
        .unwrap();
    assert!(all.len() >= 1500, "{}", all.len());
    let cached = svc.cached_envelopes(sg).unwrap();
    assert_eq!(cached.len(), all.len());
    let signed = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeList {
                status: Some(EnvelopeStatus::Completed),
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    assert!(!signed.is_empty());
    assert!(signed.iter().all(|e| e.status == EnvelopeStatus::Completed));
    let page = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeSearch {
                query: EnvelopeQuery {
                    status: Some(EnvelopeStatus::Sent),
                    ..Default::default()
                },
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    assert!(page
        .envelopes
        .iter()
        .all(|e| e.status == EnvelopeStatus::Sent));
    let err = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeSearch {
                query: EnvelopeQuery {
                    from: Some("ayer".into()),
                    ..Default::default()
                },
            },
            &Paths::default(),
        )
        .await
        .unwrap_err();
    assert!(err.fields.unwrap().contains_key("from"));
    assert!(!svc
        .exec::<Signio, _>(sg, TemplateList {}, &Paths::default())
        .await
        .unwrap()
        .is_empty());
    assert!(!svc
        .exec::<Signio, _>(sg, TagList {}, &Paths::default())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        svc.exec::<Signio, _>(sg, TenantList {}, &Paths::default())
            .await
            .unwrap()
            .len(),
        2
    );
    let link = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeMagicLink {
                envelope_id: all[0].id.to_string().parse().unwrap(),
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    assert!(link.url.starts_with("http"));
    // Links log people in: never in history.
    let row = &rows(&svc, "envelope.magic_link")[0];
    assert!(!row.summary.contains(&link.url));
}

#[tokio::test]
async fn settings_are_validated_stored_and_used_and_controls_reach_a_served_simulator() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let creds = sim.credentials();
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Off).await;
    let input = |settings: serde_json::Value| ConnectionInput {
        name: "Notaría".into(),
        provider: "signio".into(),
        base_url: sim.base_url(),
        secrets: Some(
            [
                ("email", creds.email.as_str()),
                ("password", creds.password.as_str()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), SecretString::new(v)))
            .collect(),
        ),
        settings: Some(settings),
    };
    let err = svc
        .add_connection(input(serde_json::json!({
            "paths": {"nope": "GET /x"}, "token_lifetime_min": 0, "colour": 1
        })))
        .await
        .unwrap_err();
    let f = err.fields.unwrap();
    for k in [
        "settings.paths.nope",
        "settings.token_lifetime_min",
        "settings.colour",
    ] {
        assert!(f.contains_key(k), "{k}: {f:?}");
    }
    assert!(svc.connections().unwrap().is_empty(), "nothing half-made");
    let c = svc
        .add_connection(input(serde_json::json!({
            "token_lifetime_min": 30, "tenant": "Fiduciaria Andina"
        })))
        .await
        .unwrap();
    assert_eq!(c.settings.as_ref().unwrap()["tenant"], "Fiduciaria Andina");
    let t = svc.test_connection("Notaría").await.unwrap();
    assert!(t.ok, "{t:?}");
    assert!(t.message.contains("Fiduciaria Andina"));
    // A BackOffice connection has no settings.
    let err = svc
        .add_connection(ConnectionInput {
            provider: "backoffice".into(),
            name: "BO".into(),
            settings: Some(serde_json::json!({"tenant": "x"})),
            secrets: None,
            base_url: "https://bo.example.com".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);

    // A SIGNIO operation on a BackOffice-only name fails clearly; signer
    // controls reach a simulator served on loopback over HTTP.
    let sg = "Notaría";
    let id = svc
        .exec::<Signio, _>(
            sg,
            EnvelopeCreate {
                envelope: named("Remoto"),
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    let f = write(dir.path(), "r.pdf", b"%PDF remoto");
    let doc = svc
        .exec::<Signio, _>(
            sg,
            DocumentUpload {
                envelope_id: id.to_string().parse().unwrap(),
                file: f.to_string_lossy().into_owned(),
                transfer_id: None,
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    let s = svc
        .exec::<Signio, _>(
            sg,
            SignerAdd {
                envelope_id: id.to_string().parse().unwrap(),
                signer: signer(1),
            },
            &Paths::default(),
        )
        .await
        .unwrap();
    svc.exec::<Signio, _>(
        sg,
        SignerLinkDocument {
            envelope_id: id.to_string().parse().unwrap(),
            link: SignerLink {
                signer_id: s.clone(),
                document_id: doc.document_id.clone(),
                attachment: false,
                ..Default::default()
            },
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    let err = svc
        .exec::<Signio, _>(
            sg,
            SandboxSign {
                envelope_id: id.to_string().parse().unwrap(),
                signer_id: None,
            },
            &Paths::default(),
        )
        .await
        .unwrap_err();
    assert!(err.message.contains("pending signature"), "{}", err.message);
    svc.exec::<Signio, _>(
        sg,
        EnvelopeDistribute {
            envelope_id: id.to_string().parse().unwrap(),
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    svc.exec::<Signio, _>(
        sg,
        SandboxReject {
            envelope_id: id.to_string().parse().unwrap(),
            signer_id: s.to_string().parse().unwrap(),
        },
        &Paths::default(),
    )
    .await
    .unwrap();
    assert_eq!(sim.state(&id), Some(4));
    assert_eq!(
        svc.exec::<Signio, _>(
            sg,
            EnvelopeGet {
                envelope_id: id.parse().unwrap()
            },
            &Paths::default()
        )
        .await
        .unwrap()
        .status,
        EnvelopeStatus::Declined
    );
    let login = ventanilla_provider_backoffice::ops::SessionLogin {};
    let err = svc
        .exec::<ventanilla_provider_backoffice::Backoffice, _>("Notaría", login, &Paths::default())
        .await
        .unwrap_err();
    assert!(err.message.contains("SIGNIO connection"), "{}", err.message);
}

/// Files are the paths given; a transfer reports to (and is cancelled
/// through) the control the test holds.
#[derive(Default)]
struct Paths(TransferControl, Option<PathBuf>);

impl Host for Paths {
    fn file(&self, reference: &str) -> ventanilla_core::Result<PathBuf> {
        Ok(PathBuf::from(reference))
    }
    fn save_as<'a>(
        &'a self,
        _: &'a str,
    ) -> BoxFuture<'a, ventanilla_core::Result<Option<PathBuf>>> {
        Box::pin(async { Ok(self.1.clone()) })
    }
    fn folder(&self) -> BoxFuture<'_, ventanilla_core::Result<Option<PathBuf>>> {
        Box::pin(async { Ok(self.1.clone()) })
    }
    fn transfer(&self, _: Option<&str>, _: TransferKind, _: &str) -> TransferControl {
        self.0.clone()
    }
}

/// The documents saved and the ones that failed, of an export that was not cancelled.
struct SavedAll {
    documents: Vec<ExportedDocument>,
    failed: Vec<ExportFailure>,
}

fn saved_all(x: FolderExport) -> SavedAll {
    match x {
        FolderExport::Saved {
            documents, failed, ..
        } => SavedAll { documents, failed },
        FolderExport::Cancelled => panic!("not cancelled"),
    }
}
