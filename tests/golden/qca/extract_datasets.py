"""Extract the bundled datasets of the R package QCA into the JSON fixtures of renxing's QCA tests.

The fixtures `datasets/{LF,LC,LM,LR,CVF}.json` were written by this script and are read by
`crates/renxing/tests/qca.rs` (always run). To rewrite them:

    python extract_datasets.py /path/to/QCA/data  datasets

`/path/to/QCA/data` is the `data/` folder of the QCA source package (CRAN, version 3.23; e.g.
github.com/cran/QCA at "version 3.23"), holding LC.rda, LM.rda, LF.rda, LR.tab.gz and CVF.tab.gz.
Needs `pip install rdata pandas` (in a venv; not a test dependency).
Each output file is {"name", "source", "distributed_in", "outcome", "cases", "columns", "values"}
(values row-major, one case a line; the outcome is the last column).
"""
import csv
import gzip
import io
import json
import sys
import warnings
from pathlib import Path


SOURCES = {
    "LF": "Lipset (1959) indicators of the survival of democracy in interwar Europe, calibrated to "
    "fuzzy sets by Ragin (2009), \"Qualitative Comparative Analysis Using Fuzzy Sets (fsQCA)\", in "
    "Rihoux & Ragin (eds.), Configurational Comparative Methods, SAGE",
    "LC": "Lipset (1959) data calibrated to binary crisp sets as used by Rihoux & De Meur (2009), "
    "\"Crisp-Set QCA\", in Rihoux & Ragin (eds.), Configurational Comparative Methods, SAGE",
    "LM": "Lipset (1959) data calibrated to multi-value sets as used by Cronqvist & Berg-Schlosser "
    "(2009), \"Multi-Value QCA (mvQCA)\", in Rihoux & Ragin (eds.), Configurational Comparative "
    "Methods, SAGE",
    "LR": "Lipset (1959), \"Some Social Requisites of Democracy\", American Political Science Review "
    "53, 69-105: raw indicators (GDP per capita USD, % urban, % literate, % industrial labour, "
    "number of cabinets; SURV raw)",
    "CVF": "Cebotari & Vink (2013), \"A Configurational Analysis of Ethnic Protest in Europe\", "
    "International Journal of Comparative Sociology 54(4), 298-324; replication data Cebotari & "
    "Vink (2015), doi:10.7910/DVN/PT2IB9 (Harvard Dataverse, V2); fuzzy-set memberships",
}
FILES = {"LF": "LF.rda", "LC": "LC.rda", "LM": "LM.rda", "LR": "LR.tab.gz", "CVF": "CVF.tab.gz"}


def write(out: Path, name: str, cases, columns, rows):
    out.mkdir(parents=True, exist_ok=True)
    man = "CV.Rd" if name == "CVF" else "Lipset.Rd"
    head = {
        "name": name,
        "source": SOURCES[name],
        "distributed_in": f"R package QCA (Dusa), version 3.23, CRAN, data/{FILES[name]} "
        f"(documented in man/{man}); extracted with tests/golden/qca/extract_datasets.py",
        "outcome": columns[-1],
        "cases": cases,
        "columns": columns,
    }
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()]
    vals = ",\n".join("    " + json.dumps(r) for r in rows)
    with open(out / f"{name}.json", "w") as f:
        f.write("{\n" + ",\n".join(lines) + ',\n  "values": [\n' + vals + "\n  ]\n}\n")


def main(src: str, dst: str) -> None:
    import rdata

    src_p, dst_p = Path(src), Path(dst)
    warnings.simplefilter("ignore")
    for name in ["LC", "LM", "LF"]:
        df = rdata.read_rda(str(src_p / f"{name}.rda"))[name]
        cases = [str(c) for c in df.index]
        cols = [str(c) for c in df.columns]
        rows = [[float(df.iloc[i][c]) for c in df.columns] for i in range(len(df))]
        write(dst_p, name, cases, cols, rows)
    for name in ["LR", "CVF"]:
        text = gzip.open(src_p / f"{name}.tab.gz").read().decode()
        reader = list(csv.reader(io.StringIO(text), delimiter="\t"))
        cols = reader[0]
        cases = [r[0] for r in reader[1:]]
        rows = [[float(v) for v in r[1:]] for r in reader[1:]]
        write(dst_p, name, cases, cols, rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
