import { useCallback, useState } from "react";
import { api, type TeamMember } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useAsync } from "../../state/useAsync";
import { Avatar, Badge, Empty, ErrorState, Spinner } from "../../components/ui";

export function TeamTab({
  connectionId,
  userId,
  onOpenUser,
}: {
  connectionId: string;
  userId: number;
  onOpenUser: (id: number) => void;
}) {
  const { t } = useI18n();
  const q = useAsync(useCallback(() => api.op("backoffice", connectionId, "user.team", { userId }), [connectionId, userId]));
  if (q.loading && !q.data) return <Spinner />;
  if (q.error && !q.data) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data?.length) return <Empty>{t("team.empty")}</Empty>;
  return (
    <ul className="tree card" role="tree">
      {q.data.map((m) => (
        <TeamNode key={m.id} member={m} depth={0} onOpenUser={onOpenUser} />
      ))}
    </ul>
  );
}

function TeamNode({ member, depth, onOpenUser }: { member: TeamMember; depth: number; onOpenUser: (id: number) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(depth < 1);
  const hasChildren = member.children.length > 0;
  const name = `${member.firstName} ${member.lastName}`.trim() || member.username;
  return (
    <li role="treeitem" aria-expanded={hasChildren ? open : undefined} data-testid="team-node">
      <div className="tree-row">
        {hasChildren ? (
          <button
            type="button"
            className="tree-toggle"
            aria-label={open ? t("team.collapse") : t("team.expand")}
            onClick={() => setOpen(!open)}
            data-testid="team-toggle"
          >
            {open ? "▾" : "▸"}
          </button>
        ) : (
          <span className="tree-toggle-spacer" />
        )}
        <button type="button" className="tree-link" onClick={() => onOpenUser(member.id)} data-testid="team-open">
          <Avatar name={name} size="sm" />
          <span className="strong">{name}</span>
          <span className="muted">@{member.username}</span>
        </button>
        <span className="muted small">{t("team.level", { n: member.level })}</span>
        {member.plan && <Badge>{member.plan}</Badge>}
        {hasChildren && <span className="count">{member.children.length}</span>}
      </div>
      {hasChildren && open && (
        <ul role="group">
          {member.children.map((c) => (
            <TeamNode key={c.id} member={c} depth={depth + 1} onOpenUser={onOpenUser} />
          ))}
        </ul>
      )}
    </li>
  );
}
