//! Links that log a person in (SIGNIO 6.20, 6.24): never recorded.

use super::*;
use crate::model::MagicLink;
use crate::model::{EnvelopeId, OnSiteSigning};
use crate::SignioClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};

/// A magic link is valid this long (6.20).
const MAGIC_LINK_MINUTES: i64 = 30;

/// A link that logs the requester into the envelope; valid 30 minutes.
/// Not recorded: anyone holding it is logged in.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeMagicLink {
    pub envelope_id: EnvelopeId,
}

impl Op for EnvelopeMagicLink {
    const NAME: &'static str = "envelope.magic_link";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.20";
    type Output = MagicLink;

    fn target(&self) -> String {
        envelope_target(&self.envelope_id)
    }
    fn summary(&self, m: &MagicLink) -> Summary {
        let expires = m.expires_at.as_str();
        Summary::new(
            "link_issued",
            format!("link issued (not recorded), expires {expires}"),
        )
        .param("expires", expires)
    }
}

impl Call<Signio> for EnvelopeMagicLink {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<MagicLink>> {
        Box::pin(async move {
            let url = cx.api.magic_link(self.envelope_id.trim()).await?;
            cx.host.issued_link(&url);
            Ok(MagicLink {
                url,
                expires_at: rfc3339(now_ms() + MAGIC_LINK_MINUTES * 60_000),
            })
        })
    }
}

/// A signed URL to sign on site. Not recorded.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeOnsiteUrl {
    /// Nested: only through `--input` JSON (`{"request": {...}}`).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub request: OnSiteSigning,
}

impl Op for EnvelopeOnsiteUrl {
    const NAME: &'static str = "envelope.onsite_url";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.24";
    type Output = String;

    fn validate(&self) -> Result<()> {
        self.request.validate()
    }
    fn target(&self) -> String {
        envelope_target(&self.request.envelope_id)
    }
    fn summary(&self, _: &String) -> Summary {
        Summary::new(
            "onsite_url_issued",
            "on-site signing URL issued (not recorded)",
        )
    }
}

impl Call<Signio> for EnvelopeOnsiteUrl {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            let url = cx.api.on_site_url(&self.request).await?;
            cx.host.issued_link(&url);
            Ok(url)
        })
    }
}
