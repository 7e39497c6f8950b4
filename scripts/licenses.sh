#!/usr/bin/env bash
# `make licenses`: the third-party components the app and ventanilla-cli ship,
# with their licenses, for the About panel
# (ui/src/screens/about/third-party-licenses.json, committed).
# Rust: the normal (shipped) dependencies of both binaries for this platform,
# from `cargo metadata`. npm: the UI's production dependencies, from
# license-checker-rseidelsohn (pinned, installed by npx).
set -euo pipefail
cd "$(dirname "$0")/.."
LICENSE_CHECKER=license-checker-rseidelsohn@5.0.1
out=ui/src/screens/about/third-party-licenses.json
rust=$(mktemp) npmj=$(mktemp)
trap 'rm -f "$rust" "$npmj"' EXIT
host=$(rustc -vV | sed -n 's/^host: //p')
cargo metadata --format-version 1 --locked --filter-platform "$host" > "$rust"
(cd ui && npx --yes "$LICENSE_CHECKER" --production --json --excludePrivatePackages) > "$npmj"
python3 scripts/licenses.py "$rust" "$npmj" > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($(grep -c '"name"' "$out") components)" >&2
