//! The timeline golden vectors of tests/golden/timeline/cases.jsonl, written by an independent
//! standard-library Python implementation (generate.py). Scores and deltas to 1e-9 points; ids,
//! orders, levels, directions and ranks exactly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use renxing::timeline::{timelines, Change, ItemKind, Step, TimelineOptions};
use renxing::{Assessment, Framework};
use serde_json::{json, Value};

fn cases() -> Vec<Value> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/timeline/cases.jsonl");
    let text = std::fs::read_to_string(&p).unwrap();
    let v: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!v.is_empty(), "read zero timeline vectors");
    v
}

fn close(name: &str, what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-9, "{name}: {what}: got {g}, want {w}"),
        (g, _) => panic!("{name}: {what}: got {g:?}, want {want}"),
    }
}

fn key(c: &Change) -> String {
    match c.kind {
        ItemKind::Dimension => format!("dimension:{}", c.id),
        ItemKind::Attribute => format!("attribute:{}", c.id),
        ItemKind::Overall => "overall".to_owned(),
    }
}

fn check_step(name: &str, got: &Step, want: &Value) {
    let want = want.as_object().unwrap();
    assert_eq!(got.changes.len(), want.len(), "{name}");
    for c in &got.changes {
        let k = key(c);
        let w = &want[&k];
        close(name, &k, c.score_delta, &w["score_delta"]);
        assert_eq!(json!(c.level_delta), w["level_delta"], "{name}: {k}");
        assert_eq!(json!(c.direction), w["direction"], "{name}: {k}");
    }
}

#[test]
fn timeline_golden_vectors() {
    let all = cases();
    for c in &all {
        let name = c["name"].as_str().unwrap();
        let input: Vec<Assessment> = serde_json::from_value(c["assessments"].clone()).unwrap();
        let options: TimelineOptions = serde_json::from_value(c["options"].clone()).unwrap();
        let set = timelines(&input, Framework::paper(), &options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let x = &c["expected"];
        let want_tl = x["timelines"].as_array().unwrap();
        assert_eq!(set.timelines.len(), want_tl.len(), "{name}");
        for (t, w) in set.timelines.iter().zip(want_tl) {
            assert_eq!(json!(t.community), w["community"], "{name}");
            let order: Vec<usize> = t.points.iter().map(|p| p.index).collect();
            assert_eq!(json!(order), w["order"], "{name}");
            for (p, s) in t.points.iter().zip(w["overall_scores"].as_array().unwrap()) {
                close(
                    name,
                    "overall score",
                    p.overall.as_ref().map(|m| m.score),
                    s,
                );
            }
            assert_eq!(json!(t.missing_phases), w["missing_phases"], "{name}");
            assert_eq!(json!(t.phase_ahead), w["phase_ahead"], "{name}");
            let ws = w["steps"].as_array().unwrap();
            assert_eq!(t.steps.len(), ws.len(), "{name}");
            for (s, ws) in t.steps.iter().zip(ws) {
                check_step(name, s, ws);
            }
            match (&t.first_to_last, &w["first_to_last"]) {
                (None, Value::Null) => {}
                (Some(s), ws) => check_step(name, s, ws),
                (None, ws) => panic!("{name}: first_to_last missing, want {ws}"),
            }
        }
        let want_rank = x["ranking"].as_array().unwrap();
        assert_eq!(set.ranking.len(), want_rank.len(), "{name}");
        for (e, w) in set.ranking.iter().zip(want_rank) {
            assert_eq!(json!(e.community), w["community"], "{name}");
            assert_eq!(json!(e.rank), w["rank"], "{name}");
            assert_eq!(json!(e.tied), w["tied"], "{name}");
            close(name, "overall_delta", e.overall_delta, &w["overall_delta"]);
        }
        assert_eq!(json!(set.improved_most), x["improved_most"], "{name}");
        assert_eq!(json!(set.fell_back), x["fell_back"], "{name}");
    }
}
