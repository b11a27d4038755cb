"""renxing on Dask (issue 15): the indicator pipeline and an uncertainty analysis in memory vs
on a ``distributed.LocalCluster`` of 1 and 2 worker processes (one thread each), same data,
same results (checked: pipeline to 1e-12 and ranks identical, uncertainty identical).

Data: ``--units`` × ``--indicators`` values in [1, 100] (numpy PCG64, seeded), 1 % missing,
indicators in 4 dimensions, 2 attributes. Pipeline: check, mean imputation, min–max, entropy
weights, aggregation, TOPSIS, ranks (3 statistics passes + apply + gather). Uncertainty:
``--runs`` runs (weight noise ± 50 %, arithmetic or geometric overall) on the first
``--uncertainty-units`` units (the in-memory analysis holds runs × units scores and ranks, and
its JSON request the whole table: 2,000,000 units × 1,000 runs do not fit one notebook
machine, which is the point of the cluster).

The peer is the in-memory call in the same script (``renxing.indicators_array``,
``renxing.ops.uncertainty``); ratios are in-memory time / cluster time (> 1: the cluster is
faster). Prints wall and client CPU time; the machine is shared, so prefer the ratios of
repeated runs.

    python bindings/python/bench/bench_dask.py [--units 2000000] [--indicators 32] [--runs 1000]
        [--uncertainty-units 2000] [--partitions 16] [--workers 1,2] [--summary-units 2000000]

``--summary-units N`` adds the diagnosis summary of N rows of random level codes (in memory:
``renxing.diagnosis_summary_array``; on the cluster: ``renxing.dask.diagnosis_summary``).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from typing import Any

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import renxing  # noqa: E402


def timed(fn: Any) -> tuple[float, float, Any]:
    w0, c0 = time.perf_counter(), time.process_time()
    r = fn()
    return time.perf_counter() - w0, time.process_time() - c0, r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=2_000_000)
    ap.add_argument("--indicators", type=int, default=32)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--uncertainty-units", type=int, default=2000)
    ap.add_argument("--partitions", type=int, default=16)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--runs-per-task", type=int, default=64)
    ap.add_argument(
        "--unit-ranges",
        type=int,
        default=0,
        help="unit-range tasks of the cluster-only run (default 2 per worker); each holds "
        "runs × its units × 12 B of slabs: at 2,000,000 units × 1,000 runs, 4 ranges are 6 GB "
        "each, more than a worker of a 24 GB machine holds",
    )
    ap.add_argument(
        "--cluster-uncertainty-units",
        type=int,
        default=0,
        help="also run the uncertainty analysis on the cluster alone over this many units "
        "(numpy slabs; no in-memory peer: too large for it)",
    )
    ap.add_argument("--skip-pipeline", action="store_true")
    ap.add_argument(
        "--summary-units",
        type=int,
        default=0,
        help="also summarise the diagnoses of this many rows of random level codes (paper "
        "framework, 5 %% unrated) in memory (renxing.diagnosis_summary_array) and on each "
        "cluster (renxing.dask.diagnosis_summary); results checked equal",
    )
    ap.add_argument(
        "--memory-limit",
        default="auto",
        help="each worker's memory limit (Dask's memory_limit: 'auto' shares the machine's RAM, "
        "or e.g. '5GB'); above 60 %% of it a worker spills task outputs to disk, so a limit "
        "below the data shows an analysis larger than memory running",
    )
    a = ap.parse_args()

    import dask.dataframe as dd
    import distributed

    import renxing.dask as rdask

    n, m = a.units, a.indicators
    rng = np.random.default_rng(15)
    x = 1.0 + 99.0 * rng.random((n, m))
    x[1:][rng.random((n - 1, m)) < 0.01] = np.nan
    ind = [{"id": f"i{j}", "dimension": f"d{j % 4}"} for j in range(m)]
    hier = {
        "dimensions": [{"id": f"d{k}", "parent": f"a{k % 2}"} for k in range(4)],
        "attributes": [{"id": "a0"}, {"id": "a1"}],
    }
    pipeline = {
        "keep_intermediates": False,
        "steps": [
            {"step": "check"},
            {"step": "impute", "method": "mean"},
            {"step": "normalise"},
            {"step": "weight", "method": "entropy"},
            {"step": "aggregate"},
            {"step": "topsis"},
            {"step": "rank"},
        ],
    }
    units = [f"u{i}" for i in range(n)]
    df = pd.DataFrame(x, columns=[i["id"] for i in ind], index=units)
    nu = min(a.uncertainty_units, n)
    udata = {
        "units": units[:nu],
        "indicators": ind,
        "hierarchy": hier,
        "values": [None if np.isnan(v) else float(v) for v in x[:nu].ravel()],
    }
    udata_array = {k: v for k, v in udata.items() if k != "values"}
    upipe = {
        "steps": [
            {"step": "impute", "method": "mean"},
            {"step": "normalise"},
            {"step": "aggregate"},
            {"step": "rank"},
        ]
    }
    uspec = {
        "factors": [
            {"factor": "weight_noise", "share": 0.5},
            {
                "factor": "aggregation",
                "methods": [{"method": "arithmetic"}, {"method": "geometric"}],
                "levels": ["overall"],
            },
        ],
        "runs": a.runs,
        "seed": 15,
        "pairwise": False,
    }

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs (shared)")
    print(f"pipeline: {n:,} units × {m} indicators, {a.partitions} partitions")
    print(f"uncertainty: {a.runs:,} runs × {nu:,} units × {m} indicators")

    wp = cp = float("nan")
    mem_overall: Any = None
    mem_ranks: Any = []
    if not a.skip_pipeline:
        wp, cp, mem = timed(
            lambda: renxing.indicators_array(x, pipeline, indicators=ind, hierarchy=hier)
        )
        mem_overall = [s for s in mem["steps"] if s["step"]["step"] == "aggregate"][0][
            "report"
        ]["overall"]
        mem_ranks = [s for s in mem["steps"] if s["step"]["step"] == "rank"][0]["report"][
            "columns"
        ]
        del mem
    wu, cu, umem = timed(
        lambda: renxing.ops.uncertainty(data=udata, pipeline=upipe, uncertainty=uspec)  # type: ignore[arg-type]
    )
    codes: Any = None
    smem: Any = None
    ws = cs = float("nan")
    if a.summary_units:
        codes = rng.integers(1, 4, size=(a.summary_units, 8), dtype=np.uint8)
        codes[rng.random(codes.shape) < 0.05] = 0
        ws, cs, smem = timed(lambda: renxing.diagnosis_summary_array(codes, unrated=True))
        print(f"in memory        summary of {a.summary_units:,} units "
              f"({smem['distinct_rows']:,} distinct rows) {ws:8.2f} s wall {cs:8.2f} s CPU")
    print(f"in memory        pipeline {wp:8.2f} s wall {cp:8.2f} s CPU | "
          f"uncertainty {wu:8.2f} s wall {cu:8.2f} s CPU")

    for w in [int(v) for v in a.workers.split(",") if v]:
        with distributed.LocalCluster(
            n_workers=w,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=a.memory_limit,
        ) as cluster, distributed.Client(cluster):
            wpd = cpd = float("nan")
            if not a.skip_pipeline:
                ddf = dd.from_pandas(df, npartitions=a.partitions, sort=False).persist()
                distributed.wait(ddf)
                wpd, cpd, got = timed(
                    lambda: rdask.indicators(ddf, pipeline, indicators=ind, hierarchy=hier)
                )
                np.testing.assert_allclose(got.overall, mem_overall, rtol=1e-12, atol=1e-12)
                for c in mem_ranks:
                    assert np.array_equal(got.ranks[(c["target"], c["id"])], c["ranks"])
                del ddf, got
            # the numpy slab path: runs in tasks of --runs-per-task, units in 2 w ranges
            wud, cud, ugot = timed(
                lambda: rdask.uncertainty_array(
                    x[:nu],
                    upipe,
                    uspec,
                    data=udata_array,
                    unit_ranges=2 * w,
                    runs_per_task=a.runs_per_task,
                )
            )
            assert ugot == umem
            print(f"LocalCluster({w})  pipeline {wpd:8.2f} s wall {cpd:8.2f} s CPU (client) "
                  f"= {wp / wpd:5.2f}× in memory | uncertainty {wud:8.2f} s wall "
                  f"{cud:8.2f} s CPU (client) = {wu / wud:5.2f}× in memory; results equal")
            if a.summary_units:
                cdf = pd.DataFrame(codes, columns=[f"d{j}" for j in range(8)])
                sdf = dd.from_pandas(cdf, npartitions=a.partitions, sort=False).persist()
                distributed.wait(sdf)
                wsd, csd, sgot = timed(lambda: rdask.diagnosis_summary(sdf, unrated=True))
                assert sgot == smem
                print(f"LocalCluster({w})  summary {wsd:8.2f} s wall {csd:8.2f} s CPU (client) "
                      f"= {ws / wsd:5.2f}× in memory; results equal")
                del sdf
            if a.cluster_uncertainty_units:
                big = min(a.cluster_uncertainty_units, n)
                wb, cb, bres = timed(
                    lambda: rdask.uncertainty_array(
                        x[:big],
                        upipe,
                        uspec,
                        data={"units": [], "indicators": ind, "hierarchy": hier},
                        unit_ranges=a.unit_ranges or 2 * w,
                        runs_per_task=a.runs_per_task,
                    )
                )
                assert len(bres["unit_stats"]) == big
                print(f"LocalCluster({w})  uncertainty alone: {a.runs:,} runs × {big:,} units "
                      f"{wb:8.2f} s wall {cb:8.2f} s CPU (client)")


if __name__ == "__main__":
    main()
