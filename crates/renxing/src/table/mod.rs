//! Tables of assessments: CSV text, or rows of objects (a pandas DataFrame's records, a
//! JavaScript array of objects), read into validated [`Assessment`]s and written back — the one
//! reader and writer every front end uses.
//!
//! ## Two layouts
//!
//! **Wide** ([`Layout::Wide`]): one row per assessment. Columns `id`, `name` (required), `mode`,
//! `phase`, `date`, `metadata` (optional), and per dimension of the framework at least one of:
//!
//! | column | holds |
//! |---|---|
//! | `needs_met` (or `needs_met.level`) | a level: id or label (`high`, `高`, `High`) |
//! | `needs_met.score` | a 0–100 score (a number) |
//! | `needs_met.coped` + `needs_met.developed` | the paper's two questions (yes/no) |
//!
//! The dimension part is its id or any of its labels (`满足需求.得分`, `Needs met.score`); the
//! suffix is `level`/`等级`, `score`/`得分`/`分数`, `coped`/`有效应对`,
//! `developed`/`得到发展`. A dimension without any column is an error (a forgotten column is not
//! "not rated").
//!
//! **Long** ([`Layout::Long`]): one row per assessment × dimension. Columns `id`, `name`,
//! `dimension` (required), `mode`, `phase`, `date`, `metadata`, and the rating in `level`,
//! `score` or `coped` + `developed`, with `evidence`, `rater` and `note`. Rows with the same `id`,
//! `phase` and `date` (the occasion) form one assessment, in order of first appearance; their
//! `name`, `mode` and `metadata` must agree where given. A dimension without a row is not rated.
//! Two rows rating one dimension of one assessment are refused unless identical: several
//! raters' codes are inter-rater agreement data ([`crate::agree`]; the `agreement`,
//! `disagreements` and `consensus` operations), not one assessment.
//!
//! **Detection** (layout not given): long if a column names `dimension` (`维度`), else wide.
//!
//! ## Cells
//!
//! * Column names and the values of levels, dimensions, modes and phases are matched by id or
//!   by any of the framework's labels, ignoring case, surrounding spaces, and treating spaces,
//!   `_` and `-` alike (`政府主导型`, `Government led`, `government_led`). A label shared by
//!   two values is an error asking for the id.
//! * **An empty cell is not rated** (`null`); so is a long row whose level, score, coped and
//!   developed are all empty (it then carries no evidence or note; a rater is ignored). Rows
//!   with every cell empty are skipped.
//! * A number in a level column (`2`, or `"2"` in CSV) is refused, never guessed: the message
//!   says how to write a level code (its id or label) and where a 0–100 score goes
//!   (`needs_met.score`, or `score` in a long table). Scores need a score column.
//! * Answers: `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`, `是`/`否`, `对`/`错` (any case);
//!   they stay answers (the level follows the rule when scoring).
//! * Evidence (long): plain text is one quote; JSON text (`[{"quote": "…", "source": "…"}]`) is
//!   the file format's list. Metadata: a JSON object (as text in CSV).
//! * CSV: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"), LF or CRLF, quoted
//!   fields, cells trimmed; `;` or tab separators when the header line has no comma.
//!
//! ## Errors
//!
//! Every problem at once as one [`Problem`] with [`ErrorCode::TableInvalid`](crate::ErrorCode::TableInvalid): its issues are
//! located at `["rows", i, column]` (`i` counts data rows from 0, the column as written in the
//! header), `["rows", i]` or `["columns", column]`, messages in zh and en (with the CSV line).
//! At most [`MAX_ISSUES`] are listed; the message gives the total.
//!
//! ## Writing
//!
//! [`write()`] gives a [`TableOut`] (columns and rows) in either layout, headers and values in
//! ids ([`Headers::Ids`], the default) or in the labels of one language (`Headers::Zh`:
//! `编号`, `满足需求`, `高`, `是`). Levels, scores and answers round-trip exactly; the wide
//! form leaves out evidence, rater, note and metadata ([`TableOut::omitted`] names what it left
//! out), the long form keeps everything.
//!
//! ```
//! use renxing::table::{read_csv, write, Headers, Layout, WriteOptions};
//! use renxing::{cases, Framework};
//!
//! let fw = Framework::paper();
//! let csv = "编号,名称,模式,满足需求,资源链接,规章制度,应急知识储备,专业志愿队伍,信息技术运用,与政府连通,与居民连通\n\
//!            hx,河西社区,政府主导型,高,中,中,低,,中,高,中\n";
//! let read = read_csv(csv, fw, None)?;
//! assert_eq!(read.layout, Layout::Wide);
//! let a = &read.assessments[0];
//! assert_eq!(a.mode, Some(renxing::Mode::GovernmentLed));
//! assert_eq!(a.level_of(renxing::Dimension::NeedsMet), Some(renxing::Level::High));
//! assert!(a.ratings["volunteer_teams"].is_none()); // empty cell: not rated
//!
//! // A number where a level belongs is refused, with the row and column.
//! let err = read_csv("id,name,dimension,level\nx,X,needs_met,2\n", fw, None).unwrap_err();
//! assert_eq!(err.issues[0].path, renxing::path!["rows", 0, "level"]);
//! assert!(err.issues[0].message.en.contains("if it is a 0–100 score, put it in a column named score"));
//!
//! // Written long with Chinese headers, read back: the same assessments.
//! let out = write(&cases(), fw, &WriteOptions { layout: Layout::Long, headers: Headers::Zh });
//! assert_eq!(&out.columns[..6], ["编号", "名称", "模式", "阶段", "日期", "维度"]);
//! let back = read_csv(&out.to_csv(true), fw, None)?;
//! assert_eq!(back.assessments, cases());
//! # Ok::<(), renxing::Problem>(())
//! ```

mod cells;
mod indicators;
mod raw;

pub use indicators::{
    read_indicator_csv, read_indicator_long_csv, read_indicator_long_rows, LongColumns,
};
mod read;
mod resolve;
mod scores;
pub use resolve::{id_of, label_of, Vocab};
pub use scores::{add_scores, column_kinds, level_words, ColumnKind};
pub(crate) mod vocab;
mod write;

use serde_json::{Map, Value};

use crate::assessment::Assessment;
use crate::error::Problem;
use crate::framework::Framework;

crate::ids::id_enum! {
    /// The layout of a table.
    #[derive(Default)]
    Layout, ("布局", "layout"), 0 {
        /// One row per assessment, one column (or more) per dimension.
        #[default]
        Wide = "wide", "宽表", "Wide";
        /// One row per assessment × dimension.
        Long = "long", "长表", "Long";
    }
}

crate::ids::id_enum! {
    /// The words of a written table: ids, or the labels of one language.
    #[derive(Default)]
    Headers, ("表头", "headers"), 0 {
        /// Ids: `id`, `needs_met`, `high`, `government_led`, `true`.
        #[default]
        Ids = "ids", "id", "ids";
        /// Chinese labels: `编号`, `满足需求`, `高`, `政府主导型`, `是`.
        Zh = "zh", "中文", "Chinese";
        /// English labels: `ID`, `Needs met`, `High`, `Government led`, `yes`.
        En = "en", "英文", "English";
    }
}

/// At most this many problems are listed in an error (the message gives the total).
pub const MAX_ISSUES: usize = 50;

/// Assessments read from a table, and the layout it was read in.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRead {
    /// The assessments, validated, in table order.
    pub assessments: Vec<Assessment>,
    /// The layout (detected unless given).
    pub layout: Layout,
}

/// How to write a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Wide or long.
    pub layout: Layout,
    /// Ids or labels.
    pub headers: Headers,
}

/// A table written from assessments: column names and rows of cells (strings, numbers for
/// scores, booleans for answers, `null` for empty).
#[derive(Clone, Debug, PartialEq)]
pub struct TableOut {
    /// The layout.
    pub layout: Layout,
    /// The words used.
    pub headers: Headers,
    /// The column names.
    pub columns: Vec<String>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<Value>>,
    /// What the layout could not carry and left out (`evidence`, `rater`, `note`, `metadata`;
    /// wide only, and only those present).
    pub omitted: Vec<String>,
}

/// The layout a table's column names say: long if one names `dimension` (`维度`), else wide.
#[must_use]
pub fn detect_layout<S: AsRef<str>>(columns: &[S]) -> Layout {
    if columns
        .iter()
        .any(|c| vocab::Field::find(c.as_ref()) == Some(vocab::Field::Dimension))
    {
        Layout::Long
    } else {
        Layout::Wide
    }
}

fn read_raw(
    raw: &raw::Raw,
    issues: Vec<crate::Issue>,
    fw: &Framework,
    layout: Option<Layout>,
) -> Result<TableRead, Problem> {
    let layout = layout.unwrap_or_else(|| detect_layout(&raw.columns));
    read::Reader::new(fw, raw, issues).read(layout)
}

/// Reads CSV text into assessments of `framework` (layout detected when `None`).
///
/// # Errors
/// [`ErrorCode::TableInvalid`](crate::ErrorCode::TableInvalid) with every problem located at its row and column (see the
/// module documentation).
pub fn read_csv(
    text: &str,
    framework: &Framework,
    layout: Option<Layout>,
) -> Result<TableRead, Problem> {
    let mut issues = Vec::new();
    let raw = raw::from_csv(text, &mut issues)?;
    read_raw(&raw, issues, framework, layout)
}

/// Reads rows of objects (column name → cell) into assessments of `framework`. Cells may be
/// strings, numbers, booleans or `null`; evidence and metadata also lists and objects.
///
/// # Errors
/// As [`read_csv`].
pub fn read_records(
    rows: &[Map<String, Value>],
    framework: &Framework,
    layout: Option<Layout>,
) -> Result<TableRead, Problem> {
    let raw = raw::from_records(rows)?;
    read_raw(&raw, Vec::new(), framework, layout)
}

/// Writes assessments (valid for `framework`) as a table.
#[must_use]
pub fn write(
    assessments: &[Assessment],
    framework: &Framework,
    options: &WriteOptions,
) -> TableOut {
    write::write(assessments, framework, options)
}
