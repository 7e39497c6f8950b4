use clap::{Parser, Subcommand};
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
