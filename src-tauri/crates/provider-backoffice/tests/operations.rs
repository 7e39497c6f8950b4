//! Every one of the 21 BackOffice operations, through the real adapter,
//! against the simulator over loopback HTTP.

mod common;

use common::*;
use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_provider_backoffice::sandbox::{SimConfig, Simulator, DEMO_USER_ID};
use ventanilla_provider_backoffice::users::*;

const NOBODY: u64 = 999_999;

#[tokio::test]
async fn login_reports_who_the_connection_is_and_logs_field_names_only() {
    let sim = sim().await;
    let c = client(&sim);
    let s = c.login().await.unwrap();
    assert_eq!(s.user_id, DEMO_USER_ID);
    assert_eq!(s.username, sim.credentials().username);
    assert!(!s.sponsor.is_empty() && s.referral_link.contains(&s.username));
    // "MM-DD-YYYY HH:mm"
    assert_eq!(s.expires.len(), 16, "{}", s.expires);
    let reqs = sim.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        (reqs[0].method.as_str(), reqs[0].path.as_str()),
        ("POST", "/api/v1/login/")
    );
    assert_eq!(reqs[0].fields, vec!["username", "password"]);
    assert!(!format!("{reqs:?}").contains(&sim.credentials().password));
}

#[tokio::test]
async fn user_is_read_with_the_id_it_was_asked_by() {
    let sim = sim().await;
    let c = client(&sim);
    let u = c.user(DEMO_USER_ID).await.unwrap();
    assert_eq!(u.id, DEMO_USER_ID);
    assert_eq!(u.username, "mariana.ortega");
    assert_eq!(
        (u.first_name.as_str(), u.country_code.as_str()),
        ("Mariana", "MX")
    );
    assert!(!u.request_token_on_edit);
    assert!(u.profile_image.is_some());
    let e = c.user(NOBODY).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.message.contains("User not found."), "{}", e.message);
}

#[tokio::test]
async fn the_four_catalogs() {
    let sim = sim().await;
    let c = client(&sim);
    let legs = c.catalog(Catalog::Legs).await.unwrap();
    let ids: Vec<_> = legs.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["left", "right", "binary_tank", "balanced"]);
    let locales = c.catalog(Catalog::Locales).await.unwrap();
    let ids: Vec<_> = locales.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        ["en", "es", "ko", "zhCN", "vi", "ja", "zhHK", "ms", "km", "ph"]
    );
    assert!(locales.iter().all(|l| l
        .image
        .as_deref()
        .is_some_and(|i| i.starts_with("https://"))));
    let countries = c.catalog(Catalog::Countries).await.unwrap();
    assert!(countries.len() >= 30);
    for cc in ["MX", "NI", "CO", "ES", "US", "AR", "VE", "UY"] {
        assert!(countries.iter().any(|c| c.id == cc), "{cc}");
    }
    let cash = c.catalog(Catalog::CashoutCurrencies).await.unwrap();
    assert!(cash.iter().any(|c| c.name == "USDT" && c.id == "470"));
}

#[tokio::test]
async fn dashboard_numbers_wallets_by_position() {
    let sim = sim().await;
    let c = client(&sim);
    let d = c.dashboard(DEMO_USER_ID).await.unwrap();
    let ids: Vec<u32> = d.wallets.iter().map(|w| w.wallet_id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert_eq!(d.wallets[0].name, "Lifetime Earning");
    assert!(d.wallets.iter().all(|w| w.amount.parse::<f64>().is_ok()));
    assert_eq!(d.matrix_dimensions, "3 / 3");
    assert!(
        d.permanent_missing.parse::<f64>().is_ok() && d.temporal_missing.parse::<f64>().is_ok()
    );
    assert_eq!(d.growth_dates.len(), d.growth_users.len());
    assert!(!d.popular_countries.is_empty());
    // The wallet's balance is the last transaction's balance.
    let first = c
        .wallet(WalletQuery {
            wallet_id: 2,
            user_id: pid(DEMO_USER_ID),
            page: 1,
        })
        .await
        .unwrap();
    let last = c
        .wallet(WalletQuery {
            wallet_id: 2,
            user_id: pid(DEMO_USER_ID),
            page: first.total_pages,
        })
        .await
        .unwrap();
    assert_eq!(
        last.transactions.last().unwrap().balance,
        d.wallets[1].amount
    );
    assert_eq!(
        c.dashboard(NOBODY).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn notices_and_products() {
    let sim = sim().await;
    let c = client(&sim);
    let n = c.notices(DEMO_USER_ID).await.unwrap();
    assert!(!n.general.is_empty() && !n.user.is_empty() && !n.plan.is_empty());
    let p = c.products(DEMO_USER_ID).await.unwrap();
    assert!(p
        .iter()
        .any(|p| p.plan == "Star 4" && p.price == 300.0 && p.currency == "USD"));
    assert_eq!(
        c.notices(NOBODY).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        c.products(NOBODY).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn team_tree_and_matrix() {
    let sim = sim().await;
    let c = client(&sim);
    let team = c.team(DEMO_USER_ID).await.unwrap();
    assert!(team.len() >= 5, "user 7 sponsors at least users 8-12");
    assert!(team.iter().all(|m| m.level == 1));
    assert!(team.iter().any(|m| m.id == 8));
    fn depth(m: &TeamMember) -> u32 {
        1 + m.children.iter().map(depth).max().unwrap_or(0)
    }
    assert!(
        team.iter().map(depth).max().unwrap() >= 2,
        "the team has more than one level"
    );
    let e = c.team(NOBODY).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(
        e.fields.unwrap()["user_id"].message,
        "user_id doesn't exist."
    );

    let m = c
        .matrix(DEMO_USER_ID)
        .await
        .unwrap()
        .expect("user 7 is in the matrix");
    assert_eq!((m.id, m.level), (DEMO_USER_ID, 0));
    let ids = [&m.left, &m.center, &m.right].map(|c| c.as_ref().unwrap().id);
    assert_eq!(ids, [20, 21, 22]);
    assert!(!m.last_node);
    assert_eq!(
        c.matrix(NOBODY).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn resources_by_category() {
    let sim = sim().await;
    let c = client(&sim);
    let cats = c.resource_categories().await.unwrap();
    let titles: Vec<_> = cats.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Photos",
            "Videos",
            "Files",
            "Presentations",
            "PDFs",
            "Documents",
            "Spreadsheets"
        ]
    );
    let videos = c.resources(2).await.unwrap();
    assert!(!videos.is_empty() && videos.iter().all(|r| r.video.is_some() && r.file.is_none()));
    let pdfs = c.resources(5).await.unwrap();
    assert!(pdfs
        .iter()
        .all(|r| r.video.is_none() && r.file.as_deref().unwrap().ends_with(".pdf")));
    assert!(c.resources(999).await.unwrap().is_empty());
}

#[tokio::test]
async fn tickets_threads_and_sanitized_html() {
    let sim = sim().await;
    let c = client(&sim);
    let tickets = c.tickets(DEMO_USER_ID).await.unwrap();
    assert!(tickets.len() >= 4);
    assert!(tickets.iter().any(|t| t.status == "New"));
    let mut saw_payload = false;
    for t in &tickets {
        for m in c.thread(t.id).await.unwrap() {
            let h = m.content_html.to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "javascript:",
                "<img",
                "style=",
            ] {
                assert!(!h.contains(bad), "{bad} in {h}");
            }
            assert!(
                !m.content_text.contains('<') || m.content_text.contains("<3"),
                "{}",
                m.content_text
            );
            assert!(!m.content_text.contains("alert("), "{}", m.content_text);
            if m.content_text.contains("Adjunto la captura") {
                saw_payload = true;
            }
        }
    }
    assert!(saw_payload, "the demo data carries a hostile message");
    let e = c.thread(NOBODY).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.fields.unwrap().contains_key("ticket_id"));
    assert_eq!(
        c.tickets(NOBODY).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn a_created_ticket_and_its_replies_show_up() {
    let sim = sim().await;
    let c = client(&sim);
    let before = c.tickets(8).await.unwrap().len();
    let ack = c
        .create_ticket(&NewTicket {
            user_id: pid(8),
            subject: "Problemas APP".into(),
            comment: "Tengo problemas con el <cashout> & más".into(),
        })
        .await
        .unwrap();
    assert_eq!(ack.message, "Ticket created successfully.");
    let tickets = c.tickets(8).await.unwrap();
    assert_eq!(tickets.len(), before + 1);
    let t = tickets.iter().max_by_key(|t| t.id).unwrap();
    assert_eq!(
        (t.subject.as_str(), t.status.as_str()),
        ("Problemas APP", "New")
    );
    let thread = c.thread(t.id).await.unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(
        thread[0].content_text,
        "Tengo problemas con el <cashout> & más"
    );

    let ack = c
        .reply(&NewThreadMessage {
            ticket_id: pid(t.id),
            content: "<b>Gracias</b>, lo revisamos".into(),
        })
        .await
        .unwrap();
    assert_eq!(ack.message, "Ticket thread created successfully.");
    let thread = c.thread(t.id).await.unwrap();
    assert_eq!(thread.len(), 2);
    assert_eq!(thread[1].content_html, "<b>Gracias</b>, lo revisamos");
    assert_eq!(thread[1].content_text, "Gracias, lo revisamos");
    let posts: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/api/v1/threads")
        .collect();
    assert_eq!(posts[0].fields, vec!["ticket_id", "content"]);
}

#[tokio::test]
async fn ticket_and_reply_errors_in_both_shapes() {
    let sim = sim().await;
    let c = client(&sim);
    let e = c
        .create_ticket(&NewTicket {
            user_id: pid(NOBODY),
            subject: "x".into(),
            comment: "y".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(
        e.fields.unwrap()["user_id"].message,
        "user_id doesn't exist."
    );
    let e = c
        .create_ticket(&NewTicket {
            user_id: pid(8),
            subject: " ".into(),
            comment: "".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    let f = e.fields.unwrap();
    assert_eq!(
        (f["subject"].message.as_str(), f["comment"].message.as_str()),
        ("can't be blank", "can't be blank")
    );
    let e = c
        .reply(&NewThreadMessage {
            ticket_id: pid(NOBODY),
            content: "hola".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(
        e.fields.unwrap()["ticket_id"].message,
        "ticket_id doesn't exist."
    );
    let e = c
        .reply(&NewThreadMessage {
            ticket_id: pid(1),
            content: "  ".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    assert_eq!(e.fields.unwrap()["content"].code, "blank");
}

fn new_user(user_name: &str, email: &str) -> NewUser {
    NewUser {
        sponsor: "mariana.ortega".into(),
        first_name: "Yubelkis".into(),
        last_name: "Rivera".into(),
        email: email.into(),
        user_name: user_name.into(),
        mobile: "88888888".into(),
        password: SecretString::new("abcd1234"),
        country_code: "NI".into(),
    }
}

#[tokio::test]
async fn a_created_user_joins_the_sponsors_team() {
    let sim = sim().await;
    let c = client(&sim);
    let ack = c
        .create_user(&new_user("yubelkis.rivera", "yubelkis@example.com"))
        .await
        .unwrap();
    assert_eq!(ack.message, "User created successfully.");
    let team = c.team(DEMO_USER_ID).await.unwrap();
    let member = team
        .iter()
        .find(|m| m.username == "yubelkis.rivera")
        .expect("in the sponsor's team");
    assert_eq!(member.level, 1);
    let u = c.user(member.id).await.unwrap();
    assert_eq!(
        (u.first_name.as_str(), u.country_code.as_str()),
        ("Yubelkis", "NI")
    );
    // New users hold no matrix position.
    assert_eq!(c.matrix(member.id).await.unwrap(), None);
    // ... and can log in with the password they were given.
    let mut cfg = config(&sim);
    cfg.username = "yubelkis.rivera".into();
    cfg.password = SecretString::new("abcd1234");
    let s = ventanilla_provider_backoffice::BackofficeClient::new(cfg)
        .unwrap()
        .login()
        .await
        .unwrap();
    assert_eq!(
        (s.user_id, s.sponsor.as_str()),
        (member.id, "mariana.ortega")
    );
}

#[tokio::test]
async fn duplicate_and_invalid_users_are_rejected_with_fields() {
    let sim = sim().await;
    let c = client(&sim);
    c.create_user(&new_user("oscar.rivera", "oscar@example.com"))
        .await
        .unwrap();
    let mut dup = new_user("OSCAR.RIVERA", "oscar@example.com");
    dup.country_code = "XX".into();
    let e = c.create_user(&dup).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    assert!(e.message.contains("The data is invalid."), "{}", e.message);
    let f = e.fields.unwrap();
    assert_eq!(f["user_name"].code, "taken");
    assert_eq!(f["email"].code, "taken");
    assert_eq!(f["country_code"].code, "not_in_list");

    let blank = NewUser {
        sponsor: "".into(),
        first_name: "".into(),
        last_name: "".into(),
        email: "".into(),
        user_name: "".into(),
        mobile: "".into(),
        password: SecretString::new(""),
        country_code: "".into(),
    };
    let e = c.create_user(&blank).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    let f = e.fields.unwrap();
    assert_eq!(f.len(), 8);
    assert!(f.values().all(|v| v.code == "blank"));
}

fn png(dir: &std::path::Path, bytes: usize) -> std::path::PathBuf {
    let p = dir.join("foto de perfil.png");
    let mut data = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    data.extend((0..bytes - 8).map(|i| (i % 253) as u8));
    std::fs::write(&p, data).unwrap();
    p
}

#[tokio::test]
async fn edit_user_streams_the_image_and_sends_language_and_locale() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let image = png(dir.path(), 300_000);
    let edit = UserEdit {
        first_name: Some("Mariana Isabel".into()),
        language: Some("en".into()),
        default_leg: Some("left".into()),
        profile_image: Some(image),
        ..Default::default()
    };
    let ack = c.edit_user(DEMO_USER_ID, &edit).await.unwrap();
    assert_eq!(ack.message, "User updated successfully.");
    let u = c.user(DEMO_USER_ID).await.unwrap();
    assert_eq!(
        (
            u.first_name.as_str(),
            u.language.as_str(),
            u.default_leg.as_str()
        ),
        ("Mariana Isabel", "en", "left")
    );
    assert_eq!(u.last_name, "Ortega", "fields not sent are untouched");
    assert!(u.profile_image.unwrap().contains("foto_de_perfil.png"));
    assert_eq!(
        sim.uploaded_image(DEMO_USER_ID),
        Some(("foto de perfil.png".to_string(), 300_000))
    );
    let put = sim
        .requests()
        .into_iter()
        .find(|r| r.method == "PUT")
        .unwrap();
    assert_eq!(put.path, "/api/v1/users/7");
    for f in [
        "first_name",
        "language",
        "locale",
        "default_leg",
        "profile_image",
    ] {
        assert!(
            put.fields.iter().any(|x| x == f),
            "{f} not sent: {:?}",
            put.fields
        );
    }
    assert!(!put.fields.iter().any(|x| x == "token" || x == "email"));

    let e = c
        .edit_user(
            DEMO_USER_ID,
            &UserEdit {
                country_code: Some("XX".into()),
                language: Some("tlh".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ProviderRejected);
    let f = e.fields.unwrap();
    assert_eq!(
        (
            f["country_code"].message.as_str(),
            f["language"].message.as_str()
        ),
        ("is not included in the list", "is not included in the list")
    );
    let e = c
        .edit_user(
            NOBODY,
            &UserEdit {
                first_name: Some("x".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn token_on_edit_needs_a_fresh_single_use_emailed_token() {
    let sim = sim().await;
    let c = client(&sim);
    sim.set_token_on_edit(true);
    assert!(c.user(8).await.unwrap().request_token_on_edit);
    let edit = |token: Option<&str>| UserEdit {
        mobile: Some("5512345678".into()),
        token: token.map(String::from),
        ..Default::default()
    };
    let e = c.edit_user(8, &edit(None)).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::SecurityTokenRequired);
    assert!(
        e.message.contains("Security token validation failed."),
        "{}",
        e.message
    );
    assert_eq!(
        e.fields.as_ref().unwrap()["token"].message,
        "Token is not valid!"
    );
    assert_eq!(
        c.edit_user(8, &edit(Some("0000"))).await.unwrap_err().code,
        ErrorCode::SecurityTokenRequired
    );

    let ack = c.send_security_token(8).await.unwrap();
    assert_eq!(
        ack.message,
        "A token was sent to you email. It expires in 1 hour."
    );
    let sent = sim.outbox().last().cloned().unwrap();
    assert_eq!(sent.user_id, 8);
    assert_eq!(sent.token.len(), 20);
    assert!(sent.sent_at_ms > 1_700_000_000_000);
    // Another user's token does not open this user.
    c.send_security_token(9).await.unwrap();
    let other = sim.outbox().last().cloned().unwrap();
    assert_eq!(
        c.edit_user(8, &edit(Some(&other.token)))
            .await
            .unwrap_err()
            .code,
        ErrorCode::SecurityTokenRequired
    );

    c.edit_user(8, &edit(Some(&sent.token))).await.unwrap();
    assert_eq!(c.user(8).await.unwrap().mobile, "5512345678");
    // Single use.
    assert_eq!(
        c.edit_user(8, &edit(Some(&sent.token)))
            .await
            .unwrap_err()
            .code,
        ErrorCode::SecurityTokenRequired
    );
    // Expires after an hour.
    c.send_security_token(8).await.unwrap();
    let late = sim.outbox().last().cloned().unwrap();
    sim.advance_clock(std::time::Duration::from_secs(3601));
    assert_eq!(
        c.edit_user(8, &edit(Some(&late.token)))
            .await
            .unwrap_err()
            .code,
        ErrorCode::SecurityTokenRequired
    );

    assert_eq!(
        c.send_security_token(NOBODY).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    sim.set_token_on_edit(false);
    assert!(!c.user(8).await.unwrap().request_token_on_edit);
    c.edit_user(8, &edit(None)).await.unwrap();
}

#[tokio::test]
async fn wallet_pages_hold_thirty_and_cover_every_transaction_once() {
    let sim = sim().await;
    let c = client(&sim);
    let q = |page| WalletQuery {
        wallet_id: 1,
        user_id: pid(DEMO_USER_ID),
        page,
    };
    let first = c.wallet(q(1)).await.unwrap();
    assert_eq!(first.current_page, 1);
    assert!(first.total_pages >= 3, "{}", first.total_pages);
    let mut ids = Vec::new();
    for page in 1..=first.total_pages {
        let p = c.wallet(q(page)).await.unwrap();
        assert_eq!((p.current_page, p.total_pages), (page, first.total_pages));
        if page < first.total_pages {
            assert_eq!(p.transactions.len(), WALLET_PAGE_SIZE);
        } else {
            assert!((1..=WALLET_PAGE_SIZE).contains(&p.transactions.len()));
        }
        ids.extend(p.transactions.iter().map(|t| t.id));
    }
    let expected: Vec<u64> = (1..=ids.len() as u64).collect();
    assert_eq!(ids, expected);
    let past = c.wallet(q(first.total_pages + 1)).await.unwrap();
    assert!(past.transactions.is_empty());
    assert!(
        first.transactions.iter().any(|t| t.amount.starts_with('-'))
            || c.wallet(q(2))
                .await
                .unwrap()
                .transactions
                .iter()
                .any(|t| t.amount.starts_with('-'))
    );
    let e = c
        .wallet(WalletQuery {
            wallet_id: 1,
            user_id: pid(NOBODY),
            page: 1,
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(
        c.wallet(WalletQuery {
            wallet_id: 9,
            user_id: pid(DEMO_USER_ID),
            page: 1
        })
        .await
        .unwrap_err()
        .code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let a = Simulator::start(SimConfig {
        seed: 11,
        ..Default::default()
    })
    .await
    .unwrap();
    let b = Simulator::start(SimConfig {
        seed: 11,
        ..Default::default()
    })
    .await
    .unwrap();
    let z = Simulator::start(SimConfig {
        seed: 12,
        ..Default::default()
    })
    .await
    .unwrap();
    let (ca, cb, cz) = (client(&a), client(&b), client(&z));
    let names = |v: Vec<TeamMember>| v.into_iter().map(|m| m.username).collect::<Vec<_>>();
    assert_eq!(ca.user(100).await.unwrap(), cb.user(100).await.unwrap());
    assert_eq!(
        names(ca.team(1).await.unwrap()),
        names(cb.team(1).await.unwrap())
    );
    assert_ne!(ca.user(100).await.unwrap(), cz.user(100).await.unwrap());
    a.shutdown().await;
}

/// A BackOffice id in a test (never 0).
fn pid(n: u64) -> ventanilla_core::id::PositiveId {
    ventanilla_core::id::PositiveId::new(n).unwrap()
}
