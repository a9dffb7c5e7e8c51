#!/usr/bin/env bash
# `make check`: the checks that fail fastest, in a few minutes on a warm machine: format,
# clippy (warnings are errors), the Rust unit tests of every crate, the UI's component tests.
# `make test` runs them first, then everything else.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-0}
source scripts/features.sh

cargo fmt --all --check
[ -f ui/dist/index.html ] || (cd ui && npm run build)
cargo clippy --workspace --all-targets $features -- -D warnings
scripts/unit.sh
