//! Typed errors of [`crate::timeline`], each naming the field (as a path of keys and indices) and
//! the offending value, with an English (`Display`) and a Chinese ([`TimelineError::message_zh`])
//! message.

use crate::curve::PathSeg;
use crate::error::ScoreError;

/// A timeline that cannot be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TimelineError {
    /// No assessment given.
    #[error("no assessment given: a timeline needs at least one")]
    Empty,
    /// The change tolerance is negative or not finite.
    #[error(
        "options.tolerance = {value} is invalid: it must be a finite number >= 0 (score points)"
    )]
    InvalidTolerance {
        /// The value given, as text.
        value: String,
    },
    /// The scoring options are invalid (weights).
    #[error("options.score is invalid: {source}")]
    Options {
        /// The problem.
        source: ScoreError,
    },
    /// An assessment cannot be scored against the framework.
    #[error("assessments[{index}] ({id:?}) cannot be scored: {source}")]
    Score {
        /// Its index in the input.
        index: usize,
        /// Its id.
        id: String,
        /// The problem.
        source: ScoreError,
    },
    /// An assessment has no date and the options require one.
    #[error("assessments[{index}] ({id:?}) has no date; undated assessments are rejected by options.undated = \"error\" (use \"after_dated\" to place them after the dated ones, by phase)")]
    Undated {
        /// Its index in the input.
        index: usize,
        /// Its id.
        id: String,
    },
    /// Two assessments of one community describe the same occasion (date and phase), so their
    /// order is undefined.
    #[error("assessments[{index}] and assessments[{first}] of community {community:?} have the same date ({date}) and phase ({phase}): their order is ambiguous; give them different dates or phases")]
    DuplicateOccasion {
        /// The later index in the input.
        index: usize,
        /// The earlier index.
        first: usize,
        /// The community key.
        community: String,
        /// The shared date, or `none`.
        date: String,
        /// The shared phase, or `none`.
        phase: String,
    },
    /// Grouping by a metadata key, and an assessment lacks it (or it is empty).
    #[error("assessments[{index}].metadata.{key} is missing or empty: grouping by metadata key {key:?} needs it on every assessment")]
    GroupKeyMissing {
        /// Its index in the input.
        index: usize,
        /// The metadata key.
        key: String,
    },
    /// Grouping by a metadata key whose value is not a string.
    #[error("assessments[{index}].metadata.{key} is {found}, not a string community key")]
    GroupKeyNotString {
        /// Its index in the input.
        index: usize,
        /// The metadata key.
        key: String,
        /// The value found (JSON).
        found: String,
    },
}

impl TimelineError {
    /// The field the problem is in: `["assessments", 3, "date"]`, `["options", "tolerance"]`.
    #[must_use]
    pub fn path(&self) -> Vec<PathSeg> {
        use PathSeg::{Index, Key};
        let k = |s: &str| Key(s.to_owned());
        match self {
            TimelineError::Empty => vec![k("assessments")],
            TimelineError::InvalidTolerance { .. } => vec![k("options"), k("tolerance")],
            TimelineError::Options { .. } => vec![k("options"), k("score")],
            TimelineError::Score { index, .. } | TimelineError::DuplicateOccasion { index, .. } => {
                vec![k("assessments"), Index(*index)]
            }
            TimelineError::Undated { index, .. } => {
                vec![k("assessments"), Index(*index), k("date")]
            }
            TimelineError::GroupKeyMissing { index, key }
            | TimelineError::GroupKeyNotString { index, key, .. } => {
                vec![k("assessments"), Index(*index), k("metadata"), k(key)]
            }
        }
    }

    /// A stable snake_case code for the variant.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            TimelineError::Empty => "empty",
            TimelineError::InvalidTolerance { .. } => "invalid_tolerance",
            TimelineError::Options { .. } => "invalid_options",
            TimelineError::Score { .. } => "score",
            TimelineError::Undated { .. } => "undated",
            TimelineError::DuplicateOccasion { .. } => "duplicate_occasion",
            TimelineError::GroupKeyMissing { .. } => "group_key_missing",
            TimelineError::GroupKeyNotString { .. } => "group_key_not_string",
        }
    }

    /// The message in Chinese.
    #[must_use]
    pub fn message_zh(&self) -> String {
        match self {
            TimelineError::Empty => "没有给出评估:时间线至少需要一项评估".to_owned(),
            TimelineError::InvalidTolerance { value } => {
                format!("options.tolerance = {value} 无效:应为不小于 0 的有限数(分数点)")
            }
            TimelineError::Options { source } => format!("options.score 无效:{source}"),
            TimelineError::Score { index, id, source } => {
                format!("assessments[{index}]({id:?})无法评分:{source}")
            }
            TimelineError::Undated { index, id } => format!(
                "assessments[{index}]({id:?})没有日期;options.undated = \"error\" 不接受无日期的评估(改用 \"after_dated\" 可将其按阶段排在有日期的评估之后)"
            ),
            TimelineError::DuplicateOccasion {
                index,
                first,
                community,
                date,
                phase,
            } => format!(
                "社区 {community:?} 的 assessments[{index}] 与 assessments[{first}] 日期({date})和阶段({phase})相同,先后顺序无法确定;请给出不同的日期或阶段"
            ),
            TimelineError::GroupKeyMissing { index, key } => format!(
                "assessments[{index}].metadata.{key} 缺失或为空:按元数据键 {key:?} 分组时每项评估都必须有它"
            ),
            TimelineError::GroupKeyNotString { index, key, found } => format!(
                "assessments[{index}].metadata.{key} 为 {found},不是字符串形式的社区键"
            ),
        }
    }
}

impl From<TimelineError> for crate::error::Error {
    fn from(e: TimelineError) -> Self {
        crate::error::Problem::new(
            crate::error::ErrorCode::TimelineInput,
            crate::error::Msg::new(e.message_zh(), e.to_string()),
        )
        .at(crate::error::Path(e.path()))
        .into()
    }
}
