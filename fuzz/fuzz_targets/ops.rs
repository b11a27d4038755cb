//! Every operation's request. The first byte chooses:
//! * below 0x80: raw JSON — the operation `registry()[byte % n]` on the rest of the input read
//!   as JSON (seeded with every request of tests/golden/ops and tests/bad-inputs);
//! * from 0x80: a structured request built with `arbitrary` for the operations whose
//!   arithmetic raw bytes would rarely reach (weights, scores, series, datasets, QCA tables,
//!   codings, uncertain runs), run typed so that a NaN or infinity in the result is caught
//!   before JSON would turn it into `null`.
//!
//! Invariants: no panic; every error has a code and a bounded list of problems in both
//! languages; no number of a result is NaN or infinite.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use renxing::Lang;
use renxing_ops::{registry, Ctx, Operation};
use renxing_fuzz::assert_finite;
use serde_json::{json, Value};

const DIMS: [&str; 8] = [
    "needs_met",
    "resource_linkage",
    "rules",
    "emergency_knowledge",
    "volunteer_teams",
    "it_use",
    "government_connectivity",
    "resident_connectivity",
];
const LEVELS: [&str; 3] = ["low", "medium", "high"];
const METHODS: [&str; 3] = ["mean", "median", "min"];

fn check_error(e: &renxing::Error) {
    for lang in [Lang::Zh, Lang::En] {
        let r = e.report(lang);
        assert!(!r.message.is_empty(), "an empty message for {}", r.code);
        assert!(r.issues.len() <= renxing::limits::MAX_ISSUES + 1, "{} problems", r.issues.len());
    }
}

/// Runs `O` typed on a JSON request: the result checked for non-finite numbers.
fn typed<O: Operation>(request: Value) {
    let ctx = Ctx::default();
    let req = match renxing_ops::read_request::<O::Request>(O::NAME, request) {
        Ok(r) => r,
        Err(e) => return check_error(&e),
    };
    match O::run(req, &ctx) {
        Ok(resp) => assert_finite(O::NAME, &resp),
        Err(e) => check_error(&e),
    }
}

#[derive(Arbitrary, Debug)]
enum Rating {
    None,
    Level(u8),
    Score(f64),
    Answers(bool, bool),
}

impl Rating {
    fn json(&self) -> Value {
        match self {
            Rating::None => Value::Null,
            Rating::Level(l) => json!({"level": LEVELS[usize::from(*l) % 3]}),
            Rating::Score(s) => json!({"score": s}),
            Rating::Answers(c, d) => json!({"coped": c, "developed": d}),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Weights {
    dims: Vec<(u8, f64)>,
    attrs: Vec<(u8, f64)>,
    method: u8,
}

impl Weights {
    fn json(&self) -> Value {
        let attrs = ["robustness", "redundancy", "connectivity"];
        let d: serde_json::Map<String, Value> = self
            .dims
            .iter()
            .take(8)
            .map(|(i, w)| (DIMS[usize::from(*i) % 8].to_owned(), json!(w)))
            .collect();
        let a: serde_json::Map<String, Value> = self
            .attrs
            .iter()
            .take(3)
            .map(|(i, w)| (attrs[usize::from(*i) % 3].to_owned(), json!(w)))
            .collect();
        json!({"method": METHODS[usize::from(self.method) % 3], "dimension_weights": d, "attribute_weights": a})
    }
}

#[derive(Arbitrary, Debug)]
enum Input {
    Score { ratings: [Rating; 8], weights: Weights, name: String },
    Batch { codes: Vec<[u8; 8]>, scores: Vec<[f64; 8]>, weights: Weights },
    Curve { time: Vec<f64>, value: Vec<f64>, event_start: Option<f64>, baseline: Option<f64> },
    Indicators { units: u8, values: Vec<f64>, method: u8, weights: Vec<f64> },
    Qca { values: Vec<f64>, outcome: Vec<f64>, conditions: u8, incl_cut: f64 },
    Agreement { codings: Vec<(u8, u8, u8)>, numeric: bool },
    Uncertainty { values: Vec<f64>, share: f64, runs: u8, seed: u64 },
}

fn dataset(units: usize, m: usize, values: &[f64]) -> Value {
    let n = units.clamp(2, 6);
    let vals: Vec<Value> = (0..n * m)
        .map(|k| values.get(k).map_or(json!(k as f64), |v| json!(v)))
        .collect();
    json!({
        "units": (0..n).map(|i| format!("u{i}")).collect::<Vec<_>>(),
        "indicators": (0..m).map(|j| json!({"id": format!("x{j}"), "dimension": if j % 2 == 0 { "a" } else { "b" }})).collect::<Vec<_>>(),
        "values": vals,
    })
}

fn structured(u: &mut Unstructured<'_>) {
    let Ok(input) = Input::arbitrary(u) else {
        return;
    };
    match input {
        Input::Score { ratings, weights, name } => {
            let r: serde_json::Map<String, Value> =
                DIMS.iter().zip(&ratings).map(|(d, r)| ((*d).to_owned(), r.json())).collect();
            let a = json!({"schema_version": 1, "id": "x", "name": if name.trim().is_empty() { "n".to_owned() } else { name }, "ratings": r});
            typed::<renxing_ops::Score>(json!({"assessment": a.clone(), "options": weights.json()}));
            typed::<renxing_ops::Diagnose>(json!({"assessment": a.clone(), "options": weights.json()}));
            typed::<renxing_ops::Compare>(json!({"assessments": [a.clone(), renxing::case("b").map(|c| c.to_value())], "options": weights.json()}));
            typed::<renxing_ops::Report>(json!({"assessment": a, "report": {"format": "markdown"}}));
        }
        Input::Batch { codes, scores, weights } => {
            let codes: Vec<Vec<u8>> = codes.iter().take(64).map(|r| r.iter().map(|c| c % 4).collect()).collect();
            typed::<renxing_ops::ScoreBatch>(json!({"codes": codes, "options": weights.json()}));
            let scores: Vec<Vec<f64>> = scores.iter().take(64).map(|r| r.to_vec()).collect();
            typed::<renxing_ops::ScoreBatch>(json!({"scores": scores, "options": weights.json()}));
        }
        Input::Curve { time, value, event_start, baseline } => {
            let n = time.len().min(value.len()).min(64);
            let mut t: Vec<f64> = time[..n].to_vec();
            t.sort_by(f64::total_cmp);
            typed::<renxing_ops::Curve>(json!({
                "series": {"time": t, "value": &value[..n]},
                "options": {"event_start": event_start, "baseline": baseline},
            }));
        }
        Input::Indicators { units, values, method, weights } => {
            let data = dataset(usize::from(units), 3, &values);
            let norm = ["min_max", "z_score", "rank", "distance_to_max", "proportion"][usize::from(method) % 5];
            let w: serde_json::Map<String, Value> =
                weights.iter().take(3).enumerate().map(|(j, w)| (format!("x{j}"), json!(w))).collect();
            typed::<renxing_ops::Indicators>(json!({"data": data.clone(), "pipeline": {"steps": [
                {"step": "normalise", "method": norm},
                {"step": "weight", "method": "manual", "values": w},
                {"step": "aggregate"}, {"step": "rank"}]}}));
            let wm = ["entropy", "critic", "std_dev"][usize::from(method) % 3];
            typed::<renxing_ops::Indicators>(json!({"data": data, "pipeline": {"steps": [
                {"step": "normalise"}, {"step": "weight", "method": wm},
                {"step": "topsis"}, {"step": "obstacle"}]}}));
        }
        Input::Qca { values, outcome, conditions, incl_cut } => {
            let k = usize::from(conditions % 4) + 1;
            let n = (values.len() / k).clamp(1, 12);
            let vals: Vec<f64> = (0..n * k).map(|i| values.get(i).copied().unwrap_or(0.0)).collect();
            let out: Vec<f64> = (0..n).map(|i| outcome.get(i).copied().unwrap_or(1.0)).collect();
            let table = json!({"cases": (0..n).map(|i| format!("c{i}")).collect::<Vec<_>>(),
                "conditions": (0..k).map(|j| format!("C{j}")).collect::<Vec<_>>(),
                "outcome": "Y", "values": vals, "outcome_values": out});
            typed::<renxing_ops::Qca>(json!({"table": table.clone(), "truth_table": {"incl_cut": incl_cut}}));
            typed::<renxing_ops::QcaNecessity>(json!({"table": table}));
        }
        Input::Agreement { codings, numeric } => {
            let c: Vec<Value> = codings
                .iter()
                .take(200)
                .map(|(u, c, v)| json!({"unit": format!("u{}", u % 16), "coder": format!("c{}", c % 5), "value": if numeric { json!(f64::from(*v) / 7.0) } else { json!(LEVELS[usize::from(*v) % 3]) }}))
                .collect();
            let scale = if numeric { json!({"kind": "numeric"}) } else { Value::Null };
            let mut req = json!({"codings": c});
            if !scale.is_null() {
                req["scale"] = scale;
            }
            typed::<renxing_ops::Agreement>(req.clone());
            typed::<renxing_ops::Disagreements>(req.clone());
            typed::<renxing_ops::Consensus>(req);
        }
        Input::Uncertainty { values, share, runs, seed } => {
            let data = dataset(4, 2, &values);
            let pipeline = json!({"steps": [{"step": "normalise"}, {"step": "aggregate"}]});
            typed::<renxing_ops::Uncertainty>(json!({"data": data.clone(), "pipeline": pipeline.clone(),
                "uncertainty": {"factors": [{"factor": "weight_noise", "share": share}], "runs": usize::from(runs % 64) + 2, "seed": seed, "threads": 1}}));
            typed::<renxing_ops::Sensitivity>(json!({"data": data, "pipeline": pipeline,
                "sensitivity": {"factors": [{"factor": "weight_noise", "share": share}, {"factor": "exclude_indicator"}], "n": usize::from(runs % 16) + 2, "bootstrap": 5, "seed": seed, "threads": 1}}));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    if first >= 0x80 {
        structured(&mut Unstructured::new(rest));
        return;
    }
    let ops = registry();
    let op = ops[usize::from(first) % ops.len()].name;
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(request) = renxing::json::parse(text) else {
        return;
    };
    match renxing_ops::call_json(op, request, &Ctx::with_lang(Lang::En)) {
        Ok(v) => {
            let back: Value = serde_json::from_str(&v.to_string()).expect("a response is JSON");
            assert_eq!(back, v);
        }
        Err(e) => check_error(&e),
    }
});
