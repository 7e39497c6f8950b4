//! The support bundle: a zip the user hands to support. It holds what helps
//! diagnose a problem and nothing that identifies a person or opens an
//! account: app and OS versions, the schema version, the connection list
//! (name, provider, host only) and the recent log lines reduced to their
//! time, level, module, a known message and allow-listed fields (operation,
//! outcome, error code, duration). A log line's target ("user 7"), summary,
//! free text and any field not listed is dropped, so a secret, token, body or
//! personal value that ever reached a log line cannot reach the bundle.

use serde::Serialize;
use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;
use ventanilla_core::Result;
use ventanilla_service::Service;
use zip::write::SimpleFileOptions;

/// UTC, YYYY-MM-DD, set by build.rs.
pub const BUILD_DATE: &str = env!("VENTANILLA_BUILD_DATE");

/// How many of the newest log lines go in.
pub const LOG_LINES: usize = 5_000;

/// Messages logged by this app, kept in the bundle (only up to the first
/// dynamic part: the text after them is dropped).
const KNOWN_MESSAGES: &[&str] = &[
    "cannot start",
    "could not record the operation in history",
    "history exported",
    "OS keychain unavailable",
    "could not cache user",
    "could not cache envelope",
    "navigation refused",
    "new window refused",
    "another launch focused this window",
    "support bundle saved",
];

/// Log fields kept, each with the characters its value may have.
fn field_allowed(key: &str, value: &str) -> bool {
    let ok = |f: fn(char) -> bool| !value.is_empty() && value.len() <= 64 && value.chars().all(f);
    match key {
        "operation" => ok(|c| c.is_ascii_lowercase() || matches!(c, '.' | '_' | '-')),
        "outcome" => ok(|c| c.is_ascii_lowercase()),
        "error_code" | "code" => ok(|c| c.is_ascii_uppercase() || c == '_'),
        "duration_ms" | "rows" | "bytes" => ok(|c| c.is_ascii_digit()),
        _ => false,
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleConnection {
    pub name: String,
    pub provider: String,
    /// Host (and port) of the base URL: no path, query or user info.
    pub host: String,
    pub sandbox: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleAbout {
    pub app_version: String,
    pub build_date: String,
    pub os: String,
    pub arch: String,
    pub schema_version: u32,
    pub created_at: String,
}

/// Host and port of a URL, or "" if it has none.
pub fn host_of(url: &str) -> String {
    match url::Url::parse(url.trim()) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => String::new(),
        },
        Err(_) => String::new(),
    }
}

/// One log line reduced to what is safe to hand out; `None` for a line
/// that is not an event (a continuation line of a multi-line message).
/// `connections`: names the bundle lists anyway, so a `connection=` field
/// naming one of them is kept.
pub fn sanitize_line(line: &str, connections: &HashSet<String>) -> Option<String> {
    let mut parts = line.splitn(3, ' ').filter(|s| !s.is_empty());
    let time = parts.next()?;
    if !time.ends_with('Z') || !time.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let time = time
        .chars()
        .all(|c| c.is_ascii_digit() || "-:.TZ".contains(c));
    if !time {
        return None;
    }
    let rest = line.split_once(' ')?.1.trim_start();
    let (level, rest) = rest.split_once(' ')?;
    if !matches!(level, "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR") {
        return None;
    }
    let rest = rest.trim_start();
    let (module, body) = rest.split_once(": ").unwrap_or((rest, ""));
    let module = if module
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    {
        module
    } else {
        "?"
    };
    let mut out = format!(
        "{} {level} {module}:",
        line.split(' ').next().unwrap_or_default()
    );
    if let Some(m) = KNOWN_MESSAGES.iter().find(|m| body.starts_with(**m)) {
        out.push_str(&format!(" {m}"));
    }
    for (key, value) in fields(body) {
        let keep =
            field_allowed(&key, &value) || (key == "connection" && connections.contains(&value));
        if keep {
            out.push_str(&format!(" {key}={value:?}"));
        }
    }
    Some(out)
}

/// The `key=value` / `key="quoted value"` pairs of a tracing line.
fn fields(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A key starts a word: identifier characters followed by '='.
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        if i > start && i < b.len() && b[i] == b'=' && (start == 0 || b[start - 1] == b' ') {
            let key = &body[start..i];
            i += 1;
            let value = if i < b.len() && b[i] == b'"' {
                i += 1;
                let mut v = String::new();
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' && i + 1 < b.len() {
                        i += 1;
                    }
                    let c = body[i..].chars().next().unwrap_or(' ');
                    v.push(c);
                    i += c.len_utf8();
                }
                i += 1;
                v
            } else {
                let s = i;
                while i < b.len() && b[i] != b' ' {
                    i += 1;
                }
                body[s..i].to_owned()
            };
            out.push((key.to_owned(), value));
        } else {
            // Skip to the next word.
            while i < b.len() && b[i] != b' ' {
                i += 1;
            }
            i += 1;
        }
    }
    out
}

/// The newest `max` lines of the log and its rotated files, oldest first.
pub fn last_log_lines(log_dir: &Path, log_name: &str, keep: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // Newest file first; each file's lines are read whole, then prepended.
    for n in 0..keep {
        let path = if n == 0 {
            log_dir.join(log_name)
        } else {
            log_dir.join(format!("{log_name}.{n}"))
        };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut file_lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let room = max - lines.len();
        if file_lines.len() > room {
            file_lines.drain(..file_lines.len() - room);
        }
        file_lines.append(&mut lines);
        lines = file_lines;
        if lines.len() >= max {
            break;
        }
    }
    lines
}

pub struct BundleInput<'a> {
    pub about: BundleAbout,
    pub connections: Vec<BundleConnection>,
    pub log_dir: &'a Path,
}

/// Writes the bundle to `dest` (through a temporary file beside it, renamed
/// at the end, so a failed export leaves no half-written zip). Returns the
/// number of log lines included.
pub fn write_bundle(dest: &Path, input: &BundleInput<'_>) -> io::Result<usize> {
    use ventanilla_service::logging::{LOG_FILES, LOG_NAME};
    let names: HashSet<String> = input.connections.iter().map(|c| c.name.clone()).collect();
    let log: Vec<String> = last_log_lines(input.log_dir, LOG_NAME, LOG_FILES, LOG_LINES)
        .iter()
        .filter_map(|l| sanitize_line(l, &names))
        .collect();

    let dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile_in(dir)?;
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut zip = zip::ZipWriter::new(file);
        let opts = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(0o600);
        let err = |e: zip::result::ZipError| io::Error::other(e.to_string());
        zip.start_file("README.txt", opts).map_err(err)?;
        zip.write_all(README.as_bytes())?;
        zip.start_file("about.json", opts).map_err(err)?;
        zip.write_all(&serde_json::to_vec_pretty(&input.about)?)?;
        zip.start_file("connections.json", opts).map_err(err)?;
        zip.write_all(&serde_json::to_vec_pretty(&input.connections)?)?;
        zip.start_file("logs/ventanilla.log", opts).map_err(err)?;
        for l in &log {
            zip.write_all(l.as_bytes())?;
            zip.write_all(b"\n")?;
        }
        zip.finish().map_err(err)?.sync_all()
    })();
    match result.and_then(|()| std::fs::rename(&tmp, dest)) {
        Ok(()) => Ok(log.len()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn tempfile_in(dir: &Path) -> io::Result<std::path::PathBuf> {
    Ok(dir.join(format!(
        ".ventanilla-support-{}.zip.part",
        uuid::Uuid::new_v4()
    )))
}

const README: &str = "Ventanilla support bundle\n\
\n\
about.json        app version, build date, OS, schema version\n\
connections.json  each connection's name, provider, host and whether it is a sandbox\n\
logs/ventanilla.log  the newest log lines, reduced to time, level, module, the\n\
                  app's own message and the operation, outcome, error code and\n\
                  duration. Targets, summaries, user data, secrets, tokens and\n\
                  request or response bodies are never included.\n";

/// The bundle's contents, from the service; `logs`: its log folder.
pub fn bundle_input<'a>(svc: &Service, logs: &'a Path) -> Result<BundleInput<'a>> {
    let connections = svc
        .connections()?
        .into_iter()
        .map(|c| BundleConnection {
            host: host_of(&c.base_url),
            name: c.name,
            provider: c.provider.as_str().to_owned(),
            sandbox: c.sandbox,
        })
        .collect();
    let now = time::OffsetDateTime::now_utc();
    Ok(BundleInput {
        about: BundleAbout {
            app_version: env!("CARGO_PKG_VERSION").into(),
            build_date: BUILD_DATE.into(),
            os: os_version(),
            arch: std::env::consts::ARCH.into(),
            schema_version: ventanilla_history::History::schema_version(),
            created_at: now
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        },
        connections,
        log_dir: logs,
    })
}

/// The OS name and version (`PRETTY_NAME` of os-release and the kernel on Linux).
pub fn os_version() -> String {
    let mut os = std::env::consts::OS.to_owned();
    #[cfg(target_os = "linux")]
    {
        let pretty = std::fs::read_to_string("/etc/os-release")
            .ok()
            .and_then(|t| {
                t.lines().find_map(|l| {
                    l.strip_prefix("PRETTY_NAME=")
                        .map(|v| v.trim_matches('"').to_owned())
                })
            });
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map(|k| k.trim().to_owned())
            .unwrap_or_default();
        os = format!("{} (Linux {kernel})", pretty.unwrap_or(os));
    }
    os
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> HashSet<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_operation_line_keeps_only_its_safe_fields() {
        let l = r#"2026-12-01T20:32:54.205430Z  INFO ventanilla_service::record: connection=Sandbox operation="user.get" target="user 7 · ana@example.com" outcome="ok" error_code="" duration_ms=21"#;
        assert_eq!(
            sanitize_line(l, &names(&["Sandbox"])).unwrap(),
            r#"2026-12-01T20:32:54.205430Z INFO ventanilla_service::record: connection="Sandbox" operation="user.get" outcome="ok" duration_ms="21""#
        );
        // A connection name not in the list (it was renamed, or is text) is dropped.
        assert!(!sanitize_line(l, &names(&[])).unwrap().contains("Sandbox"));
    }

    #[test]
    fn messages_keep_only_their_known_beginning() {
        let l = "2026-12-01T20:32:54.182826Z ERROR ventanilla_app::state: cannot start: cannot read /home/ana/secret code=IO";
        assert_eq!(
            sanitize_line(l, &names(&[])).unwrap(),
            r#"2026-12-01T20:32:54.182826Z ERROR ventanilla_app::state: cannot start code="IO""#
        );
        let l = "2026-12-01T20:32:54.182826Z  WARN some_crate: token=abc123 password=hunter2 Mariana Ortega";
        assert_eq!(
            sanitize_line(l, &names(&[])).unwrap(),
            "2026-12-01T20:32:54.182826Z WARN some_crate:"
        );
    }

    #[test]
    fn odd_values_and_non_event_lines_are_dropped() {
        // Values outside their field's alphabet are not kept.
        let l = r#"2026-12-01T20:32:54Z  INFO m: operation="user.get ana@x.mx" outcome=OK error_code="sk_live_1" duration_ms=2x"#;
        assert_eq!(
            sanitize_line(l, &names(&[])).unwrap(),
            "2026-12-01T20:32:54Z INFO m:"
        );
        // A continuation line of a multi-line message is not an event.
        assert_eq!(sanitize_line("    at ana@example.com", &names(&[])), None);
        assert_eq!(sanitize_line("password=hunter2", &names(&[])), None);
    }

    #[test]
    fn host_only_no_path_query_or_user_info() {
        assert_eq!(
            host_of("https://ana:pw@api.example.mx:8443/v1?token=x"),
            "api.example.mx:8443"
        );
        assert_eq!(host_of("http://127.0.0.1:5000/"), "127.0.0.1:5000");
        assert_eq!(host_of("not a url"), "");
    }

    #[test]
    fn the_newest_lines_come_from_the_rotated_files_too() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.log.2"), "a\nb\n").unwrap();
        std::fs::write(dir.path().join("x.log.1"), "c\nd\n").unwrap();
        std::fs::write(dir.path().join("x.log"), "e\n").unwrap();
        assert_eq!(
            last_log_lines(dir.path(), "x.log", 5, 4),
            ["b", "c", "d", "e"]
        );
        assert_eq!(
            last_log_lines(dir.path(), "x.log", 5, 10),
            ["a", "b", "c", "d", "e"]
        );
    }

    /// Canaries through the real service: a connection whose secrets, URL
    /// and name carry them, a real sandbox lookup (a person's name and
    /// e-mail), and log lines written with them; none is in the bundle.
    #[tokio::test(flavor = "multi_thread")]
    async fn no_secret_token_or_personal_value_reaches_the_bundle() {
        use std::collections::BTreeMap;
        use std::io::Read;
        use ventanilla_core::connection::ConnectionInput;
        use ventanilla_core::SecretString;
        use ventanilla_service::{Options, SandboxMode, Secrets};

        let data = tempfile::tempdir().unwrap();
        ventanilla_service::logging::init(data.path());
        let svc = Service::open(Options {
            data_dir: data.path().to_path_buf(),
            secrets: Secrets::MemoryOnly,
            sandbox: SandboxMode::Eager,
        })
        .await
        .unwrap();

        let mut secrets = BTreeMap::new();
        secrets.insert(
            "api_key".to_owned(),
            SecretString::new("APIKEY-canary-7f3a"),
        );
        secrets.insert(
            "username".to_owned(),
            SecretString::new("ana.canary@example.com"),
        );
        secrets.insert(
            "password".to_owned(),
            SecretString::new("Passw0rd-canary-91"),
        );
        svc.add_connection(ConnectionInput {
            name: "Producción".into(),
            provider: "backoffice".into(),
            base_url: "https://bo.example.mx/TOKEN-canary-55/api".into(),
            secrets: Some(secrets),
            settings: None,
        })
        .await
        .unwrap();

        // A real operation on the sandbox: its person is a canary too.
        let sandbox = svc
            .connections()
            .unwrap()
            .into_iter()
            .find(|c| c.sandbox && c.provider == "backoffice")
            .unwrap();
        let user = svc
            .exec::<ventanilla_provider_backoffice::Backoffice, _>(
                &sandbox.id,
                ventanilla_provider_backoffice::ops::UserGet {
                    user_id: "7".parse().unwrap(),
                },
                &ventanilla_core::op::NoHost,
            )
            .await
            .unwrap();
        let email = user.email.clone();
        assert!(email.contains('@'));

        // What a careless log line could carry.
        tracing::info!(
            connection = "Producción",
            operation = "user.get",
            target = "user 7 · ana.canary@example.com",
            outcome = "ok",
            error_code = "",
            duration_ms = 12,
        );
        tracing::error!(
            code = "IO",
            "cannot start: token TOKEN-canary-55 for ana.canary@example.com"
        );
        tracing::warn!(
            password = "Passw0rd-canary-91",
            api_key = "APIKEY-canary-7f3a",
            "login"
        );
        tracing::info!("security token sent: SECTOKEN-canary-3c");

        let logs = data.path().join("logs");
        let log_text =
            std::fs::read_to_string(logs.join(ventanilla_service::logging::LOG_NAME)).unwrap();
        // The canaries did reach the log (else this test proves nothing).
        for c in [
            "ana.canary@example.com",
            "TOKEN-canary-55",
            "Passw0rd-canary-91",
            "SECTOKEN-canary-3c",
            "user 7",
        ] {
            assert!(log_text.contains(c), "{c} not in the log");
        }

        let dest = data.path().join("bundle.zip");
        let lines = write_bundle(&dest, &bundle_input(&svc, &logs).unwrap()).unwrap();
        assert!(lines >= 5, "{lines}");

        let mut zip = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
        let mut all = String::new();
        let mut names = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            names.push(f.name().to_owned());
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            all.push_str(&text);
        }
        names.sort();
        assert_eq!(
            names,
            [
                "README.txt",
                "about.json",
                "connections.json",
                "logs/ventanilla.log"
            ]
        );
        for canary in [
            "APIKEY-canary-7f3a",
            "ana.canary",
            "Passw0rd-canary-91",
            "TOKEN-canary-55",
            "SECTOKEN-canary-3c",
            "/api",
            email.as_str(),
            user.last_name.as_str(),
            user.username.as_str(),
            "user 7",
            data.path().to_str().unwrap(),
        ] {
            assert!(!all.contains(canary), "{canary} is in the bundle");
        }
        // What support needs is there.
        for wanted in [
            "\"name\": \"Producción\"",
            "\"host\": \"bo.example.mx\"",
            "\"provider\": \"backoffice\"",
            "operation=\"user.get\" outcome=\"ok\"",
            "cannot start code=\"IO\"",
            env!("CARGO_PKG_VERSION"),
            "schemaVersion",
        ] {
            assert!(
                all.contains(wanted),
                "{wanted} missing from the bundle:\n{all}"
            );
        }
        // No half-written file left beside it.
        let leftovers: Vec<_> = std::fs::read_dir(data.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
