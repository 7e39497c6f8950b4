//! SIGNIO envelope journeys (issue 3) through the real window, against a
//! SIGNIO simulator the test owns (added as a connection through the
//! Connections screen), so the test can play the signers and check what the
//! provider holds. Files reach the app by a real OS-level drop (XDND, see
//! `App::drop_files`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
use ventanilla_e2e::{eventually, text_of, tiny_png, App};
use ventanilla_provider_signio::sandbox::{SimConfig, SimHandle, Simulator};

const CONNECTION: &str = "Firma SIGNIO";

/// SIGNIO state numbers (shared/providers.md §5.5).
const IN_ELABORATION: u8 = 1;
const PENDING_SIGNATURE: u8 = 2;
const SIGNED: u8 = 3;

/// A small, well-formed one-page PDF.
fn tiny_pdf() -> Vec<u8> {
    b"%PDF-1.4\n\
1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n\
2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n\
3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n\
trailer <</Root 1 0 R>>\n\
%%EOF\n"
        .to_vec()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Waits until the element at `css` exists and is enabled, and returns it
/// (found afresh each time: action buttons are disabled while the envelope's
/// allowed actions load, a click then does nothing, and a reload may
/// replace the node).
async fn enabled(app: &App, css: &str) -> WebElement {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(el) = app.driver.find(By::Css(css)).await {
            if el.is_enabled().await.unwrap_or(false) {
                return el;
            }
        }
        assert!(Instant::now() < deadline, "{css} never became enabled");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Clicks `data-testid=id` once it is enabled.
async fn click_enabled(app: &App, id: &str) {
    let el = enabled(app, &testid(id)).await;
    app.click_el(&el, id).await;
}

fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Adds the simulator as a SIGNIO connection through the Connections screen.
async fn add_signio_connection(app: &App, sim: &SimHandle) {
    let c = sim.credentials();
    app.click("nav-connections").await;
    app.click("connection-add-button").await;
    app.type_into("conn-name", CONNECTION).await;
    app.select_value("conn-provider", "signio").await;
    app.type_into("conn-base-url", &sim.base_url()).await;
    app.type_into("conn-secret-email", &c.email).await;
    app.type_into("conn-secret-password", &c.password).await;
    app.click("conn-save").await;
    app.wait_text("connection-row", CONNECTION).await;
}

/// Opens the Envelopes screen on our connection.
async fn open_envelopes(app: &App) {
    app.click("nav-envelopes").await;
    app.select_text("connection-select", CONNECTION).await;
    app.wait_testid("envelope-new-button").await;
}

struct Signer {
    name: &'static str,
    identity: &'static str,
    email: &'static str,
}

const SIGNERS: [Signer; 2] = [
    Signer {
        name: "Lucía Restrepo",
        identity: "1020304051",
        email: "lucia.restrepo@ejemplo.co",
    },
    Signer {
        name: "Andrés Gómez",
        identity: "1020304052",
        email: "andres.gomez@ejemplo.co",
    },
];

/// Runs the create wizard: name → drop `files` (a real OS drop) → add
/// `signers` → link signer i to document i for signature → order → distribute.
/// Returns the new envelope's id (found in the simulator: the one new draft).
async fn create_and_distribute(
    app: &App,
    sim: &SimHandle,
    name: &str,
    files: &[&Path],
    signers: &[Signer],
) -> String {
    assert_eq!(files.len(), signers.len(), "one document per signer");
    let drafts_before: HashSet<String> =
        sim.envelopes_in_state(IN_ELABORATION).into_iter().collect();

    app.click("envelope-new-button").await;
    app.type_into("wizard-name", name).await;
    click_enabled(app, "wizard-next").await; // creates the draft, on to documents
    let zone = app.wait_testid("drop-zone").await;
    let mut new_drafts = vec![];
    eventually("the simulator holds the new draft", 15, || {
        new_drafts = sim
            .envelopes_in_state(IN_ELABORATION)
            .into_iter()
            .filter(|id| !drafts_before.contains(id))
            .collect();
        std::future::ready(new_drafts.len() == 1)
    })
    .await;
    let id = new_drafts.remove(0);

    // Documents: one real drop of all files at once.
    app.drop_files(files, &zone).await;
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    eventually("every dropped file is uploaded", 30, || async {
        let rows = app.all_testid("upload-row").await;
        let mut done = vec![];
        for r in &rows {
            if r.attr("data-status").await.ok().flatten().as_deref() == Some("done") {
                done.push(r.attr("data-name").await.ok().flatten().unwrap_or_default());
            }
        }
        rows.len() == names.len() && names.iter().all(|n| done.contains(n))
    })
    .await;
    assert!(app.all_testid("upload-error").await.is_empty());
    // Every row shows a finished progress bar.
    for p in app.all_testid("upload-progress").await {
        assert_eq!(p.attr("value").await.unwrap().as_deref(), Some("100"));
    }
    assert_eq!(sim.document_count(&id), Some(files.len()));
    app.screenshot("envelope-uploaded").await;
    click_enabled(app, "wizard-next").await;

    // Signers.
    for (i, s) in signers.iter().enumerate() {
        app.type_into("signer-name", s.name).await;
        app.select_value("signer-identity-type", "CC").await;
        app.type_into("signer-identity", s.identity).await;
        app.type_into("signer-email", s.email).await;
        click_enabled(app, "signer-save").await;
        app.wait_text("signer-row", s.name).await;
        eventually("the signer row is listed", 10, || async {
            app.all_testid("signer-row").await.len() == i + 1
        })
        .await;
    }
    click_enabled(app, "wizard-next").await;

    // Links: rows are the signers in the order added, columns the documents
    // in upload order; signer i signs document i.
    app.wait_testid("link-choice").await;
    let choices = app.all_testid("link-choice").await;
    assert_eq!(choices.len(), signers.len() * files.len());
    for i in 0..signers.len() {
        let el = &choices[i * files.len() + i];
        thirtyfour::components::SelectElement::new(el)
            .await
            .unwrap()
            .select_by_value("signature")
            .await
            .unwrap();
    }
    click_enabled(app, "wizard-next").await; // applies the links
    app.wait_testid("order-row").await;
    click_enabled(app, "wizard-next").await; // applies the order
    app.wait_testid("wizard-review").await;
    app.screenshot("envelope-review").await;
    click_enabled(app, "wizard-distribute").await;
    eventually("the envelope is pending signature", 15, || {
        std::future::ready(sim.state(&id) == Some(PENDING_SIGNATURE))
    })
    .await;
    app.wait_text("envelope-detail", &id).await;
    id
}

/// The document rows of the open envelope: (document id, row text).
async fn document_rows(app: &App) -> Vec<(String, String, WebElement)> {
    let mut out = vec![];
    for r in app.all_testid("envelope-document-row").await {
        let id = r.attr("data-id").await.ok().flatten().unwrap_or_default();
        out.push((id, text_of(&r).await, r));
    }
    out
}

/// create → drop a PDF and a PNG → two signers → link → distribute → the
/// sandbox signs → export one document, then all: the files on disk are
/// byte for byte what the simulator serves as signed.
#[tokio::test]
async fn envelope_from_dropped_files_signed_and_exported_byte_for_byte() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let files = tempfile::tempdir().unwrap();
    let pdf_bytes = tiny_pdf();
    let png_bytes = tiny_png(64, 40);
    let pdf = write(files.path(), "contrato-servicios.pdf", &pdf_bytes);
    let png = write(files.path(), "cedula-anverso.png", &png_bytes);
    let out = tempfile::tempdir().unwrap();
    let one = out.path().join("contrato-firmado.pdf");
    let all_dir = out.path().join("todos");
    std::fs::create_dir(&all_dir).unwrap();

    let app = App::launch_with(
        tempfile::tempdir().unwrap(),
        &[
            ("VENTANILLA_E2E_SAVE_PATH", one.to_str().unwrap()),
            ("VENTANILLA_E2E_SAVE_DIR", all_dir.to_str().unwrap()),
        ],
    )
    .await;
    add_signio_connection(&app, &sim).await;
    open_envelopes(&app).await;
    let name = format!("Contrato de servicios {}", std::process::id());
    let id = create_and_distribute(&app, &sim, &name, &[&pdf, &png], &SIGNERS).await;

    // What was dropped is what the provider stores.
    let rows = document_rows(&app).await;
    assert_eq!(
        rows.len(),
        2,
        "{:?}",
        rows.iter().map(|r| &r.1).collect::<Vec<_>>()
    );
    let doc_of = |file: &str| {
        rows.iter()
            .find(|r| r.1.contains(file))
            .unwrap_or_else(|| panic!("no document row for {file}"))
            .0
            .clone()
    };
    let (pdf_doc, png_doc) = (
        doc_of("contrato-servicios.pdf"),
        doc_of("cedula-anverso.png"),
    );
    assert_eq!(sim.uploaded_bytes(&id, &pdf_doc).unwrap(), pdf_bytes);
    assert_eq!(sim.uploaded_bytes(&id, &png_doc).unwrap(), png_bytes);

    // The signers sign (the sandbox plays them), the app sees it.
    sim.sign(&id, None).unwrap();
    assert_eq!(sim.state(&id), Some(SIGNED));
    app.click("envelope-refresh").await;
    eventually("both signatures are shown", 15, || async {
        app.all_testid("signature-row").await.len() == 2
    })
    .await;

    // Export one document through the (answered) save dialog.
    let export = enabled(
        &app,
        &format!(
            "[data-testid=\"envelope-document-row\"][data-id=\"{pdf_doc}\"] {}",
            testid("document-export-button")
        ),
    )
    .await;
    app.click_el(&export, "document-export-button").await;
    app.wait_text("export-path", one.to_str().unwrap()).await;
    let signed_pdf = sim.signed_document_bytes(&id, &pdf_doc).unwrap();
    assert_ne!(signed_pdf, pdf_bytes, "signing changes the document");
    assert_eq!(std::fs::read(&one).unwrap(), signed_pdf);
    app.screenshot("envelope-exported").await;

    // Export all into the (answered) folder.
    click_enabled(&app, "export-all-button").await;
    app.wait_text("export-result", all_dir.to_str().unwrap())
        .await;
    for (doc, file) in [
        (&pdf_doc, "contrato-servicios.pdf"),
        (&png_doc, "cedula-anverso.png"),
    ] {
        let got = std::fs::read(all_dir.join(file))
            .unwrap_or_else(|e| panic!("{file} in the export folder: {e}"));
        assert_eq!(got, sim.signed_document_bytes(&id, doc).unwrap(), "{file}");
    }
    // Nothing else (no temporary files) is left in the folder.
    assert_eq!(std::fs::read_dir(&all_dir).unwrap().count(), 2);
    app.quit().await;
}

/// Delete is refused while the envelope is out for signature (the button is
/// disabled and says why); after returning it to draft, delete works. On the
/// way, its magic link opens in the browser.
#[tokio::test]
async fn delete_refused_after_distribute_allowed_after_return() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let files = tempfile::tempdir().unwrap();
    let pdf = write(files.path(), "pagare.pdf", &tiny_pdf());
    let opened = files.path().join("opened-links.txt");
    let app = App::launch_with(
        tempfile::tempdir().unwrap(),
        &[("VENTANILLA_E2E_OPENED_LINKS", opened.to_str().unwrap())],
    )
    .await;
    add_signio_connection(&app, &sim).await;
    open_envelopes(&app).await;
    let name = format!("Pagaré {}", std::process::id());
    let id = create_and_distribute(&app, &sim, &name, &[&pdf], &SIGNERS[..1]).await;

    // The magic link: issued with its expiry, opened in the (recorded) browser.
    click_enabled(&app, "magic-link-button").await;
    let url = text_of(&app.wait_testid("magic-link-url").await).await;
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(!text_of(&app.wait_testid("magic-link-expiry").await)
        .await
        .trim()
        .is_empty());
    app.click("magic-link-open").await;
    eventually("the browser is asked to open the magic link", 15, || {
        std::future::ready(
            std::fs::read_to_string(&opened).is_ok_and(|s| s.lines().eq([url.trim()])),
        )
    })
    .await;
    app.screenshot("envelope-magic-link").await;

    // The reason shows once the allowed actions are known (before, every
    // action button is disabled for lack of them).
    let reason = text_of(&app.wait_testid("envelope-delete-button-reason").await).await;
    assert!(!reason.trim().is_empty(), "the reason is shown");
    let delete = app.wait_testid("envelope-delete-button").await;
    assert!(
        !delete.is_enabled().await.unwrap(),
        "delete must be disabled once sent (reason shown: {reason:?})"
    );
    app.screenshot("envelope-delete-refused").await;

    click_enabled(&app, "envelope-return-button").await;
    eventually("the envelope is back in elaboration", 15, || {
        std::future::ready(sim.state(&id) == Some(IN_ELABORATION))
    })
    .await;
    let delete = enabled(&app, &testid("envelope-delete-button")).await;
    assert!(app
        .all_testid("envelope-delete-button-reason")
        .await
        .is_empty());
    app.click_el(&delete, "envelope-delete-button").await;
    app.click("confirm-ok").await;
    eventually("the simulator no longer has the envelope", 15, || {
        std::future::ready(sim.state(&id).is_none())
    })
    .await;
    eventually("the detail view is gone", 15, || async {
        app.all_testid("envelope-detail").await.is_empty()
    })
    .await;
    // Back in the inbox (the simulator's other envelopes), for a look.
    enabled(&app, &testid("envelopes-refresh")).await;
    app.screenshot("envelopes-inbox").await;
    app.quit().await;
}
