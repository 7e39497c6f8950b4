// The few `node:fs` calls the tests that read the Rust sources make (Vitest runs them in
// Node). Declared here rather than adding @types/node, which would put Node's globals in
// the type-checking of the browser code too.
declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
  export function readdirSync(path: string, options: { recursive: true }): string[];
}
