//! Operations of the measurement methods: inter-rater agreement (issue 9), the composite-indicator
//! pipeline (issue 10), functionality curves and timelines (issue 13). The methods live in the
//! core (`renxing::agree`, `renxing::composite`, `renxing::curve`, `renxing::timeline`); these
//! operations only read their requests and resolve the framework.

use renxing::agree::{self, AgreementSpec, Coding, ConsensusOptions, DisagreementOptions, Scale};
use renxing::composite::{self, Dataset, Pipeline};
use renxing::curve::{self, CurveOptions, DimensionCurve, Series};
use renxing::qca;
use renxing::timeline::{self, TimelineOptions};
use renxing::{Error, Framework, Phase};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::args::{self, FrameworkArg};
use crate::ops::Empty;
use crate::{Ctx, Operation};

macro_rules! op {
    (
        $(#[doc = $doc:literal])+
        $ty:ident = $name:literal / $js:literal,
        $req:ty => $resp:ty,
        |$r:pat_param, $ctx:ident| $body:expr
    ) => {
        $(#[doc = $doc])+
        #[derive(Clone, Copy, Debug)]
        pub struct $ty;

        impl Operation for $ty {
            const NAME: &'static str = $name;
            const JS_NAME: &'static str = $js;
            const SUMMARY: &'static str = concat!($($doc),+);
            type Request = $req;
            type Response = $resp;

            #[allow(unused_variables)]
            fn run($r: $req, $ctx: &Ctx) -> Result<$resp, Error> {
                $body
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// agreement
// ---------------------------------------------------------------------------------------------

/// Codings of several coders: the common part of the agreement requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodingsRequest<O: Default> {
    /// The codings: one per unit × coder (`unit`, `coder`, `value`, optional `evidence` and
    /// `group`, e.g. the dimension id).
    pub codings: Vec<Coding>,
    /// The value scale. Default: the framework's levels as ordered categories, labelled with the
    /// level ids (so `"high"` and `3` both work on the paper's scale).
    #[serde(default)]
    pub scale: Option<Scale>,
    /// The method's options.
    #[serde(default)]
    pub options: O,
    /// Compute per group (the codings' `group`) as well as overall (agreement only).
    #[serde(default)]
    pub by_group: bool,
    /// The framework whose levels give the default scale.
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

fn reliability<O: Default>(
    r: &CodingsRequest<O>,
    ctx: &Ctx,
) -> Result<agree::ReliabilityData, Error> {
    let scale = match &r.scale {
        Some(s) => s.clone(),
        None => {
            let fw = args::framework(r.framework.as_ref(), ctx)?;
            level_scale(&fw)
        }
    };
    Ok(agree::ReliabilityData::from_codings(&scale, &r.codings)?)
}

fn level_scale(fw: &Framework) -> Scale {
    Scale::categories(
        u32::try_from(fw.levels.len()).unwrap_or(u32::MAX),
        fw.levels.iter().map(|l| l.id.clone()),
    )
}

/// Agreement overall and, when asked, per group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgreementResponse {
    /// Every measure over all units.
    pub overall: agree::Agreement,
    /// Per group (empty unless `by_group`).
    pub groups: Vec<agree::Agreement>,
    /// The measures and options used (defaults filled in).
    pub spec: AgreementSpec,
}

op! {
    /// Inter-rater agreement of several coders: Krippendorff's alpha (with a seeded bootstrap interval), Cohen's and Fleiss' kappa, Gwet's AC1 and percent agreement, overall and per group.
    Agreement = "agreement" / "agreement",
    CodingsRequest<AgreementSpec> => AgreementResponse,
    |r, ctx| {
        let data = reliability(&r, ctx)?;
        if r.by_group {
            let g = agree::agreement_by_group(&data, &r.options)?;
            Ok(AgreementResponse { overall: g.overall, groups: g.groups, spec: g.spec })
        } else {
            let overall = agree::agreement(&data, &r.options)?;
            Ok(AgreementResponse { overall, groups: Vec::new(), spec: r.options })
        }
    }
}

op! {
    /// The disagreement table: every unit where the coders differ (by more than a chosen step), with each coder's value and evidence side by side.
    Disagreements = "disagreements" / "disagreements",
    CodingsRequest<DisagreementOptions> => agree::DisagreementTable,
    |r, ctx| Ok(agree::disagreements(&reliability(&r, ctx)?, &r.options)?)
}

op! {
    /// A consensus level per unit by a named rule (median, mode with a tie rule, minimum, an adjudicator), keeping every coding and flagging contested units.
    Consensus = "consensus" / "consensus",
    CodingsRequest<ConsensusOptions> => agree::Consensus,
    |r, ctx| Ok(agree::consensus(&reliability(&r, ctx)?, &r.options)?)
}

// ---------------------------------------------------------------------------------------------
// composite indicators
// ---------------------------------------------------------------------------------------------

/// Indicator data and the pipeline to run on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The steps, in order, with their parameters.
    pub pipeline: Pipeline,
}

op! {
    /// Runs a composite-indicator pipeline (checks, imputation, outlier treatment, normalisation, weights, aggregation, banding, TOPSIS, obstacle degree, ranks) and records every step with its parameters.
    Indicators = "indicators" / "indicators",
    IndicatorsRequest => composite::PipelineResult,
    |r, ctx| Ok(composite::run_owned(&r.pipeline, r.data)?)
}

// ---------------------------------------------------------------------------------------------
// curves and timelines
// ---------------------------------------------------------------------------------------------

/// A functionality series and the options of its analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CurveRequest {
    /// Times (strictly increasing) and values.
    pub series: Series,
    /// Event start, baseline, horizon, tolerances (documented defaults).
    #[serde(default)]
    pub options: CurveOptions,
}

op! {
    /// Analyses a functionality curve Q(t): baseline, depth, loss area, time to recover, rapidity, end state and the paper's level (Bruneau et al. 2003).
    Curve = "curve" / "curve",
    CurveRequest => curve::CurveReport,
    |r, ctx| Ok(curve::analyse(&r.series, &r.options)?)
}

/// Several curves, each rating one dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CurvesRequest {
    /// One curve per dimension id.
    pub curves: Vec<DimensionCurve>,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// Analyses several curves, each mapped to a dimension, and gives each dimension its level by the paper's rule with the numbers as evidence.
    Curves = "curves" / "curves",
    CurvesRequest => curve::CurveSet,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        Ok(curve::analyse_dimensions(&r.curves, &fw)?)
    }
}

/// Dated assessments of one or many communities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelinesRequest {
    /// The assessments (file form), of one or many communities.
    #[schemars(with = "Vec<renxing::Assessment>")]
    pub assessments: Vec<Value>,
    /// Grouping, ordering of undated ones, tolerance, scoring options.
    #[serde(default)]
    pub options: TimelineOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// Timelines of communities: assessments ordered by date and phase, the change of every dimension, attribute and the overall, gaps, and who improved most or fell back.
    Timelines = "timelines" / "timelines",
    TimelinesRequest => timeline::TimelineSet,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let list = args::assessments(&r.assessments, &fw)?;
        Ok(timeline::timelines(&list, &fw, &r.options)?)
    }
}

/// A phase of the cycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhasePlanRequest {
    /// The phase the community is in.
    pub phase: Phase,
    /// The plan of the phase ahead (default) or of the phase itself.
    #[serde(default = "yes")]
    pub ahead: bool,
}

fn yes() -> bool {
    true
}

op! {
    /// What to do in a phase of the cycle and who acts (community, social workers, social organisations), from seeds 001 and 004; by default for the phase ahead.
    PhasePlan = "phase_plan" / "phasePlan",
    PhasePlanRequest => timeline::PhasePlan,
    |r, ctx| Ok(if r.ahead { timeline::plan_ahead(r.phase) } else { timeline::plan_for(r.phase) })
}

op! {
    /// The bibliographic citations of the five source papers (as the seeds give them), keyed by seed file.
    Citations = "citations" / "citations",
    Empty => Vec<timeline::Citation>,
    |_, ctx| Ok(timeline::citations())
}

// ---------------------------------------------------------------------------------------------
// QCA
// ---------------------------------------------------------------------------------------------

/// A case table and a full QCA run: optional calibration, the truth table, minimisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QcaRequest {
    /// Cases × conditions and the outcome (raw when `calibration` is given, else memberships).
    pub table: qca::QcaTable,
    /// Calibration of the raw table: one entry per condition (`null` keeps a column) and the
    /// outcome's.
    #[serde(default)]
    pub calibration: Option<QcaCalibration>,
    /// Truth-table options (`incl_cut`, `n_cut`, `pri_cut`, negated outcome, …).
    #[serde(default)]
    pub truth_table: qca::TruthTableOptions,
    /// Minimisation options (which solutions, directional expectations, …).
    #[serde(default)]
    pub minimize: qca::MinimizeOptions,
}

/// How to calibrate a raw case table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QcaCalibration {
    /// One per condition, in order (`null`: the column is kept as it is).
    pub conditions: Vec<Option<qca::Calibration>>,
    /// The outcome's (absent: kept as it is).
    #[serde(default)]
    pub outcome: Option<qca::Calibration>,
}

/// The result of a QCA run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QcaResponse {
    /// The calibration, when one was asked (anchors and every score of exactly 0.5 recorded).
    pub calibration: Option<qca::CalibratedTable>,
    /// The truth table.
    pub truth_table: qca::TruthTable,
    /// The conservative, parsimonious and intermediate solutions with their fit.
    pub minimization: qca::Minimization,
    /// The truth table and solutions as text, in the QCA notation.
    pub text: String,
}

fn calibrated(
    table: qca::QcaTable,
    cal: Option<&QcaCalibration>,
) -> Result<(qca::QcaTable, Option<qca::CalibratedTable>), Error> {
    match cal {
        None => Ok((table, None)),
        Some(c) => {
            let out = qca::calibrate_table(&table, &c.conditions, c.outcome.as_ref())?;
            Ok((out.table.clone(), Some(out)))
        }
    }
}

op! {
    /// Qualitative Comparative Analysis (crisp, multi-value, fuzzy): calibration, the truth table and exact minimisation to the conservative, parsimonious and intermediate solutions with consistency, PRI and coverage (as the R package QCA).
    Qca = "qca" / "qca",
    QcaRequest => QcaResponse,
    |r, ctx| {
        let (table, calibration) = calibrated(r.table, r.calibration.as_ref())?;
        let tt = qca::truth_table(&table, &r.truth_table)?;
        let minimization = qca::minimize(&table, &tt, &r.minimize)?;
        let mut text = qca::truth_table_text(&tt, false, None);
        let sets = std::iter::once(&minimization.conservative)
            .chain(minimization.parsimonious.as_ref())
            .chain(minimization.intermediate.iter().map(|i| &i.solutions));
        for set in sets {
            text.push('\n');
            text.push_str(&qca::solutions_text(set, None));
        }
        Ok(QcaResponse { calibration, truth_table: tt, minimization, text })
    }
}

/// A case table and necessity options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QcaNecessityRequest {
    /// Cases × conditions (memberships) and the outcome.
    pub table: qca::QcaTable,
    /// Cut-offs and the size of disjunctions searched.
    #[serde(default)]
    pub options: qca::NecessityOptions,
}

op! {
    /// Necessity analysis: consistency, coverage and relevance of each condition and its negation, and of conjunctions and disjunctions up to a chosen size.
    QcaNecessity = "qca_necessity" / "qcaNecessity",
    QcaNecessityRequest => qca::NecessityResult,
    |r, ctx| Ok(qca::necessity(&r.table, &r.options)?)
}

/// A case table and the grid of settings to rerun it over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QcaRobustnessRequest {
    /// Cases × conditions and the outcome.
    pub table: qca::QcaTable,
    /// The ranges of `incl_cut`, `n_cut` and calibration anchors.
    pub spec: qca::RobustnessSpec,
}

op! {
    /// Robustness of QCA solutions: reruns over ranges of incl.cut, n.cut and calibration anchors and counts which solution terms survive.
    QcaRobustness = "qca_robustness" / "qcaRobustness",
    QcaRobustnessRequest => qca::RobustnessReport,
    |r, ctx| Ok(qca::robustness(&r.table, &r.spec)?)
}
