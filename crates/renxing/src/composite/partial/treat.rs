//! Outlier treatment on partitions, exactly as the in-memory `treat` step (COINr's rule:
//! winsorise one extreme at a time while the skewness and kurtosis fail, up to `winmax`
//! points, then the log transform of the original values), in three fixed passes over the
//! matrix at the step's point:
//!
//! 1. **Extremes**: per column the `winmax + 1` largest and smallest *distinct* values with
//!    their counts (merged: the union, counts added, the first `winmax + 1` kept). Every
//!    value the winsorisation can reach is among them: each round moves the current extreme
//!    to the next distinct value and marks at least one new point, so one side takes at most
//!    `winmax` rounds and reads at most its `winmax + 1` extreme distinct values.
//! 2. **Moments**: per column the central moments (Pébay's merge) of the values strictly
//!    between the two lists, and of the log-transformed column (its minimum and range from
//!    pass 1). The client then replays the rounds on the explicit extremes (every point with
//!    one original value moves together, as the in-memory `==` test moves them) with the
//!    moments of the middle merged in: which values move, to what, the side, the moments after
//!    each round, the pass/fail decisions, and the transform.
//! 3. **Units**: the units at each winsorised original value, in row order, for the report
//!    (in memory: round by round, each round's points in row order).
//!
//! The apply is row-local: a winsorised column maps each moved original value to its final
//! value; a transformed one takes ln(x − min + c) with the global minimum.
//!
//! The moments are merged, not recomputed in two passes over the column, so skewness and
//! kurtosis may differ from the in-memory ones in the last bits (1e-12 in the tests); a
//! decision at a threshold could only differ when a statistic is within that distance of
//! it. A constant column has m2 = 0 exactly here (NaN statistics: untreated); in memory the
//! two-pass mean of a constant column that is not exactly representable can leave m2 a
//! rounding residue.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::super::error::{num_text, CompositeError, FieldPath};
use super::super::pipeline::{Side, TreatColumn, WinsorisedPoint};
use super::super::stats::CentralMoments;
use super::super::steps::{LogTransform, TreatSpec};
use super::StagePartial;
use crate::composite::IndicatorMeta;

/// Which of the treatment's three passes a stage is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TreatPass {
    /// The extreme distinct values.
    Extremes,
    /// The moments of the middle values and of the log-transformed column.
    Moments,
    /// The units at the winsorised values.
    Units,
}

/// A distinct value of a column and the number of present values equal to it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Extreme {
    /// The value.
    pub value: f64,
    /// How many present values equal it.
    pub count: u64,
}

/// Per-column statistics of one pass of an outlier treatment (the fields of the other passes
/// are empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TreatPartials {
    /// How many distinct values each extreme list keeps (`winmax + 1`).
    pub keep: usize,
    /// Pass 1: the largest distinct values, descending.
    pub high: Vec<Vec<Extreme>>,
    /// Pass 1: the smallest distinct values, ascending.
    pub low: Vec<Vec<Extreme>>,
    /// Pass 2: the moments of the values strictly between the extreme lists.
    pub middle: Vec<CentralMoments>,
    /// Pass 2: the moments of the log-transformed column (empty without a transform).
    pub log: Vec<CentralMoments>,
    /// Pass 3: per column, per winsorised original value (in round order), the units at it,
    /// in row order.
    pub units: Vec<Vec<Vec<String>>>,
}

/// `-0.0` and `0.0` are one value (the in-memory test is `==`).
fn canon(v: f64) -> f64 {
    v + 0.0
}

fn distinct(mut v: Vec<f64>, desc: bool, keep: usize) -> Vec<Extreme> {
    v.sort_unstable_by(|a, b| if desc { b.total_cmp(a) } else { a.total_cmp(b) });
    let mut out: Vec<Extreme> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some(e) if e.value == x => e.count += 1,
            _ => {
                if out.len() == keep {
                    break;
                }
                out.push(Extreme { value: x, count: 1 });
            }
        }
    }
    out
}

fn merge_extremes(a: &[Extreme], b: &[Extreme], desc: bool, keep: usize) -> Vec<Extreme> {
    let mut out: Vec<Extreme> = Vec::with_capacity(keep);
    let (mut i, mut j) = (0, 0);
    while out.len() < keep && (i < a.len() || j < b.len()) {
        let take_a = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => {
                if x.value == y.value {
                    out.push(Extreme {
                        value: x.value,
                        count: x.count + y.count,
                    });
                    i += 1;
                    j += 1;
                    continue;
                }
                (x.value > y.value) == desc
            }
            (Some(_), None) => true,
            _ => false,
        };
        if take_a {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out
}

/// The columns of a row-major matrix of `m` columns (present values only, canonical zeros).
fn columns(x: &[f64], m: usize) -> Vec<Vec<f64>> {
    let mut cols = vec![Vec::new(); m];
    if m == 0 {
        return cols;
    }
    for row in x.chunks_exact(m) {
        for (c, &v) in cols.iter_mut().zip(row) {
            if !v.is_nan() {
                c.push(canon(v));
            }
        }
    }
    cols
}

/// Whether a value lies strictly between the lists (the middle of pass 2).
fn in_middle(v: f64, high: &[Extreme], low: &[Extreme], keep: usize) -> bool {
    match (high.last(), low.last()) {
        (Some(h), Some(l)) if high.len() == keep && low.len() == keep => l.value < v && v < h.value,
        _ => false,
    }
}

/// The shift `c` of the log transform ln(x − min + c) and the minimum (None: no values).
fn log_shift(spec: &TreatSpec, high: &[Extreme], low: &[Extreme]) -> Option<(f64, f64)> {
    let (lo, hi) = (low.first()?.value, high.first()?.value);
    let add = match spec.log {
        LogTransform::LogCtOrig => 1.0,
        _ => 0.01 * (hi - lo),
    };
    Some((lo, add))
}

impl TreatPartials {
    /// Pass 1 of one partition's matrix.
    pub(super) fn extremes(x: &[f64], m: usize, winmax: usize) -> Self {
        let keep = winmax + 1;
        let cols = columns(x, m);
        TreatPartials {
            keep,
            high: cols
                .iter()
                .map(|c| distinct(c.clone(), true, keep))
                .collect(),
            low: cols.into_iter().map(|c| distinct(c, false, keep)).collect(),
            ..TreatPartials::default()
        }
    }

    /// Pass 2 of one partition's matrix, given pass 1 merged.
    pub(super) fn moments(x: &[f64], m: usize, spec: &TreatSpec, a: &TreatPartials) -> Self {
        let cols = columns(x, m);
        let mut out = TreatPartials {
            keep: a.keep,
            ..TreatPartials::default()
        };
        for (j, c) in cols.iter().enumerate() {
            let (high, low) = (&a.high[j], &a.low[j]);
            let mid: Vec<f64> = c
                .iter()
                .copied()
                .filter(|&v| in_middle(v, high, low, a.keep))
                .collect();
            out.middle.push(CentralMoments::of(&mid));
            if spec.log != LogTransform::None {
                let cm = match log_shift(spec, high, low) {
                    Some((lo, add)) if add > 0.0 => {
                        let t: Vec<f64> = c.iter().map(|&v| libm::log(v - lo + add)).collect();
                        CentralMoments::of(&t)
                    }
                    _ => CentralMoments::default(),
                };
                out.log.push(cm);
            }
        }
        out
    }

    /// Pass 3 of one partition's matrix and units, given the decisions.
    pub(super) fn units(x: &[f64], units: &[String], d: &[ColumnDecision]) -> Self {
        let m = d.len();
        let mut out: Vec<Vec<Vec<String>>> =
            d.iter().map(|c| vec![Vec::new(); c.rounds.len()]).collect();
        if m > 0 {
            for (row, unit) in x.chunks_exact(m).zip(units) {
                for (j, &v) in row.iter().enumerate() {
                    if v.is_nan() {
                        continue;
                    }
                    let v = canon(v);
                    if let Some(k) = d[j].rounds.iter().position(|r| r.original == v) {
                        out[j][k].push(unit.clone());
                    }
                }
            }
        }
        TreatPartials {
            units: out,
            ..TreatPartials::default()
        }
    }

    /// Adds the statistics of later rows.
    pub(super) fn merge(&mut self, b: &TreatPartials) {
        let keep = self.keep.max(b.keep);
        self.keep = keep;
        for (x, y) in self.high.iter_mut().zip(&b.high) {
            *x = merge_extremes(x, y, true, keep);
        }
        for (x, y) in self.low.iter_mut().zip(&b.low) {
            *x = merge_extremes(x, y, false, keep);
        }
        for (x, y) in self.middle.iter_mut().zip(&b.middle) {
            *x = x.merge(y);
        }
        for (x, y) in self.log.iter_mut().zip(&b.log) {
            *x = x.merge(y);
        }
        for (x, y) in self.units.iter_mut().zip(&b.units) {
            for (p, q) in x.iter_mut().zip(y) {
                p.extend(q.iter().cloned());
            }
        }
    }
}

/// One winsorisation round's newly moved original value.
#[derive(Clone, Debug)]
pub(super) struct Round {
    /// The original value of the points the round marks.
    pub original: f64,
    /// The side.
    pub side: Side,
}

/// What the treatment does to one column.
#[derive(Clone, Debug)]
pub(super) struct ColumnDecision {
    /// The report (winsorised points without their units yet).
    pub report: TreatColumn,
    /// The rounds, in order.
    pub rounds: Vec<Round>,
    /// Moved original values and their final values.
    pub map: Vec<(f64, f64)>,
    /// The log transform's minimum and shift.
    pub log: Option<(f64, f64)>,
}

impl ColumnDecision {
    /// The treated value of an original one.
    pub(super) fn apply(&self, v: f64) -> f64 {
        if v.is_nan() {
            return v;
        }
        if let Some((lo, add)) = self.log {
            return libm::log(v - lo + add);
        }
        let c = canon(v);
        self.map
            .iter()
            .find(|(o, _)| *o == c)
            .map_or(v, |(_, f)| *f)
    }
}

/// The in-memory step's parameter checks.
pub(super) fn validate(
    spec: &TreatSpec,
    metas: &[IndicatorMeta],
    path: &FieldPath,
) -> Result<(), CompositeError> {
    if !(spec.skew_threshold.is_finite() && spec.skew_threshold > 0.0) {
        return Err(CompositeError::InvalidParameter {
            path: path.with("skew_threshold"),
            value: num_text(spec.skew_threshold),
            reason: "must be > 0".into(),
        });
    }
    if !spec.kurtosis_threshold.is_finite() {
        return Err(CompositeError::InvalidParameter {
            path: path.with("kurtosis_threshold"),
            value: num_text(spec.kurtosis_threshold),
            reason: "must be finite".into(),
        });
    }
    for (k, id) in spec.skip.iter().enumerate() {
        if !metas.iter().any(|m| &m.id == id) {
            return Err(CompositeError::UnknownId {
                path: path.with("skip").with(k),
                id: id.clone(),
            });
        }
    }
    Ok(())
}

fn missing_pass(stage: usize, what: &str) -> CompositeError {
    CompositeError::InvalidParameter {
        path: FieldPath::new(["stats"]).with(stage),
        value: "null".into(),
        reason: format!("the treatment's {what} are missing"),
    }
}

/// The treatment decided from the merged passes 1 and 2: the in-memory rounds replayed.
pub(super) fn decide(
    spec: &TreatSpec,
    metas: &[IndicatorMeta],
    a: &StagePartial,
    b: &StagePartial,
    path: &FieldPath,
) -> Result<Vec<ColumnDecision>, CompositeError> {
    validate(spec, metas, path)?;
    let m = metas.len();
    let pa = a
        .treat
        .as_ref()
        .filter(|t| t.high.len() == m && t.low.len() == m)
        .ok_or_else(|| missing_pass(a.stage, "extreme values"))?;
    let pb = b
        .treat
        .as_ref()
        .filter(|t| t.middle.len() == m && (spec.log == LogTransform::None || t.log.len() == m))
        .ok_or_else(|| missing_pass(b.stage, "moments"))?;
    let passes = |cm: &CentralMoments| {
        let (s, k) = (cm.skewness(), cm.kurtosis());
        s.is_nan() || k.is_nan() || s.abs() < spec.skew_threshold || k < spec.kurtosis_threshold
    };
    let mut out = Vec::with_capacity(m);
    for (j, meta) in metas.iter().enumerate() {
        let (high, low) = (&pa.high[j], &pa.low[j]);
        // the explicit values: the union of the two lists
        let mut groups: Vec<(f64, f64, u64, bool)> = Vec::new(); // original, current, count, done
        for e in high.iter().chain(low) {
            if !groups.iter().any(|g| g.0 == e.value) {
                groups.push((e.value, e.value, e.count, false));
            }
        }
        let middle = pb.middle[j];
        let moments = |g: &[(f64, f64, u64, bool)]| {
            g.iter().fold(middle, |acc, &(_, cur, c, _)| {
                acc.merge(&CentralMoments {
                    n: c as f64,
                    mean: cur,
                    ..CentralMoments::default()
                })
            })
        };
        let cm0 = moments(&groups);
        let mut col = TreatColumn {
            id: meta.id.clone(),
            skew: cm0.skewness(),
            kurtosis: cm0.kurtosis(),
            failed: !passes(&cm0),
            winsorised: Vec::new(),
            skew_winsorised: None,
            kurtosis_winsorised: None,
            transform: None,
            skew_final: cm0.skewness(),
            kurtosis_final: cm0.kurtosis(),
            passes: passes(&cm0),
            skipped: false,
        };
        let mut d = ColumnDecision {
            report: col.clone(),
            rounds: Vec::new(),
            map: Vec::new(),
            log: None,
        };
        if spec.skip.contains(&meta.id) {
            col.skipped = true;
            d.report = col;
            out.push(d);
            continue;
        }
        if !col.failed {
            out.push(d);
            continue;
        }
        let mut nwin = 0usize;
        let mut cm = cm0;
        let mut ok = false;
        while nwin < spec.winmax {
            let high_side = cm.skewness() >= 0.0;
            let better = |a: f64, v: f64| if high_side { a.max(v) } else { a.min(v) };
            let start = if high_side {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            let ext = groups.iter().fold(start, |a, g| better(a, g.1));
            let next = groups
                .iter()
                .filter(|g| g.1 != ext)
                .fold(start, |a, g| better(a, g.1));
            if !next.is_finite() {
                break;
            }
            for g in groups.iter_mut().filter(|g| g.1 == ext) {
                g.1 = next;
                if !g.3 {
                    g.3 = true;
                    nwin += g.2 as usize;
                    d.rounds.push(Round {
                        original: g.0,
                        side: if high_side { Side::High } else { Side::Low },
                    });
                }
            }
            cm = moments(&groups);
            if passes(&cm) {
                ok = true;
                break;
            }
        }
        // the final value of every winsorised point; the units come with pass 3
        for r in &d.rounds {
            let fin = groups
                .iter()
                .find(|g| g.0 == r.original)
                .map_or(r.original, |g| g.1);
            col.winsorised.push(WinsorisedPoint {
                unit: String::new(),
                side: r.side,
                original: r.original,
                winsorised: fin,
            });
            d.map.push((r.original, fin));
        }
        if !d.rounds.is_empty() {
            col.skew_winsorised = Some(cm.skewness());
            col.kurtosis_winsorised = Some(cm.kurtosis());
        }
        if !ok && spec.log != LogTransform::None {
            cm = pb.log[j];
            d.log = log_shift(spec, high, low);
            col.transform = Some(spec.log);
            ok = passes(&cm);
        }
        col.skew_final = cm.skewness();
        col.kurtosis_final = cm.kurtosis();
        col.passes = ok;
        d.report = col;
        out.push(d);
    }
    Ok(out)
}

/// The report's columns with the winsorised points' units from pass 3 (round by round, each
/// round's points in row order).
pub(super) fn report(
    decisions: &[ColumnDecision],
    c: &StagePartial,
) -> Result<Vec<TreatColumn>, CompositeError> {
    let pc = c
        .treat
        .as_ref()
        .filter(|t| t.units.len() == decisions.len())
        .ok_or_else(|| missing_pass(c.stage, "winsorised units"))?;
    let mut out = Vec::with_capacity(decisions.len());
    for (d, units) in decisions.iter().zip(&pc.units) {
        let mut col = d.report.clone();
        let mut points = Vec::with_capacity(col.winsorised.len());
        for (p, us) in col.winsorised.iter().zip(units) {
            for u in us {
                points.push(WinsorisedPoint {
                    unit: u.clone(),
                    ..p.clone()
                });
            }
        }
        col.winsorised = points;
        out.push(col);
    }
    Ok(out)
}
