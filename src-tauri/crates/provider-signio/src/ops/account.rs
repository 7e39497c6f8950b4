//! What the account offers: tags (SIGNIO 6.3) and tenants (SIGNIO 6.21).

use super::*;
use crate::model::{Tag, TenantAccess};
use crate::SignioClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};

/// Tags envelopes can be classified with.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TagList {}

impl Op for TagList {
    const NAME: &'static str = "tag.list";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.3";
    type Output = Vec<Tag>;

    fn target(&self) -> String {
        "tags".into()
    }
    fn summary(&self, t: &Vec<Tag>) -> Summary {
        Summary::count("tags_listed", t.len(), "tags")
    }
}

impl Call<Signio> for TagList {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<Vec<Tag>>> {
        Box::pin(async move { cx.api.tags().await })
    }
}

/// The tenants these credentials can work in.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TenantList {}

impl Op for TenantList {
    const NAME: &'static str = "tenant.list";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.21";
    type Output = Vec<TenantAccess>;

    fn target(&self) -> String {
        "tenants".into()
    }
    fn summary(&self, t: &Vec<TenantAccess>) -> Summary {
        let tenants = t
            .iter()
            .map(|x| x.tenant.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Summary::new("tenants_listed", tenants.as_str()).param("tenants", tenants)
    }
}

impl Call<Signio> for TenantList {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<Vec<TenantAccess>>> {
        Box::pin(async move { cx.api.tenants().await })
    }
}
