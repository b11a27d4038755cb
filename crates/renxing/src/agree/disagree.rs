//! The disagreement table: every unit where the coders differ, their values side by side.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::ReliabilityData;
use super::error::{check_option, AgreeError, Expected};

/// Options of [`disagreements`]. Default `more_than = 0`: list every unit whose coders differ
/// at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisagreementOptions {
    /// List a unit when its coders' max − min exceeds this (in codes, i.e. steps of a category
    /// scale, or in the units of a numeric one); ≥ 0.
    #[serde(default)]
    pub more_than: f64,
}

/// One coder's coding of a unit (value `None` when the coder did not code it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CoderValue {
    /// The coder.
    pub coder: String,
    /// The value (a code of a category scale), if coded.
    pub value: Option<f64>,
    /// The scale's label of the value, if the scale is labelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The coder's evidence, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// A unit where the coders differ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DisagreementRow {
    /// The unit.
    pub unit: String,
    /// Its group, if tagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// max − min of its values.
    pub spread: f64,
    /// One entry per coder of the table, in the table's coder order (missing ones too).
    pub codings: Vec<CoderValue>,
}

/// The disagreement table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DisagreementTable {
    /// The threshold used.
    pub more_than: f64,
    /// The coders (the columns).
    pub coders: Vec<String>,
    /// Units with two or more values (those that could disagree).
    pub n_units_compared: usize,
    /// The units listed, in unit order.
    pub rows: Vec<DisagreementRow>,
}

pub(crate) fn coder_value(data: &ReliabilityData, u: usize, k: usize) -> CoderValue {
    let value = data.value(u, k);
    CoderValue {
        coder: data.coders()[k].clone(),
        value,
        label: value.and_then(|v| data.scale().label_of(v).map(str::to_owned)),
        evidence: data.evidence(u, k).map(str::to_owned),
    }
}

/// Min and max of a unit's values, and how many there are.
pub(crate) fn unit_range(data: &ReliabilityData, u: usize) -> (usize, f64, f64) {
    let mut n = 0usize;
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for k in 0..data.n_coders() {
        if let Some(v) = data.value(u, k) {
            n += 1;
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    (n, lo, hi)
}

/// Every unit whose coders' max − min exceeds `options.more_than`, with each coder's value,
/// label and evidence.
///
/// ```
/// use renxing::agree::{disagreements, Coding, DisagreementOptions, ReliabilityData, Scale};
/// let scale = Scale::categories(3, ["low", "medium", "high"]);
/// let data = ReliabilityData::from_codings(&scale, &[
///     Coding::new("c1", "ann", "high").with_evidence("minutes p.3"),
///     Coding::new("c1", "bo", "low"),
///     Coding::new("c2", "ann", "medium"),
///     Coding::new("c2", "bo", "medium"),
/// ])?;
/// let t = disagreements(&data, &DisagreementOptions::default())?;
/// assert_eq!(t.rows.len(), 1);
/// assert_eq!(t.rows[0].unit, "c1");
/// assert_eq!(t.rows[0].codings[0].label.as_deref(), Some("high"));
/// assert_eq!(t.rows[0].codings[0].evidence.as_deref(), Some("minutes p.3"));
/// # Ok::<(), renxing::agree::AgreeError>(())
/// ```
pub fn disagreements(
    data: &ReliabilityData,
    options: &DisagreementOptions,
) -> Result<DisagreementTable, AgreeError> {
    check_option(
        &["more_than"],
        options.more_than,
        Expected::NonNegativeNumber,
        options.more_than >= 0.0,
    )?;
    let mut rows = Vec::new();
    let mut compared = 0usize;
    for u in 0..data.n_units() {
        let (n, lo, hi) = unit_range(data, u);
        if n < 2 {
            continue;
        }
        compared += 1;
        let spread = hi - lo;
        if spread > options.more_than {
            rows.push(DisagreementRow {
                unit: data.unit(u),
                group: data.group(u).map(str::to_owned),
                spread,
                codings: (0..data.n_coders())
                    .map(|k| coder_value(data, u, k))
                    .collect(),
            });
        }
    }
    Ok(DisagreementTable {
        more_than: options.more_than,
        coders: data.coders().to_vec(),
        n_units_compared: compared,
        rows,
    })
}
