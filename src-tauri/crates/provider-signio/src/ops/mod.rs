//! SIGNIO's operations (sections of the SIGNIO document, `SIGNIO 6.13`).
//! Each input type is one operation; `list` is the one explicit list the
//! app, the CLI and the tests walk.

use crate::spec::Signio;
use ventanilla_core::op::OpVisitor;

pub(crate) fn list<V: OpVisitor<Signio>>(_v: &mut V) {}
