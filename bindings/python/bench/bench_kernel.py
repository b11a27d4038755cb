"""The batch kernel against the floor, on one thread: `renxing.score_batch` of N x 8 uint8 level
codes and of N x 8 float64 scores, for every aggregation method, against

* the floor: copying the input and writing fresh outputs of the same sizes (numpy `copy` and
  `full`), the least any implementation must do;
* a vectorised numpy implementation of the default rule (weighted mean per attribute, mean of
  the attributes clamped to their range, nearest level with ties downwards) giving the same
  outputs, which must equal renxing's bit for bit.

The process is pinned to one CPU first (`os.sched_setaffinity`), so renxing's batch runs on one
thread (it reads the CPU count once per process). Prints each time, each ratio and its target:

* codes: renxing <= 3x the floor, and >= 2x faster than the numpy rule;
* scores: renxing <= 4x the floor.

    python bindings/python/bench/bench_kernel.py [--rows 10000000] [--repeat 5] [--all-cpus] [--clock cpu]

A measurement, not a timed test; medians of --repeat interleaved runs. `--clock cpu` times with
the process's CPU time (user + system, page faults included: `time.process_time`) instead of the
wall clock: on a shared machine it leaves out the time the process waited for a CPU.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np


CLOCK = time.perf_counter


def median_time(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        t0 = CLOCK()
        result = fn()
        times.append(CLOCK() - t0)
        del result
    result = fn()
    return statistics.median(times), result


def floor(inp: np.ndarray, n: int, na: int) -> tuple[np.ndarray, ...]:
    """Copy the input, write fresh outputs of renxing's sizes."""
    return (
        inp.copy(),
        np.full(n, 1.0),
        np.full(n, 1, dtype=np.uint8),
        np.full((n, na), 1.0),
        np.full((n, na), 1, dtype=np.uint8),
        np.full(n, 8, dtype=np.uint16),
    )


def numpy_rule(codes: np.ndarray, groups: list[list[int]], k: int) -> dict[str, np.ndarray]:
    """The default rule (mean, equal weights) in vectorised numpy, column by column (no
    full-size float copy of the input), with renxing's outputs and operation order."""
    n = codes.shape[0]
    cols = {j: codes[:, j].astype(np.float64) for g in groups for j in g}
    attr = np.empty((n, len(groups)))
    for a, g in enumerate(groups):
        s = cols[g[0]].copy()
        lo, hi = cols[g[0]].copy(), cols[g[0]].copy()
        for j in g[1:]:
            s += cols[j]
            np.minimum(lo, cols[j], out=lo)
            np.maximum(hi, cols[j], out=hi)
        s /= len(g)
        np.clip(s, lo, hi, out=s)
        attr[:, a] = s
    o = attr[:, 0].copy()
    lo, hi = attr[:, 0].copy(), attr[:, 0].copy()
    for a in range(1, len(groups)):
        o += attr[:, a]
        np.minimum(lo, attr[:, a], out=lo)
        np.maximum(hi, attr[:, a], out=hi)
    o /= len(groups)
    np.clip(o, lo, hi, out=o)

    def level(x: np.ndarray) -> np.ndarray:
        return np.clip(np.ceil(x - 0.5 - 1e-9), 1, k).astype(np.uint8)

    def score(x: np.ndarray) -> np.ndarray:
        return (x - 1.0) / (k - 1) * 100.0

    return {
        "overall_score": score(o),
        "overall_level": level(o),
        "attribute_score": score(attr),
        "attribute_level": level(attr),
        "rated": np.full(n, codes.shape[1], dtype=np.uint16),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--all-cpus", action="store_true", help="do not pin to one CPU")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall clock (default) or this process's CPU time (user + system)")
    args = ap.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    if not args.all_cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import renxing  # after pinning: the batch reads the CPU count once

    fw = renxing.framework_paper()
    d, k = len(fw["dimensions"]), len(fw["levels"])
    groups = [[i for i, x in enumerate(fw["dimensions"]) if x["attribute"] == a["id"]] for a in fw["attributes"]]
    na = len(groups)
    rng = np.random.default_rng(2022)
    n = args.rows
    codes = rng.integers(1, k + 1, size=(n, d), dtype=np.uint8)
    scores = rng.uniform(0, 100, size=(n, d))
    threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"renxing kernel benchmark: {n:,} rows x {d} dimensions, {threads} CPU(s) for this process, "
          f"median of {args.repeat}, {args.clock} clock")
    if hasattr(os, "getloadavg"):
        print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"Python {platform.python_version()}, numpy {np.__version__}, renxing {renxing.__version__}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs on the machine")

    # warm (page cache, the code table of each method)
    for m in ("mean", "median", "minimum", "capped_mean"):
        renxing.score_batch(codes[:200_000], options={"method": m})

    t_floor_c, _ = median_time(lambda: floor(codes, n, na), args.repeat)
    t_floor_s, _ = median_time(lambda: floor(scores, n, na), args.repeat)
    t_np, np_out = median_time(lambda: numpy_rule(codes, groups, k), args.repeat)
    out = renxing.score_batch(codes)
    for key, want in np_out.items():  # type: ignore[union-attr]
        assert np.array_equal(out[key], want), f"numpy rule and renxing differ in {key}"
    del out, np_out
    print(f"  floor, codes (copy 8 B/row in, write {8 + 1 + 9 * na + 2} B/row out) {t_floor_c * 1e3:9.1f} ms")
    print(f"  floor, scores (copy 64 B/row in, same outputs)        {t_floor_s * 1e3:9.1f} ms")
    print(f"  numpy rule (mean), same outputs, bit-identical         {t_np * 1e3:9.1f} ms")
    ok = True
    for method in ("mean", "median", "minimum", "capped_mean"):
        opts = {"method": method}
        t_c, _ = median_time(lambda: renxing.score_batch(codes, options=opts), args.repeat)  # type: ignore[arg-type]
        t_s, _ = median_time(lambda: renxing.score_batch(scores, options=opts), args.repeat)  # type: ignore[arg-type]
        rc, rs = t_c / t_floor_c, t_s / t_floor_s
        ok &= rc <= 3 and rs <= 4
        line = (f"  {method:<12} codes {t_c * 1e3:8.1f} ms = {rc:5.2f}x floor (target <= 3x: {'met' if rc <= 3 else 'NOT met'});"
                f"  scores {t_s * 1e3:8.1f} ms = {rs:5.2f}x floor (target <= 4x: {'met' if rs <= 4 else 'NOT met'})")
        if method == "mean":
            sp = t_np / t_c
            ok &= sp >= 2
            line += f";  numpy rule / renxing = {sp:5.2f}x (target >= 2x: {'met' if sp >= 2 else 'NOT met'})"
        print(line)
    if hasattr(os, "getloadavg"):
        print("load average at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("all targets met" if ok else "some targets NOT met (see above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
