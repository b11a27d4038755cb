//! Parameters of fit (Ragin 2006, 2008; Schneider & Wagemann 2012; R QCA's `pof`).
//!
//! With `x` the membership in a condition (or a term, or a solution) and `y` in the outcome:
//! * sufficiency inclusion `Σ min(x, y) / Σ x`, coverage `Σ min(x, y) / Σ y`,
//!   PRI `(Σ min(x, y) − Σ min(x, y, 1 − y)) / (Σ x − Σ min(x, y, 1 − y))`;
//! * necessity inclusion `Σ min(x, y) / Σ y`, coverage `Σ min(x, y) / Σ x`,
//!   relevance RoN `Σ (1 − x) / Σ (1 − min(x, y))`.
//!
//! A ratio with a zero denominator is undefined and reported as `None` (R prints `NaN`).
//! Sums run in case order.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Parameters of fit of a sufficiency relation X ⇒ Y.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SufficiencyFit {
    /// Inclusion (consistency) `Σ min(x, y) / Σ x`; `None` when `Σ x = 0`.
    pub inclusion: Option<f64>,
    /// Proportional reduction in inconsistency; `None` when its denominator is 0.
    pub pri: Option<f64>,
    /// Raw coverage `Σ min(x, y) / Σ y`; `None` when `Σ y = 0`.
    pub coverage: Option<f64>,
}

/// Parameters of fit of a necessity relation X ⇐ Y.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NecessityFit {
    /// Inclusion (consistency) `Σ min(x, y) / Σ y`; `None` when `Σ y = 0`.
    pub inclusion: Option<f64>,
    /// Relevance of necessity `Σ (1 − x) / Σ (1 − min(x, y))`; `None` when the denominator is 0.
    pub relevance: Option<f64>,
    /// Coverage `Σ min(x, y) / Σ x`; `None` when `Σ x = 0`.
    pub coverage: Option<f64>,
}

#[inline]
fn ratio(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        None
    } else {
        Some(a / b)
    }
}

/// Sufficiency fit of `x` for `y` (equal lengths; extra entries of the longer are ignored).
///
/// ```
/// use renxing::qca::sufficiency;
/// let f = sufficiency(&[1.0, 0.6, 0.2], &[0.8, 0.7, 0.9]);
/// // Σ min = 0.8 + 0.6 + 0.2 = 1.6; Σ x = 1.8
/// assert!((f.inclusion.unwrap() - 1.6 / 1.8).abs() < 1e-12);
/// ```
pub fn sufficiency(x: &[f64], y: &[f64]) -> SufficiencyFit {
    let mut sx = 0.0;
    let mut sy = 0.0;
    let mut smin = 0.0;
    let mut sprin = 0.0;
    for (&a, &b) in x.iter().zip(y) {
        let m = if a < b { a } else { b };
        sx += a;
        sy += b;
        smin += m;
        let nb = 1.0 - b;
        sprin += if m < nb { m } else { nb };
    }
    SufficiencyFit {
        inclusion: ratio(smin, sx),
        pri: ratio(smin - sprin, sx - sprin),
        coverage: ratio(smin, sy),
    }
}

/// Necessity fit of `x` for `y`.
///
/// ```
/// use renxing::qca::necessity_fit;
/// let f = necessity_fit(&[1.0, 1.0, 0.0], &[1.0, 1.0, 0.0]);
/// assert_eq!(f.inclusion, Some(1.0));
/// assert_eq!(f.relevance, Some(1.0));
/// ```
pub fn necessity_fit(x: &[f64], y: &[f64]) -> NecessityFit {
    let mut sx = 0.0;
    let mut sy = 0.0;
    let mut smin = 0.0;
    let mut s1x = 0.0;
    let mut s1min = 0.0;
    for (&a, &b) in x.iter().zip(y) {
        let m = if a < b { a } else { b };
        sx += a;
        sy += b;
        smin += m;
        s1x += 1.0 - a;
        s1min += 1.0 - m;
    }
    NecessityFit {
        inclusion: ratio(smin, sy),
        relevance: ratio(s1x, s1min),
        coverage: ratio(smin, sx),
    }
}

/// Unique coverage of each column of `terms` (each a membership vector over the cases) within
/// their disjunction, as R QCA's `pof` computes it:
/// `covU_t = (Σ min(x_t, y) − Σ min(x_t, y, max_{u≠t} min(x_u, y))) / Σ y`.
/// Values below 1e-5 are set to 0, as R does. With `Σ y = 0` every entry is `None`.
pub fn unique_coverages(terms: &[Vec<f64>], y: &[f64]) -> Vec<Option<f64>> {
    let sy: f64 = y.iter().sum();
    let n = y.len();
    if sy == 0.0 {
        return vec![None; terms.len()];
    }
    // per case, the largest and second largest min(x_u, y) and the first term holding the
    // largest: the maximum over u != t is the second largest for that term, the largest otherwise
    let mut top = vec![0.0f64; n];
    let mut second = vec![0.0f64; n];
    let mut arg = vec![usize::MAX; n];
    for (u, xu) in terms.iter().enumerate() {
        for i in 0..n {
            let m = xu[i].min(y[i]);
            if m > top[i] {
                second[i] = top[i];
                top[i] = m;
                arg[i] = u;
            } else if m > second[i] {
                second[i] = m;
            }
        }
    }
    let mut out = Vec::with_capacity(terms.len());
    for (t, xt) in terms.iter().enumerate() {
        let mut s_own = 0.0;
        let mut s_overlap = 0.0;
        for i in 0..n {
            let own = xt[i].min(y[i]);
            let other = if arg[i] == t { second[i] } else { top[i] };
            s_own += own;
            s_overlap += if own < other { own } else { other };
        }
        let v = s_own / sy - s_overlap / sy;
        out.push(Some(if v < 0.00001 { 0.0 } else { v }));
    }
    out
}

/// Fuzzy union (maximum) of several membership vectors, element by element.
pub fn fuzzy_or(columns: &[Vec<f64>], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    for c in columns {
        for (o, &v) in out.iter_mut().zip(c) {
            if v > *o {
                *o = v;
            }
        }
    }
    out
}
