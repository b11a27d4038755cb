"""Generate the golden vectors of renxing::agree (see README.md in this directory).

Reference packages (pinned in README.md): krippendorff (alpha; level_of_measurement always
passed explicitly), statsmodels (cohens_kappa, fleiss_kappa), irrCAC (Gwet's AC1, percent
agreement p_a). The bootstrap vectors come from an independent pure-Python implementation of the
documented algorithm (ChaCha20 stream, Krippendorff's pair resampling), so the Rust numbers are
checked bit for bit.

Run:  python tests/golden/agree/generate.py   (from the repository root)
"""

import bisect
import warnings
import json
import math
import os
import random
import struct

import krippendorff
import numpy as np
import pandas as pd
from irrCAC.raw import CAC
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa

HERE = os.path.dirname(os.path.abspath(__file__))
METRICS = ["nominal", "ordinal", "interval", "ratio"]


# ------------------------------------------------------------------------------------------
# reference values from the packages
# ------------------------------------------------------------------------------------------


def domain_of(scale, matrix):
    if scale["kind"] == "categories":
        return [float(v) for v in range(1, scale["levels"] + 1)]
    return sorted({float(v) for row in matrix for v in row if v is not None})


def kripp(matrix, domain, metric):
    """alpha from the krippendorff package, or None when it is undefined."""
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], float).T
    try:
        with np.errstate(all="ignore"):
            a = krippendorff.alpha(
                reliability_data=data,
                value_domain=np.array(domain, float),
                level_of_measurement=metric,
            )
    except (ValueError, ZeroDivisionError):
        return None
    return float(a) if math.isfinite(a) else None


def cohen(matrix, domain, a, b):
    q = len(domain)
    ix = {v: i for i, v in enumerate(domain)}
    table = np.zeros((q, q))
    for row in matrix:
        if row[a] is not None and row[b] is not None:
            table[ix[row[a]], ix[row[b]]] += 1
    if table.sum() == 0:
        return None
    out = {}
    for name, wt in [("unweighted", None), ("linear", "linear"), ("quadratic", "quadratic")]:
        with np.errstate(all="ignore"):
            if wt is None:
                k = cohens_kappa(table).kappa
            else:
                k = cohens_kappa(table, wt=wt).kappa
        out[name] = float(k) if math.isfinite(k) else None
    return out


def fleiss(matrix, domain, complete_only):
    q = len(domain)
    ix = {v: i for i, v in enumerate(domain)}
    n_coders = len(matrix[0])
    rows = []
    ms = set()
    for row in matrix:
        vals = [v for v in row if v is not None]
        if not vals:
            continue
        if complete_only and len(vals) != n_coders:
            continue
        ms.add(len(vals))
        counts = [0] * q
        for v in vals:
            counts[ix[v]] += 1
        rows.append(counts)
    if not rows or len(ms) != 1 or ms.pop() < 2:
        return None
    with np.errstate(all="ignore"):
        k = fleiss_kappa(np.array(rows, float), method="fleiss")
    return {"kappa": float(k) if math.isfinite(k) else None, "n_units": len(rows)}


def gwet(matrix, domain):
    df = pd.DataFrame([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    cac = CAC(df, categories=list(domain), digits=20)
    est = cac.gwet()["est"]
    return float(est["coefficient_value"]), float(est["pa"])


# ------------------------------------------------------------------------------------------
# the documented bootstrap, independently (ChaCha20 in pure Python)
# ------------------------------------------------------------------------------------------

MASK = 0xFFFFFFFF


def _rotl(x, n):
    return ((x << n) & MASK) | (x >> (32 - n))


def _qr(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & MASK
    s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & MASK
    s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & MASK
    s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & MASK
    s[b] = _rotl(s[b] ^ s[c], 7)


class Uniforms:
    """ChaCha20, key = seed as 8 little-endian bytes + 24 zero bytes, 64-bit counter from 0,
    stream 0; u64 = lo | hi << 32 of consecutive words; uniform = (u64 >> 11) * 2**-53."""

    def __init__(self, seed):
        key = struct.pack("<Q", seed) + bytes(24)
        self.key = list(struct.unpack("<8I", key))
        self.counter = 0
        self.words = []
        self.pos = 0

    def _block(self):
        c = self.counter
        init = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574] + self.key + [
            c & MASK,
            (c >> 32) & MASK,
            0,
            0,
        ]
        s = list(init)
        for _ in range(10):
            _qr(s, 0, 4, 8, 12)
            _qr(s, 1, 5, 9, 13)
            _qr(s, 2, 6, 10, 14)
            _qr(s, 3, 7, 11, 15)
            _qr(s, 0, 5, 10, 15)
            _qr(s, 1, 6, 11, 12)
            _qr(s, 2, 7, 8, 13)
            _qr(s, 3, 4, 9, 14)
        self.counter += 1
        return [(x + y) & MASK for x, y in zip(s, init)]

    def word(self):
        if self.pos == len(self.words):
            self.words = self._block()
            self.pos = 0
        w = self.words[self.pos]
        self.pos += 1
        return w

    def next_u64(self):
        lo = self.word()
        hi = self.word()
        return lo | (hi << 32)

    def next(self):
        return (self.next_u64() >> 11) * (1.0 / 9007199254740992.0)


def reference_alpha(matrix, domain, metric):
    k = len(domain)
    ix = {v: i for i, v in enumerate(domain)}
    o = [0.0] * (k * k)
    n_c = [0] * k
    pairs = 0
    for row in matrix:
        counts = {}
        for v in row:
            if v is not None:
                counts[ix[v]] = counts.get(ix[v], 0) + 1
        m = sum(counts.values())
        if m >= 2:
            pairs += m * (m - 1) // 2
            w = 1.0 / (m - 1)
            for a, na in counts.items():
                n_c[a] += na
                for b, nb in counts.items():
                    prod = na * (na - 1) if a == b else na * nb
                    if prod > 0:
                        o[a * k + b] += prod * w
    n = sum(n_c)
    d = [0.0] * (k * k)
    prefix = [0]
    for g in range(k):
        prefix.append(prefix[-1] + n_c[g])
    for c in range(k):
        for j in range(k):
            if metric == "nominal":
                d[c * k + j] = 1.0 if c != j else 0.0
            elif metric == "ordinal":
                lo, hi = min(c, j), max(c, j)
                if lo != hi:
                    x = float(prefix[hi + 1] - prefix[lo]) - float(n_c[lo] + n_c[hi]) / 2.0
                    d[c * k + j] = x * x
            elif metric == "interval":
                x = domain[c] - domain[j]
                d[c * k + j] = x * x
            else:
                s = domain[c] + domain[j]
                if s != 0.0:
                    x = (domain[c] - domain[j]) / s
                    d[c * k + j] = x * x
    num = 0.0
    den = 0.0
    for c in range(k):
        for j in range(k):
            dd = d[c * k + j]
            if dd != 0.0:
                num += o[c * k + j] * dd
                den += float(n_c[c] * n_c[j]) * dd
    nf = float(n)
    d_e = den / (nf * (nf - 1.0))
    alpha = 1.0 - (nf - 1.0) * num / den
    return alpha, o, d, d_e, n, pairs


def reference_bootstrap(matrix, domain, metric, n_coders, draws, seed, confidence, minimums, pairs_rule):
    alpha, o, d, d_e, n, pairs = reference_alpha(matrix, domain, metric)
    k = len(domain)
    cum, delta, diag = [], [], []
    q = 0
    running = 0.0
    for c in range(k):
        for j in range(c, k):
            v = o[c * k + j]
            if v > 0.0:
                running += v if c == j else 2.0 * v
                cum.append(running)
                delta.append(d[c * k + j])
                diag.append(c == j)
                q += 1 if c == j else 2
    total = running
    if pairs_rule == "krippendorff":
        m = max(min(25 * q, ((n_coders - 1) * n) // 2), 1)
    elif pairs_rule == "all_pairs":
        m = max(pairs, 1)
    else:
        m = pairs_rule["fixed"]
    last = len(cum) - 1
    rng = Uniforms(seed)
    out = []
    no_var = 0
    clamped = 0
    denom = float(m) * d_e
    for _ in range(draws):
        counts = [0] * len(cum)
        for _ in range(m):
            t = rng.next() * total
            j = min(bisect.bisect_right(cum, t), last)
            counts[j] += 1
        s = 0.0
        one = False
        for j in range(len(cum)):
            if counts[j] > 0:
                s += float(counts[j]) * delta[j]
                if counts[j] == m and diag[j]:
                    one = True
        a = 1.0 - s / denom
        if one:
            a = 0.0
            no_var += 1
        elif a < -1.0:
            a = -1.0
            clamped += 1
        out.append(a)
    x = len(out)
    acc = 0.0
    for a in out:
        acc += a
    mean = acc / x
    acc = 0.0
    for a in out:
        acc += (a - mean) * (a - mean)
    se = math.sqrt(acc / (x - 1)) if x > 1 else 0.0
    below = [{"minimum": mn, "probability": sum(1 for a in out if a < mn) / x} for mn in minimums]
    srt = sorted(out)
    lo = max(int(math.floor(x * (1.0 - confidence) / 2.0 + 1e-9)), 1)
    hi = min(int(math.floor(x * (1.0 + confidence) / 2.0 + 1e-9)) + 1, x)
    return {
        "alpha": alpha,
        "pairs_per_draw": m,
        "interval": {"lower": srt[lo - 1], "upper": srt[hi - 1]},
        "mean": mean,
        "standard_error": se,
        "below_minimum": below,
        "no_variation_draws": no_var,
        "clamped_draws": clamped,
    }


# ------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: 4 observers,
# 12 units, values 1..5, missing values. Published: nominal .743, ordinal .815, interval .849,
# ratio .797.
K2011_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
# Krippendorff (2011), example A: binary data, two observers, no missing values; alpha = .095.
K2011_A = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]
# Fleiss (1971), 30 patients x 6 psychiatrists, 5 diagnoses (as in R irr::diagnoses and the
# statsmodels test suite); Fleiss reports kappa = .430.
FLEISS_1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]
# Wikipedia "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories (counts per
# category); kappa = 0.210.
WIKI_FLEISS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]


def f(v):
    return None if v is None else float(v)


def transpose(coders_by_units):
    return [[f(row[u]) for row in coders_by_units] for u in range(len(coders_by_units[0]))]


def case_record(name, scale, matrix, source=None, published=None):
    domain = domain_of(scale, matrix)
    rec = {
        "name": name,
        "scale": scale,
        "units": [f"u{i}" for i in range(len(matrix))],
        "coders": [f"c{j}" for j in range(len(matrix[0]))],
        "values": matrix,
    }
    if source:
        rec["source"] = source
    if published:
        rec["published"] = published
    rec["alpha"] = {m: kripp(matrix, domain, m) for m in METRICS}
    rec["cohen_first_two"] = cohen(matrix, domain, 0, 1)
    rec["fleiss_constant"] = fleiss(matrix, domain, complete_only=False)
    rec["fleiss_complete"] = fleiss(matrix, domain, complete_only=True)
    pairable = any(sum(v is not None for v in row) >= 2 for row in matrix)
    if pairable and len(domain) >= 2:
        ac1, pa = gwet(matrix, domain)
        rec["gwet_ac1"] = ac1
        rec["percent_agreement"] = pa
    else:
        rec["gwet_ac1"] = None
        rec["percent_agreement"] = None
    return rec


def random_case(i, rng):
    kind = "categories" if i < 20 else "numeric"
    n_coders = 2 if i < 8 else rng.randint(3, 6)
    n_units = rng.randint(8, 60)
    p_missing = [0.0, 0.1, 0.2, 0.3][i % 4]
    accuracy = rng.uniform(0.3, 0.9)
    if kind == "categories":
        levels = rng.randint(2, 6)
        scale = {"kind": "categories", "levels": levels}

        def draw():
            return float(rng.randint(1, levels))

    else:
        scale = {"kind": "numeric"}
        pool = [float(x) for x in range(0, 12)] + [0.5, 2.5, 7.25, 10.75]

        def draw():
            return rng.choice(pool)

    matrix = []
    for _ in range(n_units):
        truth = draw()
        row = []
        for _ in range(n_coders):
            if rng.random() < p_missing:
                row.append(None)
            elif rng.random() < accuracy:
                row.append(truth)
            else:
                row.append(draw())
        matrix.append(row)
    if all(v is None for row in matrix for v in row):
        matrix[0][0] = draw()
    return case_record(f"random_{i:02d}", scale, matrix)


def main():
    warnings.simplefilter("ignore")
    published = [
        case_record(
            "krippendorff_2011_c",
            {"kind": "categories", "levels": 5},
            transpose(K2011_C),
            source="Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, example C",
            published={"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797},
        ),
        case_record(
            "krippendorff_2011_a",
            {"kind": "numeric"},
            transpose(K2011_A),
            source="Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, example A",
            published={"nominal": 0.095},
        ),
        case_record(
            "fleiss_1971",
            {"kind": "categories", "levels": 5},
            [[f(v) for v in row] for row in FLEISS_1971],
            source="Fleiss (1971), Psychological Bulletin 76(5), 30 patients x 6 raters",
            published={"fleiss": 0.430},
        ),
        case_record(
            "wikipedia_fleiss",
            {"kind": "categories", "levels": 5},
            [[float(c + 1) for c in range(5) for _ in range(counts[c])] for counts in WIKI_FLEISS],
            source="Wikipedia, Fleiss' kappa, worked example (10 subjects x 14 raters)",
            published={"fleiss": 0.210},
        ),
    ]
    rng = random.Random(20240609)
    cases = [random_case(i, rng) for i in range(30)]

    boot = []
    specs = [
        ("krippendorff_2011_c", transpose(K2011_C), "ordinal", 1000, 1, [0.667, 0.8], "krippendorff"),
        ("krippendorff_2011_c", transpose(K2011_C), "nominal", 1000, 20070101, [0.667, 0.8], "krippendorff"),
        ("krippendorff_2011_c", transpose(K2011_C), "interval", 500, 7, [0.5, 0.667, 0.8], "all_pairs"),
        ("random_12", cases[12]["values"], "ratio", 300, 99, [0.667, 0.8], {"fixed": 40}),
        ("random_25", cases[25]["values"], "interval", 400, 12345, [0.667, 0.8], "krippendorff"),
    ]
    for name, matrix, metric, draws, seed, minimums, rule in specs:
        scale = (
            {"kind": "categories", "levels": 5}
            if name == "krippendorff_2011_c"
            else [c for c in cases if c["name"] == name][0]["scale"]
        )
        domain = domain_of(scale, matrix)
        ref = reference_bootstrap(matrix, domain, metric, len(matrix[0]), draws, seed, 0.95, minimums, rule)
        boot.append(
            {
                "name": f"{name}_{metric}_{seed}",
                "scale": scale,
                "values": matrix,
                "metric": metric,
                "options": {
                    "draws": draws,
                    "seed": seed,
                    "confidence": 0.95,
                    "minimums": minimums,
                    "pairs": rule,
                },
                "alpha_package": kripp(matrix, domain, metric),
                "expected": ref,
            }
        )

    meta = {
        "generator": "tests/golden/agree/generate.py",
        "packages": {
            "krippendorff": krippendorff.__version__ if hasattr(krippendorff, "__version__") else "0.9.0",
            "numpy": np.__version__,
            "statsmodels": __import__("statsmodels").__version__,
            "irrCAC": "0.4.4",
        },
    }
    for fname, payload in [
        ("published.json", {"meta": meta, "cases": published}),
        ("random_cases.json", {"meta": meta, "cases": cases}),
        ("bootstrap.json", {"meta": meta, "cases": boot}),
    ]:
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=1)
            fh.write("\n")
    for c in published:
        print(c["name"], c.get("published"), {m: c["alpha"][m] for m in METRICS}, c["fleiss_constant"])
    for b in boot:
        print(b["name"], b["expected"]["interval"], b["expected"]["pairs_per_draw"])


if __name__ == "__main__":
    main()
