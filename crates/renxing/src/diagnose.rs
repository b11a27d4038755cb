//! Diagnosis of one assessment: deficits, remedies, the nearest reference case, the mode's
//! known defects (FRAMEWORK.md §5, §6).

use serde::Serialize;

use crate::assessment::Assessment;
use crate::cases::cases;
use crate::error::ScoreError;
use crate::framework::Framework;
use crate::ids::{Mode, Phase};
use crate::lang::Labels;
use crate::modes::ModeProfile;
use crate::score::{Engine, Grade, ScoreOptions, Scorecard};
use crate::timeline::{phase_ahead, plan_ahead, shared_reference, Bilingual, PhasePlan};

/// Whether a deficit is an attribute or a dimension.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DeficitKind {
    /// An attribute (its merged grade).
    Attribute,
    /// A dimension.
    Dimension,
}

/// Something below the top level.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Deficit {
    /// Attribute or dimension.
    pub kind: DeficitKind,
    /// Its id.
    pub id: String,
    /// The attribute (itself, for an attribute deficit).
    pub attribute: String,
    /// Its grade.
    pub grade: Grade,
    /// Distance to the top of the scale, in levels (`k − value`).
    pub gap: f64,
    /// `gap` times the relative weight (weight ÷ mean weight; for a dimension, also its
    /// attribute's relative weight): what "most severe first" sorts by.
    pub severity: f64,
}

/// A remedy that applies, with the weak targets it addresses.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RemedyMatch {
    /// The remedy id.
    pub id: String,
    /// Its title, by language.
    #[schemars(with = "Labels")]
    pub title: std::sync::Arc<Labels>,
    /// What to do, by language.
    #[schemars(with = "Labels")]
    pub detail: std::sync::Arc<Labels>,
    /// Where it comes from: the source key (the seed file name for the built-in ones).
    pub source: String,
    /// The source as shown to readers: the seed's citation (authors, title, venue, year as the
    /// seed gives them) in both languages, or the source text itself for a custom framework's
    /// remedy ([`crate::timeline::reference`]).
    #[schemars(with = "Bilingual")]
    pub reference: std::sync::Arc<Bilingual>,
    /// The weak attributes and dimensions it addresses, most severe first.
    pub addresses: Vec<String>,
    /// The highest severity among them (the sort key).
    pub priority: f64,
    /// The phases of the cycle it acts in (empty: not tied to a phase).
    pub phases: Vec<Phase>,
    /// Whether it acts in the phase ahead of the diagnosis' phase (always `false` without a
    /// phase). Those that do come first.
    pub acts_ahead: bool,
}

/// The profile distance to a reference case.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct CaseDistance {
    /// The case id (`"case-a"` …).
    pub case: String,
    /// The case name.
    pub name: String,
    /// Its mode.
    pub mode: Option<Mode>,
    /// Weighted root-mean-square difference of dimension values, in levels (0 = same profile,
    /// 2 = opposite on a three-level scale).
    pub distance: f64,
    /// How many dimensions were compared (rated in both).
    pub compared: usize,
}

/// The diagnosis of one assessment.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Diagnosis {
    /// The scores it is based on.
    pub scorecard: Scorecard,
    /// Attributes below the top level, most severe first.
    pub attribute_deficits: Vec<Deficit>,
    /// Dimensions below the top level, most severe first.
    pub dimension_deficits: Vec<Deficit>,
    /// Remedies that apply, highest priority first (framework order among equals).
    pub remedies: Vec<RemedyMatch>,
    /// The nearest reference case (paper framework only; `None` if nothing comparable).
    pub nearest_case: Option<CaseDistance>,
    /// Distances to every reference case, nearest first.
    pub case_distances: Vec<CaseDistance>,
    /// The mode's 表2 profile (its known defects), when the assessment names a mode.
    pub mode: Option<&'static ModeProfile>,
    /// Dimensions not rated.
    pub unrated: Vec<String>,
    /// Dimensions whose two-question rating was inconsistent (developed but not coped).
    pub inconsistencies: Vec<String>,
    /// Contested dimensions: several coders rated them more than the consensus record's step
    /// apart (see [`DimensionScore::contested`](crate::score::DimensionScore::contested)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contested: Vec<String>,
    /// The phase of the cycle the diagnosis was made in (the assessment's, or the one asked
    /// for with [`diagnose_in`]).
    pub phase: Option<Phase>,
    /// The phase ahead of it ([`crate::timeline::phase_ahead`]).
    pub phase_ahead: Option<Phase>,
    /// What to do in the phase ahead and who acts (community, social workers, social
    /// organisations), from seeds 001 and 004 ([`crate::timeline::plan_ahead`]).
    pub plan_ahead: Option<PhasePlan>,
    /// How many remedies were kept, highest priority first (`None`: every one that applies; see
    /// [`Diagnosis::keep_top_remedies`]).
    #[serde(default)]
    pub top_remedies: Option<usize>,
    /// How many remedies apply in all (more than `remedies` holds when cut to the top N).
    #[serde(default)]
    pub remedies_total: usize,
    /// For an assessment made from indicators (its `metadata.indicator_run`, written by
    /// `assess_indicators`): the unit's top obstacles — indicator, dimension and obstacle
    /// degree (share 0–1), largest first. Empty (and left out) for any other assessment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obstacles: Vec<crate::composite::ObstacleFinding>,
}

impl Diagnosis {
    /// Keeps the `n` remedies of highest priority (the list is already ranked), recording `n`
    /// and the number that apply in [`top_remedies`](Self::top_remedies) and
    /// [`remedies_total`](Self::remedies_total); `None` keeps every one.
    ///
    /// ```
    /// use renxing::{case, diagnose, Framework};
    /// let mut d = diagnose(&case("a").unwrap(), Framework::paper()).unwrap();
    /// let all = d.remedies.clone();
    /// d.keep_top_remedies(Some(3));
    /// assert_eq!(d.remedies, all[..3]);
    /// assert_eq!((d.top_remedies, d.remedies_total), (Some(3), all.len()));
    /// ```
    pub fn keep_top_remedies(&mut self, n: Option<usize>) {
        self.top_remedies = n;
        if let Some(n) = n {
            self.remedies.truncate(n);
        }
    }
}

/// Diagnoses an assessment with the default options.
///
/// ```
/// use renxing::{case, diagnose, Framework};
/// let a = case("a").unwrap();
/// let d = diagnose(&a, Framework::paper()).unwrap();
/// assert_eq!(d.nearest_case.unwrap().case, "case-a");
/// assert!(d.remedies.iter().any(|r| r.id == "government_responsiveness"));
/// assert!(!d.remedies.iter().any(|r| r.id == "resident_deliberation")); // residents: high
/// ```
///
/// # Errors
/// As [`crate::score()`].
pub fn diagnose(assessment: &Assessment, framework: &Framework) -> Result<Diagnosis, ScoreError> {
    diagnose_with(assessment, framework, &ScoreOptions::default())
}

/// Diagnoses an assessment with options (method and weights), in the assessment's own phase
/// (if it has one): see [`diagnose_in`].
///
/// # Errors
/// As [`crate::score_with`].
pub fn diagnose_with(
    assessment: &Assessment,
    framework: &Framework,
    options: &ScoreOptions,
) -> Result<Diagnosis, ScoreError> {
    diagnose_in(assessment, framework, options, assessment.phase)
}

/// Diagnoses an assessment made in a phase of the cycle (`None`: no phase, as
/// [`diagnose_with`] of an assessment without one). With a phase, the diagnosis leads with the
/// phase ahead: the remedies that act in it come first (by priority among themselves, then the
/// others by priority; [`RemedyMatch::acts_ahead`]), and [`Diagnosis::plan_ahead`] says what
/// the community, social workers and social organisations each do in it (seeds 001, 004).
///
/// ```
/// use renxing::{case, diagnose_in, Framework, Phase, ScoreOptions};
/// use renxing::timeline::Actor;
/// let a = case("a").unwrap();
/// let d = diagnose_in(&a, Framework::paper(), &ScoreOptions::default(), Some(Phase::Response))?;
/// assert_eq!(d.phase_ahead, Some(Phase::Recovery));
/// assert!(d.remedies[0].acts_ahead);
/// assert!(d.remedies[0].phases.contains(&Phase::Recovery));
/// let plan = d.plan_ahead.as_ref().unwrap();
/// assert!(!plan.by_actor(Actor::SocialOrganisations).is_empty());
/// # Ok::<(), renxing::ScoreError>(())
/// ```
///
/// # Errors
/// As [`crate::score_with`].
pub fn diagnose_in(
    assessment: &Assessment,
    framework: &Framework,
    options: &ScoreOptions,
    phase: Option<Phase>,
) -> Result<Diagnosis, ScoreError> {
    let engine = Engine::new(framework, options)?;
    let card = engine.score(assessment)?;
    let k = f64::from(framework.level_count());
    let top = framework.level_count();

    let mean_pos = |ws: &mut dyn Iterator<Item = f64>| {
        let pos: Vec<f64> = ws.filter(|w| *w > 0.0).collect();
        if pos.is_empty() {
            1.0
        } else {
            pos.iter().sum::<f64>() / pos.len() as f64
        }
    };
    let mean_attr_w = mean_pos(&mut card.attributes.iter().map(|a| a.weight));
    let mean_dim_w = mean_pos(&mut card.dimensions.iter().map(|d| d.weight));
    let attr_rel = |id: &str| card.attribute(id).map_or(0.0, |a| a.weight / mean_attr_w);

    let mut attribute_deficits: Vec<Deficit> = card
        .attributes
        .iter()
        .filter(|a| a.weight > 0.0)
        .filter_map(|a| {
            let g = a.grade.as_ref()?;
            (g.code < top).then(|| Deficit {
                kind: DeficitKind::Attribute,
                id: a.id.clone(),
                attribute: a.id.clone(),
                grade: g.clone(),
                gap: k - g.value,
                severity: (k - g.value) * attr_rel(&a.id),
            })
        })
        .collect();
    let mut dimension_deficits: Vec<Deficit> = card
        .dimensions
        .iter()
        .filter(|d| d.weight > 0.0)
        .filter_map(|d| {
            let g = d.grade.as_ref()?;
            (g.code < top).then(|| Deficit {
                kind: DeficitKind::Dimension,
                id: d.id.clone(),
                attribute: d.attribute.clone(),
                grade: g.clone(),
                gap: k - g.value,
                severity: (k - g.value) * d.weight / mean_dim_w * attr_rel(&d.attribute),
            })
        })
        .collect();
    // Stable sort: framework order among equal severities.
    attribute_deficits.sort_by(|a, b| b.severity.total_cmp(&a.severity));
    dimension_deficits.sort_by(|a, b| b.severity.total_cmp(&a.severity));

    let ahead = phase.map(phase_ahead);
    let mut remedies: Vec<RemedyMatch> = framework
        .remedies
        .iter()
        .filter_map(|r| {
            let mut hits: Vec<&Deficit> = attribute_deficits
                .iter()
                .chain(dimension_deficits.iter())
                .filter(|d| r.targets.contains(&d.id))
                .collect();
            if hits.is_empty() {
                return None;
            }
            hits.sort_by(|a, b| b.severity.total_cmp(&a.severity));
            Some(RemedyMatch {
                id: r.id.clone(),
                title: r.title.clone(),
                detail: r.detail.clone(),
                source: r.source.clone(),
                reference: shared_reference(&r.source),
                addresses: hits.iter().map(|d| d.id.clone()).collect(),
                priority: hits[0].severity,
                phases: r.phases.clone(),
                acts_ahead: ahead.is_some_and(|p| r.phases.contains(&p)),
            })
        })
        .collect();
    // Stable: the phase ahead's remedies first, by priority within each group.
    remedies.sort_by(|a, b| {
        b.acts_ahead
            .cmp(&a.acts_ahead)
            .then(b.priority.total_cmp(&a.priority))
    });

    let mut case_distances = Vec::new();
    if framework.is_paper() {
        let paper_dims = Framework::paper().dimensions.iter().map(|d| &d.id);
        let profiles = if framework.dimensions.iter().map(|d| &d.id).eq(paper_dims) {
            std::borrow::Cow::Borrowed(case_profiles())
        } else {
            // a framework under the paper's id with other dimensions: score the cases with it
            std::borrow::Cow::Owned(profiles_with(&engine))
        };
        for c in profiles.iter() {
            if let Some(d) = profile_distance(&card, &c.values) {
                case_distances.push(CaseDistance {
                    case: c.id.clone(),
                    name: c.name.clone(),
                    mode: c.mode,
                    distance: d.0,
                    compared: d.1,
                });
            }
        }
        case_distances.sort_by(|a, b| a.distance.total_cmp(&b.distance));
    }

    let obstacles = crate::composite::IndicatorRun::of(assessment)
        .filter(|r| r.framework == framework.id)
        .map(|r| r.obstacles)
        .unwrap_or_default();
    Ok(Diagnosis {
        obstacles,
        contested: card
            .dimensions
            .iter()
            .filter(|d| d.contested)
            .map(|d| d.id.clone())
            .collect(),
        unrated: card.unrated().into_iter().map(str::to_owned).collect(),
        inconsistencies: card
            .inconsistencies()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        nearest_case: case_distances.first().cloned(),
        case_distances,
        mode: assessment.mode.map(Mode::profile),
        attribute_deficits,
        dimension_deficits,
        remedies_total: remedies.len(),
        remedies,
        scorecard: card,
        phase,
        phase_ahead: ahead,
        plan_ahead: phase.map(plan_ahead),
        top_remedies: None,
    })
}

/// A reference case's profile: its dimension values (in the paper framework's order), which do
/// not depend on the scoring method or weights.
#[derive(Clone)]
struct CaseProfile {
    id: String,
    name: String,
    mode: Option<Mode>,
    values: Vec<Option<f64>>,
}

/// The reference cases' profiles, built and scored once per process.
fn case_profiles() -> &'static [CaseProfile] {
    static PROFILES: std::sync::OnceLock<Vec<CaseProfile>> = std::sync::OnceLock::new();
    PROFILES.get_or_init(
        || match Engine::new(Framework::paper(), &ScoreOptions::default()) {
            Ok(engine) => profiles_with(&engine),
            Err(_) => Vec::new(),
        },
    )
}

/// The reference cases scored with an engine (those that validate against its framework).
fn profiles_with(engine: &Engine<'_>) -> Vec<CaseProfile> {
    cases()
        .into_iter()
        .filter_map(|c| {
            let card = engine.score(&c).ok()?;
            Some(CaseProfile {
                values: card
                    .dimensions
                    .iter()
                    .map(|d| d.grade.as_ref().map(|g| g.value))
                    .collect(),
                id: c.id,
                name: c.name,
                mode: c.mode,
            })
        })
        .collect()
}

/// Weighted RMS distance between a scorecard's dimension values and a profile's, over
/// dimensions rated in both with positive weight; `(distance, compared)`.
fn profile_distance(a: &Scorecard, b: &[Option<f64>]) -> Option<(f64, usize)> {
    let mut sw = 0.0;
    let mut s = 0.0;
    let mut n = 0;
    for (da, vb) in a.dimensions.iter().zip(b) {
        if let (Some(ga), Some(vb)) = (&da.grade, vb) {
            if da.weight > 0.0 {
                sw += da.weight;
                s += da.weight * (ga.value - vb).powi(2);
                n += 1;
            }
        }
    }
    (n > 0).then(|| ((s / sw).sqrt(), n))
}
