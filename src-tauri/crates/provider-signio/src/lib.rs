//! The SIGNIO e-signature provider (shared/providers.md §5, seed
//! `004_7b9105617f0b4f19.txt`).
//!
//! * [`SignioClient`] implements [`ventanilla_core::envelopes::Envelopes`]
//!   plus SIGNIO-only operations (tags, base transactions, magic link,
//!   on-site signing URL, TVE promissory notes, tenants).
//! * [`routes`]: the 24 operations, each with a method and path that the
//!   connection's settings can override (the seed documents only 8 paths
//!   and 2 methods; the defaults are the placeholders of providers.md §5.6).
//! * [`errors`]: `codigo`/`code` → core error; [`status`]: SIGNIO states →
//!   [`ventanilla_core::envelopes::EnvelopeStatus`].
//! * `sandbox` (feature `sandbox`): a stateful in-process simulator.

pub mod client;
pub mod ops;
pub mod spec;
pub mod errors;
pub mod routes;
pub mod status;
pub mod wire;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use client::{SignioClient, SignioConfig};
pub use routes::{Operation, Route, SignioSettings};
pub use spec::Signio;
