//! The use cases end to end: real SQLite, the real BackOffice simulator over
//! loopback, secrets in memory (the keychain itself is tested in the vault crate).

use std::collections::BTreeMap;
use ventanilla_core::connection::{ConnectionInput, SecretStatus};
use ventanilla_core::history::{HistoryQuery, Outcome};
use ventanilla_core::op::NoHost;
use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_provider_backoffice::ops::*;
use ventanilla_provider_backoffice::sandbox::{SimConfig, Simulator};
use ventanilla_provider_backoffice::users::{NewTicket, NewUser, UserEdit};
use ventanilla_provider_backoffice::Backoffice;
use ventanilla_service::{Options, SandboxMode, Secrets, Service};

async fn open(dir: &std::path::Path, sandbox: SandboxMode, secrets: Secrets) -> Service {
    Service::open(Options {
        data_dir: dir.to_owned(),
        secrets,
        sandbox,
    })
    .await
    .unwrap()
}

fn secrets(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, SecretString>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), SecretString::new(*v)))
            .collect(),
    )
}

fn all_history(svc: &Service) -> String {
    let mut csv = Vec::new();
    svc.history()
        .export_csv(&HistoryQuery::default(), &mut csv)
        .unwrap();
    String::from_utf8(csv).unwrap()
}

#[tokio::test]
async fn first_start_creates_a_working_sandbox_connection() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager, Secrets::MemoryOnly).await;
    let conns = svc.connections().unwrap();
    // One sandbox per provider (from the providers list): BackOffice keeps
    // the name "Sandbox".
    let names: Vec<_> = conns.iter().map(|c| c.name.as_str()).collect();
    let mut expected: Vec<String> = ventanilla_service::providers::infos()
        .into_iter()
        .map(|p| p.sandbox_name)
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(names[0], "Sandbox");
    assert!(conns.iter().all(|c| c.sandbox));
    let sandbox = &conns[0];
    assert!(sandbox.sandbox);
    assert_eq!(sandbox.name, "Sandbox");
    assert!(
        sandbox.base_url.starts_with("http://127.0.0.1:"),
        "{}",
        sandbox.base_url
    );
    let user = svc
        .exec::<Backoffice, _>(
            "Sandbox",
            UserGet {
                user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
            },
            &NoHost,
        )
        .await
        .unwrap();
    assert_eq!(user.id, 7);
    // Recent users come from the local cache.
    let recent = svc.recent_users("Sandbox").unwrap();
    assert_eq!(recent[0].id, 7);
    drop(svc);

    // A second start reuses the same connection (new port), no duplicate.
    let svc = open(dir.path(), SandboxMode::Eager, Secrets::MemoryOnly).await;
    let again = svc.connections().unwrap();
    assert_eq!(
        again.iter().map(|c| &c.id).collect::<Vec<_>>(),
        conns.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn no_sandbox_once_a_real_connection_exists_and_the_sandbox_was_removed() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let c = sim.credentials();
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager, Secrets::MemoryOnly).await;
    svc.add_connection(ConnectionInput {
        name: "Producción".into(),
        provider: "backoffice".into(),
        base_url: sim.base_url(),
        settings: None,
        secrets: secrets(&[
            ("api_key", &c.api_key),
            ("username", &c.username),
            ("password", &c.password),
        ]),
    })
    .await
    .unwrap();
    svc.remove_connection("Sandbox").await.unwrap();
    drop(svc);
    let svc = open(dir.path(), SandboxMode::Eager, Secrets::MemoryOnly).await;
    let names: Vec<_> = svc
        .connections()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    // The other sandboxes stay: the user has no real connection of theirs.
    assert_eq!(names[0], "Producción");
    for other in ["Sandbox SIGNIO", "Sandbox DynamiCore"] {
        assert!(
            names.iter().any(|n| n == other),
            "{other} missing: {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n == "Sandbox"), "{names:?}");
}

#[tokio::test]
async fn without_a_keychain_real_connections_are_refused_and_sandbox_lives_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    // A keychain service that cannot exist: no D-Bus session in this process.
    std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
    let svc = open(
        dir.path(),
        SandboxMode::Eager,
        Secrets::Keychain("ventanilla-test-none".into()),
    )
    .await;
    let status = svc.keychain_status();
    assert!(!status.available);
    assert!(status.message.unwrap().contains("gnome-keyring"));
    let sandbox = &svc.connections().unwrap()[0];
    assert_eq!(sandbox.secret, SecretStatus::Memory);
    svc.exec::<Backoffice, _>(
        "Sandbox",
        UserGet {
            user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
        },
        &NoHost,
    )
    .await
    .unwrap();
    let err = svc
        .add_connection(ConnectionInput {
            name: "Producción".into(),
            provider: "backoffice".into(),
            base_url: "https://bo.example.com".into(),
            settings: None,
            secrets: secrets(&[("api_key", "k"), ("username", "u"), ("password", "p")]),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::KeychainUnavailable);
    assert!(err.message.contains("gnome-keyring"), "{}", err.message);
    // Nothing half-made: the connection was not kept (only the sandboxes).
    assert!(svc.connections().unwrap().iter().all(|c| c.sandbox));
}

#[tokio::test]
async fn every_operation_is_recorded_and_no_secret_reaches_history() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager, Secrets::MemoryOnly).await;
    let bo = "Sandbox";
    let password = "Sup3r-Secreta-2024";
    svc.exec::<Backoffice, _>(
        bo,
        UserCreate {
            user: NewUser {
                sponsor: "mariana.ortega".into(),
                first_name: "Lucía".into(),
                last_name: "Hernández".into(),
                email: "lucia.hernandez@ejemplo.mx".into(),
                user_name: "lucia.hdz".into(),
                mobile: "5512345678".into(),
                password: SecretString::new(password),
                country_code: "MX".into(),
            },
        },
        &NoHost,
    )
    .await
    .unwrap();
    let edit = UserEdit {
        password: Some(SecretString::new(password)),
        ..Default::default()
    };
    svc.exec::<Backoffice, _>(
        bo,
        UserEditOp {
            user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
            edit,
            profile_image: None,
        },
        &NoHost,
    )
    .await
    .unwrap();
    svc.exec::<Backoffice, _>(
        bo,
        TicketCreate {
            ticket: NewTicket {
                user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
                subject: "Acceso".into(),
                comment: "No puedo entrar".into(),
            },
        },
        &NoHost,
    )
    .await
    .unwrap();
    let err = svc
        .exec::<Backoffice, _>(
            bo,
            UserGet {
                user_id: ventanilla_core::id::PositiveId::new(999_999).unwrap(),
            },
            &NoHost,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);

    let csv = all_history(&svc);
    for secret in [password, "Demo2024!", "bo-sandbox-"] {
        assert!(!csv.contains(secret), "history contains a secret: {secret}");
    }
    let page = svc.history_search(&HistoryQuery::default()).unwrap();
    let ops: Vec<_> = page
        .items
        .iter()
        .map(|r| (r.operation.as_str(), r.outcome))
        .collect();
    assert!(ops.contains(&("user.create", Outcome::Ok)));
    assert!(ops.contains(&("user.edit", Outcome::Ok)));
    assert!(ops.contains(&("ticket.create", Outcome::Ok)));
    let failed = page
        .items
        .iter()
        .find(|r| r.operation == "user.get")
        .unwrap();
    assert_eq!(failed.outcome, Outcome::Error);
    assert_eq!(failed.error_code.as_deref(), Some("NOT_FOUND"));
    let edit_row = page
        .items
        .iter()
        .find(|r| r.operation == "user.edit")
        .unwrap();
    assert!(
        edit_row.summary.contains("changed: password"),
        "{}",
        edit_row.summary
    );

    // Searchable by text.
    let found = svc
        .history_search(&HistoryQuery {
            text: Some("ticket".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(found
        .items
        .iter()
        .all(|r| r.operation.contains("ticket") || r.summary.to_lowercase().contains("ticket")));
    assert!(!found.items.is_empty());
}

#[tokio::test]
async fn invalid_input_is_refused_before_anything_is_sent() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let c = sim.credentials();
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Off, Secrets::MemoryOnly).await;
    svc.add_connection(ConnectionInput {
        name: "Staging".into(),
        provider: "backoffice".into(),
        base_url: sim.base_url(),
        settings: None,
        secrets: secrets(&[
            ("api_key", &c.api_key),
            ("username", &c.username),
            ("password", &c.password),
        ]),
    })
    .await
    .unwrap();
    sim.clear_requests();
    let err = svc
        .exec::<Backoffice, _>(
            "Staging",
            TicketCreate {
                ticket: NewTicket {
                    user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
                    subject: " ".into(),
                    comment: "x".repeat(20_000),
                },
            },
            &NoHost,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    let fields = err.fields.unwrap();
    assert!(fields.contains_key("subject") && fields.contains_key("comment"));
    assert!(sim.requests().is_empty(), "sent: {:?}", sim.requests());
    // And it is still recorded as a failed operation.
    let rows = svc.history_search(&HistoryQuery::default()).unwrap().items;
    assert_eq!(rows[0].error_code.as_deref(), Some("VALIDATION"));
}

#[tokio::test]
async fn a_wrong_api_key_shows_the_providers_message_on_test() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let c = sim.credentials();
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Off, Secrets::MemoryOnly).await;
    svc.add_connection(ConnectionInput {
        name: "Producción".into(),
        provider: "backoffice".into(),
        base_url: sim.base_url(),
        settings: None,
        secrets: secrets(&[
            ("api_key", "equivocada"),
            ("username", &c.username),
            ("password", &c.password),
        ]),
    })
    .await
    .unwrap();
    let t = svc.test_connection("producción").await.unwrap();
    assert!(!t.ok);
    assert!(
        t.message.contains("The API Key is not valid."),
        "{}",
        t.message
    );
    assert_eq!(t.error.unwrap().code, ErrorCode::InvalidApiKey);

    // Fixing only the key keeps the stored username and password.
    svc.update_connection(
        "Producción",
        ConnectionInput {
            name: "Producción".into(),
            provider: "backoffice".into(),
            base_url: sim.base_url(),
            settings: None,
            secrets: secrets(&[("api_key", &c.api_key)]),
        },
    )
    .await
    .unwrap();
    assert!(svc.test_connection("Producción").await.unwrap().ok);
}

#[tokio::test]
async fn history_exports_atomically_to_csv() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager, Secrets::MemoryOnly).await;
    svc.exec::<Backoffice, _>(
        "Sandbox",
        UserGet {
            user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
        },
        &NoHost,
    )
    .await
    .unwrap();
    let dest = dir.path().join("historial.csv");
    let out = svc
        .history_export_csv(&HistoryQuery::default(), &dest)
        .unwrap();
    match out {
        ventanilla_core::app::ExportOutcome::Saved { rows, bytes, .. } => {
            assert_eq!(rows, 1);
            assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
        }
        other => panic!("{other:?}"),
    }
    let text = std::fs::read_to_string(&dest).unwrap();
    assert!(text.starts_with("time_utc,connection,provider,operation"));
    assert!(text.contains("user.get"));
    // A destination in a missing folder fails cleanly, leaving nothing behind.
    let bad = dir.path().join("no-such-dir/h.csv");
    assert_eq!(
        svc.history_export_csv(&HistoryQuery::default(), &bad)
            .unwrap_err()
            .code,
        ErrorCode::Io
    );
}

/// Ventanilla's own refusals carry a code, so the UI says them in Spanish
/// (an uncoded text would reach a Spanish user as it is, in English).
#[tokio::test]
async fn ventanillas_own_refusals_are_coded() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open(dir.path(), SandboxMode::Eager, Secrets::MemoryOnly).await;
    let code = |e: ventanilla_core::Error, field: &str| {
        assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
        e.fields.unwrap()[field].code.clone()
    };
    let sandbox = svc
        .connections()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Sandbox")
        .unwrap();
    let edit = ConnectionInput {
        name: "Otro nombre".into(),
        provider: sandbox.provider.clone(),
        base_url: sandbox.base_url.clone(),
        settings: None,
        secrets: None,
    };
    let e = svc.update_connection("Sandbox", edit).await.unwrap_err();
    assert_eq!(code(e, "name"), "sandbox_not_editable");

    let range = HistoryQuery {
        from_ms: Some(2_000),
        to_ms: Some(1_000),
        ..Default::default()
    };
    let e = svc.history_search(&range).unwrap_err();
    assert_eq!(code(e, "toMs"), "after_start");

    let get = UserGet {
        user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
    };
    let e = svc
        .exec::<Backoffice, _>("Sandbox UnDosTres", get, &NoHost)
        .await
        .unwrap_err();
    assert_eq!(code(e, "connection"), "not_this_provider");

    let e = svc.with_simulator("Sandbox UnDosTres", |_| ()).unwrap_err();
    assert_eq!(code(e, "connection"), "sandbox_other_provider");
}
