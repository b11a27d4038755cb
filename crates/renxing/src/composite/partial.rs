//! The pipeline over partitioned data (issue 15: Dask): statistics passes whose partials merge
//! associatively, then an apply per partition, then a small finish on the gathered per-unit
//! columns.
//!
//! A pipeline needs whole-column statistics at a few points (the check's per-indicator
//! records, imputation fills, normalisation ranges, entropy and standard-deviation weights,
//! TOPSIS's √Σx² and ideal points). Each such point is a *stage*: [`stage_partial`] computes,
//! for one partition and the merged statistics of the earlier stages, the partition's
//! [`StagePartial`] (a [`ColumnSummary`], [`EntropyPartials`] when an entropy weighting
//! reads that point, [`CoMoments`] when a CRITIC weighting does); [`merge_partials`] combines two (associative; merge in partition order
//! for the in-memory shifts); [`apply_partition`] turns one partition and every stage's merged
//! statistics into its per-unit results; [`finish`] ranks and bands the gathered per-unit
//! columns and reports the global statistics (check, fills, weights, TOPSIS ideals).
//!
//! The apply runs the core's own steps: the pipeline is *frozen* — every step that needs the
//! whole column is replaced by its row-local equivalent with the global statistics (mean
//! imputation by its fills; min–max and distance-to-max by goalposts at the global range, the
//! same affine map bit for bit; entropy, SD and CRITIC weights by manual weights at the
//! global values, also inside a combined weighting, whose combination the core's step then
//! computes) — and `run_owned` runs it on the partition. Steps that need more than a
//! mergeable summary are refused with `invalid_parameter` naming the step: treatment after any
//! step but checks and imputation (or a check or imputation after it), ranks or z-scores
//! mixed with bounded methods in one normalisation, the target normalisation without a cap,
//! an excluding check after imputation or normalisation (or with a second check). Median
//! imputation and rank and percentile normalisation read the stage's sorted columns
//! (`StagePartial::sorted`, merged exactly): the median as in memory, a unit's min-rank by
//! binary search. Group mean and group median imputation read the stage's
//! [`GroupPartials`] (each partition's rows carry their labels in `Dataset::unit_groups`):
//! per group and column the count, sum and missing count, and for the median the sorted
//! values; the labels merge in order of first appearance, so the fills, the report's group
//! fills, the overall fallback and the first empty group's error are the in-memory ones.
//! Outlier treatment runs in three stages of its own ([`TreatPass`]: the extreme distinct
//! values, the moments of the rest and of the log transform, the units of the winsorised
//! points); the core replays the in-memory winsorisation rounds on them (module `treat`)
//! and the apply maps values row by row ([`MatrixPoint::Treated`]).
//! An excluding check before them decides the failing indicators from its merged stage (the
//! in-memory rule on the global summary) and each unit from its own row; the later stages
//! and the apply drop the failing rows and columns first ([`MatrixPoint::Kept`]). Cost distance-to-max maps x to min/x with the global
//! minimum before goalposts [0, 1]; the capped target normalisation is goalposts [min, T]
//! (cost [T, max]); a constant column given a value stays constant on every partition, where
//! the core's min–max gives it the value.

use std::collections::BTreeMap;

mod treat;
pub use treat::{Extreme, TreatPartials, TreatPass};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::{Dataset, Direction, IndicatorMeta};
use super::error::{CompositeError, FieldPath, MissingCell};
use super::pipeline::{
    run_owned, GroupFill, IndicatorCheck, ObstacleReport, PipelineResult, RankColumn, StepReport,
    TreatColumn, UnitCheck, WeightDetail, WeightReport,
};
use super::stats::{competition_ranks_desc, quantile_select, ColumnSummary, EntropyPartials};
use super::steps::{
    BandMethod, CheckAction, CheckSpec, ConstantRule, ImputeMethod, ImputeSpec, NormMethod,
    NormaliseSpec, Pipeline, Step, Target, TopsisWeights, WeightLevel, WeightMethod, WeightSpec,
};
use super::topsis::topsis_with;
use super::weights::{critic_finish, entropy_finish, normalise_sum};

/// The version of [`StagePartial`]'s serialised form (a partial of another version is refused).
pub const PARTIAL_VERSION: u32 = 3;

/// Where in the pipeline a stage reads the matrix.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MatrixPoint {
    /// The input values.
    Input,
    /// The input after the check's exclusion of failing units and indicators.
    Kept,
    /// After mean imputation.
    Imputed,
    /// After outlier treatment.
    Treated,
    /// After normalisation.
    Normalised,
}

/// One statistics pass.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanStage {
    /// The point of the matrix it summarises.
    pub point: MatrixPoint,
    /// The steps (indices) that read it.
    pub steps: Vec<usize>,
    /// The shift of the entropy weighting that reads it, if one does.
    pub entropy_shift: Option<f64>,
    /// Whether a CRITIC weighting reads it (the partials then carry [`CoMoments`]).
    #[serde(default)]
    pub comoments: bool,
    /// Whether a median imputation or a percentile-rank normalisation reads it (the partials
    /// then carry sorted columns).
    #[serde(default)]
    pub sorted: bool,
    /// Which pass of an outlier treatment the stage is (the stage then serves only it).
    #[serde(default)]
    pub treat: Option<TreatPass>,
}

/// The passes a pipeline needs over partitioned data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PartitionPlan {
    /// [`PARTIAL_VERSION`].
    pub version: u32,
    /// The statistics passes, in order (stage k reads the merged statistics of stages < k).
    pub stages: Vec<PlanStage>,
    /// Whether [`finish`] ranks or bands by quantiles (it then needs the gathered columns).
    pub gathers: bool,
}

/// One partition's (or a merge of several partitions') statistics for one stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StagePartial {
    /// [`PARTIAL_VERSION`].
    pub version: u32,
    /// The stage index in the plan.
    pub stage: usize,
    /// The column summary of the matrix at the stage's point.
    pub summary: ColumnSummary,
    /// Σx and Σ x ln x after the entropy shift, when the stage has one.
    pub entropy: Option<EntropyPartials>,
    /// Count, means and centred cross-products of the complete rows, when a CRITIC weighting
    /// reads the stage.
    #[serde(default)]
    pub comoments: Option<CoMoments>,
    /// The first missing cells (at most the imputation's `max_listed`, in row order), for the
    /// error of `impute = none`.
    pub missing: Vec<MissingCell>,
    /// The number of units passing an excluding check, when the stage holds one.
    #[serde(default)]
    pub units_passed: Option<u64>,
    /// The non-missing values of each column, sorted ascending (empty for a column no step
    /// of the stage orders), when a median imputation or a percentile-rank normalisation
    /// reads the stage: 8 bytes per value.
    #[serde(default)]
    pub sorted: Option<Vec<Vec<f64>>>,
    /// Per-group statistics of the grouping column `by`, when a group mean or group median
    /// imputation reads the stage.
    #[serde(default)]
    pub groups: Option<GroupPartials>,
    /// An outlier treatment's pass statistics, when the stage is one of its passes.
    #[serde(default)]
    pub treat: Option<TreatPartials>,
}

/// Mergeable per-group statistics of a group imputation: the group labels in order of first
/// appearance and, per group and column (row-major groups × columns), the count and sum of
/// the present values, the count of the missing ones and (group median) the present values
/// sorted ascending. Merged in partition order, the labels keep the in-memory order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupPartials {
    /// Group labels, in order of first appearance.
    pub labels: Vec<String>,
    /// Present values per group and column.
    pub count: Vec<u64>,
    /// Σx of the present values per group and column.
    pub sum: Vec<f64>,
    /// Missing values per group and column.
    pub missing: Vec<u64>,
    /// The present values per group and column, sorted ascending (group median only).
    pub sorted: Option<Vec<Vec<f64>>>,
}

impl GroupPartials {
    /// The statistics of a row-major matrix of `m` columns whose rows carry `labels`.
    #[must_use]
    pub fn of(values: &[f64], m: usize, labels: &[String], sorted: bool) -> Self {
        let mut g = GroupPartials {
            sorted: sorted.then(Vec::new),
            ..GroupPartials::default()
        };
        if m == 0 {
            return g;
        }
        let mut at: BTreeMap<&str, usize> = BTreeMap::new();
        for (row, label) in values.chunks_exact(m).zip(labels) {
            let k = match at.get(label.as_str()) {
                Some(&k) => k,
                None => {
                    let k = g.labels.len();
                    at.insert(label.as_str(), k);
                    g.labels.push(label.clone());
                    g.count.extend(std::iter::repeat_n(0, m));
                    g.sum.extend(std::iter::repeat_n(0.0, m));
                    g.missing.extend(std::iter::repeat_n(0, m));
                    if let Some(s) = g.sorted.as_mut() {
                        s.extend(std::iter::repeat_n(Vec::new(), m));
                    }
                    k
                }
            };
            for (j, &v) in row.iter().enumerate() {
                let c = k * m + j;
                if v.is_nan() {
                    g.missing[c] += 1;
                } else {
                    g.count[c] += 1;
                    g.sum[c] += v;
                    if let Some(s) = g.sorted.as_mut() {
                        s[c].push(v);
                    }
                }
            }
        }
        if let Some(s) = g.sorted.as_mut() {
            for v in s.iter_mut() {
                v.sort_unstable_by(f64::total_cmp);
            }
        }
        g
    }

    /// Whether the per-group vectors have one entry per group and column.
    fn well_formed(&self, m: usize) -> bool {
        let k = self.labels.len() * m;
        self.count.len() == k
            && self.sum.len() == k
            && self.missing.len() == k
            && self.sorted.as_ref().is_none_or(|s| s.len() == k)
    }

    /// Adds the statistics of later rows (`m` columns; both well formed).
    fn merge(&mut self, b: &GroupPartials, m: usize) {
        for (kb, label) in b.labels.iter().enumerate() {
            let k = match self.labels.iter().position(|l| l == label) {
                Some(k) => k,
                None => {
                    self.labels.push(label.clone());
                    self.count.extend(std::iter::repeat_n(0, m));
                    self.sum.extend(std::iter::repeat_n(0.0, m));
                    self.missing.extend(std::iter::repeat_n(0, m));
                    if let Some(s) = self.sorted.as_mut() {
                        s.extend(std::iter::repeat_n(Vec::new(), m));
                    }
                    self.labels.len() - 1
                }
            };
            for j in 0..m {
                let (c, cb) = (k * m + j, kb * m + j);
                self.count[c] += b.count[cb];
                self.sum[c] += b.sum[cb];
                self.missing[c] += b.missing[cb];
                if let (Some(s), Some(t)) = (self.sorted.as_mut(), b.sorted.as_ref()) {
                    s[c] = merge_sorted(&s[c], &t[cb]);
                }
            }
        }
    }
}

/// Mergeable co-moments of the columns of a matrix: the count of complete rows, the column
/// means and the centred cross-products C_jk = Σ (x_j − x̄_j)(x_k − x̄_k) (row-major m × m,
/// symmetric), merged by the pairwise update of Chan, Golub & LeVeque (1979):
/// C = C_a + C_b + δ_j δ_k n_a n_b / n with δ = x̄_b − x̄_a. The CRITIC weighting's
/// covariances are C_jk / (n − 1). Rows with a missing value are left out (CRITIC refuses
/// incomplete data before reading these).
///
/// ```
/// use renxing::composite::partial::CoMoments;
/// let x = [1.0, 2.0, 2.0, 4.0, 3.0, 7.0, 4.0, 7.5];
/// let mut a = CoMoments::of(&x[..4], 2);
/// a.merge(&CoMoments::of(&x[4..], 2));
/// let whole = CoMoments::of(&x, 2);
/// assert_eq!(a.n, 4);
/// for (p, q) in a.c.iter().zip(&whole.c) {
///     assert!((p - q).abs() < 1e-12);
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CoMoments {
    /// Complete rows.
    pub n: u64,
    /// Column means of the complete rows.
    pub mean: Vec<f64>,
    /// Centred cross-products, row-major m × m.
    pub c: Vec<f64>,
}

impl CoMoments {
    /// Empty co-moments of m columns.
    #[must_use]
    pub fn new(m: usize) -> Self {
        CoMoments {
            n: 0,
            mean: vec![0.0; m],
            c: vec![0.0; m * m],
        }
    }

    /// The co-moments of a row-major matrix of m columns (two passes: means, then centred
    /// products), rows with a missing value left out.
    #[must_use]
    pub fn of(values: &[f64], m: usize) -> Self {
        let mut out = CoMoments::new(m);
        if m == 0 {
            return out;
        }
        let complete = |row: &&[f64]| !row.iter().any(|v| v.is_nan());
        let mut sum = vec![0.0; m];
        for row in values.chunks_exact(m).filter(complete) {
            out.n += 1;
            for (s, v) in sum.iter_mut().zip(row) {
                *s += v;
            }
        }
        if out.n == 0 {
            return out;
        }
        let nf = out.n as f64;
        for (mu, s) in out.mean.iter_mut().zip(&sum) {
            *mu = s / nf;
        }
        let mut d = vec![0.0; m];
        for row in values.chunks_exact(m).filter(complete) {
            for j in 0..m {
                d[j] = row[j] - out.mean[j];
            }
            for j in 0..m {
                let dj = d[j];
                let cj = &mut out.c[j * m..(j + 1) * m];
                for k in j..m {
                    cj[k] += dj * d[k];
                }
            }
        }
        for j in 0..m {
            for k in 0..j {
                out.c[j * m + k] = out.c[k * m + j];
            }
        }
        out
    }

    /// Merges another set of co-moments (the pairwise update; associative up to rounding).
    pub fn merge(&mut self, b: &CoMoments) {
        if b.n == 0 || b.mean.len() != self.mean.len() {
            return;
        }
        if self.n == 0 {
            *self = b.clone();
            return;
        }
        let m = self.mean.len();
        let (na, nb) = (self.n as f64, b.n as f64);
        let n = na + nb;
        let delta: Vec<f64> = (0..m).map(|j| b.mean[j] - self.mean[j]).collect();
        let f = na * nb / n;
        for j in 0..m {
            for k in 0..m {
                self.c[j * m + k] += b.c[j * m + k] + delta[j] * delta[k] * f;
            }
        }
        for j in 0..m {
            self.mean[j] += delta[j] * nb / n;
        }
        self.n += b.n;
    }
}

/// The objective weightings inside a weight step: itself, or the sets of a combined one
/// (nested).
fn objective_leaves<'a>(w: &'a WeightSpec, out: &mut Vec<&'a WeightSpec>) {
    match w.method {
        WeightMethod::Entropy | WeightMethod::Critic | WeightMethod::StdDev => out.push(w),
        WeightMethod::Combined => {
            for s in [&w.subjective, &w.objective].into_iter().flatten() {
                objective_leaves(s, out);
            }
        }
        _ => {}
    }
}

/// One partition's per-unit results (rows in the partition's order).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PartitionResult {
    /// Rows.
    pub rows: usize,
    /// The check's per-unit records (ids empty).
    pub check: Option<Vec<UnitCheck>>,
    /// Dimension ids.
    pub dimensions: Vec<String>,
    /// Attribute ids.
    pub attributes: Vec<String>,
    /// Dimension aggregates, row-major rows × dimensions.
    pub dimension_values: Option<Vec<f64>>,
    /// Attribute aggregates, row-major rows × attributes.
    pub attribute_values: Option<Vec<f64>>,
    /// The overall index.
    pub overall: Option<Vec<f64>>,
    /// TOPSIS D⁺, D⁻ and closeness.
    pub topsis: Option<[Vec<f64>; 3]>,
    /// The obstacle degree (tables without rows).
    pub obstacle: Option<ObstacleReport>,
    /// With a check that excludes: the ids of the units kept (the rows of the per-unit
    /// results; `check` still has every row).
    #[serde(default)]
    pub kept: Option<Vec<String>>,
}

/// The global part of a partitioned run and the ranks and bands of the gathered columns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FinishReport {
    /// The check's per-indicator records (as the in-memory check's).
    pub check_indicators: Option<Vec<IndicatorCheck>>,
    /// Mean imputation: the fill per indicator and the number of cells filled.
    pub fills: Option<Vec<(String, f64, usize)>>,
    /// Weight reports of the weighting steps, in step order.
    pub weights: Vec<WeightReport>,
    /// TOPSIS ideal and anti-ideal (weighted units) and normalised weights.
    pub topsis: Option<[Vec<f64>; 3]>,
    /// Band columns: target, id, cuts and bands (−1 = missing).
    pub bands: Vec<(Target, String, Vec<f64>, Vec<i64>)>,
    /// Level ids of the banding.
    pub band_levels: Vec<String>,
    /// Rank columns (ties named by unit ids when given).
    pub ranks: Vec<RankColumn>,
    /// The indicators an excluding check removed.
    #[serde(default)]
    pub excluded_indicators: Vec<String>,
    /// Group mean or group median imputation: the value filled per group and indicator (as
    /// the in-memory report's `group_fills`; `fills` then gives the counts, fill NaN).
    #[serde(default)]
    pub group_fills: Vec<GroupFill>,
    /// Outlier treatment: the in-memory report's columns (skewness and kurtosis before,
    /// after winsorising and final; the winsorised points with their units; the transform).
    #[serde(default)]
    pub treatment: Option<Vec<TreatColumn>>,
}

fn unsupported(path: FieldPath, value: String, what: &str) -> CompositeError {
    CompositeError::InvalidParameter {
        path,
        value,
        reason: format!(
            "{what} needs more than mergeable column statistics and is not available on partitioned data (renxing.dask); run it in memory"
        ),
    }
}

fn method_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Where the matrix-changing steps are.
struct Shape {
    exclude: Option<usize>,
    impute: Option<usize>,
    treat: Option<usize>,
    normalise: Option<usize>,
}

impl Shape {
    fn point(&self, step: usize) -> MatrixPoint {
        if self.normalise.is_some_and(|k| k < step) {
            MatrixPoint::Normalised
        } else if self.treat.is_some_and(|k| k < step) {
            MatrixPoint::Treated
        } else if self.impute.is_some_and(|k| k < step) {
            MatrixPoint::Imputed
        } else if self.exclude.is_some_and(|k| k < step) {
            MatrixPoint::Kept
        } else {
            MatrixPoint::Input
        }
    }
}

fn shape(pipeline: &Pipeline) -> Result<Shape, CompositeError> {
    let mut s = Shape {
        exclude: None,
        impute: None,
        treat: None,
        normalise: None,
    };
    let checks = pipeline
        .steps
        .iter()
        .filter(|s| matches!(s, Step::Check(_)))
        .count();
    for (i, step) in pipeline.steps.iter().enumerate() {
        let path = FieldPath::new(["steps"]).with(i);
        match step {
            Step::Check(c) => {
                if c.action == CheckAction::Exclude {
                    if s.impute.is_some() || s.normalise.is_some() {
                        return Err(unsupported(
                            path.with("action"),
                            "exclude".into(),
                            "an excluding check after imputation or normalisation",
                        ));
                    }
                    if checks > 1 {
                        return Err(unsupported(
                            path.with("action"),
                            "exclude".into(),
                            "an excluding check with another check in the pipeline",
                        ));
                    }
                    s.exclude = Some(i);
                }
                if s.normalise.is_some() || s.treat.is_some() {
                    return Err(unsupported(
                        path,
                        "check".into(),
                        "a check after treatment or normalisation",
                    ));
                }
            }
            Step::Impute(sp) => match sp.method {
                ImputeMethod::None => {}
                _ => {
                    if s.impute.is_some() || s.normalise.is_some() || s.treat.is_some() {
                        return Err(unsupported(
                            path,
                            "impute".into(),
                            "a second imputation, or one after treatment or normalisation,",
                        ));
                    }
                    s.impute = Some(i);
                }
            },
            Step::Treat(_) => {
                if s.treat.is_some()
                    || pipeline.steps[..i]
                        .iter()
                        .any(|p| !matches!(p, Step::Check(_) | Step::Impute(_)))
                {
                    return Err(unsupported(
                        path,
                        "treat".into(),
                        "outlier treatment after a step other than a check or an imputation (or a second one)",
                    ));
                }
                s.treat = Some(i);
            }
            Step::Normalise(sp) => {
                if s.normalise.is_some() {
                    // the in-memory run refuses it too; let the frozen run say so
                    continue;
                }
                let methods: Vec<NormMethod> = std::iter::once(sp.method)
                    .chain(sp.overrides.values().copied())
                    .collect();
                for mth in &methods {
                    if !matches!(
                        mth,
                        NormMethod::MinMax
                            | NormMethod::ZScore
                            | NormMethod::Goalposts
                            | NormMethod::DistanceToMax
                            | NormMethod::Target
                            | NormMethod::PercentileRank
                            | NormMethod::Rank
                    ) {
                        return Err(unsupported(
                            path.with("method"),
                            method_name(mth),
                            "this normalisation",
                        ));
                    }
                }
                let unbounded =
                    |m: &&NormMethod| matches!(m, NormMethod::ZScore | NormMethod::Rank);
                let z = methods.iter().filter(unbounded).count();
                if z > 0 && z < methods.len() {
                    return Err(unsupported(
                        path.with("overrides"),
                        method_name(methods.iter().find(unbounded).unwrap_or(&sp.method)),
                        "z-scores or ranks mixed with bounded methods in one step",
                    ));
                }
                s.normalise = Some(i);
            }
            Step::Weight(w) => weight_supported(w, &path)?,
            Step::Aggregate(_) | Step::Band(_) | Step::Topsis(_) | Step::Obstacle(_) => {}
            Step::Rank(_) => {}
        }
    }
    Ok(s)
}

fn weight_supported(w: &WeightSpec, path: &FieldPath) -> Result<(), CompositeError> {
    let mut leaves = Vec::new();
    objective_leaves(w, &mut leaves);
    let shifts: Vec<u64> = leaves
        .iter()
        .filter(|l| l.method == WeightMethod::Entropy)
        .map(|l| l.entropy_shift.to_bits())
        .collect();
    if shifts.windows(2).any(|p| p[0] != p[1]) {
        return Err(unsupported(
            path.clone(),
            "weight".into(),
            "two entropy weightings with different shifts in one combined step",
        ));
    }
    Ok(())
}

/// The statistics passes `pipeline` needs on partitioned data.
///
/// # Errors
/// A step that cannot run on partitions (`invalid_parameter` at the step).
pub fn partition_plan(pipeline: &Pipeline) -> Result<PartitionPlan, CompositeError> {
    let sh = shape(pipeline)?;
    let mut stages: Vec<PlanStage> = Vec::new();
    let mut gathers = false;
    for (i, step) in pipeline.steps.iter().enumerate() {
        if let Step::Treat(_) = step {
            for pass in [TreatPass::Extremes, TreatPass::Moments, TreatPass::Units] {
                stages.push(PlanStage {
                    point: sh.point(i),
                    steps: vec![i],
                    entropy_shift: None,
                    comoments: false,
                    sorted: false,
                    treat: Some(pass),
                });
            }
            continue;
        }
        let mut critic = false;
        let sorted = match step {
            Step::Impute(sp) => sp.method == ImputeMethod::Median,
            Step::Normalise(sp) => std::iter::once(&sp.method)
                .chain(sp.overrides.values())
                .any(|m| matches!(m, NormMethod::PercentileRank | NormMethod::Rank)),
            _ => false,
        };
        let entropy = match step {
            Step::Weight(w) => {
                let mut leaves = Vec::new();
                objective_leaves(w, &mut leaves);
                critic = leaves.iter().any(|l| l.method == WeightMethod::Critic);
                if leaves.is_empty() {
                    None
                } else {
                    Some(
                        leaves
                            .iter()
                            .find(|l| l.method == WeightMethod::Entropy)
                            .map(|l| l.entropy_shift),
                    )
                }
            }
            Step::Check(_) | Step::Impute(_) | Step::Normalise(_) | Step::Topsis(_) => Some(None),
            Step::Rank(_) => {
                gathers = true;
                None
            }
            Step::Band(b) => {
                gathers |= b.method == BandMethod::Quantiles;
                None
            }
            _ => None,
        };
        let Some(shift) = entropy else { continue };
        let point = sh.point(i);
        let found = stages.iter_mut().rev().find(|s| {
            s.point == point
                && s.treat.is_none()
                && (shift.is_none()
                    || s.entropy_shift.is_none()
                    || s.entropy_shift.map(f64::to_bits) == shift.map(f64::to_bits))
        });
        match found {
            Some(s) => {
                s.steps.push(i);
                if shift.is_some() {
                    s.entropy_shift = shift;
                }
                s.comoments |= critic;
                s.sorted |= sorted;
            }
            None => stages.push(PlanStage {
                point,
                steps: vec![i],
                entropy_shift: shift,
                comoments: critic,
                sorted,
                treat: None,
            }),
        }
    }
    Ok(PartitionPlan {
        version: PARTIAL_VERSION,
        stages,
        gathers,
    })
}

fn stage_of(plan: &PartitionPlan, step: usize) -> Option<usize> {
    plan.stages.iter().position(|s| s.steps.contains(&step))
}

fn stats_for<'a>(
    plan: &PartitionPlan,
    stats: &'a [StagePartial],
    step: usize,
) -> Result<&'a StagePartial, CompositeError> {
    let k = stage_of(plan, step).unwrap_or(usize::MAX);
    match stats.get(k) {
        Some(p) if p.version == PARTIAL_VERSION && p.stage == k => Ok(p),
        _ => Err(CompositeError::InvalidParameter {
            path: FieldPath::new(["stats"]).with(k.min(stats.len())),
            value: format!("{} stages given", stats.len()),
            reason: format!(
                "step {step} needs the merged statistics of stage {k} (version {PARTIAL_VERSION})"
            ),
        }),
    }
}

/// The merged statistics of the first `want` of the treatment's three passes.
fn treat_stats<'a>(
    plan: &PartitionPlan,
    stats: &'a [StagePartial],
    step: usize,
    want: usize,
) -> Result<Vec<&'a StagePartial>, CompositeError> {
    let k = stage_of(plan, step).unwrap_or(usize::MAX);
    (0..want)
        .map(|d| {
            let s = k.saturating_add(d);
            match stats.get(s) {
                Some(p) if p.version == PARTIAL_VERSION && p.stage == s => Ok(p),
                _ => Err(CompositeError::InvalidParameter {
                    path: FieldPath::new(["stats"]).with(s.min(stats.len())),
                    value: format!("{} stages given", stats.len()),
                    reason: format!(
                        "step {step} needs the merged statistics of stage {s} (version {PARTIAL_VERSION})"
                    ),
                }),
            }
        })
        .collect()
}

/// The median of sorted values, as `stats::median` takes it (NaN when none).
fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The fills of the mean or median imputation (global means, or medians of the merged sorted
/// columns), checked as the in-memory step checks.
fn fills(
    data: &Dataset,
    p: &StagePartial,
    method: ImputeMethod,
    path: &FieldPath,
) -> Result<Vec<(String, f64, usize)>, CompositeError> {
    let cs = &p.summary;
    let n = cs.rows;
    let mut out = Vec::with_capacity(data.indicators.len());
    for (j, meta) in data.indicators.iter().enumerate() {
        let missing = (n - cs.count[j]) as usize;
        let fill = if method == ImputeMethod::Median {
            if missing == 0 {
                f64::NAN
            } else {
                match p.sorted.as_ref().and_then(|s| s.get(j)) {
                    Some(v) if v.len() as u64 == cs.count[j] => median_sorted(v),
                    _ => {
                        return Err(CompositeError::InvalidParameter {
                            path: FieldPath::new(["stats"]).with(p.stage),
                            value: "null".into(),
                            reason: "the stage's sorted columns are missing".into(),
                        })
                    }
                }
            }
        } else {
            cs.mean(j)
        };
        if missing > 0 && fill.is_nan() {
            return Err(CompositeError::Constant {
                path: path.clone(),
                indicator: meta.id.clone(),
                value: f64::NAN,
                reason: "every value is missing, so there is nothing to impute from".into(),
            });
        }
        out.push((meta.id.clone(), fill, missing));
    }
    Ok(out)
}

/// The grouping labels of a group imputation's `by` column in a partition (the in-memory
/// errors when `by` is absent or names no grouping).
fn group_labels<'a>(
    data: &'a Dataset,
    spec: &ImputeSpec,
    path: &FieldPath,
) -> Result<&'a [String], CompositeError> {
    let by = spec
        .by
        .as_ref()
        .ok_or_else(|| CompositeError::InvalidParameter {
            path: path.with("by"),
            value: "null".into(),
            reason: "group imputation needs `by`, the name of a unit grouping column".into(),
        })?;
    data.unit_groups
        .get(by)
        .map(Vec::as_slice)
        .ok_or_else(|| CompositeError::UnknownId {
            path: path.with("by"),
            id: by.clone(),
        })
}

/// The group labels, the fills (groups × columns) and the report's group fills.
type GroupFills = (Vec<String>, Vec<f64>, Vec<GroupFill>);

/// The group imputation's fills from the merged statistics, as the in-memory step takes them:
/// the group labels, the fill per group and column (row-major, NaN where none is needed) and
/// the report's group fills (by column, then group in order of first appearance); the first
/// group without a value of an indicator it needs is the in-memory error unless the
/// overall statistic falls back.
fn group_fills(
    metas: &[IndicatorMeta],
    p: &StagePartial,
    spec: &ImputeSpec,
    path: &FieldPath,
) -> Result<GroupFills, CompositeError> {
    let Some(g) = p.groups.as_ref() else {
        return Err(CompositeError::InvalidParameter {
            path: FieldPath::new(["stats"]).with(p.stage),
            value: "null".into(),
            reason: "the stage's group statistics are missing".into(),
        });
    };
    let cs = &p.summary;
    let m = metas.len();
    let gn = g.labels.len();
    let median = spec.method == ImputeMethod::GroupMedian;
    let sorted = |c: usize| -> Result<&[f64], CompositeError> {
        match g.sorted.as_ref().and_then(|s| s.get(c)) {
            Some(v) if v.len() as u64 == g.count[c] => Ok(v),
            _ => Err(CompositeError::InvalidParameter {
                path: FieldPath::new(["stats"]).with(p.stage),
                value: "null".into(),
                reason: "the stage's sorted group columns are missing".into(),
            }),
        }
    };
    if g.count.len() != gn * m || g.sum.len() != gn * m || g.missing.len() != gn * m {
        return Err(CompositeError::InvalidParameter {
            path: FieldPath::new(["stats"]).with(p.stage),
            value: format!("{} groups", gn),
            reason: "the stage's group statistics do not match the indicators".into(),
        });
    }
    let mut fill = vec![f64::NAN; gn * m];
    let mut report = Vec::new();
    for (j, meta) in metas.iter().enumerate() {
        if cs.rows == cs.count[j] {
            continue;
        }
        let overall = if median {
            let mut all: Vec<f64> = Vec::new();
            for k in 0..gn {
                all = merge_sorted(&all, sorted(k * m + j)?);
            }
            median_sorted(&all)
        } else {
            cs.mean(j)
        };
        for k in 0..gn {
            let c = k * m + j;
            if g.missing[c] == 0 {
                continue;
            }
            let (value, fallback) = if g.count[c] == 0 {
                if spec.fallback_overall && !overall.is_nan() {
                    (overall, true)
                } else {
                    return Err(CompositeError::EmptyGroup {
                        path: path.clone(),
                        group: g.labels[k].clone(),
                        indicator: meta.id.clone(),
                    });
                }
            } else if median {
                (median_sorted(sorted(c)?), false)
            } else {
                (g.sum[c] / g.count[c] as f64, false)
            };
            fill[c] = value;
            report.push(GroupFill {
                group: g.labels[k].clone(),
                indicator: meta.id.clone(),
                value,
                fallback,
            });
        }
    }
    Ok((g.labels.clone(), fill, report))
}

/// A normalisation frozen as the core's goalposts normalisation: the goalposts per indicator,
/// and the indicators first mapped to min/x (cost distance to max: the goalposts [0, 1] of
/// a benefit then give lo + (hi − lo) min/x, the in-memory map).
struct FrozenGoalposts {
    goalposts: Vec<[f64; 2]>,
    premap: Vec<PreMap>,
}

impl PreMap {
    fn apply(&self, x: f64) -> f64 {
        match self {
            PreMap::None => x,
            PreMap::Invert(min) => min / x,
            // 1 + #{v < x} (cost: 1 + #{v > x}), less 1
            PreMap::Rank(sorted, cost) => {
                let below = if *cost {
                    sorted.len() - sorted.partition_point(|s| *s <= x)
                } else {
                    sorted.partition_point(|s| *s < x)
                };
                below as f64
            }
        }
    }
}

/// A map of a column before the frozen goalposts normalisation (the column then counts as a
/// benefit).
#[derive(Clone)]
enum PreMap {
    None,
    /// x → min/x (cost distance to max, goalposts [0, 1]).
    Invert(f64),
    /// x → r − 1, r = the in-memory ascending min-rank in the whole column (cost: of −x),
    /// from the merged sorted column (percentile rank, goalposts [0, count − 1]).
    Rank(Vec<f64>, bool),
}

/// How a normalisation is applied on a partition.
enum Frozen {
    /// The core's goalposts normalisation (constant columns given a value: min–max with
    /// `on_constant = value`, constant on every partition too).
    Goalposts(NormaliseSpec, FrozenGoalposts),
    /// z-scores and ranks: y = a (f(x) − c) + b per column (f: the pre-map; NaN stays), or a
    /// constant.
    Z(Vec<(PreMap, f64, f64, f64)>),
}

fn freeze_normalise(
    spec: &NormaliseSpec,
    metas: &[IndicatorMeta],
    p: &StagePartial,
    path: &FieldPath,
) -> Result<Frozen, CompositeError> {
    let cs = &p.summary;
    let mut gp = Vec::with_capacity(metas.len());
    let mut invert = vec![PreMap::None; metas.len()];
    let mut const_minmax = Vec::new();
    let mut z = Vec::with_capacity(metas.len());
    let mut any_z = false;
    for (j, meta) in metas.iter().enumerate() {
        let method = spec.overrides.get(&meta.id).copied().unwrap_or(spec.method);
        let (mn, mx) = (cs.min[j], cs.max[j]);
        let has = cs.count[j] > 0;
        let constant = has && mn == mx;
        let constant_error = || -> CompositeError {
            CompositeError::Constant {
                path: path.clone(),
                indicator: meta.id.clone(),
                value: mn,
                reason: "set on_constant = \"value\" to give every unit one value, or exclude it with a check step".into(),
            }
        };
        match method {
            NormMethod::ZScore => {
                any_z = true;
                let sd = cs.sd(j);
                if !has {
                    z.push((PreMap::None, 0.0, 0.0, f64::NAN));
                } else if constant || !(sd > 0.0) {
                    if spec.on_constant == ConstantRule::Error {
                        return Err(constant_error());
                    }
                    // 0 (x − c) + b = b: the in-memory constant
                    z.push((
                        PreMap::None,
                        0.0,
                        mn,
                        spec.constant_value.unwrap_or(spec.z_mean),
                    ));
                } else {
                    let s = if meta.direction == Direction::Cost {
                        -1.0
                    } else {
                        1.0
                    };
                    z.push((PreMap::None, s * spec.z_sd / sd, cs.mean(j), spec.z_mean));
                }
            }
            NormMethod::MinMax => {
                if constant {
                    if spec.on_constant == ConstantRule::Error {
                        return Err(constant_error());
                    }
                    // globally constant, so constant on every partition: the core's min–max
                    // gives it the value there, as in memory
                    const_minmax.push(meta.id.clone());
                }
                gp.push(if has && !constant {
                    [mn, mx]
                } else {
                    [0.0, 1.0]
                });
            }
            NormMethod::DistanceToMax if meta.direction == Direction::Cost => {
                if has && !(mn > 0.0) {
                    return Err(CompositeError::Domain {
                        path: path.clone(),
                        unit: String::new(),
                        column: meta.id.clone(),
                        value: mn,
                        reason: "distance to max of a cost indicator (min/x) needs every value > 0"
                            .into(),
                    });
                }
                if has {
                    invert[j] = PreMap::Invert(mn);
                }
                gp.push([0.0, 1.0]);
            }
            NormMethod::Target if has => {
                let t = meta
                    .target
                    .ok_or_else(|| CompositeError::InvalidParameter {
                        path: FieldPath::new(["indicators"]).with(j).with("target"),
                        value: "null".into(),
                        reason: format!(
                            "the target normalisation of {} needs a target in the metadata",
                            meta.id
                        ),
                    })?;
                let bad = |why: &str| CompositeError::InvalidParameter {
                    path: FieldPath::new(["indicators"]).with(j).with("target"),
                    value: super::error::num_text(t),
                    reason: why.into(),
                };
                if meta.direction == Direction::Cost {
                    if !(mx > t) {
                        return Err(bad(
                            "for a cost indicator the target must be below the maximum",
                        ));
                    }
                } else if !(t > mn) {
                    return Err(bad(
                        "for a benefit indicator the target must exceed the minimum",
                    ));
                }
                if !spec.cap {
                    return Err(unsupported(
                        path.with("cap"),
                        "false".into(),
                        "the target normalisation without a cap (unbounded above)",
                    ));
                }
                // capped: the goalposts [min, T] (cost [T, max]) give the same affine map,
                // clipped at hi where the cap clips; x ≥ min (≤ max) keeps it ≥ lo
                gp.push(if meta.direction == Direction::Cost {
                    [t, mx]
                } else {
                    [mn, t]
                });
            }
            NormMethod::Target => gp.push([0.0, 1.0]),
            NormMethod::Rank => {
                any_z = true;
                if !has {
                    z.push((PreMap::None, 0.0, 0.0, f64::NAN));
                } else {
                    let Some(v) = p
                        .sorted
                        .as_ref()
                        .and_then(|s| s.get(j))
                        .filter(|v| v.len() as u64 == cs.count[j])
                    else {
                        return Err(CompositeError::InvalidParameter {
                            path: FieldPath::new(["stats"]).with(p.stage),
                            value: "null".into(),
                            reason: "the stage's sorted columns are missing".into(),
                        });
                    };
                    // 1 (r − 1 − 0) + 1 = r, exact
                    let cost = meta.direction == Direction::Cost;
                    z.push((PreMap::Rank(v.clone(), cost), 1.0, 0.0, 1.0));
                }
            }
            NormMethod::PercentileRank => {
                if constant {
                    if spec.on_constant == ConstantRule::Error {
                        return Err(constant_error());
                    }
                    const_minmax.push(meta.id.clone());
                    gp.push([0.0, 1.0]);
                } else if has {
                    let Some(v) = p
                        .sorted
                        .as_ref()
                        .and_then(|s| s.get(j))
                        .filter(|v| v.len() as u64 == cs.count[j])
                    else {
                        return Err(CompositeError::InvalidParameter {
                            path: FieldPath::new(["stats"]).with(p.stage),
                            value: "null".into(),
                            reason: "the stage's sorted columns are missing".into(),
                        });
                    };
                    invert[j] = PreMap::Rank(v.clone(), meta.direction == Direction::Cost);
                    gp.push([0.0, (cs.count[j] - 1) as f64]);
                } else {
                    gp.push([0.0, 1.0]);
                }
            }
            NormMethod::DistanceToMax => {
                if has && (mn < 0.0 || !(mx > 0.0)) {
                    return Err(CompositeError::Domain {
                        path: path.clone(),
                        unit: String::new(),
                        column: meta.id.clone(),
                        value: if mn < 0.0 { mn } else { mx },
                        reason: "distance to max (x/max) needs values ≥ 0 and a maximum > 0".into(),
                    });
                }
                gp.push(if has { [0.0, mx] } else { [0.0, 1.0] });
            }
            NormMethod::Goalposts => match meta.goalposts {
                Some(g) => gp.push(g),
                None => {
                    return Err(CompositeError::InvalidParameter {
                        path: FieldPath::new(["indicators"]).with(j).with("goalposts"),
                        value: "null".into(),
                        reason: format!(
                        "the goalposts normalisation of {} needs goalposts [L, U] in the metadata",
                        meta.id
                    ),
                    })
                }
            },
        }
    }
    if any_z {
        return Ok(Frozen::Z(z));
    }
    let mut s = spec.clone();
    s.method = NormMethod::Goalposts;
    s.overrides = const_minmax
        .into_iter()
        .map(|id| (id, NormMethod::MinMax))
        .collect();
    Ok(Frozen::Goalposts(
        s,
        FrozenGoalposts {
            goalposts: gp,
            premap: invert,
        },
    ))
}

/// The weights of an objective weighting from the merged statistics (the in-memory step's
/// definitions: `entropy_finish`, σ with n − 1 normalised to sum 1, `critic_finish`), with
/// the in-memory step's errors (a missing value named by its first cell).
fn objective_weights(
    w: &WeightSpec,
    ids: &[String],
    p: &StagePartial,
    path: &FieldPath,
) -> Result<WeightReport, CompositeError> {
    let cs = &p.summary;
    let n = cs.rows;
    let what = match w.method {
        WeightMethod::Entropy => {
            "entropy weights need non-missing values ≥ 0 (after the shift)".to_string()
        }
        WeightMethod::Critic => "CRITIC needs complete data: impute first".to_string(),
        _ => "standard-deviation weights needs complete data: impute first".to_string(),
    };
    if n < 2 {
        return Err(CompositeError::Empty {
            path: path.with("units"),
            min: 2,
        });
    }
    if let Some(j) = (0..ids.len()).find(|&j| cs.count[j] != n) {
        let (unit, column) = match p.missing.first() {
            Some(c) => (c.unit.clone(), c.indicator.clone()),
            None => (String::new(), ids[j].clone()),
        };
        return Err(CompositeError::Domain {
            path: path.clone(),
            unit,
            column,
            value: f64::NAN,
            reason: what,
        });
    }
    if w.method == WeightMethod::Critic {
        let m = ids.len();
        if let Some(j) = (0..m).find(|&j| cs.max[j] == cs.min[j]) {
            return Err(CompositeError::Constant {
                path: path.clone(),
                indicator: ids[j].clone(),
                value: cs.max[j],
                reason: "CRITIC needs a non-zero spread (the correlation is undefined)".into(),
            });
        }
        let Some(c) = p.comoments.as_ref().filter(|c| c.mean.len() == m) else {
            return Err(CompositeError::InvalidParameter {
                path: FieldPath::new(["stats"]).with(p.stage),
                value: "null".into(),
                reason: "the stage's co-moments are missing".into(),
            });
        };
        let nf = c.n as f64;
        let cov = |j: usize, k: usize| c.c[j * m + k] / (nf - 1.0);
        let r = critic_finish(&cov, &cs.min, &cs.max, m, path)?;
        return Ok(WeightReport {
            level: WeightLevel::Indicator,
            method: w.method,
            ids: ids.to_vec(),
            weights: r.weights.clone(),
            detail: WeightDetail::Critic(r),
        });
    }
    let (weights, detail) = if w.method == WeightMethod::Entropy {
        let shift = w.entropy_shift;
        for (j, id) in ids.iter().enumerate() {
            if cs.min[j] + shift < 0.0 {
                return Err(CompositeError::Domain {
                    path: path.clone(),
                    unit: String::new(),
                    column: id.clone(),
                    value: cs.min[j],
                    reason: "entropy weights need values ≥ 0 (after entropy_shift)".into(),
                });
            }
        }
        let Some(e) = &p.entropy else {
            return Err(CompositeError::InvalidParameter {
                path: FieldPath::new(["stats"]).with(p.stage),
                value: "null".into(),
                reason: "the stage's entropy partials are missing".into(),
            });
        };
        let r = entropy_finish(e, ids, shift, path)?;
        (r.weights.clone(), WeightDetail::Entropy(r))
    } else {
        let sd: Vec<f64> = (0..ids.len()).map(|j| cs.sd(j)).collect();
        let w = normalise_sum(&sd, path, "every standard deviation is 0")?;
        (w, WeightDetail::StdDev { sd })
    };
    Ok(WeightReport {
        level: WeightLevel::Indicator,
        method: w.method,
        ids: ids.to_vec(),
        weights,
        detail,
    })
}

/// Whether a row passes the check (the in-memory unit rule).
fn unit_passes(row: &[f64], spec: &CheckSpec) -> bool {
    let m = row.len();
    let avail = row.iter().filter(|v| !v.is_nan()).count();
    let zeros = row.iter().filter(|v| **v == 0.0).count();
    let share = avail as f64 / m as f64;
    let zero_share = if avail > 0 {
        zeros as f64 / avail as f64
    } else {
        0.0
    };
    share >= spec.unit_threshold && spec.zero_threshold.is_none_or(|t| zero_share <= t)
}

/// The excluding check's columns kept (the in-memory indicator rule on the merged summary of
/// the input), with the in-memory errors when no unit or no indicator is kept; `None` without
/// an excluding check.
fn exclusion(
    pipeline: &Pipeline,
    plan: &PartitionPlan,
    stats: &[StagePartial],
    sh: &Shape,
) -> Result<Option<(CheckSpec, Vec<bool>)>, CompositeError> {
    let Some(c) = sh.exclude else { return Ok(None) };
    let Step::Check(spec) = &pipeline.steps[c] else {
        return Ok(None);
    };
    let path = FieldPath::new(["steps"]).with(c);
    // the in-memory check's parameter errors first
    for (name, v) in [
        ("unit_threshold", spec.unit_threshold),
        ("indicator_threshold", spec.indicator_threshold),
    ]
    .into_iter()
    .chain(spec.zero_threshold.map(|z| ("zero_threshold", z)))
    {
        if !(0.0..=1.0).contains(&v) {
            return Err(CompositeError::InvalidParameter {
                path: path.with(name),
                value: super::error::num_text(v),
                reason: "a share in [0, 1]".into(),
            });
        }
    }
    let p = stats_for(plan, stats, c)?;
    if p.units_passed == Some(0) {
        return Err(CompositeError::Empty {
            path: path.with("units"),
            min: 1,
        });
    }
    let cs = &p.summary;
    let n = cs.rows as f64;
    let cols: Vec<bool> = (0..cs.count.len())
        .map(|j| {
            let constant = cs.count[j] < 2 || cs.min[j] == cs.max[j];
            cs.count[j] as f64 / n >= spec.indicator_threshold && !constant
        })
        .collect();
    if !cols.iter().any(|k| *k) {
        return Err(CompositeError::Empty {
            path: path.with("indicators"),
            min: 1,
        });
    }
    Ok(Some((spec.clone(), cols)))
}

/// Removes the failing rows and columns (`cols`: kept columns) from a partition.
fn exclude(data: &mut Dataset, x: Vec<f64>, spec: &CheckSpec, cols: &[bool]) -> Vec<f64> {
    let m = cols.len();
    if m == 0 {
        return x;
    }
    let mut out = Vec::with_capacity(x.len());
    let mut keep_rows = Vec::with_capacity(x.len() / m);
    for row in x.chunks_exact(m) {
        let keep = unit_passes(row, spec);
        keep_rows.push(keep);
        if keep {
            out.extend(row.iter().zip(cols).filter(|(_, k)| **k).map(|(v, _)| *v));
        }
    }
    let mut it = keep_rows.iter();
    data.units.retain(|_| it.next().copied().unwrap_or(false));
    for labels in data.unit_groups.values_mut() {
        let mut it = keep_rows.iter();
        labels.retain(|_| it.next().copied().unwrap_or(false));
    }
    let mut it = cols.iter();
    data.indicators
        .retain(|_| it.next().copied().unwrap_or(false));
    out
}

/// Applies the matrix-changing steps after `from` up to `to` to a partition's values (an
/// exclusion also to `data`'s units and indicators).
fn materialise(
    pipeline: &Pipeline,
    plan: &PartitionPlan,
    data: &mut Dataset,
    mut x: Vec<f64>,
    stats: &[StagePartial],
    (from, point): (MatrixPoint, MatrixPoint),
) -> Result<Vec<f64>, CompositeError> {
    let sh = shape(pipeline)?;
    if from < MatrixPoint::Kept && point >= MatrixPoint::Kept {
        if let Some((spec, cols)) = exclusion(pipeline, plan, stats, &sh)? {
            x = exclude(data, x, &spec, &cols);
        }
    }
    if x.is_empty() {
        // every row of the partition excluded: nothing more to apply
        return Ok(x);
    }
    let data = &*data;
    let m = data.indicators.len();
    if from < MatrixPoint::Imputed && point >= MatrixPoint::Imputed {
        if let Some(i) = sh.impute {
            let p = stats_for(plan, stats, i)?;
            let Step::Impute(sp) = &pipeline.steps[i] else {
                return Ok(x);
            };
            let path = FieldPath::new(["steps"]).with(i);
            if matches!(
                sp.method,
                ImputeMethod::GroupMean | ImputeMethod::GroupMedian
            ) {
                let labels = group_labels(data, sp, &path)?;
                let (names, fill, _) = group_fills(&data.indicators, p, sp, &path)?;
                let at: std::collections::HashMap<&str, usize> = names
                    .iter()
                    .enumerate()
                    .map(|(k, l)| (l.as_str(), k))
                    .collect();
                for (row, label) in x.chunks_exact_mut(m).zip(labels) {
                    let Some(&k) = at.get(label.as_str()) else {
                        return Err(CompositeError::InvalidParameter {
                            path: FieldPath::new(["stats"]).with(p.stage),
                            value: label.clone(),
                            reason: "a group the merged statistics do not know".into(),
                        });
                    };
                    for (v, f) in row.iter_mut().zip(&fill[k * m..(k + 1) * m]) {
                        if v.is_nan() {
                            *v = *f;
                        }
                    }
                }
            } else {
                let f = fills(data, p, sp.method, &path)?;
                for row in x.chunks_exact_mut(m) {
                    for (v, (_, fill, _)) in row.iter_mut().zip(&f) {
                        if v.is_nan() {
                            *v = *fill;
                        }
                    }
                }
            }
        }
    }
    if from < MatrixPoint::Treated && point >= MatrixPoint::Treated {
        if let Some(t) = sh.treat {
            let Step::Treat(spec) = &pipeline.steps[t] else {
                return Ok(x);
            };
            let ab = treat_stats(plan, stats, t, 2)?;
            let path = FieldPath::new(["steps"]).with(t);
            let d = treat::decide(spec, &data.indicators, ab[0], ab[1], &path)?;
            for row in x.chunks_exact_mut(m) {
                for (v, c) in row.iter_mut().zip(&d) {
                    *v = c.apply(*v);
                }
            }
        }
    }
    if from < MatrixPoint::Normalised && point >= MatrixPoint::Normalised {
        if let Some(i) = sh.normalise {
            let Step::Normalise(spec) = &pipeline.steps[i] else {
                return Ok(x);
            };
            let p = stats_for(plan, stats, i)?;
            let path = FieldPath::new(["steps"]).with(i);
            match freeze_normalise(spec, &data.indicators, p, &path)? {
                Frozen::Z(coef) => {
                    for row in x.chunks_exact_mut(m) {
                        for (v, (pm, a, c, b)) in row.iter_mut().zip(&coef) {
                            if !v.is_nan() {
                                *v = if b.is_nan() {
                                    *b
                                } else {
                                    a * (pm.apply(*v) - c) + b
                                };
                            }
                        }
                    }
                }
                Frozen::Goalposts(spec, gp) => {
                    let d = frozen_data(data, x, &gp);
                    x = run_frozen(vec![(i, Step::Normalise(spec))], d)?
                        .final_table
                        .values;
                }
            }
        }
    }
    Ok(x)
}

/// Runs a frozen pipeline whose steps stand at `index` in the original one; an error's step
/// index is mapped back (so it names the user's step).
fn run_frozen(steps: Vec<(usize, Step)>, data: Dataset) -> Result<PipelineResult, CompositeError> {
    let (index, steps): (Vec<usize>, Vec<Step>) = steps.into_iter().unzip();
    run_owned(
        &Pipeline {
            steps,
            keep_intermediates: false,
        },
        data,
    )
    .map_err(|e| remap(e, &index))
}

fn remap(e: CompositeError, index: &[usize]) -> CompositeError {
    fn walk(v: &mut serde_json::Value, index: &[usize]) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    if k == "path" {
                        if let Some(a) = x.as_array_mut() {
                            if a.first().and_then(|s| s.as_str()) == Some("steps") {
                                if let Some(i) = a.get(1).and_then(serde_json::Value::as_u64) {
                                    if let Some(j) = index.get(i as usize) {
                                        a[1] = (*j).into();
                                    }
                                }
                            }
                        }
                    } else {
                        walk(x, index);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, index)),
            _ => {}
        }
    }
    let Ok(mut v) = serde_json::to_value(&e) else {
        return e;
    };
    walk(&mut v, index);
    serde_json::from_value(v).unwrap_or(e)
}

fn frozen_data(data: &Dataset, mut x: Vec<f64>, f: &FrozenGoalposts) -> Dataset {
    let mut metas = data.indicators.clone();
    for (m, g) in metas.iter_mut().zip(&f.goalposts) {
        m.goalposts = Some(*g);
    }
    let m = metas.len();
    if m > 0 {
        for (j, pm) in f.premap.iter().enumerate() {
            let col = x.iter_mut().skip(j).step_by(m);
            match pm {
                PreMap::None => continue,
                _ => col.filter(|v| !v.is_nan()).for_each(|v| *v = pm.apply(*v)),
            }
            metas[j].direction = Direction::Benefit;
        }
    }
    Dataset {
        units: data.units.clone(),
        indicators: metas,
        values: x,
        hierarchy: data.hierarchy.clone(),
        unit_groups: BTreeMap::new(),
        positions: data.positions,
    }
}

/// Stage `stage`'s partial statistics of one partition (`data`: its units, the indicators'
/// metadata, its values), given the merged statistics of the earlier stages (`stats`, at
/// least `stage` of them).
///
/// # Errors
/// Invalid data, a step that cannot run on partitions, statistics of another version or
/// stage, or an error of an earlier step's apply.
pub fn stage_partial(
    pipeline: &Pipeline,
    data: Dataset,
    stats: &[StagePartial],
    stage: usize,
) -> Result<StagePartial, CompositeError> {
    let plan = partition_plan(pipeline)?;
    let Some(st) = plan.stages.get(stage) else {
        return Err(CompositeError::InvalidParameter {
            path: FieldPath::new(["stage"]),
            value: stage.to_string(),
            reason: format!("the plan has {} stages", plan.stages.len()),
        });
    };
    let sh = shape(pipeline)?;
    let excluding = sh.exclude.filter(|c| st.steps.contains(c));
    if data.units.is_empty() && data.values.is_empty() {
        // an empty partition (Dask has them) adds nothing; after an exclusion its width is
        // the kept indicators'
        let mut m = data.indicators.len();
        if st.point >= MatrixPoint::Kept {
            if let Some((_, cols)) = exclusion(pipeline, &plan, stats, &sh)? {
                m = cols.iter().filter(|k| **k).count();
            }
        }
        return Ok(StagePartial {
            version: PARTIAL_VERSION,
            stage,
            summary: ColumnSummary::new(vec![0.0; m]),
            entropy: st.entropy_shift.map(|_| EntropyPartials::new(m)),
            comoments: st.comoments.then(|| CoMoments::new(m)),
            missing: Vec::new(),
            units_passed: excluding.map(|_| 0),
            sorted: st.sorted.then(|| vec![Vec::new(); m]),
            groups: group_step(pipeline, st).map(|sp| GroupPartials {
                sorted: (sp.method == ImputeMethod::GroupMedian).then(Vec::new),
                ..GroupPartials::default()
            }),
            treat: None,
        });
    }
    data.validate()?;
    let mut data = data;
    let x = std::mem::take(&mut data.values);
    let units_passed = match excluding.map(|c| &pipeline.steps[c]) {
        Some(Step::Check(spec)) => {
            let m = data.indicators.len().max(1);
            Some(x.chunks_exact(m).filter(|r| unit_passes(r, spec)).count() as u64)
        }
        _ => None,
    };
    let x = materialise(
        pipeline,
        &plan,
        &mut data,
        x,
        stats,
        (MatrixPoint::Input, st.point),
    )?;
    let m = data.indicators.len();
    let summary = ColumnSummary::of(&x, m);
    let entropy = st.entropy_shift.map(|shift| {
        let mut e = EntropyPartials::new(m);
        e.update(&x, shift);
        e
    });
    let comoments = st.comoments.then(|| CoMoments::of(&x, m));
    // a weighting names the first missing cell of incomplete data, as in memory
    let weighs = st
        .steps
        .iter()
        .any(|&i| matches!(pipeline.steps[i], Step::Weight(_)));
    let listed = st
        .steps
        .iter()
        .filter_map(|&i| match &pipeline.steps[i] {
            Step::Impute(s) if s.method == ImputeMethod::None => Some(s.max_listed),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .max(usize::from(weighs));
    let missing = x
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_nan())
        .take(listed)
        .map(|(k, _)| MissingCell {
            unit: data.units[k / m].clone(),
            indicator: data.indicators[k % m].id.clone(),
        })
        .collect();
    let sorted = st.sorted.then(|| {
        // the columns a median imputation or a percentile-rank normalisation orders
        let want: Vec<bool> = data
            .indicators
            .iter()
            .map(|meta| {
                st.steps.iter().any(|&i| match &pipeline.steps[i] {
                    Step::Impute(sp) => sp.method == ImputeMethod::Median,
                    Step::Normalise(sp) => matches!(
                        sp.overrides.get(&meta.id).copied().unwrap_or(sp.method),
                        NormMethod::PercentileRank | NormMethod::Rank
                    ),
                    _ => false,
                })
            })
            .collect();
        want.iter()
            .enumerate()
            .map(|(j, w)| {
                if !w {
                    return Vec::new();
                }
                let mut v: Vec<f64> = x
                    .iter()
                    .skip(j)
                    .step_by(m.max(1))
                    .copied()
                    .filter(|v| !v.is_nan())
                    .collect();
                v.sort_unstable_by(f64::total_cmp);
                v
            })
            .collect()
    });
    let treat = match (st.treat, st.steps.first().map(|&t| (t, &pipeline.steps[t]))) {
        (Some(pass), Some((t, Step::Treat(spec)))) => Some(match pass {
            TreatPass::Extremes => {
                let path = FieldPath::new(["steps"]).with(t);
                treat::validate(spec, &data.indicators, &path)?;
                TreatPartials::extremes(&x, m, spec.winmax)
            }
            TreatPass::Moments => {
                let a = treat_stats(&plan, stats, t, 1)?[0];
                let a = a
                    .treat
                    .as_ref()
                    .ok_or_else(|| CompositeError::InvalidParameter {
                        path: FieldPath::new(["stats"]).with(a.stage),
                        value: "null".into(),
                        reason: "the treatment's extreme values are missing".into(),
                    })?;
                if a.high.len() != m || a.low.len() != m {
                    return Err(CompositeError::InvalidParameter {
                        path: FieldPath::new(["stats"]),
                        value: format!("{} columns", a.high.len()),
                        reason: format!("the treatment's extreme values need {m} columns"),
                    });
                }
                TreatPartials::moments(&x, m, spec, a)
            }
            TreatPass::Units => {
                let ab = treat_stats(&plan, stats, t, 2)?;
                let path = FieldPath::new(["steps"]).with(t);
                let d = treat::decide(spec, &data.indicators, ab[0], ab[1], &path)?;
                TreatPartials::units(&x, &data.units, &d)
            }
        }),
        _ => None,
    };
    let groups = match group_step(pipeline, st) {
        Some(sp) => {
            let path = FieldPath::new(["steps"]).with(
                st.steps
                    .iter()
                    .copied()
                    .find(|&i| matches!(&pipeline.steps[i], Step::Impute(s) if s == sp))
                    .unwrap_or(0),
            );
            let labels = group_labels(&data, sp, &path)?;
            Some(GroupPartials::of(
                &x,
                m,
                labels,
                sp.method == ImputeMethod::GroupMedian,
            ))
        }
        None => None,
    };
    Ok(StagePartial {
        version: PARTIAL_VERSION,
        stage,
        summary,
        entropy,
        comoments,
        missing,
        units_passed,
        sorted,
        groups,
        treat,
    })
}

/// The group imputation that reads a stage, if one does.
fn group_step<'a>(pipeline: &'a Pipeline, st: &PlanStage) -> Option<&'a ImputeSpec> {
    st.steps.iter().find_map(|&i| match &pipeline.steps[i] {
        Step::Impute(sp)
            if matches!(
                sp.method,
                ImputeMethod::GroupMean | ImputeMethod::GroupMedian
            ) =>
        {
            Some(sp)
        }
        _ => None,
    })
}

/// Merges two partials of the same stage: `a` holds the earlier rows. Associative (up to the
/// order of floating-point addition); merged in partition order the sums are taken about the
/// first row's values, as in memory.
///
/// # Errors
/// Partials of different versions, stages or widths.
pub fn merge_partials(a: StagePartial, b: &StagePartial) -> Result<StagePartial, CompositeError> {
    if a.version != PARTIAL_VERSION
        || b.version != PARTIAL_VERSION
        || a.stage != b.stage
        || a.summary.shift.len() != b.summary.shift.len()
    {
        return Err(CompositeError::InvalidParameter {
            path: FieldPath::new(["partials"]),
            value: format!(
                "version {}/{}, stage {}/{}",
                a.version, b.version, a.stage, b.stage
            ),
            reason: format!(
                "only partials of one stage, version {PARTIAL_VERSION}, of one pipeline merge"
            ),
        });
    }
    if a.summary.rows == 0 {
        return Ok(b.clone());
    }
    if b.summary.rows == 0 {
        return Ok(a);
    }
    let mut a = a;
    let mut bs = b.summary.clone();
    // re-centre b's sums on a's shifts: Σ(x − K) = Σ(x − L) + c (L − K), and for squares
    // Σ(x − K)² = Σ(x − L)² + 2 (L − K) Σ(x − L) + c (L − K)²
    for j in 0..bs.shift.len() {
        let d = bs.shift[j] - a.summary.shift[j];
        if d != 0.0 {
            let c = bs.count[j] as f64;
            bs.sum_sq[j] += 2.0 * d * bs.sum[j] + c * d * d;
            bs.sum[j] += c * d;
            bs.shift[j] = a.summary.shift[j];
        }
    }
    a.summary.merge(&bs);
    match (&mut a.entropy, &b.entropy) {
        (Some(x), Some(y)) => x.merge(y),
        (None, Some(y)) => a.entropy = Some(y.clone()),
        _ => {}
    }
    match (&mut a.comoments, &b.comoments) {
        (Some(x), Some(y)) => x.merge(y),
        (None, Some(y)) => a.comoments = Some(y.clone()),
        _ => {}
    }
    if let (Some(x), Some(y)) = (a.sorted.as_mut(), b.sorted.as_ref()) {
        for (p, q) in x.iter_mut().zip(y) {
            *p = merge_sorted(p, q);
        }
    }
    match (&mut a.treat, &b.treat) {
        (Some(x), Some(y)) => x.merge(y),
        (None, Some(y)) => a.treat = Some(y.clone()),
        _ => {}
    }
    let m = a.summary.shift.len();
    if [&a.groups, &b.groups]
        .iter()
        .any(|g| g.as_ref().is_some_and(|g| !g.well_formed(m)))
    {
        return Err(CompositeError::InvalidParameter {
            path: FieldPath::new(["partials"]),
            value: "groups".into(),
            reason: "group statistics of another shape than the partial's columns".into(),
        });
    }
    match (&mut a.groups, &b.groups) {
        (Some(x), Some(y)) => x.merge(y, m),
        (None, Some(y)) => a.groups = Some(y.clone()),
        _ => {}
    }
    a.units_passed = match (a.units_passed, b.units_passed) {
        (Some(x), Some(y)) => Some(x + y),
        (x, y) => x.or(y),
    };
    let keep = a.missing.len().max(b.missing.len());
    if a.missing.len() < keep {
        let more = keep - a.missing.len();
        a.missing.extend(b.missing.iter().take(more).cloned());
    }
    Ok(a)
}

/// Two ascending runs merged.
fn merge_sorted(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j].total_cmp(&a[i]).is_lt() {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The frozen steps (at their original index), the goalposts of a frozen normalisation and
/// the objective weightings' reports.
type Frozen3 = (
    Vec<(usize, Step)>,
    Option<FrozenGoalposts>,
    Vec<WeightReport>,
);

fn has_objective(w: &WeightSpec) -> bool {
    let mut leaves = Vec::new();
    objective_leaves(w, &mut leaves);
    !leaves.is_empty()
}

/// A weighting with every objective weighting in it (itself, or a combined one's sets)
/// replaced by manual weights at the global values; the rest (subjective sets, the
/// combination) is left to the core's step.
fn freeze_weight(
    w: &WeightSpec,
    ids: &[String],
    p: &StagePartial,
    path: &FieldPath,
) -> Result<WeightSpec, CompositeError> {
    match w.method {
        WeightMethod::Entropy | WeightMethod::StdDev | WeightMethod::Critic => {
            let r = objective_weights(w, ids, p, path)?;
            let mut f = w.clone();
            f.method = WeightMethod::Manual;
            f.values = ids.iter().cloned().zip(r.weights.iter().copied()).collect();
            Ok(f)
        }
        WeightMethod::Combined => {
            let (Some(sub), Some(obj)) = (&w.subjective, &w.objective) else {
                // the in-memory step's error
                return Ok(w.clone());
            };
            let mut f = w.clone();
            // the in-memory step evaluates the subjective set first
            let mut s = (**sub).clone();
            s.level = w.level;
            f.subjective = Some(Box::new(freeze_weight(
                &s,
                ids,
                p,
                &path.with("subjective"),
            )?));
            let mut o = (**obj).clone();
            o.level = w.level;
            f.objective = Some(Box::new(freeze_weight(
                &o,
                ids,
                p,
                &path.with("objective"),
            )?));
            Ok(f)
        }
        _ => Ok(w.clone()),
    }
}

/// The report of a weight step with objective weightings, from the merged statistics: the
/// core's step runs on the frozen weighting (on one placeholder row: weights read no values
/// once frozen), then the objective sets' reports replace the frozen manual ones.
fn weight_report(
    index: usize,
    w: &WeightSpec,
    meta: &Dataset,
    p: &StagePartial,
    path: &FieldPath,
) -> Result<WeightReport, CompositeError> {
    let ids: Vec<String> = meta.indicators.iter().map(|m| m.id.clone()).collect();
    if w.method != WeightMethod::Combined {
        return objective_weights(w, &ids, p, path);
    }
    let f = freeze_weight(w, &ids, p, path)?;
    let m = ids.len();
    let d = Dataset {
        units: vec!["0".into()],
        indicators: meta.indicators.clone(),
        values: vec![0.0; m],
        hierarchy: meta.hierarchy.clone(),
        unit_groups: BTreeMap::new(),
        positions: None,
    };
    let r = run_frozen(vec![(index, Step::Weight(f))], d)?;
    let mut rep = r
        .steps
        .into_iter()
        .find_map(|s| match s.report {
            StepReport::Weight(w) => Some(w),
            _ => None,
        })
        .ok_or_else(|| CompositeError::Order {
            path: path.clone(),
            reason: "the frozen weighting gave no report".into(),
        })?;
    patch_report(w, &mut rep, &ids, p, path)?;
    Ok(rep)
}

/// Puts the objective weightings' own reports into the frozen run's report.
fn patch_report(
    w: &WeightSpec,
    rep: &mut WeightReport,
    ids: &[String],
    p: &StagePartial,
    path: &FieldPath,
) -> Result<(), CompositeError> {
    match w.method {
        WeightMethod::Entropy | WeightMethod::StdDev | WeightMethod::Critic => {
            *rep = objective_weights(w, ids, p, path)?;
        }
        WeightMethod::Combined => {
            if let (
                WeightDetail::Combined {
                    subjective,
                    objective,
                    ..
                },
                Some(s),
                Some(o),
            ) = (&mut rep.detail, &w.subjective, &w.objective)
            {
                patch_report(s, subjective, ids, p, &path.with("subjective"))?;
                patch_report(o, objective, ids, p, &path.with("objective"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The weight steps' reports, and the frozen pipeline for a partition.
fn freeze(
    pipeline: &Pipeline,
    plan: &PartitionPlan,
    data: &Dataset,
    stats: &[StagePartial],
) -> Result<Frozen3, CompositeError> {
    let sh = shape(pipeline)?;
    let ids: Vec<String> = data.indicators.iter().map(|m| m.id.clone()).collect();
    let mut steps = Vec::with_capacity(pipeline.steps.len());
    let mut goalposts = None;
    let mut reports = Vec::new();
    for (i, step) in pipeline.steps.iter().enumerate() {
        let path = FieldPath::new(["steps"]).with(i);
        let s = match step {
            // the exclusion is applied before the frozen run (with the global indicator
            // rule); the check itself validates its parameters there
            Step::Check(c) => {
                let mut c = c.clone();
                c.action = CheckAction::Flag;
                Step::Check(c)
            }
            Step::Aggregate(_) | Step::Obstacle(_) => step.clone(),
            Step::Band(_) | Step::Rank(_) | Step::Topsis(_) | Step::Impute(_) | Step::Treat(_) => {
                continue
            }
            Step::Normalise(spec) if Some(i) == sh.normalise => {
                let p = stats_for(plan, stats, i)?;
                match freeze_normalise(spec, &data.indicators, p, &path)? {
                    Frozen::Goalposts(s, gp) => {
                        goalposts = Some(gp);
                        Step::Normalise(s)
                    }
                    Frozen::Z(_) => continue,
                }
            }
            Step::Normalise(_) => step.clone(),
            Step::Weight(w) if has_objective(w) => {
                if w.level != WeightLevel::Indicator {
                    // the in-memory step's error
                    step.clone()
                } else {
                    let p = stats_for(plan, stats, i)?;
                    let f = freeze_weight(w, &ids, p, &path)?;
                    if f.method == WeightMethod::Manual {
                        reports.push(objective_weights(w, &ids, p, &path)?);
                    }
                    Step::Weight(f)
                }
            }
            Step::Weight(_) => step.clone(),
        };
        steps.push((i, s));
    }
    Ok((steps, goalposts, reports))
}

/// The per-unit results of one partition, given every stage's merged statistics.
///
/// # Errors
/// As [`stage_partial`], and any error the in-memory run gives on these rows.
pub fn apply_partition(
    pipeline: &Pipeline,
    data: Dataset,
    stats: &[StagePartial],
) -> Result<PartitionResult, CompositeError> {
    let plan = partition_plan(pipeline)?;
    if data.units.is_empty() && data.values.is_empty() {
        return Ok(PartitionResult::default());
    }
    data.validate()?;
    let sh = shape(pipeline)?;
    let m = data.indicators.len();
    let n = data.units.len();
    let mut data = data;
    let x0 = std::mem::take(&mut data.values);
    let mut out = PartitionResult {
        rows: n,
        ..PartitionResult::default()
    };
    // an exclusion's errors first (the check comes before any imputation)
    exclusion(pipeline, &plan, stats, &sh)?;
    // impute = none: the global count decides
    for (i, step) in pipeline.steps.iter().enumerate() {
        if let Step::Impute(s) = step {
            if s.method == ImputeMethod::None {
                let p = stats_for(&plan, stats, i)?;
                let count: u64 = p.summary.count.iter().map(|c| p.summary.rows - c).sum();
                if count > 0 {
                    return Err(CompositeError::MissingValues {
                        path: FieldPath::new(["steps"]).with(i),
                        count: count as usize,
                        cells: p.missing.clone(),
                    });
                }
            }
        }
    }
    let check_at = pipeline
        .steps
        .iter()
        .position(|s| matches!(s, Step::Check(_)));
    let check_units = |x: &[f64], spec: &super::steps::CheckSpec| -> Vec<UnitCheck> {
        x.chunks_exact(m)
            .map(|row| {
                let avail = row.iter().filter(|v| !v.is_nan()).count();
                let zeros = row.iter().filter(|v| **v == 0.0).count();
                let share = avail as f64 / m as f64;
                let zero_share = if avail > 0 {
                    zeros as f64 / avail as f64
                } else {
                    0.0
                };
                UnitCheck {
                    id: String::new(),
                    available: avail,
                    share,
                    zero_share,
                    passed: share >= spec.unit_threshold
                        && spec.zero_threshold.is_none_or(|t| zero_share <= t),
                }
            })
            .collect()
    };
    let topsis_at = pipeline
        .steps
        .iter()
        .position(|s| matches!(s, Step::Topsis(_)));
    if let (Some(c), Some(Step::Check(spec))) = (check_at, check_at.map(|c| &pipeline.steps[c])) {
        if sh.point(c) == MatrixPoint::Input {
            out.check = Some(check_units(&x0, spec));
        }
    }
    if topsis_at.is_some_and(|t| sh.point(t) < MatrixPoint::Imputed) && sh.impute.is_some() {
        return Err(unsupported(
            FieldPath::new(["steps"]).with(topsis_at.unwrap_or(0)),
            "topsis".into(),
            "TOPSIS before the imputation",
        ));
    }
    let x1 = materialise(
        pipeline,
        &plan,
        &mut data,
        x0,
        stats,
        (MatrixPoint::Input, MatrixPoint::Treated),
    )?;
    let m = data.indicators.len();
    if sh.exclude.is_some() {
        out.rows = data.units.len();
        out.kept = Some(data.units.clone());
        if out.rows == 0 {
            return Ok(out);
        }
    }
    if let (Some(c), Some(Step::Check(spec))) = (check_at, check_at.map(|c| &pipeline.steps[c])) {
        if sh.point(c) == MatrixPoint::Imputed {
            out.check = Some(check_units(&x1, spec));
        }
    }
    let (frozen, goalposts, _) = freeze(pipeline, &plan, &data, stats)?;
    let is_z = sh.normalise.is_some() && goalposts.is_none();
    let mut topsis_x = None;
    if let Some(t) = topsis_at {
        if sh.point(t) != MatrixPoint::Normalised {
            topsis_x = Some(x1.clone());
        }
    }
    let x_in = if is_z {
        materialise(
            pipeline,
            &plan,
            &mut data,
            x1,
            stats,
            (MatrixPoint::Treated, MatrixPoint::Normalised),
        )?
    } else {
        x1
    };
    let d = match &goalposts {
        Some(gp) => frozen_data(&data, x_in, gp),
        None => Dataset {
            values: x_in,
            unit_groups: BTreeMap::new(),
            ..data.clone()
        },
    };
    let r = run_frozen(frozen, d)?;
    // the frozen run's effective weights, for TOPSIS with effective weights
    let mut effective = None;
    let mut ind_weights = None;
    for rec in &r.steps {
        match &rec.report {
            StepReport::Aggregate(a) => {
                effective = Some(a.effective_weights.clone());
                out.dimension_values = Some(a.dimensions.values.clone());
                out.attribute_values = a.attributes.as_ref().map(|t| t.values.clone());
                out.overall = Some(a.overall.clone());
            }
            StepReport::Weight(w) if w.level == WeightLevel::Indicator => {
                ind_weights = Some(w.weights.clone());
            }
            StepReport::Obstacle(o) => out.obstacle = Some(o.clone()),
            _ => {}
        }
    }
    out.dimensions = r.dimensions.clone();
    out.attributes = r.attributes.clone();
    if let Some(t) = topsis_at {
        let Step::Topsis(spec) = &pipeline.steps[t] else {
            return Ok(out);
        };
        let path = FieldPath::new(["steps"]).with(t);
        let x = topsis_x.unwrap_or(r.final_table.values);
        let p = stats_for(&plan, stats, t)?;
        let (w, types) = topsis_inputs(
            spec.weights,
            &data,
            sh.normalise.is_some_and(|k| k < t),
            ind_weights,
            effective,
            &path,
        )?;
        let res = topsis_partition(&x, m, &w, &types, spec.normalisation, p, &data, &path)?;
        out.topsis = Some([res.d_plus, res.d_minus, res.closeness]);
    }
    Ok(out)
}

fn topsis_inputs(
    which: TopsisWeights,
    data: &Dataset,
    normalised: bool,
    ind_weights: Option<Vec<f64>>,
    effective: Option<Vec<f64>>,
    path: &FieldPath,
) -> Result<(Vec<f64>, Vec<Direction>), CompositeError> {
    let m = data.indicators.len();
    let w = match which {
        TopsisWeights::Indicator => ind_weights.unwrap_or_else(|| {
            let mw: Option<Vec<f64>> = data.indicators.iter().map(|i| i.weight).collect();
            match mw {
                Some(mw) if mw.iter().sum::<f64>() > 0.0 => {
                    let s: f64 = mw.iter().sum();
                    mw.iter().map(|w| w / s).collect()
                }
                _ => vec![1.0 / m as f64; m],
            }
        }),
        _ => effective.ok_or_else(|| {
            unsupported(
                path.with("weights"),
                "effective".into(),
                "TOPSIS with effective weights before an aggregation",
            )
        })?,
    };
    let s: f64 = w.iter().sum();
    let w = w.iter().map(|x| x / s).collect();
    let types = data
        .indicators
        .iter()
        .map(|i| {
            if normalised {
                Direction::Benefit
            } else {
                i.direction
            }
        })
        .collect();
    Ok((w, types))
}

#[allow(clippy::too_many_arguments)]
fn topsis_partition(
    x: &[f64],
    m: usize,
    w: &[f64],
    types: &[Direction],
    normalisation: super::topsis::TopsisNormalisation,
    p: &StagePartial,
    data: &Dataset,
    path: &FieldPath,
) -> Result<super::topsis::TopsisResult, CompositeError> {
    // the global summary re-expressed about 0 with this partition's row count, so the core's
    // TOPSIS reads the global Σx², min and max
    let cs = &p.summary;
    let n = x.len() / m.max(1);
    let big_n = cs.rows as f64;
    let mut s = ColumnSummary::new(vec![0.0; m]);
    for j in 0..m {
        if cs.count[j] != cs.rows {
            return Err(CompositeError::Domain {
                path: path.clone(),
                unit: String::new(),
                column: data.indicators[j].id.clone(),
                value: f64::NAN,
                reason: "TOPSIS needs complete data: add an impute step first".into(),
            });
        }
        let k = cs.shift[j];
        s.sum_sq[j] = cs.sum_sq[j] + 2.0 * k * cs.sum[j] + big_n * k * k;
        s.sum[j] = cs.sum[j] + big_n * k;
        s.min[j] = cs.min[j];
        s.max[j] = cs.max[j];
        s.count[j] = n as u64;
    }
    s.rows = n as u64;
    topsis_with(x, m, w, types, normalisation, path, Some(&s), 1)
        .map_err(|e| super::pipeline::constant_by_id(e, &data.indicators))
}

/// The global reports of a partitioned run (from the merged statistics: the check's indicator
/// records, the fills, the weights, TOPSIS's ideals) and the ranks and bands of the gathered
/// per-unit columns (`gathered`: the partitions' results concatenated in order; `units`: the
/// unit ids, for the ties, or empty for row positions).
///
/// # Errors
/// As [`apply_partition`].
pub fn finish(
    pipeline: &Pipeline,
    meta: &Dataset,
    stats: &[StagePartial],
    gathered: &PartitionResult,
    units: &[String],
) -> Result<FinishReport, CompositeError> {
    let plan = partition_plan(pipeline)?;
    let sh = shape(pipeline)?;
    let mut rep = FinishReport::default();
    let ids: Vec<String> = meta.indicators.iter().map(|m| m.id.clone()).collect();
    // the indicators after an exclusion (the steps after the check read these)
    let mut kept_meta = Dataset {
        units: Vec::new(),
        indicators: meta.indicators.clone(),
        values: Vec::new(),
        hierarchy: meta.hierarchy.clone(),
        unit_groups: BTreeMap::new(),
        positions: None,
    };
    if let Some((_, cols)) = exclusion(pipeline, &plan, stats, &sh)? {
        let mut it = cols.iter();
        kept_meta
            .indicators
            .retain(|_| it.next().copied().unwrap_or(false));
        rep.excluded_indicators = ids
            .iter()
            .zip(&cols)
            .filter(|(_, k)| !**k)
            .map(|(id, _)| id.clone())
            .collect();
    }
    for (i, step) in pipeline.steps.iter().enumerate() {
        let path = FieldPath::new(["steps"]).with(i);
        let meta = if sh.point(i) >= MatrixPoint::Kept {
            &kept_meta
        } else {
            meta
        };
        match step {
            Step::Check(spec) => {
                let cs = &stats_for(&plan, stats, i)?.summary;
                let n = cs.rows as f64;
                rep.check_indicators = Some(
                    ids.iter()
                        .enumerate()
                        .map(|(j, id)| {
                            let available = cs.count[j] as usize;
                            let share = available as f64 / n;
                            let constant = available < 2 || cs.min[j] == cs.max[j];
                            let nanif = |v: f64| if available == 0 { f64::NAN } else { v };
                            IndicatorCheck {
                                id: id.clone(),
                                available,
                                share,
                                zeros: cs.zeros[j] as usize,
                                min: nanif(cs.min[j]),
                                max: nanif(cs.max[j]),
                                mean: cs.mean(j),
                                sd: cs.sd(j),
                                constant,
                                passed: share >= spec.indicator_threshold && !constant,
                            }
                        })
                        .collect(),
                );
            }
            Step::Impute(s) if matches!(s.method, ImputeMethod::Mean | ImputeMethod::Median) => {
                let p = stats_for(&plan, stats, i)?;
                rep.fills = Some(fills(meta, p, s.method, &path)?);
            }
            Step::Impute(s)
                if matches!(
                    s.method,
                    ImputeMethod::GroupMean | ImputeMethod::GroupMedian
                ) =>
            {
                let p = stats_for(&plan, stats, i)?;
                let (_, _, g) = group_fills(&meta.indicators, p, s, &path)?;
                let cs = &p.summary;
                rep.fills = Some(
                    meta.indicators
                        .iter()
                        .enumerate()
                        .map(|(j, m)| (m.id.clone(), f64::NAN, (cs.rows - cs.count[j]) as usize))
                        .collect(),
                );
                rep.group_fills = g;
            }
            Step::Weight(w) if has_objective(w) && w.level == WeightLevel::Indicator => {
                let p = stats_for(&plan, stats, i)?;
                rep.weights.push(weight_report(i, w, meta, p, &path)?);
            }
            Step::Treat(spec) => {
                let abc = treat_stats(&plan, stats, i, 3)?;
                let d = treat::decide(spec, &meta.indicators, abc[0], abc[1], &path)?;
                rep.treatment = Some(treat::report(&d, abc[2])?);
            }
            _ => {}
        }
    }
    let n = gathered.rows;
    let name = |i: usize| -> String { units.get(i).cloned().unwrap_or_else(|| i.to_string()) };
    // the columns of a target, as the in-memory `target_columns`
    let columns = |t: Target| -> Vec<(String, Vec<f64>)> {
        let table = |ids: &[String], v: &Option<Vec<f64>>| -> Vec<(String, Vec<f64>)> {
            let Some(v) = v else { return Vec::new() };
            let k = ids.len();
            ids.iter()
                .enumerate()
                .map(|(c, id)| (id.clone(), (0..n).map(|r| v[r * k + c]).collect()))
                .collect()
        };
        match t {
            Target::Dimension => table(&gathered.dimensions, &gathered.dimension_values),
            Target::Attribute => table(&gathered.attributes, &gathered.attribute_values),
            Target::Overall => gathered
                .overall
                .iter()
                .map(|v| ("overall".to_string(), v.clone()))
                .collect(),
            Target::Topsis => gathered
                .topsis
                .iter()
                .map(|t| ("topsis".to_string(), t[2].clone()))
                .collect(),
        }
    };
    for (i, step) in pipeline.steps.iter().enumerate() {
        // the targets computed before this step, as in memory
        let before = |t: Target| {
            pipeline.steps[..i].iter().any(|s| match t {
                Target::Topsis => matches!(s, Step::Topsis(_)),
                _ => matches!(s, Step::Aggregate(_)),
            })
        };
        let columns = |t: Target| if before(t) { columns(t) } else { Vec::new() };
        let path = FieldPath::new(["steps"]).with(i);
        match step {
            Step::Band(spec) => {
                rep.band_levels = spec.levels.clone();
                let k = spec.levels.len();
                for &t in &spec.targets {
                    for (id, vals) in columns(t) {
                        let cuts = match spec.method {
                            BandMethod::Thresholds => spec.thresholds.clone(),
                            BandMethod::Quantiles => {
                                let mut s: Vec<f64> =
                                    vals.iter().copied().filter(|v| !v.is_nan()).collect();
                                (1..k)
                                    .map(|i| quantile_select(&mut s, i as f64 / k as f64))
                                    .collect()
                            }
                        };
                        let bands = vals
                            .iter()
                            .map(|&v| {
                                if v.is_nan() {
                                    -1
                                } else {
                                    cuts.iter().filter(|&&c| c <= v).count() as i64
                                }
                            })
                            .collect();
                        rep.bands.push((t, id, cuts, bands));
                    }
                }
            }
            Step::Rank(spec) => {
                rep.ranks.clear();
                for &t in &spec.targets {
                    for (id, vals) in columns(t) {
                        if let Some(r) = vals.iter().position(|v| v.is_nan()) {
                            return Err(CompositeError::Domain {
                                path: path.clone(),
                                unit: name(r),
                                column: id,
                                value: f64::NAN,
                                reason: "cannot rank a missing score".into(),
                            });
                        }
                        let ranks = competition_ranks_desc(&vals);
                        let ties = ties_of(&ranks, &name);
                        rep.ranks.push(RankColumn {
                            target: t,
                            id,
                            ranks,
                            ties,
                        });
                    }
                }
                if rep.ranks.is_empty() {
                    return Err(CompositeError::Order {
                        path,
                        reason: "nothing to rank: add an aggregate or TOPSIS step before it".into(),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(rep)
}

/// Units sharing a rank, as the in-memory rank step lists them (groups of ≥ 2, by rank).
fn ties_of(ranks: &[u32], name: &dyn Fn(usize) -> String) -> Vec<Vec<String>> {
    let mut by: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, &r) in ranks.iter().enumerate() {
        by.entry(r).or_default().push(i);
    }
    by.into_values()
        .filter(|g| g.len() > 1)
        .map(|g| g.into_iter().map(name).collect())
        .collect()
}
