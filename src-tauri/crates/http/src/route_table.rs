//! A provider's operations as a table of routes that a connection's settings
//! may override, `{"routes": {"<op key>": "METHOD /path"}}`: the defaults,
//! the parsing of the overrides with coded field errors under
//! `routes.<key>`, and the connection form's field for each route. A provider
//! declares its operations with [`route_ops!`](crate::route_ops), parses its
//! other settings itself, and frames the whole with [`settings_object`],
//! [`unknown_setting`] and [`validated`].

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use ventanilla_core::error::{add_field_error, FieldError, FieldErrors};
use ventanilla_core::op::SettingField;
use ventanilla_core::Error;

use crate::Route;

/// How an override's placeholders must match its operation's `vars()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholders {
    /// All of them and no other: `route_missing_placeholder` names the first
    /// missing one, else `route_unknown_placeholder` the first stranger.
    Required,
    /// Any of them and no other (`route_unknown_placeholder`): the path may
    /// name a fixed account instead.
    AtMost,
    /// Exactly them: `route_placeholders` lists them.
    Exact,
}

/// One operation of a provider whose routes are settings.
pub trait RouteOp: Copy + Ord + std::fmt::Debug + 'static {
    /// Every operation, in the provider's documented order.
    const ALL: &'static [Self];
    /// The settings key holding the overrides (`routes`, `paths`).
    const GROUP: &'static str;
    const PLACEHOLDERS: Placeholders;
    /// Its key in the overrides object, e.g. `envelope.create`.
    fn key(self) -> &'static str;
    /// `"METHOD /path"` when the settings say nothing.
    fn default_route(self) -> &'static str;
    /// How the connection form names its route.
    fn label(self) -> &'static str;
    /// The placeholders of its path (see [`RouteOp::PLACEHOLDERS`]).
    fn vars(self) -> &'static [&'static str];

    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.key() == key)
    }

    /// Its placeholders as `:a<sep>:b`, for a hint.
    fn placeholders(self, sep: &str) -> String {
        let vars: Vec<String> = self.vars().iter().map(|v| format!(":{v}")).collect();
        vars.join(sep)
    }

    /// The connection form's field for its route; the provider adds the
    /// section it follows, whether it is assumed, and any hint.
    fn setting_field(self) -> SettingField {
        SettingField::route(Self::GROUP, self.key(), self.label(), self.default_route())
    }
}

/// Every operation's route: the defaults, with a connection's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routes<O: RouteOp>(BTreeMap<O, Route>);

impl<O: RouteOp> Default for Routes<O> {
    fn default() -> Self {
        Routes(O::ALL.iter().map(|&o| (o, default_route(o))).collect())
    }
}

/// A shared key, or a default route that would be refused as an override,
/// is a bug in the provider's table.
fn default_route<O: RouteOp>(o: O) -> Route {
    assert_eq!(
        O::from_key(o.key()),
        Some(o),
        "two operations share the key {}",
        o.key()
    );
    let route = Route::parse(o.default_route(), o.default_route()).and_then(|r| {
        check_placeholders(o, &r.vars())
            .map(|()| r)
            .map_err(|e| e.message)
    });
    route.unwrap_or_else(|e| panic!("the default route of {o:?}: {e}"))
}

impl<O: RouteOp> Routes<O> {
    /// The defaults with the overrides in `routes`, the value of the
    /// [`RouteOp::GROUP`] setting (`None`: all defaults). Every problem is
    /// added to `errs`, under `<group>.<op key>` (or `<group>` itself when it
    /// is not an object); a refused override leaves the default.
    pub fn parse(routes: Option<&Value>, errs: &mut FieldErrors) -> Self {
        let mut table = Routes::default();
        let Some(routes) = routes else {
            return table;
        };
        let Some(routes) = routes.as_object() else {
            let e = FieldError::new(
                "routes_object",
                "must be an object of operation → \"METHOD /path\"",
            );
            add_field_error(errs, O::GROUP, e);
            return table;
        };
        for (key, raw) in routes {
            match parse_override::<O>(key, raw) {
                Ok((op, route)) => {
                    table.0.insert(op, route);
                }
                Err(e) => add_field_error(errs, format!("{}.{key}", O::GROUP), e),
            }
        }
        table
    }

    pub fn get(&self, op: O) -> &Route {
        &self.0[&op]
    }
}

/// The settings JSON's top-level object; `None` for `null` (all defaults).
pub fn settings_object(v: &Value) -> ventanilla_core::Result<Option<&Map<String, Value>>> {
    match v {
        Value::Null => Ok(None),
        Value::Object(o) => Ok(Some(o)),
        _ => {
            let e = FieldError::new("json_object", "must be a JSON object");
            Err(Error::invalid("settings", e))
        }
    }
}

/// The error for a top-level setting the provider does not have.
pub fn unknown_setting(known: &str) -> FieldError {
    FieldError::new(
        "unknown_setting",
        format!("unknown setting; known: {known}"),
    )
    .param("known", known)
}

/// The parsed settings, or every problem found.
pub fn validated<T>(settings: T, errs: FieldErrors) -> ventanilla_core::Result<T> {
    if errs.is_empty() {
        Ok(settings)
    } else {
        Err(Error::validation(errs))
    }
}

fn parse_override<O: RouteOp>(key: &str, raw: &Value) -> Result<(O, Route), FieldError> {
    let op = O::from_key(key).ok_or_else(|| {
        let known = O::ALL
            .iter()
            .map(|o| o.key())
            .collect::<Vec<_>>()
            .join(", ");
        FieldError::new(
            "unknown_route_op",
            format!("unknown operation; known: {known}"),
        )
        .param("known", known)
    })?;
    let text = raw
        .as_str()
        .ok_or_else(|| FieldError::new("route_string", "must be a string like \"POST /path\""))?;
    // The operation's own default is the example of the expected form.
    let route = Route::parse(text, op.default_route())
        .map_err(|m| FieldError::new("invalid_route", m.as_str()).param("detail", m))?;
    check_placeholders(op, &route.vars())?;
    Ok((op, route))
}

fn check_placeholders<O: RouteOp>(op: O, found: &[String]) -> Result<(), FieldError> {
    let want = op.vars();
    let stranger = found.iter().find(|v| !want.contains(&v.as_str()));
    let unknown = |name: &String| {
        FieldError::new(
            "route_unknown_placeholder",
            format!("unknown placeholder :{name}"),
        )
        .param("name", name.as_str())
    };
    match O::PLACEHOLDERS {
        Placeholders::Required => {
            if let Some(missing) = want.iter().find(|w| !found.iter().any(|v| v == *w)) {
                let e = FieldError::new(
                    "route_missing_placeholder",
                    format!("must contain the placeholder :{missing}"),
                )
                .param("name", *missing);
                return Err(e);
            }
            stranger.map_or(Ok(()), |s| Err(unknown(s)))
        }
        Placeholders::AtMost => stranger.map_or(Ok(()), |s| Err(unknown(s))),
        Placeholders::Exact => {
            let mut found: Vec<&str> = found.iter().map(String::as_str).collect();
            let mut want = want.to_vec();
            found.sort_unstable();
            want.sort_unstable();
            if found == want {
                return Ok(());
            }
            let list = op.vars().join(", ");
            let e = FieldError::new(
                "route_placeholders",
                format!("must have exactly the placeholders: {list}"),
            )
            .param("names", list);
            Err(e)
        }
    }
}

/// Declares a provider's operations: the enum (with `ALL` as an array) and
/// its [`RouteOp`](crate::RouteOp). The enum's body is `group: "<settings
/// key>", placeholders: <Placeholders variant>;` then, for each operation,
/// `Variant = "key", "METHOD /path", "Label", ["placeholder", ..];`.
#[macro_export]
macro_rules! route_ops {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            group: $group:literal, placeholders: $check:ident;
            $($(#[$vmeta:meta])* $v:ident = $key:literal, $route:literal, $label:literal,
                [$($var:literal),*];)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $($(#[$vmeta])* $v,)* }

        impl $name {
            /// Every operation, in the provider's documented order.
            pub const ALL: [$name; { let keys: &[&str] = &[$($key),*]; keys.len() }] =
                [$($name::$v),*];
        }

        impl $crate::RouteOp for $name {
            const ALL: &'static [Self] = &$name::ALL;
            const GROUP: &'static str = $group;
            const PLACEHOLDERS: $crate::Placeholders = $crate::Placeholders::$check;
            fn key(self) -> &'static str {
                match self { $($name::$v => $key,)* }
            }
            fn default_route(self) -> &'static str {
                match self { $($name::$v => $route,)* }
            }
            fn label(self) -> &'static str {
                match self { $($name::$v => $label,)* }
            }
            fn vars(self) -> &'static [&'static str] {
                match self { $($name::$v => &[$($var),*],)* }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;
    use serde_json::json;

    crate::route_ops! {
        /// Two operations, one with a placeholder.
        enum Op {
            group: "routes", placeholders: Required;
            /// A list.
            List = "thing.list", "GET /things", "List things", [];
            /// One.
            Get = "thing.get", "GET /things/:id", "Read a thing", ["id"];
        }
    }

    fn parse(v: Value) -> (Routes<Op>, FieldErrors) {
        let mut errs = FieldErrors::new();
        (Routes::parse(Some(&v), &mut errs), errs)
    }

    #[test]
    fn defaults_and_overrides() {
        assert_eq!(Op::ALL, [Op::List, Op::Get]);
        assert_eq!(<Op as RouteOp>::ALL, &[Op::List, Op::Get]);
        assert_eq!(Op::from_key("thing.get"), Some(Op::Get));
        let d = Routes::<Op>::default();
        assert_eq!(d.get(Op::Get).path, "/things/:id");
        assert_eq!(Routes::<Op>::parse(None, &mut FieldErrors::new()), d);

        let (r, errs) = parse(json!({"thing.get": "post v2/{id}"}));
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(r.get(Op::Get).method, Method::POST);
        assert_eq!(r.get(Op::Get).path, "/v2/{id}");
        assert_eq!(r.get(Op::List), d.get(Op::List));

        let f = Op::Get.setting_field();
        assert_eq!(
            (f.key.as_str(), f.label.as_str()),
            ("routes.thing.get", "Read a thing")
        );
        assert_eq!(f.default, "GET /things/:id");
    }

    #[test]
    fn every_problem_is_a_coded_field_error() {
        let (_, errs) = parse(json!([]));
        assert_eq!(errs["routes"].code, "routes_object");

        let (r, errs) = parse(json!({
            "nope": "GET /x", "thing.list": 3, "thing.get": "FETCH /x/:id"
        }));
        assert_eq!(errs["routes.nope"].code, "unknown_route_op");
        assert_eq!(errs["routes.nope"].params["known"], "thing.list, thing.get");
        assert_eq!(errs["routes.thing.list"].code, "route_string");
        assert_eq!(errs["routes.thing.get"].code, "invalid_route");
        assert!(errs["routes.thing.get"].message.contains("FETCH"));
        assert_eq!(r, Routes::default());

        let (_, errs) = parse(json!({"thing.list": "GET /x/:id", "thing.get": "GET /x"}));
        assert_eq!(errs["routes.thing.list"].code, "route_unknown_placeholder");
        assert_eq!(errs["routes.thing.list"].message, "unknown placeholder :id");
        assert_eq!(errs["routes.thing.get"].code, "route_missing_placeholder");
        assert_eq!(errs["routes.thing.get"].params["name"], "id");
    }

    crate::route_ops! {
        enum AtMost {
            group: "routes", placeholders: AtMost;
            Get = "thing.get", "GET /things/:id", "Read a thing", ["id"];
        }
    }
    crate::route_ops! {
        enum Exact {
            group: "routes", placeholders: Exact;
            Get = "thing.get", "GET /things/:id/:n", "Read a thing", ["id", "n"];
        }
    }

    crate::route_ops! {
        enum Bad {
            group: "routes", placeholders: Exact;
            Get = "thing.get", "GET /things", "Read a thing", ["id"];
        }
    }

    #[test]
    #[should_panic(expected = "the default route of Get: must have exactly the placeholders: id")]
    fn a_default_its_own_rule_refuses_is_a_bug() {
        Routes::<Bad>::default();
    }

    /// The code refusing `path` for the operation `thing.get` of `O`.
    fn refused<O: RouteOp>(path: &str) -> Option<String> {
        let mut errs = FieldErrors::new();
        Routes::<O>::parse(Some(&json!({ "thing.get": path })), &mut errs);
        errs.remove("routes.thing.get").map(|e| e.code)
    }

    #[test]
    fn the_three_placeholder_rules() {
        let unknown = Some("route_unknown_placeholder".to_string());
        assert_eq!(refused::<Op>("GET /t/{id}"), None);
        assert_eq!(refused::<Op>("GET /t/:id/:x"), unknown);
        assert_eq!(refused::<AtMost>("GET /t/:id"), None);
        assert_eq!(refused::<AtMost>("GET /t/me"), None);
        assert_eq!(refused::<AtMost>("GET /t/:x"), unknown);
        assert_eq!(refused::<Exact>("GET /t/:n/:id"), None);
        let exact = Some("route_placeholders".to_string());
        assert_eq!(refused::<Exact>("GET /t/:id"), exact);
        assert_eq!(refused::<Exact>("GET /t/:id/:n/:x"), exact);
    }
}
