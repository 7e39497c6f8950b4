//! #1–#4: client and product types and their catalogs (DYNAMICORE 1.3).
//! The seed's parameter table lists `pii[lastname]` for both type
//! endpoints, a copy-paste (DYNAMICORE 1.5 #4): the payload is `name`,
//! `description` and `template`, a list of field definitions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::FieldErrors;
use ventanilla_core::{validate, Result};

use super::{finish, given, Input, Outgoing};
use crate::rules::TEXT_MAX;
use crate::settings::Operation;

/// A client or product type.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TypeFields {
    #[cfg_attr(feature = "cli", arg(long))]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[cfg_attr(feature = "cli", arg(long))]
    pub description: Option<String>,
    /// Field definitions of the template (names of PII fields).
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(long = "template", value_name = "FIELD"))]
    pub template: Vec<String>,
}

#[derive(Serialize)]
struct TypeBody<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "<[&str]>::is_empty")]
    template: Vec<&'a str>,
}

impl TypeFields {
    fn check(&self) -> Result<()> {
        let mut errs = FieldErrors::new();
        validate::required_text(&mut errs, "name", &self.name, TEXT_MAX);
        if let Some(d) = &self.description {
            validate::optional_text(&mut errs, "description", d, 1000);
        }
        for t in &self.template {
            validate::required_text(&mut errs, "template", t, TEXT_MAX);
        }
        finish(errs)
    }

    fn body(&self) -> Outgoing {
        Outgoing::json(&TypeBody {
            name: self.name.trim(),
            description: given(&self.description),
            template: self.template.iter().map(|t| t.trim()).collect(),
        })
    }
}

/// #1: create a client type.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClientTypeCreateInput {
    #[serde(flatten)]
    #[cfg_attr(feature = "cli", command(flatten))]
    pub fields: TypeFields,
}

/// #2: create a product type.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProductTypeCreateInput {
    #[serde(flatten)]
    #[cfg_attr(feature = "cli", command(flatten))]
    pub fields: TypeFields,
}

impl Input for ClientTypeCreateInput {
    const OP: Operation = Operation::ClientTypeCreate;
    fn validate(&self) -> Result<()> {
        self.fields.check()
    }
    fn outgoing(&self) -> Outgoing {
        self.fields.body()
    }
}

impl Input for ProductTypeCreateInput {
    const OP: Operation = Operation::ProductTypeCreate;
    fn validate(&self) -> Result<()> {
        self.fields.check()
    }
    fn outgoing(&self) -> Outgoing {
        self.fields.body()
    }
}

/// #3: the catalog of client templates.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CatalogClientInput {}

/// #4: the catalog of product templates.
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CatalogProductInput {}

impl Input for CatalogClientInput {
    const OP: Operation = Operation::CatalogClient;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        Outgoing::default()
    }
}

impl Input for CatalogProductInput {
    const OP: Operation = Operation::CatalogProduct;
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn outgoing(&self) -> Outgoing {
        Outgoing::default()
    }
}
