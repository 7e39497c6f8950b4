//! Where each of the 21 operations lives (DYNAMICORE 1.3), as connection
//! settings: the seed's paths use five prefixes and `/internal`, `/private`
//! may not be publicly routable (DYNAMICORE 1.5 #14), and SAT sync shares
//! its path with SAT keys (#1), so every route can be overridden:
//!
//! ```json
//! {"routes": {"sat.sync": "POST /internal/sat/sync", "client.list": "GET /v1/clients"}}
//! ```

use serde_json::Value;
use ventanilla_core::error::FieldErrors;
use ventanilla_core::Result;
use ventanilla_http::{settings_object, validated, Routes};
pub use ventanilla_http::{Route, RouteOp};

ventanilla_http::route_ops! {
    /// The 21 operations of DYNAMICORE 1.3, in its order, with the seed's
    /// method and path; an override must keep exactly its placeholders.
    pub enum Operation {
        group: "routes", placeholders: Exact;
        /// #1 create a client type.
        ClientTypeCreate = "type.create_client", "POST /v1/clients/types",
            "Create a client type", [];
        /// #2 create a product type.
        ProductTypeCreate = "type.create_product", "POST /v1/products/types",
            "Create a product type", [];
        /// #3 catalog of client templates.
        CatalogClient = "catalog.client", "GET /v1/catalog/fields/client", "Client templates", [];
        /// #4 catalog of product templates.
        CatalogProduct = "catalog.product", "GET /v1/catalog/fields/product",
            "Product templates", [];
        /// #5 create a client.
        ClientCreate = "client.create", "POST /private/clients", "Create a client", [];
        /// #6 update a client (id in the body, DYNAMICORE 1.5 #7).
        ClientUpdate = "client.update", "PUT /private/clients", "Update a client", [];
        /// #7 list clients, or one.
        ClientList = "client.list", "GET /private/clients", "List clients", [];
        /// #8 upload files into a client's PII field (DYNAMICORE 1.5 #5).
        FileUpload = "file.upload", "POST /files/users/upload/:client_id/:field",
            "Upload files", ["client_id", "field"];
        /// #9 a client's SAT data.
        ClientSat = "client.sat", "GET /v1/clients/:client_id/sat",
            "A client's SAT data", ["client_id"];
        /// #10 a client's credit score.
        ClientScore = "client.score", "GET /v1/clients/:client_id/score",
            "A client's credit score", ["client_id"];
        /// #11 create an account.
        AccountCreate = "account.create", "POST /v1/accounts", "Open an account", [];
        /// #12 a client's accounts, or one.
        AccountList = "account.list", "GET /v1/accounts", "List accounts", [];
        /// #13 an account's transactions.
        AccountTransactions = "account.transactions", "GET /v1/accounts/:account_id/transactions",
            "Account transactions", ["account_id"];
        /// #14 an account's payments.
        AccountPayments = "account.payments", "GET /v1/accounts/:account_id/payments",
            "Account payments", ["account_id"];
        /// #15 load SAT keys.
        SatKeys = "sat.keys", "POST /internal/sat/sat_key", "Load SAT keys", [];
        /// #16 sync SAT data (the seed gives #15's path, DYNAMICORE 1.5 #1).
        SatSync = "sat.sync", "POST /internal/sat/sat_key", "Sync SAT data", [];
        /// #17 read synced SAT data.
        SatData = "sat.data", "GET /private/sat/data", "Read SAT data", [];
        /// #18 create a Mifiel document.
        MifielCreate = "mifiel.create", "POST /marketplace/apps/mifiel/documents",
            "Send a Mifiel document", [];
        /// #19 read a Mifiel document.
        MifielGet = "mifiel.get", "GET /marketplace/apps/mifiel/documents/:id",
            "Read a Mifiel document", ["id"];
        /// #20 create a Conekta order.
        ConektaCreate = "conekta.create", "POST /marketplace/apps/conekta/order/new_order",
            "Create a Conekta order", [];
        /// #21 read a Conekta order.
        ConektaGet = "conekta.get", "GET /marketplace/apps/conekta/order/get_order/:id",
            "Read a Conekta order", ["id"];
    }
}

/// The routes as the connection form offers them: the seed's method and
/// path, overridable because `/internal` and `/private` may not be public
/// (DYNAMICORE 1.5 #14). SAT sync's path is the seed's copy of Load Keys'
/// (1.5 #1): that default is Ventanilla's assumption.
pub fn setting_fields() -> Vec<ventanilla_core::op::SettingField> {
    Operation::ALL
        .iter()
        .map(|&o| {
            let f = o
                .setting_field()
                .doc("DYNAMICORE 1.5 #14")
                .assumed(o == Operation::SatSync);
            match o.vars() {
                [] => f,
                _ => f.hint(format!("keep the placeholders {}", o.placeholders(", "))),
            }
        })
        .collect()
}

/// A connection's DynamiCore settings (non-secret).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DynamicoreSettings {
    routes: Routes<Operation>,
}

impl DynamicoreSettings {
    pub fn route(&self, op: Operation) -> &Route {
        self.routes.get(op)
    }

    /// Parse the settings JSON (`null` or `{}`: the seed's routes). Every
    /// problem is a field error under `routes.<key>`; other keys are ignored.
    pub fn from_json(v: &Value) -> Result<Self> {
        let routes = settings_object(v)?.and_then(|o| o.get("routes"));
        let mut errs = FieldErrors::new();
        let routes = Routes::parse(routes.filter(|r| !r.is_null()), &mut errs);
        validated(DynamicoreSettings { routes }, errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_one_operations_with_unique_keys_and_sound_defaults() {
        assert_eq!(Operation::ALL.len(), 21);
        // Keys are unique and defaults keep their placeholders, or this panics.
        let _ = DynamicoreSettings::default();
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
