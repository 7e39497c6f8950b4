import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import type { CachedEnvelope, Connection, Envelope, EnvelopeActions, EnvelopeDetail, EnvelopeStatus, TransferUpdate } from "../api";
import { apiError, callsOf, fieldError, mockBackend, providerText, renderApp, sandboxConn } from "./harness";

const signioConn: Connection = {
  id: "s1",
  name: "Sandbox SIGNIO",
  provider: "signio",
  baseUrl: "http://127.0.0.1:4200",
  sandbox: true,
  secret: "stored",
  createdAt: "2024-01-01T00:00:00Z",
};

const ENV_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

function envelope(i: number, status: EnvelopeStatus = "draft", name = `Contrato ${i}`): Envelope {
  return {
    id: `env-${i}`,
    name,
    status,
    providerStatus: "1",
    updatedAt: new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString(),
    documentsCount: i % 4,
  };
}

function detail(status: EnvelopeStatus): EnvelopeDetail {
  return {
    id: ENV_ID,
    name: "Arrendamiento local 12",
    approvalCycle: false,
    status,
    documents: [{ id: "d1", name: "contrato.pdf", protected: false }],
    contacts: [
      { id: "f1", identityType: "CC", identity: "1020", name: "Ana Ruiz", email: "ana@ejemplo.co", order: 1, digitalSignature: false, approver: false, enableComments: false },
    ],
    signatures: [{ signerId: "f1", documentId: "d1", approval: false }],
  };
}

function actionsFor(status: EnvelopeStatus): EnvelopeActions {
  const draft = status === "draft";
  return {
    edit: draft
      ? { enabled: true }
      : { enabled: false, reason: fieldError("only_draft_edit", `only a draft can be edited; this envelope is ${status}`, { status }) },
    distribute: draft
      ? { enabled: true }
      : { enabled: false, reason: fieldError("only_draft_distribute", `only a draft can be distributed; this envelope is ${status}`, { status }) },
    returnToDraft:
      status === "sent"
        ? { enabled: true }
        : { enabled: false, reason: fieldError("only_sent_return", `only a sent envelope can be returned to draft; this one is ${status}`, { status }) },
    delete: draft
      ? { enabled: true }
      : status === "sent"
        ? { enabled: false, reason: fieldError("sent_delete", "a sent envelope can't be deleted: return it to draft first", { status }) }
        : { enabled: false, reason: fieldError("only_draft_delete", `only a draft can be deleted; this envelope is ${status}`, { status }) },
    export: { enabled: true },
  };
}

const signioDefaults = {
  connections_list: () => [sandboxConn, signioConn],
  envelopes_inbox: () => [],
  "signio/envelope.list": () => [],
  sg_envelope_actions: (a: Record<string, unknown>) => actionsFor(a.status as EnvelopeStatus),
  "signio/tag.list": () => [{ id: "t1", name: "Ventas" }, { id: "t2", name: "Legal" }],
  "signio/envelope.bases": () => [],
};

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function openEnvelopes() {
  await userEvent.click(await screen.findByTestId("nav-envelopes"));
}

// jsdom has no layout: give scroll viewports a size so the virtualizer renders rows.
const saved: Record<string, PropertyDescriptor | undefined> = {};
beforeEach(() => {
  for (const k of ["clientHeight", "clientWidth"] as const) {
    saved[k] = Object.getOwnPropertyDescriptor(HTMLElement.prototype, k);
    Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => (k === "clientHeight" ? 800 : 1200) });
  }
});
afterEach(() => {
  for (const k of ["clientHeight", "clientWidth"]) if (saved[k]) Object.defineProperty(HTMLElement.prototype, k, saved[k]!);
});

describe("envelopes inbox", () => {
  it("shows the cached rows at once, then the refreshed ones, offering only SIGNIO connections", async () => {
    const list = deferred<Envelope[]>();
    const cached: CachedEnvelope[] = [
      { envelope: envelope(1, "draft", "Cacheado A"), syncedAtMs: 1_714_000_000_000, connectionId: "s1", provider: "signio" },
      { envelope: envelope(2, "sent", "Cacheado B"), syncedAtMs: 1_714_000_000_000, connectionId: "s1", provider: "signio" },
    ];
    mockBackend({ ...signioDefaults, envelopes_inbox: () => cached, "signio/envelope.list": () => list.promise });
    renderApp();
    await openEnvelopes();
    const select = screen.getByTestId("connection-select");
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Sandbox SIGNIO · SIGNIO"]);

    await waitFor(() => expect(screen.getAllByTestId("envelope-row")).toHaveLength(2));
    expect(screen.getAllByTestId("envelope-row")[0]).toHaveTextContent("Cacheado B");
    expect(screen.getByTestId("envelopes-synced-at")).toHaveTextContent("Actualizando");

    const fresh = Array.from({ length: 1500 }, (_, i) => envelope(i, i % 3 ? "sent" : "draft"));
    await act(async () => list.resolve(fresh));
    await waitFor(() => expect(screen.getAllByTestId("envelope-row")[0]).toHaveTextContent("Contrato 1499"));
    // Virtualized: 1,500 envelopes, only a screenful of rows in the DOM.
    expect(screen.getAllByTestId("envelope-row").length).toBeLessThan(80);
    expect(screen.getByTestId("envelope-count")).toHaveTextContent(/1[,.\s]?500/);
    expect(screen.getByTestId("envelopes-synced-at")).toHaveTextContent("Última sincronización");
    expect(callsOf("signio/envelope.list")).toEqual([{ connectionId: "s1" }]);
  });

  it("lists Mifiel documents beside SIGNIO envelopes, with a provider column and filter, and refreshes the open ones", async () => {
    const dynConn: Connection = { ...signioConn, id: "d1", name: "Sandbox DynamiCore", provider: "dynamicore" };
    const mifiel = (ref: string, status: EnvelopeStatus): CachedEnvelope => ({
      envelope: { id: ref, name: `Contrato Mifiel ${ref}`, status, providerStatus: status, updatedAt: "2024-05-02T10:00:00Z" },
      syncedAtMs: 1_714_000_000_000,
      connectionId: "d1",
      provider: "dynamicore",
    });
    mockBackend({
      ...signioDefaults,
      connections_list: () => [sandboxConn, signioConn, dynConn],
      envelopes_inbox: () => [mifiel("mf-1", "sent"), mifiel("mf-2", "completed")],
      "signio/envelope.list": () => [envelope(1, "sent", "Sobre SIGNIO")],
      "dynamicore/mifiel.get": () => ({}),
    });
    renderApp();
    await openEnvelopes();
    await waitFor(() => expect(screen.getAllByTestId("envelope-row")).toHaveLength(3));
    const providers = screen.getAllByTestId("envelope-row").map((r) => r.getAttribute("data-provider"));
    expect(providers.sort()).toEqual(["dynamicore", "dynamicore", "signio"]);
    // Only the document still out for signature is asked again.
    await waitFor(() => expect(callsOf("dynamicore/mifiel.get")).toEqual([{ connectionId: "d1", reference: "mf-1" }]));

    await userEvent.selectOptions(screen.getByTestId("envelope-provider-filter"), "dynamicore");
    await waitFor(() => expect(screen.getAllByTestId("envelope-row")).toHaveLength(2));
    expect(screen.getByTestId("envelope-count")).toHaveTextContent("2");
    await userEvent.selectOptions(screen.getByTestId("envelope-status-filter"), "completed");
    await waitFor(() => expect(screen.getAllByTestId("envelope-row")).toHaveLength(1));
    expect(screen.getByTestId("envelope-row")).toHaveTextContent("Contrato Mifiel mf-2");
  });

  it("opens a Mifiel document: signers signed or pending with their widget, then exports the signed file and its XML", async () => {
    const dynConn: Connection = { ...signioConn, id: "d1", name: "Sandbox DynamiCore", provider: "dynamicore" };
    const signer = (name: string, signed: boolean) => ({ name, email: `${name.toLowerCase()}@ejemplo.mx`, taxId: "XAXX010101000", signed, widgetId: signed ? null : `w-${name}` });
    const view = (signed: boolean) => ({
      reference: "mf-9", id: "mf-9", name: "contrato.pdf", status: signed ? "completed" : "sent", providerStatus: signed ? "signed" : "pending",
      signedCount: signed ? 2 : 1, signersCount: 2, signed, signedByAll: signed, signedAt: null, state: null, externalId: "EXP-7",
      expiresAt: "2027-01-10T00:00:00Z", originalHash: null, signers: [signer("Ana", true), signer("Luis", signed)],
      fileSigned: signed ? "http://127.0.0.1/f" : null, fileXml: signed ? "http://127.0.0.1/x" : null, fileFileName: "contrato.pdf", client: "4", field: "contrato", createdAt: null,
    });
    let signedNow = false;
    mockBackend({
      ...signioDefaults,
      connections_list: () => [sandboxConn, signioConn, dynConn],
      envelopes_inbox: () => [{ envelope: { id: "mf-9", name: "contrato.pdf", status: "sent", providerStatus: "pending" }, syncedAtMs: 1, connectionId: "d1", provider: "dynamicore" }],
      "dynamicore/mifiel.get": () => view(signedNow),
      "dynamicore/sandbox.sign": () => {
        signedNow = true;
        return view(true);
      },
      "dynamicore/mifiel.export": () => ({
        status: "saved",
        files: [
          { name: "contrato.pdf", path: "/tmp/out/contrato.pdf", bytes: 2048, sha256: "ab".repeat(32) },
          { name: "contrato.xml", path: "/tmp/out/contrato.xml", bytes: 512, sha256: "cd".repeat(32) },
        ],
      }),
    });
    renderApp();
    await openEnvelopes();
    await userEvent.click(await screen.findByText("contrato.pdf"));
    const signers = await screen.findAllByTestId("mifiel-signer");
    expect(signers.map((r) => r.textContent)).toEqual([expect.stringContaining("Firmó"), expect.stringMatching(/Pendiente.*w-Luis/)]);
    expect(screen.getByTestId("mifiel-export")).toBeDisabled();

    await userEvent.click(screen.getByTestId("sandbox-sign-button"));
    await waitFor(() => expect(screen.getByTestId("mifiel-status")).toHaveTextContent("Firmado"));
    await userEvent.click(screen.getByTestId("mifiel-export"));
    const paths = await screen.findAllByTestId("export-path");
    expect(paths.map((p) => p.textContent)).toEqual(["/tmp/out/contrato.pdf", "/tmp/out/contrato.xml"]);
    expect(callsOf("dynamicore/mifiel.export")).toEqual([{ connectionId: "d1", reference: "mf-9", transferId: expect.any(String) }]);
  });

  it("searches on the provider after a pause and says when the 1,000 cap was hit", async () => {
    mockBackend({
      ...signioDefaults,
      "signio/envelope.list": () => [envelope(1)],
      "signio/envelope.search": () => ({ envelopes: [envelope(7, "sent", "Arrendamiento 7")], offset: 0, capped: true }),
    });
    renderApp();
    await openEnvelopes();
    await screen.findByTestId("envelope-row");
    await userEvent.type(screen.getByTestId("envelope-search"), "arrend");
    await waitFor(() => expect(screen.getByTestId("envelope-row")).toHaveTextContent("Arrendamiento 7"));
    expect(screen.getByTestId("envelope-search-capped")).toHaveTextContent(/1[,.\s]?000/);
    expect(callsOf("signio/envelope.search")).toEqual([
      { connectionId: "s1", query: { offset: 0, name: "arrend", sort: { field: "updatedAt", descending: true } } },
    ]);
  });
});

describe("envelope detail", () => {
  it("disables delete with the reason when the state forbids it", async () => {
    mockBackend({ ...signioDefaults, "signio/envelope.list": () => [envelope(1, "sent")], "signio/envelope.get": () => detail("sent") });
    renderApp();
    await openEnvelopes();
    await userEvent.click(await screen.findByTestId("envelope-row"));
    expect(await screen.findByTestId("envelope-status")).toHaveTextContent("Enviado");
    await waitFor(() => expect(screen.getByTestId("envelope-delete-button")).toBeDisabled());
    expect(screen.getByTestId("envelope-delete-button-reason")).toHaveTextContent("devuélvalo a borrador primero");
    expect(screen.getByTestId("envelope-return-button")).toBeEnabled();
    expect(screen.getByTestId("envelope-distribute-button")).toBeDisabled();
    expect(callsOf("sg_envelope_actions")).toEqual([{ status: "sent" }]);
  });

  it("asks for confirmation before deleting a draft", async () => {
    mockBackend({
      ...signioDefaults,
      "signio/envelope.list": () => [envelope(1)],
      "signio/envelope.get": () => detail("draft"),
      "signio/envelope.delete": () => null,
    });
    renderApp();
    await openEnvelopes();
    await userEvent.click(await screen.findByTestId("envelope-row"));
    await waitFor(() => expect(screen.getByTestId("envelope-delete-button")).toBeEnabled());
    await userEvent.click(screen.getByTestId("envelope-delete-button"));
    expect(screen.getByTestId("confirm-dialog")).toHaveTextContent("Arrendamiento local 12");
    await userEvent.click(screen.getByTestId("confirm-cancel"));
    expect(callsOf("signio/envelope.delete")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("envelope-delete-button"));
    await userEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(callsOf("signio/envelope.delete")).toEqual([{ connectionId: "s1", envelopeId: "env-1" }]));
    expect(await screen.findByTestId("envelope-search")).toBeInTheDocument();
  });

  it("exports a document with progress and shows the SHA-256, and shows the provider's reason on refusal", async () => {
    const exp = deferred<unknown>();
    let attempt = 0;
    mockBackend(
      {
        ...signioDefaults,
        "signio/envelope.list": () => [envelope(1, "completed")],
        "signio/envelope.get": () => detail("completed"),
        "signio/document.export": () => {
          attempt++;
          if (attempt === 1) {
            throw apiError("PROVIDER_REJECTED", "SIGNIO refused", { documentId: fieldError("document_protected", "\"contrato.pdf\" is protected", { name: "contrato.pdf" }) });
          }
          return exp.promise;
        },
      },
      { events: true },
    );
    renderApp();
    await openEnvelopes();
    await userEvent.click(await screen.findByTestId("envelope-row"));
    const row = await screen.findByTestId("envelope-document-row");
    await waitFor(() => expect(within(row).getByTestId("document-export-button")).toBeEnabled());
    await userEvent.click(within(row).getByTestId("document-export-button"));
    expect(await within(row).findByTestId("document-error")).toHaveTextContent("«contrato.pdf» está protegido");

    await userEvent.click(within(row).getByTestId("document-export-button"));
    await waitFor(() => expect(callsOf("signio/document.export")).toHaveLength(2));
    const args = callsOf("signio/document.export")[1]!;
    expect(args).toMatchObject({ connectionId: "s1", envelopeId: "env-1", documentId: "d1", fileName: "contrato.pdf" });
    const update: TransferUpdate = { transferId: args.transferId as string, kind: "export", name: "contrato.pdf", transferred: 30, total: 120 };
    await act(() => emit("transfer-progress", update));
    await waitFor(() => expect(within(row).getByTestId("export-progress")).toHaveAttribute("value", "25"));
    await act(async () => exp.resolve({ status: "saved", path: "/home/ana/contrato.pdf", bytes: 120, sha256: "ab".repeat(32) }));
    const result = await screen.findByTestId("export-result");
    expect(result).toHaveTextContent("/home/ana/contrato.pdf");
    expect(within(result).getByTestId("export-sha256")).toHaveTextContent("ab".repeat(32));
  });
});

describe("create wizard", () => {
  /** Rust's `native-drop`: each file by a token, never a path. */
  async function dropFiles(names: string[]) {
    await act(() => emit("native-drop", { type: "drop", files: names.map((name) => ({ token: `tok-${name}`, name, size: 0 })) }));
  }

  it("refuses a wrong-type file before upload, uploads the rest with progress, and sends the right payloads", async () => {
    const uploads = new Map<string, ReturnType<typeof deferred<unknown>>>();
    let signerN = 0;
    mockBackend(
      {
        ...signioDefaults,
        "signio/envelope.create": () => ENV_ID,
        sg_files_check: (a) =>
          (a.tokens as string[]).map((token) => {
            const name = token.slice("tok-".length);
            return name.endsWith(".exe")
              ? { token, name, size: 2048, error: "file type exe is not allowed (doc, docx, xls, xlsx, png, jpg, pdf)" }
              : { token, name, size: 100 };
          }),
        "signio/document.upload": (a) => {
          const d = deferred<unknown>();
          uploads.set(a.file as string, d);
          return d.promise;
        },
        "signio/signer.add": () => `firmante-${++signerN}`,
        "signio/signer.link": () => null,
        "signio/signer.order": () => null,
        "signio/envelope.distribute": () => null,
        "signio/envelope.get": () => detail("sent"),
      },
      { events: true },
    );
    renderApp();
    await openEnvelopes();
    await userEvent.click(await screen.findByTestId("envelope-new-button"));

    // Step 1: name and options.
    await userEvent.type(screen.getByTestId("wizard-name"), "Compraventa lote 4");
    await userEvent.click(screen.getByTestId("wizard-allow-reject"));
    await userEvent.type(screen.getByTestId("wizard-cc"), "legal@ejemplo.co, archivo@ejemplo.co");
    const tags = await screen.findAllByTestId("wizard-tag");
    await userEvent.click(tags[1]!);
    await userEvent.click(screen.getByTestId("wizard-next"));
    await screen.findByTestId("drop-zone");
    expect(callsOf("signio/envelope.create")).toEqual([
      {
        connectionId: "s1",
        envelope: expect.objectContaining({
          name: "Compraventa lote 4",
          approvalCycle: false,
          tags: ["Legal"],
          cc: ["legal@ejemplo.co", "archivo@ejemplo.co"],
          allowReject: true,
          templateFields: {},
          deduplicationKey: expect.any(String),
        }),
      },
    ]);
    const sent = callsOf("signio/envelope.create")[0]!.envelope as Record<string, unknown>;
    expect(sent.photo).toBeUndefined();
    expect(sent.signersMayReturn).toBeUndefined();

    // Step 2: three files dropped at once; the .exe is refused before any upload.
    await dropFiles(["contrato.pdf", "virus.exe", "anexo.docx"]);
    await waitFor(() => expect(screen.getAllByTestId("upload-row")).toHaveLength(3));
    const refused = await waitFor(() => screen.getAllByTestId("upload-row").find((r) => r.dataset.status === "refused")!);
    expect(within(refused).getByTestId("upload-error")).toHaveTextContent("exe is not allowed");
    expect(callsOf("sg_files_check")).toEqual([{ tokens: ["tok-contrato.pdf", "tok-virus.exe", "tok-anexo.docx"] }]);

    // One at a time: the first is uploading, with progress from events.
    await waitFor(() => expect(callsOf("signio/document.upload")).toHaveLength(1));
    const first = callsOf("signio/document.upload")[0]!;
    expect(first).toMatchObject({ connectionId: "s1", envelopeId: ENV_ID, file: "tok-contrato.pdf" });
    expect(first.path).toBeUndefined();
    await act(() => emit("transfer-progress", { transferId: first.transferId, kind: "upload", name: "contrato.pdf", transferred: 50, total: 100 }));
    const row1 = screen.getAllByTestId("upload-row")[0]!;
    await waitFor(() => expect(within(row1).getByTestId("upload-progress")).toHaveAttribute("value", "50"));
    expect(screen.getByTestId("wizard-next")).toBeDisabled();
    // Every byte sent but no reply yet: it says so instead of "uploading" at 100%.
    expect(within(row1).getByTestId("upload-status")).toHaveTextContent("Cargando");
    await act(() => emit("transfer-progress", { transferId: first.transferId, kind: "upload", name: "contrato.pdf", transferred: 100, total: 100 }));
    await waitFor(() => expect(within(row1).getByTestId("upload-status")).toHaveTextContent("Esperando confirmación"));
    await act(async () => uploads.get("tok-contrato.pdf")!.resolve({ envelopeId: ENV_ID, documentId: "doc-1", name: "contrato.pdf", bytes: 100, sha256: "x", durationMs: 5 }));
    await waitFor(() => expect(callsOf("signio/document.upload")).toHaveLength(2));
    await act(async () => uploads.get("tok-anexo.docx")!.resolve({ envelopeId: ENV_ID, documentId: "doc-2", name: "anexo.docx", bytes: 100, sha256: "y", durationMs: 5 }));
    await waitFor(() => expect(screen.getAllByTestId("upload-row").filter((r) => r.dataset.status === "done")).toHaveLength(2));
    expect(callsOf("signio/document.upload").map((a) => a.file)).toEqual(["tok-contrato.pdf", "tok-anexo.docx"]);
    // The same file dropped again (same token) is not queued twice.
    await dropFiles(["contrato.pdf"]);
    expect(screen.getAllByTestId("upload-row")).toHaveLength(3);
    await userEvent.click(screen.getByTestId("wizard-next"));

    // Step 3: two signers.
    await userEvent.type(await screen.findByTestId("signer-name"), "Ana Ruiz");
    await userEvent.selectOptions(screen.getByTestId("signer-identity-type"), "CE");
    await userEvent.type(screen.getByTestId("signer-identity"), "445566");
    await userEvent.type(screen.getByTestId("signer-email"), "ana@ejemplo.co");
    await userEvent.click(screen.getByTestId("signer-more"));
    await userEvent.type(screen.getByTestId("signer-mobile"), "3001234567");
    await userEvent.selectOptions(screen.getByTestId("signer-signature-type"), "digital");
    await userEvent.click(screen.getByTestId("signer-save"));
    await waitFor(() => expect(screen.getAllByTestId("signer-row")).toHaveLength(1));
    await userEvent.type(screen.getByTestId("signer-name"), "Luis Gómez");
    await userEvent.type(screen.getByTestId("signer-identity"), "7788");
    await userEvent.type(screen.getByTestId("signer-email"), "luis@ejemplo.co");
    await userEvent.click(screen.getByTestId("signer-save"));
    await waitFor(() => expect(screen.getAllByTestId("signer-row")).toHaveLength(2));
    expect(callsOf("signio/signer.add")).toEqual([
      {
        connectionId: "s1",
        envelopeId: ENV_ID,
        signer: { name: "Ana Ruiz", identityType: "CE", identity: "445566", email: "ana@ejemplo.co", mobile: "3001234567", digitalSignature: true, notifyStates: [], operationRoles: [] },
      },
      {
        connectionId: "s1",
        envelopeId: ENV_ID,
        signer: { name: "Luis Gómez", identityType: "CC", identity: "7788", email: "luis@ejemplo.co", notifyStates: [], operationRoles: [] },
      },
    ]);
    await userEvent.click(screen.getByTestId("wizard-next"));

    // Step 4: links.
    const choice = (s: string, d: string) => screen.getAllByTestId("link-choice").find((el) => el.dataset.signer === s && el.dataset.document === d)!;
    await userEvent.selectOptions(choice("firmante-1", "doc-1"), "signature");
    await userEvent.click(screen.getByTestId("link-position-toggle"));
    for (const [f, v] of [["page", "2"], ["x", "100"], ["y", "200"], ["width", "150"], ["height", "50"]] as const) {
      const input = screen.getByTestId(`link-pos-${f}`);
      await userEvent.clear(input);
      await userEvent.type(input, v);
    }
    await userEvent.selectOptions(choice("firmante-1", "doc-2"), "attachment");
    await userEvent.selectOptions(choice("firmante-2", "doc-1"), "signature");
    await userEvent.click(screen.getByTestId("wizard-next"));
    await screen.findAllByTestId("order-row");
    expect(callsOf("signio/signer.link")).toEqual([
      { connectionId: "s1", envelopeId: ENV_ID, link: { signerId: "firmante-1", documentId: "doc-1", attachment: false, stamps: [], position: { page: 2, x: 100, y: 200, width: 150, height: 50 } } },
      { connectionId: "s1", envelopeId: ENV_ID, link: { signerId: "firmante-1", documentId: "doc-2", attachment: true, stamps: [] } },
      { connectionId: "s1", envelopeId: ENV_ID, link: { signerId: "firmante-2", documentId: "doc-1", attachment: false, stamps: [] } },
    ]);

    // Step 5: Luis first (keyboard buttons), serial.
    const rows = screen.getAllByTestId("order-row");
    await userEvent.click(within(rows[1]!).getByTestId("order-up"));
    expect(screen.getAllByTestId("order-row")[0]).toHaveTextContent("Luis Gómez");
    expect(screen.getByTestId("order-mode")).toHaveTextContent("En serie");
    await userEvent.click(screen.getByTestId("wizard-next"));
    await screen.findByTestId("wizard-review");
    expect(callsOf("signio/signer.order")).toEqual([
      { connectionId: "s1", envelopeId: ENV_ID, signerId: "firmante-2", order: 1 },
      { connectionId: "s1", envelopeId: ENV_ID, signerId: "firmante-1", order: 2 },
    ]);

    // Step 6: distribute, then the detail opens.
    await userEvent.click(screen.getByTestId("wizard-distribute"));
    expect(await screen.findByTestId("envelope-detail")).toBeInTheDocument();
    expect(callsOf("signio/envelope.distribute")).toEqual([{ connectionId: "s1", envelopeId: ENV_ID }]);
  });

  it("an envelope create whose outcome is unknown offers to search the inbox by its name", async () => {
    mockBackend({
      ...signioDefaults,
      "signio/envelope.create": () => {
        throw { ...apiError("OUTCOME_UNKNOWN", "SIGNIO did not answer in time after receiving the request"), retryable: true };
      },
      "signio/envelope.search": () => ({ items: [envelope(9, "draft", "Compraventa lote 4")], total: 1 }),
    });
    renderApp();
    await openEnvelopes();
    await userEvent.click(await screen.findByTestId("envelope-new-button"));
    await userEvent.type(screen.getByTestId("wizard-name"), "Compraventa lote 4");
    await userEvent.click(screen.getByTestId("wizard-next"));
    const notice = await screen.findByTestId("outcome-unknown");
    expect(notice).toHaveTextContent("Puede que se haya aplicado: compruébelo antes de reintentar.");
    expect(document.body).not.toHaveTextContent("Puede reintentar");
    expect(screen.queryByTestId("drop-zone")).toBeNull();
    await userEvent.click(within(notice).getByTestId("outcome-lookup"));
    // Back in the inbox, searching the provider for that name.
    expect(await screen.findByTestId("envelope-search")).toHaveValue("Compraventa lote 4");
    await waitFor(() => expect(callsOf("signio/envelope.search").map((a) => (a.query as { name?: string }).name)).toContain("Compraventa lote 4"));
  });

  it("cancels a running upload with transfer_cancel and shows field errors under the signer inputs", async () => {
    const upload = deferred<unknown>();
    mockBackend(
      {
        ...signioDefaults,
        "signio/envelope.create": () => ENV_ID,
        sg_files_check: (a) => (a.tokens as string[]).map((token) => ({ token, name: "grande.pdf", size: 10 })),
        "signio/document.upload": () => upload.promise,
        "transfer_cancel": () => {
          upload.reject(apiError("CANCELLED", "cancelled"));
          return true;
        },
        "signio/signer.add": () => {
          throw apiError("PROVIDER_REJECTED", "SIGNIO refused the request (05)", {
            email: fieldError("invalid_email", "is not a valid e-mail address"),
            identityType: providerText("must be one of CC, CD"),
          });
        },
      },
      { events: true },
    );
    renderApp();
    await openEnvelopes();
    await userEvent.click(await screen.findByTestId("envelope-new-button"));
    await userEvent.type(screen.getByTestId("wizard-name"), "Prueba");
    await userEvent.click(screen.getByTestId("wizard-next"));
    await screen.findByTestId("drop-zone");
    await act(() => emit("native-drop", { type: "drop", files: [{ token: "tok-1", name: "grande.pdf", size: 10 }] }));
    await waitFor(() => expect(callsOf("signio/document.upload")).toHaveLength(1));
    const transferId = callsOf("signio/document.upload")[0]!.transferId;
    await userEvent.click(await screen.findByTestId("upload-cancel"));
    await waitFor(() => expect(callsOf("transfer_cancel")).toEqual([{ transferId }]));
    await waitFor(() => expect(screen.getByTestId("upload-row").dataset.status).toBe("cancelled"));
    // A cancel the user asked for is not an error.
    expect(screen.queryAllByTestId("toast").filter((el) => el.getAttribute("data-code"))).toHaveLength(0);

    await userEvent.click(screen.getByTestId("wizard-next"));
    await userEvent.type(await screen.findByTestId("signer-name"), "Ana");
    await userEvent.type(screen.getByTestId("signer-identity"), "1");
    await userEvent.type(screen.getByTestId("signer-email"), "ana@");
    fireEvent.click(screen.getByTestId("signer-save"));
    expect(await screen.findByTestId("field-error-email")).toHaveTextContent("no es un correo electrónico válido");
    expect(screen.getByTestId("field-error-identity_type")).toHaveTextContent("must be one of CC, CD");
  });
});

describe("templates", () => {
  it("lists templates and uses one on a draft envelope with its field values", async () => {
    mockBackend({
      ...signioDefaults,
      "signio/template.list": () => [
        { id: 3, name: "Pagaré estándar", description: "", kind: "PLL", active: true, protected: true, roles: ["deudor", "codeudor"] },
        { id: 4, name: "Formulario viejo", description: "", kind: "XFORM", active: false, protected: false, roles: [] },
      ],
      "signio/envelope.list": (a) => (a.status === "draft" ? [envelope(1, "draft", "Borrador 1")] : [envelope(1, "draft", "Borrador 1")]),
      "signio/template.use": () => ({ id: "doc-9", name: "Pagaré estándar.pdf" }),
    });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-templates"));
    const rows = await screen.findAllByTestId("template-row");
    expect(rows[0]).toHaveTextContent("deudor, codeudor");
    expect(within(rows[1]!).getByTestId("template-use-button")).toBeDisabled();
    await userEvent.click(within(rows[0]!).getByTestId("template-use-button"));
    const dialog = screen.getByTestId("template-use-dialog");
    await waitFor(() => expect(within(dialog).getByRole("option", { name: "Borrador 1" })).toBeInTheDocument());
    await userEvent.selectOptions(within(dialog).getByTestId("template-envelope-select"), "env-1");
    await userEvent.click(within(dialog).getByTestId("template-field-add"));
    await userEvent.type(within(dialog).getByTestId("template-field-name"), "monto");
    await userEvent.type(within(dialog).getByTestId("template-field-value"), "1500000");
    await userEvent.click(within(dialog).getByTestId("template-use-submit"));
    await waitFor(() =>
      expect(callsOf("signio/template.use")).toEqual([{ connectionId: "s1", envelopeId: "env-1", templateId: 3, fields: { monto: "1500000" } }]),
    );
    expect(callsOf("signio/envelope.list")).toContainEqual({ connectionId: "s1", status: "draft" });
  });
});
