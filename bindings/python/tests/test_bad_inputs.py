"""The shared bad-input battery (tests/bad-inputs/*.jsonl, see its README) through
``renxing._renxing.call(op, request)``: every case for the Python front end gives the expected
error code and path (a ``RenxingError``, never another exception), or succeeds with no
forbidden text and no non-finite number in its response. The Rust and Node suites read the
same files.

JSON has no NaN: a ``{"$float": "NaN"}`` in a case is the Python float. Paths are compared in
their dotted form (``scores[0][1]``): the binding's own conversion errors (a NaN, an integer
beyond 64 bits) name the field as one dotted key.
"""

from __future__ import annotations

import json
import math
import pathlib
import subprocess
import sys
from typing import Any

import pytest

import renxing
from renxing import _renxing

BAD = pathlib.Path(__file__).resolve().parents[3] / "tests" / "bad-inputs"


def read_cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in sorted(BAD.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append(json.loads(line))
    return out


CASES = read_cases()
PY = [c for c in CASES if "python" in c["front_ends"]]


def floats(v: Any) -> Any:
    """``{"$float": "NaN"}`` → ``nan`` (and Infinity, -Infinity), anywhere in a value."""
    if isinstance(v, dict):
        if set(v) == {"$float"}:
            return float(v["$float"].replace("Infinity", "inf"))
        return {k: floats(x) for k, x in v.items()}
    if isinstance(v, list):
        return [floats(x) for x in v]
    return v


def at(value: Any, path: list[Any]) -> Any:
    for seg in path:
        value = value[seg]
    return value


def request_of(case: dict[str, Any]) -> dict[str, Any]:
    """The request: ``request``, its ``text``, then the ``fill`` directives (big generated
    values), as the Rust and Node suites build it."""
    req: dict[str, Any] = floats(json.loads(json.dumps(case.get("request") or {})))
    if "text" in case:
        req["text"] = case["text"]
    for f in case.get("fill", []):
        parent, last = f["at"][:-1], f["at"][-1]
        target = at(req, parent)
        n = f["times"]
        if "repeat" in f:
            target[last] = f["repeat"] * n
        elif "array_of" in f:
            target[last] = [json.loads(json.dumps(f["array_of"])) for _ in range(n)]
        elif "array_of_numbered" in f:
            tmpl = json.dumps(f["array_of_numbered"])
            target[last] = [json.loads(tmpl.replace("{}", str(i))) for i in range(n)]
        elif "key_repeat" in f:
            target[last][f["key_repeat"] * n] = f["value"]
        elif "keys_numbered" in f:
            obj = target[last]
            for i in range(n):
                obj[f["keys_numbered"].replace("{}", str(i))] = f["value"]
        else:
            raise AssertionError(f"unknown fill {f}")
    return req


def dotted(path: Any) -> str | None:
    """``["scores", 0, 1]`` → ``scores[0][1]``; a one-key path stays as it is."""
    if path is None:
        return None
    out = ""
    for seg in path:
        if isinstance(seg, int):
            out += f"[{seg}]"
        else:
            out += seg if not out else f".{seg}"
    return out


def strings(v: Any) -> list[str]:
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return [s for x in v.values() for s in strings(x)]
    if isinstance(v, list):
        return [s for x in v for s in strings(x)]
    return []


def numbers(v: Any) -> list[float]:
    if isinstance(v, bool):
        return []
    if isinstance(v, (int, float)):
        return [float(v)]
    if isinstance(v, dict):
        return [n for x in v.values() for n in numbers(x)]
    if isinstance(v, list):
        return [n for x in v for n in numbers(x)]
    return []


def test_the_battery_is_read() -> None:
    assert len(CASES) > 150, f"only {len(CASES)} cases read from {BAD}"
    assert len(PY) > 150, f"only {len(PY)} cases for python"
    assert len({c["name"] for c in CASES}) == len(CASES), "case names are unique"


@pytest.mark.parametrize("case", PY, ids=[c["name"] for c in PY])
def test_bad_input(case: dict[str, Any]) -> None:
    expect = case.get("expect_by", {}).get("python", case["expect"])
    request = request_of(case)
    renxing.set_lang(case.get("lang", "zh"))
    try:
        if expect.get("ok"):
            resp = _renxing.call(case["operation"], request)
            scope = resp[expect["within"]] if "within" in expect else resp
            texts = strings(scope)
            for bad in expect.get("absent", []):
                hit = [s for s in texts if bad in s]
                assert not hit, f"{bad!r} in the response: {hit[0][:200]!r}"
            for want in expect.get("present", []):
                assert any(want in s for s in texts), f"{want!r} not in the response"
            assert all(math.isfinite(n) for n in numbers(resp)), "a non-finite number"
            return
        with pytest.raises(renxing.RenxingError) as info:
            _renxing.call(case["operation"], request)
    finally:
        renxing.set_lang("zh")
    e: Any = info.value
    assert e.code == expect["code"], f"{e.code} at {e.path}: {e}"
    if "path" in expect:
        assert dotted(e.path) == dotted(expect["path"]), f"path {e.path}: {e}"
    if "path_prefix" in expect:
        assert dotted(e.path or []).startswith(dotted(expect["path_prefix"]) or ""), e.path
    assert str(e), "an empty message"
    assert len(e.issues) <= 51, f"{len(e.issues)} issues listed"


def test_the_battery_is_what_generate_py_writes(tmp_path: pathlib.Path) -> None:
    """The committed files are exactly the generator's output (run into a temporary folder):
    an edit made by hand to a .jsonl, or a change to generate.py or to the golden inputs it
    embeds without regenerating, fails here."""
    subprocess.run([sys.executable, str(BAD / "generate.py"), str(tmp_path)], check=True, capture_output=True)
    committed = sorted(f.name for f in BAD.glob("*.jsonl"))
    written = sorted(f.name for f in tmp_path.glob("*.jsonl"))
    assert len(committed) >= 10 and written == committed, (written, committed)
    differ = [n for n in committed if (tmp_path / n).read_bytes() != (BAD / n).read_bytes()]
    assert differ == [], f"run python3 tests/bad-inputs/generate.py and review the diff: {differ}"
