use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "ventanilla-cli",
    version,
    about = "Ventanilla's back-office operations, for scripts"
)]
pub struct Cli {
    /// Print results (and errors) as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Add, list, test and remove connections.
    #[command(subcommand)]
    Connection(ConnectionCmd),
    /// MLM BackOffice: users, tickets, wallets, teams.
    Backoffice(BackofficeArgs),
    /// SIGNIO e-signature: envelopes, documents, signers, templates, TVE.
    Signio(SignioArgs),
    /// The local operation history.
    #[command(subcommand)]
    History(HistoryCmd),
    /// Built-in provider simulators.
    #[command(subcommand)]
    Sandbox(SandboxCmd),
}

#[derive(Subcommand)]
pub enum ConnectionCmd {
    /// Add a connection; secret fields are read from stdin as one JSON object.
    Add {
        #[arg(long)]
        provider: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        base_url: String,
        /// Read the secret fields as JSON from stdin (backoffice: api_key,
        /// username, password; signio: email, password).
        #[arg(long)]
        secret_stdin: bool,
        /// Provider settings as a JSON object (signio: {"paths": {...},
        /// "token_lifetime_min": 120, "tenant": "..."}).
        #[arg(long)]
        settings: Option<String>,
    },
    List,
    /// Log in with the stored secrets and report what the provider says.
    Test {
        name: String,
    },
    Remove {
        name: String,
    },
}

#[derive(Args)]
pub struct BackofficeArgs {
    /// Connection name or id (default: the only BackOffice connection).
    #[arg(long, global = true)]
    pub connection: Option<String>,
    #[command(subcommand)]
    pub op: BackofficeOp,
}

#[derive(Subcommand)]
pub enum BackofficeOp {
    /// Log in and show who the connection is.
    Login,
    #[command(subcommand)]
    User(UserCmd),
    /// legs | locales | countries | cashout-currencies
    Catalog {
        name: String,
    },
    Dashboard {
        user_id: u64,
    },
    Notices {
        user_id: u64,
    },
    Products {
        user_id: u64,
    },
    /// The unilevel team tree.
    Team {
        user_id: u64,
    },
    /// The ternary matrix tree.
    Matrix {
        user_id: u64,
    },
    #[command(subcommand)]
    Resource(ResourceCmd),
    #[command(subcommand)]
    Ticket(TicketCmd),
    #[command(subcommand)]
    Thread(ThreadCmd),
    /// Wallet transactions, 30 per page.
    Wallet {
        #[arg(long)]
        wallet: u32,
        #[arg(long)]
        user: u64,
        #[arg(long, default_value_t = 1)]
        page: u32,
    },
    /// Users recently opened through this connection (local cache).
    RecentUsers,
}

#[derive(Subcommand)]
pub enum UserCmd {
    Get {
        id: u64,
    },
    /// Create a user; the password is read from stdin.
    Create {
        #[arg(long)]
        sponsor: String,
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        user_name: String,
        #[arg(long)]
        mobile: String,
        #[arg(long)]
        country_code: String,
    },
    /// Edit a user: only the given fields change.
    Edit {
        id: u64,
        #[arg(long)]
        first_name: Option<String>,
        #[arg(long)]
        last_name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        language: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        default_leg: Option<String>,
        #[arg(long)]
        country_code: Option<String>,
        /// Read a new password from stdin (its first line).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        profile_image: Option<PathBuf>,
        /// Read the e-mailed security token, when edits require one, from
        /// stdin: its first line, or its second after --password-stdin's.
        /// Never on the command line, where other users (ps) and the shell
        /// history see it.
        #[arg(long)]
        token_stdin: bool,
    },
    /// E-mail the user a security token (valid one hour).
    Token {
        id: u64,
    },
}

#[derive(Subcommand)]
pub enum ResourceCmd {
    Categories,
    List { category_id: u64 },
}

#[derive(Subcommand)]
pub enum TicketCmd {
    List {
        user_id: u64,
    },
    Create {
        #[arg(long)]
        user: u64,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        comment: String,
    },
}

#[derive(Subcommand)]
pub enum ThreadCmd {
    List {
        ticket_id: u64,
    },
    Reply {
        #[arg(long)]
        ticket: u64,
        #[arg(long)]
        content: String,
    },
}

#[derive(Subcommand)]
pub enum HistoryCmd {
    /// Full-text search, newest first.
    Search {
        query: String,
        #[arg(long)]
        provider: Option<String>,
        /// ok | error | unknown (a write whose result was never confirmed)
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Export matching operations as CSV (written atomically).
    Export {
        #[arg(long)]
        out: PathBuf,
        query: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum SandboxCmd {
    /// Run a simulator standalone. Prints its base URL on the first line and its
    /// demo credentials as one JSON object on the second; stops on Ctrl-C.
    Serve {
        #[arg(long)]
        provider: String,
        #[arg(long)]
        port: Option<u16>,
    },
}

#[derive(Args)]
pub struct SignioArgs {
    /// Connection name or id (default: the only SIGNIO connection).
    #[arg(long, global = true)]
    pub connection: Option<String>,
    #[command(subcommand)]
    pub op: SignioOp,
}

#[derive(Subcommand)]
pub enum SignioOp {
    #[command(subcommand)]
    Envelope(EnvelopeCmd),
    #[command(subcommand)]
    Document(DocumentCmd),
    #[command(subcommand)]
    Signer(SignerCmd),
    #[command(subcommand)]
    Template(TemplateCmd),
    /// A link that logs you into the envelope (valid 30 minutes).
    MagicLink { envelope: String },
    /// A signed URL for signing on site.
    OnsiteUrl {
        envelope: String,
        #[arg(long)]
        identity_type: String,
        #[arg(long)]
        identity: String,
        /// Straight into signing.
        #[arg(long)]
        direct: bool,
        /// SCREEN or SHOW_OPTIONS
        #[arg(long)]
        token_delivery: Option<String>,
        #[arg(long)]
        confirmation_url: Option<String>,
    },
    #[command(subcommand)]
    Tve(TveCmd),
    /// Tags envelopes can be classified with.
    Tags,
    /// Base (master) envelopes a new one can copy.
    BaseEnvelopes,
    /// Tenants these credentials can work in.
    Tenants,
    /// Sandbox signer controls (sandbox connections, or a `sandbox serve` simulator).
    #[command(subcommand)]
    Sandbox(SignioSandboxCmd),
}

#[derive(Subcommand)]
pub enum EnvelopeCmd {
    /// Every envelope (refreshes the local cache).
    List {
        /// draft | sent | completed | declined | suspended | returned
        #[arg(long)]
        status: Option<String>,
    },
    /// Search: at most 1,000 from --offset.
    Search {
        #[arg(long)]
        name: Option<String>,
        /// Updated at or after (YYYY-MM-DD or RFC 3339).
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// draft | sent | completed | declined | suspended
        #[arg(long)]
        status: Option<String>,
        /// name | status | createdAt | updatedAt
        #[arg(long)]
        sort: Option<String>,
        #[arg(long)]
        desc: bool,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// The envelopes last seen through this connection (local cache only).
    Cached,
    Get {
        id: String,
    },
    /// Create a draft. `--input FILE` (or `-` for stdin) takes the whole
    /// envelope as JSON (camelCase fields); flags override it.
    Create {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        message: Option<String>,
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long = "cc")]
        cc: Vec<String>,
        /// Copy the structure of this base envelope.
        #[arg(long)]
        base: Option<String>,
        #[arg(long)]
        allow_reject: bool,
        #[arg(long)]
        input: Option<PathBuf>,
        /// SIGNIO's envelopeDeduplicationKey (≤ 36 characters). A new one is
        /// generated when not given, and printed (`deduplicationKey`, also in
        /// the error): run again with the same key and SIGNIO returns the
        /// envelope it already made instead of a second one.
        #[arg(long)]
        dedup_key: Option<String>,
    },
    Delete {
        id: String,
    },
    /// Take a sent envelope back to draft.
    Return {
        id: String,
    },
    /// Send a draft out for signature.
    Distribute {
        id: String,
    },
}

#[derive(Subcommand)]
pub enum DocumentCmd {
    /// Stream files into a draft (progress on stderr).
    Upload {
        envelope: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Mark a document protected (or not, with --off).
    Protect {
        document: String,
        #[arg(long)]
        off: bool,
    },
    /// Save a document (--out FILE) or all of them (--all --dir DIR).
    Export {
        envelope: String,
        document: Option<String>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum SignerCmd {
    /// Register a contact. `--input FILE|-` takes the whole signer as JSON.
    Add {
        envelope: String,
        #[arg(long)]
        name: Option<String>,
        /// CC, CD, CE, OT, PP, PS, TI, VI
        #[arg(long)]
        identity_type: Option<String>,
        #[arg(long)]
        identity: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        order: Option<u32>,
        #[arg(long)]
        approver: bool,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// Link a signer to a document (to sign, or --attachment).
    Link {
        envelope: String,
        #[arg(long)]
        signer: String,
        #[arg(long)]
        document: String,
        #[arg(long)]
        attachment: bool,
        /// Stamp position: page,x,y,width,height
        #[arg(long)]
        position: Option<String>,
    },
    /// Set a signer's position in the signing order.
    Order {
        envelope: String,
        #[arg(long)]
        signer: String,
        #[arg(long)]
        order: u32,
    },
}

#[derive(Subcommand)]
pub enum TemplateCmd {
    List,
    /// Apply a template to an envelope: --field name=value ...
    Use {
        envelope: String,
        #[arg(long)]
        template: u64,
        #[arg(long = "field")]
        fields: Vec<String>,
    },
    /// Update the values of a template document: --field name=value ...
    Update {
        envelope: String,
        document: String,
        #[arg(long = "field")]
        fields: Vec<String>,
    },
    /// The template fields of an envelope.
    Fields {
        envelope: String,
    },
}

#[derive(Args)]
pub struct TveArgs {
    /// BLANK or SIMPLE
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub reference: Option<String>,
    /// YYYY-MM-DD
    #[arg(long)]
    pub expiration: Option<String>,
    #[arg(long)]
    pub amount: Option<u64>,
    #[arg(long)]
    pub payment_way: Option<String>,
    #[arg(long)]
    pub payment_place: Option<String>,
}

#[derive(Subcommand)]
pub enum TveCmd {
    /// Upload a promissory note (template 0: --document PDF --consecutive N).
    Upload {
        envelope: String,
        #[arg(long)]
        template: String,
        #[command(flatten)]
        fields: TveArgs,
        #[arg(long)]
        document: Option<PathBuf>,
        #[arg(long)]
        consecutive: Option<String>,
    },
    Edit {
        envelope: String,
        document: String,
        #[command(flatten)]
        fields: TveArgs,
    },
}

#[derive(Subcommand)]
pub enum SignioSandboxCmd {
    /// Every signer (or --signer) signs their documents.
    Sign {
        envelope: String,
        #[arg(long)]
        signer: Option<String>,
    },
    Reject {
        envelope: String,
        #[arg(long)]
        signer: String,
    },
    /// Return with observations.
    Return {
        envelope: String,
        #[arg(long)]
        signer: String,
        #[arg(long)]
        observations: String,
    },
    Suspend {
        envelope: String,
    },
}
