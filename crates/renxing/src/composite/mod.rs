//! Composite indicators: quantitative evidence (survey and statistical indicators per
//! dimension) turned into dimension, attribute and overall scores, ranks, TOPSIS closeness
//! and obstacle degrees, following the OECD/JRC *Handbook on Constructing Composite
//! Indicators* (2008) and COINr (Becker et al., the JRC's R package).
//!
//! A [`Pipeline`] is a value: an ordered list of [`Step`]s, each with its parameters and
//! documented defaults, serialisable as JSON or TOML. [`run`] applies it to a [`Dataset`] (a
//! units × indicators matrix, indicator metadata and the hierarchy) and returns a
//! [`PipelineResult`] recording every step as executed (defaults filled in) and every
//! intermediate table.
//!
//! | step | what | defaults |
//! |---|---|---|
//! | `check` | availability per unit and indicator, zeros, constant indicators | thresholds 0.66 (COINr), flag |
//! | `impute` | none (error naming the cells), mean, median, group mean/median | none |
//! | `treat` | COINr: fail when \|skew\| ≥ 2 and kurtosis ≥ 3.5; winsorise ≤ 5 points, else `log_CT` | as COINr |
//! | `normalise` | min–max, z-score, rank, percentile rank, distance to max, goalposts, target; cost reversed | min–max to [0, 100] |
//! | `weight` | equal, manual, AHP, entropy, CRITIC, standard deviation, combined | equal |
//! | `aggregate` | per level: arithmetic, geometric, harmonic, power mean, minimum | arithmetic |
//! | `band` | k ordinal levels by thresholds or quantiles | thresholds |
//! | `topsis` | vector (Hwang & Yoon) or min–max (pymcdm) normalisation | vector |
//! | `obstacle` | 障碍度: F_j I_ij / Σ F I per unit, summed per dimension and attribute | top 3 |
//! | `rank` | competition ranks ("1224"), highest first, ties listed | overall, TOPSIS |
//!
//! Definitions, sources and the one-pass/two-pass structure of each step: `docs/composite.md`.
//!
//! ```
//! use renxing::composite::{run, Dataset, GroupSpec, IndicatorMeta, Pipeline};
//! let mut d = Dataset::new(
//!     vec!["east".into(), "west".into(), "north".into()],
//!     vec![
//!         IndicatorMeta::new("volunteers_per_1000", "participation"),
//!         IndicatorMeta::new("wechat_share", "it_use"),
//!         IndicatorMeta::new("drills_per_year", "participation"),
//!     ],
//!     vec![12.0, 0.4, 2.0,
//!          30.0, 0.9, f64::NAN,
//!          18.0, 0.6, 4.0],
//! );
//! d.hierarchy.dimensions = vec![
//!     GroupSpec::new("participation", Some("connectivity")),
//!     GroupSpec::new("it_use", Some("connectivity")),
//! ];
//! d.hierarchy.attributes = vec![GroupSpec::new("connectivity", None)];
//! let p: Pipeline = toml::from_str(r#"
//!     [[steps]]
//!     step = "impute"
//!     method = "mean"
//!     [[steps]]
//!     step = "normalise"
//!     [[steps]]
//!     step = "aggregate"
//!     [[steps]]
//!     step = "obstacle"
//!     [[steps]]
//!     step = "rank"
//! "#).unwrap();
//! let r = run(&p, &d)?;
//! assert_eq!(r.ranks().unwrap().columns[0].ranks, vec![3, 1, 2]);
//! assert_eq!(r.top_obstacles(0)[0].0, "wechat_share");
//! # Ok::<(), renxing::composite::CompositeError>(())
//! ```

// Index loops over parallel per-column arrays read more clearly than zipped iterators here,
// and `!(x > 0.0)` is deliberate: it is also true for NaN.
#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

mod data;
mod error;
mod example;
mod framework;
pub mod partial;
mod pipeline;
mod provenance;
pub mod stats;
mod steps;
mod topsis;
mod weights;

pub use data::{Dataset, Direction, GroupSpec, Hierarchy, IndicatorMeta, Table};
pub use error::{CompositeError, FieldPath, MissingCell, PathSeg};
pub use example::{
    example_framework, example_pipeline, read_pipeline, EXAMPLE_DATA_CSV, EXAMPLE_FRAMEWORK_TOML,
    EXAMPLE_PIPELINE_TOML,
};
pub use framework::{
    assess_with_framework, assess_with_framework_in, default_pipeline, framework_dataset,
    BandingRule, FrameworkIndicatorResult, INDICATORS_RATER,
};
pub use pipeline::{
    run, run_lean, run_owned, run_threads, AggregateReport, BandColumn, BandReport, CheckReport,
    GroupFill, ImputeColumn, ImputeReport, IndicatorCheck, LevelWeights, NormColumn,
    NormaliseReport, ObstacleReport, PipelineResult, RankColumn, RankReport, Side, StepRecord,
    StepReport, TopsisReport, TreatColumn, TreatReport, UnitCheck, UnitChecks, WeightDetail,
    WeightReport, WeightSource, WinsorisedPoint, MAX_BAND_LEVELS,
};
pub use provenance::{IndicatorRun, ObstacleFinding, RUN_KEY};
pub use stats::{chunk_ranges, CentralMoments, ColumnSummary, EntropyPartials, CHUNK_ROWS};
pub use steps::{
    AggMethod, AggregateSpec, BandMethod, BandSpec, CheckAction, CheckSpec, ConstantRule,
    ImputeMethod, ImputeSpec, LogTransform, MissingRule, NormMethod, NormaliseSpec, ObstacleSpec,
    Pipeline, RankSpec, Step, Target, TopsisSpec, TopsisWeights, TreatSpec, WeightLevel,
    WeightMethod, WeightSpec, ZeroRule,
};
pub use topsis::{topsis, TopsisNormalisation, TopsisResult};
pub use weights::{
    ahp, combine_weights, critic_weights, entropy_weights, std_dev_weights, AhpMatrix, AhpMethod,
    AhpOptions, AhpResult, CombineRule, CriticResult, EntropyResult, RandomIndexTable,
};
