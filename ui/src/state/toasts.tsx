import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import type { ApiError } from "../api";

/** A button on a toast (e.g. look up an object whose create may have been applied). */
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: "success" | "error" | "info";
  message: string;
  error?: ApiError;
  action?: ToastAction;
}

interface ToastApi {
  toasts: Toast[];
  success: (message: string) => void;
  info: (message: string) => void;
  error: (e: ApiError, action?: ToastAction) => void;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

const TTL = { success: 5000, info: 5000, error: 12000 } as const;
/** A toast with a button stays long enough to use it. */
const TTL_WITH_ACTION = 30000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((ts) => ts.filter((t) => t.id !== id));
  }, []);

  const push = useCallback(
    (t: Omit<Toast, "id">) => {
      const id = nextId.current++;
      setToasts((ts) => {
        // The same error from several panels at once shows once.
        const dup = ts.some((x) => x.kind === t.kind && x.message === t.message && x.error?.code === t.error?.code);
        return dup ? ts : [...ts.slice(-4), { ...t, id }];
      });
      window.setTimeout(() => dismiss(id), t.action ? TTL_WITH_ACTION : TTL[t.kind]);
    },
    [dismiss],
  );

  // Actions are stable so effects can depend on them without re-running.
  const actions = useMemo<Omit<ToastApi, "toasts">>(
    () => ({
      dismiss,
      success: (message) => push({ kind: "success", message }),
      info: (message) => push({ kind: "info", message }),
      error: (e, action) => {
        if (e.code === "CANCELLED") return;
        push({ kind: "error", message: e.message, error: e, action });
      },
    }),
    [dismiss, push],
  );
  const api = useMemo<ToastApi>(() => ({ toasts, ...actions }), [toasts, actions]);
  return <ToastContext.Provider value={api}>{children}</ToastContext.Provider>;
}

export function useToasts(): ToastApi {
  const v = useContext(ToastContext);
  if (!v) throw new Error("useToasts outside ToastProvider");
  return v;
}
