#!/usr/bin/env python3
"""Writes tests/golden/curve/cases.jsonl: functionality curves and their expected metrics.

An independent implementation of the rules of renxing::curve (docs/curve.md), built on numpy and
scipy rather than on renxing's closed-form kernels:

* Q(t) is numpy.interp on the samples;
* the loss and gain areas are scipy.integrate.quad of max(0, b - Q) and max(0, Q - b), interval
  by interval between the knots, each interval split where Q crosses the baseline (the crossing
  found by brentq: quad alone misses a kink close to an interval's end);
* recovery times are scipy.optimize.brentq roots of Q(t) - target in the first interval after the
  minimum where Q reaches the target.

Run with numpy and scipy installed:  python3 tests/golden/curve/generate.py
"""

import json
import math
import os

import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq

HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULTS = {
    "event_start": None,
    "baseline": None,
    "drop_tolerance": 0.01,
    "horizon": None,
    "recovery_share": 0.9,
    "end_tolerance": 0.01,
}


class CurveError(Exception):
    def __init__(self, code, path):
        super().__init__(code)
        self.code = code
        self.path = path


def analyse(t, q, options):
    o = dict(DEFAULTS)
    o.update(options or {})
    if len(t) != len(q):
        raise CurveError("length_mismatch", ["value"])
    if len(t) < 2:
        raise CurveError("too_few_samples", ["time"])
    for col, data in (("time", t), ("value", q)):
        for i, v in enumerate(data):
            if v is None or not math.isfinite(v):
                raise CurveError("non_finite", [col, i])
    for i in range(1, len(t)):
        if not t[i] > t[i - 1]:
            raise CurveError("not_increasing", ["time", i])
    t = np.asarray(t, dtype=float)
    q = np.asarray(q, dtype=float)
    n = len(t)
    tol = o["drop_tolerance"]

    if o["event_start"] is not None:
        t0 = o["event_start"]
        if not (t[0] <= t0 < t[-1]):
            raise CurveError("event_start_outside", ["options", "event_start"])
        pre = int(np.sum(t < t0))
        if o["baseline"] is not None:
            b = o["baseline"]
        elif pre == 0:
            raise CurveError("no_pre_event_samples", ["options", "baseline"])
        else:
            b = float(np.mean(q[:pre]))
        source = "given"
    elif o["baseline"] is not None:
        b = o["baseline"]
        if not b > 0:
            raise CurveError("non_positive_baseline", ["options", "baseline"])
        below = [i for i in range(n) if q[i] < b * (1 - tol)]
        if not below:
            raise CurveError("no_event_detected", ["options", "event_start"])
        if below[0] == 0:
            raise CurveError("dropped_at_first_sample", ["value", 0])
        pre = below[0]
        t0 = float(t[pre - 1])
        source = "detected"
    else:
        found = None
        for i in range(1, n):
            m = sum(q[:i]) / i
            if q[i] < m - tol * abs(m):
                found = (i, m)
                break
        if found is None:
            raise CurveError("no_event_detected", ["options", "event_start"])
        pre, b = found
        t0 = float(t[pre - 1])
        source = "detected"
    if not b > 0:
        raise CurveError("non_positive_baseline", ["options", "baseline"])
    T = o["horizon"] if o["horizon"] is not None else float(t[-1])
    if not (T > t0 and T <= t[-1]):
        raise CurveError("horizon_outside", ["options", "horizon"])

    Q = lambda x: float(np.interp(x, t, q))
    knots = [t0] + [float(x) for x in t if t0 < x < T] + [T]
    loss = gain = 0.0
    for a, c in zip(knots, knots[1:]):
        # Split at the baseline crossing (found by brentq): quad's error estimate misses a kink
        # close to an interval's end.
        pieces = [a, c]
        if (Q(a) - b) * (Q(c) - b) < 0:
            pieces = [a, brentq(lambda x: Q(x) - b, a, c, xtol=1e-14, rtol=1e-15), c]
        for u, v in zip(pieces, pieces[1:]):
            loss += quad(lambda x: max(0.0, b - Q(x)), u, v, epsabs=1e-13, epsrel=1e-13, limit=200)[0]
            gain += quad(lambda x: max(0.0, Q(x) - b), u, v, epsabs=1e-13, epsrel=1e-13, limit=200)[0]
    values = [Q(x) for x in knots]
    qmin = min(values)
    tmin = knots[values.index(qmin)]

    def reach(target):
        if qmin >= target:
            return t0
        after = [(x, y) for x, y in zip(knots, values) if x >= tmin]
        for (a, ya), (c, yc) in zip(after, after[1:]):
            if yc >= target:
                if ya >= target:
                    return a
                return brentq(lambda x: Q(x) - target, a, c, xtol=1e-14, rtol=1e-15)
        return None

    rec = reach(b)
    share = reach(o["recovery_share"] * b)
    lost = b - qmin
    ttr = None if rec is None else rec - t0
    dur = None if rec is None else max(0.0, rec - tmin)
    rapidity = lost / ttr if (ttr is not None and ttr > 0 and lost > 0) else None
    slope = lost / dur if (dur is not None and dur > 0 and lost > 0) else None
    end = Q(T)
    et = o["end_tolerance"]
    if end > b * (1 + et):
        state = "bounce_forward"
    elif end >= b * (1 - et):
        state = "bounce_back"
    else:
        state = "not_recovered"
    thr = b * (1 - et)
    reached = relapsed = False
    for x, y in zip(knots, values):
        if x < tmin:
            continue
        if y >= thr:
            reached = True
        elif reached:
            relapsed = True
            break
    coped = state != "not_recovered"
    developed = state == "bounce_forward"
    level = "high" if coped and developed else "medium" if coped else "low"
    return {
        "event_start": t0,
        "event_start_source": source,
        "pre_event_samples": pre,
        "baseline": b,
        "horizon": T,
        "min_value": qmin,
        "min_time": tmin,
        "depth": max(0.0, 1 - qmin / b),
        "loss_area": loss,
        "gain_area": gain,
        "recovered_at": rec,
        "time_to_recover": ttr,
        "share_recovered_at": share,
        "rapidity": rapidity,
        "recovery_slope": slope,
        "end_value": end,
        "end_state": state,
        "relapsed": relapsed,
        "coped": coped,
        "developed": developed,
        "level": level,
    }


def case(name, t, q, options=None):
    row = {"name": name, "series": {"time": list(t), "value": list(q)}, "options": options or {}}
    try:
        row["expected"] = analyse(list(t), list(q), options)
    except CurveError as e:
        row["error"] = {"code": e.code, "path": e.path}
    return row


def main():
    rows = []
    # Closed forms (also in crates/renxing/tests/curve.rs).
    rows.append(case("triangle detected", [0, 10, 11, 31, 40], [100, 100, 50, 100, 100]))
    rows.append(case("triangle given start", [-10, -5, 0, 20, 30], [100, 100, 50, 100, 100], {"event_start": 0}))
    rows.append(case("trapezoid", [0, 4, 6, 11, 19, 25], [80, 80, 50, 50, 80, 80]))
    rows.append(case("step up beyond baseline", [0, 10, 10.001, 20], [60, 60, 120, 120], {"event_start": 0, "baseline": 100}))
    tt = [k * 0.25 for k in range(201)]
    rows.append(case("exponential tau 5 (coarse)", tt, [100 - 50 * math.exp(-x / 5) for x in tt],
                     {"event_start": 0, "baseline": 100, "recovery_share": 0.99}))
    # The paper's rule.
    t5 = [0, 1, 2, 3, 4]
    rows.append(case("bounce back", t5, [100, 100, 40, 80, 100]))
    rows.append(case("bounce forward", t5, [100, 100, 40, 90, 115]))
    rows.append(case("not recovered", t5, [100, 100, 40, 60, 80]))
    rows.append(case("relapse", t5, [100, 100, 40, 100, 70]))
    rows.append(case("within the end band", t5, [100, 100, 40, 80, 99.5]))
    rows.append(case("horizon inside an interval", [0, 2, 4, 10], [50, 50, 20, 80], {"horizon": 7}))
    rows.append(case("given start between samples", [0, 2, 4, 10], [50, 50, 20, 80], {"event_start": 3}))
    rows.append(case("baseline given, detected", [0, 1, 2, 3, 6], [95, 101, 70, 90, 104], {"baseline": 100}))
    # Random curves with a drop, irregular times (fixed seed).
    rng = np.random.default_rng(20240613)
    for k in range(30):
        n = int(rng.integers(4, 25))
        steps = rng.uniform(0.05, 5.0, n)
        t = [round(float(x), 6) for x in np.concatenate([[0.0], np.cumsum(steps[:-1])])]
        q = [round(float(x), 4) for x in rng.uniform(20, 160, n)]
        opts = {}
        if k % 3 == 1:
            opts = {"event_start": t[1], "baseline": round(float(rng.uniform(50, 120)), 3)}
        if k % 3 == 2:
            opts = {"event_start": t[0], "baseline": round(float(rng.uniform(50, 120)), 3),
                    "horizon": round((t[-1] + t[-2]) / 2, 6), "recovery_share": 0.75, "end_tolerance": 0.05}
        rows.append(case(f"random {k}", t, q, opts))
    # Errors.
    rows.append(case("one sample", [0], [1]))
    rows.append(case("unsorted", [0, 2, 1], [1, 1, 1]))
    rows.append(case("length mismatch", [0, 1], [1]))
    rows.append(case("start outside", [0, 1, 2], [100, 50, 100], {"event_start": 2}))
    rows.append(case("no pre-event sample", [0, 1, 2], [100, 50, 100], {"event_start": 0}))
    rows.append(case("no event", [0, 1, 2], [1, 2, 3]))
    rows.append(case("dropped at first", [0, 1, 2], [50, 50, 100], {"baseline": 100}))
    rows.append(case("horizon beyond data", [0, 1, 2], [100, 50, 100], {"horizon": 3}))

    with open(os.path.join(HERE, "cases.jsonl"), "w", encoding="utf-8") as f:
        f.write("# Functionality curves and their expected metrics; written by generate.py (numpy/scipy).\n")
        f.write("# {name, series: {time, value}, options, expected: {...} | error: {code, path}}\n")
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} cases")


if __name__ == "__main__":
    main()
