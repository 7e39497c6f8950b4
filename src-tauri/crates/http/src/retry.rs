use std::time::Duration;

use reqwest::{Client, Method, Request, Response, StatusCode};
use ventanilla_core::{ErrorCode, Result};

use crate::client::{check_destination, check_reply, host_of, sent_error, transport_error};

/// What one attempt came to, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status.
    Status(StatusCode),
    /// The connection could not be made.
    ConnectError,
    /// No answer in time.
    Timeout,
    /// Any other transport failure (e.g. connection reset mid-reply).
    OtherTransport,
}

/// Retry idempotent requests (GET, HEAD) on a connect error, a timeout, or a
/// 502/503/504, waiting `backoff[n]` before retry `n`. Anything else, and any
/// other method, is never retried: a POST or PUT that timed out may have been
/// applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub backoff: Vec<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            backoff: vec![Duration::from_millis(200), Duration::from_millis(600)],
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            backoff: Vec::new(),
        }
    }

    /// How many retries at most (the first attempt is not a retry).
    pub fn max_retries(&self) -> usize {
        self.backoff.len()
    }

    /// After attempt number `attempt` (0 = the first) ended in `outcome`: how
    /// long to wait before trying again, or `None` to stop.
    pub fn next_delay(
        &self,
        method: &Method,
        attempt: usize,
        outcome: Outcome,
    ) -> Option<Duration> {
        if !(method == Method::GET || method == Method::HEAD) {
            return None;
        }
        let transient = match outcome {
            Outcome::ConnectError | Outcome::Timeout => true,
            Outcome::Status(s) => matches!(
                s,
                StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            ),
            Outcome::OtherTransport => false,
        };
        if transient {
            self.backoff.get(attempt).copied()
        } else {
            None
        }
    }
}

/// Send with [`RetryPolicy`]: GET/HEAD requests are re-sent on transient
/// failures; everything else is sent exactly once. The final outcome is
/// returned as is (a 503 after the last retry is an `Ok(Response)`, for the
/// adapter to map); a redirect is a `REDIRECT` error, never followed.
pub async fn send_with_retry(
    client: &Client,
    req: Request,
    policy: &RetryPolicy,
) -> Result<Response> {
    let idempotent = crate::client::is_idempotent(req.method());
    send_with_retry_as(client, req, policy, idempotent).await
}

/// [`send_with_retry`] where the caller says whether the request is safe to
/// repeat: when it is not, it is sent once whatever its method.
pub(crate) async fn send_with_retry_as(
    client: &Client,
    req: Request,
    policy: &RetryPolicy,
    idempotent: bool,
) -> Result<Response> {
    if !idempotent {
        return crate::client::send_as(client, req, false).await;
    }
    let host = host_of(req.url());
    check_destination(req.url())?;
    let method = req.method().clone();
    let mut attempt = 0;
    let mut current = req;
    loop {
        let spare = if policy.max_retries() > attempt {
            current.try_clone()
        } else {
            None
        };
        let result = client.execute(current).await;
        let outcome = match &result {
            Ok(resp) => Outcome::Status(resp.status()),
            Err(e) => match transport_error(e, &host).code {
                ErrorCode::Timeout => Outcome::Timeout,
                _ if e.is_connect() => Outcome::ConnectError,
                _ => Outcome::OtherTransport,
            },
        };
        match (spare, policy.next_delay(&method, attempt, outcome)) {
            (Some(next), Some(delay)) => {
                tokio::time::sleep(delay).await;
                current = next;
                attempt += 1;
            }
            _ => {
                let resp = result.map_err(|e| sent_error(&e, &host, true))?;
                return check_reply(resp, &host, true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn get_is_retried_twice_on_transient_failures_with_growing_backoff() {
        let p = RetryPolicy::default();
        for o in [
            Outcome::ConnectError,
            Outcome::Timeout,
            Outcome::Status(StatusCode::BAD_GATEWAY),
            Outcome::Status(StatusCode::SERVICE_UNAVAILABLE),
            Outcome::Status(StatusCode::GATEWAY_TIMEOUT),
        ] {
            assert_eq!(
                p.next_delay(&Method::GET, 0, o),
                Some(Duration::from_millis(200)),
                "{o:?}"
            );
            assert_eq!(
                p.next_delay(&Method::GET, 1, o),
                Some(Duration::from_millis(600)),
                "{o:?}"
            );
            assert_eq!(p.next_delay(&Method::GET, 2, o), None, "{o:?}");
        }
    }

    #[test]
    fn writes_are_never_retried() {
        let p = RetryPolicy::default();
        for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            for o in [
                Outcome::ConnectError,
                Outcome::Timeout,
                Outcome::Status(StatusCode::SERVICE_UNAVAILABLE),
            ] {
                assert_eq!(p.next_delay(&m, 0, o), None, "{m} {o:?}");
            }
        }
    }

    #[test]
    fn definite_answers_are_not_retried() {
        let p = RetryPolicy::default();
        for s in [200u16, 400, 401, 403, 404, 422, 500, 501] {
            let o = Outcome::Status(StatusCode::from_u16(s).unwrap());
            assert_eq!(p.next_delay(&Method::GET, 0, o), None, "{s}");
        }
        assert_eq!(p.next_delay(&Method::GET, 0, Outcome::OtherTransport), None);
        assert_eq!(
            RetryPolicy::none().next_delay(&Method::GET, 0, Outcome::Timeout),
            None
        );
    }

    /// A tiny HTTP server that answers 503 to the first `failures` requests,
    /// then 200, and counts requests.
    async fn flaky_server(failures: usize) -> (String, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(AtomicUsize::new(0));
        let h = hits.clone();
        tokio::spawn(async move {
            loop {
                let (mut s, _) = listener.accept().await.unwrap();
                let n = h.fetch_add(1, Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let reply = if n < failures {
                    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                } else {
                    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                };
                let _ = s.write_all(reply.as_bytes()).await;
            }
        });
        (format!("http://{addr}"), hits)
    }

    fn fast() -> RetryPolicy {
        RetryPolicy {
            backoff: vec![Duration::from_millis(1), Duration::from_millis(1)],
        }
    }

    #[tokio::test]
    async fn a_get_recovers_after_two_503s() {
        let (base, hits) = flaky_server(2).await;
        let client = Client::new();
        let resp = send_with_retry(
            &client,
            client.get(format!("{base}/x")).build().unwrap(),
            &fast(),
        )
        .await
        .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(hits.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_get_gives_up_after_two_retries() {
        let (base, hits) = flaky_server(10).await;
        let client = Client::new();
        let resp = send_with_retry(
            &client,
            client.get(format!("{base}/x")).build().unwrap(),
            &fast(),
        )
        .await
        .unwrap();
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(hits.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_post_is_sent_once_even_on_503() {
        let (base, hits) = flaky_server(1).await;
        let client = Client::new();
        let req = client
            .post(format!("{base}/x"))
            .body("a=1")
            .build()
            .unwrap();
        let resp = send_with_retry(&client, req, &fast()).await.unwrap();
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }
}
