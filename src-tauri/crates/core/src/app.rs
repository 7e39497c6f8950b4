//! Types that describe the app itself to the UI.

use crate::connection::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeychainStatus {
    pub available: bool,
    /// Why not, and how to get one, when it is not available.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// The OS locale, e.g. "es-MX"; the UI picks Spanish or English from it.
    pub os_locale: String,
    pub data_dir: String,
    pub keychain: KeychainStatus,
    /// The sandbox connections running in this process.
    pub sandbox: Vec<Connection>,
    /// Set when an operation's result could not be written to history (its
    /// row still says "outcome unknown"): the UI shows it until restart.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_warning: Option<String>,
}

/// A user seen recently through this app (from the local cache).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecentUser {
    #[ts(type = "number")]
    pub id: u64,
    pub username: String,
    pub display_name: String,
    pub connection_id: String,
    /// When it was last fetched from the provider, Unix ms.
    #[ts(type = "number")]
    pub synced_at_ms: i64,
}

/// What the UI may know about a local file the user dropped: never its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileInfo {
    pub path: String,
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// The result of an export through the native save dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum ExportOutcome {
    Saved {
        path: String,
        #[ts(type = "number")]
        rows: u64,
        #[ts(type = "number")]
        bytes: u64,
    },
    /// The user closed the dialog.
    Cancelled,
}

/// A message the sandbox "e-mailed" (its security tokens), readable in sandbox
/// mode only, since nobody can read a simulator's e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SandboxMail {
    #[ts(type = "number")]
    pub user_id: u64,
    pub token: String,
    #[ts(type = "number")]
    pub sent_at_ms: i64,
}
