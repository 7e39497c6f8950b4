import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend, realConn, renderApp } from "../../test/harness";
import { originOf } from "./ConnectionsScreen";

async function editProduccion() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-connections"));
  const rows = await screen.findAllByTestId("connection-row");
  await userEvent.click(within(rows[1]!).getByTestId("connection-edit-button"));
}

async function setBaseUrl(url: string) {
  const input = screen.getByTestId("conn-base-url");
  await userEvent.clear(input);
  await userEvent.type(input, url);
}

describe("editing a connection's host", () => {
  it("makes every secret required, says why, and sends nothing until they are entered", async () => {
    mockBackend({ connections_update: () => realConn });
    await editProduccion();
    // Same host: secrets may stay blank (kept).
    expect(screen.queryByTestId("conn-secrets-host-changed")).toBeNull();
    expect(screen.getByTestId("conn-secret-password")).not.toBeRequired();

    await setBaseUrl("https://otro.example.test");
    expect(screen.getByTestId("conn-secrets-host-changed")).toHaveTextContent(
      "Cambió el servidor: escriba de nuevo todas las credenciales",
    );
    for (const k of ["api_key", "username", "password"]) {
      const input = screen.getByTestId(`conn-secret-${k}`);
      expect(input).toBeRequired();
      expect(input).toHaveAttribute("placeholder", "");
    }

    await userEvent.type(screen.getByTestId("conn-secret-api_key"), "k-2");
    await userEvent.click(screen.getByTestId("conn-save"));
    expect(await screen.findByTestId("field-error-password")).toHaveTextContent("Obligatorio: cambió el servidor.");
    expect(screen.getByTestId("field-error-username")).toHaveTextContent("Obligatorio: cambió el servidor.");
    expect(callsOf("connections_update")).toHaveLength(0);

    await userEvent.type(screen.getByTestId("conn-secret-username"), "ana");
    await userEvent.type(screen.getByTestId("conn-secret-password"), "s3creta");
    await userEvent.click(screen.getByTestId("conn-save"));
    await waitFor(() => expect(callsOf("connections_update")).toHaveLength(1));
    expect(callsOf("connections_update")[0]).toEqual({
      id: "c2",
      input: {
        name: "Producción",
        provider: "backoffice",
        baseUrl: "https://otro.example.test",
        secrets: { api_key: "k-2", username: "ana", password: "s3creta" },
      },
    });
  });

  it("treats another port or scheme as another host, but not another path", async () => {
    mockBackend({ connections_update: () => realConn });
    await editProduccion();
    await setBaseUrl("https://bo.example.test:8443");
    expect(screen.getByTestId("conn-secrets-host-changed")).toBeInTheDocument();
    await setBaseUrl("https://bo.example.test/api/v2");
    expect(screen.queryByTestId("conn-secrets-host-changed")).toBeNull();
    await userEvent.click(screen.getByTestId("conn-save"));
    await waitFor(() => expect(callsOf("connections_update")).toHaveLength(1));
    expect(callsOf("connections_update")[0]!.input).not.toHaveProperty("secrets");
  });

  it("shows the service's refusal on the secrets", async () => {
    mockBackend({
      connections_update: () => {
        throw {
          code: "VALIDATION",
          message: "invalid input",
          fields: { secrets: { code: "secrets_host_changed", message: "the host changed: enter this connection's secrets again" } },
          retryable: false,
        };
      },
    });
    await editProduccion();
    await userEvent.click(screen.getByTestId("conn-save"));
    expect(await screen.findByTestId("field-error-secrets")).toHaveTextContent("el servidor cambió");
  });

  it("compares origins like the service", () => {
    expect(originOf("https://a.mx:443/x")).toBe(originOf("https://a.mx"));
    expect(originOf("http://a.mx")).not.toBe(originOf("https://a.mx"));
    expect(originOf("a.mx")).toBeNull();
    expect(originOf("ftp://a.mx")).toBeNull();
  });
});
