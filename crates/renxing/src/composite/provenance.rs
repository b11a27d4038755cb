//! What an assessment made from indicators records about the run that made it: the pipeline as
//! run (every step with its parameters), the banding rule, the size of the run and the unit's top
//! obstacles. [`assess_with_framework`](super::assess_with_framework) writes it into each
//! assessment's `metadata` under [`RUN_KEY`] (beside `"source": "indicators"`), so the record
//! travels with the assessment file; the general report reads it for its methods section and the
//! diagnosis for its top obstacles.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::framework::{BandingRule, INDICATORS_RATER};
use super::steps::Pipeline;
use crate::assessment::Assessment;

/// The `metadata` key of an indicator-based assessment's [`IndicatorRun`].
pub const RUN_KEY: &str = "indicator_run";

/// One of a unit's top obstacles: an indicator, its dimension and its obstacle degree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObstacleFinding {
    /// The indicator's id (its labels are the framework's).
    pub indicator: String,
    /// The indicator's dimension id.
    pub dimension: String,
    /// Obstacle degree O_ij, a share of the unit's total (0–1; the unit's degrees over all
    /// indicators sum to 1).
    pub degree: f64,
}

/// The record of the indicator run that made an assessment (its `metadata.indicator_run`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorRun {
    /// The framework's id.
    pub framework: String,
    /// The pipeline as run (defaults filled in).
    pub pipeline: Pipeline,
    /// The banding rule that made the levels.
    pub banding: BandingRule,
    /// Units in the run.
    pub units: usize,
    /// Indicators in the run.
    pub indicators: usize,
    /// Dimensions in the run.
    pub dimensions: usize,
    /// This unit's top obstacles, largest degree first (empty without an obstacle step).
    #[serde(default)]
    pub obstacles: Vec<ObstacleFinding>,
}

impl IndicatorRun {
    /// The record of an assessment made from indicators (`metadata.source` is `"indicators"`,
    /// or `"blend"` for one blended with a coding, and `metadata.indicator_run` reads as a
    /// record); `None` for any other assessment.
    #[must_use]
    pub fn of(assessment: &Assessment) -> Option<IndicatorRun> {
        let m = &assessment.metadata;
        // made from indicators, or blended with a coding (`renxing::blend`, which keeps the run)
        let source = m.get("source").and_then(serde_json::Value::as_str);
        if source != Some(INDICATORS_RATER) && source != Some(crate::blend::BLEND_RATER) {
            return None;
        }
        serde_json::from_value(m.get(RUN_KEY)?.clone()).ok()
    }
}
