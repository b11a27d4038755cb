//! Operations of the measurement methods: inter-rater agreement (issue 9), the composite-indicator
//! pipeline (issue 10), functionality curves and timelines (issue 13). The methods live in the
//! core (`renxing::agree`, `renxing::composite`, `renxing::curve`, `renxing::timeline`); these
//! operations only read their requests and resolve the framework.

use renxing::agree::{self, AgreementSpec, Coding, ConsensusOptions, DisagreementOptions, Scale};
use renxing::composite::{self, Dataset, Pipeline};
use renxing::curve::{self, CurveOptions, DimensionCurve, Series};
use renxing::qca;
use renxing::timeline::{self, TimelineOptions};
use renxing::{Error, Framework, Path, PathSeg, Phase};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::args::{self, FrameworkArg};
use crate::ops::{ChartSpec, Empty, SvgResponse};
use crate::{Ctx, Operation};

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

pub(crate) fn level_scale(fw: &Framework) -> Scale {
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
        let options = |e: agree::AgreeError| args::reroot(e.into(), agreement_route);
        if r.by_group {
            let g = agree::agreement_by_group(&data, &r.options).map_err(options)?;
            Ok(AgreementResponse { overall: g.overall, groups: g.groups, spec: g.spec })
        } else {
            let overall = agree::agreement(&data, &r.options).map_err(options)?;
            Ok(AgreementResponse { overall, groups: Vec::new(), spec: r.options })
        }
    }
}

/// The `agreement` operation on reliability data given as an array instead of codings: the value
/// of unit `u` by coder `c` is `values[u * unit_stride + c * coder_stride]` (NaN = missing; any
/// memory order, read in place), as the numpy path of the Python binding (`agreement_matrix`)
/// passes it; `r.codings` and `r.by_group` are not read. The
/// scale defaults to the framework's levels and errors are located as the operation's are.
///
/// # Errors
/// The scale, framework and agreement errors of the `agreement` operation, and
/// `agreement_input` for an array of another size.
pub fn agreement_of_array(
    r: &CodingsRequest<AgreementSpec>,
    ctx: &Ctx,
    n_units: usize,
    n_coders: usize,
    values: &[f64],
    unit_stride: usize,
    coder_stride: usize,
) -> Result<AgreementResponse, Error> {
    let scale = match &r.scale {
        Some(s) => s.clone(),
        None => level_scale(args::framework(r.framework.as_ref(), ctx)?.as_ref()),
    };
    let data = agree::ReliabilityData::from_strided(
        &scale,
        n_units,
        n_coders,
        values,
        unit_stride,
        coder_stride,
    )?;
    let overall =
        agree::agreement(&data, &r.options).map_err(|e| args::reroot(e.into(), agreement_route))?;
    Ok(AgreementResponse {
        overall,
        groups: Vec::new(),
        spec: r.options.clone(),
    })
}

op! {
    /// The disagreement table: every unit where the coders differ (by more than a chosen step), with each coder's value and evidence side by side.
    Disagreements = "disagreements" / "disagreements",
    CodingsRequest<DisagreementOptions> => agree::DisagreementTable,
    |r, ctx| agree::disagreements(&reliability(&r, ctx)?, &r.options)
        .map_err(|e| args::reroot(e.into(), agreement_route))
}

op! {
    /// A consensus level per unit by a named rule (median, mode with a tie rule, minimum, an adjudicator), keeping every coding and flagging contested units.
    Consensus = "consensus" / "consensus",
    CodingsRequest<ConsensusOptions> => agree::Consensus,
    |r, ctx| agree::consensus(&reliability(&r, ctx)?, &r.options)
        .map_err(|e| args::reroot(e.into(), agreement_route))
}

/// Assessments of several coders (issue 9): one multi-coder file, several single-coder files of
/// the same communities, or the assessments a long table with a rater column gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreeRequest {
    /// The assessments (file form).
    #[schemars(with = "Vec<renxing::Assessment>")]
    pub assessments: Vec<Value>,
    /// The coder of each assessment (one per assessment), for its ratings that name no rater.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coders: Option<Vec<String>>,
    /// The agreement measures and their options (default: every measure; α ordinal with a
    /// 1,000-draw bootstrap when `alpha.bootstrap` is given).
    #[serde(default)]
    pub agreement: AgreementSpec,
    /// Which units the disagreement table lists (default: any difference).
    #[serde(default)]
    pub disagreements: DisagreementOptions,
    /// A consensus rule: when given, each community's codings are resolved by it and scored
    /// (the consensus scorecards, contested dimensions flagged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus: Option<ConsensusOptions>,
    /// Scoring options of the consensus scorecards.
    #[serde(default)]
    pub options: renxing::ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

/// One community's consensus: the resolved assessment (every coding kept), each dimension's
/// consensus and its scorecard.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct CommunityConsensus {
    /// The community (`id`, with `@phase` and `@date` when given).
    pub community: String,
    /// The resolved assessment (schema_version 2).
    #[schemars(with = "renxing::Assessment")]
    pub assessment: renxing::Assessment,
    /// Each dimension's consensus value, spread and contested flag, with every coding.
    pub consensus: agree::Consensus,
    /// The scorecard of the consensus (contested dimensions flagged).
    pub scorecard: renxing::Scorecard,
}

/// Agreement, disagreements and (with a rule) the consensus scorecards of several coders.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct AgreeResponse {
    /// The codings read from the assessments (unit `community/dimension`, group the dimension)
    /// and their scale.
    pub codings: agree::AssessmentCodings,
    /// Every measure over all units, and per dimension.
    pub agreement: AgreementResponse,
    /// The disagreement table.
    pub disagreements: agree::DisagreementTable,
    /// Per community, when a consensus rule was given.
    pub consensus: Vec<CommunityConsensus>,
}

fn agree_inputs(
    values: &[Value],
    framework: Option<&FrameworkArg>,
    ctx: &Ctx,
) -> Result<(std::sync::Arc<Framework>, Vec<renxing::Assessment>), Error> {
    let fw = args::framework(framework, ctx)?;
    let list = args::assessments(values, &fw)?;
    Ok((fw, list))
}

fn resolve_all(
    fw: &Framework,
    list: &[renxing::Assessment],
    coders: Option<&[String]>,
    rule: &ConsensusOptions,
    options: &renxing::ScoreOptions,
) -> Result<Vec<CommunityConsensus>, Error> {
    let engine = args::engine(fw, options)?;
    let merged = agree::merge_coders(list, fw, coders)?;
    let mut out = Vec::with_capacity(merged.len());
    for m in &merged {
        let r = agree::resolve_assessment(m, fw, rule).map_err(|e| {
            args::reroot(e, |p| match p.first() {
                Some(PathSeg::Key(k)) if k == "rule" => {
                    Some(Path::from("consensus").join(&Path(p.to_vec())))
                }
                _ => None,
            })
        })?;
        let scorecard = engine.score(&r.assessment)?;
        out.push(CommunityConsensus {
            community: agree::community_key(m),
            assessment: r.assessment,
            consensus: r.consensus,
            scorecard,
        });
    }
    Ok(out)
}

op! {
    /// Several coders' assessments (files, one multi-coder file, a long table's assessments): agreement overall and per dimension, the disagreement table and, with a consensus rule, each community's consensus scorecard with contested dimensions flagged.
    Agree = "agree" / "agree",
    AgreeRequest => AgreeResponse,
    |r, ctx| {
        let coders = r.coders.as_deref();
        let (fw, list) = agree_inputs(&r.assessments, r.framework.as_ref(), ctx)?;
        let codings = agree::assessment_codings(&list, &fw, coders)?;
        let data = agree::ReliabilityData::from_codings(&codings.scale, &codings.codings)?;
        let route = |prefix: &'static str| {
            move |e: agree::AgreeError| {
                args::reroot(e.into(), move |p: &[PathSeg]| match p.first() {
                    Some(PathSeg::Key(k)) if k == "codings" || k == "scale" => None,
                    Some(PathSeg::Key(_)) => Some(Path::from(prefix).join(&Path(p.to_vec()))),
                    _ => None,
                })
            }
        };
        let g = agree::agreement_by_group(&data, &r.agreement).map_err(route("agreement"))?;
        let agreement = AgreementResponse { overall: g.overall, groups: g.groups, spec: g.spec };
        let disagreements =
            agree::disagreements(&data, &r.disagreements).map_err(route("disagreements"))?;
        let consensus = match &r.consensus {
            Some(rule) => resolve_all(&fw, &list, coders, rule, &r.options)?,
            None => Vec::new(),
        };
        Ok(AgreeResponse { codings, agreement, disagreements, consensus })
    }
}

/// Several coders' assessments and the consensus rule that resolves them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveConsensusRequest {
    /// The assessments (file form): multi-coder files, or single-coder files of the same
    /// communities by different coders.
    #[schemars(with = "Vec<renxing::Assessment>")]
    pub assessments: Vec<Value>,
    /// The coder of each assessment, for files whose ratings name no rater.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coders: Option<Vec<String>>,
    /// The rule (default: median, contested above 1 step).
    #[serde(default)]
    pub consensus: ConsensusOptions,
    /// Scoring options of the scorecards.
    #[serde(default)]
    pub options: renxing::ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

/// One resolved assessment per community.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ResolveConsensusResponse {
    /// Per community, in order of first appearance.
    pub communities: Vec<CommunityConsensus>,
}

op! {
    /// Merges several coders' assessments per community and resolves them by a named consensus rule (median, mode with a tie rule, minimum, an adjudicator): the assessment to save (every coding kept, the rule recorded), each dimension's consensus and the scorecard, contested dimensions flagged.
    ResolveConsensus = "resolve_consensus" / "resolveConsensus",
    ResolveConsensusRequest => ResolveConsensusResponse,
    |r, ctx| {
        let coders = r.coders.as_deref();
        let (fw, list) = agree_inputs(&r.assessments, r.framework.as_ref(), ctx)?;
        Ok(ResolveConsensusResponse {
            communities: resolve_all(&fw, &list, coders, &r.consensus, &r.options)?,
        })
    }
}

/// An agreement method's path: the codings and scale are named from the request's root, options
/// (`alpha.bootstrap.draws`) go under `options`.
pub(crate) fn agreement_route(p: &[PathSeg]) -> Option<Path> {
    match p.first() {
        Some(PathSeg::Key(k))
            if ["codings", "scale", "options", "by_group"].contains(&k.as_str()) =>
        {
            None
        }
        Some(PathSeg::Key(_)) => Some(Path::from("options").join(&Path(p.to_vec()))),
        _ => None,
    }
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
    |r, ctx| {
        let m = r.data.indicators.len();
        composite::run_owned(&r.pipeline, r.data)
            .map_err(|e| args::reroot(e.into(), |p| args::dataset_path(p, m)))
    }
}

/// The calibration's paths in a QCA request: the core's `calibrations[j]` is the request's
/// `calibration.conditions[j]`, `outcome_calibration` its `calibration.outcome`.
fn calibration_path(p: &[PathSeg]) -> Option<Path> {
    match p {
        [PathSeg::Key(k), rest @ ..] if k == "calibrations" => Some(
            Path::from("calibration")
                .key("conditions")
                .join(&Path(rest.to_vec())),
        ),
        [PathSeg::Key(k), rest @ ..] if k == "outcome_calibration" => Some(
            Path::from("calibration")
                .key("outcome")
                .join(&Path(rest.to_vec())),
        ),
        _ => None,
    }
}

/// The fields of the truth-table options.
const TRUTH_TABLE_KEYS: &[&str] = &[
    "incl_cut",
    "n_cut",
    "pri_cut",
    "negate_outcome",
    "incl_cut0",
];
/// The fields of the minimisation options.
const MINIMIZE_KEYS: &[&str] = &[
    "parsimonious",
    "include_contradictions",
    "directional_expectations",
    "max_solutions",
];

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
    |r, ctx| analyse_curve(&r)
}

/// Analyses a curve request with its errors located from the request's root (`series.time[2]`,
/// `options.baseline`).
fn analyse_curve(r: &CurveRequest) -> Result<curve::CurveReport, Error> {
    curve::analyse(&r.series, &r.options).map_err(|e| {
        // the curve names the series' columns bare (`time[2]`) and its options in full
        args::reroot(e.into(), |p| {
            args::by_first_key(p, &[("series", &["time", "value"])])
        })
    })
}

/// The curve of a report request (`curve`): the series and its analysis, errors under `curve`.
pub(crate) fn report_curve(r: &CurveRequest) -> Result<(Series, curve::CurveReport), Error> {
    let report = analyse_curve(r)
        .map_err(|e| args::reroot(e, |p| Some(Path::from("curve").join(&Path(p.to_vec())))))?;
    Ok((r.series.clone(), report))
}

/// The timeline of a report request (`timeline`: one community's assessments), or `None` when
/// none are given.
pub(crate) fn report_timeline(
    values: &[Value],
    fw: &Framework,
    score: &renxing::ScoreOptions,
) -> Result<Option<timeline::Timeline>, Error> {
    if values.is_empty() {
        return Ok(None);
    }
    let list = values
        .iter()
        .enumerate()
        .map(|(i, v)| args::assessment(v, fw, &Path::from("timeline").index(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let options = TimelineOptions {
        score: score.clone(),
        grouping: timeline::Grouping::Single,
        ..TimelineOptions::default()
    };
    let set = timeline::timelines(&list, fw, &options)?;
    Ok(set.timelines.into_iter().next())
}

/// CSV text of a curve and which columns hold it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadCurveRequest {
    /// The CSV text: a header, then one row per sample (time, value; other columns ignored).
    pub text: String,
    /// The time and value columns' headers (default: recognised names, or the two columns of a
    /// two-column file).
    #[serde(default)]
    pub columns: curve::CsvColumns,
}

op! {
    /// Reads a functionality curve from CSV text (time and value columns, irregular times), with errors naming the row, line and column.
    ReadCurve = "read_curve" / "readCurve",
    ReadCurveRequest => Series,
    |r, ctx| Ok(curve::read_csv(&r.text, &r.columns)?)
}

/// A curve to draw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CurveChartRequest {
    /// Times (strictly increasing) and values.
    pub series: Series,
    /// The analysis' options.
    #[serde(default)]
    pub options: CurveOptions,
    /// Chart options (language, size, title, id prefix).
    #[serde(default)]
    pub chart: ChartSpec,
}

op! {
    /// The functionality-curve chart (SVG): Q(t), the baseline, the loss area shaded, the event start and the time to recover marked, with the numbers.
    CurveChart = "curve_chart" / "curveChart",
    CurveChartRequest => SvgResponse,
    |r, ctx| {
        let report = analyse_curve(&CurveRequest { series: r.series.clone(), options: r.options.clone() })?;
        Ok(SvgResponse { svg: renxing::chart::curve_chart(&r.series, &report, &r.chart.options(ctx))? })
    }
}

/// A community's assessments to draw as a timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineChartRequest {
    /// The assessments (file form).
    #[schemars(with = "Vec<renxing::Assessment>")]
    pub assessments: Vec<Value>,
    /// Grouping, ordering of undated ones, tolerance, scoring options.
    #[serde(default)]
    pub options: TimelineOptions,
    /// Which community to draw (its key; default: the first).
    #[serde(default)]
    pub community: Option<String>,
    /// Chart options (`scores`: 0–100 instead of levels).
    #[serde(default)]
    pub chart: ChartSpec,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// The timeline chart (SVG) of one community: levels or scores per dimension and the overall over its assessments, phases shaded.
    TimelineChart = "timeline_chart" / "timelineChart",
    TimelineChartRequest => SvgResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let list = args::assessments(&r.assessments, &fw)?;
        let set = timeline::timelines(&list, &fw, &r.options)?;
        let tl = match &r.community {
            None => set.timelines.first(),
            Some(c) => set.timeline(c),
        }
        .ok_or_else(|| {
            let c = r.community.clone().unwrap_or_default();
            Error::from(renxing::Problem::new(
                renxing::ErrorCode::RequestInvalid,
                renxing::Msg::new(format!("没有编号为 {c:?} 的社区"), format!("no community {c:?} among the assessments")),
            ).at(Path::from("community")))
        })?;
        Ok(SvgResponse { svg: renxing::chart::timeline_chart(&fw, tl, &r.chart.options(ctx))? })
    }
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
    /// Give either `table` or `cases`.
    #[serde(default)]
    pub table: Option<qca::QcaTable>,
    /// Cases from assessments (user files and the paper's reference cases) by a mapping; the
    /// table built and the mapping used are in the response. Give either `table` or `cases`.
    #[serde(default)]
    pub cases: Option<crate::ops_qca::QcaCasesRequest>,
    /// Labels of the conditions and the outcome for the labelled formulas (with `cases`: the
    /// framework's, unless given here).
    #[serde(default)]
    pub labels: Vec<qca::QcaLabel>,
    /// Calibration of the raw table: one entry per condition (`null` keeps a column) and the
    /// outcome's.
    #[serde(default)]
    pub calibration: Option<QcaCalibration>,
    /// Truth-table options (`incl_cut`, `n_cut`, `pri_cut`, negated outcome, …).
    #[serde(default)]
    pub truth_table: qca::TruthTableOptions,
    /// Minimisation options (which solutions, directional expectations, …). With `cases` and no
    /// directional expectations, the presence of every condition is expected (recorded here in
    /// the response's `minimization.options`).
    #[serde(default)]
    pub minimize: qca::MinimizeOptions,
    /// Directional expectations in R's notation (`"DEV, STB, ~LIT*IND"`), read against the
    /// conditions; replaces `minimize.directional_expectations`.
    #[serde(default)]
    pub dir_exp: Option<String>,
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
    /// The cases built from assessments (table, mapping with its defaults, labels), when `cases`
    /// was given.
    pub cases: Option<qca::QcaCases>,
    /// The calibration, when one was asked (anchors and every score of exactly 0.5 recorded).
    pub calibration: Option<qca::CalibratedTable>,
    /// The table analysed (memberships after calibration).
    pub table: qca::QcaTable,
    /// The truth table.
    pub truth_table: qca::TruthTable,
    /// The conservative, parsimonious and intermediate solutions with their fit.
    pub minimization: qca::Minimization,
    /// Every model as a formula in R's notation and with the labels in zh and en.
    pub models: Vec<qca::LabelledModel>,
    /// The labels used.
    pub labels: Vec<qca::QcaLabel>,
    /// The truth table and solutions as text, in the QCA notation.
    pub text: String,
}

pub(crate) fn calibrated(
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

/// Reroots a calibration error of the `qca` request.
pub(crate) fn qca_calibration_path(p: &[PathSeg], k: usize) -> Option<Path> {
    calibration_path(p).or_else(|| args::qca_table_path(p, k))
}

/// Reroots a truth-table error of the `qca` request.
pub(crate) fn qca_truth_table_path(p: &[PathSeg], k: usize) -> Option<Path> {
    args::qca_table_path(p, k)
        .or_else(|| args::by_first_key(p, &[("truth_table", TRUTH_TABLE_KEYS)]))
}

/// Reroots a minimisation error of the `qca` request.
pub(crate) fn qca_minimize_path(p: &[PathSeg]) -> Option<Path> {
    args::by_first_key(p, &[("minimize", MINIMIZE_KEYS)])
}

op! {
    /// Qualitative Comparative Analysis (crisp, multi-value, fuzzy) of a case table or of assessments (user files and the reference cases A/B/C): calibration, the truth table and exact minimisation to the conservative, parsimonious and intermediate solutions with consistency, PRI and coverage (as the R package QCA), formulas labelled in zh and en.
    Qca = "qca" / "qca",
    QcaRequest => QcaResponse,
    |r, ctx| crate::ops_qca::run(r, ctx)
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
    |r, ctx| {
        let k = r.table.conditions.len();
        qca::necessity(&r.table, &r.options).map_err(|e| {
            args::reroot(e.into(), |p| {
                args::qca_table_path(p, k).or_else(|| {
                    args::by_first_key(
                        p,
                        &[("options", &["incl_cut", "cov_cut", "ron_cut", "max_size", "negate_outcome"])],
                    )
                })
            })
        })
    }
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
    |r, ctx| {
        let k = r.table.conditions.len();
        qca::robustness(&r.table, &r.spec).map_err(|e| {
            args::reroot(e.into(), |p| {
                args::qca_table_path(p, k).or_else(|| Some(Path::from("spec").join(&Path(p.to_vec()))))
            })
        })
    }
}
