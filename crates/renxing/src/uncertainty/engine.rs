//! Running a pipeline many times with sampled inputs.
//!
//! A run's inputs fall in two parts. **Data choices** (imputation, normalisation, the excluded
//! indicator, the coders' values) change the normalised indicator table: the pipeline is run by
//! [`composite::run`] once per distinct combination of data choices (a cache over all runs) and
//! its table and level weights kept. **Aggregation choices** (weights, aggregation methods,
//! thresholds) are applied to that table by a re-aggregation kernel that repeats the
//! `aggregate` step's arithmetic operation by operation (so a run with the nominal choices
//! gives the nominal scores bit for bit), then banding and ranking. This fast path is taken
//! when the ranked score is the overall index and every step that changes the table comes
//! before the one `aggregate` step; otherwise (TOPSIS, or unusual step orders) every run is a
//! full [`composite::run`] with the sampled weights as a `manual` weight step.

use std::collections::HashMap;

use super::error::{invalid, num_text, UncertaintyError};
use super::fast;
use super::rng::Stream;
use super::spec::{level_name, AggLevel, Draw, Factor, FactorInfo, Nominal};
use crate::composite::stats::quantile_select;
use crate::composite::{
    self, AggMethod, AggregateSpec, BandMethod, BandSpec, CompositeError, Dataset, MissingRule,
    Pipeline, PipelineResult, Step, Target, WeightLevel, WeightMethod, WeightSpec, ZeroRule,
};
use crate::error::Path;
use crate::par;

/// A factor resolved against the data and the nominal run.
pub(crate) enum Resolved {
    Weights {
        level: WeightLevel,
        ids: Vec<String>,
        nominal: Vec<f64>,
        share: Option<f64>,
        concentration: Option<f64>,
    },
    Norm(Vec<composite::NormMethod>),
    Agg(Vec<AggMethod>, Vec<AggLevel>),
    Impute(Vec<composite::ImputeMethod>),
    /// Alternatives: None = exclude nothing, Some(column).
    Exclude(Vec<Option<usize>>),
    Band(Vec<[f64; 2]>),
    /// Contested cells: (row, column, the coders' values).
    Coders(Vec<(usize, usize, Vec<f64>)>),
}

impl Resolved {
    pub(crate) fn draw(&self, s: &mut Stream) -> Draw {
        match self {
            Resolved::Weights {
                nominal,
                share,
                concentration,
                ..
            } => {
                if let Some(c) = concentration {
                    let alpha: Vec<f64> = nominal.iter().map(|w| c * w).collect();
                    Draw::Values(s.dirichlet(&alpha))
                } else {
                    let sh = share.unwrap_or(0.0);
                    Draw::Values(
                        nominal
                            .iter()
                            .map(|&w| w * (1.0 + sh * (2.0 * s.uniform() - 1.0)))
                            .collect(),
                    )
                }
            }
            Resolved::Norm(v) => Draw::Choice(s.choice(v.len())),
            Resolved::Agg(v, _) => Draw::Choice(s.choice(v.len())),
            Resolved::Impute(v) => Draw::Choice(s.choice(v.len())),
            Resolved::Exclude(v) => Draw::Choice(s.choice(v.len())),
            Resolved::Band(r) => Draw::Values(
                r.iter()
                    .map(|[lo, hi]| lo + s.uniform() * (hi - lo))
                    .collect(),
            ),
            Resolved::Coders(cells) => Draw::Values(
                cells
                    .iter()
                    .map(|(_, _, vals)| vals[s.choice(vals.len())])
                    .collect(),
            ),
        }
    }

    fn is_data(&self) -> bool {
        matches!(
            self,
            Resolved::Norm(_) | Resolved::Impute(_) | Resolved::Exclude(_) | Resolved::Coders(_)
        )
    }
}

/// Everything a run needs, prepared once.
pub(crate) struct Prepared {
    pub data: Dataset,
    /// The pipeline without band, rank (and, for the overall index, TOPSIS and obstacle) steps.
    pub pipeline: Pipeline,
    pub output: Target,
    pub band: Option<BandSpec>,
    pub factors: Vec<Resolved>,
    pub infos: Vec<FactorInfo>,
    pub units: Vec<String>,
    pub nominal: Nominal,
    pub fast: bool,
    pub has_coders: bool,
}

/// A run's outputs.
pub(crate) struct Outputs {
    pub scores: Vec<f64>,
    pub ranks: Vec<u32>,
    pub levels: Option<Vec<u32>>,
    /// Each run's mean absolute rank shift from the nominal ranks (COINr's MARS).
    pub mars: Vec<f64>,
}

/// The mean absolute rank shift from the nominal ranks of each run of `ranks` (runs of
/// `nominal.len()` units, one after the other) into `mars`: each run's Σ |rank − nominal| is
/// summed in unit order, as `iter().sum()`, but the runs' sums advance side by side.
#[inline(always)]
fn mars_into(ranks: &[u32], nominal: &[u32], mars: &mut [f64]) {
    let n = nominal.len();
    mars.fill(-0.0);
    for (u, &b) in nominal.iter().enumerate() {
        let b = f64::from(b);
        for (t, m) in mars.iter_mut().enumerate() {
            *m += (f64::from(ranks[t * n + u]) - b).abs();
        }
    }
    for m in mars.iter_mut() {
        *m /= n as f64;
    }
}

fn method_name<T: serde::Serialize>(m: &T) -> String {
    match serde_json::to_value(m) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Object(o)) => {
            let name = o
                .get("method")
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string();
            let rest: Vec<String> = o
                .iter()
                .filter(|(k, _)| k.as_str() != "method")
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            if rest.is_empty() {
                name
            } else {
                format!("{name}({})", rest.join(","))
            }
        }
        Ok(v) => v.to_string(),
        Err(_) => "?".into(),
    }
}

fn scores_of(r: &PipelineResult, t: Target) -> Option<Vec<f64>> {
    match t {
        Target::Topsis => r.topsis().map(|x| x.result.closeness.clone()),
        _ => r.aggregation().map(|a| a.overall.clone()),
    }
}

fn level_weights(r: &PipelineResult, level: WeightLevel) -> Option<(Vec<String>, Vec<f64>)> {
    if let Some(a) = r.aggregation() {
        if let Some(lw) = a.weights.iter().find(|w| w.level == level) {
            return Some((lw.ids.clone(), lw.weights.clone()));
        }
    }
    r.weights(level).map(|w| (w.ids.clone(), w.weights.clone()))
}

/// Competition ranks ("1224"), highest first, with a reused index buffer; same order as
/// `composite::stats::competition_ranks_desc`.
pub(crate) fn rank_into(xs: &[f64], idx: &mut Vec<u32>, ranks: &mut [u32]) {
    idx.clear();
    idx.extend(0..xs.len() as u32);
    idx.sort_unstable_by(|&a, &b| xs[b as usize].total_cmp(&xs[a as usize]).then(a.cmp(&b)));
    let mut k = 0;
    while k < idx.len() {
        let mut e = k + 1;
        while e < idx.len() && xs[idx[e] as usize] == xs[idx[k] as usize] {
            e += 1;
        }
        for &i in &idx[k..e] {
            ranks[i as usize] = (k + 1) as u32;
        }
        k = e;
    }
}

fn band_levels(band: &BandSpec, cuts_drawn: Option<&[f64]>, scores: &[f64], out: &mut Vec<u32>) {
    let k = band.levels.len();
    let cuts: Vec<f64> = match (cuts_drawn, band.method) {
        (Some(c), _) => c.to_vec(),
        (None, BandMethod::Thresholds) => band.thresholds.clone(),
        (None, BandMethod::Quantiles) => {
            let mut s: Vec<f64> = scores.iter().copied().filter(|v| !v.is_nan()).collect();
            (1..k)
                .map(|i| quantile_select(&mut s, i as f64 / k as f64))
                .collect()
        }
    };
    out.clear();
    out.extend(
        scores
            .iter()
            .map(|&v| cuts.iter().filter(|&&c| c <= v).count() as u32),
    );
}

impl Prepared {
    /// Validates the factors against the data and runs the nominal pipeline.
    pub(crate) fn new(
        pipeline: &Pipeline,
        data: &Dataset,
        factors: &[Factor],
        output: Target,
        fpath: &Path,
    ) -> Result<Self, UncertaintyError> {
        if !matches!(output, Target::Overall | Target::Topsis) {
            return Err(invalid(
                Path::from("output"),
                method_name(&output),
                "the ranked score is `overall` or `topsis`",
            ));
        }
        let nominal_run =
            composite::run(pipeline, data).map_err(|source| UncertaintyError::Nominal {
                source: Box::new(source),
            })?;
        let Some(nominal_scores) = scores_of(&nominal_run, output) else {
            return Err(UncertaintyError::MissingStep {
                path: Path::from("output"),
                reason: format!(
                    "the pipeline has no {} step to rank",
                    if output == Target::Topsis {
                        "topsis"
                    } else {
                        "aggregate"
                    }
                ),
            });
        };
        if let Some(i) = nominal_scores.iter().position(|v| v.is_nan()) {
            return Err(UncertaintyError::Nominal {
                source: Box::new(CompositeError::Domain {
                    path: Path::from("steps"),
                    unit: nominal_run.units[i].clone(),
                    column: method_name(&output),
                    value: f64::NAN,
                    reason: "cannot rank a missing score".into(),
                }),
            });
        }
        let band = pipeline.steps.iter().rev().find_map(|s| match s {
            Step::Band(b) if b.targets.contains(&output) => Some(b.clone()),
            _ => None,
        });
        let units = nominal_run.units.clone();
        let n = units.len();
        let mut ranks = vec![0u32; n];
        rank_into(&nominal_scores, &mut Vec::new(), &mut ranks);
        let levels = band.as_ref().map(|b| {
            let mut l = Vec::new();
            band_levels(b, None, &nominal_scores, &mut l);
            l
        });
        // Strip what the runs do not need.
        let stripped = Pipeline {
            steps: pipeline
                .steps
                .iter()
                .filter(|s| match s {
                    Step::Band(_) | Step::Rank(_) | Step::Obstacle(_) => false,
                    Step::Topsis(_) => output == Target::Topsis,
                    _ => true,
                })
                .cloned()
                .collect(),
            keep_intermediates: false,
        };
        let has = |f: &dyn Fn(&Step) -> bool| stripped.steps.iter().any(f);
        let m = data.indicators.len();
        let ids: Vec<String> = data.indicators.iter().map(|i| i.id.clone()).collect();
        let mut resolved = Vec::with_capacity(factors.len());
        let mut infos = Vec::with_capacity(factors.len());
        let mut labels: Vec<String> = Vec::new();
        for (fi, f) in factors.iter().enumerate() {
            let p = fpath.with(fi);
            let label = f.label();
            if labels.contains(&label) {
                return Err(UncertaintyError::DuplicateFactor { path: p, label });
            }
            labels.push(label.clone());
            let mut filled = f.clone();
            let mut alternatives = Vec::new();
            let mut fids = Vec::new();
            let mut nominal = Vec::new();
            let (r, rule) = match f {
                Factor::WeightNoise { level, share }
                | Factor::WeightDirichlet {
                    level,
                    concentration: share,
                } => {
                    let dirichlet = matches!(f, Factor::WeightDirichlet { .. });
                    let v = *share;
                    if dirichlet {
                        if !(v.is_finite() && v > 0.0) {
                            return Err(invalid(
                                p.with("concentration"),
                                num_text(v),
                                "a finite concentration > 0",
                            ));
                        }
                    } else if !(0.0..=1.0).contains(&v) {
                        return Err(invalid(p.with("share"), num_text(v), "a share in [0, 1]"));
                    }
                    let Some((wids, w)) = level_weights(&nominal_run, *level) else {
                        return Err(UncertaintyError::MissingStep {
                            path: p.with("level"),
                            reason: format!("the nominal run has no {} weights (add an aggregate or weight step)", level_name(*level)),
                        });
                    };
                    fids = wids.clone();
                    nominal = w.clone();
                    (
                        Resolved::Weights {
                            level: *level,
                            ids: wids,
                            nominal: w,
                            share: if dirichlet { None } else { Some(v) },
                            concentration: if dirichlet { Some(v) } else { None },
                        },
                        if dirichlet {
                            format!("w ~ Dirichlet({v} × nominal weights), gammas in id order")
                        } else {
                            format!(
                                "w_j × (1 + {v} (2u − 1)), u uniform, one per weight in id order"
                            )
                        },
                    )
                }
                Factor::Normalisation { methods } => {
                    nonempty(methods.len(), &p.with("methods"))?;
                    if !has(&|s| matches!(s, Step::Normalise(_))) {
                        return Err(missing_step(
                            &p,
                            "a normalisation choice needs a normalise step",
                        ));
                    }
                    alternatives = methods.iter().map(method_name).collect();
                    (Resolved::Norm(methods.clone()), choice_rule(methods.len()))
                }
                Factor::Aggregation { methods, levels } => {
                    nonempty(methods.len(), &p.with("methods"))?;
                    nonempty(levels.len(), &p.with("levels"))?;
                    for (k, mth) in methods.iter().enumerate() {
                        if let AggMethod::Power { p: e } = mth {
                            if !e.is_finite() || *e == 0.0 {
                                return Err(invalid(
                                    p.with("methods").with(k).with("p"),
                                    num_text(*e),
                                    "p must be finite and ≠ 0 (use geometric for p = 0)",
                                ));
                            }
                        }
                    }
                    if !has(&|s| matches!(s, Step::Aggregate(_))) {
                        return Err(missing_step(
                            &p,
                            "an aggregation choice needs an aggregate step",
                        ));
                    }
                    alternatives = methods.iter().map(method_name).collect();
                    (
                        Resolved::Agg(methods.clone(), levels.clone()),
                        choice_rule(methods.len()),
                    )
                }
                Factor::Imputation { methods } => {
                    nonempty(methods.len(), &p.with("methods"))?;
                    if !has(&|s| matches!(s, Step::Impute(_))) {
                        return Err(missing_step(
                            &p,
                            "an imputation choice needs an impute step",
                        ));
                    }
                    alternatives = methods.iter().map(method_name).collect();
                    (
                        Resolved::Impute(methods.clone()),
                        choice_rule(methods.len()),
                    )
                }
                Factor::ExcludeIndicator {
                    indicators,
                    include_none,
                } => {
                    // An indicator alone in its dimension cannot be excluded (the dimension
                    // would be empty): left out of the default list, refused when listed.
                    let alone = |j: usize| {
                        let dim = &data.indicators[j].dimension;
                        data.indicators
                            .iter()
                            .filter(|x| &x.dimension == dim)
                            .count()
                            < 2
                    };
                    let list: Vec<String> = if indicators.is_empty() {
                        (0..m)
                            .filter(|&j| !alone(j))
                            .map(|j| ids[j].clone())
                            .collect()
                    } else {
                        indicators.clone()
                    };
                    let mut alts = Vec::new();
                    if *include_none {
                        alts.push(None);
                        alternatives.push("none".to_string());
                    }
                    for (k, id) in list.iter().enumerate() {
                        let Some(j) = ids.iter().position(|x| x == id) else {
                            return Err(UncertaintyError::UnknownId {
                                path: p.with("indicators").with(k),
                                id: id.clone(),
                            });
                        };
                        if alone(j) {
                            return Err(invalid(
                                p.with("indicators").with(k),
                                id,
                                "the only indicator of its dimension: excluding it would leave the dimension empty",
                            ));
                        }
                        if alts.contains(&Some(j)) {
                            return Err(invalid(
                                p.with("indicators").with(k),
                                id,
                                "each indicator once",
                            ));
                        }
                        alts.push(Some(j));
                        alternatives.push(id.clone());
                    }
                    nonempty(alts.len(), &p.with("indicators"))?;
                    if m < 2 {
                        return Err(invalid(
                            p.clone(),
                            m,
                            "excluding an indicator needs at least 2 indicators",
                        ));
                    }
                    filled = Factor::ExcludeIndicator {
                        indicators: list,
                        include_none: *include_none,
                    };
                    (Resolved::Exclude(alts.clone()), choice_rule(alts.len()))
                }
                Factor::BandThresholds { ranges } => {
                    let Some(b) = &band else {
                        return Err(missing_step(
                            &p,
                            "threshold ranges need a band step on the ranked score",
                        ));
                    };
                    if b.method != BandMethod::Thresholds {
                        return Err(missing_step(
                            &p,
                            "threshold ranges need a band step with method = thresholds",
                        ));
                    }
                    let k = b.levels.len();
                    if ranges.len() + 1 != k {
                        return Err(UncertaintyError::Shape {
                            path: p.with("ranges"),
                            expected: k.saturating_sub(1),
                            found: ranges.len(),
                        });
                    }
                    for (i, [lo, hi]) in ranges.iter().enumerate() {
                        let rp = p.with("ranges").with(i);
                        for v in [lo, hi] {
                            if !v.is_finite() {
                                return Err(UncertaintyError::NotFinite {
                                    path: rp.clone(),
                                    value: num_text(*v),
                                });
                            }
                        }
                        if lo > hi {
                            return Err(invalid(rp, format!("[{lo}, {hi}]"), "lo ≤ hi"));
                        }
                        if i > 0 && *lo <= ranges[i - 1][1] {
                            return Err(invalid(rp, format!("[{lo}, {hi}]"), "ranges must be increasing and must not overlap (lo > the previous hi)"));
                        }
                    }
                    nominal = b.thresholds.clone();
                    (
                        Resolved::Band(ranges.clone()),
                        "each threshold lo + u (hi − lo), u uniform, in order".to_string(),
                    )
                }
                Factor::CoderSpread { codings, scale } => {
                    let cells = coder_cells(codings, scale.as_ref(), data, &p)?;
                    for (i, j, _) in &cells {
                        fids.push(format!("{}/{}", data.units[*i], ids[*j]));
                        nominal.push(data.values[i * m + j]);
                    }
                    (Resolved::Coders(cells), "per contested cell, one coder's value, the coder uniform (one uniform per cell, data order)".to_string())
                }
            };
            infos.push(FactorInfo {
                label,
                kind: f.kind().into(),
                factor: filled,
                alternatives,
                ids: fids,
                nominal,
                rule,
            });
            resolved.push(r);
        }
        // The fast path: overall index, one aggregate step, all table-changing steps before it.
        let agg_pos: Vec<usize> = stripped
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, Step::Aggregate(_)))
            .map(|(i, _)| i)
            .collect();
        let fast = output == Target::Overall
            && agg_pos.len() == 1
            && stripped.steps.iter().enumerate().all(|(i, s)| {
                !matches!(
                    s,
                    Step::Check(_) | Step::Impute(_) | Step::Treat(_) | Step::Normalise(_)
                ) || i < agg_pos[0]
            });
        let has_coders = resolved.iter().any(|r| matches!(r, Resolved::Coders(_)));
        Ok(Prepared {
            data: data.clone(),
            pipeline: stripped,
            output,
            band,
            factors: resolved,
            infos,
            units,
            nominal: Nominal {
                scores: nominal_scores,
                ranks,
                levels,
            },
            fast,
            has_coders,
        })
    }

    /// The choices of a run, as text (for errors).
    pub(crate) fn describe(&self, draws: &[Option<Draw>]) -> String {
        let mut parts = Vec::new();
        for (info, d) in self.infos.iter().zip(draws) {
            match d {
                None => {}
                Some(Draw::Choice(c)) => parts.push(format!(
                    "{}={}",
                    info.label,
                    info.alternatives.get(*c).map_or("?", String::as_str)
                )),
                Some(Draw::Values(v)) => {
                    let shown: Vec<String> = v.iter().take(6).map(|x| format!("{x:.4}")).collect();
                    let more = if v.len() > 6 { ", …" } else { "" };
                    parts.push(format!("{}=[{}{more}]", info.label, shown.join(", ")));
                }
            }
        }
        if parts.is_empty() {
            "nominal".into()
        } else {
            parts.join("; ")
        }
    }

    /// The pipeline and data of a run. `kernel_too`: also apply weights and aggregation
    /// choices to the pipeline (the full path).
    fn configure(&self, draws: &[Option<Draw>], kernel_too: bool) -> (Pipeline, Dataset) {
        let mut p = self.pipeline.clone();
        let mut d = self.data.clone();
        let m = d.indicators.len();
        let mut excluded: Option<usize> = None;
        for (r, dr) in self.factors.iter().zip(draws) {
            let Some(dr) = dr else { continue };
            match (r, dr) {
                (Resolved::Coders(cells), Draw::Values(v)) => {
                    for ((i, j, _), x) in cells.iter().zip(v) {
                        d.values[i * m + j] = *x;
                    }
                }
                (Resolved::Impute(ms), Draw::Choice(c)) => {
                    for s in &mut p.steps {
                        if let Step::Impute(spec) = s {
                            spec.method = ms[*c];
                        }
                    }
                }
                (Resolved::Norm(ms), Draw::Choice(c)) => {
                    for s in &mut p.steps {
                        if let Step::Normalise(spec) = s {
                            spec.method = ms[*c];
                            spec.overrides.clear();
                        }
                    }
                }
                (Resolved::Exclude(alts), Draw::Choice(c)) => excluded = alts[*c],
                _ => {}
            }
        }
        if kernel_too {
            for (r, dr) in self.factors.iter().zip(draws) {
                let Some(dr) = dr else { continue };
                match (r, dr) {
                    (Resolved::Agg(ms, levels), Draw::Choice(c)) => {
                        for s in &mut p.steps {
                            if let Step::Aggregate(spec) = s {
                                set_agg(spec, ms[*c], levels);
                            }
                        }
                    }
                    (Resolved::Weights { level, ids, .. }, Draw::Values(w)) => {
                        p.steps
                            .retain(|s| !matches!(s, Step::Weight(ws) if ws.level == *level));
                        let at = p
                            .steps
                            .iter()
                            .position(|s| {
                                matches!(
                                    s,
                                    Step::Aggregate(_) | Step::Topsis(_) | Step::Obstacle(_)
                                )
                            })
                            .unwrap_or(p.steps.len());
                        let spec = WeightSpec {
                            method: WeightMethod::Manual,
                            level: *level,
                            values: ids.iter().cloned().zip(w.iter().copied()).collect(),
                            ..WeightSpec::default()
                        };
                        p.steps.insert(at, Step::Weight(spec));
                    }
                    _ => {}
                }
            }
        }
        if let Some(j) = excluded {
            let id = d.indicators[j].id.clone();
            let n = d.units.len();
            let mut vals = Vec::with_capacity(n * (m - 1));
            for i in 0..n {
                for jj in 0..m {
                    if jj != j {
                        vals.push(d.values[i * m + jj]);
                    }
                }
            }
            d.values = vals;
            d.indicators.remove(j);
            for s in &mut p.steps {
                match s {
                    Step::Weight(ws) if ws.level == WeightLevel::Indicator => {
                        ws.values.remove(&id);
                    }
                    Step::Normalise(ns) => {
                        ns.overrides.remove(&id);
                    }
                    _ => {}
                }
            }
        }
        (p, d)
    }

    /// The data-choice key of a run (for the cache).
    fn key(&self, draws: &[Option<Draw>]) -> Vec<usize> {
        self.factors
            .iter()
            .zip(draws)
            .filter(|(r, _)| r.is_data())
            .map(|(_, d)| match d {
                Some(Draw::Choice(c)) => *c + 1,
                _ => 0,
            })
            .collect()
    }

    fn prefix(&self, draws: &[Option<Draw>], run: usize) -> Result<Prefix, UncertaintyError> {
        let (p, d) = self.configure(draws, false);
        let r = composite::run_owned(&p, d.clone()).map_err(|source| UncertaintyError::Run {
            run,
            choices: self.describe(draws),
            source: Box::new(source),
        })?;
        if r.units != self.units {
            return Err(UncertaintyError::UnitsChanged {
                run,
                choices: self.describe(draws),
                found: r.units,
            });
        }
        Prefix::from_result(r, &d, &p).ok_or_else(|| UncertaintyError::Run {
            run,
            choices: self.describe(draws),
            source: Box::new(CompositeError::Order {
                path: Path::from("steps"),
                reason: "the run produced no aggregation".into(),
            }),
        })
    }

    /// Evaluates runs `draws` (in order) on up to `threads` threads.
    pub(crate) fn evaluate(
        &self,
        draws: &[Vec<Option<Draw>>],
        threads: usize,
    ) -> Result<Outputs, UncertaintyError> {
        let n = self.units.len();
        let runs = draws.len();
        // The cache of data choices (not with coders: their values differ in every run).
        let mut cache: HashMap<Vec<usize>, usize> = HashMap::new();
        let mut prefixes: Vec<Prefix> = Vec::new();
        if self.fast && !self.has_coders {
            let mut keys: Vec<(Vec<usize>, usize)> = Vec::new();
            for (r, d) in draws.iter().enumerate() {
                let k = self.key(d);
                if !cache.contains_key(&k) {
                    cache.insert(k.clone(), keys.len());
                    keys.push((k, r));
                }
            }
            let built = par::map_blocks(keys.len(), threads, |q| {
                let r = keys[q].1;
                self.prefix(&draws[r], r)
            });
            for b in built {
                prefixes.push(b?);
            }
        }
        let chunk = 64usize;
        let banded = self.band.is_some();
        // The outputs, written in place by the blocks (each takes its own slices).
        let mut scores = vec![0.0; runs * n];
        let mut ranks = vec![0u32; runs * n];
        let mut levels = vec![0u32; if banded { runs * n } else { 0 }];
        let mut mars = vec![0.0; runs];
        type Slot<'a> =
            std::sync::Mutex<Option<(&'a mut [f64], &'a mut [u32], &'a mut [u32], &'a mut [f64])>>;
        let slots: Vec<Slot<'_>> = {
            let mut lv_chunks = levels.chunks_mut(chunk * n);
            scores
                .chunks_mut(chunk * n)
                .zip(ranks.chunks_mut(chunk * n))
                .zip(mars.chunks_mut(chunk))
                .map(|((s, r), m)| {
                    let l = if banded {
                        lv_chunks.next().unwrap_or_default()
                    } else {
                        Default::default()
                    };
                    std::sync::Mutex::new(Some((s, r, l, m)))
                })
                .collect()
        };
        let parts = par::map_blocks(runs.div_ceil(chunk), threads, |c| {
            // one dispatch per block of runs: its loops get the CPU's widest vectors (the same
            // operations on each value, so the same bits; see `crate::fastmath::dispatch`)
            crate::fastmath::dispatch(
                #[inline(always)]
                || {
                    let lo = c * chunk;
                    let hi = ((c + 1) * chunk).min(runs);
                    let taken = match slots[c].lock() {
                        Ok(mut g) => g.take(),
                        Err(p) => p.into_inner().take(),
                    };
                    let Some((scores, ranks, levels, mars)) = taken else {
                        return Ok(());
                    };
                    let mut scratch = Scratch::default();
                    let mut lv = Vec::new();
                    for r in lo..hi {
                        let t = r - lo;
                        let out = &mut scores[t * n..(t + 1) * n];
                        if self.fast {
                            let owned;
                            let pre = if self.has_coders {
                                owned = self.prefix(&draws[r], r)?;
                                &owned
                            } else {
                                match cache.get(&self.key(&draws[r])) {
                                    Some(&q) => &prefixes[q],
                                    None => {
                                        owned = self.prefix(&draws[r], r)?;
                                        &owned
                                    }
                                }
                            };
                            self.kernel(pre, &draws[r], &mut scratch, out)
                                .map_err(|source| UncertaintyError::Run {
                                    run: r,
                                    choices: self.describe(&draws[r]),
                                    source: Box::new(source),
                                })?;
                        } else {
                            let (p, d) = self.configure(&draws[r], true);
                            let res = composite::run_owned(&p, d).map_err(|source| {
                                UncertaintyError::Run {
                                    run: r,
                                    choices: self.describe(&draws[r]),
                                    source: Box::new(source),
                                }
                            })?;
                            if res.units != self.units {
                                return Err(UncertaintyError::UnitsChanged {
                                    run: r,
                                    choices: self.describe(&draws[r]),
                                    found: res.units,
                                });
                            }
                            let s = scores_of(&res, self.output).unwrap_or_default();
                            if s.len() != n {
                                return Err(UncertaintyError::Run {
                                    run: r,
                                    choices: self.describe(&draws[r]),
                                    source: Box::new(CompositeError::Order {
                                        path: Path::from("steps"),
                                        reason: "the run produced no score to rank".into(),
                                    }),
                                });
                            }
                            out.copy_from_slice(&s);
                        }
                        if let Some(i) = fast::maybe_nan(out)
                            .then(|| out.iter().position(|v| v.is_nan()))
                            .flatten()
                        {
                            return Err(UncertaintyError::Run {
                                run: r,
                                choices: self.describe(&draws[r]),
                                source: Box::new(CompositeError::Domain {
                                    path: Path::from("steps"),
                                    unit: self.units[i].clone(),
                                    column: method_name(&self.output),
                                    value: f64::NAN,
                                    reason: "cannot rank a missing score".into(),
                                }),
                            });
                        }
                        fast::competition_ranks(
                            out,
                            &mut scratch.rank,
                            &mut ranks[t * n..(t + 1) * n],
                        );
                        if let Some(b) = &self.band {
                            let cuts =
                                self.factors.iter().zip(&draws[r]).find_map(|(f, d)| {
                                    match (f, d) {
                                        (Resolved::Band(_), Some(Draw::Values(v))) => {
                                            Some(v.as_slice())
                                        }
                                        _ => None,
                                    }
                                });
                            band_levels(b, cuts, out, &mut lv);
                            levels[t * n..(t + 1) * n].copy_from_slice(&lv);
                        }
                    }
                    mars_into(&ranks[..(hi - lo) * n], &self.nominal.ranks, mars);
                    Ok(())
                },
            )
        });
        drop(slots);
        for p in parts {
            p?;
        }
        Ok(Outputs {
            scores,
            ranks,
            levels: if banded { Some(levels) } else { None },
            mars,
        })
    }

    /// The re-aggregation kernel: the `aggregate` step on a cached table with the run's
    /// weights and methods.
    fn kernel(
        &self,
        pre: &Prefix,
        draws: &[Option<Draw>],
        sc: &mut Scratch,
        out: &mut [f64],
    ) -> Result<(), CompositeError> {
        let mut spec = pre.spec.clone();
        sc.w[0].clone_from(&pre.w[0]);
        sc.w[1].clone_from(&pre.w[1]);
        sc.w[2].clone_from(&pre.w[2]);
        for (r, d) in self.factors.iter().zip(draws) {
            match (r, d) {
                (Resolved::Agg(ms, levels), Some(Draw::Choice(c))) => {
                    set_agg(&mut spec, ms[*c], levels);
                }
                (Resolved::Weights { level, ids, .. }, Some(Draw::Values(w))) => {
                    let (slot, names) = match level {
                        WeightLevel::Indicator => (0, &pre.ids),
                        WeightLevel::Dimension => (1, &pre.dims),
                        WeightLevel::Attribute => (2, &pre.attrs),
                    };
                    if names.len() == ids.len() {
                        sc.w[slot].copy_from_slice(w);
                    } else {
                        // An indicator was excluded: map by id.
                        sc.w[slot].clear();
                        for name in names {
                            let v = ids.iter().position(|x| x == name).map_or(0.0, |q| w[q]);
                            sc.w[slot].push(v);
                        }
                    }
                }
                _ => {}
            }
        }
        pre.aggregate(&spec, sc, out)
    }
}

fn nonempty(len: usize, path: &Path) -> Result<(), UncertaintyError> {
    if len == 0 {
        Err(UncertaintyError::Empty {
            path: path.clone(),
            min: 1,
        })
    } else {
        Ok(())
    }
}

fn missing_step(p: &Path, reason: &str) -> UncertaintyError {
    UncertaintyError::MissingStep {
        path: p.clone(),
        reason: reason.into(),
    }
}

fn choice_rule(k: usize) -> String {
    format!("one of {k} alternatives, each with probability 1/{k}: min(⌊u k⌋, k − 1)")
}

fn set_agg(spec: &mut AggregateSpec, m: AggMethod, levels: &[AggLevel]) {
    for l in levels {
        match l {
            AggLevel::Dimension => spec.dimension = m,
            AggLevel::Attribute => spec.attribute = m,
            AggLevel::Overall => spec.overall = m,
        }
    }
}

fn coder_cells(
    codings: &[crate::agree::Coding],
    scale: Option<&crate::agree::Scale>,
    data: &Dataset,
    p: &Path,
) -> Result<Vec<(usize, usize, Vec<f64>)>, UncertaintyError> {
    use crate::agree::Value;
    let m = data.indicators.len();
    let mut cells: std::collections::BTreeMap<(usize, usize), Vec<f64>> = Default::default();
    for (k, c) in codings.iter().enumerate() {
        let cp = p.with("codings").with(k);
        let unit = c.unit.split('/').next().unwrap_or("");
        let Some(i) = data.units.iter().position(|u| u == unit) else {
            return Err(UncertaintyError::UnknownId {
                path: cp.with("unit"),
                id: c.unit.clone(),
            });
        };
        let Some(g) = &c.group else {
            return Err(invalid(
                cp.with("group"),
                "null",
                "the group names the indicator the coding is for",
            ));
        };
        let Some(j) = data.indicators.iter().position(|x| &x.id == g) else {
            return Err(UncertaintyError::UnknownId {
                path: cp.with("group"),
                id: g.clone(),
            });
        };
        let v = match &c.value {
            Value::Number(x) => {
                if !x.is_finite() {
                    return Err(UncertaintyError::NotFinite {
                        path: cp.with("value"),
                        value: num_text(*x),
                    });
                }
                *x
            }
            Value::Label(l) => match scale.and_then(|s| s.code_of(l)) {
                Some(code) => f64::from(code),
                None => {
                    return Err(UncertaintyError::UnknownId {
                        path: cp.with("value"),
                        id: l.clone(),
                    })
                }
            },
        };
        cells.entry((i, j)).or_default().push(v);
    }
    let _ = m;
    Ok(cells
        .into_iter()
        .filter(|(_, vals)| vals.iter().any(|v| *v != vals[0]))
        .map(|((i, j), vals)| (i, j, vals))
        .collect())
}

/// Reused buffers of a thread.
#[derive(Default)]
pub(crate) struct Scratch {
    w: [Vec<f64>; 3],
    wi_local: Vec<f64>,
    wd_local: Vec<f64>,
    wa_local: Vec<f64>,
    dims: Vec<f64>,
    attrs: Vec<f64>,
    xs: Vec<f64>,
    ls: Vec<f64>,
    ws: Vec<f64>,
    /// The column-wise kernel's buffers: level outputs (unit-wise), member weights.
    dcols: Vec<f64>,
    acols: Vec<f64>,
    mw: Vec<f64>,
    level: fast::LevelScratch,
    pub(crate) rank: fast::RankScratch,
    /// Tests: always take the unit-by-unit path.
    unit_by_unit: bool,
}

/// A normalised table with its structure and level weights: what the kernel re-aggregates.
pub(crate) struct Prefix {
    units: Vec<String>,
    ids: Vec<String>,
    dims: Vec<String>,
    attrs: Vec<String>,
    x: Vec<f64>,
    logx: Vec<f64>,
    n: usize,
    m: usize,
    ind_dim: Vec<usize>,
    dim_members: Vec<Vec<usize>>,
    dim_attr: Vec<usize>,
    upper_members: Vec<Vec<usize>>,
    w: [Vec<f64>; 3],
    spec: AggregateSpec,
    any_nan: bool,
    /// Every value finite and > 0: the column-wise kernel applies.
    clean: bool,
    /// The table column by column (m × n), and its natural logs, for the column-wise kernel.
    xt: Vec<f64>,
    logxt: Vec<f64>,
}

impl Prefix {
    fn from_result(r: PipelineResult, data: &Dataset, p: &Pipeline) -> Option<Prefix> {
        let spec = p.steps.iter().find_map(|s| match s {
            Step::Aggregate(a) => Some(a.clone()),
            _ => None,
        })?;
        let agg = r.aggregation()?;
        let get = |l: WeightLevel| {
            agg.weights
                .iter()
                .find(|w| w.level == l)
                .map(|w| w.weights.clone())
                .unwrap_or_default()
        };
        let w = [
            get(WeightLevel::Indicator),
            get(WeightLevel::Dimension),
            get(WeightLevel::Attribute),
        ];
        let dims = r.dimensions.clone();
        let attrs = r.attributes.clone();
        let ind_dim: Vec<usize> = r
            .indicators
            .iter()
            .map(|id| {
                data.indicators
                    .iter()
                    .find(|i| &i.id == id)
                    .and_then(|i| dims.iter().position(|d| d == &i.dimension))
                    .unwrap_or(0)
            })
            .collect();
        let nd = dims.len();
        let mut dim_members = vec![Vec::new(); nd];
        for (j, &d) in ind_dim.iter().enumerate() {
            dim_members[d].push(j);
        }
        let mut dim_attr = Vec::new();
        let mut upper_members = vec![Vec::new(); attrs.len()];
        if !attrs.is_empty() {
            for (d, id) in dims.iter().enumerate() {
                let a = data
                    .hierarchy
                    .dimensions
                    .iter()
                    .find(|g| &g.id == id)
                    .and_then(|g| g.parent.as_ref())
                    .and_then(|pa| attrs.iter().position(|a| a == pa))
                    .unwrap_or(0);
                dim_attr.push(a);
                upper_members[a].push(d);
            }
        }
        let x = r.final_table.values;
        let logx = x.iter().map(|&v| libm::log(v)).collect();
        let any_nan = x.iter().any(|v| v.is_nan());
        let (n, m) = (r.units.len(), r.final_table.columns.len());
        let clean = fast::all_positive(&x) && x.len() == n * m;
        let (mut xt, mut logxt) = (Vec::new(), Vec::new());
        if clean {
            xt = vec![0.0; n * m];
            for (i, row) in x.chunks_exact(m).enumerate() {
                for (j, &v) in row.iter().enumerate() {
                    xt[j * n + i] = v;
                }
            }
            logxt = xt.iter().map(|&v| libm::log(v)).collect();
        }
        Some(Prefix {
            units: r.units.clone(),
            ids: r.indicators,
            dims,
            attrs,
            n: r.units.len(),
            m: r.final_table.columns.len(),
            x,
            logx,
            ind_dim,
            dim_members,
            dim_attr,
            upper_members,
            w,
            spec,
            any_nan,
            clean,
            xt,
            logxt,
        })
    }

    /// The `aggregate` step of `composite` (pipeline.rs), operation by operation.
    fn aggregate(
        &self,
        spec: &AggregateSpec,
        sc: &mut Scratch,
        overall: &mut [f64],
    ) -> Result<(), CompositeError> {
        let path = Path::from("steps");
        let (n, m) = (self.n, self.m);
        let nd = self.dims.len();
        let na = self.attrs.len();
        let has_attr = na > 0;
        let within = |members: &[usize],
                      w: &[f64],
                      out: &mut Vec<f64>,
                      what: &str,
                      id: &str|
         -> Result<(), CompositeError> {
            let s: f64 = members.iter().map(|&j| w[j]).sum();
            if !(s > 0.0) {
                return Err(CompositeError::Order {
                    path: path.clone(),
                    reason: format!("the weights of {what} {id:?} sum to 0"),
                });
            }
            for &j in members {
                out[j] = w[j] / s;
            }
            Ok(())
        };
        sc.wi_local.clear();
        sc.wi_local.resize(m, 0.0);
        for (d, mem) in self.dim_members.iter().enumerate() {
            if mem.is_empty() {
                return Err(CompositeError::Order {
                    path: path.clone(),
                    reason: format!(
                        "dimension {:?} has no indicators (all excluded?)",
                        self.dims[d]
                    ),
                });
            }
            within(mem, &sc.w[0], &mut sc.wi_local, "dimension", &self.dims[d])?;
        }
        sc.wd_local.clear();
        sc.wd_local.resize(nd, 0.0);
        if has_attr {
            for (a, mem) in self.upper_members.iter().enumerate() {
                within(mem, &sc.w[1], &mut sc.wd_local, "attribute", &self.attrs[a])?;
            }
            sc.wa_local.clear();
            sc.wa_local.resize(na, 0.0);
            let all: Vec<usize> = (0..na).collect();
            within(&all, &sc.w[2], &mut sc.wa_local, "overall", "overall")?;
        } else {
            let all: Vec<usize> = (0..nd).collect();
            within(&all, &sc.w[1], &mut sc.wd_local, "overall", "overall")?;
        }
        if self.clean && !sc.unit_by_unit && self.aggregate_columns(spec, sc, overall) {
            return Ok(());
        }
        sc.dims.clear();
        sc.dims.resize(n * nd, 0.0);
        let fast = spec.dimension == AggMethod::Arithmetic && !self.any_nan;
        if fast {
            for (row, out) in self.x.chunks_exact(m).zip(sc.dims.chunks_exact_mut(nd)) {
                for j in 0..m {
                    out[self.ind_dim[j]] += sc.wi_local[j] * row[j];
                }
            }
        } else {
            for i in 0..n {
                let row = &self.x[i * m..(i + 1) * m];
                let lrow = &self.logx[i * m..(i + 1) * m];
                for (d, mem) in self.dim_members.iter().enumerate() {
                    sc.xs.clear();
                    sc.ls.clear();
                    sc.ws.clear();
                    for &j in mem {
                        sc.xs.push(row[j]);
                        sc.ls.push(lrow[j]);
                        sc.ws.push(sc.wi_local[j]);
                    }
                    sc.dims[i * nd + d] = agg(&sc.xs, Some(&sc.ls), &sc.ws, spec.dimension, spec)
                        .map_err(|(t, v, why)| CompositeError::Domain {
                        path: path.with("dimension"),
                        unit: self.units[i].clone(),
                        column: self.ids[mem[t]].clone(),
                        value: v,
                        reason: why,
                    })?;
                }
            }
        }
        if has_attr {
            sc.attrs.clear();
            sc.attrs.resize(na, 0.0);
        }
        for i in 0..n {
            let drow = &sc.dims[i * nd..(i + 1) * nd];
            if has_attr {
                for (a, mem) in self.upper_members.iter().enumerate() {
                    sc.xs.clear();
                    sc.ws.clear();
                    for &d in mem {
                        sc.xs.push(drow[d]);
                        sc.ws.push(sc.wd_local[d]);
                    }
                    sc.attrs[a] = agg(&sc.xs, None, &sc.ws, spec.attribute, spec).map_err(
                        |(t, v, why)| CompositeError::Domain {
                            path: path.with("attribute"),
                            unit: self.units[i].clone(),
                            column: self.dims[mem[t]].clone(),
                            value: v,
                            reason: why,
                        },
                    )?;
                }
                overall[i] = agg(&sc.attrs, None, &sc.wa_local, spec.overall, spec).map_err(
                    |(t, v, why)| CompositeError::Domain {
                        path: path.with("overall"),
                        unit: self.units[i].clone(),
                        column: self.attrs[t].clone(),
                        value: v,
                        reason: why,
                    },
                )?;
            } else {
                overall[i] =
                    agg(drow, None, &sc.wd_local, spec.overall, spec).map_err(|(t, v, why)| {
                        CompositeError::Domain {
                            path: path.with("overall"),
                            unit: self.units[i].clone(),
                            column: self.dims[t].clone(),
                            value: v,
                            reason: why,
                        }
                    })?;
            }
        }
        let _ = &self.dim_attr;
        Ok(())
    }

    /// The same aggregation as [`Prefix::aggregate`] after its weights, level by level for all
    /// units at once (`super::fast`), on a clean table. Returns false, leaving the work to the
    /// unit-by-unit code, when an upper level meets a value that is not finite and > 0 (where
    /// `agg`'s zero and missing-value rules would apply).
    fn aggregate_columns(
        &self,
        spec: &AggregateSpec,
        sc: &mut Scratch,
        overall: &mut [f64],
    ) -> bool {
        let n = self.n;
        let nd = self.dims.len();
        let na = self.attrs.len();
        // agg's weights: w / Σ w (Σ from 0.0 in member order), 0 when Σ w ≤ 0
        fn normalised(members: &[usize], w: &[f64], out: &mut Vec<f64>) {
            let mut wsum = 0.0;
            for &j in members {
                wsum += w[j];
            }
            out.clear();
            out.extend(
                members
                    .iter()
                    .map(|&j| if wsum > 0.0 { w[j] / wsum } else { 0.0 }),
            );
        }
        sc.dcols.resize(nd * n, 0.0);
        for (d, mem) in self.dim_members.iter().enumerate() {
            let start = if spec.dimension == AggMethod::Arithmetic {
                // the arithmetic fast path of `aggregate`: the within-dimension weights as they
                // are, summed from +0.0
                sc.mw.clear();
                sc.mw.extend(mem.iter().map(|&j| sc.wi_local[j]));
                0.0
            } else {
                normalised(mem, &sc.wi_local, &mut sc.mw);
                -0.0
            };
            fast::level(
                &mut sc.dcols[d * n..(d + 1) * n],
                &self.xt,
                Some(&self.logxt),
                n,
                mem,
                &sc.mw,
                spec.dimension,
                start,
                &mut sc.level,
            );
        }
        if !fast::all_positive(&sc.dcols) {
            return false;
        }
        if na > 0 {
            sc.acols.resize(na * n, 0.0);
            for (a, mem) in self.upper_members.iter().enumerate() {
                normalised(mem, &sc.wd_local, &mut sc.mw);
                fast::level(
                    &mut sc.acols[a * n..(a + 1) * n],
                    &sc.dcols,
                    None,
                    n,
                    mem,
                    &sc.mw,
                    spec.attribute,
                    -0.0,
                    &mut sc.level,
                );
            }
            if !fast::all_positive(&sc.acols) {
                return false;
            }
            let all: Vec<usize> = (0..na).collect();
            normalised(&all, &sc.wa_local, &mut sc.mw);
            fast::level(
                overall,
                &sc.acols,
                None,
                n,
                &all,
                &sc.mw,
                spec.overall,
                -0.0,
                &mut sc.level,
            );
        } else {
            let all: Vec<usize> = (0..nd).collect();
            normalised(&all, &sc.wd_local, &mut sc.mw);
            fast::level(
                overall,
                &sc.dcols,
                None,
                n,
                &all,
                &sc.mw,
                spec.overall,
                -0.0,
                &mut sc.level,
            );
        }
        true
    }
}

/// `composite`'s weighted mean (pipeline.rs `agg`), with the natural logs of `xs` optionally
/// precomputed (`libm::log(x + 0.0)` = `libm::log(x)`, so the result is the same bit for bit).
fn agg(
    xs: &[f64],
    logs: Option<&[f64]>,
    ws: &[f64],
    method: AggMethod,
    spec: &AggregateSpec,
) -> Result<f64, (usize, f64, String)> {
    let mut wsum = 0.0;
    let mut any = false;
    for (t, (&x, &w)) in xs.iter().zip(ws).enumerate() {
        if x.is_nan() {
            if spec.missing == MissingRule::Error {
                return Err((
                    t,
                    x,
                    "missing value: impute first or set missing = \"skip\"".into(),
                ));
            }
        } else {
            wsum += w;
            any = true;
        }
    }
    if !any {
        return Ok(f64::NAN);
    }
    let wn = |w: f64| if wsum > 0.0 { w / wsum } else { 0.0 };
    let p = match method {
        AggMethod::Arithmetic => 1.0,
        AggMethod::Geometric => 0.0,
        AggMethod::Harmonic => -1.0,
        AggMethod::Power { p } => p,
        AggMethod::Minimum => {
            return Ok(xs
                .iter()
                .copied()
                .filter(|x| !x.is_nan())
                .fold(f64::INFINITY, f64::min));
        }
    };
    if p == 1.0 {
        return Ok(xs
            .iter()
            .zip(ws)
            .filter(|(x, _)| !x.is_nan())
            .map(|(&x, &w)| wn(w) * x)
            .sum());
    }
    let mut shift = 0.0;
    for (t, &x) in xs.iter().enumerate() {
        if x.is_nan() {
            continue;
        }
        if x < 0.0 {
            return Err((t, x, "geometric, harmonic and power means need values ≥ 0 (normalise to a non-negative range, e.g. min–max)".into()));
        }
        if x == 0.0 && p <= 0.0 && wn(ws[t]) > 0.0 {
            match spec.zero_rule {
                ZeroRule::Zero => return Ok(0.0),
                ZeroRule::Error => {
                    return Err((
                        t,
                        x,
                        "a zero in a geometric/harmonic mean (zero_rule = error)".into(),
                    ));
                }
                ZeroRule::Shift => shift = spec.epsilon,
            }
        }
    }
    let v = if p == 0.0 {
        match logs {
            Some(ls) if shift == 0.0 => {
                let s: f64 = xs
                    .iter()
                    .zip(ws)
                    .zip(ls)
                    .filter(|((x, _), _)| !x.is_nan())
                    .map(|((_, &w), &l)| wn(w) * l)
                    .sum();
                libm::exp(s)
            }
            _ => {
                let s: f64 = xs
                    .iter()
                    .zip(ws)
                    .filter(|(x, _)| !x.is_nan())
                    .map(|(&x, &w)| wn(w) * libm::log(x + shift))
                    .sum();
                libm::exp(s)
            }
        }
    } else if p == -1.0 {
        let s: f64 = xs
            .iter()
            .zip(ws)
            .filter(|(x, _)| !x.is_nan())
            .map(|(&x, &w)| wn(w) / (x + shift))
            .sum();
        1.0 / s
    } else {
        let s: f64 = xs
            .iter()
            .zip(ws)
            .filter(|(x, _)| !x.is_nan())
            .map(|(&x, &w)| wn(w) * libm::pow(x + shift, p))
            .sum();
        libm::pow(s, 1.0 / p)
    };
    Ok(v - shift)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::composite::{GroupSpec, IndicatorMeta};

    /// The column-wise kernel gives the unit-by-unit results bit for bit: random clean tables
    /// with and without attributes, every aggregation method at every level, random weights.
    #[test]
    fn column_kernel_equals_unit_by_unit() {
        let mut s = Stream::new(5, 99, 0);
        let methods = [
            AggMethod::Arithmetic,
            AggMethod::Geometric,
            AggMethod::Harmonic,
            AggMethod::Power { p: 2.0 },
            AggMethod::Power { p: 1.0 },
            AggMethod::Power { p: -0.5 },
            AggMethod::Minimum,
        ];
        let mut checked = 0;
        for case in 0..6 {
            let n = 37 + 50 * case;
            let dims = ["d0", "d0", "d1", "d1", "d1", "d2", "d3"];
            let ind: Vec<IndicatorMeta> = dims
                .iter()
                .enumerate()
                .map(|(j, d)| IndicatorMeta::new(format!("i{j}"), *d))
                .collect();
            let m = ind.len();
            let vals: Vec<f64> = (0..n * m).map(|_| s.uniform() * 50.0 + 0.1).collect();
            let mut data = Dataset::new((0..n).map(|i| format!("u{i}")).collect(), ind, vals);
            if case % 2 == 1 {
                data.hierarchy.dimensions = vec![
                    GroupSpec::new("d0", Some("a0")),
                    GroupSpec::new("d1", Some("a0")),
                    GroupSpec::new("d2", Some("a1")),
                    GroupSpec::new("d3", Some("a1")),
                ];
                data.hierarchy.attributes =
                    vec![GroupSpec::new("a0", None), GroupSpec::new("a1", None)];
            }
            let range = if case < 4 { "[1, 100]" } else { "[0.5, 3]" };
            let p: Pipeline = serde_json::from_str(&format!(
                r#"{{"steps": [{{"step": "normalise", "range": {range}}}, {{"step": "aggregate"}}]}}"#
            ))
            .unwrap();
            let factors = vec![Factor::WeightNoise {
                level: WeightLevel::Indicator,
                share: 0.9,
            }];
            let prep = Prepared::new(&p, &data, &factors, Target::Overall, &Path::root()).unwrap();
            let pre = prep.prefix(&[None], 0).unwrap();
            assert!(pre.clean);
            let mut fast_sc = Scratch::default();
            let mut slow_sc = Scratch {
                unit_by_unit: true,
                ..Scratch::default()
            };
            for &dm in &methods {
                for &am in &methods {
                    for &om in &methods {
                        if case % 2 == 0 && am != AggMethod::Arithmetic {
                            continue;
                        }
                        let spec = AggregateSpec {
                            dimension: dm,
                            attribute: am,
                            overall: om,
                            ..pre.spec.clone()
                        };
                        let w = prep.factors[0].draw(&mut s);
                        let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
                        for (sc, out) in [(&mut fast_sc, &mut a), (&mut slow_sc, &mut b)] {
                            sc.w = pre.w.clone();
                            if let Draw::Values(v) = &w {
                                sc.w[0].clone_from(v);
                            }
                            pre.aggregate(&spec, sc, out).unwrap();
                        }
                        let (ba, bb): (Vec<u64>, Vec<u64>) = (
                            a.iter().map(|x| x.to_bits()).collect(),
                            b.iter().map(|x| x.to_bits()).collect(),
                        );
                        assert_eq!(ba, bb, "case {case}: {dm:?} {am:?} {om:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 500);
    }
}
