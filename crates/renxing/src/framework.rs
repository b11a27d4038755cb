//! Frameworks: the attributes, dimensions, levels, weights and remedies an assessment is judged
//! against (FRAMEWORK.md §8).
//!
//! The paper's framework is built in ([`Framework::paper`]) and mirrors the typed enums of
//! [`ids`](crate::ids). Custom frameworks are read from JSON or TOML and validated; every scoring,
//! diagnosis, comparison and chart function works on any valid framework.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::error::{FrameworkError, Issue, IssueCode, Issues, Msg, Path};
use crate::ids::{Attribute, Dimension, Level};
use crate::lang::Labels;
use crate::path;
use crate::remedies::{Remedy, PAPER_REMEDIES};

/// The `schema_version` of framework and assessment files this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The newest framework file version: 2 adds [`Framework::indicators`]. Versions 1 and 2 are
/// read; a framework is written as the version it was read with (a version-1 file cannot hold
/// indicators: they are refused at `indicators` with a message asking for version 2).
pub const FRAMEWORK_SCHEMA_VERSION: u32 = 2;

/// The id of the built-in framework of the paper (seed 000).
pub const PAPER_FRAMEWORK_ID: &str = "sanshe-liandong-2022";

impl From<&Remedy> for RemedyDef {
    /// A built-in remedy in the framework form.
    fn from(r: &Remedy) -> Self {
        RemedyDef {
            id: r.id.to_owned(),
            targets: r.targets.iter().map(|t| (*t).to_owned()).collect(),
            title: std::sync::Arc::new(r.title.to_labels()),
            detail: std::sync::Arc::new(r.detail.to_labels()),
            source: r.source.to_owned(),
            phases: r.phases.to_vec(),
        }
    }
}

crate::ids::id_enum! {
    /// The text format of a framework file.
    #[derive(Default)]
    FrameworkFormat, ("格式", "format"), 1 {
        /// JSON (the default).
        #[default]
        Json = "json", "JSON", "JSON";
        /// TOML.
        Toml = "toml", "TOML", "TOML";
    }
}

impl FrameworkFormat {
    /// The format of a file by its name: TOML for `*.toml` (any case), JSON otherwise. The one
    /// rule every front end uses.
    #[must_use]
    pub fn from_file_name(name: &str) -> Self {
        if name.to_ascii_lowercase().ends_with(".toml") {
            FrameworkFormat::Toml
        } else {
            FrameworkFormat::Json
        }
    }
}

/// A level of the framework's ordinal scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    /// Stable id (`"low"`).
    pub id: String,
    /// Labels by language.
    pub labels: Labels,
}

/// An attribute: a group of dimensions aggregated together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    /// Stable id (`"robustness"`).
    pub id: String,
    /// Labels by language.
    pub labels: Labels,
    /// What the attribute means, by language (optional).
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub description: Labels,
    /// Weight in the overall aggregate (default 1).
    #[serde(default = "one")]
    pub weight: f64,
    /// Report the attribute as its separate dimension readings (the paper's connectivity: with
    /// government / with residents) beside the merged level.
    #[serde(default, skip_serializing_if = "is_false")]
    pub split: bool,
}

/// A dimension: what a rater rates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionDef {
    /// Stable id (`"needs_met"`).
    pub id: String,
    /// The id of the attribute it belongs to.
    pub attribute: String,
    /// Labels by language.
    pub labels: Labels,
    /// What is judged, by language (optional).
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub description: Labels,
    /// Weight within its attribute (default 1).
    #[serde(default = "one")]
    pub weight: f64,
}

/// A remedy (优化路径) that a diagnosis recommends when one of its targets is weak.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemedyDef {
    /// Stable id.
    pub id: String,
    /// Attribute or dimension ids; the remedy applies when any of them is below the top level.
    pub targets: Vec<String>,
    /// A short title, by language.
    #[schemars(with = "Labels")]
    pub title: std::sync::Arc<Labels>,
    /// What to do, by language.
    #[schemars(with = "Labels")]
    pub detail: std::sync::Arc<Labels>,
    /// Where it comes from (for the built-in remedies: the seed file name, the key of its
    /// [`citation`](crate::timeline::citation)).
    pub source: String,
    /// The phases of the cycle it acts in (optional; empty = not tied to a phase). A diagnosis
    /// made in a phase leads with the remedies acting in the phase ahead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<crate::ids::Phase>,
}

/// A quantitative indicator measuring one dimension (`schema_version` 2): what the
/// composite-indicator pipeline ([`crate::composite`]) reads from a data table's column of the
/// same id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    /// Stable id; the data table's column header (`volunteers_per_1000`).
    pub id: String,
    /// The id of the dimension it measures.
    pub dimension: String,
    /// `benefit` (more is better) or `cost` (less is better).
    pub direction: crate::composite::Direction,
    /// The unit, by language (`{"zh": "人/千人", "en": "per 1,000 residents"}`).
    pub unit: Labels,
    /// Labels, one for every language of the framework's own `labels`.
    pub labels: Labels,
    /// Where the values come from (a survey, a statistical yearbook, …).
    pub source: String,
    /// Goalposts `[L, U]` (L < U, in the indicator's unit) for the `goalposts` normalisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goalposts: Option<[f64; 2]>,
    /// A target (in the indicator's unit) for the `target` normalisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// A weight (≥ 0) within its dimension, used when no weighting step sets indicator weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// A complete framework. Construct with [`Framework::paper`], [`Framework::from_json`] or
/// [`Framework::from_toml`]; a value built by hand should be checked with
/// [`Framework::validate`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// File format version: 1 ([`SCHEMA_VERSION`]) or 2 ([`FRAMEWORK_SCHEMA_VERSION`], needed
    /// for `indicators`); written back as read.
    pub schema_version: u32,
    /// Stable id; assessments name it in their `framework` field.
    pub id: String,
    /// The framework's name, by language.
    pub labels: Labels,
    /// Where the framework comes from (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The ordinal scale, lowest first (default: low, medium, high).
    #[serde(default = "paper_levels")]
    pub levels: Vec<LevelDef>,
    /// The attributes, in display order.
    pub attributes: Vec<AttributeDef>,
    /// The dimensions, in display order.
    pub dimensions: Vec<DimensionDef>,
    /// Remedies for diagnosis (optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remedies: Vec<RemedyDef>,
    /// Quantitative indicators per dimension (optional; `schema_version` 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorDef>,
}

fn one() -> f64 {
    1.0
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

fn paper_levels() -> Vec<LevelDef> {
    Level::ALL
        .iter()
        .map(|l| LevelDef {
            id: l.id().to_owned(),
            labels: l.text().to_labels(),
        })
        .collect()
}

static PAPER: LazyLock<Framework> = LazyLock::new(build_paper);

fn build_paper() -> Framework {
    Framework {
        schema_version: SCHEMA_VERSION,
        id: PAPER_FRAMEWORK_ID.to_owned(),
        labels: Labels::from_pairs([
            ("zh", "社区韧性视角下“三社联动”分析框架"),
            (
                "en",
                "Resilience framework for three-society linkage (三社联动)",
            ),
        ]),
        source: Some(
            "000_ebdaebbf0bcb582b.txt: 彭建军, 谭静. 基于多案例比较的“三社联动”社区韧性分析与优化. 南华大学学报(社会科学版), 2022(2)".to_owned(),
        ),
        levels: paper_levels(),
        attributes: Attribute::ALL
            .iter()
            .map(|a| AttributeDef {
                id: a.id().to_owned(),
                labels: a.text().to_labels(),
                description: a.description().to_labels(),
                weight: 1.0,
                split: *a == Attribute::Connectivity,
            })
            .collect(),
        dimensions: Dimension::ALL
            .iter()
            .map(|d| DimensionDef {
                id: d.id().to_owned(),
                attribute: d.attribute().id().to_owned(),
                labels: d.text().to_labels(),
                description: d.description().to_labels(),
                weight: 1.0,
            })
            .collect(),
        remedies: PAPER_REMEDIES.iter().map(RemedyDef::from).collect(),
        indicators: Vec::new(),
    }
}

impl Framework {
    /// The paper's framework (FRAMEWORK.md §1–6): 3 attributes, 8 dimensions, low/medium/high,
    /// equal weights, connectivity reported as two readings, the remedies of all five seeds.
    #[must_use]
    pub fn paper() -> &'static Framework {
        &PAPER
    }

    /// Whether this is the built-in paper framework (by id).
    #[must_use]
    pub fn is_paper(&self) -> bool {
        self.id == PAPER_FRAMEWORK_ID
    }

    /// Reads and validates a framework from a JSON value (an object shaped like the file).
    ///
    /// # Errors
    /// As [`Framework::from_json`].
    pub fn from_value(value: &serde_json::Value) -> Result<Self, FrameworkError> {
        let fw = Framework::deserialize(value).map_err(|e| FrameworkError::Parse {
            format: "json",
            message: e.to_string(),
        })?;
        fw.validate()?;
        Ok(fw)
    }

    /// Reads and validates a framework file's text in a format.
    ///
    /// # Errors
    /// As [`Framework::from_json`].
    pub fn read(text: &str, format: FrameworkFormat) -> Result<Self, FrameworkError> {
        match format {
            FrameworkFormat::Json => Framework::from_json(text),
            FrameworkFormat::Toml => Framework::from_toml(text),
        }
    }

    /// The framework as text in a format.
    ///
    /// # Errors
    /// As [`Framework::to_toml`].
    pub fn write(&self, format: FrameworkFormat) -> Result<String, FrameworkError> {
        match format {
            FrameworkFormat::Json => Ok(self.to_json()),
            FrameworkFormat::Toml => self.to_toml(),
        }
    }

    /// Reads and validates a framework from JSON.
    ///
    /// # Errors
    /// [`FrameworkError::Parse`] for malformed JSON or a wrong shape (unknown field, wrong type),
    /// [`FrameworkError::Invalid`] listing every rule broken.
    pub fn from_json(text: &str) -> Result<Self, FrameworkError> {
        let parse_error = |e: serde_json::Error| FrameworkError::Parse {
            format: "json",
            message: e.to_string(),
        };
        // Duplicate keys first (serde would keep the last silently), then the shape with the
        // parser's line and column.
        crate::json::parse(text).map_err(parse_error)?;
        let fw: Framework = serde_json::from_str(text).map_err(parse_error)?;
        fw.validate()?;
        Ok(fw)
    }

    /// Reads and validates a framework from TOML (the same fields as JSON).
    ///
    /// # Errors
    /// As [`Framework::from_json`].
    pub fn from_toml(text: &str) -> Result<Self, FrameworkError> {
        let fw: Framework = toml::from_str(text).map_err(|e| FrameworkError::Parse {
            format: "toml",
            message: e.to_string().trim_end().to_owned(),
        })?;
        fw.validate()?;
        Ok(fw)
    }

    /// The framework as pretty JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        crate::json::to_canonical_pretty(self).unwrap_or_default()
    }

    /// The framework as TOML.
    ///
    /// # Errors
    /// Never for a validated framework; [`FrameworkError::Parse`] if TOML cannot represent a value.
    pub fn to_toml(&self) -> Result<String, FrameworkError> {
        // One text per number in every format: a weight of -0 is written as 0, as the JSON
        // writer does (JavaScript's JSON loses the sign, so the front ends would differ).
        let mut fw = self.clone();
        for w in fw
            .attributes
            .iter_mut()
            .map(|a| &mut a.weight)
            .chain(fw.dimensions.iter_mut().map(|d| &mut d.weight))
        {
            if *w == 0.0 {
                *w = 0.0;
            }
        }
        toml::to_string(&fw).map_err(|e| FrameworkError::Parse {
            format: "toml",
            message: e.to_string(),
        })
    }

    /// Checks every rule and reports every problem at once: `schema_version`; ids non-empty and
    /// unique (attribute and dimension ids share one namespace, as remedies target both); at least
    /// two levels, one attribute and one dimension; every dimension under an existing attribute
    /// and every attribute with a dimension; weights finite and ≥ 0, not all 0 overall nor within
    /// an attribute; labels present; remedy targets that exist.
    ///
    /// # Errors
    /// [`FrameworkError::Invalid`] with one [`Issue`] per problem.
    pub fn validate(&self) -> Result<(), FrameworkError> {
        use crate::limits::{check, Limit};
        check(Limit::Levels, self.levels.len(), || path!["levels"])?;
        check(Limit::Dimensions, self.attributes.len(), || {
            path!["attributes"]
        })?;
        check(Limit::Dimensions, self.dimensions.len(), || {
            path!["dimensions"]
        })?;
        let mut issues = Vec::new();
        if !(SCHEMA_VERSION..=FRAMEWORK_SCHEMA_VERSION).contains(&self.schema_version) {
            let v = self.schema_version;
            issues.push(Issue::new(
                path!["schema_version"],
                IssueCode::UnsupportedVersion,
                Msg::new(
                    format!("不支持 schema_version {v};本库读取版本 {SCHEMA_VERSION} 与 {FRAMEWORK_SCHEMA_VERSION}"),
                    format!("schema_version {v} is not supported; this library reads versions {SCHEMA_VERSION} and {FRAMEWORK_SCHEMA_VERSION}"),
                ),
            ));
        }
        check_id(&mut issues, path!["id"], &self.id);
        check_labels(&mut issues, &path!["labels"], &self.labels);
        let n = self.levels.len();
        if n < 2 {
            issues.push(Issue::new(
                path!["levels"],
                IssueCode::InvalidValue,
                Msg::new(
                    format!("量表至少需要 2 个等级,实际 {n} 个"),
                    format!("a scale needs at least 2 levels, found {n}"),
                ),
            ));
        }
        if n > usize::from(u8::MAX - 1) {
            issues.push(Issue::new(
                path!["levels"],
                IssueCode::OutOfRange,
                Msg::new(
                    format!("最多 254 个等级,实际 {n} 个"),
                    format!("at most 254 levels, found {n}"),
                ),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, l) in self.levels.iter().enumerate() {
            let p = path!["levels", i];
            check_id(&mut issues, p.clone().key("id"), &l.id);
            if !l.id.is_empty() && !seen.insert(l.id.as_str()) {
                issues.push(dup(p.clone().key("id"), &l.id));
            }
            check_labels(&mut issues, &p.key("labels"), &l.labels);
        }
        if self.attributes.is_empty() {
            issues.push(Issue::new(
                path!["attributes"],
                IssueCode::Missing,
                Msg::new("至少需要一个属性", "at least one attribute is required"),
            ));
        }
        if self.dimensions.is_empty() {
            issues.push(Issue::new(
                path!["dimensions"],
                IssueCode::Missing,
                Msg::new("至少需要一个维度", "at least one dimension is required"),
            ));
        }
        let mut node_ids = BTreeSet::new();
        for (i, a) in self.attributes.iter().enumerate() {
            let p = path!["attributes", i];
            check_id(&mut issues, p.clone().key("id"), &a.id);
            if !a.id.is_empty() && !node_ids.insert(a.id.as_str()) {
                issues.push(dup(p.clone().key("id"), &a.id));
            }
            check_labels(&mut issues, &p.clone().key("labels"), &a.labels);
            check_weight(&mut issues, p.key("weight"), a.weight);
        }
        let attribute_ids: BTreeSet<&str> = self.attributes.iter().map(|a| a.id.as_str()).collect();
        for (i, d) in self.dimensions.iter().enumerate() {
            let p = path!["dimensions", i];
            check_id(&mut issues, p.clone().key("id"), &d.id);
            if !d.id.is_empty() && !node_ids.insert(d.id.as_str()) {
                issues.push(dup(p.clone().key("id"), &d.id));
            }
            if !attribute_ids.contains(d.attribute.as_str()) {
                let ids = join(attribute_ids.iter().copied());
                issues.push(Issue::new(
                    p.clone().key("attribute"),
                    IssueCode::UnknownId,
                    Msg::new(
                        format!("属性 {:?} 未定义;可用的属性:{ids}", d.attribute),
                        format!(
                            "attribute {:?} is not defined; expected one of: {ids}",
                            d.attribute
                        ),
                    ),
                ));
            }
            check_labels(&mut issues, &p.clone().key("labels"), &d.labels);
            check_weight(&mut issues, p.key("weight"), d.weight);
        }
        for (i, a) in self.attributes.iter().enumerate() {
            let dims: Vec<&DimensionDef> = self
                .dimensions
                .iter()
                .filter(|d| d.attribute == a.id)
                .collect();
            if dims.is_empty() {
                issues.push(Issue::new(
                    path!["attributes", i],
                    IssueCode::Missing,
                    Msg::new(
                        format!("属性 {:?} 没有维度", a.id),
                        format!("attribute {:?} has no dimension", a.id),
                    ),
                ));
            } else if dims.iter().all(|d| d.weight == 0.0) {
                issues.push(Issue::new(
                    path!["attributes", i],
                    IssueCode::InvalidValue,
                    Msg::new(
                        format!("属性 {:?} 的所有维度权重均为 0", a.id),
                        format!("every dimension of attribute {:?} has weight 0", a.id),
                    ),
                ));
            }
        }
        if !self.attributes.is_empty() && self.attributes.iter().all(|a| a.weight == 0.0) {
            issues.push(Issue::new(
                path!["attributes"],
                IssueCode::InvalidValue,
                Msg::new(
                    "所有属性权重均为 0;至少一个须为正",
                    "every attribute has weight 0; at least one must be positive",
                ),
            ));
        }
        let mut remedy_ids = BTreeSet::new();
        for (i, r) in self.remedies.iter().enumerate() {
            let p = path!["remedies", i];
            check_id(&mut issues, p.clone().key("id"), &r.id);
            if !r.id.is_empty() && !remedy_ids.insert(r.id.as_str()) {
                issues.push(dup(p.clone().key("id"), &r.id));
            }
            if r.targets.is_empty() {
                issues.push(Issue::new(
                    p.clone().key("targets"),
                    IssueCode::Missing,
                    Msg::new("对策至少需要一个目标", "a remedy needs at least one target"),
                ));
            }
            for (j, t) in r.targets.iter().enumerate() {
                if !node_ids.contains(t.as_str()) {
                    issues.push(Issue::new(
                        p.clone().key("targets").index(j),
                        IssueCode::UnknownId,
                        Msg::new(
                            format!("{t:?} 既不是本框架的属性也不是维度"),
                            format!(
                                "{t:?} is neither an attribute nor a dimension of this framework"
                            ),
                        ),
                    ));
                }
            }
            check_labels(&mut issues, &p.clone().key("title"), &r.title);
            check_labels(&mut issues, &p.key("detail"), &r.detail);
        }
        self.validate_indicators(&mut issues, &node_ids);
        if issues.is_empty() {
            Ok(())
        } else {
            Err(FrameworkError::Invalid(Issues(crate::limits::cap_issues(
                issues,
            ))))
        }
    }

    /// The indicator rules: `schema_version` 2; ids safe, unique and apart from the attribute and
    /// dimension ids; an existing dimension; unit and labels present, with a label for every
    /// language of the framework's `labels`; a non-empty source; goalposts finite with L < U; a
    /// finite target; a finite weight ≥ 0.
    fn validate_indicators(&self, issues: &mut Vec<Issue>, node_ids: &BTreeSet<&str>) {
        if self.indicators.is_empty() {
            return;
        }
        if self.schema_version < FRAMEWORK_SCHEMA_VERSION {
            issues.push(Issue::new(
                path!["indicators"],
                IssueCode::UnsupportedVersion,
                Msg::new(
                    format!("指标需要 schema_version {FRAMEWORK_SCHEMA_VERSION}"),
                    format!("indicators need schema_version {FRAMEWORK_SCHEMA_VERSION}"),
                ),
            ));
        }
        let dims: BTreeSet<&str> = self.dimensions.iter().map(|d| d.id.as_str()).collect();
        let mut seen = BTreeSet::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            let p = path!["indicators", i];
            check_id(issues, p.clone().key("id"), &ind.id);
            if !ind.id.is_empty() && !seen.insert(ind.id.as_str()) {
                issues.push(dup(p.clone().key("id"), &ind.id));
            } else if node_ids.contains(ind.id.as_str()) {
                issues.push(Issue::new(
                    p.clone().key("id"),
                    IssueCode::Duplicate,
                    Msg::new(
                        format!("指标 id {:?} 与某个属性或维度的 id 相同", ind.id),
                        format!(
                            "indicator id {:?} is also an attribute or dimension id",
                            ind.id
                        ),
                    ),
                ));
            }
            if !dims.contains(ind.dimension.as_str()) {
                let ids = join(dims.iter().copied());
                issues.push(Issue::new(
                    p.clone().key("dimension"),
                    IssueCode::UnknownId,
                    Msg::new(
                        format!("维度 {:?} 未定义;可用的维度:{ids}", ind.dimension),
                        format!(
                            "dimension {:?} is not defined; expected one of: {ids}",
                            ind.dimension
                        ),
                    ),
                ));
            }
            check_labels(issues, &p.clone().key("unit"), &ind.unit);
            check_labels(issues, &p.clone().key("labels"), &ind.labels);
            for lang in self.labels.0.keys() {
                if !ind.labels.0.contains_key(lang) {
                    issues.push(Issue::new(
                        p.clone().key("labels"),
                        IssueCode::Missing,
                        Msg::new(
                            format!("缺少语言 {lang:?} 的标签(框架的名称有该语言)"),
                            format!(
                                "a label in {lang:?} is missing (the framework's name has one)"
                            ),
                        ),
                    ));
                }
            }
            if ind.source.trim().is_empty() {
                issues.push(Issue::new(
                    p.clone().key("source"),
                    IssueCode::Missing,
                    Msg::new(
                        "须说明数据来源(如问卷、统计年鉴)",
                        "a source is required (a survey, a statistical yearbook, …)",
                    ),
                ));
            }
            if let Some([l, u]) = ind.goalposts {
                if !(l.is_finite() && u.is_finite()) {
                    issues.push(Issue::new(
                        p.clone().key("goalposts"),
                        IssueCode::NotFinite,
                        Msg::new(
                            format!("目标区间 [{l}, {u}] 必须是有限数"),
                            format!("goalposts [{l}, {u}] must be finite numbers"),
                        ),
                    ));
                } else if l >= u {
                    issues.push(Issue::new(
                        p.clone().key("goalposts"),
                        IssueCode::InvalidValue,
                        Msg::new(
                            format!("目标区间 [{l}, {u}] 须满足下限 < 上限"),
                            format!("goalposts [{l}, {u}] need lower < upper"),
                        ),
                    ));
                }
            }
            if let Some(t) = ind.target {
                if !t.is_finite() {
                    issues.push(Issue::new(
                        p.clone().key("target"),
                        IssueCode::NotFinite,
                        Msg::new(
                            format!("目标值 {t} 必须是有限数"),
                            format!("target {t} must be a finite number"),
                        ),
                    ));
                }
            }
            if let Some(w) = ind.weight {
                check_weight(issues, p.key("weight"), w);
            }
        }
    }

    /// The indicator with an id.
    #[must_use]
    pub fn indicator(&self, id: &str) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Number of levels of the scale.
    #[must_use]
    pub fn level_count(&self) -> u8 {
        u8::try_from(self.levels.len()).unwrap_or(u8::MAX)
    }

    /// The 1-based code of a level id.
    #[must_use]
    pub fn level_code(&self, id: &str) -> Option<u8> {
        self.levels
            .iter()
            .position(|l| l.id == id)
            .and_then(|i| u8::try_from(i + 1).ok())
    }

    /// The level with a 1-based code.
    #[must_use]
    pub fn level_by_code(&self, code: u8) -> Option<&LevelDef> {
        usize::from(code)
            .checked_sub(1)
            .and_then(|i| self.levels.get(i))
    }

    /// The attribute with an id.
    #[must_use]
    pub fn attribute(&self, id: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.id == id)
    }

    /// The dimension with an id.
    #[must_use]
    pub fn dimension(&self, id: &str) -> Option<&DimensionDef> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// The dimensions of an attribute, in order.
    pub fn dimensions_of<'a>(
        &'a self,
        attribute: &'a str,
    ) -> impl Iterator<Item = &'a DimensionDef> {
        self.dimensions
            .iter()
            .filter(move |d| d.attribute == attribute)
    }

    /// The label of an attribute, dimension or level id in a language (another language when
    /// the framework has none in this one), or `None` for an id the framework does not define:
    /// an unknown key is never echoed back as if it were a label. For a located, bilingual error
    /// (and modes and phases too) see [`table::label_of`](crate::table::label_of).
    ///
    /// ```
    /// use renxing::Framework;
    /// let fw = Framework::paper();
    /// assert_eq!(fw.label("needs_met", "zh"), Some("满足需求"));
    /// assert_eq!(fw.label("high", "en"), Some("High"));
    /// assert_eq!(fw.label("overall_score", "zh"), None);
    /// ```
    #[must_use]
    pub fn label(&self, id: &str, lang: &str) -> Option<&str> {
        if let Some(a) = self.attribute(id) {
            return Some(a.labels.get(lang));
        }
        if let Some(d) = self.dimension(id) {
            return Some(d.labels.get(lang));
        }
        self.levels
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.labels.get(lang))
    }

    /// For charts, reports and text: the label, or the id itself when the framework does not
    /// define it (a renderer shows what it is given). Not public: callers asking for a label get
    /// [`Framework::label`]'s `None`.
    pub(crate) fn label_or_id<'a>(&'a self, id: &'a str, lang: &str) -> &'a str {
        self.label(id, lang).unwrap_or(id)
    }
}

fn join<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.collect::<Vec<_>>().join(", ")
}

fn dup(path: Path, id: &str) -> Issue {
    Issue::new(
        path,
        IssueCode::Duplicate,
        Msg::new(
            format!("id {id:?} 重复使用"),
            format!("id {id:?} is used twice"),
        ),
    )
}

/// Whether a framework id (of the framework, a level, an attribute, a dimension, a remedy) is in
/// the safe alphabet: ASCII letters, digits, `_`, `-`, `.`, starting with a letter or digit, at most
/// [`MAX_ID_LEN`] characters. Ids end up in file names, HTML attributes, Markdown and CSV headers.
#[must_use]
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The longest id accepted.
pub const MAX_ID_LEN: usize = 64;

fn check_id(issues: &mut Vec<Issue>, path: Path, id: &str) {
    if id.trim().is_empty() {
        issues.push(Issue::new(
            path,
            IssueCode::InvalidValue,
            Msg::new("id 不能为空", "an id must not be empty"),
        ));
    } else if !is_safe_id(id) {
        let shown: String = id.chars().take(40).collect();
        issues.push(Issue::new(
            path,
            IssueCode::InvalidValue,
            Msg::new(
                format!(
                    "id {shown:?} 含有不允许的字符:只能用 ASCII 字母、数字、_、-、.(以字母或数字开头,最多 {MAX_ID_LEN} 个字符)"
                ),
                format!(
                    "id {shown:?} has characters outside the safe alphabet: ASCII letters, digits, _, - and . (starting with a letter or digit, at most {MAX_ID_LEN} characters)"
                ),
            ),
        ));
    }
}

fn check_labels(issues: &mut Vec<Issue>, path: &Path, labels: &Labels) {
    if labels.is_empty() {
        issues.push(Issue::new(
            path.clone(),
            IssueCode::Missing,
            Msg::new(
                "至少需要一个标签(如 {\"zh\": \"…\"})",
                "at least one label is required (e.g. {\"en\": \"…\"})",
            ),
        ));
    }
    for (lang, text) in &labels.0 {
        if lang.trim().is_empty() {
            issues.push(Issue::new(
                path.clone(),
                IssueCode::InvalidValue,
                Msg::new("语言标记不能为空", "a language tag must not be empty"),
            ));
        }
        if text.trim().is_empty() {
            issues.push(Issue::new(
                path.clone().key(lang.as_str()),
                IssueCode::InvalidValue,
                Msg::new("标签不能为空", "a label must not be empty"),
            ));
        }
    }
}

fn check_weight(issues: &mut Vec<Issue>, path: Path, w: f64) {
    if !w.is_finite() {
        issues.push(Issue::new(
            path,
            IssueCode::NotFinite,
            Msg::new(
                format!("权重 {w} 必须是有限数"),
                format!("weight {w} must be a finite number"),
            ),
        ));
    } else if w < 0.0 {
        issues.push(Issue::new(
            path,
            IssueCode::OutOfRange,
            Msg::new(
                format!("权重 {w} 必须 ≥ 0"),
                format!("weight {w} must be >= 0"),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_framework_is_valid_and_mirrors_enums() {
        let fw = Framework::paper();
        assert_eq!(fw.validate(), Ok(()));
        assert_eq!(fw.dimensions.len(), 8);
        assert_eq!(fw.attributes.len(), 3);
        for d in Dimension::ALL {
            let def = fw.dimension(d.id());
            assert_eq!(def.map(|x| x.attribute.as_str()), Some(d.attribute().id()));
        }
        assert_eq!(fw.level_code("medium"), Some(2));
        assert!(fw.attribute("connectivity").is_some_and(|a| a.split));
    }

    #[test]
    fn json_and_toml_round_trip() {
        let fw = Framework::paper();
        let back = Framework::from_json(&fw.to_json());
        assert_eq!(back.as_ref(), Ok(fw));
        let toml = fw.to_toml();
        assert!(toml.is_ok());
        let back = toml.and_then(|t| Framework::from_toml(&t));
        assert_eq!(back.as_ref(), Ok(fw));
    }

    #[test]
    fn validation_reports_every_problem() {
        let mut fw = Framework::paper().clone();
        fw.dimensions[0].weight = -1.0;
        fw.dimensions[1].id = "rules".into();
        fw.dimensions[2].attribute = "nowhere".into();
        fw.attributes[1].weight = f64::NAN;
        fw.schema_version = 9;
        let Err(FrameworkError::Invalid(issues)) = fw.validate() else {
            unreachable!("must be invalid")
        };
        let paths: Vec<String> = issues.0.iter().map(|i| i.path.to_string()).collect();
        let has = |p: &str| paths.iter().any(|x| x == p);
        assert!(has("schema_version"));
        assert!(has("dimensions[0].weight"));
        assert!(has("dimensions[2].id"), "{paths:?}");
        assert!(has("dimensions[2].attribute"));
        assert!(has("attributes[1].weight"));
        let weight = issues
            .0
            .iter()
            .find(|i| i.path == crate::path!["attributes", 1, "weight"]);
        assert_eq!(
            weight.map(|i| i.message.zh.as_str()),
            Some("权重 NaN 必须是有限数")
        );
    }

    #[test]
    fn parse_errors_are_typed() {
        let e = Framework::from_json("{\"schema_version\": 1,").err();
        assert!(matches!(
            e,
            Some(FrameworkError::Parse { format: "json", .. })
        ));
        let e = Framework::from_toml("schema_version = 1\nid = \"x\"\nbogus = 3").err();
        assert!(
            matches!(e, Some(FrameworkError::Parse { format: "toml", .. })),
            "{e:?}"
        );
    }

    fn with_indicator(version: u32, indicator: &str) -> String {
        format!(
            r#"{{"schema_version": {version}, "id": "t", "labels": {{"zh": "测", "en": "T"}},
            "attributes": [{{"id": "a", "labels": {{"en": "A"}}}}],
            "dimensions": [{{"id": "d", "attribute": "a", "labels": {{"en": "D"}}}}],
            "indicators": [{indicator}]}}"#
        )
    }

    const GOOD: &str = r#"{"id": "vol", "dimension": "d", "direction": "benefit",
        "unit": {"zh": "人/千人", "en": "per 1,000 residents"},
        "labels": {"zh": "志愿者", "en": "Volunteers"}, "source": "survey",
        "goalposts": [0, 50], "weight": 2}"#;

    #[test]
    fn indicators_read_validate_and_round_trip() -> Result<(), FrameworkError> {
        let fw = Framework::from_json(&with_indicator(2, GOOD))?;
        assert_eq!(
            fw.indicator("vol").and_then(|i| i.goalposts),
            Some([0.0, 50.0])
        );
        assert_eq!(Framework::from_json(&fw.to_json())?, fw);
        assert_eq!(Framework::from_toml(&fw.to_toml()?)?, fw);
        assert!(fw.to_json().contains("\"schema_version\": 2"));
        // a version-1 file without indicators still reads, and is written as version 1
        let mut v1 = Framework::paper().clone();
        v1.id = "old".into();
        let back = Framework::from_json(&v1.to_json())?;
        assert_eq!(back.schema_version, 1);
        assert!(!back.to_json().contains("indicators"));
        Ok(())
    }

    fn issue_paths(text: &str) -> Vec<(String, String, String)> {
        match Framework::from_json(text) {
            Err(FrameworkError::Invalid(i)) => {
                i.0.iter()
                    .map(|i| {
                        (
                            i.path.to_string(),
                            i.message.zh.clone(),
                            i.message.en.clone(),
                        )
                    })
                    .collect()
            }
            other => vec![(format!("{other:?}"), String::new(), String::new())],
        }
    }

    #[test]
    fn indicator_errors_name_the_field_in_both_languages() {
        let v1 = issue_paths(&with_indicator(1, GOOD));
        assert_eq!(v1.len(), 1);
        assert_eq!(v1[0].0, "indicators");
        assert_eq!(v1[0].1, "指标需要 schema_version 2");
        assert_eq!(v1[0].2, "indicators need schema_version 2");
        let bad = GOOD
            .replace("\"dimension\": \"d\"", "\"dimension\": \"nowhere\"")
            .replace("\"en\": \"Volunteers\"", "\"fr\": \"Bénévoles\"")
            .replace("[0, 50]", "[50, 0]")
            .replace("\"weight\": 2", "\"weight\": -1")
            .replace("\"survey\"", "\" \"");
        let got = issue_paths(&with_indicator(2, &bad));
        let paths: Vec<&str> = got.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            paths,
            [
                "indicators[0].dimension",
                "indicators[0].labels",
                "indicators[0].source",
                "indicators[0].goalposts",
                "indicators[0].weight"
            ]
        );
        assert_eq!(
            got[1].2,
            "a label in \"en\" is missing (the framework's name has one)"
        );
        assert_eq!(got[3].1, "目标区间 [50, 0] 须满足下限 < 上限");
        // duplicate ids, an id shared with a dimension, a wrong direction
        let two = format!("{GOOD}, {}", GOOD.replace("\"vol\"", "\"d\""));
        let got = issue_paths(&with_indicator(2, &format!("{GOOD}, {two}")));
        let paths: Vec<&str> = got.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(paths, ["indicators[1].id", "indicators[2].id"]);
        let e = Framework::from_json(&with_indicator(2, &GOOD.replace("benefit", "more")));
        assert!(matches!(e, Err(FrameworkError::Parse { .. })));
    }
}
