import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Connection } from "../../api";
import { apiError, appInfo, callsOf, fieldError, mockBackend, renderApp, sandboxConn, type Handler } from "../../test/harness";
import { formatDateText } from "../../components/format";
import type { Account, KeyInfo, KeyStatus, TreeNodeView } from "./api";

const DAY = 86_400_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

const udSandbox: Connection = {
  id: "u1",
  name: "Sandbox UnDosTres",
  provider: "undostres",
  baseUrl: "http://127.0.0.1:4300",
  sandbox: true,
  secret: "stored",
  createdAt: "2024-01-01T00:00:00Z",
};
const udProd: Connection = { ...udSandbox, id: "u2", name: "Recargas MX", baseUrl: "https://api.example.test", sandbox: false };

const sandboxKey: KeyInfo = {
  last4: "3265",
  createdAt: at(-50 * DAY),
  expiresAt: at(40 * DAY + 3_600_000),
  allowedIps: ["127.0.0.1"],
};
const prodKey: KeyInfo = {
  last4: "9a1f",
  createdAt: at(-80 * DAY),
  expiresAt: at(10 * DAY + 3_600_000),
  allowedIps: ["203.0.113.10", "2001:db8::1"],
  previousKeyLast4: "77c0",
  previousKeyExpiresAt: at(5 * 3_600_000),
};
// What Rust's key.status answers: its level and whole days left, and the cached account's active flag.
const status = (key: KeyInfo | null, level: KeyStatus["level"] = "ok"): KeyStatus =>
  key ? { key, level, daysLeft: Math.floor((Date.parse(key.expiresAt) - Date.now()) / DAY), active: true } : { level: "ok" };

const mainAccount: Account = {
  companyId: "emp-001",
  parentCompanyId: null,
  depth: 0,
  names: "Recargas del Centro SA de CV",
  documentNumber: "RCE850101AB1",
  webhooks: ["https://hooks.example.test/udt"],
  email: "admin@recargas.example",
  phone: "5512345678",
  active: true,
};
const node = (n: Partial<TreeNodeView> & { companyId: string }): TreeNodeView => ({
  parentCompanyId: null,
  depth: 0,
  names: n.companyId,
  active: true,
  createdHere: false,
  knownChildren: 0,
  maxChildren: 5,
  remainingSlots: 5,
  ...n,
});
const tree = {
  cachedAt: at(-60_000),
  nodes: [
    node({ companyId: "emp-001", names: "Recargas del Centro", knownChildren: 1, remainingSlots: 4 }),
    node({ companyId: "emp-002", parentCompanyId: "emp-001", depth: 1, names: "Sucursal Norte", maxChildren: 10, remainingSlots: 10 }),
  ],
};

function backend(overrides: Record<string, Handler> = {}, lang = "es-MX") {
  mockBackend({
    app_info: () => ({
      ...appInfo(lang),
      providers: [...appInfo(lang).providers, { id: "undostres", label: "UnDosTres", secretFields: ["user", "password"], sandboxName: "Sandbox UnDosTres" }],
    }),
    connections_list: () => [sandboxConn, udSandbox, udProd],
    "undostres/key.status": (a) => (a.connectionId === "u1" ? status(sandboxKey) : a.connectionId === "u2" ? status(prodKey, "soon") : status(null)),
    "undostres/account.get": (a) => (a.companyId === "emp-002" ? { ...mainAccount, companyId: "emp-002", parentCompanyId: "emp-001", depth: 1, names: "Sucursal Norte" } : mainAccount),
    "undostres/account.tree": () => tree,
    ...overrides,
  });
}

async function openScreen() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-apikeys"));
  return screen.findByTestId("apikeys-screen");
}

async function rowOf(name: string): Promise<HTMLElement> {
  await waitFor(() => expect(screen.getAllByTestId("apikey-last4")).toHaveLength(2));
  return screen.getAllByTestId("apikey-row").find((r) => r.getAttribute("data-connection") === name)!;
}

describe("API keys screen", () => {
  it("shows every UnDosTres key at a glance, in Spanish", async () => {
    backend();
    const s = await openScreen();
    expect(screen.getByTestId("nav-apikeys")).toHaveTextContent("Claves de API");
    const prod = await rowOf("Recargas MX");
    expect(within(prod).getByTestId("apikey-last4")).toHaveTextContent("•••• 9a1f");
    expect(within(prod).getByTestId("apikey-expires-in")).toHaveTextContent("vence en 10 días");
    expect(within(prod).getByTestId("apikey-ips")).toHaveTextContent("203.0.113.10");
    expect(within(prod).getByTestId("apikey-ips")).toHaveTextContent("2001:db8::1");
    expect(within(prod).getByTestId("apikey-previous")).toHaveTextContent(/•••• 77c0válida hasta el/);
    await waitFor(() => expect(within(prod).getByTestId("apikey-account")).toHaveTextContent("Activa"));
    const sb = await rowOf("Sandbox UnDosTres");
    expect(within(sb).getByTestId("apikey-expires-in")).toHaveTextContent("vence en 40 días");
    expect(within(sb).getByTestId("apikey-previous")).toHaveTextContent("—");
    // The header's connection picked the first UnDosTres connection: its account and tree.
    expect(await screen.findByTestId("account-names")).toHaveTextContent("Recargas del Centro SA de CV");
    expect(screen.getByTestId("account-email")).toHaveTextContent("No se puede cambiar por la API");
    expect(await screen.findAllByTestId("subaccount-node")).toHaveLength(2);
    expect(screen.getByTestId("subaccount-cache-note")).toHaveTextContent("caché local");
    expect(screen.getAllByTestId("subaccount-slots").map((e) => e.textContent)).toEqual(["4 de 5 lugares libres", "10 de 10 lugares libres"]);
    // No English in Spanish mode (only ids, IPs and dates).
    expect(s.textContent).not.toMatch(/\b(expires|Rotate|Active|Company|slots|cache|key)\b/);
    // The key itself never reaches the page: only its last 4 characters.
    expect(callsOf("undostres/key.status").length).toBeGreaterThanOrEqual(2);
    // The rows' active badges come from the cache: the provider is asked only for the shown account.
    expect(callsOf("undostres/account.get").every((c) => c.connectionId === "u1")).toBe(true);
  });

  it("speaks English when asked", async () => {
    backend({}, "en-US");
    await openScreen();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("API keys");
    const prod = await rowOf("Recargas MX");
    expect(within(prod).getByTestId("apikey-expires-in")).toHaveTextContent("expires in 10 days");
    expect(within(prod).getByTestId("apikey-previous")).toHaveTextContent(/•••• 77c0valid until/);
    expect(within(prod).getByTestId("apikey-rotate")).toHaveTextContent("Rotate key");
    expect(await screen.findByTestId("subaccount-cache-note")).toHaveTextContent("local cache");
  });

  it("offers Connections when there is no UnDosTres connection", async () => {
    backend({ connections_list: () => [sandboxConn] });
    await openScreen();
    expect(await screen.findByTestId("apikeys-empty")).toHaveTextContent("Aún no hay conexiones de UnDosTres");
  });
});

describe("rotation wizard", () => {
  it("prefills the IPs, spells out the old key's window, confirms, and shows the new expiry", async () => {
    const issued: KeyInfo = { last4: "c0de", createdAt: at(0), expiresAt: at(90 * DAY + 60_000), allowedIps: ["203.0.113.10", "198.51.100.7"], previousKeyLast4: "9a1f", previousKeyExpiresAt: at(DAY) };
    backend({ "undostres/key.request": () => issued });
    await openScreen();
    const prod = await rowOf("Recargas MX");
    await userEvent.click(within(prod).getByTestId("apikey-rotate"));
    const wiz = await screen.findByTestId("key-wizard");
    expect(wiz).toHaveTextContent("Rotar la clave de Recargas MX");
    expect(screen.getByTestId("key-ip-0")).toHaveValue("203.0.113.10");
    expect(screen.getByTestId("key-ip-1")).toHaveValue("2001:db8::1");
    await userEvent.clear(screen.getByTestId("key-ip-1"));
    await userEvent.type(screen.getByTestId("key-ip-1"), "198.51.100.7");
    await userEvent.click(screen.getByTestId("key-next"));

    // The old key's expiry: 24 h by default, each choice with its consequence.
    expect(screen.getByTestId("key-prev-24h")).toBeChecked();
    expect(wiz).toHaveTextContent("Las dos claves funcionan hasta");
    // Nobody else can get the new key: the texts say what happens to other users of the old one.
    expect(screen.getByTestId("key-prev-24h").closest(".ud-choice")).toHaveTextContent("La clave nueva la usa solo Ventanilla (no se muestra): cualquier otro sistema que use la clave actual deja de funcionar a esa hora.");
    expect(wiz).toHaveTextContent("cualquier otro sistema que use la actual deja de funcionar en ese momento");
    expect(wiz).not.toHaveTextContent("sus sistemas");
    await userEvent.click(screen.getByTestId("key-next"));

    expect(screen.getByTestId("key-confirm-ips")).toHaveTextContent("203.0.113.10, 198.51.100.7");
    expect(screen.getByTestId("key-confirm-previous")).toHaveTextContent("sigue funcionando 24 horas más");
    expect(callsOf("undostres/key.request")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("key-submit"));

    const result = await screen.findByTestId("key-result");
    expect(result).toHaveTextContent("Clave nueva emitida: •••• c0de");
    expect(screen.getByTestId("key-result-expiry")).toHaveTextContent("(en 90 días)");
    expect(screen.getByTestId("key-result-previous")).toHaveTextContent("La clave anterior sigue funcionando hasta");
    expect(callsOf("undostres/key.request")).toEqual([{ connectionId: "u2", allowedIps: ["203.0.113.10", "198.51.100.7"] }]);
    // The rows and the header's warnings are read again.
    await waitFor(() => expect(callsOf("notices").length).toBeGreaterThanOrEqual(2));
  });

  it("checks the IPs before sending, and 'now' asks for a cut-off in plain words", async () => {
    backend({ "undostres/key.request": () => prodKey });
    await openScreen();
    await userEvent.click(within(await rowOf("Recargas MX")).getByTestId("apikey-rotate"));
    await userEvent.type(screen.getByTestId("key-ip-1"), "x");
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.getByTestId("field-error-ip-1")).toHaveTextContent("No es una dirección IPv4 o IPv6 válida.");
    expect(screen.getByTestId("key-ip-1")).toHaveAttribute("aria-invalid", "true");
    await userEvent.click(screen.getByTestId("key-ip-remove-1"));
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-prev-now"));
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.getByTestId("key-confirm-previous")).toHaveTextContent("deja de funcionar ahora mismo");
    expect(screen.getByTestId("key-submit")).toHaveTextContent("Solicitar y cortar la actual");
    await userEvent.click(screen.getByTestId("key-submit"));
    await screen.findByTestId("key-result");
    expect(callsOf("undostres/key.request")).toEqual([{ connectionId: "u2", allowedIps: ["203.0.113.10"], expirePreviousAt: "now" }]);
  });

  it("puts Rust's field errors on their fields, back on their step, in Spanish", async () => {
    backend({
      "undostres/key.request": () => {
        throw apiError("VALIDATION", "invalid input", {
          allowedIps: fieldError("ip_duplicate", "203.0.113.10 is listed twice", { ip: "203.0.113.10" }),
        });
      },
    });
    await openScreen();
    await userEvent.click(within(await rowOf("Sandbox UnDosTres")).getByTestId("apikey-rotate"));
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-submit"));
    expect(await screen.findByTestId("field-error-allowed_ips")).toHaveTextContent("203.0.113.10 está repetida");
    expect(screen.getByTestId("key-ip-0")).toBeInTheDocument();
  });

  it("an earlier expiry must fall within the next 24 hours", async () => {
    backend({
      "undostres/key.request": () => {
        throw apiError("VALIDATION", "invalid input", {
          expirePreviousAt: fieldError("previous_expiry_past", "is in the past; choose \"now\" to retire the old key immediately"),
        });
      },
    });
    await openScreen();
    await userEvent.click(within(await rowOf("Recargas MX")).getByTestId("apikey-rotate"));
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-prev-at"));
    const input = screen.getByTestId("key-prev-at-input");
    await userEvent.clear(input);
    await userEvent.type(input, "2001-01-01T10:00");
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.getByTestId("field-error-prev-at")).toHaveTextContent("Elija una hora entre ahora y dentro de 24 horas.");
    await userEvent.clear(input);
    const soon = new Date(Date.now() + 2 * 3_600_000);
    const p = (n: number) => String(n).padStart(2, "0");
    await userEvent.type(input, `${soon.getFullYear()}-${p(soon.getMonth() + 1)}-${p(soon.getDate())}T${p(soon.getHours())}:${p(soon.getMinutes())}`);
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-submit"));
    // Rust's refusal brings the user back to the choice, under it.
    expect(await screen.findByTestId("field-error-expire_previous_at")).toHaveTextContent("ya pasó");
    const sent = callsOf("undostres/key.request")[0]!;
    expect(new Date(sent.expirePreviousAt as string).getTime()).toBeGreaterThan(Date.now());
  });

  it("gives an urgent key only the time it has left, not 24 more hours", async () => {
    const urgent: KeyInfo = { ...prodKey, expiresAt: at(5 * 3_600_000), previousKeyLast4: undefined, previousKeyExpiresAt: undefined };
    backend({ "undostres/key.status": (a) => (a.connectionId === "u2" ? status(urgent, "urgent") : status(sandboxKey)) });
    await openScreen();
    const prod = await rowOf("Recargas MX");
    expect(within(prod).getByTestId("apikey-expires-in")).toHaveTextContent("vence en menos de 24 h");
    await userEvent.click(within(prod).getByTestId("apikey-rotate"));
    await userEvent.click(screen.getByTestId("key-next"));
    const until = formatDateText(urgent.expiresAt, "es-419");
    const choice = screen.getByTestId("key-prev-24h").closest(".ud-choice")!;
    expect(choice).toHaveTextContent("Hasta que venza (recomendado)");
    expect(choice).toHaveTextContent(`Las dos claves funcionan hasta el ${until}.`);
    expect(screen.getByTestId("key-wizard")).not.toHaveTextContent("24 horas más");
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.getByTestId("key-confirm-previous")).toHaveTextContent(`sigue funcionando hasta que vence, el ${until}`);
  });

  it("skips the old key's step when it has already expired, and says so", async () => {
    const expired: KeyInfo = { ...prodKey, expiresAt: at(-3_600_000), previousKeyLast4: undefined, previousKeyExpiresAt: undefined };
    backend({
      "undostres/key.status": (a) => (a.connectionId === "u2" ? status(expired, "expired") : status(sandboxKey)),
      "undostres/key.request": () => ({ last4: "c0de", createdAt: at(0), expiresAt: at(90 * DAY + 60_000), allowedIps: ["203.0.113.10"], previousKeyLast4: "9a1f" }),
    });
    await openScreen();
    await userEvent.click(within(await rowOf("Recargas MX")).getByTestId("apikey-rotate"));
    expect(screen.getByTestId("key-current-expired")).toHaveTextContent("La clave actual (•••• 9a1f) ya venció el");
    expect(screen.getByTestId("key-wizard")).not.toHaveTextContent("Clave actual");
    await userEvent.click(screen.getByTestId("key-ip-remove-1"));
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.queryByTestId("key-prev-24h")).toBeNull();
    expect(screen.getByTestId("key-confirm-previous")).toHaveTextContent("ya venció; no funciona desde el");
    await userEvent.click(screen.getByTestId("key-submit"));
    expect(await screen.findByTestId("key-result-previous")).toHaveTextContent("La clave anterior ya no funciona.");
    expect(callsOf("undostres/key.request")).toEqual([{ connectionId: "u2", allowedIps: ["203.0.113.10"] }]);
  });

  it("asks before Esc discards a changed wizard, also on the Confirm step; closes at once on the result", async () => {
    backend({ "undostres/key.request": () => ({ ...prodKey, last4: "c0de" }) });
    await openScreen();
    await userEvent.click(within(await rowOf("Recargas MX")).getByTestId("apikey-rotate"));
    await userEvent.click(screen.getByTestId("key-ip-remove-1"));
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-prev-now"));
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.getByTestId("key-confirm")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    expect(screen.getByTestId("discard-changes")).toHaveTextContent("¿Descartar lo que escribió?");
    await userEvent.click(screen.getByRole("button", { name: "Seguir editando" }));
    expect(screen.getByTestId("key-confirm-previous")).toHaveTextContent("deja de funcionar ahora mismo");
    await userEvent.click(screen.getByTestId("key-submit"));
    await screen.findByTestId("key-result");
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("key-wizard")).toBeNull());
  });

  it("closes at once when nothing was changed, even on the Confirm step", async () => {
    backend();
    await openScreen();
    await userEvent.click(within(await rowOf("Recargas MX")).getByTestId("apikey-rotate"));
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.getByTestId("key-confirm")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByTestId("key-wizard")).toBeNull();
  });

  it("warns on a real connection's first key that a key issued elsewhere stops within 24 h", async () => {
    backend({ "undostres/key.status": () => status(null) });
    await openScreen();
    await waitFor(() => expect(screen.getAllByTestId("apikey-first-key")).toHaveLength(2));
    const firstKey = async (name: string) => {
      const row = screen.getAllByTestId("apikey-row").find((r) => r.getAttribute("data-connection") === name)!;
      await userEvent.click(within(row).getByTestId("apikey-first-key"));
      await userEvent.type(screen.getByTestId("key-ip-0"), "203.0.113.10");
      await userEvent.click(screen.getByTestId("key-next"));
      expect(screen.getByTestId("key-confirm")).toBeInTheDocument();
    };
    await firstKey("Recargas MX");
    expect(screen.getByTestId("key-first-elsewhere")).toHaveTextContent("Si esta cuenta ya tiene una clave emitida fuera de Ventanilla, UnDosTres la reemplaza: esa clave deja de funcionar en 24 horas como máximo");
    await userEvent.click(screen.getByRole("button", { name: "Cerrar" }));
    await userEvent.click(screen.getByRole("button", { name: "Descartar" }));
    // The sandbox has no key from anywhere else.
    await firstKey("Sandbox UnDosTres");
    expect(screen.queryByTestId("key-first-elsewhere")).toBeNull();
  });
});

describe("company data", () => {
  it("keeps an open edit through Refresh and a new key", async () => {
    backend({ "undostres/key.request": () => ({ ...sandboxKey, last4: "c0de" }) });
    await openScreen();
    await userEvent.click(await screen.findByTestId("account-edit"));
    await userEvent.clear(screen.getByTestId("account-names-input"));
    await userEvent.type(screen.getByTestId("account-names-input"), "Nombre a medias");
    const reads = callsOf("undostres/account.get").length;
    await userEvent.click(screen.getByTestId("apikeys-refresh"));
    await userEvent.click(within(await rowOf("Sandbox UnDosTres")).getByTestId("apikey-rotate"));
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-next"));
    await userEvent.click(screen.getByTestId("key-submit"));
    await userEvent.click(await screen.findByTestId("key-done"));
    await waitFor(() => expect(callsOf("notices").length).toBeGreaterThanOrEqual(2));
    expect(screen.getByTestId("account-names-input")).toHaveValue("Nombre a medias");
    expect(callsOf("undostres/account.get")).toHaveLength(reads);
  });

  it("reads the account again on Refresh when it is not being edited", async () => {
    backend();
    await openScreen();
    await screen.findByTestId("account-names");
    const reads = callsOf("undostres/account.get").length;
    await userEvent.click(screen.getByTestId("apikeys-refresh"));
    await waitFor(() => expect(callsOf("undostres/account.get").length).toBe(reads + 1));
  });
  it("sends only what changed; email and phone are locked with the reason", async () => {
    backend({
      "undostres/account.update": () => {
        throw apiError("VALIDATION", "invalid input", {
          names: fieldError("too_long", "is too long (201 characters; max 200)", { count: 201, max: 200 }),
        });
      },
    });
    await openScreen();
    await userEvent.click(await screen.findByTestId("account-edit"));
    expect(screen.getByTestId("account-email-input")).toBeDisabled();
    expect(screen.getByTestId("account-phone-input")).toBeDisabled();
    expect(screen.getByTestId("account-form")).toHaveTextContent("UnDosTres cambia el correo y el teléfono registrados solo a pedido a su soporte");
    await userEvent.clear(screen.getByTestId("account-document-input"));
    await userEvent.type(screen.getByTestId("account-document-input"), "RCE850101XY9");
    await userEvent.click(screen.getByTestId("account-save"));
    await waitFor(() => expect(callsOf("undostres/account.update")).toHaveLength(1));
    expect(callsOf("undostres/account.update")[0]).toEqual({ connectionId: "u1", companyId: "emp-001", documentNumber: "RCE850101XY9" });
    expect(await screen.findByTestId("field-error-names")).toHaveTextContent("es demasiado largo (201 caracteres; máximo 200)");
  });
});

describe("sub-accounts", () => {
  it("creates one under a node, copies its password in Rust, then requests its first key", async () => {
    const created = { companyId: "emp-010", parentCompanyId: "emp-002", names: "Kiosco Sur", active: false, connectionId: "u9", connectionName: "Kiosco Sur" };
    const kiosco: Connection = { ...udSandbox, id: "u9", name: "Kiosco Sur", sandbox: false };
    backend({
      // The new connection sorts first once it exists.
      connections_list: () => (callsOf("undostres/subaccount.create").length ? [sandboxConn, kiosco, udSandbox, udProd] : [sandboxConn, udSandbox, udProd]),
      "undostres/subaccount.create": () => created,
      copy_secret: () => null,
      "undostres/key.request": () => ({ last4: "beef", createdAt: at(0), expiresAt: at(90 * DAY + 60_000), allowedIps: ["127.0.0.1"] }),
    });
    await openScreen();
    const nodes = await screen.findAllByTestId("subaccount-node");
    // Opening a node shows its company data.
    await userEvent.click(within(nodes[1]!).getAllByTestId("subaccount-open")[0]!);
    await waitFor(() => expect(screen.getByTestId("account-names")).toHaveTextContent("Sucursal Norte"));
    await userEvent.click(within(nodes[1]!).getByTestId("subaccount-create"));
    const dialog = await screen.findByTestId("subaccount-dialog");
    expect(dialog).toHaveTextContent("Nueva subcuenta de Sucursal Norte");
    await userEvent.type(screen.getByTestId("subaccount-names"), "Kiosco Sur");
    await userEvent.click(screen.getByTestId("subaccount-submit"));
    expect(await screen.findByTestId("subaccount-created")).toHaveTextContent("Subcuenta «Kiosco Sur» creada.");
    expect(callsOf("undostres/subaccount.create")).toEqual([{ connectionId: "u1", parentCompanyId: "emp-002", names: "Kiosco Sur", webhooks: [] }]);
    expect(screen.getByTestId("subaccount-connection")).toHaveTextContent("Kiosco Sur");
    // Neither the user nor the password is on the page: Rust copies them.
    expect(screen.getByTestId("subaccount-user")).toHaveTextContent("en el llavero del sistema (no se muestra)");
    await userEvent.click(screen.getByTestId("subaccount-copy-user"));
    await userEvent.click(screen.getByTestId("subaccount-copy-password"));
    await waitFor(() =>
      expect(callsOf("copy_secret")).toEqual([
        { connectionId: "u9", field: "user" },
        { connectionId: "u9", field: "password" },
      ]),
    );
    // The new connection is listed everywhere; the screen stays on the parent's.
    await waitFor(() => expect(screen.getAllByTestId("apikey-row")).toHaveLength(3));
    expect(screen.getByTestId("connection-select")).toHaveValue("u1");

    await userEvent.click(screen.getByTestId("subaccount-first-key"));
    const wiz = await screen.findByTestId("key-wizard");
    expect(wiz).toHaveTextContent("Primera clave de Kiosco Sur");
    expect(screen.queryByTestId("key-prev-24h")).toBeNull();
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.getByTestId("field-error-ips-none")).toHaveTextContent("Escriba al menos una IP.");
    await userEvent.type(screen.getByTestId("key-ip-0"), "127.0.0.1");
    await userEvent.click(screen.getByTestId("key-next"));
    expect(screen.queryByTestId("key-confirm-previous")).toBeNull();
    await userEvent.click(screen.getByTestId("key-submit"));
    await screen.findByTestId("key-result");
    expect(screen.queryByTestId("key-result-previous")).toBeNull();
    expect(callsOf("undostres/key.request")).toEqual([{ connectionId: "u9", allowedIps: ["127.0.0.1"] }]);
  });
});

describe("a connection without a key", () => {
  it("is offered its first key instead of its account and tree", async () => {
    backend({ "undostres/key.status": () => status(null) });
    await openScreen();
    expect(await screen.findByTestId("apikeys-no-key")).toHaveTextContent("Sandbox UnDosTres aún no tiene clave de API");
    expect(screen.getAllByTestId("apikey-first-key")).toHaveLength(2);
    expect(screen.queryByTestId("account-panel")).toBeNull();
    expect(callsOf("undostres/account.get")).toHaveLength(0);
    expect(callsOf("undostres/account.tree")).toHaveLength(0);
  });
});

describe("header key warnings", () => {
  const notice = (connectionId: string, level: "warning" | "urgent", code: string, params: Record<string, number>) => ({
    connectionId,
    connectionName: "",
    provider: "undostres",
    level,
    code,
    params,
    message: "UnDosTres API key …9a1f expires in 10 days",
  });

  it("shows the most pressing one in the user's language and opens the screen", async () => {
    backend({
      // In Rust's order: the most pressing first.
      notices: () => [notice("u1", "urgent", "undostres.key_expires", { days: 0, hours: 5 }), notice("u2", "warning", "undostres.key_expires", { days: 10, hours: 241 })],
    });
    renderApp();
    const warning = await screen.findByTestId("key-notice");
    expect(warning).toHaveTextContent("La clave de Sandbox UnDosTres vence en 5 h y 1 más");
    expect(warning).toHaveAttribute("title", expect.stringContaining("La clave de Recargas MX vence en 10 días"));
    expect(warning).toHaveAttribute("data-level", "urgent");
    await userEvent.click(warning);
    expect(await screen.findByTestId("apikeys-screen")).toBeInTheDocument();
  });

  it("says when a key has expired; nothing when no key is close", async () => {
    backend({ notices: () => [notice("u2", "urgent", "undostres.key_expired", { days: -1, hours: -3 })] }, "en-US");
    const { unmount } = renderApp();
    expect(await screen.findByTestId("key-notice")).toHaveTextContent("Recargas MX's key has expired");
    unmount();
    backend();
    renderApp();
    await screen.findByTestId("nav-apikeys");
    await waitFor(() => expect(callsOf("notices").length).toBeGreaterThan(0));
    expect(screen.queryByTestId("key-notice")).toBeNull();
  });
});
