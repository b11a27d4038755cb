"""Round trip of assessment files (issue 17), shared with the Rust and Node suites:
tests/golden/roundtrip/assessments.jsonl holds 1,000 generated valid files (Unicode evidence,
every rating form, big integers and many-digit doubles in metadata, random key order) and the
canonical bytes the core writes for each (crates/renxing-ops/tests/round_trip.rs). Loading and
saving from Python must give exactly those bytes, and saving them again must change nothing."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import renxing
from renxing import ops

CORPUS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "golden" / "roundtrip" / "assessments.jsonl"


def cases() -> list[dict[str, Any]]:
    # split on \n only: the files hold U+2028, which str.splitlines() would split on
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    out = [json.loads(line) for line in lines if line.strip() and not line.startswith("#")]
    assert len(out) >= 1000, f"read only {len(out)} files from {CORPUS}"
    return out


def test_load_save_gives_the_core_bytes() -> None:
    differ = []
    for c in cases():
        text, canonical = c["text"], c["canonical"]
        saved = ops.format_assessment(ops.parse_assessment(text))["text"]
        if saved != canonical:
            differ.append(c["n"])
            continue
        # the user-facing class, and a second round
        again = renxing.Assessment.from_json(saved)
        assert again.to_json() == canonical, c["n"]
    assert differ == [], f"files whose saved bytes differ from Rust's: {differ[:20]}"


def test_big_integers_stay_python_ints() -> None:
    base = json.loads(cases()[0]["canonical"])
    base["metadata"] = {"u": 2**64 - 1, "i": -(2**63), "s": 2**53 + 1, "f": 1.0, "x": 1e20}
    a = ops.parse_assessment(json.dumps(base))
    meta: Any = a["metadata"]
    assert meta["u"] == 2**64 - 1 and isinstance(meta["u"], int)
    assert meta["i"] == -(2**63) and meta["s"] == 2**53 + 1
    saved = ops.format_assessment(a)["text"]
    assert '"f": 1,' in saved and '"s": 9007199254740993,' in saved, saved
    assert '"u": 18446744073709551615' in saved and '"x": 100000000000000000000' in saved, saved
    # an integer beyond 64 bits that no double holds is refused, not rounded
    text = json.dumps(base).replace('"s": 9007199254740993', '"s": 123456789012345678901')
    try:
        ops.parse_assessment(text)
    except renxing.RenxingError as e:
        assert "123456789012345678901" in str(e) and "metadata.s" in str(e), str(e)
    else:
        raise AssertionError("a 21-digit integer was accepted")


FRAMEWORKS = CORPUS.with_name("frameworks.jsonl")


def framework_cases() -> list[dict[str, Any]]:
    lines = FRAMEWORKS.read_text(encoding="utf-8").split("\n")
    out = [json.loads(line) for line in lines if line.strip() and not line.startswith("#")]
    assert len(out) >= 200, f"read only {len(out)} frameworks from {FRAMEWORKS}"
    return out


def test_framework_load_save_gives_the_core_bytes() -> None:
    """Custom frameworks (Unicode labels in many tags, extreme weights, remedies): load → save
    from Python gives Rust's canonical JSON and TOML bytes, through dicts and the Framework class."""
    differ = []
    for c in framework_cases():
        fw = ops.parse_framework(c["text"])
        saved = ops.format_framework(framework=fw)["text"]
        toml = ops.format_framework(framework=fw, format="toml")["text"]
        if saved != c["canonical"] or toml != c["toml"]:
            differ.append(c["n"])
            continue
        # a second round, through the compiled class and through the TOML text
        again = renxing.Framework(ops.parse_framework(saved))
        assert ops.format_framework(framework=again)["text"] == c["canonical"], c["n"]
        assert again.to_dict() == fw, c["n"]
        back = ops.parse_framework(toml, format="toml")
        assert ops.format_framework(framework=back)["text"] == c["canonical"], c["n"]
    assert differ == [], f"frameworks whose saved bytes differ from Rust's: {differ[:20]}"


def test_framework_weights_keep_every_bit() -> None:
    """Weights from 5e-324 to the largest double reach Python as the exact floats the text holds."""
    seen = 0
    for c in framework_cases():
        text_fw = json.loads(c["text"])
        fw = ops.parse_framework(c["text"])
        for given, read in zip(text_fw["dimensions"], fw["dimensions"]):
            if "weight" in given:
                assert read["weight"] == float(given["weight"]), (c["n"], given["weight"])
                seen += 1
    assert seen > 500, seen
