// Native drag-and-drop (file paths, never bytes) from the Tauri webview.
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { TransferUpdate } from "./bindings";

export type DropEvent =
  | { type: "enter"; paths: string[] }
  | { type: "over" }
  | { type: "drop"; paths: string[] }
  | { type: "leave" };

/** Subscribe to native drag-drop events; resolves to an unsubscribe function. */
export async function onFileDrop(handler: (e: DropEvent) => void): Promise<() => void> {
  const unlisten = await getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    switch (p.type) {
      case "enter":
        handler({ type: "enter", paths: p.paths });
        break;
      case "over":
        handler({ type: "over" });
        break;
      case "drop":
        handler({ type: "drop", paths: p.paths });
        break;
      default:
        handler({ type: "leave" });
    }
  });
  return quiet(unlisten);
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
