//! #15–#17: SAT keys, sync and data; and the SAT credentials #9 shares.
//! The .key and .cer are read from the files the user chose and
//! base64-encoded here; their bytes and the password go to DynamiCore and
//! nowhere else (no history, log, reply or error).

use base64::Engine;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Host, Op, OpKind};
use ventanilla_core::{validate, Error, Result, SecretString};

use super::catalog::plain_call;
use super::first_text;
use crate::ops::*;
use crate::rules;
use crate::spec::Dynamicore;
use crate::DynamicoreClient;

/// Largest .key or .cer accepted (ours: real ones are 1–3 KiB).
pub const SAT_FILE_MAX: u64 = 64 * 1024;

/// The e.firma files, as references the host resolves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SatFileRefs {
    /// The .key file (e.firma).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long, value_name = "FILE"))]
    pub key: Option<String>,
    /// The .cer file (e.firma).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long, value_name = "FILE"))]
    pub cer: Option<String>,
}

impl SatFileRefs {
    fn each(&self) -> [(&'static str, Option<&str>); 2] {
        [("key", given(&self.key)), ("cer", given(&self.cer))]
    }
}

/// The checks that need no file: `type` is ciec or efirma, the password is
/// given, and e.firma has both files (DYNAMICORE 1.3 #15).
pub(crate) fn check_sat(
    errs: &mut FieldErrors,
    sat_type: &str,
    password: &SecretString,
    files: &SatFileRefs,
) {
    rules::one_of(errs, "type", sat_type, rules::SAT_TYPES);
    if password.is_blank() {
        add_field_error(errs, "password", validate::blank());
    }
    if sat_type.trim() == "efirma" {
        for (field, f) in files.each() {
            if f.is_none() {
                let e = FieldError::new("sat_file_required", "is required for e.firma");
                add_field_error(errs, field, e);
            }
        }
    }
}

/// `validate`, `validate_with` and `secrets` of a request that carries SAT
/// credentials: its own `errors()`, then its `files` (through the host);
/// the password is scrubbed wherever it could show.
macro_rules! sat_checks {
    () => {
        fn validate(&self) -> Result<()> {
            finish(self.errors())
        }
        fn validate_with(&self, host: &dyn ventanilla_core::op::Host) -> Result<()> {
            $crate::calls::sat::finish_with_sat_files(self.errors(), host, &self.files)
        }
        fn secrets(&self) -> Vec<&str> {
            vec![self.password.expose()]
        }
    };
}
pub(crate) use sat_checks;

/// `errs` plus each given file checked (it exists, is not empty and is
/// small enough), as the result of a SAT request's `validate_with`.
pub(crate) fn finish_with_sat_files(
    mut errs: FieldErrors,
    host: &dyn Host,
    files: &SatFileRefs,
) -> Result<()> {
    for (field, f) in files.each() {
        let Some(reference) = f else { continue };
        if let Err(e) = sat_file(host, reference) {
            add_field_error(&mut errs, field, e);
        }
    }
    finish(errs)
}

/// The file's path, checked (readable, not empty, at most [`SAT_FILE_MAX`]).
fn sat_file(
    host: &dyn Host,
    reference: &str,
) -> std::result::Result<std::path::PathBuf, FieldError> {
    let path = super::files::host_file(host, reference)?;
    let size = validate::readable_file(&path)?;
    if size > SAT_FILE_MAX {
        return Err(FieldError::new(
            "sat_file_too_large",
            format!("is {size} bytes; a SAT .key or .cer is at most {SAT_FILE_MAX}"),
        )
        .param("size", size)
        .param("max", SAT_FILE_MAX));
    }
    Ok(path)
}

/// The wire credentials: the files read and base64-encoded (e.firma only).
pub(crate) fn read_credentials(
    host: &dyn Host,
    sat_type: String,
    password: SecretString,
    files: &SatFileRefs,
) -> Result<SatCredentials> {
    let efirma = sat_type.trim() == "efirma";
    let read = |field: &str, reference: Option<&str>| -> Result<Option<String>> {
        let Some(reference) = reference.filter(|_| efirma) else {
            return Ok(None);
        };
        let path = sat_file(host, reference).map_err(|e| Error::invalid(field, e))?;
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::io(&format!("cannot read the .{field} file"), &e))?;
        Ok(Some(
            base64::engine::general_purpose::STANDARD.encode(bytes),
        ))
    };
    let [(_, key), (_, cer)] = files.each();
    Ok(SatCredentials {
        sat_type,
        password,
        key: read("key", key)?.map(SecretString::new),
        cer: read("cer", cer)?,
    })
}

/// #15: load a client's SAT keys. `ciec` needs the password; `efirma` the
/// password, the .key and the .cer. The password is never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct SatKeysRequest {
    #[cfg_attr(feature = "cli", arg(long, value_name = "CLIENT"))]
    pub client: NumId,
    /// `ciec` or `efirma`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "cli", arg(long = "type", value_name = "ciec|efirma"))]
    pub sat_type: String,
    /// The SAT password: never stored, never recorded (the CLI's
    /// `--password-stdin`).
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "cli", arg(skip))]
    pub password: SecretString,
    #[serde(flatten)]
    #[cfg_attr(feature = "cli", command(flatten))]
    pub files: SatFileRefs,
}

impl SatKeysRequest {
    fn errors(&self) -> FieldErrors {
        let mut errs = FieldErrors::new();
        check_sat(&mut errs, &self.sat_type, &self.password, &self.files);
        errs
    }
}

impl Op for SatKeysRequest {
    const NAME: &'static str = "sat.keys";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #15";
    type Output = Listing;

    sat_checks!();
    fn target(&self) -> String {
        format!("SAT keys of client {}", self.client)
    }
    /// `sat_keys_loaded`: the credential type (never a value).
    fn summary(&self, _: &Listing) -> Summary {
        let kind = self.sat_type.trim();
        Summary::new(
            "sat_keys_loaded",
            format!("{kind} keys loaded for client {}", self.client),
        )
        .param("kind", kind)
        .param("client", self.client.as_str())
    }
}

impl Call<Dynamicore> for SatKeysRequest {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<Listing>> {
        Box::pin(async move {
            let credentials = read_credentials(
                cx.host,
                self.sat_type.trim().to_string(),
                self.password.clone(),
                &self.files,
            )?;
            let input = SatKeysInput {
                client: self.client.clone(),
                credentials,
            };
            let key = input
                .credentials
                .key
                .as_ref()
                .map(|k| k.expose().to_owned());
            let cer = input.credentials.cer.clone();
            let secrets: Vec<&str> = [Some(self.password.expose()), key.as_deref(), cer.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            cx.api
                .call(&input)
                .await
                .map_err(|e| cx.api.scrub(e, &secrets))
        })
    }
}

plain_call!(SatSyncInput, SatDataInput);

impl Op for SatSyncInput {
    const NAME: &'static str = "sat.sync";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #16";
    type Output = Listing;

    own_checks!();
    fn target(&self) -> String {
        format!("SAT data of client {}", self.client)
    }
    /// `sat_sync_queued`: the range asked for (DynamiCore syncs later).
    fn summary(&self, l: &Listing) -> Summary {
        let (start, end) = (self.start.trim(), self.end.trim());
        let status = first_text(l, "status");
        Summary::new(
            "sat_sync_queued",
            format!("SAT sync {start} → {end}: {status}"),
        )
        .param("start", start)
        .param("end", end)
        .param("status", status)
    }
}

impl Op for SatDataInput {
    const NAME: &'static str = "sat.data";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #17";
    type Output = Listing;

    own_checks!();
    fn target(&self) -> String {
        format!("SAT data of client {}", self.client)
    }
    /// `sat_invoices`: this page's invoices of the total.
    fn summary(&self, l: &Listing) -> Summary {
        let n = l.data.len();
        Summary::new("sat_invoices", format!("{n} of {} invoices", l.total))
            .param("count", n)
            .param("total", l.total)
    }
}
