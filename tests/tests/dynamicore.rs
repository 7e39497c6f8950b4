//! DynamiCore journeys (issue 9) through the real window, against a
//! DynamiCore simulator the test owns: the app's "Sandbox DynamiCore"
//! connection is pointed at it (`VENTANILLA_DYNAMICORE_SANDBOX_URL`), so the
//! test can check what the provider holds and play the signers and the OXXO
//! cashier. Files reach the app by a real OS-level drop (`App::drop_files`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ventanilla_e2e::thirtyfour::prelude::*;
use ventanilla_e2e::{contains, eventually, files_under, text_of, tiny_png, App};
use ventanilla_provider_dynamicore::sandbox::{Sim, SimConfig, DEMO_SECRET};
use ventanilla_vault::{KeychainStore, SecretStore};

const CONNECTION: &str = "Sandbox DynamiCore";
/// The shell's keychain service: one entry per connection id.
const KEYCHAIN_SERVICE: &str = "ventanilla";

/// Demo client 4 (a persona moral): its type's template has two document
/// fields, `razon_social` (listed first, so the default drop target) and
/// `acta_constitutiva`.
const COMPANY: &str = "4";
const FIELD: &str = "acta_constitutiva";
const OTHER_FIELD: &str = "razon_social";
/// Demo client 1, whose first account (100) has 130 movements.
const PERSON: &str = "1";
const ACCOUNT: &str = "100";
/// The file's id in the client's own records, sent with it to Mifiel.
const EXTERNAL_ID: &str = "EXP-BAJIO-2026-0042";

/// A small one-page PDF naming itself (so two of them differ).
fn pdf(title: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n\
1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n\
2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n\
3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n\
% {title}\n\
trailer <</Root 1 0 R>>\n\
%%EOF\n"
    )
    .into_bytes()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// The first element matching `css` once it is there (and displayed).
async fn find(app: &App, css: &str) -> WebElement {
    app.driver
        .query(By::Css(css))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .and_displayed()
        .first()
        .await
        .unwrap_or_else(|e| panic!("nothing visible at {css}: {e}"))
}

/// Waits until the element at `css` exists and is enabled (found afresh
/// each time: a reload may replace the node), then clicks it.
async fn click_enabled(app: &App, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(el) = app.driver.find(By::Css(css)).await {
            if el.is_enabled().await.unwrap_or(false) {
                app.click_el(&el, css).await;
                return;
            }
        }
        assert!(Instant::now() < deadline, "{css} never became enabled");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Starts the app with its DynamiCore sandbox on `sim`, that connection
/// picked in the header, on the "Clientes y cuentas" screen.
async fn launch_on(sim: &Sim, env: &[(&str, &str)]) -> App {
    let url = sim.base_url();
    let mut all = vec![("VENTANILLA_DYNAMICORE_SANDBOX_URL", url.as_str())];
    all.extend_from_slice(env);
    let app = App::launch_with(tempfile::tempdir().unwrap(), &all).await;
    // The screen offers DynamiCore's connections only: the sandbox one is picked.
    app.click("nav-clients").await;
    let header = app.wait_testid("connection-select").await;
    let picked = header
        .find(By::Css("option:checked"))
        .await
        .expect("a picked connection");
    let picked = text_of(&picked).await;
    assert!(picked.starts_with(CONNECTION), "{picked}");
    app.wait_testid("client-row").await;
    app.wait_text("clients-count", "4").await;
    app
}

/// Opens a client's page from the list (by its name's button: WebKitWebDriver
/// finds a bare `<tr>` not interactable).
async fn open_client(app: &App, id: &str, search: &str) {
    app.type_into("clients-search", search).await;
    let css = format!("{}[data-client=\"{id}\"] button", testid("client-row"));
    let name = find(app, &css).await;
    app.click_el(&name, "the client's name").await;
    app.wait_testid("client-header").await;
}

/// Blurs the focused element and waits for the toasts (they live 5 s) to
/// go, so a screenshot shows the screen itself.
async fn settle_for_picture(app: &App) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app.all_testid("toast").await.is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.driver
        .execute(
            "document.activeElement && document.activeElement.blur()",
            Vec::<serde_json::Value>::new(),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
}

/// A client → two files dropped onto one of its PII fields → one sent to
/// Mifiel with two signers → the sandbox signs → the Envelopes inbox shows
/// it signed, beside SIGNIO's envelopes → exported byte for byte (and its
/// XML), nothing else written; the connection's secret is in no file.
#[tokio::test]
async fn client_documents_to_mifiel_signed_and_exported_byte_for_byte() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let files = tempfile::tempdir().unwrap();
    let acta_bytes = pdf("Acta constitutiva - Comercializadora del Bajío");
    let poder_bytes = tiny_png(48, 32);
    let acta = write(files.path(), "acta-constitutiva.pdf", &acta_bytes);
    let poder = write(files.path(), "poder-notarial.png", &poder_bytes);
    let out = tempfile::tempdir().unwrap();
    let save = out.path().join("acta-firmada.pdf");
    let app = launch_on(
        &sim,
        &[("VENTANILLA_E2E_SAVE_PATH", save.to_str().unwrap())],
    )
    .await;

    open_client(&app, COMPANY, "bajio").await;
    app.wait_text("client-name", "Comercializadora").await;
    app.click("client-tab-documents").await;

    // One real drop of both files onto the second field (not the default target).
    let field_css = format!("{}[data-field=\"{FIELD}\"]", testid("doc-field"));
    let field = find(&app, &field_css).await;
    app.drop_files(&[&poder, &acta], &field).await;
    let upload_css = format!("{field_css} {}", testid("doc-upload"));
    eventually("the drop is uploaded into its field", 30, || async {
        match app.driver.find(By::Css(upload_css.as_str())).await {
            Ok(el) => el.attr("data-status").await.ok().flatten().as_deref() == Some("done"),
            Err(_) => false,
        }
    })
    .await;
    assert!(app.all_testid("doc-upload-error").await.is_empty());
    for p in app.all_testid("doc-upload-progress").await {
        assert_eq!(p.attr("value").await.unwrap().as_deref(), Some("100"));
    }
    // The provider holds exactly what was dropped, in that field only.
    let mut stored: Vec<(String, Vec<u8>)> = sim
        .files(COMPANY, FIELD)
        .into_iter()
        .map(|f| (f.name, f.bytes))
        .collect();
    stored.sort();
    assert_eq!(
        stored,
        vec![
            ("acta-constitutiva.pdf".to_string(), acta_bytes.clone()),
            ("poder-notarial.png".to_string(), poder_bytes.clone()),
        ]
    );
    assert!(sim.files(COMPANY, OTHER_FIELD).is_empty());
    // The page lists them under the field once it read the client again.
    let listed_css = format!("{field_css} {}", testid("doc-files"));
    eventually("the field lists both files", 15, || async {
        match app.driver.find(By::Css(listed_css.as_str())).await {
            Ok(el) => {
                let t = text_of(&el).await;
                t.contains("acta-constitutiva.pdf") && t.contains("poder-notarial.png")
            }
            Err(_) => false,
        }
    })
    .await;
    settle_for_picture(&app).await;
    app.screenshot("dynamicore-documents").await;

    // Send the field to Mifiel: the client (prefilled) and its legal representative.
    let before = sim.document_references();
    click_enabled(&app, &format!("{field_css} {}", testid("doc-sign"))).await;
    app.wait_testid("mifiel-dialog").await;
    assert_eq!(app.all_testid("mifiel-signer").await.len(), 1);
    // The first click in the dialog adds a signer (the dialog no longer
    // jumps under it: its groups are FieldGroups, not fieldsets).
    app.click("signer-add").await;
    eventually("a second signer row", 10, || async {
        app.all_testid("signer-name").await.len() == 2
    })
    .await;
    for (id, text) in [
        ("signer-name", "Rafael López Ortega"),
        ("signer-email", "rafael.lopez@ejemplo.mx"),
        ("signer-rfc", "LOOR830910GT7"),
    ] {
        let el = app.all_testid(id).await.remove(1);
        el.clear().await.ok();
        el.send_keys(text).await.unwrap();
    }
    app.type_into("mifiel-external-id", EXTERNAL_ID).await;
    app.click("mifiel-submit").await;
    let reference = text_of(&app.wait_testid("mifiel-reference").await)
        .await
        .trim()
        .to_string();
    let after = sim.document_references();
    assert!(
        !before.contains(&reference) && after.contains(&reference),
        "{reference} is the simulator's new document"
    );
    app.wait_text("mifiel-signed", "0").await;

    // The Envelopes inbox lists it as a DynamiCore row, not signed yet.
    app.click("mifiel-go-envelopes").await;
    let row_css = format!(
        "{}[data-id=\"{reference}\"][data-provider=\"dynamicore\"]",
        testid("envelope-row")
    );
    let row = find(&app, &row_css).await;
    assert!(!text_of(&row).await.contains("Firmado"));

    // Both signers sign (the simulator plays Mifiel); a refresh shows it.
    assert!(sim.sign_document(&reference));
    click_enabled(&app, &testid("envelopes-refresh")).await;
    eventually("the row reads Firmado", 20, || async {
        match app.driver.find(By::Css(row_css.as_str())).await {
            Ok(el) => text_of(&el).await.contains("Firmado"),
            Err(_) => false,
        }
    })
    .await;
    // SIGNIO's sandbox envelopes are listed beside it.
    find(
        &app,
        &format!("{}[data-provider=\"signio\"]", testid("envelope-row")),
    )
    .await;
    settle_for_picture(&app).await;
    app.screenshot("envelopes-mixed").await;

    // Its page: completed, both signers signed; export the signed file.
    let row = find(&app, &row_css).await;
    app.click_el(&row, "the Mifiel row").await;
    app.wait_testid("mifiel-detail").await;
    app.wait_text("mifiel-status", "Firmado").await;
    app.wait_text("mifiel-detail", EXTERNAL_ID).await;
    let signers = app.all_testid("mifiel-signer").await;
    assert_eq!(signers.len(), 2);
    for s in &signers {
        assert!(text_of(s).await.contains("Firmó"), "{}", text_of(s).await);
    }
    click_enabled(&app, &testid("mifiel-export")).await;
    app.wait_text("export-path", save.to_str().unwrap()).await;
    // The signed file is, byte for byte, the dropped file Mifiel was sent
    // (the simulator signs the field's last upload and serves its bytes).
    let sent = sim.files(COMPANY, FIELD).pop().unwrap();
    let dropped = if sent.name == "acta-constitutiva.pdf" {
        &acta_bytes
    } else {
        &poder_bytes
    };
    assert_eq!(&sent.bytes, dropped);
    assert_eq!(&std::fs::read(&save).unwrap(), dropped);
    // Its XML record sits beside it; nothing else is left in the folder.
    let xml = std::fs::read_to_string(save.with_extension("xml")).unwrap();
    assert!(xml.contains(&reference), "{xml}");
    assert!(
        xml.contains(&format!("bytes=\"{}\"", dropped.len())),
        "{xml}"
    );
    let mut left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["acta-firmada.pdf", "acta-firmada.xml"]);
    app.wait_text("export-path", "acta-firmada.xml").await;
    app.screenshot("mifiel-exported").await;

    // Every request the app made was signed with the connection's key.
    let requests = sim.requests();
    assert!(requests.iter().any(|r| r.method == "POST"), "{requests:?}");
    assert!(requests.iter().all(|r| r.authorized), "{requests:?}");

    // The connection's secret is in the keychain, and in no file of the
    // data folder (database, WAL, logs) nor on the page.
    let id = app.sandbox_connection_id("dynamicore").await;
    let entry = KeychainStore::new(KEYCHAIN_SERVICE)
        .get(&id)
        .expect("keychain readable")
        .expect("the connection's keychain entry");
    let secret = entry
        .get("secret")
        .expect("its secret")
        .expose()
        .to_string();
    assert_eq!(secret, DEMO_SECRET);
    assert!(!app.driver.source().await.unwrap().contains(&secret));
    for (path, bytes) in files_under(app.data_dir.path()) {
        assert!(!contains(&bytes, &secret), "the secret is in {path}");
    }
    app.quit().await;
}

/// An account's OXXO cash order: pesos typed, the total confirmed, then the
/// order's OXXO reference shown; the cashier takes the payment (simulator)
/// and the order reads paid. The client page in Spanish and English.
#[tokio::test]
async fn oxxo_order_shows_its_reference_then_paid() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let app = launch_on(&sim, &[]).await;
    open_client(&app, PERSON, "lopez ortega").await;
    app.wait_text("client-name", "Rafael").await;
    app.click("client-tab-accounts").await;
    let account = find(
        &app,
        &format!(
            "{}[data-account=\"{ACCOUNT}\"] button",
            testid("account-row")
        ),
    )
    .await;
    app.click_el(&account, "account 100").await;
    app.wait_text("movements-count", "130").await;

    app.click("account-tab-orders").await;
    app.click("order-create-button").await;
    app.type_into("order-operation", "184").await;
    app.type_into("order-item-name", "Mensualidad diciembre")
        .await;
    app.type_into("order-price", "1250.50").await;
    app.type_into("order-quantity", "2").await;
    app.wait_text("order-total", "$2,501.00").await;
    app.click("order-review").await;
    app.wait_text("order-confirm", "$2,501.00").await;
    app.click("order-confirm-ok").await;

    // The order as Conekta gives it back: its OXXO reference and amount.
    let id = text_of(&app.wait_testid("order-id").await)
        .await
        .trim()
        .to_string();
    assert!(id.starts_with("ord_"), "{id}");
    let result = app.wait_testid("order-result").await;
    let reference = text_of(
        &find(
            &app,
            &format!("{} {}", testid("order-result"), testid("order-reference")),
        )
        .await,
    )
    .await
    .trim()
    .to_string();
    assert!(
        reference.len() >= 10 && reference.chars().all(|c| c.is_ascii_digit()),
        "an OXXO reference: {reference:?} in {}",
        text_of(&result).await
    );
    app.wait_text("order-amount", "$2,501.00 MXN").await;
    app.wait_text("order-status", "Pendiente de pago").await;
    app.click("order-close").await;

    // Paid at the OXXO (the simulator knows the order by the id shown).
    assert!(sim.pay_order(&id), "the simulator has {id}");
    let card_css = format!("{}[data-order=\"{id}\"]", testid("order-card"));
    click_enabled(&app, &format!("{card_css} {}", testid("order-refresh"))).await;
    let status_css = format!("{card_css} {}", testid("order-status"));
    eventually("the order reads paid", 15, || async {
        match app.driver.find(By::Css(status_css.as_str())).await {
            Ok(el) => text_of(&el).await.contains("Pagada"),
            Err(_) => false,
        }
    })
    .await;
    let card = find(&app, &card_css).await;
    assert!(text_of(&card).await.contains(&reference));
    let paid_at = app
        .driver
        .find(By::Css(
            format!("{card_css} {}", testid("order-paid-at")).as_str(),
        ))
        .await
        .expect("the payment's date");
    assert!(!text_of(&paid_at).await.trim().is_empty());

    // The client page in both languages: its accounts and the first one's
    // movements (the page's most), from the top.
    app.click("account-tab-transactions").await;
    app.wait_text("movements-count", "130").await;
    app.wait_testid("movement-row").await;
    app.driver
        .execute(
            "for (let e = document.querySelector('[data-testid=\"client-header\"]'); e; e = e.parentElement) e.scrollTop = 0;",
            Vec::<serde_json::Value>::new(),
        )
        .await
        .unwrap();
    settle_for_picture(&app).await;
    app.screenshot("dynamicore-es").await;
    app.click("lang-en").await;
    app.wait_text("movements-count", "130 records").await;
    settle_for_picture(&app).await;
    app.screenshot("dynamicore-en").await;
    app.click("lang-es").await;
    app.wait_text("movements-count", "130 registros").await;
    app.quit().await;
}
