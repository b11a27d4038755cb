"""Uncertainty and sensitivity from Python (issue 11): the student's 12 communities in one call,
DataFrames and numpy arrays of the core's results, and SALib's estimators on renxing's runs."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import numpy as np
import pytest

import renxing

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "uncertainty"


def request(runs: int = 200) -> dict[str, Any]:
    req: dict[str, Any] = json.loads((EXAMPLE / "robustness-12.json").read_text(encoding="utf-8"))
    req["uncertainty"]["runs"] = runs
    req["sensitivity"] = {"n": 32, "seed": 5, "bootstrap": 50}
    req.pop("report")
    return req


def test_one_call_answers_how_sure_and_which_choice() -> None:
    r = renxing.robustness(**request(), report={"format": "html", "lang": "en"})
    ranks = renxing.rank_dataframe(r)
    assert list(ranks.index) == r["uncertainty"]["units"]
    assert len(ranks) == 12
    assert (ranks["rank_p5"] <= ranks["rank_median"]).all()
    assert (ranks["rank_median"] <= ranks["rank_p95"]).all()
    # level probabilities sum to 1 per community
    p = ranks[["P(low)", "P(medium)", "P(high)"]].sum(axis=1)
    assert np.allclose(p, 1.0)
    assert ranks.loc["xiyuan", "rank_p95"] == 1.0  # always first
    top = r["most_influential"]
    assert top is not None and top["factor"] == r["influence"][0]["factor"]
    sobol = renxing.sobol_dataframe(r)
    mars = sobol.loc["mean_abs_rank_shift"]
    assert mars["ST"].idxmax() == top["factor"]
    assert mars.loc[top["factor"], "ST"] == top["total"]
    assert len(sobol) == 6 * 13  # 6 factors × (the shift + 12 ranks)
    charts = r["charts"]
    assert charts is not None and charts["rank_intervals"].count('class="rx-unit"') == 12
    assert charts["sobol"] is not None and charts["sobol"].count('class="rx-sobol ') == 12
    report = r["report"]
    assert report is not None and "<h2>Uncertainty and sensitivity</h2>" in report["text"]


def test_pairwise_dataframe_is_the_core_matrix() -> None:
    r = renxing.uncertainty(**{k: v for k, v in request(100).items() if k != "sensitivity"})
    pw = renxing.pairwise_dataframe(r)
    assert pw.shape == (12, 12)
    n = 12
    for a in (0, 3, 11):
        for b in (1, 5):
            assert pw.iloc[a, b] == r["pairwise"]["p"][a * n + b]  # type: ignore[index]
    # P(a above b) + P(b above a) ≤ 1 (ties count for neither)
    m = pw.to_numpy()
    assert (m + m.T <= 1.0 + 1e-12).all()


def test_raw_runs_as_numpy_arrays() -> None:
    req = request(64)
    req["uncertainty"]["keep_runs"] = True
    r = renxing.uncertainty(data=req["data"], pipeline=req["pipeline"], uncertainty=req["uncertainty"])
    raw = renxing.raw_runs(r)
    assert raw["scores"].shape == (64, 12) and raw["scores"].dtype == np.float64
    assert raw["ranks"].dtype == np.uint32 and raw["levels"].shape == (64, 12)
    assert raw["scores"].ravel().tolist() == r["runs"]["scores"]  # type: ignore[index]
    # the summaries are those of the raw runs (R type 7 = numpy's linear percentiles)
    med = np.percentile(raw["ranks"].astype(float), [5, 50, 95], axis=0)
    ranks = renxing.rank_dataframe(r)
    assert np.array_equal(med[1], ranks["rank_median"].to_numpy())
    assert np.allclose(med[0], ranks["rank_p5"].to_numpy(), atol=1e-12)
    with pytest.raises(ValueError, match="keep_runs"):
        renxing.raw_runs(renxing.uncertainty(**{k: v for k, v in request(10).items() if k != "sensitivity"}))


def test_sobol_estimators_equal_salibs_on_the_same_runs() -> None:
    """renxing's Saltelli design, model runs kept (SALib's order A, A_B^(1..d), B per row), given
    to SALib.analyze.sobol: S1 and ST equal renxing's to 1e-9 for the mean absolute rank shift and
    for each community's rank."""
    from SALib.analyze import sobol as salib_sobol

    req = request()
    sens = {"factors": req["uncertainty"]["factors"], "n": 64, "seed": 9, "bootstrap": 10, "keep_runs": True}
    r = renxing.sensitivity(data=req["data"], pipeline=req["pipeline"], sensitivity=sens)
    raw = renxing.raw_runs(r)
    d = len(r["factors"])
    problem = {"num_vars": d, "names": [f["label"] for f in r["factors"]], "bounds": [[0, 1]] * d}
    outputs = [("mean_abs_rank_shift", raw["mean_abs_rank_shift"], r["mean_abs_rank_shift"])]
    outputs += [(o["output"], raw["ranks"][:, u].astype(float), o) for u, o in enumerate(r["ranks"])]
    checked = 0
    for name, y, ours in outputs:
        if ours["indices"]["constant"]:
            continue  # SALib divides by a zero variance there
        got = salib_sobol.analyze(problem, y, calc_second_order=False, num_resamples=10, seed=1)
        assert np.allclose(got["S1"], ours["indices"]["first_order"], rtol=0, atol=1e-9), name
        assert np.allclose(got["ST"], ours["indices"]["total"], rtol=0, atol=1e-9), name
        checked += 1
    assert checked >= 10


def test_indicator_csv_reads_like_the_json() -> None:
    text = (EXAMPLE / "communities-12.csv").read_text(encoding="utf-8")
    d = renxing.read_indicators(text=text)
    assert d["units"] == request()["data"]["units"]
    assert [i["id"] for i in d["indicators"]][3] == "response_minutes"
    assert d["indicators"][3]["direction"] == "cost"
    with pytest.raises(renxing.RenxingError) as info:
        renxing.read_indicators(text="u,a/x\nu1,abc\n")
    assert info.value.path == ["rows", 0, "a/x"]
