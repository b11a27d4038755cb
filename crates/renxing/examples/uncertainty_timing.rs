//! Times `renxing::uncertainty` on the scenario of `bindings/python/bench/bench_uncertainty.py`
//! (1,000 units × 20 indicators in 4 dimensions, min–max to [1, 100], weight noise ±20 %, a
//! choice of arithmetic or geometric aggregation, no pairwise matrix), and prints a checksum of
//! the result (its JSON), so that a change to the engine can be checked bit for bit. A
//! measurement aid for profiling (`perf record`), not a test.
//!
//! `cargo run --release -p renxing --example uncertainty_timing [runs] [units] [threads] [repeat]`
use std::hash::{Hash, Hasher};
use std::time::Instant;

use renxing::composite::{Dataset, IndicatorMeta, Pipeline};
use renxing::uncertainty::{uncertainty, UncertaintySpec};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = |i: usize, d: usize| {
        std::env::args()
            .nth(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    let (runs, n, threads, repeat) = (arg(1, 10_000), arg(2, 1_000), arg(3, 1), arg(4, 3));
    let m = 20;
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    // gamma(2, 10) as the sum of two exponentials, rounded to 3 decimals (as the script)
    let values: Vec<f64> = (0..n * m)
        .map(|_| (-10.0 * (next().ln() + next().ln()) * 1000.0).round() / 1000.0)
        .collect();
    let data = Dataset::new(
        (0..n).map(|i| format!("u{i:04}")).collect(),
        (0..m)
            .map(|j| IndicatorMeta::new(format!("i{j:02}"), format!("d{}", j / 5)))
            .collect(),
        values,
    );
    let p: Pipeline = serde_json::from_str(
        r#"{"steps": [{"step": "normalise", "range": [1, 100]}, {"step": "aggregate"}]}"#,
    )?;
    let spec: UncertaintySpec = serde_json::from_str(&format!(
        r#"{{"factors": [{{"factor": "weight_noise", "share": 0.2}},
            {{"factor": "aggregation", "methods": [{{"method": "arithmetic"}}, {{"method": "geometric"}}]}}],
            "runs": {runs}, "seed": 7, "pairwise": false, "threads": {threads}}}"#
    ))?;
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut sum = 0u64;
    for _ in 0..repeat {
        let t = Instant::now();
        let c = cpu_seconds();
        let r = uncertainty(&p, &data, &spec)?;
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu_seconds() - c);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        serde_json::to_string(&r)?.hash(&mut h);
        sum = h.finish();
    }
    println!(
        "{runs} runs, {n} units, {threads} thread(s): best {:.1} ms wall, {:.1} ms CPU ({:.1} µs CPU per run); checksum {sum:016x}",
        best * 1e3,
        best_cpu * 1e3,
        best_cpu * 1e6 / runs as f64
    );
    Ok(())
}

/// CPU time of the process (all threads, user + system) from `/proc/self/stat`, in seconds
/// (clock ticks of 1/100 s); 0 where that file is missing.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // the fields after the command name (which may hold spaces) in parentheses
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}
