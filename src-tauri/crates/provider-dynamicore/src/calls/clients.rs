//! #5–#7, #9, #10: clients, their SAT data and credit score.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::FieldErrors;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::{Result, SecretString};

use super::catalog::plain_call;
use super::sat::{check_sat, read_credentials, sat_checks, SatFileRefs};
use super::{count, first_text};
use crate::ops::*;
use crate::rules;
use crate::spec::Dynamicore;
use crate::DynamicoreClient;

plain_call!(
    ClientCreateInput,
    ClientUpdateInput,
    ClientListInput,
    ClientScoreInput
);

impl Op for ClientCreateInput {
    const NAME: &'static str = "client.create";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #5";
    type Output = Listing;

    own_checks!();
    fn target(&self) -> String {
        format!("client {}", rules::normalize_rfc(&self.rfc))
    }
    /// `client_created`: name, RFC and the new id.
    fn summary(&self, l: &Listing) -> Summary {
        let name = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        let (rfc, id) = (rules::normalize_rfc(&self.rfc), first_text(l, "id"));
        Summary::new("client_created", format!("{name} · {rfc} → client {id}"))
            .param("name", name)
            .param("rfc", rfc)
            .param("id", id)
    }
}

impl Op for ClientUpdateInput {
    const NAME: &'static str = "client.update";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #6";
    type Output = Listing;

    own_checks!();
    fn target(&self) -> String {
        format!("client {}", self.id)
    }
    /// `client_updated`: the id and `changed`, the input fields sent.
    fn summary(&self, _: &Listing) -> Summary {
        let changed: Vec<&str> = [
            ("firstName", &self.first_name),
            ("lastName", &self.last_name),
            ("rfc", &self.rfc),
            ("email", &self.email),
        ]
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(k, _)| *k)
        .collect();
        let changed = changed.join(", ");
        Summary::new(
            "client_updated",
            format!("client {} ({changed} changed)", self.id),
        )
        .param("id", self.id.as_str())
        .param("changed", changed)
    }
}

impl Op for ClientListInput {
    const NAME: &'static str = "client.list";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #7";
    type Output = Listing;

    fn target(&self) -> String {
        match &self.id {
            Some(id) => format!("client {id}"),
            None => "clients".into(),
        }
    }
    fn summary(&self, l: &Listing) -> Summary {
        Summary::count("clients_listed", count(l), "clients")
    }
}

impl Op for ClientScoreInput {
    const NAME: &'static str = "client.score";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #10";
    type Output = Listing;

    fn target(&self) -> String {
        format!("client {}", self.client_id)
    }
    /// `client_score`: the score DynamiCore gave.
    fn summary(&self, l: &Listing) -> Summary {
        let score = first_text(l, "score");
        Summary::new("client_score", format!("credit score {score}")).param("score", score)
    }
}

/// #9: a client's SAT data. The password is never stored (the CLI reads it
/// from stdin); `key` and `cer` are file references (e.firma), read and
/// base64-encoded here. `type` defaults to `efirma` when files are given,
/// else `ciec`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct ClientSatRequest {
    #[cfg_attr(feature = "cli", arg(value_name = "ID"))]
    pub client_id: NumId,
    #[cfg_attr(feature = "cli", arg(long))]
    pub rfc: String,
    /// `ciec` or `efirma`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long = "type", value_name = "ciec|efirma"))]
    pub sat_type: Option<String>,
    /// The SAT password: never stored, never recorded (the CLI's
    /// `--password-stdin`).
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "cli", arg(skip))]
    pub password: SecretString,
    #[serde(flatten)]
    #[cfg_attr(feature = "cli", command(flatten))]
    pub files: SatFileRefs,
}

impl ClientSatRequest {
    fn sat_type(&self) -> String {
        match given(&self.sat_type) {
            Some(t) => t.to_string(),
            None if self.files.key.is_some() || self.files.cer.is_some() => "efirma".into(),
            None => "ciec".into(),
        }
    }

    fn errors(&self) -> FieldErrors {
        let mut errs = FieldErrors::new();
        rules::rfc(&mut errs, "rfc", &self.rfc);
        check_sat(&mut errs, &self.sat_type(), &self.password, &self.files);
        errs
    }
}

impl Op for ClientSatRequest {
    const NAME: &'static str = "client.sat";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #9";
    type Output = Listing;

    sat_checks!();
    fn target(&self) -> String {
        format!("SAT data of client {}", self.client_id)
    }
    /// `client_sat_read`: the RFC and the credential type (never a value).
    fn summary(&self, _: &Listing) -> Summary {
        let (rfc, kind) = (rules::normalize_rfc(&self.rfc), self.sat_type());
        Summary::new("client_sat_read", format!("SAT data of {rfc} ({kind})"))
            .param("rfc", rfc)
            .param("kind", kind)
    }
}

impl Call<Dynamicore> for ClientSatRequest {
    fn call(self, cx: Cx<'_, DynamicoreClient>) -> BoxFuture<'_, Result<Listing>> {
        Box::pin(async move {
            let credentials =
                read_credentials(cx.host, self.sat_type(), self.password.clone(), &self.files)?;
            let input = ClientSatInput {
                client_id: self.client_id.clone(),
                rfc: self.rfc.clone(),
                credentials,
            };
            // Every query value (password, key, cer) is scrubbed by the adapter.
            cx.api.call(&input).await
        })
    }
}
