import { describe, expect, it } from "vitest";
import { screen, waitFor, within, act, fireEvent } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { OperationRecord, Ticket } from "../api";
import { callsOf, mockBackend, renderApp, sandboxConn } from "./harness";

async function openUser7() {
  await userEvent.type(await screen.findByTestId("user-id-input"), "7{Enter}");
  await screen.findByTestId("user-profile");
}

describe("tickets", () => {
  it("creates a ticket with the right payload and reloads the list", async () => {
    const tickets: Ticket[] = [];
    mockBackend({
      "backoffice/ticket.list": () => [...tickets],
      "backoffice/ticket.create": (a) => {
        const tk = a.ticket as { subject: string };
        tickets.push({ id: 31, subject: tk.subject, status: "Abierto", createdAt: "2024-05-01T10:00:00-06:00" });
        return { message: "Ticket creado" };
      },
    });
    renderApp();
    await openUser7();
    await userEvent.click(screen.getByTestId("tab-tickets"));
    expect(await screen.findByText("Aún no hay tickets.")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("ticket-new-button"));
    await userEvent.type(screen.getByTestId("ticket-subject"), "No puedo retirar");
    await userEvent.type(screen.getByTestId("ticket-comment"), "El retiro falla");
    await userEvent.click(screen.getByTestId("ticket-submit"));
    const row = await screen.findByTestId("ticket-row");
    expect(row).toHaveTextContent("No puedo retirar");
    expect(row).toHaveTextContent("Abierto");
    expect(callsOf("backoffice/ticket.create")).toEqual([
      { connectionId: "c1", ticket: { userId: 7, subject: "No puedo retirar", comment: "El retiro falla" } },
    ]);
    expect(callsOf("backoffice/ticket.list")).toHaveLength(2);
  });

  it("opens a thread, renders sanitized HTML and reloads after a reply", async () => {
    const msgs = [{ id: 1, contentHtml: "<p>Hola <b>equipo</b></p>", contentText: "Hola equipo", createdAt: "2024-05-01T10:00:00Z" }];
    mockBackend({
      "backoffice/ticket.list": () => [{ id: 31, subject: "Retiro", status: "Abierto", createdAt: "2024-05-01T10:00:00Z" }],
      "backoffice/thread.list": () => [...msgs],
      "backoffice/thread.reply": (a) => {
        const m = a.message as { content: string };
        msgs.push({ id: 2, contentHtml: `<p>${m.content}</p>`, contentText: m.content, createdAt: "2024-05-02T10:00:00Z" });
        return { message: "ok" };
      },
    });
    renderApp();
    await openUser7();
    await userEvent.click(screen.getByTestId("tab-tickets"));
    await userEvent.click(await screen.findByTestId("ticket-row"));
    const first = await screen.findByTestId("thread-message");
    expect(first.querySelector("b")).toHaveTextContent("equipo");
    await userEvent.type(screen.getByTestId("thread-reply-input"), "Ya lo revisamos");
    await userEvent.click(screen.getByTestId("thread-reply-submit"));
    await waitFor(() => expect(screen.getAllByTestId("thread-message")).toHaveLength(2));
    expect(callsOf("backoffice/thread.reply")[0]).toEqual({ connectionId: "c1", message: { ticketId: 31, content: "Ya lo revisamos" } });
  });
});

describe("wallets", () => {
  it("pages transactions 30 at a time and requests page 2", async () => {
    mockBackend({
      "backoffice/wallet.transactions": (a) => {
        const q = a.query as { page: number; walletId: number };
        return {
          currentPage: q.page,
          totalPages: 3,
          transactions: Array.from({ length: 30 }, (_, i) => ({
            id: (q.page - 1) * 30 + i + 1,
            amount: "-10.00",
            balance: "100.00",
            description: `Mov ${q.page}-${i}`,
            date: "2024-05-01",
          })),
        };
      },
    });
    renderApp();
    await openUser7();
    await userEvent.click(screen.getByTestId("tab-wallets"));
    await waitFor(() => expect(screen.getAllByTestId("wallet-row")).toHaveLength(30));
    expect(screen.getByTestId("wallet-page-info")).toHaveTextContent("Página 1 de 3");
    expect(screen.getByTestId("wallet-prev")).toBeDisabled();
    await userEvent.click(screen.getByTestId("wallet-next"));
    await waitFor(() => expect(screen.getByTestId("wallet-page-info")).toHaveTextContent("Página 2 de 3"));
    expect(screen.getAllByTestId("wallet-row")[0]).toHaveTextContent("Mov 2-0");
    expect(callsOf("backoffice/wallet.transactions").map((a) => a.query)).toEqual([
      { walletId: 1, userId: 7, page: 1 },
      { walletId: 1, userId: 7, page: 2 },
    ]);
  });
});

function records(fromId: number, n: number): OperationRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: fromId - i,
    atMs: 1_700_000_000_000 - i * 1000,
    connectionName: "Sandbox",
    provider: "backoffice",
    operation: "backoffice/user.get",
    target: `user ${fromId - i}`,
    outcome: i % 2 ? "error" : "ok",
    errorCode: i % 2 ? "NOT_FOUND" : undefined,
    durationMs: 42,
    summary: "resumen",
  }));
}

/** Runs `body` with a laid-out viewport: jsdom has no layout, and the virtualized history list
 * renders no rows without a size. */
async function withViewport(body: () => Promise<void>) {
  const h = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
  const w = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientWidth");
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
  try {
    await body();
  } finally {
    if (h) Object.defineProperty(HTMLElement.prototype, "clientHeight", h);
    if (w) Object.defineProperty(HTMLElement.prototype, "clientWidth", w);
  }
}

describe("history", () => {
  it("shows summaries in Spanish from their code, and older rows' text as recorded", async () => {
    const row = (id: number, rest: Partial<OperationRecord>): OperationRecord => ({
      id,
      atMs: 1_700_000_000_000 - id,
      connectionName: "Sandbox",
      provider: "signio",
      operation: "envelope.list",
      target: "inbox",
      outcome: "ok",
      durationMs: 42,
      summary: "",
      ...rest,
    });
    await withViewport(async () => {
      mockBackend({
        history_search: () => ({
          items: [
            row(3, { summary: "1500 envelopes", summaryCode: "envelopes_listed", summaryParams: { count: 1500 } }),
            row(2, { provider: "backoffice", operation: "user.dashboard", target: "user 7", summary: "5 wallets", summaryCode: "wallets_listed", summaryParams: { count: 5 } }),
            row(1, { summary: "12 envelopes" }),
          ],
        }),
      });
      renderApp();
      await userEvent.click(await screen.findByTestId("nav-history"));
      await waitFor(() => expect(screen.getAllByTestId("history-row")).toHaveLength(3));
      const summaries = screen.getAllByTestId("history-summary").map((el) => el.textContent);
      expect(summaries).toEqual(["1500 sobres", "5 billeteras", "12 envelopes"]);
    });
  });

  it("debounces the search and pages with nextBeforeId", async () => {
    await withViewport(async () => {
      mockBackend({
        history_search: (a) => {
          const q = a.query as { beforeId?: number };
          if (q.beforeId === undefined) return { items: records(100, 5), nextBeforeId: 96 };
          if (q.beforeId === 96) return { items: records(95, 5) };
          return { items: [] };
        },
      });
      renderApp();
      await userEvent.click(await screen.findByTestId("nav-history"));
      await waitFor(() => expect(screen.getAllByTestId("history-row")).toHaveLength(10));
      expect(callsOf("history_search").map((a) => (a.query as { beforeId?: number }).beforeId)).toEqual([undefined, 96]);

      const before = callsOf("history_search").length;
      await userEvent.type(screen.getByTestId("history-search"), "retiro");
      // Typing fast sends one search, after the pause, with the whole text.
      await waitFor(() => expect(callsOf("history_search").length).toBeGreaterThan(before));
      await new Promise((r) => setTimeout(r, 400));
      const searches = callsOf("history_search").slice(before).map((a) => a.query as { text?: string; beforeId?: number });
      expect(searches.filter((q) => q.beforeId === undefined).map((q) => q.text)).toEqual(["retiro"]);
      expect(searches.some((q) => q.beforeId === 96 && q.text === "retiro")).toBe(true);

      expect(screen.getAllByTestId("history-row")[0]).toHaveTextContent("user 100");
    });
  });

  it("exports with the current filters and toasts the saved path", async () => {
    mockBackend({
      history_export_csv: () => ({ status: "saved", path: "/home/ana/historial.csv", rows: 12, bytes: 900 }),
    });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-history"));
    await userEvent.selectOptions(screen.getByTestId("history-filter-outcome"), "error");
    await userEvent.click(screen.getByTestId("history-export"));
    expect(await screen.findByTestId("toast")).toHaveTextContent("/home/ana/historial.csv");
    expect(callsOf("history_export_csv")[0]).toEqual({ query: { outcome: "error" } });
  });
});

describe("connections", () => {
  it("never pre-fills secrets and keeps them when left blank", async () => {
    mockBackend({ connections_update: () => sandboxConn });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-connections"));
    const rows = await screen.findAllByTestId("connection-row");
    expect(within(rows[0]!).getByTestId("connection-secret")).toHaveTextContent("Guardado en el llavero");
    expect(within(rows[1]!).getByTestId("connection-secret")).toHaveTextContent("Solo en memoria");
    await userEvent.click(within(rows[0]!).getByTestId("connection-edit-button"));
    expect(screen.getByTestId("conn-name")).toHaveValue("Sandbox Back office");
    for (const k of ["api_key", "username", "password"]) {
      const input = screen.getByTestId(`conn-secret-${k}`);
      expect(input).toHaveValue("");
      expect(input).toHaveAttribute("type", "password");
    }
    await userEvent.click(screen.getByTestId("conn-save"));
    await waitFor(() => expect(callsOf("connections_update")).toHaveLength(1));
    expect(callsOf("connections_update")[0]).toEqual({
      id: "c1",
      input: { name: "Sandbox Back office", provider: "backoffice", baseUrl: "http://127.0.0.1:4100" },
    });
  });

  it("tests a connection and removes one after confirmation; Escape closes dialogs", async () => {
    mockBackend({
      connections_test: () => ({ ok: true, message: "ok", latencyMs: 87 }),
      connections_remove: () => null,
    });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-connections"));
    const rows = await screen.findAllByTestId("connection-row");
    await userEvent.click(within(rows[0]!).getByTestId("connection-test-button"));
    expect(await within(rows[0]!).findByTestId("connection-test-result")).toHaveTextContent("87 ms");
    await userEvent.click(within(rows[1]!).getByTestId("connection-remove-button"));
    expect(screen.getByTestId("confirm-dialog")).toBeInTheDocument();
    act(() => {
      fireEvent.keyDown(document, { key: "Escape" });
    });
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    await userEvent.click(within(rows[1]!).getByTestId("connection-remove-button"));
    await userEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(callsOf("connections_remove")).toEqual([{ id: "c2" }]));
  });
});
