use std::net::IpAddr;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::{Client, Method, Request, Response, StatusCode, Url};
use ventanilla_core::{Error, ErrorCode, Result};

use crate::retry::{send_with_retry_as, RetryPolicy};
use crate::transfer::TransferLimits;

/// `Ventanilla/<version>`, sent on every request.
pub const USER_AGENT: &str = concat!("Ventanilla/", env!("CARGO_PKG_VERSION"));

/// The largest reply body read into memory (JSON replies, error bodies).
pub const DEFAULT_MAX_BODY: usize = 16 << 20;

/// Milliseconds; when set, [`HttpConfig::default`] uses it as the request
/// timeout, the transfer idle timeout and the low-speed window. For tests
/// (and scripts) that need a broken provider to fail fast; values outside
/// 100 ms ..= 10 min are ignored.
pub const TIMEOUT_ENV: &str = "VENTANILLA_HTTP_TIMEOUT_MS";

/// Client settings. `Default` is what the app uses: 10 s to connect, 30 s for
/// the whole request (connect, send, and reading the reply body), replies of
/// at most 16 MiB, and the transfer limits of [`TransferLimits::default`].
#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub user_agent: String,
    /// Largest reply body read into memory; more is `RESPONSE_TOO_LARGE`.
    pub max_body: usize,
    /// Idle and low-speed limits of uploads and downloads.
    pub transfer: TransferLimits,
}

impl Default for HttpConfig {
    fn default() -> Self {
        let mut cfg = HttpConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: USER_AGENT.to_string(),
            max_body: DEFAULT_MAX_BODY,
            transfer: TransferLimits::default(),
        };
        if let Some(t) = timeout_override(std::env::var(TIMEOUT_ENV).ok().as_deref()) {
            cfg.timeout = t;
            cfg.transfer.idle = t;
            cfg.transfer.speed_window = t;
        }
        cfg
    }
}

/// The value of [`TIMEOUT_ENV`], if it is a usable number of milliseconds.
fn timeout_override(value: Option<&str>) -> Option<Duration> {
    let ms: u64 = value?.trim().parse().ok()?;
    (100..=600_000)
        .contains(&ms)
        .then(|| Duration::from_millis(ms))
}

impl HttpConfig {
    /// The default settings with another request timeout.
    pub fn with_timeout(timeout: Duration) -> Self {
        HttpConfig {
            timeout,
            ..Default::default()
        }
    }
}

/// A reqwest client (rustls) with the given timeouts and user agent. It never
/// follows a redirect: reqwest's default would carry `x-api-key`, a JWT or a
/// re-posted password to whatever host the reply names (see [`send`]).
pub fn build_client(cfg: &HttpConfig) -> Result<Client> {
    Client::builder()
        .connect_timeout(cfg.connect_timeout.min(cfg.timeout))
        .timeout(cfg.timeout)
        .user_agent(cfg.user_agent.clone())
        .redirect(reqwest::redirect::Policy::none())
        .use_rustls_tls()
        .build()
        .map_err(|e| Error::internal(format!("cannot build the HTTP client: {}", root_cause(&e))))
}

/// GET and HEAD: safe to send again. Everything else may change something at
/// the provider.
pub fn is_idempotent(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// Send once (no retry). Transport failures become `TIMEOUT` or `NETWORK`,
/// or `OUTCOME_UNKNOWN` for a write that may have reached the provider; a
/// redirect is a `REDIRECT` error.
pub async fn send(client: &Client, req: Request) -> Result<Response> {
    let idempotent = is_idempotent(req.method());
    send_as(client, req, idempotent).await
}

/// [`send`], with the caller deciding whether the request is safe to repeat
/// (a login POST is; a GET that mints a magic link is not).
pub(crate) async fn send_as(client: &Client, req: Request, idempotent: bool) -> Result<Response> {
    let host = host_of(req.url());
    check_destination(req.url())?;
    let resp = client
        .execute(req)
        .await
        .map_err(|e| sent_error(&e, &host, idempotent))?;
    check_reply(resp, &host, idempotent)
}

/// How one request/reply exchange is to be treated.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// Safe to send twice: retried per `retry` (GET/HEAD only), and a failure
    /// after sending stays `TIMEOUT`/`NETWORK`. Otherwise it is sent once and
    /// a failure after it may have reached the provider is `OUTCOME_UNKNOWN`.
    pub idempotent: bool,
    pub retry: RetryPolicy,
    /// Largest reply body read; more is `RESPONSE_TOO_LARGE`.
    pub max_body: usize,
}

impl Exchange {
    /// Decided by the method: GET/HEAD retried per `retry`, the rest sent once.
    pub fn by_method(method: &Method, retry: &RetryPolicy, max_body: usize) -> Self {
        Exchange {
            idempotent: is_idempotent(method),
            retry: retry.clone(),
            max_body,
        }
    }
}

/// Send `req` and read its reply body (capped), as `how` says.
pub async fn exchange(
    client: &Client,
    req: Request,
    how: &Exchange,
) -> Result<(StatusCode, bytes::Bytes)> {
    let host = host_of(req.url());
    let resp = if how.idempotent {
        send_with_retry_as(client, req, &how.retry, true).await?
    } else {
        send_as(client, req, false).await?
    };
    let read = read_body_capped(resp, how.max_body).await;
    if how.idempotent {
        read
    } else {
        read.map_err(|e| unconfirmed(e, &host))
    }
}

/// Read the whole reply body, at most [`DEFAULT_MAX_BODY`] bytes.
pub async fn read_body(resp: Response) -> Result<(StatusCode, bytes::Bytes)> {
    read_body_capped(resp, DEFAULT_MAX_BODY).await
}

/// Read the whole reply body, streaming it, and fail with
/// `RESPONSE_TOO_LARGE` as soon as it passes `max` bytes (or announces more
/// in its Content-Length), so an endless reply costs at most `max` of memory.
pub async fn read_body_capped(resp: Response, max: usize) -> Result<(StatusCode, bytes::Bytes)> {
    let status = resp.status();
    let host = host_of(resp.url());
    if resp.content_length().is_some_and(|n| n > max as u64) {
        return Err(too_large(&host, max));
    }
    let mut buf = bytes::BytesMut::with_capacity(
        resp.content_length()
            .map_or(8 * 1024, |n| n as usize)
            .min(max),
    );
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| transport_error(&e, &host))?;
        if buf.len() + chunk.len() > max {
            return Err(too_large(&host, max));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok((status, buf.freeze()))
}

pub(crate) fn too_large(host: &str, max: usize) -> Error {
    Error::new(
        ErrorCode::ResponseTooLarge,
        format!(
            "the reply from {host} is larger than {}, more than Ventanilla accepts; it was not read",
            human_size(max)
        ),
    )
}

fn human_size(n: usize) -> String {
    if n >= 1 << 20 && n & ((1 << 20) - 1) == 0 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n & ((1 << 10) - 1) == 0 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// A write whose request went out but whose reply failed (timeout, reset,
/// cut, 504): it may have been applied, so it is `OUTCOME_UNKNOWN` and never
/// offered as "retry". Other errors (too large, cancelled, ours) stay as they are.
pub fn unconfirmed(err: Error, host: &str) -> Error {
    if !matches!(err.code, ErrorCode::Timeout | ErrorCode::Network) {
        return err;
    }
    outcome_unknown(host, &err.message)
}

fn outcome_unknown(host: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::OutcomeUnknown,
        format!(
            "{host} did not confirm the request ({what}); it may have been applied: check before retrying"
        ),
    )
}

/// The error of a request that failed in `execute`: nothing was sent when
/// the connection could not be made; anything else may have reached the
/// provider.
pub(crate) fn sent_error(err: &reqwest::Error, host: &str, idempotent: bool) -> Error {
    let e = transport_error(err, host);
    if idempotent || err.is_connect() || err.is_builder() {
        e
    } else {
        unconfirmed(e, host)
    }
}

/// A reply that must not be used as is: a redirect (never followed), or a
/// gateway timeout on a write (the provider behind it may have applied it).
pub(crate) fn check_reply(resp: Response, host: &str, idempotent: bool) -> Result<Response> {
    let status = resp.status();
    if status.is_redirection() {
        return Err(redirect_error(&resp, host));
    }
    if !idempotent && status == StatusCode::GATEWAY_TIMEOUT {
        return Err(outcome_unknown(host, "HTTP 504 from a gateway"));
    }
    Ok(resp)
}

fn redirect_error(resp: &Response, host: &str) -> Error {
    let target = resp
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|loc| resp.url().join(loc).ok())
        .map(|u| host_of(&u));
    let to = match target {
        Some(t) if t == host => format!("another address on {t}"),
        Some(t) => t,
        None => "another address".to_string(),
    };
    Error::new(
        ErrorCode::Redirect,
        format!(
            "{host} answered with a redirect (HTTP {}) to {to}; Ventanilla does not follow redirects: check the connection's base URL",
            resp.status().as_u16()
        ),
    )
}

/// Defense in depth (connections are validated when saved): credentials go
/// only over https, or over plain http to this computer.
pub(crate) fn check_destination(url: &Url) -> Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        _ => Err(Error::new(
            ErrorCode::Validation,
            format!(
                "Ventanilla talks to {} only over https:// (http:// only to this computer); nothing was sent",
                host_of(url)
            ),
        )),
    }
}

fn is_loopback(url: &Url) -> bool {
    let Some(h) = url.host_str() else {
        return false;
    };
    let h = h.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub(crate) fn host_of(url: &reqwest::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => "the provider".to_string(),
    }
}

/// Map a reqwest failure to the domain error. The message names the host and
/// the kind of failure, never the URL's path or query, a header or a body
/// (reqwest's own `Display` includes the full URL, so it is not used).
pub fn transport_error(err: &reqwest::Error, host: &str) -> Error {
    let cause = root_cause(err);
    let (code, what) = if err.is_timeout() || cause.contains("timed out") {
        (ErrorCode::Timeout, format!("{host} did not answer in time"))
    } else if err.is_connect() {
        (ErrorCode::Network, format!("could not connect to {host}"))
    } else if err.is_body() || err.is_decode() {
        (
            ErrorCode::Network,
            format!("the reply from {host} was cut off"),
        )
    } else if err.is_builder() {
        return Error::internal(format!("invalid request for {host}"));
    } else {
        (
            ErrorCode::Network,
            format!("network error talking to {host}"),
        )
    };
    let message = if cause.is_empty() {
        what
    } else {
        format!("{what} ({cause})")
    };
    Error::new(code, message)
}

/// The innermost I/O error's text (e.g. "Connection refused (os error 111)"):
/// useful, and unlike the outer layers it never carries the URL.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut found = String::new();
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            found = io.to_string();
        }
        cur = e.source();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostile::{Behavior, HostileServer};
    use crate::RetryPolicy;

    #[tokio::test]
    async fn connection_refused_is_a_retryable_network_error_naming_only_the_host() {
        // Bind then drop a listener so the port is (almost certainly) closed.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = build_client(&HttpConfig::default()).unwrap();
        let req = client
            .get(format!(
                "http://127.0.0.1:{port}/api/v1/users/7?api_key=topsecret"
            ))
            .header("x-api-key", "headersecret")
            .build()
            .unwrap();
        let err = send(&client, req).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Network);
        assert!(err.retryable);
        assert!(
            err.message.contains(&format!("127.0.0.1:{port}")),
            "{}",
            err.message
        );
        for leak in ["topsecret", "headersecret", "/api/v1", "users"] {
            assert!(
                !err.message.contains(leak),
                "{leak} leaked: {}",
                err.message
            );
        }
    }

    #[tokio::test]
    async fn a_silent_server_is_a_timeout() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            loop {
                let (s, _) = listener.accept().await.unwrap();
                held.push(s); // accept, never answer
            }
        });
        let client = build_client(&HttpConfig::with_timeout(Duration::from_millis(200))).unwrap();
        let req = client
            .get(format!("http://{addr}/slow?q=secret"))
            .build()
            .unwrap();
        let err = send(&client, req).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Timeout, "{err:?}");
        assert!(err.retryable);
        assert!(!err.message.contains("secret"));
    }

    #[test]
    fn user_agent_names_the_app_and_version() {
        assert_eq!(
            USER_AGENT,
            format!("Ventanilla/{}", env!("CARGO_PKG_VERSION"))
        );
    }

    fn fast() -> RetryPolicy {
        RetryPolicy {
            backoff: vec![Duration::from_millis(1), Duration::from_millis(1)],
        }
    }

    fn quick(ms: u64) -> Client {
        build_client(&HttpConfig::with_timeout(Duration::from_millis(ms))).unwrap()
    }

    #[tokio::test]
    async fn a_redirect_is_an_error_and_the_other_host_receives_nothing() {
        let elsewhere = HostileServer::always(Behavior::json(200, "{}")).await;
        for status in [301u16, 302, 307, 308] {
            let target = format!("{}/api/v1/login/?stolen=1", elsewhere.base_url());
            let server = HostileServer::always(Behavior::redirect(status, target)).await;
            let client = build_client(&HttpConfig::default()).unwrap();
            let req = client
                .post(format!("{}/api/v1/login/", server.base_url()))
                .header("x-api-key", "the-api-key")
                .form(&[("username", "ana"), ("password", "the-password")])
                .build()
                .unwrap();
            let err = send(&client, req).await.unwrap_err();
            assert_eq!(err.code, ErrorCode::Redirect, "{status}: {err:?}");
            assert!(!err.retryable);
            let (from, to) = (server.addr().to_string(), elsewhere.addr().to_string());
            assert!(
                err.message.contains(&from) && err.message.contains(&to),
                "names both hosts: {}",
                err.message
            );
            assert!(err.message.contains("check the connection's base URL"));
            for leak in ["login", "stolen", "the-password", "the-api-key"] {
                assert!(!err.message.contains(leak), "{leak}: {}", err.message);
            }
            // The password and the key reached the first host only.
            assert_eq!(server.requests().len(), 1);
            let got = &server.requests()[0];
            assert_eq!(got.header("x-api-key"), Some("the-api-key"));
        }
        assert!(elsewhere.requests().is_empty(), "{:?}", elsewhere.lines());
    }

    #[tokio::test]
    async fn a_retried_get_that_is_redirected_is_an_error_too() {
        let elsewhere = HostileServer::always(Behavior::json(200, "{}")).await;
        let server = HostileServer::always(Behavior::redirect(
            302,
            format!("{}/x", elsewhere.base_url()),
        ))
        .await;
        let client = build_client(&HttpConfig::default()).unwrap();
        let req = client
            .get(format!("{}/users/7", server.base_url()))
            .header("jwt-token", "the-jwt")
            .build()
            .unwrap();
        let err = crate::send_with_retry(&client, req, &fast())
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Redirect);
        assert!(elsewhere.requests().is_empty());
        // A relative Location names the same host.
        let server = HostileServer::always(Behavior::redirect(301, "/elsewhere")).await;
        let req = client.get(server.base_url()).build().unwrap();
        let err = send(&client, req).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Redirect);
        assert!(
            err.message.contains("another address on"),
            "{}",
            err.message
        );
    }

    #[tokio::test]
    async fn plain_http_is_refused_before_sending_unless_it_is_loopback() {
        let client = build_client(&HttpConfig::default()).unwrap();
        for url in ["http://bo.example.com/api", "ftp://example.com/x"] {
            let req = client.get(url).build().unwrap();
            let err = send(&client, req).await.unwrap_err();
            assert_eq!(err.code, ErrorCode::Validation, "{url}");
            assert!(err.message.contains("https://"), "{}", err.message);
        }
        for (url, ok) in [
            ("http://127.0.0.1:9/", true),
            ("http://127.8.9.10/", true),
            ("http://[::1]:80/", true),
            ("http://localhost:8080/", true),
            ("http://LOCALHOST/", true),
            ("https://bo.example.com/", true),
            ("http://10.0.0.1/", false),
            ("http://localhost.example.com/", false),
            ("http://[::2]/", false),
        ] {
            let u = Url::parse(url).unwrap();
            assert_eq!(check_destination(&u).is_ok(), ok, "{url}");
        }
    }

    #[tokio::test]
    async fn an_endless_reply_is_too_large_with_or_without_a_length() {
        for content_length in [true, false] {
            let server = HostileServer::always(Behavior::Endless { content_length }).await;
            let client = build_client(&HttpConfig::default()).unwrap();
            let resp = send(&client, client.get(server.base_url()).build().unwrap())
                .await
                .unwrap();
            let err = read_body_capped(resp, 1 << 20).await.unwrap_err();
            assert_eq!(err.code, ErrorCode::ResponseTooLarge, "{err:?}");
            assert!(!err.retryable);
            assert!(err.message.contains("1 MiB"), "{}", err.message);
            assert!(err.message.contains(&server.addr().to_string()));
        }
    }

    #[tokio::test]
    async fn a_body_exactly_at_the_cap_is_read() {
        let body = "x".repeat(1000);
        let server = HostileServer::always(Behavior::json(200, body.clone())).await;
        let client = build_client(&HttpConfig::default()).unwrap();
        let resp = send(&client, client.get(server.base_url()).build().unwrap())
            .await
            .unwrap();
        let (status, got) = read_body_capped(resp, 1000).await.unwrap();
        assert_eq!((status.as_u16(), got.len()), (200, 1000));
        let resp = send(&client, client.get(server.base_url()).build().unwrap())
            .await
            .unwrap();
        let err = read_body_capped(resp, 999).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::ResponseTooLarge);
    }

    #[tokio::test]
    async fn a_trickling_reply_times_out() {
        let server = HostileServer::always(Behavior::Drip {
            every: Duration::from_millis(50),
            content_length: false,
        })
        .await;
        let client = quick(400);
        let how = Exchange::by_method(&Method::GET, &RetryPolicy::none(), DEFAULT_MAX_BODY);
        let started = std::time::Instant::now();
        let req = client.get(server.base_url()).build().unwrap();
        let err = exchange(&client, req, &how).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Timeout, "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    fn post(client: &Client, base: &str) -> Request {
        client
            .post(format!("{base}/api/v1/user_tickets"))
            .form(&[("subject", "Hola")])
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn a_write_that_stalls_after_it_was_sent_is_outcome_unknown_and_sent_once() {
        let server = HostileServer::always(Behavior::Stall).await;
        let client = quick(300);
        let how = Exchange::by_method(&Method::POST, &fast(), DEFAULT_MAX_BODY);
        let err = exchange(&client, post(&client, &server.base_url()), &how)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::OutcomeUnknown, "{err:?}");
        assert!(!err.retryable);
        assert!(
            err.message
                .contains("may have been applied: check before retrying"),
            "{}",
            err.message
        );
        assert!(err.message.contains(&server.addr().to_string()));
        assert_eq!(server.lines(), ["POST /api/v1/user_tickets"]);
        assert_eq!(server.requests()[0].body, b"subject=Hola");
    }

    #[tokio::test]
    async fn a_write_whose_connection_is_cut_or_that_gets_a_504_is_outcome_unknown() {
        let client = quick(2000);
        let how = Exchange::by_method(&Method::POST, &fast(), DEFAULT_MAX_BODY);
        let cut = HostileServer::always(Behavior::Hangup).await;
        let err = exchange(&client, post(&client, &cut.base_url()), &how)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::OutcomeUnknown, "{err:?}");
        assert_eq!(cut.requests().len(), 1);
        let gw = HostileServer::always(Behavior::json(504, "{}")).await;
        let err = exchange(&client, post(&client, &gw.base_url()), &how)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::OutcomeUnknown, "{err:?}");
        assert!(err.message.contains("504"));
        assert_eq!(gw.requests().len(), 1);
        // A read that gets a 504 is handed back (after its retries) for the adapter to map.
        let how = Exchange::by_method(&Method::GET, &fast(), DEFAULT_MAX_BODY);
        let req = client.get(gw.base_url()).build().unwrap();
        let (status, _) = exchange(&client, req, &how).await.unwrap();
        assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(gw.requests().len(), 4);
    }

    #[tokio::test]
    async fn a_write_that_cannot_connect_stays_a_retryable_network_error() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = quick(2000);
        let how = Exchange::by_method(&Method::POST, &fast(), DEFAULT_MAX_BODY);
        let err = exchange(
            &client,
            post(&client, &format!("http://127.0.0.1:{port}")),
            &how,
        )
        .await
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Network, "{err:?}");
        assert!(err.retryable);
    }

    #[tokio::test]
    async fn reads_are_retried_but_a_read_marked_unsafe_is_sent_once() {
        let server = HostileServer::always(Behavior::Stall).await;
        let client = quick(200);
        let how = Exchange::by_method(&Method::GET, &fast(), DEFAULT_MAX_BODY);
        let req = client.get(server.base_url()).build().unwrap();
        let err = exchange(&client, req, &how).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Timeout);
        assert!(err.retryable);
        assert_eq!(server.requests().len(), 3, "first try and two retries");

        // A GET that mints something (a magic link): never retried.
        let server = HostileServer::always(Behavior::Stall).await;
        let how = Exchange {
            idempotent: false,
            retry: fast(),
            max_body: DEFAULT_MAX_BODY,
        };
        let req = client.get(server.base_url()).build().unwrap();
        let err = exchange(&client, req, &how).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::OutcomeUnknown);
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn the_timeout_variable_is_milliseconds_within_bounds() {
        assert_eq!(
            timeout_override(Some(" 1500 ")),
            Some(Duration::from_millis(1500))
        );
        for bad in [None, Some(""), Some("abc"), Some("5"), Some("999999999")] {
            assert_eq!(timeout_override(bad), None, "{bad:?}");
        }
        let d = HttpConfig::default();
        assert_eq!(d.max_body, 16 << 20);
        assert_eq!(d.transfer.min_speed, 1024);
    }
}
