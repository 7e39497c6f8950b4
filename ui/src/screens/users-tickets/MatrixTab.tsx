import { useCallback } from "react";
import { api, type MatrixNode } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useAsync } from "../../state/useAsync";
import { Avatar, Empty, ErrorState, Spinner } from "../../components/ui";

export function MatrixTab({
  connectionId,
  userId,
  onOpenUser,
}: {
  connectionId: string;
  userId: number;
  onOpenUser: (id: number) => void;
}) {
  const { t } = useI18n();
  const q = useAsync(useCallback(() => api.op("backoffice", connectionId, "user.matrix", { userId }), [connectionId, userId]));
  if (q.loading && q.data === undefined) return <Spinner />;
  if (q.error && q.data === undefined) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Empty>{t("matrix.empty")}</Empty>;
  return (
    <div className="matrix card">
      <MatrixBranch node={q.data} onOpenUser={onOpenUser} />
    </div>
  );
}

function MatrixBranch({ node, onOpenUser }: { node: MatrixNode; onOpenUser: (id: number) => void }) {
  const { t } = useI18n();
  const slots: [string, MatrixNode | undefined][] = [
    [t("matrix.left"), node.left],
    [t("matrix.center"), node.center],
    [t("matrix.right"), node.right],
  ];
  const hasAny = slots.some(([, n]) => n);
  return (
    <div className="mx-branch">
      <button type="button" className="mx-node" onClick={() => onOpenUser(node.id)} data-testid="matrix-node">
        <Avatar name={node.username} size="sm" />
        <span className="strong">@{node.username}</span>
        <span className="muted small">{node.plan}</span>
      </button>
      {!node.lastNode && hasAny && (
        <div className="mx-children">
          {slots.map(([label, child]) => (
            <div className="mx-slot" key={label}>
              <div className="mx-slot-label">{label}</div>
              {child ? <MatrixBranch node={child} onOpenUser={onOpenUser} /> : <div className="mx-empty">{t("matrix.emptySlot")}</div>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
