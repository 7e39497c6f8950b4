//! Long transfers: streamed uploads and downloads of files of any size, with
//! progress, cancellation and stall detection, and downloads that never
//! leave a partial file (temporary file beside the destination, SHA-256
//! computed while streaming, flushed, fsynced, renamed).
//!
//! Transfers use their own client ([`build_transfer_client`]): no total
//! timeout (a 1 GiB file takes as long as it takes), only a connect timeout,
//! and the [`TransferLimits`] enforced here: no byte moved for `idle`, or a
//! download slower than `min_speed` over `speed_window` (curl's
//! `--speed-limit`/`--speed-time`) → `TIMEOUT`. A reply that trickles a
//! byte every few seconds would otherwise hold a download open for ever.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::multipart::Part;
use reqwest::{Body, Client, Request, Response};
use sha2::{Digest, Sha256};
use ventanilla_core::envelopes::TransferControl;
use ventanilla_core::{Error, ErrorCode, Result};

use crate::client::{
    check_destination, check_reply, host_of, is_idempotent, sent_error, too_large, transport_error,
    unconfirmed, HttpConfig,
};

/// No byte sent or received for this long: the transfer has stalled.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// When a transfer is given up as stalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferLimits {
    /// No byte moved for this long → `TIMEOUT` (uploads: also the wait for
    /// the reply once the file is sent).
    pub idle: Duration,
    /// A download averaging fewer bytes per second than this over
    /// `speed_window` → `TIMEOUT` (0 = no speed limit).
    pub min_speed: u64,
    pub speed_window: Duration,
}

impl Default for TransferLimits {
    /// 60 s idle; downloads under 1 KiB/s for 30 s are given up.
    fn default() -> Self {
        TransferLimits {
            idle: DEFAULT_IDLE_TIMEOUT,
            min_speed: 1024,
            speed_window: Duration::from_secs(30),
        }
    }
}

impl TransferLimits {
    /// Only an idle timeout, no speed limit.
    pub fn idle_only(idle: Duration) -> Self {
        TransferLimits {
            idle,
            min_speed: 0,
            speed_window: idle,
        }
    }
}

fn span(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// The clock of a download: when a byte last came, and how many came in the
/// current speed window.
struct SpeedGuard {
    limits: TransferLimits,
    last_byte: Instant,
    window_start: Instant,
    window_bytes: u64,
}

impl SpeedGuard {
    fn new(limits: TransferLimits) -> Self {
        let now = Instant::now();
        SpeedGuard {
            limits,
            last_byte: now,
            window_start: now,
            window_bytes: 0,
        }
    }

    fn moved(&mut self, n: usize) {
        self.last_byte = Instant::now();
        self.window_bytes += n as u64;
    }

    /// `TIMEOUT` when the reply stalled or is too slow; checked every tick.
    fn check(&mut self, host: &str) -> Result<()> {
        if self.last_byte.elapsed() > self.limits.idle {
            return Err(Error::new(
                ErrorCode::Timeout,
                format!("{host} stopped sending data for {}", span(self.limits.idle)),
            ));
        }
        let w = self.window_start.elapsed();
        if self.limits.min_speed > 0 && w >= self.limits.speed_window {
            if (self.window_bytes as f64) < self.limits.min_speed as f64 * w.as_secs_f64() {
                return Err(Error::new(
                    ErrorCode::Timeout,
                    format!(
                        "{host} sent data too slowly (under {} bytes/s for {})",
                        self.limits.min_speed,
                        span(self.limits.speed_window)
                    ),
                ));
            }
            self.window_start = Instant::now();
            self.window_bytes = 0;
        }
        Ok(())
    }
}
/// Read chunk size of [`sha256_file`].
const CHUNK: usize = 256 * 1024;
/// Read chunk size of uploads. Small enough that a chunk is still in the CPU
/// cache when it is hashed and copied to the socket (1 MiB chunks made the
/// copies memory-bound), read by one blocking thread per upload so small
/// chunks cost no hop to the blocking pool each.
const UPLOAD_CHUNK: usize = 128 * 1024;
/// Chunks read ahead of the socket.
const UPLOAD_AHEAD: usize = 8;
/// Report progress at most once per this many bytes (and at the end).
const REPORT_EVERY: u64 = 512 * 1024;
/// How often a running transfer checks the cancel flag and the idle clock.
const TICK: Duration = Duration::from_millis(50);

/// A client for transfers: `cfg`'s connect timeout and user agent, no total
/// timeout (see [`send_watched`] and [`save_response`] for the idle timeout),
/// and, like [`crate::build_client`], no redirects followed.
pub fn build_transfer_client(cfg: &HttpConfig) -> Result<Client> {
    Client::builder()
        .connect_timeout(cfg.connect_timeout)
        .user_agent(cfg.user_agent.clone())
        .redirect(reqwest::redirect::Policy::none())
        .use_rustls_tls()
        .build()
        .map_err(|_| Error::internal("cannot build the HTTP transfer client"))
}

/// Shared between a streamed upload body and [`send_watched`]: when bytes
/// last moved, and why the body stream failed (if it did), so the error the
/// user sees is "the file changed" rather than reqwest's "body error".
#[derive(Clone)]
pub struct TransferWatch {
    inner: Arc<WatchInner>,
}

struct WatchInner {
    last_activity: Mutex<Instant>,
    failure: Mutex<Option<Error>>,
    sent_sha256: Mutex<Option<String>>,
}

impl Default for TransferWatch {
    fn default() -> Self {
        TransferWatch {
            inner: Arc::new(WatchInner {
                last_activity: Mutex::new(Instant::now()),
                failure: Mutex::new(None),
                sent_sha256: Mutex::new(None),
            }),
        }
    }
}

impl TransferWatch {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn touch(&self) {
        *self
            .inner
            .last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }
    pub fn idle_for(&self) -> Duration {
        self.inner
            .last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .elapsed()
    }
    fn fail(&self, e: Error) {
        let mut f = self.inner.failure.lock().unwrap_or_else(|p| p.into_inner());
        if f.is_none() {
            *f = Some(e);
        }
    }
    /// Lowercase hex SHA-256 of the bytes a [`watched_file_part`] sent,
    /// computed while streaming (the file is read once); set when the whole
    /// file has been sent and was still the same size and in place.
    pub fn sent_sha256(&self) -> Option<String> {
        self.inner
            .sent_sha256
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    /// Why the upload body stopped, if it failed on our side.
    pub fn failure(&self) -> Option<Error> {
        self.inner
            .failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

fn cancelled() -> Error {
    Error::new(ErrorCode::Cancelled, "the transfer was cancelled")
}

/// A multipart file part streamed from `path` in 128 KiB chunks (read on a
/// blocking thread of its own, a few chunks ahead), hashing what
/// it sends (see [`TransferWatch::sent_sha256`]), reporting
/// progress through `control`, stopping when it is cancelled, and failing
/// (so the request is aborted and the server keeps nothing) if the file
/// shrinks, grows or disappears while it is being sent. `file_name`
/// overrides the name sent (default: the path's file name).
pub async fn watched_file_part(
    path: &Path,
    file_name: Option<&str>,
    control: &TransferControl,
    watch: &TransferWatch,
) -> Result<Part> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| Error::io(&format!("cannot open {}", path.display()), &e))?;
    let len = file
        .metadata()
        .await
        .map_err(|e| Error::io(&format!("cannot read {}", path.display()), &e))?
        .len();
    let name = file_name.map(str::to_string).unwrap_or_else(|| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_string())
    });
    let state = UploadState {
        path: path.to_path_buf(),
        len,
        sent: 0,
        reported: 0,
        control: control.clone(),
        watch: watch.clone(),
        hasher: Sha256::new(),
        done: false,
    };
    control.report(0, Some(len));
    watch.touch();
    let mut std_file = file.into_std().await;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Chunk>(UPLOAD_AHEAD);
    // Ends at end of file, on a read error, or when the body is dropped.
    tokio::task::spawn_blocking(move || loop {
        use std::io::Read;
        let mut buf = vec![0u8; UPLOAD_CHUNK];
        let item = match std_file.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                buf.truncate(n);
                Ok(bytes::Bytes::from(buf))
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
        let failed = item.is_err();
        if tx.blocking_send(item).is_err() || failed {
            return;
        }
    });
    let chunks = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let stream = chunks
        .map(Some)
        .chain(futures_util::stream::once(async { None }))
        .scan(state, |st, item| {
            let out = st.step(item);
            async move { out }
        });
    let body = Body::wrap_stream(stream);
    Part::stream_with_length(body, len)
        .file_name(name)
        .mime_str(&crate::guess_mime(path))
        .map_err(|_| Error::internal("invalid MIME type"))
}

struct UploadState {
    path: PathBuf,
    len: u64,
    sent: u64,
    reported: u64,
    control: TransferControl,
    watch: TransferWatch,
    hasher: Sha256,
    done: bool,
}

type Chunk = std::result::Result<bytes::Bytes, std::io::Error>;

impl UploadState {
    /// `None` ends the stream; `Some(Err)` aborts the request.
    fn step(&mut self, item: Option<Chunk>) -> Option<Chunk> {
        if self.done {
            return None;
        }
        let fail = |st: &mut Self, e: Error| {
            st.done = true;
            st.watch.fail(e.clone());
            Some(Err(std::io::Error::other(e.message)))
        };
        if self.control.cancel.is_cancelled() {
            return fail(self, cancelled());
        }
        match item {
            Some(Ok(bytes)) => {
                self.sent += bytes.len() as u64;
                if self.sent > self.len {
                    return fail(self, changed(&self.path, "grew"));
                }
                self.watch.touch();
                self.hasher.update(&bytes);
                if self.sent - self.reported >= REPORT_EVERY || self.sent == self.len {
                    self.reported = self.sent;
                    self.control.report(self.sent, Some(self.len));
                }
                Some(Ok(bytes))
            }
            Some(Err(e)) => {
                let err = Error::io(&format!("cannot read {}", self.path.display()), &e);
                fail(self, err)
            }
            None => {
                self.done = true;
                if self.sent < self.len {
                    return fail(self, changed(&self.path, "shrank"));
                }
                // The bytes read are complete; make sure the file is still
                // the one the user chose (not deleted or replaced meanwhile).
                match std::fs::metadata(&self.path) {
                    Err(_) => fail(self, changed(&self.path, "was deleted")),
                    Ok(m) if m.len() != self.len => fail(self, changed(&self.path, "changed size")),
                    Ok(_) => {
                        let digest = std::mem::take(&mut self.hasher).finalize();
                        *self
                            .watch
                            .inner
                            .sent_sha256
                            .lock()
                            .unwrap_or_else(|p| p.into_inner()) = Some(hex::encode(digest));
                        None
                    }
                }
            }
        }
    }
}

fn changed(path: &Path, how: &str) -> Error {
    Error::new(
        ErrorCode::Io,
        format!(
            "{} {how} while it was being uploaded; the upload was stopped and nothing was kept",
            path.display()
        ),
    )
}

/// Send `req` (typically with a [`watched_file_part`] body), checking every
/// 50 ms for cancellation and for `idle` without any byte moving. The body
/// stream's own failure reason wins over reqwest's generic one. A redirect is
/// a `REDIRECT` error; a write (an upload) that fails once it may have reached
/// the provider is `OUTCOME_UNKNOWN`.
pub async fn send_watched(
    client: &Client,
    req: Request,
    control: &TransferControl,
    watch: &TransferWatch,
    idle: Duration,
) -> Result<Response> {
    let host = host_of(req.url());
    let idempotent = is_idempotent(req.method());
    check_destination(req.url())?;
    watch.touch();
    let fut = client.execute(req);
    tokio::pin!(fut);
    let mut tick = tokio::time::interval(TICK);
    loop {
        tokio::select! {
            r = &mut fut => {
                let resp = r.map_err(|e| {
                    watch
                        .failure()
                        .unwrap_or_else(|| sent_error(&e, &host, idempotent))
                })?;
                return check_reply(resp, &host, idempotent);
            }
            _ = tick.tick() => {
                if control.cancel.is_cancelled() {
                    return Err(cancelled());
                }
                if let Some(f) = watch.failure() {
                    return Err(f);
                }
                if watch.idle_for() > idle {
                    let e = Error::new(
                        ErrorCode::Timeout,
                        format!("{host} stopped taking data for {}", span(idle)),
                    );
                    return Err(if idempotent { e } else { unconfirmed(e, &host) });
                }
            }
        }
    }
}

/// Read a whole (small) reply of the transfer client, at most `max` bytes,
/// stopping on cancel, on a stall or on a trickle ([`TransferLimits`]): the
/// transfer client has no total timeout to do it. `idempotent` false: a
/// failure is `OUTCOME_UNKNOWN` (the request was sent).
pub async fn read_transfer_body(
    resp: Response,
    max: usize,
    control: &TransferControl,
    limits: &TransferLimits,
    idempotent: bool,
) -> Result<(reqwest::StatusCode, bytes::Bytes)> {
    let host = host_of(resp.url());
    let r = read_guarded(resp, max, control, limits, &host).await;
    if idempotent {
        r
    } else {
        r.map_err(|e| unconfirmed(e, &host))
    }
}

async fn read_guarded(
    resp: Response,
    max: usize,
    control: &TransferControl,
    limits: &TransferLimits,
    host: &str,
) -> Result<(reqwest::StatusCode, bytes::Bytes)> {
    let status = resp.status();
    if resp.content_length().is_some_and(|n| n > max as u64) {
        return Err(too_large(host, max));
    }
    let mut buf = bytes::BytesMut::new();
    let mut guard = SpeedGuard::new(*limits);
    let mut stream = resp.bytes_stream();
    let mut tick = tokio::time::interval(TICK);
    loop {
        tokio::select! {
            n = stream.next() => match n {
                None => return Ok((status, buf.freeze())),
                Some(Err(e)) => return Err(transport_error(&e, host)),
                Some(Ok(chunk)) => {
                    control.cancel.check()?;
                    if buf.len() + chunk.len() > max {
                        return Err(too_large(host, max));
                    }
                    guard.moved(chunk.len());
                    buf.extend_from_slice(&chunk);
                }
            },
            _ = tick.tick() => {
                control.cancel.check()?;
                guard.check(host)?;
            }
        }
    }
}

/// A completed download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    pub path: PathBuf,
    pub bytes: u64,
    /// Lowercase hex SHA-256 of the bytes written.
    pub sha256: String,
}

impl From<Downloaded> for ventanilla_core::envelopes::ExportedDocument {
    fn from(d: Downloaded) -> Self {
        Self {
            path: d.path.display().to_string(),
            bytes: d.bytes,
            sha256: d.sha256,
        }
    }
}

/// A file address a provider gives: absolute (`http://`, `https://`) or a
/// path on `base`. `None` when it is not a URL.
pub fn file_url(base: &str, raw: &str) -> Option<reqwest::Url> {
    if raw.starts_with("http://") || raw.starts_with("https://") {
        reqwest::Url::parse(raw)
    } else {
        reqwest::Url::parse(&format!("{base}/{}", raw.trim_start_matches('/')))
    }
    .ok()
}

/// Sends a (signed) download request on the transfer client ([`send_watched`],
/// cancel and stall checked) and hands back the file's reply, ready for
/// [`save_response`]. A reply the provider meant as an error (an error
/// status, or JSON even under 200) is read whole (at most `max_body`) and
/// `refused` turns its status and body into the provider's error (see
/// [`file_not_sent`] for a reply that names none).
pub async fn send_download(
    client: &Client,
    req: Request,
    control: &TransferControl,
    limits: &TransferLimits,
    max_body: usize,
    refused: impl FnOnce(reqwest::StatusCode, &[u8]) -> Error,
) -> Result<Response> {
    let watch = TransferWatch::new();
    let resp = send_watched(client, req, control, &watch, limits.idle).await?;
    let is_json = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    if resp.status().is_success() && !is_json {
        return Ok(resp);
    }
    let (status, body) = read_transfer_body(resp, max_body, control, limits, true).await?;
    Err(refused(status, &body))
}

/// A download `provider` answered without the file and without an error
/// of its own.
pub fn file_not_sent(provider: &str, status: reqwest::StatusCode) -> Error {
    Error::new(
        ErrorCode::ProviderError,
        format!("{provider} did not send the file (HTTP {status})"),
    )
}

/// Stream a (successful) response body into `dest`: into a temporary file in
/// `dest`'s directory, hashing as it goes, reporting progress, then flush,
/// fsync, and rename over `dest`. On any failure, cancellation (checked
/// every 50 ms while waiting for data too), stall or trickle (`limits`), a
/// body shorter than its `Content-Length`, or the future being dropped, the
/// temporary file is removed and `dest` is untouched. The caller checks the
/// status and headers first.
pub async fn save_response(
    resp: Response,
    dest: &Path,
    control: &TransferControl,
    limits: &TransferLimits,
) -> Result<Downloaded> {
    let host = host_of(resp.url());
    let total = resp.content_length();
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(ventanilla_core::fsutil::TEMP_PREFIX)
        .suffix(ventanilla_core::fsutil::TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|e| Error::io(&format!("cannot create a file in {}", dir.display()), &e))?;
    let (std_file, tmp_path) = tmp.into_parts();
    let disk = DiskWriter::start(std_file);
    let mut written: u64 = 0;
    let mut reported: u64 = 0;
    let mut stream = resp.bytes_stream();
    control.report(0, total);
    let mut tick = tokio::time::interval(TICK);
    let mut guard = SpeedGuard::new(*limits);
    let write_failed =
        |e: std::io::Error| Error::io(&format!("cannot write {}", dest.display()), &e);
    loop {
        let next = tokio::select! {
            n = stream.next() => n,
            _ = tick.tick() => {
                control.cancel.check()?;
                guard.check(&host)?;
                continue;
            }
        };
        control.cancel.check()?;
        match next {
            None => break,
            Some(Err(e)) => return Err(transport_error(&e, &host)),
            Some(Ok(chunk)) => {
                guard.moved(chunk.len());
                written += chunk.len() as u64;
                // A slow disk fills the writer's queue: stay cancellable meanwhile.
                let accepted = {
                    let queued = disk.write(chunk);
                    tokio::pin!(queued);
                    loop {
                        tokio::select! {
                            ok = &mut queued => break ok,
                            _ = tick.tick() => control.cancel.check()?,
                        }
                    }
                };
                if !accepted {
                    // The writer stopped on an error: it tells which.
                    let e = disk.finish().await.err();
                    return Err(write_failed(e.unwrap_or_else(|| {
                        std::io::Error::other("the file writer stopped")
                    })));
                }
                if written - reported >= REPORT_EVERY {
                    reported = written;
                    control.report(written, total);
                }
            }
        }
    }
    if let Some(t) = total {
        if t != written {
            return Err(Error::new(
                ErrorCode::Network,
                format!("the reply from {host} was cut off ({written} of {t} bytes)"),
            ));
        }
    }
    let sha256 = disk.finish().await.map_err(write_failed)?;
    control.cancel.check()?;
    tmp_path
        .persist(dest)
        .map_err(|e| Error::io(&format!("cannot save {}", dest.display()), &e.error))?;
    // The rename is durable only once the folder's entry is on disk too.
    ventanilla_core::fsutil::sync_dir(&dir)
        .map_err(|e| Error::io(&format!("cannot flush {}", dir.display()), &e))?;
    control.report(written, Some(written));
    Ok(Downloaded {
        path: dest.to_path_buf(),
        bytes: written,
        sha256,
    })
}

/// Writes a download to its file and hashes it on a blocking thread of its
/// own, so the disk writes and the hash run beside the socket reads instead
/// of between them. Dirty pages are handed to the disk as they accumulate
/// (Linux), so the final fsync has little left to do.
struct DiskWriter {
    tx: tokio::sync::mpsc::Sender<WriterMsg>,
    done: tokio::task::JoinHandle<std::io::Result<String>>,
}

enum WriterMsg {
    Data(bytes::Bytes),
    /// All data sent: flush, fsync and report the hash. Without it (the
    /// download failed or was dropped) the writer just stops.
    Finish,
}

/// Chunks queued for the writer thread.
const WRITE_AHEAD: usize = 16;
/// Start writeback every this many bytes.
const WRITEBACK_EVERY: u64 = 8 << 20;

impl DiskWriter {
    fn start(file: std::fs::File) -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::channel(WRITE_AHEAD);
        let done = tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut file = file;
            let mut hasher = Sha256::new();
            let (mut written, mut flushed) = (0u64, 0u64);
            while let Some(msg) = rx.blocking_recv() {
                match msg {
                    WriterMsg::Data(chunk) => {
                        hasher.update(&chunk);
                        file.write_all(&chunk)?;
                        written += chunk.len() as u64;
                        if written - flushed >= WRITEBACK_EVERY {
                            start_writeback(&file, flushed, written - flushed);
                            flushed = written;
                        }
                    }
                    WriterMsg::Finish => {
                        file.sync_all()?;
                        return Ok(hex::encode(hasher.finalize()));
                    }
                }
            }
            Err(std::io::Error::other("the download stopped"))
        });
        DiskWriter { tx, done }
    }

    /// Queues a chunk; false if the writer stopped (on a write error).
    async fn write(&self, chunk: bytes::Bytes) -> bool {
        self.tx.send(WriterMsg::Data(chunk)).await.is_ok()
    }

    /// Waits until everything is on disk; the SHA-256 of what was written.
    async fn finish(self) -> std::io::Result<String> {
        let _ = self.tx.send(WriterMsg::Finish).await;
        match self.done.await {
            Ok(r) => r,
            Err(_) => Err(std::io::Error::other(
                "the file writer stopped unexpectedly",
            )),
        }
    }
}

/// Asks the kernel to start writing `len` bytes at `offset` to disk without
/// waiting for it (an optimisation only: errors surface at the final fsync).
#[cfg(target_os = "linux")]
fn start_writeback(file: &std::fs::File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid open descriptor; the call only schedules writeback.
    unsafe {
        libc::sync_file_range(
            file.as_raw_fd(),
            offset as libc::off64_t,
            len as libc::off64_t,
            libc::SYNC_FILE_RANGE_WRITE,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_: &std::fs::File, _: u64, _: u64) {}

/// SHA-256 of a file, streamed (lowercase hex).
pub async fn sha256_file(path: &Path) -> Result<String> {
    use tokio::io::AsyncReadExt;
    let mut f = tokio::fs::File::open(path)
        .await
        .map_err(|e| Error::io(&format!("cannot open {}", path.display()), &e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = f
            .read(&mut buf)
            .await
            .map_err(|e| Error::io(&format!("cannot read {}", path.display()), &e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Serve one connection: reply with `head` + `body`, optionally cutting
    /// the connection after `cut` body bytes.
    async fn one_shot(head: String, body: Vec<u8>, cut: Option<usize>) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let _ = s.read(&mut buf).await;
            s.write_all(head.as_bytes()).await.unwrap();
            let n = cut.unwrap_or(body.len());
            let _ = s.write_all(&body[..n]).await;
            let _ = s.flush().await;
        });
        format!("http://{addr}/f")
    }

    fn files_in(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[tokio::test]
    async fn a_download_is_saved_whole_with_its_hash() {
        let body: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
        let url = one_shot(head, body.clone(), None).await;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("firmado.pdf");
        let seen = Arc::new(AtomicU64::new(0));
        let s2 = seen.clone();
        let ctl = TransferControl {
            progress: Some(Arc::new(move |p| s2.store(p.transferred, Ordering::SeqCst))),
            ..Default::default()
        };
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let resp = client.get(url).send().await.unwrap();
        let d = save_response(resp, &dest, &ctl, &TransferLimits::default())
            .await
            .unwrap();
        assert_eq!(d.bytes, body.len() as u64);
        assert_eq!(std::fs::read(&dest).unwrap(), body);
        assert_eq!(d.sha256, hex::encode(Sha256::digest(&body)));
        assert_eq!(d.sha256, sha256_file(&dest).await.unwrap());
        assert_eq!(seen.load(Ordering::SeqCst), body.len() as u64);
        assert_eq!(files_in(dir.path()), vec!["firmado.pdf".to_string()]);
    }

    #[tokio::test]
    async fn a_download_answered_with_an_error_or_json_is_the_providers_refusal() {
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let (ctl, limits) = (TransferControl::default(), TransferLimits::default());
        let refused = |status: reqwest::StatusCode, body: &[u8]| {
            let body = String::from_utf8_lossy(body).into_owned();
            Error::new(ErrorCode::ProviderRejected, format!("{status} {body}"))
        };
        for (head, body, says) in [
            ("HTTP/1.1 404 Not Found", "gone", "404 Not Found gone"),
            (
                "HTTP/1.1 200 OK\r\ncontent-type: application/json",
                r#"{"error":"no"}"#,
                r#"200 OK {"error":"no"}"#,
            ),
        ] {
            let head = format!("{head}\r\ncontent-length: {}\r\n\r\n", body.len());
            let url = one_shot(head, body.as_bytes().to_vec(), None).await;
            let req = client.get(url).build().unwrap();
            let e = send_download(&client, req, &ctl, &limits, 1024, refused)
                .await
                .unwrap_err();
            assert_eq!(
                (e.code, e.message.as_str()),
                (ErrorCode::ProviderRejected, says)
            );
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: 3\r\n\r\n";
        let url = one_shot(head.into(), b"pdf".to_vec(), None).await;
        let req = client.get(url).build().unwrap();
        let resp = send_download(&client, req, &ctl, &limits, 1024, refused)
            .await
            .unwrap();
        assert_eq!(resp.bytes().await.unwrap().as_ref(), b"pdf");
        assert_eq!(
            file_not_sent("SIGNIO", reqwest::StatusCode::OK).message,
            "SIGNIO did not send the file (HTTP 200 OK)"
        );
    }

    #[tokio::test]
    async fn a_cut_download_leaves_no_file() {
        let body = vec![7u8; 1_000_000];
        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
        let url = one_shot(head, body, Some(400_000)).await;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x.pdf");
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let resp = client.get(url).send().await.unwrap();
        let err = save_response(
            resp,
            &dest,
            &TransferControl::default(),
            &TransferLimits::default(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Network, "{err:?}");
        assert!(files_in(dir.path()).is_empty());
    }

    #[tokio::test]
    async fn a_stalled_download_times_out_and_leaves_no_file() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let _ = s.read(&mut buf).await;
            s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc")
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let dir = tempfile::tempdir().unwrap();
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let resp = client.get(format!("http://{addr}/")).send().await.unwrap();
        let err = save_response(
            resp,
            &dir.path().join("x"),
            &TransferControl::default(),
            &TransferLimits::idle_only(Duration::from_millis(300)),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Timeout);
        assert!(files_in(dir.path()).is_empty());
    }

    #[tokio::test]
    async fn a_cancelled_download_leaves_no_file() {
        let body = vec![1u8; 2_000_000];
        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
        let url = one_shot(head, body, None).await;
        let dir = tempfile::tempdir().unwrap();
        let ctl = TransferControl::default();
        ctl.cancel.cancel();
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let resp = client.get(url).send().await.unwrap();
        let err = save_response(
            resp,
            &dir.path().join("x"),
            &ctl,
            &TransferLimits::default(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Cancelled);
        assert!(files_in(dir.path()).is_empty());
    }

    #[tokio::test]
    async fn an_upload_reports_the_sha256_of_what_it_sent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contrato.pdf");
        let data: Vec<u8> = (0..3_500_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut req = Vec::new();
            let mut buf = vec![0u8; 65536];
            while !req.ends_with(b"--\r\n") {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => req.extend_from_slice(&buf[..n]),
                }
            }
            let _ = s
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
                .await;
        });
        let ctl = TransferControl::default();
        let watch = TransferWatch::new();
        let part = watched_file_part(&path, None, &ctl, &watch).await.unwrap();
        assert_eq!(watch.sent_sha256(), None, "nothing sent yet");
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let req = client
            .post(format!("http://{addr}/up"))
            .multipart(reqwest::multipart::Form::new().part("documento", part))
            .build()
            .unwrap();
        let resp = send_watched(&client, req, &ctl, &watch, DEFAULT_IDLE_TIMEOUT)
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(
            watch.sent_sha256(),
            Some(hex::encode(Sha256::digest(&data)))
        );
    }

    #[tokio::test]
    async fn a_file_truncated_mid_upload_aborts_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grande.pdf");
        std::fs::write(&path, vec![5u8; 8 * 1024 * 1024]).unwrap();
        // A server that reads slowly, so the file can be cut while uploading.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 16 * 1024];
            loop {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => tokio::time::sleep(Duration::from_millis(2)).await,
                }
            }
        });
        let ctl = TransferControl::default();
        let watch = TransferWatch::new();
        let part = watched_file_part(&path, None, &ctl, &watch).await.unwrap();
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let req = client
            .post(format!("http://{addr}/up"))
            .multipart(reqwest::multipart::Form::new().part("documento", part))
            .build()
            .unwrap();
        let p2 = path.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            std::fs::OpenOptions::new()
                .write(true)
                .open(&p2)
                .unwrap()
                .set_len(1000)
                .unwrap();
        });
        let err = send_watched(&client, req, &ctl, &watch, DEFAULT_IDLE_TIMEOUT)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Io, "{err:?}");
        assert!(
            err.message.contains("while it was being uploaded"),
            "{}",
            err.message
        );
    }

    use crate::hostile::{Behavior, HostileServer};

    fn drip(ms: u64) -> Behavior {
        Behavior::Drip {
            every: Duration::from_millis(ms),
            content_length: true,
        }
    }

    #[tokio::test]
    async fn a_trickling_download_times_out_on_the_speed_limit_and_leaves_no_file() {
        // A byte every 100 ms never goes 60 s idle: only the speed limit stops it.
        let server = HostileServer::always(drip(100)).await;
        let dir = tempfile::tempdir().unwrap();
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let resp = client.get(server.base_url()).send().await.unwrap();
        let limits = TransferLimits {
            idle: Duration::from_secs(60),
            min_speed: 1024,
            speed_window: Duration::from_millis(600),
        };
        let started = Instant::now();
        let err = save_response(
            resp,
            &dir.path().join("x.pdf"),
            &TransferControl::default(),
            &limits,
        )
        .await
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Timeout, "{err:?}");
        assert!(err.message.contains("too slowly"), "{}", err.message);
        assert!(started.elapsed() < Duration::from_secs(3));
        assert!(files_in(dir.path()).is_empty());
    }

    #[test]
    fn the_default_limits_stop_a_trickle_within_about_a_minute() {
        let d = TransferLimits::default();
        assert!(d.min_speed >= 1024);
        assert!(d.speed_window + Duration::from_secs(1) <= Duration::from_secs(60));
    }

    #[tokio::test]
    async fn cancel_works_while_a_reply_trickles_in() {
        let server = HostileServer::always(drip(200)).await;
        let dir = tempfile::tempdir().unwrap();
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let resp = client.get(server.base_url()).send().await.unwrap();
        let ctl = TransferControl::default();
        let c2 = ctl.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            c2.cancel.cancel();
        });
        let started = Instant::now();
        let err = save_response(
            resp,
            &dir.path().join("x.pdf"),
            &ctl,
            &TransferLimits::default(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Cancelled);
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(files_in(dir.path()).is_empty());

        // The same for a (small) reply read whole, with no byte arriving at all.
        let server = HostileServer::always(Behavior::Drip {
            every: Duration::from_secs(3600),
            content_length: false,
        })
        .await;
        let resp = client.get(server.base_url()).send().await.unwrap();
        let ctl = TransferControl::default();
        let c2 = ctl.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            c2.cancel.cancel();
        });
        let started = Instant::now();
        let err = read_transfer_body(resp, 1 << 20, &ctl, &TransferLimits::default(), true)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Cancelled);
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn a_transfer_reply_read_whole_is_capped_and_times_out() {
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let ctl = TransferControl::default();
        let endless = HostileServer::always(Behavior::Endless {
            content_length: false,
        })
        .await;
        let resp = client.get(endless.base_url()).send().await.unwrap();
        let err = read_transfer_body(resp, 1 << 20, &ctl, &TransferLimits::default(), true)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::ResponseTooLarge);
        let slow = HostileServer::always(drip(100)).await;
        let resp = client.get(slow.base_url()).send().await.unwrap();
        let limits = TransferLimits {
            speed_window: Duration::from_millis(500),
            ..TransferLimits::default()
        };
        let err = read_transfer_body(resp, 1 << 20, &ctl, &limits, true)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Timeout);
        // After a write, the same failure leaves the outcome unknown.
        let resp = client.post(slow.base_url()).send().await.unwrap();
        let err = read_transfer_body(resp, 1 << 20, &ctl, &limits, false)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::OutcomeUnknown);
    }

    #[tokio::test]
    async fn an_upload_that_is_redirected_or_never_answered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contrato.pdf");
        std::fs::write(&path, vec![3u8; 300_000]).unwrap();
        let client = build_transfer_client(&HttpConfig::default()).unwrap();
        let elsewhere = HostileServer::always(Behavior::json(200, "{}")).await;

        let redirect = HostileServer::always(Behavior::redirect(
            307,
            format!("{}/up", elsewhere.base_url()),
        ))
        .await;
        let stall = HostileServer::always(Behavior::Stall).await;
        for (server, code) in [
            (&redirect, ErrorCode::Redirect),
            (&stall, ErrorCode::OutcomeUnknown),
        ] {
            let ctl = TransferControl::default();
            let watch = TransferWatch::new();
            let part = watched_file_part(&path, None, &ctl, &watch).await.unwrap();
            let req = client
                .post(format!("{}/up", server.base_url()))
                .bearer_auth("the-token")
                .multipart(reqwest::multipart::Form::new().part("documento", part))
                .build()
                .unwrap();
            let err = send_watched(&client, req, &ctl, &watch, Duration::from_millis(400))
                .await
                .unwrap_err();
            assert_eq!(err.code, code, "{err:?}");
            assert!(!err.retryable);
            assert_eq!(server.requests().len(), 1);
            assert!(
                server.requests()[0].body.len() > 300_000,
                "the whole file was sent"
            );
        }
        assert!(elsewhere.requests().is_empty());
    }
}
