/** Local date+time for Unix ms. */
export function formatMs(ms: number, locale: string): string {
  return new Date(ms).toLocaleString(locale, { dateStyle: "short", timeStyle: "medium" });
}

/** Provider date strings (ISO or other): local when parseable, else as sent. */
export function formatDateText(s: string, locale: string): string {
  const d = new Date(s);
  if (!s || Number.isNaN(d.getTime())) return s;
  return d.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

export function formatBytes(n: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toLocaleString(locale, { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}

export function formatDuration(ms: number, locale: string): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toLocaleString(locale, { maximumFractionDigits: 2 })} s`;
}

/** Decimal strings as sent by the provider, grouped for reading (never through float math when long). */
export function formatAmount(s: string, locale: string): string {
  const n = Number(s);
  if (!Number.isFinite(n) || s.replace(/[^0-9]/g, "").length > 15) return s;
  return n.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 8 });
}

/** Plain text of an HTML fragment, parsed in an inert document (no scripts run, nothing loads). */
export function htmlToText(s: string): string {
  if (!/[<&]/.test(s)) return s;
  const doc = new DOMParser().parseFromString(s, "text/html");
  return (doc.body.textContent ?? "").trim();
}
