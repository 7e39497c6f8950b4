//! The one path every provider operation takes: validate → resolve the
//! connection → get its adapter (cached per connection, so its login token is
//! reused) → call → record in history.

use crate::record::{Recording, Subject};
use crate::Service;
use std::future::Future;
use std::sync::Arc;
use ventanilla_core::op::ProviderSpec;
use ventanilla_core::Result;
use ventanilla_history::StoredConnection;

impl Service {
    /// Validates (`check`), resolves the connection, makes sure it is a `P`
    /// connection, then calls the adapter, recorded as `op` says (see
    /// [`Service::perform`]). Invalid input is recorded too (one row), and
    /// nothing is sent.
    pub(crate) async fn run<P, T, F, Fut>(
        &self,
        connection: &str,
        op: Recording,
        check: Result<()>,
        call: F,
        summary: impl FnOnce(&T) -> String,
    ) -> Result<T>
    where
        P: ProviderSpec,
        F: FnOnce(Arc<P::Client>, StoredConnection) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let resolved = self.resolve(connection);
        let subject = match &resolved {
            Ok(c) => self.subject(c),
            Err(_) => Subject {
                connection_id: None,
                connection_name: connection.to_owned(),
                provider: P::ID.into(),
            },
        };
        let ready = async {
            check?;
            let conn = resolved?;
            self.check_provider::<P>(&conn)?;
            let api = self.client::<P>(&conn).await?;
            Ok((api, conn))
        };
        match ready.await {
            Ok((api, conn)) => self.perform(&subject, &op, call(api, conn), summary).await,
            Err(e) => self.record_unsent(&subject, &op, e),
        }
    }
}
