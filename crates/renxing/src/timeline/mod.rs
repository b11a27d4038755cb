//! Timelines: a community's assessments over the full cycle, what changed between them, which
//! phases were never assessed, and which communities improved most or fell back.
//!
//! Seeds 001, 003 and 004 judge resilience over a cycle (FRAMEWORK.md §7): before
//! (`preparedness`: monitoring, warning, plans, training), during (`response`), after
//! (`recovery`) and `learning`. An [`Assessment`] carries an optional [`Phase`] and [`Date`];
//! this module orders a community's assessments into a timeline and reports, for every
//! dimension, attribute and the overall, the change between consecutive points and from the
//! first to the last.
//!
//! ## Rules
//!
//! * **Community.** By default ([`Grouping::Id`]) the same `id` is the same community: the id
//!   names the community and, with phase and date, the occasion, so a community's assessments
//!   share the id and differ in phase or date. Files that put the occasion into the id
//!   (`"lakeside-2024"`) can be grouped by a metadata key instead ([`Grouping::MetadataKey`],
//!   e.g. `"community"`: every assessment must carry that key as a non-empty string), or the
//!   caller can say that every assessment given is one community ([`Grouping::Single`], whose
//!   key is the first assessment's id). Communities appear in the order of their first
//!   assessment in the input.
//! * **Order.** By date, then by phase in the cycle's order preparedness < response < recovery
//!   < learning (an assessment without a phase comes after the phased ones of the same date).
//!   Undated assessments ([`UndatedRule::AfterDated`], the default) come after every dated one,
//!   ordered by phase among themselves; so a community assessed only by phase, with no dates,
//!   is simply in phase order. [`UndatedRule::Error`] rejects undated assessments instead.
//!   Two assessments of one community with the same date and phase (both possibly absent)
//!   are an error ([`TimelineError::DuplicateOccasion`]): their order would be arbitrary.
//! * **Change.** Every assessment is scored with the same [`Engine`] (the framework and
//!   [`ScoreOptions`]). For each dimension, attribute and the overall, a [`Change`] holds the two
//!   marks, the score delta (0–100 points), the level delta (difference of level codes) and a
//!   [`Direction`] decided by the score delta against [`TimelineOptions::tolerance`] (default
//!   1e-9 points: any real change counts): `> tol` improved, `< −tol` worsened, otherwise
//!   unchanged; `not_comparable` when either side is not rated. `first_to_last` compares the
//!   first and last points (an item unrated at either end is not comparable).
//! * **Gaps.** The phases of the cycle no point of the community is tagged with, in cycle order.
//! * **Comparison.** Communities are ranked by the first→last change of the overall score,
//!   largest first, with competition ranks (1, 2, 2, 4; equal within 1e-7 points); those with
//!   one point or an unrated overall at either end are not ranked (`rank: null`, last, in input
//!   order). *Improved most*: the communities ranked 1 whose change is above the tolerance.
//!   *Fell back*: every community whose change is below −tolerance, worst first.
//!
//! ```
//! use renxing::timeline::{timeline, Direction};
//! use renxing::{case, Date, Framework, Phase};
//!
//! // Community A before the event, and the same community after it, rated as case B.
//! let mut before = case("a").unwrap();
//! before.phase = Some(Phase::Preparedness);
//! before.date = "2020-01-10".parse::<Date>().ok();
//! let mut after = case("b").unwrap();
//! after.id = before.id.clone();
//! after.phase = Some(Phase::Recovery);
//! after.date = "2020-06-01".parse::<Date>().ok();
//!
//! let tl = timeline(&[after, before], Framework::paper())?; // any input order
//! let overall = tl.first_to_last.as_ref().unwrap().overall().unwrap();
//! assert_eq!(overall.direction, Direction::Improved);
//! assert_eq!(overall.level_delta, Some(1)); // low → medium
//! assert!((overall.score_delta.unwrap() - (63.8888888888889 - 16.6666666666667)).abs() < 1e-9);
//! assert_eq!(tl.missing_phases, [Phase::Response, Phase::Learning]);
//! assert_eq!(tl.phase_ahead, Some(Phase::Learning));
//! # Ok::<(), renxing::timeline::TimelineError>(())
//! ```

pub mod citations;
pub mod cycle;
mod error;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use citations::{citation, citations, reference, shared_reference, Citation};
pub use cycle::{
    phase_ahead, plan_ahead, plan_for, stages, Action, Actor, Bilingual, PhasePlan, Stage,
    StageScheme,
};
pub use error::TimelineError;

use crate::assessment::{Assessment, Date};
use crate::diagnose::{diagnose_in, RemedyMatch};
use crate::framework::Framework;
use crate::ids::Phase;
use crate::score::{Engine, Grade, Method, ScoreOptions, Scorecard, TIE_EPSILON};

/// Default [`TimelineOptions::tolerance`], in score points.
pub const DEFAULT_TOLERANCE: f64 = 1e-9;

/// Score points within which two communities' changes tie in the ranking (as in
/// [`compare`](crate::compare())).
pub const RANK_TIE: f64 = TIE_EPSILON * 100.0;

/// Where undated assessments go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UndatedRule {
    /// After every dated assessment of the community, ordered by phase (the default).
    #[default]
    AfterDated,
    /// Undated assessments are an error.
    Error,
}

/// How assessments are grouped into communities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Grouping {
    /// Same `id` = same community (the default).
    #[default]
    Id,
    /// Same value of this metadata key (a non-empty string on every assessment) = same community.
    MetadataKey(String),
    /// All the assessments given are one community (keyed by the first one's id).
    Single,
}

/// Options of [`timelines`]. Every field is optional in JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TimelineOptions {
    /// Scoring method and weights (default: the framework's mean, which reproduces 表1).
    #[schemars(with = "serde_json::Value")]
    pub score: ScoreOptions,
    /// Score points within which a change counts as unchanged. Default [`DEFAULT_TOLERANCE`].
    pub tolerance: f64,
    /// Where undated assessments go. Default [`UndatedRule::AfterDated`].
    pub undated: UndatedRule,
    /// How assessments are grouped into communities. Default [`Grouping::Id`].
    pub grouping: Grouping,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions {
            score: ScoreOptions::default(),
            tolerance: DEFAULT_TOLERANCE,
            undated: UndatedRule::default(),
            grouping: Grouping::default(),
        }
    }
}

/// A value at one point: level id, level code, 0–100 score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Mark {
    /// The level id.
    pub level: String,
    /// The level's 1-based code.
    pub code: u8,
    /// The score, 0–100.
    pub score: f64,
}

impl From<&Grade> for Mark {
    fn from(g: &Grade) -> Self {
        Mark {
            level: g.level.clone(),
            code: g.code,
            score: g.score,
        }
    }
}

/// A dimension's or attribute's mark at one point (`None`: not rated).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemMark {
    /// The dimension or attribute id.
    pub id: String,
    /// Its mark.
    pub mark: Option<Mark>,
}

/// One assessment on the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimelinePoint {
    /// Its index in the input.
    pub index: usize,
    /// The assessment's id.
    pub id: String,
    /// The assessment's name.
    pub name: String,
    /// Its phase.
    #[schemars(with = "Option<String>")]
    pub phase: Option<Phase>,
    /// Its date.
    #[schemars(with = "Option<String>")]
    pub date: Option<Date>,
    /// Per dimension, in framework order.
    pub dimensions: Vec<ItemMark>,
    /// Per attribute, in framework order.
    pub attributes: Vec<ItemMark>,
    /// The overall mark.
    pub overall: Option<Mark>,
}

impl TimelinePoint {
    fn from_card(index: usize, a: &Assessment, card: &Scorecard) -> Self {
        TimelinePoint {
            index,
            id: a.id.clone(),
            name: a.name.clone(),
            phase: a.phase,
            date: a.date,
            dimensions: card
                .dimensions
                .iter()
                .map(|d| ItemMark {
                    id: d.id.clone(),
                    mark: d.grade.as_ref().map(Mark::from),
                })
                .collect(),
            attributes: card
                .attributes
                .iter()
                .map(|d| ItemMark {
                    id: d.id.clone(),
                    mark: d.grade.as_ref().map(Mark::from),
                })
                .collect(),
            overall: card.overall.as_ref().map(Mark::from),
        }
    }
}

/// What kind of item a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A dimension.
    Dimension,
    /// An attribute.
    Attribute,
    /// The overall value.
    Overall,
}

/// The direction of a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Direction {
    /// The score rose by more than the tolerance.
    Improved,
    /// Within the tolerance.
    Unchanged,
    /// The score fell by more than the tolerance.
    Worsened,
    /// Not rated at one end.
    NotComparable,
}

/// The change of one item between two points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// Dimension, attribute or overall.
    pub kind: ItemKind,
    /// The id (`"overall"` for the overall value).
    pub id: String,
    /// The mark at the earlier point.
    pub from: Option<Mark>,
    /// The mark at the later point.
    pub to: Option<Mark>,
    /// `to.score − from.score`.
    pub score_delta: Option<f64>,
    /// `to.code − from.code`.
    pub level_delta: Option<i32>,
    /// Improved, unchanged, worsened or not comparable.
    pub direction: Direction,
}

/// The changes between two points of a timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    /// Position of the earlier point in [`Timeline::points`].
    pub from: usize,
    /// Position of the later point.
    pub to: usize,
    /// Dimensions (framework order), attributes (framework order), then the overall.
    pub changes: Vec<Change>,
    /// How many changes improved.
    pub improved: usize,
    /// How many are unchanged.
    pub unchanged: usize,
    /// How many worsened.
    pub worsened: usize,
    /// How many are not comparable.
    pub not_comparable: usize,
}

impl Step {
    /// The change of the overall value.
    #[must_use]
    pub fn overall(&self) -> Option<&Change> {
        self.changes.iter().find(|c| c.kind == ItemKind::Overall)
    }

    /// The change of one dimension or attribute id.
    #[must_use]
    pub fn change(&self, kind: ItemKind, id: &str) -> Option<&Change> {
        self.changes.iter().find(|c| c.kind == kind && c.id == id)
    }
}

/// One community's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Timeline {
    /// The community key (the id, the metadata value, or the first id for a single group).
    pub community: String,
    /// The name of the last point (names may be corrected over time).
    pub name: String,
    /// The points in order.
    pub points: Vec<TimelinePoint>,
    /// Changes between consecutive points (`points.len() − 1` steps).
    pub steps: Vec<Step>,
    /// Changes from the first to the last point; `None` with a single point.
    pub first_to_last: Option<Step>,
    /// The phases assessed, in cycle order.
    #[schemars(with = "Vec<String>")]
    pub phases_assessed: Vec<Phase>,
    /// The phases never assessed (gaps), in cycle order.
    #[schemars(with = "Vec<String>")]
    pub missing_phases: Vec<Phase>,
    /// Points without a phase.
    pub unphased_points: usize,
    /// Points without a date.
    pub undated_points: usize,
    /// The phase of the last point.
    #[schemars(with = "Option<String>")]
    pub last_phase: Option<Phase>,
    /// The phase ahead of it in the cycle ([`phase_ahead`]).
    #[schemars(with = "Option<String>")]
    pub phase_ahead: Option<Phase>,
    /// What to do in the phase ahead and who acts ([`plan_ahead`]); `None` when the last point
    /// has no phase.
    pub plan_ahead: Option<PhasePlan>,
    /// What to do next: the remedies of the last point's diagnosis in its phase
    /// ([`crate::diagnose_in`]), those acting in the phase ahead first.
    pub remedies: Vec<RemedyMatch>,
}

/// A community's place in the comparison of progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProgressEntry {
    /// The community key.
    pub community: String,
    /// Competition rank by first→last overall change, largest first; `None` when not comparable.
    pub rank: Option<usize>,
    /// The first→last change of the overall score.
    pub overall_delta: Option<f64>,
    /// The first→last change of the overall level code.
    pub level_delta: Option<i32>,
    /// Whether another community has the same change.
    pub tied: bool,
    /// Improved, unchanged, worsened or not comparable.
    pub direction: Direction,
}

/// The parameters actually used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimelineSettings {
    /// The framework id.
    pub framework: String,
    /// The aggregation method.
    #[schemars(with = "String")]
    pub method: Method,
    /// The full scoring options.
    #[schemars(with = "serde_json::Value")]
    pub score: ScoreOptions,
    /// The change tolerance (score points).
    pub tolerance: f64,
    /// The ranking tie tolerance (score points), [`RANK_TIE`].
    pub rank_tie: f64,
    /// Where undated assessments went.
    pub undated: UndatedRule,
    /// How communities were grouped.
    pub grouping: Grouping,
    /// The phase order used.
    #[schemars(with = "Vec<String>")]
    pub phase_order: Vec<Phase>,
}

/// Timelines of every community given, and their comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimelineSet {
    /// The parameters used.
    pub settings: TimelineSettings,
    /// One timeline per community, in order of first appearance.
    pub timelines: Vec<Timeline>,
    /// Every community by first→last overall change, ranked ones first.
    pub ranking: Vec<ProgressEntry>,
    /// Community keys ranked 1 with a change above the tolerance.
    pub improved_most: Vec<String>,
    /// Community keys whose overall fell by more than the tolerance, worst first.
    pub fell_back: Vec<String>,
}

impl TimelineSet {
    /// The timeline of a community key.
    #[must_use]
    pub fn timeline(&self, community: &str) -> Option<&Timeline> {
        self.timelines.iter().find(|t| t.community == community)
    }
}

/// The timeline of assessments that are all one community ([`Grouping::Single`]), with the
/// default options otherwise.
///
/// # Errors
/// As [`timelines`].
pub fn timeline(
    assessments: &[Assessment],
    framework: &Framework,
) -> Result<Timeline, TimelineError> {
    let options = TimelineOptions {
        grouping: Grouping::Single,
        ..TimelineOptions::default()
    };
    let set = timelines(assessments, framework, &options)?;
    set.timelines.into_iter().next().ok_or(TimelineError::Empty)
}

/// Groups assessments into communities, orders each community's timeline, computes the changes
/// and gaps, and compares the communities' progress. See the module docs for every rule.
///
/// ```
/// use renxing::timeline::{timelines, Direction, TimelineOptions};
/// use renxing::{Assessment, Dimension, Framework, Level, Phase, Rating};
///
/// let make = |id: &str, phase: Phase, level: Level| {
///     let mut a = Assessment::new(id, id);
///     a.phase = Some(phase);
///     for d in Dimension::ALL {
///         a.rate(*d, Rating::level(level));
///     }
///     a
/// };
/// let input = [
///     make("north", Phase::Preparedness, Level::Low),
///     make("south", Phase::Preparedness, Level::High),
///     make("north", Phase::Recovery, Level::Medium),
///     make("south", Phase::Recovery, Level::Medium),
/// ];
/// let set = timelines(&input, Framework::paper(), &TimelineOptions::default())?;
/// assert_eq!(set.improved_most, ["north"]);
/// assert_eq!(set.fell_back, ["south"]);
/// assert_eq!(set.ranking[0].overall_delta, Some(50.0));
/// assert_eq!(set.ranking[1].direction, Direction::Worsened);
/// # Ok::<(), renxing::timeline::TimelineError>(())
/// ```
///
/// # Errors
/// [`TimelineError`]: nothing given, a bad tolerance or scoring option, an assessment that
/// cannot be scored, an undated assessment under [`UndatedRule::Error`], two assessments of one
/// community on the same occasion, a missing or non-string grouping key.
pub fn timelines(
    assessments: &[Assessment],
    framework: &Framework,
    options: &TimelineOptions,
) -> Result<TimelineSet, TimelineError> {
    if assessments.is_empty() {
        return Err(TimelineError::Empty);
    }
    let tol = options.tolerance;
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(TimelineError::InvalidTolerance {
            value: tol.to_string(),
        });
    }
    let engine = Engine::new(framework, &options.score)
        .map_err(|source| TimelineError::Options { source })?;

    // Group (community keys in order of first appearance).
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, a) in assessments.iter().enumerate() {
        if options.undated == UndatedRule::Error && a.date.is_none() {
            return Err(TimelineError::Undated {
                index,
                id: a.id.clone(),
            });
        }
        let key = community_key(index, a, &options.grouping, &assessments[0])?;
        let members = groups.entry(key.clone()).or_default();
        if members.is_empty() {
            order.push(key);
        }
        members.push(index);
    }

    let mut out = Vec::with_capacity(order.len());
    for key in order {
        let mut members = groups.remove(&key).unwrap_or_default();
        members.sort_by_key(|&i| sort_key(&assessments[i]));
        for w in members.windows(2) {
            let (x, y) = (&assessments[w[0]], &assessments[w[1]]);
            if sort_key(x) == sort_key(y) {
                let (first, index) = (w[0].min(w[1]), w[0].max(w[1]));
                return Err(TimelineError::DuplicateOccasion {
                    index,
                    first,
                    community: key,
                    date: y.date.map_or_else(|| "none".to_owned(), |d| d.to_string()),
                    phase: y.phase.map_or("none", |p| p.id()).to_owned(),
                });
            }
        }
        let mut points = Vec::with_capacity(members.len());
        for &index in &members {
            let a = &assessments[index];
            let card = engine.score(a).map_err(|source| TimelineError::Score {
                index,
                id: a.id.clone(),
                source,
            })?;
            points.push(TimelinePoint::from_card(index, a, &card));
        }
        let mut tl = build_timeline(key, points, tol);
        if let Some(&index) = members.last() {
            let a = &assessments[index];
            let d = diagnose_in(a, framework, &options.score, a.phase).map_err(|source| {
                TimelineError::Score {
                    index,
                    id: a.id.clone(),
                    source,
                }
            })?;
            tl.remedies = d.remedies;
        }
        out.push(tl);
    }

    let ranking = rank(&out);
    let improved_most = ranking
        .iter()
        .filter(|e| e.rank == Some(1) && e.overall_delta.is_some_and(|d| d > tol))
        .map(|e| e.community.clone())
        .collect();
    let mut fell: Vec<&ProgressEntry> = ranking
        .iter()
        .filter(|e| e.overall_delta.is_some_and(|d| d < -tol))
        .collect();
    // Worst first; ties keep the ranking's order (input order).
    fell.sort_by(|a, b| {
        let (x, y) = (
            a.overall_delta.unwrap_or(0.0),
            b.overall_delta.unwrap_or(0.0),
        );
        x.total_cmp(&y)
    });
    let fell_back = fell.into_iter().map(|e| e.community.clone()).collect();

    Ok(TimelineSet {
        settings: TimelineSettings {
            framework: framework.id.clone(),
            method: options.score.method,
            score: options.score.clone(),
            tolerance: tol,
            rank_tie: RANK_TIE,
            undated: options.undated,
            grouping: options.grouping.clone(),
            phase_order: Phase::ALL.to_vec(),
        },
        timelines: out,
        ranking,
        improved_most,
        fell_back,
    })
}

fn community_key(
    index: usize,
    a: &Assessment,
    grouping: &Grouping,
    first: &Assessment,
) -> Result<String, TimelineError> {
    match grouping {
        Grouping::Id => Ok(a.id.clone()),
        Grouping::Single => Ok(first.id.clone()),
        Grouping::MetadataKey(key) => match a.metadata.get(key) {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            None | Some(serde_json::Value::Null | serde_json::Value::String(_)) => {
                Err(TimelineError::GroupKeyMissing {
                    index,
                    key: key.clone(),
                })
            }
            Some(v) => Err(TimelineError::GroupKeyNotString {
                index,
                key: key.clone(),
                found: v.to_string(),
            }),
        },
    }
}

/// (undated last, date, phase in cycle order with no phase last).
fn sort_key(a: &Assessment) -> (bool, Option<Date>, u8) {
    (
        a.date.is_none(),
        a.date,
        a.phase.map_or(u8::MAX, Phase::code),
    )
}

fn build_timeline(community: String, points: Vec<TimelinePoint>, tol: f64) -> Timeline {
    let steps: Vec<Step> = (1..points.len())
        .map(|i| step(&points, i - 1, i, tol))
        .collect();
    let first_to_last = (points.len() > 1).then(|| step(&points, 0, points.len() - 1, tol));
    let phases_assessed: Vec<Phase> = Phase::ALL
        .iter()
        .copied()
        .filter(|p| points.iter().any(|x| x.phase == Some(*p)))
        .collect();
    let missing_phases = Phase::ALL
        .iter()
        .copied()
        .filter(|p| !phases_assessed.contains(p))
        .collect();
    let last_phase = points.last().and_then(|p| p.phase);
    Timeline {
        community,
        name: points.last().map(|p| p.name.clone()).unwrap_or_default(),
        unphased_points: points.iter().filter(|p| p.phase.is_none()).count(),
        undated_points: points.iter().filter(|p| p.date.is_none()).count(),
        first_to_last,
        steps,
        phases_assessed,
        missing_phases,
        last_phase,
        phase_ahead: last_phase.map(phase_ahead),
        plan_ahead: last_phase.map(plan_ahead),
        remedies: Vec::new(),
        points,
    }
}

fn change(kind: ItemKind, id: &str, from: Option<&Mark>, to: Option<&Mark>, tol: f64) -> Change {
    let (score_delta, level_delta, direction) = match (from, to) {
        (Some(a), Some(b)) => {
            let d = b.score - a.score;
            let dir = if d > tol {
                Direction::Improved
            } else if d < -tol {
                Direction::Worsened
            } else {
                Direction::Unchanged
            };
            (Some(d), Some(i32::from(b.code) - i32::from(a.code)), dir)
        }
        _ => (None, None, Direction::NotComparable),
    };
    Change {
        kind,
        id: id.to_owned(),
        from: from.cloned(),
        to: to.cloned(),
        score_delta,
        level_delta,
        direction,
    }
}

fn step(points: &[TimelinePoint], i: usize, j: usize, tol: f64) -> Step {
    let (a, b) = (&points[i], &points[j]);
    let mut changes = Vec::with_capacity(a.dimensions.len() + a.attributes.len() + 1);
    for (x, y) in a.dimensions.iter().zip(&b.dimensions) {
        changes.push(change(
            ItemKind::Dimension,
            &x.id,
            x.mark.as_ref(),
            y.mark.as_ref(),
            tol,
        ));
    }
    for (x, y) in a.attributes.iter().zip(&b.attributes) {
        changes.push(change(
            ItemKind::Attribute,
            &x.id,
            x.mark.as_ref(),
            y.mark.as_ref(),
            tol,
        ));
    }
    changes.push(change(
        ItemKind::Overall,
        "overall",
        a.overall.as_ref(),
        b.overall.as_ref(),
        tol,
    ));
    let count = |d: Direction| changes.iter().filter(|c| c.direction == d).count();
    Step {
        from: i,
        to: j,
        improved: count(Direction::Improved),
        unchanged: count(Direction::Unchanged),
        worsened: count(Direction::Worsened),
        not_comparable: count(Direction::NotComparable),
        changes,
    }
}

fn rank(timelines: &[Timeline]) -> Vec<ProgressEntry> {
    let mut entries: Vec<ProgressEntry> = timelines
        .iter()
        .map(|t| {
            let c = t.first_to_last.as_ref().and_then(Step::overall);
            ProgressEntry {
                community: t.community.clone(),
                rank: None,
                overall_delta: c.and_then(|c| c.score_delta),
                level_delta: c.and_then(|c| c.level_delta),
                tied: false,
                direction: c.map_or(Direction::NotComparable, |c| c.direction),
            }
        })
        .collect();
    // Stable: ranked ones by delta descending, then the unranked in input order.
    entries.sort_by(|a, b| match (a.overall_delta, b.overall_delta) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut prev: Option<(f64, usize)> = None;
    for (pos, e) in entries.iter_mut().enumerate() {
        let Some(d) = e.overall_delta else { continue };
        let r = match prev {
            Some((pd, pr)) if (pd - d).abs() <= RANK_TIE => pr,
            _ => pos + 1,
        };
        e.rank = Some(r);
        prev = Some((d, r));
    }
    let ranks: Vec<Option<usize>> = entries.iter().map(|e| e.rank).collect();
    for e in &mut entries {
        e.tied = e.rank.is_some() && ranks.iter().filter(|r| **r == e.rank).count() > 1;
    }
    entries
}
