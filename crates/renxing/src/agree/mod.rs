//! Inter-rater agreement: several coders, one set of units.
//!
//! * Data: [`ReliabilityData`], units × coders with missing values, on a [`Scale`] of ordered
//!   categories (codes `1..=levels`, optional labels) or numbers; built from a long list of
//!   [`Coding`]s (`{unit, coder, value}`, optional evidence and group) or from a matrix.
//! * Measures: [`krippendorff_alpha`] (nominal, ordinal, interval, ratio; with Krippendorff's
//!   bootstrap, seeded with ChaCha20), [`cohen_kappa`] (unweighted, linear, quadratic),
//!   [`fleiss_kappa`], [`gwet_ac1`], [`percent_agreement`]; several at once with [`agreement`],
//!   per group and overall with [`agreement_by_group`].
//! * Over partitions of the units (Dask): [`AgreementPartial`] — α's partial, merge and finish.
//! * The [`disagreements`] table and the [`consensus`] of each unit by a named rule, with
//!   contested units flagged.
//!
//! Definitions and sources are in each function's documentation and in `docs/agree.md`:
//! Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability"; Hayes & Krippendorff (2007)
//! and Krippendorff's bootstrap algorithm (2006, rev. 2011); Cohen (1960, 1968); Fleiss (1971);
//! Gwet (2008).
//!
//! ```
//! use renxing::agree::*;
//! let scale = Scale::categories(3, ["low", "medium", "high"]);
//! let mut codings = Vec::new();
//! for (unit, a, b) in [("c1/needs_met", "high", "high"), ("c1/it_use", "low", "medium"),
//!                      ("c2/needs_met", "medium", "medium"), ("c2/it_use", "low", "high")] {
//!     let group = unit.split('/').nth(1).unwrap_or_default();
//!     codings.push(Coding::new(unit, "ann", a).in_group(group));
//!     codings.push(Coding::new(unit, "bo", b).in_group(group));
//! }
//! let data = ReliabilityData::from_codings(&scale, &codings)?;
//!
//! let spec = AgreementSpec {
//!     alpha: AlphaOptions::default().with_bootstrap(BootstrapOptions { seed: 7, ..Default::default() }),
//!     ..Default::default()
//! };
//! let by_group = agreement_by_group(&data, &spec)?;
//! assert_eq!(by_group.groups.len(), 2);
//! let alpha = by_group.overall.get(Measure::KrippendorffAlpha).map(MeasureValue::value);
//! assert!(alpha.is_some());
//!
//! let table = disagreements(&data, &DisagreementOptions::default())?;
//! assert_eq!(table.rows.len(), 2);
//! let merged = consensus(&data, &ConsensusOptions::default())?;
//! assert_eq!(merged.n_contested, 1); // c2/it_use: low vs high
//! # Ok::<(), AgreeError>(())
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod alpha;
mod assess;
mod consensus;
mod data;
mod disagree;
mod error;
mod group;
mod kappa;
mod partial;
mod rng;

pub use alpha::{
    krippendorff_alpha, AlphaBootstrap, AlphaOptions, AlphaResult, BelowMinimum, BootstrapOptions,
    BootstrapPairs, Interval, Metric, MAX_DISTINCT_VALUES,
};
pub use assess::{
    assessment_codings, community_key, evidence_text, merge_coders, resolve_assessment,
    AssessmentCodings, Resolved,
};
pub use consensus::{
    consensus, Consensus, ConsensusOptions, ConsensusRule, ConsensusUnit, TieRule,
};
pub use data::{Coding, ReliabilityData, Scale, Value};
pub use disagree::{
    disagreements, CoderValue, DisagreementOptions, DisagreementRow, DisagreementTable,
};
pub use error::{AgreeError, Expected, Seg};
pub use group::{
    agreement, agreement_by_group, Agreement, AgreementSpec, GroupedAgreement, MeasureValue,
    SkippedMeasure,
};
pub use kappa::{
    cohen_kappa, cohen_kappa_pair, fleiss_kappa, gwet_ac1, percent_agreement, CohenKappa,
    FleissKappa, FleissUnits, GwetAc1, KappaWeights, PercentAgreement,
};
pub use partial::{
    AgreementPartial, AlphaPartial, Coincidences, GroupPartial, AGREE_PARTIAL_VERSION,
};

/// An agreement measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Measure {
    /// Krippendorff's α.
    KrippendorffAlpha,
    /// Cohen's κ (two coders).
    CohenKappa,
    /// Fleiss' κ.
    FleissKappa,
    /// Gwet's AC1.
    GwetAc1,
    /// Pairwise percent agreement.
    PercentAgreement,
}

impl Measure {
    /// Every measure, in this order.
    pub const ALL: &'static [Measure] = &[
        Measure::KrippendorffAlpha,
        Measure::CohenKappa,
        Measure::FleissKappa,
        Measure::GwetAc1,
        Measure::PercentAgreement,
    ];

    /// The measure's name in Chinese.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Measure::KrippendorffAlpha => "Krippendorff α 系数",
            Measure::CohenKappa => "Cohen κ 系数",
            Measure::FleissKappa => "Fleiss κ 系数",
            Measure::GwetAc1 => "Gwet AC1 系数",
            Measure::PercentAgreement => "百分比一致率",
        }
    }

    /// The measure's name in English.
    #[must_use]
    pub fn name_en(self) -> &'static str {
        match self {
            Measure::KrippendorffAlpha => "Krippendorff's alpha",
            Measure::CohenKappa => "Cohen's kappa",
            Measure::FleissKappa => "Fleiss' kappa",
            Measure::GwetAc1 => "Gwet's AC1",
            Measure::PercentAgreement => "percent agreement",
        }
    }
}
