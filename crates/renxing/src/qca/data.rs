//! The input table: cases × conditions plus an outcome, and how each condition is read.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::{finite, qpath, QcaError};

/// Largest number of conditions a table may have (R's `truthTable` stops at 25 as well; the
/// packed implicant code holds 32).
pub const MAX_CONDITIONS: usize = 25;
/// Largest number of categories of one multi-value condition.
pub const MAX_LEVELS: usize = 15;

/// A plain table of calibrated (or raw, before `super::calibrate_table`) data: one row per case,
/// one column per condition, and an outcome column.
///
/// `values` is row-major: the value of case `i` for condition `j` is `values[i * conditions.len() + j]`.
/// After calibration, a condition column holds either fuzzy scores in [0, 1] (any non-integer value
/// makes the column fuzzy) or crisp categories 0, 1, 2, … (binary crisp: 0/1; multi-value: 0..L-1).
/// The outcome holds scores in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QcaTable {
    /// Case identifiers (unique).
    pub cases: Vec<String>,
    /// Condition names (unique, not equal to the outcome's).
    pub conditions: Vec<String>,
    /// The outcome's name.
    pub outcome: String,
    /// Row-major cases × conditions values.
    pub values: Vec<f64>,
    /// One outcome value per case.
    pub outcome_values: Vec<f64>,
}

/// How a condition's column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConditionKind {
    /// Crisp categories 0..levels-1 (binary when levels = 2, multi-value above).
    Crisp,
    /// Fuzzy membership scores in [0, 1].
    Fuzzy,
}

/// A condition's kind and number of levels (2 for fuzzy and binary crisp conditions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ConditionInfo {
    /// The condition's name.
    pub name: String,
    /// Crisp or fuzzy.
    pub kind: ConditionKind,
    /// Number of categories (the truth table's radix for this condition).
    pub levels: u8,
}

impl QcaTable {
    /// Builds a table and checks it (see [`QcaTable::validate`]).
    ///
    /// ```
    /// use renxing::qca::QcaTable;
    /// let t = QcaTable::new(
    ///     vec!["a".into(), "b".into()],
    ///     vec!["X".into()],
    ///     "Y",
    ///     vec![1.0, 0.0],
    ///     vec![1.0, 0.0],
    /// )?;
    /// assert_eq!(t.value(0, 0), 1.0);
    /// # Ok::<(), renxing::qca::QcaError>(())
    /// ```
    pub fn new(
        cases: Vec<String>,
        conditions: Vec<String>,
        outcome: impl Into<String>,
        values: Vec<f64>,
        outcome_values: Vec<f64>,
    ) -> Result<Self, QcaError> {
        let t = QcaTable {
            cases,
            conditions,
            outcome: outcome.into(),
            values,
            outcome_values,
        };
        t.validate_shape()?;
        Ok(t)
    }

    /// Number of cases.
    pub fn n_cases(&self) -> usize {
        self.cases.len()
    }

    /// Number of conditions.
    pub fn n_conditions(&self) -> usize {
        self.conditions.len()
    }

    /// The value of case `i` for condition `j` (panics never: out-of-range indices give NaN).
    pub fn value(&self, i: usize, j: usize) -> f64 {
        self.values
            .get(i * self.conditions.len() + j)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The column of condition `j`.
    pub fn column(&self, j: usize) -> Vec<f64> {
        let k = self.conditions.len();
        (0..self.cases.len())
            .map(|i| self.values.get(i * k + j).copied().unwrap_or(f64::NAN))
            .collect()
    }

    /// Index of a condition by name.
    pub fn condition_index(&self, name: &str) -> Option<usize> {
        self.conditions.iter().position(|c| c == name)
    }

    /// Checks shapes, names and finiteness (not the value domains: see [`QcaTable::validate`]).
    pub fn validate_shape(&self) -> Result<(), QcaError> {
        if self.cases.is_empty() {
            return Err(QcaError::Empty {
                path: qpath!["cases"],
            });
        }
        if self.conditions.is_empty() {
            return Err(QcaError::Empty {
                path: qpath!["conditions"],
            });
        }
        if self.conditions.len() > MAX_CONDITIONS {
            return Err(QcaError::TooLarge {
                path: qpath!["conditions"],
                what: "the number of conditions".into(),
                size: self.conditions.len() as u64,
                limit: MAX_CONDITIONS as u64,
            });
        }
        // a set, not a scan of the cases before: 100,000 cases must not cost 5·10⁹ comparisons
        let mut seen = std::collections::HashSet::with_capacity(self.cases.len());
        for (i, c) in self.cases.iter().enumerate() {
            if !seen.insert(c.as_str()) {
                return Err(QcaError::Duplicate {
                    path: qpath!["cases", i],
                    name: c.clone(),
                });
            }
        }
        for (j, c) in self.conditions.iter().enumerate() {
            if c.is_empty() {
                return Err(QcaError::Empty {
                    path: qpath!["conditions", j],
                });
            }
            if self.conditions[..j].contains(c) || *c == self.outcome {
                return Err(QcaError::Duplicate {
                    path: qpath!["conditions", j],
                    name: c.clone(),
                });
            }
        }
        let n = self.cases.len();
        let k = self.conditions.len();
        if self.values.len() != n * k {
            return Err(QcaError::ShapeMismatch {
                path: qpath!["values"],
                expected: n * k,
                found: self.values.len(),
            });
        }
        if self.outcome_values.len() != n {
            return Err(QcaError::ShapeMismatch {
                path: qpath!["outcome_values"],
                expected: n,
                found: self.outcome_values.len(),
            });
        }
        for (idx, v) in self.values.iter().enumerate() {
            finite(*v, || qpath!["values", idx / k, idx % k])?;
        }
        for (i, v) in self.outcome_values.iter().enumerate() {
            finite(*v, || qpath!["outcome_values", i])?;
        }
        Ok(())
    }

    /// Checks the table for analysis and reads each condition's kind: a column with any
    /// non-integer value is fuzzy (all values must lie in [0, 1]); otherwise it is crisp with
    /// `max + 1` levels (values must be 0, 1, 2, …; at most [`MAX_LEVELS`]). The outcome must lie
    /// in [0, 1]. This is the rule of R QCA's `getInfo`.
    pub fn validate(&self) -> Result<Vec<ConditionInfo>, QcaError> {
        self.validate_shape()?;
        for (i, v) in self.outcome_values.iter().enumerate() {
            if !(0.0..=1.0).contains(v) {
                return Err(QcaError::OutOfRange {
                    path: qpath!["outcome_values", i],
                    value: v.to_string(),
                    min: 0.0,
                    max: 1.0,
                });
            }
        }
        let n = self.cases.len();
        let k = self.conditions.len();
        let mut infos = Vec::with_capacity(k);
        for j in 0..k {
            let mut fuzzy = false;
            let mut max = 0.0f64;
            for i in 0..n {
                let v = self.values[i * k + j];
                if v.fract() != 0.0 {
                    fuzzy = true;
                }
                if v > max {
                    max = v;
                }
            }
            if fuzzy {
                for i in 0..n {
                    let v = self.values[i * k + j];
                    if !(0.0..=1.0).contains(&v) {
                        return Err(QcaError::OutOfRange {
                            path: qpath!["values", i, j],
                            value: v.to_string(),
                            min: 0.0,
                            max: 1.0,
                        });
                    }
                }
                infos.push(ConditionInfo {
                    name: self.conditions[j].clone(),
                    kind: ConditionKind::Fuzzy,
                    levels: 2,
                });
            } else {
                for i in 0..n {
                    let v = self.values[i * k + j];
                    if v < 0.0 {
                        return Err(QcaError::NotACategory {
                            path: qpath!["values", i, j],
                            value: v.to_string(),
                        });
                    }
                    if v > MAX_LEVELS as f64 - 1.0 {
                        // a value out of range (1e308 is no category), named as given
                        return Err(QcaError::OutOfRange {
                            path: qpath!["values", i, j],
                            value: v.to_string(),
                            min: 0.0,
                            max: MAX_LEVELS as f64 - 1.0,
                        });
                    }
                }
                // a constant 0 column still has two levels (0 and 1), as in R
                let levels = ((max as usize) + 1).max(2) as u8;
                infos.push(ConditionInfo {
                    name: self.conditions[j].clone(),
                    kind: ConditionKind::Crisp,
                    levels,
                });
            }
        }
        Ok(infos)
    }

    /// A copy with the outcome negated (1 − y), named `~Y`.
    pub fn negated_outcome(&self) -> QcaTable {
        let mut t = self.clone();
        t.outcome_values.iter_mut().for_each(|y| *y = 1.0 - *y);
        t.outcome = if let Some(s) = self.outcome.strip_prefix('~') {
            s.to_owned()
        } else {
            format!("~{}", self.outcome)
        };
        t
    }
}

/// Membership of case value `x` in the literal "condition = `value`" (crisp: 1 if equal, else 0;
/// fuzzy: `x` for value 1 and `1 − x` for value 0).
#[inline]
pub(crate) fn literal_membership(kind: ConditionKind, x: f64, value: u8) -> f64 {
    match kind {
        ConditionKind::Fuzzy => {
            if value == 1 {
                x
            } else {
                1.0 - x
            }
        }
        ConditionKind::Crisp => {
            if x == f64::from(value) {
                1.0
            } else {
                0.0
            }
        }
    }
}
