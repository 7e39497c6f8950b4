import { useCallback, useEffect, useId, useRef, useState, type ReactElement, type ReactNode } from "react";
import type { ApiError } from "../api";
import { useI18n } from "../i18n/I18n";
import { hintKey } from "../i18n/strings";

export function Spinner({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t("common.loading")}</span>
    </div>
  );
}

export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId ?? "empty"}>
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  const hint = t(hintKey(error.code));
  return (
    <div className="error-state" role="alert" data-testid="error-state">
      <div className="error-state-text">
        <strong>{error.message}</strong>
        {hint && <span className="muted">{hint}</span>}
        <code className="error-code">{error.code}</code>
      </div>
      {onRetry && error.code !== "OUTCOME_UNKNOWN" && (
        <button type="button" className="btn" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

/**
 * A write whose outcome is unknown (OUTCOME_UNKNOWN): it may have reached the
 * provider, so the form says to check first and offers where to look, never
 * "retry". Renders nothing for other errors.
 */
export function OutcomeUnknown({ error, lookUp }: { error: ApiError | null; lookUp?: { label: string; run: () => void } }) {
  const { t } = useI18n();
  if (error?.code !== "OUTCOME_UNKNOWN") return null;
  return (
    <div className="outcome-unknown" role="alert" data-testid="outcome-unknown">
      <div className="outcome-unknown-text">
        <strong>{t("hint.OUTCOME_UNKNOWN")}</strong>
        <span className="muted small">{error.message}</span>
      </div>
      {lookUp && (
        <button type="button" className="btn btn-sm" onClick={lookUp.run} data-testid="outcome-lookup">
          {lookUp.label}
        </button>
      )}
    </div>
  );
}

export function Badge({
  tone = "neutral",
  children,
  testId,
  title,
}: {
  tone?: "neutral" | "sandbox" | "ok" | "error" | "warn";
  children: ReactNode;
  testId?: string;
  /** Why, as a tooltip (say it in visible text too). */
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} title={title}>
      {children}
    </span>
  );
}

/** Initials instead of remote avatars: the CSP allows no remote images. */
export function Avatar({ name, size = "md" }: { name: string; size?: "sm" | "md" | "lg" }) {
  const initials =
    name
      .split(/[\s._-]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((p) => p[0]!.toUpperCase())
      .join("") || "?";
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 8;
  return (
    <span className={`avatar avatar-${size} avatar-hue-${h}`} aria-hidden="true">
      {initials}
    </span>
  );
}

/**
 * A labelled form field. The error (from `fieldErrors`, already in the user's language, keyed
 * by provider field name) renders under the input with data-testid="field-error-<name>".
 */
export function Field({
  name,
  label,
  error,
  hint,
  children,
}: {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactElement;
}) {
  const id = useId();
  const errId = `${id}-err`;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": error ? errId : undefined })}
      {hint && !error && <div className="field-hint">{hint}</div>}
      {error && (
        <div className="field-error" id={errId} data-testid={`field-error-${name}`}>
          {error}
        </div>
      )}
    </div>
  );
}

/**
 * A titled group of fields: what `<fieldset><legend>` would be. WebKitGTK lays a fieldset
 * that has a legend out 17 px too tall until the first focus change, so the first click in
 * a dialog holding one lands while the dialog jumps and can miss its button. This renders
 * the same group (role "group", named by its title) from plain divs; `.fieldset`/`.legend`
 * in styles.css draw the legend on the top border as before.
 */
export function FieldGroup({
  title,
  children,
  className,
  testId,
  describedBy,
}: {
  title: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
  describedBy?: string;
}) {
  const id = useId();
  return (
    <div role="group" aria-labelledby={id} aria-describedby={describedBy} className={`fieldset${className ? ` ${className}` : ""}`} data-testid={testId}>
      <div className="legend" id={id}>
        {title}
      </div>
      {children}
    </div>
  );
}

/**
 * A modal dialog. Esc, the × and a click beside it close it — unless the user has
 * typed or picked something in it: then they first ask whether to discard it, so
 * a stray click or key never throws away a half-filled form. (A form's own
 * Cancel button calls `onClose` directly: that is an explicit choice.)
 *
 * `dirty`, when given, decides whether there is something to lose (a wizard knows,
 * even on a step without fields); without it the dialog guesses: something was
 * typed and it still shows fields.
 */
export function Dialog({
  title,
  onClose,
  children,
  wide,
  testId,
  dirty: dirtyProp,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
  dirty?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const typed = useRef(false);
  const explicit = useRef(dirtyProp);
  explicit.current = dirtyProp;
  const [askDiscard, setAskDiscard] = useState(false);
  const requestClose = useCallback(() => {
    const unsaved =
      explicit.current ??
      // Only while it still shows fields: a result step has nothing to lose.
      (typed.current && Boolean(ref.current?.querySelector("input:not([type=hidden]):not(:disabled), textarea:not(:disabled), select:not(:disabled)")));
    if (unsaved) setAskDiscard(true);
    else closeRef.current();
  }, []);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>("input, select, textarea, button:not(.icon-button)");
    (first ?? ref.current)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        requestClose();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      prev?.focus?.();
    };
  }, [requestClose]);
  const { t } = useI18n();
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && requestClose()}>
      <div
        className={`dialog${wide ? " dialog-wide" : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={ref}
        tabIndex={-1}
        data-testid={testId ?? "dialog"}
        onInput={() => (typed.current = true)}
        onChange={() => (typed.current = true)}
      >
        <div className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={t("common.close")} onClick={requestClose}>
            ×
          </button>
        </div>
        {askDiscard && (
          <div className="dialog-discard" role="alertdialog" aria-label={t("common.discardQuestion")} data-testid="discard-changes">
            <span>{t("common.discardQuestion")}</span>
            <button type="button" className="btn" onClick={() => setAskDiscard(false)} autoFocus>
              {t("common.keepEditing")}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => closeRef.current()}>
              {t("common.discard")}
            </button>
          </div>
        )}
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  );
}

export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
}: {
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Dialog title={title} onClose={onCancel} testId="confirm-dialog">
      <p>{text}</p>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} data-testid="confirm-cancel">
          {t("common.cancel")}
        </button>
        <button type="button" className="btn btn-danger" onClick={onConfirm} disabled={busy} data-testid="confirm-ok">
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

export function Pager({
  page,
  total,
  onPage,
  disabled,
  testIdPrefix,
}: {
  page: number;
  total: number;
  onPage: (p: number) => void;
  disabled?: boolean;
  testIdPrefix: string;
}) {
  const { t } = useI18n();
  const last = Math.max(1, total);
  return (
    <div className="pager">
      <button type="button" className="btn btn-sm" disabled={disabled || page <= 1} onClick={() => onPage(page - 1)} data-testid={`${testIdPrefix}-prev`}>
        ‹ {t("pager.prev")}
      </button>
      <span className="pager-info" data-testid={`${testIdPrefix}-page-info`}>
        {t("pager.pageOf", { page, total: last })}
      </span>
      <button type="button" className="btn btn-sm" disabled={disabled || page >= last} onClick={() => onPage(page + 1)} data-testid={`${testIdPrefix}-next`}>
        {t("pager.next")} ›
      </button>
    </div>
  );
}
