use std::path::Path;

use reqwest::multipart::Part;
use reqwest::Body;
use tokio_util::io::ReaderStream;
use ventanilla_core::{Error, Result};

/// The MIME type for a file name, from its extension
/// (`application/octet-stream` when unknown).
pub fn guess_mime(path: &Path) -> String {
    mime_guess::from_path(path)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

/// A multipart file part that streams `path` from disk in chunks (never reads
/// the whole file into memory), with its length, file name and a MIME type
/// guessed from the extension.
pub async fn file_part(path: &Path) -> Result<Part> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| Error::io(&format!("cannot open {}", path.display()), &e))?;
    let len = file
        .metadata()
        .await
        .map_err(|e| Error::io(&format!("cannot read {}", path.display()), &e))?
        .len();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let body = Body::wrap_stream(ReaderStream::with_capacity(file, 64 * 1024));
    Part::stream_with_length(body, len)
        .file_name(name)
        .mime_str(&guess_mime(path))
        .map_err(|_| Error::internal("invalid MIME type"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ventanilla_core::ErrorCode;

    #[test]
    fn mime_types_come_from_the_extension() {
        assert_eq!(guess_mime(Path::new("me.JPG")), "image/jpeg");
        assert_eq!(guess_mime(Path::new("a/b/photo.png")), "image/png");
        assert_eq!(guess_mime(Path::new("contract.pdf")), "application/pdf");
        assert_eq!(guess_mime(Path::new("noext")), "application/octet-stream");
    }

    #[tokio::test]
    async fn a_missing_file_is_an_io_error_naming_it() {
        let err = file_part(Path::new("/definitely/not/here.png"))
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Io);
        assert!(err.message.contains("here.png"));
    }

    #[tokio::test]
    async fn a_file_part_streams_the_whole_file() {
        use tokio::io::AsyncReadExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("foto perfil.png");
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();

        // A one-shot server that reads the whole request and reports its size.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut req = Vec::new();
            let mut buf = vec![0u8; 65536];
            loop {
                let n = s.read(&mut buf).await.unwrap();
                req.extend_from_slice(&buf[..n]);
                if n == 0 || req.ends_with(b"--\r\n") {
                    break;
                }
            }
            use tokio::io::AsyncWriteExt;
            s.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
                .await
                .unwrap();
            req
        });
        let form =
            reqwest::multipart::Form::new().part("profile_image", file_part(&path).await.unwrap());
        let resp = reqwest::Client::new()
            .put(format!("http://{addr}/u"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 204);
        let req = server.await.unwrap();
        let text = String::from_utf8_lossy(&req);
        assert!(
            text.contains("filename=\"foto perfil.png\""),
            "{}",
            &text[..400.min(text.len())]
        );
        assert!(text.contains("Content-Type: image/png"));
        assert!(
            req.windows(data.len()).any(|w| w == data.as_slice()),
            "file bytes not found intact"
        );
    }
}
