"""SALib's Sobol estimators on renxing's own Saltelli designs.

Reads inputs.json (written by `RENXING_UPDATE_GOLDEN=1 cargo test -p renxing --test
uncertainty_golden`): per case the base sample size N, the number of inputs d and the model
outputs y (N (d + 2) values in SALib's order A, A_B^(1..d), B for each row). Runs
SALib.analyze.sobol.analyze(problem, y, calc_second_order=False) and writes salib.json with
S1 and ST.

SALib 1.6 (SALib/analyze/sobol.py): Y is standardised, Y <- (Y - mean(Y)) / std(Y); then
  first_order(A, AB, B) = mean(B * (AB - A)) / var([A; B])        (Saltelli et al. 2010)
  total_order(A, AB, B) = 0.5 * mean((A - AB) ** 2) / var([A; B]) (Jansen 1999)
with numpy's var (divisor 2N), and zeros when the output is constant.
"""

import json
import pathlib

import numpy as np
from importlib.metadata import version
from SALib.analyze import sobol

here = pathlib.Path(__file__).parent
inputs = json.loads((here / "inputs.json").read_text())
out = {"salib_version": version("SALib"), "numpy_version": np.__version__, "cases": []}
for case in inputs["cases"]:
    d = case["d"]
    y = np.asarray(case["y"], dtype=np.float64)
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    res = sobol.analyze(problem, y, calc_second_order=False, num_resamples=10, seed=1)
    out["cases"].append(
        {
            "name": case["name"],
            "n": case["n"],
            "d": d,
            "y": case["y"],
            "S1": [float(v) for v in res["S1"]],
            "ST": [float(v) for v in res["ST"]],
        }
    )
(here / "salib.json").write_text(json.dumps(out) + "\n")
print(f"{len(out['cases'])} cases written")
