//! Small validation helpers shared by every input type. Each records a coded
//! [`FieldError`] in a field-error map so one pass reports every problem at once.
//!
//! The constructors (`blank()`, `too_long(…)`, …) are public so callers that
//! check something these helpers don't reuse the same codes.

use crate::error::{add_field_error, FieldError, FieldErrors};

/// The English text of [`blank`].
pub const BLANK: &str = "can't be blank";

/// `blank`: a required value is empty.
pub fn blank() -> FieldError {
    FieldError::new("blank", BLANK)
}

/// `too_long {count, max}`: more than `max` characters.
pub fn too_long(count: usize, max: usize) -> FieldError {
    FieldError::new(
        "too_long",
        format!("is too long ({count} characters; max {max})"),
    )
    .param("count", count)
    .param("max", max)
}

/// `max_length {max}`: longer than `max` (when counting the excess is moot).
pub fn max_length(max: usize) -> FieldError {
    FieldError::new("max_length", format!("is too long (max {max})")).param("max", max)
}

/// `control_characters`.
pub fn control_characters() -> FieldError {
    FieldError::new("control_characters", "contains control characters")
}

/// `positive_number`.
pub fn positive_number() -> FieldError {
    FieldError::new("positive_number", "must be a positive number")
}

/// `url_scheme`: not http(s).
pub fn url_scheme() -> FieldError {
    FieldError::new("url_scheme", "must start with http:// or https://")
}

/// `url_no_host`.
pub fn url_no_host() -> FieldError {
    FieldError::new("url_no_host", "has no host")
}

/// A required single-line text field of at most `max` characters.
pub fn required_text(errs: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        add_field_error(errs, field, blank());
    } else {
        optional_text(errs, field, value, max);
    }
}

/// An optional text field: if present, at most `max` characters, no control characters
/// other than newlines and tabs.
pub fn optional_text(errs: &mut FieldErrors, field: &str, value: &str, max: usize) {
    let n = value.chars().count();
    if n > max {
        add_field_error(errs, field, too_long(n, max));
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        add_field_error(errs, field, control_characters());
    }
}

/// A plausible e-mail address: one `@`, something before it, a dot after it, no spaces.
pub fn email(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        add_field_error(errs, field, blank());
        return;
    }
    let ok = v.len() <= 254
        && !v.chars().any(char::is_whitespace)
        && matches!(v.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.contains('@') && domain.contains('.')
               && !domain.starts_with('.') && !domain.ends_with('.'));
    if !ok {
        add_field_error(
            errs,
            field,
            FieldError::new("invalid_email", "is not a valid e-mail address"),
        );
    }
}

/// An http(s) URL with a host.
pub fn base_url(value: &str) -> Result<(), FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(blank());
    }
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(url_scheme)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.chars().any(char::is_whitespace) {
        return Err(url_no_host());
    }
    if v.len() > 2048 {
        return Err(max_length(2048));
    }
    Ok(())
}

/// A telephone number: digits with optional leading `+`, spaces, dashes, 6–20 digits.
pub fn phone(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        add_field_error(errs, field, blank());
        return;
    }
    let body = v.strip_prefix('+').unwrap_or(v);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        || !(6..=20).contains(&digits)
    {
        add_field_error(
            errs,
            field,
            FieldError::new("invalid_phone", "is not a phone number (6–20 digits)")
                .param("min", 6)
                .param("max", 20),
        );
    }
}

/// An ISO 3166-1 alpha-2 country code (two ASCII capital letters).
pub fn country_code(errs: &mut FieldErrors, field: &str, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        add_field_error(errs, field, blank());
    } else if v.len() != 2 || !v.chars().all(|c| c.is_ascii_uppercase()) {
        add_field_error(
            errs,
            field,
            FieldError::new(
                "invalid_country_code",
                "must be a two-letter country code such as MX",
            ),
        );
    }
}

/// `file_type {allowed, got}`: a file whose extension is not one of `allowed`
/// (`ext` is its lower-cased extension, empty for none); `hint` is added to
/// the English text.
pub fn file_type(allowed: &[&str], ext: &str, hint: &str) -> FieldError {
    let got = if ext.is_empty() {
        "a file without extension".to_string()
    } else {
        format!(".{ext}")
    };
    let allowed = allowed.join(", ");
    FieldError::new(
        "file_type",
        format!("must be one of {allowed}; got {got}{hint}"),
    )
    .param("allowed", allowed)
    .param("got", got)
}

/// An existing, readable, non-empty regular file: its size. The errors name
/// the file by its display name, never its path: they reach the webview,
/// which only ever gets drop tokens and names.
pub fn readable_file(p: &std::path::Path) -> Result<u64, FieldError> {
    let name = crate::fsutil::display_name(p);
    let unreadable = |e: std::io::Error| {
        FieldError::new("file_unreadable", format!("cannot read {name}: {e}"))
            .param("name", name.as_str())
    };
    let meta = std::fs::metadata(p).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(
            FieldError::new("not_a_file", format!("{name} is not a file")).param("name", name),
        );
    }
    if meta.len() == 0 {
        return Err(FieldError::new("file_empty", "is empty (0 bytes)"));
    }
    std::fs::File::open(p).map_err(unreadable)?;
    Ok(meta.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code recorded for field `x`, if any.
    fn check(f: impl Fn(&mut FieldErrors)) -> Option<FieldError> {
        let mut e = FieldErrors::new();
        f(&mut e);
        e.remove("x")
    }
    fn code(f: impl Fn(&mut FieldErrors)) -> Option<String> {
        check(f).map(|e| e.code)
    }

    #[test]
    fn emails() {
        assert_eq!(check(|e| email(e, "x", "ana@ejemplo.mx")), None);
        for bad in [
            "ana", "ana@", "@x.mx", "a b@x.mx", "ana@mx", "a@b@c.mx", "ana@.mx",
        ] {
            assert_eq!(
                code(|e| email(e, "x", bad)).as_deref(),
                Some("invalid_email"),
                "{bad}"
            );
        }
        assert_eq!(code(|e| email(e, "x", "  ")).as_deref(), Some("blank"));
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(check(|e| required_text(e, "x", "ñññ", 3)), None);
        let e = check(|e| required_text(e, "x", "ññññ", 3)).unwrap();
        assert_eq!(e.code, "too_long");
        assert_eq!(e.params["count"], 4);
        assert_eq!(e.params["max"], 3);
        assert!(e.message.contains("max 3"));
    }

    #[test]
    fn urls() {
        assert!(base_url("http://127.0.0.1:9000").is_ok());
        assert_eq!(base_url("ftp://x").unwrap_err().code, "url_scheme");
        assert_eq!(base_url("https://").unwrap_err().code, "url_no_host");
        assert_eq!(base_url("").unwrap_err().code, "blank");
    }

    #[test]
    fn phones_and_countries() {
        assert_eq!(check(|e| phone(e, "x", "+52 55 1234-5678")), None);
        assert_eq!(
            code(|e| phone(e, "x", "12ab5678")).as_deref(),
            Some("invalid_phone")
        );
        assert_eq!(check(|e| country_code(e, "x", "MX")), None);
        assert_eq!(
            code(|e| country_code(e, "x", "mex")).as_deref(),
            Some("invalid_country_code")
        );
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            code(|e| optional_text(e, "x", "a\u{0}b", 10)).as_deref(),
            Some("control_characters")
        );
    }
}
