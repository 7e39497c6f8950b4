//! A hostile BackOffice on loopback: logs in like the real one (a JWT that
//! expires in an hour), then answers each call as the test says, hangs on
//! it, or echoes what it was sent. Plain threads and std sockets, so both
//! async and blocking tests can use it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub body: String,
}

/// What to do with a request other than the login.
pub enum Reply {
    /// Status and JSON body.
    Json(u16, String),
    /// Read it, then never answer (until the process or the test ends).
    Hang,
}

type Route = dyn Fn(&Seen) -> Reply + Send + Sync;

pub struct FakeBackoffice {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl FakeBackoffice {
    pub fn start(route: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> FakeBackoffice {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let route: Arc<Route> = Arc::new(route);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (route, log) = (route.clone(), log.clone());
                std::thread::spawn(move || serve(stream, &*route, &log));
            }
        });
        FakeBackoffice { base_url, seen }
    }

    /// Requests received so far (logins included).
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Requests received so far, logins left out.
    pub fn calls(&self) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| !s.path.contains("/login"))
            .collect()
    }
}

fn serve(stream: TcpStream, route: &Route, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_owned();
        let path = parts.next().unwrap_or("").to_owned();
        let mut length = 0usize;
        let mut chunked = false;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let lower = h.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
                chunked = true;
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                let mut size = String::new();
                reader.read_line(&mut size).unwrap();
                let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; n + 2];
                reader.read_exact(&mut chunk).unwrap();
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else {
            body.resize(length, 0);
            reader.read_exact(&mut body).unwrap();
        }
        let seen = Seen {
            method,
            path,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        log.lock().unwrap().push(seen.clone());
        let (status, json) = if seen.path.contains("/login") {
            (200, login_reply())
        } else {
            match route(&seen) {
                Reply::Json(s, j) => (s, j),
                Reply::Hang => loop {
                    std::thread::sleep(Duration::from_secs(3600));
                },
            }
        };
        let reply = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{json}",
            json.len()
        );
        if out.write_all(reply.as_bytes()).is_err() {
            return;
        }
    }
}

fn login_reply() -> String {
    let exp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    let token = ventanilla_provider_backoffice::jwt::sign_hs256(
        &serde_json::json!({"user_id": 1, "exp": exp}),
        b"fake",
    );
    serde_json::json!({
        "token": token, "exp": "", "id": 1, "username": "ana",
        "sponsor": "", "referral_link": ""
    })
    .to_string()
}
