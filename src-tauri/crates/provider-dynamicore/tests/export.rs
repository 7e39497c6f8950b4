//! Mifiel's files downloaded as `mifiel.export` does: the signature goes to
//! the connection's own origin only (a file host elsewhere gets no
//! `Authorization`), redirects are refused, a file past the size cap is
//! refused, and a failed download leaves nothing behind.

use ventanilla_core::envelopes::TransferControl;
use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_http::hostile::{Behavior, HostileServer};
use ventanilla_provider_dynamicore::*;

fn pdf(body: &[u8]) -> Behavior {
    Behavior::Reply {
        status: 200,
        content_type: "application/pdf".into(),
        body: body.to_vec(),
    }
}

fn client(base: &str) -> DynamicoreClient {
    DynamicoreClient::new(DynamicoreConfig {
        base_url: base.into(),
        client_key: "ck_test".into(),
        secret: SecretString::new("sk_test_secret"),
        settings: DynamicoreSettings::default(),
    })
    .unwrap()
}

fn left_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn the_signature_goes_to_the_connections_origin_only() {
    let own = HostileServer::start(vec![(
        "GET /api/v1/documents/d1/file_signed",
        pdf(b"%PDF propio"),
    )])
    .await;
    let other = HostileServer::start(vec![("GET /files/d1.pdf", pdf(b"%PDF ajeno"))]).await;
    let c = client(&own.base_url());
    let dir = tempfile::tempdir().unwrap();
    let control = TransferControl::default();

    let a = dir.path().join("propio.pdf");
    let x = c
        .download("/api/v1/documents/d1/file_signed", &a, 1 << 20, &control)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), b"%PDF propio");
    assert_eq!(x.bytes, 11);
    let auth = own.requests()[0].header("authorization").map(str::to_owned);
    assert!(auth.is_some_and(|h| h.starts_with("Ictineo ck_test:")));

    let b = dir.path().join("ajeno.pdf");
    c.download(
        &format!("{}/files/d1.pdf", other.base_url()),
        &b,
        1 << 20,
        &control,
    )
    .await
    .unwrap();
    assert_eq!(std::fs::read(&b).unwrap(), b"%PDF ajeno");
    let seen = &other.requests()[0];
    assert_eq!(seen.header("authorization"), None, "{seen:?}");
}

#[tokio::test]
async fn a_redirect_is_refused_and_nothing_is_saved() {
    let other = HostileServer::start(vec![("", pdf(b"%PDF"))]).await;
    let own = HostileServer::start(vec![(
        "GET /f",
        Behavior::redirect(302, format!("{}/stolen", other.base_url())),
    )])
    .await;
    let c = client(&own.base_url());
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("firmado.pdf");
    let e = c
        .download("/f", &dest, 1 << 20, &TransferControl::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Redirect, "{e:?}");
    assert!(other.requests().is_empty(), "the redirect was followed");
    assert!(left_in(dir.path()).is_empty());
}

/// A server that sends a PDF of `len` bytes chunked (no Content-Length).
async fn chunked_pdf(len: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ntransfer-encoding: chunked\r\n\r\n";
                if s.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b'x'; 16 * 1024];
                let mut sent = 0;
                while sent < len {
                    let n = chunk.len().min(len - sent);
                    let framed = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
                    if s.write_all(&framed).await.is_err() {
                        return;
                    }
                    sent += n;
                }
                let _ = s.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_file_past_the_cap_is_refused_with_or_without_a_length() {
    let big = vec![b'x'; 300_000];
    let announced = HostileServer::start(vec![("GET /f", pdf(&big))]).await;
    // Without a length the stream is cut at the first progress step past
    // the cap (every 512 KiB), long before the 2 MB arrive.
    let chunked = chunked_pdf(2_000_000).await;
    let dir = tempfile::tempdir().unwrap();
    for base in [announced.base_url(), chunked] {
        let e = client(&base)
            .download(
                "/f",
                &dir.path().join("f.pdf"),
                100_000,
                &TransferControl::default(),
            )
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseTooLarge, "{base}: {e:?}");
        assert_eq!(e.fields.unwrap()["file"].code, "download_too_large");
        assert!(
            left_in(dir.path()).is_empty(),
            "{base}: {:?}",
            left_in(dir.path())
        );
    }
    // Under the cap, the chunked file arrives whole.
    let small = chunked_pdf(50_000).await;
    let x = client(&small)
        .download(
            "/f",
            &dir.path().join("f.pdf"),
            100_000,
            &TransferControl::default(),
        )
        .await
        .unwrap();
    assert_eq!(x.bytes, 50_000);
}

#[tokio::test]
async fn a_json_error_instead_of_the_file_is_the_providers_error() {
    let own = HostileServer::start(vec![(
        "GET /f",
        Behavior::json(
            404,
            r#"{"status":"error","message":{"code":0,"error":"file not found"}}"#,
        ),
    )])
    .await;
    let c = client(&own.base_url());
    let dir = tempfile::tempdir().unwrap();
    let e = c
        .download(
            "/f",
            &dir.path().join("f.pdf"),
            1 << 20,
            &TransferControl::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "{e:?}");
    assert!(left_in(dir.path()).is_empty());
}
