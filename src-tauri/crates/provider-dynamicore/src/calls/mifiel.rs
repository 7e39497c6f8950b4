//! #18–#19: Mifiel documents, kept for the Envelopes inbox as envelopes;
//! and their export (the signed PDF and its XML), saved atomically.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;
use ventanilla_core::envelopes::{Envelope, TransferKind};
use ventanilla_core::error::FieldError;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind, Store};
use ventanilla_core::{fsutil, Error, ErrorCode, Result};

use crate::ops::*;
use crate::spec::Dynamicore;
use crate::DynamicoreClient;

/// The object-cache kind of Mifiel documents, as
/// [`ventanilla_core::envelopes::Envelope`]s keyed by reference.
pub const MIFIEL_CACHE: &str = "dynamicore.mifiel";

/// Largest signed file saved (ours: a signed contract is a few MiB).
pub const EXPORT_MAX: u64 = 200 * 1024 * 1024;

/// Extensions an exported Mifiel file keeps: the signed PDF and its XML.
const EXPORT_TYPES: &[&str] = &["pdf", "xml"];

/// A document's name as people read it: the uploaded file's name, else
/// its field and client, else the reference.
fn readable_name(d: &MifielDocument) -> String {
    if let Some(n) = d.file_file_name.as_deref().filter(|n| !n.trim().is_empty()) {
        return n.trim().to_string();
    }
    match (d.field.as_deref(), d.client.as_ref().map(|c| c.0.as_str())) {
        (Some(f), Some(c)) if !f.is_empty() && !c.is_empty() => format!("{f} · client {c}"),
        _ => format!("Mifiel {}", d.id),
    }
}

/// Mifiel's `state` and flags, as it sent them (`pending · 0/1 signed`).
fn provider_status(d: &MifielDocument, signed: usize) -> String {
    let state = d.state.as_deref().unwrap_or("unknown");
    let mut s = format!("{state} · {signed}/{} signed", d.signers.len());
    if d.signed_by_all {
        s.push_str(" · signed_by_all");
    }
    s
}

/// The document as the app shows it, at `now`.
pub(crate) fn view(reference: &str, d: MifielDocument, now: OffsetDateTime) -> MifielView {
    let signed = d.signers.iter().filter(|s| s.signed).count();
    MifielView {
        reference: reference.to_string(),
        name: readable_name(&d),
        status: d.status_at(now),
        provider_status: provider_status(&d, signed),
        signed_count: signed as u32,
        signers_count: d.signers.len() as u32,
        document: d,
    }
}

/// Keeps the document for the Envelopes inbox (last known state).
pub(crate) fn remember(store: &dyn Store, v: &MifielView) {
    let e = Envelope {
        id: v.reference.clone(),
        name: v.name.clone(),
        status: v.status,
        provider_status: v.provider_status.clone(),
        created_at: v.document.created_at.clone(),
        updated_at: v
            .document
            .signed_at
            .clone()
            .or_else(|| v.document.created_at.clone()),
        documents_count: Some(1),
    };
    if let Ok(json) = serde_json::to_string(&e) {
        store.cache_put(MIFIEL_CACHE, &v.reference, &json);
    }
}

/// Reads a document and keeps it for the inbox.
pub async fn refresh(
    api: &DynamicoreClient,
    store: &dyn Store,
    reference: &Reference,
) -> Result<MifielView> {
    let input = MifielGetInput {
        reference: reference.clone(),
    };
    let d = api.mifiel_get(&input).await?;
    let v = view(reference.as_str(), d, OffsetDateTime::now_utc());
    remember(store, &v);
    Ok(v)
}

/// `mifiel_document`: name, normalized status and how many signed.
fn document_summary(code: &str, v: &MifielView) -> Summary {
    let text = format!(
        "{}: {} ({}/{} signed)",
        v.name,
        v.status.as_str(),
        v.signed_count,
        v.signers_count
    );
    let s = match code {
        "mifiel_sent" => Summary::new("mifiel_sent", text),
        _ => Summary::new("mifiel_document", text),
    };
    s.param("name", v.name.as_str())
        .param("status", v.status.as_str())
        .param("signed", v.signed_count)
        .param("signers", v.signers_count)
}

impl Op for MifielCreateInput {
    const NAME: &'static str = "mifiel.create";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #18";
    type Output = MifielView;

    own_checks!();
    fn target(&self) -> String {
        format!("{} of client {}", self.field, self.client_id)
    }
    fn summary(&self, v: &MifielView) -> Summary {
        document_summary("mifiel_sent", v)
    }
}

impl Call<Dynamicore> for MifielCreateInput {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<MifielView>> {
        Box::pin(async move {
            let created = cx.api.mifiel_create(&self).await?;
            let reference = Reference::new(&created.reference).map_err(|e| {
                Error::new(
                    ErrorCode::MalformedResponse,
                    format!("DynamiCore's Mifiel reference is not usable: {}", e.message),
                )
            })?;
            // The document exists now: if reading it back fails, what the
            // request said stands in (the next read corrects it).
            match refresh(cx.api, cx.store, &reference).await {
                Ok(v) => Ok(v),
                Err(_) => {
                    let d = MifielDocument {
                        id: created.reference.clone(),
                        signed: false,
                        signed_by_all: false,
                        signed_at: None,
                        state: Some("pending".into()),
                        external_id: self.external_id.clone(),
                        expires_at: None,
                        original_hash: None,
                        signers: self
                            .signatories
                            .iter()
                            .map(|s| MifielSigner {
                                name: s.name.trim().into(),
                                email: s.email.trim().into(),
                                tax_id: Some(crate::rules::normalize_rfc(&s.tax_id)),
                                signed: false,
                                widget_id: None,
                            })
                            .collect(),
                        file_signed: None,
                        file_xml: None,
                        file_file_name: None,
                        client: Some(Text(self.client_id.to_string())),
                        field: Some(self.field.to_string()),
                        created_at: None,
                    };
                    let v = view(&created.reference, d, OffsetDateTime::now_utc());
                    remember(cx.store, &v);
                    Ok(v)
                }
            }
        })
    }
}

impl Op for MifielGetInput {
    const NAME: &'static str = "mifiel.get";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #19";
    type Output = MifielView;

    fn target(&self) -> String {
        format!("Mifiel document {}", self.reference)
    }
    fn summary(&self, v: &MifielView) -> Summary {
        document_summary("mifiel_document", v)
    }
}

impl Call<Dynamicore> for MifielGetInput {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<MifielView>> {
        Box::pin(async move { refresh(cx.api, cx.store, &self.reference).await })
    }
}

/// Saves a signed Mifiel document where the user says (save dialog or
/// `--out`): the signed PDF, and its XML beside it when Mifiel gives one.
/// Each file lands whole or not at all (temporary file, then rename).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct MifielExportInput {
    #[cfg_attr(feature = "cli", arg(value_name = "REFERENCE"))]
    pub reference: Reference,
    /// Progress events and cancel carry this id (the app).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_id: Option<String>,
}

impl Op for MifielExportInput {
    const NAME: &'static str = "mifiel.export";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #19";
    type Output = MifielExport;

    fn target(&self) -> String {
        format!("Mifiel document {}", self.reference)
    }
    fn summary(&self, x: &MifielExport) -> Summary {
        match x {
            MifielExport::Saved { files } => Summary::new(
                "mifiel_exported",
                files
                    .iter()
                    .map(|f| format!("{} · {} bytes · sha256 {}", f.path, f.bytes, f.sha256))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
            .param("count", files.len())
            .param(
                "path",
                files.first().map(|f| f.path.as_str()).unwrap_or_default(),
            ),
            MifielExport::Cancelled => Summary::new("cancelled", "cancelled"),
        }
    }
}

impl Call<Dynamicore> for MifielExportInput {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<MifielExport>> {
        Box::pin(async move {
            let v = refresh(cx.api, cx.store, &self.reference).await?;
            let Some(signed) = v.document.file_signed.clone() else {
                let e = FieldError::new(
                    "not_signed_yet",
                    format!(
                        "«{}» is {}: Mifiel gives the signed file once every signer signed",
                        v.name,
                        v.status.as_str()
                    ),
                )
                .param("name", v.name.as_str())
                .param("status", v.status.as_str());
                return Err(Error::new(ErrorCode::ProviderRejected, e.message.clone())
                    .with_fields([("reference".to_string(), e)].into_iter().collect()));
            };
            // The name comes from the provider: it goes through the cleaner.
            let stem = v.name.trim_end_matches(".pdf").trim_end_matches(".PDF");
            let suggested = fsutil::safe_file_name(
                &format!("{stem} (firmado).pdf"),
                &format!("{}.pdf", self.reference),
                EXPORT_TYPES,
            );
            let Some(dest) = cx.host.save_as(&suggested).await? else {
                return Ok(MifielExport::Cancelled);
            };
            fsutil::prepare_destination(&dest)?;
            let control = cx.host.transfer(
                self.transfer_id.as_deref(),
                TransferKind::Export,
                &suggested,
            );
            let saved = |x: ventanilla_core::envelopes::ExportedDocument| MifielFile {
                name: fsutil::display_name(std::path::Path::new(&x.path)),
                path: x.path,
                bytes: x.bytes,
                sha256: x.sha256,
            };
            let mut files = vec![saved(
                cx.api
                    .download(&signed, &dest, EXPORT_MAX, &control)
                    .await?,
            )];
            if let Some(xml) = v.document.file_xml.clone() {
                let xml_dest = dest.with_extension("xml");
                let name = fsutil::display_name(&xml_dest);
                let control =
                    cx.host
                        .transfer(self.transfer_id.as_deref(), TransferKind::Export, &name);
                files.push(saved(
                    cx.api
                        .download(&xml, &xml_dest, EXPORT_MAX, &control)
                        .await?,
                ));
            }
            Ok(MifielExport::Saved { files })
        })
    }
}
