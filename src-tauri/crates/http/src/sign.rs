//! Request signing, as a hook the exchange calls just before each attempt
//! is sent. A retry is signed again rather than replayed: DynamiCore's
//! signature carries a millisecond timestamp, so a replayed one is wrong.

use reqwest::Request;
use std::sync::Arc;
use ventanilla_core::Result;

/// Signs one request (adds its `Authorization` header, say).
pub trait RequestSigner: Send + Sync {
    fn sign(&self, req: &mut Request) -> Result<()>;
}

/// A signer an [`crate::Exchange`] carries.
#[derive(Clone)]
pub struct Signer(pub Arc<dyn RequestSigner>);

impl Signer {
    pub fn new(s: impl RequestSigner + 'static) -> Self {
        Signer(Arc::new(s))
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer")
    }
}

/// Signs `req` if there is a signer.
pub(crate) fn sign(signer: Option<&Signer>, req: &mut Request) -> Result<()> {
    match signer {
        Some(s) => s.0.sign(req),
        None => Ok(()),
    }
}
