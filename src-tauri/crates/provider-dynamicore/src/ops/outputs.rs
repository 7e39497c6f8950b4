//! What operations return. The seed documents real data shapes only for
//! Mifiel and Conekta (DYNAMICORE 1.3); every other reply is the
//! envelope's `data` as the provider sent it, with its `total`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use ts_rs::TS;
use ventanilla_core::envelopes::EnvelopeStatus;

/// `message.total` and `message.data` of the success envelope (DYNAMICORE 1.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Listing {
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "unknown[]")]
    pub data: Vec<Value>,
}

/// #18's reply: `data[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MifielCreated {
    pub reference: String,
    #[serde(default)]
    pub id: Text,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub field: String,
}

/// One signer of a Mifiel document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all(serialize = "camelCase"))]
#[ts(rename_all = "camelCase")]
pub struct MifielSigner {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub tax_id: Option<String>,
    #[serde(default)]
    pub signed: bool,
    #[serde(default)]
    pub widget_id: Option<String>,
}

/// #19's reply, the fields the app uses (the rest stays at the provider).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all(serialize = "camelCase"))]
#[ts(rename_all = "camelCase")]
pub struct MifielDocument {
    pub id: String,
    #[serde(default)]
    pub signed: bool,
    #[serde(default)]
    pub signed_by_all: bool,
    #[serde(default)]
    pub signed_at: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub original_hash: Option<String>,
    #[serde(default)]
    pub signers: Vec<MifielSigner>,
    #[serde(default)]
    pub file_signed: Option<String>,
    #[serde(default)]
    pub file_xml: Option<String>,
    /// The uploaded file's name (Mifiel's `file_file_name`), when given.
    #[serde(default)]
    pub file_file_name: Option<String>,
    /// The client and PII field the document came from, when given.
    #[serde(default)]
    pub client: Option<Text>,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

impl MifielDocument {
    /// draft / sent / completed / declined / expired from `signed_by_all`,
    /// `state` and `expires_at` (issue 9 item 5).
    pub fn status_at(&self, now: OffsetDateTime) -> EnvelopeStatus {
        let state = self.state.as_deref().unwrap_or("").to_ascii_lowercase();
        let expired = self
            .expires_at
            .as_deref()
            .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
            .is_some_and(|t| t <= now);
        if self.signed_by_all || state == "completed" {
            EnvelopeStatus::Completed
        } else if matches!(
            state.as_str(),
            "declined" | "rejected" | "canceled" | "cancelled"
        ) {
            EnvelopeStatus::Declined
        } else if expired || state == "expired" {
            EnvelopeStatus::Expired
        } else if state == "draft" || self.signers.is_empty() {
            EnvelopeStatus::Draft
        } else {
            EnvelopeStatus::Sent
        }
    }
}

/// A Mifiel document as the app shows it (#18 after sending, #19): the
/// normalized status, a readable name, and the document with its signers
/// (who signed, who is pending, each one's widget id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MifielView {
    pub reference: String,
    /// The file name if known, else the field and the client.
    pub name: String,
    pub status: EnvelopeStatus,
    /// Mifiel's `state` and flags, as it sent them.
    pub provider_status: String,
    pub signed_count: u32,
    pub signers_count: u32,
    /// Mifiel's own fields (`state`, `signers`, `fileSigned`…), alongside.
    #[serde(flatten)]
    pub document: MifielDocument,
}

/// `mifiel.export`: each file saved (the signed PDF, and the XML when
/// Mifiel gives one), or nothing when the user cancelled the dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum MifielExport {
    Saved {
        files: Vec<MifielFile>,
    },
    /// The user closed the dialog.
    Cancelled,
}

/// One file `mifiel.export` saved, complete and in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MifielFile {
    /// The saved file's name.
    pub name: String,
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Lowercase hex SHA-256 of the saved bytes.
    pub sha256: String,
}

/// One file sent by `file.upload`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadedFile {
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Lowercase hex SHA-256 of what was sent (absent if not hashed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sha256: Option<String>,
}

/// `file.upload`'s result: what was sent, where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilesUploaded {
    pub client_id: String,
    pub field: String,
    pub files: Vec<UploadedFile>,
    #[ts(type = "number")]
    pub duration_ms: u64,
}

/// #20's reply: `data[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderCreated {
    pub id: String,
    #[serde(default)]
    pub channel: String,
    #[ts(type = "number")]
    #[serde(default)]
    pub amount: u64,
    #[serde(default)]
    pub active: Text,
}

/// The cash reference of a charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all(serialize = "camelCase"))]
#[ts(rename_all = "camelCase")]
pub struct CashPayment {
    #[serde(default, rename(deserialize = "type"))]
    pub kind: String,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub barcode_url: Option<String>,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub store_name: Option<String>,
}

/// One charge of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all(serialize = "camelCase"))]
#[ts(rename_all = "camelCase")]
pub struct Charge {
    #[serde(default)]
    pub status: String,
    #[ts(type = "number")]
    #[serde(default)]
    pub amount: u64,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub paid_at: Option<i64>,
    pub payment_method: CashPayment,
}

/// Conekta's list object (`charges.data`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct ChargeList {
    #[serde(default)]
    pub data: Vec<Charge>,
}

/// #21's reply, the fields the app shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all(serialize = "camelCase"))]
#[ts(rename_all = "camelCase")]
pub struct Order {
    pub id: String,
    #[ts(type = "number")]
    #[serde(default)]
    pub amount: u64,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub payment_status: String,
    #[serde(default)]
    pub charges: ChargeList,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub created_at: Option<i64>,
}

/// A string the provider may send as a number (`"424"` or `424`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[ts(type = "string")]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Text(match Value::deserialize(d)? {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }))
    }
}
