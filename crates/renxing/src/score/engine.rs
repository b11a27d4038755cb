//! [`Engine`]: a framework and options compiled once, scoring one assessment.

use crate::assessment::Assessment;
use crate::error::ScoreError;
use crate::framework::Framework;
use crate::rating::RatingValue;

use super::aggregate::aggregate;
use super::{
    level_code, score_of, AttributeScore, DimensionScore, Grade, Method, ScoreOptions, Scorecard,
    ValueSource,
};

/// A framework and options compiled for scoring: shared by the per-assessment path and the batch
/// path, so both give identical results.
#[derive(Clone, Debug)]
pub struct Engine<'f> {
    pub(super) framework: &'f Framework,
    pub(super) method: Method,
    pub(super) k: u8,
    /// Per dimension: (attribute index, weight).
    pub(super) dims: Vec<(usize, f64)>,
    /// Per attribute: its weight.
    pub(super) attr_weights: Vec<f64>,
    /// The weights as given (reported in scorecards): per dimension, per attribute.
    pub(super) given: (Vec<f64>, Vec<f64>),
    /// Per attribute: its dimension indices.
    pub(super) attr_dims: Vec<Vec<usize>>,
    /// The flat layout of the batch kernel: per attribute `a`, its positively weighted
    /// dimensions are `cols[starts[a]..starts[a + 1]]` with weights `wts[…]` (framework order).
    pub(super) cols: Vec<usize>,
    /// Weights of `cols`.
    pub(super) wts: Vec<f64>,
    /// Group bounds in `cols` (one more than there are attributes).
    pub(super) starts: Vec<usize>,
    /// The positively weighted attributes: (index, weight).
    pub(super) attr_pos: Vec<(usize, f64)>,
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
        let (mut cols, mut wts, mut starts) = (Vec::new(), Vec::new(), vec![0]);
        for list in &attr_dims {
            for &i in list {
                if dims[i].1 > 0.0 {
                    cols.push(i);
                    wts.push(dims[i].1);
                }
            }
            starts.push(cols.len());
        }
        let attr_pos = attr_w
            .iter()
            .enumerate()
            .filter(|p| *p.1 > 0.0)
            .map(|(a, w)| (a, *w))
            .collect();
        Ok(Engine {
            framework,
            method: options.method,
            k,
            dims,
            attr_weights: attr_w,
            attr_dims,
            given,
            cols,
            wts,
            starts,
            attr_pos,
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
        for (a, slot) in attr_out.iter_mut().enumerate().take(self.attr_dims.len()) {
            *slot = self.aggregate_attribute(a, values, scratch);
        }
        self.aggregate_overall(attr_out, scratch)
    }

    /// The value of attribute `a` from a row of dimension values (`None` = not rated): its
    /// positively weighted rated dimensions, aggregated in framework order.
    pub(super) fn aggregate_attribute(
        &self,
        a: usize,
        values: &[Option<f64>],
        scratch: &mut Vec<(f64, f64)>,
    ) -> Option<f64> {
        scratch.clear();
        for &i in &self.attr_dims[a] {
            if let Some(x) = values[i] {
                let w = self.dims[i].1;
                if w > 0.0 {
                    scratch.push((x, w));
                }
            }
        }
        aggregate(self.method, scratch)
    }

    /// The overall value from the attribute values (`None` = nothing rated): the positively
    /// weighted rated attributes, aggregated in framework order.
    pub(super) fn aggregate_overall(
        &self,
        attr: &[Option<f64>],
        scratch: &mut Vec<(f64, f64)>,
    ) -> Option<f64> {
        scratch.clear();
        for (a, x) in attr.iter().enumerate() {
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
        let pending: Vec<String> = self
            .framework
            .dimensions
            .iter()
            .filter(|d| {
                !assessment.codings_of(&d.id).is_empty() && assessment.rating(&d.id).is_none()
            })
            .map(|d| d.id.clone())
            .collect();
        if !pending.is_empty() {
            return Err(ScoreError::ConsensusRequired {
                dimensions: pending,
            });
        }
        let contested_above = assessment
            .consensus
            .as_ref()
            .map_or(1.0, |c| c.contested_above);
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
            let spread = self.spread(assessment.codings_of(&d.id));
            dimensions.push(DimensionScore {
                id: d.id.clone(),
                attribute: d.attribute.clone(),
                weight: self.given.0[i],
                grade: x.map(|x| self.grade(x)),
                source,
                inconsistent,
                contested: spread.is_some_and(|s| s > contested_above),
                spread,
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
                // the positively weighted dimensions of the attribute, and how many are rated
                let (mut rated, mut total) = (0, 0);
                for &i in self.attr_dims[a].iter().filter(|&&i| self.dims[i].1 > 0.0) {
                    total += 1;
                    rated += usize::from(values[i].is_some());
                }
                AttributeScore {
                    id: def.id.clone(),
                    weight: self.given.1[a],
                    grade: attr_values[a].map(|x| self.grade(x)),
                    rated,
                    total,
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
}

impl Engine<'_> {
    /// A rating's value on the codes scale (1..=k): a level's code, a score mapped linearly,
    /// the answers' level; `None` for a level id the framework lacks.
    #[must_use]
    pub fn value_of(&self, rating: &crate::rating::Rating) -> Option<f64> {
        match &rating.value {
            RatingValue::Level(id) => self.framework.level_code(id).map(f64::from),
            RatingValue::Score(s) => Some(self.value_of_score(s.get())),
            RatingValue::Answers(a) => Some(f64::from(a.outcome().level.code())),
        }
    }

    /// The spread (max − min on the codes scale) of several codings; `None` for fewer than two.
    fn spread(&self, codings: &[crate::rating::Rating]) -> Option<f64> {
        let vals: Vec<f64> = codings.iter().filter_map(|c| self.value_of(c)).collect();
        if vals.len() < 2 {
            return None;
        }
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Some(hi - lo)
    }
}

fn checked_weight(path: crate::error::Path, w: f64) -> Result<f64, ScoreError> {
    if w.is_finite() && w >= 0.0 {
        Ok(w)
    } else {
        Err(ScoreError::InvalidWeight { path, value: w })
    }
}
