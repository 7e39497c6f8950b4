//! Contacts of an envelope: register (SIGNIO 6.7), link to documents
//! (SIGNIO 6.8), signing order (SIGNIO 6.9).

use super::*;
use crate::model::{EnvelopeId, Envelopes, NewSigner, ObjectId, SignerLink};
use crate::SignioClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};

/// Registers a contact (signer, approver or notified); returns its id.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SignerAdd {
    pub envelope_id: EnvelopeId,
    /// Nested: only through `--input` JSON (`{"signer": {...}}`).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub signer: NewSigner,
}

impl Op for SignerAdd {
    const NAME: &'static str = "signer.add";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.7";
    type Output = String;

    fn validate(&self) -> Result<()> {
        self.signer.validate()
    }
    fn target(&self) -> String {
        envelope_target(&self.envelope_id)
    }
    fn summary(&self, s: &String) -> Summary {
        let name = self.signer.name.trim();
        Summary::new("signer_added", format!("«{name}» → signer {s}"))
            .param("name", name)
            .param("signer", s.as_str())
    }
}

impl Call<Signio> for SignerAdd {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            cx.api
                .add_signer(self.envelope_id.trim(), &self.signer)
                .await
        })
    }
}

/// Links a contact to a document, to sign it or as an attachment.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SignerLinkDocument {
    pub envelope_id: EnvelopeId,
    /// Nested: only through `--input` JSON (`{"link": {...}}`).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub link: SignerLink,
}

impl Op for SignerLinkDocument {
    const NAME: &'static str = "signer.link";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.8";
    type Output = ();

    fn validate(&self) -> Result<()> {
        self.link.validate()
    }
    fn target(&self) -> String {
        envelope_target(&self.envelope_id)
    }
    fn summary(&self, _: &()) -> Summary {
        let l = &self.link;
        let (code, more) = if l.attachment {
            ("signer_linked_attachment", " (attachment)")
        } else {
            ("signer_linked", "")
        };
        Summary::new(
            code,
            format!("signer {} → document {}{more}", l.signer_id, l.document_id),
        )
        .param("signer", l.signer_id.as_str())
        .param("document", l.document_id.as_str())
    }
}

impl Call<Signio> for SignerLinkDocument {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { cx.api.link(self.envelope_id.trim(), &self.link).await })
    }
}

/// Sets a signer's position in the signing order.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SignerOrder {
    pub envelope_id: EnvelopeId,
    #[cfg_attr(feature = "cli", arg(long = "signer"))]
    pub signer_id: ObjectId,
    /// 1-based.
    #[cfg_attr(feature = "cli", arg(long))]
    pub order: u32,
}

impl Op for SignerOrder {
    const NAME: &'static str = "signer.order";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.9";
    type Output = ();

    fn validate(&self) -> Result<()> {
        all_ok([if self.order == 0 {
            Err(Error::invalid(
                "order",
                ventanilla_core::error::FieldError::new("at_least", "starts at 1").param("min", 1),
            ))
        } else {
            Ok(())
        }])
    }
    fn target(&self) -> String {
        envelope_target(&self.envelope_id)
    }
    fn summary(&self, _: &()) -> Summary {
        Summary::new(
            "signer_ordered",
            format!("signer {} → position {}", self.signer_id, self.order),
        )
        .param("signer", self.signer_id.as_str())
        .param("position", self.order)
    }
}

impl Call<Signio> for SignerOrder {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            cx.api
                .set_signer_order(self.envelope_id.trim(), self.signer_id.trim(), self.order)
                .await
        })
    }
}
