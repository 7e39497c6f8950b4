import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import type { Connection, TransferUpdate } from "../../api";
import { apiError, appInfo, callsOf, fieldError, mockBackend, renderApp, sandboxConn, type Handler } from "../../test/harness";
import type { Order } from "./api";

const dcConn: Connection = {
  id: "d1",
  name: "Sandbox DynamiCore",
  provider: "dynamicore",
  baseUrl: "http://127.0.0.1:4400",
  sandbox: true,
  secret: "stored",
  createdAt: "2024-01-01T00:00:00Z",
};

// Rows as the simulator serves them (sandbox/data.rs).
const clients = [
  { id: "1", client_type: "17", pii: { firstname: "Rafael", lastname: "López Ortega", rfc: "LOOR830910GT7", email: "rafael.lopez@ejemplo.mx" }, documents: {} },
  { id: "2", client_type: "17", pii: { firstname: "María José", lastname: "Hernández Ruiz", rfc: "HERM900215MX3", email: "mj.hernandez@ejemplo.mx" }, documents: {} },
  { id: "3", client_type: "17", pii: { firstname: "Ximena", lastname: "Peña Ávila", rfc: "PEAX880730KJ2", email: "ximena.pena@ejemplo.mx" }, documents: {} },
  {
    id: "4",
    client_type: "18",
    pii: { firstname: "Comercializadora", lastname: "del Bajío SA de CV", rfc: "CBA1906288W3", email: "contacto@bajio.example.mx", razon_social: "Comercializadora del Bajío" },
    documents: { acta_constitutiva: [{ name: "acta.pdf", size: 2048 }] },
  },
];
const listing = (data: unknown[]) => ({ total: data.length, data });
const clientTypes = [
  { id: "17", name: "Persona Física", description: "Personas físicas", template: ["firstname", "lastname", "rfc", "email"] },
  { id: "18", name: "Persona Moral", description: "Empresas", template: ["razon_social", "rfc", "acta_constitutiva"] },
];
const productTypes = [
  { id: "6", name: "Crédito simple", description: "Crédito simple a 12 meses", template: [] },
  { id: "7", name: "Cuenta de ahorro", description: null, template: [] },
];
const transactions = Array.from({ length: 130 }, (_, k) => ({
  id: `100-${String(k).padStart(4, "0")}`,
  date: `2026-0${1 + (k % 9)}-1${k % 10}`,
  concept: k % 2 ? "Depósito SPEI" : "Pago OXXO",
  amount: 123450 + k,
  currency: "484",
}));

// jsdom has no layout: give scroll viewports a size so the virtualizer renders rows.
const saved: Record<string, PropertyDescriptor | undefined> = {};
beforeEach(() => {
  for (const k of ["clientHeight", "clientWidth"] as const) {
    saved[k] = Object.getOwnPropertyDescriptor(HTMLElement.prototype, k);
    Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => (k === "clientHeight" ? 400 : 1200) });
  }
});
afterEach(() => {
  for (const k of ["clientHeight", "clientWidth"]) {
    const d = saved[k];
    if (d) Object.defineProperty(HTMLElement.prototype, k, d);
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[k];
  }
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function backend(overrides: Record<string, Handler> = {}, lang = "es-MX") {
  mockBackend(
    {
      app_info: () => ({
        ...appInfo(lang),
        providers: [...appInfo(lang).providers, { id: "dynamicore", label: "DynamiCore", secretFields: ["client_key", "secret"], sandboxName: "Sandbox DynamiCore", settingFields: [] }],
      }),
      connections_list: () => [sandboxConn, dcConn],
      "dynamicore/client.list": (a) => (a.id ? listing(clients.filter((c) => c.id === a.id)) : listing(clients)),
      "dynamicore/catalog.client": () => listing(clientTypes),
      "dynamicore/catalog.product": () => listing(productTypes),
      "dynamicore/account.list": (a) => listing(a.clientId === "1" ? [{ id: "100", client_id: "1", product: "6", enabled: "1", currency: "484" }] : []),
      "dynamicore/account.transactions": () => listing(transactions),
      "dynamicore/account.payments": () => listing([{ id: "P100-0000", date: "2026-01-05", amount: 50000, method: "SPEI", status: "applied" }]),
      "dynamicore/sat.data": () => ({ total: 0, data: [] }),
      ...overrides,
    },
    { events: true },
  );
}

async function openScreen() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-clients"));
  return screen.findByTestId("clients-screen");
}

async function openClient(id: string) {
  await openScreen();
  const row = await waitFor(() => screen.getAllByTestId("client-row").find((r) => r.dataset.client === id)!);
  await userEvent.click(row);
  await screen.findByTestId("client-header");
}

// Journeys type a lot: room for a loaded 2-core machine.
describe("Clientes y cuentas", { timeout: 20_000 }, () => {
  it("lists the clients in Spanish, searches them ignoring accents and opens one", async () => {
    backend();
    const s = await openScreen();
    expect(screen.getByTestId("nav-clients")).toHaveTextContent("Clientes y cuentas");
    expect(await screen.findAllByTestId("client-row")).toHaveLength(4);
    expect(screen.getByTestId("clients-count")).toHaveTextContent("4 clientes");
    // The type's name comes from the client-type catalog.
    const first = screen.getAllByTestId("client-row")[0]!;
    await waitFor(() => expect(first).toHaveTextContent("Persona Física"));
    expect(first).toHaveTextContent("LOOR830910GT7");

    await userEvent.type(screen.getByTestId("clients-search"), "pena avila");
    await waitFor(() => expect(screen.getAllByTestId("client-row")).toHaveLength(1));
    expect(screen.getByTestId("clients-count")).toHaveTextContent("1 de 4 clientes");
    await userEvent.clear(screen.getByTestId("clients-search"));
    await userEvent.type(screen.getByTestId("clients-search"), "cba19");
    await waitFor(() => expect(screen.getAllByTestId("client-row").map((r) => r.dataset.client)).toEqual(["4"]));
    await userEvent.click(screen.getByTestId("client-row"));

    expect(await screen.findByTestId("client-name")).toHaveTextContent("Comercializadora del Bajío SA de CV");
    expect(screen.getByTestId("client-rfc")).toHaveTextContent("CBA1906288W3");
    expect(screen.getByTestId("client-header")).toHaveTextContent("Persona Moral");
    expect(callsOf("dynamicore/client.list")).toContainEqual({ connectionId: "d1", id: "4" });
    // PII the API can't change shows read-only.
    expect(screen.getByTestId("pii-razon_social")).toHaveTextContent("Comercializadora del Bajío");
    expect(s.textContent).not.toMatch(/\b(Search|clients|Edit|Accounts|Documents)\b/);

    await userEvent.click(screen.getByTestId("client-back"));
    expect(await screen.findAllByTestId("client-row")).toHaveLength(4);
  });

  it("draws at most 200 clients of a long list and says to search for the rest", async () => {
    const many = Array.from({ length: 450 }, (_, i) => ({ id: String(i + 1), client_type: "17", pii: { firstname: `Cliente ${i + 1}`, lastname: "Demo", rfc: "", email: "" }, documents: {} }));
    backend({ "dynamicore/client.list": () => listing(many) });
    await openScreen();
    await waitFor(() => expect(screen.getAllByTestId("client-row")).toHaveLength(200));
    expect(screen.getByTestId("clients-capped")).toHaveTextContent("primeros 200 de 450");
    await userEvent.type(screen.getByTestId("clients-search"), "cliente 449");
    await waitFor(() => expect(screen.getAllByTestId("client-row").map((r) => r.dataset.client)).toEqual(["449"]));
    expect(screen.queryByTestId("clients-capped")).toBeNull();
  });

  it("sends only the PII field that changed, and keeps what was typed when Rust refuses it", async () => {
    let attempt = 0;
    backend({
      "dynamicore/client.update": (a) => {
        attempt++;
        if (attempt === 1) throw apiError("VALIDATION", "invalid input", { email: fieldError("invalid_email", "is not a valid e-mail address") });
        return listing([{ ...clients[0], pii: { ...clients[0]!.pii, email: a.email } }]);
      },
    });
    await openClient("1");
    await userEvent.click(screen.getByTestId("pii-edit"));
    const email = screen.getByTestId("client-email");
    await userEvent.clear(email);
    await userEvent.type(email, "rafael@");
    await userEvent.click(screen.getByTestId("pii-save"));
    expect(await screen.findByTestId("field-error-email")).toHaveTextContent("no es un correo electrónico válido");
    expect(screen.getByTestId("client-email")).toHaveValue("rafael@");
    expect(screen.getByTestId("client-first_name")).toHaveValue("Rafael");

    await userEvent.type(screen.getByTestId("client-email"), "lopez.mx");
    await userEvent.click(screen.getByTestId("pii-save"));
    await waitFor(() => expect(callsOf("dynamicore/client.update")).toHaveLength(2));
    expect(callsOf("dynamicore/client.update")[1]).toEqual({ connectionId: "d1", id: "1", email: "rafael@lopez.mx" });
    // Saved: the form closes and the client is read again.
    expect(await screen.findByTestId("pii-edit")).toBeInTheDocument();
    expect(callsOf("dynamicore/client.list").filter((a) => a.id === "1").length).toBeGreaterThanOrEqual(2);
  });

  it("uploads two files dropped on a field in one request, with progress per file, and can cancel", async () => {
    const uploads: ReturnType<typeof deferred<unknown>>[] = [];
    backend({
      "dynamicore/file.upload": () => {
        const d = deferred<unknown>();
        uploads.push(d);
        return d.promise;
      },
      transfer_cancel: () => true,
    });
    await openClient("4");
    await userEvent.click(screen.getByTestId("client-tab-documents"));
    // The template's document field and the file already in it.
    const field = await waitFor(() => screen.getAllByTestId("doc-field").find((f) => f.dataset.field === "acta_constitutiva")!);
    expect(within(field).getByTestId("doc-files")).toHaveTextContent("acta.pdf");
    // razon_social is a template field too (and the picked target): the
    // files land on acta_constitutiva, so they go there. jsdom has no
    // layout: the point Rust reports is where this field is.
    const hit = vi.fn((x: number, y: number) => (x === 320 && y === 410 ? within(field).getByTestId("doc-target") : null));
    Object.defineProperty(document, "elementFromPoint", { configurable: true, value: hit });

    await act(() =>
      emit("native-drop", {
        type: "drop",
        files: [
          { token: "tok-a", name: "acta-2024.pdf", size: 200 },
          { token: "tok-b", name: "poder.pdf", size: 100 },
        ],
        x: 320,
        y: 410,
      }),
    );
    expect(hit).toHaveBeenCalledWith(320, 410);
    await waitFor(() => expect(callsOf("dynamicore/file.upload")).toHaveLength(1));
    const args = callsOf("dynamicore/file.upload")[0]!;
    expect(args).toEqual({ connectionId: "d1", clientId: "4", field: "acta_constitutiva", files: ["tok-a", "tok-b"], transferId: expect.any(String) });
    const transferId = args.transferId as string;

    // Rust reports the one request under both names: its progress spreads over the files in order.
    const progress = (transferred: number): TransferUpdate => ({ transferId, kind: "upload", name: "acta-2024.pdf, poder.pdf", transferred, total: 300 });
    const files = await within(field).findAllByTestId("doc-upload-file");
    expect(files.map((f) => f.dataset.name)).toEqual(["acta-2024.pdf", "poder.pdf"]);
    const bar = (i: number) => within(within(field).getAllByTestId("doc-upload-file")[i]!).getByTestId("doc-upload-progress");
    await act(() => emit("transfer-progress", progress(100)));
    await waitFor(() => expect(bar(0)).toHaveAttribute("value", "50"));
    expect(bar(1)).toHaveAttribute("value", "0");
    await act(() => emit("transfer-progress", progress(250)));
    await waitFor(() => expect(bar(0)).toHaveAttribute("value", "100"));
    expect(bar(1)).toHaveAttribute("value", "50");
    // Another transfer's events are not this one's.
    await act(() => emit("transfer-progress", { ...progress(300), transferId: "other" }));
    expect(bar(1)).toHaveAttribute("value", "50");
    expect(within(field).getByTestId("doc-upload-status")).toHaveTextContent("Subiendo");

    await act(async () =>
      uploads[0]!.resolve({
        clientId: "4",
        field: "acta_constitutiva",
        files: [
          { name: "acta-2024.pdf", bytes: 200 },
          { name: "poder.pdf", bytes: 100 },
        ],
        durationMs: 40,
      }),
    );
    await waitFor(() => expect(within(field).getByTestId("doc-upload-status")).toHaveTextContent("Subidos"));
    expect(bar(1)).toHaveAttribute("value", "100");
    // The client is read again, for its documents.
    await waitFor(() => expect(callsOf("dynamicore/client.list").filter((a) => a.id === "4").length).toBeGreaterThanOrEqual(2));

    // A second drop, cancelled while it runs.
    await act(() => emit("native-drop", { type: "drop", files: [{ token: "tok-c", name: "grande.pdf", size: 10_000_000 }], x: 320, y: 410 }));
    delete (document as { elementFromPoint?: unknown }).elementFromPoint;
    await waitFor(() => expect(callsOf("dynamicore/file.upload")).toHaveLength(2));
    const second = callsOf("dynamicore/file.upload")[1]!;
    await userEvent.click(await within(field).findByTestId("doc-upload-cancel"));
    expect(callsOf("transfer_cancel")).toEqual([{ transferId: second.transferId }]);
    await act(async () => uploads[1]!.reject(apiError("CANCELLED", "cancelled")));
    await waitFor(() => expect(within(field).getAllByTestId("doc-upload-status")[0]).toHaveTextContent("Cancelado"));
  });

  it("refuses a bad currency next to the field and does nothing else", async () => {
    backend({
      "dynamicore/account.create": () => {
        throw apiError("VALIDATION", "invalid input", {
          currency: fieldError("currency_iso4217", "is not an ISO 4217 numeric currency code (e.g. 484 for MXN)"),
        });
      },
    });
    await openClient("1");
    await userEvent.click(screen.getByTestId("client-tab-accounts"));
    await screen.findAllByTestId("account-row");
    const lists = callsOf("dynamicore/account.list").length;
    await userEvent.click(screen.getByTestId("account-create-button"));
    const dialog = screen.getByTestId("account-create-dialog");
    await userEvent.selectOptions(await within(dialog).findByTestId("account-product"), "7");
    await userEvent.clear(within(dialog).getByTestId("account-currency"));
    await userEvent.type(within(dialog).getByTestId("account-currency"), "MXN");
    await userEvent.click(within(dialog).getByTestId("account-create-submit"));

    expect(await within(dialog).findByTestId("field-error-currency")).toHaveTextContent("no es un código numérico de moneda ISO 4217");
    expect(callsOf("dynamicore/account.create")).toEqual([{ connectionId: "d1", clientId: "1", product: "7", currency: "MXN", enabled: "1" }]);
    // Nothing else: the dialog stays with what was typed, no list reload, no other field blamed.
    expect(screen.getByTestId("account-create-dialog")).toBeInTheDocument();
    expect(within(dialog).getByTestId("account-currency")).toHaveValue("MXN");
    expect(within(dialog).getByTestId("account-product")).toHaveValue("7");
    expect(within(dialog).queryByTestId("field-error-product")).toBeNull();
    expect(callsOf("dynamicore/account.list")).toHaveLength(lists);
  });

  it("shows an account's 130 movements virtualized, amounts in pesos", async () => {
    backend();
    await openClient("1");
    await userEvent.click(screen.getByTestId("client-tab-accounts"));
    await userEvent.click(await screen.findByTestId("account-row"));
    expect(await screen.findByTestId("movements-count")).toHaveTextContent("130 registros");
    const rows = screen.getAllByTestId("movement-row");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(130);
    expect(within(rows[0]!).getByTestId("movement-amount")).toHaveTextContent("$1,234.50 MXN");
    await userEvent.click(screen.getByTestId("account-tab-payments"));
    expect(await screen.findByTestId("movement-amount")).toHaveTextContent("$500.00 MXN");
  });

  it("creates an OXXO order after confirming the total in pesos, and shows its reference, barcode URL and expiry", async () => {
    const expires = 1_792_592_000; // 2026-10-20T16:53:20Z
    const order: Order = {
      id: "ord_2rZ9demo",
      amount: 250100,
      currency: "MXN",
      paymentStatus: "pending_payment",
      createdAt: expires - 30 * 86_400,
      charges: {
        data: [
          {
            status: "pending_payment",
            amount: 250100,
            paidAt: null,
            paymentMethod: { kind: "oxxo", reference: "98000012345678", barcodeUrl: "https://s3.amazonaws.com/cash_payment_barcodes/sandbox_reference.png", expiresAt: expires, storeName: "OXXO" },
          },
        ],
      },
    };
    backend({
      "dynamicore/conekta.create": () => ({ id: "ord_2rZ9demo", channel: "oxxo", amount: 250100, active: "1" }),
      "dynamicore/conekta.get": () => order,
      "dynamicore/sandbox.pay": () => null,
    });
    await openClient("1");
    await userEvent.click(screen.getByTestId("client-tab-accounts"));
    await userEvent.click(await screen.findByTestId("account-row"));
    await userEvent.click(screen.getByTestId("account-tab-orders"));
    await userEvent.click(await screen.findByTestId("order-create-button"));
    const dialog = screen.getByTestId("order-dialog");
    // The customer comes from the client.
    expect(within(dialog).getByTestId("order-customer-name")).toHaveValue("Rafael López Ortega");
    await userEvent.type(within(dialog).getByTestId("order-item-name"), "Pago mensual");
    await userEvent.type(within(dialog).getByTestId("order-price"), "1250.5");
    await userEvent.clear(within(dialog).getByTestId("order-quantity"));
    await userEvent.type(within(dialog).getByTestId("order-quantity"), "2");
    expect(within(dialog).getByTestId("order-total")).toHaveTextContent("$2,501.00 MXN");
    // No operation yet: refused here, nothing sent.
    await userEvent.click(within(dialog).getByTestId("order-review"));
    expect(within(dialog).getByTestId("field-error-operation")).toHaveTextContent("debe ser un número positivo");
    await userEvent.type(within(dialog).getByTestId("order-operation"), "184");
    await userEvent.click(within(dialog).getByTestId("order-review"));

    // Money: a confirmation with the total before anything is sent.
    expect(within(dialog).getByTestId("order-confirm")).toHaveTextContent("$2,501.00 MXN");
    expect(within(dialog).getByTestId("order-confirm")).toHaveTextContent("Rafael López Ortega");
    expect(callsOf("dynamicore/conekta.create")).toHaveLength(0);
    await userEvent.click(within(dialog).getByTestId("order-confirm-ok"));

    await waitFor(() =>
      expect(callsOf("dynamicore/conekta.create")).toEqual([
        {
          connectionId: "d1",
          account: 100,
          operation: 184,
          customer: { name: "Rafael López Ortega", email: "rafael.lopez@ejemplo.mx" },
          item: { name: "Pago mensual", unitPrice: 125050, quantity: 2 },
          paymentMethod: "oxxo_cash",
        },
      ]),
    );
    const result = await within(dialog).findByTestId("order-result");
    await waitFor(() => expect(within(result).getByTestId("order-reference")).toHaveTextContent("98000012345678"));
    expect(within(result).getByTestId("order-barcode")).toHaveTextContent("https://s3.amazonaws.com/cash_payment_barcodes/sandbox_reference.png");
    expect(within(result).getByTestId("order-amount")).toHaveTextContent("$2,501.00 MXN");
    expect(within(result).getByTestId("order-status")).toHaveTextContent("Pendiente de pago");
    expect(within(result).getByTestId("order-expires")).toHaveTextContent("2026");
    expect(result.querySelector("img")).toBeNull();

    // Closed, the order stays followed on the account; a refresh reads it again.
    await userEvent.click(within(dialog).getByText("Cerrar"));
    const card = await screen.findByTestId("order-card");
    expect(card).toHaveAttribute("data-order", "ord_2rZ9demo");
    const reads = callsOf("dynamicore/conekta.get").length;
    await userEvent.click(within(card).getByTestId("order-refresh"));
    await waitFor(() => expect(callsOf("dynamicore/conekta.get").length).toBe(reads + 1));
    // Sandbox: the simulator can pay it.
    await userEvent.click(await within(card).findByTestId("order-sandbox-pay"));
    await waitFor(() => expect(callsOf("dynamicore/sandbox.pay")).toEqual([{ connectionId: "d1", orderId: "ord_2rZ9demo" }]));
  });

  it("an OXXO order Rust refuses goes back to the form; one whose outcome is unknown stays on the confirmation", async () => {
    let attempt = 0;
    backend({
      "dynamicore/conekta.create": () => {
        attempt++;
        if (attempt === 1) throw apiError("VALIDATION", "invalid input", { "customer.email": fieldError("invalid_email", "is not a valid e-mail address") });
        throw apiError("OUTCOME_UNKNOWN", "the connection dropped after sending");
      },
    });
    await openClient("1");
    await userEvent.click(screen.getByTestId("client-tab-accounts"));
    await userEvent.click(await screen.findByTestId("account-row"));
    await userEvent.click(screen.getByTestId("account-tab-orders"));
    await userEvent.click(await screen.findByTestId("order-create-button"));
    const dialog = screen.getByTestId("order-dialog");
    await userEvent.type(within(dialog).getByTestId("order-operation"), "184");
    await userEvent.type(within(dialog).getByTestId("order-item-name"), "Pago");
    await userEvent.type(within(dialog).getByTestId("order-price"), "99");
    await userEvent.click(within(dialog).getByTestId("order-review"));
    await userEvent.click(within(dialog).getByTestId("order-confirm-ok"));
    expect(await within(dialog).findByTestId("field-error-customer.email")).toHaveTextContent("no es un correo electrónico válido");
    expect(within(dialog).getByTestId("order-price")).toHaveValue("99");

    await userEvent.click(within(dialog).getByTestId("order-review"));
    await userEvent.click(within(dialog).getByTestId("order-confirm-ok"));
    expect(await within(dialog).findByTestId("outcome-unknown")).toBeInTheDocument();
    expect(within(dialog).getByTestId("order-confirm")).toHaveTextContent("$99.00 MXN");
    expect(callsOf("dynamicore/conekta.create")).toHaveLength(2);
  });

  it("validates the Mifiel send dialog, keeps what was typed, then shows the reference and the way to Envelopes", async () => {
    let attempt = 0;
    backend({
      "dynamicore/mifiel.create": () => {
        attempt++;
        if (attempt === 1) {
          throw apiError("VALIDATION", "invalid input", {
            "signatories.1.taxId": fieldError("rfc_format", "is not an RFC", { fisica: 13, moral: 12 }),
            "viewers.0.email": fieldError("invalid_email", "is not a valid e-mail address"),
          });
        }
        return { reference: "b5c6a4de-3f1e-4c55-9a7e-1e2f3a4b5c6d", name: "acta.pdf", status: "sent", providerStatus: "pending", signedCount: 0, signersCount: 2, document: {} };
      },
      envelopes_inbox: () => [],
    });
    await openClient("4");
    await userEvent.click(screen.getByTestId("client-tab-documents"));
    const field = await waitFor(() => screen.getAllByTestId("doc-field").find((f) => f.dataset.field === "acta_constitutiva")!);
    // A field without a file can't be sent.
    const empty = screen.getAllByTestId("doc-field").find((f) => f.dataset.field === "razon_social")!;
    expect(within(empty).getByTestId("doc-sign")).toBeDisabled();
    await userEvent.click(within(field).getByTestId("doc-sign"));
    const dialog = screen.getByTestId("mifiel-dialog");
    // The client is the first signatory.
    expect(within(dialog).getByTestId("signer-rfc")).toHaveValue("CBA1906288W3");
    await userEvent.click(within(dialog).getByTestId("signer-add"));
    const second = within(dialog).getAllByTestId("mifiel-signer")[1]!;
    await userEvent.type(within(second).getByTestId("signer-name"), "Ana Torres");
    await userEvent.type(within(second).getByTestId("signer-email"), "ana@ejemplo.mx");
    await userEvent.type(within(second).getByTestId("signer-rfc"), "torx");
    await userEvent.click(within(dialog).getByTestId("viewer-add"));
    await userEvent.type(within(dialog).getByTestId("viewer-name"), "Legal");
    await userEvent.type(within(dialog).getByTestId("viewer-email"), "legal@");
    // Days must be whole: refused here, nothing sent.
    await userEvent.type(within(dialog).getByTestId("mifiel-days"), "2.5");
    await userEvent.click(within(dialog).getByTestId("mifiel-submit"));
    expect(within(dialog).getByTestId("field-error-days_to_expire")).toHaveTextContent("debe ser un número positivo");
    expect(callsOf("dynamicore/mifiel.create")).toHaveLength(0);

    await userEvent.clear(within(dialog).getByTestId("mifiel-days"));
    await userEvent.type(within(dialog).getByTestId("mifiel-days"), "15");
    await userEvent.type(within(dialog).getByTestId("mifiel-remind"), "3");
    await userEvent.click(within(dialog).getByTestId("mifiel-invites"));
    await userEvent.click(within(dialog).getByTestId("mifiel-submit"));
    // Rust's errors land on the right row; everything typed stays.
    expect(await within(dialog).findByTestId("field-error-signatories.1.tax_id")).toHaveTextContent("no es un RFC");
    expect(within(dialog).getByTestId("field-error-viewers.0.email")).toHaveTextContent("no es un correo electrónico válido");
    expect(within(dialog).queryByTestId("field-error-signatories.0.tax_id")).toBeNull();
    expect(within(second).getByTestId("signer-rfc")).toHaveValue("TORX");
    expect(callsOf("dynamicore/mifiel.create")[0]).toEqual({
      connectionId: "d1",
      clientId: "4",
      field: "acta_constitutiva",
      signatories: [
        { name: "Comercializadora del Bajío SA de CV", email: "contacto@bajio.example.mx", taxId: "CBA1906288W3" },
        { name: "Ana Torres", email: "ana@ejemplo.mx", taxId: "TORX" },
      ],
      viewers: [{ name: "Legal", email: "legal@" }],
      daysToExpire: 15,
      remindEvery: 3,
      sendInvites: false,
    });

    await userEvent.clear(within(second).getByTestId("signer-rfc"));
    await userEvent.type(within(second).getByTestId("signer-rfc"), "TOAA850101AB1");
    await userEvent.clear(within(dialog).getByTestId("viewer-email"));
    await userEvent.type(within(dialog).getByTestId("viewer-email"), "legal@bajio.example.mx");
    await userEvent.click(within(dialog).getByTestId("mifiel-submit"));
    expect(await within(dialog).findByTestId("mifiel-reference")).toHaveTextContent("b5c6a4de-3f1e-4c55-9a7e-1e2f3a4b5c6d");
    expect(within(dialog).getByTestId("mifiel-name")).toHaveTextContent("acta.pdf");
    expect(within(dialog).getByTestId("mifiel-signed")).toHaveTextContent("0 de 2 firmantes han firmado");
    await userEvent.click(within(dialog).getByTestId("mifiel-go-envelopes"));
    await waitFor(() => expect(screen.getByTestId("nav-envelopes")).toHaveAttribute("aria-current", "page"));
  });

  it("SAT e.firma needs the .cer, the .key (native dialog) and the password, which is never kept", async () => {
    const picks: Record<string, { token: string; name: string; size: number }> = {
      cer: { token: "tok-cer", name: "00001000000512345678.cer", size: 1400 },
      key: { token: "tok-key", name: "Claveprivada_FIEL.key", size: 1300 },
    };
    backend({
      file_pick: (a) => picks[a.kind as string] ?? null,
      "dynamicore/sat.keys": () => listing([{ client: "1", type: "efirma", loaded: true }]),
    });
    await openClient("1");
    await userEvent.click(screen.getByTestId("client-tab-sat"));
    await userEvent.click(await screen.findByTestId("sat-keys-button"));
    const dialog = screen.getByTestId("sat-credentials-dialog");
    expect(within(dialog).getByTestId("sat-password")).toHaveAttribute("type", "password");
    await userEvent.click(within(dialog).getByTestId("sat-submit"));
    expect(within(dialog).getByTestId("field-error-cer")).toHaveTextContent("es obligatorio para la e.firma");
    expect(within(dialog).getByTestId("field-error-key")).toHaveTextContent("es obligatorio para la e.firma");
    expect(within(dialog).getByTestId("field-error-password")).toHaveTextContent("no puede estar vacío");

    await userEvent.click(within(dialog).getByTestId("sat-cer-pick"));
    await waitFor(() => expect(within(dialog).getByTestId("sat-cer-name")).toHaveValue("00001000000512345678.cer"));
    await userEvent.type(within(dialog).getByTestId("sat-password"), "Sup3rSecreta!");
    await userEvent.click(within(dialog).getByTestId("sat-submit"));
    // Still no .key: nothing sent.
    expect(within(dialog).getByTestId("field-error-key")).toBeInTheDocument();
    expect(within(dialog).queryByTestId("field-error-cer")).toBeNull();
    expect(callsOf("dynamicore/sat.keys")).toHaveLength(0);
    expect(callsOf("file_pick")).toEqual([{ kind: "cer" }]);

    await userEvent.click(within(dialog).getByTestId("sat-key-pick"));
    await waitFor(() => expect(within(dialog).getByTestId("sat-key-name")).toHaveValue("Claveprivada_FIEL.key"));
    await userEvent.click(within(dialog).getByTestId("sat-submit"));
    await waitFor(() =>
      expect(callsOf("dynamicore/sat.keys")).toEqual([{ connectionId: "d1", client: "1", type: "efirma", password: "Sup3rSecreta!", cer: "tok-cer", key: "tok-key" }]),
    );
    // Done: the dialog is gone with the password; reopened, nothing is filled in.
    await waitFor(() => expect(screen.queryByTestId("sat-credentials-dialog")).toBeNull());
    expect(document.body.innerHTML).not.toContain("Sup3rSecreta!");
    await userEvent.click(screen.getByTestId("sat-keys-button"));
    expect(screen.getByTestId("sat-password")).toHaveValue("");
    expect(screen.getByTestId("sat-cer-name")).toHaveValue("");
  });

  it("SAT e.firma files can be dropped on the window instead, and the tax status asks the RFC too", async () => {
    backend({
      "dynamicore/client.sat": () => listing([{ client_id: "1", rfc: "LOOR830910GT7", regimen: "Persona física con actividad empresarial", situacion: "Activo", invoices: 96 }]),
    });
    await openClient("1");
    await userEvent.click(screen.getByTestId("client-tab-sat"));
    await userEvent.click(await screen.findByTestId("sat-info-button"));
    const dialog = screen.getByTestId("sat-credentials-dialog");
    expect(within(dialog).getByTestId("sat-rfc")).toHaveValue("LOOR830910GT7");
    await act(() =>
      emit("native-drop", {
        type: "drop",
        files: [
          { token: "tok-k", name: "FIEL.KEY", size: 1300 },
          { token: "tok-x", name: "notas.txt", size: 10 },
          { token: "tok-c", name: "fiel.cer", size: 1400 },
        ],
      }),
    );
    await waitFor(() => expect(within(dialog).getByTestId("sat-key-name")).toHaveValue("FIEL.KEY"));
    expect(within(dialog).getByTestId("sat-cer-name")).toHaveValue("fiel.cer");
    await userEvent.type(within(dialog).getByTestId("sat-password"), "clave");
    await userEvent.click(within(dialog).getByTestId("sat-submit"));
    await waitFor(() =>
      expect(callsOf("dynamicore/client.sat")).toEqual([{ connectionId: "d1", clientId: "1", rfc: "LOOR830910GT7", type: "efirma", password: "clave", cer: "tok-c", key: "tok-k" }]),
    );
    const info = await screen.findByTestId("sat-info");
    expect(info).toHaveTextContent("Persona física con actividad empresarial");
    expect(info).toHaveTextContent("96");
  });

  it("SAT CIEC needs only the password", async () => {
    backend({ "dynamicore/sat.keys": () => listing([{ client: "1", type: "ciec", loaded: true }]) });
    await openClient("1");
    await userEvent.click(screen.getByTestId("client-tab-sat"));
    await userEvent.click(await screen.findByTestId("sat-keys-button"));
    const dialog = screen.getByTestId("sat-credentials-dialog");
    await userEvent.click(within(dialog).getByTestId("sat-type-ciec"));
    expect(within(dialog).queryByTestId("sat-cer-pick")).toBeNull();
    await userEvent.type(within(dialog).getByTestId("sat-password"), "ciec123");
    await userEvent.click(within(dialog).getByTestId("sat-submit"));
    await waitFor(() => expect(callsOf("dynamicore/sat.keys")).toEqual([{ connectionId: "d1", client: "1", type: "ciec", password: "ciec123" }]));
  });

  it("creates a client of a type from the catalog and opens it", async () => {
    const lucia = { id: "5", client_type: "17", pii: { firstname: "Lucía", lastname: "Mendoza", rfc: "MELU900101AB1", email: "lucia@ejemplo.mx" }, documents: {} };
    backend({
      "dynamicore/client.create": () => listing([lucia]),
      "dynamicore/client.list": (a) => listing([...clients, lucia].filter((c) => !a.id || c.id === a.id)),
    });
    await openScreen();
    await userEvent.click(await screen.findByTestId("client-create-button"));
    const dialog = screen.getByTestId("client-create-dialog");
    await userEvent.selectOptions(await within(dialog).findByTestId("client-type"), "17");
    await userEvent.type(within(dialog).getByTestId("client-first_name"), "Lucía");
    await userEvent.type(within(dialog).getByTestId("client-last_name"), "Mendoza");
    await userEvent.type(within(dialog).getByTestId("client-rfc"), "melu900101ab1");
    await userEvent.type(within(dialog).getByTestId("client-email"), "lucia@ejemplo.mx");
    await userEvent.click(within(dialog).getByTestId("client-create-submit"));
    await waitFor(() =>
      expect(callsOf("dynamicore/client.create")).toEqual([
        { connectionId: "d1", clientType: "17", firstName: "Lucía", lastName: "Mendoza", rfc: "MELU900101AB1", email: "lucia@ejemplo.mx" },
      ]),
    );
    expect(await screen.findByTestId("client-name")).toHaveTextContent("Lucía Mendoza");
    expect(callsOf("dynamicore/client.list")).toContainEqual({ connectionId: "d1", id: "5" });
  });

  it("shows the client and product type catalogs and creates a type with its template", async () => {
    backend({ "dynamicore/type.create_product": () => listing([{ id: "8", name: "Nómina", description: null, template: ["empresa", "rfc_patron"] }]) });
    await openScreen();
    await userEvent.click(screen.getByTestId("clients-tab-types"));
    const clientsCard = await screen.findByTestId("types-client");
    await waitFor(() => expect(within(clientsCard).getAllByTestId("type-row")).toHaveLength(2));
    expect(within(clientsCard).getAllByTestId("type-row")[1]).toHaveTextContent("acta_constitutiva");
    const products = screen.getByTestId("types-product");
    const reads = callsOf("dynamicore/catalog.product").length;
    await userEvent.click(within(products).getByTestId("type-create-product"));
    const dialog = screen.getByTestId("type-dialog");
    await userEvent.type(within(dialog).getByTestId("type-name"), "Nómina");
    await userEvent.type(within(dialog).getByTestId("type-template"), "empresa, rfc_patron");
    await userEvent.click(within(dialog).getByTestId("type-submit"));
    await waitFor(() => expect(callsOf("dynamicore/type.create_product")).toEqual([{ connectionId: "d1", name: "Nómina", template: ["empresa", "rfc_patron"] }]));
    await waitFor(() => expect(callsOf("dynamicore/catalog.product").length).toBe(reads + 1));
    expect(screen.queryByTestId("type-dialog")).toBeNull();
  });

  it("says everything in English too", async () => {
    backend({}, "en-US");
    await openScreen();
    expect(screen.getByTestId("nav-clients")).toHaveTextContent("Clients and accounts");
    expect(await screen.findByTestId("clients-count")).toHaveTextContent("4 clients");
    await userEvent.click(screen.getAllByTestId("client-row")[0]!);
    expect(await screen.findByTestId("client-tab-accounts")).toHaveTextContent("Accounts");
    expect(screen.getByTestId("pii-panel")).toHaveTextContent("Personal data");
  });
});
