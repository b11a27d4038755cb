"""QCA from Python (issue 12): DataFrames in and out of the ``qca`` operation, the paper's cases
from assessments, and a cross-check against ``pyqca`` (0.2.0, PyPI) where pyqca agrees with the
R package QCA.

Where pyqca agrees with R (checked here on the Lipset crisp data, Rihoux & De Meur 2009, whose R
results are printed in the QCA 3.23 documentation and asserted in crates/renxing/tests/qca.rs):
the truth table (configurations, n, raw consistency), the conservative and parsimonious solution
expressions, and each solution's consistency and coverage. Where it does not, nothing is compared:
pyqca's fuzzy PRI is not R's (row A*B of examples/qca/fuzzy-4.csv: R's formula
(Σmin(x,y) − Σmin(x,y,1−y)) / (Σx − Σmin(x,y,1−y)) = 0.7/0.8 = 0.875, pyqca prints 0.857; a
negative-side row is clipped to 0 where R gives 0.125), and pyqca's per-term coverage of a
multi-term solution is the solution's (1.0 for both Lipset conservative terms, R: 0.5 and 0.75).
Tolerance: 1e-9 (pyqca rounds its truth-table consistency to 4 decimals: 5e-5 there).
"""

from __future__ import annotations

import json
import math
import pathlib
import warnings
from typing import Any

import pandas as pd
import pytest

import renxing

ROOT = pathlib.Path(__file__).resolve().parents[3]


def lipset_crisp() -> tuple[pd.DataFrame, dict[str, Any]]:
    case = json.loads((ROOT / "tests/golden/ops/qca-lipset-crisp.json").read_text(encoding="utf-8"))
    t = case["request"]["table"]
    k = len(t["conditions"])
    rows = [t["values"][i * k : (i + 1) * k] + [t["outcome_values"][i]] for i in range(len(t["cases"]))]
    df = pd.DataFrame(rows, columns=[*t["conditions"], t["outcome"]], index=t["cases"])
    return df.astype(int), case


def test_dataframe_in_dataframes_out_lipset_crisp_as_r() -> None:
    df, case = lipset_crisp()
    f = renxing.qca_dataframe(df, "SURV")
    assert len(df) == 18
    # the same request through the generic operation gives the same response
    assert f.result == renxing.qca(**case["request"])
    tt = f.truth_table
    assert list(tt.columns) == ["DEV", "URB", "LIT", "IND", "STB", "OUT", "n", "incl", "PRI", "cases"]
    assert tt["n"].sum() == 18
    assert sorted(tt.loc[tt["OUT"] == "1", "n"].tolist()) == [2, 2, 4]
    models = f.models
    # R (QCA 3.23 minimize docs): conservative and parsimonious solutions of Lipset crisp
    con = models[models["solution"] == "conservative"]
    assert con["formula"].tolist() == ["DEV*~URB*LIT*STB + DEV*LIT*IND*STB -> SURV"]
    par = models[models["solution"] == "parsimonious"]
    assert par["formula"].tolist() == ["DEV*STB -> SURV"]
    s = f.solutions
    terms = s[(s["solution"] == "conservative") & (s["term"] != "(model)")]
    # R: covS 0.500 and 0.750, covU 0.250 and 0.500
    assert terms["covS"].tolist() == pytest.approx([0.5, 0.75])
    assert terms["covU"].tolist() == pytest.approx([0.25, 0.5])


def test_parsimonious_alone_leaves_the_conservative_out() -> None:
    df, _ = lipset_crisp()
    f = renxing.qca_dataframe(df, "SURV", minimize={"conservative": False})
    assert f.result["minimization"]["conservative"] is None
    assert f.models["solution"].tolist() == ["parsimonious"]
    assert f.models["formula"].tolist() == ["DEV*STB -> SURV"]
    assert set(f.solutions["solution"]) == {"parsimonious"}
    with pytest.raises(renxing.RenxingError) as e:
        renxing.qca_dataframe(df, "SURV", minimize={"conservative": False, "parsimonious": False})
    assert "conservative" in str(e.value)


def test_pyqca_agrees_on_lipset_crisp() -> None:
    from qca import CSQCA  # pyqca's import name

    df, _ = lipset_crisp()
    conds = ["DEV", "URB", "LIT", "IND", "STB"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyqca warns that no directional expectations were given
        p = CSQCA(data=df, outcome="SURV", conditions=conds).fit(
            consistency_cutoff=1.0, coverage_cutoff=0.0
        )
    ours = renxing.qca_dataframe(df, "SURV")
    # truth table: the same configurations, n and raw consistency
    theirs = {
        tuple(int(r[c]) for c in conds): (int(r["n_cases"]), float(r["outcome_raw_consist"]))
        for _, r in p.truth_table.iterrows()
    }
    mine = {
        tuple(int(r[c]) for c in conds): (int(r["n"]), float(r["incl"]))
        for _, r in ours.truth_table.iterrows()
    }
    assert len(mine) == 9
    assert mine.keys() == theirs.keys()
    for k, (n, incl) in mine.items():
        assert n == theirs[k][0]
        assert math.isclose(incl, theirs[k][1], abs_tol=5e-5)
    # solutions: the same terms and fit (pyqca writes "A * ~B")
    for kind, py_kind in (("conservative", "complex"), ("parsimonious", "parsimonious")):
        their_terms = sorted(
            t.replace(" ", "") for t in p.solutions.loc[p.solutions["solution_type"] == py_kind, "term"]
        )
        s = ours.solutions
        my_terms = sorted(s.loc[(s["solution"] == kind) & (s["term"] != "(model)"), "term"])
        assert my_terms == their_terms
        fit = p.solution_metrics[py_kind]
        model = s[(s["solution"] == kind) & (s["term"] == "(model)")].iloc[0]
        assert math.isclose(model["inclS"], fit.consistency, abs_tol=1e-9)
        assert math.isclose(model["covS"], fit.raw_coverage, abs_tol=1e-9)


def test_pyqca_agrees_on_fuzzy_consistency_and_solution_fit() -> None:
    from qca import FSQCA

    df = pd.read_csv(ROOT / "examples/qca/fuzzy-4.csv", index_col=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = FSQCA(data=df, outcome="Y", conditions=["A", "B"]).fit(
            consistency_cutoff=0.9, coverage_cutoff=0.0
        )
    ours = renxing.qca_dataframe(df, "Y", truth_table={"incl_cut": 0.9})
    # hand values (crates/renxing-cli/tests/qca.rs): 0.929, 0.909, 0.5, 0.538
    incl = {(int(r["A"]), int(r["B"])): r["incl"] for _, r in ours.truth_table.iterrows()}
    assert incl[(1, 1)] == pytest.approx(1.3 / 1.4)
    assert incl[(0, 0)] == pytest.approx(0.7 / 1.3)
    for _, r in p.truth_table.iterrows():
        assert math.isclose(incl[(int(r["A"]), int(r["B"]))], r["outcome_raw_consist"], abs_tol=5e-5)
    fit = p.solution_metrics["parsimonious"]
    s = ours.solutions
    model = s[(s["solution"] == "parsimonious") & (s["term"] == "(model)")].iloc[0]
    assert model["inclS"] == pytest.approx(1.7 / 1.9, abs=1e-12)
    assert math.isclose(model["inclS"], fit.consistency, abs_tol=1e-9)
    assert math.isclose(model["covS"], fit.raw_coverage, abs_tol=1e-9)
    # PRI by R's formula (pyqca's differs, see the module docstring)
    pri = {(int(r["A"]), int(r["B"])): r["PRI"] for _, r in ours.truth_table.iterrows()}
    assert pri[(1, 1)] == pytest.approx(0.875)
    assert pri[(0, 1)] == pytest.approx(0.125)


def test_paper_cases_and_user_cases_from_assessments() -> None:
    r = renxing.qca(cases={"reference_cases": ["a", "b", "c"]})
    f = renxing.qca_frames(r)
    assert r["cases"]["mapping"]["membership"] == {"kind": "crisp", "at_least": "high"}
    assert list(f.truth_table["cases"]) == ["case-a", "case-b", "case-c"]
    par = f.models[f.models["solution"] == "parsimonious"]
    assert len(par) == 6
    assert par.iloc[0]["zh"] == "资源链接 -> 韧性"
    # a user's case next to the paper's: B again under another id
    b = renxing.case("b")
    b["id"] = "mine"
    r2 = renxing.qca(cases={"reference_cases": ["a", "b", "c"], "assessments": [b]})
    assert r2["table"]["cases"] == ["case-a", "case-b", "case-c", "mine"]
    assert r2["truth_table"]["rows"][1]["cases"] == ["case-b", "mine"]
    svg = renxing.qca_xy_chart({"cases": {"reference_cases": ["a", "b", "c"]}}, chart={"lang": "en"})["svg"]
    assert svg.count('class="rx-xy-point"') == 3


def test_bad_input_names_the_field() -> None:
    with pytest.raises(renxing.QcaError) as e:
        renxing.qca(cases={"reference_cases": ["z"]})
    assert e.value.path == ["cases", "reference_cases", 0]
    df = pd.DataFrame({"A": [0.2, 1.5], "Y": [1, 0]})
    with pytest.raises(renxing.QcaError) as e2:
        renxing.qca_dataframe(df, "Y")
    assert e2.value.path[:2] == ["table", "values"]
