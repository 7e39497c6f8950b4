//! Opening provider links (a SIGNIO magic link, an on-site signing URL) in the
//! system browser. The webview cannot open URLs itself; it asks Rust to open
//! one, and Rust opens a link the provider adapter handed to this app in
//! this session, over https (http only to loopback: the sandbox). Any other
//! link (one in a provider's HTML, e.g. a ticket thread) must be plain https
//! and is opened only after a native confirmation that shows its host. So a
//! compromised page cannot use the app to launch arbitrary URLs or programs.
//!
//! E2E builds record the URL in `VENTANILLA_E2E_OPENED_LINKS` (one per line)
//! instead of starting a browser, which WebDriver could not see.

use std::collections::VecDeque;
use std::sync::Mutex;
use ventanilla_core::error::FieldError;
use ventanilla_core::{Error, ErrorCode, Result};

/// How many issued links are remembered; older ones must be fetched again.
const REMEMBERED: usize = 64;

/// Links the provider adapters issued in this session.
#[derive(Default)]
pub struct IssuedLinks(Mutex<VecDeque<String>>);

impl IssuedLinks {
    /// Remembers a link the adapter returned, so the user may open it.
    pub fn remember(&self, url: &str) {
        let mut all = self.0.lock().unwrap();
        all.retain(|u| u != url);
        if all.len() == REMEMBERED {
            all.pop_front();
        }
        all.push_back(url.to_owned());
    }

    /// Whether the adapter issued exactly this link in this session.
    pub fn issued(&self, url: &str) -> bool {
        self.0.lock().unwrap().iter().any(|u| u == url)
    }

    /// The link, checked: issued here, and https (or http to loopback).
    pub fn check(&self, url: &str) -> Result<url::Url> {
        if !self.0.lock().unwrap().iter().any(|u| u == url) {
            return Err(Error::invalid("url", FieldError::new("link_not_issued", "only a link this app obtained from the provider can be opened; ask for it again")));
        }
        let parsed = url::Url::parse(url).map_err(|_| {
            Error::invalid(
                "url",
                FieldError::new(
                    "link_not_url",
                    "the provider returned a link that is not a URL",
                ),
            )
        })?;
        let loopback = matches!(
            parsed.host(),
            Some(url::Host::Ipv4(ip)) if ip.is_loopback()
        ) || matches!(parsed.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
            || parsed.host_str() == Some("localhost");
        match parsed.scheme() {
            "https" => Ok(parsed),
            "http" if loopback => Ok(parsed),
            _ => Err(Error::invalid(
                "url",
                FieldError::new(
                    "link_https_only",
                    "only https links are opened in the browser (http only for the local sandbox)",
                ),
            )),
        }
    }
}

/// A link the adapter did not issue (one in provider HTML), checked before
/// the user is asked: https with a host, no `user:pass@` (which makes a
/// link look like another host's).
pub fn check_foreign(url: &str) -> Result<url::Url> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| {
        Error::invalid(
            "url",
            FieldError::new("link_not_url", "this link is not a valid address"),
        )
    })?;
    if parsed.scheme() != "https" {
        return Err(Error::invalid(
            "url",
            FieldError::new(
                "link_https_only",
                "only https links are opened in the browser",
            ),
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid(
            "url",
            FieldError::new("url_no_host", "this link names no host"),
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::invalid(
            "url",
            FieldError::new(
                "link_credentials",
                "links with a user name or password in them are not opened",
            ),
        ));
    }
    Ok(parsed)
}

/// The confirmation for a foreign link, in the UI's language: names the host
/// (as the browser will see it: IDNs in punycode, so a lookalike shows).
pub fn confirm_text(
    url: &url::Url,
    spanish: bool,
) -> (String, String, (&'static str, &'static str)) {
    let host = url.host_str().unwrap_or_default();
    if spanish {
        (
            "Abrir enlace".into(),
            format!("¿Abrir {host} en su navegador?\n\n{url}"),
            ("Abrir", "Cancelar"),
        )
    } else {
        (
            "Open link".into(),
            format!("Open {host} in your browser?\n\n{url}"),
            ("Open", "Cancel"),
        )
    }
}

/// At most one link confirmation on screen: a page cannot stack dialogs
/// (each later one refused while the first is open).
#[derive(Debug, Default)]
pub struct OneQuestion(std::sync::atomic::AtomicBool);

/// Held while a question is on screen.
#[derive(Debug)]
pub struct Asking<'a>(&'a OneQuestion);

impl OneQuestion {
    pub fn begin(&self) -> Result<Asking<'_>> {
        use std::sync::atomic::Ordering;
        if self.0.swap(true, Ordering::AcqRel) {
            return Err(Error::invalid(
                "url",
                FieldError::new(
                    "link_pending",
                    "another link is waiting for your confirmation; answer it first",
                ),
            ));
        }
        Ok(Asking(self))
    }
}

impl Drop for Asking<'_> {
    fn drop(&mut self) {
        self.0 .0.store(false, std::sync::atomic::Ordering::Release);
    }
}

/// Opens a checked link in the user's default browser.
pub fn open_in_browser(url: &url::Url) -> Result<()> {
    #[cfg(feature = "e2e")]
    if let Some(log) = std::env::var_os("VENTANILLA_E2E_OPENED_LINKS") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| Error::io("cannot record the opened link", &e))?;
        return writeln!(f, "{url}").map_err(|e| Error::io("cannot record the opened link", &e));
    }
    // The error text of `opener` may quote the link, a login bearer: not shown.
    opener::open_browser(url.as_str()).map_err(|_| {
        Error::new(
            ErrorCode::Io,
            "no web browser could be started to open the link; copy the link instead",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_issued_links_open() {
        let links = IssuedLinks::default();
        let e = links.check("https://signio.example/m/abc").unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        links.remember("https://signio.example/m/abc");
        assert!(links.check("https://signio.example/m/abc").is_ok());
        // A lookalike is not the issued link.
        assert!(links.check("https://signio.example/m/abcd").is_err());
    }

    #[test]
    fn only_https_or_loopback_http() {
        let links = IssuedLinks::default();
        for u in [
            "http://127.0.0.1:4100/m/1",
            "http://localhost:4100/m/1",
            "http://[::1]:4100/m/1",
            "https://firma.example.mx/x",
        ] {
            links.remember(u);
            assert!(links.check(u).is_ok(), "{u}");
        }
        for u in [
            "http://firma.example.mx/x",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "not a url",
        ] {
            links.remember(u);
            assert!(links.check(u).is_err(), "{u}");
        }
    }

    #[test]
    fn foreign_links_must_be_plain_https() {
        for u in [
            "https://ayuda.example.com/faq",
            "https://xn--pypal-4ve.com/login",
            "https://10.0.0.1/x",
        ] {
            assert!(check_foreign(u).is_ok(), "{u}");
        }
        for u in [
            "http://ayuda.example.com/faq",
            "http://127.0.0.1:4100/x",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<b>x</b>",
            "tauri://localhost/",
            "https://bank.example@evil.example/",
            "https://user:pw@evil.example/",
            "/relative/path",
            "mailto:a@b.example",
        ] {
            let e = check_foreign(u).unwrap_err();
            assert_eq!(e.code, ErrorCode::Validation, "{u}");
        }
    }

    #[test]
    fn the_confirmation_names_the_host() {
        let u = check_foreign("https://ayuda.example.com/faq?q=1").unwrap();
        let (_, es, _) = confirm_text(&u, true);
        assert!(
            es.starts_with("¿Abrir ayuda.example.com en su navegador?"),
            "{es}"
        );
        let (_, en, (yes, _)) = confirm_text(&u, false);
        assert!(
            en.starts_with("Open ayuda.example.com in your browser?"),
            "{en}"
        );
        assert_eq!(yes, "Open");
        // A lookalike Unicode host is shown as the browser will resolve it.
        let u = check_foreign("https://pаypal.com/").unwrap();
        let (_, en, _) = confirm_text(&u, false);
        assert!(en.starts_with("Open xn--"), "{en}");
    }

    #[test]
    fn one_confirmation_at_a_time() {
        let q = OneQuestion::default();
        let first = q.begin().unwrap();
        assert_eq!(q.begin().unwrap_err().code, ErrorCode::Validation);
        drop(first);
        assert!(q.begin().is_ok(), "answered: the next may ask");
    }

    #[test]
    fn remembers_a_bounded_number() {
        let links = IssuedLinks::default();
        for i in 0..=REMEMBERED {
            links.remember(&format!("https://s.example/{i}"));
        }
        assert!(links.check("https://s.example/0").is_err());
        assert!(links
            .check(&format!("https://s.example/{REMEMBERED}"))
            .is_ok());
    }
}
