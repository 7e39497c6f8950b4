//! Every operation leaves one row in history, whatever its outcome.

use crate::clock::now_ms;
use crate::Service;
use std::future::Future;
use std::time::Instant;
use ventanilla_core::history::{NewOperation, Outcome};
use ventanilla_core::Result;

/// Who an operation ran against, as history shows it.
pub(crate) struct Subject {
    pub connection_id: Option<String>,
    pub connection_name: String,
    pub provider: String,
}

impl Service {
    /// Runs `work`, then records it. `summary` describes a success; a failure is
    /// summarized by its error message (which never contains a secret). A
    /// failure to write history is logged, never returned: the user's
    /// operation has already happened at the provider.
    pub(crate) async fn recorded<T, F>(
        &self,
        subject: &Subject,
        operation: &str,
        target: &str,
        work: F,
        summary: impl FnOnce(&T) -> String,
    ) -> Result<T>
    where
        F: Future<Output = Result<T>>,
    {
        let started = Instant::now();
        let result = work.await;
        let (outcome, error_code, summary) = match &result {
            Ok(v) => (Outcome::Ok, None, summary(v)),
            Err(e) => (
                Outcome::Error,
                Some(e.code.as_str().to_owned()),
                e.message.clone(),
            ),
        };
        let op = NewOperation {
            at_ms: now_ms(),
            connection_id: subject.connection_id.clone(),
            connection_name: subject.connection_name.clone(),
            provider: subject.provider.clone(),
            operation: operation.to_owned(),
            target: target.to_owned(),
            outcome,
            error_code: error_code.clone(),
            duration_ms: started.elapsed().as_millis() as u64,
            summary,
        };
        tracing::info!(
            connection = %op.connection_name,
            operation,
            target,
            outcome = outcome.as_str(),
            error_code = error_code.as_deref().unwrap_or(""),
            duration_ms = op.duration_ms,
        );
        if let Err(e) = self.history.record(&op) {
            tracing::error!(code = %e.code, "could not record the operation in history: {}", e.message);
        }
        result
    }
}
