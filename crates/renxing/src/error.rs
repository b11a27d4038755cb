//! Errors: one `thiserror` enum per area, the umbrella [`Error`], the [`ErrorCode`] every front
//! end reports, and the [`Issue`] lists that validation returns.
//!
//! * [`ErrorCode`] is the single source of every error code string (`assessment_invalid`, …):
//!   Python exception classes, JavaScript `error.code` and the CLI's error report all read it.
//! * Every problem names its field as a [`Path`] of segments (object keys and array indices), not
//!   a dotted string; [`Path`]'s `Display` gives the dotted form (`ratings.needs_met.level`,
//!   `assessments[2].id`) for people.
//! * Every message exists in Chinese and English ([`Msg`]); [`Error::message`] renders it in the
//!   caller's language, and [`Error::report`] gives the serialisable form the front ends pass on.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Text};

// ---------------------------------------------------------------------------------------------
// paths
// ---------------------------------------------------------------------------------------------

/// One step of a field [`Path`]: an object key or an array index.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(untagged)]
pub enum PathSeg {
    /// An index into an array (or a row of a table).
    Index(usize),
    /// An object key (or a column of a table).
    Key(String),
}

impl From<&str> for PathSeg {
    fn from(s: &str) -> Self {
        PathSeg::Key(s.to_owned())
    }
}

impl From<String> for PathSeg {
    fn from(s: String) -> Self {
        PathSeg::Key(s)
    }
}

impl From<&String> for PathSeg {
    fn from(s: &String) -> Self {
        PathSeg::Key(s.clone())
    }
}

impl From<usize> for PathSeg {
    fn from(i: usize) -> Self {
        PathSeg::Index(i)
    }
}

/// Where a problem is: a list of segments from the document's root; empty for the whole document.
///
/// ```
/// use renxing::Path;
/// let p = Path::root().key("ratings").key("needs_met").key("level");
/// assert_eq!(p.to_string(), "ratings.needs_met.level");
/// assert_eq!(Path::root().key("assessments").index(2).key("id").to_string(), "assessments[2].id");
/// assert_eq!(serde_json::to_string(&Path::root().key("a").index(0)).unwrap(), r#"["a",0]"#);
/// ```
#[derive(
    Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Path(pub Vec<PathSeg>);

impl Path {
    /// The document itself (no segment).
    #[must_use]
    pub const fn root() -> Self {
        Path(Vec::new())
    }

    /// A path from segments (`Path::new(["steps", 3])` does not compile as mixed; use
    /// [`path!`](crate::path) for mixed literals).
    pub fn new<I, S>(segs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<PathSeg>,
    {
        Path(segs.into_iter().map(Into::into).collect())
    }

    /// A copy of this path with one more segment.
    #[must_use]
    pub fn with(&self, seg: impl Into<PathSeg>) -> Self {
        let mut v = self.0.clone();
        v.push(seg.into());
        Path(v)
    }

    /// This path followed by an object key.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(PathSeg::Key(key.into()));
        self
    }

    /// This path followed by an array index.
    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(PathSeg::Index(index));
        self
    }

    /// This path followed by every segment of `other`.
    #[must_use]
    pub fn join(mut self, other: &Path) -> Self {
        self.0.extend(other.0.iter().cloned());
        self
    }

    /// `other` followed by this path (re-rooting a path under a parent field).
    #[must_use]
    pub fn under(&self, parent: &Path) -> Path {
        parent.clone().join(self)
    }

    /// Whether the path is the document itself.
    #[must_use]
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The segments.
    #[must_use]
    pub fn segments(&self) -> &[PathSeg] {
        &self.0
    }
}

impl<S: Into<PathSeg>> FromIterator<S> for Path {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Path(iter.into_iter().map(Into::into).collect())
    }
}

impl From<&str> for Path {
    /// A path of one key.
    fn from(key: &str) -> Self {
        Path(vec![PathSeg::Key(key.to_owned())])
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Index(n) => write!(f, "[{n}]")?,
                PathSeg::Key(k) if i == 0 => f.write_str(k)?,
                PathSeg::Key(k) => write!(f, ".{k}")?,
            }
        }
        Ok(())
    }
}

/// Builds a [`Path`] from segments: `path!["ratings", dim, "level"]`, `path!["rows", 3]`.
#[macro_export]
macro_rules! path {
    () => { $crate::error::Path::root() };
    ($($seg:expr),+ $(,)?) => {
        $crate::error::Path(vec![$($crate::error::PathSeg::from($seg)),+])
    };
}

// ---------------------------------------------------------------------------------------------
// bilingual messages
// ---------------------------------------------------------------------------------------------

/// A message in Chinese and English.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Msg {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Msg {
    /// A message from its two languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Msg {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl From<Text> for Msg {
    fn from(t: Text) -> Self {
        Msg::new(t.zh, t.en)
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// `a, b, c` (for "expected one of" lists).
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// codes
// ---------------------------------------------------------------------------------------------

macro_rules! codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $id:literal, $kind:ident; )+
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[doc = $doc])* $variant, )+
        }

        impl $name {
            /// Every code, in documentation order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The stable snake_case string (the only place these strings are written).
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $id, )+ }
            }

            /// The family of the code: which exception class a front end raises.
            #[must_use]
            pub const fn kind(self) -> ErrorKind {
                match self { $( $name::$variant => ErrorKind::$kind, )+ }
            }

            /// What the code means (its documentation line).
            #[must_use]
            pub fn doc(self) -> &'static str {
                match self { $( $name::$variant => concat!($($doc),+).trim_ascii(), )+ }
            }
        }
    };
}

codes! {
    /// The code of an [`Error`]: stable, snake_case, the same in every front end.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum ErrorCode {
        /// An id (level, dimension, mode, phase, language, method, case, format) that is not known.
        UnknownId = "unknown_id", UnknownId;
        /// A framework file that is not valid JSON or TOML, or not shaped like a framework.
        FrameworkParse = "framework_parse", Framework;
        /// A framework that breaks a rule (duplicate ids, bad weights, …).
        FrameworkInvalid = "framework_invalid", Framework;
        /// Text that is not valid JSON.
        JsonSyntax = "json_syntax", Assessment;
        /// An assessment that does not validate against its framework.
        AssessmentInvalid = "assessment_invalid", Assessment;
        /// An assessment of another framework than the one in use.
        FrameworkMismatch = "framework_mismatch", FrameworkMismatch;
        /// Malformed options (unknown field, wrong type, unknown method).
        InvalidOptions = "invalid_options", Options;
        /// A weight that is negative, not finite, names an unknown id or leaves a group all zero.
        InvalidWeight = "invalid_weight", Options;
        /// Bad input to batch scoring (shape, a code or score out of range).
        BatchInput = "batch_input", Batch;
        /// Nothing to compare, or two assessments with one id.
        CompareInput = "compare_input", Compare;
        /// Bad input to a chart or report.
        ChartInput = "chart_input", Chart;
        /// A table (CSV or rows) that cannot be read as assessments.
        TableInvalid = "table_invalid", Table;
        /// An operation request that does not have the operation's shape.
        RequestInvalid = "request_invalid", Request;
        /// An operation name that the registry does not list.
        UnknownOperation = "unknown_operation", Request;
        /// Bad input to inter-rater agreement (codings, scale, options).
        AgreementInput = "agreement_input", Agreement;
        /// Bad input to the composite-indicator pipeline (data, steps, weights).
        IndicatorInput = "indicator_input", Indicator;
        /// Bad input to a functionality curve (times, values, options).
        CurveInput = "curve_input", Curve;
        /// Assessments that cannot form a timeline.
        TimelineInput = "timeline_input", Timeline;
        /// A case table, calibration or options that QCA cannot use.
        QcaInput = "qca_input", Qca;
        /// Bad input to uncertainty or sensitivity analysis (factors, runs, a failing run).
        UncertaintyInput = "uncertainty_input", Uncertainty;
        /// An input above a documented limit (size, nesting, string length, count); see
        /// [`crate::limits`].
        LimitExceeded = "limit_exceeded", Limit;
        /// A file that cannot be read or written.
        Io = "io", Io;
        /// A file name whose format cannot be written for that content (a chart as `.md`, a
        /// `.docx`), or a chart or report operation that export does not know.
        ExportFormat = "export_format", Export;
        /// A format this build cannot write (PNG and PDF need the renderer, which the
        /// WebAssembly package leaves out), or a renderer that failed.
        ExportFailed = "export_failed", Export;
        /// A result that could not be converted (a defect: please report it).
        Internal = "internal", Base;
        /// A multi-coder assessment scored without a consensus rule (issue 9).
        ConsensusRequired = "consensus_required", Agreement;
        /// Bad input to a summary of many diagnoses: a partial of another version, framework
        /// or spec, or whose fields do not fit together (issue 15).
        SummaryInput = "summary_input", Batch;
    }
}

impl ErrorCode {
    /// The code for a string, if it is one.
    #[must_use]
    pub fn from_id(s: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ErrorCode::from_id(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown error code {s:?}")))
    }
}

impl JsonSchema for ErrorCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({ "type": "string", "enum": ids })
    }
}

/// The family of an [`ErrorCode`]: one exception class per family in Python (all subclasses of
/// `RenxingError`, itself a `ValueError`), `error.kind` in JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `RenxingError`: the base of every class.
    Base,
    /// `UnknownIdError`.
    UnknownId,
    /// `FrameworkError`.
    Framework,
    /// `AssessmentError`.
    Assessment,
    /// `ScoreError`: options or a framework that do not fit.
    Score,
    /// `OptionsError` (a `ScoreError`).
    Options,
    /// `FrameworkMismatchError` (a `ScoreError`).
    FrameworkMismatch,
    /// `BatchError`.
    Batch,
    /// `CompareError`.
    Compare,
    /// `ChartError`.
    Chart,
    /// `TableError`.
    Table,
    /// `RequestError`.
    Request,
    /// `FileError` (Python's `OSError` is not raised for a file the library cannot read).
    Io,
    /// `AgreementError`.
    Agreement,
    /// `IndicatorError`.
    Indicator,
    /// `CurveError`.
    Curve,
    /// `TimelineError`.
    Timeline,
    /// `QcaError`.
    Qca,
    /// `UncertaintyError`.
    Uncertainty,
    /// `LimitError`.
    Limit,
    /// `ExportError`.
    Export,
}

impl ErrorKind {
    /// Every family, parents before children.
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::Base,
        ErrorKind::UnknownId,
        ErrorKind::Framework,
        ErrorKind::Assessment,
        ErrorKind::Score,
        ErrorKind::Options,
        ErrorKind::FrameworkMismatch,
        ErrorKind::Batch,
        ErrorKind::Compare,
        ErrorKind::Chart,
        ErrorKind::Table,
        ErrorKind::Request,
        ErrorKind::Io,
        ErrorKind::Agreement,
        ErrorKind::Indicator,
        ErrorKind::Curve,
        ErrorKind::Timeline,
        ErrorKind::Qca,
        ErrorKind::Uncertainty,
        ErrorKind::Limit,
        ErrorKind::Export,
    ];

    /// The exception class name.
    #[must_use]
    pub const fn class_name(self) -> &'static str {
        match self {
            ErrorKind::Base => "RenxingError",
            ErrorKind::UnknownId => "UnknownIdError",
            ErrorKind::Framework => "FrameworkError",
            ErrorKind::Assessment => "AssessmentError",
            ErrorKind::Score => "ScoreError",
            ErrorKind::Options => "OptionsError",
            ErrorKind::FrameworkMismatch => "FrameworkMismatchError",
            ErrorKind::Batch => "BatchError",
            ErrorKind::Compare => "CompareError",
            ErrorKind::Chart => "ChartError",
            ErrorKind::Table => "TableError",
            ErrorKind::Request => "RequestError",
            ErrorKind::Io => "FileError",
            ErrorKind::Agreement => "AgreementError",
            ErrorKind::Indicator => "IndicatorError",
            ErrorKind::Curve => "CurveError",
            ErrorKind::Timeline => "TimelineError",
            ErrorKind::Qca => "QcaError",
            ErrorKind::Uncertainty => "UncertaintyError",
            ErrorKind::Limit => "LimitError",
            ErrorKind::Export => "ExportError",
        }
    }

    /// The parent family (`None` for [`ErrorKind::Base`]).
    #[must_use]
    pub const fn parent(self) -> Option<ErrorKind> {
        match self {
            ErrorKind::Base => None,
            ErrorKind::Options | ErrorKind::FrameworkMismatch => Some(ErrorKind::Score),
            _ => Some(ErrorKind::Base),
        }
    }

    /// What the class is for.
    #[must_use]
    pub const fn doc(self) -> &'static str {
        match self {
            ErrorKind::Base => "Any renxing error: `code` (a stable string), `path` (the field path of the first problem as a list of keys and indices, or None), `issues` (every validation problem).",
            ErrorKind::UnknownId => "An id (level, dimension, mode, phase, language, method, case, format) that is not known.",
            ErrorKind::Framework => "A framework file that cannot be read or breaks a rule.",
            ErrorKind::Assessment => "Malformed JSON, or an assessment that does not validate against its framework.",
            ErrorKind::Score => "Scoring options or a framework that do not fit.",
            ErrorKind::Options => "Bad options: an unknown method or field, or a weight that is negative, not finite, names an unknown id, or leaves a group all zero.",
            ErrorKind::FrameworkMismatch => "The assessment is for another framework than the one used.",
            ErrorKind::Batch => "Bad input to batch scoring: shape, dtype, a level code out of range, a score that is NaN or outside 0..=100.",
            ErrorKind::Compare => "Nothing to compare, or two assessments with the same id.",
            ErrorKind::Chart => "Bad input to a chart or report (size, framework mismatch, too few dimensions).",
            ErrorKind::Table => "A table (CSV, rows, DataFrame) that cannot be read as assessments.",
            ErrorKind::Request => "An operation request of the wrong shape, or an unknown operation.",
            ErrorKind::Io => "A file that cannot be read or written (missing, not UTF-8, not allowed).",
            ErrorKind::Agreement => "Codings, a scale or options that inter-rater agreement cannot use.",
            ErrorKind::Indicator => "Indicator data, a pipeline step or weights the composite-indicator pipeline cannot use.",
            ErrorKind::Curve => "A functionality series or options a resilience curve cannot use.",
            ErrorKind::Timeline => "Assessments that cannot form a timeline.",
            ErrorKind::Qca => "A case table, calibration or options that QCA cannot use.",
            ErrorKind::Uncertainty => "Uncertain inputs, run counts or a sampled pipeline run that uncertainty or sensitivity analysis cannot use.",
            ErrorKind::Limit => "An input above a documented limit: text size, nesting depth, string length, or a count (dimensions, assessments, codings, coders, indicators, units, runs, QCA conditions).",
            ErrorKind::Export => "A chart or report that cannot be written in the format asked for (by file name or format): a format the content has not, or PNG/PDF in a build without the renderer.",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// issues
// ---------------------------------------------------------------------------------------------

/// What kind of problem an [`Issue`] is. The snake_case id is stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueCode {
    /// A required field is absent.
    Missing,
    /// A field that the format does not know (a typo, usually).
    UnknownField,
    /// A value of the wrong JSON type.
    WrongType,
    /// An id that the framework does not define.
    UnknownId,
    /// A value that is malformed (a bad date, an empty string, …).
    InvalidValue,
    /// A number outside its allowed range.
    OutOfRange,
    /// A number that is NaN or infinite.
    NotFinite,
    /// The same id twice.
    Duplicate,
    /// A `schema_version` this library does not read.
    UnsupportedVersion,
    /// Values that contradict each other.
    Inconsistent,
    /// Stands for the problems left out of a list capped at [`crate::limits::MAX_ISSUES`]
    /// (its message gives their number).
    TooMany,
}

impl IssueCode {
    /// The stable snake_case id.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            IssueCode::Missing => "missing",
            IssueCode::UnknownField => "unknown_field",
            IssueCode::WrongType => "wrong_type",
            IssueCode::UnknownId => "unknown_id",
            IssueCode::InvalidValue => "invalid_value",
            IssueCode::OutOfRange => "out_of_range",
            IssueCode::NotFinite => "not_finite",
            IssueCode::Duplicate => "duplicate",
            IssueCode::UnsupportedVersion => "unsupported_version",
            IssueCode::Inconsistent => "inconsistent",
            IssueCode::TooMany => "too_many",
        }
    }
}

impl fmt::Display for IssueCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found while validating a file or a value, with the path of the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Issue {
    /// The field, as segments from the document's root (empty for the whole document).
    pub path: Path,
    /// The kind of problem.
    pub code: IssueCode,
    /// A sentence naming the value and what was expected, in both languages.
    pub message: Msg,
}

impl Issue {
    /// A new issue.
    pub fn new(path: Path, code: IssueCode, message: Msg) -> Self {
        Issue {
            path,
            code,
            message,
        }
    }

    /// The same issue under a parent field (`assessments[3]` + `ratings.x` → `assessments[3].ratings.x`).
    #[must_use]
    pub fn under(mut self, parent: &Path) -> Self {
        self.path = self.path.under(parent);
        self
    }

    /// The one-line form in `lang`: `path: message [code]`.
    #[must_use]
    pub fn line(&self, lang: Lang) -> String {
        if self.path.is_root() {
            format!("{} [{}]", self.message.get(lang), self.code)
        } else {
            format!("{}: {} [{}]", self.path, self.message.get(lang), self.code)
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Lang::En))
    }
}

/// A non-empty list of [`Issue`]s, displayed one per line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Issues(pub Vec<Issue>);

impl Issues {
    /// The issues as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[Issue] {
        &self.0
    }

    /// Every issue re-rooted under a parent field.
    #[must_use]
    pub fn under(self, parent: &Path) -> Issues {
        Issues(self.0.into_iter().map(|i| i.under(parent)).collect())
    }

    /// The list in `lang`: a count, then one issue per line.
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let n = self.0.len();
        let mut s = match lang {
            Lang::Zh => format!("{n} 个问题"),
            Lang::En => format!("{n} problem{}", if n == 1 { "" } else { "s" }),
        };
        for issue in &self.0 {
            s.push_str("\n  - ");
            s.push_str(&issue.line(lang));
        }
        s
    }
}

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

// ---------------------------------------------------------------------------------------------
// area errors
// ---------------------------------------------------------------------------------------------

/// An id that does not name a known value (a level, a dimension, a mode, …).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {} {value:?}; expected one of: {expected}", kind.en)]
pub struct IdError {
    /// What was being parsed (`level id` / `等级 id`, `language` / `语言`, …).
    pub kind: Text,
    /// The value given.
    pub value: String,
    /// The accepted ids, comma-separated.
    pub expected: String,
}

impl IdError {
    /// A new error for `value`, which is not one of `expected`.
    #[must_use]
    pub fn new(kind: Text, value: &str, expected: &[&str]) -> Self {
        IdError {
            kind,
            value: value.to_owned(),
            expected: expected.join(", "),
        }
    }

    /// The message in both languages.
    #[must_use]
    pub fn msg(&self) -> Msg {
        Msg::new(
            format!(
                "未知的{} {:?};可用的值:{}",
                self.kind.zh, self.value, self.expected
            ),
            self.to_string(),
        )
    }
}

// The language's parser lives here, not in `lang`, so that `lang` depends on nothing and `error`
// only on `lang` (no import cycle).
impl std::str::FromStr for Lang {
    type Err = IdError;

    /// Accepts `zh`, `zh-Hans`, `zh-CN`, `en`, `en-US`, `en-GB` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match primary {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(IdError::new(
                Text {
                    zh: "语言",
                    en: "language",
                },
                s,
                &["zh", "en"],
            )),
        }
    }
}

/// Reading or validating a [`Framework`](crate::Framework).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FrameworkError {
    /// The file is not valid JSON or TOML, or does not have the framework's shape.
    #[error("framework file could not be read as {format}: {message}")]
    Parse {
        /// `"json"` or `"toml"`.
        format: &'static str,
        /// The parser's message (with line and column).
        message: String,
    },
    /// The framework is well-formed but breaks a rule (duplicate ids, bad weights, …).
    #[error("invalid framework: {0}")]
    Invalid(Issues),
    /// The framework is above a documented size limit ([`crate::limits`]).
    #[error(transparent)]
    Limit(#[from] crate::limits::Exceeded),
}

/// Reading or validating an [`Assessment`](crate::Assessment).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AssessmentError {
    /// The text is not JSON.
    #[error("assessment is not valid JSON (line {line}, column {column}): {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The JSON does not describe a valid assessment; every problem is listed.
    #[error("invalid assessment: {0}")]
    Invalid(Issues),
}

/// Scoring options that do not fit the framework.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScoreError {
    /// A weight is negative, NaN or infinite.
    #[error("{path}: weight {value} must be a finite number >= 0")]
    InvalidWeight {
        /// `weights.dimensions.<id>` or `weights.attributes.<id>`.
        path: Path,
        /// The weight given.
        value: f64,
    },
    /// A weight names an id the framework does not have.
    #[error("{path}: unknown id {id:?} in the framework {framework:?}")]
    UnknownWeightTarget {
        /// The field path.
        path: Path,
        /// The id given.
        id: String,
        /// The framework's id.
        framework: String,
    },
    /// Every weight in a group is zero, so nothing can be aggregated.
    #[error("{path}: all weights are 0; at least one must be positive")]
    AllWeightsZero {
        /// The group, e.g. `weights.attributes` or `weights.dimensions.robustness`.
        path: Path,
    },
    /// The assessment is for another framework.
    #[error("framework: the assessment uses framework {found:?} but scoring was asked with {expected:?}")]
    FrameworkMismatch {
        /// The framework used for scoring.
        expected: String,
        /// The framework named by the assessment.
        found: String,
    },
    /// The options object is malformed (unknown field, wrong type, unknown method).
    #[error("{path}: {message}")]
    InvalidOptions {
        /// The field (`options`, `options.method`, …).
        path: Path,
        /// What is wrong (the deserializer's message, in English).
        message: String,
    },
    /// The assessment does not validate against the framework.
    #[error("invalid assessment: {0}")]
    Invalid(Issues),
    /// Dimensions hold several coders' codings and no consensus value: scoring needs a
    /// consensus rule first.
    #[error("ratings.{}: several coders' codings and no consensus value; score with a consensus rule (median, mode, minimum or adjudicator), or resolve the assessment first (dimensions: {})", dimensions.first().map_or("", String::as_str), dimensions.join(", "))]
    ConsensusRequired {
        /// The dimensions holding codings without a value.
        dimensions: Vec<String>,
    },
}

/// Bad input to the batch (array) scoring API.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BatchError {
    /// The input length is not rows × dimensions, or an output buffer has the wrong length.
    #[error("{field}: expected {expected} values, found {found}")]
    Shape {
        /// Which array.
        field: &'static str,
        /// Expected length.
        expected: usize,
        /// Actual length.
        found: usize,
    },
    /// A level code outside 1..=levels.
    #[error(
        "codes[{row}, {column}] (dimension {dimension:?}): level code {value} is outside 1..={max}"
    )]
    LevelCode {
        /// Row index.
        row: usize,
        /// Column index.
        column: usize,
        /// The dimension id of the column.
        dimension: String,
        /// The code.
        value: u8,
        /// The highest code.
        max: u8,
    },
    /// A score outside 0..=100, or NaN.
    #[error("scores[{row}, {column}] (dimension {dimension:?}): score {value} must be finite and within 0..=100")]
    ScoreValue {
        /// Row index.
        row: usize,
        /// Column index.
        column: usize,
        /// The dimension id of the column.
        dimension: String,
        /// The value.
        value: f64,
    },
}

impl BatchError {
    /// The same error with its row index moved by `offset` (a chunk's rows in the whole input).
    #[must_use]
    pub fn offset_rows(self, offset: usize) -> Self {
        match self {
            BatchError::LevelCode {
                row,
                column,
                dimension,
                value,
                max,
            } => BatchError::LevelCode {
                row: row + offset,
                column,
                dimension,
                value,
                max,
            },
            BatchError::ScoreValue {
                row,
                column,
                dimension,
                value,
            } => BatchError::ScoreValue {
                row: row + offset,
                column,
                dimension,
                value,
            },
            other => other,
        }
    }
}

/// Comparing several assessments.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CompareError {
    /// Nothing to compare.
    #[error("assessments: nothing to compare (0 assessments given)")]
    Empty,
    /// Two assessments share an id.
    #[error("assessments[{index}].id: duplicate id {id:?}")]
    DuplicateId {
        /// Position of the second occurrence.
        index: usize,
        /// The id.
        id: String,
    },
    /// One assessment could not be scored.
    #[error("assessments[{index}] ({id:?}): {source}")]
    Score {
        /// Position of the assessment.
        index: usize,
        /// Its id.
        id: String,
        /// Why.
        source: ScoreError,
    },
}

/// Bad input to a chart or report.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// A radar chart needs at least three axes.
    #[error(
        "framework {framework:?}: a radar chart needs at least {min} dimensions, found {found}"
    )]
    TooFewDimensions {
        /// The framework's id.
        framework: String,
        /// Its number of dimensions.
        found: usize,
        /// The minimum (3).
        min: usize,
    },
    /// Nothing to draw.
    #[error("{field}: nothing to draw (0 given)")]
    Empty {
        /// The empty input (`"series"`, `"comparison.rows"`).
        field: &'static str,
    },
    /// A width or height outside the allowed range.
    #[error("{field}: {value} px is outside {min}..={max}")]
    InvalidSize {
        /// `"width"` or `"height"`.
        field: &'static str,
        /// The value given.
        value: u32,
        /// The smallest size.
        min: u32,
        /// The largest size.
        max: u32,
    },
    /// Scores (or a diagnosis, a comparison) of another framework than the one given.
    #[error("{field}: framework {found:?} does not match the chart's framework {expected:?}")]
    FrameworkMismatch {
        /// Where, e.g. `series[1].scorecard.framework`.
        field: String,
        /// The framework given to the chart.
        expected: String,
        /// The framework of the input.
        found: String,
    },
    /// Scores whose dimensions or attributes do not line up with the framework's (a scorecard
    /// edited by hand).
    #[error("{field}: expected {expected:?}, found {found:?}")]
    Shape {
        /// Where, e.g. `series[0].scorecard.dimensions[2].id`.
        field: String,
        /// What the framework has.
        expected: String,
        /// What the input has.
        found: String,
    },
    /// A diagnosis of another assessment than the one given to a report.
    #[error("diagnosis.scorecard.assessment: the diagnosis is of {found:?}, the assessment is {expected:?}")]
    AssessmentMismatch {
        /// The assessment's id.
        expected: String,
        /// The id the diagnosis was made for.
        found: String,
    },
}

/// An error with its code, message and location decided by the caller (the table reader, the
/// operation layer, the file readers of the front ends).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
pub struct Problem {
    /// The code.
    pub code: ErrorCode,
    /// The message.
    pub message: Msg,
    /// The field, where one is known.
    pub path: Option<Path>,
    /// Validation issues, if any.
    pub issues: Vec<Issue>,
}

impl Problem {
    /// A problem with a message and no issues.
    pub fn new(code: ErrorCode, message: Msg) -> Self {
        Problem {
            code,
            message,
            path: None,
            issues: Vec::new(),
        }
    }

    /// The same problem located at `path`.
    #[must_use]
    pub fn at(mut self, path: Path) -> Self {
        self.path = Some(path);
        self
    }

    /// The same problem with a list of issues (the first one's path becomes the problem's path
    /// when none is set).
    #[must_use]
    pub fn with_issues(mut self, issues: Vec<Issue>) -> Self {
        if self.path.is_none() {
            self.path = issues.first().map(|i| i.path.clone());
        }
        self.issues = issues;
        self
    }

    fn render(&self, lang: Lang) -> String {
        let message = self.message.get(lang);
        let head = match &self.path {
            Some(p)
                if !p.is_root()
                    && self.issues.is_empty()
                    && !message.starts_with(&p.to_string()) =>
            {
                format!("{p}: {message}")
            }
            _ => message.to_owned(),
        };
        if self.issues.is_empty() {
            head
        } else {
            format!("{head}: {}", Issues(self.issues.clone()).render(lang))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// the umbrella error
// ---------------------------------------------------------------------------------------------

/// Any renxing error: what the bindings and the CLI report.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An unknown id.
    #[error(transparent)]
    Id(#[from] IdError),
    /// A framework problem.
    #[error(transparent)]
    Framework(#[from] FrameworkError),
    /// An assessment problem.
    #[error(transparent)]
    Assessment(#[from] AssessmentError),
    /// A scoring problem.
    #[error(transparent)]
    Score(#[from] ScoreError),
    /// A batch-scoring problem.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// A comparison problem.
    #[error(transparent)]
    Compare(#[from] CompareError),
    /// Bad input to a chart or report.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// Any other problem, with its code, message and location.
    #[error(transparent)]
    Other(#[from] Problem),
}

/// What every front end reports of an [`Error`]: serialisable, in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ErrorReport {
    /// The stable code.
    pub code: ErrorCode,
    /// The exception class (Python) / `error.name` (JavaScript) of the code's family.
    pub kind: String,
    /// The message in the requested language.
    pub message: String,
    /// The field of the first problem, where one is known.
    pub path: Option<Path>,
    /// Every validation problem, messages in the requested language.
    pub issues: Vec<IssueReport>,
}

/// One [`Issue`] of an [`ErrorReport`], its message in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IssueReport {
    /// The field.
    pub path: Path,
    /// The kind of problem.
    pub code: IssueCode,
    /// The message.
    pub message: String,
}

impl Error {
    /// The stable code naming the kind of error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Id(_) => ErrorCode::UnknownId,
            Error::Framework(FrameworkError::Parse { .. }) => ErrorCode::FrameworkParse,
            Error::Framework(FrameworkError::Invalid(_)) => ErrorCode::FrameworkInvalid,
            Error::Framework(FrameworkError::Limit(_)) => ErrorCode::LimitExceeded,
            Error::Assessment(AssessmentError::Json { .. }) => ErrorCode::JsonSyntax,
            Error::Assessment(AssessmentError::Invalid(_)) => ErrorCode::AssessmentInvalid,
            Error::Score(ScoreError::Invalid(_)) => ErrorCode::AssessmentInvalid,
            Error::Score(ScoreError::FrameworkMismatch { .. }) => ErrorCode::FrameworkMismatch,
            Error::Score(ScoreError::InvalidOptions { .. }) => ErrorCode::InvalidOptions,
            Error::Score(ScoreError::ConsensusRequired { .. }) => ErrorCode::ConsensusRequired,
            Error::Score(_) => ErrorCode::InvalidWeight,
            Error::Batch(_) => ErrorCode::BatchInput,
            Error::Compare(CompareError::Score { source, .. }) => {
                Error::Score(source.clone()).code()
            }
            Error::Compare(_) => ErrorCode::CompareInput,
            Error::Chart(_) => ErrorCode::ChartInput,
            Error::Other(p) => p.code,
        }
    }

    /// The validation issues, where the error carries a list of them (re-rooted under
    /// `assessments[i]` for a comparison).
    #[must_use]
    pub fn issues(&self) -> Vec<Issue> {
        match self {
            Error::Framework(FrameworkError::Invalid(i))
            | Error::Assessment(AssessmentError::Invalid(i))
            | Error::Score(ScoreError::Invalid(i)) => i.0.clone(),
            Error::Compare(CompareError::Score {
                index,
                source: ScoreError::Invalid(i),
                ..
            }) => i.clone().under(&path!["assessments", *index]).0,
            Error::Other(p) => p.issues.clone(),
            _ => Vec::new(),
        }
    }

    /// The field of the first problem, where one is known.
    #[must_use]
    pub fn path(&self) -> Option<Path> {
        if let Some(first) = self.issues().first() {
            return Some(first.path.clone());
        }
        match self {
            Error::Score(ScoreError::InvalidWeight { path, .. })
            | Error::Score(ScoreError::UnknownWeightTarget { path, .. })
            | Error::Score(ScoreError::AllWeightsZero { path })
            | Error::Score(ScoreError::InvalidOptions { path, .. }) => Some(path.clone()),
            Error::Score(ScoreError::FrameworkMismatch { .. }) => Some(path!["framework"]),
            Error::Score(ScoreError::ConsensusRequired { dimensions }) => {
                dimensions.first().map(|d| path!["ratings", d.as_str()])
            }
            Error::Batch(BatchError::Shape { field, .. }) => Some(path![*field]),
            Error::Batch(BatchError::LevelCode { row, column, .. }) => {
                Some(path!["codes", *row, *column])
            }
            Error::Batch(BatchError::ScoreValue { row, column, .. }) => {
                Some(path!["scores", *row, *column])
            }
            Error::Framework(FrameworkError::Limit(e)) => Some(e.path.clone()),
            Error::Compare(CompareError::Empty) => Some(path!["assessments"]),
            Error::Compare(CompareError::DuplicateId { index, .. }) => {
                Some(path!["assessments", *index, "id"])
            }
            Error::Compare(CompareError::Score { index, source, .. }) => {
                Error::Score(source.clone())
                    .path()
                    .map(|p| p.under(&path!["assessments", *index]))
            }
            Error::Other(p) => p.path.clone(),
            _ => None,
        }
    }

    /// The message in `lang` (English is also the `Display` form).
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        zh_message(self)
    }

    /// The serialisable report of this error, in `lang`.
    #[must_use]
    pub fn report(&self, lang: Lang) -> ErrorReport {
        let code = self.code();
        ErrorReport {
            code,
            kind: code.kind().class_name().to_owned(),
            message: self.message(lang),
            path: self.path(),
            issues: self
                .issues()
                .into_iter()
                .map(|i| IssueReport {
                    message: i.message.get(lang).to_owned(),
                    path: i.path,
                    code: i.code,
                })
                .collect(),
        }
    }
}

/// The Chinese message of an error (the English one is its `Display`).
fn zh_message(e: &Error) -> String {
    let zh = Lang::Zh;
    match e {
        Error::Id(id) => id.msg().zh,
        Error::Framework(FrameworkError::Parse { format, message }) => {
            format!("无法按 {format} 读取框架文件:{message}")
        }
        Error::Framework(FrameworkError::Invalid(i)) => format!("框架无效:{}", i.render(zh)),
        Error::Framework(FrameworkError::Limit(e)) => e.msg().zh,
        Error::Assessment(AssessmentError::Json {
            line,
            column,
            message,
        }) => format!("评估不是有效的 JSON(第 {line} 行,第 {column} 列):{message}"),
        Error::Assessment(AssessmentError::Invalid(i)) | Error::Score(ScoreError::Invalid(i)) => {
            format!("评估无效:{}", i.render(zh))
        }
        Error::Score(s) => zh_score(s),
        Error::Batch(BatchError::Shape {
            field,
            expected,
            found,
        }) => format!("{field}:应有 {expected} 个值,实际 {found} 个"),
        Error::Batch(BatchError::LevelCode {
            row,
            column,
            dimension,
            value,
            max,
        }) => format!(
            "codes[{row}, {column}](维度 {dimension:?}):等级代码 {value} 不在 1..={max} 之内"
        ),
        Error::Batch(BatchError::ScoreValue {
            row,
            column,
            dimension,
            value,
        }) => format!(
            "scores[{row}, {column}](维度 {dimension:?}):分数 {value} 必须是 0..=100 之内的有限数"
        ),
        Error::Compare(CompareError::Empty) => "assessments:没有可比较的评估(0 个)".to_owned(),
        Error::Compare(CompareError::DuplicateId { index, id }) => {
            format!("assessments[{index}].id:id {id:?} 重复")
        }
        Error::Compare(CompareError::Score { index, id, source }) => {
            format!("assessments[{index}]({id:?}):{}", zh_score(source))
        }
        Error::Chart(c) => zh_chart(c),
        Error::Other(p) => p.render(zh),
    }
}

fn zh_score(s: &ScoreError) -> String {
    match s {
        ScoreError::InvalidWeight { path, value } => {
            format!("{path}:权重 {value} 必须是 ≥ 0 的有限数")
        }
        ScoreError::UnknownWeightTarget {
            path,
            id,
            framework,
        } => format!("{path}:框架 {framework:?} 中没有 id {id:?}"),
        ScoreError::AllWeightsZero { path } => format!("{path}:权重全为 0;至少一个须为正"),
        ScoreError::FrameworkMismatch { expected, found } => {
            format!("framework:评估使用框架 {found:?},但评分使用的是 {expected:?}")
        }
        ScoreError::InvalidOptions { path, message } => format!("{path}:选项无效({message})"),
        ScoreError::Invalid(i) => format!("评估无效:{}", i.render(Lang::Zh)),
        ScoreError::ConsensusRequired { dimensions } => format!(
            "ratings.{}:有多位编码者的编码而无共识值;请指定共识规则(median、mode、minimum 或 adjudicator)评分,或先形成共识(维度:{})",
            dimensions.first().map_or("", String::as_str),
            dimensions.join("、")
        ),
    }
}

fn zh_chart(c: &ChartError) -> String {
    match c {
        ChartError::TooFewDimensions {
            framework,
            found,
            min,
        } => format!("框架 {framework:?}:雷达图至少需要 {min} 个维度,实际 {found} 个"),
        ChartError::Empty { field } => format!("{field}:没有可绘制的内容(0 个)"),
        ChartError::InvalidSize {
            field,
            value,
            min,
            max,
        } => format!("{field}:{value} 像素不在 {min}..={max} 之内"),
        ChartError::FrameworkMismatch {
            field,
            expected,
            found,
        } => format!("{field}:框架 {found:?} 与图表的框架 {expected:?} 不一致"),
        ChartError::Shape {
            field,
            expected,
            found,
        } => format!("{field}:应为 {expected:?},实际为 {found:?}"),
        ChartError::AssessmentMismatch { expected, found } => {
            format!("diagnosis.scorecard.assessment:诊断对象是 {found:?},评估是 {expected:?}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert_eq!(ErrorCode::from_id(c.as_str()), Some(*c));
            assert!(!c.doc().is_empty());
        }
        assert_eq!(ErrorCode::ALL.len(), 27);
    }

    #[test]
    fn kinds_have_parents_listed_first() {
        for (i, k) in ErrorKind::ALL.iter().enumerate() {
            if let Some(p) = k.parent() {
                let j = ErrorKind::ALL.iter().position(|x| *x == p);
                assert!(j.is_some_and(|j| j < i), "{k:?}");
            }
        }
    }

    #[test]
    fn reports_are_localised_with_segment_paths() {
        let e = Error::from(CompareError::DuplicateId {
            index: 2,
            id: "x".into(),
        });
        let en = e.report(Lang::En);
        assert_eq!(en.code, ErrorCode::CompareInput);
        assert_eq!(en.kind, "CompareError");
        assert_eq!(en.message, "assessments[2].id: duplicate id \"x\"");
        assert_eq!(
            serde_json::to_string(&en.path).ok().as_deref(),
            Some(r#"["assessments",2,"id"]"#)
        );
        assert_eq!(
            e.report(Lang::Zh).message,
            "assessments[2].id:id \"x\" 重复"
        );
    }
}
