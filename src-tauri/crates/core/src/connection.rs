//! Named connections to providers. Non-secret settings live in SQLite; the
//! secret fields live in one OS-keychain entry per connection.

use crate::error::{Error, FieldErrors, Result};
use crate::validate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The providers Ventanilla can talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Backoffice,
    Signio,
}

impl ProviderKind {
    pub const ALL: &'static [ProviderKind] = &[ProviderKind::Backoffice, ProviderKind::Signio];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Backoffice => "backoffice",
            ProviderKind::Signio => "signio",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        ProviderKind::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<_> = ProviderKind::ALL.iter().map(|p| p.as_str()).collect();
                Error::invalid(
                    "provider",
                    format!("unknown provider {s:?}; known: {}", known.join(", ")),
                )
            })
    }

    /// The names of the secret fields a connection of this provider needs.
    pub fn secret_fields(self) -> &'static [&'static str] {
        match self {
            ProviderKind::Backoffice => &["api_key", "username", "password"],
            ProviderKind::Signio => &["email", "password"],
        }
    }

    /// The name people know the provider by (history, messages).
    pub fn label(self) -> &'static str {
        match self {
            ProviderKind::Backoffice => "BackOffice",
            ProviderKind::Signio => "SIGNIO",
        }
    }
}

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
    pub provider: ProviderKind,
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
    pub provider: ProviderKind,
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
            .field("base_url", &self.base_url)
            .field(
                "secrets",
                &self.secrets.as_ref().map(|s| s.keys().collect::<Vec<_>>()),
            )
            .field("settings", &self.settings)
            .finish()
    }
}

pub const MAX_CONNECTION_NAME: usize = 80;

impl ConnectionInput {
    /// Checks every field; `require_secrets` is true when adding.
    pub fn validate(&self, require_secrets: bool) -> Result<()> {
        let mut errs = FieldErrors::new();
        validate::required_text(&mut errs, "name", &self.name, MAX_CONNECTION_NAME);
        if let Err(msg) = validate::base_url(&self.base_url) {
            errs.insert("base_url".into(), msg);
        }
        match &self.secrets {
            None if require_secrets => {
                errs.insert("secrets".into(), "can't be blank".into());
            }
            None => {}
            Some(map) => {
                for field in self.provider.secret_fields() {
                    match map.get(*field) {
                        Some(v) if !v.is_blank() => {
                            if v.expose().len() > 4096 {
                                errs.insert(
                                    format!("secrets.{field}"),
                                    "is too long (max 4096)".into(),
                                );
                            }
                        }
                        _ => {
                            errs.insert(format!("secrets.{field}"), "can't be blank".into());
                        }
                    }
                }
                for key in map.keys() {
                    if !self.provider.secret_fields().contains(&key.as_str()) {
                        errs.insert(
                            format!("secrets.{key}"),
                            format!(
                                "is not a secret field of {}; expected {}",
                                self.provider.as_str(),
                                self.provider.secret_fields().join(", ")
                            ),
                        );
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
    use crate::SecretString;

    fn input(secrets: Option<&[(&str, &str)]>) -> ConnectionInput {
        ConnectionInput {
            name: "Producción".into(),
            provider: ProviderKind::Backoffice,
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
        let err = input(Some(&[("api_key", "k")])).validate(true).unwrap_err();
        let f = err.fields.unwrap();
        assert_eq!(f["secrets.username"], "can't be blank");
        assert_eq!(f["secrets.password"], "can't be blank");
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
        .validate(true)
        .unwrap_err();
        assert!(err.fields.unwrap().contains_key("secrets.token"));
    }

    #[test]
    fn debug_does_not_print_secret_values() {
        let i = input(Some(&[("password", "s3cr3t")]));
        assert!(!format!("{i:?}").contains("s3cr3t"));
    }

    #[test]
    fn editing_may_keep_the_stored_secret() {
        input(None).validate(false).unwrap();
        assert!(input(None).validate(true).is_err());
    }

    #[test]
    fn provider_names_round_trip() {
        assert_eq!(
            ProviderKind::parse("backoffice").unwrap(),
            ProviderKind::Backoffice
        );
        assert_eq!(ProviderKind::parse("signio").unwrap(), ProviderKind::Signio);
        for p in ProviderKind::ALL {
            assert_eq!(ProviderKind::parse(p.as_str()).unwrap(), *p);
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        assert_eq!(ProviderKind::Signio.secret_fields(), ["email", "password"]);
        let e = ProviderKind::parse("signio-x").unwrap_err();
        assert!(e.message.contains("known: backoffice, signio"));
    }
}
