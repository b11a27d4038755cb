//! Regression tests of issue 17's defects that live in the core: extreme weights neither panic nor
//! change the answer (each group's weights are divided by its largest before use).
#![allow(clippy::unwrap_used, clippy::panic)]

use renxing::{cases, score_with, Framework, Method, ScoreOptions, Scorecard};

fn with_all_weights(method: Method, w: f64) -> ScoreOptions {
    let fw = Framework::paper();
    let mut o = ScoreOptions::method(method);
    for d in &fw.dimensions {
        o = o.with_dimension_weight(d.id.clone(), w);
    }
    for a in &fw.attributes {
        o = o.with_attribute_weight(a.id.clone(), w);
    }
    o
}

fn grades(c: &Scorecard) -> Vec<(String, Option<f64>)> {
    c.attributes
        .iter()
        .map(|a| (a.id.clone(), a.grade.as_ref().map(|g| g.score)))
        .chain([("overall".to_owned(), c.overall.as_ref().map(|g| g.score))])
        .collect()
}

#[test]
fn huge_and_tiny_weights_give_the_unweighted_result() {
    for a in cases() {
        for method in Method::ALL {
            let plain = score_with(&a, Framework::paper(), &ScoreOptions::method(*method)).unwrap();
            for w in [1e308, f64::MAX, 5e-324, 1e-300] {
                let card = score_with(&a, Framework::paper(), &with_all_weights(*method, w))
                    .unwrap_or_else(|e| panic!("{} {method} w={w}: {e}", a.id));
                assert_eq!(grades(&card), grades(&plain), "{} {method} w={w}", a.id);
                assert!(
                    card.dimensions.iter().all(|d| d.weight == w),
                    "weights reported as given"
                );
            }
        }
    }
}

#[test]
fn two_huge_weights_do_not_overflow() {
    // Weights of 1e308 on two dimensions of one attribute: their sum overflowed to infinity and
    // gave a NaN score ("Overall: LOW (NaN)").
    let a = &cases()[1];
    let o = ScoreOptions::default()
        .with_dimension_weight("needs_met", 1e308)
        .with_dimension_weight("rules", 1e308);
    let card = score_with(a, Framework::paper(), &o).unwrap();
    let robustness = card.attribute("robustness").unwrap().grade.clone().unwrap();
    // needs_met high (3), rules high (3), resource_linkage low (1) with weight 1 ≈ 0: value 3.
    assert_eq!(robustness.value, 3.0);
    assert!(card.overall.unwrap().score.is_finite());
}

#[test]
fn duplicate_keys_are_errors_naming_the_path() {
    let text = r#"{"schema_version": 1, "id": "x", "name": "y", "ratings": {
        "needs_met": {"level": "low"}, "needs_met": {"level": "high"}}}"#;
    let e = renxing::Assessment::parse(text, Framework::paper()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("duplicate key \"needs_met\" in ratings"),
        "{msg}"
    );
    assert_eq!(
        renxing::Error::from(e).code(),
        renxing::ErrorCode::JsonSyntax
    );
    let fw = Framework::paper()
        .to_json()
        .replacen("\"id\"", "\"id\": \"dup\", \"id\"", 1);
    let e = Framework::from_json(&fw).unwrap_err().to_string();
    assert!(e.contains("duplicate key \"id\" in the document"), "{e}");
}

#[test]
fn results_read_back() {
    // Issue 8: every result type deserialises as well as serialises.
    let a = &cases()[2];
    let d = renxing::diagnose(a, Framework::paper()).unwrap();
    let back: renxing::Diagnosis =
        serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
    let cmp = renxing::compare(&cases(), Framework::paper()).unwrap();
    let back: renxing::Comparison =
        serde_json::from_str(&serde_json::to_string(&cmp).unwrap()).unwrap();
    assert_eq!(back, cmp);
}
