#!/usr/bin/env python3
"""Writes tests/golden/timeline/cases.jsonl: sets of dated/phased assessments and their expected
timelines (order, changes, gaps) and comparison (ranking, improved most, fell back).

An independent, standard-library implementation of the rules of renxing::timeline (see
docs/timeline.md) and of the default scoring (FRAMEWORK.md §3: levels low/medium/high = 1/2/3,
an attribute is the mean of its rated dimensions, the overall the mean of the rated attributes,
score = (x - 1) / 2 * 100, level = nearest code with ties downwards).

Run:  python3 tests/golden/timeline/generate.py
"""

import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

DIMS = [
    ("needs_met", "robustness"),
    ("resource_linkage", "robustness"),
    ("rules", "robustness"),
    ("emergency_knowledge", "redundancy"),
    ("volunteer_teams", "redundancy"),
    ("it_use", "redundancy"),
    ("government_connectivity", "connectivity"),
    ("resident_connectivity", "connectivity"),
]
ATTRS = ["robustness", "redundancy", "connectivity"]
LEVELS = ["low", "medium", "high"]
PHASES = ["preparedness", "response", "recovery", "learning"]


def mark(x):
    if x is None:
        return None
    code = math.ceil(x - 0.5 - 1e-9)
    return {"level": LEVELS[code - 1], "code": code, "score": (x - 1) / 2 * 100}


def score(a):
    dims = {}
    for d, _ in DIMS:
        r = a["ratings"].get(d)
        dims[d] = None if r is None else LEVELS.index(r["level"]) + 1
    attrs = {}
    for at in ATTRS:
        xs = [dims[d] for d, a2 in DIMS if a2 == at and dims[d] is not None]
        attrs[at] = sum(xs) / len(xs) if xs else None
    rated = [attrs[at] for at in ATTRS if attrs[at] is not None]
    overall = sum(rated) / len(rated) if rated else None
    return dims, attrs, overall


def change(x, y, tol):
    if x is None or y is None:
        return {"score_delta": None, "level_delta": None, "direction": "not_comparable"}
    mx, my = mark(x), mark(y)
    d = my["score"] - mx["score"]
    direction = "improved" if d > tol else "worsened" if d < -tol else "unchanged"
    return {"score_delta": d, "level_delta": my["code"] - mx["code"], "direction": direction}


def step(p, q, tol):
    out = {}
    for d, _ in DIMS:
        out["dimension:" + d] = change(p[0][d], q[0][d], tol)
    for at in ATTRS:
        out["attribute:" + at] = change(p[1][at], q[1][at], tol)
    out["overall"] = change(p[2], q[2], tol)
    return out


def sort_key(a):
    date = a.get("date")
    phase = a.get("phase")
    return (date is None, date or "", PHASES.index(phase) if phase else 255)


def build(assessments, options):
    tol = options.get("tolerance", 1e-9)
    grouping = options.get("grouping", "id")
    order, groups = [], {}
    for i, a in enumerate(assessments):
        if grouping == "id":
            key = a["id"]
        elif grouping == "single":
            key = assessments[0]["id"]
        else:
            key = a["metadata"][grouping["metadata_key"]]
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(i)
    timelines = []
    for key in order:
        members = sorted(groups[key], key=lambda i: sort_key(assessments[i]))
        scored = [score(assessments[i]) for i in members]
        steps = [step(scored[k - 1], scored[k], tol) for k in range(1, len(members))]
        phases = {assessments[i].get("phase") for i in members}
        last_phase = assessments[members[-1]].get("phase")
        timelines.append({
            "community": key,
            "order": members,
            "overall_scores": [None if s[2] is None else mark(s[2])["score"] for s in scored],
            "steps": steps,
            "first_to_last": step(scored[0], scored[-1], tol) if len(members) > 1 else None,
            "missing_phases": [p for p in PHASES if p not in phases],
            "phase_ahead": None if last_phase is None else PHASES[(PHASES.index(last_phase) + 1) % 4],
        })
    entries = []
    for t in timelines:
        ftl = t["first_to_last"]
        delta = None if ftl is None else ftl["overall"]["score_delta"]
        entries.append({"community": t["community"], "delta": delta})
    ranked = sorted([e for e in entries if e["delta"] is not None], key=lambda e: -e["delta"])
    unranked = [e for e in entries if e["delta"] is None]
    prev = None
    for pos, e in enumerate(ranked):
        if prev is not None and abs(prev[0] - e["delta"]) <= 1e-7:
            e["rank"] = prev[1]
        else:
            e["rank"] = pos + 1
        prev = (e["delta"], e["rank"])
    for e in unranked:
        e["rank"] = None
    ranking = ranked + unranked
    counts = {}
    for e in ranking:
        counts[e["rank"]] = counts.get(e["rank"], 0) + 1
    for e in ranking:
        e["tied"] = e["rank"] is not None and counts[e["rank"]] > 1
    improved_most = [e["community"] for e in ranking if e["rank"] == 1 and e["delta"] > tol]
    fell = [e for e in ranking if e["delta"] is not None and e["delta"] < -tol]
    fell.sort(key=lambda e: e["delta"])
    return {
        "timelines": timelines,
        "ranking": [{"community": e["community"], "rank": e["rank"], "overall_delta": e["delta"], "tied": e["tied"]} for e in ranking],
        "improved_most": improved_most,
        "fell_back": [e["community"] for e in fell],
    }


def assessment(cid, levels, phase=None, date=None, metadata=None):
    a = {"schema_version": 1, "framework": "sanshe-liandong-2022", "id": cid, "name": cid,
         "ratings": {d: (None if lv is None else {"level": lv}) for (d, _), lv in zip(DIMS, levels)}}
    if phase:
        a["phase"] = phase
    if date:
        a["date"] = date
    if metadata:
        a["metadata"] = metadata
    return a


CASE_A = ["low"] * 6 + ["low", "high"]
CASE_B = ["high", "low", "high", "medium", "medium", "medium", "high", "medium"]
CASE_C = ["high", "high", "high", "low", "high", "high", "high", "high"]


def main():
    rows = []

    def add(name, assessments, options=None):
        options = options or {}
        rows.append({"name": name, "assessments": assessments, "options": options,
                     "expected": build(assessments, options)})

    add("case A to case B (paper)", [
        assessment("riverside", CASE_B, "recovery", "2020-06-01"),
        assessment("riverside", CASE_A, "preparedness", "2020-01-10"),
    ])
    add("three cases as one community's cycle", [
        assessment("k", CASE_C, "learning", "2021-03-01"),
        assessment("k", CASE_A, "preparedness", "2020-01-01"),
        assessment("k", CASE_B, "response", "2020-02-01"),
    ])
    add("tolerance 30 points", [
        assessment("k", CASE_A, "preparedness"),
        assessment("k", CASE_B, "recovery"),
    ], {"tolerance": 30.0})
    add("undated after dated, no phase last", [
        assessment("u", CASE_B, None, None),
        assessment("u", CASE_A, "learning", None),
        assessment("u", CASE_C, "recovery", "2021-01-01"),
        assessment("u", CASE_A, "response", "2021-01-01"),
        assessment("u", CASE_B, None, "2021-01-01"),
        assessment("u", CASE_C, "preparedness", None),
    ])
    add("grouped by metadata key", [
        assessment("lake-2020", CASE_A, "preparedness", None, {"community": "lake"}),
        assessment("hill-2020", CASE_C, "preparedness", None, {"community": "hill"}),
        assessment("lake-2021", CASE_C, "recovery", None, {"community": "lake"}),
        assessment("hill-2021", CASE_B, "recovery", None, {"community": "hill"}),
    ], {"grouping": {"metadata_key": "community"}})
    add("single group", [
        assessment("x-1", CASE_B, "response"),
        assessment("x-2", CASE_A, "preparedness"),
    ], {"grouping": "single"})
    # Random panels of communities (fixed seed), with some unrated dimensions.
    rng = random.Random(13)
    for k in range(8):
        items = []
        ncom = rng.randint(2, 6)
        for c in range(ncom):
            npts = rng.randint(1, 4)
            phases = rng.sample(PHASES, npts)
            for ph in phases:
                levels = [rng.choice(LEVELS + [None] if rng.random() < 0.15 else LEVELS) for _ in DIMS]
                date = None if rng.random() < 0.3 else f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                items.append(assessment(f"c{c}", levels, ph, date))
        rng.shuffle(items)
        add(f"random panel {k}", items)

    with open(os.path.join(HERE, "cases.jsonl"), "w", encoding="utf-8") as f:
        f.write("# Timelines and their comparison; written by generate.py (standard-library Python).\n")
        f.write("# {name, assessments: [assessment file objects], options, expected: {timelines: [{community, order, overall_scores, steps, first_to_last, missing_phases, phase_ahead}], ranking, improved_most, fell_back}}\n")
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} cases")


if __name__ == "__main__":
    main()
