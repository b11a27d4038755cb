#!/usr/bin/env bash
# Builds and tests the WebAssembly package (bindings/wasm), on a fresh machine too:
#   1. the wasm32 target and wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in
#      Cargo.lock (installed only when `wasm-bindgen --version` differs);
#   2. cargo build --target wasm32-unknown-unknown --profile wasm-release -p renxing-wasm (the
#      size profile of Cargo.toml), then wasm-bindgen for Node (bindings/wasm/pkg-node, CommonJS)
#      and the web (bindings/wasm/www/pkg, ES module);
#   3. npm ci (typescript and binaryen pinned by package-lock.json), wasm-opt -Oz (the tests run on
#      the optimised module), tsc --noEmit --strict on the declarations;
#   4. node --test bindings/wasm/tests (golden parity, bad inputs);
#   5. the browser end-to-end test of the page in headless Chromium (scripts/ensure-browser.sh).
# Run by scripts/test-all.sh. Fails loudly; never skips a step.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
wasm_dir="$root/bindings/wasm"

step() { printf '\n--> %s\n' "$*"; }

step "rustup target add wasm32-unknown-unknown"
rustup target add wasm32-unknown-unknown

step "wasm-bindgen-cli at the version of the wasm-bindgen crate in Cargo.lock"
want="$(cargo metadata --format-version 1 --locked | python3 -c '
import json, sys
pkgs = [p for p in json.load(sys.stdin)["packages"] if p["name"] == "wasm-bindgen"]
versions = sorted({p["version"] for p in pkgs})
if len(versions) != 1:
    sys.exit("expected exactly one wasm-bindgen version in Cargo.lock, found %r" % versions)
print(versions[0])')"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" = "$want" ]; then
  echo "wasm-bindgen $have already installed"
else
  echo "installing wasm-bindgen-cli $want (found: ${have:-none}) ..."
  # Without --locked: the CLI's own lockfile pins a crate release the registry lacks.
  cargo install wasm-bindgen-cli --version "=$want"
  have="$(wasm-bindgen --version | awk '{print $2}')"
  [ "$have" = "$want" ] || { echo "wasm-bindgen $have installed, $want wanted" >&2; exit 1; }
fi

step "cargo build --target wasm32-unknown-unknown --profile wasm-release -p renxing-wasm (SIMD: .cargo/config.toml)"
# The wasm target's rustflags (SIMD) are in .cargo/config.toml; a RUSTFLAGS variable would replace
# them, so the build refuses to run with one.
if [ -n "${RUSTFLAGS:-}" ] || [ -n "${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}" ]; then
  echo "RUSTFLAGS is set: it would replace the wasm target's flags in .cargo/config.toml (SIMD); unset it" >&2
  exit 1
fi
# The wasm-release profile (Cargo.toml): opt-level "z" and fat LTO, the core crate at opt-level 3.
cargo build --target wasm32-unknown-unknown --profile wasm-release -p renxing-wasm
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/renxing_wasm.wasm"
[ -f "$wasm" ] || { echo "missing $wasm" >&2; exit 1; }

step "wasm-bindgen --target nodejs / --target web"
rm -rf "$wasm_dir/pkg-node" "$wasm_dir/www/pkg"
wasm-bindgen --target nodejs --out-dir "$wasm_dir/pkg-node" "$wasm"
wasm-bindgen --target web --out-dir "$wasm_dir/www/pkg" "$wasm"

step "npm ci (bindings/wasm: typescript, binaryen pinned by package-lock.json)"
(cd "$wasm_dir" && npm ci --no-audit --no-fund)

# wasm-opt from the npm binaryen package (Debian's binaryen 108 breaks wasm-bindgen output). The
# tests below run on the optimised modules. -Oz: the size pass (measured against -O3 in
# docs/benchmarks.md, "WebAssembly", seventh session: smaller, the batch kernel as fast, since the
# core crate is built at opt-level 3). wasm-bindgen writes the same .wasm for both targets: it is
# optimised once and copied (checked byte for byte first; else each is optimised).
step "wasm-opt -Oz (npm binaryen $(cd "$wasm_dir" && ./node_modules/.bin/wasm-opt --version | awk '{print $3}'))"
# The features rustc enables for wasm32-unknown-unknown, and SIMD (.cargo/config.toml).
wasm_features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --enable-mutable-globals --enable-simd)
optimise() {
  local before after gz
  before=$(wc -c < "$1/renxing_wasm_bg.wasm")
  "$wasm_dir/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers "${wasm_features[@]}" \
    "$1/renxing_wasm_bg.wasm" -o "$1/renxing_wasm_bg.opt.wasm"
  mv "$1/renxing_wasm_bg.opt.wasm" "$1/renxing_wasm_bg.wasm"
  after=$(wc -c < "$1/renxing_wasm_bg.wasm")
  gz=$(gzip -9 -c "$1/renxing_wasm_bg.wasm" | wc -c)
  echo "$1/renxing_wasm_bg.wasm: $before -> $after bytes ($gz gzipped)"
}
if cmp -s "$wasm_dir/pkg-node/renxing_wasm_bg.wasm" "$wasm_dir/www/pkg/renxing_wasm_bg.wasm"; then
  optimise "$wasm_dir/pkg-node"
  cp "$wasm_dir/pkg-node/renxing_wasm_bg.wasm" "$wasm_dir/www/pkg/renxing_wasm_bg.wasm"
  echo "$wasm_dir/www/pkg/renxing_wasm_bg.wasm: the same module (copied)"
else
  optimise "$wasm_dir/pkg-node"
  optimise "$wasm_dir/www/pkg"
fi

step "tsc --noEmit --strict (declarations and tests/types-check.ts)"
(cd "$wasm_dir" && ./node_modules/.bin/tsc -p tsconfig.json)

step "node --test bindings/wasm/tests"
(cd "$wasm_dir" && node --test tests/)

step "browser end-to-end (headless Chromium)"
bash "$root/scripts/ensure-browser.sh" >/dev/null
node "$wasm_dir/e2e/page.e2e.mjs"

echo "wasm: all tests passed"
