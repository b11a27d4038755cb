//! A raw case table from CSV text: the first column the case ids, then one numeric column per
//! condition and the outcome (named, or the last column). Values are kept raw (calibrate them, or
//! give memberships); `,`, `;` or tab separated, a UTF-8 BOM ignored, blank lines skipped.

use super::data::QcaTable;
use super::error::{qpath, QcaError};

/// Reads a case table from CSV text. `outcome` names the outcome column (default: the last).
///
/// ```
/// use renxing::qca::read_csv;
/// let t = read_csv("case,A,B,Y\nc1,1,0,1\nc2,0,1,0\n", None)?;
/// assert_eq!(t.conditions, vec!["A", "B"]);
/// assert_eq!(t.outcome, "Y");
/// assert_eq!(t.values, vec![1.0, 0.0, 0.0, 1.0]);
/// # Ok::<(), renxing::qca::QcaError>(())
/// ```
///
/// # Errors
/// [`QcaError::InvalidOption`] for unreadable CSV or a row of the wrong length,
/// [`QcaError::NonFinite`] for a cell that is not a number (naming row and column),
/// [`QcaError::Unknown`] for an unknown outcome column, [`QcaError::Empty`] without cases or
/// conditions, and the checks of [`QcaTable::validate_shape`].
pub fn read_csv(text: &str, outcome: Option<&str>) -> Result<QcaTable, QcaError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delim = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut cases = Vec::new();
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| QcaError::InvalidOption {
            path: qpath!["text"],
            reason: format!("unreadable CSV: {e}"),
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let Some(h) = &header else {
            header = Some(record.iter().map(str::to_owned).collect());
            continue;
        };
        let i = rows.len();
        if record.len() != h.len() {
            return Err(QcaError::ShapeMismatch {
                path: qpath!["text", "rows", i],
                expected: h.len(),
                found: record.len(),
            });
        }
        cases.push(record.get(0).unwrap_or_default().to_owned());
        let mut row = Vec::with_capacity(h.len() - 1);
        for (j, cell) in record.iter().enumerate().skip(1) {
            let v: f64 = cell.parse().map_err(|_| QcaError::NonFinite {
                path: qpath!["text", "rows", i, h[j].as_str()],
                value: cell.to_owned(),
            })?;
            if !v.is_finite() {
                return Err(QcaError::NonFinite {
                    path: qpath!["text", "rows", i, h[j].as_str()],
                    value: cell.to_owned(),
                });
            }
            row.push(v);
        }
        rows.push(row);
    }
    let header = header.unwrap_or_default();
    if header.len() < 3 {
        return Err(QcaError::Empty {
            path: qpath!["text", "conditions"],
        });
    }
    let names = &header[1..];
    let oj = match outcome {
        None => names.len() - 1,
        Some(o) => names
            .iter()
            .position(|n| n == o)
            .ok_or_else(|| QcaError::Unknown {
                path: qpath!["outcome"],
                name: o.to_owned(),
            })?,
    };
    let k = names.len() - 1;
    let mut values = Vec::with_capacity(rows.len() * k);
    let mut outcome_values = Vec::with_capacity(rows.len());
    for row in &rows {
        for (j, v) in row.iter().enumerate() {
            if j == oj {
                outcome_values.push(*v);
            } else {
                values.push(*v);
            }
        }
    }
    let table = QcaTable {
        cases,
        conditions: names
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != oj)
            .map(|(_, n)| n.clone())
            .collect(),
        outcome: names[oj].clone(),
        values,
        outcome_values,
    };
    table.validate_shape()?;
    Ok(table)
}
