import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { apiError, callsOf, mockBackend, renderApp } from "./harness";

describe("edit user", () => {
  it("sends only changed fields and offers the security token flow with the sandbox mailbox", async () => {
    let attempts = 0;
    mockBackend({
      "backoffice/user.edit": () => {
        attempts++;
        if (attempts === 1) throw apiError("SECURITY_TOKEN_REQUIRED", "Se requiere token");
        return { message: "Actualizado" };
      },
      "backoffice/user.security_token": () => ({ message: "Token enviado" }),
      sandbox_outbox: () => [{ userId: 7, token: "ABC123", sentAtMs: 1_700_000_000_000 }],
    });
    renderApp();
    await userEvent.type(await screen.findByTestId("user-id-input"), "7{Enter}");
    await userEvent.click(await screen.findByTestId("user-edit-button"));
    expect(screen.getByTestId("field-first_name")).toHaveValue("María");
    await userEvent.clear(screen.getByTestId("field-mobile"));
    await userEvent.type(screen.getByTestId("field-mobile"), "5599999999{Enter}");
    await waitFor(() => expect(callsOf("backoffice/user.edit")).toHaveLength(1));
    expect(callsOf("backoffice/user.edit")[0]).toEqual({ connectionId: "c1", userId: 7, edit: { mobile: "5599999999" } });

    await userEvent.click(await screen.findByTestId("security-token-send"));
    await waitFor(() => expect(callsOf("backoffice/user.security_token")).toEqual([{ connectionId: "c1", userId: 7 }]));
    expect(await screen.findByTestId("sandbox-mail")).toHaveTextContent("ABC123");
    await userEvent.type(screen.getByTestId("field-token"), "ABC123");
    await userEvent.click(screen.getByTestId("user-edit-submit"));
    await waitFor(() => expect(callsOf("backoffice/user.edit")).toHaveLength(2));
    expect(callsOf("backoffice/user.edit")[1]).toEqual({ connectionId: "c1", userId: 7, edit: { mobile: "5599999999", token: "ABC123" } });
    await waitFor(() => expect(screen.queryByTestId("edit-user-dialog")).toBeNull());
  });
});
