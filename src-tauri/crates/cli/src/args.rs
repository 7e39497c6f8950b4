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
        /// Read the secret fields as JSON from stdin (backoffice: api_key, username, password).
        #[arg(long)]
        secret_stdin: bool,
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
        /// Read a new password from stdin.
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        profile_image: Option<PathBuf>,
        /// The e-mailed security token, when edits require one.
        #[arg(long)]
        token: Option<String>,
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
        /// ok | error
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
