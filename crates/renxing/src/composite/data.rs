//! The input: a units × indicators matrix, indicator metadata and the hierarchy
//! (indicator → dimension → attribute → overall), and the [`Table`] type of every result table.

use std::collections::{BTreeMap, HashMap, HashSet};

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
        }
    }

    /// Checks shapes, ids, finiteness (NaN allowed as missing) and metadata.
    ///
    /// # Errors
    /// The first problem found, with its path.
    pub fn validate(&self) -> Result<(), CompositeError> {
        let n = self.units.len();
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

fn unique<'a>(ids: impl Iterator<Item = &'a str>, path: &FieldPath) -> Result<(), CompositeError> {
    let mut seen = HashSet::new();
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
