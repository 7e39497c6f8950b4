//! Results as JSON (`--json`) or as readable text: objects as `key: value`
//! lines, lists of objects as aligned tables.

use serde::Serialize;
use serde_json::Value;
use ventanilla_core::{Error, Result};

pub struct Output {
    pub json: bool,
}

impl Output {
    pub fn value<T: Serialize>(&self, v: &T) -> Result<()> {
        let v = serde_json::to_value(v).map_err(|e| Error::internal(e.to_string()))?;
        if self.json {
            println!("{v}");
        } else {
            print!("{}", render(&v));
        }
        Ok(())
    }

    /// Errors go to stdout as JSON with `--json` (so scripts parse one stream),
    /// else to stderr as text.
    pub fn error(&self, e: &Error) {
        if self.json {
            println!("{}", serde_json::json!({ "error": e }));
        } else {
            eprintln!("error [{}]: {}", e.code, e.message);
            for (field, msg) in e.fields.iter().flatten() {
                eprintln!("  {field}: {msg}");
            }
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => {
            a.iter().map(scalar).collect::<Vec<_>>().join(", ")
        }
        Value::Array(a) => format!("[{} items]", a.len()),
        Value::Object(_) => "{…}".into(),
        other => other.to_string(),
    }
}

pub fn render(v: &Value) -> String {
    match v {
        Value::Array(rows) if rows.is_empty() => "(none)\n".into(),
        Value::Array(rows) if rows.iter().all(Value::is_object) => table(rows),
        Value::Object(map) => {
            let width = map.keys().map(|k| k.len()).max().unwrap_or(0);
            map.iter()
                .map(|(k, v)| format!("{k:width$}  {}\n", scalar(v)))
                .collect()
        }
        other => format!("{}\n", scalar(other)),
    }
}

fn table(rows: &[Value]) -> String {
    let mut cols: Vec<String> = Vec::new();
    for r in rows {
        for k in r.as_object().into_iter().flat_map(|o| o.keys()) {
            if !cols.contains(k) {
                cols.push(k.clone());
            }
        }
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| scalar(&r[c]).replace('\n', " "))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| r[i].chars().count().min(60))
                .chain([c.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |vals: &[String]| -> String {
        let mut s = vals
            .iter()
            .zip(&widths)
            .map(|(v, w)| {
                let v: String = v.chars().take(60).collect();
                format!("{v:w$}")
            })
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s + "\n"
    };
    let mut out = line(&cols);
    for r in &cells {
        out.push_str(&line(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_include_every_column() {
        let v = serde_json::json!([{"id": 1, "subject": "Acceso"}, {"id": 22, "status": "New"}]);
        let t = render(&v);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "id  subject  status");
        assert_eq!(lines[2], "22           New");
    }
}
