//! The operation log: what every operation leaves behind, and how the History
//! screen asks for it. Storage lives in the `ventanilla-history` crate.

#[cfg(doc)]
use crate::error::FieldError;
use crate::error::{map_params, Params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// What history says about an operation: a stable snake_case `code` the UI
/// translates (`envelopes_listed`), its `params` (`{"count": 1500}`), and the
/// English `text` the CLI, the CSV export and the search use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub code: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: Params,
    pub text: String,
}

impl Summary {
    pub fn new(code: &str, text: impl Into<String>) -> Self {
        Summary {
            code: code.to_owned(),
            params: Params::new(),
            text: text.into(),
        }
    }

    /// Adds a parameter the UI interpolates (`{count}`).
    pub fn param(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.params.insert(key.to_owned(), value.into());
        self
    }

    /// Rewrites every text it carries (see [`FieldError::map_text`]).
    pub fn map_text(&mut self, f: impl Fn(&str) -> String) {
        self.text = f(&self.text);
        map_params(&mut self.params, f);
    }

    /// `"{count} {things}"` ("1500 envelopes") with the `count` parameter.
    pub fn count(code: &str, count: usize, things: &str) -> Self {
        Summary::new(code, format!("{count} {things}")).param("count", count)
    }

    /// A provider's own words (an acknowledgement's message): the UI shows
    /// the text as it came, in whatever language the provider wrote it.
    pub fn provider_message(text: impl Into<String>) -> Self {
        Summary::new(PROVIDER_MESSAGE, text)
    }
}

/// The summary code of [`Summary::provider_message`].
pub const PROVIDER_MESSAGE: &str = "provider_message";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Error,
    /// Not known: a write whose reply never came (`OUTCOME_UNKNOWN`), or whose
    /// pending row was never completed because the process stopped mid-call.
    Unknown,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Error => "error",
            Outcome::Unknown => "unknown",
        }
    }
}

/// One operation about to be recorded. Never put a secret or a password here:
/// `target` and `summary` are shown, searched and exported.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOperation {
    /// Unix milliseconds, UTC.
    pub at_ms: i64,
    pub connection_id: Option<String>,
    pub connection_name: String,
    pub provider: String,
    /// Stable dotted name, e.g. `user.get`, `ticket.create`.
    pub operation: String,
    /// What it acted on, e.g. `user 7`.
    pub target: String,
    pub outcome: Outcome,
    pub error_code: Option<String>,
    pub duration_ms: u64,
    pub summary: Summary,
}

/// A recorded operation as the History screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OperationRecord {
    #[ts(type = "number")]
    pub id: i64,
    /// Unix milliseconds, UTC.
    #[ts(type = "number")]
    pub at_ms: i64,
    pub connection_name: String,
    pub provider: String,
    pub operation: String,
    pub target: String,
    pub outcome: Outcome,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[ts(type = "number")]
    pub duration_ms: u64,
    /// English, as recorded (rows from before summaries had codes have only this).
    pub summary: String,
    /// The summary's code, for the UI to translate; absent on older rows.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_code: Option<String>,
    /// The summary's parameters, when it has any.
    #[ts(optional, type = "Record<string, string | number | boolean>")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_params: Option<Params>,
}

/// A History search. Results are newest first; page with `beforeId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct HistoryQuery {
    /// Full-text query over operation, target, summary, connection and error code.
    #[ts(optional)]
    pub text: Option<String>,
    #[ts(optional)]
    pub provider: Option<String>,
    #[ts(optional)]
    pub outcome: Option<Outcome>,
    /// Inclusive lower bound, Unix ms.
    #[ts(optional, type = "number")]
    pub from_ms: Option<i64>,
    /// Exclusive upper bound, Unix ms.
    #[ts(optional, type = "number")]
    pub to_ms: Option<i64>,
    /// Only records older than this id (keyset paging).
    #[ts(optional, type = "number")]
    pub before_id: Option<i64>,
    /// At most this many (default 200, max 1000).
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    pub items: Vec<OperationRecord>,
    /// Pass as `beforeId` to get the next page; absent at the end.
    #[ts(optional, type = "number")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before_id: Option<i64>,
}

pub const HISTORY_DEFAULT_LIMIT: u32 = 200;
pub const HISTORY_MAX_LIMIT: u32 = 1000;
