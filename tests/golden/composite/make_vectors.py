"""Reference vectors for renxing::composite, from pymcdm (entropy, CRITIC, standard
deviation, TOPSIS), ahpy (AHP) and a plain numpy pipeline.

Run:  python -m venv venv && venv/bin/pip install pymcdm==1.4.0 ahpy==2.1 numpy
      venv/bin/python tests/golden/composite/make_vectors.py
Writes tests/golden/composite/vectors.json (read by crates/renxing/tests/composite_golden.rs).
"""
import json
import pathlib

import ahpy
import numpy as np
import pymcdm
from pymcdm import normalizations as nz
from pymcdm.methods import TOPSIS
from pymcdm.weights import critic_weights, entropy_weights, standard_deviation_weights

rng = np.random.default_rng(20240610)
out = {"generator": "make_vectors.py", "pymcdm": pymcdm.__version__ if hasattr(pymcdm, "__version__") else "1.4.0",
       "ahpy": "2.1", "numpy": np.__version__,
       "entropy": [], "critic": [], "std_dev": [], "topsis": [], "ahp": [], "pipeline": []}

for case in range(12):
    n = int(rng.integers(5, 40))
    m = int(rng.integers(2, 8))
    x = rng.uniform(0.1, 10.0, size=(n, m))
    w = rng.uniform(0.1, 1.0, size=m)
    w = w / w.sum()
    types = rng.choice([1, -1], size=m)
    flat = x.ravel().tolist()
    out["entropy"].append({"n": n, "m": m, "values": flat, "weights": entropy_weights(x).tolist()})
    out["critic"].append({"n": n, "m": m, "values": flat, "weights": critic_weights(x).tolist()})
    out["std_dev"].append({"n": n, "m": m, "values": flat,
                           "weights": standard_deviation_weights(x).tolist()})
    for name, fn in (("min_max", nz.minmax_normalization), ("vector", nz.vector_normalization)):
        pref = TOPSIS(normalization_function=fn)(x, w, types)
        out["topsis"].append({"n": n, "m": m, "values": flat, "weights": w.tolist(),
                              "types": types.tolist(), "normalisation": name,
                              "closeness": pref.tolist()})

SCALE = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9, 2, 1 / 2, 4, 1 / 4]
kept = 0
tries = 0
while kept < 15 and tries < 500:
    tries += 1
    k = int(rng.integers(3, 9))
    # Near-consistent: from a priority vector, rounded to the nearest scale value, then noise.
    p = rng.uniform(1, 9, size=k)
    a = np.ones((k, k))
    names = [f"c{i}" for i in range(k)]
    comps = {}
    for i in range(k):
        for j in range(i + 1, k):
            r = p[i] / p[j]
            if rng.uniform() < 0.3:
                r *= rng.choice([1 / 3, 3, 1 / 2, 2])
            v = min(SCALE, key=lambda s: abs(np.log(s) - np.log(r)))
            a[i, j] = v
            a[j, i] = 1 / v
            comps[(names[i], names[j])] = v
    c = ahpy.Compare("x", comps, precision=14, random_index="dd")
    wts = [c.local_weights[nm] for nm in names]
    ev, vec = np.linalg.eig(a)
    i = int(np.argmax(ev.real))
    v = np.abs(vec[:, i].real)
    v = v / v.sum()
    if np.max(np.abs(v - np.array(wts))) > 1e-12:
        continue  # ahpy's repeated squaring did not settle to 1e-12: skip the case
    lam = float(ev[i].real)
    out["ahp"].append({"ids": names, "matrix": a.tolist(), "weights": wts,
                       "cr_dd": float(c.consistency_ratio), "lambda_max": lam})
    kept += 1

# A plain numpy pipeline: mean imputation, min-max to [0, 100] with directions, entropy
# weights on the normalised table (0 ln 0 = 0), arithmetic aggregation to dimensions and the
# overall index, TOPSIS (vector) on the normalised table with the entropy weights.
for case in range(4):
    n = int(rng.integers(20, 60))
    m = 6
    x = rng.lognormal(1.0, 0.6, size=(n, m))
    miss = rng.uniform(size=(n, m)) < 0.05
    x[miss] = np.nan
    dims = [0, 0, 1, 1, 2, 2]
    cost = np.array([False, True, False, False, True, False])
    raw = x.copy()
    mean = np.nanmean(x, axis=0)
    x = np.where(np.isnan(x), mean, x)
    mn, mx = x.min(0), x.max(0)
    z = np.where(cost, (mx - x) / (mx - mn), (x - mn) / (mx - mn)) * 100
    s = z.sum(0)
    p = z / s
    plnp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0.0).sum(0)
    e = -plnp / np.log(n)
    d = 1 - e
    we = d / d.sum()
    dimv = np.zeros((n, 3))
    for k in range(3):
        cols = [j for j in range(m) if dims[j] == k]
        ww = we[cols] / we[cols].sum()
        dimv[:, k] = z[:, cols] @ ww
    overall = dimv.mean(1)
    r = z / np.sqrt((z ** 2).sum(0))
    v = r * we
    dp = np.sqrt(((v - v.max(0)) ** 2).sum(1))
    dm = np.sqrt(((v - v.min(0)) ** 2).sum(1))
    out["pipeline"].append({
        "n": n, "m": m, "values": [None if np.isnan(t) else float(t) for t in raw.ravel()],
        "dimension_of": dims, "cost": cost.tolist(),
        "normalised": z.ravel().tolist(), "entropy_weights": we.tolist(),
        "dimensions": dimv.ravel().tolist(), "overall": overall.tolist(),
        "closeness": (dm / (dp + dm)).tolist()})

path = pathlib.Path(__file__).with_name("vectors.json")
path.write_text(json.dumps(out, indent=1))
print({k: len(v) for k, v in out.items() if isinstance(v, list)})
