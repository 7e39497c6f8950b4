import { render, screen, within } from "@testing-library/react";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach } from "vitest";
import { App } from "../App";
import type { AppInfo, Connection, FieldError, User } from "../api";
import { clearCatalogCache } from "../screens/users-tickets/catalog";

export type Handler = (args: Record<string, unknown>) => unknown;
export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

export const sandboxConn: Connection = {
  id: "c1",
  name: "Sandbox Back office",
  provider: "backoffice",
  baseUrl: "http://127.0.0.1:4100",
  sandbox: true,
  secret: "stored",
  createdAt: "2024-01-01T00:00:00Z",
};

export const realConn: Connection = {
  id: "c2",
  name: "Producción",
  provider: "backoffice",
  baseUrl: "https://bo.example.test",
  sandbox: false,
  secret: "memory",
  createdAt: "2024-01-02T00:00:00Z",
};

export const appInfo = (osLocale = "es-MX"): AppInfo => ({
  version: "0.1.0",
  osLocale,
  dataDir: "/tmp/v",
  keychain: { available: true },
  sandbox: [sandboxConn],
  // As the Rust provider list sends it (`ProviderSpec` ID, LABEL, SECRET_FIELDS, SANDBOX_NAME,
  // setting_fields; SIGNIO's are left out here).
  providers: [
    { id: "backoffice", label: "BackOffice", secretFields: ["api_key", "username", "password"], sandboxName: "Sandbox", settingFields: [] },
    { id: "signio", label: "SIGNIO", secretFields: ["email", "password"], sandboxName: "Sandbox SIGNIO", settingFields: [] },
  ],
});

export const user: User = {
  id: 7,
  username: "mgarcia",
  firstName: "María",
  lastName: "García",
  email: "maria@example.test",
  countryCode: "MX",
  mobile: "5512345678",
  defaultLeg: "left",
  language: "es",
  matrixOn: true,
  requestTokenOnEdit: false,
};

export function apiError(code: string, message: string, fields?: Record<string, FieldError>) {
  return { code, message, fields, retryable: false };
}

/** A coded field error (or action reason) as Rust sends it. */
export function fieldError(code: string, message: string, params?: FieldError["params"]): FieldError {
  return params ? { code, message, params } : { code, message };
}

/** A provider's own words for a field (code "invalid"): shown as they came. */
export function providerText(message: string): FieldError {
  return { code: "invalid", message };
}

const defaults: Record<string, Handler> = {
  app_info: () => appInfo(),
  connections_list: () => [sandboxConn, realConn],
  bo_recent_users: () => [],
  "backoffice/catalog.list": (a) =>
    a.catalog === "countries"
      ? [
          { id: "MX", name: "México" },
          { id: "CO", name: "Colombia" },
        ]
      : a.catalog === "locales"
        ? [
            { id: "es", name: "Español" },
            { id: "en", name: "English" },
          ]
        : [
            { id: "left", name: "Izquierda" },
            { id: "right", name: "Derecha" },
          ],
  "backoffice/user.get": () => user,
  "backoffice/user.dashboard": () => ({
    wallets: [
      { walletId: 1, name: "Principal", amount: "1500.50" },
      { walletId: 2, name: "Comisiones", amount: "20.00" },
    ],
    matrixDimensions: "3x10",
    permanentMissing: "0",
    temporalMissing: "2",
    matrixPendingDirects: null,
    growthDates: ["01-01", "01-02", "01-03"],
    growthUsers: [1, 4, 9],
    topLeaders: [],
    trafficFunnel: [],
    efficiencyFunnel: [],
    popularCountries: [{ country: "México", number: 12, image: "https://remote.example/flag.png" }],
  }),
  history_search: () => ({ items: [] }),
  notices: () => [],
};

export let calls: Call[] = [];

/** Installs the IPC mock; handlers override the defaults. A thrown/rejected value is the ApiError. */
export function mockBackend(handlers: Record<string, Handler> = {}, options: { events?: boolean } = {}) {
  const all = { ...defaults, ...handlers };
  if (options.events) mockWindows("main");
  mockIPC((cmd, payload) => {
    let args = (payload ?? {}) as Record<string, unknown>;
    // An operation is mocked by its registry key, "provider/name", and gets
    // its input plus the connection id: `"backoffice/user.get": (a) => …`.
    if (cmd === "op") {
      const { provider, name, connectionId, input } = args as {
        provider: string; name: string; connectionId: string; input: Record<string, unknown>;
      };
      cmd = `${provider}/${name}`;
      args = { ...input, connectionId };
    }
    calls.push({ cmd, args });
    const h = all[cmd];
    if (!h) return Promise.reject(apiError("INTERNAL", `unmocked command ${cmd}`));
    try {
      return Promise.resolve(h(args));
    } catch (e) {
      return Promise.reject(e);
    }
  }, { shouldMockEvents: Boolean(options.events) });
}

export function callsOf(cmd: string): Record<string, unknown>[] {
  return calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}

export function renderApp() {
  return render(<App />);
}

export function fieldOf(testId: string): HTMLElement {
  const input = screen.getByTestId(testId);
  return input.closest(".field") as HTMLElement;
}

export { within };

beforeEach(() => {
  calls = [];
  localStorage.clear();
  clearCatalogCache();
});

afterEach(() => {
  clearMocks();
});
