//! Shared HTTP plumbing for every provider adapter. It knows nothing about any
//! provider: it builds the client (timeouts, user agent), sends requests and
//! maps transport failures to [`ventanilla_core::Error`], retries idempotent
//! requests when that is safe, caches session tokens, and streams files into
//! multipart bodies.

mod client;
mod retry;
#[cfg(feature = "sandbox")]
pub mod sandbox;
mod token;
mod transfer;
mod upload;

pub use client::{build_client, read_body, send, transport_error, HttpConfig, USER_AGENT};
pub use retry::{send_with_retry, Outcome, RetryPolicy};
pub use token::TokenCache;
pub use transfer::{
    build_transfer_client, save_response, send_watched, sha256_file, watched_file_part, Downloaded,
    TransferWatch, DEFAULT_IDLE_TIMEOUT,
};
pub use upload::{file_part, guess_mime};

/// Re-exported so adapters speak the same reqwest version as this crate.
pub use reqwest;
