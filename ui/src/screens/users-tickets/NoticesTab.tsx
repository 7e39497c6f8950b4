import { useCallback } from "react";
import { api, type Notice } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useAsync } from "../../state/useAsync";
import { Empty, ErrorState, Spinner } from "../../components/ui";
import { htmlToText } from "../../components/format";

export function NoticesTab({ connectionId, userId }: { connectionId: string; userId: number }) {
  const { t } = useI18n();
  const q = useAsync(useCallback(() => api.op("backoffice", connectionId, "user.notices", { userId }), [connectionId, userId]));
  if (q.loading && !q.data) return <Spinner />;
  if (q.error && !q.data) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return null;
  const groups: [string, Notice[]][] = [
    [t("notices.general"), q.data.general],
    [t("notices.user"), q.data.user],
    [t("notices.plan"), q.data.plan],
  ];
  return (
    <div className="notices">
      {groups.map(([title, list]) => (
        <section className="card" key={title}>
          <h2 className="section-title">
            {title} <span className="count">{list.length}</span>
          </h2>
          {list.length === 0 ? (
            <Empty>{t("notices.empty")}</Empty>
          ) : (
            <ul className="notice-list">
              {list.map((n) => (
                <li key={n.id} data-testid="notice">
                  <div className="strong">{n.title}</div>
                  {/* Shown as plain text: notices are not sanitized HTML. */}
                  <p className="notice-body">{htmlToText(n.content)}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
