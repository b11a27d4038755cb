//! Variance-based sensitivity: Saltelli's sampling design and the first-order (Saltelli et al.
//! 2010) and total (Jansen 1999) Sobol estimators, with bootstrap intervals, for any model
//! `f(x)`; the pipeline analysis in `super::sensitivity` uses the same estimators.
//!
//! **Design** (Saltelli et al. 2010, "Variance based sensitivity analysis of model output",
//! Computer Physics Communications 181, §3): two independent N × d matrices A and B; A_B^(i) is
//! A with its column i taken from B. The model runs N (d + 2) times. Here the rows of A and B
//! are pseudo-random (the ChaCha20 stream of `super::rng`, domain 2): row r is drawn from
//! the stream of block ⌊r / 256⌋, A's d uniforms first, then B's.
//!
//! **Estimators**, with f_A, f_B, f_AB^(i) the outputs, μ the mean of all N (d + 2) outputs and
//! V the variance (divisor 2N) of the 2N values f_A, f_B:
//!
//! * first order (Saltelli et al. 2010, Table 2 (b)):
//!   S_i = (1/N) Σ_r (f_B,r − μ)(f_AB^(i),r − f_A,r) / V;
//! * total (Jansen 1999, Saltelli et al. 2010 Table 2 (f)):
//!   S_Ti = (1/2N) Σ_r (f_A,r − f_AB^(i),r)² / V.
//!
//! These are SALib's `SALib.analyze.sobol` estimators (version 1.6: `first_order`,
//! `total_order`), which first standardise all outputs Y ← (Y − mean(Y))/sd(Y); the scale cancels
//! in the ratios and the centring by μ is the subtraction above (Saltelli's formula without it
//! has the same expectation, since E[f_AB^(i) − f_A] = 0, but a larger variance). When V = 0
//! (a constant output, e.g. a unit that keeps its rank in every run) every index is 0 and the
//! result says `constant` (SALib returns zeros too).
//!
//! **Bootstrap**: resample the N rows with replacement (resample b uses the stream of block b
//! of domain 3; row = min(⌊u N⌋, N − 1)), recompute both estimators (μ kept, V recomputed) and
//! report the sample standard deviation (divisor B − 1; SALib's `S1_conf` is z × this) and the
//! percentile interval (R type-7 quantiles at (1 ∓ confidence)/2).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::{invalid, num_text, UncertaintyError};
use super::rng::{Stream, BLOCK_ROWS, DOMAIN_BOOTSTRAP, DOMAIN_SALTELLI};
use crate::composite::stats::quantile_sorted;
use crate::error::Path;
use crate::par;

fn d_bootstrap() -> usize {
    1000
}
fn d_conf() -> f64 {
    0.95
}

/// Options of the Sobol estimators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SobolOptions {
    /// Bootstrap resamples (default 1000; 0 = no intervals).
    #[serde(default = "d_bootstrap")]
    pub bootstrap: usize,
    /// Confidence level of the percentile intervals (default 0.95).
    #[serde(default = "d_conf")]
    pub confidence: f64,
    /// Seed of the bootstrap stream (default 0).
    pub seed: u64,
    /// Threads for the bootstrap (default all cores; results do not depend on it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
}

impl Default for SobolOptions {
    fn default() -> Self {
        SobolOptions {
            bootstrap: d_bootstrap(),
            confidence: d_conf(),
            seed: 0,
            threads: None,
        }
    }
}

impl SobolOptions {
    pub(crate) fn validate(&self, path: &Path) -> Result<(), UncertaintyError> {
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return Err(invalid(
                path.with("confidence"),
                num_text(self.confidence),
                "a level in (0, 1)",
            ));
        }
        if self.bootstrap == 1 {
            return Err(invalid(
                path.with("bootstrap"),
                1,
                "0 (no intervals) or at least 2 resamples",
            ));
        }
        Ok(())
    }
}

/// Saltelli's matrices A and B on the unit hypercube [0, 1)^d.
///
/// ```
/// use renxing::uncertainty::SaltelliDesign;
/// let d = SaltelliDesign::new(4, 3, 1)?;
/// assert_eq!(d.a.len(), 12);
/// let ab = d.ab_row(1, 0); // A's row 0 with column 1 from B
/// assert_eq!((ab[0], ab[1], ab[2]), (d.a[0], d.b[1], d.a[2]));
/// # Ok::<(), renxing::uncertainty::UncertaintyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SaltelliDesign {
    /// Rows (base sample size N).
    pub n: usize,
    /// Inputs d.
    pub d: usize,
    /// The seed.
    pub seed: u64,
    /// A, row-major N × d.
    pub a: Vec<f64>,
    /// B, row-major N × d.
    pub b: Vec<f64>,
}

impl SaltelliDesign {
    /// Draws A and B (see the module documentation for the stream layout).
    ///
    /// # Errors
    /// `n` or `d` is 0.
    pub fn new(n: usize, d: usize, seed: u64) -> Result<Self, UncertaintyError> {
        if n < 2 {
            return Err(invalid(Path::from("n"), n, "at least 2 rows"));
        }
        if d == 0 {
            return Err(UncertaintyError::Empty {
                path: Path::from("d"),
                min: 1,
            });
        }
        let mut a = Vec::with_capacity(n * d);
        let mut b = Vec::with_capacity(n * d);
        let blocks = n.div_ceil(BLOCK_ROWS);
        for blk in 0..blocks {
            let mut s = Stream::new(seed, DOMAIN_SALTELLI, blk as u64);
            for _ in (blk * BLOCK_ROWS)..((blk + 1) * BLOCK_ROWS).min(n) {
                for _ in 0..d {
                    a.push(s.uniform());
                }
                for _ in 0..d {
                    b.push(s.uniform());
                }
            }
        }
        Ok(SaltelliDesign { n, d, seed, a, b })
    }

    /// Row r of A_B^(i): A's row r with column i from B.
    #[must_use]
    pub fn ab_row(&self, i: usize, r: usize) -> Vec<f64> {
        let d = self.d;
        let mut row = self.a[r * d..(r + 1) * d].to_vec();
        row[i] = self.b[r * d + i];
        row
    }

    /// The N (d + 2) rows in SALib's order (`SALib.sample.sobol` with
    /// `calc_second_order=False`): for each r, A_r, A_B^(1)_r, …, A_B^(d)_r, B_r; row-major.
    #[must_use]
    pub fn salib_rows(&self) -> Vec<f64> {
        let d = self.d;
        let mut out = Vec::with_capacity(self.n * (d + 2) * d);
        for r in 0..self.n {
            out.extend_from_slice(&self.a[r * d..(r + 1) * d]);
            for i in 0..d {
                out.extend(self.ab_row(i, r));
            }
            out.extend_from_slice(&self.b[r * d..(r + 1) * d]);
        }
        out
    }

    /// Runs a model on every row: f(A), f(B), f(A_B^(i)).
    pub fn evaluate(&self, f: impl Fn(&[f64]) -> f64) -> SaltelliOutputs {
        let (n, d) = (self.n, self.d);
        let ya = (0..n).map(|r| f(&self.a[r * d..(r + 1) * d])).collect();
        let yb = (0..n).map(|r| f(&self.b[r * d..(r + 1) * d])).collect();
        let mut yab = Vec::with_capacity(n * d);
        for i in 0..d {
            for r in 0..n {
                yab.push(f(&self.ab_row(i, r)));
            }
        }
        SaltelliOutputs { n, d, ya, yb, yab }
    }
}

/// A model's outputs on a Saltelli design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SaltelliOutputs {
    /// N.
    pub n: usize,
    /// d.
    pub d: usize,
    /// f(A), N values.
    pub ya: Vec<f64>,
    /// f(B), N values.
    pub yb: Vec<f64>,
    /// f(A_B^(i)), factor-major: d × N values.
    pub yab: Vec<f64>,
}

impl SaltelliOutputs {
    /// Outputs given in SALib's order (see [`SaltelliDesign::salib_rows`]).
    ///
    /// # Errors
    /// `y` is not N (d + 2) long.
    pub fn from_salib_order(y: &[f64], n: usize, d: usize) -> Result<Self, UncertaintyError> {
        let step = d + 2;
        if y.len() != n * step {
            return Err(UncertaintyError::Shape {
                path: Path::from("y"),
                expected: n * step,
                found: y.len(),
            });
        }
        let ya = (0..n).map(|r| y[r * step]).collect();
        let yb = (0..n).map(|r| y[r * step + d + 1]).collect();
        let mut yab = Vec::with_capacity(n * d);
        for i in 0..d {
            for r in 0..n {
                yab.push(y[r * step + 1 + i]);
            }
        }
        Ok(SaltelliOutputs { n, d, ya, yb, yab })
    }

    /// The outputs in SALib's order.
    #[must_use]
    pub fn salib_order(&self) -> Vec<f64> {
        let (n, d) = (self.n, self.d);
        let mut y = Vec::with_capacity(n * (d + 2));
        for r in 0..n {
            y.push(self.ya[r]);
            for i in 0..d {
                y.push(self.yab[i * n + r]);
            }
            y.push(self.yb[r]);
        }
        y
    }
}

/// First-order and total Sobol indices of one output, with bootstrap intervals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SobolIndices {
    /// First-order indices S_i (Saltelli et al. 2010), one per input.
    pub first_order: Vec<f64>,
    /// Total indices S_Ti (Jansen 1999).
    pub total: Vec<f64>,
    /// Bootstrap standard deviation of S_i (divisor B − 1; empty without bootstrap).
    pub first_order_sd: Vec<f64>,
    /// Bootstrap standard deviation of S_Ti.
    pub total_sd: Vec<f64>,
    /// Percentile intervals of S_i.
    pub first_order_ci: Vec<[f64; 2]>,
    /// Percentile intervals of S_Ti.
    pub total_ci: Vec<[f64; 2]>,
    /// Mean of all N (d + 2) outputs (μ).
    pub mean: f64,
    /// Variance V of f(A), f(B) (divisor 2N).
    pub variance: f64,
    /// V = 0: the output never changes, every index is 0.
    pub constant: bool,
    /// N.
    pub n: usize,
    /// Bootstrap resamples used.
    pub bootstrap: usize,
    /// Confidence level of the intervals.
    pub confidence: f64,
    /// Seed of the bootstrap stream.
    pub seed: u64,
}

/// Several outputs of the same runs, output-major: `ya[k * n + r]`, `yab[(k * d + i) * n + r]`.
pub(crate) struct Multi<'a> {
    pub n: usize,
    pub d: usize,
    pub k: usize,
    pub ya: &'a [f64],
    pub yb: &'a [f64],
    pub yab: &'a [f64],
}

/// S_i and S_Ti of output `k` on rows `rows(t)`, t in 0..n; returns V.
fn point(
    m: &Multi<'_>,
    k: usize,
    mu: f64,
    rows: impl Fn(usize) -> usize,
    s1: &mut [f64],
    st: &mut [f64],
) -> f64 {
    let (n, d) = (m.n, m.d);
    let ya = &m.ya[k * n..(k + 1) * n];
    let yb = &m.yb[k * n..(k + 1) * n];
    let mut sum = 0.0;
    for t in 0..n {
        let r = rows(t);
        sum += ya[r] - mu;
        sum += yb[r] - mu;
    }
    let mean = sum / (2 * n) as f64;
    let mut ss = 0.0;
    for t in 0..n {
        let r = rows(t);
        let a = ya[r] - mu - mean;
        let b = yb[r] - mu - mean;
        ss += a * a;
        ss += b * b;
    }
    let v = ss / (2 * n) as f64;
    for i in 0..d {
        let yab = &m.yab[(k * d + i) * n..(k * d + i + 1) * n];
        if !(v > 0.0) {
            s1[i] = 0.0;
            st[i] = 0.0;
            continue;
        }
        let mut f = 0.0;
        let mut t2 = 0.0;
        for t in 0..n {
            let r = rows(t);
            let diff = yab[r] - ya[r];
            f += (yb[r] - mu) * diff;
            t2 += diff * diff;
        }
        s1[i] = f / n as f64 / v;
        st[i] = 0.5 * (t2 / n as f64) / v;
    }
    v
}

/// The indices of every output of `m`.
pub(crate) fn estimate_many(
    m: &Multi<'_>,
    opts: &SobolOptions,
) -> Result<Vec<SobolIndices>, UncertaintyError> {
    opts.validate(&Path::from("options"))?;
    let (n, d, kk) = (m.n, m.d, m.k);
    for (name, v, len) in [
        ("ya", m.ya, kk * n),
        ("yb", m.yb, kk * n),
        ("yab", m.yab, kk * d * n),
    ] {
        if v.len() != len {
            return Err(UncertaintyError::Shape {
                path: Path::from(name),
                expected: len,
                found: v.len(),
            });
        }
        if let Some(i) = v.iter().position(|x| !x.is_finite()) {
            return Err(UncertaintyError::NotFinite {
                path: Path::from(name).index(i),
                value: num_text(v[i]),
            });
        }
    }
    // μ per output over all N (d + 2) values, in the order ya, yab (factor by factor), yb.
    let mus: Vec<f64> = (0..kk)
        .map(|k| {
            let mut s = 0.0;
            for r in 0..n {
                s += m.ya[k * n + r];
            }
            for x in &m.yab[k * d * n..(k + 1) * d * n] {
                s += x;
            }
            for r in 0..n {
                s += m.yb[k * n + r];
            }
            s / (n * (d + 2)) as f64
        })
        .collect();
    let mut out = Vec::with_capacity(kk);
    for k in 0..kk {
        let mut s1 = vec![0.0; d];
        let mut st = vec![0.0; d];
        let v = point(m, k, mus[k], |t| t, &mut s1, &mut st);
        out.push(SobolIndices {
            first_order: s1,
            total: st,
            first_order_sd: Vec::new(),
            total_sd: Vec::new(),
            first_order_ci: Vec::new(),
            total_ci: Vec::new(),
            mean: mus[k],
            variance: v,
            constant: !(v > 0.0),
            n,
            bootstrap: opts.bootstrap,
            confidence: opts.confidence,
            seed: opts.seed,
        });
    }
    let nb = opts.bootstrap;
    if nb == 0 {
        return Ok(out);
    }
    // Bootstrap: resample b → for every output, S1 and ST (k × 2d values).
    let per = kk * 2 * d;
    let threads = par::threads(opts.threads);
    let chunk = 16usize;
    let parts = par::map_blocks(nb.div_ceil(chunk), threads, |c| {
        let mut vals = Vec::with_capacity(chunk * per);
        let mut idx = vec![0usize; n];
        let mut s1 = vec![0.0; d];
        let mut st = vec![0.0; d];
        for b in (c * chunk)..((c + 1) * chunk).min(nb) {
            let mut s = Stream::new(opts.seed, DOMAIN_BOOTSTRAP, b as u64);
            for x in idx.iter_mut() {
                *x = s.choice(n);
            }
            for (k, &mu) in mus.iter().enumerate() {
                point(m, k, mu, |t| idx[t], &mut s1, &mut st);
                vals.extend_from_slice(&s1);
                vals.extend_from_slice(&st);
            }
        }
        vals
    });
    let all: Vec<f64> = parts.into_iter().flatten().collect();
    let lo_q = (1.0 - opts.confidence) / 2.0;
    let hi_q = 1.0 - lo_q;
    let mut col = vec![0.0; nb];
    for (k, res) in out.iter_mut().enumerate() {
        for which in 0..2 {
            for i in 0..d {
                for (b, c) in col.iter_mut().enumerate() {
                    *c = all[b * per + k * 2 * d + which * d + i];
                }
                let mean = col.iter().sum::<f64>() / nb as f64;
                let var =
                    col.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (nb - 1) as f64;
                col.sort_by(f64::total_cmp);
                let ci = [quantile_sorted(&col, lo_q), quantile_sorted(&col, hi_q)];
                if which == 0 {
                    res.first_order_sd.push(var.sqrt());
                    res.first_order_ci.push(ci);
                } else {
                    res.total_sd.push(var.sqrt());
                    res.total_ci.push(ci);
                }
            }
        }
    }
    Ok(out)
}

/// First-order and total Sobol indices of one output (see the module documentation).
///
/// # Errors
/// Arrays of the wrong length, a non-finite output, bad options.
///
/// ```
/// use renxing::uncertainty::{sobol_indices, SaltelliDesign, SobolOptions};
/// // f = x1 + 2 x2: S = ST = (1/5, 4/5) exactly in theory.
/// let design = SaltelliDesign::new(4096, 2, 7)?;
/// let out = design.evaluate(|x| x[0] + 2.0 * x[1]);
/// let s = sobol_indices(&out, &SobolOptions { bootstrap: 0, ..SobolOptions::default() })?;
/// assert!((s.first_order[0] - 0.2).abs() < 0.05 && (s.total[1] - 0.8).abs() < 0.05);
/// # Ok::<(), renxing::uncertainty::UncertaintyError>(())
/// ```
pub fn sobol_indices(
    out: &SaltelliOutputs,
    opts: &SobolOptions,
) -> Result<SobolIndices, UncertaintyError> {
    if out.n < 2 {
        return Err(invalid(Path::from("n"), out.n, "at least 2 rows"));
    }
    let m = Multi {
        n: out.n,
        d: out.d,
        k: 1,
        ya: &out.ya,
        yb: &out.yb,
        yab: &out.yab,
    };
    let mut v = estimate_many(&m, opts)?;
    v.pop().ok_or(UncertaintyError::Empty {
        path: Path::from("y"),
        min: 1,
    })
}

/// The Ishigami function f = sin x₁ + a sin² x₂ + b x₃⁴ sin x₁ on x ∈ [−π, π]³ (Ishigami &
/// Homma 1990), with `x` on [0, 1)³ mapped linearly; `libm` sines, so portable.
#[must_use]
pub fn ishigami(x: &[f64], a: f64, b: f64) -> f64 {
    let pi = std::f64::consts::PI;
    let (x1, x2, x3) = (
        -pi + 2.0 * pi * x[0],
        -pi + 2.0 * pi * x[1],
        -pi + 2.0 * pi * x[2],
    );
    let s2 = libm::sin(x2);
    let x3_2 = x3 * x3;
    libm::sin(x1) + a * s2 * s2 + b * x3_2 * x3_2 * libm::sin(x1)
}
