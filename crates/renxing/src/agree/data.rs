//! The reliability data: units × coders with missing values, on a category scale or a numeric one.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::AgreeError;

/// Marks a missing cell in the code matrix.
pub(crate) const MISSING: u32 = u32::MAX;

/// The scale the coders' values are on.
///
/// ```
/// use renxing::agree::Scale;
/// let levels = Scale::categories(3, ["low", "medium", "high"]);
/// assert_eq!(levels.code_of("medium"), Some(2));
/// let json = serde_json::to_string(&Scale::Numeric).unwrap();
/// assert_eq!(json, r#"{"kind":"numeric"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scale {
    /// Ordered categories with the codes `1..=levels` (1 the lowest), optionally labelled.
    /// The default α metric is ordinal; κ's weights use the codes.
    Categories {
        /// The number of categories (≥ 2).
        levels: u32,
        /// One label per level, lowest first (a coding may give the label instead of the code);
        /// empty for none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        labels: Vec<String>,
    },
    /// Any finite numbers. The default α metric is interval; the categories of κ, AC1 and
    /// percent agreement are the distinct values observed.
    Numeric,
}

impl Scale {
    /// A labelled category scale (`labels` lowest first; give an empty list for none).
    pub fn categories<S: Into<String>>(levels: u32, labels: impl IntoIterator<Item = S>) -> Self {
        Scale::Categories {
            levels,
            labels: labels.into_iter().map(Into::into).collect(),
        }
    }

    /// An unlabelled category scale with the codes `1..=levels`.
    #[must_use]
    pub fn levels(levels: u32) -> Self {
        Scale::Categories {
            levels,
            labels: Vec::new(),
        }
    }

    /// The code (1-based) of a label, if the scale has that label.
    #[must_use]
    pub fn code_of(&self, label: &str) -> Option<u32> {
        match self {
            Scale::Categories { labels, .. } => labels
                .iter()
                .position(|l| l == label)
                .and_then(|i| u32::try_from(i + 1).ok()),
            Scale::Numeric => None,
        }
    }

    /// The label of a value, if the scale is labelled and the value is one of its codes.
    #[must_use]
    pub fn label_of(&self, value: f64) -> Option<&str> {
        match self {
            Scale::Categories { labels, .. } if value >= 1.0 && value.fract() == 0.0 => {
                labels.get(value as usize - 1).map(String::as_str)
            }
            _ => None,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), AgreeError> {
        if let Scale::Categories { levels, labels } = self {
            if *levels < 2 {
                return Err(AgreeError::TooFewLevels { levels: *levels });
            }
            // the domain holds one entry per level: 4 billion levels would abort on allocation
            let max = super::alpha::MAX_DISTINCT_VALUES;
            if *levels as usize > max {
                return Err(AgreeError::TooManyValues {
                    distinct: *levels as usize,
                    max,
                });
            }
            if !labels.is_empty() && labels.len() != *levels as usize {
                return Err(AgreeError::LabelCount {
                    levels: *levels,
                    labels: labels.len(),
                });
            }
            for (i, l) in labels.iter().enumerate() {
                if l.is_empty() || labels[..i].contains(l) {
                    return Err(AgreeError::BadLabel {
                        index: i,
                        label: l.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// A coder's value: a number (a category code or a numeric value) or a category label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Value {
    /// A number: a code `1..=levels` on a category scale, any finite number on a numeric one.
    Number(f64),
    /// A label of a category scale.
    Label(String),
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Number(v)
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Number(f64::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Label(v.to_owned())
    }
}

/// One coding in long form: coder `coder` gave unit `unit` the value `value`.
///
/// A missing coding is simply absent. `group` tags the unit (a dimension, an attribute) for
/// [`super::agreement_by_group`]; `evidence` is an opaque text shown in the disagreement table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Coding {
    /// The unit coded (e.g. `"riverside/needs_met"` for a community × dimension).
    pub unit: String,
    /// The coder.
    pub coder: String,
    /// The value.
    pub value: Value,
    /// Evidence the coder cites (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The group of the unit (all codings of a unit must carry the same group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl Coding {
    /// A coding without evidence or group.
    pub fn new(unit: impl Into<String>, coder: impl Into<String>, value: impl Into<Value>) -> Self {
        Coding {
            unit: unit.into(),
            coder: coder.into(),
            value: value.into(),
            evidence: None,
            group: None,
        }
    }

    /// The same coding with evidence.
    #[must_use]
    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = Some(evidence.into());
        self
    }

    /// The same coding tagged with a group.
    #[must_use]
    pub fn in_group(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }
}

/// Reliability data: units × coders, each cell a value or missing.
///
/// Values are stored as indices into the value domain ([`ReliabilityData::domain`]): the codes
/// `1..=levels` of a category scale (all of them, used or not), or the distinct values observed on
/// a numeric scale, in increasing order. Units and coders keep the order of their first appearance.
///
/// ```
/// use renxing::agree::{Coding, ReliabilityData, Scale};
/// let scale = Scale::categories(3, ["low", "medium", "high"]);
/// let data = ReliabilityData::from_codings(
///     &scale,
///     &[
///         Coding::new("c1", "ann", "high"),
///         Coding::new("c1", "bo", 2u32),
///         Coding::new("c2", "ann", 1u32),
///     ],
/// )?;
/// assert_eq!((data.n_units(), data.n_coders(), data.n_values()), (2, 2, 3));
/// assert_eq!(data.value(0, 0), Some(3.0));
/// assert_eq!(data.value(1, 1), None);
/// # Ok::<(), renxing::agree::AgreeError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ReliabilityData {
    scale: Scale,
    units: UnitIds,
    coders: Vec<String>,
    /// Per unit its group; empty when no unit has one (array input).
    groups: Vec<Option<String>>,
    /// Row-major units × coders; an index into `domain` or [`MISSING`].
    cells: Vec<u32>,
    domain: Vec<f64>,
    /// Evidence by cell index, sorted by cell.
    evidence: Vec<(usize, String)>,
}

/// Unit ids: given, or the numbers `0`, `1`, … of an array's units (made when asked for, so an
/// array of a million units allocates no names).
#[derive(Clone, Debug, PartialEq)]
enum UnitIds {
    Given(Vec<String>),
    Numbered(usize),
}

impl UnitIds {
    fn len(&self) -> usize {
        match self {
            UnitIds::Given(v) => v.len(),
            UnitIds::Numbered(n) => *n,
        }
    }

    fn get(&self, u: usize) -> String {
        match self {
            UnitIds::Given(v) => v.get(u).cloned().unwrap_or_default(),
            UnitIds::Numbered(_) => u.to_string(),
        }
    }
}

fn canonical(v: f64) -> f64 {
    // -0.0 and 0.0 are one value.
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// Turn validated finite values into indices of the domain.
fn build_domain(scale: &Scale, raw: &[f64]) -> (Vec<f64>, Vec<u32>) {
    match scale {
        Scale::Categories { levels, .. } => {
            let domain: Vec<f64> = (1..=*levels).map(f64::from).collect();
            let cells = raw
                .iter()
                .map(|&v| if v.is_nan() { MISSING } else { v as u32 - 1 })
                .collect();
            (domain, cells)
        }
        Scale::Numeric => {
            let mut domain: Vec<f64> = raw.iter().copied().filter(|v| !v.is_nan()).collect();
            domain.sort_by(f64::total_cmp);
            domain.dedup();
            let cells = raw
                .iter()
                .map(|&v| {
                    if v.is_nan() {
                        MISSING
                    } else {
                        domain
                            .binary_search_by(|d| d.total_cmp(&v))
                            .map_or(MISSING, |i| i as u32)
                    }
                })
                .collect();
            (domain, cells)
        }
    }
}

/// Check one number against the scale; `row` names it in errors.
fn check_number(scale: &Scale, row: usize, v: f64) -> Result<f64, AgreeError> {
    if !v.is_finite() {
        return Err(AgreeError::NonFiniteValue {
            row,
            value: format!("{v}"),
        });
    }
    if let Scale::Categories { levels, .. } = scale {
        if v.fract() != 0.0 || v < 1.0 || v > f64::from(*levels) {
            return Err(AgreeError::NotACode {
                row,
                value: v,
                levels: *levels,
            });
        }
    }
    Ok(canonical(v))
}

impl ReliabilityData {
    /// Build from a long list of codings. Rejects an empty list, empty ids, a repeated
    /// (unit, coder) pair (naming the row and the first one), non-finite numbers, numbers that are
    /// not codes of a category scale, unknown labels, and a unit tagged with two groups.
    pub fn from_codings(scale: &Scale, codings: &[Coding]) -> Result<Self, AgreeError> {
        scale.validate()?;
        if codings.is_empty() {
            return Err(AgreeError::NoCodings);
        }
        let mut unit_ix: HashMap<&str, usize> = HashMap::new();
        let mut coder_ix: HashMap<&str, usize> = HashMap::new();
        let mut units: Vec<String> = Vec::new();
        let mut coders: Vec<String> = Vec::new();
        let mut groups: Vec<Option<String>> = Vec::new();
        let mut group_row: Vec<usize> = Vec::new();
        let mut located = Vec::with_capacity(codings.len());
        for (row, c) in codings.iter().enumerate() {
            for (field, id) in [("unit", &c.unit), ("coder", &c.coder)] {
                if id.is_empty() {
                    return Err(AgreeError::EmptyId {
                        row,
                        field: field.to_owned(),
                    });
                }
            }
            let u = *unit_ix.entry(c.unit.as_str()).or_insert_with(|| {
                units.push(c.unit.clone());
                groups.push(None);
                group_row.push(row);
                units.len() - 1
            });
            let k = *coder_ix.entry(c.coder.as_str()).or_insert_with(|| {
                coders.push(c.coder.clone());
                coders.len() - 1
            });
            if let Some(g) = &c.group {
                match &groups[u] {
                    None => groups[u] = Some(g.clone()),
                    Some(first) if first != g => {
                        return Err(AgreeError::ConflictingGroup {
                            row,
                            unit: c.unit.clone(),
                            group: g.clone(),
                            first_group: first.clone(),
                        })
                    }
                    Some(_) => {}
                }
            }
            let v = match &c.value {
                Value::Number(v) => check_number(scale, row, *v)?,
                Value::Label(l) => match scale {
                    Scale::Numeric => {
                        return Err(AgreeError::LabelOnNumericScale {
                            row,
                            label: l.clone(),
                        })
                    }
                    Scale::Categories { .. } => match scale.code_of(l) {
                        Some(code) => f64::from(code),
                        None => {
                            return Err(AgreeError::UnknownLabel {
                                row,
                                label: l.clone(),
                            })
                        }
                    },
                },
            };
            located.push((u, k, v));
        }
        let nc = coders.len();
        let mut raw = vec![f64::NAN; units.len() * nc];
        let mut first_row = vec![usize::MAX; units.len() * nc];
        let mut evidence = Vec::new();
        for (row, &(u, k, v)) in located.iter().enumerate() {
            let cell = u * nc + k;
            if first_row[cell] != usize::MAX {
                return Err(AgreeError::DuplicateCoding {
                    row,
                    first_row: first_row[cell],
                    unit: units[u].clone(),
                    coder: coders[k].clone(),
                });
            }
            first_row[cell] = row;
            raw[cell] = v;
            if let Some(e) = &codings[row].evidence {
                evidence.push((cell, e.clone()));
            }
        }
        evidence.sort_by_key(|(cell, _)| *cell);
        let (domain, cells) = build_domain(scale, &raw);
        Ok(ReliabilityData {
            scale: scale.clone(),
            units: UnitIds::Given(units),
            coders,
            groups,
            cells,
            domain,
            evidence,
        })
    }

    /// Build from an array: `n_units × n_coders` values in row-major order
    /// (`values[u * n_coders + c]`), NaN for a missing value (the layout numpy and
    /// `krippendorff.alpha` use). Units and coders are named by their index (`"0"`, `"1"`, …),
    /// unique by construction, so this skips [`from_matrix`](Self::from_matrix)'s id checks and
    /// its `Option` copy: the fast path for large arrays. Errors name the cell index as `row`.
    ///
    /// ```
    /// use renxing::agree::{ReliabilityData, Scale};
    /// let d = ReliabilityData::from_array(&Scale::levels(3), 2, 2, &[1.0, 1.0, 2.0, f64::NAN])?;
    /// assert_eq!((d.n_units(), d.n_coders()), (2, 2));
    /// assert_eq!(d.value(1, 1), None);
    /// # Ok::<(), renxing::agree::AgreeError>(())
    /// ```
    pub fn from_array(
        scale: &Scale,
        n_units: usize,
        n_coders: usize,
        values: &[f64],
    ) -> Result<Self, AgreeError> {
        let expected = n_units.saturating_mul(n_coders);
        if values.len() != expected {
            return Err(AgreeError::MatrixShape {
                expected,
                found: values.len(),
            });
        }
        Self::from_strided(scale, n_units, n_coders, values, n_coders, 1)
    }

    /// Build from an array laid out in any order: the value of unit `u` by coder `c` is
    /// `values[u * unit_stride + c * coder_stride]` (strides in elements), NaN for a missing value.
    /// A coders × units array in row-major order (`krippendorff.alpha`'s `reliability_data`) is
    /// `unit_stride = 1, coder_stride = n_units`; a Fortran-ordered or transposed numpy view is
    /// read in place, without a copy. Units and coders are named by their index, as in
    /// [`from_array`](Self::from_array), and errors name the cell by its index in units × coders
    /// row-major order (`u * n_coders + c`), whatever the layout.
    ///
    /// ```
    /// use renxing::agree::{ReliabilityData, Scale};
    /// // 2 coders × 3 units, row-major: coder 0 gives 1, 2, 3; coder 1 gives 1, 2, missing
    /// let v = [1.0, 2.0, 3.0, 1.0, 2.0, f64::NAN];
    /// let d = ReliabilityData::from_strided(&Scale::levels(3), 3, 2, &v, 1, 3)?;
    /// assert_eq!(d.value(2, 0), Some(3.0));
    /// assert_eq!(d.value(2, 1), None);
    /// # Ok::<(), renxing::agree::AgreeError>(())
    /// ```
    pub fn from_strided(
        scale: &Scale,
        n_units: usize,
        n_coders: usize,
        values: &[f64],
        unit_stride: usize,
        coder_stride: usize,
    ) -> Result<Self, AgreeError> {
        scale.validate()?;
        let expected = n_units.saturating_mul(n_coders);
        // the last element the strides reach must lie in `values`, which holds at least one
        // element per cell (no zero strides repeating one value)
        let reach = if expected == 0 {
            Some(0)
        } else {
            (n_units - 1)
                .checked_mul(unit_stride)
                .zip((n_coders - 1).checked_mul(coder_stride))
                .and_then(|(a, b)| a.checked_add(b))
                .and_then(|last| last.checked_add(1))
        };
        match reach {
            Some(r) if r <= values.len() && expected <= values.len() => {}
            _ => {
                return Err(AgreeError::MatrixShape {
                    expected,
                    found: values.len(),
                })
            }
        }
        let at = |u: usize, c: usize| values[u * unit_stride + c * coder_stride];
        // The first bad value in units × coders order, for the error (a slow pass, taken only
        // when the fast one met a value it could not take).
        let first_error = || -> AgreeError {
            for u in 0..n_units {
                for c in 0..n_coders {
                    let v = at(u, c);
                    if !v.is_nan() {
                        if let Err(e) = check_number(scale, u * n_coders + c, v) {
                            return e;
                        }
                    }
                }
            }
            AgreeError::NoCodings
        };
        let mut cells = vec![MISSING; expected];
        // Walk the source in its memory order (the smaller stride innermost).
        let coder_major = unit_stride < coder_stride;
        let domain: Vec<f64> = match scale {
            Scale::Categories { levels, .. } => {
                let levels = *levels;
                // NaN and every non-code fail the one comparison `f64::from(k) == v`; no branch
                // on the value (missing cells are frequent and unpredictable)
                let code = |v: f64| -> (u32, bool) {
                    let k = v as u32;
                    let ok = f64::from(k) == v && k >= 1 && k <= levels;
                    (if ok { k - 1 } else { MISSING }, !ok && !v.is_nan())
                };
                let mut bad = false;
                // Blocks of 64 units: the block's cells stay in the first-level cache while each
                // coder's values are read in order (a plain transpose would stream the whole cell
                // array once per coder).
                const BLOCK: usize = 64;
                let nc = n_coders.max(1);
                for (b, block) in cells.chunks_mut(BLOCK * nc).enumerate() {
                    let u0 = b * BLOCK;
                    let rows = block.len() / nc;
                    if unit_stride == 0 || coder_stride == 0 {
                        // a broadcast view (a stride of 0): cell by cell
                        for (i, dst) in block.iter_mut().enumerate() {
                            let (k, b) = code(at(u0 + i / nc, i % nc));
                            *dst = k;
                            bad |= b;
                        }
                    } else if coder_major {
                        for c in 0..n_coders {
                            let start = u0 * unit_stride + c * coder_stride;
                            // in bounds: the reach was checked above
                            let src = values[start..].iter().step_by(unit_stride).take(rows);
                            for (dst, &v) in block[c..].iter_mut().step_by(nc).zip(src) {
                                let (k, b) = code(v);
                                *dst = k;
                                bad |= b;
                            }
                        }
                    } else {
                        for (t, dst_row) in block.chunks_exact_mut(nc).enumerate() {
                            let start = (u0 + t) * unit_stride;
                            let src = values[start..].iter().step_by(coder_stride);
                            for (dst, &v) in dst_row.iter_mut().zip(src) {
                                let (k, b) = code(v);
                                *dst = k;
                                bad |= b;
                            }
                        }
                    }
                }
                if bad {
                    return Err(first_error());
                }
                (1..=levels).map(f64::from).collect()
            }
            Scale::Numeric => {
                // not the fast path: gather in units × coders order and share `build_domain`
                let mut raw = Vec::with_capacity(expected);
                for u in 0..n_units {
                    for c in 0..n_coders {
                        let v = at(u, c);
                        if !v.is_nan() && !v.is_finite() {
                            return Err(first_error());
                        }
                        raw.push(canonical(v));
                    }
                }
                let (domain, numeric_cells) = build_domain(scale, &raw);
                cells = numeric_cells;
                domain
            }
        };
        let any = cells.iter().any(|&c| c != MISSING);
        if !any {
            return Err(AgreeError::NoCodings);
        }
        Ok(ReliabilityData {
            scale: scale.clone(),
            units: UnitIds::Numbered(n_units),
            coders: (0..n_coders).map(|i| i.to_string()).collect(),
            groups: Vec::new(),
            cells,
            domain,
            evidence: Vec::new(),
        })
    }

    /// Build from a units × coders matrix in row-major order (`values[u * coders.len() + c]`),
    /// `None` for a missing value. Errors name the cell as `["values", index]`-style rows
    /// (`row` = the cell index). Ids must be non-empty and unique.
    pub fn from_matrix(
        scale: &Scale,
        units: Vec<String>,
        coders: Vec<String>,
        values: &[Option<f64>],
    ) -> Result<Self, AgreeError> {
        scale.validate()?;
        let expected = units.len() * coders.len();
        if values.len() != expected {
            return Err(AgreeError::MatrixShape {
                expected,
                found: values.len(),
            });
        }
        for (field, ids) in [("unit", &units), ("coder", &coders)] {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (i, id) in ids.iter().enumerate() {
                if id.is_empty() {
                    return Err(AgreeError::EmptyId {
                        row: i,
                        field: field.to_owned(),
                    });
                }
                if let Some(&first) = seen.get(id.as_str()) {
                    return Err(AgreeError::DuplicateId {
                        field: field.to_owned(),
                        index: i,
                        first_index: first,
                        id: id.clone(),
                    });
                }
                seen.insert(id.as_str(), i);
            }
        }
        let mut raw = Vec::with_capacity(values.len());
        let mut any = false;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    raw.push(check_number(scale, i, *v)?);
                    any = true;
                }
                None => raw.push(f64::NAN),
            }
        }
        if !any {
            return Err(AgreeError::NoCodings);
        }
        let (domain, cells) = build_domain(scale, &raw);
        Ok(ReliabilityData {
            scale: scale.clone(),
            units: UnitIds::Given(units),
            coders,
            groups: Vec::new(),
            cells,
            domain,
            evidence: Vec::new(),
        })
    }

    /// The scale.
    #[must_use]
    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// The id of unit `unit` (an index): as given, or its number for data read from an array
    /// (`"0"`, `"1"`, …); empty past the last unit.
    #[must_use]
    pub fn unit(&self, unit: usize) -> String {
        self.units.get(unit)
    }

    /// The unit ids, in order of first appearance (made for array data; prefer
    /// [`unit`](Self::unit) for one).
    #[must_use]
    pub fn units(&self) -> Vec<String> {
        (0..self.units.len()).map(|u| self.units.get(u)).collect()
    }

    /// The coder ids, in order of first appearance.
    #[must_use]
    pub fn coders(&self) -> &[String] {
        &self.coders
    }

    /// Number of units.
    #[must_use]
    pub fn n_units(&self) -> usize {
        self.units.len()
    }

    /// Number of coders.
    #[must_use]
    pub fn n_coders(&self) -> usize {
        self.coders.len()
    }

    /// Number of values present (non-missing cells).
    #[must_use]
    pub fn n_values(&self) -> usize {
        self.cells.iter().filter(|&&c| c != MISSING).count()
    }

    /// The value domain: the codes `1..=levels` of a category scale, or the distinct values of a
    /// numeric one in increasing order.
    #[must_use]
    pub fn domain(&self) -> &[f64] {
        &self.domain
    }

    /// The value coder `coder` gave unit `unit` (both indices), if any.
    #[must_use]
    pub fn value(&self, unit: usize, coder: usize) -> Option<f64> {
        if unit >= self.units.len() || coder >= self.coders.len() {
            return None;
        }
        let c = self.cells[unit * self.coders.len() + coder];
        (c != MISSING).then(|| self.domain[c as usize])
    }

    /// The evidence coder `coder` gave for unit `unit`, if any.
    #[must_use]
    pub fn evidence(&self, unit: usize, coder: usize) -> Option<&str> {
        let cell = unit * self.coders.len() + coder;
        self.evidence
            .binary_search_by_key(&cell, |(c, _)| *c)
            .ok()
            .map(|i| self.evidence[i].1.as_str())
    }

    /// The group of a unit, if tagged.
    #[must_use]
    pub fn group(&self, unit: usize) -> Option<&str> {
        self.groups.get(unit).and_then(|g| g.as_deref())
    }

    /// The distinct groups, in order of first appearance (units without a group add none).
    #[must_use]
    pub fn groups(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for g in self.groups.iter().flatten() {
            if seen.insert(g.as_str()) {
                out.push(g.clone());
            }
        }
        out
    }

    /// The code matrix row of one unit (indices into the domain or `MISSING`).
    pub(crate) fn row(&self, unit: usize) -> &[u32] {
        let nc = self.coders.len();
        &self.cells[unit * nc..(unit + 1) * nc]
    }

    /// The same data with a group per unit (e.g. the dimension of each row of an array), for
    /// [`super::agreement_by_group`] and [`super::AgreementPartial::of`].
    ///
    /// # Errors
    /// [`AgreeError::MatrixShape`] when there is not one group per unit.
    pub fn with_groups(mut self, groups: Vec<Option<String>>) -> Result<Self, AgreeError> {
        if groups.len() != self.units.len() {
            return Err(AgreeError::MatrixShape {
                expected: self.units.len(),
                found: groups.len(),
            });
        }
        self.groups = groups;
        Ok(self)
    }

    /// The data restricted to some units (in the order given); coders without a value in them
    /// are dropped; the domain of a category scale stays `1..=levels`, that of a numeric scale
    /// is recomputed from the values kept.
    #[must_use]
    pub fn subset(&self, units: &[usize]) -> ReliabilityData {
        let nc = self.coders.len();
        let keep_coder: Vec<bool> = (0..nc)
            .map(|k| {
                units
                    .iter()
                    .any(|&u| u < self.units.len() && self.cells[u * nc + k] != MISSING)
            })
            .collect();
        let coders: Vec<String> = (0..nc)
            .filter(|&k| keep_coder[k])
            .map(|k| self.coders[k].clone())
            .collect();
        let new_nc = coders.len();
        let mut raw = Vec::with_capacity(units.len() * new_nc);
        let mut evidence = Vec::new();
        let mut kept_units = Vec::with_capacity(units.len());
        let mut groups = Vec::with_capacity(units.len());
        for &u in units.iter().filter(|&&u| u < self.units.len()) {
            let new_u = kept_units.len();
            kept_units.push(self.units.get(u));
            groups.push(self.groups.get(u).cloned().flatten());
            for (new_k, k) in (0..nc).filter(|&k| keep_coder[k]).enumerate() {
                let c = self.cells[u * nc + k];
                raw.push(if c == MISSING {
                    f64::NAN
                } else {
                    self.domain[c as usize]
                });
                if let Some(e) = self.evidence(u, k) {
                    evidence.push((new_u * new_nc + new_k, e.to_owned()));
                }
            }
        }
        let (domain, cells) = build_domain(&self.scale, &raw);
        ReliabilityData {
            scale: self.scale.clone(),
            units: UnitIds::Given(kept_units),
            coders,
            groups,
            cells,
            domain,
            evidence,
        }
    }
}
