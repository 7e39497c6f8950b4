//! The few places where the command line is kinder than an operation's bare
//! input: secrets read from stdin instead of flags, several files in one
//! upload, flags for inputs clap cannot derive (nested structs), and the
//! spellings the CLI had before the registry (README "The CLI", scripts).
//! Everything else is generated.

use clap::{ArgAction, ArgMatches, Args, Command, FromArgMatches};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::BufRead;
use ventanilla_core::{Error, ErrorCode, Result};

/// One-word commands that run an operation: the CLI's spellings before the
/// registry, kept so existing scripts and the README keep working.
pub fn shortcuts(provider: &str) -> &'static [(&'static str, &'static str)] {
    match provider {
        "backoffice" => &[
            ("login", "session.login"),
            ("catalog", "catalog.list"),
            ("dashboard", "user.dashboard"),
            ("notices", "user.notices"),
            ("products", "user.products"),
            ("team", "user.team"),
            ("matrix", "user.matrix"),
            ("wallet", "wallet.transactions"),
        ],
        "signio" => &[
            ("base-envelopes", "envelope.bases"),
            ("magic-link", "envelope.magic_link"),
            ("onsite-url", "envelope.onsite_url"),
            ("tags", "tag.list"),
            ("tenants", "tenant.list"),
        ],
        _ => &[],
    }
}

/// Flags for SIGNIO inputs clap cannot derive (the whole struct is one
/// nested field), with the names the CLI has always used.
#[derive(Args)]
struct EnvelopeCreateFlags {
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
    /// SIGNIO's envelopeDeduplicationKey (≤ 36 characters). A new one is
    /// generated when not given, and printed (`deduplicationKey`, also in the
    /// error): run again with the same key and SIGNIO returns the envelope it
    /// already made instead of a second one (SIGNIO 6.5).
    #[arg(long)]
    dedup_key: Option<String>,
}

#[derive(Args)]
struct EnvelopeSearchFlags {
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
    #[arg(long)]
    offset: Option<u32>,
}

#[derive(Args)]
struct SignerAddFlags {
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
}

#[derive(Args)]
struct SignerLinkFlags {
    #[arg(long)]
    signer: Option<String>,
    #[arg(long)]
    document: Option<String>,
    #[arg(long)]
    attachment: bool,
    /// Stamp position: page,x,y,width,height
    #[arg(long)]
    position: Option<String>,
}

#[derive(Args)]
struct OnsiteFlags {
    #[arg(required_unless_present = "input")]
    envelope: Option<String>,
    #[arg(long)]
    identity_type: Option<String>,
    #[arg(long)]
    identity: Option<String>,
    /// Straight into signing.
    #[arg(long)]
    direct: bool,
    /// SCREEN or SHOW_OPTIONS
    #[arg(long)]
    token_delivery: Option<String>,
    #[arg(long)]
    confirmation_url: Option<String>,
}

#[derive(Args)]
struct FieldFlags {
    /// A template field: name=value (repeat the flag).
    #[arg(long = "field")]
    fields: Vec<String>,
}

#[derive(Args)]
struct TveFlags {
    /// BLANK or SIMPLE
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    reference: Option<String>,
    /// YYYY-MM-DD
    #[arg(long)]
    expiration: Option<String>,
    #[arg(long)]
    amount: Option<u64>,
    #[arg(long)]
    payment_way: Option<String>,
    #[arg(long)]
    payment_place: Option<String>,
}

#[derive(Args)]
struct TveUploadFlags {
    #[arg(long)]
    template: Option<String>,
    #[arg(long)]
    consecutive: Option<String>,
}

/// Adjusts one operation's generated subcommand.
pub fn adjust(provider: &str, name: &str, cmd: Command) -> Command {
    let flag = |id: &'static str, help: &'static str| {
        clap::Arg::new(id)
            .long(id)
            .action(ArgAction::SetTrue)
            .help(help)
    };
    match (provider, name) {
        // Secrets are read from stdin, never flags (they'd land in shell history).
        ("backoffice", "user.edit") => cmd
            .arg(flag(
                "password-stdin",
                "Read the new password from the first stdin line",
            ))
            .arg(flag(
                "token-stdin",
                "Read the security token from the next stdin line",
            )),
        ("backoffice", "user.security_token") => cmd.visible_alias("token"),
        // The SAT password: from stdin only, and never stored.
        ("dynamicore", "client.sat" | "sat.keys") => cmd.arg(flag(
            "password-stdin",
            "Read the SAT password (CIEC or e.firma) from the first stdin line",
        )),
        ("dynamicore", "account.create") => cmd.arg(flag(
            "inactive",
            "Open the account inactive (enabled \"0\")",
        )),
        ("signio", "envelope.create") => EnvelopeCreateFlags::augment_args(cmd),
        ("signio", "envelope.search") => EnvelopeSearchFlags::augment_args(cmd),
        ("signio", "envelope.onsite_url") => OnsiteFlags::augment_args(cmd),
        ("signio", "signer.add") => SignerAddFlags::augment_args(cmd),
        ("signio", "signer.link") => SignerLinkFlags::augment_args(cmd),
        ("signio", "template.use" | "template.update") => FieldFlags::augment_args(cmd),
        ("signio", "tve.upload") => TveUploadFlags::augment_args(TveFlags::augment_args(cmd)),
        ("signio", "tve.edit") => TveFlags::augment_args(cmd),
        ("signio", "document.protect") => cmd.arg(flag("off", "Unprotect instead")),
        // The new sub-account's user and password are in its connection's
        // keychain entry; printed only when asked.
        ("undostres", "subaccount.create") => cmd.arg(flag(
            "reveal",
            "Also print the new sub-account's user and password (read back from the keychain)",
        )),
        // `export ENVELOPE --all --dir D` is document.export_all.
        ("signio", "document.export") => cmd
            .arg(flag("all", "Every document of the envelope, into --dir"))
            .mut_arg("document_id", |a| a.required_unless_present("all")),
        // Several files in one command: one upload each, all checked first.
        ("signio", "document.upload") => cmd.mut_arg("file", |a| a.num_args(1..)),
        _ => cmd,
    }
}

/// Adds a provider's commands that are not one operation (local reads).
pub fn extra_commands(provider: &str, cmd: Command) -> Command {
    match provider {
        "backoffice" => cmd.subcommand(
            Command::new("recent-users").about("Users recently opened through this connection"),
        ),
        "signio" => cmd.mut_subcommand("envelope", |g| {
            g.subcommand(
                Command::new("cached")
                    .about("The envelopes last seen through this connection (local cache only)"),
            )
        }),
        _ => cmd,
    }
}

/// The operation a command line really names, when a flag changes it.
pub fn reroute(provider: &str, name: &'static str, m: &ArgMatches) -> &'static str {
    let on = |id: &str| m.try_get_one::<bool>(id).ok().flatten() == Some(&true);
    match (provider, name) {
        ("signio", "document.protect") if on("off") => "document.unprotect",
        ("signio", "document.export") if on("all") => "document.export_all",
        _ => name,
    }
}

/// The next line of stdin (successive calls read successive lines).
fn secret_line(field: &str) -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::invalid(field, format!("cannot read it from stdin: {e}")))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

fn flags<T: FromArgMatches>(m: &ArgMatches) -> Result<T> {
    T::from_arg_matches(m).map_err(|e| Error::invalid("input", e.to_string()))
}

/// Sets `obj[key]` when `v` is given (flags override `--input`).
fn set(obj: &mut Value, key: &str, v: Option<Value>) {
    if let (Some(v), Some(o)) = (v, obj.as_object_mut()) {
        o.insert(key.to_owned(), v);
    }
}

/// The nested object `input[key]`, created if missing.
fn nested<'a>(input: &'a mut Value, key: &str) -> &'a mut Value {
    if !input.is_object() {
        *input = json!({});
    }
    let o = input.as_object_mut().expect("object");
    let v = o.entry(key).or_insert_with(|| json!({}));
    if !v.is_object() {
        *v = json!({});
    }
    v
}

fn name_values(pairs: &[String]) -> Result<BTreeMap<String, String>> {
    pairs
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
                .ok_or_else(|| Error::invalid("field", format!("{p:?} is not name=value")))
        })
        .collect()
}

fn position(s: &str) -> Result<Value> {
    let n: Vec<u32> = s
        .split(',')
        .map(|x| x.trim().parse::<u32>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Error::invalid("position", "must be page,x,y,width,height (numbers)"))?;
    match n.as_slice() {
        [page, x, y, width, height] => {
            Ok(json!({"page": page, "x": x, "y": y, "width": width, "height": height}))
        }
        _ => Err(Error::invalid("position", "must be page,x,y,width,height")),
    }
}

fn sort_field(s: &str) -> Result<&'static str> {
    Ok(match s {
        "name" => "name",
        "status" => "status",
        "createdAt" | "created_at" | "created" => "createdAt",
        "updatedAt" | "updated_at" | "updated" => "updatedAt",
        _ => {
            return Err(Error::invalid(
                "sort",
                "must be name, status, createdAt or updatedAt",
            ))
        }
    })
}

/// Completes an operation's input from what is not a derived flag.
pub fn before(provider: &str, name: &str, input: &mut Value, m: &ArgMatches) -> Result<()> {
    let s = |v: Option<String>| v.map(Value::from);
    let yes = |b: bool| b.then_some(Value::Bool(true));
    match (provider, name) {
        // README: `printf 'nueva-clave\n' | ventanilla-cli backoffice user create …`.
        ("backoffice", "user.create") if nested(input, "user").get("password").is_none() => {
            let p = secret_line("password")?;
            set(nested(input, "user"), "password", Some(p.into()));
        }
        // Password line first, then the token (as before the registry).
        ("backoffice", "user.edit") => {
            if m.get_flag("password-stdin") {
                let p = secret_line("password")?;
                set(nested(input, "edit"), "password", Some(p.into()));
            }
            if m.get_flag("token-stdin") {
                let t = secret_line("token")?.trim().to_owned();
                set(nested(input, "edit"), "token", Some(t.into()));
            }
        }
        ("dynamicore", "client.sat" | "sat.keys") if m.get_flag("password-stdin") => {
            let p = secret_line("password")?;
            set(input, "password", Some(p.into()));
        }
        ("dynamicore", "account.create") if m.get_flag("inactive") => {
            set(input, "enabled", Some("0".into()));
        }
        ("signio", "envelope.create") => {
            let f: EnvelopeCreateFlags = flags(m)?;
            // `--input` used to take the envelope itself: accept both shapes.
            if input.get("envelope").is_none() && input.get("name").is_some() {
                *input = json!({ "envelope": input.take() });
            }
            let e = nested(input, "envelope");
            set(e, "name", s(f.name));
            set(e, "message", s(f.message));
            set(e, "baseEnvelopeId", s(f.base));
            set(e, "allowReject", yes(f.allow_reject));
            for (key, more) in [("tags", f.tags), ("cc", f.cc)] {
                if !more.is_empty() {
                    let mut all: Vec<Value> = e
                        .get(key)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default();
                    all.extend(more.into_iter().map(Value::from));
                    set(e, key, Some(all.into()));
                }
            }
            // SIGNIO 6.5: the same key makes a repeated create return the first
            // envelope, so a script that lost the reply can safely run again.
            let key = f
                .dedup_key
                .or_else(|| {
                    e.get("deduplicationKey")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            set(e, "deduplicationKey", Some(key.into()));
        }
        ("signio", "envelope.search") => {
            let f: EnvelopeSearchFlags = flags(m)?;
            let q = nested(input, "query");
            set(q, "name", s(f.name));
            set(q, "from", s(f.from));
            set(q, "to", s(f.to));
            set(q, "status", s(f.status));
            if let Some(field) = f.sort.as_deref().map(sort_field).transpose()? {
                set(
                    q,
                    "sort",
                    Some(json!({"field": field, "descending": f.desc})),
                );
            }
            set(q, "offset", f.offset.map(Value::from));
            if q.get("offset").is_none() {
                set(q, "offset", Some(0.into()));
            }
        }
        ("signio", "envelope.onsite_url") => {
            let f: OnsiteFlags = flags(m)?;
            let r = nested(input, "request");
            set(r, "envelopeId", s(f.envelope));
            set(r, "identityType", s(f.identity_type));
            set(r, "identity", s(f.identity));
            set(r, "directSignature", yes(f.direct));
            set(r, "tokenDelivery", s(f.token_delivery));
            set(r, "confirmationUrl", s(f.confirmation_url));
            for k in ["envelopeId", "identityType", "identity"] {
                if r.get(k).is_none() {
                    set(r, k, Some("".into()));
                }
            }
        }
        ("signio", "signer.add") => {
            let f: SignerAddFlags = flags(m)?;
            let sg = nested(input, "signer");
            set(sg, "name", s(f.name));
            set(sg, "identityType", s(f.identity_type));
            set(sg, "identity", s(f.identity));
            set(sg, "email", s(f.email));
            set(sg, "order", f.order.map(Value::from));
            set(sg, "approver", yes(f.approver));
            set(sg, "mobile", s(f.mobile));
        }
        ("signio", "signer.link") => {
            let f: SignerLinkFlags = flags(m)?;
            let l = nested(input, "link");
            set(l, "signerId", s(f.signer));
            set(l, "documentId", s(f.document));
            set(l, "attachment", yes(f.attachment));
            set(
                l,
                "position",
                f.position.as_deref().map(position).transpose()?,
            );
        }
        ("signio", "template.use" | "template.update") => {
            let f: FieldFlags = flags(m)?;
            if !f.fields.is_empty() {
                let v = serde_json::to_value(name_values(&f.fields)?).unwrap_or_default();
                set(input, "fields", Some(v));
            }
        }
        ("signio", "tve.upload" | "tve.edit") => {
            let f: TveFlags = flags(m)?;
            let t = nested(input, "tve");
            set(t, "kind", s(f.kind));
            set(t, "reference", s(f.reference));
            set(t, "expiration", s(f.expiration));
            set(t, "amount", f.amount.map(Value::from));
            set(t, "paymentWay", s(f.payment_way));
            set(t, "paymentPlace", s(f.payment_place));
            if name == "tve.upload" {
                let u: TveUploadFlags = flags(m)?;
                set(t, "templateId", s(u.template));
                set(t, "consecutive", s(u.consecutive));
            }
        }
        _ => {}
    }
    Ok(())
}

/// The inputs to run, in order: one, except `document upload ENVELOPE A B…`
/// (one upload per file, every file checked before the first byte is sent).
pub fn inputs(provider: &str, name: &str, input: Value, m: &ArgMatches) -> Result<Vec<Value>> {
    if (provider, name) != ("signio", "document.upload") || m.get_one::<String>("input").is_some() {
        return Ok(vec![input]);
    }
    let files: Vec<String> = m
        .get_many::<String>("file")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let paths: Vec<std::path::PathBuf> = files.iter().map(Into::into).collect();
    let bad: ventanilla_core::error::FieldErrors = ventanilla_service::Service::check_files(&paths)
        .into_iter()
        .filter_map(|c| c.error.map(|e| (format!("file {}", c.path), e)))
        .collect();
    if !bad.is_empty() {
        return Err(Error::validation(bad));
    }
    Ok(files
        .into_iter()
        .map(|f| {
            let mut one = input.clone();
            set(&mut one, "file", Some(f.into()));
            one
        })
        .collect())
}

/// Operations that, without `--connection`, run for every connection of
/// the provider (`undostres key status`: every key at a glance).
pub fn every_connection(provider: &str, name: &str) -> bool {
    (provider, name) == ("undostres", "key.status")
}

/// What the CLI adds to a printed result from the service (not the reply).
pub async fn reveal(
    svc: &ventanilla_service::Service,
    provider: &str,
    name: &str,
    m: &ArgMatches,
    result: &mut Value,
) -> Result<()> {
    let asked = m.try_get_one::<bool>("reveal").ok().flatten() == Some(&true);
    if (provider, name) != ("undostres", "subaccount.create") || !asked {
        return Ok(());
    }
    let conn = result["connectionId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut credentials = serde_json::Map::new();
    let revealed = ventanilla_core::history::Summary::new(
        "secret_revealed",
        "revealed by ventanilla-cli --reveal",
    );
    for field in ["user", "password"] {
        let s = svc.copyable_secret(&conn, field, revealed.clone()).await?;
        credentials.insert(field.into(), s.expose().into());
    }
    set(result, "credentials", Some(credentials.into()));
    Ok(())
}

/// Whether the result is a list even for one input (`document upload`
/// prints one entry per file, however many).
pub fn listed(provider: &str, name: &str, m: &ArgMatches) -> bool {
    (provider, name) == ("signio", "document.upload") && m.get_one::<String>("input").is_none()
}

/// The printed result: bare ids keep the object shape the CLI always printed.
pub fn after(provider: &str, name: &str, input: &Value, result: Value) -> Value {
    match (provider, name) {
        ("signio", "envelope.create") => json!({
            "id": result,
            "deduplicationKey": input["envelope"]["deduplicationKey"],
        }),
        ("signio", "signer.add") => json!({ "id": result }),
        ("signio", "tve.upload" | "tve.edit") => json!({ "documentId": result }),
        ("signio", "envelope.onsite_url") => json!({ "url": result }),
        _ => result,
    }
}

/// An error, told with what the CLI knows and the operation does not.
pub fn failed(provider: &str, name: &str, input: &Value, done: &[Value], mut e: Error) -> Error {
    match (provider, name) {
        // Nothing was sent when the input is invalid; otherwise the envelope
        // may exist: say how to retry without a duplicate.
        ("signio", "envelope.create") if e.code != ErrorCode::Validation => {
            let key = input["envelope"]["deduplicationKey"]
                .as_str()
                .unwrap_or_default();
            e.message = format!(
                "{} (deduplication key {key}: run again with --dedup-key {key} so a retry cannot create a second envelope)",
                e.message
            );
        }
        ("signio", "document.upload") if !done.is_empty() => {
            let names: Vec<&str> = done.iter().filter_map(|u| u["name"].as_str()).collect();
            e.message = format!("{} (already uploaded: {})", e.message, names.join(", "));
        }
        _ => {}
    }
    e
}

/// Whether the command succeeded, once its result is printed.
pub fn verdict(provider: &str, name: &str, result: &Value) -> Result<()> {
    match (provider, name) {
        ("signio", "document.export_all") => {
            let failed = result["failed"].as_array().map_or(0, Vec::len);
            if failed > 0 {
                return Err(Error::new(
                    ErrorCode::ProviderRejected,
                    format!("{failed} documents were not exported; see `failed`"),
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
