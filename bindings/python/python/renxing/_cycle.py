"""pandas interchange of the full cycle (issue 13): dated assessments in a long DataFrame →
timeline DataFrames, and a functionality curve as a pandas Series (time index) or two columns →
the curve analysis.

Conversion only: the assessments are read by the core's table reader (``read_table``), the
timelines by the ``timelines`` operation and the curve by the ``curve`` operation; this module
turns cells and the operations' responses into DataFrames.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, Union

from . import _ops
from ._pandas import _cell, _pandas, from_dataframe
from ._renxing import Framework

if TYPE_CHECKING:  # pragma: no cover
    import pandas  # type: ignore[import-untyped, unused-ignore]

    from ._types import (
        CurveOptions,
        CurveResponse,
        FrameworkArg,
        LayoutChoice,
        TimelineOptions,
        TimelinesResponse,
    )

    FrameworkLike = Union[FrameworkArg, Framework]


class TimelineFrames(NamedTuple):
    """The ``timelines`` response and its tables."""

    result: "TimelinesResponse"
    """The operation's response as it is (settings, timelines, ranking, …)."""
    points: "pandas.DataFrame"
    """One row per community × point × item: ``community``, ``position`` (0-based), ``id``,
    ``date``, ``phase``, ``kind`` (dimension, attribute, overall), ``item``, ``level``,
    ``score``."""
    changes: "pandas.DataFrame"
    """The first-to-last change of every item: ``community``, ``kind``, ``item``,
    ``from_level``, ``to_level``, ``score_delta``, ``level_delta``, ``direction``."""
    ranking: "pandas.DataFrame"
    """The communities by first-to-last change of the overall score: ``community``, ``rank``,
    ``overall_delta``, ``level_delta``, ``tied``, ``direction``."""


def timeline_frames(
    df: "pandas.DataFrame",
    framework: FrameworkLike | None = None,
    *,
    layout: LayoutChoice = "auto",
    options: TimelineOptions | None = None,
) -> TimelineFrames:
    """Timelines from a DataFrame of dated assessments (long layout: one row per assessment ×
    dimension, with ``id``, ``name``, ``phase``, ``date`` columns; or wide), read by the core's
    ``read_table`` and ordered, compared and ranked by the ``timelines`` operation."""
    pd = _pandas()
    assessments = [dict(a) for a in from_dataframe(df, framework, layout=layout)]
    result = _ops.timelines(assessments, options=options, framework=framework)  # type: ignore[arg-type]
    points: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for tl in result["timelines"]:
        for pos, p in enumerate(tl["points"]):
            items: list[tuple[str, Any]] = [("dimension", x) for x in p["dimensions"]]
            items += [("attribute", x) for x in p["attributes"]]
            items.append(("overall", {"id": "overall", "mark": p.get("overall")}))
            for kind, x in items:
                mark = x.get("mark")
                points.append(
                    {
                        "community": tl["community"],
                        "position": pos,
                        "id": p["id"],
                        "date": p.get("date"),
                        "phase": p.get("phase"),
                        "kind": kind,
                        "item": x["id"],
                        "level": mark["level"] if mark else None,
                        "score": mark["score"] if mark else None,
                    }
                )
        step = tl.get("first_to_last")
        for c in step["changes"] if step else []:
            before, after = c.get("from"), c.get("to")
            changes.append(
                {
                    "community": tl["community"],
                    "kind": c["kind"],
                    "item": c["id"],
                    "from_level": before["level"] if before else None,
                    "to_level": after["level"] if after else None,
                    "score_delta": c.get("score_delta"),
                    "level_delta": c.get("level_delta"),
                    "direction": c["direction"],
                }
            )
    ranking = pd.DataFrame(
        [dict(e) for e in result["ranking"]],
        columns=["community", "rank", "overall_delta", "level_delta", "tied", "direction"],
    )
    return TimelineFrames(
        result=result,
        points=pd.DataFrame(
            points,
            columns=["community", "position", "id", "date", "phase", "kind", "item", "level", "score"],
        ),
        changes=pd.DataFrame(
            changes,
            columns=[
                "community", "kind", "item", "from_level", "to_level",
                "score_delta", "level_delta", "direction",
            ],
        ),
        ranking=ranking,
    )


def curve_series(data: Any, *, time: str | None = None, value: str | None = None) -> dict[str, list[float]]:
    """A functionality curve's two columns (``{"time": [...], "value": [...]}``) from a pandas
    Series (the index is the time, the values are Q) or a DataFrame (columns ``time`` and
    ``value`` by name, else its first two columns). A datetime index or column becomes days
    since the first sample. The core checks the numbers when the curve is analysed."""
    pd = _pandas()
    if isinstance(data, pd.Series):
        t, q = data.index, data.to_numpy()
    elif isinstance(data, pd.DataFrame):
        cols = list(data.columns)
        tc = time if time is not None else ("time" if "time" in cols else cols[0])
        vc = value if value is not None else ("value" if "value" in cols else cols[1])
        t, q = data[tc], data[vc].to_numpy()
    else:
        raise TypeError(f"expected a pandas Series or DataFrame, got {type(data).__name__}")
    if pd.api.types.is_datetime64_any_dtype(t):
        stamps = pd.to_datetime(pd.Series(t))
        times = [float(x) for x in ((stamps - stamps.iloc[0]) / pd.Timedelta(days=1))]
    else:
        times = [_cell(x) for x in t]
    return {"time": times, "value": [_cell(x) for x in q]}


def analyse_curve(
    data: Any,
    *,
    time: str | None = None,
    value: str | None = None,
    options: CurveOptions | None = None,
) -> CurveResponse:
    """The ``curve`` operation on a pandas Series (time index) or a two-column DataFrame:
    Bruneau's numbers (baseline, depth, loss area, time to recover, rapidity), the end state and
    the paper's level."""
    return _ops.curve(curve_series(data, time=time, value=value), options=options)  # type: ignore[arg-type]
