//! Behaviour the app relies on, through the public API only.

use std::collections::HashSet;
use std::sync::Arc;
use ventanilla_core::ErrorCode;
use ventanilla_history::{
    CachedObject, History, HistoryQuery, NewOperation, Outcome, StoredConnection, Summary,
};

const HOUR: i64 = 3_600_000;
const T0: i64 = 1_717_200_000_000; // 2024-06-01T00:00:00Z

fn op(at_ms: i64, provider: &str, operation: &str, target: &str, summary: &str) -> NewOperation {
    NewOperation {
        at_ms,
        connection_id: Some(format!("c-{provider}")),
        connection_name: format!("Conexión {provider}"),
        provider: provider.into(),
        operation: operation.into(),
        target: target.into(),
        outcome: Outcome::Ok,
        error_code: None,
        duration_ms: 120,
        summary: Summary::new("test", summary),
    }
}

fn failed(mut o: NewOperation, code: &str) -> NewOperation {
    o.outcome = Outcome::Error;
    o.error_code = Some(code.into());
    o
}

fn text(t: &str) -> HistoryQuery {
    HistoryQuery {
        text: Some(t.into()),
        ..HistoryQuery::default()
    }
}

fn ids(h: &History, q: &HistoryQuery) -> Vec<i64> {
    h.search(q).unwrap().items.iter().map(|r| r.id).collect()
}

fn conn(id: &str, name: &str) -> StoredConnection {
    StoredConnection {
        id: id.into(),
        name: name.into(),
        provider: "backoffice".into(),
        base_url: "http://127.0.0.1:4010".into(),
        sandbox: true,
        created_at_ms: T0,
        settings_json: r#"{"tenant":"acme"}"#.into(),
        issued: false,
        sandbox_bound: false,
    }
}

/// A small log: 3 providers, some failures, one hour apart, oldest first.
fn sample(h: &History) -> Vec<i64> {
    let ops = [
        op(
            T0,
            "backoffice",
            "ticket.create",
            "ticket 101",
            "Ticket #101 creado: No puedo acceder a la facturación",
        ),
        op(
            T0 + HOUR,
            "signio",
            "envelope.send",
            "envelope 7",
            "Sobre «Contrato de arrendamiento» enviado a María García",
        ),
        failed(
            op(
                T0 + 2 * HOUR,
                "masdoc",
                "document.upload",
                "document 55",
                "Documento nómina_marzo.pdf rechazado",
            ),
            "VALIDATION",
        ),
        op(
            T0 + 3 * HOUR,
            "backoffice",
            "user.get",
            "user 7",
            "Usuario José Pérez consultado",
        ),
        failed(
            op(
                T0 + 4 * HOUR,
                "backoffice",
                "ticket.comment",
                "ticket 101",
                "Comentario en el tícket urgente",
            ),
            "TIMEOUT",
        ),
        op(
            T0 + 5 * HOUR,
            "signio",
            "template.list",
            "templates",
            "Plantillas listadas",
        ),
    ];
    ops.iter().map(|o| h.record(o).unwrap()).collect()
}

#[test]
fn history_is_send_and_sync() {
    fn is<T: Send + Sync>() {}
    is::<History>();
}

#[test]
fn migrations_are_idempotent_and_reopen_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/ventanilla.sqlite3");
    {
        let h = History::open(&path).unwrap();
        assert_eq!(h.journal_mode().unwrap(), "wal");
        h.insert_connection(&conn("c1", "Sandbox")).unwrap();
        sample(&h);
        h.cache_put("user", "c1", "7", r#"{"id":7}"#, T0).unwrap();
    }
    for _ in 0..2 {
        let h = History::open(&path).unwrap();
        assert_eq!(h.journal_mode().unwrap(), "wal");
        assert_eq!(h.operation_count().unwrap(), 6);
        assert_eq!(h.get_connection("c1").unwrap().unwrap().name, "Sandbox");
        assert_eq!(
            h.cache_get("user", "c1", "7").unwrap().unwrap().json,
            r#"{"id":7}"#
        );
        assert_eq!(
            ids(&h, &text("facturacion")).len(),
            1,
            "FTS index survives reopen"
        );
    }
    let raw = rusqlite::Connection::open(&path).unwrap();
    let v: u32 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, History::schema_version());
}

#[test]
fn a_newer_schema_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(History::open(&path).unwrap());
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.pragma_update(None, "user_version", History::schema_version() + 1)
        .unwrap();
    drop(raw);
    let err = History::open(&path).unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
    assert!(err.message.contains("newer"), "{}", err.message);
}

#[test]
fn an_unopenable_path_is_a_storage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "esto no es una base de datos ".repeat(200)).unwrap();
    let err = History::open(file.join("db.sqlite3")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
    // A file that is not a database.
    let err = History::open(&file).unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
}

#[test]
fn records_are_stored_verbatim_newest_first() {
    let h = History::open_in_memory().unwrap();
    let o = failed(
        op(
            T0,
            "backoffice",
            "user.update",
            "user 7",
            "  espacios  y\ttabs\n",
        ),
        "VALIDATION",
    );
    let id = h.record(&o).unwrap();
    let id2 = h.record(&op(T0 - 5, "signio", "x", "y", "z")).unwrap();
    assert!(id2 > id);
    let page = h.search(&HistoryQuery::default()).unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.next_before_id, None);
    assert_eq!(page.items[0].id, id2, "most recently recorded first");
    let r = &page.items[1];
    assert_eq!(
        (
            r.id,
            r.at_ms,
            r.connection_name.as_str(),
            r.provider.as_str(),
            r.operation.as_str(),
            r.target.as_str()
        ),
        (
            id,
            o.at_ms,
            o.connection_name.as_str(),
            "backoffice",
            "user.update",
            "user 7"
        )
    );
    assert_eq!(
        (
            r.outcome,
            r.error_code.as_deref(),
            r.duration_ms,
            r.summary.as_str()
        ),
        (
            Outcome::Error,
            Some("VALIDATION"),
            120,
            o.summary.text.as_str()
        )
    );
}

/// A summary's code and parameters come back as recorded, for the History
/// screen to show in the user's language; the text stays what search finds.
#[test]
fn summaries_keep_their_code_and_params() {
    let h = History::open_in_memory().unwrap();
    let mut o = op(T0, "signio", "envelope.list", "inbox", "");
    o.summary = Summary::new("envelopes_listed", "1500 envelopes").param("count", 1500);
    h.record(&o).unwrap();
    h.record(&op(T0 + 1, "signio", "envelope.get", "envelope 7", "plain"))
        .unwrap();
    let items = h
        .search(&HistoryQuery {
            text: Some("envelopes".into()),
            ..Default::default()
        })
        .unwrap()
        .items;
    assert_eq!(items.len(), 1);
    let r = &items[0];
    assert_eq!(r.summary, "1500 envelopes");
    assert_eq!(r.summary_code.as_deref(), Some("envelopes_listed"));
    assert_eq!(r.summary_params.as_ref().unwrap()["count"], 1500);
    let plain = &h.search(&HistoryQuery::default()).unwrap().items[0];
    assert_eq!(plain.summary_params, None, "no params, no JSON");
}

#[test]
fn search_by_word_prefix_case_and_accents() {
    let h = History::open_in_memory().unwrap();
    let s = sample(&h);
    assert_eq!(ids(&h, &text("facturación")), vec![s[0]]);
    assert_eq!(
        ids(&h, &text("FACTURACION")),
        vec![s[0]],
        "case and accents ignored"
    );
    assert_eq!(
        ids(&h, &text("factu")),
        vec![s[0]],
        "the last word is a prefix"
    );
    assert_eq!(
        ids(&h, &text("factu ")),
        Vec::<i64>::new(),
        "a finished word is not a prefix"
    );
    assert_eq!(
        ids(&h, &text("ticket")),
        vec![s[4], s[0]],
        "\"ticket\" finds \"tícket\" and \"Ticket\""
    );
    assert_eq!(ids(&h, &text("tíquet")), Vec::<i64>::new());
    assert_eq!(
        ids(&h, &text("ticket urgente")),
        vec![s[4]],
        "words are ANDed"
    );
    assert_eq!(
        ids(&h, &text("garcia maria")),
        vec![s[1]],
        "word order does not matter"
    );
    assert_eq!(ids(&h, &text("nomina")), vec![s[2]]);
    // Every searchable column: operation, target, connection name, error code.
    assert_eq!(ids(&h, &text("envelope.send")), vec![s[1]]);
    assert_eq!(ids(&h, &text("document 55")), vec![s[2]]);
    assert_eq!(ids(&h, &text("conexión masdoc")), vec![s[2]]);
    assert_eq!(ids(&h, &text("timeout")), vec![s[4]]);
    // Blank text means no text filter.
    assert_eq!(ids(&h, &text("   ")).len(), 6);
}

#[test]
fn hostile_search_text_never_errors() {
    let h = History::open_in_memory().unwrap();
    sample(&h);
    let nasty = [
        "\"",
        "\"\"",
        "*",
        "**",
        "-",
        ":",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(",
        "a AND",
        "AND b",
        "(",
        ")",
        "^",
        "+",
        "{col}",
        "summary:",
        "summary:x",
        "-x",
        "x*y",
        "\"unterminated",
        "x\"y",
        "a OR b NOT c",
        "\0",
        "a\0b",
        "\u{200b}",
        "\u{0301}",
        "é\u{0301}",
        "🦀",
        "مرحبا",
        "ß",
        "İ",
        "ǅ",
        "\u{FEFF}x",
        "'; DROP TABLE operations; --",
        "%",
        "_",
        "\\",
        "x\\",
        "a-b",
        "a:b",
        "@user",
        "#101",
    ];
    for t in nasty {
        h.search(&text(t)).unwrap_or_else(|e| panic!("{t:?}: {e}"));
    }
    let long = "palabra ".repeat(10_000) + &"x".repeat(100_000);
    h.search(&text(&long)).unwrap();
    // Pseudo-random strings over an alphabet of syntax and odd characters.
    let alphabet: Vec<char> = "\"*-:()^+ AND OR NOT NEAR aéÍñ🦀\u{0301}\u{0}\t\n{}[],.;'\\"
        .chars()
        .collect();
    let mut x: u64 = 0x1234_5678;
    for _ in 0..2000 {
        let mut s = String::new();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        for k in 0..(x % 12) {
            s.push(alphabet[((x >> (k * 5)) as usize) % alphabet.len()]);
        }
        h.search(&text(&s)).unwrap_or_else(|e| panic!("{s:?}: {e}"));
    }
    assert_eq!(h.operation_count().unwrap(), 6);
}

#[test]
fn filters_combine() {
    let h = History::open_in_memory().unwrap();
    let s = sample(&h);
    let q = |f: fn(&mut HistoryQuery)| {
        let mut q = HistoryQuery::default();
        f(&mut q);
        ids(&h, &q)
    };
    assert_eq!(
        q(|q| q.provider = Some("backoffice".into())),
        vec![s[4], s[3], s[0]]
    );
    assert_eq!(q(|q| q.outcome = Some(Outcome::Error)), vec![s[4], s[2]]);
    assert_eq!(
        q(|q| {
            q.provider = Some("backoffice".into());
            q.outcome = Some(Outcome::Error)
        }),
        vec![s[4]]
    );
    assert_eq!(
        q(|q| {
            q.provider = Some("backoffice".into());
            q.outcome = Some(Outcome::Ok)
        }),
        vec![s[3], s[0]]
    );
    // from inclusive, to exclusive.
    assert_eq!(
        q(|q| {
            q.from_ms = Some(T0 + HOUR);
            q.to_ms = Some(T0 + 3 * HOUR)
        }),
        vec![s[2], s[1]]
    );
    assert_eq!(q(|q| q.from_ms = Some(T0 + 5 * HOUR)), vec![s[5]]);
    assert_eq!(q(|q| q.to_ms = Some(T0 + 1)), vec![s[0]]);
    assert_eq!(q(|q| q.to_ms = Some(T0)), Vec::<i64>::new());
    assert_eq!(
        q(|q| {
            q.from_ms = Some(T0 + 3 * HOUR);
            q.to_ms = Some(T0 + HOUR)
        }),
        Vec::<i64>::new()
    );
    assert_eq!(
        q(|q| {
            q.from_ms = Some(T0 + 10 * HOUR);
        }),
        Vec::<i64>::new()
    );
    // Text with filters.
    assert_eq!(
        q(|q| {
            q.text = Some("ticket".into());
            q.outcome = Some(Outcome::Ok)
        }),
        vec![s[0]]
    );
    assert_eq!(
        q(|q| {
            q.text = Some("ticket".into());
            q.provider = Some("signio".into())
        }),
        Vec::<i64>::new()
    );
    assert_eq!(
        q(|q| {
            q.text = Some("ticket".into());
            q.from_ms = Some(T0 + HOUR);
            q.to_ms = Some(T0 + 5 * HOUR)
        }),
        vec![s[4]]
    );
    let q3 = HistoryQuery {
        before_id: Some(s[3]),
        provider: Some("backoffice".into()),
        ..Default::default()
    };
    assert_eq!(ids(&h, &q3), vec![s[0]]);
    // Extreme bounds do not break anything.
    assert_eq!(
        q(|q| {
            q.from_ms = Some(i64::MIN);
            q.to_ms = Some(i64::MAX)
        })
        .len(),
        6
    );
    assert_eq!(q(|q| { q.before_id = Some(i64::MIN) }), Vec::<i64>::new());
}

#[test]
fn time_filters_find_operations_recorded_late_or_out_of_order() {
    let h = History::open_in_memory().unwrap();
    let a = h
        .record(&op(T0 + 10 * HOUR, "signio", "a", "t", "más reciente"))
        .unwrap();
    let late = h
        .record(&op(T0, "signio", "b", "t", "registrada tarde"))
        .unwrap();
    let b = h
        .record(&op(T0 + 20 * HOUR, "signio", "c", "t", "la última"))
        .unwrap();
    let before_1970 = h
        .record(&op(-HOUR - 1, "signio", "d", "t", "antigua"))
        .unwrap();
    let range = |from: i64, to: i64| {
        ids(
            &h,
            &HistoryQuery {
                from_ms: Some(from),
                to_ms: Some(to),
                ..Default::default()
            },
        )
    };
    assert_eq!(range(T0, T0 + 1), vec![late]);
    assert_eq!(range(T0, T0 + 11 * HOUR), vec![late, a]);
    assert_eq!(range(T0 + 11 * HOUR, T0 + 21 * HOUR), vec![b]);
    assert_eq!(range(-2 * HOUR, 0), vec![before_1970]);
    assert_eq!(range(-HOUR, 0), Vec::<i64>::new());
}

#[test]
fn paging_returns_every_row_exactly_once() {
    let h = History::open_in_memory().unwrap();
    let ops: Vec<_> = (0..1234)
        .map(|i| {
            let o = op(
                T0 + i * 1000,
                ["backoffice", "signio", "masdoc"][i as usize % 3],
                "ticket.create",
                &format!("ticket {i}"),
                &format!("Ticket número {i} abierto"),
            );
            if i % 7 == 0 {
                failed(o, "TIMEOUT")
            } else {
                o
            }
        })
        .collect();
    assert_eq!(h.record_many(&ops).unwrap(), 1234);
    let cases = [
        HistoryQuery {
            limit: Some(100),
            ..Default::default()
        },
        HistoryQuery {
            limit: Some(1),
            text: Some("ticket".into()),
            provider: Some("signio".into()),
            ..Default::default()
        },
        HistoryQuery {
            limit: Some(37),
            text: Some("abier".into()),
            outcome: Some(Outcome::Error),
            ..Default::default()
        },
        HistoryQuery {
            limit: Some(50),
            from_ms: Some(T0 + 100_000),
            to_ms: Some(T0 + 900_000),
            ..Default::default()
        },
    ];
    let expected = [1234, 411, 177, 800];
    for (q, want) in cases.iter().zip(expected) {
        let mut seen = Vec::new();
        let mut q = q.clone();
        loop {
            let page = h.search(&q).unwrap();
            assert!(page.items.len() <= q.limit.unwrap() as usize);
            seen.extend(page.items.iter().map(|r| r.id));
            match page.next_before_id {
                Some(b) => q.before_id = Some(b),
                None => break,
            }
        }
        let unique: HashSet<_> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "no row twice");
        assert_eq!(seen.len(), want, "{q:?}");
        assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");
    }
}

#[test]
fn limit_defaults_and_clamps() {
    let h = History::open_in_memory().unwrap();
    let ops: Vec<_> = (0..1100)
        .map(|i| op(T0 + i, "signio", "x", "y", "z"))
        .collect();
    h.record_many(&ops).unwrap();
    let n = |limit: Option<u32>| {
        h.search(&HistoryQuery {
            limit,
            ..Default::default()
        })
        .unwrap()
        .items
        .len()
    };
    assert_eq!(n(None), 200);
    assert_eq!(n(Some(5000)), 1000);
    assert_eq!(n(Some(u32::MAX)), 1000);
    assert_eq!(n(Some(0)), 1);
}

#[test]
fn odd_input_is_stored_without_panicking() {
    let h = History::open_in_memory().unwrap();
    let huge = "ñ".repeat(2_000_000);
    let odd = [
        "nul\0byte",
        "🦀 cangrejo",
        "\u{202e}derecha",
        "e\u{0301}",
        "\u{FFFD}",
        "",
        "İstanbul ǅ ß",
        &huge,
    ];
    for s in odd {
        let mut o = op(T0, s, s, s, s);
        o.connection_name = s.into();
        o.connection_id = Some(s.into());
        o.error_code = Some(s.into());
        o.duration_ms = u64::MAX;
        let id = h.record(&o).unwrap();
        let page = h
            .search(&HistoryQuery {
                before_id: Some(id + 1),
                limit: Some(1),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.items[0].summary, s);
        assert_eq!(page.items[0].provider, s);
    }
    for at in [i64::MIN, i64::MAX, 0, -1] {
        h.record(&op(at, "p", "o", "t", "s")).unwrap();
    }
    assert_eq!(ids(&h, &text("cangrejo")).len(), 1);
    assert_eq!(ids(&h, &text("nul")).len(), 1);
    assert_eq!(
        ids(
            &h,
            &HistoryQuery {
                to_ms: Some(i64::MIN + 1),
                ..Default::default()
            }
        )
        .len(),
        1
    );
    assert_eq!(
        ids(
            &h,
            &HistoryQuery {
                from_ms: Some(i64::MAX),
                ..Default::default()
            }
        )
        .len(),
        1
    );
    let mut out = Vec::new();
    h.export_csv(&HistoryQuery::default(), &mut out).unwrap();
}

fn csv_rows(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = r.headers().unwrap().clone();
    (header, r.records().map(|x| x.unwrap()).collect())
}

#[test]
fn csv_export_round_trips_and_neutralizes_formulas() {
    let h = History::open_in_memory().unwrap();
    let tricky = [
        "coma, en medio",
        "comillas \"dobles\" y 'simples'",
        "salto\nde línea\r\ny CRLF",
        "=HYPERLINK(\"http://evil\",\"clic\")",
        "+34 600 000 000",
        "-1",
        "@SUM(A1:A9)",
        "normal",
        "",
    ];
    let n = 300;
    let ops: Vec<_> = (0..n)
        .map(|i| {
            let s = tricky[i % tricky.len()];
            let mut o = op(T0 + i as i64 * 1001, "backoffice", "ticket.create", s, s);
            o.connection_name = tricky[(i + 1) % tricky.len()].into();
            if i % 5 == 0 {
                o = failed(o, "TIMEOUT");
            }
            o
        })
        .collect();
    h.record_many(&ops).unwrap();
    let mut out = Vec::new();
    // limit and before_id are ignored by the export.
    let q = HistoryQuery {
        limit: Some(3),
        before_id: Some(i64::MAX),
        ..Default::default()
    };
    let written = h.export_csv(&q, &mut out).unwrap();
    assert_eq!(written, n as u64);
    let (header, rows) = csv_rows(&out);
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "time_utc",
            "connection",
            "provider",
            "operation",
            "target",
            "outcome",
            "error_code",
            "duration_ms",
            "summary"
        ]
    );
    assert_eq!(rows.len(), n);
    let neutral = |s: &str| {
        if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        }
    };
    for (row, o) in rows.iter().zip(ops.iter().rev()) {
        assert_eq!(row.get(1).unwrap(), neutral(&o.connection_name));
        assert_eq!(row.get(2).unwrap(), "backoffice");
        assert_eq!(row.get(4).unwrap(), neutral(&o.target));
        assert_eq!(row.get(5).unwrap(), o.outcome.as_str());
        assert_eq!(row.get(6).unwrap(), o.error_code.as_deref().unwrap_or(""));
        assert_eq!(row.get(7).unwrap(), "120");
        assert_eq!(row.get(8).unwrap(), neutral(&o.summary.text));
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula left in {cell:?}"
            );
        }
    }
    // The newest row: T0 + 299 * 1001 ms = 2024-06-01T00:04:59.299Z.
    assert_eq!(rows[0].get(0).unwrap(), "2024-06-01T00:04:59.299Z");

    // Filters apply to the export.
    let mut out = Vec::new();
    let errors = h
        .export_csv(
            &HistoryQuery {
                outcome: Some(Outcome::Error),
                ..Default::default()
            },
            &mut out,
        )
        .unwrap();
    assert_eq!(errors, 60);
    assert_eq!(csv_rows(&out).1.len(), 60);
    let mut out = Vec::new();
    // "comillas" is in the target and summary of 34 rows and the connection name of 34 others.
    assert_eq!(h.export_csv(&text("comillas"), &mut out).unwrap(), 68);
    // An empty result is just the header.
    let mut out = Vec::new();
    assert_eq!(h.export_csv(&text("nada-de-nada"), &mut out).unwrap(), 0);
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
}

#[test]
fn csv_export_reports_write_failures() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let h = History::open_in_memory().unwrap();
    sample(&h);
    let err = h
        .export_csv(&HistoryQuery::default(), &mut Broken)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
}

#[test]
fn connections_crud_and_unique_names() {
    let h = History::open_in_memory().unwrap();
    h.insert_connection(&conn("c1", "Sandbox Backoffice"))
        .unwrap();
    h.insert_connection(&conn("c2", "Producción")).unwrap();
    let err = h
        .insert_connection(&conn("c3", "sandbox BACKOFFICE"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ConnectionExists);
    let err = h.insert_connection(&conn("c3", "PRODUCCIÓN")).unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::ConnectionExists,
        "Unicode case-insensitive"
    );
    let err = h.insert_connection(&conn("c1", "Otra")).unwrap_err();
    assert_eq!(err.code, ErrorCode::ConnectionExists, "same id");
    let err = h
        .insert_connection(&StoredConnection {
            settings_json: "{nope".into(),
            ..conn("c9", "X")
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);

    let names: Vec<_> = h
        .list_connections()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Producción", "Sandbox Backoffice"]);
    assert_eq!(
        h.get_connection_by_name("producción").unwrap().unwrap().id,
        "c2"
    );
    assert_eq!(
        h.get_connection("c1").unwrap().unwrap(),
        conn("c1", "Sandbox Backoffice")
    );
    assert_eq!(h.get_connection("nope").unwrap(), None);

    // Update: rename, clash, unknown id.
    let mut c = conn("c1", "Pruebas");
    c.base_url = "https://api.example.es".into();
    c.sandbox = false;
    h.update_connection(&c).unwrap();
    assert_eq!(h.get_connection("c1").unwrap().unwrap(), c);
    h.update_connection(&conn("c1", "PRUEBAS")).unwrap(); // its own name, other case
    let err = h.update_connection(&conn("c1", "producción")).unwrap_err();
    assert_eq!(err.code, ErrorCode::ConnectionExists);
    let err = h.update_connection(&conn("zz", "Nueva")).unwrap_err();
    assert_eq!(err.code, ErrorCode::ConnectionNotFound);

    // Delete takes the connection's cache with it, nobody else's, and keeps its history.
    h.record(&op(T0, "backoffice", "user.get", "user 1", "x"))
        .unwrap();
    h.cache_put("user", "c1", "1", "{}", T0).unwrap();
    h.cache_put("user", "c2", "1", "{}", T0).unwrap();
    assert!(h.delete_connection("c1").unwrap());
    assert!(!h.delete_connection("c1").unwrap());
    assert_eq!(h.get_connection("c1").unwrap(), None);
    assert_eq!(h.cache_get("user", "c1", "1").unwrap(), None);
    assert!(h.cache_get("user", "c2", "1").unwrap().is_some());
    assert_eq!(h.operation_count().unwrap(), 1);
    // The name is free again.
    h.insert_connection(&conn("c4", "pruebas")).unwrap();
}

#[test]
fn cache_upserts_and_lists_newest_synced_first() {
    let h = History::open_in_memory().unwrap();
    h.cache_put("user", "c1", "1", r#"{"v":1}"#, T0).unwrap();
    h.cache_put("user", "c1", "2", r#"{"v":2}"#, T0 + 10)
        .unwrap();
    h.cache_put("user", "c2", "9", r#"{"v":9}"#, T0 + 5)
        .unwrap();
    h.cache_put("ticket", "c1", "1", r#"{"t":1}"#, T0 + 100)
        .unwrap();
    // Upsert: same key, new content and time.
    h.cache_put("user", "c1", "1", r#"{"v":"nuevo"}"#, T0 + 20)
        .unwrap();
    let got = h.cache_get("user", "c1", "1").unwrap().unwrap();
    assert_eq!(
        got,
        CachedObject {
            kind: "user".into(),
            connection_id: "c1".into(),
            key: "1".into(),
            json: r#"{"v":"nuevo"}"#.into(),
            synced_at_ms: T0 + 20
        }
    );
    let keys = |v: Vec<CachedObject>| {
        v.into_iter()
            .map(|o| format!("{}/{}", o.connection_id, o.key))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(h.cache_recent("user", Some("c1"), 10).unwrap()),
        ["c1/1", "c1/2"]
    );
    assert_eq!(
        keys(h.cache_recent("user", None, 10).unwrap()),
        ["c1/1", "c1/2", "c2/9"]
    );
    assert_eq!(
        keys(h.cache_recent("user", None, 2).unwrap()),
        ["c1/1", "c1/2"]
    );
    assert_eq!(keys(h.cache_recent("ticket", None, 10).unwrap()), ["c1/1"]);
    assert!(h.cache_recent("envelope", None, 10).unwrap().is_empty());
    let err = h.cache_put("user", "c1", "3", "not json", T0).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(h.cache_delete("user", "c1", "2").unwrap());
    assert!(!h.cache_delete("user", "c1", "2").unwrap());
    assert_eq!(h.cache_clear_connection("c1").unwrap(), 2);
    assert_eq!(keys(h.cache_recent("user", None, 10).unwrap()), ["c2/9"]);
}

#[test]
fn searches_run_while_another_thread_writes() {
    let dir = tempfile::tempdir().unwrap();
    let h = Arc::new(History::open(dir.path().join("db.sqlite3")).unwrap());
    sample(&h);
    let writer = {
        let h = Arc::clone(&h);
        std::thread::spawn(move || {
            for i in 0..50 {
                let batch: Vec<_> = (0..40)
                    .map(|j| op(T0 + i * 40 + j, "signio", "x", "y", "carga concurrente"))
                    .collect();
                h.record_many(&batch).unwrap();
            }
        })
    };
    let mut last = 0;
    for _ in 0..200 {
        let n = h
            .search(&HistoryQuery {
                text: Some("concurrente".into()),
                limit: Some(1000),
                ..Default::default()
            })
            .unwrap()
            .items
            .len();
        assert!(n >= last, "a later search never sees fewer rows");
        last = n;
    }
    writer.join().unwrap();
    assert_eq!(h.operation_count().unwrap(), 6 + 2000);
    assert_eq!(h.search(&text("concurrente")).unwrap().items.len(), 200);
}

#[test]
fn text_search_pages_across_a_large_log() {
    // Enough rows that a text search walks back through several id windows.
    let h = History::open_in_memory().unwrap();
    let n: i64 = 40_000;
    let ops: Vec<_> = (0..n)
        .map(|i| {
            let word = if i % 997 == 0 {
                "hallazgo raro"
            } else {
                "rutina diaria"
            };
            op(
                T0 + i * 1000,
                "signio",
                "envelope.get",
                &format!("envelope {i}"),
                word,
            )
        })
        .collect();
    h.record_many(&ops).unwrap();
    let want: Vec<i64> = (0..n).filter(|i| i % 997 == 0).collect();
    for limit in [1u32, 7, 200] {
        let mut q = HistoryQuery {
            text: Some("raro".into()),
            limit: Some(limit),
            ..Default::default()
        };
        let mut got = Vec::new();
        loop {
            let page = h.search(&q).unwrap();
            got.extend(page.items.iter().map(|r| (r.at_ms - T0) / 1000));
            match page.next_before_id {
                Some(b) => q.before_id = Some(b),
                None => break,
            }
        }
        got.reverse();
        assert_eq!(got, want, "limit {limit}");
    }
    // A time range far back, with text.
    let q = HistoryQuery {
        text: Some("hallaz".into()),
        from_ms: Some(T0 + 997_000),
        to_ms: Some(T0 + 997_000 * 3),
        ..Default::default()
    };
    let got: Vec<i64> = h
        .search(&q)
        .unwrap()
        .items
        .iter()
        .map(|r| (r.at_ms - T0) / 1000)
        .collect();
    assert_eq!(got, [1994, 997]);
    assert_eq!(h.search(&text("rutina")).unwrap().items.len(), 200);
}
