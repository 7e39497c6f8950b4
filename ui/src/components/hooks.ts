import { useCallback, useEffect, useRef, useState } from "react";
import { onFileDrop, onTransferProgress, toApiError, type ApiError, type DroppedFile, type TransferUpdate } from "../api";
import { useToasts, type ToastAction } from "../state/toasts";

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
 * Subscribes `handler` to a Tauri event (`listen` is `onFileDrop`,
 * `onTransferProgress`, …) and returns the cleanup for an effect: events
 * after cleanup are ignored, and a subscription that resolves after cleanup
 * is undone at once. Outside Tauri (tests without a webview) nothing arrives.
 */
function listenUntilCleanup<E>(listen: (h: (e: E) => void) => Promise<() => void>, handler: (e: E) => void): () => void {
  let alive = true;
  let unlisten: (() => void) | null = null;
  listen((e) => {
    if (alive) handler(e);
  }).then(
    (u) => {
      if (alive) unlisten = u;
      else u();
    },
    () => {
      /* not inside Tauri: no events */
    },
  );
  return () => {
    alive = false;
    unlisten?.();
  };
}

/** Subscribes to `transfer-progress` while mounted; the handler may change freely. */
export function useTransferProgress(handler: (u: TransferUpdate) => void) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => listenUntilCleanup(onTransferProgress, (u) => ref.current(u)), []);
}

/**
 * Native drops anywhere on the window while `enabled`: drop tokens, names and
 * sizes only, never paths or bytes. Returns whether files are being dragged
 * over the window.
 */
export function useNativeDrops(enabled: boolean, onFiles: (files: DroppedFile[], at: { x: number; y: number }) => void): boolean {
  const ref = useRef(onFiles);
  ref.current = onFiles;
  const [hover, setHover] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const stop = listenUntilCleanup(onFileDrop, (e) => {
      if (e.type === "enter") setHover(true);
      else if (e.type === "leave") setHover(false);
      else {
        setHover(false);
        if (e.files.length) ref.current(e.files, { x: e.x, y: e.y });
      }
    });
    return () => {
      stop();
      setHover(false);
    };
  }, [enabled]);
  return hover;
}

/**
 * A form's submit: `busy` while it runs, and the `error` of its last failure
 * (for the fields) also shown as a toast. With `staysBusy`, busy stays set
 * after success: the form is closing and must not be sent twice meanwhile.
 * `lookUp` is offered on the toast when the write's outcome is unknown
 * (OUTCOME_UNKNOWN: it may have been applied, so look before sending again).
 */
export function useSubmit() {
  const toastError = useToasts().error;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async (work: () => Promise<void>, { staysBusy = false, lookUp }: { staysBusy?: boolean; lookUp?: ToastAction } = {}) => {
      setBusy(true);
      setError(null);
      try {
        await work();
        if (!staysBusy) setBusy(false);
      } catch (e) {
        const err = toApiError(e);
        setError(err);
        toastError(err, err.code === "OUTCOME_UNKNOWN" ? lookUp : undefined);
        setBusy(false);
      }
    },
    [toastError],
  );
  return { busy, error, run };
}
