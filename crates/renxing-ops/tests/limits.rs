//! The limits of docs/reliability.md that the bad-input battery cannot hold (its cases would be
//! tens of megabytes, or need a size only a program writes): each is refused with
//! `limit_exceeded` at its field, through the operation layer every front end calls, and a
//! value at the limit is not. The battery (tests/bad-inputs/sizes.jsonl and others) holds the
//! rest; the table in docs/reliability.md names the test of every limit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::limits::{
    MAX_CODINGS, MAX_INPUT_BYTES, MAX_PAIRWISE_UNITS, MAX_RUN_CELLS, MAX_TABLE_ROWS,
};
use renxing::ErrorCode;
use renxing_ops::{call_json, Ctx};
use serde_json::{json, Value};

/// The code and the path (dotted) of an operation's error; panics when it succeeds.
fn refused(op: &str, request: Value) -> (ErrorCode, String) {
    let e = call_json(op, request, &Ctx::default())
        .err()
        .unwrap_or_else(|| panic!("{op}: accepted"));
    let r = e.report(renxing::Lang::En);
    let path = r.path.map(|p| p.to_string()).unwrap_or_default();
    (r.code, path)
}

#[test]
fn an_input_text_above_64_mib_is_refused_before_it_is_read() {
    // valid JSON (a string of spaces inside an array), so only the size can refuse it
    let mut text = String::with_capacity(MAX_INPUT_BYTES + 8);
    text.push('[');
    text.push_str(&" ".repeat(MAX_INPUT_BYTES));
    text.push(']');
    let (code, path) = refused("parse_assessment", json!({ "text": text }));
    assert_eq!((code, path.as_str()), (ErrorCode::LimitExceeded, "text"));
    // at the limit, the text is read (and refused for what it is: not an assessment)
    text.truncate(MAX_INPUT_BYTES - 1);
    text.push(']');
    let (code, _) = refused("parse_assessment", json!({ "text": text }));
    assert_ne!(code, ErrorCode::LimitExceeded);
}

#[test]
fn a_table_of_more_than_a_million_rows_is_refused() {
    let mut text = String::from("id\n");
    text.push_str(&"x\n".repeat(MAX_TABLE_ROWS + 1));
    let (code, path) = refused("read_table", json!({ "text": text }));
    assert_eq!((code, path.as_str()), (ErrorCode::LimitExceeded, "rows"));
}

#[test]
fn more_than_a_million_codings_are_refused_before_they_are_read() {
    let codings = vec![Value::Null; MAX_CODINGS + 1];
    let (code, path) = refused("agreement", json!({ "codings": codings }));
    assert_eq!((code, path.as_str()), (ErrorCode::LimitExceeded, "codings"));
}

/// A dataset of `n` units and two indicators, and a pipeline that scores it.
fn dataset(n: usize) -> Value {
    let units: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();
    let values: Vec<f64> = (0..2 * n).map(|i| (i % 7) as f64).collect();
    json!({
        "data": {
            "units": units,
            "indicators": [{"id": "x", "dimension": "d"}, {"id": "y", "dimension": "d"}],
            "values": values,
        },
        "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]},
    })
}

#[test]
fn runs_times_units_above_twenty_million_are_refused() {
    // 1,000,000 runs (the runs limit itself) × 21 units = 21 million cells
    let units = MAX_RUN_CELLS / 1_000_000 + 1;
    let mut request = dataset(units);
    request["uncertainty"] =
        json!({"factors": [{"factor": "weight_noise", "share": 0.3}], "runs": 1_000_000});
    let (code, path) = refused("uncertainty", request);
    assert_eq!(code, ErrorCode::LimitExceeded);
    assert!(path.starts_with("uncertainty"), "{path}");
}

#[test]
fn a_pairwise_matrix_of_more_than_3000_units_is_refused() {
    let mut request = dataset(MAX_PAIRWISE_UNITS + 1);
    request["uncertainty"] = json!({
        "factors": [{"factor": "weight_noise", "share": 0.3}],
        "runs": 10,
        "pairwise": true,
    });
    let (code, path) = refused("uncertainty", request);
    assert_eq!(code, ErrorCode::LimitExceeded);
    assert!(path.starts_with("uncertainty"), "{path}");
}
