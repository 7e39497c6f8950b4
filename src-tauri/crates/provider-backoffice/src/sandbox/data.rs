//! Deterministic Spanish-language demo data, generated from a seed: a sponsor
//! tree of users (unilevel) that also fills a ternary matrix, plans, tickets
//! with HTML threads, wallet transactions and the catalogs.

use std::collections::BTreeMap;

/// The shared seeded RNG: a seed always gives the same demo data.
pub(crate) use ventanilla_http::sandbox::SeededRng as Rng;

/// An independent stream for item `(a, b)`, so one user's data does not shift
/// when another's changes.
pub(crate) fn derived_rng(seed: u64, a: u64, b: u64) -> Rng {
    let mut r = Rng::new(
        seed ^ a.wrapping_mul(0xA24B_AED4_963E_E407) ^ b.wrapping_mul(0x9FB2_1C65_1E98_DF25),
    );
    r.next();
    r
}

pub(crate) const SEEDED_USERS: u64 = 240;
pub(crate) const DEMO_USER_ID: u64 = 7;
pub(crate) const DEMO_USERNAME: &str = "mariana.ortega";
pub(crate) const DEMO_PASSWORD: &str = "Demo2024!";
pub(crate) const DEMO_API_KEY: &str = "bo-sandbox-7f3a9c2e41d84b06a5e1";
pub(crate) const DEFAULT_AVATAR: &str = "https://oficina-demo.mx/assets/user-icon-white.svg";

#[derive(Debug, Clone)]
pub(crate) struct SimUser {
    pub id: u64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub country_code: String,
    pub mobile: String,
    pub default_leg: String,
    pub language: String,
    pub profile_image: String,
    pub matrix_on: bool,
    pub sponsor_id: Option<u64>,
    pub password: String,
    pub plan_id: u64,
    pub created_at: i64,
    /// Name and size of the last uploaded profile image (the bytes are not kept).
    pub uploaded_image: Option<(String, u64)>,
    /// Seeded users have wallet history; users created at run time start empty.
    pub seeded: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct SimMessage {
    pub id: u64,
    pub content: String,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct SimTicket {
    pub id: u64,
    pub user_id: u64,
    pub subject: String,
    pub status: String,
    pub created_at: i64,
    pub thread: Vec<SimMessage>,
}

#[derive(Debug, Clone)]
pub(crate) struct World {
    pub users: BTreeMap<u64, SimUser>,
    pub tickets: BTreeMap<u64, SimTicket>,
    pub next_user: u64,
    pub next_ticket: u64,
    pub next_message: u64,
}

pub(crate) struct PlanDef {
    pub id: u64,
    pub name: &'static str,
    pub price: f64,
}

pub(crate) const PLANS: &[PlanDef] = &[
    PlanDef {
        id: 1,
        name: "Free Plan",
        price: 0.0,
    },
    PlanDef {
        id: 2,
        name: "Entrepreneur",
        price: 50.0,
    },
    PlanDef {
        id: 3,
        name: "Star 3",
        price: 150.0,
    },
    PlanDef {
        id: 4,
        name: "Star 4",
        price: 300.0,
    },
    PlanDef {
        id: 5,
        name: "Club VIP",
        price: 1000.0,
    },
];

pub(crate) fn plan(id: u64) -> &'static PlanDef {
    PLANS.iter().find(|p| p.id == id).unwrap_or(&PLANS[0])
}

pub(crate) fn plan_image(id: u64) -> String {
    format!("https://oficina-demo.mx/uploads/plan/plan_image/{id}/plan.png")
}

pub(crate) const WALLETS: [&str; 5] = [
    "Lifetime Earning",
    "Mining",
    "Credit (crypto)",
    "Reserve",
    "Commissions",
];

pub(crate) const LEGS: &[(&str, &str)] = &[
    ("left", "Left"),
    ("right", "Right"),
    ("binary_tank", "Binary tank"),
    ("balanced", "Balanced"),
];

pub(crate) const LOCALES: &[(&str, &str, &str)] = &[
    ("en", "English", "us"),
    ("es", "Español", "es"),
    ("ko", "Korean", "kr"),
    ("zhCN", "Chinese", "cn"),
    ("vi", "Vietnamese", "vn"),
    ("ja", "Japan", "jp"),
    ("zhHK", "Mandarin (Taiwan, Hong Kong)", "tw"),
    ("ms", "Malay (Malaysia)", "my"),
    ("km", "Khmer (Cambodia)", "kh"),
    ("ph", "Philippines", "ph"),
];

pub(crate) const COUNTRIES: &[(&str, &str)] = &[
    ("AR", "Argentina"),
    ("BO", "Bolivia"),
    ("BR", "Brazil"),
    ("CL", "Chile"),
    ("CO", "Colombia"),
    ("CR", "Costa Rica"),
    ("CU", "Cuba"),
    ("DO", "Dominican Republic"),
    ("EC", "Ecuador"),
    ("SV", "El Salvador"),
    ("GT", "Guatemala"),
    ("HN", "Honduras"),
    ("MX", "Mexico"),
    ("NI", "Nicaragua"),
    ("PA", "Panama"),
    ("PY", "Paraguay"),
    ("PE", "Peru"),
    ("PR", "Puerto Rico"),
    ("UY", "Uruguay"),
    ("VE", "Venezuela"),
    ("BZ", "Belize"),
    ("HT", "Haiti"),
    ("GY", "Guyana"),
    ("SR", "Suriname"),
    ("US", "United States"),
    ("CA", "Canada"),
    ("ES", "Spain"),
    ("PT", "Portugal"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("IT", "Italy"),
    ("GB", "United Kingdom"),
    ("NL", "Netherlands"),
    ("CH", "Switzerland"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("CN", "China"),
    ("PH", "Philippines"),
    ("VN", "Vietnam"),
    ("MY", "Malaysia"),
    ("KH", "Cambodia"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
];

pub(crate) const CASHOUTS: &[(u64, &str)] =
    &[(470, "USDT"), (471, "BTC"), (472, "ETH"), (473, "USDC")];

pub(crate) const CATEGORIES: &[(u64, &str, &str)] = &[
    (1, "Photos", "fas fa-file-image"),
    (2, "Videos", "fas fa-file-video"),
    (3, "Files", "fas fa-file-alt"),
    (4, "Presentations", "fas fa-file-powerpoint"),
    (5, "PDFs", "fas fa-file-pdf"),
    (6, "Documents", "fas fa-file-word"),
    (7, "Spreadsheets", "fas fa-file-excel"),
];

/// (id, category, title, description, video, file)
pub(crate) const RESOURCES: &[(u64, u64, &str, &str, &str, &str)] = &[
    (
        1,
        1,
        "Logotipo horizontal",
        "Logotipo oficial sobre fondo oscuro.",
        "",
        "https://recursos.oficina-demo.mx/fotos/logo_horizontal_dark.svg",
    ),
    (
        2,
        1,
        "Fotos del evento Cancún 2024",
        "Galería de la convención anual.",
        "",
        "https://recursos.oficina-demo.mx/fotos/cancun-2024.zip",
    ),
    (
        3,
        2,
        "Video de bienvenida",
        "Presentación de la oportunidad en 5 minutos.",
        "https://videos.oficina-demo.mx/bienvenida.mp4",
        "",
    ),
    (
        4,
        2,
        "Cómo hacer tu primer retiro",
        "Tutorial paso a paso del cashout en USDT.",
        "https://videos.oficina-demo.mx/retiro-usdt.mp4",
        "",
    ),
    (
        5,
        3,
        "Kit de redes sociales",
        "Plantillas para Instagram y Facebook.",
        "",
        "https://recursos.oficina-demo.mx/archivos/kit-redes.zip",
    ),
    (
        6,
        4,
        "Plan de compensación 2024",
        "Diapositivas para reuniones de negocio.",
        "",
        "https://recursos.oficina-demo.mx/presentaciones/plan-2024.pptx",
    ),
    (
        7,
        5,
        "Términos y condiciones",
        "Versión vigente del contrato de afiliado.",
        "",
        "https://recursos.oficina-demo.mx/pdf/terminos.pdf",
    ),
    (
        8,
        5,
        "Guía rápida de la oficina virtual",
        "Todo lo que necesitas para empezar.",
        "",
        "https://recursos.oficina-demo.mx/pdf/guia-rapida.pdf",
    ),
    (
        9,
        6,
        "Carta de bienvenida",
        "Modelo editable para nuevos socios.",
        "",
        "https://recursos.oficina-demo.mx/docs/carta-bienvenida.docx",
    ),
    (
        10,
        7,
        "Calculadora de comisiones",
        "Hoja de cálculo para proyectar tus bonos.",
        "",
        "https://recursos.oficina-demo.mx/hojas/calculadora.xlsx",
    ),
];

const FIRST_NAMES: &[&str] = &[
    "José",
    "María",
    "Juan",
    "Guadalupe",
    "Luis",
    "Ana",
    "Carlos",
    "Sofía",
    "Jorge",
    "Valentina",
    "Miguel",
    "Camila",
    "Alejandro",
    "Fernanda",
    "Ricardo",
    "Daniela",
    "Fernando",
    "Lucía",
    "Eduardo",
    "Paola",
    "Héctor",
    "Ximena",
    "Raúl",
    "Andrea",
    "Óscar",
    "Yubelkis",
    "Andrés",
    "Gabriela",
    "Sergio",
    "Isabel",
    "Arturo",
    "Verónica",
    "Diego",
    "Natalia",
    "Javier",
    "Carmen",
    "Roberto",
    "Mónica",
    "Manuel",
    "Alejandra",
    "Francisco",
    "Rocío",
    "Iván",
    "Elena",
];

const LAST_NAMES: &[&str] = &[
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Moreno",
    "Castillo",
    "Romero",
    "Álvarez",
    "Méndez",
    "Chávez",
    "Rivera",
    "Juárez",
    "Ramos",
    "Domínguez",
    "Herrera",
    "Medina",
    "Castro",
    "Vargas",
    "Guzmán",
    "Salazar",
    "Rojas",
];

const MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "yahoo.com.mx",
    "outlook.es",
    "icloud.com",
];

/// Weighted: Mexico most, then Colombia, Nicaragua, Spain, the US, the rest of Latin America.
const COUNTRY_POOL: &[&str] = &[
    "MX", "MX", "MX", "MX", "MX", "MX", "MX", "CO", "CO", "CO", "NI", "NI", "ES", "ES", "US", "US",
    "GT", "PE", "AR", "CL", "EC", "DO", "HN", "CR", "PA", "SV", "VE", "BO", "PY", "UY",
];

fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'Á' => 'a',
            'é' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'Ó' => 'o',
            'ú' | 'Ú' | 'ü' => 'u',
            'ñ' | 'Ñ' => 'n',
            c => c.to_ascii_lowercase(),
        })
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

fn mobile_for(country: &str, rng: &mut Rng) -> String {
    let digits = |rng: &mut Rng, n: usize| {
        (0..n)
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect::<String>()
    };
    match country {
        "MX" => format!("55{}", digits(rng, 8)),
        "NI" => format!("8{}", digits(rng, 7)),
        "CO" => format!("3{}", digits(rng, 9)),
        "ES" => format!("6{}", digits(rng, 8)),
        "US" => format!("305{}", digits(rng, 7)),
        _ => format!("7{}", digits(rng, 7)),
    }
}

/// 2024-01-08T00:00:00Z: seeded history starts here.
pub(crate) const HISTORY_START: i64 = 1_704_672_000;

pub(crate) fn generate(seed: u64) -> World {
    let mut rng = Rng::new(seed);
    let mut users = BTreeMap::new();
    let mut taken = std::collections::HashSet::new();
    for id in 1..=SEEDED_USERS {
        let (first, last, username, country, sponsor_id) = match id {
            1 => (
                "Oficina".to_string(),
                "Central".to_string(),
                "admin".to_string(),
                "MX".to_string(),
                None,
            ),
            DEMO_USER_ID => (
                "Mariana".to_string(),
                "Ortega".to_string(),
                DEMO_USERNAME.to_string(),
                "MX".to_string(),
                Some(2),
            ),
            _ => {
                let first = rng.pick(FIRST_NAMES).to_string();
                let last = rng.pick(LAST_NAMES).to_string();
                let mut username = format!("{}.{}", ascii_fold(&first), ascii_fold(&last));
                if taken.contains(&username) {
                    username = format!("{username}{}", rng.range(2, 99));
                }
                while taken.contains(&username) {
                    username.push(char::from(b'0' + rng.below(10) as u8));
                }
                let sponsor = if id <= 6 {
                    1
                } else if (8..=12).contains(&id) {
                    DEMO_USER_ID
                } else if rng.chance(55) {
                    // a recent user: builds depth
                    rng.range(id.saturating_sub(20).max(2), id - 1)
                } else {
                    rng.range(1, (id - 1).min(40))
                };
                (
                    first,
                    last,
                    username,
                    rng.pick(COUNTRY_POOL).to_string(),
                    Some(sponsor),
                )
            }
        };
        taken.insert(username.clone());
        let email = if id == 1 {
            "soporte@oficina-demo.mx".to_string()
        } else {
            format!("{}@{}", username.replace('.', "_"), rng.pick(MAIL_DOMAINS))
        };
        let mobile = mobile_for(&country, &mut rng);
        let plan_id = match id {
            1 => 5,
            DEMO_USER_ID => 4,
            _ => *rng.pick(&[1u64, 1, 2, 2, 2, 3, 3, 4, 5]),
        };
        let language = if matches!(country.as_str(), "US") {
            "en"
        } else {
            "es"
        }
        .to_string();
        users.insert(
            id,
            SimUser {
                id,
                username,
                first_name: first,
                last_name: last,
                email,
                country_code: country,
                mobile,
                default_leg: rng.pick(LEGS).0.to_string(),
                language,
                profile_image: DEFAULT_AVATAR.to_string(),
                matrix_on: true,
                sponsor_id,
                password: if id == DEMO_USER_ID {
                    DEMO_PASSWORD.to_string()
                } else {
                    format!("Socio{id:04}!")
                },
                plan_id,
                created_at: HISTORY_START + id as i64 * 86_400 / 3 + rng.below(3_600) as i64,
                uploaded_image: None,
                seeded: true,
            },
        );
    }

    let mut world = World {
        users,
        tickets: BTreeMap::new(),
        next_user: SEEDED_USERS + 1,
        next_ticket: 1,
        next_message: 1,
    };
    // Tickets: the demo user gets a fixed set (one carries an XSS payload so
    // sanitizing is exercised); others get 0-2 random ones.
    for id in 1..=SEEDED_USERS {
        let n = if id == DEMO_USER_ID { 0 } else { rng.below(3) };
        for _ in 0..n {
            let (subject, msgs) = rng.pick(TICKET_TEMPLATES);
            let status = rng
                .pick(&["New", "New", "In Progress", "Closed"])
                .to_string();
            add_ticket(&mut world, &mut rng, id, subject, &status, msgs);
        }
        if id == DEMO_USER_ID {
            for (subject, status, msgs) in DEMO_TICKETS {
                add_ticket(&mut world, &mut rng, id, subject, status, msgs);
            }
        }
    }
    world
}

fn add_ticket(
    world: &mut World,
    rng: &mut Rng,
    user_id: u64,
    subject: &str,
    status: &str,
    msgs: &[&str],
) {
    let created = world.users[&user_id].created_at + rng.range(86_400, 200 * 86_400) as i64;
    let id = world.next_ticket;
    world.next_ticket += 1;
    let mut thread = Vec::new();
    let mut at = created;
    for m in msgs {
        thread.push(SimMessage {
            id: world.next_message,
            content: m.to_string(),
            created_at: at,
        });
        world.next_message += 1;
        at += rng.range(600, 2 * 86_400) as i64;
    }
    world.tickets.insert(
        id,
        SimTicket {
            id,
            user_id,
            subject: subject.to_string(),
            status: status.to_string(),
            created_at: created,
            thread,
        },
    );
}

type TicketTemplate = (&'static str, &'static [&'static str]);

const TICKET_TEMPLATES: &[TicketTemplate] = &[
    ("Problemas con el cashout", &[
        "<div>Tengo dudas del cashout, mi retiro en USDT sigue <b>pendiente</b>.</div>",
        "<p>Hola, gracias por escribirnos. Revisamos tu solicitud y se procesará en 48&nbsp;horas.</p>",
    ]),
    ("No puedo entrar a la oficina virtual", &[
        "<div>Desde ayer no puedo iniciar sesión, me dice que la contraseña es incorrecta.</div>",
        "<p>Te enviamos un enlace para restablecerla. Revisa también la carpeta de <i>spam</i>.</p>",
        "<div>Listo, ya pude entrar. ¡Gracias!</div>",
    ]),
    ("Cambio de patrocinador", &["<div>Quiero cambiar de patrocinador, ¿es posible?</div>"]),
    ("Comisión no reflejada", &[
        "<div>La comisión de mi directo <u>no aparece</u> en mi wallet de Commissions.</div>",
        "<p>Las comisiones se liquidan cada lunes. Si el lunes no la ves, respóndenos por aquí.</p>",
    ]),
    ("Actualizar datos fiscales", &["<div>Necesito actualizar mi RFC para la factura.</div>"]),
];

const DEMO_TICKETS: &[(&str, &str, &[&str])] = &[
    ("Problemas APP", "New", &["<div>Tengo problemas con el cashout.</div>"]),
    ("Retiro pendiente desde hace una semana", "In Progress", &[
        "<div>Hola, mi retiro de <b>250 USDT</b> sigue pendiente.<br>¿Me pueden ayudar?</div>",
        "<p>Hola Mariana, ya escalamos tu caso. Puedes consultar la <a href=\"https://ayuda.oficina-demo.mx/retiros\">guía de retiros</a> mientras tanto.</p>",
        "<div>Adjunto la captura de pantalla: <img src=\"x\" onerror=\"alert('xss')\"><script>alert('robado')</script><a href=\"javascript:alert(1)\">ver captura</a></div>",
    ]),
    ("Duda sobre el plan Star 4", "Closed", &[
        "<div>¿Qué beneficios tiene subir a <i>Club VIP</i>?</div>",
        "<ul><li>Bono de liderazgo</li><li>Acceso a eventos</li><li>Matriz 3&nbsp;/&nbsp;3 completa</li></ul>",
    ]),
    ("Mi equipo no aparece completo", "New", &[
        "<div style=\"color:red\" onclick=\"steal()\">En el teamview no veo a dos de mis directos &amp; sus equipos.</div>",
    ]),
];

#[derive(Debug, Clone)]
pub(crate) struct Txn {
    pub id: u64,
    pub amount: i64,
    pub balance: i64,
    pub description: String,
    pub date: i64,
}

const CREDITS: &[&str] = &[
    "Comisión directa",
    "Bono de equipo",
    "Bono de matriz",
    "Bono de liderazgo",
    "Minería diaria",
    "Transferencia recibida",
];

/// The wallet history of a seeded user (31-90 movements, oldest first).
pub(crate) fn transactions(seed: u64, user: &SimUser, wallet: u32) -> Vec<Txn> {
    if !user.seeded {
        return Vec::new();
    }
    let mut rng = derived_rng(seed, user.id, wallet as u64);
    let n = if user.id == DEMO_USER_ID {
        65 + wallet as u64 * 3
    } else {
        rng.range(31, 90)
    };
    let mut balance: i64 = 0;
    let mut date = user.created_at + rng.range(3_600, 86_400) as i64;
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let debit = i > 0 && balance > 5_000 && rng.chance(30);
        let (amount, description) = if i == 0 {
            let p = plan(user.plan_id);
            (
                rng.range(50, 500) as i64 * 100,
                format!("Depósito inicial - {}", p.name),
            )
        } else if debit {
            let amt = (rng.range(10, (balance / 100 / 2).max(11) as u64) as i64) * 100;
            let what = *rng.pick(&[
                "Retiro a USDT",
                "Compra de plan",
                "Transferencia enviada",
                "Comisión de retiro",
            ]);
            (-amt, what.to_string())
        } else {
            let cents = rng.range(500, 40_000) as i64;
            let what = *rng.pick(CREDITS);
            let from = rng.pick(FIRST_NAMES);
            (cents, format!("{what} - {from} {}", rng.pick(LAST_NAMES)))
        };
        balance += amount;
        out.push(Txn {
            id: i + 1,
            amount,
            balance,
            description,
            date,
        });
        date += rng.range(3_600, 5 * 86_400) as i64;
    }
    out
}

/// Cents → the provider's decimal text: "10000.0", "-50.0", "12.5", "12.25".
pub(crate) fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let (whole, frac) = (c / 100, c % 100);
    if frac == 0 {
        format!("{sign}{whole}.0")
    } else if frac % 10 == 0 {
        format!("{sign}{whole}.{}", frac / 10)
    } else {
        format!("{sign}{whole}.{frac:02}")
    }
}

/// Seconds since the epoch → "2022-07-18T12:10:58.148-06:00" (Mexico City offset).
pub(crate) fn iso(ts: i64) -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory]:[offset_minute]"
    );
    let millis = (ts.rem_euclid(997)) as u16;
    time::OffsetDateTime::from_unix_timestamp(ts)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::macros::offset!(-6))
        .replace_millisecond(millis)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default()
}

/// Seconds since the epoch → "MM-DD-YYYY HH:mm" in UTC (the login `exp`).
pub(crate) fn exp_text(ts: i64) -> String {
    let fmt = time::macros::format_description!("[month]-[day]-[year] [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default()
}

pub(crate) fn day(ts: i64) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default()
}

pub(crate) fn country_name(code: &str) -> &'static str {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("Unknown")
}

pub(crate) fn flag(code: &str) -> String {
    format!(
        "https://cdnjs.cloudflare.com/ajax/libs/flag-icon-css/3.4.6/flags/1x1/{}.svg",
        code.to_ascii_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_like_the_provider() {
        assert_eq!(money(1_000_000), "10000.0");
        assert_eq!(money(-5_000), "-50.0");
        assert_eq!(money(1_250), "12.5");
        assert_eq!(money(1_225), "12.25");
        assert_eq!(money(-5), "-0.05");
    }

    #[test]
    fn generation_is_deterministic_and_complete() {
        let a = generate(42);
        let b = generate(42);
        assert_eq!(a.users.len() as u64, SEEDED_USERS);
        assert_eq!(a.users[&100].username, b.users[&100].username);
        assert_ne!(generate(43).users[&100].username, a.users[&100].username);
        let demo = &a.users[&DEMO_USER_ID];
        assert_eq!(demo.username, DEMO_USERNAME);
        assert!(
            a.users
                .values()
                .filter(|u| u.sponsor_id == Some(DEMO_USER_ID))
                .count()
                >= 5
        );
        assert!(
            a.tickets
                .values()
                .filter(|t| t.user_id == DEMO_USER_ID)
                .count()
                >= 4
        );
        let names: std::collections::HashSet<_> =
            a.users.values().map(|u| u.username.clone()).collect();
        assert_eq!(names.len(), a.users.len(), "usernames are unique");
        for c in ["MX", "NI", "CO", "ES", "US"] {
            assert!(a.users.values().any(|u| u.country_code == c), "{c}");
        }
        let tx = transactions(42, demo, 1);
        assert!(tx.len() > 30);
        assert!(tx.iter().all(|t| t.balance >= 0));
        let t = iso(1658171458);
        assert!(
            t.starts_with("2022-07-18T13:10:58.") && t.ends_with("-06:00"),
            "{t}"
        );
        assert_eq!(exp_text(1658249173), "07-19-2022 16:46");
    }
}
