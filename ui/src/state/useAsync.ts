import { useCallback, useEffect, useRef, useState } from "react";
import { toApiError, type ApiError } from "../api";
import { useToasts } from "./toasts";

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` whenever it changes (wrap it in useCallback). Stale replies are ignored,
 * failures are toasted and kept in `error` for an inline error state. Pass `null` to idle.
 */
export function useAsync<T>(load: (() => Promise<T>) | null): AsyncState<T> {
  const toasts = useToasts();
  const toastError = toasts.error;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState<boolean>(load !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    if (!load) {
      setLoading(false);
      return;
    }
    setLoading(true);
    setError(null);
    load().then(
      (d) => {
        if (seq.current !== mine) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (seq.current !== mine) return;
        const err = toApiError(e);
        setError(err);
        setLoading(false);
        toastError(err);
      },
    );
  }, [load, tick, toastError]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
