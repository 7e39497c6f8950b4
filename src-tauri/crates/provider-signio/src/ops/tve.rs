//! Electronic promissory notes, TVE (SIGNIO 6.22, 6.23).

use super::*;
use crate::model::{EnvelopeId, ObjectId, TveInput};
use crate::SignioClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::envelopes::TransferKind;
use ventanilla_core::op::{BoxFuture, Call, Cx, Host, Op, OpKind};

/// Uploads a promissory note (its PDF streamed from disk for template 0).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TveUpload {
    pub envelope_id: EnvelopeId,
    /// Nested: only through `--input` JSON (`{"tve": {...}}`); its
    /// `document` stays empty (the file is the `document` field below).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub tve: TveInput,
    /// The external PDF (template 0): a drop token in the app, a path on
    /// the command line.
    #[cfg_attr(feature = "cli", arg(long))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[cfg_attr(feature = "cli", arg(skip))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_id: Option<String>,
}

impl TveUpload {
    fn file_ref(&self) -> Option<&str> {
        self.document
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
    }
}

impl Op for TveUpload {
    const NAME: &'static str = "tve.upload";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.22";
    type Output = String;

    /// The note's fields; the file itself is checked once resolved.
    fn validate(&self) -> Result<()> {
        let mut t = self.tve.clone();
        t.document = None;
        let external = t.template_id.trim() == "0";
        let fields = match t.validate() {
            Ok(()) => Default::default(),
            Err(e) if e.code == ErrorCode::Validation => e.fields.unwrap_or_default(),
            Err(e) => return Err(e),
        };
        let mut fields: ventanilla_core::error::FieldErrors = fields;
        if external && self.file_ref().is_some() {
            fields.remove("document");
        }
        if self.tve.document.is_some() {
            let e = FieldError::new(
                "file_reference_only",
                "give the file as `document`, not inside the note",
            );
            add_field_error(&mut fields, "document", e);
        } else if !external && self.file_ref().is_some() {
            add_field_error(
                &mut fields,
                "document",
                FieldError::new(
                    "external_note_file_only",
                    "only an external note (template 0) takes a file",
                ),
            );
        }
        if fields.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(fields))
        }
    }
    /// With the file resolved: the whole note as today (the PDF's type,
    /// size and readability included), before anything is sent.
    fn validate_with(&self, host: &dyn ventanilla_core::op::Host) -> Result<()> {
        self.validate()?;
        let mut tve = self.tve.clone();
        tve.document = match self.file_ref() {
            Some(r) => Some(host.file(r)?),
            None => None,
        };
        tve.validate()
    }
    fn target(&self) -> String {
        envelope_target(&self.envelope_id)
    }
    fn target_in(&self, host: &dyn Host) -> String {
        match self.file_ref() {
            Some(f) => format!("«{}» → {}", host.display_name(f), self.target()),
            None => self.target(),
        }
    }
    fn summary(&self, doc: &String) -> Summary {
        Summary::new(
            "note_uploaded",
            format!("{} note → document {doc}", self.tve.kind),
        )
        .param("kind", self.tve.kind.to_string())
        .param("document", doc.as_str())
    }
}

impl Call<Signio> for TveUpload {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            let mut tve = self.tve.clone();
            tve.document = match self.file_ref() {
                Some(r) => Some(cx.host.file(r)?),
                None => None,
            };
            // The whole note again, now with the file (type, size, readable).
            tve.validate()?;
            let name = tve.document.as_deref().map(file_name).unwrap_or_default();
            let control =
                cx.host
                    .transfer(self.transfer_id.as_deref(), TransferKind::Upload, &name);
            cx.api
                .upload_tve(self.envelope_id.trim(), &tve, &control)
                .await
        })
    }
}

/// Edits a promissory note (no template, file or consecutive).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TveEdit {
    pub envelope_id: EnvelopeId,
    pub document_id: ObjectId,
    /// Nested: only through `--input` JSON (`{"tve": {...}}`).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub tve: TveInput,
}

impl Op for TveEdit {
    const NAME: &'static str = "tve.edit";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.23";
    type Output = String;

    fn validate(&self) -> Result<()> {
        self.tve.validate_edit()
    }
    fn target(&self) -> String {
        format!(
            "document {} of {}",
            self.document_id.trim(),
            envelope_target(&self.envelope_id)
        )
    }
    fn summary(&self, d: &String) -> Summary {
        Summary::new("note_updated", format!("note {d} updated")).param("document", d.as_str())
    }
}

impl Call<Signio> for TveEdit {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            cx.api
                .edit_tve(self.envelope_id.trim(), self.document_id.trim(), &self.tve)
                .await
        })
    }
}
