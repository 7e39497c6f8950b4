//! Users (BackOffice #2–#4, #9).

use super::{positive, USER_CACHE};
use crate::spec::Backoffice;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::users::{User, UsersTickets};
use ventanilla_core::Result;

/// A user by id, remembered among the recent users.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct UserGet {
    /// The user's id.
    #[ts(type = "number")]
    pub user_id: u64,
}

impl Op for UserGet {
    const NAME: &'static str = "user.get";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "BackOffice #2";
    type Output = User;

    fn validate(&self) -> Result<()> {
        positive("userId", self.user_id)
    }
    fn target(&self) -> String {
        format!("user {}", self.user_id)
    }
    fn summary(&self, u: &User) -> String {
        format!("{} · {} {}", u.username, u.first_name, u.last_name)
    }
}

impl Call<Backoffice> for UserGet {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<User>> {
        Box::pin(async move {
            let user = cx.api.user(self.user_id).await?;
            if let Ok(json) = serde_json::to_string(&user) {
                cx.store.cache_put(USER_CACHE, &user.id.to_string(), &json);
            }
            Ok(user)
        })
    }
}
