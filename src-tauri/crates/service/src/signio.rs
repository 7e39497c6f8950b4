//! The SIGNIO operations (envelopes, documents, signers, templates, TVE,
//! tenants) as the shell and the CLI call them today. Each method builds the
//! operation's input and runs it through [`Service::exec`]: the one
//! implementation is the op's `call` in `ventanilla_provider_signio::ops`.
//! What a method took as arguments (a path, a destination, a transfer
//! control) reaches the op through [`Given`], a [`Host`] that answers with
//! them. Phase 2 replaces these methods with the `op` command.
//!
//! Envelopes the provider reports are kept in the history's object cache
//! (kind [`ENVELOPE_CACHE`]), so the inbox opens instantly:
//! [`Signio::cached_envelopes`].

use crate::Service;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ventanilla_core::envelopes::*;
use ventanilla_core::op::{BoxFuture, Call, Host, NoHost};
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_provider_signio::model::*;
use ventanilla_provider_signio::ops;
use ventanilla_provider_signio::Signio as SignioSpec;

pub use ventanilla_provider_signio::ops::{safe_file_name, ENVELOPE_CACHE};

/// The SIGNIO operations on one connection (given by id or name).
pub struct Signio<'a> {
    svc: &'a Service,
    connection: String,
}

/// What is not an operation: local reads and checks.
impl Service {
    /// The envelopes last seen through this connection, with when each was
    /// synced; newest-synced first. Reads only the local cache.
    pub fn cached_envelopes(&self, connection: &str) -> Result<Vec<CachedEnvelope>> {
        let conn = self.resolve(connection)?;
        let rows = self
            .history
            .cache_recent(ENVELOPE_CACHE, Some(&conn.id), 10_000)?;
        Ok(rows
            .into_iter()
            .filter_map(|c| {
                Some(CachedEnvelope {
                    envelope: serde_json::from_str(&c.json).ok()?,
                    synced_at_ms: c.synced_at_ms,
                })
            })
            .collect())
    }

    /// Checks dropped files before anything is sent: type, size, readability.
    pub fn check_files(paths: &[PathBuf]) -> Vec<FileCheck> {
        paths
            .iter()
            .map(|p| {
                let (size, error) = match check_file(p, DOCUMENT_TYPES) {
                    Ok(n) => (n, None),
                    Err(m) => (std::fs::metadata(p).map(|m| m.len()).unwrap_or(0), Some(m)),
                };
                FileCheck {
                    path: p.display().to_string(),
                    name: file_name(p),
                    size,
                    error,
                }
            })
            .collect()
    }
}

impl Service {
    pub fn signio(&self, connection: &str) -> Signio<'_> {
        Signio {
            svc: self,
            connection: connection.to_owned(),
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// A host that answers with what the caller already gave: a file, a
/// destination (file or folder), a transfer control per file name.
struct Given<'a> {
    file: Option<&'a Path>,
    dest: Option<&'a Path>,
    control: &'a (dyn Fn(&str) -> TransferControl + Send + Sync),
}

impl Host for Given<'_> {
    fn file(&self, reference: &str) -> Result<PathBuf> {
        Ok(self
            .file
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(reference)))
    }
    fn save_as<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>> {
        Box::pin(async move { Ok(self.dest.map(Path::to_path_buf)) })
    }
    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(async move { Ok(self.dest.map(Path::to_path_buf)) })
    }
    fn transfer(&self, _: Option<&str>, _: TransferKind, name: &str) -> TransferControl {
        (self.control)(name)
    }
}

impl Signio<'_> {
    async fn exec<O: Call<SignioSpec>>(&self, input: O) -> Result<O::Output> {
        self.svc
            .exec::<SignioSpec, O>(&self.connection, input, &NoHost)
            .await
    }

    async fn exec_with<O: Call<SignioSpec>>(
        &self,
        input: O,
        host: &Given<'_>,
    ) -> Result<O::Output> {
        self.svc
            .exec::<SignioSpec, O>(&self.connection, input, host)
            .await
    }

    /// See [`Service::cached_envelopes`].
    pub fn cached_envelopes(&self) -> Result<Vec<CachedEnvelope>> {
        self.svc.cached_envelopes(&self.connection)
    }

    // ------------------------------------------------------------ envelopes

    /// Every envelope (or those in one state); refreshes the cache.
    pub async fn list(&self, status: Option<EnvelopeStatus>) -> Result<Vec<Envelope>> {
        self.exec(ops::EnvelopeList { status }).await
    }

    /// Search (at most 1,000 from `query.offset`); refreshes the cache.
    pub async fn search(&self, query: EnvelopeQuery) -> Result<EnvelopePage> {
        self.exec(ops::EnvelopeSearch { query }).await
    }

    pub async fn get(&self, envelope_id: &str) -> Result<EnvelopeDetail> {
        self.exec(ops::EnvelopeGet {
            envelope_id: envelope_id.into(),
        })
        .await
    }

    /// What the envelope's status allows (pure; the same rules the UI shows).
    pub fn actions(status: EnvelopeStatus) -> EnvelopeActions {
        EnvelopeActions::for_status(status)
    }

    /// Creates a draft; returns its id.
    pub async fn create(&self, envelope: NewEnvelope) -> Result<String> {
        self.exec(ops::EnvelopeCreate { envelope }).await
    }

    /// Deletes a draft (SIGNIO refuses any other state).
    pub async fn delete(&self, envelope_id: &str) -> Result<()> {
        self.exec(ops::EnvelopeDelete {
            envelope_id: envelope_id.into(),
        })
        .await
    }

    /// Takes a sent envelope back to draft.
    pub async fn return_to_draft(&self, envelope_id: &str) -> Result<()> {
        self.exec(ops::EnvelopeReturn {
            envelope_id: envelope_id.into(),
        })
        .await
    }

    /// Sends a draft out for signature.
    pub async fn distribute(&self, envelope_id: &str) -> Result<()> {
        self.exec(ops::EnvelopeDistribute {
            envelope_id: envelope_id.into(),
        })
        .await
    }

    // ------------------------------------------------------------ documents

    /// See [`Service::check_files`].
    pub fn check_files(paths: &[PathBuf]) -> Vec<FileCheck> {
        Service::check_files(paths)
    }

    /// Streams a local file into a draft envelope (progress and cancel through
    /// `control`); see [`ops::DocumentUpload`].
    pub async fn upload_document(
        &self,
        envelope_id: &str,
        file: &Path,
        control: &TransferControl,
    ) -> Result<UploadedDocument> {
        let input = ops::DocumentUpload {
            envelope_id: envelope_id.into(),
            file: file.display().to_string(),
            transfer_id: None,
        };
        let control = |_: &str| control.clone();
        let host = Given {
            file: Some(file),
            dest: None,
            control: &control,
        };
        self.exec_with(input, &host).await
    }

    /// Marks (or unmarks) a document protected.
    pub async fn protect_document(&self, document_id: &str, protect: bool) -> Result<()> {
        let document_id = document_id.to_owned();
        if protect {
            self.exec(ops::DocumentProtect { document_id }).await
        } else {
            self.exec(ops::DocumentUnprotect { document_id }).await
        }
    }

    /// Streams a (signed) document to `dest`; see [`ops::ExportDocument`].
    pub async fn export_document(
        &self,
        envelope_id: &str,
        document_id: &str,
        dest: &Path,
        control: &TransferControl,
    ) -> Result<ExportedDocument> {
        let input = ops::ExportDocument {
            envelope_id: envelope_id.into(),
            document_id: document_id.into(),
            file_name: None,
            transfer_id: None,
        };
        let control = |_: &str| control.clone();
        let host = Given {
            file: None,
            dest: Some(dest),
            control: &control,
        };
        match self.exec_with(input, &host).await? {
            DocumentExport::Saved {
                path,
                bytes,
                sha256,
            } => Ok(ExportedDocument {
                path,
                bytes,
                sha256,
            }),
            DocumentExport::Cancelled => Err(Error::new(ErrorCode::Cancelled, "export cancelled")),
        }
    }

    /// Exports every document of an envelope into `folder`; see
    /// [`ops::ExportAllDocuments`].
    pub async fn export_all(
        &self,
        envelope_id: &str,
        folder: &Path,
        control_for: impl Fn(&str) -> TransferControl + Send + Sync,
    ) -> Result<ExportedFolder> {
        let input = ops::ExportAllDocuments {
            envelope_id: envelope_id.into(),
            transfer_id: None,
        };
        let host = Given {
            file: None,
            dest: Some(folder),
            control: &control_for,
        };
        match self.exec_with(input, &host).await? {
            FolderExport::Saved {
                folder,
                documents,
                failed,
            } => Ok(ExportedFolder {
                folder,
                documents,
                failed,
            }),
            FolderExport::Cancelled => Err(Error::new(ErrorCode::Cancelled, "export cancelled")),
        }
    }

    // ------------------------------------------------------------ signers

    /// Registers a contact (signer, approver or notified); returns its id.
    pub async fn add_signer(&self, envelope_id: &str, signer: NewSigner) -> Result<String> {
        self.exec(ops::SignerAdd {
            envelope_id: envelope_id.into(),
            signer,
        })
        .await
    }

    pub async fn link(&self, envelope_id: &str, link: SignerLink) -> Result<()> {
        self.exec(ops::SignerLinkDocument {
            envelope_id: envelope_id.into(),
            link,
        })
        .await
    }

    pub async fn set_signer_order(
        &self,
        envelope_id: &str,
        signer_id: &str,
        order: u32,
    ) -> Result<()> {
        self.exec(ops::SignerOrder {
            envelope_id: envelope_id.into(),
            signer_id: signer_id.into(),
            order,
        })
        .await
    }

    // ------------------------------------------------------------ templates

    pub async fn templates(&self) -> Result<Vec<Template>> {
        self.exec(ops::TemplateList {}).await
    }

    pub async fn template_fields(&self, envelope_id: &str) -> Result<Vec<TemplateField>> {
        self.exec(ops::TemplateFields {
            envelope_id: envelope_id.into(),
        })
        .await
    }

    /// Applies a template to an envelope with values for its fields.
    pub async fn apply_template(
        &self,
        envelope_id: &str,
        template_id: u64,
        fields: BTreeMap<String, String>,
    ) -> Result<TemplateDocument> {
        self.exec(ops::TemplateUse {
            envelope_id: envelope_id.into(),
            template_id,
            fields,
        })
        .await
    }

    pub async fn update_template_values(
        &self,
        envelope_id: &str,
        document_id: &str,
        fields: BTreeMap<String, String>,
    ) -> Result<TemplateDocument> {
        self.exec(ops::TemplateUpdate {
            envelope_id: envelope_id.into(),
            document_id: document_id.into(),
            fields,
        })
        .await
    }

    // ------------------------------------------------------------ SIGNIO-only

    pub async fn tags(&self) -> Result<Vec<Tag>> {
        self.exec(ops::TagList {}).await
    }

    /// Base (master) envelopes a new one can copy.
    pub async fn base_envelopes(&self) -> Result<Vec<Envelope>> {
        self.exec(ops::EnvelopeBases {}).await
    }

    /// A link that logs the requester into the envelope; valid 30 minutes.
    /// Not recorded: anyone holding it is logged in.
    pub async fn magic_link(&self, envelope_id: &str) -> Result<MagicLink> {
        self.exec(ops::EnvelopeMagicLink {
            envelope_id: envelope_id.into(),
        })
        .await
    }

    /// A signed URL to sign on site. Not recorded.
    pub async fn on_site_url(&self, request: OnSiteSigning) -> Result<String> {
        self.exec(ops::EnvelopeOnsiteUrl { request }).await
    }

    /// Uploads a promissory note (its PDF, `tve.document`, streamed from
    /// disk for template 0).
    pub async fn upload_tve(
        &self,
        envelope_id: &str,
        mut tve: TveInput,
        control: &TransferControl,
    ) -> Result<String> {
        let file = tve.document.take();
        let input = ops::TveUpload {
            envelope_id: envelope_id.into(),
            tve,
            document: file.as_ref().map(|p| p.display().to_string()),
            transfer_id: None,
        };
        let control = |_: &str| control.clone();
        let host = Given {
            file: file.as_deref(),
            dest: None,
            control: &control,
        };
        self.exec_with(input, &host).await
    }

    pub async fn edit_tve(
        &self,
        envelope_id: &str,
        document_id: &str,
        tve: TveInput,
    ) -> Result<String> {
        self.exec(ops::TveEdit {
            envelope_id: envelope_id.into(),
            document_id: document_id.into(),
            tve,
        })
        .await
    }

    /// The tenants these credentials can work in.
    pub async fn tenants(&self) -> Result<Vec<TenantAccess>> {
        self.exec(ops::TenantList {}).await
    }

    // ------------------------------------------------------------ sandbox

    /// Sandbox only: every signer (or just `signer_id`) signs their documents.
    pub async fn sandbox_sign(&self, envelope_id: &str, signer_id: Option<&str>) -> Result<()> {
        self.exec(ops::SandboxSign {
            envelope_id: envelope_id.into(),
            signer_id: signer_id.map(str::to_owned),
        })
        .await
    }

    /// Sandbox only: a signer rejects the envelope.
    pub async fn sandbox_reject(&self, envelope_id: &str, signer_id: &str) -> Result<()> {
        self.exec(ops::SandboxReject {
            envelope_id: envelope_id.into(),
            signer_id: signer_id.into(),
        })
        .await
    }

    /// Sandbox only: a signer or approver returns it with observations.
    pub async fn sandbox_return_with_observations(
        &self,
        envelope_id: &str,
        signer_id: &str,
        observations: &str,
    ) -> Result<()> {
        self.exec(ops::SandboxReturn {
            envelope_id: envelope_id.into(),
            signer_id: signer_id.into(),
            observations: observations.into(),
        })
        .await
    }

    /// Sandbox only: suspend the envelope.
    pub async fn sandbox_suspend(&self, envelope_id: &str) -> Result<()> {
        self.exec(ops::SandboxSuspend {
            envelope_id: envelope_id.into(),
        })
        .await
    }
}
