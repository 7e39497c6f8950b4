//! Named connections: settings in SQLite, secrets in the keychain.

use crate::clock::{now_ms, rfc3339};
use crate::record::Subject;
use crate::Service;
use serde_json::Value;
use ventanilla_core::connection::{
    check_base_url, same_origin, Connection, ConnectionInput, ConnectionTest, SecretStatus,
    BASE_URL_FIELD,
};
use ventanilla_core::error::FieldError;
use ventanilla_core::history::Summary;
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_history::StoredConnection;
use ventanilla_vault::{SecretMap, SecretStore};

impl Service {
    pub fn connections(&self) -> Result<Vec<Connection>> {
        Ok(self
            .history
            .list_connections()?
            .into_iter()
            .map(|c| self.to_connection(&c))
            .collect())
    }

    /// Adds a connection: settings to SQLite, secrets to the OS keychain. If
    /// either fails, neither is kept.
    pub async fn add_connection(&self, input: ConnectionInput) -> Result<Connection> {
        let subject = Subject {
            connection_id: None,
            connection_name: input.name.trim().to_owned(),
            provider: input.provider.clone(),
        };
        let target = format!("connection {}", input.name.trim());
        self.recorded(
            &subject,
            "connection.add",
            &target,
            self.add_connection_inner(input),
            saved_summary,
        )
        .await
    }

    async fn add_connection_inner(&self, input: ConnectionInput) -> Result<Connection> {
        let provider = crate::providers::info(&input.provider)?;
        let settings_json = together(
            input.validate(true, &provider),
            settings_json(&input.provider, input.settings.as_ref()),
        )?;
        let base_url = checked_base_url(&input.base_url)?;
        self.keychain.ready().await?;
        let stored = StoredConnection {
            id: uuid::Uuid::new_v4().to_string(),
            name: input.name.trim().to_owned(),
            provider: input.provider.clone(),
            base_url,
            sandbox: false,
            created_at_ms: now_ms(),
            settings_json,
            issued: false,
            sandbox_bound: false,
        };
        self.history.insert_connection(&stored)?;
        let secrets: SecretMap = input.secrets.unwrap_or_default();
        let id = stored.id.clone();
        if let Err(e) = self.keychain.run(move |k| k.put(&id, &secrets)).await {
            let _ = self.history.delete_connection(&stored.id);
            return Err(e);
        }
        Ok(self.to_connection(&stored))
    }

    /// Edits a connection; `input.secrets == None` keeps the stored secrets,
    /// unless the base URL now points at another origin: then every secret
    /// must be entered again, so stored ones never reach a new host unasked.
    pub async fn update_connection(
        &self,
        id_or_name: &str,
        input: ConnectionInput,
    ) -> Result<Connection> {
        let current = self.resolve(id_or_name)?;
        let subject = self.subject(&current);
        let target = format!("connection {}", current.name);
        let work = async {
            let mut input = input;
            let new_url = check_base_url(&input.base_url).ok();
            let host_changed = !current.sandbox
                && new_url
                    .as_deref()
                    .is_some_and(|u| !same_origin(&current.base_url, u));
            let given = input
                .secrets
                .take()
                .map(|g| {
                    g.into_iter()
                        .filter(|(_, v)| !v.is_blank())
                        .collect::<SecretMap>()
                })
                .filter(|g| !g.is_empty());
            let mut host_check = Ok(());
            if host_changed {
                // No merge: stored fields must not follow the connection to the new host.
                if given.is_none() {
                    host_check = Err(Error::invalid(
                        "secrets",
                        FieldError::new("secrets_host_changed", HOST_CHANGED),
                    ));
                }
                input.secrets = given;
            } else if let Some(given) = given {
                // A partial secret update (say, only a new API key) keeps the
                // other stored fields.
                let mut merged = self.secrets(&current).await.unwrap_or_default();
                merged.extend(given);
                input.secrets = Some(merged);
            }
            let checked_settings = match &input.settings {
                Some(v) => Some(settings_json(&input.provider, Some(v))),
                None => None,
            };
            let new_settings = together(
                together(
                    crate::providers::info(&input.provider).and_then(|p| input.validate(false, &p)),
                    host_check,
                ),
                checked_settings.unwrap_or_else(|| Ok(current.settings_json.clone())),
            )?;
            if current.sandbox {
                return Err(Error::invalid(
                    "name",
                    FieldError::new(
                        "sandbox_not_editable",
                        "the sandbox connection is managed by Ventanilla and cannot be edited",
                    ),
                ));
            }
            if input.provider != current.provider {
                return Err(Error::invalid(
                    "provider",
                    FieldError::new(
                        "provider_unchangeable",
                        "cannot change the provider of a connection; add a new one",
                    ),
                ));
            }
            let updated = StoredConnection {
                name: input.name.trim().to_owned(),
                base_url: checked_base_url(&input.base_url)?,
                settings_json: new_settings,
                ..current.clone()
            };
            if let Some(secrets) = input.secrets {
                let id = current.id.clone();
                self.keychain.run(move |k| k.put(&id, &secrets)).await?;
            }
            self.history.update_connection(&updated)?;
            self.forget_client(&current.id);
            Ok(self.to_connection(&updated))
        };
        self.recorded(&subject, "connection.update", &target, work, saved_summary)
            .await
    }

    /// Removes a connection, its keychain entry and its cached objects. If
    /// the keychain entry cannot be deleted (keychain locked or unreachable),
    /// nothing is removed: a row-less secret could never be cleaned up.
    pub async fn remove_connection(&self, id_or_name: &str) -> Result<()> {
        let current = self.resolve(id_or_name)?;
        let subject = self.subject(&current);
        let target = format!("connection {}", current.name);
        let work = async {
            let id = current.id.clone();
            match self.keychain.run(move |k| k.delete(&id)).await {
                Ok(()) => {}
                // Sandbox credentials are public demo ones; nothing to orphan.
                Err(e)
                    if (current.sandbox || current.sandbox_bound)
                        && e.code == ErrorCode::KeychainUnavailable => {}
                Err(e) if e.code == ErrorCode::KeychainUnavailable => {
                    return Err(Error::new(
                        ErrorCode::KeychainUnavailable,
                        format!(
                            "the connection {:?} was kept: its secrets could not be deleted from the keychain, so removing it now would leave them behind. Unlock the keychain and remove it again. ({})",
                            current.name, e.message
                        ),
                    ));
                }
                Err(e) => return Err(e),
            }
            self.memory.delete(&current.id)?;
            self.history.delete_connection(&current.id)?;
            self.history.cache_clear_connection(&current.id)?;
            self.forget_client(&current.id);
            self.stop_sandbox(&current.id);
            Ok(())
        };
        self.recorded(&subject, "connection.remove", &target, work, |_| {
            Summary::new("connection_removed", "removed")
        })
        .await
    }

    /// Logs in with the stored secrets and reports what the provider said.
    pub async fn test_connection(&self, id_or_name: &str) -> Result<ConnectionTest> {
        let current = self.resolve(id_or_name)?;
        self.forget_client(&current.id);
        let subject = self.subject(&current);
        let target = format!("connection {}", current.name);
        let started = std::time::Instant::now();
        let result = self
            .recorded(
                &subject,
                "connection.test",
                &target,
                self.login(&current),
                |m| Summary::new("connection_tested", m.as_str()),
            )
            .await;
        let latency_ms = started.elapsed().as_millis() as u64;
        Ok(match result {
            Ok(message) => ConnectionTest {
                ok: true,
                message,
                latency_ms,
                error: None,
            },
            Err(e) => ConnectionTest {
                ok: false,
                message: e.message.clone(),
                latency_ms,
                error: Some(e),
            },
        })
    }

    /// A connection by id, or else by name (case-insensitive).
    pub(crate) fn resolve(&self, id_or_name: &str) -> Result<StoredConnection> {
        let key = id_or_name.trim();
        if let Some(c) = self.history.get_connection(key)? {
            return Ok(c);
        }
        if let Some(c) = self.history.get_connection_by_name(key)? {
            return Ok(c);
        }
        Err(Error::new(
            ErrorCode::ConnectionNotFound,
            format!("no connection named {key:?}; see `ventanilla-cli connection list` or the Connections screen"),
        ))
    }

    pub(crate) fn subject(&self, c: &StoredConnection) -> Subject {
        Subject {
            connection_id: Some(c.id.clone()),
            connection_name: c.name.clone(),
            provider: c.provider.clone(),
        }
    }

    pub(crate) fn forget_client(&self, id: &str) {
        self.clients.lock().unwrap().remove(id);
    }

    pub(crate) async fn secrets(&self, c: &StoredConnection) -> Result<SecretMap> {
        if let Some(s) = self.memory.get(&c.id)? {
            return Ok(s);
        }
        let id = c.id.clone();
        self.keychain.run(move |k| k.get(&id)).await?.ok_or_else(|| {
            Error::new(
                ErrorCode::SecretMissing,
                format!("the keychain has no secrets for the connection {:?}; edit it and enter them again", c.name),
            )
        })
    }

    pub(crate) fn to_connection(&self, c: &StoredConnection) -> Connection {
        let secret = if matches!(self.memory.get(&c.id), Ok(Some(_))) {
            SecretStatus::Memory
        } else if self.keychain.available() {
            // Listing does not read the keychain (it may prompt); a missing entry
            // shows up as SECRET_MISSING on first use.
            SecretStatus::Stored
        } else {
            SecretStatus::Missing
        };
        Connection {
            id: c.id.clone(),
            name: c.name.clone(),
            provider: c.provider.clone(),
            base_url: self
                .sandbox_url(&c.id)
                .unwrap_or_else(|| c.base_url.clone()),
            sandbox: c.sandbox,
            secret,
            created_at: rfc3339(c.created_at_ms),
            settings: serde_json::from_str::<Value>(&c.settings_json)
                .ok()
                .filter(|v| v.as_object().is_some_and(|o| !o.is_empty())),
        }
    }
}

const HOST_CHANGED: &str = "the host changed: enter this connection's secrets again, so they are not sent to the new host unasked";

fn checked_base_url(url: &str) -> Result<String> {
    check_base_url(url).map_err(|m| Error::invalid(BASE_URL_FIELD, m))
}

impl Service {
    /// The base URL of a stored connection, checked again before anything is
    /// sent: rows saved before the rules (http to a remote host, `user:pass@`,
    /// a query) are refused with a clear error instead of being used.
    pub(crate) fn usable_base_url(&self, c: &StoredConnection) -> Result<String> {
        if c.sandbox {
            return Ok(c.base_url.clone());
        }
        check_base_url(&c.base_url).map_err(|m| {
            Error::invalid(
                BASE_URL_FIELD,
                format!(
                    "the connection {:?} has a base URL that is no longer allowed: it {m}; edit the connection and fix it",
                    c.name
                ),
            )
        })
    }
}

/// Validates a connection's settings for its provider and returns what to store.
fn settings_json(provider: &str, given: Option<&Value>) -> Result<String> {
    let v = given.cloned().unwrap_or(Value::Null);
    let checked = crate::providers::settings_of(provider, &v)?;
    Ok(match checked {
        Value::Null => "{}".into(),
        Value::Object(o) if o.is_empty() => "{}".into(),
        v => v.to_string(),
    })
}

/// Both checks' field errors at once (the user fixes everything in one go).
fn together<T>(a: Result<()>, b: Result<T>) -> Result<T> {
    match (a, b) {
        (Ok(()), b) => b,
        (Err(a), Ok(_)) => Err(a),
        (Err(a), Err(b)) => match (a.fields.clone(), b.fields.clone()) {
            (Some(mut fa), Some(fb)) => {
                fa.extend(fb);
                Err(Error::validation(fa))
            }
            _ => Err(a),
        },
    }
}

/// A connection added or edited: its name and where it points.
fn saved_summary(c: &Connection) -> Summary {
    Summary::new("connection_saved", format!("{} → {}", c.name, c.base_url))
        .param("name", c.name.as_str())
        .param("url", c.base_url.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, SandboxMode, Secrets};
    use std::sync::Arc;
    use ventanilla_core::SecretString;
    use ventanilla_provider_backoffice::sandbox::{SimConfig, SimHandle, Simulator};
    use ventanilla_vault::MemoryStore;

    async fn open(dir: &std::path::Path, store: Arc<MemoryStore>) -> Service {
        Service::open(Options {
            data_dir: dir.to_owned(),
            secrets: Secrets::Store(store),
            sandbox: SandboxMode::Off,
        })
        .await
        .unwrap()
    }

    fn secrets(pairs: &[(&str, &str)]) -> Option<SecretMap> {
        Some(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), SecretString::new(*v)))
                .collect(),
        )
    }

    fn demo(sim: &SimHandle) -> Option<SecretMap> {
        let c = sim.credentials();
        secrets(&[
            ("api_key", &c.api_key),
            ("username", &c.username),
            ("password", &c.password),
        ])
    }

    fn input(base_url: &str, secrets: Option<SecretMap>) -> ConnectionInput {
        ConnectionInput {
            name: "Producción".into(),
            provider: "backoffice".into(),
            base_url: base_url.into(),
            secrets,
            settings: None,
        }
    }

    #[tokio::test]
    async fn changing_the_host_asks_for_every_secret_again() {
        let (a, b) = (
            Simulator::start(SimConfig::default()).await.unwrap(),
            Simulator::start(SimConfig::default()).await.unwrap(),
        );
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let svc = open(dir.path(), store.clone()).await;
        let c = svc
            .add_connection(input(&a.base_url(), demo(&a)))
            .await
            .unwrap();
        // Logged in to A; the adapter is cached.
        svc.exec::<ventanilla_provider_backoffice::Backoffice, _>(
            &c.id,
            ventanilla_provider_backoffice::ops::UserGet {
                user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
            },
            &ventanilla_core::op::NoHost,
        )
        .await
        .unwrap();

        // Another port is another origin: refused, with the reason on `secrets`.
        let err = svc
            .update_connection(&c.id, input(&b.base_url(), None))
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        let f = err.fields.unwrap();
        assert!(f["secrets"].message.contains("the host changed"), "{f:?}");
        assert_eq!(svc.connections().unwrap()[0].base_url, a.base_url());

        // Only some secrets: the stored others are not merged in for the new host.
        let err = svc
            .update_connection(&c.id, input(&b.base_url(), secrets(&[("api_key", "k2")])))
            .await
            .unwrap_err();
        let f = err.fields.unwrap();
        assert_eq!(f["secrets.password"].code, "blank", "{f:?}");
        assert_eq!(f["secrets.username"].code, "blank", "{f:?}");

        // All of them: stored, and the next call logs in to the new host with them.
        let mut fresh = demo(&b).unwrap();
        fresh.insert("username".into(), SecretString::new("otra"));
        let updated = svc
            .update_connection(&c.id, input(&b.base_url(), Some(fresh.clone())))
            .await
            .unwrap();
        assert_eq!(updated.base_url, b.base_url());
        assert_eq!(store.get(&c.id).unwrap().unwrap(), fresh);
        // The adapter logged in to A is gone: B is asked, and "otra" is not its user.
        let err = svc
            .exec::<ventanilla_provider_backoffice::Backoffice, _>(
                &c.id,
                ventanilla_provider_backoffice::ops::UserGet {
                    user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
                },
                &ventanilla_core::op::NoHost,
            )
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidCredentials, "{err:?}");

        // Same origin, another path: the stored secrets stay.
        svc.update_connection(&c.id, input(&format!("{}/", b.base_url()), None))
            .await
            .unwrap();
        assert_eq!(store.get(&c.id).unwrap().unwrap(), fresh);
    }

    #[tokio::test]
    async fn base_urls_are_checked_on_add_and_update_before_anything_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let svc = open(dir.path(), store.clone()).await;
        let good = secrets(&[("api_key", "k"), ("username", "u"), ("password", "p")]);
        for (url, says) in [
            ("http://bo.example.com", "https://"),
            ("https://ana:pw@bo.example.com", "user name or password"),
            ("https://bo.example.com/?k=1", "query"),
            ("https://bo.example.com/#x", "fragment"),
        ] {
            let err = svc
                .add_connection(input(url, good.clone()))
                .await
                .unwrap_err();
            let f = err.fields.unwrap();
            assert!(f[BASE_URL_FIELD].message.contains(says), "{url}: {f:?}");
        }
        assert!(svc.connections().unwrap().is_empty());
        let c = svc
            .add_connection(input("https://BO.example.com:443/api/", good.clone()))
            .await
            .unwrap();
        assert_eq!(c.base_url, "https://bo.example.com/api");
        let err = svc
            .update_connection(&c.id, input("http://bo.example.com/api", good))
            .await
            .unwrap_err();
        assert!(err.fields.unwrap().contains_key(BASE_URL_FIELD));
        assert_eq!(svc.connections().unwrap()[0].base_url, c.base_url);
        // No history row carries a refused URL's password.
        let mut csv = Vec::new();
        svc.history()
            .export_csv(&Default::default(), &mut csv)
            .unwrap();
        assert!(!String::from_utf8(csv).unwrap().contains("ana:pw"));
    }

    #[tokio::test]
    async fn a_stored_row_with_a_bad_url_is_a_clear_error_when_used() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let svc = open(dir.path(), store.clone()).await;
        let row = StoredConnection {
            id: "old-1".into(),
            name: "Antigua".into(),
            provider: "backoffice".into(),
            base_url: "http://bo.example.com".into(),
            sandbox: false,
            created_at_ms: 0,
            settings_json: "{}".into(),
            issued: false,
            sandbox_bound: false,
        };
        svc.history.insert_connection(&row).unwrap();
        store
            .put(
                &row.id,
                &secrets(&[("api_key", "k"), ("username", "u"), ("password", "p")]).unwrap(),
            )
            .unwrap();
        assert_eq!(svc.connections().unwrap().len(), 1);
        let err = svc
            .exec::<ventanilla_provider_backoffice::Backoffice, _>(
                "Antigua",
                ventanilla_provider_backoffice::ops::UserGet {
                    user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
                },
                &ventanilla_core::op::NoHost,
            )
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert!(err.message.contains("no longer allowed"), "{}", err.message);
        let t = svc.test_connection("Antigua").await.unwrap();
        assert!(!t.ok);
        assert!(t.message.contains("https://"), "{}", t.message);
        // It can still be removed.
        svc.remove_connection("Antigua").await.unwrap();
    }

    #[tokio::test]
    async fn a_locked_keychain_keeps_the_connection_and_is_probed_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let svc = open(dir.path(), store.clone()).await;
        let good = secrets(&[("api_key", "k"), ("username", "u"), ("password", "p")]);
        let c = svc
            .add_connection(input("https://bo.example.com", good))
            .await
            .unwrap();

        store.set_locked(true);
        let err = svc.remove_connection(&c.id).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::KeychainUnavailable);
        assert!(err.message.contains("was kept"), "{}", err.message);
        assert_eq!(svc.connections().unwrap().len(), 1, "the row stays");
        assert!(store.get(&c.id).is_err());
        // The status follows the latest call, and the list says so.
        assert!(!svc.keychain_status().available);
        assert_eq!(svc.connections().unwrap()[0].secret, SecretStatus::Missing);

        // Unlocked meanwhile: the next operation probes again and works.
        store.set_locked(false);
        svc.remove_connection(&c.id).await.unwrap();
        assert!(svc.keychain_status().available);
        assert!(svc.connections().unwrap().is_empty());
        assert!(store.get(&c.id).unwrap().is_none(), "no secret left behind");
    }

    #[tokio::test]
    async fn a_keychain_locked_at_start_is_not_unavailable_for_the_session() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        store.set_locked(true);
        let svc = open(dir.path(), store.clone()).await;
        let status = svc.keychain_status();
        assert!(!status.available);
        assert!(status.message.unwrap().contains("locked"));
        let good = secrets(&[("api_key", "k"), ("username", "u"), ("password", "p")]);
        let err = svc
            .add_connection(input("https://bo.example.com", good.clone()))
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::KeychainUnavailable);
        assert!(svc.connections().unwrap().is_empty());

        store.set_locked(false);
        let c = svc
            .add_connection(input("https://bo.example.com", good.clone()))
            .await
            .unwrap();
        assert!(svc.keychain_status().available);
        assert_eq!(c.secret, SecretStatus::Stored);
        assert_eq!(store.get(&c.id).unwrap(), good);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_data_folder_is_created_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("datos");
        let _svc = open(&data, Arc::new(MemoryStore::new())).await;
        let mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }

    #[tokio::test]
    async fn a_sandbox_connection_goes_even_while_the_keychain_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        store.set_locked(true);
        let svc = Service::open(Options {
            data_dir: dir.path().to_owned(),
            secrets: Secrets::Store(store.clone()),
            sandbox: SandboxMode::Lazy,
        })
        .await
        .unwrap();
        // Its demo credentials live in memory and are public: nothing to orphan.
        svc.exec::<ventanilla_provider_backoffice::Backoffice, _>(
            "Sandbox",
            ventanilla_provider_backoffice::ops::UserGet {
                user_id: ventanilla_core::id::PositiveId::new(7).unwrap(),
            },
            &ventanilla_core::op::NoHost,
        )
        .await
        .unwrap();
        svc.remove_connection("Sandbox").await.unwrap();
        let names: Vec<_> = svc
            .connections()
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert!(!names.iter().any(|n| n == "Sandbox"), "{names:?}");
        assert!(names.iter().any(|n| n == "Sandbox SIGNIO"), "{names:?}");
    }
}
