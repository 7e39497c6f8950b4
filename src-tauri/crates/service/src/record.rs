//! Every operation leaves one row in history, whatever its outcome.
//!
//! A read is recorded once, after the call. A write is recorded twice: a
//! pending row (outcome `unknown`) goes in before the request is sent, and is
//! completed after. If the process dies in between, the pending row is what
//! History shows: "sent, not confirmed". If the pending row cannot be
//! written, the write is not sent.
//!
//! Per-request secrets (a new password, an e-mailed security token) are
//! replaced by `[redacted]` in everything recorded, logged or returned.

use crate::clock::now_ms;
use crate::Service;
use std::future::Future;
use std::time::Instant;
use ventanilla_core::history::{NewOperation, Outcome, Summary};
use ventanilla_core::{Error, ErrorCode, Result, SecretString};
use ventanilla_history::Completion;

/// What a pending write says until it is completed; if the process stops
/// mid-call this is what the History screen keeps showing.
pub(crate) const PENDING_SUMMARY: &str = "sent to the provider, not confirmed: Ventanilla stopped \
     before the reply (or is still waiting). It may have been applied: check at the provider \
     before retrying";

/// [`PENDING_SUMMARY`] with its code.
fn pending_summary() -> Summary {
    Summary::new("pending", PENDING_SUMMARY)
}

/// What history says about a failure: the error's (English) message. A
/// write whose outcome is unknown has its own code, so the History screen can
/// say in the user's language that it may have been applied; any other
/// failure's text is shown as it is, next to its error code.
fn failure_summary(e: &Error) -> Summary {
    match e.code {
        ErrorCode::OutcomeUnknown => Summary::new("outcome_unknown", e.message.as_str()),
        code => Summary::new("failed", e.message.as_str()).param("error", code.as_str()),
    }
}

/// The message of a write refused because history could not record it.
pub(crate) const NOT_SENT: &str = "could not record the operation in history; nothing was sent";

const REDACTED: &str = "[redacted]";

/// Who an operation ran against, as history shows it.
pub(crate) struct Subject {
    pub connection_id: Option<String>,
    pub connection_name: String,
    pub provider: String,
}

/// Whether an operation can change something at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    /// Changes nothing (a login is a read): one row after the call.
    Read,
    /// May change something: a pending row before, completed after.
    Write,
}

/// One operation as history records it: its kind, name, target and the
/// secret values of this request that must never be recorded.
pub(crate) struct Recording {
    pub kind: OpKind,
    pub name: String,
    pub target: String,
    secrets: Vec<SecretString>,
}

impl Recording {
    pub fn read(name: &str, target: impl Into<String>) -> Recording {
        Recording::new(OpKind::Read, name, target)
    }

    pub fn write(name: &str, target: impl Into<String>) -> Recording {
        Recording::new(OpKind::Write, name, target)
    }

    fn new(kind: OpKind, name: &str, target: impl Into<String>) -> Recording {
        Recording {
            kind,
            name: name.to_owned(),
            target: target.into(),
            secrets: Vec::new(),
        }
    }

    /// A secret value of this request (a password, a security token), if any.
    pub fn secret(mut self, value: Option<&str>) -> Recording {
        if let Some(v) = value {
            for s in [v, v.trim()] {
                if !s.is_empty() && !self.secrets.iter().any(|x| x.expose() == s) {
                    self.secrets.push(SecretString::new(s));
                }
            }
            // Longest first, so a secret that contains another is redacted whole.
            self.secrets
                .sort_by_key(|s| std::cmp::Reverse(s.expose().len()));
        }
        self
    }

    /// `text` with every secret of this request replaced by `[redacted]`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            if out.contains(s.expose()) {
                out = out.replace(s.expose(), REDACTED);
            }
        }
        out
    }

    /// `e` with the secrets of this request redacted from its message and fields.
    pub fn scrub_error(&self, mut e: Error) -> Error {
        if self.secrets.is_empty() {
            return e;
        }
        e.message = self.scrub(&e.message);
        if let Some(f) = e.fields.as_mut() {
            for v in f.values_mut() {
                v.map_text(|t| self.scrub(t));
            }
        }
        e
    }
}

impl Service {
    /// Runs `work` (a local operation, e.g. on connections), then records it
    /// in one row. `summary` describes a success; a failure is summarized by
    /// its error message.
    pub(crate) async fn recorded<T, F>(
        &self,
        subject: &Subject,
        operation: &str,
        target: &str,
        work: F,
        summary: impl FnOnce(&T) -> Summary,
    ) -> Result<T>
    where
        F: Future<Output = Result<T>>,
    {
        self.perform(subject, &Recording::read(operation, target), work, summary)
            .await
    }

    /// Records `result` (an operation that failed or ended before anything
    /// was sent, e.g. invalid input) in one row, and returns it scrubbed.
    pub(crate) fn record_unsent<T>(
        &self,
        subject: &Subject,
        op: &Recording,
        e: Error,
    ) -> Result<T> {
        let e = op.scrub_error(e);
        let row = self.row(
            subject,
            op,
            Outcome::Error,
            Some(&e),
            0,
            failure_summary(&e),
        );
        self.log(&row);
        if let Err(h) = self.history.record(&row) {
            self.history_failed(op, &h);
        }
        Err(e)
    }

    /// Runs `work` and records it as `op.kind` says: a read in one row after
    /// the call; a write as a pending row before (nothing is sent if that
    /// fails) completed after. A failure to complete the row does not hide the
    /// provider's result: it is logged and kept for [`Service::history_warning`].
    pub(crate) async fn perform<T, F>(
        &self,
        subject: &Subject,
        op: &Recording,
        work: F,
        summary: impl FnOnce(&T) -> Summary,
    ) -> Result<T>
    where
        F: Future<Output = Result<T>>,
    {
        let started = Instant::now();
        let pending = match op.kind {
            OpKind::Read => None,
            OpKind::Write => {
                let row = self.row(subject, op, Outcome::Unknown, None, 0, pending_summary());
                match self.history.record_pending(&row) {
                    Ok(id) => Some(id),
                    Err(h) => {
                        tracing::error!(
                            code = %h.code,
                            operation = %op.name,
                            "write not sent: could not record it in history: {}",
                            h.message
                        );
                        return Err(Error::new(ErrorCode::Storage, NOT_SENT));
                    }
                }
            }
        };
        let result = work.await.map_err(|e| op.scrub_error(e));
        let duration_ms = started.elapsed().as_millis() as u64;
        let (outcome, text) = match &result {
            Ok(v) => (Outcome::Ok, summary(v)),
            Err(e) if e.code == ErrorCode::OutcomeUnknown => (Outcome::Unknown, failure_summary(e)),
            Err(e) => (Outcome::Error, failure_summary(e)),
        };
        let row = self.row(
            subject,
            op,
            outcome,
            result.as_ref().err(),
            duration_ms,
            text,
        );
        self.log(&row);
        let saved = match pending {
            Some(id) => self.history.complete(
                id,
                &Completion {
                    outcome: row.outcome,
                    error_code: row.error_code.clone(),
                    duration_ms: row.duration_ms,
                    summary: row.summary.clone(),
                },
            ),
            None => self.history.record(&row).map(|_| ()),
        };
        if let Err(h) = saved {
            self.history_failed(op, &h);
        }
        result
    }

    /// The last failure to record an operation whose provider call went
    /// through (or was attempted), for the UI to show; `None` if there was none.
    pub fn history_warning(&self) -> Option<String> {
        self.history_warning.lock().unwrap().clone()
    }

    fn history_failed(&self, op: &Recording, h: &Error) {
        tracing::error!(
            code = %h.code,
            operation = %op.name,
            "could not record the operation in history: {}",
            h.message
        );
        let what = match op.kind {
            OpKind::Write => "its pending row says it was sent and not confirmed",
            OpKind::Read => "it is missing from history",
        };
        *self.history_warning.lock().unwrap() = Some(format!(
            "{} ({}) ran, but history could not record how it ended ({}); {what}",
            op.name, op.target, h.message
        ));
    }

    fn row(
        &self,
        subject: &Subject,
        op: &Recording,
        outcome: Outcome,
        error: Option<&Error>,
        duration_ms: u64,
        mut summary: Summary,
    ) -> NewOperation {
        summary.map_text(|t| op.scrub(t));
        NewOperation {
            at_ms: now_ms(),
            connection_id: subject.connection_id.clone(),
            connection_name: subject.connection_name.clone(),
            provider: subject.provider.clone(),
            operation: op.name.clone(),
            target: op.scrub(&op.target),
            outcome,
            error_code: error.map(|e| e.code.as_str().to_owned()),
            duration_ms,
            summary,
        }
    }

    fn log(&self, op: &NewOperation) {
        tracing::info!(
            connection = %op.connection_name,
            operation = %op.operation,
            target = %op.target,
            outcome = op.outcome.as_str(),
            error_code = op.error_code.as_deref().unwrap_or(""),
            duration_ms = op.duration_ms,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, SandboxMode, Secrets};
    use ventanilla_core::history::HistoryQuery;

    #[test]
    fn secrets_are_redacted_whole_trimmed_or_not() {
        let op = Recording::write("user.edit", "user 7 pw12345")
            .secret(Some(" pw12345 "))
            .secret(Some("pw"))
            .secret(None)
            .secret(Some(""));
        assert_eq!(op.scrub("got pw12345, pw"), "got [redacted], [redacted]");
        assert_eq!(op.scrub("[ pw12345 ]"), "[[redacted]]");
        let mut e = Error::invalid("password", "pw12345 is weak");
        e.message = "rejected: pw12345".into();
        let e = op.scrub_error(e);
        assert_eq!(e.message, "rejected: [redacted]");
        assert_eq!(e.fields.unwrap()["password"].message, "[redacted] is weak");
    }

    #[tokio::test]
    async fn an_outcome_unknown_error_completes_the_row_as_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let svc = Service::open(Options {
            data_dir: dir.path().to_owned(),
            secrets: Secrets::MemoryOnly,
            sandbox: SandboxMode::Off,
        })
        .await
        .unwrap();
        let subject = Subject {
            connection_id: None,
            connection_name: "c".into(),
            provider: "backoffice".into(),
        };
        let err = svc
            .perform(
                &subject,
                &Recording::write("ticket.create", "user 7"),
                async {
                    Err::<(), _>(Error::new(
                        ErrorCode::OutcomeUnknown,
                        "the BackOffice accepted the request and did not answer: it may have been applied",
                    ))
                },
                |_| Summary::new("test", ""),
            )
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::OutcomeUnknown);
        let rows = svc.history_search(&HistoryQuery::default()).unwrap().items;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].outcome, Outcome::Unknown);
        assert_eq!(rows[0].error_code.as_deref(), Some("OUTCOME_UNKNOWN"));
        assert!(rows[0].summary.contains("may have been applied"));
    }
}
