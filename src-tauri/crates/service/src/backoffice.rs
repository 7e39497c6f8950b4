//! The BackOffice operations (users and tickets), each validated, run against
//! the connection's adapter and recorded in history.

use crate::clock::now_ms;
use crate::record::Op;
use crate::Service;
use std::future::Future;
use std::sync::Arc;
use ventanilla_core::app::RecentUser;
use ventanilla_core::users::*;
use ventanilla_core::{Error, Result};

/// Cache kind of users fetched through the app ("recent users").
const USER_CACHE: &str = "backoffice.user";
const RECENT_USERS: u32 = 30;

/// The BackOffice operations on one connection (given by id or name).
pub struct Backoffice<'a> {
    svc: &'a Service,
    connection: String,
}

impl Service {
    pub fn backoffice(&self, connection: &str) -> Backoffice<'_> {
        Backoffice {
            svc: self,
            connection: connection.to_owned(),
        }
    }
}

impl Backoffice<'_> {
    async fn run<T, F, Fut>(
        &self,
        op: Op,
        check: Result<()>,
        call: F,
        summary: impl FnOnce(&T) -> String,
    ) -> Result<T>
    where
        F: FnOnce(Arc<dyn UsersTickets>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        self.svc
            .run(&self.connection, op, check, |api, _| call(api), summary)
            .await
    }

    pub async fn login(&self) -> Result<Session> {
        self.run(
            Op::read("session.login", "session"),
            Ok(()),
            |api| async move { api.login().await },
            |s| format!("logged in as {}", s.username),
        )
        .await
    }

    pub async fn user(&self, id: u64) -> Result<User> {
        let user = self
            .run(
                Op::read("user.get", format!("user {id}")),
                positive("userId", id),
                |api| async move { api.user(id).await },
                |u| format!("{} · {} {}", u.username, u.first_name, u.last_name),
            )
            .await?;
        self.remember(&user);
        Ok(user)
    }

    pub async fn create_user(&self, user: NewUser) -> Result<Ack> {
        let target = format!("user {}", user.user_name.trim());
        let summary = format!(
            "user_name={}, email={}, sponsor={}",
            user.user_name.trim(),
            user.email.trim(),
            user.sponsor.trim()
        );
        let check = user.validate();
        let op = Op::write("user.create", target).secret(Some(user.password.expose()));
        self.run(
            op,
            check,
            |api| async move { api.create_user(&user).await },
            |a| format!("{} ({summary})", a.message),
        )
        .await
    }

    pub async fn edit_user(&self, id: u64, edit: UserEdit) -> Result<Ack> {
        let changed = edit.changed_fields().join(", ");
        let check = positive("userId", id).and_then(|()| edit.validate());
        let op = Op::write("user.edit", format!("user {id}"))
            .secret(edit.password.as_ref().map(|p| p.expose()))
            .secret(edit.token.as_deref());
        let ack = self
            .run(
                op,
                check,
                |api| async move { api.edit_user(id, &edit).await },
                |a| format!("{} (changed: {changed})", a.message),
            )
            .await?;
        Ok(ack)
    }

    pub async fn send_security_token(&self, user_id: u64) -> Result<Ack> {
        self.run(
            Op::write("user.security_token", format!("user {user_id}")),
            positive("userId", user_id),
            |api| async move { api.send_security_token(user_id).await },
            |a| a.message.clone(),
        )
        .await
    }

    pub async fn catalog(&self, which: Catalog) -> Result<Vec<CatalogEntry>> {
        let name = serde_json::to_value(which)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        self.run(
            Op::read("catalog.list", name),
            Ok(()),
            |api| async move { api.catalog(which).await },
            |l| format!("{} entries", l.len()),
        )
        .await
    }

    pub async fn dashboard(&self, user_id: u64) -> Result<Dashboard> {
        self.run(
            Op::read("user.dashboard", format!("user {user_id}")),
            positive("userId", user_id),
            |api| async move { api.dashboard(user_id).await },
            |d| format!("{} wallets", d.wallets.len()),
        )
        .await
    }

    pub async fn notices(&self, user_id: u64) -> Result<Notices> {
        self.run(
            Op::read("user.notices", format!("user {user_id}")),
            positive("userId", user_id),
            |api| async move { api.notices(user_id).await },
            |n| format!("{} notices", n.general.len() + n.user.len() + n.plan.len()),
        )
        .await
    }

    pub async fn products(&self, user_id: u64) -> Result<Vec<Plan>> {
        self.run(
            Op::read("user.products", format!("user {user_id}")),
            positive("userId", user_id),
            |api| async move { api.products(user_id).await },
            |p| format!("{} plans", p.len()),
        )
        .await
    }

    pub async fn team(&self, user_id: u64) -> Result<Vec<TeamMember>> {
        self.run(
            Op::read("user.team", format!("user {user_id}")),
            positive("userId", user_id),
            |api| async move { api.team(user_id).await },
            |t| format!("{} direct members", t.len()),
        )
        .await
    }

    pub async fn matrix(&self, user_id: u64) -> Result<Option<MatrixNode>> {
        self.run(
            Op::read("user.matrix", format!("user {user_id}")),
            positive("userId", user_id),
            |api| async move { api.matrix(user_id).await },
            |m| {
                if m.is_some() {
                    "matrix position".into()
                } else {
                    "no matrix position".into()
                }
            },
        )
        .await
    }

    pub async fn resource_categories(&self) -> Result<Vec<ResourceCategory>> {
        self.run(
            Op::read("resource.categories", "resources"),
            Ok(()),
            |api| async move { api.resource_categories().await },
            |c| format!("{} categories", c.len()),
        )
        .await
    }

    pub async fn resources(&self, category_id: u64) -> Result<Vec<Resource>> {
        self.run(
            Op::read("resource.list", format!("category {category_id}")),
            positive("categoryId", category_id),
            |api| async move { api.resources(category_id).await },
            |r| format!("{} resources", r.len()),
        )
        .await
    }

    pub async fn tickets(&self, user_id: u64) -> Result<Vec<Ticket>> {
        self.run(
            Op::read("ticket.list", format!("user {user_id}")),
            positive("userId", user_id),
            |api| async move { api.tickets(user_id).await },
            |t| format!("{} tickets", t.len()),
        )
        .await
    }

    pub async fn create_ticket(&self, ticket: NewTicket) -> Result<Ack> {
        let check = ticket.validate();
        let (target, subject) = (
            format!("user {}", ticket.user_id),
            ticket.subject.trim().to_owned(),
        );
        self.run(
            Op::write("ticket.create", target),
            check,
            |api| async move { api.create_ticket(&ticket).await },
            |a| format!("{} «{subject}»", a.message),
        )
        .await
    }

    pub async fn thread(&self, ticket_id: u64) -> Result<Vec<ThreadMessage>> {
        self.run(
            Op::read("thread.list", format!("ticket {ticket_id}")),
            positive("ticketId", ticket_id),
            |api| async move { api.thread(ticket_id).await },
            |m| format!("{} messages", m.len()),
        )
        .await
    }

    pub async fn reply(&self, message: NewThreadMessage) -> Result<Ack> {
        let check = message.validate();
        let target = format!("ticket {}", message.ticket_id);
        self.run(
            Op::write("thread.reply", target),
            check,
            |api| async move { api.reply(&message).await },
            |a| a.message.clone(),
        )
        .await
    }

    pub async fn wallet(&self, query: WalletQuery) -> Result<WalletPage> {
        let target = format!("wallet {} of user {}", query.wallet_id, query.user_id);
        self.run(
            Op::read("wallet.transactions", target),
            query.validate(),
            |api| async move { api.wallet(query).await },
            |p| {
                format!(
                    "page {} of {}, {} transactions",
                    p.current_page,
                    p.total_pages,
                    p.transactions.len()
                )
            },
        )
        .await
    }

    /// Users opened recently through this connection, newest first (local cache).
    pub fn recent_users(&self) -> Result<Vec<RecentUser>> {
        let conn = self.svc.resolve(&self.connection)?;
        let cached = self
            .svc
            .history
            .cache_recent(USER_CACHE, Some(&conn.id), RECENT_USERS)?;
        Ok(cached
            .into_iter()
            .filter_map(|c| {
                let u: User = serde_json::from_str(&c.json).ok()?;
                Some(RecentUser {
                    id: u.id,
                    display_name: format!("{} {}", u.first_name, u.last_name)
                        .trim()
                        .to_owned(),
                    username: u.username,
                    connection_id: c.connection_id,
                    synced_at_ms: c.synced_at_ms,
                })
            })
            .collect())
    }

    fn remember(&self, user: &User) {
        let Ok(conn) = self.svc.resolve(&self.connection) else {
            return;
        };
        let json = match serde_json::to_string(user) {
            Ok(j) => j,
            Err(_) => return,
        };
        if let Err(e) =
            self.svc
                .history
                .cache_put(USER_CACHE, &conn.id, &user.id.to_string(), &json, now_ms())
        {
            tracing::warn!(code = %e.code, "could not cache user {}", user.id);
        }
    }
}

fn positive(field: &str, v: u64) -> Result<()> {
    if v == 0 {
        Err(Error::invalid(field, "must be a positive number"))
    } else {
        Ok(())
    }
}
