"""Issue 10 from Python, second part: the student's DataFrame through indicator_frames gives
assessments that carry their run (the diagnosis names the top obstacles, the report has the
methods section), the charts of the run, and blending with a qualitative coding by a stated rule
(hand-computed)."""

from __future__ import annotations

from typing import Any

import pytest

import renxing
from renxing import ops

from test_indicators import SHEET, STUDENT


def coded(levels: dict[str, str | None]) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "framework": "student",
        "id": "east",
        "name": "East",
        "ratings": {d: ({"level": l, "rater": "coder-1"} if l else None) for d, l in levels.items()},
    }


def test_diagnosis_and_report_of_an_indicator_assessment() -> None:
    f = renxing.indicator_frames(SHEET, STUDENT, lang="zh")
    east = f.assessments[0]
    assert east["metadata"]["indicator_run"]["obstacles"][0]["indicator"] == "wechat_share"
    d = ops.diagnose(assessment=east, framework=STUDENT)
    # east: deviations (1, 1, 0.75) x effective weights (0.25, 0.5, 0.25) over 0.9375
    assert [o["indicator"] for o in d["obstacles"]] == ["wechat_share", "volunteers_per_1000", "drills_per_year"]
    assert d["obstacles"][0]["degree"] == pytest.approx(0.5 / 0.9375, abs=1e-12)
    assert d["obstacles"][0]["dimension"] == "resident_connectivity"
    rep = ops.report(assessment=east, framework=STUDENT, report={"format": "markdown", "lang": "zh"})
    assert "## 方法" in rep["text"]
    assert "主要障碍因子(由指标得出)" in rep["text"]
    # the notes of the assessments are Chinese when the frames were asked for in Chinese
    note = east["ratings"]["volunteer_teams"]["note"]
    assert note.startswith("由指标得出:维度得分 12.5000 → 低"), note


def test_charts_of_the_run() -> None:
    data = renxing.indicator_data(SHEET)
    r = ops.indicator_charts(STUDENT, data, charts=["ranks"], chart={"lang": "en"})
    svg = r["charts"][0]["svg"]
    assert r["charts"][0]["kind"] == "ranks"
    # west 75, north 57.5, east 6.25 (see test_indicators)
    assert 'data-unit="west" data-rank="1" data-score="75.00" data-level="high"' in svg
    assert 'data-unit="east" data-rank="3" data-score="6.25" data-level="low"' in svg


@pytest.mark.parametrize(
    ("rule", "volunteer_teams", "resident_connectivity"),
    [
        # east from the indicators: volunteer teams low (12.5), residents low (0)
        ("indicators_win", "low", "low"),
        ("coding_wins", "high", "medium"),
        ("lower", "low", "low"),
        # mean of the scores: (100 + 0)/2 = 50 → medium; (50 + 0)/2 = 25 → low
        ("mean_score", "medium", "low"),
    ],
)
def test_blend_by_each_rule(rule: str, volunteer_teams: str, resident_connectivity: str) -> None:
    f = renxing.indicator_frames(SHEET, STUDENT, lang="en")
    c = coded({"volunteer_teams": "high", "resident_connectivity": "medium"})
    r = ops.blend_assessments(framework=STUDENT, coded=[c], indicators=f.assessments, rule=rule)  # type: ignore[arg-type]
    assert r["unpaired"] == ["west", "north"]
    (a,) = r["assessments"]
    assert a["metadata"]["blend"]["rule"] == rule
    card = ops.score(assessment=a, framework=STUDENT)
    levels = {d["id"]: d["grade"]["level"] for d in card["dimensions"]}
    assert levels == {"volunteer_teams": volunteer_teams, "resident_connectivity": resident_connectivity}
    # the run travels with the blend: the diagnosis still names the obstacles
    assert ops.diagnose(assessment=a, framework=STUDENT)["obstacles"][0]["indicator"] == "wechat_share"


def test_blend_refuses_duplicate_ids() -> None:
    c = coded({"volunteer_teams": "high", "resident_connectivity": None})
    with pytest.raises(renxing.RenxingError) as e:
        ops.blend_assessments(framework=STUDENT, coded=[c, c], indicators=[])
    assert e.value.code == "indicator_input"  # type: ignore[attr-defined]
    assert "coded[1].id" in str(e.value)
