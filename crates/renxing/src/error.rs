//! Errors, one `thiserror` enum per area, and the [`Issue`] list that validation returns.
//!
//! Every error names the field (as a dotted path such as `ratings.needs_met.level`) and the
//! offending value. Every error has a stable machine-readable [`code`](Error::code), which the
//! Python and WebAssembly bindings pass through unchanged.

use std::fmt;

use serde::Serialize;

/// What kind of problem an [`Issue`] is. The snake_case id is stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
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
        }
    }
}

impl fmt::Display for IssueCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found while validating a file or a value, with the path of the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Dotted path of the field, e.g. `ratings.needs_met.level`; `""` for the whole document.
    pub path: String,
    /// The kind of problem.
    pub code: IssueCode,
    /// A human-readable sentence naming the value and what was expected.
    pub message: String,
}

impl Issue {
    /// A new issue.
    pub fn new(path: impl Into<String>, code: IssueCode, message: impl Into<String>) -> Self {
        Issue {
            path: path.into(),
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{} [{}]", self.message, self.code)
        } else {
            write!(f, "{}: {} [{}]", self.path, self.message, self.code)
        }
    }
}

/// A non-empty list of [`Issue`]s, displayed one per line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Issues(pub Vec<Issue>);

impl Issues {
    /// The issues as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[Issue] {
        &self.0
    }
}

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} problem{}", if n == 1 { "" } else { "s" })?;
        for issue in &self.0 {
            write!(f, "\n  - {issue}")?;
        }
        Ok(())
    }
}

/// An id that does not name a known value (a level, a dimension, a mode, …).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {value:?}; expected one of: {expected}")]
pub struct IdError {
    /// What was being parsed (`"level id"`, `"dimension id"`, `"language"`, …).
    pub kind: &'static str,
    /// The value given.
    pub value: String,
    /// The accepted ids, comma-separated.
    pub expected: String,
}

impl IdError {
    /// A new error for `value`, which is not one of `expected`.
    #[must_use]
    pub fn new(kind: &'static str, value: &str, expected: &[&str]) -> Self {
        IdError {
            kind,
            value: value.to_owned(),
            expected: expected.join(", "),
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
        path: String,
        /// The weight given.
        value: f64,
    },
    /// A weight names an id the framework does not have.
    #[error("{path}: unknown id {id:?} in the framework {framework:?}")]
    UnknownWeightTarget {
        /// The field path.
        path: String,
        /// The id given.
        id: String,
        /// The framework's id.
        framework: String,
    },
    /// Every weight in a group is zero, so nothing can be aggregated.
    #[error("{path}: all weights are 0; at least one must be positive")]
    AllWeightsZero {
        /// The group, e.g. `weights.attributes` or `weights.dimensions.robustness`.
        path: String,
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
    #[error("options: {message}")]
    InvalidOptions {
        /// What is wrong.
        message: String,
    },
    /// The assessment does not validate against the framework.
    #[error("invalid assessment: {0}")]
    Invalid(Issues),
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

/// Any renxing error: what the bindings and the CLI report.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
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
    Chart(#[from] crate::chart::ChartError),
}

impl Error {
    /// A stable snake_case code naming the kind of error (used by the JS `code` property and the
    /// Python exception classes).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Error::Id(_) => "unknown_id",
            Error::Framework(FrameworkError::Parse { .. }) => "framework_parse",
            Error::Framework(FrameworkError::Invalid(_)) => "framework_invalid",
            Error::Assessment(AssessmentError::Json { .. }) => "json_syntax",
            Error::Assessment(AssessmentError::Invalid(_)) => "assessment_invalid",
            Error::Score(ScoreError::Invalid(_)) => "assessment_invalid",
            Error::Score(ScoreError::FrameworkMismatch { .. }) => "framework_mismatch",
            Error::Score(ScoreError::InvalidOptions { .. }) => "invalid_options",
            Error::Score(_) => "invalid_weight",
            Error::Batch(_) => "batch_input",
            Error::Compare(CompareError::Score { source, .. }) => {
                Error::Score(source.clone()).code()
            }
            Error::Compare(_) => "compare_input",
            Error::Chart(_) => "chart_input",
        }
    }

    /// The validation issues, where the error carries a list of them.
    #[must_use]
    pub fn issues(&self) -> &[Issue] {
        match self {
            Error::Framework(FrameworkError::Invalid(i))
            | Error::Assessment(AssessmentError::Invalid(i))
            | Error::Score(ScoreError::Invalid(i)) => i.as_slice(),
            Error::Compare(CompareError::Score {
                source: ScoreError::Invalid(i),
                ..
            }) => i.as_slice(),
            _ => &[],
        }
    }

    /// The field path of the first problem, where one is known.
    #[must_use]
    pub fn path(&self) -> Option<String> {
        if let Some(first) = self.issues().first() {
            return Some(first.path.clone());
        }
        match self {
            Error::Score(ScoreError::InvalidWeight { path, .. })
            | Error::Score(ScoreError::UnknownWeightTarget { path, .. })
            | Error::Score(ScoreError::AllWeightsZero { path }) => Some(path.clone()),
            Error::Score(ScoreError::FrameworkMismatch { .. }) => Some("framework".to_owned()),
            Error::Score(ScoreError::InvalidOptions { .. }) => Some("options".to_owned()),
            Error::Batch(BatchError::Shape { field, .. }) => Some((*field).to_owned()),
            Error::Batch(BatchError::LevelCode { row, column, .. })
            | Error::Batch(BatchError::ScoreValue { row, column, .. }) => {
                Some(format!("[{row}, {column}]"))
            }
            Error::Compare(CompareError::DuplicateId { index, .. }) => {
                Some(format!("assessments[{index}].id"))
            }
            _ => None,
        }
    }
}
