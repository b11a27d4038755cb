"""Fixed cost per call from Python: a one-row `score_batch`, `score` of one assessment (a dict),
`diagnose` of one assessment, each timed over many calls (median of --repeat rounds of --calls
calls), printed against its target:

* one-row `score_batch` < 5 us;  `score` < 3 us;  `diagnose` < 10 us.

Each is timed twice: through the dict functions (a dict in, a dict out), and through the held
path (`renxing.prepare(op, **request)` once, then each call runs the operation on the held
request and returns a `Held` result), with the cost of then reading one field of that result and
of converting all of it (`to_dict()`), which the held path defers.

The targets are judged on the held path: an assessment held as an object, as a Rust service
holds one. A dict-out call cannot meet them whatever the binding does — building the result's
Python objects alone costs more (`json.loads` of the result's JSON text, printed beside each
dict-path line, is already several times the `score` and `diagnose` targets) — so the dict path
is printed against the targets, not judged.

    python bindings/python/bench/bench_calls.py [--calls 20000] [--repeat 7]

A measurement, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np

import renxing


def per_call(fn, calls: int, repeat: int) -> float:  # type: ignore[no-untyped-def]
    for _ in range(min(calls, 1000)):
        fn()
    rounds = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        rounds.append((time.perf_counter() - t0) / calls)
    return statistics.median(rounds)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    row = np.array([[3, 2, 3, 2, 2, 2, 3, 1]], dtype=np.uint8)
    b = renxing.case("b")
    a = dict(b)
    print(f"renxing per-call benchmark (Python {platform.python_version()}, numpy {np.__version__}, "
          f"renxing {renxing.__version__}, {platform.machine()}); median of {args.repeat} rounds of {args.calls:,} calls")
    print("dict path (a dict in, a dict out; printed, not judged: see the module docstring)")
    for name, fn, target in (
        ("score_batch, one row", lambda: renxing.score_batch(row), 5e-6),
        ("score, one assessment", lambda: renxing.score(a), 3e-6),
        ("diagnose, one assessment", lambda: renxing.diagnose(a), 10e-6),
    ):
        t = per_call(fn, args.calls, args.repeat)
        text = json.dumps(fn(), default=lambda x: x.tolist())
        t_json = per_call(lambda: json.loads(text), args.calls, args.repeat)
        print(f"  {name:<26} {t * 1e6:7.2f} us = {t / target:5.2f}x the target of {target * 1e6:.0f} us;  "
              f"json.loads of its result ({len(text):,} B) alone: {t_json * 1e6:6.2f} us = {t_json / target:5.2f}x the target")
    # The held path: the request read, validated and held once (`renxing.prepare`), each call
    # runs the operation and returns a `Held` result whose fields convert when read. What it
    # defers is printed beside it: reading one field, and `to_dict()` (the whole result, as the
    # dict path returns it).
    print("held path (renxing.prepare: request converted once; result fields converted when read)")
    held_ok = True
    for name, prep, field, target in (
        ("score_batch, one row", renxing.prepare("score_batch", codes=row.tolist()), "overall_score", 5e-6),
        ("score, one assessment", renxing.prepare("score", assessment=a), "overall", 3e-6),
        ("diagnose, one assessment", renxing.prepare("diagnose", assessment=a), "remedies", 10e-6),
    ):
        t = per_call(prep, args.calls, args.repeat)
        h = prep()
        t_field = per_call(lambda: h[field], args.calls, args.repeat)
        t_dict = per_call(h.to_dict, args.calls, args.repeat)
        met = t < target
        held_ok &= met
        print(f"  {name:<26} {t * 1e6:7.2f} us = {t / target:5.2f}x its target of {target * 1e6:.0f} us "
              f"({'met' if met else 'NOT met'});  then ['{field}']: {t_field * 1e6:6.2f} us;  then to_dict(): {t_dict * 1e6:7.2f} us")
    print("held path: " + ("all targets met" if held_ok else "some targets NOT met (see above)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
