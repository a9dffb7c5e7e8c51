#!/usr/bin/env bash
# Every test of Atti, in the order that fails fastest. Called by `make test` after
# scripts/deps.sh has installed what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-0}
export ATTI_TOOLS_DIR=${ATTI_TOOLS_DIR:-$PWD/.tools}
features="--features atti-desktop/custom-protocol"

step() { printf '\n==> %s\n' "$*"; }

step "UI: type check, component tests, build"
(cd ui && npm run check && npm test && npm run build)

step "Rust: build everything (the tests run the built binaries)"
cargo build --workspace --all-targets $features

step "Rust: unit, snapshot, acceptance and window tests"
# Generated files (TypeScript types, act JSON schema) are compared by the tests: drift fails.
cargo test --workspace $features

step "UI in headless Chromium: accessibility (axe-core, WCAG 2.1 AA)"
(cd ui && npm run test:a11y)

step "Format and clippy"
cargo fmt --all --check
cargo clippy --workspace --all-targets $features -- -D warnings

step "Tutti i test sono passati."
