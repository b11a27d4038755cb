//! The operations: one request type, one response type and one `run` each.
//!
//! To add one: define its request and response here (or in a module beside), implement
//! [`Operation`] with the `op!` macro, and add one line to `for_each_operation!` in `lib.rs`;
//! then regenerate the bindings' types (`RENXING_UPDATE_GENERATED=1 cargo test -p renxing-ops`)
//! and add a golden pair under `tests/golden/ops/` (docs/architecture.md, "How to add an
//! operation").

use std::collections::BTreeMap;

use renxing::chart::{ChartOptions, RadarSeries};
use renxing::report::{ChartFile, ReportOptions};
use renxing::text::{Renderer, Style};
use renxing::{
    Assessment, Comparison, Diagnosis, Error, ErrorCode, Framework, FrameworkFormat, Lang, Method,
    ModeProfile, Msg, Path, Problem, PublishedRow, RuleOutcome, ScoreOptions, Scorecard, Text,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::args::{self, FrameworkArg};
use crate::{Ctx, Operation};

/// A request with no field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// A request naming only a language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LangRequest {
    /// The language (default: the caller's).
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// A text result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TextResponse {
    /// The text.
    pub text: String,
}

/// A JSON Schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SchemaResponse {
    /// The schema (draft 2020-12).
    pub schema: Value,
}

// ---------------------------------------------------------------------------------------------
// the library and its vocabulary
// ---------------------------------------------------------------------------------------------

/// The library version and the file-format version it reads and writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VersionResponse {
    /// The library version.
    pub version: String,
    /// The `schema_version` of files.
    pub schema_version: u32,
    /// The id of the built-in framework.
    pub paper_framework: String,
}

op! {
    /// The library version and the file-format version.
    Version = "version" / "version",
    Empty => VersionResponse,
    |_, ctx| Ok(VersionResponse {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: renxing::SCHEMA_VERSION,
        paper_framework: renxing::PAPER_FRAMEWORK_ID.to_owned(),
    })
}

/// One operation of the registry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OperationEntry {
    /// The name (Python, CLI).
    pub name: String,
    /// The JavaScript name.
    pub js_name: String,
    /// What it does.
    pub summary: String,
}

/// Every operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OperationsResponse {
    /// The operations, in documentation order.
    pub operations: Vec<OperationEntry>,
}

op! {
    /// Every operation of the registry, with its summary.
    Operations = "operations" / "operations",
    Empty => OperationsResponse,
    |_, ctx| Ok(OperationsResponse {
        operations: crate::registry()
            .iter()
            .map(|o| OperationEntry {
                name: o.name.to_owned(),
                js_name: o.js_name.to_owned(),
                summary: o.summary.trim().to_owned(),
            })
            .collect(),
    })
}

/// An id of the typed vocabulary with its labels.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct VocabularyItem {
    /// The stable id.
    pub id: &'static str,
    /// The label in zh and en.
    pub label: Text,
}

/// A UI word with its labels.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct UiWord {
    /// The key.
    pub key: &'static str,
    /// The word in zh and en.
    pub label: Text,
}

/// The typed vocabulary and every UI word, in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct VocabularyResponse {
    /// The languages.
    pub languages: Vec<&'static str>,
    /// The paper's levels.
    pub levels: Vec<VocabularyItem>,
    /// The paper's attributes.
    pub attributes: Vec<VocabularyItem>,
    /// The paper's dimensions.
    pub dimensions: Vec<VocabularyItem>,
    /// The governance modes.
    pub modes: Vec<VocabularyItem>,
    /// The phases of the cycle.
    pub phases: Vec<VocabularyItem>,
    /// The aggregation methods.
    pub methods: Vec<VocabularyItem>,
    /// The words of the user interfaces and reports.
    pub ui: Vec<UiWord>,
}

macro_rules! items {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|v| VocabularyItem {
                id: v.id(),
                label: v.text(),
            })
            .collect()
    };
}

op! {
    /// The ids and bilingual labels of the vocabulary (levels, attributes, dimensions, modes, phases, methods) and every UI word.
    Vocabulary = "vocabulary" / "vocabulary",
    Empty => VocabularyResponse,
    |_, ctx| Ok(VocabularyResponse {
        languages: Lang::ALL.iter().map(|l| l.id()).collect(),
        levels: items!(renxing::Level),
        attributes: items!(renxing::Attribute),
        dimensions: items!(renxing::Dimension),
        modes: items!(renxing::Mode),
        phases: items!(renxing::Phase),
        methods: items!(Method),
        ui: renxing::ui::ALL
            .iter()
            .map(|(key, label)| UiWord { key, label: *label })
            .collect(),
    })
}

/// Every label in one language, keyed by id.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct LabelsResponse {
    /// The language.
    pub lang: Lang,
    /// UI words by key.
    pub ui: BTreeMap<&'static str, &'static str>,
    /// Levels by id.
    pub levels: BTreeMap<&'static str, &'static str>,
    /// Attributes by id.
    pub attributes: BTreeMap<&'static str, &'static str>,
    /// Dimensions by id.
    pub dimensions: BTreeMap<&'static str, &'static str>,
    /// Modes by id.
    pub modes: BTreeMap<&'static str, &'static str>,
    /// Phases by id.
    pub phases: BTreeMap<&'static str, &'static str>,
    /// Methods by id.
    pub methods: BTreeMap<&'static str, &'static str>,
}

macro_rules! label_map {
    ($t:ty, $lang:expr) => {
        <$t>::ALL.iter().map(|v| (v.id(), v.label($lang))).collect()
    };
}

op! {
    /// Every label in one language (zh by default; tags such as zh-CN work): UI words by key and the vocabulary by id.
    Labels = "labels" / "labels",
    LangRequest => LabelsResponse,
    |r, ctx| {
        let lang = args::lang(r.lang, ctx);
        Ok(LabelsResponse {
            lang,
            ui: renxing::ui::ALL.iter().map(|(k, t)| (*k, t.get(lang))).collect(),
            levels: label_map!(renxing::Level, lang),
            attributes: label_map!(renxing::Attribute, lang),
            dimensions: label_map!(renxing::Dimension, lang),
            modes: label_map!(renxing::Mode, lang),
            phases: label_map!(renxing::Phase, lang),
            methods: label_map!(Method, lang),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// frameworks
// ---------------------------------------------------------------------------------------------

op! {
    /// The paper's built-in framework (3 attributes, 8 dimensions, low/medium/high, remedies).
    FrameworkPaper = "framework_paper" / "frameworkPaper",
    Empty => Framework,
    |_, ctx| Ok(Framework::paper().clone())
}

/// A framework file's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParseFrameworkRequest {
    /// The text.
    pub text: String,
    /// Its format (default: by `name`'s extension, `.toml` → TOML; else JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<FrameworkFormat>,
    /// The file's name, when the format is not given: `FrameworkFormat::from_file_name` chooses
    /// it (the rule every front end uses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

op! {
    /// Reads and validates a framework file's text (JSON or TOML); every problem is reported at once.
    ParseFramework = "parse_framework" / "parseFramework",
    ParseFrameworkRequest => Framework,
    |r, ctx| {
        let format = r.format.unwrap_or_else(|| {
            r.name.as_deref().map_or(FrameworkFormat::Json, FrameworkFormat::from_file_name)
        });
        Ok(Framework::read(&r.text, format)?)
    }
}

/// A framework object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkRequest {
    /// The framework (an id or an object).
    pub framework: FrameworkArg,
}

op! {
    /// Validates a framework object; returns it normalised (defaults filled in).
    ValidateFramework = "validate_framework" / "validateFramework",
    FrameworkRequest => Framework,
    |r, ctx| Ok(args::framework(Some(&r.framework), ctx)?.as_ref().clone())
}

/// A framework to write as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormatFrameworkRequest {
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
    /// The format (default JSON).
    #[serde(default)]
    pub format: FrameworkFormat,
}

op! {
    /// A framework as the text of a file (pretty JSON or TOML).
    FormatFramework = "format_framework" / "formatFramework",
    FormatFrameworkRequest => TextResponse,
    |r, ctx| Ok(TextResponse {
        text: args::framework(r.framework.as_ref(), ctx)?.write(r.format)?,
    })
}

// ---------------------------------------------------------------------------------------------
// assessments
// ---------------------------------------------------------------------------------------------

/// A new assessment's id and name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssessmentRequest {
    /// The community's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// A new assessment with every dimension of the framework explicitly not rated (null).
    NewAssessment = "new_assessment" / "newAssessment",
    NewAssessmentRequest => Assessment,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let a = Assessment::for_framework(&fw, r.id, r.name);
        // The id must be in the safe alphabet now (it names the draft everywhere); the name may
        // still be empty — a blank form is filled in later, and validation asks for it then.
        if let Err(renxing::AssessmentError::Invalid(issues)) = a.validate(&fw) {
            let id: Vec<renxing::Issue> =
                issues.0.into_iter().filter(|i| i.path == Path::from("id")).collect();
            if !id.is_empty() {
                return Err(renxing::AssessmentError::Invalid(renxing::Issues(id)).into());
            }
        }
        Ok(a)
    }
}

/// An assessment file's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParseAssessmentRequest {
    /// The JSON text.
    pub text: String,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// Reads an assessment file's JSON text and validates it against the framework; every problem at once, each with its field path.
    ParseAssessment = "parse_assessment" / "parseAssessment",
    ParseAssessmentRequest => Assessment,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        Ok(Assessment::parse(&r.text, &fw)?)
    }
}

/// One assessment and its framework.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRequest {
    /// The assessment (the file's JSON form).
    #[schemars(with = "Assessment")]
    pub assessment: Value,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// Validates an assessment object against the framework; returns it normalised (the file form).
    ValidateAssessment = "validate_assessment" / "validateAssessment",
    AssessmentRequest => Assessment,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        args::assessment(&r.assessment, &fw, &Path::from("assessment"))
    }
}

op! {
    /// The assessment file's text (pretty JSON, validated first): what "save" writes.
    FormatAssessment = "format_assessment" / "formatAssessment",
    AssessmentRequest => TextResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let a = args::assessment(&r.assessment, &fw, &Path::from("assessment"))?;
        Ok(TextResponse { text: a.to_json() })
    }
}

op! {
    /// The JSON Schema (draft 2020-12) of assessment files.
    AssessmentSchema = "assessment_schema" / "assessmentSchema",
    Empty => SchemaResponse,
    |_, ctx| {
        let schema = serde_json::from_str(renxing::schema::ASSESSMENT_SCHEMA).map_err(|e| {
            Error::from(Problem::new(ErrorCode::Internal, Msg::new(e.to_string(), e.to_string())))
        })?;
        Ok(SchemaResponse { schema })
    }
}

/// The paper's two questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateRequest {
    /// Coped effectively with the emergency (有效应对风险)?
    pub coped: bool,
    /// Developed beyond the pre-event state (社区得到发展)?
    pub developed: bool,
}

op! {
    /// The paper's rating rule: coped and developed → high; coped only → medium; otherwise low ("developed but not coped" is flagged inconsistent).
    Rate = "rate" / "rate",
    RateRequest => RuleOutcome,
    |r, ctx| Ok(renxing::rate(r.coped, r.developed))
}

// ---------------------------------------------------------------------------------------------
// the paper's data
// ---------------------------------------------------------------------------------------------

op! {
    /// The three reference cases A, B, C (表1) as assessments, with their evidence quotes.
    Cases = "cases" / "cases",
    Empty => Vec<Assessment>,
    |_, ctx| Ok(renxing::cases().to_vec())
}

/// A reference case's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseRequest {
    /// `case-a`, `a`, `A`, … (and likewise for b and c).
    pub id: String,
}

op! {
    /// One reference case by id (case-a, a, …).
    ReferenceCase = "reference_case" / "referenceCase",
    CaseRequest => Assessment,
    |r, ctx| renxing::case(&r.id).ok_or_else(|| unknown_case(&r.id))
}

/// The error for a reference case id that is not one.
fn unknown_case(id: &str) -> Error {
    renxing::IdError::new(
        Text {
            zh: "案例 id",
            en: "case id",
        },
        id,
        &["case-a", "case-b", "case-c"],
    )
    .into()
}

op! {
    /// 表1 as published: the paper's attribute levels of the three cases.
    PublishedTable1 = "published_table_1" / "publishedTable1",
    Empty => Vec<PublishedRow>,
    |_, ctx| Ok(renxing::TABLE_1.to_vec())
}

op! {
    /// 表2: the three modes' profiles (driving factor, advantages, defects, promotability).
    ModesTable = "modes_table" / "modesTable",
    Empty => Vec<&'static ModeProfile>,
    |_, ctx| Ok(renxing::modes_table())
}

/// Scoring options alone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionsRequest {
    /// Scoring options (method, weights).
    #[serde(default)]
    pub options: ScoreOptions,
}

/// A reference case's row of 表1 as this library computes it.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct CaseRow {
    /// The case id.
    pub case: String,
    /// Its name.
    pub name: String,
    /// Its mode.
    pub mode: Option<renxing::Mode>,
    /// Level id by column key (表1's columns).
    pub levels: BTreeMap<String, Option<String>>,
    /// The overall grade.
    pub overall: Option<renxing::Grade>,
}

/// The reference cases: 表1 computed and as published, 表2, and each case's diagnosis.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct CasesReportResponse {
    /// The framework id.
    pub framework: String,
    /// The method used.
    pub method: Method,
    /// 表1 as computed.
    pub table_1: Vec<CaseRow>,
    /// 表1 as published.
    pub published_table_1: Vec<PublishedRow>,
    /// 表2.
    pub table_2: Vec<&'static ModeProfile>,
    /// Each case's diagnosis.
    pub diagnoses: Vec<Diagnosis>,
}

op! {
    /// The paper's reference cases: 表1 computed and as published, 表2, and each case's diagnosis.
    CasesReport = "cases_report" / "casesReport",
    OptionsRequest => CasesReportResponse,
    |r, ctx| {
        let fw = Framework::paper();
        args::engine(fw, &r.options)?;
        let mut table_1 = Vec::new();
        let mut diagnoses = Vec::new();
        for c in renxing::cases() {
            let d = renxing::diagnose_with(&c, fw, &r.options).map_err(args::options_error)?;
            table_1.push(CaseRow {
                case: c.id.clone(),
                name: c.name.clone(),
                mode: c.mode,
                levels: d
                    .scorecard
                    .columns()
                    .iter()
                    .map(|col| (col.key(), col.grade.as_ref().map(|g| g.level.clone())))
                    .collect(),
                overall: d.scorecard.overall.clone(),
            });
            diagnoses.push(d);
        }
        Ok(CasesReportResponse {
            framework: fw.id.clone(),
            method: r.options.method,
            table_1,
            published_table_1: renxing::TABLE_1.to_vec(),
            table_2: renxing::modes_table(),
            diagnoses,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// scoring, diagnosis, comparison
// ---------------------------------------------------------------------------------------------

/// One assessment to score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// The assessment (the file's JSON form).
    #[schemars(with = "Assessment")]
    pub assessment: args::AssessmentInput,
    /// Scoring options (method, weights).
    #[serde(default)]
    pub options: ScoreOptions,
    /// The consensus rule for a multi-coder assessment (`{"rule": {"rule": "median"}}`): its
    /// dimensions holding codings get their consensus value first. Required when a dimension
    /// holds codings and no value (else `consensus_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus: Option<renxing::agree::ConsensusOptions>,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// Scores an assessment: per dimension, per attribute, the summary columns (表1) and overall.
    Score = "score" / "score",
    ScoreRequest => Scorecard,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let at = Path::from("assessment");
        let a = r.assessment.resolve(&fw, &at)?;
        let a = args::scorable_ref(a, &fw, r.consensus.as_ref(), &at)?;
        Ok(args::engine(&fw, &r.options)?.score(&a)?)
    },
    hold |r, ctx| {
        let (fw, assessment) = hold_assessment(&r.assessment, r.framework.as_ref(), r.consensus.as_ref(), &r.options, ctx)?;
        ctx.framework = Some(fw);
        Ok(ScoreRequest { assessment, options: r.options, consensus: None, framework: None })
    }
}

/// The `hold` step of `score` and `diagnose`: the framework resolved, the assessment read,
/// validated, its consensus resolved and shared; the options checked. Errors are located as
/// running would locate them.
fn hold_assessment(
    assessment: &args::AssessmentInput,
    framework: Option<&FrameworkArg>,
    consensus: Option<&renxing::agree::ConsensusOptions>,
    options: &ScoreOptions,
    ctx: &Ctx,
) -> Result<(std::sync::Arc<Framework>, args::AssessmentInput), Error> {
    let fw = args::framework(framework, ctx)?;
    let at = Path::from("assessment");
    let a = assessment.resolve(&fw, &at)?;
    let a = args::scorable_ref(a, &fw, consensus, &at)?.into_owned();
    args::engine(&fw, options)?;
    Ok((fw, args::AssessmentInput::Shared(std::sync::Arc::new(a))))
}

/// An assessment to diagnose, optionally in a phase of the cycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnoseRequest {
    /// The assessment (the file's JSON form).
    #[schemars(with = "Assessment")]
    pub assessment: args::AssessmentInput,
    /// Scoring options (method, weights).
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
    /// The phase the diagnosis is made in (default: the assessment's own `phase`, if any): the
    /// diagnosis then leads with the remedies for the phase ahead and says who acts.
    #[serde(default)]
    pub phase: Option<renxing::Phase>,
    /// The consensus rule for a multi-coder assessment (as in `score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus: Option<renxing::agree::ConsensusOptions>,
    /// Keep the N remedies of highest priority (default: every one that applies); the response
    /// records N (`top_remedies`) and how many apply (`remedies_total`).
    #[serde(default)]
    pub top_remedies: Option<usize>,
    /// Keep every remedy (overrides `top_remedies`; the default).
    #[serde(default)]
    pub all_remedies: bool,
}

op! {
    /// Diagnoses an assessment: deficits (most severe first), remedies with their sources as citations, the nearest reference case, the mode's known defects; in a phase, the remedies for the phase ahead first and who acts.
    Diagnose = "diagnose" / "diagnose",
    DiagnoseRequest => Diagnosis,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let at = Path::from("assessment");
        let a = r.assessment.resolve(&fw, &at)?;
        let a = args::scorable_ref(a, &fw, r.consensus.as_ref(), &at)?;
        // the engine compiled once, inside: its option errors located under `options`
        let mut d = renxing::diagnose_in(&a, &fw, &r.options, r.phase.or(a.phase))
            .map_err(args::options_error)?;
        d.keep_top_remedies(if r.all_remedies { None } else { r.top_remedies });
        Ok(d)
    },
    hold |r, ctx| {
        let (fw, assessment) = hold_assessment(&r.assessment, r.framework.as_ref(), r.consensus.as_ref(), &r.options, ctx)?;
        ctx.framework = Some(fw);
        Ok(DiagnoseRequest { assessment, consensus: None, framework: None, ..r })
    }
}

/// Several assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    /// The assessments (file form), ids distinct.
    #[schemars(with = "Vec<Assessment>")]
    pub assessments: Vec<args::AssessmentInput>,
    /// Scoring options (method, weights).
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

pub(crate) fn comparison(
    r: CompareRequest,
    ctx: &Ctx,
) -> Result<(std::sync::Arc<Framework>, Comparison), Error> {
    let fw = args::framework(r.framework.as_ref(), ctx)?;
    let list = args::take_assessments(r.assessments, &fw)?;
    args::engine(&fw, &r.options)?;
    let cmp = renxing::compare_with(&list, &fw, &r.options)?;
    Ok((fw, cmp))
}

op! {
    /// Compares several assessments: rows, ranking with ties, best and worst per dimension.
    Compare = "compare" / "compare",
    CompareRequest => Comparison,
    |r, ctx| Ok(comparison(r, ctx)?.1)
}

/// Rows of level codes or of scores to score in one call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreBatchRequest {
    /// Rows of level codes (1..=levels), one per dimension in framework order.
    #[serde(default)]
    pub codes: Option<Vec<Vec<u8>>>,
    /// Rows of 0–100 scores, one per dimension in framework order.
    #[serde(default)]
    pub scores: Option<Vec<Vec<f64>>>,
    /// Scoring options (method, weights).
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
    /// Unrated dimensions allowed: a level code 0 or a NaN score (numpy, typed arrays) means
    /// "not rated"; rows aggregate what is rated and are flagged in `rated` (default: false, a
    /// code 0 or a NaN is an error).
    #[serde(default)]
    pub unrated: bool,
    /// Rows of flags, one per cell: `false` = not rated (whatever the cell holds); the kept
    /// cells are checked as without a mask.
    #[serde(default)]
    pub mask: Option<Vec<Vec<bool>>>,
}

/// The batch result: per row the overall and per-attribute scores and level codes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreBatchResponse {
    /// Number of rows.
    pub rows: usize,
    /// Attribute ids (the columns of the attribute arrays).
    pub attributes: Vec<String>,
    /// Level ids (code c is `levels[c - 1]`).
    pub levels: Vec<String>,
    /// Overall score per row (null when nothing is rated).
    pub overall_score: Vec<Option<f64>>,
    /// Overall level code per row (0 when nothing is rated).
    pub overall_level: Vec<u8>,
    /// Attribute scores, one row per input row (null for an attribute with nothing rated).
    pub attribute_score: Vec<Vec<Option<f64>>>,
    /// Attribute level codes, one row per input row.
    pub attribute_level: Vec<Vec<u8>>,
    /// Per row, the number of (positively weighted) dimensions rated: a row is partial when this
    /// is below `total`; a value with nothing rated has score NaN (null) and level code 0.
    pub rated: Vec<u16>,
    /// The number of positively weighted dimensions.
    pub total: usize,
}

fn flat<T: Copy>(rows: &[Vec<T>], width: usize, field: &str) -> Result<Vec<T>, Error> {
    let mut out = Vec::with_capacity(rows.len() * width);
    for (i, row) in rows.iter().enumerate() {
        if row.len() != width {
            return Err(Problem::new(
                ErrorCode::BatchInput,
                Msg::new(
                    format!(
                        "{field}[{i}] 应有 {width} 个值(每个维度一个),实际 {} 个",
                        row.len()
                    ),
                    format!(
                        "{field}[{i}] must have {width} values (one per dimension), found {}",
                        row.len()
                    ),
                ),
            )
            .at(Path::from(field).index(i))
            .into());
        }
        out.extend_from_slice(row);
    }
    Ok(out)
}

op! {
    /// Scores many rows of level codes or 0–100 scores at once (the engine the numpy and typed-array paths use).
    ScoreBatch = "score_batch" / "scoreBatch",
    ScoreBatchRequest => ScoreBatchResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let engine = args::engine(&fw, &r.options)?;
        let n = fw.dimensions.len();
        let na = fw.attributes.len();
        let mask = match &r.mask {
            Some(m) => Some(flat(m, n, "mask")?),
            None => None,
        };
        let unrated = renxing::Unrated { allowed: r.unrated, mask: mask.as_deref() };
        let rows_of = |rows: usize| -> Result<(), Error> {
            match &r.mask {
                Some(m) if m.len() != rows => Err(Problem::new(
                    ErrorCode::BatchInput,
                    Msg::new(
                        format!("mask 应有 {rows} 行(与输入相同),实际 {} 行", m.len()),
                        format!("mask must have {rows} rows (as the input), found {}", m.len()),
                    ),
                )
                .at(Path::from("mask"))
                .into()),
                _ => Ok(()),
            }
        };
        let (rows, result) = match (&r.codes, &r.scores) {
            (Some(codes), None) => {
                let flat = flat(codes, n, "codes")?;
                rows_of(codes.len())?;
                (codes.len(), engine.score_codes_vec_with(&flat, unrated))
            }
            (None, Some(scores)) => {
                let flat = flat(scores, n, "scores")?;
                rows_of(scores.len())?;
                (scores.len(), engine.score_scores_vec_with(&flat, unrated))
            }
            _ => {
                return Err(Problem::new(
                    ErrorCode::RequestInvalid,
                    Msg::new("需要 codes 或 scores 之一(且只能一个)", "give exactly one of codes or scores"),
                )
                .into())
            }
        };
        let out = result?;
        let some = |x: &f64| (!x.is_nan()).then_some(*x);
        let chunk = |v: &[f64]| v.chunks(na.max(1)).map(|c| c.iter().map(some).collect()).collect();
        let chunk_u8 = |v: &[u8]| v.chunks(na.max(1)).map(<[u8]>::to_vec).collect();
        Ok(ScoreBatchResponse {
            rows,
            attributes: fw.attributes.iter().map(|a| a.id.clone()).collect(),
            levels: fw.levels.iter().map(|l| l.id.clone()).collect(),
            attribute_score: chunk(&out.attribute_score),
            attribute_level: chunk_u8(&out.attribute_level),
            overall_score: out.overall_score.iter().map(some).collect(),
            overall_level: out.overall_level,
            rated: out.rated,
            total: out.total,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// charts and reports
// ---------------------------------------------------------------------------------------------

/// Options of a chart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// The language of labels (default: the caller's).
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Width in pixels (100..=10000; default: the chart's natural width).
    #[serde(default)]
    pub width: Option<u32>,
    /// Height in pixels (100..=10000).
    #[serde(default)]
    pub height: Option<u32>,
    /// Show 0–100 scores besides levels.
    #[serde(default)]
    pub scores: bool,
    /// A title replacing the default one.
    #[serde(default)]
    pub title: Option<String>,
    /// Prefix of the ids inside the SVG (several charts on one page).
    #[serde(default)]
    pub id_prefix: Option<String>,
}

impl ChartSpec {
    pub(crate) fn options(&self, ctx: &Ctx) -> ChartOptions {
        let mut o = ChartOptions::new(args::lang(self.lang, ctx));
        o.width = self.width;
        o.height = self.height;
        o.scores = self.scores;
        o.title.clone_from(&self.title);
        if let Some(p) = &self.id_prefix {
            o.id_prefix.clone_from(p);
        }
        o
    }
}

/// An SVG chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SvgResponse {
    /// The SVG text.
    pub svg: String,
}

/// A radar chart of several assessments, with reference cases overlaid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RadarChartRequest {
    /// The assessments (file form).
    #[schemars(with = "Vec<Assessment>")]
    pub assessments: Vec<args::AssessmentInput>,
    /// Reference cases to overlay (`case-a`, `b`, …; paper framework only).
    #[serde(default)]
    pub cases: Vec<String>,
    /// Chart options.
    #[serde(default)]
    pub chart: ChartSpec,
    /// Scoring options.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// A radar chart (SVG) of the assessments' dimension levels, with the named reference cases overlaid.
    RadarChart = "radar_chart" / "radarChart",
    RadarChartRequest => SvgResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let list = args::take_assessments(r.assessments, &fw)?;
        let engine = args::engine(&fw, &r.options)?;
        let mut series = Vec::with_capacity(list.len() + r.cases.len());
        for a in &list {
            series.push(RadarSeries::new(a.name.clone(), engine.score(a)?));
        }
        // an unknown case id is an error, not a series silently left out
        if let Some(bad) = r.cases.iter().find(|id| renxing::case(id).is_none()) {
            return Err(unknown_case(bad));
        }
        let ids: Vec<&str> = r.cases.iter().map(String::as_str).collect();
        series.extend(RadarSeries::reference_cases(&fw, &ids));
        Ok(SvgResponse { svg: renxing::chart::radar(&fw, &series, &r.chart.options(ctx))? })
    }
}

/// A chart of one assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributeBarsRequest {
    /// The assessment (file form).
    #[schemars(with = "Assessment")]
    pub assessment: Value,
    /// Chart options.
    #[serde(default)]
    pub chart: ChartSpec,
    /// Scoring options.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// A bar chart (SVG) of the summary columns (表1) of one assessment.
    AttributeBars = "attribute_bars" / "attributeBars",
    AttributeBarsRequest => SvgResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let a = args::assessment(&r.assessment, &fw, &Path::from("assessment"))?;
        let card = args::engine(&fw, &r.options)?.score(&a)?;
        Ok(SvgResponse { svg: renxing::chart::attribute_bars(&fw, &card, &r.chart.options(ctx))? })
    }
}

/// A chart of several assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComparisonChartRequest {
    /// The assessments (file form), ids distinct.
    #[schemars(with = "Vec<Assessment>")]
    pub assessments: Vec<args::AssessmentInput>,
    /// Chart options.
    #[serde(default)]
    pub chart: ChartSpec,
    /// Scoring options.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// A heat-table (SVG) comparing several assessments, in ranking order.
    ComparisonTable = "comparison_table" / "comparisonTable",
    ComparisonChartRequest => SvgResponse,
    |r, ctx| {
        let chart = r.chart.options(ctx);
        let req = CompareRequest { assessments: r.assessments, options: r.options, framework: r.framework };
        let (fw, cmp) = comparison(req, ctx)?;
        Ok(SvgResponse { svg: renxing::chart::comparison_table(&fw, &cmp, &chart)? })
    }
}

/// The format of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReportFormat {
    /// One self-contained HTML file (inline SVG and CSS, no script).
    #[default]
    Html,
    /// Markdown with SVG chart files beside it.
    Markdown,
}

/// Options of a report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// The format (default HTML).
    #[serde(default)]
    pub format: ReportFormat,
    /// The language (default: the caller's).
    #[serde(default)]
    pub lang: Option<Lang>,
    /// A title replacing the default one.
    #[serde(default)]
    pub title: Option<String>,
    /// Markdown only: the file-name prefix of the chart files (default `report`).
    #[serde(default)]
    pub chart_prefix: Option<String>,
    /// How many remedies to list, highest priority first (default 5; the rest are counted).
    #[serde(default)]
    pub top_remedies: Option<usize>,
    /// List every remedy (overrides `top_remedies`).
    #[serde(default)]
    pub all_remedies: bool,
}

impl ReportSpec {
    pub(crate) fn options(&self, ctx: &Ctx) -> ReportOptions {
        let mut o = ReportOptions::new(args::lang(self.lang, ctx));
        o.title.clone_from(&self.title);
        if let Some(p) = &self.chart_prefix {
            o.chart_prefix.clone_from(p);
        }
        if self.all_remedies {
            o.top_remedies = None;
        } else if let Some(n) = self.top_remedies {
            o.top_remedies = Some(n);
        }
        o
    }
}

/// A report: its text and, for Markdown, the chart files it links to.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ReportResponse {
    /// The format.
    pub format: ReportFormat,
    /// The HTML or Markdown text.
    pub text: String,
    /// Markdown only: the SVG files to write beside it.
    pub charts: Vec<ChartFile>,
}

/// One assessment to report on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// The assessment (file form).
    #[schemars(with = "Assessment")]
    pub assessment: Value,
    /// Report options.
    #[serde(default)]
    pub report: ReportSpec,
    /// Scoring options.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The consensus rule for a multi-coder assessment (as in `score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus: Option<renxing::agree::ConsensusOptions>,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
    /// The phase the diagnosis is made in (default: the assessment's own).
    #[serde(default)]
    pub phase: Option<renxing::Phase>,
    /// The community's assessments over the cycle (file form, any order; all one community):
    /// adds a timeline section (chart, changes, gaps, what to do next and by whom).
    #[serde(default)]
    #[schemars(with = "Vec<Assessment>")]
    pub timeline: Vec<Value>,
    /// A functionality curve of the community: adds a curve section (chart, Bruneau's numbers,
    /// the paper's level).
    #[serde(default)]
    pub curve: Option<crate::ops_methods::CurveRequest>,
}

op! {
    /// The report (HTML or Markdown) of one assessment: scores, charts, diagnosis and remedies (sources as citations); with a phase, the phase ahead first; optional timeline and curve sections.
    Report = "report" / "report",
    ReportRequest => ReportResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let at = Path::from("assessment");
        let a = args::assessment(&r.assessment, &fw, &at)?;
        let a = args::scorable(a, &fw, r.consensus.as_ref(), &at)?;
        args::engine(&fw, &r.options)?;
        let d = renxing::diagnose_in(&a, &fw, &r.options, r.phase.or(a.phase))?;
        let o = r.report.options(ctx);
        let tl = crate::ops_methods::report_timeline(&r.timeline, &fw, &r.options)?;
        let curve = r.curve.as_ref().map(crate::ops_methods::report_curve).transpose()?;
        let extras = renxing::report::ReportExtras {
            timeline: tl.as_ref(),
            curve: curve.as_ref().map(|(s, c)| (s, c)),
        };
        Ok(match r.report.format {
            ReportFormat::Markdown => {
                let m = renxing::report::markdown_report_with(&fw, &a, &d, &o, &extras)?;
                ReportResponse { format: ReportFormat::Markdown, text: m.markdown, charts: m.charts }
            }
            _ => ReportResponse {
                format: ReportFormat::Html,
                text: renxing::report::html_report_with(&fw, &a, &d, &o, &extras)?,
                charts: Vec::new(),
            },
        })
    }
}

/// Several assessments to report on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComparisonReportRequest {
    /// The assessments (file form), ids distinct.
    #[schemars(with = "Vec<Assessment>")]
    pub assessments: Vec<args::AssessmentInput>,
    /// Report options.
    #[serde(default)]
    pub report: ReportSpec,
    /// Scoring options.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// The report (HTML or Markdown) of a comparison of several assessments.
    ComparisonReport = "comparison_report" / "comparisonReport",
    ComparisonReportRequest => ReportResponse,
    |r, ctx| {
        let o = r.report.options(ctx);
        let format = r.report.format;
        let req = CompareRequest { assessments: r.assessments, options: r.options, framework: r.framework };
        let (fw, cmp) = comparison(req, ctx)?;
        Ok(match format {
            ReportFormat::Markdown => {
                let m = renxing::report::markdown_comparison_report(&fw, &cmp, &o)?;
                ReportResponse { format: ReportFormat::Markdown, text: m.markdown, charts: m.charts }
            }
            _ => ReportResponse {
                format: ReportFormat::Html,
                text: renxing::report::html_comparison_report(&fw, &cmp, &o)?,
                charts: Vec::new(),
            },
        })
    }
}

// ---------------------------------------------------------------------------------------------
// text
// ---------------------------------------------------------------------------------------------

/// What to render as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TextKind {
    /// One assessment's scorecard (needs `assessments` with one item).
    Scorecard,
    /// One assessment's diagnosis (needs `assessments` with one item).
    Diagnosis,
    /// A comparison of the assessments.
    Comparison,
    /// The reference cases: 表1, 表2 and their diagnoses.
    Cases,
    /// 表2 alone.
    ModesTable,
    /// Timelines of the assessments (options in `timeline`): changes, gaps, progress, what to
    /// do next and by whom.
    Timeline,
    /// A functionality curve's analysis (needs `curve`).
    Curve,
}

/// A text rendering request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextRequest {
    /// What to render.
    pub kind: TextKind,
    /// The assessments (file form) the kind needs.
    #[serde(default)]
    #[schemars(with = "Vec<Assessment>")]
    pub assessments: Vec<args::AssessmentInput>,
    /// `text` (aligned for a terminal, CJK-aware) or `markdown`.
    #[serde(default)]
    pub style: TextStyle,
    /// The language (default: the caller's).
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Scoring options.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
    /// `diagnosis`: the phase it is made in (default: the assessment's own).
    #[serde(default)]
    pub phase: Option<renxing::Phase>,
    /// `timeline`: grouping, ordering, tolerance (scoring options come from `options`).
    #[serde(default)]
    pub timeline: Option<renxing::timeline::TimelineOptions>,
    /// `curve`: the series and its options.
    #[serde(default)]
    pub curve: Option<crate::ops_methods::CurveRequest>,
    /// Diagnosis: how many remedies to list, highest priority first (default 5; the rest are
    /// counted).
    #[serde(default)]
    pub top_remedies: Option<usize>,
    /// Diagnosis: list every remedy (overrides `top_remedies`).
    #[serde(default)]
    pub all_remedies: bool,
}

/// The layout of text output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextStyle {
    /// Plain text, columns aligned (CJK characters count two).
    #[default]
    Text,
    /// Markdown tables.
    Markdown,
}

fn one(list: Vec<Assessment>, kind: &str) -> Result<Assessment, Error> {
    let n = list.len();
    let mut it = list.into_iter();
    match (it.next(), it.next()) {
        (Some(a), None) => Ok(a),
        _ => Err(Problem::new(
            ErrorCode::RequestInvalid,
            Msg::new(
                format!("{kind} 需要正好一个评估,实际 {n} 个"),
                format!("{kind} needs exactly one assessment, found {n}"),
            ),
        )
        .at(Path::from("assessments"))
        .into()),
    }
}

op! {
    /// Renders a scorecard, a diagnosis, a comparison, the reference cases or 表2 as plain text or Markdown, in zh or en.
    RenderText = "text" / "text",
    TextRequest => TextResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let style = match r.style {
            TextStyle::Text => Style::Plain,
            TextStyle::Markdown => Style::Markdown,
        };
        let lang = args::lang(r.lang, ctx);
        let mut renderer = Renderer::new(&fw, lang, style);
        if r.all_remedies {
            renderer.top_remedies = None;
        } else if let Some(n) = r.top_remedies {
            renderer.top_remedies = Some(n);
        }
        let engine = args::engine(&fw, &r.options)?;
        let text = match r.kind {
            TextKind::Scorecard => {
                let a = one(args::take_assessments(r.assessments, &fw)?, "scorecard")?;
                renderer.scorecard(&engine.score(&a)?, Some(&a.name))
            }
            TextKind::Diagnosis => {
                let a = one(args::take_assessments(r.assessments, &fw)?, "diagnosis")?;
                let d = renxing::diagnose_in(&a, &fw, &r.options, r.phase.or(a.phase))?;
                renderer.diagnosis(&d, Some(&a.name))
            }
            TextKind::Comparison => {
                let list = args::take_assessments(r.assessments, &fw)?;
                renderer.comparison(&renxing::compare_with(&list, &fw, &r.options)?)
            }
            TextKind::Cases => Renderer::new(Framework::paper(), lang, style).cases_report(&r.options)?,
            TextKind::ModesTable => renderer.modes_table().render(style),
            TextKind::Timeline => {
                let list = args::take_assessments(r.assessments, &fw)?;
                let mut o = r.timeline.clone().unwrap_or_default();
                o.score = r.options.clone();
                renderer.timelines(&renxing::timeline::timelines(&list, &fw, &o)?)
            }
            TextKind::Curve => {
                let c = r.curve.as_ref().ok_or_else(|| {
                    Error::from(Problem::new(
                        ErrorCode::RequestInvalid,
                        Msg::new("curve 文本需要 curve(序列与选项)", "the curve text needs `curve` (the series and its options)"),
                    )
                    .at(Path::from("curve")))
                })?;
                renderer.curve(&crate::ops_methods::report_curve(c)?.1)
            }
        };
        Ok(TextResponse { text })
    }
}
