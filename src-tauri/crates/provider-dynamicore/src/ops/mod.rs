//! DynamiCore's 21 operations (DYNAMICORE 1.3) as plain input types. Each
//! validates itself with coded field errors (nothing is sent when one
//! fails) and says what goes on the wire: path placeholders, query
//! parameters (GETs the seed documents with a body, DYNAMICORE 1.5 #2) and
//! a JSON body with bracket keys as nested objects (1.5 #3).

mod accounts;
mod catalog;
mod clients;
mod conekta;
mod mifiel;
mod outputs;
mod sat;

pub use accounts::*;
pub use catalog::*;
pub use clients::*;
pub use conekta::*;
pub use mifiel::*;
pub use outputs::*;
pub use sat::*;

use serde::Serialize;
use ventanilla_core::error::{FieldError, FieldErrors};
use ventanilla_core::id::{Id, IdKind};
use ventanilla_core::{Error, Result};

use crate::settings::Operation;

/// What one operation sends, besides its route.
#[derive(Debug, Default)]
pub struct Outgoing {
    /// Path placeholders.
    pub vars: Vec<(&'static str, String)>,
    /// Query parameters, in this order.
    pub query: Vec<(&'static str, String)>,
    /// Compact JSON (serde_json: original field order, non-ASCII literal).
    pub body: Option<Vec<u8>>,
}

impl Outgoing {
    pub(crate) fn json(body: &impl Serialize) -> Outgoing {
        Outgoing {
            body: Some(serde_json::to_vec(body).expect("inputs serialize")),
            ..Outgoing::default()
        }
    }
}

/// One JSON operation: its route key, its checks, its request.
pub trait Input {
    const OP: Operation;
    fn validate(&self) -> Result<()>;
    fn outgoing(&self) -> Outgoing;
}

pub(crate) fn finish(errs: FieldErrors) -> Result<()> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(errs))
    }
}

/// A DynamiCore numeric id (client, account, product, client type): the
/// seed's examples are all decimal ("1", "17", "424", "326").
pub type NumId = Id<NumIdKind>;

pub enum NumIdKind {}
impl IdKind for NumIdKind {
    fn check(id: &str) -> std::result::Result<(), FieldError> {
        let ok = !id.is_empty()
            && id.len() <= 18
            && id.bytes().all(|b| b.is_ascii_digit())
            && id.bytes().any(|b| b != b'0');
        if ok {
            Ok(())
        } else {
            Err(
                FieldError::new("numeric_id", "is not an id (1 to 18 digits, not 0)")
                    .param("max", 18),
            )
        }
    }
}

/// A client's PII field key (`acta_constitutiva`, `acceptance_bc`).
pub type FieldKey = Id<FieldKeyKind>;

pub enum FieldKeyKind {}
impl IdKind for FieldKeyKind {
    fn check(id: &str) -> std::result::Result<(), FieldError> {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(())
        } else {
            Err(FieldError::new(
                "field_key",
                "is not a field key (1 to 64 lower-case letters, digits or '_')",
            )
            .param("max", 64))
        }
    }
}

/// A provider reference as it goes into a path (Mifiel's uuid, Conekta's
/// `ord_…`): 1–64 letters, digits, `-` or `_`.
pub type Reference = Id<ReferenceKind>;

pub enum ReferenceKind {}
impl IdKind for ReferenceKind {
    fn check(id: &str) -> std::result::Result<(), FieldError> {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(())
        } else {
            Err(FieldError::new(
                "reference_format",
                "is not a reference (1 to 64 letters, digits, '-' or '_')",
            )
            .param("max", 64))
        }
    }
}

/// Trimmed text, or `None` when blank.
pub(crate) fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The 21 operations, one per route (checked by a test).
pub const COUNT: usize = 21;
