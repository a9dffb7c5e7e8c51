# Atti: the two commands are `make run` and `make test`. Each target is thin: it calls a
# script or cargo. See README.md.

CARGO_FEATURES := --features atti-desktop/custom-protocol
export CARGO_PROFILE_DEV_DEBUG ?= 0

.PHONY: run test check bench deps ui build

run:
	scripts/deps.sh run
	$(MAKE) ui
	cargo build -p atti-desktop $(CARGO_FEATURES)
	scripts/run-app.sh

test:
	scripts/deps.sh test
	scripts/test.sh

# The fast lane (a few minutes warm): format, clippy, unit tests of Rust and the UI.
check:
	scripts/deps.sh test
	scripts/check.sh

bench:
	scripts/deps.sh test
	scripts/bench.sh

ui:
	cd ui && npm run build

build: ui
	cargo build --workspace $(CARGO_FEATURES)
