//! One declaration per operation.
//!
//! An operation is its input type. Implementing [`Op`] gives it one name
//! (`group.verb`, e.g. `envelope.delete`) that is at once the route key, the
//! history operation, the IPC key and the CLI path
//! (`ventanilla-cli <provider> <group> <verb>`), plus its kind, the provider
//! document it follows, its output type and what history says about it.
//! [`Call`] is how a provider's adapter carries it out.
//!
//! Each provider crate implements [`ProviderSpec`] and lists its operations
//! once, in `ProviderSpec::ops`. Everything else (the shell's `op` command,
//! the CLI tree, the TypeScript schema, `ventanilla-cli ops`, the tests that
//! walk every operation) is a visitor over that list, so an operation cannot
//! be reachable from one place and missing from another.

use crate::envelopes::{TransferControl, TransferKind};
use crate::error::FieldError;
use crate::history::Summary;
use crate::secret::SecretString;
use crate::Result;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use ts_rs::TS;

/// A boxed future, as the visitors store operations.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Whether an operation can change something at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    /// Changes nothing: recorded once, after the call; may be retried.
    Read,
    /// May change something: a pending history row goes in before the call
    /// and is completed after it.
    Write,
}

impl OpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Read => "read",
            OpKind::Write => "write",
        }
    }
}

/// Clap's `Args` when the `cli` feature is on, so every input can be parsed
/// from flags; nothing otherwise (the app does not carry the CLI's parser).
#[cfg(feature = "cli")]
pub trait CliInput: clap::Args + clap::FromArgMatches {}
#[cfg(feature = "cli")]
impl<T: clap::Args + clap::FromArgMatches> CliInput for T {}
#[cfg(not(feature = "cli"))]
pub trait CliInput {}
#[cfg(not(feature = "cli"))]
impl<T> CliInput for T {}

/// An operation: its input type, named once.
pub trait Op: Clone + Serialize + DeserializeOwned + TS + CliInput + Send + Sync + 'static {
    /// `group.verb`, lower-case with `_` inside a word: `envelope.delete`.
    const NAME: &'static str;
    const KIND: OpKind;
    /// The provider document's section, e.g. `"SIGNIO 6.8"`, `"masdoc #25"`.
    const DOC: &'static str;
    type Output: Serialize + DeserializeOwned + TS + Send + Sync + 'static;
    /// Answers from the local store alone (a status read from the cache):
    /// nothing is sent to the provider.
    const LOCAL: bool = false;

    /// Checks the input before anything is sent: field errors.
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    /// `validate` plus the checks that need the caller's files (an upload's
    /// type and size), resolved through the host; what the service runs.
    fn validate_with(&self, _host: &dyn Host) -> Result<()> {
        self.validate()
    }
    /// What it acts on, as history shows it (`envelope 42`).
    fn target(&self) -> String;
    /// [`Op::target`] where it names a file the host chose: a drop token in
    /// the app must show as the file's name.
    fn target_in(&self, _host: &dyn Host) -> String {
        self.target()
    }
    /// What history says about a success: a code the UI translates, its
    /// parameters and the English text. Never a secret.
    fn summary(&self, output: &Self::Output) -> Summary;
    /// Cached objects (kind, key) a success makes stale, e.g. a deleted
    /// envelope in the inbox cache.
    fn invalidates(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// This request's secret values (a new password, an e-mailed token):
    /// scrubbed from everything recorded, logged or returned.
    fn secrets(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// What differs between the app and the CLI, behind one small interface.
pub trait Host: Send + Sync {
    /// A local file the user chose: a drop or dialog token in the app (never
    /// a path typed by the webview), a path given on the command line.
    fn file(&self, reference: &str) -> Result<PathBuf>;
    /// How a file reference reads to people (history, messages): its name.
    fn display_name(&self, reference: &str) -> String {
        std::path::Path::new(reference)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| reference.to_owned())
    }
    /// Where to save one file: the native save dialog, or `--out`.
    /// `None`: the user cancelled.
    fn save_as<'a>(&'a self, suggested: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>>;
    /// A folder to save into: the native folder picker, or `--dir`.
    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>>;
    /// Progress and cancel for one file of a transfer: events in the app,
    /// stderr in the CLI.
    fn transfer(
        &self,
        transfer_id: Option<&str>,
        kind: TransferKind,
        name: &str,
    ) -> TransferControl;
    /// A link the provider issued (a magic link): the app lets the user open
    /// it in the browser; the CLI prints it.
    fn issued_link(&self, _url: &str) {}
}

/// A host with nothing to offer: for reads and writes that need no file,
/// dialog or link (tests, scripts).
pub struct NoHost;

impl Host for NoHost {
    fn file(&self, _: &str) -> Result<PathBuf> {
        Err(crate::Error::invalid(
            "file",
            FieldError::new("no_file_picker", "this caller cannot pick files"),
        ))
    }
    fn save_as<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<PathBuf>>> {
        Box::pin(async { Ok(None) })
    }
    fn folder(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(async { Ok(None) })
    }
    fn transfer(&self, _: Option<&str>, _: TransferKind, _: &str) -> TransferControl {
        TransferControl::default()
    }
}

/// The local store an operation may use besides its adapter: the object
/// cache (so lists open instantly) and the connection it runs against.
pub trait Store: Send + Sync {
    /// The connection's id.
    fn connection_id(&self) -> &str;
    /// Remembers an object the provider returned (last known state).
    fn cache_put(&self, kind: &str, key: &str, json: &str);
    /// Objects of a kind remembered for this connection, newest first.
    fn cache_recent(&self, kind: &str, limit: u32) -> Result<Vec<CachedJson>>;
    /// Stores one secret field (one of `ProviderSpec::STORED_SECRET_FIELDS`)
    /// in this connection's keychain entry, keeping the other fields: a
    /// credential the provider issued (an API key). Never recorded or logged.
    /// Issued once, it is never lost: if the keychain refuses it, it is kept
    /// in memory for this session ([`SecretKept::SessionOnly`]).
    fn put_secret<'a>(
        &'a self,
        field: &'a str,
        value: SecretString,
    ) -> BoxFuture<'a, Result<SecretKept>>;
    /// Creates a connection of this one's provider, base URL and settings,
    /// with `secrets` in its own keychain entry: credentials the provider
    /// issued for a new account. Named `name`, or `name 2`… if taken.
    fn create_connection<'a>(
        &'a self,
        name: &'a str,
        secrets: Secrets,
    ) -> BoxFuture<'a, Result<CreatedConnection>>;
}

/// Where [`Store::put_secret`] kept a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKept {
    /// Where the connection's other secrets are (the keychain, or memory
    /// for a connection that lives there, e.g. a sandbox without keychain).
    Stored,
    /// In memory for this session only: the keychain refused it (locked,
    /// unreachable), so it still holds the previous value.
    SessionOnly,
}

/// A connection an operation created (see [`Store::create_connection`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedConnection {
    pub id: String,
    pub name: String,
}

/// How pressing an [`AppNotice`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLevel {
    /// Needs attention soon (e.g. a key expires within 14 days).
    Warning,
    /// Needs attention now (e.g. a key expires within 24 hours, or has).
    Urgent,
}

/// Something about a connection the app header and `connection list` show
/// without being asked (`ProviderSpec::notices`). Read from the local store
/// only; never a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppNotice {
    pub connection_id: String,
    pub connection_name: String,
    pub provider: String,
    pub level: NoticeLevel,
    /// Stable, for translations: e.g. `undostres.key_expires`.
    pub code: String,
    /// The values the message is built from (days, hours, last4, expiresAt).
    #[ts(type = "Record<string, string | number>")]
    pub params: BTreeMap<String, serde_json::Value>,
    /// The English text, for the CLI and as a fallback.
    pub message: String,
}

/// One remembered object.
#[derive(Debug, Clone)]
pub struct CachedJson {
    pub key: String,
    pub json: String,
    /// When it was fetched from the provider, Unix ms.
    pub synced_at_ms: i64,
}

/// What an operation's call gets besides its input.
pub struct Cx<'a, C: ?Sized> {
    pub api: &'a C,
    pub host: &'a dyn Host,
    pub store: &'a dyn Store,
}

/// How provider `P`'s adapter carries out an operation.
pub trait Call<P: ProviderSpec + ?Sized>: Op {
    fn call(self, cx: Cx<'_, P::Client>) -> BoxFuture<'_, Result<Self::Output>>;
}

/// A connection's secret fields (`api_key`, `password`, …).
pub type Secrets = BTreeMap<String, SecretString>;

/// What an adapter is built from.
pub struct Connect {
    pub base_url: String,
    pub secrets: Secrets,
    /// The connection's settings, as `ProviderSpec::settings` returned them.
    pub settings: serde_json::Value,
}

/// What a connection setting holds, so the form picks its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SettingKind {
    /// `"METHOD /path"`, with the operation's placeholders.
    Route,
    /// A whole number.
    Number,
    /// Free text.
    Text,
}

/// One connection setting, as the connection form offers it
/// (`ProviderSpec::setting_fields`). Only describes: the provider's
/// `ProviderSpec::settings` parser stays the authority on what is valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingField {
    /// The name the settings parser reports errors under (the service
    /// prefixes `settings.`): `routes.key.request`.
    pub key: String,
    /// Where the value sits in the settings JSON: `["routes", "key.request"]`
    /// (an operation key has dots of its own, so `key` cannot be split).
    pub path: Vec<String>,
    /// English; the UI may translate it by `key`.
    pub label: String,
    /// What applies when the setting is absent, as the form shows it.
    pub default: String,
    pub kind: SettingKind,
    /// The provider's documentation does not give this value (in full):
    /// the default is Ventanilla's assumption, and the form says so.
    pub assumed: bool,
    /// The provider document's section it follows, e.g. `"UNDOSTRES 2.5"`.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// A short English explanation; the UI may translate it by `key`.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl SettingField {
    fn new(path: &[&str], label: &str, default: String, kind: SettingKind) -> SettingField {
        SettingField {
            key: path.join("."),
            path: path.iter().map(|p| p.to_string()).collect(),
            label: label.to_owned(),
            default,
            kind,
            assumed: false,
            doc: None,
            hint: None,
        }
    }
    /// An operation's route under `group` (`routes`, `paths`).
    pub fn route(group: &str, op: &str, label: &str, default: &str) -> SettingField {
        SettingField::new(&[group, op], label, default.to_owned(), SettingKind::Route)
    }
    /// A top-level whole number.
    pub fn number(key: &str, label: &str, default: u64) -> SettingField {
        SettingField::new(&[key], label, default.to_string(), SettingKind::Number)
    }
    /// A top-level text (`default` may be empty: none).
    pub fn text(key: &str, label: &str, default: &str) -> SettingField {
        SettingField::new(&[key], label, default.to_owned(), SettingKind::Text)
    }
    pub fn doc(mut self, doc: impl Into<String>) -> SettingField {
        self.doc = Some(doc.into());
        self
    }
    pub fn assumed(mut self, assumed: bool) -> SettingField {
        self.assumed = assumed;
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> SettingField {
        self.hint = Some(hint.into());
        self
    }
}

/// A running simulator of a provider (the sandbox).
pub struct Simulator {
    pub base_url: String,
    /// The demo credentials, as a connection's secret fields.
    pub secrets: Secrets,
    /// Settings a connection to it needs, if any.
    pub settings: serde_json::Value,
    /// Stops it (dropping it stops it too).
    pub handle: Box<dyn std::any::Any + Send + Sync>,
}

/// A provider, as data: each provider crate exports one.
pub trait ProviderSpec: Send + Sync + 'static {
    /// Stable id: `signio`; stored with connections and in history.
    const ID: &'static str;
    /// Shown to people: `SIGNIO`.
    const LABEL: &'static str;
    /// The connection's secret fields, in the order the form shows them.
    const SECRET_FIELDS: &'static [&'static str];
    /// Secret fields operations store (issued credentials such as an API
    /// key): kept in the keychain with the others, never asked by the form.
    const STORED_SECRET_FIELDS: &'static [&'static str] = &[];
    /// Secret fields the user may copy to the clipboard (the shell's
    /// `copy_secret`; the value never crosses IPC). None by default.
    const COPYABLE_SECRET_FIELDS: &'static [&'static str] = &[];
    /// The connection's sandbox is called this.
    const SANDBOX_NAME: &'static str;
    /// The object-cache kind under which its operations keep the envelopes
    /// they saw, as [`crate::envelopes::Envelope`]s keyed by id: the
    /// Envelopes inbox lists every provider that has one.
    const ENVELOPE_CACHE: Option<&'static str> = None;
    type Client: Send + Sync + 'static;

    /// Checks and normalizes a connection's settings (field errors).
    fn settings(json: &serde_json::Value) -> Result<serde_json::Value> {
        Ok(json.clone())
    }
    /// The settings the connection form offers, with their defaults (none
    /// by default). Each must be one [`ProviderSpec::settings`] accepts.
    fn setting_fields() -> Vec<SettingField> {
        Vec::new()
    }
    /// Builds the adapter (no request is sent).
    fn connect(c: Connect) -> Result<Self::Client>;
    /// Logs in now; returns what to tell the user (never a secret).
    fn login(client: &Self::Client) -> BoxFuture<'_, Result<String>>;
    /// Starts the provider's simulator on loopback (`None`: any free port).
    fn simulator(port: Option<u16>) -> BoxFuture<'static, Result<Simulator>>;
    /// The simulator's fixed demo credentials, if it has fixed ones: then a
    /// simulator in another process (`VENTANILLA_<ID>_SANDBOX_URL`) can serve
    /// the sandbox connection.
    fn demo_secrets() -> Option<Secrets> {
        None
    }
    /// Readies a sandbox connection once its simulator started (e.g. obtains
    /// the first API key), with the connection's adapter and store.
    fn sandbox_setup<'a>(
        _client: &'a Self::Client,
        _store: &'a dyn Store,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async { Ok(()) })
    }
    /// What the header should warn about for one connection, from its local
    /// store only (no request): e.g. an API key about to expire.
    fn notices(_store: &dyn Store) -> Vec<AppNotice> {
        Vec::new()
    }
    /// `export type …` of the provider's own IPC types that are not an
    /// operation's input (outputs, nested inputs): for `bindings.ts`.
    fn ts_declarations(_cfg: &ts_rs::Config) -> Vec<String> {
        Vec::new()
    }
    /// The one explicit list of this provider's operations.
    fn ops<V: OpVisitor<Self>>(v: &mut V)
    where
        Self: Sized;
}

/// Walks a provider's operations (see `ProviderSpec::ops`).
pub trait OpVisitor<P: ProviderSpec> {
    fn op<O: Call<P>>(&mut self);
}

/// Walks the providers (the service holds the only list).
pub trait ProviderVisitor {
    fn provider<P: ProviderSpec>(&mut self);
}

/// One provider, as the UI and the CLI describe it (from `app_info`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProviderInfo {
    pub id: String,
    pub label: String,
    /// The connection form asks for these; they go to the keychain.
    pub secret_fields: Vec<String>,
    pub sandbox_name: String,
    /// The non-secret settings the connection form offers.
    #[serde(default)]
    pub setting_fields: Vec<SettingField>,
}

/// `ventanilla-cli ops --json`: one registered operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OpInfo {
    pub provider: String,
    pub name: String,
    pub cli: String,
    pub kind: OpKind,
    pub doc: String,
    /// Answered from the local store: nothing is sent.
    #[serde(default)]
    pub local: bool,
}

impl OpInfo {
    pub fn of<P: ProviderSpec, O: Op>() -> OpInfo {
        OpInfo {
            provider: P::ID.to_owned(),
            name: O::NAME.to_owned(),
            cli: cli_path(P::ID, O::NAME),
            kind: O::KIND,
            doc: O::DOC.to_owned(),
            local: O::LOCAL,
        }
    }
}

/// `signio envelope delete` for `envelope.delete`; `_` becomes `-` on the
/// command line (`user.security_token` → `user security-token`).
pub fn cli_path(provider: &str, name: &str) -> String {
    let (group, verb) = name.split_once('.').unwrap_or((name, ""));
    format!(
        "{provider} {} {}",
        group.replace('_', "-"),
        verb.replace('_', "-")
    )
}

/// Whether `name` is of the form `group.verb` (lower-case ASCII, digits, `_`).
pub fn valid_name(name: &str) -> bool {
    let part = |s: &str| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    matches!(name.split_once('.'), Some((g, v)) if part(g) && part(v))
}

/// A secret field a provider needs, or a clear error (checked before any
/// adapter is built, so this is only a guard).
pub fn secret(secrets: &Secrets, field: &str) -> Result<SecretString> {
    secrets.get(field).cloned().ok_or_else(|| {
        crate::Error::new(
            crate::ErrorCode::SecretMissing,
            format!("the connection has no stored {field}; edit it and enter its secrets again"),
        )
    })
}

/// Secret fields from `(name, value)` pairs (simulators' demo credentials).
pub fn secrets_of(pairs: &[(&str, &str)]) -> Secrets {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), SecretString::new(*v)))
        .collect()
}

impl Simulator {
    /// A simulator at `base_url` that a connection reaches with the demo
    /// `secrets` and no settings; dropping `handle` stops it.
    pub fn new(
        base_url: String,
        secrets: Secrets,
        handle: impl std::any::Any + Send + Sync,
    ) -> Self {
        Simulator {
            base_url,
            secrets,
            settings: serde_json::Value::Null,
            handle: Box::new(handle),
        }
    }

    /// Why a build without `label`'s simulator (its `sandbox` feature off)
    /// cannot start it or play its controls.
    pub fn not_built(label: &str) -> crate::Error {
        crate::Error::internal(format!("built without the {label} simulator"))
    }
}

/// A simulator's controls (what a signer or a payer would do) exist only on
/// a simulator on this computer: `refusal` on the `connection` field unless
/// `base_url` is a loopback `http://` address.
pub fn require_loopback(base_url: &str, refusal: FieldError) -> Result<()> {
    let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
        .iter()
        .any(|p| base_url.starts_with(p));
    if loopback {
        return Ok(());
    }
    Err(crate::Error::invalid("connection", refusal))
}

/// [`ProviderSpec::simulator`] and [`ProviderSpec::demo_secrets`] of a
/// provider whose simulator sits behind its own `sandbox` feature: `$start`
/// (with the port asked for bound to `$port`) starts it and gives a handle
/// with `base_url()`; `$demo` is the simulator's fixed demo secrets. Without
/// the feature, starting fails with [`Simulator::not_built`].
#[macro_export]
macro_rules! sandbox_simulator {
    (|$port:ident| $start:expr, $demo:expr $(,)?) => {
        fn simulator(
            $port: Option<u16>,
        ) -> $crate::op::BoxFuture<'static, $crate::Result<$crate::op::Simulator>> {
            Box::pin(async move {
                #[cfg(feature = "sandbox")]
                {
                    let handle = $start.await?;
                    Ok($crate::op::Simulator::new(handle.base_url(), $demo, handle))
                }
                #[cfg(not(feature = "sandbox"))]
                {
                    let _ = $port;
                    Err($crate::op::Simulator::not_built(
                        <Self as $crate::op::ProviderSpec>::LABEL,
                    ))
                }
            })
        }

        fn demo_secrets() -> Option<$crate::op::Secrets> {
            #[cfg(feature = "sandbox")]
            {
                Some($demo)
            }
            #[cfg(not(feature = "sandbox"))]
            None
        }
    };
}

/// `export <declaration>` of `T` for the generated bindings: see [`ts_decls!`].
pub fn ts_decl<T: TS>(cfg: &ts_rs::Config) -> String {
    format!("export {}", T::decl(cfg))
}

/// The exported TypeScript declarations of the listed types, for
/// [`ProviderSpec::ts_declarations`]: `ts_decls![cfg; A, B, C]`.
#[macro_export]
macro_rules! ts_decls {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$( $crate::op::ts_decl::<$t>($cfg) ),*]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_cli_paths() {
        assert!(valid_name("envelope.delete"));
        assert!(valid_name("user.security_token"));
        for bad in ["envelope", "Envelope.delete", "a.b.c", ".x", "x.", "x.-y"] {
            assert!(!valid_name(bad), "{bad}");
        }
        assert_eq!(
            cli_path("backoffice", "user.security_token"),
            "backoffice user security-token"
        );
    }

    #[test]
    fn simulator_controls_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:4010",
            "http://localhost:9/x",
            "http://[::1]:80",
        ] {
            assert!(
                require_loopback(ok, FieldError::new("c", "m")).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "https://127.0.0.1:4010",
            "http://127.0.0.1.evil.mx:1",
            "http://api.mx",
        ] {
            let e = require_loopback(bad, FieldError::new("sandbox_only", "m")).unwrap_err();
            assert_eq!(
                e.fields.unwrap()["connection"].code,
                "sandbox_only",
                "{bad}"
            );
        }
    }
}
