//! BackOffice's operations (seed sections as the digest numbers them,
//! `BackOffice #2`). Each input type is one operation; `list` is the one
//! explicit list the app, the CLI and the tests walk.

mod user;

pub use user::*;

use crate::spec::Backoffice;
use ventanilla_core::op::OpVisitor;

/// Objects of this kind are users fetched through the app ("recent users").
pub const USER_CACHE: &str = "backoffice.user";

pub(crate) fn list<V: OpVisitor<Backoffice>>(v: &mut V) {
    v.op::<UserGet>();
}

/// Ids are positive.
pub(crate) fn positive(field: &str, v: u64) -> ventanilla_core::Result<()> {
    if v == 0 {
        Err(ventanilla_core::Error::invalid(field, "must be a positive number"))
    } else {
        Ok(())
    }
}
