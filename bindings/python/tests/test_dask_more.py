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
    assert got["overall"] == mem["overall"] and got["spec"] == mem["spec"]


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
