import type { ReactNode } from "react";
import type { ActionState, ApiError, EnvelopeStatus } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { localizeFieldError } from "../../i18n/codes";
import type { MessageKey } from "../../i18n/strings";
import { Badge } from "../../components/ui";
import { formatBytes } from "../../components/format";

/** Identity types a signer can be registered with (SIGNIO 6.7). */
export const IDENTITY_TYPES = ["CC", "CD", "CE", "OT", "PP", "PS", "TI", "VI"] as const;
/** Identity types an existing contact may have (6.7 ∪ 6.11), for on-site signing. */
export const REPORTED_IDENTITY_TYPES = [...IDENTITY_TYPES, "NIT"] as const;
export const IDENTITY_SERVICES = ["basic", "experian", "experian_lite"] as const;
/** 3 signed, 4 rejected, 6 suspended, 8 returned with observations. */
export const NOTIFIABLE_STATES = [3, 4, 6, 8] as const;
export const ROLE_NOTIFIED = "Notificado";
export const STATUSES: EnvelopeStatus[] = ["draft", "sent", "completed", "declined", "suspended", "returned", "expired", "unknown"];
/** Statuses SIGNIO's search (6.16) can filter by. */
export const SEARCHABLE_STATUSES: ReadonlySet<EnvelopeStatus> = new Set(["draft", "sent", "completed", "declined", "suspended"]);

let seq = 0;
/** A fresh id for one upload or export (to match progress events and to cancel). */
export function newTransferId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  seq += 1;
  return `t-${Date.now().toString(36)}-${seq}-${Math.random().toString(36).slice(2, 10)}`;
}

const TONE: Record<EnvelopeStatus, "neutral" | "ok" | "error" | "warn"> = {
  draft: "neutral",
  sent: "warn",
  completed: "ok",
  declined: "error",
  suspended: "error",
  returned: "warn",
  expired: "error",
  unknown: "neutral",
};

export function statusKey(s: EnvelopeStatus): MessageKey {
  return `envStatus.${s}` as MessageKey;
}

export function StatusBadge({ status, providerStatus, testId }: { status: EnvelopeStatus; providerStatus?: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <span title={providerStatus ? `${t("env.providerStatus")}: ${providerStatus}` : undefined}>
      <Badge tone={TONE[status]} testId={testId}>
        {t(statusKey(status))}
      </Badge>
    </span>
  );
}

/** A button for an action the envelope's state may forbid: disabled with the reason shown. */
export function ActionButton({
  state,
  onClick,
  busy,
  testId,
  className = "btn",
  children,
}: {
  state: ActionState | undefined;
  onClick: () => void;
  busy?: boolean;
  testId: string;
  className?: string;
  children: ReactNode;
}) {
  const { t, lang } = useI18n();
  const enabled = Boolean(state?.enabled);
  const reason =
    state && !state.enabled ? (state.reason ? localizeFieldError(state.reason, lang) : t("env.notAllowed")) : undefined;
  return (
    <span className="action">
      <button type="button" className={className} onClick={onClick} disabled={!enabled || busy} data-testid={testId} title={reason}>
        {children}
      </button>
      {reason && (
        <span className="action-reason" data-testid={`${testId}-reason`}>
          {reason}
        </span>
      )}
    </span>
  );
}

/**
 * An error from an action, with the provider's real reasons (PROVIDER_REJECTED
 * carries them in `fields`) listed under the message.
 */
export function ErrorReasons({ error, testId = "action-error" }: { error: ApiError; testId?: string }) {
  const { lang } = useI18n();
  const fields = Object.entries(error.fields ?? {});
  return (
    <div className="inline-error" role="alert" data-testid={testId}>
      <strong>{error.message}</strong>
      {fields.length > 0 && (
        <ul>
          {fields.map(([k, v]) => (
            <li key={k}>
              <code>{k}</code> {localizeFieldError(v, lang)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Progress({ transferred, total, testId }: { transferred: number; total?: number; testId?: string }) {
  const { locale } = useI18n();
  const pct = total && total > 0 ? Math.min(100, Math.round((transferred / total) * 100)) : undefined;
  return (
    <div className="progress-wrap">
      <progress
        className="progress"
        max={100}
        value={pct}
        data-testid={testId}
        data-transferred={transferred}
        aria-valuetext={pct !== undefined ? `${pct}%` : formatBytes(transferred, locale)}
      />
      <span className="small muted num nowrap">
        {pct !== undefined ? `${pct}% · ` : ""}
        {formatBytes(transferred, locale)}
        {total ? ` / ${formatBytes(total, locale)}` : ""}
      </span>
    </div>
  );
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

