// The DynamiCore operations this screen uses (DYNAMICORE 1.3 #1–#21, plus
// Mifiel export and the sandbox controls). Until bindings.ts carries
// `dynamicore`, the inputs and outputs are written here after the Rust types
// in provider-dynamicore/src/ops (serde camelCase) and sent through the
// untyped door of `api.op`; the op names are final.
import { invoke } from "@tauri-apps/api/core";
import { api, toApiError, type DroppedFile } from "../../api";

export const PROVIDER = "dynamicore";

/** Most reads: `message.total` and `message.data` of DynamiCore's envelope; rows are the provider's JSON. */
export interface Listing {
  total: number;
  data: unknown[];
}

export interface ClientCreateInput {
  clientType: string;
  firstName: string;
  lastName: string;
  rfc: string;
  email: string;
}

/** Only the fields given are sent. */
export interface ClientUpdateInput {
  id: string;
  firstName?: string;
  lastName?: string;
  rfc?: string;
  email?: string;
}

export interface FileUploadInput {
  clientId: string;
  field: string;
  /** Drop tokens (never paths). */
  files: string[];
  /** Matches `transfer-progress` events and `transfer_cancel`. */
  transferId?: string;
}

/** `ciec` needs the password; `efirma` the password, the .key and the .cer (DYNAMICORE 1.3 #15). */
export interface SatCredentials {
  type: SatType;
  password: string;
  /** The .key file: a token from the native dialog (or a drop); Rust reads and encodes it. */
  key?: string;
  /** The .cer file: a token, as `key`. */
  cer?: string;
}
export type SatType = "ciec" | "efirma";

export type ClientSatInput = { clientId: string; rfc: string } & SatCredentials;
export type SatKeysInput = { client: string } & SatCredentials;

export interface SatSyncInput {
  client: string;
  /** YYYY-MM-DD. */
  start: string;
  end: string;
}

export interface SatDataInput {
  client: string;
  start?: string;
  end?: string;
  limit?: number;
  page?: number;
}

export interface AccountCreateInput {
  clientId: string;
  product: string;
  /** "1" active, "0" inactive. */
  enabled: string;
  /** ISO 4217 numeric (484 = MXN). */
  currency: string;
}

export interface TypeFields {
  name: string;
  description?: string;
  /** PII field names of the template. */
  template: string[];
}

export interface Signatory {
  name: string;
  email: string;
  taxId: string;
}
export interface Viewer {
  name: string;
  email: string;
}

export interface MifielCreateInput {
  clientId: string;
  field: string;
  signatories: Signatory[];
  viewers: Viewer[];
  externalId?: string;
  daysToExpire?: number;
  remindEvery?: number;
  sendInvites: boolean;
}

/** A Mifiel document as the app shows it (#18's and #19's reply). */
export interface MifielView {
  reference: string;
  /** The file name if known, else the field and the client. */
  name: string;
  status: string;
  providerStatus: string;
  signedCount: number;
  signersCount: number;
}

/** `file.upload`'s reply: what was sent, where. */
export interface FilesUploaded {
  clientId: string;
  field: string;
  files: { name: string; bytes: number; sha256?: string }[];
  durationMs: number;
}

export interface Customer {
  name: string;
  email?: string;
  phone?: string;
}

export interface ConektaCreateInput {
  account: number;
  operation: number;
  customer: Customer;
  item: { name: string; unitPrice: number; quantity: number };
  paymentMethod: string;
}

export interface OrderCreated {
  id: string;
  channel: string;
  amount: number;
  active: string;
}

export interface CashPayment {
  kind: string;
  reference?: string | null;
  barcodeUrl?: string | null;
  /** Unix seconds. */
  expiresAt?: number | null;
  storeName?: string | null;
}

export interface Charge {
  status: string;
  amount: number;
  paidAt?: number | null;
  paymentMethod: CashPayment;
}

export interface Order {
  id: string;
  /** Cents. */
  amount: number;
  currency: string;
  paymentStatus: string;
  charges: { data: Charge[] };
  createdAt?: number | null;
}

// The untyped door of the typed `api.op`, for a provider bindings.ts does not list yet.
type Op = (provider: string, connectionId: string, name: string, input: unknown) => Promise<unknown>;
const op = <O>(cid: string, name: string, input: object): Promise<O> =>
  (api.op as unknown as Op)(PROVIDER, cid, name, input) as Promise<O>;

export const dc = {
  clientList: (cid: string, id?: string) => op<Listing>(cid, "client.list", id ? { id } : {}),
  clientCreate: (cid: string, input: ClientCreateInput) => op<Listing>(cid, "client.create", input),
  clientUpdate: (cid: string, input: ClientUpdateInput) => op<Listing>(cid, "client.update", input),
  /** A bureau query: only on request. */
  clientScore: (cid: string, clientId: string) => op<Listing>(cid, "client.score", { clientId }),
  clientSat: (cid: string, input: ClientSatInput) => op<Listing>(cid, "client.sat", input),
  fileUpload: (cid: string, input: FileUploadInput) => op<FilesUploaded>(cid, "file.upload", input),
  accountCreate: (cid: string, input: AccountCreateInput) => op<Listing>(cid, "account.create", input),
  accountList: (cid: string, clientId: string) => op<Listing>(cid, "account.list", { clientId }),
  accountTransactions: (cid: string, accountId: string) => op<Listing>(cid, "account.transactions", { accountId }),
  accountPayments: (cid: string, accountId: string) => op<Listing>(cid, "account.payments", { accountId }),
  satKeys: (cid: string, input: SatKeysInput) => op<Listing>(cid, "sat.keys", input),
  satSync: (cid: string, input: SatSyncInput) => op<Listing>(cid, "sat.sync", input),
  satData: (cid: string, input: SatDataInput) => op<Listing>(cid, "sat.data", input),
  typeCreateClient: (cid: string, input: TypeFields) => op<Listing>(cid, "type.create_client", input),
  typeCreateProduct: (cid: string, input: TypeFields) => op<Listing>(cid, "type.create_product", input),
  catalogClient: (cid: string) => op<Listing>(cid, "catalog.client", {}),
  catalogProduct: (cid: string) => op<Listing>(cid, "catalog.product", {}),
  mifielCreate: (cid: string, input: MifielCreateInput) => op<MifielView>(cid, "mifiel.create", input),
  conektaCreate: (cid: string, input: ConektaCreateInput) => op<OrderCreated>(cid, "conekta.create", input),
  conektaGet: (cid: string, orderId: string) => op<Order>(cid, "conekta.get", { orderId }),
  /** Sandbox connections only: the simulator pays the order. */
  sandboxPay: (cid: string, orderId: string) => op<Order>(cid, "sandbox.pay", { orderId }),
};

/** What the native open dialog may pick. */
export type PickKind = "cer" | "key";

/**
 * Asks Rust for a file through the native open dialog (the webview has no fs
 * access): it answers with a token like a drop's, or null when cancelled.
 * The file's bytes never reach the page.
 */
export async function pickFile(kind: PickKind): Promise<DroppedFile | null> {
  try {
    return await invoke<DroppedFile | null>("file_pick", { kind });
  } catch (e) {
    throw toApiError(e);
  }
}
