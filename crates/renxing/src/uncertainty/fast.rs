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
        out.fill(start);
        for (&j, &w) in members.iter().zip(weights) {
            for (o, &x) in out.iter_mut().zip(col(j)) {
                *o += w * x;
            }
        }
    } else if p == 0.0 {
        out.fill(-0.0);
        for (&j, &w) in members.iter().zip(weights) {
            let l: &[f64] = match logs {
                Some(lt) => &lt[j * n..(j + 1) * n],
                None => {
                    sc.a.resize(n, 0.0);
                    ln_into(&mut sc.a, col(j));
                    &sc.a
                }
            };
            for (o, &x) in out.iter_mut().zip(l) {
                *o += w * x;
            }
        }
        sc.b.clear();
        sc.b.extend_from_slice(out);
        exp_into(out, &sc.b);
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

/// Whether every value is finite and > 0 (what [`level`] needs of its inputs).
pub(crate) fn all_positive(xs: &[f64]) -> bool {
    xs.iter()
        .fold(true, |ok, &x| ok & (x > 0.0) & (x < f64::INFINITY))
}

/// Reused buffers of [`competition_ranks`].
#[derive(Default)]
pub(crate) struct RankScratch {
    keys: Vec<u64>,
    idx: Vec<u32>,
    keys2: Vec<u64>,
    idx2: Vec<u32>,
    hist: Vec<u32>,
}

/// Competition ranks ("1224"), highest first: the order of `xs` by `f64::total_cmp`
/// descending (ties by index), then equal values (`==`) share the first rank of their run; the
/// same ranks as `composite::stats::competition_ranks_desc`. From 256 values up the order comes
/// from a stable LSD radix sort of the total-order keys (8 passes of 8 bits, constant digits
/// skipped) instead of a comparison sort.
pub(crate) fn competition_ranks(xs: &[f64], sc: &mut RankScratch, ranks: &mut [u32]) {
    let n = xs.len();
    sc.idx.clear();
    sc.idx.extend(0..n as u32);
    if n < 256 {
        sc.idx
            .sort_unstable_by(|&a, &b| xs[b as usize].total_cmp(&xs[a as usize]).then(a.cmp(&b)));
    } else {
        // total_cmp's key (std: bits ^ ((bits >> 63) >> 1) as a signed integer), made unsigned
        // and inverted for descending order
        sc.keys.clear();
        sc.keys.extend(xs.iter().map(|x| {
            let b = x.to_bits() as i64;
            let k = b ^ ((((b >> 63) as u64) >> 1) as i64);
            !((k as u64) ^ (1 << 63))
        }));
        sc.hist.clear();
        sc.hist.resize(8 * 256, 0);
        for &k in &sc.keys {
            for p in 0..8 {
                sc.hist[p * 256 + ((k >> (8 * p)) & 0xff) as usize] += 1;
            }
        }
        sc.keys2.resize(n, 0);
        sc.idx2.resize(n, 0);
        let (mut ka, mut kb) = (&mut sc.keys[..n], &mut sc.keys2[..n]);
        let (mut ia, mut ib) = (&mut sc.idx[..n], &mut sc.idx2[..n]);
        let mut swapped = false;
        for (p, h) in sc.hist.chunks_exact_mut(256).enumerate() {
            if h.iter().any(|&c| c as usize == n) {
                continue; // every key has this digit
            }
            let mut sum = 0u32;
            for c in h.iter_mut() {
                let t = *c;
                *c = sum;
                sum += t;
            }
            let shift = 8 * p;
            for (&k, &i) in ka.iter().zip(ia.iter()) {
                let b = ((k >> shift) & 0xff) as usize;
                let at = h[b] as usize;
                h[b] += 1;
                kb[at] = k;
                ib[at] = i;
            }
            std::mem::swap(&mut ka, &mut kb);
            std::mem::swap(&mut ia, &mut ib);
            swapped = !swapped;
        }
        if swapped {
            std::mem::swap(&mut sc.idx, &mut sc.idx2);
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
    fn radix_ranks_equal_the_comparison_sort() {
        let mut s = super::super::rng::Stream::new(2, 99, 0);
        let mut sc = RankScratch::default();
        for n in [0usize, 1, 5, 255, 256, 257, 1000, 3001] {
            for kind in 0..4 {
                let xs: Vec<f64> = (0..n)
                    .map(|i| match kind {
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
