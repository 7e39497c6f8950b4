//! Wallets (BackOffice #21).

use crate::spec::Backoffice;
use crate::users::{WalletPage, WalletQuery};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

/// A page of a user's wallet transactions, 30 a page.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct WalletTransactions {
    #[cfg_attr(feature = "cli", command(flatten))]
    pub query: WalletQuery,
}

impl Op for WalletTransactions {
    const NAME: &'static str = "wallet.transactions";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "BackOffice #21";
    type Output = WalletPage;

    fn validate(&self) -> Result<()> {
        self.query.validate()
    }
    fn target(&self) -> String {
        format!(
            "wallet {} of user {}",
            self.query.wallet_id, self.query.user_id
        )
    }
    fn summary(&self, p: &WalletPage) -> Summary {
        Summary::new(
            "transactions_page",
            format!(
                "page {} of {}, {} transactions",
                p.current_page,
                p.total_pages,
                p.transactions.len()
            ),
        )
        .param("page", p.current_page)
        .param("pages", p.total_pages)
        .param("count", p.transactions.len())
    }
}

impl Call<Backoffice> for WalletTransactions {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<WalletPage>> {
        Box::pin(async move { cx.api.wallet(self.query).await })
    }
}
