//! The command line's side of `Host`: files are the paths given, the
//! destination of an export is `--out FILE` or `--dir FOLDER`, progress goes
//! to stderr (none with `--json`), and links are printed in the result.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use ventanilla_core::envelopes::{CancelFlag, TransferControl, TransferKind, TransferProgress};
use ventanilla_core::error::FieldError;
use ventanilla_core::op::{BoxFuture, Host};
use ventanilla_core::{Error, Result};

pub struct CliHost {
    pub json: bool,
    pub out: Option<PathBuf>,
    pub dir: Option<PathBuf>,
}

impl Host for CliHost {
    fn file(&self, reference: &str) -> Result<PathBuf> {
        // The user typed it: their own files are theirs to name.
        Ok(PathBuf::from(reference))
    }

    fn save_as<'a>(&'a self, _suggested: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>> {
        Box::pin(async move {
            match &self.out {
                Some(p) => Ok(Some(p.clone())),
                None => Err(Error::invalid(
                    "out",
                    FieldError::new("out_required", "give the file to save to with --out FILE"),
                )),
            }
        })
    }

    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(async move {
            match &self.dir {
                Some(p) => Ok(Some(p.clone())),
                None => Err(Error::invalid(
                    "dir",
                    FieldError::new(
                        "dir_required",
                        "give the folder to save into with --dir FOLDER",
                    ),
                )),
            }
        })
    }

    fn transfer(&self, _id: Option<&str>, _kind: TransferKind, name: &str) -> TransferControl {
        progress(self.json, name)
    }
}

/// Progress on stderr ("name  42%  1.2 MiB"), at most every 200 ms; none with --json.
pub fn progress(json: bool, name: &str) -> TransferControl {
    if json {
        return TransferControl::default();
    }
    let name = name.to_owned();
    let last: Mutex<Option<Instant>> = Mutex::new(None);
    TransferControl {
        progress: Some(Arc::new(move |p: TransferProgress| {
            let done = p.total.is_some_and(|t| p.transferred >= t);
            let mut last = last.lock().unwrap();
            if !done && last.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) {
                return;
            }
            *last = Some(Instant::now());
            let mib = p.transferred as f64 / (1024.0 * 1024.0);
            let line = match p.total {
                Some(t) if t > 0 => format!(
                    "\r{name}  {:>3}%  {mib:.1} MiB",
                    p.transferred.saturating_mul(100) / t
                ),
                _ => format!("\r{name}  {mib:.1} MiB"),
            };
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(line.as_bytes());
            if done {
                let _ = err.write_all(b"\n");
            }
        })),
        cancel: CancelFlag::new(),
    }
}
