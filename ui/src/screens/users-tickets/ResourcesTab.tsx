import { useCallback, useState } from "react";
import { api } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useAsync } from "../../state/useAsync";
import { Empty, ErrorState, Spinner } from "../../components/ui";

export function ResourcesTab({ connectionId }: { connectionId: string }) {
  const { t } = useI18n();
  const cats = useAsync(useCallback(() => api.op("backoffice", connectionId, "resource.categories", {}), [connectionId]));
  const [catId, setCatId] = useState<number | null>(null);
  if (cats.loading && !cats.data) return <Spinner />;
  if (cats.error && !cats.data) return <ErrorState error={cats.error} onRetry={cats.reload} />;
  if (!cats.data?.length) return <Empty>{t("resources.emptyCategories")}</Empty>;
  return (
    <div className="split">
      <nav className="card split-nav" aria-label={t("resources.categories")}>
        <h2 className="section-title">{t("resources.categories")}</h2>
        <ul className="list">
          {cats.data.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`list-item${catId === c.id ? " active" : ""}`}
                onClick={() => setCatId(c.id)}
                data-testid="resource-category"
              >
                {c.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="split-main">
        {catId === null ? <Empty>{t("resources.pick")}</Empty> : <ResourceList connectionId={connectionId} categoryId={catId} />}
      </div>
    </div>
  );
}

function ResourceList({ connectionId, categoryId }: { connectionId: string; categoryId: number }) {
  const { t } = useI18n();
  const q = useAsync(useCallback(() => api.op("backoffice", connectionId, "resource.list", { categoryId }), [connectionId, categoryId]));
  if (q.loading && !q.data) return <Spinner />;
  if (q.error && !q.data) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data?.length) return <Empty>{t("resources.empty")}</Empty>;
  return (
    <ul className="resource-list">
      {q.data.map((r) => (
        <li key={r.id} className="card" data-testid="resource-item">
          <div className="strong">{r.title}</div>
          {r.description && <p className="muted">{r.description}</p>}
          {/* Links are shown as text to copy, never opened or loaded from the webview. */}
          {r.video && (
            <div className="link-line">
              <span className="small muted">{t("resources.video")}</span> <code className="selectable">{r.video}</code>
            </div>
          )}
          {r.file && (
            <div className="link-line">
              <span className="small muted">{t("resources.file")}</span> <code className="selectable">{r.file}</code>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
