//! Files: names that come from a provider, destinations that must stay in
//! the folder the user chose, and writes that a reader never sees half-done.

use crate::error::{Error, FieldError, Result};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// Longest file name [`safe_file_name`] returns, in bytes of UTF-8.
pub const MAX_FILE_NAME_BYTES: usize = 120;
/// Prefix and suffix of the temporary files this app writes beside a
/// destination (here and in the HTTP download path).
pub const TEMP_PREFIX: &str = ".ventanilla-";
pub const TEMP_SUFFIX: &str = ".part";
/// A temporary file untouched this long is left over from a killed write
/// (a live download touches its file at least once per idle timeout).
pub const STALE_AFTER: Duration = Duration::from_secs(15 * 60);

/// Used when neither the name nor the fallback leaves anything.
const LAST_RESORT: &str = "document";
const MAX_EXT_BYTES: usize = 16;

/// How a local file reads to people and to the webview: its name, never
/// its folder (the hosts' `display_name`, the file checks' `name`).
pub fn display_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The one function every file name from a provider goes through.
///
/// The result is never empty, never `.` or `..`, holds no path separator,
/// no `..`, no control character, no Unicode format character (bidi
/// overrides such as U+202E that make `exe.pdf` look like `fdp.exe`,
/// zero-width characters), none of `: * ? " < > |`, does not start with a
/// dot, does not end in a dot or space, is not a Windows reserved name
/// (`CON`, `nul.txt`, `COM1`…), is at most [`MAX_FILE_NAME_BYTES`] long
/// (cut on a character boundary, keeping the extension) and ends in an
/// extension from `allowed_ext` (the first one is added when the name has
/// none of them; an empty list leaves extensions alone).
///
/// When `name` leaves nothing, `fallback` (e.g. built from a provider id)
/// goes through the same cleaning.
pub fn safe_file_name(name: &str, fallback: &str, allowed_ext: &[&str]) -> String {
    clean_name(name, allowed_ext)
        .or_else(|| clean_name(fallback, allowed_ext))
        .or_else(|| clean_name(LAST_RESORT, allowed_ext))
        .unwrap_or_else(|| LAST_RESORT.to_owned())
}

fn clean_name(raw: &str, allowed_ext: &[&str]) -> Option<String> {
    let mut s = String::with_capacity(raw.len().min(4 * MAX_FILE_NAME_BYTES));
    for c in raw.chars() {
        if is_invisible(c) {
            continue;
        }
        let c = if c.is_control()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        {
            '_'
        } else if c.is_whitespace() {
            ' '
        } else {
            c
        };
        // Runs of dots become one: no `..` anywhere.
        if c == '.' && s.ends_with('.') {
            continue;
        }
        s.push(c);
    }
    let s = trim_name(&s);
    let (stem, ext) = match s.rsplit_once('.') {
        Some((stem, ext)) => {
            let lower = ext.to_ascii_lowercase();
            if allowed_ext.is_empty() || allowed_ext.iter().any(|a| a.eq_ignore_ascii_case(ext)) {
                (stem.to_owned(), Some(lower).filter(|e| !e.is_empty()))
            } else {
                (s.to_owned(), None)
            }
        }
        None => (s.to_owned(), None),
    };
    let ext = ext
        .or_else(|| allowed_ext.first().map(|e| e.to_ascii_lowercase()))
        .map(|e| {
            e.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|e| !e.is_empty() && e.len() <= MAX_EXT_BYTES);
    let mut stem = trim_name(&stem).to_owned();
    if stem.is_empty() {
        return None;
    }
    if is_windows_reserved(&stem) {
        stem.insert(0, '_');
    }
    let room = MAX_FILE_NAME_BYTES - ext.as_ref().map_or(0, |e| e.len() + 1);
    if stem.len() > room {
        let mut cut = room;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
        stem = trim_name(&stem).to_owned();
        if stem.is_empty() {
            return None;
        }
    }
    Some(match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem,
    })
}

/// Without leading dots and spaces (hidden files, look-alikes of our own
/// temporary files) and trailing ones (Windows drops them).
fn trim_name(s: &str) -> &str {
    s.trim_matches(|c: char| c == '.' || c == ' ')
}

/// Unicode format (Cf) characters, line and paragraph separators: invisible,
/// and some reorder what is shown (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C).
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x2028..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F)
}

/// `CON`, `prn.txt`, `Com1.tar.gz`, `LPT9 `…: names Windows maps to devices,
/// whatever follows the first dot.
fn is_windows_reserved(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("").trim_end_matches(' ');
    let upper = base.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let b = upper.as_bytes();
            (upper.starts_with("COM") || upper.starts_with("LPT"))
                && (b.len() == 4 && (b'1'..=b'9').contains(&b[3])
                    || ["¹", "²", "³"].iter().any(|d| upper[3..] == **d))
        }
    }
}

/// Checks that `dest` sits directly in `folder`: its last part is a plain
/// name (not `..`, not a root) and its parent is `folder` once both are
/// resolved (symbolic links, `..`). Call it before writing anything.
pub fn ensure_directly_in(folder: &Path, dest: &Path) -> Result<()> {
    let outside = || {
        let (dest, folder) = (dest.display().to_string(), folder.display().to_string());
        Error::invalid(
            "dest",
            FieldError::new(
                "not_in_folder",
                format!("{dest} is not directly in the folder {folder}"),
            )
            .param("path", dest)
            .param("folder", folder),
        )
    };
    match dest.components().next_back() {
        Some(Component::Normal(_)) => {}
        _ => return Err(outside()),
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let canon = |p: &Path| {
        p.canonicalize()
            .map_err(|e| Error::io(&format!("cannot open the folder {}", p.display()), &e))
    };
    if canon(parent)? != canon(folder)? {
        return Err(outside());
    }
    Ok(())
}

/// Readies `dest` for an export before anything is written: it must be a
/// file name (not a folder) directly in an existing folder (no `..`, no link
/// out); then the temporary files an export killed mid-write left in that
/// folder are removed. Returns the folder.
pub fn prepare_destination(dest: &Path) -> Result<PathBuf> {
    let folder = parent_of(dest);
    if !folder.is_dir() {
        let folder = folder.display().to_string();
        return Err(Error::invalid(
            "dest",
            FieldError::new(
                "folder_missing",
                format!("the folder {folder} does not exist"),
            )
            .param("folder", folder),
        ));
    }
    if dest.is_dir() {
        let dest = dest.display().to_string();
        return Err(Error::invalid(
            "dest",
            FieldError::new("is_folder", format!("{dest} is a folder; give a file name"))
                .param("path", dest),
        ));
    }
    ensure_directly_in(&folder, dest)?;
    remove_stale_parts(&folder);
    Ok(folder)
}

/// Whether `name` is one of this app's temporary file names.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
        && name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
}

/// Removes this app's temporary files (`.ventanilla-*.part`) left in `dir`
/// (not its subfolders) by a write that was killed: regular files only, and
/// only those untouched for [`STALE_AFTER`], so a write running now in
/// another window or process is left alone. Returns how many were removed;
/// failures are logged by the caller's context, never fatal.
pub fn remove_stale_parts(dir: &Path) -> usize {
    remove_parts_older_than(dir, STALE_AFTER)
}

fn remove_parts_older_than(dir: &Path, age: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        // file_type() does not follow links: a link named like ours is not ours.
        let Ok(meta) = e.metadata() else { continue };
        if !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|a| a >= age);
        if old && std::fs::remove_file(e.path()).is_ok() {
            n += 1;
        }
    }
    n
}

/// Flushes `dir`'s entries to disk, so a rename into it survives a power cut.
/// A no-op where folders cannot be opened (Windows).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// `dest`'s folder (`.` for a bare file name).
fn parent_of(dest: &Path) -> PathBuf {
    match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `dest` by streaming into a temporary file in the same directory,
/// flushing and fsyncing it, renaming it over `dest`, then fsyncing the
/// folder (so the rename itself is on disk). If `write` fails, the temporary
/// file is removed and `dest` is untouched.
pub fn write_atomically<F>(dest: &Path, write: F) -> Result<u64>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let dir = parent_of(dest);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
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
    sync_dir(&dir)
        .map_err(|e| Error::io(&format!("cannot flush the folder {}", dir.display()), &e))?;
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

#[cfg(test)]
mod name_tests {
    use super::*;
    use proptest::prelude::*;

    const DOCS: &[&str] = &["pdf", "doc", "docx", "xls", "xlsx", "png", "jpg"];

    fn clean(s: &str) -> String {
        safe_file_name(s, "abc123.pdf", DOCS)
    }

    #[test]
    fn provider_names_become_plain_names_in_the_folder() {
        assert_eq!(clean("Contrato firmado.pdf"), "Contrato firmado.pdf");
        assert_eq!(clean("Informe.PDF"), "Informe.pdf");
        assert_eq!(clean("../../../x"), "_._._x.pdf");
        assert_eq!(clean("/tmp/x"), "_tmp_x.pdf");
        assert_eq!(clean("..\\x"), "_x.pdf");
        assert_eq!(clean(".."), "abc123.pdf");
        assert_eq!(clean("   ...  "), "abc123.pdf");
        assert_eq!(clean("a\u{0}b.pdf"), "a_b.pdf");
        // "fdp.exe" shown reversed as "exe.pdf": the override is dropped.
        assert_eq!(clean("invoice\u{202E}fdp.exe"), "invoicefdp.exe.pdf");
        assert_eq!(
            clean("a\u{200B}\u{2066}b\u{2069}\u{061C}\u{FEFF}.pdf"),
            "ab.pdf"
        );
        assert_eq!(clean("CON"), "_CON.pdf");
        assert_eq!(clean("nul.pdf"), "_nul.pdf");
        assert_eq!(clean("com1.tar.gz"), "_com1.tar.gz.pdf");
        assert_eq!(clean("Lpt9 .docx"), "_Lpt9.docx");
        assert_eq!(clean("COM10.pdf"), "COM10.pdf");
        assert_eq!(clean("console.pdf"), "console.pdf");
        assert_eq!(clean("report. . ."), "report.pdf");
        assert_eq!(clean("a:b*c?.xlsx"), "a_b_c_.xlsx");
        assert_eq!(clean(".hidden.pdf"), "hidden.pdf");
        assert_eq!(clean(".ventanilla-abc.part"), "ventanilla-abc.part.pdf");
        // Fallbacks from provider ids are cleaned the same way.
        assert_eq!(safe_file_name("", "../../../x.pdf", DOCS), "_._._x.pdf");
        assert_eq!(safe_file_name("", "", DOCS), "document.pdf");
        // Without an allowed list, extensions stay as they are.
        assert_eq!(safe_file_name("data.csv", "x", &[]), "data.csv");
    }

    #[test]
    fn long_names_are_cut_on_a_char_boundary_keeping_the_extension() {
        let long = format!("{}.pdf", "ñ".repeat(200));
        let c = clean(&long);
        assert!(c.len() <= MAX_FILE_NAME_BYTES, "{}", c.len());
        assert!(c.ends_with(".pdf"));
        assert!(c.starts_with("ññ"));
        assert_eq!(c.len(), 4 + 2 * 58);
    }

    #[test]
    fn destinations_must_sit_directly_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("out");
        std::fs::create_dir(&folder).unwrap();
        std::fs::create_dir(folder.join("sub")).unwrap();
        assert!(ensure_directly_in(&folder, &folder.join("a.pdf")).is_ok());
        for bad in [
            folder.join("../a.pdf"),
            folder.join("sub/a.pdf"),
            folder.join(".."),
            folder.join("sub/.."),
            PathBuf::from("/tmp/a.pdf"),
            dir.path().join("a.pdf"),
        ] {
            assert!(ensure_directly_in(&folder, &bad).is_err(), "{bad:?}");
        }
        #[cfg(unix)]
        {
            // A link inside the folder pointing elsewhere is not "in" it.
            std::os::unix::fs::symlink(dir.path(), folder.join("link")).unwrap();
            assert!(ensure_directly_in(&folder, &folder.join("link/a.pdf")).is_err());
        }
    }

    #[test]
    fn an_export_destination_is_a_file_name_in_an_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let code = |dest: &Path| {
            prepare_destination(dest).unwrap_err().fields.unwrap()["dest"]
                .code
                .clone()
        };
        assert_eq!(code(&dir.path().join("nope/a.pdf")), "folder_missing");
        assert_eq!(code(dir.path()), "is_folder");
        let stale = dir.path().join(".ventanilla-old.part");
        std::fs::write(&stale, b"x").unwrap();
        let old = std::time::SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let folder = prepare_destination(&dir.path().join("a.pdf")).unwrap();
        assert_eq!(folder, dir.path());
        assert!(!stale.exists(), "a killed export's part file stays");
    }

    #[test]
    fn only_old_temp_files_of_this_app_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        for n in [
            ".ventanilla-abc123.part",
            ".ventanilla-new.part",
            "keep.part",
            ".ventanilla-x.pdf",
            "a.pdf",
        ] {
            std::fs::write(p(n), b"x").unwrap();
        }
        std::fs::create_dir(p(".ventanilla-dir.part")).unwrap();
        // Nothing is old yet: a write in progress elsewhere is left alone.
        assert_eq!(remove_stale_parts(dir.path()), 0);
        let old = std::time::SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(p(".ventanilla-abc123.part"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(remove_stale_parts(dir.path()), 1);
        assert!(!p(".ventanilla-abc123.part").exists());
        for n in [
            ".ventanilla-new.part",
            "keep.part",
            ".ventanilla-x.pdf",
            "a.pdf",
            ".ventanilla-dir.part",
        ] {
            assert!(p(n).exists(), "{n}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn no_name_escapes_the_folder(
            name in prop_oneof![
                any::<String>(),
                proptest::collection::vec(
                    prop_oneof![
                        Just("..".to_string()), Just("/".to_string()), Just("\\".to_string()),
                        Just("\u{0}".to_string()), Just("\u{202E}".to_string()), Just(".".to_string()),
                        Just(" ".to_string()), Just("CON".to_string()), Just("ñ".to_string()),
                        Just("pdf".to_string()), "[a-z]{0,3}".prop_map(|s| s),
                    ],
                    0..80,
                ).prop_map(|v| v.concat()),
            ],
            fallback in any::<String>(),
        ) {
            let c = safe_file_name(&name, &fallback, DOCS);
            prop_assert!(!c.is_empty());
            prop_assert!(c != "." && c != "..");
            prop_assert!(!c.contains(['/', '\\', '\0']));
            prop_assert!(!c.contains(".."));
            prop_assert!(!c.chars().any(|ch| ch.is_control() || is_invisible(ch)), "{c:?}");
            prop_assert!(c.len() <= MAX_FILE_NAME_BYTES);
            prop_assert!(!c.starts_with('.') && !c.ends_with(['.', ' ']));
            let ext = c.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
            prop_assert!(DOCS.contains(&ext), "{c:?}");
            prop_assert!(!is_windows_reserved(c.rsplit_once('.').unwrap().0));
            let folder = Path::new("/some/folder");
            let joined = folder.join(&c);
            prop_assert_eq!(joined.parent(), Some(folder));
            prop_assert_eq!(joined.file_name().and_then(|n| n.to_str()), Some(c.as_str()));
        }
    }
}
