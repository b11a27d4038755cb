"""The Python API over the core: enums, frameworks, assessments, results, charts, pandas."""

from __future__ import annotations

import datetime
import json
import pathlib
import pickle
import subprocess
import sys

import numpy as np
import pytest

import renxing
from renxing import Attribute, Dimension, Level, Mode, Phase
from conftest import GOLDEN

EVIDENCE = {
    "quote": "“吹哨不报道” — 社区工作人员 🚨",
    "source": "访谈 3 · interview 3",
    "note": "Ünïcödé \u0000 ok",
}


def full_assessment() -> renxing.Assessment:
    return renxing.Assessment(
        "lakeside-2024",
        "湖畔社区",
        {
            Dimension.NEEDS_MET: {"level": "high", "evidence": [EVIDENCE], "rater": "团队 A"},
            "resource_linkage": {"coped": True, "developed": False, "note": "备注"},
            "rules": 71.5,
            "emergency_knowledge": Level.LOW,
            "volunteer_teams": "medium",
            "it_use": None,
            "government_connectivity": {"coped": False, "developed": True},
            "resident_connectivity": {"score": 0},
        },
        mode=Mode.GOVERNMENT_LED,
        phase="response",
        date=datetime.date(2024, 3, 1),
        metadata={"区": "江汉", "nested": {"list": [1, 2.5, None, True, "字"]}, "big": 2**63},
    )


# ---- enums ---------------------------------------------------------------------------------


def test_enums_compare_hash_and_label() -> None:
    assert Level.LOW < Level.MEDIUM < Level.HIGH
    assert max(Level.all()) is Level.HIGH
    assert sorted([Level.HIGH, Level.LOW]) == [Level.LOW, Level.HIGH]
    assert {Level.LOW: 1}[Level.from_id("low")] == 1
    assert len({Level.LOW, Level.LOW, Level.HIGH}) == 2
    assert Level.HIGH.id == "high" and Level.HIGH.code == 3 and str(Level.HIGH) == "high"
    assert Level.HIGH.label("zh") == "高" and Level.HIGH.label("en") == "High"
    assert Level.from_code(2) is Level.MEDIUM or Level.from_code(2) == Level.MEDIUM
    assert [d.id for d in Dimension.all()] == renxing.Framework.paper().dimensions
    assert Dimension.IT_USE.attribute == Attribute.REDUNDANCY
    assert Attribute.CONNECTIVITY.dimensions() == [
        Dimension.GOVERNMENT_CONNECTIVITY,
        Dimension.RESIDENT_CONNECTIVITY,
    ]
    assert Dimension.RULES.label("en") == "Rules and regulations"
    assert Dimension.RULES.description("zh").startswith("应急指挥制度")
    assert Mode.DIGITAL_EMBEDDED.label("zh") == "数字嵌入型"
    assert [p.id for p in Phase.all()] == ["preparedness", "response", "recovery", "learning"]
    assert Level.LOW != Dimension.NEEDS_MET
    with pytest.raises(TypeError):
        _ = Level.LOW < Dimension.NEEDS_MET  # type: ignore[operator]
    for v in [*Level.all(), *Dimension.all(), *Mode.all(), *Phase.all(), *Attribute.all()]:
        assert pickle.loads(pickle.dumps(v)) == v


def test_language_setting() -> None:
    assert renxing.get_lang() == "zh"
    assert Level.LOW.label() == "低"
    renxing.set_lang("en-GB")
    assert renxing.get_lang() == "en"
    assert Level.LOW.label() == "Low"
    assert Level.LOW.label("zh-Hans") == "低"
    assert renxing.ui_words()["remedies"] == "Remedies"
    with pytest.raises(renxing.UnknownIdError) as e:
        renxing.set_lang("fr")
    assert e.value.code == "unknown_id"
    assert renxing.get_lang() == "en"


# ---- frameworks ----------------------------------------------------------------------------


def test_paper_framework() -> None:
    fw = renxing.Framework.paper()
    assert fw.id == renxing.PAPER_FRAMEWORK_ID == "sanshe-liandong-2022"
    assert fw.is_paper
    assert fw.levels == ["low", "medium", "high"]
    assert fw.attributes == ["robustness", "redundancy", "connectivity"]
    assert fw.dimensions_of(Attribute.ROBUSTNESS) == ["needs_met", "resource_linkage", "rules"]
    assert fw.label("needs_met", "zh") == "满足需求"
    assert fw == renxing.Framework.from_json(fw.to_json())
    assert fw == renxing.Framework.from_toml(fw.to_toml())
    assert fw == renxing.Framework.from_dict(fw.to_dict())
    paper_file = GOLDEN / "frameworks" / "paper.json"
    if paper_file.exists():
        assert renxing.Framework.from_file(paper_file) == fw


def test_custom_framework_files(tmp_path: pathlib.Path) -> None:
    five = renxing.Framework.from_file(GOLDEN / "frameworks" / "five-level.json")
    assert not five.is_paper and len(five.levels) == 5
    toml_path = tmp_path / "five.toml"
    toml_path.write_text(five.to_toml(), encoding="utf-8")
    assert renxing.Framework.from_file(toml_path) == five
    a = renxing.Assessment.from_file(GOLDEN / "inputs" / "five-level.json", five)
    assert a.framework == five
    # the assessment remembers its framework: no need to pass it again
    assert renxing.score(a).framework_id == five.id
    with pytest.raises(renxing.FrameworkMismatchError) as e:
        renxing.score(a, renxing.Framework.paper())
    assert e.value.code == "framework_mismatch" and e.value.path == "framework"


# ---- assessments ---------------------------------------------------------------------------


def test_assessment_round_trips_losslessly(tmp_path: pathlib.Path) -> None:
    a = full_assessment()
    d = a.to_dict()
    assert d["ratings"]["needs_met"]["evidence"] == [EVIDENCE]
    assert d["metadata"]["nested"] == {"list": [1, 2.5, None, True, "字"]}
    assert d["metadata"]["big"] == 2**63
    assert d["date"] == "2024-03-01" and d["mode"] == "government_led"
    assert renxing.Assessment.from_dict(d) == a
    assert renxing.Assessment.from_json(a.to_json()) == a
    assert json.loads(a.to_json()) == d
    path = tmp_path / "a.json"
    a.to_file(path)
    assert renxing.Assessment.from_file(path) == a
    assert renxing.Assessment.from_file(str(path)).to_dict() == d
    assert "湖畔社区" in path.read_text(encoding="utf-8")  # not \u-escaped
    assert a.mode is Mode.GOVERNMENT_LED or a.mode == Mode.GOVERNMENT_LED
    assert a.phase == Phase.RESPONSE and a.date == "2024-03-01"
    assert a.level_of(Dimension.RESOURCE_LINKAGE) == Level.MEDIUM
    assert a.level_of("rules") is None  # rated by score
    assert a.level_of("it_use") is None  # not rated
    assert a.metadata["区"] == "江汉"
    assert a != renxing.case("a") and a != "not an assessment"


def test_cases_equal_the_golden_files() -> None:
    for c in renxing.cases():
        assert renxing.Assessment.from_file(GOLDEN / "inputs" / f"{c.id}.json") == c
        assert renxing.case(c.id[-1].upper()) == c


def test_assessments_validate_against_the_json_schema() -> None:
    import jsonschema
    schema = renxing.assessment_schema()
    for a in [*renxing.cases(), full_assessment()]:
        jsonschema.validate(a.to_dict(), schema)


# ---- results -------------------------------------------------------------------------------


def test_scorecard_diagnosis_and_options() -> None:
    b = renxing.case("b")
    card = renxing.score(b)
    assert card.method == "mean" and card.assessment == "case-b"
    assert card.overall == {
        "level": "medium",
        "code": 2,
        "score": pytest.approx(63.888888888888886),
        "value": pytest.approx(2.2777777777777777),
    }
    assert card.attribute("connectivity")["grade"]["level"] == "medium"  # 2.5 ties down
    assert card.dimension(Dimension.RESOURCE_LINKAGE)["grade"]["level"] == "low"
    assert card.dimension("nope") is None
    assert renxing.score(b, method="minimum").overall_level == "low"
    weighted = renxing.score(
        b, dimension_weights={Dimension.RESOURCE_LINKAGE: 3}, attribute_weights={"connectivity": 2}
    )
    assert weighted.attribute("robustness")["grade"]["score"] == pytest.approx(40.0)
    d = renxing.diagnose(b)
    assert d.nearest_case["case"] == "case-b"
    assert d.mode["mode"] == "government_led"
    assert d.scorecard.to_dict() == card.to_dict()
    assert d.assessment == b
    assert json.loads(d.to_json()) == d.to_dict()
    assert "稳健性" in d.to_text("zh") and "Robustness" in d.to_text("en")


def test_compare_and_dataframe() -> None:
    cmp = renxing.compare(renxing.cases())
    assert len(cmp) == 3
    assert [r["id"] for r in cmp.ranking] == ["case-c", "case-b", "case-a"]
    df = cmp.to_dataframe()
    assert list(df.index) == ["case-c", "case-b", "case-a"]
    assert df.loc["case-b", "robustness"] == "medium"
    assert df.loc["case-a", "connectivity.resident_connectivity"] == "high"
    assert df.loc["case-c", "rank"] == 1
    assert df.loc["case-a", "overall_score"] == pytest.approx(100 / 6)
    with pytest.raises(renxing.CompareError) as e:
        renxing.compare([])
    assert e.value.code == "compare_input"
    with pytest.raises(renxing.CompareError) as e:
        renxing.compare([renxing.case("a"), renxing.case("a")])
    assert e.value.path == "assessments[1].id"


def test_assessments_dataframe_round_trip() -> None:
    items = [*renxing.cases(), full_assessment()]
    df = renxing.to_dataframe(items)
    assert list(df.columns) == ["id", "name", "mode", "phase", "date", *renxing.Framework.paper().dimensions]
    import pandas as pd

    assert df.loc[3, "rules"] == 71.5 and pd.isna(df.loc[3, "it_use"])
    assert df.loc[3, "resource_linkage"] == "medium"  # the two questions give their level
    back = renxing.from_dataframe(df)
    for b, c in zip(back, renxing.cases()):
        # levels survive; evidence and metadata are not carried by a DataFrame
        assert {k: v and v["level"] for k, v in b.ratings.items()} == {
            k: v and v["level"] for k, v in c.ratings.items()
        }
    for orig, new in zip(items, back):
        assert renxing.score(new).to_dict()["overall"] == renxing.score(orig).to_dict()["overall"]
        assert (new.id, new.name, new.mode, new.phase, new.date) == (
            orig.id, orig.name, orig.mode, orig.phase, orig.date,
        )


def test_survey_csv_reads() -> None:
    from conftest import EXAMPLES

    survey = renxing.read_csv(EXAMPLES / "survey.csv")
    assert len(survey) == 12
    assert len({a.id for a in survey}) == 12
    cmp = renxing.compare([*renxing.cases(), *survey])
    assert len(cmp.to_dataframe()) == 15


def test_from_dataframe_reports_row_and_column_errors() -> None:
    import pandas as pd

    df = renxing.to_dataframe(renxing.cases())
    df.loc[1, "rules"] = "hgih"
    with pytest.raises(renxing.AssessmentError) as e:
        renxing.from_dataframe(df)
    assert e.value.path == "rows[1].ratings.rules.level"
    assert e.value.code == "assessment_invalid"
    with pytest.raises(renxing.AssessmentError) as e:
        renxing.from_dataframe(df.assign(extra=1))
    assert e.value.path == "columns.extra"
    assert renxing.from_dataframe(pd.DataFrame(columns=["id", "name"])) == []


def test_pandas_missing_gives_a_clear_import_error() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import renxing\n"
        "try:\n"
        "    renxing.to_dataframe(renxing.cases())\n"
        "except ImportError as e:\n"
        "    print('IMPORT-ERROR:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "IMPORT-ERROR:" in out.stdout and "pip install pandas" in out.stdout


# ---- charts and reports --------------------------------------------------------------------


def test_charts_and_reports() -> None:
    b = renxing.case("b")
    card = renxing.score(b)
    svg = card.radar(references=["case-a", "case-c"], lang="en").svg
    assert svg.startswith("<svg") and "Needs met" in svg
    assert card._repr_svg_().startswith("<svg") and "满足需求" in card._repr_svg_()
    assert card.bars(lang="en")._repr_svg_().startswith("<svg")
    d = renxing.diagnose(b)
    html_zh = d._repr_html_()
    assert html_zh.startswith("<!DOCTYPE html>") and "<script" not in html_zh and "优化路径" in html_zh
    renxing.set_lang("en")
    html_en = d._repr_html_()
    assert "Remedies" in html_en and html_en != html_zh
    assert d.to_html("zh") == html_zh
    md, charts = d.to_markdown("zh")
    assert "## 优化路径" in md and all(v.startswith("<svg") for v in charts.values())
    cmp = renxing.compare(renxing.cases())
    assert cmp._repr_html_().startswith("<!DOCTYPE html>")
    assert cmp.heat_table()._repr_svg_().startswith("<svg")
    assert renxing.radar(renxing.cases(), lang="en").svg.count('class="rx-series"') == 3
    with pytest.raises(renxing.ChartError) as e:
        card.radar(width=5)
    assert e.value.code == "chart_input"


def test_hostile_text_is_escaped_in_charts() -> None:
    a = renxing.Assessment("x", "<script>alert(1)</script>", {d: "low" for d in renxing.Framework.paper().dimensions})
    assert "<script>" not in renxing.score(a).radar().svg
    assert "<script>alert" not in renxing.diagnose(a).to_html()


# ---- numpy batch ---------------------------------------------------------------------------


def test_batch_reads_non_contiguous_and_empty_arrays() -> None:
    codes = np.tile(np.array([3, 1, 3, 2, 2, 2, 3, 2], dtype=np.uint8), (4, 1))
    wide = np.zeros((4, 16), dtype=np.uint8)
    wide[:, ::2] = codes
    strided = wide[:, ::2]
    assert not strided.flags.c_contiguous
    a, b = renxing.score_batch(codes), renxing.score_batch(strided)
    assert a.overall_score.tolist() == b.overall_score.tolist()
    assert np.asfortranarray(codes).flags.f_contiguous
    assert renxing.score_batch(np.asfortranarray(codes)).overall_level.tolist() == [2, 2, 2, 2]
    empty = renxing.score_batch(np.zeros((0, 8), dtype=np.uint8))
    assert len(empty) == 0 and empty.attribute_score.shape == (0, 3)
    assert renxing.score_batch(codes, method="minimum").overall_level.tolist() == [1] * 4


def test_batch_with_a_custom_framework() -> None:
    five = renxing.Framework.from_file(GOLDEN / "frameworks" / "five-level.json")
    n = len(five.dimensions)
    out = renxing.score_batch(np.full((2, n), 5, dtype=np.uint8), five)
    assert out.overall_score.tolist() == [100.0, 100.0]
    assert out.levels == five.levels and out.attributes == five.attributes


def test_large_batches_are_split_across_threads_with_identical_results() -> None:
    """Above 2 × 65,536 rows the work is split across cores; the numbers and the first bad
    row's position are the same as on one thread."""
    rng = np.random.default_rng(4)
    codes = rng.integers(1, 4, size=(300_001, 8), dtype=np.uint8)
    out = renxing.score_batch(codes)
    groups = [[0, 1, 2], [3, 4, 5], [6, 7]]
    attr = np.stack([codes[:, g].astype(np.float64).mean(axis=1) for g in groups], axis=1)
    overall = attr.mean(axis=1)
    np.testing.assert_allclose(out.overall_score, (overall - 1) / 2 * 100, rtol=0, atol=1e-9)
    assert np.array_equal(out.overall_level, np.clip(np.ceil(overall - 0.5 - 1e-9), 1, 3))
    np.testing.assert_allclose(out.attribute_score, (attr - 1) / 2 * 100, rtol=0, atol=1e-9)
    head = renxing.score_batch(codes[:1000])
    assert np.array_equal(head.attribute_level, out.attribute_level[:1000])
    bad = codes.copy()
    bad[250_000, 3] = 9
    bad[290_000, 1] = 0
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(bad)
    assert e.value.path == "codes[250000][3]"
    assert "codes[250000, 3]" in str(e.value)
    scores = codes.astype(np.float64) * 30
    scores[200_000, 7] = np.nan
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(scores)
    assert e.value.path == "scores[200000][7]"


def test_batch_scoring_releases_the_gil() -> None:
    """While score_batch runs in a thread, the main thread keeps running Python code: the longest
    pause between two of its steps is far shorter than the call itself."""
    import threading
    import time

    codes = np.random.default_rng(1).integers(1, 4, size=(2_000_000, 8), dtype=np.uint8)
    t0 = time.perf_counter()
    renxing.score_batch(codes)
    duration = time.perf_counter() - t0

    done = threading.Event()
    worker = threading.Thread(target=lambda: (renxing.score_batch(codes), done.set()))
    stamps = []
    worker.start()
    while not done.is_set():
        stamps.append(time.perf_counter())
    worker.join()
    gaps = np.diff(stamps) if len(stamps) > 1 else np.array([duration])
    assert len(stamps) > 10
    assert gaps.max() < duration / 2, (gaps.max(), duration)
