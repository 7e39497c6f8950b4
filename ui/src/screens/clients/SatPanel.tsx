import { useCallback, useMemo, useState, type FormEvent } from "react";
import { fieldErrors } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Badge, Empty, ErrorState, Field, OutcomeUnknown, Pager, Spinner } from "../../components/ui";
import { formatAmount } from "../../components/format";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { dc, type Listing } from "./api";
import { Fact } from "./ClientPage";
import { otherFields, satRow, scoreRow, text, type ClientRow } from "./rows";
import { SatCredentialsDialog } from "./SatCredentials";

export const SAT_PAGE = 25;

/** The client's SAT side: keys (#15), tax status (#9), sync a range (#16), the synced data (#17); and the credit score (#10). */
export function SatPanel({ connectionId, client }: { connectionId: string; client: ClientRow }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const [dialog, setDialog] = useState<"keys" | "info" | null>(null);
  const [info, setInfo] = useState<Listing | null>(null);
  const [synced, setSynced] = useState(0);

  return (
    <div className="dc-sat">
      <div className="dc-columns">
        <div className="card" data-testid="sat-keys-panel">
          <h2 className="section-title">{t("dc.sat.title")}</h2>
          <p className="muted small">{t("dc.sat.help")}</p>
          <div className="toolbar">
            <button type="button" className="btn btn-primary btn-sm" onClick={() => setDialog("keys")} data-testid="sat-keys-button">
              {t("dc.sat.loadKeys")}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setDialog("info")} data-testid="sat-info-button">
              {t("dc.sat.info")}
            </button>
          </div>
          {info && <SatInfo listing={info} />}
          <SyncForm connectionId={connectionId} clientId={client.id} onSynced={() => setSynced((n) => n + 1)} />
        </div>
        <ScoreCard connectionId={connectionId} clientId={client.id} />
      </div>
      <SatData key={synced} connectionId={connectionId} clientId={client.id} />
      {dialog === "keys" && (
        <SatCredentialsDialog
          title={t("dc.sat.loadKeys")}
          submitLabel={t("dc.sat.loadKeysSubmit")}
          onClose={() => setDialog(null)}
          onSubmit={async (credentials) => {
            await dc.satKeys(connectionId, { client: client.id, ...credentials });
            toasts.success(t("dc.sat.keysLoaded"));
          }}
        />
      )}
      {dialog === "info" && (
        <SatCredentialsDialog
          title={t("dc.sat.info")}
          submitLabel={t("dc.sat.infoSubmit")}
          rfc={client.rfc}
          onClose={() => setDialog(null)}
          onSubmit={async (credentials, rfc) => {
            setInfo(await dc.clientSat(connectionId, { clientId: client.id, rfc, ...credentials }));
          }}
        />
      )}
    </div>
  );
}

/** #9's reply: the known facts, then whatever else the SAT said. */
function SatInfo({ listing }: { listing: Listing }) {
  const { t } = useI18n();
  const row = listing.data[0] ?? {};
  const o = row as Record<string, unknown>;
  const known = ["client_id", "rfc", "regimen", "situacion", "invoices"];
  return (
    <dl className="facts result-box" data-testid="sat-info">
      <Fact label={t("dc.pii.rfc")} value={text(o.rfc) || t("common.none")} />
      <Fact label={t("dc.sat.regimen")} value={text(o.regimen) || t("common.none")} />
      <Fact label={t("dc.sat.situacion")} value={text(o.situacion) || t("common.none")} />
      <Fact label={t("dc.sat.invoices")} value={text(o.invoices) || t("common.none")} />
      {otherFields(row, known).map(([k, v]) => (
        <Fact key={k} label={k} value={v} />
      ))}
    </dl>
  );
}

function SyncForm({ connectionId, clientId, onSynced }: { connectionId: string; clientId: string; onSynced: () => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [job, setJob] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error, lang);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    await run(async () => {
      const out = await dc.satSync(connectionId, { client: clientId, start: start.trim(), end: end.trim() });
      const status = text((out.data[0] as { status?: unknown } | undefined)?.status);
      setJob(status);
      toasts.success(t("dc.sat.syncQueued"));
      onSynced();
    });
  };
  return (
    <form className="form dc-sync" onSubmit={submit} noValidate data-testid="sat-sync-form">
      <h3 className="section-title dc-sub">{t("dc.sat.sync")}</h3>
      <div className="form-grid">
        <Field name="start" label={t("dc.sat.start")} error={errors.start}>
          {(p) => <input {...p} type="date" value={start} onChange={(e) => setStart(e.target.value)} data-testid="sat-sync-start" />}
        </Field>
        <Field name="end" label={t("dc.sat.end")} error={errors.end}>
          {(p) => <input {...p} type="date" value={end} onChange={(e) => setEnd(e.target.value)} data-testid="sat-sync-end" />}
        </Field>
      </div>
      <OutcomeUnknown error={error} />
      <div className="form-actions">
        {job !== null && (
          <span className="muted small" data-testid="sat-sync-status">
            {t("dc.sat.syncStatus", { status: job || t("common.none") })}
          </span>
        )}
        <button type="submit" className="btn btn-sm" disabled={busy} data-testid="sat-sync-submit">
          {busy ? t("common.loading") : t("dc.sat.syncSubmit")}
        </button>
      </div>
    </form>
  );
}

/** #10: a bureau query, so only when asked. */
function ScoreCard({ connectionId, clientId }: { connectionId: string; clientId: string }) {
  const { t } = useI18n();
  const [score, setScore] = useState<{ score: string; band: string } | null>(null);
  const { busy, error, run } = useSubmit();
  return (
    <div className="card" data-testid="score-panel">
      <h2 className="section-title">{t("dc.score.title")}</h2>
      {score ? (
        <div className="dc-score">
          <span className="dc-score-value" data-testid="score-value">
            {score.score || t("common.none")}
          </span>
          {score.band && (
            <Badge tone={score.band === "A" ? "ok" : score.band === "B" ? "warn" : "error"} testId="score-band">
              {t("dc.score.band", { band: score.band })}
            </Badge>
          )}
        </div>
      ) : (
        <p className="muted small">{t("dc.score.help")}</p>
      )}
      {error && <ErrorState error={error} />}
      <button type="button" className="btn btn-sm" disabled={busy} onClick={() => run(async () => setScore(scoreRow((await dc.clientScore(connectionId, clientId)).data[0])))} data-testid="score-button">
        {busy ? t("common.loading") : score ? t("dc.score.again") : t("dc.score.ask")}
      </button>
    </div>
  );
}

/** #17: synced SAT data, a page at a time, optionally within dates. */
function SatData({ connectionId, clientId }: { connectionId: string; clientId: string }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [range, setRange] = useState<{ start?: string; end?: string }>({});
  const load = useCallback(() => dc.satData(connectionId, { client: clientId, ...range, limit: SAT_PAGE, page }), [connectionId, clientId, range, page]);
  const q = useAsync(load);
  const rows = useMemo(() => (q.data?.data ?? []).map(satRow), [q.data]);
  const pages = Math.max(1, Math.ceil((q.data?.total ?? 0) / SAT_PAGE));
  const errors = fieldErrors(q.error, lang);
  const filter = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setRange({ start: start || undefined, end: end || undefined });
  };
  return (
    <div className="card" data-testid="sat-data">
      <div className="card-head">
        <h2 className="section-title">{t("dc.sat.data")}</h2>
        {q.data && (
          <span className="muted small" data-testid="sat-data-total">
            {t("dc.sat.dataTotal", { n: q.data.total })}
          </span>
        )}
      </div>
      <form className="toolbar" onSubmit={filter}>
        <Field name="data_start" label={t("dc.sat.start")} error={errors.start}>
          {(p) => <input {...p} type="date" value={start} onChange={(e) => setStart(e.target.value)} data-testid="sat-data-start" />}
        </Field>
        <Field name="data_end" label={t("dc.sat.end")} error={errors.end}>
          {(p) => <input {...p} type="date" value={end} onChange={(e) => setEnd(e.target.value)} data-testid="sat-data-end" />}
        </Field>
        <button type="submit" className="btn btn-sm dc-align-end" data-testid="sat-data-filter">
          {t("dc.sat.filter")}
        </button>
      </form>
      {q.loading && !q.data ? (
        <Spinner />
      ) : q.error && !q.data ? (
        <ErrorState error={q.error} onRetry={q.reload} />
      ) : !rows.length ? (
        <Empty testId="sat-data-empty">{t("dc.sat.dataEmpty")}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>{t("dc.col.date")}</th>
                <th>{t("dc.sat.kind")}</th>
                <th>{t("dc.sat.issuer")}</th>
                <th>{t("dc.sat.receiver")}</th>
                <th className="right">{t("dc.col.amount")}</th>
                <th>UUID</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.uuid || i} data-testid="sat-row">
                  <td className="num nowrap">{r.date}</td>
                  <td>{r.kind === "ingreso" ? t("dc.sat.income") : r.kind === "egreso" ? t("dc.sat.expense") : r.kind}</td>
                  <td>
                    <code>{r.issuer}</code>
                  </td>
                  <td>
                    <code>{r.receiver}</code>
                  </td>
                  <td className="right num">
                    {r.total ? `$${formatAmount(r.total, "es-MX")} ${r.currency}`.trim() : t("common.none")}
                  </td>
                  <td className="small muted">
                    <code>{r.uuid}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.data && q.data.total > SAT_PAGE && <Pager page={page} total={pages} onPage={setPage} disabled={q.loading} testIdPrefix="sat-data" />}
    </div>
  );
}
