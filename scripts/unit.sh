#!/usr/bin/env bash
# The fast lane: the Rust unit tests of every crate and the UI's component tests.
#   scripts/unit.sh                  on the machine's own clock and time zone
#   scripts/unit.sh "WHEN" ZONE      with the clock moved to WHEN (libfaketime) and TZ=ZONE:
#                                    no test may read the calendar (each injects its clock)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/features.sh
when=${1:-}
zone=${2:-}

# The test binaries are built on the real clock (cargo compares file times), then run on the
# moved one, each in its package's folder as cargo test would.
tests=$(cargo test --workspace --lib $features --no-run --message-format=json 2>/dev/null |
  python3 -c '
import json, os, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["executable"] + "\t" + os.path.dirname(m["manifest_path"]))')

# libfaketime preloaded with the clock starting at WHEN in ZONE (as `faketime WHEN` would, but
# without the wrapper: its named semaphore, left in /dev/shm by a killed wrapper, collides
# with a later one of the same PID).
if [ -n "$when" ]; then
  libfaketime=
  for candidate in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
    if [ -e "$candidate" ]; then libfaketime=$candidate; break; fi
  done
  [ -n "$libfaketime" ] || { echo "libfaketime.so.1 mancante: scripts/deps.sh test" >&2; exit 1; }
  start=$(TZ=$zone date -d "$when" '+%Y-%m-%d %H:%M:%S')
fi
run() {
  if [ -n "$when" ]; then
    TZ=$zone LD_PRELOAD=$libfaketime FAKETIME="@$start" "$@"
  else
    "$@"
  fi
}

# The UI tests run against the real backend, the app's commands on Tauri's mock runtime
# (ui/tests/bridge.ts finds it in the target dir).
cargo build --workspace $features --bin atti-ipc-bridge

while IFS=$'\t' read -r bin dir; do
  echo "--- $(basename "$bin")${when:+ (orologio: $when, TZ=$zone)}"
  (cd "$dir" && CARGO_MANIFEST_DIR=$dir run "$bin" -q)
done <<<"$tests"
(cd ui && run npx vitest run)
