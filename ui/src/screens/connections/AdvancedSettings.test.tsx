import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Connection, SettingField } from "../../api";
import { apiError, appInfo, callsOf, fieldError, mockBackend, renderApp, sandboxConn } from "../../test/harness";

// As UnDosTres's ProviderSpec::setting_fields sends them (two routes and C of six).
const route = (op: string, label: string, def: string): SettingField => ({
  key: `routes.${op}`,
  path: ["routes", op],
  label,
  default: def,
  kind: "route",
  assumed: true,
  doc: "UNDOSTRES 2.5",
});
const undostres = {
  id: "undostres",
  label: "UnDosTres",
  secretFields: ["user", "password"],
  sandboxName: "Sandbox UnDosTres",
  settingFields: [
    route("key.request", "Request an API key", "POST /v1/api-keys"),
    { ...route("account.get", "Read an account", "GET /v1/accounts/{company_id}"), hint: "{company_id} is the account's id; \"me\" stands for your own account" },
    { key: "max_root_children", path: ["max_root_children"], label: "Sub-accounts of the main account (C)", default: "5", kind: "number", assumed: false, doc: "UNDOSTRES 2.4" },
  ] satisfies SettingField[],
};

const udConn: Connection = {
  id: "u1",
  name: "UnDosTres MX",
  provider: "undostres",
  baseUrl: "https://api.undostres.example",
  sandbox: false,
  secret: "stored",
  createdAt: "2024-03-01T00:00:00Z",
  settings: { routes: { "account.get": "GET /cuentas/{company_id}" }, max_children: 8 },
};

function backend(handlers: Parameters<typeof mockBackend>[0] = {}) {
  const info = appInfo();
  mockBackend({
    app_info: () => ({ ...info, providers: [...info.providers, undostres] }),
    connections_list: () => [sandboxConn, udConn],
    connections_update: () => udConn,
    connections_add: () => udConn,
    ...handlers,
  });
}

async function editUndostres() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-connections"));
  const rows = await screen.findAllByTestId("connection-row");
  await userEvent.click(within(rows[1]!).getByTestId("connection-edit-button"));
}

describe("the connection form's advanced settings", () => {
  it("starts collapsed, marks assumed routes and why, and shows the stored values", async () => {
    backend();
    await editUndostres();
    expect(screen.queryByTestId("conn-setting-routes.key.request")).toBeNull();
    await userEvent.click(screen.getByTestId("conn-settings-toggle"));

    const badge = screen.getByTestId("setting-assumed-routes.key.request");
    expect(badge).toHaveTextContent("supuesto");
    expect(badge).toHaveAttribute("title", expect.stringContaining("suposición de Ventanilla (UNDOSTRES 2.5)"));
    expect(screen.getByTestId("conn-settings-assumed")).toHaveTextContent(
      "supuesto La documentación del proveedor no da esas rutas: sus valores por omisión son suposiciones de Ventanilla.",
    );
    expect(screen.getByTestId("setting-assumed-routes.account.get")).toBeInTheDocument();
    // C is the provider's own example, not an assumption.
    expect(screen.queryByTestId("setting-assumed-max_root_children")).toBeNull();
    expect(screen.getByText("Subcuentas de la cuenta principal (C)")).toBeInTheDocument();
    expect(screen.getByText(/"me" es su propia cuenta/)).toBeInTheDocument();

    expect(screen.getByTestId("conn-setting-routes.key.request")).toHaveValue("");
    expect(screen.getByTestId("conn-setting-routes.key.request")).toHaveAttribute("placeholder", "POST /v1/api-keys");
    expect(screen.getByTestId("conn-setting-routes.account.get")).toHaveValue("GET /cuentas/{company_id}");
  });

  it("keeps the stored settings when none changed", async () => {
    backend();
    await editUndostres();
    await userEvent.click(screen.getByTestId("conn-save"));
    await waitFor(() => expect(callsOf("connections_update")).toHaveLength(1));
    expect(callsOf("connections_update")[0]!.input).not.toHaveProperty("settings");
  });

  it("sends the changed ones over the stored ones", async () => {
    backend();
    await editUndostres();
    await userEvent.click(screen.getByTestId("conn-settings-toggle"));
    await userEvent.type(screen.getByTestId("conn-setting-routes.key.request"), "POST /v2/keys");
    // Typing the default is no change of its own.
    await userEvent.type(screen.getByTestId("conn-setting-max_root_children"), "5");
    await userEvent.click(screen.getByTestId("conn-save"));
    await waitFor(() => expect(callsOf("connections_update")).toHaveLength(1));
    expect(callsOf("connections_update")[0]!.input).toEqual({
      name: "UnDosTres MX",
      provider: "undostres",
      baseUrl: "https://api.undostres.example",
      settings: {
        routes: { "key.request": "POST /v2/keys", "account.get": "GET /cuentas/{company_id}" },
        max_children: 8,
      },
    });
  });

  it("sends a new connection's changed numbers as numbers, and nothing when none changed", async () => {
    backend();
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-connections"));
    const add = async (c: string) => {
      await userEvent.click(screen.getByTestId("connection-add-button"));
      await userEvent.type(screen.getByTestId("conn-name"), "UDT");
      await userEvent.selectOptions(screen.getByTestId("conn-provider"), "undostres");
      await userEvent.type(screen.getByTestId("conn-base-url"), "https://api.undostres.example");
      await userEvent.type(screen.getByTestId("conn-secret-user"), "ana");
      await userEvent.type(screen.getByTestId("conn-secret-password"), "s3creta");
      if (c) {
        await userEvent.click(screen.getByTestId("conn-settings-toggle"));
        await userEvent.type(screen.getByTestId("conn-setting-max_root_children"), c);
      }
      await userEvent.click(screen.getByTestId("conn-save"));
    };
    await add("");
    await waitFor(() => expect(callsOf("connections_add")).toHaveLength(1));
    expect(callsOf("connections_add")[0]!.input).not.toHaveProperty("settings");
    await add("3");
    await waitFor(() => expect(callsOf("connections_add")).toHaveLength(2));
    expect(callsOf("connections_add")[1]!.input).toMatchObject({ provider: "undostres", settings: { max_root_children: 3 } });
  });

  it("opens itself to show the parser's error on the input it is about", async () => {
    backend({
      connections_update: () => {
        throw apiError("VALIDATION", "invalid input", {
          "settings.routes.account.get": fieldError("route_unknown_placeholder", "unknown placeholder {account}", { name: "account" }),
        });
      },
    });
    await editUndostres();
    await userEvent.click(screen.getByTestId("conn-save"));
    const err = await screen.findByTestId("field-error-settings.routes.account.get");
    expect(err).toHaveTextContent("marcador desconocido «account»");
    expect(screen.getByTestId("conn-setting-routes.account.get")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("conn-setting-routes.key.request")).toHaveAttribute("aria-invalid", "false");
  });
});
