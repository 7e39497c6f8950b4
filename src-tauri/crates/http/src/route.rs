//! Where one operation of a provider lives, as a connection setting: a
//! method and a path with `:name` / `{name}` placeholders. Providers whose
//! paths are few, assumed or not publicly routable (SIGNIO, UnDosTres,
//! DynamiCore) keep every operation's route in a [`crate::Routes`] table.

use reqwest::Method;
use ventanilla_core::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    /// Starts with `/`, no query; may contain `:name` / `{name}` placeholders.
    pub path: String,
}

impl Route {
    /// Parse `"METHOD /path"`; `example` shows the expected form in the error.
    pub fn parse(s: &str, example: &str) -> std::result::Result<Route, String> {
        let s = s.trim();
        let (m, p) = s
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("{s:?} must look like \"{example}\""))?;
        let method = match m.to_ascii_uppercase().as_str() {
            "GET" => Method::GET,
            "POST" => Method::POST,
            "PUT" => Method::PUT,
            "PATCH" => Method::PATCH,
            "DELETE" => Method::DELETE,
            other => return Err(format!("unknown HTTP method {other:?}")),
        };
        let mut path = p.trim().to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if path.contains(['?', '#', ' ', '\\']) || path.contains("//") || path.contains("..") {
            return Err(format!("{path:?} is not a plain path"));
        }
        Ok(Route { method, path })
    }

    fn var_of(seg: &str) -> Option<&str> {
        seg.strip_prefix(':')
            .or_else(|| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }

    /// The placeholder names in the path.
    pub fn vars(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter_map(Route::var_of)
            .map(str::to_string)
            .collect()
    }

    /// The path with placeholders replaced by percent-encoded values.
    pub fn fill(&self, vars: &[(&str, &str)]) -> Result<String> {
        let mut out = Vec::new();
        for seg in self.path.split('/') {
            match Route::var_of(seg) {
                Some(n) => {
                    let v = vars
                        .iter()
                        .find(|(k, _)| *k == n)
                        .map(|(_, v)| *v)
                        .ok_or_else(|| {
                            Error::internal(format!("no value for the path placeholder {{{n}}}"))
                        })?;
                    out.push(encode_segment(v));
                }
                None => out.push(seg.to_string()),
            }
        }
        Ok(out.join("/"))
    }
}

fn encode_segment(s: &str) -> String {
    let mut o = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}
