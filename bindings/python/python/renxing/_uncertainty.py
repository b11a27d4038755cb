"""Uncertainty and sensitivity results as pandas DataFrames and numpy arrays.

Conversion only: the analyses are the core's (the ``uncertainty``, ``sensitivity`` and
``robustness`` operations). Each function takes the operation's result (or a ``robustness``
response, whose ``uncertainty`` / ``sensitivity`` part it reads) and reshapes numbers that are
already there; nothing is computed.
"""

from __future__ import annotations

from typing import Any, Mapping

from ._pandas import _pandas


def _part(result: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """The uncertainty or sensitivity part of a robustness response, else the result itself."""
    if key in result and isinstance(result[key], Mapping) and "units" in result[key]:
        return result[key]  # type: ignore[no-any-return]
    if key in result and result[key] is None:
        raise ValueError(f"the response holds no {key} analysis (ask for one in the request)")
    return result


def rank_dataframe(result: Mapping[str, Any]) -> Any:
    """One row per unit (indexed by unit id): nominal rank and score, the rank distribution
    (``rank_mean``, ``rank_sd``, ``rank_p5``, ``rank_median``, ``rank_p95``), the mean and mean
    absolute rank shift, the score distribution (``score_…``) and ``P(level)`` per level."""
    pd = _pandas()
    u = _part(result, "uncertainty")
    rows = []
    for s in u["unit_stats"]:
        row: dict[str, Any] = {
            "unit": s["id"],
            "nominal_rank": s["nominal_rank"],
            "nominal_score": s["nominal_score"],
        }
        for part in ("rank", "score"):
            for k in ("mean", "sd", "p5", "median", "p95"):
                row[f"{part}_{k}"] = s[part][k]
        row["mean_rank_shift"] = s["mean_rank_shift"]
        row["mean_abs_rank_shift"] = s["mean_abs_rank_shift"]
        for level, p in zip(u["levels"], s["level_probabilities"]):
            row[f"P({level})"] = p
        rows.append(row)
    return pd.DataFrame(rows).set_index("unit")


def pairwise_dataframe(result: Mapping[str, Any]) -> Any:
    """Units × units: the probability that the row unit ranks strictly above the column unit."""
    pd = _pandas()
    u = _part(result, "uncertainty")
    pw = u.get("pairwise")
    if pw is None:
        raise ValueError("the result holds no pairwise probabilities (request pairwise: true)")
    n = len(pw["units"])
    p = pw["p"]
    return pd.DataFrame(
        [p[a * n : (a + 1) * n] for a in range(n)], index=pw["units"], columns=pw["units"]
    )


def sobol_dataframe(result: Mapping[str, Any]) -> Any:
    """One row per (output, factor): ``S1``, ``S1_lo``, ``S1_hi``, ``ST``, ``ST_lo``, ``ST_hi``
    (bootstrap percentile intervals; NaN without bootstrap), outputs the mean absolute rank
    shift then each unit's rank."""
    pd = _pandas()
    s = _part(result, "sensitivity")
    labels = [f["label"] for f in s["factors"]]
    rows = []
    for out in [s["mean_abs_rank_shift"], *s["ranks"]]:
        ix = out["indices"]
        for i, label in enumerate(labels):
            c1 = ix["first_order_ci"][i] if ix["first_order_ci"] else [float("nan")] * 2
            ct = ix["total_ci"][i] if ix["total_ci"] else [float("nan")] * 2
            rows.append(
                {
                    "output": out["output"],
                    "factor": label,
                    "S1": ix["first_order"][i],
                    "S1_lo": c1[0],
                    "S1_hi": c1[1],
                    "ST": ix["total"][i],
                    "ST_lo": ct[0],
                    "ST_hi": ct[1],
                }
            )
    return pd.DataFrame(rows).set_index(["output", "factor"])


def raw_runs(result: Mapping[str, Any]) -> dict[str, Any]:
    """The runs kept with ``keep_runs: true`` as numpy arrays of shape (runs, units):
    ``scores`` (float64), ``ranks`` (uint32), ``levels`` (uint32, when banded); for a
    sensitivity result ``ranks`` and ``mean_abs_rank_shift`` (runs,) in SALib's order."""
    import numpy as np

    if "sensitivity" in result and "uncertainty" not in result:
        result = _part(result, "sensitivity")
    if "raw" in result:  # a sensitivity result
        raw = result["raw"]
        if raw is None:
            raise ValueError("the result holds no runs (request keep_runs: true)")
        n = len(result["units"])
        return {
            "ranks": np.asarray(raw["ranks"], dtype=np.uint32).reshape(-1, n),
            "mean_abs_rank_shift": np.asarray(raw["mean_abs_rank_shift"], dtype=np.float64),
        }
    u = _part(result, "uncertainty")
    raw = u.get("runs")
    if raw is None:
        raise ValueError("the result holds no runs (request keep_runs: true)")
    n = len(u["units"])
    out = {
        "scores": np.asarray(raw["scores"], dtype=np.float64).reshape(-1, n),
        "ranks": np.asarray(raw["ranks"], dtype=np.uint32).reshape(-1, n),
    }
    if raw.get("levels") is not None:
        out["levels"] = np.asarray(raw["levels"], dtype=np.uint32).reshape(-1, n)
    return out
