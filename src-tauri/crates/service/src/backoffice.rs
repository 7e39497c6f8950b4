//! The BackOffice operations (users and tickets) as methods. Each one only
//! builds its operation's input and runs it through [`Service::exec`]: the
//! one implementation is the operation's `call` in provider-backoffice.

use crate::Service;
use std::path::PathBuf;
use ventanilla_core::app::RecentUser;
use ventanilla_core::envelopes::{TransferControl, TransferKind};
use ventanilla_core::op::{BoxFuture, Call, Host, NoHost};
use ventanilla_core::Result;
use ventanilla_provider_backoffice::ops::*;
use ventanilla_provider_backoffice::users::*;
use ventanilla_provider_backoffice::Backoffice as BackofficeSpec;

const RECENT_USERS: u32 = 30;

/// The BackOffice operations on one connection (given by id or name).
pub struct Backoffice<'a> {
    svc: &'a Service,
    connection: String,
}

/// What is not an operation: a local read.
impl Service {
    /// Users opened recently through this connection, newest first (local cache).
    pub fn recent_users(&self, connection: &str) -> Result<Vec<RecentUser>> {
        let conn = self.resolve(connection)?;
        let cached = self
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
}

impl Service {
    pub fn backoffice(&self, connection: &str) -> Backoffice<'_> {
        Backoffice {
            svc: self,
            connection: connection.to_owned(),
        }
    }
}

/// The callers of these methods hand over files as paths they already
/// resolved (the shell resolves drop tokens first).
struct PathHost;

impl Host for PathHost {
    fn file(&self, reference: &str) -> Result<PathBuf> {
        Ok(PathBuf::from(reference))
    }
    fn save_as<'a>(&'a self, s: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>> {
        NoHost.save_as(s)
    }
    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        NoHost.folder()
    }
    fn transfer(&self, id: Option<&str>, kind: TransferKind, name: &str) -> TransferControl {
        NoHost.transfer(id, kind, name)
    }
}

impl Backoffice<'_> {
    async fn exec<O: Call<BackofficeSpec>>(&self, input: O) -> Result<O::Output> {
        self.svc
            .exec::<BackofficeSpec, O>(&self.connection, input, &NoHost)
            .await
    }

    pub async fn login(&self) -> Result<Session> {
        self.exec(SessionLogin {}).await
    }

    pub async fn user(&self, id: u64) -> Result<User> {
        self.exec(UserGet { user_id: id }).await
    }

    pub async fn create_user(&self, user: NewUser) -> Result<Ack> {
        self.exec(UserCreate { user }).await
    }

    /// `edit.profile_image`, if any, is a path already resolved by the caller.
    pub async fn edit_user(&self, id: u64, mut edit: UserEdit) -> Result<Ack> {
        let profile_image = edit
            .profile_image
            .take()
            .map(|p| p.to_string_lossy().into_owned());
        let input = UserEditOp {
            user_id: id,
            edit,
            profile_image,
        };
        self.svc
            .exec::<BackofficeSpec, _>(&self.connection, input, &PathHost)
            .await
    }

    pub async fn send_security_token(&self, user_id: u64) -> Result<Ack> {
        self.exec(UserSecurityToken { user_id }).await
    }

    pub async fn catalog(&self, catalog: Catalog) -> Result<Vec<CatalogEntry>> {
        self.exec(CatalogList { catalog }).await
    }

    pub async fn dashboard(&self, user_id: u64) -> Result<Dashboard> {
        self.exec(UserDashboard { user_id }).await
    }

    pub async fn notices(&self, user_id: u64) -> Result<Notices> {
        self.exec(UserNotices { user_id }).await
    }

    pub async fn products(&self, user_id: u64) -> Result<Vec<Plan>> {
        self.exec(UserProducts { user_id }).await
    }

    pub async fn team(&self, user_id: u64) -> Result<Vec<TeamMember>> {
        self.exec(UserTeam { user_id }).await
    }

    pub async fn matrix(&self, user_id: u64) -> Result<Option<MatrixNode>> {
        self.exec(UserMatrix { user_id }).await
    }

    pub async fn resource_categories(&self) -> Result<Vec<ResourceCategory>> {
        self.exec(ResourceCategories {}).await
    }

    pub async fn resources(&self, category_id: u64) -> Result<Vec<Resource>> {
        self.exec(ResourceList { category_id }).await
    }

    pub async fn tickets(&self, user_id: u64) -> Result<Vec<Ticket>> {
        self.exec(TicketList { user_id }).await
    }

    pub async fn create_ticket(&self, ticket: NewTicket) -> Result<Ack> {
        self.exec(TicketCreate { ticket }).await
    }

    pub async fn thread(&self, ticket_id: u64) -> Result<Vec<ThreadMessage>> {
        self.exec(ThreadList { ticket_id }).await
    }

    pub async fn reply(&self, message: NewThreadMessage) -> Result<Ack> {
        self.exec(ThreadReply { message }).await
    }

    pub async fn wallet(&self, query: WalletQuery) -> Result<WalletPage> {
        self.exec(WalletTransactions { query }).await
    }

    /// See [`Service::recent_users`].
    pub fn recent_users(&self) -> Result<Vec<RecentUser>> {
        self.svc.recent_users(&self.connection)
    }
}
