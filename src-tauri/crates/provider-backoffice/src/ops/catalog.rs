//! The provider's catalogs (BackOffice #5–#8).

use crate::spec::Backoffice;
use crate::users::{Catalog, CatalogEntry};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

/// A catalog: legs (#6), locales (#7), countries (#8) or cash-out
/// currencies (#5).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct CatalogList {
    #[cfg_attr(feature = "cli", arg(value_enum))]
    pub catalog: Catalog,
}

impl Op for CatalogList {
    const NAME: &'static str = "catalog.list";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "BackOffice #5";
    type Output = Vec<CatalogEntry>;

    fn target(&self) -> String {
        self.catalog.name().into()
    }
    fn summary(&self, l: &Vec<CatalogEntry>) -> Summary {
        Summary::count("catalog_listed", l.len(), "entries")
    }
}

impl Call<Backoffice> for CatalogList {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<Vec<CatalogEntry>>> {
        Box::pin(async move { cx.api.catalog(self.catalog).await })
    }
}
