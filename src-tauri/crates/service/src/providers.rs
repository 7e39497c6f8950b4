//! The only list of providers. Everything that varies by provider (adapters,
//! secret fields, settings, simulators, operations) is read from here.

use crate::exec::EachOp;
use crate::Service;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;
use ventanilla_core::error::FieldError;
use ventanilla_core::id::from_serde_message;
use ventanilla_core::op::{
    BoxFuture, Call, Host, OpInfo, ProviderInfo, ProviderSpec, ProviderVisitor,
};
use ventanilla_core::{Error, Result};
use ventanilla_provider_backoffice::Backoffice;
use ventanilla_provider_dynamicore::Dynamicore;
use ventanilla_provider_signio::Signio;
use ventanilla_provider_undostres::Undostres;

/// Walks every provider, in the order the app lists them.
pub fn each<V: ProviderVisitor>(v: &mut V) {
    v.provider::<Backoffice>();
    v.provider::<Signio>();
    v.provider::<Undostres>();
    v.provider::<Dynamicore>();
}

/// Every provider's id, label, secret field names and settings form.
pub fn infos() -> Vec<ProviderInfo> {
    struct V(Vec<ProviderInfo>);
    impl ProviderVisitor for V {
        fn provider<P: ProviderSpec>(&mut self) {
            self.0.push(ProviderInfo {
                id: P::ID.into(),
                label: P::LABEL.into(),
                secret_fields: P::SECRET_FIELDS.iter().map(|s| s.to_string()).collect(),
                sandbox_name: P::SANDBOX_NAME.into(),
                setting_fields: P::setting_fields(),
            });
        }
    }
    let mut v = V(Vec::new());
    each(&mut v);
    v.0
}

/// A provider by id, or a field error naming the known ones.
pub fn info(id: &str) -> Result<ProviderInfo> {
    let all = infos();
    let known: Vec<String> = all.iter().map(|p| p.id.clone()).collect();
    all.into_iter().find(|p| p.id == id).ok_or_else(|| {
        Error::invalid(
            "provider",
            format!("unknown provider {id:?}; known: {}", known.join(", ")),
        )
    })
}

/// The name people know a provider by; the id itself if unknown.
pub fn label(id: &str) -> String {
    info(id).map(|p| p.label).unwrap_or_else(|_| id.to_owned())
}

/// A provider's settings checked, with field errors as `settings.<key>`.
pub(crate) fn settings<P: ProviderSpec>(json: &Value) -> Result<Value> {
    P::settings(json).map_err(|mut e| {
        if let Some(f) = e.fields.take() {
            let prefixed = f
                .into_iter()
                .map(|(k, v)| match k.as_str() {
                    "settings" => (k, v),
                    _ => (format!("settings.{k}"), v),
                })
                .collect();
            e = Error::validation(prefixed);
        }
        e
    })
}

/// Settings of the provider `id`, checked and normalized.
pub(crate) fn settings_of(id: &str, json: &Value) -> Result<Value> {
    struct V<'a>(&'a str, &'a Value, Option<Result<Value>>);
    impl ProviderVisitor for V<'_> {
        fn provider<P: ProviderSpec>(&mut self) {
            if P::ID == self.0 {
                self.2 = Some(settings::<P>(self.1));
            }
        }
    }
    let mut v = V(id, json, None);
    each(&mut v);
    v.2.unwrap_or_else(|| info(id).map(|_| json.clone()))
}

/// An operation run from JSON: what the registry stores per operation.
pub type RunJson =
    for<'a> fn(&'a Service, &'a str, Value, &'a dyn Host) -> BoxFuture<'a, Result<Value>>;

pub(crate) fn run_json<'a, P: ProviderSpec, O: Call<P>>(
    svc: &'a Service,
    connection: &'a str,
    input: Value,
    host: &'a dyn Host,
) -> BoxFuture<'a, Result<Value>> {
    Box::pin(async move {
        let input: O = parse_input(O::NAME, input)?;
        let out = svc.exec::<P, O>(connection, input, host).await?;
        serde_json::to_value(out).map_err(|e| Error::internal(format!("{}: {e}", O::NAME)))
    })
}

/// An input that does not have the operation's shape is a validation error
/// on the field serde complained about (`signers[0].email`; `input` when it
/// is the whole input), before anything is sent. An id that failed its check
/// while parsing (`ventanilla_core::id`) keeps its own code; any other
/// complaint is `invalid_input` with serde's words.
pub fn parse_input<O: serde::de::DeserializeOwned>(name: &str, input: Value) -> Result<O> {
    serde_path_to_error::deserialize(input).map_err(|e| {
        let field = match e.path().iter().next() {
            Some(_) => e.path().to_string(),
            None => "input".to_owned(),
        };
        let why = e.inner().to_string();
        let err = from_serde_message(&why).unwrap_or_else(|| {
            FieldError::new(
                "invalid_input",
                format!("not a valid input for {name}: {why}"),
            )
            .param("detail", why)
        });
        Error::invalid(&field, err)
    })
}

struct Entry {
    info: OpInfo,
    run: RunJson,
}

fn registry() -> &'static HashMap<String, Entry> {
    static REGISTRY: OnceLock<HashMap<String, Entry>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut map = HashMap::new();
        each(&mut EachOp(
            |provider: &'static str, info: OpInfo, run: RunJson| {
                let previous = map.insert(key(provider, &info.name), Entry { info, run });
                assert!(previous.is_none(), "an operation is listed twice");
            },
        ));
        map
    })
}

fn key(provider: &str, name: &str) -> String {
    format!("{provider} {name}")
}

/// Every registered operation, by provider then name.
pub fn ops() -> Vec<OpInfo> {
    let mut all: Vec<OpInfo> = registry().values().map(|e| e.info.clone()).collect();
    all.sort_by(|a, b| (&a.provider, &a.name).cmp(&(&b.provider, &b.name)));
    all
}

/// The runner of `provider`'s operation `name`.
pub(crate) fn find(provider: &str, name: &str) -> Result<RunJson> {
    registry()
        .get(&key(provider, name))
        .map(|e| e.run)
        .ok_or_else(|| {
            Error::invalid(
                "name",
                format!("{provider} has no operation {name:?}; `ventanilla-cli ops` lists them"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ventanilla_core::op::{cli_path, valid_name};

    /// Every registered operation has one well-formed name, a provider
    /// section, the CLI path `<provider> <group> <verb>`, and is reachable by
    /// the name the shell's `op` command and `exec_json` dispatch on.
    #[test]
    fn every_operation_is_declared_once_and_reachable_by_name() {
        let all = ops();
        assert!(!all.is_empty());
        for op in &all {
            assert!(valid_name(&op.name), "{}: not group.verb", op.name);
            assert!(
                !op.doc.trim().is_empty(),
                "{}: no provider section",
                op.name
            );
            assert_eq!(op.cli, cli_path(&op.provider, &op.name));
            assert!(
                find(&op.provider, &op.name).is_ok(),
                "{} unreachable",
                op.name
            );
        }
        let e = find("signio", "envelope.nope").err().unwrap();
        assert_eq!(e.code, ventanilla_core::ErrorCode::Validation);
    }

    #[test]
    fn providers_are_data() {
        let ids: Vec<String> = infos().into_iter().map(|p| p.id).collect();
        assert_eq!(ids, ["backoffice", "signio", "undostres", "dynamicore"]);
        assert_eq!(info("signio").unwrap().secret_fields, ["email", "password"]);
        let e = info("signio-x").unwrap_err();
        assert!(
            e.message
                .contains("known: backoffice, signio, undostres, dynamicore"),
            "{}",
            e.message
        );
        assert_eq!(label("backoffice"), "BackOffice");
    }

    /// The form's fields are the parser's: each default, put where the
    /// field says, is accepted; a wrong value there is refused on that
    /// field's name, which is what the form shows it on.
    #[test]
    fn every_setting_field_is_one_the_parser_takes() {
        use serde_json::json;
        use ventanilla_core::op::SettingKind;
        fn at(path: &[String], v: Value) -> Value {
            path.iter().rev().fold(v, |inner, k| json!({ k: inner }))
        }
        for p in infos() {
            for f in &p.setting_fields {
                let default = match f.kind {
                    SettingKind::Number => json!(f.default.parse::<u64>().unwrap()),
                    _ => json!(f.default),
                };
                let ok = settings_of(&p.id, &at(&f.path, default));
                assert!(ok.is_ok(), "{} {}: {ok:?}", p.id, f.key);
                let e = settings_of(&p.id, &at(&f.path, json!(["?"]))).unwrap_err();
                let fields = e.fields.unwrap_or_default();
                assert!(
                    fields.contains_key(&format!("settings.{}", f.key)),
                    "{} {}: {fields:?}",
                    p.id,
                    f.key
                );
            }
        }
        let fields = |id| info(id).unwrap().setting_fields;
        assert!(fields("backoffice").is_empty());
        let ud = fields("undostres");
        assert_eq!(ud.len(), 6);
        for f in ud.iter().filter(|f| f.kind == SettingKind::Route) {
            assert!(
                f.assumed && f.doc.as_deref() == Some("UNDOSTRES 2.5"),
                "{f:?}"
            );
        }
        let c = ud.iter().find(|f| f.key == "max_root_children").unwrap();
        assert_eq!((c.default.as_str(), c.assumed), ("5", false));
        // SIGNIO gives method and path for 6.23 and 6.24 only.
        let sg = fields("signio");
        let known: Vec<&str> = sg
            .iter()
            .filter(|f| f.kind == SettingKind::Route && !f.assumed)
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(known, ["paths.tve.edit", "paths.onsite.url"]);
        // DynamiCore: every route, the seed's; SAT sync's is our assumption.
        let dc = fields("dynamicore");
        assert_eq!(dc.len(), 21);
        let assumed: Vec<&str> = dc
            .iter()
            .filter(|f| f.assumed)
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(assumed, ["routes.sat.sync"]);
        assert!(dc
            .iter()
            .all(|f| f.doc.as_deref() == Some("DYNAMICORE 1.5 #14")));
    }
}
