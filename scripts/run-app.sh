#!/usr/bin/env bash
# Opens the desktop app on the embedded default (local SQLite, demo Comune) in the
# platform's data dir, or in ATTI_DATA_DIR. Without a display, it runs under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
app=${CARGO_TARGET_DIR:-target}/debug/atti-desktop
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Nessun display: avvio sotto Xvfb (schermo virtuale)."
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$app"
fi
exec "$app"
