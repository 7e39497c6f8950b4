//! #20–#21: Conekta cash orders.

use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

use crate::ops::*;
use crate::spec::Dynamicore;
use crate::DynamicoreClient;

/// "$1,250.50" from cents.
pub(crate) fn pesos(cents: u64) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{:02}", cents % 100)
}

impl Op for ConektaCreateInput {
    const NAME: &'static str = "conekta.create";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #20";
    type Output = OrderCreated;

    own_checks!();
    fn target(&self) -> String {
        format!("account {}", self.account)
    }
    /// `order_created`: the order id and its amount in cents.
    fn summary(&self, o: &OrderCreated) -> Summary {
        Summary::new(
            "order_created",
            format!("order {} for {} ({})", o.id, pesos(o.amount), o.channel),
        )
        .param("id", o.id.as_str())
        .param("cents", o.amount)
        .param("channel", o.channel.as_str())
    }
}

impl Call<Dynamicore> for ConektaCreateInput {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<OrderCreated>> {
        Box::pin(async move { cx.api.conekta_create(&self).await })
    }
}

impl Op for ConektaGetInput {
    const NAME: &'static str = "conekta.get";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #21";
    type Output = Order;

    fn target(&self) -> String {
        format!("order {}", self.order_id)
    }
    /// `order_status`: Conekta's payment status and the amount in cents.
    fn summary(&self, o: &Order) -> Summary {
        Summary::new(
            "order_status",
            format!("order {}: {} ({})", o.id, o.payment_status, pesos(o.amount)),
        )
        .param("id", o.id.as_str())
        .param("status", o.payment_status.as_str())
        .param("cents", o.amount)
    }
}

impl Call<Dynamicore> for ConektaGetInput {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<Order>> {
        Box::pin(async move { cx.api.conekta_get(&self).await })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pesos_group_thousands() {
        assert_eq!(super::pesos(125_050), "$1,250.50");
        assert_eq!(super::pesos(5), "$0.05");
        assert_eq!(super::pesos(123_456_789), "$1,234,567.89");
    }
}
