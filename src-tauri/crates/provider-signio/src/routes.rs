//! The 24 SIGNIO operations and where each one lives.
//!
//! The seed documents a path for 8 operations and a method for 2, and no base
//! URL. Every operation's method and path therefore come from the
//! connection's settings, defaulting to providers.md §5.6's placeholders:
//!
//! ```json
//! {"paths": {"envelope.create": "POST /transacciones/crear"},
//!  "token_lifetime_min": 120, "tenant": "Notaría Central"}
//! ```
//!
//! Path placeholders are written `:name` (or `{name}`); the operations that
//! need an id in the URL require their placeholder to be present.

use std::time::Duration;

use serde_json::Value;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::op::SettingField;
use ventanilla_core::Result;
use ventanilla_http::{settings_object, unknown_setting, validated, Routes};
pub use ventanilla_http::{Route, RouteOp};

ventanilla_http::route_ops! {
    /// One SIGNIO operation (the seed's section number in the comment), in
    /// the seed's order, with its default route (the seed's path where it
    /// documents one; the rest assumed, see `documented`).
    pub enum Operation {
        group: "paths", placeholders: Required;
        /// 6.1 Generar token.
        TokenCreate = "token.create", "POST /token/crear", "Generate a token", [];
        /// 6.2 Listar transacciones.
        EnvelopeList = "envelope.list", "POST /transacciones/listar", "List transactions", [];
        /// 6.3 Listar tags.
        TagList = "tag.list", "POST /tags/listar", "List tags", [];
        /// 6.4 Listar transacciones base.
        BaseList = "base.list", "POST /transacciones/listar_base", "List base transactions", [];
        /// 6.5 Registrar transacción.
        EnvelopeCreate = "envelope.create", "POST /transacciones/crear", "Create a transaction", [];
        /// 6.6 Cargar documentos.
        DocumentUpload = "document.upload", "POST /transacciones/cargar_documento",
            "Upload a document", [];
        /// 6.7 Registrar firmantes.
        SignerCreate = "signer.create", "POST /transacciones/registrar_contacto",
            "Register a signer", [];
        /// 6.8 Vincular firmantes a documentos.
        SignerLink = "signer.link", "POST /transacciones/vincular", "Link signers to documents", [];
        /// 6.8 (bis, "6.9") Cambiar orden de distribución.
        SignerOrder = "signer.order", "POST /transacciones/cambiar_orden",
            "Change the distribution order", [];
        /// 6.10 Distribuir.
        EnvelopeDistribute = "envelope.distribute", "POST /transacciones/distribuir",
            "Send for signature", [];
        /// 6.11 Obtener transacción.
        EnvelopeGet = "envelope.get", "POST /transacciones/obtener", "Get a transaction", [];
        /// 6.12 Devolver transacción.
        EnvelopeReturn = "envelope.return", "POST /transacciones/devolver", "Return a transaction", [];
        /// 6.13 Eliminar transacción.
        EnvelopeDelete = "envelope.delete", "POST /transacciones/eliminar", "Delete a transaction", [];
        /// 6.14 Proteger documento.
        DocumentProtect = "document.protect", "POST /documentos/proteger", "Protect a document", [];
        /// 6.15 Listar campos plantillas.
        TemplateFields = "template.fields", "POST /transacciones/campos_plantillas",
            "List template fields", [];
        /// 6.16 Buscar sobres.
        EnvelopeSearch = "envelope.search", "GET /envelopes", "Search envelopes", [];
        /// 6.17 Listar plantillas.
        TemplateList = "template.list", "GET /templates", "List templates", [];
        /// 6.18 Usar plantilla.
        TemplateUse = "template.use", "POST /envelopes/:envelope_id/templates", "Use a template",
            ["envelope_id"];
        /// 6.19 Actualizar valores plantilla.
        TemplateUpdate = "template.update", "PUT /envelopes/:envelope_id/templates/:document_id",
            "Update template values", ["envelope_id", "document_id"];
        /// 6.20 Obtener link.
        MagicLink = "envelope.magic_link", "GET /envelopes/:envelope_id/magic-link",
            "Get a magic link", ["envelope_id"];
        /// 6.21 Autenticación (multi-tenant).
        AuthTenants = "auth.tenants", "POST /auth/tokens", "Multi-tenant authentication", [];
        /// 6.22 Cargar TVE.
        TveUpload = "tve.upload", "POST /envelopes/:envelope_id/tve", "Upload a TVE",
            ["envelope_id"];
        /// 6.23 Editar TVE.
        TveEdit = "tve.edit", "PUT /envelopes/:envelope_id/tve/:documento_id", "Edit a TVE",
            ["envelope_id", "documento_id"];
        /// 6.24 Generar URL para firma en sitio.
        OnSiteUrl = "onsite.url", "PUT /envelope/onpremise/get-signed-url", "On-site signing URL",
            [];
    }
}

impl Operation {
    /// What the seed gives of its route: (path, method). Only 8 paths and 2
    /// methods are documented; the rest of every default is assumed.
    pub fn documented(self) -> (bool, bool) {
        match self {
            Operation::TveEdit | Operation::OnSiteUrl => (true, true),
            Operation::TokenCreate
            | Operation::EnvelopeCreate
            | Operation::DocumentUpload
            | Operation::SignerCreate
            | Operation::SignerLink
            | Operation::EnvelopeDistribute => (true, false),
            _ => (false, false),
        }
    }
}

/// Default token lifetime when the settings say nothing (the 6.21 default).
pub const DEFAULT_TOKEN_LIFETIME_MIN: u64 = 120;

/// A connection's SIGNIO settings (non-secret; stored with the connection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignioSettings {
    routes: Routes<Operation>,
    /// How long a `/token/crear` token is trusted (and the `ttl` asked of 6.21).
    pub token_lifetime: Duration,
    /// Log in through 6.21 and use this tenant's token.
    pub tenant: Option<String>,
}

impl Default for SignioSettings {
    fn default() -> Self {
        SignioSettings {
            routes: Routes::default(),
            token_lifetime: Duration::from_secs(DEFAULT_TOKEN_LIFETIME_MIN * 60),
            tenant: None,
        }
    }
}

impl SignioSettings {
    /// Parse the settings JSON (`null` or `{}` = all defaults). Every problem
    /// is reported as a field error (`paths.<key>`, `token_lifetime_min`, `tenant`).
    pub fn from_json(v: &Value) -> Result<Self> {
        let mut s = SignioSettings::default();
        let mut errs = FieldErrors::new();
        for (k, val) in settings_object(v)?.into_iter().flatten() {
            match k.as_str() {
                "paths" => s.routes = Routes::parse(Some(val), &mut errs),
                "token_lifetime_min" => match val.as_u64() {
                    Some(m) if (1..=7 * 24 * 60).contains(&m) => {
                        s.token_lifetime = Duration::from_secs(m * 60)
                    }
                    _ => {
                        let e = FieldError::new(
                            "minutes_range",
                            "must be a whole number of minutes from 1 to 10080",
                        )
                        .param("min", 1)
                        .param("max", 10080);
                        add_field_error(&mut errs, k.as_str(), e);
                    }
                },
                "tenant" => match val {
                    Value::Null => {}
                    Value::String(t) if t.trim().is_empty() => {}
                    Value::String(t) if t.chars().count() <= 200 => {
                        s.tenant = Some(t.trim().to_string())
                    }
                    _ => {
                        let e = FieldError::new(
                            "tenant_name",
                            "must be a tenant name (text, at most 200 characters)",
                        )
                        .param("max", 200);
                        add_field_error(&mut errs, k.as_str(), e);
                    }
                },
                other => {
                    let e = unknown_setting("paths, token_lifetime_min, tenant");
                    add_field_error(&mut errs, other, e);
                }
            }
        }
        validated(s, errs)
    }

    pub fn route(&self, op: Operation) -> &Route {
        self.routes.get(op)
    }
}

/// The settings the connection form offers: a route per operation (assumed
/// unless the seed gives both its path and method), token lifetime, tenant.
pub fn setting_fields() -> Vec<SettingField> {
    // The seed's sections are 6.1 to 6.24 in this order (the second 6.8 as 6.9).
    let routes = Operation::ALL.into_iter().zip(1..).map(|(o, section)| {
        let (path, method) = o.documented();
        let f = o
            .setting_field()
            .doc(format!("SIGNIO 6.{section}"))
            .assumed(!(path && method));
        match (path, method) {
            (true, false) => {
                f.hint("SIGNIO documents this path but not its method: POST is assumed")
            }
            _ if !o.vars().is_empty() => {
                f.hint(format!("Must contain {}", o.placeholders(" and ")))
            }
            _ => f,
        }
    });
    routes
        .chain([
            SettingField::number(
                "token_lifetime_min",
                "Token lifetime (minutes)",
                DEFAULT_TOKEN_LIFETIME_MIN,
            )
            .doc("SIGNIO 6.21")
            .hint("How long a login token is trusted, and the ttl asked of 6.21; 1 to 10080"),
            SettingField::text("tenant", "Tenant", "")
                .doc("SIGNIO 6.21")
                .hint("Log in through 6.21 and use this tenant's token; blank: 6.1 login"),
        ])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;
    use serde_json::json;

    #[test]
    fn every_operation_has_a_parsable_default_with_its_placeholders() {
        // Keys are unique and defaults keep their placeholders, or this panics.
        let s = SignioSettings::default();
        assert_eq!(s.route(Operation::TveEdit).method, Method::PUT);
        assert_eq!(
            s.route(Operation::OnSiteUrl).path,
            "/envelope/onpremise/get-signed-url"
        );
        assert_eq!(s.token_lifetime, Duration::from_secs(7200));
    }

    #[test]
    fn settings_override_and_report_every_problem() {
        let s = SignioSettings::from_json(&json!({
            "paths": {"envelope.create": "put transactions/new", "template.use": "POST /t/{envelope_id}/use"},
            "token_lifetime_min": 30, "tenant": "Notaría Central"
        }))
        .unwrap();
        assert_eq!(
            s.route(Operation::EnvelopeCreate),
            &Route {
                method: Method::PUT,
                path: "/transactions/new".into()
            }
        );
        assert_eq!(
            s.route(Operation::TemplateUse)
                .fill(&[("envelope_id", "a b")])
                .unwrap(),
            "/t/a%20b/use"
        );
        assert_eq!(s.token_lifetime, Duration::from_secs(1800));
        assert_eq!(s.tenant.as_deref(), Some("Notaría Central"));

        let e = SignioSettings::from_json(&json!({
            "paths": {"nope": "GET /x", "tve.edit": "PUT /tve/:documento_id", "envelope.get": "FETCH /x"},
            "token_lifetime_min": 0, "colour": 1
        }))
        .unwrap_err();
        let f = e.fields.unwrap();
        assert!(f["paths.nope"].message.contains("unknown operation"));
        assert!(f["paths.tve.edit"].message.contains(":envelope_id"));
        assert_eq!(f["paths.tve.edit"].code, "route_missing_placeholder");
        assert!(f["paths.envelope.get"].message.contains("FETCH"));
        assert!(f.contains_key("token_lifetime_min") && f.contains_key("colour"));
        assert_eq!(
            SignioSettings::from_json(&Value::Null).unwrap(),
            SignioSettings::default()
        );
    }
}
