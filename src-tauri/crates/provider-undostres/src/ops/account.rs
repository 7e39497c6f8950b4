//! Company data (UNDOSTRES 2.3 O3, 2.5 A2–A3) and the sub-account tree as
//! this app knows it (UNDOSTRES 2.4).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

use super::{local, Account, AccountGetInput, AccountUpdateInput, CompanyId};
use crate::spec::Undostres;
use crate::tree::TreeNodeView;
use crate::UndostresClient;

fn account_target(id: &Option<CompanyId>) -> String {
    match id {
        Some(id) => format!("account {}", id.trim()),
        None => "own account".into(),
    }
}

/// `account` or `account_inactive` ("UDT-1001 · Names"), with `id` and `names`.
fn account_summary(a: &Account) -> Summary {
    let text = format!("{} · {}", a.company_id, a.names);
    let s = if a.active {
        Summary::new("account", text)
    } else {
        Summary::new("account_inactive", format!("{text} (inactive)"))
    };
    s.param("id", a.company_id.as_str())
        .param("names", a.names.as_str())
}

/// Whether `id` names the connection's own account (`None`: the `me` alias).
fn is_own(cx: &Cx<'_, UndostresClient>, id: &Option<CompanyId>, got: &Account) -> bool {
    id.is_none() || local::my_company_id(cx.store).as_deref() == Some(got.company_id.as_str())
}

impl Op for AccountGetInput {
    const NAME: &'static str = "account.get";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "UNDOSTRES 2.5 A2";
    type Output = Account;

    fn target(&self) -> String {
        account_target(&self.company_id)
    }
    fn summary(&self, a: &Account) -> Summary {
        account_summary(a)
    }
}

impl Call<Undostres> for AccountGetInput {
    fn call(self, cx: Cx<'_, UndostresClient>) -> BoxFuture<'_, Result<Account>> {
        Box::pin(async move {
            let a = cx.api.get_account(&self).await?;
            let own = is_own(&cx, &self.company_id, &a);
            local::remember_account(cx.store, cx.api.settings().limits, &a, own);
            Ok(a)
        })
    }
}

impl Op for AccountUpdateInput {
    const NAME: &'static str = "account.update";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "UNDOSTRES 2.3 O3, 2.5 A3";
    type Output = Account;

    fn validate(&self) -> Result<()> {
        AccountUpdateInput::validate(self)
    }
    fn target(&self) -> String {
        account_target(&self.company_id)
    }
    /// `account_updated`: the account and `changed`, the input fields sent
    /// (`names, documentNumber, webhooks`) for the UI to name.
    fn summary(&self, a: &Account) -> Summary {
        let sent = [
            ("names", "names", self.names.is_some()),
            (
                "documentNumber",
                "document number",
                self.document_number.is_some(),
            ),
            ("webhooks", "webhooks", self.webhooks.is_some()),
        ];
        let sent: Vec<_> = sent.iter().filter(|(_, _, on)| *on).collect();
        let join = |words: Vec<&str>| words.join(", ");
        let was = account_summary(a);
        Summary::new(
            "account_updated",
            format!(
                "{} ({} changed)",
                was.text,
                join(sent.iter().map(|f| f.1).collect())
            ),
        )
        .param("id", a.company_id.as_str())
        .param("names", a.names.as_str())
        .param("changed", join(sent.iter().map(|f| f.0).collect()))
    }
}

impl Call<Undostres> for AccountUpdateInput {
    fn call(self, cx: Cx<'_, UndostresClient>) -> BoxFuture<'_, Result<Account>> {
        Box::pin(async move {
            let a = cx.api.update_account(&self).await?;
            let own = is_own(&cx, &self.company_id, &a);
            local::remember_account(cx.store, cx.api.settings().limits, &a, own);
            Ok(a)
        })
    }
}

/// The sub-account tree: the connection's own account, read now, and what
/// this app learned before (accounts read, sub-accounts created here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct AccountTreeInput {}

/// The tree as the UI lists it. It comes from the local cache: UnDosTres
/// offers no operation that lists an account's children, so sub-accounts
/// created elsewhere are missing and remaining slots are an upper bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountTreeView {
    /// Depth-first from the roots.
    pub nodes: Vec<TreeNodeView>,
    /// When the cached tree was last updated (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub cached_at: OffsetDateTime,
}

impl Op for AccountTreeInput {
    const NAME: &'static str = "account.tree";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "UNDOSTRES 2.4";
    type Output = AccountTreeView;

    fn target(&self) -> String {
        "account tree".into()
    }
    fn summary(&self, t: &AccountTreeView) -> Summary {
        Summary::count("accounts_known", t.nodes.len(), "accounts known")
    }
}

impl Call<Undostres> for AccountTreeInput {
    fn call(self, cx: Cx<'_, UndostresClient>) -> BoxFuture<'_, Result<AccountTreeView>> {
        Box::pin(async move {
            let limits = cx.api.settings().limits;
            let own = cx.api.get_account(&AccountGetInput::default()).await?;
            local::remember_account(cx.store, limits, &own, true);
            // A sub-account activated by its first key (on its own connection).
            for id in local::tree(cx.store, limits).0.created_inactive() {
                let Ok(company_id) = CompanyId::new(&id) else {
                    continue;
                };
                let input = AccountGetInput {
                    company_id: Some(company_id),
                };
                // Best effort: on failure the node keeps its last known state.
                if let Ok(a) = cx.api.get_account(&input).await {
                    local::remember_account(cx.store, limits, &a, false);
                }
            }
            let (tree, _) = local::tree(cx.store, limits);
            Ok(AccountTreeView {
                nodes: tree.view(),
                cached_at: OffsetDateTime::now_utc(),
            })
        })
    }
}
