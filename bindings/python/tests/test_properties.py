"""Hypothesis properties: lossless round trips, monotonicity, batch = per-assessment, and no
input reaches a Rust panic."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import renxing
from conftest import item, overall, rated

FW = renxing.framework_paper()
DIMS = [d["id"] for d in FW["dimensions"]]
LEVELS = [x["id"] for x in FW["levels"]]
MODES = [m["id"] for m in renxing.vocabulary()["modes"]]
PHASES = [p["id"] for p in renxing.vocabulary()["phases"]]
METHODS = renxing.METHODS

text = st.text(max_size=20)
nonblank = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")
# community ids: letters of any script, digits, _ - . (the core's safe alphabet, issue 17)
community_id = st.text(alphabet="abcXYZ019_-.社区湖畔αβЖ", min_size=1, max_size=20)
evidence = st.fixed_dictionaries(
    {},
    optional={"quote": nonblank, "source": nonblank, "note": nonblank},
).filter(lambda e: len(e) > 0)
rating = st.one_of(
    st.none(),
    st.builds(lambda l: {"level": l}, st.sampled_from(LEVELS)),
    st.builds(lambda s: {"score": s}, st.floats(0, 100, allow_nan=False)),
    st.builds(lambda c, d: {"coped": c, "developed": d}, st.booleans(), st.booleans()),
)
rating_with_extras = st.builds(
    lambda r, ev, rater, note: None
    if r is None
    else {**r, **({"evidence": ev} if ev else {}), **({"rater": rater} if rater else {}), **({"note": note} if note else {})},
    rating,
    st.lists(evidence, max_size=2),
    st.one_of(st.none(), text),
    st.one_of(st.none(), text),
)
json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**64 - 1), st.floats(allow_nan=False, allow_infinity=False), text
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)),
    max_leaves=10,
)
dates = st.dates(min_value=__import__("datetime").date(1, 1, 1)).map(lambda d: d.isoformat())


@st.composite
def assessment_dicts(draw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "schema_version": 1,
        "framework": FW["id"],
        "id": draw(community_id),
        "name": draw(nonblank),
        "ratings": {dim: draw(rating_with_extras) for dim in DIMS},
    }
    if draw(st.booleans()):
        d["mode"] = draw(st.sampled_from(MODES))
    if draw(st.booleans()):
        d["phase"] = draw(st.sampled_from(PHASES))
    if draw(st.booleans()):
        d["date"] = draw(dates)
    meta = draw(st.dictionaries(text, json_value, max_size=3))
    if meta:
        d["metadata"] = meta
    return d


@settings(max_examples=200, deadline=None)
@given(assessment_dicts())
def test_round_trip_is_lossless(d: dict[str, Any]) -> None:
    a = renxing.Assessment(d)
    assert a == d
    assert renxing.Assessment.from_json(a.to_json()) == a
    assert json.loads(a.to_json()) == d
    assert renxing.validate_assessment(a) == d


@st.composite
def level_rows(draw: Any) -> list[int]:
    return [draw(st.integers(1, 3)) for _ in DIMS]


@settings(max_examples=300, deadline=None)
@given(level_rows(), st.integers(0, len(DIMS) - 1), st.sampled_from(METHODS))
def test_raising_one_rating_never_lowers_the_overall_score(row: list[int], i: int, method: str) -> None:
    def total(codes: list[int]) -> float:
        a = rated("m", "m", {d: LEVELS[c - 1] for d, c in zip(DIMS, codes)})
        s = overall(renxing.score(a, options={"method": method}), "score")  # type: ignore[arg-type, typeddict-item]
        assert s is not None
        return float(s)

    if row[i] == 3:
        return
    raised = list(row)
    raised[i] += 1
    assert total(raised) >= total(row) - 1e-12


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.floats(0, 100, allow_nan=False), min_size=8, max_size=8), min_size=1, max_size=20),
    st.integers(0, 7),
    st.floats(0, 100, allow_nan=False),
)
def test_raising_a_score_never_lowers_the_batch_overall(rows: list[list[float]], col: int, bump: float) -> None:
    a = np.array(rows, dtype=np.float64)
    b = a.copy()
    b[:, col] = np.minimum(100.0, b[:, col] + bump)
    assert np.all(renxing.score_batch(b)["overall_score"] >= renxing.score_batch(a)["overall_score"] - 1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(level_rows(), min_size=1, max_size=10), st.sampled_from(METHODS))
def test_batch_equals_per_assessment(rows: list[list[int]], method: str) -> None:
    out = renxing.score_batch(np.array(rows, dtype=np.uint8), options={"method": method})  # type: ignore[typeddict-item]
    for i, row in enumerate(rows):
        a = rated("b", "b", {d: LEVELS[c - 1] for d, c in zip(DIMS, row)})
        card = renxing.score(a, options={"method": method})  # type: ignore[arg-type, typeddict-item]
        assert abs(overall(card, "score") - out["overall_score"][i]) < 1e-9
        assert overall(card, "level") == LEVELS[out["overall_level"][i] - 1]
        for j, attr in enumerate(out["attributes"]):
            assert item(card["attributes"], attr)["grade"]["code"] == out["attribute_level"][i, j]  # type: ignore[index]


anything = st.recursive(
    st.one_of(json_leaf, st.floats(), st.binary(max_size=5), st.just(renxing.Framework.paper())),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(text, st.sampled_from(DIMS + ["ratings", "id", "name", "score", "level"])), inner, max_size=5),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_no_input_reaches_a_panic(value: Any) -> None:
    """Arbitrary values fail with a RenxingError, never a PanicException (which derives from
    BaseException and would escape `except Exception`)."""
    for call in (
        lambda: renxing.validate_assessment(value),
        lambda: renxing.score(value),
        lambda: renxing.parse_assessment(json.dumps(value, default=str)),
        lambda: renxing.Framework(value),
        lambda: renxing.compare([value]),
        lambda: renxing.score(renxing.case("a"), options=value),
        lambda: renxing.radar_chart([renxing.case("a")], chart=value, cases=value),
    ):
        try:
            call()
        except renxing.RenxingError:
            pass


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([np.uint8, np.float64, np.int32, np.float32, np.bool_]),
    st.integers(0, 4),
    st.integers(0, 10),
    st.floats(allow_nan=True, allow_infinity=True),
)
def test_no_array_reaches_a_panic(dtype: Any, rows: int, cols: int, fill: float) -> None:
    with np.errstate(all="ignore"):
        arr = np.full((rows, cols), fill).astype(dtype)
    try:
        out = renxing.score_batch(arr)
    except renxing.BatchError:
        return
    assert out["rows"] == rows
