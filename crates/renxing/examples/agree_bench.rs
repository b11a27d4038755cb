//! Timing of renxing::agree on the benchmark shape (not a test):
//! α on 100,000 units × 10 coders × 5 values with 20 % missing, and 1,000 bootstrap draws.
//!
//! `cargo run --release -p renxing --example agree_bench`

use std::time::Instant;

use renxing::agree::{
    krippendorff_alpha, AlphaOptions, BootstrapOptions, Metric, ReliabilityData, Scale,
};

fn main() -> Result<(), renxing::agree::AgreeError> {
    let (units, coders) = (100_000usize, 10usize);
    // A fixed LCG so the data are the same on every run.
    let mut state = 42u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut values = Vec::with_capacity(units * coders);
    for _ in 0..units {
        let truth = 1.0 + (next() * 5.0).floor();
        for _ in 0..coders {
            values.push(if next() < 0.2 {
                None
            } else if next() < 0.6 {
                Some(truth)
            } else {
                Some(1.0 + (next() * 5.0).floor())
            });
        }
    }
    let t = Instant::now();
    let data = ReliabilityData::from_matrix(
        &Scale::levels(5),
        (0..units).map(|u| u.to_string()).collect(),
        (0..coders).map(|c| c.to_string()).collect(),
        &values,
    )?;
    println!("build data: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    for m in [
        Metric::Nominal,
        Metric::Ordinal,
        Metric::Interval,
        Metric::Ratio,
    ] {
        let t = Instant::now();
        let reps = 20;
        let mut a = 0.0;
        for _ in 0..reps {
            a = krippendorff_alpha(&data, &AlphaOptions::metric(m))?.alpha;
        }
        println!(
            "alpha {m:?} = {a:.6}: {:.2} ms per call",
            t.elapsed().as_secs_f64() * 1e3 / f64::from(reps)
        );
    }
    let t = Instant::now();
    let r = krippendorff_alpha(
        &data,
        &AlphaOptions::metric(Metric::Interval).with_bootstrap(BootstrapOptions::default()),
    )?;
    let b = r.bootstrap.as_ref().map(|b| (b.interval, b.pairs_per_draw));
    println!(
        "alpha + 1,000 bootstrap draws (Krippendorff's M): {:.1} ms, {b:?}",
        t.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
