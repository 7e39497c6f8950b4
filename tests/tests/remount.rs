//! A form opened right after start survives the first seconds: nothing that
//! finishes late in start-up (the sandboxes' setup, the header's checks, the
//! restored screen and connection) may close it or drop what was typed.

use std::time::Duration;
use ventanilla_e2e::App;

#[tokio::test]
async fn a_dialog_opened_at_start_keeps_its_input() {
    let app = App::launch().await;
    // Marks this page load: a reload of the page would lose it.
    app.driver
        .execute("window.__e2eSamePage = true;", vec![])
        .await
        .unwrap();
    app.click("nav-connections").await;
    app.click("connection-add-button").await;
    app.wait_testid("connection-dialog").await;
    app.type_into("conn-name", "Borrador a medias").await;

    tokio::time::sleep(Duration::from_secs(10)).await;

    let same_page: bool = app
        .driver
        .execute("return window.__e2eSamePage === true;", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(same_page, "the page was loaded again");
    // Which screen the app is on, to tell a reset of the shell from one of the screen.
    let current: String = app
        .driver
        .execute(
            "const el = document.querySelector('[aria-current=page]');\n\
             return el ? el.dataset.testid : 'none';",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(current, "nav-connections", "still on Connections");
    assert_eq!(
        app.all_testid("connection-dialog").await.len(),
        1,
        "the dialog is still open"
    );
    let name = app.wait_testid("conn-name").await;
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("Borrador a medias"),
        "the typed name is still there"
    );
    app.quit().await;
}
