//! Ventanilla's domain: the types every layer speaks, the one error type that
//! crosses IPC, input validation, and the traits provider adapters implement.
//!
//! Nothing here knows about Tauri, HTTP or any provider's wire format.

mod ack_op;
pub mod app;
pub mod bindings;
pub mod connection;
pub mod envelopes;
pub mod error;
pub mod fsutil;
pub mod history;
pub mod id;
pub mod op;
pub mod secret;
pub mod validate;

pub use error::{Error, ErrorCode, Result};
pub use secret::SecretString;
