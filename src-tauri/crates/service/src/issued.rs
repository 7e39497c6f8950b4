//! What provider operations may do besides calling their provider, through
//! `Store` (core `op.rs`): keep a credential the provider issued in the
//! connection's keychain entry, create a connection for credentials the
//! provider issued for a new account; and what the app shows unasked:
//! notices (`ProviderSpec::notices`) and secrets copied to the clipboard.
//! Nothing here names a provider.

use crate::clock::now_ms;
use crate::exec::ConnStore;
use crate::Service;
use ventanilla_core::connection::{check_base_url, MAX_CONNECTION_NAME};
use ventanilla_core::error::FieldError;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{
    AppNotice, CreatedConnection, ProviderSpec, ProviderVisitor, SecretKept, Secrets,
};
use ventanilla_core::{Error, ErrorCode, Result, SecretString};
use ventanilla_history::StoredConnection;
use ventanilla_vault::SecretStore;

impl Service {
    /// Sets one secret field of a connection, keeping the others, where its
    /// secrets live (memory for a sandbox without keychain, else the keychain).
    /// An issued credential exists once: if the keychain refuses it, it is
    /// kept in memory for this session rather than lost.
    pub(crate) async fn put_secret_field(
        &self,
        c: &StoredConnection,
        field: &str,
        value: SecretString,
    ) -> Result<SecretKept> {
        if let Some(mut m) = self.memory.get(&c.id)? {
            m.insert(field.to_owned(), value);
            self.memory.put(&c.id, &m)?;
            return Ok(SecretKept::Stored);
        }
        // A locked keychain cannot be read either: keep at least this field.
        let mut m = self.secrets(c).await.unwrap_or_default();
        m.insert(field.to_owned(), value);
        let (id, all) = (c.id.clone(), m.clone());
        match self.keychain.run(move |k| k.put(&id, &all)).await {
            Ok(()) => Ok(SecretKept::Stored),
            Err(e) => {
                tracing::warn!(code = %e.code, "an issued secret kept in memory: no keychain");
                self.memory.put(&c.id, &m)?;
                Ok(SecretKept::SessionOnly)
            }
        }
    }

    /// A new connection like `c` (provider, base URL, settings) holding
    /// `secrets`, named `name` or `name 2`…. Issued credentials exist once:
    /// without a keychain they are kept in memory for this session rather
    /// than lost (the connection list says "memory").
    pub(crate) async fn create_connection_like(
        &self,
        c: &StoredConnection,
        name: &str,
        secrets: Secrets,
    ) -> Result<CreatedConnection> {
        let base: String = name
            .chars()
            .filter(|ch| !ch.is_control())
            .take(MAX_CONNECTION_NAME.saturating_sub(4))
            .collect::<String>()
            .trim()
            .to_owned();
        let base = if base.is_empty() {
            format!("{} account", crate::providers::label(&c.provider))
        } else {
            base
        };
        let all = self.history.list_connections()?;
        let name = crate::sandbox::names_for(&base)
            .find(|n| {
                !all.iter()
                    .any(|x| x.name.to_lowercase() == n.to_lowercase())
            })
            .ok_or_else(|| Error::internal("no free name for the new connection"))?;
        let base_url = match self.sandbox_url(&c.id) {
            Some(u) => u,
            None => c.base_url.clone(),
        };
        // The URL check's code stays (the UI says it); the English says whose.
        let base_url = check_base_url(&base_url).map_err(|mut m| {
            m.message = format!("the new connection's address {}", m.message);
            Error::invalid("baseUrl", m)
        })?;
        let stored = StoredConnection {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            provider: c.provider.clone(),
            base_url,
            sandbox: false,
            created_at_ms: now_ms(),
            settings_json: c.settings_json.clone(),
            issued: true,
            // A simulator's account dies with it (next start, another port).
            sandbox_bound: c.sandbox || c.sandbox_bound,
        };
        self.history.insert_connection(&stored)?;
        let (id, s) = (stored.id.clone(), secrets.clone());
        if let Err(e) = self.keychain.run(move |k| k.put(&id, &s)).await {
            tracing::warn!(code = %e.code, "issued credentials kept in memory: no keychain");
            self.memory.put(&stored.id, &secrets)?;
        }
        Ok(CreatedConnection {
            id: stored.id,
            name: stored.name,
        })
    }

    /// Every connection's notices (e.g. API keys about to expire), most
    /// pressing first. Local only: nothing is sent.
    pub fn notices(&self) -> Result<Vec<AppNotice>> {
        struct V<'a> {
            svc: &'a Service,
            conns: Vec<StoredConnection>,
            out: Vec<AppNotice>,
        }
        impl ProviderVisitor for V<'_> {
            fn provider<P: ProviderSpec>(&mut self) {
                for c in self.conns.iter().filter(|c| c.provider == P::ID) {
                    let store = ConnStore::of::<P>(self.svc, c);
                    for mut n in P::notices(&store) {
                        n.connection_id = c.id.clone();
                        n.connection_name = c.name.clone();
                        n.provider = P::ID.to_owned();
                        self.out.push(n);
                    }
                }
            }
        }
        let mut v = V {
            svc: self,
            conns: self.history.list_connections()?,
            out: Vec::new(),
        };
        crate::providers::each(&mut v);
        let mut out = v.out;
        out.sort_by(|a, b| {
            b.level
                .cmp(&a.level)
                .then_with(|| a.connection_name.cmp(&b.connection_name))
        });
        Ok(out)
    }

    /// One secret field of a connection, for the shell to put on the
    /// clipboard (never returned over IPC). See [`Service::copyable_secret`].
    pub async fn secret_to_copy(&self, id_or_name: &str, field: &str) -> Result<SecretString> {
        let how = Summary::new("secret_copied", "copied to the clipboard");
        self.copyable_secret(id_or_name, field, how).await
    }

    /// One of the provider's `COPYABLE_SECRET_FIELDS` of a connection a
    /// provider operation created (the shell's clipboard, the CLI's
    /// `--reveal`); each read is recorded as
    /// `connection.copy_secret` with `how` (never the value), the field
    /// added as its `field` parameter.
    pub async fn copyable_secret(
        &self,
        id_or_name: &str,
        field: &str,
        how: Summary,
    ) -> Result<SecretString> {
        let c = self.resolve(id_or_name)?;
        let subject = self.subject(&c);
        let target = format!("connection {} · {field}", c.name);
        let work = async {
            // Only credentials a provider issued for a new account, shown
            // once this way; never ones the user typed (or a sandbox's).
            if !c.issued || !copyable(&c.provider).contains(&field) {
                let e = FieldError::new(
                    "not_copyable",
                    format!("{field:?} cannot be copied from this connection"),
                )
                .param("field", field);
                return Err(Error::invalid("field", e));
            }
            self.secrets(&c).await?.remove(field).ok_or_else(|| {
                Error::new(
                    ErrorCode::SecretMissing,
                    format!("the connection {:?} has no stored {field}", c.name),
                )
            })
        };
        let how = how.param("field", field);
        self.recorded(&subject, "connection.copy_secret", &target, work, |_| how)
            .await
    }
}

fn copyable(provider: &str) -> &'static [&'static str] {
    struct V<'a>(&'a str, &'static [&'static str]);
    impl ProviderVisitor for V<'_> {
        fn provider<P: ProviderSpec>(&mut self) {
            if P::ID == self.0 {
                self.1 = P::COPYABLE_SECRET_FIELDS;
            }
        }
    }
    let mut v = V(provider, &[]);
    crate::providers::each(&mut v);
    v.1
}
