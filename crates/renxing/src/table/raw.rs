//! A table's cells before they mean anything: from CSV text or from rows (objects), with the
//! problems of its shape.

use serde_json::{Map, Value};

use crate::error::{ErrorCode, Issue, IssueCode, Msg, Problem};
use crate::path;

/// A table: column names and rows of cells (one per column; `Null` for an empty cell).
#[derive(Clone, Debug, Default)]
pub(super) struct Raw {
    pub(super) columns: Vec<String>,
    pub(super) rows: Vec<RawRow>,
    /// Shape problems found but not kept (beyond [`crate::limits::MAX_ISSUES`]).
    pub(super) dropped_issues: usize,
}

/// The size limits of a table: columns, rows, and rows × columns (every row holds one cell per
/// column, so a long header over many short lines would otherwise cost far more than its text).
fn check_size(rows: usize, columns: usize) -> Result<(), Problem> {
    use crate::limits::{check, Limit};
    check(Limit::TableColumns, columns, || path!["columns"])?;
    check(Limit::TableRows, rows, || path!["rows"])?;
    check(Limit::TableCells, rows.saturating_mul(columns), || {
        path!["rows"]
    })?;
    Ok(())
}

/// One data row.
#[derive(Clone, Debug)]
pub(super) struct RawRow {
    /// The row's index among the data rows (0 = the first row after the header).
    pub(super) index: usize,
    /// CSV only: the line of the file the row starts on (1 = the header's).
    pub(super) line: Option<u64>,
    /// The cells, in column order; a CSV row shorter than the header holds only its own (see
    /// [`RawRow::cell`]).
    pub(super) cells: Vec<Value>,
}

/// The empty cell.
static NULL: Value = Value::Null;

impl RawRow {
    /// The cell of column `c` (`null` past the row's end: a short row is not padded, so a long
    /// header over many short lines costs no more than its text).
    pub(super) fn cell(&self, c: usize) -> &Value {
        self.cells.get(c).unwrap_or(&NULL)
    }

    /// Whether every cell is empty (such rows are skipped).
    pub(super) fn is_blank(&self) -> bool {
        self.cells.iter().all(is_empty)
    }
}

/// An empty cell: `null`, or text that is empty once trimmed.
pub(super) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The field separator: `,`, unless the header line has none and has `;` or a tab (Excel in
/// locales with a decimal comma writes `;`).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.contains(',') {
        b','
    } else if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

fn empty_table() -> Problem {
    Problem::new(
        ErrorCode::TableInvalid,
        Msg::new(
            "表格为空:需要表头行和至少一行数据",
            "the table is empty: it needs a header row and at least one data row",
        ),
    )
    .at(path!["rows"])
}

/// Reads CSV text: a UTF-8 byte-order mark is skipped, lines end in LF or CRLF, fields may be
/// quoted (`"a, b"`, `""` for a quote), cells are trimmed. A row shorter than the header is
/// padded with empty cells; cells beyond the header are problems unless empty.
pub(super) fn from_csv(text: &str, issues: &mut Vec<Issue>) -> Result<Raw, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut raw = Raw::default();
    let mut header = true;
    // The csv crate's own line numbers miss CRLF and blank lines: count from byte offsets.
    let bytes = text.as_bytes();
    let (mut at, mut line) = (0_usize, 1_u64);
    let mut line_of = |byte: u64| {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= at {
            line += bytes[at..start].iter().filter(|b| **b == b'\n').count() as u64;
            at = start;
        }
        line
    };
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            Problem::new(
                ErrorCode::TableInvalid,
                Msg::new(
                    format!("CSV 第 {line} 行无法读取:{e}"),
                    format!("CSV line {line} cannot be read: {e}"),
                ),
            )
        })?;
        if header {
            check_size(0, record.len())?;
            raw.columns = record.iter().map(str::to_owned).collect();
            header = false;
            continue;
        }
        let index = n - 1;
        let width = raw.columns.len();
        check_size(index + 1, width)?;
        let line = record.position().map(|p| line_of(p.byte()));
        let cells: Vec<Value> = record
            .iter()
            .take(width)
            .map(|s| {
                if s.is_empty() {
                    Value::Null
                } else {
                    Value::String(s.to_owned())
                }
            })
            .collect();
        let extra: Vec<&str> = record
            .iter()
            .skip(width)
            .filter(|s| !s.is_empty())
            .collect();
        if !extra.is_empty() && issues.len() >= crate::limits::MAX_ISSUES {
            raw.dropped_issues += 1;
        } else if !extra.is_empty() {
            let found = record.len();
            issues.push(Issue::new(
                path!["rows", index],
                IssueCode::InvalidValue,
                Msg::new(
                    format!(
                        "该行有 {found} 个单元格,但表头只有 {width} 列;多出的值:{}",
                        extra.join(", ")
                    ),
                    format!(
                        "the row has {found} cells but the header has {width} columns; extra values: {}",
                        extra.join(", ")
                    ),
                ),
            ));
        }
        raw.rows.push(RawRow { index, line, cells });
    }
    if raw.columns.iter().all(|c| c.trim().is_empty()) {
        return Err(empty_table());
    }
    Ok(raw)
}

/// Reads rows given as objects (a DataFrame's records, a JavaScript array of objects): the
/// columns are every key, in order of first appearance; a key absent from a row is an empty
/// cell.
pub(super) fn from_records(rows: &[Map<String, Value>]) -> Result<Raw, Problem> {
    let mut columns: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        for key in row.keys() {
            if seen.insert(key.as_str()) {
                columns.push(key.clone());
                check_size(0, columns.len())?;
            }
        }
    }
    if columns.is_empty() {
        return Err(empty_table());
    }
    check_size(rows.len(), columns.len())?;
    let rows = rows
        .iter()
        .enumerate()
        .map(|(index, row)| RawRow {
            index,
            line: None,
            cells: columns
                .iter()
                .map(|c| row.get(c).cloned().unwrap_or(Value::Null))
                .collect(),
        })
        .collect();
    Ok(Raw {
        columns,
        rows,
        dropped_issues: 0,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_with_bom_crlf_quotes_and_short_rows() {
        let text = "\u{feff}id,name,note\r\na1,\"河畔, 社区\",\"say \"\"hi\"\"\"\r\nb2,湖畔\r\n";
        let mut issues = Vec::new();
        let raw = from_csv(text, &mut issues).unwrap();
        assert!(issues.is_empty());
        assert_eq!(raw.columns, ["id", "name", "note"]);
        assert_eq!(raw.rows[0].cells[1], Value::from("河畔, 社区"));
        assert_eq!(raw.rows[0].cells[2], Value::from("say \"hi\""));
        assert_eq!(raw.rows[1].cell(2), &Value::Null);
        assert_eq!(raw.rows[1].line, Some(3));
    }

    #[test]
    fn semicolons_and_extra_cells() {
        let mut issues = Vec::new();
        let raw = from_csv("id;name\nx;y;z;\n", &mut issues).unwrap();
        assert_eq!(raw.rows[0].cells, [Value::from("x"), Value::from("y")]);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].path, path!["rows", 0]);
        assert!(from_csv("", &mut issues).is_err());
    }
}
