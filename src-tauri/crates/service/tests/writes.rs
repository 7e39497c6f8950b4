//! History never loses a write, and never keeps a per-request secret: a
//! hostile BackOffice on loopback, the real service, real SQLite.

mod common;

use common::fake_backoffice::{FakeBackoffice, Reply};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use ventanilla_core::connection::ConnectionInput;
use ventanilla_core::history::{HistoryQuery, OperationRecord, Outcome};
use ventanilla_core::op::NoHost;
use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_provider_backoffice::ops::*;
use ventanilla_provider_backoffice::users::{NewTicket, NewUser, UserEdit};
use ventanilla_provider_backoffice::Backoffice;
use ventanilla_service::{Options, SandboxMode, Secrets, Service};

async fn service_on(data: &std::path::Path, fake: &FakeBackoffice) -> Service {
    let svc = Service::open(Options {
        data_dir: data.to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Off,
    })
    .await
    .unwrap();
    svc.add_connection(ConnectionInput {
        name: "Hostil".into(),
        provider: "backoffice".into(),
        base_url: fake.base_url.clone(),
        secrets: Some(
            [
                ("api_key", "k-1"),
                ("username", "ana"),
                ("password", "conexion-1"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), SecretString::new(v)))
            .collect(),
        ),
        settings: None,
    })
    .await
    .unwrap();
    svc
}

fn ops(svc: &Service, op: &str) -> Vec<OperationRecord> {
    svc.history_search(&HistoryQuery::default())
        .unwrap()
        .items
        .into_iter()
        .filter(|r| r.operation == op)
        .collect()
}

fn ticket() -> NewTicket {
    NewTicket {
        user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
        subject: "Pago no reflejado".into(),
        comment: "El pago del 3 de marzo no aparece".into(),
    }
}

/// A gate the server waits on before answering.
#[derive(Clone, Default)]
struct Gate(Arc<(Mutex<bool>, Condvar)>);
impl Gate {
    fn wait(&self) {
        let (m, c) = &*self.0;
        let mut open = m.lock().unwrap();
        while !*open {
            open = c.wait(open).unwrap();
        }
    }
    fn open(&self) {
        let (m, c) = &*self.0;
        *m.lock().unwrap() = true;
        c.notify_all();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_is_recorded_as_pending_before_it_is_sent_then_completed() {
    let gate = Gate::default();
    let g = gate.clone();
    let fake = FakeBackoffice::start(move |s| {
        if s.method == "POST" && s.path.contains("user_tickets") {
            g.wait();
            Reply::Json(200, r#"{"message":"Ticket created."}"#.into())
        } else {
            Reply::Json(200, r#"{"list":[]}"#.into())
        }
    });
    let data = tempfile::tempdir().unwrap();
    let svc = service_on(data.path(), &fake).await;

    let bo = "Hostil";
    let watch = async {
        // While the provider holds the request, history already shows it.
        while !fake.calls().iter().any(|s| s.path.contains("user_tickets")) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let pending = ops(&svc, "ticket.create")
            .pop()
            .expect("the row went in before the request left");
        gate.open();
        pending
    };
    let (ack, pending) = tokio::join!(
        svc.exec::<Backoffice, _>(bo, TicketCreate { ticket: ticket() }, &NoHost),
        watch
    );
    assert_eq!(ack.unwrap().message, "Ticket created.");
    assert_eq!(pending.outcome, Outcome::Unknown);
    assert!(
        pending.summary.contains("not confirmed"),
        "{}",
        pending.summary
    );
    assert_eq!(pending.target, "user 7");

    let done = ops(&svc, "ticket.create");
    assert_eq!(done.len(), 1, "completed in place, not a second row");
    assert_eq!(done[0].id, pending.id);
    assert_eq!(done[0].outcome, Outcome::Ok);
    assert!(
        done[0].summary.contains("Ticket created."),
        "{}",
        done[0].summary
    );
    assert!(done[0].duration_ms > 0);
    assert_eq!(svc.history_warning(), None);

    // A read leaves one row, after the call.
    svc.exec::<Backoffice, _>(
        bo,
        TicketList {
            user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
        },
        &NoHost,
    )
    .await
    .unwrap();
    let reads = ops(&svc, "ticket.list");
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].outcome, Outcome::Ok);
}

#[tokio::test]
async fn secrets_a_provider_echoes_back_are_redacted_everywhere() {
    const PASSWORD: &str = "Zq7-nueva-Clave";
    const TOKEN: &str = "T0K-449182";
    const EDIT_PASSWORD: &str = "otra-Clave-88";
    let fake = FakeBackoffice::start(|s| {
        // It echoes whatever secret it got, in the message and a field.
        let echoed = [PASSWORD, TOKEN, EDIT_PASSWORD]
            .into_iter()
            .filter(|x| s.body.contains(x))
            .collect::<Vec<_>>()
            .join(" and ");
        if s.method == "POST" && s.path.contains("users") {
            Reply::Json(
                400,
                serde_json::json!({"errors": {"password": [format!("{echoed} is too weak")]}})
                    .to_string(),
            )
        } else {
            Reply::Json(
                401,
                serde_json::json!({
                    "error": "Security token validation failed.",
                    "detail": format!("Token {echoed} is not valid!")
                })
                .to_string(),
            )
        }
    });
    let data = tempfile::tempdir().unwrap();
    let svc = service_on(data.path(), &fake).await;
    let bo = "Hostil";

    let err = svc
        .exec::<Backoffice, _>(
            bo,
            UserCreate {
                user: NewUser {
                    sponsor: "demo".into(),
                    first_name: "Lucía".into(),
                    last_name: "Pérez".into(),
                    email: "lucia@example.mx".into(),
                    user_name: "lucia.p".into(),
                    mobile: "+525512345678".into(),
                    password: SecretString::new(PASSWORD),
                    country_code: "MX".into(),
                },
            },
            &NoHost,
        )
        .await
        .unwrap_err();
    assert!(
        fake.seen().iter().any(|s| s.body.contains(PASSWORD)),
        "it was echoed"
    );
    let shown = format!("{} {:?}", err.message, err.fields);
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");

    let edit = UserEditOp {
        user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
        edit: UserEdit {
            password: Some(SecretString::new(EDIT_PASSWORD)),
            token: Some(TOKEN.into()),
            ..Default::default()
        },
        profile_image: None,
    };
    let err = svc
        .exec::<Backoffice, _>(bo, edit, &NoHost)
        .await
        .unwrap_err();
    let shown = format!("{} {:?}", err.message, err.fields);
    assert!(
        !shown.contains(TOKEN) && !shown.contains(EDIT_PASSWORD),
        "{shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");

    // Nothing in history (search, CSV) or the database file holds them.
    let mut csv = Vec::new();
    svc.history()
        .export_csv(&HistoryQuery::default(), &mut csv)
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("user.create") && csv.contains("user.edit"),
        "{csv}"
    );
    assert!(csv.contains("[redacted]"), "{csv}");
    for secret in [PASSWORD, TOKEN, EDIT_PASSWORD] {
        assert!(!csv.contains(secret), "{secret} in {csv}");
        let found = svc
            .history_search(&HistoryQuery {
                text: Some(secret.into()),
                ..Default::default()
            })
            .unwrap();
        assert!(found.items.is_empty(), "{secret} is searchable");
    }
    drop(svc);
    for f in ["ventanilla.sqlite3", "ventanilla.sqlite3-wal"] {
        let bytes = std::fs::read(data.path().join(f)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for secret in [PASSWORD, TOKEN, EDIT_PASSWORD] {
            assert!(!text.contains(secret), "{secret} in {f}");
        }
    }
}

/// Makes the history database refuse what `when` matches, from outside, as
/// a full disk would.
fn refuse(data: &std::path::Path, trigger: &str) {
    let db = rusqlite::Connection::open(data.join("ventanilla.sqlite3")).unwrap();
    db.execute_batch(trigger).unwrap();
}

#[tokio::test]
async fn a_write_that_history_cannot_record_is_not_sent() {
    let fake = FakeBackoffice::start(|_| Reply::Json(200, r#"{"message":"ok","list":[]}"#.into()));
    let data = tempfile::tempdir().unwrap();
    let svc = service_on(data.path(), &fake).await;
    refuse(
        data.path(),
        "CREATE TRIGGER no_pending BEFORE INSERT ON operations WHEN new.outcome = 'unknown'
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    );
    let err = svc
        .exec::<Backoffice, _>("Hostil", TicketCreate { ticket: ticket() }, &NoHost)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
    assert_eq!(
        err.message,
        "could not record the operation in history; nothing was sent"
    );
    assert!(
        fake.calls().is_empty(),
        "nothing reached the provider: {:?}",
        fake.calls()
    );
    // Reads are not held back.
    svc.exec::<Backoffice, _>(
        "Hostil",
        TicketList {
            user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
        },
        &NoHost,
    )
    .await
    .unwrap();
    assert_eq!(fake.calls().len(), 1);
}

#[tokio::test]
async fn a_completion_that_cannot_be_written_keeps_the_result_and_warns() {
    let fake =
        FakeBackoffice::start(|_| Reply::Json(200, r#"{"message":"Ticket created."}"#.into()));
    let data = tempfile::tempdir().unwrap();
    let svc = service_on(data.path(), &fake).await;
    refuse(
        data.path(),
        "CREATE TRIGGER no_update BEFORE UPDATE ON operations
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    );
    let ack = svc
        .exec::<Backoffice, _>("Hostil", TicketCreate { ticket: ticket() }, &NoHost)
        .await
        .unwrap();
    assert_eq!(
        ack.message, "Ticket created.",
        "the provider's answer is returned"
    );
    let warning = svc
        .history_warning()
        .expect("the failure is kept for the UI");
    assert!(warning.contains("ticket.create"), "{warning}");
    assert!(warning.contains("disk is full"), "{warning}");
    // The pending row stays: History shows it as not confirmed.
    let rows = ops(&svc, "ticket.create");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].outcome, Outcome::Unknown);
}
