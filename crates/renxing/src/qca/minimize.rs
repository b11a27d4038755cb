//! Exact Boolean minimisation of a truth table: conservative, parsimonious and intermediate
//! solutions (Ragin 1987, 2008; Ragin & Sonnett 2005; Dusa 2019, ch. 8; R QCA's `minimize`).

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::chart::{solve, Bits};
use super::data::QcaTable;
use super::error::{qpath, QcaError};
use super::implicant::{primes_dense, qmc, r_order, Imp};
use super::measures::{sufficiency, unique_coverages, SufficiencyFit};
use super::notation::write_implicant;
use super::truth_table::{decode, Memberships, OutputCode, TruthTable};

/// One literal: condition `condition` (index) at category `value` (binary: 1 = present,
/// 0 = negated `~`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct Literal {
    /// Condition index.
    pub condition: usize,
    /// Category.
    pub value: u8,
}

/// A directional expectation: a single literal ("DEV": the presence of DEV is expected to
/// contribute to the outcome) or a conjunction of literals (conjunctural expectation, "~LIT*IND").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DirectionalExpectation {
    /// The literals (at least one).
    pub literals: Vec<Literal>,
}

/// Options of [`minimize`]; defaults follow R QCA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct MinimizeOptions {
    /// Compute the conservative (complex) solution. Default true. R computes one solution per
    /// `minimize` call; turning this off times or lists the parsimonious solution alone (the
    /// intermediate solutions need both, so directional expectations then are an error).
    pub conservative: bool,
    /// Compute the parsimonious solution (remainders as don't-cares). Default true.
    pub parsimonious: bool,
    /// Treat contradictions "C" as don't-cares (R's `include = "C"`); otherwise they count as
    /// negative. Default false.
    pub include_contradictions: bool,
    /// Directional expectations for the intermediate solution (R's `dir.exp`); `None` (default)
    /// computes no intermediate solution; an empty list makes it equal the conservative one.
    pub directional_expectations: Option<Vec<DirectionalExpectation>>,
    /// At most this many minimal solutions are listed per chart (default 10,000); the solution
    /// set says `truncated` when the limit was hit.
    pub max_solutions: usize,
}

impl Default for MinimizeOptions {
    fn default() -> Self {
        MinimizeOptions {
            conservative: true,
            parsimonious: true,
            include_contradictions: false,
            directional_expectations: None,
            max_solutions: 10_000,
        }
    }
}

/// Which solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SolutionKind {
    /// Complex solution: positive rows only, no remainders.
    Conservative,
    /// All remainders as don't-cares.
    Parsimonious,
    /// Easy counterfactuals only (remainders consistent with the directional expectations).
    Intermediate,
}

/// A prime implicant of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PrimeImplicant {
    /// R's coding per condition: 0 = absent, `value + 1` = that category.
    pub coded: Vec<u8>,
    /// Its literals.
    pub literals: Vec<Literal>,
    /// QCA notation (`DEV*~IND`, multi-value `DEV{1}*IND{0}`).
    pub expression: String,
    /// The explained (positive) truth-table rows it covers.
    pub rows: Vec<u64>,
}

/// Parameters of fit of one term (prime implicant).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TermFit {
    /// Index into the solution set's `prime_implicants`.
    pub implicant: usize,
    /// The term in QCA notation.
    pub expression: String,
    /// Sufficiency inclusion (R's inclS).
    pub inclusion: Option<f64>,
    /// PRI.
    pub pri: Option<f64>,
    /// Raw coverage (R's covS).
    pub coverage: Option<f64>,
    /// Unique coverage within the disjunction it is reported in (R's covU); `None` when the term
    /// stands alone (R prints "-").
    pub unique_coverage: Option<f64>,
    /// The cases of the explained rows it covers, grouped by row (R prints "FI,IE; FR,SE").
    pub cases: Vec<Vec<String>>,
}

/// One minimal solution (model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Solution {
    /// Its terms: indices into `prime_implicants`, ascending.
    pub terms: Vec<usize>,
    /// QCA notation; with several models, essential terms first and the rest in parentheses, as
    /// R prints them.
    pub expression: String,
    /// Parameters of fit of the whole solution (the union of its terms).
    pub fit: SufficiencyFit,
    /// Parameters of fit of each term, unique coverage within this solution.
    pub term_fits: Vec<TermFit>,
    /// Remainders (row ids) this solution assumes positive (only with remainders included; `None`
    /// when the table has more than 2^22 configurations).
    pub simplifying_assumptions: Option<Vec<u64>>,
}

/// The solutions of one minimisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SolutionSet {
    /// Which solution.
    pub kind: SolutionKind,
    /// The outcome explained.
    pub outcome: String,
    /// Every prime implicant covering an explained row, in R's order.
    pub prime_implicants: Vec<PrimeImplicant>,
    /// All minimal solutions (R's M1, M2, …).
    pub solutions: Vec<Solution>,
    /// Implicants in every solution.
    pub essential: Vec<usize>,
    /// Every implicant used by some solution, with unique coverage relative to all of them (R's
    /// covU column when there are several models).
    pub terms: Vec<TermFit>,
    /// More than one minimal solution: model ambiguity.
    pub ambiguous: bool,
    /// The enumeration stopped at `max_solutions` (or the search's node limit).
    pub truncated: bool,
    /// The rows explained (coded 1).
    pub explained_rows: Vec<u64>,
}

/// An intermediate solution for one pair (conservative model, parsimonious model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IntermediateSolution {
    /// Index of the conservative model (R's "C1" is 0).
    pub conservative: usize,
    /// Index of the parsimonious model (R's "P1" is 0).
    pub parsimonious: usize,
    /// Easy counterfactuals: the parsimonious model's simplifying assumptions consistent with
    /// the directional expectations.
    pub easy_counterfactuals: Vec<u64>,
    /// Difficult counterfactuals: its other simplifying assumptions.
    pub difficult_counterfactuals: Vec<u64>,
    /// The solutions from the positive rows plus the easy counterfactuals.
    pub solutions: SolutionSet,
}

/// Everything [`minimize`] returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Minimization {
    /// The outcome explained.
    pub outcome: String,
    /// Condition names.
    pub conditions: Vec<String>,
    /// The options used.
    pub options: MinimizeOptions,
    /// The conservative (complex) solutions (if requested: `conservative`, the default).
    #[serde(default)]
    pub conservative: Option<SolutionSet>,
    /// The parsimonious solutions (if requested).
    pub parsimonious: Option<SolutionSet>,
    /// The intermediate solutions, one entry per (conservative, parsimonious) pair, if
    /// directional expectations were given.
    pub intermediate: Vec<IntermediateSolution>,
}

/// Largest number of configurations for which simplifying assumptions are listed.
const SA_LIMIT: u64 = 1 << 22;

struct Ctx<'a> {
    k: usize,
    levels: Vec<u8>,
    tt: &'a TruthTable,
    mem: Memberships<'a>,
    names: Vec<String>,
    explained: Vec<u64>,
    explained_bits: Vec<u128>,
    max_solutions: usize,
}

/// Minimises a truth table built from `table`.
///
/// * Conservative: Quine–McCluskey on the positive rows (plus contradictions if included).
/// * Parsimonious: every configuration not negative is a don't-care; primes by the dense search
///   (`super::implicant`).
/// * Intermediate: for each pair of a conservative and a parsimonious model, the easy
///   counterfactuals are found as R QCA's C routine `getEC` does (Ragin & Sonnett 2005): for every
///   conservative term contained in a parsimonious term, the literals it has beyond the
///   parsimonious term that contradict a simple directional expectation are dropped (with
///   conjunctural expectations R resets the term for each one and drops the literals of a
///   conjunction it does not wholly match — reproduced as is); the parsimonious model's
///   simplifying assumptions inside the reduced terms are the easy counterfactuals; the
///   positive rows plus them are minimised again.
///
/// Each chart is solved for all minimum-size covers (R's default, `all.sol = FALSE`).
pub fn minimize(
    table: &QcaTable,
    tt: &TruthTable,
    options: &MinimizeOptions,
) -> Result<Minimization, QcaError> {
    let infos = table.validate()?;
    if infos != tt.conditions {
        return Err(QcaError::InvalidOption {
            path: qpath!["truth_table", "conditions"],
            reason: "the truth table was not built from this table".into(),
        });
    }
    if !options.conservative && !options.parsimonious {
        return Err(QcaError::InvalidOption {
            path: qpath!["conservative"],
            reason: "neither the conservative nor the parsimonious solution is requested".into(),
        });
    }
    if !options.conservative && options.directional_expectations.is_some() {
        return Err(QcaError::InvalidOption {
            path: qpath!["directional_expectations"],
            reason:
                "the intermediate solutions need the conservative solution (conservative: false)"
                    .into(),
        });
    }
    if options.max_solutions == 0 {
        return Err(QcaError::InvalidOption {
            path: qpath!["max_solutions"],
            reason: "max_solutions must be at least 1".into(),
        });
    }
    let k = infos.len();
    let levels: Vec<u8> = infos.iter().map(|c| c.levels).collect();
    if let Some(des) = &options.directional_expectations {
        check_des(des, &levels)?;
    }
    let explained: Vec<u64> = tt
        .rows
        .iter()
        .filter(|r| r.outcome == OutputCode::Positive)
        .map(|r| r.id)
        .collect();
    if explained.is_empty() {
        return Err(QcaError::NothingToExplain);
    }
    let explained_bits = explained
        .iter()
        .map(|&id| Imp::minterm(&decode(&levels, id)).bits)
        .collect();
    let ctx = Ctx {
        k,
        levels: levels.clone(),
        tt,
        mem: Memberships::new(table, &infos, tt.options.negate_outcome),
        names: table.conditions.clone(),
        explained,
        explained_bits,
        max_solutions: options.max_solutions,
    };
    let incl_c = options.include_contradictions;

    // conservative
    let conservative = if options.conservative {
        let cons_rows: Vec<Imp> = tt
            .rows
            .iter()
            .filter(|r| {
                r.outcome == OutputCode::Positive
                    || (incl_c && r.outcome == OutputCode::Contradiction)
            })
            .map(|r| Imp::minterm(&r.values))
            .collect();
        let cons_primes = qmc(&cons_rows, &levels);
        Some(ctx.solution_set(SolutionKind::Conservative, cons_primes, false)?)
    } else {
        None
    };

    let mut parsimonious = None;
    let mut intermediate = Vec::new();
    if options.parsimonious {
        let n_conf = tt.n_configurations as usize;
        let mut negative = vec![false; n_conf];
        let mut positive = vec![false; n_conf];
        for r in &tt.rows {
            let i = (r.id - 1) as usize;
            match r.outcome {
                OutputCode::Negative => negative[i] = true,
                OutputCode::Contradiction if !incl_c => negative[i] = true,
                OutputCode::Positive => positive[i] = true,
                _ => {}
            }
        }
        let primes = primes_dense(&levels, &negative, &positive)?;
        let pars = ctx.solution_set(SolutionKind::Parsimonious, primes, true)?;
        if let (Some(des), Some(cons)) = (&options.directional_expectations, &conservative) {
            intermediate = ctx.intermediate(cons, &pars, des)?;
        }
        parsimonious = Some(pars);
    }
    Ok(Minimization {
        outcome: tt.outcome.clone(),
        conditions: table.conditions.clone(),
        options: options.clone(),
        conservative,
        parsimonious,
        intermediate,
    })
}

fn check_des(des: &[DirectionalExpectation], levels: &[u8]) -> Result<(), QcaError> {
    for (d, de) in des.iter().enumerate() {
        if de.literals.is_empty() {
            return Err(QcaError::Empty {
                path: qpath!["directional_expectations", d, "literals"],
            });
        }
        for (l, lit) in de.literals.iter().enumerate() {
            match levels.get(lit.condition) {
                None => {
                    return Err(QcaError::Unknown {
                        path: qpath!["directional_expectations", d, "literals", l, "condition"],
                        name: lit.condition.to_string(),
                    })
                }
                Some(&lv) if lit.value >= lv => {
                    return Err(QcaError::Unknown {
                        path: qpath!["directional_expectations", d, "literals", l, "value"],
                        name: lit.value.to_string(),
                    })
                }
                _ => {}
            }
        }
    }
    Ok(())
}

impl Ctx<'_> {
    fn solution_set(
        &self,
        kind: SolutionKind,
        primes: Vec<Imp>,
        with_sa: bool,
    ) -> Result<SolutionSet, QcaError> {
        let k = self.k;
        let mut primes = primes;
        primes.sort_unstable();
        // keep implicants covering at least one explained row (R's "notempty")
        let ncols = self.explained.len();
        let mut kept: Vec<(Imp, Bits)> = Vec::new();
        for imp in primes {
            let mut b = Bits::new(ncols);
            for (c, &mb) in self.explained_bits.iter().enumerate() {
                if imp.covers(mb) {
                    b.set(c);
                }
            }
            if !b.is_empty() {
                kept.push((imp, b));
            }
        }
        let coded: Vec<Vec<u8>> = kept.iter().map(|(i, _)| i.coded(k)).collect();
        let order = r_order(&coded, k);
        let kept: Vec<(Imp, Bits)> = order.iter().map(|&i| kept[i].clone()).collect();
        let cover: Vec<Bits> = kept.iter().map(|(_, b)| b.clone()).collect();
        let sol = solve(&cover, ncols, self.max_solutions);
        if sol.covers.is_empty() {
            // only when the branch and bound hit its node limit before finding a cover
            return Err(QcaError::TooLarge {
                path: qpath!["prime_implicant_chart"],
                what: format!(
                    "the exact cover search of a chart with {} implicants and {} rows (nodes)",
                    kept.len(),
                    ncols
                ),
                size: super::chart::MAX_NODES,
                limit: super::chart::MAX_NODES,
            });
        }
        let pis: Vec<PrimeImplicant> = kept
            .iter()
            .map(|(imp, b)| {
                let coded = imp.coded(k);
                PrimeImplicant {
                    literals: coded
                        .iter()
                        .enumerate()
                        .filter(|(_, &c)| c > 0)
                        .map(|(j, &c)| Literal {
                            condition: j,
                            value: c - 1,
                        })
                        .collect(),
                    expression: write_implicant(&coded, &self.names, &self.levels),
                    coded,
                    rows: b.ones().map(|c| self.explained[c]).collect(),
                }
            })
            .collect();
        let mut uses = vec![0usize; pis.len()];
        for cov in &sol.covers {
            for &p in cov {
                uses[p] += 1;
            }
        }
        let essential: Vec<usize> = (0..pis.len())
            .filter(|&p| uses[p] == sol.covers.len())
            .collect();
        let used: BTreeSet<usize> = (0..pis.len()).filter(|&p| uses[p] > 0).collect();
        // each used implicant's remainders, expanded once
        let sa_of: Vec<Option<Vec<u64>>> = (0..pis.len())
            .map(|p| {
                (with_sa && uses[p] > 0)
                    .then(|| self.simplifying_assumptions(std::iter::once(&pis[p].coded)))
                    .flatten()
            })
            .collect();
        let memb: Vec<Option<Vec<f64>>> = (0..pis.len())
            .map(|p| used.contains(&p).then(|| self.mem.conj_vec(&pis[p].coded)))
            .collect();
        let n = self.mem.table.n_cases();
        let ambiguous = sol.covers.len() > 1;
        // per implicant, once: its fit, its cases and its nonzero memberships in case order
        // (zeros add nothing to any sum below, so the sparse sums equal the dense ones bit for bit)
        let cached: Vec<Option<TermFit>> = (0..pis.len())
            .map(|p| {
                memb[p].as_ref().map(|col| {
                    self.term_fits(&[p], std::slice::from_ref(col), &pis)
                        .remove(0)
                })
            })
            .collect();
        let sparse: Vec<Vec<(usize, f64)>> = memb
            .iter()
            .map(|m| {
                m.as_ref().map_or_else(Vec::new, |col| {
                    col.iter()
                        .enumerate()
                        .filter(|(_, &v)| v != 0.0)
                        .map(|(i, &v)| (i, v))
                        .collect()
                })
            })
            .collect();
        let y = &self.mem.y;
        let sy: f64 = y.iter().sum();
        let mut union = vec![0.0f64; n];
        let mut top = vec![0.0f64; n];
        let mut second = vec![0.0f64; n];
        let mut arg = vec![usize::MAX; n];
        let mut solutions = Vec::with_capacity(sol.covers.len());
        for cov in &sol.covers {
            for &p in cov {
                for &(i, v) in &sparse[p] {
                    if v > union[i] {
                        union[i] = v;
                    }
                }
            }
            let fit = sufficiency(&union, y);
            union.fill(0.0);
            // unique coverage within this model (as `unique_coverages`, over each term's cases)
            for (u, &p) in cov.iter().enumerate() {
                for &(i, v) in &sparse[p] {
                    let m = v.min(y[i]);
                    if m > top[i] {
                        second[i] = top[i];
                        top[i] = m;
                        arg[i] = u;
                    } else if m > second[i] {
                        second[i] = m;
                    }
                }
            }
            let mut term_fits = Vec::with_capacity(cov.len());
            for (t, &p) in cov.iter().enumerate() {
                let mut tf = cached[p].clone().unwrap_or_else(|| TermFit {
                    implicant: p,
                    expression: pis[p].expression.clone(),
                    inclusion: None,
                    pri: None,
                    coverage: None,
                    unique_coverage: None,
                    cases: Vec::new(),
                });
                tf.unique_coverage = if cov.len() > 1 && sy != 0.0 {
                    let mut s_own = 0.0;
                    let mut s_overlap = 0.0;
                    for &(i, v) in &sparse[p] {
                        let own = v.min(y[i]);
                        let other = if arg[i] == t { second[i] } else { top[i] };
                        s_own += own;
                        s_overlap += if own < other { own } else { other };
                    }
                    let v = s_own / sy - s_overlap / sy;
                    Some(if v < 0.00001 { 0.0 } else { v })
                } else {
                    None
                };
                term_fits.push(tf);
            }
            for &p in cov {
                for &(i, _) in &sparse[p] {
                    top[i] = 0.0;
                    second[i] = 0.0;
                    arg[i] = usize::MAX;
                }
            }
            let expression = solution_expression(cov, &essential, &pis, ambiguous);
            let simplifying_assumptions = if with_sa && self.tt.n_configurations <= SA_LIMIT {
                let mut all: Vec<u64> = cov
                    .iter()
                    .filter_map(|&p| sa_of[p].as_ref())
                    .flatten()
                    .copied()
                    .collect();
                all.sort_unstable();
                all.dedup();
                Some(all)
            } else {
                None
            };
            solutions.push(Solution {
                terms: cov.clone(),
                expression,
                fit,
                term_fits,
                simplifying_assumptions,
            });
        }
        let used_v: Vec<usize> = used.iter().copied().collect();
        let cols: Vec<Vec<f64>> = used_v
            .iter()
            .map(|&p| memb[p].clone().unwrap_or_default())
            .collect();
        let terms = self.term_fits(&used_v, &cols, &pis);
        Ok(SolutionSet {
            kind,
            outcome: self.tt.outcome.clone(),
            prime_implicants: pis,
            solutions,
            essential,
            terms,
            ambiguous,
            truncated: sol.truncated,
            explained_rows: self.explained.clone(),
        })
    }

    fn term_fits(&self, idx: &[usize], cols: &[Vec<f64>], pis: &[PrimeImplicant]) -> Vec<TermFit> {
        let ucov = unique_coverages(cols, &self.mem.y);
        idx.iter()
            .zip(cols)
            .zip(ucov)
            .map(|((&p, col), u)| {
                let f = sufficiency(col, &self.mem.y);
                TermFit {
                    implicant: p,
                    expression: pis[p].expression.clone(),
                    inclusion: f.inclusion,
                    pri: f.pri,
                    coverage: f.coverage,
                    unique_coverage: if idx.len() > 1 { u } else { None },
                    cases: pis[p]
                        .rows
                        .iter()
                        .filter_map(|&id| self.tt.row(id))
                        .map(|r| r.cases.clone())
                        .filter(|c| !c.is_empty())
                        .collect(),
                }
            })
            .collect()
    }

    /// Rows covered by the implicants that are not explained rows (R: `minimize()$SA`).
    fn simplifying_assumptions<'b>(
        &self,
        coded: impl Iterator<Item = &'b Vec<u8>>,
    ) -> Option<Vec<u64>> {
        if self.tt.n_configurations > SA_LIMIT {
            return None;
        }
        let mut out = BTreeSet::new();
        for c in coded {
            for id in expand(c, &self.levels) {
                if self.explained.binary_search(&id).is_err() {
                    out.insert(id);
                }
            }
        }
        Some(out.into_iter().collect())
    }

    fn intermediate(
        &self,
        cons: &SolutionSet,
        pars: &SolutionSet,
        des: &[DirectionalExpectation],
    ) -> Result<Vec<IntermediateSolution>, QcaError> {
        let k = self.k;
        // R's dem matrix: one row per expectation, value + 1 where specified
        let dem: Vec<Vec<u8>> = des
            .iter()
            .map(|d| {
                let mut row = vec![0u8; k];
                for l in &d.literals {
                    row[l.condition] = l.value + 1;
                }
                row
            })
            .collect();
        let ide: Vec<&Vec<u8>> = dem
            .iter()
            .filter(|r| r.iter().filter(|&&v| v > 0).count() == 1)
            .collect();
        let cde: Vec<&Vec<u8>> = dem
            .iter()
            .filter(|r| r.iter().filter(|&&v| v > 0).count() > 1)
            .collect();
        let mut out = Vec::new();
        for (ci, csol) in cons.solutions.iter().enumerate() {
            for (pj, psol) in pars.solutions.iter().enumerate() {
                let sa = psol.simplifying_assumptions.clone().unwrap_or_default();
                let sa_vals: Vec<Vec<u8>> = sa.iter().map(|&id| decode(&self.levels, id)).collect();
                let mut ecs = vec![false; sa.len()];
                if !dem.is_empty() {
                    for &ct in &csol.terms {
                        let comp = &cons.prime_implicants[ct].coded;
                        for &pt in &psol.terms {
                            let pars_c = &pars.prime_implicants[pt].coded;
                            let subset = (0..k).all(|c| pars_c[c] == 0 || pars_c[c] == comp[c]);
                            if !subset {
                                continue;
                            }
                            let compgz: Vec<bool> =
                                (0..k).map(|c| comp[c] > 0 && pars_c[c] == 0).collect();
                            let mut res = comp.clone();
                            if !ide.is_empty() {
                                for c in 0..k {
                                    if !compgz[c] {
                                        continue;
                                    }
                                    let mut dontcare = true;
                                    let mut found = false;
                                    for r in &ide {
                                        if r[c] > 0 {
                                            dontcare = false;
                                            if r[c] == comp[c] {
                                                found = true;
                                            }
                                        }
                                    }
                                    if !dontcare && !found {
                                        res[c] = 0;
                                    }
                                }
                            }
                            for r in &cde {
                                // R resets the term for every conjunctural expectation
                                res = comp.clone();
                                let allcde = (0..k)
                                    .filter(|&c| compgz[c] && r[c] > 0)
                                    .all(|c| r[c] == comp[c]);
                                if !allcde {
                                    for c in 0..k {
                                        if compgz[c] && r[c] > 0 {
                                            res[c] = 0;
                                        }
                                    }
                                }
                            }
                            for (s, vals) in sa_vals.iter().enumerate() {
                                if !ecs[s] {
                                    ecs[s] = (0..k).all(|c| res[c] == 0 || vals[c] + 1 == res[c]);
                                }
                            }
                        }
                    }
                }
                let ec: Vec<u64> = sa
                    .iter()
                    .zip(&ecs)
                    .filter(|(_, &e)| e)
                    .map(|(&id, _)| id)
                    .collect();
                let dc: Vec<u64> = sa
                    .iter()
                    .zip(&ecs)
                    .filter(|(_, &e)| !e)
                    .map(|(&id, _)| id)
                    .collect();
                let mut rows: Vec<Imp> = self
                    .explained
                    .iter()
                    .map(|&id| Imp::minterm(&decode(&self.levels, id)))
                    .collect();
                rows.extend(ec.iter().map(|&id| Imp::minterm(&decode(&self.levels, id))));
                let primes = qmc(&rows, &self.levels);
                let set = self.solution_set(SolutionKind::Intermediate, primes, false)?;
                out.push(IntermediateSolution {
                    conservative: ci,
                    parsimonious: pj,
                    easy_counterfactuals: ec,
                    difficult_counterfactuals: dc,
                    solutions: set,
                });
            }
        }
        Ok(out)
    }
}

/// All row ids covered by an R-coded implicant.
fn expand(coded: &[u8], levels: &[u8]) -> Vec<u64> {
    let base = super::truth_table::mbase(levels);
    let mut ids = vec![0u64];
    for (j, &c) in coded.iter().enumerate() {
        if c > 0 {
            for id in ids.iter_mut() {
                *id += u64::from(c - 1) * base[j];
            }
        } else {
            let mut next = Vec::with_capacity(ids.len() * levels[j] as usize);
            for &id in &ids {
                for v in 0..u64::from(levels[j]) {
                    next.push(id + v * base[j]);
                }
            }
            ids = next;
        }
    }
    let mut out: Vec<u64> = ids.into_iter().map(|i| i + 1).collect();
    out.sort_unstable();
    out
}

fn solution_expression(
    cover: &[usize],
    essential: &[usize],
    pis: &[PrimeImplicant],
    ambiguous: bool,
) -> String {
    if ambiguous && !essential.is_empty() {
        let ess: Vec<&str> = cover
            .iter()
            .filter(|p| essential.contains(p))
            .map(|&p| pis[p].expression.as_str())
            .collect();
        let rest: Vec<&str> = cover
            .iter()
            .filter(|p| !essential.contains(p))
            .map(|&p| pis[p].expression.as_str())
            .collect();
        if rest.is_empty() {
            ess.join(" + ")
        } else {
            format!("{} + ({})", ess.join(" + "), rest.join(" + "))
        }
    } else {
        cover
            .iter()
            .map(|&p| pis[p].expression.as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

impl SolutionSet {
    /// The membership of every case in each solution's terms is not stored; this gives the
    /// expressions of all models, one per line, R style (`M1: A*~B + C`).
    pub fn models(&self) -> Vec<String> {
        self.solutions
            .iter()
            .enumerate()
            .map(|(i, s)| format!("M{}: {}", i + 1, s.expression))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_covers_the_cube() {
        // levels 2, 3: implicant "A{1}" covers rows with A = 1: ids 4, 5, 6
        assert_eq!(expand(&[2, 0], &[2, 3]), vec![4, 5, 6]);
        assert_eq!(expand(&[0, 3], &[2, 3]), vec![3, 6]);
    }
}
