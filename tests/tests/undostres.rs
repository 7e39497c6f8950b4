//! The UnDosTres journey of issue 8, through the real window on a first
//! start (sandbox): the API keys screen shows the sandbox key → rotate with
//! two IPs → the new expiry and the old key's 24-hour window appear →
//! create a sub-account → its connection exists, and its password is in
//! neither history nor the data folder (only in the keychain).

use std::time::Duration;
use ventanilla_core::SecretString;
use ventanilla_e2e::thirtyfour::prelude::*;
use ventanilla_e2e::{contains, files_under, text_of, App};
use ventanilla_vault::{KeychainStore, SecretStore};

/// The shell's keychain service (`ventanilla_service::KEYCHAIN_SERVICE`):
/// one entry per connection id, inside the test's private keyring session.
const KEYCHAIN_SERVICE: &str = "ventanilla";

fn secret_of(connection_id: &str, field: &str) -> SecretString {
    let all = KeychainStore::new(KEYCHAIN_SERVICE)
        .get(connection_id)
        .expect("keychain readable")
        .unwrap_or_else(|| panic!("no keychain entry for {connection_id}"));
    all.get(field)
        .unwrap_or_else(|| panic!("no {field} in {connection_id}'s entry"))
        .clone()
}

/// The element with `data-testid=id` inside `el`, once it is there.
async fn find_in(el: &WebElement, id: &str) -> WebElement {
    el.query(By::Css(format!("[data-testid=\"{id}\"]").as_str()))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .first()
        .await
        .unwrap_or_else(|e| panic!("no [data-testid={id}] inside: {e}"))
}

#[tokio::test]
async fn api_keys_rotate_and_create_a_sub_account() {
    let app = App::launch().await;
    // The sandbox's demo key is about 10 days from expiry: the header says so.
    app.wait_text("key-notice", "vence en").await;
    app.click("nav-apikeys").await;

    // The sandbox connection's key, as it may be shown: its last 4 only.
    let row = app.wait_text("apikey-last4", "••••").await;
    let last4_before = text_of(&row).await;
    app.wait_text("apikey-expires-in", "vence en").await;
    app.wait_text("apikey-account", "Activa").await;
    let sandbox = app.wait_testid("apikey-row").await;
    let sandbox_name = sandbox.attr("data-connection").await.unwrap().unwrap();
    app.wait_testid("subaccount-node").await;
    tokio::time::sleep(Duration::from_millis(500)).await; // let it paint
    app.screenshot("undostres-start").await;

    // Rotate with two IPs (loopback first: the simulator checks the caller's
    // address, and the rest of the journey calls it with the new key).
    app.click("apikey-rotate").await;
    app.wait_text("key-wizard", &sandbox_name).await;
    app.type_into("key-ip-0", "127.0.0.1").await;
    if app.all_testid("key-ip-1").await.is_empty() {
        app.click("key-ip-add").await;
    }
    app.type_into("key-ip-1", "203.0.113.10").await;
    for extra in app.all_testid("key-ip-remove-2").await {
        app.click_el(&extra, "remove the third IP").await;
    }
    app.click("key-next").await;
    // The old key's expiry: 24 h unless told otherwise, consequences spelled out.
    let recommended = app.wait_testid("key-prev-24h").await;
    assert!(
        recommended.is_selected().await.unwrap(),
        "24 h is the default"
    );
    app.wait_text("key-wizard", "Las dos claves funcionan hasta")
        .await;
    app.click("key-next").await;
    app.wait_text("key-confirm-ips", "127.0.0.1, 203.0.113.10")
        .await;
    app.wait_text("key-confirm-previous", "24 horas").await;
    app.click("key-submit").await;

    // The new expiry (about 3 months) and the old key's 24-hour window.
    app.wait_text("key-result", "Clave nueva emitida").await;
    let expiry = text_of(&app.wait_testid("key-result-expiry").await).await;
    let days: i64 = expiry
        .split("(en ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no day count in {expiry:?}"));
    assert!(
        (85..=92).contains(&days),
        "a new key lasts 3 months: {expiry}"
    );
    app.wait_text("key-result-previous", "sigue funcionando hasta")
        .await;
    app.click("key-done").await;
    // A 3-month key: the header warning is gone.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !app.all_testid("key-notice").await.is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the expiry warning stayed after the rotation"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    // The row now shows the new key, both IPs and the replaced key's window.
    let row = app.wait_testid("apikey-row").await;
    let last4 = find_in(&row, "apikey-last4").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while text_of(&last4).await == last4_before {
        assert!(
            std::time::Instant::now() < deadline,
            "the row kept the old key"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    app.wait_text("apikey-ips", "203.0.113.10").await;
    app.wait_text("apikey-previous", "válida hasta").await;
    // A sub-account under the main account.
    let names = format!("Kiosco Sur {}", std::process::id());
    app.click("subaccount-create").await;
    app.type_into("subaccount-names", &names).await;
    app.click("subaccount-submit").await;
    let created = app.wait_text("subaccount-created", &names).await;
    let connection_id = created
        .attr("data-connection-id")
        .await
        .unwrap()
        .expect("the new connection's id");
    app.click("subaccount-copy-password").await;
    app.wait_toast("success", &["portapapeles"]).await;
    app.screenshot("undostres-subaccount").await;
    // The password never reached the page: it is only in the keychain.
    let password = secret_of(&connection_id, "password");
    assert!(password.expose().len() >= 8, "a real password was stored");
    let page = app.driver.source().await.unwrap();
    assert!(
        !page.contains(password.expose()),
        "the password is on the page"
    );
    app.driver
        .action_chain()
        .send_keys(Key::Escape)
        .perform()
        .await
        .unwrap();

    // The screen now lists the sub-account's connection (no key yet) and
    // the tree shows it under the main account: the README's pictures.
    app.wait_text("apikey-row", &names).await;
    app.wait_text("subaccount-node", &names).await;
    // The pictures without the toasts (they live 5 s).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !app.all_testid("toast").await.is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // No focus ring left on the last button clicked.
    app.driver
        .execute(
            "document.activeElement && document.activeElement.blur()",
            Vec::<serde_json::Value>::new(),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("undostres-es").await;

    // The same screen in English.
    app.click("lang-en").await;
    app.wait_text("apikey-previous", "valid until").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("undostres-en").await;
    app.click("lang-es").await;

    // Its connection exists.
    app.click("nav-connections").await;
    app.wait_text("connection-row", &names).await;

    // History recorded the creation, without the password.
    app.click("nav-history").await;
    app.wait_text("history-row", "subaccount.create").await;
    let page = app.driver.source().await.unwrap();
    assert!(
        !page.contains(password.expose()),
        "the password is in history"
    );
    let api_key = secret_of(&app.sandbox_connection_id("undostres").await, "api_key");
    for (path, bytes) in files_under(app.data_dir.path()) {
        assert!(
            !contains(&bytes, password.expose()),
            "the password is in {path}"
        );
        assert!(
            !contains(&bytes, api_key.expose()),
            "the API key is in {path}"
        );
    }
    app.quit().await;
}
