/**
 * Test-only reader of the Rust sources: every code a `FieldError` or `Summary` can carry, with
 * the parameters set on it and, when the source spells it out, its English text. It finds the
 * ways the Rust side builds them today (see `SHAPES`); a constructor it cannot resolve is
 * reported, so a new way of building one is noticed instead of silently skipped.
 */
import { readdirSync, readFileSync } from "node:fs";

export type Kind = "field" | "summary";

export interface Site {
  kind: Kind;
  code: string;
  /** Parameter names set on it (`.param("…", …)`). */
  params: Set<string>;
  /** Literal values of those parameters, when the source gives one. */
  literals: Record<string, string>;
  /** Its English text when the source has it as one string (no `format!`). */
  text?: string;
  /** `path:line`, for the failure message. */
  at: string;
}

/**
 * Non-literal code arguments that only forward a code chosen elsewhere (each origin is read
 * through its own shape): `$code` (`ack_op!`'s `summary (…)`), `why.code` (a `Refusal`),
 * `PROVIDER_TEXT` / `PROVIDER_MESSAGE` (a provider's own words, shown as they came).
 */
const FORWARDED = new Set(["$code", "why.code", "PROVIDER_TEXT", "PROVIDER_MESSAGE"]);

/** Index just past the bracket that closes the one at `open`. */
function closeOf(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === "\\") i++;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return s.length;
}

/** The top-level comma-separated arguments between `open` (a "(") and its match. */
function args(s: string, open: number): { list: string[]; end: number } {
  const end = closeOf(s, open);
  const list: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < end - 1; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < end && s[i] !== '"'; i++) if (s[i] === "\\") i++;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      list.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start, end - 1).trim();
  if (last) list.push(last);
  return { list, end };
}

/** A Rust string literal's value (with `\`-newline continuations), or undefined. */
function literal(expr: string): string | undefined {
  const m = /^"((?:[^"\\]|\\[\s\S])*)"$/.exec(expr.trim());
  if (!m) return undefined;
  return m[1]!.replace(/\\\n\s*/g, "").replace(/\\(["\\])/g, "$1");
}

/** A `const NAME: &str = "…";` of the same file, or a literal. */
function textOf(src: string, expr: string): string | undefined {
  const lit = literal(expr);
  if (lit !== undefined || !/^[A-Z_]+$/.test(expr)) return lit;
  const m = new RegExp(`const ${expr}: &str =\\s*("(?:[^"\\\\]|\\\\[\\s\\S])*");`).exec(src);
  return m ? literal(m[1]!) : undefined;
}

/** The `.param("name", value)` chain that follows `from`. */
function chainedParams(s: string, from: number): Pick<Site, "params" | "literals"> {
  const params = new Set<string>();
  const literals: Record<string, string> = {};
  const re = /^\s*\.param\(/;
  let rest = from;
  for (let m = re.exec(s.slice(rest)); m; m = re.exec(s.slice(rest))) {
    const open = rest + m[0].length - 1;
    const { list, end } = args(s, open);
    const name = literal(list[0] ?? "");
    if (name !== undefined) {
      params.add(name);
      const v = list[1] ?? "";
      const value = literal(v) ?? (/^\d+$/.test(v) ? v : undefined);
      if (value !== undefined) literals[name] = value;
    }
    rest = end;
  }
  return { params, literals };
}

/**
 * Codes bound by `let code = match …` or `let (code, …) = if …` in the function around `at`
 * (the tuple's first element, or a match arm's value).
 */
function boundCodes(src: string, at: number): string[] | undefined {
  const fnStart = src.lastIndexOf("fn ", at);
  const body = src.slice(fnStart, at);
  const bind = /let \(?code\b/.exec(body);
  if (!bind) return undefined;
  const seg = body.slice(bind.index);
  const codes = [...seg.matchAll(/\(\s*"([a-z_.]+)"\s*,|=>\s*"([a-z_.]+)"/g)].map((m) => m[1] ?? m[2]!);
  return codes.length ? codes : undefined;
}

/** Whether the function around `at` takes the code as its parameter (a helper that forwards it). */
function forwardsParam(src: string, at: number): boolean {
  const fnStart = src.lastIndexOf("fn ", at);
  return /^fn \w+(<[^>]*>)?\([^)]*\bcode: &str/.test(src.slice(fnStart));
}

/**
 * Parameters set after the fact on a variable the constructor was bound to
 * (`let s = if … { Summary::new(…) } else { … }; s.param(…)`).
 */
function boundParams(src: string, at: number): Pick<Site, "params" | "literals"> | undefined {
  const fnStart = src.lastIndexOf("fn ", at);
  const binds = [...src.slice(fnStart, at).matchAll(/let (\w+) =/g)];
  const name = binds[binds.length - 1]?.[1];
  if (!name) return undefined;
  const next = src.indexOf("\nfn ", at);
  const rest = src.slice(at, next < 0 ? undefined : next);
  const use = new RegExp(`\\b${name}\\s*\\.param\\(`).exec(rest);
  return use ? chainedParams(src, at + use.index + name.length) : undefined;
}

function lineOf(src: string, at: number): number {
  return src.slice(0, at).split("\n").length;
}

/** Every coded message one Rust file can produce, and the constructors it could not read. */
function scanFile(path: string, whole: string): { sites: Site[]; unresolved: string[] } {
  // Unit-test modules sit at the end of a file; their codes reach no one.
  const cut = /#\[cfg\(test\)\]\s*mod \w+\s*\{/.exec(whole);
  // Whole-line comments (docs show examples of the constructors) are blanked, keeping lines.
  const src = (cut ? whole.slice(0, cut.index) : whole).replace(/^[ \t]*\/\/.*$/gm, "");
  const sites: Site[] = [];
  const unresolved: string[] = [];
  const add = (kind: Kind, codes: string[], at: number, text: string | undefined, more: Pick<Site, "params" | "literals">) => {
    for (const code of codes) sites.push({ kind, code, text, at: `${path}:${lineOf(src, at)}`, ...more });
  };

  // FieldError::new(code, text).param(…)…, Summary::new(code, text).param(…)…
  for (const m of src.matchAll(/\b(FieldError|Summary)::(new|count)\s*\(/g)) {
    const kind: Kind = m[1] === "FieldError" ? "field" : "summary";
    const open = m.index + m[0].length - 1;
    const { list, end } = args(src, open);
    const codeArg = list[0] ?? "";
    const more = chainedParams(src, end);
    const after = boundParams(src, m.index);
    after?.params.forEach((p) => more.params.add(p));
    Object.assign(more.literals, after?.literals);
    let text = textOf(src, list[1] ?? "");
    if (m[2] === "count") {
      // Summary::count(code, n, things) says "{count} {things}".
      more.params.add("count");
      const things = literal(list[2] ?? "");
      text = things === undefined ? undefined : `{count} ${things}`;
    }
    const lit = literal(codeArg);
    if (lit !== undefined) add(kind, [lit], m.index, text, more);
    else if (codeArg === "code" && boundCodes(src, m.index)) add(kind, boundCodes(src, m.index)!, m.index, undefined, more);
    else if (!FORWARDED.has(codeArg) && !(codeArg === "code" && forwardsParam(src, m.index)))
      unresolved.push(`${path}:${lineOf(src, m.index)} ${m[0]}${codeArg}`);
  }
  // ack_op! { … summary ("code", "text") … }
  for (const m of src.matchAll(/\bsummary \(\s*("[a-z_.]+")\s*,\s*("(?:[^"\\]|\\.)*")\s*\)/g)) {
    add("summary", [literal(m[1]!)!], m.index, literal(m[2]!), { params: new Set(), literals: {} });
  }
  // Refusal { code: "…", message: "… {status} …" }: the state goes as `status`.
  for (const m of src.matchAll(/Refusal\s*\{\s*code:\s*("[a-z_.]+"),\s*message:\s*("(?:[^"\\]|\\.)*")/g)) {
    add("field", [literal(m[1]!)!], m.index, literal(m[2]!), { params: new Set(["status"]), literals: {} });
  }
  return { sites, unresolved };
}

/** Every `.rs` file under `root` but integration tests and benchmarks. */
export function scanRust(root: string): { sites: Site[]; unresolved: string[] } {
  const sites: Site[] = [];
  const unresolved: string[] = [];
  const files = readdirSync(root, { recursive: true })
    .filter((f) => f.endsWith(".rs") && !/(^|\/)(tests|benches|target)\//.test(f))
    .sort();
  for (const f of files) {
    const found = scanFile(f, readFileSync(`${root}/${f}`, "utf8"));
    sites.push(...found.sites);
    unresolved.push(...found.unresolved);
  }
  return { sites, unresolved };
}
