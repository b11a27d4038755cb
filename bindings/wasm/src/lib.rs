//! WebAssembly bindings of renxing (韧性), built with wasm-bindgen.
//!
//! Every function converts its JavaScript arguments, calls the core crate and converts the result
//! back (plain JS objects through `serde-wasm-bindgen`'s JSON-compatible serializer). No
//! assessment logic lives here. Errors are thrown as JS `Error`s carrying the core's stable
//! `code` ([`renxing::Error::code`]), the `path` of the first problem and the full `issues` list.
//!
//! The TypeScript declarations of every input and output are in the `typescript_custom_section`
//! below; `docs/wasm.md` documents the API.

use std::borrow::Cow;

use js_sys::{Float64Array, Object, Reflect, Uint8Array};
use renxing::{
    AssessmentError, BatchOutput, Engine, Error, Framework, FrameworkError, IdError, Issue,
    IssueCode, Issues, Lang, ScoreError, ScoreOptions,
};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

mod types;

/// The result of a binding call: a JS value, or a thrown JS `Error`.
type JsResult<T = JsValue> = Result<T, JsValue>;

// ---------------------------------------------------------------------------------------------
// conversions and errors
// ---------------------------------------------------------------------------------------------

/// Serializes a core result to a plain JS value (objects, not `Map`s; `None` → `null`).
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| plain_error("internal", &format!("could not convert the result: {e}")))
}

/// A JS value as JSON (`undefined` and `null` become `Value::Null`).
fn to_json(value: &JsValue) -> Result<Value, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| e.to_string())
}

/// Sets a property on a JS object; failure (a frozen object) is ignored, as the object is ours.
fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// A JS `Error` with `code`, `path` and `issues` (the shape every thrown error has).
fn build_error(code: &str, message: &str, path: Option<String>, issues: &[Issue]) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("RenxingError");
    let value: JsValue = error.into();
    set(&value, "code", &JsValue::from_str(code));
    set(
        &value,
        "path",
        &path.map_or(JsValue::NULL, |p| JsValue::from_str(&p)),
    );
    let flat: Vec<serde_json::Value> = issues
        .iter()
        .map(|i| {
            serde_json::json!({
                "path": i.path.to_string(),
                "code": i.code,
                "message": i.message.en,
            })
        })
        .collect();
    let list = to_js(&flat).unwrap_or_else(|_| js_sys::Array::new().into());
    set(&value, "issues", &list);
    value
}

/// A core error as a thrown JS `Error`.
fn js_error(error: &Error) -> JsValue {
    build_error(
        error.code().as_str(),
        &error.to_string(),
        error.path().map(|p| p.to_string()),
        &error.issues(),
    )
}

/// A core error about the item at `index` of an input array (`compare`).
fn js_error_at(error: &Error, index: usize) -> JsValue {
    let value = js_error(error);
    set(&value, "index", &JsValue::from_f64(index as f64));
    value
}

/// An error that does not come from the core (only for impossible conversions).
fn plain_error(code: &str, message: &str) -> JsValue {
    build_error(code, message, None, &[])
}

fn err<E: Into<Error>>(e: E) -> JsValue {
    js_error(&e.into())
}

/// The framework argument: `undefined`/`null` → the paper's; otherwise a framework object
/// (checked by the core, as if read from a JSON file).
fn framework_arg(value: &JsValue) -> JsResult<Cow<'static, Framework>> {
    let json = to_json(value).map_err(|message| {
        err(FrameworkError::Parse {
            format: "json",
            message,
        })
    })?;
    if json.is_null() {
        return Ok(Cow::Borrowed(Framework::paper()));
    }
    Framework::from_json(&json.to_string())
        .map(Cow::Owned)
        .map_err(err)
}

/// The options argument (`undefined`/`null` → defaults).
fn options_arg(value: &JsValue) -> JsResult<ScoreOptions> {
    let json = to_json(value).map_err(|message| {
        err(ScoreError::InvalidOptions {
            path: renxing::Path::from("options"),
            message,
        })
    })?;
    ScoreOptions::from_value(&json).map_err(err)
}

/// An assessment argument, validated against the framework (every problem, with paths).
fn assessment_arg(value: &JsValue, framework: &Framework) -> Result<renxing::Assessment, Error> {
    let json = to_json(value).map_err(|message| {
        AssessmentError::Invalid(Issues(vec![Issue::new(
            renxing::Path::root(),
            IssueCode::WrongType,
            renxing::Msg::new(
                format!("评估必须是普通的 JSON 对象:{message}"),
                format!("an assessment must be a plain JSON-like object: {message}"),
            ),
        )]))
    })?;
    Ok(renxing::Assessment::from_value_in(&json, framework)?)
}

fn lang_arg(value: &JsValue) -> JsResult<Lang> {
    match value.as_string() {
        Some(s) => s.parse::<Lang>().map_err(err),
        None if value.is_undefined() || value.is_null() => Ok(Lang::default()),
        None => Err(err(IdError::new(
            renxing::Text {
                zh: "语言",
                en: "language",
            },
            "(not a string)",
            &["zh", "en"],
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// the API
// ---------------------------------------------------------------------------------------------

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The paper's built-in framework (3 attributes, 8 dimensions, low/medium/high, remedies).
#[wasm_bindgen(js_name = frameworkPaper, unchecked_return_type = "Framework")]
pub fn framework_paper() -> JsResult {
    to_js(Framework::paper())
}

/// Reads and validates a framework file's text (`format`: `"json"`, the default, or `"toml"`).
#[wasm_bindgen(js_name = parseFramework, unchecked_return_type = "Framework")]
pub fn parse_framework(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "\"json\" | \"toml\"")] format: Option<String>,
) -> JsResult {
    let fw = match format.as_deref() {
        None | Some("json") => Framework::from_json(text),
        Some("toml") => Framework::from_toml(text),
        Some(other) => {
            return Err(err(IdError::new(
                renxing::Text {
                    zh: "格式",
                    en: "format",
                },
                other,
                &["json", "toml"],
            )))
        }
    }
    .map_err(err)?;
    to_js(&fw)
}

/// Validates a framework object; returns it normalised (defaults filled in).
#[wasm_bindgen(js_name = validateFramework, unchecked_return_type = "Framework")]
pub fn validate_framework(
    #[wasm_bindgen(unchecked_param_type = "unknown")] framework: JsValue,
) -> JsResult {
    if framework.is_undefined() || framework.is_null() {
        return Err(err(FrameworkError::Parse {
            format: "json",
            message: "a framework object is required".to_owned(),
        }));
    }
    to_js(framework_arg(&framework)?.as_ref())
}

/// The framework as TOML text.
#[wasm_bindgen(js_name = frameworkToToml)]
pub fn framework_to_toml(
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult<String> {
    framework_arg(&framework)?.to_toml().map_err(err)
}

/// A new assessment with every dimension of the framework explicitly not rated (`null`).
#[wasm_bindgen(js_name = newAssessment, unchecked_return_type = "Assessment")]
pub fn new_assessment(
    id: &str,
    name: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    let fw = framework_arg(&framework)?;
    to_js(&renxing::Assessment::for_framework(&fw, id, name))
}

/// Reads an assessment file's JSON text and validates it against the framework; every problem is
/// reported at once (`error.issues`, each with its field path).
#[wasm_bindgen(js_name = parseAssessment, unchecked_return_type = "Assessment")]
pub fn parse_assessment(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    let fw = framework_arg(&framework)?;
    let a = renxing::Assessment::parse(text, &fw).map_err(err)?;
    to_js(&a)
}

/// Validates an assessment object against the framework; returns it normalised (the file format:
/// the same JSON the CLI and Python write).
#[wasm_bindgen(js_name = validateAssessment, unchecked_return_type = "Assessment")]
pub fn validate_assessment(
    #[wasm_bindgen(unchecked_param_type = "unknown")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    let fw = framework_arg(&framework)?;
    let a = assessment_arg(&assessment, &fw).map_err(|e| js_error(&e))?;
    to_js(&a)
}

/// The assessment file's text (pretty JSON, validated first): what "save" writes.
#[wasm_bindgen(js_name = assessmentToJson)]
pub fn assessment_to_json(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult<String> {
    let fw = framework_arg(&framework)?;
    let a = assessment_arg(&assessment, &fw).map_err(|e| js_error(&e))?;
    Ok(a.to_json())
}

/// The JSON Schema (draft 2020-12) of assessment files, as text.
#[wasm_bindgen(js_name = assessmentSchema)]
pub fn assessment_schema() -> String {
    renxing::schema::ASSESSMENT_SCHEMA.to_owned()
}

/// Scores an assessment: per dimension, per attribute, the summary columns (表1) and overall.
#[wasm_bindgen(unchecked_return_type = "Scorecard")]
pub fn score(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    let fw = framework_arg(&framework)?;
    let opts = options_arg(&options)?;
    let a = assessment_arg(&assessment, &fw).map_err(|e| js_error(&e))?;
    let card = renxing::score_with(&a, &fw, &opts).map_err(err)?;
    to_js(&card)
}

/// Diagnoses an assessment: deficits (most severe first), remedies with their sources, the
/// nearest reference case, the mode's known defects.
#[wasm_bindgen(unchecked_return_type = "Diagnosis")]
pub fn diagnose(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    let fw = framework_arg(&framework)?;
    let opts = options_arg(&options)?;
    let a = assessment_arg(&assessment, &fw).map_err(|e| js_error(&e))?;
    let d = renxing::diagnose_with(&a, &fw, &opts).map_err(err)?;
    to_js(&d)
}

/// Compares several assessments: rows, ranking with ties, best and worst per dimension. An
/// invalid assessment throws with `error.index` naming it.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput[]")] assessments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    let fw = framework_arg(&framework)?;
    let opts = options_arg(&options)?;
    let parsed = assessments_arg(&assessments, &fw)?;
    let cmp = renxing::compare_with(&parsed, &fw, &opts).map_err(err)?;
    to_js(&cmp)
}

/// The paper's rating rule: coped and developed → high; coped only → medium; otherwise low
/// ("developed but not coped" is flagged `inconsistent`).
#[wasm_bindgen(unchecked_return_type = "RuleOutcome")]
pub fn rate(coped: bool, developed: bool) -> JsResult {
    to_js(&renxing::rate(coped, developed))
}

/// The three reference cases A, B, C (表1) as assessments, with their evidence quotes.
#[wasm_bindgen(unchecked_return_type = "Assessment[]")]
pub fn cases() -> JsResult {
    to_js(&renxing::cases())
}

/// One reference case by id (`"case-a"`, `"a"`, …).
#[wasm_bindgen(js_name = referenceCase, unchecked_return_type = "Assessment")]
pub fn reference_case(id: &str) -> JsResult {
    match renxing::case(id) {
        Some(c) => to_js(&c),
        None => Err(err(IdError::new(
            renxing::Text {
                zh: "案例 id",
                en: "case id",
            },
            id,
            &["case-a", "case-b", "case-c"],
        ))),
    }
}

/// 表1 as published: the paper's attribute levels of the three cases.
#[wasm_bindgen(js_name = publishedTable1, unchecked_return_type = "PublishedRow[]")]
pub fn published_table_1() -> JsResult {
    to_js(&renxing::TABLE_1)
}

/// 表2: the three modes' profiles (driving factor, advantages, defects, promotability).
#[wasm_bindgen(js_name = modesTable, unchecked_return_type = "ModeProfile[]")]
pub fn modes_table() -> JsResult {
    to_js(&renxing::modes_table())
}

/// The ids and bilingual labels of the typed vocabulary (levels, attributes, dimensions, modes,
/// phases, aggregation methods) and every UI word.
#[wasm_bindgen(unchecked_return_type = "Vocabulary")]
pub fn vocabulary() -> JsResult {
    #[derive(Serialize)]
    struct Item {
        id: &'static str,
        label: renxing::Text,
    }
    #[derive(Serialize)]
    struct Vocabulary {
        languages: Vec<&'static str>,
        levels: Vec<Item>,
        attributes: Vec<Item>,
        dimensions: Vec<Item>,
        modes: Vec<Item>,
        phases: Vec<Item>,
        methods: Vec<&'static str>,
        ui: Vec<(&'static str, renxing::Text)>,
    }
    macro_rules! items {
        ($t:ty) => {
            <$t>::ALL
                .iter()
                .map(|v| Item {
                    id: v.id(),
                    label: v.text(),
                })
                .collect()
        };
    }
    let v = Vocabulary {
        languages: Lang::ALL.iter().map(|l| l.id()).collect(),
        levels: items!(renxing::Level),
        attributes: items!(renxing::Attribute),
        dimensions: items!(renxing::Dimension),
        modes: items!(renxing::Mode),
        phases: items!(renxing::Phase),
        methods: renxing::Method::ALL.iter().map(|m| m.id()).collect(),
        ui: renxing::ui::ALL.to_vec(),
    };
    to_js(&v)
}

/// Every label in one language (`"zh"`, the default, or `"en"`; tags such as `zh-CN` work): UI
/// words by key, and the typed vocabulary by id.
#[wasm_bindgen(unchecked_return_type = "LabelSet")]
pub fn labels(
    #[wasm_bindgen(unchecked_optional_param_type = "Lang | string")] lang: JsValue,
) -> JsResult {
    use std::collections::BTreeMap;
    let lang = lang_arg(&lang)?;
    #[derive(Serialize)]
    struct LabelSet {
        lang: Lang,
        ui: BTreeMap<&'static str, &'static str>,
        levels: BTreeMap<&'static str, &'static str>,
        attributes: BTreeMap<&'static str, &'static str>,
        dimensions: BTreeMap<&'static str, &'static str>,
        modes: BTreeMap<&'static str, &'static str>,
        phases: BTreeMap<&'static str, &'static str>,
    }
    macro_rules! map {
        ($t:ty) => {
            <$t>::ALL.iter().map(|v| (v.id(), v.label(lang))).collect()
        };
    }
    to_js(&LabelSet {
        lang,
        ui: renxing::ui::ALL
            .iter()
            .map(|(k, t)| (*k, t.get(lang)))
            .collect(),
        levels: map!(renxing::Level),
        attributes: map!(renxing::Attribute),
        dimensions: map!(renxing::Dimension),
        modes: map!(renxing::Mode),
        phases: map!(renxing::Phase),
    })
}

// ---------------------------------------------------------------------------------------------
// batch scoring
// ---------------------------------------------------------------------------------------------

fn batch(
    rows_len: usize,
    options: &JsValue,
    framework: &JsValue,
    run: impl FnOnce(&Engine<'_>, &mut BatchOutput<'_>) -> Result<(), renxing::BatchError>,
) -> JsResult {
    let fw = framework_arg(framework)?;
    let opts = options_arg(options)?;
    let engine = Engine::new(&fw, &opts).map_err(err)?;
    let n = fw.dimensions.len();
    let na = fw.attributes.len();
    // A wrong length is reported by the core; size the buffers for whole rows.
    let rows = rows_len / n.max(1);
    let mut overall_score = vec![0.0; rows];
    let mut overall_level = vec![0u8; rows];
    let mut attribute_score = vec![0.0; rows * na];
    let mut attribute_level = vec![0u8; rows * na];
    let mut out = BatchOutput {
        overall_score: &mut overall_score,
        overall_level: &mut overall_level,
        attribute_score: Some(&mut attribute_score),
        attribute_level: Some(&mut attribute_level),
    };
    run(&engine, &mut out).map_err(err)?;
    let result: JsValue = Object::new().into();
    set(&result, "rows", &JsValue::from_f64(rows as f64));
    let ids: Vec<&str> = fw.attributes.iter().map(|a| a.id.as_str()).collect();
    set(&result, "attributes", &to_js(&ids)?);
    let levels: Vec<&str> = fw.levels.iter().map(|l| l.id.as_str()).collect();
    set(&result, "levels", &to_js(&levels)?);
    set(
        &result,
        "overallScore",
        &Float64Array::from(&overall_score[..]).into(),
    );
    set(
        &result,
        "overallLevel",
        &Uint8Array::from(&overall_level[..]).into(),
    );
    set(
        &result,
        "attributeScore",
        &Float64Array::from(&attribute_score[..]).into(),
    );
    set(
        &result,
        "attributeLevel",
        &Uint8Array::from(&attribute_level[..]).into(),
    );
    Ok(result)
}

/// Batch scoring of level codes (row-major `rows × dimensions`, codes 1..=levels, no missing
/// values): overall and per-attribute scores and level codes, as typed arrays.
#[wasm_bindgen(js_name = scoreCodes, unchecked_return_type = "BatchResult")]
pub fn score_codes(
    codes: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    batch(codes.len(), &options, &framework, |engine, out| {
        engine.score_codes(codes, out)
    })
}

/// Batch scoring of 0–100 scores (row-major `rows × dimensions`, finite, no missing values).
#[wasm_bindgen(js_name = scoreScores, unchecked_return_type = "BatchResult")]
pub fn score_scores(
    scores: &[f64],
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    batch(scores.len(), &options, &framework, |engine, out| {
        engine.score_scores(scores, out)
    })
}

// ---------------------------------------------------------------------------------------------
// charts and reports (SVG and HTML/Markdown rendered by the core)
// ---------------------------------------------------------------------------------------------

/// Chart options as given from JS (converted to the core's `ChartOptions`).
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ChartArgs {
    lang: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    scores: bool,
    title: Option<String>,
    id_prefix: Option<String>,
    /// Radar only: reference cases to overlay.
    cases: Vec<String>,
}

fn parse_args<T: serde::de::DeserializeOwned + Default>(
    value: &JsValue,
    what: &str,
) -> JsResult<T> {
    let json = to_json(value).map_err(|message| {
        err(ScoreError::InvalidOptions {
            path: renxing::Path::from("options"),
            message,
        })
    })?;
    if json.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(json).map_err(|e| {
        err(ScoreError::InvalidOptions {
            path: renxing::Path::from("options"),
            message: format!("{what}: {e}"),
        })
    })
}

fn parse_lang(lang: Option<&str>) -> JsResult<Lang> {
    lang.map_or(Ok(Lang::default()), |l| l.parse::<Lang>().map_err(err))
}

fn chart_args(value: &JsValue) -> JsResult<(renxing::chart::ChartOptions, Vec<String>)> {
    let a: ChartArgs = parse_args(value, "chart options")?;
    let mut o = renxing::chart::ChartOptions::new(parse_lang(a.lang.as_deref())?);
    o.width = a.width;
    o.height = a.height;
    o.scores = a.scores;
    o.title = a.title;
    if let Some(p) = a.id_prefix {
        o.id_prefix = p;
    }
    Ok((o, a.cases))
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ReportArgs {
    lang: Option<String>,
    title: Option<String>,
    chart_prefix: Option<String>,
}

fn report_args(value: &JsValue) -> JsResult<renxing::report::ReportOptions> {
    let a: ReportArgs = parse_args(value, "report options")?;
    let mut o = renxing::report::ReportOptions::new(parse_lang(a.lang.as_deref())?);
    o.title = a.title;
    if let Some(p) = a.chart_prefix {
        o.chart_prefix = p;
    }
    Ok(o)
}

/// Validates every assessment of a JS array (an error names its `index`).
fn assessments_arg(value: &JsValue, fw: &Framework) -> JsResult<Vec<renxing::Assessment>> {
    if !js_sys::Array::is_array(value) {
        return Err(err(AssessmentError::Invalid(Issues(vec![Issue::new(
            renxing::Path::root(),
            IssueCode::WrongType,
            renxing::Msg::new("应为评估数组", "expected an array of assessments"),
        )]))));
    }
    let list = js_sys::Array::from(value);
    let mut parsed = Vec::with_capacity(list.length() as usize);
    for (index, item) in list.iter().enumerate() {
        parsed.push(assessment_arg(&item, fw).map_err(|e| js_error_at(&e, index))?);
    }
    Ok(parsed)
}

/// A radar chart (SVG text) of the assessments' dimension levels, with the reference cases named
/// in `chart.cases` overlaid (paper framework only).
#[wasm_bindgen(js_name = radarChart)]
pub fn radar_chart(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput[]")] assessments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RadarChartOptions | null")] chart: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult<String> {
    let fw = framework_arg(&framework)?;
    let opts = options_arg(&options)?;
    let (chart, cases) = chart_args(&chart)?;
    let list = assessments_arg(&assessments, &fw)?;
    let engine = Engine::new(&fw, &opts).map_err(err)?;
    let mut series = Vec::with_capacity(list.len() + cases.len());
    for a in &list {
        let card = engine.score(a).map_err(err)?;
        series.push(renxing::chart::RadarSeries::new(a.name.clone(), card));
    }
    let ids: Vec<&str> = cases.iter().map(String::as_str).collect();
    series.extend(renxing::chart::RadarSeries::reference_cases(&fw, &ids));
    renxing::chart::radar(&fw, &series, &chart).map_err(err)
}

/// A bar chart (SVG text) of the summary columns (表1) of one assessment.
#[wasm_bindgen(js_name = attributeBars)]
pub fn attribute_bars(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions | null")] chart: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult<String> {
    let fw = framework_arg(&framework)?;
    let opts = options_arg(&options)?;
    let (chart, _) = chart_args(&chart)?;
    let a = assessment_arg(&assessment, &fw).map_err(|e| js_error(&e))?;
    let card = renxing::score_with(&a, &fw, &opts).map_err(err)?;
    renxing::chart::attribute_bars(&fw, &card, &chart).map_err(err)
}

fn comparison_of(
    assessments: &JsValue,
    options: &JsValue,
    fw: &Framework,
) -> JsResult<renxing::Comparison> {
    let opts = options_arg(options)?;
    let list = assessments_arg(assessments, fw)?;
    renxing::compare_with(&list, fw, &opts).map_err(err)
}

/// A heat-table (SVG text) comparing several assessments, in ranking order.
#[wasm_bindgen(js_name = comparisonTable)]
pub fn comparison_table(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput[]")] assessments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions | null")] chart: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult<String> {
    let fw = framework_arg(&framework)?;
    let (chart, _) = chart_args(&chart)?;
    let cmp = comparison_of(&assessments, &options, &fw)?;
    renxing::chart::comparison_table(&fw, &cmp, &chart).map_err(err)
}

fn diagnosed(
    assessment: &JsValue,
    options: &JsValue,
    fw: &Framework,
) -> JsResult<(renxing::Assessment, renxing::Diagnosis)> {
    let opts = options_arg(options)?;
    let a = assessment_arg(assessment, fw).map_err(|e| js_error(&e))?;
    let d = renxing::diagnose_with(&a, fw, &opts).map_err(err)?;
    Ok((a, d))
}

/// The self-contained HTML report (inline SVG and CSS, no script) of one assessment.
#[wasm_bindgen(js_name = htmlReport)]
pub fn html_report(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReportOptions | null")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult<String> {
    let fw = framework_arg(&framework)?;
    let r = report_args(&report)?;
    let (a, d) = diagnosed(&assessment, &options, &fw)?;
    renxing::report::html_report(&fw, &a, &d, &r).map_err(err)
}

/// The Markdown report of one assessment, with the SVG chart files it links to.
#[wasm_bindgen(js_name = markdownReport, unchecked_return_type = "MarkdownReport")]
pub fn markdown_report(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReportOptions | null")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    let fw = framework_arg(&framework)?;
    let r = report_args(&report)?;
    let (a, d) = diagnosed(&assessment, &options, &fw)?;
    to_js(&renxing::report::markdown_report(&fw, &a, &d, &r).map_err(err)?)
}

/// The self-contained HTML report of a comparison.
#[wasm_bindgen(js_name = htmlComparisonReport)]
pub fn html_comparison_report(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput[]")] assessments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReportOptions | null")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult<String> {
    let fw = framework_arg(&framework)?;
    let r = report_args(&report)?;
    let cmp = comparison_of(&assessments, &options, &fw)?;
    renxing::report::html_comparison_report(&fw, &cmp, &r).map_err(err)
}

/// The Markdown report of a comparison, with its SVG chart files.
#[wasm_bindgen(js_name = markdownComparisonReport, unchecked_return_type = "MarkdownReport")]
pub fn markdown_comparison_report(
    #[wasm_bindgen(unchecked_param_type = "AssessmentInput[]")] assessments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReportOptions | null")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Framework | null")] framework: JsValue,
) -> JsResult {
    let fw = framework_arg(&framework)?;
    let r = report_args(&report)?;
    let cmp = comparison_of(&assessments, &options, &fw)?;
    to_js(&renxing::report::markdown_comparison_report(&fw, &cmp, &r).map_err(err)?)
}

// ---------------------------------------------------------------------------------------------
// the operation layer
// ---------------------------------------------------------------------------------------------

/// Runs any operation of the registry (renxing-ops) by name on a request object and returns its
/// response; errors are thrown with `code`, `kind`, `path` (a list of keys and indices) and
/// `issues`, messages in `lang` (`"zh"`, the default, or `"en"`).
#[wasm_bindgen(unchecked_return_type = "unknown")]
pub fn call(
    op: &str,
    #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Lang | string")] lang: JsValue,
) -> JsResult {
    let lang = lang_arg(&lang)?;
    let value = to_json(&request).map_err(|message| {
        let e: Error = renxing::Problem::new(
            renxing::ErrorCode::RequestInvalid,
            renxing::Msg::new(
                format!("请求必须是普通的 JSON 对象:{message}"),
                format!("a request must be a plain JSON-like object: {message}"),
            ),
        )
        .into();
        report_error(&e.report(lang))
    })?;
    match renxing_ops::call_json(op, value, &renxing_ops::Ctx::with_lang(lang)) {
        Ok(v) => to_js(&v),
        Err(e) => Err(report_error(&e.report(lang))),
    }
}

/// An operation's error report as a thrown JS `Error`.
fn report_error(r: &renxing::ErrorReport) -> JsValue {
    let error = js_sys::Error::new(&r.message);
    error.set_name("RenxingError");
    let value: JsValue = error.into();
    set(&value, "code", &JsValue::from_str(r.code.as_str()));
    set(&value, "kind", &JsValue::from_str(&r.kind));
    set(&value, "path", &to_js(&r.path).unwrap_or(JsValue::NULL));
    set(
        &value,
        "issues",
        &to_js(&r.issues).unwrap_or_else(|_| js_sys::Array::new().into()),
    );
    value
}
