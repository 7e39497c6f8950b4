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
