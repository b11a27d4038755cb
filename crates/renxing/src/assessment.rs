//! An assessment of one community, its file format and its validation.
//!
//! A file (JSON, `schema_version` 1) looks like this:
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "framework": "sanshe-liandong-2022",
//!   "id": "lakeside-2024",
//!   "name": "湖畔社区",
//!   "mode": "government_led",
//!   "phase": "response",
//!   "date": "2024-03-01",
//!   "ratings": {
//!     "needs_met": {"level": "high", "evidence": [{"quote": "…", "source": "interview 3"}]},
//!     "resource_linkage": {"coped": true, "developed": false, "rater": "team A"},
//!     "rules": {"score": 71.5},
//!     "emergency_knowledge": null
//!   },
//!   "metadata": {"any": "JSON"}
//! }
//! ```
//!
//! Every dimension of the framework must appear in `ratings`; `null` marks it explicitly as not
//! rated (never a silent default). [`Assessment::parse`] reports every problem at once, each
//! with its field path.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::{AssessmentError, Issue, IssueCode, Issues};
use crate::framework::{Framework, PAPER_FRAMEWORK_ID, SCHEMA_VERSION};
use crate::ids::{Dimension, Level, Mode, Phase};
use crate::rating::{Answers, Evidence, Rating, RatingValue, Score};

/// A calendar date (`YYYY-MM-DD`, proleptic Gregorian), validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date, or `None` if it does not exist (e.g. 2023-02-29). Years 1..=9999.
    #[must_use]
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// The year.
    #[must_use]
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month (1–12).
    #[must_use]
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    #[must_use]
    pub const fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("date {s:?} is not a valid calendar date in the form YYYY-MM-DD");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(bad());
        };
        let (Ok(m), Ok(d)) = (u8::try_from(m), u8::try_from(d)) else {
            return Err(bad());
        };
        Date::new(y, m, d).ok_or_else(bad)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The assessment of one community against one framework.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    /// File format version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The id of the framework the ratings refer to.
    pub framework: String,
    /// A stable id for the community (and, with phase and date, the occasion).
    pub id: String,
    /// The community's name (any script).
    pub name: String,
    /// The governance mode (FRAMEWORK.md §4), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// The phase of the cycle the assessment describes (FRAMEWORK.md §7).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// When the assessment describes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// One entry per dimension id: a rating, or `None` for "not rated".
    pub ratings: BTreeMap<String, Option<Rating>>,
    /// Free metadata (any JSON), kept in order and round-tripped as is.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub metadata: Map<String, Value>,
}

impl Assessment {
    /// An assessment of the paper's framework with every dimension explicitly not rated yet.
    ///
    /// ```
    /// use renxing::{Assessment, Dimension, Level, Rating};
    /// let mut a = Assessment::new("c1", "示例社区");
    /// a.rate(Dimension::NeedsMet, Rating::level(Level::High));
    /// assert_eq!(a.level_of(Dimension::NeedsMet), Some(Level::High));
    /// assert_eq!(a.level_of(Dimension::Rules), None);
    /// ```
    #[must_use]
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self::for_framework(Framework::paper(), id, name)
    }

    /// An assessment of any framework with every dimension explicitly not rated yet.
    #[must_use]
    pub fn for_framework(
        framework: &Framework,
        id: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        Assessment {
            schema_version: SCHEMA_VERSION,
            framework: framework.id.clone(),
            id: id.into(),
            name: name.into(),
            mode: None,
            phase: None,
            date: None,
            ratings: framework
                .dimensions
                .iter()
                .map(|d| (d.id.clone(), None))
                .collect(),
            metadata: Map::new(),
        }
    }

    /// Sets a paper dimension's rating.
    pub fn rate(&mut self, dimension: Dimension, rating: Rating) -> &mut Self {
        self.ratings.insert(dimension.id().to_owned(), Some(rating));
        self
    }

    /// Sets the rating of a dimension by id (checked by [`validate`](Self::validate)).
    pub fn rate_id(&mut self, dimension: impl Into<String>, rating: Option<Rating>) -> &mut Self {
        self.ratings.insert(dimension.into(), rating);
        self
    }

    /// The rating of a dimension id, if rated.
    #[must_use]
    pub fn rating(&self, dimension: &str) -> Option<&Rating> {
        self.ratings.get(dimension).and_then(Option::as_ref)
    }

    /// The paper level of a dimension when rated by level or by answers (not by score).
    #[must_use]
    pub fn level_of(&self, dimension: Dimension) -> Option<Level> {
        match &self.rating(dimension.id())?.value {
            RatingValue::Level(id) => id.parse().ok(),
            RatingValue::Answers(a) => Some(a.outcome().level),
            RatingValue::Score(_) => None,
        }
    }

    /// Reads the JSON text of an assessment file, checking its structure (types, required
    /// fields, formats) but not the ids against a framework. Prefer [`Assessment::parse`].
    ///
    /// # Errors
    /// [`AssessmentError::Json`] for malformed JSON, [`AssessmentError::Invalid`] listing every
    /// structural problem.
    pub fn from_json(text: &str) -> Result<Self, AssessmentError> {
        let value = parse_json(text)?;
        Self::from_value(&value).map_err(|i| AssessmentError::Invalid(Issues(i)))
    }

    /// Reads and fully validates an assessment file against a framework, reporting every
    /// problem (structural and against the framework) at once.
    ///
    /// # Errors
    /// As [`Assessment::from_json`], plus the problems of [`Assessment::validate`].
    pub fn parse(text: &str, framework: &Framework) -> Result<Self, AssessmentError> {
        let value = parse_json(text)?;
        Self::from_value_in(&value, framework)
    }

    /// Validates a JSON value (already parsed) against a framework; see [`Assessment::parse`].
    ///
    /// # Errors
    /// [`AssessmentError::Invalid`] listing every problem.
    pub fn from_value_in(value: &Value, framework: &Framework) -> Result<Self, AssessmentError> {
        match Self::from_value(value) {
            Ok(a) => {
                a.validate(framework)?;
                Ok(a)
            }
            Err(mut issues) => {
                // Report the framework problems of what could be read too.
                if let Some(Value::Object(obj)) = Some(value) {
                    issues.extend(framework_issues_raw(obj, framework));
                }
                issues.sort_by(|a, b| a.path.cmp(&b.path));
                issues.dedup();
                Err(AssessmentError::Invalid(Issues(issues)))
            }
        }
    }

    /// The assessment as pretty JSON (the file format).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The assessment as a JSON value.
    #[must_use]
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Checks the assessment against a framework and reports every problem: the framework id,
    /// every dimension present (rated or `null`), no unknown dimension, level ids of the scale,
    /// answers only on a three-level scale, non-empty id and name, evidence not empty.
    ///
    /// # Errors
    /// [`AssessmentError::Invalid`] with one [`Issue`] per problem.
    pub fn validate(&self, framework: &Framework) -> Result<(), AssessmentError> {
        let mut issues = Vec::new();
        if self.schema_version != SCHEMA_VERSION {
            issues.push(version_issue(&self.schema_version.to_string()));
        }
        if self.framework != framework.id {
            issues.push(Issue::new(
                "framework",
                IssueCode::UnknownId,
                format!(
                    "framework {:?} does not match the framework in use {:?}",
                    self.framework, framework.id
                ),
            ));
        }
        if self.id.trim().is_empty() {
            issues.push(Issue::new(
                "id",
                IssueCode::InvalidValue,
                "id must not be empty",
            ));
        }
        if self.name.trim().is_empty() {
            issues.push(Issue::new(
                "name",
                IssueCode::InvalidValue,
                "name must not be empty",
            ));
        }
        for (dim, rating) in &self.ratings {
            let path = format!("ratings.{dim}");
            if framework.dimension(dim).is_none() {
                issues.push(unknown_dimension(&path, dim, framework));
                continue;
            }
            if let Some(r) = rating {
                check_rating(&mut issues, &path, r, framework);
            }
        }
        for d in &framework.dimensions {
            if !self.ratings.contains_key(&d.id) {
                issues.push(missing_dimension(&d.id));
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(AssessmentError::Invalid(Issues(issues)))
        }
    }

    /// Structural reading of a JSON value (no framework): every problem as an [`Issue`].
    fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        let mut issues = Vec::new();
        let Value::Object(obj) = value else {
            return Err(vec![Issue::new(
                "",
                IssueCode::WrongType,
                format!(
                    "an assessment must be a JSON object, found {}",
                    type_name(value)
                ),
            )]);
        };
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
        ];
        for key in obj.keys() {
            if !KNOWN.contains(&key.as_str()) {
                issues.push(Issue::new(
                    key.clone(),
                    IssueCode::UnknownField,
                    format!(
                        "unknown field {key:?}; expected one of: {}",
                        KNOWN.join(", ")
                    ),
                ));
            }
        }
        let schema_version = match obj.get("schema_version") {
            None => {
                issues.push(Issue::new(
                    "schema_version",
                    IssueCode::Missing,
                    format!("schema_version is required (this library writes {SCHEMA_VERSION})"),
                ));
                SCHEMA_VERSION
            }
            Some(Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {
                SCHEMA_VERSION
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
        let mode = opt_parse::<Mode>(&mut issues, "mode", obj.get("mode"));
        let phase = opt_parse::<Phase>(&mut issues, "phase", obj.get("phase"));
        let date = match obj.get("date") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => match s.parse::<Date>() {
                Ok(d) => Some(d),
                Err(msg) => {
                    issues.push(Issue::new("date", IssueCode::InvalidValue, msg));
                    None
                }
            },
            Some(v) => {
                issues.push(wrong_type("date", "a string YYYY-MM-DD", v));
                None
            }
        };
        let mut ratings = BTreeMap::new();
        match obj.get("ratings") {
            None => issues.push(Issue::new(
                "ratings",
                IssueCode::Missing,
                "ratings is required: an object with one entry per dimension id (null = not rated)",
            )),
            Some(Value::Object(map)) => {
                for (dim, v) in map {
                    let path = format!("ratings.{dim}");
                    match v {
                        Value::Null => {
                            ratings.insert(dim.clone(), None);
                        }
                        Value::Object(r) => {
                            if let Some(rating) = read_rating(&mut issues, &path, r) {
                                ratings.insert(dim.clone(), Some(rating));
                            }
                        }
                        other => issues.push(wrong_type(&path, "a rating object or null", other)),
                    }
                }
            }
            Some(v) => issues.push(wrong_type("ratings", "an object keyed by dimension id", v)),
        }
        let metadata = match obj.get("metadata") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(v) => {
                issues.push(wrong_type("metadata", "an object", v));
                Map::new()
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
            })
        } else {
            Err(issues)
        }
    }
}

impl<'de> Deserialize<'de> for Assessment {
    /// Structural reading (as [`Assessment::from_json`]); the first problems become the message.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        Assessment::from_value(&value).map_err(|i| serde::de::Error::custom(Issues(i).to_string()))
    }
}

fn parse_json(text: &str) -> Result<Value, AssessmentError> {
    serde_json::from_str(text).map_err(|e| AssessmentError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn shown(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

fn wrong_type(path: &str, expected: &str, found: &Value) -> Issue {
    Issue::new(
        path,
        IssueCode::WrongType,
        format!(
            "expected {expected}, found {} {}",
            type_name(found),
            shown(found)
        ),
    )
}

fn version_issue(found: &str) -> Issue {
    Issue::new(
        "schema_version",
        IssueCode::UnsupportedVersion,
        format!(
            "schema_version {found} is not supported; this library reads version {SCHEMA_VERSION}"
        ),
    )
}

fn req_str(issues: &mut Vec<Issue>, path: &str, v: Option<&Value>) -> Option<String> {
    match v {
        None => {
            issues.push(Issue::new(
                path,
                IssueCode::Missing,
                format!("{path} is required"),
            ));
            None
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            issues.push(Issue::new(
                path,
                IssueCode::InvalidValue,
                format!("{path} must not be empty"),
            ));
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            issues.push(wrong_type(path, "a string", other));
            None
        }
    }
}

fn opt_str(issues: &mut Vec<Issue>, path: &str, v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            issues.push(wrong_type(path, "a string", other));
            None
        }
    }
}

fn opt_parse<T: FromStr<Err = crate::error::IdError>>(
    issues: &mut Vec<Issue>,
    path: &str,
    v: Option<&Value>,
) -> Option<T> {
    let s = opt_str(issues, path, v)?;
    match s.parse() {
        Ok(t) => Some(t),
        Err(e) => {
            issues.push(Issue::new(
                path,
                IssueCode::UnknownId,
                format!(
                    "{s:?} is not a known {path}; expected one of: {}",
                    e.expected
                ),
            ));
            None
        }
    }
}

fn read_rating(issues: &mut Vec<Issue>, path: &str, r: &Map<String, Value>) -> Option<Rating> {
    const KNOWN: &[&str] = &[
        "level",
        "score",
        "coped",
        "developed",
        "evidence",
        "rater",
        "note",
    ];
    let before = issues.len();
    for key in r.keys() {
        if !KNOWN.contains(&key.as_str()) {
            issues.push(Issue::new(
                format!("{path}.{key}"),
                IssueCode::UnknownField,
                format!(
                    "unknown field {key:?}; expected one of: {}",
                    KNOWN.join(", ")
                ),
            ));
        }
    }
    let has = |k: &str| r.get(k).is_some_and(|v| !v.is_null());
    let kinds = [has("level"), has("score"), has("coped") || has("developed")];
    let value = match kinds {
        [true, false, false] => match r.get("level") {
            Some(Value::String(s)) => Some(RatingValue::Level(s.clone())),
            Some(v) => {
                issues.push(wrong_type(&format!("{path}.level"), "a level id string", v));
                None
            }
            None => None,
        },
        [false, true, false] => match r.get("score") {
            Some(Value::Number(n)) => match n.as_f64().and_then(Score::new) {
                Some(s) => Some(RatingValue::Score(s)),
                None => {
                    issues.push(Issue::new(
                        format!("{path}.score"),
                        IssueCode::OutOfRange,
                        format!("score {n} must be within 0..=100"),
                    ));
                    None
                }
            },
            Some(v) => {
                issues.push(wrong_type(
                    &format!("{path}.score"),
                    "a number within 0..=100",
                    v,
                ));
                None
            }
            None => None,
        },
        [false, false, true] => {
            let mut flag = |k: &str| match r.get(k) {
                Some(Value::Bool(b)) => Some(*b),
                None | Some(Value::Null) => {
                    issues.push(Issue::new(
                        format!("{path}.{k}"),
                        IssueCode::Missing,
                        format!(
                            "{k} is required with the two-question rating (coped and developed)"
                        ),
                    ));
                    None
                }
                Some(v) => {
                    issues.push(wrong_type(&format!("{path}.{k}"), "true or false", v));
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
                path,
                IssueCode::Missing,
                "a rating needs one of: level, score, or coped + developed (use null for not rated)",
            ));
            None
        }
        _ => {
            issues.push(Issue::new(
                path,
                IssueCode::Inconsistent,
                "a rating has exactly one of: level, score, or coped + developed",
            ));
            None
        }
    };
    let mut evidence = Vec::new();
    match r.get("evidence") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}.evidence[{i}]");
                match item {
                    Value::Object(e) => {
                        for key in e.keys() {
                            if !["quote", "source", "note"].contains(&key.as_str()) {
                                issues.push(Issue::new(
                                    format!("{p}.{key}"),
                                    IssueCode::UnknownField,
                                    format!("unknown field {key:?}; expected one of: quote, source, note"),
                                ));
                            }
                        }
                        let ev = Evidence {
                            quote: opt_str(issues, &format!("{p}.quote"), e.get("quote")),
                            source: opt_str(issues, &format!("{p}.source"), e.get("source")),
                            note: opt_str(issues, &format!("{p}.note"), e.get("note")),
                        };
                        evidence.push(ev);
                    }
                    Value::String(s) => evidence.push(Evidence::note(s.clone())),
                    other => issues.push(wrong_type(
                        &p,
                        "an evidence object {quote, source, note}",
                        other,
                    )),
                }
            }
        }
        Some(v) => issues.push(wrong_type(&format!("{path}.evidence"), "an array", v)),
    }
    let rater = opt_str(issues, &format!("{path}.rater"), r.get("rater"));
    let note = opt_str(issues, &format!("{path}.note"), r.get("note"));
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

fn unknown_dimension(path: &str, dim: &str, framework: &Framework) -> Issue {
    let ids: Vec<&str> = framework.dimensions.iter().map(|d| d.id.as_str()).collect();
    Issue::new(
        path,
        IssueCode::UnknownId,
        format!(
            "{dim:?} is not a dimension of framework {:?}; expected one of: {}",
            framework.id,
            ids.join(", ")
        ),
    )
}

fn missing_dimension(dim: &str) -> Issue {
    Issue::new(
        format!("ratings.{dim}"),
        IssueCode::Missing,
        format!("dimension {dim:?} is missing; rate it, or write null to mark it not rated"),
    )
}

fn check_rating(issues: &mut Vec<Issue>, path: &str, r: &Rating, framework: &Framework) {
    match &r.value {
        RatingValue::Level(id) => {
            if framework.level_code(id).is_none() {
                let ids: Vec<&str> = framework.levels.iter().map(|l| l.id.as_str()).collect();
                issues.push(Issue::new(
                    format!("{path}.level"),
                    IssueCode::UnknownId,
                    format!("{id:?} is not a level; expected one of: {}", ids.join(", ")),
                ));
            }
        }
        RatingValue::Score(_) => {}
        RatingValue::Answers(_) => {
            if framework.levels.len() != 3 {
                issues.push(Issue::new(
                    path,
                    IssueCode::InvalidValue,
                    format!(
                        "the two-question rule needs a three-level scale; framework {:?} has {} levels",
                        framework.id,
                        framework.levels.len()
                    ),
                ));
            }
        }
    }
    for (i, e) in r.evidence.iter().enumerate() {
        let empty = |s: &Option<String>| s.as_ref().is_none_or(|s| s.trim().is_empty());
        if empty(&e.quote) && empty(&e.source) && empty(&e.note) {
            issues.push(Issue::new(
                format!("{path}.evidence[{i}]"),
                IssueCode::InvalidValue,
                "evidence needs a non-empty quote, source or note",
            ));
        }
    }
}

/// Framework checks on a raw object whose structure was not fully valid, so that one call
/// reports both kinds of problem.
fn framework_issues_raw(obj: &Map<String, Value>, framework: &Framework) -> Vec<Issue> {
    let mut issues = Vec::new();
    if let Some(Value::String(f)) = obj.get("framework") {
        if *f != framework.id {
            issues.push(Issue::new(
                "framework",
                IssueCode::UnknownId,
                format!(
                    "framework {f:?} does not match the framework in use {:?}",
                    framework.id
                ),
            ));
        }
    }
    let Some(Value::Object(ratings)) = obj.get("ratings") else {
        return issues;
    };
    for (dim, v) in ratings {
        let path = format!("ratings.{dim}");
        if framework.dimension(dim).is_none() {
            issues.push(unknown_dimension(&path, dim, framework));
        } else if let Value::Object(r) = v {
            let mut scratch = Vec::new();
            if let Some(rating) = read_rating(&mut scratch, &path, r) {
                check_rating(&mut issues, &path, &rating, framework);
            }
        }
    }
    for d in &framework.dimensions {
        if !ratings.contains_key(&d.id) {
            issues.push(missing_dimension(&d.id));
        }
    }
    issues
}
