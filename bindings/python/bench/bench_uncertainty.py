"""Uncertainty and sensitivity benchmark (issue 11).

Scenario: 1,000 units × 20 indicators (4 dimensions of 5), min–max normalisation to [1, 100],
10,000 runs with uniform weight noise (±20 % on every indicator weight) and a choice of two
aggregation methods (arithmetic or geometric, at every level), summarised per unit (rank mean,
sd, 5th/50th/95th percentiles, mean shift, score distribution) and over runs (mean absolute
rank shift). Pairwise probabilities are off (10,000 × 1,000² comparisons are a different
workload).

  (a) renxing.uncertainty — the core (Rust, all cores);
  (b) the same runs in vectorised numpy in this script: the same weights rule, both
      aggregations by matrix products over chunks of runs, ranks by argsort, the same
      summaries (numpy's own random numbers: the workload is the same, the draws are not;
      with zero noise (b) reproduces renxing's nominal scores to 1e-9, which the script checks).

Sobol: renxing.sensitivity (Saltelli design N = 512, d = 2: 2,048 model runs, 1,001 outputs:
the mean absolute rank shift and every unit's rank, 100 bootstrap resamples) against SALib's
``SALib.analyze.sobol.analyze`` on the same model outputs (kept with keep_runs), for the same
1,001 outputs with 100 resamples. renxing's time includes running the model; SALib's is the
estimation alone.

Prints timings (wall, and CPU time of the process over all its threads: the machine may be shared),
ratios and the scaling in runs and in threads. A measurement, not a timed test.

    python bindings/python/bench/bench_uncertainty.py [--runs 10000] [--units 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from typing import Any, Callable

import numpy as np

import renxing


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    t, _, result = best_of_cpu(repeat, fn)
    return t, result


def best_of_cpu(repeat: int, fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Best wall time and best CPU time (this process, all its threads) over `repeat` calls."""
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best, best_cpu, result


def dataset(units: int, seed: int = 42) -> tuple[dict[str, Any], np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.gamma(2.0, 10.0, size=(units, 20)).round(3)
    ind = [{"id": f"i{j:02d}", "dimension": f"d{j // 5}"} for j in range(20)]
    data = {"units": [f"u{i:04d}" for i in range(units)], "indicators": ind, "values": x.ravel().tolist()}
    return data, x


PIPELINE = {"steps": [{"step": "normalise", "range": [1, 100]}, {"step": "aggregate"}]}


def factors(share: float) -> list[dict[str, Any]]:
    return [
        {"factor": "weight_noise", "share": share},
        {"factor": "aggregation", "methods": [{"method": "arithmetic"}, {"method": "geometric"}]},
    ]


def summary(a: np.ndarray) -> dict[str, np.ndarray]:
    p5, med, p95 = np.percentile(a, [5, 50, 95], axis=0)
    return {"mean": a.mean(axis=0), "sd": a.std(axis=0, ddof=1), "p5": p5, "median": med, "p95": p95}


def numpy_runs(x: np.ndarray, runs: int, share: float, seed: int = 1, chunk: int = 500) -> dict[str, Any]:
    """The uncertainty analysis in vectorised numpy (see the module docstring)."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    z = 1.0 + 99.0 * (x - lo) / (hi - lo)  # min–max to [1, 100]
    logz = np.log(z)
    n, m = z.shape
    dims = [list(range(5 * d, 5 * d + 5)) for d in range(4)]
    rng = np.random.default_rng(seed)

    def scores(w: np.ndarray, geo: np.ndarray) -> np.ndarray:  # w: (k, m), geo: (k,) bool → (k, n)
        k = w.shape[0]
        arith = np.zeros((k, n))
        logg = np.zeros((k, n))
        for idx in dims:
            wd = w[:, idx] / w[:, idx].sum(axis=1, keepdims=True)
            arith += wd @ z[:, idx].T  # the dimension's weighted mean
            logg += wd @ logz[:, idx].T  # log of the dimension's weighted geometric mean
        arith /= 4.0  # equal dimension weights
        geom = np.exp(logg / 4.0)
        return np.where(geo[:, None], geom, arith)

    nominal = scores(np.ones((1, m)), np.array([False]))[0]
    nominal_rank = np.empty(n, dtype=np.int64)
    nominal_rank[np.argsort(-nominal, kind="stable")] = np.arange(1, n + 1)
    all_scores = np.empty((runs, n))
    all_ranks = np.empty((runs, n), dtype=np.int64)
    for s in range(0, runs, chunk):
        k = min(chunk, runs - s)
        w = 1.0 + share * (2.0 * rng.random((k, m)) - 1.0)
        geo = rng.random(k) < 0.5
        sc = scores(w, geo)
        order = np.argsort(-sc, axis=1, kind="stable")
        r = np.empty_like(order)
        np.put_along_axis(r, order, np.arange(1, n + 1)[None, :].repeat(k, axis=0), axis=1)
        all_scores[s : s + k] = sc
        all_ranks[s : s + k] = r
    shift = all_ranks - nominal_rank[None, :]
    return {
        "nominal": nominal,
        "rank": summary(all_ranks.astype(np.float64)),
        "score": summary(all_scores),
        "mean_rank_shift": shift.mean(axis=0),
        "mean_abs_rank_shift": np.abs(shift).mean(axis=0),
        "mars": summary(np.abs(shift).mean(axis=1)[:, None]),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--units", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sobol-n", type=int, default=512)
    ap.add_argument("--bootstrap", type=int, default=100)
    args = ap.parse_args()
    share = 0.2
    data, x = dataset(args.units)
    print(f"machine: {platform.machine()}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, numpy {np.__version__}")
    print(f"scenario: {args.units} units × 20 indicators, {args.runs} runs, weight noise ±{share:.0%}, arithmetic|geometric")

    spec = {"factors": factors(share), "runs": args.runs, "seed": 7, "pairwise": False}
    t_rx, c_rx, r = best_of_cpu(args.repeat, lambda: renxing.uncertainty(data=data, pipeline=PIPELINE, uncertainty=spec))
    t_np, c_np, nr = best_of_cpu(args.repeat, lambda: numpy_runs(x, args.runs, share))
    # the numpy implementation reproduces renxing's nominal scores (the zero-noise run)
    np_nom = numpy_runs(x, 2, 0.0)["nominal"]
    assert np.allclose(np.asarray(r["nominal"]["scores"]), np_nom, rtol=0, atol=1e-9), "numpy nominal ≠ renxing"
    print("check: numpy's nominal scores equal renxing's to 1e-9")
    med_rx = np.array([u["rank"]["median"] for u in r["unit_stats"]])
    agree = np.abs(med_rx - nr["rank"]["median"]).mean()
    print(f"  load average before: {os.getloadavg()[0]:.1f}")
    print(f"\nuncertainty, {args.runs} runs (best of {args.repeat}; wall, and CPU of all threads):")
    print(f"  (a) renxing.uncertainty        {t_rx * 1e3:9.1f} ms wall {c_rx * 1e3:9.1f} ms CPU")
    print(f"  (b) vectorised numpy           {t_np * 1e3:9.1f} ms wall {c_np * 1e3:9.1f} ms CPU")
    print(f"  ratio numpy / renxing: {t_np / t_rx:.1f}× wall, {c_np / max(c_rx, 1e-9):.1f}× CPU  (target ≥ 10×)")
    print(f"  mean |median rank renxing − numpy| over units: {agree:.2f} (different random numbers)")

    print("\nscaling in runs and threads (renxing; wall and CPU):")
    for runs in sorted({1_000, args.runs}):
        for th in (1, 2):
            t, c, _ = best_of_cpu(
                args.repeat,
                lambda: renxing.uncertainty(data=data, pipeline=PIPELINE, uncertainty=dict(spec, runs=runs, threads=th)),
            )
            print(f"  {runs:6d} runs, threads={th}  {t * 1e3:9.1f} ms wall {c * 1e3:9.1f} ms CPU  ({c / runs * 1e6:.1f} µs CPU/run)")

    # Sobol: renxing (model runs + estimation + bootstrap) vs SALib (estimation + bootstrap)
    try:
        from SALib.analyze import sobol as salib_sobol
    except ImportError:
        print("\nSALib is not installed: the Sobol comparison is skipped (pip install SALib==1.6.0)")
        return
    sens = {"factors": factors(share), "n": args.sobol_n, "seed": 7, "bootstrap": args.bootstrap, "one_at_a_time": False}
    t_sx, c_sx, _ = best_of_cpu(args.repeat, lambda: renxing.sensitivity(data=data, pipeline=PIPELINE, sensitivity=sens))
    kept = renxing.sensitivity(data=data, pipeline=PIPELINE, sensitivity=dict(sens, keep_runs=True, bootstrap=0))
    raw = renxing.raw_runs(kept)
    problem = {"num_vars": 2, "names": ["weights", "aggregation"], "bounds": [[0, 1]] * 2}
    ys = [raw["mean_abs_rank_shift"]] + [raw["ranks"][:, u].astype(np.float64) for u in range(args.units)]
    ys = [y for y in ys if y.std() > 0]

    def salib() -> None:
        for y in ys:
            salib_sobol.analyze(problem, y, calc_second_order=False, num_resamples=args.bootstrap, seed=1)

    t_sa, c_sa, _ = best_of_cpu(1, salib)
    print(f"\nSobol, N = {args.sobol_n}, d = 2 ({kept['runs']} model runs), {len(ys)} outputs, {args.bootstrap} bootstrap resamples:")
    print(f"  renxing.sensitivity (runs the model too)  {t_sx * 1e3:9.1f} ms wall {c_sx * 1e3:9.1f} ms CPU")
    print(f"  SALib.analyze.sobol (estimation only)     {t_sa * 1e3:9.1f} ms wall {c_sa * 1e3:9.1f} ms CPU")
    print(f"  ratio SALib / renxing: {t_sa / t_sx:.1f}× wall, {c_sa / max(c_sx, 1e-9):.1f}× CPU  (target ≥ 1×)")


if __name__ == "__main__":
    main()
