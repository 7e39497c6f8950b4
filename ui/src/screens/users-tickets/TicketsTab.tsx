import { useCallback, useState, type FormEvent, type KeyboardEvent } from "react";
import { api, fieldErrors, type Ticket } from "../../api";
import { useSubmit } from "../../components/hooks";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { Badge, Dialog, Empty, ErrorState, Field, OutcomeUnknown, Spinner } from "../../components/ui";
import { formatDateText } from "../../components/format";
import { ProviderHtml } from "../../components/ProviderHtml";

export function TicketsTab({ connectionId, userId }: { connectionId: string; userId: number }) {
  const { t, locale } = useI18n();
  const tickets = useAsync(useCallback(() => api.op("backoffice", connectionId, "ticket.list", { userId }), [connectionId, userId]));
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Ticket | null>(null);

  if (open) {
    return <Thread connectionId={connectionId} ticket={open} onBack={() => setOpen(null)} />;
  }

  return (
    <div>
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="ticket-new-button">
          + {t("tickets.new")}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={tickets.reload}>
          {t("common.refresh")}
        </button>
      </div>
      {tickets.loading && !tickets.data ? (
        <Spinner />
      ) : tickets.error && !tickets.data ? (
        <ErrorState error={tickets.error} onRetry={tickets.reload} />
      ) : !tickets.data?.length ? (
        <Empty testId="tickets-empty">{t("tickets.empty")}</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("tickets.subject")}</th>
              <th>{t("tickets.status")}</th>
              <th>{t("tickets.date")}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.data.map((tk) => (
              <tr
                key={tk.id}
                className="clickable"
                tabIndex={0}
                onClick={() => setOpen(tk)}
                onKeyDown={(e: KeyboardEvent) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    setOpen(tk);
                  }
                }}
                data-testid="ticket-row"
              >
                <td className="num muted">{tk.id}</td>
                <td className="strong">{tk.subject}</td>
                <td>
                  <Badge tone={statusTone(tk.status)}>{tk.status}</Badge>
                </td>
                <td className="muted nowrap">{formatDateText(tk.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && (
        <NewTicketDialog
          connectionId={connectionId}
          userId={userId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            tickets.reload();
          }}
        />
      )}
    </div>
  );
}

function statusTone(status: string): "ok" | "warn" | "neutral" {
  const s = status.toLowerCase();
  if (/(clos|cerr|resuel|solved|resolved)/.test(s)) return "ok";
  if (/(open|abiert|pend|new|nuevo)/.test(s)) return "warn";
  return "neutral";
}

function NewTicketDialog({
  connectionId,
  userId,
  onClose,
  onCreated,
}: {
  connectionId: string;
  userId: number;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [subject, setSubject] = useState("");
  const [comment, setComment] = useState("");
  const { busy, error, run } = useSubmit();
  const errs = fieldErrors(error, lang);
  // A create that may have been applied: reload the list (closing this) before sending again.
  const lookUp = { label: t("lookup.tickets"), run: onCreated };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    await run(async () => {
      const ack = await api.op("backoffice", connectionId, "ticket.create", { ticket: { userId, subject: subject.trim(), comment: comment.trim() } });
      toasts.success(ack.message || t("tickets.created"));
      onCreated();
    }, { staysBusy: true, lookUp });
  };

  return (
    <Dialog title={t("tickets.new")} onClose={onClose} testId="ticket-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <Field name="subject" label={t("tickets.subject")} error={errs.subject}>
          {(p) => <input {...p} data-testid="ticket-subject" value={subject} onChange={(e) => setSubject(e.target.value)} />}
        </Field>
        <Field name="comment" label={t("tickets.comment")} error={errs.comment}>
          {(p) => (
            <textarea
              {...p}
              rows={6}
              data-testid="ticket-comment"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  submit();
                }
              }}
            />
          )}
        </Field>
        <OutcomeUnknown error={error} lookUp={lookUp} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ticket-submit">
            {busy ? t("common.loading") : t("tickets.submit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Thread({ connectionId, ticket, onBack }: { connectionId: string; ticket: Ticket; onBack: () => void }) {
  const { t, locale, lang } = useI18n();
  const toasts = useToasts();
  const thread = useAsync(useCallback(() => api.op("backoffice", connectionId, "thread.list", { ticketId: ticket.id }), [connectionId, ticket.id]));
  const [reply, setReply] = useState("");
  const { busy, error, run } = useSubmit();
  const errs = fieldErrors(error, lang);

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || !reply.trim()) return;
    await run(async () => {
      const ack = await api.op("backoffice", connectionId, "thread.reply", { message: { ticketId: ticket.id, content: reply.trim() } });
      toasts.success(ack.message || t("thread.sent"));
      setReply("");
      thread.reload();
    });
  };

  return (
    <div className="thread">
      <div className="toolbar">
        <button type="button" className="btn btn-ghost btn-sm" onClick={onBack} data-testid="thread-back">
          ‹ {t("thread.backToList")}
        </button>
      </div>
      <div className="card">
        <div className="thread-head">
          <h2>
            {ticket.subject} <span className="muted">{t("thread.title", { id: ticket.id })}</span>
          </h2>
          <Badge tone={statusTone(ticket.status)}>{ticket.status}</Badge>
        </div>
        {thread.loading && !thread.data ? (
          <Spinner />
        ) : thread.error && !thread.data ? (
          <ErrorState error={thread.error} onRetry={thread.reload} />
        ) : !thread.data?.length ? (
          <Empty>{t("thread.empty")}</Empty>
        ) : (
          <ol className="messages">
            {thread.data.map((m) => (
              <li key={m.id} className="message" data-testid="thread-message">
                <div className="message-meta muted small">{formatDateText(m.createdAt, locale)}</div>
                {/* contentHtml is sanitized on the Rust side; never pass unsanitized provider HTML to this. */}
                <ProviderHtml className="message-body" html={m.contentHtml} testId="thread-message-body" />
              </li>
            ))}
          </ol>
        )}
        <form className="reply" onSubmit={send} noValidate>
          <Field name="content" label={t("thread.reply")} error={errs.content ?? errs.comment}>
            {(p) => (
              <textarea
                {...p}
                rows={3}
                placeholder={t("thread.replyPlaceholder")}
                data-testid="thread-reply-input"
                value={reply}
                onChange={(e) => setReply(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                    e.preventDefault();
                    send();
                  }
                }}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !reply.trim()} data-testid="thread-reply-submit">
              {busy ? t("common.loading") : t("thread.reply")}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
