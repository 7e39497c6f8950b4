//! A hostile SIGNIO names its documents (and their ids) as paths: an export
//! writes only directly inside the folder the user chose.

use std::path::{Path, PathBuf};
use ventanilla_core::connection::ConnectionInput;
use ventanilla_core::envelopes::*;
use ventanilla_core::op::{BoxFuture, Host};
use ventanilla_core::SecretString;
use ventanilla_provider_signio::model::*;
use ventanilla_provider_signio::ops::{DocumentUpload, EnvelopeCreate, ExportAllDocuments};
use ventanilla_provider_signio::sandbox::{SimConfig, Simulator};
use ventanilla_provider_signio::Signio;
use ventanilla_service::{Options, SandboxMode, Secrets, Service};

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn traversal_names_and_ids_never_write_outside_the_chosen_folder() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let creds = sim.credentials();
    let data = tempfile::tempdir().unwrap();
    let svc = Service::open(Options {
        data_dir: data.path().to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Off,
    })
    .await
    .unwrap();
    svc.add_connection(ConnectionInput {
        name: "Hostil".into(),
        provider: "signio".into(),
        base_url: sim.base_url(),
        secrets: Some(
            [("email", &creds.email), ("password", &creds.password)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), SecretString::new(v.as_str())))
                .collect(),
        ),
        settings: None,
    })
    .await
    .unwrap();

    // root/uploads holds what we send; root/box/out is the chosen folder.
    let root = tempfile::tempdir().unwrap();
    let uploads = root.path().join("uploads");
    let out = root.path().join("box").join("out");
    std::fs::create_dir_all(&uploads).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let abs = std::env::temp_dir().join(format!("ventanilla-escape-{}", std::process::id()));
    let abs = abs.to_str().unwrap().to_owned();
    let hostile: Vec<(String, String)> = vec![
        ("doc-a".into(), "../../../x".into()),
        ("doc-b".into(), abs.clone()),
        ("doc-c".into(), "..\\x".into()),
        ("doc-d".into(), "factura\u{202E}fdp.exe".into()),
        ("doc-e".into(), "CON".into()),
        ("../../../y".into(), String::new()),
        (format!("{abs}-id"), "..".into()),
        ("..\\w".into(), String::new()),
        ("doc\u{202E}gpj.exe".into(), "   ".into()),
    ];

    let sg = "Hostil";
    let envelope = NewEnvelope {
        name: "Hostil".into(),
        ..Default::default()
    };
    let env = svc
        .exec::<Signio, _>(sg, EnvelopeCreate { envelope }, &Paths(None))
        .await
        .unwrap();
    for (i, (id, name)) in hostile.iter().enumerate() {
        let f = uploads.join(format!("d{i}.pdf"));
        std::fs::write(&f, format!("%PDF documento {i}")).unwrap();
        let upload = DocumentUpload {
            envelope_id: env.parse().unwrap(),
            file: f.to_string_lossy().into_owned(),
            transfer_id: None,
        };
        let up = svc
            .exec::<Signio, _>(sg, upload, &Paths(None))
            .await
            .unwrap();
        sim.rename_document(&env, &up.document_id, id, name)
            .unwrap();
    }

    // A temporary file left in the folder by a killed export, long ago.
    let stale = out.join(".ventanilla-k1LL3d.part");
    std::fs::write(&stale, b"half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();

    let before = files_under(root.path());
    let all = ExportAllDocuments {
        envelope_id: env.parse().unwrap(),
        transfer_id: None,
    };
    let result = match svc
        .exec::<Signio, _>(sg, all, &Paths(Some(out.clone())))
        .await
        .unwrap()
    {
        FolderExport::Saved {
            documents, failed, ..
        } => Saved { documents, failed },
        FolderExport::Cancelled => panic!("not cancelled"),
    };
    assert_eq!(
        result.documents.len() + result.failed.len(),
        hostile.len(),
        "every document is saved or listed as failed: {result:?}"
    );
    assert!(
        result.documents.len() >= 6,
        "the hostile names themselves are saved, cleaned: {result:?}"
    );
    assert!(!stale.exists(), "the stale .part file is removed");

    let after = files_under(root.path());
    let new: Vec<&PathBuf> = after.iter().filter(|p| !before.contains(p)).collect();
    let canon_out = out.canonicalize().unwrap();
    for p in &new {
        assert_eq!(
            p.parent().unwrap().canonicalize().unwrap(),
            canon_out,
            "{p:?} is outside the chosen folder"
        );
        let name = p.file_name().unwrap().to_str().unwrap();
        assert!(
            !name.contains('\u{202E}') && !name.starts_with('.'),
            "{name:?}"
        );
        assert!(name.ends_with(".pdf"), "{name:?}");
    }
    assert_eq!(new.len(), result.documents.len());
    let names: Vec<String> = new
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in ["_._._x.pdf", "_x.pdf", "facturafdp.exe.pdf", "_CON.pdf"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    // Nothing landed beside the folder, above it, or at the absolute paths.
    for p in [
        root.path().join("x"),
        root.path().join("box").join("x"),
        root.path().join("y"),
        root.path().join("y.pdf"),
    ] {
        assert!(!p.exists(), "{p:?}");
    }
    assert!(!Path::new(&abs).exists());
    assert!(!Path::new(&format!("{abs}-id.pdf")).exists());
    for r in &result.documents {
        assert_eq!(
            Path::new(&r.path).parent().unwrap().canonicalize().unwrap(),
            canon_out
        );
    }
}

#[tokio::test]
async fn stale_temp_files_in_the_data_folder_are_removed_on_open() {
    let data = tempfile::tempdir().unwrap();
    let stale = data.path().join(".ventanilla-0ld.part");
    let fresh = data.path().join(".ventanilla-n3w.part");
    let other = data.path().join("notes.part");
    for p in [&stale, &fresh, &other] {
        std::fs::write(p, b"x").unwrap();
    }
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    let _svc = Service::open(Options {
        data_dir: data.path().to_owned(),
        secrets: Secrets::MemoryOnly,
        sandbox: SandboxMode::Off,
    })
    .await
    .unwrap();
    assert!(!stale.exists());
    assert!(
        fresh.exists(),
        "a write in progress in another process is left alone"
    );
    assert!(other.exists(), "not ours");
}

#[derive(Debug)]
struct Saved {
    documents: Vec<ExportedDocument>,
    failed: Vec<ExportFailure>,
}

/// Files are the paths given; exports go to the folder the test chose.
struct Paths(Option<PathBuf>);

impl Host for Paths {
    fn file(&self, reference: &str) -> ventanilla_core::Result<PathBuf> {
        Ok(reference.into())
    }
    fn save_as<'a>(
        &'a self,
        _: &'a str,
    ) -> BoxFuture<'a, ventanilla_core::Result<Option<PathBuf>>> {
        Box::pin(async { Ok(self.0.clone()) })
    }
    fn folder(&self) -> BoxFuture<'_, ventanilla_core::Result<Option<PathBuf>>> {
        Box::pin(async { Ok(self.0.clone()) })
    }
    fn transfer(&self, _: Option<&str>, _: TransferKind, _: &str) -> TransferControl {
        TransferControl::default()
    }
}
