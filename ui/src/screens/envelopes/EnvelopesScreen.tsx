import { useApp } from "../../state/app";
import { useI18n } from "../../i18n/I18n";
import { Empty } from "../../components/ui";
import { EnvelopesInbox } from "./Inbox";
import { EnvelopeDetailView } from "./Detail";
import { EnvelopeWizard } from "./Wizard";
import { MifielDetailView } from "./MifielDetail";

/** `search`: a name to look for at once (after a create whose outcome is unknown). */
export type EnvelopesRoute =
  | { kind: "inbox"; search?: string }
  | { kind: "new" }
  | { kind: "envelope"; id: string }
  /** A Mifiel document, through the DynamiCore connection that saw it. */
  | { kind: "mifiel"; connectionId: string; reference: string };

export function EnvelopesScreen({
  route,
  onRoute,
  onGoConnections,
}: {
  route: EnvelopesRoute;
  onRoute: (r: EnvelopesRoute) => void;
  onGoConnections: () => void;
}) {
  const { active, connections, connectionsLoading, setActiveId } = useApp();
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
          onOpen={(row) => {
            if (row.provider === "signio") {
              // A SIGNIO envelope opens through the connection that listed it.
              if (row.connectionId !== active.id) setActiveId(row.connectionId);
              onRoute({ kind: "envelope", id: row.envelope.id });
            } else {
              onRoute({ kind: "mifiel", connectionId: row.connectionId, reference: row.envelope.id });
            }
          }}
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
    case "mifiel": {
      const conn = connections.find((c) => c.id === route.connectionId);
      if (!conn) return null;
      return <MifielDetailView key={route.reference} connection={conn} reference={route.reference} onBack={inbox} />;
    }
    case "envelope":
      return <EnvelopeDetailView key={route.id} connection={active} envelopeId={route.id} onBack={inbox} onDeleted={inbox} />;
  }
}
