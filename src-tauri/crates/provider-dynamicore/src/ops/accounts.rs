//! #11–#14: accounts (product contracts) and their movements (DYNAMICORE 1.3).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::FieldErrors;
use ventanilla_core::Result;

use super::clients::numeric;
use super::{finish, Input, NumId, Outgoing};
use crate::rules;
use crate::settings::Operation;

fn active() -> String {
    "1".into()
}
fn mxn() -> String {
    "484".into()
}

/// #11: open an account of product `product` for a client.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountCreateInput {
    #[cfg_attr(feature = "cli", arg(long = "client", value_name = "CLIENT"))]
    pub client_id: NumId,
    /// The product's id (e.g. "6").
    #[cfg_attr(feature = "cli", arg(long))]
    pub product: String,
    /// "1" active (default), "0" inactive (the CLI's `--inactive`).
    #[serde(default = "active")]
    #[cfg_attr(feature = "cli", arg(skip = active()))]
    pub enabled: String,
    /// ISO 4217 numeric (default 484, MXN).
    #[serde(default = "mxn")]
    #[cfg_attr(feature = "cli", arg(long, default_value = "484"))]
    pub currency: String,
}

impl Input for AccountCreateInput {
    const OP: Operation = Operation::AccountCreate;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        numeric(&mut errs, "product", &self.product);
        rules::enabled_flag(&mut errs, "enabled", &self.enabled);
        rules::currency(&mut errs, "currency", &self.currency);
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        #[derive(Serialize)]
        struct Body<'a> {
            client_id: &'a str,
            product: &'a str,
            enabled: &'a str,
            currency: &'a str,
        }
        Outgoing::json(&Body {
            client_id: self.client_id.as_str(),
            product: self.product.trim(),
            enabled: self.enabled.trim(),
            currency: self.currency.trim(),
        })
    }
}

/// #12: a client's accounts, or one of them. The seed marks `id` required,
/// which would make listing impossible (DYNAMICORE 1.5 #6): it is optional.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountListInput {
    #[cfg_attr(feature = "cli", arg(long = "client", value_name = "CLIENT"))]
    pub client_id: NumId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub id: Option<NumId>,
}

impl Input for AccountListInput {
    const OP: Operation = Operation::AccountList;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        let mut query = vec![("client_id", self.client_id.to_string())];
        query.extend(self.id.iter().map(|i| ("id", i.to_string())));
        Outgoing {
            query,
            ..Outgoing::default()
        }
    }
}

/// #13: an account's transactions.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountTransactionsInput {
    #[cfg_attr(feature = "cli", arg(value_name = "ACCOUNT"))]
    pub account_id: NumId,
}

/// #14: an account's payments.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountPaymentsInput {
    #[cfg_attr(feature = "cli", arg(value_name = "ACCOUNT"))]
    pub account_id: NumId,
}

fn account_path(id: &NumId) -> Outgoing {
    Outgoing {
        vars: vec![("account_id", id.to_string())],
        ..Outgoing::default()
    }
}

impl Input for AccountTransactionsInput {
    const OP: Operation = Operation::AccountTransactions;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        account_path(&self.account_id)
    }
}

impl Input for AccountPaymentsInput {
    const OP: Operation = Operation::AccountPayments;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        account_path(&self.account_id)
    }
}
