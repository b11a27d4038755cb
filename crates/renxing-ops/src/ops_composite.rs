//! The composite-indicator pipeline driven by a framework's indicators (issue 10): the data's
//! columns are the framework's indicators, and the result's dimension bands become the
//! framework's levels, one assessment per unit. The method lives in the core
//! (`renxing::composite::assess_with_framework`); this operation reads the request.

use renxing::composite::{self, Dataset, FrameworkIndicatorResult, Pipeline};
use renxing::{Error, Lang};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args::{self, FrameworkArg};
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

/// A framework with indicators, a data table of them, and optionally the pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessIndicatorsRequest {
    /// The framework (an object with `indicators`, `schema_version` 2; or the id of the context's
    /// framework).
    pub framework: FrameworkArg,
    /// Units × indicators: one column per framework indicator, by id (e.g. from
    /// `read_indicators`); direction, goalposts, target, weights and the hierarchy come from the
    /// framework.
    pub data: Dataset,
    /// The steps (default: checks, min–max, arithmetic aggregation, banding at equal thirds of
    /// 0–100 into the framework's levels, TOPSIS, obstacle degree, ranks). A band step with
    /// empty `levels` gets the framework's level ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<Pipeline>,
    /// Also the ranking, dimension-level and obstacle tables as plain text in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Lang>,
    /// The language of the assessments' notes and evidence (default: `text`'s, else the
    /// caller's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// Also a report (HTML or Markdown): the indicator system, the methods (every step with its
    /// parameters, the banding rule) and the result tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<crate::ReportSpec>,
}

/// The framework-driven pipeline's result, the assessments it makes, and the tables as text.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct AssessIndicatorsResponse {
    /// The run: the pipeline as run, every step's record, the banding rule, the assessments.
    #[serde(flatten)]
    pub run: FrameworkIndicatorResult,
    /// The tables as plain text (when `text` was asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The report (when `report` was asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<crate::ReportResponse>,
}

op! {
    /// Runs the composite-indicator pipeline on the indicators a framework defines and bands each unit's dimension scores into the framework's levels: ranks, TOPSIS, obstacle degrees and one assessment per unit (rater indicators, evidence the indicator values) that score, diagnose and report accept.
    AssessIndicators = "assess_indicators" / "assessIndicators",
    AssessIndicatorsRequest => AssessIndicatorsResponse,
    |r, ctx| {
        let fw = args::framework(Some(&r.framework), ctx)?;
        let m = r.data.indicators.len();
        let lang = args::lang(r.lang.or(r.text), ctx);
        let run = composite::assess_with_framework_in(&fw, r.data, r.pipeline, lang)
            .map_err(|e| args::reroot(e.into(), |p| args::dataset_path(p, m)))?;
        let text = r.text.map(|lang| renxing::text::indicator_tables(&run, &fw, lang));
        let report = r.report.map(|spec| {
            let o = spec.options(ctx);
            match spec.format {
                crate::ReportFormat::Markdown => {
                    let md = renxing::report::markdown_indicator_report(&run, &fw, &o);
                    crate::ReportResponse {
                        format: crate::ReportFormat::Markdown,
                        text: md.markdown,
                        charts: md.charts,
                    }
                }
                _ => crate::ReportResponse {
                    format: crate::ReportFormat::Html,
                    text: renxing::report::html_indicator_report(&run, &fw, &o),
                    charts: Vec::new(),
                },
            }
        });
        Ok(AssessIndicatorsResponse { run, text, report })
    }
}
