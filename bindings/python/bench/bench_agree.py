"""Krippendorff's α benchmark (issue 9): renxing vs the ``krippendorff`` package, same process,
same data.

Data: 100,000 units × 10 coders, 5 ordered values (1..5), 20 % of the cells missing (NaN),
generated with numpy's PCG64 from a seed; interval α (the package's default metric).

1. plain α: ``renxing.agreement_matrix`` (the core, from the same coders × units array) vs
   ``krippendorff.alpha``; the two must agree to 1e-9. Target: renxing ≥ 5× faster.
2. α with 1,000 bootstrap draws (Krippendorff's algorithm, ChaCha20-seeded) vs 20 plain
   ``krippendorff.alpha`` computations. Target: renxing's time below the package's.

Prints timings and ratios; a measurement, not a timed test (best of ``--repeat`` runs).

    pip install krippendorff==0.9.0          # the peer (not a test dependency)
    python bindings/python/bench/bench_agree.py [--units 100000] [--coders 10] [--missing 0.2]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

# one thread for numpy's BLAS too, so both sides run on one thread (renxing's α does) and the CPU
# times compare like for like; set the variables yourself to override
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import renxing  # noqa: E402


def best_of(repeat: int, fn):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def best_cpu(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    """Best CPU time of the process (user + system) over ``repeat`` calls: robust to other
    programs on a shared machine, and both sides here run on one thread."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--coders", type=int, default=10)
    ap.add_argument("--values", type=int, default=5)
    ap.add_argument("--missing", type=float, default=0.2)
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2011)
    args = ap.parse_args()
    try:
        import krippendorff  # type: ignore[import-untyped]
    except ImportError:
        raise SystemExit("the peer is missing: pip install krippendorff==0.9.0")

    rng = np.random.default_rng(args.seed)
    # coders agree partly: a true value per unit, each coder off by one step 30 % of the time
    truth = rng.integers(1, args.values + 1, size=args.units)
    noise = rng.choice([-1, 0, 1], p=[0.15, 0.7, 0.15], size=(args.coders, args.units))
    data = np.clip(truth[None, :] + noise, 1, args.values).astype(np.float64)
    data[rng.random(data.shape) < args.missing] = np.nan

    scale = {"kind": "categories", "levels": args.values}
    plain = {"measures": ["krippendorff_alpha"], "alpha": {"metric": "interval"}}
    boot = {
        "measures": ["krippendorff_alpha"],
        "alpha": {"metric": "interval", "bootstrap": {"draws": args.draws, "seed": 1}},
    }
    domain = np.arange(1, args.values + 1)

    t_kr, a_kr = best_of(args.repeat, lambda: krippendorff.alpha(
        reliability_data=data, level_of_measurement="interval", value_domain=domain))
    t_rx, r = best_of(args.repeat, lambda: renxing.agreement_matrix(data, scale=scale, options=plain))
    a_rx = r["overall"]["results"][0]["alpha"]  # type: ignore[typeddict-item]
    assert abs(a_rx - a_kr) < 1e-9, (a_rx, a_kr)
    t_boot, rb = best_of(max(1, args.repeat // 2), lambda: renxing.agreement_matrix(data, scale=scale, options=boot))
    interval = rb["overall"]["results"][0]["bootstrap"]["interval"]  # type: ignore[typeddict-item]
    t_kr20 = 20 * t_kr

    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}, krippendorff {getattr(krippendorff, '__version__', '?')}")
    print(f"data: {args.units:,} units x {args.coders} coders, {args.values} values, {args.missing:.0%} missing; interval alpha")
    print(f"alpha: renxing {a_rx:.12f}  krippendorff {a_kr:.12f}  (|diff| {abs(a_rx - a_kr):.1e})")
    print(f"plain alpha      renxing {t_rx * 1e3:9.1f} ms   krippendorff {t_kr * 1e3:9.1f} ms   ratio {t_kr / t_rx:6.1f}x  (target >= 5x: {'met' if t_kr / t_rx >= 5 else 'NOT met'})")
    c_kr = best_cpu(args.repeat, lambda: krippendorff.alpha(
        reliability_data=data, level_of_measurement="interval", value_domain=domain))
    c_rx = best_cpu(args.repeat, lambda: renxing.agreement_matrix(data, scale=scale, options=plain))
    print(f"plain alpha, CPU renxing {c_rx * 1e3:9.1f} ms   krippendorff {c_kr * 1e3:9.1f} ms   ratio {c_kr / c_rx:6.1f}x  (target >= 5x: {'met' if c_kr / c_rx >= 5 else 'NOT met'})")
    print(f"{args.draws} bootstrap draws renxing {t_boot * 1e3:9.1f} ms   20 x krippendorff {t_kr20 * 1e3:9.1f} ms   ratio {t_kr20 / t_boot:6.1f}x  (target < 20 plain: {'met' if t_boot < t_kr20 else 'NOT met'})")
    print(f"bootstrap interval [{interval['lower']:.4f}, {interval['upper']:.4f}]")


if __name__ == "__main__":
    main()
