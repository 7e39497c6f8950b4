//! Shared HTTP plumbing for every provider adapter. It knows nothing about any
//! provider: it builds the client (timeouts, user agent), sends requests and
//! maps transport failures to [`ventanilla_core::Error`], retries idempotent
//! requests when that is safe, caches session tokens, and streams files into
//! multipart bodies. Against a hostile or broken provider: redirects are
//! never followed, replies are read with a size cap, transfers give up on a
//! stall or a trickle, and a write whose reply is lost is `OUTCOME_UNKNOWN`.
//! A provider's operations whose routes are settings share one
//! [`Routes`] table. `hostile` (feature `hostile`) is a misbehaving server
//! for tests.

mod client;
#[cfg(any(test, feature = "hostile"))]
pub mod hostile;
mod retry;
mod route;
mod route_table;
#[cfg(feature = "sandbox")]
pub mod sandbox;
mod sign;
mod token;
mod transfer;
mod upload;

pub use client::{
    build_client, exchange, is_idempotent, read_body, read_body_capped, send, transport_error,
    unconfirmed, Exchange, HttpConfig, DEFAULT_MAX_BODY, TIMEOUT_ENV, USER_AGENT,
};
pub use retry::{send_with_retry, Outcome, RetryPolicy};
pub use route::Route;
pub use route_table::{settings_object, unknown_setting, validated, Placeholders, RouteOp, Routes};
pub use sign::{RequestSigner, Signer};
pub use token::TokenCache;
pub use transfer::{
    build_transfer_client, file_not_sent, file_url, read_transfer_body, save_response,
    send_download, send_watched, sha256_file, watched_file_part, Downloaded, TransferLimits,
    TransferWatch, DEFAULT_IDLE_TIMEOUT,
};
pub use upload::{file_part, guess_mime};

/// Re-exported so adapters speak the same reqwest version as this crate.
pub use reqwest;
