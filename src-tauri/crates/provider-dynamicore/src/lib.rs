//! The DynamiCore provider (DYNAMICORE 1): clients and their documents,
//! accounts, SAT data, Mifiel e-signature and Conekta cash orders, every
//! request signed with the "Ictineo" HMAC (DYNAMICORE 1.2).
//!
//! * [`sign`]: the signature, exactly as the provider's JavaScript;
//! * [`jsjson`]: `JSON.stringify(JSON.parse(..))`, which the signature covers;
//! * [`rules`]: RFCs, ISO dates, flags, currencies, as pure functions;
//! * [`ops`]: the 21 operations' inputs (with `validate`) and outputs;
//! * [`settings`]: each operation's route, overridable (DYNAMICORE 1.5 #14);
//! * [`client`]: the adapter over HTTP, [`wire`] and [`errors`] its envelopes;
//! * [`calls`]: the operations for the registry (`Op` + `Call`), and
//!   [`spec`]: DynamiCore as data for the service;
//! * `sandbox` (feature `sandbox`): a simulator that verifies every signature.

pub mod calls;
pub mod client;
pub mod errors;
pub mod jsjson;
pub mod ops;
pub mod rules;
pub mod settings;
pub mod sign;
pub mod spec;
pub mod wire;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use calls::*;
pub use client::{DynamicoreClient, DynamicoreConfig};
pub use ops::*;
pub use settings::{DynamicoreSettings, Operation};
pub use sign::IctineoSigner;
pub use spec::Dynamicore;
