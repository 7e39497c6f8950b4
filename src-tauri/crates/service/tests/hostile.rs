//! A hostile or broken BackOffice, played over loopback by
//! `ventanilla_http::hostile`, through the whole service: real SQLite
//! history, secrets in memory. What the user relies on: a redirect never
//! carries a credential elsewhere, an endless reply is a clear error and not
//! a dying process, a trickle times out, and a create whose reply is lost is
//! reported (and recorded) as "may have been applied".

use std::collections::BTreeMap;
use std::sync::Once;
use std::time::{Duration, Instant};

use ventanilla_core::connection::ConnectionInput;
use ventanilla_core::envelopes::{TransferControl, TransferKind};
use ventanilla_core::history::{HistoryQuery, Outcome};
use ventanilla_core::op::NoHost;
use ventanilla_core::op::{BoxFuture, Host};
use ventanilla_core::{Error, ErrorCode, SecretString};
use ventanilla_http::hostile::{Behavior, HostileServer};
use ventanilla_provider_backoffice::ops::*;
use ventanilla_provider_backoffice::users::{NewTicket, NewUser};
use ventanilla_provider_backoffice::Backoffice;
use ventanilla_provider_signio::ops::ExportDocument;
use ventanilla_provider_signio::Signio;
use ventanilla_service::{Options, SandboxMode, Secrets, Service};

const API_KEY: &str = "hostile-api-key-1234";
const PASSWORD: &str = "hostile-Passw0rd!";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.e30.hostile-jwt-signature";
const LOGIN_ROUTE: &str = "POST /api/v1/login/";

/// The BackOffice's documented login reply (providers.md 4.3), so the calls
/// after it reach the misbehaving route.
fn login_ok() -> Behavior {
    Behavior::json(
        200,
        format!(
            r#"{{"token":"{JWT}","exp":"","id":7,"username":"ana","sponsor":null,"referral_link":""}}"#
        ),
    )
}

/// Every test in this binary wants the same short limits (1.5 s per request),
/// read by `HttpConfig::default()` when an adapter is built.
fn short_timeouts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::env::set_var(ventanilla_http::TIMEOUT_ENV, "1500"));
}

async fn service_with(name: &str, server: &HostileServer) -> (tempfile::TempDir, Service) {
    short_timeouts();
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(Options {
        data_dir: dir.path().to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Off,
    })
    .await
    .unwrap();
    let secrets: BTreeMap<String, SecretString> = [
        ("api_key", API_KEY),
        ("username", "ana"),
        ("password", PASSWORD),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), SecretString::new(v)))
    .collect();
    svc.add_connection(ConnectionInput {
        name: name.into(),
        provider: "backoffice".into(),
        base_url: server.base_url(),
        settings: None,
        secrets: Some(secrets),
    })
    .await
    .unwrap();
    (dir, svc)
}

fn ticket() -> NewTicket {
    NewTicket {
        user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
        subject: "Pago duplicado".into(),
        comment: "Revisar el cobro del 3 de marzo".into(),
    }
}

fn no_secret_in(e: &Error) {
    let text = format!("{e:?}");
    for s in [API_KEY, PASSWORD, JWT] {
        assert!(!text.contains(s), "{s} leaked: {text}");
    }
}

/// (operation, outcome, error code) of every history row, oldest first.
fn history(svc: &Service) -> Vec<(String, Outcome, Option<String>)> {
    let mut rows: Vec<_> = svc
        .history_search(&HistoryQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|r| (r.operation, r.outcome, r.error_code))
        .collect();
    rows.reverse();
    rows
}

#[tokio::test]
async fn a_redirect_to_another_port_never_receives_a_credential() {
    let elsewhere = HostileServer::always(login_ok()).await;

    // The login itself is redirected, for every redirect status: a 307/308
    // would re-post the password, and any of them would carry x-api-key.
    for status in [301u16, 302, 307, 308] {
        let to = format!("{}/api/v1/login/", elsewhere.base_url());
        let server = HostileServer::always(Behavior::redirect(status, to)).await;
        let (_dir, svc) = service_with("Redirige", &server).await;
        let e = svc
            .exec::<Backoffice, _>(
                "Redirige",
                UserGet {
                    user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
                },
                &NoHost,
            )
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Redirect, "{status}: {e:?}");
        assert!(!e.retryable);
        assert!(
            e.message.contains(&elsewhere.addr().to_string()),
            "{}",
            e.message
        );
        assert!(e.message.contains("base URL"), "{}", e.message);
        no_secret_in(&e);
        assert_eq!(server.lines(), [LOGIN_ROUTE]);
        let rows = history(&svc);
        let last = rows.last().unwrap();
        assert_eq!(last.0, "user.get");
        assert_eq!(last.2.as_deref(), Some("REDIRECT"));
    }

    // After a good login: a read and a write redirected carry neither the
    // key nor the JWT nor the form elsewhere.
    let server = HostileServer::start(vec![
        (LOGIN_ROUTE.to_string(), login_ok()),
        (
            "GET /api/v1/users/".to_string(),
            Behavior::redirect(302, format!("{}/api/v1/users/7", elsewhere.base_url())),
        ),
        (
            "POST /api/v1/user_tickets".to_string(),
            Behavior::redirect(308, format!("{}/api/v1/user_tickets", elsewhere.base_url())),
        ),
    ])
    .await;
    let (_dir, svc) = service_with("Redirige después", &server).await;
    let bo = "Redirige después";
    let e = svc
        .exec::<Backoffice, _>(
            bo,
            UserGet {
                user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
            },
            &NoHost,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Redirect, "{e:?}");
    no_secret_in(&e);
    let e = svc
        .exec::<Backoffice, _>(bo, TicketCreate { ticket: ticket() }, &NoHost)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Redirect, "{e:?}");
    no_secret_in(&e);
    assert_eq!(
        server.lines(),
        [
            LOGIN_ROUTE,
            "GET /api/v1/users/7",
            "POST /api/v1/user_tickets"
        ],
        "each sent once, none followed"
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the other port received: {:?}",
        elsewhere.lines()
    );
}

/// Peak resident memory of this process, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[tokio::test]
async fn an_endless_reply_ends_in_a_clear_error_not_in_memory_growth() {
    for content_length in [true, false] {
        let server = HostileServer::start(vec![
            (LOGIN_ROUTE, login_ok()),
            ("GET /api/v1/users/", Behavior::Endless { content_length }),
        ])
        .await;
        let (_dir, svc) = service_with("Sin fin", &server).await;
        let started = Instant::now();
        let e = svc
            .exec::<Backoffice, _>(
                "Sin fin",
                UserGet {
                    user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
                },
                &NoHost,
            )
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseTooLarge, "{e:?}");
        assert!(!e.retryable);
        assert!(e.message.contains("16 MiB"), "{}", e.message);
        assert!(started.elapsed() < Duration::from_secs(20));
        let rows = history(&svc);
        assert_eq!(
            rows.last().unwrap().2.as_deref(),
            Some("RESPONSE_TOO_LARGE")
        );
    }
    let peak = peak_rss_kib();
    assert!(peak < 256 * 1024, "peak memory {peak} KiB");
}

#[tokio::test]
async fn a_trickling_reply_times_out() {
    let server = HostileServer::start(vec![
        (LOGIN_ROUTE, login_ok()),
        (
            "GET /api/v1/users/",
            Behavior::Drip {
                every: Duration::from_millis(200),
                content_length: false,
            },
        ),
    ])
    .await;
    let (_dir, svc) = service_with("Goteo", &server).await;
    let started = Instant::now();
    let e = svc
        .exec::<Backoffice, _>(
            "Goteo",
            UserGet {
                user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
            },
            &NoHost,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Timeout, "{e:?}");
    assert!(e.retryable, "a read: trying again later is safe");
    // Cut at the 1.5 s request limit; a reply that started and then
    // trickled is not asked for again.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let gets = server
        .lines()
        .iter()
        .filter(|l| l.starts_with("GET"))
        .count();
    assert_eq!(gets, 1);
    let rows = history(&svc);
    assert_eq!(rows.last().unwrap().2.as_deref(), Some("TIMEOUT"));
}

#[tokio::test]
async fn a_create_that_stalls_after_being_accepted_is_outcome_unknown_and_recorded() {
    let server = HostileServer::start(vec![
        (LOGIN_ROUTE, login_ok()),
        ("POST /api/v1/user_tickets", Behavior::Stall),
        ("POST /api/v1/users/", Behavior::Hangup),
    ])
    .await;
    let (_dir, svc) = service_with("Mudo", &server).await;
    let bo = "Mudo";

    let e = svc
        .exec::<Backoffice, _>(bo, TicketCreate { ticket: ticket() }, &NoHost)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
    assert!(!e.retryable, "never offered as a plain retry");
    assert!(
        e.message
            .contains("may have been applied: check before retrying"),
        "{}",
        e.message
    );
    no_secret_in(&e);

    // The connection is cut after the request: same verdict, and the new
    // user's password is nowhere in the error.
    let new_password = "Nuev0-Secreto-99";
    let e = svc
        .exec::<Backoffice, _>(
            bo,
            UserCreate {
                user: NewUser {
                    sponsor: "mariana.ortega".into(),
                    first_name: "Lucía".into(),
                    last_name: "Hernández".into(),
                    email: "lucia.hernandez@ejemplo.mx".into(),
                    user_name: "lucia.hdz".into(),
                    mobile: "5512345678".into(),
                    password: SecretString::new(new_password),
                    country_code: "MX".into(),
                },
            },
            &NoHost,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
    assert!(!format!("{e:?}").contains(new_password));

    // Each write was sent exactly once.
    let writes: Vec<String> = server
        .lines()
        .into_iter()
        .filter(|l| l != LOGIN_ROUTE)
        .collect();
    assert_eq!(writes, ["POST /api/v1/user_tickets", "POST /api/v1/users/"]);

    let rows = history(&svc);
    let code_of = |op: &str| {
        rows.iter()
            .rev()
            .find(|(o, _, _)| o == op)
            .map(|(_, outcome, code)| (*outcome, code.clone()))
            .unwrap_or_else(|| panic!("no {op} row: {rows:?}"))
    };
    for op in ["ticket.create", "user.create"] {
        let (outcome, code) = code_of(op);
        assert_eq!(code.as_deref(), Some("OUTCOME_UNKNOWN"), "{op}");
        assert_ne!(outcome, Outcome::Ok, "{op}");
    }
}

const ENVELOPE: &str = "0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d";
const SIGNIO_TOKEN: &str = "hostile-signio-token-123456";

/// A SIGNIO connection whose envelope has one document at `/files/a.pdf`,
/// served by `file` (everything else: SIGNIO's own replies).
async fn signio_with(file: Behavior) -> (HostileServer, tempfile::TempDir, Service) {
    short_timeouts();
    let envelope = format!(
        r#"{{"codigo":"00","id_transaccion":"{ENVELOPE}","nombre":"Contrato","estado":3,
            "documentos":[{{"id_documento":"d1","nombre":"a.pdf","path":"/files/a.pdf","protegido":0}}]}}"#
    );
    let server = HostileServer::start(vec![
        (
            "POST /token/crear",
            Behavior::json(
                200,
                format!(r#"{{"codigo":"00","token":"{SIGNIO_TOKEN}"}}"#),
            ),
        ),
        ("POST /transacciones/obtener", Behavior::json(200, envelope)),
        ("GET /files/a.pdf", file),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(Options {
        data_dir: dir.path().to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Off,
    })
    .await
    .unwrap();
    svc.add_connection(ConnectionInput {
        name: "Firma".into(),
        provider: "signio".into(),
        base_url: server.base_url(),
        settings: None,
        secrets: Some(
            [
                ("email", "operaciones@notariacentral.co"),
                ("password", PASSWORD),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), SecretString::new(v)))
            .collect(),
        ),
    })
    .await
    .unwrap();
    (server, dir, svc)
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn a_trickling_download_times_out_and_leaves_no_file() {
    let (_server, _dir, svc) = signio_with(Behavior::Drip {
        every: Duration::from_millis(200),
        content_length: true,
    })
    .await;
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let e = svc
        .exec::<Signio, _>(
            "Firma",
            ExportDocument {
                envelope_id: ENVELOPE.parse().unwrap(),
                document_id: "d1".parse().unwrap(),
                file_name: None,
                transfer_id: None,
            },
            &SaveTo(TransferControl::default(), out.path().join("a.pdf")),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Timeout, "{e:?}");
    assert!(e.message.contains("too slowly"), "{}", e.message);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(files_in(out.path()).is_empty(), "no partial file");
    let rows = history(&svc);
    assert_eq!(rows.last().unwrap().2.as_deref(), Some("TIMEOUT"));
}

#[tokio::test]
async fn cancel_stops_a_download_that_is_trickling_in() {
    let (_server, _dir, svc) = signio_with(Behavior::Drip {
        every: Duration::from_millis(100),
        content_length: true,
    })
    .await;
    let out = tempfile::tempdir().unwrap();
    let control = ventanilla_core::envelopes::TransferControl::default();
    let c2 = control.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        c2.cancel.cancel();
    });
    let started = Instant::now();
    let e = svc
        .exec::<Signio, _>(
            "Firma",
            ExportDocument {
                envelope_id: ENVELOPE.parse().unwrap(),
                document_id: "d1".parse().unwrap(),
                file_name: None,
                transfer_id: None,
            },
            &SaveTo(control.clone(), out.path().join("a.pdf")),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled, "{e:?}");
    assert!(
        started.elapsed() < Duration::from_millis(1400),
        "before any timeout"
    );
    assert!(files_in(out.path()).is_empty());
}

#[tokio::test]
async fn a_redirected_download_carries_the_token_nowhere() {
    let elsewhere = HostileServer::always(Behavior::json(200, "{}")).await;
    let (server, _dir, svc) = signio_with(Behavior::redirect(
        302,
        format!("{}/files/a.pdf", elsewhere.base_url()),
    ))
    .await;
    let out = tempfile::tempdir().unwrap();
    let e = svc
        .exec::<Signio, _>(
            "Firma",
            ExportDocument {
                envelope_id: ENVELOPE.parse().unwrap(),
                document_id: "d1".parse().unwrap(),
                file_name: None,
                transfer_id: None,
            },
            &SaveTo(TransferControl::default(), out.path().join("a.pdf")),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Redirect, "{e:?}");
    let asked = server.requests();
    let file_req = asked.iter().find(|r| r.path == "/files/a.pdf").unwrap();
    assert_eq!(
        file_req.header("authorization"),
        Some(format!("Bearer {SIGNIO_TOKEN}").as_str()),
        "the token went to SIGNIO's own origin only"
    );
    assert!(elsewhere.requests().is_empty(), "{:?}", elsewhere.lines());
    assert!(files_in(out.path()).is_empty());
}

/// Saves to the one path the test chose; transfers go through its control.
struct SaveTo(TransferControl, std::path::PathBuf);

impl Host for SaveTo {
    fn file(&self, reference: &str) -> ventanilla_core::Result<std::path::PathBuf> {
        Ok(reference.into())
    }
    fn save_as<'a>(
        &'a self,
        _: &'a str,
    ) -> BoxFuture<'a, ventanilla_core::Result<Option<std::path::PathBuf>>> {
        Box::pin(async { Ok(Some(self.1.clone())) })
    }
    fn folder(&self) -> BoxFuture<'_, ventanilla_core::Result<Option<std::path::PathBuf>>> {
        Box::pin(async { Ok(None) })
    }
    fn transfer(&self, _: Option<&str>, _: TransferKind, _: &str) -> TransferControl {
        self.0.clone()
    }
}
