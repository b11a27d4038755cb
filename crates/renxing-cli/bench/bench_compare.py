"""Comparison at scale: `renxing compare` of 10,000 and of 100,000 assessments, each set read
from one JSON Lines file, with the text and the JSON renderers.

Generates the data (seeded; every assessment of the paper framework, level codes drawn at random,
a few dimensions unrated), runs the release CLI on each file (best of --repeat runs, the whole
process: reading, validating, scoring, ranking, rendering), and prints the times and the ratio
against its target:

* 100,000 take at most 12x the time of 10,000 (O(n log n): 10x the data);
* 100,000 take under 5 s.

    python3 crates/renxing-cli/bench/bench_compare.py [--cli target/release/renxing] [--repeat 3]
        [--small 10000] [--large 100000]

Builds the CLI (`cargo build --release -p renxing-cli`) unless --cli is given. A measurement,
not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time

DIMENSIONS = [
    "needs_met", "resource_linkage", "rules", "emergency_knowledge", "volunteer_teams", "it_use",
    "government_connectivity", "resident_connectivity",
]
LEVELS = ["low", "medium", "high"]


def write_jsonl(path: str, n: int, seed: int) -> int:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            ratings = {}
            for d in DIMENSIONS:
                ratings[d] = None if rng.random() < 0.02 else {"level": rng.choice(LEVELS)}
            a = {"schema_version": 1, "framework": "sanshe-liandong-2022", "id": f"c{i:06d}",
                 "name": f"社区 {i}", "ratings": ratings}
            f.write(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n")
    return os.path.getsize(path)


def best_of(repeat: int, cmd: list[str], out_path: str) -> tuple[float, float, int]:
    """Best wall time, best CPU time (user + system of the child: what a loaded machine does not
    inflate) and the output's size. The output goes to a file, as `renxing ... > out` would (a
    pipe read by this script would time the script's reading of up to 565 MB as well)."""
    best, best_cpu, size = float("inf"), float("inf"), 0
    for _ in range(repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        with open(out_path, "wb") as out:
            subprocess.run(cmd, check=True, stdout=out, stderr=subprocess.PIPE)
        best = min(best, time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        size = os.path.getsize(out_path)
    return best, best_cpu, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=None, help="the renxing binary (default: build the release CLI)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--large", type=int, default=100_000)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    cli = args.cli
    if cli is None:
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "renxing-cli"], check=True, cwd=root)
        meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], check=True,
                              cwd=root, stdout=subprocess.PIPE, text=True)
        cli = os.path.join(json.loads(meta.stdout)["target_directory"], "release", "renxing")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (args.small, args.large):
            path = os.path.join(tmp, f"assessments-{n}.jsonl")
            size = write_jsonl(path, n, seed=2022)
            for fmt in ("text", "json"):
                t, cpu, out = best_of(args.repeat, [cli, "--lang", "en", "--format", fmt, "compare", path],
                                 os.path.join(tmp, f"out-{n}.{fmt}"))
                results[(n, fmt)] = (t, cpu)
                print(f"  compare {n:>7,} assessments ({size / 1e6:5.1f} MB JSONL), {fmt:<4} output: "
                      f"wall {t * 1e3:8.1f} ms, CPU {cpu * 1e3:8.1f} ms  ({out / 1e6:.1f} MB written; best of {args.repeat})")
        for fmt in ("text", "json"):
            (small, small_cpu), (large, large_cpu) = results[(args.small, fmt)], results[(args.large, fmt)]
            ratio = large / small
            met_ratio = ratio <= 12
            met_abs = large < 5.0
            ok &= met_ratio and met_abs
            print(f"{fmt}: wall time({args.large:,}) / time({args.small:,}) = {ratio:5.2f}x  "
                  f"(target <= 12x: {'met' if met_ratio else 'NOT met'});  "
                  f"{args.large:,} in {large:.2f} s wall (target < 5 s: {'met' if met_abs else 'NOT met'}); "
                  f"CPU {large_cpu:.2f} s, CPU ratio {large_cpu / small_cpu:5.2f}x")
    print(f"{platform.machine()}, {os.cpu_count()} CPUs visible, load average {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}")
    print("all targets met" if ok else "some targets NOT met (see above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
