import { useCallback, useMemo, useState, type FormEvent } from "react";
import { fieldErrors, type Connection } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Badge, Dialog, Empty, ErrorState, Field, OutcomeUnknown, Spinner } from "../../components/ui";
import { VirtualList } from "../../components/VirtualList";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { dc } from "./api";
import { TypePicker, typeLabel, useCatalogs } from "./catalogs";
import { centsText, currencyName } from "./money";
import { OrdersPanel } from "./Orders";
import { accountRow, movementRow, typeRow, type AccountRow, type ClientRow } from "./rows";

/** The client's accounts (DYNAMICORE 1.3 #12), a new one (#11), and the picked one's movements and orders. */
export function AccountsPanel({ connection, client }: { connection: Connection; client: ClientRow }) {
  const { t } = useI18n();
  const cid = connection.id;
  const { productType } = useCatalogs();
  const q = useAsync(useCallback(() => dc.accountList(cid, client.id), [cid, client.id]));
  const rows = useMemo(() => (q.data?.data ?? []).map(accountRow), [q.data]);
  const [picked, setPicked] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const account = rows.find((a) => a.id === picked) ?? null;

  return (
    <>
      <div className="card" data-testid="accounts-panel">
        <div className="card-head">
          <h2 className="section-title">{t("dc.accounts.title")}</h2>
          <span className="spacer" />
          <button type="button" className="btn btn-ghost btn-sm" onClick={q.reload}>
            {t("common.refresh")}
          </button>
          <button type="button" className="btn btn-primary btn-sm" onClick={() => setCreating(true)} data-testid="account-create-button">
            + {t("dc.accounts.new")}
          </button>
        </div>
        {q.loading && !q.data ? (
          <Spinner />
        ) : q.error && !q.data ? (
          <ErrorState error={q.error} onRetry={q.reload} />
        ) : !rows.length ? (
          <Empty testId="accounts-empty">{t("dc.accounts.empty")}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t("dc.col.account")}</th>
                <th>{t("dc.col.product")}</th>
                <th>{t("dc.col.currency")}</th>
                <th>{t("dc.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} className={`clickable${a.id === picked ? " dc-picked" : ""}`} onClick={() => setPicked(a.id)} data-testid="account-row" data-account={a.id}>
                  <td>
                    <button type="button" className="dc-link strong num" aria-pressed={a.id === picked} onClick={() => setPicked(a.id)}>
                      {a.id}
                    </button>
                  </td>
                  <td>{typeLabel(productType(a.product), a.product) || t("common.none")}</td>
                  <td>{currencyName(a.currency)}</td>
                  <td>
                    <Badge tone={a.enabled ? "ok" : "neutral"}>{a.enabled ? t("dc.accounts.active") : t("dc.accounts.inactive")}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {account && <AccountDetail key={account.id} connection={connection} client={client} account={account} />}
      {creating && (
        <CreateAccountDialog
          connectionId={cid}
          clientId={client.id}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            q.reload();
            if (id) setPicked(id);
          }}
        />
      )}
    </>
  );
}

/** #11: open an account of a product type; currency as ISO 4217 numeric (484 = MXN). */
function CreateAccountDialog({ connectionId, clientId, onClose, onCreated }: { connectionId: string; clientId: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const { productTypes } = useCatalogs();
  const products = (productTypes.data?.data ?? []).map(typeRow);
  const [product, setProduct] = useState("");
  const [currency, setCurrency] = useState("484");
  const [enabled, setEnabled] = useState(true);
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error, lang);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    await run(
      async () => {
        const out = await dc.accountCreate(connectionId, { clientId, product: product.trim(), currency: currency.trim(), enabled: enabled ? "1" : "0" });
        const id = accountRow(out.data[0]).id;
        toasts.success(t("dc.accounts.created", { id: id || "?" }));
        onCreated(id);
      },
      { staysBusy: true },
    );
  };

  return (
    <Dialog title={t("dc.accounts.new")} onClose={onClose} testId="account-create-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <Field name="product" label={t("dc.col.product")} error={errors.product}>
          {(p) => <TypePicker field={p} types={products} value={product} onChange={setProduct} testId="account-product" />}
        </Field>
        <Field name="currency" label={t("dc.col.currency")} error={errors.currency} hint={t("dc.accounts.currencyHint")}>
          {(p) => <input {...p} inputMode="numeric" value={currency} onChange={(e) => setCurrency(e.target.value)} data-testid="account-currency" />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="account-enabled" />
          {t("dc.accounts.enabled")}
        </label>
        {errors.enabled && <div className="field-error">{errors.enabled}</div>}
        {errors.client_id && <div className="field-error">{errors.client_id}</div>}
        <OutcomeUnknown error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="account-create-submit">
            {busy ? t("common.loading") : t("dc.accounts.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const DETAIL_TABS = ["transactions", "payments", "orders"] as const;
type DetailTab = (typeof DETAIL_TABS)[number];

function AccountDetail({ connection, client, account }: { connection: Connection; client: ClientRow; account: AccountRow }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<DetailTab>("transactions");
  return (
    <div className="card dc-account" data-testid="account-detail">
      <div className="card-head">
        <h2 className="section-title">{t("dc.account.title", { id: account.id })}</h2>
      </div>
      <div className="tabs" role="tablist">
        {DETAIL_TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`tab${tab === k ? " active" : ""}`} onClick={() => setTab(k)} data-testid={`account-tab-${k}`}>
            {t(`dc.account.${k}`)}
          </button>
        ))}
      </div>
      {tab === "orders" ? (
        <OrdersPanel connection={connection} client={client} account={account} />
      ) : (
        <Movements key={tab} connectionId={connection.id} account={account} kind={tab} />
      )}
    </div>
  );
}

const ROW_HEIGHT = 38;

/** #13 / #14: every movement of the account, virtualized (the demo's first account has 130). */
function Movements({ connectionId, account, kind }: { connectionId: string; account: AccountRow; kind: "transactions" | "payments" }) {
  const { t } = useI18n();
  const load = useCallback(
    () => (kind === "transactions" ? dc.accountTransactions(connectionId, account.id) : dc.accountPayments(connectionId, account.id)),
    [connectionId, account.id, kind],
  );
  const q = useAsync(load);
  const rows = useMemo(() => (q.data?.data ?? []).map(movementRow), [q.data]);
  if (q.loading && !q.data) return <Spinner />;
  if (q.error && !q.data) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!rows.length) return <Empty testId="movements-empty">{kind === "transactions" ? t("dc.account.noTransactions") : t("dc.account.noPayments")}</Empty>;
  return (
    <div className="dc-movements">
      <div className="inbox-meta">
        <span className="muted small" data-testid="movements-count">
          {t("dc.account.count", { n: q.data?.total && q.data.total > rows.length ? q.data.total : rows.length })}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-ghost btn-sm" onClick={q.reload}>
          {t("common.refresh")}
        </button>
      </div>
      <div className="dc-mrow dc-mhead" role="row">
        <span>{t("dc.col.date")}</span>
        <span>{kind === "transactions" ? t("dc.col.concept") : t("dc.col.method")}</span>
        <span className="right">{t("dc.col.amount")}</span>
        <span>{kind === "transactions" ? t("dc.col.id") : t("dc.col.status")}</span>
      </div>
      <VirtualList
        testId={`movements-${kind}`}
        role="table"
        ariaRowCount={rows.length}
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        rowKey={(i) => rows[i]?.id || i}
        renderRow={(i) => {
          const m = rows[i]!;
          return (
            <div className="dc-mrow" role="row" data-testid="movement-row">
              <span className="num">{m.date}</span>
              <span className="ellipsis" title={m.concept}>
                {m.concept || t("common.none")}
              </span>
              <span className="right num strong" data-testid="movement-amount">
                {centsText(m.amount, m.currency || account.currency)}
              </span>
              <span className="muted small ellipsis">{kind === "transactions" ? m.id : m.status || t("common.none")}</span>
            </div>
          );
        }}
      />
    </div>
  );
}
