// A Mifiel document (DYNAMICORE 1.3 #19) as the Envelopes inbox opens it:
// its normalized status, signers (signed or pending, widget id), expiry, and
// the export of the signed file (and XML where given) to disk.
import { useCallback, useState } from "react";
import { api, toApiError, type ApiError, type Connection } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { Badge, Empty, ErrorState, Spinner } from "../../components/ui";
import { formatBytes, formatDateText } from "../../components/format";
import { ErrorReasons, StatusBadge, newTransferId } from "./shared";

type Exported = { name: string; path: string; bytes: number; sha256: string };

export function MifielDetailView({ connection, reference, onBack }: { connection: Connection; reference: string; onBack: () => void }) {
  const { t, locale } = useI18n();
  const toasts = useToasts();
  const cid = connection.id;
  const doc = useAsync(useCallback(() => api.op("dynamicore", cid, "mifiel.get", { reference }), [cid, reference]));
  const [busy, setBusy] = useState<"export" | "sign" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<Exported[] | null>(null);

  const back = (
    <button type="button" className="btn btn-ghost btn-sm back" onClick={onBack} data-testid="envelope-back">
      ‹ {t("env.backToInbox")}
    </button>
  );
  if (doc.loading && !doc.data) return <Spinner />;
  if (doc.error && !doc.data) {
    return (
      <section className="screen">
        {back}
        <ErrorState error={doc.error} onRetry={doc.reload} />
      </section>
    );
  }
  const d = doc.data!;

  const exportFiles = async () => {
    setBusy("export");
    setError(null);
    try {
      const out = await api.op("dynamicore", cid, "mifiel.export", { reference, transferId: newTransferId() });
      if (out.status === "saved") {
        setSaved(out.files);
        toasts.success(t("mifiel.exported", { n: out.files.length }));
      }
    } catch (e) {
      const err = toApiError(e);
      setError(err);
      toasts.error(err);
    } finally {
      setBusy(null);
    }
  };

  const sandboxSign = async () => {
    setBusy("sign");
    setError(null);
    try {
      await api.op("dynamicore", cid, "sandbox.sign", { reference });
      toasts.success(t("sandbox.signed"));
      doc.reload();
    } catch (e) {
      const err = toApiError(e);
      setError(err);
      toasts.error(err);
    } finally {
      setBusy(null);
    }
  };

  const signed = d.signers.filter((s) => s.signed).length;
  return (
    <section className="screen" data-testid="mifiel-detail">
      {back}
      <div className="card">
        <div className="env-head">
          <div>
            <h1 className="selectable">{d.name || reference}</h1>
            <div className="muted small">
              Mifiel · {connection.name} · <span className="selectable">{reference}</span>
            </div>
          </div>
          <StatusBadge status={d.status} providerStatus={d.state ?? undefined} testId="mifiel-status" />
        </div>
        <dl className="kv">
          {d.externalId && (
            <>
              <dt>{t("mifiel.externalId")}</dt>
              <dd className="selectable">{d.externalId}</dd>
            </>
          )}
          <dt>{t("mifiel.expiresAt")}</dt>
          <dd>{d.expiresAt ? formatDateText(d.expiresAt, locale) : t("common.none")}</dd>
          {d.signedAt && (
            <>
              <dt>{t("mifiel.signedAt")}</dt>
              <dd>{formatDateText(d.signedAt, locale)}</dd>
            </>
          )}
        </dl>
      </div>

      <div className="card">
        <h2 className="section-title">
          {t("mifiel.signers")} <span className="count">{t("mifiel.signedOf", { n: signed, total: d.signers.length })}</span>
        </h2>
        {d.signers.length === 0 ? (
          <Empty>{t("env.noContacts")}</Empty>
        ) : (
          <table className="table" data-testid="mifiel-signers">
            <thead>
              <tr>
                <th>{t("env.col.contact")}</th>
                <th>RFC</th>
                <th>{t("env.col.status")}</th>
                <th>{t("mifiel.widget")}</th>
              </tr>
            </thead>
            <tbody>
              {d.signers.map((s) => (
                <tr key={`${s.email}/${s.name}`} data-testid="mifiel-signer">
                  <td>
                    <div className="strong">{s.name}</div>
                    <div className="muted small">{s.email}</div>
                  </td>
                  <td className="mono">{s.taxId ?? t("common.none")}</td>
                  <td>
                    <Badge tone={s.signed ? "ok" : "warn"}>{s.signed ? t("mifiel.signed") : t("mifiel.pending")}</Badge>
                  </td>
                  <td className="mono small selectable">{s.widgetId ?? t("common.none")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="card">
        <h2 className="section-title">{t("mifiel.files")}</h2>
        <p className="muted small">{d.fileSigned ? (d.fileXml ? t("mifiel.filesBoth") : t("mifiel.filesSigned")) : t("mifiel.notSignedYet")}</p>
        <div className="row-actions left">
          <button type="button" className="btn btn-primary" disabled={!d.fileSigned || busy !== null} onClick={exportFiles} data-testid="mifiel-export">
            {busy === "export" ? t("mifiel.exporting") : t("mifiel.export")}
          </button>
        </div>
        {saved && (
          <ul className="plain" data-testid="export-result">
            {saved.map((f) => (
              <li key={f.path}>
                <span className="selectable" data-testid="export-path">{f.path}</span> · {formatBytes(f.bytes, locale)} ·{" "}
                <code className="selectable" data-testid="export-sha256">{f.sha256}</code>
              </li>
            ))}
          </ul>
        )}
      </div>

      {connection.sandbox && d.status === "sent" && (
        <div className="card sandbox-panel" data-testid="sandbox-panel">
          <h2 className="section-title">
            <Badge tone="sandbox">{t("badge.sandbox")}</Badge> {t("sandbox.title")}
          </h2>
          <button type="button" className="btn" disabled={busy !== null} onClick={sandboxSign} data-testid="sandbox-sign-button">
            {t("sandbox.signAll")}
          </button>
        </div>
      )}
      {error && <ErrorReasons error={error} />}
    </section>
  );
}
