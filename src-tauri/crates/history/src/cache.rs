//! Cached provider objects: the last known state of what a provider listed,
//! so screens open instantly (and offline) and can say when it was synced.

use crate::{storage, History};
use rusqlite::{params, OptionalExtension, Row};
use ventanilla_core::{Error, Result};

/// One cached provider object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedObject {
    /// What it is, e.g. `user`, `ticket`, `envelope`.
    pub kind: String,
    pub connection_id: String,
    /// The provider's id for it.
    pub key: String,
    /// The domain object, serialized as JSON.
    pub json: String,
    /// When it was last fetched from the provider, Unix ms UTC.
    pub synced_at_ms: i64,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<CachedObject> {
    Ok(CachedObject {
        kind: r.get(0)?,
        connection_id: r.get(1)?,
        key: r.get(2)?,
        json: r.get(3)?,
        synced_at_ms: r.get(4)?,
    })
}

/// Most objects `cache_recent` returns at once.
pub const CACHE_RECENT_MAX: u32 = 10_000;

impl History {
    /// Stores (or replaces) the cached copy of one provider object.
    /// `json` must be a JSON document.
    pub fn cache_put(
        &self,
        kind: &str,
        connection_id: &str,
        key: &str,
        json: &str,
        synced_at_ms: i64,
    ) -> Result<()> {
        if serde_json::from_str::<serde::de::IgnoredAny>(json).is_err() {
            return Err(Error::invalid(
                "json",
                ventanilla_core::error::FieldError::new(
                    "invalid_json",
                    "is not a valid JSON document",
                ),
            ));
        }
        self.write(|conn| {
            conn.prepare_cached(
                "INSERT INTO cached_objects (kind, connection_id, key, json, synced_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kind, connection_id, key)
                 DO UPDATE SET json = excluded.json, synced_at_ms = excluded.synced_at_ms",
            )
            .and_then(|mut st| st.execute(params![kind, connection_id, key, json, synced_at_ms]))
            .map_err(storage("cannot save the cached object"))?;
            Ok(())
        })
    }

    pub fn cache_get(
        &self,
        kind: &str,
        connection_id: &str,
        key: &str,
    ) -> Result<Option<CachedObject>> {
        self.read(|conn| {
            conn.prepare_cached(
                "SELECT kind, connection_id, key, json, synced_at_ms FROM cached_objects
                 WHERE kind = ?1 AND connection_id = ?2 AND key = ?3",
            )
            .and_then(|mut st| {
                st.query_row(params![kind, connection_id, key], from_row)
                    .optional()
            })
            .map_err(storage("cannot read the cached object"))
        })
    }

    /// The most recently synced objects of `kind` (of one connection, or of
    /// all), newest-synced first; at most `limit` (capped at 10,000).
    pub fn cache_recent(
        &self,
        kind: &str,
        connection_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<CachedObject>> {
        let limit = limit.min(CACHE_RECENT_MAX);
        self.read(|conn| {
            let mut st = match connection_id {
                Some(_) => conn.prepare_cached(
                    "SELECT kind, connection_id, key, json, synced_at_ms FROM cached_objects
                     WHERE kind = ?1 AND connection_id = ?2
                     ORDER BY synced_at_ms DESC, key LIMIT ?3",
                ),
                None => conn.prepare_cached(
                    "SELECT kind, connection_id, key, json, synced_at_ms FROM cached_objects
                     WHERE kind = ?1 AND ?2 IS NULL
                     ORDER BY synced_at_ms DESC, connection_id, key LIMIT ?3",
                ),
            }
            .map_err(storage("cannot list cached objects"))?;
            let rows = st
                .query_map(params![kind, connection_id, limit], from_row)
                .map_err(storage("cannot list cached objects"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(storage("cannot read cached objects"))
        })
    }

    /// Forgets one cached object (e.g. the provider says it no longer exists).
    /// Returns whether it was cached.
    pub fn cache_delete(&self, kind: &str, connection_id: &str, key: &str) -> Result<bool> {
        self.write(|conn| {
            conn.execute(
                "DELETE FROM cached_objects WHERE kind = ?1 AND connection_id = ?2 AND key = ?3",
                params![kind, connection_id, key],
            )
            .map(|n| n > 0)
            .map_err(storage("cannot delete the cached object"))
        })
    }

    /// Forgets everything cached for a connection (also done by
    /// `delete_connection`). Returns how many objects were removed.
    pub fn cache_clear_connection(&self, connection_id: &str) -> Result<u64> {
        self.write(|conn| {
            conn.execute(
                "DELETE FROM cached_objects WHERE connection_id = ?1",
                [connection_id],
            )
            .map(|n| n as u64)
            .map_err(storage("cannot clear the connection's cached objects"))
        })
    }
}
