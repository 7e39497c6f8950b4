import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AppNotice, Connection } from "../api";
import { mockBackend, realConn, renderApp, sandboxConn } from "./harness";

const expiring: AppNotice = {
  connectionId: "c1",
  connectionName: "Sandbox Back office",
  provider: "undostres",
  level: "warning",
  code: "undostres.key_expires",
  params: { days: 10, hours: 241 },
  message: "The key expires in 10 days",
};

// What finishes late in start-up (the connection list, the header's key
// warnings, a focus check) re-renders the shell; it must not re-mount the
// screen the user is typing in.
describe("a dialog opened at start", () => {
  it("keeps its input when the connections, warnings and focus checks arrive after it", async () => {
    let release: (c: Connection[]) => void = () => undefined;
    const late = new Promise<Connection[]>((r) => (release = r));
    let notices: AppNotice[] = [];
    mockBackend({ connections_list: () => late, notices: () => notices });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-connections"));
    await userEvent.click(await screen.findByTestId("connection-add-button"));
    await userEvent.type(screen.getByTestId("conn-name"), "Borrador a medias");

    notices = [expiring];
    await act(async () => {
      release([sandboxConn, realConn]);
      await late;
    });
    fireEvent.focus(window);
    expect(await screen.findByTestId("key-notice")).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId("connection-row")).toHaveLength(2));

    expect(screen.getByTestId("connection-dialog")).toBeInTheDocument();
    expect(screen.getByTestId("conn-name")).toHaveValue("Borrador a medias");
    expect(screen.getByTestId("nav-connections")).toHaveAttribute("aria-current", "page");
  });
});

// A click beside the dialog, Esc or × must not throw away what was typed.
describe("a dialog with something typed in it", () => {
  it("asks before a click beside it discards the form, and keeps it when told to", async () => {
    mockBackend({});
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-connections"));
    await userEvent.click(await screen.findByTestId("connection-add-button"));
    await userEvent.type(screen.getByTestId("conn-name"), "Borrador a medias");

    const backdrop = screen.getByTestId("connection-dialog").parentElement!;
    fireEvent.mouseDown(backdrop);
    expect(screen.getByTestId("discard-changes")).toHaveTextContent("¿Descartar lo que escribió?");
    await userEvent.click(screen.getByRole("button", { name: "Seguir editando" }));
    expect(screen.queryByTestId("discard-changes")).not.toBeInTheDocument();
    expect(screen.getByTestId("conn-name")).toHaveValue("Borrador a medias");

    await userEvent.keyboard("{Escape}");
    await userEvent.click(screen.getByRole("button", { name: "Descartar" }));
    expect(screen.queryByTestId("connection-dialog")).not.toBeInTheDocument();
  });

  it("closes at once when nothing was typed", async () => {
    mockBackend({});
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-connections"));
    await userEvent.click(await screen.findByTestId("connection-add-button"));
    fireEvent.mouseDown(screen.getByTestId("connection-dialog").parentElement!);
    expect(screen.queryByTestId("connection-dialog")).not.toBeInTheDocument();
  });
});
