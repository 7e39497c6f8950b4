//! #5–#10: clients, their documents, SAT data and credit score
//! (DYNAMICORE 1.3). Create, update and list share `/private/clients`
//! (1.5 #7); PII travels as a nested `pii` object (1.5 #3).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::{validate, Result, SecretString};

use super::{finish, given, FieldKey, Input, NumId, Outgoing};
use crate::rules::{self, TEXT_MAX};
use crate::settings::Operation;

/// The PII object (`pii[firstname]` …) of #5 and #6.
#[derive(Serialize)]
struct Pii<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    firstname: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lastname: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rfc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
}

/// #5: create a client.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientCreateInput {
    /// The client type's id (e.g. "17").
    #[cfg_attr(feature = "cli", arg(long))]
    pub client_type: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub first_name: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub last_name: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub rfc: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub email: String,
}

impl Input for ClientCreateInput {
    const OP: Operation = Operation::ClientCreate;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        numeric(&mut errs, "clientType", &self.client_type);
        validate::required_text(&mut errs, "firstName", &self.first_name, TEXT_MAX);
        validate::required_text(&mut errs, "lastName", &self.last_name, TEXT_MAX);
        rules::rfc(&mut errs, "rfc", &self.rfc);
        validate::email(&mut errs, "email", &self.email);
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        #[derive(Serialize)]
        struct Body<'a> {
            client_type: &'a str,
            pii: Pii<'a>,
        }
        Outgoing::json(&Body {
            client_type: self.client_type.trim(),
            pii: Pii {
                firstname: Some(self.first_name.trim()),
                lastname: Some(self.last_name.trim()),
                rfc: Some(rules::normalize_rfc(&self.rfc)),
                email: Some(self.email.trim()),
            },
        })
    }
}

/// A numeric id given as text (`clientType`, `product`).
pub(crate) fn numeric(errs: &mut FieldErrors, field: &str, v: &str) {
    if v.trim().is_empty() {
        add_field_error(errs, field, validate::blank());
    } else if let Err(e) = NumId::new(v) {
        add_field_error(errs, field, e);
    }
}

/// #6: update a client; only the fields given are sent.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientUpdateInput {
    #[cfg_attr(feature = "cli", arg(value_name = "ID"))]
    pub id: NumId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub rfc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub email: Option<String>,
}

impl Input for ClientUpdateInput {
    const OP: Operation = Operation::ClientUpdate;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        if let Some(v) = &self.first_name {
            validate::required_text(&mut errs, "firstName", v, TEXT_MAX);
        }
        if let Some(v) = &self.last_name {
            validate::required_text(&mut errs, "lastName", v, TEXT_MAX);
        }
        if let Some(v) = &self.rfc {
            rules::rfc(&mut errs, "rfc", v);
        }
        if let Some(v) = &self.email {
            validate::email(&mut errs, "email", v);
        }
        let any = [&self.first_name, &self.last_name, &self.rfc, &self.email]
            .iter()
            .any(|f| f.is_some());
        if !any {
            let e = FieldError::new("nothing_to_change", "nothing to change");
            add_field_error(&mut errs, "id", e);
        }
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        #[derive(Serialize)]
        struct Body<'a> {
            id: &'a str,
            pii: Pii<'a>,
        }
        Outgoing::json(&Body {
            id: self.id.as_str(),
            pii: Pii {
                firstname: given(&self.first_name),
                lastname: given(&self.last_name),
                rfc: given(&self.rfc).map(rules::normalize_rfc),
                email: given(&self.email),
            },
        })
    }
}

/// #7: every client, or the one with `id` (a query parameter, 1.5 #2).
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientListInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub id: Option<NumId>,
}

impl Input for ClientListInput {
    const OP: Operation = Operation::ClientList;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        Outgoing {
            query: self.id.iter().map(|i| ("id", i.to_string())).collect(),
            ..Outgoing::default()
        }
    }
}

/// Most files one upload takes (ours: the seed says "Array of files").
pub const MAX_FILES: usize = 20;

/// #8: upload one or more files into a client's PII field (multipart,
/// DYNAMICORE 1.5 #5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileUploadInput {
    pub client_id: NumId,
    pub field: FieldKey,
    #[ts(type = "string[]")]
    pub files: Vec<PathBuf>,
}

impl FileUploadInput {
    pub fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        if self.files.is_empty() {
            add_field_error(
                &mut errs,
                "files",
                FieldError::new("files_required", "give at least one file"),
            );
        } else if self.files.len() > MAX_FILES {
            let e = FieldError::new("files_max", format!("at most {MAX_FILES} files at once"))
                .param("max", MAX_FILES);
            add_field_error(&mut errs, "files", e);
        }
        for f in &self.files {
            if let Err(e) = validate::readable_file(f) {
                add_field_error(&mut errs, "files", e);
            }
        }
        finish(errs)
    }
}

/// The SAT credentials of #9 and #15: `ciec` needs the password, `efirma`
/// the password, the .key and the .cer (DYNAMICORE 1.3 #15).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SatCredentials {
    /// `ciec` or `efirma`.
    #[serde(rename = "type")]
    pub sat_type: String,
    pub password: SecretString,
    /// The .key file, base64 (or a data URI).
    #[serde(default)]
    #[ts(optional)]
    pub key: Option<SecretString>,
    /// The .cer file, base64 (or a data URI).
    #[serde(default)]
    #[ts(optional)]
    pub cer: Option<String>,
}

impl SatCredentials {
    pub(crate) fn check(&self, errs: &mut FieldErrors) {
        rules::one_of(errs, "type", &self.sat_type, rules::SAT_TYPES);
        if self.password.is_blank() {
            add_field_error(errs, "password", validate::blank());
        }
        if self.sat_type.trim() == "efirma" {
            match &self.key {
                Some(k) if !k.is_blank() => rules::base64_file(errs, "key", k.expose()),
                _ => add_field_error(errs, "key", sat_file_required()),
            }
            match &self.cer {
                Some(c) if !c.trim().is_empty() => rules::base64_file(errs, "cer", c),
                _ => add_field_error(errs, "cer", sat_file_required()),
            }
        }
    }

    /// The wire fields, in the seed's order (`type`, `pas`, `key`, `cer`).
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![
            ("type", self.sat_type.trim().to_string()),
            ("pas", self.password.expose().to_string()),
        ];
        if self.sat_type.trim() == "efirma" {
            v.extend(
                self.key
                    .as_ref()
                    .map(|k| ("key", k.expose().trim().to_string())),
            );
            v.extend(self.cer.as_ref().map(|c| ("cer", c.trim().to_string())));
        }
        v
    }
}

/// `sat_file_required`: e.firma needs its .key and .cer files.
fn sat_file_required() -> FieldError {
    FieldError::new("sat_file_required", "is required for e.firma")
}

/// #9: a client's SAT data. The seed sends the credentials as a GET body;
/// they go as query parameters (DYNAMICORE 1.5 #2).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientSatInput {
    pub client_id: NumId,
    pub rfc: String,
    #[serde(flatten)]
    pub credentials: SatCredentials,
}

impl Input for ClientSatInput {
    const OP: Operation = Operation::ClientSat;
    fn validate(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        rules::rfc(&mut errs, "rfc", &self.rfc);
        self.credentials.check(&mut errs);
        finish(errs)
    }
    fn outgoing(&self) -> Outgoing {
        // The seed's order: cer, key, pas, rfc, type.
        let mut q = self.credentials.pairs();
        q.push(("rfc", rules::normalize_rfc(&self.rfc)));
        let order = ["cer", "key", "pas", "rfc", "type"];
        q.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
        Outgoing {
            vars: vec![("client_id", self.client_id.to_string())],
            query: q,
            body: None,
        }
    }
}

/// #10: a client's credit score.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientScoreInput {
    #[cfg_attr(feature = "cli", arg(value_name = "ID"))]
    pub client_id: NumId,
}

impl Input for ClientScoreInput {
    const OP: Operation = Operation::ClientScore;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        Outgoing {
            vars: vec![("client_id", self.client_id.to_string())],
            ..Outgoing::default()
        }
    }
}
