//! The one path every provider operation takes: validate → resolve the
//! connection → get its adapter (cached per connection, so its login token is
//! reused) → call → record in history.

use crate::record::{Op, Subject};
use crate::Service;
use std::future::Future;
use std::sync::Arc;
use ventanilla_core::connection::ProviderKind;
use ventanilla_core::users::UsersTickets;
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_history::StoredConnection;
use ventanilla_provider_backoffice::{BackofficeClient, BackofficeConfig};
use ventanilla_provider_signio::{SignioClient, SignioConfig, SignioSettings};

/// A connection's adapter, whatever its provider.
#[derive(Clone)]
pub(crate) enum Adapter {
    Backoffice(Arc<dyn UsersTickets>),
    Signio(Arc<SignioClient>),
}

impl Adapter {
    /// Logs in now; returns what to tell the user (never a secret).
    pub(crate) async fn login(&self) -> Result<String> {
        match self {
            Adapter::Backoffice(api) => api
                .login()
                .await
                .map(|s| format!("Logged in as {}", s.username)),
            Adapter::Signio(api) => {
                api.login().await?;
                Ok(match &api.settings().tenant {
                    Some(t) => format!("Logged in to SIGNIO (tenant {t})"),
                    None => "Logged in to SIGNIO".into(),
                })
            }
        }
    }
}

/// The adapter type of one provider, as the runner hands it to a call.
pub(crate) trait Provider: Clone + Send + Sync + Sized + 'static {
    const KIND: ProviderKind;
    fn pick(a: &Adapter) -> Option<Self>;
}

impl Provider for Arc<dyn UsersTickets> {
    const KIND: ProviderKind = ProviderKind::Backoffice;
    fn pick(a: &Adapter) -> Option<Self> {
        match a {
            Adapter::Backoffice(x) => Some(x.clone()),
            _ => None,
        }
    }
}

impl Provider for Arc<SignioClient> {
    const KIND: ProviderKind = ProviderKind::Signio;
    fn pick(a: &Adapter) -> Option<Self> {
        match a {
            Adapter::Signio(x) => Some(x.clone()),
            _ => None,
        }
    }
}

/// A connection's stored SIGNIO settings, field errors as `settings.<key>`.
pub(crate) fn signio_settings(json: &serde_json::Value) -> Result<SignioSettings> {
    SignioSettings::from_json(json).map_err(|mut e| {
        if let Some(f) = e.fields.take() {
            let prefixed = f
                .into_iter()
                .map(|(k, v)| {
                    let k = if k == "settings" {
                        k
                    } else {
                        format!("settings.{k}")
                    };
                    (k, v)
                })
                .collect();
            e = Error::validation(prefixed);
        }
        e
    })
}

impl Service {
    /// The adapter for a connection, cached so its login token is reused.
    pub(crate) async fn adapter(&self, c: &StoredConnection) -> Result<Adapter> {
        if let Some(a) = self.clients.lock().unwrap().get(&c.id) {
            return Ok(a.clone());
        }
        let base_url = match self.ensure_sandbox(c).await? {
            Some(url) => url,
            None => self.usable_base_url(c)?,
        };
        let secrets = self.secrets(c).await?;
        let field = |name: &str| {
            secrets.get(name).cloned().ok_or_else(|| {
                Error::new(
                    ErrorCode::SecretMissing,
                    format!("the connection {:?} has no stored {name}; edit it and enter its secrets again", c.name),
                )
            })
        };
        let adapter = match ProviderKind::parse(&c.provider)? {
            ProviderKind::Backoffice => {
                Adapter::Backoffice(Arc::new(BackofficeClient::new(BackofficeConfig {
                    base_url,
                    api_key: field("api_key")?,
                    username: field("username")?.expose().to_owned(),
                    password: field("password")?,
                })?))
            }
            ProviderKind::Signio => {
                let settings: serde_json::Value =
                    serde_json::from_str(&c.settings_json).unwrap_or(serde_json::Value::Null);
                Adapter::Signio(Arc::new(SignioClient::new(SignioConfig {
                    base_url,
                    email: field("email")?.expose().to_owned(),
                    password: field("password")?,
                    settings: signio_settings(&settings)?,
                })?))
            }
        };
        self.clients
            .lock()
            .unwrap()
            .insert(c.id.clone(), adapter.clone());
        Ok(adapter)
    }

    /// Validates (`check`), resolves the connection, makes sure it is a `P`
    /// connection, then calls the adapter, recorded as `op` says (see
    /// [`Service::perform`]). Invalid input is recorded too (one row), and
    /// nothing is sent.
    pub(crate) async fn run<P, T, F, Fut>(
        &self,
        connection: &str,
        op: Op,
        check: Result<()>,
        call: F,
        summary: impl FnOnce(&T) -> String,
    ) -> Result<T>
    where
        P: Provider,
        F: FnOnce(P, StoredConnection) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let resolved = self.resolve(connection);
        let subject = match &resolved {
            Ok(c) => self.subject(c),
            Err(_) => Subject {
                connection_id: None,
                connection_name: connection.to_owned(),
                provider: P::KIND.as_str().into(),
            },
        };
        let ready = async {
            check?;
            let conn = resolved?;
            if conn.provider != P::KIND.as_str() {
                return Err(Error::invalid(
                    "connection",
                    format!(
                        "{:?} is a {} connection, not a {} one",
                        conn.name,
                        ProviderKind::parse(&conn.provider)
                            .map(|k| k.label())
                            .unwrap_or(conn.provider.as_str()),
                        P::KIND.label()
                    ),
                ));
            }
            let adapter = self.adapter(&conn).await?;
            let api = P::pick(&adapter)
                .ok_or_else(|| Error::internal("the cached adapter is of another provider"))?;
            Ok((api, conn))
        };
        match ready.await {
            Ok((api, conn)) => self.perform(&subject, &op, call(api, conn), summary).await,
            Err(e) => self.record_unsent(&subject, &op, e),
        }
    }
}
