//! Where each operation lives, and the tree limits.
//!
//! UNDOSTRES_ASSUMED: the seed documents no base URL, path, method or
//! payload. The defaults below are UNDOSTRES 2.5's proposed shape, not
//! the provider's; every one can be overridden in the connection's settings:
//!
//! ```json
//! {"routes": {"key.request": "POST /v2/keys"},
//!  "max_root_children": 5, "max_children": 10}
//! ```
//!
//! The base URL is the connection's own (neither the seed nor the digest
//! names one, so there is no default). Path placeholders are `{company_id}`
//! (or `:company_id`); the alias `me` stands for the caller's own account.

use std::collections::BTreeMap;

use serde_json::Value;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::op::SettingField;
use ventanilla_core::{Error, Result};
pub use ventanilla_http::Route;

use crate::rules::TreeLimits;

/// The four operations of UNDOSTRES 2.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// A1: request a new API key (first key or rotation), with credentials.
    KeyRequest,
    /// A2: read an account (a convenience read; not in the seed's prose).
    AccountGet,
    /// A3: update an account's company data.
    AccountUpdate,
    /// A4: create a sub-account.
    SubAccountCreate,
}

impl Operation {
    pub const ALL: [Operation; 4] = [
        Operation::KeyRequest,
        Operation::AccountGet,
        Operation::AccountUpdate,
        Operation::SubAccountCreate,
    ];

    /// The settings key.
    pub fn key(self) -> &'static str {
        match self {
            Operation::KeyRequest => "key.request",
            Operation::AccountGet => "account.get",
            Operation::AccountUpdate => "account.update",
            Operation::SubAccountCreate => "subaccount.create",
        }
    }

    pub fn from_key(key: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|o| o.key() == key)
    }

    /// UNDOSTRES_ASSUMED (UNDOSTRES 2.5 A1–A4).
    pub fn default_route(self) -> &'static str {
        match self {
            Operation::KeyRequest => "POST /v1/api-keys",
            Operation::AccountGet => "GET /v1/accounts/{company_id}",
            Operation::AccountUpdate => "PATCH /v1/accounts/{company_id}",
            Operation::SubAccountCreate => "POST /v1/accounts/{company_id}/sub-accounts",
        }
    }

    /// How the connection form names its route.
    pub fn label(self) -> &'static str {
        match self {
            Operation::KeyRequest => "Request an API key",
            Operation::AccountGet => "Read an account",
            Operation::AccountUpdate => "Update company data",
            Operation::SubAccountCreate => "Create a sub-account",
        }
    }

    /// Placeholders the path may contain (none is required: a provider may
    /// only know "the caller's account").
    pub fn allowed_vars(self) -> &'static [&'static str] {
        match self {
            Operation::KeyRequest => &[],
            _ => &["company_id"],
        }
    }

    /// Whether sending it twice is harmless (only then is it retried, and a
    /// lost reply is a plain timeout rather than OUTCOME_UNKNOWN).
    pub fn is_read(self) -> bool {
        matches!(self, Operation::AccountGet)
    }
}

/// A connection's UnDosTres settings (non-secret; stored with the connection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndostresSettings {
    routes: BTreeMap<Operation, Route>,
    /// C and G (UNDOSTRES 2.4: "e.g." five and ten).
    pub limits: TreeLimits,
}

impl Default for UndostresSettings {
    fn default() -> Self {
        UndostresSettings {
            routes: Operation::ALL
                .into_iter()
                .map(|o| {
                    (
                        o,
                        Route::parse(o.default_route(), "POST /v1/api-keys")
                            .expect("default routes parse"),
                    )
                })
                .collect(),
            limits: TreeLimits::default(),
        }
    }
}

const KNOWN: &str = "routes, max_root_children, max_children";

impl UndostresSettings {
    /// Parse the settings JSON (`null` or `{}` = all defaults). Every problem
    /// is a field error (`routes.<key>`, `max_root_children`, `max_children`).
    pub fn from_json(v: &Value) -> Result<Self> {
        let mut s = UndostresSettings::default();
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
                "routes" => {
                    let Value::Object(routes) = val else {
                        let e = FieldError::new(
                            "routes_object",
                            "must be an object of operation → \"METHOD /path\"",
                        );
                        add_field_error(&mut errs, k.as_str(), e);
                        continue;
                    };
                    for (key, route) in routes {
                        let field = format!("routes.{key}");
                        let Some(op) = Operation::from_key(key) else {
                            let known: Vec<_> = Operation::ALL.iter().map(|o| o.key()).collect();
                            let known = known.join(", ");
                            let e = FieldError::new(
                                "unknown_route_op",
                                format!("unknown operation; known: {known}"),
                            )
                            .param("known", known);
                            add_field_error(&mut errs, field, e);
                            continue;
                        };
                        match route.as_str().map(|r| Route::parse(r, "POST /v1/api-keys")) {
                            Some(Ok(r)) => match r
                                .vars()
                                .into_iter()
                                .find(|v| !op.allowed_vars().contains(&v.as_str()))
                            {
                                Some(extra) => {
                                    let e = FieldError::new(
                                        "route_unknown_placeholder",
                                        format!("unknown placeholder {{{extra}}}"),
                                    )
                                    .param("name", extra);
                                    add_field_error(&mut errs, field, e);
                                }
                                None => {
                                    s.routes.insert(op, r);
                                }
                            },
                            Some(Err(m)) => {
                                let e =
                                    FieldError::new("invalid_route", m.as_str()).param("detail", m);
                                add_field_error(&mut errs, field, e);
                            }
                            None => {
                                let e = FieldError::new(
                                    "route_string",
                                    "must be a string like \"POST /path\"",
                                );
                                add_field_error(&mut errs, field, e);
                            }
                        }
                    }
                }
                "max_root_children" | "max_children" => match val.as_u64() {
                    Some(n) if (1..=1000).contains(&n) => {
                        if k == "max_root_children" {
                            s.limits.root_children = n as u32;
                        } else {
                            s.limits.children = n as u32;
                        }
                    }
                    _ => {
                        let e = FieldError::new(
                            "number_range",
                            "must be a whole number from 1 to 1000",
                        )
                        .param("min", 1)
                        .param("max", 1000);
                        add_field_error(&mut errs, k.as_str(), e);
                    }
                },
                other => {
                    let e = FieldError::new(
                        "unknown_setting",
                        format!("unknown setting; known: {KNOWN}"),
                    )
                    .param("known", KNOWN);
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

/// The settings the connection form offers: every route is assumed
/// (UNDOSTRES 2.5 is a proposed shape), C and G follow UNDOSTRES 2.4.
pub fn setting_fields() -> Vec<SettingField> {
    let routes = Operation::ALL.into_iter().map(|o| {
        let f = SettingField::route("routes", o.key(), o.label(), o.default_route())
            .doc("UNDOSTRES 2.5")
            .assumed(true);
        match o.allowed_vars() {
            [] => f,
            _ => f.hint("{company_id} is the account's id; \"me\" stands for your own account"),
        }
    });
    let d = TreeLimits::default();
    routes
        .chain([
            SettingField::number(
                "max_root_children",
                "Sub-accounts of the main account (C)",
                d.root_children.into(),
            )
            .doc("UNDOSTRES 2.4")
            .hint("UNDOSTRES 2.4 gives 5 as its example; from 1 to 1000"),
            SettingField::number(
                "max_children",
                "Sub-accounts of each sub-account (G)",
                d.children.into(),
            )
            .doc("UNDOSTRES 2.4")
            .hint("UNDOSTRES 2.4 gives 10 as its example; from 1 to 1000"),
        ])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;
    use serde_json::json;

    #[test]
    fn defaults_are_the_assumed_shape_of_2_5() {
        let s = UndostresSettings::default();
        assert_eq!(s.route(Operation::KeyRequest).method, Method::POST);
        assert_eq!(s.route(Operation::KeyRequest).path, "/v1/api-keys");
        assert_eq!(s.route(Operation::AccountGet).method, Method::GET);
        assert_eq!(s.route(Operation::AccountUpdate).method, Method::PATCH);
        assert_eq!(
            s.route(Operation::SubAccountCreate)
                .fill(&[("company_id", "me")])
                .unwrap(),
            "/v1/accounts/me/sub-accounts"
        );
        assert_eq!(s.limits, TreeLimits::default());
        for op in Operation::ALL {
            assert_eq!(Operation::from_key(op.key()), Some(op));
        }
        assert_eq!(UndostresSettings::from_json(&Value::Null).unwrap(), s);
        assert_eq!(UndostresSettings::from_json(&json!({})).unwrap(), s);
    }

    #[test]
    fn settings_override_and_report_every_problem() {
        let s = UndostresSettings::from_json(&json!({
            "routes": {"key.request": "put keys/new", "account.get": "POST /cuentas/:company_id/ver"},
            "max_root_children": 2, "max_children": 3
        }))
        .unwrap();
        assert_eq!(
            s.route(Operation::KeyRequest),
            &Route {
                method: Method::PUT,
                path: "/keys/new".into()
            }
        );
        assert_eq!(
            s.route(Operation::AccountGet)
                .fill(&[("company_id", "a/b c")])
                .unwrap(),
            "/cuentas/a%2Fb%20c/ver"
        );
        assert_eq!(
            s.limits,
            TreeLimits {
                root_children: 2,
                children: 3
            }
        );

        let e = UndostresSettings::from_json(&json!({
            "routes": {"nope": "GET /x", "key.request": "POST /k/{company_id}",
                       "account.get": "FETCH /x", "account.update": "PATCH /a/../b"},
            "max_root_children": 0, "max_children": "ten", "colour": 1
        }))
        .unwrap_err();
        let f = e.fields.unwrap();
        let code = |k: &str| f[k].code.as_str();
        assert_eq!(code("routes.nope"), "unknown_route_op");
        assert_eq!(code("routes.key.request"), "route_unknown_placeholder");
        assert_eq!(f["routes.key.request"].params["name"], "company_id");
        assert!(f["routes.account.get"].message.contains("FETCH"));
        assert!(f["routes.account.update"].message.contains("plain path"));
        assert_eq!(code("routes.account.update"), "invalid_route");
        assert_eq!(code("max_root_children"), "number_range");
        assert_eq!(code("max_children"), "number_range");
        assert_eq!(code("colour"), "unknown_setting");
        assert!(UndostresSettings::from_json(&json!([1])).is_err());
    }
}
