#!/usr/bin/env bash
# Runs every test of the project: Rust (fmt, clippy, tests, doc tests), then the parts added by
# later stages (Python, WebAssembly, browser). Installs what it needs; skips nothing silently.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

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
