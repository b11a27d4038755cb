#!/usr/bin/env python3
"""Makes the CJK font that renxing-render ships: a subset of Noto Sans CJK SC Regular (SIL Open
Font License 1.1, see OFL.txt) holding

* ASCII, Latin-1, general punctuation, arrows, the CJK symbols and full-width forms;
* every character of GB2312 (its 6,763 hanzi and its symbols), the standard simplified set;
* every non-ASCII character the library itself writes (the Rust sources of the crates, the
  page, the golden vectors), so its own words never miss a glyph.

Reproducible from Debian's ``fonts-noto-cjk`` and ``python3-fonttools`` packages:

    apt-get install fonts-noto-cjk python3-fonttools
    python3 crates/renxing-render/fonts/make-subset.py

The family is renamed ``Renxing Sans SC`` (so it never shadows a full Noto Sans CJK installed on
the system); the text in the report's footer says which font drew it.
"""

from __future__ import annotations

import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SOURCE = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = HERE / "RenxingSansSC-Regular.otf"
FAMILY = "Renxing Sans SC"


def gb2312() -> set[int]:
    cps: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            cps.add(ord(ch))
    return cps


def own_words() -> set[int]:
    cps: set[int] = set()
    globs = ["crates/*/src/**/*.rs", "bindings/wasm/www/*", "tests/golden/**/*.json"]
    for g in globs:
        for p in sorted(ROOT.glob(g)):
            if p.is_file():
                cps |= {ord(c) for c in p.read_text(encoding="utf-8", errors="ignore") if ord(c) > 0x7F}
    return cps


def main() -> int:
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    cps |= set(range(0x2010, 0x2060)) | set(range(0x2190, 0x21A0)) | {0x2212, 0x2264, 0x2265, 0x221E, 0x2248}
    cps |= set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F)) | {0xFFFD}
    cps |= gb2312() | own_words()
    collection = TTCollection(str(SOURCE))
    index = next(
        i for i, f in enumerate(collection.fonts) if f["name"].getDebugName(1) == "Noto Sans CJK SC"
    )
    options = subset.Options()
    options.font_number = index
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG", "vhea", "vmtx", "VORG"]
    font = subset.load_font(str(SOURCE), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(cps))
    sub.subset(font)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY + " Regular"
        elif rec.nameID == 6:
            rec.string = "RenxingSansSC-Regular"
        elif rec.nameID == 3:
            rec.string = "renxing subset of NotoSansCJKsc-Regular"
    font["head"].modified = font["head"].created  # no build-time stamp: the same bytes each run
    subset.save_font(font, str(OUT), options)
    covered = sorted(c for c in cps if c in font.getBestCmap())
    print(f"{OUT.name}: {OUT.stat().st_size} bytes, {len(covered)} characters", file=sys.stderr)
    (HERE / "COVERAGE.txt").write_text(
        "Characters covered by RenxingSansSC-Regular.otf (made by make-subset.py):\n"
        + "".join(chr(c) for c in covered if c >= 0x20)
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
