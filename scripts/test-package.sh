#!/usr/bin/env bash
# The published crates package on their own: `cargo package` (metadata and file lists), and no
# source file of a crate reads a file outside that crate's folder at compile time (an
# `include_str!`/`include_bytes!` path leaving the crate breaks `cargo package`'s verify build;
# doc-test-only includes under `#[cfg(doctest)]` are allowed: the verify build does not run them).
# The full verify build (`cargo package` without --no-verify) passed on 2026-12-05; it costs
# about 4 min of CPU, so the cheap checks here run on every test run instead.
set -euo pipefail
cd "$(dirname "$0")/.."
crates=(renxing renxing-render renxing-ops renxing-cli)
args=()
for c in "${crates[@]}"; do args+=(-p "$c"); done
cargo package "${args[@]}" --no-verify --allow-dirty --quiet
python3 - "${crates[@]}" <<'PY'
import os, re, sys
bad, checked = [], 0
pat = re.compile(r'include_(?:str|bytes)!\(\s*"([^"]+)"')
for crate in sys.argv[1:]:
    root = os.path.abspath(os.path.join("crates", crate))
    for dirpath, _, files in os.walk(os.path.join(root, "src")):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(dirpath, name)
            lines = open(path, encoding="utf-8").read().splitlines()
            for i, line in enumerate(lines):
                for m in pat.finditer(line):
                    checked += 1
                    if i > 0 and "#[cfg(doctest)]" in lines[i - 1]:
                        continue
                    target = os.path.abspath(os.path.join(dirpath, m.group(1)))
                    if not target.startswith(root + os.sep):
                        bad.append(f"{path}:{i + 1}: {m.group(1)} is outside {root}")
if checked == 0:
    sys.exit("no include_str!/include_bytes! found: the check read nothing")
if bad:
    sys.exit("files included from outside their crate (cargo package would fail):\n" + "\n".join(bad))
print(f"package check: {checked} compile-time includes, all inside their crates")
PY
