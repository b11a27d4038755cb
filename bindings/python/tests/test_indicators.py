"""Composite indicators on a framework's indicators from pandas (issue 10): the student's sheet as
a DataFrame (wide and long) against hand-computed values, the example framework's communities
into assessments that `score` accepts, and entropy weights and TOPSIS on the DataFrame path
against pymcdm 1.4.0 to 1e-9."""

from __future__ import annotations

import copy
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
    # the core reads the long table: a duplicate is a TableError naming the second row, in zh and en
    twice = pd.concat([long, long], ignore_index=True)
    with pytest.raises(renxing.TableError) as e:
        renxing.indicator_data(twice, unit="community", indicator="ind", value="v")
    assert e.value.code == "table_invalid"
    assert e.value.path == ["rows", len(long), "ind"]
    assert "有两行" in str(e.value)
    renxing.set_lang("en")
    try:
        with pytest.raises(renxing.TableError, match="two rows"):
            renxing.indicator_data(twice, unit="community", indicator="ind", value="v")
    finally:
        renxing.set_lang("zh")


def test_long_form_reads_labels_and_refuses_unknown_indicators() -> None:
    long = SHEET.reset_index().melt(id_vars="community", var_name="ind", value_name="v")
    fw = copy.deepcopy(STUDENT)
    for i in fw["indicators"]:
        i["labels"]["zh"] = "指标:" + i["id"]
    labels = {i["id"]: i["labels"]["zh"] for i in fw["indicators"]}
    by_label = long.assign(ind=long["ind"].map(labels))
    assert by_label["ind"].str.startswith("指标:").all()
    f = renxing.indicator_frames(by_label, fw, unit="community", indicator="ind", value="v")
    g = renxing.indicator_frames(SHEET, STUDENT)
    pd.testing.assert_frame_equal(f.scores, g.scores)
    bad = pd.concat(
        [long, pd.DataFrame({"community": ["east"], "ind": ["shelters"], "v": [1.0]})],
        ignore_index=True,
    )
    with pytest.raises(renxing.UnknownIdError) as e:
        renxing.indicator_frames(bad, STUDENT, unit="community", indicator="ind", value="v")
    assert e.value.path == ["rows", len(long), "ind"]
    assert "shelters" in str(e.value)


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


# ---- the numpy buffer path: renxing.indicators_array ---------------------------------------

FULL_STEPS: list[dict[str, Any]] = [
    {"step": "check"},
    {"step": "impute", "method": "mean"},
    {"step": "normalise"},
    {"step": "weight", "method": "entropy"},
    {"step": "aggregate"},
    {"step": "band", "levels": ["low", "medium", "high"], "thresholds": [40, 60]},
    {"step": "topsis"},
    {"step": "obstacle", "top": 2},
    {"step": "rank"},
]


def _layouts(x: np.ndarray) -> list[np.ndarray]:
    """The same matrix in C order, Fortran order and as a strided view of a larger array."""
    big = np.full((2 * x.shape[0], x.shape[1] + 1), -1.0)
    big[::2, :-1] = x
    return [np.ascontiguousarray(x), np.asfortranarray(x), big[::2, :-1]]


@settings(max_examples=20, deadline=None)
@given(
    n=st.integers(min_value=3, max_value=25),
    m=st.integers(min_value=2, max_value=6),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_indicators_array_equals_the_list_path(n: int, m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(n, m))
    # Missing values, never in the first two rows: every column keeps two distinct observed
    # values, so imputation cannot make an indicator constant (a constant one is an error).
    x[2:][rng.random(size=(n - 2, m)) < 0.05] = np.nan
    metas = [
        {"id": f"i{j}", "dimension": f"d{j % 2}", "direction": "cost" if j == 1 else "benefit"}
        for j in range(m)
    ]
    pipeline = {"steps": FULL_STEPS, "keep_intermediates": True}
    units = [f"u{i}" for i in range(n)]
    data = {
        "units": units,
        "indicators": metas,
        "values": [None if v != v else float(v) for v in x.ravel()],
    }
    general = renxing.ops.indicators(data, pipeline)  # type: ignore[arg-type]
    g = {s["report"]["kind"]: s["report"] for s in general["steps"]}
    for arr in _layouts(x):
        r = renxing.indicators_array(arr, pipeline, indicators=metas, units=units)  # type: ignore[arg-type,typeddict-item]
        a = {s["report"]["kind"]: s["report"] for s in r["steps"]}
        assert r["units"] == units
        overall = a["aggregate"]["overall"]
        assert isinstance(overall, np.ndarray) and overall.dtype == np.float64
        np.testing.assert_allclose(overall, g["aggregate"]["overall"], rtol=0, atol=1e-12)
        dims = a["aggregate"]["dimensions"]["values"]
        assert dims.shape == (n, 2)
        np.testing.assert_allclose(
            dims.ravel(), g["aggregate"]["dimensions"]["values"], rtol=0, atol=1e-12
        )
        np.testing.assert_allclose(
            a["topsis"]["result"]["closeness"], g["topsis"]["result"]["closeness"], rtol=0, atol=1e-12
        )
        assert a["topsis"]["ranks"].tolist() == g["topsis"]["ranks"]
        assert [c["ranks"].tolist() for c in a["rank"]["columns"]] == [
            c["ranks"] for c in g["rank"]["columns"]
        ]
        assert [c["bands"].tolist() for c in a["band"]["columns"]] == [
            [-1 if b is None else b for b in c["bands"]] for c in g["band"]["columns"]
        ]
        assert a["check"]["units"]["passed"].tolist() == [u["passed"] for u in g["check"]["units"]]
        np.testing.assert_allclose(
            a["normalise"]["table"]["values"].ravel(),
            g["normalise"]["table"]["values"],
            rtol=0,
            atol=1e-12,
        )
        # the steps as executed are recorded as in the list path
        assert [s["step"] for s in r["steps"]] == [s["step"] for s in general["steps"]]
        assert a["weight"]["weights"] == g["weight"]["weights"]


def test_indicators_array_names_units_by_position_and_reads_nothing_else() -> None:
    x = np.array([[1.0, 5.0], [2.0, 3.0], [3.0, 1.0]])
    metas = [{"id": "a", "dimension": "d"}, {"id": "b", "dimension": "d", "direction": "cost"}]
    pipeline = {"steps": [{"step": "normalise"}, {"step": "aggregate"}, {"step": "rank"}]}
    r = renxing.indicators_array(x, pipeline, indicators=metas)  # type: ignore[arg-type,typeddict-item]
    assert r["units"].tolist() == [0, 1, 2]
    agg = r["steps"][1]["report"]
    # hand-computed: min–max of a = 0, 50, 100; of cost b = 0, 50, 100; mean = overall
    assert agg["overall"].tolist() == [0.0, 50.0, 100.0]
    assert r["final_table"]["values"].tolist() == [[0.0, 0.0], [50.0, 50.0], [100.0, 100.0]]
    assert r["steps"][2]["report"]["columns"][0]["ranks"].tolist() == [3, 2, 1]


def test_indicators_array_bad_input_is_a_typed_error() -> None:
    metas = [{"id": "a", "dimension": "d"}, {"id": "b", "dimension": "d"}]
    pipeline = {"steps": [{"step": "normalise"}]}
    with pytest.raises(renxing.IndicatorError) as e:
        renxing.indicators_array(np.ones((3, 2), dtype=np.int64), pipeline, indicators=metas)  # type: ignore[arg-type,typeddict-item]
    assert e.value.code == "indicator_input" and e.value.path == ["array"]
    with pytest.raises(renxing.IndicatorError) as e:
        renxing.indicators_array(np.ones((3, 3)), pipeline, indicators=metas)  # type: ignore[arg-type,typeddict-item]
    assert e.value.path is not None and e.value.path[-1] == "indicators"
    x = np.ones((3, 2))
    x[2, 1] = np.inf
    with pytest.raises(renxing.RenxingError) as e:
        renxing.indicators_array(x, pipeline, indicators=metas)  # type: ignore[arg-type,typeddict-item]
    assert e.value.path == ["array", 2, 1]
