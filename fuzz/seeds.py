#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/, gitignored) from the
shared test vectors: tests/golden and tests/bad-inputs. Run by scripts/fuzz.sh; standard
library only. A seed is one input file in the target's own encoding (see each target)."""

from __future__ import annotations

import hashlib
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
BAD = ROOT / "tests" / "bad-inputs"
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fuzz" / "corpus"
MAX = 64 * 1024  # larger seeds slow every execution down

# the registry's order: the `ops` target picks registry()[first byte % n]
LIB = (ROOT / "crates" / "renxing-ops" / "src" / "lib.rs").read_text(encoding="utf-8")
OPS = re.findall(r'^\s*\(\w+, "(\w+)", "\w+"\),\s*$', LIB, re.M)
assert len(OPS) > 30, "could not read the operation registry"

counts: dict[str, int] = {}


# table_read runs with -max_len=4096 (scripts/fuzz.sh): larger tables cost ~20x per input
LIMIT = {"table_read": 4096}


def seed(target: str, data: bytes) -> None:
    if len(data) > LIMIT.get(target, MAX):
        return
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)
    counts[target] = counts.get(target, 0) + 1


def battery():
    for f in sorted(BAD.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                c = json.loads(line)
                if "fill" in c or "$float" in line:
                    continue
                req = dict(c.get("request") or {})
                if "text" in c:
                    req["text"] = c["text"]
                yield c["operation"], req


def golden_ops():
    for f in sorted((GOLDEN / "ops").glob("*.json")):
        c = json.loads(f.read_text(encoding="utf-8"))
        yield c["operation"], c.get("request") or {}


for f in sorted((GOLDEN / "inputs").glob("*.json")):
    seed("assessment_parse", f.read_bytes())
    seed("strict_json", f.read_bytes())
for f in sorted((GOLDEN / "frameworks").glob("*.json")):
    seed("framework_parse", b"\x00" + f.read_bytes())
    seed("strict_json", f.read_bytes())
for f in sorted(GOLDEN.rglob("*.json")):
    seed("strict_json", f.read_bytes())

# the round-trip corpus (1,000 valid files: Unicode, big integers, every rating form); one in
# five, to keep the start of each run short
for i, line in enumerate((GOLDEN / "roundtrip" / "assessments.jsonl").read_text(encoding="utf-8").split("\n")):
    if line.strip() and not line.startswith("#") and i % 5 == 1:
        seed("assessment_parse", json.loads(line)["text"].encode())
        seed("strict_json", json.loads(line)["text"].encode())

# the framework round-trip corpus (200 valid custom frameworks: Unicode labels, extreme
# weights, remedies), one in four, as JSON and as TOML
for i, line in enumerate((GOLDEN / "roundtrip" / "frameworks.jsonl").read_text(encoding="utf-8").split("\n")):
    if line.strip() and not line.startswith("#") and i % 4 == 1:
        c = json.loads(line)
        seed("framework_parse", b"\x00" + c["text"].encode())
        seed("framework_parse", b"\x01" + c["toml"].encode())

for op, req in list(golden_ops()) + list(battery()):
    text = req.get("text")
    if op == "parse_assessment" and isinstance(text, str):
        seed("assessment_parse", text.encode())
    if op == "parse_framework" and isinstance(text, str):
        prefix = b"\x01" if req.get("format") == "toml" else b"\x00"
        seed("framework_parse", prefix + text.encode())
    if op in ("read_table", "read_assessments") and isinstance(text, str) and req.get("format") in (None, "csv"):
        for layout in (b"\x00", b"\x01", b"\x02"):
            seed("table_read", layout + text.encode())
    if op in OPS:
        seed("ops", bytes([OPS.index(op)]) + json.dumps(req, ensure_ascii=False).encode())
    else:
        seed("ops", b"\x00" + json.dumps(req, ensure_ascii=False).encode())

# inputs of past findings (fuzz/regressions/<target>/, committed): each run replays them first
for f in sorted((ROOT / "fuzz" / "regressions").glob("*/crash-*")):
    seed(f.parent.name, f.read_bytes())

# the structured half of `ops` (first byte >= 0x80): arbitrary bytes, deterministic
for i in range(32):
    body = b"".join(hashlib.sha256(f"{i}:{k}".encode()).digest() for k in range(16))
    seed("ops", bytes([0x80 + i]) + body)

for target in ("assessment_parse", "framework_parse", "strict_json", "table_read", "ops"):
    print(f"{target}: {counts.get(target, 0)} seeds")
    assert counts.get(target, 0) > 0, f"no seed for {target}"
