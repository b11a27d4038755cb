//! Uncertainty and sensitivity analysis of composite-indicator rankings (issue 11): how sure is
//! each rank and level, and which choice matters most — seeded, and identical in every front
//! end and whatever the number of threads.
//!
//! * **Uncertain inputs as data** ([`Factor`]): weight noise (± a share, uniform) or Dirichlet
//!   weights around the nominal ones; a choice among normalisation, aggregation or imputation
//!   methods; excluding one indicator at a time; banding thresholds within ranges; and, for
//!   qualitative indicators coded by several coders (`renxing::agree` codings), a value drawn
//!   among the coders' values on each contested cell. Each factor has a documented sampling
//!   rule and is one input (a group) of the sensitivity analysis.
//! * **Uncertainty analysis** ([`uncertainty`]): N runs of the [`composite`](crate::composite)
//!   pipeline → per unit the rank distribution (median, 5th and 95th percentiles, mean shift
//!   from the nominal rank), the score distribution and the probability of each level; per pair
//!   of units the probability that one outranks the other; COINr's mean absolute rank shift;
//!   the raw runs on request.
//! * **Sensitivity analysis** ([`sensitivity`]): first-order (Saltelli et al. 2010) and total
//!   (Jansen 1999) Sobol indices of each factor on each unit's rank and on the mean absolute
//!   rank shift, with bootstrap intervals; the one-at-a-time view. The estimators work on any
//!   model ([`SaltelliDesign`], [`sobol_indices`]) and equal SALib's.
//! * **Randomness** ([`rng`](self#randomness)): ChaCha20 streams keyed by (seed, domain,
//!   block), blocks of [`BLOCK_ROWS`] runs, so a block can be computed anywhere (threads here;
//!   Dask later) with the same numbers.
//! * **Speed**: runs that differ only in weights, aggregation methods or thresholds share one
//!   normalised table (computed once per combination of data choices) and only re-aggregate,
//!   level by level for all units at once on a positive table, bit for bit as unit by unit.
//!
//! # Randomness
//!
//! ChaCha20 (`rand_chacha::ChaCha20Rng`), 32-byte key = seed (u64 LE) ‖ domain (u64 LE) ‖
//! block (u64 LE) ‖ 8 zero bytes; 64-bit draws from consecutive little-endian 32-bit words;
//! uniform `(u64 >> 11) × 2⁻⁵³`; choice among k `min(⌊u k⌋, k − 1)`; normal by Box–Muller's
//! cosine branch; gamma by Marsaglia & Tsang (2000). Domains: 1 uncertainty runs, 2 Saltelli
//! rows, 3 bootstrap resamples. Definitions and sources: `docs/uncertainty.md`.
//!
//! ```
//! use renxing::composite::{Dataset, IndicatorMeta, Pipeline};
//! use renxing::uncertainty::{sensitivity, Factor, SensitivitySpec};
//! let d = Dataset::new(
//!     vec!["a".into(), "b".into(), "c".into(), "d".into()],
//!     vec![IndicatorMeta::new("x", "d1"), IndicatorMeta::new("y", "d1"), IndicatorMeta::new("z", "d2")],
//!     vec![1.0, 9.0, 3.0,  5.0, 5.0, 4.0,  9.0, 1.0, 2.0,  4.0, 4.0, 9.0],
//! );
//! let p: Pipeline = serde_json::from_str(
//!     r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}]}"#).unwrap();
//! let spec = SensitivitySpec {
//!     factors: vec![
//!         Factor::WeightNoise { level: Default::default(), share: 0.8 },
//!         Factor::ExcludeIndicator { indicators: vec![], include_none: true },
//!     ],
//!     n: 128,
//!     bootstrap: 100,
//!     ..SensitivitySpec::default()
//! };
//! let r = sensitivity(&p, &d, &spec)?;
//! let s = &r.mean_abs_rank_shift.indices;
//! assert_eq!(s.first_order.len(), 2);
//! assert!(s.total[1] > s.total[0]); // dropping an indicator moves ranks more than the weights
//! # Ok::<(), renxing::uncertainty::UncertaintyError>(())
//! ```

// Index loops over parallel arrays read more clearly here, and `!(x > 0.0)` is deliberate: it
// is also true for NaN.
#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

mod analysis;
pub mod blocks;
mod engine;
mod error;
mod fast;
mod influence;
pub(crate) mod rng;
mod sobol;
mod spec;

pub use analysis::{sensitivity, uncertainty};
pub use error::UncertaintyError;
pub use influence::{factor_name, Influence};
pub use rng::BLOCK_ROWS;
pub use sobol::{
    ishigami, sobol_indices, SaltelliDesign, SaltelliOutputs, SobolIndices, SobolOptions,
};
pub use spec::{
    AggLevel, Draw, Factor, FactorInfo, Nominal, OatRow, OutputSensitivity, Pairwise, RawRuns,
    SensitivityResult, SensitivityRuns, SensitivitySpec, Summary, UncertaintyResult,
    UncertaintySpec, UnitUncertainty,
};
