//! Whole journeys through the real window, against the sandbox.

use std::time::Duration;
use ventanilla_core::SecretString;
use ventanilla_e2e::App;
use ventanilla_provider_backoffice::sandbox::{SimConfig, Simulator};
use ventanilla_provider_backoffice::{BackofficeClient, BackofficeConfig};

/// A first start: no connection configured → the app runs its BackOffice
/// simulator and a "Sandbox" connection; opening user 7 shows the profile.
#[tokio::test]
async fn first_start_in_sandbox_opens_user_7() {
    // The simulator's demo data is deterministic: ask a twin what user 7 is.
    let twin = Simulator::start(SimConfig::default()).await.unwrap();
    let c = twin.credentials();
    let client = BackofficeClient::new(BackofficeConfig {
        base_url: twin.base_url(),
        api_key: SecretString::new(c.api_key.clone()),
        username: c.username.clone(),
        password: SecretString::new(c.password.clone()),
    })
    .unwrap();
    let expected = client.user(7).await.expect("demo user 7");

    let app = App::launch().await;
    // The sandbox connection is active and visibly labelled.
    app.wait_testid("active-sandbox-badge").await;
    app.click("nav-users").await;
    app.type_into("user-id-input", "7").await;
    app.click("user-open-button").await;
    let profile = app.wait_text("user-profile", &expected.username).await;
    let text = ventanilla_e2e::text_of(&profile).await;
    assert!(text.contains(&expected.first_name), "{text}");
    assert!(text.contains(&expected.email), "{text}");
    app.screenshot("user-7").await;
    app.quit().await;
}

/// Create a ticket, reply in its thread: both appear.
#[tokio::test]
async fn ticket_created_and_replied_in_its_thread() {
    let app = App::launch().await;
    app.click("nav-users").await;
    app.type_into("user-id-input", "7").await;
    app.click("user-open-button").await;
    app.wait_testid("user-profile").await;
    app.click("tab-tickets").await;
    app.click("ticket-new-button").await;
    let subject = format!("No puedo retirar mis comisiones {}", std::process::id());
    app.type_into("ticket-subject", &subject).await;
    app.type_into("ticket-comment", "Al solicitar el retiro aparece un error.")
        .await;
    app.click("ticket-submit").await;
    let row = app.wait_text("ticket-row", &subject).await;
    // Click the subject cell: WebKitWebDriver finds a bare <tr> not interactable.
    row.find(thirtyfour::By::Css("td:nth-child(2)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_testid("thread-reply-input").await;
    let reply = "Gracias, ya lo estamos revisando.";
    app.type_into("thread-reply-input", reply).await;
    app.click("thread-reply-submit").await;
    app.wait_text("thread-message", reply).await;
    app.screenshot("ticket-thread").await;
    app.quit().await;
}

/// Adds a connection through the Connections screen.
async fn add_connection(
    app: &App,
    name: &str,
    base_url: &str,
    api_key: &str,
    user: &str,
    password: &str,
) {
    app.click("nav-connections").await;
    app.click("connection-add-button").await;
    app.type_into("conn-name", name).await;
    app.type_into("conn-base-url", base_url).await;
    app.type_into("conn-secret-api_key", api_key).await;
    app.type_into("conn-secret-username", user).await;
    app.type_into("conn-secret-password", password).await;
    app.click("conn-save").await;
    app.wait_text("connection-row", name).await;
}

/// A blank create-user form: every field error shows and nothing reaches the provider.
#[tokio::test]
async fn blank_new_user_shows_field_errors_and_sends_nothing() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let c = sim.credentials();
    let app = App::launch().await;
    add_connection(
        &app,
        "Staging",
        &sim.base_url(),
        &c.api_key,
        &c.username,
        &c.password,
    )
    .await;
    app.click("nav-users").await;
    let select = app.wait_testid("connection-select").await;
    thirtyfour::components::SelectElement::new(&select)
        .await
        .unwrap()
        .select_by_partial_text("Staging")
        .await
        .expect("the Staging connection is offered");
    app.click("user-create-button").await;
    app.wait_testid("user-create-submit").await;
    tokio::time::sleep(Duration::from_millis(500)).await; // let the country picker load
    sim.clear_requests();
    app.click("user-create-submit").await;
    for field in [
        "first_name",
        "last_name",
        "email",
        "user_name",
        "mobile",
        "password",
    ] {
        app.wait_testid(&format!("field-error-{field}")).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        sim.requests().is_empty(),
        "nothing may be sent: {:?}",
        sim.requests()
    );
    app.screenshot("blank-user").await;
    app.quit().await;
}

/// A connection with a wrong API key: Test shows the provider's own message.
#[tokio::test]
async fn wrong_api_key_shows_the_providers_message() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let c = sim.credentials();
    let app = App::launch().await;
    add_connection(
        &app,
        "Producción",
        &sim.base_url(),
        "clave-equivocada",
        &c.username,
        &c.password,
    )
    .await;
    let row = app.wait_text("connection-row", "Producción").await;
    row.find(thirtyfour::By::Css(
        "[data-testid=\"connection-test-button\"]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    app.wait_text("connection-test-result", "The API Key is not valid.")
        .await;
    app.screenshot("wrong-api-key").await;
    app.quit().await;
}

/// A real OS-level drop (X11 drag-and-drop from a GTK drag source, driven by
/// xdotool) of a PNG onto the Edit-user dialog: the dialog shows the file, the
/// save uploads it, and the provider received exactly that file.
#[tokio::test]
async fn profile_image_dropped_from_the_desktop_is_uploaded() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let c = sim.credentials();
    let files = tempfile::tempdir().unwrap();
    let png = files.path().join("avatar-ana.png");
    let bytes = ventanilla_e2e::tiny_png(48, 32);
    std::fs::write(&png, &bytes).unwrap();

    let app = App::launch().await;
    add_connection(
        &app,
        "Staging",
        &sim.base_url(),
        &c.api_key,
        &c.username,
        &c.password,
    )
    .await;
    app.click("nav-users").await;
    app.select_text("connection-select", "Staging").await;
    app.type_into("user-id-input", "7").await;
    app.click("user-open-button").await;
    app.wait_testid("user-profile").await;
    app.click("user-edit-button").await;
    let zone = app.wait_testid("profile-drop-zone").await;

    app.drop_files(&[png.as_path()], &zone).await;
    app.wait_text("profile-image-file", "avatar-ana.png").await;
    app.screenshot("profile-image-dropped").await;

    app.click("user-edit-submit").await;
    // Not the earlier "connection saved" toast: the one for this save.
    app.wait_toast("success", &["updated", "actualizado"]).await;
    assert_eq!(
        sim.uploaded_image(7),
        Some(("avatar-ana.png".to_string(), bytes.len() as u64)),
        "the simulator received the dropped file, whole"
    );
    app.quit().await;
}
