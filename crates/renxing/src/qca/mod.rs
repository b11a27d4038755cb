//! Qualitative Comparative Analysis (QCA): the computational core.
//!
//! Crisp-set, multi-value and fuzzy-set QCA after Ragin (1987, 2008), with the conventions and
//! results of the R package QCA (Dusa 2019, *QCA with R*, Springer; package version 3.23):
//!
//! 1. [`QcaTable`]: cases × conditions plus an outcome, plain numbers.
//! 2. [`calibrate`] / [`calibrate_table`]: crisp thresholds (binary or multi-value), the direct
//!    method with three anchors (R's `idm = 0.95` or Ragin's ±3 log-odds, named in the report),
//!    and the indirect method (R's fractional-polynomial binomial logit, fitted by IRLS).
//! 3. [`truth_table`]: every observed configuration with its cases, n, inclusion, PRI, the outcome
//!    coded by `incl_cut` (and `incl_cut0` for contradictions), `n_cut`, `pri_cut`; the rest are
//!    logical remainders.
//! 4. [`minimize`]: exact minimisation — conservative, parsimonious and intermediate solutions,
//!    all minimal models of each prime-implicant chart, with inclusion, PRI, raw and unique
//!    coverage and the cases of each term.
//! 5. [`necessity`]: inclusion, RoN and coverage of each condition and of conjunctions and
//!    disjunctions (R's `superSubset`).
//! 6. [`robustness`]: the analysis over a grid of cut-offs and calibrations.
//! 7. [`notation`]: expressions, labels, the truth table as text or Markdown.
//! 8. [`cases_from_scorecards`]: assessments → cases by a documented mapping; [`xy_data`]: the
//!    points of an XY plot (drawn by `chart::qca_xy`).
//!
//! ```
//! use renxing::qca::{minimize, truth_table, MinimizeOptions, QcaTable, TruthTableOptions};
//!
//! // four cases, two crisp conditions; Y where A is present
//! let t = QcaTable::new(
//!     vec!["c1".into(), "c2".into(), "c3".into(), "c4".into()],
//!     vec!["A".into(), "B".into()],
//!     "Y",
//!     vec![1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
//!     vec![1.0, 1.0, 0.0, 0.0],
//! )?;
//! let tt = truth_table(&t, &TruthTableOptions::default())?;
//! let m = minimize(&t, &tt, &MinimizeOptions::default())?;
//! assert_eq!(m.conservative.as_ref().map(|c| c.solutions[0].expression.as_str()), Some("A"));
//! # Ok::<(), renxing::qca::QcaError>(())
//! ```

mod calibrate;
mod cases;
mod chart;
mod csv;
mod data;
mod error;
mod implicant;
mod measures;
mod minimize;
mod necessity;
pub mod notation;
mod robustness;
mod truth_table;
mod xy;

pub use calibrate::{
    calibrate, calibrate_table, Calibrated, CalibratedTable, Calibration, CalibrationReport,
    Direction, IndirectFit, LogisticConvention,
};
pub use cases::{
    cases_from_scorecards, default_fuzzy_levels, labelled_models, CaseMapping, CaseMembership,
    CaseOutcome, CaseUnits, LabelledModel, QcaCases, QcaLabel,
};
pub use csv::read_csv;
pub use data::{ConditionInfo, ConditionKind, QcaTable, MAX_CONDITIONS, MAX_LEVELS};
pub use error::{path_to_string, PathSeg, QcaError};
pub use implicant::DENSE_LIMIT;
pub use measures::{
    fuzzy_or, necessity_fit, sufficiency, unique_coverages, NecessityFit, SufficiencyFit,
};
pub use minimize::{
    minimize, DirectionalExpectation, IntermediateSolution, Literal, Minimization, MinimizeOptions,
    PrimeImplicant, Solution, SolutionKind, SolutionSet, TermFit,
};
pub use necessity::{necessity, Junction, NecessityOptions, NecessityResult, NecessityTerm};
pub use notation::{
    analysis_text, formula, parse_directional_expectations, relabel, solutions_text,
    solutions_text_in, truth_table_markdown, truth_table_text, truth_table_text_in,
    write_implicant,
};
pub use robustness::{
    robustness, CalibrationVariant, RobustnessReport, RobustnessRun, RobustnessSpec, TermSurvival,
};
pub use truth_table::{
    truth_table, OutcomeCounts, OutputCode, TruthTable, TruthTableOptions, TruthTableRow,
};
pub use xy::{solution_set, xy_data, XyChoice, XyData};

/// Remainders that two solution sets both assume (e.g. the parsimonious solutions of `Y` and of
/// `~Y`): contradictory simplifying assumptions (Yamasaki & Rihoux 2009). Row ids, ascending.
pub fn contradictory_simplifying_assumptions(a: &SolutionSet, b: &SolutionSet) -> Vec<u64> {
    let collect = |s: &SolutionSet| -> std::collections::BTreeSet<u64> {
        s.solutions
            .iter()
            .filter_map(|m| m.simplifying_assumptions.as_ref())
            .flatten()
            .copied()
            .collect()
    };
    let sa = collect(a);
    let sb = collect(b);
    sa.intersection(&sb).copied().collect()
}
