//! `ventanilla-cli`: the same operations as the desktop app, for scripts.
//! Every command takes `--json`; errors are `{code, message, fields?, retryable}`.

mod args;
mod backoffice;
mod output;
mod signio;

use args::{Cli, Command, ConnectionCmd, HistoryCmd, SandboxCmd};
use clap::Parser;
use output::Output;
use std::io::Read;
use ventanilla_core::connection::{ConnectionInput, ProviderKind};
use ventanilla_core::history::{HistoryQuery, Outcome};
use ventanilla_core::{Error, ErrorCode, Result, SecretString};
use ventanilla_service::{Options, SandboxMode, Service};

fn main() {
    let cli = Cli::parse();
    let out = Output { json: cli.json };
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let code = match runtime.block_on(run(cli.command, &out)) {
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

async fn open() -> Result<Service> {
    let opts = Options::from_env(SandboxMode::Lazy)?;
    ventanilla_service::logging::init(&opts.data_dir);
    Service::open(opts).await
}

async fn run(command: Command, out: &Output) -> Result<()> {
    match command {
        Command::Connection(cmd) => connection(cmd, out).await,
        Command::Backoffice(b) => {
            let svc = open().await?;
            let conn = backoffice::pick_connection(&svc, b.connection.as_deref())?;
            backoffice::run(&svc.backoffice(&conn), b.op, out).await
        }
        Command::Signio(a) => {
            let svc = open().await?;
            let conn = backoffice::pick_connection_of(
                &svc,
                a.connection.as_deref(),
                ProviderKind::Signio,
            )?;
            signio::run(&svc.signio(&conn), a.op, out).await
        }
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

fn parse_outcome(s: &str) -> Result<Outcome> {
    match s {
        "ok" => Ok(Outcome::Ok),
        "error" => Ok(Outcome::Error),
        "unknown" => Ok(Outcome::Unknown),
        _ => Err(Error::invalid("outcome", "must be ok, error or unknown")),
    }
}

async fn connection(cmd: ConnectionCmd, out: &Output) -> Result<()> {
    let svc = open().await?;
    match cmd {
        ConnectionCmd::List => out.value(&svc.connections()?),
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
                        .map_err(|e| Error::invalid("settings", format!("not valid JSON: {e}")))
                })
                .transpose()?;
            let provider = ProviderKind::parse(&provider)?;
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
        .map_err(|e| Error::invalid("secrets", format!("cannot read stdin as UTF-8 text: {e}")))?;
    let map: std::collections::BTreeMap<String, String> = serde_json::from_str(&raw).map_err(|_| {
        Error::invalid("secrets", "stdin must be one JSON object of strings, e.g. {\"api_key\":\"…\",\"username\":\"…\",\"password\":\"…\"}")
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
    match ProviderKind::parse(provider)? {
        ProviderKind::Backoffice => {
            use ventanilla_provider_backoffice::sandbox::{SimConfig, Simulator};
            let sim = Simulator::start(SimConfig {
                port,
                ..SimConfig::default()
            })
            .await?;
            let c = sim.credentials();
            announce(
                &sim.base_url(),
                serde_json::json!({ "api_key": c.api_key, "username": c.username, "password": c.password }),
            );
            shutdown.wait().await;
        }
        ProviderKind::Signio => {
            use ventanilla_provider_signio::sandbox::{SimConfig, Simulator};
            let sim = Simulator::start(SimConfig {
                port,
                ..SimConfig::default()
            })
            .await?;
            let c = sim.credentials();
            announce(
                &sim.base_url(),
                serde_json::json!({ "email": c.email, "password": c.password }),
            );
            shutdown.wait().await;
        }
    }
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
