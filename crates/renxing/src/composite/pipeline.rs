//! Running a [`Pipeline`] on a [`Dataset`]: [`run`] and the [`PipelineResult`] that records
//! every step as executed and every intermediate table.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::{Dataset, Direction, IndicatorMeta, Structure, Table};
use super::error::{num_text, CompositeError, FieldPath, MissingCell};
use super::stats::{
    chunk_ranges, competition_ranks_desc, median, min_ranks_asc, quantile_select, CentralMoments,
    ColumnSummary, EntropyPartials, CHUNK_ROWS,
};
use super::steps::*;
use super::topsis::{topsis_with, TopsisResult};
use super::weights::{
    ahp, combine_weights, entropy_finish, normalise_sum, AhpResult, CombineRule, CriticResult,
    EntropyResult,
};
use crate::par;

/// One step as executed: the step with every default filled in, and what it produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StepRecord {
    /// Position in the pipeline.
    pub index: usize,
    /// The step and its parameters (defaults applied).
    pub step: Step,
    /// What the step found and produced.
    pub report: StepReport,
}

/// The report of one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StepReport {
    /// See [`CheckReport`].
    Check(CheckReport),
    /// See [`ImputeReport`].
    Impute(ImputeReport),
    /// See [`TreatReport`].
    Treat(TreatReport),
    /// See [`NormaliseReport`].
    Normalise(NormaliseReport),
    /// See [`WeightReport`].
    Weight(WeightReport),
    /// See [`AggregateReport`].
    Aggregate(AggregateReport),
    /// See [`BandReport`].
    Band(BandReport),
    /// See [`TopsisReport`].
    Topsis(TopsisReport),
    /// See [`ObstacleReport`].
    Obstacle(ObstacleReport),
    /// See [`RankReport`].
    Rank(RankReport),
}

/// A unit's data check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitCheck {
    /// Unit id.
    pub id: String,
    /// Non-missing indicators.
    pub available: usize,
    /// available / indicators.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub share: f64,
    /// Zeros among non-missing values, as a share (0 when none available).
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub zero_share: f64,
    /// Passed every unit check.
    pub passed: bool,
}

/// The data check of every unit, held as columns (one vector per field of [`UnitCheck`], in
/// input order), which costs a million-unit run 25 bytes a unit instead of a record and an
/// id string each. In JSON (and its schema) it is the list of [`UnitCheck`] records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitChecks {
    /// Unit ids; empty on the lean path ([`run_lean`]: the units are the result's, in order).
    pub ids: Vec<String>,
    /// Non-missing indicators per unit.
    pub available: Vec<usize>,
    /// available / indicators.
    pub share: Vec<f64>,
    /// Zeros among non-missing values, as a share (0 when none available).
    pub zero_share: Vec<f64>,
    /// Passed every unit check.
    pub passed: Vec<bool>,
}

impl UnitChecks {
    /// The number of units.
    #[must_use]
    pub fn len(&self) -> usize {
        self.passed.len()
    }

    /// Whether there are no units.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.passed.is_empty()
    }

    /// Unit `i`'s check as a record (an empty id when the ids are not kept).
    #[must_use]
    pub fn get(&self, i: usize) -> Option<UnitCheck> {
        Some(UnitCheck {
            id: self.ids.get(i).cloned().unwrap_or_default(),
            available: *self.available.get(i)?,
            share: *self.share.get(i)?,
            zero_share: *self.zero_share.get(i)?,
            passed: *self.passed.get(i)?,
        })
    }

    /// The records, in input order.
    pub fn iter(&self) -> impl Iterator<Item = UnitCheck> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    fn push(&mut self, u: UnitCheck) {
        self.ids.push(u.id);
        self.available.push(u.available);
        self.share.push(u.share);
        self.zero_share.push(u.zero_share);
        self.passed.push(u.passed);
    }
}

impl FromIterator<UnitCheck> for UnitChecks {
    fn from_iter<I: IntoIterator<Item = UnitCheck>>(it: I) -> Self {
        let mut c = UnitChecks::default();
        for u in it {
            c.push(u);
        }
        c
    }
}

impl Serialize for UnitChecks {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        /// A [`UnitCheck`] borrowed from the columns (the same JSON).
        #[derive(Serialize)]
        struct Row<'a> {
            id: &'a str,
            available: usize,
            #[serde(with = "super::data::nan")]
            share: f64,
            #[serde(with = "super::data::nan")]
            zero_share: f64,
            passed: bool,
        }
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for i in 0..self.len() {
            seq.serialize_element(&Row {
                id: self.ids.get(i).map_or("", String::as_str),
                available: self.available.get(i).copied().unwrap_or(0),
                share: self.share.get(i).copied().unwrap_or(f64::NAN),
                zero_share: self.zero_share.get(i).copied().unwrap_or(f64::NAN),
                passed: self.passed[i],
            })?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for UnitChecks {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<UnitCheck>::deserialize(d)?.into_iter().collect())
    }
}

/// An indicator's data check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorCheck {
    /// Indicator id.
    pub id: String,
    /// Non-missing units.
    pub available: usize,
    /// available / units.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub share: f64,
    /// Exact zeros.
    pub zeros: usize,
    /// Minimum (NaN when none).
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub min: f64,
    /// Maximum.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub max: f64,
    /// Mean.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1).
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub sd: f64,
    /// Fewer than two distinct values (zero variance).
    pub constant: bool,
    /// Passed availability and is not constant.
    pub passed: bool,
}

/// The data-check table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckReport {
    /// Per unit.
    // held as columns (`UnitChecks`), a list of `UnitCheck` records in JSON
    #[schemars(with = "Vec<UnitCheck>")]
    pub units: UnitChecks,
    /// Per indicator.
    pub indicators: Vec<IndicatorCheck>,
    /// Units removed (action `exclude`).
    pub excluded_units: Vec<String>,
    /// Indicators removed (action `exclude`).
    pub excluded_indicators: Vec<String>,
}

/// An indicator's imputation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImputeColumn {
    /// Indicator id.
    pub id: String,
    /// Cells imputed.
    pub imputed: usize,
    /// The overall fill value (mean/median methods; NaN for group methods).
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub fill: f64,
}

/// A group fill value that was used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupFill {
    /// Group label.
    pub group: String,
    /// Indicator id.
    pub indicator: String,
    /// The value filled in.
    pub value: f64,
    /// The group had no value, so the overall statistic was used.
    pub fallback: bool,
}

/// What imputation did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImputeReport {
    /// Total cells imputed.
    pub imputed: usize,
    /// Per indicator.
    pub columns: Vec<ImputeColumn>,
    /// Group fill values used (group methods).
    pub group_fills: Vec<GroupFill>,
    /// The imputed table (when intermediates are kept).
    pub table: Option<Table>,
}

/// Which extreme a winsorised point was at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Highest values (positive skew).
    High,
    /// Lowest values (negative skew).
    Low,
}

/// One winsorised point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WinsorisedPoint {
    /// Unit id.
    pub unit: String,
    /// Side.
    pub side: Side,
    /// Value before.
    pub original: f64,
    /// Value after winsorisation.
    pub winsorised: f64,
}

/// An indicator's treatment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TreatColumn {
    /// Indicator id.
    pub id: String,
    /// Skewness before (COINr/e1071 type 2; NaN with < 3 values or zero spread).
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub skew: f64,
    /// Excess kurtosis before (type 2; NaN with < 4 values).
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub kurtosis: f64,
    /// Failed the rule before treatment.
    pub failed: bool,
    /// Points winsorised (in order), empty if none.
    pub winsorised: Vec<WinsorisedPoint>,
    /// Skewness after winsorisation (if winsorised).
    pub skew_winsorised: Option<f64>,
    /// Kurtosis after winsorisation (if winsorised).
    pub kurtosis_winsorised: Option<f64>,
    /// The transform applied to the original values when winsorisation did not suffice.
    pub transform: Option<LogTransform>,
    /// Skewness of the final values.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub skew_final: f64,
    /// Kurtosis of the final values.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub kurtosis_final: f64,
    /// The final values pass the rule (or could not be tested).
    pub passes: bool,
    /// Left untreated because listed in `skip`.
    pub skipped: bool,
}

/// What outlier treatment did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TreatReport {
    /// Per indicator.
    pub columns: Vec<TreatColumn>,
    /// The treated table (when intermediates are kept).
    pub table: Option<Table>,
}

/// An indicator's normalisation, with the statistics it used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NormColumn {
    /// Indicator id.
    pub id: String,
    /// Method.
    pub method: NormMethod,
    /// Direction applied.
    pub direction: Direction,
    /// Minimum of the input column.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub min: f64,
    /// Maximum.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub max: f64,
    /// Mean.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub mean: f64,
    /// Sample sd.
    #[serde(with = "super::data::nan")]
    #[schemars(with = "Option<f64>")]
    pub sd: f64,
    /// The column was constant and got this value (on_constant = value).
    pub constant_value: Option<f64>,
    /// The [lo, hi] scale of the output, for bounded methods (used by the obstacle degree).
    pub bounds: Option<[f64; 2]>,
}

/// What normalisation did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NormaliseReport {
    /// Per indicator.
    pub columns: Vec<NormColumn>,
    /// The normalised table (when intermediates are kept).
    pub table: Option<Table>,
}

/// Where a level's weights came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WeightSource {
    /// A weight step.
    Step,
    /// The metadata (`IndicatorMeta::weight`, `GroupSpec::weight`), all present.
    Metadata,
    /// Equal weights (no step and incomplete metadata).
    Equal,
}

/// Method-specific details of a weighting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum WeightDetail {
    /// Equal weights.
    Equal,
    /// Manual: the raw weights before normalisation.
    Manual {
        /// Raw weights, in `ids` order.
        raw: Vec<f64>,
    },
    /// AHP, one result per matrix.
    Ahp {
        /// Results.
        matrices: Vec<AhpResult>,
    },
    /// Entropy.
    Entropy(EntropyResult),
    /// CRITIC.
    Critic(CriticResult),
    /// Standard deviation.
    StdDev {
        /// σ per indicator.
        sd: Vec<f64>,
    },
    /// Combination.
    Combined {
        /// The subjective set.
        subjective: Box<WeightReport>,
        /// The objective set.
        objective: Box<WeightReport>,
        /// The rule.
        rule: CombineRule,
        /// α (linear rule).
        alpha: f64,
    },
}

/// The weights of one level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WeightReport {
    /// Level.
    pub level: WeightLevel,
    /// Method.
    pub method: WeightMethod,
    /// Ids of the level.
    pub ids: Vec<String>,
    /// Weights (sum to 1).
    pub weights: Vec<f64>,
    /// Details.
    pub detail: WeightDetail,
}

/// The weights an aggregation used, per level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LevelWeights {
    /// Level.
    pub level: WeightLevel,
    /// Ids.
    pub ids: Vec<String>,
    /// Weights (sum to 1 over the level; renormalised within each group when aggregating).
    pub weights: Vec<f64>,
    /// Where they came from.
    pub source: WeightSource,
}

/// Aggregated values per level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AggregateReport {
    /// Weights used per level.
    pub weights: Vec<LevelWeights>,
    /// Each indicator's effective weight in the overall index (product of within-group
    /// weights; for arithmetic aggregation at every level, its weight in the overall index).
    pub effective_weights: Vec<f64>,
    /// Units × dimensions.
    pub dimensions: Table,
    /// Units × attributes (none when the hierarchy has no attribute level).
    pub attributes: Option<Table>,
    /// The overall index per unit.
    #[serde(with = "super::data::nan::vec")]
    #[schemars(with = "Vec<Option<f64>>")]
    pub overall: Vec<f64>,
}

/// The most levels of a band step (a unit's level index is stored in one byte).
pub const MAX_BAND_LEVELS: usize = 256;

/// One banded column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BandColumn {
    /// What was banded.
    pub target: Target,
    /// Column id (dimension or attribute id, `overall`, `topsis`).
    pub id: String,
    /// The k − 1 cut points used.
    pub cuts: Vec<f64>,
    /// Level index per unit (0 = lowest); none for a missing value.
    // one byte: a band step has at most `MAX_BAND_LEVELS` levels
    #[schemars(with = "Vec<Option<u32>>")]
    pub bands: Vec<Option<u8>>,
}

/// What banding did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BandReport {
    /// Level ids, lowest first.
    pub levels: Vec<String>,
    /// Banded columns.
    pub columns: Vec<BandColumn>,
}

/// TOPSIS in the pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TopsisReport {
    /// True when the input table was already normalised (all criteria benefit).
    pub on_normalised: bool,
    /// Distances, closeness and the parameters used.
    pub result: TopsisResult,
    /// Competition ranks of closeness, highest first.
    pub ranks: Vec<u32>,
}

/// The obstacle degree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ObstacleReport {
    /// F_j: each indicator's effective weight.
    pub factor_contribution: Vec<f64>,
    /// O_ij per unit and indicator (when intermediates are kept).
    pub indicators: Option<Table>,
    /// Σ O over each dimension's indicators.
    pub dimensions: Table,
    /// Σ O over each attribute's indicators.
    pub attributes: Option<Table>,
    /// How many top obstacles per unit.
    pub top: usize,
    /// Per unit, the indices (into the result's `indicators`) of the top obstacles, largest
    /// first (ties by column order), row-major units × top.
    pub top_indicators: Vec<u32>,
    /// Their obstacle degrees, row-major units × top.
    pub top_degrees: Vec<f64>,
}

/// One ranked column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RankColumn {
    /// What was ranked.
    pub target: Target,
    /// Column id.
    pub id: String,
    /// Competition rank per unit (1 = highest).
    pub ranks: Vec<u32>,
    /// Groups of unit ids sharing a rank (only groups of two or more).
    pub ties: Vec<Vec<String>>,
}

/// What ranking did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RankReport {
    /// Ranked columns.
    pub columns: Vec<RankColumn>,
}

/// The result of [`run`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PipelineResult {
    /// Units at the end (after any exclusion), in input order.
    // empty when `positions` is `Some`
    pub units: Vec<String>,
    /// The units at the end as row positions in the input, instead of `units`: only from
    /// [`run_lean`] on a dataset whose units are named by position
    /// ([`Dataset::positions`]). Not part of the JSON form.
    #[serde(skip)]
    pub positions: Option<Vec<usize>>,
    /// Indicators at the end.
    pub indicators: Vec<String>,
    /// Dimensions.
    pub dimensions: Vec<String>,
    /// Attributes (empty when the hierarchy has none).
    pub attributes: Vec<String>,
    /// Whether intermediate tables were kept.
    pub keep_intermediates: bool,
    /// Every step as executed.
    pub steps: Vec<StepRecord>,
    /// The indicator table after the last step (e.g. the normalised values).
    pub final_table: Table,
}

impl PipelineResult {
    fn last<T>(&self, f: impl Fn(&StepReport) -> Option<&T>) -> Option<&T> {
        self.steps.iter().rev().find_map(|s| f(&s.report))
    }
    /// The last check report.
    #[must_use]
    pub fn check(&self) -> Option<&CheckReport> {
        self.last(|r| {
            if let StepReport::Check(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The last imputation report.
    #[must_use]
    pub fn imputation(&self) -> Option<&ImputeReport> {
        self.last(|r| {
            if let StepReport::Impute(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The last treatment report.
    #[must_use]
    pub fn treatment(&self) -> Option<&TreatReport> {
        self.last(|r| {
            if let StepReport::Treat(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The last normalisation report.
    #[must_use]
    pub fn normalisation(&self) -> Option<&NormaliseReport> {
        self.last(|r| {
            if let StepReport::Normalise(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The last weights of a level.
    #[must_use]
    pub fn weights(&self, level: WeightLevel) -> Option<&WeightReport> {
        self.last(|r| match r {
            StepReport::Weight(x) if x.level == level => Some(x),
            _ => None,
        })
    }
    /// The last aggregation.
    #[must_use]
    pub fn aggregation(&self) -> Option<&AggregateReport> {
        self.last(|r| {
            if let StepReport::Aggregate(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The last banding.
    #[must_use]
    pub fn bands(&self) -> Option<&BandReport> {
        self.last(|r| {
            if let StepReport::Band(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The last TOPSIS.
    #[must_use]
    pub fn topsis(&self) -> Option<&TopsisReport> {
        self.last(|r| {
            if let StepReport::Topsis(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The last obstacle degree.
    #[must_use]
    pub fn obstacle(&self) -> Option<&ObstacleReport> {
        self.last(|r| {
            if let StepReport::Obstacle(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The last ranking.
    #[must_use]
    pub fn ranks(&self) -> Option<&RankReport> {
        self.last(|r| {
            if let StepReport::Rank(x) = r {
                Some(x)
            } else {
                None
            }
        })
    }
    /// The top obstacles of unit `u` (index), as (indicator id, degree).
    #[must_use]
    pub fn top_obstacles(&self, u: usize) -> Vec<(&str, f64)> {
        let Some(o) = self.obstacle() else {
            return Vec::new();
        };
        let k = o.top;
        (0..k)
            .filter_map(|t| {
                let i = *o.top_indicators.get(u * k + t)? as usize;
                Some((
                    self.indicators.get(i)?.as_str(),
                    *o.top_degrees.get(u * k + t)?,
                ))
            })
            .collect()
    }
}

#[derive(Clone)]
struct LevelW {
    w: Vec<f64>,
    source: WeightSource,
}

struct State {
    /// Unit ids (empty when `positions` names the units).
    units: Vec<String>,
    /// The units as row positions in the input (lean runs of a dataset named by position).
    positions: Option<Vec<usize>>,
    metas: Vec<IndicatorMeta>,
    groups: BTreeMap<String, Vec<String>>,
    x: Vec<f64>,
    n: usize,
    m: usize,
    st: Structure,
    ind_dim: Vec<usize>,
    direction_applied: bool,
    bounds: Option<Vec<Option<[f64; 2]>>>,
    w_ind: Option<LevelW>,
    w_dim: Option<LevelW>,
    w_attr: Option<LevelW>,
    agg: Option<AggState>,
    closeness: Option<Vec<f64>>,
    keep: bool,
    /// Tables without `rows` and unit checks without ids (see [`run_lean`]).
    lean: bool,
    /// Threads for the chunked passes (results do not depend on it).
    threads: usize,
    /// The column summary of `x` as it stands (`ColumnSummary::of(&x, m)`), when known;
    /// every change of `x` either updates or clears it.
    summary: Option<ColumnSummary>,
    /// Entropy partial sums of `x` as it stands, with their shift, when an apply pass
    /// computed them for a following entropy weighting.
    entropy_pre: Option<(f64, EntropyPartials)>,
    /// The shift of the entropy weighting that follows the current step, if any.
    want_entropy: Option<f64>,
    /// The record of the aggregation whose per-unit values `agg` holds (and its report
    /// still lacks, see `settle_aggregate`).
    agg_record: Option<usize>,
}

/// Puts the per-unit values of the state's aggregation into its step record: moved when the
/// run ends (`take`), copied when a step may still read them.
fn settle_aggregate(s: &mut State, records: &mut [StepRecord], take: bool) {
    let (Some(i), Some(a)) = (s.agg_record.take(), s.agg.as_mut()) else {
        return;
    };
    let Some(StepReport::Aggregate(r)) = records.get_mut(i).map(|r| &mut r.report) else {
        return;
    };
    let mv = |v: &mut Vec<f64>| if take { std::mem::take(v) } else { v.clone() };
    r.dimensions.values = mv(&mut a.dims);
    if let (Some(t), Some(v)) = (r.attributes.as_mut(), a.attrs.as_mut()) {
        t.values = mv(v);
    }
    r.overall = mv(&mut a.overall);
}

struct AggState {
    dims: Vec<f64>,
    attrs: Option<Vec<f64>>,
    overall: Vec<f64>,
    effective: Vec<f64>,
}

/// Runs a pipeline on a dataset (copies the values; see [`run_owned`] to move them).
///
/// # Errors
/// Invalid input or parameters, or a step that cannot run, each naming the field
/// (`steps[i]…`) and the value.
///
/// ```
/// use renxing::composite::{run, Dataset, IndicatorMeta, Pipeline};
/// let d = Dataset::new(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec![IndicatorMeta::new("volunteers", "d1"), IndicatorMeta::new("drills", "d1").cost()],
///     vec![1.0, 5.0, 2.0, 3.0, 3.0, 1.0],
/// );
/// let p: Pipeline = serde_json::from_str(
///     r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}, {"step": "rank"}]}"#,
/// ).unwrap();
/// let r = run(&p, &d)?;
/// assert_eq!(r.aggregation().unwrap().overall, vec![0.0, 50.0, 100.0]);
/// assert_eq!(r.ranks().unwrap().columns[0].ranks, vec![3, 2, 1]);
/// # Ok::<(), renxing::composite::CompositeError>(())
/// ```
pub fn run(pipeline: &Pipeline, data: &Dataset) -> Result<PipelineResult, CompositeError> {
    run_owned(pipeline, data.clone())
}

/// Runs a pipeline, taking ownership of the dataset so the matrix is transformed in place
/// (no copy of the values when `keep_intermediates` is false).
///
/// # Errors
/// As [`run`].
pub fn run_owned(pipeline: &Pipeline, data: Dataset) -> Result<PipelineResult, CompositeError> {
    run_with(pipeline, data, false, par::threads(None))
}

/// As [`run_owned`], for front ends that hand the result over as arrays (numpy, typed arrays):
/// every table's `rows` is left empty (the rows are the result's `units`) and the check step's
/// unit records have empty ids (they are in input order), which saves a million-unit run
/// several copies of the unit ids. Every number, step record and other field is the same as
/// [`run_owned`]'s.
///
/// # Errors
/// As [`run`].
pub fn run_lean(pipeline: &Pipeline, data: Dataset) -> Result<PipelineResult, CompositeError> {
    run_with(pipeline, data, true, par::threads(None))
}

/// As [`run_owned`] (`lean` false) or [`run_lean`] (`lean` true) with the whole-matrix passes
/// on up to `threads` threads (0 = all cores; one on wasm32). The passes run over fixed chunks
/// of [`CHUNK_ROWS`] rows whose partial statistics are merged in chunk order, so the result is
/// the same, bit for bit, for any number of threads.
///
/// # Errors
/// As [`run`].
pub fn run_threads(
    pipeline: &Pipeline,
    data: Dataset,
    lean: bool,
    threads: usize,
) -> Result<PipelineResult, CompositeError> {
    run_with(pipeline, data, lean, par::threads(Some(threads)))
}

/// The shift of an entropy weighting `step` computes on the indicator table, if it does.
fn entropy_shift(step: &Step) -> Option<f64> {
    fn of(w: &WeightSpec) -> Option<f64> {
        match w.method {
            WeightMethod::Entropy => Some(w.entropy_shift),
            WeightMethod::Combined => w
                .objective
                .as_deref()
                .and_then(of)
                .or_else(|| w.subjective.as_deref().and_then(of)),
            _ => None,
        }
    }
    match step {
        Step::Weight(w) => of(w),
        _ => None,
    }
}

fn run_with(
    pipeline: &Pipeline,
    data: Dataset,
    lean: bool,
    threads: usize,
) -> Result<PipelineResult, CompositeError> {
    // units named by position stay positions only on the lean path
    let data = if lean { data } else { data.named() };
    data.validate()?;
    let st = Structure::resolve(&data)?;
    let n = data.n_units();
    let m = data.indicators.len();
    let positions = data.positions.map(|n| (0..n).collect());
    let mut s = State {
        units: data.units,
        positions,
        metas: data.indicators,
        groups: data.unit_groups,
        x: data.values,
        n,
        m,
        st,
        ind_dim: Vec::new(),
        direction_applied: false,
        bounds: None,
        w_ind: None,
        w_dim: None,
        w_attr: None,
        agg: None,
        closeness: None,
        keep: pipeline.keep_intermediates,
        lean,
        threads,
        summary: None,
        entropy_pre: None,
        want_entropy: None,
        agg_record: None,
    };
    s.index_dims();
    let mut records = Vec::with_capacity(pipeline.steps.len());
    for (i, step) in pipeline.steps.iter().enumerate() {
        let path = FieldPath::new(["steps"]).with(i);
        // a normalisation directly followed by an entropy weighting sums Σx and Σx ln x in
        // its apply pass
        s.want_entropy = pipeline.steps.get(i + 1).and_then(entropy_shift);
        match step {
            // a new aggregation replaces the state's values: the last one's record takes them
            Step::Aggregate(_) => settle_aggregate(&mut s, &mut records, true),
            // an exclusion would drop them: the record gets a copy (rare: a check after an
            // aggregation)
            Step::Check(_) => settle_aggregate(&mut s, &mut records, false),
            _ => {}
        }
        let report = match step {
            Step::Check(spec) => StepReport::Check(s.check(spec, &path)?),
            Step::Impute(spec) => StepReport::Impute(s.impute(spec, &path)?),
            Step::Treat(spec) => StepReport::Treat(s.treat(spec, &path)?),
            Step::Normalise(spec) => StepReport::Normalise(s.normalise(spec, &path)?),
            Step::Weight(spec) => {
                let r = s.weight(spec, &path)?;
                let lw = LevelW {
                    w: r.weights.clone(),
                    source: WeightSource::Step,
                };
                match spec.level {
                    WeightLevel::Indicator => s.w_ind = Some(lw),
                    WeightLevel::Dimension => s.w_dim = Some(lw),
                    WeightLevel::Attribute => s.w_attr = Some(lw),
                }
                StepReport::Weight(r)
            }
            Step::Aggregate(spec) => {
                let r = s.aggregate(spec, &path)?;
                s.agg_record = Some(records.len());
                StepReport::Aggregate(r)
            }
            Step::Band(spec) => StepReport::Band(s.band(spec, &path)?),
            Step::Topsis(spec) => StepReport::Topsis(s.topsis(spec, &path)?),
            Step::Obstacle(spec) => StepReport::Obstacle(s.obstacle(spec, &path)?),
            Step::Rank(spec) => StepReport::Rank(s.rank(spec, &path)?),
        };
        records.push(StepRecord {
            index: i,
            step: step.clone(),
            report,
        });
    }
    settle_aggregate(&mut s, &mut records, true);
    let indicators: Vec<String> = s.metas.iter().map(|m| m.id.clone()).collect();
    // lean: the final table's rows are the result's units (not a second copy of the ids)
    let rows = if s.lean { Vec::new() } else { s.units.clone() };
    Ok(PipelineResult {
        units: s.units,
        positions: s.positions,
        indicators: indicators.clone(),
        dimensions: s.st.dims.clone(),
        attributes: s.st.attrs.clone(),
        keep_intermediates: s.keep,
        steps: records,
        final_table: Table {
            rows,
            columns: indicators,
            values: s.x,
        },
    })
}

fn param(path: &FieldPath, field: &str, value: String, reason: &str) -> CompositeError {
    CompositeError::InvalidParameter {
        path: path.with(field),
        value,
        reason: reason.into(),
    }
}

impl State {
    fn index_dims(&mut self) {
        let pos: HashMap<&str, usize> = self
            .st
            .dims
            .iter()
            .enumerate()
            .map(|(i, d)| (d.as_str(), i))
            .collect();
        self.ind_dim = self
            .metas
            .iter()
            .map(|m| pos.get(m.dimension.as_str()).copied().unwrap_or(0))
            .collect();
    }

    /// The column summary of `x` as it stands (cached).
    fn summary(&mut self) -> ColumnSummary {
        if let Some(cs) = &self.summary {
            return cs.clone();
        }
        let cs = ColumnSummary::of_threads(&self.x, self.m, self.threads);
        self.summary = Some(cs.clone());
        cs
    }

    /// Whether `x` has no missing value (from the cached summary when there is one).
    fn complete(&self) -> bool {
        match &self.summary {
            Some(cs) => cs.count.iter().all(|&c| c as usize == self.n),
            None => !self.x.iter().any(|v| v.is_nan()),
        }
    }

    /// `x` is about to change: forget what was computed from it.
    fn invalidate(&mut self) {
        self.summary = None;
        self.entropy_pre = None;
    }

    fn rows(&self) -> Vec<String> {
        if self.lean {
            Vec::new()
        } else {
            self.units.clone()
        }
    }

    fn ids(&self) -> Vec<String> {
        self.metas.iter().map(|m| m.id.clone()).collect()
    }

    fn table(&self) -> Table {
        Table {
            rows: self.rows(),
            columns: self.ids(),
            values: self.x.clone(),
        }
    }

    fn maybe_table(&self) -> Option<Table> {
        if self.keep {
            Some(self.table())
        } else {
            None
        }
    }

    /// Unit `i`'s id (its row position in the input when the units are named by position).
    fn unit_id(&self, i: usize) -> String {
        match &self.positions {
            Some(p) => p.get(i).map_or_else(String::new, |p| p.to_string()),
            None => self.units.get(i).cloned().unwrap_or_default(),
        }
    }

    /// The units for the weighting functions' messages.
    fn names(&self) -> super::weights::Names<'_> {
        match &self.positions {
            Some(p) => super::weights::Names::Positions(p),
            None => super::weights::Names::Ids(&self.units),
        }
    }

    fn cell(&self, k: usize) -> (String, String) {
        (self.unit_id(k / self.m), self.metas[k % self.m].id.clone())
    }

    fn require_complete(&self, path: &FieldPath, what: &str) -> Result<(), CompositeError> {
        if self.complete() {
            return Ok(());
        }
        if let Some(k) = self.x.iter().position(|v| v.is_nan()) {
            let (unit, column) = self.cell(k);
            return Err(CompositeError::Domain {
                path: path.clone(),
                unit,
                column,
                value: f64::NAN,
                reason: format!("{what} needs complete data: add an impute step first"),
            });
        }
        Ok(())
    }

    // ---------------------------------------------------------------- check
    fn check(&mut self, spec: &CheckSpec, path: &FieldPath) -> Result<CheckReport, CompositeError> {
        for (name, v) in [
            ("unit_threshold", spec.unit_threshold),
            ("indicator_threshold", spec.indicator_threshold),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(param(path, name, num_text(v), "a share in [0, 1]"));
            }
        }
        if let Some(z) = spec.zero_threshold {
            if !(0.0..=1.0).contains(&z) {
                return Err(param(
                    path,
                    "zero_threshold",
                    num_text(z),
                    "a share in [0, 1]",
                ));
            }
        }
        let (n, m) = (self.n, self.m);
        // one pass over fixed chunks: the column summary and each row's counts
        let shift = ColumnSummary::shifts_from_first_row(&self.x, m);
        let ranges = chunk_ranges(n);
        let x = &self.x;
        let parts = par::map_blocks(ranges.len(), self.threads, |b| {
            let (s, e) = ranges[b];
            let mut cs = ColumnSummary::new(shift.clone());
            let chunk = &x[s * m..e * m];
            cs.update(chunk);
            let counts: Vec<(usize, usize)> = chunk
                .chunks_exact(m)
                .map(|row| {
                    let mut avail = 0usize;
                    let mut zeros = 0usize;
                    for &v in row {
                        if !v.is_nan() {
                            avail += 1;
                            if v == 0.0 {
                                zeros += 1;
                            }
                        }
                    }
                    (avail, zeros)
                })
                .collect();
            (cs, counts)
        });
        let mut cs = ColumnSummary::new(shift);
        for (p, _) in &parts {
            cs.merge(p);
        }
        let mut units = UnitChecks {
            ids: if self.lean {
                Vec::new()
            } else {
                self.units.clone()
            },
            available: Vec::with_capacity(n),
            share: Vec::with_capacity(n),
            zero_share: Vec::with_capacity(n),
            passed: Vec::with_capacity(n),
        };
        for &(avail, zeros) in parts.iter().flat_map(|(_, c)| c) {
            let share = avail as f64 / m as f64;
            let zero_share = if avail > 0 {
                zeros as f64 / avail as f64
            } else {
                0.0
            };
            let passed =
                share >= spec.unit_threshold && spec.zero_threshold.is_none_or(|t| zero_share <= t);
            units.available.push(avail);
            units.share.push(share);
            units.zero_share.push(zero_share);
            units.passed.push(passed);
        }
        drop(parts);
        let mut indicators = Vec::with_capacity(m);
        for j in 0..m {
            let available = cs.count[j] as usize;
            let share = available as f64 / n as f64;
            let constant = available < 2 || cs.min[j] == cs.max[j];
            let nanif = |v: f64| if available == 0 { f64::NAN } else { v };
            indicators.push(IndicatorCheck {
                id: self.metas[j].id.clone(),
                available,
                share,
                zeros: cs.zeros[j] as usize,
                min: nanif(cs.min[j]),
                max: nanif(cs.max[j]),
                mean: cs.mean(j),
                sd: cs.sd(j),
                constant,
                passed: share >= spec.indicator_threshold && !constant,
            });
        }
        let mut excluded_units = Vec::new();
        let mut excluded_indicators = Vec::new();
        if spec.action == CheckAction::Exclude {
            let keep_rows: Vec<bool> = units.passed.clone();
            let keep_cols: Vec<bool> = indicators.iter().map(|c| c.passed).collect();
            excluded_units = (0..n)
                .filter(|&i| !keep_rows[i])
                .map(|i| self.unit_id(i))
                .collect();
            excluded_indicators = indicators
                .iter()
                .filter(|c| !c.passed)
                .map(|c| c.id.clone())
                .collect();
            if keep_rows.iter().all(|k| !k) {
                return Err(CompositeError::Empty {
                    path: path.with("units"),
                    min: 1,
                });
            }
            if keep_cols.iter().all(|k| !k) {
                return Err(CompositeError::Empty {
                    path: path.with("indicators"),
                    min: 1,
                });
            }
            if !excluded_units.is_empty() || !excluded_indicators.is_empty() {
                self.exclude(&keep_rows, &keep_cols);
            }
        }
        if self.summary.is_none() && self.x.len() == n * m {
            // nothing excluded: the summary is the matrix's
            self.summary = Some(cs);
        }
        Ok(CheckReport {
            units,
            indicators,
            excluded_units,
            excluded_indicators,
        })
    }

    fn exclude(&mut self, keep_rows: &[bool], keep_cols: &[bool]) {
        self.invalidate();
        let m = self.m;
        let mut w = 0;
        for (i, &kr) in keep_rows.iter().enumerate() {
            if !kr {
                continue;
            }
            for (j, &kc) in keep_cols.iter().enumerate() {
                if kc {
                    self.x[w] = self.x[i * m + j];
                    w += 1;
                }
            }
        }
        self.x.truncate(w);
        let filt = |v: &mut Vec<String>, keep: &[bool]| {
            let mut it = keep.iter();
            v.retain(|_| it.next().copied().unwrap_or(false));
        };
        filt(&mut self.units, keep_rows);
        if let Some(p) = &mut self.positions {
            let mut it = keep_rows.iter();
            p.retain(|_| it.next().copied().unwrap_or(false));
        }
        for g in self.groups.values_mut() {
            filt(g, keep_rows);
        }
        let mut it = keep_cols.iter();
        self.metas.retain(|_| it.next().copied().unwrap_or(false));
        if let Some(w) = &mut self.w_ind {
            let mut it = keep_cols.iter();
            w.w.retain(|_| it.next().copied().unwrap_or(false));
        }
        if let Some(b) = &mut self.bounds {
            let mut it = keep_cols.iter();
            b.retain(|_| it.next().copied().unwrap_or(false));
        }
        self.n = keep_rows.iter().filter(|&&k| k).count();
        self.m = self.metas.len();
        self.agg = None;
        self.closeness = None;
        self.index_dims();
    }

    // ---------------------------------------------------------------- impute
    fn impute(
        &mut self,
        spec: &ImputeSpec,
        path: &FieldPath,
    ) -> Result<ImputeReport, CompositeError> {
        let (n, m) = (self.n, self.m);
        let cs = self.summary();
        let per_col: Vec<usize> = cs.count.iter().map(|&c| n - c as usize).collect();
        let missing: usize = per_col.iter().sum();
        let ids = self.ids();
        if spec.method == ImputeMethod::None {
            if missing > 0 {
                let cells = self
                    .x
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.is_nan())
                    .take(spec.max_listed)
                    .map(|(k, _)| {
                        let (unit, indicator) = self.cell(k);
                        MissingCell { unit, indicator }
                    })
                    .collect();
                return Err(CompositeError::MissingValues {
                    path: path.clone(),
                    count: missing,
                    cells,
                });
            }
            return Ok(ImputeReport {
                imputed: 0,
                columns: ids
                    .into_iter()
                    .map(|id| ImputeColumn {
                        id,
                        imputed: 0,
                        fill: f64::NAN,
                    })
                    .collect(),
                group_fills: Vec::new(),
                table: self.maybe_table(),
            });
        }
        let use_median = matches!(
            spec.method,
            ImputeMethod::Median | ImputeMethod::GroupMedian
        );
        // Overall fills.
        let overall: Vec<f64> = if use_median {
            (0..m)
                .map(|j| {
                    if per_col[j] == 0 {
                        f64::NAN
                    } else {
                        median(&self.col(j))
                    }
                })
                .collect()
        } else {
            (0..m).map(|j| cs.mean(j)).collect()
        };
        let mut group_fills = Vec::new();
        match spec.method {
            ImputeMethod::Mean | ImputeMethod::Median => {
                for j in 0..m {
                    if per_col[j] > 0 && overall[j].is_nan() {
                        return Err(CompositeError::Constant {
                            path: path.clone(),
                            indicator: ids[j].clone(),
                            value: f64::NAN,
                            reason: "every value is missing, so there is nothing to impute from"
                                .into(),
                        });
                    }
                }
                if missing > 0 {
                    self.invalidate();
                    // fill and summarise the filled matrix in one pass over fixed chunks; the
                    // shifts are the filled first row's, as `ColumnSummary::of` takes them
                    let shift: Vec<f64> = (0..m)
                        .map(|j| {
                            let v = if self.x[j].is_nan() {
                                overall[j]
                            } else {
                                self.x[j]
                            };
                            if v.is_finite() {
                                v
                            } else {
                                0.0
                            }
                        })
                        .collect();
                    let parts =
                        par::map_chunks_mut(&mut self.x, CHUNK_ROWS * m, self.threads, |_, c| {
                            for row in c.chunks_exact_mut(m) {
                                for (v, &fill) in row.iter_mut().zip(&overall) {
                                    if v.is_nan() {
                                        *v = fill;
                                    }
                                }
                            }
                            let mut p = ColumnSummary::new(shift.clone());
                            p.update(c);
                            p
                        });
                    let mut total = ColumnSummary::new(shift);
                    for p in &parts {
                        total.merge(p);
                    }
                    self.summary = Some(total);
                }
            }
            ImputeMethod::GroupMean | ImputeMethod::GroupMedian => {
                self.invalidate();
                let by = spec.by.as_ref().ok_or_else(|| {
                    param(
                        path,
                        "by",
                        "null".into(),
                        "group imputation needs `by`, the name of a unit grouping column",
                    )
                })?;
                let labels = self
                    .groups
                    .get(by)
                    .ok_or_else(|| CompositeError::UnknownId {
                        path: path.with("by"),
                        id: by.clone(),
                    })?;
                let mut gnames: Vec<String> = Vec::new();
                let mut gidx: HashMap<&str, usize> = HashMap::new();
                let unit_g: Vec<usize> = labels
                    .iter()
                    .map(|l| {
                        let len = gnames.len();
                        *gidx.entry(l.as_str()).or_insert_with(|| {
                            gnames.push(l.clone());
                            len
                        })
                    })
                    .collect();
                let gcount = gnames.len();
                for j in 0..m {
                    if per_col[j] == 0 {
                        continue;
                    }
                    // Values per group.
                    let mut vals: Vec<Vec<f64>> = vec![Vec::new(); gcount];
                    let mut need = vec![false; gcount];
                    for i in 0..n {
                        let v = self.x[i * m + j];
                        if v.is_nan() {
                            need[unit_g[i]] = true;
                        } else {
                            vals[unit_g[i]].push(v);
                        }
                    }
                    let mut fill = vec![f64::NAN; gcount];
                    for g in 0..gcount {
                        if !need[g] {
                            continue;
                        }
                        let (value, fallback) = if vals[g].is_empty() {
                            if spec.fallback_overall && !overall[j].is_nan() {
                                (overall[j], true)
                            } else {
                                return Err(CompositeError::EmptyGroup {
                                    path: path.clone(),
                                    group: gnames[g].clone(),
                                    indicator: ids[j].clone(),
                                });
                            }
                        } else if use_median {
                            (median(&vals[g]), false)
                        } else {
                            (vals[g].iter().sum::<f64>() / vals[g].len() as f64, false)
                        };
                        fill[g] = value;
                        group_fills.push(GroupFill {
                            group: gnames[g].clone(),
                            indicator: ids[j].clone(),
                            value,
                            fallback,
                        });
                    }
                    for i in 0..n {
                        let v = &mut self.x[i * m + j];
                        if v.is_nan() {
                            *v = fill[unit_g[i]];
                        }
                    }
                }
            }
            ImputeMethod::None => {}
        }
        let group = matches!(
            spec.method,
            ImputeMethod::GroupMean | ImputeMethod::GroupMedian
        );
        Ok(ImputeReport {
            imputed: missing,
            columns: ids
                .into_iter()
                .enumerate()
                .map(|(j, id)| ImputeColumn {
                    id,
                    imputed: per_col[j],
                    fill: if group { f64::NAN } else { overall[j] },
                })
                .collect(),
            group_fills,
            table: self.maybe_table(),
        })
    }

    fn col(&self, j: usize) -> Vec<f64> {
        self.x.iter().skip(j).step_by(self.m).copied().collect()
    }

    fn set_col(&mut self, j: usize, v: &[f64]) {
        self.invalidate();
        let m = self.m;
        for (i, &y) in v.iter().enumerate() {
            self.x[i * m + j] = y;
        }
    }

    // ---------------------------------------------------------------- treat
    fn treat(&mut self, spec: &TreatSpec, path: &FieldPath) -> Result<TreatReport, CompositeError> {
        if !(spec.skew_threshold.is_finite() && spec.skew_threshold > 0.0) {
            return Err(param(
                path,
                "skew_threshold",
                num_text(spec.skew_threshold),
                "must be > 0",
            ));
        }
        if !spec.kurtosis_threshold.is_finite() {
            return Err(param(
                path,
                "kurtosis_threshold",
                num_text(spec.kurtosis_threshold),
                "must be finite",
            ));
        }
        for (k, id) in spec.skip.iter().enumerate() {
            if !self.metas.iter().any(|m| &m.id == id) {
                return Err(CompositeError::UnknownId {
                    path: path.with("skip").with(k),
                    id: id.clone(),
                });
            }
        }
        let passes = |cm: &CentralMoments| {
            let (s, k) = (cm.skewness(), cm.kurtosis());
            // COINr returns NA (untreated) when skew/kurt cannot be computed.
            s.is_nan() || k.is_nan() || s.abs() < spec.skew_threshold || k < spec.kurtosis_threshold
        };
        let mut columns = Vec::with_capacity(self.m);
        for j in 0..self.m {
            let id = self.metas[j].id.clone();
            let orig = self.col(j);
            let cm0 = CentralMoments::of(&orig);
            let mut col = TreatColumn {
                id: id.clone(),
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
            if spec.skip.contains(&id) {
                col.skipped = true;
                columns.push(col);
                continue;
            }
            if !col.failed {
                columns.push(col);
                continue;
            }
            let mut x = orig.clone();
            let mut done = vec![false; x.len()];
            // the rows of `col.winsorised`, in order
            let mut won: Vec<usize> = Vec::new();
            let mut nwin = 0usize;
            let mut cm = cm0;
            let mut ok = false;
            while nwin < spec.winmax {
                let high = cm.skewness() >= 0.0;
                let ext = x.iter().copied().filter(|v| !v.is_nan()).fold(
                    if high {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    },
                    |a, v| {
                        if high {
                            a.max(v)
                        } else {
                            a.min(v)
                        }
                    },
                );
                let next = x.iter().copied().filter(|v| !v.is_nan() && *v != ext).fold(
                    if high {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    },
                    |a, v| {
                        if high {
                            a.max(v)
                        } else {
                            a.min(v)
                        }
                    },
                );
                if !next.is_finite() {
                    break;
                }
                for (i, v) in x.iter_mut().enumerate() {
                    if *v == ext {
                        *v = next;
                        if !done[i] {
                            done[i] = true;
                            nwin += 1;
                            won.push(i);
                            col.winsorised.push(WinsorisedPoint {
                                unit: self.unit_id(i),
                                side: if high { Side::High } else { Side::Low },
                                original: orig[i],
                                winsorised: next,
                            });
                        }
                    }
                }
                cm = CentralMoments::of(&x);
                if passes(&cm) {
                    ok = true;
                    break;
                }
            }
            // Record the final value of every winsorised point (a point may be moved again).
            for (p, &i) in col.winsorised.iter_mut().zip(&won) {
                p.winsorised = x[i];
            }
            if !col.winsorised.is_empty() {
                col.skew_winsorised = Some(cm.skewness());
                col.kurtosis_winsorised = Some(cm.kurtosis());
            }
            if !ok && spec.log != LogTransform::None {
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for &v in orig.iter().filter(|v| !v.is_nan()) {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
                let add = match spec.log {
                    LogTransform::LogCtOrig => 1.0,
                    _ => 0.01 * (hi - lo),
                };
                x = orig
                    .iter()
                    .map(|&v| {
                        if v.is_nan() {
                            v
                        } else {
                            libm::log(v - lo + add)
                        }
                    })
                    .collect();
                cm = CentralMoments::of(&x);
                col.transform = Some(spec.log);
                ok = passes(&cm);
            }
            col.skew_final = cm.skewness();
            col.kurtosis_final = cm.kurtosis();
            col.passes = ok;
            self.set_col(j, &x);
            columns.push(col);
        }
        Ok(TreatReport {
            columns,
            table: self.maybe_table(),
        })
    }

    // ---------------------------------------------------------------- normalise
    fn normalise(
        &mut self,
        spec: &NormaliseSpec,
        path: &FieldPath,
    ) -> Result<NormaliseReport, CompositeError> {
        if self.direction_applied {
            return Err(CompositeError::Order {
                path: path.clone(),
                reason: "the indicators are already normalised; a second normalisation would apply the directions twice".into(),
            });
        }
        let [lo, hi] = spec.range;
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(param(
                path,
                "range",
                format!("[{}, {}]", num_text(lo), num_text(hi)),
                "finite with lo < hi",
            ));
        }
        if !(spec.z_sd.is_finite() && spec.z_sd > 0.0 && spec.z_mean.is_finite()) {
            return Err(param(
                path,
                "z_sd",
                num_text(spec.z_sd),
                "z_sd > 0 and z_mean finite",
            ));
        }
        for (k, id) in spec.overrides.keys().enumerate() {
            if !self.metas.iter().any(|m| &m.id == id) {
                return Err(CompositeError::UnknownId {
                    path: path.with("overrides").with(k),
                    id: id.clone(),
                });
            }
        }
        let m = self.m;
        let n = self.n;
        let cs = self.summary();
        let scale = hi - lo;
        // Per column: y = clamp(a x + b, cl, ch), or a column-wise kind.
        enum Kind {
            /// y = clamp(a (x − c) + b, cl, ch)
            Affine {
                a: f64,
                c: f64,
                b: f64,
                cl: f64,
                ch: f64,
            },
            Const(f64),
            Column(Vec<f64>),
            InvCost {
                min: f64,
            },
        }
        let mut kinds = Vec::with_capacity(m);
        let mut columns = Vec::with_capacity(m);
        let mut bounds = Vec::with_capacity(m);
        for j in 0..m {
            let meta = &self.metas[j];
            let method = spec.overrides.get(&meta.id).copied().unwrap_or(spec.method);
            let cost = meta.direction == Direction::Cost;
            let (mn, mx) = (cs.min[j], cs.max[j]);
            let has = cs.count[j] > 0;
            let constant = has && mn == mx;
            let mut cval = None;
            let bounded = !matches!(method, NormMethod::ZScore | NormMethod::Rank);
            let constant_rule = |default: f64| -> Result<Kind, CompositeError> {
                match spec.on_constant {
                    ConstantRule::Error => Err(CompositeError::Constant {
                        path: path.clone(),
                        indicator: meta.id.clone(),
                        value: mn,
                        reason: "set on_constant = \"value\" to give every unit one value, or exclude it with a check step".into(),
                    }),
                    ConstantRule::Value => Ok(Kind::Const(spec.constant_value.unwrap_or(default))),
                }
            };
            let kind = if !has {
                Kind::Const(f64::NAN)
            } else {
                match method {
                    NormMethod::MinMax => {
                        if constant {
                            constant_rule((lo + hi) / 2.0)?
                        } else {
                            let r = mx - mn;
                            if cost {
                                Kind::Affine {
                                    a: -scale / r,
                                    c: mx,
                                    b: lo,
                                    cl: lo,
                                    ch: hi,
                                }
                            } else {
                                Kind::Affine {
                                    a: scale / r,
                                    c: mn,
                                    b: lo,
                                    cl: lo,
                                    ch: hi,
                                }
                            }
                        }
                    }
                    NormMethod::ZScore => {
                        let sd = cs.sd(j);
                        if constant || !(sd > 0.0) {
                            constant_rule(spec.z_mean)?
                        } else {
                            let mean = cs.mean(j);
                            let s = if cost { -1.0 } else { 1.0 };
                            Kind::Affine {
                                a: s * spec.z_sd / sd,
                                c: mean,
                                b: spec.z_mean,
                                cl: f64::NEG_INFINITY,
                                ch: f64::INFINITY,
                            }
                        }
                    }
                    NormMethod::Rank | NormMethod::PercentileRank => {
                        if method == NormMethod::PercentileRank && constant {
                            constant_rule((lo + hi) / 2.0)?
                        } else {
                            let c = self.col(j);
                            let keyed: Vec<f64> = if cost {
                                c.iter().map(|v| -v).collect()
                            } else {
                                c
                            };
                            let mut r = min_ranks_asc(&keyed);
                            if method == NormMethod::PercentileRank {
                                let cnt = cs.count[j] as f64;
                                for v in &mut r {
                                    *v = lo + scale * (*v - 1.0) / (cnt - 1.0);
                                }
                            }
                            Kind::Column(r)
                        }
                    }
                    NormMethod::DistanceToMax => {
                        if cost {
                            if !(mn > 0.0) {
                                return Err(self.domain(path, j, mn, "distance to max of a cost indicator (min/x) needs every value > 0"));
                            }
                            Kind::InvCost { min: mn }
                        } else {
                            if mn < 0.0 || !(mx > 0.0) {
                                return Err(self.domain(
                                    path,
                                    j,
                                    if mn < 0.0 { mn } else { mx },
                                    "distance to max (x/max) needs values ≥ 0 and a maximum > 0",
                                ));
                            }
                            Kind::Affine {
                                a: scale / mx,
                                c: 0.0,
                                b: lo,
                                cl: f64::NEG_INFINITY,
                                ch: f64::INFINITY,
                            }
                        }
                    }
                    NormMethod::Goalposts => {
                        let [gl, gu] = meta.goalposts.ok_or_else(|| CompositeError::InvalidParameter {
                            path: FieldPath::new(["indicators"]).with(j).with("goalposts"),
                            value: "null".into(),
                            reason: format!("the goalposts normalisation of {} needs goalposts [L, U] in the metadata", meta.id),
                        })?;
                        let r = gu - gl;
                        if cost {
                            Kind::Affine {
                                a: -scale / r,
                                c: gu,
                                b: lo,
                                cl: lo,
                                ch: hi,
                            }
                        } else {
                            Kind::Affine {
                                a: scale / r,
                                c: gl,
                                b: lo,
                                cl: lo,
                                ch: hi,
                            }
                        }
                    }
                    NormMethod::Target => {
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
                        let ch = if spec.cap { hi } else { f64::INFINITY };
                        if cost {
                            if !(mx > t) {
                                return Err(param(
                                    &FieldPath::new(["indicators"]).with(j),
                                    "target",
                                    num_text(t),
                                    "for a cost indicator the target must be below the maximum",
                                ));
                            }
                            let r = mx - t;
                            Kind::Affine {
                                a: -scale / r,
                                c: mx,
                                b: lo,
                                cl: f64::NEG_INFINITY,
                                ch,
                            }
                        } else {
                            if !(t > mn) {
                                return Err(param(
                                    &FieldPath::new(["indicators"]).with(j),
                                    "target",
                                    num_text(t),
                                    "for a benefit indicator the target must exceed the minimum",
                                ));
                            }
                            let r = t - mn;
                            Kind::Affine {
                                a: scale / r,
                                c: mn,
                                b: lo,
                                cl: f64::NEG_INFINITY,
                                ch,
                            }
                        }
                    }
                }
            };
            if let Kind::Const(v) = &kind {
                if has {
                    cval = Some(*v);
                }
            }
            let bnd = if bounded && (method != NormMethod::Target || spec.cap) {
                Some([lo, hi])
            } else {
                None
            };
            bounds.push(bnd);
            columns.push(NormColumn {
                id: meta.id.clone(),
                method,
                direction: meta.direction,
                min: if has { mn } else { f64::NAN },
                max: if has { mx } else { f64::NAN },
                mean: cs.mean(j),
                sd: cs.sd(j),
                constant_value: cval,
                bounds: bnd,
            });
            kinds.push(kind);
        }
        // Apply: one row-major pass for affine/constant columns.
        let all_affine = kinds
            .iter()
            .all(|k| matches!(k, Kind::Affine { .. } | Kind::Const(_)));
        let mut a = vec![0.0; m];
        let mut b = vec![0.0; m];
        let mut c0 = vec![0.0; m];
        let mut cl = vec![f64::NEG_INFINITY; m];
        let mut ch = vec![f64::INFINITY; m];
        let mut is_const = vec![false; m];
        for (j, k) in kinds.iter().enumerate() {
            match k {
                Kind::Affine {
                    a: aa,
                    c: cc,
                    b: bb,
                    cl: l,
                    ch: h,
                } => {
                    a[j] = *aa;
                    c0[j] = *cc;
                    b[j] = *bb;
                    cl[j] = *l;
                    ch[j] = *h;
                }
                Kind::Const(v) => {
                    b[j] = *v;
                    is_const[j] = true;
                }
                _ => {}
            }
        }
        let complete = self.complete();
        self.invalidate();
        if all_affine {
            // One pass over fixed chunks: apply, summarise the result (for TOPSIS and later
            // steps) and, when an entropy weighting follows, its sums Σx and Σx ln x.
            let (a, b, c0, cl, ch, is_const) = (
                &a[..m],
                &b[..m],
                &c0[..m],
                &cl[..m],
                &ch[..m],
                &is_const[..m],
            );
            let tf = |j: usize, x: f64| -> f64 {
                let y = a[j] * (x - c0[j]) + b[j];
                let y = if y < cl[j] {
                    cl[j]
                } else if y > ch[j] {
                    ch[j]
                } else {
                    y
                };
                if is_const[j] {
                    b[j]
                } else {
                    y
                }
            };
            // the shifts `ColumnSummary::of` takes: the transformed first row
            let shift: Vec<f64> = (0..m)
                .map(|j| {
                    let v = self.x[j];
                    let y = if v.is_nan() { v } else { tf(j, v) };
                    if y.is_finite() {
                        y
                    } else {
                        0.0
                    }
                })
                .collect();
            let want = self.want_entropy.filter(|_| complete);
            let parts = par::map_chunks_mut(&mut self.x, CHUNK_ROWS * m, self.threads, |_, c| {
                for row in c.chunks_exact_mut(m) {
                    let row = &mut row[..m];
                    for j in 0..m {
                        let x = row[j];
                        // a select, not a branch: the loop vectorises
                        let y = tf(j, x);
                        row[j] = if x.is_nan() { x } else { y };
                    }
                }
                let mut p = ColumnSummary::new(shift.clone());
                p.update(c);
                let e = want.map(|es| {
                    let mut e = EntropyPartials::new(m);
                    e.update(c, es);
                    e
                });
                (p, e)
            });
            let mut total = ColumnSummary::new(shift);
            let mut ent = want.map(|es| (es, EntropyPartials::new(m)));
            for (p, e) in &parts {
                total.merge(p);
                if let (Some((_, t)), Some(e)) = (ent.as_mut(), e) {
                    t.merge(e);
                }
            }
            self.summary = Some(total);
            self.entropy_pre = ent;
        } else {
            for row in self.x.chunks_exact_mut(m) {
                for j in 0..m {
                    let x = row[j];
                    if x.is_nan() {
                        continue;
                    }
                    if is_const[j] {
                        row[j] = b[j];
                    } else if matches!(kinds[j], Kind::Affine { .. }) {
                        let y = a[j] * (x - c0[j]) + b[j];
                        row[j] = if y < cl[j] {
                            cl[j]
                        } else if y > ch[j] {
                            ch[j]
                        } else {
                            y
                        };
                    }
                }
            }

            for (j, k) in kinds.iter().enumerate() {
                match k {
                    Kind::Column(v) => {
                        for i in 0..n {
                            self.x[i * m + j] = v[i];
                        }
                    }
                    Kind::InvCost { min } => {
                        for i in 0..n {
                            let x = self.x[i * m + j];
                            if !x.is_nan() {
                                self.x[i * m + j] = lo + scale * (min / x);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        self.direction_applied = true;
        self.bounds = Some(bounds);
        Ok(NormaliseReport {
            columns,
            table: self.maybe_table(),
        })
    }

    fn domain(&self, path: &FieldPath, j: usize, value: f64, reason: &str) -> CompositeError {
        let i = (0..self.n)
            .find(|&i| self.x[i * self.m + j] == value)
            .unwrap_or(0);
        CompositeError::Domain {
            path: path.clone(),
            unit: self.unit_id(i),
            column: self.metas[j].id.clone(),
            value,
            reason: reason.into(),
        }
    }

    // ---------------------------------------------------------------- weights
    fn level_ids(&self, level: WeightLevel) -> Vec<String> {
        match level {
            WeightLevel::Indicator => self.ids(),
            WeightLevel::Dimension => self.st.dims.clone(),
            WeightLevel::Attribute => self.st.attrs.clone(),
        }
    }

    fn meta_weights(&self, level: WeightLevel) -> Option<Vec<f64>> {
        match level {
            WeightLevel::Indicator => self.metas.iter().map(|m| m.weight).collect(),
            WeightLevel::Dimension => self.st.dim_meta_weights.clone(),
            WeightLevel::Attribute => self.st.attr_meta_weights.clone(),
        }
    }

    fn weight(&self, spec: &WeightSpec, path: &FieldPath) -> Result<WeightReport, CompositeError> {
        let ids = self.level_ids(spec.level);
        if ids.is_empty() {
            return Err(CompositeError::Order {
                path: path.with("level"),
                reason: "the hierarchy has no attribute level".into(),
            });
        }
        let k = ids.len();
        let objective = matches!(
            spec.method,
            WeightMethod::Entropy | WeightMethod::Critic | WeightMethod::StdDev
        );
        if objective && spec.level != WeightLevel::Indicator {
            return Err(param(path, "level", format!("{:?}", spec.level).to_lowercase(), "entropy, CRITIC and standard-deviation weights are computed from the indicator table: use level = indicator"));
        }
        let (weights, detail) = match spec.method {
            WeightMethod::Equal => (vec![1.0 / k as f64; k], WeightDetail::Equal),
            WeightMethod::Manual => {
                let meta = self.meta_weights(spec.level);
                let pos: HashMap<&str, usize> = ids
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.as_str(), i))
                    .collect();
                for (key, &w) in &spec.values {
                    if !pos.contains_key(key.as_str()) {
                        return Err(CompositeError::UnknownId {
                            path: path.with("values"),
                            id: key.clone(),
                        });
                    }
                    super::data::check_weight(&path.with("values").with(key.as_str()), w)?;
                }
                let mut raw = Vec::with_capacity(k);
                for (i, id) in ids.iter().enumerate() {
                    let w = match spec.values.get(id) {
                        Some(w) => *w,
                        None => match self.single_meta_weight(spec.level, i, meta.as_deref()) {
                            Some(w) => w,
                            None => {
                                return Err(param(
                                    path,
                                    "values",
                                    format!("no weight for {id:?}"),
                                    "give every id a weight, in `values` or in the metadata",
                                ));
                            }
                        },
                    };
                    raw.push(w);
                }
                let w = normalise_sum(&raw, &path.with("values"), "the weights sum to 0")?;
                (w, WeightDetail::Manual { raw })
            }
            WeightMethod::Ahp => {
                if spec.ahp.is_empty() {
                    return Err(CompositeError::Empty {
                        path: path.with("ahp"),
                        min: 1,
                    });
                }
                let pos: HashMap<&str, usize> = ids
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.as_str(), i))
                    .collect();
                let mut raw = vec![f64::NAN; k];
                let mut results = Vec::with_capacity(spec.ahp.len());
                for (q, mat) in spec.ahp.iter().enumerate() {
                    let mp = path.with("ahp").with(q);
                    let r = ahp(mat, &spec.ahp_options, &mp)?;
                    for (t, id) in mat.ids.iter().enumerate() {
                        let Some(&i) = pos.get(id.as_str()) else {
                            return Err(CompositeError::UnknownId {
                                path: mp.with("ids").with(t),
                                id: id.clone(),
                            });
                        };
                        if !raw[i].is_nan() {
                            return Err(CompositeError::Duplicate {
                                path: mp.with("ids").with(t),
                                id: id.clone(),
                            });
                        }
                        raw[i] = r.weights[t];
                    }
                    results.push(r);
                }
                if let Some(i) = raw.iter().position(|v| v.is_nan()) {
                    return Err(param(
                        path,
                        "ahp",
                        format!("no judgement covers {:?}", ids[i]),
                        "the matrices must cover every id of the level once",
                    ));
                }
                let w = normalise_sum(&raw, &path.with("ahp"), "the priorities sum to 0")?;
                (w, WeightDetail::Ahp { matrices: results })
            }
            WeightMethod::Entropy => {
                let r = match self.entropy_ready(spec.entropy_shift) {
                    Some(p) => entropy_finish(p, &ids, spec.entropy_shift, path)?,
                    None => super::weights::entropy_weights_of(
                        &self.x,
                        self.names(),
                        &ids,
                        spec.entropy_shift,
                        path,
                    )?,
                };
                (r.weights.clone(), WeightDetail::Entropy(r))
            }
            WeightMethod::Critic => {
                let r = super::weights::critic_weights_of(&self.x, self.names(), &ids, path)?;
                (r.weights.clone(), WeightDetail::Critic(r))
            }
            WeightMethod::StdDev => {
                let (sd, w) =
                    super::weights::std_dev_weights_of(&self.x, self.names(), &ids, path)?;
                (w, WeightDetail::StdDev { sd })
            }
            WeightMethod::Combined => {
                let sub = spec.subjective.as_ref().ok_or_else(|| {
                    param(
                        path,
                        "subjective",
                        "null".into(),
                        "a combined weighting needs a subjective set",
                    )
                })?;
                let obj = spec.objective.as_ref().ok_or_else(|| {
                    param(
                        path,
                        "objective",
                        "null".into(),
                        "a combined weighting needs an objective set",
                    )
                })?;
                let mut sub = (**sub).clone();
                let mut obj = (**obj).clone();
                sub.level = spec.level;
                obj.level = spec.level;
                let rs = self.weight(&sub, &path.with("subjective"))?;
                let ro = self.weight(&obj, &path.with("objective"))?;
                let w = combine_weights(&rs.weights, &ro.weights, spec.rule, spec.alpha, path)?;
                (
                    w,
                    WeightDetail::Combined {
                        subjective: Box::new(rs),
                        objective: Box::new(ro),
                        rule: spec.rule,
                        alpha: spec.alpha,
                    },
                )
            }
        };
        Ok(WeightReport {
            level: spec.level,
            method: spec.method,
            ids,
            weights,
            detail,
        })
    }

    /// The entropy partial sums of `x` with this shift, when an apply pass computed them and
    /// the matrix passes `entropy_weights`' checks (n ≥ 2, complete, every value ≥ 0 after the
    /// shift); otherwise `entropy_weights` runs (and reports any error).
    fn entropy_ready(&self, shift: f64) -> Option<&EntropyPartials> {
        let (es, p) = self.entropy_pre.as_ref()?;
        let cs = self.summary.as_ref()?;
        let ok = es.to_bits() == shift.to_bits()
            && shift.is_finite()
            && self.n >= 2
            && p.rows as usize == self.n
            && (0..self.m).all(|j| cs.count[j] as usize == self.n && !(cs.min[j] + shift < 0.0));
        ok.then_some(p)
    }

    fn single_meta_weight(&self, level: WeightLevel, i: usize, all: Option<&[f64]>) -> Option<f64> {
        match level {
            WeightLevel::Indicator => self.metas.get(i).and_then(|m| m.weight),
            _ => all.and_then(|a| a.get(i).copied()),
        }
    }

    fn level_weights(&self, level: WeightLevel) -> LevelW {
        let set = match level {
            WeightLevel::Indicator => &self.w_ind,
            WeightLevel::Dimension => &self.w_dim,
            WeightLevel::Attribute => &self.w_attr,
        };
        if let Some(w) = set {
            return w.clone();
        }
        let k = self.level_ids(level).len();
        if let Some(mw) = self.meta_weights(level) {
            let s: f64 = mw.iter().sum();
            if s > 0.0 && mw.len() == k {
                return LevelW {
                    w: mw.iter().map(|w| w / s).collect(),
                    source: WeightSource::Metadata,
                };
            }
        }
        LevelW {
            w: vec![1.0 / k.max(1) as f64; k],
            source: WeightSource::Equal,
        }
    }

    // ---------------------------------------------------------------- aggregate
    fn aggregate(
        &mut self,
        spec: &AggregateSpec,
        path: &FieldPath,
    ) -> Result<AggregateReport, CompositeError> {
        if spec.zero_rule == ZeroRule::Shift && !(spec.epsilon.is_finite() && spec.epsilon > 0.0) {
            return Err(param(
                path,
                "epsilon",
                num_text(spec.epsilon),
                "ε must be > 0",
            ));
        }
        for (name, mth) in [
            ("dimension", spec.dimension),
            ("attribute", spec.attribute),
            ("overall", spec.overall),
        ] {
            if let AggMethod::Power { p } = mth {
                if !p.is_finite() || p == 0.0 {
                    return Err(param(
                        &path.with(name),
                        "p",
                        num_text(p),
                        "p must be finite and ≠ 0 (use geometric for p = 0)",
                    ));
                }
            }
        }
        let (n, m) = (self.n, self.m);
        let nd = self.st.dims.len();
        let wi = self.level_weights(WeightLevel::Indicator);
        let wd = self.level_weights(WeightLevel::Dimension);
        let has_attr = !self.st.attrs.is_empty();
        let wa = if has_attr {
            Some(self.level_weights(WeightLevel::Attribute))
        } else {
            None
        };
        // Groups: indicators per dimension with within-group normalised weights.
        let mut dim_members: Vec<Vec<usize>> = vec![Vec::new(); nd];
        for j in 0..m {
            dim_members[self.ind_dim[j]].push(j);
        }
        for (d, mem) in dim_members.iter().enumerate() {
            if mem.is_empty() {
                return Err(CompositeError::Order {
                    path: path.clone(),
                    reason: format!(
                        "dimension {:?} has no indicators (all excluded?)",
                        self.st.dims[d]
                    ),
                });
            }
        }
        let within = |members: &[usize],
                      w: &[f64],
                      what: &str,
                      id: &str|
         -> Result<Vec<f64>, CompositeError> {
            let s: f64 = members.iter().map(|&j| w[j]).sum();
            if !(s > 0.0) {
                return Err(CompositeError::Order {
                    path: path.clone(),
                    reason: format!("the weights of {what} {id:?} sum to 0"),
                });
            }
            Ok(members.iter().map(|&j| w[j] / s).collect())
        };
        let mut wi_local = vec![0.0; m];
        for (d, mem) in dim_members.iter().enumerate() {
            let ws = within(mem, &wi.w, "dimension", &self.st.dims[d])?;
            for (t, &j) in mem.iter().enumerate() {
                wi_local[j] = ws[t];
            }
        }
        // Upper groups.
        let (upper_members, na): (Vec<Vec<usize>>, usize) = if has_attr {
            let na = self.st.attrs.len();
            let mut g = vec![Vec::new(); na];
            for (d, &a) in self.st.dim_attr.iter().enumerate() {
                g[a].push(d);
            }
            for (a, mem) in g.iter().enumerate() {
                if mem.is_empty() {
                    return Err(CompositeError::Order {
                        path: path.clone(),
                        reason: format!("attribute {:?} has no dimensions", self.st.attrs[a]),
                    });
                }
            }
            (g, na)
        } else {
            (Vec::new(), 0)
        };
        let mut wd_local = vec![0.0; nd];
        if has_attr {
            for (a, mem) in upper_members.iter().enumerate() {
                let ws = within(mem, &wd.w, "attribute", &self.st.attrs[a])?;
                for (t, &d) in mem.iter().enumerate() {
                    wd_local[d] = ws[t];
                }
            }
        } else {
            let all: Vec<usize> = (0..nd).collect();
            wd_local = within(&all, &wd.w, "overall", "overall")?;
        }
        let wa_local: Vec<f64> = match &wa {
            Some(w) => within(&(0..na).collect::<Vec<_>>(), &w.w, "overall", "overall")?,
            None => Vec::new(),
        };
        let effective: Vec<f64> = (0..m)
            .map(|j| {
                let d = self.ind_dim[j];
                let mut e = wi_local[j] * wd_local[d];
                if has_attr {
                    e *= wa_local[self.st.dim_attr[d]];
                }
                e
            })
            .collect();
        // Dimension values.
        let mut dims = vec![0.0; n * nd];
        let fast = spec.dimension == AggMethod::Arithmetic && self.complete();
        // Arithmetic above the dimensions of complete rows: `agg`'s arithmetic mean with the
        // weights normalised once (the same numbers, in the same order).
        let arith_up = fast
            && spec.overall == AggMethod::Arithmetic
            && (!has_attr || spec.attribute == AggMethod::Arithmetic);
        let wn = |w: &[f64]| -> Vec<f64> {
            let mut s = 0.0;
            for &x in w {
                s += x;
            }
            w.iter()
                .map(|&x| if s > 0.0 { x / s } else { 0.0 })
                .collect()
        };
        let up_w: Vec<Vec<f64>> = upper_members
            .iter()
            .map(|mem| wn(&mem.iter().map(|&d| wd_local[d]).collect::<Vec<_>>()))
            .collect();
        let top_w = if has_attr {
            wn(&wa_local)
        } else {
            wn(&wd_local)
        };
        let mut up_done: Option<(Option<Vec<f64>>, Vec<f64>)> = None;
        if fast {
            let x = &self.x;
            let ind_dim = &self.ind_dim;
            let parts = par::map_chunks_mut(&mut dims, CHUNK_ROWS * nd, self.threads, |b, out| {
                let rows = &x[b * CHUNK_ROWS * m..];
                for (row, o) in rows.chunks_exact(m).zip(out.chunks_exact_mut(nd)) {
                    for j in 0..m {
                        o[ind_dim[j]] += wi_local[j] * row[j];
                    }
                }
                if !arith_up {
                    return (Vec::new(), Vec::new());
                }
                let k = out.len() / nd;
                let mut av = Vec::with_capacity(if has_attr { k * na } else { 0 });
                let mut ov = Vec::with_capacity(k);
                for drow in out.chunks_exact(nd) {
                    if has_attr {
                        let start = av.len();
                        for (mem, w) in upper_members.iter().zip(&up_w) {
                            av.push(mem.iter().zip(w).map(|(&d, &w)| w * drow[d]).sum::<f64>());
                        }
                        let arow = &av[start..];
                        ov.push(arow.iter().zip(&top_w).map(|(&x, &w)| w * x).sum::<f64>());
                    } else {
                        ov.push(drow.iter().zip(&top_w).map(|(&x, &w)| w * x).sum::<f64>());
                    }
                }
                (av, ov)
            });
            if arith_up {
                let mut av = Vec::with_capacity(if has_attr { n * na } else { 0 });
                let mut ov = Vec::with_capacity(n);
                for (a, o) in parts {
                    av.extend_from_slice(&a);
                    ov.extend_from_slice(&o);
                }
                up_done = Some((has_attr.then_some(av), ov));
            }
        } else {
            let mut xs = Vec::new();
            let mut ws = Vec::new();
            for i in 0..n {
                let row = &self.x[i * m..(i + 1) * m];
                for (d, mem) in dim_members.iter().enumerate() {
                    xs.clear();
                    ws.clear();
                    for &j in mem {
                        xs.push(row[j]);
                        ws.push(wi_local[j]);
                    }
                    dims[i * nd + d] =
                        agg(&xs, &ws, spec.dimension, spec, path).map_err(|(t, v, why)| {
                            CompositeError::Domain {
                                path: path.with("dimension"),
                                unit: self.unit_id(i),
                                column: self.metas[mem[t]].id.clone(),
                                value: v,
                                reason: why,
                            }
                        })?;
                }
            }
        }
        // Attributes and overall.
        let (mut attrs, mut overall, todo) = match up_done {
            Some((a, o)) => (a, o, 0),
            None => (
                if has_attr {
                    Some(vec![0.0; n * na])
                } else {
                    None
                },
                vec![0.0; n],
                n,
            ),
        };
        let mut xs = Vec::new();
        let mut ws = Vec::new();
        for i in 0..todo {
            let drow = &dims[i * nd..(i + 1) * nd];
            if let Some(av) = attrs.as_mut() {
                for (a, mem) in upper_members.iter().enumerate() {
                    xs.clear();
                    ws.clear();
                    for &d in mem {
                        xs.push(drow[d]);
                        ws.push(wd_local[d]);
                    }
                    av[i * na + a] =
                        agg(&xs, &ws, spec.attribute, spec, path).map_err(|(t, v, why)| {
                            CompositeError::Domain {
                                path: path.with("attribute"),
                                unit: self.unit_id(i),
                                column: self.st.dims[mem[t]].clone(),
                                value: v,
                                reason: why,
                            }
                        })?;
                }
                let arow = &av[i * na..(i + 1) * na];
                overall[i] =
                    agg(arow, &wa_local, spec.overall, spec, path).map_err(|(t, v, why)| {
                        CompositeError::Domain {
                            path: path.with("overall"),
                            unit: self.unit_id(i),
                            column: self.st.attrs[t].clone(),
                            value: v,
                            reason: why,
                        }
                    })?;
            } else {
                overall[i] =
                    agg(drow, &wd_local, spec.overall, spec, path).map_err(|(t, v, why)| {
                        CompositeError::Domain {
                            path: path.with("overall"),
                            unit: self.unit_id(i),
                            column: self.st.dims[t].clone(),
                            value: v,
                            reason: why,
                        }
                    })?;
            }
        }
        let mut weights = vec![
            LevelWeights {
                level: WeightLevel::Indicator,
                ids: self.ids(),
                weights: wi.w.clone(),
                source: wi.source,
            },
            LevelWeights {
                level: WeightLevel::Dimension,
                ids: self.st.dims.clone(),
                weights: wd.w.clone(),
                source: wd.source,
            },
        ];
        if let Some(w) = &wa {
            weights.push(LevelWeights {
                level: WeightLevel::Attribute,
                ids: self.st.attrs.clone(),
                weights: w.w.clone(),
                source: w.source,
            });
        }
        // The per-unit values stay in the state (band, rank and obstacle read them) and are
        // moved into this report when the run ends (`settle_aggregate`): one copy, not two.
        let report = AggregateReport {
            weights,
            effective_weights: effective.clone(),
            dimensions: Table {
                rows: self.rows(),
                columns: self.st.dims.clone(),
                values: Vec::new(),
            },
            attributes: attrs.as_ref().map(|_| Table {
                rows: self.rows(),
                columns: self.st.attrs.clone(),
                values: Vec::new(),
            }),
            overall: Vec::new(),
        };
        self.agg = Some(AggState {
            dims,
            attrs,
            overall,
            effective,
        });
        Ok(report)
    }

    fn effective_weights(&self) -> Vec<f64> {
        if let Some(a) = &self.agg {
            return a.effective.clone();
        }
        // Without an aggregation: the indicator weights renormalised within dimensions ×
        // dimension (× attribute) weights, as aggregation would use.
        let m = self.m;
        let wi = self.level_weights(WeightLevel::Indicator).w;
        let wd = self.level_weights(WeightLevel::Dimension).w;
        let nd = self.st.dims.len();
        let mut sd = vec![0.0; nd];
        for j in 0..m {
            sd[self.ind_dim[j]] += wi[j];
        }
        let has_attr = !self.st.attrs.is_empty();
        let (wa, sa_of_dim) = if has_attr {
            let wa = self.level_weights(WeightLevel::Attribute).w;
            let mut sa = vec![0.0; self.st.attrs.len()];
            for (d, &a) in self.st.dim_attr.iter().enumerate() {
                sa[a] += wd[d];
            }
            let sa_of_dim: Vec<f64> = self.st.dim_attr.iter().map(|&a| sa[a]).collect();
            let ta: f64 = wa.iter().sum();
            (wa.iter().map(|w| w / ta).collect::<Vec<_>>(), sa_of_dim)
        } else {
            let t: f64 = wd.iter().sum();
            (Vec::new(), vec![t; nd])
        };
        (0..m)
            .map(|j| {
                let d = self.ind_dim[j];
                let mut e = if sd[d] > 0.0 { wi[j] / sd[d] } else { 0.0 };
                e *= if sa_of_dim[d] > 0.0 {
                    wd[d] / sa_of_dim[d]
                } else {
                    0.0
                };
                if has_attr {
                    e *= wa[self.st.dim_attr[d]];
                }
                e
            })
            .collect()
    }

    // ---------------------------------------------------------------- band
    /// The columns of a target, gathered one at a time (a million-unit run holds one column
    /// copy, not all of them).
    fn target_columns(&self, t: Target) -> impl Iterator<Item = (String, Vec<f64>)> + '_ {
        let count = match t {
            Target::Dimension => self.agg.as_ref().map_or(0, |_| self.st.dims.len()),
            Target::Attribute => self
                .agg
                .as_ref()
                .and_then(|a| a.attrs.as_ref())
                .map_or(0, |_| self.st.attrs.len()),
            Target::Overall => usize::from(self.agg.is_some()),
            Target::Topsis => usize::from(self.closeness.is_some()),
        };
        (0..count).map(move |c| self.target_column(t, c))
    }

    /// Column `c` of a target that has it (see [`State::target_columns`]).
    fn target_column(&self, t: Target, c: usize) -> (String, Vec<f64>) {
        let n = self.n;
        let strided = |v: &[f64], k: usize| -> Vec<f64> { (0..n).map(|i| v[i * k + c]).collect() };
        match (t, &self.agg) {
            (Target::Dimension, Some(a)) => (
                self.st.dims[c].clone(),
                strided(&a.dims, self.st.dims.len()),
            ),
            (Target::Attribute, Some(a)) => (
                self.st.attrs[c].clone(),
                a.attrs
                    .as_ref()
                    .map_or_else(Vec::new, |v| strided(v, self.st.attrs.len())),
            ),
            (Target::Overall, Some(a)) => ("overall".to_string(), a.overall.clone()),
            (Target::Topsis, _) => (
                "topsis".to_string(),
                self.closeness.clone().unwrap_or_default(),
            ),
            _ => (String::new(), Vec::new()),
        }
    }

    fn band(&self, spec: &BandSpec, path: &FieldPath) -> Result<BandReport, CompositeError> {
        let k = spec.levels.len();
        if k < 2 {
            return Err(CompositeError::Empty {
                path: path.with("levels"),
                min: 2,
            });
        }
        if k > MAX_BAND_LEVELS {
            return Err(param(
                path,
                "levels",
                k.to_string(),
                "at most 256 levels (a unit's level index is stored in one byte)",
            ));
        }
        if spec.method == BandMethod::Thresholds {
            if spec.thresholds.len() != k - 1 {
                return Err(CompositeError::Shape {
                    path: path.with("thresholds"),
                    expected: k - 1,
                    found: spec.thresholds.len(),
                });
            }
            for (i, &t) in spec.thresholds.iter().enumerate() {
                super::error::finite(|| path.with("thresholds").with(i), t)?;
                if i > 0 && t <= spec.thresholds[i - 1] {
                    // the index as an index (`thresholds[1]`), not a key `"1"`
                    return Err(CompositeError::InvalidParameter {
                        path: path.with("thresholds").with(i),
                        value: num_text(t),
                        reason: "thresholds must be strictly increasing".into(),
                    });
                }
            }
        }
        if self.agg.is_none() && self.closeness.is_none() {
            return Err(CompositeError::Order {
                path: path.clone(),
                reason: "banding needs an aggregate or TOPSIS step before it".into(),
            });
        }
        let mut columns = Vec::new();
        for &t in &spec.targets {
            for (id, vals) in self.target_columns(t) {
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
                            None
                        } else {
                            // at most k − 1 ≤ 255 cuts (checked above)
                            Some(cuts.iter().filter(|&&c| c <= v).count() as u8)
                        }
                    })
                    .collect();
                columns.push(BandColumn {
                    target: t,
                    id,
                    cuts,
                    bands,
                });
            }
        }
        Ok(BandReport {
            levels: spec.levels.clone(),
            columns,
        })
    }

    // ---------------------------------------------------------------- topsis
    fn topsis(
        &mut self,
        spec: &TopsisSpec,
        path: &FieldPath,
    ) -> Result<TopsisReport, CompositeError> {
        self.require_complete(path, "TOPSIS")?;
        let w = match spec.weights {
            TopsisWeights::Indicator => self.level_weights(WeightLevel::Indicator).w,
            TopsisWeights::Effective => self.effective_weights(),
        };
        let s: f64 = w.iter().sum();
        let w: Vec<f64> = w.iter().map(|x| x / s).collect();
        let types: Vec<Direction> = self
            .metas
            .iter()
            .map(|m| {
                if self.direction_applied {
                    Direction::Benefit
                } else {
                    m.direction
                }
            })
            .collect();
        let cs = self.summary();
        let mut result = topsis_with(
            &self.x,
            self.m,
            &w,
            &types,
            spec.normalisation,
            path,
            Some(&cs),
            self.threads,
        )
        .map_err(|e| constant_by_id(e, &self.metas))?;
        let ranks = competition_ranks_desc(&result.closeness);
        self.closeness = Some(result.closeness.clone());
        result.weights = w;
        Ok(TopsisReport {
            on_normalised: self.direction_applied,
            result,
            ranks,
        })
    }

    // ---------------------------------------------------------------- obstacle
    fn obstacle(
        &self,
        spec: &ObstacleSpec,
        path: &FieldPath,
    ) -> Result<ObstacleReport, CompositeError> {
        let Some(bounds) = &self.bounds else {
            return Err(CompositeError::Order {
                path: path.clone(),
                reason: "the obstacle degree needs a normalise step before it (a bounded method: min_max, goalposts, target with cap, percentile_rank or distance_to_max)".into(),
            });
        };
        self.require_complete(path, "the obstacle degree")?;
        let (n, m) = (self.n, self.m);
        let mut lohi = Vec::with_capacity(m);
        for (j, b) in bounds.iter().enumerate() {
            match b {
                Some(b) => lohi.push(*b),
                None => {
                    return Err(CompositeError::Order {
                        path: path.clone(),
                        reason: format!("indicator {:?} was normalised by an unbounded method (z-score or rank); the deviation 1 − x' needs x' on [0, 1]", self.metas[j].id),
                    })
                }
            }
        }
        let f = self.effective_weights();
        let nd = self.st.dims.len();
        let na = self.st.attrs.len();
        let top = spec.top.min(m);
        let mut o_all = if self.keep {
            Some(vec![0.0; n * m])
        } else {
            None
        };
        let mut dims = vec![0.0; n * nd];
        let mut attrs = if na > 0 {
            Some(vec![0.0; n * na])
        } else {
            None
        };
        let mut top_i = Vec::with_capacity(n * top);
        let mut top_d = Vec::with_capacity(n * top);
        let mut o = vec![0.0; m];
        let mut order: Vec<usize> = Vec::with_capacity(m);
        for i in 0..n {
            let row = &self.x[i * m..(i + 1) * m];
            let mut tot = 0.0;
            for j in 0..m {
                let [lo, hi] = lohi[j];
                let x01 = (row[j] - lo) / (hi - lo);
                if !(-1e-9..=1.0 + 1e-9).contains(&x01) {
                    return Err(CompositeError::Domain {
                        path: path.clone(),
                        unit: self.unit_id(i),
                        column: self.metas[j].id.clone(),
                        value: row[j],
                        reason: format!("outside the normalised range [{lo}, {hi}]"),
                    });
                }
                let dev = (1.0 - x01).clamp(0.0, 1.0);
                o[j] = f[j] * dev;
                tot += o[j];
            }
            for v in &mut o {
                *v = if tot > 0.0 { *v / tot } else { 0.0 };
            }
            if let Some(all) = o_all.as_mut() {
                all[i * m..(i + 1) * m].copy_from_slice(&o);
            }
            for j in 0..m {
                let d = self.ind_dim[j];
                dims[i * nd + d] += o[j];
                if let Some(a) = attrs.as_mut() {
                    a[i * na + self.st.dim_attr[d]] += o[j];
                }
            }
            // Top k by insertion (k is small): O(m k), no sort per unit.
            order.clear();
            for j in 0..m {
                let pos = order
                    .iter()
                    .position(|&q: &usize| o[j] > o[q])
                    .unwrap_or(order.len());
                if pos < top {
                    order.insert(pos, j);
                    order.truncate(top);
                }
            }
            for &j in &order {
                top_i.push(j as u32);
                top_d.push(o[j]);
            }
        }
        Ok(ObstacleReport {
            factor_contribution: f,
            indicators: o_all.map(|v| Table {
                rows: self.rows(),
                columns: self.ids(),
                values: v,
            }),
            dimensions: Table {
                rows: self.rows(),
                columns: self.st.dims.clone(),
                values: dims,
            },
            attributes: attrs.map(|v| Table {
                rows: self.rows(),
                columns: self.st.attrs.clone(),
                values: v,
            }),
            top,
            top_indicators: top_i,
            top_degrees: top_d,
        })
    }

    // ---------------------------------------------------------------- rank
    fn rank(&self, spec: &RankSpec, path: &FieldPath) -> Result<RankReport, CompositeError> {
        let mut columns = Vec::new();
        for &t in &spec.targets {
            for (id, vals) in self.target_columns(t) {
                if let Some(i) = vals.iter().position(|v| v.is_nan()) {
                    return Err(CompositeError::Domain {
                        path: path.clone(),
                        unit: self.unit_id(i),
                        column: id,
                        value: f64::NAN,
                        reason: "cannot rank a missing score".into(),
                    });
                }
                let ranks = competition_ranks_desc(&vals);
                let mut by_rank: BTreeMap<u32, Vec<String>> = BTreeMap::new();
                for (i, &r) in ranks.iter().enumerate() {
                    by_rank.entry(r).or_default().push(self.unit_id(i));
                }
                let ties = by_rank.into_values().filter(|g| g.len() > 1).collect();
                columns.push(RankColumn {
                    target: t,
                    id,
                    ranks,
                    ties,
                });
            }
        }
        if columns.is_empty() {
            return Err(CompositeError::Order {
                path: path.clone(),
                reason: "nothing to rank: add an aggregate or TOPSIS step before it".into(),
            });
        }
        Ok(RankReport { columns })
    }
}

/// Aggregates `xs` with weights `ws` (summing to 1). Errors give (index, value, reason).
fn agg(
    xs: &[f64],
    ws: &[f64],
    method: AggMethod,
    spec: &AggregateSpec,
    _path: &FieldPath,
) -> Result<f64, (usize, f64, String)> {
    // Missing values.
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
    // Domain: x ≥ 0 for every p ≠ 1; zeros special for p ≤ 0.
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
    let it = xs.iter().zip(ws).filter(|(x, _)| !x.is_nan());
    let v = if p == 0.0 {
        let s: f64 = it.map(|(&x, &w)| wn(w) * libm::log(x + shift)).sum();
        libm::exp(s)
    } else if p == -1.0 {
        let s: f64 = it.map(|(&x, &w)| wn(w) / (x + shift)).sum();
        1.0 / s
    } else {
        let s: f64 = it.map(|(&x, &w)| wn(w) * libm::pow(x + shift, p)).sum();
        libm::pow(s, 1.0 / p)
    };
    Ok(v - shift)
}

/// A TOPSIS error naming a constant indicator by its column number, with the indicator's id
/// instead (other errors unchanged).
pub(crate) fn constant_by_id(e: CompositeError, metas: &[IndicatorMeta]) -> CompositeError {
    match e {
        CompositeError::Constant {
            path,
            indicator,
            value,
            reason,
        } => CompositeError::Constant {
            path,
            indicator: indicator
                .parse::<usize>()
                .ok()
                .and_then(|j| metas.get(j))
                .map_or(indicator, |m| m.id.clone()),
            value,
            reason,
        },
        other => other,
    }
}
