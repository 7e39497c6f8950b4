//! Writes are recorded before they are sent and completed after; the file is private.

use ventanilla_core::history::{HistoryQuery, NewOperation, Outcome, Summary};
use ventanilla_history::{Completion, History};

fn pending(target: &str) -> NewOperation {
    NewOperation {
        at_ms: 1_700_000_000_000,
        connection_id: Some("c1".into()),
        connection_name: "Producción".into(),
        provider: "backoffice".into(),
        operation: "ticket.create".into(),
        target: target.into(),
        outcome: Outcome::Unknown,
        error_code: None,
        duration_ms: 0,
        summary: Summary::new("test", "sent, awaiting confirmation"),
    }
}

fn search(h: &History, text: Option<&str>, outcome: Option<Outcome>) -> Vec<i64> {
    h.search(&HistoryQuery {
        text: text.map(str::to_owned),
        outcome,
        ..Default::default()
    })
    .unwrap()
    .items
    .into_iter()
    .map(|r| r.id)
    .collect()
}

#[test]
fn a_pending_write_survives_reopen_then_completes_with_its_index_updated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite3");
    let id = {
        let h = History::open(&path).unwrap();
        h.record_pending(&pending("user 7")).unwrap()
        // Dropped without completing, as a killed process would leave it.
    };
    let h = History::open(&path).unwrap();
    let rows = h.search(&HistoryQuery::default()).unwrap().items;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, id);
    assert_eq!(rows[0].outcome, Outcome::Unknown);
    assert_eq!(search(&h, None, Some(Outcome::Unknown)), [id]);
    assert_eq!(search(&h, Some("awaiting"), None), [id]);

    h.complete(
        id,
        &Completion {
            outcome: Outcome::Error,
            error_code: Some("PROVIDER_REJECTED".into()),
            duration_ms: 42,
            summary: Summary::new("test", "subject refused"),
        },
    )
    .unwrap();
    let r = &h.search(&HistoryQuery::default()).unwrap().items[0];
    assert_eq!(
        (r.outcome, r.error_code.as_deref(), r.duration_ms),
        (Outcome::Error, Some("PROVIDER_REJECTED"), 42)
    );
    assert_eq!(r.summary, "subject refused");
    assert_eq!(r.target, "user 7", "target and time stay as recorded");
    assert_eq!(r.at_ms, 1_700_000_000_000);
    // The search index follows the update: old words gone, new ones found.
    assert!(search(&h, Some("awaiting"), None).is_empty());
    assert_eq!(search(&h, Some("refused"), None), [id]);
    assert_eq!(search(&h, Some("PROVIDER_REJECTED"), None), [id]);
    assert!(search(&h, None, Some(Outcome::Unknown)).is_empty());
    assert_eq!(search(&h, None, Some(Outcome::Error)), [id]);

    // Completing something that is not there is an error, not a silent no-op.
    let err = h
        .complete(
            id + 100,
            &Completion {
                outcome: Outcome::Ok,
                error_code: None,
                duration_ms: 1,
                summary: Summary::new("test", "x"),
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ventanilla_core::ErrorCode::Storage);
}

#[test]
fn the_operation_log_is_fully_synchronous_in_wal() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(dir.path().join("h.sqlite3")).unwrap();
    assert_eq!(h.journal_mode().unwrap(), "wal");
    assert_eq!(h.synchronous().unwrap(), 2, "PRAGMA synchronous=FULL");
}

#[cfg(unix)]
#[test]
fn the_database_and_its_wal_are_private_and_the_folder_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = folder.join("h.sqlite3");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    let h = History::open(&path).unwrap();
    h.record_pending(&pending("user 1")).unwrap();
    for f in ["h.sqlite3", "h.sqlite3-wal", "h.sqlite3-shm"] {
        assert_eq!(mode(&folder.join(f)), 0o600, "{f}");
    }
    assert_eq!(mode(&folder), 0o755);
    drop(h);

    // A file an older version created 0644 is narrowed on open.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _h = History::open(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
}
