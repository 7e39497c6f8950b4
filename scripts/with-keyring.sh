#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring
# (a real Secret Service) and fresh XDG directories, so tests and e2e runs
# neither touch nor depend on the developer's own keychain.
#   usage: scripts/with-keyring.sh CMD [ARGS...]
set -euo pipefail

if [[ -z "${VENTANILLA_IN_KEYRING_SESSION:-}" ]]; then
  base=$(mktemp -d /tmp/ventanilla-keyring.XXXXXX)
  mkdir -p "$base"/{data,config,cache,runtime}
  chmod 700 "$base/runtime"
  export NO_AT_BRIDGE=1 XDG_DATA_HOME="$base/data" XDG_CONFIG_HOME="$base/config" \
         XDG_CACHE_HOME="$base/cache" XDG_RUNTIME_DIR="$base/runtime"
  export VENTANILLA_IN_KEYRING_SESSION=1
  # Desktop portals started on the private bus may leave a FUSE mount behind.
  trap 'fusermount3 -uz "$base/runtime/doc" 2>/dev/null || true; rm -rf "$base" 2>/dev/null || true' EXIT
  status=0
  dbus-run-session -- "$0" "$@" || status=$?
  exit "$status"
fi

printf 'ventanilla-test' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
daemon=$!
cleanup() { kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  if dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
       /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
     | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done

"$@"
