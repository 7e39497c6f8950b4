//! SIGNIO's operations (sections of the SIGNIO document, `SIGNIO 6.13`).
//! Each input type is one operation; `list` is the one explicit list the
//! app, the CLI and the tests walk.
//!
//! Envelopes the provider reports are kept in the connection's object cache
//! (kind [`ENVELOPE_CACHE`]) so the inbox opens instantly.

mod account;
mod document;
mod envelope;
mod link;
mod sandbox;
mod signer;
mod template;
mod tve;

pub use account::*;
pub use document::*;
pub use envelope::*;
pub use link::*;
pub use sandbox::*;
pub use signer::*;
pub use template::*;
pub use tve::*;

use crate::model::MAX_FREE_TEXT;
use crate::spec::Signio;
use std::collections::BTreeMap;
use std::path::Path;
use ventanilla_core::envelopes::{Envelope, EnvelopeStatus};
use ventanilla_core::error::{add_field_error, FieldError};
use ventanilla_core::history::Summary;
use ventanilla_core::op::{OpVisitor, Store};
use ventanilla_core::{Error, ErrorCode, Result};

/// Cache kind of SIGNIO envelopes.
pub const ENVELOPE_CACHE: &str = "signio.envelope";

pub(crate) fn list<V: OpVisitor<Signio>>(v: &mut V) {
    v.op::<EnvelopeList>();
    v.op::<EnvelopeSearch>();
    v.op::<EnvelopeGet>();
    v.op::<EnvelopeCreate>();
    v.op::<EnvelopeDelete>();
    v.op::<EnvelopeReturn>();
    v.op::<EnvelopeDistribute>();
    v.op::<EnvelopeBases>();
    v.op::<EnvelopeMagicLink>();
    v.op::<EnvelopeOnsiteUrl>();
    v.op::<DocumentUpload>();
    v.op::<DocumentProtect>();
    v.op::<DocumentUnprotect>();
    v.op::<ExportDocument>();
    v.op::<ExportAllDocuments>();
    v.op::<SignerAdd>();
    v.op::<SignerLinkDocument>();
    v.op::<SignerOrder>();
    v.op::<TemplateList>();
    v.op::<TemplateFields>();
    v.op::<TemplateUse>();
    v.op::<TemplateUpdate>();
    v.op::<TveUpload>();
    v.op::<TveEdit>();
    v.op::<TagList>();
    v.op::<TenantList>();
    v.op::<SandboxSign>();
    v.op::<SandboxReject>();
    v.op::<SandboxReturn>();
    v.op::<SandboxSuspend>();
}

/// Now, as Unix milliseconds (UTC).
pub(crate) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Unix ms → RFC 3339 (UTC).
pub(crate) fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

pub(crate) fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

pub(crate) fn envelope_target(id: &str) -> String {
    format!("envelope {}", id.trim())
}

/// `envelopeStatus` on the command line (`draft`, `sent`…).
#[cfg(feature = "cli")]
pub(crate) fn parse_status(s: &str) -> std::result::Result<EnvelopeStatus, String> {
    serde_json::from_value(serde_json::Value::String(s.to_ascii_lowercase()))
        .map_err(|_| "one of draft, sent, completed, declined, suspended, returned".to_string())
}

pub(crate) fn check_fields(fields: &BTreeMap<String, String>) -> Result<()> {
    let mut e = ventanilla_core::error::FieldErrors::new();
    for (k, v) in fields {
        if k.trim().is_empty() {
            let blank = FieldError::new("field_name_blank", "a field name can't be blank");
            add_field_error(&mut e, "fields", blank);
        } else {
            ventanilla_core::validate::optional_text(&mut e, "fields", v, MAX_FREE_TEXT);
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(e))
    }
}

/// Every check's field errors together (the first other error wins).
pub(crate) fn all_ok(checks: impl IntoIterator<Item = Result<()>>) -> Result<()> {
    let mut fields = ventanilla_core::error::FieldErrors::new();
    let mut other = None;
    for c in checks {
        if let Err(e) = c {
            match e.fields {
                Some(f) if e.code == ErrorCode::Validation => fields.extend(f),
                _ => other = other.or(Some(e)),
            }
        }
    }
    match other {
        Some(e) => Err(e),
        None if fields.is_empty() => Ok(()),
        None => Err(Error::validation(fields)),
    }
}

pub(crate) fn cache_envelopes(store: &dyn Store, envelopes: &[Envelope]) {
    for e in envelopes {
        if let Ok(json) = serde_json::to_string(e) {
            store.cache_put(ENVELOPE_CACHE, &e.id, &json);
        }
    }
}

/// The cached copy of one envelope, if any.
pub(crate) fn cached_envelope(store: &dyn Store, id: &str) -> Option<Envelope> {
    let rows = store.cache_recent(ENVELOPE_CACHE, 10_000).ok()?;
    let row = rows.into_iter().find(|c| c.key == id)?;
    serde_json::from_str(&row.json).ok()
}

/// Updates the cached copy after a change the provider confirmed.
pub(crate) fn cache_status(store: &dyn Store, id: &str, status: EnvelopeStatus, code: &str) {
    if let Some(mut e) = cached_envelope(store, id) {
        e.status = status;
        e.provider_status = code.into();
        e.updated_at = Some(rfc3339(now_ms()));
        cache_envelopes(store, &[e]);
    }
}
