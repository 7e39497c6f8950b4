//! The adapter against the simulator over real loopback HTTP: all 21
//! operations of DYNAMICORE 1.3, the signature checks of 1.2, the shared
//! SAT path of 1.5 #1, and the rules (invalid input is never sent).

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use ventanilla_core::envelopes::EnvelopeStatus;
use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_http::RetryPolicy;
use ventanilla_provider_dynamicore::sandbox::{
    Fault, Sim, SimConfig, DEMO_CLIENT_KEY, DEMO_SECRET,
};
use ventanilla_provider_dynamicore::*;

async fn sim() -> Sim {
    Sim::start(SimConfig::default()).await.unwrap()
}

fn client_for(sim: &Sim, key: &str, secret: &str) -> DynamicoreClient {
    let mut c = DynamicoreClient::new(DynamicoreConfig {
        base_url: sim.base_url(),
        client_key: key.into(),
        secret: SecretString::new(secret),
        settings: DynamicoreSettings::default(),
    })
    .unwrap();
    c.set_retry_policy(RetryPolicy {
        backoff: vec![Duration::from_millis(10), Duration::from_millis(10)],
    });
    c
}

fn demo(sim: &Sim) -> DynamicoreClient {
    client_for(sim, DEMO_CLIENT_KEY, DEMO_SECRET)
}

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("input parses")
}

#[tokio::test]
async fn types_and_catalogs() {
    let sim = sim().await;
    let c = demo(&sim);
    let t: ClientTypeCreateInput =
        parse(json!({"name": "Persona Física", "description": "PF", "template": ["rfc"]}));
    assert_eq!(c.call(&t).await.unwrap().data[0]["name"], "Persona Física");
    let p: ProductTypeCreateInput = parse(json!({"name": "Arrendamiento"}));
    c.call(&p).await.unwrap();
    let cat = c.call(&CatalogClientInput {}).await.unwrap();
    assert!(cat
        .data
        .iter()
        .any(|t| t["name"] == "Persona Física" && t["template"] == json!(["rfc"])));
    let cat = c.call(&CatalogProductInput {}).await.unwrap();
    assert!(cat.data.iter().any(|t| t["name"] == "Arrendamiento"));
    assert!(sim.requests().iter().all(|r| r.authorized));
}

#[tokio::test]
async fn clients_create_update_list_score() {
    let sim = sim().await;
    let c = demo(&sim);
    let new: ClientCreateInput = parse(json!({
        "clientType": "17", "firstName": "Ángela", "lastName": "Muñoz",
        "rfc": "MUAA900101AB1", "email": "angela@ejemplo.mx"
    }));
    let created = c.call(&new).await.unwrap();
    let id = created.data[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        created.data[0]["pii"]["firstname"], "Ángela",
        "non-ASCII arrives literal and signed"
    );
    let upd: ClientUpdateInput = parse(json!({"id": id, "email": "angela.m@ejemplo.mx"}));
    assert_eq!(
        c.call(&upd).await.unwrap().data[0]["pii"]["email"],
        "angela.m@ejemplo.mx"
    );
    let one: ClientListInput = parse(json!({"id": id}));
    let got = c.call(&one).await.unwrap();
    assert_eq!(
        (got.total, got.data[0]["pii"]["lastname"].as_str()),
        (1, Some("Muñoz"))
    );
    let all = c.call(&ClientListInput::default()).await.unwrap();
    assert!(all.total >= 5);
    let s: ClientScoreInput = parse(json!({"clientId": "1"}));
    assert!(c.call(&s).await.unwrap().data[0]["score"].as_u64().unwrap() >= 300);
    let missing: ClientListInput = parse(json!({"id": "999999"}));
    assert_eq!(
        c.call(&missing).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn accounts_with_more_than_100_transactions() {
    let sim = sim().await;
    let c = demo(&sim);
    let list: AccountListInput = parse(json!({"clientId": "1"}));
    let accounts = c.call(&list).await.unwrap();
    assert_eq!(
        accounts.total, 2,
        "listing a client's accounts needs no account id"
    );
    let tx: AccountTransactionsInput = parse(json!({"accountId": "100"}));
    assert!(c.call(&tx).await.unwrap().total > 100);
    let pay: AccountPaymentsInput = parse(json!({"accountId": "100"}));
    assert!(c.call(&pay).await.unwrap().total > 0);
    let new: AccountCreateInput = parse(json!({"clientId": "2", "product": "6", "enabled": "0"}));
    let a = c.call(&new).await.unwrap();
    assert_eq!(
        (
            a.data[0]["enabled"].as_str(),
            a.data[0]["currency"].as_str()
        ),
        (Some("0"), Some("484"))
    );
    let one: AccountListInput = parse(json!({"clientId": "2", "id": a.data[0]["id"]}));
    assert_eq!(c.call(&one).await.unwrap().total, 1);
}

#[tokio::test]
async fn sat_keys_sync_and_data_share_a_path() {
    let sim = sim().await;
    let c = demo(&sim);
    // Client 2 has no keys yet: a sync is refused until they are loaded.
    let sync: SatSyncInput =
        parse(json!({"client": "2", "start": "2025-01-01", "end": "2025-12-31"}));
    assert_eq!(
        c.call(&sync).await.unwrap_err().code,
        ErrorCode::ProviderRejected
    );
    let keys: SatKeysInput =
        parse(json!({"client": "2", "type": "ciec", "password": "clave-ciec"}));
    assert_eq!(c.call(&keys).await.unwrap().data[0]["loaded"], true);
    assert_eq!(c.call(&sync).await.unwrap().data[0]["status"], "queued");
    // Two years of invoices for client 1, paginated.
    let page: SatDataInput = parse(json!({"client": "1", "limit": 10, "page": 2}));
    let d = c.call(&page).await.unwrap();
    assert_eq!(d.data.len(), 10);
    assert!(d.total > 90);
    let all: SatDataInput = parse(json!({"client": "1", "limit": 500}));
    let mut days: Vec<String> = c
        .call(&all)
        .await
        .unwrap()
        .data
        .iter()
        .map(|v| v["fecha"].as_str().unwrap().to_owned())
        .collect();
    days.sort();
    let span =
        rules::parse_date(days.last().unwrap()).unwrap() - rules::parse_date(&days[0]).unwrap();
    assert!(
        span.whole_days() >= 700,
        "{} → {}",
        days[0],
        days.last().unwrap()
    );
    let year: SatDataInput =
        parse(json!({"client": "1", "start": "2025-01-01", "end": "2025-12-31"}));
    let y = c.call(&year).await.unwrap();
    assert!(y.total > 0 && y.total < d.total);
    let sat: ClientSatInput = parse(json!({
        "clientId": "1", "rfc": "LOOR830910GT7", "type": "efirma",
        "password": "s3creta", "key": "S0VZ", "cer": "Q0VS"
    }));
    assert!(
        c.call(&sat).await.unwrap().data[0]["invoices"]
            .as_u64()
            .unwrap()
            > 90
    );
}

#[tokio::test]
async fn upload_then_mifiel_then_signed() {
    let sim = sim().await;
    let c = demo(&sim);
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("contrato.pdf");
    let b = dir.path().join("anexo.pdf");
    std::fs::write(&a, b"%PDF-1.4 contrato").unwrap();
    std::fs::write(&b, b"%PDF-1.4 anexo \xff\x00").unwrap();
    let up: FileUploadInput =
        parse(json!({"clientId": "1", "field": "acceptance_bc", "files": [a, b]}));
    let r = c.upload(&up).await.unwrap();
    assert_eq!(r.data[0]["files"].as_array().unwrap().len(), 2);
    let stored = sim.files("1", "acceptance_bc");
    assert_eq!(stored[1].bytes, b"%PDF-1.4 anexo \xff\x00", "byte for byte");

    let create: MifielCreateInput = parse(json!({
        "clientId": "1", "field": "acceptance_bc",
        "signatories": [
            {"name": "Rafael López", "email": "rafael.lopez@ejemplo.mx", "taxId": "LOOR830910GT7"},
            {"name": "Comercializadora del Bajío", "email": "contacto@bajio.example.mx", "taxId": "CBA1906288W3"}
        ],
        "daysToExpire": 5, "remindEvery": 2, "sendInvites": false
    }));
    let made = c.mifiel_create(&create).await.unwrap();
    let get: MifielGetInput = parse(json!({"reference": made.reference}));
    let doc = c.mifiel_get(&get).await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    assert_eq!(doc.status_at(now), EnvelopeStatus::Sent);
    assert!(doc
        .signers
        .iter()
        .all(|s| s.widget_id.is_some() && !s.signed));
    assert!(sim.sign_document(&made.reference));
    let doc = c.mifiel_get(&get).await.unwrap();
    assert_eq!(doc.status_at(now), EnvelopeStatus::Completed);
    assert!(doc.file_signed.is_some());

    // A field with no upload cannot be sent to sign.
    let nofile: MifielCreateInput = parse(json!({
        "clientId": "2", "field": "acta_constitutiva",
        "signatories": [{"name": "A", "email": "a@ejemplo.mx", "taxId": "AAA010102AAA"}]
    }));
    assert_eq!(
        c.mifiel_create(&nofile).await.unwrap_err().code,
        ErrorCode::ProviderRejected
    );
}

#[tokio::test]
async fn demo_documents_in_every_state() {
    let sim = sim().await;
    let c = demo(&sim);
    let now = time::OffsetDateTime::now_utc();
    let mut seen = std::collections::BTreeSet::new();
    for d in sim.document_references() {
        let get: MifielGetInput = parse(json!({"reference": d}));
        seen.insert(format!(
            "{:?}",
            c.mifiel_get(&get).await.unwrap().status_at(now)
        ));
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
}

#[tokio::test]
async fn conekta_orders_paid_and_pending() {
    let sim = sim().await;
    let c = demo(&sim);
    let new: ConektaCreateInput = parse(json!({
        "account": 100, "operation": 184,
        "customer": {"name": "Rafael López", "email": "rafael.lopez@ejemplo.mx"},
        "item": {"name": "Pago mensual", "unitPrice": 125050, "quantity": 2}
    }));
    let o = c.conekta_create(&new).await.unwrap();
    assert_eq!((o.amount, o.active.0.as_str()), (250_100, "0"));
    let get: ConektaGetInput = parse(json!({"orderId": o.id}));
    let order = c.conekta_get(&get).await.unwrap();
    assert_eq!(order.payment_status, "pending_payment");
    let cash = &order.charges.data[0].payment_method;
    assert!(cash.reference.as_deref().is_some_and(|r| r.len() == 14));
    assert!(cash.barcode_url.is_some());
    assert!(sim.pay_order(&o.id));
    assert_eq!(c.conekta_get(&get).await.unwrap().payment_status, "paid");
    let paid: ConektaGetInput = parse(json!({"orderId": "ord_2rLDf1e77o2mKHjY3"}));
    assert_eq!(
        c.conekta_get(&paid).await.unwrap().charges.data[0].status,
        "paid"
    );
    let missing: ConektaCreateInput = parse(json!({
        "account": 999, "operation": 1, "customer": {"name": "X"},
        "item": {"name": "Y", "unitPrice": 1, "quantity": 1}
    }));
    assert_eq!(
        c.conekta_create(&missing).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn bad_signatures_are_401() {
    let sim = sim().await;
    let list = ClientListInput::default();
    // Unknown client key; wrong secret (digest mismatch).
    let e = client_for(&sim, "ck_unknown", DEMO_SECRET)
        .call(&list)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidApiKey);
    assert!(e.message.contains("unknown client key"));
    let e = client_for(&sim, DEMO_CLIENT_KEY, "wrong-secret")
        .call(&list)
        .await
        .unwrap_err();
    assert!(e.message.contains("signature mismatch"));
    assert!(!e.message.contains("wrong-secret"));
    // A clock more than 300 s off, either way; 299 s is fine.
    for (skew, ok) in [(301_000i64, false), (-301_000, false), (299_000, true)] {
        let mut c = demo(&sim);
        c.set_clock(Arc::new(move || {
            (ventanilla_provider_dynamicore::sign::system_clock())().saturating_add_signed(skew)
        }));
        let r = c.call(&list).await;
        assert_eq!(r.is_ok(), ok, "skew {skew}");
    }
    // The server's own clock skew knob.
    sim.set_clock_skew_ms(-400_000);
    assert!(demo(&sim)
        .call(&list)
        .await
        .unwrap_err()
        .message
        .contains("300 s"));
    sim.set_clock_skew_ms(0);
    // No header at all, and a malformed one.
    let http = reqwest::Client::new();
    let url = format!("{}/private/clients", sim.base_url());
    let r = http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "error");
    let r = http
        .get(&url)
        .header("authorization", "Ictineo nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(sim
        .requests()
        .iter()
        .filter(|r| !r.authorized)
        .all(|r| r.status == 401));
}

#[tokio::test]
async fn a_tampered_body_fails_verification() {
    let sim = sim().await;
    let signer = IctineoSigner::new(DEMO_CLIENT_KEY, &SecretString::new(DEMO_SECRET));
    let http = reqwest::Client::new();
    let url = format!("{}/v1/accounts", sim.base_url());
    let mut req = http
        .post(&url)
        .header("content-type", "application/json")
        .body(r#"{"client_id":"1","product":"6","enabled":"1","currency":"484"}"#)
        .build()
        .unwrap();
    ventanilla_http::RequestSigner::sign(&signer, &mut req).unwrap();
    let auth = req.headers()["authorization"].clone();
    // Same signature, another body: refused. Re-spaced same JSON: accepted,
    // since the signature covers JSON.stringify(JSON.parse(body)).
    let tampered = http
        .post(&url)
        .header("authorization", auth.clone())
        .header("content-type", "application/json")
        .body(r#"{"client_id":"1","product":"7","enabled":"1","currency":"484"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(tampered.status(), 401);
    let spaced = http
        .post(&url)
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body("{ \"client_id\": \"1\", \"product\": \"6\", \"enabled\": \"1\", \"currency\": \"484\" }")
        .send()
        .await
        .unwrap();
    assert_eq!(spaced.status(), 200);
}

#[tokio::test]
async fn reads_retry_re_signed_writes_do_not() {
    let sim = sim().await;
    let c = demo(&sim);
    sim.inject(&[Fault::ServerError, Fault::ServerError]);
    let tx: AccountTransactionsInput = parse(json!({"accountId": "100"}));
    assert!(
        c.call(&tx).await.unwrap().total > 100,
        "third attempt, signed anew, passes"
    );
    let log = sim.requests();
    assert_eq!(log.len(), 3);
    assert!(
        log.iter().all(|r| r.authorized),
        "a retry is never a replayed signature"
    );

    sim.clear_log();
    sim.inject(&[Fault::ServerError]);
    let new: AccountCreateInput = parse(json!({"clientId": "2", "product": "6"}));
    assert_eq!(
        c.call(&new).await.unwrap_err().code,
        ErrorCode::ProviderError
    );
    assert_eq!(sim.requests().len(), 1, "a write is sent once");

    sim.inject(&[Fault::MalformedJson]);
    assert_eq!(
        c.call(&CatalogClientInput {}).await.unwrap_err().code,
        ErrorCode::MalformedResponse
    );
}

#[tokio::test]
async fn invalid_input_is_never_sent() {
    let sim = sim().await;
    let c = demo(&sim);
    let bad_client: ClientCreateInput = parse(json!({
        "clientType": "17", "firstName": "R", "lastName": "L", "rfc": "RALO101086GT4", "email": "x@y.mx"
    }));
    let bad_account: AccountCreateInput =
        parse(json!({"clientId": "1", "product": "6", "currency": "MXN"}));
    let bad_sync: SatSyncInput =
        parse(json!({"client": "1", "start": "2021-01-01", "end": "2021-11-31"}));
    let bad_keys: SatKeysInput = parse(json!({"client": "1", "type": "efirma", "password": "x"}));
    let bad_order: ConektaCreateInput = parse(json!({
        "account": 100, "operation": 1, "customer": {"name": "X"},
        "item": {"name": "Y", "unitPrice": 0, "quantity": 1}
    }));
    let bad_doc: MifielCreateInput = parse(json!({
        "clientId": "1", "field": "f", "signatories": [{"name": "Demo", "email": "demo@demo.com", "taxId": "DEMO1A"}]
    }));
    let bad_upload: FileUploadInput =
        parse(json!({"clientId": "1", "field": "f", "files": ["/nonexistent/file.pdf"]}));
    for e in [
        c.call(&bad_client).await.unwrap_err(),
        c.call(&bad_account).await.unwrap_err(),
        c.call(&bad_sync).await.unwrap_err(),
        c.call(&bad_keys).await.unwrap_err(),
        c.call(&bad_order).await.unwrap_err(),
        c.mifiel_create(&bad_doc).await.unwrap_err(),
        c.upload(&bad_upload).await.unwrap_err(),
    ] {
        assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    }
    assert!(sim.requests().is_empty(), "nothing reached the provider");
}

#[tokio::test]
async fn routes_follow_the_settings() {
    let sim = sim().await;
    let mut cfg = DynamicoreConfig {
        base_url: sim.base_url(),
        client_key: DEMO_CLIENT_KEY.into(),
        secret: SecretString::new(DEMO_SECRET),
        settings: DynamicoreSettings::from_json(
            &json!({"routes": {"catalog.client": "GET /v2/catalog"}}),
        )
        .unwrap(),
    };
    let c = DynamicoreClient::new(cfg.clone()).unwrap();
    assert_eq!(
        c.call(&CatalogClientInput {}).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(sim.requests()[0].path, "/v2/catalog");
    cfg.settings = DynamicoreSettings::default();
    DynamicoreClient::new(cfg)
        .unwrap()
        .call(&CatalogClientInput {})
        .await
        .unwrap();
}

#[tokio::test]
async fn latency_knob_delays_every_reply() {
    let sim = sim().await;
    sim.set_latency(Duration::from_millis(120));
    let t = std::time::Instant::now();
    demo(&sim).call(&CatalogProductInput {}).await.unwrap();
    assert!(t.elapsed() >= Duration::from_millis(120));
}
