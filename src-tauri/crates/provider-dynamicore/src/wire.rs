//! The reply envelope of every DynamiCore endpoint (DYNAMICORE 1.4):
//! `{"status":"success","message":{"code":1,"total":n,"data":[...]}}`, and
//! the assumed error envelope (DYNAMICORE 1.2 "Sandbox rules", 1.5 #12):
//! the same shape with `status:"error"`, `code:0` and `message.error`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Serialize, Deserialize)]
pub struct Envelope {
    pub status: String,
    pub message: Message,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Message {
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub data: Vec<Value>,
    /// Only in the (assumed) error envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub const SUCCESS: &str = "success";
pub const ERROR: &str = "error";

impl Envelope {
    pub fn success(data: Vec<Value>) -> Self {
        Envelope {
            status: SUCCESS.into(),
            message: Message {
                code: 1,
                total: data.len() as u64,
                data,
                error: None,
            },
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Envelope {
            status: ERROR.into(),
            message: Message {
                code: 0,
                total: 0,
                data: Vec::new(),
                error: Some(text.into()),
            },
        }
    }
}
