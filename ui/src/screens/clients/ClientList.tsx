import { useCallback, useMemo, useState } from "react";
import { Empty, ErrorState, Spinner } from "../../components/ui";
import { useDebounced } from "../../components/hooks";
import { useI18n } from "../../i18n/I18n";
import { useAsync } from "../../state/useAsync";
import { dc } from "./api";
import { typeLabel, useCatalogs } from "./catalogs";
import { CreateClientDialog } from "./ClientForms";
import { clientName, clientRow, type ClientRow } from "./rows";

/** Rows drawn at most: the list has no paging (DYNAMICORE 1.3 #7), the search narrows it. */
export const SHOWN_MAX = 200;

/** Lower case without accents, so "pena" finds "Peña" and "avila" finds "Ávila". */
export function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function matches(c: ClientRow, q: string): boolean {
  if (!q) return true;
  const hay = fold([clientName(c), c.rfc, c.email, c.id, ...Object.values(c.pii)].join(" "));
  return q.split(/\s+/).every((w) => hay.includes(w));
}

/** Every client (DYNAMICORE 1.3 #7) with a search over name, RFC, e-mail, id and the other PII. */
export function ClientList({ connectionId, onOpen }: { connectionId: string; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const catalogs = useCatalogs();
  const list = useAsync(useCallback(() => dc.clientList(connectionId), [connectionId]));
  const [query, setQuery] = useState("");
  const q = fold(useDebounced(query, 150).trim());
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => (list.data?.data ?? []).map(clientRow), [list.data]);
  const shown = useMemo(() => rows.filter((c) => matches(c, q)), [rows, q]);

  return (
    <div className="card dc-list">
      <div className="card-head">
        <input
          type="search"
          className="grow"
          placeholder={t("dc.search")}
          aria-label={t("dc.search")}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="clients-search"
        />
        <button type="button" className="btn btn-ghost btn-sm" onClick={list.reload} data-testid="clients-refresh">
          {t("common.refresh")}
        </button>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => setCreating(true)} data-testid="client-create-button">
          + {t("dc.client.new")}
        </button>
      </div>
      {list.loading && !list.data ? (
        <Spinner />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !shown.length ? (
        <Empty testId="clients-none">{rows.length ? t("dc.search.none", { q: query.trim() }) : t("dc.clients.empty")}</Empty>
      ) : (
        <>
          <p className="muted small" data-testid="clients-count">
            {q ? t("dc.clients.matching", { n: shown.length, total: rows.length }) : t("dc.clients.count", { n: rows.length })}
          </p>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("dc.col.name")}</th>
                  <th>{t("dc.col.rfc")}</th>
                  <th>{t("dc.col.email")}</th>
                  <th>{t("dc.col.type")}</th>
                  <th className="right">{t("dc.col.id")}</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, SHOWN_MAX).map((c) => (
                  <tr key={c.id} className="clickable" onClick={() => onOpen(c.id)} data-testid="client-row" data-client={c.id}>
                    <td>
                      <button
                        type="button"
                        className="dc-link strong"
                        onClick={(e) => {
                          e.stopPropagation();
                          onOpen(c.id);
                        }}
                      >
                        {clientName(c)}
                      </button>
                    </td>
                    <td>
                      <code>{c.rfc || t("common.none")}</code>
                    </td>
                    <td>{c.email || t("common.none")}</td>
                    <td>{typeLabel(catalogs.clientType(c.clientType), c.clientType) || t("common.none")}</td>
                    <td className="right num">{c.id}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.length > SHOWN_MAX && (
            <p className="muted small" data-testid="clients-capped">
              {t("dc.clients.capped", { n: SHOWN_MAX, total: shown.length })}
            </p>
          )}
        </>
      )}
      {creating && (
        <CreateClientDialog
          connectionId={connectionId}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            list.reload();
            if (id) onOpen(id);
          }}
        />
      )}
    </div>
  );
}
