//! #15–#17: SAT keys, sync and data (DYNAMICORE 1.3, 1.4 "SAT flow").

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use ventanilla_core::error::FieldErrors;
use ventanilla_core::Result;

use super::{finish, given, Input, NumId, Outgoing, SatCredentials};
use crate::rules;
use crate::settings::Operation;

/// `client` is typed Number in the seed: sent as a JSON number.
fn client_number(id: &NumId) -> Value {
    id.parse::<u64>()
        .map_or_else(|_| Value::from(id.as_str()), Value::from)
}

/// #15: load a client's SAT keys.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SatKeysInput {
    pub client: NumId,
    #[serde(flatten)]
    pub credentials: SatCredentials,
}

impl Input for SatKeysInput {
    const OP: Operation = Operation::SatKeys;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        self.credentials.check(&mut errs);
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        // serde_json's Map sorts keys; the body is built as text in the
        // seed's order (client, type, pas, key, cer) instead.
        let mut fields = vec![("client", client_number(&self.client))];
        fields.extend(
            self.credentials
                .pairs()
                .into_iter()
                .map(|(k, v)| (k, Value::String(v))),
        );
        Outgoing::json(&Ordered(fields))
    }
}

/// A JSON object in the given key order.
struct Ordered(Vec<(&'static str, Value)>);

impl Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// #16: sync a date range of SAT data (asynchronous; read it with #17).
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SatSyncInput {
    #[cfg_attr(feature = "cli", arg(long))]
    pub client: NumId,
    /// YYYY-MM-DD.
    #[cfg_attr(feature = "cli", arg(long))]
    pub start: String,
    /// YYYY-MM-DD, not before `start`.
    #[cfg_attr(feature = "cli", arg(long))]
    pub end: String,
}

impl Input for SatSyncInput {
    const OP: Operation = Operation::SatSync;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        let s = rules::date(&mut errs, "start", &self.start);
        let e = rules::date(&mut errs, "end", &self.end);
        rules::date_range(&mut errs, "end", s, e);
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        Outgoing::json(&Ordered(vec![
            ("client", client_number(&self.client)),
            ("start", Value::from(self.start.trim())),
            ("end", Value::from(self.end.trim())),
        ]))
    }
}

/// #17: synced SAT data, paginated (`limit`, `page`; numeric strings in
/// the seed, DYNAMICORE 1.5 #9).
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SatDataInput {
    #[cfg_attr(feature = "cli", arg(long))]
    pub client: NumId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    #[cfg_attr(feature = "cli", arg(long))]
    pub limit: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    #[cfg_attr(feature = "cli", arg(long))]
    pub page: Option<u64>,
}

impl Input for SatDataInput {
    const OP: Operation = Operation::SatData;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        let s = given(&self.start).and_then(|v| rules::date(&mut errs, "start", v));
        let e = given(&self.end).and_then(|v| rules::date(&mut errs, "end", v));
        rules::date_range(&mut errs, "end", s, e);
        rules::positive(&mut errs, "limit", self.limit);
        rules::positive(&mut errs, "page", self.page);
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        let mut q = vec![("client", self.client.to_string())];
        q.extend(given(&self.start).map(|v| ("start", v.to_string())));
        q.extend(given(&self.end).map(|v| ("end", v.to_string())));
        q.extend(self.limit.map(|v| ("limit", v.to_string())));
        q.extend(self.page.map(|v| ("page", v.to_string())));
        Outgoing {
            query: q,
            ..Outgoing::default()
        }
    }
}
