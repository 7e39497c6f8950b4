//! #18–#19: Mifiel e-signature documents (DYNAMICORE 1.3, 1.4 "Mifiel
//! flow"). The file is first uploaded into a client field with #8.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::{validate, Result};

use super::{finish, given, FieldKey, Input, NumId, Outgoing, Reference};
use crate::rules::{self, TEXT_MAX};
use crate::settings::Operation;

/// Ours, a sanity cap on signers and viewers.
pub const MAX_PEOPLE: usize = 50;
/// Longest note to the signers (ours: the seed gives no limit).
pub const MESSAGE_MAX: usize = 1000;

/// Someone who signs: name, e-mail and RFC (`tax_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Signatory {
    pub name: String,
    pub email: String,
    pub tax_id: String,
}

/// Someone notified of each signature, who gets the signed copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Viewer {
    pub name: String,
    pub email: String,
}

/// `NAME <EMAIL>` and what follows it, as the command line writes a person.
fn split_person(s: &str) -> std::result::Result<(String, String, String), String> {
    let (name, rest) = s
        .split_once('<')
        .ok_or_else(|| format!("{s:?} is not NAME <EMAIL>"))?;
    let (email, after) = rest
        .split_once('>')
        .ok_or_else(|| format!("{s:?} is not NAME <EMAIL>: no closing '>'"))?;
    Ok((
        name.trim().to_string(),
        email.trim().to_string(),
        after.trim().to_string(),
    ))
}

/// `NAME <EMAIL> RFC` (the CLI's `--signer`); the parts are checked by
/// [`MifielCreateInput`]'s validation, with field errors.
impl std::str::FromStr for Signatory {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (name, email, tax_id) = split_person(s)?;
        Ok(Signatory {
            name,
            email,
            tax_id,
        })
    }
}

/// `NAME <EMAIL>` (the CLI's `--viewer`).
impl std::str::FromStr for Viewer {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (name, email, rest) = split_person(s)?;
        if !rest.is_empty() {
            return Err(format!("{s:?}: a viewer is NAME <EMAIL>, nothing after it"));
        }
        Ok(Viewer { name, email })
    }
}

/// #18: send a client's uploaded document to be signed.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MifielCreateInput {
    #[cfg_attr(feature = "cli", arg(long = "client", value_name = "CLIENT"))]
    pub client_id: NumId,
    /// The PII field the file was uploaded into.
    #[cfg_attr(feature = "cli", arg(long))]
    pub field: FieldKey,
    /// `"NAME <EMAIL> RFC"` on the command line.
    #[cfg_attr(feature = "cli", arg(long = "signer", value_name = "NAME <EMAIL> RFC"))]
    pub signatories: Vec<Signatory>,
    /// `"NAME <EMAIL>"` on the command line.
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(long = "viewer", value_name = "NAME <EMAIL>"))]
    pub viewers: Vec<Viewer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub external_id: Option<String>,
    /// Days until the document expires (request field `day_to_expire`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    #[cfg_attr(feature = "cli", arg(long))]
    pub days_to_expire: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    #[cfg_attr(feature = "cli", arg(long))]
    pub remind_every: Option<u64>,
    /// A note the signers read with the invitation (`message_for_signers`:
    /// in the seed's #18 request example, not in its field table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long = "message", value_name = "TEXT"))]
    pub message_for_signers: Option<String>,
    /// Mifiel e-mails the signers; `false`: they sign in the widget.
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub send_invites: bool,
}

fn people_count(errs: &mut FieldErrors, field: &str, n: usize, required: bool) {
    if required && n == 0 {
        let e = FieldError::new("signatories_required", "give at least one signatory");
        add_field_error(errs, field, e);
    } else if n > MAX_PEOPLE {
        let e =
            FieldError::new("people_max", format!("at most {MAX_PEOPLE}")).param("max", MAX_PEOPLE);
        add_field_error(errs, field, e);
    }
}

impl Input for MifielCreateInput {
    const OP: Operation = Operation::MifielCreate;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        people_count(&mut errs, "signatories", self.signatories.len(), true);
        for (i, s) in self.signatories.iter().enumerate() {
            let f = |k: &str| format!("signatories.{i}.{k}");
            validate::required_text(&mut errs, &f("name"), &s.name, TEXT_MAX);
            validate::email(&mut errs, &f("email"), &s.email);
            rules::rfc(&mut errs, &f("taxId"), &s.tax_id);
        }
        people_count(&mut errs, "viewers", self.viewers.len(), false);
        for (i, v) in self.viewers.iter().enumerate() {
            validate::required_text(&mut errs, &format!("viewers.{i}.name"), &v.name, TEXT_MAX);
            validate::email(&mut errs, &format!("viewers.{i}.email"), &v.email);
        }
        if let Some(x) = &self.external_id {
            validate::optional_text(&mut errs, "externalId", x, TEXT_MAX);
        }
        if let Some(m) = &self.message_for_signers {
            validate::optional_text(&mut errs, "messageForSigners", m, MESSAGE_MAX);
        }
        rules::positive(&mut errs, "daysToExpire", self.days_to_expire);
        rules::positive(&mut errs, "remindEvery", self.remind_every);
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        #[derive(Serialize)]
        struct Person<'a> {
            name: &'a str,
            email: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            tax_id: Option<String>,
        }
        #[derive(Serialize)]
        struct Body<'a> {
            id: &'a str,
            #[serde(rename = "type")]
            kind: &'static str,
            field: &'a str,
            signatories: Vec<Person<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            external_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            day_to_expire: Option<u64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            message_for_signers: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            remind_every: Option<u64>,
            send_invites: bool,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            viewers: Vec<Person<'a>>,
        }
        Outgoing::json(&Body {
            id: self.client_id.as_str(),
            kind: "client",
            field: self.field.as_str(),
            signatories: self
                .signatories
                .iter()
                .map(|s| Person {
                    name: s.name.trim(),
                    email: s.email.trim(),
                    tax_id: Some(rules::normalize_rfc(&s.tax_id)),
                })
                .collect(),
            external_id: given(&self.external_id),
            day_to_expire: self.days_to_expire,
            message_for_signers: given(&self.message_for_signers),
            remind_every: self.remind_every,
            send_invites: self.send_invites,
            viewers: self
                .viewers
                .iter()
                .map(|v| Person {
                    name: v.name.trim(),
                    email: v.email.trim(),
                    tax_id: None,
                })
                .collect(),
        })
    }
}

/// #19: a Mifiel document by the `reference` #18 returned.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MifielGetInput {
    #[cfg_attr(feature = "cli", arg(value_name = "REFERENCE"))]
    pub reference: Reference,
}

impl Input for MifielGetInput {
    const OP: Operation = Operation::MifielGet;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        Outgoing {
            vars: vec![("id", self.reference.to_string())],
            ..Outgoing::default()
        }
    }
}
