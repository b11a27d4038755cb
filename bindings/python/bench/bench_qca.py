"""Exact QCA minimisation: renxing's ``qca`` operation next to pyqca (0.2.0) on the same data.

Data (seeded, numpy ``default_rng(SEED)``): ``k`` binary conditions X1..Xk drawn uniformly, the
outcome from a known causal structure ``Y = X1*X2 + X3*~X4 + X5*X6*~X7`` (over X1..X7 even when
``k < 7``: the missing ones are then unobserved causes) with a share of the cases
(``--noise``, default 5 %) flipped at random, ``n`` cases. Both tools build the crisp truth table with inclusion
cut 0.75 and minimise it; the timed solution is the parsimonious one (every remainder a
don't-care). renxing computes all minimal models (capped at ``max_solutions``, stated in the
result as ``truncated``), and with ``--conservative`` the conservative solution's too; pyqca
always computes one conservative and one parsimonious model.
A second case, a uniformly random outcome (no structure), is run too when asked.

Each tool runs in a child process with a CPU-time limit (``--limit`` seconds); a run over the
limit is reported as such, not as a number. The machine is shared (2 vCPU, load from other
work), so CPU time of the child is the figure compared; wall time is printed as well.

    python bench_qca.py                       # the default grid
    python bench_qca.py --k 6 8 --n 300 --limit 30
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

SEED = 12


def make_data(k: int, n: int, random_outcome: bool, noise: float = 0.05) -> Any:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED)
    x = rng.integers(0, 2, size=(n, max(k, 7)))
    if random_outcome:
        y = rng.integers(0, 2, size=n)
    else:
        a, b, c, d, e, f, g = (x[:, j] for j in range(7))
        y = (a & b) | (c & (1 - d)) | (e & f & (1 - g))
        flip = rng.random(n) < noise
        y = np.where(flip, 1 - y, y)
    x = x[:, :k]
    df = pd.DataFrame(x, columns=[f"X{j + 1}" for j in range(k)], index=[f"c{i}" for i in range(n)])
    df["Y"] = y
    return df


def run_renxing(
    k: int, n: int, random_outcome: bool, max_solutions: int, noise: float, conservative: bool
) -> dict[str, Any]:
    import renxing
    from renxing._qca import qca_table

    df = make_data(k, n, random_outcome, noise)
    table = qca_table(df, "Y")
    t0, w0 = time.process_time(), time.perf_counter()
    r = renxing._ops.qca(
        table=table,
        truth_table={"incl_cut": 0.75},
        minimize={"conservative": conservative, "parsimonious": True, "max_solutions": max_solutions},
    )
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    p = r["minimization"]["parsimonious"]
    return {
        "cpu": cpu,
        "wall": wall,
        "models": len(p["solutions"]),
        "terms": len(p["solutions"][0]["terms"]),
        "truncated": p["truncated"],
        "pis": len(p["prime_implicants"]),
        "positive": len(p["explained_rows"]),
    }


def run_pyqca(k: int, n: int, random_outcome: bool, noise: float) -> dict[str, Any]:
    import warnings

    from qca import CSQCA

    df = make_data(k, n, random_outcome, noise)
    t0, w0 = time.process_time(), time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = CSQCA(data=df, outcome="Y", conditions=list(df.columns[:-1])).fit(
            consistency_cutoff=0.75, coverage_cutoff=0.0
        )
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    terms = p.solutions.loc[p.solutions["solution_type"] == "parsimonious", "term"]
    return {"cpu": cpu, "wall": wall, "models": 1, "terms": len(terms)}


def child(args: argparse.Namespace) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (args.limit, args.limit + 1))
    if args.tool == "renxing":
        out = run_renxing(args.k[0], args.n, args.random, args.max_solutions, args.noise, args.conservative)
    else:
        out = run_pyqca(args.k[0], args.n, args.random, args.noise)
    print(json.dumps(out))


def in_child(tool: str, k: int, args: argparse.Namespace) -> dict[str, Any] | None:
    cmd = [sys.executable, __file__, "--child", tool, "--k", str(k), "--n", str(args.n)]
    cmd += ["--limit", str(args.limit), "--max-solutions", str(args.max_solutions)]
    cmd += ["--noise", str(args.noise)] + (["--conservative"] if args.conservative else [])
    if args.random:
        cmd.append("--random")
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return None
    return json.loads(p.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--k", type=int, nargs="+", default=[6, 8, 10, 12])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--limit", type=int, default=120, help="CPU seconds per run")
    ap.add_argument("--max-solutions", type=int, default=10_000)
    ap.add_argument("--random", action="store_true", help="uniformly random outcome")
    ap.add_argument("--noise", type=float, default=0.05, help="share of cases whose outcome is flipped")
    ap.add_argument("--no-pyqca", action="store_true")
    ap.add_argument(
        "--conservative",
        action="store_true",
        help="renxing computes the conservative solution too (all its minimal models)",
    )
    ap.add_argument("--largest", action="store_true", help="largest k under 1 s (renxing)")
    ap.add_argument("--child", choices=["renxing", "pyqca"])
    ap.add_argument("--check", action="store_true", help="fail if the minimal sizes differ")
    args = ap.parse_args()
    if args.child:
        args.tool = args.child
        child(args)
        return
    what = (
        "random outcome"
        if args.random
        else f"Y = X1*X2 + X3*~X4 + X5*X6*~X7, {args.noise:.0%} flipped"
    )
    print(f"data: {what}, n = {args.n}, seed {SEED}, incl.cut 0.75, CPU limit {args.limit} s")
    print(
        "renxing: the parsimonious solution, all minimal models"
        + (" + the conservative solution, all minimal models" if args.conservative else "")
        + "; pyqca: one conservative and one parsimonious model (it has no option for one)"
    )
    print(f"{'k':>3} {'renxing cpu':>12} {'wall':>8} {'models':>8} {'terms':>6} "
          f"{'pyqca cpu':>10} {'wall':>8} {'terms':>6} {'ratio (cpu)':>12}")
    for k in args.k:
        r = in_child("renxing", k, args)
        py = None if args.no_pyqca else in_child("pyqca", k, args)
        rs = (f"{r['cpu']:12.3f} {r['wall']:8.3f} {r['models']:>7}{'+' if r['truncated'] else ' '}"
              f" {r['terms']:>6}") if r else f"{'> limit':>12} {'':>8} {'':>8} {'':>6}"
        ps = (f"{py['cpu']:10.3f} {py['wall']:8.3f} {py['terms']:>6}" if py
              else f"{'> limit' if not args.no_pyqca else 'not run':>10} {'':>8} {'':>6}")
        ratio = f"{py['cpu'] / max(r['cpu'], 1e-6):11.1f}x" if (r and py) else f"{'-':>12}"
        same = "" if not (r and py) else ("  same size" if r["terms"] == py["terms"] else "  SIZES DIFFER")
        print(f"{k:>3} {rs} {ps} {ratio}{same}", flush=True)
        if args.check and r and py and r["terms"] != py["terms"]:
            raise SystemExit(f"k={k}: renxing's minimal model has {r['terms']} terms, pyqca's {py['terms']}")
    if args.largest:
        best = None
        for k in range(4, 21):
            r = in_child("renxing", k, argparse.Namespace(**{**vars(args), "limit": 5}))
            if r is None or r["cpu"] >= 1.0:
                break
            best = (k, r["cpu"])
        print(f"largest k minimised in under 1 s CPU (renxing, n = {args.n}): {best}")
    print("(+ after the model count: truncated at max_solutions, as the result states)")


if __name__ == "__main__":
    main()
