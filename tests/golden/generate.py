#!/usr/bin/env python3
"""Independent reference implementation (a naive oracle) that writes the expected values of the
golden vectors: scoring.jsonl, compare.jsonl and batch.jsonl.

It is written from docs/framework.md and FRAMEWORK.md, not from the Rust code, and uses only the
standard library. Run it from anywhere: `python3 tests/golden/generate.py`. Its output is committed;
the Rust, Python and JavaScript suites compare renxing against it. errors.jsonl is hand-written.
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
EPS = 1e-9


def load(rel):
    with open(os.path.join(HERE, rel), encoding="utf-8") as f:
        return json.load(f)


PAPER = load("frameworks/paper.json")


def level_code(x, k):
    c = math.ceil(x - 0.5 - EPS)
    return max(1, min(k, c))


def score_of(x, k):
    return (x - 1.0) / (k - 1) * 100.0


def aggregate(method, items):
    """items: list of (x, w) with w > 0."""
    if not items:
        return None
    mn = min(x for x, _ in items)
    sw = 0.0
    swx = 0.0
    for x, w in items:
        sw += w
        swx += w * x
    mean = min(max(swx / sw, mn), max(x for x, _ in items))  # clamped to the inputs' range
    if method == "mean":
        return mean
    if method == "minimum":
        return mn
    if method == "capped_mean":
        return min(mean, mn + 1.0)
    if method == "median":
        items = sorted(items, key=lambda p: p[0])
        total = sum(w for _, w in items)
        cum = 0.0
        for x, w in items:
            cum += w
            if cum >= total / 2.0 - EPS * total:
                return x
        return items[-1][0]
    raise ValueError(method)


def rule(coped, developed):
    if coped and developed:
        return 3, False
    if coped:
        return 2, False
    return 1, developed  # developed but not coped: low, inconsistent


def weights(fw, options):
    options = options or {}
    dw = {d["id"]: d.get("weight", 1.0) for d in fw["dimensions"]}
    aw = {a["id"]: a.get("weight", 1.0) for a in fw["attributes"]}
    dw.update(options.get("dimension_weights", {}))
    aw.update(options.get("attribute_weights", {}))
    return dw, aw


def grade(fw, x):
    k = len(fw["levels"])
    if x is None:
        return {"level": None, "score": None}
    return {"level": fw["levels"][level_code(x, k) - 1]["id"], "score": score_of(x, k), "code": level_code(x, k), "x": x}


def score(fw, a, options=None):
    options = options or {}
    method = options.get("method", "mean")
    k = len(fw["levels"])
    codes = {l["id"]: i + 1 for i, l in enumerate(fw["levels"])}
    dw, aw = weights(fw, options)
    xs = {}
    inconsistent = []
    for d in fw["dimensions"]:
        r = a["ratings"][d["id"]]
        if r is None:
            xs[d["id"]] = None
        elif "level" in r:
            xs[d["id"]] = float(codes[r["level"]])
        elif "score" in r:
            xs[d["id"]] = 1.0 + r["score"] / 100.0 * (k - 1)
        else:
            c, inc = rule(r["coped"], r["developed"])
            xs[d["id"]] = float(c)
            if inc:
                inconsistent.append(d["id"])
    ax = {}
    counts = {}
    for at in fw["attributes"]:
        dims = [d["id"] for d in fw["dimensions"] if d["attribute"] == at["id"] and dw[d["id"]] > 0]
        items = [(xs[i], dw[i]) for i in dims if xs[i] is not None]
        ax[at["id"]] = aggregate(method, items)
        counts[at["id"]] = (len(items), len(dims))
    overall = aggregate(method, [(ax[at["id"]], aw[at["id"]]) for at in fw["attributes"]
                                 if ax[at["id"]] is not None and aw[at["id"]] > 0])
    return xs, ax, counts, overall, inconsistent


def mean_positive(ws):
    pos = [w for w in ws if w > 0]
    return sum(pos) / len(pos) if pos else 1.0


NEXT_PHASE = {
    "preparedness": "response",
    "response": "recovery",
    "recovery": "learning",
    "learning": "preparedness",
}


def diagnose(fw, a, options=None):
    k = len(fw["levels"])
    xs, ax, counts, overall, inconsistent = score(fw, a, options)
    dw, aw = weights(fw, options)
    mean_aw = mean_positive([aw[at["id"]] for at in fw["attributes"]])
    mean_dw = mean_positive([dw[d["id"]] for d in fw["dimensions"]])
    attr_def = []
    for at in fw["attributes"]:
        x = ax[at["id"]]
        if aw[at["id"]] > 0 and x is not None and level_code(x, k) < k:
            attr_def.append((at["id"], (k - x) * (aw[at["id"]] / mean_aw)))
    dim_def = []
    for d in fw["dimensions"]:
        x = xs[d["id"]]
        if dw[d["id"]] > 0 and x is not None and level_code(x, k) < k:
            rel = aw[d["attribute"]] / mean_aw
            dim_def.append((d["id"], (k - x) * dw[d["id"]] / mean_dw * rel))
    attr_def.sort(key=lambda p: -p[1])
    dim_def.sort(key=lambda p: -p[1])
    sev = dict(attr_def + dim_def)
    # Phase-aware: a diagnosis made in a phase (the assessment's) leads with the remedies that
    # act in the phase ahead (docs/timeline.md: preparedness -> response -> recovery -> learning
    # -> preparedness), by priority within each group.
    ahead = NEXT_PHASE.get(a.get("phase"))
    rems = []
    for r in fw.get("remedies", []):
        hits = [sev[t] for t in r["targets"] if t in sev]
        if hits:
            rems.append((r["id"], max(hits), ahead is not None and ahead in r.get("phases", [])))
    rems.sort(key=lambda p: (not p[2], -p[1]))
    nearest = None
    if fw["id"] == PAPER["id"]:
        dists = []
        for cid in ("case-a", "case-b", "case-c"):
            cx, _, _, _, _ = score(fw, load(f"inputs/{cid}.json"), options)
            s = 0.0
            sw = 0.0
            n = 0
            for d in fw["dimensions"]:
                i = d["id"]
                if xs[i] is not None and cx[i] is not None and dw[i] > 0:
                    sw += dw[i]
                    s += dw[i] * (xs[i] - cx[i]) ** 2
                    n += 1
            if n:
                dists.append((cid, math.sqrt(s / sw)))
        dists.sort(key=lambda p: p[1])
        nearest = dists[0][0] if dists else None
    columns = {}
    for at in fw["attributes"]:
        if at.get("split"):
            for d in fw["dimensions"]:
                if d["attribute"] == at["id"]:
                    columns[f'{at["id"]}.{d["id"]}'] = grade(fw, xs[d["id"]])["level"]
        else:
            columns[at["id"]] = grade(fw, ax[at["id"]])["level"]

    def g(x):
        gg = grade(fw, x)
        return {"level": gg["level"], "score": gg["score"]}

    return {
        "dimensions": {i: g(x) for i, x in xs.items()},
        "attributes": {i: dict(g(x), rated=counts[i][0], total=counts[i][1]) for i, x in ax.items()},
        "columns": columns,
        "overall": g(overall),
        "attribute_deficits": [i for i, _ in attr_def],
        "dimension_deficits": [i for i, _ in dim_def],
        "remedies": [r[0] for r in rems],
        "nearest_case": nearest,
        "unrated": [i for i, x in xs.items() if x is None],
        "inconsistencies": inconsistent,
    }


def compare(fw, assessments, options=None):
    rows = []
    for a in assessments:
        xs, ax, counts, overall, _ = score(fw, a, options)
        k = len(fw["levels"])
        rows.append((a["id"], None if overall is None else score_of(overall, k), xs))
    same = lambda p, q: abs(p - q) <= EPS * 100.0
    scores = [s for _, s, _ in rows if s is not None]
    ranking = []
    for rid, s, _ in rows:
        rank = None if s is None else 1 + sum(1 for o in scores if o > s and not same(o, s))
        tied = s is not None and sum(1 for o in scores if same(o, s)) > 1
        ranking.append({"id": rid, "rank": rank, "tied": tied})
    ranking.sort(key=lambda e: e["rank"] if e["rank"] is not None else 10**9)
    extremes = {}
    k = len(fw["levels"])
    for d in fw["dimensions"]:
        vals = [(rid, score_of(xs[d["id"]], k)) for rid, _, xs in rows if xs[d["id"]] is not None]
        if not vals:
            extremes[d["id"]] = {"best": [], "worst": []}
            continue
        hi = max(v for _, v in vals)
        lo = min(v for _, v in vals)
        extremes[d["id"]] = {"best": [r for r, v in vals if same(v, hi)], "worst": [r for r, v in vals if same(v, lo)]}
    return {"ranking": ranking, "extremes": extremes}


def batch(fw, kind, rows, options=None):
    out = {"overall_score": [], "overall_level": [], "attribute_score": [], "attribute_level": []}
    for row in rows:
        ratings = {}
        for d, v in zip(fw["dimensions"], row):
            ratings[d["id"]] = {"level": fw["levels"][v - 1]["id"]} if kind == "codes" else {"score": v}
        xs, ax, counts, overall, _ = score(fw, {"ratings": ratings}, options)
        k = len(fw["levels"])
        out["overall_score"].append(score_of(overall, k))
        out["overall_level"].append(level_code(overall, k))
        out["attribute_score"].append([score_of(ax[a["id"]], k) for a in fw["attributes"]])
        out["attribute_level"].append([level_code(ax[a["id"]], k) for a in fw["attributes"]])
    return out


SCORING = [
    ("case-a default", "inputs/case-a.json", None, None),
    ("case-b default", "inputs/case-b.json", None, None),
    ("case-c default", "inputs/case-c.json", None, None),
    ("case-b median", "inputs/case-b.json", None, {"method": "median"}),
    ("case-b minimum", "inputs/case-b.json", None, {"method": "minimum"}),
    ("case-b capped_mean", "inputs/case-b.json", None, {"method": "capped_mean"}),
    ("case-c median", "inputs/case-c.json", None, {"method": "median"}),
    ("case-c minimum", "inputs/case-c.json", None, {"method": "minimum"}),
    ("case-b weighted: resource_linkage x3, connectivity x2", "inputs/case-b.json", None,
     {"dimension_weights": {"resource_linkage": 3.0}, "attribute_weights": {"connectivity": 2.0}}),
    ("case-c weighted: emergency_knowledge weight 0", "inputs/case-c.json", None,
     {"dimension_weights": {"emergency_knowledge": 0.0}}),
    ("all medium", "inputs/all-medium.json", None, None),
    ("all high: no deficit", "inputs/all-high.json", None, None),
    ("mixed forms: answers, scores, null, inconsistency", "inputs/mixed-forms.json", None, None),
    ("mixed forms median", "inputs/mixed-forms.json", None, {"method": "median"}),
    ("no connectivity rated", "inputs/no-connectivity.json", None, None),
    ("five-level custom framework", "inputs/five-level.json", "frameworks/five-level.json", None),
    ("five-level custom framework capped_mean", "inputs/five-level.json", "frameworks/five-level.json", {"method": "capped_mean"}),
]

COMPARE = [
    ("reference cases", ["inputs/case-a.json", "inputs/case-b.json", "inputs/case-c.json"], None),
    ("ties: B and its twin", ["inputs/case-b.json", "inputs/twin-b.json", "inputs/all-medium.json", "inputs/case-a.json"], None),
    ("with unrated dimensions", ["inputs/no-connectivity.json", "inputs/mixed-forms.json", "inputs/all-high.json"], None),
    ("reference cases by minimum", ["inputs/case-a.json", "inputs/case-b.json", "inputs/case-c.json"], {"method": "minimum"}),
]

BATCH = [
    ("codes: the three cases", "codes", [[1, 1, 1, 1, 1, 1, 1, 3], [3, 1, 3, 2, 2, 2, 3, 2], [3, 3, 3, 1, 3, 3, 3, 3]], None),
    ("codes: ties at 2.5 round down", "codes", [[3, 2, 2, 2, 2, 2, 3, 2], [2, 2, 2, 2, 2, 2, 2, 2], [3, 3, 3, 3, 3, 3, 1, 1]], None),
    ("scores", "scores", [[0, 50, 100, 25, 75, 12.5, 100, 0], [62.5, 62.5, 62.5, 62.5, 62.5, 62.5, 62.5, 62.5]], None),
    ("codes: median", "codes", [[3, 1, 3, 2, 2, 2, 3, 2], [1, 3, 3, 1, 1, 3, 1, 3]], {"method": "median"}),
]


HEADER = """# renxing golden vectors: {what}.
# Generated by tests/golden/generate.py, an independent naive implementation of the rules in
# docs/framework.md (standard-library Python, not renxing). Do not edit by hand: edit generate.py.
# Every other line is one JSON object. Paths are relative to tests/golden/. Compare floats with an
# absolute tolerance of 1e-9. Read by the Rust (crates/renxing/tests/golden.rs), Python
# (bindings/python/tests) and JavaScript (bindings/wasm/tests) suites.
"""


def write(name, what, objs):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(HEADER.format(what=what))
        for o in objs:
            f.write(json.dumps(o, ensure_ascii=False, sort_keys=False) + "\n")


def main():
    frameworks = {}

    def fw_of(path):
        if path is None:
            return PAPER
        if path not in frameworks:
            frameworks[path] = load(path)
        return frameworks[path]

    scoring = []
    for name, inp, fwp, opts in SCORING:
        scoring.append({"name": name, "input": inp, "framework": fwp, "options": opts,
                        "expected": diagnose(fw_of(fwp), load(inp), opts)})
    write("scoring.jsonl", "scoring and diagnosis of one assessment", scoring)
    comps = []
    for name, inps, opts in COMPARE:
        comps.append({"name": name, "inputs": inps, "options": opts,
                      "expected": compare(PAPER, [load(i) for i in inps], opts)})
    write("compare.jsonl", "comparison of several assessments", comps)
    batches = []
    for name, kind, rows, opts in BATCH:
        batches.append({"name": name, "kind": kind, "rows": rows, "options": opts,
                        "expected": batch(PAPER, kind, rows, opts)})
    write("batch.jsonl", "batch (array) scoring of the paper framework, columns in dimension order", batches)


if __name__ == "__main__":
    main()
