//! Issue 9 item 3: every input checks itself before anything is sent, with
//! coded field errors; and what it sends is what DYNAMICORE 1.3 documents
//! (nested PII, query parameters for GETs, numbers where the seed types them).

use serde_json::{json, Value};
use ventanilla_core::Error;
use ventanilla_provider_dynamicore::*;

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("input parses")
}

/// field → code of a validation error.
fn codes(r: ventanilla_core::Result<()>) -> Vec<(String, String)> {
    let e: Error = r.expect_err("refused");
    e.fields
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k, v.code))
        .collect()
}

fn body<I: Input>(i: &I) -> String {
    String::from_utf8(i.outgoing().body.expect("a body")).unwrap()
}

#[test]
fn client_create_nests_pii_and_checks_rfc_and_email() {
    let ok: ClientCreateInput = parse(json!({
        "clientType": "17", "firstName": "José", "lastName": "Núñez",
        "rfc": "nuja850101ab1", "email": "jose@ejemplo.mx"
    }));
    ok.validate().unwrap();
    assert_eq!(
        body(&ok),
        r#"{"client_type":"17","pii":{"firstname":"José","lastname":"Núñez","rfc":"NUJA850101AB1","email":"jose@ejemplo.mx"}}"#
    );
    let bad: ClientCreateInput = parse(json!({
        "clientType": "x", "firstName": " ", "lastName": "L",
        "rfc": "RALO101086GT4", "email": "no-at"
    }));
    assert_eq!(
        codes(bad.validate()),
        [
            ("clientType".into(), "numeric_id".into()),
            ("email".into(), "invalid_email".into()),
            ("firstName".into(), "blank".into()),
            ("rfc".into(), "rfc_date".into()),
        ]
    );
}

#[test]
fn client_update_sends_only_what_changes() {
    let u: ClientUpdateInput = parse(json!({"id": "1", "email": "a@b.mx"}));
    u.validate().unwrap();
    assert_eq!(body(&u), r#"{"id":"1","pii":{"email":"a@b.mx"}}"#);
    let none: ClientUpdateInput = parse(json!({"id": "1"}));
    assert_eq!(
        codes(none.validate()),
        [("id".into(), "nothing_to_change".into())]
    );
    assert!(serde_json::from_value::<ClientUpdateInput>(json!({"id": "0"})).is_err());
}

#[test]
fn gets_send_query_parameters() {
    let l: AccountListInput = parse(json!({"clientId": "1", "id": "9"}));
    let o = l.outgoing();
    assert_eq!(
        o.query,
        [("client_id", "1".to_string()), ("id", "9".to_string())]
    );
    assert!(o.body.is_none());
    let all: AccountListInput = parse(json!({"clientId": "1"}));
    assert_eq!(
        all.outgoing().query.len(),
        1,
        "id is optional (DYNAMICORE 1.5 #6)"
    );
    let c: ClientListInput = parse(json!({}));
    assert!(c.outgoing().query.is_empty());
}

#[test]
fn account_flags_and_currency() {
    let a: AccountCreateInput = parse(json!({"clientId": "1", "product": "6"}));
    a.validate().unwrap();
    assert_eq!(
        body(&a),
        r#"{"client_id":"1","product":"6","enabled":"1","currency":"484"}"#
    );
    let bad: AccountCreateInput =
        parse(json!({"clientId": "1", "product": "6", "enabled": "yes", "currency": "MXN"}));
    assert_eq!(
        codes(bad.validate()),
        [
            ("currency".into(), "currency_iso4217".into()),
            ("enabled".into(), "enabled_flag".into()),
        ]
    );
}

#[test]
fn sat_keys_need_what_their_type_needs() {
    let ciec: SatKeysInput = parse(json!({"client": "1", "type": "ciec", "password": "pw"}));
    ciec.validate().unwrap();
    assert_eq!(body(&ciec), r#"{"client":1,"type":"ciec","pas":"pw"}"#);
    let efirma: SatKeysInput = parse(json!({"client": "1", "type": "efirma", "password": "pw"}));
    assert_eq!(
        codes(efirma.validate()),
        [
            ("cer".into(), "sat_file_required".into()),
            ("key".into(), "sat_file_required".into()),
        ]
    );
    let other: SatKeysInput = parse(json!({"client": "1", "type": "fiel", "password": ""}));
    assert_eq!(
        codes(other.validate()),
        [
            ("password".into(), "blank".into()),
            ("type".into(), "one_of".into())
        ]
    );
    let full: SatKeysInput = parse(json!({
        "client": "1", "type": "efirma", "password": "pw", "key": "S0VZ", "cer": "Q0VS"
    }));
    full.validate().unwrap();
    assert_eq!(
        body(&full),
        r#"{"client":1,"type":"efirma","pas":"pw","key":"S0VZ","cer":"Q0VS"}"#
    );
}

#[test]
fn client_sat_goes_as_query_in_the_seeds_order() {
    let s: ClientSatInput = parse(json!({
        "clientId": "3", "rfc": "RAFO830910GT7", "type": "efirma",
        "password": "pw", "key": "S0VZ", "cer": "Q0VS"
    }));
    s.validate().unwrap();
    let o = s.outgoing();
    let keys: Vec<_> = o.query.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["cer", "key", "pas", "rfc", "type"]);
    assert_eq!(o.vars, [("client_id", "3".to_string())]);
}

#[test]
fn sat_dates_are_real_days_in_order() {
    let bad: SatSyncInput =
        parse(json!({"client": "1", "start": "2021-01-01", "end": "2021-11-31"}));
    assert_eq!(codes(bad.validate()), [("end".into(), "iso_date".into())]);
    let rev: SatSyncInput =
        parse(json!({"client": "1", "start": "2021-02-01", "end": "2021-01-01"}));
    assert_eq!(codes(rev.validate()), [("end".into(), "date_range".into())]);
    let ok: SatSyncInput =
        parse(json!({"client": "1", "start": "2021-01-01", "end": "2021-11-30"}));
    ok.validate().unwrap();
    assert_eq!(
        body(&ok),
        r#"{"client":1,"start":"2021-01-01","end":"2021-11-30"}"#
    );
    let page: SatDataInput = parse(json!({"client": "1", "limit": 0, "page": 2}));
    assert_eq!(
        codes(page.validate()),
        [("limit".into(), "positive_number".into())]
    );
}

#[test]
fn mifiel_signatories_and_counts() {
    let ok: MifielCreateInput = parse(json!({
        "clientId": "424", "field": "acceptance_bc",
        "signatories": [{"name": "Ana", "email": "ana@ejemplo.mx", "taxId": "AAA010102AAA"}],
        "viewers": [{"name": "Luis", "email": "luis@ejemplo.mx"}],
        "daysToExpire": 3, "sendInvites": true, "messageForSigners": "  Firme antes del viernes, por favor.  "
    }));
    ok.validate().unwrap();
    // The note goes as the seed's #18 example sends it, trimmed.
    assert_eq!(
        body(&ok),
        r#"{"id":"424","type":"client","field":"acceptance_bc","signatories":[{"name":"Ana","email":"ana@ejemplo.mx","tax_id":"AAA010102AAA"}],"day_to_expire":3,"message_for_signers":"Firme antes del viernes, por favor.","send_invites":true,"viewers":[{"name":"Luis","email":"luis@ejemplo.mx"}]}"#
    );
    let bad: MifielCreateInput = parse(json!({
        "clientId": "424", "field": "acceptance_bc",
        "signatories": [{"name": "", "email": "x", "taxId": "DEMO1A"}],
        "remindEvery": 0, "messageForSigners": "x".repeat(1001)
    }));
    assert_eq!(
        codes(bad.validate()),
        [
            ("messageForSigners".into(), "too_long".into()),
            ("remindEvery".into(), "positive_number".into()),
            ("signatories.0.email".into(), "invalid_email".into()),
            ("signatories.0.name".into(), "blank".into()),
            ("signatories.0.taxId".into(), "rfc_format".into()),
        ]
    );
    let none: MifielCreateInput =
        parse(json!({"clientId": "424", "field": "f", "signatories": []}));
    assert_eq!(
        codes(none.validate()),
        [("signatories".into(), "signatories_required".into())]
    );
}

#[test]
fn conekta_cents_quantity_and_method() {
    let ok: ConektaCreateInput = parse(json!({
        "account": 326, "operation": 184,
        "customer": {"name": "María"},
        "item": {"name": "Caja", "unitPrice": 1000, "quantity": 1}
    }));
    ok.validate().unwrap();
    assert_eq!(
        body(&ok),
        r#"{"account":326,"operation":184,"config":{},"customer_info":{"name":"María"},"items":{"name":"Caja","unit_price":1000,"quantity":1},"payment_method":{"type":"oxxo_cash"}}"#
    );
    let bad: ConektaCreateInput = parse(json!({
        "account": 326, "operation": 184,
        "customer": {"name": "M", "email": "m@", "phone": "12"},
        "item": {"name": "Caja", "unitPrice": 0, "quantity": 0},
        "paymentMethod": "card"
    }));
    assert_eq!(
        codes(bad.validate()),
        [
            ("customer.email".into(), "invalid_email".into()),
            ("customer.phone".into(), "invalid_phone".into()),
            ("item.quantity".into(), "positive_number".into()),
            ("item.unitPrice".into(), "positive_number".into()),
            ("paymentMethod".into(), "one_of".into()),
        ]
    );
    // Cents are integers: 10.5 is not an amount.
    assert!(serde_json::from_value::<ConektaCreateInput>(json!({
        "account": 1, "operation": 1, "customer": {"name": "M"},
        "item": {"name": "C", "unitPrice": 10.5, "quantity": 1}
    }))
    .is_err());
}

#[test]
fn uploads_need_readable_files() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("acta.pdf");
    std::fs::write(&f, b"%PDF-1.4").unwrap();
    let ok: FileUploadInput =
        parse(json!({"clientId": "1", "field": "acta_constitutiva", "files": [f]}));
    ok.validate().unwrap();
    let none: FileUploadInput = parse(json!({"clientId": "1", "field": "acta", "files": []}));
    assert_eq!(
        codes(none.validate()),
        [("files".into(), "files_required".into())]
    );
    assert!(serde_json::from_value::<FileUploadInput>(
        json!({"clientId": "1", "field": "pii[acta]", "files": []})
    )
    .is_err());
}

#[test]
fn types_send_name_description_template() {
    let t: ClientTypeCreateInput = parse(json!({"name": "Persona Física", "template": ["rfc"]}));
    t.validate().unwrap();
    assert_eq!(body(&t), r#"{"name":"Persona Física","template":["rfc"]}"#);
    let bad: ProductTypeCreateInput = parse(json!({"name": ""}));
    assert_eq!(codes(bad.validate()), [("name".into(), "blank".into())]);
}
