//! BackOffice's operations (sections as the digest numbers them,
//! `BackOffice #2`). Each input type is one operation; `list` is the one
//! explicit list the app, the CLI and the tests walk.

mod catalog;
mod resource;
mod session;
mod thread;
mod ticket;
mod user;
mod wallet;

pub use catalog::*;
pub use resource::*;
pub use session::*;
pub use thread::*;
pub use ticket::*;
pub use user::*;
pub use wallet::*;

use crate::spec::Backoffice;
use ventanilla_core::op::OpVisitor;

/// Objects of this kind are users fetched through the app ("recent users").
pub const USER_CACHE: &str = "backoffice.user";

pub(crate) fn list<V: OpVisitor<Backoffice>>(v: &mut V) {
    v.op::<SessionLogin>();
    v.op::<UserGet>();
    v.op::<UserCreate>();
    v.op::<UserEditOp>();
    v.op::<UserSecurityToken>();
    v.op::<CatalogList>();
    v.op::<UserDashboard>();
    v.op::<UserNotices>();
    v.op::<UserProducts>();
    v.op::<UserTeam>();
    v.op::<UserMatrix>();
    v.op::<ResourceCategories>();
    v.op::<ResourceList>();
    v.op::<TicketList>();
    v.op::<TicketCreate>();
    v.op::<ThreadList>();
    v.op::<ThreadReply>();
    v.op::<WalletTransactions>();
}

/// Ids are positive.
pub(crate) fn positive(field: &str, v: u64) -> ventanilla_core::Result<()> {
    if v == 0 {
        Err(ventanilla_core::Error::invalid(
            field,
            "must be a positive number",
        ))
    } else {
        Ok(())
    }
}

/// An operation whose input is one id read from a path segment (a user, a
/// category, a ticket): `$field` is positional on the command line.
macro_rules! by_id {
    (
        $(#[$doc:meta])*
        $ty:ident { $field:ident: $json:literal, $what:literal }
        $name:literal, $doc_ref:literal, $out:ty, $method:ident,
        |$o:ident| $summary:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[cfg_attr(feature = "cli", derive(clap::Args))]
        #[serde(rename_all = "camelCase")]
        pub struct $ty {
            #[ts(type = "number")]
            pub $field: u64,
        }

        impl ventanilla_core::op::Op for $ty {
            const NAME: &'static str = $name;
            const KIND: ventanilla_core::op::OpKind = ventanilla_core::op::OpKind::Read;
            const DOC: &'static str = $doc_ref;
            type Output = $out;

            fn validate(&self) -> ventanilla_core::Result<()> {
                super::positive($json, self.$field)
            }
            fn target(&self) -> String {
                format!(concat!($what, " {}"), self.$field)
            }
            fn summary(&self, $o: &$out) -> String {
                $summary
            }
        }

        impl ventanilla_core::op::Call<crate::spec::Backoffice> for $ty {
            fn call(
                self,
                cx: ventanilla_core::op::Cx<'_, crate::BackofficeClient>,
            ) -> ventanilla_core::op::BoxFuture<'_, ventanilla_core::Result<$out>> {
                Box::pin(async move { cx.api.$method(self.$field).await })
            }
        }
    };
}
pub(crate) use by_id;
