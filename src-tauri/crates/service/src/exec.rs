//! The one path every operation takes: validate → resolve the connection →
//! its adapter (cached per connection, so its login is reused) → call →
//! record. A write gets a pending history row before the call (see
//! `record.rs`); invalid input is recorded too, and nothing is sent.

use crate::record::{Recording, Subject};
use crate::Service;
use serde_json::Value;
use std::any::Any;
use std::sync::Arc;
use ventanilla_core::error::FieldError;
use ventanilla_core::op::{
    BoxFuture, CachedJson, Call, Connect, Cx, Host, Op, OpKind, OpVisitor, ProviderSpec,
    ProviderVisitor, Store,
};
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_history::StoredConnection;

/// A connection's adapter, of whatever provider (downcast by `ProviderSpec`).
pub(crate) type AnyClient = Arc<dyn Any + Send + Sync>;

impl Service {
    /// Runs one operation against a connection (id or name) and records it.
    pub async fn exec<P: ProviderSpec, O: Call<P>>(
        &self,
        connection: &str,
        input: O,
        host: &dyn Host,
    ) -> Result<O::Output> {
        let rec = recording::<O>(&input, host);
        let resolved = self.resolve(connection);
        let subject = match &resolved {
            Ok(c) => self.subject(c),
            Err(_) => Subject {
                connection_id: None,
                connection_name: connection.to_owned(),
                provider: P::ID.into(),
            },
        };
        let ready = async {
            input.validate_with(host)?;
            let conn = resolved?;
            self.check_provider::<P>(&conn)?;
            let api = self.client::<P>(&conn).await?;
            Ok((api, conn))
        };
        let (api, conn) = match ready.await {
            Ok(x) => x,
            Err(e) => return self.record_unsent(&subject, &rec, e),
        };
        let store = ConnStore::of::<P>(self, &conn);
        // The call consumes its input; history's summary reads a copy.
        let described = input.clone();
        let stale = input.invalidates();
        let cx = Cx {
            api: api.as_ref(),
            host,
            store: &store,
        };
        let result = self
            .perform(&subject, &rec, input.call(cx), |out| described.summary(out))
            .await;
        if result.is_ok() {
            for (kind, key) in stale {
                if let Err(e) = self.history.cache_delete(kind, &conn.id, &key) {
                    tracing::warn!(code = %e.code, kind, "could not drop a stale cached object");
                }
            }
        }
        result
    }

    /// Runs an operation given by name with its input as JSON (the shell's
    /// `op` command, `ventanilla-cli … --input`); the output as JSON.
    pub async fn exec_json(
        &self,
        provider: &str,
        connection: &str,
        name: &str,
        input: Value,
        host: &dyn Host,
    ) -> Result<Value> {
        let run = crate::providers::find(provider, name)?;
        run(self, connection, input, host).await
    }

    /// Logs in to a connection now (Connections → Test).
    pub(crate) async fn login(&self, c: &StoredConnection) -> Result<String> {
        type Login = for<'a> fn(&'a Service, &'a StoredConnection) -> BoxFuture<'a, Result<String>>;
        fn login_of<'a, P: ProviderSpec>(
            svc: &'a Service,
            c: &'a StoredConnection,
        ) -> BoxFuture<'a, Result<String>> {
            Box::pin(async move { P::login(svc.client::<P>(c).await?.as_ref()).await })
        }
        struct Find<'a>(&'a str, Option<Login>);
        impl ProviderVisitor for Find<'_> {
            fn provider<P: ProviderSpec>(&mut self) {
                if P::ID == self.0 {
                    self.1 = Some(login_of::<P>);
                }
            }
        }
        let mut find = Find(&c.provider, None);
        crate::providers::each(&mut find);
        let login = find.1.ok_or_else(|| {
            crate::providers::info(&c.provider)
                .err()
                .unwrap_or_else(|| Error::internal("provider without a login"))
        })?;
        login(self, c).await
    }

    pub(crate) fn check_provider<P: ProviderSpec>(&self, conn: &StoredConnection) -> Result<()> {
        if conn.provider == P::ID {
            return Ok(());
        }
        let (provider, expected) = (crate::providers::label(&conn.provider), P::LABEL);
        let e = FieldError::new(
            "not_this_provider",
            format!(
                "{:?} is a {provider} connection, not a {expected} one",
                conn.name
            ),
        )
        .param("name", conn.name.as_str())
        .param("provider", provider)
        .param("expected", expected);
        Err(Error::invalid("connection", e))
    }

    /// The adapter for a connection, built once and cached so its login
    /// token is reused.
    pub(crate) async fn client<P: ProviderSpec>(
        &self,
        c: &StoredConnection,
    ) -> Result<Arc<P::Client>> {
        let cached = self.clients.lock().unwrap().get(&c.id).cloned();
        if let Some(any) = cached {
            return any
                .downcast::<P::Client>()
                .map_err(|_| Error::internal("the cached adapter is of another provider"));
        }
        let base_url = match self.ensure_sandbox(c).await? {
            Some(url) => url,
            None => self.usable_base_url(c)?,
        };
        // Starting a sandbox readies it with its own adapter (sandbox_setup).
        if let Some(any) = self.clients.lock().unwrap().get(&c.id).cloned() {
            return any
                .downcast::<P::Client>()
                .map_err(|_| Error::internal("the cached adapter is of another provider"));
        }
        let mut secrets = self.secrets(c).await?;
        for field in P::SECRET_FIELDS {
            if !secrets.contains_key(*field) {
                return Err(Error::new(
                    ErrorCode::SecretMissing,
                    format!(
                        "the connection {:?} has no stored {field}; edit it and enter its secrets again",
                        c.name
                    ),
                ));
            }
        }
        secrets.retain(|k, _| {
            P::SECRET_FIELDS.contains(&k.as_str()) || P::STORED_SECRET_FIELDS.contains(&k.as_str())
        });
        let settings: Value = serde_json::from_str(&c.settings_json).unwrap_or(Value::Null);
        let client = Arc::new(P::connect(Connect {
            base_url,
            secrets,
            settings: crate::providers::settings::<P>(&settings)?,
        })?);
        self.clients
            .lock()
            .unwrap()
            .insert(c.id.clone(), client.clone() as AnyClient);
        Ok(client)
    }
}

fn recording<O: Op>(input: &O, host: &dyn Host) -> Recording {
    let target = input.target_in(host);
    let rec = match O::KIND {
        OpKind::Read => Recording::read(O::NAME, target),
        OpKind::Write => Recording::write(O::NAME, target),
    };
    input
        .secrets()
        .into_iter()
        .fold(rec, |r, s| r.secret(Some(s)))
}

/// The local store of one connection, as operations see it.
pub(crate) struct ConnStore<'a> {
    svc: &'a Service,
    conn: &'a StoredConnection,
    /// The secret fields operations may store (`ProviderSpec::STORED_SECRET_FIELDS`).
    stored: &'static [&'static str],
}

impl<'a> ConnStore<'a> {
    pub(crate) fn of<P: ProviderSpec>(svc: &'a Service, conn: &'a StoredConnection) -> Self {
        ConnStore {
            svc,
            conn,
            stored: P::STORED_SECRET_FIELDS,
        }
    }
}

impl Store for ConnStore<'_> {
    fn connection_id(&self) -> &str {
        &self.conn.id
    }

    fn put_secret<'b>(
        &'b self,
        field: &'b str,
        value: ventanilla_core::SecretString,
    ) -> BoxFuture<'b, Result<ventanilla_core::op::SecretKept>> {
        Box::pin(async move {
            if !self.stored.contains(&field) {
                return Err(Error::internal(format!(
                    "an operation tried to store the undeclared secret field {field:?}"
                )));
            }
            self.svc.put_secret_field(self.conn, field, value).await
        })
    }

    fn create_connection<'b>(
        &'b self,
        name: &'b str,
        secrets: ventanilla_core::op::Secrets,
    ) -> BoxFuture<'b, Result<ventanilla_core::op::CreatedConnection>> {
        Box::pin(self.svc.create_connection_like(self.conn, name, secrets))
    }

    fn cache_put(&self, kind: &str, key: &str, json: &str) {
        let now = crate::clock::now_ms();
        if let Err(e) = self
            .svc
            .history
            .cache_put(kind, &self.conn.id, key, json, now)
        {
            // The provider call succeeded; a stale list is the only cost.
            tracing::warn!(code = %e.code, kind, "could not cache an object");
        }
    }

    fn cache_recent(&self, kind: &str, limit: u32) -> Result<Vec<CachedJson>> {
        Ok(self
            .svc
            .history
            .cache_recent(kind, Some(&self.conn.id), limit)?
            .into_iter()
            .map(|o| CachedJson {
                key: o.key,
                json: o.json,
                synced_at_ms: o.synced_at_ms,
            })
            .collect())
    }
}

/// Visits every operation of every provider.
pub(crate) struct EachOp<F>(pub F);

impl<F: FnMut(&'static str, ventanilla_core::op::OpInfo, crate::providers::RunJson)> ProviderVisitor
    for EachOp<F>
{
    fn provider<P: ProviderSpec>(&mut self) {
        struct Ops<'a, F>(&'a mut F);
        impl<
                P: ProviderSpec,
                F: FnMut(&'static str, ventanilla_core::op::OpInfo, crate::providers::RunJson),
            > OpVisitor<P> for Ops<'_, F>
        {
            fn op<O: Call<P>>(&mut self) {
                (self.0)(
                    P::ID,
                    ventanilla_core::op::OpInfo::of::<P, O>(),
                    crate::providers::run_json::<P, O>,
                );
            }
        }
        P::ops(&mut Ops(&mut self.0));
    }
}
