//! The documented limits on input, and the one error ([`ErrorCode::LimitExceeded`]) for an input
//! above one of them.
//!
//! A hostile or careless input must cost at most a few times its own size in memory and time,
//! and never a panic, an abort or a hang. Every front end (Rust, CLI, Python, JavaScript) runs
//! operations through `renxing-ops`, which checks each request with [`check_request`] before
//! reading it; the core checks what it computes from (runs, QCA conditions, framework sizes) and
//! caps every list of problems at [`MAX_ISSUES`] (the first ones and a count).
//!
//! | limit | value | where |
//! |---|---|---|
//! | text of one input (a file, a CSV, a request's `text`) | [`MAX_INPUT_BYTES`] = 64 MiB | requests |
//! | nesting of a JSON document | [`MAX_DEPTH`] = 64 | [`crate::json`] |
//! | nesting of a request (a document inside a request) | [`MAX_REQUEST_DEPTH`] = 72 | requests |
//! | one string (a name, a quote, a cell) | [`MAX_STRING_BYTES`] = 1 MiB | requests |
//! | dimensions (also attributes) / levels of a framework | [`MAX_DIMENSIONS`] = 256 / [`MAX_LEVELS`] = 100 | frameworks |
//! | assessments in one request or table | [`MAX_ASSESSMENTS`] = 100,000 | requests, tables |
//! | rows / columns / cells (rows × columns) of a table | [`MAX_TABLE_ROWS`] = 1,000,000 / [`MAX_TABLE_COLUMNS`] = 10,000 / [`MAX_TABLE_CELLS`] = 20,000,000 | tables |
//! | codings / distinct coders | [`MAX_CODINGS`] = 1,000,000 / [`MAX_CODERS`] = 1,000 | requests |
//! | indicators / units of a dataset | [`MAX_INDICATORS`] = 1,000 / [`MAX_UNITS`] = 100,000 | requests |
//! | uncertainty runs (sensitivity: N (d + 2)) | [`MAX_RUNS`] = 1,000,000 | uncertainty |
//! | runs × units kept in memory | [`MAX_RUN_CELLS`] = 20,000,000 | uncertainty |
//! | units of a pairwise (outranking) matrix | [`MAX_PAIRWISE_UNITS`] = 3,000 | uncertainty |
//! | categories of an agreement scale | [`MAX_SCALE_LEVELS`] = 2,048 | agreement |
//! | bootstrap resamples | [`MAX_BOOTSTRAP`] = 100,000 | agreement, sensitivity |
//! | QCA conditions | [`MAX_QCA_CONDITIONS`] = 25 | QCA |
//! | magnitude of a measured number (curve times and values, dataset values) | [`MAX_MAGNITUDE`] = 1e15 (the area's own error) | curves, indicators |
//! | problems listed in one error | [`MAX_ISSUES`] = 50 (+ one `too_many` issue with the count) | everywhere |
//!
//! ```
//! use renxing::limits::{check_request, MAX_STRING_BYTES};
//! let big = "x".repeat(MAX_STRING_BYTES + 1);
//! let e = check_request(&serde_json::json!({"assessment": {"name": big}})).unwrap_err();
//! assert_eq!(e.code, renxing::ErrorCode::LimitExceeded);
//! assert_eq!(e.path.unwrap().to_string(), "assessment.name");
//! ```

use std::collections::HashSet;
use std::fmt;

use serde_json::Value;

use crate::error::{ErrorCode, Issue, IssueCode, Msg, Path, PathSeg, Problem};

/// The largest text of one input, in bytes (a file, a CSV, the `text` of a request).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// The deepest nesting of a JSON document (arrays and objects).
pub const MAX_DEPTH: usize = crate::json::MAX_DEPTH;
/// The deepest nesting of a request: a document nests inside a request a few levels down.
pub const MAX_REQUEST_DEPTH: usize = MAX_DEPTH + 8;
/// The longest string inside a document or request, in bytes (a request's `text` excepted).
pub const MAX_STRING_BYTES: usize = 1024 * 1024;
/// The most dimensions of a framework (also the most attributes).
pub const MAX_DIMENSIONS: usize = 256;
/// The most levels of a framework's scale (level codes are bytes).
pub const MAX_LEVELS: usize = 100;
/// The most assessments in one request or table.
pub const MAX_ASSESSMENTS: usize = 100_000;
/// The most rows of one table (a long table has one row per assessment × dimension).
pub const MAX_TABLE_ROWS: usize = 1_000_000;
/// The most columns of one table.
pub const MAX_TABLE_COLUMNS: usize = 10_000;
/// The most cells (rows × columns) of one table.
pub const MAX_TABLE_CELLS: usize = 20_000_000;
/// The most codings in one agreement request.
pub const MAX_CODINGS: usize = 1_000_000;
/// The most distinct coders in one agreement request.
pub const MAX_CODERS: usize = 1_000;
/// The most indicators of a dataset.
pub const MAX_INDICATORS: usize = 1_000;
/// The most units (rows) of a dataset.
pub const MAX_UNITS: usize = 100_000;
/// The most runs of an uncertainty analysis (sensitivity: N (d + 2) model runs).
pub const MAX_RUNS: usize = 1_000_000;
/// The most runs × units an uncertainty or sensitivity analysis holds in memory.
pub const MAX_RUN_CELLS: usize = 20_000_000;
/// The most units of a pairwise outranking matrix (units² cells).
pub const MAX_PAIRWISE_UNITS: usize = 3_000;
/// The most categories of an agreement scale (its value-by-value matrices hold their square).
pub const MAX_SCALE_LEVELS: usize = crate::agree::MAX_DISTINCT_VALUES;
/// The most bootstrap resamples.
pub const MAX_BOOTSTRAP: usize = 100_000;
/// The most conditions of a QCA table.
pub const MAX_QCA_CONDITIONS: usize = crate::qca::MAX_CONDITIONS;
/// The largest magnitude of a measured number (a curve's times and values, a dataset's
/// values): sums, squares and areas of such numbers stay far from overflowing to infinity.
/// Above it the area's own error names the value (`curve_input`, `indicator_input`).
pub const MAX_MAGNITUDE: f64 = 1e15;
/// The most problems listed in one error; the rest are counted in one
/// [`IssueCode::TooMany`] issue.
pub const MAX_ISSUES: usize = 50;

/// One documented limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`MAX_INPUT_BYTES`].
    InputBytes,
    /// [`MAX_DEPTH`] / [`MAX_REQUEST_DEPTH`].
    Depth,
    /// [`MAX_STRING_BYTES`].
    StringBytes,
    /// [`MAX_DIMENSIONS`].
    Dimensions,
    /// [`MAX_LEVELS`].
    Levels,
    /// [`MAX_ASSESSMENTS`].
    Assessments,
    /// [`MAX_TABLE_ROWS`].
    TableRows,
    /// [`MAX_TABLE_COLUMNS`].
    TableColumns,
    /// [`MAX_TABLE_CELLS`].
    TableCells,
    /// [`MAX_CODINGS`].
    Codings,
    /// [`MAX_CODERS`].
    Coders,
    /// [`MAX_INDICATORS`].
    Indicators,
    /// [`MAX_UNITS`].
    Units,
    /// [`MAX_RUNS`].
    Runs,
    /// [`MAX_RUN_CELLS`].
    RunCells,
    /// [`MAX_PAIRWISE_UNITS`].
    PairwiseUnits,
    /// [`MAX_SCALE_LEVELS`].
    ScaleLevels,
    /// [`MAX_BOOTSTRAP`].
    Bootstrap,
    /// [`MAX_QCA_CONDITIONS`].
    QcaConditions,
}

impl Limit {
    /// The largest value allowed.
    #[must_use]
    pub const fn max(self) -> usize {
        match self {
            Limit::InputBytes => MAX_INPUT_BYTES,
            Limit::Depth => MAX_DEPTH,
            Limit::StringBytes => MAX_STRING_BYTES,
            Limit::Dimensions => MAX_DIMENSIONS,
            Limit::Levels => MAX_LEVELS,
            Limit::Assessments => MAX_ASSESSMENTS,
            Limit::TableRows => MAX_TABLE_ROWS,
            Limit::TableColumns => MAX_TABLE_COLUMNS,
            Limit::TableCells => MAX_TABLE_CELLS,
            Limit::Codings => MAX_CODINGS,
            Limit::Coders => MAX_CODERS,
            Limit::Indicators => MAX_INDICATORS,
            Limit::Units => MAX_UNITS,
            Limit::Runs => MAX_RUNS,
            Limit::RunCells => MAX_RUN_CELLS,
            Limit::PairwiseUnits => MAX_PAIRWISE_UNITS,
            Limit::ScaleLevels => MAX_SCALE_LEVELS,
            Limit::Bootstrap => MAX_BOOTSTRAP,
            Limit::QcaConditions => MAX_QCA_CONDITIONS,
        }
    }

    /// What is limited, in Chinese and English.
    #[must_use]
    pub const fn what(self) -> (&'static str, &'static str) {
        match self {
            Limit::InputBytes => ("输入文本的字节数", "the size of the input text in bytes"),
            Limit::Depth => ("嵌套层数", "the nesting depth"),
            Limit::StringBytes => ("字符串的字节数", "the length of a string in bytes"),
            Limit::Dimensions => ("维度(或属性)数", "the number of dimensions (or attributes)"),
            Limit::Levels => ("等级数", "the number of levels"),
            Limit::Assessments => ("评估数", "the number of assessments"),
            Limit::TableRows => ("表格行数", "the number of table rows"),
            Limit::TableColumns => ("表格列数", "the number of table columns"),
            Limit::TableCells => (
                "表格单元格数(行 × 列)",
                "the number of table cells (rows × columns)",
            ),
            Limit::Codings => ("编码数", "the number of codings"),
            Limit::Coders => ("编码员数", "the number of coders"),
            Limit::Indicators => ("指标数", "the number of indicators"),
            Limit::Units => ("单元数", "the number of units"),
            Limit::Runs => ("运行次数", "the number of runs"),
            Limit::RunCells => ("运行次数 × 单元数", "runs × units"),
            Limit::PairwiseUnits => ("两两比较的单元数", "the number of units compared pairwise"),
            Limit::ScaleLevels => ("量表类别数", "the number of categories of a scale"),
            Limit::Bootstrap => ("自助重抽样次数", "the number of bootstrap resamples"),
            Limit::QcaConditions => ("QCA 条件数", "the number of QCA conditions"),
        }
    }
}

/// An input above a limit: what, how much, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    /// The limit.
    pub limit: Limit,
    /// The value found (at least `max + 1`; for a depth, the depth reached).
    pub found: usize,
    /// The largest value allowed.
    pub max: usize,
    /// Where.
    pub path: Path,
}

impl Exceeded {
    /// `found` is above `limit`'s maximum, at `path`.
    #[must_use]
    pub fn new(limit: Limit, found: usize, path: Path) -> Self {
        Exceeded {
            limit,
            found,
            max: limit.max(),
            path,
        }
    }

    /// The same with another maximum (a depth of a request, not of a document).
    #[must_use]
    pub fn with_max(mut self, max: usize) -> Self {
        self.max = max;
        self
    }

    /// The message in both languages.
    #[must_use]
    pub fn msg(&self) -> Msg {
        let (zh, en) = self.limit.what();
        let at = if self.path.is_root() {
            String::new()
        } else {
            format!("{}: ", self.path)
        };
        let at_zh = if self.path.is_root() {
            String::new()
        } else {
            format!("{}:", self.path)
        };
        Msg::new(
            format!("{at_zh}{zh}为 {},超过上限 {}", self.found_text(), self.max),
            format!(
                "{at}{en} is {}, above the limit of {}",
                self.found_text(),
                self.max
            ),
        )
    }

    fn found_text(&self) -> String {
        if self.limit == Limit::Depth {
            format!("> {}", self.max)
        } else {
            self.found.to_string()
        }
    }
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg().en)
    }
}

impl std::error::Error for Exceeded {}

impl From<Exceeded> for Problem {
    fn from(e: Exceeded) -> Self {
        Problem::new(ErrorCode::LimitExceeded, e.msg()).at(e.path)
    }
}

impl From<Exceeded> for crate::error::Error {
    fn from(e: Exceeded) -> Self {
        Problem::from(e).into()
    }
}

/// `Ok` when `found <= limit.max()`, else the error at the path `at` gives.
///
/// # Errors
/// [`Exceeded`] when `found` is above the limit.
pub fn check(limit: Limit, found: usize, at: impl FnOnce() -> Path) -> Result<(), Exceeded> {
    if found > limit.max() {
        Err(Exceeded::new(limit, found, at()))
    } else {
        Ok(())
    }
}

/// Checks the size of an input text.
///
/// # Errors
/// [`Exceeded`] ([`Limit::InputBytes`]) at `at`.
pub fn check_text(text: &str, at: impl FnOnce() -> Path) -> Result<(), Exceeded> {
    check(Limit::InputBytes, text.len(), at)
}

/// The counted fields of requests: a path pattern (`*` = any array index) and its limit.
const COUNTED: &[(&[&str], Limit)] = &[
    (&["assessments"], Limit::Assessments),
    (&["rows"], Limit::TableRows),
    (&["codings"], Limit::Codings),
    (&["data", "units"], Limit::Units),
    (&["data", "indicators"], Limit::Indicators),
    (&["table", "conditions"], Limit::QcaConditions),
    (&["table", "cases"], Limit::Units),
    (&["framework", "dimensions"], Limit::Dimensions),
    (&["framework", "attributes"], Limit::Dimensions),
    (&["framework", "levels"], Limit::Levels),
    (&["curves"], Limit::Dimensions),
];

/// The numbers of requests that size work: a path and its limit.
const SIZED: &[(&[&str], Limit)] = &[
    (&["uncertainty", "runs"], Limit::Runs),
    (&["sensitivity", "n"], Limit::Runs),
    (&["sensitivity", "bootstrap"], Limit::Bootstrap),
    (
        &["options", "alpha", "bootstrap", "draws"],
        Limit::Bootstrap,
    ),
    (&["scale", "levels"], Limit::ScaleLevels),
];

/// Checks a request (or any JSON value) against the limits, before it is read: nesting at most
/// [`MAX_REQUEST_DEPTH`], strings at most [`MAX_STRING_BYTES`] (a top-level `text` at most
/// [`MAX_INPUT_BYTES`]), and the counted fields (`assessments`, `codings` and their distinct
/// `coder`s, `data.units`, `data.indicators`, `table.conditions`, `framework.dimensions`, …)
/// and the sizing numbers (`uncertainty.runs`, `sensitivity.n`, `…bootstrap`) within their
/// limits. The walk is iterative (no recursion, whatever the depth) and linear in the value.
///
/// # Errors
/// The first limit exceeded, as a [`Problem`] with [`ErrorCode::LimitExceeded`] and its path.
pub fn check_request(value: &Value) -> Result<(), Problem> {
    let mut path = Vec::new();
    walk(value, 0, &mut path)
}

/// A path segment borrowed from the value walked (made a [`Path`] only for an error).
#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn owned(path: &[Seg<'_>]) -> Path {
    Path(
        path.iter()
            .map(|s| match s {
                Seg::Key(k) => PathSeg::Key((*k).to_owned()),
                Seg::Index(i) => PathSeg::Index(*i),
            })
            .collect(),
    )
}

/// The recursion is bounded by [`MAX_REQUEST_DEPTH`] (checked before going down).
fn walk<'a>(v: &'a Value, depth: usize, path: &mut Vec<Seg<'a>>) -> Result<(), Problem> {
    match v {
        Value::String(s) => {
            let is_text = matches!(path.as_slice(), [Seg::Key("text")]);
            let limit = if is_text {
                Limit::InputBytes
            } else {
                Limit::StringBytes
            };
            check(limit, s.len(), || owned(path))?;
        }
        Value::Number(n) => {
            if let Some((_, limit)) = SIZED.iter().find(|(p, _)| matches_path(p, path)) {
                if let Some(x) = n.as_u64() {
                    let found = usize::try_from(x).unwrap_or(usize::MAX);
                    check(*limit, found, || owned(path))?;
                }
            }
        }
        Value::Array(items) => {
            if depth >= MAX_REQUEST_DEPTH {
                return Err(depth_error(path));
            }
            if let Some((_, limit)) = COUNTED.iter().find(|(p, _)| matches_path(p, path)) {
                check(*limit, items.len(), || owned(path))?;
            }
            if matches!(path.as_slice(), [Seg::Key("codings")]) {
                check_coders(items)?;
            }
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(item, depth + 1, path)?;
                path.pop();
            }
        }
        Value::Object(map) => {
            if depth >= MAX_REQUEST_DEPTH {
                return Err(depth_error(path));
            }
            for (k, item) in map {
                // a key too long is reported at its object: the path must not repeat it
                check(Limit::StringBytes, k.len(), || owned(path))?;
                path.push(Seg::Key(k));
                walk(item, depth + 1, path)?;
                path.pop();
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
    Ok(())
}

fn depth_error(path: &[Seg<'_>]) -> Problem {
    Exceeded::new(Limit::Depth, MAX_REQUEST_DEPTH + 1, owned(path))
        .with_max(MAX_REQUEST_DEPTH)
        .into()
}

fn check_coders(codings: &[Value]) -> Result<(), Problem> {
    let mut coders: HashSet<&str> = HashSet::new();
    for c in codings {
        if let Some(coder) = c.get("coder").and_then(Value::as_str) {
            coders.insert(coder);
            if coders.len() > MAX_CODERS {
                return Err(
                    Exceeded::new(Limit::Coders, coders.len(), Path::from("codings")).into(),
                );
            }
        }
    }
    Ok(())
}

/// Whether a path pattern (keys from the root; `*` any index) matches a path.
fn matches_path(pattern: &[&str], path: &[Seg<'_>]) -> bool {
    pattern.len() == path.len()
        && pattern.iter().zip(path).all(|(p, s)| match s {
            Seg::Key(k) => k == p,
            Seg::Index(_) => *p == "*",
        })
}

/// A list of problems kept to its first [`MAX_ISSUES`], the rest counted: push as many as found;
/// memory stays bounded.
#[derive(Clone, Debug, Default)]
pub struct IssueSink {
    kept: Vec<Issue>,
    dropped: usize,
}

impl IssueSink {
    /// An empty list.
    #[must_use]
    pub fn new() -> Self {
        IssueSink::default()
    }

    /// Adds a problem (kept while fewer than [`MAX_ISSUES`] are, counted otherwise; a
    /// [`IssueCode::TooMany`] issue of a list capped before adds its count).
    pub fn push(&mut self, issue: Issue) {
        if issue.code == IssueCode::TooMany {
            self.dropped += count_of(&issue);
        } else if self.kept.len() < MAX_ISSUES {
            self.kept.push(issue);
        } else {
            self.dropped += 1;
        }
    }

    /// Whether the sink is full (further problems are only counted).
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.kept.len() >= MAX_ISSUES
    }

    /// Counts `n` problems not built (the caller stopped making them once the sink was full).
    pub fn count_dropped(&mut self, n: usize) {
        self.dropped += n;
    }

    /// The number of problems pushed or counted.
    #[must_use]
    pub fn len(&self) -> usize {
        self.kept.len() + self.dropped
    }

    /// Whether no problem was pushed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pushes every problem of a list.
    pub fn extend(&mut self, issues: impl IntoIterator<Item = Issue>) {
        for i in issues {
            self.push(i);
        }
    }

    /// The problems kept, and one [`IssueCode::TooMany`] issue counting the others if any.
    #[must_use]
    pub fn finish(self) -> Vec<Issue> {
        let mut v = self.kept;
        if self.dropped > 0 {
            v.push(too_many(self.dropped));
        }
        v
    }
}

/// The issue that stands for `n` problems left out of a capped list.
#[must_use]
pub fn too_many(n: usize) -> Issue {
    Issue::new(
        Path::root(),
        IssueCode::TooMany,
        Msg::new(
            format!("另有 {n} 个问题未列出(最多列出 {MAX_ISSUES} 个)"),
            format!("{n} more problems not listed (at most {MAX_ISSUES} are)"),
        ),
    )
}

/// Caps a list of problems: the first [`MAX_ISSUES`] (after any [`IssueCode::TooMany`] already
/// in it is folded in) and one issue counting the rest.
#[must_use]
pub fn cap_issues(issues: Vec<Issue>) -> Vec<Issue> {
    let mut sink = IssueSink::new();
    sink.extend(issues);
    sink.finish()
}

/// The count carried by a [`too_many`] issue.
fn count_of(i: &Issue) -> usize {
    i.message
        .en
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_walk_finds_each_limit() {
        let deep = (0..200).fold(json!(1), |v, _| json!([v]));
        let e = check_request(&json!({ "assessment": deep })).unwrap_err();
        assert_eq!(e.code, ErrorCode::LimitExceeded);
        assert_eq!(e.path.as_ref().map(|p| p.0.len()), Some(MAX_REQUEST_DEPTH));
        let e = check_request(&json!({"uncertainty": {"runs": 1_000_000_000_u64}})).unwrap_err();
        assert_eq!(e.path.unwrap().to_string(), "uncertainty.runs");
        let codings: Vec<Value> = (0..=MAX_CODERS)
            .map(|i| json!({"unit": "u", "coder": format!("c{i}"), "value": 1}))
            .collect();
        let e = check_request(&json!({ "codings": codings })).unwrap_err();
        assert!(
            e.message.en.contains("number of coders is 1001"),
            "{}",
            e.message.en
        );
        let text = "x".repeat(MAX_STRING_BYTES + 10);
        assert!(check_request(&json!({ "text": text })).is_ok());
        assert!(check_request(&json!({ "name": text })).is_err());
    }

    #[test]
    fn sinks_keep_the_first_and_count_the_rest() {
        let mut s = IssueSink::new();
        for i in 0..1000 {
            s.push(Issue::new(
                Path::root().index(i),
                IssueCode::InvalidValue,
                Msg::new("x", "x"),
            ));
        }
        let v = s.finish();
        assert_eq!(v.len(), MAX_ISSUES + 1);
        assert_eq!(v[MAX_ISSUES].code, IssueCode::TooMany);
        assert!(v[MAX_ISSUES].message.en.starts_with("950 more"));
        let again = cap_issues(v);
        assert_eq!(again.len(), MAX_ISSUES + 1);
        assert!(again[MAX_ISSUES].message.en.starts_with("950 more"));
    }
}
