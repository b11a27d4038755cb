"""表1 of the paper is reproduced by the built-in cases under the default rule."""

from __future__ import annotations

import numpy as np

import renxing


def test_table_1_is_reproduced() -> None:
    published = renxing.table_1()
    assert [row["case"] for row in published] == ["case-a", "case-b", "case-c"]
    cases = {c.id: c for c in renxing.cases()}
    for row in published:
        card = renxing.score(cases[row["case"]])
        assert card.columns == {
            "robustness": row["robustness"],
            "redundancy": row["redundancy"],
            "connectivity.government_connectivity": row["government_connectivity"],
            "connectivity.resident_connectivity": row["resident_connectivity"],
        }
        assert cases[row["case"]].mode == renxing.Mode.from_id(row["mode"])


def test_table_1_literal_values() -> None:
    """The published levels, written out (低/中/高 as in the paper)."""
    zh = {c.id: renxing.score(c).columns for c in renxing.cases()}
    label = {"low": "低", "medium": "中", "high": "高"}
    rows = {k: [label[v] for v in cols.values()] for k, cols in zh.items()}
    # column order: robustness, redundancy, connectivity (government), connectivity (residents)
    keys = renxing.score(renxing.case("a")).column_keys
    assert keys == [
        "robustness",
        "redundancy",
        "connectivity.government_connectivity",
        "connectivity.resident_connectivity",
    ]
    assert [label[renxing.score(renxing.case("a")).columns[k]] for k in keys] == ["低", "低", "低", "高"]
    assert [label[renxing.score(renxing.case("b")).columns[k]] for k in keys] == ["中", "中", "高", "中"]
    assert [label[renxing.score(renxing.case("c")).columns[k]] for k in keys] == ["高", "中", "高", "高"]
    assert len(rows) == 3


def test_table_1_through_the_batch_api() -> None:
    fw = renxing.Framework.paper()
    codes = np.array(
        [[renxing.Level.from_id(c.ratings[d]["level"]).code for d in fw.dimensions] for c in renxing.cases()],
        dtype=np.uint8,
    )
    out = renxing.score_batch(codes)
    assert out.attributes == ["robustness", "redundancy", "connectivity"]
    # robustness, redundancy (the two unsplit columns of 表1)
    assert out.attribute_level[:, :2].tolist() == [[1, 1], [2, 2], [3, 2]]
    np.testing.assert_allclose(out.overall_score, [100 / 6, 63.888888888888886, 88.88888888888889], atol=1e-9)


def test_modes_table_is_table_2() -> None:
    table = renxing.modes_table()
    assert [m["mode"] for m in table] == ["social_worker_driven", "government_led", "digital_embedded"]
    assert [m["reference_case"] for m in table] == ["case-a", "case-b", "case-c"]
    assert all(m["advantages"] and m["defects"] for m in table)
    assert renxing.Mode.GOVERNMENT_LED.profile() == table[1]
