import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { apiError, appInfo, callsOf, fieldError, fieldOf, mockBackend, providerText, renderApp } from "./harness";

describe("language", () => {
  it("defaults to Spanish when the OS locale is Spanish", async () => {
    mockBackend({ app_info: () => appInfo("es-MX") });
    renderApp();
    expect(await screen.findByTestId("nav-users")).toHaveTextContent("Usuarios y tickets");
    expect(screen.getByTestId("lang-es")).toHaveAttribute("aria-pressed", "true");
  });

  it("defaults to English otherwise, switches, and remembers the choice", async () => {
    mockBackend({ app_info: () => appInfo("de-DE") });
    const { unmount } = renderApp();
    expect(await screen.findByTestId("nav-users")).toHaveTextContent("Users & tickets");
    await userEvent.click(screen.getByTestId("lang-es"));
    expect(screen.getByTestId("nav-history")).toHaveTextContent("Historial");
    unmount();
    renderApp();
    expect(await screen.findByTestId("nav-history")).toHaveTextContent("Historial");
  });
});

describe("header", () => {
  it("lists connections, badges sandbox ones and explains in-memory secrets", async () => {
    mockBackend();
    renderApp();
    const select = await screen.findByTestId("connection-select");
    await waitFor(() => expect(within(select).getAllByRole("option")).toHaveLength(2));
    expect(screen.getByTestId("active-sandbox-badge")).toHaveTextContent("Sandbox");
    expect(screen.queryByTestId("memory-note")).toBeNull();
    await userEvent.selectOptions(select, "c2");
    expect(screen.getByTestId("memory-note")).toBeInTheDocument();
    expect(screen.queryByTestId("active-sandbox-badge")).toBeNull();
  });
});

describe("errors", () => {
  it("shows the error message with a localized hint in a toast", async () => {
    mockBackend({
      "backoffice/user.get": () => {
        throw apiError("INVALID_API_KEY", "La clave de API fue rechazada");
      },
    });
    renderApp();
    await userEvent.type(await screen.findByTestId("user-id-input"), "42{Enter}");
    const toast = await screen.findByTestId("toast");
    expect(toast).toHaveTextContent("La clave de API fue rechazada");
    expect(within(toast).getByTestId("toast-hint")).toHaveTextContent("Revise la clave de API de la conexión en Conexiones.");
    expect(callsOf("backoffice/user.get")[0]).toEqual({ connectionId: "c1", userId: 42 });
  });

  it("hints how to get a keychain", async () => {
    mockBackend({
      app_info: () => appInfo("en-US"),
      connections_list: () => {
        throw apiError("KEYCHAIN_UNAVAILABLE", "No Secret Service");
      },
    });
    renderApp();
    const toast = await screen.findByTestId("toast");
    expect(toast).toHaveTextContent("No Secret Service");
    expect(toast).toHaveTextContent("GNOME Keyring");
  });

  it("puts field errors under their inputs", async () => {
    mockBackend({
      "backoffice/user.create": () => {
        throw apiError("VALIDATION", "Revise los datos", {
          first_name: providerText("Obligatorio"),
          country_code: providerText("País desconocido"),
          user_name: fieldError("taken", "has already been taken"),
        });
      },
    });
    renderApp();
    await userEvent.click(await screen.findByTestId("user-create-button"));
    await userEvent.type(screen.getByTestId("field-first_name"), "Ana");
    await waitFor(() => expect(screen.getByRole("option", { name: "México" })).toBeInTheDocument());
    await userEvent.selectOptions(screen.getByTestId("field-country_code"), "MX");
    await userEvent.click(screen.getByTestId("user-create-submit"));
    expect(await screen.findByTestId("field-error-first_name")).toHaveTextContent("Obligatorio");
    expect(within(fieldOf("field-first_name")).getByTestId("field-error-first_name")).toBeInTheDocument();
    expect(within(fieldOf("field-country_code")).getByTestId("field-error-country_code")).toHaveTextContent("País desconocido");
    expect(within(fieldOf("field-user_name")).getByTestId("field-error-user_name")).toHaveTextContent("ya está en uso");
    expect(screen.queryByTestId("field-error-email")).toBeNull();
    expect(screen.getByTestId("toast")).toHaveTextContent("Corrija los campos marcados.");
    const sent = callsOf("backoffice/user.create")[0]!;
    expect(sent.connectionId).toBe("c1");
    expect(sent.user).toMatchObject({ firstName: "Ana", countryCode: "MX" });
  });
});
