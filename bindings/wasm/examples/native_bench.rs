//! Native baseline of the WebAssembly benchmark (bindings/wasm/bench/bench.mjs): scores the same
//! level codes (generated from the same seed with splitmix64) through the core's batch path and
//! prints one JSON line: rows, best and median milliseconds, and a checksum of the results.
//!
//! `cargo run --release -p renxing-wasm --example native_bench -- [rows] [seed] [repeats]`

use std::time::Instant;

use renxing::{BatchOutput, Engine, Framework, ScoreOptions};

/// splitmix64, as in bench.mjs.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn arg(i: usize, default: u64) -> u64 {
    std::env::args()
        .nth(i)
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), renxing::Error> {
    let rows = usize::try_from(arg(1, 100_000)).unwrap_or(100_000);
    let mut state = arg(2, 42);
    let repeats = arg(3, 30).max(1);
    let fw = Framework::paper();
    let n = fw.dimensions.len();
    let na = fw.attributes.len();
    // codes 1..=3: the top bits of each draw, mod 3
    let codes: Vec<u8> = (0..rows * n)
        .map(|_| 1 + ((splitmix64(&mut state) >> 32) % 3) as u8)
        .collect();
    let engine = Engine::new(fw, &ScoreOptions::default())?;
    let mut times = Vec::new();
    let (mut checksum, mut levels) = (0.0, 0u64);
    // As the WASM path does: fresh output arrays each time, one thread (the slice API).
    for _ in 0..repeats {
        let start = Instant::now();
        let mut overall_score = vec![0.0; rows];
        let mut overall_level = vec![0u8; rows];
        let mut attribute_score = vec![0.0; rows * na];
        let mut attribute_level = vec![0u8; rows * na];
        let mut rated = vec![0u16; rows];
        let mut out = BatchOutput {
            overall_score: &mut overall_score,
            overall_level: &mut overall_level,
            attribute_score: Some(&mut attribute_score),
            attribute_level: Some(&mut attribute_level),
            rated: Some(&mut rated),
        };
        engine.score_codes(&codes, &mut out)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        checksum = overall_score.iter().sum();
        levels = overall_level.iter().map(|&l| u64::from(l)).sum();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"rows\": {rows}, \"best_ms\": {:.4}, \"median_ms\": {:.4}, \"checksum\": {checksum:.6}, \"level_sum\": {levels}}}",
        times[0],
        times[times.len() / 2]
    );
    Ok(())
}
