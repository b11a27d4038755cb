//! A functionality curve from a two-column CSV file (time, value).
//!
//! ## The file
//!
//! * The first row is a header. A UTF-8 byte-order mark is skipped; lines end in LF or CRLF;
//!   fields may be quoted; cells are trimmed; the delimiter is `,` (or `;` / tab when the header
//!   holds one and no comma).
//! * **The time column** is the one named by [`CsvColumns::time`], else the first header (case
//!   and surrounding spaces ignored) among `time`, `t`, `day`, `days`, `hour`, `hours`, `时间`,
//!   `天`, `天数`; else, in a file of exactly two columns, the first.
//! * **The value column** is the one named by [`CsvColumns::value`], else the first header among
//!   `value`, `q`, `functionality`, `service_level`, `level`, `功能`, `功能值`, `功能水平`,
//!   `服务水平`; else, in a file of exactly two columns, the second.
//! * Every data row gives a time and a value as plain decimal numbers (`12`, `0.5`, `-3`,
//!   `1e3`); times at irregular intervals are fine, they must increase strictly. Blank lines are
//!   skipped; other columns are ignored.
//!
//! Problems are [`CurveError`]s that name the row (0-based data row, and the file's line) and the
//! column: a cell that is not a number, a time not after the one before, a missing column.
//!
//! ```
//! use renxing::curve::{analyse, read_csv, CsvColumns, CurveOptions};
//! let text = "day,service_level\n0,100\n10,100\n11,50\n31,100\n40,108\n";
//! let s = read_csv(text, &CsvColumns::default())?;
//! assert_eq!(s.time, [0.0, 10.0, 11.0, 31.0, 40.0]);
//! assert_eq!(analyse(&s, &CurveOptions::default())?.time_to_recover, Some(21.0));
//!
//! let bad = "time,value\n0,100\n1,n/a\n";
//! let e = read_csv(bad, &CsvColumns::default()).unwrap_err();
//! assert_eq!(e.to_string(), "row 1 (line 3), column \"value\": \"n/a\" is not a number");
//! # Ok::<(), renxing::curve::CurveError>(())
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Column, CurveError, Series};

/// Header names recognised as the time column (compared case-insensitively, trimmed).
pub const TIME_HEADERS: &[&str] = &[
    "time", "t", "day", "days", "hour", "hours", "时间", "天", "天数",
];
/// Header names recognised as the value column.
pub const VALUE_HEADERS: &[&str] = &[
    "value",
    "q",
    "functionality",
    "service_level",
    "level",
    "功能",
    "功能值",
    "功能水平",
    "服务水平",
];

/// Which columns of a CSV file hold the curve. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CsvColumns {
    /// The header of the time column. Default: see the module docs.
    pub time: Option<String>,
    /// The header of the value column. Default: see the module docs.
    pub value: Option<String>,
}

fn delimiter(header: &str) -> u8 {
    if header.contains(',') {
        b','
    } else if header.contains(';') {
        b';'
    } else if header.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

fn find(
    headers: &[String],
    given: Option<&String>,
    known: &[&str],
    fallback: Option<usize>,
    column: Column,
) -> Result<usize, CurveError> {
    let norm = |s: &str| s.trim().to_lowercase();
    let found = match given {
        Some(name) => headers.iter().position(|h| norm(h) == norm(name)),
        None => known
            .iter()
            .find_map(|k| headers.iter().position(|h| norm(h) == *k))
            .or(fallback),
    };
    found.ok_or_else(|| CurveError::CsvMissingColumn {
        column,
        name: given.cloned(),
        headers: headers.join(", "),
    })
}

/// Reads a functionality curve from CSV text: see the module docs for the columns.
///
/// # Errors
/// [`CurveError::CsvSyntax`] (unreadable CSV), [`CurveError::CsvMissingColumn`],
/// [`CurveError::CsvCell`] (a cell that is not a number, naming row, line and column),
/// [`CurveError::CsvRow`] (a problem of the series at a row: a time not after the one before, a
/// number too large), [`CurveError::TooFewSamples`].
pub fn read_csv(text: &str, columns: &CsvColumns) -> Result<Series, CurveError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .delimiter(delimiter(first_line))
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let (mut ti, mut vi) = (0, 0);
    let mut series = Series::default();
    let mut lines: Vec<u64> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CurveError::CsvSyntax {
            line: e.position().map_or(0, ::csv::Position::line),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, ::csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let Some(h) = &headers else {
            let h: Vec<String> = record.iter().map(str::to_owned).collect();
            let two = h.len() == 2;
            ti = find(
                &h,
                columns.time.as_ref(),
                TIME_HEADERS,
                two.then_some(0),
                Column::Time,
            )?;
            vi = find(
                &h,
                columns.value.as_ref(),
                VALUE_HEADERS,
                two.then_some(1),
                Column::Value,
            )?;
            headers = Some(h);
            continue;
        };
        if series.time.len() >= crate::limits::MAX_TABLE_ROWS {
            return Err(CurveError::CsvTooManyRows {
                max: crate::limits::MAX_TABLE_ROWS,
            });
        }
        let row = series.time.len();
        let cell = |i: usize| -> Result<f64, CurveError> {
            let raw = record.get(i).unwrap_or("");
            match raw.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(CurveError::CsvCell {
                    row,
                    line,
                    column: h.get(i).cloned().unwrap_or_default(),
                    value: raw.chars().take(64).collect(),
                }),
            }
        };
        series.time.push(cell(ti)?);
        series.value.push(cell(vi)?);
        lines.push(line);
    }
    if headers.is_none() {
        return Err(CurveError::TooFewSamples { len: 0 });
    }
    let headers = headers.unwrap_or_default();
    if let Err(e) = series.validate() {
        let at = match &e {
            CurveError::NotIncreasing { index, .. } => Some((*index, Column::Time)),
            CurveError::NonFinite { column, index, .. }
            | CurveError::TooLarge { column, index, .. } => Some((*index, *column)),
            _ => None,
        };
        return Err(match at {
            Some((row, column)) => CurveError::CsvRow {
                row,
                line: lines.get(row).copied().unwrap_or(0),
                column: headers
                    .get(if column == Column::Time { ti } else { vi })
                    .cloned()
                    .unwrap_or_default(),
                source: Box::new(e),
            },
            None => e,
        });
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_name_position_and_option() {
        let s = read_csv(
            "\u{feff}note;时间;功能值\r\na;0;5\r\n\r\nb;2.5;4\r\n",
            &CsvColumns::default(),
        )
        .unwrap();
        assert_eq!((s.time, s.value), (vec![0.0, 2.5], vec![5.0, 4.0]));
        let s = read_csv("when,how\n1,2\n3,4\n", &CsvColumns::default()).unwrap();
        assert_eq!((s.time, s.value), (vec![1.0, 3.0], vec![2.0, 4.0]));
        let s = read_csv(
            "a,b,c\n1,2,3\n4,5,6\n",
            &CsvColumns {
                time: Some("C".into()),
                value: Some("a".into()),
            },
        )
        .unwrap();
        assert_eq!((s.time, s.value), (vec![3.0, 6.0], vec![1.0, 4.0]));
    }

    #[test]
    fn errors_name_row_line_and_column() {
        let e = read_csv("a,b,c\n1,2,3\n", &CsvColumns::default()).unwrap_err();
        assert_eq!(e.reason(), "csv_missing_column");
        assert_eq!(crate::curve::path_string(&e.path()), "columns.time");
        let e = read_csv("t,q\n0,1\n0,2\n", &CsvColumns::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "row 1 (line 3), column \"t\": time[1] = 0 is not after time[0] = 0; times must be strictly increasing"
        );
        assert_eq!(crate::curve::path_string(&e.path()), "rows[1].t");
        assert!(e.message_zh().starts_with("第 1 行(文件第 3 行)“t”列"));
        let e = read_csv("t,q\n0,1\n1,\n", &CsvColumns::default()).unwrap_err();
        assert_eq!(crate::curve::path_string(&e.path()), "rows[1].q");
        let e = read_csv("t,q\n0,NaN\n", &CsvColumns::default()).unwrap_err();
        assert_eq!(e.reason(), "csv_cell");
        assert_eq!(
            read_csv("", &CsvColumns::default()).unwrap_err().reason(),
            "too_few_samples"
        );
        // a quoted cell is read as its content
        let s = read_csv("t,q\n0,1\n1,\" 2\"\n", &CsvColumns::default()).unwrap();
        assert_eq!(s.value, [1.0, 2.0]);
    }
}
