// Pure helpers of the API keys screen (no React): IP checks for the form's
// convenience (Rust is the authority), expiry wording, the account tree.
import type { TFn } from "../../i18n/I18n";
import type { KeyInfo, KeyLevel, TreeNodeView } from "./api";

export const MAX_IPS = 3;
const DAY_MS = 86_400_000;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 dotted quad or an IPv6 address (the URL parser checks the latter). */
export function isIp(s: string): boolean {
  const v = s.trim();
  if (IPV4.test(v)) return true;
  if (!v.includes(":") || !/^[0-9a-fA-F:.]+$/.test(v)) return false;
  try {
    new URL(`http://[${v}]/`);
    return true;
  } catch {
    return false;
  }
}

/** Per-input problems of an IP list (index → message key), before anything is sent. */
export function ipProblems(ips: string[]): Record<number, "ud.wiz.ipInvalid" | "ud.wiz.ipRepeated"> {
  const out: Record<number, "ud.wiz.ipInvalid" | "ud.wiz.ipRepeated"> = {};
  const seen = new Set<string>();
  ips.forEach((ip, i) => {
    const v = ip.trim().toLowerCase();
    if (!v) return;
    if (!isIp(v)) out[i] = "ud.wiz.ipInvalid";
    else if (seen.has(v)) out[i] = "ud.wiz.ipRepeated";
    seen.add(v);
  });
  return out;
}

/** Whole days from `now` until `iso`: only the count a freshly issued key shows (the levels are Rust's, in `KeyStatus`). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.floor((new Date(iso).getTime() - now) / DAY_MS);
}

/** "expires in N days" / "within 24 h" / "expired", from Rust's `KeyStatus` level and day count. */
export function expiryText(t: TFn, level: KeyLevel, daysLeft: number | undefined): string {
  if (level === "expired") return t("ud.expiredAgo");
  if (level === "urgent") return t("ud.hoursLeft");
  return daysLeft === 1 ? t("ud.dayLeft") : t("ud.daysLeft", { n: daysLeft ?? 0 });
}

export const LEVEL_TONE: Record<KeyLevel, "ok" | "warn" | "error"> = { ok: "ok", soon: "warn", urgent: "error", expired: "error" };

/** Until when the replaced key still works, if it does at `now`. */
export function previousWindow(key: KeyInfo | null | undefined, fallback?: string | null, now = Date.now()): string | null {
  const until = key?.previousKeyExpiresAt ?? fallback ?? null;
  return until && new Date(until).getTime() > now ? until : null;
}

/**
 * How long the key being replaced can still work if a rotation starts at `now`:
 * the earlier of now + 24 h and its own expiry (Rust's `previous_key_expiry`,
 * UNDOSTRES 2.2), and whether its own expiry is what limits it.
 */
export function rotationWindow(current: KeyInfo, now = Date.now()): { until: number; expired: boolean; capped: boolean } {
  const own = new Date(current.expiresAt).getTime();
  const grace = now + DAY_MS;
  return { until: Math.min(grace, own), expired: own <= now, capped: own < grace };
}

/** `Date` as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A datetime-local value as RFC 3339 (UTC), or null when it is not within (now, latest] (default: now + 24 h). */
export function earlierExpiry(local: string, now = Date.now(), latest = now + DAY_MS): string | null {
  const ms = new Date(local).getTime();
  if (Number.isNaN(ms) || ms <= now || ms > latest) return null;
  return new Date(ms).toISOString();
}

export interface TreeBranch {
  node: TreeNodeView;
  children: TreeBranch[];
}

/** The flat node list as branches: roots are nodes whose parent is not listed. */
export function buildTree(nodes: TreeNodeView[]): TreeBranch[] {
  const byParent = new Map<string | null, TreeNodeView[]>();
  const ids = new Set(nodes.map((n) => n.companyId));
  for (const n of nodes) {
    const parent = n.parentCompanyId && ids.has(n.parentCompanyId) ? n.parentCompanyId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), n]);
  }
  const grow = (parent: string | null, seen: Set<string>): TreeBranch[] =>
    (byParent.get(parent) ?? [])
      .filter((n) => !seen.has(n.companyId))
      .sort((a, b) => a.names.localeCompare(b.names))
      .map((node) => ({ node, children: grow(node.companyId, new Set([...seen, node.companyId])) }));
  return grow(null, new Set());
}

/** Deepest level a sub-account may sit at (UNDOSTRES 2.3: the main account plus two). */
export const MAX_DEPTH = 2;
