//! # renxing (韧性)
//!
//! Assess how resilient a community's governance is in an emergency, and say what to fix.
//!
//! renxing models the framework of Peng & Tan (2022), "基于多案例比较的'三社联动'社区韧性分析与优化"
//! (seed `000_ebdaebbf0bcb582b.txt`): three attributes (robustness, redundancy, connectivity),
//! eight dimensions, three levels with the paper's rating rule, three governance modes compared in
//! 表2, the three reference cases of 表1 and the remedies of five source papers. Custom
//! frameworks (any attributes, dimensions, levels, weights, remedies) work with every function.
//!
//! ```
//! use renxing::{diagnose, score, Assessment, Dimension, Framework, Level, Mode, Rating};
//!
//! let mut a = Assessment::new("riverside", "河畔社区");
//! a.mode = Some(Mode::GovernmentLed);
//! for d in Dimension::ALL {
//!     a.rate(*d, Rating::level(Level::Medium));
//! }
//! a.rate(Dimension::ItUse, Rating::answers(true, true)); // coped and developed → high
//!
//! let card = score(&a, Framework::paper())?;
//! assert_eq!(card.overall.as_ref().map(|g| g.level.as_str()), Some("medium"));
//!
//! let diagnosis = diagnose(&a, Framework::paper())?;
//! assert_eq!(diagnosis.attribute_deficits[0].id, "robustness");
//! for remedy in &diagnosis.remedies {
//!     println!("{} ({})", remedy.title.get("en"), remedy.source);
//! }
//! # Ok::<(), renxing::Error>(())
//! ```
//!
//! ## Code map
//!
//! | module | what it holds |
//! |---|---|
//! | [`ids`] | the typed vocabulary: [`Level`], [`Attribute`], [`Dimension`], [`Mode`], [`Phase`] |
//! | [`lang`] | [`Lang`] (zh, en), bilingual [`Text`], multilingual [`Labels`] |
//! | [`framework`] | [`Framework`]: the paper's built-in one and custom ones from JSON/TOML |
//! | [`rating`] | [`Rating`], evidence, the two-question rule [`rate`] |
//! | [`agree`] | inter-rater agreement: Krippendorff's α (with bootstrap), Cohen's/Fleiss' κ, Gwet's AC1, disagreements, consensus |
//! | [`assessment`] | [`Assessment`], its file format and validation with field paths |
//! | [`score`](mod@score) | aggregation methods, [`Scorecard`], the shared [`Engine`] and batch scoring |
//! | [`diagnose`](mod@diagnose) | deficits, remedies, nearest reference case, the mode's defects |
//! | [`summary`] | summaries of many diagnoses: level counts, deficits, remedies, nearest cases; exact and mergeable over level codes (histograms of distinct rows) |
//! | [`compare`](mod@compare) | side-by-side table, ranking with ties, best/worst per dimension |
//! | [`curve`] | functionality curves: Bruneau's resilience triangle (baseline, depth, loss area, time to recover, rapidity) and the paper's level from the end state |
//! | [`composite`] | composite indicators: checks, imputation, outliers, normalisation, weights (AHP, entropy, CRITIC), aggregation, banding, TOPSIS, obstacle degree, ranks |
//! | [`uncertainty`] | uncertainty and sensitivity of composite rankings: sampled weights, methods, exclusions, thresholds and coders; rank intervals, outranking probabilities, Sobol indices (Saltelli 2010, Jansen 1999), one-at-a-time |
//! | [`chart`] / [`report`] | SVG charts (radar, attribute bars, comparison heat-table); HTML and Markdown reports |
//! | [`timeline`] | a community's assessments over the cycle: changes, gaps, progress compared; phase-aware remedies (who acts) and the seeds' citations |
//! | [`modes`] | 表2: the three modes' profiles |
//! | [`qca`] | Qualitative Comparative Analysis: calibration, truth tables, exact minimisation, necessity, robustness |
//! | [`cases`](mod@cases) | the reference cases A, B, C and the published 表1 |
//! | [`remedies`] | the built-in remedies, citing their seeds |
//! | [`schema`] | the JSON Schema of the assessment file |
//! | [`json`] | strict JSON reading: duplicate keys and excessive nesting refused |
//! | [`limits`] | the documented input limits (size, depth, string length, counts) and the capped problem lists |
//! | [`table`] | tables of assessments (CSV, rows of objects) in wide or long form: the one reader and writer |
//! | [`error`] | one error enum per area, [`Issue`] lists, the umbrella [`Error`] |
//! | [`text`] | rendering as plain text (CJK-aligned) or Markdown: 表1, 表2, scorecards, diagnoses, comparisons |
//! | [`ui`] | bilingual UI words (headers, headings) shared by every front end |
//!
//! See `docs/architecture.md` in the repository for how the bindings sit on this crate.

#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod agree;
pub mod assessment;
pub mod blend;
pub mod cases;
pub mod chart;
pub mod compare;
pub mod composite;
pub mod curve;
pub mod diagnose;
pub mod error;
pub mod export;
pub(crate) mod fastmath;
pub mod framework;
pub mod ids;
pub mod json;
pub mod lang;
pub mod limits;
pub mod modes;
pub(crate) mod par;
pub mod qca;
pub mod rating;
pub mod remedies;
pub mod report;
pub mod schema;
pub mod score;
pub mod summary;
pub mod table;
pub mod text;
pub mod timeline;
pub mod ui;
pub mod uncertainty;

pub use assessment::{Assessment, Date, ASSESSMENT_SCHEMA_VERSION};
pub use cases::{case, cases, PublishedRow, TABLE_1};
pub use compare::{compare, compare_with, Comparison, ComparisonRow, DimensionExtremes, RankEntry};
pub use diagnose::{
    diagnose, diagnose_in, diagnose_with, CaseDistance, Deficit, DeficitKind, Diagnosis,
    RemedyMatch,
};
pub use error::{
    AssessmentError, BatchError, ChartError, CompareError, Error, ErrorCode, ErrorKind,
    ErrorReport, FrameworkError, IdError, Issue, IssueCode, IssueReport, Issues, Msg, Path,
    PathSeg, Problem, ScoreError,
};
pub use framework::{
    AttributeDef, DimensionDef, Framework, FrameworkFormat, IndicatorDef, LevelDef, RemedyDef,
    FRAMEWORK_SCHEMA_VERSION, PAPER_FRAMEWORK_ID, SCHEMA_VERSION,
};
pub use ids::{Attribute, Dimension, Level, Mode, Phase};
pub use lang::{Labels, Lang, Text};
pub use modes::{modes_table, ModeProfile};
pub use rating::{rate, Answers, Evidence, Rating, RatingValue, RuleOutcome, Score};
pub use score::{
    score, score_with, AttributeScore, BatchOutput, BatchScores, Column, DimensionScore, Engine,
    Grade, Method, ScoreOptions, Scorecard, Unrated, ValueSource, BLOCK_ROWS,
};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
