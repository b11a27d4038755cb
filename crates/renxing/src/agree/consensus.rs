//! Consensus: one value per unit from several coders, by a named rule, with contested units
//! flagged.
//!
//! Values are ordered low → high (codes `1..=levels`, the lowest first); "conservative" means
//! the lower value.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::ReliabilityData;
use super::disagree::{coder_value, unit_range, CoderValue};
use super::error::{check_option, AgreeError, Expected, Seg};

/// How mode ties are broken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TieRule {
    /// The lowest of the tied values (conservative; the default).
    #[default]
    Lower,
    /// The highest of the tied values.
    Higher,
    /// An error ([`AgreeError::ModeTie`]) naming the unit.
    Error,
}

/// The consensus rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConsensusRule {
    /// The median value; with an even number of values the lower of the two middle ones
    /// (conservative, and always a value some coder gave).
    Median,
    /// The most frequent value, ties broken by `ties`.
    Mode {
        /// The tie rule.
        #[serde(default)]
        ties: TieRule,
    },
    /// The lowest value (the most conservative).
    Minimum,
    /// The named coder's value (an error for a unit that coder did not code).
    Adjudicator {
        /// The adjudicator.
        coder: String,
    },
}

/// Options of [`consensus`]. Default: median, `contested_above = 1` (a unit is contested when its
/// coders are more than one step apart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsensusOptions {
    /// The rule.
    pub rule: ConsensusRule,
    /// A unit is contested when its coders' max − min exceeds this (≥ 0).
    #[serde(default = "default_contested")]
    pub contested_above: f64,
}

fn default_contested() -> f64 {
    1.0
}

impl Default for ConsensusOptions {
    fn default() -> Self {
        ConsensusOptions {
            rule: ConsensusRule::Median,
            contested_above: default_contested(),
        }
    }
}

/// The consensus of one unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConsensusUnit {
    /// The unit.
    pub unit: String,
    /// Its group, if tagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The consensus value.
    pub value: f64,
    /// Its label, if the scale is labelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The lowest value given.
    pub min: f64,
    /// The highest value given.
    pub max: f64,
    /// max − min.
    pub spread: f64,
    /// Whether `spread > contested_above`.
    pub contested: bool,
    /// Every coding of the unit (coders who coded it, in coder order).
    pub codings: Vec<CoderValue>,
}

/// The consensus of every coded unit, with the rule used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Consensus {
    /// The rule used.
    pub rule: ConsensusRule,
    /// The contested threshold used.
    pub contested_above: f64,
    /// One entry per unit with a value, in unit order.
    pub units: Vec<ConsensusUnit>,
    /// How many units are contested.
    pub n_contested: usize,
    /// Units without any value (left out).
    pub uncoded_units: Vec<String>,
}

/// One value per unit by `options.rule`; every coding is kept; units whose coders' spread
/// exceeds `options.contested_above` are flagged.
///
/// ```
/// use renxing::agree::{consensus, Coding, ConsensusOptions, ConsensusRule, ReliabilityData, Scale, TieRule};
/// let data = ReliabilityData::from_codings(&Scale::levels(3), &[
///     Coding::new("c1", "a", 1u32), Coding::new("c1", "b", 3u32),
///     Coding::new("c2", "a", 2u32), Coding::new("c2", "b", 2u32), Coding::new("c2", "c", 3u32),
/// ])?;
/// let median = consensus(&data, &ConsensusOptions::default())?;
/// assert_eq!(median.units[0].value, 1.0); // median of (1, 3): the lower middle
/// assert!(median.units[0].contested); // 3 − 1 = 2 > 1
/// let mode = consensus(&data, &ConsensusOptions { rule: ConsensusRule::Mode { ties: TieRule::Higher }, contested_above: 1.0 })?;
/// assert_eq!((mode.units[0].value, mode.units[1].value), (3.0, 2.0));
/// # Ok::<(), renxing::agree::AgreeError>(())
/// ```
pub fn consensus(
    data: &ReliabilityData,
    options: &ConsensusOptions,
) -> Result<Consensus, AgreeError> {
    check_option(
        &["contested_above"],
        options.contested_above,
        Expected::NonNegativeNumber,
        options.contested_above >= 0.0,
    )?;
    let adjudicator = match &options.rule {
        ConsensusRule::Adjudicator { coder } => Some(
            data.coders()
                .iter()
                .position(|c| c == coder)
                .ok_or_else(|| AgreeError::UnknownCoder {
                    path: vec![Seg::from("rule"), Seg::from("coder")],
                    coder: coder.clone(),
                })?,
        ),
        _ => None,
    };
    let mut units = Vec::new();
    let mut uncoded = Vec::new();
    let mut values: Vec<f64> = Vec::with_capacity(data.n_coders());
    for u in 0..data.n_units() {
        let (n, lo, hi) = unit_range(data, u);
        if n == 0 {
            uncoded.push(data.unit(u));
            continue;
        }
        values.clear();
        values.extend((0..data.n_coders()).filter_map(|k| data.value(u, k)));
        values.sort_by(f64::total_cmp);
        let value = match &options.rule {
            ConsensusRule::Median => values[(values.len() - 1) / 2],
            ConsensusRule::Minimum => lo,
            ConsensusRule::Mode { ties } => mode(&values, *ties, &data.unit(u))?,
            ConsensusRule::Adjudicator { coder } => {
                match adjudicator.and_then(|k| data.value(u, k)) {
                    Some(v) => v,
                    None => {
                        return Err(AgreeError::AdjudicatorMissing {
                            unit: data.unit(u),
                            coder: coder.clone(),
                        })
                    }
                }
            }
        };
        let spread = hi - lo;
        units.push(ConsensusUnit {
            unit: data.unit(u),
            group: data.group(u).map(str::to_owned),
            value,
            label: data.scale().label_of(value).map(str::to_owned),
            min: lo,
            max: hi,
            spread,
            contested: spread > options.contested_above,
            codings: (0..data.n_coders())
                .filter(|&k| data.value(u, k).is_some())
                .map(|k| coder_value(data, u, k))
                .collect(),
        });
    }
    let n_contested = units.iter().filter(|u| u.contested).count();
    Ok(Consensus {
        rule: options.rule.clone(),
        contested_above: options.contested_above,
        units,
        n_contested,
        uncoded_units: uncoded,
    })
}

/// The mode of sorted values.
fn mode(sorted: &[f64], ties: TieRule, unit: &str) -> Result<f64, AgreeError> {
    // Runs of equal values, in increasing order.
    let mut best_count = 0usize;
    let mut tied: Vec<f64> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j] == sorted[i] {
            j += 1;
        }
        let count = j - i;
        if count > best_count {
            best_count = count;
            tied.clear();
            tied.push(sorted[i]);
        } else if count == best_count {
            tied.push(sorted[i]);
        }
        i = j;
    }
    match (tied.as_slice(), ties) {
        ([only], _) => Ok(*only),
        ([first, ..], TieRule::Lower) => Ok(*first),
        ([.., last], TieRule::Higher) => Ok(*last),
        _ => Err(AgreeError::ModeTie {
            unit: unit.to_owned(),
            values: tied,
        }),
    }
}
