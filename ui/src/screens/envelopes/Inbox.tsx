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
import { SEARCHABLE_STATUSES, STATUSES, StatusBadge, statusKey } from "./shared";

export const SEARCH_DEBOUNCE_MS = 300;
const ROW_HEIGHT = 44;
/** SIGNIO's search returns at most this many envelopes per call (6.16). */
export const SEARCH_CAP = 1000;

interface Row {
  envelope: Envelope;
  /** When the provider last reported it (Unix ms). */
  syncedAtMs: number;
}

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
  connection: Connection;
  onOpen: (id: string) => void;
  onNew: () => void;
  /** Search by this name at once. */
  initialName?: string;
}) {
  const { t, locale } = useI18n();
  const toasts = useToasts();
  const toastError = toasts.error;

  // The whole list: from the local cache at once, then from the provider.
  const [rows, setRows] = useState<Row[] | null>(null);
  const [syncedAt, setSyncedAt] = useState<number | null>(null);
  const [refreshing, setRefreshing] = useState(true);
  const [listError, setListError] = useState<ApiError | null>(null);
  const listGen = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++listGen.current;
    setRefreshing(true);
    setListError(null);
    try {
      const fresh = await api.op("signio", connection.id, "envelope.list", {});
      if (mine !== listGen.current) return;
      const now = Date.now();
      setRows(fresh.map((envelope) => ({ envelope, syncedAtMs: now })));
      setSyncedAt(now);
    } catch (e) {
      if (mine !== listGen.current) return;
      const err = toApiError(e);
      setListError(err);
      toastError(err);
    } finally {
      if (mine === listGen.current) setRefreshing(false);
    }
  }, [connection.id, toastError]);

  useEffect(() => {
    let alive = true;
    api.sgEnvelopesCached(connection.id).then(
      (cached) => {
        // Never overwrite a fresher list that arrived first.
        if (!alive) return;
        setRows((cur) => cur ?? cached.map((c) => ({ envelope: c.envelope, syncedAtMs: c.syncedAtMs })));
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
  }, [connection.id, refresh]);

  // Filters. Status alone filters the local list; name, dates or sort ask the provider.
  const [status, setStatus] = useState<"" | EnvelopeStatus>("");
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

  const visible = useMemo<Row[]>(() => {
    if (query) {
      const now = Date.now();
      const list = (found ?? []).map((envelope) => ({ envelope, syncedAtMs: now }));
      // Returned/unknown can't be filtered by the provider: filter what came back.
      return status && !SEARCHABLE_STATUSES.has(status) ? list.filter((r) => r.envelope.status === status) : list;
    }
    const all = rows ?? [];
    const filtered = status ? all.filter((r) => r.envelope.status === status) : all;
    return [...filtered].sort(compare(DEFAULT_SORT));
  }, [query, found, rows, status]);


  const loadingFirst = query ? searching && found === null : rows === null && refreshing;
  const error = query ? searchError : rows === null ? listError : null;
  const clear = () => {
    setStatus("");
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
        {(status || name || from || to || sort !== DEFAULT_SORT) && (
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
            rowKey={(i) => visible[i]!.envelope.id}
            renderRow={(i) => {
              const row = visible[i]!;
              const e = row.envelope;
              return (
                <button type="button" className="erow" onClick={() => onOpen(e.id)} data-testid="envelope-row" data-id={e.id}>
                  <span className="ellipsis strong" title={e.name}>
                    {e.name}
                  </span>
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
