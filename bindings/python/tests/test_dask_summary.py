"""Diagnosis summaries (issue 15): renxing.dask.diagnosis_summary on a real
distributed.LocalCluster (2 worker processes) equals the in-memory summary of the whole table
(equal dicts, whatever the partitioning); the numpy path equals the JSON operation; a naive
oracle (diagnose every row, count) agrees; Hypothesis: merging partials in any order and
grouping is the partial of the concatenation."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import renxing

import dask.dataframe as dd
import distributed

import renxing.dask as rdask

DIMS = [d["id"] for d in renxing.framework_paper()["dimensions"]]
LEVELS = ["low", "medium", "high"]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


def _codes(n: int, seed: int, unrated: bool = True) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 4, size=(n, len(DIMS)), dtype=np.uint8)
    if unrated:
        x[rng.random(x.shape) < 0.05] = 0
    return x


def _frame(x: np.ndarray) -> pd.DataFrame:
    # int64 columns, as pandas makes them: converted to uint8 per partition
    return pd.DataFrame(x.astype(np.int64), columns=DIMS, index=[f"c{i}" for i in range(len(x))])


@pytest.mark.parametrize("parts", [1, 3, 13])
def test_dask_equals_in_memory(client: Any, parts: int) -> None:
    x = _codes(6000, 1)
    whole = renxing.diagnosis_summary_array(x, unrated=True)
    got = rdask.diagnosis_summary(dd.from_pandas(_frame(x), npartitions=parts), unrated=True)
    assert got == whole
    assert got["units"] == 6000
    assert sum(got["overall"]["counts"]) + got["overall"]["unrated"] == 6000
    assert got["distinct_rows"] is not None and 1000 < got["distinct_rows"] <= 4**8


def test_dask_with_options_phase_top_k_and_a_framework_object(client: Any) -> None:
    x = _codes(3000, 2, unrated=False)
    fw = renxing.Framework.paper()
    opts = {"method": "median", "dimension_weights": {"rules": 2.0}}
    whole = renxing.diagnosis_summary_array(
        x, options=opts, framework=fw, phase="response", top_k=5
    )
    got = rdask.diagnosis_summary(
        dd.from_pandas(_frame(x), npartitions=4),
        framework=fw,
        options=opts,
        phase="response",
        top_k=5,
        split_every=2,
    )
    assert got == whole
    assert got["spec"] == {
        "options": {"method": "median", "dimension_weights": {"rules": 2.0}, "attribute_weights": {}},
        "phase": "response",
        "top_k": 5,
        "unrated": False,
    }
    # columns picked and reordered by name
    df = _frame(x)[list(reversed(DIMS))].assign(extra=1)
    got2 = rdask.diagnosis_summary(
        dd.from_pandas(df, npartitions=3),
        DIMS,
        framework=fw,
        options=opts,
        phase="response",
        top_k=5,
    )
    assert got2 == whole


def test_dask_refuses_a_bad_code(client: Any) -> None:
    x = _codes(200, 3, unrated=False)
    x[150, 2] = 7
    with pytest.raises(renxing.BatchError) as e:
        rdask.diagnosis_summary(dd.from_pandas(_frame(x), npartitions=2))
    assert "7" in str(e.value)
    x[150, 2] = 0
    with pytest.raises(renxing.BatchError):
        rdask.diagnosis_summary(dd.from_pandas(_frame(x), npartitions=2))


def test_numpy_path_equals_the_json_operation() -> None:
    x = _codes(400, 4)
    a = renxing.diagnosis_summary_array(x, unrated=True, top_k=2)
    b = renxing.diagnosis_summary(codes=x.tolist(), unrated=True, top_k=2)
    assert a == b
    # any memory order: a Fortran-ordered copy reads the same rows
    assert renxing.diagnosis_summary_array(np.asfortranarray(x), unrated=True, top_k=2) == a
    # partial, merge, finish = the whole
    p1 = renxing.diagnosis_summary_partial(codes=x[:150].tolist(), unrated=True, top_k=2)
    p2 = renxing._renxing.diagnosis_summary_partial_array(x[150:], unrated=True, top_k=2)
    merged = renxing.diagnosis_summary_merge(partials=[p2, p1])
    assert renxing.diagnosis_summary_finish(partial=merged) == a


def test_numpy_path_refuses_wrong_shapes_and_dtypes() -> None:
    with pytest.raises(renxing.BatchError) as e:
        renxing.diagnosis_summary_array(np.ones((3, 7), dtype=np.uint8))
    assert e.value.path == ["input", "shape"]
    with pytest.raises(renxing.BatchError) as e:
        renxing.diagnosis_summary_array(np.ones((3, 8), dtype=np.float64))
    assert e.value.path == ["input", "dtype"]
    with pytest.raises(renxing.BatchError) as e:
        renxing.diagnosis_summary_array([[1] * 8])  # type: ignore[arg-type]
    assert e.value.path == ["input"]
    # masked cells hold no rating: refused, as score_batch refuses them
    masked = np.ma.masked_array(np.ones((2, 8), dtype=np.uint8), mask=[[True] + [False] * 7] * 2)
    with pytest.raises(renxing.BatchError) as e:
        renxing.diagnosis_summary_array(masked)
    assert e.value.path == ["input", "mask"]
    with pytest.raises(renxing.BatchError) as e:
        renxing._renxing.diagnosis_summary_partial_array(masked)
    assert e.value.path == ["input", "mask"]


def _assessment(i: int, row: np.ndarray) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "framework": renxing.PAPER_FRAMEWORK_ID,
        "id": f"c{i}",
        "name": f"c{i}",
        "ratings": {d: ({"level": LEVELS[c - 1]} if c else None) for d, c in zip(DIMS, row)},
    }


def test_naive_oracle_diagnoses_every_row() -> None:
    x = _codes(60, 5)
    s = renxing.diagnosis_summary_array(x, unrated=True)
    overall: Counter[int] = Counter()
    remedies: Counter[str] = Counter()
    top: Counter[str] = Counter()
    nearest: Counter[str] = Counter()
    priority: dict[str, float] = {}
    for i, row in enumerate(x):
        d = renxing.diagnose(assessment=_assessment(i, row))  # type: ignore[arg-type]
        g = d["scorecard"]["overall"]
        overall[g["code"] if g else 0] += 1
        for rank, r in enumerate(d["remedies"]):
            remedies[r["id"]] += 1
            top[r["id"]] += rank < 3
            priority[r["id"]] = priority.get(r["id"], 0.0) + r["priority"]
        if d["nearest_case"]:
            nearest[d["nearest_case"]["case"]] += 1
    assert s["overall"]["counts"] == [overall[1], overall[2], overall[3]]
    assert s["overall"]["unrated"] == overall[0]
    for r in s["remedies"]:
        assert (r["units"], r["top_k"]) == (remedies[r["id"]], top[r["id"]]), r["id"]
        if r["units"]:
            assert r["mean_priority"] == pytest.approx(priority[r["id"]] / r["units"], rel=1e-12)
    for c in s["nearest_cases"]:
        assert c["units"] == nearest[c["case"]]
    # the same units given as assessments: the same counts
    a = renxing.diagnosis_summary(assessments=[_assessment(i, r) for i, r in enumerate(x)])  # type: ignore[misc]
    assert a["overall"] == s["overall"]
    assert [r["units"] for r in a["remedies"]] == [r["units"] for r in s["remedies"]]
    assert (a["assessments"], a["code_rows"]) == (60, 0)


def test_summary_frames_are_the_counts() -> None:
    x = _codes(500, 6)
    s = renxing.diagnosis_summary_array(x, unrated=True)
    f = renxing.summary_frames(s)
    assert list(f.levels.loc[("overall", "overall"), LEVELS]) == s["overall"]["counts"]
    assert f.levels.loc[("dimension", "rules"), "unrated"] == s["dimensions"][2]["levels"]["unrated"]
    assert len(f.levels) == 1 + 3 + 8
    assert list(f.remedies["units"]) == [r["units"] for r in s["remedies"]]
    assert "title_zh" in f.remedies.columns and "label_en" in f.deficits.columns
    assert int(f.cases["units"].sum()) + s["no_nearest_case"] == 500
    assert f.result is s


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.integers(0, 3), min_size=8, max_size=8), max_size=12),
        min_size=1,
        max_size=5,
    ),
    st.randoms(use_true_random=False),
    st.integers(2, 3),
)
def test_merge_in_any_order_and_tree_is_the_whole(
    parts: list[list[list[int]]], rnd: Any, fan: int
) -> None:
    partials = [renxing.diagnosis_summary_partial(codes=p, unrated=True) for p in parts]
    rnd.shuffle(partials)
    while len(partials) > 1:
        partials = [
            renxing.diagnosis_summary_merge(partials=partials[i : i + fan])
            for i in range(0, len(partials), fan)
        ]
    rows = [r for p in parts for r in p]
    whole = renxing.diagnosis_summary_partial(codes=rows, unrated=True)
    assert partials[0] == whole
    assert partials[0]["units"] == len(rows)
    assert renxing.diagnosis_summary_finish(partial=partials[0]) == renxing.diagnosis_summary(
        codes=rows, unrated=True
    )


def test_merge_refuses_partials_of_another_analysis() -> None:
    p = renxing.diagnosis_summary_partial(codes=[[1] * 8], unrated=True)
    q = renxing.diagnosis_summary_partial(codes=[[1] * 8], unrated=True, top_k=1)
    with pytest.raises(renxing.BatchError) as e:
        renxing.diagnosis_summary_merge(partials=[p, q])
    assert e.value.code == "summary_input"
    assert e.value.path == ["partials", 1, "spec"]
    old = dict(p, version=0)
    with pytest.raises(renxing.BatchError) as e:
        renxing.diagnosis_summary_finish(partial=old)  # type: ignore[arg-type]
    assert e.value.path == ["partial", "version"]
