#!/usr/bin/env python3
"""Writes the shared bad-input battery (tests/bad-inputs/*.jsonl) from the cases below.

Every expectation here is written by hand (what the library SHOULD answer), never copied from
the library's output: a case whose answer differs is a defect to fix at its root, or a wrong
expectation to correct with a reason. Run `python3 tests/bad-inputs/generate.py [OUT_DIR]` (default: this folder), review the
diff, run every suite. See README.md for the format.
"""

from __future__ import annotations

import copy
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
GOLDEN = HERE.parent / "golden"

ALL = ["rust", "python", "js"]
CASE_B = json.loads((GOLDEN / "inputs" / "case-b.json").read_text(encoding="utf-8"))
PAPER = json.loads((GOLDEN / "frameworks" / "paper.json").read_text(encoding="utf-8"))
DIMS = [d["id"] for d in PAPER["dimensions"]]

FILES: dict[str, list[dict]] = {}


def err(code, path, kind=None):
    e = {"code": code, "path": path}
    if kind:
        e["kind"] = kind
    return e


def ok(absent=(), present=(), within=None):
    """Success; no string of the response (or of its field `within`) contains any of `absent`."""
    e = {"ok": True}
    if within:
        e["within"] = within
    if absent:
        e["absent"] = list(absent)
    if present:
        e["present"] = list(present)
    return e


def case(file, name, op, request=None, expect=None, text=None, front_ends=ALL, lang=None,
         fill=None, expect_by=None, note=None):
    c = {"name": name, "operation": op, "front_ends": list(front_ends)}
    if request is not None:
        c["request"] = request
    if text is not None:
        c["text"] = text
    if fill:
        c["fill"] = fill
    if lang:
        c["lang"] = lang
    c["expect"] = expect
    if expect_by:
        c["expect_by"] = expect_by
    if note:
        c["note"] = note
    FILES.setdefault(file, []).append(c)


def a(**changes):
    """Case B's assessment with top-level changes (a value of ... deletes the key)."""
    x = copy.deepcopy(CASE_B)
    for k, v in changes.items():
        if v is ...:
            x.pop(k, None)
        else:
            x[k] = v
    return x


def rated(**ratings):
    """Case B with some ratings replaced."""
    x = copy.deepcopy(CASE_B)
    for k, v in ratings.items():
        if v is ...:
            x["ratings"].pop(k, None)
        else:
            x["ratings"][k] = v
    return x


def fw(**changes):
    x = copy.deepcopy(PAPER)
    for k, v in changes.items():
        x[k] = v
    return x


NAN = {"$float": "NaN"}
INF = {"$float": "Infinity"}
NINF = {"$float": "-Infinity"}

# ---------------------------------------------------------------------------------------------
# malformed files: the text of an assessment or a framework
# ---------------------------------------------------------------------------------------------
F = "malformed"
for name, text in [
    ("empty", ""),
    ("whitespace", "   \n\t "),
    ("open-brace", "{"),
    ("trailing-comma", '{"id": "x",}'),
    ("single-quotes", "{'id': 'x'}"),
    ("comment", '// hi\n{"id": "x"}'),
    ("nan-literal", '{"schema_version": NaN}'),
    ("infinity-literal", '{"schema_version": Infinity}'),
    ("bare-word", "assessment"),
    ("two-documents", "{} {}"),
    ("lone-surrogate", '{"id": "\\ud800"}'),
    ("bad-escape", '{"id": "\\x41"}'),
    ("raw-control-char", '{"id": "a\u0001b"}'),
    ("deep-array", "[" * 100 + "]" * 100),
    ("deep-object", '{"a":' * 100 + "1" + "}" * 100),
    ("unclosed-string", '{"id": "x'),
    ("number-overflow", '{"schema_version": 1e400}'),
]:
    case(F, f"parse_assessment-{name}", "parse_assessment", {}, err("json_syntax", None, "AssessmentError"), text=text)

case(F, "parse_assessment-duplicate-rating", "parse_assessment", {},
     err("json_syntax", None, "AssessmentError"),
     text='{"schema_version": 1, "id": "x", "name": "y", "ratings": {"rules": {"level": "low"}, "rules": {"level": "high"}}}')
case(F, "parse_assessment-duplicate-name", "parse_assessment", {},
     err("json_syntax", None),
     text='{"schema_version": 1, "id": "x", "name": "y", "name": "z", "ratings": {}}')
case(F, "parse_assessment-top-level-array", "parse_assessment", {},
     err("assessment_invalid", [], "AssessmentError"), text="[]")
case(F, "parse_assessment-top-level-number", "parse_assessment", {},
     err("assessment_invalid", []), text="42")
case(F, "parse_assessment-top-level-null", "parse_assessment", {},
     err("assessment_invalid", []), text="null")
case(F, "parse_assessment-top-level-string", "parse_assessment", {},
     err("assessment_invalid", []), text='"x"')
case(F, "parse_assessment-empty-object", "parse_assessment", {},
     err("assessment_invalid", ["id"]), text="{}")

for name, text, fmt in [
    ("json-empty", "", "json"),
    ("json-broken", '{"id": ', "json"),
    ("json-duplicate-id", '{"id": "a", "id": "b"}', "json"),
    ("json-deep", "[" * 100 + "]" * 100, "json"),
    ("toml-broken", "id = ", "toml"),
    ("toml-wrong-type", "schema_version = 'one'", "toml"),
    ("json-unknown-field", '{"schema_version": 1, "id": "x", "labels": {"en": "x"}, "levels": [], "attributes": [], "dimensions": [], "colour": 1}', "json"),
]:
    case(F, f"parse_framework-{name}", "parse_framework", {"format": fmt},
         err("framework_parse", None, "FrameworkError"), text=text)
case(F, "parse_framework-unknown-format", "parse_framework", {"format": "yaml"},
     err("request_invalid", ["format"], "RequestError"), text="{}")

for name, text in [
    ("header-only", "id,name\n"),
    ("empty", ""),
]:
    case(F, f"read_table-{name}", "read_table", {}, err("table_invalid", ["rows"], "TableError"), text=text)
case(F, "read_table-unterminated-quote", "read_table", {}, err("table_invalid", ["columns"]), text='id,name\n"x,y\n',
     note="the quote runs to the end: one row, and no dimension column")

case(F, "read_assessments-json-broken", "read_assessments", {"format": "json"},
     err("json_syntax", None), text='[{"id": ')
case(F, "read_assessments-jsonl-broken-line", "read_assessments", {"format": "jsonl"},
     err("json_syntax", None), text=json.dumps(CASE_B, ensure_ascii=False) + "\n{oops\n")
case(F, "read_assessments-unknown-extension", "read_assessments", {"file_name": "x.xlsx"},
     err("unknown_id", None, "UnknownIdError"), text="")
case(F, "read_assessments-json-scalar", "read_assessments", {"format": "json"},
     err("assessment_invalid", []), text="3")

# ---------------------------------------------------------------------------------------------
# wrong types
# ---------------------------------------------------------------------------------------------
F = "types"
case(F, "score-assessment-string", "score", {"assessment": "case-b"}, err("assessment_invalid", ["assessment"]))
case(F, "score-assessment-array", "score", {"assessment": [CASE_B]}, err("assessment_invalid", ["assessment"]))
case(F, "score-assessment-missing", "score", {}, err("request_invalid", [], "RequestError"))
case(F, "score-ratings-array", "score", {"assessment": a(ratings=[])}, err("assessment_invalid", ["assessment", "ratings"]))
case(F, "score-ratings-string", "score", {"assessment": a(ratings="high")}, err("assessment_invalid", ["assessment", "ratings"]))
case(F, "score-rating-number", "score", {"assessment": rated(rules=3)}, err("assessment_invalid", ["assessment", "ratings", "rules"]))
case(F, "score-rating-string", "score", {"assessment": rated(rules="high")}, err("assessment_invalid", ["assessment", "ratings", "rules"]))
case(F, "score-level-number", "score", {"assessment": rated(rules={"level": 3})}, err("assessment_invalid", ["assessment", "ratings", "rules", "level"]))
case(F, "score-level-bool", "score", {"assessment": rated(rules={"level": True})}, err("assessment_invalid", ["assessment", "ratings", "rules", "level"]))
case(F, "score-score-string", "score", {"assessment": rated(rules={"score": "50"})}, err("assessment_invalid", ["assessment", "ratings", "rules", "score"]))
case(F, "score-coped-string", "score", {"assessment": rated(rules={"coped": "maybe", "developed": "yes"})}, err("assessment_invalid", ["assessment", "ratings", "rules", "coped"]))
case(F, "score-coped-only", "score", {"assessment": rated(rules={"coped": True})}, err("assessment_invalid", ["assessment", "ratings", "rules", "developed"]))
case(F, "score-level-and-score", "score", {"assessment": rated(rules={"level": "low", "score": 10})}, err("assessment_invalid", ["assessment", "ratings", "rules"]))
case(F, "score-empty-rating", "score", {"assessment": rated(rules={})}, err("assessment_invalid", ["assessment", "ratings", "rules"]))
case(F, "score-evidence-number", "score", {"assessment": rated(rules={"level": "low", "evidence": 1})}, err("assessment_invalid", ["assessment", "ratings", "rules", "evidence"]))
case(F, "score-evidence-item-number", "score", {"assessment": rated(rules={"level": "low", "evidence": [1]})}, err("assessment_invalid", ["assessment", "ratings", "rules", "evidence", 0]))
case(F, "score-evidence-empty-object", "score", {"assessment": rated(rules={"level": "low", "evidence": [{}]})}, err("assessment_invalid", ["assessment", "ratings", "rules", "evidence", 0]))
case(F, "score-evidence-quote-number", "score", {"assessment": rated(rules={"level": "low", "evidence": [{"quote": 5}]})}, err("assessment_invalid", ["assessment", "ratings", "rules", "evidence", 0, "quote"]))
case(F, "score-id-number", "score", {"assessment": a(id=7)}, err("assessment_invalid", ["assessment", "id"]))
case(F, "score-name-null", "score", {"assessment": a(name=None)}, err("assessment_invalid", ["assessment", "name"]))
case(F, "score-date-number", "score", {"assessment": a(date=20230101)}, err("assessment_invalid", ["assessment", "date"]))
case(F, "score-date-invalid", "score", {"assessment": a(date="2023-02-30")}, err("assessment_invalid", ["assessment", "date"]))
case(F, "score-metadata-array", "score", {"assessment": a(metadata=[1])}, err("assessment_invalid", ["assessment", "metadata"]))
case(F, "score-schema-version-string", "score", {"assessment": a(schema_version="1")}, err("assessment_invalid", ["assessment", "schema_version"]))
case(F, "score-schema-version-float", "score", {"assessment": a(schema_version=1.5)}, err("assessment_invalid", ["assessment", "schema_version"]))
case(F, "score-schema-version-3", "score", {"assessment": a(schema_version=3)}, err("assessment_invalid", ["assessment", "schema_version"]))
case(F, "score-schema-version-huge", "score", {"assessment": a(schema_version=18446744073709551616)},
     err("assessment_invalid", ["assessment", "schema_version"]),
     expect_by={"python": err("request_invalid", ["assessment", "schema_version"])},
     note="Python ints beyond 64 bits have no JSON number form in the binding")
case(F, "score-options-string", "score", {"assessment": CASE_B, "options": "median"}, err("request_invalid", ["options"]))
case(F, "score-options-unknown-field", "score", {"assessment": CASE_B, "options": {"methd": "median"}}, err("request_invalid", ["options", "methd"]))
case(F, "score-request-unknown-field", "score", {"assessment": CASE_B, "optons": {}}, err("request_invalid", ["optons"]))
case(F, "score-weights-array", "score", {"assessment": CASE_B, "options": {"dimension_weights": [1, 2]}}, err("request_invalid", ["options", "dimension_weights"]))
case(F, "score-weight-string", "score", {"assessment": CASE_B, "options": {"dimension_weights": {"rules": "2"}}}, err("request_invalid", ["options", "dimension_weights", "rules"]))
case(F, "rate-strings", "rate", {"coped": "yes", "developed": "yes"}, err("request_invalid", ["coped"]))
case(F, "rate-missing", "rate", {}, err("request_invalid", []))
case(F, "rate-number", "rate", {"coped": 1, "developed": 0}, err("request_invalid", ["coped"]))
case(F, "compare-assessments-object", "compare", {"assessments": {"a": CASE_B}}, err("request_invalid", ["assessments"]))
case(F, "reference_case-id-number", "reference_case", {"id": 2}, err("request_invalid", ["id"]))
case(F, "text-kind-number", "text", {"kind": 1}, err("request_invalid", ["kind"]))
case(F, "format_assessment-not-object", "format_assessment", {"assessment": []}, err("assessment_invalid", ["assessment"]))
case(F, "validate_framework-number", "validate_framework", {"framework": 5}, err("framework_parse", None),
     note="a framework is an id or an object; 5 is read as an object and is none")

# ---------------------------------------------------------------------------------------------
# unknown ids
# ---------------------------------------------------------------------------------------------
F = "ids"
case(F, "unknown-operation", "no_such_operation", {}, err("unknown_operation", None, "RequestError"))
case(F, "unknown-operation-markup", "<script>alert(1)</script>", {}, err("unknown_operation", None))
case(F, "score-unknown-dimension", "score", {"assessment": rated(resilience={"level": "low"})}, err("assessment_invalid", ["assessment", "ratings", "resilience"]))
case(F, "score-missing-dimension", "score", {"assessment": rated(rules=...)}, err("assessment_invalid", ["assessment", "ratings", "rules"]))
case(F, "score-unknown-level", "score", {"assessment": rated(rules={"level": "very_high"})}, err("assessment_invalid", ["assessment", "ratings", "rules", "level"]))
case(F, "score-level-label-not-id", "score", {"assessment": rated(rules={"level": "很高"})}, err("assessment_invalid", ["assessment", "ratings", "rules", "level"]))
case(F, "score-unknown-mode", "score", {"assessment": a(mode="anarchy")}, err("assessment_invalid", ["assessment", "mode"]))
case(F, "score-unknown-phase", "score", {"assessment": a(phase="aftermath")}, err("assessment_invalid", ["assessment", "phase"]))
case(F, "score-framework-mismatch", "score", {"assessment": a(framework="other")}, err("assessment_invalid", ["assessment", "framework"]))
case(F, "score-unknown-framework-id", "score", {"assessment": CASE_B, "framework": "no-such-framework"}, err("unknown_id", None, "UnknownIdError"))
case(F, "score-unknown-method", "score", {"assessment": CASE_B, "options": {"method": "magic"}}, err("request_invalid", ["options", "method"]))
case(F, "score-unknown-weight-target", "score", {"assessment": CASE_B, "options": {"dimension_weights": {"nope": 1}}}, err("invalid_weight", ["options", "dimension_weights", "nope"], "OptionsError"))
case(F, "score-unknown-attribute-weight", "score", {"assessment": CASE_B, "options": {"attribute_weights": {"rules": 1}}}, err("invalid_weight", ["options", "attribute_weights", "rules"]))
case(F, "reference_case-unknown", "reference_case", {"id": "z"}, err("unknown_id", None))
case(F, "labels-unknown-lang", "labels", {"lang": "fr"}, err("request_invalid", ["lang"]))
case(F, "phase_plan-unknown-phase", "phase_plan", {"phase": "never"}, err("request_invalid", ["phase"]))
case(F, "text-unknown-kind", "text", {"kind": "poem"}, err("request_invalid", ["kind"]))
case(F, "report-unknown-format", "report", {"assessment": CASE_B, "report": {"format": "pdf"}}, err("request_invalid", ["report", "format"]))
case(F, "write_table-unknown-layout", "write_table", {"assessments": [CASE_B], "layout": "diagonal"}, err("request_invalid", ["layout"]))
case(F, "curves-unknown-dimension", "curves", {"curves": [{"dimension": "nope", "series": {"time": [0, 1, 2], "value": [1, 0.5, 1]}}]}, err("curve_input", ["curves", 0, "dimension"], "CurveError"))
case(F, "uncertainty-unknown-indicator", "uncertainty",
     {"data": {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}, {"id": "y", "dimension": "d"}], "values": [1, 2, 3, 4, 5, 6]},
      "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]},
      "uncertainty": {"factors": [{"factor": "exclude_indicator", "indicators": ["zz"]}], "runs": 10}},
     err("uncertainty_input", ["uncertainty", "factors", 0, "indicators", 0], "UncertaintyError"))

# ---------------------------------------------------------------------------------------------
# extreme and non-finite numbers
# ---------------------------------------------------------------------------------------------
F = "numbers"
case(F, "score-score-above-100", "score", {"assessment": rated(rules={"score": 100.0000001})}, err("assessment_invalid", ["assessment", "ratings", "rules", "score"]))
case(F, "score-score-negative", "score", {"assessment": rated(rules={"score": -1})}, err("assessment_invalid", ["assessment", "ratings", "rules", "score"]))
case(F, "score-score-huge", "score", {"assessment": rated(rules={"score": 1e308})}, err("assessment_invalid", ["assessment", "ratings", "rules", "score"]))
case(F, "score-score-nan", "score", {"assessment": rated(rules={"score": NAN})}, err("request_invalid", ["assessment", "ratings", "rules", "score"]),
     front_ends=["python", "js"], note="JSON has no NaN: Python refuses it while converting, JS before JSON.stringify would write it as null")
case(F, "score-score-tiny", "score", {"assessment": rated(rules={"score": 5e-324})}, ok())
case(F, "score-weight-negative", "score", {"assessment": CASE_B, "options": {"dimension_weights": {"rules": -1}}}, err("invalid_weight", ["options", "dimension_weights", "rules"], "OptionsError"))
case(F, "score-weight-negative-zero", "score", {"assessment": CASE_B, "options": {"dimension_weights": {"rules": -0.0}}}, ok())
case(F, "score-weights-1e308", "score", {"assessment": CASE_B, "options": {"dimension_weights": {d: 1e308 for d in DIMS}}}, ok())
case(F, "score-weights-max", "score", {"assessment": CASE_B, "options": {"dimension_weights": {d: 1.7976931348623157e308 for d in DIMS}, "attribute_weights": {"robustness": 1.7976931348623157e308, "redundancy": 1.7976931348623157e308, "connectivity": 1.7976931348623157e308}}}, ok())
case(F, "score-weights-subnormal", "score", {"assessment": CASE_B, "options": {"dimension_weights": {d: 5e-324 for d in DIMS}}}, ok())
case(F, "score-weights-two-huge-median", "score", {"assessment": CASE_B, "options": {"method": "median", "dimension_weights": {"needs_met": 1e308, "rules": 1e308}}}, ok())
case(F, "score-weights-all-zero", "score", {"assessment": CASE_B, "options": {"attribute_weights": {"robustness": 0, "redundancy": 0, "connectivity": 0}}}, err("invalid_weight", ["options", "attribute_weights"]))
case(F, "score-weight-nan", "score", {"assessment": CASE_B, "options": {"dimension_weights": {"rules": NAN}}}, err("request_invalid", ["options", "dimension_weights", "rules"]), front_ends=["python", "js"],
     note="JSON has no NaN: Python refuses it while converting, JS before JSON.stringify would write it as null")
case(F, "score-weight-infinity", "score", {"assessment": CASE_B, "options": {"dimension_weights": {"rules": INF}}}, err("request_invalid", ["options", "dimension_weights", "rules"]), front_ends=["python", "js"])
case(F, "score_batch-score-nan", "score_batch", {"scores": [[NAN] + [50] * 7]}, err("request_invalid", ["scores", 0, 0]), front_ends=["python", "js"])
case(F, "curve-value-infinity", "curve", {"series": {"time": [0, 1, 2], "value": [1, INF, 1]}}, err("request_invalid", ["series", "value", 1]), front_ends=["python", "js"])
case(F, "indicators-value-infinity", "indicators", {"data": {"units": ["a", "b"], "indicators": [{"id": "x", "dimension": "d"}], "values": [1, NINF]}, "pipeline": {"steps": [{"step": "normalise"}]}},
     err("request_invalid", ["data", "values", 1]), front_ends=["python"])
case(F, "curve-time-huge", "curve", {"series": {"time": [0, 1e308, 1.7976931348623157e308], "value": [1, 0.5, 1]}}, err("curve_input", ["series", "time", 1]),
     note="areas and rates overflowed to infinity and came back as null")
case(F, "curve-values-huge", "curve", {"series": {"time": [0, 1, 2], "value": [1e308, -1e308, 1e308]}}, err("curve_input", ["series", "value", 0]),
     note="the loss area was NaN, reported as null")
case(F, "curve-values-1e15", "curve", {"series": {"time": [0, 1, 2], "value": [1e15, -1e15, 1e15]}}, ok())
case(F, "qca-value-huge", "qca", {"table": {"cases": ["a", "b"], "conditions": ["X"], "outcome": "Y", "values": [1e308, 0], "outcome_values": [1, 0]}}, err("qca_input", ["table", "values", 0], "QcaError"))
case(F, "qca-outcome-negative", "qca", {"table": {"cases": ["a", "b"], "conditions": ["X"], "outcome": "Y", "values": [1, 0], "outcome_values": [-0.5, 0]}}, err("qca_input", ["table", "outcome_values", 0]))
case(F, "indicators-values-extreme", "indicators", {"data": {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}], "values": [1e308, -1e308, 5e-324]}, "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}, {"step": "rank", "targets": ["overall"]}]}},
     err("indicator_input", ["data", "values", 0]), note="min-max range overflowed: NaN reported as a missing value; z-scores called the column constant")
case(F, "indicators-values-1e15", "indicators", {"data": {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}], "values": [1e15, -1e15, 5e-324]}, "pipeline": {"steps": [{"step": "normalise", "method": "z_score"}, {"step": "aggregate"}, {"step": "rank", "targets": ["overall"]}]}}, ok())
case(F, "uncertainty-seed-max", "uncertainty",
     {"data": {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}, {"id": "y", "dimension": "d"}], "values": [1, 2, 3, 4, 5, 6]},
      "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]},
      "uncertainty": {"factors": [{"factor": "weight_noise", "share": 0.3}], "runs": 10, "seed": 18446744073709551615}},
     ok(), front_ends=["rust", "python"], note="JS numbers lose the last digits of a u64 seed")
case(F, "uncertainty-share-negative", "uncertainty",
     {"data": {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}, {"id": "y", "dimension": "d"}], "values": [1, 2, 3, 4, 5, 6]},
      "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]},
      "uncertainty": {"factors": [{"factor": "weight_noise", "share": -1}], "runs": 10}},
     err("uncertainty_input", ["uncertainty", "factors", 0, "share"]))
case(F, "chart-width-zero", "radar_chart", {"assessments": [], "cases": ["b"], "chart": {"width": 0}}, err("chart_input", None, "ChartError"))
case(F, "chart-width-huge", "radar_chart", {"assessments": [], "cases": ["b"], "chart": {"width": 1000000}}, err("chart_input", None))
case(F, "chart-width-negative", "radar_chart", {"assessments": [], "cases": ["b"], "chart": {"width": -5}}, err("request_invalid", ["chart", "width"]))
case(F, "chart-width-float", "radar_chart", {"assessments": [], "cases": ["b"], "chart": {"width": 300.5}}, err("request_invalid", ["chart", "width"]))
case(F, "chart-width-nan", "radar_chart", {"assessments": [], "cases": ["b"], "chart": {"width": NAN}}, err("request_invalid", ["chart", "width"]), front_ends=["python", "js"],
     note="JSON has no NaN: refused while converting in Python and in JS (before JSON.stringify would write it as null)")

# ---------------------------------------------------------------------------------------------
# hostile strings
# ---------------------------------------------------------------------------------------------
F = "strings"
for name, ident in [
    ("markup", "<script>alert(1)</script>"),
    ("img-onerror", '<img src=x onerror="alert(1)">'),
    ("newlines", "a\n\nb"),
    ("nul", "a\u0000b"),
    ("rtl-override", "abc\u202edef"),
    ("space", "a b"),
    ("slash", "../etc/passwd"),
    ("empty", ""),
    ("too-long", "x" * 129),
]:
    case(F, f"score-id-{name}", "score", {"assessment": a(id=ident)}, err("assessment_invalid", ["assessment", "id"]))
case(F, "score-id-cjk", "score", {"assessment": a(id="河西社区-2023")}, ok())
case(F, "new_assessment-id-markup", "new_assessment", {"id": "<b>x</b>", "name": "x"}, err("assessment_invalid", ["id"]))
case(F, "score-name-blank", "score", {"assessment": a(name="   ")}, err("assessment_invalid", ["assessment", "name"]))
hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>*bold*[link](http://x)|`code`'
case(F, "report-markdown-escapes-name", "report", {"assessment": a(name=hostile), "report": {"format": "markdown"}}, ok(absent=["<script", "<img", "[link](http"], within="text"))
case(F, "report-html-escapes-name", "report", {"assessment": a(name=hostile), "report": {"format": "html"}}, ok(absent=["<script", "<img"]))
case(F, "report-markdown-escapes-title", "report", {"assessment": CASE_B, "report": {"format": "markdown", "title": hostile}}, ok(absent=["<script", "<img"]))
case(F, "report-html-escapes-title", "report", {"assessment": CASE_B, "report": {"format": "html", "title": hostile}}, ok(absent=["<script", "<img"]))
case(F, "report-markdown-escapes-evidence", "report", {"assessment": rated(rules={"level": "low", "evidence": [{"quote": hostile, "source": hostile}]}), "report": {"format": "markdown"}}, ok(absent=["<script", "<img"]))
case(F, "report-html-escapes-evidence", "report", {"assessment": rated(rules={"level": "low", "evidence": [{"quote": hostile, "source": hostile}]}), "report": {"format": "html"}}, ok(absent=["<script", "<img"]))
case(F, "report-markdown-control-chars", "report", {"assessment": a(name="a\u0000b\u001b[31mc\u202ed"), "report": {"format": "markdown"}}, ok(absent=["\u0000", "\u001b", "\u202e"]))
case(F, "text-markdown-escapes-name", "text", {"kind": "diagnosis", "assessments": [a(name=hostile)], "style": "markdown"}, ok(absent=["<script", "<img"]))
case(F, "text-plain-control-chars", "text", {"kind": "diagnosis", "assessments": [a(name="a\u0000b\u001b[31mc\u202ed")], "style": "text"}, ok(absent=["\u0000", "\u001b", "\u202e"]))
case(F, "text-markdown-comparison", "text", {"kind": "comparison", "assessments": [a(name=hostile), a(id="other", name="x\u202ey")], "style": "markdown"}, ok(absent=["<script", "<img", "\u202e"]))
case(F, "comparison_report-markdown", "comparison_report", {"assessments": [a(name=hostile), a(id="other", name="<b>x</b>")], "report": {"format": "markdown"}}, ok(absent=["<script", "<b>"]))
case(F, "radar_chart-escapes-title", "radar_chart", {"assessments": [], "cases": ["b"], "chart": {"title": hostile}}, ok(absent=["<script", "<img"]))
case(F, "radar_chart-escapes-name", "radar_chart", {"assessments": [a(name=hostile)]}, ok(absent=["<script", "<img"]))
case(F, "attribute_bars-escapes-name", "attribute_bars", {"assessment": a(name=hostile), "chart": {"title": "\u0000x"}}, ok(absent=["<script", "\u0000"]))
case(F, "comparison_table-escapes-names", "comparison_table", {"assessments": [a(name=hostile), a(id="c2", name="&amp;")]}, ok(absent=["<script", "<img"]))
case(F, "radar_chart-id-prefix-markup", "radar_chart", {"assessments": [], "cases": ["b"], "chart": {"id_prefix": '"><script>x</script>'}}, ok(absent=["<script"]))
case(F, "write_table-csv-formula", "write_table", {"assessments": [a(name="=HYPERLINK(\"http://x\")")], "format": "csv"}, ok())
case(F, "score-name-1mb", "score", {"assessment": a(name="")}, ok(),
     fill=[{"at": ["assessment", "name"], "repeat": "名", "times": 349525}], note="1,048,575 bytes: just under the string limit")
case(F, "score-name-over-1mib", "score", {"assessment": a(name="")}, err("limit_exceeded", ["assessment", "name"], "LimitError"),
     fill=[{"at": ["assessment", "name"], "repeat": "x", "times": 1048577}])
case(F, "score-evidence-over-1mib", "score", {"assessment": rated(rules={"level": "low", "evidence": [{"quote": ""}]})},
     err("limit_exceeded", ["assessment", "ratings", "rules", "evidence", 0, "quote"]),
     fill=[{"at": ["assessment", "ratings", "rules", "evidence", 0, "quote"], "repeat": "ab", "times": 600000}])
case(F, "score-key-over-1mib", "score", {"assessment": CASE_B, "options": {"dimension_weights": {}}},
     err("limit_exceeded", ["options", "dimension_weights"]),
     fill=[{"at": ["options", "dimension_weights"], "key_repeat": "k", "times": 1048577, "value": 1}],
     note="a key too long is reported at its object (the path does not repeat 1 MiB)")
case(F, "parse_assessment-evidence-rtl", "parse_assessment", {},
     ok(), text=json.dumps(rated(rules={"level": "low", "evidence": [{"quote": "\u202e\u2066مرحبا"}]}), ensure_ascii=False))

# ---------------------------------------------------------------------------------------------
# framework edge cases (inline, validated on use)
# ---------------------------------------------------------------------------------------------
F = "frameworks"
V = "validate_framework"
case(F, "one-level", V, {"framework": fw(levels=PAPER["levels"][:1])}, err("framework_invalid", ["framework", "levels"], "FrameworkError"))
case(F, "no-levels", V, {"framework": fw(levels=[])}, err("framework_invalid", ["framework", "levels"]))
case(F, "no-dimensions", V, {"framework": fw(dimensions=[], remedies=[])}, err("framework_invalid", ["framework", "dimensions"]))
case(F, "no-attributes", V, {"framework": fw(attributes=[], dimensions=[], remedies=[])}, err("framework_invalid", ["framework", "attributes"]))
dup = copy.deepcopy(PAPER["dimensions"])
dup[1]["id"] = dup[0]["id"]
case(F, "duplicate-dimension", V, {"framework": fw(dimensions=dup)}, err("framework_invalid", ["framework", "dimensions", 1, "id"]))
orphan = copy.deepcopy(PAPER["dimensions"])
orphan[0]["attribute"] = "nowhere"
case(F, "dimension-unknown-attribute", V, {"framework": fw(dimensions=orphan)}, err("framework_invalid", ["framework", "dimensions", 0, "attribute"]))
negw = copy.deepcopy(PAPER["dimensions"])
negw[0]["weight"] = -1
case(F, "dimension-negative-weight", V, {"framework": fw(dimensions=negw)}, err("framework_invalid", ["framework", "dimensions", 0, "weight"]))
hugew = copy.deepcopy(PAPER["dimensions"])
for d in hugew:
    d["weight"] = 1e308
case(F, "dimension-weights-1e308-score", "score", {"assessment": CASE_B, "framework": fw(id="huge-weights", dimensions=hugew)}, err("assessment_invalid", ["assessment", "framework"]),
     note="the assessment names the paper's framework, not this one")
case(F, "id-markup", V, {"framework": fw(id="<script>x</script>")}, err("framework_invalid", ["framework", "id"]))
case(F, "id-blank-lines", V, {"framework": fw(id="a\n\nb")}, err("framework_invalid", ["framework", "id"]))
case(F, "id-empty", V, {"framework": fw(id="")}, err("framework_invalid", ["framework", "id"]))
badlab = copy.deepcopy(PAPER["levels"])
badlab[0]["labels"] = {}
case(F, "level-no-labels", V, {"framework": fw(levels=badlab)}, err("framework_invalid", ["framework", "levels", 0, "labels"]))
case(F, "schema-version-9", V, {"framework": fw(schema_version=9)}, err("framework_invalid", ["framework", "schema_version"]))
case(F, "remedy-unknown-target", V, {"framework": fw(remedies=[dict(PAPER["remedies"][0], targets=["nope"])])}, err("framework_invalid", ["framework", "remedies", 0, "targets", 0]))
case(F, "unknown-field", V, {"framework": fw(colour="red")}, err("framework_parse", None))
case(F, "levels-not-array", V, {"framework": fw(levels="low,high")}, err("framework_parse", None))
many_dims = [{"id": f"d{i}", "attribute": "a", "labels": {"en": f"D{i}"}} for i in range(257)]
case(F, "257-dimensions", V, {"framework": {"schema_version": 1, "id": "big", "labels": {"en": "Big"}, "levels": PAPER["levels"],
                                           "attributes": [{"id": "a", "labels": {"en": "A"}}], "dimensions": many_dims}},
     err("limit_exceeded", ["framework", "dimensions"], "LimitError"))
many_levels = [{"id": f"l{i}", "labels": {"en": f"L{i}"}} for i in range(101)]
case(F, "101-levels", V, {"framework": fw(levels=many_levels)}, err("limit_exceeded", ["framework", "levels"]))
case(F, "257-dimensions-text", "parse_framework", {"format": "json"},
     err("limit_exceeded", ["dimensions"]),
     text=json.dumps({"schema_version": 1, "id": "big", "labels": {"en": "Big"}, "levels": PAPER["levels"],
                      "attributes": [{"id": "a", "labels": {"en": "A"}}], "dimensions": many_dims}))
two_dims = {"schema_version": 1, "id": "two", "labels": {"en": "Two"}, "levels": PAPER["levels"],
            "attributes": [{"id": "a", "labels": {"en": "A"}}],
            "dimensions": [{"id": "x", "attribute": "a", "labels": {"en": "X"}}, {"id": "y", "attribute": "a", "labels": {"en": "Y"}}]}
case(F, "radar-two-dimensions", "radar_chart",
     {"framework": two_dims, "assessments": [{"schema_version": 1, "framework": "two", "id": "t", "name": "T", "ratings": {"x": {"level": "low"}, "y": {"level": "high"}}}]},
     err("chart_input", None))
five = json.loads((GOLDEN / "frameworks" / "five-level.json").read_text(encoding="utf-8"))
case(F, "answers-on-five-levels", "score",
     {"framework": five, "assessment": {"schema_version": 1, "framework": five["id"], "id": "t", "name": "T",
                                        "ratings": {d["id"]: {"coped": True, "developed": True} for d in five["dimensions"]}}},
     err("assessment_invalid", ["assessment", "ratings", sorted(d["id"] for d in five["dimensions"])[0]]),
     note="problems are listed in path order")

# ---------------------------------------------------------------------------------------------
# options
# ---------------------------------------------------------------------------------------------
F = "options"
case(F, "report-title-number", "report", {"assessment": CASE_B, "report": {"title": 5}}, err("request_invalid", ["report", "title"]))
case(F, "chart-unknown-field", "radar_chart", {"assessments": [], "cases": ["b"], "chart": {"colour": "red"}}, err("request_invalid", ["chart", "colour"]))
case(F, "radar-nothing", "radar_chart", {"assessments": []}, err("chart_input", None))
case(F, "radar-no-assessments-field", "radar_chart", {"cases": ["b"]}, err("request_invalid", []))
case(F, "radar-unknown-case", "radar_chart", {"assessments": [], "cases": ["q"]}, err("unknown_id", None))
case(F, "text-style-unknown", "text", {"kind": "modes_table", "style": "rtf"}, err("request_invalid", ["style"]))
case(F, "timelines-options-unknown", "timelines", {"assessments": [CASE_B], "options": {"x": 1}}, err("request_invalid", ["options", "x"]))
case(F, "curve-options-unknown", "curve", {"series": {"time": [0, 1], "value": [1, 1]}, "options": {"speed": 1}}, err("request_invalid", ["options", "speed"]))
case(F, "qca-incl-cut-above-1", "qca", {"table": {"cases": ["a", "b"], "conditions": ["X"], "outcome": "Y", "values": [1, 0], "outcome_values": [1, 0]}, "truth_table": {"incl_cut": 1.5}}, err("qca_input", ["truth_table", "incl_cut"]))
case(F, "agreement-unknown-option", "agreement", {"codings": [{"unit": "u", "coder": "a", "value": 1}], "options": {"speed": 1}}, err("request_invalid", ["options", "speed"]))
case(F, "agreement-bootstrap-draws-zero", "agreement",
     {"codings": [{"unit": f"u{i}", "coder": c, "value": (i + j) % 3 + 1} for i in range(6) for j, c in enumerate(["a", "b"])],
      "scale": {"kind": "categories", "levels": 3}, "options": {"alpha": {"bootstrap": {"draws": 0}}}},
     err("agreement_input", ["options", "alpha", "bootstrap", "draws"], "AgreementError"))
case(F, "agreement-bootstrap-draws-huge", "agreement",
     {"codings": [{"unit": f"u{i}", "coder": c, "value": (i + j) % 3 + 1} for i in range(6) for j, c in enumerate(["a", "b"])],
      "scale": {"kind": "categories", "levels": 3}, "options": {"alpha": {"bootstrap": {"draws": 10 ** 15}}}},
     err("limit_exceeded", ["options", "alpha", "bootstrap", "draws"]))
case(F, "sensitivity-bootstrap-huge", "sensitivity",
     {"data": {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}, {"id": "y", "dimension": "d"}], "values": [1, 2, 3, 4, 5, 6]},
      "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]},
      "sensitivity": {"factors": [{"factor": "weight_noise", "share": 0.3}], "n": 8, "bootstrap": 10 ** 12}},
     err("limit_exceeded", ["sensitivity", "bootstrap"]))
case(F, "uncertainty-threads-huge", "uncertainty",
     {"data": {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}, {"id": "y", "dimension": "d"}], "values": [1, 2, 3, 4, 5, 6]},
      "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]},
      "uncertainty": {"factors": [{"factor": "weight_noise", "share": 0.3}], "runs": 600, "threads": 100000}},
     ok(), note="threads are capped; results do not depend on them")

# ---------------------------------------------------------------------------------------------
# batch arrays
# ---------------------------------------------------------------------------------------------
F = "batch"
B = "score_batch"
case(F, "codes-zero", B, {"codes": [[0] + [1] * 7]}, err("batch_input", ["codes", 0, 0], "BatchError"))
case(F, "codes-four", B, {"codes": [[1] * 7 + [4]]}, err("batch_input", ["codes", 0, 7]))
case(F, "codes-256", B, {"codes": [[256] + [1] * 7]}, err("request_invalid", ["codes", 0, 0]))
case(F, "codes-negative", B, {"codes": [[-1] + [1] * 7]}, err("request_invalid", ["codes", 0, 0]))
case(F, "codes-float", B, {"codes": [[1.5] + [1] * 7]}, err("request_invalid", ["codes", 0, 0]))
case(F, "codes-string", B, {"codes": "12312312"}, err("request_invalid", ["codes"]))
case(F, "codes-row-string", B, {"codes": ["11111111"]}, err("request_invalid", ["codes", 0]))
case(F, "codes-short-row", B, {"codes": [[1] * 7]}, err("batch_input", ["codes", 0]))
case(F, "codes-long-row", B, {"codes": [[1] * 9]}, err("batch_input", ["codes", 0]))
case(F, "codes-ragged", B, {"codes": [[1] * 8, [1] * 7]}, err("batch_input", ["codes", 1]))
case(F, "codes-and-scores", B, {"codes": [[1] * 8], "scores": [[50] * 8]}, err("request_invalid", None))
case(F, "neither", B, {}, err("request_invalid", None))
case(F, "codes-empty", B, {"codes": []}, ok())
case(F, "scores-above-100", B, {"scores": [[100.5] + [50] * 7]}, err("batch_input", ["scores", 0, 0]))
case(F, "scores-negative", B, {"scores": [[50] * 7 + [-0.1]]}, err("batch_input", ["scores", 0, 7]))
case(F, "scores-bool", B, {"scores": [[True] + [50] * 7]}, err("request_invalid", ["scores", 0, 0]))
case(F, "scores-null", B, {"scores": [[None] + [50] * 7]}, err("request_invalid", ["scores", 0, 0]))
case(F, "scores-extreme-weights", B, {"scores": [[0, 100] * 4], "options": {"dimension_weights": {d: 1e308 for d in DIMS}}}, ok())
case(F, "codes-with-bad-weight", B, {"codes": [[1] * 8], "options": {"dimension_weights": {"rules": -2}}}, err("invalid_weight", ["options", "dimension_weights", "rules"]))

# ---------------------------------------------------------------------------------------------
# sizes (limits)
# ---------------------------------------------------------------------------------------------
F = "sizes"
deep = 1
for _ in range(100):
    deep = [deep]
case(F, "request-depth-100", "score", {"assessment": CASE_B, "options": {"x": deep}},
     err("limit_exceeded", ["options", "x"] + [0] * 70, "LimitError"), front_ends=["rust"],
     note="a Rust case: the Python and JS converters stop deep nesting earlier, with limit_exceeded")
case(F, "assessments-100001", "compare", {"assessments": []}, err("limit_exceeded", ["assessments"]),
     fill=[{"at": ["assessments"], "array_of": {}, "times": 100001}])
case(F, "coders-1001", "agreement", {"codings": []}, err("limit_exceeded", ["codings"]),
     fill=[{"at": ["codings"], "array_of_numbered": {"unit": "u", "coder": "c{}", "value": 1}, "times": 1001}])
case(F, "units-100001", "indicators", {"data": {"units": [], "indicators": [{"id": "x", "dimension": "d"}], "values": []}, "pipeline": {"steps": []}},
     err("limit_exceeded", ["data", "units"]),
     fill=[{"at": ["data", "units"], "array_of": "u", "times": 100001}])
case(F, "indicators-1001", "indicators", {"data": {"units": ["a"], "indicators": [], "values": []}, "pipeline": {"steps": []}},
     err("limit_exceeded", ["data", "indicators"]),
     fill=[{"at": ["data", "indicators"], "array_of": {"id": "x", "dimension": "d"}, "times": 1001}])
case(F, "qca-26-conditions", "qca", {"table": {"cases": ["a"], "conditions": [f"C{i}" for i in range(26)], "outcome": "Y", "values": [0] * 26, "outcome_values": [1]}},
     err("limit_exceeded", ["table", "conditions"]))
case(F, "qca-26-conditions-necessity", "qca_necessity", {"table": {"cases": ["a"], "conditions": [f"C{i}" for i in range(26)], "outcome": "Y", "values": [0] * 26, "outcome_values": [1]}},
     err("limit_exceeded", ["table", "conditions"]))
small = {"data": {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}, {"id": "y", "dimension": "d"}], "values": [1, 2, 3, 4, 5, 6]},
         "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]}}
case(F, "uncertainty-runs-huge", "uncertainty", dict(small, uncertainty={"factors": [{"factor": "weight_noise", "share": 0.3}], "runs": 10 ** 15}),
     err("limit_exceeded", ["uncertainty", "runs"]))
case(F, "uncertainty-runs-u64-max", "uncertainty", dict(small, uncertainty={"factors": [{"factor": "weight_noise", "share": 0.3}], "runs": 18446744073709551615}),
     err("limit_exceeded", ["uncertainty", "runs"]), front_ends=["rust", "python"])
case(F, "sensitivity-n-huge", "sensitivity", dict(small, sensitivity={"factors": [{"factor": "weight_noise", "share": 0.3}], "n": 10 ** 9}),
     err("limit_exceeded", ["sensitivity", "n"]))
case(F, "read_table-10001-columns", "read_table", {}, err("limit_exceeded", ["columns"]),
     text=",".join(f"c{i}" for i in range(10001)) + "\nx\n")
case(F, "read_table-rows-10001-columns", "read_table", {"rows": [{f"c{i}": 1 for i in range(10001)}]}, err("limit_exceeded", ["columns"]))
case(F, "read_table-long-header-many-lines", "read_table", {}, err("limit_exceeded", ["rows"]),
     text=",".join(f"c{i}" for i in range(9000)) + "\n" + "x\n" * 2300,
     note="9,000 columns × 2,300 rows = 20.7 million cells from 60 KB of text")
case(F, "read_assessments-100001-lines", "read_assessments", {"format": "jsonl"}, err("limit_exceeded", [100000]),
     fill=[{"at": ["text"], "repeat": "{}\n", "times": 100001}])
case(F, "read_table-many-bad-rows-capped", "read_table", {}, err("table_invalid", ["rows", 0, "needs_met"]),
     text="id,name," + ",".join(DIMS) + "\n" + "".join(f"r{i},n," + ",".join(["bogus"] + ["low"] * 7) + "\n" for i in range(5000)),
     note="5,000 problems: the first 50 listed and the total in the message")
case(F, "score-10000-unknown-keys", "score", {"assessment": CASE_B}, err("assessment_invalid", ["assessment", "k0"]),
     fill=[{"at": ["assessment"], "keys_numbered": "k{}", "times": 10000, "value": 1}])

# ---------------------------------------------------------------------------------------------
# every operation's inputs
# ---------------------------------------------------------------------------------------------
F = "operations"
codings2 = [{"unit": f"u{i}", "coder": c, "value": ["low", "medium", "high"][(i + j) % 3]} for i in range(5) for j, c in enumerate(["a", "b"])]
case(F, "agreement-empty", "agreement", {"codings": []}, err("agreement_input", ["codings"]))

# several coders in one file (schema_version 2, issue 9)
def coded(**codings):
    """Case B as a version-2 file with some dimensions holding codings."""
    x = a(schema_version=2)
    for k, v in codings.items():
        x["ratings"][k] = {"codings": v}
    return x


two_coders = [{"rater": "ann", "level": "high"}, {"rater": "bo", "level": "low"}]
case(F, "score-coding-unknown-dimension", "score", {"assessment": coded(needs_mett=two_coders)},
     err("assessment_invalid", ["assessment", "ratings", "needs_mett"]))
case(F, "coding-unknown-field", "score", {"assessment": coded(rules=[{"rater": "ann", "level": "high"}, {"coder": "bo", "level": "low"}])},
     err("assessment_invalid", ["assessment", "ratings", "rules", "codings", 1, "coder"]), note="a misspelt rater field is refused, not ignored")
case(F, "coding-without-rater", "score", {"assessment": coded(rules=[{"rater": "ann", "level": "high"}, {"level": "low"}])},
     err("assessment_invalid", ["assessment", "ratings", "rules", "codings", 1, "rater"]))
case(F, "coding-rater-twice", "score", {"assessment": coded(rules=[{"rater": "ann", "level": "high"}, {"rater": "ann", "level": "low"}])},
     err("assessment_invalid", ["assessment", "ratings", "rules", "codings", 1, "rater"]))
case(F, "codings-in-version-1", "score", {"assessment": dict(coded(rules=two_coders), schema_version=1)},
     err("assessment_invalid", ["assessment", "ratings", "rules", "codings"]))
case(F, "codings-not-a-list", "score", {"assessment": coded(rules={"rater": "ann"})},
     err("assessment_invalid", ["assessment", "ratings", "rules", "codings"]))
case(F, "score-multi-coder-without-rule", "score", {"assessment": coded(rules=two_coders)},
     err("consensus_required", ["assessment", "ratings", "rules"], "AgreementError"))
case(F, "score-multi-coder-bad-rule", "score", {"assessment": coded(rules=two_coders), "consensus": {"rule": {"rule": "average"}}},
     err("request_invalid", ["consensus", "rule", "rule"]))
case(F, "agree-unknown-adjudicator", "agree", {"assessments": [coded(rules=two_coders)], "consensus": {"rule": {"rule": "adjudicator", "coder": "cy"}}},
     err("agreement_input", ["consensus", "rule", "coder"]))
case(F, "agree-coders-count", "agree", {"assessments": [coded(rules=two_coders)], "coders": ["a", "b"]},
     err("agreement_input", ["coders"]))
case(F, "agree-no-assessment", "agree", {"assessments": []}, err("agreement_input", ["assessments"]))
case(F, "agreement-one-coder", "agreement", {"codings": [{"unit": "u", "coder": "a", "value": "low"}]}, ok(present=["no_pairable_units"]),
     note="each measure that cannot be computed is listed as skipped, with its reason")
case(F, "agreement-missing-coder", "agreement", {"codings": [{"unit": "u", "value": "low"}]}, err("request_invalid", ["codings", 0]))
case(F, "agreement-duplicate-coding", "agreement", {"codings": codings2 + [dict(codings2[0], value="high")]}, err("agreement_input", ["codings", 10]))
case(F, "agreement-value-object", "agreement", {"codings": [dict(c, value={"x": 1}) if i == 0 else c for i, c in enumerate(codings2)]}, err("request_invalid", ["codings", 0, "value"]))
case(F, "agreement-unknown-level", "agreement", {"codings": [dict(c, value="extreme") if i == 0 else c for i, c in enumerate(codings2)]}, err("agreement_input", ["codings", 0, "value"]))
case(F, "agreement-scale-levels-huge", "agreement", {"codings": [{"unit": "u", "coder": c, "value": 1} for c in "ab"], "scale": {"kind": "categories", "levels": 4294967295}}, err("limit_exceeded", ["scale", "levels"]),
     note="the scale's domain was allocated level by level: the process aborted")
case(F, "agreement-scale-unknown-kind", "agreement", {"codings": codings2, "scale": {"kind": "cardinal"}}, err("request_invalid", ["scale", "kind"]))
case(F, "disagreements-empty", "disagreements", {"codings": []}, err("agreement_input", ["codings"]))
case(F, "consensus-empty", "consensus", {"codings": []}, err("agreement_input", ["codings"]))
case(F, "agreement-markup-ids", "agreement", {"codings": [dict(c, unit="<script>" + c["unit"]) for c in codings2]}, ok())

data3 = {"units": ["a", "b", "c"], "indicators": [{"id": "x", "dimension": "d"}, {"id": "y", "dimension": "d"}], "values": [1, 2, 3, 4, 5, 6]}
case(F, "indicators-values-short", "indicators", {"data": dict(data3, values=[1, 2, 3]), "pipeline": {"steps": []}}, err("indicator_input", ["data", "values"], "IndicatorError"))
case(F, "indicators-duplicate-unit", "indicators", {"data": dict(data3, units=["a", "a", "c"]), "pipeline": {"steps": []}}, err("indicator_input", ["data", "units", 1]))
case(F, "indicators-duplicate-indicator", "indicators", {"data": dict(data3, indicators=[{"id": "x", "dimension": "d"}, {"id": "x", "dimension": "d"}]), "pipeline": {"steps": []}}, err("indicator_input", ["data", "indicators", 1]))
case(F, "indicators-no-units", "indicators", {"data": {"units": [], "indicators": [{"id": "x", "dimension": "d"}], "values": []}, "pipeline": {"steps": [{"step": "normalise"}]}}, err("indicator_input", ["data", "units"]))
case(F, "indicators-unknown-step", "indicators", {"data": data3, "pipeline": {"steps": [{"step": "teleport"}]}}, err("request_invalid", ["pipeline", "steps", 0, "step"]))
case(F, "indicators-weight-negative", "indicators", {"data": data3, "pipeline": {"steps": [{"step": "normalise"}, {"step": "weight", "method": "manual", "values": {"x": -1, "y": 1}}]}}, err("indicator_input", ["pipeline", "steps", 1, "values", "x"]))
case(F, "indicators-weight-typo", "indicators", {"data": data3, "pipeline": {"steps": [{"step": "normalise"}, {"step": "weight", "method": "manual", "weigths": {"x": 1}}]}}, err("request_invalid", ["pipeline", "steps", 1, "weigths"]),
     note="an unknown field of a step was silently ignored")
case(F, "indicators-ahp-not-square", "indicators", {"data": data3, "pipeline": {"steps": [{"step": "normalise"}, {"step": "weight", "method": "ahp", "ahp": [{"ids": ["x", "y"], "matrix": [[1, 2]]}]}]}}, err("indicator_input", ["pipeline", "steps", 1, "ahp", 0, "matrix"]))
case(F, "indicators-band-unsorted", "indicators", {"data": data3, "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}, {"step": "band", "levels": ["low", "medium", "high"], "thresholds": [60, 40], "targets": ["overall"]}]}}, err("indicator_input", ["pipeline", "steps", 2, "thresholds", 1]))
case(F, "indicators-all-missing", "indicators", {"data": dict(data3, values=[None] * 6), "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]}}, err("indicator_input", ["pipeline", "steps", 1, "dimension"]))
case(F, "indicators-constant-column", "indicators", {"data": dict(data3, values=[1, 1, 1, 1, 1, 1]), "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}, {"step": "rank", "targets": ["overall"]}]}}, err("indicator_input", ["pipeline", "steps", 0]),
     note="a constant indicator cannot be min-max normalised; the message says how to proceed")

case(F, "uncertainty-no-factors", "uncertainty", dict(small, uncertainty={"factors": [], "runs": 10}), err("uncertainty_input", ["uncertainty", "factors"]))
case(F, "uncertainty-one-run", "uncertainty", dict(small, uncertainty={"factors": [{"factor": "weight_noise", "share": 0.3}], "runs": 1}), err("uncertainty_input", ["uncertainty", "runs"]))
case(F, "uncertainty-unknown-factor", "uncertainty", dict(small, uncertainty={"factors": [{"factor": "mood"}], "runs": 10}), err("request_invalid", ["uncertainty", "factors", 0, "factor"]))
case(F, "uncertainty-duplicate-factor", "uncertainty", dict(small, uncertainty={"factors": [{"factor": "weight_noise", "share": 0.3}, {"factor": "weight_noise", "share": 0.2}], "runs": 10}), err("uncertainty_input", ["uncertainty", "factors", 1]))
case(F, "sensitivity-n-one", "sensitivity", dict(small, sensitivity={"factors": [{"factor": "weight_noise", "share": 0.3}], "n": 1}), err("uncertainty_input", ["sensitivity", "n"]))
case(F, "sensitivity-confidence-one", "sensitivity", dict(small, sensitivity={"factors": [{"factor": "weight_noise", "share": 0.3}], "n": 8, "confidence": 1}), err("uncertainty_input", ["sensitivity", "confidence"]))

qt = {"cases": ["a", "b", "c"], "conditions": ["X", "Z"], "outcome": "Y", "values": [1, 0, 0, 1, 1, 1], "outcome_values": [1, 0, 1]}
case(F, "qca-shape", "qca", {"table": dict(qt, values=[1, 0])}, err("qca_input", ["table", "values"]))
case(F, "qca-duplicate-case", "qca", {"table": dict(qt, cases=["a", "a", "c"])}, err("qca_input", ["table", "cases", 1]))
case(F, "qca-condition-equals-outcome", "qca", {"table": dict(qt, conditions=["X", "Y"])}, err("qca_input", ["table", "conditions", 1]))
case(F, "qca-no-cases", "qca", {"table": dict(qt, cases=[], values=[], outcome_values=[])}, err("qca_input", ["table", "cases"]))
case(F, "qca-no-conditions", "qca", {"table": dict(qt, conditions=[], values=[])}, err("qca_input", ["table", "conditions"]))
case(F, "qca-fuzzy-above-1", "qca", {"table": dict(qt, values=[1.5, 0, 0, 1, 1, 1])}, err("qca_input", ["table", "values", 0]))
case(F, "qca-nothing-to-explain", "qca", {"table": dict(qt, outcome_values=[0, 0, 0])}, err("qca_input", []))
case(F, "qca-calibration-bad-anchors", "qca", {"table": dict(qt, values=[1, 5, 3, 7, 9, 2]), "calibration": {"conditions": [{"method": "fuzzy", "exclusion": 5, "crossover": 5, "inclusion": 1}, None]}}, err("qca_input", ["calibration", "conditions", 0]))
case(F, "qca_robustness-empty-spec", "qca_robustness", {"table": qt, "spec": {}}, err("request_invalid", ["spec"]))
case(F, "qca-markup-names", "qca", {"table": dict(qt, conditions=["<b>X</b>", "Z&amp;"])}, ok())

case(F, "curve-empty", "curve", {"series": {"time": [], "value": []}}, err("curve_input", ["series", "time"], "CurveError"))
case(F, "curve-one-point", "curve", {"series": {"time": [0], "value": [1]}}, err("curve_input", ["series", "time"]))
case(F, "curve-length-mismatch", "curve", {"series": {"time": [0, 1, 2], "value": [1, 1]}}, err("curve_input", ["series", "value"]))
case(F, "curve-time-repeated", "curve", {"series": {"time": [0, 1, 1], "value": [1, 0.5, 1]}}, err("curve_input", ["series", "time", 2]))
case(F, "curve-time-decreasing", "curve", {"series": {"time": [0, 2, 1], "value": [1, 0.5, 1]}}, err("curve_input", ["series", "time", 2]))
case(F, "curve-value-negative", "curve", {"series": {"time": [0, 1, 2], "value": [1, -0.5, 1]}}, ok(),
     note="functionality in any unit, negative included (a net loss)")
case(F, "curve-value-string", "curve", {"series": {"time": [0, 1, 2], "value": [1, "x", 1]}}, err("request_invalid", ["series", "value", 1]))
case(F, "curves-duplicate-dimension", "curves", {"curves": [{"dimension": "rules", "series": {"time": [0, 1, 2], "value": [1, 0.5, 1]}}] * 2}, err("curve_input", ["curves", 1, "dimension"]))
case(F, "curves-empty", "curves", {"curves": []}, err("curve_input", ["curves"]))

case(F, "timelines-empty", "timelines", {"assessments": []}, err("timeline_input", ["assessments"], "TimelineError"))
case(F, "timelines-duplicate-occasion", "timelines", {"assessments": [CASE_B, CASE_B]}, err("timeline_input", ["assessments", 1]))
case(F, "timelines-invalid-assessment", "timelines", {"assessments": [a(id="")]}, err("assessment_invalid", ["assessments", 0, "id"]))

case(F, "compare-empty", "compare", {"assessments": []}, err("compare_input", ["assessments"], "CompareError"))
case(F, "compare-duplicate-id", "compare", {"assessments": [CASE_B, CASE_B]}, err("compare_input", ["assessments", 1, "id"]))
case(F, "compare-second-invalid", "compare", {"assessments": [CASE_B, a(id="x", ratings={})]}, err("assessment_invalid", ["assessments", 1, "ratings", DIMS[0]]))
case(F, "diagnose-invalid", "diagnose", {"assessment": a(ratings={})}, err("assessment_invalid", ["assessment", "ratings", DIMS[0]]))
case(F, "report-invalid", "report", {"assessment": a(id="")}, err("assessment_invalid", ["assessment", "id"]))
case(F, "write_table-invalid", "write_table", {"assessments": [a(id="")]}, err("assessment_invalid", ["assessments", 0, "id"]))
case(F, "write_table-unknown-format", "write_table", {"assessments": [CASE_B], "format": "xlsx"}, err("request_invalid", ["format"]))
case(F, "format_framework-unknown-format", "format_framework", {"format": "yaml"}, err("request_invalid", ["format"]))

csv_head = "id,name," + ",".join(DIMS)
case(F, "read_table-bad-level", "read_table", {}, err("table_invalid", ["rows", 0, "rules"]), text=f"{csv_head}\nx,X," + ",".join("bogus" if d == "rules" else "low" for d in DIMS) + "\n")
case(F, "read_table-unknown-column", "read_table", {}, err("table_invalid", ["columns", "colour"]), text=f"{csv_head},colour\nx,X," + ",".join("low" for _ in DIMS) + ",red\n")
case(F, "read_table-extra-cells", "read_table", {}, err("table_invalid", ["rows", 0]), text=f"{csv_head}\nx,X," + ",".join("low" for _ in DIMS) + ",extra\n")
case(F, "read_table-ambiguous-code", "read_table", {}, err("table_invalid", ["rows", 0, "rules"]), text=f"{csv_head}\nx,X," + ",".join("2" if d == "rules" else "low" for d in DIMS) + "\n")
case(F, "read_table-both", "read_table", {"text": "id\nx\n", "rows": [{"id": "x"}]}, err("request_invalid", None))
case(F, "read_table-neither", "read_table", {}, err("request_invalid", None))
case(F, "read_table-rows-empty", "read_table", {"rows": []}, err("table_invalid", ["rows"]))
case(F, "read_table-rows-nested", "read_table", {"rows": [{"id": "x", "name": "X", **{d: "low" for d in DIMS}, "rules": {"level": "low"}}]}, err("table_invalid", ["rows", 0, "rules"]))
case(F, "read_table-markup-id", "read_table", {}, err("table_invalid", ["rows", 0, "id"]), text=f"{csv_head}\n<script>,X," + ",".join("low" for _ in DIMS) + "\n")
case(F, "read_assessments-array-item-invalid", "read_assessments", {"format": "json"}, err("assessment_invalid", [1, "id"]), text=json.dumps([CASE_B, a(id="")], ensure_ascii=False))
case(F, "read_assessments-jsonl-item-invalid", "read_assessments", {"format": "jsonl"}, err("assessment_invalid", [0, "ratings"]), text=json.dumps(a(ratings=5)) + "\n")
case(F, "new_assessment-empty-id", "new_assessment", {"id": "", "name": "x"}, err("assessment_invalid", ["id"]))
case(F, "cases_report-bad-weight", "cases_report", {"options": {"dimension_weights": {"rules": -1}}}, err("invalid_weight", ["options", "dimension_weights", "rules"]))
case(F, "citations-unknown-field", "citations", {"x": 1}, err("request_invalid", ["x"]))
case(F, "version-extra-field", "version", {"x": 1}, err("request_invalid", ["x"]))

# diagnosis summaries (issue 15): codes located by row and column, partials by index and field
case(F, "diagnosis_summary-neither-codes-nor-assessments", "diagnosis_summary", {}, err("request_invalid", None))
case(F, "diagnosis_summary-short-row", "diagnosis_summary", {"codes": [[1] * 8, [1] * 7]}, err("batch_input", ["codes", 1]))
case(F, "diagnosis_summary-bad-assessment", "diagnosis_summary", {"assessments": [CASE_B, a(id="")]}, err("assessment_invalid", ["assessments", 1, "id"]))
case(F, "diagnosis_summary-bad-weight", "diagnosis_summary", {"codes": [[1] * 8], "options": {"dimension_weights": {"rules": -1}}}, err("invalid_weight", ["options", "dimension_weights", "rules"]))
case(F, "diagnosis_summary_partial-code-out-of-range", "diagnosis_summary_partial", {"codes": [[1] * 8, [1, 1, 1, 4, 1, 1, 1, 1]]}, err("batch_input", ["codes", 1, 3]))
case(F, "diagnosis_summary_merge-none", "diagnosis_summary_merge", {"partials": []}, err("summary_input", ["partials"]))
_P = {"version": 1, "framework": "sanshe-liandong-2022", "dimensions": DIMS, "levels": ["low", "medium", "high"], "spec": {"top_k": 3}, "units": 1, "codes": [1] * 8, "counts": [1]}
case(F, "diagnosis_summary_merge-unsorted-rows", "diagnosis_summary_merge", {"partials": [dict(_P, units=2, codes=[2] * 8 + [1] * 8, counts=[1, 1])]}, err("summary_input", ["partials", 0, "codes"]))
case(F, "diagnosis_summary_finish-other-framework", "diagnosis_summary_finish", {"partial": dict(_P, framework="other")}, err("framework_mismatch", ["framework"]))


def main(out: pathlib.Path = HERE) -> None:
    """Writes every file of the battery into `out` (default: this folder)."""
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, cases in FILES.items():
        seen = set()
        lines = [
            f"# bad-input battery: {name} ({len(cases)} cases). Written by generate.py; see README.md.",
        ]
        for c in cases:
            assert c["name"] not in seen, c["name"]
            seen.add(c["name"])
            lines.append(json.dumps(c, ensure_ascii=False, separators=(",", ":")))
        (out / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        total += len(cases)
    print(f"{total} cases in {len(FILES)} files")


if __name__ == "__main__":
    import sys

    main(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
