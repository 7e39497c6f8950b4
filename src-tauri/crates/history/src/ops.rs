//! The operation log: recording, searching, exporting.

use crate::schema::BUCKET_MS;
use crate::{csv_export, fts, storage, History};
use rusqlite::types::Value;
use rusqlite::{params, Connection, Row, TransactionBehavior};
use std::io::Write;
use ventanilla_core::history::{
    HistoryPage, HistoryQuery, NewOperation, OperationRecord, Outcome, Summary,
    HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT,
};
use ventanilla_core::{Error, Result};

const INSERT: &str = "INSERT INTO operations
    (at_ms, connection_id, connection_name, provider, operation, target, outcome, error_code, duration_ms,
     summary, summary_code, summary_params)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// A summary's parameters as stored: JSON, NULL when there are none.
fn params_json(s: &Summary) -> Option<String> {
    (!s.params.is_empty()).then(|| serde_json::to_string(&s.params).unwrap_or_default())
}

fn insert(conn: &Connection, op: &NewOperation) -> rusqlite::Result<i64> {
    let mut st = conn.prepare_cached(INSERT)?;
    st.execute(params![
        op.at_ms,
        op.connection_id,
        op.connection_name,
        op.provider,
        op.operation,
        op.target,
        op.outcome.as_str(),
        op.error_code,
        i64::try_from(op.duration_ms).unwrap_or(i64::MAX),
        op.summary.text,
        op.summary.code,
        params_json(&op.summary),
    ])?;
    Ok(conn.last_insert_rowid())
}

const COLUMNS: &str = "o.id, o.at_ms, o.connection_name, o.provider, o.operation, o.target, \
                       o.outcome, o.error_code, o.duration_ms, o.summary, o.summary_code, \
                       o.summary_params";

fn from_row(r: &Row<'_>) -> rusqlite::Result<OperationRecord> {
    let outcome: String = r.get(6)?;
    let outcome = match outcome.as_str() {
        "ok" => Outcome::Ok,
        "error" => Outcome::Error,
        "unknown" => Outcome::Unknown,
        other => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                6,
                rusqlite::types::Type::Text,
                format!("unknown outcome {other:?}").into(),
            ))
        }
    };
    let duration: i64 = r.get(8)?;
    Ok(OperationRecord {
        id: r.get(0)?,
        at_ms: r.get(1)?,
        connection_name: r.get(2)?,
        provider: r.get(3)?,
        operation: r.get(4)?,
        target: r.get(5)?,
        outcome,
        error_code: r.get(7)?,
        duration_ms: u64::try_from(duration).unwrap_or(0),
        summary: r.get(9)?,
        summary_code: r.get(10)?,
        // Unreadable parameters (never written so) leave the text to show.
        summary_params: r
            .get::<_, Option<String>>(11)?
            .and_then(|j| serde_json::from_str(&j).ok()),
    })
}

/// A search turned into SQL.
struct Plan {
    sql: String,
    params: Vec<Value>,
}

/// Builds the SQL for `q`; `None` when nothing can match (empty time range).
///
/// Shape: newest first by walking ids downwards, from the FTS index when
/// there is text (FTS5 returns rowids in descending order natively) or from
/// the table / the provider-outcome indexes otherwise, so the database stops
/// after `limit` rows instead of sorting every match. Time bounds become an
/// id window through `operation_hours`, then are checked exactly on `at_ms`.
fn plan(conn: &Connection, q: &HistoryQuery, limit: Option<u32>) -> Result<Option<Plan>> {
    let mut id_lo: Option<i64> = None; // inclusive
    let mut id_hi: Option<i64> = None; // exclusive
    if q.from_ms.is_some() || q.to_ms.is_some() {
        if let (Some(f), Some(t)) = (q.from_ms, q.to_ms) {
            if f >= t {
                return Ok(None);
            }
        }
        let first_hour = q.from_ms.map_or(i64::MIN, |f| f.div_euclid(BUCKET_MS));
        let last_hour = q
            .to_ms
            .map_or(i64::MAX, |t| t.saturating_sub(1).div_euclid(BUCKET_MS));
        let (lo, hi): (Option<i64>, Option<i64>) = conn
            .prepare_cached(
                "SELECT min(min_id), max(max_id) FROM operation_hours WHERE hour BETWEEN ?1 AND ?2",
            )
            .and_then(|mut st| {
                st.query_row([first_hour, last_hour], |r| Ok((r.get(0)?, r.get(1)?)))
            })
            .map_err(storage("cannot search the operation log by time"))?;
        match (lo, hi) {
            (Some(lo), Some(hi)) => {
                id_lo = Some(lo);
                id_hi = Some(hi.saturating_add(1));
            }
            _ => return Ok(None),
        }
    }
    if let Some(b) = q.before_id {
        id_hi = Some(id_hi.map_or(b, |h| h.min(b)));
    }

    let text = q.text.as_deref().and_then(fts::match_expr);
    let mut params: Vec<Value> = Vec::new();
    let mut conds: Vec<String> = Vec::new();
    let key = if text.is_some() {
        "operations_fts.rowid"
    } else {
        "o.id"
    };
    let mut sql = if let Some(m) = text {
        params.push(Value::Text(m));
        conds.push(format!("operations_fts MATCH ?{}", params.len()));
        // CROSS JOIN pins the FTS index as the outer loop.
        format!(
            "SELECT {COLUMNS} FROM operations_fts CROSS JOIN operations o ON o.id = operations_fts.rowid"
        )
    } else {
        format!("SELECT {COLUMNS} FROM operations o")
    };
    if let Some(lo) = id_lo {
        params.push(Value::Integer(lo));
        conds.push(format!("{key} >= ?{}", params.len()));
    }
    if let Some(hi) = id_hi {
        params.push(Value::Integer(hi));
        conds.push(format!("{key} < ?{}", params.len()));
    }
    if let Some(p) = &q.provider {
        params.push(Value::Text(p.clone()));
        conds.push(format!("o.provider = ?{}", params.len()));
    }
    if let Some(o) = q.outcome {
        params.push(Value::Text(o.as_str().to_string()));
        conds.push(format!("o.outcome = ?{}", params.len()));
    }
    if let Some(f) = q.from_ms {
        params.push(Value::Integer(f));
        conds.push(format!("o.at_ms >= ?{}", params.len()));
    }
    if let Some(t) = q.to_ms {
        params.push(Value::Integer(t));
        conds.push(format!("o.at_ms < ?{}", params.len()));
    }
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql.push_str(&format!(" ORDER BY {key} DESC"));
    if let Some(n) = limit {
        params.push(Value::Integer(n.into()));
        sql.push_str(&format!(" LIMIT ?{}", params.len()));
    }
    Ok(Some(Plan { sql, params }))
}

/// The page size a query asks for: default 200, clamped to 1..=1000.
pub(crate) fn effective_limit(q: &HistoryQuery) -> u32 {
    q.limit
        .unwrap_or(HISTORY_DEFAULT_LIMIT)
        .clamp(1, HISTORY_MAX_LIMIT)
}

/// How a pending operation ended, for [`History::complete`].
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub outcome: Outcome,
    pub error_code: Option<String>,
    pub duration_ms: u64,
    pub summary: Summary,
}

impl History {
    /// Records a write about to be sent (normally with outcome
    /// [`Outcome::Unknown`] and a summary saying it is not confirmed yet),
    /// durably, before the request leaves. Returns its id, for
    /// [`History::complete`]. If the process dies before completing it, the
    /// row stays as recorded here.
    pub fn record_pending(&self, op: &NewOperation) -> Result<i64> {
        self.write(|conn| insert(conn, op).map_err(storage("cannot record the pending operation")))
    }

    /// Completes the operation `id` (from [`History::record_pending`]) with its
    /// outcome; the search index follows. Its time, connection, operation and
    /// target stay as recorded.
    pub fn complete(&self, id: i64, done: &Completion) -> Result<()> {
        self.write(|conn| {
            let n = conn
                .prepare_cached(
                    "UPDATE operations SET outcome = ?2, error_code = ?3, duration_ms = ?4, summary = ?5,
                     summary_code = ?6, summary_params = ?7 WHERE id = ?1",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        id,
                        done.outcome.as_str(),
                        done.error_code,
                        i64::try_from(done.duration_ms).unwrap_or(i64::MAX),
                        done.summary.text,
                        done.summary.code,
                        params_json(&done.summary),
                    ])
                })
                .map_err(storage("cannot complete the recorded operation"))?;
            if n == 0 {
                return Err(Error::new(
                    ventanilla_core::ErrorCode::Storage,
                    format!("cannot complete operation {id}: it is not in history"),
                ));
            }
            Ok(())
        })
    }

    /// Records one operation, verbatim. Returns its id.
    pub fn record(&self, op: &NewOperation) -> Result<i64> {
        self.write(|conn| insert(conn, op).map_err(storage("cannot record the operation")))
    }

    /// Records many operations in one transaction (all or none). Returns how
    /// many were recorded.
    pub fn record_many(&self, ops: &[NewOperation]) -> Result<u64> {
        self.write(|conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(storage("cannot start recording operations"))?;
            for op in ops {
                insert(&tx, op).map_err(storage("cannot record the operations"))?;
            }
            tx.commit()
                .map_err(storage("cannot commit the recorded operations"))?;
            Ok(ops.len() as u64)
        })
    }

    /// One page of the operation log, newest first. Pass the page's
    /// `next_before_id` as `before_id` for the next one.
    ///
    /// `limit`: default 200; values above 1000 are clamped to 1000, 0 to 1.
    /// `text`: words ANDed, the last one a prefix (unless followed by a
    /// space), accents and case ignored; any input is safe, and text with no
    /// letter or digit means no text filter.
    pub fn search(&self, q: &HistoryQuery) -> Result<HistoryPage> {
        let limit = effective_limit(q);
        self.read(|conn| {
            let want = limit as usize + 1;
            let Some(plan) = plan(conn, q, Some(limit + 1))? else {
                return Ok(HistoryPage {
                    items: Vec::new(),
                    next_before_id: None,
                });
            };
            let mut st = conn
                .prepare_cached(&plan.sql)
                .map_err(storage("cannot search the operation log"))?;
            let rows = st
                .query_map(rusqlite::params_from_iter(plan.params.iter()), from_row)
                .map_err(storage("cannot search the operation log"))?;
            let mut items = Vec::with_capacity(want);
            for r in rows {
                items.push(r.map_err(storage("cannot read the operation log"))?);
            }
            let next_before_id = if items.len() > limit as usize {
                items.truncate(limit as usize);
                items.last().map(|r| r.id)
            } else {
                None
            };
            Ok(HistoryPage {
                items,
                next_before_id,
            })
        })
    }

    /// Writes every operation matching `q` (its `limit` and `before_id` are
    /// ignored) as CSV to `out`, newest first, one row at a time. Returns how
    /// many rows were written (not counting the header).
    ///
    /// Columns: `time_utc,connection,provider,operation,target,outcome,error_code,duration_ms,summary`;
    /// RFC 4180 quoting (also of `;`, the separator Excel uses in es-ES and
    /// es-CO), CRLF line ends, times in RFC 3339 UTC, and any cell a
    /// spreadsheet would run as a formula (`= + - @`, tab or CR first, even
    /// after spaces) starts with `'`.
    pub fn export_csv(&self, q: &HistoryQuery, out: &mut dyn Write) -> Result<u64> {
        let io_err = |e: std::io::Error| Error::io("cannot write the CSV export", &e);
        let q = HistoryQuery {
            before_id: None,
            limit: None,
            ..q.clone()
        };
        out.write_all(csv_export::HEADER.as_bytes())
            .map_err(io_err)?;
        self.read(|conn| {
            let Some(plan) = plan(conn, &q, None)? else {
                return Ok(0);
            };
            let mut st = conn
                .prepare(&plan.sql)
                .map_err(storage("cannot export the operation log"))?;
            let mut rows = st
                .query(rusqlite::params_from_iter(plan.params.iter()))
                .map_err(storage("cannot export the operation log"))?;
            let mut line = String::with_capacity(256);
            let mut n = 0u64;
            while let Some(row) = rows
                .next()
                .map_err(storage("cannot read the operation log"))?
            {
                let rec = from_row(row).map_err(storage("cannot read the operation log"))?;
                line.clear();
                csv_export::push_record(&mut line, &rec);
                out.write_all(line.as_bytes()).map_err(io_err)?;
                n += 1;
            }
            Ok(n)
        })
    }

    /// How many operations are recorded.
    pub fn operation_count(&self) -> Result<u64> {
        self.read(|conn| {
            conn.query_row("SELECT count(*) FROM operations", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as u64)
            .map_err(storage("cannot count operations"))
        })
    }

    /// Merges the full-text index into one segment (after a bulk load).
    pub fn optimize_search_index(&self) -> Result<()> {
        self.write(|conn| {
            conn.execute_batch(
                "INSERT INTO operations_fts (operations_fts) VALUES ('optimize'); PRAGMA optimize;",
            )
            .map_err(storage("cannot optimize the search index"))
        })
    }
}
