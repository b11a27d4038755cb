"""Batch scoring benchmark: renxing.score_batch over 1,000,000 assessments vs

  (a) a pandas row-wise ``DataFrame.apply`` calling the per-assessment API (``renxing.score``),
      timed on a subsample and extrapolated linearly to the full size (stated in the output);
  (b) a vectorised numpy expression of the default rule (mean per attribute, mean of the
      attributes, nearest level with ties downwards), which must agree with renxing's output.

Prints timings and ratios; it is a measurement, not a timed test. Targets: renxing ≥ 50× faster
than (a), and within 2× of (b).

    python bindings/python/bench/bench_batch.py [--rows 1000000] [--sample 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np
import pandas as pd

import renxing


def best_of(repeat: int, fn):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def numpy_rule(codes: np.ndarray, groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The default rule (mean, equal weights) on a (N × 8) code array, in plain numpy."""
    x = codes.astype(np.float64)
    attr = np.stack([x[:, g].mean(axis=1) for g in groups], axis=1)
    overall = attr.mean(axis=1)
    level = np.clip(np.ceil(overall - 0.5 - 1e-9), 1, 3).astype(np.uint8)
    score = (overall - 1.0) / 2.0 * 100.0
    return score, level, attr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=2_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    fw = renxing.framework_paper()
    dims = [d["id"] for d in fw["dimensions"]]
    levels = [x["id"] for x in fw["levels"]]
    groups = [[i for i, d in enumerate(fw["dimensions"]) if d["attribute"] == a["id"]] for a in fw["attributes"]]
    rng = np.random.default_rng(2022)
    codes = rng.integers(1, 4, size=(args.rows, len(dims)), dtype=np.uint8)

    t_rx, out = best_of(args.repeat, lambda: renxing.score_batch(codes))
    t_np, (np_score, np_level, np_attr) = best_of(args.repeat, lambda: numpy_rule(codes, groups))

    # (b) agrees with renxing
    np.testing.assert_allclose(out["overall_score"], np_score, rtol=0, atol=1e-9)
    assert np.array_equal(out["overall_level"], np_level), "overall levels differ"
    np.testing.assert_allclose(out["attribute_score"], (np_attr - 1.0) / 2.0 * 100.0, rtol=0, atol=1e-9)

    # (a) pandas row-wise apply over the per-assessment API, on a subsample
    sample = pd.DataFrame(codes[: args.sample], columns=dims)

    def per_row(row: pd.Series) -> float:
        ratings = {d: {"level": levels[int(row[d]) - 1]} for d in dims}
        a = {"schema_version": 1, "id": str(row.name), "name": "row", "ratings": ratings}
        return renxing.score(a)["overall"]["score"]  # type: ignore[arg-type, index]

    t_apply_sample, applied = best_of(1, lambda: sample.apply(per_row, axis=1))
    np.testing.assert_allclose(applied.to_numpy(), out["overall_score"][: args.sample], rtol=0, atol=1e-9)
    t_apply = t_apply_sample * args.rows / args.sample

    print(f"renxing batch benchmark: {args.rows:,} assessments × {len(dims)} dimensions (uint8 codes)")
    print(f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"renxing {renxing.__version__}, {platform.machine()}")
    print(f"  renxing.score_batch            {t_rx * 1e3:10.1f} ms  (best of {args.repeat})")
    print(f"  (b) vectorised numpy rule      {t_np * 1e3:10.1f} ms  (best of {args.repeat}; agrees with renxing)")
    print(f"  (a) pandas .apply + score()    {t_apply * 1e3:10.1f} ms  "
          f"(extrapolated from {args.sample:,} rows: {t_apply_sample * 1e3:.1f} ms)")
    ratio_a = t_apply / t_rx
    ratio_b = t_rx / t_np
    print(f"  speed-up over (a):             {ratio_a:10.0f}×   (target ≥ 50×: {'met' if ratio_a >= 50 else 'NOT met'})")
    print(f"  time relative to (b):          {ratio_b:10.2f}×   (target ≤ 2×: {'met' if ratio_b <= 2 else 'NOT met'})")


if __name__ == "__main__":
    main()
