import type { ApiError, ErrorCode } from "./bindings";
import { localizeFieldError } from "../i18n/codes";
import type { Lang } from "../i18n/strings";

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "VALIDATION", "PROVIDER_REJECTED", "NOT_FOUND", "INVALID_API_KEY", "INVALID_CREDENTIALS",
  "UNAUTHORIZED", "SECURITY_TOKEN_REQUIRED", "PROVIDER_ERROR", "MALFORMED_RESPONSE", "NETWORK",
  "TIMEOUT", "OUTCOME_UNKNOWN", "RESPONSE_TOO_LARGE", "REDIRECT", "KEYCHAIN_UNAVAILABLE", "SECRET_MISSING", "CONNECTION_NOT_FOUND", "CONNECTION_EXISTS",
  "STORAGE", "IO", "CANCELLED", "INTERNAL",
]);

export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === "object" && e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}

/** Whatever a command rejected with, as an ApiError (unknown shapes become INTERNAL). */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) {
    const code = CODES.has(e.code) ? e.code : "INTERNAL";
    return { code, message: e.message, fields: e.fields, retryable: Boolean(e.retryable) };
  }
  const message = e instanceof Error ? e.message : typeof e === "string" ? e : "Unexpected error";
  return { code: "INTERNAL", message, retryable: false };
}

/** Provider field names are snake_case; accept camelCase keys too. */
export function snakeKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Field errors keyed by snake_case field name, said in `lang` (see i18n/codes). */
export function fieldErrors(e: ApiError | null | undefined, lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  if (!e?.fields) return out;
  for (const [k, v] of Object.entries(e.fields)) {
    if (v && typeof v === "object") out[snakeKey(k)] = localizeFieldError(v, lang);
  }
  return out;
}

/** The first field's problem, said in `lang`, or the error's message. */
export function firstReason(e: ApiError, lang: Lang): string {
  const first = Object.values(e.fields ?? {})[0];
  return first ? localizeFieldError(first, lang) : e.message;
}
