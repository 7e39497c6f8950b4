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

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::op::SettingField;
use ventanilla_core::{Error, Result};
pub use ventanilla_http::Route;

/// One SIGNIO operation (the seed's section number in the comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// 6.1 Generar token.
    TokenCreate,
    /// 6.2 Listar transacciones.
    EnvelopeList,
    /// 6.3 Listar tags.
    TagList,
    /// 6.4 Listar transacciones base.
    BaseList,
    /// 6.5 Registrar transacción.
    EnvelopeCreate,
    /// 6.6 Cargar documentos.
    DocumentUpload,
    /// 6.7 Registrar firmantes.
    SignerCreate,
    /// 6.8 Vincular firmantes a documentos.
    SignerLink,
    /// 6.8 (bis, "6.9") Cambiar orden de distribución.
    SignerOrder,
    /// 6.10 Distribuir.
    EnvelopeDistribute,
    /// 6.11 Obtener transacción.
    EnvelopeGet,
    /// 6.12 Devolver transacción.
    EnvelopeReturn,
    /// 6.13 Eliminar transacción.
    EnvelopeDelete,
    /// 6.14 Proteger documento.
    DocumentProtect,
    /// 6.15 Listar campos plantillas.
    TemplateFields,
    /// 6.16 Buscar sobres.
    EnvelopeSearch,
    /// 6.17 Listar plantillas.
    TemplateList,
    /// 6.18 Usar plantilla.
    TemplateUse,
    /// 6.19 Actualizar valores plantilla.
    TemplateUpdate,
    /// 6.20 Obtener link.
    MagicLink,
    /// 6.21 Autenticación (multi-tenant).
    AuthTenants,
    /// 6.22 Cargar TVE.
    TveUpload,
    /// 6.23 Editar TVE.
    TveEdit,
    /// 6.24 Generar URL para firma en sitio.
    OnSiteUrl,
}

impl Operation {
    pub const ALL: [Operation; 24] = [
        Operation::TokenCreate,
        Operation::EnvelopeList,
        Operation::TagList,
        Operation::BaseList,
        Operation::EnvelopeCreate,
        Operation::DocumentUpload,
        Operation::SignerCreate,
        Operation::SignerLink,
        Operation::SignerOrder,
        Operation::EnvelopeDistribute,
        Operation::EnvelopeGet,
        Operation::EnvelopeReturn,
        Operation::EnvelopeDelete,
        Operation::DocumentProtect,
        Operation::TemplateFields,
        Operation::EnvelopeSearch,
        Operation::TemplateList,
        Operation::TemplateUse,
        Operation::TemplateUpdate,
        Operation::MagicLink,
        Operation::AuthTenants,
        Operation::TveUpload,
        Operation::TveEdit,
        Operation::OnSiteUrl,
    ];

    /// The settings key.
    pub fn key(self) -> &'static str {
        match self {
            Operation::TokenCreate => "token.create",
            Operation::EnvelopeList => "envelope.list",
            Operation::TagList => "tag.list",
            Operation::BaseList => "base.list",
            Operation::EnvelopeCreate => "envelope.create",
            Operation::DocumentUpload => "document.upload",
            Operation::SignerCreate => "signer.create",
            Operation::SignerLink => "signer.link",
            Operation::SignerOrder => "signer.order",
            Operation::EnvelopeDistribute => "envelope.distribute",
            Operation::EnvelopeGet => "envelope.get",
            Operation::EnvelopeReturn => "envelope.return",
            Operation::EnvelopeDelete => "envelope.delete",
            Operation::DocumentProtect => "document.protect",
            Operation::TemplateFields => "template.fields",
            Operation::EnvelopeSearch => "envelope.search",
            Operation::TemplateList => "template.list",
            Operation::TemplateUse => "template.use",
            Operation::TemplateUpdate => "template.update",
            Operation::MagicLink => "envelope.magic_link",
            Operation::AuthTenants => "auth.tenants",
            Operation::TveUpload => "tve.upload",
            Operation::TveEdit => "tve.edit",
            Operation::OnSiteUrl => "onsite.url",
        }
    }

    /// "METHOD /path" per providers.md §5.6 (documented paths where the seed has them).
    pub fn default_route(self) -> &'static str {
        match self {
            Operation::TokenCreate => "POST /token/crear",
            Operation::EnvelopeList => "POST /transacciones/listar",
            Operation::TagList => "POST /tags/listar",
            Operation::BaseList => "POST /transacciones/listar_base",
            Operation::EnvelopeCreate => "POST /transacciones/crear",
            Operation::DocumentUpload => "POST /transacciones/cargar_documento",
            Operation::SignerCreate => "POST /transacciones/registrar_contacto",
            Operation::SignerLink => "POST /transacciones/vincular",
            Operation::SignerOrder => "POST /transacciones/cambiar_orden",
            Operation::EnvelopeDistribute => "POST /transacciones/distribuir",
            Operation::EnvelopeGet => "POST /transacciones/obtener",
            Operation::EnvelopeReturn => "POST /transacciones/devolver",
            Operation::EnvelopeDelete => "POST /transacciones/eliminar",
            Operation::DocumentProtect => "POST /documentos/proteger",
            Operation::TemplateFields => "POST /transacciones/campos_plantillas",
            Operation::EnvelopeSearch => "GET /envelopes",
            Operation::TemplateList => "GET /templates",
            Operation::TemplateUse => "POST /envelopes/:envelope_id/templates",
            Operation::TemplateUpdate => "PUT /envelopes/:envelope_id/templates/:document_id",
            Operation::MagicLink => "GET /envelopes/:envelope_id/magic-link",
            Operation::AuthTenants => "POST /auth/tokens",
            Operation::TveUpload => "POST /envelopes/:envelope_id/tve",
            Operation::TveEdit => "PUT /envelopes/:envelope_id/tve/:documento_id",
            Operation::OnSiteUrl => "PUT /envelope/onpremise/get-signed-url",
        }
    }

    /// Its section of the seed and how the connection form names it.
    pub fn section_and_label(self) -> (&'static str, &'static str) {
        match self {
            Operation::TokenCreate => ("6.1", "Generate a token"),
            Operation::EnvelopeList => ("6.2", "List transactions"),
            Operation::TagList => ("6.3", "List tags"),
            Operation::BaseList => ("6.4", "List base transactions"),
            Operation::EnvelopeCreate => ("6.5", "Create a transaction"),
            Operation::DocumentUpload => ("6.6", "Upload a document"),
            Operation::SignerCreate => ("6.7", "Register a signer"),
            Operation::SignerLink => ("6.8", "Link signers to documents"),
            Operation::SignerOrder => ("6.9", "Change the distribution order"),
            Operation::EnvelopeDistribute => ("6.10", "Send for signature"),
            Operation::EnvelopeGet => ("6.11", "Get a transaction"),
            Operation::EnvelopeReturn => ("6.12", "Return a transaction"),
            Operation::EnvelopeDelete => ("6.13", "Delete a transaction"),
            Operation::DocumentProtect => ("6.14", "Protect a document"),
            Operation::TemplateFields => ("6.15", "List template fields"),
            Operation::EnvelopeSearch => ("6.16", "Search envelopes"),
            Operation::TemplateList => ("6.17", "List templates"),
            Operation::TemplateUse => ("6.18", "Use a template"),
            Operation::TemplateUpdate => ("6.19", "Update template values"),
            Operation::MagicLink => ("6.20", "Get a magic link"),
            Operation::AuthTenants => ("6.21", "Multi-tenant authentication"),
            Operation::TveUpload => ("6.22", "Upload a TVE"),
            Operation::TveEdit => ("6.23", "Edit a TVE"),
            Operation::OnSiteUrl => ("6.24", "On-site signing URL"),
        }
    }

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

    /// The placeholders the path must contain.
    pub fn required_vars(self) -> &'static [&'static str] {
        match self {
            Operation::TemplateUse | Operation::MagicLink | Operation::TveUpload => {
                &["envelope_id"]
            }
            Operation::TemplateUpdate => &["envelope_id", "document_id"],
            Operation::TveEdit => &["envelope_id", "documento_id"],
            _ => &[],
        }
    }

    /// Replies use `code`/`message` (6.16–6.23) rather than `codigo`/`mensaje`.
    pub fn english_envelope(self) -> bool {
        matches!(
            self,
            Operation::EnvelopeSearch
                | Operation::TemplateList
                | Operation::TemplateUse
                | Operation::TemplateUpdate
                | Operation::MagicLink
                | Operation::AuthTenants
                | Operation::TveUpload
                | Operation::TveEdit
                | Operation::OnSiteUrl
        )
    }

    pub fn from_key(key: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|o| o.key() == key)
    }
}

/// Default token lifetime when the settings say nothing (the 6.21 default).
pub const DEFAULT_TOKEN_LIFETIME_MIN: u64 = 120;

/// A connection's SIGNIO settings (non-secret; stored with the connection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignioSettings {
    routes: BTreeMap<Operation, Route>,
    /// How long a `/token/crear` token is trusted (and the `ttl` asked of 6.21).
    pub token_lifetime: Duration,
    /// Log in through 6.21 and use this tenant's token.
    pub tenant: Option<String>,
}

impl Default for SignioSettings {
    fn default() -> Self {
        SignioSettings {
            routes: Operation::ALL
                .into_iter()
                .map(|o| {
                    (
                        o,
                        Route::parse(o.default_route(), "POST /transacciones/crear")
                            .expect("default routes parse"),
                    )
                })
                .collect(),
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
        let obj = match v {
            Value::Null => return Ok(s),
            Value::Object(o) => o,
            _ => {
                let e = FieldError::new("json_object", "must be a JSON object");
                return Err(Error::invalid("settings", e));
            }
        };
        for (k, val) in obj {
            match k.as_str() {
                "paths" => match val {
                    Value::Object(paths) => {
                        for (key, route) in paths {
                            let field = format!("paths.{key}");
                            let Some(op) = Operation::from_key(key) else {
                                let known: Vec<_> =
                                    Operation::ALL.iter().map(|o| o.key()).collect();
                                let known = known.join(", ");
                                let e = FieldError::new(
                                    "unknown_route_op",
                                    format!("unknown operation; known: {known}"),
                                )
                                .param("known", known);
                                add_field_error(&mut errs, field, e);
                                continue;
                            };
                            match route
                                .as_str()
                                .map(|r| Route::parse(r, "POST /transacciones/crear"))
                            {
                                Some(Ok(r)) => {
                                    let vars = r.vars();
                                    if let Some(missing) = op
                                        .required_vars()
                                        .iter()
                                        .find(|n| !vars.iter().any(|v| v == *n))
                                    {
                                        add_field_error(
                                            &mut errs,
                                            field,
                                            FieldError::new(
                                                "route_missing_placeholder",
                                                format!("must contain the placeholder :{missing}"),
                                            )
                                            .param("name", *missing),
                                        );
                                    } else if let Some(extra) = vars
                                        .iter()
                                        .find(|v| !op.required_vars().contains(&v.as_str()))
                                    {
                                        add_field_error(
                                            &mut errs,
                                            field,
                                            FieldError::new(
                                                "route_unknown_placeholder",
                                                format!("unknown placeholder :{extra}"),
                                            )
                                            .param("name", extra.as_str()),
                                        );
                                    } else {
                                        s.routes.insert(op, r);
                                    }
                                }
                                Some(Err(m)) => {
                                    let e = FieldError::new("invalid_route", m.as_str())
                                        .param("detail", m);
                                    add_field_error(&mut errs, field, e);
                                }
                                None => {
                                    add_field_error(
                                        &mut errs,
                                        field,
                                        FieldError::new(
                                            "route_string",
                                            "must be a string like \"POST /path\"",
                                        ),
                                    );
                                }
                            }
                        }
                    }
                    _ => {
                        add_field_error(
                            &mut errs,
                            "paths",
                            FieldError::new(
                                "routes_object",
                                "must be an object of operation → \"METHOD /path\"",
                            ),
                        );
                    }
                },
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
                    let e = FieldError::new(
                        "unknown_setting",
                        "unknown setting; known: paths, token_lifetime_min, tenant",
                    )
                    .param("known", "paths, token_lifetime_min, tenant");
                    add_field_error(&mut errs, other, e);
                }
            }
        }
        if errs.is_empty() {
            Ok(s)
        } else {
            Err(Error::validation(errs))
        }
    }

    pub fn route(&self, op: Operation) -> &Route {
        &self.routes[&op]
    }

    /// Override one route (already validated by the caller).
    pub fn set_route(&mut self, op: Operation, route: Route) {
        self.routes.insert(op, route);
    }
}

/// The settings the connection form offers: a route per operation (assumed
/// unless the seed gives both its path and method), token lifetime, tenant.
pub fn setting_fields() -> Vec<SettingField> {
    let routes = Operation::ALL.into_iter().map(|o| {
        let (section, label) = o.section_and_label();
        let (path, method) = o.documented();
        let f = SettingField::route("paths", o.key(), label, o.default_route())
            .doc(format!("SIGNIO {section}"))
            .assumed(!(path && method));
        let needs = o.required_vars();
        match (path, method) {
            (true, false) => {
                f.hint("SIGNIO documents this path but not its method: POST is assumed")
            }
            _ if !needs.is_empty() => {
                let vars: Vec<String> = needs.iter().map(|v| format!(":{v}")).collect();
                f.hint(format!("Must contain {}", vars.join(" and ")))
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
        let s = SignioSettings::default();
        for op in Operation::ALL {
            let r = s.route(op);
            for v in op.required_vars() {
                assert!(r.vars().iter().any(|x| x == v), "{op:?}");
            }
            assert_eq!(Operation::from_key(op.key()), Some(op));
        }
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
        assert!(f["paths.envelope.get"].message.contains("FETCH"));
        assert!(f.contains_key("token_lifetime_min") && f.contains_key("colour"));
        assert_eq!(
            SignioSettings::from_json(&Value::Null).unwrap(),
            SignioSettings::default()
        );
    }
}
