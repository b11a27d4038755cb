"""Composite indicators on a framework's indicators, with pandas DataFrames in and out.

Conversion only: :func:`indicator_frames` turns a DataFrame (units × indicators, or a long table
of unit, indicator, value) into the ``data`` of the ``assess_indicators`` operation, calls it,
and reshapes the tables its response already holds into DataFrames. Nothing is computed here.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from . import _ops
from ._pandas import _pandas

__all__ = ["IndicatorFrames", "indicator_data", "indicator_frames"]


def _num(v: Any) -> Any:
    """A cell as a JSON number: NaN and None are missing (``null``)."""
    if v is None:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def indicator_data(
    df: Any,
    *,
    unit: str | None = None,
    indicator: str | None = None,
    value: str | None = None,
    framework: Any = None,
) -> dict[str, Any]:
    """The ``data`` of the ``assess_indicators`` (or ``indicators``) operation from a DataFrame.

    Wide (the default): one row per unit (the index, or the column ``unit``), one column per
    indicator id, numbers; NaN or None is a missing value. Long: name the three columns
    ``unit``, ``indicator`` and ``value`` (one row per unit and indicator; units and indicators
    in order of first appearance); the core's ``read_indicators_long`` reads it, so two rows for
    one unit and indicator raise ``TableError`` naming the row, and with ``framework`` the
    indicator cells may be its ids or zh/en labels (an unknown one raises ``UnknownIdError``).
    In the wide form the dimension of each indicator is left to the framework.
    """
    pd = _pandas()
    if indicator is not None or value is not None:
        if unit is None or indicator is None or value is None:
            raise ValueError("a long table needs unit=, indicator= and value= (column names)")
        rows = [
            {unit: str(u), indicator: str(i), value: _num(v)}
            for u, i, v in zip(df[unit], df[indicator], df[value])
        ]
        data = _ops.read_indicators_long(
            rows=rows,
            columns={"unit": unit, "indicator": indicator, "value": value},
            framework=framework,
        )
        return dict(data)
    frame = df.set_index(unit) if unit is not None else df
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("indicator_data needs a pandas DataFrame")
    units = [str(u) for u in frame.index]
    inds = [str(c) for c in frame.columns]
    values = [_num(v) for row in frame.itertuples(index=False, name=None) for v in row]
    return {
        "units": units,
        "indicators": [{"id": i, "dimension": ""} for i in inds],
        "values": values,
    }


def _table(t: Mapping[str, Any] | None) -> Any:
    """A core result table (rows, columns, row-major values) as a DataFrame."""
    pd = _pandas()
    if t is None:
        return None
    cols = list(t["columns"])
    n = len(cols)
    vals = [float("nan") if v is None else v for v in t["values"]]
    return pd.DataFrame(
        [vals[r * n : (r + 1) * n] for r in range(len(t["rows"]))],
        index=pd.Index(t["rows"], name="unit"),
        columns=cols,
    )


class IndicatorFrames:
    """The ``assess_indicators`` response as DataFrames (index: unit ids).

    * ``scores``: dimension, attribute and ``overall`` values;
    * ``levels``: the level id each dimension (and attribute and ``overall``) bands into;
    * ``ranks``: ``overall`` and ``topsis`` competition ranks;
    * ``topsis``: ``d_plus``, ``d_minus``, ``closeness``;
    * ``obstacles``: obstacle degree per indicator; ``obstacle_dimensions``,
      ``obstacle_attributes`` per dimension and attribute;
    * ``normalised``: the normalised indicator table (when the pipeline keeps intermediates);
    * ``weights``: one row per (level, id) with the weight used;
    * ``assessments``: one assessment (dict) per unit; ``banding``: the banding rule;
      ``pipeline``: the pipeline as run; ``response``: the whole response; ``text``: the
      tables as text when ``lang`` was given.
    """

    def __init__(self, response: Mapping[str, Any]) -> None:
        pd = _pandas()
        self.response = response
        res = response["result"]
        reports: dict[str, Mapping[str, Any]] = {}
        for s in res["steps"]:
            reports[s["report"]["kind"]] = s["report"]
        units = pd.Index(res["units"], name="unit")
        agg = reports.get("aggregate")
        parts = []
        if agg is not None:
            parts.append(_table(agg["dimensions"]))
            if agg.get("attributes") is not None:
                parts.append(_table(agg["attributes"]))
            parts.append(pd.DataFrame({"overall": agg["overall"]}, index=units))
        self.scores: Any = pd.concat(parts, axis=1) if parts else None
        band = reports.get("band")
        if band is not None:
            levels = band["levels"]
            self.levels: Any = pd.DataFrame(
                {
                    c["id"]: [None if b is None else levels[b] for b in c["bands"]]
                    for c in band["columns"]
                },
                index=units,
            )
        else:
            self.levels = None
        rank = reports.get("rank")
        self.ranks: Any = (
            pd.DataFrame({c["id"]: c["ranks"] for c in rank["columns"]}, index=units)
            if rank is not None
            else None
        )
        top = reports.get("topsis")
        self.topsis: Any = (
            pd.DataFrame(
                {k: top["result"][k] for k in ("d_plus", "d_minus", "closeness")}, index=units
            )
            if top is not None
            else None
        )
        obs = reports.get("obstacle")
        self.obstacles: Any = _table(obs["indicators"]) if obs is not None else None
        self.obstacle_dimensions: Any = _table(obs["dimensions"]) if obs is not None else None
        self.obstacle_attributes: Any = (
            _table(obs.get("attributes")) if obs is not None else None
        )
        norm = reports.get("normalise")
        self.normalised: Any = _table(norm.get("table")) if norm is not None else None
        rows = []
        if agg is not None:
            for lw in agg["weights"]:
                for i, w in zip(lw["ids"], lw["weights"]):
                    rows.append({"level": lw["level"], "id": i, "weight": w})
        self.weights: Any = pd.DataFrame(rows, columns=["level", "id", "weight"])
        self.assessments: list[Any] = list(response["assessments"])
        self.banding: Mapping[str, Any] = response["banding"]
        self.pipeline: Mapping[str, Any] = response["pipeline"]
        self.text: str | None = response.get("text")

    def __repr__(self) -> str:
        n = len(self.assessments)
        return f"IndicatorFrames({n} units, framework {self.response['framework']!r})"


def indicator_frames(
    df: Any,
    framework: Any,
    *,
    pipeline: Mapping[str, Any] | None = None,
    lang: str | None = None,
    unit: str | None = None,
    indicator: str | None = None,
    value: str | None = None,
) -> IndicatorFrames:
    """Runs the ``assess_indicators`` operation on a DataFrame of a framework's indicators.

    ``df`` as in :func:`indicator_data`; ``framework`` a :class:`renxing.Framework` (e.g.
    ``Framework.from_file("examples/indicators/framework.toml")``) or its dict; ``pipeline``
    the steps (default: the operation's); ``lang`` ("zh"/"en") also renders the tables as text.
    """
    data = indicator_data(
        df, unit=unit, indicator=indicator, value=value, framework=framework
    )
    resp = _ops.assess_indicators(
        framework,
        data,  # type: ignore[arg-type]
        pipeline=pipeline,  # type: ignore[arg-type]
        text=lang,
    )
    return IndicatorFrames(resp)
