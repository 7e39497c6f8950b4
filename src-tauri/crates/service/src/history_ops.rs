//! History search and CSV export.

use crate::Service;
use std::path::Path;
use ventanilla_core::app::ExportOutcome;
use ventanilla_core::error::FieldError;
use ventanilla_core::history::{HistoryPage, HistoryQuery};
use ventanilla_core::{fsutil, Error, Result};

impl Service {
    pub fn history_search(&self, query: &HistoryQuery) -> Result<HistoryPage> {
        check_range(query)?;
        self.history.search(query)
    }

    /// Writes every operation matching `query` (paging ignored) to `dest` as
    /// CSV: streamed into a temporary file beside it, then renamed.
    pub fn history_export_csv(&self, query: &HistoryQuery, dest: &Path) -> Result<ExportOutcome> {
        check_range(query)?;
        if let Some(dir) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            // Left there by an export that was killed mid-write.
            fsutil::remove_stale_parts(dir);
        }
        let mut rows = 0;
        let bytes = fsutil::write_atomically(dest, |w| {
            rows = self.history.export_csv(query, w)?;
            Ok(())
        })?;
        tracing::info!(rows, bytes, "history exported");
        Ok(ExportOutcome::Saved {
            path: dest.display().to_string(),
            rows,
            bytes,
        })
    }
}

fn check_range(q: &HistoryQuery) -> Result<()> {
    match (q.from_ms, q.to_ms) {
        (Some(from), Some(to)) if from >= to => Err(Error::invalid(
            "toMs",
            FieldError::new("after_start", "must be after the start date"),
        )),
        _ => Ok(()),
    }
}
