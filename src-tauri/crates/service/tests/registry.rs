//! Every registered operation, provider by provider, through the one path
//! (`Service::exec_json`) against its simulator on loopback: a valid input
//! leaves one history row named by the operation and no secret anywhere; an
//! invalid input is refused before anything is sent; a provider's refusal
//! arrives as `{code, message, fields?, retryable}`. An operation added to a
//! provider's list without a row here fails `every_*_operation`.

mod common;

use common::registry::{check_every_op, service_with, Case};
use serde_json::{json, Value};
use ventanilla_core::ErrorCode;
use ventanilla_provider_backoffice::sandbox::{SimConfig, Simulator};
use ventanilla_provider_backoffice::Backoffice;

/// Per-request secrets of the BackOffice rows.
const NEW_USER_PASSWORD: &str = "Registro-clave-5Qx";
const EDIT_PASSWORD: &str = "Edicion-clave-8Wz";
const EDIT_TOKEN: &str = "tok-registry-3f9d1c";
/// No user has this id in the simulator.
const NOBODY: u64 = 987_654;

fn backoffice_case(name: &str) -> Option<Case> {
    let by_user = |v: u64| json!({ "userId": v });
    let user_reads = |valid: Value| Case {
        valid,
        invalid: vec![by_user(0)],
        provider_error: Some((by_user(NOBODY), ErrorCode::NotFound)),
    };
    let new_user = json!({
        "sponsor": "mariana.ortega", "firstName": "Reg", "lastName": "Istro",
        "email": "registro@example.com", "userName": "registro.1",
        "mobile": "+525512345678", "password": NEW_USER_PASSWORD, "countryCode": "MX",
    });
    Some(match name {
        "session.login" => Case {
            valid: json!({}),
            // No input.
            invalid: vec![],
            provider_error: None,
        },
        "user.get" => user_reads(by_user(7)),
        "user.create" => Case {
            valid: json!({ "user": new_user }),
            invalid: vec![json!({ "user": {
                "sponsor": "", "firstName": "", "lastName": "", "email": "x",
                "userName": "a b", "mobile": "", "password": "123", "countryCode": "",
            }})],
            // The same user again: the provider says it is taken.
            provider_error: Some((json!({ "user": new_user }), ErrorCode::ProviderRejected)),
        },
        "user.edit" => Case {
            valid: json!({ "userId": 7, "edit": {
                "firstName": "Mariana", "password": EDIT_PASSWORD, "token": EDIT_TOKEN,
            }}),
            invalid: vec![
                json!({ "userId": 7, "edit": {} }),
                json!({ "userId": 0, "edit": { "firstName": "X" } }),
                // A path from the webview is refused: files come by reference.
                json!({ "userId": 7, "edit": { "profileImage": "/etc/passwd" } }),
            ],
            provider_error: Some((
                json!({ "userId": NOBODY, "edit": { "firstName": "X" } }),
                ErrorCode::NotFound,
            )),
        },
        "user.security_token" => user_reads(by_user(7)),
        "catalog.list" => Case {
            valid: json!({ "catalog": "countries" }),
            invalid: vec![json!({ "catalog": "planets" })],
            provider_error: None,
        },
        "user.dashboard" | "user.notices" | "user.products" | "user.team" | "user.matrix" => {
            user_reads(by_user(7))
        }
        "resource.categories" => Case {
            valid: json!({}),
            // No input.
            invalid: vec![],
            provider_error: None,
        },
        "resource.list" => Case {
            valid: json!({ "categoryId": 1 }),
            invalid: vec![json!({ "categoryId": 0 })],
            provider_error: None,
        },
        "ticket.list" => Case {
            valid: by_user(7),
            invalid: vec![by_user(0)],
            provider_error: None,
        },
        "ticket.create" => Case {
            valid: json!({ "ticket": { "userId": 7, "subject": "Registro", "comment": "Hola" } }),
            invalid: vec![json!({ "ticket": { "userId": 7, "subject": " ", "comment": "Hola" } })],
            provider_error: Some((
                json!({ "ticket": { "userId": NOBODY, "subject": "Registro", "comment": "Hola" } }),
                ErrorCode::NotFound,
            )),
        },
        "thread.list" => Case {
            valid: json!({ "ticketId": 1 }),
            invalid: vec![json!({ "ticketId": 0 })],
            provider_error: None,
        },
        "thread.reply" => Case {
            valid: json!({ "message": { "ticketId": 1, "content": "Gracias" } }),
            invalid: vec![json!({ "message": { "ticketId": 1, "content": "" } })],
            provider_error: Some((
                json!({ "message": { "ticketId": NOBODY, "content": "Gracias" } }),
                ErrorCode::NotFound,
            )),
        },
        "wallet.transactions" => Case {
            valid: json!({ "query": { "walletId": 1, "userId": 7, "page": 1 } }),
            invalid: vec![json!({ "query": { "walletId": 1, "userId": 7, "page": 0 } })],
            provider_error: None,
        },
        _ => return None,
    })
}

#[tokio::test]
async fn every_backoffice_operation() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let c = sim.credentials();
    let dir = tempfile::tempdir().unwrap();
    let svc = service_with(
        dir.path(),
        "backoffice",
        "BO",
        &sim.base_url(),
        &[
            ("api_key", &c.api_key),
            ("username", &c.username),
            ("password", &c.password),
        ],
        None,
    )
    .await;
    check_every_op::<Backoffice>(
        &svc,
        "BO",
        backoffice_case,
        || sim.requests().len(),
        &[
            &c.api_key,
            &c.password,
            NEW_USER_PASSWORD,
            EDIT_PASSWORD,
            EDIT_TOKEN,
        ],
    )
    .await;
}

/// UnDosTres's rows, in the list's order: the first key comes first, and
/// everything after it uses that key.
fn undostres_case(name: &str) -> Option<Case> {
    use serde_json::json;
    Some(match name {
        "key.request" => Case {
            valid: json!({ "allowedIps": ["127.0.0.1"] }),
            invalid: vec![
                json!({ "allowedIps": ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4"] }),
                json!({ "allowedIps": ["10.0.0.300"] }),
                json!({ "allowedIps": ["127.0.0.1"], "expirePreviousAt": "next week" }),
            ],
            // A refusal would need other credentials (tests/undostres.rs).
            provider_error: None,
        },
        "key.status" | "account.tree" => Case {
            valid: json!({}),
            // No input.
            invalid: vec![],
            provider_error: None,
        },
        "account.get" => Case {
            valid: json!({}),
            invalid: vec![json!({ "companyId": "../admin" })],
            provider_error: Some((json!({ "companyId": "UDT-9999" }), ErrorCode::NotFound)),
        },
        "account.update" => Case {
            valid: json!({ "names": "Comercializadora del Norte, S.A. de C.V." }),
            invalid: vec![json!({}), json!({ "email": "otro@ejemplo.mx" })],
            provider_error: Some((
                json!({ "companyId": "UDT-9999", "names": "X" }),
                ErrorCode::NotFound,
            )),
        },
        "subaccount.create" => Case {
            valid: json!({ "names": "Sucursal Registro", "webhooks": [] }),
            invalid: vec![json!({ "names": " ", "webhooks": [] })],
            // The kiosk is at depth 2 (unknown to the local tree): UnDosTres refuses.
            provider_error: Some((
                json!({ "parentCompanyId": "UDT-1004", "names": "Nieto", "webhooks": [] }),
                ErrorCode::ProviderRejected,
            )),
        },
        _ => return None,
    })
}

#[tokio::test]
async fn every_undostres_operation() {
    use ventanilla_provider_undostres::sandbox as udt;
    let sim = udt::Simulator::start(udt::SimConfig::default())
        .await
        .unwrap();
    let c = sim.credentials();
    let dir = tempfile::tempdir().unwrap();
    let svc = service_with(
        dir.path(),
        "undostres",
        "UDT",
        &sim.base_url(),
        &[("user", &c.user), ("password", &c.password)],
        None,
    )
    .await;
    check_every_op::<ventanilla_provider_undostres::Undostres>(
        &svc,
        "UDT",
        undostres_case,
        || sim.requests().len(),
        &[&c.password],
    )
    .await;
    // The issued key and the new sub-account's password appear nowhere either.
    let key = udt::remote_demo_key(&sim.base_url()).await.unwrap().api_key;
    assert!(svc
        .connections()
        .unwrap()
        .iter()
        .any(|x| x.name == "Sucursal Registro"));
    let sub = sim.credentials_of("UDT-1005").expect("the new sub-account");
    let mut csv = Vec::new();
    svc.history()
        .export_csv(&Default::default(), &mut csv)
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    for s in [key.expose(), sub.password.as_str()] {
        assert!(!csv.contains(s), "{csv}");
    }
}

/// DynamiCore's rows. Its file operations need a host that resolves files
/// and saves exports, so its walk passes one (the shared check uses none);
/// every row is run with the same three checks.
fn dynamicore_case(name: &str, files: &std::path::Path, demo: &[String]) -> Option<Case> {
    let path = |n: &str| files.join(n).to_string_lossy().into_owned();
    let (pending, completed) = (&demo[1], &demo[2]);
    let person = json!([{"name": "Ximena Peña", "email": "ximena.pena@ejemplo.mx", "taxId": "PEAX880730KJ2"}]);
    let order = |account: u64, price: u64| {
        json!({"account": account, "operation": 184, "customer": {"name": "Registro"},
               "item": {"name": "Mensualidad", "unitPrice": price, "quantity": 1}})
    };
    Some(match name {
        "type.create_client" | "type.create_product" => Case {
            valid: json!({"name": "Registro", "template": ["rfc"]}),
            invalid: vec![json!({"name": " "})],
            provider_error: None,
        },
        "catalog.client" | "catalog.product" => Case {
            valid: json!({}),
            // No input.
            invalid: vec![],
            provider_error: None,
        },
        "client.create" => Case {
            valid: json!({"clientType": "17", "firstName": "Reg", "lastName": "Istro",
                          "rfc": "REIS900101AB1", "email": "registro@ejemplo.mx"}),
            invalid: vec![json!({"clientType": "x", "firstName": "", "lastName": "I",
                                 "rfc": "NO-RFC", "email": "registro"})],
            provider_error: None,
        },
        "client.update" => Case {
            valid: json!({"id": "3", "email": "x.pena@ejemplo.mx"}),
            invalid: vec![json!({"id": "3"}), json!({"id": "0", "email": "a@b.mx"})],
            provider_error: Some((json!({"id": "999", "email": "a@b.mx"}), ErrorCode::NotFound)),
        },
        "client.list" => Case {
            valid: json!({}),
            invalid: vec![json!({"id": "uno"})],
            provider_error: Some((json!({"id": "999"}), ErrorCode::NotFound)),
        },
        "file.upload" => Case {
            valid: json!({"clientId": "1", "field": "acta_constitutiva", "files": [path("acta.pdf")]}),
            invalid: vec![
                json!({"clientId": "1", "field": "acta_constitutiva", "files": []}),
                json!({"clientId": "1", "field": "Acta!", "files": [path("acta.pdf")]}),
                json!({"clientId": "1", "field": "acta", "files": [path("no-existe.pdf")]}),
            ],
            provider_error: Some((
                json!({"clientId": "999", "field": "acta", "files": [path("acta.pdf")]}),
                ErrorCode::NotFound,
            )),
        },
        "client.sat" => Case {
            valid: json!({"clientId": "1", "rfc": "LOOR830910GT7", "password": SAT_PASSWORD,
                          "key": path("llave.key"), "cer": path("cert.cer")}),
            invalid: vec![
                json!({"clientId": "1", "rfc": "LOOR830910GT7", "password": SAT_PASSWORD, "type": "efirma"}),
                json!({"clientId": "1", "rfc": "LOOR830910GT7", "password": "", "type": "ciec"}),
            ],
            provider_error: Some((
                json!({"clientId": "999", "rfc": "LOOR830910GT7", "password": SAT_PASSWORD, "type": "ciec"}),
                ErrorCode::NotFound,
            )),
        },
        "client.score" => Case {
            valid: json!({"clientId": "2"}),
            invalid: vec![json!({"clientId": "0"})],
            provider_error: Some((json!({"clientId": "999"}), ErrorCode::NotFound)),
        },
        "account.create" => Case {
            valid: json!({"clientId": "2", "product": "6"}),
            invalid: vec![json!({"clientId": "2", "product": "6", "currency": "MXN"})],
            provider_error: Some((
                json!({"clientId": "999", "product": "6"}),
                ErrorCode::NotFound,
            )),
        },
        "account.list" => Case {
            valid: json!({"clientId": "1"}),
            invalid: vec![json!({"clientId": ""})],
            provider_error: Some((json!({"clientId": "999"}), ErrorCode::NotFound)),
        },
        "account.transactions" | "account.payments" => Case {
            valid: json!({"accountId": "100"}),
            invalid: vec![json!({"accountId": "-1"})],
            provider_error: Some((json!({"accountId": "999"}), ErrorCode::NotFound)),
        },
        "sat.keys" => Case {
            valid: json!({"client": "2", "type": "efirma", "password": SAT_PASSWORD,
                          "key": path("llave.key"), "cer": path("cert.cer")}),
            invalid: vec![
                json!({"client": "2", "type": "fiel", "password": SAT_PASSWORD}),
                json!({"client": "2", "type": "efirma", "password": SAT_PASSWORD,
                       "key": path("vacia.key"), "cer": path("cert.cer")}),
            ],
            provider_error: Some((
                json!({"client": "999", "type": "ciec", "password": SAT_PASSWORD}),
                ErrorCode::NotFound,
            )),
        },
        "sat.sync" => Case {
            valid: json!({"client": "1", "start": "2025-01-01", "end": "2025-12-31"}),
            invalid: vec![json!({"client": "1", "start": "2025-12-31", "end": "2025-01-01"})],
            // Client 3 has no SAT keys loaded.
            provider_error: Some((
                json!({"client": "3", "start": "2025-01-01", "end": "2025-12-31"}),
                ErrorCode::ProviderRejected,
            )),
        },
        "sat.data" => Case {
            valid: json!({"client": "1", "start": "2025-01-01", "limit": 10, "page": 2}),
            invalid: vec![json!({"client": "1", "limit": 0})],
            provider_error: None,
        },
        "mifiel.create" => Case {
            valid: json!({"clientId": "1", "field": "acta_constitutiva", "signatories": person}),
            invalid: vec![json!({"clientId": "1", "field": "acta_constitutiva",
                                 "signatories": [{"name": "X", "email": "x", "taxId": "X"}]})],
            // Nothing was uploaded into that field.
            provider_error: Some((
                json!({"clientId": "1", "field": "pagare", "signatories": person}),
                ErrorCode::ProviderRejected,
            )),
        },
        "mifiel.get" => Case {
            valid: json!({"reference": completed}),
            invalid: vec![json!({"reference": "a/b"})],
            provider_error: Some((
                json!({"reference": "no-such-document"}),
                ErrorCode::NotFound,
            )),
        },
        "conekta.create" => Case {
            valid: order(101, 50_000),
            invalid: vec![order(101, 0)],
            provider_error: Some((order(999, 50_000), ErrorCode::NotFound)),
        },
        "conekta.get" => Case {
            valid: json!({"orderId": "ord_2rLDf1e77o2mKHjY3"}),
            invalid: vec![json!({"orderId": "ord 1"})],
            provider_error: Some((json!({"orderId": "ord_nope"}), ErrorCode::NotFound)),
        },
        "mifiel.export" => Case {
            valid: json!({"reference": completed}),
            invalid: vec![json!({"reference": ""})],
            // Pending: Mifiel has no signed file yet.
            provider_error: Some((json!({"reference": pending}), ErrorCode::ProviderRejected)),
        },
        "sandbox.sign" => Case {
            valid: json!({"reference": pending}),
            invalid: vec![json!({"reference": "../x"})],
            provider_error: Some((
                json!({"reference": "no-such-document"}),
                ErrorCode::NotFound,
            )),
        },
        "sandbox.pay" => Case {
            valid: json!({"orderId": "ord_2rQPaj3neXQQmH7fp"}),
            invalid: vec![json!({"orderId": ""})],
            provider_error: Some((json!({"orderId": "ord_nope"}), ErrorCode::NotFound)),
        },
        _ => return None,
    })
}

/// The SAT password of DynamiCore's rows.
const SAT_PASSWORD: &str = "Registro-SAT-9Jq";

/// Files are paths under the test's folder; an export goes into it.
struct FileHost(std::path::PathBuf);

impl ventanilla_core::op::Host for FileHost {
    fn file(&self, reference: &str) -> ventanilla_core::Result<std::path::PathBuf> {
        Ok(reference.into())
    }
    fn save_as<'a>(
        &'a self,
        suggested: &'a str,
    ) -> ventanilla_core::op::BoxFuture<'a, ventanilla_core::Result<Option<std::path::PathBuf>>>
    {
        Box::pin(async move { Ok(Some(self.0.join("out").join(suggested))) })
    }
    fn folder(
        &self,
    ) -> ventanilla_core::op::BoxFuture<'_, ventanilla_core::Result<Option<std::path::PathBuf>>>
    {
        Box::pin(async { Ok(None) })
    }
    fn transfer(
        &self,
        _: Option<&str>,
        _: ventanilla_core::envelopes::TransferKind,
        _: &str,
    ) -> ventanilla_core::envelopes::TransferControl {
        Default::default()
    }
}

#[tokio::test]
async fn every_dynamicore_operation() {
    use ventanilla_core::history::{HistoryQuery, Outcome};
    use ventanilla_provider_dynamicore::sandbox as dc;
    let sim = dc::Sim::start(dc::SimConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    std::fs::create_dir(files.path().join("out")).unwrap();
    std::fs::write(files.path().join("acta.pdf"), b"%PDF-1.4 acta constitutiva").unwrap();
    std::fs::write(files.path().join("llave.key"), b"llave privada de registro").unwrap();
    std::fs::write(files.path().join("cert.cer"), b"certificado de registro").unwrap();
    std::fs::write(files.path().join("vacia.key"), b"").unwrap();
    let host = FileHost(files.path().to_owned());
    let svc = service_with(
        dir.path(),
        "dynamicore",
        "DC",
        &sim.base_url(),
        &[
            ("client_key", dc::DEMO_CLIENT_KEY),
            ("secret", dc::DEMO_SECRET),
        ],
        None,
    )
    .await;
    let demo = sim.document_references();
    let secrets = [dc::DEMO_SECRET, SAT_PASSWORD, "llave privada de registro"];
    let rows_after = |after: i64| {
        let mut rows = svc
            .history()
            .search(&HistoryQuery {
                limit: Some(500),
                ..Default::default()
            })
            .unwrap()
            .items;
        rows.retain(|r| r.id > after);
        rows.sort_by_key(|r| r.id);
        rows
    };
    let last = || rows_after(i64::MIN).last().map_or(0, |r| r.id);
    let clean = |name: &str, text: &str| {
        for s in secrets {
            assert!(!text.contains(s), "{name}: a secret in {text}");
        }
    };
    let run =
        |name: &'static str, input: Value| svc.exec_json("dynamicore", "DC", name, input, &host);
    let ops = common::registry::ops_of::<ventanilla_provider_dynamicore::Dynamicore>();
    assert_eq!(ops.len(), 24);
    for (name, _, _) in ops {
        let case = dynamicore_case(name, files.path(), &demo).unwrap_or_else(|| {
            panic!("dynamicore {name} has no row in tests/registry.rs: add one")
        });

        let (before, sent) = (last(), sim.requests().len());
        let out = run(name, case.valid.clone())
            .await
            .unwrap_or_else(|e| panic!("{name} with {}: {e:?}", case.valid));
        assert!(sim.requests().len() > sent, "{name} sent nothing");
        let rows = rows_after(before);
        assert_eq!(rows.len(), 1, "{name}: {rows:?}");
        assert_eq!(
            (rows[0].operation.as_str(), rows[0].outcome),
            (name, Outcome::Ok)
        );
        assert_eq!(rows[0].provider, "dynamicore");
        clean(name, &serde_json::to_string(&rows[0]).unwrap());
        clean(name, &out.to_string());

        for bad in &case.invalid {
            let sent = sim.requests().len();
            let e = run(name, bad.clone())
                .await
                .expect_err(&format!("{name} accepted {bad}"));
            assert_eq!(e.code, ErrorCode::Validation, "{name} {bad}: {e:?}");
            assert!(
                e.fields.as_ref().is_some_and(|f| !f.is_empty()),
                "{name}: {e:?}"
            );
            assert_eq!(sim.requests().len(), sent, "{name} sent {bad}");
            clean(name, &serde_json::to_string(&e).unwrap());
        }

        if let Some((input, code)) = &case.provider_error {
            let (before, sent) = (last(), sim.requests().len());
            let e = run(name, input.clone())
                .await
                .expect_err(&format!("{name} succeeded with {input}"));
            assert!(sim.requests().len() > sent, "{name}: {input} was not sent");
            assert_eq!(e.code, *code, "{name} {input}: {e:?}");
            clean(name, &serde_json::to_string(&e).unwrap());
            let rows = rows_after(before);
            assert_eq!(rows.len(), 1, "{name}: {rows:?}");
            assert_eq!(rows[0].outcome, Outcome::Error);
        }
    }
    // The export saved the completed demo document, whole.
    let saved: Vec<_> = std::fs::read_dir(files.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        saved.iter().any(|n| n.ends_with("(firmado).pdf")),
        "{saved:?}"
    );
}
