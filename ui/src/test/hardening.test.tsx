// What a hostile or broken provider must not do to the window (issue 7):
// links in its HTML, writes whose outcome is unknown, local files by token.
import { describe, expect, it } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import type { OperationRecord } from "../api";
import { prepareLinks } from "../components/ProviderHtml";
import { apiError, callsOf, mockBackend, renderApp } from "./harness";

async function openUser7() {
  await userEvent.type(await screen.findByTestId("user-id-input"), "7{Enter}");
  await screen.findByTestId("user-profile");
}

describe("links in provider HTML", () => {
  it("opens https links through Rust (with the UI's language) and never navigates; other links are text", async () => {
    const html =
      '<p>Vea <a href="https://ayuda.example.com/retiros" target="_blank">la guía</a>, ' +
      '<a href="http://inseguro.example.com/x">este</a> y <a href="javascript:alert(1)">aquel</a>.</p>';
    mockBackend({
      "backoffice/ticket.list": () => [{ id: 31, subject: "Retiro", status: "Abierto", createdAt: "2024-05-01T10:00:00Z" }],
      "backoffice/thread.list": () => [{ id: 1, contentHtml: html, contentText: "", createdAt: "2024-05-01T10:00:00Z" }],
      open_link: () => true,
    });
    renderApp();
    await openUser7();
    await userEvent.click(screen.getByTestId("tab-tickets"));
    await userEvent.click(await screen.findByTestId("ticket-row"));
    const body = await screen.findByTestId("thread-message-body");
    const link = within(body).getByTestId("external-link");
    expect(link).toHaveTextContent("la guía");
    expect(link).not.toHaveAttribute("target");
    expect(link).toHaveAttribute("title", "https://ayuda.example.com/retiros");
    // Neither the http nor the javascript: link is clickable.
    expect(within(body).getAllByTestId("inert-link").map((s) => s.textContent)).toEqual(["este", "aquel"]);
    expect(body.querySelectorAll("a")).toHaveLength(1);

    const before = window.location.href;
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    act(() => {
      link.dispatchEvent(click);
    });
    expect(click.defaultPrevented).toBe(true);
    await waitFor(() => expect(callsOf("open_link")).toEqual([{ url: "https://ayuda.example.com/retiros", lang: "es" }]));
    expect(await screen.findByText("Abierto en su navegador.")).toBeInTheDocument();
    expect(window.location.href).toBe(before);

    // The inert ones ask Rust nothing.
    await userEvent.click(within(body).getAllByTestId("inert-link")[0]!);
    expect(callsOf("open_link")).toHaveLength(1);
  });

  it("says nothing when the user declines the native confirmation", async () => {
    mockBackend({
      "backoffice/ticket.list": () => [{ id: 31, subject: "Retiro", status: "Abierto", createdAt: "2024-05-01T10:00:00Z" }],
      "backoffice/thread.list": () => [{ id: 1, contentHtml: '<a href="https://x.example/">x</a>', contentText: "", createdAt: "2024-05-01T10:00:00Z" }],
      open_link: () => false,
    });
    renderApp();
    await openUser7();
    await userEvent.click(screen.getByTestId("tab-tickets"));
    await userEvent.click(await screen.findByTestId("ticket-row"));
    await userEvent.click(await screen.findByTestId("external-link"));
    await waitFor(() => expect(callsOf("open_link")).toHaveLength(1));
    expect(screen.queryByTestId("toast")).toBeNull();
  });

  it("keeps only https links with a host", () => {
    const out = document.createElement("div");
    out.innerHTML = prepareLinks(
      '<a href="https://a.example/">1</a><a href="/relativo">2</a><a href="mailto:x@y.example">3</a><a>4</a><a href="data:text/html,x">5</a><a href="HTTPS://B.example/q">6</a>',
    );
    expect(Array.from(out.querySelectorAll("a")).map((a) => a.textContent)).toEqual(["1", "6"]);
    expect(out.querySelectorAll(".inert-link")).toHaveLength(4);
  });
});

describe("writes whose outcome is unknown", () => {
  const unknown = { ...apiError("OUTCOME_UNKNOWN", "BackOffice did not answer in time after receiving the request"), retryable: true };

  it("a ticket create says to check before retrying and offers to reload the tickets", async () => {
    mockBackend({
      "backoffice/ticket.list": () => [],
      "backoffice/ticket.create": () => {
        throw unknown;
      },
    });
    renderApp();
    await openUser7();
    await userEvent.click(screen.getByTestId("tab-tickets"));
    await userEvent.click(await screen.findByTestId("ticket-new-button"));
    await userEvent.type(screen.getByTestId("ticket-subject"), "No puedo retirar");
    await userEvent.type(screen.getByTestId("ticket-comment"), "El retiro falla");
    await userEvent.click(screen.getByTestId("ticket-submit"));
    const notice = await screen.findByTestId("outcome-unknown");
    expect(notice).toHaveTextContent("Puede que se haya aplicado: compruébelo antes de reintentar.");
    const toast = screen.getAllByTestId("toast").find((t) => t.dataset.code === "OUTCOME_UNKNOWN")!;
    expect(within(toast).getByTestId("toast-hint")).toHaveTextContent("Puede que se haya aplicado: compruébelo antes de reintentar.");
    // Never "you can retry", even if a provider error were flagged retryable.
    expect(document.body).not.toHaveTextContent("Puede reintentar");
    expect(within(toast).getByTestId("toast-action")).toHaveTextContent("Recargar los tickets");

    const loads = callsOf("backoffice/ticket.list").length;
    await userEvent.click(within(notice).getByTestId("outcome-lookup"));
    await waitFor(() => expect(screen.queryByTestId("ticket-dialog")).toBeNull());
    await waitFor(() => expect(callsOf("backoffice/ticket.list").length).toBe(loads + 1));
  });

  it("a user create offers to look at the users, and says it in English too", async () => {
    localStorage.setItem("ventanilla.lang", "en");
    try {
      mockBackend({
        "backoffice/catalog.list": () => [{ id: "MX", name: "México" }],
        "backoffice/user.create": () => {
          throw unknown;
        },
      });
      renderApp();
      await userEvent.click(await screen.findByTestId("user-create-button"));
      for (const [k, v] of [
        ["sponsor", "1"],
        ["user_name", "ana"],
        ["first_name", "Ana"],
        ["last_name", "Ruiz"],
        ["email", "ana@example.com"],
        ["mobile", "5512345678"],
        ["password", "Secreta-123"],
      ] as const) {
        await userEvent.type(screen.getByTestId(`field-${k}`), v);
      }
      await userEvent.click(screen.getByTestId("user-create-submit"));
      const notice = await screen.findByTestId("outcome-unknown");
      expect(notice).toHaveTextContent("It may have been applied: check before retrying.");
      expect(document.body).not.toHaveTextContent("You can retry");
      await userEvent.click(within(notice).getByTestId("outcome-lookup"));
      expect(await screen.findByTestId("user-id-input")).toBeInTheDocument();
    } finally {
      localStorage.removeItem("ventanilla.lang");
    }
  });
});

describe("history", () => {
  const rec = (id: number, outcome: OperationRecord["outcome"], errorCode?: string): OperationRecord => ({
    id,
    atMs: 1_700_000_000_000 - id,
    connectionName: "Sandbox",
    provider: "signio",
    operation: "envelope.create",
    target: `envelope ${id}`,
    outcome,
    errorCode,
    durationMs: 42,
    summary: "resumen",
  });

  it("shows an unknown outcome apart from errors and filters by it", async () => {
    const h = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
    const w = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientWidth");
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
    Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
    try {
      mockBackend({
        history_search: (a) => {
          const q = a.query as { outcome?: string };
          return { items: q.outcome === "unknown" ? [rec(3, "unknown", "OUTCOME_UNKNOWN")] : [rec(3, "unknown", "OUTCOME_UNKNOWN"), rec(2, "error", "TIMEOUT"), rec(1, "ok")] };
        },
      });
      renderApp();
      await userEvent.click(await screen.findByTestId("nav-history"));
      await waitFor(() => expect(screen.getAllByTestId("history-row")).toHaveLength(3));
      const badges = screen.getAllByTestId("history-outcome");
      expect(badges.map((b) => b.textContent)).toEqual(["Resultado desconocido", "Error", "Correcto"]);
      expect(badges[0]!.className).toContain("badge-warn");
      expect(badges[1]!.className).toContain("badge-error");

      const filter = screen.getByTestId("history-filter-outcome");
      expect(within(filter).getByRole("option", { name: "Resultado desconocido" })).toBeInTheDocument();
      await userEvent.selectOptions(filter, "unknown");
      await waitFor(() => expect(callsOf("history_search").some((a) => (a.query as { outcome?: string }).outcome === "unknown")).toBe(true));
      await waitFor(() => expect(screen.getAllByTestId("history-row")).toHaveLength(1));
    } finally {
      if (h) Object.defineProperty(HTMLElement.prototype, "clientHeight", h);
      if (w) Object.defineProperty(HTMLElement.prototype, "clientWidth", w);
    }
  });
});

describe("local files by drop token", () => {
  it("a dropped profile image is sent as its token, never a path", async () => {
    mockBackend(
      {
        file_info: (a) => ({ token: a.token, name: "avatar.png", size: 2048 }),
        "backoffice/user.edit": () => ({ message: "Actualizado" }),
      },
      { events: true },
    );
    renderApp();
    await openUser7();
    await userEvent.click(await screen.findByTestId("user-edit-button"));
    await screen.findByTestId("profile-drop-zone");
    await act(() => emit("native-drop", { type: "drop", files: [{ token: "tok-9f3", name: "avatar.png", size: 2048 }] }));
    expect(await screen.findByTestId("profile-image-file")).toHaveTextContent("avatar.png");
    expect(callsOf("file_info")).toEqual([{ token: "tok-9f3" }]);
    await userEvent.click(screen.getByTestId("user-edit-submit"));
    await waitFor(() => expect(callsOf("backoffice/user.edit")).toHaveLength(1));
    expect(callsOf("backoffice/user.edit")[0]).toEqual({ connectionId: "c1", userId: 7, edit: {}, profileImage: "tok-9f3" });
  });
});
