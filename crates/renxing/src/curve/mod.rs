//! Functionality curves: Bruneau's resilience triangle and the paper's level from a trajectory.
//!
//! A community's functionality `Q(t)` over an event (any indicator or service level, in any
//! unit; samples at irregular times, in days or any time unit) is read as the
//! **piecewise-linear interpolant** of its samples. From it, following Bruneau et al. (2003),
//! "A framework to quantitatively assess and enhance the seismic resilience of communities",
//! *Earthquake Spectra* 19(4), and Cimellaro, Reinhorn & Bruneau (2010), "Framework for
//! analytical quantification of disaster resilience", *Engineering Structures* 32:
//!
//! | quantity | rule |
//! |---|---|
//! | event start `t0` | given ([`CurveOptions::event_start`]), or **detected**: the first sample `i ≥ 1` with `Q_i < m_i·(1 − drop_tolerance)`, where `m_i` is the mean of samples `0..i` (or the given baseline); then `t0 = t_{i−1}`, the last sample before the drop |
//! | pre-event samples | detected start: samples `0..i` (those with `t ≤ t0`); given start: samples with `t < t0` (a sample taken at the moment the event strikes already shows it) |
//! | baseline `b` | given, or the mean of the pre-event samples; must be > 0 |
//! | window | `[t0, T]`, `T` = [`CurveOptions::horizon`] or the last sample time |
//! | minimum | `min Q` on the window and the first time `t_min` it is attained |
//! | robustness, depth | `min Q / b` (Bruneau's robustness), `depth = max(0, 1 − min Q / b)` |
//! | loss area | `∫_{t0}^{T} (b − Q(t))⁺ dt`, the exact integral of the interpolant's positive part: per interval the trapezoid when `Q` stays at or below `b`, nothing when it stays at or above, and when `Q` crosses `b` inside an interval only the triangle up to the crossing point `s* = a + h·(b − Q_a)/(Q_c − Q_a)` — the trapezoidal rule with the crossing points inserted |
//! | gain area | `∫ (Q − b)⁺ dt`, the same rule (what a bounce forward adds) |
//! | time to recover | `T_RE = t_rec − t0`, where `t_rec` is the first `t ≥ t_min` with `Q(t) ≥ b`, linearly interpolated inside the interval where `Q` crosses `b` (Cimellaro et al. 2010 measure the recovery time from the event); `0` when `Q` never falls below `b`; `None` when it has not recovered by `T` |
//! | time to a share | the same with the target `share·b` ([`CurveOptions::recovery_share`]) |
//! | rapidity | `(b − min Q) / T_RE`: the average recovery rate of Bruneau & Reinhorn (2007) and Cimellaro et al. (2010, "average rapidity = L/T_RE"), in units of Q per unit time, with `T_RE` from the event start as in METHODS.md |
//! | recovery slope | `(b − min Q) / (t_rec − t_min)`: the mean slope of the recovery limb alone (from the minimum) |
//! | end state | `Q(T) > b·(1 + end_tolerance)` → `bounce_forward`; `Q(T) ≥ b·(1 − end_tolerance)` → `bounce_back`; else `not_recovered` |
//!
//! **The paper's level** (FRAMEWORK.md §2, quantitative bridge): *coped* = functionality restored
//! to the baseline (within `end_tolerance`) and still there at the horizon, i.e. the end state is
//! not `not_recovered`; *developed* = it ended above the baseline (`bounce_forward`). Then the
//! paper's rule: both → `high`, coped only → `medium`, otherwise `low`. "Developed but not coped"
//! cannot arise from a curve. A curve that recovered and fell back below the baseline by the
//! horizon did not cope; [`CurveReport::relapsed`] flags it. Note that [`CurveReport::time_to_recover`]
//! needs `Q ≥ b` exactly, while *coped* allows the end tolerance, so a curve that levels off at
//! 99.5 % of its baseline copes (with `end_tolerance = 0.01`) but has no time to full recovery.
//!
//! ```
//! use renxing::curve::{analyse, CurveOptions, EndState, Series};
//! use renxing::Level;
//!
//! // Service level before, during and after an event (days; %).
//! let s = Series::new(vec![0.0, 10.0, 11.0, 31.0, 40.0], vec![100.0, 100.0, 50.0, 100.0, 108.0]);
//! let r = analyse(&s, &CurveOptions::default())?;
//! assert_eq!(r.settings.event_start, 10.0);          // detected: the last sample before the drop
//! assert_eq!(r.baseline, 100.0);                     // mean of the samples at t = 0 and 10
//! assert_eq!(r.depth, 0.5);
//! assert_eq!(r.time_to_recover, Some(21.0));         // back to 100 at t = 31
//! assert!((r.loss_area - 525.0).abs() < 1e-12);      // 25 + 500: the triangle
//! assert_eq!(r.end_state, EndState::BounceForward);  // 108 > 101
//! assert_eq!(r.paper.level, Level::High);            // coped and developed
//! # Ok::<(), renxing::curve::CurveError>(())
//! ```

mod csv;
mod error;
mod metrics;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use self::csv::{read_csv, CsvColumns, TIME_HEADERS, VALUE_HEADERS};
pub use error::{path_string, Column, CurveError, PathSeg};

use crate::framework::Framework;
use crate::ids::Level;
use crate::lang::Lang;
use crate::rating::{rate, Evidence, Rating};

/// Default [`CurveOptions::drop_tolerance`]: 1 % of the baseline.
pub const DEFAULT_DROP_TOLERANCE: f64 = 0.01;
/// Default [`CurveOptions::end_tolerance`]: 1 % of the baseline.
pub const DEFAULT_END_TOLERANCE: f64 = 0.01;
/// Default [`CurveOptions::recovery_share`]: 90 % of the baseline.
pub const DEFAULT_RECOVERY_SHARE: f64 = 0.9;

/// The integration rule, as recorded in [`CurveSettings::integration`].
pub const INTEGRATION_RULE: &str = "trapezoid_exact_crossings";

/// A sampled functionality curve: two columns of equal length. Times strictly increasing (any
/// unit: days, hours…), values finite (any unit: %, a service count, a satisfaction score).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Sample times, strictly increasing.
    pub time: Vec<f64>,
    /// Q at each time.
    pub value: Vec<f64>,
}

impl Series {
    /// A series from its two columns (checked when analysed).
    #[must_use]
    pub fn new(time: Vec<f64>, value: Vec<f64>) -> Self {
        Series { time, value }
    }

    /// A series from `(time, value)` pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (f64, f64)>) -> Self {
        let (time, value) = pairs.into_iter().unzip();
        Series { time, value }
    }

    /// Checks the columns: ≥ 2 samples, equal lengths, finite numbers, strictly increasing times.
    ///
    /// # Errors
    /// The first problem found, naming the column and index.
    pub fn validate(&self) -> Result<(), CurveError> {
        if self.time.len() != self.value.len() {
            return Err(CurveError::LengthMismatch {
                time: self.time.len(),
                value: self.value.len(),
            });
        }
        if self.time.len() < 2 {
            return Err(CurveError::TooFewSamples {
                len: self.time.len(),
            });
        }
        for (column, data) in [(Column::Time, &self.time), (Column::Value, &self.value)] {
            if let Some((index, v)) = data.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(CurveError::NonFinite {
                    column,
                    index,
                    value: v.to_string(),
                });
            }
            let big = |v: &f64| v.abs() > crate::limits::MAX_MAGNITUDE;
            if let Some((index, v)) = data.iter().enumerate().find(|(_, v)| big(v)) {
                return Err(CurveError::TooLarge {
                    column,
                    index,
                    value: *v,
                });
            }
        }
        for (index, w) in self.time.windows(2).enumerate() {
            if w[1] <= w[0] {
                return Err(CurveError::NotIncreasing {
                    index: index + 1,
                    previous: w[0],
                    value: w[1],
                });
            }
        }
        Ok(())
    }
}

/// Options of [`analyse`]. Every field is optional in JSON; the defaults are documented on each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CurveOptions {
    /// The event start `t0`. Default `None`: detected (see the module docs).
    pub event_start: Option<f64>,
    /// The pre-event baseline. Default `None`: the mean of the pre-event samples.
    pub baseline: Option<f64>,
    /// The relative drop below the baseline that marks the event when detecting it, in `[0, 1)`.
    /// Default [`DEFAULT_DROP_TOLERANCE`] (0.01).
    pub drop_tolerance: f64,
    /// The end of the window `T`. Default `None`: the last sample time. Must be after the event
    /// start and not after the last sample (Q is not extrapolated).
    pub horizon: Option<f64>,
    /// The share of the baseline for the second recovery time, in `(0, 1]`. Default
    /// [`DEFAULT_RECOVERY_SHARE`] (0.9).
    pub recovery_share: f64,
    /// The relative band around the baseline for the end state, in `[0, 1)`. Default
    /// [`DEFAULT_END_TOLERANCE`] (0.01).
    pub end_tolerance: f64,
}

impl Default for CurveOptions {
    fn default() -> Self {
        CurveOptions {
            event_start: None,
            baseline: None,
            drop_tolerance: DEFAULT_DROP_TOLERANCE,
            horizon: None,
            recovery_share: DEFAULT_RECOVERY_SHARE,
            end_tolerance: DEFAULT_END_TOLERANCE,
        }
    }
}

impl CurveOptions {
    /// Options with a given event start (other fields default).
    #[must_use]
    pub fn starting_at(t0: f64) -> Self {
        CurveOptions {
            event_start: Some(t0),
            ..CurveOptions::default()
        }
    }

    /// These options with a given baseline.
    #[must_use]
    pub fn with_baseline(mut self, baseline: f64) -> Self {
        self.baseline = Some(baseline);
        self
    }

    /// These options with a horizon.
    #[must_use]
    pub fn with_horizon(mut self, horizon: f64) -> Self {
        self.horizon = Some(horizon);
        self
    }

    fn validate(&self) -> Result<(), CurveError> {
        let finite = |field: &'static str, v: Option<f64>| match v {
            Some(x) if !x.is_finite() => Err(CurveError::InvalidOption {
                field,
                value: x.to_string(),
                expected: "a finite number",
            }),
            _ => Ok(()),
        };
        finite("event_start", self.event_start)?;
        finite("baseline", self.baseline)?;
        finite("horizon", self.horizon)?;
        for (field, v) in [
            ("drop_tolerance", self.drop_tolerance),
            ("end_tolerance", self.end_tolerance),
        ] {
            if !(v.is_finite() && (0.0..1.0).contains(&v)) {
                return Err(CurveError::InvalidOption {
                    field,
                    value: v.to_string(),
                    expected: "a finite number within 0..1",
                });
            }
        }
        let s = self.recovery_share;
        if !(s.is_finite() && s > 0.0 && s <= 1.0) {
            return Err(CurveError::InvalidOption {
                field: "recovery_share",
                value: s.to_string(),
                expected: "a finite number within (0, 1]",
            });
        }
        Ok(())
    }
}

/// Where the event start came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StartSource {
    /// Given in the options.
    Given,
    /// Detected: the last sample before the first drop beyond the tolerance.
    Detected,
}

/// Where the baseline came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BaselineSource {
    /// Given in the options.
    Given,
    /// The mean of the pre-event samples.
    PreEventMean,
}

/// Where the horizon came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HorizonSource {
    /// Given in the options.
    Given,
    /// The last sample time.
    LastSample,
}

/// The parameters actually used, so the analysis can be reported and re-run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CurveSettings {
    /// The event start `t0` used.
    pub event_start: f64,
    /// How it was obtained.
    pub event_start_source: StartSource,
    /// How the baseline was obtained.
    pub baseline_source: BaselineSource,
    /// The end of the window `T`.
    pub horizon: f64,
    /// How it was obtained.
    pub horizon_source: HorizonSource,
    /// The drop tolerance (relative).
    pub drop_tolerance: f64,
    /// The end-state tolerance (relative).
    pub end_tolerance: f64,
    /// The share of the baseline for [`CurveReport::time_to_recover_share`].
    pub recovery_share: f64,
    /// [`INTEGRATION_RULE`]: the trapezoidal rule on the samples with the baseline crossings
    /// inserted (the exact integral of the piecewise-linear interpolant's positive part).
    pub integration: String,
    /// `"linear"`: Q between samples, and crossing times, by linear interpolation.
    pub interpolation: String,
    /// `"event_start"`: rapidity divides by the time from the event start (Cimellaro et al. 2010).
    pub rapidity_from: String,
}

/// The end state relative to the baseline, at the horizon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EndState {
    /// Ended above the baseline beyond the tolerance: developed (the paper's 社区得到发展).
    BounceForward,
    /// Ended at the baseline within the tolerance: coped, not developed.
    BounceBack,
    /// Ended below the baseline beyond the tolerance.
    NotRecovered,
}

impl EndState {
    /// The stable id (`"bounce_forward"`, …).
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            EndState::BounceForward => "bounce_forward",
            EndState::BounceBack => "bounce_back",
            EndState::NotRecovered => "not_recovered",
        }
    }

    /// A label in a language.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (EndState::BounceForward, Lang::Zh) => "超越恢复(高于基线)",
            (EndState::BounceBack, Lang::Zh) => "恢复至基线",
            (EndState::NotRecovered, Lang::Zh) => "未恢复",
            (EndState::BounceForward, Lang::En) => "bounce forward (above the baseline)",
            (EndState::BounceBack, Lang::En) => "bounce back (at the baseline)",
            (EndState::NotRecovered, Lang::En) => "not recovered",
        }
    }
}

/// The paper's two questions answered from the curve, and its level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PaperReading {
    /// 有效应对风险: restored to the baseline (within the tolerance) and still there at the horizon.
    pub coped: bool,
    /// 社区得到发展: ended above the baseline (bounce forward).
    pub developed: bool,
    /// The paper's rule: both → high, coped only → medium, otherwise low.
    #[schemars(with = "String")]
    pub level: Level,
}

/// Everything read from one curve: Bruneau's numbers, the end state and the paper's level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CurveReport {
    /// The parameters used.
    pub settings: CurveSettings,
    /// Number of samples.
    pub samples: usize,
    /// Number of pre-event samples (0 when the baseline was given and none precede the start).
    pub pre_event_samples: usize,
    /// The baseline `b`.
    pub baseline: f64,
    /// `min Q` on the window.
    pub min_value: f64,
    /// The first time the minimum is attained.
    pub min_time: f64,
    /// Bruneau's robustness `min Q / b`.
    pub robustness: f64,
    /// Depth of the drop `max(0, 1 − min Q / b)`.
    pub depth: f64,
    /// Loss area `∫ (b − Q)⁺ dt` over the window, in Q-units × time.
    pub loss_area: f64,
    /// The loss area with Q in percent of the baseline (Bruneau's `∫ [100 − Q(t)] dt`):
    /// `100 · loss_area / b`, in % × time.
    pub loss_area_percent: f64,
    /// `loss_area / (b · (T − t0))`: the mean share of functionality lost over the window.
    pub mean_loss_share: f64,
    /// Gain area `∫ (Q − b)⁺ dt` over the window.
    pub gain_area: f64,
    /// When Q first reached the baseline at or after the minimum (`t0` if it never fell below).
    pub recovered_at: Option<f64>,
    /// `T_RE = recovered_at − t0`; `None` if not recovered by the horizon.
    pub time_to_recover: Option<f64>,
    /// `recovered_at − min_time`: the length of the recovery limb.
    pub recovery_duration: Option<f64>,
    /// When Q first reached `recovery_share · b` at or after the minimum.
    pub share_recovered_at: Option<f64>,
    /// `share_recovered_at − t0`.
    pub time_to_recover_share: Option<f64>,
    /// `(b − min Q) / T_RE`; `None` when not recovered or nothing was lost (`T_RE = 0`).
    pub rapidity: Option<f64>,
    /// `(b − min Q) / (recovered_at − min_time)`; `None` likewise.
    pub recovery_slope: Option<f64>,
    /// `Q(T)`.
    pub end_value: f64,
    /// `Q(T)` relative to the baseline.
    pub end_state: EndState,
    /// Whether Q reached the baseline band after the minimum and later fell below it again.
    pub relapsed: bool,
    /// The paper's level with its two answers.
    pub paper: PaperReading,
}

/// Analyses one functionality curve. See the module docs for every rule.
///
/// # Errors
/// [`CurveError`] for a bad series (too few samples, lengths, non-finite numbers, unsorted
/// times), bad options, a start or horizon outside the samples, no pre-event sample for the
/// baseline, a non-positive baseline, or no event detected.
pub fn analyse(series: &Series, options: &CurveOptions) -> Result<CurveReport, CurveError> {
    series.validate()?;
    options.validate()?;
    let (t, q) = (&series.time[..], &series.value[..]);
    let n = t.len();
    let (first, last) = (t[0], t[n - 1]);

    // Event start, pre-event samples, baseline.
    let (t0, start_source, pre, baseline, baseline_source) = match options.event_start {
        Some(t0) => {
            if !(first <= t0 && t0 < last) {
                return Err(CurveError::EventStartOutside {
                    value: t0,
                    first,
                    last,
                });
            }
            let pre = t.partition_point(|&x| x < t0);
            let (b, src) = match options.baseline {
                Some(b) => (b, BaselineSource::Given),
                None if pre == 0 => return Err(CurveError::NoPreEventSamples { event_start: t0 }),
                None => (mean(&q[..pre]), BaselineSource::PreEventMean),
            };
            (t0, StartSource::Given, pre, b, src)
        }
        None => {
            let tol = options.drop_tolerance;
            match options.baseline {
                Some(b) => {
                    check_baseline(b, BaselineSource::Given)?;
                    let thr = b * (1.0 - tol);
                    let i = q
                        .iter()
                        .position(|&v| v < thr)
                        .ok_or(CurveError::NoEventDetected { tolerance: tol })?;
                    if i == 0 {
                        return Err(CurveError::DroppedAtFirstSample {
                            value: q[0],
                            baseline: b,
                        });
                    }
                    (t[i - 1], StartSource::Detected, i, b, BaselineSource::Given)
                }
                None => {
                    // Running mean of samples 0..i (fixed left-to-right summation).
                    let mut sum = q[0];
                    let mut found = None;
                    for (i, &qi) in q.iter().enumerate().skip(1) {
                        let m = sum / i as f64;
                        if qi < m - tol * m.abs() {
                            found = Some((i, m));
                            break;
                        }
                        sum += qi;
                    }
                    let (i, m) = found.ok_or(CurveError::NoEventDetected { tolerance: tol })?;
                    (
                        t[i - 1],
                        StartSource::Detected,
                        i,
                        m,
                        BaselineSource::PreEventMean,
                    )
                }
            }
        }
    };
    check_baseline(baseline, baseline_source)?;

    let (horizon, horizon_source) = match options.horizon {
        Some(h) => (h, HorizonSource::Given),
        None => (last, HorizonSource::LastSample),
    };
    if !(horizon > t0 && horizon <= last) {
        return Err(CurveError::HorizonOutside {
            value: horizon,
            start: t0,
            last,
        });
    }

    let b = baseline;
    let window = || metrics::knots(t, q, t0, horizon);
    let p = metrics::pass(window(), b);
    let (min_value, min_time) = (p.min, p.t_min);

    let reach = |target: f64| {
        if min_value >= target {
            Some(t0)
        } else {
            metrics::first_reach(window(), min_time, target)
        }
    };
    let recovered_at = reach(b);
    let share_recovered_at = reach(options.recovery_share * b);
    let time_to_recover = recovered_at.map(|r| r - t0);
    let recovery_duration = recovered_at.map(|r| (r - min_time).max(0.0));
    let lost = b - min_value;
    let per = |d: Option<f64>| match d {
        Some(d) if d > 0.0 && lost > 0.0 => Some(lost / d),
        _ => None,
    };
    let rapidity = per(time_to_recover);
    let recovery_slope = per(recovery_duration);

    let end_value = metrics::interp(t, q, horizon);
    let tol = options.end_tolerance;
    let end_state = if end_value > b * (1.0 + tol) {
        EndState::BounceForward
    } else if end_value >= b * (1.0 - tol) {
        EndState::BounceBack
    } else {
        EndState::NotRecovered
    };
    let relapsed = metrics::relapsed(window(), min_time, b * (1.0 - tol));
    let coped = end_state != EndState::NotRecovered;
    let developed = end_state == EndState::BounceForward;
    let robustness = min_value / b;

    Ok(CurveReport {
        settings: CurveSettings {
            event_start: t0,
            event_start_source: start_source,
            baseline_source,
            horizon,
            horizon_source,
            drop_tolerance: options.drop_tolerance,
            end_tolerance: tol,
            recovery_share: options.recovery_share,
            integration: INTEGRATION_RULE.to_owned(),
            interpolation: "linear".to_owned(),
            rapidity_from: "event_start".to_owned(),
        },
        samples: n,
        pre_event_samples: pre,
        baseline: b,
        min_value,
        min_time,
        robustness,
        depth: (1.0 - robustness).max(0.0),
        loss_area: p.loss,
        loss_area_percent: 100.0 * p.loss / b,
        mean_loss_share: p.loss / (b * (horizon - t0)),
        gain_area: p.gain,
        recovered_at,
        time_to_recover,
        recovery_duration,
        share_recovered_at,
        time_to_recover_share: share_recovered_at.map(|r| r - t0),
        rapidity,
        recovery_slope,
        end_value,
        end_state,
        relapsed,
        paper: PaperReading {
            coped,
            developed,
            level: rate(coped, developed).level,
        },
    })
}

fn mean(v: &[f64]) -> f64 {
    let mut s = 0.0;
    for x in v {
        s += x;
    }
    s / v.len() as f64
}

fn check_baseline(b: f64, source: BaselineSource) -> Result<(), CurveError> {
    if b > 0.0 && b.is_finite() {
        Ok(())
    } else {
        Err(CurveError::NonPositiveBaseline {
            value: b,
            origin: match source {
                BaselineSource::Given => "given",
                BaselineSource::PreEventMean => "pre-event mean",
            },
        })
    }
}

/// A number for a message: up to 4 decimals, trailing zeros dropped.
fn num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

impl CurveReport {
    /// The numbers as one sentence of evidence, in a language.
    ///
    /// ```
    /// use renxing::curve::{analyse, CurveOptions, Series};
    /// use renxing::Lang;
    /// let s = Series::new(vec![0.0, 1.0, 2.0, 4.0], vec![100.0, 100.0, 60.0, 100.0]);
    /// let r = analyse(&s, &CurveOptions::default()).unwrap();
    /// assert!(r.summary(Lang::En).contains("depth 40%"));
    /// assert!(r.summary(Lang::Zh).contains("跌落深度 40%"));
    /// ```
    #[must_use]
    pub fn summary(&self, lang: Lang) -> String {
        let pct = |x: f64| num(100.0 * x);
        let t0 = num(self.settings.event_start);
        match lang {
            Lang::En => {
                let rec = match self.time_to_recover {
                    Some(d) => format!(
                        "recovered to the baseline at t = {} ({} after the event start)",
                        num(self.recovered_at.unwrap_or(f64::NAN)),
                        num(d)
                    ),
                    None => "not recovered to the baseline by the horizon".to_owned(),
                };
                let rap = self
                    .rapidity
                    .map(|r| format!("; rapidity {} per unit time", num(r)))
                    .unwrap_or_default();
                format!(
                    "Functionality curve (Bruneau et al. 2003): baseline {}; event start t = {t0}; minimum {} at t = {} (depth {}%); loss area {} ({} %·time); {rec}{rap}; at the horizon t = {}: {} ({}) → coped: {}, developed: {} → {}.",
                    num(self.baseline),
                    num(self.min_value),
                    num(self.min_time),
                    pct(self.depth),
                    num(self.loss_area),
                    num(self.loss_area_percent),
                    num(self.settings.horizon),
                    num(self.end_value),
                    self.end_state.label(Lang::En),
                    if self.paper.coped { "yes" } else { "no" },
                    if self.paper.developed { "yes" } else { "no" },
                    self.paper.level.label(Lang::En),
                )
            }
            Lang::Zh => {
                let rec = match self.time_to_recover {
                    Some(d) => format!(
                        "于 t = {} 恢复至基线(事件开始后 {})",
                        num(self.recovered_at.unwrap_or(f64::NAN)),
                        num(d)
                    ),
                    None => "观察期内未恢复至基线".to_owned(),
                };
                let rap = self
                    .rapidity
                    .map(|r| format!(";恢复速度 每单位时间 {}", num(r)))
                    .unwrap_or_default();
                format!(
                    "功能曲线(Bruneau 等 2003):基线 {};事件开始 t = {t0};最小值 {}(t = {},跌落深度 {}%);损失面积 {}({} %·时间);{rec}{rap};观察期终点 t = {}:{}({})→ 有效应对:{},得到发展:{} → {}。",
                    num(self.baseline),
                    num(self.min_value),
                    num(self.min_time),
                    pct(self.depth),
                    num(self.loss_area),
                    num(self.loss_area_percent),
                    num(self.settings.horizon),
                    num(self.end_value),
                    self.end_state.label(Lang::Zh),
                    if self.paper.coped { "是" } else { "否" },
                    if self.paper.developed { "是" } else { "否" },
                    self.paper.level.label(Lang::Zh),
                )
            }
        }
    }

    /// The paper's rating from the curve: the two answers, with the numbers as evidence
    /// (source `"functionality curve"`), ready for [`Assessment::rate_id`](crate::Assessment::rate_id).
    ///
    /// ```
    /// use renxing::curve::{analyse, CurveOptions, Series};
    /// use renxing::{Assessment, Dimension, Lang, Level};
    /// let s = Series::new(vec![0.0, 1.0, 2.0, 4.0], vec![100.0, 100.0, 60.0, 100.0]);
    /// let r = analyse(&s, &CurveOptions::default()).unwrap();
    /// let mut a = Assessment::new("c1", "示例社区");
    /// a.rate(Dimension::NeedsMet, r.to_rating(Lang::En));
    /// assert_eq!(a.level_of(Dimension::NeedsMet), Some(Level::Medium)); // bounce back
    /// ```
    #[must_use]
    pub fn to_rating(&self, lang: Lang) -> Rating {
        Rating::answers(self.paper.coped, self.paper.developed).with_evidence(Evidence {
            quote: None,
            source: Some(
                match lang {
                    Lang::Zh => "功能曲线",
                    Lang::En => "functionality curve",
                }
                .to_owned(),
            ),
            note: Some(self.summary(lang)),
        })
    }
}

/// A curve for one dimension of a framework (e.g. service delivery → `needs_met`, resident
/// satisfaction → `resident_connectivity`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionCurve {
    /// The dimension id.
    pub dimension: String,
    /// The samples.
    pub series: Series,
    /// Its options (defaults when omitted).
    #[serde(default)]
    pub options: CurveOptions,
}

/// One dimension's reading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DimensionReading {
    /// The dimension id.
    pub dimension: String,
    /// The curve's report.
    pub report: CurveReport,
}

/// Several curves of one community, each read as the paper's level of one dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CurveSet {
    /// The framework id the dimensions belong to.
    pub framework: String,
    /// One reading per curve, in input order.
    pub readings: Vec<DimensionReading>,
}

impl CurveSet {
    /// The reading of a dimension id.
    #[must_use]
    pub fn reading(&self, dimension: &str) -> Option<&DimensionReading> {
        self.readings.iter().find(|r| r.dimension == dimension)
    }

    /// The ratings by dimension id (two answers plus the numbers as evidence).
    #[must_use]
    pub fn ratings(&self, lang: Lang) -> BTreeMap<String, Rating> {
        self.readings
            .iter()
            .map(|r| (r.dimension.clone(), r.report.to_rating(lang)))
            .collect()
    }

    /// Sets these ratings on an assessment (other dimensions untouched).
    pub fn apply_to(&self, assessment: &mut crate::Assessment, lang: Lang) {
        for (d, r) in self.ratings(lang) {
            assessment.rate_id(d, Some(r));
        }
    }
}

/// Analyses several curves, each mapped to a dimension of `framework`, in one call.
///
/// ```
/// use renxing::curve::{analyse_dimensions, CurveOptions, DimensionCurve, Series};
/// use renxing::{Framework, Level};
/// let service = Series::new(vec![0.0, 1.0, 2.0, 5.0], vec![100.0, 100.0, 40.0, 100.0]);
/// let satisfaction = Series::new(vec![0.0, 1.0, 2.0, 5.0], vec![70.0, 70.0, 50.0, 80.0]);
/// let set = analyse_dimensions(
///     &[
///         DimensionCurve { dimension: "needs_met".into(), series: service, options: CurveOptions::default() },
///         DimensionCurve { dimension: "resident_connectivity".into(), series: satisfaction, options: CurveOptions::default() },
///     ],
///     Framework::paper(),
/// )?;
/// assert_eq!(set.reading("needs_met").map(|r| r.report.paper.level), Some(Level::Medium));
/// assert_eq!(set.reading("resident_connectivity").map(|r| r.report.paper.level), Some(Level::High));
/// # Ok::<(), renxing::curve::CurveError>(())
/// ```
///
/// # Errors
/// [`CurveError::Empty`], [`CurveError::NotThreeLevels`], [`CurveError::UnknownDimension`],
/// [`CurveError::DuplicateDimension`], or [`CurveError::Curve`] wrapping one curve's problem
/// (its path starts `["curves", i]`).
pub fn analyse_dimensions(
    curves: &[DimensionCurve],
    framework: &Framework,
) -> Result<CurveSet, CurveError> {
    if curves.is_empty() {
        return Err(CurveError::Empty);
    }
    if framework.levels.len() != 3 {
        return Err(CurveError::NotThreeLevels {
            framework: framework.id.clone(),
            levels: framework.levels.len(),
        });
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut readings = Vec::with_capacity(curves.len());
    for (index, c) in curves.iter().enumerate() {
        if framework.dimension(&c.dimension).is_none() {
            let ids: Vec<&str> = framework.dimensions.iter().map(|d| d.id.as_str()).collect();
            return Err(CurveError::UnknownDimension {
                index,
                id: c.dimension.clone(),
                framework: framework.id.clone(),
                expected: ids.join(", "),
            });
        }
        if let Some(&first) = seen.get(c.dimension.as_str()) {
            return Err(CurveError::DuplicateDimension {
                index,
                id: c.dimension.clone(),
                first,
            });
        }
        seen.insert(&c.dimension, index);
        let report = analyse(&c.series, &c.options).map_err(|e| CurveError::Curve {
            index,
            dimension: c.dimension.clone(),
            source: Box::new(e),
        })?;
        readings.push(DimensionReading {
            dimension: c.dimension.clone(),
            report,
        });
    }
    Ok(CurveSet {
        framework: framework.id.clone(),
        readings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * (1.0 + b.abs())
    }

    #[test]
    fn triangle_detected() {
        let s = Series::new(
            vec![0.0, 10.0, 11.0, 31.0, 40.0],
            vec![100.0, 100.0, 50.0, 100.0, 100.0],
        );
        let r = analyse(&s, &CurveOptions::default()).unwrap();
        assert_eq!(r.settings.event_start, 10.0);
        assert_eq!(r.pre_event_samples, 2);
        assert!(close(r.loss_area, 525.0));
        assert_eq!(r.min_time, 11.0);
        assert_eq!(r.recovered_at, Some(31.0));
        assert_eq!(r.recovery_duration, Some(20.0));
        assert!(close(r.rapidity.unwrap(), 50.0 / 21.0));
        assert!(close(r.recovery_slope.unwrap(), 2.5));
        // 90 %: 50 + 2.5 (t − 11) = 90 → t = 27.
        assert!(close(r.share_recovered_at.unwrap(), 27.0));
        assert_eq!(r.end_state, EndState::BounceBack);
        assert_eq!(r.paper.level, Level::Medium);
        assert!(!r.relapsed);
    }

    #[test]
    fn errors_name_fields() {
        let e = analyse(
            &Series::new(vec![0.0, 1.0, 1.0], vec![1.0, 2.0, 3.0]),
            &CurveOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.path(), vec![PathSeg::from("time"), PathSeg::Index(2)]);
        assert_eq!(path_string(&e.path()), "time[2]");
        assert!(e.to_string().contains("time[2] = 1"), "{e}");
        assert!(e.message_zh().contains("严格递增"));
        let e = analyse(
            &Series::new(vec![0.0, 1.0], vec![1.0, f64::NAN]),
            &CurveOptions::default(),
        )
        .unwrap_err();
        assert_eq!(path_string(&e.path()), "value[1]");
        assert_eq!(e.reason(), "non_finite");
    }
}
