import { useI18n } from "../i18n/I18n";
import { hintKey } from "../i18n/strings";
import { useToasts } from "../state/toasts";

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  const { t } = useI18n();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => {
        const hint = toast.error ? t(hintKey(toast.error.code)) : "";
        return (
          <div
            key={toast.id}
            className={`toast toast-${toast.kind}`}
            role={toast.kind === "error" ? "alert" : "status"}
            data-testid="toast"
            data-code={toast.error?.code}
          >
            <div className="toast-body">
              <div className="toast-message">{toast.message}</div>
              {hint && (
                <div className="toast-hint" data-testid="toast-hint">
                  {hint}
                  {/* A write that may have been applied is never "retryable", whatever the flag says. */}
                  {toast.error?.retryable && toast.error.code !== "OUTCOME_UNKNOWN" ? ` ${t("hint.retryable")}` : ""}
                </div>
              )}
              {toast.action && (
                <button
                  type="button"
                  className="btn btn-sm toast-action"
                  data-testid="toast-action"
                  onClick={() => {
                    toast.action?.run();
                    dismiss(toast.id);
                  }}
                >
                  {toast.action.label}
                </button>
              )}
            </div>
            <button type="button" className="icon-button" aria-label={t("common.dismiss")} onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
