import { useCallback, useState, type ReactNode } from "react";
import type { Connection } from "../../api";
import { Avatar, Badge, ErrorState, Spinner } from "../../components/ui";
import { useI18n } from "../../i18n/I18n";
import { useAsync } from "../../state/useAsync";
import { dc } from "./api";
import { typeLabel, useCatalogs } from "./catalogs";
import { EditPiiForm } from "./ClientForms";
import { DocumentsPanel } from "./Documents";
import { AccountsPanel } from "./Accounts";
import { SatPanel } from "./SatPanel";
import { clientName, clientRow, EDITABLE_PII, type ClientRow } from "./rows";

const TABS = ["pii", "documents", "accounts", "sat"] as const;
type Tab = (typeof TABS)[number];

/** One client (DYNAMICORE 1.3 #7 with its id): PII, documents, accounts, SAT and score. */
export function ClientPage({ connection, clientId, onBack, onGoEnvelopes }: { connection: Connection; clientId: string; onBack: () => void; onGoEnvelopes: () => void }) {
  const { t } = useI18n();
  const cid = connection.id;
  const q = useAsync(useCallback(() => dc.clientList(cid, clientId), [cid, clientId]));
  const [tab, setTab] = useState<Tab>("pii");
  const raw = q.data?.data[0];
  const client = raw ? clientRow(raw) : null;

  return (
    <>
      <button type="button" className="btn btn-ghost btn-sm back" onClick={onBack} data-testid="client-back">
        ‹ {t("dc.backToClients")}
      </button>
      {q.loading && !client ? (
        <Spinner />
      ) : q.error && !client ? (
        <ErrorState error={q.error} onRetry={q.reload} />
      ) : !client ? (
        <ErrorState error={{ code: "NOT_FOUND", message: t("dc.client.notFound", { id: clientId }), retryable: false }} onRetry={q.reload} />
      ) : (
        <>
          <ClientHeader client={client} onRefresh={q.reload} />
          <div className="tabs" role="tablist">
            {TABS.map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                aria-selected={tab === k}
                className={`tab${tab === k ? " active" : ""}`}
                onClick={() => setTab(k)}
                data-testid={`client-tab-${k}`}
              >
                {t(`dc.clientTab.${k}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {tab === "pii" && <PiiPanel connectionId={cid} client={client} onSaved={q.reload} />}
            {tab === "documents" && <DocumentsPanel connectionId={cid} client={client} onUploaded={q.reload} onGoEnvelopes={onGoEnvelopes} />}
            {tab === "accounts" && <AccountsPanel connection={connection} client={client} />}
            {tab === "sat" && <SatPanel connectionId={cid} client={client} />}
          </div>
        </>
      )}
    </>
  );
}

function ClientHeader({ client, onRefresh }: { client: ClientRow; onRefresh: () => void }) {
  const { t } = useI18n();
  const { clientType } = useCatalogs();
  const name = clientName(client);
  return (
    <div className="card user-header" data-testid="client-header">
      <Avatar name={name} size="lg" />
      <div className="user-header-main">
        <h1 data-testid="client-name">{name}</h1>
        <div className="dc-meta">
          <code data-testid="client-rfc">{client.rfc || t("common.none")}</code>
          <span>{client.email}</span>
          {client.clientType && <Badge>{typeLabel(clientType(client.clientType), client.clientType)}</Badge>}
          <span className="muted small">#{client.id}</span>
        </div>
      </div>
      <button type="button" className="btn btn-ghost btn-sm" onClick={onRefresh} data-testid="client-refresh">
        {t("common.refresh")}
      </button>
    </div>
  );
}

/** The PII: the four fields DynamiCore lets us change, editable; the rest of the PII read-only. */
function PiiPanel({ connectionId, client, onSaved }: { connectionId: string; client: ClientRow; onSaved: () => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const none = t("common.none");
  const others = Object.entries(client.pii).filter(([k]) => !(EDITABLE_PII as readonly string[]).includes(k));
  return (
    <div className="card" data-testid="pii-panel">
      <div className="card-head">
        <h2 className="section-title">{t("dc.pii.title")}</h2>
        {!editing && (
          <button type="button" className="btn btn-sm" onClick={() => setEditing(true)} data-testid="pii-edit">
            {t("dc.pii.edit")}
          </button>
        )}
      </div>
      {editing ? (
        <EditPiiForm
          connectionId={connectionId}
          client={client}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved();
          }}
        />
      ) : (
        <dl className="facts">
          <Fact label={t("dc.pii.first_name")} value={client.firstName || none} id="pii-firstname" />
          <Fact label={t("dc.pii.last_name")} value={client.lastName || none} id="pii-lastname" />
          <Fact label={t("dc.pii.rfc")} value={client.rfc || none} id="pii-rfc" />
          <Fact label={t("dc.pii.email")} value={client.email || none} id="pii-email" />
        </dl>
      )}
      {others.length > 0 && (
        <>
          <h3 className="section-title dc-sub">{t("dc.pii.other")}</h3>
          <dl className="facts" data-testid="pii-other">
            {others.map(([k, v]) => (
              <Fact key={k} label={k} value={v || none} id={`pii-${k}`} />
            ))}
          </dl>
        </>
      )}
    </div>
  );
}

export function Fact({ label, value, id }: { label: string; value: ReactNode; id?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={id}>{value}</dd>
    </div>
  );
}
