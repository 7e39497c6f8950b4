//! DYNAMICORE 1.2: the "Ictineo" HMAC signature, exactly as the provider's
//! JavaScript computes it, as the http crate's [`RequestSigner`] so every
//! attempt (a retried GET too) carries a fresh timestamp and signature.
//!
//! ```text
//! key  = hex(SHA-512(secret))            (the 128 ASCII bytes of the hex text)
//! msg  = trim(ts + METHOD + path + query + body)
//! auth = "Ictineo " + CLIENT_KEY + ":" + ts + ":" + hex(HMAC-SHA256(key, msg))
//! ```
//!
//! The simulator verifies with the same functions, so the two cannot drift.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, Request};
use sha2::{Digest, Sha256, Sha512};
use ventanilla_core::{Error, Result, SecretString};
use ventanilla_http::RequestSigner;

use crate::jsjson;

/// The scheme word (`AUTH_TYPE` in the seed's snippet).
pub const SCHEME: &str = "Ictineo";

/// Step 1: the HMAC key is the lowercase hex text of SHA-512(secret).
pub fn derive_key(secret: &str) -> String {
    hex::encode(Sha512::digest(secret.as_bytes()))
}

/// Step 3: `getPath`, i.e. `/.+?\:\/\/.+?(\/.+?)(?:#|\?|$)/` by hand: from the
/// first `/` after (at least one character of) the host, lazily up to the
/// first `#`/`?` that follows at least one character, or the end. `""` when
/// nothing matches (`https://h/`). Note `https://h/?a=1` gives `/?a=1`.
pub fn js_path(url: &str) -> &str {
    let Some(sep) = url.get(1..).and_then(|s| s.find("://")).map(|i| i + 1) else {
        return "";
    };
    let host_start = sep + 3;
    // The host takes at least one character, so the slash is searched after it.
    let Some(after_host) = url[host_start..]
        .char_indices()
        .nth(1)
        .map(|(i, _)| host_start + i)
    else {
        return "";
    };
    let Some(slash) = url[after_host..].find('/').map(|i| after_host + i) else {
        return "";
    };
    // `.+?` takes at least one character after the slash.
    let Some(first) = url[slash + 1..].chars().next() else {
        return "";
    };
    let from = slash + 1 + first.len_utf8();
    let end = url[from..].find(['#', '?']).map_or(url.len(), |i| from + i);
    &url[slash..end]
}

/// Step 4: `getQueryString`: everything after the first `?`, verbatim
/// (fragment included), or `""`.
pub fn js_query(url: &str) -> &str {
    url.split_once('?').map_or("", |(_, q)| q)
}

/// Step 5: the signed body. GET, or no body, is `""`; otherwise
/// `JSON.stringify(JSON.parse(body))`, and a body that is not JSON cannot
/// be signed (the snippet throws).
pub fn signed_body(method: &str, body: Option<&[u8]>) -> Option<String> {
    match body {
        _ if method == "GET" => Some(String::new()),
        None | Some(b"") => Some(String::new()),
        Some(b) => jsjson::restringify(std::str::from_utf8(b).ok()?),
    }
}

/// `String.prototype.trim`: JavaScript's white space and line terminators
/// (Rust's set has U+0085 too and lacks U+FEFF).
fn js_trim(s: &str) -> &str {
    let ws = |c: char| (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}';
    s.trim_matches(ws)
}

/// Step 6: the message, `timestamp + METHOD + path + query + body`, trimmed.
pub fn message(ts: u64, method: &str, url: &str, body: &str) -> String {
    let joined = format!("{ts}{method}{}{}{body}", js_path(url), js_query(url));
    js_trim(&joined).to_string()
}

/// Step 7: lowercase hex HMAC-SHA256 of the message, keyed with the derived key text.
pub fn digest(derived_key: &str, message: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(derived_key.as_bytes()).expect("HMAC takes any key length");
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Step 8: the header value.
pub fn header_value(client_key: &str, ts: u64, digest: &str) -> String {
    format!("{SCHEME} {client_key}:{ts}:{digest}")
}

/// A parsed `Authorization` header (what the simulator checks).
#[derive(Debug, PartialEq, Eq)]
pub struct Parsed<'a> {
    pub client_key: &'a str,
    pub ts: u64,
    pub digest: &'a str,
}

/// `Ictineo KEY:TS:HEX`, or `None` when malformed.
pub fn parse_header(v: &str) -> Option<Parsed<'_>> {
    let rest = v.strip_prefix(SCHEME)?.strip_prefix(' ')?;
    let (client_key, rest) = rest.split_once(':')?;
    let (ts, digest) = rest.split_once(':')?;
    let ok_ts = !ts.is_empty() && ts.bytes().all(|b| b.is_ascii_digit());
    let ok_digest = digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit());
    (!client_key.is_empty() && ok_ts && ok_digest).then(|| Parsed {
        client_key,
        ts: ts.parse().unwrap_or(u64::MAX),
        digest,
    })
}

/// Milliseconds since the Unix epoch (`new Date().getTime()`).
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The system clock, in milliseconds.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    })
}

/// Signs requests as one DynamiCore client key. The secret is kept only
/// as its derived key, and neither is ever printed.
pub struct IctineoSigner {
    client_key: String,
    derived: SecretString,
    clock: Clock,
}

impl IctineoSigner {
    pub fn new(client_key: &str, secret: &SecretString) -> Self {
        Self::with_clock(client_key, secret, system_clock())
    }

    /// With an explicit clock (tests; a simulated skew).
    pub fn with_clock(client_key: &str, secret: &SecretString, clock: Clock) -> Self {
        IctineoSigner {
            client_key: client_key.trim().to_string(),
            derived: SecretString::new(derive_key(secret.expose())),
            clock,
        }
    }

    /// The header value for one request at time `ts`.
    pub fn authorization(&self, ts: u64, method: &str, url: &str, body: &str) -> String {
        let msg = message(ts, method, url, body);
        header_value(&self.client_key, ts, &digest(self.derived.expose(), &msg))
    }
}

impl std::fmt::Debug for IctineoSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IctineoSigner")
            .field("client_key", &self.client_key)
            .finish_non_exhaustive()
    }
}

/// Whether the body is multipart (signed as `""`: the seed's signer can only
/// sign JSON, DYNAMICORE 1.5 #5).
fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/"))
}

impl RequestSigner for IctineoSigner {
    fn sign(&self, req: &mut Request) -> Result<()> {
        let method = req.method().as_str().to_string();
        let body = if is_multipart(req) || req.method() == Method::GET {
            String::new()
        } else {
            // A streamed body has no bytes to show; only multipart streams here.
            let bytes = req.body().and_then(|b| b.as_bytes());
            signed_body(&method, bytes).ok_or_else(|| {
                Error::internal("DynamiCore can only sign JSON bodies, and this one is not JSON")
            })?
        };
        let value = self.authorization((self.clock)(), &method, req.url().as_str(), &body);
        let mut hv = HeaderValue::from_str(&value).map_err(|_| {
            Error::internal("the DynamiCore client key is not a valid header value")
        })?;
        hv.set_sensitive(true);
        req.headers_mut().insert(AUTHORIZATION, hv);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "d989a607a50667160b3d3f3dd04692c6f03ce4fc3c6b967a35e8e570a4cfd3237e30cab6ee3d11d22ff4b6ec81995c8521a0f4082d09b503c4ec7cd30ab1c3a5";
    const TS: u64 = 1_700_000_000_000;

    fn signer() -> IctineoSigner {
        IctineoSigner::with_clock(
            "CLIENT_KEY",
            &SecretString::new("SECRET_KEY"),
            Arc::new(|| TS),
        )
    }

    #[test]
    fn digest_vector_key() {
        assert_eq!(derive_key("SECRET_KEY"), KEY);
    }

    #[test]
    fn digest_vector_get_with_query() {
        let url = "https://api.dynamicore.io/v1/accounts?client_id=1&id=1";
        assert_eq!(
            message(TS, "GET", url, ""),
            "1700000000000GET/v1/accountsclient_id=1&id=1"
        );
        assert_eq!(
            signer().authorization(TS, "GET", url, ""),
            "Ictineo CLIENT_KEY:1700000000000:b78cb7662bbeb8435239efed7948b150fc551bcb3d4b7ae6c7d33045bbab9c60"
        );
    }

    #[test]
    fn digest_vector_post_body_is_restringified() {
        let raw = br#"{ "client_id": "1", "product": "6", "enabled": "1", "currency": "484" }"#;
        let body = signed_body("POST", Some(raw)).unwrap();
        let url = "https://api.dynamicore.io/v1/accounts";
        assert_eq!(
            message(TS, "POST", url, &body),
            r#"1700000000000POST/v1/accounts{"client_id":"1","product":"6","enabled":"1","currency":"484"}"#
        );
        assert_eq!(
            digest(KEY, &message(TS, "POST", url, &body)),
            "ed9b9e5509a97d533d182ef6d82d5da1749ba91a6de2f7d8f4a073eb7ed85d45"
        );
    }

    #[test]
    fn path_as_the_regex_cuts_it() {
        for (url, path, query) in [
            ("https://api.dynamicore.io/", "", ""),
            ("https://api.dynamicore.io", "", ""),
            ("https://api.dynamicore.io/v1/a", "/v1/a", ""),
            ("https://h/v1/a/?x=1", "/v1/a/", "x=1"),
            ("https://h/?a=1", "/?a=1", "a=1"),
            ("https://h/p#f?q", "/p", "q"),
            ("https://h/p?a=1?b=2#f", "/p", "a=1?b=2#f"),
            (
                "http://127.0.0.1:8080/files/users/upload/1/pii%5Bx%5D",
                "/files/users/upload/1/pii%5Bx%5D",
                "",
            ),
            ("no-scheme/path", "", ""),
        ] {
            assert_eq!(js_path(url), path, "{url}");
            assert_eq!(js_query(url), query, "{url}");
        }
    }

    #[test]
    fn get_and_empty_bodies_are_not_signed() {
        assert_eq!(signed_body("GET", Some(b"{\"a\":1}")).unwrap(), "");
        assert_eq!(signed_body("POST", None).unwrap(), "");
        assert_eq!(signed_body("PUT", Some(b"")).unwrap(), "");
        assert_eq!(signed_body("POST", Some(b"a=1&b=2")), None);
    }

    #[test]
    fn nested_and_non_ascii_bodies() {
        let raw = "{\"pii\": {\"firstname\": \"José Ñúñez\", \"rfc\": \"ÑUGJ800101AB1\"}, \"tags\": [1, 2.0, {\"z\": \"/\"}]}";
        let body = signed_body("POST", Some(raw.as_bytes())).unwrap();
        assert_eq!(
            body,
            "{\"pii\":{\"firstname\":\"José Ñúñez\",\"rfc\":\"ÑUGJ800101AB1\"},\"tags\":[1,2,{\"z\":\"/\"}]}"
        );
        // The digest covers the UTF-8 bytes of the literal text.
        let a = digest(
            KEY,
            &message(TS, "POST", "https://h/private/clients", &body),
        );
        let escaped = body.replace('é', "\\u00e9");
        let b = digest(
            KEY,
            &message(TS, "POST", "https://h/private/clients", &escaped),
        );
        assert_ne!(a, b);
    }

    #[test]
    fn message_is_trimmed_as_javascript_does() {
        assert_eq!(
            message(TS, "GET", "https://h/a?q= \u{feff}", ""),
            "1700000000000GET/aq="
        );
        assert_eq!(
            message(TS, "GET", "https://h/a?q=\u{85}", ""),
            "1700000000000GET/aq=\u{85}"
        );
    }

    #[test]
    fn header_round_trip() {
        let v = signer().authorization(TS, "GET", "https://h/v1/x", "");
        let p = parse_header(&v).unwrap();
        assert_eq!((p.client_key, p.ts), ("CLIENT_KEY", TS));
        for bad in [
            "",
            "Bearer x",
            "Ictineo CLIENT_KEY:1700000000000",
            "Ictineo :1:0000000000000000000000000000000000000000000000000000000000000000",
            "Ictineo K:x1:0000000000000000000000000000000000000000000000000000000000000000",
            "Ictineo K:1:zz",
        ] {
            assert_eq!(parse_header(bad), None, "{bad}");
        }
    }

    #[test]
    fn signer_sets_a_sensitive_header_and_signs_multipart_empty() {
        let client = reqwest::Client::new();
        let mut req = client
            .post("https://api.dynamicore.io/v1/accounts")
            .header(CONTENT_TYPE, "application/json")
            .body(r#"{ "client_id": "1", "product": "6", "enabled": "1", "currency": "484" }"#)
            .build()
            .unwrap();
        signer().sign(&mut req).unwrap();
        let h = req.headers().get(AUTHORIZATION).unwrap();
        assert!(h.is_sensitive());
        assert!(h
            .to_str()
            .unwrap()
            .ends_with(":ed9b9e5509a97d533d182ef6d82d5da1749ba91a6de2f7d8f4a073eb7ed85d45"));

        let mut up = client
            .post("https://api.dynamicore.io/files/users/upload/1/acta")
            .header(CONTENT_TYPE, "multipart/form-data; boundary=x")
            .body("--x\r\nnot json\r\n--x--\r\n")
            .build()
            .unwrap();
        signer().sign(&mut up).unwrap();
        let expect = signer().authorization(
            TS,
            "POST",
            "https://api.dynamicore.io/files/users/upload/1/acta",
            "",
        );
        assert_eq!(up.headers()[AUTHORIZATION].to_str().unwrap(), expect);
    }

    #[test]
    fn a_non_json_body_is_refused_not_sent_unsigned() {
        let mut req = reqwest::Client::new()
            .post("https://h/v1/accounts")
            .body("client_id=1")
            .build()
            .unwrap();
        assert!(signer().sign(&mut req).is_err());
    }
}
