//! Cohen's κ, Fleiss' κ, Gwet's AC1 and pairwise percent agreement.
//!
//! The categories are the value domain of the data ([`ReliabilityData::domain`]): the codes
//! `1..=levels` of a category scale (all of them, used or not: this matters for AC1's `q`), or the
//! distinct values observed on a numeric scale. Category `i` (0-based, in increasing order) is at
//! position `i` for κ's weights.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::alpha::check_domain;
use super::data::{ReliabilityData, MISSING};
use super::error::{AgreeError, Seg};
use super::Measure;

/// Cohen's κ weights (agreement weights `w_ck`, `q` categories, positions `c, k`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KappaWeights {
    /// `w = [c = k]` (Cohen 1960).
    #[default]
    Unweighted,
    /// `w = 1 − |c − k| / (q − 1)` (Cicchetti & Allison 1971).
    Linear,
    /// `w = 1 − (c − k)² / (q − 1)²` (Fleiss & Cohen 1973).
    Quadratic,
}

/// Cohen's κ of two coders and what it rests on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CohenKappa {
    /// `κ = (p_o − p_e) / (1 − p_e)`.
    pub kappa: f64,
    /// The weights used.
    pub weights: KappaWeights,
    /// The two coders (rows, then columns of the table).
    pub coders: [String; 2],
    /// Weighted observed agreement `p_o = Σ w_ck p_ck`.
    pub p_observed: f64,
    /// Weighted chance agreement `p_e = Σ w_ck p_c· p_·k`.
    pub p_expected: f64,
    /// Units coded by both.
    pub n_units: usize,
    /// The categories `q` (the value domain).
    pub categories: Vec<f64>,
}

/// Which units Fleiss' κ uses (Fleiss 1971 needs the same number of ratings `m` for every unit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FleissUnits {
    /// Every unit with a rating must have the same number `m ≥ 2` of them, else an error
    /// naming the first unit that differs (the default).
    #[default]
    RequireConstant,
    /// Keep only the units rated by every coder (`m` = the number of coders); the others are
    /// dropped and counted.
    CompleteOnly,
}

/// Fleiss' κ (Fleiss 1971) and what it rests on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FleissKappa {
    /// `κ = (P̄ − P̄_e) / (1 − P̄_e)`.
    pub kappa: f64,
    /// `P̄`: mean over units of `(Σ_j n_ij² − m) / (m (m − 1))`.
    pub p_observed: f64,
    /// `P̄_e = Σ_j p_j²`, `p_j = Σ_i n_ij / (N m)`.
    pub p_expected: f64,
    /// Ratings per unit `m`.
    pub raters_per_unit: usize,
    /// Units used `N`.
    pub n_units: usize,
    /// Units with ratings left out (only with [`FleissUnits::CompleteOnly`]).
    pub n_units_excluded: usize,
    /// The unit rule used.
    pub units: FleissUnits,
    /// The categories (the value domain).
    pub categories: Vec<f64>,
    /// `p_j` per category.
    pub category_shares: Vec<f64>,
}

/// Gwet's AC1 (Gwet 2008) for two or more coders, with missing ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GwetAc1 {
    /// `AC1 = (p_a − p_e) / (1 − p_e)`.
    pub ac1: f64,
    /// `p_a`: mean over units with `r_i ≥ 2` ratings of `Σ_k r_ik (r_ik − 1) / (r_i (r_i − 1))`.
    pub p_observed: f64,
    /// `p_e = Σ_k π_k (1 − π_k) / (q − 1)`, `π_k = (1/n) Σ_i r_ik / r_i` over the `n` units with
    /// a rating.
    pub p_expected: f64,
    /// Units with at least one rating (`n`).
    pub n_units: usize,
    /// Units with two or more ratings.
    pub n_units_paired: usize,
    /// The categories (`q` = their number).
    pub categories: Vec<f64>,
    /// `π_k` per category.
    pub category_shares: Vec<f64>,
}

/// Pairwise percent agreement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PercentAgreement {
    /// Mean over units with two or more values of the share of agreeing coder pairs in the unit
    /// (for two coders: the share of jointly coded units where they agree; equals AC1's `p_a`).
    pub agreement: f64,
    /// Units with two or more values.
    pub n_units: usize,
    /// Agreeing unordered coder pairs, over all units.
    pub agreeing_pairs: u64,
    /// Unordered coder pairs, over all units.
    pub pairs: u64,
}

fn coder_index(data: &ReliabilityData, coder: &str, field: &str) -> Result<usize, AgreeError> {
    data.coders()
        .iter()
        .position(|c| c == coder)
        .ok_or_else(|| AgreeError::UnknownCoder {
            path: vec![Seg::Key(field.to_owned())],
            coder: coder.to_owned(),
        })
}

/// Cohen's κ of the two coders of the data (exactly two, else [`AgreeError::NeedsTwoCoders`]),
/// on the units both coded.
///
/// ```
/// use renxing::agree::{cohen_kappa, Coding, KappaWeights, ReliabilityData, Scale};
/// let codings: Vec<Coding> = [(1, 1), (1, 1), (2, 2), (2, 1), (3, 3), (3, 2)]
///     .iter()
///     .enumerate()
///     .flat_map(|(u, &(a, b))| [Coding::new(u.to_string(), "a", a as u32), Coding::new(u.to_string(), "b", b as u32)])
///     .collect();
/// let data = ReliabilityData::from_codings(&Scale::levels(3), &codings)?;
/// let k = cohen_kappa(&data, KappaWeights::Unweighted)?;
/// // p_o = 4/6, p_e = (2·3 + 2·2 + 2·1)/36 = 1/3, κ = (2/3 − 1/3)/(2/3) = 0.5
/// assert!((k.kappa - 0.5).abs() < 1e-15);
/// # Ok::<(), renxing::agree::AgreeError>(())
/// ```
pub fn cohen_kappa(
    data: &ReliabilityData,
    weights: KappaWeights,
) -> Result<CohenKappa, AgreeError> {
    if data.n_coders() != 2 {
        return Err(AgreeError::NeedsTwoCoders {
            found: data.n_coders(),
        });
    }
    cohen_between(data, 0, 1, weights)
}

/// Cohen's κ of two named coders of the data (any number of coders).
pub fn cohen_kappa_pair(
    data: &ReliabilityData,
    coder_a: &str,
    coder_b: &str,
    weights: KappaWeights,
) -> Result<CohenKappa, AgreeError> {
    let a = coder_index(data, coder_a, "coder_a")?;
    let b = coder_index(data, coder_b, "coder_b")?;
    cohen_between(data, a, b, weights)
}

fn cohen_between(
    data: &ReliabilityData,
    a: usize,
    b: usize,
    weights: KappaWeights,
) -> Result<CohenKappa, AgreeError> {
    check_domain(data)?;
    let q = data.domain().len();
    let mut table = vec![0u64; q * q];
    let mut n = 0u64;
    for u in 0..data.n_units() {
        let row = data.row(u);
        let (x, y) = (row[a], row[b]);
        if x != MISSING && y != MISSING {
            table[x as usize * q + y as usize] += 1;
            n += 1;
        }
    }
    let coders = [data.coders()[a].clone(), data.coders()[b].clone()];
    if n == 0 {
        return Err(AgreeError::NoCommonUnits {
            coder_a: coders[0].clone(),
            coder_b: coders[1].clone(),
        });
    }
    let mut rows = vec![0u64; q];
    let mut cols = vec![0u64; q];
    for c in 0..q {
        for k in 0..q {
            rows[c] += table[c * q + k];
            cols[k] += table[c * q + k];
        }
    }
    let span = (q.max(2) - 1) as f64;
    let w = |c: usize, k: usize| -> f64 {
        let dist = c.abs_diff(k) as f64;
        match weights {
            KappaWeights::Unweighted => f64::from(u8::from(c == k)),
            KappaWeights::Linear => 1.0 - dist / span,
            KappaWeights::Quadratic => 1.0 - dist * dist / (span * span),
        }
    };
    let nf = n as f64;
    let mut p_o = 0.0;
    let mut p_e = 0.0;
    for c in 0..q {
        for k in 0..q {
            let wk = w(c, k);
            p_o += wk * table[c * q + k] as f64;
            p_e += wk * (rows[c] * cols[k]) as f64;
        }
    }
    p_o /= nf;
    p_e /= nf * nf;
    if p_e >= 1.0 {
        return Err(AgreeError::NoVariation {
            measure: Measure::CohenKappa,
        });
    }
    Ok(CohenKappa {
        kappa: (p_o - p_e) / (1.0 - p_e),
        weights,
        coders,
        p_observed: p_o,
        p_expected: p_e,
        n_units: n as usize,
        categories: data.domain().to_vec(),
    })
}

/// Per-unit category counts: calls `f(counts, m)` for each unit with its touched categories.
fn for_each_unit(data: &ReliabilityData, mut f: impl FnMut(usize, &[u64], &[usize], u64)) {
    let q = data.domain().len();
    let mut counts = vec![0u64; q];
    let mut present: Vec<usize> = Vec::with_capacity(data.n_coders().min(q));
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
        f(u, &counts, &present, m);
        for &c in &present {
            counts[c] = 0;
        }
    }
}

/// Fleiss' κ (Fleiss 1971) over the units chosen by `units` (see [`FleissUnits`]).
///
/// ```
/// use renxing::agree::{fleiss_kappa, FleissUnits, ReliabilityData, Scale};
/// // Three raters, three units: (1,1,1), (2,2,1), (2,2,2).
/// let values = [1., 1., 1., 2., 2., 1., 2., 2., 2.].map(Some);
/// let data = ReliabilityData::from_matrix(
///     &Scale::levels(2),
///     vec!["u1".into(), "u2".into(), "u3".into()],
///     vec!["a".into(), "b".into(), "c".into()],
///     &values,
/// )?;
/// let k = fleiss_kappa(&data, FleissUnits::RequireConstant)?;
/// // P̄ = (1 + 1/3 + 1)/3 = 7/9, p = (4/9, 5/9), P̄_e = 41/81, κ = (63 − 41)/(81 − 41) = 0.55
/// assert!((k.kappa - 0.55).abs() < 1e-15);
/// # Ok::<(), renxing::agree::AgreeError>(())
/// ```
pub fn fleiss_kappa(data: &ReliabilityData, units: FleissUnits) -> Result<FleissKappa, AgreeError> {
    check_domain(data)?;
    let q = data.domain().len();
    let n_coders = data.n_coders() as u64;
    let mut totals = vec![0u64; q];
    let mut sum_sq = 0u64;
    let mut n_units = 0usize;
    let mut excluded = 0usize;
    let mut m_seen: Option<u64> = None;
    let mut bad: Option<(usize, u64, u64)> = None;
    for_each_unit(data, |u, counts, present, m| {
        if m == 0 || bad.is_some() {
            return;
        }
        let target = match units {
            FleissUnits::RequireConstant => *m_seen.get_or_insert(m),
            FleissUnits::CompleteOnly => n_coders,
        };
        if m != target {
            match units {
                FleissUnits::RequireConstant => bad = Some((u, m, target)),
                FleissUnits::CompleteOnly => excluded += 1,
            }
            return;
        }
        n_units += 1;
        for &c in present {
            totals[c] += counts[c];
            sum_sq += counts[c] * counts[c];
        }
    });
    if let Some((u, m, expected)) = bad {
        return Err(AgreeError::UnequalRatings {
            unit: data.unit(u),
            ratings: m as usize,
            expected: expected as usize,
        });
    }
    let m = match units {
        FleissUnits::RequireConstant => m_seen.unwrap_or(0),
        FleissUnits::CompleteOnly => n_coders,
    };
    if n_units == 0 || m < 2 {
        return Err(match units {
            FleissUnits::CompleteOnly => AgreeError::NoCompleteUnits {
                coders: data.n_coders(),
            },
            FleissUnits::RequireConstant => AgreeError::NoPairableUnits {
                measure: Measure::FleissKappa,
            },
        });
    }
    let nu = n_units as f64;
    let mf = m as f64;
    let p_bar = (sum_sq as f64 - nu * mf) / (nu * mf * (mf - 1.0));
    let total = nu * mf;
    let shares: Vec<f64> = totals.iter().map(|&t| t as f64 / total).collect();
    let p_e: f64 = shares.iter().map(|p| p * p).sum();
    if p_e >= 1.0 {
        return Err(AgreeError::NoVariation {
            measure: Measure::FleissKappa,
        });
    }
    Ok(FleissKappa {
        kappa: (p_bar - p_e) / (1.0 - p_e),
        p_observed: p_bar,
        p_expected: p_e,
        raters_per_unit: m as usize,
        n_units,
        n_units_excluded: excluded,
        units,
        categories: data.domain().to_vec(),
        category_shares: shares,
    })
}

/// Gwet's AC1 (Gwet 2008), the multi-rater form with missing ratings (as irrCAC's `gwet`):
/// `p_a` over units with two or more ratings, `π_k` over units with at least one, `q` = the
/// number of categories of the domain. With two coders and no missing rating it is Gwet's
/// two-rater AC1: `p_a` the share of agreements, `π_k` the mean of the two coders' shares.
pub fn gwet_ac1(data: &ReliabilityData) -> Result<GwetAc1, AgreeError> {
    check_domain(data)?;
    let q = data.domain().len();
    let mut pi = vec![0.0f64; q];
    let mut pa_sum = 0.0f64;
    let mut n = 0usize;
    let mut n2 = 0usize;
    for_each_unit(data, |_, counts, present, m| {
        if m == 0 {
            return;
        }
        n += 1;
        let mf = m as f64;
        // Each π_k gets one addition per unit, in unit order.
        for &c in present {
            pi[c] += counts[c] as f64 / mf;
        }
        if m >= 2 {
            n2 += 1;
            let agree: u64 = present.iter().map(|&c| counts[c] * (counts[c] - 1)).sum();
            pa_sum += agree as f64 / (m * (m - 1)) as f64;
        }
    });
    if n2 == 0 {
        return Err(AgreeError::NoPairableUnits {
            measure: Measure::GwetAc1,
        });
    }
    if q < 2 {
        return Err(AgreeError::NoVariation {
            measure: Measure::GwetAc1,
        });
    }
    let nf = n as f64;
    for p in &mut pi {
        *p /= nf;
    }
    let p_a = pa_sum / n2 as f64;
    let p_e = pi.iter().map(|p| p * (1.0 - p)).sum::<f64>() / (q - 1) as f64;
    Ok(GwetAc1 {
        ac1: (p_a - p_e) / (1.0 - p_e),
        p_observed: p_a,
        p_expected: p_e,
        n_units: n,
        n_units_paired: n2,
        categories: data.domain().to_vec(),
        category_shares: pi,
    })
}

/// Pairwise percent agreement (see [`PercentAgreement`]).
pub fn percent_agreement(data: &ReliabilityData) -> Result<PercentAgreement, AgreeError> {
    let mut sum = 0.0f64;
    let mut n2 = 0usize;
    let mut agreeing = 0u64;
    let mut pairs = 0u64;
    for_each_unit(data, |_, counts, present, m| {
        if m >= 2 {
            n2 += 1;
            let a: u64 = present
                .iter()
                .map(|&c| counts[c] * (counts[c] - 1) / 2)
                .sum();
            let p = m * (m - 1) / 2;
            agreeing += a;
            pairs += p;
            sum += a as f64 / p as f64;
        }
    });
    if n2 == 0 {
        return Err(AgreeError::NoPairableUnits {
            measure: Measure::PercentAgreement,
        });
    }
    Ok(PercentAgreement {
        agreement: sum / n2 as f64,
        n_units: n2,
        agreeing_pairs: agreeing,
        pairs,
    })
}
