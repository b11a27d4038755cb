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
use crate::error::ScoreError;
use crate::framework::Framework;

mod aggregate;
mod batch;
mod card;
mod engine;
// whole-row tables of small code spaces (the batch path of level codes)
mod rows;

pub use batch::{BatchOutput, BatchScores, Unrated, BLOCK_ROWS, PARALLEL_MIN_ROWS};
pub use card::{AttributeScore, Column, DimensionScore, Grade, Scorecard, ValueSource};
pub use engine::Engine;

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

/// The level code of a value: nearest, ties downwards, clamped to 1..=k.
///
/// `⌈x − ½ − ε⌉` computed with compares and a truncating conversion (no call to libm's `ceil`,
/// which baseline x86-64 does not inline): equal to the `ceil` formula for every `x`, NaN and
/// infinities included (a unit test checks it).
#[must_use]
#[inline]
pub fn level_code(x: f64, k: u8) -> u8 {
    let t = x - 0.5 - TIE_EPSILON;
    if t.is_nan() || t <= 0.0 {
        // ⌈t⌉ ≤ 0, or NaN
        1
    } else if t > f64::from(k) - 1.0 {
        // ⌈t⌉ ≥ k
        k
    } else {
        // 0 < t ≤ k − 1 < 255: truncation, then up by one unless t is an integer
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let c = t as u8;
        if f64::from(c) < t {
            c + 1
        } else {
            c
        }
    }
}

/// The 0–100 score of a value on a k-level scale.
#[must_use]
#[inline]
pub fn score_of(x: f64, k: u8) -> f64 {
    (x - 1.0) / f64::from(k.max(2) - 1) * 100.0
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
    use super::aggregate::aggregate;
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

    /// The libm-free level code equals the `ceil` formula everywhere.
    #[test]
    fn level_code_equals_the_ceil_formula() {
        fn by_ceil(x: f64, k: u8) -> u8 {
            let c = (x - 0.5 - TIE_EPSILON).ceil();
            if c.is_nan() || c < 1.0 {
                1
            } else if c > f64::from(k) {
                k
            } else {
                c as u8
            }
        }
        let mut xs = vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            1e300,
            -1e300,
        ];
        for i in -400..=40_400 {
            let x = f64::from(i) / 400.0;
            xs.extend([x, x + TIE_EPSILON, x - TIE_EPSILON, x + 0.5 + TIE_EPSILON]);
            xs.extend([
                x.next_up(),
                x.next_down(),
                (x + 0.5 + TIE_EPSILON).next_up(),
            ]);
        }
        let mut state = 42u64;
        for _ in 0..200_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            xs.push(f64::from_bits(state));
            xs.push((state >> 11) as f64 / (1u64 << 53) as f64 * 120.0 - 10.0);
        }
        for k in [0u8, 1, 2, 3, 5, 7, 100, 255] {
            for &x in &xs {
                assert_eq!(level_code(x, k), by_ceil(x, k), "x = {x:e}, k = {k}");
            }
        }
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
