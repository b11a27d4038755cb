"""pandas interchange: many assessments ⇄ one DataFrame, and the comparison table.

pandas is optional: these functions import it when called and raise ``ImportError`` with an
install hint when it is missing. Validation and scoring are the core's; this module moves values
between DataFrame cells and the assessment file form.

Still to move into the core (issue 8 item 7): the table reader and writer (``read_table`` /
``write_table``), which will keep two-question answers as answers, read long tables and labels in
any language, and locate errors by row themselves; these functions will then only convert.
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Union

from . import _ops
from ._assessment import Assessment
from ._renxing import Framework, RenxingError, TableError, get_lang

if TYPE_CHECKING:  # pragma: no cover
    import os

    import pandas  # type: ignore[import-untyped, unused-ignore]

    from ._types import Comparison, FrameworkArg
    from ._types import Framework as FrameworkDict

    FrameworkLike = Union[FrameworkArg, Framework]

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


def _framework(framework: FrameworkLike | None) -> FrameworkDict:
    """The framework's data (the paper's by default)."""
    if framework is None:
        return _ops.framework_paper()
    if isinstance(framework, Framework):
        return framework.to_dict()
    return _ops.validate_framework(framework)


def _ids(items: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(x["id"]) for x in items]


_PAPER_LEVELS = ("low", "medium", "high")


def _cell(rating: Any, levels: list[str]) -> Any:
    """A rating (file form) as a cell: a level id, a score, or None."""
    if rating is None:
        return None
    if "level" in rating:
        return rating["level"]
    if "score" in rating:
        return float(rating["score"])
    # The two-question rule (three-level scales): the level of the same rank in this framework.
    outcome = _ops.rate(bool(rating["coped"]), bool(rating["developed"]))
    return levels[_PAPER_LEVELS.index(outcome["level"])]


def to_dataframe(
    assessments: Iterable[Mapping[str, Any]], framework: FrameworkLike | None = None
) -> "pandas.DataFrame":
    """Many assessments as one DataFrame: one row per assessment; columns ``id``, ``name``,
    ``mode``, ``phase``, ``date`` (ids and ISO text, None when absent) and one column per
    dimension id holding the level id (a float for a rating by 0–100 score, the resulting level
    for the two-question rule, None when not rated). Evidence, raters, notes and metadata are
    not carried (use JSON files for a lossless copy)."""
    pd = _pandas()
    fw = _framework(framework)
    dims = _ids(fw["dimensions"])
    levels = _ids(fw.get("levels", []))
    rows = []
    for a in assessments:
        if not isinstance(a, Mapping):
            raise TypeError(f"expected assessments (dicts), found {type(a).__name__}")
        ratings = a.get("ratings", {})
        row: dict[str, Any] = {k: a.get(k) for k in META_COLUMNS}
        for d in dims:
            row[d] = _cell(ratings.get(d), levels)
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


def _in_row(e: RenxingError, index: int) -> RenxingError:
    """The same error located in row ``index`` of the table (instead of the request's
    ``assessment``)."""

    def move(path: list[str | int]) -> list[str | int]:
        rest = path[1:] if path[:1] == ["assessment"] else path
        return ["rows", index, *rest]

    new = type(e)(str(e))
    new.code = e.code
    new.path = move(e.path or [])
    new.issues = [{**i, "path": move(i["path"])} for i in e.issues]
    return new


def from_dataframe(
    df: "pandas.DataFrame", framework: FrameworkLike | None = None
) -> list[Assessment]:
    """Assessments from a DataFrame laid out as :func:`to_dataframe` writes it. A cell holds a
    level id (str), a 0–100 score (a number, or text such as ``"85"`` that is not a level id)
    or nothing (None/NaN: not rated). Every row is validated by the core; the first invalid row
    raises its error with its path under ``["rows", i]``. A column that is neither a meta column
    nor a dimension id raises :class:`TableError` (a typo would otherwise be lost)."""
    _pandas()
    fw = _framework(framework)
    dims = _ids(fw["dimensions"])
    levels = _ids(fw.get("levels", []))
    unknown = [str(c) for c in df.columns if c not in META_COLUMNS and c not in dims]
    if unknown:
        zh = f"列 {unknown!r} 既不是 {list(META_COLUMNS)} 也不是 {fw['id']!r} 的维度({', '.join(dims)})"
        en = (
            f"columns {unknown!r} are neither {list(META_COLUMNS)} nor dimensions of "
            f"{fw['id']!r} ({', '.join(dims)})"
        )
        err = TableError(zh if get_lang() == "zh" else en)
        err.code = "table_invalid"
        err.path = ["columns", unknown[0]]
        err.issues = [
            {"path": ["columns", c], "code": "unknown_field", "message": f"unknown column {c!r}"}
            for c in unknown
        ]
        raise err
    compiled = framework if framework is None or isinstance(framework, Framework) else Framework(framework)
    out = []
    for index, record in enumerate(df.to_dict(orient="records")):
        data: dict[str, Any] = {"schema_version": 1, "framework": fw["id"]}
        for key in META_COLUMNS:
            if key in record:
                value = _text(record[key])
                if value is not None:
                    data[key] = value
        data["ratings"] = {d: _rating(record[d], levels) for d in dims if d in record}
        try:
            out.append(Assessment(data, framework=compiled))
        except RenxingError as e:
            raise _in_row(e, index) from e
    return out


def read_csv(
    path: "str | os.PathLike[str]", framework: FrameworkLike | None = None, **kwargs: Any
) -> list[Assessment]:
    """Assessments from a CSV file laid out as :func:`to_dataframe` writes it (extra keyword
    arguments go to ``pandas.read_csv``)."""
    pd = _pandas()
    kwargs.setdefault("dtype", {"id": str, "name": str, "date": str})
    kwargs.setdefault("keep_default_na", True)
    return from_dataframe(pd.read_csv(path, **kwargs), framework)


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
