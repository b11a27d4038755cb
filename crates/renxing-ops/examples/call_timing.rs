//! Rust time per call of `score` and `diagnose` on one assessment (the paper's case B): through
//! JSON (`call_json`), and through a held request (`renxing_ops::held::prepare`, parsed once,
//! run many times) with a held response (fields converted when read). A measurement, not a test:
//!
//! ```sh
//! cargo run --release -p renxing-ops --example call_timing [-- CALLS]
//! ```

use std::hint::black_box;
use std::time::Instant;

use renxing_ops::{call_json, held, Ctx};
use serde_json::json;

fn per_call(calls: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..calls.min(1000) {
        f();
    }
    let mut rounds: Vec<f64> = (0..5)
        .map(|_| {
            let t0 = Instant::now();
            for _ in 0..calls {
                f();
            }
            t0.elapsed().as_secs_f64() / calls as f64
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds[2]
}

fn main() -> Result<(), renxing::Error> {
    let calls: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let ctx = Ctx::default();
    let b = call_json("reference_case", json!({"id": "b"}), &ctx)?;
    let req = json!({"assessment": b});
    println!("renxing-ops per-call timing (case B, median of 5 rounds of {calls} calls)");
    // `-- CALLS OP` times that operation's held run only (for a profiler)
    if let Some(op) = std::env::args().nth(2) {
        let prepared = held::prepare(&op, req.clone(), &ctx)?;
        let t = per_call(calls, || {
            black_box(prepared.run().ok());
        });
        println!(
            "  {op:<9} held request, held result         {:8.2} us",
            t * 1e6
        );
        return Ok(());
    }
    for op in ["score", "diagnose"] {
        let t = per_call(calls, || {
            black_box(call_json(op, black_box(req.clone()), &ctx).ok());
        });
        println!(
            "  {op:<9} call_json (JSON in, JSON out)      {:8.2} us",
            t * 1e6
        );
        let prepared = held::prepare(op, req.clone(), &ctx)?;
        let t = per_call(calls, || {
            black_box(prepared.run().ok());
        });
        println!(
            "  {op:<9} held request, held result         {:8.2} us",
            t * 1e6
        );
        let h = prepared.run()?;
        let t = per_call(calls, || {
            black_box(h.field("overall").ok());
        });
        println!(
            "  {op:<9}   then one field (`overall`)      {:8.2} us",
            t * 1e6
        );
        let t = per_call(calls, || {
            black_box(h.to_value().ok());
        });
        println!(
            "  {op:<9}   then the whole result as JSON   {:8.2} us",
            t * 1e6
        );
    }
    Ok(())
}
