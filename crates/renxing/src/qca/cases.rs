//! Assessments → a QCA case table: each dimension (or attribute) a condition, from its level or
//! score by a documented mapping the user can change; the outcome from the overall grade, a
//! dimension or attribute, or values the user supplies.
//!
//! Defaults (recorded in [`QcaCases::mapping`]):
//! * conditions: the framework's eight dimensions, named by their ids, labelled in zh and en;
//! * membership: **crisp**, 1 when the unit's level is the top level (`high`), else 0 — the paper
//!   counts a dimension as developed only at `high` (the two questions both answered yes);
//! * fuzzy, when asked with no levels given: the top level 1, the lowest 0, the levels between
//!   spread evenly up to 0.33 (three levels: low 0, medium 0.33, high 1 — Ragin's four-value
//!   scheme with `medium` "more out than in", consistent with the crisp default). The crossover
//!   0.5 is avoided on purpose: a case at exactly 0.5 belongs to no truth-table row (R QCA drops
//!   it with a warning). The membership is that of the unit's level as reported (its value
//!   rounded to the nearest level, ties downwards, as in 表1), so a `medium` attribute is never
//!   "more in than out"; to use the unrounded 0–100 score, choose `score` with a calibration;
//! * outcome: the overall grade, by the same membership mapping, named `resilience` (韧性).
//! * directional expectations for the intermediate solution: the presence of every condition
//!   (a developed dimension is expected to contribute to resilience, Peng & Tan 2022).

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::calibrate::{calibrate, Calibration};
use super::data::QcaTable;
use super::error::{qpath, QcaError};
use super::measures::SufficiencyFit;
use super::minimize::{DirectionalExpectation, Literal, Minimization, SolutionKind, SolutionSet};
use super::notation::{formula, relabel};
use crate::framework::Framework;
use crate::score::{Grade, Scorecard};

/// Which units of the framework become conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseUnits {
    /// Every dimension (the paper: eight).
    #[default]
    Dimensions,
    /// Every attribute, a split attribute as its separate readings (表1's columns).
    Attributes,
}

/// How a unit's grade becomes a membership score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseMembership {
    /// Crisp: 1 when the unit's level (its value rounded to the nearest level, ties downwards)
    /// is `at_least` or above, else 0.
    Crisp {
        /// The lowest level counted as present (default: the framework's top level).
        #[serde(default)]
        at_least: Option<String>,
    },
    /// Fuzzy: a membership per level id (default: see the module documentation), taken from the
    /// unit's level as reported (its value rounded to the nearest level, ties downwards).
    Fuzzy {
        /// Membership of each level id, in [0, 1] and not decreasing with the level.
        #[serde(default)]
        levels: Option<BTreeMap<String, f64>>,
    },
    /// The 0–100 score calibrated by any [`Calibration`] (e.g. the direct method with anchors).
    Score {
        /// The calibration of the score.
        calibration: Calibration,
    },
}

impl Default for CaseMembership {
    fn default() -> Self {
        CaseMembership::Crisp { at_least: None }
    }
}

/// Where the outcome comes from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseOutcome {
    /// The overall grade, by the conditions' membership mapping; named `resilience`.
    #[default]
    Overall,
    /// A dimension or attribute (a column key such as `connectivity.resident_connectivity` for a
    /// split reading), which is then left out of the conditions.
    Unit {
        /// Its id.
        id: String,
    },
    /// Values the user supplies, one per case in [0, 1] (e.g. "contained the outbreak within 14
    /// days").
    Values {
        /// The outcome's name.
        name: String,
        /// One membership per case, in the order of the cases.
        values: Vec<f64>,
    },
}

/// The mapping from assessments to cases; every default is written out in the result.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CaseMapping {
    /// Dimensions (default) or attributes.
    pub units: CaseUnits,
    /// Only these unit ids, in this order (default: all).
    pub conditions: Option<Vec<String>>,
    /// How a grade becomes a membership (default crisp, top level = 1).
    pub membership: CaseMembership,
    /// The outcome (default: the overall grade).
    pub outcome: CaseOutcome,
}

/// A condition's (or the outcome's) name and its labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QcaLabel {
    /// The name used in the table and in formulas.
    pub name: String,
    /// Chinese label.
    pub zh: String,
    /// English label.
    pub en: String,
}

/// Cases built from assessments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QcaCases {
    /// The case table (memberships; crisp 0/1 or fuzzy scores).
    pub table: QcaTable,
    /// The mapping used, defaults filled in.
    pub mapping: CaseMapping,
    /// The conditions' labels, in order.
    pub labels: Vec<QcaLabel>,
    /// The outcome's label.
    pub outcome_label: QcaLabel,
    /// The directional expectations used by default for the intermediate solution: the presence
    /// of every condition.
    pub directional_expectations: Vec<DirectionalExpectation>,
}

impl QcaCases {
    /// Condition and outcome names → labels in a language (`"zh"` or `"en"`).
    #[must_use]
    pub fn label_map(&self, lang: &str) -> HashMap<String, String> {
        self.labels
            .iter()
            .chain(std::iter::once(&self.outcome_label))
            .map(|l| {
                let t = if lang == "zh" { &l.zh } else { &l.en };
                (l.name.clone(), t.clone())
            })
            .collect()
    }
}

/// The default fuzzy membership of each level (see the module documentation).
#[must_use]
pub fn default_fuzzy_levels(framework: &Framework) -> BTreeMap<String, f64> {
    let k = framework.levels.len();
    framework
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let m = if i + 1 == k {
                1.0
            } else if k <= 2 {
                0.0
            } else {
                (0.33 * i as f64 / (k - 2) as f64 * 100.0).round() / 100.0
            };
            (l.id.clone(), m)
        })
        .collect()
}

struct Unit {
    key: String,
    zh: String,
    en: String,
}

fn units(framework: &Framework, units: CaseUnits) -> Vec<Unit> {
    match units {
        CaseUnits::Dimensions => framework
            .dimensions
            .iter()
            .map(|d| Unit {
                key: d.id.clone(),
                zh: d.labels.get("zh").to_owned(),
                en: d.labels.get("en").to_owned(),
            })
            .collect(),
        CaseUnits::Attributes => {
            let mut out = Vec::new();
            for a in &framework.attributes {
                if a.split {
                    for d in framework.dimensions_of(&a.id) {
                        out.push(Unit {
                            key: format!("{}.{}", a.id, d.id),
                            zh: format!("{}({})", a.labels.get("zh"), d.labels.get("zh")),
                            en: format!("{} ({})", a.labels.get("en"), d.labels.get("en")),
                        });
                    }
                } else {
                    out.push(Unit {
                        key: a.id.clone(),
                        zh: a.labels.get("zh").to_owned(),
                        en: a.labels.get("en").to_owned(),
                    });
                }
            }
            out
        }
    }
}

fn grade_of(card: &Scorecard, units: CaseUnits, key: &str) -> Option<Grade> {
    match units {
        CaseUnits::Dimensions => card.dimension(key).and_then(|d| d.grade.clone()),
        CaseUnits::Attributes => card
            .columns()
            .into_iter()
            .find(|c| c.key() == key)
            .and_then(|c| c.grade),
    }
}

enum Mapper {
    Crisp(u8),
    Fuzzy(Vec<f64>),
    Score(Calibration),
}

fn resolve(
    framework: &Framework,
    m: &CaseMembership,
) -> Result<(CaseMembership, Mapper), QcaError> {
    let k = framework.levels.len();
    match m {
        CaseMembership::Crisp { at_least } => {
            let id = at_least
                .clone()
                .or_else(|| framework.levels.last().map(|l| l.id.clone()))
                .unwrap_or_default();
            let code = framework.level_code(&id).ok_or_else(|| QcaError::Unknown {
                path: qpath!["mapping", "membership", "at_least"],
                name: id.clone(),
            })?;
            Ok((
                CaseMembership::Crisp { at_least: Some(id) },
                Mapper::Crisp(code),
            ))
        }
        CaseMembership::Fuzzy { levels } => {
            let map = levels
                .clone()
                .unwrap_or_else(|| default_fuzzy_levels(framework));
            for name in map.keys() {
                if framework.level_code(name).is_none() {
                    return Err(QcaError::Unknown {
                        path: qpath!["mapping", "membership", "levels", name.as_str()],
                        name: name.clone(),
                    });
                }
            }
            let mut by_code = Vec::with_capacity(k);
            for l in &framework.levels {
                let path = || qpath!["mapping", "membership", "levels", l.id.as_str()];
                let v = *map
                    .get(&l.id)
                    .ok_or_else(|| QcaError::Empty { path: path() })?;
                if !(0.0..=1.0).contains(&v) {
                    return Err(QcaError::OutOfRange {
                        path: path(),
                        value: v.to_string(),
                        min: 0.0,
                        max: 1.0,
                    });
                }
                if by_code.last().is_some_and(|&p: &f64| v < p) {
                    return Err(QcaError::InvalidOption {
                        path: path(),
                        reason: "memberships must not decrease with the level".into(),
                    });
                }
                by_code.push(v);
            }
            Ok((
                CaseMembership::Fuzzy { levels: Some(map) },
                Mapper::Fuzzy(by_code),
            ))
        }
        CaseMembership::Score { calibration } => Ok((
            CaseMembership::Score {
                calibration: calibration.clone(),
            },
            Mapper::Score(calibration.clone()),
        )),
    }
}

/// Builds the case table from scored assessments (`cards`, one per case, ids distinct).
///
/// ```
/// use renxing::qca::{cases_from_scorecards, CaseMapping};
/// use renxing::{cases, Engine, Framework, ScoreOptions};
/// let fw = Framework::paper();
/// let engine = Engine::new(fw, &ScoreOptions::default())?;
/// let cards: Vec<_> = cases::cases().iter().map(|a| engine.score(a)).collect::<Result<_, _>>()?;
/// let c = cases_from_scorecards(fw, &cards, &CaseMapping::default())?;
/// assert_eq!(c.table.conditions.len(), 8);
/// assert_eq!(c.table.outcome_values, vec![0.0, 0.0, 1.0]); // only C is high overall
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// An unknown unit or level id, a unit not rated in some case, outcome values of the wrong
/// number or out of [0, 1], a bad calibration.
pub fn cases_from_scorecards(
    framework: &Framework,
    cards: &[Scorecard],
    mapping: &CaseMapping,
) -> Result<QcaCases, QcaError> {
    if cards.is_empty() {
        return Err(QcaError::Empty {
            path: qpath!["assessments"],
        });
    }
    let all = units(framework, mapping.units);
    let chosen: Vec<&Unit> = match &mapping.conditions {
        None => all.iter().collect(),
        Some(ids) => {
            let mut v = Vec::with_capacity(ids.len());
            for (i, id) in ids.iter().enumerate() {
                v.push(
                    all.iter()
                        .find(|u| &u.key == id)
                        .ok_or_else(|| QcaError::Unknown {
                            path: qpath!["mapping", "conditions", i],
                            name: id.clone(),
                        })?,
                );
            }
            v
        }
    };
    let outcome_unit =
        match &mapping.outcome {
            CaseOutcome::Unit { id } => Some(all.iter().find(|u| &u.key == id).ok_or_else(
                || QcaError::Unknown {
                    path: qpath!["mapping", "outcome", "id"],
                    name: id.clone(),
                },
            )?),
            _ => None,
        };
    let chosen: Vec<&Unit> = chosen
        .into_iter()
        .filter(|u| outcome_unit.is_none_or(|o| o.key != u.key))
        .collect();
    if chosen.is_empty() {
        return Err(QcaError::Empty {
            path: qpath!["mapping", "conditions"],
        });
    }
    let (membership, mapper) = resolve(framework, &mapping.membership)?;
    let n = cards.len();
    let k = chosen.len();
    // raw grades: cases × (conditions + outcome)
    let grade = |i: usize, key: Option<&str>| -> Result<Grade, QcaError> {
        let card = &cards[i];
        let g = match key {
            Some(key) => grade_of(card, mapping.units, key),
            None => card.overall.clone(),
        };
        g.ok_or_else(|| QcaError::NotRated {
            path: qpath!["assessments", i, key.unwrap_or("overall")],
            case: card.assessment.clone(),
        })
    };
    let map_column = |grades: &[Grade], name: &str| -> Result<Vec<f64>, QcaError> {
        Ok(match &mapper {
            Mapper::Crisp(code) => grades
                .iter()
                .map(|g| f64::from(u8::from(g.code >= *code)))
                .collect(),
            Mapper::Fuzzy(by_code) => grades
                .iter()
                .map(|g| {
                    by_code
                        .get(usize::from(g.code.max(1)) - 1)
                        .copied()
                        .unwrap_or(0.0)
                })
                .collect(),
            Mapper::Score(cal) => {
                let scores: Vec<f64> = grades.iter().map(|g| g.score).collect();
                calibrate(&scores, cal)
                    .map_err(|e| match e {
                        QcaError::InvalidAnchors { reason, .. } => QcaError::InvalidAnchors {
                            path: qpath!["mapping", "membership", "calibration"],
                            reason: format!("{name}: {reason}"),
                        },
                        other => other,
                    })?
                    .values
            }
        })
    };
    let mut values = vec![0.0; n * k];
    for (j, u) in chosen.iter().enumerate() {
        let grades = (0..n)
            .map(|i| grade(i, Some(&u.key)))
            .collect::<Result<Vec<_>, _>>()?;
        for (i, v) in map_column(&grades, &u.key)?.into_iter().enumerate() {
            values[i * k + j] = v;
        }
    }
    let (outcome, outcome_values, outcome_label) = match &mapping.outcome {
        CaseOutcome::Overall => {
            let grades = (0..n)
                .map(|i| grade(i, None))
                .collect::<Result<Vec<_>, _>>()?;
            (
                "resilience".to_owned(),
                map_column(&grades, "resilience")?,
                QcaLabel {
                    name: "resilience".into(),
                    zh: "韧性".into(),
                    en: "resilience".into(),
                },
            )
        }
        CaseOutcome::Unit { id } => {
            let grades = (0..n)
                .map(|i| grade(i, Some(id)))
                .collect::<Result<Vec<_>, _>>()?;
            let u = outcome_unit.ok_or_else(|| QcaError::Unknown {
                path: qpath!["mapping", "outcome", "id"],
                name: id.clone(),
            })?;
            (
                id.clone(),
                map_column(&grades, id)?,
                QcaLabel {
                    name: id.clone(),
                    zh: u.zh.clone(),
                    en: u.en.clone(),
                },
            )
        }
        CaseOutcome::Values { name, values } => {
            if values.len() != n {
                return Err(QcaError::ShapeMismatch {
                    path: qpath!["mapping", "outcome", "values"],
                    expected: n,
                    found: values.len(),
                });
            }
            for (i, v) in values.iter().enumerate() {
                if !(0.0..=1.0).contains(v) {
                    return Err(QcaError::OutOfRange {
                        path: qpath!["mapping", "outcome", "values", i],
                        value: v.to_string(),
                        min: 0.0,
                        max: 1.0,
                    });
                }
            }
            (
                name.clone(),
                values.clone(),
                QcaLabel {
                    name: name.clone(),
                    zh: name.clone(),
                    en: name.clone(),
                },
            )
        }
    };
    let table = QcaTable {
        cases: cards.iter().map(|c| c.assessment.clone()).collect(),
        conditions: chosen.iter().map(|u| u.key.clone()).collect(),
        outcome,
        values,
        outcome_values,
    };
    table.validate()?;
    Ok(QcaCases {
        table,
        mapping: CaseMapping {
            units: mapping.units,
            conditions: Some(chosen.iter().map(|u| u.key.clone()).collect()),
            membership,
            outcome: mapping.outcome.clone(),
        },
        labels: chosen
            .iter()
            .map(|u| QcaLabel {
                name: u.key.clone(),
                zh: u.zh.clone(),
                en: u.en.clone(),
            })
            .collect(),
        outcome_label,
        directional_expectations: (0..k)
            .map(|j| DirectionalExpectation {
                literals: vec![Literal {
                    condition: j,
                    value: 1,
                }],
            })
            .collect(),
    })
}

/// One model (minimal solution) as a formula in R's notation and with the labels in zh and en.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LabelledModel {
    /// Which solution.
    pub kind: SolutionKind,
    /// For an intermediate solution, the (conservative, parsimonious) pair's index; else 0.
    pub pair: usize,
    /// The model's index (R's M1 is 0).
    pub model: usize,
    /// The formula in R's notation (`A*~B + C -> Y`).
    pub formula: String,
    /// With the Chinese labels (`志愿团队*~社会组织 -> 韧性`).
    pub zh: String,
    /// With the English labels.
    pub en: String,
    /// Consistency (inclusion), PRI and coverage of the model.
    pub fit: SufficiencyFit,
}

/// Every model of a minimisation (conservative, parsimonious, each intermediate pair) as
/// labelled formulas. `labels` name the conditions and the outcome (names without a label stay).
#[must_use]
pub fn labelled_models(m: &Minimization, labels: &[QcaLabel]) -> Vec<LabelledModel> {
    let zh: HashMap<String, String> = labels
        .iter()
        .map(|l| (l.name.clone(), l.zh.clone()))
        .collect();
    let en: HashMap<String, String> = labels
        .iter()
        .map(|l| (l.name.clone(), l.en.clone()))
        .collect();
    let mut sets: Vec<(usize, &SolutionSet)> = m.conservative.iter().map(|c| (0, c)).collect();
    sets.extend(m.parsimonious.iter().map(|p| (0, p)));
    sets.extend(
        m.intermediate
            .iter()
            .enumerate()
            .map(|(i, s)| (i, &s.solutions)),
    );
    let mut out = Vec::new();
    for (pair, set) in sets {
        for (i, s) in set.solutions.iter().enumerate() {
            let f = formula(&s.expression, &set.outcome);
            out.push(LabelledModel {
                kind: set.kind,
                pair,
                model: i,
                zh: relabel(&f, &zh),
                en: relabel(&f, &en),
                formula: f,
                fit: s.fit,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cases, Engine, ScoreOptions};

    fn cards() -> Vec<Scorecard> {
        let fw = Framework::paper();
        let e = Engine::new(fw, &ScoreOptions::default()).unwrap();
        cases::cases().iter().map(|a| e.score(a).unwrap()).collect()
    }

    #[test]
    fn default_fuzzy_levels_avoid_the_crossover() {
        let m = default_fuzzy_levels(Framework::paper());
        assert_eq!(m["low"], 0.0);
        assert_eq!(m["medium"], 0.33);
        assert_eq!(m["high"], 1.0);
    }

    #[test]
    fn paper_cases_crisp_by_hand() {
        // 表1 coding (seed 000): A is high only in resident connectivity; C's overall is high
        let c =
            cases_from_scorecards(Framework::paper(), &cards(), &CaseMapping::default()).unwrap();
        let t = &c.table;
        assert_eq!(t.cases, vec!["case-a", "case-b", "case-c"]);
        let j = t.condition_index("resident_connectivity").unwrap();
        assert_eq!(t.value(0, j), 1.0);
        let a_sum: f64 = (0..8).map(|j| t.value(0, j)).sum();
        assert_eq!(a_sum, 1.0);
        assert_eq!(
            Some(c.labels[j].zh.as_str()),
            Framework::paper().label("resident_connectivity", "zh")
        );
        assert_eq!(c.directional_expectations.len(), 8);
    }

    #[test]
    fn fuzzy_follows_the_reported_level_and_outcome_unit_is_removed() {
        let m = CaseMapping {
            units: CaseUnits::Attributes,
            membership: CaseMembership::Fuzzy { levels: None },
            outcome: CaseOutcome::Unit {
                id: "robustness".into(),
            },
            ..CaseMapping::default()
        };
        let c = cases_from_scorecards(Framework::paper(), &cards(), &m).unwrap();
        assert!(!c.table.conditions.contains(&"robustness".to_string()));
        // A's robustness is low (表1): membership 0
        assert_eq!(c.table.outcome_values[0], 0.0);
        // 表1: B's redundancy is medium (0.33), its government connectivity high (1)
        let t = &c.table;
        assert_eq!(t.value(1, t.condition_index("redundancy").unwrap()), 0.33);
        let g = t
            .condition_index("connectivity.government_connectivity")
            .unwrap();
        assert_eq!(t.value(1, g), 1.0);
    }

    #[test]
    fn bad_mapping_names_the_field() {
        let m = CaseMapping {
            membership: CaseMembership::Crisp {
                at_least: Some("huge".into()),
            },
            ..CaseMapping::default()
        };
        let e = cases_from_scorecards(Framework::paper(), &cards(), &m).unwrap_err();
        assert_eq!(e.path(), &qpath!["mapping", "membership", "at_least"][..]);
        let m = CaseMapping {
            outcome: CaseOutcome::Values {
                name: "contained".into(),
                values: vec![1.0],
            },
            ..CaseMapping::default()
        };
        let e = cases_from_scorecards(Framework::paper(), &cards(), &m).unwrap_err();
        assert!(matches!(
            e,
            QcaError::ShapeMismatch {
                expected: 3,
                found: 1,
                ..
            }
        ));
    }
}
