//! SIGNIO as data: what the service needs to know to connect, log in, start
//! the simulator and run its operations.

use crate::{SignioClient, SignioConfig, SignioSettings};
use ventanilla_core::op::{secret, BoxFuture, Connect, OpVisitor, ProviderSpec};
use ventanilla_core::Result;

pub struct Signio;

impl ProviderSpec for Signio {
    const ID: &'static str = "signio";
    const LABEL: &'static str = "SIGNIO";
    const SECRET_FIELDS: &'static [&'static str] = &["email", "password"];
    const SANDBOX_NAME: &'static str = "Sandbox SIGNIO";
    const ENVELOPE_CACHE: Option<&'static str> = Some(crate::ops::ENVELOPE_CACHE);
    type Client = SignioClient;

    /// Per-operation paths and methods, token lifetime and tenant: the seed
    /// documents few paths, so they are settings (see `routes.rs`).
    fn settings(json: &serde_json::Value) -> Result<serde_json::Value> {
        SignioSettings::from_json(json).map(|_| json.clone())
    }

    fn setting_fields() -> Vec<ventanilla_core::op::SettingField> {
        crate::routes::setting_fields()
    }

    fn connect(c: Connect) -> Result<SignioClient> {
        SignioClient::new(SignioConfig {
            base_url: c.base_url,
            email: secret(&c.secrets, "email")?.expose().to_owned(),
            password: secret(&c.secrets, "password")?,
            settings: SignioSettings::from_json(&c.settings)?,
        })
    }

    fn login(client: &SignioClient) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            client.login().await?;
            Ok(match &client.settings().tenant {
                Some(t) => format!("Logged in to SIGNIO (tenant {t})"),
                None => "Logged in to SIGNIO".into(),
            })
        })
    }

    ventanilla_core::sandbox_simulator!(
        |port| crate::sandbox::Simulator::start(crate::sandbox::SimConfig {
            port,
            ..Default::default()
        }),
        demo(),
    );

    /// SIGNIO's inputs (core declares the normalized read model).
    fn ts_declarations(cfg: &ts_rs::Config) -> Vec<String> {
        use crate::model::*;
        ventanilla_core::ts_decls![
            cfg;
            NewEnvelope,
            NewSigner,
            StampPosition,
            SignerLink,
            EnvelopeSortField,
            EnvelopeSort,
            EnvelopeQuery,
            TveInput,
            OnSiteSigning,
            Tag,
            TenantAccess,
            MagicLink,
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
    ventanilla_core::op::secrets_of(&[("email", &c.email), ("password", &c.password)])
}
