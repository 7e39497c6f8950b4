// The entry is kept tiny: it sends the first request (app info, which waits for
// the database, keychain and sandbox in Rust) before the UI bundle is fetched,
// parsed and rendered, so that work and the Rust start-up overlap.
import { appInfo } from "./api/commands";

const boot = appInfo();
boot.catch(() => {
  /* handled where the app renders: it falls back to the browser's language */
});
import("./render").then(
  ({ render }) => render(boot),
  (err: unknown) => {
    // Only a broken build gets here; say so instead of leaving a blank window.
    const root = document.getElementById("root");
    if (root) root.textContent = `Ventanilla could not load its interface: ${String(err)}`;
  },
);
