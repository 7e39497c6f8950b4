// One thin typed wrapper per Tauri command; every provider operation goes through `op`.
// Screens never call `invoke` themselves.
import { invoke } from "@tauri-apps/api/core";
import { toApiError } from "./errors";
import type {
  AppInfo, AppNotice, CachedEnvelope, Connection, ConnectionInput, ConnectionTest, EnvelopeActions, EnvelopeStatus,
  ExportOutcome, HistoryPage, HistoryQuery, Ops, ProviderId, RecentUser, SandboxMail,
} from "./bindings";
import type { DroppedCheck, DroppedFile } from "./events";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const appInfo = () => call<AppInfo>("app_info");

/**
 * Runs any provider operation: one typed entry point for all of them. The
 * name and the input/output types come from the Rust operation registry
 * (`Ops` in bindings.ts), so a wrong name or input does not compile.
 */
export function op<P extends ProviderId, N extends keyof Ops[P] & string>(
  provider: P,
  connectionId: string,
  name: N,
  input: OpInput<P, N>,
): Promise<OpOutput<P, N>> {
  return call<OpOutput<P, N>>("op", { provider, connectionId, name, input });
}

type OpEntry<P extends ProviderId, N extends keyof Ops[P]> = Ops[P][N] extends { input: infer I; output: infer O }
  ? { input: I; output: O }
  : never;
export type OpInput<P extends ProviderId, N extends keyof Ops[P]> = OpEntry<P, N>["input"];
export type OpOutput<P extends ProviderId, N extends keyof Ops[P]> = OpEntry<P, N>["output"];

/** Cancels a running upload or export started by an operation. */
export const transferCancel = (transferId: string) => call<boolean>("transfer_cancel", { transferId });

export const connectionsList = () => call<Connection[]>("connections_list");
export const connectionsAdd = (input: ConnectionInput) => call<Connection>("connections_add", { input });
export const connectionsUpdate = (id: string, input: ConnectionInput) =>
  call<Connection>("connections_update", { id, input });
export const connectionsRemove = (id: string) => call<null>("connections_remove", { id });
export const connectionsTest = (id: string) => call<ConnectionTest>("connections_test", { id });
/**
 * Copies one of a connection's secrets (e.g. a new sub-account's password)
 * from the keychain to the clipboard, in Rust: the secret never reaches the page.
 */
export const copySecret = (connectionId: string, field: string) => call<null>("copy_secret", { connectionId, field });

/** Every connection's warnings (e.g. an API key about to expire), most pressing first; local, cheap to poll. */
export const notices = () => call<AppNotice[]>("notices");

export const boRecentUsers = (connectionId: string) =>
  call<RecentUser[]>("bo_recent_users", { connectionId });
export const sandboxOutbox = (connectionId: string) =>
  call<SandboxMail[]>("sandbox_outbox", { connectionId });

export const historySearch = (query: HistoryQuery) => call<HistoryPage>("history_search", { query });
export const historyExportCsv = (query: HistoryQuery) =>
  call<ExportOutcome>("history_export_csv", { query });

/** Name and size of a dropped file, by its drop token (fails if it is not a readable file). */
export const fileInfo = (token: string) => call<DroppedFile>("file_info", { token });

// SIGNIO helpers that are no provider operation (local cache, rules, file checks).
/** Every connection's envelopes as last seen (SIGNIO, Mifiel via DynamiCore). */
export const envelopesInbox = () => call<CachedEnvelope[]>("envelopes_inbox");
export const sgEnvelopeActions = (status: EnvelopeStatus) => call<EnvelopeActions>("sg_envelope_actions", { status });
/** Checks dropped files by token (type, size, readable); nothing is sent to the provider. */
export const sgFilesCheck = (tokens: string[]) => call<DroppedCheck[]>("sg_files_check", { tokens });
/**
 * Opens a link in the system browser: one issued by `envelope.magic_link`/`envelope.onsite_url`
 * at once; any other (in provider HTML) only if https and the user confirms
 * its host in a native dialog (in `lang`). False when the user declined.
 */
export const openLink = (url: string, lang?: string) => call<boolean>("open_link", lang ? { url, lang } : { url });

