import { useApp } from "../../state/app";
import { useI18n } from "../../i18n/I18n";
import { Empty } from "../../components/ui";
import { EnvelopesInbox } from "./Inbox";
import { EnvelopeDetailView } from "./Detail";
import { EnvelopeWizard } from "./Wizard";

/** `search`: a name to look for at once (after a create whose outcome is unknown). */
export type EnvelopesRoute = { kind: "inbox"; search?: string } | { kind: "new" } | { kind: "envelope"; id: string };

export function EnvelopesScreen({
  route,
  onRoute,
  onGoConnections,
}: {
  route: EnvelopesRoute;
  onRoute: (r: EnvelopesRoute) => void;
  onGoConnections: () => void;
}) {
  const { active, connectionsLoading } = useApp();
  const { t } = useI18n();
  if (!active) {
    if (connectionsLoading) return null;
    return (
      <section className="screen">
        <h1>{t("env.title")}</h1>
        <Empty testId="envelopes-no-connection">
          <p>{t("env.noConnection")}</p>
          <button type="button" className="btn btn-primary" onClick={onGoConnections}>
            {t("common.goToConnections")}
          </button>
        </Empty>
      </section>
    );
  }
  const inbox = () => onRoute({ kind: "inbox" });
  switch (route.kind) {
    case "inbox":
      return (
        <EnvelopesInbox
          key={route.search ?? ""}
          connection={active}
          initialName={route.search}
          onOpen={(id) => onRoute({ kind: "envelope", id })}
          onNew={() => onRoute({ kind: "new" })}
        />
      );
    case "new":
      return (
        <EnvelopeWizard
          connection={active}
          onClose={inbox}
          onDone={(id) => onRoute({ kind: "envelope", id })}
          onLookUp={(name) => onRoute({ kind: "inbox", search: name })}
        />
      );
    case "envelope":
      return <EnvelopeDetailView key={route.id} connection={active} envelopeId={route.id} onBack={inbox} onDeleted={inbox} />;
  }
}
