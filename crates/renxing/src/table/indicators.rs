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

/// The column names of a long indicator table: one row per unit and indicator.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct LongColumns {
    /// The unit id column (default `unit`).
    #[serde(default = "LongColumns::unit_default")]
    pub unit: String,
    /// The indicator column: ids, or labels in any of the framework's languages when a
    /// framework is given (default `indicator`).
    #[serde(default = "LongColumns::indicator_default")]
    pub indicator: String,
    /// The value column: numbers, empty = missing (default `value`).
    #[serde(default = "LongColumns::value_default")]
    pub value: String,
}

impl LongColumns {
    fn unit_default() -> String {
        "unit".into()
    }
    fn indicator_default() -> String {
        "indicator".into()
    }
    fn value_default() -> String {
        "value".into()
    }
}

impl Default for LongColumns {
    fn default() -> Self {
        LongColumns {
            unit: Self::unit_default(),
            indicator: Self::indicator_default(),
            value: Self::value_default(),
        }
    }
}

/// Reads a long indicator table given as CSV text; see [`read_indicator_long_rows`].
///
/// # Errors
/// As [`read_indicator_long_rows`], and unreadable CSV.
pub fn read_indicator_long_csv(
    text: &str,
    columns: &LongColumns,
    framework: Option<&crate::Framework>,
) -> Result<Dataset, Error> {
    let mut issues = Vec::new();
    let table = raw::from_csv(text, &mut issues)?;
    if let Some(first) = issues.into_iter().next() {
        return Err(Problem::new(ErrorCode::TableInvalid, first.message.clone())
            .at(first.path.clone())
            .into());
    }
    read_long(&table, columns, framework)
}

/// Reads a long indicator table (one row per unit and indicator: unit id, indicator, value)
/// into a units × indicators dataset, units and indicators in order of first appearance; a
/// (unit, indicator) pair with no row is a missing value.
///
/// With a framework, the indicator cells may be ids or labels in any of its languages
/// (`志愿者/千人` or `volunteers_per_1000`), the dataset's indicators are the framework's ids
/// with their dimension and direction, and an indicator the framework does not define is an
/// error. Without one, the cells are the ids, each its own dimension.
///
/// ```
/// use serde_json::json;
/// use renxing::table::{read_indicator_long_rows, LongColumns};
/// let rows: Vec<_> = [("c1", "drills", 2), ("c1", "volunteers", 12), ("c2", "volunteers", 30)]
///     .iter()
///     .map(|(u, i, v)| json!({"unit": u, "indicator": i, "value": v}).as_object().cloned().unwrap_or_default())
///     .collect();
/// let d = read_indicator_long_rows(&rows, &LongColumns::default(), None)?;
/// assert_eq!(d.units, ["c1", "c2"]);
/// assert_eq!(d.indicators[0].id, "drills");
/// assert_eq!(d.values[..2], [2.0, 12.0]); // c1: drills, volunteers
/// assert!(d.values[2].is_nan()); // c2's drills: no row
/// assert_eq!(d.values[3], 30.0);
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// [`ErrorCode::TableInvalid`] for a missing column, an empty unit or indicator, a value that is
/// not a number, or two rows for one unit and indicator (both rows named), located at
/// `rows[i].<column>`; [`ErrorCode::UnknownId`] for an indicator the framework does not define;
/// the dataset's own checks.
pub fn read_indicator_long_rows(
    rows: &[serde_json::Map<String, Value>],
    columns: &LongColumns,
    framework: Option<&crate::Framework>,
) -> Result<Dataset, Error> {
    let table = raw::from_records(rows)?;
    read_long(&table, columns, framework)
}

fn read_long(
    table: &raw::Raw,
    names: &LongColumns,
    framework: Option<&crate::Framework>,
) -> Result<Dataset, Error> {
    use std::collections::HashMap;
    let col = |name: &str, role: &str| -> Result<usize, Error> {
        table
            .columns
            .iter()
            .position(|c| c.trim() == name)
            .ok_or_else(|| {
                Problem::new(
                    ErrorCode::TableInvalid,
                    Msg::new(
                        format!(
                            "长表缺少{role}列 {name:?}(现有列:{})",
                            table.columns.join("、")
                        ),
                        format!(
                            "the long table has no {} column {name:?} (columns: {})",
                            match role {
                                "单位" => "unit",
                                "指标" => "indicator",
                                _ => "value",
                            },
                            table.columns.join(", ")
                        ),
                    ),
                )
                .at(path!["columns"])
                .into()
            })
    };
    let (cu, ci, cv) = (
        col(&names.unit, "单位")?,
        col(&names.indicator, "指标")?,
        col(&names.value, "数值")?,
    );
    let text = |v: &Value| match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    // indicator cell → framework indicator (id or any label)
    let mut lookup: HashMap<String, usize> = HashMap::new();
    if let Some(fw) = framework {
        for (k, ind) in fw.indicators.iter().enumerate() {
            for l in ind.labels.0.values() {
                lookup.entry(l.trim().to_owned()).or_insert(k);
            }
        }
        for (k, ind) in fw.indicators.iter().enumerate() {
            lookup.insert(ind.id.clone(), k);
        }
    }
    let mut units: Vec<String> = Vec::new();
    let mut unit_pos: HashMap<String, usize> = HashMap::new();
    let mut inds: Vec<IndicatorMeta> = Vec::new();
    let mut ind_pos: HashMap<String, usize> = HashMap::new();
    let mut cells: Vec<(usize, usize, f64, usize)> = Vec::new();
    for row in table.rows.iter().filter(|r| !r.is_blank()) {
        let at = |c: usize| path!["rows", row.index, table.columns[c].as_str()];
        let unit = text(row.cell(cu));
        if unit.is_empty() {
            return Err(Problem::new(
                ErrorCode::TableInvalid,
                Msg::new("单位编号为空", "the unit id is empty"),
            )
            .at(at(cu))
            .into());
        }
        let cell = text(row.cell(ci));
        if cell.is_empty() {
            return Err(Problem::new(
                ErrorCode::TableInvalid,
                Msg::new("指标为空", "the indicator is empty"),
            )
            .at(at(ci))
            .into());
        }
        let meta = match framework {
            Some(fw) => {
                let Some(&k) = lookup.get(&cell) else {
                    let known: Vec<&str> = fw.indicators.iter().map(|i| i.id.as_str()).collect();
                    return Err(Problem::new(
                        ErrorCode::UnknownId,
                        Msg::new(
                            format!(
                                "框架 {} 没有指标 {cell:?}(可用:{})",
                                fw.id,
                                known.join("、")
                            ),
                            format!(
                                "framework {} defines no indicator {cell:?} (known: {})",
                                fw.id,
                                known.join(", ")
                            ),
                        ),
                    )
                    .at(at(ci))
                    .into());
                };
                let d = &fw.indicators[k];
                let mut m = IndicatorMeta::new(d.id.clone(), d.dimension.clone());
                m.direction = d.direction;
                m
            }
            None => IndicatorMeta::new(cell.clone(), cell.clone()),
        };
        let u = *unit_pos.entry(unit.clone()).or_insert_with(|| {
            units.push(unit.clone());
            units.len() - 1
        });
        let j = *ind_pos.entry(meta.id.clone()).or_insert_with(|| {
            inds.push(meta);
            inds.len() - 1
        });
        let v = match row.cell(cv) {
            Value::Null => f64::NAN,
            Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
            Value::String(s) if s.trim().is_empty() => f64::NAN,
            Value::String(s) => match s.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    return Err(Problem::new(
                        ErrorCode::TableInvalid,
                        Msg::new(
                            format!("{s:?} 不是数值(空单元格表示缺失)"),
                            format!(
                                "{s:?} is not a number (leave the cell empty for a missing value)"
                            ),
                        ),
                    )
                    .at(at(cv))
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
                .at(at(cv))
                .into())
            }
        };
        cells.push((u, j, v, row.index));
    }
    let (n, m) = (units.len(), inds.len());
    let mut values = vec![f64::NAN; n.saturating_mul(m)];
    let mut seen: Vec<Option<usize>> = vec![None; n.saturating_mul(m)];
    for (u, j, v, index) in cells {
        let k = u * m + j;
        if let Some(first) = seen[k] {
            return Err(Problem::new(
                ErrorCode::TableInvalid,
                Msg::new(
                    format!(
                        "单位 {:?} 的指标 {:?} 有两行(第 {first} 行和第 {index} 行,从 0 起)",
                        units[u], inds[j].id
                    ),
                    format!(
                        "unit {:?}, indicator {:?}: two rows (rows {first} and {index}, from 0)",
                        units[u], inds[j].id
                    ),
                ),
            )
            .at(path!["rows", index, names.indicator.as_str()])
            .into());
        }
        seen[k] = Some(index);
        values[k] = v;
    }
    let d = Dataset::new(units, inds, values);
    d.validate()?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fw() -> crate::Framework {
        let text = r#"{"schema_version": 2, "id": "t", "labels": {"en": "T", "zh": "测"},
          "attributes": [{"id": "people", "labels": {"en": "People", "zh": "人"}}],
          "dimensions": [{"id": "teams", "attribute": "people", "labels": {"en": "Teams", "zh": "队伍"}}],
          "indicators": [
            {"id": "vol", "dimension": "teams", "direction": "benefit", "unit": {"en": "n"},
             "labels": {"en": "Volunteers", "zh": "志愿者"}, "source": "s"},
            {"id": "delay", "dimension": "teams", "direction": "cost", "unit": {"en": "min"},
             "labels": {"en": "Delay", "zh": "延误"}, "source": "s"}]}"#;
        crate::Framework::from_json(text).unwrap_or_else(|e| unreachable!("{e:?}"))
    }

    #[test]
    fn long_csv_in_labels_reads_as_the_wide_table() {
        let long = "unit,indicator,value\nb,延误,4\na,Volunteers,10\na,delay,2\nb,vol,\n";
        let d = read_indicator_long_csv(long, &LongColumns::default(), Some(&fw()))
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(d.units, ["b", "a"]);
        let ids: Vec<&str> = d.indicators.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["delay", "vol"]);
        assert_eq!(d.indicators[0].direction, Direction::Cost);
        assert_eq!(d.indicators[1].dimension, "teams");
        // b: delay 4, vol missing (empty cell); a: delay 2, vol 10
        assert_eq!(d.values[0], 4.0);
        assert!(d.values[1].is_nan());
        assert_eq!(&d.values[2..], &[2.0, 10.0]);
    }

    #[test]
    fn long_table_errors_are_typed_bilingual_and_name_the_row() {
        let cols = LongColumns::default();
        let dup = "unit,indicator,value\na,vol,1\na,vol,2\n";
        let e = read_indicator_long_csv(dup, &cols, None)
            .err()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(e.code(), ErrorCode::TableInvalid);
        assert_eq!(
            e.path().map(|p| p.to_string()).as_deref(),
            Some("rows[1].indicator")
        );
        assert!(e
            .message(crate::Lang::En)
            .contains("two rows (rows 0 and 1"));
        assert!(e.message(crate::Lang::Zh).contains("有两行"));
        let unknown = "unit,indicator,value\na,vol,1\na,shelters,2\n";
        let e = read_indicator_long_csv(unknown, &cols, Some(&fw()))
            .err()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(e.code(), ErrorCode::UnknownId);
        assert!(e.message(crate::Lang::En).contains("\"shelters\""));
        assert!(e.message(crate::Lang::Zh).contains("没有指标"));
        let e = read_indicator_long_csv("u,i,v\na,vol,1\n", &cols, None)
            .err()
            .unwrap_or_else(|| unreachable!());
        assert!(e
            .message(crate::Lang::En)
            .contains("no unit column \"unit\""));
        let named = LongColumns {
            unit: "u".into(),
            indicator: "i".into(),
            value: "v".into(),
        };
        let d = read_indicator_long_csv("u,i,v\na,vol,1\n", &named, None)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(d.values, [1.0]);
        let e = read_indicator_long_csv("u,i,v\na,vol,x\n", &named, None)
            .err()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            e.path().map(|p| p.to_string()).as_deref(),
            Some("rows[0].v")
        );
    }
}
