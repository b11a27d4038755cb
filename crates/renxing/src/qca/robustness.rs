//! Robustness: rerun the analysis over a grid of cut-offs and calibrations and count how often
//! each solution term survives (in the spirit of Oana & Schneider 2021's robustness tests).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::calibrate::{calibrate_table, Calibration};
use super::data::QcaTable;
use super::error::{qpath, QcaError};
use super::minimize::{minimize, MinimizeOptions, SolutionKind};
use super::truth_table::{truth_table, TruthTableOptions};

/// One calibration variant of a raw table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CalibrationVariant {
    /// A name for the report.
    pub name: String,
    /// One calibration per condition (`None` keeps the column).
    pub conditions: Vec<Option<Calibration>>,
    /// The outcome's calibration (`None` keeps it).
    pub outcome: Option<Calibration>,
}

/// The grid to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RobustnessSpec {
    /// Inclusion cut-offs to try (empty: the base option only).
    pub incl_cuts: Vec<f64>,
    /// Frequency cut-offs to try (empty: the base option only).
    pub n_cuts: Vec<usize>,
    /// Calibration variants of the (raw) input (empty: the input is already calibrated).
    pub calibrations: Vec<CalibrationVariant>,
    /// Which solution's terms are counted.
    pub solution: SolutionKind,
    /// Base truth-table options (its incl_cut / n_cut are replaced by the grid's).
    pub truth_table: TruthTableOptions,
    /// Minimisation options.
    pub minimize: MinimizeOptions,
}

/// One run of the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RobustnessRun {
    /// Inclusion cut-off used.
    pub incl_cut: f64,
    /// Frequency cut-off used.
    pub n_cut: usize,
    /// Calibration variant used.
    pub calibration: Option<String>,
    /// The models found (QCA notation), empty if the run failed.
    pub models: Vec<String>,
    /// Why the run produced no solution (English), if it did not.
    pub error: Option<String>,
}

/// How often a term appeared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TermSurvival {
    /// The term.
    pub expression: String,
    /// Runs in which some model contains it.
    pub runs_in_some_model: usize,
    /// Runs in which every model contains it.
    pub runs_in_every_model: usize,
    /// `runs_in_some_model` / number of successful runs.
    pub share: f64,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RobustnessReport {
    /// The grid used.
    pub spec: RobustnessSpec,
    /// Every run.
    pub runs: Vec<RobustnessRun>,
    /// Runs that produced a solution.
    pub successful_runs: usize,
    /// Terms, most frequent first (ties by expression).
    pub terms: Vec<TermSurvival>,
}

/// Runs the grid (calibration × incl_cut × n_cut), in that nested order.
pub fn robustness(table: &QcaTable, spec: &RobustnessSpec) -> Result<RobustnessReport, QcaError> {
    if spec.minimize.directional_expectations.is_none()
        && spec.solution == SolutionKind::Intermediate
    {
        return Err(QcaError::InvalidOption {
            path: qpath!["solution"],
            reason: "the intermediate solution needs directional expectations".into(),
        });
    }
    let incl_cuts = if spec.incl_cuts.is_empty() {
        vec![spec.truth_table.incl_cut]
    } else {
        spec.incl_cuts.clone()
    };
    let n_cuts = if spec.n_cuts.is_empty() {
        vec![spec.truth_table.n_cut]
    } else {
        spec.n_cuts.clone()
    };
    let mut tables: Vec<(Option<String>, QcaTable)> = Vec::new();
    if spec.calibrations.is_empty() {
        tables.push((None, table.clone()));
    } else {
        for (v, var) in spec.calibrations.iter().enumerate() {
            let c = calibrate_table(table, &var.conditions, var.outcome.as_ref()).map_err(|e| {
                QcaError::InvalidOption {
                    path: qpath!["calibrations", v],
                    reason: e.to_string(),
                }
            })?;
            tables.push((Some(var.name.clone()), c.table));
        }
    }
    let mut runs = Vec::new();
    let mut some: BTreeMap<String, usize> = BTreeMap::new();
    let mut every: BTreeMap<String, usize> = BTreeMap::new();
    let mut ok = 0usize;
    for (name, t) in &tables {
        for &ic in &incl_cuts {
            for &nc in &n_cuts {
                let mut tto = spec.truth_table.clone();
                tto.incl_cut = ic;
                tto.n_cut = nc;
                if let Some(ic0) = tto.incl_cut0 {
                    tto.incl_cut0 = Some(ic0.min(ic));
                }
                let res = truth_table(t, &tto).and_then(|tt| minimize(t, &tt, &spec.minimize));
                let mut run = RobustnessRun {
                    incl_cut: ic,
                    n_cut: nc,
                    calibration: name.clone(),
                    models: Vec::new(),
                    error: None,
                };
                match res {
                    Err(e) => run.error = Some(e.to_string()),
                    Ok(m) => {
                        let sets: Vec<&super::minimize::SolutionSet> = match spec.solution {
                            SolutionKind::Conservative => m.conservative.iter().collect(),
                            SolutionKind::Parsimonious => m.parsimonious.iter().collect(),
                            _ => m.intermediate.iter().map(|i| &i.solutions).collect(),
                        };
                        let mut model_terms: Vec<Vec<String>> = Vec::new();
                        for s in sets {
                            for sol in &s.solutions {
                                run.models.push(sol.expression.clone());
                                model_terms.push(
                                    sol.terms
                                        .iter()
                                        .map(|&p| s.prime_implicants[p].expression.clone())
                                        .collect(),
                                );
                            }
                        }
                        if model_terms.is_empty() {
                            run.error = Some("no solution of the requested kind".into());
                        } else {
                            ok += 1;
                            let mut all: Vec<String> =
                                model_terms.iter().flatten().cloned().collect();
                            all.sort();
                            all.dedup();
                            for t in all {
                                *some.entry(t.clone()).or_insert(0) += 1;
                                if model_terms.iter().all(|m| m.contains(&t)) {
                                    *every.entry(t).or_insert(0) += 1;
                                }
                            }
                        }
                    }
                }
                runs.push(run);
            }
        }
    }
    let mut terms: Vec<TermSurvival> = some
        .into_iter()
        .map(|(expression, n)| TermSurvival {
            runs_in_every_model: every.get(&expression).copied().unwrap_or(0),
            share: if ok == 0 { 0.0 } else { n as f64 / ok as f64 },
            runs_in_some_model: n,
            expression,
        })
        .collect();
    terms.sort_by(|a, b| {
        b.runs_in_some_model
            .cmp(&a.runs_in_some_model)
            .then_with(|| a.expression.cmp(&b.expression))
    });
    Ok(RobustnessReport {
        spec: spec.clone(),
        runs,
        successful_runs: ok,
        terms,
    })
}
