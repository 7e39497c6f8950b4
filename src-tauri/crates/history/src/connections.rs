//! Connections: the non-secret settings of each named connection.

use crate::{storage, History};
use rusqlite::{params, OptionalExtension, Row};
use ventanilla_core::{Error, ErrorCode, Result};

/// A connection's non-secret settings as stored. Its secret fields live in the
/// OS keychain, never here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredConnection {
    pub id: String,
    /// Unique, compared case-insensitively (Unicode lower case).
    pub name: String,
    pub provider: String,
    pub base_url: String,
    /// Points at a built-in simulator.
    pub sandbox: bool,
    /// Unix milliseconds, UTC.
    pub created_at_ms: i64,
    /// Provider-specific non-secret settings, a JSON document (`"{}"` when none).
    pub settings_json: String,
    /// Its credentials were issued by a provider operation for a new account
    /// (not typed by the user): the provider's copyable fields may be copied.
    pub issued: bool,
    /// Issued by a simulator (under a sandbox connection): gone with it, so
    /// dropped at start-up and never counted as a real connection.
    pub sandbox_bound: bool,
}

const COLUMNS: &str =
    "id, name, provider, base_url, sandbox, created_at_ms, settings_json, issued, sandbox_bound";

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredConnection> {
    Ok(StoredConnection {
        id: r.get(0)?,
        name: r.get(1)?,
        provider: r.get(2)?,
        base_url: r.get(3)?,
        sandbox: r.get(4)?,
        created_at_ms: r.get(5)?,
        settings_json: r.get(6)?,
        issued: r.get(7)?,
        sandbox_bound: r.get(8)?,
    })
}

/// The key that makes names unique regardless of case.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn check(c: &StoredConnection) -> Result<()> {
    if c.id.trim().is_empty() {
        return Err(Error::invalid("id", ventanilla_core::validate::blank()));
    }
    if c.name.trim().is_empty() {
        return Err(Error::invalid("name", "can't be blank"));
    }
    if serde_json::from_str::<serde_json::Value>(&c.settings_json).is_err() {
        return Err(Error::invalid("settings", "is not a valid JSON document"));
    }
    Ok(())
}

fn exists(name: &str) -> Error {
    Error::new(
        ErrorCode::ConnectionExists,
        format!("a connection named {name:?} already exists"),
    )
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

impl History {
    /// Adds a connection. A name already used (in any letter case) →
    /// `CONNECTION_EXISTS`; so is an id already used.
    pub fn insert_connection(&self, c: &StoredConnection) -> Result<()> {
        check(c)?;
        self.write(|conn| {
            let r = conn.execute(
                "INSERT INTO connections (id, name, name_key, provider, base_url, sandbox, created_at_ms, settings_json, issued, sandbox_bound)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![c.id, c.name, name_key(&c.name), c.provider, c.base_url, c.sandbox, c.created_at_ms, c.settings_json, c.issued, c.sandbox_bound],
            );
            match r {
                Ok(_) => Ok(()),
                Err(e) if is_unique_violation(&e) => {
                    let id_taken: bool = conn
                        .query_row("SELECT EXISTS (SELECT 1 FROM connections WHERE id = ?1)", [&c.id], |r| r.get(0))
                        .map_err(storage("cannot check connection ids"))?;
                    if id_taken {
                        Err(Error::new(ErrorCode::ConnectionExists, format!("a connection with id {:?} already exists", c.id)))
                    } else {
                        Err(exists(&c.name))
                    }
                }
                Err(e) => Err(storage("cannot save the connection")(e)),
            }
        })
    }

    /// Replaces the settings of the connection with `c.id` (its `created_at_ms`,
    /// `issued` and `sandbox_bound` are kept: they say how it was created). Unknown id → `CONNECTION_NOT_FOUND`; a name another connection
    /// uses → `CONNECTION_EXISTS`.
    pub fn update_connection(&self, c: &StoredConnection) -> Result<()> {
        check(c)?;
        self.write(|conn| {
            let r = conn.execute(
                "UPDATE connections SET name = ?2, name_key = ?3, provider = ?4, base_url = ?5,
                        sandbox = ?6, settings_json = ?7
                 WHERE id = ?1",
                params![
                    c.id,
                    c.name,
                    name_key(&c.name),
                    c.provider,
                    c.base_url,
                    c.sandbox,
                    c.settings_json
                ],
            );
            match r {
                Ok(0) => Err(not_found(&c.id)),
                Ok(_) => Ok(()),
                Err(e) if is_unique_violation(&e) => Err(exists(&c.name)),
                Err(e) => Err(storage("cannot update the connection")(e)),
            }
        })
    }

    /// Deletes a connection and its cached provider objects (its operations
    /// stay in the log). Returns whether it existed.
    pub fn delete_connection(&self, id: &str) -> Result<bool> {
        self.write(|conn| {
            let tx = conn
                .transaction()
                .map_err(storage("cannot start deleting the connection"))?;
            tx.execute("DELETE FROM cached_objects WHERE connection_id = ?1", [id])
                .map_err(storage("cannot delete the connection's cached objects"))?;
            let n = tx
                .execute("DELETE FROM connections WHERE id = ?1", [id])
                .map_err(storage("cannot delete the connection"))?;
            tx.commit()
                .map_err(storage("cannot commit deleting the connection"))?;
            Ok(n > 0)
        })
    }

    /// Every connection, by name (case-insensitive).
    pub fn list_connections(&self) -> Result<Vec<StoredConnection>> {
        self.read(|conn| {
            let mut st = conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM connections ORDER BY name_key, id"
                ))
                .map_err(storage("cannot list connections"))?;
            let rows = st
                .query_map([], from_row)
                .map_err(storage("cannot list connections"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(storage("cannot read connections"))
        })
    }

    pub fn get_connection(&self, id: &str) -> Result<Option<StoredConnection>> {
        self.read(|conn| {
            conn.query_row(
                &format!("SELECT {COLUMNS} FROM connections WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()
            .map_err(storage("cannot read the connection"))
        })
    }

    /// Looks a connection up by name, ignoring letter case.
    pub fn get_connection_by_name(&self, name: &str) -> Result<Option<StoredConnection>> {
        self.read(|conn| {
            conn.query_row(
                &format!("SELECT {COLUMNS} FROM connections WHERE name_key = ?1"),
                [name_key(name)],
                from_row,
            )
            .optional()
            .map_err(storage("cannot read the connection"))
        })
    }
}

fn not_found(id: &str) -> Error {
    Error::new(
        ErrorCode::ConnectionNotFound,
        format!("no connection with id {id:?}"),
    )
}
