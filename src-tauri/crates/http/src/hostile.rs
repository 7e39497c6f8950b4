//! A misbehaving HTTP/1.1 server on 127.0.0.1 for tests (feature `hostile`):
//! it plays a provider that redirects, answers without end, trickles a byte
//! at a time, or accepts a request and never answers. Every request it
//! receives is recorded whole (method, path, headers, body), so a test can
//! prove what did, and did not, reach it. Raw TCP rather than axum: the
//! misbehaviour is the point, and a framework would tidy it up.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Behavior {
    /// A normal reply.
    Reply {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
    /// `status` (301, 302, 307, 308) with `Location: location`.
    Redirect { status: u16, location: String },
    /// 200 with a JSON body that never ends; `content_length` announces a
    /// 1 TiB body, otherwise it is chunked.
    Endless { content_length: bool },
    /// 200 (JSON), then one byte every `every`, for ever (`content_length`
    /// announces a body far longer than what will come).
    Drip {
        every: Duration,
        content_length: bool,
    },
    /// Read the request whole, then never answer (the connection stays open).
    Stall,
    /// Read the request whole, then close the connection without a word.
    Hangup,
}

impl Behavior {
    /// A JSON reply (`body` is the JSON text).
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Behavior::Reply {
            status,
            content_type: "application/json".into(),
            body: body.into().into_bytes(),
        }
    }

    pub fn redirect(status: u16, location: impl Into<String>) -> Self {
        Behavior::Redirect {
            status,
            location: location.into(),
        }
    }
}

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// "METHOD /path?query".
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

type Rules = Arc<Vec<(String, Behavior)>>;

/// The server. Rules are tried in order: the first whose text is a prefix of
/// "METHOD /path" decides (`""` matches everything); no match is a 404.
/// Dropping the server closes its port and every connection it holds.
pub struct HostileServer {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl HostileServer {
    pub async fn start<S: Into<String>>(rules: Vec<(S, Behavior)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let rules: Rules = Arc::new(rules.into_iter().map(|(k, b)| (k.into(), b)).collect());
        let log = Arc::new(Mutex::new(Vec::new()));
        let l2 = log.clone();
        let task = tokio::spawn(async move {
            // Aborting this task drops the set, which aborts every connection.
            let mut conns = tokio::task::JoinSet::new();
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    continue;
                };
                conns.spawn(serve(sock, rules.clone(), l2.clone()));
                while conns.try_join_next().is_some() {}
            }
        });
        HostileServer { addr, log, task }
    }

    /// One behaviour for every request.
    pub async fn always(b: Behavior) -> Self {
        Self::start(vec![("", b)]).await
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far (whole: a stalled one once it is read).
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// "METHOD /path" of every request received so far.
    pub fn lines(&self) -> Vec<String> {
        self.requests().iter().map(Recorded::line).collect()
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut sock: TcpStream, rules: Rules, log: Arc<Mutex<Vec<Recorded>>>) {
    // One request per connection: every reply says `connection: close`.
    let Some(req) = read_request(&mut sock).await else {
        return;
    };
    let line = req.line();
    log.lock().unwrap_or_else(|p| p.into_inner()).push(req);
    let behavior = rules
        .iter()
        .find(|(prefix, _)| line.starts_with(prefix.as_str()))
        .map(|(_, b)| b.clone());
    let _ = answer(&mut sock, behavior).await;
}

async fn answer(sock: &mut TcpStream, behavior: Option<Behavior>) -> std::io::Result<()> {
    match behavior {
        None => {
            sock.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            )
            .await
        }
        Some(Behavior::Reply {
            status,
            content_type,
            body,
        }) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            sock.write_all(head.as_bytes()).await?;
            sock.write_all(&body).await?;
            sock.flush().await
        }
        Some(Behavior::Redirect { status, location }) => {
            let head = format!(
                "HTTP/1.1 {status} Moved\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
            sock.write_all(head.as_bytes()).await
        }
        Some(Behavior::Endless { content_length }) => {
            let framing = if content_length {
                "content-length: 1099511627776"
            } else {
                "transfer-encoding: chunked"
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{framing}\r\nconnection: close\r\n\r\n"
            );
            sock.write_all(head.as_bytes()).await?;
            let piece: Vec<u8> = b"\"endless\","
                .iter()
                .copied()
                .cycle()
                .take(64 * 1000)
                .collect();
            let mut first = b"[".to_vec();
            first.extend_from_slice(&piece);
            let chunk = |data: &[u8]| {
                if content_length {
                    data.to_vec()
                } else {
                    let mut c = format!("{:x}\r\n", data.len()).into_bytes();
                    c.extend_from_slice(data);
                    c.extend_from_slice(b"\r\n");
                    c
                }
            };
            sock.write_all(&chunk(&first)).await?;
            let next = chunk(&piece);
            loop {
                sock.write_all(&next).await?;
            }
        }
        Some(Behavior::Drip {
            every,
            content_length,
        }) => {
            let framing = if content_length {
                "content-length: 1000000"
            } else {
                "transfer-encoding: chunked"
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{framing}\r\nconnection: close\r\n\r\n"
            );
            sock.write_all(head.as_bytes()).await?;
            loop {
                let one: &[u8] = if content_length { b" " } else { b"1\r\n \r\n" };
                sock.write_all(one).await?;
                sock.flush().await?;
                tokio::time::sleep(every).await;
            }
        }
        Some(Behavior::Stall) => {
            // Hold the connection open (and unanswered) until the server is dropped.
            std::future::pending::<()>().await;
            Ok(())
        }
        Some(Behavior::Hangup) => sock.shutdown().await,
    }
}

/// Reads one request: head, then a Content-Length or chunked body.
async fn read_request(sock: &mut TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut tmp = vec![0u8; 64 * 1024];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > 1 << 20 {
            return None;
        }
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut rest = buf[head_end + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let body = if let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while rest.len() < len {
            read_more(sock, &mut tmp, &mut rest).await?;
        }
        rest.truncate(len);
        rest
    } else if get("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(i) = find(&rest, b"\r\n") {
                    break i;
                }
                read_more(sock, &mut tmp, &mut rest).await?;
            };
            let size_text = String::from_utf8_lossy(&rest[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            rest.drain(..line_end + 2);
            while rest.len() < size + 2 {
                read_more(sock, &mut tmp, &mut rest).await?;
            }
            body.extend_from_slice(&rest[..size]);
            rest.drain(..size + 2);
            if size == 0 {
                break body;
            }
        }
    } else {
        Vec::new()
    };
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

async fn read_more(sock: &mut TcpStream, tmp: &mut [u8], rest: &mut Vec<u8>) -> Option<()> {
    let n = sock.read(tmp).await.ok()?;
    if n == 0 {
        return None;
    }
    rest.extend_from_slice(&tmp[..n]);
    Some(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Any JSON value, a few levels deep, with the keys a parser looks for mixed
/// into arbitrary ones: what a hostile provider may answer. For the property
/// tests of every reply parser.
pub fn any_json(
    keys: &'static [&'static str],
) -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    use serde_json::Value;
    let key = prop_oneof![
        proptest::sample::select(keys).prop_map(str::to_string),
        ".{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        proptest::sample::select(keys).prop_map(|k| Value::String(k.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn records_every_request_whole_and_answers_by_rule() {
        let server = HostileServer::start(vec![
            ("POST /login", Behavior::json(200, r#"{"token":"t"}"#)),
            ("PUT /users", Behavior::json(201, "[]")),
        ])
        .await;
        let client = reqwest::Client::new();
        let r = client
            .post(format!("{}/login?x=1", server.base_url()))
            .header("x-api-key", "k-1")
            .form(&[("password", "p w")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.text().await.unwrap(), r#"{"token":"t"}"#);
        // A chunked body (unknown length) is recorded whole too.
        let chunks = futures_util::stream::iter(vec![
            Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"abc")),
            Ok(bytes::Bytes::from_static(b"def")),
        ]);
        let r = client
            .put(format!("{}/users/7", server.base_url()))
            .body(reqwest::Body::wrap_stream(chunks))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let r = client
            .delete(format!("{}/nothing", server.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let got = server.requests();
        assert_eq!(
            server.lines(),
            ["POST /login?x=1", "PUT /users/7", "DELETE /nothing"]
        );
        assert_eq!(got[0].header("X-Api-Key"), Some("k-1"));
        assert_eq!(got[0].body, b"password=p+w");
        assert_eq!(got[1].body, b"abcdef");
    }

    #[tokio::test]
    async fn endless_drip_stall_and_hangup_behave_as_named() {
        use futures_util::StreamExt;
        let client = reqwest::Client::new();
        for content_length in [true, false] {
            let s = HostileServer::always(Behavior::Endless { content_length }).await;
            let r = client.get(s.base_url()).send().await.unwrap();
            assert_eq!(r.content_length().is_some(), content_length);
            let mut stream = r.bytes_stream();
            let mut n = 0usize;
            while n < 4 << 20 {
                n += stream.next().await.unwrap().unwrap().len();
            }
        }
        let s = HostileServer::always(Behavior::Drip {
            every: Duration::from_millis(100),
            content_length: false,
        })
        .await;
        let r = client.get(s.base_url()).send().await.unwrap();
        let mut stream = r.bytes_stream();
        let started = std::time::Instant::now();
        let mut n = 0;
        while n < 3 {
            n += stream.next().await.unwrap().unwrap().len();
        }
        assert!(started.elapsed() >= Duration::from_millis(150));

        let s = HostileServer::always(Behavior::Stall).await;
        let quick = reqwest::Client::builder()
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let e = quick
            .post(s.base_url())
            .body("hola")
            .send()
            .await
            .unwrap_err();
        assert!(e.is_timeout());
        assert_eq!(s.requests()[0].body, b"hola", "read whole before stalling");

        let s = HostileServer::always(Behavior::Hangup).await;
        assert!(client.post(s.base_url()).body("x").send().await.is_err());
        assert_eq!(s.requests().len(), 1);
    }

    #[tokio::test]
    async fn dropping_the_server_closes_its_port() {
        let s = HostileServer::always(Behavior::Stall).await;
        let addr = s.addr();
        drop(s);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    }
}
