//! Indicator data (units × indicators) from CSV text: the data of a composite indicator or of an
//! uncertainty analysis uploaded as a spreadsheet.

use serde_json::Value;

use super::raw;
use crate::composite::{Dataset, Direction, IndicatorMeta};
use crate::error::{Error, ErrorCode, Msg, Problem};
use crate::path;

/// Reads indicator data from CSV text (`,`, `;` or tab separated; a UTF-8 BOM is skipped).
///
/// * The first column holds the unit ids (any header).
/// * Every other header names an indicator: `dimension/indicator`, or `indicator` alone (then
///   it is its own dimension). A leading `-` on the indicator (`safety/-response_time`) makes it
///   a cost indicator (less is better).
/// * Cells are numbers; an empty cell is a missing value.
///
/// # Errors
/// [`ErrorCode::TableInvalid`] for unreadable CSV, a header of one column, an empty unit id or a
/// cell that is not a number (located at `rows[i].<column>`); the dataset's own checks
/// (duplicate ids, no rows) as an [`Error`] naming the field.
///
/// ```
/// let d = renxing::table::read_indicator_csv(
///     "community,people/volunteers,people/drills,tech/-outage_hours\nc1,12,2,5\nc2,30,,1\n",
/// )?;
/// assert_eq!(d.units, ["c1", "c2"]);
/// assert_eq!(d.indicators[1].dimension, "people");
/// assert!(d.values[4].is_nan()); // c2's drills: missing
/// # Ok::<(), renxing::Error>(())
/// ```
pub fn read_indicator_csv(text: &str) -> Result<Dataset, Error> {
    let mut issues = Vec::new();
    let table = raw::from_csv(text, &mut issues)?;
    if let Some(first) = issues.into_iter().next() {
        return Err(Problem::new(ErrorCode::TableInvalid, first.message.clone())
            .at(first.path.clone())
            .into());
    }
    if table.columns.len() < 2 {
        return Err(Problem::new(
            ErrorCode::TableInvalid,
            Msg::new(
                "指标表至少需要两列:单位编号和一个指标",
                "an indicator table needs at least two columns: the unit id and one indicator",
            ),
        )
        .at(path!["columns"])
        .into());
    }
    let indicators: Vec<IndicatorMeta> = table.columns[1..]
        .iter()
        .map(|h| {
            let (dim, ind) = match h.rsplit_once('/') {
                Some((d, i)) => (d.trim(), i.trim()),
                None => ("", h.trim()),
            };
            let (ind, cost) = match ind.strip_prefix('-') {
                Some(rest) => (rest.trim(), true),
                None => (ind, false),
            };
            let mut m = IndicatorMeta::new(ind, if dim.is_empty() { ind } else { dim });
            if cost {
                m.direction = Direction::Cost;
            }
            m
        })
        .collect();
    let m = indicators.len();
    let mut units = Vec::new();
    let mut values = Vec::new();
    for row in table.rows.iter().filter(|r| !r.is_blank()) {
        let id = match row.cell(0) {
            Value::String(s) if !s.trim().is_empty() => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => {
                return Err(Problem::new(
                    ErrorCode::TableInvalid,
                    Msg::new("单位编号为空", "the unit id is empty"),
                )
                .at(path!["rows", row.index, table.columns[0].as_str()])
                .into())
            }
        };
        units.push(id);
        for c in 1..=m {
            let v = match row.cell(c) {
                Value::Null => f64::NAN,
                Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
                Value::String(s) if s.trim().is_empty() => f64::NAN,
                Value::String(s) => match s.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() => v,
                    _ => {
                        return Err(Problem::new(
                            ErrorCode::TableInvalid,
                            Msg::new(
                                format!("{:?} 不是数值(空单元格表示缺失)", s),
                                format!(
                                "{s:?} is not a number (leave the cell empty for a missing value)"
                            ),
                            ),
                        )
                        .at(path!["rows", row.index, table.columns[c].as_str()])
                        .into())
                    }
                },
                other => {
                    return Err(Problem::new(
                        ErrorCode::TableInvalid,
                        Msg::new(
                            format!("{other} 不是数值"),
                            format!("{other} is not a number"),
                        ),
                    )
                    .at(path!["rows", row.index, table.columns[c].as_str()])
                    .into())
                }
            };
            values.push(v);
        }
    }
    let d = Dataset::new(units, indicators, values);
    d.validate()?;
    Ok(d)
}
