//! Writing files so that a reader never sees a half-written one.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `dest` by streaming into a temporary file in the same directory,
/// flushing and fsyncing it, then renaming it over `dest`. If `write` fails,
/// the temporary file is removed and `dest` is untouched.
pub fn write_atomically<F>(dest: &Path, write: F) -> Result<u64>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".ventanilla-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| Error::io(&format!("cannot create a file in {}", dir.display()), &e))?;
    let mut counting = CountingWriter {
        inner: std::io::BufWriter::new(tmp.as_file_mut()),
        n: 0,
    };
    write(&mut counting)?;
    let n = counting.n;
    counting
        .inner
        .flush()
        .map_err(|e| Error::io("cannot write the file", &e))?;
    drop(counting);
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("cannot flush the file to disk", &e))?;
    tmp.persist(dest)
        .map_err(|e| Error::io(&format!("cannot save {}", dest.display()), &e.error))?;
    Ok(n)
}

struct CountingWriter<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let k = self.inner.write(buf)?;
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn replaces_the_file_only_when_complete() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.csv");
        std::fs::write(&dest, "old").unwrap();
        let err = write_atomically(&dest, |w| {
            w.write_all(b"half").unwrap();
            Err(Error::new(ErrorCode::Cancelled, "stop"))
        })
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Cancelled);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left behind"
        );

        let n = write_atomically(&dest, |w| {
            w.write_all(b"new!").map_err(|e| Error::io("w", &e))
        })
        .unwrap();
        assert_eq!(n, 4);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new!");
    }
}
