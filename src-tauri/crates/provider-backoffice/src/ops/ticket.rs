//! Support tickets (BackOffice #17, #18).

use super::by_id;
use crate::spec::Backoffice;
use crate::users::{Ack, NewTicket, Ticket};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

by_id! {
    /// A user's tickets.
    TicketList { user_id: "userId", "user" }
    "ticket.list", "BackOffice #17", Vec<Ticket>, tickets,
    |t| Summary::count("tickets_listed", t.len(), "tickets")
}

/// Open a ticket for a user.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TicketCreate {
    #[cfg_attr(feature = "cli", command(flatten))]
    pub ticket: NewTicket,
}

impl Op for TicketCreate {
    const NAME: &'static str = "ticket.create";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "BackOffice #18";
    type Output = Ack;

    fn validate(&self) -> Result<()> {
        self.ticket.validate()
    }
    fn target(&self) -> String {
        format!("user {}", self.ticket.user_id)
    }
    fn summary(&self, a: &Ack) -> Summary {
        let subject = self.ticket.subject.trim();
        Summary::new("ticket_created", format!("{} «{subject}»", a.message))
            .param("message", a.message.as_str())
            .param("subject", subject)
    }
}

impl Call<Backoffice> for TicketCreate {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<Ack>> {
        Box::pin(async move { cx.api.create_ticket(&self.ticket).await })
    }
}
