//! Sandbox extension (not SIGNIO's API): the signer controls over HTTP, so a
//! simulator started by `ventanilla-cli sandbox serve` in another process can
//! be played too. `POST /__sandbox/{sign|reject|return|suspend}` with
//! `{"envelope_id", "signer_id"?, "observations"?}`; `{"ok": true}` or HTTP
//! 422 `{"error": "…"}`. Loopback simulator only; no token needed.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ventanilla_core::{Error, ErrorCode, Result};

use super::{Shared, SimHandle};

/// What a signer does in the sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum SignerAction {
    /// Every signer (or just `signer_id`) signs their documents.
    Sign {
        signer_id: Option<String>,
    },
    Reject {
        signer_id: String,
    },
    ReturnWithObservations {
        signer_id: String,
        observations: String,
    },
    Suspend,
}

impl SignerAction {
    fn path(&self) -> &'static str {
        match self {
            SignerAction::Sign { .. } => "sign",
            SignerAction::Reject { .. } => "reject",
            SignerAction::ReturnWithObservations { .. } => "return",
            SignerAction::Suspend => "suspend",
        }
    }
}

impl SimHandle {
    /// Test knob (not SIGNIO's API): gives a document another id and name, as
    /// a hostile or broken SIGNIO could report them (`../../x`, `/tmp/x`,
    /// U+202E…). Its download address follows the new id.
    pub fn rename_document(
        &self,
        envelope_id: &str,
        document_id: &str,
        new_id: &str,
        new_name: &str,
    ) -> Result<()> {
        let mut g = self.shared.lock();
        let i = g
            .world
            .find(envelope_id)
            .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no envelope {envelope_id}")))?;
        let doc = g.world.envelopes[i]
            .documents
            .iter_mut()
            .find(|d| d.id == document_id)
            .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no document {document_id}")))?;
        doc.id = new_id.to_owned();
        doc.name = new_name.to_owned();
        Ok(())
    }

    /// Plays `action` on an envelope (the in-process form of the HTTP control).
    pub fn play(&self, envelope_id: &str, action: &SignerAction) -> Result<()> {
        match action {
            SignerAction::Sign { signer_id } => self.sign(envelope_id, signer_id.as_deref()),
            SignerAction::Reject { signer_id } => self.reject(envelope_id, signer_id),
            SignerAction::ReturnWithObservations {
                signer_id,
                observations,
            } => self.return_with_observations(envelope_id, signer_id, observations),
            SignerAction::Suspend => self.suspend(envelope_id),
        }
    }
}

#[derive(Deserialize)]
struct Body {
    envelope_id: String,
    signer_id: Option<String>,
    observations: Option<String>,
}

pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    Path(action): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(b) = serde_json::from_slice::<Body>(&body) else {
        return refuse("the body must be {\"envelope_id\", \"signer_id\"?, \"observations\"?}");
    };
    let signer = || b.signer_id.clone().unwrap_or_default();
    let action = match action.as_str() {
        "sign" => SignerAction::Sign {
            signer_id: b.signer_id.clone(),
        },
        "reject" => SignerAction::Reject {
            signer_id: signer(),
        },
        "return" => SignerAction::ReturnWithObservations {
            signer_id: signer(),
            observations: b.observations.clone().unwrap_or_default(),
        },
        "suspend" => SignerAction::Suspend,
        _ => return (StatusCode::NOT_FOUND, "Not Found").into_response(),
    };
    let view = SimHandle::view(shared);
    match view.play(&b.envelope_id, &action) {
        Ok(()) => (StatusCode::OK, axum::Json(json!({"ok": true}))).into_response(),
        Err(e) => refuse(&e.message),
    }
}

fn refuse(msg: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(json!({ "error": msg })),
    )
        .into_response()
}

/// Plays `action` on a simulator running elsewhere (e.g. `sandbox serve`).
pub async fn remote_play(base_url: &str, envelope_id: &str, action: &SignerAction) -> Result<()> {
    let (signer_id, observations) = match action {
        SignerAction::Sign { signer_id } => (signer_id.clone(), None),
        SignerAction::Reject { signer_id } => (Some(signer_id.clone()), None),
        SignerAction::ReturnWithObservations {
            signer_id,
            observations,
        } => (Some(signer_id.clone()), Some(observations.clone())),
        SignerAction::Suspend => (None, None),
    };
    let url = format!(
        "{}/__sandbox/{}",
        base_url.trim_end_matches('/'),
        action.path()
    );
    let client = ventanilla_http::build_client(&ventanilla_http::HttpConfig::default())?;
    let req = client
        .post(url)
        .json(&json!({"envelope_id": envelope_id, "signer_id": signer_id, "observations": observations}))
        .build()
        .map_err(|_| Error::internal("cannot build the sandbox control request"))?;
    let resp = ventanilla_http::send(&client, req).await?;
    let status = resp.status();
    let (_, body) = ventanilla_http::read_body(resp).await?;
    if status.is_success() {
        return Ok(());
    }
    if status == reqwest::StatusCode::NOT_FOUND {
        return Err(Error::invalid(
            "connection",
            ventanilla_core::error::FieldError::new(
                "not_a_sandbox",
                "this address is not a Ventanilla SIGNIO sandbox (no /__sandbox controls)",
            ),
        ));
    }
    let msg = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["error"].as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("the sandbox refused (HTTP {status})"));
    Err(Error::new(ErrorCode::Validation, msg))
}
