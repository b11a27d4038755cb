"""Parity with the Rust results: every vector in tests/golden (the shared golden files)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import renxing
from conftest import GOLDEN, TOL, close, columns, ids, overall, rated, read_jsonl

SCORING = read_jsonl("scoring.jsonl")
COMPARE = read_jsonl("compare.jsonl")
BATCH = read_jsonl("batch.jsonl")
ERRORS = read_jsonl("errors.jsonl")


def test_every_golden_file_is_read() -> None:
    names = sorted(p.name for p in GOLDEN.glob("*.jsonl"))
    assert names == ["batch.jsonl", "compare.jsonl", "errors.jsonl", "scoring.jsonl"]
    for v in (SCORING, COMPARE, BATCH, ERRORS):
        assert len(v) > 0


def framework(path: str | None) -> renxing.Framework | None:
    return None if path is None else renxing.Framework.from_file(GOLDEN / path)


def opts(options: dict[str, Any] | None) -> Any:
    return {k: v for k, v in (options or {}).items() if v is not None}


@pytest.mark.parametrize("vector", SCORING, ids=ids(SCORING))
def test_scoring(vector: dict[str, Any]) -> None:
    fw = framework(vector["framework"])
    a = renxing.Assessment.from_file(GOLDEN / vector["input"], framework=fw)
    card = renxing.score(a, options=opts(vector["options"]), framework=fw)
    diag = renxing.diagnose(a, options=opts(vector["options"]), framework=fw)
    exp = vector["expected"]

    got_dims = {d["id"]: d.get("grade") for d in card["dimensions"]}
    assert list(got_dims) == list(exp["dimensions"])
    for dim, e in exp["dimensions"].items():
        g = got_dims[dim]
        assert (g["level"] if g else None) == e["level"], dim
        assert close(g["score"] if g else None, e["score"]), dim

    got_attrs = {x["id"]: x for x in card["attributes"]}
    assert list(got_attrs) == list(exp["attributes"])
    for attr, e in exp["attributes"].items():
        g = got_attrs[attr]
        grade = g.get("grade")
        assert (grade["level"] if grade else None) == e["level"], attr
        assert close(grade["score"] if grade else None, e["score"]), attr
        assert (g["rated"], g["total"]) == (e["rated"], e["total"]), attr

    assert columns(card) == exp["columns"]
    assert list(columns(card)) == list(exp["columns"])
    assert overall(card, "level") == exp["overall"]["level"]
    assert close(overall(card, "score"), exp["overall"]["score"])

    assert [d["id"] for d in diag["attribute_deficits"]] == exp["attribute_deficits"]
    assert [d["id"] for d in diag["dimension_deficits"]] == exp["dimension_deficits"]
    assert [r["id"] for r in diag["remedies"]] == exp["remedies"]
    nearest = diag.get("nearest_case")
    assert (nearest["case"] if nearest else None) == exp["nearest_case"]
    assert diag["unrated"] == exp["unrated"]
    assert diag["inconsistencies"] == exp["inconsistencies"]
    assert diag["scorecard"] == card


@pytest.mark.parametrize("vector", SCORING, ids=ids(SCORING))
def test_scoring_through_dict_and_json(vector: dict[str, Any]) -> None:
    """The dict, JSON and framework-dict paths give the same scorecard as the file path."""
    fw = framework(vector["framework"])
    text = (GOLDEN / vector["input"]).read_text(encoding="utf-8")
    a = renxing.Assessment.from_json(text, framework=fw)
    b = renxing.parse_assessment(text, framework=fw)
    assert a == b
    o = opts(vector["options"])
    fw_dict = fw.to_dict() if fw is not None else None
    assert renxing.score(a, options=o, framework=fw) == renxing.score(b, options=o, framework=fw_dict)


@pytest.mark.parametrize("vector", COMPARE, ids=ids(COMPARE))
def test_compare(vector: dict[str, Any]) -> None:
    items = [renxing.Assessment.from_file(GOLDEN / p) for p in vector["inputs"]]
    cmp = renxing.compare(items, options=opts(vector["options"]))
    exp = vector["expected"]
    got = [{"id": r["id"], "rank": r.get("rank"), "tied": r["tied"]} for r in cmp["ranking"]]
    assert got == exp["ranking"]
    extremes = {e["dimension"]: {"best": e["best"], "worst": e["worst"]} for e in cmp["extremes"]}
    assert extremes == exp["extremes"]


@pytest.mark.parametrize("vector", BATCH, ids=ids(BATCH))
def test_batch(vector: dict[str, Any]) -> None:
    dtype = np.uint8 if vector["kind"] == "codes" else np.float64
    rows = np.array(vector["rows"], dtype=dtype).reshape(-1, 8)
    out = renxing.score_batch(rows, options=opts(vector["options"]))
    exp = vector["expected"]
    assert out["rows"] == len(vector["rows"])
    np.testing.assert_allclose(out["overall_score"], exp["overall_score"], rtol=0, atol=TOL)
    assert out["overall_level"].tolist() == exp["overall_level"]
    np.testing.assert_allclose(
        out["attribute_score"], np.array(exp["attribute_score"]).reshape(-1, 3), rtol=0, atol=TOL
    )
    assert out["attribute_level"].tolist() == exp["attribute_level"]
    assert out["overall_score"].dtype == np.float64 and out["overall_level"].dtype == np.uint8
    assert out["attribute_score"].shape == (len(vector["rows"]), 3)


@pytest.mark.parametrize("vector", BATCH, ids=ids(BATCH))
def test_batch_agrees_with_per_assessment_scoring(vector: dict[str, Any]) -> None:
    """The array path and the per-assessment path give the same numbers."""
    fw = renxing.framework_paper()
    levels = [x["id"] for x in fw["levels"]]
    dims = [x["id"] for x in fw["dimensions"]]
    dtype = np.uint8 if vector["kind"] == "codes" else np.float64
    rows = np.array(vector["rows"], dtype=dtype).reshape(-1, 8)
    out = renxing.score_batch(rows, options=opts(vector["options"]))
    for i, row in enumerate(rows):
        if vector["kind"] == "codes":
            ratings: dict[str, Any] = {d: levels[int(c) - 1] for d, c in zip(dims, row)}
        else:
            ratings = {d: float(s) for d, s in zip(dims, row)}
        card = renxing.score(rated(f"r{i}", "row", ratings), options=opts(vector["options"]))  # type: ignore[arg-type]
        assert close(overall(card, "score"), float(out["overall_score"][i]))
        assert overall(card, "level") == levels[out["overall_level"][i] - 1]


def dotted(path: list[Any]) -> str:
    """The golden files' dotted form of a path (`ratings.x.level`, `a[0].b`)."""
    out = ""
    for seg in path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else seg)
    return out


@pytest.mark.parametrize("vector", ERRORS, ids=ids(ERRORS))
def test_errors(vector: dict[str, Any]) -> None:
    fw = framework(vector["framework"])
    exp = vector["expected"]
    with pytest.raises(renxing.RenxingError) as info:
        if vector["text"] is not None:
            renxing.Assessment.from_json(vector["text"], framework=fw)
        else:
            renxing.Assessment.from_file(GOLDEN / vector["input"], framework=fw)
    e = info.value
    assert e.code == exp["code"]
    assert sorted({dotted(i["path"]) for i in e.issues}) == exp["paths"]
    assert isinstance(e, ValueError)
    assert isinstance(e, renxing.AssessmentError)  # every golden error is about an assessment
    if exp["paths"]:
        assert e.path == e.issues[0]["path"]
        assert all(isinstance(i["path"], list) for i in e.issues)
    for i in e.issues:
        assert set(i) == {"path", "code", "message"} and i["message"]
