import type { Dashboard } from "../../api";
import { useI18n } from "../../i18n/I18n";
import type { AsyncState } from "../../state/useAsync";
import { Avatar, Empty, ErrorState, Spinner } from "../../components/ui";
import { formatAmount } from "../../components/format";

export function ProfileTab({ dashboard }: { dashboard: AsyncState<Dashboard> }) {
  const { t, locale } = useI18n();
  if (dashboard.loading && !dashboard.data) return <Spinner />;
  if (dashboard.error && !dashboard.data) return <ErrorState error={dashboard.error} onRetry={dashboard.reload} />;
  const d = dashboard.data;
  if (!d) return null;
  const maxCountry = Math.max(1, ...d.popularCountries.map((c) => c.number));
  return (
    <div className="dash">
      <section>
        <h2 className="section-title">{t("dash.wallets")}</h2>
        {d.wallets.length === 0 ? (
          <Empty>{t("dash.noWallets")}</Empty>
        ) : (
          <div className="stat-grid">
            {d.wallets.map((w) => (
              <div className="stat card" key={w.walletId} data-testid="wallet-card">
                <div className="stat-label">{w.name}</div>
                <div className="stat-value num">{formatAmount(w.amount, locale)}</div>
              </div>
            ))}
          </div>
        )}
      </section>
      <div className="dash-row">
        <section className="card">
          <h2 className="section-title">{t("dash.growth")}</h2>
          {d.growthUsers.length === 0 ? (
            <Empty>{t("dash.noGrowth")}</Empty>
          ) : (
            <GrowthChart dates={d.growthDates} values={d.growthUsers} />
          )}
        </section>
        <section className="card">
          <h2 className="section-title">{t("dash.matrix")}</h2>
          <dl className="kv">
            <dt>{t("dash.dimensions")}</dt>
            <dd data-testid="matrix-dimensions">{d.matrixDimensions || t("common.none")}</dd>
            <dt>{t("dash.permanentMissing")}</dt>
            <dd>{d.permanentMissing || t("common.none")}</dd>
            <dt>{t("dash.temporalMissing")}</dt>
            <dd>{d.temporalMissing || t("common.none")}</dd>
          </dl>
        </section>
      </div>
      <section className="card">
        <h2 className="section-title">{t("dash.countries")}</h2>
        {d.popularCountries.length === 0 ? (
          <Empty>{t("dash.noCountries")}</Empty>
        ) : (
          <ul className="bars">
            {d.popularCountries.map((c) => (
              <li key={c.country}>
                {/* Flags are remote images: initials instead (CSP allows no remote resources). */}
                <Avatar name={c.country} size="sm" />
                <span className="bar-label">{c.country}</span>
                <svg className="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                  <rect x="0" y="0" width="100" height="8" rx="2" className="bar-bg" />
                  <rect x="0" y="0" width={(c.number / maxCountry) * 100} height="8" rx="2" className="bar-fg" />
                </svg>
                <span className="num">{t("dash.users", { n: c.number.toLocaleString(locale) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** A small line/area chart drawn by hand: no chart library. */
export function GrowthChart({ dates, values }: { dates: string[]; values: number[] }) {
  const { t } = useI18n();
  const W = 480;
  const H = 160;
  const pad = { l: 36, r: 8, t: 10, b: 24 };
  const max = Math.max(1, ...values);
  const n = values.length;
  const x = (i: number) => pad.l + (n <= 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (n - 1));
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const line = values.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const area = `${line} L${x(n - 1).toFixed(1)},${y(0)} L${x(0).toFixed(1)},${y(0)} Z`;
  const ticks = [0, Math.round(max / 2), max];
  const labelEvery = Math.max(1, Math.ceil(n / 6));
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t("dash.growth")} data-testid="growth-chart">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} className="chart-grid" />
          <text x={pad.l - 6} y={y(v) + 4} className="chart-axis" textAnchor="end">
            {v}
          </text>
        </g>
      ))}
      <path d={area} className="chart-area" />
      <path d={line} className="chart-line" />
      {values.map((v, i) => (
        <circle key={i} cx={x(i)} cy={y(v)} r={2.5} className="chart-dot">
          <title>{`${dates[i] ?? ""}: ${v}`}</title>
        </circle>
      ))}
      {dates.map((d, i) =>
        i % labelEvery === 0 ? (
          <text key={i} x={x(i)} y={H - 6} className="chart-axis" textAnchor="middle">
            {d}
          </text>
        ) : null,
      )}
    </svg>
  );
}
