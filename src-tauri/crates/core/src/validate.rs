//! Small validation helpers shared by every input type. Each pushes a message
//! into a field-error map so one pass reports every problem at once.

use crate::error::FieldErrors;

pub const BLANK: &str = "can't be blank";

/// A required single-line text field of at most `max` characters.
pub fn required_text(errs: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errs.insert(field.into(), BLANK.into());
    } else {
        optional_text(errs, field, value, max);
    }
}

/// An optional text field: if present, at most `max` characters, no control characters
/// other than newlines and tabs.
pub fn optional_text(errs: &mut FieldErrors, field: &str, value: &str, max: usize) {
    let n = value.chars().count();
    if n > max {
        errs.insert(
            field.into(),
            format!("is too long ({n} characters; max {max})"),
        );
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        errs.insert(field.into(), "contains control characters".into());
    }
}

/// A plausible e-mail address: one `@`, something before it, a dot after it, no spaces.
pub fn email(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        errs.insert(field.into(), BLANK.into());
        return;
    }
    let ok = v.len() <= 254
        && !v.chars().any(char::is_whitespace)
        && matches!(v.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.contains('@') && domain.contains('.')
               && !domain.starts_with('.') && !domain.ends_with('.'));
    if !ok {
        errs.insert(field.into(), "is not a valid e-mail address".into());
    }
}

/// An http(s) URL with a host.
pub fn base_url(value: &str) -> Result<(), String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(BLANK.into());
    }
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(|| "must start with http:// or https://".to_string())?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.chars().any(char::is_whitespace) {
        return Err("has no host".into());
    }
    if v.len() > 2048 {
        return Err("is too long (max 2048)".into());
    }
    Ok(())
}

/// A telephone number: digits with optional leading `+`, spaces, dashes, 6–20 digits.
pub fn phone(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        errs.insert(field.into(), BLANK.into());
        return;
    }
    let body = v.strip_prefix('+').unwrap_or(v);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        || !(6..=20).contains(&digits)
    {
        errs.insert(field.into(), "is not a phone number (6–20 digits)".into());
    }
}

/// An ISO 3166-1 alpha-2 country code (two ASCII capital letters).
pub fn country_code(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        errs.insert(field.into(), BLANK.into());
    } else if v.len() != 2 || !v.chars().all(|c| c.is_ascii_uppercase()) {
        errs.insert(
            field.into(),
            "must be a two-letter country code such as MX".into(),
        );
    }
}

/// A positive id.
pub fn id(errs: &mut FieldErrors, field: &str, value: u64) {
    if value == 0 {
        errs.insert(field.into(), "must be a positive number".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: impl Fn(&mut FieldErrors)) -> Option<String> {
        let mut e = FieldErrors::new();
        f(&mut e);
        e.remove("x")
    }

    #[test]
    fn emails() {
        assert_eq!(check(|e| email(e, "x", "ana@ejemplo.mx")), None);
        for bad in [
            "ana", "ana@", "@x.mx", "a b@x.mx", "ana@mx", "a@b@c.mx", "ana@.mx",
        ] {
            assert!(check(|e| email(e, "x", bad)).is_some(), "{bad}");
        }
        assert_eq!(check(|e| email(e, "x", "  ")).as_deref(), Some(BLANK));
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(check(|e| required_text(e, "x", "ñññ", 3)), None);
        assert!(check(|e| required_text(e, "x", "ññññ", 3))
            .unwrap()
            .contains("max 3"));
    }

    #[test]
    fn urls() {
        assert!(base_url("http://127.0.0.1:9000").is_ok());
        assert!(base_url("ftp://x").is_err());
        assert!(base_url("https://").is_err());
        assert!(base_url("").is_err());
    }

    #[test]
    fn phones_and_countries() {
        assert_eq!(check(|e| phone(e, "x", "+52 55 1234-5678")), None);
        assert!(check(|e| phone(e, "x", "12ab5678")).is_some());
        assert_eq!(check(|e| country_code(e, "x", "MX")), None);
        assert!(check(|e| country_code(e, "x", "mex")).is_some());
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(check(|e| optional_text(e, "x", "a\u{0}b", 10)).is_some());
    }
}
