//! tests/golden/ops: one request/response pair per file, shared with the Python and JavaScript
//! suites. Each file is `{"operation", "request", "lang"?, "response" | "error"}`; the response
//! (or the error report in the context language, default zh) must equal, as canonical JSON (keys
//! sorted, compact), what the operation gives. `RENXING_UPDATE_GOLDEN=1` rewrites the expected
//! parts (review the diff).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use renxing::Lang;
use renxing_ops::{call_json, Ctx};
use serde_json::{Map, Value};

/// Keys sorted recursively, compact: the form every front end compares.
fn canonical(v: &Value) -> String {
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), sort(&m[k]))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&sort(v)).unwrap()
}

#[test]
fn every_golden_pair_matches() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/ops");
    let update = std::env::var_os("RENXING_UPDATE_GOLDEN").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut seen_ops = std::collections::BTreeSet::new();
    let mut read = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let mut case: Map<String, Value> = serde_json::from_str(&text).unwrap();
        let op = case["operation"].as_str().unwrap().to_owned();
        let lang: Lang = case
            .get("lang")
            .and_then(Value::as_str)
            .unwrap_or("zh")
            .parse()
            .unwrap();
        let got = call_json(&op, case["request"].clone(), &Ctx::with_lang(lang));
        let (key, value) = match got {
            Ok(v) => ("response", v),
            Err(e) => ("error", serde_json::to_value(e.report(lang)).unwrap()),
        };
        if update {
            case.remove("response");
            case.remove("error");
            case.insert(key.to_owned(), value);
            let mut out = serde_json::to_string_pretty(&Value::Object(case)).unwrap();
            out.push('\n');
            std::fs::write(path, out).unwrap();
        } else {
            let want = case.get(key).unwrap_or_else(|| {
                panic!(
                    "{}: expected no {key} (the other outcome is recorded)",
                    path.display()
                )
            });
            assert_eq!(canonical(&value), canonical(want), "{}", path.display());
        }
        seen_ops.insert(op);
        read += 1;
    }
    assert!(
        read > 20,
        "read only {read} golden pairs from {}",
        dir.display()
    );
    assert!(
        seen_ops.len() >= 15,
        "only {} operations covered",
        seen_ops.len()
    );
}

#[test]
fn request_errors_name_the_field() {
    let e = call_json(
        "score",
        serde_json::json!({"assessment": {}, "optons": {}}),
        &Ctx::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), renxing::ErrorCode::RequestInvalid);
    let e = call_json("nope", Value::Null, &Ctx::with_lang(Lang::En)).unwrap_err();
    assert_eq!(e.code(), renxing::ErrorCode::UnknownOperation);
    assert!(e
        .message(Lang::En)
        .starts_with("unknown operation \"nope\"; expected one of: version,"));
}

#[test]
fn the_registry_has_unique_names_and_schemas() {
    let mut names = std::collections::BTreeSet::new();
    for op in renxing_ops::registry() {
        assert!(names.insert(op.name), "duplicate {}", op.name);
        assert!(!op.summary.trim().is_empty());
    }
    let s = renxing_ops::codegen::schemas();
    assert_eq!(s.ops.len(), renxing_ops::registry().len());
    assert!(s.defs.contains_key("Assessment") && s.defs.contains_key("Scorecard"));
}
