#!/usr/bin/env bash
# Every test of Atti, in the order that fails fastest. Called by `make test` after
# scripts/deps.sh has installed what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-0}
export ATTI_TOOLS_DIR=${ATTI_TOOLS_DIR:-$PWD/.tools}
source scripts/features.sh

step() { printf '\n==> %s\n' "$*"; }

step "UI: type check and build (the desktop embeds ui/dist)"
(cd ui && npm run check && npm run build)

step "The fast lane (make check): format, clippy, Rust unit tests, UI component tests"
scripts/check.sh

step "The calendar: the unit tests again, years ahead and across New Year's Eve in Rome, far from Rome"
# 23:59:30 on 31 December in Rome: the Comune's year ends during the run. Kiritimati is UTC+14,
# Adak UTC-10 (and on daylight saving time in June, when Rome is too).
scripts/unit.sh "2031-12-31 23:59:30 CET" Pacific/Kiritimati
scripts/unit.sh "2029-06-30 23:59:30 CEST" America/Adak

step "Rust: build everything (the tests run the built binaries)"
cargo build --workspace --all-targets $features

step "Rust: unit, snapshot, acceptance and window tests"
# Generated files (TypeScript types, act JSON schema) are compared by the tests: drift fails.
cargo test --workspace $features

step "UI in headless Chromium: accessibility (axe-core, WCAG 2.1 AA)"
(cd ui && npm run test:a11y)

step "Tutti i test sono passati."
