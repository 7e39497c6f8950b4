//! Ticket threads (BackOffice #19, #20).

use super::by_id;
use crate::spec::Backoffice;
use crate::users::{Ack, NewThreadMessage, ThreadMessage};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};
use ventanilla_core::Result;

by_id! {
    /// The messages of a ticket, their HTML sanitized.
    ThreadList { ticket_id: "ticketId", "ticket" }
    "thread.list", "BackOffice #19", Vec<ThreadMessage>, thread,
    |m| Summary::count("messages_listed", m.len(), "messages")
}

/// Reply to a ticket.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct ThreadReply {
    #[cfg_attr(feature = "cli", command(flatten))]
    pub message: NewThreadMessage,
}

impl Op for ThreadReply {
    const NAME: &'static str = "thread.reply";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "BackOffice #20";
    type Output = Ack;

    fn validate(&self) -> Result<()> {
        self.message.validate()
    }
    fn target(&self) -> String {
        format!("ticket {}", self.message.ticket_id)
    }
    fn summary(&self, a: &Ack) -> Summary {
        Summary::provider_message(a.message.as_str())
    }
}

impl Call<Backoffice> for ThreadReply {
    fn call(self, cx: Cx<'_, crate::BackofficeClient>) -> BoxFuture<'_, Result<Ack>> {
        Box::pin(async move { cx.api.reply(&self.message).await })
    }
}
