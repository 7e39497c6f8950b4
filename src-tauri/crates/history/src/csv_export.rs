//! CSV writing for the operation log: RFC 4180 quoting, RFC 3339 UTC times,
//! and neutralized spreadsheet formulas.

use ventanilla_core::history::OperationRecord;

pub(crate) const HEADER: &str =
    "time_utc,connection,provider,operation,target,outcome,error_code,duration_ms,summary\r\n";

/// Appends one CSV line (CRLF-terminated) for `r` to `out`. Every cell goes
/// through [`push_text`], even those we generate, so no cell can ever run.
pub(crate) fn push_record(out: &mut String, r: &OperationRecord) {
    let mut time = String::with_capacity(24);
    push_time(&mut time, r.at_ms);
    push_text(out, &time);
    out.push(',');
    push_text(out, &r.connection_name);
    out.push(',');
    push_text(out, &r.provider);
    out.push(',');
    push_text(out, &r.operation);
    out.push(',');
    push_text(out, &r.target);
    out.push(',');
    push_text(out, r.outcome.as_str());
    out.push(',');
    push_text(out, r.error_code.as_deref().unwrap_or(""));
    out.push(',');
    push_text(out, &r.duration_ms.to_string());
    out.push(',');
    push_text(out, &r.summary);
    out.push_str("\r\n");
}

/// Whether a spreadsheet would read `s` as a formula: its first character,
/// or its first after leading spaces (Excel and LibreOffice skip them), is
/// `= + - @`, a tab or a CR.
fn looks_like_formula(s: &str) -> bool {
    const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    s.starts_with(TRIGGERS)
        || s.trim_start_matches(|c: char| c.is_whitespace() && c != '\t' && c != '\r')
            .starts_with(TRIGGERS)
}

/// A text cell: a leading `'` if a spreadsheet would read it as a formula,
/// then quoted if it holds a quote, a comma, a semicolon (the list separator
/// of es-ES and es-CO Excel) or a line break.
pub(crate) fn push_text(out: &mut String, s: &str) {
    let formula = looks_like_formula(s);
    let quote = s.contains(['"', ',', ';', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        for ch in s.chars() {
            if ch == '"' {
                out.push('"');
            }
            out.push(ch);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// `at_ms` as RFC 3339 UTC with milliseconds, e.g. `2024-03-05T14:07:09.012Z`.
pub(crate) fn push_time(out: &mut String, at_ms: i64) {
    use std::fmt::Write;
    let days = at_ms.div_euclid(86_400_000);
    let ms_of_day = at_ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (ms_of_day / 3_600_000, ms_of_day % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let (s, ms) = (rest / 1000, rest % 1000);
    let _ = write!(out, "{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{ms:03}Z");
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's algorithm). Exact for every `i64` ms timestamp.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(ms: i64) -> String {
        let mut s = String::new();
        push_time(&mut s, ms);
        s
    }

    fn text(v: &str) -> String {
        let mut s = String::new();
        push_text(&mut s, v);
        s
    }

    #[test]
    fn formats_rfc3339_utc() {
        assert_eq!(time(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(time(1_709_647_629_012), "2024-03-05T14:07:09.012Z");
        assert_eq!(time(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(time(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(time(253_402_300_799_999), "9999-12-31T23:59:59.999Z");
        // Absurd values still format, without panicking.
        let _ = time(i64::MIN);
        let _ = time(i64::MAX);
    }

    #[test]
    fn quotes_and_neutralizes_formulas() {
        assert_eq!(text("plain"), "plain");
        assert_eq!(text("a,b"), "\"a,b\"");
        assert_eq!(text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(text("=1+1"), "'=1+1");
        assert_eq!(text("-2"), "'-2");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("+34 600"), "'+34 600");
        assert_eq!(text("=HYPERLINK(\"x\",1)"), "\"'=HYPERLINK(\"\"x\"\",1)\"");
        assert_eq!(text(""), "");
    }

    #[test]
    fn guards_formulas_after_leading_spaces_and_quotes_semicolons() {
        assert_eq!(text("  =1+1"), "'  =1+1");
        assert_eq!(text(" @cmd"), "' @cmd");
        assert_eq!(text("\u{a0}-5"), "'\u{a0}-5");
        assert_eq!(text("\t=x"), "'\t=x");
        assert_eq!(text("\r=x"), "\"'\r=x\"");
        assert_eq!(text("  plain"), "  plain");
        assert_eq!(text("a - b"), "a - b");
        assert_eq!(text("a;b"), "\"a;b\"");
        assert_eq!(text("=A1;B1"), "\"'=A1;B1\"");
        assert_eq!(text("Ana; Luis"), "\"Ana; Luis\"");
    }

    #[test]
    fn every_cell_of_a_record_is_guarded() {
        use ventanilla_core::history::Outcome;
        let mut line = String::new();
        push_record(
            &mut line,
            &OperationRecord {
                id: 1,
                at_ms: 0,
                connection_name: "=conn".into(),
                provider: "+prov".into(),
                operation: "-op".into(),
                target: " @t".into(),
                outcome: Outcome::Unknown,
                error_code: Some("=E".into()),
                duration_ms: 3,
                summary: "a;b".into(),
                summary_code: Some("x".into()),
                summary_params: None,
            },
        );
        assert_eq!(
            line,
            "1970-01-01T00:00:00.000Z,'=conn,'+prov,'-op,' @t,unknown,'=E,3,\"a;b\"\r\n"
        );
    }
}
