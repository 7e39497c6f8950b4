//! Users (BackOffice #2–#4, #9–#14).

use super::{by_id, USER_CACHE};
use crate::spec::Backoffice;
use crate::users::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::FieldError;
use ventanilla_core::history::Summary;
use ventanilla_core::id::PositiveId;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::{Error, Result};

/// A user by id, remembered among the recent users.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct UserGet {
    /// The user's id.
    pub user_id: PositiveId,
}

impl Op for UserGet {
    const NAME: &'static str = "user.get";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "BackOffice #2";
    type Output = User;

    fn target(&self) -> String {
        format!("user {}", self.user_id)
    }
    fn summary(&self, u: &User) -> Summary {
        // Names only: no words to translate.
        Summary::new(
            "user_shown",
            format!("{} · {} {}", u.username, u.first_name, u.last_name),
        )
    }
}

impl Call<Backoffice> for UserGet {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<User>> {
        Box::pin(async move {
            let user = cx.api.user(self.user_id.get()).await?;
            if let Ok(json) = serde_json::to_string(&user) {
                cx.store.cache_put(USER_CACHE, &user.id.to_string(), &json);
            }
            Ok(user)
        })
    }
}

/// Create a user under a sponsor. `user.password` is a secret: never a
/// flag, the CLI reads it from stdin.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct UserCreate {
    #[cfg_attr(feature = "cli", command(flatten))]
    pub user: NewUser,
}

impl Op for UserCreate {
    const NAME: &'static str = "user.create";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "BackOffice #3";
    type Output = Ack;

    fn validate(&self) -> Result<()> {
        self.user.validate()
    }
    fn target(&self) -> String {
        format!("user {}", self.user.user_name.trim())
    }
    fn summary(&self, a: &Ack) -> Summary {
        let u = &self.user;
        let (name, email, sponsor) = (u.user_name.trim(), u.email.trim(), u.sponsor.trim());
        Summary::new(
            "user_created",
            format!(
                "{} (user_name={name}, email={email}, sponsor={sponsor})",
                a.message
            ),
        )
        .param("message", a.message.as_str())
        .param("user", name)
        .param("email", email)
        .param("sponsor", sponsor)
    }
    fn secrets(&self) -> Vec<&str> {
        vec![self.user.password.expose()]
    }
}

impl Call<Backoffice> for UserCreate {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<Ack>> {
        Box::pin(async move { cx.api.create_user(&self.user).await })
    }
}

/// Edit a user: only the given fields change. `edit.password` and
/// `edit.token` are secrets (the CLI reads them from stdin, in that order);
/// a new picture comes as `profileImage`, a file reference the host
/// resolves (a drop token in the app, a path in the CLI), never as a path
/// inside `edit`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct UserEditOp {
    /// The user's id.
    pub user_id: PositiveId,
    #[serde(default)]
    #[cfg_attr(feature = "cli", command(flatten))]
    pub edit: UserEdit,
    /// A new profile picture (jpg, png, gif, webp; ≤ 10 MiB).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "cli", arg(long))]
    pub profile_image: Option<String>,
}

impl UserEditOp {
    fn image(&self) -> Option<&str> {
        self.profile_image
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }
}

impl Op for UserEditOp {
    const NAME: &'static str = "user.edit";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "BackOffice #4";
    type Output = Ack;

    fn validate(&self) -> Result<()> {
        // A path typed by the webview would read any file: files come by
        // reference only.
        if self.edit.profile_image.is_some() {
            return Err(Error::invalid(
                "profile_image",
                FieldError::new(
                    "file_reference_only",
                    "give the picture as profileImage (a file reference), not a path",
                ),
            ));
        }
        done(self.edit.field_errors(self.image().is_some()))
    }
    fn target(&self) -> String {
        format!("user {}", self.user_id)
    }
    fn summary(&self, a: &Ack) -> Summary {
        let mut changed = self.edit.changed_fields();
        if self.image().is_some() {
            changed.push("profile_image");
        }
        let changed = changed.join(", ");
        Summary::new(
            "user_updated",
            format!("{} (changed: {changed})", a.message),
        )
        .param("message", a.message.as_str())
        .param("fields", changed)
    }
    fn secrets(&self) -> Vec<&str> {
        let mut s = Vec::new();
        if let Some(p) = &self.edit.password {
            s.push(p.expose());
        }
        if let Some(t) = &self.edit.token {
            s.push(t.as_str());
        }
        s
    }
}

impl Call<Backoffice> for UserEditOp {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<Ack>> {
        Box::pin(async move {
            let mut edit = self.edit.clone();
            if let Some(reference) = self.image() {
                let path = cx.host.file(reference)?;
                check_image(&path).map_err(|e| Error::invalid("profile_image", e))?;
                edit.profile_image = Some(path);
            }
            cx.api.edit_user(self.user_id.get(), &edit).await
        })
    }
}

/// E-mail the user a security token (valid one hour), needed by edits when
/// the provider asks for one.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct UserSecurityToken {
    /// The user's id.
    pub user_id: PositiveId,
}

impl Op for UserSecurityToken {
    const NAME: &'static str = "user.security_token";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "BackOffice #9";
    type Output = Ack;

    fn target(&self) -> String {
        format!("user {}", self.user_id)
    }
    fn summary(&self, a: &Ack) -> Summary {
        Summary::provider_message(a.message.as_str())
    }
}

impl Call<Backoffice> for UserSecurityToken {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<Ack>> {
        Box::pin(async move { cx.api.send_security_token(self.user_id.get()).await })
    }
}

by_id! {
    /// A user's dashboard: wallets, matrix, growth, leaders.
    UserDashboard { user_id: "userId", "user" }
    "user.dashboard", "BackOffice #10", Dashboard, dashboard,
    |d| Summary::count("wallets_listed", d.wallets.len(), "wallets")
}

by_id! {
    /// A user's notices (general, personal, plan).
    UserNotices { user_id: "userId", "user" }
    "user.notices", "BackOffice #11", Notices, notices,
    |n| Summary::count("notices_listed", n.general.len() + n.user.len() + n.plan.len(), "notices")
}

by_id! {
    /// A user's products (plans).
    UserProducts { user_id: "userId", "user" }
    "user.products", "BackOffice #12", Vec<Plan>, products,
    |p| Summary::count("plans_listed", p.len(), "plans")
}

by_id! {
    /// A user's unilevel team tree.
    UserTeam { user_id: "userId", "user" }
    "user.team", "BackOffice #13", Vec<TeamMember>, team,
    |t| Summary::count("team_listed", t.len(), "direct members")
}

by_id! {
    /// A user's position in the ternary matrix, if any.
    UserMatrix { user_id: "userId", "user" }
    "user.matrix", "BackOffice #14", Option<MatrixNode>, matrix,
    |m| if m.is_some() {
        Summary::new("matrix_position", "matrix position")
    } else {
        Summary::new("no_matrix_position", "no matrix position")
    }
}
