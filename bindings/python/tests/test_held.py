"""Held requests and lazy results (`renxing.prepare`, `Prepared`, `Held`): for every golden pair of
tests/golden/ops the held result's `to_dict()` (and each field read alone) equals the recorded
response, or preparing/running raises the recorded error; held `score`, `diagnose` and a few other
operations equal the dict functions' results; errors are typed and located."""

from __future__ import annotations

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
def test_golden_pair_held(path: pathlib.Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    renxing.set_lang(case.get("lang", "zh"))
    try:
        if "response" in case:
            held = _renxing.Prepared(case["operation"], case["request"])()
            want = case["response"]
            assert held.op == case["operation"]
            assert canonical(held.to_dict()) == canonical(want)
            if isinstance(want, dict):
                assert sorted(held.keys()) == sorted(want)
                for k, v in want.items():
                    assert canonical(held[k]) == canonical(v), k
                    assert k in held
        else:
            with pytest.raises(renxing.RenxingError) as info:
                _renxing.Prepared(case["operation"], case["request"]).run()
            e = info.value
            want = case["error"]
            assert (e.code, type(e).__name__, str(e), e.path) == (
                want["code"], want["kind"], want["message"], want["path"])
            assert canonical(e.issues) == canonical(want["issues"])
    finally:
        renxing.set_lang("zh")


@pytest.mark.parametrize("cid", ["a", "b", "c"])
def test_held_results_equal_the_dict_functions(cid: str) -> None:
    a = renxing.case(cid)
    score = renxing.prepare("score", assessment=a)
    assert score.op == "score" and repr(score) == 'Prepared("score")'
    card = score()
    assert card.to_dict() == renxing.score(a)
    assert card["overall"] == renxing.score(a)["overall"]
    assert card.overall == card["overall"]  # attribute access
    assert card.columns == renxing.score(a)["columns"]
    assert card.keys() == list(renxing.score(a))
    assert score.run().to_dict() == card.to_dict()  # runs again, same result
    d = renxing.prepare("diagnose", assessment=a, phase="response", top_remedies=2)()
    assert d.to_dict() == renxing.diagnose(a, phase="response", top_remedies=2)
    assert d["remedies"] == renxing.diagnose(a, phase="response", top_remedies=2)["remedies"]
    fw = renxing.Framework.paper()
    m = renxing.prepare("score", assessment=renxing.Assessment(a), options={"method": "minimum"}, framework=fw)
    assert m().to_dict() == renxing.score(a, options={"method": "minimum"})
    row = renxing.prepare("score_batch", codes=[[3, 2, 3, 2, 2, 2, 3, 1]])()
    assert row.to_dict() == renxing.ops.score_batch(codes=[[3, 2, 3, 2, 2, 2, 3, 1]])
    text = renxing.prepare("text", kind="scorecard", assessments=[a])()
    assert text.to_dict() == renxing.text("scorecard", assessments=[a])
    cmp = renxing.prepare("compare", assessments=[renxing.case("a"), renxing.case("b")])()
    assert cmp["ranking"] == renxing.compare([renxing.case("a"), renxing.case("b")])["ranking"]


def test_held_field_errors() -> None:
    card = renxing.prepare("score", assessment=renxing.case("b"))()
    with pytest.raises(KeyError):
        card["no_such_field"]
    with pytest.raises(AttributeError, match="no field"):
        card.no_such_field  # noqa: B018
    assert "no_such_field" not in card and "overall" in card
    assert repr(card) == 'Held("score")'


def test_prepare_errors_are_typed_and_located() -> None:
    bad = dict(renxing.case("b"))
    bad["ratings"] = dict(bad["ratings"], rules={"level": "excellent"})
    for op in ("score", "diagnose"):
        with pytest.raises(renxing.AssessmentError) as info:
            renxing.prepare(op, assessment=bad)  # type: ignore[call-overload]
        with pytest.raises(renxing.AssessmentError) as once:
            getattr(renxing, op)(bad)
        assert info.value.path == once.value.path and info.value.path[0] == "assessment"
        assert str(info.value) == str(once.value)
    with pytest.raises(renxing.RequestError) as req:
        renxing.prepare("score", assessment=renxing.case("b"), optons={})  # type: ignore[call-overload]
    assert req.value.path == ["optons"]
    with pytest.raises(renxing.OptionsError) as opt:
        renxing.prepare("score", assessment=renxing.case("b"), options={"dimension_weights": {"rules": -1.0}})
    assert opt.value.path is not None and opt.value.path[0] == "options"
    with pytest.raises(renxing.RenxingError) as unknown:
        renxing.prepare("no_such_op")  # type: ignore[call-overload]
    assert unknown.value.code == "unknown_operation"
    # an error of the run itself comes from the call, in the module language
    p = renxing.prepare("score_batch", codes=[[1, 2, 3, 1, 2, 3, 1, 9]])
    renxing.set_lang("en")
    try:
        with pytest.raises(renxing.BatchError) as run:
            p()
        assert "9" in str(run.value) and run.value.path is not None
    finally:
        renxing.set_lang("zh")
