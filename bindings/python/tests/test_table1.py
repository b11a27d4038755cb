"""表1 of the paper is reproduced by the built-in cases under the default rule."""

from __future__ import annotations

import numpy as np

import renxing
from conftest import columns


def test_table_1_is_reproduced() -> None:
    published = renxing.published_table_1()
    assert [row["case"] for row in published] == ["case-a", "case-b", "case-c"]
    cases = {c["id"]: c for c in renxing.cases()}
    for row in published:
        card = renxing.score(cases[row["case"]])
        assert columns(card) == {
            "robustness": row["robustness"],
            "redundancy": row["redundancy"],
            "connectivity.government_connectivity": row["government_connectivity"],
            "connectivity.resident_connectivity": row["resident_connectivity"],
        }
        assert cases[row["case"]]["mode"] == row["mode"]


def test_table_1_literal_values() -> None:
    """The published levels, written out (低/中/高 as in the paper)."""
    label = renxing.labels(lang="zh")["levels"]
    keys = [c["key"] for c in renxing.score(renxing.case("a"))["columns"]]
    # column order: robustness, redundancy, connectivity (government), connectivity (residents)
    assert keys == [
        "robustness",
        "redundancy",
        "connectivity.government_connectivity",
        "connectivity.resident_connectivity",
    ]

    def row(case: str) -> list[str]:
        cols = columns(renxing.score(renxing.case(case)))
        return [label[cols[k] or ""] for k in keys]

    assert row("a") == ["低", "低", "低", "高"]
    assert row("b") == ["中", "中", "高", "中"]
    assert row("c") == ["高", "中", "高", "高"]


def test_table_1_through_the_cases_report() -> None:
    report = renxing.cases_report()
    assert report["published_table_1"] == renxing.published_table_1()
    for computed, published in zip(report["table_1"], report["published_table_1"]):
        assert computed["case"] == published["case"]
        assert computed["levels"]["robustness"] == published["robustness"]
        assert computed["levels"]["connectivity.resident_connectivity"] == published["resident_connectivity"]


def test_table_1_through_the_batch_api() -> None:
    fw = renxing.framework_paper()
    levels = [x["id"] for x in fw["levels"]]
    codes = np.array(
        [[levels.index(c["ratings"][d["id"]]["level"]) + 1 for d in fw["dimensions"]] for c in renxing.cases()],
        dtype=np.uint8,
    )
    out = renxing.score_batch(codes)
    assert out["attributes"] == ["robustness", "redundancy", "connectivity"]
    # robustness, redundancy (the two unsplit columns of 表1)
    assert out["attribute_level"][:, :2].tolist() == [[1, 1], [2, 2], [3, 2]]
    np.testing.assert_allclose(out["overall_score"], [100 / 6, 63.888888888888886, 88.88888888888889], atol=1e-9)


def test_modes_table_is_table_2() -> None:
    table = renxing.modes_table()
    assert [m["mode"] for m in table] == ["social_worker_driven", "government_led", "digital_embedded"]
    assert [m["reference_case"] for m in table] == ["case-a", "case-b", "case-c"]
    assert all(m["advantages"] and m["defects"] for m in table)
    assert renxing.diagnose(renxing.case("b"))["mode"] == table[1]
