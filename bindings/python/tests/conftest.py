"""Shared helpers: the repository root, the golden vectors."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Iterator

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "golden"
HERE = pathlib.Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
TOL = 1e-9


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """Every vector of a golden file (comment lines skipped); fails when there are none."""
    path = GOLDEN / name
    vectors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        vectors.append(json.loads(line))
    assert len(vectors) > 0, f"no vectors read from {path}"
    return vectors


def rated(id: str, name: str, ratings: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """An assessment in the file form: a rating given as a level id becomes ``{"level": id}``,
    a number ``{"score": x}``; dicts and None are kept."""

    def one(r: Any) -> Any:
        if isinstance(r, str):
            return {"level": r}
        if isinstance(r, (int, float)) and not isinstance(r, bool):
            return {"score": r}
        return r

    out = {"schema_version": 1, "id": id, "name": name, "ratings": {k: one(v) for k, v in (ratings or {}).items()}}
    out.update(fields)
    return out


def columns(card: dict[str, Any]) -> dict[str, str | None]:
    """表1's columns of a scorecard: level id by column key."""
    return {c["key"]: (c["grade"] or {}).get("level") for c in card["columns"]}


def item(items: list[dict[str, Any]], id: str) -> dict[str, Any] | None:
    """The entry of a list with this id (a dimension or attribute of a scorecard)."""
    return next((x for x in items if x["id"] == id), None)


def overall(card: dict[str, Any], key: str) -> Any:
    return (card.get("overall") or {}).get(key)


def ids(vectors: list[dict[str, Any]]) -> list[str]:
    return [v["name"] for v in vectors]


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOL


def walk(x: Any) -> Iterator[Any]:
    yield x
    if isinstance(x, dict):
        for v in x.values():
            yield from walk(v)
    elif isinstance(x, list):
        for v in x:
            yield from walk(v)


@pytest.fixture(autouse=True)
def _default_lang() -> Iterator[None]:
    """Every test starts with the default language and leaves it so."""
    import renxing

    renxing.set_lang("zh")
    yield
    renxing.set_lang("zh")
