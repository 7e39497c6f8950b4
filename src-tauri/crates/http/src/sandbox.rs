//! Plumbing every provider simulator needs (feature `sandbox`): serving an
//! axum router on loopback with a clean stop, and a seeded RNG for demo data.

use std::net::SocketAddr;
use std::time::Duration;
use ventanilla_core::{Error, Result};

/// A bound 127.0.0.1 port, before serving: simulators need their base URL to
/// build their state, and the state to build their router.
pub struct LoopbackListener {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
}

impl LoopbackListener {
    /// Binds 127.0.0.1:`port` (0 or `None` = any free port). `what` names the
    /// simulator in the error when the port is taken.
    pub async fn bind(what: &str, port: Option<u16>) -> Result<Self> {
        let port = port.unwrap_or(0);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| Error::io(&format!("cannot start the {what} on 127.0.0.1:{port}"), &e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io(&format!("cannot start the {what}"), &e))?;
        Ok(LoopbackListener { listener, addr })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves `app` until the returned server is shut down or dropped.
    pub fn serve(self, app: axum::Router) -> LoopbackServer {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let listener = self.listener;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        LoopbackServer {
            addr: self.addr,
            stop: Some(tx),
            task: Some(task),
        }
    }
}

/// An HTTP server on 127.0.0.1. Dropping it stops accepting requests.
pub struct LoopbackServer {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl LoopbackServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving and waits (at most 2 s) for open connections to finish; a
    /// connection that still hangs (an injected timeout) ends with the runtime.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(2), task).await;
        }
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// SplitMix64: tiny, fast, and stable forever (unlike library RNGs whose
/// streams may change between versions), so a seed always gives the same
/// demo data.
#[derive(Debug, Clone)]
pub struct SeededRng(u64);

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        SeededRng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn range(&mut self, lo: u64, hi_inclusive: u64) -> u64 {
        lo + self.below(hi_inclusive - lo + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// `len` lowercase hex digits.
    pub fn hex(&mut self, len: usize) -> String {
        let mut s = String::new();
        while s.len() < len {
            s.push_str(&format!("{:016x}", self.next()));
        }
        s.truncate(len);
        s
    }

    /// A version-4-shaped UUID.
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_gives_the_same_stream() {
        let (mut a, mut b) = (SeededRng::new(2024), SeededRng::new(2024));
        let xs: Vec<u64> = (0..4).map(|_| a.next()).collect();
        assert_eq!(xs, (0..4).map(|_| b.next()).collect::<Vec<_>>());
        // Pinned: demo data (user 7, envelope ids) must not change between versions.
        assert_eq!(SeededRng::new(0).next(), 0x6e789e6aa1b965f4);
        assert_eq!(SeededRng::new(7).uuid().len(), 36);
    }

    #[tokio::test]
    async fn serves_on_loopback_until_stopped() {
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "hola" }));
        let server = LoopbackListener::bind("test simulator", None)
            .await
            .unwrap()
            .serve(app);
        assert!(server.base_url().starts_with("http://127.0.0.1:"));
        let addr = server.addr();
        assert!(std::net::TcpStream::connect(addr).is_ok());
        server.shutdown().await;
        assert!(std::net::TcpStream::connect(addr).is_err());
    }
}
