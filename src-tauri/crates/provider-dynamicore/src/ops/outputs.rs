//! What operations return. The seed documents real data shapes only for
//! Mifiel and Conekta (DYNAMICORE 1.3); every other reply is the
//! envelope's `data` as the provider sent it, with its `total`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use ts_rs::TS;

/// `message.total` and `message.data` of the success envelope (DYNAMICORE 1.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Listing {
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

/// One normalized status for envelopes of every provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    Draft,
    Sent,
    Completed,
    Declined,
    Expired,
}

/// #19's reply, the fields the app uses (the rest stays at the provider).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all(serialize = "camelCase"))]
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
}

impl MifielDocument {
    /// draft / sent / completed / declined / expired from `signed_by_all`,
    /// `state` and `expires_at` (issue 9 item 5).
    pub fn status_at(&self, now: OffsetDateTime) -> DocStatus {
        let state = self.state.as_deref().unwrap_or("").to_ascii_lowercase();
        let expired = self
            .expires_at
            .as_deref()
            .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
            .is_some_and(|t| t <= now);
        if self.signed_by_all || state == "completed" {
            DocStatus::Completed
        } else if matches!(
            state.as_str(),
            "declined" | "rejected" | "canceled" | "cancelled"
        ) {
            DocStatus::Declined
        } else if expired || state == "expired" {
            DocStatus::Expired
        } else if state == "draft" || self.signers.is_empty() {
            DocStatus::Draft
        } else {
            DocStatus::Sent
        }
    }
}

/// #20's reply: `data[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderCreated {
    pub id: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub amount: u64,
    #[serde(default)]
    pub active: Text,
}

/// The cash reference of a charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct CashPayment {
    #[serde(default, rename(deserialize = "type"))]
    pub kind: String,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub barcode_url: Option<String>,
    #[serde(default)]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub store_name: Option<String>,
}

/// One charge of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Charge {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub amount: u64,
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
pub struct Order {
    pub id: String,
    #[serde(default)]
    pub amount: u64,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub payment_status: String,
    #[serde(default)]
    pub charges: ChargeList,
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
