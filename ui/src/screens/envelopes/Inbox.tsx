import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  api,
  toApiError,
  type ApiError,
  type Connection,
  type Envelope,
  type EnvelopeQuery,
  type EnvelopeSortField,
  type EnvelopeStatus,
} from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import { Empty, ErrorState, Spinner } from "../../components/ui";
import { formatDateText, formatMs } from "../../components/format";
import { useDebounced } from "../../components/hooks";
import { VirtualList } from "../../components/VirtualList";
import { useApp, useProviderLabel } from "../../state/app";
import { SEARCHABLE_STATUSES, STATUSES, StatusBadge, statusKey } from "./shared";
import { cachedRows, inboxConnections, refreshConnection, type InboxRow } from "./sources";

export const SEARCH_DEBOUNCE_MS = 300;
const ROW_HEIGHT = 44;
/** SIGNIO's search returns at most this many envelopes per call (6.16). */
export const SEARCH_CAP = 1000;

type Row = InboxRow;

type SortValue = `${EnvelopeSortField}:${"asc" | "desc"}`;
const DEFAULT_SORT: SortValue = "updatedAt:desc";
const SORTS: SortValue[] = ["updatedAt:desc", "updatedAt:asc", "createdAt:desc", "createdAt:asc", "name:asc", "name:desc", "status:asc", "status:desc"];

function time(s?: string): number {
  const n = s ? Date.parse(s) : NaN;
  return Number.isNaN(n) ? 0 : n;
}

function compare(sort: SortValue): (a: Row, b: Row) => number {
  const [field, dir] = sort.split(":") as [EnvelopeSortField, "asc" | "desc"];
  const sign = dir === "asc" ? 1 : -1;
  return (a, b) => {
    const x = a.envelope;
    const y = b.envelope;
    let c = 0;
    if (field === "name") c = x.name.localeCompare(y.name);
    else if (field === "status") c = x.status.localeCompare(y.status);
    else if (field === "createdAt") c = time(x.createdAt) - time(y.createdAt);
    else c = time(x.updatedAt) - time(y.updatedAt);
    return c * sign;
  };
}

export function EnvelopesInbox({
  connection,
  onOpen,
  onNew,
  initialName,
}: {
  /** The SIGNIO connection searches go to (the header's choice). */
  connection: Connection;
  onOpen: (row: InboxRow) => void;
  onNew: () => void;
  /** Search by this name at once. */
  initialName?: string;
}) {
  const { t, locale } = useI18n();
  const { connections } = useApp();
  const providerLabel = useProviderLabel();
  const sources = useMemo(() => inboxConnections(connections), [connections]);
  const toasts = useToasts();
  const toastError = toasts.error;

  // The whole list: from the local cache at once, then from the provider.
  const [rows, setRows] = useState<Row[] | null>(null);
  const [syncedAt, setSyncedAt] = useState<number | null>(null);
  const [refreshing, setRefreshing] = useState(true);
  const [listError, setListError] = useState<ApiError | null>(null);
  const listGen = useRef(0);

  // Every connection is asked at once; one that fails keeps its last rows
  // (and says so), the others still refresh.
  const refresh = useCallback(async () => {
    const mine = ++listGen.current;
    setRefreshing(true);
    setListError(null);
    const known = await cachedRows().catch(() => [] as InboxRow[]);
    const results = await Promise.allSettled(
      sources.map((c) => refreshConnection(c, known.filter((r) => r.connectionId === c.id))),
    );
    if (mine !== listGen.current) return;
    const next: InboxRow[] = [];
    let failed: ApiError | null = null;
    results.forEach((r, i) => {
      if (r.status === "fulfilled") next.push(...r.value);
      else {
        failed ??= toApiError(r.reason);
        next.push(...known.filter((k) => k.connectionId === sources[i]!.id));
      }
    });
    if (failed) {
      setListError(failed);
      toastError(failed);
    }
    if (!failed || next.length) setRows(next);
    if (results.some((r) => r.status === "fulfilled")) setSyncedAt(Date.now());
    setRefreshing(false);
  }, [sources, toastError]);

  useEffect(() => {
    let alive = true;
    cachedRows().then(
      (cached) => {
        // Never overwrite a fresher list that arrived first.
        if (!alive) return;
        setRows((cur) => cur ?? cached);
        if (cached.length) setSyncedAt((cur) => cur ?? Math.max(...cached.map((c) => c.syncedAtMs)));
      },
      () => {
        /* no cache: the refresh below fills the list */
      },
    );
    refresh();
    return () => {
      alive = false;
    };
  }, [refresh]);

  // Filters. Status alone filters the local list; name, dates or sort ask the provider.
  const [status, setStatus] = useState<"" | EnvelopeStatus>("");
  const [provider, setProvider] = useState("");
  const providers = useMemo(() => [...new Set(sources.map((c) => c.provider))], [sources]);
  const [name, setName] = useState(initialName ?? "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [sort, setSort] = useState<SortValue>(DEFAULT_SORT);
  const debouncedName = useDebounced(name.trim(), SEARCH_DEBOUNCE_MS);
  const serverSearch = Boolean(debouncedName || from || to || sort !== DEFAULT_SORT);

  const query = useMemo<EnvelopeQuery | null>(() => {
    if (!serverSearch) return null;
    const [field, dir] = sort.split(":") as [EnvelopeSortField, "asc" | "desc"];
    const q: EnvelopeQuery = { offset: 0, sort: { field, descending: dir === "desc" } };
    if (debouncedName) q.name = debouncedName;
    if (from) q.from = from;
    if (to) q.to = to;
    if (status && SEARCHABLE_STATUSES.has(status)) q.status = status;
    return q;
  }, [serverSearch, debouncedName, from, to, sort, status]);

  const [found, setFound] = useState<Envelope[] | null>(null);
  const [capped, setCapped] = useState(false);
  const [nextOffset, setNextOffset] = useState(0);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<ApiError | null>(null);
  const searchGen = useRef(0);

  const search = useCallback(
    async (q: EnvelopeQuery, append: boolean) => {
      const mine = ++searchGen.current;
      setSearching(true);
      setSearchError(null);
      try {
        const page = await api.op("signio", connection.id, "envelope.search", { query: q });
        if (mine !== searchGen.current) return;
        setFound((cur) => (append && cur ? [...cur, ...page.envelopes] : page.envelopes));
        setCapped(page.capped);
        setNextOffset(page.offset + page.envelopes.length);
      } catch (e) {
        if (mine !== searchGen.current) return;
        const err = toApiError(e);
        setSearchError(err);
        toastError(err);
      } finally {
        if (mine === searchGen.current) setSearching(false);
      }
    },
    [connection.id, toastError],
  );

  useEffect(() => {
    if (!query) {
      searchGen.current++;
      setFound(null);
      setCapped(false);
      setSearchError(null);
      setSearching(false);
      return;
    }
    search(query, false);
  }, [query, search]);

  // A search asks SIGNIO (the header's connection); other providers'
  // rows are filtered here, by name and update date.
  const visible = useMemo<Row[]>(() => {
    const all = rows ?? [];
    const byStatus = (r: Row) => !status || r.envelope.status === status;
    const byProvider = (r: Row) => !provider || r.provider === provider;
    if (query) {
      const now = Date.now();
      const day = (s?: string) => (s ?? "").slice(0, 10);
      const local = all.filter(
        (r) =>
          r.provider !== "signio" &&
          (!debouncedName || r.envelope.name.toLowerCase().includes(debouncedName.toLowerCase())) &&
          (!from || day(r.envelope.updatedAt) >= from) &&
          (!to || day(r.envelope.updatedAt) <= to),
      );
      const signio = (found ?? []).map((envelope) => ({ envelope, syncedAtMs: now, connectionId: connection.id, provider: "signio" }));
      // Returned/unknown can't be filtered by the provider: filter what came back.
      return [...signio, ...local].filter((r) => byStatus(r) && byProvider(r)).sort(compare(sort));
    }
    return all.filter((r) => byStatus(r) && byProvider(r)).sort(compare(DEFAULT_SORT));
  }, [query, found, rows, status, provider, debouncedName, from, to, sort, connection.id]);

  const loadingFirst = query ? searching && found === null : rows === null && refreshing;
  const error = query ? searchError : rows === null ? listError : null;
  const clear = () => {
    setStatus("");
    setProvider("");
    setName("");
    setFrom("");
    setTo("");
    setSort(DEFAULT_SORT);
  };

  return (
    <section className="screen screen-fill">
      <div className="screen-head">
        <div>
          <h1>{t("env.title")}</h1>
          <span className="muted small" data-testid="envelopes-synced-at">
            {refreshing
              ? t("env.syncing")
              : syncedAt
                ? t("env.syncedAt", { when: formatMs(syncedAt, locale) })
                : t("env.neverSynced")}
            {listError && rows !== null ? ` · ${t("env.refreshFailed")}` : ""}
          </span>
        </div>
        <div className="row-actions">
          <button type="button" className="btn btn-ghost btn-sm" onClick={refresh} disabled={refreshing} data-testid="envelopes-refresh">
            {t("common.refresh")}
          </button>
          <button type="button" className="btn btn-primary" onClick={onNew} data-testid="envelope-new-button">
            + {t("env.new")}
          </button>
        </div>
      </div>

      <div className="filters card">
        <div className="field grow">
          <label htmlFor="envelope-search">{t("env.search")}</label>
          <input
            id="envelope-search"
            type="search"
            data-testid="envelope-search"
            placeholder={t("env.searchPlaceholder")}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="envelope-status-filter">{t("env.status")}</label>
          <select
            id="envelope-status-filter"
            data-testid="envelope-status-filter"
            value={status}
            onChange={(e) => setStatus(e.target.value as "" | EnvelopeStatus)}
          >
            <option value="">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(statusKey(s))}
              </option>
            ))}
          </select>
        </div>
        {providers.length > 1 && (
          <div className="field">
            <label htmlFor="envelope-provider-filter">{t("env.provider")}</label>
            <select id="envelope-provider-filter" data-testid="envelope-provider-filter" value={provider} onChange={(e) => setProvider(e.target.value)}>
              <option value="">{t("common.all")}</option>
              {providers.map((p) => (
                <option key={p} value={p}>
                  {providerLabel(p)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="envelope-from">{t("env.updatedFrom")}</label>
          <input id="envelope-from" type="date" data-testid="envelope-from" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="envelope-to">{t("env.updatedTo")}</label>
          <input id="envelope-to" type="date" data-testid="envelope-to" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="envelope-sort">{t("env.sort")}</label>
          <select id="envelope-sort" data-testid="envelope-sort" value={sort} onChange={(e) => setSort(e.target.value as SortValue)}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`env.sort.${s}` as Parameters<typeof t>[0])}
              </option>
            ))}
          </select>
        </div>
        {(status || provider || name || from || to || sort !== DEFAULT_SORT) && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={clear} data-testid="envelope-filters-clear">
            {t("env.clearFilters")}
          </button>
        )}
      </div>

      <div className="inbox-meta muted small" aria-live="polite">
        <span data-testid="envelope-count">{t("env.count", { n: visible.length.toLocaleString(locale) })}</span>
        {query && <span>{searching ? t("env.searching") : t("env.serverSearch")}</span>}
        {query && capped && (
          <span className="capped" data-testid="envelope-search-capped">
            {t("env.capped", { n: SEARCH_CAP.toLocaleString(locale) })}{" "}
            <button type="button" className="btn btn-sm" disabled={searching} onClick={() => search({ ...query, offset: nextOffset }, true)} data-testid="envelope-search-more">
              {t("env.loadMore")}
            </button>
          </span>
        )}
      </div>

      <div className="envelopes card">
        <div className="erow ehead" aria-hidden="true">
          <span>{t("env.col.name")}</span>
          <span>{t("env.col.provider")}</span>
          <span>{t("env.col.status")}</span>
          <span>{t("env.col.updated")}</span>
          <span className="right">{t("env.col.documents")}</span>
          <span>{t("env.col.synced")}</span>
        </div>
        {error && visible.length === 0 ? (
          <ErrorState error={error} onRetry={() => (query ? search(query, false) : refresh())} />
        ) : loadingFirst ? (
          <Spinner />
        ) : visible.length === 0 ? (
          <Empty testId="envelopes-empty">{query || status ? t("env.noMatches") : t("env.empty")}</Empty>
        ) : (
          <VirtualList
            testId="envelope-list"
            ariaLabel={t("env.title")}
            count={visible.length}
            rowHeight={ROW_HEIGHT}
            rowKey={(i) => `${visible[i]!.connectionId}/${visible[i]!.envelope.id}`}
            renderRow={(i) => {
              const row = visible[i]!;
              const e = row.envelope;
              return (
                <button type="button" className="erow" onClick={() => onOpen(row)} data-testid="envelope-row" data-id={e.id} data-provider={row.provider}>
                  <span className="ellipsis strong" title={e.name}>
                    {e.name}
                  </span>
                  <span className="muted small ellipsis">{providerLabel(row.provider)}</span>
                  <span>
                    <StatusBadge status={e.status} providerStatus={e.providerStatus} />
                  </span>
                  <span className="muted nowrap small">{e.updatedAt ? formatDateText(e.updatedAt, locale) : t("common.none")}</span>
                  <span className="num right">{e.documentsCount ?? t("common.none")}</span>
                  <span className="muted small nowrap">{formatMs(row.syncedAtMs, locale)}</span>
                </button>
              );
            }}
          />
        )}
      </div>
    </section>
  );
}
