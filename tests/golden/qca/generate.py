"""Golden vectors for renxing's QCA module.

indirect.json: the indirect calibration (Ragin 2008, ch. 5) as R QCA implements it
(`calibrate(x, method = "indirect", thresholds = ...)`): targets round(g/m, 3) for the groups cut
by the sorted thresholds (x > threshold), a binomial GLM with the logit link of the targets on
log(x) + sqrt(x) + x + x^2 (R uses quasibinomial, whose estimates are the binomial ones), fitted
values rounded to 6 decimals, then < 0.0001 -> 0 and > 0.9999 -> 1. Reference: statsmodels GLM
(Binomial, logit), IRLS. The inputs are Ragin's (2008) per-capita income example as given in the
R QCA documentation of `calibrate`, and a second synthetic series.

Run: python -m venv venv && venv/bin/pip install statsmodels numpy && venv/bin/python generate.py
"""
import json
from pathlib import Path

import numpy as np
import statsmodels.api as sm


def r_indirect(x, thresholds):
    x = np.asarray(x, dtype=float)
    th = sorted(thresholds)
    m = len(th)
    values = [round(i / m, 3) for i in range(m + 1)]
    y = np.zeros(len(x))
    for i, t in enumerate(th):
        y[x > t] = values[i + 1]
    xx = np.where(x == 0, 0.00001, x)
    design = np.column_stack([np.ones_like(xx), np.log(xx), np.sqrt(xx), xx, xx**2])
    fit = sm.GLM(y, design, family=sm.families.Binomial()).fit(method="IRLS", tol=1e-12, maxiter=100)
    fs = np.round(fit.fittedvalues, 6)
    fs[fs < 0.0001] = 0.0
    fs[fs > 0.9999] = 1.0
    return y.tolist(), fs.tolist()


def main():
    inc = [40110, 34400, 25200, 24920, 20060, 17090, 15320, 13680, 11720, 11290, 10940, 9800,
           7470, 4670, 4100, 4070, 3740, 3690, 3590, 2980, 1000, 650, 450, 110]
    cases = [
        {"name": "ragin_income", "x": inc, "thresholds": [1000, 4000, 5000, 10000, 20000]},
        {"name": "synthetic", "x": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
         "thresholds": [3, 8, 12]},
    ]
    for c in cases:
        c["targets"], c["membership"] = r_indirect(c["x"], c["thresholds"])
    out = {"generator": "tests/golden/qca/generate.py", "reference": "statsmodels " + sm.__version__
           if hasattr(sm, "__version__") else "statsmodels", "tolerance": 2e-6, "cases": cases}
    Path(__file__).with_name("indirect.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
