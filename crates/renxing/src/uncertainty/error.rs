//! The typed errors of uncertainty and sensitivity analysis, each naming the field (as a
//! [`Path`] of segments) and the offending value, with an English ([`std::fmt::Display`]) and a
//! Chinese ([`UncertaintyError::message_zh`]) message and a stable [`UncertaintyError::reason`].

use crate::composite::CompositeError;
use crate::error::Path;

/// Errors of uncertainty and sensitivity analysis.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum UncertaintyError {
    /// A parameter outside its allowed values.
    #[error("{path}: {value} is not allowed: {reason}")]
    InvalidParameter {
        /// The field.
        path: Path,
        /// The offending value, as text.
        value: String,
        /// What is allowed.
        reason: String,
    },
    /// An empty list where at least `min` items are needed.
    #[error("{path}: is empty; at least {min} needed")]
    Empty {
        /// The field.
        path: Path,
        /// The least number of items needed.
        min: usize,
    },
    /// Arrays whose lengths do not fit together.
    #[error("{path}: expected {expected} values, found {found}")]
    Shape {
        /// The field.
        path: Path,
        /// How many values were expected.
        expected: usize,
        /// How many were given.
        found: usize,
    },
    /// A number that is NaN or infinite.
    #[error("{path}: {value} is not a finite number")]
    NotFinite {
        /// The field.
        path: Path,
        /// The value, as text.
        value: String,
    },
    /// An id that the dataset or the pipeline does not define.
    #[error("{path}: unknown id {id:?}")]
    UnknownId {
        /// The field.
        path: Path,
        /// The id.
        id: String,
    },
    /// Two factors that vary the same thing.
    #[error("{path}: factor {label:?} is given twice")]
    DuplicateFactor {
        /// The second factor.
        path: Path,
        /// Its label.
        label: String,
    },
    /// A factor that needs a pipeline step that is not there (e.g. a normalisation choice
    /// without a `normalise` step).
    #[error("{path}: {reason}")]
    MissingStep {
        /// The factor.
        path: Path,
        /// What is missing.
        reason: String,
    },
    /// The nominal pipeline itself fails.
    #[error("nominal run: {source}")]
    Nominal {
        /// The pipeline's error.
        source: Box<CompositeError>,
    },
    /// One sampled run fails (e.g. a geometric mean on z-scores): the run and its choices.
    #[error("run {run} ({choices}): {source}")]
    Run {
        /// The run index (0-based, in sampling order).
        run: usize,
        /// The sampled choices, as text.
        choices: String,
        /// The pipeline's error.
        source: Box<CompositeError>,
    },
    /// A run whose units differ from the nominal run's (a `check` step excluding units).
    #[error("run {run} ({choices}): units {found:?} differ from the nominal run's; uncertainty analysis needs the same units in every run (set check action = flag)")]
    UnitsChanged {
        /// The run index.
        run: usize,
        /// The sampled choices, as text.
        choices: String,
        /// The run's units.
        found: Vec<String>,
    },
    /// Runs, units or resamples above a documented limit ([`crate::limits`]).
    #[error(transparent)]
    Limit(#[from] crate::limits::Exceeded),
}

impl UncertaintyError {
    /// The stable snake_case id of the kind of error.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            UncertaintyError::InvalidParameter { .. } => "invalid_parameter",
            UncertaintyError::Empty { .. } => "empty",
            UncertaintyError::Shape { .. } => "shape",
            UncertaintyError::NotFinite { .. } => "not_finite",
            UncertaintyError::UnknownId { .. } => "unknown_id",
            UncertaintyError::DuplicateFactor { .. } => "duplicate_factor",
            UncertaintyError::MissingStep { .. } => "missing_step",
            UncertaintyError::Nominal { .. } => "nominal_run_failed",
            UncertaintyError::Run { .. } => "run_failed",
            UncertaintyError::UnitsChanged { .. } => "units_changed",
            UncertaintyError::Limit(_) => "limit_exceeded",
        }
    }

    /// The field path the error names (for a failing run: `["runs", i]` followed by the
    /// pipeline's own path).
    #[must_use]
    pub fn path(&self) -> Path {
        match self {
            UncertaintyError::InvalidParameter { path, .. }
            | UncertaintyError::Empty { path, .. }
            | UncertaintyError::Shape { path, .. }
            | UncertaintyError::NotFinite { path, .. }
            | UncertaintyError::UnknownId { path, .. }
            | UncertaintyError::DuplicateFactor { path, .. }
            | UncertaintyError::MissingStep { path, .. } => path.clone(),
            UncertaintyError::Nominal { source } => source.path().clone(),
            UncertaintyError::Run { run, source, .. } => {
                source.path().under(&Path::root().key("runs").index(*run))
            }
            UncertaintyError::UnitsChanged { run, .. } => Path::root().key("runs").index(*run),
            UncertaintyError::Limit(e) => e.path.clone(),
        }
    }

    /// The message in Chinese.
    #[must_use]
    pub fn message_zh(&self) -> String {
        match self {
            UncertaintyError::InvalidParameter {
                path,
                value,
                reason,
            } => format!("{path}：不允许取值 {value}（{reason}）"),
            UncertaintyError::Empty { path, min } => format!("{path}：为空，至少需要 {min} 项"),
            UncertaintyError::Shape {
                path,
                expected,
                found,
            } => format!("{path}：应有 {expected} 个值，实际 {found} 个"),
            UncertaintyError::NotFinite { path, value } => format!("{path}：{value} 不是有限数"),
            UncertaintyError::UnknownId { path, id } => format!("{path}：未知标识 {id:?}"),
            UncertaintyError::DuplicateFactor { path, label } => {
                format!("{path}：不确定因素 {label:?} 重复给出")
            }
            UncertaintyError::MissingStep { path, reason } => format!("{path}：{reason}"),
            UncertaintyError::Nominal { source } => {
                format!("名义运行失败：{}", source.message_zh())
            }
            UncertaintyError::Run {
                run,
                choices,
                source,
            } => format!("第 {run} 次运行（{choices}）失败：{}", source.message_zh()),
            UncertaintyError::UnitsChanged {
                run,
                choices,
                found,
            } => format!(
                "第 {run} 次运行（{choices}）的单元 {found:?} 与名义运行不同；不确定性分析要求每次运行的单元相同（请将 check 的 action 设为 flag）"
            ),
            UncertaintyError::Limit(e) => e.msg().zh,
        }
    }
}

/// Text of a number for an error message (NaN and infinities spelled out).
pub(crate) fn num_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        format!("{v}")
    }
}

/// `InvalidParameter` at `path`.
pub(crate) fn invalid(path: Path, value: impl ToString, reason: &str) -> UncertaintyError {
    UncertaintyError::InvalidParameter {
        path,
        value: value.to_string(),
        reason: reason.into(),
    }
}

impl From<UncertaintyError> for crate::error::Error {
    fn from(e: UncertaintyError) -> Self {
        let code = match e {
            UncertaintyError::Limit(_) => crate::error::ErrorCode::LimitExceeded,
            _ => crate::error::ErrorCode::UncertaintyInput,
        };
        crate::error::Problem::new(code, crate::error::Msg::new(e.message_zh(), e.to_string()))
            .at(e.path())
            .into()
    }
}
