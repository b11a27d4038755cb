//! Calibration of raw data to crisp or fuzzy set membership (Ragin 2008, ch. 5; R QCA's
//! `calibrate`, Dusa 2019, ch. 4).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::QcaTable;
use super::error::{finite, qpath, PathSeg, QcaError};

/// How the logistic function of the direct method is scaled at the anchors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(tag = "name", rename_all = "snake_case")]
#[non_exhaustive]
pub enum LogisticConvention {
    /// R QCA's default `idm = 0.95`: log-odds ±ln 19 ≈ ±2.944 at the anchors, so the inclusion
    /// anchor maps to exactly 0.95 and the exclusion anchor to 0.05; scores below 0.0001 become 0
    /// and above 0.9999 become 1, as R does.
    #[default]
    RQca,
    /// Ragin (2008, ch. 5): log-odds ±3 at the anchors, so the inclusion anchor maps to
    /// 0.953 and the exclusion anchor to 0.047; no rounding.
    Ragin,
    /// R QCA with another inclusion degree of membership `idm` (0.5 < idm < 1); scores rounded
    /// at 0.0001 / 0.9999 as R does.
    Idm {
        /// Membership at the inclusion anchor.
        idm: f64,
    },
}

impl LogisticConvention {
    /// Log-odds at the inclusion anchor.
    pub fn log_odds(self) -> f64 {
        match self {
            LogisticConvention::RQca => libm::log(0.95 / 0.05),
            LogisticConvention::Ragin => 3.0,
            LogisticConvention::Idm { idm } => libm::log(idm / (1.0 - idm)),
        }
    }

    fn rounds(self) -> bool {
        !matches!(self, LogisticConvention::Ragin)
    }
}

/// A calibration method and its parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Calibration {
    /// Crisp calibration: the category is the number of thresholds ≤ x (R's `findInterval`): one
    /// threshold gives a binary set, several a multi-value one. `reverse` counts from the top
    /// (category `L − 1 − c`), for sets that decrease with the raw value (e.g. "stable" from a
    /// count of cabinets). Thresholds must lie within the data's range, as R requires.
    Crisp {
        /// One or more thresholds (sorted before use).
        thresholds: Vec<f64>,
        /// Count categories downwards (default false).
        #[serde(default)]
        reverse: bool,
    },
    /// The direct method with three anchors and the logistic function. If
    /// `exclusion < crossover < inclusion` the set increases with x; if
    /// `exclusion > crossover > inclusion` it decreases (a negated set).
    Fuzzy {
        /// Full non-membership anchor ("e" in R).
        exclusion: f64,
        /// Crossover point ("c"): membership 0.5.
        crossover: f64,
        /// Full membership anchor ("i").
        inclusion: f64,
        /// Scaling at the anchors (default: R QCA's idm = 0.95).
        #[serde(default)]
        convention: LogisticConvention,
    },
    /// The indirect method (Ragin 2008, ch. 5) as R QCA implements it: the sorted thresholds cut
    /// x into `m + 1` groups (x > threshold) with target scores `round(g/m, 3)`, g = 0..m; a
    /// binomial-logit GLM (R: quasibinomial; same estimates) of the targets on
    /// `ln x + √x + x + x²` is fitted by IRLS, and the fitted scores, rounded to 6 decimals (and
    /// at 0.0001 / 0.9999), are the memberships. x must be ≥ 0 (0 is replaced by 1e-5, as R does).
    Indirect {
        /// The group thresholds (at least one).
        thresholds: Vec<f64>,
    },
}

/// Direction of a fuzzy set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Membership rises with the raw value.
    Increasing,
    /// Membership falls with the raw value.
    Decreasing,
}

/// The IRLS fit of the indirect method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndirectFit {
    /// Target score of each case (its group's value).
    pub targets: Vec<f64>,
    /// Coefficients of (intercept, ln x, √x, x, x²).
    pub coefficients: Vec<f64>,
    /// IRLS iterations used.
    pub iterations: u32,
    /// Binomial deviance at the end.
    pub deviance: f64,
}

/// What a calibration did: the method and anchors used, and what to look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CalibrationReport {
    /// The calibration as requested (defaults filled in).
    pub spec: Calibration,
    /// Direction of a fuzzy direct calibration.
    pub direction: Option<Direction>,
    /// Log-odds at the anchors of a direct calibration (ln 19 for R QCA, 3 for Ragin).
    pub log_odds_at_anchors: Option<f64>,
    /// Number of categories of a crisp calibration.
    pub levels: Option<u8>,
    /// Cases (indices) whose membership is exactly 0.5: they belong to no truth-table row
    /// (R warns about these).
    pub at_crossover: Vec<usize>,
    /// The logit fit of the indirect method.
    pub indirect: Option<IndirectFit>,
}

/// Calibrated scores with their report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Calibrated {
    /// One score per input value.
    pub values: Vec<f64>,
    /// The parameters used.
    pub report: CalibrationReport,
}

/// Calibrates one raw column.
///
/// ```
/// use renxing::qca::{calibrate, Calibration, LogisticConvention};
/// let spec = Calibration::Fuzzy {
///     exclusion: 400.0,
///     crossover: 550.0,
///     inclusion: 900.0,
///     convention: LogisticConvention::RQca,
/// };
/// let c = calibrate(&[900.0, 550.0, 400.0], &spec)?;
/// assert!((c.values[0] - 0.95).abs() < 1e-12);
/// assert_eq!(c.values[1], 0.5);
/// assert_eq!(c.report.at_crossover, vec![1]);
/// # Ok::<(), renxing::qca::QcaError>(())
/// ```
pub fn calibrate(x: &[f64], spec: &Calibration) -> Result<Calibrated, QcaError> {
    calibrate_at(x, spec, &[])
}

fn calibrate_at(x: &[f64], spec: &Calibration, at: &[PathSeg]) -> Result<Calibrated, QcaError> {
    let p = |tail: Vec<PathSeg>| {
        let mut v = at.to_vec();
        v.extend(tail);
        v
    };
    if x.is_empty() {
        return Err(QcaError::Empty { path: p(qpath![]) });
    }
    for (i, v) in x.iter().enumerate() {
        finite(*v, || p(qpath![i]))?;
    }
    let mut report = CalibrationReport {
        spec: spec.clone(),
        direction: None,
        log_odds_at_anchors: None,
        levels: None,
        at_crossover: Vec::new(),
        indirect: None,
    };
    let values = match spec {
        Calibration::Crisp {
            thresholds,
            reverse,
        } => {
            if thresholds.is_empty() {
                return Err(QcaError::Empty {
                    path: p(qpath!["thresholds"]),
                });
            }
            let (lo, hi) = min_max(x);
            let mut th = thresholds.clone();
            for (t, v) in th.iter().enumerate() {
                finite(*v, || p(qpath!["thresholds", t]))?;
                if *v < lo || *v > hi {
                    return Err(QcaError::InvalidAnchors {
                        path: p(qpath!["thresholds", t]),
                        reason: format!(
                            "threshold {v} is outside the range of the data [{lo}, {hi}]"
                        ),
                    });
                }
            }
            th.sort_by(f64::total_cmp);
            if th.len() + 1 > super::data::MAX_LEVELS {
                return Err(QcaError::TooLarge {
                    path: p(qpath!["thresholds"]),
                    what: "the number of categories".into(),
                    size: th.len() as u64 + 1,
                    limit: super::data::MAX_LEVELS as u64,
                });
            }
            report.levels = Some(th.len() as u8 + 1);
            x.iter()
                .map(|&v| {
                    let c = th.iter().filter(|&&t| t <= v).count();
                    let c = if *reverse { th.len() - c } else { c };
                    c as f64
                })
                .collect()
        }
        Calibration::Fuzzy {
            exclusion,
            crossover,
            inclusion,
            convention,
        } => {
            let e = finite(*exclusion, || p(qpath!["exclusion"]))?;
            let c = finite(*crossover, || p(qpath!["crossover"]))?;
            let i = finite(*inclusion, || p(qpath!["inclusion"]))?;
            if let LogisticConvention::Idm { idm } = convention {
                if !(*idm > 0.5 && *idm < 1.0) {
                    return Err(QcaError::OutOfRange {
                        path: p(qpath!["convention", "idm"]),
                        value: idm.to_string(),
                        min: 0.5,
                        max: 1.0,
                    });
                }
            }
            let increasing = e < c && c < i;
            let decreasing = e > c && c > i;
            if !increasing && !decreasing {
                return Err(QcaError::InvalidAnchors {
                    path: p(qpath![]),
                    reason: format!(
                        "anchors must be strictly monotone: exclusion < crossover < inclusion (or all reversed), got {e}, {c}, {i}"
                    ),
                });
            }
            report.direction = Some(if increasing {
                Direction::Increasing
            } else {
                Direction::Decreasing
            });
            let l = convention.log_odds();
            report.log_odds_at_anchors = Some(l);
            // R: for decreasing sets the increasing function from i to e is complemented
            let (lo_anchor, hi_anchor) = if increasing { (e, i) } else { (i, e) };
            x.iter()
                .map(|&v| {
                    let s = if v < c {
                        1.0 / (1.0 + libm::exp((v - c) * l / (lo_anchor - c)))
                    } else {
                        1.0 / (1.0 + libm::exp(-(v - c) * l / (hi_anchor - c)))
                    };
                    let s = if increasing { s } else { 1.0 - s };
                    if convention.rounds() {
                        r_clamp(s)
                    } else {
                        s
                    }
                })
                .collect()
        }
        Calibration::Indirect { thresholds } => {
            if thresholds.is_empty() {
                return Err(QcaError::Empty {
                    path: p(qpath!["thresholds"]),
                });
            }
            for (t, v) in thresholds.iter().enumerate() {
                finite(*v, || p(qpath!["thresholds", t]))?;
            }
            for (idx, v) in x.iter().enumerate() {
                if *v < 0.0 {
                    return Err(QcaError::OutOfRange {
                        path: p(qpath![idx]),
                        value: v.to_string(),
                        min: 0.0,
                        max: f64::INFINITY,
                    });
                }
            }
            let (fit, fitted) = indirect(x, thresholds).map_err(|reason| QcaError::FitFailed {
                path: p(qpath![]),
                reason,
            })?;
            report.indirect = Some(fit);
            fitted
        }
    };
    report.at_crossover = values
        .iter()
        .enumerate()
        .filter(|(_, v)| **v == 0.5)
        .map(|(i, _)| i)
        .collect();
    Ok(Calibrated { values, report })
}

/// R's final rounding of fuzzy scores: below 0.0001 → 0, above 0.9999 → 1.
fn r_clamp(s: f64) -> f64 {
    if s < 0.0001 {
        0.0
    } else if s > 0.9999 {
        1.0
    } else {
        s
    }
}

fn min_max(x: &[f64]) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for &v in x {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (lo, hi)
}

/// R's `round(v, 3)`-style rounding to `d` decimals (half away from zero).
fn round_to(v: f64, d: i32) -> f64 {
    let f = [1.0, 10.0, 100.0, 1000.0, 1e4, 1e5, 1e6][d as usize];
    (v * f).round() / f
}

/// The indirect method: targets, IRLS binomial-logit fit, fitted scores.
fn indirect(x: &[f64], thresholds: &[f64]) -> Result<(IndirectFit, Vec<f64>), String> {
    let mut th = thresholds.to_vec();
    th.sort_by(f64::total_cmp);
    let m = th.len();
    let targets: Vec<f64> = x
        .iter()
        .map(|&v| {
            let g = th.iter().filter(|&&t| v > t).count();
            round_to(g as f64 / m as f64, 3)
        })
        .collect();
    let n = x.len();
    const P: usize = 5;
    if n < P {
        return Err(format!(
            "the indirect method fits 5 coefficients and needs at least 5 cases, got {n}"
        ));
    }
    // design matrix, row-major n × 5
    let mut design = vec![0.0; n * P];
    for (r, &v) in x.iter().enumerate() {
        let v = if v == 0.0 { 0.00001 } else { v };
        design[r * P] = 1.0;
        design[r * P + 1] = libm::log(v);
        design[r * P + 2] = v.sqrt();
        design[r * P + 3] = v;
        design[r * P + 4] = v * v;
    }
    let (coef, mu, iterations, deviance) = irls_logit(&design, &targets, P)?;
    let fitted = mu.iter().map(|&s| r_clamp(round_to(s, 6))).collect();
    Ok((
        IndirectFit {
            targets,
            coefficients: coef,
            iterations,
            deviance,
        },
        fitted,
    ))
}

const DBL_EPS: f64 = f64::EPSILON;

/// R's `binomial()$linkinv` for the logit link (C `logit_linkinv`).
fn logit_linkinv(eta: f64) -> f64 {
    const THRESH: f64 = 30.0;
    const MTHRESH: f64 = -30.0;
    let tmp = if eta < MTHRESH {
        DBL_EPS
    } else if eta > THRESH {
        1.0 / DBL_EPS
    } else {
        libm::exp(eta)
    };
    tmp / (1.0 + tmp)
}

/// R's `binomial()$mu.eta` for the logit link.
fn logit_mu_eta(eta: f64) -> f64 {
    const THRESH: f64 = 30.0;
    let opexp = 1.0 + libm::exp(eta);
    if !(-THRESH..=THRESH).contains(&eta) {
        DBL_EPS
    } else {
        libm::exp(eta) / (opexp * opexp)
    }
}

fn binomial_deviance(y: &[f64], mu: &[f64]) -> f64 {
    let ylogy = |a: f64, b: f64| if a == 0.0 { 0.0 } else { a * libm::log(a / b) };
    y.iter()
        .zip(mu)
        .map(|(&yi, &mi)| 2.0 * (ylogy(yi, mi) + ylogy(1.0 - yi, 1.0 - mi)))
        .sum()
}

/// IRLS for a binomial GLM with the logit link, as R's `glm.fit` (start `mu = (y + 0.5) / 2`,
/// convergence `|dev − dev_old| / (|dev| + 0.1) < 1e-8`, at most 25 iterations). Each weighted
/// least-squares step is solved by a Householder QR of the column-scaled design.
fn irls_logit(
    design: &[f64],
    y: &[f64],
    p: usize,
) -> Result<(Vec<f64>, Vec<f64>, u32, f64), String> {
    let n = y.len();
    let mut mu: Vec<f64> = y.iter().map(|&v| (v + 0.5) / 2.0).collect();
    let mut eta: Vec<f64> = mu.iter().map(|&m| libm::log(m / (1.0 - m))).collect();
    let mut dev_old = binomial_deviance(y, &mu);
    let mut coef = vec![0.0; p];
    let mut a = vec![0.0; n * p];
    let mut b = vec![0.0; n];
    for iter in 1..=25u32 {
        for r in 0..n {
            let me = logit_mu_eta(eta[r]);
            let var = mu[r] * (1.0 - mu[r]);
            let z = eta[r] + (y[r] - mu[r]) / me;
            let w = (me * me / var).sqrt();
            for c in 0..p {
                a[r * p + c] = w * design[r * p + c];
            }
            b[r] = w * z;
        }
        coef = least_squares(&a, &b, n, p)?;
        for r in 0..n {
            let mut e = 0.0;
            for c in 0..p {
                e += design[r * p + c] * coef[c];
            }
            eta[r] = e;
            mu[r] = logit_linkinv(e);
        }
        let dev = binomial_deviance(y, &mu);
        if !dev.is_finite() {
            return Err("the deviance became non-finite".into());
        }
        if (dev - dev_old).abs() / (dev.abs() + 0.1) < 1e-8 {
            return Ok((coef, mu, iter, dev));
        }
        dev_old = dev;
    }
    Err("IRLS did not converge in 25 iterations".into())
}

/// Least squares `min ‖A β − b‖` by Householder QR on the column-scaled `A` (n × p, row-major).
fn least_squares(a: &[f64], b: &[f64], n: usize, p: usize) -> Result<Vec<f64>, String> {
    // column-major copy, scaled to unit norm
    let mut q = vec![0.0; n * p];
    let mut scale = vec![1.0; p];
    for c in 0..p {
        let mut s = 0.0;
        for r in 0..n {
            s += a[r * p + c] * a[r * p + c];
        }
        let s = s.sqrt();
        if s == 0.0 || !s.is_finite() {
            return Err(format!("design column {c} is zero or non-finite"));
        }
        scale[c] = s;
        for r in 0..n {
            q[c * n + r] = a[r * p + c] / s;
        }
    }
    let mut rhs = b.to_vec();
    let mut rdiag = vec![0.0; p];
    for k in 0..p {
        let mut norm = 0.0;
        for r in k..n {
            norm += q[k * n + r] * q[k * n + r];
        }
        let norm = norm.sqrt();
        if norm < 1e-11 {
            return Err("the design matrix is rank deficient".into());
        }
        let alpha = if q[k * n + k] > 0.0 { -norm } else { norm };
        // v = x - alpha e1, stored in place
        q[k * n + k] -= alpha;
        let mut vnorm2 = 0.0;
        for r in k..n {
            vnorm2 += q[k * n + r] * q[k * n + r];
        }
        rdiag[k] = alpha;
        if vnorm2 == 0.0 {
            continue;
        }
        for c in (k + 1)..p {
            let mut d = 0.0;
            for r in k..n {
                d += q[k * n + r] * q[c * n + r];
            }
            let f = 2.0 * d / vnorm2;
            for r in k..n {
                q[c * n + r] -= f * q[k * n + r];
            }
        }
        let mut d = 0.0;
        for r in k..n {
            d += q[k * n + r] * rhs[r];
        }
        let f = 2.0 * d / vnorm2;
        for r in k..n {
            rhs[r] -= f * q[k * n + r];
        }
    }
    // back substitution: R is rdiag on the diagonal, q[c*n + k] above it
    let mut beta = vec![0.0; p];
    for k in (0..p).rev() {
        let mut s = rhs[k];
        for c in (k + 1)..p {
            s -= q[c * n + k] * beta[c];
        }
        beta[k] = s / rdiag[k];
    }
    for c in 0..p {
        beta[c] /= scale[c];
    }
    if beta.iter().any(|v| !v.is_finite()) {
        return Err("the least-squares step gave non-finite coefficients".into());
    }
    Ok(beta)
}

/// Per-column calibration of a raw table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CalibratedTable {
    /// The calibrated table.
    pub table: QcaTable,
    /// One report per condition (`None` where the column was passed through unchanged).
    pub condition_reports: Vec<Option<CalibrationReport>>,
    /// The outcome's report (`None` if passed through).
    pub outcome_report: Option<CalibrationReport>,
}

/// Calibrates the columns of a raw table: `conditions[j]` for condition `j` (`None` keeps the
/// column as it is), `outcome` for the outcome.
pub fn calibrate_table(
    raw: &QcaTable,
    conditions: &[Option<Calibration>],
    outcome: Option<&Calibration>,
) -> Result<CalibratedTable, QcaError> {
    raw.validate_shape()?;
    let k = raw.n_conditions();
    if conditions.len() != k {
        return Err(QcaError::ShapeMismatch {
            path: qpath!["calibrations"],
            expected: k,
            found: conditions.len(),
        });
    }
    let mut table = raw.clone();
    let mut reports = Vec::with_capacity(k);
    for (j, spec) in conditions.iter().enumerate() {
        match spec {
            None => reports.push(None),
            Some(s) => {
                let col = raw.column(j);
                let at = qpath!["calibrations", j];
                let c = calibrate_at(&col, s, &at)?;
                for (i, v) in c.values.iter().enumerate() {
                    table.values[i * k + j] = *v;
                }
                reports.push(Some(c.report));
            }
        }
    }
    let outcome_report = match outcome {
        None => None,
        Some(s) => {
            let at = qpath!["outcome_calibration"];
            let c = calibrate_at(&raw.outcome_values, s, &at)?;
            table.outcome_values = c.values;
            Some(c.report)
        }
    };
    Ok(CalibratedTable {
        table,
        condition_reports: reports,
        outcome_report,
    })
}
