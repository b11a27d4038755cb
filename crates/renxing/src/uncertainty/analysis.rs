//! Uncertainty analysis (N seeded runs → distributions) and sensitivity analysis (Sobol indices
//! on a Saltelli design, and the one-at-a-time view).

use super::engine::{Outputs, Prepared, Resolved};
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

/// [`summary`] of integer ranks (1..=n) through their histogram: the sums of ranks are exact in
/// any order and the order statistics come from the counts, so the result is the same as
/// `summary` of the ranks as f64 bit for bit (the sd is still summed in run order).
fn rank_summary(ranks: &[u32], hist: &mut [u32]) -> Summary {
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
    hist.fill(0);
    for &x in ranks {
        hist[(x as usize).min(hist.len() - 1)] += 1;
    }
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
    let q = |q: f64| -> f64 {
        let h = (r - 1) as f64 * q;
        let lo = h.floor();
        let i = (lo as usize).min(r - 1);
        let xi = stat(i);
        if i + 1 >= r {
            xi
        } else {
            xi + (h - lo) * (stat(i + 1) - xi)
        }
    };
    Summary {
        mean,
        sd,
        p5: q(0.05),
        median: q(0.5),
        p95: q(0.95),
    }
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
    // Per unit, in blocks of units on the threads (each block gathers its units' columns).
    const UNITS_PER_BLOCK: usize = 64;
    let blocks = par::map_blocks(n.div_ceil(UNITS_PER_BLOCK), threads, |b| {
        let u0 = b * UNITS_PER_BLOCK;
        let u1 = (u0 + UNITS_PER_BLOCK).min(n);
        let w = u1 - u0;
        let mut rcol = vec![0u32; w * runs];
        let mut scol = vec![0.0; w * runs];
        // transpose in tiles of 16 runs (each unit's column gets 16 consecutive values)
        for r0 in (0..runs).step_by(16) {
            let r1 = (r0 + 16).min(runs);
            for t in 0..w {
                for r in r0..r1 {
                    rcol[t * runs + r] = out.ranks[r * n + u0 + t];
                    scol[t * runs + r] = out.scores[r * n + u0 + t];
                }
            }
        }
        let mut hist = vec![0u32; n + 2];
        let mut stats = Vec::with_capacity(w);
        let mut lcol = vec![0u32; if out.levels.is_some() { runs } else { 0 }];
        for (t, u) in (u0..u1).enumerate() {
            let lv = out.levels.as_ref().map(|l| {
                for r in 0..runs {
                    lcol[r] = l[r * n + u];
                }
                &lcol[..]
            });
            stats.push(unit_uncertainty(
                &prep.units[u],
                nom.ranks[u],
                nom.scores[u],
                &rcol[t * runs..(t + 1) * runs],
                &mut scol[t * runs..(t + 1) * runs],
                lv,
                k,
                &mut hist,
            ));
        }
        stats
    });
    let unit_stats: Vec<UnitUncertainty> = blocks.into_iter().flatten().collect();
    let mut mars: Vec<f64> = (0..runs).map(|r| mars_of(&out, &nom.ranks, r, n)).collect();
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
    hist: &mut [u32],
) -> UnitUncertainty {
    let runs = ranks.len();
    let rank = rank_summary(ranks, hist);
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

fn mars_of(out: &Outputs, nominal: &[u32], r: usize, n: usize) -> f64 {
    let rk = &out.ranks[r * n..(r + 1) * n];
    let s: f64 = rk
        .iter()
        .zip(nominal)
        .map(|(&a, &b)| (f64::from(a) - f64::from(b)).abs())
        .sum();
    s / n as f64
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
    let threads = par::threads(spec.threads);
    let d = prep.factors.len();
    let big_n = spec.n;
    let ab = draw_rows(&prep, spec.seed, DOMAIN_SALTELLI, big_n, 2);
    let mut runs: Vec<Vec<Option<Draw>>> = Vec::with_capacity(big_n * (d + 2));
    for r in 0..big_n {
        let a = &ab[2 * r];
        let b = &ab[2 * r + 1];
        runs.push(a.iter().cloned().map(Some).collect());
        for i in 0..d {
            let mut row: Vec<Option<Draw>> = a.iter().cloned().map(Some).collect();
            row[i] = Some(b[i].clone());
            runs.push(row);
        }
        runs.push(b.iter().cloned().map(Some).collect());
    }
    let out = prep.evaluate(&runs, threads)?;
    let n = prep.units.len();
    let kk = n + 1;
    let step = d + 2;
    let mut ya = vec![0.0; kk * big_n];
    let mut yb = vec![0.0; kk * big_n];
    let mut yab = vec![0.0; kk * d * big_n];
    let value = |run: usize, k: usize| -> f64 {
        if k < n {
            f64::from(out.ranks[run * n + k])
        } else {
            mars_of(&out, &prep.nominal.ranks, run, n)
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
    let mut est = estimate_many(&multi, &sopts)?;
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
    let raw = if spec.keep_runs {
        Some(SensitivityRuns {
            ranks: out.ranks.clone(),
            mean_abs_rank_shift: (0..runs.len())
                .map(|r| mars_of(&out, &prep.nominal.ranks, r, n))
                .collect(),
            draws: runs
                .iter()
                .map(|row| row.iter().flatten().cloned().collect())
                .collect(),
        })
    } else {
        None
    };
    let one_at_a_time = if spec.one_at_a_time {
        one_at_a_time(&prep, threads)?
    } else {
        Vec::new()
    };
    Ok(SensitivityResult {
        spec: spec.clone(),
        factors: prep.infos.clone(),
        units: prep.units.clone(),
        runs: runs.len(),
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
                mean_abs_rank_shift: mars_of(&out, &prep.nominal.ranks, r, n),
                max_abs_rank_shift: u32::try_from(max).unwrap_or(u32::MAX),
                ranks,
                rank_changes,
            }
        })
        .collect())
}
