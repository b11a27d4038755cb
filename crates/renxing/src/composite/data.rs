//! The input: a units × indicators matrix, indicator metadata and the hierarchy
//! (indicator → dimension → attribute → overall), and the [`Table`] type of every result table.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::{num_text, CompositeError, FieldPath};

/// Whether more of an indicator is better (`benefit`) or worse (`cost`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (the default).
    #[default]
    Benefit,
    /// Lower is better; normalisation reverses it.
    Cost,
}

/// One indicator's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorMeta {
    /// The indicator id (unique; the column name).
    pub id: String,
    /// The id of the dimension (group) it belongs to.
    pub dimension: String,
    /// Benefit or cost. Default benefit.
    #[serde(default)]
    pub direction: Direction,
    /// Goalposts `[L, U]` (L < U) for the `goalposts` normalisation, in the indicator's own unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goalposts: Option<[f64; 2]>,
    /// A target for the `target` normalisation, in the indicator's own unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// A weight (≥ 0) used when no weighting step sets the indicator weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

impl IndicatorMeta {
    /// A benefit indicator in `dimension` with no goalposts, target or weight.
    pub fn new(id: impl Into<String>, dimension: impl Into<String>) -> Self {
        IndicatorMeta {
            id: id.into(),
            dimension: dimension.into(),
            direction: Direction::Benefit,
            goalposts: None,
            target: None,
            weight: None,
        }
    }

    /// This indicator as a cost indicator.
    #[must_use]
    pub fn cost(mut self) -> Self {
        self.direction = Direction::Cost;
        self
    }
}

/// A dimension or attribute of the hierarchy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupSpec {
    /// The id.
    pub id: String,
    /// For a dimension, the id of its attribute (none when the hierarchy has no attribute
    /// level); for an attribute, always none (its parent is the overall index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A weight (≥ 0) used when no weighting step sets this level's weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

impl GroupSpec {
    /// A group with a parent and no weight.
    pub fn new(id: impl Into<String>, parent: Option<&str>) -> Self {
        GroupSpec {
            id: id.into(),
            parent: parent.map(str::to_string),
            weight: None,
        }
    }
}

/// The hierarchy above the indicators. Indicators name their dimension in
/// [`IndicatorMeta::dimension`].
///
/// * `dimensions` empty: the dimensions are the distinct `IndicatorMeta::dimension` ids in
///   order of first appearance, with no attribute level.
/// * `attributes` empty: no attribute level; the overall index aggregates the dimensions.
/// * otherwise every dimension names its attribute in `parent`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Hierarchy {
    /// The dimensions, in output order.
    #[serde(default)]
    pub dimensions: Vec<GroupSpec>,
    /// The attributes, in output order.
    #[serde(default)]
    pub attributes: Vec<GroupSpec>,
}

/// The input of a pipeline run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Dataset {
    /// Unit (row) ids, unique.
    pub units: Vec<String>,
    /// Indicator metadata, one per column, in column order; ids unique.
    pub indicators: Vec<IndicatorMeta>,
    /// The values, row-major `units.len() × indicators.len()`; NaN marks a missing value
    /// (in JSON: `null`). Infinite values are refused.
    #[serde(with = "nan::vec")]
    #[schemars(with = "Vec<Option<f64>>")]
    pub values: Vec<f64>,
    /// The hierarchy above the indicators.
    #[serde(default)]
    pub hierarchy: Hierarchy,
    /// Named unit grouping columns (e.g. `district`), one label per unit, for group imputation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unit_groups: BTreeMap<String, Vec<String>>,
    /// `Some(n)`: the `n` units are named by their row position (`"0"`, `"1"`, …) and `units`
    /// is empty, so that a million-unit matrix needs no million id strings (see
    /// [`Dataset::from_strided_positions`]). Not part of the JSON form.
    #[serde(skip)]
    pub positions: Option<usize>,
}

impl Dataset {
    /// A dataset with no hierarchy beyond the indicators' dimensions and no unit groups.
    pub fn new(units: Vec<String>, indicators: Vec<IndicatorMeta>, values: Vec<f64>) -> Self {
        Dataset {
            units,
            indicators,
            values,
            hierarchy: Hierarchy::default(),
            unit_groups: BTreeMap::new(),
            positions: None,
        }
    }

    /// The number of units (rows).
    #[must_use]
    pub fn n_units(&self) -> usize {
        self.positions.unwrap_or(self.units.len())
    }

    /// Unit `i`'s id (its row position when the units are named by position).
    #[must_use]
    pub fn unit_id(&self, i: usize) -> String {
        match self.positions {
            Some(_) => i.to_string(),
            None => self.units.get(i).cloned().unwrap_or_default(),
        }
    }

    /// This dataset with its units named in `units`: the row positions (`"0"`, `"1"`, …)
    /// written out when the units are named by position, else unchanged.
    #[must_use]
    pub fn named(mut self) -> Dataset {
        if let Some(n) = self.positions.take() {
            self.units = position_ids(n);
        }
        self
    }

    /// A dataset from a units × indicators matrix laid out in any order, as a numpy array or a
    /// typed array holds it: the value of unit `i` and indicator `j` is
    /// `values[i * unit_stride + j * indicator_stride]` (strides in elements; NaN = missing).
    /// A row-major matrix is `unit_stride = m, indicator_stride = 1`, a column-major (Fortran,
    /// or a transposed view) one `unit_stride = 1, indicator_stride = n`. The values are read
    /// once into the dataset's row-major matrix, which the pipeline then transforms in place;
    /// the result is the same as [`Dataset::new`] with the row-major values. `units` empty
    /// names the units by their row index (`"0"`, `"1"`, …, as a pandas `RangeIndex`).
    ///
    /// ```
    /// use renxing::composite::{Dataset, IndicatorMeta};
    /// // 3 units × 2 indicators, column-major: indicator a = 1, 2, 3; indicator b = 4, 5, 6
    /// let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let ind = vec![IndicatorMeta::new("a", "d"), IndicatorMeta::new("b", "d")];
    /// let d = Dataset::from_strided(Vec::new(), ind, 3, &v, 1, 3)?;
    /// assert_eq!(d.values, vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    /// assert_eq!(d.units, vec!["0", "1", "2"]);
    /// # Ok::<(), renxing::composite::CompositeError>(())
    /// ```
    ///
    /// # Errors
    /// `units` neither empty nor `n` long, or a matrix of `n × indicators.len()` that does not
    /// fit in `values` with these strides.
    pub fn from_strided(
        units: Vec<String>,
        indicators: Vec<IndicatorMeta>,
        n: usize,
        values: &[f64],
        unit_stride: usize,
        indicator_stride: usize,
    ) -> Result<Dataset, CompositeError> {
        Ok(Self::from_strided_positions(
            units,
            indicators,
            n,
            values,
            unit_stride,
            indicator_stride,
        )?
        .named())
    }

    /// As [`Dataset::from_strided`], but `units` empty names the units by position without
    /// writing the ids out: `units` stays empty and [`Dataset::positions`] is `Some(n)`.
    /// [`run_lean`](super::run_lean) then returns the positions
    /// ([`PipelineResult::positions`](super::PipelineResult::positions)) instead of ids; the
    /// other runs write the ids out first ([`Dataset::named`]), as does every other reader of
    /// a dataset.
    ///
    /// ```
    /// use renxing::composite::{Dataset, IndicatorMeta};
    /// let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let ind = vec![IndicatorMeta::new("a", "d"), IndicatorMeta::new("b", "d")];
    /// let d = Dataset::from_strided_positions(Vec::new(), ind, 3, &v, 2, 1)?;
    /// assert!(d.units.is_empty());
    /// assert_eq!((d.positions, d.n_units(), d.unit_id(2)), (Some(3), 3, "2".to_string()));
    /// assert_eq!(d.named().units, vec!["0", "1", "2"]);
    /// # Ok::<(), renxing::composite::CompositeError>(())
    /// ```
    ///
    /// # Errors
    /// As [`Dataset::from_strided`].
    pub fn from_strided_positions(
        units: Vec<String>,
        indicators: Vec<IndicatorMeta>,
        n: usize,
        values: &[f64],
        unit_stride: usize,
        indicator_stride: usize,
    ) -> Result<Dataset, CompositeError> {
        let m = indicators.len();
        let positions = units.is_empty().then_some(n);
        let units = if units.is_empty() {
            Vec::new()
        } else if units.len() != n {
            return Err(CompositeError::Shape {
                path: FieldPath::new(["units"]),
                expected: n,
                found: units.len(),
            });
        } else {
            units
        };
        let last = n.checked_sub(1).zip(m.checked_sub(1)).and_then(|(i, j)| {
            i.checked_mul(unit_stride)?
                .checked_add(j.checked_mul(indicator_stride)?)
        });
        if let Some(last) = last {
            if last >= values.len() {
                return Err(CompositeError::Shape {
                    path: FieldPath::new(["values"]),
                    expected: last.saturating_add(1),
                    found: values.len(),
                });
            }
        }
        let total = n.saturating_mul(m);
        let x = if n == 0 || m == 0 {
            Vec::new()
        } else if indicator_stride == 1 && unit_stride == m {
            values[..total].to_vec()
        } else {
            let mut x = Vec::with_capacity(total);
            if unit_stride == 1 {
                // column-major: blocks of rows, so that each column is read sequentially
                const BLOCK: usize = 256;
                let mut start = 0;
                while start < n {
                    let end = (start + BLOCK).min(n);
                    let base = x.len();
                    x.resize(base + (end - start) * m, 0.0);
                    for j in 0..m {
                        let col = &values[j * indicator_stride + start..j * indicator_stride + end];
                        for (r, &v) in col.iter().enumerate() {
                            x[base + r * m + j] = v;
                        }
                    }
                    start = end;
                }
            } else {
                for i in 0..n {
                    let row = i * unit_stride;
                    x.extend((0..m).map(|j| values[row + j * indicator_stride]));
                }
            }
            x
        };
        let mut d = Dataset::new(units, indicators, x);
        d.positions = positions;
        Ok(d)
    }

    /// Checks shapes, ids, finiteness (NaN allowed as missing) and metadata.
    ///
    /// # Errors
    /// The first problem found, with its path.
    pub fn validate(&self) -> Result<(), CompositeError> {
        let n = self.n_units();
        let m = self.indicators.len();
        if n == 0 {
            return Err(CompositeError::Empty {
                path: FieldPath::new(["units"]),
                min: 1,
            });
        }
        if m == 0 {
            return Err(CompositeError::Empty {
                path: FieldPath::new(["indicators"]),
                min: 1,
            });
        }
        let expected = n.saturating_mul(m);
        if self.values.len() != expected {
            return Err(CompositeError::Shape {
                path: FieldPath::new(["values"]),
                expected,
                found: self.values.len(),
            });
        }
        unique(
            self.units.iter().map(String::as_str),
            &FieldPath::new(["units"]),
        )?;
        unique(
            self.indicators.iter().map(|i| i.id.as_str()),
            &FieldPath::new(["indicators"]),
        )?;
        for (k, v) in self.values.iter().enumerate() {
            if v.is_infinite() {
                return Err(CompositeError::NotFinite {
                    path: FieldPath::new(["values"]).with(k / m).with(k % m),
                    value: num_text(*v),
                });
            }
            if v.abs() > crate::limits::MAX_MAGNITUDE {
                // sums of squares (z-scores, CRITIC, TOPSIS) of such values overflow
                return Err(CompositeError::InvalidParameter {
                    path: FieldPath::new(["values"]).with(k / m).with(k % m),
                    value: format!("{v:e}"),
                    reason: "a value within ±1e15 (beyond, sums of squares overflow)".into(),
                });
            }
        }
        for (j, ind) in self.indicators.iter().enumerate() {
            let p = FieldPath::new(["indicators"]).with(j);
            if ind.id.is_empty() {
                return Err(CompositeError::InvalidParameter {
                    path: p.with("id"),
                    value: "\"\"".into(),
                    reason: "an id must not be empty".into(),
                });
            }
            if let Some([l, u]) = ind.goalposts {
                if !(l.is_finite() && u.is_finite() && l < u) {
                    return Err(CompositeError::InvalidParameter {
                        path: p.with("goalposts"),
                        value: format!("[{}, {}]", num_text(l), num_text(u)),
                        reason: "goalposts must be finite with L < U".into(),
                    });
                }
            }
            if let Some(t) = ind.target {
                super::error::finite(|| p.with("target"), t)?;
            }
            if let Some(w) = ind.weight {
                check_weight(&p.with("weight"), w)?;
            }
        }
        for (name, labels) in &self.unit_groups {
            if labels.len() != n {
                return Err(CompositeError::Shape {
                    path: FieldPath::new(["unit_groups", name.as_str()]),
                    expected: n,
                    found: labels.len(),
                });
            }
        }
        Structure::resolve(self)?;
        Ok(())
    }
}

/// Unit ids `"0"`, `"1"`, … `n − 1` (row positions).
#[must_use]
pub(crate) fn position_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| i.to_string()).collect()
}

pub(crate) fn check_weight(path: &FieldPath, w: f64) -> Result<(), CompositeError> {
    if !w.is_finite() || w < 0.0 {
        return Err(CompositeError::InvalidParameter {
            path: path.clone(),
            value: num_text(w),
            reason: "a weight must be finite and ≥ 0".into(),
        });
    }
    Ok(())
}

/// A multiply–rotate hasher (the Fx hash of rustc) for checking a million unit ids for
/// duplicates: SipHash took a third of a 1,000,000 × 32 pipeline run.
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn unique<'a>(
    ids: impl Iterator<Item = &'a str> + Clone,
    path: &FieldPath,
) -> Result<(), CompositeError> {
    // Ids in strictly increasing shortlex order (length, then bytes) are distinct: row
    // positions ("0", "1", … "10") and most generated ids ("u1" … "u10") are, and need no hash
    // set of a million entries.
    let mut it = ids.clone();
    if let Some(mut prev) = it.next() {
        if it.all(|id| {
            let up = (id.len(), id.as_bytes()) > (prev.len(), prev.as_bytes());
            prev = id;
            up
        }) {
            return Ok(());
        }
    }
    let (lower, _) = ids.size_hint();
    let mut seen: HashSet<&str, BuildHasherDefault<FxHasher>> =
        HashSet::with_capacity_and_hasher(lower, BuildHasherDefault::default());
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            return Err(CompositeError::Duplicate {
                path: path.with(i),
                id: id.to_string(),
            });
        }
    }
    Ok(())
}

/// The hierarchy resolved to indices.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Structure {
    /// Dimension ids in output order.
    pub dims: Vec<String>,
    /// Metadata weights of dimensions (None if any is missing).
    pub dim_meta_weights: Option<Vec<f64>>,
    /// Attribute ids (empty = no attribute level).
    pub attrs: Vec<String>,
    /// Metadata weights of attributes.
    pub attr_meta_weights: Option<Vec<f64>>,
    /// For each dimension, its attribute index (when there are attributes).
    pub dim_attr: Vec<usize>,
}

impl Structure {
    pub fn resolve(d: &Dataset) -> Result<Structure, CompositeError> {
        let h = &d.hierarchy;
        let mut dims: Vec<String> = Vec::new();
        let mut dim_meta_weights = None;
        if h.dimensions.is_empty() {
            let mut seen = HashSet::new();
            for ind in &d.indicators {
                if seen.insert(ind.dimension.as_str()) {
                    dims.push(ind.dimension.clone());
                }
            }
            if !h.attributes.is_empty() {
                return Err(CompositeError::InvalidParameter {
                    path: FieldPath::new(["hierarchy", "dimensions"]),
                    value: "[]".into(),
                    reason: "attributes are given, so the dimensions must be listed with their attribute as parent".into(),
                });
            }
        } else {
            unique(
                h.dimensions.iter().map(|g| g.id.as_str()),
                &FieldPath::new(["hierarchy", "dimensions"]),
            )?;
            dims = h.dimensions.iter().map(|g| g.id.clone()).collect();
            let mut ws = Vec::with_capacity(dims.len());
            for (k, g) in h.dimensions.iter().enumerate() {
                if let Some(w) = g.weight {
                    check_weight(
                        &FieldPath::new(["hierarchy", "dimensions"])
                            .with(k)
                            .with("weight"),
                        w,
                    )?;
                    ws.push(w);
                }
            }
            if ws.len() == dims.len() {
                dim_meta_weights = Some(ws);
            }
            let known: HashSet<&str> = dims.iter().map(String::as_str).collect();
            for (j, ind) in d.indicators.iter().enumerate() {
                if !known.contains(ind.dimension.as_str()) {
                    return Err(CompositeError::UnknownId {
                        path: FieldPath::new(["indicators"]).with(j).with("dimension"),
                        id: ind.dimension.clone(),
                    });
                }
            }
        }
        let mut attrs = Vec::new();
        let mut attr_meta_weights = None;
        let mut dim_attr = Vec::new();
        if !h.attributes.is_empty() {
            unique(
                h.attributes.iter().map(|g| g.id.as_str()),
                &FieldPath::new(["hierarchy", "attributes"]),
            )?;
            attrs = h.attributes.iter().map(|g| g.id.clone()).collect();
            let mut ws = Vec::new();
            for (k, g) in h.attributes.iter().enumerate() {
                if let Some(w) = g.weight {
                    check_weight(
                        &FieldPath::new(["hierarchy", "attributes"])
                            .with(k)
                            .with("weight"),
                        w,
                    )?;
                    ws.push(w);
                }
            }
            if ws.len() == attrs.len() {
                attr_meta_weights = Some(ws);
            }
            let pos: HashMap<&str, usize> = attrs
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), i))
                .collect();
            for (k, g) in h.dimensions.iter().enumerate() {
                let p = FieldPath::new(["hierarchy", "dimensions"])
                    .with(k)
                    .with("parent");
                match &g.parent {
                    None => {
                        return Err(CompositeError::InvalidParameter {
                            path: p,
                            value: "null".into(),
                            reason: "every dimension needs its attribute when attributes are given"
                                .into(),
                        })
                    }
                    Some(a) => match pos.get(a.as_str()) {
                        Some(&i) => dim_attr.push(i),
                        None => {
                            return Err(CompositeError::UnknownId {
                                path: p,
                                id: a.clone(),
                            })
                        }
                    },
                }
            }
        } else {
            for (k, g) in h.dimensions.iter().enumerate() {
                if let Some(a) = &g.parent {
                    return Err(CompositeError::UnknownId {
                        path: FieldPath::new(["hierarchy", "dimensions"])
                            .with(k)
                            .with("parent"),
                        id: a.clone(),
                    });
                }
            }
        }
        Ok(Structure {
            dims,
            dim_meta_weights,
            attrs,
            attr_meta_weights,
            dim_attr,
        })
    }
}

/// A named table: row ids × column ids, values row-major.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// Row ids (units).
    pub rows: Vec<String>,
    /// Column ids (indicators, dimensions, …).
    pub columns: Vec<String>,
    /// Values, row-major `rows.len() × columns.len()`; NaN (JSON `null`) = missing.
    #[serde(with = "nan::vec")]
    #[schemars(with = "Vec<Option<f64>>")]
    pub values: Vec<f64>,
}

impl Table {
    /// The value at (row, column), if in range.
    #[must_use]
    pub fn get(&self, row: usize, col: usize) -> Option<f64> {
        if row < self.rows.len() && col < self.columns.len() {
            self.values.get(row * self.columns.len() + col).copied()
        } else {
            None
        }
    }

    /// The value for ids, if present.
    #[must_use]
    pub fn at(&self, row: &str, col: &str) -> Option<f64> {
        let r = self.rows.iter().position(|x| x == row)?;
        let c = self.columns.iter().position(|x| x == col)?;
        self.get(r, c)
    }

    /// One column, copied.
    #[must_use]
    pub fn column(&self, col: usize) -> Vec<f64> {
        let m = self.columns.len();
        if col >= m {
            return Vec::new();
        }
        self.values.iter().skip(col).step_by(m).copied().collect()
    }
}

/// Serde helpers: NaN (a missing value) ↔ JSON `null`, so results with missing values read
/// back.
pub(crate) mod nan {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_nan() {
            s.serialize_none()
        } else {
            s.serialize_f64(*v)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }

    pub mod vec {
        use serde::ser::SerializeSeq;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(v.len()))?;
            for x in v {
                if x.is_nan() {
                    seq.serialize_element(&Option::<f64>::None)?;
                } else {
                    seq.serialize_element(x)?;
                }
            }
            seq.end()
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
            Ok(Vec::<Option<f64>>::deserialize(d)?
                .into_iter()
                .map(|x| x.unwrap_or(f64::NAN))
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::composite::{run, Pipeline};
    use proptest::prelude::*;

    fn metas(m: usize) -> Vec<IndicatorMeta> {
        (0..m)
            .map(|j| {
                let i = IndicatorMeta::new(format!("i{j}"), format!("d{}", j % 3));
                if j % 4 == 3 {
                    i.cost()
                } else {
                    i
                }
            })
            .collect()
    }

    /// The full pipeline of the issue's speed section (checks, mean imputation, min–max,
    /// entropy weights, aggregation, banding, TOPSIS) with obstacles and ranks.
    fn full() -> Pipeline {
        serde_json::from_str(
            r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "mean"},
            {"step": "normalise"}, {"step": "weight", "method": "entropy"}, {"step": "aggregate"},
            {"step": "band", "levels": ["low", "medium", "high"], "thresholds": [40.0, 60.0]}, {"step": "topsis"},
            {"step": "obstacle"}, {"step": "rank"}], "keep_intermediates": true}"#,
        )
        .unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn strided_layouts_read_the_same_matrix() {
        // 3 units × 2 indicators: row-major, column-major and a padded row-major buffer
        let rows = [1.0, 4.0, 2.0, 5.0, 3.0, f64::NAN];
        let cols = [1.0, 2.0, 3.0, 4.0, 5.0, f64::NAN];
        let padded = [1.0, 4.0, -9.0, 2.0, 5.0, -9.0, 3.0, f64::NAN];
        let units: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
        for (v, us, is) in [(&rows[..], 2, 1), (&cols[..], 1, 3), (&padded[..], 3, 1)] {
            let d = Dataset::from_strided(units.clone(), metas(2), 3, v, us, is)
                .unwrap_or_else(|e| unreachable!("{e}"));
            assert_eq!(d.units, units);
            assert_eq!(&d.values[..5], &[1.0, 4.0, 2.0, 5.0, 3.0]);
            assert!(d.values[5].is_nan());
        }
        // unit ids by position
        let d = Dataset::from_strided(Vec::new(), metas(2), 3, &rows, 2, 1)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(d.units, vec!["0", "1", "2"]);
    }

    #[test]
    fn strided_shape_errors_name_the_field() {
        let v = [1.0; 6];
        let e = Dataset::from_strided(vec!["a".into()], metas(2), 3, &v, 2, 1);
        assert!(
            matches!(e, Err(CompositeError::Shape { ref path, expected: 3, found: 1 }) if path.to_string() == "units")
        );
        // 4 units × 2 would need 8 values
        let e = Dataset::from_strided(Vec::new(), metas(2), 4, &v, 2, 1);
        assert!(matches!(
            e,
            Err(CompositeError::Shape {
                expected: 8,
                found: 6,
                ..
            })
        ));
        // column-major 3 × 3 would need 9
        let e = Dataset::from_strided(Vec::new(), metas(3), 3, &v, 1, 3);
        assert!(matches!(
            e,
            Err(CompositeError::Shape {
                expected: 9,
                found: 6,
                ..
            })
        ));
    }

    #[test]
    fn duplicate_units_are_found_in_any_order() {
        for ids in [["0", "1", "0"], ["b", "a", "b"], ["u1", "u2", "u2"]] {
            let d = Dataset::new(
                ids.iter().map(|s| s.to_string()).collect(),
                metas(1),
                vec![1.0, 2.0, 3.0],
            );
            assert!(
                matches!(d.validate(), Err(CompositeError::Duplicate { .. })),
                "{ids:?}"
            );
        }
        // increasing in length-then-bytes order: distinct, accepted without hashing
        let d = Dataset::new(
            ["9", "10", "11"].iter().map(|s| s.to_string()).collect(),
            metas(1),
            vec![1.0, 2.0, 3.0],
        );
        assert!(d.validate().is_ok());
    }

    /// Empties every table's rows and the check ids, as `run_lean` leaves them.
    fn strip(r: &mut crate::composite::PipelineResult) {
        use crate::composite::StepReport;
        let t = |t: &mut Table| t.rows.clear();
        t(&mut r.final_table);
        for s in &mut r.steps {
            match &mut s.report {
                StepReport::Check(c) => c.units.ids.clear(),
                StepReport::Impute(x) => x.table.iter_mut().for_each(t),
                StepReport::Treat(x) => x.table.iter_mut().for_each(t),
                StepReport::Normalise(x) => x.table.iter_mut().for_each(t),
                StepReport::Aggregate(x) => {
                    t(&mut x.dimensions);
                    x.attributes.iter_mut().for_each(t);
                }
                StepReport::Obstacle(x) => {
                    x.indicators.iter_mut().for_each(t);
                    t(&mut x.dimensions);
                    x.attributes.iter_mut().for_each(t);
                }
                _ => {}
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The buffer path (any layout) gives the general path's result exactly: same steps,
        /// same numbers, same ranks.
        #[test]
        fn from_strided_runs_as_the_general_path(
            n in 3usize..40,
            m in 2usize..7,
            layout in 0usize..3,
            pad in 0usize..3,
            seed in any::<u64>(),
        ) {
            let mut s = seed | 1;
            let mut next = || {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 11) as f64 / (1u64 << 53) as f64
            };
            let rows: Vec<f64> = (0..n * m)
                .map(|k| {
                    // a missing value now and then, never a whole row or the first row
                    if k >= m && k % 11 == 5 { f64::NAN } else { 1.0 + 99.0 * next() }
                })
                .collect();
            let (buf, us, is) = match layout {
                0 => {
                    let w = m + pad;
                    let mut b = vec![-1.0; n * w];
                    for i in 0..n {
                        b[i * w..i * w + m].copy_from_slice(&rows[i * m..(i + 1) * m]);
                    }
                    (b, w, 1)
                }
                1 => {
                    let h = n + pad;
                    let mut b = vec![-1.0; h * m];
                    for i in 0..n {
                        for j in 0..m {
                            b[j * h + i] = rows[i * m + j];
                        }
                    }
                    (b, 1, h)
                }
                _ => {
                    // every other row of a 2n-row matrix (a sliced numpy view)
                    let mut b = vec![-1.0; 2 * n * m];
                    for i in 0..n {
                        b[2 * i * m..2 * i * m + m].copy_from_slice(&rows[i * m..(i + 1) * m]);
                    }
                    (b, 2 * m, 1)
                }
            };
            let general = Dataset::new(crate::composite::data::position_ids(n), metas(m), rows);
            let strided = Dataset::from_strided(Vec::new(), metas(m), n, &buf, us, is)
                .unwrap_or_else(|e| unreachable!("{e}"));
            prop_assert_eq!(strided.values.len(), general.values.len());
            for (a, b) in strided.values.iter().zip(&general.values) {
                prop_assert!(a.to_bits() == b.to_bits());
            }
            let p = full();
            let a = run(&p, &strided).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let b = run(&p, &general).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(a.steps.len(), 9);
            prop_assert_eq!(a.ranks(), b.ranks());
            let (oa, ob) = (&a.aggregation().unwrap_or_else(|| unreachable!()).overall,
                            &b.aggregation().unwrap_or_else(|| unreachable!()).overall);
            prop_assert_eq!(oa.len(), n);
            for (x, y) in oa.iter().zip(ob) {
                prop_assert!((x - y).abs() <= 1e-12);
            }
            // the lean run (the array path's) differs only by the rows and check ids it leaves out
            let mut lean = crate::composite::run_lean(&p, strided.clone())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut b2 = b.clone();
            strip(&mut lean);
            strip(&mut b2);
            prop_assert_eq!(&lean, &b2);
            // units named by position: the lean run carries the positions instead of the ids,
            // everything else the same
            let positional = Dataset::from_strided_positions(Vec::new(), metas(m), n, &buf, us, is)
                .unwrap_or_else(|e| unreachable!("{e}"));
            prop_assert!(positional.units.is_empty() && positional.positions == Some(n));
            let mut lp = crate::composite::run_lean(&p, positional.clone())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(lp.units.is_empty());
            prop_assert_eq!(lp.positions.take(), Some((0..n).collect::<Vec<_>>()));
            lp.units.clone_from(&lean.units);
            prop_assert_eq!(&lp, &lean);
            // the other runs write the positions out as ids
            let named = run(&p, &positional).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&named, &b);
            prop_assert_eq!(a, b);
        }
    }
}
