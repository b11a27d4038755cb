//! Held requests and lazy results ([`renxing_ops::held`]): for every golden pair of
//! tests/golden/ops, preparing the request and running it (twice) gives the recorded response
//! (its whole JSON, each field read alone, its keys in order) or the recorded error, located and
//! worded as `call_json` words it; and a prepared `score`/`diagnose` gives what a one-shot call
//! gives for many assessments.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use renxing::Lang;
use renxing_ops::{call_json, held, Ctx};
use serde_json::{json, Map, Value};

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

/// Prepares and runs; the error report (in `lang`) wherever it arises.
fn held_outcome(op: &str, request: Value, lang: Lang) -> Result<held::Held, Value> {
    let ctx = Ctx::with_lang(lang);
    let report = |e: renxing::Error| serde_json::to_value(e.report(lang)).unwrap();
    let prepared = held::prepare(op, request, &ctx).map_err(report)?;
    assert_eq!(prepared.name(), op);
    let first = prepared.run().map_err(report)?;
    // a second run gives the same
    let again = prepared.run().map_err(report).unwrap();
    assert_eq!(first.to_value().unwrap(), again.to_value().unwrap());
    Ok(first)
}

#[test]
fn every_golden_pair_matches_held() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/ops");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut responses, mut errors, mut fields) = (0, 0, 0);
    let mut ops = std::collections::BTreeSet::new();
    for path in &files {
        let case: Map<String, Value> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let op = case["operation"].as_str().unwrap();
        let lang: Lang = case
            .get("lang")
            .and_then(Value::as_str)
            .unwrap_or("zh")
            .parse()
            .unwrap();
        let name = path.display();
        match (
            held_outcome(op, case["request"].clone(), lang),
            case.get("response"),
        ) {
            (Ok(h), Some(want)) => {
                assert_eq!(h.name(), op);
                let whole = h.to_value().unwrap();
                assert_eq!(canonical(&whole), canonical(want), "{name}");
                if let Value::Object(m) = want {
                    let keys: Vec<&String> = m.keys().collect();
                    let mut have = h.keys().unwrap();
                    let mut want_keys: Vec<String> = keys.iter().map(|k| (*k).clone()).collect();
                    have.sort();
                    want_keys.sort();
                    assert_eq!(have, want_keys, "{name}: keys");
                    for k in keys {
                        let got = h.field(k).unwrap().unwrap();
                        assert_eq!(canonical(&got), canonical(&m[k]), "{name}: field {k}");
                        fields += 1;
                    }
                }
                assert_eq!(h.field("no_such_field").unwrap(), None);
                responses += 1;
            }
            (Err(report), None) => {
                assert_eq!(canonical(&report), canonical(&case["error"]), "{name}");
                errors += 1;
            }
            (Err(_), Some(_)) | (Ok(_), None) => {
                panic!("{name}: the held outcome differs from the recorded one")
            }
        }
        ops.insert(op.to_owned());
    }
    assert!(
        responses > 20 && errors > 5 && fields > 100,
        "{responses} {errors} {fields}"
    );
    assert!(ops.len() >= 15, "only {} operations", ops.len());
}

#[test]
fn held_score_and_diagnose_equal_one_shot_calls() {
    let ctx = Ctx::default();
    for id in ["a", "b", "c"] {
        let case = call_json("reference_case", json!({"id": id}), &ctx).unwrap();
        for (op, extra) in [
            ("score", json!({})),
            ("score", json!({"options": {"method": "median"}})),
            ("diagnose", json!({})),
            ("diagnose", json!({"phase": "response", "top_remedies": 2})),
        ] {
            let mut req = extra.as_object().unwrap().clone();
            req.insert("assessment".into(), case.clone());
            let req = Value::Object(req);
            let once = call_json(op, req.clone(), &ctx).unwrap();
            let p = held::prepare(op, req, &ctx).unwrap();
            for _ in 0..3 {
                assert_eq!(p.run().unwrap().to_value().unwrap(), once);
            }
            let card = p.run().unwrap();
            if op == "score" {
                let typed = card.get::<renxing::Scorecard>().unwrap();
                assert_eq!(serde_json::to_value(typed).unwrap(), once);
            }
        }
    }
}

#[test]
fn held_errors_are_located_as_one_shot_errors() {
    let ctx = Ctx::with_lang(Lang::En);
    let case = call_json("reference_case", json!({"id": "b"}), &ctx).unwrap();
    let mut bad = case.clone();
    bad["ratings"]["rules"] = json!({"level": "excellent"});
    for (op, req, at) in [
        ("score", json!({"assessment": bad}), Some("assessment")),
        ("diagnose", json!({"assessment": bad}), Some("assessment")),
        (
            "score",
            json!({"assessment": case, "options": {"dimension_weights": {"rules": -1.0}}}),
            Some("options"),
        ),
        ("score", json!({"assessment": case, "optons": {}}), None),
        (
            "score",
            json!({"assessment": case, "framework": "nope"}),
            None,
        ),
        ("no_such_op", json!({}), None),
    ] {
        let want = call_json(op, req.clone(), &ctx).unwrap_err();
        let got = held::prepare(op, req, &ctx).unwrap_err();
        assert_eq!(got.report(Lang::En), want.report(Lang::En), "{op}");
        assert_eq!(got.report(Lang::Zh), want.report(Lang::Zh), "{op}");
        if let Some(first) = at {
            let path = got.report(Lang::En).path.unwrap();
            assert_eq!(
                path.segments().first(),
                Some(&renxing::PathSeg::Key(first.into())),
                "{op}"
            );
        }
    }
    // an error of the run itself (not of the hold step) comes from run()
    let p = held::prepare(
        "score_batch",
        json!({"codes": [[1, 2, 3, 1, 2, 3, 1, 9]]}),
        &ctx,
    )
    .unwrap();
    let want = call_json(
        "score_batch",
        json!({"codes": [[1, 2, 3, 1, 2, 3, 1, 9]]}),
        &ctx,
    )
    .unwrap_err();
    assert_eq!(p.run().unwrap_err().report(Lang::En), want.report(Lang::En));
}
