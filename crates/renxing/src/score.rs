//! Aggregation: dimension → attribute → overall (FRAMEWORK.md §3).
//!
//! Every rated dimension has a *value* `x` on the scale's codes 1..=k (a level's code, or a score
//! mapped linearly: `x = 1 + score/100·(k−1)`). An attribute's value aggregates its dimensions'
//! values with the chosen [`Method`] and the dimension weights; the overall value aggregates the
//! attribute values (unrounded) with the attribute weights. Every value has
//!
//! * a **level**: the nearest code, ties downwards (the conservative reading):
//!   `code = ⌈x − ½⌉` (with a 1e‑9 tolerance, so 2.5 → 2 and 2.5000000001 → 2 as well);
//! * a **score** 0–100: `(x − 1)/(k − 1)·100`.
//!
//! Dimensions rated `null` are left out and counted (`rated` of `total`); weight-0 dimensions and
//! attributes are left out of every method.
//!
//! The default, [`Method::Mean`] with the framework's (equal) weights, reproduces 表1 of the
//! paper for the three reference cases.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::error::{BatchError, ScoreError};
use crate::framework::Framework;
use crate::rating::RatingValue;

/// Tolerance for the ties-downwards rounding.
pub const TIE_EPSILON: f64 = 1e-9;

crate::ids::id_enum! {
    /// How values are aggregated.
    #[non_exhaustive]
    #[derive(Default)]
    Method, ("聚合方法", "method"), 1 {
        /// Weighted arithmetic mean (the default; reproduces 表1).
        #[default]
        Mean = "mean", "加权平均", "Weighted mean";
        /// Weighted lower median (with equal weights and an even count, the lower of the two
        /// middle values: ties downwards).
        Median = "median", "加权中位数", "Weighted median";
        /// The minimum (the weakest link decides).
        Minimum = "minimum", "最小值(短板)", "Minimum (weakest link)";
        /// The mean, capped at one level above the minimum (FRAMEWORK.md §3: an attribute cannot
        /// be `high` while any of its dimensions is `low`).
        CappedMean = "capped_mean", "封顶平均", "Capped mean";
    }
}

/// Scoring options: the method and optional weight overrides (by id; unnamed ids keep the
/// framework's weight).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ScoreOptions {
    /// The aggregation method.
    pub method: Method,
    /// Dimension weights by dimension id.
    pub dimension_weights: BTreeMap<String, f64>,
    /// Attribute weights by attribute id.
    pub attribute_weights: BTreeMap<String, f64>,
}

impl ScoreOptions {
    /// Options with a method and the framework's weights.
    #[must_use]
    pub fn method(method: Method) -> Self {
        ScoreOptions {
            method,
            ..ScoreOptions::default()
        }
    }

    /// Options from a JSON value such as `{"method": "median", "dimension_weights": {"rules": 2}}`
    /// (every field optional); `null` gives the defaults.
    ///
    /// # Errors
    /// [`ScoreError::InvalidOptions`] naming the bad field or value. Weights themselves are
    /// checked when the options are used (see [`Engine::new`]).
    pub fn from_value(value: &serde_json::Value) -> Result<Self, ScoreError> {
        if value.is_null() {
            return Ok(ScoreOptions::default());
        }
        ScoreOptions::deserialize(value).map_err(|e| ScoreError::InvalidOptions {
            path: crate::path!["options"],
            message: e.to_string(),
        })
    }

    /// Sets a dimension weight.
    #[must_use]
    pub fn with_dimension_weight(mut self, id: impl Into<String>, weight: f64) -> Self {
        self.dimension_weights.insert(id.into(), weight);
        self
    }

    /// Sets an attribute weight.
    #[must_use]
    pub fn with_attribute_weight(mut self, id: impl Into<String>, weight: f64) -> Self {
        self.attribute_weights.insert(id.into(), weight);
        self
    }
}

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
        st.serialize_field("columns", &self.columns())?;
        st.serialize_field("overall", &self.overall)?;
        st.end()
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

/// A framework and options compiled for scoring: shared by the per-assessment path and the batch
/// path, so both give identical results.
#[derive(Clone, Debug)]
pub struct Engine<'f> {
    framework: &'f Framework,
    method: Method,
    k: u8,
    /// Per dimension: (attribute index, weight).
    dims: Vec<(usize, f64)>,
    /// Per attribute: its weight.
    attr_weights: Vec<f64>,
    /// The weights as given (reported in scorecards): per dimension, per attribute.
    given: (Vec<f64>, Vec<f64>),
    /// Per attribute: its dimension indices.
    attr_dims: Vec<Vec<usize>>,
}

impl<'f> Engine<'f> {
    /// Compiles a framework with options.
    ///
    /// # Errors
    /// A weight that is negative or not finite, names an unknown id, or leaves a group all 0.
    pub fn new(framework: &'f Framework, options: &ScoreOptions) -> Result<Self, ScoreError> {
        let mut dim_w: Vec<f64> = framework.dimensions.iter().map(|d| d.weight).collect();
        let mut attr_w: Vec<f64> = framework.attributes.iter().map(|a| a.weight).collect();
        for (id, w) in &options.dimension_weights {
            let path = crate::path!["dimension_weights", id];
            let i = framework
                .dimensions
                .iter()
                .position(|d| &d.id == id)
                .ok_or_else(|| ScoreError::UnknownWeightTarget {
                    path: path.clone(),
                    id: id.clone(),
                    framework: framework.id.clone(),
                })?;
            dim_w[i] = checked_weight(path, *w)?;
        }
        for (id, w) in &options.attribute_weights {
            let path = crate::path!["attribute_weights", id];
            let i = framework
                .attributes
                .iter()
                .position(|a| &a.id == id)
                .ok_or_else(|| ScoreError::UnknownWeightTarget {
                    path: path.clone(),
                    id: id.clone(),
                    framework: framework.id.clone(),
                })?;
            attr_w[i] = checked_weight(path, *w)?;
        }
        for (i, w) in dim_w.iter().enumerate() {
            checked_weight(crate::path!["dimensions", i, "weight"], *w)?;
        }
        for (i, w) in attr_w.iter().enumerate() {
            checked_weight(crate::path!["attributes", i, "weight"], *w)?;
        }
        let mut attr_dims = vec![Vec::new(); framework.attributes.len()];
        let mut dims = Vec::with_capacity(framework.dimensions.len());
        for (i, d) in framework.dimensions.iter().enumerate() {
            let a = framework
                .attributes
                .iter()
                .position(|a| a.id == d.attribute)
                .ok_or_else(|| ScoreError::UnknownWeightTarget {
                    path: crate::path!["dimensions", i, "attribute"],
                    id: d.attribute.clone(),
                    framework: framework.id.clone(),
                })?;
            attr_dims[a].push(i);
            dims.push((a, dim_w[i]));
        }
        for list in &attr_dims {
            if list.iter().all(|&i| dim_w[i] == 0.0) {
                return Err(ScoreError::AllWeightsZero {
                    path: crate::path!["dimension_weights"],
                });
            }
        }
        if attr_w.iter().all(|w| *w == 0.0) {
            return Err(ScoreError::AllWeightsZero {
                path: crate::path!["attribute_weights"],
            });
        }
        let k = framework.level_count();
        // Each group's weights are divided by the group's largest weight before use, so that
        // sums cannot overflow (weights of 1e308) nor underflow to nothing (5e-324): aggregation
        // depends only on the ratios, and equal weights stay exactly 1.
        let given = (dims.iter().map(|d| d.1).collect(), attr_w.clone());
        for list in &attr_dims {
            let top = list.iter().map(|&i| dims[i].1).fold(0.0, f64::max);
            for &i in list {
                dims[i].1 /= top;
            }
        }
        let top = attr_w.iter().copied().fold(0.0, f64::max);
        for w in &mut attr_w {
            *w /= top;
        }
        Ok(Engine {
            framework,
            method: options.method,
            k,
            dims,
            attr_weights: attr_w,
            attr_dims,
            given,
        })
    }

    /// The framework.
    #[must_use]
    pub fn framework(&self) -> &'f Framework {
        self.framework
    }

    /// The number of levels.
    #[must_use]
    pub fn levels(&self) -> u8 {
        self.k
    }

    /// The value `x` of a 0–100 score.
    #[must_use]
    pub fn value_of_score(&self, score: f64) -> f64 {
        1.0 + score / 100.0 * f64::from(self.k - 1)
    }

    /// The grade of a value `x` in 1..=k.
    #[must_use]
    pub fn grade(&self, x: f64) -> Grade {
        let code = level_code(x, self.k);
        let level = self
            .framework
            .level_by_code(code)
            .map(|l| l.id.clone())
            .unwrap_or_default();
        Grade {
            level,
            code,
            score: score_of(x, self.k),
            value: x,
        }
    }

    /// Aggregates one row of dimension values (`None` = not rated) into attribute values and the
    /// overall value, without allocating. `attr_out` has one slot per attribute; `scratch` is
    /// reused (for the median). Returns the overall value.
    pub fn aggregate_row(
        &self,
        values: &[Option<f64>],
        attr_out: &mut [Option<f64>],
        scratch: &mut Vec<(f64, f64)>,
    ) -> Option<f64> {
        for (a, dims) in self.attr_dims.iter().enumerate() {
            scratch.clear();
            for &i in dims {
                if let Some(x) = values[i] {
                    let w = self.dims[i].1;
                    if w > 0.0 {
                        scratch.push((x, w));
                    }
                }
            }
            attr_out[a] = aggregate(self.method, scratch);
        }
        scratch.clear();
        for (a, x) in attr_out.iter().enumerate() {
            if let Some(x) = x {
                let w = self.attr_weights[a];
                if w > 0.0 {
                    scratch.push((*x, w));
                }
            }
        }
        aggregate(self.method, scratch)
    }

    /// Scores an assessment (validated against the framework first).
    ///
    /// # Errors
    /// [`ScoreError::FrameworkMismatch`] or [`ScoreError::Invalid`].
    pub fn score(&self, assessment: &Assessment) -> Result<Scorecard, ScoreError> {
        if assessment.framework != self.framework.id {
            return Err(ScoreError::FrameworkMismatch {
                expected: self.framework.id.clone(),
                found: assessment.framework.clone(),
            });
        }
        assessment.validate(self.framework).map_err(|e| match e {
            crate::error::AssessmentError::Invalid(i) => ScoreError::Invalid(i),
            crate::error::AssessmentError::Json { message, .. } => {
                ScoreError::Invalid(crate::error::Issues(vec![crate::error::Issue::new(
                    crate::error::Path::root(),
                    crate::error::IssueCode::InvalidValue,
                    crate::error::Msg::new(message.clone(), message),
                )]))
            }
        })?;
        let n = self.framework.dimensions.len();
        let mut values = Vec::with_capacity(n);
        let mut dimensions = Vec::with_capacity(n);
        for (i, d) in self.framework.dimensions.iter().enumerate() {
            let rating = assessment.rating(&d.id);
            let (x, source, inconsistent) = match rating.map(|r| &r.value) {
                None => (None, ValueSource::Unrated, false),
                Some(RatingValue::Level(id)) => (
                    self.framework.level_code(id).map(f64::from),
                    ValueSource::Level,
                    false,
                ),
                Some(RatingValue::Score(s)) => (
                    Some(self.value_of_score(s.get())),
                    ValueSource::Score,
                    false,
                ),
                Some(RatingValue::Answers(a)) => {
                    let o = a.outcome();
                    (
                        Some(f64::from(o.level.code())),
                        ValueSource::Answers,
                        o.inconsistent,
                    )
                }
            };
            values.push(x);
            dimensions.push(DimensionScore {
                id: d.id.clone(),
                attribute: d.attribute.clone(),
                weight: self.given.0[i],
                grade: x.map(|x| self.grade(x)),
                source,
                inconsistent,
            });
        }
        let mut attr_values = vec![None; self.attr_dims.len()];
        let mut scratch = Vec::with_capacity(n);
        let overall = self.aggregate_row(&values, &mut attr_values, &mut scratch);
        let attributes = self
            .framework
            .attributes
            .iter()
            .enumerate()
            .map(|(a, def)| {
                let counted: Vec<usize> = self.attr_dims[a]
                    .iter()
                    .copied()
                    .filter(|&i| self.dims[i].1 > 0.0)
                    .collect();
                AttributeScore {
                    id: def.id.clone(),
                    weight: self.given.1[a],
                    grade: attr_values[a].map(|x| self.grade(x)),
                    rated: counted.iter().filter(|&&i| values[i].is_some()).count(),
                    total: counted.len(),
                    split: def.split,
                }
            })
            .collect();
        Ok(Scorecard {
            assessment: assessment.id.clone(),
            framework: self.framework.id.clone(),
            method: self.method,
            dimensions,
            attributes,
            overall: overall.map(|x| self.grade(x)),
        })
    }

    /// Batch scoring of level codes: `codes` is row-major, `rows × dimensions`, each code in
    /// 1..=k (no missing values). Writes per-row overall scores and level codes and, when given,
    /// per-row attribute scores and codes (`rows × attributes`).
    ///
    /// # Errors
    /// [`BatchError`] for a wrong length or a code out of range (naming row and column).
    pub fn score_codes(&self, codes: &[u8], out: &mut BatchOutput<'_>) -> Result<(), BatchError> {
        let n = self.dims.len();
        let rows = self.check_batch(codes.len(), out)?;
        for (r, row) in codes.chunks_exact(n).enumerate() {
            for (c, &code) in row.iter().enumerate() {
                if code == 0 || code > self.k {
                    return Err(BatchError::LevelCode {
                        row: r,
                        column: c,
                        dimension: self.framework.dimensions[c].id.clone(),
                        value: code,
                        max: self.k,
                    });
                }
            }
        }
        self.run_batch(rows, out, |r, c| f64::from(codes[r * n + c]));
        Ok(())
    }

    /// Batch scoring of 0–100 scores (row-major, `rows × dimensions`, finite, no missing).
    ///
    /// # Errors
    /// [`BatchError`] for a wrong length or a value that is NaN or outside 0..=100.
    pub fn score_scores(
        &self,
        scores: &[f64],
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        let n = self.dims.len();
        let rows = self.check_batch(scores.len(), out)?;
        for (r, row) in scores.chunks_exact(n).enumerate() {
            for (c, &v) in row.iter().enumerate() {
                if !(v.is_finite() && (0.0..=100.0).contains(&v)) {
                    return Err(BatchError::ScoreValue {
                        row: r,
                        column: c,
                        dimension: self.framework.dimensions[c].id.clone(),
                        value: v,
                    });
                }
            }
        }
        self.run_batch(rows, out, |r, c| self.value_of_score(scores[r * n + c]));
        Ok(())
    }

    /// Batch scoring of level codes into fresh arrays, split across the machine's cores for
    /// large inputs (one thread on wasm32). The result does not depend on the number of threads,
    /// and the first bad value (lowest row, then column) is the one reported.
    ///
    /// # Errors
    /// As [`Engine::score_codes`].
    pub fn score_codes_vec(&self, codes: &[u8]) -> Result<BatchScores, BatchError> {
        self.par_batch(codes, |chunk, out| self.score_codes(chunk, out))
    }

    /// Batch scoring of 0–100 scores into fresh arrays, in parallel as
    /// [`Engine::score_codes_vec`].
    ///
    /// # Errors
    /// As [`Engine::score_scores`].
    pub fn score_scores_vec(&self, scores: &[f64]) -> Result<BatchScores, BatchError> {
        self.par_batch(scores, |chunk, out| self.score_scores(chunk, out))
    }

    fn par_batch<T: Sync>(
        &self,
        input: &[T],
        run: impl Fn(&[T], &mut BatchOutput<'_>) -> Result<(), BatchError> + Sync,
    ) -> Result<BatchScores, BatchError> {
        let n = self.dims.len().max(1);
        let na = self.attr_dims.len();
        if input.len() % n != 0 {
            return Err(BatchError::Shape {
                field: "input",
                expected: input.len() / n * n + n,
                found: input.len(),
            });
        }
        let rows = input.len() / n;
        let mut res = BatchScores {
            rows,
            attributes: na,
            overall_score: vec![0.0; rows],
            overall_level: vec![0; rows],
            attribute_score: vec![0.0; rows * na],
            attribute_level: vec![0; rows * na],
        };
        let threads = batch_threads(rows);
        let per = rows.div_ceil(threads).max(1);
        let chunks = input
            .chunks(per * n)
            .zip(res.overall_score.chunks_mut(per))
            .zip(res.overall_level.chunks_mut(per))
            .zip(res.attribute_score.chunks_mut(per * na.max(1)))
            .zip(res.attribute_level.chunks_mut(per * na.max(1)));
        let run = &run;
        let results: Vec<Result<(), BatchError>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .enumerate()
                .map(|(i, ((((inp, os), ol), ascore), alevel))| {
                    let job = move || {
                        let mut out = BatchOutput {
                            overall_score: os,
                            overall_level: ol,
                            attribute_score: (na > 0).then_some(ascore),
                            attribute_level: (na > 0).then_some(alevel),
                        };
                        run(inp, &mut out).map_err(|e| e.offset_rows(i * per))
                    };
                    if threads == 1 {
                        Err(job)
                    } else {
                        Ok(s.spawn(job))
                    }
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h {
                    Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                    Err(mut job) => job(),
                })
                .collect()
        });
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
        Ok(res)
    }

    fn check_batch(&self, len: usize, out: &BatchOutput<'_>) -> Result<usize, BatchError> {
        let n = self.dims.len();
        if len % n != 0 {
            return Err(BatchError::Shape {
                field: "input",
                expected: len / n * n + n,
                found: len,
            });
        }
        let rows = len / n;
        let na = self.attr_dims.len();
        let checks: [(&'static str, usize, usize); 4] = [
            ("overall_score", rows, out.overall_score.len()),
            ("overall_level", rows, out.overall_level.len()),
            (
                "attribute_score",
                rows * na,
                out.attribute_score.as_ref().map_or(rows * na, |s| s.len()),
            ),
            (
                "attribute_level",
                rows * na,
                out.attribute_level.as_ref().map_or(rows * na, |s| s.len()),
            ),
        ];
        for (field, expected, found) in checks {
            if expected != found {
                return Err(BatchError::Shape {
                    field,
                    expected,
                    found,
                });
            }
        }
        Ok(rows)
    }

    fn run_batch(
        &self,
        rows: usize,
        out: &mut BatchOutput<'_>,
        value: impl Fn(usize, usize) -> f64,
    ) {
        let n = self.dims.len();
        let na = self.attr_dims.len();
        if self.method == Method::Mean {
            self.run_batch_mean(rows, out, value);
            return;
        }
        let mut values = vec![None; n];
        let mut attr = vec![None; na];
        let mut scratch = Vec::with_capacity(n);
        for r in 0..rows {
            for (c, slot) in values.iter_mut().enumerate() {
                *slot = Some(value(r, c));
            }
            let overall = self.aggregate_row(&values, &mut attr, &mut scratch);
            let x = overall.unwrap_or(f64::NAN);
            out.overall_score[r] = score_of(x, self.k);
            out.overall_level[r] = level_code(x, self.k);
            if let Some(s) = out.attribute_score.as_deref_mut() {
                for (a, v) in attr.iter().enumerate() {
                    s[r * na + a] = score_of(v.unwrap_or(f64::NAN), self.k);
                }
            }
            if let Some(l) = out.attribute_level.as_deref_mut() {
                for (a, v) in attr.iter().enumerate() {
                    l[r * na + a] = level_code(v.unwrap_or(f64::NAN), self.k);
                }
            }
        }
    }
}

impl Engine<'_> {
    /// The default method over complete rows, without `Option`s or a scratch buffer. Performs
    /// the same floating-point operations in the same order as [`aggregate`] (weights summed in
    /// dimension order, then the clamp), so results are bit-identical to [`Engine::score`].
    fn run_batch_mean(
        &self,
        rows: usize,
        out: &mut BatchOutput<'_>,
        value: impl Fn(usize, usize) -> f64,
    ) {
        let na = self.attr_dims.len();
        // Per attribute: its positively weighted dimensions as (column, weight).
        let groups: Vec<Vec<(usize, f64)>> = self
            .attr_dims
            .iter()
            .map(|dims| {
                dims.iter()
                    .map(|&i| (i, self.dims[i].1))
                    .filter(|p| p.1 > 0.0)
                    .collect()
            })
            .collect();
        let mut attr = vec![0.0; na];
        for r in 0..rows {
            for (a, group) in groups.iter().enumerate() {
                let (mut sw, mut swx) = (0.0, 0.0);
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for &(c, w) in group {
                    let x = value(r, c);
                    sw += w;
                    swx += w * x;
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
                attr[a] = (swx / sw).clamp(lo, hi);
            }
            let (mut sw, mut swx) = (0.0, 0.0);
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for (a, &x) in attr.iter().enumerate() {
                let w = self.attr_weights[a];
                if w > 0.0 {
                    sw += w;
                    swx += w * x;
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
            }
            let x = (swx / sw).clamp(lo, hi);
            out.overall_score[r] = score_of(x, self.k);
            out.overall_level[r] = level_code(x, self.k);
            if let Some(s) = out.attribute_score.as_deref_mut() {
                for (a, v) in attr.iter().enumerate() {
                    s[r * na + a] = score_of(*v, self.k);
                }
            }
            if let Some(l) = out.attribute_level.as_deref_mut() {
                for (a, v) in attr.iter().enumerate() {
                    l[r * na + a] = level_code(*v, self.k);
                }
            }
        }
    }
}

/// Output buffers for batch scoring (all row-major).
#[derive(Debug)]
pub struct BatchOutput<'a> {
    /// One overall score per row.
    pub overall_score: &'a mut [f64],
    /// One overall level code per row.
    pub overall_level: &'a mut [u8],
    /// `rows × attributes` attribute scores, if wanted.
    pub attribute_score: Option<&'a mut [f64]>,
    /// `rows × attributes` attribute level codes, if wanted.
    pub attribute_level: Option<&'a mut [u8]>,
}

/// The owned result of [`Engine::score_codes_vec`] / [`Engine::score_scores_vec`].
#[derive(Clone, Debug, PartialEq)]
pub struct BatchScores {
    /// Number of rows.
    pub rows: usize,
    /// Number of attributes (the width of the attribute arrays).
    pub attributes: usize,
    /// Overall score per row.
    pub overall_score: Vec<f64>,
    /// Overall level code per row.
    pub overall_level: Vec<u8>,
    /// `rows × attributes` attribute scores.
    pub attribute_score: Vec<f64>,
    /// `rows × attributes` attribute level codes.
    pub attribute_level: Vec<u8>,
}

/// Rows below which a batch runs on one thread.
pub const PARALLEL_MIN_ROWS: usize = 65_536;

/// The number of threads for a batch of `rows` rows: one on wasm32 or for small batches, else
/// the machine's parallelism (read once per process).
fn batch_threads(rows: usize) -> usize {
    if cfg!(target_arch = "wasm32") || rows < PARALLEL_MIN_ROWS {
        return 1;
    }
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from));
    cores
        .clamp(1, 64)
        .min(rows / (PARALLEL_MIN_ROWS / 4))
        .max(1)
}

fn checked_weight(path: crate::error::Path, w: f64) -> Result<f64, ScoreError> {
    if w.is_finite() && w >= 0.0 {
        Ok(w)
    } else {
        Err(ScoreError::InvalidWeight { path, value: w })
    }
}

/// The level code of a value: nearest, ties downwards, clamped to 1..=k.
#[must_use]
pub fn level_code(x: f64, k: u8) -> u8 {
    let c = (x - 0.5 - TIE_EPSILON).ceil();
    if c.is_nan() || c < 1.0 {
        1
    } else if c > f64::from(k) {
        k
    } else {
        // c is an integer in 1..=k here.
        c as u8
    }
}

/// The 0–100 score of a value on a k-level scale.
#[must_use]
pub fn score_of(x: f64, k: u8) -> f64 {
    (x - 1.0) / f64::from(k.max(2) - 1) * 100.0
}

/// Aggregates `(value, weight)` pairs (weights > 0). `items` may be reordered.
fn aggregate(method: Method, items: &mut [(f64, f64)]) -> Option<f64> {
    if items.is_empty() {
        return None;
    }
    let min = items.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let max = items.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    // Clamped to the inputs' range: a weighted mean of equal values must not drift an ulp above
    // them (which would give a score of 100.00000000000003).
    let clamped_mean = || mean(items).clamp(min, max);
    match method {
        Method::Mean => Some(clamped_mean()),
        Method::Minimum => Some(min),
        Method::CappedMean => Some(clamped_mean().min(min + 1.0)),
        Method::Median => {
            items.sort_by(|a, b| a.0.total_cmp(&b.0));
            let total: f64 = items.iter().map(|p| p.1).sum();
            let mut cum = 0.0;
            for (x, w) in items.iter() {
                cum += w;
                if cum >= total / 2.0 - TIE_EPSILON * total {
                    return Some(*x);
                }
            }
            items.last().map(|p| p.0)
        }
    }
}

fn mean(items: &[(f64, f64)]) -> f64 {
    let (sw, swx) = items
        .iter()
        .fold((0.0, 0.0), |(sw, swx), (x, w)| (sw + w, swx + w * x));
    swx / sw
}

/// Scores an assessment with the default options (mean, framework weights).
///
/// ```
/// use renxing::{cases, score, Framework};
/// let b = &cases()[1];
/// let card = score(b, Framework::paper()).unwrap();
/// let robustness = card.attribute("robustness").unwrap().grade.clone().unwrap();
/// assert_eq!(robustness.level, "medium"); // 表1: community B, robustness 中
/// ```
///
/// # Errors
/// See [`Engine::score`].
pub fn score(assessment: &Assessment, framework: &Framework) -> Result<Scorecard, ScoreError> {
    Engine::new(framework, &ScoreOptions::default())?.score(assessment)
}

/// Scores an assessment with options.
///
/// # Errors
/// See [`Engine::new`] and [`Engine::score`].
pub fn score_with(
    assessment: &Assessment,
    framework: &Framework,
    options: &ScoreOptions,
) -> Result<Scorecard, ScoreError> {
    Engine::new(framework, options)?.score(assessment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_ties_down() {
        assert_eq!(level_code(1.0, 3), 1);
        assert_eq!(level_code(1.5, 3), 1);
        assert_eq!(level_code(1.5000001, 3), 2);
        assert_eq!(level_code(7.0 / 3.0, 3), 2);
        assert_eq!(level_code(2.5, 3), 2);
        assert_eq!(level_code(2.5 + 1e-12, 3), 2);
        assert_eq!(level_code(8.0 / 3.0, 3), 3);
        assert_eq!(level_code(3.0, 3), 3);
        assert_eq!(score_of(2.0, 3), 50.0);
        assert_eq!(score_of(3.0, 5), 50.0);
    }

    #[test]
    fn methods_on_hand_examples() {
        let v = |xs: &[f64]| xs.iter().map(|x| (*x, 1.0)).collect::<Vec<_>>();
        assert_eq!(
            aggregate(Method::Mean, &mut v(&[3.0, 1.0, 3.0])),
            Some(7.0 / 3.0)
        );
        assert_eq!(
            aggregate(Method::Median, &mut v(&[3.0, 1.0, 3.0])),
            Some(3.0)
        );
        assert_eq!(aggregate(Method::Median, &mut v(&[1.0, 3.0])), Some(1.0));
        assert_eq!(
            aggregate(Method::Median, &mut v(&[1.0, 2.0, 3.0, 3.0])),
            Some(2.0)
        );
        assert_eq!(
            aggregate(Method::Minimum, &mut v(&[3.0, 1.0, 3.0])),
            Some(1.0)
        );
        assert_eq!(
            aggregate(Method::CappedMean, &mut v(&[3.0, 1.0, 3.0])),
            Some(2.0)
        );
        assert_eq!(
            aggregate(Method::CappedMean, &mut v(&[3.0, 3.0, 2.0])),
            Some(8.0 / 3.0)
        );
        // weighted: (3·3 + 1·1) / 4 = 2.5 → medium (tie down)
        assert_eq!(
            aggregate(Method::Mean, &mut [(3.0, 3.0), (1.0, 1.0)]),
            Some(2.5)
        );
        // weighted median: weight 3 on high dominates
        assert_eq!(
            aggregate(Method::Median, &mut [(3.0, 3.0), (1.0, 1.0)]),
            Some(3.0)
        );
        assert_eq!(aggregate(Method::Mean, &mut []), None);
    }
}
