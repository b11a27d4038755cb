//! Times the composite pipeline's steps on a large matrix (a measurement aid, not a test).
//!
//! `cargo run --release -p renxing --example composite_timing [units]`
use std::time::Instant;

use renxing::composite::{run_owned, Dataset, GroupSpec, IndicatorMeta, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let m = 32;
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let values: Vec<f64> = (0..n * m)
        .map(|_| {
            if next() < 0.01 {
                f64::NAN
            } else {
                1.0 + 99.0 * next()
            }
        })
        .collect();
    let attr_of = [0, 0, 1, 1, 1, 1, 2, 2];
    let t = Instant::now();
    let mut d = Dataset::from_strided(
        Vec::new(),
        (0..m)
            .map(|j| IndicatorMeta::new(format!("i{j}"), format!("d{}", j % 8)))
            .collect(),
        n,
        &values,
        m,
        1,
    )?;
    println!("from_strided  {:8.3} s", t.elapsed().as_secs_f64());
    d.hierarchy.dimensions = (0..8)
        .map(|k| GroupSpec::new(format!("d{k}"), Some(&format!("a{}", attr_of[k]))))
        .collect();
    d.hierarchy.attributes = (0..3)
        .map(|a| GroupSpec::new(format!("a{a}"), None))
        .collect();
    let t = Instant::now();
    let s: f64 = d.values.iter().filter(|v| !v.is_nan()).sum();
    println!("read once     {:8.3} s ({s:.0})", t.elapsed().as_secs_f64());
    let p: Pipeline = serde_json::from_str(
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "mean"}, {"step": "normalise"},
        {"step": "weight", "method": "entropy"}, {"step": "aggregate"},
        {"step": "band", "levels": ["low", "medium", "high"], "thresholds": [33.333333333333336, 66.66666666666667]},
        {"step": "topsis"}], "keep_intermediates": false}"#,
    )?;
    let steps: Vec<serde_json::Value> =
        serde_json::from_value(serde_json::to_value(&p)?["steps"].clone())?;
    for k in 0..=steps.len() {
        let pk: Pipeline = serde_json::from_value(
            serde_json::json!({"steps": steps[..k], "keep_intermediates": false}),
        )?;
        let t = Instant::now();
        let r = run_owned(&pk, d.clone())?;
        drop(r);
        println!("first {k} steps {:8.3} s", t.elapsed().as_secs_f64());
    }
    for _ in 0..1 {
        let t = Instant::now();
        let dd = d.clone();
        println!("clone         {:8.3} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        let r = run_owned(&p, dd)?;
        println!("run_owned     {:8.3} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        drop(r);
        println!("drop          {:8.3} s", t.elapsed().as_secs_f64());
    }
    Ok(())
}
