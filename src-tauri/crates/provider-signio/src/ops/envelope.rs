//! Envelopes (SIGNIO 6.5, 6.10–6.17).

use super::*;
use crate::model::{EnvelopeId, EnvelopeQuery, Envelopes, NewEnvelope};
use crate::SignioClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::envelopes::{EnvelopeDetail, EnvelopePage};
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};

/// Every envelope (or those in one state); refreshes the cache.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeList {
    /// draft | sent | completed | declined | suspended | returned
    #[cfg_attr(feature = "cli", arg(long, value_parser = parse_status))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EnvelopeStatus>,
}

impl Op for EnvelopeList {
    const NAME: &'static str = "envelope.list";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.2";
    type Output = Vec<Envelope>;

    fn validate(&self) -> Result<()> {
        match self.status {
            Some(EnvelopeStatus::Unknown) => Err(Error::invalid(
                "status",
                ventanilla_core::error::FieldError::new(
                    "unknown_status",
                    "can't list by an unknown status",
                ),
            )),
            _ => Ok(()),
        }
    }
    fn target(&self) -> String {
        match self.status {
            Some(s) => format!("envelopes {}", s.as_str()),
            None => "envelopes".into(),
        }
    }
    fn summary(&self, l: &Vec<Envelope>) -> Summary {
        Summary::count("envelopes_listed", l.len(), "envelopes")
    }
}

impl Call<Signio> for EnvelopeList {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<Vec<Envelope>>> {
        Box::pin(async move {
            let list = Envelopes::list(cx.api, self.status).await?;
            cache_envelopes(cx.store, &list);
            Ok(list)
        })
    }
}

/// Search (at most 1,000 from `query.offset`); refreshes the cache.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeSearch {
    /// Nested: only through `--input` JSON (`{"query": {...}}`).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub query: EnvelopeQuery,
}

impl Op for EnvelopeSearch {
    const NAME: &'static str = "envelope.search";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.16";
    type Output = EnvelopePage;

    fn validate(&self) -> Result<()> {
        self.query.validate()
    }
    fn target(&self) -> String {
        "envelopes".into()
    }
    fn summary(&self, p: &EnvelopePage) -> Summary {
        let (code, more) = if p.capped {
            ("envelopes_found_capped", " (capped: more remain)")
        } else {
            ("envelopes_found", "")
        };
        let n = p.envelopes.len();
        Summary::new(
            code,
            format!("{n} envelopes from offset {}{more}", p.offset),
        )
        .param("count", n)
        .param("offset", p.offset)
    }
}

impl Call<Signio> for EnvelopeSearch {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<EnvelopePage>> {
        Box::pin(async move {
            let page = cx.api.search(&self.query).await?;
            cache_envelopes(cx.store, &page.envelopes);
            Ok(page)
        })
    }
}

/// One envelope with its documents, contacts and signatures.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeGet {
    pub envelope_id: EnvelopeId,
}

impl Op for EnvelopeGet {
    const NAME: &'static str = "envelope.get";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.11";
    type Output = EnvelopeDetail;

    fn target(&self) -> String {
        envelope_target(&self.envelope_id)
    }
    fn summary(&self, d: &EnvelopeDetail) -> Summary {
        Summary::new(
            "envelope_shown",
            format!(
                "«{}» {} · {} documents · {} contacts · {} signatures",
                d.name,
                d.status.as_str(),
                d.documents.len(),
                d.contacts.len(),
                d.signatures.len()
            ),
        )
        .param("name", d.name.as_str())
        .param("status", d.status.as_str())
        .param("documents", d.documents.len())
        .param("contacts", d.contacts.len())
        .param("signatures", d.signatures.len())
    }
}

impl Call<Signio> for EnvelopeGet {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<EnvelopeDetail>> {
        Box::pin(async move {
            let id = self.envelope_id.trim();
            let d = cx.api.get(id).await?;
            let prev = cached_envelope(cx.store, id);
            let summary = Envelope {
                id: d.id.clone(),
                name: d.name.clone(),
                status: d.status,
                provider_status: d
                    .provider_status
                    .clone()
                    .or_else(|| prev.as_ref().map(|p| p.provider_status.clone()))
                    .unwrap_or_default(),
                created_at: prev.as_ref().and_then(|p| p.created_at.clone()),
                updated_at: prev.as_ref().and_then(|p| p.updated_at.clone()),
                documents_count: Some(d.documents.len() as u32),
            };
            cache_envelopes(cx.store, &[summary]);
            Ok(d)
        })
    }
}

/// Creates a draft; returns its id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeCreate {
    /// Nested: only through `--input` JSON (`{"envelope": {...}}`).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub envelope: NewEnvelope,
}

impl Op for EnvelopeCreate {
    const NAME: &'static str = "envelope.create";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.5";
    type Output = String;

    fn validate(&self) -> Result<()> {
        self.envelope.validate()
    }
    fn target(&self) -> String {
        format!("envelope «{}»", self.envelope.name.trim())
    }
    fn summary(&self, id: &String) -> Summary {
        Summary::new("envelope_created", format!("created {id}")).param("id", id.as_str())
    }
}

impl Call<Signio> for EnvelopeCreate {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            let id = cx.api.create(&self.envelope).await?;
            let now = rfc3339(now_ms());
            cache_envelopes(
                cx.store,
                &[Envelope {
                    id: id.clone(),
                    name: self.envelope.name.trim().to_owned(),
                    status: EnvelopeStatus::Draft,
                    provider_status: "1".into(),
                    created_at: Some(now.clone()),
                    updated_at: Some(now),
                    documents_count: Some(0),
                }],
            );
            Ok(id)
        })
    }
}

ventanilla_core::ack_op! {
    /// Deletes a draft (SIGNIO refuses any other state).
    EnvelopeDelete { envelope_id: EnvelopeId }
    name "envelope.delete", Write, doc "SIGNIO 6.13",
    target envelope_target, summary ("envelope_deleted", "deleted"),
    invalidates |id: &EnvelopeId| vec![(ENVELOPE_CACHE, id.to_string())]
}

impl Call<Signio> for EnvelopeDelete {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { cx.api.delete(self.envelope_id.trim()).await })
    }
}

ventanilla_core::ack_op! {
    /// Takes a sent envelope back to draft.
    EnvelopeReturn { envelope_id: EnvelopeId }
    name "envelope.return", Write, doc "SIGNIO 6.12",
    target envelope_target, summary ("envelope_returned", "returned to draft"),
}

impl Call<Signio> for EnvelopeReturn {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            let id = self.envelope_id.trim();
            cx.api.return_to_draft(id).await?;
            cache_status(cx.store, id, EnvelopeStatus::Draft, "1");
            Ok(())
        })
    }
}

ventanilla_core::ack_op! {
    /// Sends a draft out for signature.
    EnvelopeDistribute { envelope_id: EnvelopeId }
    name "envelope.distribute", Write, doc "SIGNIO 6.10",
    target envelope_target, summary ("envelope_distributed", "distributed: pending signature"),
}

impl Call<Signio> for EnvelopeDistribute {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            let id = self.envelope_id.trim();
            cx.api.send(id).await?;
            cache_status(cx.store, id, EnvelopeStatus::Sent, "2");
            Ok(())
        })
    }
}

/// Base (master) envelopes a new one can copy.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeBases {}

impl Op for EnvelopeBases {
    const NAME: &'static str = "envelope.bases";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.4";
    type Output = Vec<Envelope>;

    fn target(&self) -> String {
        "base envelopes".into()
    }
    fn summary(&self, b: &Vec<Envelope>) -> Summary {
        Summary::count("bases_listed", b.len(), "base envelopes")
    }
}

impl Call<Signio> for EnvelopeBases {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<Vec<Envelope>>> {
        Box::pin(async move { cx.api.base_envelopes().await })
    }
}
