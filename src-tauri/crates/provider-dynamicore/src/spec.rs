//! DynamiCore as data: what the service needs to know to connect, prove
//! the signature, start the simulator and run its operations.

use crate::calls::MIFIEL_CACHE;
use crate::{DynamicoreClient, DynamicoreConfig, DynamicoreSettings};
use ventanilla_core::op::{secret, BoxFuture, Connect, OpVisitor, ProviderSpec, Store};
use ventanilla_core::Result;

pub struct Dynamicore;

impl ProviderSpec for Dynamicore {
    const ID: &'static str = "dynamicore";
    const LABEL: &'static str = "DynamiCore";
    /// DYNAMICORE 1.2: every request is signed with the client key and secret.
    const SECRET_FIELDS: &'static [&'static str] = &["client_key", "secret"];
    const SANDBOX_NAME: &'static str = "Sandbox DynamiCore";
    /// Mifiel documents show in the Envelopes inbox.
    const ENVELOPE_CACHE: Option<&'static str> = Some(MIFIEL_CACHE);
    type Client = DynamicoreClient;

    /// Each operation's route (DYNAMICORE 1.5 #14).
    fn settings(json: &serde_json::Value) -> Result<serde_json::Value> {
        DynamicoreSettings::from_json(json).map(|_| json.clone())
    }

    fn setting_fields() -> Vec<ventanilla_core::op::SettingField> {
        crate::settings::setting_fields()
    }

    fn connect(c: Connect) -> Result<DynamicoreClient> {
        DynamicoreClient::new(DynamicoreConfig {
            base_url: c.base_url,
            client_key: secret(&c.secrets, "client_key")?.expose().to_owned(),
            secret: secret(&c.secrets, "secret")?,
            settings: DynamicoreSettings::from_json(&c.settings)?,
        })
    }

    /// The client templates (#3): a cheap read that proves the signature.
    fn login(client: &DynamicoreClient) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            let l = client.call(&crate::ops::CatalogClientInput {}).await?;
            Ok(format!(
                "Connected to DynamiCore: the signature was accepted ({} client templates)",
                l.data.len()
            ))
        })
    }

    /// The sandbox's inbox starts with the simulator's Mifiel documents, one
    /// in every state, read as `mifiel.get` reads them: DynamiCore lists no
    /// documents, so otherwise a new user's inbox would show none of them.
    fn sandbox_setup<'a>(
        client: &'a DynamicoreClient,
        store: &'a dyn Store,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            #[cfg(feature = "sandbox")]
            {
                let refs = crate::sandbox::remote_control(
                    client.base_url(),
                    "documents",
                    serde_json::Value::Null,
                )
                .await?;
                for r in refs.iter().filter_map(|r| r.as_str()) {
                    if let Ok(reference) = r.parse() {
                        crate::calls::refresh_document(client, store, &reference).await?;
                    }
                }
            }
            #[cfg(not(feature = "sandbox"))]
            let _ = (client, store);
            Ok(())
        })
    }

    ventanilla_core::sandbox_simulator!(
        |port| crate::sandbox::Sim::start(crate::sandbox::SimConfig {
            port,
            ..Default::default()
        }),
        demo(),
    );

    fn ts_declarations(cfg: &ts_rs::Config) -> Vec<String> {
        use crate::calls::SatFileRefs;
        use crate::ops::*;
        ventanilla_core::ts_decls![
            cfg;
            Listing,
            TypeFields,
            SatFileRefs,
            Signatory,
            Viewer,
            Customer,
            Item,
            MifielSigner,
            MifielDocument,
            MifielView,
            MifielExport,
            MifielFile,
            UploadedFile,
            FilesUploaded,
            OrderCreated,
            CashPayment,
            Charge,
            ChargeList,
            Order,
        ]
    }

    fn ops<V: OpVisitor<Self>>(v: &mut V) {
        crate::calls::list(v)
    }
}

/// The simulator's demo client key and secret, as a connection's secrets.
#[cfg(feature = "sandbox")]
fn demo() -> ventanilla_core::op::Secrets {
    use crate::sandbox::{DEMO_CLIENT_KEY, DEMO_SECRET};
    ventanilla_core::op::secrets_of(&[("client_key", DEMO_CLIENT_KEY), ("secret", DEMO_SECRET)])
}
