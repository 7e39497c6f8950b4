//! Files the user dropped on the window, named to the webview only by opaque
//! tokens. Rust sees the native drop, registers each path under a random
//! per-session token and emits `native-drop` with `[{token, name, size}]`.
//! Every command that reads a local file takes such a token, never a path, so
//! a script in the webview can only name a file the user handed over.

use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{DragDropEvent, Emitter, Manager, Window};
use ventanilla_core::error::FieldError;
use ventanilla_core::{Error, Result};

/// The app's own drop event (Tauri's `tauri://drag-drop` is not used).
pub const DROP_EVENT: &str = "native-drop";

/// How many dropped files are remembered; older tokens must be dropped again.
const REMEMBERED: usize = 4096;

/// A dropped file as the webview knows it: never its path or bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DroppedFile {
    pub token: String,
    pub name: String,
    /// 0 when it cannot be read (the checks before an upload say why).
    pub size: u64,
}

/// What the webview hears of a native drag.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum DropUpdate {
    Enter,
    Leave,
    /// `x`, `y`: where it was dropped, in CSS pixels of the page, so the UI
    /// can tell which target (a client's PII field) it landed on.
    Drop {
        files: Vec<DroppedFile>,
        x: f64,
        y: f64,
    },
}

#[derive(Default)]
struct Registry {
    by_token: HashMap<String, PathBuf>,
    by_path: HashMap<PathBuf, String>,
    order: VecDeque<String>,
}

/// Paths dropped in this session, by token.
#[derive(Default)]
pub struct DroppedFiles(Mutex<Registry>);

impl DroppedFiles {
    /// The token of a dropped path; the same path keeps its token (so the
    /// UI can tell a file dropped twice).
    pub fn register(&self, path: &Path) -> String {
        let mut r = self.0.lock().unwrap();
        if let Some(t) = r.by_path.get(path) {
            return t.clone();
        }
        if r.order.len() == REMEMBERED {
            if let Some(old) = r.order.pop_front() {
                if let Some(p) = r.by_token.remove(&old) {
                    r.by_path.remove(&p);
                }
            }
        }
        // v4 uuids come from the OS's CSPRNG: a token cannot be guessed.
        let token = uuid::Uuid::new_v4().simple().to_string();
        r.by_token.insert(token.clone(), path.to_owned());
        r.by_path.insert(path.to_owned(), token.clone());
        r.order.push_back(token.clone());
        token
    }

    /// The path behind a token; an unknown token is a VALIDATION error on `field`.
    pub fn resolve(&self, field: &str, token: &str) -> Result<PathBuf> {
        self.0
            .lock()
            .unwrap()
            .by_token
            .get(token.trim())
            .cloned()
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    FieldError::new(
                        "drop_again",
                        "this file was not dropped on the window in this session; drop it again",
                    ),
                )
            })
    }

    /// Registers a drop's paths and describes them for the webview.
    pub fn describe(&self, paths: &[PathBuf]) -> Vec<DroppedFile> {
        paths
            .iter()
            .map(|p| DroppedFile {
                token: self.register(p),
                name: file_name(p),
                size: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            })
            .collect()
    }
}

pub fn file_name(p: &Path) -> String {
    ventanilla_core::fsutil::display_name(p)
}

/// Turns the window's native drag events into `native-drop` events.
pub fn on_drag_drop(window: &Window, files: &DroppedFiles, event: &DragDropEvent) {
    let update = match event {
        DragDropEvent::Enter { .. } => DropUpdate::Enter,
        DragDropEvent::Leave => DropUpdate::Leave,
        DragDropEvent::Drop { paths, position } => {
            // The native position is in physical pixels of the window.
            let at = position.to_logical::<f64>(window.scale_factor().unwrap_or(1.0));
            DropUpdate::Drop {
                files: files.describe(paths),
                x: at.x,
                y: at.y,
            }
        }
        _ => return,
    };
    let _ = window.app_handle().emit(DROP_EVENT, update);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ventanilla_core::ErrorCode;

    #[test]
    fn tokens_name_only_dropped_files() {
        let dir = std::env::temp_dir().join(format!("vt-drops-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("contrato.pdf");
        std::fs::write(&a, b"%PDF-1.4 x").unwrap();
        let files = DroppedFiles::default();
        let out = files.describe(std::slice::from_ref(&a));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].name, "contrato.pdf");
        assert_eq!(out[0].size, 10);
        assert_eq!(out[0].token.len(), 32, "a 128-bit random token");
        assert!(!out[0].token.contains("contrato"), "no trace of the path");
        assert_eq!(files.resolve("path", &out[0].token).unwrap(), a);
        // Dropped again: same token.
        assert_eq!(files.register(&a), out[0].token);
        // A path typed by a script is not a token.
        let e = files.resolve("path", a.to_str().unwrap()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert!(e.fields.unwrap().contains_key("path"));
        // Another session knows nothing of this token.
        assert!(DroppedFiles::default()
            .resolve("path", &out[0].token)
            .is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn tokens_differ_and_are_bounded() {
        let files = DroppedFiles::default();
        let first = files.register(Path::new("/x/0"));
        let second = files.register(Path::new("/x/1"));
        assert_ne!(first, second);
        for i in 2..=REMEMBERED {
            files.register(Path::new(&format!("/x/{i}")));
        }
        assert!(
            files.resolve("path", &first).is_err(),
            "the oldest is forgotten"
        );
        assert!(files.resolve("path", &second).is_ok());
    }

    #[test]
    fn drop_event_shape() {
        let v = serde_json::to_value(DropUpdate::Drop {
            files: vec![DroppedFile {
                token: "t".into(),
                name: "a.pdf".into(),
                size: 3,
            }],
            x: 120.0,
            y: 48.5,
        })
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"type": "drop", "files": [{"token": "t", "name": "a.pdf", "size": 3}], "x": 120.0, "y": 48.5})
        );
        assert_eq!(
            serde_json::to_value(DropUpdate::Enter).unwrap(),
            serde_json::json!({"type": "enter"})
        );
    }
}
