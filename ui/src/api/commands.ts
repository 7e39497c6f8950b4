// One thin typed wrapper per Tauri command. Screens never call `invoke` themselves.
import { invoke } from "@tauri-apps/api/core";
import { toApiError } from "./errors";
import type {
  Ack, AppInfo, Catalog, CatalogEntry, Connection, ConnectionInput, ConnectionTest, Dashboard,
  ExportOutcome, FileInfo, HistoryPage, HistoryQuery, MatrixNode, NewThreadMessage, NewTicket,
  NewUser, Notices, Plan, RecentUser, Resource, ResourceCategory, SandboxMail, TeamMember,
  ThreadMessage, Ticket, User, UserEdit, WalletPage, WalletQuery,
} from "./bindings";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const appInfo = () => call<AppInfo>("app_info");

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
export const boUserEdit = (connectionId: string, userId: number, edit: UserEdit) =>
  call<Ack>("bo_user_edit", { connectionId, userId, edit });
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

export const fileInfo = (path: string) => call<FileInfo>("file_info", { path });
