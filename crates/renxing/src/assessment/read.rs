//! Reading an assessment file (structure) and checking it against a framework, every problem
//! as an [`Issue`] with its path and a bilingual message.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde_json::{Map, Value};

use super::{Assessment, Date, ASSESSMENT_SCHEMA_VERSION};
use crate::error::{list, AssessmentError, IdError, Issue, IssueCode, Msg, Path};
use crate::framework::{Framework, PAPER_FRAMEWORK_ID, SCHEMA_VERSION};
use crate::ids::{Mode, Phase};
use crate::limits::IssueSink;
use crate::rating::{Answers, Evidence, Rating, RatingValue, Score};
use crate::table::vocab::{parse_bool, Found, Lookup};

/// The top-level fields of the file format.
const KNOWN: &[&str] = &[
    "schema_version",
    "framework",
    "id",
    "name",
    "mode",
    "phase",
    "date",
    "ratings",
    "metadata",
    "consensus",
];

/// The fields of a rating.
const RATING_FIELDS: &[&str] = &[
    "level",
    "score",
    "coped",
    "developed",
    "evidence",
    "rater",
    "note",
];

/// The fields of an evidence item.
const EVIDENCE_FIELDS: &[&str] = &["quote", "source", "note"];

pub(super) fn parse_json(text: &str) -> Result<Value, AssessmentError> {
    crate::json::parse(text).map_err(|e| AssessmentError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// The JSON type of a value, in both languages.
pub(crate) fn type_name(v: &Value) -> (&'static str, &'static str) {
    match v {
        Value::Null => ("null", "null"),
        Value::Bool(_) => ("布尔值", "a boolean"),
        Value::Number(_) => ("数字", "a number"),
        Value::String(_) => ("字符串", "a string"),
        Value::Array(_) => ("数组", "an array"),
        Value::Object(_) => ("对象", "an object"),
    }
}

/// A value as shown in a message (at most 60 characters).
pub(crate) fn shown(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

/// "expected X, found Y": `expected` is (zh, en).
pub(crate) fn wrong_type(path: Path, expected: (&str, &str), found: &Value) -> Issue {
    let (zh, en) = type_name(found);
    let v = shown(found);
    Issue::new(
        path,
        IssueCode::WrongType,
        Msg::new(
            format!("应为{},实际为{zh} {v}", expected.0),
            format!("expected {}, found {en} {v}", expected.1),
        ),
    )
}

/// An unknown field of an object.
pub(crate) fn unknown_field(path: Path, key: &str, known: &[&str]) -> Issue {
    Issue::new(
        path,
        IssueCode::UnknownField,
        Msg::new(
            format!("未知字段 {key:?};可用字段:{}", list(known)),
            format!("unknown field {key:?}; expected one of: {}", list(known)),
        ),
    )
}

fn version_issue(found: &str) -> Issue {
    Issue::new(
        Path::from("schema_version"),
        IssueCode::UnsupportedVersion,
        Msg::new(
            format!("不支持 schema_version {found};本库读取版本 {SCHEMA_VERSION} 与 {ASSESSMENT_SCHEMA_VERSION}"),
            format!(
                "schema_version {found} is not supported; this library reads versions {SCHEMA_VERSION} and {ASSESSMENT_SCHEMA_VERSION}"
            ),
        ),
    )
}

/// Whether an assessment file version is read.
fn known_version(v: u32) -> bool {
    (SCHEMA_VERSION..=ASSESSMENT_SCHEMA_VERSION).contains(&v)
}

/// A version-2 field in a version-1 file.
fn needs_version_2(path: Path, what: (&str, &str)) -> Issue {
    Issue::new(
        path,
        IssueCode::UnsupportedVersion,
        Msg::new(
            format!("{}需要 schema_version {ASSESSMENT_SCHEMA_VERSION}", what.0),
            format!("{} need schema_version {ASSESSMENT_SCHEMA_VERSION}", what.1),
        ),
    )
}

fn framework_mismatch(found: &str, framework: &Framework) -> Issue {
    Issue::new(
        Path::from("framework"),
        IssueCode::UnknownId,
        Msg::new(
            format!("框架 {found:?} 与所用框架 {:?} 不一致", framework.id),
            format!(
                "framework {found:?} does not match the framework in use {:?}",
                framework.id
            ),
        ),
    )
}

fn empty_value(path: Path) -> Issue {
    let msg = Msg::new(
        format!("{path} 不能为空"),
        format!("{path} must not be empty"),
    );
    Issue::new(path, IssueCode::InvalidValue, msg)
}

/// The longest community id accepted.
pub const MAX_COMMUNITY_ID_LEN: usize = 128;

/// Whether an assessment's id is in the safe alphabet: letters of any script, digits, `_`, `-`,
/// `.`, at most [`MAX_COMMUNITY_ID_LEN`] characters (no white space, markup or control
/// characters: ids become file names, HTML ids and table keys).
#[must_use]
pub fn is_safe_community_id(id: &str) -> bool {
    let n = id.chars().count();
    n > 0
        && n <= MAX_COMMUNITY_ID_LEN
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Structural reading of a JSON value (no framework): every problem as an [`Issue`].
pub(super) fn structure(value: &Value) -> Result<Assessment, Vec<Issue>> {
    let mut issues = IssueSink::new();
    let Value::Object(obj) = value else {
        let (zh, en) = type_name(value);
        return Err(vec![Issue::new(
            Path::root(),
            IssueCode::WrongType,
            Msg::new(
                format!("评估必须是 JSON 对象,实际为{zh}"),
                format!("an assessment must be a JSON object, found {en}"),
            ),
        )]);
    };
    for key in obj.keys() {
        if !KNOWN.contains(&key.as_str()) {
            issues.push(unknown_field(Path::from(key.as_str()), key, KNOWN));
        }
    }
    let schema_version = match obj.get("schema_version") {
        None => {
            issues.push(Issue::new(
                Path::from("schema_version"),
                IssueCode::Missing,
                Msg::new(
                    format!("缺少 schema_version(本库写入 {SCHEMA_VERSION})"),
                    format!("schema_version is required (this library writes {SCHEMA_VERSION})"),
                ),
            ));
            SCHEMA_VERSION
        }
        Some(Value::Number(n))
            if n.as_u64()
                .and_then(|v| u32::try_from(v).ok())
                .is_some_and(known_version) =>
        {
            n.as_u64()
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(SCHEMA_VERSION)
        }
        Some(v) => {
            issues.push(version_issue(&v.to_string()));
            SCHEMA_VERSION
        }
    };
    let framework = match obj.get("framework") {
        None => PAPER_FRAMEWORK_ID.to_owned(),
        Some(v) => req_str(&mut issues, "framework", Some(v)).unwrap_or_default(),
    };
    let id = req_str(&mut issues, "id", obj.get("id")).unwrap_or_default();
    let name = req_str(&mut issues, "name", obj.get("name")).unwrap_or_default();
    let mode = opt_parse::<Mode>(
        &mut issues,
        ("模式", "mode"),
        obj.get("mode"),
        Lookup::modes,
    );
    let phase = opt_parse::<Phase>(
        &mut issues,
        ("阶段", "phase"),
        obj.get("phase"),
        Lookup::phases,
    );
    let date = match obj.get("date") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => match s.parse::<Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                issues.push(Issue::new(
                    Path::from("date"),
                    IssueCode::InvalidValue,
                    Msg::new(
                        format!("日期 {s:?} 不是 YYYY-MM-DD 格式的有效日期"),
                        format!("date {s:?} is not a valid calendar date in the form YYYY-MM-DD"),
                    ),
                ));
                None
            }
        },
        Some(v) => {
            issues.push(wrong_type(
                Path::from("date"),
                ("YYYY-MM-DD 格式的字符串", "a string YYYY-MM-DD"),
                v,
            ));
            None
        }
    };
    let mut ratings = BTreeMap::new();
    let mut codings = BTreeMap::new();
    match obj.get("ratings") {
        None => issues.push(Issue::new(
            Path::from("ratings"),
            IssueCode::Missing,
            Msg::new(
                "缺少 ratings:每个维度 id 一项的对象(null 表示未评)",
                "ratings is required: an object with one entry per dimension id (null = not rated)",
            ),
        )),
        Some(Value::Object(map)) => {
            for (dim, v) in map {
                let path = Path::from("ratings").key(dim.as_str());
                match v {
                    Value::Null => {
                        ratings.insert(dim.clone(), None);
                    }
                    Value::Object(r) if r.contains_key("codings") => {
                        if schema_version < ASSESSMENT_SCHEMA_VERSION {
                            issues.push(needs_version_2(
                                path.clone().key("codings"),
                                (
                                    "多位编码者的编码(codings)",
                                    "several coders' codings (codings)",
                                ),
                            ));
                        }
                        let (rating, list) = read_coded(&mut issues, &path, r);
                        ratings.insert(dim.clone(), rating);
                        codings.insert(dim.clone(), list);
                    }
                    Value::Object(r) => {
                        if let Some(rating) = read_rating(&mut issues, &path, r) {
                            ratings.insert(dim.clone(), Some(rating));
                        }
                    }
                    other => issues.push(wrong_type(
                        path,
                        ("评分对象或 null", "a rating object or null"),
                        other,
                    )),
                }
            }
        }
        Some(v) => issues.push(wrong_type(
            Path::from("ratings"),
            ("以维度 id 为键的对象", "an object keyed by dimension id"),
            v,
        )),
    }
    let metadata = match obj.get("metadata") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => {
            let mut v = Value::Object(m.clone());
            crate::json::canonicalize(&mut v);
            match v {
                Value::Object(m) => m,
                _ => Map::new(),
            }
        }
        Some(v) => {
            issues.push(wrong_type(Path::from("metadata"), ("对象", "an object"), v));
            Map::new()
        }
    };
    let consensus = match obj.get("consensus") {
        None | Some(Value::Null) => None,
        Some(v) => {
            if schema_version < ASSESSMENT_SCHEMA_VERSION {
                issues.push(needs_version_2(
                    Path::from("consensus"),
                    ("共识规则记录(consensus)", "a consensus record (consensus)"),
                ));
            }
            match serde_json::from_value::<crate::agree::ConsensusOptions>(v.clone()) {
                Ok(c) => Some(c),
                Err(e) => {
                    issues.push(Issue::new(
                        Path::from("consensus"),
                        IssueCode::InvalidValue,
                        Msg::new(
                            format!("共识记录无效:{e};应为 {{\"rule\": {{\"rule\": \"median\"}}, \"contested_above\": 1}} 之类"),
                            format!("invalid consensus record: {e}; expected e.g. {{\"rule\": {{\"rule\": \"median\"}}, \"contested_above\": 1}}"),
                        ),
                    ));
                    None
                }
            }
        }
    };
    if issues.is_empty() {
        Ok(Assessment {
            schema_version,
            framework,
            id,
            name,
            mode,
            phase,
            date,
            ratings,
            metadata,
            codings,
            consensus,
        })
    } else {
        Err(issues.finish())
    }
}

fn req_str(issues: &mut IssueSink, field: &str, v: Option<&Value>) -> Option<String> {
    match v {
        None => {
            issues.push(Issue::new(
                Path::from(field),
                IssueCode::Missing,
                Msg::new(format!("缺少 {field}"), format!("{field} is required")),
            ));
            None
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            issues.push(empty_value(Path::from(field)));
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            issues.push(wrong_type(Path::from(field), ("字符串", "a string"), other));
            None
        }
    }
}

fn opt_str(issues: &mut IssueSink, path: Path, v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            issues.push(wrong_type(path, ("字符串", "a string"), other));
            None
        }
    }
}

/// A mode or a phase: its id, or a label in Chinese or English (`政府主导型`, `Government led`;
/// see [`labels`](super::labels)).
fn opt_parse<T: FromStr<Err = IdError>>(
    issues: &mut IssueSink,
    (zh, field): (&str, &str),
    v: Option<&Value>,
    lookup: fn() -> Lookup,
) -> Option<T> {
    let s = opt_str(issues, Path::from(field), v)?;
    if let Ok(t) = s.parse() {
        return Some(t);
    }
    let lookup = lookup();
    match lookup.find(&s) {
        Found::One(i) => lookup.id(i).parse().ok(),
        Found::Ambiguous(ids) => {
            issues.push(super::labels::ambiguous(
                Path::from(field),
                (zh, field),
                &s,
                &ids,
            ));
            None
        }
        Found::None => {
            let expected = lookup.expected();
            issues.push(Issue::new(
                Path::from(field),
                IssueCode::UnknownId,
                Msg::new(
                    format!("{s:?} 不是已知的{zh};可用的值(代码或名称):{expected}"),
                    format!("{s:?} is not a known {field}; write an id or a label: {expected}"),
                ),
            ));
            None
        }
    }
}

fn read_rating(issues: &mut IssueSink, path: &Path, r: &Map<String, Value>) -> Option<Rating> {
    let before = issues.len();
    for key in r.keys() {
        if !RATING_FIELDS.contains(&key.as_str()) {
            issues.push(unknown_field(
                path.clone().key(key.as_str()),
                key,
                RATING_FIELDS,
            ));
        }
    }
    let has = |k: &str| r.get(k).is_some_and(|v| !v.is_null());
    let kinds = [has("level"), has("score"), has("coped") || has("developed")];
    let value = match kinds {
        [true, false, false] => match r.get("level") {
            Some(Value::String(s)) => Some(RatingValue::Level(s.clone())),
            Some(v) => {
                issues.push(wrong_type(
                    path.clone().key("level"),
                    ("等级 id 字符串", "a level id string"),
                    v,
                ));
                None
            }
            None => None,
        },
        [false, true, false] => match r.get("score") {
            Some(Value::Number(n)) => match n.as_f64().and_then(Score::new) {
                Some(s) => Some(RatingValue::Score(s)),
                None => {
                    issues.push(Issue::new(
                        path.clone().key("score"),
                        IssueCode::OutOfRange,
                        Msg::new(
                            format!("分数 {n} 必须在 0..=100 之内"),
                            format!("score {n} must be within 0..=100"),
                        ),
                    ));
                    None
                }
            },
            Some(v) => {
                issues.push(wrong_type(
                    path.clone().key("score"),
                    ("0..=100 之内的数字", "a number within 0..=100"),
                    v,
                ));
                None
            }
            None => None,
        },
        [false, false, true] => {
            let mut flag = |k: &str| match r.get(k) {
                Some(Value::Bool(b)) => Some(*b),
                Some(Value::String(s)) if parse_bool(s).is_some() => parse_bool(s),
                None | Some(Value::Null) => {
                    issues.push(Issue::new(
                        path.clone().key(k),
                        IssueCode::Missing,
                        Msg::new(
                            format!("两问评分需要 {k}(coped 与 developed 都要填写)"),
                            format!(
                                "{k} is required with the two-question rating (coped and developed)"
                            ),
                        ),
                    ));
                    None
                }
                Some(v) => {
                    issues.push(wrong_type(
                        path.clone().key(k),
                        (
                            "true 或 false(或 \"是\"/\"否\"、\"yes\"/\"no\")",
                            "true or false (or \"是\"/\"否\", \"yes\"/\"no\")",
                        ),
                        v,
                    ));
                    None
                }
            };
            let coped = flag("coped");
            let developed = flag("developed");
            match (coped, developed) {
                (Some(coped), Some(developed)) => {
                    Some(RatingValue::Answers(Answers { coped, developed }))
                }
                _ => None,
            }
        }
        [false, false, false] => {
            issues.push(Issue::new(
                path.clone(),
                IssueCode::Missing,
                Msg::new(
                    "评分需要以下之一:level、score,或 coped + developed(未评请写 null)",
                    "a rating needs one of: level, score, or coped + developed (use null for not rated)",
                ),
            ));
            None
        }
        _ => {
            issues.push(Issue::new(
                path.clone(),
                IssueCode::Inconsistent,
                Msg::new(
                    "评分只能有以下之一:level、score,或 coped + developed",
                    "a rating has exactly one of: level, score, or coped + developed",
                ),
            ));
            None
        }
    };
    let mut evidence = Vec::new();
    match r.get("evidence") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let p = path.clone().key("evidence").index(i);
                match item {
                    Value::Object(e) => {
                        for key in e.keys() {
                            if !EVIDENCE_FIELDS.contains(&key.as_str()) {
                                issues.push(unknown_field(
                                    p.clone().key(key.as_str()),
                                    key,
                                    EVIDENCE_FIELDS,
                                ));
                            }
                        }
                        let ev = Evidence {
                            quote: opt_str(issues, p.clone().key("quote"), e.get("quote")),
                            source: opt_str(issues, p.clone().key("source"), e.get("source")),
                            note: opt_str(issues, p.clone().key("note"), e.get("note")),
                        };
                        evidence.push(ev);
                    }
                    Value::String(s) => evidence.push(Evidence::note(s.clone())),
                    other => issues.push(wrong_type(
                        p,
                        (
                            "证据对象 {quote, source, note}",
                            "an evidence object {quote, source, note}",
                        ),
                        other,
                    )),
                }
            }
        }
        Some(v) => issues.push(wrong_type(
            path.clone().key("evidence"),
            ("数组", "an array"),
            v,
        )),
    }
    let rater = opt_str(issues, path.clone().key("rater"), r.get("rater"));
    let note = opt_str(issues, path.clone().key("note"), r.get("note"));
    if issues.len() > before {
        return None;
    }
    value.map(|value| Rating {
        value,
        evidence,
        rater,
        note,
    })
}

/// A dimension entry holding `codings`: the consensus rating (when the entry has a value) and
/// every coding.
fn read_coded(
    issues: &mut IssueSink,
    path: &Path,
    r: &Map<String, Value>,
) -> (Option<Rating>, Vec<Rating>) {
    let mut rest = r.clone();
    let list = rest.remove("codings");
    let value_keys = ["level", "score", "coped", "developed"];
    let has_value = value_keys
        .iter()
        .any(|k| rest.get(*k).is_some_and(|v| !v.is_null()));
    let rating = if has_value {
        read_rating(issues, path, &rest)
    } else {
        for key in rest.keys() {
            if !value_keys.contains(&key.as_str()) {
                issues.push(Issue::new(
                    path.clone().key(key.as_str()),
                    IssueCode::Inconsistent,
                    Msg::new(
                        format!("{key:?} 属于共识评分:尚无 level、score 或 coped + developed 时只能有 codings(证据等放在各编码中)"),
                        format!("{key:?} belongs to a consensus rating: without a level, score or coped + developed the entry holds only codings (evidence goes into each coding)"),
                    ),
                ));
            }
        }
        None
    };
    let mut codings = Vec::new();
    let at = path.clone().key("codings");
    match list {
        Some(Value::Array(items)) => {
            if items.is_empty() {
                issues.push(empty_value(at.clone()));
            }
            for (i, item) in items.iter().enumerate() {
                let p = at.clone().index(i);
                match item {
                    Value::Object(c) => {
                        if c.contains_key("codings") {
                            issues.push(unknown_field(
                                p.clone().key("codings"),
                                "codings",
                                RATING_FIELDS,
                            ));
                            continue;
                        }
                        if let Some(coding) = read_rating(issues, &p, c) {
                            codings.push(coding);
                        }
                    }
                    other => issues.push(wrong_type(
                        p,
                        (
                            "编码对象 {rater, level|score|coped+developed, evidence}",
                            "a coding object {rater, level|score|coped+developed, evidence}",
                        ),
                        other,
                    )),
                }
            }
        }
        Some(v) => issues.push(wrong_type(
            at,
            ("编码对象的数组", "an array of coding objects"),
            &v,
        )),
        None => {}
    }
    (rating, codings)
}

fn unknown_dimension(path: Path, dim: &str, framework: &Framework) -> Issue {
    let expected = Lookup::dimensions(framework).expected();
    Issue::new(
        path,
        IssueCode::UnknownId,
        Msg::new(
            format!(
                "{dim:?} 不是框架 {:?} 的维度;可用的维度(代码或名称):{expected}",
                framework.id,
            ),
            format!(
                "{dim:?} is not a dimension of framework {:?}; write a dimension id or label: {expected}",
                framework.id,
            ),
        ),
    )
}

fn missing_dimension(dim: &str) -> Issue {
    Issue::new(
        Path::from("ratings").key(dim),
        IssueCode::Missing,
        Msg::new(
            format!("缺少维度 {dim:?};请评分,或写 null 表示未评"),
            format!("dimension {dim:?} is missing; rate it, or write null to mark it not rated"),
        ),
    )
}

fn check_rating(issues: &mut IssueSink, path: &Path, r: &Rating, framework: &Framework) {
    check_rating_at(issues, &|| path.clone(), r, framework);
}

/// [`check_rating`] with the rating's path made only when there is a problem to report (a valid
/// assessment is validated without allocating).
fn check_rating_at(
    issues: &mut IssueSink,
    path: &dyn Fn() -> Path,
    r: &Rating,
    framework: &Framework,
) {
    match &r.value {
        RatingValue::Level(id) => {
            if framework.level_code(id).is_none() {
                let expected = Lookup::levels(framework).expected();
                issues.push(Issue::new(
                    path().key("level"),
                    IssueCode::UnknownId,
                    Msg::new(
                        format!("{id:?} 不是等级;可用的等级(代码或名称):{expected}"),
                        format!("{id:?} is not a level; write a level id or label: {expected}"),
                    ),
                ));
            }
        }
        RatingValue::Score(_) => {}
        RatingValue::Answers(_) => {
            if framework.levels.len() != 3 {
                let n = framework.levels.len();
                issues.push(Issue::new(
                    path(),
                    IssueCode::InvalidValue,
                    Msg::new(
                        format!("两问规则需要三级量表;框架 {:?} 有 {n} 个等级", framework.id),
                        format!(
                            "the two-question rule needs a three-level scale; framework {:?} has {n} levels",
                            framework.id
                        ),
                    ),
                ));
            }
        }
    }
    for (i, e) in r.evidence.iter().enumerate() {
        let empty = |s: &Option<String>| s.as_ref().is_none_or(|s| s.trim().is_empty());
        if empty(&e.quote) && empty(&e.source) && empty(&e.note) {
            issues.push(Issue::new(
                path().key("evidence").index(i),
                IssueCode::InvalidValue,
                Msg::new(
                    "证据需要非空的 quote、source 或 note",
                    "evidence needs a non-empty quote, source or note",
                ),
            ));
        }
    }
}

/// Every problem of a structurally valid assessment against a framework.
pub(super) fn check(a: &Assessment, framework: &Framework) -> Vec<Issue> {
    let mut issues = IssueSink::new();
    if !known_version(a.schema_version) {
        issues.push(version_issue(&a.schema_version.to_string()));
    }
    if a.framework != framework.id {
        issues.push(framework_mismatch(&a.framework, framework));
    }
    if a.id.trim().is_empty() {
        issues.push(empty_value(Path::from("id")));
    } else if !is_safe_community_id(&a.id) {
        let shown: String = a.id.chars().take(40).collect();
        issues.push(Issue::new(
            Path::from("id"),
            IssueCode::InvalidValue,
            Msg::new(
                format!("id {shown:?} 含有不允许的字符:只能用字母(任何文字)、数字、_、-、.,最多 {MAX_COMMUNITY_ID_LEN} 个字符"),
                format!("id {shown:?} has characters outside the safe alphabet: letters (any script), digits, _, - and ., at most {MAX_COMMUNITY_ID_LEN} characters"),
            ),
        ));
    }
    if a.name.trim().is_empty() {
        issues.push(empty_value(Path::from("name")));
    }
    for (dim, rating) in &a.ratings {
        let path = || Path::from("ratings").key(dim.as_str());
        if framework.dimension(dim).is_none() {
            issues.push(unknown_dimension(path(), dim, framework));
            continue;
        }
        if let Some(r) = rating {
            check_rating_at(&mut issues, &path, r, framework);
        }
    }
    for (dim, codings) in &a.codings {
        let path = Path::from("ratings").key(dim.as_str());
        if !a.ratings.contains_key(dim) {
            // a coding added by hand for a dimension the ratings do not list
            if framework.dimension(dim).is_none() {
                issues.push(unknown_dimension(path.clone(), dim, framework));
                continue;
            }
        } else if framework.dimension(dim).is_none() {
            continue; // reported above
        }
        check_codings(&mut issues, &path.key("codings"), codings, framework);
    }
    for d in &framework.dimensions {
        if !a.ratings.contains_key(&d.id) && !a.codings.contains_key(&d.id) {
            issues.push(missing_dimension(&d.id));
        }
    }
    issues.finish()
}

/// The codings of one dimension: each a valid rating with a non-empty rater, raters distinct.
fn check_codings(issues: &mut IssueSink, at: &Path, codings: &[Rating], framework: &Framework) {
    if codings.is_empty() {
        issues.push(empty_value(at.clone()));
    }
    for (i, c) in codings.iter().enumerate() {
        let p = at.clone().index(i);
        check_rating(issues, &p, c, framework);
        match c.rater.as_deref().map(str::trim) {
            None | Some("") => issues.push(Issue::new(
                p.key("rater"),
                IssueCode::Missing,
                Msg::new(
                    "每条编码都需要编码者 rater(一个名字)",
                    "every coding needs its rater (a name)",
                ),
            )),
            Some(name) => {
                if let Some(first) = codings[..i]
                    .iter()
                    .position(|o| o.rater.as_deref().map(str::trim) == Some(name))
                {
                    issues.push(Issue::new(
                        p.key("rater"),
                        IssueCode::Duplicate,
                        Msg::new(
                            format!("编码者 {name:?} 已在 codings[{first}] 为该维度编码;每位编码者每个维度一条"),
                            format!("rater {name:?} already coded this dimension in codings[{first}]; one coding per rater and dimension"),
                        ),
                    ));
                }
            }
        }
    }
}

/// Framework checks on a raw object whose structure was not fully valid, so that one call
/// reports both kinds of problem.
pub(super) fn framework_issues_raw(obj: &Map<String, Value>, framework: &Framework) -> Vec<Issue> {
    let mut issues = IssueSink::new();
    if let Some(Value::String(f)) = obj.get("framework") {
        if *f != framework.id {
            issues.push(framework_mismatch(f, framework));
        }
    }
    let Some(Value::Object(ratings)) = obj.get("ratings") else {
        return issues.finish();
    };
    let mut named = std::collections::BTreeSet::new();
    for (dim, v) in ratings {
        let path = Path::from("ratings").key(dim.as_str());
        match super::labels::dimension_id(framework, dim) {
            Found::None => issues.push(unknown_dimension(path, dim, framework)),
            Found::Ambiguous(ids) => issues.push(super::labels::ambiguous(
                path,
                ("维度", "dimension"),
                dim,
                &ids,
            )),
            Found::One(i) => {
                named.insert(if framework.dimension(dim).is_some() {
                    dim.as_str()
                } else {
                    framework.dimensions.get(i).map_or("", |d| d.id.as_str())
                });
                if let Value::Object(r) = v {
                    let mut scratch = IssueSink::new();
                    if let Some(mut rating) = read_rating(&mut scratch, &path, r) {
                        if let RatingValue::Level(id) = &mut rating.value {
                            if let Found::One(l) = Lookup::levels(framework).find(id) {
                                if let Some(def) = framework.levels.get(l) {
                                    id.clone_from(&def.id);
                                }
                            }
                        }
                        check_rating(&mut issues, &path, &rating, framework);
                    }
                }
            }
        }
    }
    for d in &framework.dimensions {
        if !named.contains(d.id.as_str()) {
            issues.push(missing_dimension(&d.id));
        }
    }
    issues.finish()
}
