//! SIGNIO's inputs and limits: what a caller may send (new envelopes,
//! contacts, links, searches, promissory notes, on-site signing), each with
//! a `validate()` that reports every documented constraint at once as field
//! errors keyed by the input's camelCase field names; the id, file and date
//! checks; and the [`Envelopes`] operations [`crate::SignioClient`] offers.
//! The normalized read model these produce stays in core
//! ([`ventanilla_core::envelopes`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;
use ventanilla_core::envelopes::*;
use ventanilla_core::error::{add_field_error, Error, FieldError, FieldErrors, Result};
use ventanilla_core::id::{Id, IdKind};
use ventanilla_core::validate;

// ---------------------------------------------------------------- limits

/// Envelope name (SIGNIO 6.5 `nombre`).
pub const MAX_ENVELOPE_NAME: usize = 255;
/// Deduplication key (SIGNIO 6.5 `envelopeDeduplicationKey`).
pub const MAX_DEDUP_KEY: usize = 36;
/// Free texts with no documented limit (messages, sender...): a sanity cap.
pub const MAX_FREE_TEXT: usize = 5000;
pub const MAX_SIGNER_NAME: usize = 50;
pub const MAX_IDENTITY: usize = 20;
pub const MAX_SIGNER_EMAIL: usize = 50;
pub const MAX_MOBILE: usize = 15;
pub const MAX_COMPANY_NAME: usize = 45;
pub const MAX_COMPANY_IDENTITY_TYPE: usize = 5;
pub const MAX_COMPANY_IDENTITY: usize = 30;
/// Document and signer ids are "a string of 200 characters" (6.6, 6.7).
pub const MAX_OBJECT_ID: usize = 200;
/// An envelope id is a 36-character UUID.
pub const ENVELOPE_ID_LEN: usize = 36;
/// Search never returns more than this many envelopes per call (6.16).
pub const SEARCH_CAP: usize = 1000;

/// Identity types a signer can be registered with (SIGNIO 6.7).
pub const IDENTITY_TYPES: &[&str] = &["CC", "CD", "CE", "OT", "PP", "PS", "TI", "VI"];
/// Identity types a provider may report on an existing contact (6.7 ∪ 6.11).
pub const REPORTED_IDENTITY_TYPES: &[&str] =
    &["CC", "CD", "CE", "OT", "PP", "PS", "TI", "VI", "NIT"];
/// Photo at signing: not asked, optional, mandatory (6.5 `op_foto`).
pub const PHOTO_OPTIONS: &[&str] = &["NO", "OP", "OB"];
/// Identity verification services (6.7 `servicio_identidad`).
pub const IDENTITY_SERVICES: &[&str] = &["basic", "experian", "experian_lite"];
/// The only documented contact role (6.7 `rol`).
pub const ROLE_NOTIFIED: &str = "Notificado";
/// Envelope states a notified contact can be told about (6.7 `states`):
/// 3 signed, 4 rejected, 6 suspended, 8 returned with observations.
pub const NOTIFIABLE_STATES: &[u8] = &[3, 4, 6, 8];
/// File types a document may have (6.6). `jpeg` is deliberately absent: the
/// provider lists `jpg` only, and we do not rename files behind the user's back.
pub const DOCUMENT_TYPES: &[&str] = &["doc", "docx", "xls", "xlsx", "png", "jpg", "pdf"];
/// Promissory-note kinds (6.22).
pub const TVE_TYPES: &[&str] = &["BLANK", "SIMPLE"];
/// How the on-site signing page delivers the signing token (6.24 `op_token`).
pub const OP_TOKEN_OPTIONS: &[&str] = &["SCREEN", "SHOW_OPTIONS"];

// ---------------------------------------------------------------- write side

/// A new envelope (SIGNIO 6.5). Only `name` is required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NewEnvelope {
    pub name: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Includes approvers.
    pub approval_cycle: bool,
    pub tags: Vec<String>,
    /// Copy the structure of this base (master) envelope.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_envelope_id: Option<String>,
    /// The caller's own id (echoed in webhooks).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// E-mails notified when the envelope completes, with access to every document.
    pub cc: Vec<String>,
    /// Signers may reject.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_reject: Option<bool>,
    /// `NO`, `OP` (optional) or `OB` (mandatory) photo at signing.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legops_certification: Option<bool>,
    /// Signers and approvers see the history of processed signatures.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_processed_signatures: Option<bool>,
    /// Sender shown in the e-mail.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// Shown at the first signing step.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_message: Option<String>,
    /// Shown at the last signing step.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_message: Option<String>,
    /// Approvers may return it with observations.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approvers_may_return: Option<bool>,
    /// Signers may return it with observations.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signers_may_return: Option<bool>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_premise_signature: Option<bool>,
    /// Client-generated, at most 36 characters.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deduplication_key: Option<String>,
    /// The envelope has notified contacts.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_contacts: Option<bool>,
    /// Template input values keyed by the provider's input name.
    pub template_fields: BTreeMap<String, String>,
    /// User assigned as distributor.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

fn done(errs: FieldErrors) -> Result<()> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(errs))
    }
}

fn opt_text(e: &mut FieldErrors, field: &str, v: &Option<String>, max: usize) {
    if let Some(v) = v {
        validate::optional_text(e, field, v, max);
    }
}

fn one_of(e: &mut FieldErrors, field: &str, v: &str, allowed: &[&str]) {
    if !allowed.contains(&v) {
        let err = FieldError::new(
            "one_of",
            format!("must be one of {}; got {v:?}", allowed.join(", ")),
        )
        .param("allowed", allowed.join(", "))
        .param("got", v);
        add_field_error(e, field, err);
    }
}

impl NewEnvelope {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        validate::required_text(&mut e, "name", &self.name, MAX_ENVELOPE_NAME);
        opt_text(&mut e, "message", &self.message, MAX_FREE_TEXT);
        for t in &self.tags {
            if t.trim().is_empty() {
                add_field_error(
                    &mut e,
                    "tags",
                    FieldError::new("tag_blank", "a tag can't be blank"),
                );
            } else if t.contains(';') {
                let err =
                    FieldError::new("tag_semicolon", format!("a tag can't contain ';' ({t:?})"))
                        .param("tag", t.as_str());
                add_field_error(&mut e, "tags", err);
            }
        }
        if let Some(b) = &self.base_envelope_id {
            if let Err(m) = check_envelope_id(b) {
                add_field_error(&mut e, "baseEnvelopeId", m);
            }
        }
        opt_text(&mut e, "externalId", &self.external_id, MAX_ENVELOPE_NAME);
        for (i, addr) in self.cc.iter().enumerate() {
            let mut one = FieldErrors::new();
            validate::email(&mut one, "cc", addr);
            if let Some(m) = one.remove("cc") {
                add_field_error(
                    &mut e,
                    "cc",
                    FieldError::new("invalid_cc", format!("address {} ({addr:?}) {m}", i + 1))
                        .param("position", i + 1)
                        .param("address", addr.as_str()),
                );
                break;
            }
        }
        if let Some(p) = &self.photo {
            one_of(&mut e, "photo", p, PHOTO_OPTIONS);
        }
        opt_text(&mut e, "sender", &self.sender, MAX_FREE_TEXT);
        opt_text(
            &mut e,
            "signingMessage",
            &self.signing_message,
            MAX_FREE_TEXT,
        );
        opt_text(&mut e, "finalMessage", &self.final_message, MAX_FREE_TEXT);
        if let Some(k) = &self.deduplication_key {
            validate::required_text(&mut e, "deduplicationKey", k, MAX_DEDUP_KEY);
        }
        for (k, v) in &self.template_fields {
            if k.trim().is_empty() {
                add_field_error(
                    &mut e,
                    "templateFields",
                    FieldError::new("field_name_blank", "a field name can't be blank"),
                );
            } else {
                validate::optional_text(&mut e, "templateFields", v, MAX_FREE_TEXT);
            }
        }
        opt_text(&mut e, "createdBy", &self.created_by, MAX_FREE_TEXT);
        done(e)
    }
}

/// A contact to register on an envelope: signer, approver or notified (SIGNIO 6.7).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NewSigner {
    /// At most 50 characters.
    pub name: String,
    /// One of [`IDENTITY_TYPES`].
    pub identity_type: String,
    /// At most 20 characters.
    pub identity: String,
    /// At most 50 characters.
    pub email: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approver: Option<bool>,
    /// Digital (true) or electronic (false) signature.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digital_signature: Option<bool>,
    /// Natural person (true) or legal entity (false).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub natural_person: Option<bool>,
    /// At most 15 characters.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// Company legally represented; at most 45 characters.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// At most 5 characters (e.g. NIT).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_identity_type: Option<String>,
    /// At most 30 characters.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_identity: Option<String>,
    /// One of [`IDENTITY_SERVICES`].
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_service: Option<String>,
    /// Only [`ROLE_NOTIFIED`].
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// For notified contacts: states to notify, a subset of [`NOTIFIABLE_STATES`].
    pub notify_states: Vec<u8>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_comments: Option<bool>,
    /// `None`: the envelope's setting.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_premise_signature: Option<bool>,
    /// Roles used by metatag documents (e.g. `signer1`).
    pub operation_roles: Vec<String>,
}

impl NewSigner {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        validate::required_text(&mut e, "name", &self.name, MAX_SIGNER_NAME);
        if self.identity_type.trim().is_empty() {
            add_field_error(&mut e, "identityType", validate::blank());
        } else {
            one_of(&mut e, "identityType", &self.identity_type, IDENTITY_TYPES);
        }
        validate::required_text(&mut e, "identity", &self.identity, MAX_IDENTITY);
        validate::email(&mut e, "email", &self.email);
        if !e.contains_key("email") {
            validate::optional_text(&mut e, "email", &self.email, MAX_SIGNER_EMAIL);
        }
        if let Some(m) = &self.mobile {
            validate::optional_text(&mut e, "mobile", m, MAX_MOBILE);
            if !e.contains_key("mobile") && !m.is_empty() {
                let body = m.strip_prefix('+').unwrap_or(m);
                if !body
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
                {
                    add_field_error(
                        &mut e,
                        "mobile",
                        FieldError::new(
                            "phone_chars",
                            "may only contain digits, spaces, '-' and a leading '+'",
                        ),
                    );
                }
            }
        }
        opt_text(&mut e, "companyName", &self.company_name, MAX_COMPANY_NAME);
        opt_text(
            &mut e,
            "companyIdentityType",
            &self.company_identity_type,
            MAX_COMPANY_IDENTITY_TYPE,
        );
        opt_text(
            &mut e,
            "companyIdentity",
            &self.company_identity,
            MAX_COMPANY_IDENTITY,
        );
        if let Some(s) = &self.identity_service {
            one_of(&mut e, "identityService", s, IDENTITY_SERVICES);
        }
        if let Some(r) = &self.role {
            one_of(&mut e, "role", r, &[ROLE_NOTIFIED]);
        }
        if let Some(bad) = self
            .notify_states
            .iter()
            .find(|s| !NOTIFIABLE_STATES.contains(s))
        {
            add_field_error(&mut e, "notifyStates", FieldError::new("not_notifiable_state", format!("{bad} is not a notifiable state (3 signed, 4 rejected, 6 suspended, 8 returned with observations)")).param("state", bad.to_string()));
        } else if !self.notify_states.is_empty() && self.role.as_deref() != Some(ROLE_NOTIFIED) {
            add_field_error(
                &mut e,
                "notifyStates",
                FieldError::new(
                    "notified_role_only",
                    format!("only applies to contacts with role {ROLE_NOTIFIED}"),
                )
                .param("role", ROLE_NOTIFIED),
            );
        }
        for r in &self.operation_roles {
            if r.trim().is_empty() || r.contains(',') {
                add_field_error(
                    &mut e,
                    "operationRoles",
                    FieldError::new("role_chars", "a role can't be blank or contain ','"),
                );
            }
        }
        done(e)
    }
}

/// A stamp (signature box) position on a page, in pixels, canvas coordinates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StampPosition {
    /// 1-based.
    pub page: u32,
    pub height: u32,
    pub width: u32,
    pub x: u32,
    pub y: u32,
}

/// Link a contact to a document, to sign it or as an attachment (SIGNIO 6.8).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SignerLink {
    pub signer_id: String,
    pub document_id: String,
    /// The document is an attachment for this contact (no stamp needed).
    pub attachment: bool,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<StampPosition>,
    pub stamps: Vec<StampPosition>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_role: Option<String>,
}

impl SignerLink {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        if let Err(m) = check_object_id(&self.signer_id) {
            add_field_error(&mut e, "signerId", m);
        }
        if let Err(m) = check_object_id(&self.document_id) {
            add_field_error(&mut e, "documentId", m);
        }
        let all = self.position.iter().chain(self.stamps.iter());
        for p in all {
            if p.page == 0 {
                add_field_error(
                    &mut e,
                    "position",
                    FieldError::new("page_from_1", "page numbers start at 1"),
                );
            }
        }
        if self.attachment && (self.position.is_some() || !self.stamps.is_empty()) {
            add_field_error(
                &mut e,
                "position",
                FieldError::new(
                    "attachment_no_position",
                    "an attachment has no stamp position",
                ),
            );
        }
        opt_text(&mut e, "operationRole", &self.operation_role, MAX_FREE_TEXT);
        done(e)
    }
}

/// Sort order of a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum EnvelopeSortField {
    Name,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeSort {
    pub field: EnvelopeSortField,
    pub descending: bool,
}

/// Search envelopes (SIGNIO 6.16): at most [`SEARCH_CAP`] from `offset`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct EnvelopeQuery {
    /// Case-insensitive "contains" on the name.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Updated at or after (RFC 3339 or `YYYY-MM-DD`).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Updated at or before.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Filterable: draft, sent, completed, declined, suspended.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<EnvelopeStatus>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<EnvelopeSort>,
    pub offset: u32,
}

impl EnvelopeQuery {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        opt_text(&mut e, "name", &self.name, MAX_ENVELOPE_NAME);
        for (field, v) in [("from", &self.from), ("to", &self.to)] {
            if let Some(v) = v {
                if !is_datetime(v) {
                    add_field_error(
                        &mut e,
                        field,
                        FieldError::new(
                            "invalid_datetime",
                            "must be a date (YYYY-MM-DD) or an RFC 3339 date-time",
                        ),
                    );
                }
            }
        }
        if let (Some(f), Some(t)) = (&self.from, &self.to) {
            if !e.contains_key("from") && !e.contains_key("to") && f.get(..10) > t.get(..10) {
                add_field_error(
                    &mut e,
                    "to",
                    FieldError::new("before_from", "is before `from`"),
                );
            }
        }
        if let Some(s) = self.status {
            if matches!(
                s,
                EnvelopeStatus::Returned | EnvelopeStatus::Expired | EnvelopeStatus::Unknown
            ) {
                add_field_error(
                    &mut e,
                    "status",
                    FieldError::new(
                        "status_filter",
                        format!(
                            "can't filter by {}: draft, sent, completed, declined or suspended",
                            s.as_str()
                        ),
                    )
                    .param("status", s.as_str()),
                );
            }
        }
        done(e)
    }
}

/// An electronic promissory note (TVE, "pagaré"; SIGNIO 6.22 / 6.23).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TveInput {
    /// `BLANK` or `SIMPLE`.
    pub kind: String,
    /// The TVE template id; `"0"` for an external PDF (needs `document` and
    /// `consecutive`). Ignored when editing.
    pub template_id: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// `YYYY-MM-DD`; required for SIMPLE.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    /// Required for SIMPLE.
    #[ts(optional, type = "number")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_way: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_place: Option<String>,
    /// A local PDF (streamed from disk); required when `templateId` is "0".
    #[ts(optional, as = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<PathBuf>,
    /// Required when `templateId` is "0".
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consecutive: Option<String>,
}

impl TveInput {
    fn common(&self, e: &mut FieldErrors) {
        if self.kind.is_empty() {
            add_field_error(e, "kind", validate::blank());
        } else {
            one_of(e, "kind", &self.kind, TVE_TYPES);
        }
        opt_text(e, "reference", &self.reference, MAX_FREE_TEXT);
        if self.kind == "SIMPLE" {
            match &self.expiration {
                None => {
                    add_field_error(
                        e,
                        "expiration",
                        FieldError::new("required_simple_note", "is required for a SIMPLE note"),
                    );
                }
                Some(d) if !is_date(d) => {
                    add_field_error(
                        e,
                        "expiration",
                        FieldError::new("invalid_date", "must be a date (YYYY-MM-DD)"),
                    );
                }
                _ => {}
            }
            match self.amount {
                None => {
                    add_field_error(
                        e,
                        "amount",
                        FieldError::new("required_simple_note", "is required for a SIMPLE note"),
                    );
                }
                Some(0) => {
                    add_field_error(
                        e,
                        "amount",
                        FieldError::new("more_than_0", "must be more than 0"),
                    );
                }
                _ => {}
            }
            for (field, v) in [
                ("paymentWay", &self.payment_way),
                ("paymentPlace", &self.payment_place),
            ] {
                match v {
                    Some(v) => validate::required_text(e, field, v, MAX_FREE_TEXT),
                    None => {
                        add_field_error(
                            e,
                            field,
                            FieldError::new(
                                "required_simple_note",
                                "is required for a SIMPLE note",
                            ),
                        );
                    }
                }
            }
        } else if let Some(d) = &self.expiration {
            if !is_date(d) {
                add_field_error(
                    e,
                    "expiration",
                    FieldError::new("invalid_date", "must be a date (YYYY-MM-DD)"),
                );
            }
        }
    }

    /// For uploading a new note (6.22).
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        self.common(&mut e);
        validate::required_text(&mut e, "templateId", &self.template_id, MAX_OBJECT_ID);
        if self.template_id.trim() == "0" {
            match &self.document {
                None => {
                    add_field_error(
                        &mut e,
                        "document",
                        FieldError::new(
                            "required_external_note",
                            "is required for an external note (template 0)",
                        ),
                    );
                }
                Some(p) => {
                    if let Err(m) = check_file(p, &["pdf"]) {
                        add_field_error(&mut e, "document", m);
                    }
                }
            }
            match &self.consecutive {
                Some(c) => validate::required_text(&mut e, "consecutive", c, MAX_OBJECT_ID),
                None => {
                    add_field_error(
                        &mut e,
                        "consecutive",
                        FieldError::new(
                            "required_external_note",
                            "is required for an external note (template 0)",
                        ),
                    );
                }
            }
        } else if self.document.is_some() {
            add_field_error(
                &mut e,
                "document",
                FieldError::new(
                    "external_note_file_only",
                    "only an external note (template 0) takes a file",
                ),
            );
        }
        done(e)
    }

    /// For editing an existing note (6.23): no template, file or consecutive.
    pub fn validate_edit(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        self.common(&mut e);
        if self.document.is_some() {
            add_field_error(
                &mut e,
                "document",
                FieldError::new("note_file_fixed", "a note's file can't be replaced"),
            );
        }
        done(e)
    }
}

/// A URL to sign on site (SIGNIO 6.24).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OnSiteSigning {
    pub envelope_id: String,
    /// The signer's identity type (e.g. CC).
    pub identity_type: String,
    pub identity: String,
    /// Straight into signing (true) or the envelope list filtered to it (false).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_signature: Option<bool>,
    /// `SCREEN` or `SHOW_OPTIONS`.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_delivery: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmation_url: Option<String>,
}

impl OnSiteSigning {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::new();
        if let Err(m) = check_envelope_id(&self.envelope_id) {
            add_field_error(&mut e, "envelopeId", m);
        }
        one_of(
            &mut e,
            "identityType",
            &self.identity_type,
            REPORTED_IDENTITY_TYPES,
        );
        validate::required_text(&mut e, "identity", &self.identity, MAX_IDENTITY);
        if let Some(t) = &self.token_delivery {
            one_of(&mut e, "tokenDelivery", t, OP_TOKEN_OPTIONS);
        }
        if let Some(u) = &self.confirmation_url {
            if let Err(m) = validate::base_url(u) {
                add_field_error(&mut e, "confirmationUrl", m);
            }
        }
        done(e)
    }
}

// ---------------------------------------------------------------- checks

/// An envelope id: a 36-character UUID (never "0", which means "failed").
pub fn check_envelope_id(id: &str) -> std::result::Result<(), FieldError> {
    if id.trim().is_empty() {
        return Err(validate::blank());
    }
    if id == "0" {
        return Err(FieldError::new("zero_id", "\"0\" is not an envelope id"));
    }
    let b = id.as_bytes();
    let ok = b.len() == ENVELOPE_ID_LEN
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "invalid_uuid",
            "must be a 36-character UUID",
        ))
    }
}

/// A document or signer id: 1 to 200 printable characters, never "0".
pub fn check_object_id(id: &str) -> std::result::Result<(), FieldError> {
    if id.trim().is_empty() {
        return Err(validate::blank());
    }
    if id == "0" {
        return Err(FieldError::new("zero_id", "\"0\" is not an id"));
    }
    let n = id.chars().count();
    if n > MAX_OBJECT_ID {
        return Err(validate::too_long(n, MAX_OBJECT_ID));
    }
    if id.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(FieldError::new(
            "id_chars",
            "contains spaces or control characters",
        ));
    }
    Ok(())
}

/// SIGNIO's envelope id, checked once when parsed ([`check_envelope_id`]).
pub type EnvelopeId = Id<EnvelopeIdKind>;
/// A document or signer id, checked once when parsed ([`check_object_id`]).
pub type ObjectId = Id<ObjectIdKind>;

pub enum EnvelopeIdKind {}
impl IdKind for EnvelopeIdKind {
    fn check(id: &str) -> std::result::Result<(), FieldError> {
        check_envelope_id(id)
    }
}

pub enum ObjectIdKind {}
impl IdKind for ObjectIdKind {
    fn check(id: &str) -> std::result::Result<(), FieldError> {
        check_object_id(id)
    }
}

/// `Err` with the field message unless the envelope id is well formed.
pub fn require_envelope_id(id: &str) -> Result<()> {
    check_envelope_id(id).map_err(|e| Error::invalid("envelopeId", e))
}

/// `Err` unless the document/signer id is well formed.
pub fn require_object_id(field: &str, id: &str) -> Result<()> {
    check_object_id(id).map_err(|e| Error::invalid(field, e))
}

/// The lowercase extension of `p`, if any.
pub fn extension(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// A file that can be uploaded: one of `allowed` types, an existing regular
/// file, readable, not empty. Returns its size.
pub fn check_file(p: &Path, allowed: &[&str]) -> std::result::Result<u64, FieldError> {
    let ext = extension(p);
    if !allowed.contains(&ext.as_str()) {
        let hint = if ext == "jpeg" {
            " (rename it to .jpg)"
        } else {
            ""
        };
        return Err(validate::file_type(allowed, &ext, hint));
    }
    validate::readable_file(p)
}

/// A document to upload (see [`DOCUMENT_TYPES`]); the error is on `field`.
pub fn require_document(field: &str, p: &Path) -> Result<u64> {
    check_file(p, DOCUMENT_TYPES).map_err(|e| Error::invalid(field, e))
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD`, a real calendar date.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return false;
    }
    if !parts.iter().all(|p| digits(p)) {
        return false;
    }
    let (y, m, d): (u32, u32, u32) = (
        parts[0].parse().unwrap_or(0),
        parts[1].parse().unwrap_or(0),
        parts[2].parse().unwrap_or(0),
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}

/// `YYYY-MM-DD`, or `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM]`.
pub fn is_datetime(s: &str) -> bool {
    if s.len() < 10 || !s.is_char_boundary(10) {
        return false;
    }
    let (date, rest) = s.split_at(10);
    if !is_date(date) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let Some(rest) = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) else {
        return false;
    };
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let zone_ok = zone.is_empty()
        || zone.eq_ignore_ascii_case("z")
        || (zone.len() == 6
            && zone.as_bytes()[3] == b':'
            && digits(&zone[1..3])
            && digits(&zone[4..6])
            && zone[1..3].parse::<u32>().unwrap_or(99) < 24);
    let (hms, frac) = match clock.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (clock, None),
    };
    let f: Vec<&str> = hms.split(':').collect();
    let clock_ok = (f.len() == 2 || f.len() == 3)
        && f.iter().all(|p| p.len() == 2 && digits(p))
        && f[0].parse::<u32>().unwrap_or(99) < 24
        && f[1].parse::<u32>().unwrap_or(99) < 60
        && f.get(2).is_none_or(|s| s.parse::<u32>().unwrap_or(99) < 61)
        && frac.is_none_or(digits);
    zone_ok && clock_ok
}

// ---------------------------------------------------------------- the trait

/// What every e-signature provider can do. Inputs are validated by the caller
/// (the service) with the `validate()` methods above before they reach an
/// adapter; adapters validate ids and files again (cheap, and nothing half
/// made reaches the provider) and map every provider error to [`Error`].
#[async_trait::async_trait]
pub trait Envelopes: Send + Sync {
    /// Search (at most [`SEARCH_CAP`] from `query.offset`).
    async fn search(&self, query: &EnvelopeQuery) -> Result<EnvelopePage>;
    /// Every envelope, optionally only those in one state.
    async fn list(&self, status: Option<EnvelopeStatus>) -> Result<Vec<Envelope>>;
    async fn get(&self, envelope_id: &str) -> Result<EnvelopeDetail>;
    /// Create a draft; returns its id.
    async fn create(&self, envelope: &NewEnvelope) -> Result<String>;
    /// Stream a local file into a draft; returns the document id.
    async fn upload_document(
        &self,
        envelope_id: &str,
        file: &Path,
        control: &TransferControl,
    ) -> Result<String>;
    /// Register a contact; returns its id.
    async fn add_signer(&self, envelope_id: &str, signer: &NewSigner) -> Result<String>;
    async fn link(&self, envelope_id: &str, link: &SignerLink) -> Result<()>;
    async fn set_signer_order(&self, envelope_id: &str, signer_id: &str, order: u32) -> Result<()>;
    /// Send a draft out for signature.
    async fn send(&self, envelope_id: &str) -> Result<()>;
    /// Take a sent envelope back to draft.
    async fn return_to_draft(&self, envelope_id: &str) -> Result<()>;
    /// Delete a draft.
    async fn delete(&self, envelope_id: &str) -> Result<()>;
    async fn templates(&self) -> Result<Vec<Template>>;
    async fn template_fields(&self, envelope_id: &str) -> Result<Vec<TemplateField>>;
    async fn apply_template(
        &self,
        envelope_id: &str,
        template_id: u64,
        fields: &BTreeMap<String, String>,
    ) -> Result<TemplateDocument>;
    async fn update_template_values(
        &self,
        envelope_id: &str,
        document_id: &str,
        fields: &BTreeMap<String, String>,
    ) -> Result<TemplateDocument>;
    /// Mark (or unmark) a document protected.
    async fn protect_document(&self, document_id: &str, protect: bool) -> Result<()>;
    /// Stream a (signed) document to `dest`: into a temporary file beside it,
    /// flushed, then renamed; never a partial file. Refuses protected documents.
    async fn export_document(
        &self,
        envelope_id: &str,
        document_id: &str,
        dest: &Path,
        control: &TransferControl,
    ) -> Result<ExportedDocument>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use ventanilla_core::ErrorCode;

    fn fields(r: Result<()>) -> FieldErrors {
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        e.fields.unwrap_or_default()
    }

    fn signer() -> NewSigner {
        NewSigner {
            name: "Lucía Fernández".into(),
            identity_type: "CC".into(),
            identity: "1020304050".into(),
            email: "lucia@ejemplo.co".into(),
            ..Default::default()
        }
    }

    #[test]
    fn envelope_name_limit_is_255_characters() {
        let mut e = NewEnvelope {
            name: "ñ".repeat(255),
            ..Default::default()
        };
        e.validate().unwrap();
        e.name.push('a');
        assert!(fields(e.validate())["name"].message.contains("max 255"));
        e.name = "  ".into();
        assert_eq!(fields(e.validate())["name"].code, "blank");
    }

    #[test]
    fn dedup_key_photo_cc_and_tags() {
        let mut e = NewEnvelope {
            name: "Contrato".into(),
            deduplication_key: Some("k".repeat(36)),
            photo: Some("OB".into()),
            cc: vec!["a@b.co".into()],
            tags: vec!["Ventas".into()],
            ..Default::default()
        };
        e.validate().unwrap();
        e.deduplication_key = Some("k".repeat(37));
        e.photo = Some("SI".into());
        e.cc.push("no-es-correo".into());
        e.tags.push("a;b".into());
        let f = fields(e.validate());
        assert!(f["deduplicationKey"].message.contains("max 36"));
        assert!(f["photo"].message.contains("NO, OP, OB"));
        assert!(f["cc"].message.contains("address 2"));
        assert!(f.contains_key("tags"));
    }

    #[test]
    fn signer_limits_at_the_boundary_and_one_over() {
        let mut s = signer();
        s.name = "n".repeat(50);
        s.identity = "9".repeat(20);
        s.email = format!("{}@ejemplo.co", "a".repeat(39));
        assert_eq!(s.email.len(), 50);
        s.mobile = Some("3".repeat(15));
        s.company_name = Some("c".repeat(45));
        s.company_identity_type = Some("NIT".into());
        s.company_identity = Some("1".repeat(30));
        s.validate().unwrap();
        s.name.push('n');
        s.identity.push('9');
        s.email = format!("{}@ejemplo.co", "a".repeat(40));
        s.mobile = Some("3".repeat(16));
        s.company_name = Some("c".repeat(46));
        s.company_identity_type = Some("NITXX1".into());
        s.company_identity = Some("1".repeat(31));
        let f = fields(s.validate());
        for k in [
            "name",
            "identity",
            "email",
            "mobile",
            "companyName",
            "companyIdentityType",
            "companyIdentity",
        ] {
            assert!(f[k].message.contains("too long"), "{k}: {f:?}");
        }
    }

    #[test]
    fn signer_enums() {
        for t in IDENTITY_TYPES {
            NewSigner {
                identity_type: t.to_string(),
                ..signer()
            }
            .validate()
            .unwrap();
        }
        let mut s = signer();
        s.identity_type = "XX".into();
        s.identity_service = Some("equifax".into());
        s.role = Some("Firmante".into());
        s.email = "sin-arroba".into();
        let f = fields(s.validate());
        assert!(f["identityType"].message.contains("CC, CD"));
        assert!(f["identityService"]
            .message
            .contains("basic, experian, experian_lite"));
        assert!(f["role"].message.contains("Notificado"));
        assert!(f["email"].message.contains("e-mail"));
    }

    #[test]
    fn notify_states_need_the_notified_role_and_valid_states() {
        let mut s = signer();
        s.notify_states = vec![3, 8];
        assert!(fields(s.validate())["notifyStates"]
            .message
            .contains("role Notificado"));
        s.role = Some(ROLE_NOTIFIED.into());
        s.validate().unwrap();
        s.notify_states = vec![2];
        assert!(fields(s.validate())["notifyStates"]
            .message
            .contains("2 is not"));
    }

    #[test]
    fn ids() {
        assert!(check_envelope_id("0b6c7a3e-3f2d-4f7a-9d0e-1a2b3c4d5e6f").is_ok());
        assert!(check_envelope_id("0").is_err());
        assert!(check_envelope_id("0b6c7a3e3f2d4f7a9d0e1a2b3c4d5e6f").is_err());
        assert!(check_object_id(&"d".repeat(200)).is_ok());
        assert!(check_object_id(&"d".repeat(201)).is_err());
        assert!(check_object_id("0").is_err());
    }

    #[test]
    fn files() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("contrato.PDF");
        std::fs::write(&ok, b"%PDF-1.7").unwrap();
        assert_eq!(check_file(&ok, DOCUMENT_TYPES), Ok(8));
        let empty = dir.path().join("vacio.pdf");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(
            check_file(&empty, DOCUMENT_TYPES).unwrap_err().code,
            "file_empty"
        );
        let jpeg = dir.path().join("foto.jpeg");
        std::fs::write(&jpeg, b"x").unwrap();
        let e = check_file(&jpeg, DOCUMENT_TYPES).unwrap_err();
        assert_eq!(e.code, "file_type");
        assert!(e.message.contains(".jpg"));
        let e = check_file(&dir.path().join("no.pdf"), DOCUMENT_TYPES).unwrap_err();
        assert_eq!(e.code, "file_unreadable");
        assert!(check_file(dir.path(), &["pdf", ""]).is_err());
    }

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        for ok in [
            "2024-05-01",
            "2024-05-01T10:20:30Z",
            "2024-05-01 10:20",
            "2024-05-01T10:20:30.123-05:00",
        ] {
            assert!(is_datetime(ok), "{ok}");
        }
        for bad in [
            "2024-5-1",
            "ayer",
            "2024-05-01T25:00:00Z",
            "2024-05-01T10:20:30+5",
        ] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn query_rules() {
        EnvelopeQuery {
            from: Some("2024-01-01".into()),
            to: Some("2024-12-31T23:59:59Z".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let f = fields(
            EnvelopeQuery {
                from: Some("2024-12-01".into()),
                to: Some("2024-01-01".into()),
                status: Some(EnvelopeStatus::Returned),
                ..Default::default()
            }
            .validate(),
        );
        assert!(f.contains_key("to") && f.contains_key("status"));
    }

    #[test]
    fn tve_rules() {
        let simple = TveInput {
            kind: "SIMPLE".into(),
            template_id: "15".into(),
            expiration: Some("2025-12-31".into()),
            amount: Some(1_500_000),
            payment_way: Some("Transferencia".into()),
            payment_place: Some("Bogotá".into()),
            ..Default::default()
        };
        simple.validate().unwrap();
        let f = fields(
            TveInput {
                kind: "SIMPLE".into(),
                template_id: "0".into(),
                ..Default::default()
            }
            .validate(),
        );
        for k in [
            "expiration",
            "amount",
            "paymentWay",
            "paymentPlace",
            "document",
            "consecutive",
        ] {
            assert!(f.contains_key(k), "{k}");
        }
        let f = fields(
            TveInput {
                kind: "OTRO".into(),
                template_id: "3".into(),
                ..Default::default()
            }
            .validate(),
        );
        assert!(f["kind"].message.contains("BLANK, SIMPLE"));
        TveInput {
            kind: "BLANK".into(),
            ..Default::default()
        }
        .validate_edit()
        .unwrap();
    }

    #[test]
    fn link_rules() {
        let l = SignerLink {
            signer_id: "s1".into(),
            document_id: "d1".into(),
            attachment: true,
            position: Some(StampPosition {
                page: 1,
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(fields(l.validate()).contains_key("position"));
        let l = SignerLink {
            signer_id: "0".into(),
            document_id: "d".repeat(201),
            ..Default::default()
        };
        let f = fields(l.validate());
        assert!(f.contains_key("signerId") && f.contains_key("documentId"));
    }
}

// ---------------------------------------------------------------- account and links

/// A label envelopes can be classified with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
}

/// A tenant (client account, SIGNIO 6.21) the credentials can work in, and until when its
/// token is valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantAccess {
    pub tenant: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A link that logs the requester into the envelope (edit when draft, view
/// otherwise; SIGNIO 6.20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MagicLink {
    pub url: String,
    /// RFC 3339, UTC (SIGNIO: 30 minutes after it was asked for).
    pub expires_at: String,
}
