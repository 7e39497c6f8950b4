//! Named connections: settings in SQLite, secrets in the keychain.

use crate::clock::{now_ms, rfc3339};
use crate::record::Subject;
use crate::Service;
use serde_json::Value;
use std::sync::Arc;
use ventanilla_core::connection::{
    Connection, ConnectionInput, ConnectionTest, ProviderKind, SecretStatus,
};
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
            provider: input.provider.as_str().to_owned(),
        };
        let target = format!("connection {}", input.name.trim());
        self.recorded(
            &subject,
            "connection.add",
            &target,
            self.add_connection_inner(input),
            |c| format!("{} → {}", c.name, c.base_url),
        )
        .await
    }

    async fn add_connection_inner(&self, input: ConnectionInput) -> Result<Connection> {
        let settings_json = together(
            input.validate(true),
            settings_json(input.provider, input.settings.as_ref()),
        )?;
        let keychain = self.keychain()?;
        let stored = StoredConnection {
            id: uuid::Uuid::new_v4().to_string(),
            name: input.name.trim().to_owned(),
            provider: input.provider.as_str().to_owned(),
            base_url: input.base_url.trim().trim_end_matches('/').to_owned(),
            sandbox: false,
            created_at_ms: now_ms(),
            settings_json,
        };
        self.history.insert_connection(&stored)?;
        let secrets: SecretMap = input.secrets.unwrap_or_default();
        if let Err(e) = blocking(keychain, {
            let id = stored.id.clone();
            move |k| k.put(&id, &secrets)
        })
        .await
        {
            let _ = self.history.delete_connection(&stored.id);
            return Err(e);
        }
        Ok(self.to_connection(&stored))
    }

    /// Edits a connection; `input.secrets == None` keeps the stored secrets.
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
            // A partial secret update (say, only a new API key) keeps the other
            // stored fields.
            if let Some(given) = input.secrets.take() {
                let mut merged = self.secrets(&current).await.unwrap_or_default();
                merged.extend(given.into_iter().filter(|(_, v)| !v.is_blank()));
                input.secrets = Some(merged);
            }
            let checked_settings = match &input.settings {
                Some(v) => Some(settings_json(input.provider, Some(v))),
                None => None,
            };
            let new_settings = together(
                input.validate(false),
                checked_settings.unwrap_or_else(|| Ok(current.settings_json.clone())),
            )?;
            if current.sandbox {
                return Err(Error::invalid(
                    "name",
                    "the sandbox connection is managed by Ventanilla and cannot be edited",
                ));
            }
            if input.provider.as_str() != current.provider {
                return Err(Error::invalid(
                    "provider",
                    "cannot change the provider of a connection; add a new one",
                ));
            }
            let updated = StoredConnection {
                name: input.name.trim().to_owned(),
                base_url: input.base_url.trim().trim_end_matches('/').to_owned(),
                settings_json: new_settings,
                ..current.clone()
            };
            if let Some(secrets) = input.secrets {
                let keychain = self.keychain()?;
                let id = current.id.clone();
                blocking(keychain, move |k| k.put(&id, &secrets)).await?;
            }
            self.history.update_connection(&updated)?;
            self.forget_client(&current.id);
            Ok(self.to_connection(&updated))
        };
        self.recorded(&subject, "connection.update", &target, work, |c| {
            format!("{} → {}", c.name, c.base_url)
        })
        .await
    }

    /// Removes a connection, its keychain entry and its cached objects.
    pub async fn remove_connection(&self, id_or_name: &str) -> Result<()> {
        let current = self.resolve(id_or_name)?;
        let subject = self.subject(&current);
        let target = format!("connection {}", current.name);
        let work = async {
            if let Some(keychain) = &self.keychain {
                let id = current.id.clone();
                blocking(keychain.clone(), move |k| k.delete(&id)).await?;
            }
            self.memory.delete(&current.id)?;
            self.history.delete_connection(&current.id)?;
            self.history.cache_clear_connection(&current.id)?;
            self.forget_client(&current.id);
            self.stop_sandbox(&current.id);
            Ok(())
        };
        self.recorded(&subject, "connection.remove", &target, work, |_| {
            "removed".into()
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
                async { self.adapter(&current).await?.login().await },
                |m| m.clone(),
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
        let keychain = self.keychain()?;
        let id = c.id.clone();
        blocking(keychain, move |k| k.get(&id)).await?.ok_or_else(|| {
            Error::new(
                ErrorCode::SecretMissing,
                format!("the keychain has no secrets for the connection {:?}; edit it and enter them again", c.name),
            )
        })
    }

    fn keychain(&self) -> Result<Arc<dyn SecretStore>> {
        self.keychain.clone().ok_or_else(|| {
            Error::new(
                ErrorCode::KeychainUnavailable,
                self.keychain_status
                    .message
                    .clone()
                    .unwrap_or_else(|| "no OS keychain is available".into()),
            )
        })
    }

    pub(crate) fn to_connection(&self, c: &StoredConnection) -> Connection {
        let secret = if matches!(self.memory.get(&c.id), Ok(Some(_))) {
            SecretStatus::Memory
        } else if self.keychain.is_some() {
            // Listing does not read the keychain (it may prompt); a missing entry
            // shows up as SECRET_MISSING on first use.
            SecretStatus::Stored
        } else {
            SecretStatus::Missing
        };
        Connection {
            id: c.id.clone(),
            name: c.name.clone(),
            provider: ProviderKind::parse(&c.provider).unwrap_or(ProviderKind::Backoffice),
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

/// Keychain calls may block on D-Bus; run them off the async worker threads.
async fn blocking<T: Send + 'static>(
    store: Arc<dyn SecretStore>,
    f: impl FnOnce(&dyn SecretStore) -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(move || f(store.as_ref()))
        .await
        .map_err(|e| Error::internal(format!("keychain task failed: {e}")))?
}

/// Validates a connection's settings for its provider and returns what to store.
fn settings_json(provider: ProviderKind, given: Option<&Value>) -> Result<String> {
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    };
    match provider {
        ProviderKind::Backoffice if empty(given) => Ok("{}".into()),
        ProviderKind::Backoffice => Err(Error::invalid(
            "settings",
            "a BackOffice connection has no settings",
        )),
        ProviderKind::Signio => {
            let v = given.cloned().unwrap_or(Value::Null);
            crate::run::signio_settings(&v)?;
            Ok(if empty(Some(&v)) {
                "{}".into()
            } else {
                v.to_string()
            })
        }
    }
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
