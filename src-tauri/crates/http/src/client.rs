use std::time::Duration;

use reqwest::{Client, Request, Response, StatusCode};
use ventanilla_core::{Error, ErrorCode, Result};

/// `Ventanilla/<version>`, sent on every request.
pub const USER_AGENT: &str = concat!("Ventanilla/", env!("CARGO_PKG_VERSION"));

/// Client settings. `Default` is what the app uses: 10 s to connect, 30 s for
/// the whole request (connect, send, and reading the reply body).
#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub user_agent: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: USER_AGENT.to_string(),
        }
    }
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

/// A reqwest client (rustls) with the given timeouts and user agent.
pub fn build_client(cfg: &HttpConfig) -> Result<Client> {
    Client::builder()
        .connect_timeout(cfg.connect_timeout.min(cfg.timeout))
        .timeout(cfg.timeout)
        .user_agent(cfg.user_agent.clone())
        .use_rustls_tls()
        .build()
        .map_err(|e| Error::internal(format!("cannot build the HTTP client: {}", root_cause(&e))))
}

/// Send once (no retry). Transport failures become `TIMEOUT` or `NETWORK`.
pub async fn send(client: &Client, req: Request) -> Result<Response> {
    let host = host_of(req.url());
    client
        .execute(req)
        .await
        .map_err(|e| transport_error(&e, &host))
}

/// Read the whole reply body (replies are small JSON documents).
pub async fn read_body(resp: Response) -> Result<(StatusCode, bytes::Bytes)> {
    let status = resp.status();
    let host = host_of(resp.url());
    let body = resp.bytes().await.map_err(|e| transport_error(&e, &host))?;
    Ok((status, body))
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
}
