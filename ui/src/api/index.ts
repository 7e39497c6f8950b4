export * as api from "./commands";
export * from "./errors";
export { onFileDrop } from "./events";
export type { DropEvent } from "./events";
export type * from "./bindings";
