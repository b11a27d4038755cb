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
//!
//! ## Labels
//!
//! A file written by hand may name a dimension, a level, the mode and the phase by a label in
//! any of the framework's languages instead of the id, and give the two answers as yes/no words
//! (是/否, yes/no, true/false), in either version:
//!
//! ```
//! use renxing::{Assessment, Framework};
//! let text = r#"{"schema_version": 1, "id": "c1", "name": "湖畔社区", "mode": "政府主导型",
//!   "ratings": {"满足需求": {"level": "高"}, "资源链接": {"coped": "是", "developed": "否"},
//!     "rules": null, "emergency_knowledge": null, "volunteer_teams": null, "it_use": null,
//!     "government_connectivity": null, "resident_connectivity": null}}"#;
//! let a = Assessment::parse(text, Framework::paper())?;
//! assert_eq!(a.rating("needs_met").map(|r| r.value.clone()),
//!            Some(renxing::RatingValue::Level("high".into())));
//! // written back in the canonical form: ids, booleans
//! assert!(a.to_json().contains("\"government_led\"") && !a.to_json().contains("满足需求"));
//! # Ok::<(), renxing::AssessmentError>(())
//! ```
//!
//! The labels are resolved once, when the file is read against its framework
//! ([`Assessment::parse`], [`Assessment::from_value_in`]: every front end reads files through
//! them); the assessment holds ids and is written with ids. The round trip therefore
//! normalises a labelled file to its canonical form (as it normalises key order and numbers):
//! the file written reads back to an equal assessment, labels are never written, and so every
//! file the library writes is read by older versions too. An id as written always wins over a
//! label, so files that read before read the same. A label that is no value's (`"很高"`) is an
//! `unknown_id` issue listing the ids and labels accepted; a label of several values (possible in
//! a custom framework) is an `inconsistent` issue; a dimension named both by its id and by its
//! label is a `duplicate` issue — each at the field as written, in Chinese and English.
//! [`Assessment::from_json`] (no framework) resolves the mode, the phase and the answers only.
//!
//! ## Several coders (`schema_version` 2)
//!
//! A dimension may hold the codings of several coders, each a rating with its `rater`:
//!
//! ```json
//! "needs_met": {"codings": [
//!     {"rater": "ann", "level": "high", "evidence": [{"quote": "…"}]},
//!     {"rater": "bo", "level": "medium"}
//! ]}
//! ```
//!
//! Such a dimension has no value of its own until a consensus rule resolves it
//! ([`crate::agree::resolve_assessment`]); the resolved file keeps every coding beside the
//! consensus value and records the rule in a top-level `consensus` object. Scoring a dimension
//! that holds codings but no value is an error (`consensus_required`). A file without codings
//! and without `consensus` is written as `schema_version` 1, exactly as before; a file read as
//! version 2 is written as version 2.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::agree::ConsensusOptions;
use crate::error::{AssessmentError, Issues};
use crate::framework::{Framework, SCHEMA_VERSION};
use crate::ids::{Dimension, Level, Mode, Phase};
use crate::rating::{Rating, RatingValue};

mod date;
mod labels;
pub(crate) mod read;

pub use date::Date;
pub use read::{is_safe_community_id, MAX_COMMUNITY_ID_LEN};

/// The newest assessment file version: 2 adds several coders' codings per dimension and the
/// consensus record. Versions 1 and 2 are read; a file is written as the version it was read
/// with, raised to 2 when it holds codings or a consensus record.
pub const ASSESSMENT_SCHEMA_VERSION: u32 = 2;

/// The assessment of one community against one framework.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// File format version (1, or [`ASSESSMENT_SCHEMA_VERSION`]); see
    /// [`Assessment::file_version`] for the version written.
    pub schema_version: u32,
    /// The id of the framework the ratings refer to.
    pub framework: String,
    /// A stable id for the community (and, with phase and date, the occasion).
    pub id: String,
    /// The community's name (any script).
    pub name: String,
    /// The governance mode (FRAMEWORK.md §4), if known.
    pub mode: Option<Mode>,
    /// The phase of the cycle the assessment describes (FRAMEWORK.md §7).
    pub phase: Option<Phase>,
    /// When the assessment describes.
    pub date: Option<Date>,
    /// One entry per dimension id: a rating, or `None` for "not rated".
    pub ratings: BTreeMap<String, Option<Rating>>,
    /// Free metadata (any JSON), round-tripped losslessly: read in canonical form
    /// ([`json::canonicalize`](crate::json::canonicalize): keys in code point order, integral
    /// numbers as integers), so that every front end holds and writes the same value.
    pub metadata: Map<String, Value>,
    /// Several coders' ratings of a dimension (`schema_version` 2): dimension id → codings, each
    /// a [`Rating`] with its `rater`. Empty for a single-coder assessment.
    pub codings: BTreeMap<String, Vec<Rating>>,
    /// The consensus rule that gave the dimensions holding codings their value (`schema_version`
    /// 2; set by [`crate::agree::resolve_assessment`]).
    pub consensus: Option<ConsensusOptions>,
}

impl Serialize for Assessment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema_version", &self.file_version())?;
        m.serialize_entry("framework", &self.framework)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("name", &self.name)?;
        if let Some(x) = &self.mode {
            m.serialize_entry("mode", x)?;
        }
        if let Some(x) = &self.phase {
            m.serialize_entry("phase", x)?;
        }
        if let Some(x) = &self.date {
            m.serialize_entry("date", x)?;
        }
        m.serialize_entry("ratings", &RatingsOut(self))?;
        if !self.metadata.is_empty() {
            m.serialize_entry("metadata", &self.metadata)?;
        }
        if let Some(c) = &self.consensus {
            m.serialize_entry("consensus", c)?;
        }
        m.end()
    }
}

/// The `ratings` object: each dimension's rating with its codings beside it.
struct RatingsOut<'a>(&'a Assessment);

impl Serialize for RatingsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let a = self.0;
        let mut m = s.serialize_map(Some(a.ratings.len()))?;
        for (dim, rating) in &a.ratings {
            match a.codings.get(dim).filter(|c| !c.is_empty()) {
                None => m.serialize_entry(dim, rating)?,
                Some(codings) => m.serialize_entry(
                    dim,
                    &crate::rating::WithCodings {
                        rating: rating.as_ref(),
                        codings,
                    },
                )?,
            }
        }
        m.end()
    }
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
            codings: BTreeMap::new(),
            consensus: None,
        }
    }

    /// Whether any dimension holds several coders' codings.
    #[must_use]
    pub fn is_multi_coder(&self) -> bool {
        self.codings.values().any(|c| !c.is_empty())
    }

    /// The file version written: the version read, raised to [`ASSESSMENT_SCHEMA_VERSION`] when
    /// the assessment holds codings or a consensus record (a single-coder assessment stays 1).
    #[must_use]
    pub fn file_version(&self) -> u32 {
        if self.is_multi_coder() || self.consensus.is_some() {
            self.schema_version.max(ASSESSMENT_SCHEMA_VERSION)
        } else {
            self.schema_version
        }
    }

    /// Adds a coder's rating of a dimension (a coding; the rating needs its `rater`, checked by
    /// [`validate`](Self::validate)). The dimension keeps its own rating, if any, as the
    /// consensus value.
    ///
    /// ```
    /// use renxing::{Assessment, Level, Rating};
    /// let mut a = Assessment::new("c1", "示例社区");
    /// a.add_coding("needs_met", Rating::level(Level::High).with_rater("ann"));
    /// a.add_coding("needs_met", Rating::level(Level::Medium).with_rater("bo"));
    /// assert!(a.is_multi_coder());
    /// assert_eq!(a.file_version(), 2);
    /// assert!(a.validate(renxing::Framework::paper()).is_ok());
    /// ```
    pub fn add_coding(&mut self, dimension: impl Into<String>, coding: Rating) -> &mut Self {
        let dimension = dimension.into();
        self.ratings.entry(dimension.clone()).or_insert(None);
        self.codings.entry(dimension).or_default().push(coding);
        self
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

    /// The codings of a dimension (empty when it has none).
    #[must_use]
    pub fn codings_of(&self, dimension: &str) -> &[Rating] {
        self.codings.get(dimension).map_or(&[], Vec::as_slice)
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
            Ok(mut a) => {
                let (renamed, mut issues) = labels::resolve(&mut a, framework);
                let mut more = read::check(&a, framework);
                labels::locate(&mut more, &renamed);
                // a label already reported (ambiguous, or a dimension named twice) once only
                more.retain(|i| !issues.iter().any(|j| i.path.0.starts_with(&j.path.0)));
                if issues.is_empty() && more.is_empty() {
                    return Ok(a);
                }
                // the label problems first, then the framework's in its own order
                issues.extend(more);
                Err(AssessmentError::Invalid(Issues(crate::limits::cap_issues(
                    issues,
                ))))
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
