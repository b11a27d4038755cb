"""pandas interchange: many assessments ⇄ one DataFrame, and the comparison table.

pandas is optional: these functions import it when called and raise ``ImportError`` with an
install hint when it is missing. The table reader and writer are the core's (the ``read_table``
and ``write_table`` operations: wide or long layouts, ids or labels in zh or en, two-question
answers kept as answers, every problem located at ``["rows", i, column]``); this module only
converts cells (NaN → None, timestamps → ISO dates, numpy scalars → Python values).
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Union, cast

from . import _ops
from ._assessment import Assessment
from ._renxing import Framework, read_text

if TYPE_CHECKING:  # pragma: no cover
    import os

    import pandas  # type: ignore[import-untyped, unused-ignore]

    from ._types import Assessment as AssessmentDict
    from ._types import Comparison, FrameworkArg, Headers, Layout, LayoutChoice, ScoreOptions

    FrameworkLike = Union[FrameworkArg, Framework]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised in a subprocess test
        raise ImportError(
            "this renxing function needs pandas, which is not installed; "
            "install it with `pip install pandas` (or `pip install renxing[pandas]`)"
        ) from e
    return pandas


def _cell(v: Any) -> Any:
    """A DataFrame cell as a JSON value: None for NaN/NaT/None, ISO text for dates, Python
    scalars for numpy ones."""
    if v is None or type(v).__name__ == "NaTType":  # pandas' missing timestamp
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalars
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    try:
        if _pandas().isna(v) is True:
            return None
    except (TypeError, ValueError):
        pass
    return v


def to_dataframe(
    assessments: Iterable[Mapping[str, Any]],
    framework: FrameworkLike | None = None,
    *,
    layout: Layout = "wide",
    headers: Headers | None = None,
    lang: Headers | None = None,
    scores: bool = False,
    options: ScoreOptions | None = None,
    typed: bool | None = None,
) -> "pandas.DataFrame":
    """Many assessments as one DataFrame, written by the core's ``write_table``: wide (one row
    per assessment: ``id``, ``name``, ``mode``, ``phase``, ``date`` and one column per dimension
    holding the level, with ``<dimension>.score`` and ``<dimension>.coped``/``.developed``
    columns where ratings use them) or long (one row per assessment × dimension, with evidence,
    rater and note); headers and values in ids (default) or in the labels of ``lang``
    (``"zh"``/``"en"``; ``headers=`` is the same choice). With ``scores=True`` (wide) the core
    adds a level and a score column per summary column (表1) and for the overall reading,
    scored with ``options``.

    With ``typed`` (the default when ``lang`` or ``scores`` is given) columns are typed from
    the core's column kinds: levels are ordered categoricals (lowest first, in the table's
    words), scores floats, modes and phases categoricals, dates datetimes; otherwise cells stay
    plain values (easy to edit and read back). What the wide form cannot carry is listed in
    ``frame.attrs["omitted"]``."""
    pd = _pandas()
    items = [cast("AssessmentDict", dict(a)) for a in assessments]
    words: Headers = headers if headers is not None else (lang if lang is not None else "ids")
    out = _ops.write_table(
        items,
        layout=layout,
        headers=words,
        format="rows",
        scores=scores,
        options=options,
        framework=framework,
    )
    frame = pd.DataFrame(out.get("rows") or [], columns=out["columns"])
    if typed is None:
        typed = scores or lang is not None
    levels = pd.CategoricalDtype(out["levels"], ordered=True)
    for column, kind in zip(out["columns"], out["kinds"] if typed else []):
        if kind == "level":
            frame[column] = frame[column].astype(levels)
        elif kind == "score":
            frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
        elif kind == "category":
            frame[column] = frame[column].astype("category")
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column])
    frame.attrs["omitted"] = out["omitted"]
    return frame


def from_dataframe(
    df: "pandas.DataFrame",
    framework: FrameworkLike | None = None,
    *,
    layout: LayoutChoice = "auto",
) -> list[Assessment]:
    """Assessments from a DataFrame in the wide or long layout (detected, or given), read by the
    core's ``read_table``: headers and cells in ids or in zh/en labels (高/中/低, 满足需求,
    政府主导型), empty cells not rated, answers kept as answers; every problem at once in a
    :class:`TableError` located at ``["rows", i, column]``."""
    _pandas()
    rows = [
        {str(k): _cell(v) for k, v in record.items()}
        for record in df.to_dict(orient="records")
    ]
    out = _ops.read_table(rows=rows, layout=layout, framework=framework)
    return [Assessment._checked(a, framework) for a in out["assessments"]]


def read_csv(
    path: "str | os.PathLike[str]",
    framework: FrameworkLike | None = None,
    *,
    layout: LayoutChoice = "auto",
) -> list[Assessment]:
    """Assessments from a CSV file (UTF-8, with or without a byte-order mark, as Excel writes
    it), read by the core's table reader exactly as ``renxing compare sheet.csv`` reads it."""
    out = _ops.read_table(text=read_text(path), layout=layout, framework=framework)
    return [Assessment._checked(a, framework) for a in out["assessments"]]


def comparison_dataframe(comparison: Comparison) -> "pandas.DataFrame":
    """A comparison (the ``compare`` response) as a table in ranking order, indexed by id:
    ``name``, ``mode``, ``rank``, ``tied``, ``overall_level``, ``overall_score``, 表1's columns
    by key and one column per dimension (level ids)."""
    pd = _pandas()
    rows = {r["id"]: r for r in comparison["rows"]}
    records = []
    for entry in comparison["ranking"]:
        r = rows[entry["id"]]
        card = r["scorecard"]
        overall = card.get("overall")
        rec: dict[str, Any] = {
            "id": r["id"],
            "name": r["name"],
            "mode": r.get("mode"),
            "rank": entry.get("rank"),
            "tied": entry["tied"],
            "overall_level": overall["level"] if overall else None,
            "overall_score": overall["score"] if overall else None,
        }
        for col in card.get("columns", []):
            grade = col.get("grade")
            rec[col["key"]] = grade["level"] if grade else None
        for d in card["dimensions"]:
            grade = d.get("grade")
            rec[d["id"]] = grade["level"] if grade else None
        records.append(rec)
    frame = pd.DataFrame(records)
    if len(frame):
        frame = frame.set_index("id")
    return frame
