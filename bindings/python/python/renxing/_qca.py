"""QCA from pandas: a DataFrame of cases × conditions plus an outcome in, the truth table and the
solutions as DataFrames out.

Conversion only: the analysis is the core's (the ``qca`` operation: calibration, truth table,
exact minimisation, labelled formulas). ``qca_dataframe`` turns the frame into the operation's
``table`` (case ids from a column or the index, numpy scalars to Python numbers) and reshapes the
response; nothing is computed here.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Sequence

from . import _ops
from ._pandas import _cell, _pandas


class QcaFrames(NamedTuple):
    """The ``qca`` response and its tables as DataFrames."""

    result: dict[str, Any]
    """The operation's response as it is (truth table, minimisation, labelled models, text)."""
    truth_table: Any
    """One row per observed configuration (indexed by R's row id): the conditions, ``OUT``,
    ``n``, ``incl``, ``PRI``, ``cases``."""
    solutions: Any
    """One row per term of every model: ``solution`` (conservative, parsimonious,
    intermediate), ``pair``, ``model`` (1 = R's M1), ``term``, ``inclS``, ``PRI``, ``covS``,
    ``covU``, ``cases``; and per model a row with ``term`` ``"(model)"`` holding the model's fit."""
    models: Any
    """One row per model: ``solution``, ``pair``, ``model``, ``formula`` (R's notation), ``zh``,
    ``en`` (with the labels), ``inclS``, ``PRI``, ``covS``."""


def qca_table(
    df: Any,
    outcome: str,
    conditions: Sequence[str] | None = None,
    cases: str | None = None,
) -> dict[str, Any]:
    """The ``qca`` operation's ``table`` from a DataFrame: ``outcome`` the outcome column,
    ``conditions`` the condition columns (default: every other column except ``cases``),
    ``cases`` the column of case ids (default: the index, as text)."""
    if outcome not in df.columns:
        raise KeyError(f"outcome column {outcome!r} is not in the DataFrame")
    skip = {outcome} | ({cases} if cases is not None else set())
    conds = list(conditions) if conditions is not None else [c for c in df.columns if c not in skip]
    ids = [str(_cell(v)) for v in (df[cases] if cases is not None else df.index)]
    values: list[Any] = []
    for row in df[conds].itertuples(index=False):
        values.extend(_cell(v) for v in row)
    return {
        "cases": ids,
        "conditions": [str(c) for c in conds],
        "outcome": str(outcome),
        "values": values,
        "outcome_values": [_cell(v) for v in df[outcome]],
    }


def _f(v: Any) -> float:
    return float("nan") if v is None else float(v)


def truth_table_dataframe(result: Mapping[str, Any]) -> Any:
    """The truth table of a ``qca`` response (its observed rows), indexed by R's row id."""
    pd = _pandas()
    tt = result["truth_table"]
    names = [c["name"] for c in tt["conditions"]]
    rows = []
    for r in tt["rows"]:
        row: dict[str, Any] = {"row": r["id"]}
        row.update(dict(zip(names, r["values"])))
        row.update(
            {
                "OUT": r["outcome"],
                "n": r["n"],
                "incl": _f(r["inclusion"]),
                "PRI": _f(r["pri"]),
                "cases": ",".join(r["cases"]),
            }
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=["row", *names, "OUT", "n", "incl", "PRI", "cases"]).set_index(
        "row"
    )


def _sets(result: Mapping[str, Any]) -> list[tuple[str, int, Mapping[str, Any]]]:
    m = result["minimization"]
    out: list[tuple[str, int, Mapping[str, Any]]] = []
    if m.get("conservative") is not None:
        out.append(("conservative", 0, m["conservative"]))
    if m.get("parsimonious") is not None:
        out.append(("parsimonious", 0, m["parsimonious"]))
    for i, s in enumerate(m.get("intermediate", [])):
        out.append(("intermediate", i, s["solutions"]))
    return out


def solutions_dataframe(result: Mapping[str, Any]) -> Any:
    """Every term of every model of a ``qca`` response with its fit (R's inclS, PRI, covS, covU)
    and cases; a ``"(model)"`` row per model holds the model's fit."""
    pd = _pandas()
    rows = []
    for kind, pair, s in _sets(result):
        for mi, model in enumerate(s["solutions"], start=1):
            for tf in model["term_fits"]:
                rows.append(
                    {
                        "solution": kind,
                        "pair": pair,
                        "model": mi,
                        "term": tf["expression"],
                        "inclS": _f(tf["inclusion"]),
                        "PRI": _f(tf["pri"]),
                        "covS": _f(tf["coverage"]),
                        "covU": _f(tf["unique_coverage"]),
                        "cases": "; ".join(",".join(g) for g in tf["cases"]),
                    }
                )
            fit = model["fit"]
            rows.append(
                {
                    "solution": kind,
                    "pair": pair,
                    "model": mi,
                    "term": "(model)",
                    "inclS": _f(fit["inclusion"]),
                    "PRI": _f(fit["pri"]),
                    "covS": _f(fit["coverage"]),
                    "covU": float("nan"),
                    "cases": "",
                }
            )
    cols = ["solution", "pair", "model", "term", "inclS", "PRI", "covS", "covU", "cases"]
    return pd.DataFrame(rows, columns=cols)


def models_dataframe(result: Mapping[str, Any]) -> Any:
    """One row per model of a ``qca`` response: the formula in R's notation and with the labels
    in zh and en, and the model's inclS, PRI and covS."""
    pd = _pandas()
    rows = [
        {
            "solution": m["kind"],
            "pair": m["pair"],
            "model": m["model"] + 1,
            "formula": m["formula"],
            "zh": m["zh"],
            "en": m["en"],
            "inclS": _f(m["fit"]["inclusion"]),
            "PRI": _f(m["fit"]["pri"]),
            "covS": _f(m["fit"]["coverage"]),
        }
        for m in result["models"]
    ]
    cols = ["solution", "pair", "model", "formula", "zh", "en", "inclS", "PRI", "covS"]
    return pd.DataFrame(rows, columns=cols)


def frames(result: Mapping[str, Any]) -> QcaFrames:
    """The DataFrames of a ``qca`` response (from a table or from assessments)."""
    return QcaFrames(
        dict(result),
        truth_table_dataframe(result),
        solutions_dataframe(result),
        models_dataframe(result),
    )


def qca_dataframe(
    df: Any,
    outcome: str,
    conditions: Sequence[str] | None = None,
    cases: str | None = None,
    **request: Any,
) -> QcaFrames:
    """Runs the ``qca`` operation on a DataFrame (cases × conditions plus the outcome column; raw
    values with ``calibration=…``, else memberships) and returns the response with its truth table,
    solutions and models as DataFrames. Other keywords are the operation's (``truth_table``,
    ``minimize``, ``dir_exp``, ``labels``, ``calibration``).

    >>> import pandas as pd, renxing
    >>> df = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 1, 0, 0]},
    ...                   index=["c1", "c2", "c3", "c4"])
    >>> f = renxing.qca_dataframe(df, "Y")
    >>> f.models.loc[0, "formula"]
    'A -> Y'
    """
    table = qca_table(df, outcome, conditions, cases)
    return frames(_ops.qca(table=table, **request))  # type: ignore[arg-type, unused-ignore]
