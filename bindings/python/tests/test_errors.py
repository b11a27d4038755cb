"""Bad input raises the documented exception, with the documented code and path."""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import pytest

import renxing
from renxing import Framework

PAPER_DIMS = Framework.paper().dimensions


def valid() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": "x",
        "name": "社区",
        "ratings": {d: {"level": "medium"} for d in PAPER_DIMS},
    }


def with_rating(dim: str, rating: Any) -> dict[str, Any]:
    d = valid()
    d["ratings"][dim] = rating
    return d


CODES = np.full((3, 8), 2, dtype=np.uint8)

# (name, call, exception class, code, path)
CASES: list[tuple[str, Callable[[], Any], type[BaseException], str | None, str | None]] = [
    ("malformed JSON", lambda: renxing.Assessment.from_json('{"id": '), renxing.AssessmentError, "json_syntax", None),
    ("JSON not an object", lambda: renxing.Assessment.from_json("[]"), renxing.AssessmentError, "assessment_invalid", ""),
    ("empty text", lambda: renxing.Assessment.from_json(""), renxing.AssessmentError, "json_syntax", None),
    ("dict not an assessment", lambda: renxing.Assessment.from_dict({}), renxing.AssessmentError, "assessment_invalid", "id"),
    ("unknown dimension id", lambda: renxing.Assessment.from_dict(with_rating("trust", None)), renxing.AssessmentError, "assessment_invalid", "ratings.trust"),
    ("unknown level id", lambda: renxing.Assessment.from_dict(with_rating("rules", {"level": "hgih"})), renxing.AssessmentError, "assessment_invalid", "ratings.rules.level"),
    ("unknown mode", lambda: renxing.Assessment.from_dict({**valid(), "mode": "anarchy"}), renxing.AssessmentError, "assessment_invalid", "mode"),
    ("bad date", lambda: renxing.Assessment.from_dict({**valid(), "date": "2023-02-29"}), renxing.AssessmentError, "assessment_invalid", "date"),
    ("NaN score in a dict", lambda: renxing.Assessment.from_dict(with_rating("rules", {"score": math.nan})), renxing.AssessmentError, "assessment_invalid", "ratings.rules.score"),
    ("infinite score", lambda: renxing.Assessment("x", "x", {"rules": math.inf}), renxing.AssessmentError, "assessment_invalid", "ratings.rules.score"),
    ("score above 100", lambda: renxing.Assessment("x", "x", {"rules": 100.5}), renxing.AssessmentError, "assessment_invalid", "ratings.rules.score"),
    ("NaN in metadata", lambda: renxing.Assessment("x", "x", metadata={"a": [math.nan]}), renxing.AssessmentError, "assessment_invalid", "metadata.a[0]"),
    ("non-string key", lambda: renxing.Assessment.from_dict({**valid(), "metadata": {1: 2}}), renxing.AssessmentError, "assessment_invalid", "metadata"),
    ("object without JSON form", lambda: renxing.Assessment("x", "x", metadata={"a": object()}), renxing.AssessmentError, "assessment_invalid", "metadata.a"),
    ("huge integer", lambda: renxing.Assessment("x", "x", metadata={"a": 10**30}), renxing.AssessmentError, "assessment_invalid", "metadata.a"),
    ("empty name", lambda: renxing.Assessment("x", " "), renxing.AssessmentError, "assessment_invalid", "name"),
    ("unknown enum id", lambda: renxing.Level.from_id("hi"), renxing.UnknownIdError, "unknown_id", None),
    ("unknown enum code", lambda: renxing.Level.from_code(0), renxing.UnknownIdError, "unknown_id", None),
    ("enum code overflow", lambda: renxing.Dimension.from_code(10**6), renxing.UnknownIdError, "unknown_id", None),
    ("unknown dimension in level_of", lambda: renxing.case("a").level_of("trust"), renxing.UnknownIdError, "unknown_id", None),
    ("unknown case", lambda: renxing.case("d"), renxing.UnknownIdError, "unknown_id", None),
    ("unknown language", lambda: renxing.Level.LOW.label("fr"), renxing.UnknownIdError, "unknown_id", None),
    ("framework JSON syntax", lambda: Framework.from_json("{"), renxing.FrameworkError, "framework_parse", None),
    ("framework TOML syntax", lambda: Framework.from_toml("id = "), renxing.FrameworkError, "framework_parse", None),
    ("framework rules broken", lambda: Framework.from_dict({**Framework.paper().to_dict(), "levels": [{"id": "only", "labels": {"en": "Only"}}]}), renxing.FrameworkError, "framework_invalid", "levels"),
    ("unknown method", lambda: renxing.score(renxing.case("a"), method="mode"), renxing.OptionsError, "invalid_options", "options"),
    ("negative weight", lambda: renxing.score(renxing.case("a"), dimension_weights={"rules": -1}), renxing.OptionsError, "invalid_weight", "dimension_weights.rules"),
    ("NaN weight", lambda: renxing.score(renxing.case("a"), attribute_weights={"robustness": math.nan}), renxing.OptionsError, "invalid_weight", "attribute_weights.robustness"),
    ("weight of unknown id", lambda: renxing.score(renxing.case("a"), dimension_weights={"trust": 1}), renxing.OptionsError, "invalid_weight", "dimension_weights.trust"),
    ("all weights zero", lambda: renxing.score(renxing.case("a"), attribute_weights={a: 0 for a in ("robustness", "redundancy", "connectivity")}), renxing.OptionsError, "invalid_weight", "attribute_weights"),
    ("weights not a dict", lambda: renxing.score(renxing.case("a"), dimension_weights=[1, 2]), renxing.OptionsError, "invalid_options", "options"),
    ("weight not a number", lambda: renxing.score(renxing.case("a"), dimension_weights={"rules": "heavy"}), renxing.OptionsError, "invalid_options", "options"),
    ("dict assessment with a bad level", lambda: renxing.score(with_rating("rules", {"level": "x"})), renxing.AssessmentError, "assessment_invalid", "ratings.rules.level"),
    ("nothing to compare", lambda: renxing.compare([]), renxing.CompareError, "compare_input", "assessments"),
    ("batch: list instead of array", lambda: renxing.score_batch([[2] * 8]), renxing.BatchError, "batch_input", "input"),
    ("batch: int64 dtype", lambda: renxing.score_batch(CODES.astype(np.int64)), renxing.BatchError, "batch_input", "input.dtype"),
    ("batch: float32 dtype", lambda: renxing.score_batch(CODES.astype(np.float32)), renxing.BatchError, "batch_input", "input.dtype"),
    ("batch: object dtype", lambda: renxing.score_batch(CODES.astype(object)), renxing.BatchError, "batch_input", "input.dtype"),
    ("batch: big-endian float64", lambda: renxing.score_batch(CODES.astype(">f8")), renxing.BatchError, "batch_input", "input.dtype"),
    ("batch: 1-D", lambda: renxing.score_batch(CODES[0]), renxing.BatchError, "batch_input", "input.shape"),
    ("batch: 3-D", lambda: renxing.score_batch(CODES.reshape(3, 8, 1)), renxing.BatchError, "batch_input", "input.shape"),
    ("batch: 7 columns", lambda: renxing.score_batch(CODES[:, :7]), renxing.BatchError, "batch_input", "input.shape"),
    ("batch: transposed", lambda: renxing.score_batch(np.full((8, 3), 2, dtype=np.uint8)), renxing.BatchError, "batch_input", "input.shape"),
    ("batch: code 0", lambda: renxing.score_batch(np.where(np.arange(24).reshape(3, 8) == 13, 0, CODES).astype(np.uint8)), renxing.BatchError, "batch_input", "codes[1][5]"),
    ("batch: code 4", lambda: renxing.score_batch(np.full((1, 8), 4, dtype=np.uint8)), renxing.BatchError, "batch_input", "codes[0][0]"),
    ("batch: NaN score", lambda: renxing.score_batch(np.array([[50.0] * 7 + [math.nan]])), renxing.BatchError, "batch_input", "scores[0][7]"),
    ("batch: infinite score", lambda: renxing.score_batch(np.array([[math.inf] + [50.0] * 7])), renxing.BatchError, "batch_input", "scores[0][0]"),
    ("batch: score below 0", lambda: renxing.score_batch(np.array([[50.0] * 3 + [-0.5] + [50.0] * 4])), renxing.BatchError, "batch_input", "scores[0][3]"),
    ("batch: bad options", lambda: renxing.score_batch(CODES, method="max"), renxing.OptionsError, "invalid_options", "options"),
    ("chart: size out of range", lambda: renxing.score(renxing.case("a")).radar(width=-3), renxing.ChartError, "chart_input", None),
]


@pytest.mark.parametrize(("name", "call", "cls", "code", "path"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(name: str, call: Callable[[], Any], cls: type[BaseException], code: str | None, path: str | None) -> None:
    with pytest.raises(cls) as info:
        call()
    e = info.value
    assert isinstance(e, renxing.RenxingError) and isinstance(e, ValueError)
    assert e.code == code
    assert e.path == path
    assert str(e)
    if e.issues:
        assert e.path == e.issues[0]["path"]


def test_wrong_python_types_raise_type_error() -> None:
    with pytest.raises(TypeError):
        renxing.score(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        renxing.compare("abc")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        renxing.score(renxing.case("a"), framework="paper")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        renxing.Framework.paper().label(3)  # type: ignore[arg-type]


def test_self_referencing_input_does_not_crash() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(renxing.AssessmentError) as e:
        renxing.Assessment("x", "x", metadata={"loop": loop})
    assert e.value.issues[0]["code"] == "invalid_value"


def test_io_errors_are_os_errors(tmp_path: Any) -> None:
    with pytest.raises(FileNotFoundError):
        renxing.Assessment.from_file(tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError):
        Framework.from_file(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.json"
    bad.write_bytes(b"\xff\xfe{")
    with pytest.raises(OSError):
        renxing.Assessment.from_file(bad)


def test_hierarchy() -> None:
    assert issubclass(renxing.OptionsError, renxing.ScoreError)
    assert issubclass(renxing.FrameworkMismatchError, renxing.ScoreError)
    for cls in (
        renxing.UnknownIdError, renxing.FrameworkError, renxing.AssessmentError, renxing.ScoreError,
        renxing.BatchError, renxing.CompareError, renxing.ChartError,
    ):
        assert issubclass(cls, renxing.RenxingError) and issubclass(cls, ValueError)
    assert renxing.RenxingError.code == "error" and renxing.RenxingError.path is None
