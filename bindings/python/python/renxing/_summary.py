"""Diagnosis summaries as DataFrames (issue 15): conversion only.

The summary itself is the core's (the ``diagnosis_summary`` operation, its numpy path
``diagnosis_summary_array``, or ``renxing.dask.diagnosis_summary`` over a cluster: the same
dict); :func:`summary_frames` lays its counts, shares and means out as pandas DataFrames.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, NamedTuple

from ._pandas import _pandas

if TYPE_CHECKING:  # pragma: no cover
    import pandas  # type: ignore[import-untyped, unused-ignore]

    from ._types import DiagnosisSummary


class SummaryFrames(NamedTuple):
    """What :func:`summary_frames` returns."""

    levels: "pandas.DataFrame"
    """One row per ``(scope, id)`` — ``("overall", "overall")``, each attribute, each dimension —
    with the units at each level (columns named by level id), ``unrated``, and their shares
    (``share_<level>``, ``share_unrated``)."""
    deficits: "pandas.DataFrame"
    """One row per attribute and dimension deficit: ``kind``, ``id``, ``attribute``,
    ``label_<lang>``, ``units``, ``share``, ``mean_gap``, ``mean_severity``."""
    remedies: "pandas.DataFrame"
    """One row per remedy: ``id``, ``title_<lang>``, ``source``, ``units``, ``share``,
    ``top_k``, ``top_k_share``, ``mean_priority``."""
    cases: "pandas.DataFrame"
    """One row per reference case: ``case``, ``name``, ``mode``, ``units``, ``share``."""
    modes: "pandas.DataFrame"
    """One row per governance mode: ``mode``, ``units``, ``share``."""
    result: "DiagnosisSummary"
    """The summary itself (counts, the spec it was made with)."""


def _labels(prefix: str, labels: Mapping[str, str]) -> dict[str, Any]:
    return {f"{prefix}_{k}": v for k, v in labels.items()}


def summary_frames(summary: "DiagnosisSummary") -> SummaryFrames:
    """The DataFrames of a diagnosis summary (``renxing.diagnosis_summary(...)``,
    ``renxing.diagnosis_summary_array(...)`` or ``renxing.dask.diagnosis_summary(...)``)."""
    pd = _pandas()
    level_ids = [lv["id"] for lv in summary["levels"]]

    def level_row(scope: str, id_: str, c: Mapping[str, Any]) -> dict[str, Any]:
        row: dict[str, Any] = {"scope": scope, "id": id_}
        row.update(zip(level_ids, c["counts"]))
        row["unrated"] = c["unrated"]
        row.update({f"share_{lv}": s for lv, s in zip(level_ids, c["shares"])})
        row["share_unrated"] = c["unrated_share"]
        return row

    rows = [level_row("overall", "overall", summary["overall"])]
    rows += [level_row("attribute", a["id"], a["levels"]) for a in summary["attributes"]]
    rows += [level_row("dimension", d["id"], d["levels"]) for d in summary["dimensions"]]
    levels = pd.DataFrame(rows).set_index(["scope", "id"])

    deficits = pd.DataFrame(
        [
            {
                "kind": d["kind"],
                "id": d["id"],
                "attribute": d["attribute"],
                **_labels("label", d["labels"]),
                "units": d["units"],
                "share": d["share"],
                "mean_gap": d["mean_gap"],
                "mean_severity": d["mean_severity"],
            }
            for d in [*summary["attribute_deficits"], *summary["dimension_deficits"]]
        ]
    )
    remedies = pd.DataFrame(
        [
            {
                "id": r["id"],
                **_labels("title", r["title"]),
                "source": r["source"],
                "units": r["units"],
                "share": r["share"],
                "top_k": r["top_k"],
                "top_k_share": r["top_k_share"],
                "mean_priority": r["mean_priority"],
            }
            for r in summary["remedies"]
        ],
        columns=None if summary["remedies"] else ["id", "units", "share", "top_k"],
    )
    cases = pd.DataFrame(
        [dict(c) for c in summary["nearest_cases"]],
        columns=["case", "name", "mode", "units", "share"],
    )
    modes = pd.DataFrame(
        [dict(m) for m in summary["modes"]], columns=["mode", "units", "share"]
    )
    return SummaryFrames(levels, deficits, remedies, cases, modes, summary)
