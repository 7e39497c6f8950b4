//! The simulator's controls (not DynamiCore's API): what a signer or a
//! payer would do, played on a simulator on this computer over loopback.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{require_loopback, BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

use crate::ops::*;
use crate::spec::Dynamicore;
use crate::DynamicoreClient;

/// Plays a control on the connection's simulator; refused unless the
/// connection points at loopback (a real DynamiCore has no such controls).
#[cfg_attr(not(feature = "sandbox"), allow(unused_variables))]
async fn play(api: &DynamicoreClient, what: &str, body: serde_json::Value) -> Result<()> {
    let base = api.base_url();
    require_loopback(
        base,
        ventanilla_core::error::FieldError::new(
            "simulator_controls_only",
            "simulator controls only work on sandbox connections (a simulator on this computer)",
        ),
    )?;
    #[cfg(feature = "sandbox")]
    {
        crate::sandbox::remote_control(base, what, body)
            .await
            .map(|_| ())
    }
    #[cfg(not(feature = "sandbox"))]
    Err(ventanilla_core::op::Simulator::not_built("DynamiCore"))
}

/// Every pending signer of a Mifiel document signs: it is completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SandboxSignDocument {
    #[cfg_attr(feature = "cli", arg(value_name = "REFERENCE"))]
    pub reference: Reference,
}

/// A Conekta order is paid at an OXXO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SandboxPayOrder {
    #[cfg_attr(feature = "cli", arg(value_name = "ORDER_ID"))]
    pub order_id: Reference,
}

impl Op for SandboxSignDocument {
    const NAME: &'static str = "sandbox.sign";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "simulator";
    type Output = MifielView;

    fn target(&self) -> String {
        format!("Mifiel document {}", self.reference)
    }
    fn summary(&self, v: &MifielView) -> Summary {
        Summary::new(
            "sandbox_signed",
            format!("every signer signed «{}» (simulator)", v.name),
        )
        .param("name", v.name.as_str())
    }
}

impl Call<Dynamicore> for SandboxSignDocument {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<MifielView>> {
        Box::pin(async move {
            let body = serde_json::json!({ "reference": self.reference.as_str() });
            play(cx.api, "sign", body).await?;
            // The inbox shows it completed at once.
            super::mifiel::refresh(cx.api, cx.store, &self.reference).await
        })
    }
}

impl Op for SandboxPayOrder {
    const NAME: &'static str = "sandbox.pay";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "simulator";
    type Output = Order;

    fn target(&self) -> String {
        format!("order {}", self.order_id)
    }
    fn summary(&self, o: &Order) -> Summary {
        Summary::new(
            "sandbox_paid",
            format!("order {} paid at an OXXO (simulator)", o.id),
        )
        .param("id", o.id.as_str())
    }
}

impl Call<Dynamicore> for SandboxPayOrder {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<Order>> {
        Box::pin(async move {
            let body = serde_json::json!({ "order_id": self.order_id.as_str() });
            play(cx.api, "pay", body).await?;
            let input = ConektaGetInput {
                order_id: self.order_id.clone(),
            };
            cx.api.conekta_get(&input).await
        })
    }
}
