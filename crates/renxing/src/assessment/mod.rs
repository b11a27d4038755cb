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

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::error::{AssessmentError, Issues};
use crate::framework::{Framework, SCHEMA_VERSION};
use crate::ids::{Dimension, Level, Mode, Phase};
use crate::rating::{Rating, RatingValue};

mod date;
pub(crate) mod read;

pub use date::Date;
pub use read::{is_safe_community_id, MAX_COMMUNITY_ID_LEN};

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
    /// Free metadata (any JSON), round-tripped losslessly: read in canonical form
    /// ([`json::canonicalize`](crate::json::canonicalize): keys in code point order, integral
    /// numbers as integers), so that every front end holds and writes the same value.
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
        let value = read::parse_json(text)?;
        read::structure(&value).map_err(|i| AssessmentError::Invalid(Issues(i)))
    }

    /// Reads and fully validates an assessment file against a framework, reporting every
    /// problem (structural and against the framework) at once.
    ///
    /// # Errors
    /// As [`Assessment::from_json`], plus the problems of [`Assessment::validate`].
    pub fn parse(text: &str, framework: &Framework) -> Result<Self, AssessmentError> {
        let value = read::parse_json(text)?;
        Self::from_value_in(&value, framework)
    }

    /// Validates a JSON value (already parsed) against a framework; see [`Assessment::parse`].
    ///
    /// # Errors
    /// [`AssessmentError::Invalid`] listing every problem.
    pub fn from_value_in(value: &Value, framework: &Framework) -> Result<Self, AssessmentError> {
        match read::structure(value) {
            Ok(a) => {
                a.validate(framework)?;
                Ok(a)
            }
            Err(mut issues) => {
                // Report the framework problems of what could be read too.
                if let Value::Object(obj) = value {
                    issues.extend(read::framework_issues_raw(obj, framework));
                }
                issues.sort_by(|a, b| a.path.cmp(&b.path));
                issues.dedup();
                Err(AssessmentError::Invalid(Issues(crate::limits::cap_issues(
                    issues,
                ))))
            }
        }
    }

    /// The assessment as pretty JSON (the file format), in canonical form: fields in the
    /// schema's order, ratings by dimension id, `metadata` keys in code point order at every
    /// depth, numbers as [`json::canonical_f64`](crate::json::canonical_f64) writes them. Any
    /// front end writes the same bytes for the same assessment, and a file read and written
    /// again is unchanged.
    #[must_use]
    pub fn to_json(&self) -> String {
        let text = if self.metadata.is_empty() {
            crate::json::to_canonical_pretty(self)
        } else {
            let mut a = self.clone();
            let mut meta = Value::Object(std::mem::take(&mut a.metadata));
            crate::json::canonicalize(&mut meta);
            if let Value::Object(m) = meta {
                a.metadata = m;
            }
            crate::json::to_canonical_pretty(&a)
        };
        text.unwrap_or_default()
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
    /// [`AssessmentError::Invalid`] with one [`Issue`](crate::Issue) per problem.
    pub fn validate(&self, framework: &Framework) -> Result<(), AssessmentError> {
        let issues = read::check(self, framework);
        if issues.is_empty() {
            Ok(())
        } else {
            Err(AssessmentError::Invalid(Issues(issues)))
        }
    }
}

impl<'de> Deserialize<'de> for Assessment {
    /// Structural reading (as [`Assessment::from_json`]); the first problems become the message.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        read::structure(&value).map_err(|i| serde::de::Error::custom(Issues(i).to_string()))
    }
}

impl schemars::JsonSchema for Assessment {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Assessment".into()
    }

    /// The published schema of the file format (`docs/assessment.schema.json`), without its
    /// `$schema` and `$id` keys so that it nests in other schemas.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut value: Value =
            serde_json::from_str(crate::schema::ASSESSMENT_SCHEMA).unwrap_or(Value::Bool(true));
        let mut defs = Map::new();
        if let Value::Object(map) = &mut value {
            map.remove("$schema");
            map.remove("$id");
            if let Some(Value::Object(d)) = map.remove("$defs") {
                defs = d;
            }
        }
        inline_refs(&mut value, &defs, 0);
        schemars::Schema::try_from(value).unwrap_or_else(|_| schemars::json_schema!({}))
    }
}

/// Replaces `{"$ref": "#/$defs/x"}` by the definition itself (the published schema's local
/// definitions do not resolve once it is nested in another document).
fn inline_refs(v: &mut Value, defs: &Map<String, Value>, depth: usize) {
    if depth > 16 {
        return;
    }
    match v {
        Value::Object(map) => {
            let target = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .and_then(|name| defs.get(name))
                .cloned();
            if let Some(mut def) = target {
                inline_refs(&mut def, defs, depth + 1);
                *v = def;
                return;
            }
            for child in map.values_mut() {
                inline_refs(child, defs, depth + 1);
            }
        }
        Value::Array(items) => {
            for child in items {
                inline_refs(child, defs, depth + 1);
            }
        }
        _ => {}
    }
}
