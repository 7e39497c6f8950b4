//! MLM BackOffice as data: what the service needs to know to connect, log
//! in, start the simulator and run its operations.

use crate::{BackofficeClient, BackofficeConfig};
use ventanilla_core::op::{secret, BoxFuture, Connect, OpVisitor, ProviderSpec, Simulator};
use ventanilla_core::Result;

pub struct Backoffice;

impl ProviderSpec for Backoffice {
    const ID: &'static str = "backoffice";
    const LABEL: &'static str = "BackOffice";
    const SECRET_FIELDS: &'static [&'static str] = &["api_key", "username", "password"];
    const SANDBOX_NAME: &'static str = "Sandbox";
    type Client = BackofficeClient;

    fn settings(json: &serde_json::Value) -> Result<serde_json::Value> {
        match json {
            serde_json::Value::Null => Ok(serde_json::Value::Null),
            serde_json::Value::Object(o) if o.is_empty() => Ok(serde_json::Value::Null),
            _ => Err(ventanilla_core::Error::invalid(
                "settings",
                ventanilla_core::error::FieldError::new(
                    "no_settings",
                    "a BackOffice connection has no settings",
                )
                .param("provider", "BackOffice"),
            )),
        }
    }

    fn connect(c: Connect) -> Result<BackofficeClient> {
        BackofficeClient::new(BackofficeConfig {
            base_url: c.base_url,
            api_key: secret(&c.secrets, "api_key")?,
            username: secret(&c.secrets, "username")?.expose().to_owned(),
            password: secret(&c.secrets, "password")?,
        })
    }

    fn login(client: &BackofficeClient) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            let s = client.login().await?;
            Ok(format!("Logged in as {}", s.username))
        })
    }

    fn simulator(port: Option<u16>) -> BoxFuture<'static, Result<Simulator>> {
        Box::pin(async move {
            #[cfg(feature = "sandbox")]
            {
                use crate::sandbox as sim;
                let handle = sim::Simulator::start(sim::SimConfig {
                    port,
                    ..sim::SimConfig::default()
                })
                .await?;
                let c = handle.credentials();
                let secrets = ventanilla_core::op::secrets_of(&[
                    ("api_key", &c.api_key),
                    ("username", &c.username),
                    ("password", &c.password),
                ]);
                Ok(Simulator::new(handle.base_url(), secrets, handle))
            }
            #[cfg(not(feature = "sandbox"))]
            {
                let _ = port;
                Err(Simulator::not_built(Self::LABEL))
            }
        })
    }

    fn ts_declarations(cfg: &ts_rs::Config) -> Vec<String> {
        use crate::users::*;
        ventanilla_core::ts_decls![
            cfg;
            Ack,
            Session,
            User,
            CatalogEntry,
            Catalog,
            NewUser,
            UserEdit,
            WalletBalance,
            PopularCountry,
            Dashboard,
            Notice,
            Notices,
            Plan,
            TeamMember,
            MatrixNode,
            ResourceCategory,
            Resource,
            Ticket,
            NewTicket,
            ThreadMessage,
            NewThreadMessage,
            WalletTransaction,
            WalletPage,
            WalletQuery,
        ]
    }

    fn ops<V: OpVisitor<Self>>(v: &mut V) {
        crate::ops::list(v)
    }
}
