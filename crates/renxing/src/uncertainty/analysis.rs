//! Uncertainty analysis (N seeded runs → distributions) and sensitivity analysis (Sobol indices
//! on a Saltelli design, and the one-at-a-time view).

use super::engine::{Prepared, Resolved};
use super::error::{invalid, UncertaintyError};
use super::rng::{Stream, BLOCK_ROWS, DOMAIN_RUNS, DOMAIN_SALTELLI};
use super::sobol::{estimate_many, Multi, SobolOptions};
use super::spec::*;
use crate::composite::{Dataset, Pipeline};
use crate::error::Path;
use crate::par;

/// Mean, sd (divisor r − 1, summed in order) and the 5th, 50th and 95th percentiles (R type 7,
/// as `quantile_select`) of the values.
fn summary(values: &mut [f64]) -> Summary {
    let r = values.len();
    let mean = values.iter().sum::<f64>() / r as f64;
    let sd = if r > 1 {
        (values.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (r - 1) as f64).sqrt()
    } else {
        0.0
    };
    let [p5, median, p95] = quantiles3(values);
    Summary {
        mean,
        sd,
        p5,
        median,
        p95,
    }
}

/// `quantile_select` at 0.05, 0.5 and 0.95, each selection working on what is above the
/// previous one (the order statistics, hence the results, are the same).
fn quantiles3(v: &mut [f64]) -> [f64; 3] {
    let r = v.len();
    if r == 0 {
        return [f64::NAN; 3];
    }
    let mut out = [0.0; 3];
    // v[..from] holds order statistics 0..from, each ≤ everything in v[from..]
    let mut from = 0;
    for (o, q) in out.iter_mut().zip([0.05, 0.5, 0.95]) {
        let h = (r - 1) as f64 * q;
        let lo = h.floor();
        let i = (lo as usize).min(r - 1);
        if i >= from {
            v[from..].select_nth_unstable_by(i - from, f64::total_cmp);
            from = i + 1;
        }
        let xi = v[i];
        *o = if i + 1 >= r {
            xi
        } else {
            let next = v[i + 1..].iter().copied().fold(f64::INFINITY, f64::min);
            xi + (h - lo) * (next - xi)
        };
    }
    out
}

/// The 5th, 50th and 95th percentiles of [`summary`] for integer ranks given by their
/// histogram (`hist[v]` = how many of the `r` ranks equal v): the order statistics come from
/// the counts, so the result is the same as [`quantiles3`] of the ranks as f64, bit for bit.
#[inline(always)]
fn rank_quantiles(hist: &[u32], r: usize) -> [f64; 3] {
    // the t-th smallest rank (0-based)
    let stat = |t: usize| -> f64 {
        let mut c = 0usize;
        for (v, &h) in hist.iter().enumerate() {
            c += h as usize;
            if c > t {
                return v as f64;
            }
        }
        f64::NAN
    };
    interpolated3(r, stat)
}

/// Whether a unit's rank percentiles are cheaper from a histogram of the `n + 2` possible ranks
/// than from sorting its `runs` ranks. A histogram costs O(n) per unit (cleared, then scanned),
/// so over all units O(n²): 2,000,000 units would take hours. Either way the order statistics
/// are the same integers, so the choice does not change a bit of the result.
pub(crate) fn rank_histogram_pays(n: usize, runs: usize) -> bool {
    n + 2 <= 8 * runs
}

/// [`rank_quantiles`] from the ranks themselves: a sorted copy in `scratch`.
#[inline(always)]
fn rank_quantiles_sorted(ranks: &[u32], scratch: &mut Vec<u32>) -> [f64; 3] {
    scratch.clear();
    scratch.extend_from_slice(ranks);
    scratch.sort_unstable();
    interpolated3(ranks.len(), |t| f64::from(scratch[t]))
}

/// The 5th, 50th and 95th percentiles (linear interpolation between order statistics, numpy's
/// default) of `r` values whose `t`-th smallest (0-based) is `stat(t)`.
#[inline(always)]
fn interpolated3(r: usize, stat: impl Fn(usize) -> f64) -> [f64; 3] {
    [0.05, 0.5, 0.95].map(|q| {
        let h = (r - 1) as f64 * q;
        let lo = h.floor();
        let i = (lo as usize).min(r - 1);
        let xi = stat(i);
        if i + 1 >= r {
            xi
        } else {
            xi + (h - lo) * (stat(i + 1) - xi)
        }
    })
}

/// Reused buffers of a block of the per-unit summaries.
#[derive(Default)]
struct BlockScratch {
    scol: Vec<f64>,
    rcol: Vec<u32>,
    hist: Vec<u32>,
    sorted: Vec<u32>,
    q: QuantScratch,
}

/// Reused buffers of [`quantiles3_hist`].
#[derive(Default)]
struct QuantScratch {
    keys: Vec<u64>,
    hist: Vec<u32>,
    want: Vec<bool>,
    sel: Vec<u64>,
}

/// `f64::total_cmp`'s key as an unsigned integer (ascending keys, ascending values), and back.
#[inline(always)]
fn asc_key(x: f64) -> u64 {
    let b = x.to_bits() as i64;
    ((b ^ ((((b >> 63) as u64) >> 1) as i64)) as u64) ^ (1 << 63)
}

#[inline(always)]
fn from_asc_key(k: u64) -> f64 {
    let b = (k ^ (1 << 63)) as i64;
    f64::from_bits((b ^ ((((b >> 63) as u64) >> 1) as i64)) as u64)
}

/// [`quantiles3`] without reordering `v` and without full selections: the values' total-order
/// keys (less their minimum, shifted to 11 bits) are counted in 2,048 buckets, and only the
/// buckets that hold the six order statistics needed are gathered and sorted. The order
/// statistics are the same values, so the percentiles are the same bit for bit (the value
/// after the i-th is `quantiles3`'s minimum of what follows it; ±0 differ there only in sign,
/// which the interpolation `xi + f (next − xi)` does not see).
#[inline(always)]
fn quantiles3_hist(v: &[f64], sc: &mut QuantScratch) -> [f64; 3] {
    const BITS: u32 = 11;
    let r = v.len();
    if r == 0 {
        return [f64::NAN; 3];
    }
    sc.keys.clear();
    sc.keys.extend(v.iter().map(|&x| asc_key(x)));
    let (mut lo, mut hi) = (u64::MAX, 0u64);
    for &k in &sc.keys {
        lo = lo.min(k);
        hi = hi.max(k);
    }
    let shift = (64 - (hi - lo).leading_zeros()).saturating_sub(BITS);
    sc.hist.clear();
    sc.hist.resize(1 << BITS, 0);
    for &k in &sc.keys {
        sc.hist[((k - lo) >> shift) as usize] += 1;
    }
    // the order statistics needed, ascending: (i, i + 1) of each percentile
    let mut need = [0usize; 6];
    let mut frac = [0.0f64; 3];
    for (j, q) in [0.05, 0.5, 0.95].into_iter().enumerate() {
        let h = (r - 1) as f64 * q;
        let lo = h.floor();
        let i = (lo as usize).min(r - 1);
        need[2 * j] = i;
        need[2 * j + 1] = (i + 1).min(r - 1);
        frac[j] = h - lo;
    }
    // the bucket of each, and how many values lie in the buckets below it
    let mut bucket = [0usize; 6];
    let mut below = [0usize; 6];
    let mut c = 0usize;
    let mut b = 0usize;
    for (t, &s) in need.iter().enumerate() {
        while c + sc.hist[b] as usize <= s {
            c += sc.hist[b] as usize;
            b += 1;
        }
        bucket[t] = b;
        below[t] = c;
    }
    sc.want.clear();
    sc.want.resize(1 << BITS, false);
    for &b in &bucket {
        sc.want[b] = true;
    }
    sc.sel.clear();
    for &k in &sc.keys {
        if sc.want[((k - lo) >> shift) as usize] {
            sc.sel.push(k);
        }
    }
    sc.sel.sort_unstable();
    // position in `sel` of the first value of each wanted bucket
    let stat = |t: usize| -> f64 {
        let mut before = 0usize;
        let mut seen = usize::MAX;
        for &b in bucket.iter().filter(|&&b| b < bucket[t]) {
            if b != seen {
                before += sc.hist[b] as usize;
                seen = b;
            }
        }
        from_asc_key(sc.sel[before + need[t] - below[t]])
    };
    let mut out = [0.0; 3];
    for j in 0..3 {
        let i = need[2 * j];
        let xi = stat(2 * j);
        out[j] = if i + 1 >= r {
            xi
        } else {
            xi + frac[j] * (stat(2 * j + 1) - xi)
        };
    }
    out
}

/// Draws `rows` rows of realisations, `per_row` sets per row, from the block streams of
/// `domain`.
fn draw_rows(
    prep: &Prepared,
    seed: u64,
    domain: u64,
    rows: usize,
    per_row: usize,
) -> Vec<Vec<Draw>> {
    let mut out = Vec::with_capacity(rows * per_row);
    for b in 0..rows.div_ceil(BLOCK_ROWS) {
        let mut s = Stream::new(seed, domain, b as u64);
        for _ in (b * BLOCK_ROWS)..((b + 1) * BLOCK_ROWS).min(rows) {
            for _ in 0..per_row {
                out.push(prep.factors.iter().map(|f| f.draw(&mut s)).collect());
            }
        }
    }
    out
}

pub(crate) fn need_factors(f: &[Factor]) -> Result<(), UncertaintyError> {
    if f.is_empty() {
        return Err(UncertaintyError::Empty {
            path: Path::from("factors"),
            min: 1,
        });
    }
    Ok(())
}

/// Uncertainty analysis: `spec.runs` runs of the pipeline, each with every factor drawn from
/// its sampling rule (run r uses the stream of block ⌊r / 256⌋ of domain 1, factors in order),
/// summarised per unit (rank and score distributions, level probabilities), per pair of units
/// (probability of outranking) and over runs (COINr's mean absolute rank shift).
///
/// # Errors
/// Bad factors or options, a nominal pipeline that fails, or a run that fails (naming the run
/// and its choices).
///
/// ```
/// use renxing::composite::{Dataset, IndicatorMeta, Pipeline};
/// use renxing::uncertainty::{uncertainty, Factor, UncertaintySpec};
/// let d = Dataset::new(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec![IndicatorMeta::new("x", "d1"), IndicatorMeta::new("y", "d1")],
///     vec![1.0, 9.0, 5.0, 5.0, 9.0, 1.0],
/// );
/// let p: Pipeline = serde_json::from_str(
///     r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}]}"#).unwrap();
/// let spec = UncertaintySpec {
///     factors: vec![Factor::WeightNoise { level: Default::default(), share: 0.5 }],
///     runs: 200,
///     ..UncertaintySpec::default()
/// };
/// let r = uncertainty(&p, &d, &spec)?;
/// // a and c swap places as the weights move; b stays in the middle.
/// assert_eq!(r.unit_stats[1].rank.median, 2.0);
/// let p_ac = r.pairwise.as_ref().unwrap().p[0 * 3 + 2];
/// assert!(p_ac > 0.2 && p_ac < 0.8);
/// # Ok::<(), renxing::uncertainty::UncertaintyError>(())
/// ```
pub fn uncertainty(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &UncertaintySpec,
) -> Result<UncertaintyResult, UncertaintyError> {
    // units named by position: written out (the analysis reports units by id)
    let named;
    let data = if data.positions.is_some() {
        named = data.clone().named();
        &named
    } else {
        data
    };
    need_factors(&spec.factors)?;
    if spec.runs < 2 {
        return Err(invalid(Path::from("runs"), spec.runs, "at least 2 runs"));
    }
    {
        use crate::limits::{check, Limit};
        check(Limit::Runs, spec.runs, || Path::from("runs"))?;
        let units = data.units.len();
        check(Limit::RunCells, spec.runs.saturating_mul(units), || {
            Path::from("runs")
        })?;
        if spec.pairwise {
            check(Limit::PairwiseUnits, units, || Path::from("pairwise"))?;
        }
    }
    let prep = Prepared::new(
        pipeline,
        data,
        &spec.factors,
        spec.output,
        &Path::from("factors"),
    )?;
    let draws = draw_rows(&prep, spec.seed, DOMAIN_RUNS, spec.runs, 1);
    let opt: Vec<Vec<Option<Draw>>> = draws
        .iter()
        .map(|d| d.iter().cloned().map(Some).collect())
        .collect();
    let out = prep.evaluate(&opt, par::threads(spec.threads))?;
    let n = prep.units.len();
    let runs = spec.runs;
    let levels: Vec<String> = prep
        .band
        .as_ref()
        .map(|b| b.levels.clone())
        .unwrap_or_default();
    let k = levels.len();
    let nom = &prep.nominal;
    let threads = par::threads(spec.threads);
    // Per unit, in blocks of units on the threads. Sums in run order are taken row by row
    // (each unit's sum still adds its runs in order, but the units' sums advance side by
    // side); the scores' order statistics from each unit's column, gathered into a buffer
    // that the blocks of a thread reuse.
    const UNITS_PER_BLOCK: usize = 256;
    let pool: std::sync::Mutex<Vec<BlockScratch>> = std::sync::Mutex::new(Vec::new());
    let blocks = par::map_blocks(n.div_ceil(UNITS_PER_BLOCK), threads, |b| {
        // one dispatch per block of units: its loops get the CPU's widest vectors (the same
        // operations on each value, so the same bits; see `crate::fastmath::dispatch`)
        crate::fastmath::dispatch(
            #[inline(always)]
            || {
                let u0 = b * UNITS_PER_BLOCK;
                let u1 = (u0 + UNITS_PER_BLOCK).min(n);
                let w = u1 - u0;
                let mut bs = match pool.lock() {
                    Ok(mut g) => g.pop(),
                    Err(p) => p.into_inner().pop(),
                }
                .unwrap_or_default();
                let BlockScratch {
                    scol,
                    rcol,
                    hist,
                    sorted,
                    q,
                } = &mut bs;
                scol.clear();
                scol.resize(w * runs, 0.0);
                // rank percentiles from histograms only where they are cheap (small n): see
                // `rank_histogram_pays`; otherwise from each unit's sorted column
                let by_hist = rank_histogram_pays(n, runs);
                hist.clear();
                rcol.clear();
                if by_hist {
                    hist.resize(w * (n + 2), 0);
                } else {
                    rcol.resize(w * runs, 0);
                }
                let nominal = &nom.ranks[u0..u1];
                let mut ssum = [-0.0f64; UNITS_PER_BLOCK];
                let mut total = [0u64; UNITS_PER_BLOCK];
                let mut abs = [0u64; UNITS_PER_BLOCK];
                // One pass over the block's rows (a row: the block's units in one run, side by
                // side in memory): the sums advance for all the block's units at once (vector
                // lanes across units; each unit's sum still adds its runs in order), and the
                // scores go to each unit's column for its percentiles (the ranks too, unless
                // the histograms give their percentiles).
                {
                    let (ss, tt, aa) = (&mut ssum[..w], &mut total[..w], &mut abs[..w]);
                    for r in 0..runs {
                        let srow = &out.scores[r * n + u0..r * n + u1];
                        let rrow = &out.ranks[r * n + u0..r * n + u1];
                        for (s, &x) in ss.iter_mut().zip(srow) {
                            *s += x;
                        }
                        for ((t, a), (&x, &b)) in tt
                            .iter_mut()
                            .zip(aa.iter_mut())
                            .zip(rrow.iter().zip(nominal))
                        {
                            *t += u64::from(x);
                            *a += u64::from(x.abs_diff(b));
                        }
                        if by_hist {
                            for (h, &x) in hist.chunks_exact_mut(n + 2).zip(rrow) {
                                h[(x as usize).min(n + 1)] += 1;
                            }
                        } else {
                            for (c, &x) in rcol.chunks_exact_mut(runs).zip(rrow) {
                                c[r] = x;
                            }
                        }
                        for (c, &x) in scol.chunks_exact_mut(runs).zip(srow) {
                            c[r] = x;
                        }
                    }
                }
                let rf = runs as f64;
                let smean: Vec<f64> = ssum[..w].iter().map(|&s| s / rf).collect();
                let rmean: Vec<f64> = total[..w].iter().map(|&s| s as f64 / rf).collect();
                let mut ssd = [-0.0f64; UNITS_PER_BLOCK];
                let mut rsd = [-0.0f64; UNITS_PER_BLOCK];
                if runs > 1 {
                    // a second pass over the rows, units side by side, runs in order
                    let (sd, rd) = (&mut ssd[..w], &mut rsd[..w]);
                    for r in 0..runs {
                        let srow = &out.scores[r * n + u0..r * n + u1];
                        let rrow = &out.ranks[r * n + u0..r * n + u1];
                        for ((acc, &x), &m) in sd.iter_mut().zip(srow).zip(&smean) {
                            let d = x - m;
                            *acc += d * d;
                        }
                        for ((acc, &x), &m) in rd.iter_mut().zip(rrow).zip(&rmean) {
                            let e = f64::from(x) - m;
                            *acc += e * e;
                        }
                    }
                }
                let sd = |s: f64| {
                    if runs > 1 {
                        (s / (runs - 1) as f64).sqrt()
                    } else {
                        0.0
                    }
                };
                let mut stats = Vec::with_capacity(w);
                for (t, u) in (u0..u1).enumerate() {
                    let [p5, median, p95] = if by_hist {
                        rank_quantiles(&hist[t * (n + 2)..(t + 1) * (n + 2)], runs)
                    } else {
                        rank_quantiles_sorted(&rcol[t * runs..(t + 1) * runs], sorted)
                    };
                    let rank = Summary {
                        mean: rmean[t],
                        sd: sd(rsd[t]),
                        p5,
                        median,
                        p95,
                    };
                    // Σ (rank − nominal) and Σ |rank − nominal| are sums of integers: exact in any order
                    let shift = total[t] as f64 - runs as f64 * f64::from(nom.ranks[u]);
                    let [p5, median, p95] = quantiles3_hist(&scol[t * runs..(t + 1) * runs], q);
                    let score = Summary {
                        mean: smean[t],
                        sd: sd(ssd[t]),
                        p5,
                        median,
                        p95,
                    };
                    let mut level_probabilities = vec![0.0; k];
                    if let Some(l) = &out.levels {
                        let mut counts = vec![0usize; k];
                        for r in 0..runs {
                            if let Some(c) = counts.get_mut(l[r * n + u] as usize) {
                                *c += 1;
                            }
                        }
                        for (p, c) in level_probabilities.iter_mut().zip(counts) {
                            *p = c as f64 / runs as f64;
                        }
                    }
                    stats.push(UnitUncertainty {
                        id: prep.units[u].clone(),
                        nominal_rank: nom.ranks[u],
                        nominal_score: nom.scores[u],
                        rank,
                        mean_rank_shift: shift / runs as f64,
                        mean_abs_rank_shift: abs[t] as f64 / runs as f64,
                        score,
                        level_probabilities,
                    });
                }
                match pool.lock() {
                    Ok(mut g) => g.push(bs),
                    Err(p) => p.into_inner().push(bs),
                }
                stats
            },
        )
    });
    let unit_stats: Vec<UnitUncertainty> = blocks.into_iter().flatten().collect();
    let mut mars = out.mars.clone();
    let mean_abs_rank_shift = summary(&mut mars);
    let pairwise = if spec.pairwise {
        // rows of the count matrix in blocks on the threads (integer counts: any order)
        const ROWS: usize = 16;
        let parts = par::map_blocks(n.div_ceil(ROWS), threads, |blk| {
            let a0 = blk * ROWS;
            let a1 = (a0 + ROWS).min(n);
            let mut counts = vec![0u32; (a1 - a0) * n];
            let mut wide = vec![0u64; (a1 - a0) * n];
            for (r, rk) in out.ranks.chunks_exact(n).enumerate() {
                for a in a0..a1 {
                    let ra = rk[a];
                    let row = &mut counts[(a - a0) * n..(a - a0 + 1) * n];
                    for (c, &rb) in row.iter_mut().zip(rk) {
                        *c += u32::from(ra < rb);
                    }
                }
                // flush before u32 counts could overflow
                if (r + 1) % (1 << 30) == 0 {
                    for (w, c) in wide.iter_mut().zip(counts.iter_mut()) {
                        *w += u64::from(*c);
                        *c = 0;
                    }
                }
            }
            for (w, c) in wide.iter_mut().zip(&counts) {
                *w += u64::from(*c);
            }
            wide
        });
        let counts: Vec<u64> = parts.into_iter().flatten().collect();
        Some(Pairwise {
            units: prep.units.clone(),
            p: counts.iter().map(|&c| c as f64 / runs as f64).collect(),
        })
    } else {
        None
    };
    let raw = if spec.keep_runs {
        Some(RawRuns {
            scores: out.scores.clone(),
            ranks: out.ranks.clone(),
            levels: out.levels.clone(),
            draws,
        })
    } else {
        None
    };
    Ok(UncertaintyResult {
        spec: spec.clone(),
        factors: prep.infos.clone(),
        units: prep.units.clone(),
        levels,
        block_rows: BLOCK_ROWS,
        nominal: prep.nominal.clone(),
        unit_stats,
        mean_abs_rank_shift,
        pairwise,
        runs: raw,
    })
}

/// [`summary`] of integer ranks (1..=n) through their histogram: the sums of ranks are exact in
/// any order and the order statistics come from the counts, so the result is the same as
/// `summary` of the ranks as f64 bit for bit (the sd is still summed in run order).
fn rank_summary(ranks: &[u32], n: usize, scratch: &mut Vec<u32>) -> Summary {
    let r = ranks.len();
    let total: u64 = ranks.iter().map(|&x| u64::from(x)).sum();
    let mean = total as f64 / r as f64;
    let sd = if r > 1 {
        (ranks
            .iter()
            .map(|&x| {
                let x = f64::from(x);
                (x - mean) * (x - mean)
            })
            .sum::<f64>()
            / (r - 1) as f64)
            .sqrt()
    } else {
        0.0
    };
    let [p5, median, p95] = if rank_histogram_pays(n, r) {
        scratch.clear();
        scratch.resize(n + 2, 0);
        for &x in ranks {
            scratch[(x as usize).min(n + 1)] += 1;
        }
        rank_quantiles(scratch, r)
    } else {
        rank_quantiles_sorted(ranks, scratch)
    };
    Summary {
        mean,
        sd,
        p5,
        median,
        p95,
    }
}

/// One unit's rank and score distributions and level probabilities over the runs (`ranks`,
/// `scores`, `levels` in run order): shared by the in-memory analysis and the unit-range tasks
/// of a distributed one, so both give the same numbers bit for bit.
#[allow(clippy::too_many_arguments)]
pub(crate) fn unit_uncertainty(
    id: &str,
    nominal_rank: u32,
    nominal_score: f64,
    ranks: &[u32],
    scores: &mut [f64],
    levels: Option<&[u32]>,
    k: usize,
    n: usize,
    scratch: &mut Vec<u32>,
) -> UnitUncertainty {
    let runs = ranks.len();
    let rank = rank_summary(ranks, n, scratch);
    let total: u64 = ranks.iter().map(|&x| u64::from(x)).sum();
    let abs: u64 = ranks
        .iter()
        .map(|&x| u64::from(x.abs_diff(nominal_rank)))
        .sum();
    // Σ (rank − nominal) and Σ |rank − nominal| are sums of integers: exact in any order
    let shift = total as f64 - runs as f64 * f64::from(nominal_rank);
    let score = summary(scores);
    let mut level_probabilities = vec![0.0; k];
    if let Some(l) = levels {
        let mut counts = vec![0usize; k];
        for &x in l {
            if let Some(c) = counts.get_mut(x as usize) {
                *c += 1;
            }
        }
        for (p, c) in level_probabilities.iter_mut().zip(counts) {
            *p = c as f64 / runs as f64;
        }
    }
    UnitUncertainty {
        id: id.to_string(),
        nominal_rank,
        nominal_score,
        rank,
        mean_rank_shift: shift / runs as f64,
        mean_abs_rank_shift: abs as f64 / runs as f64,
        score,
        level_probabilities,
    }
}

pub(crate) fn summary_of(values: &mut [f64]) -> Summary {
    summary(values)
}

/// Sensitivity analysis: first-order and total Sobol indices of each factor (a group input) on
/// each unit's rank and on the mean absolute rank shift, from a Saltelli design of `spec.n`
/// rows (row r's A and B realisations from the stream of block ⌊r / 256⌋ of domain 2, A's
/// factors first, then B's; N (d + 2) runs in SALib's order A, A_B^(1..d), B), with the
/// estimators and bootstrap of `super::sobol`; and, when asked, the one-at-a-time view: each
/// alternative of each factor alone, the others at their nominal values.
///
/// # Errors
/// As [`uncertainty`]; also bad bootstrap options.
pub fn sensitivity(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &SensitivitySpec,
) -> Result<SensitivityResult, UncertaintyError> {
    // units named by position: written out (the analysis reports units by id)
    let named;
    let data = if data.positions.is_some() {
        named = data.clone().named();
        &named
    } else {
        data
    };
    let (prep, sopts) = sensitivity_prepare(pipeline, data, spec)?;
    let runs = saltelli_runs(&prep, spec, 0, spec.n);
    let out = prep.evaluate(&runs, par::threads(spec.threads))?;
    sensitivity_of_outputs(
        &prep,
        spec,
        &sopts,
        &out.ranks,
        &out.mars,
        spec.keep_runs.then_some(&runs[..]),
    )
}

/// The checks, options and prepared engine of a sensitivity analysis (`data` with named units).
pub(crate) fn sensitivity_prepare(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &SensitivitySpec,
) -> Result<(Prepared, SobolOptions), UncertaintyError> {
    need_factors(&spec.factors)?;
    if spec.n < 2 {
        return Err(invalid(Path::from("n"), spec.n, "at least 2 base samples"));
    }
    {
        use crate::limits::{check, Limit};
        // N (d + 2) model runs
        let model_runs = spec.n.saturating_mul(spec.factors.len().saturating_add(2));
        check(Limit::Runs, model_runs, || Path::from("n"))?;
        check(
            Limit::RunCells,
            model_runs.saturating_mul(data.units.len()),
            || Path::from("n"),
        )?;
        check(Limit::Bootstrap, spec.bootstrap, || Path::from("bootstrap"))?;
    }
    let sopts = SobolOptions {
        bootstrap: spec.bootstrap,
        confidence: spec.confidence,
        seed: spec.seed,
        threads: spec.threads,
    };
    sopts.validate(&Path::root())?;
    let prep = Prepared::new(
        pipeline,
        data,
        &spec.factors,
        spec.output,
        &Path::from("factors"),
    )?;
    Ok((prep, sopts))
}

/// The runs of base samples `s0..s1` of the Saltelli design, in SALib's order (A, A_B^(1..d),
/// B per sample): sample r's A and B from the stream of block ⌊r / 256⌋ of domain 2, each
/// block drawn from its start — the same draws whatever the range.
pub(crate) fn saltelli_runs(
    prep: &Prepared,
    spec: &SensitivitySpec,
    s0: usize,
    s1: usize,
) -> Vec<Vec<Option<Draw>>> {
    let d = prep.factors.len();
    let mut runs: Vec<Vec<Option<Draw>>> = Vec::with_capacity((s1 - s0) * (d + 2));
    if s0 >= s1 {
        return runs;
    }
    for b in s0 / BLOCK_ROWS..=(s1 - 1) / BLOCK_ROWS {
        let mut s = Stream::new(spec.seed, DOMAIN_SALTELLI, b as u64);
        for r in (b * BLOCK_ROWS)..((b + 1) * BLOCK_ROWS).min(s1) {
            let a: Vec<Draw> = prep.factors.iter().map(|f| f.draw(&mut s)).collect();
            let bb: Vec<Draw> = prep.factors.iter().map(|f| f.draw(&mut s)).collect();
            if r < s0 {
                continue;
            }
            runs.push(a.iter().cloned().map(Some).collect());
            for i in 0..d {
                let mut row: Vec<Option<Draw>> = a.iter().cloned().map(Some).collect();
                row[i] = Some(bb[i].clone());
                runs.push(row);
            }
            runs.push(bb.into_iter().map(Some).collect());
        }
    }
    runs
}

/// The indices from every run's ranks (runs × units) and mean absolute rank shift, in the
/// design's order; the one-at-a-time view when asked; the raw runs with `runs`.
pub(crate) fn sensitivity_of_outputs(
    prep: &Prepared,
    spec: &SensitivitySpec,
    sopts: &SobolOptions,
    run_ranks: &[u32],
    mars: &[f64],
    runs: Option<&[Vec<Option<Draw>>]>,
) -> Result<SensitivityResult, UncertaintyError> {
    let threads = par::threads(spec.threads);
    let d = prep.factors.len();
    let big_n = spec.n;
    let n = prep.units.len();
    let kk = n + 1;
    let step = d + 2;
    let mut ya = vec![0.0; kk * big_n];
    let mut yb = vec![0.0; kk * big_n];
    let mut yab = vec![0.0; kk * d * big_n];
    let value = |run: usize, k: usize| -> f64 {
        if k < n {
            f64::from(run_ranks[run * n + k])
        } else {
            mars[run]
        }
    };
    for r in 0..big_n {
        for k in 0..kk {
            ya[k * big_n + r] = value(r * step, k);
            yb[k * big_n + r] = value(r * step + d + 1, k);
            for i in 0..d {
                yab[(k * d + i) * big_n + r] = value(r * step + 1 + i, k);
            }
        }
    }
    let multi = Multi {
        n: big_n,
        d,
        k: kk,
        ya: &ya,
        yb: &yb,
        yab: &yab,
    };
    let mut est = estimate_many(&multi, sopts)?;
    let mars_idx = est.pop().ok_or(UncertaintyError::Empty {
        path: Path::from("units"),
        min: 1,
    })?;
    let ranks = est
        .into_iter()
        .zip(&prep.units)
        .map(|(indices, u)| OutputSensitivity {
            output: u.clone(),
            indices,
        })
        .collect();
    let n_runs = big_n * (d + 2);
    let raw = runs.map(|runs| SensitivityRuns {
        ranks: run_ranks.to_vec(),
        mean_abs_rank_shift: mars[..n_runs].to_vec(),
        draws: runs
            .iter()
            .map(|row| row.iter().flatten().cloned().collect())
            .collect(),
    });
    let one_at_a_time = if spec.one_at_a_time {
        one_at_a_time(prep, threads)?
    } else {
        Vec::new()
    };
    Ok(SensitivityResult {
        spec: spec.clone(),
        factors: prep.infos.clone(),
        units: prep.units.clone(),
        runs: n_runs,
        block_rows: BLOCK_ROWS,
        nominal: prep.nominal.clone(),
        mean_abs_rank_shift: OutputSensitivity {
            output: "mean_abs_rank_shift".into(),
            indices: mars_idx,
        },
        ranks,
        one_at_a_time,
        raw,
    })
}

fn one_at_a_time(prep: &Prepared, threads: usize) -> Result<Vec<OatRow>, UncertaintyError> {
    let d = prep.factors.len();
    let mut labels: Vec<(usize, String)> = Vec::new();
    let mut runs: Vec<Vec<Option<Draw>>> = Vec::new();
    let mut push = |i: usize, alt: String, draw: Draw| {
        let mut row = vec![None; d];
        row[i] = Some(draw);
        runs.push(row);
        labels.push((i, alt));
    };
    for (i, (f, info)) in prep.factors.iter().zip(&prep.infos).enumerate() {
        match f {
            Resolved::Weights {
                ids,
                nominal,
                share: Some(s),
                ..
            } => {
                for (j, id) in ids.iter().enumerate() {
                    for (sign, tag) in [(1.0, "+"), (-1.0, "-")] {
                        let mut w = nominal.clone();
                        w[j] *= 1.0 + sign * s;
                        push(i, format!("{id}{tag}"), Draw::Values(w));
                    }
                }
            }
            Resolved::Norm(_) | Resolved::Agg(..) | Resolved::Impute(_) | Resolved::Exclude(_) => {
                for (c, alt) in info.alternatives.iter().enumerate() {
                    push(i, alt.clone(), Draw::Choice(c));
                }
            }
            Resolved::Band(r) => {
                push(
                    i,
                    "low".into(),
                    Draw::Values(r.iter().map(|x| x[0]).collect()),
                );
                push(
                    i,
                    "high".into(),
                    Draw::Values(r.iter().map(|x| x[1]).collect()),
                );
            }
            Resolved::Weights { .. } | Resolved::Coders(_) => {}
        }
    }
    if runs.is_empty() {
        return Ok(Vec::new());
    }
    let out = prep.evaluate(&runs, threads)?;
    let n = prep.units.len();
    Ok(labels
        .into_iter()
        .enumerate()
        .map(|(r, (i, alt))| {
            let ranks = out.ranks[r * n..(r + 1) * n].to_vec();
            let rank_changes: Vec<i64> = ranks
                .iter()
                .zip(&prep.nominal.ranks)
                .map(|(&a, &b)| i64::from(a) - i64::from(b))
                .collect();
            let max = rank_changes
                .iter()
                .map(|c| c.unsigned_abs())
                .max()
                .unwrap_or(0);
            OatRow {
                factor: prep.infos[i].label.clone(),
                alternative: alt,
                mean_abs_rank_shift: out.mars[r],
                max_abs_rank_shift: u32::try_from(max).unwrap_or(u32::MAX),
                ranks,
                rank_changes,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uncertainty::rng::Stream;

    #[test]
    fn bucketed_quantiles_equal_the_selections() {
        let mut s = Stream::new(3, 99, 0);
        let mut sc = QuantScratch::default();
        for r in [1usize, 2, 3, 20, 21, 100, 999, 5000] {
            for kind in 0..6 {
                let v: Vec<f64> = (0..r)
                    .map(|i| match kind {
                        0 => s.uniform() * 99.0 + 1.0,
                        1 => (s.uniform() * 5.0).floor() - 2.0, // ties, ±0 (as -0.0 below)
                        2 if i % 2 == 0 => -0.0,
                        2 => 0.0,
                        3 if i % 50 == 0 => 1e300, // one far value: most in one bucket
                        3 => 40.0 + s.uniform() * 1e-9,
                        4 => f64::from_bits(7f64.to_bits() + (s.uniform() * 4.0) as u64),
                        _ => (s.uniform() - 0.5) * f64::MAX,
                    })
                    .collect();
                let got = quantiles3_hist(&v, &mut sc);
                let want = quantiles3(&mut v.clone());
                for (g, w) in got.iter().zip(want) {
                    assert!(
                        g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()),
                        "r {r} kind {kind}: {got:?} vs {want:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn rank_quantiles_equal_the_selections() {
        let mut s = Stream::new(4, 99, 0);
        for r in [1usize, 2, 7, 100, 1001] {
            let n = 37;
            let ranks: Vec<u32> = (0..r)
                .map(|_| 1 + (s.uniform() * n as f64) as u32)
                .collect();
            let mut hist = vec![0u32; n + 2];
            for &x in &ranks {
                hist[x as usize] += 1;
            }
            let mut f: Vec<f64> = ranks.iter().map(|&x| f64::from(x)).collect();
            let want = quantiles3(&mut f);
            let got = rank_quantiles(&hist, r);
            assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits), "r {r}");
            // the sorted path (many units, few runs) gives the same bits
            let sorted = rank_quantiles_sorted(&ranks, &mut Vec::new());
            assert_eq!(sorted.map(f64::to_bits), want.map(f64::to_bits), "r {r}");
            let by_summary = rank_summary(&ranks, n, &mut Vec::new());
            assert_eq!(
                [by_summary.p5, by_summary.median, by_summary.p95].map(f64::to_bits),
                want.map(f64::to_bits),
                "r {r}"
            );
        }
    }
}
