"""Several coders from a long DataFrame (issue 9): agreement, disagreements and the consensus
scorecard as DataFrames.

Conversion only: the sheet is read by the core's ``read_table`` (a long table whose rows of one
dimension by different raters are that dimension's codings), and everything else is the
``agree`` operation; this module turns its response into DataFrames.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, Union

from . import _ops
from ._pandas import _cell, _pandas

if TYPE_CHECKING:  # pragma: no cover
    import pandas  # type: ignore[import-untyped, unused-ignore]

    from ._renxing import Framework
    from ._types import AgreeResponse, ConsensusOptions, FrameworkArg

    FrameworkLike = Union[FrameworkArg, Framework]


class AgreementFrames(NamedTuple):
    """What :func:`agree_dataframe` returns."""

    agreement: "pandas.DataFrame"
    """One row per group (``"all"``, then each dimension) × measure: ``value``, α's interval
    ``lower``/``upper`` and ``p_below_<minimum>``, or the ``skipped`` reason."""
    disagreements: "pandas.DataFrame"
    """One row per community × dimension where the coders differ: each coder's level and
    evidence side by side, and the ``spread``."""
    scorecard: "pandas.DataFrame"
    """One row per community × dimension (empty without a consensus rule): each coder's level,
    the consensus ``level`` and ``score``, ``spread`` and ``contested``."""
    result: "AgreeResponse"
    """The ``agree`` operation's whole response (the spec with its defaults, the codings, the
    resolved assessments)."""


def _rule(consensus: "str | ConsensusOptions | None", contested_above: float) -> Any:
    if consensus is None or isinstance(consensus, dict):
        return consensus
    if consensus.startswith("adjudicator:"):
        return {
            "rule": {"rule": "adjudicator", "coder": consensus.split(":", 1)[1]},
            "contested_above": contested_above,
        }
    if consensus in ("mode-higher", "mode-error"):
        ties = consensus.split("-", 1)[1]
        return {"rule": {"rule": "mode", "ties": ties}, "contested_above": contested_above}
    return {"rule": {"rule": consensus}, "contested_above": contested_above}


def agree_dataframe(
    df: "pandas.DataFrame",
    *,
    consensus: "str | ConsensusOptions | None" = "median",
    contested_above: float = 1.0,
    draws: int = 1000,
    seed: int = 0,
    more_than: float = 0.0,
    framework: "FrameworkLike | None" = None,
) -> AgreementFrames:
    """Inter-rater agreement of a long sheet with a rater column (``community``/``id``,
    ``dimension``, ``rater``, ``level`` or ``score``, ``evidence``; headers and values in ids
    or in zh/en labels: 编号, 维度, 评定人, 等级, 证据, 高/中/低).

    ``consensus``: ``"median"`` (default), ``"mode"``, ``"mode-higher"``, ``"mode-error"``,
    ``"minimum"``, ``"adjudicator:NAME"``, a ``ConsensusOptions`` dict, or ``None`` for no
    scorecard. α's bootstrap uses ``draws`` and ``seed`` (ChaCha20: the same numbers in Rust,
    Python and JavaScript); ``draws=0`` gives no interval.
    """
    pd = _pandas()
    rows = [
        {str(k): _cell(v) for k, v in record.items()}
        for record in df.to_dict(orient="records")
    ]
    # a community column is the table reader's id
    rows = [{("id" if k in ("community", "社区") else k): v for k, v in r.items()} for r in rows]
    table = _ops.read_table(rows=rows, layout="long", framework=framework)
    alpha: dict[str, Any] = {}
    if draws > 0:
        alpha["bootstrap"] = {"draws": draws, "seed": seed}
    spec: Any = {"alpha": alpha}
    res = _ops.agree(
        table["assessments"],
        agreement=spec,
        disagreements={"more_than": more_than},
        consensus=_rule(consensus, contested_above),
        framework=framework,
    )

    records: list[dict[str, Any]] = []
    ag = res["agreement"]
    for g in [ag["overall"], *ag["groups"]]:
        group = g.get("group") or "all"
        for m in g["results"]:
            mv: dict[str, Any] = dict(m)
            rec: dict[str, Any] = {"group": group, "measure": mv["measure"]}
            for key in ("alpha", "kappa", "ac1", "agreement"):
                if key in mv:
                    rec["value"] = mv[key]
                    break
            boot = mv.get("bootstrap")
            if boot:
                rec["lower"] = boot["interval"]["lower"]
                rec["upper"] = boot["interval"]["upper"]
                for b in boot["below_minimum"]:
                    rec[f"p_below_{b['minimum']}"] = b["probability"]
            rec["n_units"] = mv.get("n_units")
            records.append(rec)
        for s in g["skipped"]:
            err: dict[str, Any] = dict(s["error"])
            records.append({"group": group, "measure": s["measure"], "skipped": err.get("code")})
    agreement = pd.DataFrame(records)

    coders = res["disagreements"]["coders"]

    def split_unit(unit: str) -> tuple[str, str]:
        community, _, dim = unit.rpartition("/")
        return community, dim

    drecs: list[dict[str, Any]] = []
    for row in res["disagreements"]["rows"]:
        community, dim = split_unit(row["unit"])
        rec = {"community": community, "dimension": dim}
        for cv in row["codings"]:
            rec[cv["coder"]] = cv.get("label") if cv.get("label") is not None else cv.get("value")
            rec[f"{cv['coder']}.evidence"] = cv.get("evidence")
        rec["spread"] = row["spread"]
        drecs.append(rec)
    disagreements = pd.DataFrame(
        drecs,
        columns=["community", "dimension"]
        + [x for c in coders for x in (c, f"{c}.evidence")]
        + ["spread"],
    )

    srecs: list[dict[str, Any]] = []
    for c in res["consensus"]:
        ratings: dict[str, Any] = dict(c["assessment"]["ratings"])
        for d in c["scorecard"]["dimensions"]:
            grade = d.get("grade")
            rec = {"community": c["community"], "dimension": d["id"]}
            for coding in (ratings.get(d["id"]) or {}).get("codings", []):
                if "level" in coding:
                    rec[coding["rater"]] = coding["level"]
                elif "score" in coding:
                    rec[coding["rater"]] = coding["score"]
                else:
                    rec[coding["rater"]] = f"coped={coding['coped']}, developed={coding['developed']}"
            rec["level"] = grade["level"] if grade else None
            rec["score"] = grade["score"] if grade else None
            rec["spread"] = d.get("spread")
            rec["contested"] = bool(d.get("contested", False))
            srecs.append(rec)
    scorecard = pd.DataFrame(srecs)
    return AgreementFrames(agreement, disagreements, scorecard, res)
