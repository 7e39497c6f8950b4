//! The connection's session (BackOffice #1).

use crate::spec::Backoffice;
use crate::users::Session;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

/// Log in (again) and show who the connection is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct SessionLogin {}

impl Op for SessionLogin {
    const NAME: &'static str = "session.login";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "BackOffice #1";
    type Output = Session;

    fn target(&self) -> String {
        "session".into()
    }
    fn summary(&self, s: &Session) -> Summary {
        Summary::new("logged_in", format!("logged in as {}", s.username))
            .param("user", s.username.as_str())
    }
}

impl Call<Backoffice> for SessionLogin {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<Session>> {
        Box::pin(async move { cx.api.login().await })
    }
}
