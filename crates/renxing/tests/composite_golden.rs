//! Cross-checks of `renxing::composite` against reference Python packages, from
//! `tests/golden/composite/vectors.json` (made by `make_vectors.py` beside it):
//! pymcdm 1.4.0 (entropy, CRITIC, standard-deviation weights, TOPSIS), ahpy 2.1 (AHP) and a
//! plain numpy pipeline. Tolerance 1e-9 throughout.
//!
//! Definitions compared (documented differences):
//! * pymcdm's entropy normalises with `sum_normalization`, which refuses values ≤ 0; on the
//!   strictly positive data used here it equals ours (ours also accepts zeros: 0 ln 0 = 0).
//! * pymcdm's CRITIC min–max scales each column first (as ours does), σ with ddof = 1.
//! * pymcdm's vector normalisation writes a cost column as 1 − r; the distances equal Hwang &
//!   Yoon's (ideal = min r), which ours uses.
//! * ahpy's eigenvector comes from repeated squaring with rounding to `precision` (14 here);
//!   cases where it differs from numpy's eigenvector by > 1e-12 were dropped by the script.
//!   Its CR uses the Donegan–Dodd table (`random_index='dd'`).

#![allow(clippy::unwrap_used)]

use renxing::composite::*;
use serde_json::Value;

const TOL: f64 = 1e-9;

fn vectors() -> Value {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/golden/composite/vectors.json"
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn names(prefix: &str, k: usize) -> Vec<String> {
    (0..k).map(|i| format!("{prefix}{i}")).collect()
}

fn close(a: &[f64], b: &[f64], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= TOL, "{what}[{i}]: {x} vs {y}");
    }
}

#[test]
fn entropy_critic_std_match_pymcdm() {
    let v = vectors();
    let mut cases = 0;
    for (key, kind) in [("entropy", 0), ("critic", 1), ("std_dev", 2)] {
        for c in v[key].as_array().unwrap() {
            let n = c["n"].as_u64().unwrap() as usize;
            let m = c["m"].as_u64().unwrap() as usize;
            let x = f64s(&c["values"]);
            let (u, ids) = (names("u", n), names("i", m));
            let p = FieldPath::default();
            let w = match kind {
                0 => entropy_weights(&x, &u, &ids, 0.0, &p).unwrap().weights,
                1 => critic_weights(&x, &u, &ids, &p).unwrap().weights,
                _ => std_dev_weights(&x, &u, &ids, &p).unwrap().1,
            };
            close(&w, &f64s(&c["weights"]), key);
            cases += 1;
        }
    }
    assert!(cases >= 36, "read {cases} cases");
}

#[test]
fn topsis_matches_pymcdm_both_normalisations() {
    let v = vectors();
    let mut cases = 0;
    for c in v["topsis"].as_array().unwrap() {
        let m = c["m"].as_u64().unwrap() as usize;
        let x = f64s(&c["values"]);
        let w = f64s(&c["weights"]);
        let types: Vec<Direction> = c["types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                if t.as_i64() == Some(1) {
                    Direction::Benefit
                } else {
                    Direction::Cost
                }
            })
            .collect();
        let norm = match c["normalisation"].as_str().unwrap() {
            "vector" => TopsisNormalisation::Vector,
            _ => TopsisNormalisation::MinMax,
        };
        let r = topsis(&x, m, &w, &types, norm, &FieldPath::default()).unwrap();
        close(&r.closeness, &f64s(&c["closeness"]), "topsis");
        cases += 1;
    }
    assert!(cases >= 24, "read {cases} cases");
}

#[test]
fn ahp_matches_ahpy() {
    let v = vectors();
    let mut cases = 0;
    for c in v["ahp"].as_array().unwrap() {
        let ids: Vec<String> = c["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        let matrix: Vec<Vec<f64>> = c["matrix"].as_array().unwrap().iter().map(f64s).collect();
        let opts = AhpOptions {
            random_index: RandomIndexTable::DoneganDodd1991,
            allow_inconsistent: true,
            ..AhpOptions::default()
        };
        let r = ahp(&AhpMatrix { ids, matrix }, &opts, &FieldPath::default()).unwrap();
        close(&r.weights, &f64s(&c["weights"]), "ahp weights");
        assert!((r.lambda_max - c["lambda_max"].as_f64().unwrap()).abs() <= TOL);
        assert!(
            (r.cr - c["cr_dd"].as_f64().unwrap()).abs() <= TOL,
            "cr {} vs {}",
            r.cr,
            c["cr_dd"]
        );
        cases += 1;
    }
    assert!(cases >= 10, "read {cases} cases");
}

#[test]
fn full_pipeline_matches_numpy() {
    let v = vectors();
    let mut cases = 0;
    for c in v["pipeline"].as_array().unwrap() {
        let n = c["n"].as_u64().unwrap() as usize;
        let m = c["m"].as_u64().unwrap() as usize;
        let dims: Vec<usize> = c["dimension_of"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap() as usize)
            .collect();
        let cost: Vec<bool> = c["cost"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_bool().unwrap())
            .collect();
        let metas = (0..m)
            .map(|j| {
                let meta = IndicatorMeta::new(format!("i{j}"), format!("d{}", dims[j]));
                if cost[j] {
                    meta.cost()
                } else {
                    meta
                }
            })
            .collect();
        let d = Dataset::new(names("u", n), metas, f64s(&c["values"]));
        let p: Pipeline = serde_json::from_str(
            r#"{"keep_intermediates": true, "steps": [
                {"step": "check"}, {"step": "impute", "method": "mean"},
                {"step": "normalise"}, {"step": "weight", "method": "entropy"},
                {"step": "aggregate"}, {"step": "topsis"}]}"#,
        )
        .unwrap();
        let r = run(&p, &d).unwrap();
        close(
            &r.normalisation().unwrap().table.as_ref().unwrap().values,
            &f64s(&c["normalised"]),
            "normalised",
        );
        close(
            &r.weights(WeightLevel::Indicator).unwrap().weights,
            &f64s(&c["entropy_weights"]),
            "entropy",
        );
        let a = r.aggregation().unwrap();
        close(&a.dimensions.values, &f64s(&c["dimensions"]), "dimensions");
        close(&a.overall, &f64s(&c["overall"]), "overall");
        close(
            &r.topsis().unwrap().result.closeness,
            &f64s(&c["closeness"]),
            "closeness",
        );
        cases += 1;
    }
    assert!(cases >= 4, "read {cases} cases");
}
