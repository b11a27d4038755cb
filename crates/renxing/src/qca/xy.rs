//! The data of an XY plot: each case's membership in a solution (or a term) against the outcome.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::QcaTable;
use super::error::{qpath, QcaError};
use super::measures::{sufficiency, SufficiencyFit};
use super::minimize::{Minimization, SolutionKind, SolutionSet};
use super::truth_table::Memberships;

/// Which solution (model) to plot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct XyChoice {
    /// The solution (default parsimonious).
    pub kind: SolutionKind,
    /// The model, 0-based (R's M1 is 0).
    pub model: usize,
    /// For the intermediate solution: which (conservative, parsimonious) pair, 0-based.
    pub pair: usize,
    /// Plot the negated outcome (`~Y`), as when the minimisation explained it.
    pub negate_outcome: bool,
}

impl Default for XyChoice {
    fn default() -> Self {
        XyChoice {
            kind: SolutionKind::Parsimonious,
            model: 0,
            pair: 0,
            negate_outcome: false,
        }
    }
}

/// The points of an XY plot and the fit they show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct XyData {
    /// The solution plotted.
    pub choice: XyChoice,
    /// Its expression (QCA notation).
    pub expression: String,
    /// The outcome's name (`~Y` when negated).
    pub outcome: String,
    /// Case ids.
    pub cases: Vec<String>,
    /// Membership of each case in the solution (the fuzzy union of its terms).
    pub x: Vec<f64>,
    /// Membership of each case in the outcome.
    pub y: Vec<f64>,
    /// Consistency (inclusion), PRI and coverage of sufficiency of x for y.
    pub fit: SufficiencyFit,
}

/// Picks a solution set of a minimisation.
///
/// # Errors
/// [`QcaError::InvalidOption`] when the solution was not computed (no conservative or
/// parsimonious run, no directional expectations) or the pair does not exist.
pub fn solution_set<'a>(
    m: &'a Minimization,
    choice: &XyChoice,
) -> Result<&'a SolutionSet, QcaError> {
    match choice.kind {
        SolutionKind::Conservative => {
            m.conservative
                .as_ref()
                .ok_or_else(|| QcaError::InvalidOption {
                    path: qpath!["kind"],
                    reason: "the conservative solution was not computed".into(),
                })
        }
        SolutionKind::Parsimonious => {
            m.parsimonious
                .as_ref()
                .ok_or_else(|| QcaError::InvalidOption {
                    path: qpath!["kind"],
                    reason: "the parsimonious solution was not computed".into(),
                })
        }
        _ => m
            .intermediate
            .get(choice.pair)
            .map(|i| &i.solutions)
            .ok_or_else(|| QcaError::InvalidOption {
                path: qpath!["pair"],
                reason: format!(
                    "there are {} intermediate solutions (directional expectations given?)",
                    m.intermediate.len()
                ),
            }),
    }
}

/// Each case's membership in a model of `set` (built from `table`) and in the outcome.
///
/// ```
/// use renxing::qca::{minimize, truth_table, xy_data, MinimizeOptions, QcaTable, TruthTableOptions, XyChoice};
/// let t = QcaTable::new(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec!["A".into()],
///     "Y",
///     vec![0.9, 0.2, 0.7],
///     vec![0.8, 0.1, 0.9],
/// )?;
/// let tt = truth_table(&t, &TruthTableOptions { incl_cut: 0.8, ..Default::default() })?;
/// let m = minimize(&t, &tt, &MinimizeOptions::default())?;
/// let xy = xy_data(&t, &m, &XyChoice::default())?;
/// assert_eq!(xy.x, vec![0.9, 0.2, 0.7]);
/// // consistency = Σmin(x,y)/Σx = (0.8 + 0.1 + 0.7) / 1.8
/// assert!((xy.fit.inclusion.unwrap() - 1.6 / 1.8).abs() < 1e-12);
/// # Ok::<(), renxing::qca::QcaError>(())
/// ```
///
/// # Errors
/// See [`solution_set`]; [`QcaError::InvalidOption`] for a model that does not exist.
pub fn xy_data(table: &QcaTable, m: &Minimization, choice: &XyChoice) -> Result<XyData, QcaError> {
    let infos = table.validate()?;
    let set = solution_set(m, choice)?;
    let model = set
        .solutions
        .get(choice.model)
        .ok_or_else(|| QcaError::InvalidOption {
            path: qpath!["model"],
            reason: format!("there are {} models", set.solutions.len()),
        })?;
    let mem = Memberships::new(table, &infos, choice.negate_outcome);
    let n = table.n_cases();
    let mut x = vec![0.0f64; n];
    for &t in &model.terms {
        if let Some(pi) = set.prime_implicants.get(t) {
            for (xi, v) in x.iter_mut().zip(mem.conj_vec(&pi.coded)) {
                *xi = xi.max(v);
            }
        }
    }
    let y = mem.y.clone();
    let fit = sufficiency(&x, &y);
    Ok(XyData {
        choice: choice.clone(),
        expression: model.expression.clone(),
        outcome: if choice.negate_outcome {
            format!("~{}", table.outcome)
        } else {
            table.outcome.clone()
        },
        cases: table.cases.clone(),
        x,
        y,
        fit,
    })
}
