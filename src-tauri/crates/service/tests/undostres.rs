//! UnDosTres through the service, against its simulator on loopback: the
//! issued key goes to the connection's keychain entry and nowhere else; a
//! sub-account's credentials make a new connection and appear in no reply,
//! history row or cache; expiry notices at 14 days and 24 hours (the
//! simulator's clock knob); and a canary scan of the whole data folder.

use serde_json::{json, Value};
use std::sync::Arc;
use time::Duration;
use ventanilla_core::connection::ConnectionInput;
use ventanilla_core::op::{NoHost, NoticeLevel};
use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_provider_undostres::sandbox::{self as udt, SimHandle};
use ventanilla_service::{Options, SandboxMode, Secrets, Service};
use ventanilla_vault::{MemoryStore, SecretStore};

const CONN: &str = "UnDosTres Norte";

async fn setup(dir: &std::path::Path) -> (Service, Arc<MemoryStore>, SimHandle) {
    let sim = udt::Simulator::start(udt::SimConfig::default())
        .await
        .unwrap();
    let store = Arc::new(MemoryStore::new());
    let svc = open(dir, &store).await;
    let c = sim.credentials();
    svc.add_connection(ConnectionInput {
        name: CONN.into(),
        provider: "undostres".into(),
        base_url: sim.base_url(),
        settings: None,
        secrets: Some(
            [("user", c.user), ("password", c.password)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), SecretString::new(v)))
                .collect(),
        ),
    })
    .await
    .unwrap();
    (svc, store, sim)
}

async fn open(dir: &std::path::Path, store: &Arc<MemoryStore>) -> Service {
    Service::open(Options {
        data_dir: dir.to_owned(),
        secrets: Secrets::Store(store.clone()),
        sandbox: SandboxMode::Off,
    })
    .await
    .unwrap()
}

async fn op(svc: &Service, conn: &str, name: &str, input: Value) -> ventanilla_core::Result<Value> {
    svc.exec_json("undostres", conn, name, input, &NoHost).await
}

fn history_csv(svc: &Service) -> String {
    let mut csv = Vec::new();
    svc.history()
        .export_csv(&Default::default(), &mut csv)
        .unwrap();
    String::from_utf8(csv).unwrap()
}

fn conn_id(svc: &Service, name: &str) -> String {
    svc.connections()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no connection {name}"))
        .id
}

#[tokio::test]
async fn a_requested_key_goes_to_the_keychain_and_is_used_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, store, sim) = setup(dir.path()).await;
    let info = op(
        &svc,
        CONN,
        "key.request",
        json!({ "allowedIps": ["127.0.0.1"] }),
    )
    .await
    .unwrap();
    let key = udt::remote_demo_key(&sim.base_url()).await.unwrap().api_key;
    let id = conn_id(&svc, CONN);
    let stored = store.get(&id).unwrap().unwrap();
    assert_eq!(
        stored["api_key"].expose(),
        key.expose(),
        "in the keychain entry"
    );
    assert!(stored.contains_key("user") && stored.contains_key("password"));
    // The reply and history have its last 4 only.
    assert_eq!(info["last4"], key.expose()[32..]);
    assert!(!info.to_string().contains(key.expose()));
    assert!(!history_csv(&svc).contains(key.expose()));
    // The replaced demo key is still valid for 24 hours, and status says so.
    let status = op(&svc, CONN, "key.status", json!({})).await.unwrap();
    assert_eq!(status["level"], "ok");
    assert!(status["previousValidUntil"].is_string(), "{status}");
    assert_eq!(status["key"]["last4"], info["last4"]);
    // The account's state comes with it, from the cache: no call per row.
    assert_eq!(status["active"], true, "{status}");

    // Another process (same data, same keychain) uses the stored key.
    drop(svc);
    let svc = open(dir.path(), &store).await;
    sim.clear_requests();
    let me = op(&svc, CONN, "account.get", json!({})).await.unwrap();
    assert_eq!(me["companyId"], udt::DEMO_COMPANY_ID);
    assert!(sim.requests().iter().all(|r| r.has_api_key));
    // A rotation without IPs keeps the current list; the old key's last 4 shows.
    let rotated = op(
        &svc,
        CONN,
        "key.request",
        json!({ "allowedIps": [], "expirePreviousAt": "now" }),
    )
    .await
    .unwrap();
    assert_eq!(rotated["allowedIps"], json!(["127.0.0.1"]));
    assert_eq!(rotated["previousKeyLast4"], info["last4"]);
}

#[tokio::test]
async fn a_key_the_keychain_refuses_is_kept_for_the_session_and_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, store, sim) = setup(dir.path()).await;
    let ips = json!({ "allowedIps": ["127.0.0.1"] });
    let first = op(&svc, CONN, "key.request", ips.clone()).await.unwrap();
    store.set_locked(true);
    let second = op(&svc, CONN, "key.request", ips)
        .await
        .expect("the provider issued it: the call succeeds");
    assert_eq!(second["sessionOnly"], true, "{second}");
    assert!(history_csv(&svc).contains("kept for this session only"));
    // This session calls with the new key…
    let key = udt::remote_demo_key(&sim.base_url()).await.unwrap().api_key;
    assert_eq!(second["last4"], key.expose()[32..]);
    sim.clear_requests();
    op(&svc, CONN, "account.get", json!({})).await.unwrap();
    assert!(sim.requests().iter().all(|r| r.has_api_key));
    // …but the cache still describes the key the keychain holds, so after a
    // restart nothing claims a key the keychain never got.
    let status = op(&svc, CONN, "key.status", json!({})).await.unwrap();
    assert_eq!(status["key"]["last4"], first["last4"], "{status}");
    store.set_locked(false);
    drop(svc);
    let svc = open(dir.path(), &store).await;
    let status = op(&svc, CONN, "key.status", json!({})).await.unwrap();
    assert_eq!(status["key"]["last4"], first["last4"], "{status}");
    let kept = store.get(&conn_id(&svc, CONN)).unwrap().unwrap();
    assert_eq!(kept["api_key"].expose()[32..], first["last4"]);
}

#[tokio::test]
async fn a_sub_account_becomes_a_connection_and_its_password_appears_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, store, sim) = setup(dir.path()).await;
    op(
        &svc,
        CONN,
        "key.request",
        json!({ "allowedIps": ["127.0.0.1"] }),
    )
    .await
    .unwrap();
    let created = op(
        &svc,
        CONN,
        "subaccount.create",
        json!({ "names": "Sucursal Puebla", "webhooks": [] }),
    )
    .await
    .unwrap();
    let company = created["companyId"].as_str().unwrap();
    let creds = sim.credentials_of(company).unwrap();
    assert_eq!(created["connectionName"], "Sucursal Puebla");
    assert_eq!(created["parentCompanyId"], udt::DEMO_COMPANY_ID);
    let text = created.to_string();
    assert!(
        !text.contains(&creds.password) && !text.contains("password"),
        "{text}"
    );

    // The new connection holds them, in its own keychain entry.
    let sub = created["connectionId"].as_str().unwrap();
    assert_eq!(conn_id(&svc, "Sucursal Puebla"), sub);
    let stored = store.get(sub).unwrap().unwrap();
    assert_eq!(stored["user"].expose(), creds.user);
    assert_eq!(stored["password"].expose(), creds.password);
    // History, the cache and the tree: no password.
    assert!(!history_csv(&svc).contains(&creds.password));
    let tree = op(&svc, CONN, "account.tree", json!({})).await.unwrap();
    let node = tree["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["companyId"] == company)
        .expect("the new node");
    assert_eq!(
        (node["depth"].as_u64(), node["createdHere"].as_bool()),
        (Some(1), Some(true))
    );
    assert_eq!(node["active"], false, "no key yet: {node}");
    assert!(!tree.to_string().contains(&creds.password));

    // Copyable for the clipboard (recorded without the value); the key never.
    let p = svc.secret_to_copy(sub, "password").await.unwrap();
    assert_eq!(p.expose(), creds.password);
    let e = svc.secret_to_copy(CONN, "api_key").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    // The password the user typed for the main account: never.
    let e = svc.secret_to_copy(CONN, "password").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    assert!(history_csv(&svc).contains("connection.copy_secret"));

    // "Request this sub-account's first key" activates it.
    op(
        &svc,
        sub,
        "key.request",
        json!({ "allowedIps": ["127.0.0.1"] }),
    )
    .await
    .unwrap();
    assert!(sim.account(company).unwrap().active);
    let me = op(&svc, sub, "account.get", json!({})).await.unwrap();
    assert_eq!(me["companyId"], company);
    // The parent's tree shows it active too (its node lives in the parent's cache).
    let tree = op(&svc, CONN, "account.tree", json!({})).await.unwrap();
    let node = tree["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["companyId"] == company)
        .expect("the new node");
    assert_eq!(node["active"], true, "{node}");
}

/// Rotates while the simulator's clock is set back, so the new key expires
/// `left` from now (real time). Three calendar months are not a fixed
/// length, so the offset is corrected until the expiry lands.
async fn key_expiring_in(svc: &Service, sim: &SimHandle, left: Duration) {
    let expires = |k: &Value| {
        time::OffsetDateTime::parse(
            k["expiresAt"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap()
    };
    let mut offset = Duration::ZERO;
    for _ in 0..4 {
        sim.set_clock_offset(offset);
        let k = op(
            svc,
            CONN,
            "key.request",
            json!({ "allowedIps": ["127.0.0.1"] }),
        )
        .await
        .unwrap();
        let miss = (expires(&k) - time::OffsetDateTime::now_utc()) - left;
        if miss.abs() < Duration::minutes(1) {
            sim.set_clock_offset(Duration::ZERO);
            return;
        }
        offset -= miss;
    }
    panic!("could not land a key {left} from now");
}

#[tokio::test]
async fn notices_warn_at_14_days_and_24_hours_through_the_clock_knob() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, _store, sim) = setup(dir.path()).await;
    assert!(svc.notices().unwrap().is_empty(), "no key, no notice");

    key_expiring_in(&svc, &sim, Duration::days(10) + Duration::hours(1)).await;
    let n = svc.notices().unwrap();
    assert_eq!(n.len(), 1, "{n:?}");
    assert_eq!(n[0].level, NoticeLevel::Warning);
    assert_eq!(n[0].code, "undostres.key_expires");
    assert_eq!(n[0].params["days"], 10);
    assert_eq!(n[0].connection_name, CONN);
    assert!(
        n[0].message.contains("expires in 10 days"),
        "{}",
        n[0].message
    );
    let status = op(&svc, CONN, "key.status", json!({})).await.unwrap();
    assert_eq!(
        (status["level"].as_str(), status["daysLeft"].as_i64()),
        (Some("soon"), Some(10))
    );

    key_expiring_in(&svc, &sim, Duration::hours(12) + Duration::minutes(5)).await;
    let n = svc.notices().unwrap();
    assert_eq!(n[0].level, NoticeLevel::Urgent);
    assert!(
        n[0].message.contains("expires in 12 hours"),
        "{}",
        n[0].message
    );
    let status = op(&svc, CONN, "key.status", json!({})).await.unwrap();
    assert_eq!(status["level"], "urgent");
    // Still a working key meanwhile.
    op(&svc, CONN, "account.get", json!({})).await.unwrap();
}

#[tokio::test]
async fn the_sandbox_starts_with_the_demo_key_and_its_warning() {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(Options {
        data_dir: dir.path().to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Eager,
    })
    .await
    .unwrap();
    let status = op(&svc, "Sandbox UnDosTres", "key.status", json!({}))
        .await
        .unwrap();
    assert_eq!(status["level"], "soon", "{status}");
    assert!(status["previousValidUntil"].is_null(), "{status}");
    let n = svc.notices().unwrap();
    assert!(
        n.iter().any(|n| n.connection_name == "Sandbox UnDosTres"),
        "{n:?}"
    );
    // The key works: the account reads.
    let me = op(&svc, "Sandbox UnDosTres", "account.get", json!({}))
        .await
        .unwrap();
    assert_eq!(me["companyId"], udt::DEMO_COMPANY_ID);
}

/// A simulator forgets its accounts when it stops (and the next one listens
/// on another port), so a sandbox sub-account must not outlive it.
#[tokio::test]
async fn a_sandbox_sub_account_is_dropped_at_start_up_and_is_not_a_real_connection() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let eager = || async {
        Service::open(Options {
            data_dir: dir.path().to_owned(),
            secrets: Secrets::Store(store.clone()),
            sandbox: SandboxMode::Eager,
        })
        .await
        .unwrap()
    };
    let svc = eager().await;
    let created = op(
        &svc,
        "Sandbox UnDosTres",
        "subaccount.create",
        json!({ "names": "Sucursal Demo", "webhooks": [] }),
    )
    .await
    .unwrap();
    let sub = created["connectionId"].as_str().unwrap().to_owned();
    assert!(store.get(&sub).unwrap().is_some());
    // Removing the sandbox leaves only the sub-account: not a real one.
    svc.remove_connection("Sandbox UnDosTres").await.unwrap();
    drop(svc);

    let svc = eager().await;
    let names: Vec<_> = svc
        .connections()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(!names.contains(&"Sucursal Demo".to_owned()), "{names:?}");
    assert!(names.contains(&"Sandbox UnDosTres".to_owned()), "{names:?}");
    assert!(
        store.get(&sub).unwrap().is_none(),
        "its secrets went with it"
    );
}

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
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

/// Every UnDosTres operation (and a failing one), then the whole data
/// folder (SQLite, its WAL, logs) and every reply are scanned for the keys
/// and passwords involved.
#[tokio::test]
async fn canary_no_key_or_password_in_the_data_folder_logs_or_replies() {
    let dir = tempfile::tempdir().unwrap();
    ventanilla_service::logging::init(dir.path());
    let (svc, _store, sim) = setup(dir.path()).await;
    let mut replies = Vec::new();
    let mut run = |r: ventanilla_core::Result<Value>| match r {
        Ok(v) => replies.push(v.to_string()),
        Err(e) => replies.push(serde_json::to_string(&e).unwrap()),
    };
    run(op(
        &svc,
        CONN,
        "key.request",
        json!({ "allowedIps": ["127.0.0.1"] }),
    )
    .await);
    let first_key = udt::remote_demo_key(&sim.base_url()).await.unwrap().api_key;
    run(op(&svc, CONN, "key.status", json!({})).await);
    run(op(&svc, CONN, "account.get", json!({})).await);
    run(op(&svc, CONN, "account.update", json!({ "names": "Norte" })).await);
    run(op(&svc, CONN, "account.tree", json!({})).await);
    let created = op(
        &svc,
        CONN,
        "subaccount.create",
        json!({ "names": "Sucursal Canario", "webhooks": [] }),
    )
    .await
    .unwrap();
    run(Ok(created.clone()));
    let sub = created["connectionId"].as_str().unwrap().to_owned();
    let sub_password = sim
        .credentials_of(created["companyId"].as_str().unwrap())
        .unwrap()
        .password;
    run(op(
        &svc,
        &sub,
        "key.request",
        json!({ "allowedIps": ["127.0.0.1"] }),
    )
    .await);
    run(op(
        &svc,
        CONN,
        "key.request",
        json!({ "allowedIps": [], "expirePreviousAt": "now" }),
    )
    .await);
    let second_key = udt::remote_demo_key(&sim.base_url()).await.unwrap().api_key;
    // A refused one: the stale key is echoed nowhere either.
    run(op(
        &svc,
        CONN,
        "account.get",
        json!({ "companyId": "UDT-9999" }),
    )
    .await);
    run(Ok(serde_json::to_value(svc.notices().unwrap()).unwrap()));
    run(Ok(serde_json::to_value(svc.connections().unwrap()).unwrap()));
    let demo_password = sim.credentials().password;
    let canaries = [
        first_key.expose().to_owned(),
        second_key.expose().to_owned(),
        sub_password,
        demo_password,
    ];
    for r in &replies {
        for c in &canaries {
            assert!(!r.contains(c.as_str()), "a reply holds a secret: {r}");
        }
    }
    drop(svc);
    let all = files(dir.path());
    assert!(
        all.iter().any(|p| p.to_string_lossy().contains(".log")),
        "{all:?}"
    );
    for p in all {
        let bytes = std::fs::read(&p).unwrap();
        for c in &canaries {
            assert!(
                !bytes.windows(c.len()).any(|w| w == c.as_bytes()),
                "{} holds a secret",
                p.display()
            );
        }
    }
}
