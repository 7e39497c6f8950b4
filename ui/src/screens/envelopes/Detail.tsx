import { useCallback, useMemo, useState, type FormEvent } from "react";
import {
  api,
  fieldErrors,
  firstReason,
  toApiError,
  type ActionState,
  type ApiError,
  type Connection,
  type EnvelopeContact,
  type EnvelopeDetail,
  type EnvelopeDocument,
  type ExportedDocument,
  type ExportFailure,
  type MagicLink,
  type TransferUpdate,
  type TveInput,
} from "../../api";
import { useNativeDrops, useSubmit, useTransferProgress } from "../../components/hooks";
import { useI18n } from "../../i18n/I18n";
import { localizeSummary } from "../../i18n/codes";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { Badge, ConfirmDialog, Empty, ErrorState, Field, Spinner } from "../../components/ui";
import { formatBytes, formatDateText, formatMs } from "../../components/format";
import {
  ActionButton,
  ErrorReasons,
  Progress,
  REPORTED_IDENTITY_TYPES,
  StatusBadge,
  copyText,
  newTransferId,
} from "./shared";

function without<T>(m: Record<string, T>, key: string): Record<string, T> {
  const out = { ...m };
  delete out[key];
  return out;
}

type Saved = { kind: "one"; name: string; path: string; bytes: number; sha256: string } | { kind: "all"; folder: string; documents: ExportedDocument[]; failed: ExportFailure[] };

export function EnvelopeDetailView({
  connection,
  envelopeId,
  onBack,
  onDeleted,
}: {
  connection: Connection;
  envelopeId: string;
  onBack: () => void;
  onDeleted: () => void;
}) {
  const { t, locale, lang } = useI18n();
  const toasts = useToasts();
  const cid = connection.id;
  const detail = useAsync(useCallback(() => api.op("signio", cid, "envelope.get", { envelopeId }), [cid, envelopeId]));
  const status = detail.data?.status;
  const actions = useAsync(useCallback(() => (status ? api.sgEnvelopeActions(status) : Promise.resolve(undefined)), [status]));
  const [historyTick, setHistoryTick] = useState(0);
  const history = useAsync(
    useCallback(() => {
      void historyTick;
      return api.historySearch({ text: envelopeId, limit: 100 });
    }, [envelopeId, historyTick]),
  );
  const reload = () => {
    detail.reload();
    setHistoryTick((n) => n + 1);
  };

  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [transfers, setTransfers] = useState<Record<string, TransferUpdate>>({});
  const [running, setRunning] = useState<Record<string, string>>({}); // key (doc id or "all") → transferId
  const [saved, setSaved] = useState<Saved | null>(null);
  const [docErrors, setDocErrors] = useState<Record<string, ApiError>>({});
  const [magic, setMagic] = useState<MagicLink | null>(null);

  useTransferProgress((u) => {
    if (u.kind !== "export") return;
    setTransfers((cur) => ({ ...cur, [`${u.transferId}:${u.name}`]: u }));
  });

  const run = async (key: string, fn: () => Promise<unknown>, done?: string, after: () => void = reload) => {
    if (busy) return;
    setBusy(key);
    setActionError(null);
    try {
      await fn();
      if (done) toasts.success(done);
      after();
    } catch (e) {
      const err = toApiError(e);
      setActionError(err);
      toasts.error(err);
    } finally {
      setBusy(null);
    }
  };

  const forget = (transferId: string) =>
    setTransfers((cur) => Object.fromEntries(Object.entries(cur).filter(([, u]) => u.transferId !== transferId)));

  const exportOne = async (doc: EnvelopeDocument) => {
    if (running[doc.id]) return;
    const transferId = newTransferId();
    setRunning((r) => ({ ...r, [doc.id]: transferId }));
    setDocErrors((m) => without(m, doc.id));
    try {
      const out = await api.op("signio", cid, "document.export", { envelopeId, documentId: doc.id, fileName: doc.name, transferId });
      if (out.status === "saved") {
        setSaved({ kind: "one", name: doc.name, path: out.path, bytes: out.bytes, sha256: out.sha256 });
        toasts.success(t("env.exported", { path: out.path }));
        setHistoryTick((n) => n + 1);
      }
    } catch (e) {
      const err = toApiError(e);
      if (err.code !== "CANCELLED") setDocErrors((m) => ({ ...m, [doc.id]: err }));
      toasts.error(err);
    } finally {
      setRunning((r) => without(r, doc.id));
      forget(transferId);
    }
  };

  const exportAll = async () => {
    if (running.all) return;
    const transferId = newTransferId();
    setRunning((r) => ({ ...r, all: transferId }));
    try {
      const out = await api.op("signio", cid, "document.export_all", { envelopeId, transferId });
      if (out.status === "saved") {
        setSaved({ kind: "all", folder: out.folder, documents: out.documents, failed: out.failed });
        toasts.success(t("env.exportedAll", { n: out.documents.length, folder: out.folder }));
        setHistoryTick((n) => n + 1);
      }
    } catch (e) {
      toasts.error(toApiError(e));
    } finally {
      setRunning((r) => without(r, "all"));
      forget(transferId);
    }
  };

  const cancelTransfer = (key: string) => {
    const id = running[key];
    if (id) api.transferCancel(id).catch((e: unknown) => toasts.error(toApiError(e)));
  };

  const progressFor = (key: string) => {
    const id = running[key];
    if (!id) return [];
    return Object.values(transfers).filter((u) => u.transferId === id);
  };

  if (detail.loading && !detail.data) return <Spinner />;
  if (detail.error && !detail.data) {
    return (
      <section className="screen">
        <button type="button" className="btn btn-ghost btn-sm back" onClick={onBack} data-testid="envelope-back">
          ‹ {t("env.backToInbox")}
        </button>
        <ErrorState error={detail.error} onRetry={detail.reload} />
      </section>
    );
  }
  const d = detail.data!;
  const a = actions.data;

  return (
    <section className="screen" data-testid="envelope-detail">
      <button type="button" className="btn btn-ghost btn-sm back" onClick={onBack} data-testid="envelope-back">
        ‹ {t("env.backToInbox")}
      </button>
      <div className="card">
        <div className="env-head">
          <div className="env-head-main">
            <h1 className="ellipsis" title={d.name}>
              {d.name}
            </h1>
            <div className="env-meta">
              <StatusBadge status={d.status} providerStatus={d.providerStatus} testId="envelope-status" />
              <code className="muted small selectable">{d.id}</code>
              {d.approvalCycle && <Badge>{t("env.approvalCycle")}</Badge>}
              {detail.loading && <span className="spinner" aria-hidden="true" />}
            </div>
            {d.message && <p className="muted">{d.message}</p>}
          </div>
          <button type="button" className="btn btn-ghost btn-sm" onClick={reload} data-testid="envelope-refresh">
            {t("common.refresh")}
          </button>
        </div>
        <div className="env-actions">
          <ActionButton
            state={a?.distribute}
            busy={busy !== null}
            className="btn btn-primary"
            testId="envelope-distribute-button"
            onClick={() => run("distribute", () => api.op("signio", cid, "envelope.distribute", { envelopeId }), t("env.distributed"))}
          >
            {busy === "distribute" ? t("common.loading") : t("env.distribute")}
          </ActionButton>
          <ActionButton
            state={a?.returnToDraft}
            busy={busy !== null}
            testId="envelope-return-button"
            onClick={() => run("return", () => api.op("signio", cid, "envelope.return", { envelopeId }), t("env.returned"))}
          >
            {t("env.returnToDraft")}
          </ActionButton>
          <ActionButton state={a?.delete} busy={busy !== null} className="btn btn-danger-ghost" testId="envelope-delete-button" onClick={() => setConfirmDelete(true)}>
            {t("env.delete")}
          </ActionButton>
          <ActionButton state={a?.export} busy={Boolean(running.all)} testId="export-all-button" onClick={exportAll}>
            {t("env.exportAll")}
          </ActionButton>
          <button
            type="button"
            className="btn"
            disabled={busy !== null}
            data-testid="magic-link-button"
            onClick={() => run("magic", async () => setMagic(await api.op("signio", cid, "envelope.magic_link", { envelopeId })), undefined, () => setHistoryTick((n) => n + 1))}
          >
            {t("env.magicLink")}
          </button>
        </div>
        {actionError && <ErrorReasons error={actionError} />}
        {running.all && (
          <div className="transfer-box" data-testid="export-all-progress">
            {progressFor("all").map((u) => (
              <div key={u.name} className="upload-line">
                <span className="ellipsis">{u.name}</span>
                <Progress transferred={u.transferred} total={u.total} testId="export-progress" />
              </div>
            ))}
            <button type="button" className="btn btn-sm" onClick={() => cancelTransfer("all")} data-testid="export-all-cancel">
              {t("common.cancel")}
            </button>
          </div>
        )}
        {magic && <MagicLinkBox link={magic} onClose={() => setMagic(null)} />}
        {saved && <ExportResult saved={saved} onClose={() => setSaved(null)} />}
      </div>

      <div className="card">
        <h2 className="section-title">
          {t("env.documents")} <span className="count">{d.documents.length}</span>
        </h2>
        {d.documents.length === 0 ? (
          <Empty>{t("env.noDocuments")}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t("env.col.name")}</th>
                <th>{t("env.protected")}</th>
                <th className="right">{t("env.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {d.documents.map((doc) => (
                <tr key={doc.id} data-testid="envelope-document-row" data-id={doc.id}>
                  <td>
                    <div className="strong">{doc.name}</div>
                    <code className="muted small">{doc.id}</code>
                    {running[doc.id] &&
                      progressFor(doc.id).map((u) => <Progress key={u.name} transferred={u.transferred} total={u.total} testId="export-progress" />)}
                    {docErrors[doc.id] && <ErrorReasons error={docErrors[doc.id]!} testId="document-error" />}
                  </td>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={doc.protected}
                        disabled={busy !== null}
                        data-testid="document-protect-toggle"
                        onChange={(e) =>
                          run(
                            `protect-${doc.id}`,
                            () => api.op("signio", cid, e.target.checked ? "document.protect" : "document.unprotect", { documentId: doc.id }),
                            e.target.checked ? t("env.protectedOn") : t("env.protectedOff"),
                          )
                        }
                      />
                      {doc.protected ? t("env.protectedYes") : t("env.protectedNo")}
                    </label>
                  </td>
                  <td>
                    <div className="row-actions">
                      {running[doc.id] ? (
                        <button type="button" className="btn btn-sm" onClick={() => cancelTransfer(doc.id)} data-testid="document-export-cancel">
                          {t("common.cancel")}
                        </button>
                      ) : (
                        <ActionButton state={a?.export} className="btn btn-sm" testId="document-export-button" onClick={() => exportOne(doc)}>
                          {t("env.export")}
                        </ActionButton>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">{t("env.protectedHelp")}</p>
      </div>

      <Contacts detail={d} />

      <div className="card">
        <h2 className="section-title">{t("env.history")}</h2>
        <p className="muted small">{t("env.historyHelp")}</p>
        {history.loading && !history.data ? (
          <Spinner />
        ) : history.error ? (
          <ErrorState error={history.error} onRetry={() => setHistoryTick((n) => n + 1)} />
        ) : !history.data?.items.length ? (
          <Empty>{t("env.historyEmpty")}</Empty>
        ) : (
          <table className="table" data-testid="envelope-history">
            <tbody>
              {history.data.items.map((r) => (
                <tr key={r.id} data-testid="envelope-history-row">
                  <td className="nowrap muted num">{formatMs(r.atMs, locale)}</td>
                  <td className="mono">{r.operation}</td>
                  <td>
                    <Badge tone={r.outcome === "ok" ? "ok" : "error"}>{t(r.outcome === "ok" ? "outcome.ok" : "outcome.error")}</Badge>
                  </td>
                  <td className="ellipsis-cell" title={localizeSummary(r, lang)}>
                    {r.errorCode ? `${r.errorCode} · ` : ""}
                    {localizeSummary(r, lang)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <OnSiteForm connection={connection} detail={d} />
      <TveForms connection={connection} detail={d} editState={a?.edit} onDone={reload} />
      {connection.sandbox && <SandboxPanel connection={connection} detail={d} onDone={reload} />}

      {confirmDelete && (
        <ConfirmDialog
          title={t("env.deleteTitle")}
          text={t("env.deleteText", { name: d.name })}
          confirmLabel={t("env.delete")}
          busy={busy === "delete"}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() =>
            run(
              "delete",
              async () => {
                await api.op("signio", cid, "envelope.delete", { envelopeId });
              },
              t("env.deleted"),
              () => {
                setConfirmDelete(false);
                onDeleted();
              },
            ).finally(() => setConfirmDelete(false))
          }
        />
      )}
    </section>
  );
}

function Contacts({ detail }: { detail: EnvelopeDetail }) {
  const { t, locale } = useI18n();
  const contacts = useMemo(
    () => [...detail.contacts].sort((x, y) => (x.order ?? Number.MAX_SAFE_INTEGER) - (y.order ?? Number.MAX_SAFE_INTEGER)),
    [detail.contacts],
  );
  const docName = (id: string) => detail.documents.find((d) => d.id === id)?.name ?? id;
  const orders = new Set(contacts.map((c) => c.order ?? 0));
  return (
    <div className="card">
      <h2 className="section-title">
        {t("env.contacts")} <span className="count">{contacts.length}</span>
      </h2>
      {contacts.length > 1 && <p className="muted small">{orders.size > 1 ? t("env.serialNote") : t("env.parallelNote")}</p>}
      {contacts.length === 0 ? (
        <Empty>{t("env.noContacts")}</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("env.col.order")}</th>
              <th>{t("env.col.contact")}</th>
              <th>{t("env.col.identity")}</th>
              <th>{t("env.col.signs")}</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((c: EnvelopeContact) => {
              const sigs = detail.signatures.filter((s) => s.signerId === c.id);
              return (
                <tr key={c.id} data-testid="envelope-contact-row">
                  <td className="num">{c.order ?? t("common.none")}</td>
                  <td>
                    <div className="strong">{c.name}</div>
                    <div className="muted small">{c.email}</div>
                    <div className="badges">
                      {c.approver && <Badge>{t("signer.approver")}</Badge>}
                      <Badge>{c.digitalSignature ? t("signer.digital") : t("signer.electronic")}</Badge>
                      {c.enableComments && <Badge>{t("signer.comments")}</Badge>}
                    </div>
                  </td>
                  <td className="nowrap">
                    {c.identityType} {c.identity}
                  </td>
                  <td>
                    {sigs.length === 0 ? (
                      <span className="muted">{t("env.noLinks")}</span>
                    ) : (
                      <ul className="plain">
                        {sigs.map((s) => (
                          <li key={`${s.documentId}-${s.approval}`} data-testid="signature-row">
                            <span>{docName(s.documentId)}</span>{" "}
                            {s.approval && <Badge>{t("signer.approval")}</Badge>}{" "}
                            {s.signedAt ? (
                              <Badge tone="ok">{t("env.signedAt", { when: formatDateText(s.signedAt, locale) })}</Badge>
                            ) : (
                              <Badge tone="warn">{t("env.pendingSignature")}</Badge>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A provider-issued link: opened in the system browser (by Rust) or copied. */
function IssuedLink({ url, testId }: { url: string; testId: string }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const [opening, setOpening] = useState(false);
  const open = async () => {
    setOpening(true);
    try {
      await api.openLink(url);
      toasts.success(t("env.openedInBrowser"));
    } catch (err) {
      toasts.error(toApiError(err));
    } finally {
      setOpening(false);
    }
  };
  return (
    <div className="input-row">
      <code className="selectable url" data-testid={`${testId}-url`}>
        {url}
      </code>
      <button type="button" className="btn btn-sm btn-primary" data-testid={`${testId}-open`} disabled={opening} onClick={open}>
        {t("env.openInBrowser")}
      </button>
      <button
        type="button"
        className="btn btn-sm"
        data-testid={`${testId}-copy`}
        onClick={async () => ((await copyText(url)) ? toasts.success(t("env.copied")) : toasts.info(t("env.copyFailed")))}
      >
        {t("env.copy")}
      </button>
    </div>
  );
}

function MagicLinkBox({ link, onClose }: { link: MagicLink; onClose: () => void }) {
  const { t, locale } = useI18n();
  return (
    <div className="result-box" data-testid="magic-link">
      <div className="card-head">
        <h3>{t("env.magicLink")}</h3>
        <button type="button" className="icon-button" aria-label={t("common.close")} onClick={onClose}>
          ×
        </button>
      </div>
      <p className="muted small">{t("env.magicLinkHelp")}</p>
      <IssuedLink url={link.url} testId="magic-link" />
      <div className="small" data-testid="magic-link-expiry">
        {t("env.expiresAt", { when: formatDateText(link.expiresAt, locale) })}
      </div>
    </div>
  );
}

function ExportResult({ saved, onClose }: { saved: Saved; onClose: () => void }) {
  const { t, locale, lang } = useI18n();
  return (
    <div className="result-box" data-testid="export-result" role="status">
      <div className="card-head">
        <h3>{t("env.exportResult")}</h3>
        <button type="button" className="icon-button" aria-label={t("common.close")} onClick={onClose}>
          ×
        </button>
      </div>
      {saved.kind === "one" ? (
        <dl className="kv">
          <dt>{t("env.file")}</dt>
          <dd className="selectable" data-testid="export-path">
            {saved.path}
          </dd>
          <dt>{t("env.size")}</dt>
          <dd>{formatBytes(saved.bytes, locale)}</dd>
          <dt>SHA-256</dt>
          <dd>
            <code className="selectable" data-testid="export-sha256">
              {saved.sha256}
            </code>
          </dd>
        </dl>
      ) : (
        <>
          <p>
            {t("env.folder")}: <span className="selectable">{saved.folder}</span>
          </p>
          <ul className="plain">
            {saved.documents.map((x) => (
              <li key={x.path}>
                <span className="selectable">{x.path}</span> · {formatBytes(x.bytes, locale)} · <code className="selectable">{x.sha256}</code>
              </li>
            ))}
          </ul>
          {saved.failed.length > 0 && (
            <div className="inline-error" data-testid="export-failed">
              <strong>{t("env.exportFailedSome", { n: saved.failed.length })}</strong>
              <ul>
                {saved.failed.map((f) => (
                  <li key={f.documentId}>
                    {f.name}: {firstReason(f.error, lang)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function OnSiteForm({ connection, detail }: { connection: Connection; detail: EnvelopeDetail }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [identityType, setIdentityType] = useState<string>("CC");
  const [identity, setIdentity] = useState("");
  const [direct, setDirect] = useState(true);
  const [tokenDelivery, setTokenDelivery] = useState("SCREEN");
  const [confirmationUrl, setConfirmationUrl] = useState("");
  const { busy, error, run } = useSubmit();
  const [url, setUrl] = useState<string | null>(null);
  const errs = fieldErrors(error, lang);

  const pickContact = (id: string) => {
    const c = detail.contacts.find((x) => x.id === id);
    if (c) {
      setIdentityType(c.identityType);
      setIdentity(c.identity);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const out = await api.op("signio", connection.id, "envelope.onsite_url", { request: {
        envelopeId: detail.id,
        identityType,
        identity: identity.trim(),
        directSignature: direct,
        tokenDelivery,
        confirmationUrl: confirmationUrl.trim() || undefined,
      } });
      setUrl(out);
    });
  };

  return (
    <div className="card">
      <div className="card-head">
        <h2 className="section-title">{t("onsite.title")}</h2>
        <button type="button" className="btn btn-sm" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="onsite-toggle">
          {open ? t("common.close") : t("onsite.open")}
        </button>
      </div>
      {open && (
        <form className="form" onSubmit={submit} noValidate data-testid="onsite-form">
          <p className="muted small">{t("onsite.help")}</p>
          {detail.contacts.length > 0 && (
            <div className="field">
              <label htmlFor="onsite-contact">{t("onsite.contact")}</label>
              <select id="onsite-contact" data-testid="onsite-contact" defaultValue="" onChange={(e) => pickContact(e.target.value)}>
                <option value="">{t("common.select")}</option>
                {detail.contacts.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} · {c.identityType} {c.identity}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="form-grid">
            <Field name="identity_type" label={t("signer.identityType")} error={errs.identity_type}>
              {(p) => (
                <select {...p} data-testid="onsite-identity-type" value={identityType} onChange={(e) => setIdentityType(e.target.value)}>
                  {REPORTED_IDENTITY_TYPES.map((x) => (
                    <option key={x} value={x}>
                      {x} · {t(`idType.${x}` as Parameters<typeof t>[0])}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="identity" label={t("signer.identity")} error={errs.identity}>
              {(p) => <input {...p} data-testid="onsite-identity" value={identity} onChange={(e) => setIdentity(e.target.value)} />}
            </Field>
            <Field name="token_delivery" label={t("onsite.tokenDelivery")} error={errs.token_delivery}>
              {(p) => (
                <select {...p} data-testid="onsite-token-delivery" value={tokenDelivery} onChange={(e) => setTokenDelivery(e.target.value)}>
                  <option value="SCREEN">{t("onsite.token.SCREEN")}</option>
                  <option value="SHOW_OPTIONS">{t("onsite.token.SHOW_OPTIONS")}</option>
                </select>
              )}
            </Field>
            <Field name="confirmation_url" label={t("onsite.confirmationUrl")} error={errs.confirmation_url}>
              {(p) => <input {...p} type="url" data-testid="onsite-confirmation-url" value={confirmationUrl} onChange={(e) => setConfirmationUrl(e.target.value)} />}
            </Field>
          </div>
          <label className="check">
            <input type="checkbox" checked={direct} onChange={(e) => setDirect(e.target.checked)} data-testid="onsite-direct" />
            {t("onsite.direct")}
          </label>
          {error && !Object.keys(errs).length && <ErrorReasons error={error} />}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="onsite-submit">
              {busy ? t("common.loading") : t("onsite.submit")}
            </button>
          </div>
          {url && (
            <div className="result-box" data-testid="onsite-result">
              <IssuedLink url={url} testId="onsite" />
            </div>
          )}
        </form>
      )}
    </div>
  );
}

interface TveState {
  kind: string;
  templateId: string;
  reference: string;
  expiration: string;
  amount: string;
  paymentWay: string;
  paymentPlace: string;
  /** The drop token of the PDF (sent apart from the TVE, the `document` of `tve.upload`). */
  document: string;
  documentName: string;
  consecutive: string;
}
const EMPTY_TVE: TveState = {
  kind: "BLANK",
  templateId: "",
  reference: "",
  expiration: "",
  amount: "",
  paymentWay: "",
  paymentPlace: "",
  document: "",
  documentName: "",
  consecutive: "",
};

export function buildTve(f: TveState, edit: boolean): TveInput {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const tve: TveInput = { kind: f.kind, templateId: edit ? "" : f.templateId.trim(), reference: opt(f.reference) };
  if (f.kind === "SIMPLE") {
    tve.expiration = opt(f.expiration);
    tve.amount = f.amount.trim() ? Number(f.amount) : undefined;
    tve.paymentWay = opt(f.paymentWay);
    tve.paymentPlace = opt(f.paymentPlace);
  }
  if (!edit && f.templateId.trim() === "0") tve.consecutive = opt(f.consecutive);
  return tve;
}

function TveForms({
  connection,
  detail,
  editState,
  onDone,
}: {
  connection: Connection;
  detail: EnvelopeDetail;
  editState: ActionState | undefined;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [mode, setMode] = useState<"none" | "upload" | "edit">("none");
  const [f, setF] = useState<TveState>(EMPTY_TVE);
  const [documentId, setDocumentId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<TransferUpdate | null>(null);
  const [transferId, setTransferId] = useState<string | null>(null);
  const errs = fieldErrors(error, lang);
  const set = (k: keyof TveState, v: string) => setF((cur) => ({ ...cur, [k]: v }));
  const external = mode === "upload" && f.templateId.trim() === "0";
  const hover = useNativeDrops(external, (files) => {
    const file = files[0];
    if (file) setF((cur) => ({ ...cur, document: file.token, documentName: file.name }));
  });
  useTransferProgress((u) => {
    if (transferId && u.transferId === transferId) setProgress(u);
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const id = newTransferId();
    try {
      if (mode === "upload") {
        setTransferId(id);
        await api.op("signio", connection.id, "tve.upload", { envelopeId: detail.id, tve: buildTve(f, false), transferId: id, document: external ? f.document || undefined : undefined });
      } else {
        await api.op("signio", connection.id, "tve.edit", { envelopeId: detail.id, documentId, tve: buildTve(f, true) });
      }
      toasts.success(t("tve.saved"));
      setMode("none");
      setF(EMPTY_TVE);
      onDone();
    } catch (err) {
      const apiErr = toApiError(err);
      setError(apiErr);
      toasts.error(apiErr);
    } finally {
      setBusy(false);
      setTransferId(null);
      setProgress(null);
    }
  };

  const text = (k: keyof TveState, label: string, type = "text") => (
    <Field name={k.replace(/([A-Z])/g, "_$1").toLowerCase()} label={label} error={errs[k.replace(/([A-Z])/g, "_$1").toLowerCase()]}>
      {(p) => <input {...p} type={type} data-testid={`tve-${k}`} value={f[k]} onChange={(e) => set(k, e.target.value)} />}
    </Field>
  );

  return (
    <div className="card">
      <div className="card-head">
        <h2 className="section-title">{t("tve.title")}</h2>
        <div className="row-actions">
          <ActionButton state={editState} className="btn btn-sm" testId="tve-upload-open" onClick={() => setMode("upload")}>
            {t("tve.upload")}
          </ActionButton>
          <ActionButton state={editState} className="btn btn-sm" testId="tve-edit-open" onClick={() => setMode("edit")}>
            {t("tve.edit")}
          </ActionButton>
        </div>
      </div>
      <p className="muted small">{t("tve.help")}</p>
      {mode !== "none" && (
        <form className="form" onSubmit={submit} noValidate data-testid="tve-form">
          <div className="form-grid">
            {mode === "edit" && (
              <Field name="document_id" label={t("tve.document")} error={errs.document_id}>
                {(p) => (
                  <select {...p} data-testid="tve-documentId" value={documentId} onChange={(e) => setDocumentId(e.target.value)}>
                    <option value="">{t("common.select")}</option>
                    {detail.documents.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <Field name="kind" label={t("tve.kind")} error={errs.kind}>
              {(p) => (
                <select {...p} data-testid="tve-kind" value={f.kind} onChange={(e) => set("kind", e.target.value)}>
                  <option value="BLANK">{t("tve.kind.BLANK")}</option>
                  <option value="SIMPLE">{t("tve.kind.SIMPLE")}</option>
                </select>
              )}
            </Field>
            {mode === "upload" && text("templateId", t("tve.templateId"))}
            {text("reference", t("tve.reference"))}
            {f.kind === "SIMPLE" && (
              <>
                {text("expiration", t("tve.expiration"), "date")}
                {text("amount", t("tve.amount"), "number")}
                {text("paymentWay", t("tve.paymentWay"))}
                {text("paymentPlace", t("tve.paymentPlace"))}
              </>
            )}
            {external && text("consecutive", t("tve.consecutive"))}
          </div>
          {mode === "upload" && <p className="muted small">{t("tve.templateHelp")}</p>}
          {external && (
            <div className={`field${errs.document ? " field-invalid" : ""}`}>
              <span className="label">{t("tve.pdf")}</span>
              <div className={`dropzone${hover ? " hover" : ""}`} data-testid="tve-drop-zone">
                {f.document ? <span className="selectable">{f.documentName}</span> : <span className="muted">{t("tve.dropPdf")}</span>}
              </div>
              {errs.document && (
                <div className="field-error" data-testid="field-error-document">
                  {errs.document}
                </div>
              )}
            </div>
          )}
          {progress && <Progress transferred={progress.transferred} total={progress.total} testId="tve-progress" />}
          {error && !Object.keys(errs).length && <ErrorReasons error={error} />}
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setMode("none")}>
              {t("common.cancel")}
            </button>
            {busy && transferId && (
              <button type="button" className="btn" onClick={() => api.transferCancel(transferId).catch(() => undefined)}>
                {t("upload.cancel")}
              </button>
            )}
            <button type="submit" className="btn btn-primary" disabled={busy || (mode === "edit" && !documentId)} data-testid="tve-submit">
              {busy ? t("common.loading") : t("common.save")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function SandboxPanel({ connection, detail, onDone }: { connection: Connection; detail: EnvelopeDetail; onDone: () => void }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const [signerId, setSignerId] = useState("");
  const [observations, setObservations] = useState("");
  const { busy, error, run } = useSubmit();
  const cid = connection.id;
  const act = async (fn: () => Promise<unknown>, done: string) => {
    await run(async () => {
      await fn();
      toasts.success(done);
      onDone();
    });
  };
  return (
    <div className="card sandbox-panel" data-testid="sandbox-panel">
      <h2 className="section-title">
        <Badge tone="sandbox">{t("badge.sandbox")}</Badge> {t("sandbox.title")}
      </h2>
      <p className="muted small">{t("sandbox.help")}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="sandbox-signer">{t("sandbox.signer")}</label>
          <select id="sandbox-signer" data-testid="sandbox-signer" value={signerId} onChange={(e) => setSignerId(e.target.value)}>
            <option value="">{t("sandbox.allSigners")}</option>
            {detail.contacts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="row-actions left">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          data-testid="sandbox-sign-button"
          onClick={() => act(() => api.op("signio", cid, "sandbox.sign", { envelopeId: detail.id, signerId: signerId || undefined }), t("sandbox.signed"))}
        >
          {signerId ? t("sandbox.signOne") : t("sandbox.signAll")}
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || !signerId}
          title={!signerId ? t("sandbox.pickSigner") : undefined}
          data-testid="sandbox-reject-button"
          onClick={() => act(() => api.op("signio", cid, "sandbox.reject", { envelopeId: detail.id, signerId }), t("sandbox.rejected"))}
        >
          {t("sandbox.reject")}
        </button>
        <button type="button" className="btn" disabled={busy} data-testid="sandbox-suspend-button" onClick={() => act(() => api.op("signio", cid, "sandbox.suspend", { envelopeId: detail.id }), t("sandbox.suspended"))}>
          {t("sandbox.suspend")}
        </button>
      </div>
      <div className="field">
        <label htmlFor="sandbox-observations">{t("sandbox.observations")}</label>
        <textarea id="sandbox-observations" rows={2} data-testid="sandbox-observations" value={observations} onChange={(e) => setObservations(e.target.value)} />
      </div>
      <div className="row-actions left">
        <button
          type="button"
          className="btn"
          disabled={busy || !signerId || !observations.trim()}
          data-testid="sandbox-return-button"
          onClick={() => act(() => api.op("signio", cid, "sandbox.return", { envelopeId: detail.id, signerId, observations: observations.trim() }), t("sandbox.returnedObs"))}
        >
          {t("sandbox.return")}
        </button>
        {!signerId && <span className="muted small">{t("sandbox.pickSigner")}</span>}
      </div>
      {error && <ErrorReasons error={error} />}
    </div>
  );
}
