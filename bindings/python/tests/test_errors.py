"""Bad input raises the documented exception, with the documented code and path (a list of keys
and indices)."""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import pytest

import renxing
from renxing import Framework

PAPER = renxing.framework_paper()
PAPER_DIMS = [d["id"] for d in PAPER["dimensions"]]
A = renxing.case("a")


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


def score_with(**options: Any) -> Any:
    return renxing.score(A, options=options)  # type: ignore[arg-type]


CODES = np.full((3, 8), 2, dtype=np.uint8)
Path = list[Any]

# (name, call, exception class, code, path)
CASES: list[tuple[str, Callable[[], Any], type[BaseException], str, Path | None]] = [
    ("malformed JSON", lambda: renxing.Assessment.from_json('{"id": '), renxing.AssessmentError, "json_syntax", None),
    ("JSON not an object", lambda: renxing.parse_assessment("[]"), renxing.AssessmentError, "assessment_invalid", []),
    ("empty text", lambda: renxing.parse_assessment(""), renxing.AssessmentError, "json_syntax", None),
    ("dict not an assessment", lambda: renxing.Assessment({}), renxing.AssessmentError, "assessment_invalid", ["assessment", "id"]),
    ("unknown dimension id", lambda: renxing.validate_assessment(with_rating("trust", None)), renxing.AssessmentError, "assessment_invalid", ["assessment", "ratings", "trust"]),
    ("unknown level id", lambda: renxing.Assessment(with_rating("rules", {"level": "hgih"})), renxing.AssessmentError, "assessment_invalid", ["assessment", "ratings", "rules", "level"]),
    ("unknown mode", lambda: renxing.Assessment({**valid(), "mode": "anarchy"}), renxing.AssessmentError, "assessment_invalid", ["assessment", "mode"]),
    ("bad date", lambda: renxing.Assessment({**valid(), "date": "2023-02-29"}), renxing.AssessmentError, "assessment_invalid", ["assessment", "date"]),
    ("score above 100", lambda: renxing.score(with_rating("rules", {"score": 100.5})), renxing.AssessmentError, "assessment_invalid", ["assessment", "ratings", "rules", "score"]),
    ("markup in an id", lambda: renxing.Assessment({**valid(), "id": "<b>x</b>"}), renxing.AssessmentError, "assessment_invalid", ["assessment", "id"]),
    ("empty name", lambda: renxing.Assessment({**valid(), "name": " "}), renxing.AssessmentError, "assessment_invalid", ["assessment", "name"]),
    ("a number as an assessment", lambda: renxing.score(42), renxing.AssessmentError, "assessment_invalid", ["assessment"]),  # type: ignore[arg-type]
    ("dict assessment with a bad level", lambda: renxing.score(with_rating("rules", {"level": "x"})), renxing.AssessmentError, "assessment_invalid", ["assessment", "ratings", "rules", "level"]),
    ("a bad item of a list", lambda: renxing.compare([A, with_rating("rules", {"level": "x"})]), renxing.AssessmentError, "assessment_invalid", ["assessments", 1, "ratings", "rules", "level"]),
    # values with no JSON form: the request cannot be expressed
    ("NaN score in a dict", lambda: renxing.Assessment(with_rating("rules", {"score": math.nan})), renxing.RequestError, "request_invalid", ["assessment", "ratings", "rules", "score"]),
    ("infinite score", lambda: renxing.score(with_rating("rules", {"score": math.inf})), renxing.RequestError, "request_invalid", ["assessment", "ratings", "rules", "score"]),
    ("NaN in metadata", lambda: renxing.Assessment({**valid(), "metadata": {"a": [math.nan]}}), renxing.RequestError, "request_invalid", ["assessment", "metadata", "a", 0]),
    ("non-string key", lambda: renxing.Assessment({**valid(), "metadata": {1: 2}}), renxing.RequestError, "request_invalid", ["assessment", "metadata"]),
    ("object without JSON form", lambda: renxing.Assessment({**valid(), "metadata": {"a": object()}}), renxing.RequestError, "request_invalid", ["assessment", "metadata", "a"]),
    ("huge integer", lambda: renxing.Assessment({**valid(), "metadata": {"a": 10**30}}), renxing.RequestError, "request_invalid", ["assessment", "metadata", "a"]),
    ("a string where a list is expected", lambda: renxing.compare("abc"), renxing.RequestError, "request_invalid", ["assessments"]),  # type: ignore[arg-type]
    ("unknown request field", lambda: renxing.call("score", {"assessment": A, "optons": {}}), renxing.RequestError, "request_invalid", ["optons"]),
    ("unknown operation", lambda: renxing.call("scroe", {}), renxing.RequestError, "unknown_operation", None),
    ("kind needs one assessment", lambda: renxing.text("scorecard", assessments=[A, A]), renxing.RequestError, "request_invalid", ["assessments"]),
    # ids
    ("unknown case", lambda: renxing.case("d"), renxing.UnknownIdError, "unknown_id", None),
    ("unknown framework id", lambda: Framework("nope"), renxing.UnknownIdError, "unknown_id", None),
    ("unknown module language", lambda: renxing.set_lang("fr"), renxing.UnknownIdError, "unknown_id", None),
    ("unknown label language", lambda: renxing.labels(lang="fr"), renxing.RequestError, "request_invalid", ["lang"]),
    # frameworks
    ("framework JSON syntax", lambda: renxing.parse_framework("{"), renxing.FrameworkError, "framework_parse", None),
    ("framework TOML syntax", lambda: renxing.parse_framework("id = ", format="toml"), renxing.FrameworkError, "framework_parse", None),
    ("framework rules broken", lambda: Framework({**PAPER, "levels": [{"id": "only", "labels": {"en": "Only"}}]}), renxing.FrameworkError, "framework_invalid", ["framework", "levels"]),
    ("framework rules broken in a call", lambda: renxing.score(A, framework={**PAPER, "levels": []}), renxing.FrameworkError, "framework_invalid", ["framework", "levels"]),  # type: ignore[typeddict-item]
    # options
    ("unknown method", lambda: score_with(method="mode"), renxing.RequestError, "request_invalid", ["options", "method"]),
    ("negative weight", lambda: score_with(dimension_weights={"rules": -1}), renxing.OptionsError, "invalid_weight", ["options", "dimension_weights", "rules"]),
    ("NaN weight", lambda: score_with(attribute_weights={"robustness": math.nan}), renxing.RequestError, "request_invalid", ["options", "attribute_weights", "robustness"]),
    ("weight of unknown id", lambda: score_with(dimension_weights={"trust": 1}), renxing.OptionsError, "invalid_weight", ["options", "dimension_weights", "trust"]),
    ("all weights zero", lambda: score_with(attribute_weights={a: 0 for a in ("robustness", "redundancy", "connectivity")}), renxing.OptionsError, "invalid_weight", ["options", "attribute_weights"]),
    ("weights not a dict", lambda: score_with(dimension_weights=[1, 2]), renxing.RequestError, "request_invalid", ["options", "dimension_weights"]),
    ("weight not a number", lambda: score_with(dimension_weights={"rules": "heavy"}), renxing.RequestError, "request_invalid", ["options", "dimension_weights", "rules"]),
    # comparison
    ("nothing to compare", lambda: renxing.compare([]), renxing.CompareError, "compare_input", ["assessments"]),
    ("duplicate ids", lambda: renxing.compare([A, A]), renxing.CompareError, "compare_input", ["assessments", 1, "id"]),
    # numpy batch
    ("batch: list instead of array", lambda: renxing.score_batch([[2] * 8]), renxing.BatchError, "batch_input", ["input"]),  # type: ignore[arg-type]
    ("batch: int64 dtype", lambda: renxing.score_batch(CODES.astype(np.int64)), renxing.BatchError, "batch_input", ["input", "dtype"]),  # type: ignore[arg-type]
    ("batch: float32 dtype", lambda: renxing.score_batch(CODES.astype(np.float32)), renxing.BatchError, "batch_input", ["input", "dtype"]),  # type: ignore[arg-type]
    ("batch: object dtype", lambda: renxing.score_batch(CODES.astype(object)), renxing.BatchError, "batch_input", ["input", "dtype"]),
    ("batch: big-endian float64", lambda: renxing.score_batch(CODES.astype(">f8")), renxing.BatchError, "batch_input", ["input", "dtype"]),
    ("batch: 1-D", lambda: renxing.score_batch(CODES[0]), renxing.BatchError, "batch_input", ["input", "shape"]),
    ("batch: 3-D", lambda: renxing.score_batch(CODES.reshape(3, 8, 1)), renxing.BatchError, "batch_input", ["input", "shape"]),
    ("batch: 7 columns", lambda: renxing.score_batch(CODES[:, :7]), renxing.BatchError, "batch_input", ["input", "shape"]),
    ("batch: transposed", lambda: renxing.score_batch(np.full((8, 3), 2, dtype=np.uint8)), renxing.BatchError, "batch_input", ["input", "shape"]),
    ("batch: code 0", lambda: renxing.score_batch(np.where(np.arange(24).reshape(3, 8) == 13, 0, CODES).astype(np.uint8)), renxing.BatchError, "batch_input", ["codes", 1, 5]),
    ("batch: code 4", lambda: renxing.score_batch(np.full((1, 8), 4, dtype=np.uint8)), renxing.BatchError, "batch_input", ["codes", 0, 0]),
    ("batch: NaN score", lambda: renxing.score_batch(np.array([[50.0] * 7 + [math.nan]])), renxing.BatchError, "batch_input", ["scores", 0, 7]),
    ("batch: infinite score", lambda: renxing.score_batch(np.array([[math.inf] + [50.0] * 7])), renxing.BatchError, "batch_input", ["scores", 0, 0]),
    ("batch: score below 0", lambda: renxing.score_batch(np.array([[50.0] * 3 + [-0.5] + [50.0] * 4])), renxing.BatchError, "batch_input", ["scores", 0, 3]),
    ("batch: bad options", lambda: renxing.score_batch(CODES, options={"method": "max"}), renxing.RequestError, "request_invalid", ["options", "method"]),  # type: ignore[typeddict-item]
    ("batch: bad weight", lambda: renxing.score_batch(CODES, options={"dimension_weights": {"rules": -2}}), renxing.OptionsError, "invalid_weight", ["options", "dimension_weights", "rules"]),
    ("batch list op: short row", lambda: renxing.ops.score_batch(codes=[[2] * 8, [2] * 7]), renxing.BatchError, "batch_input", ["codes", 1]),
    # charts
    ("chart: size out of range", lambda: renxing.radar_chart([A], chart={"width": -3}), renxing.RequestError, "request_invalid", ["chart", "width"]),
    ("chart: size too small", lambda: renxing.radar_chart([A], chart={"width": 5}), renxing.ChartError, "chart_input", None),
]


@pytest.mark.parametrize(("name", "call", "cls", "code", "path"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(name: str, call: Callable[[], Any], cls: type[BaseException], code: str, path: Path | None) -> None:
    with pytest.raises(cls) as info:
        call()
    e = info.value
    assert isinstance(e, renxing.RenxingError) and isinstance(e, ValueError)
    assert type(e) is cls, type(e)
    assert e.code == code
    assert e.path == path
    assert str(e)
    for i in e.issues:
        assert set(i) == {"path", "code", "message"} and isinstance(i["path"], list) and i["message"]
    if e.issues:
        assert e.path == e.issues[0]["path"]


def test_messages_are_in_the_module_language() -> None:
    bad = with_rating("rules", {"level": "hgih"})
    with pytest.raises(renxing.AssessmentError) as zh:
        renxing.score(bad)
    renxing.set_lang("en")
    with pytest.raises(renxing.AssessmentError) as en:
        renxing.score(bad)
    assert zh.value.path == en.value.path and zh.value.code == en.value.code
    assert str(zh.value) != str(en.value)
    assert "评估无效" in str(zh.value) and "invalid assessment" in str(en.value)
    with pytest.raises(renxing.BatchError) as b:
        renxing.score_batch(CODES.astype(np.int64))  # type: ignore[arg-type]
    assert str(b.value).startswith("input.dtype: expected dtype uint8")
    renxing.set_lang("zh")
    with pytest.raises(renxing.BatchError) as b:
        renxing.score_batch(CODES.astype(np.int64))  # type: ignore[arg-type]
    assert str(b.value).startswith("input.dtype: 需要 dtype uint8")


def test_wrong_python_types_raise_type_error() -> None:
    with pytest.raises(TypeError):
        renxing.call(3, {})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        renxing.call("score", [A])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Framework.from_file(3)  # type: ignore[arg-type]


def test_self_referencing_input_does_not_crash() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(renxing.RequestError) as e:
        renxing.Assessment({**valid(), "metadata": {"loop": loop}})
    assert e.value.issues[0]["code"] == "invalid_value"
    assert e.value.path[:3] == ["assessment", "metadata", "loop"]  # type: ignore[index]


def test_io_errors_are_the_librarys_file_errors(tmp_path: Any) -> None:
    # Issue 17: a file that cannot be read, or is not UTF-8, is the library's error (code "io"),
    # in the module language, not an OSError or a UnicodeDecodeError.
    with pytest.raises(renxing.FileError) as e:
        renxing.Assessment.from_file(tmp_path / "missing.json")
    assert e.value.code == "io" and str(e.value).startswith("无法读取文件")
    with pytest.raises(renxing.FileError):
        Framework.from_file(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.json"
    bad.write_bytes(b"\xff\xfe{")
    renxing.set_lang("en")
    try:
        with pytest.raises(renxing.FileError) as e:
            renxing.Assessment.from_file(bad)
        assert "is not UTF-8 (invalid from byte 0)" in str(e.value)
        with pytest.raises(renxing.FileError):
            Framework.from_file(bad)
        with pytest.raises(renxing.FileError):
            renxing.read_csv(bad)
    finally:
        renxing.set_lang("zh")


def test_hierarchy_comes_from_the_core() -> None:
    assert issubclass(renxing.OptionsError, renxing.ScoreError)
    assert issubclass(renxing.FrameworkMismatchError, renxing.ScoreError)
    for cls in (
        renxing.UnknownIdError, renxing.FrameworkError, renxing.AssessmentError, renxing.ScoreError,
        renxing.BatchError, renxing.CompareError, renxing.ChartError, renxing.TableError,
        renxing.RequestError, renxing.FileError,
    ):
        assert issubclass(cls, renxing.RenxingError) and issubclass(cls, ValueError)
        assert cls.__module__ == "renxing" and cls.__doc__
    assert renxing.RenxingError.code == "error" and renxing.RenxingError.path is None
    assert renxing.RenxingError.issues == ()
    assert "A table" in (renxing.TableError.__doc__ or "")
    # every class the native module made (from the core's ErrorKind list) is exported
    from renxing import _renxing

    made = [n for n in dir(_renxing) if isinstance(getattr(_renxing, n), type) and issubclass(getattr(_renxing, n), ValueError)]
    assert len(made) >= 17 and all(getattr(renxing, n) is getattr(_renxing, n) for n in made)
    assert {"AgreementError", "IndicatorError", "CurveError", "TimelineError", "QcaError", "UncertaintyError"} <= set(made)
