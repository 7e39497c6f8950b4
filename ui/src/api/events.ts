// Native drag-and-drop (file paths, never bytes) from the Tauri webview.
import { getCurrentWebview } from "@tauri-apps/api/webview";

export type DropEvent =
  | { type: "enter"; paths: string[] }
  | { type: "over" }
  | { type: "drop"; paths: string[] }
  | { type: "leave" };

/** Subscribe to native drag-drop events; resolves to an unsubscribe function. */
export async function onFileDrop(handler: (e: DropEvent) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
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
}
