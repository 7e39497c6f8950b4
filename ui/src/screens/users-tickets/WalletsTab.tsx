import { useCallback, useState } from "react";
import { api, type Dashboard } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useAsync, type AsyncState } from "../../state/useAsync";
import { Empty, ErrorState, Pager, Spinner } from "../../components/ui";
import { formatAmount, formatDateText } from "../../components/format";

export function WalletsTab({
  connectionId,
  userId,
  dashboard,
}: {
  connectionId: string;
  userId: number;
  dashboard: AsyncState<Dashboard>;
}) {
  const { t, locale } = useI18n();
  const wallets = dashboard.data?.wallets ?? [];
  const [picked, setPicked] = useState<number | null>(null);
  const walletId = picked ?? wallets[0]?.walletId ?? null;
  const [page, setPage] = useState(1);

  const load = useCallback(
    () => api.op("backoffice", connectionId, "wallet.transactions", { query: { walletId: walletId!, userId, page } }),
    [connectionId, userId, walletId, page],
  );
  const q = useAsync(walletId === null ? null : load);

  if (dashboard.loading && !dashboard.data) return <Spinner />;
  if (dashboard.error && !dashboard.data) return <ErrorState error={dashboard.error} onRetry={dashboard.reload} />;
  if (wallets.length === 0) return <Empty>{t("wallets.none")}</Empty>;

  const current = q.data;
  return (
    <div>
      <div className="toolbar">
        <label className="inline-label" htmlFor="wallet-select">
          {t("wallets.pick")}
        </label>
        <select
          id="wallet-select"
          data-testid="wallet-select"
          value={walletId ?? ""}
          onChange={(e) => {
            setPicked(Number(e.target.value));
            setPage(1);
          }}
        >
          {wallets.map((w) => (
            <option key={w.walletId} value={w.walletId}>
              {w.name} · {formatAmount(w.amount, locale)}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <Pager
          page={current?.currentPage ?? page}
          total={current?.totalPages ?? 1}
          onPage={setPage}
          disabled={q.loading}
          testIdPrefix="wallet"
        />
      </div>
      {q.loading && !current ? (
        <Spinner />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={q.reload} />
      ) : !current?.transactions.length ? (
        <Empty>{t("wallets.empty")}</Empty>
      ) : (
        <table className={`table${q.loading ? " is-loading" : ""}`} aria-busy={q.loading}>
          <thead>
            <tr>
              <th>#</th>
              <th>{t("wallets.date")}</th>
              <th>{t("wallets.description")}</th>
              <th className="right">{t("wallets.amount")}</th>
              <th className="right">{t("wallets.balance")}</th>
            </tr>
          </thead>
          <tbody>
            {current.transactions.map((tx) => (
              <tr key={tx.id} data-testid="wallet-row">
                <td className="num muted">{tx.id}</td>
                <td className="nowrap muted">{formatDateText(tx.date, locale)}</td>
                <td>{tx.description}</td>
                <td className={`num right ${tx.amount.trim().startsWith("-") ? "neg" : "pos"}`}>{formatAmount(tx.amount, locale)}</td>
                <td className="num right">{formatAmount(tx.balance, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
