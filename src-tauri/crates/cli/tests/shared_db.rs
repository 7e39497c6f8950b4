//! The app and `ventanilla-cli` on one data folder at the same time (issue
//! 10): the app's service stays open and keeps working (writing and
//! searching its history) while CLI processes record 1,000 operations. WAL
//! and the busy timeout (history crate) make them wait for each other
//! instead of failing: no row is lost, no command fails with "database is
//! locked". Each CLI run starts its own sandbox simulator.

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use ventanilla_core::history::HistoryQuery;
use ventanilla_core::op::NoHost;
use ventanilla_provider_backoffice::ops::UserGet;
use ventanilla_provider_backoffice::Backoffice;
use ventanilla_service::{Options, SandboxMode, Secrets, Service};

const CLI_ROWS: usize = 1_000;
const WORKERS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_open_while_the_cli_writes_a_thousand_rows_loses_none() {
    let data = tempfile::tempdir().unwrap();
    // "The app": the service the desktop shell runs, open the whole time.
    let app = Arc::new(
        Service::open(Options {
            data_dir: data.path().to_path_buf(),
            secrets: Secrets::MemoryOnly,
            sandbox: SandboxMode::Eager,
        })
        .await
        .unwrap(),
    );
    let sandbox = app
        .connections()
        .unwrap()
        .into_iter()
        .find(|c| c.sandbox && c.provider == "backoffice")
        .unwrap();

    // The app keeps working meanwhile: lookups (each one a history row) and searches.
    let stop = Arc::new(AtomicBool::new(false));
    let app_work = {
        let (app, stop, id) = (app.clone(), stop.clone(), sandbox.id.clone());
        tokio::spawn(async move {
            let mut rows = 0u64;
            while !stop.load(Ordering::Relaxed) {
                app.exec::<Backoffice, _>(
                    &id,
                    UserGet {
                        user_id: "7".parse().unwrap(),
                    },
                    &NoHost,
                )
                .await
                .expect("the app's lookup");
                rows += 1;
                app.history()
                    .search(&HistoryQuery {
                        text: Some("user".into()),
                        ..Default::default()
                    })
                    .expect("the app's search");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            rows
        })
    };

    // The CLI, as scripts run it: WORKERS at a time, 1,000 runs in all.
    let cli = env!("CARGO_BIN_EXE_ventanilla-cli");
    let dir = data.path().to_path_buf();
    let failures = tokio::task::spawn_blocking(move || {
        let per = CLI_ROWS / WORKERS;
        let handles: Vec<_> = (0..WORKERS)
            .map(|_| {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let mut failed = Vec::new();
                    for _ in 0..per {
                        let out = Command::new(cli)
                            .args(["--json", "backoffice", "user", "get", "7"])
                            .env("VENTANILLA_DATA_DIR", &dir)
                            .env_remove("DBUS_SESSION_BUS_ADDRESS")
                            .stdin(Stdio::null())
                            .output()
                            .unwrap();
                        if !out.status.success() {
                            failed.push(String::from_utf8_lossy(&out.stdout).into_owned());
                        }
                    }
                    failed
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    let app_rows = app_work.await.unwrap();
    assert!(
        failures.is_empty(),
        "{} CLI runs failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(3)]
    );
    assert!(app_rows > 0);

    // Every operation of both is there, counted by the app that stayed open…
    let total = app.history().operation_count().unwrap();
    assert_eq!(total, CLI_ROWS as u64 + app_rows);
    // …and by a fresh reader of the file, as the next start would see it.
    let fresh = ventanilla_history::History::open(data.path().join("ventanilla.sqlite3")).unwrap();
    assert_eq!(fresh.operation_count().unwrap(), total);
}
