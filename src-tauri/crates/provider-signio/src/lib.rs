//! The SIGNIO e-signature provider (shared/providers.md §5, seed
//! `004_7b9105617f0b4f19.txt`).
//!
//! * [`model`]: SIGNIO's inputs, limits and checks, and the [`Envelopes`]
//!   operations (core keeps only the normalized read model).
//! * [`SignioClient`] implements [`Envelopes`]
//!   plus SIGNIO-only operations (tags, base transactions, magic link,
//!   on-site signing URL, TVE promissory notes, tenants).
//! * [`routes`]: the 24 operations, each with a method and path that the
//!   connection's settings can override (the seed documents only 8 paths
//!   and 2 methods; the defaults are the placeholders of providers.md §5.6).
//! * [`errors`]: `codigo`/`code` → core error; [`status`]: SIGNIO states →
//!   [`ventanilla_core::envelopes::EnvelopeStatus`], and the state machine
//!   as [`status::ACTIONS`].
//! * `sandbox` (feature `sandbox`): a stateful in-process simulator.

pub mod client;
pub mod errors;
pub mod model;
pub mod ops;
pub mod routes;
pub mod spec;
pub mod status;
pub mod wire;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use client::{SignioClient, SignioConfig};
pub use model::*;
pub use routes::{Operation, Route, SignioSettings};
pub use spec::Signio;
