import { useCallback, useMemo, useState } from "react";
import type { Connection } from "../../api";
import { Badge, Empty, ErrorState, Spinner } from "../../components/ui";
import { formatDateText } from "../../components/format";
import { useI18n } from "../../i18n/I18n";
import { useApp } from "../../state/app";
import { useAsync } from "../../state/useAsync";
import { PROVIDER, ud, type KeyInfo } from "./api";
import { AccountPanel } from "./AccountPanel";
import { expiryText, LEVEL_TONE, previousWindow } from "./keys";
import { KeyWizard, type KeyTarget } from "./KeyWizard";
import { SubAccountTree } from "./SubAccounts";
import "./undostres.css";

/**
 * "API keys": every UnDosTres connection's key at a glance (one row each),
 * the rotation wizard, and for the connection picked in the header its
 * company data and sub-account tree.
 */
export function ApiKeysScreen({ onGoConnections }: { onGoConnections: () => void }) {
  const { t } = useI18n();
  const { connections, connectionsLoading, active } = useApp();
  const mine = useMemo(() => connections.filter((c) => c.provider === PROVIDER), [connections]);
  return (
    <section className="screen ud-screen" data-testid="apikeys-screen">
      <div className="screen-head">
        <h1>{t("ud.title")}</h1>
      </div>
      <p className="muted">{t("ud.subtitle")}</p>
      {!mine.length ? (
        connectionsLoading ? (
          <Spinner />
        ) : (
          <Empty testId="apikeys-empty">
            <p>{t("ud.noConnection")}</p>
            <button type="button" className="btn btn-primary" onClick={onGoConnections}>
              {t("common.goToConnections")}
            </button>
          </Empty>
        )
      ) : (
        <Keys connections={mine} owner={active?.provider === PROVIDER ? active : null} />
      )}
    </section>
  );
}

interface Wizard {
  target: KeyTarget;
  current: KeyInfo | null;
}

function Keys({ connections, owner }: { connections: Connection[]; owner: Connection | null }) {
  const { t } = useI18n();
  const { setActiveId, reloadNotices } = useApp();
  const [rev, setRev] = useState(0);
  const [wizard, setWizard] = useState<Wizard | null>(null);
  const [selected, setSelected] = useState<{ owner: string; companyId: string } | null>(null);
  const ownerId = owner?.id ?? null;
  // The account and its tree need a key: a connection without one (a new
  // sub-account) is offered its first key instead of two errors.
  const ownerStatus = useAsync(useMemo(() => (ownerId ? () => ud.keyStatus(ownerId) : null), [ownerId]));
  const ownerKeyed = ownerStatus.data?.key ? ownerId : null;
  const tree = useAsync(useMemo(() => (ownerKeyed ? () => ud.accountTree(ownerKeyed) : null), [ownerKeyed]));
  const companyId = selected && selected.owner === ownerId ? selected.companyId : undefined;

  const reloadOwner = ownerStatus.reload;
  const refresh = useCallback(() => {
    setRev((n) => n + 1);
    reloadOwner();
  }, [reloadOwner]);
  const issued = useCallback(() => {
    refresh();
    void reloadNotices();
    tree.reload();
  }, [refresh, reloadNotices, tree]);

  return (
    <>
      <div className="card">
        <div className="card-head">
          <span className="spacer" />
          <button type="button" className="btn btn-ghost btn-sm" onClick={refresh} data-testid="apikeys-refresh">
            {t("common.refresh")}
          </button>
        </div>
        <div className="table-scroll">
          <table className="table ud-keys">
            <thead>
              <tr>
                <th>{t("ud.col.connection")}</th>
                <th>{t("ud.col.key")}</th>
                <th>{t("ud.col.expires")}</th>
                <th>{t("ud.col.ips")}</th>
                <th>{t("ud.col.previous")}</th>
                <th>{t("ud.col.account")}</th>
                <th className="right">{t("ud.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <KeyRow
                  key={`${c.id}:${rev}`}
                  connection={c}
                  shown={c.id === ownerId}
                  onShow={() => setActiveId(c.id)}
                  onWizard={(current) => setWizard({ target: { id: c.id, name: c.name }, current })}
                />
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {owner && ownerStatus.data && !ownerStatus.data.key && (
        <div className="card" data-testid="apikeys-no-key">
          <Empty>
            <p>{t("ud.ownerNoKey", { name: owner.name })}</p>
            <button type="button" className="btn btn-primary" onClick={() => setWizard({ target: { id: owner.id, name: owner.name }, current: null })}>
              {t("ud.firstKey")}
            </button>
          </Empty>
        </div>
      )}
      {owner && ownerKeyed && (
        <div className="ud-columns">
          {/* No `rev` in its key: a remount would throw away an open edit; it reloads itself when not editing. */}
          <AccountPanel key={`${owner.id}:${companyId ?? ""}`} connection={{ id: owner.id, name: owner.name }} companyId={companyId} reloadSignal={rev} onSaved={tree.reload} />
          <SubAccountTree
            connection={{ id: owner.id, name: owner.name }}
            tree={tree}
            selected={companyId}
            onSelect={(id) => setSelected({ owner: owner.id, companyId: id })}
            onFirstKey={(target) => setWizard({ target, current: null })}
          />
        </div>
      )}

      {wizard && <KeyWizard target={wizard.target} current={wizard.current} onClose={() => setWizard(null)} onIssued={issued} />}
    </>
  );
}

function KeyRow({ connection, shown, onShow, onWizard }: { connection: Connection; shown: boolean; onShow: () => void; onWizard: (current: KeyInfo | null) => void }) {
  const { t, locale } = useI18n();
  const cid = connection.id;
  const status = useAsync(useCallback(() => ud.keyStatus(cid), [cid]));
  const key = status.data?.key ?? null;
  // Level, days left and the active flag come from Rust's cache: no provider call per row.
  const active = status.data?.active;
  const window = previousWindow(key, status.data?.previousValidUntil);
  const when = (iso: string) => formatDateText(iso, locale);

  return (
    <tr data-testid="apikey-row" data-connection={connection.name} className={shown ? "ud-shown" : undefined}>
      <td>
        <div className="strong">{connection.name}</div>
        {connection.sandbox && <Badge tone="sandbox">{t("badge.sandbox")}</Badge>}
      </td>
      {status.loading && !status.data ? (
        <td colSpan={5}>
          <Spinner />
        </td>
      ) : status.error && !status.data ? (
        <td colSpan={5}>
          <ErrorState error={status.error} onRetry={status.reload} />
        </td>
      ) : !key ? (
        <>
          <td data-testid="apikey-last4">
            <Badge tone="warn">{t("ud.noKey")}</Badge>
          </td>
          <td colSpan={3} className="muted">
            {t("common.none")}
          </td>
          <td data-testid="apikey-account">
            <Badge tone="neutral">{t("ud.accountInactive")}</Badge>
          </td>
        </>
      ) : (
        <>
          <td>
            <code className="nowrap" aria-label={t("ud.keyLabel", { last4: key.last4 })} data-testid="apikey-last4">
              •••• {key.last4}
            </code>
            <div className="muted small" data-testid="apikey-created">
              {t("ud.createdOn", { when: when(key.createdAt) })}
            </div>
          </td>
          <td data-testid="apikey-expiry">
            <div className="small nowrap">{when(key.expiresAt)}</div>
            <Badge tone={LEVEL_TONE[status.data!.level]} testId="apikey-expires-in">
              {expiryText(t, status.data!.level, status.data!.daysLeft)}
            </Badge>
          </td>
          <td data-testid="apikey-ips" className="small">
            {key.allowedIps.map((ip) => (
              <div key={ip}>
                <code>{ip}</code>
              </div>
            ))}
          </td>
          <td data-testid="apikey-previous" className="small">
            {window ? (
              <>
                {key.previousKeyLast4 && <code className="nowrap">•••• {key.previousKeyLast4}</code>}
                <div className="ud-window">{t("ud.previousUntil", { when: when(window) })}</div>
              </>
            ) : (
              <span className="muted">{t("common.none")}</span>
            )}
          </td>
          <td data-testid="apikey-account">
            {active === undefined ? (
              <span className="muted">{t("ud.accountUnknown")}</span>
            ) : (
              <Badge tone={active ? "ok" : "neutral"}>{active ? t("ud.accountActive") : t("ud.accountInactive")}</Badge>
            )}
          </td>
        </>
      )}
      <td className="right">
        <div className="ud-actions">
          {status.data && (
            <button type="button" className="btn btn-sm btn-primary" onClick={() => onWizard(key)} data-testid={key ? "apikey-rotate" : "apikey-first-key"}>
              {key ? t("ud.rotate") : t("ud.firstKey")}
            </button>
          )}
          {!shown && (
            <button type="button" className="btn btn-sm btn-ghost" onClick={onShow} data-testid="apikey-show">
              {t("ud.select")}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
