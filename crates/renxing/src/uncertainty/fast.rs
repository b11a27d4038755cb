//! The column-wise re-aggregation kernel of the uncertainty runs.
//!
//! **Bit for bit.** Every number is computed by the same IEEE 754 operations, in the same order,
//! as `composite`'s `aggregate` step (mirrored by `super::engine::agg`); only the loop order
//! changes (unit-wise instead of unit by unit), which does not change any operation on any
//! value. Rust never contracts `a * b + c` into a fused multiply-add, so vector code gives the
//! same bits as scalar code, native or wasm32. The logarithms and exponentials are
//! `crate::fastmath`'s `ln_into` and `exp_into` (`libm`'s, bit for bit, vectorised).

use crate::composite::AggMethod;
use crate::fastmath::{exp_into, ln_into};

/// Reused buffers of the level kernel.
#[derive(Default)]
pub(crate) struct LevelScratch {
    a: Vec<f64>,
    b: Vec<f64>,
}

/// One aggregation level for every unit at once: `out[i]` = `agg` of the values
/// `table[j * n + i]` of the members j (in order) with weights `weights` (one per member, as
/// `agg` uses them: already divided by their sum), for i in 0..n. `logs`: the natural logs of
/// `table`, when precomputed. `start`: the arithmetic sum's start (−0.0 for `agg`'s iterator
/// sum; +0.0 for the dimension level's arithmetic fast path). Every value must be finite and
/// positive (the caller checks), so `agg`'s missing-value, zero and shift rules do not apply:
/// `x + 0.0 = x` and `v − 0.0 = v`.
///
/// Run through [`crate::fastmath::dispatch`]: the loops get the CPU's widest vectors (the same
/// operations on each value, so the same bits).
#[allow(clippy::too_many_arguments)]
pub(crate) fn level(
    out: &mut [f64],
    table: &[f64],
    logs: Option<&[f64]>,
    n: usize,
    members: &[usize],
    weights: &[f64],
    method: AggMethod,
    start: f64,
    sc: &mut LevelScratch,
) {
    crate::fastmath::dispatch(
        #[inline(always)]
        || level_body(out, table, logs, n, members, weights, method, start, sc),
    );
}

/// [`level`]'s work, inlined into the dispatched function.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn level_body(
    out: &mut [f64],
    table: &[f64],
    logs: Option<&[f64]>,
    n: usize,
    members: &[usize],
    weights: &[f64],
    method: AggMethod,
    start: f64,
    sc: &mut LevelScratch,
) {
    let col = |j: usize| &table[j * n..(j + 1) * n];
    let p = match method {
        AggMethod::Arithmetic => 1.0,
        AggMethod::Geometric => 0.0,
        AggMethod::Harmonic => -1.0,
        AggMethod::Power { p } => p,
        AggMethod::Minimum => {
            out.fill(f64::INFINITY);
            for &j in members {
                for (o, &x) in out.iter_mut().zip(col(j)) {
                    *o = o.min(x);
                }
            }
            return;
        }
    };
    if p == 1.0 {
        weighted_sums(out, table, n, members, weights, start);
    } else if p == 0.0 {
        sc.b.resize(n, 0.0);
        match logs {
            Some(lt) => weighted_sums(&mut sc.b, lt, n, members, weights, -0.0),
            None => {
                // the members' logs, a block of units at a time
                sc.a.resize(members.len() * LANES, 0.0);
                let rows: Vec<usize> = (0..members.len()).collect();
                let mut i0 = 0;
                while i0 < n {
                    let len = LANES.min(n - i0);
                    for (q, &j) in members.iter().enumerate() {
                        ln_into(
                            &mut sc.a[q * LANES..q * LANES + len],
                            &table[j * n + i0..j * n + i0 + len],
                        );
                    }
                    weighted_sums(&mut sc.b[i0..i0 + len], &sc.a, LANES, &rows, weights, -0.0);
                    i0 += LANES;
                }
            }
        }
        exp_into(out, &sc.b[..n]);
    } else if p == -1.0 {
        out.fill(-0.0);
        for (&j, &w) in members.iter().zip(weights) {
            for (o, &x) in out.iter_mut().zip(col(j)) {
                *o += w / x;
            }
        }
        for o in out.iter_mut() {
            *o = 1.0 / *o;
        }
    } else {
        out.fill(-0.0);
        for (&j, &w) in members.iter().zip(weights) {
            for (o, &x) in out.iter_mut().zip(col(j)) {
                *o += w * libm::pow(x, p);
            }
        }
        for o in out.iter_mut() {
            *o = libm::pow(*o, 1.0 / p);
        }
    }
}

/// Lanes of [`all_positive`] and [`maybe_nan`]: (min, Σ x·0) over 8 lanes, in f64 vector
/// operations (comparisons as integer ranges would not vectorise on SSE2). Σ x·0 is 0 when
/// every value is finite, NaN otherwise.
#[inline(always)]
fn min_and_zero_sum(xs: &[f64]) -> (f64, f64) {
    let mut lo = [f64::INFINITY; 8];
    let mut z = [0.0f64; 8];
    let mut it = xs.chunks_exact(8);
    for c in &mut it {
        for k in 0..8 {
            lo[k] = if c[k] < lo[k] { c[k] } else { lo[k] };
            z[k] += c[k] * 0.0;
        }
    }
    let (mut m, mut s) = (f64::INFINITY, 0.0);
    for &x in it.remainder() {
        m = if x < m { x } else { m };
        s += x * 0.0;
    }
    for k in 0..8 {
        m = if lo[k] < m { lo[k] } else { m };
        s += z[k];
    }
    (m, s)
}

/// Units per block of [`weighted_sums`].
const LANES: usize = 16;

/// `out[i] = ((start + w₀ t[m₀][i]) + w₁ t[m₁][i]) + …` (members in order) for i in 0..out.len(),
/// where `t[j]` is column j of `table` (columns of `n` values): the sums of a block of units
/// are kept in registers while the members are added, each unit's in member order.
#[inline(always)]
fn weighted_sums(
    out: &mut [f64],
    table: &[f64],
    n: usize,
    members: &[usize],
    weights: &[f64],
    start: f64,
) {
    let len = out.len();
    let mut blocks = out.chunks_exact_mut(LANES);
    let mut i0 = 0;
    for ob in &mut blocks {
        let mut acc = [start; LANES];
        for (&j, &w) in members.iter().zip(weights) {
            let c = &table[j * n + i0..j * n + i0 + LANES];
            for k in 0..LANES {
                acc[k] += w * c[k];
            }
        }
        ob.copy_from_slice(&acc);
        i0 += LANES;
    }
    let rest = blocks.into_remainder();
    if !rest.is_empty() {
        rest.fill(start);
        for (&j, &w) in members.iter().zip(weights) {
            for (o, &x) in rest.iter_mut().zip(&table[j * n + i0..j * n + len]) {
                *o += w * x;
            }
        }
    }
}

/// Whether every value is finite and > 0 (what [`level`] needs of its inputs).
#[inline(always)]
pub(crate) fn all_positive(xs: &[f64]) -> bool {
    let (lo, z) = min_and_zero_sum(xs);
    // NaN never lowers `lo` but makes `z` NaN; ±∞ make `z` NaN
    lo > 0.0 && z == 0.0
}

/// False when no value is NaN (true may also mean an infinite value: look again).
#[inline(always)]
pub(crate) fn maybe_nan(xs: &[f64]) -> bool {
    !(min_and_zero_sum(xs).1 == 0.0)
}

/// Reused buffers of [`competition_ranks`].
#[derive(Default)]
pub(crate) struct RankScratch {
    keys: Vec<u64>,
    a: Vec<u64>,
    b: Vec<u64>,
    idx: Vec<u32>,
    hist: Vec<u32>,
}

/// Bits of a radix digit of [`competition_ranks`], its mask, and the digits of a coarse key.
const DIGIT: u32 = 8;
const DIGIT_MASK: u64 = (1 << DIGIT) - 1;
const DIGITS: usize = 2;

/// `f64::total_cmp`'s key (std: bits ^ ((bits >> 63) >> 1) as a signed integer), made
/// unsigned and inverted: ascending keys are descending values.
#[inline(always)]
fn desc_key(x: f64) -> u64 {
    let b = x.to_bits() as i64;
    let k = b ^ ((((b >> 63) as u64) >> 1) as i64);
    !((k as u64) ^ (1 << 63))
}

/// Competition ranks ("1224"), highest first: the order of `xs` by `f64::total_cmp`
/// descending (ties by index), then equal values (`==`) share the first rank of their run; the
/// same ranks as `composite::stats::competition_ranks_desc`. From 256 values up the order comes
/// from a coarse key instead of a comparison sort: the total-order keys less their minimum,
/// shifted right to keep their top 16 significant bits, sorted (with the index below them) by
/// a stable LSD radix sort of two 8-bit digits (a digit that every key shares is skipped);
/// runs of equal coarse keys (values within 2^shift of each other in key order, few) are then
/// put in order by their full keys, ties by index.
///
/// Run through [`crate::fastmath::dispatch`] (integer work: the same ranks on every path).
pub(crate) fn competition_ranks(xs: &[f64], sc: &mut RankScratch, ranks: &mut [u32]) {
    crate::fastmath::dispatch(
        #[inline(always)]
        || competition_ranks_body(xs, sc, ranks),
    );
}

#[inline(always)]
fn competition_ranks_body(xs: &[f64], sc: &mut RankScratch, ranks: &mut [u32]) {
    let n = xs.len();
    sc.idx.clear();
    if n < 256 {
        sc.idx.extend(0..n as u32);
        sc.idx
            .sort_unstable_by(|&a, &b| xs[b as usize].total_cmp(&xs[a as usize]).then(a.cmp(&b)));
    } else {
        sc.keys.clear();
        sc.keys.extend(xs.iter().map(|&x| desc_key(x)));
        let (mut lo, mut hi) = (u64::MAX, 0u64);
        for &k in &sc.keys {
            lo = lo.min(k);
            hi = hi.max(k);
        }
        let bits = 64 - (hi - lo).leading_zeros();
        let shift = bits.saturating_sub(DIGITS as u32 * DIGIT);
        sc.hist.clear();
        sc.hist.resize(DIGITS << DIGIT, 0);
        let (h0, h1) = sc.hist.split_at_mut(1 << DIGIT);
        // the coarse key (< 2^16) above the index (< 2^32)
        sc.a.clear();
        sc.a.extend(sc.keys.iter().enumerate().map(|(i, &k)| {
            let c = (k - lo) >> shift;
            h0[(c & DIGIT_MASK) as usize] += 1;
            h1[(c >> DIGIT) as usize] += 1;
            (c << 32) | i as u64
        }));
        sc.b.clear();
        sc.b.resize(n, 0);
        let (mut src, mut dst) = (&mut sc.a, &mut sc.b);
        for (p, h) in [h0, h1].into_iter().enumerate() {
            if h.iter().any(|&c| c as usize == n) {
                continue; // every key has this digit
            }
            let mut sum = 0u32;
            for c in h.iter_mut() {
                let t = *c;
                *c = sum;
                sum += t;
            }
            let sh = 32 + DIGIT * p as u32;
            for &v in src.iter() {
                let d = ((v >> sh) & DIGIT_MASK) as usize;
                dst[h[d] as usize] = v;
                h[d] += 1;
            }
            std::mem::swap(&mut src, &mut dst);
        }
        sc.idx.extend(src.iter().map(|&v| v as u32));
        if shift > 0 {
            // equal coarse keys: order by the full key (stable: the indices are ascending)
            let keys = &sc.keys;
            let mut s = 0;
            while s < n {
                let c = src[s] >> 32;
                let mut e = s + 1;
                while e < n && src[e] >> 32 == c {
                    e += 1;
                }
                if e - s > 1 {
                    sc.idx[s..e].sort_by_key(|&i| keys[i as usize]);
                }
                s = e;
            }
        }
    }
    let idx = &sc.idx;
    let mut k = 0;
    while k < n {
        let mut e = k + 1;
        while e < n && xs[idx[e] as usize] == xs[idx[k] as usize] {
            e += 1;
        }
        for &i in &idx[k..e] {
            ranks[i as usize] = (k + 1) as u32;
        }
        k = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positivity_and_nan_checks_equal_the_naive_ones() {
        let specials = [
            1.0,
            f64::MIN_POSITIVE,
            0.0,
            -0.0,
            -1.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for len in [0usize, 1, 7, 8, 9, 31] {
            for at in 0..len.max(1) {
                for &v in &specials {
                    let mut xs = vec![2.5; len];
                    if len > 0 {
                        xs[at] = v;
                    }
                    let naive = xs.iter().all(|&x| x > 0.0 && x < f64::INFINITY);
                    assert_eq!(all_positive(&xs), naive, "{xs:?}");
                    if xs.iter().any(|x| x.is_nan()) {
                        assert!(maybe_nan(&xs), "{xs:?}");
                    }
                    if xs.iter().all(|x| x.is_finite()) {
                        assert!(!maybe_nan(&xs), "{xs:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn radix_ranks_equal_the_comparison_sort() {
        let mut s = super::super::rng::Stream::new(2, 99, 0);
        let mut sc = RankScratch::default();
        for n in [0usize, 1, 5, 255, 256, 257, 1000, 3001] {
            for kind in 0..7 {
                let xs: Vec<f64> = (0..n)
                    .map(|i| match kind {
                        // runs of equal coarse keys: a cluster within a few ulps and outliers
                        4 if i % 97 == 0 => 1e300,
                        4 | 5 => f64::from_bits(50f64.to_bits() + (s.uniform() * 9.0) as u64),
                        6 if i % 2 == 0 => (s.uniform() * 1e6).floor() * 1e-9 + 3.0,
                        0 => s.uniform() * 100.0 + 1.0,
                        1 => (s.uniform() * 7.0).floor() - 3.0, // ties, negatives, ±0
                        2 => {
                            if i % 3 == 0 {
                                -0.0
                            } else if i % 3 == 1 {
                                0.0
                            } else {
                                -s.uniform()
                            }
                        }
                        _ => (s.uniform() - 0.5) * 1e300,
                    })
                    .collect();
                let mut r = vec![0u32; n];
                competition_ranks(&xs, &mut sc, &mut r);
                assert_eq!(
                    r,
                    crate::composite::stats::competition_ranks_desc(&xs),
                    "n {n} kind {kind}"
                );
            }
        }
    }
}

/// The dispatched (widest-vector), the AVX2 and the baseline paths give the same bits: the whole
/// analysis (level kernel with bit-exact `exp`/`ln`, ranking, per-unit summaries, MARS, raw
/// runs and pairwise counts) run both ways on one thread and compared as JSON text, and the
/// level kernel alone for every method on ragged lengths.
#[cfg(test)]
mod dispatch_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::composite::{Dataset, IndicatorMeta, Pipeline};
    use crate::fastmath::{dispatch_name, force_path};
    use crate::uncertainty::{uncertainty, UncertaintySpec};

    /// Runs `f` on the forced path `mode` (1 baseline, 2 AVX2), then restores the dispatch
    /// (also on panic).
    fn forced<R>(mode: u8, f: impl FnOnce() -> R) -> R {
        struct Reset;
        impl Drop for Reset {
            fn drop(&mut self) {
                force_path(0);
            }
        }
        force_path(mode);
        let _reset = Reset;
        f()
    }

    fn baseline<R>(f: impl FnOnce() -> R) -> R {
        forced(1, f)
    }

    #[test]
    fn dispatched_and_baseline_paths_give_the_same_bits() {
        eprintln!("dispatch on this machine: {}", dispatch_name());
        let mut s = super::super::rng::Stream::new(3, 99, 0);
        for (n, runs) in [(300usize, 200usize), (37, 150)] {
            let m = 10;
            let values: Vec<f64> = (0..n * m)
                .map(|_| (s.uniform() * 80.0).powi(2) + 0.5)
                .collect();
            let data = Dataset::new(
                (0..n).map(|i| format!("u{i}")).collect(),
                (0..m)
                    .map(|j| IndicatorMeta::new(format!("i{j}"), format!("d{}", j % 3)))
                    .collect(),
                values,
            );
            let p: Pipeline = serde_json::from_str(
                r#"{"steps": [{"step": "normalise", "range": [1, 100]}, {"step": "aggregate"},
                    {"step": "band", "levels": ["low", "mid", "high"],
                    "thresholds": [40, 60], "targets": ["overall"]}]}"#,
            )
            .unwrap();
            let spec: UncertaintySpec = serde_json::from_str(&format!(
                r#"{{"factors": [{{"factor": "weight_noise", "share": 0.4}},
                    {{"factor": "aggregation", "methods": [{{"method": "arithmetic"}},
                      {{"method": "geometric"}}, {{"method": "harmonic"}}]}}],
                    "runs": {runs}, "seed": 11, "pairwise": true, "keep_runs": true,
                    "threads": 1}}"#
            ))
            .unwrap();
            let wide = serde_json::to_string(&uncertainty(&p, &data, &spec).unwrap()).unwrap();
            let base = baseline(|| {
                serde_json::to_string(&uncertainty(&p, &data, &spec).unwrap()).unwrap()
            });
            let avx2 = forced(2, || {
                serde_json::to_string(&uncertainty(&p, &data, &spec).unwrap()).unwrap()
            });
            assert!(wide.len() > 10_000);
            assert_eq!(wide, base, "n {n}, runs {runs}");
            assert_eq!(avx2, base, "AVX2 path: n {n}, runs {runs}");
        }
        // the level kernel alone: every method, lengths around the vector widths
        let methods = [
            AggMethod::Arithmetic,
            AggMethod::Geometric,
            AggMethod::Harmonic,
            AggMethod::Power { p: 0.5 },
            AggMethod::Minimum,
        ];
        for n in [1usize, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 101] {
            let members = [0usize, 2, 3];
            let table: Vec<f64> = (0..4 * n).map(|_| s.uniform() * 700.0 + 1e-3).collect();
            let logs: Vec<f64> = table.iter().map(|&x| libm::log(x)).collect();
            let weights = [0.2, 0.5, 0.3];
            for &method in &methods {
                for lg in [None, Some(logs.as_slice())] {
                    let run = || {
                        let mut out = vec![0.0; n];
                        let mut sc = LevelScratch::default();
                        level(
                            &mut out, &table, lg, n, &members, &weights, method, -0.0, &mut sc,
                        );
                        out.iter().map(|x| x.to_bits()).collect::<Vec<u64>>()
                    };
                    let wide = run();
                    assert_eq!(wide, baseline(run), "n {n}, {method:?}");
                    assert_eq!(forced(2, run), wide, "AVX2 path: n {n}, {method:?}");
                }
            }
        }
    }
}
