//! Operations of tables: assessments read from CSV text or rows of objects (a DataFrame's
//! records, a JavaScript array of objects), in wide or long form, and written back. The reader
//! and writer live in the core (`renxing::table`); these operations only read their requests.

use std::collections::BTreeMap;

use renxing::table::{self, Headers, Layout, WriteOptions};
use renxing::{Assessment, Error, ErrorCode, Msg, Path, Problem};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::args::{self, FrameworkArg};
use crate::{Ctx, Operation};

/// How the layout of a table is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LayoutChoice {
    /// Long if a column names `dimension` (`维度`), else wide.
    #[default]
    Auto,
    /// One row per assessment.
    Wide,
    /// One row per assessment × dimension.
    Long,
}

impl LayoutChoice {
    fn layout(self) -> Option<Layout> {
        match self {
            LayoutChoice::Auto => None,
            LayoutChoice::Wide => Some(Layout::Wide),
            LayoutChoice::Long => Some(Layout::Long),
        }
    }
}

/// A table to read: CSV text or rows of objects (exactly one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadTableRequest {
    /// CSV text: UTF-8 (a byte-order mark is fine), LF or CRLF, quoted fields.
    #[serde(default)]
    pub text: Option<String>,
    /// Rows as objects, column name → cell (string, number, boolean or null).
    #[serde(default)]
    #[schemars(with = "Option<Vec<BTreeMap<String, Value>>>")]
    pub rows: Option<Vec<Map<String, Value>>>,
    /// `auto` (default), `wide` or `long`.
    #[serde(default)]
    pub layout: LayoutChoice,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

/// Assessments read from a table.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ReadTableResponse {
    /// The assessments, validated, in table order.
    pub assessments: Vec<Assessment>,
    /// The layout read (detected unless given).
    pub layout: Layout,
}

/// Reads a table's rows into assessments.
#[derive(Clone, Copy, Debug)]
pub struct ReadTable;

impl Operation for ReadTable {
    const NAME: &'static str = "read_table";
    const JS_NAME: &'static str = "readTable";
    const SUMMARY: &'static str = " Reads assessments from a table: CSV text or rows of objects, wide (one row per community) or long (one row per community × dimension), ids or labels in zh or en; every problem at once, located at [\"rows\", i, column].";
    type Request = ReadTableRequest;
    type Response = ReadTableResponse;

    fn run(r: ReadTableRequest, ctx: &Ctx) -> Result<ReadTableResponse, Error> {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let layout = r.layout.layout();
        let read = match (&r.text, &r.rows) {
            (Some(text), None) => table::read_csv(text, &fw, layout)?,
            (None, Some(rows)) => table::read_records(rows, &fw, layout)?,
            _ => {
                return Err(Problem::new(
                    ErrorCode::RequestInvalid,
                    Msg::new(
                        "需要 text(CSV 文本)或 rows(对象行)之一,且只能一个",
                        "give exactly one of text (CSV text) or rows (rows of objects)",
                    ),
                )
                .into())
            }
        };
        Ok(ReadTableResponse {
            assessments: read.assessments,
            layout: read.layout,
        })
    }
}

/// What a written table is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    /// CSV text.
    #[default]
    Csv,
    /// Rows of objects, column name → cell.
    Rows,
}

/// Assessments to write as a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteTableRequest {
    /// The assessments (file form).
    #[schemars(with = "Vec<Assessment>")]
    pub assessments: Vec<Value>,
    /// `wide` (default: one row per assessment) or `long` (one row per assessment × dimension,
    /// with evidence, rater, note and metadata).
    #[serde(default)]
    pub layout: Layout,
    /// `ids` (default), or the labels of `zh` or `en` for headers and values.
    #[serde(default)]
    pub headers: Headers,
    /// `csv` (default) or `rows`.
    #[serde(default)]
    pub format: TableFormat,
    /// CSV only: start with a UTF-8 byte-order mark (for Excel).
    #[serde(default)]
    pub bom: bool,
    /// Wide only: add the computed readings — a level and a score column per summary column
    /// (表1) and for the overall reading (a table for analysis; `read_table` does not read
    /// these columns back).
    #[serde(default)]
    pub scores: bool,
    /// Scoring options of the `scores` columns.
    #[serde(default)]
    pub options: renxing::ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

/// A written table.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct WriteTableResponse {
    /// The format.
    pub format: TableFormat,
    /// The layout.
    pub layout: Layout,
    /// The column names, in order.
    pub columns: Vec<String>,
    /// CSV only: the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Rows only: one object per row (scores are numbers, answers booleans, empty cells null).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<BTreeMap<String, Value>>>")]
    pub rows: Option<Vec<Map<String, Value>>>,
    /// What the layout left out (`evidence`, `rater`, `note`, `metadata`; wide only).
    pub omitted: Vec<String>,
    /// What each column holds, in column order (`level` columns are ordered by `levels`).
    pub kinds: Vec<table::ColumnKind>,
    /// The framework's levels, lowest first, in the table's words.
    pub levels: Vec<String>,
}

/// Writes assessments as a table.
#[derive(Clone, Copy, Debug)]
pub struct WriteTable;

impl Operation for WriteTable {
    const NAME: &'static str = "write_table";
    const JS_NAME: &'static str = "writeTable";
    const SUMMARY: &'static str = " Writes assessments as a table (CSV text or rows of objects), wide or long, headers and values in ids or in zh/en labels; levels, scores and answers round-trip through read_table.";
    type Request = WriteTableRequest;
    type Response = WriteTableResponse;

    fn run(r: WriteTableRequest, ctx: &Ctx) -> Result<WriteTableResponse, Error> {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let list = args::assessments(&r.assessments, &fw)?;
        let mut out = table::write(
            &list,
            &fw,
            &WriteOptions {
                layout: r.layout,
                headers: r.headers,
            },
        );
        let mut kinds = table::column_kinds(&out, &fw);
        if r.scores {
            if out.layout != Layout::Wide {
                return Err(Problem::new(
                    ErrorCode::TableInvalid,
                    Msg::new(
                        "得分列(scores)只用于宽表(layout: wide)",
                        "the scores columns need the wide layout (layout: wide)",
                    ),
                )
                .at(Path::from("scores"))
                .into());
            }
            let engine = args::engine(&fw, &r.options)?;
            let cards = list
                .iter()
                .map(|a| engine.score(a))
                .collect::<Result<Vec<_>, _>>()?;
            kinds.extend(table::add_scores(&mut out, &fw, &cards));
        }
        let levels = table::level_words(&fw, out.headers);
        let (text, rows) = match r.format {
            TableFormat::Csv => (Some(out.to_csv(r.bom)), None),
            TableFormat::Rows => (None, Some(out.to_records())),
        };
        Ok(WriteTableResponse {
            format: r.format,
            layout: out.layout,
            columns: out.columns,
            text,
            rows,
            omitted: out.omitted,
            kinds,
            levels,
        })
    }
}

/// The format of a file of assessments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentsFormat {
    /// JSON: one assessment (the file format), or an array of them.
    Json,
    /// JSON Lines: one assessment per line (blank lines are skipped).
    Jsonl,
    /// A CSV table, wide or long (see `read_table`).
    Csv,
}

impl AssessmentsFormat {
    /// The format of a file by its extension (any case): `.json`; `.jsonl` or `.ndjson`;
    /// `.csv`. `None` for any other.
    #[must_use]
    pub fn from_file_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "json" => Some(AssessmentsFormat::Json),
            "jsonl" | "ndjson" => Some(AssessmentsFormat::Jsonl),
            "csv" => Some(AssessmentsFormat::Csv),
            _ => None,
        }
    }
}

/// A file of assessments: its text, and its format or name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadAssessmentsRequest {
    /// The file's text.
    pub text: String,
    /// The format. Absent: from `file_name`'s extension, else JSON.
    #[serde(default)]
    pub format: Option<AssessmentsFormat>,
    /// The file's name: its extension gives the format when `format` is absent (`.json`,
    /// `.jsonl`/`.ndjson`, `.csv`; another extension is an error).
    #[serde(default)]
    pub file_name: Option<String>,
    /// CSV only: `auto` (default), `wide` or `long`.
    #[serde(default)]
    pub layout: LayoutChoice,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

/// The assessments of a file.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ReadAssessmentsResponse {
    /// The assessments, validated, in file order.
    pub assessments: Vec<Assessment>,
    /// The format read.
    pub format: AssessmentsFormat,
    /// CSV only: the layout read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
}

/// Reads the assessments of a file by its format: the one rule of every front end.
#[derive(Clone, Copy, Debug)]
pub struct ReadAssessments;

impl Operation for ReadAssessments {
    const NAME: &'static str = "read_assessments";
    const JS_NAME: &'static str = "readAssessments";
    const SUMMARY: &'static str = " Reads the assessments of a file by its format (given, or by the file name's extension): .json (one assessment or an array), .jsonl (one per line), .csv (a table, as read_table); every problem at once, located in the file.";
    type Request = ReadAssessmentsRequest;
    type Response = ReadAssessmentsResponse;

    fn run(r: ReadAssessmentsRequest, ctx: &Ctx) -> Result<ReadAssessmentsResponse, Error> {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let format = match (r.format, &r.file_name) {
            (Some(f), _) => f,
            (None, None) => AssessmentsFormat::Json,
            (None, Some(name)) => AssessmentsFormat::from_file_name(name).ok_or_else(|| {
                let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
                Error::from(Problem::new(
                    ErrorCode::UnknownId,
                    Msg::new(
                        format!(
                            "未知的文件扩展名 \".{ext}\";可用:.json(一个评估或评估数组)、.jsonl(每行一个)、.csv(表格;Excel 请另存为“CSV UTF-8”)"
                        ),
                        format!(
                            "unknown file extension \".{ext}\"; expected .json (one assessment or an array), .jsonl (one per line) or .csv (a table; from Excel, save as \"CSV UTF-8\")"
                        ),
                    ),
                ))
            })?,
        };
        let (assessments, layout) = match format {
            AssessmentsFormat::Csv => {
                let read = table::read_csv(&r.text, &fw, r.layout.layout())?;
                (read.assessments, Some(read.layout))
            }
            AssessmentsFormat::Json => {
                let value = renxing::json::parse(&r.text).map_err(|e| json_error(&e, 0))?;
                match value {
                    Value::Array(items) => {
                        let mut list = Many::new(&fw, false);
                        for (i, v) in items.iter().enumerate() {
                            list.push(i, v)?;
                        }
                        (list.finish()?, None)
                    }
                    one => (vec![Assessment::from_value_in(&one, &fw)?], None),
                }
            }
            AssessmentsFormat::Jsonl => {
                // line by line: each line's JSON value lives only while it is read (a syntax
                // error anywhere is still the one error reported, as it would be if every line
                // were parsed first)
                let mut list = Many::new(&fw, true);
                for (i, line) in r.text.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let v = renxing::json::parse(line).map_err(|e| json_error(&e, i))?;
                    list.push(i, &v)?;
                }
                (list.finish()?, None)
            }
        };
        Ok(ReadAssessmentsResponse {
            assessments,
            format,
            layout,
        })
    }
}

/// A JSON syntax error, its line counted in the whole file (`line_offset` lines before it).
fn json_error(e: &serde_json::Error, line_offset: usize) -> Error {
    renxing::AssessmentError::Json {
        line: e.line() + line_offset,
        column: e.column(),
        message: e.to_string(),
    }
    .into()
}

/// Validates several assessments; the problems of all of them at once, each under its index
/// (the array's index, or the line's index from 0 in JSON Lines, whose messages name the line).
struct Many<'f> {
    fw: &'f renxing::Framework,
    lines: bool,
    out: Vec<Assessment>,
    issues: renxing::limits::IssueSink,
    n: usize,
}

impl<'f> Many<'f> {
    fn new(fw: &'f renxing::Framework, lines: bool) -> Self {
        Many {
            fw,
            lines,
            out: Vec::new(),
            issues: renxing::limits::IssueSink::new(),
            n: 0,
        }
    }

    /// Reads item `i`; its problems are kept for [`Many::finish`].
    fn push(&mut self, i: usize, v: &Value) -> Result<(), Error> {
        self.n += 1;
        renxing::limits::check(renxing::limits::Limit::Assessments, self.n, || {
            renxing::path![i]
        })?;
        match Assessment::from_value_in(v, self.fw) {
            Ok(a) => self.out.push(a),
            Err(renxing::AssessmentError::Invalid(list)) => {
                for mut issue in list.under(&renxing::path![i]).0 {
                    if self.lines && issue.code != renxing::IssueCode::TooMany {
                        issue.message.zh.push_str(&format!("(第 {} 行)", i + 1));
                        issue.message.en.push_str(&format!(" (line {})", i + 1));
                    }
                    self.issues.push(issue);
                }
            }
            Err(other) => return Err(other.into()),
        }
        Ok(())
    }

    /// The assessments, or every problem found.
    fn finish(self) -> Result<Vec<Assessment>, Error> {
        if self.issues.is_empty() {
            Ok(self.out)
        } else {
            Err(renxing::AssessmentError::Invalid(renxing::Issues(self.issues.finish())).into())
        }
    }
}
