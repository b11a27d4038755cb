//! Operations of uncertainty and sensitivity analysis (issue 11). The methods live in the core
//! (`renxing::uncertainty`); these operations only read their requests.

use renxing::composite::{Dataset, Pipeline};
use renxing::uncertainty::{self, SensitivitySpec, UncertaintySpec};
use renxing::Error;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args;
use crate::{Ctx, Operation};

/// The analysis names its spec's fields from the spec (`factors[0].share`, `runs`) and the
/// pipeline's and data's from theirs; a request names them from its root. A failing run
/// (`runs[i]…`) keeps its path.
pub(crate) fn reroot(e: Error, spec: &str, indicators: usize) -> Error {
    args::reroot(e, |p| {
        if matches!(p, [renxing::PathSeg::Key(k), renxing::PathSeg::Index(_), ..] if k == "runs") {
            return None;
        }
        args::dataset_path(p, indicators).or_else(|| match p.first() {
            Some(renxing::PathSeg::Key(_)) => {
                Some(renxing::Path::from(spec).join(&renxing::Path(p.to_vec())))
            }
            _ => None,
        })
    })
}

/// Indicator data, the pipeline, and the uncertainty analysis to run on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The uncertain inputs, runs, seed and options.
    pub uncertainty: UncertaintySpec,
}

op! {
    /// Uncertainty of a composite ranking: N seeded runs with sampled weights, methods, exclusions, thresholds or coders' values → each unit's rank interval (median, 5th–95th percentile), score distribution and level probabilities, pairwise outranking probabilities, the mean absolute rank shift.
    Uncertainty = "uncertainty" / "uncertainty",
    UncertaintyRequest => uncertainty::UncertaintyResult,
    |r, ctx| uncertainty::uncertainty(&r.pipeline, &r.data, &r.uncertainty)
        .map_err(|e| reroot(e.into(), "uncertainty", r.data.indicators.len()))
}

/// Indicator data, the pipeline, and the sensitivity analysis to run on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SensitivityRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The uncertain inputs, base sample size, seed, bootstrap and options.
    pub sensitivity: SensitivitySpec,
}

op! {
    /// Which choice matters most: first-order (Saltelli 2010) and total (Jansen 1999) Sobol indices of each uncertain input on each unit's rank and on the mean absolute rank shift, with bootstrap intervals, and the one-at-a-time view.
    Sensitivity = "sensitivity" / "sensitivity",
    SensitivityRequest => uncertainty::SensitivityResult,
    |r, ctx| uncertainty::sensitivity(&r.pipeline, &r.data, &r.sensitivity)
        .map_err(|e| reroot(e.into(), "sensitivity", r.data.indicators.len()))
}

fn d_true() -> bool {
    true
}

/// Indicator data, the pipeline, and both analyses in one request: how sure each rank and
/// level is, and which choice matters most.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RobustnessRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The uncertainty analysis (factors, runs, seed, …).
    pub uncertainty: UncertaintySpec,
    /// The sensitivity analysis (default none; with no `factors`, the uncertainty's factors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<SensitivitySpec>,
    /// Draw the charts (rank intervals; Sobol bars with a sensitivity analysis). Default true.
    #[serde(default = "d_true")]
    pub charts: bool,
    /// Also a report (HTML or Markdown) of both analyses (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<crate::ReportSpec>,
    /// The language of charts (default: the caller's; a report has its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<renxing::Lang>,
}

/// The charts of a robustness analysis (SVG).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RobustnessCharts {
    /// Rank intervals per unit (median, 5–95% band, nominal rank), sorted by median rank.
    pub rank_intervals: String,
    /// Sobol indices on the mean absolute rank shift with their bootstrap intervals (with a
    /// sensitivity analysis).
    pub sobol: Option<String>,
}

/// Both analyses, the factors ordered by influence, and the charts and report asked for.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct RobustnessResponse {
    /// The uncertainty analysis.
    pub uncertainty: uncertainty::UncertaintyResult,
    /// The sensitivity analysis (when asked).
    pub sensitivity: Option<uncertainty::SensitivityResult>,
    /// The factors by influence on the mean absolute rank shift, largest total index first
    /// (empty without a sensitivity analysis).
    pub influence: Vec<uncertainty::Influence>,
    /// The most influential factor (none without a sensitivity analysis or when no rank ever
    /// moves).
    pub most_influential: Option<uncertainty::Influence>,
    /// The charts (when asked).
    pub charts: Option<RobustnessCharts>,
    /// The report (when asked).
    pub report: Option<crate::ReportResponse>,
}

op! {
    /// How robust is the ranking, in one call: the uncertainty analysis (rank intervals, level probabilities, pairwise outranking), optionally the sensitivity analysis (Sobol indices, the most influential choice), the charts and an HTML or Markdown report.
    Robustness = "robustness" / "robustness",
    RobustnessRequest => RobustnessResponse,
    |r, ctx| {
        let m = r.data.indicators.len();
        let unc = uncertainty::uncertainty(&r.pipeline, &r.data, &r.uncertainty)
            .map_err(|e| reroot(e.into(), "uncertainty", m))?;
        let sens = match r.sensitivity {
            Some(mut s) => {
                if s.factors.is_empty() {
                    s.factors.clone_from(&r.uncertainty.factors);
                }
                Some(
                    uncertainty::sensitivity(&r.pipeline, &r.data, &s)
                        .map_err(|e| reroot(e.into(), "sensitivity", m))?,
                )
            }
            None => None,
        };
        let lang = args::lang(r.lang, ctx);
        let charts = if r.charts {
            let o = renxing::chart::ChartOptions::new(lang);
            Some(RobustnessCharts {
                rank_intervals: renxing::chart::rank_intervals(&unc, &o)?,
                sobol: sens
                    .as_ref()
                    .map(|s| renxing::chart::sobol_bars(s, None, &o))
                    .transpose()?,
            })
        } else {
            None
        };
        let report = match &r.report {
            Some(spec) => {
                let o = spec.options(ctx);
                Some(match spec.format {
                    crate::ReportFormat::Markdown => {
                        let md = renxing::report::markdown_uncertainty_report(&unc, sens.as_ref(), &o)?;
                        crate::ReportResponse {
                            format: crate::ReportFormat::Markdown,
                            text: md.markdown,
                            charts: md.charts,
                        }
                    }
                    _ => crate::ReportResponse {
                        format: crate::ReportFormat::Html,
                        text: renxing::report::html_uncertainty_report(&unc, sens.as_ref(), &o)?,
                        charts: Vec::new(),
                    },
                })
            }
            None => None,
        };
        let influence = sens.as_ref().map(|s| s.influence()).unwrap_or_default();
        let most_influential = sens.as_ref().and_then(|s| s.most_influential());
        Ok(RobustnessResponse {
            uncertainty: unc,
            sensitivity: sens,
            influence,
            most_influential,
            charts,
            report,
        })
    }
}

/// Indicator data as CSV text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadIndicatorsRequest {
    /// The CSV text: first column the unit ids, then one column per indicator headed
    /// `dimension/indicator` (a leading `-` on the indicator: less is better); empty cells are
    /// missing values.
    pub text: String,
}

op! {
    /// Reads indicator data (units × indicators, headers `dimension/indicator`) from CSV text into the dataset of a composite-indicator pipeline or an uncertainty analysis.
    ReadIndicators = "read_indicators" / "readIndicators",
    ReadIndicatorsRequest => Dataset,
    |r, ctx| renxing::table::read_indicator_csv(&r.text)
}

/// A long indicator table: one row per unit and indicator (unit id, indicator, value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadIndicatorsLongRequest {
    /// CSV text (a header row naming the columns), or
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// rows as objects, column name → cell (string, number or null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<std::collections::BTreeMap<String, serde_json::Value>>>")]
    pub rows: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
    /// The column names (default `unit`, `indicator`, `value`).
    #[serde(default)]
    pub columns: renxing::table::LongColumns,
    /// A framework with indicators: the indicator cells may then be its ids or labels (zh, en),
    /// and an indicator it does not define is an error. Without one, the cells are the ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<crate::args::FrameworkArg>,
}

op! {
    /// Reads a long indicator table (one row per unit and indicator: unit, indicator id or label, value) into the dataset of a composite-indicator pipeline; two rows for one unit and indicator, or an indicator the framework does not define, is an error naming the row.
    ReadIndicatorsLong = "read_indicators_long" / "readIndicatorsLong",
    ReadIndicatorsLongRequest => Dataset,
    |r, ctx| {
        let fw = match &r.framework {
            Some(f) => Some(crate::args::framework(Some(f), ctx)?),
            None => None,
        };
        let fw = fw.as_deref();
        match (&r.text, &r.rows) {
            (Some(text), None) => renxing::table::read_indicator_long_csv(text, &r.columns, fw),
            (None, Some(rows)) => renxing::table::read_indicator_long_rows(rows, &r.columns, fw),
            _ => Err(renxing::Problem::new(
                renxing::ErrorCode::TableInvalid,
                renxing::Msg::new("请给出 text 或 rows 之一", "give exactly one of text and rows"),
            )
            .at(renxing::Path::from("text"))
            .into()),
        }
    }
}
