//! Issue 8 item 1, in the real window: the UnDosTres connection form's
//! "Advanced settings" lists the provider's routes with their defaults and
//! marks them as Ventanilla's assumption (UNDOSTRES 2.5); C and G are not.

use ventanilla_e2e::thirtyfour::prelude::*;
use ventanilla_e2e::{text_of, App};

#[tokio::test]
async fn undostres_connection_form_marks_assumed_routes() {
    let app = App::launch().await;
    app.click("nav-connections").await;
    let row = app.wait_text("connection-row", "Sandbox UnDosTres").await;
    let edit = row
        .find(By::Css("[data-testid=\"connection-edit-button\"]"))
        .await
        .expect("the row's edit button");
    app.click_el(&edit, "edit the UnDosTres sandbox").await;
    app.wait_testid("connection-dialog").await;
    assert!(
        app.all_testid("conn-setting-routes.key.request")
            .await
            .is_empty(),
        "the section starts collapsed"
    );
    app.click("conn-settings-toggle").await;

    let badge = app
        .wait_text("setting-assumed-routes.key.request", "supuesto")
        .await;
    let why = badge.attr("title").await.unwrap().unwrap_or_default();
    assert!(why.contains("UNDOSTRES 2.5"), "{why}");
    let input = app.wait_testid("conn-setting-routes.key.request").await;
    assert_eq!(
        input.attr("placeholder").await.unwrap().as_deref(),
        Some("POST /v1/api-keys")
    );
    let c = app.wait_testid("conn-setting-max_root_children").await;
    assert_eq!(c.attr("placeholder").await.unwrap().as_deref(), Some("5"));
    assert!(app
        .all_testid("setting-assumed-max_root_children")
        .await
        .is_empty());
    let section = app.wait_testid("conn-settings").await;
    let text = text_of(&section).await;
    assert!(
        text.contains("La documentación del proveedor no da esas rutas"),
        "{text}"
    );

    // Bring the section into view for the shot.
    app.driver
        .execute(
            "arguments[0].scrollIntoView({block: 'start'});",
            vec![section.to_json().unwrap()],
        )
        .await
        .unwrap();
    app.screenshot("connection-settings-es").await;
    app.quit().await;
}
