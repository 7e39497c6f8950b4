//! Sub-accounts (UNDOSTRES 2.4, 2.5 A4). The reply's user and password go
//! straight into a new connection's keychain entry, named after the
//! sub-account: no IPC reply, history row, cache entry or log sees them.

use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind, Secrets};
use ventanilla_core::{Error, Result};

use super::{local, SubAccountCreateInput, SubAccountCreated};
use crate::spec::Undostres;
use crate::UndostresClient;

impl Op for SubAccountCreateInput {
    const NAME: &'static str = "subaccount.create";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "UNDOSTRES 2.4, 2.5 A4";
    type Output = SubAccountCreated;

    fn validate(&self) -> Result<()> {
        SubAccountCreateInput::validate(self)
    }
    fn target(&self) -> String {
        match &self.parent_company_id {
            Some(p) => format!("sub-account of {}", p.trim()),
            None => "sub-account of own account".into(),
        }
    }
    fn summary(&self, c: &SubAccountCreated) -> Summary {
        Summary::new(
            "subaccount_created",
            format!(
                "{} · {} under {} → connection {}",
                c.company_id, c.names, c.parent_company_id, c.connection_name
            ),
        )
        .param("id", c.company_id.as_str())
        .param("names", c.names.as_str())
        .param("parent", c.parent_company_id.as_str())
        .param("connection", c.connection_name.as_str())
    }
}

impl Call<Undostres> for SubAccountCreateInput {
    fn call(self, cx: Cx<'_, UndostresClient>) -> BoxFuture<'_, Result<SubAccountCreated>> {
        Box::pin(async move {
            let limits = cx.api.settings().limits;
            let (mut tree, _) = local::tree(cx.store, limits);
            let caller = local::my_company_id(cx.store);
            let new = cx
                .api
                .create_sub_account(&self, &tree, caller.as_deref())
                .await?;
            let mut created = new.created;
            let secrets: Secrets = [
                (
                    "user".to_owned(),
                    ventanilla_core::SecretString::new(new.credentials.user),
                ),
                ("password".to_owned(), new.credentials.password),
            ]
            .into_iter()
            .collect();
            let conn = cx
                .store
                .create_connection(&created.names, secrets)
                .await
                .map_err(|e| {
                    Error::new(
                        e.code,
                        format!(
                            "UnDosTres created the sub-account {} but its credentials could not be stored ({}); ask UnDosTres support for them",
                            created.company_id, e.message
                        ),
                    )
                })?;
            created.connection_id = conn.id;
            created.connection_name = conn.name;
            tree.add_created(&created);
            local::put_tree(cx.store, &tree);
            Ok(created)
        })
    }
}
