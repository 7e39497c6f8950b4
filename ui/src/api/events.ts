// Native drag-and-drop from the Tauri webview. Rust sees the drop and names
// each file by an opaque per-session token: the webview never handles a path,
// and every command that reads a local file takes such a token.
import { listen } from "@tauri-apps/api/event";
import type { FieldError, TransferUpdate } from "./bindings";

/** A file the user dropped: its token (for commands), name and size; never its path or bytes. */
export interface DroppedFile {
  token: string;
  name: string;
  size: number;
}

/** A dropped file checked for upload (`sg_files_check`). */
export interface DroppedCheck extends DroppedFile {
  /** Why it can't be uploaded (a coded field error); absent when it can. */
  error?: FieldError;
}

/** `x`, `y` of a drop: where it landed, in CSS pixels of the page. */
export type DropEvent = { type: "enter" } | { type: "leave" } | { type: "drop"; files: DroppedFile[]; x: number; y: number };

/** The app's own drop event, emitted by Rust (`drops.rs`). */
export const DROP_EVENT = "native-drop";

/** Subscribe to native drag-drop events; resolves to an unsubscribe function. */
export async function onFileDrop(handler: (e: DropEvent) => void): Promise<() => void> {
  return quiet(await listen<DropEvent>(DROP_EVENT, (e) => handler(e.payload)));
}

/** Unsubscribing never rejects (e.g. when the window is already going away). */
function quiet(unlisten: () => unknown): () => void {
  return () => {
    try {
      Promise.resolve(unlisten()).catch(() => undefined);
    } catch {
      /* already gone */
    }
  };
}

/** The event uploads and exports report progress with (at most one per file per 100 ms; the last always). */
export const TRANSFER_EVENT = "transfer-progress";

/** Subscribe to upload/export progress; resolves to an unsubscribe function. */
export async function onTransferProgress(handler: (u: TransferUpdate) => void): Promise<() => void> {
  return quiet(await listen<TransferUpdate>(TRANSFER_EVENT, (e) => handler(e.payload)));
}
