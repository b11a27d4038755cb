//! The typed errors of the composite-indicator pipeline, each naming the field (as a path of
//! segments) and the offending value, with an English ([`std::fmt::Display`]) and a Chinese
//! ([`CompositeError::message_zh`]) message.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::error::PathSeg;

/// A field path such as `["steps", 3, "thresholds"]`, displayed as `steps[3].thresholds`.
pub use crate::error::Path as FieldPath;

/// A missing cell (unit × indicator).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MissingCell {
    /// The unit id.
    pub unit: String,
    /// The indicator id.
    pub indicator: String,
}

/// Errors of the composite-indicator pipeline.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CompositeError {
    /// A list or matrix of the wrong length or shape.
    #[error("{path}: expected {expected} values, found {found}")]
    Shape {
        /// The field.
        path: FieldPath,
        /// How many values were expected.
        expected: usize,
        /// How many were given.
        found: usize,
    },
    /// An empty input where at least one item is needed.
    #[error("{path}: is empty; at least {min} needed")]
    Empty {
        /// The field.
        path: FieldPath,
        /// The least number of items needed.
        min: usize,
    },
    /// An infinite value (NaN is allowed only as "missing" in the data matrix).
    #[error("{path}: {value} is not a finite number")]
    NotFinite {
        /// The field.
        path: FieldPath,
        /// The value, as text (`NaN`, `inf`, `-inf`).
        value: String,
    },
    /// The same id twice.
    #[error("{path}: the id {id:?} appears more than once")]
    Duplicate {
        /// The field.
        path: FieldPath,
        /// The repeated id.
        id: String,
    },
    /// An id that is not defined where it must be.
    #[error("{path}: unknown id {id:?}")]
    UnknownId {
        /// The field.
        path: FieldPath,
        /// The id.
        id: String,
    },
    /// A parameter outside its allowed values.
    #[error("{path}: {value} is not allowed: {reason}")]
    InvalidParameter {
        /// The field.
        path: FieldPath,
        /// The offending value, as text.
        value: String,
        /// What is allowed.
        reason: String,
    },
    /// Missing cells where the pipeline needs complete data (imputation `none`, or a step
    /// that cannot skip missing values).
    #[error("{path}: {count} missing values, e.g. {}", list_cells(.cells))]
    MissingValues {
        /// The step.
        path: FieldPath,
        /// How many cells are missing in all.
        count: usize,
        /// The first missing cells (row-major order), at most the step's `max_listed`.
        cells: Vec<MissingCell>,
    },
    /// An indicator whose values are all equal, where the method divides by its range or
    /// standard deviation.
    #[error("{path}: indicator {indicator:?} is constant (all values {value}); {reason}")]
    Constant {
        /// The step.
        path: FieldPath,
        /// The indicator id.
        indicator: String,
        /// Its one value.
        value: f64,
        /// What to do.
        reason: String,
    },
    /// A group (for group imputation) with no value of an indicator.
    #[error("{path}: group {group:?} has no value of indicator {indicator:?}")]
    EmptyGroup {
        /// The step.
        path: FieldPath,
        /// The group label.
        group: String,
        /// The indicator id.
        indicator: String,
    },
    /// A pairwise-comparison matrix that is not positive and reciprocal.
    #[error("{path}: a[{i}][{j}] = {a_ij} and a[{j}][{i}] = {a_ji} are not reciprocal positive judgements")]
    NotReciprocal {
        /// The matrix.
        path: FieldPath,
        /// Row.
        i: usize,
        /// Column.
        j: usize,
        /// a_ij.
        a_ij: f64,
        /// a_ji.
        a_ji: f64,
    },
    /// An AHP matrix whose consistency ratio is at or above the threshold, refused because
    /// `allow_inconsistent` is false.
    #[error("{path}: consistency ratio {cr:.4} ≥ {max_cr} (random index {random_index} from {table}); revise the judgements or set allow_inconsistent")]
    Inconsistent {
        /// The matrix.
        path: FieldPath,
        /// The consistency ratio.
        cr: f64,
        /// The threshold.
        max_cr: f64,
        /// The random index used.
        random_index: f64,
        /// The random-index table's name.
        table: String,
    },
    /// A value outside a method's domain (a negative value for a geometric mean, a zero
    /// under the `error` zero rule, a non-positive value for entropy, …).
    #[error("{path}: unit {unit:?}, {column:?} = {value}: {reason}")]
    Domain {
        /// The step.
        path: FieldPath,
        /// The unit id.
        unit: String,
        /// The indicator or group id.
        column: String,
        /// The value.
        value: f64,
        /// What the method needs.
        reason: String,
    },
    /// A step that needs something an earlier step makes (e.g. banding without aggregation).
    #[error("{path}: {reason}")]
    Order {
        /// The step.
        path: FieldPath,
        /// What is missing.
        reason: String,
    },
}

fn list_cells(cells: &[MissingCell]) -> String {
    cells
        .iter()
        .map(|c| format!("({}, {})", c.unit, c.indicator))
        .collect::<Vec<_>>()
        .join(", ")
}

impl CompositeError {
    /// The message in Chinese.
    #[must_use]
    pub fn message_zh(&self) -> String {
        match self {
            CompositeError::Shape {
                path,
                expected,
                found,
            } => format!("{path}：应有 {expected} 个值，实际 {found} 个"),
            CompositeError::Empty { path, min } => format!("{path}：为空，至少需要 {min} 项"),
            CompositeError::NotFinite { path, value } => format!("{path}：{value} 不是有限数"),
            CompositeError::Duplicate { path, id } => format!("{path}：标识 {id:?} 重复"),
            CompositeError::UnknownId { path, id } => format!("{path}：未知标识 {id:?}"),
            CompositeError::InvalidParameter {
                path,
                value,
                reason,
            } => format!("{path}：不允许取值 {value}（{reason}）"),
            CompositeError::MissingValues { path, count, cells } => {
                format!("{path}：共有 {count} 个缺失值，例如 {}", list_cells(cells))
            }
            CompositeError::Constant {
                path,
                indicator,
                value,
                reason,
            } => format!("{path}：指标 {indicator:?} 为常数（全部为 {value}）；{reason}"),
            CompositeError::EmptyGroup {
                path,
                group,
                indicator,
            } => format!("{path}：组 {group:?} 没有指标 {indicator:?} 的任何取值"),
            CompositeError::NotReciprocal {
                path,
                i,
                j,
                a_ij,
                a_ji,
            } => format!("{path}：a[{i}][{j}] = {a_ij} 与 a[{j}][{i}] = {a_ji} 不是互反的正判断值"),
            CompositeError::Inconsistent {
                path,
                cr,
                max_cr,
                random_index,
                table,
            } => format!(
                "{path}：一致性比率 {cr:.4} ≥ {max_cr}（随机一致性指标 {random_index}，取自 {table}）；请修改判断矩阵或设置 allow_inconsistent"
            ),
            CompositeError::Domain {
                path,
                unit,
                column,
                value,
                reason,
            } => format!("{path}：单元 {unit:?} 的 {column:?} = {value}：{reason}"),
            CompositeError::Order { path, reason } => format!("{path}：{reason}"),
        }
    }

    /// The field path the error names.
    #[must_use]
    pub fn path(&self) -> &FieldPath {
        match self {
            CompositeError::Shape { path, .. }
            | CompositeError::Empty { path, .. }
            | CompositeError::NotFinite { path, .. }
            | CompositeError::Duplicate { path, .. }
            | CompositeError::UnknownId { path, .. }
            | CompositeError::InvalidParameter { path, .. }
            | CompositeError::MissingValues { path, .. }
            | CompositeError::Constant { path, .. }
            | CompositeError::EmptyGroup { path, .. }
            | CompositeError::NotReciprocal { path, .. }
            | CompositeError::Inconsistent { path, .. }
            | CompositeError::Domain { path, .. }
            | CompositeError::Order { path, .. } => path,
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

/// Checks that `v` is finite.
pub(crate) fn finite(path: impl FnOnce() -> FieldPath, v: f64) -> Result<f64, CompositeError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(CompositeError::NotFinite {
            path: path(),
            value: num_text(v),
        })
    }
}

impl From<CompositeError> for crate::error::Error {
    fn from(e: CompositeError) -> Self {
        crate::error::Problem::new(
            crate::error::ErrorCode::IndicatorInput,
            crate::error::Msg::new(e.message_zh(), e.to_string()),
        )
        .at(e.path().clone())
        .into()
    }
}
