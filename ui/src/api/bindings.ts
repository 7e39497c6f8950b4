// Generated from the Rust types (core, providers, operations). Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p ventanilla-service bindings

export type ErrorCode = "VALIDATION" | "PROVIDER_REJECTED" | "NOT_FOUND" | "INVALID_API_KEY" | "INVALID_CREDENTIALS" | "UNAUTHORIZED" | "SECURITY_TOKEN_REQUIRED" | "PROVIDER_ERROR" | "MALFORMED_RESPONSE" | "NETWORK" | "TIMEOUT" | "OUTCOME_UNKNOWN" | "RESPONSE_TOO_LARGE" | "REDIRECT" | "KEYCHAIN_UNAVAILABLE" | "SECRET_MISSING" | "CONNECTION_NOT_FOUND" | "CONNECTION_EXISTS" | "STORAGE" | "IO" | "CANCELLED" | "INTERNAL";

export type ApiError = { code: ErrorCode, message: string, fields?: { [key in string]: FieldError }, retryable: boolean, };

export type FieldError = { code: string, params?: Record<string, string | number | boolean>, message: string, };

export type SecretStatus = "stored" | "memory" | "missing";

export type Connection = { id: string, name: string, 
/**
 * The provider's id (`signio`); the service holds the list.
 */
provider: string, baseUrl: string, 
/**
 * Points at a built-in simulator.
 */
sandbox: boolean, secret: SecretStatus, 
/**
 * RFC 3339, UTC.
 */
createdAt: string, 
/**
 * The provider-specific, non-secret settings (SIGNIO: `paths`,
 * `token_lifetime_min`, `tenant`); absent when there are none.
 */
settings?: Record<string, unknown>, };

export type ConnectionInput = { name: string, 
/**
 * The provider's id (`signio`); the service holds the list.
 */
provider: string, baseUrl: string, secrets?: { [key in string]: string }, 
/**
 * Provider-specific, non-secret settings, a JSON object (SIGNIO:
 * `{"paths": {"envelope.create": "POST /…"}, "token_lifetime_min": 120,
 * "tenant": "…"}`). Field errors come back as `settings.<key>`. On edit,
 * `None` keeps the stored settings.
 */
settings?: Record<string, unknown>, };

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
sandbox: Array<Connection>, 
/**
 * Every provider, with the secret fields its connection form asks for.
 */
providers: Array<ProviderInfo>, 
/**
 * Set when an operation's result could not be written to history (its
 * row still says "outcome unknown"): the UI shows it until restart.
 */
historyWarning?: string, };

export type RecentUser = { id: number, username: string, displayName: string, connectionId: string, 
/**
 * When it was last fetched from the provider, Unix ms.
 */
syncedAtMs: number, };

export type FileInfo = { path: string, name: string, size: number, };

export type ExportOutcome = { "status": "saved", path: string, rows: number, bytes: number, } | { "status": "cancelled" };

export type SandboxMail = { userId: number, token: string, sentAtMs: number, };

export type Outcome = "ok" | "error" | "unknown";

export type OperationRecord = { id: number, 
/**
 * Unix milliseconds, UTC.
 */
atMs: number, connectionName: string, provider: string, operation: string, target: string, outcome: Outcome, errorCode?: string, durationMs: number, 
/**
 * English, as recorded (rows from before summaries had codes have only this).
 */
summary: string, 
/**
 * The summary's code, for the UI to translate; absent on older rows.
 */
summaryCode?: string, 
/**
 * The summary's parameters, when it has any.
 */
summaryParams?: Record<string, string | number | boolean>, };

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

export type EnvelopeStatus = "draft" | "sent" | "completed" | "declined" | "suspended" | "returned" | "expired" | "unknown";

export type Envelope = { id: string, name: string, status: EnvelopeStatus, 
/**
 * The provider's own status text or code, as it sent it.
 */
providerStatus: string, 
/**
 * RFC 3339, UTC, when the provider gave it.
 */
createdAt?: string, updatedAt?: string, documentsCount?: number, };

export type EnvelopePage = { envelopes: Array<Envelope>, offset: number, 
/**
 * The provider's cap was reached: search again from `offset + len` for more.
 */
capped: boolean, };

export type EnvelopeDocument = { id: string, name: string, 
/**
 * Where the provider serves the file (public URL), if it gives one.
 */
url?: string, 
/**
 * Marked "protected": once the envelope is completed it cannot be downloaded.
 */
protected: boolean, };

export type EnvelopeContact = { id: string, identityType: string, identity: string, name: string, email: string, order?: number, 
/**
 * Digital (certificate) rather than electronic signature.
 */
digitalSignature: boolean, approver: boolean, enableComments: boolean, };

export type SignatureRecord = { signerId: string, documentId: string, approval: boolean, signedAt?: string, };

export type EnvelopeDetail = { id: string, name: string, message?: string, approvalCycle: boolean, 
/**
 * `Unknown` when the provider's detail reply carries no state.
 */
status: EnvelopeStatus, providerStatus?: string, documents: Array<EnvelopeDocument>, contacts: Array<EnvelopeContact>, signatures: Array<SignatureRecord>, };

export type Template = { id: number, name: string, description: string, 
/**
 * Provider's kind code (SIGNIO: `PLL` document format, `XFORM` PDF form).
 */
kind: string, active: boolean, 
/**
 * Generates an electronic "título valor".
 */
protected: boolean, roles: Array<string>, createdAt?: string, };

export type TemplateField = { name: string, label?: string, kind?: string, value?: string, };

export type TemplateDocument = { id: string, name: string, };

export type ExportedDocument = { path: string, bytes: number, 
/**
 * Lowercase hex SHA-256 of the saved bytes.
 */
sha256: string, };

export type TransferProgress = { transferred: number, 
/**
 * Unknown when the server sends no length.
 */
total?: number, };

export type CachedEnvelope = { envelope: Envelope, 
/**
 * When the provider last reported it, Unix ms UTC.
 */
syncedAtMs: number, 
/**
 * The connection it was seen through, and that connection's provider
 * (`signio`, `dynamicore`): the inbox lists every provider's envelopes.
 */
connectionId: string, provider: string, };

export type FileCheck = { path: string, name: string, 
/**
 * 0 when the file can't be read.
 */
size: number, 
/**
 * Why it can't be uploaded (wrong type, empty, unreadable); absent when it can.
 */
error?: FieldError, };

export type UploadedDocument = { envelopeId: string, documentId: string, 
/**
 * The local file name.
 */
name: string, bytes: number, 
/**
 * Lowercase hex SHA-256 of the uploaded file.
 */
sha256: string, durationMs: number, };

export type ExportFailure = { documentId: string, name: string, error: ApiError, };

export type ExportedFolder = { folder: string, documents: Array<ExportedDocument>, 
/**
 * Documents not saved (e.g. protected); the others were.
 */
failed: Array<ExportFailure>, };

export type DocumentExport = { "status": "saved", path: string, bytes: number, sha256: string, } | { "status": "cancelled" };

export type FolderExport = { "status": "saved", folder: string, documents: Array<ExportedDocument>, failed: Array<ExportFailure>, } | { "status": "cancelled" };

export type TransferKind = "upload" | "export";

export type TransferUpdate = { 
/**
 * The id the caller gave the transfer (to cancel it, and to match events).
 */
transferId: string, kind: TransferKind, 
/**
 * The file name.
 */
name: string, transferred: number, total?: number, };

export type EnvelopeActions = { 
/**
 * Upload documents, add and link signers, reorder, apply templates.
 */
edit: ActionState, distribute: ActionState, returnToDraft: ActionState, delete: ActionState, export: ActionState, };

export type ActionState = { enabled: boolean, 
/**
 * Why not, when not enabled: a code the UI translates (with the
 * envelope's `status` as a parameter) and the English text.
 */
reason?: FieldError, };

export type OpKind = "read" | "write";

export type OpInfo = { provider: string, name: string, cli: string, kind: OpKind, doc: string, 
/**
 * Answered from the local store: nothing is sent.
 */
local: boolean, };

export type ProviderInfo = { id: string, label: string, 
/**
 * The connection form asks for these; they go to the keychain.
 */
secretFields: Array<string>, sandboxName: string, 
/**
 * The non-secret settings the connection form offers.
 */
settingFields: Array<SettingField>, };

export type SettingKind = "route" | "number" | "text";

export type SettingField = { 
/**
 * The name the settings parser reports errors under (the service
 * prefixes `settings.`): `routes.key.request`.
 */
key: string, 
/**
 * Where the value sits in the settings JSON: `["routes", "key.request"]`
 * (an operation key has dots of its own, so `key` cannot be split).
 */
path: Array<string>, 
/**
 * English; the UI may translate it by `key`.
 */
label: string, 
/**
 * What applies when the setting is absent, as the form shows it.
 */
default: string, kind: SettingKind, 
/**
 * The provider's documentation does not give this value (in full):
 * the default is Ventanilla's assumption, and the form says so.
 */
assumed: boolean, 
/**
 * The provider document's section it follows, e.g. `"UNDOSTRES 2.5"`.
 */
doc?: string, 
/**
 * A short English explanation; the UI may translate it by `key`.
 */
hint?: string, };

export type NoticeLevel = "warning" | "urgent";

export type AppNotice = { connectionId: string, connectionName: string, provider: string, level: NoticeLevel, 
/**
 * Stable, for translations: e.g. `undostres.key_expires`.
 */
code: string, 
/**
 * The values the message is built from (days, hours, last4, expiresAt).
 */
params: Record<string, string | number>, 
/**
 * The English text, for the CLI and as a fallback.
 */
message: string, };

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
sponsor: string, firstName: string, lastName: string, email: string, userName: string, mobile: string, 
/**
 * Secret: read from stdin by the CLI, never a flag.
 */
password: string, countryCode: string, };

export type UserEdit = { firstName?: string, lastName?: string, email?: string, 
/**
 * A locale id from the `locales` catalog (sent as `language` and `locale`).
 */
language?: string, mobile?: string, 
/**
 * A leg id from the `legs` catalog.
 */
defaultLeg?: string, countryCode?: string, 
/**
 * Secret: read from stdin by the CLI.
 */
password?: string, 
/**
 * A local image file; streamed from disk, never through the webview.
 * The `user.edit` operation refuses it here and takes a file
 * reference (`profileImage`) instead, resolved by its host.
 */
profileImage?: string, 
/**
 * The e-mailed security token, when the provider demands one.
 * Secret: read from stdin by the CLI.
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

export type WalletQuery = { walletId: number, userId: number, 
/**
 * 1-based; 30 transactions a page.
 */
page: number, };

export type SessionLogin = Record<symbol, never>;

export type UserGet = { 
/**
 * The user's id.
 */
userId: number, };

export type UserCreate = { user: NewUser, };

export type UserEditOp = { 
/**
 * The user's id.
 */
userId: number, edit: UserEdit, 
/**
 * A new profile picture (jpg, png, gif, webp; ≤ 10 MiB).
 */
profileImage?: string, };

export type UserSecurityToken = { 
/**
 * The user's id.
 */
userId: number, };

export type CatalogList = { catalog: Catalog, };

export type UserDashboard = { userId: number, };

export type UserNotices = { userId: number, };

export type UserProducts = { userId: number, };

export type UserTeam = { userId: number, };

export type UserMatrix = { userId: number, };

export type ResourceCategories = Record<symbol, never>;

export type ResourceList = { categoryId: number, };

export type TicketList = { userId: number, };

export type TicketCreate = { ticket: NewTicket, };

export type ThreadList = { ticketId: number, };

export type ThreadReply = { message: NewThreadMessage, };

export type WalletTransactions = { query: WalletQuery, };

export type NewEnvelope = { name: string, message?: string, 
/**
 * Includes approvers.
 */
approvalCycle: boolean, tags: Array<string>, 
/**
 * Copy the structure of this base (master) envelope.
 */
baseEnvelopeId?: string, 
/**
 * The caller's own id (echoed in webhooks).
 */
externalId?: string, 
/**
 * E-mails notified when the envelope completes, with access to every document.
 */
cc: Array<string>, 
/**
 * Signers may reject.
 */
allowReject?: boolean, 
/**
 * `NO`, `OP` (optional) or `OB` (mandatory) photo at signing.
 */
photo?: string, legopsCertification?: boolean, 
/**
 * Signers and approvers see the history of processed signatures.
 */
showProcessedSignatures?: boolean, 
/**
 * Sender shown in the e-mail.
 */
sender?: string, 
/**
 * Shown at the first signing step.
 */
signingMessage?: string, 
/**
 * Shown at the last signing step.
 */
finalMessage?: string, 
/**
 * Approvers may return it with observations.
 */
approversMayReturn?: boolean, 
/**
 * Signers may return it with observations.
 */
signersMayReturn?: boolean, onPremiseSignature?: boolean, 
/**
 * Client-generated, at most 36 characters.
 */
deduplicationKey?: string, 
/**
 * The envelope has notified contacts.
 */
notifyContacts?: boolean, 
/**
 * Template input values keyed by the provider's input name.
 */
templateFields: { [key in string]: string }, 
/**
 * User assigned as distributor.
 */
createdBy?: string, };

export type NewSigner = { 
/**
 * At most 50 characters.
 */
name: string, 
/**
 * One of [`IDENTITY_TYPES`].
 */
identityType: string, 
/**
 * At most 20 characters.
 */
identity: string, 
/**
 * At most 50 characters.
 */
email: string, order?: number, approver?: boolean, 
/**
 * Digital (true) or electronic (false) signature.
 */
digitalSignature?: boolean, 
/**
 * Natural person (true) or legal entity (false).
 */
naturalPerson?: boolean, 
/**
 * At most 15 characters.
 */
mobile?: string, 
/**
 * Company legally represented; at most 45 characters.
 */
companyName?: string, 
/**
 * At most 5 characters (e.g. NIT).
 */
companyIdentityType?: string, 
/**
 * At most 30 characters.
 */
companyIdentity?: string, 
/**
 * One of [`IDENTITY_SERVICES`].
 */
identityService?: string, 
/**
 * Only [`ROLE_NOTIFIED`].
 */
role?: string, 
/**
 * For notified contacts: states to notify, a subset of [`NOTIFIABLE_STATES`].
 */
notifyStates: Array<number>, enableComments?: boolean, 
/**
 * `None`: the envelope's setting.
 */
onPremiseSignature?: boolean, 
/**
 * Roles used by metatag documents (e.g. `signer1`).
 */
operationRoles: Array<string>, };

export type StampPosition = { 
/**
 * 1-based.
 */
page: number, height: number, width: number, x: number, y: number, };

export type SignerLink = { signerId: string, documentId: string, 
/**
 * The document is an attachment for this contact (no stamp needed).
 */
attachment: boolean, position?: StampPosition, stamps: Array<StampPosition>, operationRole?: string, };

export type EnvelopeSortField = "name" | "status" | "createdAt" | "updatedAt";

export type EnvelopeSort = { field: EnvelopeSortField, descending: boolean, };

export type EnvelopeQuery = { 
/**
 * Case-insensitive "contains" on the name.
 */
name?: string, 
/**
 * Updated at or after (RFC 3339 or `YYYY-MM-DD`).
 */
from?: string, 
/**
 * Updated at or before.
 */
to?: string, 
/**
 * Filterable: draft, sent, completed, declined, suspended.
 */
status?: EnvelopeStatus, sort?: EnvelopeSort, offset: number, };

export type TveInput = { 
/**
 * `BLANK` or `SIMPLE`.
 */
kind: string, 
/**
 * The TVE template id; `"0"` for an external PDF (needs `document` and
 * `consecutive`). Ignored when editing.
 */
templateId: string, reference?: string, 
/**
 * `YYYY-MM-DD`; required for SIMPLE.
 */
expiration?: string, 
/**
 * Required for SIMPLE.
 */
amount?: number, paymentWay?: string, paymentPlace?: string, 
/**
 * A local PDF (streamed from disk); required when `templateId` is "0".
 */
document?: string, 
/**
 * Required when `templateId` is "0".
 */
consecutive?: string, };

export type OnSiteSigning = { envelopeId: string, 
/**
 * The signer's identity type (e.g. CC).
 */
identityType: string, identity: string, 
/**
 * Straight into signing (true) or the envelope list filtered to it (false).
 */
directSignature?: boolean, 
/**
 * `SCREEN` or `SHOW_OPTIONS`.
 */
tokenDelivery?: string, confirmationUrl?: string, };

export type Tag = { id?: string, name: string, };

export type TenantAccess = { tenant: string, expiresAt?: string, };

export type MagicLink = { url: string, 
/**
 * RFC 3339, UTC (SIGNIO: 30 minutes after it was asked for).
 */
expiresAt: string, };

export type EnvelopeList = { 
/**
 * draft | sent | completed | declined | suspended | returned
 */
status?: EnvelopeStatus, };

export type EnvelopeSearch = { 
/**
 * Nested: only through `--input` JSON (`{"query": {...}}`).
 */
query: EnvelopeQuery, };

export type EnvelopeGet = { envelopeId: string, };

export type EnvelopeCreate = { 
/**
 * Nested: only through `--input` JSON (`{"envelope": {...}}`).
 */
envelope: NewEnvelope, };

export type EnvelopeDelete = { envelopeId: string, };

export type EnvelopeReturn = { envelopeId: string, };

export type EnvelopeDistribute = { envelopeId: string, };

export type EnvelopeBases = Record<symbol, never>;

export type EnvelopeMagicLink = { envelopeId: string, };

export type EnvelopeOnsiteUrl = { 
/**
 * Nested: only through `--input` JSON (`{"request": {...}}`).
 */
request: OnSiteSigning, };

export type DocumentUpload = { envelopeId: string, 
/**
 * The file: a drop token in the app, a path on the command line.
 */
file: string, 
/**
 * Progress events and cancel carry this id (the app).
 */
transferId?: string, };

export type DocumentProtect = { documentId: string, };

export type DocumentUnprotect = { documentId: string, };

export type ExportDocument = { envelopeId: string, documentId: string, 
/**
 * The document's name, to suggest a file name.
 */
fileName?: string, transferId?: string, };

export type ExportAllDocuments = { envelopeId: string, transferId?: string, };

export type SignerAdd = { envelopeId: string, 
/**
 * Nested: only through `--input` JSON (`{"signer": {...}}`).
 */
signer: NewSigner, };

export type SignerLinkDocument = { envelopeId: string, 
/**
 * Nested: only through `--input` JSON (`{"link": {...}}`).
 */
link: SignerLink, };

export type SignerOrder = { envelopeId: string, signerId: string, 
/**
 * 1-based.
 */
order: number, };

export type TemplateList = Record<symbol, never>;

export type TemplateFields = { envelopeId: string, };

export type TemplateUse = { envelopeId: string, templateId: number, 
/**
 * Field name → value. Only through `--input` JSON (`{"fields": {...}}`).
 */
fields: { [key in string]: string }, };

export type TemplateUpdate = { envelopeId: string, documentId: string, 
/**
 * Field name → value. Only through `--input` JSON (`{"fields": {...}}`).
 */
fields: { [key in string]: string }, };

export type TveUpload = { envelopeId: string, 
/**
 * Nested: only through `--input` JSON (`{"tve": {...}}`); its
 * `document` stays empty (the file is the `document` field below).
 */
tve: TveInput, 
/**
 * The external PDF (template 0): a drop token in the app, a path on
 * the command line.
 */
document?: string, transferId?: string, };

export type TveEdit = { envelopeId: string, documentId: string, 
/**
 * Nested: only through `--input` JSON (`{"tve": {...}}`).
 */
tve: TveInput, };

export type TagList = Record<symbol, never>;

export type TenantList = Record<symbol, never>;

export type SandboxSign = { envelopeId: string, signerId?: string, };

export type SandboxReject = { envelopeId: string, signerId: string, };

export type SandboxReturn = { envelopeId: string, signerId: string, observations: string, };

export type SandboxSuspend = { envelopeId: string, };

export type KeyInfo = { 
/**
 * The key's last 4 characters.
 */
last4: string, createdAt: string, expiresAt: string, allowedIps: Array<string>, 
/**
 * The last 4 characters of the key this one replaced, if this app knew it.
 */
previousKeyLast4?: string, 
/**
 * The key this one replaced still works until then (absent: there was
 * none, or it stopped at once).
 */
previousKeyExpiresAt?: string, 
/**
 * The keychain refused the new key: this session uses it, but it is
 * lost when the app closes (request another once it is unlocked).
 */
sessionOnly?: boolean, };

export type ExpiryLevel = "ok" | "soon" | "urgent" | "expired";

export type KeyStatus = { 
/**
 * Absent: this connection has obtained no key through this app yet.
 */
key?: KeyInfo, 
/**
 * `ok` also when there is no key.
 */
level: ExpiryLevel, 
/**
 * Whole days left (negative once expired).
 */
daysLeft?: number, 
/**
 * The replaced key still works until then.
 */
previousValidUntil?: string, 
/**
 * Whether the account is active, as last read (the cached account):
 * a list of keys needs no call per row. Absent: never read.
 */
active?: boolean, };

export type Account = { companyId: string, parentCompanyId: string | null, 
/**
 * 0 for the main account, at most 2.
 */
depth: number, names: string, documentNumber: string | null, webhooks: Array<string>, 
/**
 * Registered at sign-up; not editable through the API.
 */
email: string | null, 
/**
 * Registered at sign-up; not editable through the API.
 */
phone: string | null, 
/**
 * Accounts become active when they first obtain a key.
 */
active: boolean, };

export type TreeNodeView = { companyId: string, parentCompanyId: string | null, depth: number, names: string, active: boolean, createdHere: boolean, knownChildren: number, maxChildren: number, 
/**
 * `max_children - known_children`: at most this many more (children
 * created outside this app are not known).
 */
remainingSlots: number, };

export type AccountTreeView = { 
/**
 * Depth-first from the roots.
 */
nodes: Array<TreeNodeView>, 
/**
 * When the cached tree was last updated (RFC 3339).
 */
cachedAt: string, };

export type SubAccountCreated = { companyId: string, parentCompanyId: string, names: string, 
/**
 * `false` until the sub-account requests its first key.
 */
active: boolean, 
/**
 * The connection its credentials were stored in (empty until stored).
 */
connectionId: string, connectionName: string, };

export type KeyRequestInput = { 
/**
 * 0–3 IPv4/IPv6 addresses the new key may be used from.
 */
allowedIps: Array<string>, 
/**
 * When the previous key stops working: `"now"` or an RFC 3339 time at
 * most 24 h from now. `None`: 24 h from now (the provider's default).
 */
expirePreviousAt?: string, };

export type KeyStatusInput = Record<symbol, never>;

export type AccountGetInput = { 
/**
 * The account (default: the connection's own).
 */
companyId?: string, };

export type AccountUpdateInput = { 
/**
 * The account (default: the connection's own).
 */
companyId?: string, names?: string, documentNumber?: string, 
/**
 * Replaces the whole list when present (`[]` clears it).
 */
webhooks?: Array<string>, 
/**
 * Always refused: [`EMAIL_PHONE_LOCKED`].
 */
email?: string, 
/**
 * Always refused: [`EMAIL_PHONE_LOCKED`].
 */
phone?: string, };

export type AccountTreeInput = Record<symbol, never>;

export type SubAccountCreateInput = { 
/**
 * The parent (default: the connection's own account).
 */
parentCompanyId?: string, names: string, documentNumber?: string, webhooks: Array<string>, email?: string, phone?: string, };

export type Listing = { total: number, data: unknown[], };

export type TypeFields = { name: string, description?: string, 
/**
 * Field definitions of the template (names of PII fields).
 */
template: Array<string>, };

export type SatFileRefs = { 
/**
 * The .key file (e.firma).
 */
key?: string, 
/**
 * The .cer file (e.firma).
 */
cer?: string, };

export type Signatory = { name: string, email: string, taxId: string, };

export type Viewer = { name: string, email: string, };

export type Customer = { name: string, email?: string, phone?: string, };

export type Item = { name: string, 
/**
 * Cents (integer; a JSON float is refused when the input is parsed).
 */
unitPrice: number, quantity: number, };

export type MifielSigner = { name: string, email: string, taxId: string | null, signed: boolean, widgetId: string | null, };

export type MifielDocument = { id: string, signed: boolean, signedByAll: boolean, signedAt: string | null, state: string | null, externalId: string | null, expiresAt: string | null, originalHash: string | null, signers: Array<MifielSigner>, fileSigned: string | null, fileXml: string | null, 
/**
 * The uploaded file's name (Mifiel's `file_file_name`), when given.
 */
fileFileName: string | null, 
/**
 * The client and PII field the document came from, when given.
 */
client: Text | null, field: string | null, createdAt: string | null, };

export type MifielView = { reference: string, 
/**
 * The file name if known, else the field and the client.
 */
name: string, status: EnvelopeStatus, 
/**
 * Mifiel's `state` and flags, as it sent them.
 */
providerStatus: string, signedCount: number, signersCount: number, id: string, signed: boolean, signedByAll: boolean, signedAt: string | null, state: string | null, externalId: string | null, expiresAt: string | null, originalHash: string | null, signers: Array<MifielSigner>, fileSigned: string | null, fileXml: string | null, 
/**
 * The uploaded file's name (Mifiel's `file_file_name`), when given.
 */
fileFileName: string | null, 
/**
 * The client and PII field the document came from, when given.
 */
client: Text | null, field: string | null, createdAt: string | null, };

export type MifielExport = { "status": "saved", files: Array<MifielFile>, } | { "status": "cancelled" };

export type MifielFile = { 
/**
 * The saved file's name.
 */
name: string, path: string, bytes: number, 
/**
 * Lowercase hex SHA-256 of the saved bytes.
 */
sha256: string, };

export type UploadedFile = { name: string, bytes: number, 
/**
 * Lowercase hex SHA-256 of what was sent (absent if not hashed).
 */
sha256?: string, };

export type FilesUploaded = { clientId: string, field: string, files: Array<UploadedFile>, durationMs: number, };

export type OrderCreated = { id: string, channel: string, amount: number, active: Text, };

export type CashPayment = { kind: string, reference: string | null, barcodeUrl: string | null, expiresAt: number | null, storeName: string | null, };

export type Charge = { status: string, amount: number, paidAt: number | null, paymentMethod: CashPayment, };

export type ChargeList = { data: Array<Charge>, };

export type Order = { id: string, amount: number, currency: string, paymentStatus: string, charges: ChargeList, createdAt: number | null, };

export type ClientTypeCreateInput = { name: string, description?: string, 
/**
 * Field definitions of the template (names of PII fields).
 */
template: Array<string>, };

export type ProductTypeCreateInput = { name: string, description?: string, 
/**
 * Field definitions of the template (names of PII fields).
 */
template: Array<string>, };

export type CatalogClientInput = Record<symbol, never>;

export type CatalogProductInput = Record<symbol, never>;

export type ClientCreateInput = { 
/**
 * The client type's id (e.g. "17").
 */
clientType: string, firstName: string, lastName: string, rfc: string, email: string, };

export type ClientUpdateInput = { id: string, firstName?: string, lastName?: string, rfc?: string, email?: string, };

export type ClientListInput = { id?: string, };

export type FileUpload = { clientId: string, 
/**
 * The PII field (`acta_constitutiva`).
 */
field: string, files: Array<string>, 
/**
 * Progress events and cancel carry this id (the app).
 */
transferId?: string, };

export type ClientSatRequest = { clientId: string, rfc: string, 
/**
 * `ciec` or `efirma`.
 */
type?: string, 
/**
 * The SAT password: never stored, never recorded (the CLI's
 * `--password-stdin`).
 */
password?: string, 
/**
 * The .key file (e.firma).
 */
key?: string, 
/**
 * The .cer file (e.firma).
 */
cer?: string, };

export type ClientScoreInput = { clientId: string, };

export type AccountCreateInput = { clientId: string, 
/**
 * The product's id (e.g. "6").
 */
product: string, 
/**
 * "1" active (default), "0" inactive (the CLI's `--inactive`).
 */
enabled: string, 
/**
 * ISO 4217 numeric (default 484, MXN).
 */
currency: string, };

export type AccountListInput = { clientId: string, id?: string, };

export type AccountTransactionsInput = { accountId: string, };

export type AccountPaymentsInput = { accountId: string, };

export type SatKeysRequest = { client: string, 
/**
 * `ciec` or `efirma`.
 */
type: string, 
/**
 * The SAT password: never stored, never recorded (the CLI's
 * `--password-stdin`).
 */
password?: string, 
/**
 * The .key file (e.firma).
 */
key?: string, 
/**
 * The .cer file (e.firma).
 */
cer?: string, };

export type SatSyncInput = { client: string, 
/**
 * YYYY-MM-DD.
 */
start: string, 
/**
 * YYYY-MM-DD, not before `start`.
 */
end: string, };

export type SatDataInput = { client: string, start?: string, end?: string, limit?: number, page?: number, };

export type MifielCreateInput = { clientId: string, 
/**
 * The PII field the file was uploaded into.
 */
field: string, 
/**
 * `"NAME <EMAIL> RFC"` on the command line.
 */
signatories: Array<Signatory>, 
/**
 * `"NAME <EMAIL>"` on the command line.
 */
viewers: Array<Viewer>, externalId?: string, 
/**
 * Days until the document expires (request field `day_to_expire`).
 */
daysToExpire?: number, remindEvery?: number, 
/**
 * A note the signers read with the invitation (`message_for_signers`:
 * in the seed's #18 request example, not in its field table).
 */
messageForSigners?: string, 
/**
 * Mifiel e-mails the signers; `false`: they sign in the widget.
 */
sendInvites: boolean, };

export type MifielGetInput = { reference: string, };

export type ConektaCreateInput = { account: number, operation: number, customer: Customer, item: Item, paymentMethod: string, };

export type ConektaGetInput = { orderId: string, };

export type MifielExportInput = { reference: string, 
/**
 * Progress events and cancel carry this id (the app).
 */
transferId?: string, };

export type SandboxSignDocument = { reference: string, };

export type SandboxPayOrder = { orderId: string, };

export type Ops = {
  "backoffice": {
    "session.login": { input: SessionLogin, output: Session, kind: "read" },
    "user.get": { input: UserGet, output: User, kind: "read" },
    "user.create": { input: UserCreate, output: Ack, kind: "write" },
    "user.edit": { input: UserEditOp, output: Ack, kind: "write" },
    "user.security_token": { input: UserSecurityToken, output: Ack, kind: "write" },
    "catalog.list": { input: CatalogList, output: Array<CatalogEntry>, kind: "read" },
    "user.dashboard": { input: UserDashboard, output: Dashboard, kind: "read" },
    "user.notices": { input: UserNotices, output: Notices, kind: "read" },
    "user.products": { input: UserProducts, output: Array<Plan>, kind: "read" },
    "user.team": { input: UserTeam, output: Array<TeamMember>, kind: "read" },
    "user.matrix": { input: UserMatrix, output: MatrixNode | null, kind: "read" },
    "resource.categories": { input: ResourceCategories, output: Array<ResourceCategory>, kind: "read" },
    "resource.list": { input: ResourceList, output: Array<Resource>, kind: "read" },
    "ticket.list": { input: TicketList, output: Array<Ticket>, kind: "read" },
    "ticket.create": { input: TicketCreate, output: Ack, kind: "write" },
    "thread.list": { input: ThreadList, output: Array<ThreadMessage>, kind: "read" },
    "thread.reply": { input: ThreadReply, output: Ack, kind: "write" },
    "wallet.transactions": { input: WalletTransactions, output: WalletPage, kind: "read" },
  },
  "signio": {
    "envelope.list": { input: EnvelopeList, output: Array<Envelope>, kind: "read" },
    "envelope.search": { input: EnvelopeSearch, output: EnvelopePage, kind: "read" },
    "envelope.get": { input: EnvelopeGet, output: EnvelopeDetail, kind: "read" },
    "envelope.create": { input: EnvelopeCreate, output: string, kind: "write" },
    "envelope.delete": { input: EnvelopeDelete, output: null, kind: "write" },
    "envelope.return": { input: EnvelopeReturn, output: null, kind: "write" },
    "envelope.distribute": { input: EnvelopeDistribute, output: null, kind: "write" },
    "envelope.bases": { input: EnvelopeBases, output: Array<Envelope>, kind: "read" },
    "envelope.magic_link": { input: EnvelopeMagicLink, output: MagicLink, kind: "write" },
    "envelope.onsite_url": { input: EnvelopeOnsiteUrl, output: string, kind: "write" },
    "document.upload": { input: DocumentUpload, output: UploadedDocument, kind: "write" },
    "document.protect": { input: DocumentProtect, output: null, kind: "write" },
    "document.unprotect": { input: DocumentUnprotect, output: null, kind: "write" },
    "document.export": { input: ExportDocument, output: DocumentExport, kind: "read" },
    "document.export_all": { input: ExportAllDocuments, output: FolderExport, kind: "read" },
    "signer.add": { input: SignerAdd, output: string, kind: "write" },
    "signer.link": { input: SignerLinkDocument, output: null, kind: "write" },
    "signer.order": { input: SignerOrder, output: null, kind: "write" },
    "template.list": { input: TemplateList, output: Array<Template>, kind: "read" },
    "template.fields": { input: TemplateFields, output: Array<TemplateField>, kind: "read" },
    "template.use": { input: TemplateUse, output: TemplateDocument, kind: "write" },
    "template.update": { input: TemplateUpdate, output: TemplateDocument, kind: "write" },
    "tve.upload": { input: TveUpload, output: string, kind: "write" },
    "tve.edit": { input: TveEdit, output: string, kind: "write" },
    "tag.list": { input: TagList, output: Array<Tag>, kind: "read" },
    "tenant.list": { input: TenantList, output: Array<TenantAccess>, kind: "read" },
    "sandbox.sign": { input: SandboxSign, output: null, kind: "write" },
    "sandbox.reject": { input: SandboxReject, output: null, kind: "write" },
    "sandbox.return": { input: SandboxReturn, output: null, kind: "write" },
    "sandbox.suspend": { input: SandboxSuspend, output: null, kind: "write" },
  },
  "undostres": {
    "key.request": { input: KeyRequestInput, output: KeyInfo, kind: "write" },
    "key.status": { input: KeyStatusInput, output: KeyStatus, kind: "read" },
    "account.get": { input: AccountGetInput, output: Account, kind: "read" },
    "account.update": { input: AccountUpdateInput, output: Account, kind: "write" },
    "account.tree": { input: AccountTreeInput, output: AccountTreeView, kind: "read" },
    "subaccount.create": { input: SubAccountCreateInput, output: SubAccountCreated, kind: "write" },
  },
  "dynamicore": {
    "type.create_client": { input: ClientTypeCreateInput, output: Listing, kind: "write" },
    "type.create_product": { input: ProductTypeCreateInput, output: Listing, kind: "write" },
    "catalog.client": { input: CatalogClientInput, output: Listing, kind: "read" },
    "catalog.product": { input: CatalogProductInput, output: Listing, kind: "read" },
    "client.create": { input: ClientCreateInput, output: Listing, kind: "write" },
    "client.update": { input: ClientUpdateInput, output: Listing, kind: "write" },
    "client.list": { input: ClientListInput, output: Listing, kind: "read" },
    "file.upload": { input: FileUpload, output: FilesUploaded, kind: "write" },
    "client.sat": { input: ClientSatRequest, output: Listing, kind: "read" },
    "client.score": { input: ClientScoreInput, output: Listing, kind: "read" },
    "account.create": { input: AccountCreateInput, output: Listing, kind: "write" },
    "account.list": { input: AccountListInput, output: Listing, kind: "read" },
    "account.transactions": { input: AccountTransactionsInput, output: Listing, kind: "read" },
    "account.payments": { input: AccountPaymentsInput, output: Listing, kind: "read" },
    "sat.keys": { input: SatKeysRequest, output: Listing, kind: "write" },
    "sat.sync": { input: SatSyncInput, output: Listing, kind: "write" },
    "sat.data": { input: SatDataInput, output: Listing, kind: "read" },
    "mifiel.create": { input: MifielCreateInput, output: MifielView, kind: "write" },
    "mifiel.get": { input: MifielGetInput, output: MifielView, kind: "read" },
    "conekta.create": { input: ConektaCreateInput, output: OrderCreated, kind: "write" },
    "conekta.get": { input: ConektaGetInput, output: Order, kind: "read" },
    "mifiel.export": { input: MifielExportInput, output: MifielExport, kind: "read" },
    "sandbox.sign": { input: SandboxSignDocument, output: MifielView, kind: "write" },
    "sandbox.pay": { input: SandboxPayOrder, output: Order, kind: "write" },
  },
};

export type ProviderId = keyof Ops;
