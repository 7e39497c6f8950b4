//! Resources for the users (BackOffice #15, #16).

use super::by_id;
use crate::spec::Backoffice;
use crate::users::{Resource, ResourceCategory};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

/// The resource categories (photos, videos, files…).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct ResourceCategories {}

impl Op for ResourceCategories {
    const NAME: &'static str = "resource.categories";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "BackOffice #15";
    type Output = Vec<ResourceCategory>;

    fn target(&self) -> String {
        "resources".into()
    }
    fn summary(&self, c: &Vec<ResourceCategory>) -> Summary {
        Summary::count("categories_listed", c.len(), "categories")
    }
}

impl Call<Backoffice> for ResourceCategories {
    fn call(
        self,
        cx: Cx<'_, crate::BackofficeClient>,
    ) -> BoxFuture<'_, Result<Vec<ResourceCategory>>> {
        Box::pin(async move { cx.api.resource_categories().await })
    }
}

by_id! {
    /// The resources of a category.
    ResourceList { category_id: "categoryId", "category" }
    "resource.list", "BackOffice #16", Vec<Resource>, resources,
    |r| Summary::count("resources_listed", r.len(), "resources")
}
