"""Extract the bundled datasets of the R package QCA into JSON tables for renxing's QCA tests.

The datasets are not committed to this repository. To run the ignored dataset tests:

    python extract_datasets.py /path/to/QCA/data  /some/dir
    QCA_DATA_DIR=/some/dir cargo test -p renxing --test qca_datasets -- --ignored

`/path/to/QCA/data` is the `data/` folder of the QCA source package (CRAN tarball, version 3.23),
holding LC.rda, LM.rda, LF.rda, LR.tab.gz and CVF.tab.gz. Needs `pip install rdata pandas`.
Each output file is {"cases": [...], "columns": [...], "values": [[...], ...]} (row-major).
"""
import csv
import gzip
import io
import json
import sys
import warnings
from pathlib import Path


def write(out: Path, name: str, cases, columns, rows):
    out.mkdir(parents=True, exist_ok=True)
    with open(out / f"{name}.json", "w") as f:
        json.dump({"cases": cases, "columns": columns, "values": rows}, f)


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
