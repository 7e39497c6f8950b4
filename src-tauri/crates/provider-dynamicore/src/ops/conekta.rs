//! #20–#21: Conekta cash orders (OXXO), amounts in integer cents
//! (DYNAMICORE 1.3, 1.4). `items` is one object, not an array (1.5 #11).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::{add_field_error, FieldErrors};
use ventanilla_core::id::PositiveId;
use ventanilla_core::{validate, Result};

use super::{finish, given, Input, Outgoing, Reference};
use crate::rules::{self, TEXT_MAX};
use crate::settings::Operation;

/// Who pays. Phone and e-mail are optional.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    #[cfg_attr(feature = "cli", arg(id = "customer_name", long = "customer-name"))]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(id = "customer_email", long = "customer-email"))]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(id = "customer_phone", long = "customer-phone"))]
    pub phone: Option<String>,
}

/// What is paid for: unit price in cents, a positive quantity.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[cfg_attr(feature = "cli", arg(id = "item_name", long = "item-name"))]
    pub name: String,
    /// Cents (integer; a JSON float is refused when the input is parsed).
    #[cfg_attr(feature = "cli", arg(long, value_name = "CENTS"))]
    #[ts(type = "number")]
    pub unit_price: u64,
    #[cfg_attr(feature = "cli", arg(long))]
    #[ts(type = "number")]
    pub quantity: u64,
}

fn oxxo() -> String {
    "oxxo_cash".into()
}

/// #20: create a cash payment order for an account.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConektaCreateInput {
    #[cfg_attr(feature = "cli", arg(long))]
    pub account: PositiveId,
    #[cfg_attr(feature = "cli", arg(long))]
    pub operation: PositiveId,
    #[cfg_attr(feature = "cli", command(flatten))]
    pub customer: Customer,
    #[cfg_attr(feature = "cli", command(flatten))]
    pub item: Item,
    #[serde(default = "oxxo")]
    #[cfg_attr(feature = "cli", arg(long, default_value = "oxxo_cash"))]
    pub payment_method: String,
}

impl Input for ConektaCreateInput {
    const OP: Operation = Operation::ConektaCreate;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        validate::required_text(&mut errs, "customer.name", &self.customer.name, TEXT_MAX);
        if let Some(e) = given(&self.customer.email) {
            validate::email(&mut errs, "customer.email", e);
        }
        if let Some(p) = given(&self.customer.phone) {
            validate::phone(&mut errs, "customer.phone", p);
        }
        validate::required_text(&mut errs, "item.name", &self.item.name, TEXT_MAX);
        if self.item.unit_price == 0 {
            add_field_error(&mut errs, "item.unitPrice", validate::positive_number());
        }
        if self.item.quantity == 0 {
            add_field_error(&mut errs, "item.quantity", validate::positive_number());
        }
        rules::one_of(
            &mut errs,
            "paymentMethod",
            &self.payment_method,
            rules::PAYMENT_METHODS,
        );
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        #[derive(Serialize)]
        struct CustomerInfo<'a> {
            name: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            phone: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            email: Option<&'a str>,
        }
        #[derive(Serialize)]
        struct Items<'a> {
            name: &'a str,
            unit_price: u64,
            quantity: u64,
        }
        #[derive(Serialize)]
        struct Method<'a> {
            #[serde(rename = "type")]
            kind: &'a str,
        }
        #[derive(Serialize)]
        struct Body<'a> {
            account: u64,
            operation: u64,
            config: serde_json::Value,
            customer_info: CustomerInfo<'a>,
            items: Items<'a>,
            payment_method: Method<'a>,
        }
        Outgoing::json(&Body {
            account: self.account.get(),
            operation: self.operation.get(),
            config: serde_json::json!({}),
            customer_info: CustomerInfo {
                name: self.customer.name.trim(),
                phone: given(&self.customer.phone),
                email: given(&self.customer.email),
            },
            items: Items {
                name: self.item.name.trim(),
                unit_price: self.item.unit_price,
                quantity: self.item.quantity,
            },
            payment_method: Method {
                kind: self.payment_method.trim(),
            },
        })
    }
}

/// #21: a Conekta order by id (`ord_…`).
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConektaGetInput {
    #[cfg_attr(feature = "cli", arg(value_name = "ORDER_ID"))]
    pub order_id: Reference,
}

impl Input for ConektaGetInput {
    const OP: Operation = Operation::ConektaGet;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        Outgoing {
            vars: vec![("id", self.order_id.to_string())],
            ..Outgoing::default()
        }
    }
}
