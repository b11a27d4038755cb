"""pandas interchange: many assessments ⇄ one DataFrame, and the comparison table.

pandas is optional: these functions import it when called and raise ``ImportError`` with an
install hint when it is missing. Every rule (validation, scoring) stays in the core library;
this module only moves values between DataFrame cells and the assessment file form.
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING, Any, Iterable

from ._renxing import Assessment, Framework, RenxingError

if TYPE_CHECKING:  # pragma: no cover
    import os

    import pandas  # type: ignore[import-untyped, unused-ignore]

    from ._renxing import Comparison

#: The columns besides the dimension ids.
META_COLUMNS = ("id", "name", "mode", "phase", "date")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised in a subprocess test
        raise ImportError(
            "this renxing function needs pandas, which is not installed; "
            "install it with `pip install pandas` (or `pip install renxing[pandas]`)"
        ) from e
    return pandas


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        return bool(_pandas().isna(v)) if not isinstance(v, (str, dict, list)) else False
    except (TypeError, ValueError):
        return False


def _cell(rating: Any, framework: Framework) -> Any:
    """A rating (file form) as a cell: a level id, a score, or None."""
    if rating is None:
        return None
    if "level" in rating:
        return rating["level"]
    if "score" in rating:
        return float(rating["score"])
    # The two-question rule (three-level scales only): its level code in this framework.
    from ._renxing import rate

    level, _ = rate(bool(rating["coped"]), bool(rating["developed"]))
    return framework.levels[level.code - 1]


def to_dataframe(
    assessments: Iterable[Assessment], framework: Framework | None = None
) -> "pandas.DataFrame":
    """Many assessments as one DataFrame: one row per assessment; columns ``id``, ``name``,
    ``mode``, ``phase``, ``date`` (ids and ISO text, None when absent) and one column per
    dimension id holding the level id (a float for a rating by 0–100 score, the resulting level
    for the two-question rule, None when not rated). Evidence, raters, notes and metadata are
    not carried (use JSON files for a lossless copy)."""
    pd = _pandas()
    items = list(assessments)
    if framework is None:
        framework = items[0].framework if items else Framework.paper()
    dims = framework.dimensions
    rows = []
    for a in items:
        if not isinstance(a, Assessment):
            raise TypeError(f"expected renxing.Assessment items, found {type(a).__name__}")
        ratings = a.ratings
        row: dict[str, Any] = {
            "id": a.id,
            "name": a.name,
            "mode": a.mode.id if a.mode is not None else None,
            "phase": a.phase.id if a.phase is not None else None,
            "date": a.date,
        }
        for d in dims:
            row[d] = _cell(ratings.get(d), framework)
        rows.append(row)
    return pd.DataFrame(rows, columns=[*META_COLUMNS, *dims])


def _text(v: Any) -> Any:
    if _missing(v):
        return None
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, (int,)) and not isinstance(v, bool):
        return str(v)
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return _text(v.item())
    return v


def _rating(v: Any, levels: list[str]) -> Any:
    if _missing(v):
        return None
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        v = v.item()
    if isinstance(v, str):
        text = v.strip()
        if text not in levels:
            # A CSV column mixing levels and scores is read as text: "85" is a score.
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                return {"score": number}
        return {"level": text}
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return {"score": float(v)}
    return v  # a dict in the file form, or a wrong type the core reports


def _reraise(e: RenxingError, index: int, ident: Any) -> RenxingError:
    prefix = f"rows[{index}]"
    new = type(e)(f"{prefix} (id {ident!r}): {e}")
    new.code = e.code
    new.path = f"{prefix}.{e.path}" if e.path else prefix
    new.issues = [
        {**i, "path": f"{prefix}.{i['path']}" if i["path"] else prefix} for i in e.issues
    ]
    return new


def from_dataframe(
    df: "pandas.DataFrame", framework: Framework | None = None
) -> list[Assessment]:
    """Assessments from a DataFrame laid out as :func:`to_dataframe` writes it. A cell holds a
    level id (str), a 0–100 score (a number, or text such as ``"85"`` that is not a level id)
    or nothing (None/NaN: not rated). Every row is
    validated by the core; the first invalid row raises its error with paths prefixed by
    ``rows[i].``. A column that is neither a meta column nor a dimension id raises
    :class:`AssessmentError` (a typo would otherwise be lost)."""
    _pandas()
    fw = framework if framework is not None else Framework.paper()
    dims = fw.dimensions
    levels = fw.levels
    unknown = [c for c in df.columns if c not in META_COLUMNS and c not in dims]
    if unknown:
        from ._renxing import AssessmentError

        err = AssessmentError(
            f"columns {unknown!r} are neither {list(META_COLUMNS)} nor dimensions of "
            f"{fw.id!r} ({', '.join(dims)})"
        )
        err.code = "assessment_invalid"
        err.path = f"columns.{unknown[0]}"
        err.issues = [
            {"path": f"columns.{c}", "code": "unknown_field", "message": f"unknown column {c!r}"}
            for c in unknown
        ]
        raise err
    out = []
    for index, record in enumerate(df.to_dict(orient="records")):
        data: dict[str, Any] = {"schema_version": 1, "framework": fw.id}
        for key in META_COLUMNS:
            if key in record:
                value = _text(record[key])
                if value is not None:
                    data[key] = value
        data["ratings"] = {d: _rating(record[d], levels) for d in dims if d in record}
        try:
            out.append(Assessment.from_dict(data, fw))
        except RenxingError as e:
            raise _reraise(e, index, data.get("id")) from e
    return out


def read_csv(
    path: "str | os.PathLike[str]", framework: Framework | None = None, **kwargs: Any
) -> list[Assessment]:
    """Assessments from a CSV file laid out as :func:`to_dataframe` writes it (extra keyword
    arguments go to ``pandas.read_csv``)."""
    pd = _pandas()
    kwargs.setdefault("dtype", {"id": str, "name": str, "date": str})
    kwargs.setdefault("keep_default_na", True)
    return from_dataframe(pd.read_csv(path, **kwargs), framework)


def comparison_frame(comparison: "Comparison") -> "pandas.DataFrame":
    """The comparison table (see :meth:`Comparison.to_dataframe`)."""
    pd = _pandas()
    rows = {r["id"]: r for r in comparison.rows}
    cards = {c.assessment: c for c in comparison.scorecards}
    records = []
    for entry in comparison.ranking:
        r = rows[entry["id"]]
        card = cards[entry["id"]]
        rec: dict[str, Any] = {
            "id": r["id"],
            "name": r["name"],
            "mode": r.get("mode"),
            "rank": entry["rank"],
            "tied": entry["tied"],
            "overall_level": card.overall_level,
            "overall_score": card.overall_score,
        }
        rec.update(card.columns)
        for d in card.dimensions:
            grade = d["grade"]
            rec[d["id"]] = grade["level"] if grade else None
        records.append(rec)
    frame = pd.DataFrame(records)
    if len(frame):
        frame = frame.set_index("id")
    return frame
