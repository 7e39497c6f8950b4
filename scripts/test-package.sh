#!/usr/bin/env bash
# `make test-package`: the packages as a user gets them. Installs the .deb
# with apt (root, or sudo), checks what it put on the system, runs the
# installed `ventanilla-cli --version`, starts the app from its desktop
# entry's Exec line under Xvfb in a private D-Bus session with a fresh HOME
# and data folder (it must open its window and answer the UI's first IPC
# call), checks a second launch hands over to it, lists the .rpm's files,
# and removes the package again.
#   usage: scripts/test-package.sh BUNDLE_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=${1:?bundle dir}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
deb=$(ls "$bundle"/deb/*.deb)
rpm=$(ls "$bundle"/rpm/*.rpm)
fail() { echo "test-package: $*" >&2; exit 1; }

echo "installing $deb" >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$(realpath "$deb")" >/dev/null
trap 'DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq ventanilla >/dev/null 2>&1 || true' EXIT

# What the package holds and depends on.
files=$(dpkg -L ventanilla)
for f in /usr/bin/ventanilla /usr/bin/ventanilla-cli /usr/share/applications/Ventanilla.desktop \
         /usr/share/icons/hicolor/128x128/apps/ventanilla.png; do
  grep -qx "$f" <<<"$files" || fail "the .deb does not install $f"
done
depends=$(dpkg-query -W -f='${Depends}' ventanilla)
recommends=$(dpkg-query -W -f='${Recommends}' ventanilla)
grep -q 'libwebkit2gtk-4.1-0' <<<"$depends" || fail "no WebKitGTK 4.1 dependency: $depends"
grep -q 'gnome-keyring' <<<"$recommends" || fail "gnome-keyring not recommended: $recommends"

# The CLI is on the PATH.
version=$(cd /tmp && ventanilla-cli --version)
[ "$version" = "ventanilla-cli $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)" ] \
  || fail "ventanilla-cli --version said: $version"

# The app, started the way the desktop menu starts it.
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/Ventanilla.desktop | head -1)
[ -n "$exec_line" ] || fail "the desktop entry has no Exec line"
export APP_CMD=${exec_line%% %*}
command -v "$APP_CMD" >/dev/null || fail "the desktop entry runs $APP_CMD, which is not on the PATH"
home=$(mktemp -d)
trap 'rm -rf "$home"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq ventanilla >/dev/null 2>&1 || true' EXIT
out="$home/out"
HOME="$home" VENTANILLA_DATA_DIR="$home/data" xvfb-run -a -s "-screen 0 1280x800x24" \
  scripts/with-keyring.sh bash -c '
    set -u
    # 1. A first start: the window opens and the UI reaches Rust.
    VENTANILLA_BENCH_FIRST_IPC=1 timeout 90 "$APP_CMD" > "$1.first" 2>&1 || true
    # 2. A running app, and a second launch that hands over to it and exits.
    "$APP_CMD" > /dev/null 2>&1 &
    app=$!
    for _ in $(seq 300); do
      xdotool search --onlyvisible --name "^Ventanilla$" > "$1.windows" 2>/dev/null && break
      sleep 0.2
    done
    # Its service (database, log) starts beside the window: give it a moment.
    sleep 2
    second=0
    timeout 30 "$APP_CMD" > /dev/null 2>&1 || second=$?
    sleep 1
    echo "second=$second windows=$(xdotool search --onlyvisible --name "^Ventanilla$" 2>/dev/null | wc -l)" > "$1.second"
    xdotool getwindowfocus getwindowname > "$1.focus" 2>/dev/null || true
    kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true
  ' _ "$out" >/dev/null 2>&1 || true
grep -q '^first_ipc_reply_ms: [0-9]' "$out.first" 2>/dev/null \
  || fail "the installed app did not open its window and answer: $(cat "$out.first" 2>/dev/null)"
grep -q '^second=0 windows=1$' "$out.second" 2>/dev/null \
  || fail "a second launch did not hand over to the first: $(cat "$out.second" 2>/dev/null)"
grep -q 'another launch focused this window' "$home/data/logs/ventanilla.log" \
  || fail "the first instance was not told of the second launch"
[ "$(cat "$out.focus" 2>/dev/null)" = Ventanilla ] || fail "the first window did not get the focus"
[ -f "$home/data/ventanilla.sqlite3" ] || fail "the installed app made no database in its data folder"

# The .rpm holds the same files (read with rpm, not installed: this is Debian).
rpmfiles=$(rpm -qlp "$rpm" 2>/dev/null)
for f in /usr/bin/ventanilla /usr/bin/ventanilla-cli /usr/share/applications/Ventanilla.desktop; do
  grep -qx "$f" <<<"$rpmfiles" || fail "the .rpm does not hold $f"
done
rpm -qpR "$rpm" 2>/dev/null | grep -q 'libwebkit2gtk-4.1.so' || fail "the .rpm does not require WebKitGTK 4.1"

echo "test-package: ok ($(basename "$deb") $(du -k "$deb" | cut -f1) KiB, $(basename "$rpm") $(du -k "$rpm" | cut -f1) KiB; first IPC $(sed -n 's/^first_ipc_reply_ms: //p' "$out.first") ms)" >&2
