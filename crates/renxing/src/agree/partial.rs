//! Krippendorff's α over partitions of the units (issue 15, `renxing.dask`): each partition's
//! *partial* (its value domain, coders, exact pair counts or coincidences, value counts), a
//! merge, and the finish — the α of the whole data.
//!
//! α depends on the data only through the coincidence matrix `o_ck`, the value counts `n_c`
//! and the counts of units, coders and pairs ([`super::alpha`]); every one of them is a sum over
//! units. A partition (units must not straddle partitions: in wide form one row per unit is
//! natural; a long table must keep each unit's codings in one partition) contributes:
//!
//! * on a small domain (`coders × values² ≤ 65,536`, every category scale of the framework) the
//!   integer pair counts by number of pairable values, exactly as the in-memory α counts them:
//!   the merge adds integers and the finish divides once per `m`, so α, `D_o`, `D_e` and the
//!   coincidences are **the same bits** as in memory;
//! * otherwise the floating-point coincidences, added partition by partition (in memory unit by
//!   unit): the same to rounding (the tests ask 1e-12).
//!
//! The bootstrap (Krippendorff's resampling of pairable value pairs, with `D_e` fixed) reads
//! only the coincidence matrix, so the finish runs it on the merged partial, with the same
//! seed and the same draws as in memory: nothing of it is distributed, and nothing needs to be.
//!
//! Per group (`by_group`): each group's partial is that of its units alone (its own coders and,
//! on a numeric scale, its own domain), as [`super::agreement_by_group`] computes each group.
//! The other measures (κ, AC1, percent agreement) are not distributed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::alpha::{
    alpha_of, coincidence_float, coincidence_of_counts, pair_counts, validate_bootstrap,
    AlphaOptions, Coincidence, Metric, EXACT_CELLS, HISTOGRAM_CELLS, MAX_DISTINCT_VALUES,
};
use super::data::{ReliabilityData, Scale};
use super::error::{AgreeError, Expected, Seg};
use super::group::{Agreement, AgreementSpec, GroupedAgreement, MeasureValue, SkippedMeasure};
use super::Measure;

/// The version of [`AgreementPartial`] (another version is refused by the merge).
pub const AGREE_PARTIAL_VERSION: u32 = 1;

/// The coincidences of a partial: exact pair counts, or floating-point coincidences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coincidences {
    /// `(m_max + 1) · K²` integers: block `m` (row-major K×K) sums `n_uc n_uk` (`n_uc (n_uc − 1)`
    /// on the diagonal) over the units with `m` pairable values.
    PairCounts(Vec<u64>),
    /// `o_ck`, row-major K×K.
    Coincidence(Vec<f64>),
}

/// What Krippendorff's α needs of some units, mergeable with other units'.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AlphaPartial {
    /// [`AGREE_PARTIAL_VERSION`].
    pub version: u32,
    /// The value scale.
    pub scale: Scale,
    /// Units.
    pub n_units: usize,
    /// Values (non-missing cells).
    pub n_values: usize,
    /// Coders with a value here (all columns of an array), in order of first appearance.
    pub coders: Vec<String>,
    /// The value domain (the codes `1..=levels` of a category scale; the distinct values of a
    /// numeric one, increasing).
    pub values: Vec<f64>,
    /// Pairable values per domain value.
    pub n_c: Vec<u64>,
    /// Units with two or more values.
    pub pairable_units: usize,
    /// `Σ_u m_u (m_u − 1)/2`.
    pub pairs: u64,
    /// The coincidences.
    pub coincidences: Coincidences,
}

/// A group's partial.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupPartial {
    /// The group.
    pub group: String,
    /// Its units' partial.
    pub partial: AlphaPartial,
}

/// The partial of some units for Krippendorff's α, overall and (with `by_group`) per group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgreementPartial {
    /// [`AGREE_PARTIAL_VERSION`].
    pub version: u32,
    /// All units.
    pub overall: AlphaPartial,
    /// Per group, in order of first appearance; `None` without `by_group`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupPartial>>,
}

fn domain_of(scale: &Scale) -> Vec<f64> {
    match scale {
        Scale::Categories { levels, .. } => (1..=*levels).map(f64::from).collect(),
        Scale::Numeric => Vec::new(),
    }
}

fn exact_fits(coders: usize, k: usize) -> bool {
    coders.saturating_mul(k.saturating_mul(k)) <= EXACT_CELLS
}

impl AlphaPartial {
    /// The partial of units without a value (an empty partition): counts only.
    #[must_use]
    pub fn empty(scale: &Scale, n_units: usize, coders: Vec<String>) -> AlphaPartial {
        let values = domain_of(scale);
        let k = values.len();
        AlphaPartial {
            version: AGREE_PARTIAL_VERSION,
            scale: scale.clone(),
            n_units,
            n_values: 0,
            coders,
            n_c: vec![0; k],
            values,
            pairable_units: 0,
            pairs: 0,
            coincidences: Coincidences::PairCounts(Vec::new()),
        }
    }

    /// Whether the sizes fit together (a partial as this module writes it): one count per
    /// value, values increasing, K² coincidences or whole K×K blocks of pair counts.
    fn consistent(&self) -> bool {
        let k = self.values.len();
        let sizes = self.n_c.len() == k
            && match &self.coincidences {
                Coincidences::PairCounts(a) => k == 0 || a.len() % (k * k) == 0,
                Coincidences::Coincidence(o) => o.len() == k * k,
            };
        sizes && self.values.windows(2).all(|w| w[0] < w[1])
    }

    /// The partial of `data` (its units, coders and values).
    ///
    /// # Errors
    /// More than [`MAX_DISTINCT_VALUES`] values.
    pub fn of(data: &ReliabilityData) -> Result<AlphaPartial, AgreeError> {
        super::alpha::check_domain(data)?;
        let k = data.domain().len();
        let nc = data.n_coders();
        let (coincidences, n_c, pairable_units, pairs) = if exact_fits(nc, k) {
            let c = pair_counts(data, k, nc, HISTOGRAM_CELLS);
            (
                Coincidences::PairCounts(c.acc),
                c.n_c,
                c.pairable_units,
                c.pairs,
            )
        } else {
            let c = coincidence_float(data, k);
            (
                Coincidences::Coincidence(c.o),
                c.n_c,
                c.pairable_units,
                c.pairs,
            )
        };
        Ok(AlphaPartial {
            version: AGREE_PARTIAL_VERSION,
            scale: data.scale().clone(),
            n_units: data.n_units(),
            n_values: data.n_values(),
            coders: data.coders().to_vec(),
            values: data.domain().to_vec(),
            n_c,
            pairable_units,
            pairs,
            coincidences,
        })
    }

    /// The partials of several parts of the units merged (in this order).
    ///
    /// # Errors
    /// No partial; a partial of another version or scale (`partials[i]`); more than
    /// [`MAX_DISTINCT_VALUES`] values together.
    pub fn merge(parts: &[AlphaPartial]) -> Result<AlphaPartial, AgreeError> {
        let Some(first) = parts.first() else {
            return Err(mismatch(Vec::new(), "0"));
        };
        for (i, p) in parts.iter().enumerate() {
            if p.version != AGREE_PARTIAL_VERSION || p.scale != first.scale || !p.consistent() {
                return Err(mismatch(vec![Seg::Index(i)], &p.version.to_string()));
            }
        }
        // coders: union in order of first appearance
        let mut coders: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for c in parts.iter().flat_map(|p| &p.coders) {
            if seen.insert(c.as_str()) {
                coders.push(c.clone());
            }
        }
        // domain: sorted union
        let mut values: Vec<f64> = parts
            .iter()
            .flat_map(|p| p.values.iter().copied())
            .collect();
        values.sort_by(f64::total_cmp);
        values.dedup_by(|a, b| a.total_cmp(b).is_eq());
        let k = values.len();
        if k > MAX_DISTINCT_VALUES {
            return Err(AgreeError::TooManyValues {
                distinct: k,
                max: MAX_DISTINCT_VALUES,
            });
        }
        let exact = exact_fits(coders.len(), k)
            && parts.iter().all(|p| {
                matches!(p.coincidences, Coincidences::PairCounts(_)) || p.pairable_units == 0
            });
        let blocks = parts
            .iter()
            .map(|p| match &p.coincidences {
                Coincidences::PairCounts(a) if !p.values.is_empty() => {
                    a.len() / (p.values.len() * p.values.len())
                }
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        let mut acc = vec![0u64; if exact { blocks * k * k } else { 0 }];
        let mut o = vec![0.0f64; if exact { 0 } else { k * k }];
        let mut n_c = vec![0u64; k];
        for p in parts {
            let kp = p.values.len();
            let map: Vec<usize> = p
                .values
                .iter()
                .map(|v| values.binary_search_by(|x| x.total_cmp(v)).unwrap_or(0))
                .collect();
            for (a, &x) in p.n_c.iter().enumerate() {
                n_c[map[a]] += x;
            }
            if kp == 0 {
                continue;
            }
            match &p.coincidences {
                Coincidences::PairCounts(a) if exact => {
                    for (m, block) in a.chunks_exact(kp * kp).enumerate() {
                        let dst = &mut acc[m * k * k..(m + 1) * k * k];
                        for (i, &x) in block.iter().enumerate() {
                            dst[map[i / kp] * k + map[i % kp]] += x;
                        }
                    }
                }
                Coincidences::PairCounts(_) if p.pairable_units == 0 => {}
                Coincidences::PairCounts(a) => {
                    let po = coincidence_of_counts(a, kp);
                    for (i, &x) in po.iter().enumerate() {
                        o[map[i / kp] * k + map[i % kp]] += x;
                    }
                }
                Coincidences::Coincidence(po) => {
                    if !exact {
                        for (i, &x) in po.iter().enumerate() {
                            o[map[i / kp] * k + map[i % kp]] += x;
                        }
                    }
                }
            }
        }
        Ok(AlphaPartial {
            version: AGREE_PARTIAL_VERSION,
            scale: first.scale.clone(),
            n_units: parts.iter().map(|p| p.n_units).sum(),
            n_values: parts.iter().map(|p| p.n_values).sum(),
            coders,
            values,
            n_c,
            pairable_units: parts.iter().map(|p| p.pairable_units).sum(),
            pairs: parts.iter().map(|p| p.pairs).sum(),
            coincidences: if exact {
                Coincidences::PairCounts(acc)
            } else {
                Coincidences::Coincidence(o)
            },
        })
    }

    /// Krippendorff's α of the units behind the partial (with the bootstrap of `options`): the
    /// result of [`super::krippendorff_alpha`] on those units.
    ///
    /// # Errors
    /// As [`super::krippendorff_alpha`].
    pub fn alpha(&self, options: &AlphaOptions) -> Result<super::AlphaResult, AgreeError> {
        if let Some(b) = &options.bootstrap {
            validate_bootstrap(b)?;
        }
        let k = self.values.len();
        if k > MAX_DISTINCT_VALUES {
            return Err(AgreeError::TooManyValues {
                distinct: k,
                max: MAX_DISTINCT_VALUES,
            });
        }
        let metric = options
            .metric
            .unwrap_or_else(|| Metric::default_for(&self.scale));
        let o = match &self.coincidences {
            Coincidences::PairCounts(a) => coincidence_of_counts(a, k),
            Coincidences::Coincidence(o) => o.clone(),
        };
        if o.len() != k * k || !self.consistent() {
            return Err(mismatch(Vec::new(), &self.version.to_string()));
        }
        let co = Coincidence {
            k,
            o,
            n_c: self.n_c.clone(),
            n: self.n_c.iter().sum(),
            pairable_units: self.pairable_units,
            pairs: self.pairs,
        };
        alpha_of(
            co,
            &self.values,
            metric,
            self.n_units,
            self.coders.len(),
            options,
        )
    }

    fn agreement(&self, options: &AlphaOptions, group: Option<String>) -> Agreement {
        let (results, skipped) = match self.alpha(options) {
            Ok(a) => (vec![MeasureValue::KrippendorffAlpha(a)], Vec::new()),
            Err(error) => (
                Vec::new(),
                vec![SkippedMeasure {
                    measure: Measure::KrippendorffAlpha,
                    error,
                }],
            ),
        };
        Agreement {
            group,
            n_units: self.n_units,
            n_coders: self.coders.len(),
            n_values: self.n_values,
            results,
            skipped,
        }
    }
}

fn mismatch(mut path: Vec<Seg>, value: &str) -> AgreeError {
    path.insert(0, "partials".into());
    AgreeError::InvalidOption {
        path,
        value: value.to_owned(),
        expected: Expected::PartialOfOneAnalysis,
    }
}

impl AgreementPartial {
    /// The partial of `data`, overall and, with `by_group`, per group (every unit must carry a
    /// group, as for [`super::agreement_by_group`]).
    ///
    /// # Errors
    /// A unit without a group (with `by_group`); more than [`MAX_DISTINCT_VALUES`] values.
    pub fn of(data: &ReliabilityData, by_group: bool) -> Result<AgreementPartial, AgreeError> {
        let groups = if by_group {
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
            let mut out = Vec::with_capacity(names.len());
            for (group, units) in names.into_iter().zip(members) {
                let partial = AlphaPartial::of(&data.subset(&units))?;
                out.push(GroupPartial { group, partial });
            }
            Some(out)
        } else {
            None
        };
        Ok(AgreementPartial {
            version: AGREE_PARTIAL_VERSION,
            overall: AlphaPartial::of(data)?,
            groups,
        })
    }

    /// The partial of no coded unit (an empty partition, or one whose cells are all missing).
    #[must_use]
    pub fn empty(scale: &Scale, n_units: usize, coders: Vec<String>, by_group: bool) -> Self {
        AgreementPartial {
            version: AGREE_PARTIAL_VERSION,
            overall: AlphaPartial::empty(scale, n_units, coders),
            groups: by_group.then(Vec::new),
        }
    }

    /// Partials of consecutive parts of the units merged, in order (groups in order of first
    /// appearance).
    ///
    /// # Errors
    /// No partial; partials of another version or scale, or with and without groups.
    pub fn merge(parts: &[AgreementPartial]) -> Result<AgreementPartial, AgreeError> {
        let Some(first) = parts.first() else {
            return Err(mismatch(Vec::new(), "0"));
        };
        for (i, p) in parts.iter().enumerate() {
            if p.version != AGREE_PARTIAL_VERSION || p.groups.is_some() != first.groups.is_some() {
                return Err(mismatch(vec![Seg::Index(i)], &p.version.to_string()));
            }
        }
        let overall: Vec<AlphaPartial> = parts.iter().map(|p| p.overall.clone()).collect();
        let groups = match first.groups {
            None => None,
            Some(_) => {
                let mut names: Vec<&str> = Vec::new();
                for g in parts.iter().flat_map(|p| p.groups.iter().flatten()) {
                    if !names.contains(&g.group.as_str()) {
                        names.push(&g.group);
                    }
                }
                let mut out = Vec::with_capacity(names.len());
                for name in names {
                    let of: Vec<AlphaPartial> = parts
                        .iter()
                        .flat_map(|p| p.groups.iter().flatten())
                        .filter(|g| g.group == name)
                        .map(|g| g.partial.clone())
                        .collect();
                    out.push(GroupPartial {
                        group: name.to_owned(),
                        partial: AlphaPartial::merge(&of)?,
                    });
                }
                Some(out)
            }
        };
        Ok(AgreementPartial {
            version: AGREE_PARTIAL_VERSION,
            overall: AlphaPartial::merge(&overall)?,
            groups,
        })
    }

    /// Krippendorff's α overall and per group from the merged partial: the result of
    /// [`super::agreement_by_group`] (or [`super::agreement`] without groups) with the measures
    /// `[krippendorff_alpha]` and these α options, on the units behind the partial.
    ///
    /// # Errors
    /// Invalid bootstrap options.
    pub fn finish(&self, alpha: &AlphaOptions) -> Result<GroupedAgreement, AgreeError> {
        if let Some(b) = &alpha.bootstrap {
            validate_bootstrap(b)?;
        }
        let mut alpha = alpha.clone();
        alpha.metric = Some(
            alpha
                .metric
                .unwrap_or_else(|| Metric::default_for(&self.overall.scale)),
        );
        let spec = AgreementSpec {
            measures: vec![Measure::KrippendorffAlpha],
            alpha,
            ..AgreementSpec::default()
        };
        let groups = self
            .groups
            .iter()
            .flatten()
            .map(|g| g.partial.agreement(&spec.alpha, Some(g.group.clone())))
            .collect();
        let overall = self.overall.agreement(&spec.alpha, None);
        Ok(GroupedAgreement {
            spec,
            groups,
            overall,
        })
    }
}
