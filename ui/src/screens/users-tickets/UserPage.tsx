import { useCallback, useRef, useState, type KeyboardEvent } from "react";
import { api, type Connection, type User } from "../../api";
import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/strings";
import { useAsync } from "../../state/useAsync";
import { Avatar, Badge, ErrorState, Spinner } from "../../components/ui";
import { ProfileTab } from "./ProfileTab";
import { ProductsTab } from "./ProductsTab";
import { NoticesTab } from "./NoticesTab";
import { TicketsTab } from "./TicketsTab";
import { WalletsTab } from "./WalletsTab";
import { TeamTab } from "./TeamTab";
import { MatrixTab } from "./MatrixTab";
import { ResourcesTab } from "./ResourcesTab";
import { EditUser } from "./EditUser";
import { useCatalog } from "./catalog";

export const USER_TABS = ["profile", "products", "notices", "tickets", "wallets", "team", "matrix", "resources"] as const;
export type UserTab = (typeof USER_TABS)[number];

export function UserPage({
  connection,
  userId,
  tab,
  onTab,
  onOpenUser,
  onBack,
}: {
  connection: Connection;
  userId: number;
  tab: UserTab;
  onTab: (t: UserTab) => void;
  onOpenUser: (id: number) => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const cid = connection.id;
  const user = useAsync(useCallback(() => api.op("backoffice", cid, "user.get", { userId }), [cid, userId]));
  const dashboard = useAsync(useCallback(() => api.op("backoffice", cid, "user.dashboard", { userId }), [cid, userId]));
  const [editing, setEditing] = useState(false);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  const onTabKey = (e: KeyboardEvent) => {
    const i = USER_TABS.indexOf(tab);
    let next: number | null = null;
    if (e.key === "ArrowRight") next = (i + 1) % USER_TABS.length;
    if (e.key === "ArrowLeft") next = (i - 1 + USER_TABS.length) % USER_TABS.length;
    if (e.key === "Home") next = 0;
    if (e.key === "End") next = USER_TABS.length - 1;
    if (next !== null) {
      e.preventDefault();
      const id = USER_TABS[next]!;
      onTab(id);
      tabRefs.current[id]?.focus();
    }
  };

  return (
    <section className="screen">
      <button type="button" className="btn btn-ghost btn-sm back" onClick={onBack} data-testid="user-back">
        ‹ {t("common.back")}
      </button>
      {user.loading && !user.data ? (
        <Spinner />
      ) : user.error && !user.data ? (
        <ErrorState error={user.error} onRetry={user.reload} />
      ) : user.data ? (
        <>
          <UserHeader connection={connection} user={user.data} onEdit={() => setEditing(true)} />
          <div className="tabs" role="tablist" onKeyDown={onTabKey}>
            {USER_TABS.map((id) => (
              <button
                key={id}
                ref={(el) => {
                  tabRefs.current[id] = el;
                }}
                type="button"
                role="tab"
                aria-selected={tab === id}
                tabIndex={tab === id ? 0 : -1}
                className={`tab${tab === id ? " active" : ""}`}
                onClick={() => onTab(id)}
                data-testid={`tab-${id}`}
              >
                {t(`tab.${id}` as MessageKey)}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel">
            {tab === "profile" && <ProfileTab dashboard={dashboard} />}
            {tab === "products" && <ProductsTab connectionId={cid} userId={userId} />}
            {tab === "notices" && <NoticesTab connectionId={cid} userId={userId} />}
            {tab === "tickets" && <TicketsTab connectionId={cid} userId={userId} />}
            {tab === "wallets" && <WalletsTab connectionId={cid} userId={userId} dashboard={dashboard} />}
            {tab === "team" && <TeamTab connectionId={cid} userId={userId} onOpenUser={onOpenUser} />}
            {tab === "matrix" && <MatrixTab connectionId={cid} userId={userId} onOpenUser={onOpenUser} />}
            {tab === "resources" && <ResourcesTab connectionId={cid} />}
          </div>
          {editing && (
            <EditUser
              connection={connection}
              user={user.data}
              onClose={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                user.reload();
              }}
            />
          )}
        </>
      ) : null}
    </section>
  );
}

function UserHeader({ connection, user, onEdit }: { connection: Connection; user: User; onEdit: () => void }) {
  const { t } = useI18n();
  const countries = useCatalog(connection.id, "countries");
  const locales = useCatalog(connection.id, "locales");
  const legs = useCatalog(connection.id, "legs");
  const nameOf = (list: { id: string; name: string }[] | undefined, id: string) =>
    list?.find((e) => e.id.toLowerCase() === id.toLowerCase())?.name ?? id;
  const fullName = `${user.firstName} ${user.lastName}`.trim() || user.username;
  return (
    <div className="user-header card" data-testid="user-profile">
      <Avatar name={fullName} size="lg" />
      <div className="user-header-main">
        <h1>
          {fullName} {user.requestTokenOnEdit && <Badge tone="warn">{t("user.tokenOnEdit")}</Badge>}
        </h1>
        <dl className="facts">
          <div>
            <dt>{t("user.id")}</dt>
            <dd>#{user.id}</dd>
          </div>
          <div>
            <dt>{t("user.username")}</dt>
            <dd data-testid="user-username">@{user.username}</dd>
          </div>
          <div>
            <dt>{t("user.email")}</dt>
            <dd>{user.email || t("common.none")}</dd>
          </div>
          <div>
            <dt>{t("user.country")}</dt>
            <dd>{user.countryCode ? nameOf(countries.data, user.countryCode) : t("common.none")}</dd>
          </div>
          <div>
            <dt>{t("user.language")}</dt>
            <dd>{user.language ? nameOf(locales.data, user.language) : t("common.none")}</dd>
          </div>
          <div>
            <dt>{t("user.leg")}</dt>
            <dd>{user.defaultLeg ? nameOf(legs.data, user.defaultLeg) : t("common.none")}</dd>
          </div>
        </dl>
      </div>
      <button type="button" className="btn" onClick={onEdit} data-testid="user-edit-button">
        {t("user.edit")}
      </button>
    </div>
  );
}
