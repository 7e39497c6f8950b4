//! Recent users: the BackOffice users fetched through this app (the
//! `user.get` operation caches them), read from the local cache. Not an
//! operation: nothing is sent.

use crate::Service;
use ventanilla_core::app::RecentUser;
use ventanilla_core::Result;
use ventanilla_provider_backoffice::ops::USER_CACHE;
use ventanilla_provider_backoffice::users::User;

const RECENT_USERS: u32 = 30;

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
