//! Analysis of necessity: each condition (and its negation or categories), and conjunctions and
//! disjunctions found as R QCA's `superSubset` finds them (Dusa 2019, ch. 5).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::{literal_membership, QcaTable};
use super::error::{qpath, QcaError};
use super::measures::{necessity_fit, NecessityFit};
use super::minimize::Literal;

/// Options of [`necessity`]; defaults are R QCA's `superSubset` ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct NecessityOptions {
    /// Inclusion cut-off (default 1; R subtracts √ε before comparing).
    pub incl_cut: f64,
    /// Coverage cut-off (default 0).
    pub cov_cut: f64,
    /// Relevance (RoN) cut-off applied at the end (default 0).
    pub ron_cut: f64,
    /// Largest number of literals in a combination (R's `depth`; default `None` = all
    /// conditions, subject to R's stopping rule and a work limit of 10^9 membership operations).
    pub max_size: Option<usize>,
    /// Analyse the negated outcome (default false).
    pub negate_outcome: bool,
}

impl Default for NecessityOptions {
    fn default() -> Self {
        NecessityOptions {
            incl_cut: 1.0,
            cov_cut: 0.0,
            ron_cut: 0.0,
            max_size: None,
            negate_outcome: false,
        }
    }
}

/// How the literals of a necessity term are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Junction {
    /// A single literal.
    Literal,
    /// Conjunction (AND, minimum).
    Conjunction,
    /// Disjunction (OR, maximum).
    Disjunction,
}

/// One tested expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NecessityTerm {
    /// QCA notation (`LIT{1}*STB{1}`, `DEMOC+ETHFRACT+~GEOCON`).
    pub expression: String,
    /// How the literals are joined.
    pub junction: Junction,
    /// The literals.
    pub literals: Vec<Literal>,
    /// Necessity inclusion, RoN and coverage.
    pub fit: NecessityFit,
}

/// Result of [`necessity`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NecessityResult {
    /// The outcome analysed.
    pub outcome: String,
    /// The options used.
    pub options: NecessityOptions,
    /// Every single literal (each condition and its negation; each category of a multi-value
    /// condition), unfiltered, in condition order.
    pub literals: Vec<NecessityTerm>,
    /// Combinations passing the cut-offs (R's `superSubset`): conjunctions first, then
    /// non-redundant disjunctions (no previously found term's literals all within them).
    pub combinations: Vec<NecessityTerm>,
}

fn write(lits: &[Literal], names: &[String], mv: bool, sep: &str) -> String {
    lits.iter()
        .map(|l| {
            let n = &names[l.condition];
            if mv {
                format!("{n}{{{}}}", l.value)
            } else if l.value == 1 {
                n.clone()
            } else {
                format!("~{n}")
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// Necessity analysis of a calibrated table.
///
/// ```
/// use renxing::qca::{necessity, NecessityOptions, QcaTable};
/// let t = QcaTable::new(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec!["X".into(), "Z".into()],
///     "Y",
///     vec![1.0, 0.0, 1.0, 1.0, 0.0, 1.0],
///     vec![1.0, 1.0, 0.0],
/// )?;
/// let r = necessity(&t, &NecessityOptions::default())?;
/// assert_eq!(r.combinations[0].expression, "X"); // X is present wherever Y is
/// # Ok::<(), renxing::qca::QcaError>(())
/// ```
pub fn necessity(
    table: &QcaTable,
    options: &NecessityOptions,
) -> Result<NecessityResult, QcaError> {
    for (name, v) in [
        ("incl_cut", options.incl_cut),
        ("cov_cut", options.cov_cut),
        ("ron_cut", options.ron_cut),
    ] {
        if !v.is_finite() || !(0.0..=1.0).contains(&v) {
            return Err(QcaError::OutOfRange {
                path: qpath![name],
                value: v.to_string(),
                min: 0.0,
                max: 1.0,
            });
        }
    }
    let infos = table.validate()?;
    let k = infos.len();
    let n = table.n_cases();
    let levels: Vec<u8> = infos.iter().map(|c| c.levels).collect();
    let mv = levels.iter().any(|&l| l > 2);
    let names = &table.conditions;
    let y: Vec<f64> = if options.negate_outcome {
        table.outcome_values.iter().map(|v| 1.0 - v).collect()
    } else {
        table.outcome_values.clone()
    };
    let depth = options.max_size.unwrap_or(k).clamp(1, k);
    if options.max_size == Some(0) {
        return Err(QcaError::InvalidOption {
            path: qpath!["max_size"],
            reason: "max_size must be at least 1".into(),
        });
    }
    // work estimate: Σ_d C(k, d) · Π levels · n · d
    let mut work: f64 = 0.0;
    let maxl = f64::from(*levels.iter().max().unwrap_or(&2));
    let mut binom = 1.0f64;
    for d in 1..=depth {
        binom = binom * (k + 1 - d) as f64 / d as f64;
        work += binom * maxl.powi(d as i32) * n as f64 * d as f64;
    }
    if work > 1e9 {
        return Err(QcaError::TooLarge {
            path: qpath!["max_size"],
            what: "the search (membership operations)".into(),
            size: work as u64,
            limit: 1_000_000_000,
        });
    }
    // literal memberships: lit[(j * MAXL + v) * n + i]
    let maxv = 16usize;
    let mut lit = vec![0.0; k * maxv * n];
    #[allow(clippy::needless_range_loop)]
    for j in 0..k {
        for v in 0..levels[j] {
            for i in 0..n {
                lit[(j * maxv + v as usize) * n + i] =
                    literal_membership(infos[j].kind, table.values[i * k + j], v);
            }
        }
    }
    let col = |j: usize, v: u8| &lit[(j * maxv + v as usize) * n..(j * maxv + v as usize + 1) * n];

    let mut literals = Vec::new();
    for (j, &lv) in levels.iter().enumerate() {
        let order: Vec<u8> = if lv == 2 && !mv {
            vec![1, 0]
        } else {
            (0..lv).collect()
        };
        for v in order {
            let l = [Literal {
                condition: j,
                value: v,
            }];
            literals.push(NecessityTerm {
                expression: write(&l, names, mv, "*"),
                junction: Junction::Literal,
                literals: l.to_vec(),
                fit: necessity_fit(col(j, v), &y),
            });
        }
    }

    let eps = f64::EPSILON.sqrt();
    let incl_cut = options.incl_cut - eps;
    let cov_cut = if options.cov_cut > 0.0 {
        options.cov_cut - eps
    } else {
        options.cov_cut
    };
    let mut conj: Vec<NecessityTerm> = Vec::new();
    let mut disj: Vec<NecessityTerm> = Vec::new();
    let (mut prev_conj, mut prev_disj) = (0usize, 0usize);
    let mut foundk = 1usize;
    let mut minx = vec![0.0; n];
    let mut maxx = vec![0.0; n];
    let mut d = 1;
    while d <= depth && foundk > 0 {
        if (!conj.is_empty() || !disj.is_empty()) && d > 3 {
            foundk = 0;
        }
        let mut subset: Vec<usize> = (0..d).collect();
        loop {
            // every combination of categories, the last condition varying fastest
            let mut vals = vec![0u8; d];
            loop {
                minx.iter_mut().for_each(|m| *m = f64::INFINITY);
                maxx.iter_mut().for_each(|m| *m = 0.0);
                for (c, &j) in subset.iter().enumerate() {
                    for (i, &x) in col(j, vals[c]).iter().enumerate() {
                        if x < minx[i] {
                            minx[i] = x;
                        }
                        if x > maxx[i] {
                            maxx[i] = x;
                        }
                    }
                }
                let lits: Vec<Literal> = subset
                    .iter()
                    .zip(&vals)
                    .map(|(&j, &v)| Literal {
                        condition: j,
                        value: v,
                    })
                    .collect();
                let fc = necessity_fit(&minx, &y);
                let pass = |f: &NecessityFit| {
                    f.inclusion.unwrap_or(0.0) >= incl_cut && f.coverage.unwrap_or(0.0) >= cov_cut
                };
                let contains = |t: &NecessityTerm| t.literals.iter().all(|l| lits.contains(l));
                if pass(&fc) {
                    conj.push(NecessityTerm {
                        expression: write(&lits, names, mv, "*"),
                        junction: if d == 1 {
                            Junction::Literal
                        } else {
                            Junction::Conjunction
                        },
                        literals: lits,
                        fit: fc,
                    });
                    foundk += 1;
                } else {
                    let fd = necessity_fit(&maxx, &y);
                    let redundant = conj[..prev_conj].iter().any(contains)
                        || disj[..prev_disj].iter().any(contains);
                    if pass(&fd) && !redundant {
                        disj.push(NecessityTerm {
                            expression: write(&lits, names, mv, "+"),
                            junction: if d == 1 {
                                Junction::Literal
                            } else {
                                Junction::Disjunction
                            },
                            literals: lits,
                            fit: fd,
                        });
                        foundk += 1;
                    }
                }
                // next category combination
                let mut c = d;
                loop {
                    if c == 0 {
                        break;
                    }
                    c -= 1;
                    vals[c] += 1;
                    if vals[c] < levels[subset[c]] {
                        break;
                    }
                    vals[c] = 0;
                    if c == 0 {
                        c = usize::MAX;
                        break;
                    }
                }
                if c == usize::MAX {
                    break;
                }
            }
            // next subset of conditions (lexicographic)
            let mut i = d;
            let mut advanced = false;
            while i > 0 {
                i -= 1;
                if subset[i] < k - d + i {
                    subset[i] += 1;
                    for t in i + 1..d {
                        subset[t] = subset[t - 1] + 1;
                    }
                    advanced = true;
                    break;
                }
            }
            if !advanced {
                break;
            }
        }
        prev_conj = conj.len();
        prev_disj = disj.len();
        d += 1;
    }
    let mut combinations = conj;
    combinations.extend(disj);
    combinations.retain(|t| t.fit.relevance.unwrap_or(0.0) >= options.ron_cut);
    Ok(NecessityResult {
        outcome: if options.negate_outcome {
            format!("~{}", table.outcome)
        } else {
            table.outcome.clone()
        },
        options: options.clone(),
        literals,
        combinations,
    })
}
