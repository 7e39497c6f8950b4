//! Ventanilla's local SQLite store.
//!
//! One database file holds:
//! - **connections**: the non-secret settings of each named connection
//!   (secrets live in the OS keychain, never here);
//! - **the operation log**: every operation the app ran, with full-text
//!   search (FTS5), keyset paging and a streaming CSV export;
//! - **cached provider objects**: the last known state of provider lists so
//!   screens open instantly and show when they were last synced.
//!
//! [`History`] is `Send + Sync`: writes go through one connection behind a
//! mutex, reads (searches, exports, lookups) use a small pool of separate
//! read connections, so in WAL mode a search never waits for a write.
//!
//! Every SQLite failure surfaces as a core [`Error`] with code
//! [`ErrorCode::Storage`] and a message saying what failed.

mod cache;
mod connections;
mod csv_export;
mod fts;
mod ops;
mod schema;

pub use cache::CachedObject;
pub use connections::StoredConnection;
pub use ops::Completion;
pub use ventanilla_core::history::{
    HistoryPage, HistoryQuery, NewOperation, OperationRecord, Outcome, Summary,
    HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT,
};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use ventanilla_core::{Error, ErrorCode, Result};

/// How long a connection waits for a lock held by another connection or process.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Idle read connections kept open for reuse.
const MAX_IDLE_READERS: usize = 4;

/// The local store. Cheap to share behind an `Arc`.
pub struct History {
    writer: Mutex<Connection>,
    readers: Readers,
}

enum Readers {
    /// On-disk database: separate read connections (WAL lets them run beside writes).
    Pool {
        path: PathBuf,
        idle: Mutex<Vec<Connection>>,
    },
    /// In-memory database: there is only the one connection.
    Writer,
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("History");
        match &self.readers {
            Readers::Pool { path, .. } => d.field("path", path),
            Readers::Writer => d.field("path", &":memory:"),
        };
        d.finish_non_exhaustive()
    }
}

/// Maps a rusqlite error to a core `Storage` error that says what failed.
pub(crate) fn storage(what: &str) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
    move |e| Error::new(ErrorCode::Storage, format!("{what}: {e}"))
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere while holding the lock leaves the connection usable:
    // SQLite rolls back an unfinished transaction when the next one begins.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl History {
    /// Opens (creating if needed, parent folders included) the database at
    /// `path`, switches it to WAL and brings its schema up to date.
    ///
    /// Fails with a `Storage` error if the file was written by a newer
    /// Ventanilla whose schema this version does not know.
    pub fn open(path: impl AsRef<Path>) -> Result<History> {
        let path = path.as_ref();
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::new(
                    ErrorCode::Storage,
                    format!(
                        "cannot create the folder for the history database {}: {e}",
                        dir.display()
                    ),
                )
            })?;
        }
        create_private(path)?;
        let mut conn = Connection::open(path).map_err(storage(&format!(
            "cannot open the history database {}",
            path.display()
        )))?;
        configure(&conn, true)?;
        schema::migrate(&mut conn)?;
        Ok(History {
            writer: Mutex::new(conn),
            readers: Readers::Pool {
                path: path.to_path_buf(),
                idle: Mutex::new(Vec::new()),
            },
        })
    }

    /// A private, empty in-memory database (tests, or when no data folder is usable).
    pub fn open_in_memory() -> Result<History> {
        let mut conn =
            Connection::open_in_memory().map_err(storage("cannot open an in-memory database"))?;
        configure(&conn, false)?;
        schema::migrate(&mut conn)?;
        Ok(History {
            writer: Mutex::new(conn),
            readers: Readers::Writer,
        })
    }

    /// The schema version this build writes (`PRAGMA user_version`).
    pub fn schema_version() -> u32 {
        schema::MIGRATIONS.len() as u32
    }

    /// Runs `f` on the write connection.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        f(&mut conn)
    }

    /// Runs `f` on a read connection (never the writer, for on-disk databases).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match &self.readers {
            Readers::Writer => {
                let conn = lock(&self.writer);
                f(&conn)
            }
            Readers::Pool { path, idle } => {
                let pooled = lock(idle).pop();
                let conn = match pooled {
                    Some(c) => c,
                    None => open_reader(path)?,
                };
                let out = f(&conn);
                let mut idle = lock(idle);
                if idle.len() < MAX_IDLE_READERS {
                    idle.push(conn);
                }
                out
            }
        }
    }

    /// `PRAGMA synchronous` of the write connection (2 = FULL).
    pub fn synchronous(&self) -> Result<i64> {
        self.write(|c| {
            c.query_row("PRAGMA synchronous", [], |r| r.get(0))
                .map_err(storage("cannot read the synchronous setting"))
        })
    }

    /// Journal mode in force (`"wal"` for on-disk databases).
    pub fn journal_mode(&self) -> Result<String> {
        self.write(|c| {
            c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .map_err(storage("cannot read the journal mode"))
        })
    }
}

impl Drop for History {
    fn drop(&mut self) {
        // Keep the planner's statistics fresh; cheap, and failure is harmless.
        let conn = lock(&self.writer);
        let _ = conn.execute_batch("PRAGMA optimize;");
    }
}

fn configure(conn: &Connection, on_disk: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(storage("cannot set the database busy timeout"))?;
    conn.set_prepared_statement_cache_capacity(64);
    if on_disk {
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(storage("cannot switch the history database to WAL"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::new(
                ErrorCode::Storage,
                format!("the history database refused WAL mode (journal mode is {mode})"),
            ));
        }
    }
    // FULL: a committed operation row survives a power cut, not only a
    // crash (WAL with NORMAL may lose the last commits). Rows are small and
    // few per second, so the extra fsync is cheap.
    conn.execute_batch(
        "PRAGMA synchronous=FULL;
         PRAGMA foreign_keys=ON;
         PRAGMA temp_store=MEMORY;",
    )
    .map_err(storage("cannot configure the history database"))?;
    Ok(())
}

/// Creates the database file readable by its owner only (0600) before SQLite
/// opens it, and narrows an existing one (and its `-wal`/`-shm`) to 0600:
/// the log names people, users and documents. SQLite gives the `-wal` and
/// `-shm` it creates the database file's permissions. The folder is left as it is.
fn create_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let fail = |what: &Path, e: std::io::Error| {
            Error::new(
                ErrorCode::Storage,
                format!("cannot make {} private: {e}", what.display()),
            )
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(fail(path, e)),
        }
        let mut files = vec![path.to_path_buf()];
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            files.push(PathBuf::from(p));
        }
        for f in files {
            match std::fs::symlink_metadata(&f) {
                Ok(m) if m.is_file() && m.permissions().mode() & 0o077 != 0 => {
                    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600))
                        .map_err(|e| fail(&f, e))?;
                }
                _ => {}
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(storage(&format!(
        "cannot open the history database {} for reading",
        path.display()
    )))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(storage("cannot set the database busy timeout"))?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch("PRAGMA temp_store=MEMORY; PRAGMA query_only=ON;")
        .map_err(storage("cannot configure a read connection"))?;
    Ok(conn)
}
