//! Several measures at once, for the whole data and per group (dimension, attribute).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::alpha::{krippendorff_alpha, validate_bootstrap, AlphaOptions, AlphaResult, Metric};
use super::data::ReliabilityData;
use super::error::AgreeError;
use super::kappa::{
    cohen_kappa, fleiss_kappa, gwet_ac1, percent_agreement, CohenKappa, FleissKappa, FleissUnits,
    GwetAc1, KappaWeights, PercentAgreement,
};
use super::Measure;

/// Which measures to compute and their options. Defaults: all five measures, α with the
/// scale's metric and no bootstrap, unweighted κ, Fleiss with a constant number of ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementSpec {
    /// The measures, in the order wanted.
    #[serde(default = "all_measures")]
    pub measures: Vec<Measure>,
    /// Options of Krippendorff's α.
    #[serde(default)]
    pub alpha: AlphaOptions,
    /// Weights of Cohen's κ.
    #[serde(default)]
    pub kappa_weights: KappaWeights,
    /// Units of Fleiss' κ.
    #[serde(default)]
    pub fleiss_units: FleissUnits,
}

fn all_measures() -> Vec<Measure> {
    Measure::ALL.to_vec()
}

impl Default for AgreementSpec {
    fn default() -> Self {
        AgreementSpec {
            measures: all_measures(),
            alpha: AlphaOptions::default(),
            kappa_weights: KappaWeights::default(),
            fleiss_units: FleissUnits::default(),
        }
    }
}

/// One measure's result, tagged by `measure`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "measure", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MeasureValue {
    /// Krippendorff's α.
    KrippendorffAlpha(AlphaResult),
    /// Cohen's κ.
    CohenKappa(CohenKappa),
    /// Fleiss' κ.
    FleissKappa(FleissKappa),
    /// Gwet's AC1.
    GwetAc1(GwetAc1),
    /// Percent agreement.
    PercentAgreement(PercentAgreement),
}

impl MeasureValue {
    /// The headline number (α, κ, AC1 or the agreement share).
    #[must_use]
    pub fn value(&self) -> f64 {
        match self {
            MeasureValue::KrippendorffAlpha(r) => r.alpha,
            MeasureValue::CohenKappa(r) => r.kappa,
            MeasureValue::FleissKappa(r) => r.kappa,
            MeasureValue::GwetAc1(r) => r.ac1,
            MeasureValue::PercentAgreement(r) => r.agreement,
        }
    }

    /// Which measure this is.
    #[must_use]
    pub fn measure(&self) -> Measure {
        match self {
            MeasureValue::KrippendorffAlpha(_) => Measure::KrippendorffAlpha,
            MeasureValue::CohenKappa(_) => Measure::CohenKappa,
            MeasureValue::FleissKappa(_) => Measure::FleissKappa,
            MeasureValue::GwetAc1(_) => Measure::GwetAc1,
            MeasureValue::PercentAgreement(_) => Measure::PercentAgreement,
        }
    }
}

/// A measure that is undefined on (or does not apply to) the data, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SkippedMeasure {
    /// The measure.
    pub measure: Measure,
    /// Why (e.g. `needs_two_coders`, `no_variation`).
    pub error: AgreeError,
}

/// The measures of one set of units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Agreement {
    /// The group, or `None` for all units.
    #[serde(default)]
    pub group: Option<String>,
    /// Units.
    pub n_units: usize,
    /// Coders with at least one value in these units.
    pub n_coders: usize,
    /// Values.
    pub n_values: usize,
    /// The measures computed, in the order asked.
    pub results: Vec<MeasureValue>,
    /// The measures undefined on these units.
    pub skipped: Vec<SkippedMeasure>,
}

impl Agreement {
    /// The result of a measure, if computed.
    #[must_use]
    pub fn get(&self, measure: Measure) -> Option<&MeasureValue> {
        self.results.iter().find(|r| r.measure() == measure)
    }
}

/// Agreement per group and over all units, with the spec used (defaults filled in).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupedAgreement {
    /// The spec used (the α metric resolved).
    pub spec: AgreementSpec,
    /// One entry per group, in order of first appearance.
    pub groups: Vec<Agreement>,
    /// All units together.
    pub overall: Agreement,
}

fn resolve(data: &ReliabilityData, spec: &AgreementSpec) -> Result<AgreementSpec, AgreeError> {
    if let Some(b) = &spec.alpha.bootstrap {
        validate_bootstrap(b)?;
    }
    let mut spec = spec.clone();
    spec.alpha.metric = Some(
        spec.alpha
            .metric
            .unwrap_or_else(|| Metric::default_for(data.scale())),
    );
    Ok(spec)
}

fn compute(data: &ReliabilityData, spec: &AgreementSpec, group: Option<String>) -> Agreement {
    let mut results = Vec::new();
    let mut skipped = Vec::new();
    for &measure in &spec.measures {
        let r = match measure {
            Measure::KrippendorffAlpha => {
                krippendorff_alpha(data, &spec.alpha).map(MeasureValue::KrippendorffAlpha)
            }
            Measure::CohenKappa => {
                cohen_kappa(data, spec.kappa_weights).map(MeasureValue::CohenKappa)
            }
            Measure::FleissKappa => {
                fleiss_kappa(data, spec.fleiss_units).map(MeasureValue::FleissKappa)
            }
            Measure::GwetAc1 => gwet_ac1(data).map(MeasureValue::GwetAc1),
            Measure::PercentAgreement => {
                percent_agreement(data).map(MeasureValue::PercentAgreement)
            }
        };
        match r {
            Ok(v) => results.push(v),
            Err(error) => skipped.push(SkippedMeasure { measure, error }),
        }
    }
    Agreement {
        group,
        n_units: data.n_units(),
        n_coders: data.n_coders(),
        n_values: data.n_values(),
        results,
        skipped,
    }
}

/// The measures of `spec` on all units. Invalid options are an error; a measure undefined on
/// the data (e.g. Cohen's κ with three coders) is listed in `skipped` with its reason.
///
/// ```
/// use renxing::agree::{agreement, AgreementSpec, Coding, Measure, ReliabilityData, Scale};
/// let codings: Vec<Coding> = [(1, 1), (2, 2), (3, 2), (3, 3)]
///     .iter()
///     .enumerate()
///     .flat_map(|(u, &(a, b))| [Coding::new(u.to_string(), "a", a as u32), Coding::new(u.to_string(), "b", b as u32)])
///     .collect();
/// let data = ReliabilityData::from_codings(&Scale::levels(3), &codings)?;
/// let out = agreement(&data, &AgreementSpec::default())?;
/// assert_eq!(out.get(Measure::PercentAgreement).map(|m| m.value()), Some(0.75));
/// assert!(out.skipped.is_empty());
/// # Ok::<(), renxing::agree::AgreeError>(())
/// ```
pub fn agreement(data: &ReliabilityData, spec: &AgreementSpec) -> Result<Agreement, AgreeError> {
    let spec = resolve(data, spec)?;
    Ok(compute(data, &spec, None))
}

/// The measures of `spec` per group (every unit must carry a group, see
/// [`super::Coding::group`]) and over all units, in one call. Each group is computed as a
/// standalone data set (its own coders, the same bootstrap seed), so a group's result equals
/// [`agreement`] on that group's codings alone.
pub fn agreement_by_group(
    data: &ReliabilityData,
    spec: &AgreementSpec,
) -> Result<GroupedAgreement, AgreeError> {
    let spec = resolve(data, spec)?;
    let names = data.groups();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for u in 0..data.n_units() {
        match data.group(u) {
            Some(g) => {
                if let Some(i) = names.iter().position(|n| n == g) {
                    members[i].push(u);
                }
            }
            None => return Err(AgreeError::MissingGroup { unit: data.unit(u) }),
        }
    }
    let groups = names
        .into_iter()
        .zip(members)
        .map(|(name, units)| compute(&data.subset(&units), &spec, Some(name)))
        .collect();
    let overall = compute(data, &spec, None);
    Ok(GroupedAgreement {
        spec,
        groups,
        overall,
    })
}
