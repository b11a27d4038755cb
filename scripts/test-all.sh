#!/usr/bin/env bash
# Runs every test of the project: Rust (fmt, clippy, tests, doc tests), then the parts added by
# later stages (Python, WebAssembly, browser). Installs what it needs; skips nothing silently.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# Random test inputs are fixed here, so that CI runs exactly the inputs a local run of the same
# commit ran (a random draw in CI that no local run met refused a whole stop on 2026-12-05):
# proptest's generator (PROPTEST_RNG_SEED), Hypothesis (--hypothesis-seed in test-python.sh) and
# the fuzz run (RENXING_FUZZ_SEED in test-fuzz.sh) all take RENXING_TEST_SEED, 1 by default.
# `cargo test` or pytest run on their own still draw fresh inputs every time (exploration).
export RENXING_TEST_SEED=${RENXING_TEST_SEED:-1}
export PROPTEST_RNG_SEED=${PROPTEST_RNG_SEED:-$RENXING_TEST_SEED}
export RENXING_FUZZ_SEED=${RENXING_FUZZ_SEED:-$RENXING_TEST_SEED}

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (all targets, -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings
step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps -q
step "cargo test --workspace (unit, integration, golden, doc tests)"
cargo test --workspace

for part in scripts/test-*.sh; do
  case "$part" in scripts/test-all.sh) continue ;; esac
  step "$part"
  bash "$part"
done
step "all tests passed"
