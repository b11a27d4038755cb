//! The shared golden vectors of tests/golden/, also read by the Python and JavaScript suites.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use renxing::{
    compare_with, diagnose_with, Assessment, BatchOutput, Engine, Error, Framework, Grade,
    ScoreOptions,
};
use serde_json::Value;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(golden_dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The JSON objects of a `.jsonl` file, skipping `#` comment lines.
fn vectors(file: &str) -> Vec<Value> {
    let v: Vec<Value> = read(file)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{file}: {e}: {l}")))
        .collect();
    assert!(!v.is_empty(), "{file}: read zero vectors");
    v
}

fn framework(v: &Value) -> Framework {
    match v.as_str() {
        None => Framework::paper().clone(),
        Some(p) if p.ends_with(".toml") => Framework::from_toml(&read(p)).expect("framework"),
        Some(p) => Framework::from_json(&read(p)).expect("framework"),
    }
}

fn options(v: &Value) -> ScoreOptions {
    ScoreOptions::from_value(v).expect("options")
}

fn assert_close(name: &str, what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-9, "{name}: {what}: got {g}, want {w}"),
        (g, _) => panic!("{name}: {what}: got {g:?}, want {want}"),
    }
}

fn assert_grade(name: &str, what: &str, got: Option<&Grade>, want: &Value) {
    assert_eq!(
        got.map(|g| g.level.as_str()),
        want["level"].as_str(),
        "{name}: {what} level"
    );
    assert_close(name, what, got.map(|g| g.score), &want["score"]);
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn scoring_and_diagnosis_vectors() {
    let all = vectors("scoring.jsonl");
    for v in &all {
        let name = v["name"].as_str().expect("name");
        let fw = framework(&v["framework"]);
        let a = Assessment::parse(&read(v["input"].as_str().expect("input")), &fw)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let d = diagnose_with(&a, &fw, &options(&v["options"]))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let e = &v["expected"];
        let card = &d.scorecard;
        let dims = e["dimensions"].as_object().expect("dimensions");
        assert_eq!(dims.len(), card.dimensions.len(), "{name}");
        for (id, want) in dims {
            let got = card.dimension(id).expect("dimension");
            assert_grade(name, id, got.grade.as_ref(), want);
        }
        for (id, want) in e["attributes"].as_object().expect("attributes") {
            let got = card.attribute(id).expect("attribute");
            assert_grade(name, id, got.grade.as_ref(), want);
            assert_eq!(
                Some(got.rated as u64),
                want["rated"].as_u64(),
                "{name}: {id} rated"
            );
            assert_eq!(
                Some(got.total as u64),
                want["total"].as_u64(),
                "{name}: {id} total"
            );
        }
        let cols = card.columns();
        let want_cols = e["columns"].as_object().expect("columns");
        assert_eq!(cols.len(), want_cols.len(), "{name}: columns");
        for c in &cols {
            assert_eq!(
                c.grade.as_ref().map(|g| g.level.as_str()),
                want_cols[&c.key()].as_str(),
                "{name}: column {}",
                c.key()
            );
        }
        assert_grade(name, "overall", card.overall.as_ref(), &e["overall"]);
        let got: Vec<&str> = d.attribute_deficits.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(
            got,
            ids(&e["attribute_deficits"]),
            "{name}: attribute deficits"
        );
        let got: Vec<&str> = d.dimension_deficits.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(
            got,
            ids(&e["dimension_deficits"]),
            "{name}: dimension deficits"
        );
        let got: Vec<&str> = d.remedies.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(got, ids(&e["remedies"]), "{name}: remedies");
        assert_eq!(
            d.nearest_case.as_ref().map(|c| c.case.as_str()),
            e["nearest_case"].as_str(),
            "{name}: nearest case"
        );
        assert_eq!(d.unrated, ids(&e["unrated"]), "{name}: unrated");
        assert_eq!(
            d.inconsistencies,
            ids(&e["inconsistencies"]),
            "{name}: inconsistencies"
        );
    }
    assert!(all.len() >= 10);
}

#[test]
fn comparison_vectors() {
    let all = vectors("compare.jsonl");
    for v in &all {
        let name = v["name"].as_str().expect("name");
        let fw = Framework::paper();
        let inputs: Vec<Assessment> = ids(&v["inputs"])
            .iter()
            .map(|p| Assessment::parse(&read(p), fw).expect("input"))
            .collect();
        let c = compare_with(&inputs, fw, &options(&v["options"])).expect("compare");
        let want = v["expected"]["ranking"].as_array().expect("ranking");
        assert_eq!(c.ranking.len(), want.len(), "{name}");
        for (got, w) in c.ranking.iter().zip(want) {
            assert_eq!(Some(got.id.as_str()), w["id"].as_str(), "{name}: ranking");
            assert_eq!(
                got.rank.map(|r| r as u64),
                w["rank"].as_u64(),
                "{name}: rank"
            );
            assert_eq!(Some(got.tied), w["tied"].as_bool(), "{name}: tied");
        }
        for x in &c.extremes {
            let w = &v["expected"]["extremes"][&x.dimension];
            assert_eq!(x.best, ids(&w["best"]), "{name}: best {}", x.dimension);
            assert_eq!(x.worst, ids(&w["worst"]), "{name}: worst {}", x.dimension);
        }
    }
}

#[test]
fn batch_vectors() {
    let all = vectors("batch.jsonl");
    let fw = Framework::paper();
    for v in &all {
        let name = v["name"].as_str().expect("name");
        let rows = v["rows"].as_array().expect("rows");
        let engine = Engine::new(fw, &options(&v["options"])).expect("engine");
        let n = rows.len();
        let (mut os, mut ol) = (vec![0.0; n], vec![0u8; n]);
        let (mut as_, mut al) = (vec![0.0; n * 3], vec![0u8; n * 3]);
        let mut out = BatchOutput {
            overall_score: &mut os,
            overall_level: &mut ol,
            attribute_score: Some(&mut as_),
            attribute_level: Some(&mut al),
            rated: None,
        };
        let flat = rows.iter().flat_map(|r| r.as_array().expect("row").iter());
        if v["kind"] == "codes" {
            let codes: Vec<u8> = flat.map(|x| x.as_u64().expect("code") as u8).collect();
            engine.score_codes(&codes, &mut out).expect("batch");
        } else {
            let scores: Vec<f64> = flat.map(|x| x.as_f64().expect("score")).collect();
            engine.score_scores(&scores, &mut out).expect("batch");
        }
        let e = &v["expected"];
        for r in 0..n {
            assert_close(name, "overall_score", Some(os[r]), &e["overall_score"][r]);
            assert_eq!(
                Some(u64::from(ol[r])),
                e["overall_level"][r].as_u64(),
                "{name}"
            );
            for a in 0..3 {
                assert_close(
                    name,
                    "attribute_score",
                    Some(as_[r * 3 + a]),
                    &e["attribute_score"][r][a],
                );
                assert_eq!(
                    Some(u64::from(al[r * 3 + a])),
                    e["attribute_level"][r][a].as_u64(),
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn error_vectors() {
    let all = vectors("errors.jsonl");
    for v in &all {
        let name = v["name"].as_str().expect("name");
        let fw = framework(&v["framework"]);
        let text = match v["input"].as_str() {
            Some(p) => read(p),
            None => v["text"].as_str().expect("text").to_owned(),
        };
        let err: Error = Assessment::parse(&text, &fw)
            .err()
            .unwrap_or_else(|| panic!("{name}: accepted"))
            .into();
        assert_eq!(
            err.code(),
            v["expected"]["code"]
                .as_str()
                .and_then(renxing::ErrorCode::from_id)
                .expect("code"),
            "{name}: {err}"
        );
        let paths: BTreeSet<String> = err.issues().iter().map(|i| i.path.to_string()).collect();
        let want: BTreeSet<String> = ids(&v["expected"]["paths"]).into_iter().collect();
        assert_eq!(paths, want, "{name}: {err}");
    }
}

#[test]
fn committed_inputs_match_the_builtin_data() {
    // RENXING_UPDATE_GOLDEN=1 rewrites them from the built-in data (the canonical writer)
    if std::env::var_os("RENXING_UPDATE_GOLDEN").is_some() {
        for c in renxing::cases() {
            let path = golden_dir().join(format!("inputs/{}.json", c.id));
            std::fs::write(path, c.to_json() + "\n").unwrap();
        }
        let path = golden_dir().join("frameworks/paper.json");
        std::fs::write(path, Framework::paper().to_json() + "\n").unwrap();
    }
    for c in renxing::cases() {
        let file = read(&format!("inputs/{}.json", c.id));
        assert_eq!(
            file.trim_end(),
            c.to_json(),
            "inputs/{}.json is stale",
            c.id
        );
    }
    assert_eq!(
        read("frameworks/paper.json").trim_end(),
        Framework::paper().to_json(),
        "frameworks/paper.json is stale"
    );
}
