//! What the Envelopes screen needs besides operations: the envelopes last
//! seen by every provider that has them (their list and get operations
//! cache them, so the inbox opens instantly) and the check of dropped files
//! before an upload. Nothing here is sent to a provider.

use crate::Service;
use std::path::{Path, PathBuf};
use ventanilla_core::envelopes::*;
use ventanilla_core::op::{ProviderSpec, ProviderVisitor};
use ventanilla_core::Result;
use ventanilla_provider_signio::model::*;

pub use ventanilla_provider_signio::ops::{safe_file_name, ENVELOPE_CACHE};

/// What is not an operation: local reads and checks.
impl Service {
    /// The envelopes last seen through this connection, with when each was
    /// synced; newest-synced first. Reads only the local cache.
    pub fn cached_envelopes(&self, connection: &str) -> Result<Vec<CachedEnvelope>> {
        let conn = self.resolve(connection)?;
        let Some(kind) = envelope_cache_of(&conn.provider) else {
            return Ok(Vec::new());
        };
        self.cached_of(&conn.id, &conn.provider, kind)
    }

    /// The Envelopes inbox: what every connection whose provider has
    /// envelopes (SIGNIO envelopes, DynamiCore's Mifiel documents) last
    /// saw, newest-synced first. Reads only the local cache.
    pub fn inbox(&self) -> Result<Vec<CachedEnvelope>> {
        let mut all = Vec::new();
        for conn in self.history.list_connections()? {
            if let Some(kind) = envelope_cache_of(&conn.provider) {
                all.extend(self.cached_of(&conn.id, &conn.provider, kind)?);
            }
        }
        all.sort_by_key(|c| std::cmp::Reverse(c.synced_at_ms));
        Ok(all)
    }

    fn cached_of(&self, id: &str, provider: &str, kind: &str) -> Result<Vec<CachedEnvelope>> {
        let rows = self.history.cache_recent(kind, Some(id), 10_000)?;
        Ok(rows
            .into_iter()
            .filter_map(|c| {
                Some(CachedEnvelope {
                    envelope: serde_json::from_str(&c.json).ok()?,
                    synced_at_ms: c.synced_at_ms,
                    connection_id: id.to_owned(),
                    provider: provider.to_owned(),
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
/// The cache kind provider `id` keeps its envelopes under, if it has any
/// (`ProviderSpec::ENVELOPE_CACHE`).
fn envelope_cache_of(id: &str) -> Option<&'static str> {
    struct Find<'a>(&'a str, Option<&'static str>);
    impl ProviderVisitor for Find<'_> {
        fn provider<P: ProviderSpec>(&mut self) {
            if P::ID == self.0 {
                self.1 = P::ENVELOPE_CACHE;
            }
        }
    }
    let mut f = Find(id, None);
    crate::providers::each(&mut f);
    f.1
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}
