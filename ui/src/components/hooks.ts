import { useEffect, useRef, useState } from "react";
import { onFileDrop } from "../api";

/** `value`, once it has stopped changing for `ms` (for search-as-you-type). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * Native drops anywhere on the window while `enabled`: paths only, never bytes.
 * Returns whether files are being dragged over the window.
 */
export function useNativeDrops(enabled: boolean, onPaths: (paths: string[]) => void): boolean {
  const ref = useRef(onPaths);
  ref.current = onPaths;
  const [hover, setHover] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    let unlisten: (() => void) | null = null;
    onFileDrop((e) => {
      if (!alive) return;
      if (e.type === "enter" || e.type === "over") setHover(true);
      else if (e.type === "leave") setHover(false);
      else {
        setHover(false);
        if (e.paths.length) ref.current(e.paths);
      }
    }).then(
      (u) => {
        if (alive) unlisten = u;
        else u();
      },
      () => {
        /* outside Tauri: no native drops */
      },
    );
    return () => {
      alive = false;
      setHover(false);
      unlisten?.();
    };
  }, [enabled]);
  return hover;
}
