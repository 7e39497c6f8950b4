//! Logs go to `<data dir>/logs/ventanilla.log`. Only operation names, targets,
//! outcomes and error codes are logged: never a secret, never a request body.
//! The log rotates at [`MAX_LOG_BYTES`], keeping [`LOG_FILES`] files
//! (`ventanilla.log`, `ventanilla.log.1` … `.4`, oldest last). On Unix the
//! data folder is private (0700) and the log files are 0600.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tracing_subscriber::EnvFilter;

pub const LOG_NAME: &str = "ventanilla.log";
/// A log file is rotated once it would grow past this.
pub const MAX_LOG_BYTES: u64 = 10 * 1024 * 1024;
/// How many files are kept, the current one included.
pub const LOG_FILES: usize = 5;

/// Installs the global logger; `RUST_LOG` overrides the default `info` level.
/// Returns quietly if a logger is already installed or the file cannot be opened.
pub fn init(data_dir: &Path) {
    let Ok(file) = open_log(data_dir) else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init();
}

/// Creates the data folder (private to the user) and opens its rotating log.
pub fn open_log(data_dir: &Path) -> io::Result<RotatingFile> {
    create_private_dir(data_dir)?;
    let dir = data_dir.join("logs");
    create_private_dir(&dir)?;
    RotatingFile::open(dir.join(LOG_NAME), MAX_LOG_BYTES, LOG_FILES)
}

/// `create_dir_all`, with the folder itself 0700 on Unix (also when it
/// already existed with wider permissions): it holds the history of every
/// operation and the logs.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let meta = std::fs::metadata(dir)?;
        if meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// An append-only file that is renamed to `<name>.1` (and older ones to
/// `.2`, …) when the next write would take it past `max_bytes`; at most
/// `keep` files exist. One write is one log event, so events are never split.
pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    file: File,
    written: u64,
}

impl RotatingFile {
    pub fn open(path: PathBuf, max_bytes: u64, keep: usize) -> io::Result<Self> {
        let file = open_private(&path)?;
        let written = file.metadata()?.len();
        Ok(RotatingFile {
            path,
            max_bytes,
            keep: keep.max(1),
            file,
            written,
        })
    }

    fn numbered(&self, n: usize) -> PathBuf {
        let mut p = self.path.clone().into_os_string();
        p.push(format!(".{n}"));
        PathBuf::from(p)
    }

    fn rotate(&mut self) -> io::Result<()> {
        self.file.flush()?;
        if self.keep == 1 {
            self.file = open_private(&self.path)?;
            self.file.set_len(0)?;
        } else {
            let _ = std::fs::remove_file(self.numbered(self.keep - 1));
            for n in (1..self.keep - 1).rev() {
                let from = self.numbered(n);
                if from.exists() {
                    std::fs::rename(&from, self.numbered(n + 1))?;
                }
            }
            std::fs::rename(&self.path, self.numbered(1))?;
            self.file = open_private(&self.path)?;
        }
        self.written = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written > 0 && self.written + buf.len() as u64 > self.max_bytes {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Opens for appending, creating it 0600 on Unix (and narrowing an older,
/// wider file).
fn open_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        o.mode(0o600);
        let f = o.open(path)?;
        if f.metadata()?.permissions().mode() & 0o077 != 0 {
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(f)
    }
    #[cfg(not(unix))]
    {
        o.open(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<(String, u64)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().len(),
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn rotates_by_size_and_keeps_five_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOG_NAME);
        let mut log = RotatingFile::open(path.clone(), 1000, LOG_FILES).unwrap();
        // 100-byte "events", numbered so we can tell which survived.
        for i in 0..200 {
            let line = format!("{i:>5} {}\n", "x".repeat(93));
            assert_eq!(line.len(), 100);
            log.write_all(line.as_bytes()).unwrap();
        }
        log.flush().unwrap();
        let names: Vec<_> = files(dir.path()).into_iter().collect();
        assert_eq!(
            names,
            [
                ("ventanilla.log".to_string(), 1000),
                ("ventanilla.log.1".to_string(), 1000),
                ("ventanilla.log.2".to_string(), 1000),
                ("ventanilla.log.3".to_string(), 1000),
                ("ventanilla.log.4".to_string(), 1000),
            ]
        );
        // The newest events are in the current file, the older ones in .1 ….
        let current = std::fs::read_to_string(&path).unwrap();
        assert!(
            current.starts_with("  190 ") && current.ends_with(&format!("{}\n", "x".repeat(93)))
        );
        let oldest = std::fs::read_to_string(dir.path().join("ventanilla.log.4")).unwrap();
        assert!(oldest.starts_with("  150 "), "{}", &oldest[..10]);
    }

    #[test]
    fn a_reopened_log_counts_what_is_already_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOG_NAME);
        std::fs::write(&path, vec![b'a'; 950]).unwrap();
        let mut log = RotatingFile::open(path.clone(), 1000, 3).unwrap();
        log.write_all(&[b'b'; 100]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), vec![b'b'; 100]);
        assert_eq!(
            std::fs::read(dir.path().join("ventanilla.log.1")).unwrap(),
            vec![b'a'; 950]
        );
    }

    #[test]
    fn the_real_limits_are_ten_mib_times_five() {
        assert_eq!(MAX_LOG_BYTES, 10 * 1024 * 1024);
        assert_eq!(LOG_FILES, 5);
    }

    #[cfg(unix)]
    #[test]
    fn data_folder_is_0700_and_logs_0600() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let base = tempfile::tempdir().unwrap();
        let data = base.path().join("nested").join("ventanilla");
        let mut log = open_log(&data).unwrap();
        log.write_all(b"hola\n").unwrap();
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("logs")), 0o700);
        assert_eq!(mode(&data.join("logs").join(LOG_NAME)), 0o600);

        // Rotated files are created private too.
        let mut small = RotatingFile::open(data.join("logs").join("x.log"), 10, 3).unwrap();
        for _ in 0..4 {
            small.write_all(b"0123456789").unwrap();
        }
        for name in ["x.log", "x.log.1", "x.log.2"] {
            assert_eq!(mode(&data.join("logs").join(name)), 0o600, "{name}");
        }

        // An older install's wider folder and log are narrowed on start.
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        let log_path = data.join("logs").join(LOG_NAME);
        std::fs::set_permissions(&log_path, std::fs::Permissions::from_mode(0o644)).unwrap();
        drop(open_log(&data).unwrap());
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&log_path), 0o600);
    }
}
