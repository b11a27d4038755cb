"""renxing.dask, issue 15 continued, on a real distributed.LocalCluster (2 worker processes):
Krippendorff's α from per-partition partials equals the in-memory ``agreement`` (the same
bits on a category scale, 1e-12 on a numeric one), per dimension and with the bootstrap."""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np
import pandas as pd
import pytest

import renxing

import dask.dataframe as dd
import krippendorff
import distributed

import renxing.dask as rdask


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


DIMS = [
    "needs_met",
    "resource_linkage",
    "rules",
    "emergency_knowledge",
    "volunteer_teams",
    "it_use",
    "government_connectivity",
    "resident_connectivity",
]


def _codings(n: int, coders: int, seed: int, numeric: bool = False) -> pd.DataFrame:
    """Wide form: a row per (community, dimension) unit, a column per coder, NaN missing."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 4, size=n).astype(float)
    x = np.repeat(truth[:, None], coders, axis=1)
    noise = rng.random((n, coders))
    x[noise < 0.2] = rng.integers(1, 4, size=int((noise < 0.2).sum()))
    if numeric:
        x = x * 1.7 + rng.normal(0, 0.4, size=x.shape).round(2)
    x[rng.random((n, coders)) < 0.1] = np.nan
    df = pd.DataFrame(x, columns=[f"c{j}" for j in range(coders)])
    df["dimension"] = [DIMS[i % len(DIMS)] for i in range(n)]
    df.index = [f"u{i}" for i in range(n)]
    return df


def _long(df: pd.DataFrame, coders: list[str]) -> list[dict[str, Any]]:
    out = []
    for u, row in df.iterrows():
        for c in coders:
            v = row[c]
            if not np.isnan(v):
                out.append({"unit": u, "coder": c, "value": float(v), "group": row["dimension"]})
    return out


def test_alpha_by_dimension_equals_in_memory_bit_for_bit(client: Any) -> None:
    df = _codings(4000, 3, 7)
    coders = ["c0", "c1", "c2"]
    # a unit is a row here and a coded unit in the long form: rows without a value are not units
    empty = df[coders].isna().all(axis=1)
    assert empty.sum() > 0
    df = df[~empty]
    alpha = {"bootstrap": {"draws": 300, "seed": 5}}
    mem = renxing.ops.agreement(  # type: ignore[call-arg]
        codings=_long(df, coders),
        scale={"kind": "categories", "levels": 3},
        options={"measures": ["krippendorff_alpha"], "alpha": alpha},
        by_group=True,
    )
    ddf = dd.from_pandas(df, npartitions=7, sort=False)
    got = rdask.agreement(
        ddf, coders, group="dimension", scale={"kind": "categories", "levels": 3}, alpha=alpha,
        split_every=3,
    )
    assert [g["group"] for g in got["groups"]] == DIMS
    a = got["overall"]["results"][0]
    assert a["measure"] == "krippendorff_alpha" and 0.5 < a["alpha"] < 0.95
    assert a["bootstrap"]["draws"] == 300
    assert got == mem  # the same bits: integer pair counts merged, one division per m


def test_alpha_overall_equals_agreement_matrix(client: Any) -> None:
    df = _codings(3000, 4, 3)
    coders = ["c0", "c1", "c2", "c3"]
    mem = renxing.agreement_matrix(
        np.ascontiguousarray(df[coders].to_numpy().T),
        scale={"kind": "categories", "levels": 3},
        options={"measures": ["krippendorff_alpha"]},
    )
    got = rdask.agreement(
        dd.from_pandas(df, npartitions=4, sort=False),
        coders,
        scale={"kind": "categories", "levels": 3},
    )
    assert got["overall"] == mem["overall"]  # every row a unit, as agreement_matrix counts
    assert got["spec"]["alpha"]["metric"] == "ordinal"  # the default used, recorded


def test_alpha_numeric_scale_to_1e_12(client: Any) -> None:
    df = _codings(2500, 3, 11, numeric=True)
    coders = ["c0", "c1", "c2"]
    mem = renxing.agreement_matrix(
        np.ascontiguousarray(df[coders].to_numpy().T),
        scale={"kind": "numeric"},
        options={"measures": ["krippendorff_alpha"]},
    )["overall"]["results"][0]
    got = rdask.agreement(
        dd.from_pandas(df, npartitions=5, sort=False), coders, scale={"kind": "numeric"}
    )["overall"]["results"][0]
    assert got["values"] == mem["values"] and len(mem["values"]) > 100
    assert got["n_pairs"] == mem["n_pairs"]
    np.testing.assert_allclose(got["alpha"], mem["alpha"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(got["coincidence"], mem["coincidence"], rtol=1e-12, atol=1e-12)


def test_alpha_matches_the_krippendorff_package(client: Any) -> None:
    df = _codings(1500, 3, 2)
    coders = ["c0", "c1", "c2"]
    got = rdask.agreement(
        dd.from_pandas(df, npartitions=3, sort=False),
        coders,
        scale={"kind": "categories", "levels": 3},
    )["overall"]["results"][0]["alpha"]
    ref = krippendorff.alpha(
        reliability_data=df[coders].to_numpy().T, level_of_measurement="ordinal"
    )
    assert abs(got - ref) < 1e-9


def test_agreement_bad_value_is_located(client: Any) -> None:
    df = _codings(100, 2, 1)
    df.iloc[5, 0] = 7.0
    with pytest.raises(renxing.AgreementError) as e:
        rdask.agreement(
            dd.from_pandas(df, npartitions=2, sort=False),
            ["c0", "c1"],
            scale={"kind": "categories", "levels": 3},
        )
    assert "7" in str(e.value)


def _uncertainty_case(n: int, m: int) -> tuple[dict[str, Any], dict[str, Any], np.ndarray]:
    rng = np.random.default_rng(4)
    x = 1.0 + 99.0 * rng.random((n, m))
    x[rng.random((n, m)) < 0.03] = np.nan
    x[0] = 50.0
    ind = [{"id": f"i{j}", "dimension": f"d{j % 2}"} for j in range(m)]
    hier = {
        "dimensions": [{"id": "d0", "parent": "a0"}, {"id": "d1", "parent": "a0"}],
        "attributes": [{"id": "a0"}],
    }
    data = {
        "units": [f"u{i}" for i in range(n)],
        "indicators": ind,
        "hierarchy": hier,
        "values": [None if np.isnan(v) else float(v) for v in x.ravel()],
    }
    pipeline = {
        "steps": [
            {"step": "impute", "method": "mean"},
            {"step": "normalise"},
            {"step": "weight", "method": "entropy"},
            {"step": "aggregate"},
            {"step": "band", "levels": ["l", "m", "h"], "thresholds": [40, 60], "targets": ["overall"]},
            {"step": "rank"},
        ]
    }
    return data, pipeline, x


SPEC = {
    "factors": [
        {"factor": "weight_noise", "share": 0.5},
        {"factor": "aggregation", "methods": [{"method": "arithmetic"}, {"method": "geometric"}]},
    ],
    "runs": 700,
    "seed": 13,
}


@pytest.mark.parametrize("pairwise", [False, True], ids=["unit-ranges", "pairwise"])
def test_uncertainty_slabs_equal_in_memory_whatever_the_split(client: Any, pairwise: bool) -> None:
    data, pipeline, x = _uncertainty_case(57, 4)
    spec = dict(SPEC, pairwise=pairwise)
    mem = renxing.ops.uncertainty(data=data, pipeline=pipeline, uncertainty=spec)  # type: ignore[arg-type]
    assert len(mem["unit_stats"]) == 57 and (mem["pairwise"] is not None) == pairwise
    # runs in tasks of 100 (blocks of 256 split 100 + 100 + 56), units in 3 ranges
    got = rdask.uncertainty(data, pipeline, spec, unit_ranges=3, runs_per_task=100)
    assert got == mem  # identical, not close
    d = {k: v for k, v in data.items() if k != "values"}
    got2 = rdask.uncertainty_array(
        x, pipeline, spec, data=d, unit_ranges=5, runs_per_task=256
    )
    assert got2 == mem


def test_uncertainty_slabs_are_numpy_pieces(client: Any) -> None:
    from renxing._renxing import uncertainty_slabs_array

    data, pipeline, x = _uncertainty_case(30, 4)
    req = {
        "data": {k: v for k, v in data.items() if k != "values"},
        "pipeline": pipeline,
        "uncertainty": dict(SPEC, pairwise=False),
        "block": 2,
        "runs": [10, 60],
        "unit_cuts": [0, 7, 30],
    }
    slabs = uncertainty_slabs_array(x, req)
    assert [(s["start"], s["end"]) for s in slabs] == [(0, 7), (7, 30)]
    assert slabs[0]["first_run"] == 2 * 256 + 10
    assert slabs[1]["scores"].shape == (50, 23) and slabs[1]["scores"].dtype == np.float64
    assert slabs[0]["ranks"].dtype == np.uint32 and slabs[0]["levels"].shape == (50, 7)
    ranks = np.concatenate([slabs[0]["ranks"], slabs[1]["ranks"]], axis=1)
    assert all(sorted(r) == list(range(1, 31)) or len(set(r)) < 30 for r in ranks)
    with pytest.raises(renxing.UncertaintyError) as e:
        uncertainty_slabs_array(x, dict(req, runs=[10, 300]))
    assert e.value.path == ["runs"]


def test_sensitivity_equals_in_memory(client: Any) -> None:
    data, pipeline, _ = _uncertainty_case(25, 4)
    spec = {
        "factors": SPEC["factors"],
        "n": 300,  # base samples across the 256-row block of the design's streams
        "seed": 3,
        "bootstrap": 40,
        "one_at_a_time": True,
    }
    mem = renxing.ops.sensitivity(data=data, pipeline=pipeline, sensitivity=spec)  # type: ignore[arg-type]
    assert len(mem["ranks"]) == 25 and mem["one_at_a_time"]
    got = rdask.sensitivity(data, pipeline, spec, samples_per_task=70)
    assert got == mem  # identical
    with pytest.raises(renxing.UncertaintyError) as e:
        rdask.sensitivity(data, pipeline, dict(spec, keep_runs=True))
    assert e.value.path == ["sensitivity", "keep_runs"]
