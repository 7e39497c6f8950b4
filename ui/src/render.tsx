import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import type { AppInfo } from "./api";
import "./styles.css";

export function render(boot: Promise<AppInfo>) {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App boot={boot} />
    </StrictMode>,
  );
}
