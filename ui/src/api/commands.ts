// One thin typed wrapper per Tauri command. Screens never call `invoke` themselves.
import { invoke } from "@tauri-apps/api/core";
import { toApiError } from "./errors";
import type {
  Ack, AppInfo, CachedEnvelope, DocumentExport, Envelope, EnvelopeActions, EnvelopeDetail, EnvelopePage,
  EnvelopeQuery, EnvelopeStatus, FolderExport, MagicLink, NewEnvelope, NewSigner, OnSiteSigning,
  SignerLink, Tag, Template, TemplateDocument, TemplateField, TenantAccess, TveInput, UploadedDocument, Catalog, CatalogEntry, Connection, ConnectionInput, ConnectionTest, Dashboard,
  ExportOutcome, HistoryPage, HistoryQuery, MatrixNode, NewThreadMessage, NewTicket,
  NewUser, Notices, Plan, RecentUser, Resource, ResourceCategory, SandboxMail, TeamMember,
  ThreadMessage, Ticket, User, UserEdit, WalletPage, WalletQuery, Ops, ProviderId,
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

export const boUserGet = (connectionId: string, userId: number) =>
  call<User>("bo_user_get", { connectionId, userId });
export const boUserCreate = (connectionId: string, user: NewUser) =>
  call<Ack>("bo_user_create", { connectionId, user });
/** `profileImage`: the drop token of a new picture. */
export const boUserEdit = (connectionId: string, userId: number, edit: UserEdit, profileImage?: string) =>
  call<Ack>("bo_user_edit", profileImage ? { connectionId, userId, edit, profileImage } : { connectionId, userId, edit });
export const boSecurityTokenSend = (connectionId: string, userId: number) =>
  call<Ack>("bo_security_token_send", { connectionId, userId });
export const boCatalog = (connectionId: string, catalog: Catalog) =>
  call<CatalogEntry[]>("bo_catalog", { connectionId, catalog });
export const boDashboard = (connectionId: string, userId: number) =>
  call<Dashboard>("bo_dashboard", { connectionId, userId });
export const boNotices = (connectionId: string, userId: number) =>
  call<Notices>("bo_notices", { connectionId, userId });
export const boProducts = (connectionId: string, userId: number) =>
  call<Plan[]>("bo_products", { connectionId, userId });
export const boTeam = (connectionId: string, userId: number) =>
  call<TeamMember[]>("bo_team", { connectionId, userId });
export const boMatrix = (connectionId: string, userId: number) =>
  call<MatrixNode | null>("bo_matrix", { connectionId, userId });
export const boResourceCategories = (connectionId: string) =>
  call<ResourceCategory[]>("bo_resource_categories", { connectionId });
export const boResources = (connectionId: string, categoryId: number) =>
  call<Resource[]>("bo_resources", { connectionId, categoryId });
export const boTickets = (connectionId: string, userId: number) =>
  call<Ticket[]>("bo_tickets", { connectionId, userId });
export const boTicketCreate = (connectionId: string, ticket: NewTicket) =>
  call<Ack>("bo_ticket_create", { connectionId, ticket });
export const boThread = (connectionId: string, ticketId: number) =>
  call<ThreadMessage[]>("bo_thread", { connectionId, ticketId });
export const boThreadReply = (connectionId: string, message: NewThreadMessage) =>
  call<Ack>("bo_thread_reply", { connectionId, message });
export const boWallet = (connectionId: string, query: WalletQuery) =>
  call<WalletPage>("bo_wallet", { connectionId, query });
export const boRecentUsers = (connectionId: string) =>
  call<RecentUser[]>("bo_recent_users", { connectionId });
export const sandboxOutbox = (connectionId: string) =>
  call<SandboxMail[]>("sandbox_outbox", { connectionId });

export const historySearch = (query: HistoryQuery) => call<HistoryPage>("history_search", { query });
export const historyExportCsv = (query: HistoryQuery) =>
  call<ExportOutcome>("history_export_csv", { query });

/** Name and size of a dropped file, by its drop token (fails if it is not a readable file). */
export const fileInfo = (token: string) => call<DroppedFile>("file_info", { token });

// SIGNIO: envelopes, documents, signers, templates. `cid` is the connection id.
export const sgEnvelopesCached = (connectionId: string) =>
  call<CachedEnvelope[]>("sg_envelopes_cached", { connectionId });
export const sgEnvelopeList = (connectionId: string, status?: EnvelopeStatus) =>
  call<Envelope[]>("sg_envelope_list", status ? { connectionId, status } : { connectionId });
export const sgEnvelopeSearch = (connectionId: string, query: EnvelopeQuery) =>
  call<EnvelopePage>("sg_envelope_search", { connectionId, query });
export const sgEnvelopeGet = (connectionId: string, envelopeId: string) =>
  call<EnvelopeDetail>("sg_envelope_get", { connectionId, envelopeId });
export const sgEnvelopeActions = (status: EnvelopeStatus) => call<EnvelopeActions>("sg_envelope_actions", { status });
export const sgEnvelopeCreate = (connectionId: string, envelope: NewEnvelope) =>
  call<string>("sg_envelope_create", { connectionId, envelope });
export const sgEnvelopeDelete = (connectionId: string, envelopeId: string) =>
  call<null>("sg_envelope_delete", { connectionId, envelopeId });
export const sgEnvelopeReturn = (connectionId: string, envelopeId: string) =>
  call<null>("sg_envelope_return", { connectionId, envelopeId });
export const sgEnvelopeDistribute = (connectionId: string, envelopeId: string) =>
  call<null>("sg_envelope_distribute", { connectionId, envelopeId });
export const sgBaseEnvelopes = (connectionId: string) => call<Envelope[]>("sg_base_envelopes", { connectionId });
export const sgTags = (connectionId: string) => call<Tag[]>("sg_tags", { connectionId });
export const sgTenants = (connectionId: string) => call<TenantAccess[]>("sg_tenants", { connectionId });
/** Checks dropped files by token (type, size, readable); nothing is sent to the provider. */
export const sgFilesCheck = (tokens: string[]) => call<DroppedCheck[]>("sg_files_check", { tokens });
export const sgDocumentUpload = (connectionId: string, envelopeId: string, token: string, transferId: string) =>
  call<UploadedDocument>("sg_document_upload", { connectionId, envelopeId, token, transferId });
/** False when the transfer had already finished. */
export const sgTransferCancel = (transferId: string) => call<boolean>("sg_transfer_cancel", { transferId });
export const sgDocumentProtect = (connectionId: string, documentId: string, protect: boolean) =>
  call<null>("sg_document_protect", { connectionId, documentId, protect });
/** Rust opens the native save dialog; `cancelled` when the user closes it. */
export const sgDocumentExport = (
  connectionId: string,
  envelopeId: string,
  documentId: string,
  fileName: string | undefined,
  transferId: string,
) => call<DocumentExport>("sg_document_export", { connectionId, envelopeId, documentId, fileName, transferId });
/** Rust opens the native folder picker. */
export const sgDocumentsExportAll = (connectionId: string, envelopeId: string, transferId: string) =>
  call<FolderExport>("sg_documents_export_all", { connectionId, envelopeId, transferId });
export const sgSignerAdd = (connectionId: string, envelopeId: string, signer: NewSigner) =>
  call<string>("sg_signer_add", { connectionId, envelopeId, signer });
export const sgSignerLink = (connectionId: string, envelopeId: string, link: SignerLink) =>
  call<null>("sg_signer_link", { connectionId, envelopeId, link });
export const sgSignerOrder = (connectionId: string, envelopeId: string, signerId: string, order: number) =>
  call<null>("sg_signer_order", { connectionId, envelopeId, signerId, order });
export const sgMagicLink = (connectionId: string, envelopeId: string) =>
  call<MagicLink>("sg_magic_link", { connectionId, envelopeId });
export const sgOnsiteUrl = (connectionId: string, request: OnSiteSigning) =>
  call<string>("sg_onsite_url", { connectionId, request });
/**
 * Opens a link in the system browser: one issued by `sgMagicLink`/`sgOnsiteUrl`
 * at once; any other (in provider HTML) only if https and the user confirms
 * its host in a native dialog (in `lang`). False when the user declined.
 */
export const openLink = (url: string, lang?: string) => call<boolean>("open_link", lang ? { url, lang } : { url });
/** `document`: the drop token of the PDF (template "0"). */
export const sgTveUpload = (connectionId: string, envelopeId: string, tve: TveInput, transferId: string, document?: string) =>
  call<string>("sg_tve_upload", document ? { connectionId, envelopeId, tve, document, transferId } : { connectionId, envelopeId, tve, transferId });
export const sgTveEdit = (connectionId: string, envelopeId: string, documentId: string, tve: TveInput) =>
  call<string>("sg_tve_edit", { connectionId, envelopeId, documentId, tve });
export const sgSandboxSign = (connectionId: string, envelopeId: string, signerId?: string) =>
  call<null>("sg_sandbox_sign", signerId ? { connectionId, envelopeId, signerId } : { connectionId, envelopeId });
export const sgSandboxReject = (connectionId: string, envelopeId: string, signerId: string) =>
  call<null>("sg_sandbox_reject", { connectionId, envelopeId, signerId });
export const sgSandboxReturn = (connectionId: string, envelopeId: string, signerId: string, observations: string) =>
  call<null>("sg_sandbox_return", { connectionId, envelopeId, signerId, observations });
export const sgSandboxSuspend = (connectionId: string, envelopeId: string) =>
  call<null>("sg_sandbox_suspend", { connectionId, envelopeId });

export const sgTemplates = (connectionId: string) => call<Template[]>("sg_templates", { connectionId });
export const sgTemplateFields = (connectionId: string, envelopeId: string) =>
  call<TemplateField[]>("sg_template_fields", { connectionId, envelopeId });
export const sgTemplateUse = (connectionId: string, envelopeId: string, templateId: number, fields: Record<string, string>) =>
  call<TemplateDocument>("sg_template_use", { connectionId, envelopeId, templateId, fields });
export const sgTemplateUpdate = (connectionId: string, envelopeId: string, documentId: string, fields: Record<string, string>) =>
  call<TemplateDocument>("sg_template_update", { connectionId, envelopeId, documentId, fields });
