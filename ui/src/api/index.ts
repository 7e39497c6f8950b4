export * as api from "./commands";
export * from "./errors";
export { onFileDrop, onTransferProgress } from "./events";
export type { DropEvent, DroppedFile, DroppedCheck } from "./events";
export type * from "./bindings";
