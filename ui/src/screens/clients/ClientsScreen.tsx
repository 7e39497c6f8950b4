import { useState } from "react";
import { Empty, Spinner } from "../../components/ui";
import { useI18n } from "../../i18n/I18n";
import { useApp } from "../../state/app";
import { PROVIDER } from "./api";
import { CatalogsProvider } from "./catalogs";
import { ClientList } from "./ClientList";
import { ClientPage } from "./ClientPage";
import { TypesPanel } from "./TypesPanel";
import "./clients.css";

type Route = { kind: "list" } | { kind: "client"; id: string } | { kind: "types" };

/**
 * "Clientes y cuentas" (DynamiCore): the client list with search, a client's
 * page (PII, documents, accounts, SAT and score), and the client and product
 * types with their catalogs. Works on the connection picked in the header.
 */
export function ClientsScreen({ onGoConnections, onGoEnvelopes }: { onGoConnections: () => void; onGoEnvelopes: () => void }) {
  const { t } = useI18n();
  const { active, connectionsLoading } = useApp();
  const [route, setRoute] = useState<Route>({ kind: "list" });
  const connection = active?.provider === PROVIDER ? active : null;

  if (!connection) {
    return (
      <section className="screen" data-testid="clients-screen">
        <h1>{t("dc.title")}</h1>
        {connectionsLoading ? (
          <Spinner />
        ) : (
          <Empty testId="clients-empty">
            <p>{t("dc.noConnection")}</p>
            <button type="button" className="btn btn-primary" onClick={onGoConnections}>
              {t("common.goToConnections")}
            </button>
          </Empty>
        )}
      </section>
    );
  }

  return (
    <CatalogsProvider connectionId={connection.id}>
      <section className="screen dc-screen" data-testid="clients-screen">
        {route.kind === "client" ? (
          <ClientPage
            key={route.id}
            connection={connection}
            clientId={route.id}
            onBack={() => setRoute({ kind: "list" })}
            onGoEnvelopes={onGoEnvelopes}
          />
        ) : (
          <>
            <div className="screen-head">
              <h1>{t("dc.title")}</h1>
            </div>
            <div className="tabs" role="tablist">
              {(["list", "types"] as const).map((k) => (
                <button
                  key={k}
                  type="button"
                  role="tab"
                  aria-selected={route.kind === k}
                  className={`tab${route.kind === k ? " active" : ""}`}
                  onClick={() => setRoute({ kind: k })}
                  data-testid={`clients-tab-${k}`}
                >
                  {k === "list" ? t("dc.tab.clients") : t("dc.tab.types")}
                </button>
              ))}
            </div>
            {route.kind === "list" ? (
              <ClientList connectionId={connection.id} onOpen={(id) => setRoute({ kind: "client", id })} />
            ) : (
              <TypesPanel connectionId={connection.id} />
            )}
          </>
        )}
      </section>
    </CatalogsProvider>
  );
}
