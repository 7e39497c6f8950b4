//! The CLI tree built from the operation registry: every operation of every
//! provider is `ventanilla-cli <provider> <group> <verb>` with its input's
//! flags (clap, derived on the input type), `--input FILE|-` for the input as
//! JSON, and `--connection`. Nothing here names an operation, except the few
//! conveniences in `conveniences.rs`.

use clap::{Arg, ArgMatches, Command};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use ventanilla_core::error::FieldError;
use ventanilla_core::op::{Call, Op, OpVisitor, ProviderSpec, ProviderVisitor};
use ventanilla_core::{Error, Result};

/// How the CLI builds and reads one operation's subcommand.
#[derive(Clone, Copy)]
pub struct CliOp {
    pub provider: &'static str,
    pub name: &'static str,
    pub doc: &'static str,
    augment: fn(Command) -> Command,
    parse: fn(&ArgMatches) -> std::result::Result<Value, clap::Error>,
}

fn augment<O: Op>(cmd: Command) -> Command {
    <O as clap::Args>::augment_args(cmd)
}

fn parse<O: Op>(m: &ArgMatches) -> std::result::Result<Value, clap::Error> {
    let input = <O as clap::FromArgMatches>::from_arg_matches(m)?;
    serde_json::to_value(input)
        .map_err(|e| clap::Error::raw(clap::error::ErrorKind::InvalidValue, e.to_string()))
}

/// Every operation, by provider id, as the CLI sees it.
pub fn all() -> &'static BTreeMap<&'static str, Vec<CliOp>> {
    static ALL: OnceLock<BTreeMap<&'static str, Vec<CliOp>>> = OnceLock::new();
    ALL.get_or_init(|| {
        struct Providers(BTreeMap<&'static str, Vec<CliOp>>);
        impl ProviderVisitor for Providers {
            fn provider<P: ProviderSpec>(&mut self) {
                struct Ops(Vec<CliOp>, &'static str);
                impl<P: ProviderSpec> OpVisitor<P> for Ops {
                    fn op<O: Call<P>>(&mut self) {
                        self.0.push(CliOp {
                            provider: self.1,
                            name: O::NAME,
                            doc: O::DOC,
                            augment: augment::<O>,
                            parse: parse::<O>,
                        });
                    }
                }
                let mut ops = Ops(Vec::new(), P::ID);
                P::ops(&mut ops);
                self.0.insert(P::ID, ops.0);
            }
        }
        let mut v = Providers(BTreeMap::new());
        ventanilla_service::providers::each(&mut v);
        v.0
    })
}

/// `<group> <verb>` on the command line for `group.verb` (`_` → `-`).
fn words(name: &str) -> (String, String) {
    let (g, v) = name.split_once('.').unwrap_or((name, ""));
    (g.replace('_', "-"), v.replace('_', "-"))
}

/// One operation's subcommand, named `verb`: its input's flags, `--input`.
fn leaf(op: &CliOp, verb: &str) -> Command {
    let about = format!("{} ({})", op.name, op.doc);
    let leaf = (op.augment)(Command::new(verb.to_owned()).about(about))
        .arg(
            Arg::new("input")
                .long("input")
                .value_name("FILE|-")
                .help("The operation's input as JSON (a file, or - for stdin); replaces the flags"),
        )
        // With --input the flags are not needed.
        .mut_args(|a| {
            if a.is_required_set() && a.get_id() != "input" {
                a.required(false).required_unless_present("input")
            } else {
                a
            }
        });
    crate::conveniences::adjust(op.provider, op.name, leaf)
}

/// The `<provider>` subcommands, one per provider, to add to the CLI.
pub fn provider_commands() -> Vec<Command> {
    ventanilla_service::providers::infos()
        .into_iter()
        .map(|p| {
            let ops = all().get(p.id.as_str()).cloned().unwrap_or_default();
            let mut groups: BTreeMap<String, Command> = BTreeMap::new();
            for op in &ops {
                let (group, verb) = words(op.name);
                let leaf = leaf(op, &verb);
                let g = groups.remove(&group).unwrap_or_else(|| {
                    Command::new(group.clone())
                        .about(format!("{group} operations"))
                        .subcommand_required(true)
                });
                groups.insert(group, g.subcommand(leaf));
            }
            // One-word spellings of an operation (`backoffice login`); where the
            // word is also a group (`wallet`, `catalog`), the group takes the
            // operation's arguments when no subcommand follows.
            let mut shortcuts = Vec::new();
            for (word, name) in crate::conveniences::shortcuts(&p.id) {
                let Some(op) = ops.iter().find(|o| o.name == *name) else {
                    continue;
                };
                let leaf = leaf(op, word);
                match groups.remove(*word) {
                    Some(g) => {
                        let args: Vec<Arg> = leaf.get_arguments().cloned().collect();
                        let g = g
                            .args(args)
                            .subcommand_required(false)
                            .args_conflicts_with_subcommands(true)
                            .subcommand_negates_reqs(true);
                        groups.insert(word.to_string(), g);
                    }
                    None => shortcuts.push(leaf),
                }
            }
            let about = format!(
                "{}: its operations (`ventanilla-cli ops --provider {}`)",
                p.label, p.id
            );
            let mut cmd = Command::new(p.id.clone())
                .about(about)
                .subcommand_required(true)
                .arg(
                    Arg::new("connection")
                        .long("connection")
                        .global(true)
                        .value_name("NAME")
                        .help("Connection name or id (default: the only one of this provider)"),
                )
                .arg(
                    Arg::new("out")
                        .long("out")
                        .global(true)
                        .value_name("FILE")
                        .value_parser(clap::value_parser!(std::path::PathBuf))
                        .help("Where an export saves its file"),
                )
                .arg(
                    Arg::new("dir")
                        .long("dir")
                        .global(true)
                        .value_name("FOLDER")
                        .value_parser(clap::value_parser!(std::path::PathBuf))
                        .help("The folder an export of several files saves into"),
                );
            for g in groups.into_values().chain(shortcuts) {
                cmd = cmd.subcommand(g);
            }
            crate::conveniences::extra_commands(&p.id, cmd)
        })
        .collect()
}

/// The operation a provider subcommand's matches name, with its input.
pub fn selected(provider: &str, m: &ArgMatches) -> Result<Option<(CliOp, Value, ArgMatches)>> {
    let Some((group, gm)) = m.subcommand() else {
        return Ok(None);
    };
    let ops = all().get(provider).map(Vec::as_slice).unwrap_or_default();
    let (name, vm) = match gm.subcommand() {
        Some((verb, vm)) => match ops
            .iter()
            .find(|o| words(o.name) == (group.into(), verb.into()))
        {
            Some(op) => (op.name, vm),
            None => return Ok(None),
        },
        None => match crate::conveniences::shortcuts(provider)
            .iter()
            .find(|(w, _)| *w == group)
        {
            Some((_, name)) => (*name, gm),
            None => return Ok(None),
        },
    };
    // `document protect --off` is `document.unprotect`, and so on.
    let name = crate::conveniences::reroute(provider, name, vm);
    let Some(op) = ops.iter().find(|o| o.name == name).copied() else {
        return Ok(None);
    };
    let input = match vm.get_one::<String>("input") {
        Some(src) => read_input(src)?,
        None => (op.parse)(vm)
            .map_err(|e| Error::invalid("input", FieldError::new("command_line", e.to_string())))?,
    };
    Ok(Some((op, input, vm.clone())))
}

/// `--input FILE|-`: JSON from a file or stdin.
fn read_input(src: &str) -> Result<Value> {
    let text = if src == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Error::io("cannot read the input from stdin", &e))?;
        s
    } else {
        std::fs::read_to_string(src).map_err(|e| Error::io(&format!("cannot read {src}"), &e))?
    };
    serde_json::from_str(&text).map_err(|e| Error::invalid("input", crate::invalid_json(&e)))
}

/// `ventanilla-cli ops [--provider P] [--json]`.
pub fn list_command() -> Command {
    Command::new("ops")
        .about(
            "List every operation this console can run (name, CLI path, read/write, provider doc)",
        )
        .arg(Arg::new("provider").long("provider").value_name("P"))
}

/// Runs the operation a provider subcommand names, and prints its result.
pub async fn run(
    svc: &ventanilla_service::Service,
    provider: &str,
    m: &ArgMatches,
    out: &crate::output::Output,
) -> Result<()> {
    let Some((op, mut input, leaf)) = selected(provider, m)? else {
        return Err(Error::invalid(
            "command",
            FieldError::new("unknown_op", "no such operation; see `ventanilla-cli ops`"),
        ));
    };
    crate::conveniences::before(provider, op.name, &mut input, &leaf)?;
    let given = leaf.get_one::<String>("connection");
    if given.is_none() && crate::conveniences::every_connection(provider, op.name) {
        return every_connection(svc, provider, op.name, input, out).await;
    }
    let connection = pick_connection(svc, given, provider)?;
    let host = crate::host::CliHost {
        json: out.json,
        out: leaf.get_one::<std::path::PathBuf>("out").cloned(),
        dir: leaf.get_one::<std::path::PathBuf>("dir").cloned(),
    };
    // Usually one input; `document upload ENVELOPE A B` is one per file.
    let inputs = crate::conveniences::inputs(provider, op.name, input, &leaf)?;
    let mut results = Vec::new();
    for input in &inputs {
        match svc
            .exec_json(provider, &connection, op.name, input.clone(), &host)
            .await
        {
            Ok(r) => results.push(crate::conveniences::after(provider, op.name, input, r)),
            Err(e) => {
                return Err(crate::conveniences::failed(
                    provider, op.name, input, &results, e,
                ))
            }
        }
    }
    let result = if inputs.len() == 1 && !crate::conveniences::listed(provider, op.name, &leaf) {
        results.pop().unwrap_or_default()
    } else {
        Value::Array(results)
    };
    // Operations that return nothing still say so, for scripts and people.
    let mut result = match result {
        Value::Null => serde_json::json!({ "ok": true, "operation": op.name }),
        r => r,
    };
    crate::conveniences::reveal(svc, provider, op.name, &leaf, &mut result).await?;
    out.value(&result)?;
    crate::conveniences::verdict(provider, op.name, &result)
}

/// One operation for each of the provider's connections: a list of its
/// results, each with the connection's id and name.
async fn every_connection(
    svc: &ventanilla_service::Service,
    provider: &str,
    name: &str,
    input: Value,
    out: &crate::output::Output,
) -> Result<()> {
    let mut all = Vec::new();
    for c in svc
        .connections()?
        .into_iter()
        .filter(|c| c.provider == provider)
    {
        let host = crate::host::CliHost {
            json: out.json,
            out: None,
            dir: None,
        };
        // One connection's failure (say, its secrets are gone) is its row.
        let mut r = match svc
            .exec_json(provider, &c.id, name, input.clone(), &host)
            .await
        {
            Ok(r) => r,
            Err(e) => serde_json::json!({ "error": e }),
        };
        if let Some(o) = r.as_object_mut() {
            o.insert("connectionId".into(), c.id.clone().into());
            o.insert("connectionName".into(), c.name.clone().into());
        }
        all.push(r);
    }
    out.value(&all)
}

/// `--connection`, else the provider's only connection.
pub fn pick_connection(
    svc: &ventanilla_service::Service,
    given: Option<&String>,
    provider: &str,
) -> Result<String> {
    if let Some(c) = given {
        return Ok(c.clone());
    }
    let label = ventanilla_service::providers::label(provider);
    let mine: Vec<_> = svc
        .connections()?
        .into_iter()
        .filter(|c| c.provider.as_str() == provider)
        .collect();
    match mine.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Error::new(
            ventanilla_core::ErrorCode::ConnectionNotFound,
            format!("no {label} connection; add one with `ventanilla-cli connection add`"),
        )),
        many => Err(Error::invalid(
            "connection",
            FieldError::new(
                "several_connections",
                format!(
                    "several {label} connections; pick one with --connection ({})",
                    many.iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        )),
    }
}

/// `ventanilla-cli ops`: every registered operation (a table, or JSON).
pub fn list(provider: Option<&String>, out: &crate::output::Output) -> Result<()> {
    if let Some(p) = provider {
        ventanilla_service::providers::info(p)?;
    }
    let ops: Vec<_> = ventanilla_service::providers::ops()
        .into_iter()
        .filter(|o| provider.is_none_or(|p| &o.provider == p))
        .collect();
    out.value(&ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap's own consistency checks over the whole generated tree, and
    /// every registered operation reachable as `<provider> <group> <verb>`.
    #[test]
    fn every_operation_has_its_cli_path() {
        let root = Command::new("ventanilla-cli").subcommands(provider_commands());
        root.clone().debug_assert();
        for info in ventanilla_service::providers::ops() {
            let mut words = info.cli.split(' ');
            let (p, g, v) = (
                words.next().unwrap(),
                words.next().unwrap(),
                words.next().unwrap(),
            );
            let leaf = root
                .find_subcommand(p)
                .and_then(|c| c.find_subcommand(g))
                .and_then(|c| c.find_subcommand(v));
            assert!(
                leaf.is_some(),
                "{} is not reachable as `{}`",
                info.name,
                info.cli
            );
        }
    }
}
