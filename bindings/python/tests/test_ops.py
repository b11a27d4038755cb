"""The operation layer from Python: every pair of tests/golden/ops (shared with the Rust and
JavaScript suites) through `renxing._renxing.call`, and the generated `renxing.ops` functions."""

from __future__ import annotations

import inspect
import json
import pathlib
from typing import Any

import pytest

import renxing
from renxing import _renxing

GOLDEN = pathlib.Path(__file__).resolve().parents[3] / "tests" / "golden" / "ops"


def canonical(v: Any) -> str:
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def pairs() -> list[pathlib.Path]:
    files = sorted(GOLDEN.glob("*.json"))
    assert len(files) > 20, f"read only {len(files)} golden pairs from {GOLDEN}"
    return files


@pytest.mark.parametrize("path", pairs(), ids=lambda p: p.stem)
def test_golden_pair(path: pathlib.Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    renxing.set_lang(case.get("lang", "zh"))
    try:
        if "response" in case:
            got = _renxing.call(case["operation"], case["request"])
            assert canonical(got) == canonical(case["response"])
        else:
            with pytest.raises(renxing.RenxingError) as info:
                _renxing.call(case["operation"], case["request"])
            e = info.value
            want = case["error"]
            assert e.code == want["code"]
            assert type(e).__name__ == want["kind"]
            assert str(e) == want["message"]
            assert e.path == want["path"]
            assert canonical(e.issues) == canonical(want["issues"])
    finally:
        renxing.set_lang("zh")


def test_every_operation_has_a_generated_function() -> None:
    names = [o["name"] for o in _renxing.call("operations")["operations"]]
    assert len(names) >= 29
    for name in names:
        fn = getattr(renxing.ops, name)
        assert inspect.signature(fn).return_annotation, name
        assert fn.__doc__, name


def test_generated_functions_take_objects_and_keywords() -> None:
    b = renxing.case("b")
    card = renxing.ops.score(b, options={"method": "minimum"})
    assert card["method"] == "minimum"
    assert card["columns"][0]["grade"]["level"] == "low"  # type: ignore[index]  # min of high, low, high
    fw = renxing.Framework.paper()
    d = renxing.ops.diagnose(renxing.Assessment(b), framework=fw)  # an Assessment and a compiled Framework
    assert d["nearest_case"]["case"] == "case-b"  # type: ignore[index]
    with pytest.raises(renxing.RequestError) as info:
        _renxing.call("score", {"assessment": b, "optons": {}})
    assert info.value.code == "request_invalid" and info.value.path == ["optons"]


def test_the_package_exports_every_operation() -> None:
    """`renxing.OP` is the generated function of every operation (the numpy batch path stands for
    `score_batch`), and nothing else is hand-written besides the few documented helpers."""
    names = [o["name"] for o in renxing.operations()["operations"]]
    for name in names:
        assert name in renxing.__all__, name
        fn = getattr(renxing, name)
        assert fn is getattr(renxing.ops, name) or name == "score_batch", name
    assert renxing.score_batch is _renxing.score_batch
    assert renxing.case is renxing.reference_case
    assert renxing.__version__ == renxing.version()["version"]
