//! Comparison of several assessments: the side-by-side table (as 表1), the ranking by overall
//! score with ties explicit, the best and worst community per dimension.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, Date};
use crate::error::CompareError;
use crate::framework::Framework;
use crate::ids::{Mode, Phase};
use crate::score::{Engine, Method, ScoreOptions, Scorecard, TIE_EPSILON};

/// One community in a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComparisonRow {
    /// Assessment id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Mode.
    pub mode: Option<Mode>,
    /// Phase.
    pub phase: Option<Phase>,
    /// Date.
    pub date: Option<Date>,
    /// Its scores.
    pub scorecard: Scorecard,
}

/// A place in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RankEntry {
    /// Assessment id.
    pub id: String,
    /// Competition rank (1, 2, 2, 4 …); `None` when nothing is rated.
    pub rank: Option<usize>,
    /// Overall score.
    pub score: Option<f64>,
    /// Whether another community has the same score.
    pub tied: bool,
}

/// Best and worst communities on one dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DimensionExtremes {
    /// Dimension id.
    pub dimension: String,
    /// Ids with the highest value (several when tied; input order).
    pub best: Vec<String>,
    /// Ids with the lowest value.
    pub worst: Vec<String>,
    /// The highest score.
    pub best_score: Option<f64>,
    /// The lowest score.
    pub worst_score: Option<f64>,
}

/// The comparison of N assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    /// Framework id.
    pub framework: String,
    /// Method used.
    pub method: Method,
    /// One row per assessment, in input order.
    pub rows: Vec<ComparisonRow>,
    /// Ranking, best first; ties share a rank and keep input order.
    pub ranking: Vec<RankEntry>,
    /// Per dimension, in framework order.
    pub extremes: Vec<DimensionExtremes>,
}

impl Comparison {
    /// The rows in ranking order, each with its ranking entry; rows missing from the ranking (a
    /// comparison edited by hand) follow in input order with `None`. O(n log n).
    #[must_use]
    pub fn ranked_rows(&self) -> Vec<(&ComparisonRow, Option<&RankEntry>)> {
        let index: std::collections::HashMap<&str, usize> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut used = vec![false; self.rows.len()];
        let mut out = Vec::with_capacity(self.rows.len());
        for e in &self.ranking {
            if let Some(&i) = index.get(e.id.as_str()) {
                if !used[i] {
                    used[i] = true;
                    out.push((&self.rows[i], Some(e)));
                }
            }
        }
        out.extend(
            self.rows
                .iter()
                .zip(&used)
                .filter(|(_, u)| !**u)
                .map(|(r, _)| (r, None)),
        );
        out
    }
}

/// Compares assessments with the default options.
///
/// ```
/// use renxing::{cases, compare, Framework};
/// let cmp = compare(&cases(), Framework::paper()).unwrap();
/// let order: Vec<&str> = cmp.ranking.iter().map(|r| r.id.as_str()).collect();
/// assert_eq!(order, ["case-c", "case-b", "case-a"]);
/// ```
///
/// # Errors
/// [`CompareError`]: nothing given, a duplicate id, or an assessment that cannot be scored.
pub fn compare(
    assessments: &[Assessment],
    framework: &Framework,
) -> Result<Comparison, CompareError> {
    compare_with(assessments, framework, &ScoreOptions::default())
}

/// Compares assessments with options.
///
/// # Errors
/// As [`compare`]; a bad option is reported for the first assessment.
pub fn compare_with(
    assessments: &[Assessment],
    framework: &Framework,
    options: &ScoreOptions,
) -> Result<Comparison, CompareError> {
    if assessments.is_empty() {
        return Err(CompareError::Empty);
    }
    let mut seen = BTreeSet::new();
    for (index, a) in assessments.iter().enumerate() {
        if !seen.insert(a.id.as_str()) {
            return Err(CompareError::DuplicateId {
                index,
                id: a.id.clone(),
            });
        }
    }
    let engine = Engine::new(framework, options).map_err(|source| CompareError::Score {
        index: 0,
        id: assessments[0].id.clone(),
        source,
    })?;
    let mut rows = Vec::with_capacity(assessments.len());
    for (index, a) in assessments.iter().enumerate() {
        let scorecard = engine.score(a).map_err(|source| CompareError::Score {
            index,
            id: a.id.clone(),
            source,
        })?;
        rows.push(ComparisonRow {
            id: a.id.clone(),
            name: a.name.clone(),
            mode: a.mode,
            phase: a.phase,
            date: a.date,
            scorecard,
        });
    }
    let scores: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r.scorecard.overall.as_ref().map(|g| g.score))
        .collect();
    let eps = TIE_EPSILON * 100.0;
    let mut ranking: Vec<RankEntry> = rows
        .iter()
        .zip(&scores)
        .zip(competition_ranks(&scores, eps))
        .map(|((r, s), (rank, tied))| RankEntry {
            id: r.id.clone(),
            rank,
            score: *s,
            tied,
        })
        .collect();
    ranking.sort_by_key(|e| e.rank.unwrap_or(usize::MAX));

    let extremes = framework
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let vals: Vec<(&str, f64)> = rows
                .iter()
                .filter_map(|r| {
                    let g = r.scorecard.dimensions[i].grade.as_ref()?;
                    Some((r.id.as_str(), g.score))
                })
                .collect();
            let max = vals.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
            let min = vals.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
            let same = |a: f64, b: f64| (a - b).abs() <= eps;
            let pick = |t: f64| {
                vals.iter()
                    .filter(|v| same(v.1, t))
                    .map(|v| v.0.to_owned())
                    .collect::<Vec<_>>()
            };
            DimensionExtremes {
                dimension: d.id.clone(),
                best: if vals.is_empty() {
                    Vec::new()
                } else {
                    pick(max)
                },
                worst: if vals.is_empty() {
                    Vec::new()
                } else {
                    pick(min)
                },
                best_score: (!vals.is_empty()).then_some(max),
                worst_score: (!vals.is_empty()).then_some(min),
            }
        })
        .collect();

    Ok(Comparison {
        framework: framework.id.clone(),
        method: options.method,
        rows,
        ranking,
        extremes,
    })
}

/// Competition ranks ("1224", highest first) with ties within `eps`, and whether each score ties
/// another; `None` scores are unranked. O(n log n): with the scores sorted high to low, "higher by
/// more than `eps`" holds for a prefix and "ties" for a contiguous block, so both counts are binary
/// searches with the same predicates as the pairwise definition.
fn competition_ranks(scores: &[Option<f64>], eps: f64) -> Vec<(Option<usize>, bool)> {
    let mut sorted: Vec<f64> = scores.iter().flatten().copied().collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    scores
        .iter()
        .map(|s| match s {
            Some(s) => {
                let higher = sorted.partition_point(|o| o - s > eps);
                let not_lower = sorted.partition_point(|o| s - o <= eps);
                (Some(1 + higher), not_lower - higher > 1)
            }
            None => (None, false),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(scores: &[Option<f64>], eps: f64) -> Vec<(Option<usize>, bool)> {
        let same = |a: f64, b: f64| (a - b).abs() <= eps;
        scores
            .iter()
            .map(|s| match s {
                Some(s) => {
                    let all = scores.iter().flatten();
                    let rank = 1 + all.clone().filter(|o| **o > *s && !same(**o, *s)).count();
                    (Some(rank), all.filter(|o| same(**o, *s)).count() > 1)
                }
                None => (None, false),
            })
            .collect()
    }

    proptest! {
        #[test]
        fn sorted_ranks_equal_the_pairwise_definition(
            raw in prop::collection::vec(prop::option::of(0u32..400), 0..60),
        ) {
            // Scores on a grid of 0.25 with tiny offsets, so that ties and near-ties are common.
            let scores: Vec<Option<f64>> = raw
                .iter()
                .map(|v| v.map(|v| f64::from(v / 4) * 0.25 + f64::from(v % 4) * 2e-8))
                .collect();
            let eps = TIE_EPSILON * 100.0;
            prop_assert_eq!(competition_ranks(&scores, eps), naive(&scores, eps));
        }
    }
}
