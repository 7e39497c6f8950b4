import { useCallback, useState, type FormEvent } from "react";
import { fieldErrors, toApiError, type Connection } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Badge, Dialog, Empty, ErrorState, Field, FieldGroup, OutcomeUnknown, Spinner } from "../../components/ui";
import { formatDateText } from "../../components/format";
import { useI18n } from "../../i18n/I18n";
import { localizeFieldError } from "../../i18n/codes";
import type { MessageKey } from "../../i18n/strings";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { dc, type ConektaCreateInput, type Order, type OrderCreated } from "./api";
import { centsText, parsePesos } from "./money";
import { personName, type AccountRow, type ClientRow } from "./rows";

/** The orders followed for an account on this machine (ids only: DynamiCore has no order list). */
function storeKey(connectionId: string, accountId: string) {
  return `ventanilla.dc.orders:${connectionId}:${accountId}`;
}
function loadIds(key: string): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
function saveIds(key: string, ids: string[]) {
  try {
    localStorage.setItem(key, JSON.stringify(ids.slice(0, 30)));
  } catch {
    /* storage unavailable: followed for this session only */
  }
}

/** Conekta OXXO cash orders of one account (DYNAMICORE 1.3 #20, #21), followed by refreshing. */
export function OrdersPanel({ connection, client, account }: { connection: Connection; client: ClientRow; account: AccountRow }) {
  const { t } = useI18n();
  const key = storeKey(connection.id, account.id);
  const [ids, setIds] = useState<string[]>(() => loadIds(key));
  const [creating, setCreating] = useState(false);
  const [lookup, setLookup] = useState("");
  const follow = (id: string) =>
    setIds((cur) => {
      const next = [id, ...cur.filter((x) => x !== id)];
      saveIds(key, next);
      return next;
    });
  const forget = (id: string) =>
    setIds((cur) => {
      const next = cur.filter((x) => x !== id);
      saveIds(key, next);
      return next;
    });
  const open = (e: FormEvent) => {
    e.preventDefault();
    const id = lookup.trim();
    if (id) follow(id);
    setLookup("");
  };

  return (
    <div className="dc-orders" data-testid="orders-panel">
      <div className="toolbar">
        <button type="button" className="btn btn-primary btn-sm" onClick={() => setCreating(true)} data-testid="order-create-button">
          + {t("dc.order.new")}
        </button>
        <span className="spacer" />
        <form className="input-row" onSubmit={open}>
          <input value={lookup} onChange={(e) => setLookup(e.target.value)} placeholder="ord_…" aria-label={t("dc.order.follow")} data-testid="order-lookup" />
          <button type="submit" className="btn btn-sm">
            {t("dc.order.follow")}
          </button>
        </form>
      </div>
      {ids.length === 0 ? (
        <Empty testId="orders-empty">{t("dc.order.none")}</Empty>
      ) : (
        ids.map((id) => <OrderCard key={id} connection={connection} orderId={id} onForget={() => forget(id)} />)
      )}
      {creating && <OrderDialog connection={connection} client={client} account={account} onClose={() => setCreating(false)} onCreated={follow} />}
    </div>
  );
}

function OrderCard({ connection, orderId, onForget }: { connection: Connection; orderId: string; onForget: () => void }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const q = useAsync(useCallback(() => dc.conektaGet(connection.id, orderId), [connection.id, orderId]));
  const { busy, run } = useSubmit();
  const pending = q.data?.paymentStatus === "pending_payment";
  return (
    <div className="subcard dc-order" data-testid="order-card" data-order={orderId}>
      <div className="card-head">
        <code className="strong">{orderId}</code>
        <span className="spacer" />
        {connection.sandbox && pending && (
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy}
            onClick={() =>
              run(async () => {
                await dc.sandboxPay(connection.id, orderId);
                toasts.success(t("dc.order.sandboxPaid"));
                q.reload();
              })
            }
            data-testid="order-sandbox-pay"
          >
            {t("dc.order.sandboxPay")}
          </button>
        )}
        <button type="button" className="btn btn-ghost btn-sm" onClick={q.reload} data-testid="order-refresh">
          {t("common.refresh")}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onForget} title={t("dc.order.forgetHint")}>
          {t("dc.order.forget")}
        </button>
      </div>
      {q.loading && !q.data ? <Spinner /> : q.error && !q.data ? <ErrorState error={q.error} onRetry={q.reload} /> : q.data ? <OrderView order={q.data} /> : null}
    </div>
  );
}

const STATUS_TONE: Record<string, "ok" | "warn" | "error" | "neutral"> = {
  paid: "ok",
  pending_payment: "warn",
  expired: "error",
  canceled: "neutral",
  declined: "error",
  refunded: "neutral",
};

function statusText(t: (k: MessageKey) => string, s: string): string {
  return s in STATUS_TONE ? t(`dc.orderStatus.${s}` as MessageKey) : s || t("common.none");
}

/** What the cashier and the client need: amount, OXXO reference, barcode URL (as text: no remote images), expiry, status. */
export function OrderView({ order }: { order: Order }) {
  const { t, locale } = useI18n();
  const charge = order.charges?.data?.[0];
  const cash = charge?.paymentMethod;
  const when = (secs?: number | null) => (secs ? formatDateText(new Date(secs * 1000).toISOString(), locale) : t("common.none"));
  const status = order.paymentStatus || charge?.status || "";
  return (
    <dl className="facts dc-order-facts" data-testid="order-view">
      <div>
        <dt>{t("dc.order.status")}</dt>
        <dd>
          <Badge tone={STATUS_TONE[status] ?? "neutral"} testId="order-status">
            {statusText(t, status)}
          </Badge>
        </dd>
      </div>
      <div>
        <dt>{t("dc.order.amount")}</dt>
        <dd className="strong num" data-testid="order-amount">
          {centsText(order.amount, order.currency || "MXN")}
        </dd>
      </div>
      <div className="dc-wide">
        <dt>{t("dc.order.reference")}</dt>
        <dd>
          <code className="selectable dc-reference" data-testid="order-reference">
            {cash?.reference || t("common.none")}
          </code>
        </dd>
      </div>
      <div className="dc-wide">
        <dt>{t("dc.order.barcode")}</dt>
        <dd>
          <code className="selectable" data-testid="order-barcode">
            {cash?.barcodeUrl || t("common.none")}
          </code>
        </dd>
      </div>
      <div>
        <dt>{t("dc.order.expires")}</dt>
        <dd data-testid="order-expires">{when(cash?.expiresAt)}</dd>
      </div>
      {charge?.paidAt ? (
        <div>
          <dt>{t("dc.order.paidAt")}</dt>
          <dd data-testid="order-paid-at">{when(charge.paidAt)}</dd>
        </div>
      ) : null}
      {cash?.storeName ? (
        <div>
          <dt>{t("dc.order.store")}</dt>
          <dd>{cash.storeName}</dd>
        </div>
      ) : null}
    </dl>
  );
}

interface OrderForm {
  operation: string;
  name: string;
  email: string;
  phone: string;
  item: string;
  price: string;
  quantity: string;
}

/** A whole number ≥ 1, or null. */
function positiveInt(s: string): number | null {
  const v = s.trim();
  return /^\d{1,15}$/.test(v) && Number(v) > 0 ? Number(v) : null;
}

/**
 * #20: an OXXO cash order for the account. Pesos typed, cents sent; a
 * confirmation with the total before anything is sent; then the order read
 * back (#21) for its reference, barcode URL and expiry.
 */
function OrderDialog({ connection, client, account, onClose, onCreated }: { connection: Connection; client: ClientRow; account: AccountRow; onClose: () => void; onCreated: (id: string) => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [form, setForm] = useState<OrderForm>({
    operation: "",
    name: personName(client),
    email: client.email,
    phone: "",
    item: "",
    price: "",
    quantity: "1",
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<ConektaCreateInput | null>(null);
  const [created, setCreated] = useState<{ created: OrderCreated; order?: Order } | null>(null);
  const { busy, error, run } = useSubmit();
  const errors = { ...fieldErrors(error, lang), ...local };
  const set = (k: keyof OrderForm) => (e: { target: { value: string } }) => setForm((cur) => ({ ...cur, [k]: e.target.value }));

  const cents = parsePesos(form.price);
  const qty = positiveInt(form.quantity);
  const total = cents !== null && qty !== null ? cents * qty : null;

  const review = (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    const positive = localizeFieldError({ code: "positive_number", message: "must be a positive number" }, lang);
    const operation = positiveInt(form.operation);
    if (operation === null) bad.operation = positive;
    if (cents === null) bad["item.unit_price"] = t("dc.order.priceInvalid");
    if (qty === null) bad["item.quantity"] = positive;
    setLocal(bad);
    if (operation === null || cents === null || qty === null) return;
    setConfirm({
      account: Number(account.id),
      operation,
      customer: { name: form.name.trim(), email: form.email.trim() || undefined, phone: form.phone.trim() || undefined },
      item: { name: form.item.trim(), unitPrice: cents, quantity: qty },
      paymentMethod: "oxxo_cash",
    });
  };

  const send = async () => {
    if (!confirm || busy) return;
    await run(async () => {
      let out: OrderCreated;
      try {
        out = await dc.conektaCreate(connection.id, confirm);
      } catch (e) {
        // Refused input: back to the form, to its field errors. Any other failure
        // stays here: an order that may exist (OUTCOME_UNKNOWN) must not look new.
        if (toApiError(e).code === "VALIDATION") setConfirm(null);
        throw e;
      }
      onCreated(out.id);
      toasts.success(t("dc.order.created", { id: out.id }));
      setCreated({ created: out });
      // The reference, barcode and expiry come with the order itself.
      const order = await dc.conektaGet(connection.id, out.id).catch(() => undefined);
      setCreated({ created: out, order });
    });
  };

  if (created) {
    return (
      <Dialog title={t("dc.order.title", { id: account.id })} onClose={onClose} testId="order-dialog">
        <div className="result-box" data-testid="order-result">
          <div>
            <span className="muted small">{t("dc.order.id")}</span> <code className="selectable" data-testid="order-id">{created.created.id}</code>
          </div>
          {created.order ? <OrderView order={created.order} /> : busy ? <Spinner /> : <p className="muted small">{t("dc.order.readLater")}</p>}
        </div>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onClose} data-testid="order-close">
            {t("common.close")}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t("dc.order.title", { id: account.id })} onClose={onClose} wide testId="order-dialog" dirty={confirm !== null || undefined}>
      {confirm ? (
        <div className="form" data-testid="order-confirm">
          <div className="note warn">
            <p>
              {t("dc.order.confirmText", {
                amount: centsText(confirm.item.unitPrice * confirm.item.quantity),
                name: confirm.customer.name,
                account: account.id,
              })}
            </p>
          </div>
          <OutcomeUnknown error={error} />
          {error && error.code !== "OUTCOME_UNKNOWN" && <ErrorState error={error} />}
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setConfirm(null)} disabled={busy} data-testid="order-confirm-back">
              {t("common.back")}
            </button>
            <button type="button" className="btn btn-primary" onClick={send} disabled={busy} data-testid="order-confirm-ok">
              {busy ? t("common.loading") : t("dc.order.create")}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={review} noValidate>
          <div className="form-grid">
            <Field name="operation" label={t("dc.order.operation")} error={errors.operation} hint={t("dc.order.operationHint")}>
              {(p) => <input {...p} inputMode="numeric" value={form.operation} onChange={set("operation")} data-testid="order-operation" />}
            </Field>
          </div>
          <FieldGroup className="dc-people" title={t("dc.order.customer")}>
            <div className="form-grid">
              <Field name="customer.name" label={t("dc.mifiel.name")} error={errors["customer.name"]}>
                {(p) => <input {...p} value={form.name} onChange={set("name")} data-testid="order-customer-name" />}
              </Field>
              <Field name="customer.email" label={t("dc.mifiel.email")} error={errors["customer.email"]}>
                {(p) => <input {...p} type="email" value={form.email} onChange={set("email")} data-testid="order-customer-email" />}
              </Field>
              <Field name="customer.phone" label={t("dc.order.phone")} error={errors["customer.phone"]}>
                {(p) => <input {...p} type="tel" value={form.phone} onChange={set("phone")} data-testid="order-customer-phone" />}
              </Field>
            </div>
          </FieldGroup>
          <FieldGroup className="dc-people" title={t("dc.order.item")}>
            <div className="form-grid">
              <Field name="item.name" label={t("dc.order.itemName")} error={errors["item.name"]}>
                {(p) => <input {...p} value={form.item} onChange={set("item")} data-testid="order-item-name" />}
              </Field>
              <Field name="item.unit_price" label={t("dc.order.price")} error={errors["item.unit_price"]} hint={t("dc.order.priceHint")}>
                {(p) => <input {...p} inputMode="decimal" value={form.price} onChange={set("price")} data-testid="order-price" />}
              </Field>
              <Field name="item.quantity" label={t("dc.order.quantity")} error={errors["item.quantity"]}>
                {(p) => <input {...p} inputMode="numeric" value={form.quantity} onChange={set("quantity")} data-testid="order-quantity" />}
              </Field>
            </div>
          </FieldGroup>
          <p className="strong" data-testid="order-total">
            {t("dc.order.total")}: {total !== null ? centsText(total) : t("common.none")}
          </p>
          {errors.payment_method && <div className="field-error">{errors.payment_method}</div>}
          {errors.account && <div className="field-error">{errors.account}</div>}
          <OutcomeUnknown error={error} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="btn btn-primary" data-testid="order-review">
              {t("dc.order.review")}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
