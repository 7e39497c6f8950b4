#!/usr/bin/env bash
# `make bench`: one line per figure, `name: value unit`. Diagnostics go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. History: insert rate and search latency over 1,000,000 operations.
cargo bench -q -p ventanilla-history --bench history 2>/dev/null

# 2. Start-up to first IPC reply: Ventanilla vs a bare Tauri window built the same way.
cargo build -q --release -p ventanilla -p bare-window >&2
runs=${BENCH_STARTUP_RUNS:-9}
start_ms() { # binary → the ms it reports from main() to its first IPC reply, one start
  local bin=$1 data line
  data=$(mktemp -d)
  line=$(VENTANILLA_DATA_DIR="$data" VENTANILLA_BENCH_FIRST_IPC=1 timeout 60 "$bin" 2>/dev/null | grep -m1 first_ipc_reply_ms || true)
  rm -rf "$data"
  [ -n "$line" ] || { echo "no IPC reply from $bin" >&2; exit 1; }
  echo "${line##* }"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The two apps start alternately, so a slow spell of the machine (runs here
# swing by ±30 %) weighs on both medians instead of on one of them.
measure_both() { # → "ours bare": medians over $runs alternating starts
  local ours=() bare=()
  for _ in $(seq "$runs"); do
    ours+=("$(start_ms target/release/ventanilla)")
    bare+=("$(start_ms target/release/bare-window)")
  done
  echo "$(printf '%s\n' "${ours[@]}" | median) $(printf '%s\n' "${bare[@]}" | median)"
}
# The desktop session's daemons print to stdout: take the figures from a file.
figures=$(mktemp)
xvfb-run -a scripts/with-keyring.sh bash -c "
  runs=$runs; $(declare -f start_ms median measure_both)
  measure_both > $figures" >/dev/null 2>&1
read -r ours bare < "$figures"
rm -f "$figures"
echo "startup_first_ipc_ventanilla: $ours ms"
echo "startup_first_ipc_bare_tauri: $bare ms"
awk -v a="$ours" -v b="$bare" 'BEGIN { printf "startup_ratio_vs_bare: %.2f x\n", a / b }'

# 3. Idle memory: PSS of the app and its WebKit processes (the whole process
#    tree), 10 s after start, when the window is drawn and (for Ventanilla)
#    every simulator of the sandbox is running. PSS splits shared pages between
#    the processes that map them, so the sum is what the app really costs.
mem_runs=${BENCH_MEMORY_RUNS:-3}
idle_pss() { # binary → median over $mem_runs starts of the tree's PSS in KiB
  local bin=$1 data pid samples=() kib
  for _ in $(seq "$mem_runs"); do
    data=$(mktemp -d)
    VENTANILLA_DATA_DIR="$data" "$bin" >/dev/null 2>&1 &
    pid=$!
    sleep "${BENCH_IDLE_SECONDS:-10}"
    kib=$(tree_pss "$pid")
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    rm -rf "$data"
    samples+=("$kib")
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
tree_pss() { # pid → PSS in KiB of it and all its descendants
  local all=($1) queue=($1) p kids
  while [ ${#queue[@]} -gt 0 ]; do
    p=${queue[0]}; queue=("${queue[@]:1}")
    kids=$(cat /proc/"$p"/task/*/children 2>/dev/null || true)
    for k in $kids; do all+=("$k"); queue+=("$k"); done
  done
  for p in "${all[@]}"; do awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null; done |
    awk '{s+=$1} END {print s+0}'
}
figures=$(mktemp)
xvfb-run -a scripts/with-keyring.sh bash -c "
  mem_runs=$mem_runs; $(declare -f idle_pss tree_pss)
  echo \$(idle_pss target/release/ventanilla) \$(idle_pss target/release/bare-window) > $figures" >/dev/null 2>&1
read -r ours bare < "$figures"
rm -f "$figures"
awk -v k="$ours" 'BEGIN { printf "idle_pss_ventanilla: %.1f MiB\n", k / 1024 }'
awk -v k="$bare" 'BEGIN { printf "idle_pss_bare_tauri: %.1f MiB\n", k / 1024 }'
awk -v a="$ours" -v b="$bare" 'BEGIN { printf "idle_pss_ratio_vs_bare: %.2f x\n", a / b }'

# 4. SIGNIO transfers: a 1 GiB upload to the simulator and a 1 GiB export from
#    it, through the service (what the app runs) and the adapter alone, vs curl
#    on the same endpoint (goals: ≥ 0.9× curl, ≤ 64 MiB peak RSS growth). The
#    simulator and each measured transfer run in processes of their own; see
#    src-tauri/crates/service/benches/transfer.rs. Needs curl and ~4 GiB of temp space; ~1 min.
command -v curl >/dev/null || { echo "curl is needed for the transfer benchmark" >&2; exit 1; }
cargo bench -q -p ventanilla-service --bench transfer

# 5. Packages (goals: .deb ≤ 10 MB, stripped app ≤ 15 MB; MB = 10^6 bytes):
#    `make package` (release profile of the root Cargo.toml), then the sizes of
#    the .deb, the .rpm and of the app binary stripped of symbols.
make -s package >&2
target=${CARGO_TARGET_DIR:-target}
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }
echo "package_deb_size: $(mb "$(ls "$target"/release/bundle/deb/*.deb)") MB"
echo "package_rpm_size: $(mb "$(ls "$target"/release/bundle/rpm/*.rpm)") MB"
stripped=$(mktemp)
strip -o "$stripped" "$target/release/ventanilla"
echo "app_binary_stripped_size: $(mb "$stripped") MB"
rm -f "$stripped"
