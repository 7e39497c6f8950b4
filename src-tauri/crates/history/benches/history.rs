//! History store benchmark: 1,000,000 realistic operations in an on-disk WAL
//! database, then a mix of searches.
//!
//! Run: `cargo bench -p ventanilla-history --bench history`
//! Stdout carries only `name: value unit` lines; details go to stderr.
//! `HISTORY_BENCH_ROWS` overrides the row count (the figure names keep `_1m`).

use std::time::{Duration, Instant};
use ventanilla_history::{History, HistoryQuery, NewOperation, Outcome, Summary};

const DEFAULT_ROWS: usize = 1_000_000;
const BATCH: usize = 10_000;
const YEAR_MS: i64 = 365 * 24 * 3_600_000;
/// 2024-06-01T00:00:00Z: the newest operation lands one year after this.
const START_MS: i64 = 1_717_200_000_000;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// (provider, connection name, weight %, operations)
const PROVIDERS: &[(&str, &str, usize, &[&str])] = &[
    (
        "backoffice",
        "Backoffice Producción",
        35,
        &[
            "user.get",
            "user.update",
            "user.list",
            "ticket.create",
            "ticket.comment",
            "ticket.close",
            "ticket.list",
        ],
    ),
    (
        "signio",
        "Signio Madrid",
        25,
        &[
            "envelope.create",
            "envelope.send",
            "envelope.void",
            "envelope.get",
            "template.list",
            "template.get",
        ],
    ),
    (
        "masdoc",
        "MasDoc Archivo",
        20,
        &[
            "document.upload",
            "document.download",
            "document.list",
            "folder.create",
        ],
    ),
    (
        "dynamicore",
        "Dynamicore Clientes",
        15,
        &[
            "account.get",
            "account.update",
            "account.list",
            "client.create",
        ],
    ),
    (
        "undostres",
        "UnDosTres Pagos",
        5,
        &[
            "apikey.create",
            "apikey.rotate",
            "apikey.revoke",
            "apikey.list",
        ],
    ),
];
const NOMBRES: &[&str] = &[
    "María",
    "José",
    "Lucía",
    "Javier",
    "Carmen",
    "Antonio",
    "Elena",
    "Manuel",
    "Isabel",
    "Francisco",
    "Ana",
    "David",
    "Laura",
    "Pablo",
    "Marta",
    "Sergio",
    "Paula",
    "Jorge",
    "Cristina",
    "Álvaro",
];
const APELLIDOS: &[&str] = &[
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Alonso",
    "Navarro",
];
const ASUNTOS: &[&str] = &[
    "No puedo acceder a la facturación",
    "Error al descargar el contrato",
    "Cambio de titular de la cuenta",
    "Solicitud de baja del servicio",
    "La firma no aparece en el documento",
    "Consulta sobre la última factura",
    "Actualizar datos de contacto",
    "Problema con la clave de acceso",
    "Duplicado de recibo",
    "Reclamación por cobro indebido",
    "Alta de nuevo usuario",
    "Migración de plantillas",
];
const DOCS: &[&str] = &[
    "Contrato de arrendamiento",
    "Acuerdo de confidencialidad",
    "Factura proforma",
    "Presupuesto anual",
    "Póliza de seguro",
    "Nómina",
    "Certificado de retenciones",
    "Escritura de compraventa",
];
const ERRORS: &[&str] = &[
    "TIMEOUT",
    "NETWORK",
    "NOT_FOUND",
    "VALIDATION",
    "PROVIDER_ERROR",
    "INVALID_API_KEY",
];
const RARE: &[&str] = &["Zubizarreta", "Villanueva", "Olabarrieta", "Cienfuegos"];

fn persona(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(NOMBRES), rng.pick(APELLIDOS))
}

fn make_op(rng: &mut Rng, at_ms: i64) -> NewOperation {
    let mut roll = rng.below(100);
    let mut idx = 0;
    for (i, p) in PROVIDERS.iter().enumerate() {
        if roll < p.2 {
            idx = i;
            break;
        }
        roll -= p.2;
    }
    let (provider, conn_name, _, operations) = PROVIDERS[idx];
    let operation = rng.pick(operations);
    let n = rng.below(90_000) + 10_000;
    let who = if rng.chance(1) {
        format!("{} {}", rng.pick(NOMBRES), rng.pick(RARE))
    } else {
        persona(rng)
    };
    let (target, summary) = match operation.split('.').next().unwrap_or("") {
        "user" => (
            format!("user {n}"),
            format!("Usuario {who} ({}@empresa.es) consultado", n),
        ),
        "ticket" => (
            format!("ticket {n}"),
            format!(
                "Ticket #{n} de {who}: {}{}",
                rng.pick(ASUNTOS),
                if rng.chance(10) { " (urgente)" } else { "" }
            ),
        ),
        "envelope" => (
            format!("envelope {n}"),
            format!(
                "Sobre «{} {}» enviado a {who} para firma",
                rng.pick(DOCS),
                2024 + rng.below(2)
            ),
        ),
        "template" => (
            format!("template {n}"),
            format!("Plantilla «{}» revisada", rng.pick(DOCS)),
        ),
        "document" | "folder" => (
            format!("document {n}"),
            format!(
                "Documento {}_{n}.pdf ({},{} MB) de {who}",
                rng.pick(DOCS).to_lowercase().replace(' ', "_"),
                rng.below(20),
                rng.below(10)
            ),
        ),
        "account" | "client" => (
            format!("account ES{n}"),
            format!(
                "Cuenta de cliente de {who} actualizada, saldo {} €",
                rng.below(100_000)
            ),
        ),
        _ => (
            format!("apikey k_{n:x}"),
            format!("Clave de API para {who} gestionada"),
        ),
    };
    let failed = rng.chance(8);
    NewOperation {
        at_ms,
        connection_id: Some(format!("conn-{provider}")),
        connection_name: conn_name.to_string(),
        provider: provider.to_string(),
        operation: operation.to_string(),
        target,
        outcome: if failed { Outcome::Error } else { Outcome::Ok },
        error_code: failed.then(|| rng.pick(ERRORS).to_string()),
        duration_ms: 40 + rng.below(3000) as u64,
        summary: Summary::new("bench", summary),
    }
}

fn q(text: Option<&str>) -> HistoryQuery {
    HistoryQuery {
        text: text.map(str::to_string),
        ..HistoryQuery::default()
    }
}

fn main() {
    let rows: usize = std::env::var("HISTORY_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_ROWS);
    let dir = tempfile::tempdir().expect("temp dir");
    // HISTORY_BENCH_DB=path keeps the database there and, if it already holds
    // the rows, skips the insert phase (for iterating on queries).
    let path = std::env::var_os("HISTORY_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.sqlite3"));
    let history = History::open(&path).expect("open");
    let reuse = history.operation_count().expect("count") as usize >= rows;
    eprintln!(
        "journal_mode: {}",
        history.journal_mode().expect("journal mode")
    );

    // ---- insert ----
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let step = YEAR_MS / rows as i64;
    let started = Instant::now();
    let mut inserted = 0usize;
    let mut batch = Vec::with_capacity(BATCH);
    while inserted < rows && !reuse {
        batch.clear();
        let n = BATCH.min(rows - inserted);
        for i in 0..n {
            let at =
                START_MS + (inserted + i) as i64 * step + rng.below(step.max(1) as usize) as i64;
            batch.push(make_op(&mut rng, at));
        }
        history.record_many(&batch).expect("record_many");
        inserted += n;
    }
    let insert_secs = started.elapsed().as_secs_f64();
    eprintln!("inserted {inserted} rows in {insert_secs:.1} s");
    let newest = START_MS + YEAR_MS;
    let day = 24 * 3_600_000;

    // ---- searches ----
    let mut cases: Vec<(&str, HistoryQuery)> = vec![
        ("newest page", q(None)),
        ("common word", q(Some("enviado"))),
        ("common word", q(Some("ticket"))),
        ("common word", q(Some("documento"))),
        ("common word", q(Some("García"))),
        ("accents folded", q(Some("garcia"))),
        ("accents folded", q(Some("facturacion "))),
        ("accents added", q(Some("tícket "))),
        ("rare word", q(Some("Zubizarreta"))),
        ("rare word", q(Some("olabarrieta "))),
        ("rare number", q(Some("48213 "))),
        ("rare number", q(Some("ES73312 "))),
        ("prefix 2", q(Some("fa"))),
        ("prefix 3", q(Some("doc"))),
        ("prefix 4", q(Some("cont"))),
        ("prefix 5", q(Some("urgen"))),
        ("prefix rare", q(Some("zubi"))),
        ("two words", q(Some("ticket urgente"))),
        ("two words", q(Some("maría garcía"))),
        ("two words prefix", q(Some("contrato arren"))),
        ("error code", q(Some("TIMEOUT"))),
        ("operation name", q(Some("envelope.void"))),
        ("no match", q(Some("inexistentepalabra"))),
        ("hostile", q(Some("\"* AND -: NEAR("))),
    ];
    let filters: Vec<(&str, HistoryQuery)> = vec![
        (
            "provider",
            HistoryQuery {
                provider: Some("undostres".into()),
                ..q(None)
            },
        ),
        (
            "provider",
            HistoryQuery {
                provider: Some("backoffice".into()),
                ..q(None)
            },
        ),
        (
            "outcome error",
            HistoryQuery {
                outcome: Some(Outcome::Error),
                ..q(None)
            },
        ),
        (
            "provider+error",
            HistoryQuery {
                provider: Some("undostres".into()),
                outcome: Some(Outcome::Error),
                ..q(None)
            },
        ),
        (
            "last 7 days",
            HistoryQuery {
                from_ms: Some(newest - 7 * day),
                ..q(None)
            },
        ),
        (
            "a month 6 months ago",
            HistoryQuery {
                from_ms: Some(newest - 200 * day),
                to_ms: Some(newest - 170 * day),
                ..q(None)
            },
        ),
        (
            "one hour long ago",
            HistoryQuery {
                from_ms: Some(START_MS + 30 * day),
                to_ms: Some(START_MS + 30 * day + 3_600_000),
                ..q(None)
            },
        ),
        (
            "text+provider",
            HistoryQuery {
                provider: Some("signio".into()),
                ..q(Some("contrato"))
            },
        ),
        (
            "text+rare provider",
            HistoryQuery {
                provider: Some("undostres".into()),
                ..q(Some("clave"))
            },
        ),
        (
            "text+error",
            HistoryQuery {
                outcome: Some(Outcome::Error),
                ..q(Some("ticket"))
            },
        ),
        (
            "text+month",
            HistoryQuery {
                from_ms: Some(newest - 200 * day),
                to_ms: Some(newest - 170 * day),
                ..q(Some("factura"))
            },
        ),
        (
            "text+provider+error+month",
            HistoryQuery {
                provider: Some("masdoc".into()),
                outcome: Some(Outcome::Error),
                from_ms: Some(newest - 100 * day),
                to_ms: Some(newest - 70 * day),
                ..q(Some("nómina"))
            },
        ),
        (
            "big page",
            HistoryQuery {
                limit: Some(1000),
                ..q(Some("sobre"))
            },
        ),
    ];
    cases.extend(filters);

    // Second pages: continue from the first page of a few cases.
    let mut second: Vec<(&str, HistoryQuery)> = Vec::new();
    for (_, c) in cases.iter().take(6) {
        if let Some(b) = history.search(c).expect("search").next_before_id {
            second.push((
                "second page",
                HistoryQuery {
                    before_id: Some(b),
                    ..c.clone()
                },
            ));
        }
    }
    cases.extend(second);

    // Warm-up pass (first statement preparation, page cache), not timed.
    for (_, c) in &cases {
        history.search(c).expect("search");
    }
    let mut times: Vec<Duration> = Vec::new();
    let mut per_case: Vec<(String, Duration, usize)> = Vec::new();
    let rounds = 200usize.div_ceil(cases.len()).max(5);
    for _ in 0..rounds {
        for (name, c) in &cases {
            let t = Instant::now();
            let page = history.search(c).expect("search");
            let el = t.elapsed();
            times.push(el);
            per_case.push((
                format!("{name} {:?}", c.text.as_deref().unwrap_or("")),
                el,
                page.items.len(),
            ));
        }
    }
    // Per-case medians, slowest first, for the curious.
    let mut by_case: std::collections::BTreeMap<String, (Vec<Duration>, usize)> =
        Default::default();
    for (k, d, n) in per_case {
        let e = by_case.entry(k).or_insert((Vec::new(), n));
        e.0.push(d);
    }
    let mut medians: Vec<(String, Duration, Duration, usize)> = by_case
        .into_iter()
        .map(|(k, (mut ds, n))| {
            ds.sort();
            (k, ds[ds.len() / 2], ds[ds.len() - 1], n)
        })
        .collect();
    medians.sort_by_key(|m| std::cmp::Reverse(m.1));
    for (k, med, max, n) in &medians {
        eprintln!(
            "  median {:>7.2} ms  max {:>7.2} ms  {n:>4} rows  {k}",
            med.as_secs_f64() * 1000.0,
            max.as_secs_f64() * 1000.0
        );
    }
    times.sort();
    let pct = |p: f64| {
        times[((times.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(times.len() - 1)]
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;

    // ---- export ----
    let t = Instant::now();
    let mut sink = std::io::sink();
    let exported = history
        .export_csv(
            &HistoryQuery {
                provider: Some("signio".into()),
                ..q(None)
            },
            &mut sink,
        )
        .expect("export");
    let export_secs = t.elapsed().as_secs_f64();

    eprintln!("searches timed: {}", times.len());
    if !reuse {
        println!(
            "history_insert_rate: {:.0} ops/s",
            inserted as f64 / insert_secs
        );
    }
    println!("history_search_p50_1m: {:.2} ms", ms(pct(0.50)));
    println!("history_search_p95_1m: {:.2} ms", ms(pct(0.95)));
    println!(
        "history_search_max_1m: {:.2} ms",
        ms(times[times.len() - 1])
    );
    println!(
        "history_export_csv_rate: {:.0} rows/s",
        exported as f64 / export_secs
    );
    let size: u64 = std::fs::read_dir(path.parent().expect("db folder"))
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    println!("history_db_size_1m: {:.0} MB", size as f64 / 1e6);
}
