//! The schema and its migrations, versioned with `PRAGMA user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema from version `i` to `i + 1`.
//! Never edit a released step: append a new one.

use crate::storage;
use rusqlite::{Connection, TransactionBehavior};
use ventanilla_core::{Error, ErrorCode, Result};

/// Length of the time buckets in `operation_hours` (one hour, in ms).
pub(crate) const BUCKET_MS: i64 = 3_600_000;

pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4];

/// Version 1.
///
/// `operations.id` is the rowid (AUTOINCREMENT: never reused, so it only
/// grows with time and keyset paging is stable). Searches read newest first
/// by walking rowids downwards, which both the table and FTS5 do natively and
/// stop at LIMIT without sorting.
///
/// `operation_hours` maps each hour of `at_ms` to the smallest and largest id
/// recorded in it. A time filter becomes a rowid range (a superset; the exact
/// `at_ms` test still applies), so "last March" starts where March starts
/// instead of scanning everything newer.
const V1: &str = r#"
CREATE TABLE connections (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL UNIQUE,  -- lower-cased name: unique, case-insensitive
    provider       TEXT NOT NULL,
    base_url       TEXT NOT NULL,
    sandbox        INTEGER NOT NULL DEFAULT 0 CHECK (sandbox IN (0, 1)),
    created_at_ms  INTEGER NOT NULL,
    settings_json  TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE operations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms            INTEGER NOT NULL,
    connection_id    TEXT,
    connection_name  TEXT NOT NULL,
    provider         TEXT NOT NULL,
    operation        TEXT NOT NULL,
    target           TEXT NOT NULL,
    outcome          TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
    error_code       TEXT,
    duration_ms      INTEGER NOT NULL,
    summary          TEXT NOT NULL
);
-- Each index ends with the rowid, so "provider = ? ORDER BY id DESC" walks it in order.
CREATE INDEX operations_provider ON operations (provider);
CREATE INDEX operations_outcome ON operations (outcome);
CREATE INDEX operations_provider_outcome ON operations (provider, outcome);

CREATE TABLE operation_hours (
    hour    INTEGER PRIMARY KEY,
    min_id  INTEGER NOT NULL,
    max_id  INTEGER NOT NULL
);

CREATE VIRTUAL TABLE operations_fts USING fts5 (
    operation, target, summary, connection_name, error_code,
    content = 'operations',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3',
    columnsize = 0
);

CREATE TRIGGER operations_ai AFTER INSERT ON operations BEGIN
    INSERT INTO operations_fts (rowid, operation, target, summary, connection_name, error_code)
    VALUES (new.id, new.operation, new.target, new.summary, new.connection_name, new.error_code);
    INSERT INTO operation_hours (hour, min_id, max_id)
    VALUES (new.at_ms / 3600000 - (new.at_ms % 3600000 < 0), new.id, new.id)
    ON CONFLICT (hour) DO UPDATE SET
        min_id = min(min_id, excluded.min_id),
        max_id = max(max_id, excluded.max_id);
END;

CREATE TRIGGER operations_ad AFTER DELETE ON operations BEGIN
    INSERT INTO operations_fts (operations_fts, rowid, operation, target, summary, connection_name, error_code)
    VALUES ('delete', old.id, old.operation, old.target, old.summary, old.connection_name, old.error_code);
END;

CREATE TRIGGER operations_au AFTER UPDATE ON operations BEGIN
    INSERT INTO operations_fts (operations_fts, rowid, operation, target, summary, connection_name, error_code)
    VALUES ('delete', old.id, old.operation, old.target, old.summary, old.connection_name, old.error_code);
    INSERT INTO operations_fts (rowid, operation, target, summary, connection_name, error_code)
    VALUES (new.id, new.operation, new.target, new.summary, new.connection_name, new.error_code);
    INSERT INTO operation_hours (hour, min_id, max_id)
    VALUES (new.at_ms / 3600000 - (new.at_ms % 3600000 < 0), new.id, new.id)
    ON CONFLICT (hour) DO UPDATE SET
        min_id = min(min_id, excluded.min_id),
        max_id = max(max_id, excluded.max_id);
END;

CREATE TABLE cached_objects (
    kind           TEXT NOT NULL,
    connection_id  TEXT NOT NULL,
    key            TEXT NOT NULL,
    json           TEXT NOT NULL,
    synced_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (kind, connection_id, key)
) WITHOUT ROWID;
CREATE INDEX cached_objects_recent ON cached_objects (kind, synced_at_ms);
CREATE INDEX cached_objects_connection_recent ON cached_objects (kind, connection_id, synced_at_ms);
CREATE INDEX cached_objects_connection ON cached_objects (connection_id);
"#;

/// Version 2: `operations.outcome` also accepts `'unknown'` (a write sent
/// whose reply never came, or whose pending row the process never completed).
///
/// SQLite cannot alter a CHECK, so the table is rebuilt: same ids, same
/// columns, then its indexes and triggers again. The external-content FTS
/// index and `operation_hours` refer to ids, which are kept, so they stay
/// valid as they are. Dropping a table does not fire its triggers. The
/// AUTOINCREMENT counter is carried over so ids are never reused.
const V2: &str = r#"
CREATE TABLE operations_v2 (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms            INTEGER NOT NULL,
    connection_id    TEXT,
    connection_name  TEXT NOT NULL,
    provider         TEXT NOT NULL,
    operation        TEXT NOT NULL,
    target           TEXT NOT NULL,
    outcome          TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'unknown')),
    error_code       TEXT,
    duration_ms      INTEGER NOT NULL,
    summary          TEXT NOT NULL
);
INSERT INTO operations_v2
    (id, at_ms, connection_id, connection_name, provider, operation, target, outcome, error_code, duration_ms, summary)
    SELECT id, at_ms, connection_id, connection_name, provider, operation, target, outcome, error_code, duration_ms, summary
    FROM operations ORDER BY id;
CREATE TEMP TABLE operations_seq AS
    SELECT max(
        coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'operations'), 0),
        coalesce((SELECT max(id) FROM operations), 0)
    ) AS seq;
DROP TABLE operations;
ALTER TABLE operations_v2 RENAME TO operations;
DELETE FROM sqlite_sequence WHERE name IN ('operations', 'operations_v2');
INSERT INTO sqlite_sequence (name, seq) SELECT 'operations', seq FROM temp.operations_seq;
DROP TABLE temp.operations_seq;

CREATE INDEX operations_provider ON operations (provider);
CREATE INDEX operations_outcome ON operations (outcome);
CREATE INDEX operations_provider_outcome ON operations (provider, outcome);

CREATE TRIGGER operations_ai AFTER INSERT ON operations BEGIN
    INSERT INTO operations_fts (rowid, operation, target, summary, connection_name, error_code)
    VALUES (new.id, new.operation, new.target, new.summary, new.connection_name, new.error_code);
    INSERT INTO operation_hours (hour, min_id, max_id)
    VALUES (new.at_ms / 3600000 - (new.at_ms % 3600000 < 0), new.id, new.id)
    ON CONFLICT (hour) DO UPDATE SET
        min_id = min(min_id, excluded.min_id),
        max_id = max(max_id, excluded.max_id);
END;

CREATE TRIGGER operations_ad AFTER DELETE ON operations BEGIN
    INSERT INTO operations_fts (operations_fts, rowid, operation, target, summary, connection_name, error_code)
    VALUES ('delete', old.id, old.operation, old.target, old.summary, old.connection_name, old.error_code);
END;

-- External-content FTS5 keeps no copy of the text: an update is a 'delete'
-- of the old values and an insert of the new ones.
CREATE TRIGGER operations_au AFTER UPDATE ON operations BEGIN
    INSERT INTO operations_fts (operations_fts, rowid, operation, target, summary, connection_name, error_code)
    VALUES ('delete', old.id, old.operation, old.target, old.summary, old.connection_name, old.error_code);
    INSERT INTO operations_fts (rowid, operation, target, summary, connection_name, error_code)
    VALUES (new.id, new.operation, new.target, new.summary, new.connection_name, new.error_code);
    INSERT INTO operation_hours (hour, min_id, max_id)
    VALUES (new.at_ms / 3600000 - (new.at_ms % 3600000 < 0), new.id, new.id)
    ON CONFLICT (hour) DO UPDATE SET
        min_id = min(min_id, excluded.min_id),
        max_id = max(max_id, excluded.max_id);
END;
"#;

/// Version 3: a summary's code and parameters (JSON), so the History screen
/// shows it in the user's language; `summary` keeps the English text the
/// CLI, the CSV export and the search use. Rows recorded before have neither
/// (NULL): they show their text.
const V3: &str = r#"
ALTER TABLE operations ADD COLUMN summary_code TEXT;
ALTER TABLE operations ADD COLUMN summary_params TEXT;
"#;

/// Version 4: what a connection's credentials came from. `issued`: a
/// provider operation issued them for a new account (e.g. a sub-account),
/// so they may be copied once; `sandbox_bound`: issued by a simulator,
/// which forgets them when it stops, so the row is dropped at start-up.
const V4: &str = r#"
ALTER TABLE connections ADD COLUMN issued INTEGER NOT NULL DEFAULT 0 CHECK (issued IN (0, 1));
ALTER TABLE connections ADD COLUMN sandbox_bound INTEGER NOT NULL DEFAULT 0 CHECK (sandbox_bound IN (0, 1));
"#;

/// Brings the schema up to date. Safe to run on every open and from several
/// processes at once (each step runs in an IMMEDIATE transaction that
/// re-reads the version).
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(storage("cannot start the schema migration"))?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(storage("cannot read the schema version"))?;
        if version > known {
            return Err(Error::new(
                ErrorCode::Storage,
                format!(
                    "the history database has schema version {version}, newer than this \
                     Ventanilla knows ({known}); update Ventanilla or use another data folder"
                ),
            ));
        }
        if version < 0 {
            return Err(Error::new(
                ErrorCode::Storage,
                format!("the history database has an invalid schema version {version}"),
            ));
        }
        if version == known {
            return Ok(());
        }
        let step = MIGRATIONS[version as usize];
        tx.execute_batch(step).map_err(storage(&format!(
            "schema migration to version {} failed",
            version + 1
        )))?;
        tx.pragma_update(None, "user_version", version + 1)
            .map_err(storage("cannot record the schema version"))?;
        tx.commit().map_err(storage(&format!(
            "cannot commit schema migration {}",
            version + 1
        )))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::History;
    use ventanilla_core::history::{HistoryQuery, NewOperation, Outcome, Summary};

    /// A database left by a Ventanilla that knew only V1 is carried to V2
    /// with its ids, its search index and its id counter intact.
    #[test]
    fn v1_database_upgrades_keeping_ids_search_and_counter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(V1).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            for (i, word) in ["alfa", "bravo", "charlie"].iter().enumerate() {
                conn.execute(
                    "INSERT INTO operations (at_ms, connection_name, provider, operation, target, outcome, duration_ms, summary)
                     VALUES (?1, 'c', 'backoffice', 'user.get', ?2, 'ok', 1, ?3)",
                    rusqlite::params![1_000 + i as i64, format!("user {i}"), format!("{word} summary")],
                )
                .unwrap();
            }
            // The newest row is gone: its id must not be handed out again.
            conn.execute("DELETE FROM operations WHERE id = 3", [])
                .unwrap();
            let err = conn.execute(
                "INSERT INTO operations (at_ms, connection_name, provider, operation, target, outcome, duration_ms, summary)
                 VALUES (1, 'c', 'p', 'o', 't', 'unknown', 0, 's')",
                [],
            );
            assert!(err.is_err(), "V1 refuses 'unknown'");
        }
        let h = History::open(&path).unwrap();
        let v: i64 = h
            .write(|c| {
                Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))
                    .unwrap())
            })
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        let found = h
            .search(&HistoryQuery {
                text: Some("bravo".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.items.len(), 1);
        assert_eq!(found.items[0].id, 2);
        assert_eq!(found.items[0].target, "user 1");
        // Rows from before V3 keep their text and have no code.
        assert_eq!(found.items[0].summary, "bravo summary");
        assert_eq!(found.items[0].summary_code, None);

        let id = h
            .record_pending(&NewOperation {
                at_ms: 5_000,
                connection_id: None,
                connection_name: "c".into(),
                provider: "backoffice".into(),
                operation: "ticket.create".into(),
                target: "user 7".into(),
                outcome: Outcome::Unknown,
                error_code: None,
                duration_ms: 0,
                summary: Summary::new("pending", "sent, not confirmed"),
            })
            .unwrap();
        assert_eq!(id, 4, "ids keep growing after the rebuild");
        let new = h.search(&HistoryQuery::default()).unwrap().items;
        assert_eq!(new[0].summary_code.as_deref(), Some("pending"));
        // Indexes and triggers came back.
        let names: Vec<String> = h
            .write(|c| {
                let mut st = c
                    .prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'operations' AND type IN ('index', 'trigger') ORDER BY name")
                    .unwrap();
                let v = st
                    .query_map([], |r| r.get(0))
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                Ok(v)
            })
            .unwrap();
        assert_eq!(
            names,
            [
                "operations_ad",
                "operations_ai",
                "operations_au",
                "operations_outcome",
                "operations_provider",
                "operations_provider_outcome"
            ]
        );
        h.write(|c| {
            c.execute_batch(
                "INSERT INTO operations_fts (operations_fts) VALUES ('integrity-check');",
            )
            .unwrap();
            Ok(())
        })
        .unwrap();
    }
}
