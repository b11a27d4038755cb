//! The typed errors of [`crate::agree`], each naming its field as a path of segments and carrying
//! an English ([`std::fmt::Display`]) and a Chinese ([`AgreeError::message_zh`]) message.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Measure;

pub use crate::error::PathSeg as Seg;

/// What an option's value should have been (for [`AgreeError::InvalidOption`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Expected {
    /// An integer ≥ 1.
    PositiveInteger,
    /// A number strictly between 0 and 1.
    OpenUnitInterval,
    /// A finite number.
    FiniteNumber,
    /// A finite number ≥ 0.
    NonNegativeNumber,
    /// A partial of this version, of one analysis (the same scale; groups in all or none).
    PartialOfOneAnalysis,
}

impl Expected {
    fn en(self) -> &'static str {
        match self {
            Expected::PositiveInteger => "an integer >= 1",
            Expected::OpenUnitInterval => "a number strictly between 0 and 1",
            Expected::FiniteNumber => "a finite number",
            Expected::NonNegativeNumber => "a finite number >= 0",
            Expected::PartialOfOneAnalysis => {
                "a partial of this version from one analysis (one scale; groups in all or none)"
            }
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Expected::PositiveInteger => "不小于 1 的整数",
            Expected::OpenUnitInterval => "严格介于 0 与 1 之间的数",
            Expected::FiniteNumber => "有限数",
            Expected::NonNegativeNumber => "不小于 0 的有限数",
            Expected::PartialOfOneAnalysis => {
                "同一分析、同一版本的部分结果（同一量表；或都分组，或都不分组）"
            }
        }
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en())
    }
}

/// Bad reliability data or options, or a measure that is undefined on the data given.
///
/// Every variant names its field ([`AgreeError::path`]) and the offending value; the English
/// message is the `Display`, the Chinese one [`AgreeError::message_zh`], the stable code
/// [`AgreeError::reason`] (also the serialised `code` tag).
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AgreeError {
    /// The list of codings (or the matrix) holds no value at all.
    #[error("codings: no coding given")]
    NoCodings,
    /// A unit or coder id is the empty string.
    #[error("codings[{row}].{field}: the id is empty")]
    EmptyId {
        /// Row of the codings.
        row: usize,
        /// `unit` or `coder`.
        field: String,
    },
    /// The same coder coded the same unit twice.
    #[error("codings[{row}]: coder {coder:?} already coded unit {unit:?} in row {first_row}")]
    DuplicateCoding {
        /// The repeated row.
        row: usize,
        /// The row that coded the pair first.
        first_row: usize,
        /// The unit.
        unit: String,
        /// The coder.
        coder: String,
    },
    /// A unit or coder id of a matrix is repeated.
    #[error("{field}s[{index}]: {id:?} repeats {field}s[{first_index}]")]
    DuplicateId {
        /// `unit` or `coder`.
        field: String,
        /// The repeated position.
        index: usize,
        /// The first position.
        first_index: usize,
        /// The id.
        id: String,
    },
    /// A value is NaN or infinite.
    #[error("codings[{row}].value: {value} is not a finite number")]
    NonFiniteValue {
        /// Row of the codings (or cell of the matrix).
        row: usize,
        /// The value as text (`NaN`, `inf`).
        value: String,
    },
    /// A number on a category scale is not one of the codes 1..=levels.
    #[error("codings[{row}].value: {value} is not a category code 1..={levels}")]
    NotACode {
        /// Row of the codings (or cell of the matrix).
        row: usize,
        /// The value.
        value: f64,
        /// The number of categories of the scale.
        levels: u32,
    },
    /// A label is not one of the scale's labels.
    #[error("codings[{row}].value: {label:?} is not a label of the scale")]
    UnknownLabel {
        /// Row of the codings.
        row: usize,
        /// The label.
        label: String,
    },
    /// A label was given on a numeric scale.
    #[error("codings[{row}].value: {label:?} is text, but the scale is numeric")]
    LabelOnNumericScale {
        /// Row of the codings.
        row: usize,
        /// The label.
        label: String,
    },
    /// A category scale has fewer than two levels.
    #[error("scale.levels: {levels} (a category scale needs at least 2 levels)")]
    TooFewLevels {
        /// The levels given.
        levels: u32,
    },
    /// A category scale's labels are not one per level.
    #[error("scale.labels: {labels} labels for {levels} levels (give none or one per level)")]
    LabelCount {
        /// The levels.
        levels: u32,
        /// The labels given.
        labels: usize,
    },
    /// A label is empty or repeated.
    #[error("scale.labels[{index}]: {label:?} is empty or repeated")]
    BadLabel {
        /// Index of the label.
        index: usize,
        /// The label.
        label: String,
    },
    /// A unit's codings carry two different groups.
    #[error(
        "codings[{row}].group: unit {unit:?} is in group {first_group:?} already, not {group:?}"
    )]
    ConflictingGroup {
        /// Row of the codings.
        row: usize,
        /// The unit.
        unit: String,
        /// The group of this row.
        group: String,
        /// The group given first.
        first_group: String,
    },
    /// Grouped agreement: a unit has no group.
    #[error("codings: unit {unit:?} has no group")]
    MissingGroup {
        /// The unit.
        unit: String,
    },
    /// The matrix of values is not units × coders.
    #[error("values: {found} cells, expected units × coders = {expected}")]
    MatrixShape {
        /// units × coders.
        expected: usize,
        /// Cells given.
        found: usize,
    },
    /// No unit holds two or more values, so nothing can be paired.
    #[error("codings: no unit has two or more values, nothing to pair ({measure:?})")]
    NoPairableUnits {
        /// The measure asked for.
        measure: Measure,
    },
    /// All paired values are equal: the measure is 0/0 (undefined).
    #[error("codings: the values do not vary, so {measure:?} is undefined (0/0)")]
    NoVariation {
        /// The measure asked for.
        measure: Measure,
    },
    /// Cohen's κ needs exactly two coders.
    #[error("codings: Cohen's kappa needs exactly 2 coders, found {found}")]
    NeedsTwoCoders {
        /// Coders in the data.
        found: usize,
    },
    /// A coder named in the options is not in the data.
    #[error("{}: no coder {coder:?} in the data", dotted(path))]
    UnknownCoder {
        /// Where the coder was named.
        path: Vec<Seg>,
        /// The coder.
        coder: String,
    },
    /// Two coders share no unit.
    #[error("codings: coders {coder_a:?} and {coder_b:?} coded no unit in common")]
    NoCommonUnits {
        /// First coder.
        coder_a: String,
        /// Second coder.
        coder_b: String,
    },
    /// Fleiss' κ with a constant number of ratings: a unit has another number.
    #[error("codings: unit {unit:?} has {ratings} ratings, Fleiss' kappa needs the same number for every unit ({expected}); use fleiss_units = complete_only to keep only units rated by every coder")]
    UnequalRatings {
        /// The unit.
        unit: String,
        /// Its number of ratings.
        ratings: usize,
        /// The number of the first rated unit.
        expected: usize,
    },
    /// Fleiss' κ on complete units: no unit was rated by every coder (or fewer than 2 coders).
    #[error(
        "codings: no unit was rated by all {coders} coders (Fleiss' kappa, complete units only)"
    )]
    NoCompleteUnits {
        /// Coders in the data.
        coders: usize,
    },
    /// The ratio metric needs values ≥ 0.
    #[error("codings: the ratio metric needs values >= 0, found {value}")]
    NegativeRatioValue {
        /// The smallest value.
        value: f64,
    },
    /// Too many distinct values for the value-by-value matrices.
    #[error("codings: {distinct} distinct values, at most {max} are supported by the value-by-value matrices")]
    TooManyValues {
        /// Distinct values in the data.
        distinct: usize,
        /// The limit.
        max: usize,
    },
    /// An option is out of range.
    #[error("{}: {value} is not {expected}", dotted(path))]
    InvalidOption {
        /// The option.
        path: Vec<Seg>,
        /// The value given, as text.
        value: String,
        /// What it should be.
        expected: Expected,
    },
    /// The mode rule with `ties: error` met a tie.
    #[error(
        "unit {unit:?}: the most frequent values {values:?} are tied (mode rule with ties = error)"
    )]
    ModeTie {
        /// The unit.
        unit: String,
        /// The tied values.
        values: Vec<f64>,
    },
    /// The adjudicator did not code a unit.
    #[error("unit {unit:?}: the adjudicator {coder:?} did not code it")]
    AdjudicatorMissing {
        /// The unit.
        unit: String,
        /// The adjudicator.
        coder: String,
    },
}

fn dotted(path: &[Seg]) -> String {
    let mut s = String::new();
    for (i, seg) in path.iter().enumerate() {
        match seg {
            Seg::Index(n) => s.push_str(&format!("[{n}]")),
            Seg::Key(k) if i == 0 => s.push_str(k),
            Seg::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
        }
    }
    s
}

fn seg_row(row: usize, field: &str) -> Vec<Seg> {
    vec!["codings".into(), row.into(), field.into()]
}

impl AgreeError {
    /// The stable reason id (the serialised `code` tag), e.g. `duplicate_coding`: finer than
    /// the [`ErrorCode`](crate::ErrorCode) the operation layer reports (`agreement_input`).
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            AgreeError::NoCodings => "no_codings",
            AgreeError::EmptyId { .. } => "empty_id",
            AgreeError::DuplicateCoding { .. } => "duplicate_coding",
            AgreeError::DuplicateId { .. } => "duplicate_id",
            AgreeError::NonFiniteValue { .. } => "non_finite_value",
            AgreeError::NotACode { .. } => "not_a_code",
            AgreeError::UnknownLabel { .. } => "unknown_label",
            AgreeError::LabelOnNumericScale { .. } => "label_on_numeric_scale",
            AgreeError::TooFewLevels { .. } => "too_few_levels",
            AgreeError::LabelCount { .. } => "label_count",
            AgreeError::BadLabel { .. } => "bad_label",
            AgreeError::ConflictingGroup { .. } => "conflicting_group",
            AgreeError::MissingGroup { .. } => "missing_group",
            AgreeError::MatrixShape { .. } => "matrix_shape",
            AgreeError::NoPairableUnits { .. } => "no_pairable_units",
            AgreeError::NoVariation { .. } => "no_variation",
            AgreeError::NeedsTwoCoders { .. } => "needs_two_coders",
            AgreeError::UnknownCoder { .. } => "unknown_coder",
            AgreeError::NoCommonUnits { .. } => "no_common_units",
            AgreeError::UnequalRatings { .. } => "unequal_ratings",
            AgreeError::NoCompleteUnits { .. } => "no_complete_units",
            AgreeError::NegativeRatioValue { .. } => "negative_ratio_value",
            AgreeError::TooManyValues { .. } => "too_many_values",
            AgreeError::InvalidOption { .. } => "invalid_option",
            AgreeError::ModeTie { .. } => "mode_tie",
            AgreeError::AdjudicatorMissing { .. } => "adjudicator_missing",
        }
    }

    /// The field the error is about, as segments from the request's root
    /// (`["codings", 3, "value"]`; `["codings"]` for the data as a whole).
    #[must_use]
    pub fn path(&self) -> Vec<Seg> {
        match self {
            AgreeError::EmptyId { row, field } => seg_row(*row, field),
            AgreeError::DuplicateCoding { row, .. } => vec!["codings".into(), (*row).into()],
            AgreeError::DuplicateId { field, index, .. } => {
                vec![Seg::Key(format!("{field}s")), (*index).into()]
            }
            AgreeError::NonFiniteValue { row, .. }
            | AgreeError::NotACode { row, .. }
            | AgreeError::UnknownLabel { row, .. }
            | AgreeError::LabelOnNumericScale { row, .. } => seg_row(*row, "value"),
            AgreeError::ConflictingGroup { row, .. } => seg_row(*row, "group"),
            AgreeError::TooFewLevels { .. } => vec!["scale".into(), "levels".into()],
            AgreeError::LabelCount { .. } => vec!["scale".into(), "labels".into()],
            AgreeError::BadLabel { index, .. } => {
                vec!["scale".into(), "labels".into(), (*index).into()]
            }
            AgreeError::MatrixShape { .. } => vec!["values".into()],
            AgreeError::UnknownCoder { path, .. } | AgreeError::InvalidOption { path, .. } => {
                path.clone()
            }
            AgreeError::NoCodings
            | AgreeError::MissingGroup { .. }
            | AgreeError::NoPairableUnits { .. }
            | AgreeError::NoVariation { .. }
            | AgreeError::NeedsTwoCoders { .. }
            | AgreeError::NoCommonUnits { .. }
            | AgreeError::UnequalRatings { .. }
            | AgreeError::NoCompleteUnits { .. }
            | AgreeError::NegativeRatioValue { .. }
            | AgreeError::TooManyValues { .. }
            | AgreeError::ModeTie { .. }
            | AgreeError::AdjudicatorMissing { .. } => vec!["codings".into()],
        }
    }

    /// The message in Chinese (the English one is the `Display`).
    #[must_use]
    pub fn message_zh(&self) -> String {
        match self {
            AgreeError::NoCodings => "codings：没有任何编码".to_owned(),
            AgreeError::EmptyId { row, field } => {
                format!("codings[{row}].{field}：标识为空")
            }
            AgreeError::DuplicateCoding {
                row,
                first_row,
                unit,
                coder,
            } => format!("codings[{row}]：编码员「{coder}」已在第 {first_row} 行编码过单元「{unit}」"),
            AgreeError::DuplicateId {
                field,
                index,
                first_index,
                id,
            } => format!("{field}s[{index}]：「{id}」与 {field}s[{first_index}] 重复"),
            AgreeError::NonFiniteValue { row, value } => {
                format!("codings[{row}].value：{value} 不是有限数")
            }
            AgreeError::NotACode { row, value, levels } => {
                format!("codings[{row}].value：{value} 不是类别代码 1..={levels}")
            }
            AgreeError::UnknownLabel { row, label } => {
                format!("codings[{row}].value：「{label}」不是量表的标签")
            }
            AgreeError::LabelOnNumericScale { row, label } => {
                format!("codings[{row}].value：「{label}」是文字，但量表是数值型")
            }
            AgreeError::TooFewLevels { levels } => {
                format!("scale.levels：{levels}（类别量表至少需要 2 个等级）")
            }
            AgreeError::LabelCount { levels, labels } => {
                format!("scale.labels：{levels} 个等级却有 {labels} 个标签（不给或每级一个）")
            }
            AgreeError::BadLabel { index, label } => {
                format!("scale.labels[{index}]：「{label}」为空或重复")
            }
            AgreeError::ConflictingGroup {
                row,
                unit,
                group,
                first_group,
            } => format!("codings[{row}].group：单元「{unit}」已属于组「{first_group}」，不能再属于「{group}」"),
            AgreeError::MissingGroup { unit } => format!("codings：单元「{unit}」没有分组"),
            AgreeError::MatrixShape { expected, found } => {
                format!("values：有 {found} 个格，应为 单元数 × 编码员数 = {expected}")
            }
            AgreeError::NoPairableUnits { measure } => {
                format!("codings：没有任何单元有两个及以上的值，无法配对（{}）", measure.name_zh())
            }
            AgreeError::NoVariation { measure } => {
                format!("codings：取值没有变异，{}无定义（0/0）", measure.name_zh())
            }
            AgreeError::NeedsTwoCoders { found } => {
                format!("codings：Cohen's κ 需要恰好 2 名编码员，实有 {found} 名")
            }
            AgreeError::UnknownCoder { path, coder } => {
                format!("{}：数据中没有编码员「{coder}」", dotted(path))
            }
            AgreeError::NoCommonUnits { coder_a, coder_b } => {
                format!("codings：编码员「{coder_a}」与「{coder_b}」没有共同编码的单元")
            }
            AgreeError::UnequalRatings {
                unit,
                ratings,
                expected,
            } => format!("codings：单元「{unit}」有 {ratings} 个评定，Fleiss κ 要求每个单元评定数相同（{expected}）；可用 fleiss_units = complete_only 只保留所有编码员都评定的单元"),
            AgreeError::NoCompleteUnits { coders } => {
                format!("codings：没有任何单元被全部 {coders} 名编码员评定（Fleiss κ，仅完整单元）")
            }
            AgreeError::NegativeRatioValue { value } => {
                format!("codings：比率尺度要求取值 ≥ 0，发现 {value}")
            }
            AgreeError::TooManyValues { distinct, max } => {
                format!("codings：有 {distinct} 个不同取值，值×值矩阵最多支持 {max} 个")
            }
            AgreeError::InvalidOption {
                path,
                value,
                expected,
            } => format!("{}：{value} 不是{}", dotted(path), expected.zh()),
            AgreeError::ModeTie { unit, values } => {
                format!("单元「{unit}」：出现最多的取值 {values:?} 并列（众数规则，ties = error）")
            }
            AgreeError::AdjudicatorMissing { unit, coder } => {
                format!("单元「{unit}」：裁决编码员「{coder}」没有编码")
            }
        }
    }
}

/// Check that an option is finite and within `ok`; otherwise an [`AgreeError::InvalidOption`].
pub(crate) fn check_option(
    path: &[&str],
    value: f64,
    expected: Expected,
    ok: bool,
) -> Result<(), AgreeError> {
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(AgreeError::InvalidOption {
            path: path.iter().map(|s| Seg::from(*s)).collect(),
            value: format!("{value}"),
            expected,
        })
    }
}

impl From<AgreeError> for crate::error::Error {
    fn from(e: AgreeError) -> Self {
        crate::error::Problem::new(
            crate::error::ErrorCode::AgreementInput,
            crate::error::Msg::new(e.message_zh(), e.to_string()),
        )
        .at(crate::error::Path(e.path()))
        .into()
    }
}
