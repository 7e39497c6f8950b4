// Generated from the Rust types in src-tauri/crates/core. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p ventanilla-core bindings

export type ErrorCode = "VALIDATION" | "PROVIDER_REJECTED" | "NOT_FOUND" | "INVALID_API_KEY" | "INVALID_CREDENTIALS" | "UNAUTHORIZED" | "SECURITY_TOKEN_REQUIRED" | "PROVIDER_ERROR" | "MALFORMED_RESPONSE" | "NETWORK" | "TIMEOUT" | "KEYCHAIN_UNAVAILABLE" | "SECRET_MISSING" | "CONNECTION_NOT_FOUND" | "CONNECTION_EXISTS" | "STORAGE" | "IO" | "CANCELLED" | "INTERNAL";

export type ApiError = { code: ErrorCode, message: string, fields?: { [key in string]: string }, retryable: boolean, };

export type ProviderKind = "backoffice";

export type SecretStatus = "stored" | "memory" | "missing";

export type Connection = { id: string, name: string, provider: ProviderKind, baseUrl: string, 
/**
 * Points at a built-in simulator.
 */
sandbox: boolean, secret: SecretStatus, 
/**
 * RFC 3339, UTC.
 */
createdAt: string, };

export type ConnectionInput = { name: string, provider: ProviderKind, baseUrl: string, secrets?: { [key in string]: string }, };

export type ConnectionTest = { ok: boolean, 
/**
 * What the provider said (its message on failure).
 */
message: string, latencyMs: number, error?: ApiError, };

export type KeychainStatus = { available: boolean, 
/**
 * Why not, and how to get one, when it is not available.
 */
message?: string, };

export type AppInfo = { version: string, 
/**
 * The OS locale, e.g. "es-MX"; the UI picks Spanish or English from it.
 */
osLocale: string, dataDir: string, keychain: KeychainStatus, 
/**
 * The sandbox connections running in this process.
 */
sandbox: Array<Connection>, };

export type RecentUser = { id: number, username: string, displayName: string, connectionId: string, 
/**
 * When it was last fetched from the provider, Unix ms.
 */
syncedAtMs: number, };

export type FileInfo = { path: string, name: string, size: number, };

export type ExportOutcome = { "status": "saved", path: string, rows: number, bytes: number, } | { "status": "cancelled" };

export type SandboxMail = { userId: number, token: string, sentAtMs: number, };

export type Outcome = "ok" | "error";

export type OperationRecord = { id: number, 
/**
 * Unix milliseconds, UTC.
 */
atMs: number, connectionName: string, provider: string, operation: string, target: string, outcome: Outcome, errorCode?: string, durationMs: number, summary: string, };

export type HistoryQuery = { 
/**
 * Full-text query over operation, target, summary, connection and error code.
 */
text?: string, provider?: string, outcome?: Outcome, 
/**
 * Inclusive lower bound, Unix ms.
 */
fromMs?: number, 
/**
 * Exclusive upper bound, Unix ms.
 */
toMs?: number, 
/**
 * Only records older than this id (keyset paging).
 */
beforeId?: number, 
/**
 * At most this many (default 200, max 1000).
 */
limit?: number, };

export type HistoryPage = { items: Array<OperationRecord>, 
/**
 * Pass as `beforeId` to get the next page; absent at the end.
 */
nextBeforeId?: number, };

export type Ack = { message: string, };

export type Session = { userId: number, username: string, sponsor: string, referralLink: string, 
/**
 * As the provider wrote it ("MM-DD-YYYY HH:mm", UTC).
 */
expires: string, };

export type User = { 
/**
 * The id it was fetched by (the provider's reply does not repeat it).
 */
id: number, username: string, firstName: string, lastName: string, email: string, countryCode: string, mobile: string, defaultLeg: string, language: string, profileImage?: string, matrixOn: boolean, 
/**
 * Edits need an e-mailed security token.
 */
requestTokenOnEdit: boolean, };

export type CatalogEntry = { id: string, name: string, image?: string, };

export type Catalog = "legs" | "locales" | "countries" | "cashout_currencies";

export type NewUser = { 
/**
 * Username of the sponsor the user hangs under.
 */
sponsor: string, firstName: string, lastName: string, email: string, userName: string, mobile: string, password: string, countryCode: string, };

export type UserEdit = { firstName?: string, lastName?: string, email?: string, 
/**
 * A locale id from the `locales` catalog (sent as `language` and `locale`).
 */
language?: string, mobile?: string, 
/**
 * A leg id from the `legs` catalog.
 */
defaultLeg?: string, countryCode?: string, password?: string, 
/**
 * A local image file; streamed from disk, never through the webview.
 */
profileImage?: string, 
/**
 * The e-mailed security token, when the provider demands one.
 */
token?: string, };

export type WalletBalance = { 
/**
 * Position in the dashboard, 1-based: the provider gives wallets no id.
 */
walletId: number, name: string, 
/**
 * Decimal string as the provider sent it.
 */
amount: string, };

export type PopularCountry = { country: string, number: number, image: string, };

export type Dashboard = { wallets: Array<WalletBalance>, matrixDimensions: string, permanentMissing: string, temporalMissing: string, matrixPendingDirects: unknown, growthDates: Array<string>, growthUsers: number[], topLeaders: unknown[], trafficFunnel: unknown[], efficiencyFunnel: unknown[], popularCountries: Array<PopularCountry>, };

export type Notice = { id: number, title: string, content: string, };

export type Notices = { general: Array<Notice>, user: Array<Notice>, plan: Array<Notice>, };

export type Plan = { id: number, plan: string, image: string, price: number, currency: string, };

export type TeamMember = { id: number, username: string, firstName: string, lastName: string, email: string, level: number, plan: string, imageUrl: string, children: Array<TeamMember>, };

export type MatrixNode = { id: number, username: string, plan: string, image: string, level: number, left?: MatrixNode, center?: MatrixNode, right?: MatrixNode, lastNode: boolean, };

export type ResourceCategory = { id: number, title: string, 
/**
 * A Font Awesome class name.
 */
icon: string, };

export type Resource = { id: number, title: string, description: string, video?: string, file?: string, };

export type Ticket = { id: number, subject: string, 
/**
 * ISO 8601 with offset, as the provider sent it.
 */
createdAt: string, status: string, };

export type NewTicket = { userId: number, subject: string, comment: string, };

export type ThreadMessage = { id: number, 
/**
 * The provider's HTML, sanitized: no scripts, styles, event handlers or
 * remote resources survive. Safe to render.
 */
contentHtml: string, 
/**
 * The same content as plain text.
 */
contentText: string, createdAt: string, };

export type NewThreadMessage = { ticketId: number, content: string, };

export type WalletTransaction = { id: number, 
/**
 * Decimal string; negative for debits.
 */
amount: string, balance: string, description: string, date: string, };

export type WalletPage = { transactions: Array<WalletTransaction>, totalPages: number, currentPage: number, };

export type WalletQuery = { walletId: number, userId: number, page: number, };
