//! The adapter against the simulator over real loopback HTTP: every
//! operation and every rule of issue 8.

use std::net::IpAddr;
use std::time::Duration as StdDuration;

use time::{Duration, OffsetDateTime};
use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_http::{HttpConfig, RetryPolicy};
use ventanilla_provider_undostres::sandbox::{
    self, Fault, KeyState, SimConfig, SimHandle, Simulator, DEMO_COMPANY_ID,
};
use ventanilla_provider_undostres::*;

const LOOPBACK: &str = "127.0.0.1";

async fn sim() -> SimHandle {
    Simulator::start(SimConfig::default())
        .await
        .expect("simulator starts")
}

fn config_for(sim: &SimHandle, company: &str) -> UndostresConfig {
    let c = sim.credentials_of(company).expect("account exists");
    UndostresConfig {
        base_url: sim.base_url(),
        user: c.user,
        password: SecretString::new(c.password),
        api_key: None,
        settings: UndostresSettings::default(),
    }
}

fn client(sim: &SimHandle) -> UndostresClient {
    UndostresClient::new(config_for(sim, DEMO_COMPANY_ID)).unwrap()
}

fn ips(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn first_key_input() -> KeyRequestInput {
    KeyRequestInput {
        allowed_ips: ips(&[LOOPBACK]),
        expire_previous_at: None,
    }
}

/// The demo company with a key this test knows.
async fn keyed(sim: &SimHandle) -> (UndostresClient, IssuedKey) {
    let c = client(sim);
    let k = c.request_key(&first_key_input(), None).await.unwrap();
    sim.clear_requests();
    (c, k)
}

fn log(sim: &SimHandle) -> Vec<String> {
    sim.requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn me() -> AccountGetInput {
    AccountGetInput::default()
}

#[tokio::test]
async fn a_key_request_returns_a_secret_key_with_displayable_dates_and_ips() {
    let sim = sim().await;
    let c = client(&sim);
    let k = c
        .request_key(
            &KeyRequestInput {
                allowed_ips: ips(&[LOOPBACK, "2001:db8::10"]),
                expire_previous_at: None,
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(k.company_id, DEMO_COMPANY_ID);
    assert!(rules::check_key_format(k.api_key.expose()).is_ok());
    assert_eq!(k.key.last4, rules::last4(k.api_key.expose()));
    assert_eq!(k.key.allowed_ips, ips(&[LOOPBACK, "2001:db8::10"]));
    let days = (k.key.expires_at - k.key.created_at).whole_days();
    assert!((89..=92).contains(&days), "3 months: {days} days");
    assert_eq!(k.key.expiry_level(sim.now()), ExpiryLevel::Ok);
    // The demo key issued before this app existed is now superseded for 24 h.
    let prev = k
        .key
        .previous_key_expires_at
        .expect("the demo key was replaced");
    assert_eq!(prev, k.key.created_at + Duration::hours(24));
    let keys = sim.keys_of(DEMO_COMPANY_ID);
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].state, KeyState::Superseded);
    assert_eq!(keys[1].state, KeyState::Active);
    assert_eq!(keys[1].last4, k.key.last4);
    // What goes to the UI and to history has no key in it.
    let json = serde_json::to_string(&k).unwrap();
    assert!(!json.contains(k.api_key.expose()), "{json}");
    assert!(!format!("{k:?}").contains(k.api_key.expose()));
    // And the client now uses it.
    let a = c.get_account(&me()).await.unwrap();
    assert_eq!(a.company_id, DEMO_COMPANY_ID);
}

#[tokio::test]
async fn credentials_go_only_to_the_key_request_and_the_key_to_everything_else() {
    let sim = sim().await;
    let c = client(&sim);
    c.request_key(&first_key_input(), None).await.unwrap();
    c.get_account(&me()).await.unwrap();
    c.update_account(&AccountUpdateInput {
        document_number: Some("CNO190312XX9".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    c.create_sub_account(
        &SubAccountCreateInput {
            names: "Sucursal Saltillo".into(),
            ..Default::default()
        },
        &AccountTree::new(TreeLimits::default()),
        None,
    )
    .await
    .unwrap();
    let reqs = sim.requests();
    assert_eq!(
        log(&sim),
        [
            "POST /v1/api-keys",
            "GET /v1/accounts/me",
            "PATCH /v1/accounts/me",
            "POST /v1/accounts/me/sub-accounts"
        ]
    );
    assert!(!reqs[0].has_api_key);
    assert!(reqs[0].fields.contains(&"user".into()) && reqs[0].fields.contains(&"password".into()));
    for r in &reqs[1..] {
        assert!(r.has_api_key, "{r:?}");
        assert!(
            !r.fields.iter().any(|f| f == "user" || f == "password"),
            "{r:?}"
        );
        assert_eq!(r.peer, LOOPBACK.parse::<IpAddr>().unwrap());
    }
}

#[tokio::test]
async fn bad_credentials_are_refused_without_echoing_the_password() {
    let sim = sim().await;
    let mut cfg = config_for(&sim, DEMO_COMPANY_ID);
    cfg.password = SecretString::new("contraseña-equivocada");
    let c = UndostresClient::new(cfg).unwrap();
    let e = c.request_key(&first_key_input(), None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    assert!(!e.message.contains("contraseña-equivocada"));
    assert!(sim.account(DEMO_COMPANY_ID).unwrap().active);
}

#[tokio::test]
async fn a_rotation_with_an_earlier_expiry_keeps_the_old_key_until_then_and_not_after() {
    let sim = sim().await;
    let (c, first) = keyed(&sim).await;
    let old = first.api_key.clone();
    let asked = OffsetDateTime::now_utc() + Duration::hours(2);
    let second = c
        .request_key(
            &KeyRequestInput {
                allowed_ips: vec![],
                expire_previous_at: Some(rules::PreviousExpiry::At(asked).wire()),
            },
            Some(&first.key),
        )
        .await
        .unwrap();
    // No IPs given: the previous list was kept.
    assert_eq!(second.key.allowed_ips, first.key.allowed_ips);
    let until = second.key.previous_key_expires_at.unwrap();
    assert!(
        (until - asked).abs() < Duration::seconds(1),
        "{until} vs {asked}"
    );
    assert!(second.key.previous_key_valid(sim.now()));
    assert_ne!(second.key.last4, first.key.last4);

    // The old key still works within the window...
    let with_old = UndostresClient::new(UndostresConfig {
        api_key: Some(old),
        ..config_for(&sim, DEMO_COMPANY_ID)
    })
    .unwrap();
    sim.advance_clock(Duration::minutes(110));
    with_old.get_account(&me()).await.unwrap();
    // ...and is refused after it; the new one still works.
    sim.advance_clock(Duration::minutes(15));
    let e = with_old.get_account(&me()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidApiKey);
    assert!(e.message.contains("expired"), "{}", e.message);
    c.get_account(&me()).await.unwrap();
    let states: Vec<_> = sim
        .keys_of(DEMO_COMPANY_ID)
        .iter()
        .map(|k| k.state)
        .collect();
    assert_eq!(
        states,
        [KeyState::Expired, KeyState::Expired, KeyState::Active]
    );
}

#[tokio::test]
async fn a_rotation_retires_the_old_key_in_24_hours_by_default_or_at_once_when_asked() {
    let sim = sim().await;
    let (c, first) = keyed(&sim).await;
    let with_old = UndostresClient::new(UndostresConfig {
        api_key: Some(first.api_key.clone()),
        ..config_for(&sim, DEMO_COMPANY_ID)
    })
    .unwrap();
    let second = c
        .request_key(&KeyRequestInput::default(), Some(&first.key))
        .await
        .unwrap();
    assert_eq!(
        second.key.previous_key_expires_at,
        Some(second.key.created_at + Duration::hours(24))
    );
    sim.advance_clock(Duration::hours(23));
    with_old.get_account(&me()).await.unwrap();
    sim.advance_clock(Duration::hours(2));
    assert_eq!(
        with_old.get_account(&me()).await.unwrap_err().code,
        ErrorCode::InvalidApiKey
    );

    // "now": the key just replaced stops at once.
    let with_second = UndostresClient::new(UndostresConfig {
        api_key: Some(second.api_key.clone()),
        ..config_for(&sim, DEMO_COMPANY_ID)
    })
    .unwrap();
    // The sim clock is 25 h ahead; the client checks against its own.
    let third = c
        .request_key(
            &KeyRequestInput {
                allowed_ips: ips(&[LOOPBACK]),
                expire_previous_at: Some("now".into()),
            },
            Some(&second.key),
        )
        .await
        .unwrap();
    assert!(!third
        .key
        .previous_key_valid(sim.now() + Duration::seconds(1)));
    assert_eq!(
        with_second.get_account(&me()).await.unwrap_err().code,
        ErrorCode::InvalidApiKey
    );
    c.get_account(&me()).await.unwrap();
}

#[tokio::test]
async fn a_key_lapses_after_three_months_and_warns_before() {
    let sim = sim().await;
    let (c, k) = keyed(&sim).await;
    sim.set_clock_offset(k.key.expires_at - OffsetDateTime::now_utc() - Duration::days(10));
    assert_eq!(k.key.expiry_level(sim.now()), ExpiryLevel::Soon);
    c.get_account(&me()).await.unwrap();
    sim.advance_clock(Duration::days(10) - Duration::hours(12));
    assert_eq!(k.key.expiry_level(sim.now()), ExpiryLevel::Urgent);
    c.get_account(&me()).await.unwrap();
    sim.advance_clock(Duration::hours(13));
    assert_eq!(k.key.expiry_level(sim.now()), ExpiryLevel::Expired);
    assert_eq!(
        c.get_account(&me()).await.unwrap_err().code,
        ErrorCode::InvalidApiKey
    );
}

#[tokio::test]
async fn a_call_from_an_ip_outside_the_allow_list_is_refused() {
    let sim = sim().await;
    let c = client(&sim);
    c.request_key(
        &KeyRequestInput {
            allowed_ips: ips(&["203.0.113.7", "198.51.100.20"]),
            expire_previous_at: None,
        },
        None,
    )
    .await
    .unwrap();
    let e = c.get_account(&me()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidApiKey);
    assert!(e.message.contains("allow-list"), "{}", e.message);
    // Support (not the API) adds this computer's address: it works.
    assert!(sim.support_set_ips(
        DEMO_COMPANY_ID,
        vec![LOOPBACK.parse().unwrap(), "203.0.113.7".parse().unwrap()]
    ));
    c.get_account(&me()).await.unwrap();
}

#[tokio::test]
async fn a_sub_account_starts_inactive_and_is_activated_by_its_first_key() {
    let sim = sim().await;
    let (c, _) = keyed(&sim).await;
    let created = c
        .create_sub_account(
            &SubAccountCreateInput {
                names: "Sucursal Puebla".into(),
                document_number: Some("CNO190312PB5".into()),
                email: Some("puebla@comercializadora-norte.mx".into()),
                ..Default::default()
            },
            &AccountTree::new(TreeLimits::default()),
            Some(DEMO_COMPANY_ID),
        )
        .await
        .unwrap();
    assert_eq!(created.created.parent_company_id, DEMO_COMPANY_ID);
    assert!(!created.created.active);
    let creds = created.credentials.clone();
    assert!(!format!("{created:?}").contains(creds.password.expose()));
    assert!(!serde_json::to_string(&created.created)
        .unwrap()
        .contains(creds.password.expose()));
    let created = created.created;
    let child = sim.account(&created.company_id).unwrap();
    assert_eq!((child.depth, child.active), (1, false));

    // Its own credentials request its first key: the account becomes active.
    let sub = UndostresClient::new(UndostresConfig {
        base_url: sim.base_url(),
        user: creds.user.clone(),
        password: creds.password.clone(),
        api_key: None,
        settings: UndostresSettings::default(),
    })
    .unwrap();
    let k = sub.request_key(&first_key_input(), None).await.unwrap();
    assert_eq!(k.company_id, created.company_id);
    assert_eq!(k.key.previous_key_expires_at, None);
    let a = sub.get_account(&me()).await.unwrap();
    assert!(a.active);
    assert_eq!(a.parent_company_id.as_deref(), Some(DEMO_COMPANY_ID));
    // A child cannot see its parent.
    let e = sub
        .get_account(&AccountGetInput {
            company_id: Some(DEMO_COMPANY_ID.parse().unwrap()),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
}

#[tokio::test]
async fn accounts_in_the_sub_tree_can_be_read_and_others_cannot() {
    let sim = sim().await;
    let (c, _) = keyed(&sim).await;
    let kiosco = c
        .get_account(&AccountGetInput {
            company_id: Some("UDT-1004".parse().unwrap()),
        })
        .await
        .unwrap();
    assert_eq!(kiosco.names, "Kiosco Plaza del Sol");
    assert_eq!(
        (kiosco.depth, kiosco.parent_company_id.as_deref()),
        (2, Some("UDT-1002"))
    );
    let e = c
        .get_account(&AccountGetInput {
            company_id: Some("UDT-9999".parse().unwrap()),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn company_data_is_updated_but_email_and_phone_never_leave() {
    let sim = sim().await;
    let (c, _) = keyed(&sim).await;
    let a = c
        .update_account(&AccountUpdateInput {
            names: Some("Comercializadora del Norte y Bajío, S.A. de C.V.".into()),
            webhooks: Some(vec!["https://norte-bajio.mx/hooks/udt".into()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(a.names, "Comercializadora del Norte y Bajío, S.A. de C.V.");
    assert_eq!(a.webhooks, ["https://norte-bajio.mx/hooks/udt"]);
    assert_eq!(
        a.email.as_deref(),
        Some("contacto@comercializadora-norte.mx")
    );
    sim.clear_requests();
    let e = c
        .update_account(&AccountUpdateInput {
            names: Some("Otra".into()),
            email: Some("nuevo@ejemplo.mx".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.fields.unwrap()["email"], not_editable());
    assert!(sim.requests().is_empty());
    // A sub-account's data, by ID.
    let gdl = c
        .update_account(&AccountUpdateInput {
            company_id: Some("UDT-1002".parse().unwrap()),
            document_number: Some("CNO190312GD9".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(gdl.document_number.as_deref(), Some("CNO190312GD9"));
}

#[tokio::test]
async fn invalid_input_never_reaches_the_simulator() {
    let sim = sim().await;
    let (c, k) = keyed(&sim).await;
    let now_plus =
        |h: i64| rules::PreviousExpiry::At(OffsetDateTime::now_utc() + Duration::hours(h)).wire();
    let key_inputs = [
        (
            ips(&["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4"]),
            None,
            Some(&k.key),
            "allowedIps",
        ),
        (ips(&["10.0.0.256"]), None, Some(&k.key), "allowedIps"),
        (
            ips(&["10.0.0.1", "10.0.0.1"]),
            None,
            Some(&k.key),
            "allowedIps",
        ),
        (vec![], None, None, "allowedIps"),
        (vec![], Some(now_plus(25)), Some(&k.key), "expirePreviousAt"),
        (
            ips(&[LOOPBACK]),
            Some("now".to_string()),
            None,
            "expirePreviousAt",
        ),
    ];
    for (allowed_ips, expire_previous_at, prev, field) in key_inputs {
        let e = c
            .request_key(
                &KeyRequestInput {
                    allowed_ips,
                    expire_previous_at,
                },
                prev,
            )
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert!(e.fields.as_ref().unwrap().contains_key(field), "{e:?}");
    }
    // A company ID that would leave its path cannot even be parsed.
    let e = "../../admin".parse::<CompanyId>().unwrap_err();
    assert_eq!(e.code, "company_id_format");
    assert!(c
        .update_account(&AccountUpdateInput {
            phone: Some("+52 81 0000 0000".into()),
            ..Default::default()
        })
        .await
        .is_err());
    assert!(c
        .create_sub_account(
            &SubAccountCreateInput {
                names: "  ".into(),
                ..Default::default()
            },
            &AccountTree::new(TreeLimits::default()),
            None
        )
        .await
        .is_err());
    // A stored key that is not 8-4-4-4-12 is never sent either.
    c.set_api_key(SecretString::new("not-a-key"));
    let e = c.get_account(&me()).await.unwrap_err();
    assert!(e.fields.unwrap().contains_key("apiKey"));
    assert!(!e.message.contains("not-a-key"));
    assert_eq!(log(&sim), Vec::<String>::new());
}

/// The tree as the app knows it: the demo company, read through A2.
async fn known_tree(c: &UndostresClient, limits: TreeLimits) -> AccountTree {
    let mut t = AccountTree::new(limits);
    for id in ["UDT-1001", "UDT-1002", "UDT-1003", "UDT-1004"] {
        let a = c
            .get_account(&AccountGetInput {
                company_id: Some(id.parse().unwrap()),
            })
            .await
            .unwrap();
        t.upsert(&a);
    }
    t
}

#[tokio::test]
async fn depth_is_at_most_two_checked_here_and_by_the_provider() {
    let sim = sim().await;
    let (c, _) = keyed(&sim).await;
    let tree = known_tree(&c, TreeLimits::default()).await;
    let under_kiosco = SubAccountCreateInput {
        parent_company_id: Some("UDT-1004".parse().unwrap()),
        names: "Caja 1".into(),
        ..Default::default()
    };
    sim.clear_requests();
    let e = c
        .create_sub_account(&under_kiosco, &tree, Some(DEMO_COMPANY_ID))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    let f = &e.fields.unwrap()["parentCompanyId"];
    assert_eq!(
        (f.code.as_str(), &f.params["depth"]),
        ("tree_depth", &2.into())
    );
    assert!(sim.requests().is_empty());
    // Without the tree the provider refuses it.
    let e = c
        .create_sub_account(
            &under_kiosco,
            &AccountTree::new(TreeLimits::default()),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    assert_eq!(e.fields.unwrap()["parentCompanyId"].code, "invalid");
    // Depth 1 → 2 is fine.
    let ok = c
        .create_sub_account(
            &SubAccountCreateInput {
                parent_company_id: Some("UDT-1003".parse().unwrap()),
                names: "Kiosco Fundidora".into(),
                ..Default::default()
            },
            &tree,
            None,
        )
        .await
        .unwrap();
    assert_eq!(sim.account(&ok.created.company_id).unwrap().depth, 2);
}

#[tokio::test]
async fn children_per_node_are_c_for_the_root_and_g_below() {
    let sim = Simulator::start(SimConfig {
        limits: TreeLimits {
            root_children: 3,
            children: 2,
        },
        ..Default::default()
    })
    .await
    .unwrap();
    let mut cfg = config_for(&sim, DEMO_COMPANY_ID);
    cfg.settings = UndostresSettings::from_json(&serde_json::json!({
        "max_root_children": 3, "max_children": 2
    }))
    .unwrap();
    let c = UndostresClient::new(cfg).unwrap();
    c.request_key(&first_key_input(), None).await.unwrap();
    let mut tree = known_tree(&c, c.settings().limits).await;
    let view = tree.view();
    assert_eq!(view[0].company_id, DEMO_COMPANY_ID);
    assert_eq!(view[0].remaining_slots, 1);
    let gdl = view.iter().find(|n| n.company_id == "UDT-1002").unwrap();
    assert_eq!((gdl.known_children, gdl.remaining_slots), (1, 1));

    // The root's third child is created; the fourth is refused before sending.
    let new = |names: &str, parent: Option<&str>| SubAccountCreateInput {
        parent_company_id: parent.map(|p| p.parse().unwrap()),
        names: names.into(),
        ..Default::default()
    };
    let third = c
        .create_sub_account(&new("Sucursal León", None), &tree, Some(DEMO_COMPANY_ID))
        .await
        .unwrap();
    tree.add_created(&third.created);
    assert_eq!(tree.remaining_slots(DEMO_COMPANY_ID), Some(0));
    sim.clear_requests();
    let e = c
        .create_sub_account(&new("Sucursal Toluca", None), &tree, Some(DEMO_COMPANY_ID))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    let f = &e.fields.unwrap()["parentCompanyId"];
    assert_eq!(
        (f.code.as_str(), &f.params["max"]),
        ("no_free_slot", &3.into())
    );
    assert!(sim.requests().is_empty());
    // The provider enforces it too (children created elsewhere are unknown here).
    let e = c
        .create_sub_account(
            &new("Sucursal Toluca", None),
            &AccountTree::new(TreeLimits::default()),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    // G below the root: Guadalajara has 1 of 2.
    let g2 = c
        .create_sub_account(&new("Kiosco Andares", Some("UDT-1002")), &tree, None)
        .await
        .unwrap();
    tree.add_created(&g2.created);
    assert_eq!(tree.node(&g2.created.company_id).unwrap().depth, 2);
    let e = c
        .create_sub_account(&new("Kiosco Galerías", Some("UDT-1002")), &tree, None)
        .await
        .unwrap_err();
    let f = &e.fields.unwrap()["parentCompanyId"];
    assert_eq!(
        (f.code.as_str(), &f.params["max"]),
        ("no_free_slot", &2.into())
    );
}

#[tokio::test]
async fn a_lost_key_request_reply_is_outcome_unknown_and_reads_are_retried() {
    let sim = sim().await;
    let mut c = UndostresClient::with_http(
        config_for(&sim, DEMO_COMPANY_ID),
        &HttpConfig::with_timeout(StdDuration::from_millis(400)),
    )
    .unwrap();
    c.set_retry_policy(RetryPolicy {
        backoff: vec![StdDuration::from_millis(1), StdDuration::from_millis(1)],
    });
    sim.inject_fault(Fault::Timeout, 1);
    let e = c.request_key(&first_key_input(), None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
    assert!(!e.retryable);
    assert_eq!(log(&sim), ["POST /v1/api-keys"], "a write is sent once");
    sim.clear_faults();
    c.request_key(&first_key_input(), None).await.unwrap();

    sim.clear_requests();
    sim.inject_fault(Fault::ServerError, 2);
    c.get_account(&me()).await.unwrap();
    assert_eq!(log(&sim).len(), 3, "two 503s, then the answer");

    sim.inject_fault(Fault::ServerError, 1);
    let e = c
        .update_account(&AccountUpdateInput {
            names: Some("X".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderError);

    sim.inject_fault(Fault::MalformedJson, 1);
    assert_eq!(
        c.get_account(&me()).await.unwrap_err().code,
        ErrorCode::MalformedResponse
    );
}

#[tokio::test]
async fn routes_come_from_the_settings() {
    let sim = sim().await;
    let mut cfg = config_for(&sim, DEMO_COMPANY_ID);
    cfg.settings = UndostresSettings::from_json(&serde_json::json!({
        "routes": {"account.get": "GET /v2/cuentas/{company_id}"}
    }))
    .unwrap();
    let c = UndostresClient::new(cfg).unwrap();
    c.request_key(&first_key_input(), None).await.unwrap();
    let e = c
        .get_account(&AccountGetInput {
            company_id: Some("UDT-1002".parse().unwrap()),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(log(&sim).last().unwrap(), "GET /v2/cuentas/UDT-1002");
}

#[tokio::test]
async fn the_demo_company_has_a_two_level_tree_and_a_key_near_expiry() {
    let sim = sim().await;
    let root = sim.account(DEMO_COMPANY_ID).unwrap();
    assert!(root.active && root.depth == 0);
    assert_eq!(sim.account("UDT-1004").unwrap().depth, 2);
    assert!(!sim.account("UDT-1003").unwrap().active);
    let keys = sim.keys_of(DEMO_COMPANY_ID);
    assert_eq!(keys.len(), 1);
    assert_eq!(
        rules::expiry_level(keys[0].expires_at, sim.now()),
        ExpiryLevel::Soon
    );
    let creds = sim.credentials();
    assert_eq!(
        serde_json::to_value(&creds).unwrap(),
        serde_json::json!({"user": creds.user, "password": creds.password})
    );
}

#[tokio::test]
async fn the_clock_knob_works_over_http_for_a_simulator_in_another_process() {
    let sim = sim().await;
    let (c, k) = keyed(&sim).await;
    let offset = k.key.expires_at - OffsetDateTime::now_utc() + Duration::hours(1);
    let now = sandbox::remote_set_clock_offset(&sim.base_url(), offset)
        .await
        .unwrap();
    assert_eq!(k.key.expiry_level(now), ExpiryLevel::Expired);
    assert!((sim.now() - now).abs() < Duration::seconds(5));
    assert_eq!(
        c.get_account(&me()).await.unwrap_err().code,
        ErrorCode::InvalidApiKey
    );
    assert_eq!(
        log(&sim),
        ["GET /v1/accounts/me"],
        "the control is not an API request"
    );
    let e = sandbox::remote_set_clock_offset("http://127.0.0.1:9", Duration::ZERO)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
}
