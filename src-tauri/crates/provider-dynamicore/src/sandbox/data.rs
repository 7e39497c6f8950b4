//! Mexican demo data, the same on every machine (a seeded RNG): clients
//! with valid RFCs, accounts with more than 100 transactions, Mifiel
//! documents in every state, paid and pending Conekta orders, and SAT
//! invoices over two years.

use serde_json::{json, Value};
use time::{Date, Duration, Month};
use ventanilla_http::sandbox::SeededRng;

use super::State;

/// The demo client key and secret: public, they only open the simulator.
pub const DEMO_CLIENT_KEY: &str = "ck_demo_ventanilla";
pub const DEMO_SECRET: &str = "sk_demo_3f9a1c7e5b2d4086";

/// Demo clients (names, RFCs that pass `rules::check_rfc`, e-mail).
const CLIENTS: &[(&str, &str, &str, &str)] = &[
    (
        "Rafael",
        "López Ortega",
        "LOOR830910GT7",
        "rafael.lopez@ejemplo.mx",
    ),
    (
        "María José",
        "Hernández Ruiz",
        "HERM900215MX3",
        "mj.hernandez@ejemplo.mx",
    ),
    (
        "Ximena",
        "Peña Ávila",
        "PEAX880730KJ2",
        "ximena.pena@ejemplo.mx",
    ),
    (
        "Comercializadora",
        "del Bajío SA de CV",
        "CBA1906288W3",
        "contacto@bajio.example.mx",
    ),
];

const CONCEPTS: &[&str] = &[
    "Depósito SPEI",
    "Pago OXXO",
    "Comisión por apertura",
    "Intereses ordinarios",
    "Abono a capital",
    "IVA de intereses",
    "Retiro en cajero",
];

fn day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The first day of demo history: two years before the demo "today".
pub fn demo_today() -> Date {
    Date::from_calendar_date(2026, Month::November, 30).expect("a date")
}

pub(super) fn seed(s: &mut State) {
    let mut rng = SeededRng::new(0xD1A_C0DE);
    s.client_types.push(json!({"id": "17", "name": "Persona Física", "description": "Template para registro de personas físicas en SOFOM", "template": ["firstname", "lastname", "rfc", "email"]}));
    s.client_types.push(json!({"id": "18", "name": "Persona Moral", "description": "Empresas", "template": ["razon_social", "rfc", "acta_constitutiva"]}));
    s.product_types.push(json!({"id": "6", "name": "Crédito simple", "description": "Crédito simple a 12 meses", "template": []}));
    s.product_types
        .push(json!({"id": "7", "name": "Cuenta de ahorro", "description": null, "template": []}));
    for (i, (first, last, rfc, email)) in CLIENTS.iter().enumerate() {
        let id = (i + 1).to_string();
        s.clients.push(json!({
            "id": id,
            "client_type": if rfc.len() == 12 { "18" } else { "17" },
            "pii": {"firstname": first, "lastname": last, "rfc": rfc, "email": email},
            "documents": {},
        }));
    }
    // Two accounts for client 1, one for the others; the first has 130 movements.
    let today = demo_today();
    for (n, client) in ["1", "1", "2", "3", "4"].iter().enumerate() {
        let id = (100 + n).to_string();
        let movements = if n == 0 { 130 } else { 12 + n * 3 };
        let mut tx = Vec::new();
        let mut pay = Vec::new();
        for k in 0..movements {
            let when = today - Duration::days((movements - k) as i64 * 3);
            let cents = rng.range(1_500, 2_500_000) as i64;
            tx.push(json!({
                "id": format!("{id}-{k:04}"),
                "date": day(when),
                "concept": rng.pick(CONCEPTS),
                "amount": cents,
                "currency": "484",
            }));
            if k % 10 == 0 {
                pay.push(json!({"id": format!("P{id}-{k:04}"), "date": day(when), "amount": rng.range(50_000, 900_000), "method": "SPEI", "status": "applied"}));
            }
        }
        s.accounts.push(json!({
            "id": id, "client_id": client, "product": if n % 2 == 0 { "6" } else { "7" },
            "enabled": "1", "currency": "484",
        }));
        s.transactions.insert(id.clone(), tx);
        s.payments.insert(id, pay);
    }
    // SAT: invoices over two years for client 1, keys already loaded.
    s.sat_keys.insert("1".into(), "efirma".into());
    // Weekly, from two years before "today" up to this week.
    for k in 0..105 {
        let when = today - Duration::days(730 - k * 7 - rng.below(5) as i64);
        s.sat_data.push(json!({
            "client": 1,
            "uuid": rng.uuid().to_uppercase(),
            "fecha": day(when),
            "tipo": if rng.chance(60) { "ingreso" } else { "egreso" },
            "emisor_rfc": if k % 2 == 0 { "LOOR830910GT7" } else { "CBA1906288W3" },
            "receptor_rfc": if k % 2 == 0 { "CBA1906288W3" } else { "LOOR830910GT7" },
            "total": format!("{}.{:02}", rng.range(500, 90_000), rng.below(100)),
            "moneda": "MXN",
        }));
    }
    // Mifiel documents in every state.
    for (n, state) in ["draft", "pending", "completed", "declined", "expired"]
        .iter()
        .enumerate()
    {
        let reference = rng.uuid();
        let signed = *state == "completed";
        let expires = match *state {
            "expired" => Some("2026-01-15T00:00:00.000Z"),
            "pending" => Some("2027-12-31T00:00:00.000Z"),
            _ => None,
        };
        let signers = if *state == "draft" {
            vec![]
        } else {
            vec![signer(
                &mut rng,
                "Rafael López",
                "rafael.lopez@ejemplo.mx",
                "LOOR830910GT7",
                signed,
            )]
        };
        let field = format!("contrato_{n}");
        let name = format!("Contrato {n} - Rafael López.pdf");
        let mut doc = document(&reference, "1", &field, state, expires, signers);
        doc["file_file_name"] = name.clone().into();
        s.documents.push(doc);
        s.files.insert(
            ("1".into(), field),
            vec![super::StoredFile {
                bytes: demo_pdf(&name),
                name,
            }],
        );
    }
    // Conekta: one paid, one pending.
    s.orders.push(order(
        &mut rng,
        "ord_2rLDf1e77o2mKHjY3",
        100,
        184,
        "Box of Cohiba S1s",
        900,
        1,
        true,
    ));
    s.orders.push(order(
        &mut rng,
        "ord_2rQPaj3neXQQmH7fp",
        102,
        184,
        "Pago mensual",
        125_050,
        1,
        false,
    ));
}

/// A small but well-formed one-page PDF naming the document.
fn demo_pdf(title: &str) -> Vec<u8> {
    let text = title.replace(['(', ')', '\\'], " ");
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

pub(super) fn signer(
    rng: &mut SeededRng,
    name: &str,
    email: &str,
    tax_id: &str,
    signed: bool,
) -> Value {
    json!({
        "id": rng.uuid(), "name": name, "email": email, "tax_id": tax_id,
        "role": "signer", "field": null, "signed": signed,
        "widget_id": rng.hex(24), "current": !signed,
    })
}

pub(super) fn document(
    reference: &str,
    client: &str,
    field: &str,
    state: &str,
    expires_at: Option<&str>,
    signers: Vec<Value>,
) -> Value {
    let signed = state == "completed";
    let files = format!("/api/v1/documents/{reference}");
    json!({
        "id": reference,
        "client": client,
        "field": field,
        "signed": signed,
        "signed_by_all": signed,
        "signed_at": if signed { Some("2026-11-02T17:31:19.950Z") } else { None },
        "created_at": "2026-11-01T09:27:17.758Z",
        "status": if signed { json!([1, "SIGNED"]) } else { json!([0, "PENDING"]) },
        "state": state,
        "external_id": null,
        "expires_at": expires_at,
        "days_to_expire": null,
        "original_hash": "593b66c90b1364d9967e0050d7259872dcf9404a9b612992297d3ccb5760f6af",
        "signers": signers,
        "viewers": [],
        "file": format!("{files}/file"),
        "file_signed": if signed { Some(format!("{files}/file_signed")) } else { None },
        "file_xml": if signed { Some(format!("{files}/xml")) } else { None },
    })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn order(
    rng: &mut SeededRng,
    id: &str,
    account: u64,
    operation: u64,
    item: &str,
    unit_price: u64,
    quantity: u64,
    paid: bool,
) -> Value {
    let amount = unit_price * quantity;
    let created = 1_790_000_000 + rng.below(1_000_000) as i64;
    json!({
        "id": id, "object": "order", "livemode": false,
        "account": account, "operation": operation,
        "amount": amount, "currency": "MXN",
        "payment_status": if paid { "paid" } else { "pending_payment" },
        "amount_refunded": 0,
        "customer_info": {"name": "Cliente demo", "email": "cliente@ejemplo.mx", "phone": "55-5555-5555", "object": "customer_info"},
        "created_at": created, "updated_at": created,
        "line_items": {"object": "list", "has_more": false, "total": 1, "data": [
            {"name": item, "unit_price": unit_price, "quantity": quantity, "object": "line_item"}
        ]},
        "charges": {"object": "list", "has_more": false, "total": 1, "data": [{
            "id": rng.hex(24), "status": if paid { "paid" } else { "pending_payment" },
            "amount": amount, "fee": if paid { 41 } else { 0 },
            "paid_at": if paid { Some(created + 31) } else { None },
            "payment_method": {
                "service_name": "OxxoPay", "object": "cash_payment", "type": "oxxo",
                "reference": format!("9800{:010}", rng.below(10_000_000_000)),
                "barcode_url": "https://s3.amazonaws.com/cash_payment_barcodes/sandbox_reference.png",
                "expires_at": created + 30 * 86_400, "store_name": "OXXO",
            },
        }]},
    })
}
