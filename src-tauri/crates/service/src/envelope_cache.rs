//! What the Envelopes screen needs besides operations: the envelopes last
//! seen (the list and get operations cache them, so the inbox opens
//! instantly) and the check of dropped files before an upload. Nothing here
//! is sent to SIGNIO.

use crate::Service;
use std::path::{Path, PathBuf};
use ventanilla_core::envelopes::*;
use ventanilla_core::Result;
use ventanilla_provider_signio::model::*;

pub use ventanilla_provider_signio::ops::{safe_file_name, ENVELOPE_CACHE};

/// What is not an operation: local reads and checks.
impl Service {
    /// The envelopes last seen through this connection, with when each was
    /// synced; newest-synced first. Reads only the local cache.
    pub fn cached_envelopes(&self, connection: &str) -> Result<Vec<CachedEnvelope>> {
        let conn = self.resolve(connection)?;
        let rows = self
            .history
            .cache_recent(ENVELOPE_CACHE, Some(&conn.id), 10_000)?;
        Ok(rows
            .into_iter()
            .filter_map(|c| {
                Some(CachedEnvelope {
                    envelope: serde_json::from_str(&c.json).ok()?,
                    synced_at_ms: c.synced_at_ms,
                })
            })
            .collect())
    }

    /// What an envelope in `status` allows, with the reason when it doesn't
    /// (SIGNIO's state machine, 5.5).
    pub fn envelope_actions(status: EnvelopeStatus) -> EnvelopeActions {
        ventanilla_provider_signio::status::actions(status)
    }

    /// Checks dropped files before anything is sent: type, size, readability.
    pub fn check_files(paths: &[PathBuf]) -> Vec<FileCheck> {
        paths
            .iter()
            .map(|p| {
                let (size, error) = match check_file(p, DOCUMENT_TYPES) {
                    Ok(n) => (n, None),
                    Err(m) => (std::fs::metadata(p).map(|m| m.len()).unwrap_or(0), Some(m)),
                };
                FileCheck {
                    path: p.display().to_string(),
                    name: file_name(p),
                    size,
                    error,
                }
            })
            .collect()
    }
}
fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}
