//! Named connections to providers. Non-secret settings live in SQLite; the
//! secret fields live in one OS-keychain entry per connection.

use crate::error::{add_field_error, Error, FieldError, FieldErrors, Result};
use crate::op::ProviderInfo;
use crate::validate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Where a connection's secret currently lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SecretStatus {
    /// In the OS keychain.
    Stored,
    /// Only in this process's memory (sandbox without a keychain); gone on exit.
    Memory,
    /// Nowhere: the keychain entry is gone or the keychain is unreachable.
    Missing,
}

/// A connection as the UI and CLI see it. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: String,
    pub name: String,
    /// The provider's id (`signio`); the service holds the list.
    pub provider: String,
    pub base_url: String,
    /// Points at a built-in simulator.
    pub sandbox: bool,
    pub secret: SecretStatus,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The provider-specific, non-secret settings (SIGNIO: `paths`,
    /// `token_lifetime_min`, `tenant`); absent when there are none.
    #[ts(optional, type = "Record<string, unknown>")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<serde_json::Value>,
}

/// What the user typed to add or edit a connection. `secrets` is write-only:
/// it goes to the keychain and is never echoed back. On edit, `None` keeps the
/// stored secret.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInput {
    pub name: String,
    /// The provider's id (`signio`); the service holds the list.
    pub provider: String,
    pub base_url: String,
    #[serde(default)]
    #[ts(optional, as = "Option<BTreeMap<String, String>>")]
    pub secrets: Option<BTreeMap<String, crate::SecretString>>,
    /// Provider-specific, non-secret settings, a JSON object (SIGNIO:
    /// `{"paths": {"envelope.create": "POST /…"}, "token_lifetime_min": 120,
    /// "tenant": "…"}`). Field errors come back as `settings.<key>`. On edit,
    /// `None` keeps the stored settings.
    #[serde(default)]
    #[ts(optional, type = "Record<string, unknown>")]
    pub settings: Option<serde_json::Value>,
}

impl std::fmt::Debug for ConnectionInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionInput")
            .field("name", &self.name)
            .field("provider", &self.provider)
            .field("base_url", &without_userinfo(&self.base_url))
            .field(
                "secrets",
                &self.secrets.as_ref().map(|s| s.keys().collect::<Vec<_>>()),
            )
            .field("settings", &self.settings)
            .finish()
    }
}

pub const MAX_CONNECTION_NAME: usize = 80;
pub const MAX_BASE_URL: usize = 2048;
/// The field base-URL errors are reported on.
pub const BASE_URL_FIELD: &str = "baseUrl";

/// `https_only`: neither https nor loopback http.
fn https_only() -> FieldError {
    FieldError::new(
        "https_only",
        "must start with https:// (http:// only for this computer: localhost, 127.0.0.1 or ::1)",
    )
}

/// Checks a connection's base URL and returns the form to store and use:
/// https, or http to loopback only (credentials must not cross a network in
/// clear text); no `user:pass@` (it would sit in SQLite and history), no
/// query and no fragment (paths are appended to it). The result is the URL
/// as the HTTP client will parse it, without a trailing slash.
pub fn check_base_url(value: &str) -> std::result::Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(validate::blank());
    }
    if v.len() > MAX_BASE_URL {
        return Err(validate::max_length(MAX_BASE_URL));
    }
    // The URL parser drops tabs and newlines silently; refuse them so what is
    // stored is what was typed.
    if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::new(
            "url_spaces",
            "must not contain spaces or control characters",
        ));
    }
    let url = url::Url::parse(v).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => https_only(),
        url::ParseError::EmptyHost => validate::url_no_host(),
        e => FieldError::new("invalid_url", format!("is not a valid URL ({e})"))
            .param("detail", e.to_string()),
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(FieldError::new(
                "https_required",
                "must use https:// (http:// is only allowed for this computer: localhost, 127.0.0.1 or ::1)",
            ))
        }
        _ => return Err(https_only()),
    }
    if url.host().is_none() {
        return Err(validate::url_no_host());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(FieldError::new(
            "url_credentials",
            "must not contain a user name or password (user:pass@); enter them as the connection's secrets",
        ));
    }
    if url.query().is_some() {
        return Err(FieldError::new(
            "url_query",
            "must not contain a query (?…)",
        ));
    }
    if url.fragment().is_some() {
        return Err(FieldError::new(
            "url_fragment",
            "must not contain a fragment (#…)",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Like [`check_base_url`], and the host must be this computer (simulators).
pub fn check_loopback_url(value: &str) -> std::result::Result<String, FieldError> {
    if matches!(url::Url::parse(value.trim()), Ok(u) if !is_loopback(&u)) {
        return Err(FieldError::new(
            "loopback_only",
            "must be an address on this computer (localhost, 127.0.0.1 or ::1)",
        ));
    }
    check_base_url(value)
}

/// The URL with any `user:pass@` replaced, for logs and debug output.
fn without_userinfo(raw: &str) -> String {
    match url::Url::parse(raw.trim()) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_password(None);
            let _ = u.set_username("redacted");
            u.to_string()
        }
        _ => raw.to_owned(),
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Whether two base URLs have the same origin (scheme, host, port): the
/// secrets of a connection may only go where they went before. A URL that
/// does not parse never matches.
pub fn same_origin(a: &str, b: &str) -> bool {
    match (url::Url::parse(a.trim()), url::Url::parse(b.trim())) {
        (Ok(a), Ok(b)) => {
            let (a, b) = (a.origin(), b.origin());
            a.is_tuple() && a == b
        }
        _ => false,
    }
}

impl ConnectionInput {
    /// Checks every field against its provider (the service looks it up);
    /// `require_secrets` is true when adding.
    pub fn validate(&self, require_secrets: bool, provider: &ProviderInfo) -> Result<()> {
        let mut errs = FieldErrors::new();
        if self.provider != provider.id {
            let e = FieldError::new("wrong_provider", format!("is not {}", provider.id))
                .param("provider", provider.id.as_str());
            add_field_error(&mut errs, "provider", e);
        }
        let fields: Vec<&str> = provider.secret_fields.iter().map(String::as_str).collect();
        validate::required_text(&mut errs, "name", &self.name, MAX_CONNECTION_NAME);
        if let Err(e) = check_base_url(&self.base_url) {
            add_field_error(&mut errs, BASE_URL_FIELD, e);
        }
        match &self.secrets {
            None if require_secrets => {
                add_field_error(&mut errs, "secrets", validate::blank());
            }
            None => {}
            Some(map) => {
                for field in &fields {
                    match map.get(*field) {
                        Some(v) if !v.is_blank() => {
                            if v.expose().len() > 4096 {
                                let e = validate::max_length(4096);
                                add_field_error(&mut errs, format!("secrets.{field}"), e);
                            }
                        }
                        _ => {
                            let e = validate::blank();
                            add_field_error(&mut errs, format!("secrets.{field}"), e);
                        }
                    }
                }
                for key in map.keys() {
                    if !fields.contains(&key.as_str()) {
                        let e = FieldError::new(
                            "unknown_secret_field",
                            format!(
                                "is not a secret field of {}; expected {}",
                                provider.label,
                                fields.join(", ")
                            ),
                        )
                        .param("provider", provider.label.as_str())
                        .param("expected", fields.join(", "));
                        add_field_error(&mut errs, format!("secrets.{key}"), e);
                    }
                }
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(errs))
        }
    }
}

/// The outcome of "Test connection".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub ok: bool,
    /// What the provider said (its message on failure).
    pub message: String,
    #[ts(type = "number")]
    pub latency_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<Error>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BackOffice as the service describes it.
    fn bo() -> ProviderInfo {
        ProviderInfo {
            id: "backoffice".into(),
            label: "BackOffice".into(),
            secret_fields: vec!["api_key".into(), "username".into(), "password".into()],
            sandbox_name: "Sandbox".into(),
            setting_fields: Vec::new(),
        }
    }
    use crate::SecretString;

    fn input(secrets: Option<&[(&str, &str)]>) -> ConnectionInput {
        ConnectionInput {
            name: "Producción".into(),
            provider: "backoffice".into(),
            base_url: "https://bo.example.com".into(),
            settings: None,
            secrets: secrets.map(|s| {
                s.iter()
                    .map(|(k, v)| (k.to_string(), SecretString::new(*v)))
                    .collect()
            }),
        }
    }

    #[test]
    fn adding_requires_every_secret_field() {
        let err = input(Some(&[("api_key", "k")]))
            .validate(true, &bo())
            .unwrap_err();
        let f = err.fields.unwrap();
        assert_eq!(f["secrets.username"].code, "blank");
        assert_eq!(f["secrets.password"].code, "blank");
        assert!(!f.contains_key("secrets.api_key"));
    }

    #[test]
    fn unknown_secret_fields_are_refused() {
        let err = input(Some(&[
            ("api_key", "k"),
            ("username", "u"),
            ("password", "p"),
            ("token", "t"),
        ]))
        .validate(true, &bo())
        .unwrap_err();
        assert_eq!(
            err.fields.unwrap()["secrets.token"].code,
            "unknown_secret_field"
        );
    }

    #[test]
    fn debug_does_not_print_secret_values() {
        let mut i = input(Some(&[("password", "s3cr3t")]));
        assert!(!format!("{i:?}").contains("s3cr3t"));
        // Not even one typed into the URL.
        i.base_url = "https://ana:0tr4cl4ve@bo.example.com".into();
        let shown = format!("{i:?}");
        assert!(
            !shown.contains("0tr4cl4ve") && shown.contains("bo.example.com"),
            "{shown}"
        );
    }

    #[test]
    fn editing_may_keep_the_stored_secret() {
        input(None).validate(false, &bo()).unwrap();
        assert!(input(None).validate(true, &bo()).is_err());
    }

    #[test]
    fn base_urls_are_https_or_loopback_http() {
        for ok in [
            "https://bo.example.com",
            "https://bo.example.com:8443/api/v1/",
            "http://127.0.0.1:9000",
            "http://127.8.9.10",
            "http://localhost:4100/",
            "http://[::1]:8080",
            "HTTPS://BO.Example.com",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}: {:?}", check_base_url(ok));
        }
        assert_eq!(
            check_base_url(" https://bo.example.com/api/ ").unwrap(),
            "https://bo.example.com/api"
        );
        assert_eq!(
            check_base_url("HTTPS://BO.Example.com:443").unwrap(),
            "https://bo.example.com"
        );
        let refused = |u: &str, says: &str| {
            let m = check_base_url(u).unwrap_err();
            assert!(m.message.contains(says), "{u}: {m}");
        };
        refused("http://bo.example.com", "https://");
        refused("http://10.0.0.1", "https://");
        refused("http://localhost.evil.com", "https://");
        refused("http://127.0.0.1.nip.io", "https://");
        refused("ftp://bo.example.com", "https://");
        refused("bo.example.com", "https://");
        refused("javascript:alert(1)", "https://");
        refused(
            "https://ana:s3creta@bo.example.com",
            "user name or password",
        );
        refused("https://ana@bo.example.com", "user name or password");
        refused("https://bo.example.com/?x=1", "query");
        refused("https://bo.example.com/#top", "fragment");
        refused("https://bo.exa mple.com", "spaces");
        refused("https://bo.example.com/\nx", "");
        refused("https://bo.ex\nample.com", "control");
        refused("https://", "host");
        refused("", "blank");
        refused(&format!("https://x.mx/{}", "a".repeat(2048)), "too long");
    }

    #[test]
    fn base_url_errors_are_field_errors_before_anything_is_stored() {
        let mut i = input(Some(&[
            ("api_key", "k"),
            ("username", "u"),
            ("password", "p"),
        ]));
        i.base_url = "http://bo.example.com".into();
        let f = i.validate(true, &bo()).unwrap_err().fields.unwrap();
        assert_eq!(f[BASE_URL_FIELD].code, "https_required", "{f:?}");
        assert!(f[BASE_URL_FIELD].message.contains("https://"), "{f:?}");
        // The message never echoes the URL (it may hold a password).
        i.base_url = "https://ana:s3creta@bo.example.com".into();
        let f = i.validate(true, &bo()).unwrap_err().fields.unwrap();
        assert_eq!(f[BASE_URL_FIELD].code, "url_credentials");
        assert!(!serde_json::to_string(&f).unwrap().contains("s3creta"));
    }

    #[test]
    fn loopback_urls_and_origins() {
        assert!(check_loopback_url("http://127.0.0.1:4100").is_ok());
        assert!(check_loopback_url("https://localhost:4100").is_ok());
        for remote in [
            "https://bo.example.com",
            "http://10.0.0.2:4200",
            "http://[::2]:1",
        ] {
            let m = check_loopback_url(remote).unwrap_err();
            assert_eq!(m.code, "loopback_only", "{remote}: {m}");
        }
        assert!(check_loopback_url("http://ana:pw@127.0.0.1:1").is_err());
        assert!(same_origin("https://a.mx/api", "https://a.mx:443/other"));
        assert!(!same_origin("https://a.mx", "https://a.mx:8443"));
        assert!(!same_origin("https://a.mx", "https://b.mx"));
        assert!(!same_origin("http://127.0.0.1:1", "https://127.0.0.1:1"));
        assert!(!same_origin("not a url", "not a url"));
    }

    proptest::proptest! {
        /// Whatever is typed: no panic, and what is accepted is https or
        /// loopback http, with no userinfo, query or fragment, and stable.
        #[test]
        fn accepted_base_urls_keep_the_rules(
            raw in "(https?|ftp)://([a-z0-9:@.\\[\\]%#?/\\\\-]|\\PC){0,40}"
        ) {
            if let Ok(stored) = check_base_url(&raw) {
                let u = url::Url::parse(&stored).unwrap();
                proptest::prop_assert!(u.scheme() == "https" || (u.scheme() == "http" && is_loopback(&u)));
                proptest::prop_assert!(u.username().is_empty() && u.password().is_none());
                proptest::prop_assert!(u.query().is_none() && u.fragment().is_none());
                proptest::prop_assert_eq!(check_base_url(&stored), Ok(stored.clone()));
                proptest::prop_assert!(same_origin(&stored, &raw));
            }
        }
    }
}
