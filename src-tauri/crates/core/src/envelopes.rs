//! E-signature envelopes, provider-neutral: the normalized read model
//! (envelopes with their documents, contacts and signatures, templates),
//! what an envelope's state allows ([`EnvelopeActions`], from a
//! provider-supplied [`ActionRules`] table), exports, and transfers
//! ([`TransferControl`]: progress callback + cancellation flag).
//!
//! A provider's inputs, limits and checks live in its own crate (SIGNIO's in
//! `provider-signio`'s `model.rs`); adapters translate into these types.

use crate::error::{Error, FieldError, Result};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use ts_rs::TS;

// ---------------------------------------------------------------- status

/// An envelope's state, normalized across providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum EnvelopeStatus {
    /// Being prepared; can be edited and deleted.
    Draft,
    /// Out for signature (or data capture).
    Sent,
    /// Every signer signed.
    Completed,
    /// A signer rejected it.
    Declined,
    Suspended,
    /// Returned with observations by a signer or approver.
    Returned,
    /// Past its expiry date unsigned (Mifiel's `expires_at`).
    Expired,
    /// A state this version does not know.
    Unknown,
}

impl EnvelopeStatus {
    pub const ALL: &'static [EnvelopeStatus] = &[
        EnvelopeStatus::Draft,
        EnvelopeStatus::Sent,
        EnvelopeStatus::Completed,
        EnvelopeStatus::Declined,
        EnvelopeStatus::Suspended,
        EnvelopeStatus::Returned,
        EnvelopeStatus::Expired,
        EnvelopeStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EnvelopeStatus::Draft => "draft",
            EnvelopeStatus::Sent => "sent",
            EnvelopeStatus::Completed => "completed",
            EnvelopeStatus::Declined => "declined",
            EnvelopeStatus::Suspended => "suspended",
            EnvelopeStatus::Returned => "returned",
            EnvelopeStatus::Expired => "expired",
            EnvelopeStatus::Unknown => "unknown",
        }
    }
}

// ---------------------------------------------------------------- read side

/// An envelope as lists and searches show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    pub id: String,
    pub name: String,
    pub status: EnvelopeStatus,
    /// The provider's own status text or code, as it sent it.
    pub provider_status: String,
    /// RFC 3339, UTC, when the provider gave it.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_count: Option<u32>,
}

/// One page of a search: at most the provider's page cap of envelopes from `offset`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvelopePage {
    pub envelopes: Vec<Envelope>,
    pub offset: u32,
    /// The provider's cap was reached: search again from `offset + len` for more.
    pub capped: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeDocument {
    pub id: String,
    pub name: String,
    /// Where the provider serves the file (public URL), if it gives one.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Marked "protected": once the envelope is completed it cannot be downloaded.
    pub protected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeContact {
    pub id: String,
    pub identity_type: String,
    pub identity: String,
    pub name: String,
    pub email: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// Digital (certificate) rather than electronic signature.
    pub digital_signature: bool,
    pub approver: bool,
    pub enable_comments: bool,
}

/// A signature or approval a contact made on a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignatureRecord {
    pub signer_id: String,
    pub document_id: String,
    pub approval: bool,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
}

/// Everything about one envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeDetail {
    pub id: String,
    pub name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub approval_cycle: bool,
    /// `Unknown` when the provider's detail reply carries no state.
    pub status: EnvelopeStatus,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_status: Option<String>,
    pub documents: Vec<EnvelopeDocument>,
    pub contacts: Vec<EnvelopeContact>,
    pub signatures: Vec<SignatureRecord>,
}

/// A document template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    #[ts(type = "number")]
    pub id: u64,
    pub name: String,
    pub description: String,
    /// Provider's kind code (SIGNIO: `PLL` document format, `XFORM` PDF form).
    pub kind: String,
    pub active: bool,
    /// Generates an electronic "título valor".
    pub protected: bool,
    pub roles: Vec<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// An input of a template document that a value can be given for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateField {
    pub name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The document a template produced in an envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDocument {
    pub id: String,
    pub name: String,
}

/// A finished export: the file is complete, flushed and in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedDocument {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Lowercase hex SHA-256 of the saved bytes.
    pub sha256: String,
}

// ---------------------------------------------------------------- service results

/// An envelope from the local cache, with when it was last fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachedEnvelope {
    pub envelope: Envelope,
    /// When the provider last reported it, Unix ms UTC.
    #[ts(type = "number")]
    pub synced_at_ms: i64,
    /// The connection it was seen through, and that connection's provider
    /// (`signio`, `dynamicore`): the inbox lists every provider's envelopes.
    pub connection_id: String,
    pub provider: String,
}

/// A local file checked for upload before anything is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileCheck {
    pub path: String,
    pub name: String,
    /// 0 when the file can't be read.
    #[ts(type = "number")]
    pub size: u64,
    /// Why it can't be uploaded (wrong type, empty, unreadable); absent when it can.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<FieldError>,
}

/// A document uploaded into an envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadedDocument {
    pub envelope_id: String,
    pub document_id: String,
    /// The local file name.
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Lowercase hex SHA-256 of the uploaded file.
    pub sha256: String,
    #[ts(type = "number")]
    pub duration_ms: u64,
}

/// One document that could not be exported into a folder, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportFailure {
    pub document_id: String,
    pub name: String,
    pub error: Error,
}

/// Every document of an envelope exported into a folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFolder {
    pub folder: String,
    pub documents: Vec<ExportedDocument>,
    /// Documents not saved (e.g. protected); the others were.
    pub failed: Vec<ExportFailure>,
}

/// The outcome of exporting one document through the native save dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum DocumentExport {
    Saved {
        path: String,
        #[ts(type = "number")]
        bytes: u64,
        sha256: String,
    },
    /// The user closed the dialog.
    Cancelled,
}

/// The outcome of exporting every document into a folder the user picked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum FolderExport {
    Saved {
        folder: String,
        documents: Vec<ExportedDocument>,
        failed: Vec<ExportFailure>,
    },
    /// The user closed the dialog.
    Cancelled,
}

impl From<ExportedFolder> for FolderExport {
    fn from(f: ExportedFolder) -> Self {
        FolderExport::Saved {
            folder: f.folder,
            documents: f.documents,
            failed: f.failed,
        }
    }
}

/// What a transfer moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TransferKind {
    Upload,
    Export,
}

/// Payload of the `transfer-progress` event: one file of one transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferUpdate {
    /// The id the caller gave the transfer (to cancel it, and to match events).
    pub transfer_id: String,
    pub kind: TransferKind,
    /// The file name.
    pub name: String,
    #[ts(type = "number")]
    pub transferred: u64,
    #[ts(optional, type = "number")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

/// What the state of an envelope allows, with the reason when it doesn't.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeActions {
    /// Upload documents, add and link signers, reorder, apply templates.
    pub edit: ActionState,
    pub distribute: ActionState,
    pub return_to_draft: ActionState,
    pub delete: ActionState,
    pub export: ActionState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionState {
    pub enabled: bool,
    /// Why not, when not enabled: a code the UI translates (with the
    /// envelope's `status` as a parameter) and the English text.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<FieldError>,
}

impl ActionState {
    fn yes() -> Self {
        ActionState {
            enabled: true,
            reason: None,
        }
    }
    fn no(reason: FieldError) -> Self {
        ActionState {
            enabled: false,
            reason: Some(reason),
        }
    }
}

/// Why an action is refused, as a provider's rules declare it: a stable code
/// and the English text (`{status}` in it is replaced by the state's name; the
/// state also goes as the `status` parameter).
#[derive(Debug, Clone, Copy)]
pub struct Refusal {
    pub code: &'static str,
    pub message: &'static str,
}

/// When one action is allowed: the states that allow it, and the reason
/// given in any other state.
#[derive(Debug, Clone, Copy)]
pub struct ActionRule {
    pub allowed_in: &'static [EnvelopeStatus],
    /// Reasons for specific states, checked before `otherwise`.
    pub refusals: &'static [(EnvelopeStatus, Refusal)],
    pub otherwise: Refusal,
}

impl ActionRule {
    fn state(&self, status: EnvelopeStatus) -> ActionState {
        if self.allowed_in.contains(&status) {
            return ActionState::yes();
        }
        let why = self
            .refusals
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(self.otherwise, |(_, r)| *r);
        ActionState::no(
            FieldError::new(why.code, why.message.replace("{status}", status.as_str()))
                .param("status", status.as_str()),
        )
    }
}

/// A provider's state machine as data: which states allow each action.
/// The provider supplies it (SIGNIO's is in `provider-signio`'s `status.rs`).
#[derive(Debug, Clone, Copy)]
pub struct ActionRules {
    pub edit: ActionRule,
    pub distribute: ActionRule,
    pub return_to_draft: ActionRule,
    pub delete: ActionRule,
    pub export: ActionRule,
}

impl EnvelopeActions {
    /// What `rules` allow for an envelope in `status`.
    pub fn from_rules(status: EnvelopeStatus, rules: &ActionRules) -> Self {
        EnvelopeActions {
            edit: rules.edit.state(status),
            distribute: rules.distribute.state(status),
            return_to_draft: rules.return_to_draft.state(status),
            delete: rules.delete.state(status),
            export: rules.export.state(status),
        }
    }
}

// ---------------------------------------------------------------- transfers

/// How far an upload or export got (payload for progress events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferProgress {
    #[ts(type = "number")]
    pub transferred: u64,
    /// Unknown when the server sends no length.
    #[ts(optional, type = "number")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

/// Called as a transfer advances (often: keep it cheap, e.g. forward to a channel).
pub type ProgressFn = Arc<dyn Fn(TransferProgress) + Send + Sync>;

/// A cancellation flag shared between the UI side and a running transfer.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
    /// `Err(CANCELLED)` once cancelled.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::new(
                crate::ErrorCode::Cancelled,
                "the transfer was cancelled",
            ))
        } else {
            Ok(())
        }
    }
}

/// Progress reporting and cancellation for one long transfer.
#[derive(Clone, Default)]
pub struct TransferControl {
    pub progress: Option<ProgressFn>,
    pub cancel: CancelFlag,
}

impl TransferControl {
    pub fn report(&self, transferred: u64, total: Option<u64>) {
        if let Some(p) = &self.progress {
            p(TransferProgress { transferred, total });
        }
    }
}

impl std::fmt::Debug for TransferControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferControl")
            .field("progress", &self.progress.is_some())
            .field("cancelled", &self.cancel.is_cancelled())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn no(code: &'static str, message: &'static str) -> Refusal {
        Refusal { code, message }
    }

    const RULES: ActionRules = ActionRules {
        edit: ActionRule {
            allowed_in: &[EnvelopeStatus::Draft],
            refusals: &[],
            otherwise: no("only_draft", "only a draft; this one is {status}"),
        },
        distribute: ActionRule {
            allowed_in: &[EnvelopeStatus::Draft],
            refusals: &[],
            otherwise: no("only_draft", "only a draft"),
        },
        return_to_draft: ActionRule {
            allowed_in: &[EnvelopeStatus::Sent],
            refusals: &[],
            otherwise: no("only_sent", "only sent"),
        },
        delete: ActionRule {
            allowed_in: &[EnvelopeStatus::Draft],
            refusals: &[(EnvelopeStatus::Sent, no("sent", "return it first"))],
            otherwise: no("only_draft", "only a draft"),
        },
        export: ActionRule {
            allowed_in: &[EnvelopeStatus::Completed],
            refusals: &[],
            otherwise: no("not_yet", "not yet"),
        },
    };

    #[test]
    fn actions_follow_the_supplied_rules() {
        let d = EnvelopeActions::from_rules(EnvelopeStatus::Draft, &RULES);
        assert!(d.edit.enabled && d.delete.enabled && !d.export.enabled);
        assert_eq!(d.edit.reason, None);
        let s = EnvelopeActions::from_rules(EnvelopeStatus::Sent, &RULES);
        assert!(!s.delete.enabled && s.return_to_draft.enabled);
        let why = s.delete.reason.unwrap();
        assert_eq!(
            (why.code.as_str(), why.message.as_str()),
            ("sent", "return it first")
        );
        let c = EnvelopeActions::from_rules(EnvelopeStatus::Completed, &RULES);
        let why = c.edit.reason.unwrap();
        assert_eq!(why.code, "only_draft");
        assert_eq!(why.params["status"], "completed");
        assert_eq!(why.message, "only a draft; this one is completed");
        assert_eq!(c.delete.reason.unwrap().message, "only a draft");
        assert!(c.export.enabled);
    }

    #[test]
    fn statuses_serialize_lowercase() {
        for s in EnvelopeStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
