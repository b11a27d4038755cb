"""Composite indicators on a framework's indicators from pandas (issue 10): the student's sheet as
a DataFrame (wide and long) against hand-computed values, the example framework's communities
into assessments that `score` accepts, and entropy weights and TOPSIS on the DataFrame path
against pymcdm 1.4.0 to 1e-9."""

from __future__ import annotations

import math
import pathlib
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import renxing

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "indicators"


def ind(i: str, dim: str, direction: str = "benefit") -> dict[str, Any]:
    return {
        "id": i,
        "dimension": dim,
        "direction": direction,
        "unit": {"en": "unit"},
        "labels": {"en": i, "zh": i},
        "source": "test",
    }


STUDENT: dict[str, Any] = {
    "schema_version": 2,
    "id": "student",
    "labels": {"en": "Student", "zh": "学生"},
    "attributes": [{"id": "people", "labels": {"en": "People"}}],
    "dimensions": [
        {"id": "volunteer_teams", "attribute": "people", "labels": {"en": "Volunteers"}},
        {"id": "resident_connectivity", "attribute": "people", "labels": {"en": "Residents"}},
    ],
    "indicators": [
        ind("volunteers_per_1000", "volunteer_teams"),
        ind("wechat_share", "resident_connectivity"),
        ind("drills_per_year", "volunteer_teams"),
    ],
}

SHEET = pd.DataFrame(
    {"volunteers_per_1000": [12, 30, 21], "wechat_share": [40, 90, 60], "drills_per_year": [2, 1, 5]},
    index=pd.Index(["east", "west", "north"], name="community"),
)


def test_student_sheet_gives_hand_computed_frames() -> None:
    # Hand-computed (as crates/renxing-cli/tests/indicators.rs): min-max east (0, 0, 25),
    # west (100, 100, 0), north (50, 40, 100); volunteer teams 12.5, 50, 75; residents 0, 100, 40;
    # overall 6.25, 75, 57.5; TOPSIS (vector, weights 1/3) 0.1408, 0.5706, 0.6129.
    f = renxing.indicator_frames(SHEET, STUDENT, lang="en")
    assert f.scores.loc[:, "overall"].tolist() == [6.25, 75.0, 57.5]
    assert f.scores.loc["north", "volunteer_teams"] == 75.0
    assert f.levels.loc[:, "volunteer_teams"].tolist() == ["low", "medium", "high"]
    assert f.levels.loc[:, "resident_connectivity"].tolist() == ["low", "high", "medium"]
    assert f.levels.loc[:, "overall"].tolist() == ["low", "high", "medium"]
    assert f.ranks.loc[:, "overall"].tolist() == [3, 1, 2]
    assert f.ranks.loc[:, "topsis"].tolist() == [3, 2, 1]
    np.testing.assert_allclose(
        f.topsis["closeness"], [0.14077168012211486, 0.5706108671712441, 0.6128755337060438],
        rtol=0, atol=1e-12,
    )
    # east: deviations (1, 1, 0.75) x effective weights (0.25, 0.5, 0.25) over 0.9375
    np.testing.assert_allclose(
        f.obstacles.loc["east"].to_numpy(), [0.25 / 0.9375, 0.5 / 0.9375, 0.1875 / 0.9375],
        rtol=0, atol=1e-12,
    )
    assert f.normalised.loc["north"].tolist() == [50.0, 40.0, 100.0]
    assert f.banding["levels"] == ["low", "medium", "high"]
    assert f.text is not None and f.text.startswith("Ranking\n")
    a = f.assessments[2]
    assert a["id"] == "north" and a["ratings"]["volunteer_teams"]["level"] == "high"
    # the assessments score in the framework like any other
    card = renxing.ops.score(a, framework=STUDENT)  # type: ignore[arg-type]
    assert card["overall"]["level"] == "medium"  # type: ignore[index]


def test_long_form_gives_the_same_frames() -> None:
    long = SHEET.reset_index().melt(id_vars="community", var_name="ind", value_name="v")
    f = renxing.indicator_frames(long, STUDENT, unit="community", indicator="ind", value="v")
    g = renxing.indicator_frames(SHEET, STUDENT)
    pd.testing.assert_frame_equal(f.scores, g.scores)
    pd.testing.assert_frame_equal(f.obstacles, g.obstacles)
    with pytest.raises(ValueError, match="two rows"):
        renxing.indicator_data(pd.concat([long, long]), unit="community", indicator="ind", value="v")


def test_missing_cell_is_an_error_naming_it_unless_imputed() -> None:
    sheet = SHEET.astype(float)
    sheet.loc["west", "wechat_share"] = math.nan
    with pytest.raises(renxing.IndicatorError) as e:
        renxing.indicator_frames(sheet, STUDENT)
    assert "west" in str(e.value) and "wechat_share" in str(e.value)
    pipeline = {"steps": [{"step": "impute", "method": "mean"}, {"step": "normalise"},
                          {"step": "aggregate"}, {"step": "band", "thresholds": [40, 60]}]}
    f = renxing.indicator_frames(sheet, STUDENT, pipeline=pipeline)
    # wechat west imputed as the mean 50: min-max (40, 50, 60) -> 0, 50, 100
    assert f.scores.loc[:, "resident_connectivity"].tolist() == [0.0, 50.0, 100.0]
    assert f.banding["cuts"][0][1] == [40.0, 60.0]


def test_unknown_column_names_the_field() -> None:
    with pytest.raises(renxing.IndicatorError) as e:
        renxing.indicator_frames(SHEET.rename(columns={"wechat_share": "wechat"}), STUDENT)
    assert e.value.path == ["data", "indicators", 1, "id"]  # type: ignore[attr-defined]


def test_example_framework_and_sheet() -> None:
    fw = renxing.Framework.from_file(EXAMPLE / "framework.toml")
    sheet = pd.read_csv(EXAMPLE / "communities.csv", index_col=0)
    f = renxing.indicator_frames(sheet, fw, lang="zh")
    assert list(f.scores.index) == ["donghu", "hepan", "xishan", "nanyuan", "beicheng", "zhongxin"]
    assert f.ranks.loc["donghu", "overall"] == 1 and f.ranks.loc["nanyuan", "overall"] == 6
    assert len(f.levels.columns) == 8 + 3 + 1
    for a in f.assessments:
        d = renxing.ops.diagnose(a, framework=fw)  # type: ignore[arg-type]
        assert d["scorecard"]["overall"] is not None  # type: ignore[index]


# ---- pymcdm on the DataFrame path ---------------------------------------------------------

pymcdm = pytest.importorskip("pymcdm")  # pinned in requirements-test.txt: a skip fails the suite


def random_framework(m: int, k: int) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "id": "random",
        "labels": {"en": "Random"},
        "attributes": [{"id": "all", "labels": {"en": "All"}}],
        "dimensions": [
            {"id": f"d{d}", "attribute": "all", "labels": {"en": f"D{d}"}} for d in range(k)
        ],
        "indicators": [
            ind(f"x{j}", f"d{j % k}", "cost" if j == 1 else "benefit") for j in range(m)
        ],
    }


@pytest.mark.filterwarnings("ignore:Alternatives with indices")  # pymcdm: dominated rows
@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(3, 30),
    m=st.integers(2, 8),
    seed=st.integers(0, 2**32 - 1),
)
def test_entropy_and_topsis_equal_pymcdm(n: int, m: int, seed: int) -> None:
    # Entropy weights on the raw (strictly positive) table, where pymcdm's definition and the
    # core's agree (docs/composite.md); TOPSIS (vector) on the normalised table with those
    # weights, every criterion a benefit after normalisation (the cost indicator x1 reversed).
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization
    from pymcdm.weights import entropy_weights

    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(n, m))
    df = pd.DataFrame(x, index=[f"u{i}" for i in range(n)], columns=[f"x{j}" for j in range(m)])
    pipeline = {
        "steps": [
            {"step": "weight", "level": "indicator", "method": "entropy"},
            {"step": "normalise"},
            {"step": "aggregate"},
            {"step": "band", "thresholds": [40, 60]},
            {"step": "topsis", "normalisation": "vector"},
            {"step": "rank"},
        ]
    }
    f = renxing.indicator_frames(df, random_framework(m, min(m, 3)), pipeline=pipeline)
    w = f.weights[f.weights["level"] == "indicator"].set_index("id").loc[df.columns, "weight"]
    expected_w = entropy_weights(x)
    np.testing.assert_allclose(w.to_numpy(), expected_w, rtol=0, atol=1e-9)
    z = f.normalised.loc[df.index, df.columns].to_numpy()
    pref = TOPSIS(normalization_function=vector_normalization)(z, expected_w, np.ones(m))
    np.testing.assert_allclose(f.topsis["closeness"].to_numpy(), pref, rtol=0, atol=1e-9)
