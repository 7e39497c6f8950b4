// The About panel's commands (kept apart from commands.ts, which wraps the providers).
import { invoke } from "@tauri-apps/api/core";
import { toApiError } from "./errors";

export interface AboutInfo {
  version: string;
  /** UTC, YYYY-MM-DD. */
  buildDate: string;
  os: string;
  dataDir: string;
  logFile: string;
  databaseBytes: number;
  schemaVersion: number;
}

export interface BundleSaved {
  fileName: string;
  logLines: number;
}

async function call<T>(cmd: string): Promise<T> {
  try {
    return await invoke<T>(cmd);
  } catch (e) {
    throw toApiError(e);
  }
}

export const aboutInfo = () => call<AboutInfo>("about_info");
export const aboutOpenDataFolder = () => call<null>("about_open_data_folder");
/** `null` when the user cancelled the save dialog. */
export const aboutSupportBundle = () => call<BundleSaved | null>("about_support_bundle");
