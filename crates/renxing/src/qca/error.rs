//! Typed errors of the QCA module, each naming its field as a path of segments.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::error::PathSeg;

/// Builds a path from segments: `qpath!["values", 3, 1]`.
macro_rules! qpath {
    ($($seg:expr),* $(,)?) => {
        vec![$($crate::qca::error::PathSeg::from($seg)),*]
    };
}
pub(crate) use qpath;

/// Renders a path as [`crate::error::Path`] does (`values[3][1]`); the empty path is `(input)`.
pub fn path_to_string(path: &[PathSeg]) -> String {
    if path.is_empty() {
        return "(input)".to_owned();
    }
    crate::error::Path(path.to_vec()).to_string()
}

/// Everything that can go wrong in [`crate::qca`].
///
/// Every variant names the offending field (`path`) and, where there is one, the offending value
/// (as text, so that NaN and infinities survive serialisation).
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum QcaError {
    /// A list that must not be empty is empty.
    #[error("{}: must not be empty", path_to_string(path))]
    Empty {
        /// The field.
        path: Vec<PathSeg>,
    },
    /// Two lengths that must agree do not.
    #[error("{}: expected {expected} entries, found {found}", path_to_string(path))]
    ShapeMismatch {
        /// The field.
        path: Vec<PathSeg>,
        /// The length required.
        expected: usize,
        /// The length given.
        found: usize,
    },
    /// A number is NaN or infinite.
    #[error("{}: {value} is not a finite number", path_to_string(path))]
    NonFinite {
        /// The field.
        path: Vec<PathSeg>,
        /// The value, as text.
        value: String,
    },
    /// A number lies outside its allowed range.
    #[error("{}: {value} is outside [{min}, {max}]", path_to_string(path))]
    OutOfRange {
        /// The field.
        path: Vec<PathSeg>,
        /// The value, as text.
        value: String,
        /// The smallest allowed value.
        min: f64,
        /// The largest allowed value.
        max: f64,
    },
    /// A crisp or multi-value condition holds a value that is not a non-negative integer.
    #[error(
        "{}: {value} is neither a fuzzy score in [0, 1] nor a crisp category 0, 1, 2, …",
        path_to_string(path)
    )]
    NotACategory {
        /// The field.
        path: Vec<PathSeg>,
        /// The value, as text.
        value: String,
    },
    /// A name occurs twice.
    #[error("{}: the name {name:?} occurs twice", path_to_string(path))]
    Duplicate {
        /// The field.
        path: Vec<PathSeg>,
        /// The repeated name.
        name: String,
    },
    /// A name that should refer to a condition (or a value of one) does not.
    #[error("{}: unknown condition or value {name:?}", path_to_string(path))]
    Unknown {
        /// The field.
        path: Vec<PathSeg>,
        /// The name as given.
        name: String,
    },
    /// Calibration anchors or thresholds are not in a usable order.
    #[error("{}: {reason}", path_to_string(path))]
    InvalidAnchors {
        /// The field.
        path: Vec<PathSeg>,
        /// What is wrong (English).
        reason: String,
    },
    /// An option has a value that cannot be used.
    #[error("{}: {reason}", path_to_string(path))]
    InvalidOption {
        /// The field.
        path: Vec<PathSeg>,
        /// What is wrong (English).
        reason: String,
    },
    /// No truth-table row is coded positive, so there is nothing to explain.
    #[error(
        "no truth table row has the outcome coded 1: nothing to explain (lower incl_cut or n_cut?)"
    )]
    NothingToExplain,
    /// No observed truth-table row passes the frequency cut-off.
    #[error("no configuration has at least n_cut = {n_cut} cases")]
    NoConfigurations {
        /// The frequency cut-off used.
        n_cut: usize,
    },
    /// With the remainders included every configuration is positive or a remainder: all
    /// conditions minimise away.
    #[error("every configuration is positive or a remainder: all conditions are minimised away")]
    AllMinimised,
    /// The problem exceeds a documented size limit.
    #[error("{}: {what} is {size}, above the limit {limit}", path_to_string(path))]
    TooLarge {
        /// The field.
        path: Vec<PathSeg>,
        /// What was counted (English).
        what: String,
        /// The size found.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A case built from an assessment has a condition (or the outcome) not rated: QCA needs
    /// every value.
    #[error(
        "{}: case {case:?} is not rated here (QCA needs every condition of every case)",
        path_to_string(path)
    )]
    NotRated {
        /// The field.
        path: Vec<PathSeg>,
        /// The case (assessment id).
        case: String,
    },
    /// An iterative fit (the indirect calibration's logit) did not succeed.
    #[error("{}: {reason}", path_to_string(path))]
    FitFailed {
        /// The field.
        path: Vec<PathSeg>,
        /// What failed (English).
        reason: String,
    },
}

impl QcaError {
    /// The field path the error refers to (empty for whole-input problems).
    pub fn path(&self) -> &[PathSeg] {
        match self {
            QcaError::Empty { path }
            | QcaError::ShapeMismatch { path, .. }
            | QcaError::NonFinite { path, .. }
            | QcaError::OutOfRange { path, .. }
            | QcaError::NotACategory { path, .. }
            | QcaError::Duplicate { path, .. }
            | QcaError::Unknown { path, .. }
            | QcaError::InvalidAnchors { path, .. }
            | QcaError::InvalidOption { path, .. }
            | QcaError::TooLarge { path, .. }
            | QcaError::NotRated { path, .. }
            | QcaError::FitFailed { path, .. } => path,
            QcaError::NothingToExplain
            | QcaError::NoConfigurations { .. }
            | QcaError::AllMinimised => &[],
        }
    }

    /// The message in Chinese (the English one is the `Display`).
    pub fn message_zh(&self) -> String {
        match self {
            QcaError::Empty { path } => format!("{}：不能为空", path_to_string(path)),
            QcaError::ShapeMismatch {
                path,
                expected,
                found,
            } => format!(
                "{}：应有 {expected} 项，实有 {found} 项",
                path_to_string(path)
            ),
            QcaError::NonFinite { path, value } => {
                format!("{}：{value} 不是有限数", path_to_string(path))
            }
            QcaError::OutOfRange {
                path,
                value,
                min,
                max,
            } => format!("{}：{value} 超出范围 [{min}, {max}]", path_to_string(path)),
            QcaError::NotACategory { path, value } => format!(
                "{}：{value} 既不是 [0, 1] 内的模糊隶属度，也不是清晰集类别 0、1、2……",
                path_to_string(path)
            ),
            QcaError::Duplicate { path, name } => {
                format!("{}：名称 {name:?} 重复", path_to_string(path))
            }
            QcaError::Unknown { path, name } => {
                format!("{}：未知的条件或取值 {name:?}", path_to_string(path))
            }
            QcaError::InvalidAnchors { path, reason } => {
                format!("{}：校准锚点无效（{reason}）", path_to_string(path))
            }
            QcaError::InvalidOption { path, reason } => {
                format!("{}：选项无效（{reason}）", path_to_string(path))
            }
            QcaError::NothingToExplain => {
                "真值表中没有结果编码为 1 的组态，无可解释（可降低 incl_cut 或 n_cut）".to_owned()
            }
            QcaError::NoConfigurations { n_cut } => {
                format!("没有组态的案例数达到 n_cut = {n_cut}")
            }
            QcaError::AllMinimised => {
                "纳入逻辑余项后所有组态均为正例或余项：全部条件被化简掉".to_owned()
            }
            QcaError::TooLarge {
                path,
                what,
                size,
                limit,
            } => format!(
                "{}：{what} 为 {size}，超过上限 {limit}",
                path_to_string(path)
            ),
            QcaError::NotRated { path, case } => format!(
                "{}：案例 {case:?} 此处未评分（QCA 需要每个案例的每个条件）",
                path_to_string(path)
            ),
            QcaError::FitFailed { path, reason } => {
                format!("{}：拟合失败（{reason}）", path_to_string(path))
            }
        }
    }
}

/// Checks that a number is finite, naming the field otherwise.
pub(crate) fn finite(value: f64, path: impl FnOnce() -> Vec<PathSeg>) -> Result<f64, QcaError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(QcaError::NonFinite {
            path: path(),
            value: value.to_string(),
        })
    }
}

impl From<QcaError> for crate::error::Error {
    fn from(e: QcaError) -> Self {
        let code = match e {
            // a documented size limit: the same code as every other limit
            QcaError::TooLarge { .. } => crate::error::ErrorCode::LimitExceeded,
            _ => crate::error::ErrorCode::QcaInput,
        };
        crate::error::Problem::new(code, crate::error::Msg::new(e.message_zh(), e.to_string()))
            .at(crate::error::Path(e.path().to_vec()))
            .into()
    }
}
