//! `ventanilla-cli`: the same operations as the desktop app, for scripts.
//! Every command takes `--json`; errors are `{code, message, fields?, retryable}`.

mod args;
mod conveniences;
mod host;
mod ops;
mod output;

use args::{Cli, Command, ConnectionCmd, HistoryCmd, SandboxCmd};
use clap::{CommandFactory, FromArgMatches};
use output::Output;
use std::io::Read;
use ventanilla_core::connection::ConnectionInput;
use ventanilla_core::error::FieldError;
use ventanilla_core::history::{HistoryQuery, Outcome};
use ventanilla_core::{Error, ErrorCode, Result, SecretString};
use ventanilla_service::{Options, SandboxMode, Service};

fn main() {
    // The fixed commands (derived in args.rs), the `ops` list and one
    // subcommand per provider generated from the operation registry.
    let matches = Cli::command()
        .subcommand(ops::list_command())
        .subcommands(ops::provider_commands())
        .try_get_matches()
        .unwrap_or_else(|e| usage_error(e));
    let out = Output {
        json: matches.get_flag("json"),
    };
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let work = async {
        match matches.subcommand() {
            Some(("ops", m)) => ops::list(m.get_one::<String>("provider"), &out),
            Some((p, m)) if ventanilla_service::providers::info(p).is_ok() => {
                provider(p, m, &out).await
            }
            _ => {
                let cli = Cli::from_arg_matches(&matches)
                    .map_err(|e| e.exit())
                    .unwrap();
                run(cli.command, &out).await
            }
        }
    };
    let code = match runtime.block_on(work) {
        Ok(()) => 0,
        Err(e) => {
            out.error(&e);
            if e.code == ErrorCode::Validation {
                2
            } else {
                1
            }
        }
    };
    // Drop the runtime (and any sandbox simulator) before exiting.
    drop(runtime);
    std::process::exit(code);
}

/// A command line clap refuses: with `--json`, the same `{error}` object as
/// any invalid input (exit 2), the field named as the input names it.
fn usage_error(e: clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let json = std::env::args().any(|a| a == "--json");
    if !json
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit()
    }
    let field = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(a)) => camel(a),
        Some(ContextValue::Strings(a)) => a.first().map(|a| camel(a)).unwrap_or_default(),
        _ => "command".to_owned(),
    };
    // clap's text up to its usage lines, on one line.
    let message = e
        .render()
        .to_string()
        .lines()
        .take_while(|l| !l.starts_with("Usage:"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .trim_start_matches("error: ")
        .to_owned();
    // clap's words (English, its own): no code of ours for each of them.
    let err = Error::invalid(&field, FieldError::new("command_line", message));
    Output { json }.error(&err);
    std::process::exit(2)
}

/// `invalid_json`: input that does not parse as JSON.
pub(crate) fn invalid_json(e: &serde_json::Error) -> FieldError {
    FieldError::new("invalid_json", format!("not valid JSON: {e}"))
}

/// `--identity-type <X>` or `<ENVELOPE_ID>` → `identityType`, `envelopeId`.
fn camel(arg: &str) -> String {
    let word = arg
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_start_matches('-')
        .trim_matches(['<', '>', '.'])
        .to_lowercase();
    let mut out = String::new();
    let mut upper = false;
    for c in word.chars() {
        if c == '-' || c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

async fn open() -> Result<Service> {
    let opts = Options::from_env(SandboxMode::Lazy)?;
    ventanilla_service::logging::init(&opts.data_dir);
    Service::open(opts).await
}

async fn run(command: Command, out: &Output) -> Result<()> {
    match command {
        Command::Connection(cmd) => connection(cmd, out).await,
        Command::History(HistoryCmd::Search {
            query,
            provider,
            outcome,
            limit,
        }) => {
            let svc = open().await?;
            let q = HistoryQuery {
                text: Some(query),
                provider,
                outcome: outcome.as_deref().map(parse_outcome).transpose()?,
                limit: Some(limit),
                ..Default::default()
            };
            out.value(&svc.history_search(&q)?.items)
        }
        Command::History(HistoryCmd::Export { out: dest, query }) => {
            let svc = open().await?;
            let q = HistoryQuery {
                text: query,
                ..Default::default()
            };
            out.value(&svc.history_export_csv(&q, &dest)?)
        }
        Command::Sandbox(SandboxCmd::Serve { provider, port }) => {
            sandbox_serve(&provider, port).await
        }
    }
}

/// `ventanilla-cli <provider> …`: an operation, or one of the few local reads.
async fn provider(p: &str, m: &clap::ArgMatches, out: &Output) -> Result<()> {
    let svc = open().await?;
    let local = match m.subcommand() {
        Some(("recent-users", l)) if p == "backoffice" => Some((l, "recent-users")),
        Some(("envelope", g)) if p == "signio" => match g.subcommand() {
            Some(("cached", l)) => Some((l, "cached")),
            _ => None,
        },
        _ => None,
    };
    match local {
        Some((l, what)) => {
            let conn = ops::pick_connection(&svc, l.get_one::<String>("connection"), p)?;
            if what == "recent-users" {
                out.value(&svc.recent_users(&conn)?)
            } else {
                out.value(&svc.cached_envelopes(&conn)?)
            }
        }
        None => ops::run(&svc, p, m, out).await,
    }
}

fn parse_outcome(s: &str) -> Result<Outcome> {
    match s {
        "ok" => Ok(Outcome::Ok),
        "error" => Ok(Outcome::Error),
        "unknown" => Ok(Outcome::Unknown),
        _ => Err(Error::invalid(
            "outcome",
            FieldError::new("one_of", "must be ok, error or unknown")
                .param("allowed", "ok, error, unknown"),
        )),
    }
}

async fn connection(cmd: ConnectionCmd, out: &Output) -> Result<()> {
    let svc = open().await?;
    match cmd {
        ConnectionCmd::List => {
            out.value(&svc.connections()?)?;
            // Warnings (e.g. API keys about to expire) on stderr, so the
            // list on stdout keeps its shape for scripts.
            for n in svc.notices()? {
                eprintln!(
                    "{}: {}: {}",
                    match n.level {
                        ventanilla_core::op::NoticeLevel::Urgent => "URGENT",
                        ventanilla_core::op::NoticeLevel::Warning => "warning",
                    },
                    n.connection_name,
                    n.message
                );
            }
            Ok(())
        }
        ConnectionCmd::Add {
            provider,
            name,
            base_url,
            secret_stdin,
            settings,
        } => {
            let settings = settings
                .map(|s| {
                    serde_json::from_str::<serde_json::Value>(&s)
                        .map_err(|e| Error::invalid("settings", invalid_json(&e)))
                })
                .transpose()?;
            let secrets = if secret_stdin {
                Some(read_secrets()?)
            } else {
                None
            };
            out.value(
                &svc.add_connection(ConnectionInput {
                    name,
                    provider,
                    base_url,
                    secrets,
                    settings,
                })
                .await?,
            )
        }
        ConnectionCmd::Test { name } => {
            let t = svc.test_connection(&name).await?;
            let ok = t.ok;
            out.value(&t)?;
            match t.error {
                Some(e) if !ok => Err(e),
                _ => Ok(()),
            }
        }
        ConnectionCmd::Remove { name } => {
            svc.remove_connection(&name).await?;
            out.value(&serde_json::json!({ "removed": name }))
        }
    }
}

/// Secret fields as one JSON object on stdin, e.g. `{"api_key":"…","username":"…","password":"…"}`.
fn read_secrets() -> Result<std::collections::BTreeMap<String, SecretString>> {
    let mut raw = String::new();
    std::io::stdin()
        .take(64 * 1024)
        .read_to_string(&mut raw)
        .map_err(|e| {
            let m = format!("cannot read stdin as UTF-8 text: {e}");
            Error::invalid("secrets", FieldError::new("stdin_unreadable", m))
        })?;
    let map: std::collections::BTreeMap<String, String> = serde_json::from_str(&raw).map_err(|_| {
        Error::invalid("secrets", FieldError::new("secrets_json", "stdin must be one JSON object of strings, e.g. {\"api_key\":\"…\",\"username\":\"…\",\"password\":\"…\"}"))
    })?;
    Ok(map
        .into_iter()
        .map(|(k, v)| (k, SecretString::new(v)))
        .collect())
}

async fn sandbox_serve(provider: &str, port: Option<u16>) -> Result<()> {
    // Listen for SIGTERM/Ctrl-C before printing the URL: a script that reads the
    // first line and stops us at once must get a clean exit, not the default kill.
    let shutdown = Shutdown::install();
    let sim = ventanilla_service::start_simulator(provider, port).await?;
    let credentials: serde_json::Map<String, serde_json::Value> = sim
        .secrets
        .iter()
        .map(|(k, v)| (k.clone(), v.expose().into()))
        .collect();
    announce(&sim.base_url, credentials.into());
    shutdown.wait().await;
    Ok(())
}

/// First line: the base URL; second line: the demo credentials as one JSON object.
fn announce(base_url: &str, credentials: serde_json::Value) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{base_url}");
    let _ = writeln!(out, "{credentials}");
    let _ = out.flush();
}

/// SIGTERM or Ctrl-C, registered when created (not when first awaited).
struct Shutdown {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(windows)]
    ctrl_c: tokio::signal::windows::CtrlC,
}

impl Shutdown {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Shutdown {
                term: signal(SignalKind::terminate()).expect("SIGTERM handler"),
                int: signal(SignalKind::interrupt()).expect("SIGINT handler"),
            }
        }
        #[cfg(windows)]
        Shutdown {
            ctrl_c: tokio::signal::windows::ctrl_c().expect("Ctrl-C handler"),
        }
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.int.recv() => {},
            _ = self.term.recv() => {},
        }
        #[cfg(windows)]
        self.ctrl_c.recv().await;
    }
}
