//! Typed errors of [`crate::curve`], each naming the field (as a path of keys and indices) and
//! the offending value, with an English (`Display`) and a Chinese ([`CurveError::message_zh`])
//! message.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::error::PathSeg;

/// A path as text: `curves[2].value[5]`.
#[must_use]
pub fn path_string(path: &[PathSeg]) -> String {
    crate::error::Path(path.to_vec()).to_string()
}

/// Which column of a series a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The sample times.
    Time,
    /// The functionality values Q(t).
    Value,
}

impl Column {
    /// The field name (`"time"` or `"value"`).
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Column::Time => "time",
            Column::Value => "value",
        }
    }

    const fn zh(self) -> &'static str {
        match self {
            Column::Time => "时间",
            Column::Value => "功能值",
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A bad functionality curve or bad options.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CurveError {
    /// Fewer than two samples.
    #[error("a functionality curve needs at least 2 samples, found {len}")]
    TooFewSamples {
        /// Samples given.
        len: usize,
    },
    /// `time` and `value` differ in length.
    #[error("time has {time} entries but value has {value}; they must have the same length")]
    LengthMismatch {
        /// Length of `time`.
        time: usize,
        /// Length of `value`.
        value: usize,
    },
    /// A time or value that is NaN or infinite.
    #[error("{column}[{index}] is {value}, not a finite number")]
    NonFinite {
        /// Which column.
        column: Column,
        /// The sample index.
        index: usize,
        /// The value as text (`NaN`, `inf`).
        value: String,
    },
    /// A time or value beyond ±[`crate::limits::MAX_MAGNITUDE`]: areas and rates of such
    /// numbers would overflow to infinity.
    #[error("{column}[{index}] is {value:e}, beyond ±1e15 (areas and rates would overflow)")]
    TooLarge {
        /// Which column.
        column: Column,
        /// The sample index.
        index: usize,
        /// The value.
        value: f64,
    },
    /// Times not strictly increasing.
    #[error("time[{index}] = {value} is not after time[{}] = {previous}; times must be strictly increasing", .index - 1)]
    NotIncreasing {
        /// The index of the offending time.
        index: usize,
        /// The time before it.
        previous: f64,
        /// The offending time.
        value: f64,
    },
    /// An option out of its range.
    #[error("options.{field} = {value} is invalid: it must be {expected}")]
    InvalidOption {
        /// The option's field name.
        field: &'static str,
        /// The value given, as text.
        value: String,
        /// What is accepted (English).
        expected: &'static str,
    },
    /// The given event start is not within the samples.
    #[error("options.event_start = {value} is outside the samples: it must satisfy {first} <= event_start < {last}")]
    EventStartOutside {
        /// The value given.
        value: f64,
        /// The first sample time.
        first: f64,
        /// The last sample time.
        last: f64,
    },
    /// The horizon is not after the event start or beyond the last sample.
    #[error("the horizon {value} is invalid: it must satisfy event start {start} < horizon <= last sample time {last}")]
    HorizonOutside {
        /// The horizon.
        value: f64,
        /// The event start.
        start: f64,
        /// The last sample time.
        last: f64,
    },
    /// No sample before the event start to take the baseline from, and no baseline given.
    #[error("no sample lies before the event start {event_start}, so the pre-event baseline cannot be computed; give options.baseline")]
    NoPreEventSamples {
        /// The event start.
        event_start: f64,
    },
    /// The baseline (given or computed) is not positive, so depth and shares are undefined.
    #[error("the baseline {value} ({origin}) must be positive: depth 1 - min Q / baseline and the shares need a positive baseline")]
    NonPositiveBaseline {
        /// The baseline.
        value: f64,
        /// `"given"` or `"pre-event mean"`.
        origin: &'static str,
    },
    /// Detection found no drop below the baseline by more than the tolerance.
    #[error("no event detected: no sample falls below the pre-event baseline by more than drop_tolerance = {tolerance}; give options.event_start")]
    NoEventDetected {
        /// The drop tolerance used.
        tolerance: f64,
    },
    /// The first sample is already below the given baseline, so the start cannot be detected.
    #[error("value[0] = {value} is already below the baseline {baseline} by more than the tolerance: the event started before the first sample; give options.event_start")]
    DroppedAtFirstSample {
        /// The first value.
        value: f64,
        /// The baseline.
        baseline: f64,
    },
    /// No curve given to [`analyse_dimensions`](crate::curve::analyse_dimensions).
    #[error("no curve given")]
    Empty,
    /// A curve names a dimension the framework does not have.
    #[error("curves[{index}].dimension {id:?} is not a dimension of framework {framework:?}; expected one of: {expected}")]
    UnknownDimension {
        /// The curve's index.
        index: usize,
        /// The id given.
        id: String,
        /// The framework id.
        framework: String,
        /// The framework's dimension ids, comma-separated.
        expected: String,
    },
    /// Two curves name the same dimension.
    #[error("curves[{index}].dimension {id:?} repeats curves[{first}]: one curve per dimension")]
    DuplicateDimension {
        /// The curve's index.
        index: usize,
        /// The repeated id.
        id: String,
        /// The index of the first curve with that id.
        first: usize,
    },
    /// The paper's two-question rule needs a three-level scale.
    #[error("framework {framework:?} has {levels} levels; the paper's rule (coped / developed) needs exactly 3")]
    NotThreeLevels {
        /// The framework id.
        framework: String,
        /// Its number of levels.
        levels: usize,
    },
    /// CSV text that cannot be read.
    #[error("the curve's CSV cannot be read at line {line}: {message}")]
    CsvSyntax {
        /// The line (1 = the header's).
        line: u64,
        /// The reader's message.
        message: String,
    },
    /// The time or value column is not in the CSV header.
    #[error("the curve's CSV has no {column} column{}: its header is {headers}", .name.as_ref().map(|n| format!(" named {n:?}")).unwrap_or_default())]
    CsvMissingColumn {
        /// Which column.
        column: Column,
        /// The name asked for, if any.
        name: Option<String>,
        /// The header's names, comma-separated.
        headers: String,
    },
    /// A CSV cell that is not a finite number.
    #[error("row {row} (line {line}), column {column:?}: {value:?} is not a number")]
    CsvCell {
        /// The data row (0-based).
        row: usize,
        /// The file's line (1 = the header's).
        line: u64,
        /// The column's header.
        column: String,
        /// The cell (at most 64 characters).
        value: String,
    },
    /// A problem of the series at a CSV row (a time not after the one before, a number too
    /// large).
    #[error("row {row} (line {line}), column {column:?}: {source}")]
    CsvRow {
        /// The data row (0-based).
        row: usize,
        /// The file's line.
        line: u64,
        /// The column's header.
        column: String,
        /// The problem.
        source: Box<CurveError>,
    },
    /// More rows than [`crate::limits::MAX_TABLE_ROWS`].
    #[error("the curve's CSV has more than {max} rows")]
    CsvTooManyRows {
        /// The limit.
        max: usize,
    },
    /// A problem in one curve of several.
    #[error("curves[{index}] ({dimension}): {source}")]
    Curve {
        /// The curve's index.
        index: usize,
        /// Its dimension id.
        dimension: String,
        /// The problem.
        source: Box<CurveError>,
    },
}

impl CurveError {
    /// The field the problem is in, from the request's root: `["value", 3]`,
    /// `["options", "horizon"]`, `["curves", 2, "series", "time", 5]`.
    #[must_use]
    pub fn path(&self) -> Vec<PathSeg> {
        use PathSeg::{Index, Key};
        let k = |s: &str| Key(s.to_owned());
        match self {
            CurveError::TooFewSamples { .. } => vec![k("time")],
            CurveError::LengthMismatch { .. } => vec![k("value")],
            CurveError::NonFinite { column, index, .. }
            | CurveError::TooLarge { column, index, .. } => {
                vec![k(column.key()), Index(*index)]
            }
            CurveError::NotIncreasing { index, .. } => vec![k("time"), Index(*index)],
            CurveError::InvalidOption { field, .. } => vec![k("options"), k(field)],
            CurveError::EventStartOutside { .. } => vec![k("options"), k("event_start")],
            CurveError::HorizonOutside { .. } => vec![k("options"), k("horizon")],
            CurveError::NoPreEventSamples { .. } | CurveError::NonPositiveBaseline { .. } => {
                vec![k("options"), k("baseline")]
            }
            CurveError::NoEventDetected { .. } => vec![k("options"), k("event_start")],
            CurveError::DroppedAtFirstSample { .. } => vec![k("value"), Index(0)],
            CurveError::Empty | CurveError::NotThreeLevels { .. } => vec![k("curves")],
            CurveError::UnknownDimension { index, .. }
            | CurveError::DuplicateDimension { index, .. } => {
                vec![k("curves"), Index(*index), k("dimension")]
            }
            CurveError::CsvSyntax { .. } => vec![k("text")],
            CurveError::CsvMissingColumn { column, .. } => vec![k("columns"), k(column.key())],
            CurveError::CsvCell { row, column, .. } | CurveError::CsvRow { row, column, .. } => {
                vec![k("rows"), Index(*row), k(column)]
            }
            CurveError::CsvTooManyRows { .. } => vec![k("rows")],
            CurveError::Curve { index, source, .. } => {
                let mut p = vec![k("curves"), Index(*index)];
                let inner = source.path();
                // Series fields sit under "series" in a DimensionCurve; options under "options".
                if matches!(inner.first(), Some(Key(f)) if f == "time" || f == "value") {
                    p.push(k("series"));
                }
                p.extend(inner);
                p
            }
        }
    }

    /// A stable snake_case code for the variant (for bindings and golden vectors).
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            CurveError::TooFewSamples { .. } => "too_few_samples",
            CurveError::LengthMismatch { .. } => "length_mismatch",
            CurveError::NonFinite { .. } => "non_finite",
            CurveError::TooLarge { .. } => "too_large",
            CurveError::NotIncreasing { .. } => "not_increasing",
            CurveError::InvalidOption { .. } => "invalid_option",
            CurveError::EventStartOutside { .. } => "event_start_outside",
            CurveError::HorizonOutside { .. } => "horizon_outside",
            CurveError::NoPreEventSamples { .. } => "no_pre_event_samples",
            CurveError::NonPositiveBaseline { .. } => "non_positive_baseline",
            CurveError::NoEventDetected { .. } => "no_event_detected",
            CurveError::DroppedAtFirstSample { .. } => "dropped_at_first_sample",
            CurveError::Empty => "empty",
            CurveError::UnknownDimension { .. } => "unknown_dimension",
            CurveError::DuplicateDimension { .. } => "duplicate_dimension",
            CurveError::NotThreeLevels { .. } => "not_three_levels",
            CurveError::CsvSyntax { .. } => "csv_syntax",
            CurveError::CsvMissingColumn { .. } => "csv_missing_column",
            CurveError::CsvCell { .. } => "csv_cell",
            CurveError::CsvRow { source, .. } | CurveError::Curve { source, .. } => source.reason(),
            CurveError::CsvTooManyRows { .. } => "csv_too_many_rows",
        }
    }

    /// The message in Chinese.
    #[must_use]
    pub fn message_zh(&self) -> String {
        match self {
            CurveError::TooFewSamples { len } => {
                format!("功能曲线至少需要 2 个样本点,实际只有 {len} 个")
            }
            CurveError::LengthMismatch { time, value } => {
                format!("time 有 {time} 个值而 value 有 {value} 个,两者长度必须相同")
            }
            CurveError::TooLarge {
                column,
                index,
                value,
            } => format!(
                "{}[{index}]({})为 {value:e},超出 ±1e15(面积与速率会溢出)",
                column.key(),
                column.zh()
            ),
            CurveError::NonFinite {
                column,
                index,
                value,
            } => format!(
                "{}[{index}]({})为 {value},不是有限数",
                column.key(),
                column.zh()
            ),
            CurveError::NotIncreasing {
                index,
                previous,
                value,
            } => format!(
                "time[{index}] = {value} 不晚于 time[{}] = {previous};时间必须严格递增",
                index - 1
            ),
            CurveError::InvalidOption {
                field,
                value,
                expected,
            } => format!(
                "选项 options.{field} = {value} 无效:应为 {}",
                expected_zh(expected)
            ),
            CurveError::EventStartOutside { value, first, last } => format!(
                "事件开始时间 options.event_start = {value} 超出样本范围:须满足 {first} ≤ event_start < {last}"
            ),
            CurveError::HorizonOutside { value, start, last } => format!(
                "观察期终点 {value} 无效:须满足 事件开始 {start} < 终点 ≤ 最后样本时间 {last}"
            ),
            CurveError::NoPreEventSamples { event_start } => format!(
                "事件开始时间 {event_start} 之前没有样本,无法计算事件前基线;请给出 options.baseline"
            ),
            CurveError::NonPositiveBaseline { value, origin } => format!(
                "基线 {value}({})必须为正:跌落深度 1 − 最小值/基线 需要正的基线",
                if *origin == "given" {
                    "给定"
                } else {
                    "事件前均值"
                }
            ),
            CurveError::NoEventDetected { tolerance } => format!(
                "未检测到事件:没有样本低于事件前基线超过容差 drop_tolerance = {tolerance};请给出 options.event_start"
            ),
            CurveError::DroppedAtFirstSample { value, baseline } => format!(
                "value[0] = {value} 已低于基线 {baseline} 超过容差:事件在第一个样本之前已开始;请给出 options.event_start"
            ),
            CurveError::Empty => "没有给出任何曲线".to_owned(),
            CurveError::UnknownDimension {
                index,
                id,
                framework,
                expected,
            } => format!(
                "curves[{index}].dimension {id:?} 不是框架 {framework:?} 的维度;应为以下之一:{expected}"
            ),
            CurveError::DuplicateDimension { index, id, first } => format!(
                "curves[{index}].dimension {id:?} 与 curves[{first}] 重复:每个维度只能有一条曲线"
            ),
            CurveError::NotThreeLevels { framework, levels } => format!(
                "框架 {framework:?} 有 {levels} 个等级;论文的规则(有效应对/得到发展)需要恰好 3 个等级"
            ),
            CurveError::CsvSyntax { line, message } => {
                format!("曲线的 CSV 第 {line} 行无法读取:{message}")
            }
            CurveError::CsvMissingColumn {
                column,
                name,
                headers,
            } => format!(
                "曲线的 CSV 没有{}列{}:表头为 {headers}",
                column.zh(),
                name.as_ref().map(|n| format!("(名为 {n:?})")).unwrap_or_default()
            ),
            CurveError::CsvCell {
                row,
                line,
                column,
                value,
            } => format!("第 {row} 行(文件第 {line} 行)“{column}”列:{value:?} 不是数字"),
            CurveError::CsvRow {
                row,
                line,
                column,
                source,
            } => format!(
                "第 {row} 行(文件第 {line} 行)“{column}”列:{}",
                source.message_zh()
            ),
            CurveError::CsvTooManyRows { max } => format!("曲线的 CSV 超过 {max} 行"),
            CurveError::Curve {
                index,
                dimension,
                source,
            } => format!("curves[{index}]({dimension}):{}", source.message_zh()),
        }
    }
}

fn expected_zh(en: &str) -> &'static str {
    match en {
        "a finite number within 0..1" => "0 到 1 之间(不含 1)的有限数",
        "a finite number within (0, 1]" => "大于 0 且不大于 1 的有限数",
        "a finite number" => "有限数",
        _ => "有效值",
    }
}

impl From<CurveError> for crate::error::Error {
    fn from(e: CurveError) -> Self {
        let code = match e {
            CurveError::CsvTooManyRows { .. } => crate::error::ErrorCode::LimitExceeded,
            _ => crate::error::ErrorCode::CurveInput,
        };
        crate::error::Problem::new(code, crate::error::Msg::new(e.message_zh(), e.to_string()))
            .at(crate::error::Path(e.path()))
            .into()
    }
}
