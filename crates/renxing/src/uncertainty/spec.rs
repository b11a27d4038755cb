//! Uncertain inputs declared as data ([`Factor`]), the requests ([`UncertaintySpec`],
//! [`SensitivitySpec`]) and their results.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::sobol::SobolIndices;
use crate::agree::{Coding, Scale};
use crate::composite::{AggMethod, ImputeMethod, NormMethod, Target, WeightLevel};

/// An aggregation level an aggregation choice applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AggLevel {
    /// Indicators → dimension.
    Dimension,
    /// Dimensions → attribute.
    Attribute,
    /// → overall.
    Overall,
}

fn all_levels() -> Vec<AggLevel> {
    vec![AggLevel::Dimension, AggLevel::Attribute, AggLevel::Overall]
}
fn yes() -> bool {
    true
}

/// One uncertain input of a pipeline, with its sampling rule. Each factor is one input of the
/// sensitivity analysis (a group of numbers for weights, thresholds and coders).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "factor", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Factor {
    /// Uniform weight noise: each weight of the level, w_j, becomes w_j (1 + share (2u_j − 1))
    /// with u_j uniform on [0, 1) (one draw per weight, in id order) — ± `share` of itself.
    /// The nominal weights are those the nominal run used at the level; the sampled ones
    /// replace any weight step of the level (aggregation renormalises them within groups).
    WeightNoise {
        /// The level (default indicator).
        #[serde(default)]
        level: WeightLevel,
        /// The share, in [0, 1] (0 = no noise).
        share: f64,
    },
    /// Dirichlet weights around the nominal ones: w ~ Dirichlet(c w_nominal) (mean w_nominal,
    /// variance w(1 − w)/(c + 1)); gammas drawn in id order (see `super::rng`).
    WeightDirichlet {
        /// The level (default indicator).
        #[serde(default)]
        level: WeightLevel,
        /// The concentration c > 0 (larger = closer to the nominal weights).
        concentration: f64,
    },
    /// A choice among normalisation methods (each equally likely): sets the method of every
    /// `normalise` step and drops its per-indicator overrides.
    Normalisation {
        /// The alternatives (≥ 1).
        methods: Vec<NormMethod>,
    },
    /// A choice among aggregation methods (each equally likely), applied to the listed levels
    /// of the `aggregate` step.
    Aggregation {
        /// The alternatives (≥ 1), e.g. `[{"method": "arithmetic"}, {"method": "geometric"}]`.
        methods: Vec<AggMethod>,
        /// The levels it applies to (default all three).
        #[serde(default = "all_levels")]
        levels: Vec<AggLevel>,
    },
    /// A choice among imputation methods (each equally likely): sets the method of every
    /// `impute` step.
    Imputation {
        /// The alternatives (≥ 1).
        methods: Vec<ImputeMethod>,
    },
    /// Exclusion of one indicator at a time (COINr's "exclude one indicator"): the
    /// alternatives are "none" (when `include_none`) and each listed indicator, each equally
    /// likely; the chosen indicator is removed from the data.
    ExcludeIndicator {
        /// The indicators that may be excluded (default: every indicator that is not alone in
        /// its dimension; listing one that is alone is an error).
        #[serde(default)]
        indicators: Vec<String>,
        /// Whether "exclude none" is an alternative (default true).
        #[serde(default = "yes")]
        include_none: bool,
    },
    /// Banding thresholds drawn uniformly, each within its range [lo, hi] (one uniform per
    /// threshold, in order); the ranges must be increasing and not overlap. Applies to every
    /// `band` step using thresholds.
    BandThresholds {
        /// One range per threshold (k − 1 for k levels).
        ranges: Vec<[f64; 2]>,
    },
    /// The coders' spread on contested cells of qualitative indicators: for each unit ×
    /// indicator with codings of two or more different values, the value used is one coder's,
    /// drawn uniformly among that cell's coders (so a value given by 2 of 3 coders has
    /// probability 2/3); cells in the data's order (unit, then indicator), one uniform each.
    /// Uncontested cells keep the dataset's value. A coding names the cell by `unit` (the
    /// dataset's unit id, optionally followed by `/` and anything) and `group` (the indicator
    /// id).
    CoderSpread {
        /// The codings (`renxing::agree` form).
        codings: Vec<Coding>,
        /// The scale, to read label values (default: numbers only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<Scale>,
    },
}

impl Factor {
    /// The snake_case kind.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Factor::WeightNoise { .. } => "weight_noise",
            Factor::WeightDirichlet { .. } => "weight_dirichlet",
            Factor::Normalisation { .. } => "normalisation",
            Factor::Aggregation { .. } => "aggregation",
            Factor::Imputation { .. } => "imputation",
            Factor::ExcludeIndicator { .. } => "exclude_indicator",
            Factor::BandThresholds { .. } => "band_thresholds",
            Factor::CoderSpread { .. } => "coder_spread",
        }
    }

    /// A short label naming what varies: `weights:indicator`, `normalisation`,
    /// `aggregation`, `imputation`, `exclude_indicator`, `band_thresholds`, `coders`.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Factor::WeightNoise { level, .. } | Factor::WeightDirichlet { level, .. } => {
                format!("weights:{}", level_name(*level))
            }
            Factor::CoderSpread { .. } => "coders".into(),
            other => other.kind().into(),
        }
    }
}

pub(crate) fn level_name(l: WeightLevel) -> &'static str {
    match l {
        WeightLevel::Indicator => "indicator",
        WeightLevel::Dimension => "dimension",
        WeightLevel::Attribute => "attribute",
    }
}

fn d_runs() -> usize {
    1000
}
fn d_output() -> Target {
    Target::Overall
}
fn d_n() -> usize {
    512
}
fn d_bootstrap() -> usize {
    1000
}
fn d_conf() -> f64 {
    0.95
}

/// Uncertainty analysis: N seeded runs of the pipeline with sampled inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySpec {
    /// The uncertain inputs.
    pub factors: Vec<Factor>,
    /// Runs (default 1000).
    #[serde(default = "d_runs")]
    pub runs: usize,
    /// Seed (default 0).
    #[serde(default)]
    pub seed: u64,
    /// The ranked score: `overall` (default) or `topsis`.
    #[serde(default = "d_output")]
    pub output: Target,
    /// Pairwise probabilities of outranking (default true; cost runs × units²).
    #[serde(default = "yes")]
    pub pairwise: bool,
    /// Return every run's scores, ranks, levels and choices (default false).
    #[serde(default)]
    pub keep_runs: bool,
    /// Threads (default all cores; results do not depend on it; ignored on wasm32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
}

impl Default for UncertaintySpec {
    fn default() -> Self {
        UncertaintySpec {
            factors: Vec::new(),
            runs: d_runs(),
            seed: 0,
            output: d_output(),
            pairwise: true,
            keep_runs: false,
            threads: None,
        }
    }
}

/// Sensitivity analysis: Sobol indices of each factor on each unit's rank and on the mean
/// absolute rank shift (Saltelli design, N (d + 2) runs), and the one-at-a-time view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SensitivitySpec {
    /// The uncertain inputs (the d inputs; at least one).
    #[serde(default)]
    pub factors: Vec<Factor>,
    /// Base sample size N (default 512; N (d + 2) runs).
    #[serde(default = "d_n")]
    pub n: usize,
    /// Seed of the design (default 0); the bootstrap uses the same seed in its own domain.
    #[serde(default)]
    pub seed: u64,
    /// The ranked score: `overall` (default) or `topsis`.
    #[serde(default = "d_output")]
    pub output: Target,
    /// Bootstrap resamples (default 1000; 0 = none).
    #[serde(default = "d_bootstrap")]
    pub bootstrap: usize,
    /// Confidence level of the intervals (default 0.95).
    #[serde(default = "d_conf")]
    pub confidence: f64,
    /// Also the one-at-a-time view (default true).
    #[serde(default = "yes")]
    pub one_at_a_time: bool,
    /// Return every run's ranks and mean absolute rank shift (default false).
    #[serde(default)]
    pub keep_runs: bool,
    /// Threads (default all cores; results do not depend on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
}

impl Default for SensitivitySpec {
    fn default() -> Self {
        SensitivitySpec {
            factors: Vec::new(),
            n: d_n(),
            seed: 0,
            output: d_output(),
            bootstrap: d_bootstrap(),
            confidence: d_conf(),
            one_at_a_time: true,
            keep_runs: false,
            threads: None,
        }
    }
}

/// A factor as used: its label, kind, alternatives and sampling rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FactorInfo {
    /// Label (`weights:indicator`, `normalisation`, …).
    pub label: String,
    /// Kind (`weight_noise`, …).
    pub kind: String,
    /// The factor with its defaults filled in.
    pub factor: Factor,
    /// Discrete alternatives, in order (empty for continuous factors).
    pub alternatives: Vec<String>,
    /// The ids the draw is over (weights: the level's ids; coders: `unit/indicator` cells).
    pub ids: Vec<String>,
    /// The nominal values (weights: the nominal run's level weights; coders: the dataset's
    /// values of the contested cells; thresholds: the band step's).
    pub nominal: Vec<f64>,
    /// The sampling rule in words.
    pub rule: String,
}

/// A factor's sampled value in one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Draw {
    /// The index of the chosen alternative.
    Choice(usize),
    /// Weights over the factor's ids (weight factors), cut points (thresholds) or the
    /// contested cells' values (coders).
    Values(Vec<f64>),
}

/// The nominal run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Nominal {
    /// Score per unit.
    pub scores: Vec<f64>,
    /// Competition rank per unit (1 = highest).
    pub ranks: Vec<u32>,
    /// Level index per unit (0 = lowest), when the pipeline bands the score.
    pub levels: Option<Vec<u32>>,
}

/// Summary of a distribution: mean, sd (divisor R − 1), 5th, 50th and 95th percentiles (R type
/// 7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Standard deviation (0 for one run).
    pub sd: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub median: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One unit's distribution over the runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitUncertainty {
    /// Unit id.
    pub id: String,
    /// Nominal rank.
    pub nominal_rank: u32,
    /// Nominal score.
    pub nominal_score: f64,
    /// Rank distribution.
    pub rank: Summary,
    /// Mean of (rank − nominal rank): positive = worse on average.
    pub mean_rank_shift: f64,
    /// Mean of |rank − nominal rank|.
    pub mean_abs_rank_shift: f64,
    /// Score distribution.
    pub score: Summary,
    /// Probability of each level (lowest first), when banded; empty otherwise.
    pub level_probabilities: Vec<f64>,
}

/// Pairwise probabilities: `p[a * n + b]` = share of runs where unit a ranks strictly above
/// (better than) unit b.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Pairwise {
    /// Units (rows and columns).
    pub units: Vec<String>,
    /// Row-major units × units.
    pub p: Vec<f64>,
}

/// Every run, on request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RawRuns {
    /// Scores, row-major runs × units.
    pub scores: Vec<f64>,
    /// Ranks, row-major runs × units.
    pub ranks: Vec<u32>,
    /// Levels, row-major runs × units (when banded).
    pub levels: Option<Vec<u32>>,
    /// The draws, per run one per factor.
    pub draws: Vec<Vec<Draw>>,
}

/// The result of `super::uncertainty`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UncertaintyResult {
    /// The request as run (defaults filled in).
    pub spec: UncertaintySpec,
    /// The factors as used.
    pub factors: Vec<FactorInfo>,
    /// Units.
    pub units: Vec<String>,
    /// Level ids when banded (lowest first), else empty.
    pub levels: Vec<String>,
    /// Runs per stream block (the stream of block b covers runs b·256 … b·256 + 255).
    pub block_rows: usize,
    /// The nominal run.
    pub nominal: Nominal,
    /// Per unit.
    pub unit_stats: Vec<UnitUncertainty>,
    /// COINr's mean absolute rank shift per run, (1/n) Σ_u |rank − nominal rank|, summarised.
    pub mean_abs_rank_shift: Summary,
    /// Pairwise outranking probabilities (when asked).
    pub pairwise: Option<Pairwise>,
    /// Every run (when asked).
    pub runs: Option<RawRuns>,
}

/// One factor's Sobol indices on one output, with their intervals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OutputSensitivity {
    /// `mean_abs_rank_shift` or a unit id (its rank).
    pub output: String,
    /// The indices (one entry per factor, in factor order).
    pub indices: SobolIndices,
}

/// One alternative of the one-at-a-time view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OatRow {
    /// Factor label.
    pub factor: String,
    /// The alternative (a method, an excluded indicator, `id+`/`id-` for a weight at the top
    /// or bottom of its noise range, `low`/`high` for thresholds at the ends of their ranges).
    pub alternative: String,
    /// Ranks with this one choice replaced.
    pub ranks: Vec<u32>,
    /// rank − nominal rank, per unit.
    pub rank_changes: Vec<i64>,
    /// Mean |rank change|.
    pub mean_abs_rank_shift: f64,
    /// Largest |rank change|.
    pub max_abs_rank_shift: u32,
}

/// The result of `super::sensitivity`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SensitivityResult {
    /// The request as run (defaults filled in).
    pub spec: SensitivitySpec,
    /// The factors (the d inputs, in order).
    pub factors: Vec<FactorInfo>,
    /// Units.
    pub units: Vec<String>,
    /// Model runs: N (d + 2).
    pub runs: usize,
    /// Rows per stream block.
    pub block_rows: usize,
    /// The nominal run.
    pub nominal: Nominal,
    /// Indices on the mean absolute rank shift.
    pub mean_abs_rank_shift: OutputSensitivity,
    /// Indices on each unit's rank.
    pub ranks: Vec<OutputSensitivity>,
    /// The one-at-a-time view (when asked; Dirichlet weights and coders have no alternatives
    /// listed).
    pub one_at_a_time: Vec<OatRow>,
    /// Every run (when asked), in SALib's order: for each row r, A_r, A_B^(1..d)_r, B_r.
    pub raw: Option<SensitivityRuns>,
}

/// The runs of a sensitivity analysis, in SALib's order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SensitivityRuns {
    /// Ranks, row-major runs × units.
    pub ranks: Vec<u32>,
    /// The mean absolute rank shift of each run.
    pub mean_abs_rank_shift: Vec<f64>,
    /// The draws, per run one per factor.
    pub draws: Vec<Vec<Draw>>,
}
