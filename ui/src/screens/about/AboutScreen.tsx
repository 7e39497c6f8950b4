import { useEffect, useMemo, useState } from "react";
import { toApiError, type ApiError } from "../../api";
import { aboutInfo, aboutOpenDataFolder, aboutSupportBundle, type AboutInfo } from "../../api/about";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import { ErrorState, Spinner } from "../../components/ui";
import { formatBytes } from "../../components/format";
import { aboutT, type AboutKey } from "./strings";
import licenses from "./third-party-licenses.json";
import "./about.css";

export interface License {
  name: string;
  version: string;
  license: string;
  kind: string;
}

/** Version, build, where the data lives, the support bundle and the third-party licenses. */
export function AboutScreen() {
  const { lang, locale } = useI18n();
  const t = (k: AboutKey, v?: Record<string, string | number>) => aboutT(lang, k, v);
  const toasts = useToasts();
  const [info, setInfo] = useState<AboutInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let alive = true;
    setError(null);
    aboutInfo().then(
      (i) => alive && setInfo(i),
      (e) => alive && setError(toApiError(e)),
    );
    return () => {
      alive = false;
    };
  }, [reload]);

  const openFolder = async () => {
    try {
      await aboutOpenDataFolder();
    } catch (e) {
      toasts.error(toApiError(e));
    }
  };

  const exportBundle = async () => {
    setBusy(true);
    try {
      const saved = await aboutSupportBundle();
      if (saved) toasts.success(t("about.bundleSaved", { file: saved.fileName, lines: saved.logLines }));
    } catch (e) {
      toasts.error(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <ErrorState error={error} onRetry={() => setReload((n) => n + 1)} />;
  if (!info) return <Spinner />;
  const rows: [AboutKey, string, string][] = [
    ["about.version", info.version, "about-version"],
    ["about.buildDate", info.buildDate, "about-build-date"],
    ["about.os", info.os, "about-os"],
    ["about.dataDir", info.dataDir, "about-data-dir"],
    ["about.logFile", info.logFile, "about-log-file"],
    ["about.dbSize", formatBytes(info.databaseBytes, locale), "about-db-size"],
    ["about.schema", String(info.schemaVersion), "about-schema"],
  ];
  return (
    <section className="about" data-testid="about-screen">
      <h1>{t("about.title")}</h1>
      <dl className="about-facts">
        {rows.map(([k, v, id]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd data-testid={id}>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="form-actions about-actions">
        <button type="button" className="btn" onClick={openFolder} data-testid="about-open-folder">
          {t("about.openFolder")}
        </button>
        <button type="button" className="btn btn-primary" onClick={exportBundle} disabled={busy} data-testid="about-bundle">
          {t("about.bundle")}
        </button>
      </div>
      <p className="muted">{t("about.bundleHint")}</p>
      <Licenses rows={licenses as License[]} t={t} />
    </section>
  );
}

function Licenses({ rows, t }: { rows: License[]; t: (k: AboutKey, v?: Record<string, string | number>) => string }) {
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? rows.filter((r) => r.name.toLowerCase().includes(f) || r.license.toLowerCase().includes(f)) : rows;
  }, [rows, filter]);
  return (
    <div className="about-licenses">
      <h2>
        {t("about.licenses")} <span className="muted">{t("about.licensesCount", { n: rows.length })}</span>
      </h2>
      <input
        type="search"
        aria-label={t("about.filter")}
        placeholder={t("about.filter")}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        data-testid="licenses-filter"
      />
      <div className="licenses-scroll">
        <table className="table" data-testid="licenses-table">
          <thead>
            <tr>
              <th>{t("about.component")}</th>
              <th>{t("about.componentVersion")}</th>
              <th>{t("about.license")}</th>
              <th>{t("about.kind")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.kind}:${r.name}@${r.version}`}>
                <td>{r.name}</td>
                <td>{r.version}</td>
                <td>{r.license}</td>
                <td>{r.kind === "rust" ? "Rust" : "npm"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
