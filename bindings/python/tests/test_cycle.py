"""The full cycle from pandas (issue 13): dated assessments in a long DataFrame → timelines, a
curve as a Series or two columns → Bruneau's numbers and the paper's level."""

from __future__ import annotations

import json
import pathlib

import pytest

import renxing

ROOT = pathlib.Path(__file__).resolve().parents[3]
HISTORY = ROOT / "examples" / "cycle" / "hepan-timeline.jsonl"
DAYS = [0, 7, 14, 15, 17, 24, 38, 52, 60, 75, 90]
LEVELS = [98, 100, 99, 52, 45, 63, 84, 97, 101, 104, 106]


def history() -> list[dict]:
    return [json.loads(line) for line in HISTORY.read_text(encoding="utf-8").splitlines() if line]


def test_long_dataframe_to_timeline_frames() -> None:
    pytest.importorskip("pandas")
    df = renxing.to_dataframe(history(), layout="long")
    assert {"id", "phase", "date"} <= set(df.columns)
    frames = renxing.timeline_frames(df[::-1])  # any row order
    tl = frames.result["timelines"][0]
    assert [p["phase"] for p in tl["points"]] == ["preparedness", "response", "recovery"]
    assert tl["missing_phases"] == ["learning"]
    assert tl["plan_ahead"]["phase"] == "learning"
    # 3 points × (8 dimensions + 3 attributes + overall)
    assert len(frames.points) == 36
    overall = frames.changes[frames.changes["kind"] == "overall"].iloc[0]
    assert (overall["from_level"], overall["to_level"]) == ("low", "high")
    # 表1 scores: case A 16.67, case C 88.89 (mean of attributes) → +72.22
    assert overall["score_delta"] == pytest.approx(800 / 9 - 150 / 9, abs=1e-9)
    assert overall["direction"] == "improved"
    assert list(frames.ranking["community"]) == ["hepan"]
    # the same as the operation on the file's assessments (rows in the file's order)
    assert renxing.timeline_frames(df).result == renxing.timelines(history())


def test_curve_from_series_and_columns() -> None:
    pd = pytest.importorskip("pandas")
    s = pd.Series(LEVELS, index=DAYS)
    r = renxing.analyse_curve(s)
    # by hand: baseline mean(98, 100, 99) = 99, event start day 14, minimum 45 at day 17,
    # back to 99 at day 56 (between 97 at 52 and 101 at 60): T_RE = 42; loss area by trapezoids
    # with the crossing inserted: 23.5 + 101 + 315 + 357 + 119 + 4 = 919.5
    assert r["baseline"] == 99
    assert r["settings"]["event_start"] == 14
    assert r["time_to_recover"] == pytest.approx(42)
    assert r["loss_area"] == pytest.approx(919.5)
    assert r["paper"]["level"] == "high"
    df = pd.DataFrame({"day": DAYS, "service_level": LEVELS})
    assert renxing.analyse_curve(df) == r
    assert renxing.analyse_curve(df[["service_level", "day"]], time="day", value="service_level") == r
    # a datetime index becomes days since the first sample
    dated = pd.Series(LEVELS, index=pd.Timestamp("2024-07-01") + pd.to_timedelta(DAYS, unit="D"))
    assert renxing.curve_series(dated)["time"] == [float(d) for d in DAYS]
    assert renxing.analyse_curve(dated) == r
    # the CSV reader gives the same series
    csv = (ROOT / "examples" / "cycle" / "service-level.csv").read_text(encoding="utf-8")
    assert renxing.ops.read_curve(csv) == renxing.curve_series(s)
    with pytest.raises(renxing.CurveError) as e:
        renxing.analyse_curve(pd.Series([1.0, 2.0], index=[1, 1]))
    assert e.value.path == ["series", "time", 1]
