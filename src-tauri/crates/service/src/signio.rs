//! The SIGNIO operations (envelopes, documents, signers, templates, TVE,
//! tenants), each validated before anything is sent, run against the
//! connection's adapter and recorded in history. Uploads and exports record
//! the file name, size, SHA-256 and duration; magic links and on-site URLs
//! log a person in, so they are never recorded.
//!
//! Envelopes the provider reports are kept in the history's object cache
//! (kind [`ENVELOPE_CACHE`]) with when they were synced, so the inbox opens
//! instantly: [`Signio::cached_envelopes`].

use crate::clock::{now_ms, rfc3339};
use crate::record::{Op, Subject};
use crate::Service;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use ventanilla_core::connection::ProviderKind;
use ventanilla_core::envelopes::*;
use ventanilla_core::{fsutil, Error, ErrorCode, Result};
use ventanilla_history::StoredConnection;
use ventanilla_provider_signio::sandbox::SignerAction;
use ventanilla_provider_signio::SignioClient;

/// Cache kind of SIGNIO envelopes.
pub const ENVELOPE_CACHE: &str = "signio.envelope";
/// A magic link is valid this long (6.20).
const MAGIC_LINK_MINUTES: i64 = 30;

/// The SIGNIO operations on one connection (given by id or name).
pub struct Signio<'a> {
    svc: &'a Service,
    connection: String,
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

fn envelope_target(id: &str) -> String {
    format!("envelope {id}")
}

fn check_fields(fields: &BTreeMap<String, String>) -> Result<()> {
    let mut e = ventanilla_core::error::FieldErrors::new();
    for (k, v) in fields {
        if k.trim().is_empty() {
            e.insert("fields".into(), "a field name can't be blank".into());
        } else {
            ventanilla_core::validate::optional_text(&mut e, "fields", v, MAX_FREE_TEXT);
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(e))
    }
}

fn all_ok(checks: impl IntoIterator<Item = Result<()>>) -> Result<()> {
    let mut fields = ventanilla_core::error::FieldErrors::new();
    let mut other = None;
    for c in checks {
        if let Err(e) = c {
            match e.fields {
                Some(f) if e.code == ErrorCode::Validation => fields.extend(f),
                _ => other = other.or(Some(e)),
            }
        }
    }
    match other {
        Some(e) => Err(e),
        None if fields.is_empty() => Ok(()),
        None => Err(Error::validation(fields)),
    }
}

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
    Err(Error::invalid(
        "folder",
        format!(
            "{} already holds {MAX_NAME_TRIES} files named like {name:?}",
            folder.display()
        ),
    ))
}

impl Signio<'_> {
    async fn run<T, F, Fut>(
        &self,
        op: Op,
        check: Result<()>,
        call: F,
        summary: impl FnOnce(&T) -> String,
    ) -> Result<T>
    where
        F: FnOnce(Arc<SignioClient>, StoredConnection) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        self.svc
            .run(&self.connection, op, check, call, summary)
            .await
    }

    // ------------------------------------------------------------ cache

    fn cache(&self, conn_id: &str, envelopes: &[Envelope]) {
        let now = now_ms();
        for e in envelopes {
            let Ok(json) = serde_json::to_string(e) else {
                continue;
            };
            if let Err(err) = self
                .svc
                .history
                .cache_put(ENVELOPE_CACHE, conn_id, &e.id, &json, now)
            {
                tracing::warn!(code = %err.code, "could not cache envelope {}", e.id);
                return;
            }
        }
    }

    fn cached(&self, conn_id: &str, id: &str) -> Option<Envelope> {
        let c = self
            .svc
            .history
            .cache_get(ENVELOPE_CACHE, conn_id, id)
            .ok()??;
        serde_json::from_str(&c.json).ok()
    }

    /// Updates the cached copy after a change the provider confirmed.
    fn cache_status(&self, conn_id: &str, id: &str, status: EnvelopeStatus, code: &str) {
        if let Some(mut e) = self.cached(conn_id, id) {
            e.status = status;
            e.provider_status = code.into();
            e.updated_at = Some(rfc3339(now_ms()));
            self.cache(conn_id, &[e]);
        }
    }

    /// The envelopes last seen through this connection, with when each was
    /// synced; newest-synced first. Reads only the local cache.
    pub fn cached_envelopes(&self) -> Result<Vec<CachedEnvelope>> {
        let conn = self.svc.resolve(&self.connection)?;
        let rows = self
            .svc
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

    // ------------------------------------------------------------ envelopes

    /// Every envelope (or those in one state); refreshes the cache.
    pub async fn list(&self, status: Option<EnvelopeStatus>) -> Result<Vec<Envelope>> {
        let check = match status {
            Some(EnvelopeStatus::Unknown) => {
                Err(Error::invalid("status", "can't list by an unknown status"))
            }
            _ => Ok(()),
        };
        let target = match status {
            Some(s) => format!("envelopes {}", s.as_str()),
            None => "envelopes".into(),
        };
        self.run(
            Op::read("envelope.list", target),
            check,
            |api, conn| async move {
                let list =
                    ventanilla_core::envelopes::Envelopes::list(api.as_ref(), status).await?;
                self.cache(&conn.id, &list);
                Ok(list)
            },
            |l| format!("{} envelopes", l.len()),
        )
        .await
    }

    /// Search (at most 1,000 from `query.offset`); refreshes the cache.
    pub async fn search(&self, query: EnvelopeQuery) -> Result<EnvelopePage> {
        let check = query.validate();
        self.run(
            Op::read("envelope.search", "envelopes"),
            check,
            |api, conn| async move {
                let page = api.search(&query).await?;
                self.cache(&conn.id, &page.envelopes);
                Ok(page)
            },
            |p| {
                format!(
                    "{} envelopes from offset {}{}",
                    p.envelopes.len(),
                    p.offset,
                    if p.capped {
                        " (capped: more remain)"
                    } else {
                        ""
                    }
                )
            },
        )
        .await
    }

    pub async fn get(&self, envelope_id: &str) -> Result<EnvelopeDetail> {
        let id = envelope_id.trim().to_owned();
        self.run(
            Op::read("envelope.get", envelope_target(&id)),
            require_envelope_id(&id),
            |api, conn| async move {
                let d = api.get(&id).await?;
                let prev = self.cached(&conn.id, &id);
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
                self.cache(&conn.id, &[summary]);
                Ok(d)
            },
            |d| {
                format!(
                    "«{}» {} · {} documents · {} contacts · {} signatures",
                    d.name,
                    d.status.as_str(),
                    d.documents.len(),
                    d.contacts.len(),
                    d.signatures.len()
                )
            },
        )
        .await
    }

    /// What the envelope's status allows (pure; the same rules the UI shows).
    pub fn actions(status: EnvelopeStatus) -> EnvelopeActions {
        EnvelopeActions::for_status(status)
    }

    /// Creates a draft; returns its id.
    pub async fn create(&self, envelope: NewEnvelope) -> Result<String> {
        let check = envelope.validate();
        let name = envelope.name.trim().to_owned();
        self.run(
            Op::write("envelope.create", format!("envelope «{name}»")),
            check,
            |api, conn| async move {
                let id = api.create(&envelope).await?;
                let now = rfc3339(now_ms());
                self.cache(
                    &conn.id,
                    &[Envelope {
                        id: id.clone(),
                        name: envelope.name.trim().to_owned(),
                        status: EnvelopeStatus::Draft,
                        provider_status: "1".into(),
                        created_at: Some(now.clone()),
                        updated_at: Some(now),
                        documents_count: Some(0),
                    }],
                );
                Ok(id)
            },
            |id| format!("created {id}"),
        )
        .await
    }

    /// Deletes a draft (SIGNIO refuses any other state).
    pub async fn delete(&self, envelope_id: &str) -> Result<()> {
        let id = envelope_id.trim().to_owned();
        self.run(
            Op::write("envelope.delete", envelope_target(&id)),
            require_envelope_id(&id),
            |api, conn| async move {
                api.delete(&id).await?;
                let _ = self.svc.history.cache_delete(ENVELOPE_CACHE, &conn.id, &id);
                Ok(())
            },
            |_| "deleted".into(),
        )
        .await
    }

    /// Takes a sent envelope back to draft.
    pub async fn return_to_draft(&self, envelope_id: &str) -> Result<()> {
        let id = envelope_id.trim().to_owned();
        self.run(
            Op::write("envelope.return", envelope_target(&id)),
            require_envelope_id(&id),
            |api, conn| async move {
                api.return_to_draft(&id).await?;
                self.cache_status(&conn.id, &id, EnvelopeStatus::Draft, "1");
                Ok(())
            },
            |_| "returned to draft".into(),
        )
        .await
    }

    /// Sends a draft out for signature.
    pub async fn distribute(&self, envelope_id: &str) -> Result<()> {
        let id = envelope_id.trim().to_owned();
        self.run(
            Op::write("envelope.distribute", envelope_target(&id)),
            require_envelope_id(&id),
            |api, conn| async move {
                api.send(&id).await?;
                self.cache_status(&conn.id, &id, EnvelopeStatus::Sent, "2");
                Ok(())
            },
            |_| "distributed: pending signature".into(),
        )
        .await
    }

    // ------------------------------------------------------------ documents

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

    /// Streams a local file into a draft envelope (progress and cancel through
    /// `control`). The file is checked first (type, not empty, readable) and
    /// nothing is sent if it fails. If the upload fails midway the error says
    /// whether SIGNIO kept anything.
    pub async fn upload_document(
        &self,
        envelope_id: &str,
        file: &Path,
        control: &TransferControl,
    ) -> Result<UploadedDocument> {
        let id = envelope_id.trim().to_owned();
        let name = file_name(file);
        let check = all_ok([
            require_envelope_id(&id),
            require_document("file", file).map(|_| ()),
        ]);
        let started = Instant::now();
        self.run(
            Op::write(
                "document.upload",
                format!("«{name}» → {}", envelope_target(&id)),
            ),
            check,
            |api, _| async move {
                let bytes = require_document("file", file)?;
                // Hashed while sending (the file is read once): what we
                // record is exactly what SIGNIO received.
                match api.upload_document_hashed(&id, file, None, control).await {
                    Ok((document_id, sha256)) => Ok(UploadedDocument {
                        envelope_id: id,
                        document_id,
                        name: name.clone(),
                        bytes,
                        sha256,
                        duration_ms: started.elapsed().as_millis() as u64,
                    }),
                    Err(e) => Err(explain_failed_upload(&api, &id, &name, e).await),
                }
            },
            |u| {
                format!(
                    "{} · {} bytes · sha256 {} · {} ms → document {}",
                    u.name, u.bytes, u.sha256, u.duration_ms, u.document_id
                )
            },
        )
        .await
    }

    /// Marks (or unmarks) a document protected.
    pub async fn protect_document(&self, document_id: &str, protect: bool) -> Result<()> {
        let id = document_id.trim().to_owned();
        let name = if protect {
            "document.protect"
        } else {
            "document.unprotect"
        };
        self.run(
            Op::write(name, format!("document {id}")),
            require_object_id("documentId", &id),
            |api, _| async move { api.protect_document(&id, protect).await },
            |_| {
                if protect {
                    "protected".into()
                } else {
                    "unprotected".into()
                }
            },
        )
        .await
    }

    /// Streams a (signed) document to `dest`: a temporary file beside it,
    /// flushed, then renamed; never a partial file. Protected documents of a
    /// signed envelope are refused with the reason.
    pub async fn export_document(
        &self,
        envelope_id: &str,
        document_id: &str,
        dest: &Path,
        control: &TransferControl,
    ) -> Result<ExportedDocument> {
        let (env, doc) = (envelope_id.trim().to_owned(), document_id.trim().to_owned());
        let folder = match dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => dir.to_path_buf(),
            None => PathBuf::from("."),
        };
        let dest_check = if !folder.is_dir() {
            Err(Error::invalid(
                "dest",
                format!("the folder {} does not exist", folder.display()),
            ))
        } else if dest.is_dir() {
            Err(Error::invalid(
                "dest",
                format!("{} is a folder; give a file name", dest.display()),
            ))
        } else {
            // A plain name directly in its folder: no `..`, no link out.
            fsutil::ensure_directly_in(&folder, dest)
        };
        if dest_check.is_ok() {
            // Left by an export that was killed mid-write.
            fsutil::remove_stale_parts(&folder);
        }
        let check = all_ok([
            require_envelope_id(&env),
            require_object_id("documentId", &doc),
            dest_check,
        ]);
        let started = Instant::now();
        self.run(
            Op::read(
                "document.export",
                format!("document {doc} of {}", envelope_target(&env)),
            ),
            check,
            |api, _| async move { api.export_document(&env, &doc, dest, control).await },
            |x| {
                format!(
                    "{} · {} bytes · sha256 {} · {} ms",
                    x.path,
                    x.bytes,
                    x.sha256,
                    started.elapsed().as_millis()
                )
            },
        )
        .await
    }

    /// Exports every document of an envelope into `folder` (never overwriting:
    /// `name (2).pdf`…). Each export is recorded on its own; documents that
    /// can't be exported (e.g. protected) are listed in `failed`. Cancelling
    /// stops after the documents already saved, and says which they are.
    pub async fn export_all(
        &self,
        envelope_id: &str,
        folder: &Path,
        control_for: impl Fn(&str) -> TransferControl,
    ) -> Result<ExportedFolder> {
        if !folder.is_dir() {
            return Err(Error::invalid(
                "folder",
                format!("{} is not a folder", folder.display()),
            ));
        }
        let detail = self.get(envelope_id).await?;
        let mut saved: Vec<ExportedDocument> = Vec::new();
        let mut failed = Vec::new();
        let mut taken = Vec::new();
        fsutil::remove_stale_parts(folder);
        for d in &detail.documents {
            // Name and id come from the provider: both go through the cleaner.
            let name = safe_file_name(&d.name, &format!("{}.pdf", d.id));
            let dest = match unique_in(folder, &name, &taken) {
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
            let control = control_for(&d.name);
            match self
                .export_document(&detail.id, &d.id, &dest, &control)
                .await
            {
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
        Ok(ExportedFolder {
            folder: folder.display().to_string(),
            documents: saved,
            failed,
        })
    }

    // ------------------------------------------------------------ signers

    /// Registers a contact (signer, approver or notified); returns its id.
    pub async fn add_signer(&self, envelope_id: &str, signer: NewSigner) -> Result<String> {
        let id = envelope_id.trim().to_owned();
        let check = all_ok([require_envelope_id(&id), signer.validate()]);
        let who = signer.name.trim().to_owned();
        self.run(
            Op::write("signer.add", envelope_target(&id)),
            check,
            |api, _| async move { api.add_signer(&id, &signer).await },
            |s| format!("«{who}» → signer {s}"),
        )
        .await
    }

    pub async fn link(&self, envelope_id: &str, link: SignerLink) -> Result<()> {
        let id = envelope_id.trim().to_owned();
        let check = all_ok([require_envelope_id(&id), link.validate()]);
        let what = format!(
            "signer {} → document {}{}",
            link.signer_id,
            link.document_id,
            if link.attachment { " (attachment)" } else { "" }
        );
        self.run(
            Op::write("signer.link", envelope_target(&id)),
            check,
            |api, _| async move { api.link(&id, &link).await },
            |_| what,
        )
        .await
    }

    pub async fn set_signer_order(
        &self,
        envelope_id: &str,
        signer_id: &str,
        order: u32,
    ) -> Result<()> {
        let (id, signer) = (envelope_id.trim().to_owned(), signer_id.trim().to_owned());
        let check = all_ok([
            require_envelope_id(&id),
            require_object_id("signerId", &signer),
            if order == 0 {
                Err(Error::invalid("order", "starts at 1"))
            } else {
                Ok(())
            },
        ]);
        self.run(
            Op::write("signer.order", envelope_target(&id)),
            check,
            |api, _| async move { api.set_signer_order(&id, &signer, order).await },
            |_| format!("signer {signer_id} → position {order}"),
        )
        .await
    }

    // ------------------------------------------------------------ templates

    pub async fn templates(&self) -> Result<Vec<Template>> {
        self.run(
            Op::read("template.list", "templates"),
            Ok(()),
            |api, _| async move { api.templates().await },
            |t| format!("{} templates", t.len()),
        )
        .await
    }

    pub async fn template_fields(&self, envelope_id: &str) -> Result<Vec<TemplateField>> {
        let id = envelope_id.trim().to_owned();
        self.run(
            Op::read("template.fields", envelope_target(&id)),
            require_envelope_id(&id),
            |api, _| async move { api.template_fields(&id).await },
            |f| format!("{} fields", f.len()),
        )
        .await
    }

    /// Applies a template to an envelope with values for its fields.
    pub async fn apply_template(
        &self,
        envelope_id: &str,
        template_id: u64,
        fields: BTreeMap<String, String>,
    ) -> Result<TemplateDocument> {
        let id = envelope_id.trim().to_owned();
        let check = all_ok([
            require_envelope_id(&id),
            if template_id == 0 {
                Err(Error::invalid("templateId", "must be a positive number"))
            } else {
                Ok(())
            },
            check_fields(&fields),
        ]);
        let n = fields.len();
        self.run(
            Op::write("template.use", envelope_target(&id)),
            check,
            |api, _| async move { api.apply_template(&id, template_id, &fields).await },
            |d| {
                format!(
                    "template {template_id} ({n} fields) → document {} «{}»",
                    d.id, d.name
                )
            },
        )
        .await
    }

    pub async fn update_template_values(
        &self,
        envelope_id: &str,
        document_id: &str,
        fields: BTreeMap<String, String>,
    ) -> Result<TemplateDocument> {
        let (id, doc) = (envelope_id.trim().to_owned(), document_id.trim().to_owned());
        let check = all_ok([
            require_envelope_id(&id),
            require_object_id("documentId", &doc),
            check_fields(&fields),
            if fields.is_empty() {
                Err(Error::invalid("fields", "give at least one value"))
            } else {
                Ok(())
            },
        ]);
        let names = fields.keys().cloned().collect::<Vec<_>>().join(", ");
        self.run(
            Op::write(
                "template.update",
                format!("document {doc} of {}", envelope_target(&id)),
            ),
            check,
            |api, _| async move { api.update_template_values(&id, &doc, &fields).await },
            |_| format!("updated: {names}"),
        )
        .await
    }

    // ------------------------------------------------------------ SIGNIO-only

    pub async fn tags(&self) -> Result<Vec<Tag>> {
        self.run(
            Op::read("tag.list", "tags"),
            Ok(()),
            |api, _| async move { api.tags().await },
            |t| format!("{} tags", t.len()),
        )
        .await
    }

    /// Base (master) envelopes a new one can copy.
    pub async fn base_envelopes(&self) -> Result<Vec<Envelope>> {
        self.run(
            Op::read("envelope.bases", "base envelopes"),
            Ok(()),
            |api, _| async move { api.base_envelopes().await },
            |b| format!("{} base envelopes", b.len()),
        )
        .await
    }

    /// A link that logs the requester into the envelope; valid 30 minutes.
    /// Not recorded: anyone holding it is logged in.
    pub async fn magic_link(&self, envelope_id: &str) -> Result<MagicLink> {
        let id = envelope_id.trim().to_owned();
        self.run(
            Op::write("envelope.magic_link", envelope_target(&id)),
            require_envelope_id(&id),
            |api, _| async move {
                let url = api.magic_link(&id).await?;
                Ok(MagicLink {
                    url,
                    expires_at: rfc3339(now_ms() + MAGIC_LINK_MINUTES * 60_000),
                })
            },
            |m| format!("link issued (not recorded), expires {}", m.expires_at),
        )
        .await
    }

    /// A signed URL to sign on site. Not recorded.
    pub async fn on_site_url(&self, request: OnSiteSigning) -> Result<String> {
        let check = request.validate();
        let target = envelope_target(request.envelope_id.trim());
        self.run(
            Op::write("envelope.onsite_url", target),
            check,
            |api, _| async move { api.on_site_url(&request).await },
            |_| "on-site signing URL issued (not recorded)".into(),
        )
        .await
    }

    /// Uploads a promissory note (its PDF streamed from disk for template 0).
    pub async fn upload_tve(
        &self,
        envelope_id: &str,
        tve: TveInput,
        control: &TransferControl,
    ) -> Result<String> {
        let id = envelope_id.trim().to_owned();
        let check = all_ok([require_envelope_id(&id), tve.validate()]);
        let started = Instant::now();
        let file = tve.document.clone();
        let kind = tve.kind.clone();
        self.run(
            Op::write("tve.upload", envelope_target(&id)),
            check,
            |api, _| async move {
                let file_note = match &file {
                    Some(p) => {
                        let bytes =
                            check_file(p, &["pdf"]).map_err(|m| Error::invalid("document", m))?;
                        let sha = ventanilla_http::sha256_file(p).await?;
                        format!(" · {} · {bytes} bytes · sha256 {sha}", file_name(p))
                    }
                    None => String::new(),
                };
                let doc = api.upload_tve(&id, &tve, control).await?;
                Ok((doc, file_note))
            },
            |(doc, note)| {
                format!(
                    "{kind} note → document {doc}{note} · {} ms",
                    started.elapsed().as_millis()
                )
            },
        )
        .await
        .map(|(doc, _)| doc)
    }

    pub async fn edit_tve(
        &self,
        envelope_id: &str,
        document_id: &str,
        tve: TveInput,
    ) -> Result<String> {
        let (id, doc) = (envelope_id.trim().to_owned(), document_id.trim().to_owned());
        let check = all_ok([
            require_envelope_id(&id),
            require_object_id("documentId", &doc),
            tve.validate_edit(),
        ]);
        self.run(
            Op::write(
                "tve.edit",
                format!("document {doc} of {}", envelope_target(&id)),
            ),
            check,
            |api, _| async move { api.edit_tve(&id, &doc, &tve).await },
            |d| format!("note {d} updated"),
        )
        .await
    }

    /// The tenants these credentials can work in.
    pub async fn tenants(&self) -> Result<Vec<TenantAccess>> {
        self.run(
            Op::read("tenant.list", "tenants"),
            Ok(()),
            |api, _| async move { api.tenants().await },
            |t| {
                t.iter()
                    .map(|x| x.tenant.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        )
        .await
    }

    // ------------------------------------------------------------ sandbox

    async fn play(&self, operation: &str, envelope_id: &str, action: SignerAction) -> Result<()> {
        let id = envelope_id.trim().to_owned();
        let resolved = self.svc.resolve(&self.connection);
        let subject = match &resolved {
            Ok(c) => self.svc.subject(c),
            Err(_) => Subject {
                connection_id: None,
                connection_name: self.connection.clone(),
                provider: ProviderKind::Signio.as_str().into(),
            },
        };
        // Changes the simulator's envelope: a write.
        let op = Op::write(operation, envelope_target(&id));
        let ready = async {
            require_envelope_id(&id)?;
            let conn = resolved?;
            if conn.provider != ProviderKind::Signio.as_str() {
                return Err(Error::invalid(
                    "connection",
                    format!("{:?} is not a SIGNIO connection", conn.name),
                ));
            }
            Ok(conn)
        };
        match ready.await {
            Ok(conn) => {
                self.svc
                    .perform(
                        &subject,
                        &op,
                        self.svc.signio_play(&conn, &id, &action),
                        |_| "sandbox signer control".into(),
                    )
                    .await
            }
            Err(e) => self.svc.record_unsent(&subject, &op, e),
        }
    }

    /// Sandbox only: every signer (or just `signer_id`) signs their documents.
    pub async fn sandbox_sign(&self, envelope_id: &str, signer_id: Option<&str>) -> Result<()> {
        let action = SignerAction::Sign {
            signer_id: signer_id.map(str::to_owned),
        };
        self.play("sandbox.sign", envelope_id, action).await
    }

    /// Sandbox only: a signer rejects the envelope.
    pub async fn sandbox_reject(&self, envelope_id: &str, signer_id: &str) -> Result<()> {
        let action = SignerAction::Reject {
            signer_id: signer_id.to_owned(),
        };
        self.play("sandbox.reject", envelope_id, action).await
    }

    /// Sandbox only: a signer or approver returns it with observations.
    pub async fn sandbox_return_with_observations(
        &self,
        envelope_id: &str,
        signer_id: &str,
        observations: &str,
    ) -> Result<()> {
        let action = SignerAction::ReturnWithObservations {
            signer_id: signer_id.to_owned(),
            observations: observations.to_owned(),
        };
        self.play("sandbox.return", envelope_id, action).await
    }

    /// Sandbox only: suspend the envelope.
    pub async fn sandbox_suspend(&self, envelope_id: &str) -> Result<()> {
        self.play("sandbox.suspend", envelope_id, SignerAction::Suspend)
            .await
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
