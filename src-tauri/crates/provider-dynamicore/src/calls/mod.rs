//! DynamiCore's operations for the registry: each input of [`crate::ops`]
//! as an [`Op`](ventanilla_core::op::Op) (name, kind, DYNAMICORE 1.3
//! section, what history says) and a [`Call`](ventanilla_core::op::Call)
//! on the adapter. Inputs that hold files (uploads, the SAT .key/.cer) take
//! a file reference the host resolves (a dialog or drop token in the app,
//! a path in the CLI); their contents are read here, in Rust.

/// `Op::validate` of an input whose checks are all its own
/// ([`Input::validate`](crate::ops::Input::validate)).
macro_rules! own_checks {
    () => {
        fn validate(&self) -> ventanilla_core::Result<()> {
            $crate::ops::Input::validate(self)
        }
    };
}

mod accounts;
mod catalog;
mod clients;
mod conekta;
mod files;
mod mifiel;
mod sandbox;
mod sat;

pub use clients::ClientSatRequest;
pub use files::FileUpload;
pub use mifiel::{refresh as refresh_document, MifielExportInput, MIFIEL_CACHE};
pub use sandbox::{SandboxPayOrder, SandboxSignDocument};
pub use sat::SatFileRefs;
pub use sat::SatKeysRequest;

use serde_json::Value;
use ventanilla_core::op::OpVisitor;

use crate::ops::*;
use crate::spec::Dynamicore;

/// The one list of DynamiCore's operations, in DYNAMICORE 1.3's order,
/// then Mifiel's export and the simulator's controls.
pub(crate) fn list<V: OpVisitor<Dynamicore>>(v: &mut V) {
    v.op::<ClientTypeCreateInput>();
    v.op::<ProductTypeCreateInput>();
    v.op::<CatalogClientInput>();
    v.op::<CatalogProductInput>();
    v.op::<ClientCreateInput>();
    v.op::<ClientUpdateInput>();
    v.op::<ClientListInput>();
    v.op::<FileUpload>();
    v.op::<ClientSatRequest>();
    v.op::<ClientScoreInput>();
    v.op::<AccountCreateInput>();
    v.op::<AccountListInput>();
    v.op::<AccountTransactionsInput>();
    v.op::<AccountPaymentsInput>();
    v.op::<SatKeysRequest>();
    v.op::<SatSyncInput>();
    v.op::<SatDataInput>();
    v.op::<MifielCreateInput>();
    v.op::<MifielGetInput>();
    v.op::<ConektaCreateInput>();
    v.op::<ConektaGetInput>();
    v.op::<MifielExportInput>();
    v.op::<SandboxSignDocument>();
    v.op::<SandboxPayOrder>();
}

/// `data[0][key]` as text (DynamiCore sends ids as strings or numbers).
pub(crate) fn first_text(l: &Listing, key: &str) -> String {
    match l.data.first().map(|d| &d[key]) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

/// A listing's size as history counts it.
pub(crate) fn count(l: &Listing) -> usize {
    l.data.len()
}
