// Money as DynamiCore and Conekta send it: integer cents. Typed as pesos with
// up to 2 decimals, sent as cents, shown as "$1,234.50 MXN" (es-MX grouping in
// both languages: they are Mexican pesos). No float math on the way in.

/** ISO 4217 numeric codes the screen names; others are shown as they came. */
const ISO_NUMERIC: Record<string, string> = { "484": "MXN", "840": "USD", "978": "EUR" };

/** "484" → "MXN"; "MXN"/"mxn" → "MXN"; blank → "MXN" (DynamiCore's default). */
export function currencyName(code: string): string {
  const c = code.trim();
  if (!c) return "MXN";
  return ISO_NUMERIC[c] ?? c.toUpperCase();
}

/** Integer cents → "$1,234.50 MXN"; anything else is shown as it came (or "" when absent). */
export function centsText(cents: unknown, currency = "MXN"): string {
  const n = typeof cents === "string" && /^-?\d+$/.test(cents.trim()) ? Number(cents.trim()) : cents;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) return cents === null || cents === undefined ? "" : String(cents);
  const abs = Math.abs(n);
  const whole = Math.floor(abs / 100).toLocaleString("es-MX");
  const frac = String(abs % 100).padStart(2, "0");
  return `${n < 0 ? "-" : ""}$${whole}.${frac} ${currencyName(currency)}`;
}

/**
 * "1,234.5" / "1234.50" / "$1234.5" → 123450 cents; null when it is not an
 * amount of pesos with at most 2 decimals (or is 0 or too large).
 */
export function parsePesos(s: string): number | null {
  let t = s.trim().replace(/^\$\s*/, "");
  // Commas only as thousands separators: "12,5" (a decimal comma) must not become 125 pesos.
  if (t.includes(",")) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) return null;
    t = t.replace(/,/g, "");
  }
  const m = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return cents > 0 && Number.isSafeInteger(cents) ? cents : null;
}

/** 123450 → "1234.50" (to put cents back in a pesos field). */
export function pesosInput(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
