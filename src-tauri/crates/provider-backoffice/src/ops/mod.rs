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
            pub $field: ventanilla_core::id::PositiveId,
        }

        impl ventanilla_core::op::Op for $ty {
            const NAME: &'static str = $name;
            const KIND: ventanilla_core::op::OpKind = ventanilla_core::op::OpKind::Read;
            const DOC: &'static str = $doc_ref;
            type Output = $out;

            fn target(&self) -> String {
                format!(concat!($what, " {}"), self.$field)
            }
            fn summary(&self, $o: &$out) -> ventanilla_core::history::Summary {
                $summary
            }
        }

        impl ventanilla_core::op::Call<crate::spec::Backoffice> for $ty {
            fn call(
                self,
                cx: ventanilla_core::op::Cx<'_, crate::BackofficeClient>,
            ) -> ventanilla_core::op::BoxFuture<'_, ventanilla_core::Result<$out>> {
                Box::pin(async move { cx.api.$method(self.$field.get()).await })
            }
        }
    };
}
pub(crate) use by_id;

/// The README's command lines parse into the inputs; secrets are no flags.
#[cfg(all(test, feature = "cli"))]
mod cli_tests {
    use super::*;
    use crate::users::Catalog;
    use ventanilla_core::op::{Call, Op};

    fn parse<O: Op>(args: &[&str]) -> Result<O, clap::Error> {
        let cmd = O::augment_args(clap::Command::new("op").no_binary_name(true));
        let m = cmd.try_get_matches_from(args)?;
        <O as clap::FromArgMatches>::from_arg_matches(&m)
    }

    const NEW_USER: &[&str] = &[
        "--sponsor",
        "s",
        "--first-name",
        "a",
        "--last-name",
        "b",
        "--email",
        "e@x.io",
        "--user-name",
        "u",
        "--mobile",
        "+5255",
        "--country-code",
        "MX",
    ];

    #[test]
    fn every_input_is_a_valid_clap_command() {
        struct Check;
        impl OpVisitor<Backoffice> for Check {
            fn op<O: Call<Backoffice>>(&mut self) {
                O::augment_args(clap::Command::new(O::NAME)).debug_assert();
            }
        }
        list(&mut Check);
    }

    #[test]
    fn flags_and_positionals_as_the_cli_had_them() {
        assert_eq!(parse::<UserGet>(&["7"]).unwrap().user_id.get(), 7);
        let t = parse::<TicketCreate>(&["--user", "7", "--subject", "s", "--comment", "c"])
            .unwrap()
            .ticket;
        assert_eq!(
            (t.user_id.get(), t.subject.as_str(), t.comment.as_str()),
            (7, "s", "c")
        );
        let r = parse::<ThreadReply>(&["--ticket", "3", "--content", "ok"]).unwrap();
        assert_eq!(r.message.ticket_id.get(), 3);
        let w = parse::<WalletTransactions>(&["--wallet", "2", "--user", "7"]).unwrap();
        assert_eq!(
            (w.query.wallet_id, w.query.user_id.get(), w.query.page),
            (2, 7, 1)
        );
        for name in ["cashout-currencies", "cashout_currencies"] {
            let c = parse::<CatalogList>(&[name]).unwrap();
            assert_eq!(c.catalog, Catalog::CashoutCurrencies);
        }
        let e = parse::<UserEditOp>(&["7", "--first-name", "Ana", "--profile-image", "me.png"])
            .unwrap();
        assert_eq!(e.user_id.get(), 7);
        assert_eq!(e.edit.first_name.as_deref(), Some("Ana"));
        assert_eq!(e.profile_image.as_deref(), Some("me.png"));
        let u = parse::<UserCreate>(NEW_USER).unwrap();
        assert!(u.user.password.is_blank());
        parse::<ResourceList>(&["4"]).unwrap();
        parse::<SessionLogin>(&[]).unwrap();
    }

    #[test]
    fn secrets_are_never_flags() {
        assert!(parse::<UserEditOp>(&["7", "--password", "x"]).is_err());
        assert!(parse::<UserEditOp>(&["7", "--token", "x"]).is_err());
        let with_password = [NEW_USER, &["--password", "x"]].concat();
        assert!(parse::<UserCreate>(&with_password).is_err());
    }
}
