import { describe, expect, it } from "vitest";
import { codeTemplate } from "./codes";
import { scanRust, type Site } from "../test/rustCodes";
import type { Lang } from "./strings";

/**
 * Codes no webview can receive, so they need no translation. Each is checked to appear only
 * in the CLI crate: if the app starts producing one, this test asks for its strings.
 */
const CLI_ONLY = new Set([
  "command_line", // clap's complaint about the command line
  "stdin_unreadable", // --secrets-stdin could not be read
  "secrets_json", // --secrets-stdin was not a JSON object of strings
  "out_required", // an export needs --out FILE
  "dir_required", // a folder export needs --dir FOLDER
  "several_connections", // no --connection and more than one of the provider
  "unknown_op", // `ventanilla-cli op NAME` with no such operation
]);
const CLI_CRATE = "crates/cli/";

/**
 * Codes whose text is shown as it came, by design: it holds no words of ours to translate.
 */
const AS_IT_CAME = new Set([
  "failed", // the error's own message, next to its error code in History
  "invalid", // a provider's words (PROVIDER_TEXT)
  "user_shown", // "username · first last": names only
  "tenants_listed", // the tenants' names
  "ticket_created", // the BackOffice's message and the ticket's subject
]);

/**
 * Parameters set away from the constructor: `Service::copyable_secret` adds `field` to the
 * summary it is handed (after its text was written, so the English text does not name it).
 */
const ADDED_LATER: Record<string, string[]> = { secret_copied: ["field"], secret_revealed: ["field"] };

const { sites, unresolved } = scanRust("../src-tauri");
const LANGS: Lang[] = ["es", "en"];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function byCode(kind: Site["kind"]): Map<string, Site[]> {
  const out = new Map<string, Site[]>();
  for (const s of sites) {
    if (s.kind !== kind || AS_IT_CAME.has(s.code)) continue;
    out.set(s.code, [...(out.get(s.code) ?? []), s]);
  }
  return out;
}

describe.each(["field", "summary"] as const)("every %s code the Rust side produces", (kind) => {
  const codes = byCode(kind);

  it("is found (the reader still understands the sources)", () => {
    expect(unresolved).toEqual([]);
    expect(codes.size).toBeGreaterThan(kind === "field" ? 50 : 30);
  });

  // English needs no entry: without one the Rust text shows, and it is English. Some codes
  // have none on purpose, where one template would lose what the Rust text says (a cause, a
  // hint, or two texts for one code).
  it("has Spanish text, unless only the CLI can produce it", () => {
    const missing: string[] = [];
    for (const [code, at] of codes) {
      if (CLI_ONLY.has(code) && at.every((s) => s.at.startsWith(CLI_CRATE))) continue;
      if (codeTemplate(kind, code, "es") === undefined) missing.push(`${code} (${at.map((s) => s.at).join(", ")})`);
    }
    expect(missing).toEqual([]);
  });

  it("fills only parameters the Rust side sets", () => {
    const wrong: string[] = [];
    for (const [code, at] of codes) {
      for (const lang of LANGS) {
        const template = codeTemplate(kind, code, lang) ?? "";
        for (const [, p] of template.matchAll(/\{(\w+)\}/g)) {
          for (const s of at) if (!s.params.has(p!) && !ADDED_LATER[code]?.includes(p!)) wrong.push(`${lang} ${code} {${p}} is not set at ${s.at}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("says in English what the Rust text says, where the source spells it out", () => {
    const differ: string[] = [];
    for (const [code, at] of codes) {
      const template = codeTemplate(kind, code, "en");
      if (template === undefined || code in ADDED_LATER) continue;
      for (const s of at) {
        if (s.text === undefined) continue;
        // A parameter the source gives literally must read the same; one it computes (a
        // constant, a count) may read anything. A Refusal's text keeps its `{status}`.
        const pattern = template
          .split(/(\{\w+\})/)
          .map((part) => {
            const p = /^\{(\w+)\}$/.exec(part)?.[1];
            if (p === undefined || p === "status") return escape(part);
            return p in s.literals ? escape(s.literals[p]!) : "[^]+?";
          })
          .join("");
        if (!new RegExp(`^${pattern}$`).test(s.text)) differ.push(`${code}: "${template}" ≠ Rust "${s.text}" (${s.at})`);
      }
    }
    expect(differ).toEqual([]);
  });
});

it("the CLI-only list names codes only the CLI produces", () => {
  const stale = [...CLI_ONLY].filter((c) => !sites.some((s) => s.code === c));
  expect(stale).toEqual([]);
});
