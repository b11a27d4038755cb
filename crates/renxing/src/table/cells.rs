//! One cell as a value of the file format: text, a level id, a score, an answer, a mode, a
//! phase, JSON (evidence, metadata). Each conversion either gives the value (`None` for an empty
//! cell) or an [`Issue`] located at the cell.

use serde_json::{Map, Value};

use crate::error::{Issue, IssueCode, Msg, Path};
use crate::framework::Framework;

use super::raw::is_empty;
use super::vocab::{parse_bool, Found, Lookup};

/// A cell as shown in a message (at most 60 characters).
pub(super) fn shown(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

/// "expected X, found Y": `expected` is (zh, en).
pub(super) fn wrong_type(at: Path, expected: (&str, &str), found: &Value) -> Issue {
    let v = shown(found);
    Issue::new(
        at,
        IssueCode::WrongType,
        Msg::new(
            format!("应为{},实际为 {v}", expected.0),
            format!("expected {}, found {v}", expected.1),
        ),
    )
}

/// A number as people write it: `2`, not `2.0`.
pub(super) fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

/// Text (id, name, date, rater, note): a string, trimmed, or a number as written.
pub(super) fn text(v: &Value, at: &Path) -> Result<Option<String>, Issue> {
    match v {
        _ if is_empty(v) => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_owned())),
        Value::Number(n) => Ok(Some(n.as_f64().map_or_else(|| n.to_string(), num))),
        other => Err(wrong_type(at.clone(), ("文本", "text"), other)),
    }
}

/// A value of a vocabulary (mode, phase, dimension) by id or label.
pub(super) fn vocab(
    v: &Value,
    at: &Path,
    lookup: &Lookup,
    what: (&str, &str),
) -> Result<Option<usize>, Issue> {
    let Some(s) = text(v, at)? else {
        return Ok(None);
    };
    match lookup.find(&s) {
        Found::One(i) => Ok(Some(i)),
        Found::Ambiguous(ids) => Err(ambiguous(at, &s, &ids)),
        Found::None => Err(Issue::new(
            at.clone(),
            IssueCode::UnknownId,
            Msg::new(
                format!("{s:?} 不是{};请写 id 或名称:{}", what.0, lookup.expected()),
                format!(
                    "{s:?} is not a {}; write an id or a label: {}",
                    what.1,
                    lookup.expected()
                ),
            ),
        )),
    }
}

fn ambiguous(at: &Path, s: &str, ids: &[String]) -> Issue {
    let ids = ids.join(", ");
    Issue::new(
        at.clone(),
        IssueCode::Inconsistent,
        Msg::new(
            format!("{s:?} 是多个值的名称({ids});请写 id"),
            format!("{s:?} is the label of several values ({ids}); write the id"),
        ),
    )
}

/// Where a dimension's 0–100 scores go, for messages: `(zh, en)` column names.
pub(super) type ScoreColumn = (String, String);

/// A level by id or label. A number is refused: level codes and scores would be confused.
pub(super) fn level(
    v: &Value,
    at: &Path,
    fw: &Framework,
    levels: &Lookup,
    score_column: &ScoreColumn,
) -> Result<Option<String>, Issue> {
    let number = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    if let Some(x) = number {
        return Err(number_in_level(x, at, fw, score_column));
    }
    let Some(s) = text(v, at)? else {
        return Ok(None);
    };
    match levels.find(&s) {
        Found::One(i) => Ok(Some(levels.id(i).to_owned())),
        Found::Ambiguous(ids) => Err(ambiguous(at, &s, &ids)),
        Found::None => Err(Issue::new(
            at.clone(),
            IssueCode::UnknownId,
            Msg::new(
                format!(
                    "{s:?} 不是框架的等级;请写等级 id 或名称:{}(未评请留空)",
                    levels.expected()
                ),
                format!(
                    "{s:?} is not a level of the framework; write a level id or label: {} (leave the cell empty for not rated)",
                    levels.expected()
                ),
            ),
        )),
    }
}

/// The message for a number in a level column: a code (1..=k) or a score?
fn number_in_level(x: f64, at: &Path, fw: &Framework, score_column: &ScoreColumn) -> Issue {
    let k = fw.levels.len();
    let shown_x = num(x);
    let (score_zh, score_en) = score_column;
    #[allow(clippy::cast_precision_loss)]
    let code = (x.fract() == 0.0 && x >= 1.0 && x <= k as f64)
        .then(|| fw.levels.get(x as usize - 1))
        .flatten();
    let (zh, en) = match code {
        Some(level) => {
            let mapping = |lang: &str| {
                fw.levels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let label = l.labels.get(lang);
                        if super::vocab::norm(label) == super::vocab::norm(&l.id) {
                            format!("{} = {}", i + 1, l.id)
                        } else {
                            format!("{} = {} ({label})", i + 1, l.id)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (
                format!(
                    "{shown_x} 是数字而不是等级:等级列不读数字,以免把等级代码当成分数(或反之)。若 {shown_x} 是等级代码({}),请写等级 id 或名称:{} 或 {};若是 0–100 的分数,请放在名为 {score_zh} 的列中",
                    mapping("zh"),
                    level.id,
                    level.labels.get("zh"),
                ),
                format!(
                    "{shown_x} is a number, not a level: level columns do not read numbers, so that level codes and scores are never confused. If {shown_x} is a level code ({}), write the level's id or label: {} or {}; if it is a 0–100 score, put it in a column named {score_en}",
                    mapping("en"),
                    level.id,
                    level.labels.get("en"),
                ),
            )
        }
        None => (
            format!(
                "{shown_x} 是数字而不是等级(等级写 id 或名称,如 {});若是 0–100 的分数,请放在名为 {score_zh} 的列中",
                fw.levels.iter().map(|l| l.labels.get("zh")).collect::<Vec<_>>().join("、")
            ),
            format!(
                "{shown_x} is a number, not a level (write a level id or label, e.g. {}); if it is a 0–100 score, put it in a column named {score_en}",
                fw.levels.iter().map(|l| l.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        ),
    };
    Issue::new(at.clone(), IssueCode::WrongType, Msg::new(zh, en))
}

/// A 0–100 score: a number, or text that reads as one (the range is checked with the
/// assessment).
pub(super) fn score(v: &Value, at: &Path) -> Result<Option<Value>, Issue> {
    let x = match v {
        _ if is_empty(v) => return Ok(None),
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match x {
        // Whole numbers as integers, so that messages show `120`, not `120.0`.
        #[allow(clippy::cast_possible_truncation)]
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => Ok(Some(Value::from(x as i64))),
        Some(x) if x.is_finite() => Ok(serde_json::Number::from_f64(x).map(Value::Number)),
        Some(x) => Err(Issue::new(
            at.clone(),
            IssueCode::NotFinite,
            Msg::new(
                format!("分数 {x} 不是有限数"),
                format!("score {x} is not a finite number"),
            ),
        )),
        None => Err(wrong_type(
            at.clone(),
            ("0–100 之内的数字", "a number within 0..=100"),
            v,
        )),
    }
}

/// An answer to one of the two questions: yes/no, true/false, 是/否, 1/0.
pub(super) fn boolean(v: &Value, at: &Path) -> Result<Option<bool>, Issue> {
    let b = match v {
        _ if is_empty(v) => return Ok(None),
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(1.0) => Some(true),
            Some(0.0) => Some(false),
            _ => None,
        },
        Value::String(s) => parse_bool(s),
        _ => None,
    };
    b.map(Some).ok_or_else(|| {
        Issue::new(
            at.clone(),
            IssueCode::WrongType,
            Msg::new(
                format!("应为 是/否(true/false、yes/no、1/0),实际为 {}", shown(v)),
                format!(
                    "expected yes or no (true/false, 是/否, 1/0), found {}",
                    shown(v)
                ),
            ),
        )
    })
}

/// JSON text of an object (metadata), or an object.
pub(super) fn object(v: &Value, at: &Path) -> Result<Option<Map<String, Value>>, Issue> {
    let bad = || {
        Issue::new(
            at.clone(),
            IssueCode::WrongType,
            Msg::new(
                format!("应为 JSON 对象(如 {{\"区\": \"…\"}}),实际为 {}", shown(v)),
                format!(
                    "expected a JSON object (e.g. {{\"district\": \"…\"}}), found {}",
                    shown(v)
                ),
            ),
        )
    };
    match v {
        _ if is_empty(v) => Ok(None),
        Value::Object(m) => Ok(Some(m.clone())),
        Value::String(s) => match crate::json::parse(s.trim()) {
            Ok(Value::Object(m)) => Ok(Some(m)),
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

/// Evidence: plain text is one quote; text starting with `[` or `{` that is JSON is the file
/// format's evidence list (or one item); a list or an object is taken as is.
pub(super) fn evidence(v: &Value, at: &Path) -> Result<Option<Value>, Issue> {
    match v {
        _ if is_empty(v) => Ok(None),
        Value::Array(_) => Ok(Some(v.clone())),
        Value::Object(_) => Ok(Some(Value::Array(vec![v.clone()]))),
        Value::String(s) => {
            let s = s.trim();
            if s.starts_with('[') || s.starts_with('{') {
                match crate::json::parse(s) {
                    Ok(list @ Value::Array(_)) => return Ok(Some(list)),
                    Ok(one @ Value::Object(_)) => return Ok(Some(Value::Array(vec![one]))),
                    _ => {}
                }
            }
            let mut quote = Map::new();
            quote.insert("quote".to_owned(), Value::from(s));
            Ok(Some(Value::Array(vec![Value::Object(quote)])))
        }
        other => Err(wrong_type(at.clone(), ("文本", "text"), other)),
    }
}
