//! The pipeline as a value: an ordered list of [`Step`]s, each with its parameters and
//! documented defaults (a field left out takes its default; the result records the step with
//! every default filled in).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::topsis::TopsisNormalisation;
use super::weights::{AhpMatrix, AhpOptions, CombineRule};

/// A composite-indicator pipeline: the steps, in order.
///
/// ```
/// use renxing::composite::Pipeline;
/// let p: Pipeline = serde_json::from_str(r#"{"steps": [
///     {"step": "check"}, {"step": "impute", "method": "mean"},
///     {"step": "normalise"}, {"step": "weight", "method": "entropy"},
///     {"step": "aggregate"}, {"step": "rank"}]}"#).unwrap();
/// assert_eq!(p.steps.len(), 6);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Pipeline {
    /// The steps, run in order.
    pub steps: Vec<Step>,
    /// Keep every intermediate units × indicators table in the result (default true). Set
    /// false for big inputs: the matrix is then transformed in place and only the small tables
    /// (weights, aggregates, ranks, reports) are kept, plus the final indicator table.
    #[serde(default = "yes")]
    pub keep_intermediates: bool,
}

fn yes() -> bool {
    true
}

/// One step of a pipeline (JSON/TOML: a table with `step = "<name>"` and the step's fields).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Step {
    /// Data availability and constant-indicator checks.
    Check(CheckSpec),
    /// Imputation of missing values.
    Impute(ImputeSpec),
    /// Outlier treatment (COINr's skewness/kurtosis rule).
    Treat(TreatSpec),
    /// Normalisation (direction applied).
    Normalise(NormaliseSpec),
    /// Weights for one level.
    Weight(WeightSpec),
    /// Aggregation per level.
    Aggregate(AggregateSpec),
    /// Banding aggregated values into ordinal levels.
    Band(BandSpec),
    /// TOPSIS on the current indicator table.
    Topsis(TopsisSpec),
    /// Obstacle degree (障碍度).
    Obstacle(ObstacleSpec),
    /// Competition ranks.
    Rank(RankSpec),
}

impl Step {
    /// The fields a step of kind `name` reads (`step` and every field of its spec), `None` for
    /// no such kind. The specs give every field a default, so a misspelt field would be
    /// dropped without a word by serde (an internally tagged enum cannot deny unknown fields
    /// without losing the specs' schemas): readers check the keys against this list.
    ///
    /// ```
    /// let f = renxing::composite::Step::fields("weight").unwrap();
    /// assert!(f.contains(&"values".to_owned()) && !f.contains(&"weigths".to_owned()));
    /// ```
    #[must_use]
    pub fn fields(name: &str) -> Option<Vec<String>> {
        let step = match name {
            "check" => Step::Check(CheckSpec::default()),
            "impute" => Step::Impute(ImputeSpec::default()),
            "treat" => Step::Treat(TreatSpec::default()),
            "normalise" => Step::Normalise(NormaliseSpec::default()),
            "weight" => Step::Weight(WeightSpec::default()),
            "aggregate" => Step::Aggregate(AggregateSpec::default()),
            "band" => Step::Band(BandSpec::default()),
            "topsis" => Step::Topsis(TopsisSpec::default()),
            "obstacle" => Step::Obstacle(ObstacleSpec::default()),
            "rank" => Step::Rank(RankSpec::default()),
            _ => return None,
        };
        match serde_json::to_value(step) {
            Ok(serde_json::Value::Object(m)) => Some(m.keys().cloned().collect()),
            _ => None,
        }
    }

    /// The step's snake_case name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Step::Check(_) => "check",
            Step::Impute(_) => "impute",
            Step::Treat(_) => "treat",
            Step::Normalise(_) => "normalise",
            Step::Weight(_) => "weight",
            Step::Aggregate(_) => "aggregate",
            Step::Band(_) => "band",
            Step::Topsis(_) => "topsis",
            Step::Obstacle(_) => "obstacle",
            Step::Rank(_) => "rank",
        }
    }
}

/// What a check does with a unit or indicator that fails it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckAction {
    /// Report only (the default).
    #[default]
    Flag,
    /// Remove failing units (rows) and indicators (columns) from the rest of the pipeline.
    Exclude,
}

fn coinr_avail() -> f64 {
    0.66
}

/// Data checks (COINr's `Screen`/`get_data_avail`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct CheckSpec {
    /// A unit passes when its share of non-missing indicators is ≥ this (default 0.66,
    /// COINr's `dat_thresh`).
    #[serde(default = "coinr_avail")]
    pub unit_threshold: f64,
    /// An indicator passes when its share of non-missing units is ≥ this (default 0.66).
    #[serde(default = "coinr_avail")]
    pub indicator_threshold: f64,
    /// Optional: a unit also fails when its share of zeros among non-missing values is
    /// above this (COINr's `Zero_thresh`; default none = not checked).
    pub zero_threshold: Option<f64>,
    /// Flag (default) or exclude failing units and indicators; constant indicators
    /// (fewer than 2 distinct values) fail too.
    pub action: CheckAction,
}

impl Default for CheckSpec {
    fn default() -> Self {
        CheckSpec {
            unit_threshold: coinr_avail(),
            indicator_threshold: coinr_avail(),
            zero_threshold: None,
            action: CheckAction::Flag,
        }
    }
}

/// Imputation methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ImputeMethod {
    /// No imputation: any missing cell is an error naming the cells (the default).
    #[default]
    None,
    /// The indicator's mean over units.
    Mean,
    /// The indicator's median over units.
    Median,
    /// The indicator's mean within the unit's group (`by`).
    GroupMean,
    /// The indicator's median within the unit's group (`by`).
    GroupMedian,
}

fn default_max_listed() -> usize {
    20
}

/// Imputation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ImputeSpec {
    /// The method (default `none`).
    pub method: ImputeMethod,
    /// For group methods: the name of a [`Dataset::unit_groups`](super::Dataset) column.
    pub by: Option<String>,
    /// For group methods: when a group has no value of an indicator, use the overall
    /// mean/median (true) or fail (false, the default).
    pub fallback_overall: bool,
    /// How many missing cells an error lists (default 20; the count is always given).
    #[serde(default = "default_max_listed")]
    pub max_listed: usize,
}

impl Default for ImputeSpec {
    fn default() -> Self {
        ImputeSpec {
            method: ImputeMethod::None,
            by: None,
            fallback_overall: false,
            max_listed: default_max_listed(),
        }
    }
}

/// The non-linear transform COINr applies when winsorisation does not suffice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LogTransform {
    /// COINr's `log_CT` (its default `f2`): ln(x − min + 0.01 (max − min)).
    #[default]
    LogCt,
    /// COINr's `log_CT_orig`: ln(x − min + 1).
    LogCtOrig,
    /// No transform: report the indicator as still failing.
    None,
}

fn d_skew() -> f64 {
    2.0
}
fn d_kurt() -> f64 {
    3.5
}
fn d_winmax() -> usize {
    5
}

/// Outlier treatment: COINr's `Treat()` defaults. An indicator fails when
/// |skewness| ≥ `skew_threshold` AND kurtosis ≥ `kurtosis_threshold` (COINr's
/// `check_SkewKurt` passes when |s| < 2 OR k < 3.5; skewness and excess kurtosis of e1071
/// type 2). Failing indicators are winsorised one extreme at a time (the side given by the
/// sign of the skewness) until they pass or `winmax` points are winsorised; if they still
/// fail, the log transform is applied to the *original* values (COINr's
/// `combine_treat = FALSE`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct TreatSpec {
    /// Default 2.
    #[serde(default = "d_skew")]
    pub skew_threshold: f64,
    /// Default 3.5.
    #[serde(default = "d_kurt")]
    pub kurtosis_threshold: f64,
    /// Most points to winsorise per indicator (default 5).
    #[serde(default = "d_winmax")]
    pub winmax: usize,
    /// Transform after failed winsorisation (default `log_ct`).
    pub log: LogTransform,
    /// Indicator ids left untreated.
    pub skip: Vec<String>,
}

impl Default for TreatSpec {
    fn default() -> Self {
        TreatSpec {
            skew_threshold: d_skew(),
            kurtosis_threshold: d_kurt(),
            winmax: d_winmax(),
            log: LogTransform::LogCt,
            skip: Vec::new(),
        }
    }
}

/// Normalisation methods (direction applied: cost indicators reversed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NormMethod {
    /// (x − min)/(max − min) scaled to `range` (default); cost: (max − x)/(max − min).
    #[default]
    MinMax,
    /// (x − mean)/sd × `z_sd` + `z_mean` (sample sd, divisor n − 1); cost: x negated first.
    ZScore,
    /// Ascending min-ranks 1..n (ties share the lowest rank; COINr's `n_rank`); cost: of −x.
    Rank,
    /// (rank − 1)/(n − 1) scaled to `range` (COINr's `n_prank`).
    PercentileRank,
    /// x / max scaled to `range` (the Handbook's distance to the best; COINr's `n_fracmax`);
    /// cost: min / x. Needs x ≥ 0 (cost: x > 0).
    DistanceToMax,
    /// Goalposts [L, U] from the metadata: (clip(x, L, U) − L)/(U − L) scaled to `range`;
    /// cost: (U − clip(x, L, U))/(U − L).
    Goalposts,
    /// Distance to the metadata target T (COINr's `n_dist2targ`): (x − min)/(T − min); cost:
    /// (max − x)/(max − T); capped at 1 when `cap` (default true), scaled to `range`.
    Target,
}

/// What a constant column normalises to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConstantRule {
    /// An error naming the indicator (the default).
    #[default]
    Error,
    /// Every unit gets `constant_value` (default the midpoint of `range`; `z_mean` for z-scores).
    Value,
}

fn d_range() -> [f64; 2] {
    [0.0, 100.0]
}
fn d_zsd() -> f64 {
    1.0
}

/// Normalisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct NormaliseSpec {
    /// The method (default min–max).
    pub method: NormMethod,
    /// The output range [lo, hi] for min–max, percentile rank, distance to max, goalposts and
    /// target (default [0, 100]).
    #[serde(default = "d_range")]
    pub range: [f64; 2],
    /// Target mean of z-scores (default 0).
    pub z_mean: f64,
    /// Target sd of z-scores (default 1).
    #[serde(default = "d_zsd")]
    pub z_sd: f64,
    /// For `target`: cap scores at 1 (before scaling) (default true; COINr's default is false).
    #[serde(default = "yes")]
    pub cap: bool,
    /// What a constant column becomes (default error).
    pub on_constant: ConstantRule,
    /// The value for `on_constant = value` (default: the midpoint of `range`, or `z_mean`).
    pub constant_value: Option<f64>,
    /// Per-indicator method overrides (indicator id → method).
    pub overrides: BTreeMap<String, NormMethod>,
}

impl Default for NormaliseSpec {
    fn default() -> Self {
        NormaliseSpec {
            method: NormMethod::MinMax,
            range: d_range(),
            z_mean: 0.0,
            z_sd: d_zsd(),
            cap: true,
            on_constant: ConstantRule::Error,
            constant_value: None,
            overrides: BTreeMap::new(),
        }
    }
}

/// A level of the hierarchy that has weights.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WeightLevel {
    /// Indicators (the default).
    #[default]
    Indicator,
    /// Dimensions.
    Dimension,
    /// Attributes.
    Attribute,
}

/// Weighting methods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WeightMethod {
    /// All equal (the default).
    #[default]
    Equal,
    /// `values` (id → weight), normalised to sum 1; ids left out take the metadata weight.
    Manual,
    /// AHP from `ahp` (one or more pairwise matrices; see [`WeightSpec::ahp`]).
    Ahp,
    /// Entropy weights (熵权法) on the current indicator table (indicator level only).
    Entropy,
    /// CRITIC on the current indicator table (indicator level only).
    Critic,
    /// Standard-deviation weights on the current indicator table (indicator level only).
    StdDev,
    /// Combination of `subjective` and `objective` by `rule`.
    Combined,
}

fn d_alpha() -> f64 {
    0.5
}

/// Weights for one level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct WeightSpec {
    /// The method (default equal).
    pub method: WeightMethod,
    /// The level (default indicator).
    pub level: WeightLevel,
    /// Manual weights, id → weight ≥ 0.
    pub values: BTreeMap<String, f64>,
    /// AHP matrices. One matrix covering every id of the level, or one per group (e.g. one
    /// per dimension for indicators); local priorities are then used within each group and
    /// the level's vector is normalised to sum 1.
    pub ahp: Vec<AhpMatrix>,
    /// AHP options.
    pub ahp_options: AhpOptions,
    /// Entropy: a constant added to every value first (default 0; some studies add 0.0001
    /// or 1 to avoid ln 0, which this implementation does not need: 0 ln 0 = 0).
    pub entropy_shift: f64,
    /// Combined: the subjective set.
    pub subjective: Option<Box<WeightSpec>>,
    /// Combined: the objective set.
    pub objective: Option<Box<WeightSpec>>,
    /// Combined: the rule (default product).
    pub rule: CombineRule,
    /// Combined, linear rule: α (default 0.5).
    #[serde(default = "d_alpha")]
    pub alpha: f64,
}

impl Default for WeightSpec {
    fn default() -> Self {
        WeightSpec {
            method: WeightMethod::Equal,
            level: WeightLevel::Indicator,
            values: BTreeMap::new(),
            ahp: Vec::new(),
            ahp_options: AhpOptions::default(),
            entropy_shift: 0.0,
            subjective: None,
            objective: None,
            rule: CombineRule::Product,
            alpha: d_alpha(),
        }
    }
}

/// An aggregation method.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AggMethod {
    /// Weighted arithmetic mean Σ w x (the default).
    #[default]
    Arithmetic,
    /// Weighted geometric mean Π x^w = exp(Σ w ln x); zeros by `zero_rule`.
    Geometric,
    /// Weighted harmonic mean 1 / Σ (w / x); zeros by `zero_rule`.
    Harmonic,
    /// Generalised (power) mean (Σ w x^p)^{1/p}, p ≠ 0 (p = 0 is the geometric mean).
    Power {
        /// The exponent.
        p: f64,
    },
    /// The minimum (weights ignored; fully non-compensatory).
    Minimum,
}

/// How geometric and harmonic means (and power means with p ≤ 0) treat a zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ZeroRule {
    /// The mean is 0 (its limit as the value → 0; the default).
    #[default]
    Zero,
    /// Shift: mean(x + ε) − ε over the group (ε = `epsilon`).
    Shift,
    /// An error naming the unit and the value.
    Error,
}

/// What aggregation does with a missing value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingRule {
    /// An error naming the cell (the default).
    #[default]
    Error,
    /// Aggregate the available values with their weights renormalised (COINr's `na.rm`);
    /// a group with no value gives a missing result.
    Skip,
}

fn d_eps() -> f64 {
    0.01
}

/// Aggregation per level: indicator → dimension → attribute (if the hierarchy has
/// attributes) → overall.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct AggregateSpec {
    /// Indicators → dimension (default arithmetic).
    pub dimension: AggMethod,
    /// Dimensions → attribute (default arithmetic).
    pub attribute: AggMethod,
    /// Attributes (or dimensions) → overall (default arithmetic).
    pub overall: AggMethod,
    /// Zeros in geometric/harmonic/p ≤ 0 means (default zero result).
    pub zero_rule: ZeroRule,
    /// ε for the shift rule (default 0.01).
    #[serde(default = "d_eps")]
    pub epsilon: f64,
    /// Missing values (default error).
    pub missing: MissingRule,
}

impl Default for AggregateSpec {
    fn default() -> Self {
        AggregateSpec {
            dimension: AggMethod::Arithmetic,
            attribute: AggMethod::Arithmetic,
            overall: AggMethod::Arithmetic,
            zero_rule: ZeroRule::Zero,
            epsilon: d_eps(),
            missing: MissingRule::Error,
        }
    }
}

/// How band boundaries are set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BandMethod {
    /// Explicit `thresholds` (the default).
    #[default]
    Thresholds,
    /// Quantiles i/k (i = 1..k−1) of each column (R type 7).
    Quantiles,
}

/// A table the band and rank steps read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Target {
    /// Each dimension's aggregate.
    Dimension,
    /// Each attribute's aggregate.
    Attribute,
    /// The overall index.
    Overall,
    /// TOPSIS closeness.
    Topsis,
}

fn d_band_targets() -> Vec<Target> {
    vec![Target::Dimension, Target::Attribute, Target::Overall]
}

/// Banding aggregates into k ordinal levels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct BandSpec {
    /// Level ids, lowest first (k ≥ 2), e.g. `["low", "medium", "high"]`. Required.
    pub levels: Vec<String>,
    /// Thresholds or quantiles (default thresholds).
    pub method: BandMethod,
    /// k − 1 strictly increasing cut points; a value v gets level i = #{cuts ≤ v}.
    pub thresholds: Vec<f64>,
    /// Tables to band (default dimension, attribute, overall; those not computed are skipped).
    #[serde(default = "d_band_targets")]
    pub targets: Vec<Target>,
}

impl Default for BandSpec {
    fn default() -> Self {
        BandSpec {
            levels: Vec::new(),
            method: BandMethod::Thresholds,
            thresholds: Vec::new(),
            targets: d_band_targets(),
        }
    }
}

/// Which weights TOPSIS uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TopsisWeights {
    /// The indicator-level weight vector (sums to 1; equal if none was set) (the default).
    #[default]
    Indicator,
    /// Each indicator's effective weight in the overall index (product of within-group
    /// weights down the hierarchy).
    Effective,
}

/// TOPSIS on the current indicator table. Before normalisation the criterion types are the
/// indicators' directions; after it every criterion is a benefit (direction already applied).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct TopsisSpec {
    /// Vector (default, Hwang & Yoon) or min–max (pymcdm's default).
    pub normalisation: TopsisNormalisation,
    /// Which weights (default the indicator-level vector).
    pub weights: TopsisWeights,
}

fn d_top() -> usize {
    3
}

/// Obstacle degree (障碍度模型): factor contribution F_j (the indicator's effective weight)
/// × deviation I_ij = 1 − x'_ij (x' the normalised value scaled to [0, 1] from the
/// normalisation's range), O_ij = F_j I_ij / Σ_j F_j I_ij; summed per dimension and attribute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ObstacleSpec {
    /// How many top obstacles to list per unit (default 3).
    #[serde(default = "d_top")]
    pub top: usize,
}

impl Default for ObstacleSpec {
    fn default() -> Self {
        ObstacleSpec { top: d_top() }
    }
}

fn d_rank_targets() -> Vec<Target> {
    vec![Target::Overall, Target::Topsis]
}

/// Competition ranks ("1224"), highest score first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct RankSpec {
    /// Tables to rank (default overall and TOPSIS; those not computed are skipped).
    #[serde(default = "d_rank_targets")]
    pub targets: Vec<Target>,
}

impl Default for RankSpec {
    fn default() -> Self {
        RankSpec {
            targets: d_rank_targets(),
        }
    }
}
