"""renxing on Dask (``pip install renxing[dask]``): scoring and the indicator pipeline over a
Dask DataFrame, partition by partition, with the core doing the work inside every task (the
GIL released).

Conversion and orchestration only, with Dask's own APIs (``map_partitions``, ``to_delayed``
and ``dask.delayed`` tree reductions); the statistics and their merge are the core's
(operations ``indicators_plan``, ``indicators_partial``, ``indicators_merge``,
``indicators_apply``, ``indicators_finish``; design and limits in docs/scale.md):

* :func:`score` — ``score_batch`` per partition (row-local: one ``map_partitions``).
* :func:`uncertainty`, :func:`uncertainty_array` — the ``uncertainty`` operation in tasks of
  runs of a block (each block's stream from (seed, block)) whose outputs are cut into numpy
  slabs by unit range, then one task per unit range taking only its slabs, then the assembly:
  the same result as in memory with the same seed, bit for bit, whatever the split.
* :func:`sensitivity` — Sobol indices: the Saltelli runs in tasks of base samples, the indices
  estimated on the client by the core from the gathered runs (identical to in memory).
* :func:`agreement` — Krippendorff's α (overall and per group) from per-partition partials
  merged by the core (``agreement_partial``, ``agreement_merge``, ``agreement_finish``).
* :func:`diagnosis_summary` — the summary of every unit's diagnosis from a DataFrame of level
  codes: each partition's histogram of distinct code rows (``diagnosis_summary_partial``, at
  most 65,536 counts for the paper's framework), tree-merged by adding counts
  (``diagnosis_summary_merge``), each distinct row diagnosed once on the client
  (``diagnosis_summary_finish``): the same dict, bit for bit, as the in-memory
  ``renxing.diagnosis_summary_array`` whatever the partitioning.
* :func:`indicators` — the pipeline: for each stage of the core's plan, every partition's
  partial statistics, tree-merged in partition order by the core's merge; then the apply per
  partition; the per-unit results gathered and finished (ranks, quantile bands) by the core.
  The numbers equal the in-memory ``renxing.indicators_array`` to 1e-12, ranks identical.

Whatever the cluster (``distributed.LocalCluster``, dask-jobqueue, dask-kubernetes), the calls
are the same: the active Dask client runs them.
"""

from __future__ import annotations

import importlib
from typing import Any, Mapping, Sequence

import numpy as np

from . import _ops as _ops_module
from ._pandas import _pandas
from ._renxing import (
    Framework,
    agreement_partial_matrix,
    diagnosis_summary_partial_array,
    indicators_finish_array,
    indicators_partition_array,
    score_batch,
    uncertainty_header_array,
    uncertainty_slab_units_array,
    uncertainty_slabs_array,
)

# the operations, untyped here: requests and responses are passed through as dicts
_ops: Any = _ops_module

__all__ = [
    "score",
    "indicators",
    "uncertainty",
    "uncertainty_array",
    "sensitivity",
    "agreement",
    "diagnosis_summary",
    "DaskIndicators",
]


def _dask() -> Any:
    """The ``dask`` module (untyped here: Dask's own annotations are partial)."""
    try:
        return importlib.import_module("dask")
    except ImportError as e:  # pragma: no cover - the extra is not installed
        raise ImportError("renxing.dask needs Dask: pip install 'renxing[dask]'") from e


def score(
    ddf: Any,
    columns: Sequence[str] | None = None,
    *,
    framework: Any = None,
    options: Mapping[str, Any] | None = None,
    unrated: bool = False,
) -> Any:
    """Scores every row of a Dask DataFrame of level codes (one column per dimension, in the
    framework's order; 0 = unrated when ``unrated``): ``score_batch`` per partition.

    Returns a Dask DataFrame with the partition's index: ``overall_score``,
    ``overall_level`` (index into the framework's levels), ``rated`` and one ``score_<attribute>``
    and ``level_<attribute>`` per attribute.
    """
    pd = _pandas()
    cols = list(columns) if columns is not None else list(ddf.columns)
    opts = dict(options) if options is not None else None

    def part(df: Any) -> Any:
        arr = np.ascontiguousarray(df[cols].to_numpy(dtype=np.uint8))
        r = score_batch(arr, options=opts, framework=framework, unrated=unrated)  # type: ignore[arg-type]
        out = {
            "overall_score": r["overall_score"],
            "overall_level": r["overall_level"],
            "rated": r["rated"],
        }
        k = len(r["attributes"])
        a_s = np.asarray(r["attribute_score"]).reshape(len(df), k)
        a_l = np.asarray(r["attribute_level"]).reshape(len(df), k)
        for i, a in enumerate(r["attributes"]):
            out[f"score_{a}"] = a_s[:, i]
            out[f"level_{a}"] = a_l[:, i]
        return pd.DataFrame(out, index=df.index)

    meta = part(ddf._meta.astype({c: np.uint8 for c in cols}).head(0)) if len(cols) else None
    return ddf.map_partitions(part, meta=meta)


def _request(
    pipeline: Mapping[str, Any],
    indicators: Sequence[Mapping[str, Any]],
    hierarchy: Mapping[str, Any] | None,
    units: Sequence[str],
    stats: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    data: dict[str, Any] = {"units": list(units), "indicators": list(indicators)}
    if hierarchy is not None:
        data["hierarchy"] = dict(hierarchy)
    return {"pipeline": dict(pipeline), "data": data, "stats": list(stats)}


def _partition_data(
    df: Any, unit: str | None, base: dict[str, Any], groups: Mapping[str, str] | None
) -> tuple[list[str], dict[str, Any]]:
    """The partition's unit ids and its request ``data`` (with its rows' group labels)."""
    units = [str(u) for u in (df[unit] if unit else df.index)]
    data = dict(base["data"], units=units)
    if groups:
        data["unit_groups"] = {name: [str(v) for v in df[col]] for name, col in groups.items()}
    return units, data


def _partition_partial(
    df: Any,
    cols: list[str],
    unit: str | None,
    base: dict[str, Any],
    stats: list[Any],
    stage: int,
    groups: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    _, data = _partition_data(df, unit, base, groups)
    # the one copy of the partition: its columns as one float64 matrix
    arr = df[cols].to_numpy(dtype=np.float64)
    req = dict(base, stats=stats, data=data)
    out: dict[str, Any] = indicators_partition_array(arr, req, stage=stage)
    return out


def _partition_apply(
    df: Any,
    cols: list[str],
    unit: str | None,
    base: dict[str, Any],
    stats: list[Any],
    groups: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    units, data = _partition_data(df, unit, base, groups)
    arr = df[cols].to_numpy(dtype=np.float64)
    req = dict(base, stats=stats, data=data)
    out = indicators_partition_array(arr, req)
    # the units of the per-unit results: those an excluding check kept, else all
    kept = out.pop("kept", None)
    out["_units"] = units if kept is None else kept
    return out


def _merge(parts: Sequence[dict[str, Any]]) -> Any:
    return _ops.indicators_merge(partials=list(parts))


def _tree(delayed: Any, items: list[Any], split_every: int) -> Any:
    """A tree reduction in partition order (the core's merge is associative)."""
    while len(items) > 1:
        items = [
            delayed(_merge)(items[i : i + split_every]) for i in range(0, len(items), split_every)
        ]
    return items[0]


class DaskIndicators:
    """The result of :func:`indicators`: per-unit results (numpy, rows in the DataFrame's
    order), the global reports, and the merged statistics."""

    def __init__(
        self,
        units: list[str],
        parts: list[dict[str, Any]],
        finish: dict[str, Any],
        stats: list[dict[str, Any]],
        plan: dict[str, Any],
    ) -> None:
        self.units = units
        self.plan = plan
        self.stats = stats
        self.report = finish
        first = next((p for p in parts if p.get("rows", 0) > 0), parts[0])
        self.dimensions: list[str] = list(first.get("dimensions", []))
        self.attributes: list[str] = list(first.get("attributes", []))

        def cat(key: str, width: int | None = None) -> Any:
            xs = [p[key] for p in parts if p.get(key) is not None and p.get("rows", 0) > 0]
            if not xs:
                return None
            return np.concatenate([np.asarray(x) for x in xs])

        self.overall = cat("overall")
        self.dimension_values = cat("dimension_values")
        self.attribute_values = cat("attribute_values")
        tops = [p["topsis"] for p in parts if p.get("topsis") is not None and p["rows"] > 0]
        self.closeness = np.concatenate([t[2] for t in tops]) if tops else None
        self.d_plus = np.concatenate([t[0] for t in tops]) if tops else None
        self.d_minus = np.concatenate([t[1] for t in tops]) if tops else None
        obs = [p["obstacle"] for p in parts if p.get("obstacle") is not None and p["rows"] > 0]
        self.obstacle_dimensions = (
            np.concatenate([o["dimensions"]["values"] for o in obs]) if obs else None
        )
        self.top_indicators = np.concatenate([o["top_indicators"] for o in obs]) if obs else None
        self.top_degrees = np.concatenate([o["top_degrees"] for o in obs]) if obs else None
        # the check has every unit (also those an excluding check removed)
        checks = [p["check"] for p in parts if p.get("check") is not None]
        self.check_share = np.concatenate([c["share"] for c in checks]) if checks else None
        self.check_passed = np.concatenate([c["passed"] for c in checks]) if checks else None
        self.ranks = {
            (r["target"], r["id"]): np.asarray(r["ranks"]) for r in finish.get("ranks", [])
        }
        self.bands = {(b[0], b[1]): np.asarray(b[3]) for b in finish.get("bands", [])}
        self.weights = finish.get("weights", [])

    def __repr__(self) -> str:
        return f"DaskIndicators({len(self.units)} units, {len(self.plan['stages'])} statistics passes)"


def indicators(
    ddf: Any,
    pipeline: Mapping[str, Any],
    *,
    indicators: Sequence[Mapping[str, Any]],
    hierarchy: Mapping[str, Any] | None = None,
    unit: str | None = None,
    groups: Mapping[str, str] | None = None,
    split_every: int = 8,
) -> DaskIndicators:
    """Runs the composite-indicator pipeline on a Dask DataFrame (one column per indicator,
    named by the ids of ``indicators``; NaN = missing; units = the index, or the column
    ``unit``): the same numbers as ``renxing.indicators_array`` on the whole table.

    One Dask computation per statistics stage of the core's plan (partials per partition,
    tree-merged ``split_every`` at a time), one for the apply; the per-unit results come back
    to the client (a few numbers per unit) where the core ranks and bands them. A step that
    cannot run on partitions (see docs/scale.md) raises ``IndicatorError`` naming it. ``groups`` maps a grouping name (a group imputation's
    ``by``) to the DataFrame column holding each unit's label (compared as text). With an excluding check, ``units`` and the per-unit
    results are the units kept (the check's arrays have every unit) and
    ``report["excluded_indicators"]`` names the indicators removed.
    """
    dask = _dask()
    delayed = dask.delayed
    plan: dict[str, Any] = _ops.indicators_plan(pipeline=dict(pipeline))
    cols = [str(i["id"]) for i in indicators]
    base = _request(pipeline, indicators, hierarchy, [], [])
    parts = ddf.to_delayed()
    stats: list[dict[str, Any]] = []
    for k in range(len(plan["stages"])):
        ps = [delayed(_partition_partial)(p, cols, unit, base, stats, k, groups) for p in parts]
        (merged,) = dask.compute(_tree(delayed, ps, max(2, split_every)))
        stats.append(merged)
    applied = [delayed(_partition_apply)(p, cols, unit, base, stats, groups) for p in parts]
    (results,) = dask.compute(applied)
    units = [u for r in results for u in r.pop("_units")]
    res = DaskIndicators(units, results, {}, stats, plan)
    # the finish on the gathered columns, as arrays (more units than a JSON request holds)
    fin: dict[str, Any] = indicators_finish_array(
        {"pipeline": dict(pipeline), "data": dict(base["data"], values=[]), "stats": stats},
        units=units,
        dimensions=res.dimensions,
        attributes=res.attributes,
        overall=res.overall,
        dimension_values=res.dimension_values,
        attribute_values=res.attribute_values,
        closeness=res.closeness,
    )
    res.report = fin
    res.ranks = {(r["target"], r["id"]): np.asarray(r["ranks"]) for r in fin.get("ranks", [])}
    res.bands = {(b[0], b[1]): np.asarray(b[3]) for b in fin.get("bands", [])}
    res.weights = list(fin.get("weights", []))
    return res


def uncertainty(
    data: Mapping[str, Any],
    pipeline: Mapping[str, Any],
    uncertainty: Mapping[str, Any],
    *,
    unit_ranges: int = 4,
    runs_per_task: int = 256,
) -> dict[str, Any]:
    """The ``uncertainty`` operation on the active Dask client, its request's ``data`` as the
    operation takes it (units, indicators, row-major ``values`` with None for missing): the
    values become a units × indicators array and :func:`uncertainty_array` runs. The result
    equals ``renxing.ops.uncertainty(data=..., pipeline=..., uncertainty=...)`` bit for bit.
    ``keep_runs`` is refused (the raw runs stay on the workers)."""
    d = dict(data)
    n, m = len(d.get("units", [])), len(d.get("indicators", []))
    values = np.array(
        [np.nan if v is None else v for v in d.pop("values", [])], dtype=np.float64
    ).reshape(n, m)
    return uncertainty_array(
        values, pipeline, uncertainty, data=d, unit_ranges=unit_ranges, runs_per_task=runs_per_task
    )


def _slabs(arr: Any, req: dict[str, Any], block: int, r0: int, r1: int, cuts: list[int]) -> Any:
    return uncertainty_slabs_array(arr, dict(req, block=block, runs=[r0, r1], unit_cuts=cuts))


def _pick(slabs: Sequence[Any], i: int) -> Any:
    return slabs[i]


def _slab_units(
    header: dict[str, Any], spec: dict[str, Any], start: int, end: int, *slabs: Any
) -> Any:
    return uncertainty_slab_units_array(header, spec, list(slabs), start, end)


def uncertainty_array(
    array: Any,
    pipeline: Mapping[str, Any],
    uncertainty: Mapping[str, Any],
    *,
    data: Mapping[str, Any],
    unit_ranges: int = 4,
    runs_per_task: int = 256,
) -> dict[str, Any]:
    """The ``uncertainty`` operation on the active Dask client with the indicator values a
    units × indicators float64 array (NaN = missing; ``data`` the request's data without
    ``values``: ``indicators``, ``hierarchy``, and ``units`` — empty to name units by
    position, for more units than a JSON request holds).

    Tasks (the core does every step; docs/scale.md): the header on the client (factors, the
    nominal run, the number of blocks of 256 runs); one task per ``runs_per_task`` runs of a
    block (``uncertainty_slabs``: the block's draws from its own stream (seed, block), the runs
    evaluated, the outputs cut into ``unit_ranges`` slabs of units, numpy arrays); one task per
    range of units taking only its own slab of every run task (``uncertainty_slab_units``);
    the assembly on the client. The result equals the in-memory ``uncertainty`` bit for bit,
    whatever the split. With ``pairwise`` the ranges are one (the counts need whole runs)."""
    dask = _dask()
    delayed = dask.delayed
    arr = np.ascontiguousarray(array, dtype=np.float64)
    d = {k: v for k, v in dict(data).items() if k != "values"}
    d.setdefault("units", [])
    spec = dict(uncertainty)
    req = {"data": d, "pipeline": dict(pipeline), "uncertainty": spec}
    header: dict[str, Any] = uncertainty_header_array(arr, req)
    n = len(header["units"])
    runs = int(header["blocks"])
    total = int(spec.get("runs", 0))
    k = 1 if header.get("pairwise") else max(1, min(unit_ranges, n))
    cuts = [round(i * n / k) for i in range(k + 1)]
    step = max(1, min(256, runs_per_task))
    arr_d = delayed(arr, traverse=False)
    req_d = delayed(req, traverse=False)
    tasks = []
    for b in range(runs):
        in_block = min(256, total - 256 * b)
        for r0 in range(0, in_block, step):
            r1 = min(in_block, r0 + step)
            tasks.append(delayed(_slabs, pure=True)(arr_d, req_d, b, r0, r1, cuts))
    header_d = delayed(header, traverse=False)
    parts = [
        delayed(_slab_units, pure=True)(
            header_d, spec, cuts[i], cuts[i + 1], *[delayed(_pick)(t, i) for t in tasks]
        )
        for i in range(k)
    ]
    (done,) = dask.compute(parts)
    return dict(_ops.uncertainty_assemble(header=header, uncertainty=spec, parts=list(done)))


# --- agreement (Krippendorff's α over partitions) --------------------------------------------


def _agree_partial(
    df: Any,
    cols: list[str],
    group: str | None,
    scale: Any,
    framework: Any,
) -> Any:
    # the one copy of the partition: its coder columns as one units × coders float64 matrix
    arr = df[cols].to_numpy(dtype=np.float64)
    groups = None if group is None else [None if g is None else str(g) for g in df[group]]
    return agreement_partial_matrix(
        arr, scale=scale, by_group=group is not None, groups=groups, framework=framework
    )


def _agree_merge(parts: Sequence[Any]) -> Any:
    return _ops.agreement_merge(partials=list(parts))


def agreement(
    ddf: Any,
    coders: Sequence[str] | None = None,
    *,
    group: str | None = None,
    scale: Mapping[str, Any] | None = None,
    alpha: Mapping[str, Any] | None = None,
    framework: Any = None,
    split_every: int = 8,
) -> dict[str, Any]:
    """Krippendorff's α of a Dask DataFrame in wide form — one row per unit, one column per
    coder (``coders``, default every column but ``group``; values on ``scale``, NaN = missing),
    with ``group`` naming a column of each unit's group (e.g. the dimension) for α per group.

    Each partition's partial (``agreement_partial``: pair counts or coincidences, value counts)
    is computed by the core in its task, the partials are tree-merged in partition order
    (``agreement_merge``), and the client finishes (``agreement_finish``: α, D_o, D_e and the
    bootstrap of ``alpha``, run on the merged coincidences). The result is the ``agreement``
    operation's with ``measures = ["krippendorff_alpha"]`` (and ``by_group`` with ``group``) on
    the same codings: the same bits on a category scale. A unit must lie in one row."""
    dask = _dask()
    delayed = dask.delayed
    cols = [str(c) for c in (coders if coders is not None else ddf.columns) if c != group]
    sc = dict(scale) if scale is not None else None
    parts = [
        delayed(_agree_partial)(p, cols, group, sc, framework) for p in ddf.to_delayed()
    ]
    items: list[Any] = parts
    k = max(2, split_every)
    while len(items) > 1:
        items = [delayed(_agree_merge)(items[i : i + k]) for i in range(0, len(items), k)]
    (merged,) = dask.compute(items[0])
    return dict(_ops.agreement_finish(partial=merged, alpha=dict(alpha or {})))


# --- sensitivity (Sobol indices) over workers -------------------------------------------------


def _sens_runs(req: dict[str, Any], s0: int, s1: int) -> Any:
    return _ops.sensitivity_runs(
        data=req["data"], pipeline=req["pipeline"], sensitivity=req["sensitivity"], samples=[s0, s1]
    )


def sensitivity(
    data: Mapping[str, Any],
    pipeline: Mapping[str, Any],
    sensitivity: Mapping[str, Any],
    *,
    samples_per_task: int = 64,
) -> dict[str, Any]:
    """The ``sensitivity`` operation (Sobol indices) on the active Dask client: the Saltelli
    design's runs spread over tasks of ``samples_per_task`` base samples (``sensitivity_runs``:
    each draws from the design's seeded block streams exactly as in memory and evaluates its
    ``samples × (factors + 2)`` runs), the per-run ranks gathered to the client, where the core
    estimates the indices (and runs the one-at-a-time view): ``sensitivity_assemble``. The
    result equals ``renxing.ops.sensitivity(...)`` with the same seed bit for bit.
    ``keep_runs`` is refused."""
    dask = _dask()
    delayed = dask.delayed
    req = {"data": dict(data), "pipeline": dict(pipeline), "sensitivity": dict(sensitivity)}
    req_d = delayed(req, traverse=False)
    n = int(req["sensitivity"].get("n", 0))
    step = max(1, samples_per_task)
    parts = [
        delayed(_sens_runs, pure=True)(req_d, s0, min(n, s0 + step)) for s0 in range(0, n, step)
    ]
    (done,) = dask.compute(parts)
    return dict(_ops.sensitivity_assemble(**req, parts=list(done)))


# --- diagnosis summaries (histograms of distinct code rows) -------------------------------------


def _codes(df: Any, cols: list[str]) -> Any:
    """The partition's code columns as one uint8 matrix (the one copy); integer columns whose
    values fit are converted, anything else is passed as it is for the core to refuse."""
    arr = df[cols].to_numpy()
    if arr.dtype.kind in "iu" and arr.dtype != np.uint8:
        if arr.size == 0 or (arr.min() >= 0 and arr.max() <= 255):
            arr = arr.astype(np.uint8)
    return np.ascontiguousarray(arr)


def _summary_partial(
    df: Any, cols: list[str], framework: Any, request: dict[str, Any]
) -> Any:
    return diagnosis_summary_partial_array(_codes(df, cols), framework=framework, **request)


def _summary_merge(parts: Sequence[Any]) -> Any:
    return _ops.diagnosis_summary_merge(partials=list(parts))


def diagnosis_summary(
    ddf: Any,
    columns: Sequence[str] | None = None,
    *,
    framework: Any = None,
    options: Mapping[str, Any] | None = None,
    phase: str | None = None,
    top_k: int | None = None,
    unrated: bool = False,
    split_every: int = 8,
) -> dict[str, Any]:
    """The summary of the diagnoses of every row of a Dask DataFrame of level codes (one
    integer column per dimension, ``columns`` in the framework's order, default every column;
    0 = unrated when ``unrated``): the same dict as ``renxing.diagnosis_summary_array`` of the
    whole table, bit for bit, however it is partitioned.

    One pass: each partition's histogram of distinct code rows is made by the core in its task
    (``diagnosis_summary_partial``; at most ``(levels + 1)^dimensions`` counts are sent, 65,536
    for the paper's framework), the histograms are tree-merged ``split_every`` at a time
    (``diagnosis_summary_merge``: counts added), and the client diagnoses each distinct row
    once (``diagnosis_summary_finish``). A bad code is reported with its row index within its
    partition."""
    dask = _dask()
    delayed = dask.delayed
    cols = [str(c) for c in (columns if columns is not None else ddf.columns)]
    # a compiled Framework stays on the client; the workers get its dict
    fw = framework.to_dict() if isinstance(framework, Framework) else framework
    request: dict[str, Any] = {
        "options": dict(options) if options is not None else None,
        "phase": phase,
        "top_k": top_k,
        "unrated": unrated,
    }
    items: list[Any] = [
        delayed(_summary_partial)(p, cols, fw, request) for p in ddf.to_delayed()
    ]
    k = max(2, split_every)
    while len(items) > 1:
        items = [delayed(_summary_merge)(items[i : i + k]) for i in range(0, len(items), k)]
    (merged,) = dask.compute(items[0])
    return dict(_ops.diagnosis_summary_finish(partial=merged, framework=framework))
