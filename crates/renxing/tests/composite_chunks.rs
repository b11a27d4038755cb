//! The pipeline's whole-matrix passes run over fixed chunks of `CHUNK_ROWS` rows whose
//! partial statistics are merged in chunk order:
//! * the result does not depend on the number of threads, bit for bit (1 and 4 threads);
//! * on matrices of several chunks it equals a naive sequential implementation of the same
//!   steps (mean imputation, min–max, entropy weights, arithmetic aggregation, TOPSIS) to
//!   1e-12 relative (of values on the 0–100 scale: entropy weights are 1 − e with e near 1,
//!   so any two summation orders differ by ~1e-13 relative there), with the same ranks;
//! * merging the chunk partials of `ColumnSummary` / `EntropyPartials` equals one sequential
//!   pass to 1e-12 (relative), and the counts, minima and maxima exactly.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use renxing::composite::*;

/// xorshift uniforms in [0, 1).
fn uniforms(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed | 1;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// n × m values in [1, 100], about 1 % missing (never in the first row).
fn matrix(n: usize, m: usize, seed: u64) -> Vec<f64> {
    let mut u = uniforms(seed);
    (0..n * m)
        .map(|k| {
            let v = 1.0 + 99.0 * u();
            if k >= m && u() < 0.01 {
                f64::NAN
            } else {
                v
            }
        })
        .collect()
}

fn dataset(x: Vec<f64>, n: usize, m: usize, nd: usize) -> Dataset {
    let ind = (0..m)
        .map(|j| IndicatorMeta::new(format!("i{j}"), format!("d{}", j % nd)))
        .collect();
    Dataset::from_strided(Vec::new(), ind, n, &x, m, 1).unwrap()
}

fn full() -> Pipeline {
    serde_json::from_str(
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "mean"},
            {"step": "normalise"}, {"step": "weight", "method": "entropy"},
            {"step": "aggregate"},
            {"step": "band", "levels": ["low", "medium", "high"], "thresholds": [33.3, 66.6]},
            {"step": "topsis"}, {"step": "rank"}]}"#,
    )
    .unwrap()
}

#[test]
fn threads_do_not_change_the_result_bit_for_bit() {
    let (n, m) = (3 * CHUNK_ROWS + 123, 6);
    let d = dataset(matrix(n, m, 7), n, m, 3);
    let p = full();
    let one = run_threads(&p, d.clone(), false, 1).unwrap();
    let four = run_threads(&p, d.clone(), false, 4).unwrap();
    // Debug prints every float in its shortest round-trip form: equal text = equal bits
    assert_eq!(format!("{one:?}"), format!("{four:?}"));
    let lean = run_threads(&p, d, true, 4).unwrap();
    assert_eq!(
        format!("{:?}", one.aggregation().unwrap().overall),
        format!("{:?}", lean.aggregation().unwrap().overall)
    );
    assert_eq!(one.aggregation().unwrap().overall.len(), n);
}

/// The same steps written plainly, one sequential pass per statistic: (overall, closeness,
/// entropy weights).
fn naive(x: &[f64], n: usize, m: usize, nd: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut z = x.to_vec();
    for j in 0..m {
        let (mut s, mut c) = (0.0, 0.0);
        for i in 0..n {
            let v = x[i * m + j];
            if !v.is_nan() {
                s += v;
                c += 1.0;
            }
        }
        let mean = s / c;
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for i in 0..n {
            let v = &mut z[i * m + j];
            if v.is_nan() {
                *v = mean;
            }
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
        for i in 0..n {
            let v = &mut z[i * m + j];
            *v = (*v - lo) / (hi - lo) * 100.0;
        }
    }
    let mut d = vec![0.0; m];
    for j in 0..m {
        let s: f64 = (0..n).map(|i| z[i * m + j]).sum();
        let mut e = 0.0;
        for i in 0..n {
            let p = z[i * m + j] / s;
            if p > 0.0 {
                e -= p * p.ln();
            }
        }
        d[j] = 1.0 - e / (n as f64).ln();
    }
    let ds: f64 = d.iter().sum();
    let w: Vec<f64> = d.iter().map(|v| v / ds).collect();
    let mut wd = vec![0.0; nd];
    for j in 0..m {
        wd[j % nd] += w[j];
    }
    let mut overall = vec![0.0; n];
    for i in 0..n {
        let mut dims = vec![0.0; nd];
        for j in 0..m {
            dims[j % nd] += w[j] / wd[j % nd] * z[i * m + j];
        }
        overall[i] = dims.iter().sum::<f64>() / nd as f64;
    }
    let norm: Vec<f64> = (0..m)
        .map(|j| (0..n).map(|i| z[i * m + j].powi(2)).sum::<f64>().sqrt())
        .collect();
    let v = |i: usize, j: usize| z[i * m + j] / norm[j] * w[j];
    let ideal: Vec<f64> = (0..m)
        .map(|j| (0..n).map(|i| v(i, j)).fold(f64::NEG_INFINITY, f64::max))
        .collect();
    let anti: Vec<f64> = (0..m)
        .map(|j| (0..n).map(|i| v(i, j)).fold(f64::INFINITY, f64::min))
        .collect();
    let closeness = (0..n)
        .map(|i| {
            let dp: f64 = (0..m)
                .map(|j| (v(i, j) - ideal[j]).powi(2))
                .sum::<f64>()
                .sqrt();
            let dm: f64 = (0..m)
                .map(|j| (v(i, j) - anti[j]).powi(2))
                .sum::<f64>()
                .sqrt();
            dm / (dp + dm)
        })
        .collect();
    (overall, closeness, w)
}

/// Competition ranks, highest first.
fn ranks(v: &[f64]) -> Vec<u32> {
    v.iter()
        .map(|x| 1 + v.iter().filter(|y| *y > x).count() as u32)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// Several chunks against the naive sequential oracle: ≤ 1e-12 and the same ranks.
    #[test]
    fn chunked_pipeline_equals_the_sequential_oracle(
        extra in 1usize..CHUNK_ROWS,
        m in 2usize..5,
        seed in any::<u64>(),
    ) {
        let n = CHUNK_ROWS + extra;
        let nd = 2;
        let x = matrix(n, m, seed);
        let r = run_threads(&full(), dataset(x.clone(), n, m, nd), false, 2)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (overall, closeness, w) = naive(&x, n, m, nd);
        let agg = &r.aggregation().unwrap().overall;
        let top = &r.topsis().unwrap().result.closeness;
        let ew = &r.weights(WeightLevel::Indicator).unwrap().weights;
        for (a, b) in ew.iter().zip(&w) {
            prop_assert!((a - b).abs() <= 1e-12, "weight {} vs {}", a, b);
        }
        for (a, b) in agg.iter().zip(&overall) {
            prop_assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "overall {} vs {}", a, b);
        }
        for (a, b) in top.iter().zip(&closeness) {
            prop_assert!((a - b).abs() <= 1e-12, "closeness {} vs {}", a, b);
        }
        // ranks on a sample of units (the full quadratic rank is slow in a debug build)
        let k = 400.min(n);
        prop_assert_eq!(ranks(&agg[..k]), ranks(&overall[..k]));
        prop_assert_eq!(ranks(&top[..k]), ranks(&closeness[..k]));
    }

    /// Chunk partials merged in order equal one sequential pass.
    #[test]
    fn merged_partials_equal_one_pass(
        extra in 1usize..CHUNK_ROWS,
        m in 1usize..4,
        seed in any::<u64>(),
    ) {
        let n = 2 * CHUNK_ROWS + extra;
        let x = matrix(n, m, seed);
        let chunked = ColumnSummary::of_threads(&x, m, 3);
        let mut one = ColumnSummary::new(ColumnSummary::shifts_from_first_row(&x, m));
        one.update(&x);
        prop_assert_eq!(&chunked.count, &one.count);
        prop_assert_eq!(&chunked.min, &one.min);
        prop_assert_eq!(&chunked.max, &one.max);
        prop_assert_eq!(chunked.rows, one.rows);
        for j in 0..m {
            let (a, b) = (chunked.mean(j), one.mean(j));
            prop_assert!((a - b).abs() <= 1e-12 * b.abs(), "mean {} vs {}", a, b);
            let (a, b) = (chunked.sd(j), one.sd(j));
            prop_assert!((a - b).abs() <= 1e-12 * b.abs(), "sd {} vs {}", a, b);
        }
        let filled: Vec<f64> = x.iter().map(|v| if v.is_nan() { 1.0 } else { *v }).collect();
        let e1 = EntropyPartials::of_threads(&filled, m, 0.0, 4);
        let mut e2 = EntropyPartials::new(m);
        e2.update(&filled, 0.0);
        for j in 0..m {
            let (a, b) = (e1.entropy(j), e2.entropy(j));
            prop_assert!((a - b).abs() <= 1e-12, "entropy {} vs {}", a, b);
        }
    }
}

/// The per-unit values of an aggregation live once (in the state while later steps read them,
/// then in its record): with a second aggregation and a check after the first, each record
/// still has its own values.
#[test]
fn every_aggregation_keeps_its_values() {
    let (n, m) = (60, 4);
    let d = dataset(matrix(n, m, 3), n, m, 2);
    let steps = |tail: &str| -> Pipeline {
        serde_json::from_str(&format!(
            r#"{{"steps": [{{"step": "impute", "method": "mean"}}, {{"step": "normalise"}},
                {{"step": "aggregate"}}{tail}]}}"#
        ))
        .unwrap()
    };
    let one = run(&steps(""), &d).unwrap();
    let two = run(
        &steps(
            r#", {"step": "check"},
               {"step": "band", "levels": ["low", "high"], "thresholds": [50.0]},
               {"step": "aggregate", "overall": {"method": "minimum"}}, {"step": "rank"}"#,
        ),
        &d,
    )
    .unwrap();
    let first = |r: &PipelineResult| -> Vec<AggregateReport> {
        r.steps
            .iter()
            .filter_map(|s| match &s.report {
                StepReport::Aggregate(a) => Some(a.clone()),
                _ => None,
            })
            .collect()
    };
    let (a1, a2) = (first(&one), first(&two));
    assert_eq!((a1.len(), a2.len()), (1, 2));
    assert_eq!(a1[0], a2[0]);
    assert_eq!(a1[0].overall.len(), n);
    assert_eq!(a1[0].dimensions.values.len(), n * 2);
    assert_eq!(a2[1].overall.len(), n);
    assert_ne!(a2[0].overall, a2[1].overall);
    // the minimum of the dimensions, by hand
    let d2 = &a2[1].dimensions.values;
    for i in 0..n {
        assert_eq!(a2[1].overall[i], d2[2 * i].min(d2[2 * i + 1]));
    }
}
