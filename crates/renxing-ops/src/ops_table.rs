//! Operations of tables: assessments read from CSV text or rows of objects (a DataFrame's
//! records, a JavaScript array of objects), in wide or long form, and written back. The reader
//! and writer live in the core (`renxing::table`); these operations only read their requests.

use std::collections::BTreeMap;

use renxing::table::{self, Headers, Layout, WriteOptions};
use renxing::{Assessment, Error, ErrorCode, Msg, Problem};
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
        let out = table::write(
            &list,
            &fw,
            &WriteOptions {
                layout: r.layout,
                headers: r.headers,
            },
        );
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
        })
    }
}
