//! #1–#4: client and product types, and their template catalogs.

use ventanilla_core::history::Summary;
use ventanilla_core::op::{Op, OpKind};

use super::{count, first_text};
use crate::ops::*;

/// The adapter's JSON call, for an input that needs nothing else.
macro_rules! plain_call {
    ($($ty:ty),* $(,)?) => {$(
        impl ventanilla_core::op::Call<$crate::spec::Dynamicore> for $ty {
            fn call(
                self,
                cx: ventanilla_core::op::Cx<'_, $crate::DynamicoreClient>,
            ) -> ventanilla_core::op::BoxFuture<'_, ventanilla_core::Result<$crate::ops::Listing>> {
                Box::pin(async move { cx.api.call(&self).await })
            }
        }
    )*};
}
pub(crate) use plain_call;

plain_call!(
    ClientTypeCreateInput,
    ProductTypeCreateInput,
    CatalogClientInput,
    CatalogProductInput,
);

/// `client_type_created` / `product_type_created`: the new type's name and id.
fn type_created(client: bool, l: &Listing, name: &str) -> Summary {
    let id = first_text(l, "id");
    let s = if client {
        Summary::new(
            "client_type_created",
            format!("client type «{name}» → id {id}"),
        )
    } else {
        Summary::new(
            "product_type_created",
            format!("product type «{name}» → id {id}"),
        )
    };
    s.param("name", name).param("id", id)
}

impl Op for ClientTypeCreateInput {
    const NAME: &'static str = "type.create_client";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #1";
    type Output = Listing;

    own_checks!();
    fn target(&self) -> String {
        format!("client type «{}»", self.fields.name.trim())
    }
    fn summary(&self, l: &Listing) -> Summary {
        type_created(true, l, self.fields.name.trim())
    }
}

impl Op for ProductTypeCreateInput {
    const NAME: &'static str = "type.create_product";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "DYNAMICORE 1.3 #2";
    type Output = Listing;

    own_checks!();
    fn target(&self) -> String {
        format!("product type «{}»", self.fields.name.trim())
    }
    fn summary(&self, l: &Listing) -> Summary {
        type_created(false, l, self.fields.name.trim())
    }
}

impl Op for CatalogClientInput {
    const NAME: &'static str = "catalog.client";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #3";
    type Output = Listing;

    fn target(&self) -> String {
        "client templates".into()
    }
    fn summary(&self, l: &Listing) -> Summary {
        Summary::count("client_templates", count(l), "client templates")
    }
}

impl Op for CatalogProductInput {
    const NAME: &'static str = "catalog.product";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "DYNAMICORE 1.3 #4";
    type Output = Listing;

    fn target(&self) -> String {
        "product templates".into()
    }
    fn summary(&self, l: &Listing) -> Summary {
        Summary::count("product_templates", count(l), "product templates")
    }
}
