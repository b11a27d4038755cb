//! Golden vectors of `renxing::uncertainty`:
//!
//! * `tests/golden/uncertainty/salib.json`: model outputs on OUR Saltelli designs (Ishigami, a
//!   model with an interaction, and a pipeline's ranks) and SALib's `SALib.analyze.sobol`
//!   (`calc_second_order=False`) S1/ST on them; our estimators must agree to 1e-9. Written by
//!   `make_salib.py` from `inputs.json`, which this test writes when
//!   `RENXING_UPDATE_GOLDEN=1`.
//! * `tests/golden/uncertainty/run_small.json`: a small seeded uncertainty and sensitivity
//!   analysis (request and full result) that every front end must reproduce bit for bit.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::needless_range_loop
)]

use std::path::PathBuf;

use renxing::composite::{Dataset, GroupSpec, IndicatorMeta, Pipeline};
use renxing::uncertainty::*;
use serde_json::{json, Value};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/uncertainty")
}

fn update() -> bool {
    std::env::var("RENXING_UPDATE_GOLDEN").is_ok_and(|v| v == "1")
}

fn dataset() -> Dataset {
    let units: Vec<String> = (1..=12).map(|i| format!("c{i:02}")).collect();
    let ind = vec![
        IndicatorMeta::new("volunteers", "participation"),
        IndicatorMeta::new("drills", "participation"),
        IndicatorMeta::new("wechat", "it_use"),
        IndicatorMeta::new("orgs", "organisations"),
        IndicatorMeta::new("complaints", "organisations").cost(),
    ];
    let mut v = Vec::new();
    for i in 0..12 {
        for j in 0..5 {
            v.push(((i * 5 + j * 11) % 13) as f64 + 0.25 * i as f64 + 0.5 * j as f64 + 1.0);
        }
    }
    let mut d = Dataset::new(units, ind, v);
    d.hierarchy.dimensions = vec![
        GroupSpec::new("participation", Some("connectivity")),
        GroupSpec::new("it_use", Some("connectivity")),
        GroupSpec::new("organisations", Some("redundancy")),
    ];
    d.hierarchy.attributes = vec![
        GroupSpec::new("connectivity", None),
        GroupSpec::new("redundancy", None),
    ];
    d
}

fn pipeline() -> Pipeline {
    serde_json::from_str(
        r#"{"steps": [{"step": "normalise"}, {"step": "weight", "method": "entropy"},
        {"step": "aggregate"}, {"step": "band", "levels": ["low", "medium", "high"],
        "thresholds": [40, 60], "targets": ["overall"]}]}"#,
    )
    .unwrap()
}

fn pipeline_factors() -> Vec<Factor> {
    serde_json::from_value(json!([
        {"factor": "weight_noise", "share": 0.3},
        {"factor": "aggregation", "methods": [{"method": "arithmetic"}, {"method": "geometric"}], "levels": ["overall"]},
        {"factor": "exclude_indicator"},
        {"factor": "normalisation", "methods": ["min_max", "percentile_rank"]}
    ]))
    .unwrap()
}

/// The model outputs of every case, in SALib's order, from our designs.
fn cases() -> Vec<(String, usize, usize, Vec<f64>)> {
    let mut out = Vec::new();
    let d = SaltelliDesign::new(1024, 3, 1).unwrap();
    out.push((
        "ishigami".to_string(),
        1024,
        3,
        d.evaluate(|x| ishigami(x, 7.0, 0.1)).salib_order(),
    ));
    let d = SaltelliDesign::new(500, 4, 2).unwrap();
    out.push((
        "interaction".to_string(),
        500,
        4,
        d.evaluate(|x| x[0] + 2.0 * x[1] * x[2] + x[3] * x[3])
            .salib_order(),
    ));
    let spec = SensitivitySpec {
        factors: pipeline_factors(),
        n: 256,
        seed: 3,
        bootstrap: 0,
        one_at_a_time: false,
        keep_runs: true,
        ..SensitivitySpec::default()
    };
    let r = sensitivity(&pipeline(), &dataset(), &spec).unwrap();
    let raw = r.raw.unwrap();
    out.push((
        "pipeline_mean_abs_rank_shift".to_string(),
        256,
        4,
        raw.mean_abs_rank_shift.clone(),
    ));
    let n = r.units.len();
    out.push((
        "pipeline_rank_c05".to_string(),
        256,
        4,
        (0..r.runs)
            .map(|k| f64::from(raw.ranks[k * n + 4]))
            .collect(),
    ));
    out
}

#[test]
fn estimators_equal_salib_on_our_designs() {
    let cases = cases();
    if update() {
        let inputs: Vec<Value> = cases
            .iter()
            .map(|(name, n, d, y)| json!({"name": name, "n": n, "d": d, "y": y}))
            .collect();
        std::fs::write(
            dir().join("inputs.json"),
            serde_json::to_string(&json!({ "cases": inputs })).unwrap(),
        )
        .unwrap();
    }
    let golden: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("salib.json")).unwrap()).unwrap();
    let gcases = golden["cases"].as_array().unwrap();
    assert!(!gcases.is_empty());
    let mut checked = 0;
    for g in gcases {
        let name = g["name"].as_str().unwrap();
        let (_, n, d, y) = cases.iter().find(|c| c.0 == name).unwrap();
        let gy: Vec<f64> = serde_json::from_value(g["y"].clone()).unwrap();
        assert_eq!(
            &gy, y,
            "{name}: the stored outputs are not those of our design"
        );
        let out = SaltelliOutputs::from_salib_order(y, *n, *d).unwrap();
        let s = sobol_indices(
            &out,
            &SobolOptions {
                bootstrap: 0,
                ..SobolOptions::default()
            },
        )
        .unwrap();
        let s1: Vec<f64> = serde_json::from_value(g["S1"].clone()).unwrap();
        let st: Vec<f64> = serde_json::from_value(g["ST"].clone()).unwrap();
        for i in 0..*d {
            assert!(
                (s.first_order[i] - s1[i]).abs() < 1e-9,
                "{name} S1[{i}] {} vs SALib {}",
                s.first_order[i],
                s1[i]
            );
            assert!(
                (s.total[i] - st[i]).abs() < 1e-9,
                "{name} ST[{i}] {} vs SALib {}",
                s.total[i],
                st[i]
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 4);
}

fn small_runs() -> Value {
    let u = UncertaintySpec {
        factors: pipeline_factors(),
        runs: 64,
        seed: 42,
        keep_runs: true,
        ..UncertaintySpec::default()
    };
    let s = SensitivitySpec {
        factors: pipeline_factors(),
        n: 32,
        seed: 42,
        bootstrap: 20,
        ..SensitivitySpec::default()
    };
    let ur = uncertainty(&pipeline(), &dataset(), &u).unwrap();
    let sr = sensitivity(&pipeline(), &dataset(), &s).unwrap();
    json!({
        "pipeline": pipeline(),
        "data": dataset(),
        "uncertainty": {"spec": u, "result": ur},
        "sensitivity": {"spec": s, "result": sr},
    })
}

#[test]
fn a_small_seeded_run_is_reproduced_bit_for_bit() {
    let now = small_runs();
    let path = dir().join("run_small.json");
    if update() {
        std::fs::write(&path, serde_json::to_string_pretty(&now).unwrap() + "\n").unwrap();
    }
    let golden: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // serde_json writes the shortest representation that reads back to the same f64, so equal
    // JSON values mean equal bits.
    assert_eq!(
        golden["uncertainty"]["result"],
        now["uncertainty"]["result"]
    );
    assert_eq!(
        golden["sensitivity"]["result"],
        now["sensitivity"]["result"]
    );
    let r: UncertaintyResult =
        serde_json::from_value(golden["uncertainty"]["result"].clone()).unwrap();
    assert_eq!(r.runs.unwrap().draws.len(), 64);
}
