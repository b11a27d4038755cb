//! Krippendorff's α from the value-by-value coincidence matrix, and its bootstrap.
//!
//! # Definitions (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability")
//!
//! A unit `u` with `m_u ≥ 2` values is *pairable*; units with fewer values are left out. Its
//! values add `n_uc n_uk / (m_u − 1)` to the coincidence `o_ck` for `c ≠ k` and
//! `n_uc (n_uc − 1) / (m_u − 1)` for `c = k` (`n_uc` = how many of its values are `c`), i.e. each
//! ordered pair of values within the unit weighs `1/(m_u − 1)`. Then `n_c = Σ_k o_ck` (the number
//! of pairable values equal to `c`), `n = Σ_c n_c` and
//!
//! * `D_o = Σ_c Σ_k o_ck δ²_ck / n`,
//! * `D_e = Σ_c Σ_k n_c n_k δ²_ck / (n (n − 1))`,
//! * `α = 1 − D_o / D_e`, computed as `1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck`.
//!
//! Metrics: nominal `δ² = [c ≠ k]`; ordinal `δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²` (over the
//! domain in order); interval `(c − k)²`; ratio `((c − k)/(c + k))²` (0 when `c + k = 0`).
//!
//! The matrix is built in one pass over the cells (O(values + Σ_u d_u²), `d_u` the distinct values
//! of unit `u`), adding each unit's contribution in unit order; `n_c` and `n` are exact integer
//! counts, so the result does not depend on threads or platform.
//!
//! # Bootstrap
//!
//! The algorithm of Krippendorff's "Algorithm for bootstrapping a distribution of α" (2006, rev.
//! 2011), implemented in Hayes' KALPHA macro (Hayes & Krippendorff 2007):
//!
//! 1. `D_e` is held fixed at its value in the data.
//! 2. The unordered value pairs `{c, k}` with `o_ck > 0` are the sampling cells, with probability
//!    `o_cc / n` on the diagonal and `2 o_ck / n` off it (row-major order, `c ≤ k`).
//! 3. Each draw samples `M` pairs with replacement (inversion: the first cell whose cumulative
//!    weight exceeds `u × n`, `u` a uniform of [`super::rng`]) and gives
//!    `α* = 1 − Σ δ²(pair) / (M · D_e)`. `M` is [`BootstrapPairs::Krippendorff`]
//!    `min(25 Q, ⌊(m − 1) n / 2⌋)` by default (`Q` = the number of non-zero cells of `o`, `m` the
//!    number of coders), as in KALPHA.
//! 4. As in KALPHA, `α* < −1` is set to −1, and a draw whose pairs all fall into one diagonal cell
//!    (no variation: α* would be 0/0) counts as α* = 0. KALPHA approximates the latter by replacing
//!    `round(X Σ_c (o_cc/n)^M)` of the α* = 1 values with 0; this module detects such draws exactly.
//! 5. The interval is the percentile interval of KALPHA's order statistics: with the `X` draws
//!    sorted, lower = α*₍ℓ₎ with `ℓ = max(1, ⌊X(1 − γ)/2⌋)`, upper = α*₍h₎ with
//!    `h = min(X, ⌊X(1 + γ)/2⌋ + 1)` (1-based; the floors take `+ 1e-9` against rounding), and
//!    `q = P(α < α_min) = #{α* < α_min} / X` for each minimum.
//!
//! This bootstrap resamples pairs of values, not units; Gwet (2015, "On Krippendorff's Alpha
//! Coefficient") argues that it underestimates the standard error of α (the pairs within a unit
//! are not independent and `D_e` is not resampled). Report it as KALPHA's interval.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::{ReliabilityData, Scale, MISSING};
use super::error::{check_option, AgreeError, Expected, Seg};
use super::rng::Uniforms;
use super::Measure;

/// The largest value domain the value-by-value matrices accept (K×K cells).
pub const MAX_DISTINCT_VALUES: usize = 2048;

/// The difference function δ² of α (Krippendorff's "metric").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Metric {
    /// `[c ≠ k]`.
    Nominal,
    /// `(Σ_{g=c..k} n_g − (n_c + n_k)/2)²`, on the order of the domain.
    Ordinal,
    /// `(c − k)²`.
    Interval,
    /// `((c − k)/(c + k))²`; values must be ≥ 0.
    Ratio,
}

impl Metric {
    /// The default metric of a scale: ordinal for categories, interval for numbers.
    #[must_use]
    pub fn default_for(scale: &Scale) -> Metric {
        match scale {
            Scale::Categories { .. } => Metric::Ordinal,
            Scale::Numeric => Metric::Interval,
        }
    }
}

/// How many pairs each bootstrap draw samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BootstrapPairs {
    /// Krippendorff's (2006/2011) and KALPHA's `M = min(25 Q, ⌊(m − 1) n / 2⌋)` (the default).
    #[default]
    Krippendorff,
    /// Every pair in the data: `M = Σ_u m_u (m_u − 1)/2` (O(M) per draw: slow on large data).
    AllPairs,
    /// A fixed `M ≥ 1`.
    Fixed(usize),
}

/// Options of the α bootstrap. Defaults: 1000 draws, seed 0, confidence 0.95, minimums
/// [0.667, 0.800] (Krippendorff 2004), [`BootstrapPairs::Krippendorff`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BootstrapOptions {
    /// Number of draws `X` (≥ 1).
    #[serde(default = "default_draws")]
    pub draws: usize,
    /// Seed of the ChaCha20 stream.
    #[serde(default)]
    pub seed: u64,
    /// Confidence level γ of the percentile interval, in (0, 1).
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// The minimums α_min for which `q = P(α < α_min)` is reported.
    #[serde(default = "default_minimums")]
    pub minimums: Vec<f64>,
    /// Pairs per draw.
    #[serde(default)]
    pub pairs: BootstrapPairs,
}

fn default_draws() -> usize {
    1000
}

fn default_confidence() -> f64 {
    0.95
}

fn default_minimums() -> Vec<f64> {
    vec![0.667, 0.800]
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        BootstrapOptions {
            draws: default_draws(),
            seed: 0,
            confidence: default_confidence(),
            minimums: default_minimums(),
            pairs: BootstrapPairs::default(),
        }
    }
}

/// Options of Krippendorff's α. Defaults: the scale's metric ([`Metric::default_for`]), no
/// bootstrap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlphaOptions {
    /// The metric; `None` for the scale's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<Metric>,
    /// The bootstrap, if wanted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<BootstrapOptions>,
}

impl AlphaOptions {
    /// Options with a metric and no bootstrap.
    #[must_use]
    pub fn metric(metric: Metric) -> Self {
        AlphaOptions {
            metric: Some(metric),
            bootstrap: None,
        }
    }

    /// The same options with a bootstrap.
    #[must_use]
    pub fn with_bootstrap(mut self, bootstrap: BootstrapOptions) -> Self {
        self.bootstrap = Some(bootstrap);
        self
    }
}

/// A closed interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Interval {
    /// Lower end.
    pub lower: f64,
    /// Upper end.
    pub upper: f64,
}

/// `q = P(α < minimum)` over the bootstrap draws.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BelowMinimum {
    /// α_min.
    pub minimum: f64,
    /// The share of draws with α* < α_min.
    pub probability: f64,
}

/// The bootstrap of α and the parameters it used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AlphaBootstrap {
    /// Always `"krippendorff_pairs"`: Krippendorff's (2006/2011) resampling of pairable value
    /// pairs with `D_e` fixed, as in KALPHA (Hayes & Krippendorff 2007).
    pub method: String,
    /// The rule for the pairs per draw.
    pub pairs: BootstrapPairs,
    /// Pairs sampled per draw (`M`).
    pub pairs_per_draw: usize,
    /// Number of draws.
    pub draws: usize,
    /// Seed of the ChaCha20 stream.
    pub seed: u64,
    /// Confidence level of the interval.
    pub confidence: f64,
    /// Percentile interval (KALPHA's order statistics).
    pub interval: Interval,
    /// Mean of the draws.
    pub mean: f64,
    /// Standard deviation of the draws (n − 1 denominator; 0 for one draw).
    pub standard_error: f64,
    /// `q` for each minimum, in the order asked.
    pub below_minimum: Vec<BelowMinimum>,
    /// Draws without variation, counted as α* = 0.
    pub no_variation_draws: usize,
    /// Draws below −1, set to −1.
    pub clamped_draws: usize,
}

/// Krippendorff's α with the quantities behind it and the parameters used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AlphaResult {
    /// α.
    pub alpha: f64,
    /// The metric used.
    pub metric: Metric,
    /// `D_o`.
    pub observed_disagreement: f64,
    /// `D_e`.
    pub expected_disagreement: f64,
    /// Units in the data.
    pub n_units: usize,
    /// Coders in the data.
    pub n_coders: usize,
    /// Units with two or more values.
    pub n_pairable_units: usize,
    /// `n`: values in pairable units.
    pub n_pairable_values: usize,
    /// `Σ_u m_u (m_u − 1)/2`: unordered pairs within pairable units.
    pub n_pairs: u64,
    /// The value domain (rows and columns of the coincidence matrix).
    pub values: Vec<f64>,
    /// `o_ck`, row-major K×K over `values`.
    pub coincidence: Vec<f64>,
    /// The bootstrap, if asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<AlphaBootstrap>,
}

/// The coincidence matrix and exact counts.
pub(crate) struct Coincidence {
    pub k: usize,
    pub o: Vec<f64>,
    pub n_c: Vec<u64>,
    pub n: u64,
    pub pairable_units: usize,
    pub pairs: u64,
}

pub(crate) fn check_domain(data: &ReliabilityData) -> Result<(), AgreeError> {
    let k = data.domain().len();
    if k > MAX_DISTINCT_VALUES {
        return Err(AgreeError::TooManyValues {
            distinct: k,
            max: MAX_DISTINCT_VALUES,
        });
    }
    Ok(())
}

/// The most `coders × values²` integer cells [`coincidence`] keeps per pairable-value count
/// (beyond it, it accumulates in floating point unit by unit).
pub(crate) const EXACT_CELLS: usize = 1 << 16;

/// Build `o_ck` in one pass over the units.
///
/// For a small domain (`coders × values² ≤ 65,536`: every category scale of the framework) the
/// pair counts `n_ck(u)` are summed as integers per number of pairable values `m_u`, and divided
/// by `m − 1` once per `m` at the end: exact up to that one division and the sum over `m`, with
/// no floating-point work per unit. Otherwise each unit adds `n_ck(u) / (m_u − 1)` in turn.
pub(crate) fn coincidence(data: &ReliabilityData) -> Coincidence {
    let k = data.domain().len();
    let nc = data.n_coders();
    if k > 0 && nc >= 2 && nc.saturating_mul(k * k) <= EXACT_CELLS {
        return coincidence_exact(data, k, nc, HISTOGRAM_CELLS);
    }
    coincidence_float(data, k)
}

/// The most entries of the histogram of units' value counts (`(coders + 1)^values`).
pub(crate) const HISTOGRAM_CELLS: usize = 1 << 20;

fn coincidence_exact(
    data: &ReliabilityData,
    k: usize,
    nc: usize,
    histogram_max: usize,
) -> Coincidence {
    let counts = pair_counts(data, k, nc, histogram_max);
    let o = coincidence_of_counts(&counts.acc, k);
    let n = counts.n_c.iter().sum();
    Coincidence {
        k,
        o,
        n_c: counts.n_c,
        n,
        pairable_units: counts.pairable_units,
        pairs: counts.pairs,
    }
}

/// The integer pair counts of the units by their number of pairable values: `acc[m]` (a K×K
/// block at `m · K²`, `m = 0..=coders`) sums `n_uc n_uk` (`n_uc (n_uc − 1)` on the diagonal) over
/// the units with `m` pairable values; integers, so any grouping of units gives the same.
pub(crate) struct PairCounts {
    /// `(coders + 1) · K²` counts.
    pub acc: Vec<u64>,
    /// Pairable values per domain value.
    pub n_c: Vec<u64>,
    /// Units with two or more values.
    pub pairable_units: usize,
    /// `Σ_u m_u (m_u − 1)/2`.
    pub pairs: u64,
}

/// `o_ck = Σ_m acc[m]_ck / (m − 1)`, adding `m = 2, 3, …` in turn (the one floating-point step
/// of the exact path: the same bits for the same counts).
pub(crate) fn coincidence_of_counts(acc: &[u64], k: usize) -> Vec<f64> {
    let mut o = vec![0.0f64; k * k];
    if k == 0 {
        return o;
    }
    for (m, block) in acc.chunks_exact(k * k).enumerate().skip(2) {
        let w = (m - 1) as f64;
        for (cell, &x) in o.iter_mut().zip(block) {
            if x > 0 {
                *cell += x as f64 / w;
            }
        }
    }
    o
}

pub(crate) fn pair_counts(
    data: &ReliabilityData,
    k: usize,
    nc: usize,
    histogram_max: usize,
) -> PairCounts {
    // acc[m][c * k + j], m = number of pairable values in the unit (2..=nc)
    let mut acc = vec![0u64; (nc + 1) * k * k];
    let mut n_c = vec![0u64; k];
    let mut counts = vec![0u64; k];
    let mut pairable_units = 0usize;
    let mut pairs = 0u64;
    // a unit's pair counts depend only on its value counts `n_c(u)`, a vector of `k` digits
    // 0..=nc: with few coders and values, units are first counted by that vector (one add per
    // cell, no per-unit products), then each distinct vector adds its pair counts times its
    // number of units — the same integers as unit by unit
    let size = (0..k).try_fold(1usize, |acc, _| {
        acc.checked_mul(nc + 1).filter(|s| *s <= histogram_max)
    });
    let mut add = |counts: &[u64], units: u64| {
        let m: u64 = counts.iter().sum();
        if m < 2 {
            return;
        }
        pairable_units += units as usize;
        pairs += units * (m * (m - 1) / 2);
        let m = m as usize;
        let block = &mut acc[m * k * k..(m + 1) * k * k];
        for (a, &na) in counts.iter().enumerate() {
            if na == 0 {
                continue;
            }
            n_c[a] += units * na;
            let row = &mut block[a * k..(a + 1) * k];
            for (cell, &nb) in row.iter_mut().zip(counts) {
                *cell += units * na * nb;
            }
            row[a] -= units * na; // n_a (n_a − 1) on the diagonal
        }
    };
    match size {
        Some(size) if u32::try_from(data.n_units()).is_ok() => {
            // place value of each code; MISSING (and anything past the domain) adds 0
            let mut place = Vec::with_capacity(k + 1);
            let mut p = 1usize;
            for _ in 0..k {
                place.push(p);
                p *= nc + 1;
            }
            place.push(0);
            let mut hist = vec![0u32; size];
            for u in 0..data.n_units() {
                let idx: usize = data
                    .row(u)
                    .iter()
                    .map(|&code| place[(code as usize).min(k)])
                    .sum();
                hist[idx] += 1;
            }
            for (idx, &h) in hist.iter().enumerate() {
                if h == 0 {
                    continue;
                }
                for (a, c) in counts.iter_mut().enumerate() {
                    *c = ((idx / place[a]) % (nc + 1)) as u64;
                }
                add(&counts, u64::from(h));
            }
        }
        _ => {
            for u in 0..data.n_units() {
                counts.iter_mut().for_each(|c| *c = 0);
                for &code in data.row(u) {
                    if code != MISSING {
                        counts[code as usize] += 1;
                    }
                }
                add(&counts, 1);
            }
        }
    }
    PairCounts {
        acc,
        n_c,
        pairable_units,
        pairs,
    }
}

pub(crate) fn coincidence_float(data: &ReliabilityData, k: usize) -> Coincidence {
    let mut o = vec![0.0f64; k * k];
    let mut n_c = vec![0u64; k];
    let mut counts = vec![0u64; k];
    let mut present: Vec<usize> = Vec::with_capacity(data.n_coders().min(k));
    let mut pairable_units = 0usize;
    let mut pairs = 0u64;
    for u in 0..data.n_units() {
        present.clear();
        let mut m = 0u64;
        for &code in data.row(u) {
            if code != MISSING {
                let c = code as usize;
                if counts[c] == 0 {
                    present.push(c);
                }
                counts[c] += 1;
                m += 1;
            }
        }
        if m >= 2 {
            pairable_units += 1;
            pairs += m * (m - 1) / 2;
            let w = 1.0 / (m - 1) as f64;
            for &a in &present {
                let na = counts[a];
                n_c[a] += na;
                for &b in &present {
                    let prod = if a == b {
                        na * (na - 1)
                    } else {
                        na * counts[b]
                    };
                    if prod > 0 {
                        o[a * k + b] += prod as f64 * w;
                    }
                }
            }
        }
        for &c in &present {
            counts[c] = 0;
        }
    }
    let n = n_c.iter().sum();
    Coincidence {
        k,
        o,
        n_c,
        n,
        pairable_units,
        pairs,
    }
}

/// δ²_ck for every cell, row-major K×K.
pub(crate) fn deltas(metric: Metric, domain: &[f64], n_c: &[u64]) -> Result<Vec<f64>, AgreeError> {
    let k = domain.len();
    let mut d = vec![0.0f64; k * k];
    match metric {
        Metric::Nominal => {
            for c in 0..k {
                for j in 0..k {
                    if c != j {
                        d[c * k + j] = 1.0;
                    }
                }
            }
        }
        Metric::Ordinal => {
            let mut prefix = vec![0u64; k + 1];
            for g in 0..k {
                prefix[g + 1] = prefix[g] + n_c[g];
            }
            for c in 0..k {
                for j in 0..k {
                    let (lo, hi) = if c <= j { (c, j) } else { (j, c) };
                    if lo != hi {
                        let between = (prefix[hi + 1] - prefix[lo]) as f64;
                        let x = between - (n_c[lo] + n_c[hi]) as f64 / 2.0;
                        d[c * k + j] = x * x;
                    }
                }
            }
        }
        Metric::Interval => {
            for c in 0..k {
                for j in 0..k {
                    let x = domain[c] - domain[j];
                    d[c * k + j] = x * x;
                }
            }
        }
        Metric::Ratio => {
            if let Some(&min) = domain.first() {
                if min < 0.0 {
                    return Err(AgreeError::NegativeRatioValue { value: min });
                }
            }
            for c in 0..k {
                for j in 0..k {
                    let s = domain[c] + domain[j];
                    if s != 0.0 {
                        let x = (domain[c] - domain[j]) / s;
                        d[c * k + j] = x * x;
                    }
                }
            }
        }
    }
    Ok(d)
}

pub(crate) fn validate_bootstrap(b: &BootstrapOptions) -> Result<(), AgreeError> {
    let path = |field: &str| -> Vec<Seg> {
        vec![
            "alpha".into(),
            "bootstrap".into(),
            Seg::Key(field.to_owned()),
        ]
    };
    if b.draws == 0 {
        return Err(AgreeError::InvalidOption {
            path: path("draws"),
            value: "0".to_owned(),
            expected: Expected::PositiveInteger,
        });
    }
    check_option(
        &["alpha", "bootstrap", "confidence"],
        b.confidence,
        Expected::OpenUnitInterval,
        b.confidence > 0.0 && b.confidence < 1.0,
    )?;
    for (i, &m) in b.minimums.iter().enumerate() {
        if !m.is_finite() {
            let mut p = path("minimums");
            p.push(i.into());
            return Err(AgreeError::InvalidOption {
                path: p,
                value: format!("{m}"),
                expected: Expected::FiniteNumber,
            });
        }
    }
    if b.pairs == BootstrapPairs::Fixed(0) {
        return Err(AgreeError::InvalidOption {
            path: path("pairs"),
            value: "0".to_owned(),
            expected: Expected::PositiveInteger,
        });
    }
    Ok(())
}

/// Krippendorff's α of the data, with a bootstrap if `options.bootstrap` is set.
///
/// Errors: no unit with two values ([`AgreeError::NoPairableUnits`]), no variation among the
/// pairable values ([`AgreeError::NoVariation`]: α = 0/0), negative values with the ratio metric,
/// more than [`MAX_DISTINCT_VALUES`] values, invalid bootstrap options.
///
/// ```
/// use renxing::agree::{krippendorff_alpha, AlphaOptions, Metric, ReliabilityData, Scale};
/// // Krippendorff (2011), the 4 coders × 12 units example with missing values.
/// let rows = [
///     [Some(1.), Some(2.), Some(3.), Some(3.), Some(2.), Some(1.), Some(4.), Some(1.), Some(2.), None, None, None],
///     [Some(1.), Some(2.), Some(3.), Some(3.), Some(2.), Some(2.), Some(4.), Some(1.), Some(2.), Some(5.), None, Some(3.)],
///     [None, Some(3.), Some(3.), Some(3.), Some(2.), Some(3.), Some(4.), Some(2.), Some(2.), Some(5.), Some(1.), None],
///     [Some(1.), Some(2.), Some(3.), Some(3.), Some(2.), Some(4.), Some(4.), Some(1.), Some(2.), Some(5.), Some(1.), None],
/// ];
/// let values: Vec<Option<f64>> = (0..12).flat_map(|u| rows.iter().map(move |r| r[u])).collect();
/// let units = (1..=12).map(|u| u.to_string()).collect();
/// let coders = ["A", "B", "C", "D"].map(String::from).to_vec();
/// let data = ReliabilityData::from_matrix(&Scale::Numeric, units, coders, &values)?;
/// let a = krippendorff_alpha(&data, &AlphaOptions::metric(Metric::Nominal))?;
/// assert_eq!((a.alpha * 1000.0).round() / 1000.0, 0.743);
/// # Ok::<(), renxing::agree::AgreeError>(())
/// ```
pub fn krippendorff_alpha(
    data: &ReliabilityData,
    options: &AlphaOptions,
) -> Result<AlphaResult, AgreeError> {
    if let Some(b) = &options.bootstrap {
        validate_bootstrap(b)?;
    }
    check_domain(data)?;
    let metric = options
        .metric
        .unwrap_or_else(|| Metric::default_for(data.scale()));
    let co = coincidence(data);
    alpha_of(
        co,
        data.domain(),
        metric,
        data.n_units(),
        data.n_coders(),
        options,
    )
}

/// α, its quantities and its bootstrap from the coincidence matrix (the one computation behind
/// [`krippendorff_alpha`] and the finish of merged partials, [`super::partial`]).
pub(crate) fn alpha_of(
    co: Coincidence,
    domain: &[f64],
    metric: Metric,
    n_units: usize,
    n_coders: usize,
    options: &AlphaOptions,
) -> Result<AlphaResult, AgreeError> {
    if co.pairable_units == 0 {
        return Err(AgreeError::NoPairableUnits {
            measure: Measure::KrippendorffAlpha,
        });
    }
    let k = co.k;
    let d = deltas(metric, domain, &co.n_c)?;
    let mut num = 0.0f64;
    let mut den = 0.0f64;
    for c in 0..k {
        for j in 0..k {
            let dd = d[c * k + j];
            if dd != 0.0 {
                num += co.o[c * k + j] * dd;
                den += (co.n_c[c] * co.n_c[j]) as f64 * dd;
            }
        }
    }
    if den == 0.0 {
        return Err(AgreeError::NoVariation {
            measure: Measure::KrippendorffAlpha,
        });
    }
    let n = co.n as f64;
    let d_o = num / n;
    let d_e = den / (n * (n - 1.0));
    let alpha = 1.0 - (n - 1.0) * num / den;
    let bootstrap = options
        .bootstrap
        .as_ref()
        .map(|b| bootstrap(&co, &d, d_e, n_coders, b));
    Ok(AlphaResult {
        alpha,
        metric,
        observed_disagreement: d_o,
        expected_disagreement: d_e,
        n_units,
        n_coders,
        n_pairable_units: co.pairable_units,
        n_pairable_values: co.n as usize,
        n_pairs: co.pairs,
        values: domain.to_vec(),
        coincidence: co.o,
        bootstrap,
    })
}

fn floor_index(x: f64) -> usize {
    let f = (x + 1e-9).floor();
    if f <= 0.0 {
        0
    } else {
        f as usize
    }
}

fn bootstrap(
    co: &Coincidence,
    d: &[f64],
    d_e: f64,
    n_coders: usize,
    opts: &BootstrapOptions,
) -> AlphaBootstrap {
    let k = co.k;
    // Sampling cells: c ≤ k with o_ck > 0, row-major.
    let mut cum: Vec<f64> = Vec::new();
    let mut delta: Vec<f64> = Vec::new();
    let mut diagonal: Vec<bool> = Vec::new();
    let mut q = 0usize;
    let mut running = 0.0f64;
    for c in 0..k {
        for j in c..k {
            let o = co.o[c * k + j];
            if o > 0.0 {
                let w = if c == j { o } else { 2.0 * o };
                running += w;
                cum.push(running);
                delta.push(d[c * k + j]);
                diagonal.push(c == j);
                q += if c == j { 1 } else { 2 };
            }
        }
    }
    let total = running;
    let m = match opts.pairs {
        BootstrapPairs::Krippendorff => {
            let half = (n_coders.saturating_sub(1) as u64 * co.n) / 2;
            (25 * q as u64).min(half).max(1) as usize
        }
        BootstrapPairs::AllPairs => co.pairs.max(1) as usize,
        BootstrapPairs::Fixed(m) => m.max(1),
    };
    let last = cum.len().saturating_sub(1);
    let mut rng = Uniforms::new(opts.seed);
    let mut counts = vec![0usize; cum.len()];
    let mut draws = Vec::with_capacity(opts.draws);
    let mut no_variation = 0usize;
    let mut clamped = 0usize;
    let denom = m as f64 * d_e;
    for _ in 0..opts.draws {
        counts.iter_mut().for_each(|c| *c = 0);
        for _ in 0..m {
            let t = rng.next() * total;
            let j = cum.partition_point(|&w| w <= t).min(last);
            counts[j] += 1;
        }
        let mut sum = 0.0f64;
        let mut one_cell = false;
        for j in 0..counts.len() {
            if counts[j] > 0 {
                sum += counts[j] as f64 * delta[j];
                if counts[j] == m && diagonal[j] {
                    one_cell = true;
                }
            }
        }
        let mut a = 1.0 - sum / denom;
        if one_cell {
            a = 0.0;
            no_variation += 1;
        } else if a < -1.0 {
            a = -1.0;
            clamped += 1;
        }
        draws.push(a);
    }
    let x = draws.len();
    let mean = draws.iter().sum::<f64>() / x as f64;
    let standard_error = if x > 1 {
        (draws.iter().map(|a| (a - mean) * (a - mean)).sum::<f64>() / (x - 1) as f64).sqrt()
    } else {
        0.0
    };
    let below_minimum = opts
        .minimums
        .iter()
        .map(|&min| BelowMinimum {
            minimum: min,
            probability: draws.iter().filter(|&&a| a < min).count() as f64 / x as f64,
        })
        .collect();
    let mut sorted = draws;
    sorted.sort_by(f64::total_cmp);
    let xf = x as f64;
    let lo = floor_index(xf * (1.0 - opts.confidence) / 2.0).max(1);
    let hi = (floor_index(xf * (1.0 + opts.confidence) / 2.0) + 1).min(x);
    AlphaBootstrap {
        method: "krippendorff_pairs".to_owned(),
        pairs: opts.pairs,
        pairs_per_draw: m,
        draws: x,
        seed: opts.seed,
        confidence: opts.confidence,
        interval: Interval {
            lower: sorted[lo - 1],
            upper: sorted[hi - 1],
        },
        mean,
        standard_error,
        below_minimum,
        no_variation_draws: no_variation,
        clamped_draws: clamped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agree::Scale;

    /// The integer path (small domains) and the unit-by-unit floating-point path give the same
    /// coincidence matrix to rounding, and the same counts exactly.
    #[test]
    fn exact_and_float_coincidences_agree() {
        let mut s = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: u64| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s % n
        };
        for (levels, coders) in [(3u32, 2usize), (5, 4), (5, 10), (7, 13)] {
            let units = 300;
            let values: Vec<f64> = (0..units * coders)
                .map(|_| match next(levels as u64 + 2) {
                    0 => f64::NAN,
                    v => ((v - 1).min(levels as u64 - 1) + 1) as f64,
                })
                .collect();
            let d = ReliabilityData::from_array(&Scale::levels(levels), units, coders, &values)
                .unwrap();
            let k = levels as usize;
            let a = coincidence_exact(&d, k, coders, HISTOGRAM_CELLS);
            let b = coincidence_float(&d, k);
            // by the histogram of value counts or unit by unit: the same integers, bit for bit
            let h = coincidence_exact(&d, k, coders, 0);
            assert_eq!(
                (h.n, &h.n_c, h.pairable_units, h.pairs),
                (a.n, &a.n_c, a.pairable_units, a.pairs)
            );
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&h.o), bits(&a.o));
            assert_eq!(
                (a.n, &a.n_c, a.pairable_units, a.pairs),
                (b.n, &b.n_c, b.pairable_units, b.pairs)
            );
            assert!(a.n > 0);
            for (x, y) in a.o.iter().zip(&b.o) {
                assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{x} {y}");
            }
            // the sum of o is the number of pairable values
            let total: f64 = a.o.iter().sum();
            assert!((total - a.n as f64).abs() < 1e-9);
        }
    }
}
