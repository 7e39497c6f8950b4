import { createContext, useContext, type ReactNode } from "react";
import type { AppInfo, Connection, AppNotice } from "../api";

export interface AppState {
  info: AppInfo | null;
  connections: Connection[];
  /** The connections the current screen can use (its provider's). */
  choices: Connection[];
  connectionsLoading: boolean;
  reloadConnections: () => Promise<void>;
  active: Connection | null;
  setActiveId: (id: string) => void;
  /** Providers' warnings about connections (keys about to expire), for the header. */
  notices: AppNotice[];
  reloadNotices: () => Promise<void>;
}

const AppContext = createContext<AppState | null>(null);

export function AppProvider({ value, children }: { value: AppState; children: ReactNode }) {
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp(): AppState {
  const v = useContext(AppContext);
  if (!v) throw new Error("useApp outside AppProvider");
  return v;
}

/** A provider's name as people know it ("SIGNIO"), from the Rust provider list. */
export function useProviderLabel(): (id: string) => string {
  const providers = useApp().info?.providers;
  return (id) => providers?.find((p) => p.id === id)?.label ?? id;
}
