#!/usr/bin/python3
"""A tiny X11 drag source for end-to-end tests: a real OS-level file drop.

Opens a small undecorated window at a known screen position that offers the
given files as a drag source (`text/uri-list`, `file://` URIs), the way a file
manager does. A test then drives the pointer with xdotool: press on this
window, move (in small steps: XDND is driven by motion events) onto the app's
window, release. The app receives a native drop with the real paths.

    usage: scripts/drag-source.py [--x X] [--y Y] [--size PX] PATH [PATH...]

Prints one line per event on stdout, flushed, so a test can follow along:
    ready X Y W H        the window is mapped at X,Y (W x H)
    drag-begin
    drag-data-get N      N URIs handed to the drop target
    drag-end             the drag finished (dropped or cancelled)
Runs until killed (or until stdin reaches EOF, when `--stdin-eof-exit`).
Needs python3-gi and gir1.2-gtk-3.0 (in the Makefile's APT_PACKAGES).
"""

import argparse
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

TITLE = "e2e-drag-source"


def say(*words):
    print(*words, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--x", type=int, default=0)
    ap.add_argument("--y", type=int, default=0)
    ap.add_argument("--size", type=int, default=80)
    ap.add_argument("--stdin-eof-exit", action="store_true")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()

    uris = []
    for p in args.paths:
        p = os.path.abspath(p)
        if not os.path.exists(p):
            print(f"drag-source: no such file: {p}", file=sys.stderr, flush=True)
            return 2
        uris.append(GLib.filename_to_uri(p, None))

    win = Gtk.Window(title=TITLE)
    win.set_decorated(False)
    win.set_resizable(False)
    win.set_keep_above(True)
    win.set_skip_taskbar_hint(True)
    win.set_default_size(args.size, args.size)
    win.move(args.x, args.y)
    win.connect("destroy", Gtk.main_quit)

    # An EventBox fills the window and receives the button press that starts the drag.
    box = Gtk.EventBox()
    label = Gtk.Label(label=f"{len(uris)} file(s)")
    box.add(label)
    win.add(box)

    targets = [Gtk.TargetEntry.new("text/uri-list", 0, 0)]
    box.drag_source_set(
        Gdk.ModifierType.BUTTON1_MASK, targets, Gdk.DragAction.COPY | Gdk.DragAction.MOVE
    )

    def on_data_get(_w, _ctx, data, _info, _time):
        data.set_uris(uris)
        say("drag-data-get", len(uris))

    box.connect("drag-begin", lambda *_: say("drag-begin"))
    box.connect("drag-data-get", on_data_get)
    box.connect("drag-end", lambda *_: say("drag-end"))
    box.connect("drag-failed", lambda _w, _c, result: say("drag-failed", int(result)) or False)

    announced = [False]

    def announce():
        if announced[0]:
            return False
        x, y = win.get_window().get_origin()[1:]
        w, h = win.get_size()
        announced[0] = True
        say("ready", x, y, w, h)
        return False

    # Announce once drawn (mapped and at its place), a beat later for the X server.
    win.connect("map-event", lambda *_: GLib.timeout_add(150, announce) and False)

    if args.stdin_eof_exit:
        def on_stdin(_fd, _cond):
            if not sys.stdin.buffer.read1(4096):
                Gtk.main_quit()
                return False
            return True

        GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, on_stdin)

    win.show_all()
    win.move(args.x, args.y)
    Gtk.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
