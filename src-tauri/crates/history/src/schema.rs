//! The schema and its migrations, versioned with `PRAGMA user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema from version `i` to `i + 1`.
//! Never edit a released step: append a new one.

use crate::storage;
use rusqlite::{Connection, TransactionBehavior};
use ventanilla_core::{Error, ErrorCode, Result};

/// Length of the time buckets in `operation_hours` (one hour, in ms).
pub(crate) const BUCKET_MS: i64 = 3_600_000;

pub(crate) const MIGRATIONS: &[&str] = &[V1];

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
