//! #8: files into a client's PII field, streamed with progress and cancel.

use std::time::Instant;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::envelopes::TransferKind;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Host, Op, OpKind};
use ventanilla_core::{validate, Error, Result};

use crate::ops::*;
use crate::spec::Dynamicore;
use crate::DynamicoreClient;

/// #8: upload one or more files into a client's PII field (multipart,
/// signed with an empty body, DYNAMICORE 1.5 #5). `files` are references
/// the host resolves: dialog or drop tokens in the app, paths in the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct FileUpload {
    #[cfg_attr(feature = "cli", arg(value_name = "CLIENT"))]
    pub client_id: NumId,
    /// The PII field (`acta_constitutiva`).
    #[cfg_attr(feature = "cli", arg(value_name = "FIELD"))]
    pub field: FieldKey,
    #[cfg_attr(feature = "cli", arg(value_name = "FILE", num_args = 1..))]
    pub files: Vec<String>,
    /// Progress events and cancel carry this id (the app).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_id: Option<String>,
}

impl FileUpload {
    fn count_errors(&self) -> FieldErrors {
        let mut errs = FieldErrors::new();
        if self.files.iter().all(|f| f.trim().is_empty()) {
            let e = FieldError::new("files_required", "give at least one file");
            add_field_error(&mut errs, "files", e);
        } else if self.files.len() > MAX_FILES {
            let e = FieldError::new("files_max", format!("at most {MAX_FILES} files at once"))
                .param("max", MAX_FILES);
            add_field_error(&mut errs, "files", e);
        }
        errs
    }

    fn names(&self, host: &dyn Host) -> Vec<String> {
        self.files.iter().map(|f| host.display_name(f)).collect()
    }
}

/// The path the host gives for a file reference; its refusal as a field
/// error (its own, or `file_unreadable`).
pub(super) fn host_file(
    host: &dyn Host,
    reference: &str,
) -> std::result::Result<std::path::PathBuf, FieldError> {
    host.file(reference).map_err(|e| {
        e.fields
            .and_then(|f| f.into_values().next())
            .unwrap_or_else(|| {
                FieldError::new("file_unreadable", e.message).param("name", reference)
            })
    })
}

/// The host's answer for a reference, readable and not empty, or why not.
fn resolve(
    host: &dyn Host,
    reference: &str,
) -> std::result::Result<std::path::PathBuf, FieldError> {
    let path = host_file(host, reference)?;
    validate::readable_file(&path)?;
    Ok(path)
}

impl Op for FileUpload {
    const NAME: &'static str = "file.upload";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #8";
    type Output = FilesUploaded;

    fn validate(&self) -> Result<()> {
        finish(self.count_errors())
    }
    /// Every file readable and not empty before the first byte is sent.
    fn validate_with(&self, host: &dyn Host) -> Result<()> {
        let mut errs = self.count_errors();
        for f in self.files.iter().filter(|f| !f.trim().is_empty()) {
            if let Err(e) = resolve(host, f) {
                add_field_error(&mut errs, "files", e);
            }
        }
        finish(errs)
    }
    fn target(&self) -> String {
        let names: Vec<String> = self
            .files
            .iter()
            .map(|f| ventanilla_core::op::NoHost.display_name(f))
            .collect();
        format!(
            "«{}» → client {} · {}",
            names.join(", "),
            self.client_id,
            self.field
        )
    }
    fn target_in(&self, host: &dyn Host) -> String {
        format!(
            "«{}» → client {} · {}",
            self.names(host).join(", "),
            self.client_id,
            self.field
        )
    }
    /// `files_uploaded`: how many, how many bytes, into which field.
    fn summary(&self, u: &FilesUploaded) -> Summary {
        let bytes: u64 = u.files.iter().map(|f| f.bytes).sum();
        let names: Vec<&str> = u.files.iter().map(|f| f.name.as_str()).collect();
        Summary::new(
            "files_uploaded",
            format!(
                "{} files ({bytes} bytes) → {}: {}",
                u.files.len(),
                u.field,
                names.join(", ")
            ),
        )
        .param("count", u.files.len())
        .param("bytes", bytes)
        .param("pii", u.field.as_str())
        .param("names", names.join(", "))
    }
}

impl Call<Dynamicore> for FileUpload {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<FilesUploaded>> {
        Box::pin(async move {
            let started = Instant::now();
            let mut paths = Vec::new();
            let mut files = Vec::new();
            for f in self.files.iter().filter(|f| !f.trim().is_empty()) {
                let path = resolve(cx.host, f).map_err(|e| Error::invalid("files", e))?;
                let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                files.push(UploadedFile {
                    name: cx.host.display_name(f),
                    bytes,
                    sha256: None,
                });
                paths.push(path);
            }
            let label = files
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let control =
                cx.host
                    .transfer(self.transfer_id.as_deref(), TransferKind::Upload, &label);
            let (_, sha256) = cx
                .api
                .upload_watched(&self.client_id, &self.field, &paths, &control)
                .await?;
            if let [one] = files.as_mut_slice() {
                one.sha256 = sha256;
            }
            Ok(FilesUploaded {
                client_id: self.client_id.to_string(),
                field: self.field.to_string(),
                files,
                duration_ms: started.elapsed().as_millis() as u64,
            })
        })
    }
}
