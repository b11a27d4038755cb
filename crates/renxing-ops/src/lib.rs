//! # renxing-ops: every capability of renxing as an operation
//!
//! An **operation** is a typed request and a typed response (serde, with a JSON Schema from
//! `schemars`), a name and a one-line summary ([`Operation`]). The [`registry`] lists them all;
//! [`call_json`] runs one by name on JSON. The CLI (`renxing run OP`), the Python package and the
//! WebAssembly package reach the core only through this layer: a binding converts its values to
//! JSON-shaped data, calls, and maps the [`Error`] it gets back ([`Error::report`] in the caller's
//! language). Their per-operation functions and types are generated from the registry
//! ([`codegen`]), so nothing is written twice.
//!
//! This crate is FFI-free (no pyo3, no wasm-bindgen): it is the "binding core" under every front
//! end, as lindera's is.
//!
//! ```
//! use renxing_ops::{call_json, Ctx};
//! let case_b = call_json("reference_case", serde_json::json!({"id": "b"}), &Ctx::default())?;
//! let card = call_json("score", serde_json::json!({"assessment": case_b}), &Ctx::default())?;
//! assert_eq!(card["columns"][0]["grade"]["level"], "medium"); // 表1: B's robustness
//! # Ok::<(), renxing::Error>(())
//! ```

#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::sync::Arc;

use renxing::{ErrorCode, Framework, Lang, Msg, Path, PathSeg, Problem};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Declares an operation: a unit struct implementing [`Operation`] with its names, summary (the
/// doc text), request and response types and body. Shared by every `ops_*` module (declared
/// before them, so it is in their textual scope).
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
    // With a `hold` step: what a held request ([`held::Prepared`]) resolves once, before it is
    // run any number of times (see [`Operation::hold`]).
    (
        $(#[doc = $doc:literal])+
        $ty:ident = $name:literal / $js:literal,
        $req:ty => $resp:ty,
        |$r:pat_param, $ctx:ident| $body:expr,
        hold |$hr:pat_param, $hctx:ident| $hold:expr
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

            fn hold($hr: $req, $hctx: &mut Ctx) -> Result<$req, Error> {
                $hold
            }
        }
    };
}

pub mod args;
pub mod codegen;
pub mod files;
pub mod front;
pub mod held;
mod ops;
mod ops_agree_partial;
mod ops_blend;
mod ops_charts;
mod ops_composite;
mod ops_export;
mod ops_indicator_charts;
mod ops_methods;
mod ops_partial;
mod ops_qca;
mod ops_summary;
mod ops_table;
mod ops_uncertainty;
mod ops_uncertainty_blocks;
mod ops_vocab;
pub mod wire;

pub use ops::*;
pub use ops_agree_partial::*;
pub use ops_blend::*;
pub use ops_charts::*;
pub use ops_composite::*;
pub use ops_export::*;
pub use ops_indicator_charts::*;
pub use ops_methods::*;
pub use ops_partial::*;
pub use ops_qca::*;
pub use ops_summary::*;
pub use ops_table::*;
pub use ops_uncertainty::*;
pub use ops_uncertainty_blocks::*;
pub use ops_vocab::*;
pub use renxing::Error;

/// One capability: a typed request, a typed response, a name and a summary.
pub trait Operation {
    /// The operation's name (snake_case): the Python function, the CLI's `renxing run NAME`.
    const NAME: &'static str;
    /// The JavaScript function name (camelCase of [`Operation::NAME`]).
    const JS_NAME: &'static str;
    /// One line saying what it does.
    const SUMMARY: &'static str;
    /// The request.
    type Request: DeserializeOwned + Serialize + JsonSchema;
    /// The response.
    type Response: Serialize + JsonSchema;

    /// Runs the operation.
    ///
    /// # Errors
    /// Whatever the capability reports: bad input names its field.
    fn run(request: Self::Request, ctx: &Ctx) -> Result<Self::Response, Error>;

    /// Resolves once what a request held to be run many times ([`held::Prepared`]) would
    /// otherwise resolve on every run: for `score` and `diagnose`, the framework (into `ctx`) and
    /// the assessment, read, validated and shared. Running the returned request in the returned
    /// context gives what running the original in the original context gives. The default keeps
    /// the request as it is.
    ///
    /// # Errors
    /// What running would report about the resolved parts, located as running locates it.
    fn hold(request: Self::Request, ctx: &mut Ctx) -> Result<Self::Request, Error> {
        let _ = ctx;
        Ok(request)
    }
}

/// What a front end passes besides the request: the caller's language (for messages) and a
/// compiled framework it holds (used when a request names none).
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    /// The language of error messages (and of outputs whose request names no language).
    pub lang: Lang,
    /// A framework compiled once by the caller (Python's `Framework`, JS's `Framework`).
    pub framework: Option<Arc<Framework>>,
}

impl Ctx {
    /// A context in a language.
    #[must_use]
    pub fn with_lang(lang: Lang) -> Self {
        Ctx {
            lang,
            framework: None,
        }
    }
}

/// What the registry says of one operation.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// The name.
    pub name: &'static str,
    /// The JavaScript name.
    pub js_name: &'static str,
    /// The summary.
    pub summary: &'static str,
    /// The Rust type name of the request (for generated type names).
    pub request_type: &'static str,
    /// The Rust type name of the response.
    pub response_type: &'static str,
    /// Adds the request's schema to a generator and returns it.
    pub request_schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    /// Adds the response's schema to a generator and returns it.
    pub response_schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
}

/// Reads a request of operation `op` from JSON: a typed [`ErrorCode::RequestInvalid`] naming the
/// field on failure. The request is first checked against the documented limits
/// ([`renxing::limits::check_request`]: nesting, string lengths, counts, run sizes).
///
/// # Errors
/// [`ErrorCode::LimitExceeded`] for a request above a limit, else
/// [`ErrorCode::RequestInvalid`] with the path of the first bad field.
pub fn read_request<R: DeserializeOwned>(op: &str, request: Value) -> Result<R, Error> {
    renxing::limits::check_request(&request)?;
    check_step_fields(op, &request)?;
    let request = if request.is_null() {
        Value::Object(serde_json::Map::new())
    } else {
        request
    };
    serde_path_to_error::deserialize(request).map_err(|e| {
        let path = to_path(e.path());
        let inner = e.into_inner().to_string();
        Problem::new(
            ErrorCode::RequestInvalid,
            Msg::new(
                format!("操作 {op} 的请求无效:{inner}"),
                format!("invalid request for operation {op}: {inner}"),
            ),
        )
        .at(path)
        .into()
    })
}

/// A pipeline step's fields all have defaults: a misspelt one (`weigths`) would be dropped and
/// the default used without a word. Every key of a step must be one of its kind's fields.
fn check_step_fields(op: &str, request: &Value) -> Result<(), Error> {
    let Some(steps) = request.pointer("/pipeline/steps").and_then(Value::as_array) else {
        return Ok(());
    };
    for (i, step) in steps.iter().enumerate() {
        let (Some(obj), Some(kind)) = (step.as_object(), step.get("step").and_then(Value::as_str))
        else {
            continue;
        };
        let Some(fields) = renxing::composite::Step::fields(kind) else {
            continue;
        };
        if let Some(bad) = obj.keys().find(|k| !fields.contains(k)) {
            let list = fields.join(", ");
            return Err(Problem::new(
                ErrorCode::RequestInvalid,
                Msg::new(
                    format!("操作 {op} 的请求无效:{kind} 步骤没有字段 {bad:?};可用字段:{list}"),
                    format!(
                        "invalid request for operation {op}: unknown field {bad:?} of a {kind} step; expected one of: {list}"
                    ),
                ),
            )
            .at(renxing::path!["pipeline", "steps", i, bad.as_str()])
            .into());
        }
    }
    Ok(())
}

fn to_path(p: &serde_path_to_error::Path) -> Path {
    use serde_path_to_error::Segment;
    Path(
        p.iter()
            .filter_map(|s| match s {
                Segment::Seq { index } => Some(PathSeg::Index(*index)),
                Segment::Map { key } => Some(PathSeg::Key(key.clone())),
                Segment::Enum { variant } => Some(PathSeg::Key(variant.clone())),
                Segment::Unknown => None,
            })
            .collect(),
    )
}

/// Runs operation `O` on a JSON request and returns its JSON response.
///
/// # Errors
/// A malformed request ([`ErrorCode::RequestInvalid`]) or the operation's own error.
pub fn call_typed<O: Operation>(request: Value, ctx: &Ctx) -> Result<Value, Error> {
    let req: O::Request = read_request(O::NAME, request)?;
    let resp = O::run(req, ctx)?;
    serde_json::to_value(&resp).map_err(|e| {
        Problem::new(
            ErrorCode::Internal,
            Msg::new(
                format!("无法转换结果:{e}"),
                format!("could not convert the result: {e}"),
            ),
        )
        .into()
    })
}

/// The error for an operation name the registry does not list.
#[must_use]
pub fn unknown_operation(name: &str) -> Error {
    let names: Vec<&str> = registry().iter().map(|o| o.name).collect();
    let list = names.join(", ");
    Problem::new(
        ErrorCode::UnknownOperation,
        Msg::new(
            format!("未知操作 {name:?};可用的操作:{list}"),
            format!("unknown operation {name:?}; expected one of: {list}"),
        ),
    )
    .into()
}

macro_rules! registry_impl {
    ($( ($op:ident, $name:literal, $js:literal) ),+ $(,)?) => {
        /// Every operation, in documentation order.
        #[must_use]
        pub fn registry() -> &'static [OpInfo] {
            const LIST: &[OpInfo] = &[
                $( OpInfo {
                    name: <$op as Operation>::NAME,
                    js_name: <$op as Operation>::JS_NAME,
                    summary: <$op as Operation>::SUMMARY,
                    request_type: concat!(stringify!($op), "Request"),
                    response_type: concat!(stringify!($op), "Response"),
                    request_schema: |g| g.subschema_for::<<$op as Operation>::Request>(),
                    response_schema: |g| g.subschema_for::<<$op as Operation>::Response>(),
                }, )+
            ];
            LIST
        }

        /// Runs an operation by name on a JSON request (`null` = an empty request).
        ///
        /// # Errors
        /// [`ErrorCode::UnknownOperation`], a malformed request, or the operation's error.
        pub fn call_json(name: &str, request: Value, ctx: &Ctx) -> Result<Value, Error> {
            match name {
                $( $name => call_typed::<$op>(request, ctx), )+
                _ => Err(unknown_operation(name)),
            }
        }

        #[cfg(test)]
        mod registry_names {
            #[test]
            fn names_match_the_operations() {
                $(
                    assert_eq!(<super::$op as super::Operation>::NAME, $name);
                    assert_eq!(<super::$op as super::Operation>::JS_NAME, $js);
                    assert_eq!(super::codegen::js_name($name), $js);
                )+
            }
        }
    };
}

/// Calls `$m!` with the list of every operation as `(Type, "name", "jsName")` tuples: the
/// bindings generate their per-operation functions from it, so the list exists once.
#[macro_export]
macro_rules! for_each_operation {
    ($m:ident) => {
        $m! {
            (Version, "version", "version"),
            (Operations, "operations", "operations"),
            (Vocabulary, "vocabulary", "vocabulary"),
            (Labels, "labels", "labels"),
            (FrameworkPaper, "framework_paper", "frameworkPaper"),
            (ParseFramework, "parse_framework", "parseFramework"),
            (ValidateFramework, "validate_framework", "validateFramework"),
            (FormatFramework, "format_framework", "formatFramework"),
            (NewAssessment, "new_assessment", "newAssessment"),
            (ParseAssessment, "parse_assessment", "parseAssessment"),
            (ValidateAssessment, "validate_assessment", "validateAssessment"),
            (FormatAssessment, "format_assessment", "formatAssessment"),
            (ReadTable, "read_table", "readTable"),
            (WriteTable, "write_table", "writeTable"),
            (ReadAssessments, "read_assessments", "readAssessments"),
            (AssessmentSchema, "assessment_schema", "assessmentSchema"),
            (Rate, "rate", "rate"),
            (Cases, "cases", "cases"),
            (ReferenceCase, "reference_case", "referenceCase"),
            (PublishedTable1, "published_table_1", "publishedTable1"),
            (ModesTable, "modes_table", "modesTable"),
            (CasesReport, "cases_report", "casesReport"),
            (Score, "score", "score"),
            (Diagnose, "diagnose", "diagnose"),
            (Compare, "compare", "compare"),
            (ScoreBatch, "score_batch", "scoreBatch"),
            (RadarChart, "radar_chart", "radarChart"),
            (AttributeBars, "attribute_bars", "attributeBars"),
            (ComparisonTable, "comparison_table", "comparisonTable"),
            (Report, "report", "report"),
            (ComparisonReport, "comparison_report", "comparisonReport"),
            (RenderText, "text", "text"),
            (Agreement, "agreement", "agreement"),
            (Disagreements, "disagreements", "disagreements"),
            (Consensus, "consensus", "consensus"),
            (Agree, "agree", "agree"),
            (ResolveConsensus, "resolve_consensus", "resolveConsensus"),
            (Indicators, "indicators", "indicators"),
            (Curve, "curve", "curve"),
            (Curves, "curves", "curves"),
            (Timelines, "timelines", "timelines"),
            (PhasePlan, "phase_plan", "phasePlan"),
            (Citations, "citations", "citations"),
            (ReadCurve, "read_curve", "readCurve"),
            (CurveChart, "curve_chart", "curveChart"),
            (TimelineChart, "timeline_chart", "timelineChart"),
            (Qca, "qca", "qca"),
            (QcaNecessity, "qca_necessity", "qcaNecessity"),
            (QcaRobustness, "qca_robustness", "qcaRobustness"),
            (QcaCases, "qca_cases", "qcaCases"),
            (QcaXyChart, "qca_xy_chart", "qcaXyChart"),
            (QcaReport, "qca_report", "qcaReport"),
            (ReadQcaTable, "read_qca_table", "readQcaTable"),
            (Uncertainty, "uncertainty", "uncertainty"),
            (Sensitivity, "sensitivity", "sensitivity"),
            (Robustness, "robustness", "robustness"),
            (ReadIndicators, "read_indicators", "readIndicators"),
            (Export, "export", "exportFile"),
            (FromLabel, "from_label", "fromLabel"),
            (LabelOf, "label_of", "labelOf"),
            (SmallMultiples, "small_multiples", "smallMultiples"),
            (AssessIndicators, "assess_indicators", "assessIndicators"),
            (IndicatorCharts, "indicator_charts", "indicatorCharts"),
            (IndicatorExample, "indicator_example", "indicatorExample"),
            (ReadPipeline, "read_pipeline", "readPipeline"),
            (Blend, "blend_assessments", "blendAssessments"),
            (ReadIndicatorsLong, "read_indicators_long", "readIndicatorsLong"),
            (IndicatorsPlan, "indicators_plan", "indicatorsPlan"),
            (IndicatorsPartial, "indicators_partial", "indicatorsPartial"),
            (IndicatorsMerge, "indicators_merge", "indicatorsMerge"),
            (IndicatorsApply, "indicators_apply", "indicatorsApply"),
            (IndicatorsFinish, "indicators_finish", "indicatorsFinish"),
            (UncertaintyHeaderOp, "uncertainty_header", "uncertaintyHeader"),
            (UncertaintyBlockOp, "uncertainty_block", "uncertaintyBlock"),
            (UncertaintyUnitsOp, "uncertainty_units", "uncertaintyUnits"),
            (UncertaintyAssembleOp, "uncertainty_assemble", "uncertaintyAssemble"),
            (UncertaintySlabsOp, "uncertainty_slabs", "uncertaintySlabs"),
            (UncertaintySlabUnitsOp, "uncertainty_slab_units", "uncertaintySlabUnits"),
            (SensitivityRunsOp, "sensitivity_runs", "sensitivityRuns"),
            (SensitivityAssembleOp, "sensitivity_assemble", "sensitivityAssemble"),
            (AgreementPartialOp, "agreement_partial", "agreementPartial"),
            (AgreementMergeOp, "agreement_merge", "agreementMerge"),
            (AgreementFinishOp, "agreement_finish", "agreementFinish"),
            (DiagnosisSummaryOp, "diagnosis_summary", "diagnosisSummary"),
            (DiagnosisSummaryPartialOp, "diagnosis_summary_partial", "diagnosisSummaryPartial"),
            (DiagnosisSummaryMergeOp, "diagnosis_summary_merge", "diagnosisSummaryMerge"),
            (DiagnosisSummaryFinishOp, "diagnosis_summary_finish", "diagnosisSummaryFinish"),
        }
    };
}

for_each_operation!(registry_impl);
