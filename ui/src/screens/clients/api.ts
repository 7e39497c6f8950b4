// The DynamiCore operations this screen uses (DYNAMICORE 1.3 #1–#21 and the
// sandbox controls), through the typed `api.op`: names, inputs and outputs
// are generated from the Rust registry in bindings.ts.
import { invoke } from "@tauri-apps/api/core";
import { api, toApiError, type DroppedFile } from "../../api";
import type { AccountCreateInput, ClientCreateInput, ClientSatRequest, ClientUpdateInput, ConektaCreateInput, FileUpload, MifielCreateInput, SatDataInput, SatKeysRequest, SatSyncInput, TypeFields } from "../../api";

export type {
  ClientUpdateInput, ConektaCreateInput, FilesUploaded, Listing, MifielCreateInput, MifielView, Order, OrderCreated, Signatory, Viewer,
} from "../../api";

export const PROVIDER = "dynamicore";

export type SatType = "ciec" | "efirma";

/**
 * The SAT credentials as the dialog gathers them (DYNAMICORE 1.3 #15): `ciec`
 * needs the password; `efirma` also the .key and the .cer, as file tokens
 * from the native dialog (or a drop) that Rust reads and encodes.
 */
export interface SatCredentials {
  type: SatType;
  password: string;
  key?: string;
  cer?: string;
}

export const dc = {
  clientList: (cid: string, id?: string) => api.op(PROVIDER, cid, "client.list", id ? { id } : {}),
  clientCreate: (cid: string, input: ClientCreateInput) => api.op(PROVIDER, cid, "client.create", input),
  clientUpdate: (cid: string, input: ClientUpdateInput) => api.op(PROVIDER, cid, "client.update", input),
  /** A bureau query: only on request. */
  clientScore: (cid: string, clientId: string) => api.op(PROVIDER, cid, "client.score", { clientId }),
  clientSat: (cid: string, input: ClientSatRequest) => api.op(PROVIDER, cid, "client.sat", input),
  fileUpload: (cid: string, input: FileUpload) => api.op(PROVIDER, cid, "file.upload", input),
  accountCreate: (cid: string, input: AccountCreateInput) => api.op(PROVIDER, cid, "account.create", input),
  accountList: (cid: string, clientId: string) => api.op(PROVIDER, cid, "account.list", { clientId }),
  accountTransactions: (cid: string, accountId: string) => api.op(PROVIDER, cid, "account.transactions", { accountId }),
  accountPayments: (cid: string, accountId: string) => api.op(PROVIDER, cid, "account.payments", { accountId }),
  satKeys: (cid: string, input: SatKeysRequest) => api.op(PROVIDER, cid, "sat.keys", input),
  satSync: (cid: string, input: SatSyncInput) => api.op(PROVIDER, cid, "sat.sync", input),
  satData: (cid: string, input: SatDataInput) => api.op(PROVIDER, cid, "sat.data", input),
  typeCreateClient: (cid: string, input: TypeFields) => api.op(PROVIDER, cid, "type.create_client", input),
  typeCreateProduct: (cid: string, input: TypeFields) => api.op(PROVIDER, cid, "type.create_product", input),
  catalogClient: (cid: string) => api.op(PROVIDER, cid, "catalog.client", {}),
  catalogProduct: (cid: string) => api.op(PROVIDER, cid, "catalog.product", {}),
  mifielCreate: (cid: string, input: MifielCreateInput) => api.op(PROVIDER, cid, "mifiel.create", input),
  conektaCreate: (cid: string, input: ConektaCreateInput) => api.op(PROVIDER, cid, "conekta.create", input),
  conektaGet: (cid: string, orderId: string) => api.op(PROVIDER, cid, "conekta.get", { orderId }),
  /** Sandbox connections only: the simulator pays the order. */
  sandboxPay: (cid: string, orderId: string) => api.op(PROVIDER, cid, "sandbox.pay", { orderId }),
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
