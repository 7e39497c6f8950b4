//! The registry check every provider's operations go through: each
//! registered operation (walked from `ProviderSpec::ops`, so a new one
//! without a row fails) runs through `Service::exec_json` against the
//! provider's simulator with a valid input, invalid inputs and an input the
//! provider rejects. `tests/registry.rs` has one table per provider.

#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use ventanilla_core::connection::ConnectionInput;
use ventanilla_core::history::{HistoryQuery, OperationRecord, Outcome};
use ventanilla_core::op::NoHost;
use ventanilla_core::op::{Call, Op, OpKind, OpVisitor, ProviderSpec};
use ventanilla_core::{Error, ErrorCode, SecretString};
use ventanilla_service::{Options, SandboxMode, Secrets, Service};

/// One operation's row.
pub struct Case {
    /// An input the simulator accepts.
    pub valid: Value,
    /// Inputs refused before anything is sent (VALIDATION). Empty only for
    /// an operation whose input cannot be wrong (no fields, or none checked).
    pub invalid: Vec<Value>,
    /// An input the provider refuses, and the code it must arrive as.
    pub provider_error: Option<(Value, ErrorCode)>,
}

/// The registered operations of `P`, in the list's order, with their kind
/// and whether they are answered locally (`Op::LOCAL`).
pub fn ops_of<P: ProviderSpec>() -> Vec<(&'static str, OpKind, bool)> {
    struct Names(Vec<(&'static str, OpKind, bool)>);
    impl<P: ProviderSpec> OpVisitor<P> for Names {
        fn op<O: Call<P>>(&mut self) {
            self.0.push((O::NAME, <O as Op>::KIND, <O as Op>::LOCAL));
        }
    }
    let mut v = Names(Vec::new());
    P::ops(&mut v);
    v.0
}

/// A service on a temporary data dir with one connection, `name`, to a
/// simulator the test started (so the test can read its request log).
pub async fn service_with(
    dir: &std::path::Path,
    provider: &str,
    name: &str,
    base_url: &str,
    secrets: &[(&str, &str)],
    settings: Option<Value>,
) -> Service {
    let svc = Service::open(Options {
        data_dir: dir.to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Off,
    })
    .await
    .unwrap();
    let secrets: BTreeMap<String, SecretString> = secrets
        .iter()
        .map(|(k, v)| (k.to_string(), SecretString::new(*v)))
        .collect();
    svc.add_connection(ConnectionInput {
        name: name.into(),
        provider: provider.into(),
        base_url: base_url.into(),
        settings,
        secrets: Some(secrets),
    })
    .await
    .unwrap();
    svc
}

fn rows_after(svc: &Service, after: i64) -> Vec<OperationRecord> {
    let page = svc
        .history()
        .search(&HistoryQuery {
            limit: Some(500),
            ..Default::default()
        })
        .unwrap();
    let mut rows: Vec<_> = page.items.into_iter().filter(|r| r.id > after).collect();
    rows.sort_by_key(|r| r.id);
    rows
}

fn last_id(svc: &Service) -> i64 {
    rows_after(svc, i64::MIN).last().map_or(0, |r| r.id)
}

fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!text.contains(s), "{what} contains a secret: {text}");
    }
}

/// `{code, message, fields?, retryable}` and nothing else, no secret inside.
fn assert_error_shape(name: &str, e: &Error, secrets: &[&str]) {
    let v = serde_json::to_value(e).unwrap();
    let o = v.as_object().unwrap();
    for k in o.keys() {
        assert!(
            ["code", "message", "fields", "retryable"].contains(&k.as_str()),
            "{name}: unexpected error member {k}: {v}"
        );
    }
    assert!(o["code"].is_string(), "{name}: {v}");
    assert!(!o["message"].as_str().unwrap().is_empty(), "{name}: {v}");
    assert!(o["retryable"].is_boolean(), "{name}: {v}");
    if let Some(f) = o.get("fields") {
        assert!(
            f.as_object()
                .unwrap()
                .values()
                .all(|e| e["code"].is_string() && e["message"].is_string()),
            "{name}: {v}"
        );
    }
    assert_clean(name, &v.to_string(), secrets);
}

/// Runs every registered operation of `P` against connection `conn`:
/// `table` gives each one's row (None: the test fails, add a row);
/// `requests` counts what the simulator received; `secrets` are the
/// values no history row or error may contain.
pub async fn check_every_op<P: ProviderSpec>(
    svc: &Service,
    conn: &str,
    table: impl Fn(&str) -> Option<Case>,
    requests: impl Fn() -> usize,
    secrets: &[&str],
) {
    let ops = ops_of::<P>();
    assert!(!ops.is_empty());
    for (name, kind, local) in ops {
        let case = table(name)
            .unwrap_or_else(|| panic!("{} {name} has no row in tests/registry.rs: add one", P::ID));

        // A valid input: one history row named by the operation.
        let before = last_id(svc);
        let sent = requests();
        let out = svc
            .exec_json(P::ID, conn, name, case.valid.clone(), &NoHost)
            .await;
        if let Err(e) = &out {
            panic!("{name} with {}: {e:?}", case.valid);
        }
        if local {
            assert_eq!(requests(), sent, "{name} is local but sent a request");
        } else {
            assert!(requests() > sent, "{name} sent nothing");
        }
        let rows = rows_after(svc, before);
        assert_eq!(rows.len(), 1, "{name}: {rows:?}");
        assert_eq!(rows[0].operation, name);
        assert_eq!(rows[0].outcome, Outcome::Ok, "{name}: {:?}", rows[0]);
        assert_eq!(rows[0].provider, P::ID);
        let _ = kind;
        assert_clean(name, &serde_json::to_string(&rows[0]).unwrap(), secrets);
        assert_clean(name, &out.unwrap().to_string(), secrets);

        // Invalid inputs: refused with VALIDATION, nothing sent.
        for bad in &case.invalid {
            let before = last_id(svc);
            let sent = requests();
            let e = svc
                .exec_json(P::ID, conn, name, bad.clone(), &NoHost)
                .await
                .expect_err(&format!("{name} accepted {bad}"));
            assert_eq!(e.code, ErrorCode::Validation, "{name} {bad}: {e:?}");
            assert_eq!(requests(), sent, "{name} sent {bad}");
            assert_error_shape(name, &e, secrets);
            for r in rows_after(svc, before) {
                assert_eq!(r.operation, name);
                assert_ne!(r.outcome, Outcome::Ok);
                assert_clean(name, &serde_json::to_string(&r).unwrap(), secrets);
            }
        }

        // The provider's refusal: sent, and back in the one error shape.
        if let Some((input, code)) = &case.provider_error {
            let before = last_id(svc);
            let sent = requests();
            let e = svc
                .exec_json(P::ID, conn, name, input.clone(), &NoHost)
                .await
                .expect_err(&format!("{name} succeeded with {input}"));
            assert!(requests() > sent, "{name}: {input} was not sent ({e:?})");
            assert_eq!(e.code, *code, "{name} {input}: {e:?}");
            assert_error_shape(name, &e, secrets);
            let rows = rows_after(svc, before);
            assert_eq!(rows.len(), 1, "{name}: {rows:?}");
            assert_eq!(rows[0].operation, name);
            assert_eq!(rows[0].outcome, Outcome::Error);
            assert_clean(name, &serde_json::to_string(&rows[0]).unwrap(), secrets);
        }
    }
}
