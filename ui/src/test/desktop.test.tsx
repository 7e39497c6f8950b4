import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { appInfo, callsOf, mockBackend, renderApp } from "./harness";
import licenses from "../screens/about/third-party-licenses.json";

const about = {
  version: "0.1.0",
  buildDate: "2026-12-01",
  os: "Debian GNU/Linux 12 (bookworm) (Linux 6.1.0)",
  dataDir: "/home/ana/.local/share/ventanilla",
  logFile: "/home/ana/.local/share/ventanilla/logs/ventanilla.log",
  databaseBytes: 3 * 1024 * 1024,
  schemaVersion: 4,
};

function backend(extra = {}) {
  mockBackend({
    app_info: () => appInfo("en-US"),
    about_info: () => about,
    about_open_data_folder: () => null,
    about_support_bundle: () => ({ fileName: "ventanilla-support-2026-12-01.zip", logLines: 42 }),
    ...extra,
  });
}

const key = (init: KeyboardEventInit) => fireEvent.keyDown(document.activeElement ?? document.body, init);

describe("keyboard shortcuts", () => {
  it("Ctrl+1…8 switch screens, in sidebar order", async () => {
    backend();
    renderApp();
    await screen.findByTestId("user-id-input"); // the first screen is in
    key({ key: "4", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("nav-apikeys")).toHaveAttribute("aria-current", "page"));
    key({ key: "5", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("nav-clients")).toHaveAttribute("aria-current", "page"));
    key({ key: "6", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("nav-history")).toHaveAttribute("aria-current", "page"));
    key({ key: "7", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("nav-connections")).toHaveAttribute("aria-current", "page"));
    key({ key: "8", ctrlKey: true });
    expect(await screen.findByTestId("about-screen")).toBeInTheDocument();
    key({ key: "1", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("nav-users")).toHaveAttribute("aria-current", "page"));
    // No ninth screen: nothing happens and the browser keeps the key.
    const ev = new KeyboardEvent("keydown", { key: "9", ctrlKey: true, bubbles: true, cancelable: true });
    window.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(false);
    await waitFor(() => expect(screen.getByTestId("nav-users")).toHaveAttribute("aria-current", "page"));
  });

  it("Ctrl+K and / focus the screen's search; / inside a field is typed", async () => {
    backend();
    renderApp();
    await screen.findByTestId("nav-users");
    await userEvent.click(screen.getByTestId("nav-history"));
    const search = await screen.findByTestId("history-search");
    (document.activeElement as HTMLElement | null)?.blur();
    key({ key: "k", ctrlKey: true });
    expect(search).toHaveFocus();
    search.blur();
    await userEvent.keyboard("/");
    expect(search).toHaveFocus();
    expect(search).toHaveValue("");
    await userEvent.keyboard("a/b");
    expect(search).toHaveValue("a/b");
    // On the users screen the lookup field is the search.
    key({ key: "1", ctrlKey: true });
    key({ key: "k", ctrlKey: true });
    expect(await screen.findByTestId("user-id-input")).toHaveFocus();
  });

  it("F5 and Ctrl+R refresh the screen's data and never reload the page", async () => {
    backend();
    renderApp();
    await screen.findByTestId("nav-users");
    await userEvent.click(screen.getByTestId("nav-history"));
    await waitFor(() => expect(callsOf("history_search").length).toBeGreaterThan(0));
    for (const init of [{ key: "F5" }, { key: "r", ctrlKey: true }]) {
      const before = callsOf("history_search").length;
      const lists = callsOf("connections_list").length;
      const ev = new KeyboardEvent("keydown", { ...init, bubbles: true, cancelable: true });
      window.dispatchEvent(ev);
      expect(ev.defaultPrevented).toBe(true);
      await waitFor(() => expect(callsOf("history_search").length).toBeGreaterThan(before));
      await waitFor(() => expect(callsOf("connections_list").length).toBe(lists + 1));
    }
  });

  it("? opens the help overlay listing them; Escape closes it", async () => {
    backend();
    renderApp();
    await screen.findByTestId("nav-users");
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard("?");
    const help = await screen.findByTestId("shortcuts-help");
    for (const text of ["Ctrl+1", "Go to Users & tickets", "Ctrl+4", "Go to API keys", "Ctrl+5", "Go to Clients and accounts", "Ctrl+8", "Go to About", "Ctrl+K", "F5", "Ctrl+R", "Esc"]) {
      expect(help).toHaveTextContent(text);
    }
    // While it is open, screen shortcuts do not act behind it.
    key({ key: "4", ctrlKey: true });
    expect(screen.getByTestId("nav-users")).toHaveAttribute("aria-current", "page");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();
    // The sidebar button opens it too.
    await userEvent.click(screen.getByTestId("shortcuts-button"));
    expect(await screen.findByTestId("shortcuts-help")).toBeInTheDocument();
  });

  it("? typed in a field is text, not help", async () => {
    backend();
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-history"));
    await userEvent.type(await screen.findByTestId("history-search"), "why?");
    expect(screen.getByTestId("history-search")).toHaveValue("why?");
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();
  });
});

describe("remembered screen", () => {
  it("reopens on the last screen", async () => {
    backend();
    const { unmount } = renderApp();
    await userEvent.click(await screen.findByTestId("nav-history"));
    unmount();
    renderApp();
    expect(await screen.findByTestId("nav-history")).toHaveAttribute("aria-current", "page");
  });
});

describe("about panel", () => {
  it("shows the facts, opens the folder and exports the support bundle", async () => {
    backend();
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-about"));
    expect(await screen.findByTestId("about-version")).toHaveTextContent("0.1.0");
    expect(screen.getByTestId("about-build-date")).toHaveTextContent("2026-12-01");
    expect(screen.getByTestId("about-data-dir")).toHaveTextContent(about.dataDir);
    expect(screen.getByTestId("about-log-file")).toHaveTextContent(about.logFile);
    expect(screen.getByTestId("about-db-size")).toHaveTextContent("3");
    expect(screen.getByTestId("about-db-size")).toHaveTextContent("MB");

    await userEvent.click(screen.getByTestId("about-open-folder"));
    // The folder is Rust's to choose: nothing is sent.
    expect(callsOf("about_open_data_folder")).toEqual([{}]);

    await userEvent.click(screen.getByTestId("about-bundle"));
    expect(await screen.findByTestId("toast")).toHaveTextContent("ventanilla-support-2026-12-01.zip (42 log lines)");
  });

  it("a cancelled save shows nothing", async () => {
    backend({ about_support_bundle: () => null });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-about"));
    await userEvent.click(await screen.findByTestId("about-bundle"));
    await waitFor(() => expect(callsOf("about_support_bundle")).toHaveLength(1));
    expect(screen.queryByTestId("toast")).toBeNull();
  });

  it("lists the generated third-party licenses of both stacks, filterable", async () => {
    backend();
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-about"));
    const table = await screen.findByTestId("licenses-table");
    expect(within(table).getAllByRole("row")).toHaveLength(licenses.length + 1);
    expect(licenses.some((l) => l.kind === "rust" && l.name === "tauri")).toBe(true);
    expect(licenses.some((l) => l.kind === "npm" && l.name === "react")).toBe(true);
    expect(licenses.every((l) => l.license && l.license !== "UNKNOWN")).toBe(true);
    await userEvent.type(screen.getByTestId("licenses-filter"), "react-dom");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent("react-dom");
    expect(rows[0]).toHaveTextContent("MIT");
  });
});
