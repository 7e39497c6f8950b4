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

use serde_json::Value;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::op::SettingField;
use ventanilla_core::Result;
use ventanilla_http::{settings_object, unknown_setting, validated, Routes};
pub use ventanilla_http::{Route, RouteOp};

use crate::rules::TreeLimits;

ventanilla_http::route_ops! {
    /// The four operations of UNDOSTRES 2.5; every default route is
    /// UNDOSTRES_ASSUMED. A path may have `{company_id}` but need not: a
    /// provider may only know "the caller's account".
    pub enum Operation {
        group: "routes", placeholders: AtMost;
        /// A1: request a new API key (first key or rotation), with credentials.
        KeyRequest = "key.request", "POST /v1/api-keys", "Request an API key", [];
        /// A2: read an account (a convenience read; not in the seed's prose).
        AccountGet = "account.get", "GET /v1/accounts/{company_id}", "Read an account",
            ["company_id"];
        /// A3: update an account's company data.
        AccountUpdate = "account.update", "PATCH /v1/accounts/{company_id}",
            "Update company data", ["company_id"];
        /// A4: create a sub-account.
        SubAccountCreate = "subaccount.create", "POST /v1/accounts/{company_id}/sub-accounts",
            "Create a sub-account", ["company_id"];
    }
}

impl Operation {
    /// Whether sending it twice is harmless (only then is it retried, and a
    /// lost reply is a plain timeout rather than OUTCOME_UNKNOWN).
    pub fn is_read(self) -> bool {
        matches!(self, Operation::AccountGet)
    }
}

/// A connection's UnDosTres settings (non-secret; stored with the connection).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UndostresSettings {
    routes: Routes<Operation>,
    /// C and G (UNDOSTRES 2.4: "e.g." five and ten).
    pub limits: TreeLimits,
}

impl UndostresSettings {
    /// Parse the settings JSON (`null` or `{}` = all defaults). Every problem
    /// is a field error (`routes.<key>`, `max_root_children`, `max_children`).
    pub fn from_json(v: &Value) -> Result<Self> {
        let mut s = UndostresSettings::default();
        let mut errs = FieldErrors::new();
        for (k, val) in settings_object(v)?.into_iter().flatten() {
            match k.as_str() {
                "routes" => s.routes = Routes::parse(Some(val), &mut errs),
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
                other => add_field_error(
                    &mut errs,
                    other,
                    unknown_setting("routes, max_root_children, max_children"),
                ),
            }
        }
        validated(s, errs)
    }

    pub fn route(&self, op: Operation) -> &Route {
        self.routes.get(op)
    }
}

/// The settings the connection form offers: every route is assumed
/// (UNDOSTRES 2.5 is a proposed shape), C and G follow UNDOSTRES 2.4.
pub fn setting_fields() -> Vec<SettingField> {
    let routes = Operation::ALL.into_iter().map(|o| {
        let f = o.setting_field().doc("UNDOSTRES 2.5").assumed(true);
        match o.vars() {
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
