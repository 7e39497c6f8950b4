import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, toApiError, type ApiError, type HistoryQuery, type OperationRecord, type Outcome } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { localizeSummary } from "../../i18n/codes";
import { useApp } from "../../state/app";
import { useToasts } from "../../state/toasts";
import { Badge, Empty, ErrorState, Spinner } from "../../components/ui";
import { formatDuration, formatMs } from "../../components/format";
import { useDebounced } from "../../components/hooks";
import { VirtualList } from "../../components/VirtualList";

export const HISTORY_PAGE = 200;
export const SEARCH_DEBOUNCE_MS = 300;
const ROW_HEIGHT = 40;

/** Local calendar day "YYYY-MM-DD" → Unix ms of its local midnight. */
function dayStartMs(day: string): number | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d).getTime();
}


/** `unknown`: a write that may have reached the provider (pending when the app stopped, or no reply). */
const OUTCOME_TONE: Record<Outcome, "ok" | "error" | "warn"> = { ok: "ok", error: "error", unknown: "warn" };

export function HistoryScreen() {
  const { t, locale } = useI18n();
  const { connections } = useApp();
  const toasts = useToasts();
  const [text, setText] = useState("");
  const [provider, setProvider] = useState("");
  const [outcome, setOutcome] = useState<"" | Outcome>("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const debouncedText = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);

  const filters = useMemo<HistoryQuery>(() => {
    const q: HistoryQuery = {};
    if (debouncedText) q.text = debouncedText;
    if (provider) q.provider = provider;
    if (outcome) q.outcome = outcome;
    const f = dayStartMs(from);
    if (f !== undefined) q.fromMs = f;
    const toStart = dayStartMs(to);
    if (toStart !== undefined) {
      const end = new Date(toStart);
      end.setDate(end.getDate() + 1); // "to" is inclusive of the whole day
      q.toMs = end.getTime();
    }
    return q;
  }, [debouncedText, provider, outcome, from, to]);

  const [items, setItems] = useState<OperationRecord[]>([]);
  const [next, setNext] = useState<number | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [exporting, setExporting] = useState(false);
  const gen = useRef(0);
  const inFlight = useRef(false);
  const toastError = toasts.error;

  const fetchPage = useCallback(
    async (beforeId: number | undefined, reset: boolean) => {
      const mine = reset ? ++gen.current : gen.current;
      inFlight.current = true;
      setLoading(true);
      setError(null);
      try {
        const page = await api.historySearch({ ...filters, beforeId, limit: HISTORY_PAGE });
        if (mine !== gen.current) return;
        setItems((cur) => (reset ? page.items : [...cur, ...page.items]));
        setNext(page.nextBeforeId ?? undefined);
      } catch (e) {
        if (mine !== gen.current) return;
        const err = toApiError(e);
        setError(err);
        toastError(err);
      } finally {
        if (mine === gen.current) {
          inFlight.current = false;
          setLoading(false);
        }
      }
    },
    [filters, toastError],
  );

  useEffect(() => {
    setItems([]);
    setNext(undefined);
    fetchPage(undefined, true);
  }, [fetchPage]);

  const hasMore = next !== undefined;
  // Load the next page when the end of what we have scrolls into view.
  const loadMore = useCallback(() => {
    if (hasMore && !inFlight.current && !error && items.length > 0) fetchPage(next, false);
  }, [hasMore, error, items.length, next, fetchPage]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const out = await api.historyExportCsv(filters);
      if (out.status === "saved") toasts.success(t("history.exported", { rows: out.rows.toLocaleString(locale), path: out.path }));
    } catch (e) {
      toasts.error(toApiError(e));
    } finally {
      setExporting(false);
    }
  };

  const providers = useMemo(() => {
    const set = new Set<string>(["backoffice"]);
    for (const c of connections) set.add(c.provider);
    return [...set].sort();
  }, [connections]);

  return (
    <section className="screen screen-fill">
      <div className="screen-head">
        <h1>{t("history.title")}</h1>
        <button type="button" className="btn" onClick={exportCsv} disabled={exporting} data-testid="history-export">
          {exporting ? t("common.loading") : t("history.export")}
        </button>
      </div>
      <div className="filters card">
        <div className="field grow">
          <label htmlFor="history-search">{t("history.search")}</label>
          <input
            id="history-search"
            type="search"
            data-testid="history-search"
            placeholder={t("history.searchPlaceholder")}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="history-provider">{t("history.provider")}</label>
          <select id="history-provider" data-testid="history-filter-provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
            <option value="">{t("common.all")}</option>
            {providers.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="history-outcome">{t("history.outcome")}</label>
          <select
            id="history-outcome"
            data-testid="history-filter-outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as "" | Outcome)}
          >
            <option value="">{t("common.all")}</option>
            <option value="ok">{t("outcome.ok")}</option>
            <option value="error">{t("outcome.error")}</option>
            <option value="unknown">{t("outcome.unknown")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="history-from">{t("history.from")}</label>
          <input id="history-from" type="date" data-testid="history-filter-from" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="history-to">{t("history.to")}</label>
          <input id="history-to" type="date" data-testid="history-filter-to" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>

      <div className="history card">
        <div className="hrow hhead" role="row">
          <span>{t("history.col.time")}</span>
          <span>{t("history.col.connection")}</span>
          <span>{t("history.col.operation")}</span>
          <span>{t("history.col.target")}</span>
          <span>{t("history.col.outcome")}</span>
          <span>{t("history.col.error")}</span>
          <span className="right">{t("history.col.duration")}</span>
          <span>{t("history.col.summary")}</span>
        </div>
        {error && items.length === 0 ? (
          <ErrorState error={error} onRetry={() => fetchPage(undefined, true)} />
        ) : loading && items.length === 0 ? (
          <Spinner />
        ) : items.length === 0 ? (
          <Empty testId="history-empty">{t("history.empty")}</Empty>
        ) : (
          <VirtualList
            testId="history-list"
            role="table"
            ariaRowCount={items.length}
            // One more row while there is more to load: "loading more…".
            count={items.length + (hasMore || loading ? 1 : 0)}
            rowHeight={ROW_HEIGHT}
            rowKey={(i) => items[i]?.id ?? "more"}
            onEndReached={loadMore}
            renderRow={(i) => {
              const rec = items[i];
              return rec ? (
                <HistoryRow rec={rec} locale={locale} />
              ) : (
                <div className="hrow hmore muted">{error ? error.message : t("history.loadingMore")}</div>
              );
            }}
          />
        )}
      </div>
    </section>
  );
}

function HistoryRow({ rec, locale }: { rec: OperationRecord; locale: string }) {
  const { t, lang } = useI18n();
  const summary = localizeSummary(rec, lang);
  return (
    <div className="hrow" role="row" data-testid="history-row">
      <span className="nowrap num muted">{formatMs(rec.atMs, locale)}</span>
      <span className="ellipsis" title={rec.connectionName}>
        {rec.connectionName}
      </span>
      <span className="ellipsis mono" title={`${rec.provider} · ${rec.operation}`}>
        {rec.operation}
      </span>
      <span className="ellipsis" title={rec.target}>
        {rec.target}
      </span>
      <span>
        <Badge tone={OUTCOME_TONE[rec.outcome]} testId="history-outcome">
          {t(`outcome.${rec.outcome}`)}
        </Badge>
      </span>
      <span className="ellipsis mono small">{rec.errorCode ?? ""}</span>
      <span className="num right muted">{formatDuration(rec.durationMs, locale)}</span>
      <span className="ellipsis" title={summary} data-testid="history-summary">
        {summary}
      </span>
    </div>
  );
}
