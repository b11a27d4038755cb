//! Times the batch kernel on float64 scores and level codes of the paper's framework, one thread
//! (batches below the threading threshold, repeated), and prints a checksum of the outputs so a
//! change to the kernel can be checked bit for bit. A measurement aid for profiling
//! (`perf record`), not a test; `bindings/python/bench/bench_kernel.py` is the benchmark.
//!
//! `cargo run --release -p renxing --example batch_timing [method] [rows] [repeat] [scores|codes|both]`
use std::hash::{Hash, Hasher};
use std::time::Instant;

use renxing::{Engine, Framework, Method, ScoreOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let method: Method = args.get(1).map_or("median", String::as_str).parse()?;
    let rows: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60_000);
    let repeat: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(100);
    let fw = Framework::paper();
    let engine = Engine::new(fw, &ScoreOptions::method(method))?;
    let d = fw.dimensions.len();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let scores: Vec<f64> = (0..rows * d)
        .map(|_| (next() >> 11) as f64 / (1u64 << 53) as f64 * 100.0)
        .collect();
    let codes: Vec<u8> = (0..rows * d).map(|_| (next() % 3 + 1) as u8).collect();
    let only = args.get(4).map_or("both", String::as_str);
    for (name, is_codes) in [("scores", false), ("codes", true)] {
        if only != "both" && only != name {
            continue;
        }
        let run = || {
            if is_codes {
                engine.score_codes_vec(&codes)
            } else {
                engine.score_scores_vec(&scores)
            }
        };
        let t = Instant::now();
        for _ in 0..repeat {
            std::hint::black_box(run()?);
        }
        let ns = t.elapsed().as_secs_f64() * 1e9 / (rows * repeat) as f64;
        let out = run()?;
        let mut hash = std::collections::hash_map::DefaultHasher::new();
        out.overall_score
            .iter()
            .chain(&out.attribute_score)
            .for_each(|x| x.to_bits().hash(&mut hash));
        out.overall_level.hash(&mut hash);
        out.attribute_level.hash(&mut hash);
        println!(
            "{method:?} {name}: {ns:.1} ns/row, checksum {:016x}",
            hash.finish()
        );
    }
    Ok(())
}
