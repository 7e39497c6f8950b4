//! The DynamiCore provider (DYNAMICORE 1): clients and their documents,
//! accounts, SAT data, Mifiel e-signature and Conekta cash orders, every
//! request signed with the "Ictineo" HMAC (DYNAMICORE 1.2).
//!
//! * [`sign`]: the signature, exactly as the provider's JavaScript;
//! * [`jsjson`]: `JSON.stringify(JSON.parse(..))`, which the signature covers.

pub mod jsjson;
pub mod sign;

pub use sign::IctineoSigner;
