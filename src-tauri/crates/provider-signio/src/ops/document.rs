//! Documents: upload (SIGNIO 6.6), protect (SIGNIO 6.14), export (the
//! document URLs of SIGNIO 6.11).

use super::*;
use crate::model::{require_document, EnvelopeId, Envelopes, ObjectId};
use crate::SignioClient;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Instant;
use ts_rs::TS;
use ventanilla_core::envelopes::{
    ExportFailure, ExportedDocument, FolderExport, TransferControl, TransferKind, UploadedDocument,
};
use ventanilla_core::fsutil;
use ventanilla_core::op::{BoxFuture, Call, Cx, Host, Op, OpKind};

/// Extensions a SIGNIO document may be saved with: the types SIGNIO takes
/// (6.6), PDF first (what a signed document is and what a name without a
/// known extension gets).
pub const EXPORT_TYPES: &[&str] = &["pdf", "doc", "docx", "xls", "xlsx", "png", "jpg"];

/// A SIGNIO document name (or the fallback built from its id) as a file name
/// that stays in the chosen folder: see [`fsutil::safe_file_name`].
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    fsutil::safe_file_name(name, fallback, EXPORT_TYPES)
}

/// Most `name (n).ext` tried before giving up.
const MAX_NAME_TRIES: u32 = 10_000;

/// `name`, or `name (2).ext`, `name (3).ext`… : the first that is neither in
/// the folder nor already taken, checked to sit directly in `folder`.
fn unique_in(folder: &Path, name: &str, taken: &[PathBuf]) -> Result<PathBuf> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.to_string(), String::new()),
    };
    for n in 1..=MAX_NAME_TRIES {
        let p = if n == 1 {
            folder.join(name)
        } else {
            folder.join(format!("{stem} ({n}){ext}"))
        };
        fsutil::ensure_directly_in(folder, &p)?;
        if std::fs::symlink_metadata(&p).is_err() && !taken.contains(&p) {
            return Ok(p);
        }
    }
    let folder = folder.display().to_string();
    Err(Error::invalid(
        "folder",
        FieldError::new(
            "folder_full",
            format!("{folder} already holds {MAX_NAME_TRIES} files named like {name:?}"),
        )
        .param("folder", folder.as_str())
        .param("name", name),
    ))
}

/// Streams a local file into a draft envelope (progress and cancel through
/// the host). The file is checked first (type, not empty, readable) and
/// nothing is sent if it fails. If the upload fails midway the error says
/// whether SIGNIO kept anything.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct DocumentUpload {
    pub envelope_id: EnvelopeId,
    /// The file: a drop token in the app, a path on the command line.
    pub file: String,
    /// Progress events and cancel carry this id (the app).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_id: Option<String>,
}

impl Op for DocumentUpload {
    const NAME: &'static str = "document.upload";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.6";
    type Output = UploadedDocument;

    fn validate(&self) -> Result<()> {
        if self.file.trim().is_empty() {
            let e = ventanilla_core::error::FieldError::new("choose_file", "choose a file");
            Err(Error::invalid("file", e))
        } else {
            Ok(())
        }
    }
    /// Today's checks together: the envelope id and the file (type, not
    /// empty, readable), before anything is sent.
    fn validate_with(&self, host: &dyn ventanilla_core::op::Host) -> Result<()> {
        let file = if self.file.trim().is_empty() {
            Ok(()) // `validate` says so
        } else {
            host.file(&self.file)
                .and_then(|p| require_document("file", &p))
                .map(|_| ())
        };
        all_ok([self.validate(), file])
    }
    fn target(&self) -> String {
        format!(
            "«{}» → {}",
            file_name(Path::new(&self.file)),
            envelope_target(&self.envelope_id)
        )
    }
    fn target_in(&self, host: &dyn Host) -> String {
        format!(
            "«{}» → {}",
            host.display_name(&self.file),
            envelope_target(&self.envelope_id)
        )
    }
    fn summary(&self, u: &UploadedDocument) -> Summary {
        Summary::new(
            "document_uploaded",
            format!(
                "{} · {} bytes · sha256 {} · {} ms → document {}",
                u.name, u.bytes, u.sha256, u.duration_ms, u.document_id
            ),
        )
        .param("name", u.name.as_str())
        .param("bytes", u.bytes)
        .param("sha256", u.sha256.as_str())
        .param("ms", u.duration_ms)
        .param("document", u.document_id.as_str())
    }
}

impl Call<Signio> for DocumentUpload {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<UploadedDocument>> {
        Box::pin(async move {
            let started = Instant::now();
            let id = self.envelope_id.trim().to_owned();
            let file = cx.host.file(&self.file)?;
            let name = file_name(&file);
            let bytes = require_document("file", &file)?;
            let control =
                cx.host
                    .transfer(self.transfer_id.as_deref(), TransferKind::Upload, &name);
            // Hashed while sending (the file is read once): what we record
            // is exactly what SIGNIO received.
            match cx
                .api
                .upload_document_hashed(&id, &file, None, &control)
                .await
            {
                Ok((document_id, sha256)) => Ok(UploadedDocument {
                    envelope_id: id,
                    document_id,
                    name,
                    bytes,
                    sha256,
                    duration_ms: started.elapsed().as_millis() as u64,
                }),
                Err(e) => Err(explain_failed_upload(cx.api, &id, &name, e).await),
            }
        })
    }
}

/// After a failed upload, tell the user whether SIGNIO kept anything.
async fn explain_failed_upload(
    api: &SignioClient,
    envelope_id: &str,
    name: &str,
    e: Error,
) -> Error {
    if !matches!(
        e.code,
        ErrorCode::Cancelled
            | ErrorCode::Network
            | ErrorCode::Timeout
            | ErrorCode::OutcomeUnknown
            | ErrorCode::Io
    ) {
        return e;
    }
    let what = if e.code == ErrorCode::Cancelled {
        format!("the upload of «{name}» was cancelled")
    } else {
        format!("the upload of «{name}» failed: {}", e.message)
    };
    let after = match api.get(envelope_id).await {
        Ok(d) => {
            let kept: Vec<&str> = d
                .documents
                .iter()
                .filter(|x| x.name == name)
                .map(|x| x.id.as_str())
                .collect();
            if kept.is_empty() {
                "; nothing was added to the envelope".to_string()
            } else {
                format!(
                    "; the envelope nevertheless has a document named «{name}» (id {}): check it before uploading again",
                    kept.join(", ")
                )
            }
        }
        Err(_) => "; could not check whether SIGNIO kept part of it: open the envelope before uploading again".into(),
    };
    let mut out = Error::new(e.code, format!("{what}{after}"));
    out.fields = e.fields;
    out
}

/// Marks a document protected.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct DocumentProtect {
    pub document_id: ObjectId,
}

/// Unmarks a protected document.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct DocumentUnprotect {
    pub document_id: ObjectId,
}

impl Op for DocumentProtect {
    const NAME: &'static str = "document.protect";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.14";
    type Output = ();

    fn target(&self) -> String {
        format!("document {}", self.document_id.trim())
    }
    fn summary(&self, _: &()) -> Summary {
        Summary::new("document_protected", "protected")
    }
}

impl Call<Signio> for DocumentProtect {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { cx.api.protect_document(self.document_id.trim(), true).await })
    }
}

impl Op for DocumentUnprotect {
    const NAME: &'static str = "document.unprotect";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.14";
    type Output = ();

    fn target(&self) -> String {
        format!("document {}", self.document_id.trim())
    }
    fn summary(&self, _: &()) -> Summary {
        Summary::new("document_unprotected", "unprotected")
    }
}

impl Call<Signio> for DocumentUnprotect {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            cx.api
                .protect_document(self.document_id.trim(), false)
                .await
        })
    }
}

/// Streams a document to `dest`: a temporary file beside it, flushed, then
/// renamed; never a partial file. `dest` must be a plain name directly in an
/// existing folder.
async fn export_to(
    api: &SignioClient,
    envelope_id: &str,
    document_id: &str,
    dest: &Path,
    control: &TransferControl,
) -> Result<ExportedDocument> {
    fsutil::prepare_destination(dest)?;
    api.export_document(envelope_id, document_id, dest, control)
        .await
}

/// Saves one (signed) document where the user says (save dialog or `--out`).
/// Protected documents of a signed envelope are refused with the reason.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct ExportDocument {
    pub envelope_id: EnvelopeId,
    pub document_id: ObjectId,
    /// The document's name, to suggest a file name.
    #[cfg_attr(feature = "cli", arg(long = "name"))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[cfg_attr(feature = "cli", arg(skip))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_id: Option<String>,
}

impl Op for ExportDocument {
    const NAME: &'static str = "document.export";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.11";
    type Output = ventanilla_core::envelopes::DocumentExport;

    fn target(&self) -> String {
        format!(
            "document {} of {}",
            self.document_id.trim(),
            envelope_target(&self.envelope_id)
        )
    }
    fn summary(&self, x: &Self::Output) -> Summary {
        match x {
            ventanilla_core::envelopes::DocumentExport::Saved {
                path,
                bytes,
                sha256,
            } => Summary::new(
                "document_exported",
                format!("{path} · {bytes} bytes · sha256 {sha256}"),
            )
            .param("path", path.as_str())
            .param("bytes", *bytes)
            .param("sha256", sha256.as_str()),
            ventanilla_core::envelopes::DocumentExport::Cancelled => cancelled(),
        }
    }
}

impl Call<Signio> for ExportDocument {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<Self::Output>> {
        Box::pin(async move {
            let (env, doc) = (self.envelope_id.trim(), self.document_id.trim());
            let suggested = safe_file_name(
                self.file_name.as_deref().unwrap_or_default(),
                &format!("{doc}.pdf"),
            );
            let Some(dest) = cx.host.save_as(&suggested).await? else {
                return Ok(ventanilla_core::envelopes::DocumentExport::Cancelled);
            };
            let control = cx.host.transfer(
                self.transfer_id.as_deref(),
                TransferKind::Export,
                &suggested,
            );
            let x = export_to(cx.api, env, doc, &dest, &control).await?;
            Ok(ventanilla_core::envelopes::DocumentExport::Saved {
                path: x.path,
                bytes: x.bytes,
                sha256: x.sha256,
            })
        })
    }
}

/// Exports every document of an envelope into a folder (folder picker or
/// `--dir`), never overwriting (`name (2).pdf`…). Documents that can't be
/// exported (e.g. protected) are listed in `failed`. Cancelling stops after
/// the documents already saved, and says which they are.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct ExportAllDocuments {
    pub envelope_id: EnvelopeId,
    #[cfg_attr(feature = "cli", arg(skip))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_id: Option<String>,
}

impl Op for ExportAllDocuments {
    const NAME: &'static str = "document.export_all";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.11";
    type Output = FolderExport;

    fn target(&self) -> String {
        format!("documents of {}", envelope_target(&self.envelope_id))
    }
    fn summary(&self, x: &FolderExport) -> Summary {
        match x {
            FolderExport::Saved {
                folder,
                documents,
                failed,
            } => Summary::new(
                "documents_exported",
                format!(
                    "{} documents → {folder}: {}{}",
                    documents.len(),
                    documents
                        .iter()
                        .map(|d| format!("{} · {} bytes · sha256 {}", d.path, d.bytes, d.sha256))
                        .collect::<Vec<_>>()
                        .join("; "),
                    if failed.is_empty() {
                        String::new()
                    } else {
                        format!(" · {} not exported", failed.len())
                    }
                ),
            )
            .param("count", documents.len())
            .param("folder", folder.as_str())
            .param("failed", failed.len()),
            FolderExport::Cancelled => cancelled(),
        }
    }
}

impl Call<Signio> for ExportAllDocuments {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<FolderExport>> {
        Box::pin(async move {
            let Some(folder) = cx.host.folder().await? else {
                return Ok(FolderExport::Cancelled);
            };
            if !folder.is_dir() {
                let folder = folder.display().to_string();
                return Err(Error::invalid(
                    "folder",
                    FieldError::new("not_a_folder", format!("{folder} is not a folder"))
                        .param("folder", folder),
                ));
            }
            let detail = cx.api.get(self.envelope_id.trim()).await?;
            let mut saved: Vec<ExportedDocument> = Vec::new();
            let mut failed = Vec::new();
            let mut taken = Vec::new();
            fsutil::remove_stale_parts(&folder);
            for d in &detail.documents {
                // Name and id come from the provider: both go through the cleaner.
                let name = safe_file_name(&d.name, &format!("{}.pdf", d.id));
                let dest = match unique_in(&folder, &name, &taken) {
                    Ok(p) => p,
                    Err(e) => {
                        failed.push(ExportFailure {
                            document_id: d.id.clone(),
                            name: d.name.clone(),
                            error: e,
                        });
                        continue;
                    }
                };
                taken.push(dest.clone());
                let control =
                    cx.host
                        .transfer(self.transfer_id.as_deref(), TransferKind::Export, &d.name);
                match export_to(cx.api, &detail.id, &d.id, &dest, &control).await {
                    Ok(x) => saved.push(x),
                    Err(e) if e.code == ErrorCode::Cancelled => {
                        let names: Vec<_> = saved.iter().map(|x| x.path.as_str()).collect();
                        return Err(Error::new(
                            ErrorCode::Cancelled,
                            if names.is_empty() {
                                "export cancelled; no document was saved".to_string()
                            } else {
                                format!(
                                    "export cancelled after {} of {} documents; saved (complete): {}",
                                    names.len(),
                                    detail.documents.len(),
                                    names.join(", ")
                                )
                            },
                        ));
                    }
                    Err(e) => failed.push(ExportFailure {
                        document_id: d.id.clone(),
                        name: d.name.clone(),
                        error: e,
                    }),
                }
            }
            Ok(FolderExport::Saved {
                folder: folder.display().to_string(),
                documents: saved,
                failed,
            })
        })
    }
}

/// A transfer the user cancelled before anything was saved.
fn cancelled() -> Summary {
    Summary::new("cancelled", "cancelled")
}
