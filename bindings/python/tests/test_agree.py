"""Several coders from a long DataFrame (issue 9): renxing.agree_dataframe and the agree /
resolve_consensus operations, checked against hand counts and a naive α oracle."""

from __future__ import annotations

import random
from typing import Any

import pandas as pd
import pytest

import renxing

LEVELS = ["低", "中", "高"]
DIMS = ["满足需求", "资源链接", "规章制度", "应急知识储备", "专业志愿队伍", "信息技术运用", "与政府连通", "与居民连通"]


def sheet(seed: int = 3, communities: int = 6, missing: float = 0.1) -> pd.DataFrame:
    """The notebook user's two-coder sheet: Chinese headers and labels, one row per
    community × dimension × coder, some codings missing, evidence on some rows."""
    rng = random.Random(seed)
    rows = []
    for c in range(communities):
        for d in DIMS:
            base = rng.randrange(3)
            for coder in ["甲", "乙"]:
                if rng.random() < missing:
                    continue
                v = base if rng.random() < 0.7 else rng.randrange(3)
                rows.append(
                    {
                        "编号": f"c{c}",
                        "名称": f"社区{c}",
                        "维度": d,
                        "评定人": coder,
                        "等级": LEVELS[v],
                        "证据": f"访谈{c}-{coder}" if rng.random() < 0.3 else None,
                    }
                )
    return pd.DataFrame(rows)


def naive_ordinal_alpha(units: list[list[int]], k: int = 3) -> float:
    """Krippendorff's α, ordinal, from the coincidence matrix pair by pair (Krippendorff 2011)."""
    o = [[0.0] * (k + 1) for _ in range(k + 1)]
    for vals in units:
        m = len(vals)
        if m < 2:
            continue
        for i, a in enumerate(vals):
            for j, b in enumerate(vals):
                if i != j:
                    o[a][b] += 1.0 / (m - 1)
    n_c = [sum(o[c]) for c in range(k + 1)]
    n = sum(n_c)

    def delta(c: int, kk: int) -> float:
        lo, hi = min(c, kk), max(c, kk)
        return (sum(n_c[g] for g in range(lo, hi + 1)) - (n_c[c] + n_c[kk]) / 2) ** 2

    d_o = sum(o[c][kk] * delta(c, kk) for c in range(1, k + 1) for kk in range(1, k + 1))
    d_e = sum(n_c[c] * n_c[kk] * delta(c, kk) for c in range(1, k + 1) for kk in range(1, k + 1))
    return 1.0 - (n - 1) * d_o / d_e


def test_a_long_sheet_gives_agreement_disagreements_and_a_consensus_scorecard() -> None:
    df = sheet()
    out = renxing.agree_dataframe(df, consensus="median", draws=500, seed=9)
    # α against the naive oracle, on the same codings (codes 1..3)
    code = {label: i + 1 for i, label in enumerate(LEVELS)}
    units: dict[tuple[str, str], list[int]] = {}
    for r in df.to_dict(orient="records"):
        units.setdefault((r["编号"], r["维度"]), []).append(code[r["等级"]])
    overall = out.agreement[(out.agreement["group"] == "all")].set_index("measure")
    alpha = overall.loc["krippendorff_alpha"]
    assert alpha["value"] == pytest.approx(naive_ordinal_alpha(list(units.values())), abs=1e-12)
    assert alpha["lower"] <= alpha["value"] <= alpha["upper"]
    assert 0.0 <= alpha["p_below_0.667"] <= 1.0
    # percent agreement by hand: the share of units coded by both where they agree
    both = [v for v in units.values() if len(v) == 2]
    assert overall.loc["percent_agreement"]["value"] == pytest.approx(
        sum(a == b for a, b in both) / len(both), abs=1e-15
    )
    assert "cohen_kappa" in overall.index
    # per dimension too
    dims = [d["id"] for d in renxing.framework_paper()["dimensions"]]
    assert set(out.agreement["group"]) == {"all", *dims}
    # the disagreement table: every unit whose coders differ, levels side by side
    differ = {k for k, v in units.items() if len(v) == 2 and v[0] != v[1]}
    assert len(out.disagreements) == len(differ)
    assert list(out.disagreements.columns[:4]) == ["community", "dimension", "甲", "甲.evidence"]
    # the consensus scorecard: one row per community × dimension, contested = spread > 1
    assert len(out.scorecard) == 6 * 8
    rated = out.scorecard.dropna(subset=["spread"])
    assert (rated["contested"] == (rated["spread"] > 1)).all()
    # the parameters are in the result
    spec = out.result["agreement"]["spec"]
    assert spec["alpha"]["bootstrap"]["seed"] == 9  # type: ignore[typeddict-item]
    assert out.result["consensus"][0]["assessment"]["schema_version"] == 2


def test_the_bootstrap_is_the_same_for_the_same_seed_and_english_labels_read_too() -> None:
    df = sheet(seed=5)
    a = renxing.agree_dataframe(df, consensus=None, draws=200, seed=1)
    b = renxing.agree_dataframe(df, consensus=None, draws=200, seed=1)
    pd.testing.assert_frame_equal(a.agreement, b.agreement)
    assert a.scorecard.empty
    en = df.rename(columns={"编号": "community", "名称": "name", "维度": "dimension", "评定人": "rater", "等级": "level", "证据": "evidence"})
    en["level"] = en["level"].map({"低": "Low", "中": "Medium", "高": "High"})
    c = renxing.agree_dataframe(en, consensus=None, draws=200, seed=1)
    pd.testing.assert_frame_equal(a.agreement, c.agreement)


def test_multi_coder_assessments_need_a_rule_to_score() -> None:
    df = sheet(seed=7, communities=1, missing=0.0)
    table: Any = renxing.from_dataframe(df)
    multi = dict(table[0])
    with pytest.raises(renxing.AgreementError) as e:
        renxing.score(multi)
    assert e.value.code == "consensus_required"
    assert e.value.path[:2] == ["assessment", "ratings"]  # type: ignore[index]
    card = renxing.score(multi, consensus={"rule": {"rule": "minimum"}})
    assert card["overall"] is not None
    resolved = renxing.resolve_consensus([multi], consensus={"rule": {"rule": "median"}})
    saved = resolved["communities"][0]["assessment"]
    # every coding kept; the saved file scores without a rule
    assert all(len(saved["ratings"][d]["codings"]) == 2 for d in saved["ratings"])  # type: ignore[index]
    assert renxing.score(saved)["overall"] is not None


def test_agreement_matrix_equals_the_operation_on_the_same_codings() -> None:
    import numpy as np

    rng = np.random.default_rng(4)
    data = rng.integers(1, 4, size=(3, 40)).astype(np.float64)
    data[rng.random(data.shape) < 0.2] = np.nan
    opts: Any = {"alpha": {"bootstrap": {"draws": 100, "seed": 2}}}
    m = renxing.agreement_matrix(data, options=opts)
    codings: Any = [
        {"unit": str(u), "coder": str(c), "value": float(data[c, u])}
        for c in range(3)
        for u in range(40)
        if not np.isnan(data[c, u])
    ]
    op = renxing.agreement(codings, options=opts)
    # the same measures (a unit that nobody coded is absent from the codings, not the matrix)
    for a, b in zip(m["overall"]["results"], op["overall"]["results"]):
        x: Any = dict(a)
        y: Any = dict(b)
        for key in ("alpha", "kappa", "ac1", "agreement", "coincidence", "bootstrap", "p_observed"):
            assert x.get(key) == y.get(key), key
    with pytest.raises(renxing.AgreementError):
        renxing.agreement_matrix(data[0])
    with pytest.raises(renxing.RequestError):
        renxing.agreement_matrix(data, options={"alpha": {"metrik": "ordinal"}})  # type: ignore[typeddict-unknown-key]


def test_agreement_matrix_reads_every_memory_layout_alike() -> None:
    """C order, Fortran order, a transposed view, reversed (negative) strides and a strided
    slice are the same coders × units values, so they give the same result (issue 17's layout
    defect, for this array path too); the in-place read and the one-copy fallback agree."""
    import numpy as np

    rng = np.random.default_rng(11)
    data = rng.integers(1, 4, size=(4, 30)).astype(np.float64)
    data[rng.random(data.shape) < 0.25] = np.nan
    opts: Any = {"measures": ["krippendorff_alpha", "fleiss_kappa", "percent_agreement"]}
    want = renxing.agreement_matrix(data, options=opts)
    wide = np.full((4, 60), 9.0)
    wide[:, ::2] = data
    views = {
        "fortran": np.asfortranarray(data),
        "transposed": np.ascontiguousarray(data.T).T,
        "reversed": data[::-1, ::-1][::-1, ::-1],
        "negative strides": np.flip(np.flip(data, 0).copy(), 0),
        "strided slice": wide[:, ::2],
    }
    for name, v in views.items():
        assert np.array_equal(v, data, equal_nan=True), name
        assert renxing.agreement_matrix(v, options=opts) == want, name
    # a different unit order is a different array, and the same α (α does not depend on order)
    swapped = data[:, ::-1]
    a0 = want["overall"]["results"][0]["alpha"]  # type: ignore[typeddict-item]
    a1 = renxing.agreement_matrix(swapped, options=opts)["overall"]["results"][0]["alpha"]  # type: ignore[typeddict-item]
    assert abs(a0 - a1) < 1e-12
