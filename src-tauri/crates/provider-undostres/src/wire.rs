//! UNDOSTRES_ASSUMED: request and reply bodies of UNDOSTRES 2.5. The
//! seed documents no payloads; these are the digest's proposal, in
//! snake_case JSON.

use serde::{Deserialize, Serialize};

/// A1 request. Credentials travel in the body.
#[derive(Serialize)]
pub struct KeyRequest<'a> {
    pub user: &'a str,
    pub password: &'a str,
    pub allowed_ips: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_previous_at: Option<String>,
}

/// A1 reply (201).
#[derive(Deserialize)]
pub struct KeyReply {
    pub api_key: String,
    pub company_id: String,
    pub created_at: String,
    pub expires_at: String,
    #[serde(default)]
    pub allowed_ips: Vec<String>,
    #[serde(default)]
    pub previous_key_expires_at: Option<String>,
}

impl std::fmt::Debug for KeyReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyReply")
            .field("company_id", &self.company_id)
            .finish_non_exhaustive()
    }
}

/// A2/A3 reply.
#[derive(Debug, Deserialize)]
pub struct AccountReply {
    pub company_id: String,
    #[serde(default)]
    pub parent_company_id: Option<String>,
    pub depth: u8,
    #[serde(default)]
    pub names: String,
    #[serde(default)]
    pub document_number: Option<String>,
    #[serde(default)]
    pub webhooks: Vec<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub active: bool,
}

/// A3 request: only the fields being changed.
#[derive(Debug, Default, Serialize)]
pub struct AccountPatch<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<&'a [String]>,
}

/// A4 request.
#[derive(Debug, Serialize)]
pub struct SubAccountRequest<'a> {
    pub names: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub webhooks: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<&'a str>,
}

/// A4 reply (201).
#[derive(Deserialize)]
pub struct SubAccountReply {
    pub company_id: String,
    pub parent_company_id: String,
    #[serde(default)]
    pub names: Option<String>,
    pub user: String,
    pub password: String,
    #[serde(default)]
    pub active: bool,
}

impl std::fmt::Debug for SubAccountReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubAccountReply")
            .field("company_id", &self.company_id)
            .finish_non_exhaustive()
    }
}

/// The assumed error envelope: `{"error":{"code":"UPPER_SNAKE","message":"..."}}`.
#[derive(Debug, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

/// Error codes the adapter maps and the simulator sends (UNDOSTRES_ASSUMED).
pub mod codes {
    pub const INVALID_CREDENTIALS: &str = "INVALID_CREDENTIALS";
    pub const INVALID_API_KEY: &str = "INVALID_API_KEY";
    pub const KEY_EXPIRED: &str = "KEY_EXPIRED";
    pub const IP_NOT_ALLOWED: &str = "IP_NOT_ALLOWED";
    pub const NOT_IN_SUBTREE: &str = "NOT_IN_SUBTREE";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const INVALID_IP: &str = "INVALID_IP";
    pub const TOO_MANY_IPS: &str = "TOO_MANY_IPS";
    pub const IPS_REQUIRED: &str = "IPS_REQUIRED";
    pub const INVALID_EXPIRY: &str = "INVALID_EXPIRY";
    pub const FIELD_NOT_UPDATABLE: &str = "FIELD_NOT_UPDATABLE";
    pub const INVALID_FIELD: &str = "INVALID_FIELD";
    pub const CHILD_LIMIT: &str = "CHILD_LIMIT";
    pub const DEPTH_LIMIT: &str = "DEPTH_LIMIT";
}
