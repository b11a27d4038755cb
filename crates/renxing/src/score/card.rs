//! The results of scoring: [`Scorecard`], its dimensions, attributes, 表1 columns and grades.

use serde::{Deserialize, Serialize};

use super::Method;

/// A value on the scale with its level and 0–100 score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Grade {
    /// The level id (`"medium"`).
    pub level: String,
    /// The level's 1-based code.
    pub code: u8,
    /// The score, 0–100.
    pub score: f64,
    /// The unrounded value on the codes scale, 1..=k.
    pub value: f64,
}

/// How a dimension's value was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// A level id.
    Level,
    /// A 0–100 score.
    Score,
    /// The two-question rule.
    Answers,
    /// Not rated (`null`).
    Unrated,
}

/// One dimension in a [`Scorecard`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DimensionScore {
    /// Dimension id.
    pub id: String,
    /// Its attribute's id.
    pub attribute: String,
    /// The weight used.
    pub weight: f64,
    /// The grade, `None` if not rated.
    pub grade: Option<Grade>,
    /// How it was rated.
    pub source: ValueSource,
    /// "Developed but did not cope" (two-question rating): surfaced, level `low`.
    pub inconsistent: bool,
    /// Several coders rated it and their highest and lowest values are more than the
    /// consensus record's `contested_above` apart (default 1 step): a contested dimension.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
    /// The coders' spread (max − min on the codes scale) when several coders rated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<f64>,
}

/// One attribute in a [`Scorecard`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AttributeScore {
    /// Attribute id.
    pub id: String,
    /// The weight used.
    pub weight: f64,
    /// The merged grade of its dimensions, `None` if none is rated.
    pub grade: Option<Grade>,
    /// How many of its (positively weighted) dimensions are rated.
    pub rated: usize,
    /// How many (positively weighted) dimensions it has.
    pub total: usize,
    /// Whether the framework reports it as separate readings (see [`Scorecard::columns`]).
    pub split: bool,
}

/// A column of the summary table (表1): an attribute, or one reading of a split attribute.
/// Serialised with its [`key`](Column::key): `{"key", "attribute", "dimension", "grade"}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The attribute id.
    pub attribute: String,
    /// The dimension id for a reading of a split attribute.
    pub dimension: Option<String>,
    /// The grade.
    pub grade: Option<Grade>,
}

impl Column {
    /// A stable key: the attribute id, or `attribute.dimension` for a reading.
    #[must_use]
    pub fn key(&self) -> String {
        match &self.dimension {
            Some(d) => format!("{}.{d}", self.attribute),
            None => self.attribute.clone(),
        }
    }
}

impl Serialize for Column {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Column", 4)?;
        st.serialize_field("key", &self.key())?;
        st.serialize_field("attribute", &self.attribute)?;
        st.serialize_field("dimension", &self.dimension)?;
        st.serialize_field("grade", &self.grade)?;
        st.end()
    }
}

/// The wire form of a [`Column`] (with its key).
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Column")]
#[allow(dead_code)]
struct ColumnWire {
    key: String,
    attribute: String,
    dimension: Option<String>,
    grade: Option<Grade>,
}

impl schemars::JsonSchema for Column {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ColumnWire::schema_name()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ColumnWire::json_schema(g)
    }
}

impl<'de> Deserialize<'de> for Column {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = ColumnWire::deserialize(d)?;
        Ok(Column {
            attribute: w.attribute,
            dimension: w.dimension,
            grade: w.grade,
        })
    }
}

/// The scores of one assessment. Serialised with its fields and the derived
/// [`columns`](Scorecard::columns) (表1), so every front end shows the same summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Scorecard {
    /// The assessment's id.
    pub assessment: String,
    /// The framework's id.
    pub framework: String,
    /// The method used.
    pub method: Method,
    /// Per dimension, in framework order.
    pub dimensions: Vec<DimensionScore>,
    /// Per attribute, in framework order.
    pub attributes: Vec<AttributeScore>,
    /// Overall, `None` if nothing is rated.
    pub overall: Option<Grade>,
}

impl Serialize for Scorecard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Scorecard", 7)?;
        st.serialize_field("assessment", &self.assessment)?;
        st.serialize_field("framework", &self.framework)?;
        st.serialize_field("method", &self.method)?;
        st.serialize_field("dimensions", &self.dimensions)?;
        st.serialize_field("attributes", &self.attributes)?;
        st.serialize_field("columns", &ColumnsOf(self))?;
        st.serialize_field("overall", &self.overall)?;
        st.end()
    }
}

/// The derived columns of a scorecard, computed only when serialised (a serializer that skips
/// the field, such as one reading another field alone, does not compute them).
struct ColumnsOf<'a>(&'a Scorecard);

impl Serialize for ColumnsOf<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.columns().serialize(s)
    }
}

/// The wire form of a [`Scorecard`] (its fields and the derived columns): the JSON Schema, and
/// what is read back (the columns are recomputed, not trusted).
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Scorecard")]
struct ScorecardWire {
    assessment: String,
    framework: String,
    method: Method,
    dimensions: Vec<DimensionScore>,
    attributes: Vec<AttributeScore>,
    #[serde(default)]
    columns: Vec<Column>,
    overall: Option<Grade>,
}

impl schemars::JsonSchema for Scorecard {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ScorecardWire::schema_name()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ScorecardWire::json_schema(g)
    }
}

impl<'de> Deserialize<'de> for Scorecard {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = ScorecardWire::deserialize(d)?;
        Ok(Scorecard {
            assessment: w.assessment,
            framework: w.framework,
            method: w.method,
            dimensions: w.dimensions,
            attributes: w.attributes,
            overall: w.overall,
        })
    }
}

impl Scorecard {
    /// The score of a dimension id.
    #[must_use]
    pub fn dimension(&self, id: &str) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// The score of an attribute id.
    #[must_use]
    pub fn attribute(&self, id: &str) -> Option<&AttributeScore> {
        self.attributes.iter().find(|a| a.id == id)
    }

    /// The summary columns as in 表1: each attribute, except that a split attribute (the
    /// paper's connectivity) gives one column per dimension reading. The merged grade of a split
    /// attribute stays available in [`Scorecard::attributes`].
    #[must_use]
    pub fn columns(&self) -> Vec<Column> {
        let mut out = Vec::new();
        for a in &self.attributes {
            if a.split {
                for d in self.dimensions.iter().filter(|d| d.attribute == a.id) {
                    out.push(Column {
                        attribute: a.id.clone(),
                        dimension: Some(d.id.clone()),
                        grade: d.grade.clone(),
                    });
                }
            } else {
                out.push(Column {
                    attribute: a.id.clone(),
                    dimension: None,
                    grade: a.grade.clone(),
                });
            }
        }
        out
    }

    /// Dimension ids rated `null`.
    #[must_use]
    pub fn unrated(&self) -> Vec<&str> {
        self.dimensions
            .iter()
            .filter(|d| d.grade.is_none())
            .map(|d| d.id.as_str())
            .collect()
    }

    /// Dimension ids whose two-question rating was inconsistent.
    #[must_use]
    pub fn inconsistencies(&self) -> Vec<&str> {
        self.dimensions
            .iter()
            .filter(|d| d.inconsistent)
            .map(|d| d.id.as_str())
            .collect()
    }
}
