import { useApp } from "../../state/app";
import { useI18n } from "../../i18n/I18n";
import { Empty } from "../../components/ui";
import { UsersHome } from "./UsersHome";
import { UserPage, type UserTab } from "./UserPage";
import { CreateUser } from "./CreateUser";

export type UsersRoute = { kind: "home" } | { kind: "create" } | { kind: "user"; id: number; tab: UserTab };

export function UsersScreen({
  route,
  onRoute,
  onGoConnections,
}: {
  route: UsersRoute;
  onRoute: (r: UsersRoute) => void;
  onGoConnections: () => void;
}) {
  const { active, connectionsLoading } = useApp();
  const { t } = useI18n();
  if (!active) {
    if (connectionsLoading) return null;
    return (
      <section className="screen">
        <h1>{t("users.title")}</h1>
        <Empty>
          <p>{t("common.noConnection")}</p>
          <button type="button" className="btn btn-primary" onClick={onGoConnections}>
            {t("common.goToConnections")}
          </button>
        </Empty>
      </section>
    );
  }
  const openUser = (id: number) => onRoute({ kind: "user", id, tab: "profile" });
  switch (route.kind) {
    case "home":
      return <UsersHome connection={active} onOpen={openUser} onCreate={() => onRoute({ kind: "create" })} />;
    case "create":
      return <CreateUser connection={active} onBack={() => onRoute({ kind: "home" })} />;
    case "user":
      return (
        <UserPage
          key={route.id}
          connection={active}
          userId={route.id}
          tab={route.tab}
          onTab={(tab) => onRoute({ ...route, tab })}
          onOpenUser={openUser}
          onBack={() => onRoute({ kind: "home" })}
        />
      );
  }
}
