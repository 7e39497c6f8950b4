//! The adapter against the simulator over real loopback HTTP: every
//! operation, the state machine, auth, search, transfers.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use sha2::Digest;
use ventanilla_core::envelopes::*;
use ventanilla_core::ErrorCode;
use ventanilla_provider_signio::model::*;
use ventanilla_provider_signio::sandbox::Fault;
use ventanilla_provider_signio::{SignioClient, SignioSettings};

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

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// create → upload → signer → link → (ready to distribute); returns (envelope, doc, signer).
async fn draft(c: &SignioClient, dir: &Path, opts: NewEnvelope) -> (String, String, String) {
    let id = c.create(&opts).await.unwrap();
    let f = write(dir, "contrato.pdf", b"%PDF-1.7 contrato de prueba");
    let doc = c
        .upload_document(&id, &f, &TransferControl::default())
        .await
        .unwrap();
    let s = c.add_signer(&id, &signer(1)).await.unwrap();
    c.link(
        &id,
        &SignerLink {
            signer_id: s.clone(),
            document_id: doc.clone(),
            position: Some(StampPosition {
                page: 1,
                height: 50,
                width: 120,
                x: 300,
                y: 700,
            }),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    (id, doc, s)
}

fn named(name: &str) -> NewEnvelope {
    NewEnvelope {
        name: name.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_documented_flow_then_sign_and_export() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let (id, doc, s) = draft(&c, dir.path(), named("Contrato de arrendamiento")).await;
    assert_eq!(id.len(), 36);
    c.send(&id).await.unwrap();
    assert_eq!(sim.state(&id), Some(2));
    sim.sign(&id, Some(&s)).unwrap();
    assert_eq!(sim.state(&id), Some(3));
    let d = c.get(&id).await.unwrap();
    assert_eq!(d.status, EnvelopeStatus::Completed);
    assert_eq!(d.signatures.len(), 1);
    assert_eq!(d.contacts[0].identity_type, "CC");
    let dest = dir.path().join("firmado.pdf");
    let r = c
        .export_document(&id, &doc, &dest, &TransferControl::default())
        .await
        .unwrap();
    let expected = sim.signed_document_bytes(&id, &doc).unwrap();
    assert!(expected.starts_with(b"%PDF-1.7 contrato de prueba"));
    assert!(expected.len() > 27, "a signature trailer is appended");
    assert_eq!(std::fs::read(&dest).unwrap(), expected);
    assert_eq!(r.sha256, hex::encode(sha2::Sha256::digest(&expected)));
    assert_eq!(r.bytes, expected.len() as u64);
}

#[tokio::test]
async fn every_other_operation() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    // 6.3, 6.4, 6.17, 6.21
    assert!(c.tags().await.unwrap().iter().any(|t| t.name == "Jurídica"));
    let bases = c.base_envelopes().await.unwrap();
    assert_eq!(bases.len(), 5);
    let tpls = c.templates().await.unwrap();
    assert!(tpls.iter().any(|t| t.kind == "XFORM") && tpls.iter().any(|t| !t.active));
    let tenants = c.tenants().await.unwrap();
    assert_eq!(tenants.len(), 2);
    // 6.2
    let signed = c.list(Some(EnvelopeStatus::Completed)).await.unwrap();
    assert!(!signed.is_empty() && signed.iter().all(|e| e.status == EnvelopeStatus::Completed));
    // 6.5 from a base, 6.18, 6.15, 6.19
    let id = c
        .create(&NewEnvelope {
            name: "Desde base".into(),
            base_envelope_id: Some(bases[0].id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut fields = BTreeMap::new();
    fields.insert(
        "arrendador".to_string(),
        "Inmobiliaria Los Andes".to_string(),
    );
    let td = c.apply_template(&id, 2, &fields).await.unwrap();
    assert!(td.name.contains("arrendamiento"));
    let f = c.template_fields(&id).await.unwrap();
    assert!(f
        .iter()
        .any(|x| x.name == "arrendador" && x.value.as_deref() == Some("Inmobiliaria Los Andes")));
    fields.insert("canon".into(), "2.500.000".into());
    c.update_template_values(&id, &td.id, &fields)
        .await
        .unwrap();
    fields.insert("no_existe".into(), "x".into());
    let e = c
        .update_template_values(&id, &td.id, &fields)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    assert!(e.fields.unwrap().contains_key("templateFields"));
    assert_eq!(
        c.apply_template(&id, 5, &BTreeMap::new())
            .await
            .unwrap_err()
            .code,
        ErrorCode::ProviderRejected,
        "inactive template"
    );
    assert_eq!(
        c.apply_template(&id, 99, &BTreeMap::new())
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    // 6.9
    let s2 = c.add_signer(&id, &signer(7)).await.unwrap();
    c.set_signer_order(&id, &s2, 1).await.unwrap();
    assert_eq!(
        c.set_signer_order(&id, "sig_nope", 1)
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    // 6.20
    assert!(c.magic_link(&id).await.unwrap().contains("modo=edicion"));
    // 6.14
    c.protect_document(&td.id, true).await.unwrap();
    assert!(c
        .get(&id)
        .await
        .unwrap()
        .documents
        .iter()
        .any(|d| d.id == td.id && d.protected));
    c.protect_document(&td.id, false).await.unwrap();
    assert_eq!(
        c.protect_document("doc_nope", true).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    // 6.22 (external PDF) and 6.23
    let pdf = write(dir.path(), "pagare.pdf", b"%PDF pagare");
    let tve = TveInput {
        kind: "BLANK".into(),
        template_id: "0".into(),
        document: Some(pdf),
        consecutive: Some("PG-0001".into()),
        ..Default::default()
    };
    let tid = c
        .upload_tve(&id, &tve, &TransferControl::default())
        .await
        .unwrap();
    let edit = TveInput {
        kind: "SIMPLE".into(),
        expiration: Some("2026-12-31".into()),
        amount: Some(5_000_000),
        payment_way: Some("Transferencia".into()),
        payment_place: Some("Bogotá".into()),
        ..Default::default()
    };
    assert_eq!(c.edit_tve(&id, &tid, &edit).await.unwrap(), tid);
    let tve15 = TveInput {
        kind: "SIMPLE".into(),
        template_id: "15".into(),
        ..edit.clone()
    };
    c.upload_tve(&id, &tve15, &TransferControl::default())
        .await
        .unwrap();
    // 6.24 needs a sent envelope whose contact and envelope allow on-site signing
    let (id2, _, _) = draft(
        &c,
        dir.path(),
        NewEnvelope {
            name: "En sitio".into(),
            on_premise_signature: Some(true),
            ..Default::default()
        },
    )
    .await;
    c.send(&id2).await.unwrap();
    let url = c
        .on_site_url(&OnSiteSigning {
            envelope_id: id2.clone(),
            identity_type: "CC".into(),
            identity: "102030401".into(),
            direct_signature: Some(true),
            token_delivery: Some("SCREEN".into()),
            confirmation_url: Some("https://ejemplo.co/ok".into()),
        })
        .await
        .unwrap();
    assert!(url.contains("/firma-en-sitio/"));
    let e = c
        .on_site_url(&OnSiteSigning {
            envelope_id: id2.clone(),
            identity_type: "CC".into(),
            identity: "999".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    // 6.12, 6.13
    c.return_to_draft(&id2).await.unwrap();
    c.delete(&id2).await.unwrap();
    assert!(c.magic_link(&id).await.is_ok());
    // Every default route was exercised.
    let seen = log(&sim);
    for op in ventanilla_provider_signio::Operation::ALL {
        let r = SignioSettings::default().route(op).clone();
        let prefix = r.path.split(':').next().unwrap().to_string();
        assert!(
            seen.iter()
                .any(|l| l.starts_with(&format!("{} {}", r.method, prefix))),
            "{op:?} not exercised"
        );
    }
}

#[tokio::test]
async fn state_machine_rules() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    // Distribute only a complete draft.
    let empty = c.create(&named("Vacío")).await.unwrap();
    let e = c.send(&empty).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    // Return only from 2 or 7.
    assert_eq!(
        c.return_to_draft(&empty).await.unwrap_err().code,
        ErrorCode::ProviderRejected
    );
    let (id, doc, s) = draft(
        &c,
        dir.path(),
        NewEnvelope {
            name: "Reglas".into(),
            signers_may_return: Some(true),
            ..Default::default()
        },
    )
    .await;
    c.send(&id).await.unwrap();
    // Delete refused after distribute; editing refused outside 1.
    assert_eq!(
        c.delete(&id).await.unwrap_err().code,
        ErrorCode::ProviderRejected
    );
    assert_eq!(
        c.send(&id).await.unwrap_err().code,
        ErrorCode::ProviderRejected
    );
    let f = write(dir.path(), "otro.pdf", b"x");
    assert_eq!(
        c.upload_document(&id, &f, &TransferControl::default())
            .await
            .unwrap_err()
            .code,
        ErrorCode::ProviderRejected
    );
    assert_eq!(
        c.add_signer(&id, &signer(2)).await.unwrap_err().code,
        ErrorCode::ProviderRejected
    );
    assert!(c.magic_link(&id).await.unwrap().contains("modo=consulta"));
    // Return from 2 → 1, then delete is allowed.
    c.return_to_draft(&id).await.unwrap();
    assert_eq!(sim.state(&id), Some(1));
    c.send(&id).await.unwrap();
    // Return with observations → 8, and 8 can't be returned.
    sim.return_with_observations(&id, &s, "Falta la cláusula de penalidad")
        .unwrap();
    assert_eq!(c.get(&id).await.unwrap().status, EnvelopeStatus::Returned);
    assert_eq!(
        c.return_to_draft(&id).await.unwrap_err().code,
        ErrorCode::ProviderRejected
    );
    // Return from 7 (data capture) is allowed.
    sim.force_state(&id, 7).unwrap();
    c.return_to_draft(&id).await.unwrap();
    c.delete(&id).await.unwrap();
    assert_eq!(c.get(&id).await.unwrap_err().code, ErrorCode::NotFound);
    let _ = doc;
    // Reject → 4; suspend → 6.
    let (id, _, s) = draft(&c, dir.path(), named("Rechazo")).await;
    c.send(&id).await.unwrap();
    sim.reject(&id, &s).unwrap();
    assert_eq!(c.get(&id).await.unwrap().status, EnvelopeStatus::Declined);
    let (id, _, s) = draft(
        &c,
        dir.path(),
        NewEnvelope {
            name: "Sin rechazo".into(),
            allow_reject: Some(false),
            ..Default::default()
        },
    )
    .await;
    c.send(&id).await.unwrap();
    assert!(sim.reject(&id, &s).is_err());
    assert!(
        sim.return_with_observations(&id, &s, "no").is_err(),
        "signers may not return by default"
    );
    sim.suspend(&id).unwrap();
    assert_eq!(c.get(&id).await.unwrap().status, EnvelopeStatus::Suspended);
    // The signer controls say which state they need and which it is in.
    let e = sim.sign(&id, None).unwrap_err().to_string();
    assert!(
        e.contains("pending signature (2)") && e.contains("suspended (6)"),
        "{e}"
    );
    // Serial order: the second signer can't sign before the first.
    let (id, doc, s1) = draft(&c, dir.path(), named("Serie")).await;
    let s2 = c.add_signer(&id, &signer(2)).await.unwrap();
    c.link(
        &id,
        &SignerLink {
            signer_id: s2.clone(),
            document_id: doc.clone(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    c.send(&id).await.unwrap();
    assert!(sim.sign(&id, Some(&s2)).is_err());
    sim.sign(&id, Some(&s1)).unwrap();
    assert_eq!(sim.state(&id), Some(2));
    sim.sign(&id, Some(&s2)).unwrap();
    assert_eq!(sim.state(&id), Some(3));
}

#[tokio::test]
async fn token_expiry_relogs_and_a_second_01_is_unauthorized() {
    let sim = sim().await;
    let c = client(&sim);
    c.tags().await.unwrap();
    assert_eq!(count(&sim, LOGIN), 1);
    c.tags().await.unwrap();
    assert_eq!(count(&sim, LOGIN), 1, "the token is cached");
    // The server-side token expires before our cached copy does.
    sim.advance_clock(Duration::from_secs(121 * 60));
    c.tags().await.unwrap();
    assert_eq!(count(&sim, LOGIN), 2, "01 → one new login → retried");
    // 01 even after logging in again → UNAUTHORIZED, with exactly one retry.
    sim.clear_requests();
    sim.inject_fault(Fault::InvalidToken, 2);
    let e = c.tags().await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    assert_eq!(count(&sim, LOGIN), 1);
    assert_eq!(count(&sim, "POST /tags/listar"), 2);
}

#[tokio::test]
async fn login_failures_and_inactive_accounts() {
    let sim = sim().await;
    let mut cfg = config(&sim, SignioSettings::default());
    cfg.password = ventanilla_core::SecretString::new("equivocada");
    let c = SignioClient::new(cfg).unwrap();
    let e = c.tags().await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    assert!(!e.message.contains("equivocada"));
    let c = client(&sim);
    sim.set_active(false, true);
    let e = c.tags().await.unwrap_err();
    assert!(
        e.code == ErrorCode::Unauthorized && e.message.contains("inactive"),
        "{e:?}"
    );
    sim.set_active(true, false);
    assert!(c.tags().await.unwrap_err().message.contains("tenant"));
    sim.set_active(true, true);
    sim.inject_fault(Fault::InternalError, 1);
    assert_eq!(c.tags().await.unwrap_err().code, ErrorCode::ProviderError);
    sim.inject_fault(Fault::ServerError, 1);
    assert_eq!(c.tags().await.unwrap_err().code, ErrorCode::ProviderError);
    sim.inject_fault(Fault::MalformedJson, 1);
    assert_eq!(
        c.tags().await.unwrap_err().code,
        ErrorCode::MalformedResponse
    );
}

#[tokio::test]
async fn a_tenant_is_picked_through_multi_tenant_login() {
    let sim = sim().await;
    let settings = SignioSettings::from_json(
        &serde_json::json!({"tenant": "Fiduciaria Andina", "token_lifetime_min": 30}),
    )
    .unwrap();
    let c = SignioClient::new(config(&sim, settings)).unwrap();
    c.tags().await.unwrap();
    assert_eq!(count(&sim, "POST /auth/tokens"), 1);
    assert_eq!(count(&sim, LOGIN), 0);
    let settings = SignioSettings::from_json(&serde_json::json!({"tenant": "Otro"})).unwrap();
    let c = SignioClient::new(config(&sim, settings)).unwrap();
    let e = c.tags().await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    assert!(e.message.contains("Notaría Central"));
}

#[tokio::test]
async fn search_is_capped_with_offset_filters_and_sort() {
    let sim = sim().await;
    let c = client(&sim);
    let p = c.search(&EnvelopeQuery::default()).await.unwrap();
    assert_eq!(p.envelopes.len(), 1000);
    assert!(p.capped);
    let p2 = c
        .search(&EnvelopeQuery {
            offset: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(p2.envelopes.len(), 500);
    assert!(!p2.capped);
    let q = EnvelopeQuery {
        name: Some("PAGARÉ".into()),
        status: Some(EnvelopeStatus::Completed),
        sort: Some(EnvelopeSort {
            field: EnvelopeSortField::UpdatedAt,
            descending: true,
        }),
        ..Default::default()
    };
    let r = c.search(&q).await.unwrap();
    assert!(!r.envelopes.is_empty());
    assert!(
        r.envelopes
            .iter()
            .all(|e| e.name.to_lowercase().contains("pagaré")
                && e.status == EnvelopeStatus::Completed)
    );
    assert!(r
        .envelopes
        .windows(2)
        .all(|w| w[0].updated_at >= w[1].updated_at));
    let r = c
        .search(&EnvelopeQuery {
            from: Some("2024-01-01".into()),
            to: Some("2024-03-31".into()),
            sort: Some(EnvelopeSort {
                field: EnvelopeSortField::Name,
                descending: false,
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(r
        .envelopes
        .iter()
        .all(|e| e.updated_at.as_deref().unwrap() >= "2024-01-01"
            && e.updated_at.as_deref().unwrap() <= "2024-03-31T23:59:59Z"));
    assert!(r.envelopes.windows(2).all(|w| w[0].name <= w[1].name));
    // Every state is represented in the demo data.
    for st in [1u8, 2, 3, 4, 6, 7, 8] {
        assert!(!sim.envelopes_in_state(st).is_empty(), "{st}");
    }
    assert_eq!(
        c.search(&EnvelopeQuery {
            status: Some(EnvelopeStatus::Returned),
            ..Default::default()
        })
        .await
        .unwrap_err()
        .code,
        ErrorCode::Validation
    );
}

#[tokio::test]
async fn a_multi_megabyte_upload_streams_and_is_stored_exactly() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let id = c.create(&named("Grande")).await.unwrap();
    let data: Vec<u8> = (0..12_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let f = write(dir.path(), "expediente.pdf", &data);
    let seen = Arc::new(AtomicU64::new(0));
    let s2 = seen.clone();
    let ctl = TransferControl {
        progress: Some(Arc::new(move |p| s2.store(p.transferred, Ordering::SeqCst))),
        ..Default::default()
    };
    let doc = c.upload_document(&id, &f, &ctl).await.unwrap();
    assert_eq!(seen.load(Ordering::SeqCst), data.len() as u64);
    assert!(sim.uploaded_bytes(&id, &doc).unwrap() == data);
    // Export of the unsigned document gives the same bytes.
    let dest = dir.path().join("copia.pdf");
    let r = c
        .export_document(&id, &doc, &dest, &TransferControl::default())
        .await
        .unwrap();
    assert_eq!(r.sha256, hex::encode(sha2::Sha256::digest(&data)));
}

#[tokio::test]
async fn a_download_dropped_midway_leaves_no_file() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let (id, doc, s) = draft(&c, dir.path(), named("Corte")).await;
    c.send(&id).await.unwrap();
    sim.sign(&id, Some(&s)).unwrap();
    let out = tempfile::tempdir().unwrap();
    sim.inject_fault(Fault::DropMidDownload, 1);
    let e = c
        .export_document(
            &id,
            &doc,
            &out.path().join("firmado.pdf"),
            &TransferControl::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Network, "{e:?}");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "no partial file"
    );
}

#[tokio::test]
async fn protected_documents_are_refused_without_downloading() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let (id, doc, s) = draft(&c, dir.path(), named("Protegido")).await;
    c.protect_document(&doc, true).await.unwrap();
    c.send(&id).await.unwrap();
    sim.sign(&id, Some(&s)).unwrap();
    sim.clear_requests();
    let dest = dir.path().join("p.pdf");
    let e = c
        .export_document(&id, &doc, &dest, &TransferControl::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    assert!(e.message.contains("protected"));
    assert!(
        !log(&sim).iter().any(|l| l.contains("/archivos/")),
        "nothing downloaded"
    );
    assert!(!dest.exists());
}

#[tokio::test]
async fn bad_inputs_are_refused_before_sending() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let id = c.create(&named("Entradas")).await.unwrap();
    sim.clear_requests();
    let ctl = TransferControl::default();
    for (name, bytes, what) in [
        ("vacio.pdf", &b""[..], "0 bytes"),
        ("foto.jpeg", b"x", ".jpg"),
        ("hoja.csv", b"x", "must be one of"),
    ] {
        let f = write(dir.path(), name, bytes);
        let e = c.upload_document(&id, &f, &ctl).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert!(e.fields.unwrap()["file"].message.contains(what), "{name}");
    }
    let e = c
        .upload_document(&id, &dir.path().join("no-existe.pdf"), &ctl)
        .await
        .unwrap_err();
    assert!(e.fields.unwrap()["file"].message.contains("cannot read"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let f = write(dir.path(), "secreto.pdf", b"x");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::File::open(&f).is_err() {
            assert_eq!(
                c.upload_document(&id, &f, &ctl).await.unwrap_err().code,
                ErrorCode::Validation
            );
        }
    }
    assert_eq!(
        c.create(&named(&"n".repeat(256))).await.unwrap_err().code,
        ErrorCode::Validation
    );
    let bad = NewSigner {
        email: "sin-arroba".into(),
        identity_type: "XX".into(),
        ..signer(1)
    };
    let e = c.add_signer(&id, &bad).await.unwrap_err();
    assert!(
        e.fields.as_ref().unwrap().contains_key("email")
            && e.fields.unwrap().contains_key("identityType")
    );
    assert_eq!(c.get("0").await.unwrap_err().code, ErrorCode::Validation);
    assert!(
        sim.requests().is_empty(),
        "nothing reached the provider: {:?}",
        log(&sim)
    );
}

#[tokio::test]
async fn a_file_changed_mid_upload_keeps_nothing() {
    let sim = sim().await;
    sim.set_latency(Duration::ZERO);
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let id = c.create(&named("Cambio")).await.unwrap();
    let f = write(dir.path(), "grande.pdf", &vec![3u8; 64 * 1024 * 1024]);
    let f2 = f.clone();
    let ctl = TransferControl {
        progress: Some(Arc::new(move |p| {
            if p.transferred > 1024 * 1024 && p.transferred < 2 * 1024 * 1024 {
                let _ = std::fs::remove_file(&f2);
            }
        })),
        ..Default::default()
    };
    let e = c.upload_document(&id, &f, &ctl).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Io, "{e:?}");
    assert!(e.message.contains("deleted"), "{}", e.message);
    assert_eq!(sim.document_count(&id), Some(0));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(sim.stored_files(), 0, "no half-written file kept");
    // Cancelled uploads keep nothing either.
    let f = write(dir.path(), "otro.pdf", &vec![1u8; 8 * 1024 * 1024]);
    let ctl = TransferControl::default();
    ctl.cancel.cancel();
    assert_eq!(
        c.upload_document(&id, &f, &ctl).await.unwrap_err().code,
        ErrorCode::Cancelled
    );
    assert_eq!(sim.document_count(&id), Some(0));
}
