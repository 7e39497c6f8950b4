import type { AppNotice } from "../../api";
import { useI18n, type TFn } from "../../i18n/I18n";
import { useApp } from "../../state/app";
import "./undostres.css";

const EXPIRED = "undostres.key_expired";
const EXPIRES = "undostres.key_expires";

/** A notice in the user's language from its code and params (the English `message` only for unknown codes). */
export function noticeText(t: TFn, n: AppNotice, name: string): string {
  if (n.code === EXPIRED) return t("ud.notice.expired", { name });
  if (n.code !== EXPIRES) return n.message;
  if (n.level === "urgent") {
    const hours = Number(n.params.hours);
    return Number.isFinite(hours) && hours >= 1 ? t("ud.notice.hours", { name, n: hours }) : t("ud.notice.urgent", { name });
  }
  const days = Number(n.params.days);
  return days === 1 ? t("ud.notice.soonOne", { name }) : t("ud.notice.soon", { name, n: days });
}

/**
 * The header's key warnings (≤ 14 days, ≤ 24 h, expired): the most pressing
 * one and how many more; all of them in its tooltip. Opens the API keys screen.
 * Rust's `Service::notices` already puts the most pressing first: one rule, one place.
 */
export function KeyNotices({ onOpen }: { onOpen: () => void }) {
  const { t } = useI18n();
  const { notices, connections } = useApp();
  if (!notices.length) return null;
  const first = notices[0]!;
  const nameOf = (n: AppNotice) => connections.find((c) => c.id === n.connectionId)?.name || n.connectionName || n.connectionId;
  const all = notices.map((n) => noticeText(t, n, nameOf(n))).join("\n");
  const level = first.code === EXPIRED ? "expired" : first.level;
  return (
    <button type="button" className={`key-notice ${level}`} onClick={onOpen} title={`${all}\n\n${t("ud.notice.open")}`} data-testid="key-notice" data-level={level}>
      <span aria-hidden="true">⚠ </span>
      <span role="status">{noticeText(t, first, nameOf(first))}</span>
      {notices.length > 1 && ` ${t("ud.notice.more", { n: notices.length - 1 })}`}
    </button>
  );
}
