"""The Python API over the operation layer: vocabulary, language, frameworks, assessments,
results (dicts), charts and reports, pandas, numpy batches."""

from __future__ import annotations

import datetime
import json
import pathlib
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

import renxing
from conftest import GOLDEN, columns, item, overall, rated

EVIDENCE = {
    "quote": "“吹哨不报道” — 社区工作人员 🚨",
    "source": "访谈 3 · interview 3",
    "note": "Ünïcödé \u0000 ok",
}
PAPER = renxing.framework_paper()
DIMS = [d["id"] for d in PAPER["dimensions"]]


def full_assessment() -> dict[str, Any]:
    return rated(
        "lakeside-2024",
        "湖畔社区",
        {
            "needs_met": {"level": "high", "evidence": [EVIDENCE], "rater": "团队 A"},
            "resource_linkage": {"coped": True, "developed": False, "note": "备注"},
            "rules": 71.5,
            "emergency_knowledge": "low",
            "volunteer_teams": "medium",
            "it_use": None,
            "government_connectivity": {"coped": False, "developed": True},
            "resident_connectivity": {"score": 0},
        },
        framework=renxing.PAPER_FRAMEWORK_ID,
        mode="government_led",
        phase="response",
        date="2024-03-01",
        metadata={"区": "江汉", "nested": {"list": [1, 2.5, None, True, "字"]}, "big": 2**63},
    )


# ---- vocabulary and language ---------------------------------------------------------------


def test_vocabulary_and_labels() -> None:
    v = renxing.vocabulary()
    assert [x["id"] for x in v["levels"]] == ["low", "medium", "high"]
    assert [x["id"] for x in v["dimensions"]] == DIMS
    assert [x["id"] for x in v["phases"]] == ["preparedness", "response", "recovery", "learning"]
    assert renxing.METHODS == ["mean", "median", "minimum", "capped_mean"]
    zh, en = renxing.labels(lang="zh"), renxing.labels(lang="en")
    assert zh["levels"]["high"] == "高" and en["levels"]["high"] == "High"
    assert en["dimensions"]["rules"] == "Rules and regulations"
    assert zh["modes"]["digital_embedded"] == "数字嵌入型"
    assert item(PAPER["dimensions"], "it_use")["attribute"] == "redundancy"  # type: ignore[index]


def test_language_setting() -> None:
    assert renxing.get_lang() == "zh"
    assert renxing.labels()["levels"]["low"] == "低"
    renxing.set_lang("en-GB")
    assert renxing.get_lang() == "en"
    assert renxing.labels()["levels"]["low"] == "Low"
    assert renxing.labels(lang="zh-Hans")["levels"]["low"] == "低"
    assert renxing.labels()["ui"]["remedies"] == "Remedies"
    with pytest.raises(renxing.UnknownIdError) as e:
        renxing.set_lang("fr")
    assert e.value.code == "unknown_id"
    assert renxing.get_lang() == "en"


def test_error_messages_follow_the_module_language() -> None:
    with pytest.raises(renxing.UnknownIdError) as zh:
        renxing.case("d")
    renxing.set_lang("en")
    with pytest.raises(renxing.UnknownIdError) as en:
        renxing.case("d")
    assert "未知的案例 id" in str(zh.value)
    assert str(en.value).startswith("unknown case id")
    bad = rated("x", "x", {"rules": "hgih"})
    with pytest.raises(renxing.AssessmentError) as e:
        renxing.score(bad)
    assert e.value.path == ["assessment", "ratings", "rules", "level"]
    assert all(isinstance(i["path"], list) for i in e.value.issues)
    assert "hgih" in e.value.issues[0]["message"] and "评估" not in str(e.value)


# ---- frameworks ----------------------------------------------------------------------------


def test_paper_framework() -> None:
    fw = renxing.Framework.paper()
    assert fw.id == renxing.PAPER_FRAMEWORK_ID == "sanshe-liandong-2022"
    d = fw.to_dict()
    assert [x["id"] for x in d["levels"]] == ["low", "medium", "high"]
    assert [x["id"] for x in d["attributes"]] == ["robustness", "redundancy", "connectivity"]
    assert [x["id"] for x in d["dimensions"] if x["attribute"] == "robustness"] == [
        "needs_met", "resource_linkage", "rules",
    ]
    assert d == PAPER
    assert fw == renxing.Framework(renxing.PAPER_FRAMEWORK_ID) == renxing.Framework(d)
    toml = renxing.format_framework(framework=fw, format="toml")["text"]
    assert renxing.Framework(renxing.parse_framework(toml, format="toml")) == fw
    assert renxing.Framework.from_file(GOLDEN / "frameworks" / "paper.json") == fw
    assert repr(fw) == 'Framework("sanshe-liandong-2022")'
    # a compiled framework works where a framework is required, and for custom ones too
    assert renxing.validate_framework(fw) == d
    five = renxing.Framework.from_file(GOLDEN / "frameworks" / "five-level.json")
    assert renxing.validate_framework(five) == five.to_dict()
    assert renxing.format_framework(framework=five)["text"].count('"very_high"') >= 1


def test_custom_framework_files(tmp_path: pathlib.Path) -> None:
    five = renxing.Framework.from_file(GOLDEN / "frameworks" / "five-level.json")
    assert five != renxing.Framework.paper() and len(five.to_dict()["levels"]) == 5
    toml_path = tmp_path / "five.TOML"
    toml_path.write_text(renxing.format_framework(framework=five, format="toml")["text"], encoding="utf-8")
    assert renxing.Framework.from_file(toml_path) == five
    a = renxing.Assessment.from_file(GOLDEN / "inputs" / "five-level.json", framework=five)
    assert a.framework is five
    assert renxing.score(a, framework=five)["framework"] == five.id
    # the same framework given as a dict (validated on each call) gives the same scorecard
    assert renxing.score(a, framework=five.to_dict()) == renxing.score(a, framework=five)
    with pytest.raises(renxing.AssessmentError) as e:
        renxing.score(a)  # the paper's framework: the assessment names another one
    assert e.value.path == ["assessment", "framework"]


# ---- assessments ---------------------------------------------------------------------------


def test_assessment_round_trips_losslessly(tmp_path: pathlib.Path) -> None:
    d = full_assessment()
    a = renxing.Assessment(d)
    assert isinstance(a, dict) and a == d and a.data is a
    assert a["ratings"]["needs_met"]["evidence"] == [EVIDENCE]
    assert a["metadata"]["big"] == 2**63
    assert renxing.Assessment.from_json(a.to_json()) == a
    assert json.loads(a.to_json()) == d
    path = tmp_path / "a.json"
    a.to_file(path)
    assert renxing.Assessment.from_file(path) == a
    assert renxing.Assessment.from_file(str(path)) == d
    assert "湖畔社区" in path.read_text(encoding="utf-8")  # not \u-escaped
    assert renxing.validate_assessment(d) == d
    # a datetime.date is written as ISO text
    assert renxing.Assessment({**d, "date": datetime.date(2024, 3, 1)})["date"] == "2024-03-01"
    new = renxing.Assessment.new("x", "新社区")
    assert new["ratings"] == {dim: None for dim in DIMS}


def test_cases_equal_the_golden_files() -> None:
    cases = renxing.cases()
    assert [c["id"] for c in cases] == ["case-a", "case-b", "case-c"]
    for c in cases:
        assert renxing.Assessment.from_file(GOLDEN / "inputs" / f"{c['id']}.json") == c
        assert renxing.case(c["id"][-1].upper()) == c == renxing.reference_case(c["id"])


def test_assessments_validate_against_the_json_schema() -> None:
    import jsonschema

    schema = renxing.assessment_schema()["schema"]
    for a in [*renxing.cases(), full_assessment()]:
        jsonschema.validate(a, schema)


def test_rate_is_the_papers_rule() -> None:
    assert renxing.rate(True, True) == {"level": "high", "inconsistent": False}
    assert renxing.rate(True, False)["level"] == "medium"
    assert renxing.rate(False, True) == {"level": "low", "inconsistent": True}


# ---- results -------------------------------------------------------------------------------


def test_scorecard_diagnosis_and_options() -> None:
    b = renxing.case("b")
    card = renxing.score(b)
    assert card["method"] == "mean" and card["assessment"] == "case-b"
    assert card["overall"] == {
        "level": "medium",
        "code": 2,
        "score": pytest.approx(63.888888888888886),
        "value": pytest.approx(2.2777777777777777),
    }
    assert item(card["attributes"], "connectivity")["grade"]["level"] == "medium"  # type: ignore[index]  # 2.5 ties down
    assert item(card["dimensions"], "resource_linkage")["grade"]["level"] == "low"  # type: ignore[index]
    assert overall(renxing.score(b, options={"method": "minimum"}), "level") == "low"
    weighted = renxing.score(
        b, options={"dimension_weights": {"resource_linkage": 3}, "attribute_weights": {"connectivity": 2}}
    )
    assert item(weighted["attributes"], "robustness")["grade"]["score"] == pytest.approx(40.0)  # type: ignore[index]
    d = renxing.diagnose(b)
    assert d["nearest_case"]["case"] == "case-b"  # type: ignore[index]
    assert d["mode"]["mode"] == "government_led"  # type: ignore[index]
    assert d["scorecard"] == card
    assert d["attribute_deficits"][0]["id"] == "redundancy"
    zh = renxing.text("diagnosis", assessments=[b])["text"]
    en = renxing.text("diagnosis", assessments=[b], lang="en")["text"]
    assert "稳健性" in zh and "Robustness" in en
    fw = renxing.Framework.paper()
    assert renxing.diagnose(b, framework=fw) == d  # a compiled framework gives the same


def test_compare_and_dataframe() -> None:
    cmp = renxing.compare(renxing.cases())
    assert [r["id"] for r in cmp["ranking"]] == ["case-c", "case-b", "case-a"]
    df = renxing.comparison_dataframe(cmp)
    assert list(df.index) == ["case-c", "case-b", "case-a"]
    assert df.loc["case-b", "robustness"] == "medium"
    assert df.loc["case-a", "connectivity.resident_connectivity"] == "high"
    assert df.loc["case-c", "rank"] == 1
    assert df.loc["case-a", "overall_score"] == pytest.approx(100 / 6)
    with pytest.raises(renxing.CompareError) as e:
        renxing.compare([])
    assert e.value.code == "compare_input" and e.value.path == ["assessments"]
    with pytest.raises(renxing.CompareError) as e:
        renxing.compare([renxing.case("a"), renxing.case("a")])
    assert e.value.path == ["assessments", 1, "id"]


def test_assessments_dataframe_round_trip() -> None:
    import pandas as pd

    items = [*renxing.cases(), full_assessment()]
    df = renxing.to_dataframe(items)
    assert list(df.columns)[:5] == ["id", "name", "mode", "phase", "date"]
    assert [c for c in df.columns if "." not in c][5:] == DIMS
    # A score and the two answers get their own columns (the core's table writer): nothing is
    # turned into something else.
    assert df.loc[3, "rules.score"] == 71.5 and pd.isna(df.loc[3, "rules"])
    assert pd.isna(df.loc[3, "it_use"])
    assert df.loc[3, "resource_linkage.coped"] is True
    assert df.loc[3, "resource_linkage.developed"] is False
    back = renxing.from_dataframe(df)
    assert all(isinstance(b, renxing.Assessment) for b in back)
    strip = lambda r: r and {k: v for k, v in r.items() if k in ("level", "score", "coped", "developed")}  # noqa: E731
    for orig, new in zip(items, back):
        assert {k: strip(v) for k, v in new["ratings"].items()} == {
            k: strip(v) for k, v in orig["ratings"].items()
        }
        assert renxing.score(new)["overall"] == renxing.score(orig)["overall"]
        assert [new.get(k) for k in ("id", "name", "mode", "phase", "date")] == [
            orig.get(k) for k in ("id", "name", "mode", "phase", "date")
        ]
    long = renxing.to_dataframe(items, layout="long", headers="zh")
    assert "维度" in long.columns
    assert [a["ratings"] for a in renxing.from_dataframe(long)] == [a["ratings"] for a in items]


def test_survey_csv_reads() -> None:
    from conftest import EXAMPLES

    survey = renxing.read_csv(EXAMPLES / "survey.csv")
    assert len(survey) == 12
    assert len({a["id"] for a in survey}) == 12
    cmp = renxing.compare([*renxing.cases(), *survey])
    assert len(renxing.comparison_dataframe(cmp)) == 15


def test_chinese_sheet_reads_with_labels() -> None:
    import pandas as pd

    df = pd.DataFrame(
        [{"id": "qinghe", "名称": "清河社区", "模式": "政府主导型", "满足需求": "高", "资源链接": "中",
          "规章制度": "低", "应急知识储备": None, "专业志愿队伍": "中", "信息技术运用": "低",
          "与政府连通": "高", "与居民连通": "中"}]
    )
    (a,) = renxing.from_dataframe(df)
    assert a["name"] == "清河社区" and a["mode"] == "government_led"
    assert a["ratings"]["needs_met"] == {"level": "high"}
    assert a["ratings"]["emergency_knowledge"] is None


def test_from_dataframe_reports_row_and_column_errors() -> None:
    import pandas as pd

    df = renxing.to_dataframe(renxing.cases())
    df.loc[1, "rules"] = "hgih"
    with pytest.raises(renxing.TableError) as e:
        renxing.from_dataframe(df)
    assert e.value.code == "table_invalid"
    assert e.value.issues[0]["path"] == ["rows", 1, "rules"]
    df["rules"] = df["rules"].astype(object)
    df.loc[1, "rules"] = 2
    with pytest.raises(renxing.TableError) as e:
        renxing.from_dataframe(df)
    # 1/2/3 in a level column: a code or a score? The message says how to write either.
    assert "medium 或 中" in str(e.value) and "rules.得分" in str(e.value)
    with pytest.raises(renxing.TableError) as t:
        renxing.from_dataframe(renxing.to_dataframe(renxing.cases()).assign(extra=1))
    assert t.value.code == "table_invalid"
    assert any(i["path"][:2] == ["columns", "extra"] for i in t.value.issues)
    # An empty table is an error of the core's reader (a header and at least one row are needed).
    with pytest.raises(renxing.TableError) as t:
        renxing.from_dataframe(pd.DataFrame(columns=["id", "name"]))
    assert t.value.code == "table_invalid" and t.value.path == ["rows"]


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
    svg = renxing.radar_chart([b], cases=["case-a", "case-c"], chart={"lang": "en"})["svg"]
    assert svg.startswith("<svg") and "Needs met" in svg and svg.count('class="rx-series"') == 3
    assert "满足需求" in renxing.radar_chart([b])["svg"]  # the module language
    assert renxing.attribute_bars(b, chart={"lang": "en"})["svg"].startswith("<svg")
    a = renxing.Assessment(b)
    html_zh = a._repr_html_()
    assert html_zh.startswith("<!DOCTYPE html>") and "<script" not in html_zh and "优化路径" in html_zh
    assert renxing.report(b)["text"] == html_zh
    renxing.set_lang("en")
    html_en = a._repr_html_()
    assert "Remedies" in html_en and html_en != html_zh
    assert renxing.report(b, report={"lang": "zh"})["text"] == html_zh
    md = renxing.report(b, report={"format": "markdown", "lang": "zh"})
    assert "## 优化路径" in md["text"] and md["charts"]
    assert all(c["svg"].startswith("<svg") for c in md["charts"])
    cases = renxing.cases()
    assert renxing.comparison_report(cases)["text"].startswith("<!DOCTYPE html>")
    assert renxing.comparison_table(cases)["svg"].startswith("<svg")
    assert renxing.radar_chart(cases)["svg"].count('class="rx-series"') == 3
    with pytest.raises(renxing.ChartError) as e:
        renxing.radar_chart([b], chart={"width": 5})
    assert e.value.code == "chart_input"


def test_hostile_text_is_escaped_in_charts() -> None:
    a = rated("x", "<script>alert(1)</script>", {d: "low" for d in DIMS})
    assert "<script>" not in renxing.radar_chart([a])["svg"]
    assert "<script>alert" not in renxing.report(a)["text"]


# ---- numpy batch ---------------------------------------------------------------------------


def test_batch_reads_any_memory_order() -> None:
    rows = np.array(
        [[3, 1, 3, 2, 2, 2, 3, 2], [1, 1, 1, 1, 1, 1, 1, 3], [3, 3, 3, 3, 3, 3, 3, 3], [1, 2, 3, 1, 2, 3, 1, 2]],
        dtype=np.uint8,
    )
    want = renxing.score_batch(rows)
    assert want["overall_level"].tolist() == [2, 1, 3, 2]
    wide = np.zeros((4, 16), dtype=np.uint8)
    wide[:, ::2] = rows
    strided = wide[:, ::2]
    fortran = np.asfortranarray(rows)
    assert not strided.flags.c_contiguous and fortran.flags.f_contiguous and not fortran.flags.c_contiguous
    for arr in (strided, fortran):
        got = renxing.score_batch(arr)
        assert got["overall_score"].tolist() == want["overall_score"].tolist()
        assert got["attribute_level"].tolist() == want["attribute_level"].tolist()
    scores = rows.astype(np.float64) * 30
    assert (
        renxing.score_batch(np.asfortranarray(scores))["overall_score"].tolist()
        == renxing.score_batch(scores)["overall_score"].tolist()
    )
    # issue 17: a transposed view (the columns' matrix, transposed back) and masked arrays
    transposed = np.ascontiguousarray(rows.T).T
    assert not transposed.flags.c_contiguous
    assert renxing.score_batch(transposed)["overall_level"].tolist() == [2, 1, 3, 2]
    unmasked = np.ma.masked_array(rows, mask=np.zeros_like(rows, dtype=bool))
    assert renxing.score_batch(unmasked)["overall_level"].tolist() == [2, 1, 3, 2]
    mask = np.zeros_like(rows, dtype=bool)
    mask[1, 2] = True
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(np.ma.masked_array(rows, mask=mask))
    assert e.value.code == "batch_input" and e.value.path == ["input", "mask"]
    flipped = rows[::-1]
    assert renxing.score_batch(flipped)["overall_level"].tolist() == [2, 3, 1, 2]
    empty = renxing.score_batch(np.zeros((0, 8), dtype=np.uint8))
    assert empty["rows"] == 0 and empty["attribute_score"].shape == (0, 3)
    minimum = renxing.score_batch(rows, options={"method": "minimum"})
    assert minimum["overall_level"].tolist() == [1, 1, 3, 1]


def test_batch_equals_the_list_operation() -> None:
    rows = [[3, 1, 3, 2, 2, 2, 3, 2], [1, 1, 1, 1, 1, 1, 1, 3]]
    arrays = renxing.score_batch(np.array(rows, dtype=np.uint8))
    lists = renxing.ops.score_batch(codes=rows)
    for key in ("rows", "attributes", "levels"):
        assert arrays[key] == lists[key]  # type: ignore[literal-required]
    for key in ("overall_score", "overall_level", "attribute_score", "attribute_level"):
        assert arrays[key].tolist() == lists[key]  # type: ignore[literal-required]


def test_batch_with_unrated_dimensions_equals_scoring_each_assessment() -> None:
    """Code 0 / NaN with unrated=True, or a mask: each row scores as the assessment with those
    dimensions null (every output, bit for bit), and is flagged with its rated count."""
    rng = np.random.default_rng(11)
    codes = rng.integers(0, 4, size=(200, 8), dtype=np.uint8)
    codes[0] = 0
    dims = [d["id"] for d in renxing.framework_paper()["dimensions"]]
    levels = ["low", "medium", "high"]
    for method in ("mean", "median", "minimum", "capped_mean"):
        out = renxing.score_batch(codes, unrated=True, options={"method": method})  # type: ignore[typeddict-item]
        assert out["total"] == 8
        assert out["rated"].dtype == np.uint16
        assert out["rated"].tolist() == (codes > 0).sum(axis=1).tolist()
        for r in range(0, 200, 7):
            a = renxing.Assessment.new(f"r{r}", "r")
            ratings = {d: ({"level": levels[c - 1]} if c else None) for d, c in zip(dims, codes[r].tolist())}
            card = renxing.score({**a, "ratings": ratings}, options={"method": method})  # type: ignore[typeddict-item]
            g = card["overall"]
            assert out["overall_level"][r] == (g["code"] if g else 0)
            if g:
                assert out["overall_score"][r] == g["score"]
            else:
                assert np.isnan(out["overall_score"][r])
            for i, att in enumerate(card["attributes"]):
                ga = att["grade"]
                assert out["attribute_level"][r, i] == (ga["code"] if ga else 0)
                assert (out["attribute_score"][r, i] == ga["score"]) if ga else np.isnan(out["attribute_score"][r, i])
    # a mask gives the same as zeros; masked cells are ignored whatever they hold
    full = np.where(codes == 0, 9, codes).astype(np.uint8)
    masked = renxing.score_batch(full, mask=codes > 0)
    zeros = renxing.score_batch(codes, unrated=True)
    for key in ("overall_level", "attribute_level", "rated"):
        assert np.array_equal(masked[key], zeros[key])  # type: ignore[literal-required]
    assert np.array_equal(masked["overall_score"], zeros["overall_score"], equal_nan=True)
    scores = np.where(codes > 0, codes.astype(np.float64) * 50 - 50, np.nan)
    s = renxing.score_batch(scores, unrated=True)
    assert s["rated"].tolist() == zeros["rated"].tolist()
    assert np.array_equal(s["overall_score"], zeros["overall_score"], equal_nan=True)
    # the list operation agrees (None where nothing is rated)
    lists = renxing.ops.score_batch(codes=codes[:5].tolist(), unrated=True)
    assert lists["overall_score"][0] is None and lists["rated"] == zeros["rated"][:5].tolist()
    # without unrated=True a 0 is still an error; a mask of the wrong shape or dtype is refused
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(codes)
    assert e.value.path == ["codes", 0, 0]
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(full, mask=(codes > 0)[:, :7])
    assert e.value.path == ["mask"]
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(full, mask=(codes > 0).astype(np.uint8))  # type: ignore[arg-type]
    assert e.value.path == ["mask"]
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(full, mask=np.ones((200, 8), dtype=bool))
    assert e.value.path == ["codes", 0, 0]


def test_batch_with_a_custom_framework() -> None:
    five = renxing.Framework.from_file(GOLDEN / "frameworks" / "five-level.json")
    d = five.to_dict()
    n = len(d["dimensions"])
    out = renxing.score_batch(np.full((2, n), 5, dtype=np.uint8), framework=five)
    assert out["overall_score"].tolist() == [100.0, 100.0]
    assert out["levels"] == [x["id"] for x in d["levels"]]
    assert out["attributes"] == [x["id"] for x in d["attributes"]]
    assert renxing.score_batch(np.full((1, n), 5, dtype=np.uint8), framework=d)["rows"] == 1


def test_batch_out_writes_into_the_callers_arrays() -> None:
    """`out=`: the given arrays are written in place (every element) and are the result's; the
    others are fresh; the same numbers as without `out`, codes and scores, large batches too
    (split across cores); bad `out` arrays are typed errors located at ["out", name]."""
    rng = np.random.default_rng(16)
    for rows in (5, 70_001):
        codes = rng.integers(1, 4, size=(rows, 8), dtype=np.uint8)
        fresh = renxing.score_batch(codes)
        out = {
            "overall_score": np.full(rows, -1.0),
            "overall_level": np.full(rows, 9, dtype=np.uint8),
            "attribute_score": np.full((rows, 3), -1.0),
            "attribute_level": np.full((rows, 3), 9, dtype=np.uint8),
            "rated": np.full(rows, 99, dtype=np.uint16),
        }
        got = renxing.score_batch(codes, out=out)
        for key, array in out.items():
            assert got[key] is array, key
            assert np.array_equal(array, fresh[key]), key
        scores = codes.astype(np.float64) * 30
        some = {"attribute_level": np.zeros((rows, 3), dtype=np.uint8)}
        by_median = renxing.score_batch(scores, options={"method": "median"}, out=some)
        assert by_median["attribute_level"] is some["attribute_level"]
        assert np.array_equal(some["attribute_level"], renxing.score_batch(scores, options={"method": "median"})["attribute_level"])
    codes = np.full((5, 8), 2, dtype=np.uint8)
    read_only = np.zeros(5)
    read_only.flags.writeable = False
    cases: list[tuple[Any, list[Any], str]] = [
        ([np.zeros(5)], ["out"], "out 必须是由 numpy 数组组成的 dict"),
        ({"levels": np.zeros(5)}, ["out", "levels"], "out 没有字段 levels"),
        ({"overall_score": np.zeros(5, dtype=np.float32)}, ["out", "overall_score"], "实际是dtype 为 float32、形状为 (5,) 的 numpy.ndarray"),
        ({"overall_score": np.zeros(4)}, ["out", "overall_score"], "形状为 (5,) 的 numpy.ndarray,实际是dtype 为 float64、形状为 (4,) 的 numpy.ndarray"),
        ({"attribute_score": np.zeros((3, 5)).T}, ["out", "attribute_score"], "实际是非 C 连续的 numpy.ndarray"),
        ({"overall_score": read_only}, ["out", "overall_score"], "实际是只读的 numpy.ndarray"),
        ({"rated": [0] * 5}, ["out", "rated"], "实际是 list"),
    ]
    for bad, path, message in cases:
        with pytest.raises(renxing.BatchError) as e:
            renxing.score_batch(codes, out=bad)
        assert e.value.path == path, bad
        assert message in str(e.value), str(e.value)
    renxing.set_lang("en")
    try:
        with pytest.raises(renxing.BatchError) as e:
            renxing.score_batch(codes, out={"attribute_level": np.zeros((5, 2), dtype=np.uint8)})
    finally:
        renxing.set_lang("zh")
    assert "out['attribute_level'] must be a writeable, C-contiguous numpy.ndarray of dtype uint8 and shape (5, 3), found a numpy.ndarray of dtype uint8 and shape (5, 2)" in str(e.value)
    # None is no output given; two outputs in the same memory, or an output in the input's,
    # cannot both be written: a typed error naming the second
    assert renxing.score_batch(codes, out=None)["rows"] == 5
    buf = np.zeros(20)
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(codes, out={"overall_score": buf[:5], "attribute_score": buf[:15].reshape(5, 3)})
    assert e.value.path == ["out", "attribute_score"]
    assert "与输入或另一个输出共用内存" in str(e.value)
    wide = np.full((5, 8), 2, dtype=np.uint8)
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(wide, out={"overall_level": wide.reshape(-1)[:5]})
    assert e.value.path == ["out", "overall_level"]
    # apart in one buffer is fine
    got = renxing.score_batch(codes, out={"overall_score": buf[:5], "attribute_score": buf[5:].reshape(5, 3)})
    assert buf[:5].tolist() == [50.0] * 5 and got["overall_score"].base is buf


def test_large_batches_give_the_same_numbers_and_first_bad_row() -> None:
    """Above 65,536 rows the core splits the work across cores; the numbers and the first bad
    row's position are the same as on one thread."""
    rng = np.random.default_rng(4)
    codes = rng.integers(1, 4, size=(300_001, 8), dtype=np.uint8)
    out = renxing.score_batch(codes)
    groups = [[0, 1, 2], [3, 4, 5], [6, 7]]
    attr = np.stack([codes[:, g].astype(np.float64).mean(axis=1) for g in groups], axis=1)
    mean = attr.mean(axis=1)
    np.testing.assert_allclose(out["overall_score"], (mean - 1) / 2 * 100, rtol=0, atol=1e-9)
    assert np.array_equal(out["overall_level"], np.clip(np.ceil(mean - 0.5 - 1e-9), 1, 3))
    np.testing.assert_allclose(out["attribute_score"], (attr - 1) / 2 * 100, rtol=0, atol=1e-9)
    head = renxing.score_batch(codes[:1000])
    assert np.array_equal(head["attribute_level"], out["attribute_level"][:1000])
    bad = codes.copy()
    bad[250_000, 3] = 9
    bad[290_000, 1] = 0
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(bad)
    assert e.value.path == ["codes", 250000, 3]
    assert "codes[250000, 3]" in str(e.value)
    scores = codes.astype(np.float64) * 30
    scores[200_000, 7] = np.nan
    with pytest.raises(renxing.BatchError) as e:
        renxing.score_batch(scores)
    assert e.value.path == ["scores", 200000, 7]


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


def test_framework_label_is_honest() -> None:
    fw = renxing.Framework.paper()
    assert fw.label("needs_met") == "满足需求"
    assert fw.label("high", "en") == "High"
    assert fw.label("government_led", lang="zh") == "政府主导型"
    with pytest.raises(renxing.UnknownIdError) as e:
        fw.label("overall_score")
    assert isinstance(e.value, ValueError) and e.value.code == "unknown_id"
    assert e.value.path == ["id"] and "overall_score" in str(e.value)
    with pytest.raises(renxing.UnknownIdError):
        fw.label("needs_met", "fr")


def test_labels_in_an_assessment_file_read_as_ids(tmp_path: Any) -> None:
    text = json.dumps(
        {
            "schema_version": 1,
            "id": "hupan",
            "name": "湖畔社区",
            "mode": "政府主导型",
            "ratings": {
                "满足需求": {"level": "高"},
                "资源链接": {"coped": "是", "developed": "否"},
                **{d: None for d in DIMS if d not in ("needs_met", "resource_linkage")},
            },
        },
        ensure_ascii=False,
    )
    path = tmp_path / "手写.json"
    path.write_text(text, encoding="utf-8")
    a = renxing.Assessment.from_file(path)
    assert a["mode"] == "government_led"
    assert a["ratings"]["needs_met"] == {"level": "high"}
    assert a["ratings"]["resource_linkage"] == {"coped": True, "developed": False}
    assert "满足需求" not in a.to_json() and renxing.Assessment.from_json(a.to_json()) == a
    with pytest.raises(renxing.AssessmentError) as e:
        renxing.Assessment.from_json(text.replace('"高"', '"很高"'))
    assert e.value.issues[0]["path"] == ["ratings", "满足需求", "level"]
    assert '"很高"' in e.value.issues[0]["message"]


@pytest.mark.parametrize("enabled", [True, False])
def test_large_results_leave_the_garbage_collector_as_it_was(enabled: bool) -> None:
    """A result of more than 10,000 values is built with the cyclic collector paused (it
    would otherwise run over the growing result again and again); the collector's state
    afterwards is what it was before, and the result is complete."""
    import gc

    root = pathlib.Path(__file__).resolve().parents[3]
    lines = (root / "examples" / "communities-zh.csv").read_text(encoding="utf-8-sig").splitlines()
    header, row = lines[0], lines[1]
    rest = row.split(",", 1)[1]
    text = "\n".join([header] + [f"c{i},{rest}" for i in range(2_000)])
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        r = renxing.ops.read_table(text=text)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert len(r["assessments"]) == 2_000
    assert r["assessments"][1_999]["id"] == "c1999"
    assert r["assessments"][0]["ratings"] == r["assessments"][1_999]["ratings"]
