import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { fieldErrors } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Badge, ErrorState, Field, OutcomeUnknown, Spinner } from "../../components/ui";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { ud, type Account, type AccountUpdateInput } from "./api";
import type { KeyTarget } from "./KeyWizard";

/**
 * One account's company data (`companyId` absent: the connection's own), editable but for email and phone.
 * A change of `reloadSignal` (a Refresh, a new key) reads it again, but never under an open edit.
 */
export function AccountPanel({ connection, companyId, reloadSignal, onSaved }: { connection: KeyTarget; companyId?: string; reloadSignal?: number; onSaved?: () => void }) {
  const { t } = useI18n();
  const cid = connection.id;
  const q = useAsync(useCallback(() => ud.accountGet(cid, companyId), [cid, companyId]));
  const [editing, setEditing] = useState(false);
  const editingNow = useRef(editing);
  editingNow.current = editing;
  const signal = useRef(reloadSignal);
  const reload = q.reload;
  useEffect(() => {
    if (signal.current === reloadSignal) return;
    signal.current = reloadSignal;
    if (!editingNow.current) reload();
  }, [reloadSignal, reload]);
  const account = q.data;
  return (
    <div className="card" data-testid="account-panel">
      <div className="card-head">
        <h2 className="section-title">{t("ud.account.title")}</h2>
        {account && !editing && (
          <button type="button" className="btn btn-sm" onClick={() => setEditing(true)} data-testid="account-edit">
            {t("ud.account.edit")}
          </button>
        )}
      </div>
      {q.loading && !account ? (
        <Spinner />
      ) : q.error && !account ? (
        <ErrorState error={q.error} onRetry={q.reload} />
      ) : account && editing ? (
        <AccountForm
          connectionId={cid}
          account={account}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            q.reload();
            onSaved?.();
          }}
        />
      ) : account ? (
        <AccountFacts account={account} />
      ) : null}
    </div>
  );
}

function AccountFacts({ account }: { account: Account }) {
  const { t } = useI18n();
  const none = t("common.none");
  const rows: [string, ReactNode, string][] = [
    [t("ud.account.names"), account.names || none, "account-names"],
    [t("ud.account.companyId"), <code key="id">{account.companyId}</code>, "account-company-id"],
    [t("ud.account.level"), account.depth === 0 ? t("ud.account.levelMain") : t("ud.account.levelSub", { n: account.depth }), "account-level"],
    [t("ud.account.parent"), account.parentCompanyId ? <code key="p">{account.parentCompanyId}</code> : none, "account-parent"],
    [t("ud.account.status"), <Badge key="s" tone={account.active ? "ok" : "neutral"}>{account.active ? t("ud.accountActive") : t("ud.accountInactive")}</Badge>, "account-status"],
    [t("ud.account.document"), account.documentNumber || none, "account-document"],
    [t("ud.account.webhooks"), account.webhooks.length ? account.webhooks.join("\n") : none, "account-webhooks"],
    [t("ud.account.email"), <Locked key="e" value={account.email} />, "account-email"],
    [t("ud.account.phone"), <Locked key="ph" value={account.phone} />, "account-phone"],
  ];
  return (
    <dl className="facts ud-facts">
      {rows.map(([label, value, id]) => (
        <div key={id}>
          <dt>{label}</dt>
          <dd data-testid={id}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A value the API can't change, with the reason on hover and for screen readers. */
function Locked({ value }: { value: string | null }) {
  const { t } = useI18n();
  return (
    <span className="ud-locked" title={t("ud.account.locked")}>
      <LockIcon />
      {value || t("common.none")}
      <span className="sr-only"> — {t("ud.account.locked")}</span>
    </span>
  );
}

function LockIcon() {
  return (
    <svg className="ud-lock" viewBox="0 0 24 24" width="13" height="13" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <rect x="4" y="11" width="16" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

function AccountForm({ connectionId, account, onCancel, onSaved }: { connectionId: string; account: Account; onCancel: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [names, setNames] = useState(account.names);
  const [documentNumber, setDocumentNumber] = useState(account.documentNumber ?? "");
  const [webhooks, setWebhooks] = useState(account.webhooks.join("\n"));
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error, lang);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    // Only what changed is sent (UNDOSTRES 2.5 A3 takes a partial update).
    const input: AccountUpdateInput = { companyId: account.companyId };
    if (names.trim() !== account.names) input.names = names.trim();
    if (documentNumber.trim() !== (account.documentNumber ?? "")) input.documentNumber = documentNumber.trim();
    const hooks = webhooks.split("\n").map((s) => s.trim()).filter(Boolean);
    if (hooks.join("\n") !== account.webhooks.join("\n")) input.webhooks = hooks;
    if (Object.keys(input).length === 1) {
      toasts.info(t("common.nothingChanged"));
      return;
    }
    await run(async () => {
      await ud.accountUpdate(connectionId, input);
      toasts.success(t("ud.account.saved"));
      onSaved();
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="account-form">
      <div className="form-grid">
        <Field name="names" label={t("ud.account.names")} error={errors.names}>
          {(p) => <input {...p} value={names} onChange={(e) => setNames(e.target.value)} data-testid="account-names-input" />}
        </Field>
        <Field name="document_number" label={t("ud.account.document")} error={errors.document_number}>
          {(p) => <input {...p} value={documentNumber} onChange={(e) => setDocumentNumber(e.target.value)} data-testid="account-document-input" />}
        </Field>
        <Field name="email" label={t("ud.account.email")} error={errors.email} hint={t("ud.account.locked")}>
          {(p) => <input {...p} value={account.email ?? ""} readOnly disabled data-testid="account-email-input" />}
        </Field>
        <Field name="phone" label={t("ud.account.phone")} error={errors.phone} hint={t("ud.account.locked")}>
          {(p) => <input {...p} value={account.phone ?? ""} readOnly disabled data-testid="account-phone-input" />}
        </Field>
      </div>
      <Field name="webhooks" label={t("ud.account.webhooks")} error={errors.webhooks} hint={t("ud.account.webhooksHelp")}>
        {(p) => <textarea {...p} rows={3} value={webhooks} onChange={(e) => setWebhooks(e.target.value)} data-testid="account-webhooks-input" />}
      </Field>
      <OutcomeUnknown error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="account-save">
          {busy ? t("common.loading") : t("common.save")}
        </button>
      </div>
    </form>
  );
}
