//! Native baseline of the WebAssembly benchmark (bindings/wasm/bench/bench.mjs): scores the same
//! level codes (generated from the same seed with splitmix64) through the core's batch path and
//! prints one JSON line: rows, the first run's milliseconds (it builds the lookup tables), best
//! and median milliseconds of `repeats` runs, the CPU time per run over `cpu_runs` more runs
//! (this thread's, from `/proc/thread-self/schedstat`, when it can be read), a checksum and, per
//! output array, the FNV-1a (32-bit) digest of its little-endian
//! bytes (bench.mjs compares them with the WASM outputs: the same results bit for bit).
//!
//! `RAYON_NUM_THREADS=1 cargo run --release -p renxing-wasm --example native_bench -- [rows] [seed] [repeats] [cpu_runs] [method]`
//! (`method`: `mean`, the default and bench.mjs's, `median`, `minimum` or `capped_mean`)
//! (bench.mjs sets `RAYON_NUM_THREADS=1`: the batch path splits 65,536 rows or more across the
//! cores, WebAssembly runs on one thread.)

use std::time::Instant;

use renxing::{BatchOutput, Engine, Framework, Method, ScoreOptions};

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

/// FNV-1a, 32 bits, as `fnv1a` in bench.mjs and tests/codespace.test.mjs.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u32 {
    bytes.into_iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// This thread's CPU time in nanoseconds (`None` where `/proc` cannot tell).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Fresh outputs for `rows` rows, scored (as the WASM path does: new arrays on every call).
struct Outputs {
    overall_score: Vec<f64>,
    overall_level: Vec<u8>,
    attribute_score: Vec<f64>,
    attribute_level: Vec<u8>,
    rated: Vec<u16>,
}

fn run(
    engine: &Engine<'_>,
    codes: &[u8],
    rows: usize,
    na: usize,
) -> Result<Outputs, renxing::Error> {
    let mut o = Outputs {
        overall_score: vec![0.0; rows],
        overall_level: vec![0u8; rows],
        attribute_score: vec![0.0; rows * na],
        attribute_level: vec![0u8; rows * na],
        rated: vec![0u16; rows],
    };
    run_into(engine, codes, &mut o)?;
    Ok(o)
}

/// Scores into outputs that already exist (held across runs, as `scoreCodes` with `out`).
fn run_into(engine: &Engine<'_>, codes: &[u8], o: &mut Outputs) -> Result<(), renxing::Error> {
    let mut out = BatchOutput {
        overall_score: &mut o.overall_score,
        overall_level: &mut o.overall_level,
        attribute_score: Some(&mut o.attribute_score),
        attribute_level: Some(&mut o.attribute_level),
        rated: Some(&mut o.rated),
    };
    engine.score_codes(codes, &mut out)?;
    Ok(())
}

/// Best and median wall milliseconds of `repeats` runs, and CPU milliseconds per run over
/// `cpu_runs` more runs (when `/proc` tells).
fn measure(
    repeats: u64,
    cpu_runs: u64,
    mut f: impl FnMut() -> Result<(), renxing::Error>,
) -> Result<(f64, f64, Option<f64>), renxing::Error> {
    let mut times = Vec::new();
    for _ in 0..repeats {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    // CPU time per run over `cpu_runs` runs (long enough for the scheduler's accounting)
    let cpu_ms = match (cpu_runs, cpu_ns()) {
        (1.., Some(before)) => {
            for _ in 0..cpu_runs {
                f()?;
            }
            cpu_ns().map(|after| (after - before) as f64 / 1e6 / cpu_runs as f64)
        }
        _ => None,
    };
    Ok((times[0], times[times.len() / 2], cpu_ms))
}

fn main() -> Result<(), renxing::Error> {
    let rows = usize::try_from(arg(1, 100_000)).unwrap_or(100_000);
    let mut state = arg(2, 42);
    let repeats = arg(3, 30).max(1);
    let cpu_runs = arg(4, 0);
    let fw = Framework::paper();
    let n = fw.dimensions.len();
    let na = fw.attributes.len();
    // codes 1..=3: the top bits of each draw, mod 3
    let codes: Vec<u8> = (0..rows * n)
        .map(|_| 1 + ((splitmix64(&mut state) >> 32) % 3) as u8)
        .collect();
    let method: Method = match std::env::args().nth(5) {
        Some(m) => m.parse()?,
        None => Method::Mean,
    };
    let engine = Engine::new(fw, &ScoreOptions::method(method))?;
    // the first run builds the engine's lookup tables (kept for the process)
    let start = Instant::now();
    let mut last = run(&engine, &codes, rows, na)?;
    let first_ms = start.elapsed().as_secs_f64() * 1000.0;
    // fresh outputs on every run (as `scoreCodes` makes fresh typed arrays)
    let (best, median, cpu_ms) = measure(repeats, cpu_runs, || {
        last = std::hint::black_box(run(&engine, &codes, rows, na)?);
        Ok(())
    })?;
    // outputs made once and scored into on every run (as `scoreCodes` with `out`)
    let mut held = run(&engine, &codes, rows, na)?;
    let (held_best, held_median, held_cpu) = measure(repeats, cpu_runs, || {
        run_into(&engine, std::hint::black_box(&codes), &mut held)?;
        std::hint::black_box(&held);
        Ok(())
    })?;
    let checksum: f64 = last.overall_score.iter().sum();
    let levels: u64 = last.overall_level.iter().map(|&l| u64::from(l)).sum();
    let digests = [
        fnv1a(last.overall_score.iter().flat_map(|x| x.to_le_bytes())),
        fnv1a(last.overall_level.iter().copied()),
        fnv1a(last.attribute_score.iter().flat_map(|x| x.to_le_bytes())),
        fnv1a(last.attribute_level.iter().copied()),
        fnv1a(last.rated.iter().flat_map(|x| x.to_le_bytes())),
    ];
    println!(
        "{{\"rows\": {rows}, \"first_ms\": {first_ms:.4}, \"best_ms\": {:.4}, \"median_ms\": {:.4}, \"cpu_ms\": {}, \"held_best_ms\": {held_best:.4}, \"held_median_ms\": {held_median:.4}, \"held_cpu_ms\": {}, \"cpu_runs\": {cpu_runs}, \"checksum\": {checksum:.6}, \"level_sum\": {levels}, \"digests\": {{\"overallScore\": {}, \"overallLevel\": {}, \"attributeScore\": {}, \"attributeLevel\": {}, \"rated\": {}}}}}",
        best,
        median,
        cpu_ms.map_or("null".to_owned(), |c| format!("{c:.4}")),
        held_cpu.map_or("null".to_owned(), |c| format!("{c:.4}")),
        digests[0],
        digests[1],
        digests[2],
        digests[3],
        digests[4],
    );
    Ok(())
}
