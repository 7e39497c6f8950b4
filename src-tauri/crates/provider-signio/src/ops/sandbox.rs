//! The simulator's signer controls (not SIGNIO's API): what a signer would
//! do, played on a simulator on this computer over loopback HTTP.

use super::*;
use crate::model::{EnvelopeId, ObjectId};
use crate::SignioClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};

/// Plays a signer action on the connection's simulator; refused unless the
/// connection points at loopback (a real SIGNIO has no such controls).
#[cfg(feature = "sandbox")]
async fn play(
    api: &SignioClient,
    envelope_id: &str,
    action: crate::sandbox::SignerAction,
) -> Result<()> {
    let base = api.base_url();
    ventanilla_core::op::require_loopback(
        base,
        ventanilla_core::error::FieldError::new(
            "sandbox_only",
            "signer controls only work on sandbox connections (a simulator on this computer)",
        ),
    )?;
    crate::sandbox::remote_play(base, envelope_id, &action).await
}

macro_rules! sandbox_op {
    ($ty:ident, $name:literal, $summary:literal, |$s:ident| $action:expr) => {
        impl Op for $ty {
            const NAME: &'static str = $name;
            const KIND: OpKind = OpKind::Write;
            const DOC: &'static str = "simulator";
            type Output = ();

            fn target(&self) -> String {
                envelope_target(&self.envelope_id)
            }
            fn summary(&self, _: &()) -> Summary {
                Summary::new("sandbox_signer_control", $summary)
            }
        }

        impl Call<Signio> for $ty {
            fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<()>> {
                Box::pin(async move {
                    #[cfg(feature = "sandbox")]
                    {
                        let $s = &self;
                        #[allow(unused_braces)]
                        let action = $action;
                        play(cx.api, self.envelope_id.trim(), action).await
                    }
                    #[cfg(not(feature = "sandbox"))]
                    {
                        let _ = cx;
                        Err(ventanilla_core::op::Simulator::not_built("SIGNIO"))
                    }
                })
            }
        }
    };
}

/// Every signer (or just `--signer`) signs their documents.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SandboxSign {
    pub envelope_id: EnvelopeId,
    #[cfg_attr(feature = "cli", arg(long = "signer"))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_id: Option<String>,
}

/// A signer rejects the envelope.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SandboxReject {
    pub envelope_id: EnvelopeId,
    #[cfg_attr(feature = "cli", arg(long = "signer"))]
    pub signer_id: ObjectId,
}

/// A signer or approver returns it with observations.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SandboxReturn {
    pub envelope_id: EnvelopeId,
    #[cfg_attr(feature = "cli", arg(long = "signer"))]
    pub signer_id: ObjectId,
    #[cfg_attr(feature = "cli", arg(long))]
    pub observations: String,
}

/// The envelope is suspended.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SandboxSuspend {
    pub envelope_id: EnvelopeId,
}

sandbox_op!(SandboxSign, "sandbox.sign", "sandbox signer control", |s| {
    crate::sandbox::SignerAction::Sign {
        signer_id: s.signer_id.clone(),
    }
});
sandbox_op!(
    SandboxReject,
    "sandbox.reject",
    "sandbox signer control",
    |s| {
        crate::sandbox::SignerAction::Reject {
            signer_id: s.signer_id.to_string(),
        }
    }
);
sandbox_op!(
    SandboxReturn,
    "sandbox.return",
    "sandbox signer control",
    |s| {
        crate::sandbox::SignerAction::ReturnWithObservations {
            signer_id: s.signer_id.to_string(),
            observations: s.observations.clone(),
        }
    }
);
sandbox_op!(
    SandboxSuspend,
    "sandbox.suspend",
    "sandbox signer control",
    |_s| { crate::sandbox::SignerAction::Suspend }
);
