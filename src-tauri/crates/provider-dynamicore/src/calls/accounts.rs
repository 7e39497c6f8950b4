//! #11–#14: accounts and their movements.

use ventanilla_core::history::Summary;
use ventanilla_core::op::{Op, OpKind};

use super::catalog::plain_call;
use super::{count, first_text};
use crate::ops::*;

plain_call!(
    AccountCreateInput,
    AccountListInput,
    AccountTransactionsInput,
    AccountPaymentsInput
);

impl Op for AccountCreateInput {
    const NAME: &'static str = "account.create";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #11";
    type Output = Listing;

    own_checks!();
    fn target(&self) -> String {
        format!("client {}", self.client_id)
    }
    /// `account_opened` (or `account_opened_inactive`): the new account
    /// and its product.
    fn summary(&self, l: &Listing) -> Summary {
        let id = first_text(l, "id");
        let product = self.product.trim();
        let text = format!("account {id} (product {product})");
        let s = if self.enabled.trim() == "1" {
            Summary::new("account_opened", text)
        } else {
            Summary::new("account_opened_inactive", format!("{text}, inactive"))
        };
        s.param("id", id).param("product", product)
    }
}

impl Op for AccountListInput {
    const NAME: &'static str = "account.list";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #12";
    type Output = Listing;

    fn target(&self) -> String {
        match &self.id {
            Some(id) => format!("account {id} of client {}", self.client_id),
            None => format!("accounts of client {}", self.client_id),
        }
    }
    fn summary(&self, l: &Listing) -> Summary {
        Summary::count("accounts_listed", count(l), "accounts")
    }
}

impl Op for AccountTransactionsInput {
    const NAME: &'static str = "account.transactions";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #13";
    type Output = Listing;

    fn target(&self) -> String {
        format!("account {}", self.account_id)
    }
    fn summary(&self, l: &Listing) -> Summary {
        Summary::count("transactions_listed", count(l), "transactions")
    }
}

impl Op for AccountPaymentsInput {
    const NAME: &'static str = "account.payments";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #14";
    type Output = Listing;

    fn target(&self) -> String {
        format!("account {}", self.account_id)
    }
    fn summary(&self, l: &Listing) -> Summary {
        Summary::count("payments_listed", count(l), "payments")
    }
}
