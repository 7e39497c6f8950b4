//! `make screenshot`: the README's picture of the real window, taken on a
//! first start in sandbox mode (the Envelopes inbox: the DynamiCore
//! simulator's Mifiel documents and the SIGNIO simulator's envelopes).
//! Ignored by `make test`; the output path comes from `VENTANILLA_SCREENSHOT`.

use std::time::Duration;
use ventanilla_e2e::App;

#[tokio::test]
#[ignore = "writes docs/screenshot.png; run by `make screenshot`"]
async fn readme_screenshot() {
    let out = std::env::var("VENTANILLA_SCREENSHOT").expect("VENTANILLA_SCREENSHOT");
    let app = App::launch().await;
    app.click("nav-envelopes").await;
    app.wait_testid("envelope-row").await;
    // Let the refresh from the simulator replace the cached rows.
    tokio::time::sleep(Duration::from_secs(2)).await;
    app.driver
        .screenshot(std::path::Path::new(&out))
        .await
        .expect("screenshot");
    app.quit().await;
}
