//! A hostile provider's HTML cannot take the window (issue 7): a link in a
//! ticket thread opens in the (recorded) system browser after a native
//! confirmation that names its host, and the window stays on the app. A page
//! script cannot navigate the window, open another, or name a local path.

use std::time::{Duration, Instant};
use ventanilla_e2e::thirtyfour::prelude::*;
use ventanilla_e2e::{eventually, text_of, App};

/// The demo thread (BackOffice simulator, user 7) with an https link and a
/// `javascript:` one.
const THREAD: &str = "Retiro pendiente desde hace una semana";
const LINK: &str = "https://ayuda.oficina-demo.mx/retiros";

/// Calls a command the way a script in the page could, and returns its
/// result or its error.
async fn invoke(
    app: &App,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    app.driver
        .execute(
            "window.__e2eInvoke = null;\n\
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(\n\
               (ok) => { window.__e2eInvoke = {ok: ok === undefined ? null : ok}; },\n\
               (err) => { window.__e2eInvoke = {err}; });",
            vec![serde_json::json!(cmd), args],
        )
        .await
        .expect("invoke script");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let v: serde_json::Value = app
            .driver
            .execute(
                "return window.__e2eInvoke;",
                Vec::<serde_json::Value>::new(),
            )
            .await
            .ok()
            .and_then(|r| r.convert().ok())
            .unwrap_or_default();
        if let Some(ok) = v.get("ok") {
            return Ok(ok.clone());
        }
        if let Some(err) = v.get("err") {
            return Err(err.clone());
        }
        assert!(Instant::now() < deadline, "{cmd}: no reply");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The window is still the app: same URL, one window, the thread on screen.
async fn still_on_the_app(app: &App, url: &str, what: &str) {
    // Give a navigation, had one started, time to replace the page.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        app.driver.current_url().await.unwrap().as_str(),
        url,
        "{what}: the URL changed"
    );
    assert_eq!(
        app.driver.windows().await.unwrap().len(),
        1,
        "{what}: another window opened"
    );
    app.wait_testid("thread-reply-input").await;
    app.wait_testid("nav-users").await;
}

#[tokio::test]
async fn a_thread_link_opens_in_the_browser_and_nothing_in_the_window() {
    let files = tempfile::tempdir().unwrap();
    let opened = files.path().join("opened-links.txt");
    let asked = files.path().join("asked.txt");
    let app = App::launch_with(
        tempfile::tempdir().unwrap(),
        &[
            ("VENTANILLA_E2E_OPENED_LINKS", opened.to_str().unwrap()),
            ("VENTANILLA_E2E_CONFIRM", "yes"),
            ("VENTANILLA_E2E_ASKED", asked.to_str().unwrap()),
        ],
    )
    .await;
    app.click("nav-users").await;
    app.type_into("user-id-input", "7").await;
    app.click("user-open-button").await;
    app.wait_testid("user-profile").await;
    app.click("tab-tickets").await;
    let row = app.wait_text("ticket-row", THREAD).await;
    row.find(By::Css("td:nth-child(2)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let body = app.wait_text("thread-message", "guía de retiros").await;
    let url = app.driver.current_url().await.unwrap().to_string();
    assert!(
        url.starts_with("tauri://localhost") || url.contains("tauri.localhost"),
        "{url}"
    );

    // The javascript: link is shown as text, not as a link.
    let inert = app.wait_text("inert-link", "ver captura").await;
    assert_eq!(inert.tag_name().await.unwrap(), "span");

    // The https link: Rust asks (natively) naming the host, then opens it in the browser.
    let link = body
        .find(By::Css("[data-testid=external-link]"))
        .await
        .unwrap();
    assert_eq!(text_of(&link).await, "guía de retiros");
    app.click_el(&link, "the thread link").await;
    eventually("the browser is asked to open the link", 15, || {
        let opened = opened.clone();
        async move { std::fs::read_to_string(&opened).is_ok_and(|s| s.lines().any(|l| l == LINK)) }
    })
    .await;
    let question = std::fs::read_to_string(&asked).unwrap();
    assert!(
        question.contains("¿Abrir ayuda.oficina-demo.mx en su navegador?"),
        "{question}"
    );
    still_on_the_app(&app, &url, "after clicking the link").await;
    app.screenshot("thread-link-clicked").await;

    // Clicking the inert one asks nothing and opens nothing.
    app.click_el(&inert, "the javascript: link").await;
    still_on_the_app(&app, &url, "after clicking the javascript: link").await;
    assert_eq!(std::fs::read_to_string(&opened).unwrap().lines().count(), 1);

    // Past the UI: a script cannot navigate the window or open another one.
    app.driver
        .execute(
            "const a = document.createElement('a');\n\
             a.href = 'https://evil.example/phish'; a.target = '_blank';\n\
             document.body.appendChild(a); a.click(); a.remove();\n\
             window.open('https://evil.example/popup');\n\
             setTimeout(() => { window.location.href = 'https://evil.example/takeover'; }, 50);",
            Vec::<serde_json::Value>::new(),
        )
        .await
        .unwrap();
    still_on_the_app(&app, &url, "after a script tried to navigate").await;

    // Nor open a non-https link, or a local file by its path.
    let err = invoke(
        &app,
        "open_link",
        serde_json::json!({"url": "http://evil.example/x"}),
    )
    .await
    .unwrap_err();
    assert_eq!(err["code"], "VALIDATION", "{err}");
    for cmd in ["file_info", "sg_files_check"] {
        let args = if cmd == "file_info" {
            serde_json::json!({"token": "/etc/passwd"})
        } else {
            serde_json::json!({"tokens": ["/etc/passwd"]})
        };
        let err = invoke(&app, cmd, args).await.unwrap_err();
        assert_eq!(err["code"], "VALIDATION", "{cmd}: {err}");
        assert!(
            !err.to_string().contains("root:"),
            "{cmd} read the file: {err}"
        );
    }
    // An operation takes a drop token too, never a path (the desktop Host).
    let conns = invoke(&app, "connections_list", serde_json::json!({}))
        .await
        .unwrap();
    let bo = conns
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["provider"] == "backoffice")
        .expect("the BackOffice sandbox")["id"]
        .clone();
    for (provider, name, input) in [
        (
            "signio",
            "document.upload",
            serde_json::json!({"envelopeId": "00000000-0000-4000-8000-000000000001", "file": "/etc/passwd"}),
        ),
        (
            "backoffice",
            "user.edit",
            serde_json::json!({"userId": 7, "edit": {"mobile": "5500000000"}, "profileImage": "/etc/passwd"}),
        ),
    ] {
        let conn = if provider == "backoffice" {
            bo.clone()
        } else {
            "nope".into()
        };
        let args = serde_json::json!({"provider": provider, "connectionId": conn, "name": name, "input": input});
        let err = invoke(&app, "op", args).await.unwrap_err();
        assert_eq!(err["code"], "VALIDATION", "{name}: {err}");
        assert!(
            !err.to_string().contains("root:"),
            "{name} read the file: {err}"
        );
    }
    let err = invoke(
        &app,
        "file_info",
        serde_json::json!({"path": "/etc/passwd"}),
    )
    .await
    .unwrap_err();
    assert!(!err.to_string().contains("root:"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap().lines().count(),
        1,
        "nothing else was opened"
    );
    app.screenshot("thread-link-after-attempts").await;
    app.quit().await;
}
