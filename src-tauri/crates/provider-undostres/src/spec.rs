//! UnDosTres as data: what the service needs to know to connect, start the
//! simulator, ready the sandbox connection, warn about keys and run its
//! operations.

use crate::{UndostresClient, UndostresConfig, UndostresSettings};
use ventanilla_core::op::{
    secret, AppNotice, BoxFuture, Connect, OpVisitor, ProviderSpec, SettingField, Store,
};
use ventanilla_core::Result;

pub struct Undostres;

impl ProviderSpec for Undostres {
    const ID: &'static str = "undostres";
    const LABEL: &'static str = "UnDosTres";
    /// UNDOSTRES 2.2: the credentials only request keys.
    const SECRET_FIELDS: &'static [&'static str] = &["user", "password"];
    /// The API key `key.request` obtains (UNDOSTRES 2.2).
    const STORED_SECRET_FIELDS: &'static [&'static str] = &[crate::ops::API_KEY_FIELD];
    /// A new sub-account's credentials are shown once, by copying them.
    const COPYABLE_SECRET_FIELDS: &'static [&'static str] = &["user", "password"];
    const SANDBOX_NAME: &'static str = "Sandbox UnDosTres";
    type Client = UndostresClient;

    /// Paths and methods (UNDOSTRES_ASSUMED defaults) and the C/G limits.
    fn settings(json: &serde_json::Value) -> Result<serde_json::Value> {
        UndostresSettings::from_json(json).map(|_| json.clone())
    }

    fn setting_fields() -> Vec<SettingField> {
        crate::settings::setting_fields()
    }

    fn connect(c: Connect) -> Result<UndostresClient> {
        UndostresClient::new(UndostresConfig {
            base_url: c.base_url,
            user: secret(&c.secrets, "user")?.expose().to_owned(),
            password: secret(&c.secrets, "password")?,
            api_key: c.secrets.get(crate::ops::API_KEY_FIELD).cloned(),
            settings: UndostresSettings::from_json(&c.settings)?,
        })
    }

    /// Reads the connection's own account with its key. Without a key there
    /// is nothing to test that would not issue one (a key request rotates).
    fn login(client: &UndostresClient) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            let a = client
                .get_account(&crate::ops::AccountGetInput::default())
                .await?;
            Ok(format!(
                "Connected to UnDosTres as {} ({})",
                a.names, a.company_id
            ))
        })
    }

    ventanilla_core::sandbox_simulator!(
        |port| crate::sandbox::Simulator::start(crate::sandbox::SimConfig {
            port,
            ..Default::default()
        }),
        demo(),
    );

    /// The sandbox connection starts with the demo account's working key
    /// (read from the simulator's control route, not requested: a request
    /// would rotate it), stored like any issued key. The demo key was issued
    /// ~80 days ago, so the 14-day warning shows on first start.
    fn sandbox_setup<'a>(
        client: &'a UndostresClient,
        store: &'a dyn Store,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            #[cfg(feature = "sandbox")]
            {
                let issued = crate::sandbox::remote_demo_key(client.base_url()).await?;
                client.set_api_key(issued.api_key.clone());
                crate::ops::store_issued_key(store, issued.api_key, &issued.company_id, issued.key)
                    .await?;
            }
            #[cfg(not(feature = "sandbox"))]
            let _ = (client, store);
            Ok(())
        })
    }

    fn notices(store: &dyn Store) -> Vec<AppNotice> {
        crate::ops::key_notices(store, time::OffsetDateTime::now_utc())
    }

    fn ts_declarations(cfg: &ts_rs::Config) -> Vec<String> {
        use crate::ops::*;
        use crate::rules::ExpiryLevel;
        use crate::tree::TreeNodeView;
        ventanilla_core::ts_decls![
            cfg;
            KeyInfo,
            ExpiryLevel,
            KeyStatus,
            Account,
            TreeNodeView,
            AccountTreeView,
            SubAccountCreated,
        ]
    }

    fn ops<V: OpVisitor<Self>>(v: &mut V) {
        crate::ops::list(v)
    }
}

/// The simulator's demo credentials, as a connection's secrets.
#[cfg(feature = "sandbox")]
fn demo() -> ventanilla_core::op::Secrets {
    let c = crate::sandbox::demo_credentials();
    ventanilla_core::op::secrets_of(&[("user", &c.user), ("password", &c.password)])
}
