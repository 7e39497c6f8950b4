//! Where each of the 21 operations lives (DYNAMICORE 1.3), as connection
//! settings: the seed's paths use five prefixes and `/internal`, `/private`
//! may not be publicly routable (DYNAMICORE 1.5 #14), and SAT sync shares
//! its path with SAT keys (#1), so every route can be overridden:
//!
//! ```json
//! {"routes": {"sat.sync": "POST /internal/sat/sync", "client.list": "GET /v1/clients"}}
//! ```

use std::collections::BTreeMap;

use serde_json::Value;
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::{Error, Result};
pub use ventanilla_http::Route;

macro_rules! operations {
    ($($(#[$doc:meta])* $v:ident = $key:literal, $route:literal, [$($var:literal),*];)*) => {
        /// The 21 operations of DYNAMICORE 1.3, in its order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation { $($(#[$doc])* $v,)* }

        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$v),*];

            /// The settings key (`routes.<key>`).
            pub fn key(self) -> &'static str {
                match self { $(Operation::$v => $key,)* }
            }

            /// The seed's method and path.
            pub fn default_route(self) -> &'static str {
                match self { $(Operation::$v => $route,)* }
            }

            /// The placeholders its path must fill.
            pub fn vars(self) -> &'static [&'static str] {
                match self { $(Operation::$v => &[$($var),*],)* }
            }
        }
    };
}

operations! {
    /// #1 create a client type.
    ClientTypeCreate = "type.create_client", "POST /v1/clients/types", [];
    /// #2 create a product type.
    ProductTypeCreate = "type.create_product", "POST /v1/products/types", [];
    /// #3 catalog of client templates.
    CatalogClient = "catalog.client", "GET /v1/catalog/fields/client", [];
    /// #4 catalog of product templates.
    CatalogProduct = "catalog.product", "GET /v1/catalog/fields/product", [];
    /// #5 create a client.
    ClientCreate = "client.create", "POST /private/clients", [];
    /// #6 update a client (id in the body, DYNAMICORE 1.5 #7).
    ClientUpdate = "client.update", "PUT /private/clients", [];
    /// #7 list clients, or one.
    ClientList = "client.list", "GET /private/clients", [];
    /// #8 upload files into a client's PII field (DYNAMICORE 1.5 #5).
    FileUpload = "file.upload", "POST /files/users/upload/:client_id/:field", ["client_id", "field"];
    /// #9 a client's SAT data.
    ClientSat = "client.sat", "GET /v1/clients/:client_id/sat", ["client_id"];
    /// #10 a client's credit score.
    ClientScore = "client.score", "GET /v1/clients/:client_id/score", ["client_id"];
    /// #11 create an account.
    AccountCreate = "account.create", "POST /v1/accounts", [];
    /// #12 a client's accounts, or one.
    AccountList = "account.list", "GET /v1/accounts", [];
    /// #13 an account's transactions.
    AccountTransactions = "account.transactions", "GET /v1/accounts/:account_id/transactions", ["account_id"];
    /// #14 an account's payments.
    AccountPayments = "account.payments", "GET /v1/accounts/:account_id/payments", ["account_id"];
    /// #15 load SAT keys.
    SatKeys = "sat.keys", "POST /internal/sat/sat_key", [];
    /// #16 sync SAT data (the seed gives #15's path, DYNAMICORE 1.5 #1).
    SatSync = "sat.sync", "POST /internal/sat/sat_key", [];
    /// #17 read synced SAT data.
    SatData = "sat.data", "GET /private/sat/data", [];
    /// #18 create a Mifiel document.
    MifielCreate = "mifiel.create", "POST /marketplace/apps/mifiel/documents", [];
    /// #19 read a Mifiel document.
    MifielGet = "mifiel.get", "GET /marketplace/apps/mifiel/documents/:id", ["id"];
    /// #20 create a Conekta order.
    ConektaCreate = "conekta.create", "POST /marketplace/apps/conekta/order/new_order", [];
    /// #21 read a Conekta order.
    ConektaGet = "conekta.get", "GET /marketplace/apps/conekta/order/get_order/:id", ["id"];
}

impl Operation {
    pub fn from_key(key: &str) -> Option<Operation> {
        Operation::ALL.iter().copied().find(|o| o.key() == key)
    }

    /// What the connection form calls its route.
    pub fn label(self) -> &'static str {
        match self {
            Operation::ClientTypeCreate => "Create a client type",
            Operation::ProductTypeCreate => "Create a product type",
            Operation::CatalogClient => "Client templates",
            Operation::CatalogProduct => "Product templates",
            Operation::ClientCreate => "Create a client",
            Operation::ClientUpdate => "Update a client",
            Operation::ClientList => "List clients",
            Operation::FileUpload => "Upload files",
            Operation::ClientSat => "A client's SAT data",
            Operation::ClientScore => "A client's credit score",
            Operation::AccountCreate => "Open an account",
            Operation::AccountList => "List accounts",
            Operation::AccountTransactions => "Account transactions",
            Operation::AccountPayments => "Account payments",
            Operation::SatKeys => "Load SAT keys",
            Operation::SatSync => "Sync SAT data",
            Operation::SatData => "Read SAT data",
            Operation::MifielCreate => "Send a Mifiel document",
            Operation::MifielGet => "Read a Mifiel document",
            Operation::ConektaCreate => "Create a Conekta order",
            Operation::ConektaGet => "Read a Conekta order",
        }
    }
}

/// The routes as the connection form offers them: the seed's method and
/// path, overridable because `/internal` and `/private` may not be public
/// (DYNAMICORE 1.5 #14). SAT sync's path is the seed's copy of Load Keys'
/// (1.5 #1): that default is Ventanilla's assumption.
pub fn setting_fields() -> Vec<ventanilla_core::op::SettingField> {
    use ventanilla_core::op::SettingField;
    Operation::ALL
        .iter()
        .map(|&o| {
            let f = SettingField::route("routes", o.key(), o.label(), o.default_route())
                .doc("DYNAMICORE 1.5 #14")
                .assumed(o == Operation::SatSync);
            match o.vars() {
                [] => f,
                vars => f.hint(format!(
                    "keep the placeholders {}",
                    vars.iter()
                        .map(|v| format!(":{v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        })
        .collect()
}

/// A connection's DynamiCore settings (non-secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicoreSettings {
    routes: BTreeMap<Operation, Route>,
}

const EXAMPLE: &str = "GET /v1/accounts";

impl Default for DynamicoreSettings {
    fn default() -> Self {
        let routes = Operation::ALL
            .iter()
            .map(|&o| {
                (
                    o,
                    Route::parse(o.default_route(), EXAMPLE).expect("seed routes parse"),
                )
            })
            .collect();
        DynamicoreSettings { routes }
    }
}

impl DynamicoreSettings {
    pub fn route(&self, op: Operation) -> &Route {
        &self.routes[&op]
    }

    /// Parse the settings JSON (`null` or `{}`: the seed's routes). Every
    /// problem is a field error under `routes.<key>`.
    pub fn from_json(v: &Value) -> Result<Self> {
        let mut s = DynamicoreSettings::default();
        let mut errs = FieldErrors::new();
        let routes = match v {
            Value::Null => return Ok(s),
            Value::Object(o) => match o.get("routes") {
                None | Some(Value::Null) => return Ok(s),
                Some(Value::Object(r)) => r,
                Some(_) => {
                    let e = FieldError::new(
                        "routes_object",
                        "must be an object of operation → \"METHOD /path\"",
                    );
                    return Err(Error::invalid("routes", e));
                }
            },
            _ => {
                let e = FieldError::new("json_object", "must be a JSON object");
                return Err(Error::invalid("settings", e));
            }
        };
        for (key, raw) in routes {
            let field = format!("routes.{key}");
            match Self::parse_route(key, raw) {
                Ok((op, r)) => {
                    s.routes.insert(op, r);
                }
                Err(e) => add_field_error(&mut errs, field, e),
            }
        }
        if errs.is_empty() {
            Ok(s)
        } else {
            Err(Error::validation(errs))
        }
    }

    fn parse_route(key: &str, raw: &Value) -> std::result::Result<(Operation, Route), FieldError> {
        let op = Operation::from_key(key).ok_or_else(|| {
            let known = Operation::ALL
                .iter()
                .map(|o| o.key())
                .collect::<Vec<_>>()
                .join(", ");
            FieldError::new(
                "unknown_route_op",
                format!("unknown operation; known: {known}"),
            )
            .param("known", known)
        })?;
        let text = raw.as_str().ok_or_else(|| {
            FieldError::new("route_string", "must be a string like \"POST /path\"")
        })?;
        let r = Route::parse(text, EXAMPLE)
            .map_err(|m| FieldError::new("invalid_route", m.as_str()).param("detail", m))?;
        let mut vars = r.vars();
        vars.sort();
        let mut want: Vec<String> = op.vars().iter().map(|v| v.to_string()).collect();
        want.sort();
        if vars != want {
            let list = op.vars().join(", ");
            let e = FieldError::new(
                "route_placeholders",
                format!("must have exactly the placeholders: {list}"),
            )
            .param("names", list);
            return Err(e);
        }
        Ok((op, r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_one_operations_with_unique_keys() {
        assert_eq!(Operation::ALL.len(), 21);
        let mut keys: Vec<_> = Operation::ALL.iter().map(|o| o.key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 21);
        for &o in Operation::ALL {
            let r = DynamicoreSettings::default().route(o).clone();
            let mut v = r.vars();
            v.sort();
            let mut w: Vec<_> = o.vars().iter().map(|s| s.to_string()).collect();
            w.sort();
            assert_eq!(v, w, "{o:?}");
        }
    }

    #[test]
    fn routes_override_and_errors_are_coded() {
        let s = DynamicoreSettings::from_json(&serde_json::json!({
            "routes": {"sat.sync": "POST /v2/sat/sync", "client.list": "get /api/clients"}
        }))
        .unwrap();
        assert_eq!(s.route(Operation::SatSync).path, "/v2/sat/sync");
        assert_eq!(s.route(Operation::ClientList).method, reqwest::Method::GET);
        assert_eq!(s.route(Operation::SatKeys).path, "/internal/sat/sat_key");

        let e = DynamicoreSettings::from_json(&serde_json::json!({
            "routes": {"nope": "GET /x", "mifiel.get": "GET /docs", "conekta.get": 3, "sat.data": "FETCH /x"}
        }))
        .unwrap_err();
        let f = e.fields.unwrap();
        assert_eq!(f["routes.nope"].code, "unknown_route_op");
        assert_eq!(f["routes.mifiel.get"].code, "route_placeholders");
        assert_eq!(f["routes.conekta.get"].code, "route_string");
        assert_eq!(f["routes.sat.data"].code, "invalid_route");
    }
}
