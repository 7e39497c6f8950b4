//! `JSON.stringify(JSON.parse(text))`, as a browser computes it, without
//! building a map: DYNAMICORE 1.2 step 5 signs the body re-serialized by
//! JavaScript, so the key order, the string escapes and the number format
//! must be JavaScript's, not serde_json's (whose `Map` sorts keys unless the
//! workspace-wide `preserve_order` feature is on, which would change every
//! other crate's JSON).
//!
//! JavaScript rules reproduced:
//! * objects keep insertion order, except that array-index keys (`"0"`,
//!   `"42"`) come first in ascending order; a repeated key keeps its first
//!   place and its last value;
//! * strings escape `"` `\\` `\b` `\f` `\n` `\r` `\t` and other controls as
//!   `\u00xx`; everything else (non-ASCII, `/`) is literal;
//! * numbers print as `Number.prototype.toString` does (`1.0` → `1`,
//!   `1e3` → `1000`, `1e21` → `1e+21`, `1e-7` → `1e-7`).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// `JSON.stringify(JSON.parse(text))`, or `None` where `JSON.parse` throws.
pub fn restringify(text: &str) -> Option<String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let out = Js.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(out)
}

/// Re-serializes one JSON value as it is visited.
struct Js;

impl<'de> DeserializeSeed<'de> for Js {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Js {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(string(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".into())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Js)? {
            items.push(v);
        }
        Ok(format!("[{}]", items.join(",")))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut entries: Vec<(String, String)> = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(Js)?;
            match entries.iter_mut().find(|(ek, _)| *ek == k) {
                Some(e) => e.1 = v,
                None => entries.push((k, v)),
            }
        }
        // Integer-like keys first, ascending (ECMAScript OrdinaryOwnPropertyKeys).
        let (mut idx, named): (Vec<_>, Vec<_>) = entries
            .into_iter()
            .partition(|(k, _)| array_index(k).is_some());
        idx.sort_by_key(|(k, _)| array_index(k));
        let body: Vec<String> = idx
            .into_iter()
            .chain(named)
            .map(|(k, v)| format!("{}:{v}", string(&k)))
            .collect();
        Ok(format!("{{{}}}", body.join(",")))
    }
}

/// A canonical array index: `0`..`2^32-2` with no leading zero.
fn array_index(k: &str) -> Option<u32> {
    let n: u32 = k.parse().ok()?;
    (n.to_string() == k && n != u32::MAX).then_some(n)
}

/// `JSON.stringify` of a string.
pub fn string(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\u{8}' => o.push_str("\\b"),
            '\u{c}' => o.push_str("\\f"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// `Number.prototype.toString()` (ECMAScript Number::toString, radix 10).
/// Rust's `{:e}` gives the same shortest round-trip digits; only the layout
/// differs. `JSON.stringify` prints non-finite numbers as `null`.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "null".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let sci = format!("{:e}", v.abs());
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let k = digits.len() as i32;
    let n = exp.parse::<i32>().expect("{:e} exponent") + 1;
    let sign = if v < 0.0 { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let es = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        match k {
            1 => format!("{digits}e{es}"),
            _ => format!("{}.{}e{es}", &digits[..1], &digits[1..]),
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_keeping_key_order() {
        assert_eq!(
            restringify("{ \"z\": 1, \"a\": [ 1 , {\"y\":null,\"b\":true} ] }").unwrap(),
            r#"{"z":1,"a":[1,{"y":null,"b":true}]}"#
        );
    }

    #[test]
    fn integer_keys_first_and_duplicates_as_javascript() {
        assert_eq!(
            restringify(r#"{"b":1,"10":2,"2":3,"01":4,"b":5}"#).unwrap(),
            r#"{"2":3,"10":2,"b":5,"01":4}"#
        );
    }

    #[test]
    fn strings_as_javascript() {
        assert_eq!(
            restringify(r#""a\/b \u00e9 ñ \u0001 \t \u2028 😀""#).unwrap(),
            "\"a/b é ñ \\u0001 \\t \u{2028} 😀\""
        );
    }

    #[test]
    fn numbers_as_javascript() {
        for (src, js) in [
            ("1.0", "1"),
            ("1e3", "1000"),
            ("-0.5", "-0.5"),
            ("1e21", "1e+21"),
            ("123456789012345678901", "123456789012345680000"),
            ("1e-7", "1e-7"),
            ("0.000001", "0.000001"),
            ("1.5e-10", "1.5e-10"),
            ("-0", "0"),
            ("0.1", "0.1"),
            ("100", "100"),
            ("2.5e25", "2.5e+25"),
        ] {
            assert_eq!(restringify(src).unwrap(), js, "{src}");
        }
    }

    #[test]
    fn what_json_parse_rejects() {
        for bad in ["", "{", "{\"a\":1,}", "[1,]", "name=x", "{} {}"] {
            assert_eq!(restringify(bad), None, "{bad}");
        }
    }
}
