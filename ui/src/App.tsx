import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from "react";
import { api, toApiError, type AppInfo, type Connection, type AppNotice, type ProviderId } from "./api";
import { I18nProvider, LANG_STORAGE_KEY, storedLang, useI18n } from "./i18n/I18n";
import { langFromLocale, type Lang } from "./i18n/strings";
import { AppProvider, useApp, useProviderLabel, type AppState } from "./state/app";
import { ToastProvider, useToasts } from "./state/toasts";
import { Toasts } from "./components/Toasts";
import { Badge } from "./components/ui";
import type { UsersRoute } from "./screens/users-tickets/UsersScreen";
import type { EnvelopesRoute } from "./screens/envelopes/EnvelopesScreen";
import { KeyNotices } from "./screens/undostres/KeyNotices";
import { aboutT } from "./screens/about/strings";
import { ShortcutsHelp, useShortcuts } from "./components/Shortcuts";

// Each screen is its own chunk, loaded the first time it is opened, so a new
// provider's screens cost the webview nothing until someone opens them (idle
// memory and start-up are benchmarked against a bare Tauri window; README).
const UsersScreen = lazy(() => import("./screens/users-tickets/UsersScreen").then((m) => ({ default: m.UsersScreen })));
const EnvelopesScreen = lazy(() => import("./screens/envelopes/EnvelopesScreen").then((m) => ({ default: m.EnvelopesScreen })));
const TemplatesScreen = lazy(() => import("./screens/templates/TemplatesScreen").then((m) => ({ default: m.TemplatesScreen })));
const ApiKeysScreen = lazy(() => import("./screens/undostres/ApiKeysScreen").then((m) => ({ default: m.ApiKeysScreen })));
const ClientsScreen = lazy(() => import("./screens/clients/ClientsScreen").then((m) => ({ default: m.ClientsScreen })));
const HistoryScreen = lazy(() => import("./screens/history/HistoryScreen").then((m) => ({ default: m.HistoryScreen })));
const ConnectionsScreen = lazy(() => import("./screens/connections/ConnectionsScreen").then((m) => ({ default: m.ConnectionsScreen })));
const AboutScreen = lazy(() => import("./screens/about/AboutScreen").then((m) => ({ default: m.AboutScreen })));

type Screen = "users" | "envelopes" | "templates" | "apikeys" | "clients" | "history" | "connections" | "about";
/** Sidebar order, also Ctrl+1 … Ctrl+8. */
const SCREENS: Screen[] = ["users", "envelopes", "templates", "apikeys", "clients", "history", "connections", "about"];
const ACTIVE_KEY = "ventanilla.activeConnection";
const SCREEN_KEY = "ventanilla.screen";
const NAV_KEYS = {
  users: "nav.users",
  envelopes: "nav.envelopes",
  templates: "nav.templates",
  apikeys: "nav.apiKeys",
  clients: "nav.clients",
  history: "nav.history",
  connections: "nav.connections",
} as const;
const SCREEN_PROVIDER: Record<Screen, ProviderId | null> = {
  users: "backoffice",
  envelopes: "signio",
  templates: "signio",
  apikeys: "undostres",
  clients: "dynamicore",
  history: null,
  connections: null,
  about: null,
};

/** `boot`: the app-info request, when the entry already sent it (see main.ts). */
export function App({ boot }: { boot?: Promise<AppInfo> } = {}) {
  const [lang, setLangState] = useState<Lang | null>(() => storedLang());
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, l);
    } catch {
      /* storage unavailable: keep it for this session only */
    }
  }, []);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [bootDone, setBootDone] = useState(false);

  useEffect(() => {
    let alive = true;
    (boot ?? api.appInfo()).then(
      (i) => {
        if (!alive) return;
        setInfo(i);
        setLangState((cur) => cur ?? langFromLocale(i.osLocale));
        setBootDone(true);
      },
      () => {
        if (!alive) return;
        setLangState((cur) => cur ?? langFromLocale(navigator.language));
        setBootDone(true);
      },
    );
    return () => {
      alive = false;
    };
  }, [boot]);

  if (!lang || !bootDone) {
    return (
      <div className="boot" role="status">
        <span className="spinner" aria-hidden="true" />
      </div>
    );
  }
  return (
    <I18nProvider lang={lang} setLang={setLang}>
      <ToastProvider>
        <Shell info={info} />
        <Toasts />
      </ToastProvider>
    </I18nProvider>
  );
}

function Shell({ info }: { info: AppInfo | null }) {
  const toasts = useToasts();
  const toastError = toasts.error;
  const [connections, setConnections] = useState<Connection[]>([]);
  const [connectionsLoading, setConnectionsLoading] = useState(true);
  const [activeId, setActiveIdState] = useState<string | null>(() => {
    try {
      return localStorage.getItem(ACTIVE_KEY);
    } catch {
      return null;
    }
  });
  const { t, lang } = useI18n();
  // Per data folder: another profile (or a test's fresh folder) starts on its own.
  const screenKey = `${SCREEN_KEY}:${info?.dataDir ?? ""}`;
  const [screen, setScreenState] = useState<Screen>(() => {
    try {
      const s = localStorage.getItem(screenKey) as Screen | null;
      return s && SCREENS.includes(s) ? s : "users";
    } catch {
      return "users";
    }
  });
  const setScreen = useCallback((s: Screen) => {
    setScreenState(s);
    try {
      localStorage.setItem(screenKey, s);
    } catch {
      /* storage unavailable: remembered for this session only */
    }
  }, [screenKey]);
  // F5 / Ctrl+R: the screen is mounted again, so it fetches its data again.
  const [refreshKey, setRefreshKey] = useState(0);
  const [help, setHelp] = useState(false);
  const screenNames = SCREENS.map((s) => (s === "about" ? aboutT(lang, "nav.about") : t(NAV_KEYS[s])));
  useShortcuts({
    screens: screenNames,
    onScreen: (i) => setScreen(SCREENS[i]),
    onRefresh: () => {
      setRefreshKey((n) => n + 1);
      void reloadConnections();
    },
    onHelp: () => setHelp(true),
  });
  const [usersRoute, setUsersRoute] = useState<UsersRoute>({ kind: "home" });
  const [envelopesRoute, setEnvelopesRoute] = useState<EnvelopesRoute>({ kind: "inbox" });

  const reloadConnections = useCallback(async () => {
    setConnectionsLoading(true);
    try {
      setConnections(await api.connectionsList());
    } catch (e) {
      toastError(toApiError(e));
    } finally {
      setConnectionsLoading(false);
    }
  }, [toastError]);

  useEffect(() => {
    reloadConnections();
  }, [reloadConnections]);

  // Key-expiry warnings: computed locally by Rust, so checking often is cheap.
  const [notices, setNotices] = useState<AppNotice[]>([]);
  const reloadNotices = useCallback(
    () =>
      api.notices().then(
        (n) => setNotices(n),
        () => undefined, // no warnings rather than an error toast on every check
      ),
    [],
  );
  useEffect(() => {
    void reloadNotices();
    const timer = window.setInterval(() => void reloadNotices(), 60_000);
    const onFocus = () => void reloadNotices();
    window.addEventListener("focus", onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", onFocus);
    };
  }, [reloadNotices, connections]);

  const setActiveId = useCallback((id: string) => {
    setActiveIdState(id);
    setUsersRoute({ kind: "home" });
    setEnvelopesRoute({ kind: "inbox" });
    try {
      localStorage.setItem(ACTIVE_KEY, id);
    } catch {
      /* ignore */
    }
  }, []);

  // A screen that works with one provider offers only that provider's connections.
  const provider = SCREEN_PROVIDER[screen];
  const choices = useMemo(
    () => (provider ? connections.filter((c) => c.provider === provider) : connections),
    [connections, provider],
  );
  const active = useMemo(
    () => choices.find((c) => c.id === activeId) ?? choices[0] ?? null,
    [choices, activeId],
  );

  const state = useMemo<AppState>(
    () => ({ info, connections, choices, connectionsLoading, reloadConnections, active, setActiveId, notices, reloadNotices }),
    [info, connections, choices, connectionsLoading, reloadConnections, active, setActiveId, notices, reloadNotices],
  );

  return (
    <AppProvider value={state}>
      <div className="layout">
        <Sidebar screen={screen} onScreen={setScreen} version={info?.version} onHelp={() => setHelp(true)} />
        <div className="main">
          <Header onKeys={() => setScreen("apikeys")} />
          <main className="content" key={refreshKey}>
            <Suspense fallback={<ScreenLoading />}>
            {screen === "users" && (
              <UsersScreen key={active?.id ?? "none"} route={usersRoute} onRoute={setUsersRoute} onGoConnections={() => setScreen("connections")} />
            )}
            {screen === "envelopes" && (
              <EnvelopesScreen
                key={active?.id ?? "none"}
                route={envelopesRoute}
                onRoute={setEnvelopesRoute}
                onGoConnections={() => setScreen("connections")}
              />
            )}
            {screen === "templates" && <TemplatesScreen onGoConnections={() => setScreen("connections")} />}
            {screen === "apikeys" && <ApiKeysScreen onGoConnections={() => setScreen("connections")} />}
            {screen === "clients" && (
              <ClientsScreen key={active?.id ?? "none"} onGoConnections={() => setScreen("connections")} onGoEnvelopes={() => setScreen("envelopes")} />
            )}
            {screen === "history" && <HistoryScreen />}
            {screen === "connections" && <ConnectionsScreen />}
            {screen === "about" && <AboutScreen />}
            </Suspense>
          </main>
        </div>
      </div>
      {help && <ShortcutsHelp screens={screenNames} onClose={() => setHelp(false)} />}
    </AppProvider>
  );
}

function Sidebar({ screen, onScreen, version, onHelp }: { screen: Screen; onScreen: (s: Screen) => void; version?: string; onHelp: () => void }) {
  const { t, lang } = useI18n();
  const items: { id: Screen; label: string; icon: string }[] = [
    { id: "users", label: t("nav.users"), icon: "users" },
    { id: "envelopes", label: t("nav.envelopes"), icon: "envelope" },
    { id: "templates", label: t("nav.templates"), icon: "template" },
    { id: "apikeys", label: t("nav.apiKeys"), icon: "key" },
    { id: "clients", label: t("nav.clients"), icon: "clients" },
    { id: "history", label: t("nav.history"), icon: "history" },
    { id: "connections", label: t("nav.connections"), icon: "plug" },
    { id: "about", label: aboutT(lang, "nav.about"), icon: "info" },
  ];
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">V</span>
        <span className="brand-name">{t("app.name")}</span>
      </div>
      <nav aria-label={t("nav.main")}>
        <ul>
          {items.map((it) => (
            <li key={it.id}>
              <button
                type="button"
                className={`nav-item${screen === it.id ? " active" : ""}`}
                aria-current={screen === it.id ? "page" : undefined}
                onClick={() => onScreen(it.id)}
                data-testid={`nav-${it.id}`}
              >
                <NavIcon name={it.icon} />
                <span>{it.label}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-foot">
        {version && <span>v{version}</span>}
        <button type="button" className="icon-button keys-button" onClick={onHelp} aria-label={aboutT(lang, "keys.button")} title={aboutT(lang, "keys.button")} data-testid="shortcuts-button">
          ?
        </button>
      </div>
    </aside>
  );
}

function NavIcon({ name }: { name: string }) {
  const paths: Record<string, string> = {
    users: "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM22 21v-2a4 4 0 0 0-3-3.87M16 3.13a4 4 0 0 1 0 7.75",
    history: "M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l4 2",
    plug: "M9 2v6M15 2v6M6 8h12v4a6 6 0 0 1-12 0zM12 18v4",
    envelope: "M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zM22 6l-10 7L2 6",
    info: "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 16v-4M12 8h.01",
    key: "M21 2l-2 2m-7.6 7.6a5.5 5.5 0 1 1-7.78 7.78 5.5 5.5 0 0 1 7.78-7.78zm0 0L15.5 7.5m0 0l3 3L22 7l-3-3m-3.5 3.5L19 4",
    clients: "M3 21h18M5 21V8l7-5 7 5v13M9 21v-6h6v6M9 11h.01M15 11h.01",
    template: "M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6M8 13h8M8 17h5",
  };
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={paths[name]} />
    </svg>
  );
}

function Header({ onKeys }: { onKeys: () => void }) {
  const { t, lang, setLang } = useI18n();
  const { choices: connections, active, setActiveId } = useApp();
  const providerLabel = useProviderLabel();
  return (
    <header className="topbar">
      <div className="conn-picker">
        <label htmlFor="connection-select">{t("header.connection")}</label>
        <select
          id="connection-select"
          data-testid="connection-select"
          value={active?.id ?? ""}
          onChange={(e) => setActiveId(e.target.value)}
          disabled={connections.length === 0}
        >
          {connections.length === 0 && <option value="">{t("header.noConnections")}</option>}
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {`${c.name} · ${providerLabel(c.provider)}`}
            </option>
          ))}
        </select>
        {active?.sandbox && (
          <Badge tone="sandbox" testId="active-sandbox-badge">
            {t("badge.sandbox")}
          </Badge>
        )}
        {active?.secret === "memory" && (
          <span className="memory-note" data-testid="memory-note">
            {t("header.memoryNote")}
          </span>
        )}
      </div>
      <KeyNotices onOpen={onKeys} />
      <HistoryWarning />
      <div className="lang-switch" role="group" aria-label={t("header.language")}>
        {(["es", "en"] as const).map((l) => (
          <button
            key={l}
            type="button"
            className={lang === l ? "active" : ""}
            aria-pressed={lang === l}
            onClick={() => setLang(l)}
            data-testid={`lang-${l}`}
          >
            {l.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );
}

/** A result that history could not record: its row keeps saying "outcome
 *  unknown", so the user must hear it here. Checked on focus and every 20 s. */
function HistoryWarning() {
  const { t } = useI18n();
  const [warning, setWarning] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const check = () =>
      api.appInfo().then(
        (i) => alive && setWarning(i.historyWarning ?? null),
        () => undefined,
      );
    const timer = window.setInterval(check, 20_000);
    window.addEventListener("focus", check);
    return () => {
      alive = false;
      window.clearInterval(timer);
      window.removeEventListener("focus", check);
    };
  }, []);
  if (!warning) return null;
  return (
    <span className="history-warning" role="alert" data-testid="history-warning" title={warning}>
      {t("header.historyWarning")}
    </span>
  );
}

/** While a screen's chunk loads (the first time it is opened; a few ms from the bundle). */
function ScreenLoading() {
  const { t } = useI18n();
  return (
    <div className="boot" role="status" aria-label={t("common.loading")}>
      <span className="spinner" aria-hidden="true" />
    </div>
  );
}
