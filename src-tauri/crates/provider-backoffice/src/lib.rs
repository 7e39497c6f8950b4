//! The MLM BackOffice provider ("API del BackOffice", shared/providers.md §4).
//!
//! * [`users`]: its types (users, tickets, wallets…) and their checks.
//! * [`ops`]: its operations, one input type each, in one explicit list.
//! * [`BackofficeClient`] carries out the endpoints over the HTTP API:
//!   `x-api-key` on every request, a JWT from `POST /api/v1/login/` sent as
//!   `jwt-token`, cached and renewed on "Signature has expired";
//!   form-urlencoded writes, multipart user edits.
//! * [`errors`] maps every documented error body to the core error.
//! * [`sanitize`] makes the provider's ticket HTML safe to render.
//! * `sandbox` (feature `sandbox`) is an in-process simulator of the API.

pub mod client;
pub mod errors;
pub mod jwt;
pub mod ops;
pub mod sanitize;
pub mod spec;
pub mod users;
pub mod wire;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use client::{BackofficeClient, BackofficeConfig};
pub use spec::Backoffice;
