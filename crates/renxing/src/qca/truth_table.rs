//! The truth table (Ragin 1987, 2008; R QCA's `truthTable`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::{literal_membership, ConditionInfo, ConditionKind, QcaTable};
use super::error::{qpath, QcaError};

/// Options of [`truth_table`]; the defaults are R QCA's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct TruthTableOptions {
    /// Inclusion cut-off for a positive row (R's `incl.cut`, first value; default 1).
    pub incl_cut: f64,
    /// Lower inclusion cut-off for contradictions (R's second `incl.cut` value `ic0`): a row with
    /// `incl_cut0 ≤ inclusion < incl_cut` is coded "C". Default `None` (R's `ic0 = 1`: none).
    pub incl_cut0: Option<f64>,
    /// Frequency cut-off: rows with fewer cases are remainders "?" (default 1).
    pub n_cut: usize,
    /// PRI cut-off: a row also needs `PRI ≥ pri_cut` to be positive (default 0).
    pub pri_cut: f64,
    /// Explain the negated outcome `~Y` (1 − y) instead of `Y` (default false).
    pub negate_outcome: bool,
}

impl Default for TruthTableOptions {
    fn default() -> Self {
        TruthTableOptions {
            incl_cut: 1.0,
            incl_cut0: None,
            n_cut: 1,
            pri_cut: 0.0,
            negate_outcome: false,
        }
    }
}

/// The outcome code of a truth-table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum OutputCode {
    /// Positive: inclusion ≥ `incl_cut` and PRI ≥ `pri_cut` ("1").
    #[serde(rename = "1")]
    Positive,
    /// Negative ("0").
    #[serde(rename = "0")]
    Negative,
    /// Contradiction: `incl_cut0 ≤ inclusion < incl_cut` ("C").
    #[serde(rename = "C")]
    Contradiction,
    /// Logical remainder: no (or fewer than `n_cut`) cases ("?").
    #[serde(rename = "?")]
    Remainder,
}

impl OutputCode {
    /// The code as R prints it: "1", "0", "C" or "?".
    pub fn as_str(self) -> &'static str {
        match self {
            OutputCode::Positive => "1",
            OutputCode::Negative => "0",
            OutputCode::Contradiction => "C",
            OutputCode::Remainder => "?",
        }
    }
}

/// One observed configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TruthTableRow {
    /// R's row number: `1 + Σ value_j · Π_{l>j} levels_l` (first condition most significant).
    pub id: u64,
    /// The configuration: one category per condition (fuzzy: 1 if membership > 0.5).
    pub values: Vec<u8>,
    /// The outcome code.
    pub outcome: OutputCode,
    /// Number of cases with membership > 0.5 in the row.
    pub n: usize,
    /// Sufficiency inclusion of the row for the outcome over all cases.
    pub inclusion: Option<f64>,
    /// PRI of the row.
    pub pri: Option<f64>,
    /// The cases in the row (membership > 0.5), in input order.
    pub cases: Vec<String>,
    /// Their indices in the input table.
    pub case_indices: Vec<usize>,
    /// Deviant cases consistency in kind: in the row (> 0.5) but out of the outcome (< 0.5).
    pub deviant_cases: Vec<String>,
    /// Coded "?" only because `n < n_cut` (R lists these as `removed`).
    pub below_n_cut: bool,
}

/// Case counts by outcome code, as R prints "n OUT = 1/0/C".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OutcomeCounts {
    /// Cases in rows coded 1.
    pub positive: usize,
    /// Cases in rows coded 0.
    pub negative: usize,
    /// Cases in rows coded C.
    pub contradiction: usize,
    /// Sum of the three.
    pub total: usize,
}

/// A truth table: its observed rows; every other configuration is a logical remainder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TruthTable {
    /// The conditions, their kinds and levels.
    pub conditions: Vec<ConditionInfo>,
    /// The outcome explained (`~Y` when negated).
    pub outcome: String,
    /// The options used.
    pub options: TruthTableOptions,
    /// Observed configurations (with at least one case in R's sense), sorted by `id`.
    pub rows: Vec<TruthTableRow>,
    /// Number of configurations `Π levels`.
    pub n_configurations: u64,
    /// Number of logical remainders (unobserved, or below `n_cut`).
    pub n_remainders: u64,
    /// Case counts by code.
    pub counts: OutcomeCounts,
    /// Cases with a fuzzy condition score of exactly 0.5: they are in no row (R warns).
    pub cases_at_half: Vec<String>,
}

/// Mixed-radix bases: `mbase[j] = Π_{l>j} levels[l]`.
pub(crate) fn mbase(levels: &[u8]) -> Vec<u64> {
    let k = levels.len();
    let mut b = vec![1u64; k];
    for j in (0..k.saturating_sub(1)).rev() {
        b[j] = b[j + 1] * u64::from(levels[j + 1]);
    }
    b
}

/// R's `agteb`: a ≥ b with a tolerance of √ε.
pub(crate) fn agteb(a: f64, b: f64) -> bool {
    a > b || (a - b).abs() <= f64::EPSILON.sqrt()
}

impl TruthTable {
    /// The levels of each condition.
    pub fn levels(&self) -> Vec<u8> {
        self.conditions.iter().map(|c| c.levels).collect()
    }

    /// The configuration of a row number (1-based id).
    pub fn decode(&self, id: u64) -> Vec<u8> {
        decode(&self.levels(), id)
    }

    /// The observed row with this id, if any.
    pub fn row(&self, id: u64) -> Option<&TruthTableRow> {
        self.rows
            .binary_search_by_key(&id, |r| r.id)
            .ok()
            .and_then(|i| self.rows.get(i))
    }

    /// The outcome code of any configuration (remainder if unobserved).
    pub fn code(&self, id: u64) -> OutputCode {
        self.row(id).map_or(OutputCode::Remainder, |r| r.outcome)
    }
}

/// The configuration of a 1-based row number.
pub(crate) fn decode(levels: &[u8], id: u64) -> Vec<u8> {
    let mut rest = id.saturating_sub(1);
    let mut out = vec![0u8; levels.len()];
    for j in (0..levels.len()).rev() {
        let l = u64::from(levels[j]);
        out[j] = (rest % l) as u8;
        rest /= l;
    }
    out
}

/// Validates truth-table options.
pub(crate) fn check_options(o: &TruthTableOptions) -> Result<(), QcaError> {
    let unit = |v: f64, name: &'static str| -> Result<(), QcaError> {
        if !v.is_finite() {
            return Err(QcaError::NonFinite {
                path: qpath![name],
                value: v.to_string(),
            });
        }
        if !(0.0..=1.0).contains(&v) {
            return Err(QcaError::OutOfRange {
                path: qpath![name],
                value: v.to_string(),
                min: 0.0,
                max: 1.0,
            });
        }
        Ok(())
    };
    unit(o.incl_cut, "incl_cut")?;
    unit(o.pri_cut, "pri_cut")?;
    if let Some(ic0) = o.incl_cut0 {
        unit(ic0, "incl_cut0")?;
        if ic0 > o.incl_cut {
            return Err(QcaError::InvalidOption {
                path: qpath!["incl_cut0"],
                reason: format!(
                    "incl_cut0 = {ic0} must not exceed incl_cut = {}",
                    o.incl_cut
                ),
            });
        }
    }
    if o.n_cut == 0 {
        return Err(QcaError::InvalidOption {
            path: qpath!["n_cut"],
            reason: "n_cut must be at least 1".into(),
        });
    }
    Ok(())
}

/// Per-case literal memberships: `lit[(i * k + j) * 2 + v]` for binary conditions; for crisp
/// conditions equality is tested directly.
pub(crate) struct Memberships<'a> {
    pub table: &'a QcaTable,
    pub kinds: Vec<ConditionKind>,
    pub y: Vec<f64>,
}

impl<'a> Memberships<'a> {
    pub(crate) fn new(table: &'a QcaTable, infos: &[ConditionInfo], negate: bool) -> Self {
        let y = if negate {
            table.outcome_values.iter().map(|v| 1.0 - v).collect()
        } else {
            table.outcome_values.clone()
        };
        Memberships {
            table,
            kinds: infos.iter().map(|c| c.kind).collect(),
            y,
        }
    }

    /// Membership of case `i` in the conjunction given by R-coded values (0 = absent, v + 1).
    #[inline]
    pub(crate) fn conj(&self, i: usize, coded: &[u8]) -> f64 {
        let k = self.kinds.len();
        let mut m = 1.0f64;
        for (j, &c) in coded.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let x = self.table.values[i * k + j];
            let v = literal_membership(self.kinds[j], x, c - 1);
            if v < m {
                m = v;
            }
        }
        m
    }

    /// Membership vector over all cases.
    pub(crate) fn conj_vec(&self, coded: &[u8]) -> Vec<f64> {
        (0..self.table.n_cases())
            .map(|i| self.conj(i, coded))
            .collect()
    }
}

/// Builds the truth table of a calibrated table.
///
/// Each case belongs to the configuration where its membership is > 0.5 (crisp: its categories;
/// fuzzy: 1 where the score is > 0.5). For every observed configuration, inclusion and PRI are
/// computed over all cases (R QCA's `truthTable`); the outcome is coded 1 if `n ≥ n_cut`,
/// inclusion ≥ `incl_cut` (with R's √ε tolerance) and PRI ≥ `pri_cut`; "C" if
/// `incl_cut0 ≤ inclusion < incl_cut`; "?" if `n < n_cut`; 0 otherwise.
///
/// ```
/// use renxing::qca::{truth_table, OutputCode, QcaTable, TruthTableOptions};
/// let t = QcaTable::new(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec!["X".into()],
///     "Y",
///     vec![1.0, 1.0, 0.0],
///     vec![1.0, 1.0, 0.0],
/// )?;
/// let tt = truth_table(&t, &TruthTableOptions::default())?;
/// assert_eq!(tt.rows.len(), 2);
/// assert_eq!(tt.rows[1].outcome, OutputCode::Positive);
/// assert_eq!(tt.rows[1].cases, vec!["a", "b"]);
/// # Ok::<(), renxing::qca::QcaError>(())
/// ```
pub fn truth_table(table: &QcaTable, options: &TruthTableOptions) -> Result<TruthTable, QcaError> {
    check_options(options)?;
    let infos = table.validate()?;
    let levels: Vec<u8> = infos.iter().map(|c| c.levels).collect();
    let base = mbase(&levels);
    let n_conf: u64 = levels.iter().map(|&l| u64::from(l)).product();
    let k = table.n_conditions();
    let n = table.n_cases();
    let mem = Memberships::new(table, &infos, options.negate_outcome);

    // each case's configuration (fuzzy: > 0.5 → 1; a score of 0.5 → 0, as R's line.data)
    let mut case_conf = Vec::with_capacity(n);
    let mut at_half = Vec::new();
    for i in 0..n {
        let mut id = 1u64;
        let mut half = false;
        for j in 0..k {
            let x = table.values[i * k + j];
            let v = match infos[j].kind {
                ConditionKind::Fuzzy => {
                    if x == 0.5 {
                        half = true;
                    }
                    u64::from(x > 0.5)
                }
                ConditionKind::Crisp => x as u64,
            };
            id += v * base[j];
        }
        if half {
            at_half.push(table.cases[i].clone());
        }
        case_conf.push(id);
    }
    let mut ids = case_conf.clone();
    ids.sort_unstable();
    ids.dedup();

    let ic0 = options.incl_cut0.unwrap_or(1.0);
    let mut rows = Vec::with_capacity(ids.len());
    let mut coded = vec![0u8; k];
    let mut counts = OutcomeCounts {
        positive: 0,
        negative: 0,
        contradiction: 0,
        total: 0,
    };
    let mut n_observed_coded = 0u64;
    for &id in &ids {
        let values = decode(&levels, id);
        for j in 0..k {
            coded[j] = values[j] + 1;
        }
        let mut sx = 0.0;
        let mut smin = 0.0;
        let mut sprin = 0.0;
        let mut members = Vec::new();
        let mut deviant = Vec::new();
        for i in 0..n {
            let m = mem.conj(i, &coded);
            let y = mem.y[i];
            sx += m;
            let t1 = if m < y { m } else { y };
            smin += t1;
            let t2 = 1.0 - y;
            sprin += if t1 < t2 { t1 } else { t2 };
            if m > 0.5 {
                members.push(i);
                if y < 0.5 {
                    deviant.push(table.cases[i].clone());
                }
            }
        }
        let inclusion = if sx == 0.0 { None } else { Some(smin / sx) };
        let pri = if sx - sprin == 0.0 {
            None
        } else {
            Some((smin - sprin) / (sx - sprin))
        };
        let cnt = members.len();
        let below = cnt < options.n_cut;
        let outcome = if below {
            OutputCode::Remainder
        } else {
            let incl = inclusion.unwrap_or(f64::NAN);
            let p = pri.unwrap_or(f64::NAN);
            let mut code = if agteb(incl, options.incl_cut) && agteb(p, options.pri_cut) {
                OutputCode::Positive
            } else {
                OutputCode::Negative
            };
            if incl < options.incl_cut && agteb(incl, ic0) {
                code = OutputCode::Contradiction;
            }
            code
        };
        match outcome {
            OutputCode::Positive => counts.positive += cnt,
            OutputCode::Negative => counts.negative += cnt,
            OutputCode::Contradiction => counts.contradiction += cnt,
            OutputCode::Remainder => {}
        }
        if outcome != OutputCode::Remainder {
            n_observed_coded += 1;
        }
        rows.push(TruthTableRow {
            id,
            values,
            outcome,
            n: cnt,
            inclusion,
            pri,
            cases: members.iter().map(|&i| table.cases[i].clone()).collect(),
            case_indices: members,
            deviant_cases: deviant,
            below_n_cut: below,
        });
    }
    if n_observed_coded == 0 {
        return Err(QcaError::NoConfigurations {
            n_cut: options.n_cut,
        });
    }
    counts.total = counts.positive + counts.negative + counts.contradiction;
    Ok(TruthTable {
        conditions: infos,
        outcome: if options.negate_outcome {
            format!("~{}", table.outcome)
        } else {
            table.outcome.clone()
        },
        options: options.clone(),
        rows,
        n_configurations: n_conf,
        n_remainders: n_conf - n_observed_coded,
        counts,
        cases_at_half: at_half,
    })
}
