//! Summaries of many diagnoses (issue 15): what an analyst wants to know of 600,000
//! [`Diagnosis`]es at once — how many units were diagnosed (and how many had unrated
//! dimensions), how many are at each overall level, at each level per attribute and per
//! dimension, how many have each deficit and how severe it is on average, to how many each
//! remedy is recommended (and among their top `k`), which reference case they are nearest to and
//! which governance mode they name. Shares are derived from the counts when the summary is made.
//!
//! # Exact and mergeable over level codes
//!
//! A diagnosis of level codes depends on the row of codes only (`0` = unrated). So a set of
//! rows is summarised exactly by its **histogram of distinct code rows** ([`SummaryPartial`]: at
//! most `(levels + 1)^dimensions` entries, 4⁸ = 65,536 for the paper's framework, kept sorted);
//! two histograms merge by adding counts (associative, commutative, integer: exact whatever
//! the partitioning), and the finish diagnoses each distinct row **once**, with the same
//! [`diagnose_in`] as a single assessment, and weights its contribution by its count. The sums
//! behind the means run over the distinct rows in their sorted order, so the summary is the same
//! bits however the rows were split, merged, or ordered. The in-memory summary of a codes array
//! is the finish of that array's histogram: one code path.
//!
//! # Assessments
//!
//! An assessment can carry more than a row of codes (0–100 scores, two answers, several
//! coders, a mode, a phase), so a list of assessments is not a histogram: each is diagnosed
//! ([`diagnose_in`], in `spec.phase` or else its own) and added in the order given
//! ([`Summarizer::add_assessment`]); counts are exact, the means are sums in that order. Only
//! assessments can count modes (codes carry none). A [`Summarizer`] takes both, assessments
//! first, then a histogram.
//!
//! ```
//! use renxing::summary::{SummaryPartial, SummarySpec};
//! use renxing::Framework;
//! let fw = Framework::paper();
//! let spec = SummarySpec::default();
//! // three communities: two all "low", one all "high" (8 dimensions each)
//! let codes = [[1u8; 8], [3u8; 8], [1u8; 8]].concat();
//! let whole = SummaryPartial::of_codes(fw, &spec, &codes)?;
//! let (a, b) = (
//!     SummaryPartial::of_codes(fw, &spec, &codes[..8])?,
//!     SummaryPartial::of_codes(fw, &spec, &codes[8..])?,
//! );
//! assert_eq!(SummaryPartial::merge(&[b, a])?, whole); // any split, any order
//! let s = whole.finish(fw)?;
//! assert_eq!((s.units, s.distinct_rows), (3, Some(2)));
//! assert_eq!(s.overall.counts, vec![2, 0, 1]); // low, medium, high
//! # Ok::<(), renxing::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::diagnose::{diagnose_in, DeficitKind, Diagnosis};
use crate::error::{BatchError, CompareError, Error, ErrorCode, Msg, Path, Problem};
use crate::framework::{Framework, LevelDef};
use crate::ids::{Mode, Phase};
use crate::lang::Labels;
use crate::rating::Rating;
use crate::score::{Engine, ScoreOptions};

/// The version of [`SummaryPartial`] (another version is refused by the merge and the finish).
pub const SUMMARY_PARTIAL_VERSION: u32 = 1;

/// The default number of top remedies counted per unit ([`SummarySpec::top_k`]).
pub const DEFAULT_TOP_K: usize = 3;

/// Histograms denser than this many cells (`(levels + 1)^dimensions`) are counted in a map.
const DENSE_MAX: usize = 1 << 16;

/// Distinct rows diagnosed per block of work (the blocks run in parallel; their sums are added
/// in block order, so the result does not depend on the number of threads).
const BLOCK: usize = 256;

fn default_top_k() -> usize {
    DEFAULT_TOP_K
}

/// How a summary is made: recorded in every partial and in the summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummarySpec {
    /// Scoring options (method, weights) of every diagnosis.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The phase the diagnoses are made in (remedies acting in the phase ahead rank first).
    /// Default: none for codes; an assessment's own phase for assessments.
    #[serde(default)]
    pub phase: Option<Phase>,
    /// How many of each unit's remedies, highest priority first, count as its "top" remedies
    /// (default 3).
    #[serde(default = "default_top_k")]
    pub top_k: usize,
    /// A level code 0 means "not rated" (else a code 0 is an error).
    #[serde(default)]
    pub unrated: bool,
}

impl Default for SummarySpec {
    fn default() -> Self {
        SummarySpec {
            options: ScoreOptions::default(),
            phase: None,
            top_k: DEFAULT_TOP_K,
            unrated: false,
        }
    }
}

/// The histogram of distinct level-code rows of some units: what a partition sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryPartial {
    /// [`SUMMARY_PARTIAL_VERSION`].
    pub version: u32,
    /// The framework's id.
    pub framework: String,
    /// Its dimension ids, in order (the columns of `codes`).
    pub dimensions: Vec<String>,
    /// Its level ids, lowest first (code c is `levels[c − 1]`; 0 = unrated).
    pub levels: Vec<String>,
    /// How the summary is made.
    pub spec: SummarySpec,
    /// The number of units (the sum of `counts`).
    pub units: u64,
    /// The distinct rows, row-major (`counts.len() × dimensions.len()` codes), in increasing
    /// lexicographic order.
    pub codes: Vec<u8>,
    /// How many units have each distinct row.
    pub counts: Vec<u64>,
}

fn problem(path: Path, zh: String, en: String) -> Error {
    Problem::new(ErrorCode::SummaryInput, Msg::new(zh, en))
        .at(path)
        .into()
}

impl SummaryPartial {
    /// The partial of no unit.
    #[must_use]
    pub fn empty(framework: &Framework, spec: &SummarySpec) -> Self {
        SummaryPartial {
            version: SUMMARY_PARTIAL_VERSION,
            framework: framework.id.clone(),
            dimensions: framework.dimensions.iter().map(|d| d.id.clone()).collect(),
            levels: framework.levels.iter().map(|l| l.id.clone()).collect(),
            spec: spec.clone(),
            units: 0,
            codes: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// The histogram of row-major level codes (`rows × dimensions`, each 1..=levels, or 0 with
    /// `spec.unrated`).
    ///
    /// # Errors
    /// [`ErrorCode::BatchInput`] at `codes` for a length that is not a multiple of the dimensions,
    /// [`BatchError::LevelCode`] for the first bad code (row, column, dimension, value); the
    /// scoring options' errors ([`Engine::new`]).
    pub fn of_codes(
        framework: &Framework,
        spec: &SummarySpec,
        codes: &[u8],
    ) -> Result<Self, Error> {
        Engine::new(framework, &spec.options)?;
        let d = framework.dimensions.len();
        let mut out = SummaryPartial::empty(framework, spec);
        if d == 0 || codes.len() % d != 0 {
            let n = codes.len();
            return Err(Problem::new(
                ErrorCode::BatchInput,
                Msg::new(
                    format!("codes 有 {n} 个代码,不是维度数 {d} 的整数倍(每行每个维度一个代码)"),
                    format!(
                        "codes has {n} codes, not a multiple of the {d} dimensions (one code per dimension in every row)"
                    ),
                ),
            )
            .at(Path::from("codes"))
            .into());
        }
        let k = framework.level_count();
        let lo = u8::from(!spec.unrated);
        for (i, &c) in codes.iter().enumerate() {
            if c < lo || c > k {
                return Err(BatchError::LevelCode {
                    row: i / d,
                    column: i % d,
                    dimension: framework.dimensions[i % d].id.clone(),
                    value: c,
                    max: k,
                }
                .into());
            }
        }
        let radix = usize::from(k) + 1;
        let cells = (0..d).try_fold(1usize, |acc, _| acc.checked_mul(radix));
        match cells {
            Some(cells) if cells <= DENSE_MAX => {
                // dense counts indexed by the row read as a number in base k + 1: index order is
                // lexicographic order
                let mut dense = vec![0u64; cells];
                for row in codes.chunks_exact(d) {
                    let ix = row
                        .iter()
                        .fold(0usize, |acc, &c| acc * radix + usize::from(c));
                    dense[ix] += 1;
                }
                let mut row = vec![0u8; d];
                for (ix, &n) in dense.iter().enumerate() {
                    if n > 0 {
                        let mut x = ix;
                        for slot in row.iter_mut().rev() {
                            // x % radix < radix ≤ 256
                            *slot = u8::try_from(x % radix).unwrap_or(0);
                            x /= radix;
                        }
                        out.codes.extend_from_slice(&row);
                        out.counts.push(n);
                    }
                }
            }
            _ => {
                let mut map: BTreeMap<&[u8], u64> = BTreeMap::new();
                for row in codes.chunks_exact(d) {
                    *map.entry(row).or_insert(0) += 1;
                }
                for (row, n) in map {
                    out.codes.extend_from_slice(row);
                    out.counts.push(n);
                }
            }
        }
        out.units = (codes.len() / d) as u64;
        Ok(out)
    }

    /// Checks that the partial was made for `framework` (its id, dimensions and levels).
    fn fits(&self, framework: &Framework) -> bool {
        self.framework == framework.id
            && self
                .dimensions
                .iter()
                .eq(framework.dimensions.iter().map(|d| &d.id))
            && self
                .levels
                .iter()
                .eq(framework.levels.iter().map(|l| &l.id))
    }

    /// The first field (under `at`) that makes the partial unusable: its version, or sizes,
    /// order, codes or counts that do not fit together.
    fn check(&self, at: &Path) -> Result<(), Error> {
        if self.version != SUMMARY_PARTIAL_VERSION {
            let v = self.version;
            return Err(problem(
                at.clone().key("version"),
                format!("部分结果版本 {v} 不受支持(应为 {SUMMARY_PARTIAL_VERSION})"),
                format!(
                    "partial version {v} is not supported (expected {SUMMARY_PARTIAL_VERSION})"
                ),
            ));
        }
        let d = self.dimensions.len();
        let k = self.levels.len();
        let lo = u8::from(!self.spec.unrated);
        let bad = |field: &str, zh: &str, en: &str| {
            problem(
                at.clone().key(field),
                format!("部分结果的 {field} 无效:{zh}"),
                format!("the partial's {field} is invalid: {en}"),
            )
        };
        if d == 0 || self.codes.len() != self.counts.len() * d {
            return Err(bad(
                "codes",
                "长度应为 counts 的长度乘以维度数",
                "its length must be the length of counts times the number of dimensions",
            ));
        }
        if self.codes.iter().any(|&c| c < lo || usize::from(c) > k) {
            return Err(bad(
                "codes",
                "含有超出等级范围的代码",
                "it holds a code outside the levels",
            ));
        }
        if !self
            .codes
            .chunks_exact(d)
            .zip(self.codes.chunks_exact(d).skip(1))
            .all(|(a, b)| a < b)
        {
            return Err(bad(
                "codes",
                "各行应互不相同并按字典序递增",
                "its rows must be distinct and in increasing order",
            ));
        }
        let mut sum = 0u64;
        for &n in &self.counts {
            sum = match sum.checked_add(n) {
                Some(s) if n > 0 => s,
                _ => {
                    return Err(bad(
                        "counts",
                        "每个计数应为正数,且总和不超过 2⁶⁴",
                        "every count must be positive and their sum below 2⁶⁴",
                    ))
                }
            };
        }
        if sum != self.units {
            return Err(bad(
                "units",
                "应等于 counts 之和",
                "it must equal the sum of counts",
            ));
        }
        Ok(())
    }

    /// The partials of several parts of the units merged: counts of equal rows added. The
    /// result does not depend on the order of `parts` (nor, merged again, on the grouping).
    ///
    /// # Errors
    /// No partial (`partials`); a partial of another version, framework, dimensions, levels
    /// or spec, or whose fields do not fit together (`partials[i].<field>`).
    pub fn merge(parts: &[SummaryPartial]) -> Result<SummaryPartial, Error> {
        let Some(first) = parts.first() else {
            return Err(problem(
                Path::from("partials"),
                "没有可合并的部分结果(0 个)".to_owned(),
                "no partial to merge (0 given)".to_owned(),
            ));
        };
        for (i, p) in parts.iter().enumerate() {
            let at = Path::from("partials").index(i);
            p.check(&at)?;
            let differs = if p.framework != first.framework {
                Some(("framework", p.framework.clone(), first.framework.clone()))
            } else if p.dimensions != first.dimensions {
                Some((
                    "dimensions",
                    p.dimensions.join(","),
                    first.dimensions.join(","),
                ))
            } else if p.levels != first.levels {
                Some(("levels", p.levels.join(","), first.levels.join(",")))
            } else if p.spec != first.spec {
                let j = |s: &SummarySpec| serde_json::to_string(s).unwrap_or_default();
                Some(("spec", j(&p.spec), j(&first.spec)))
            } else {
                None
            };
            if let Some((field, found, expected)) = differs {
                return Err(problem(
                    at.key(field),
                    format!("部分结果 {i} 的 {field} 为 {found},与第一个部分结果的 {expected} 不同:只能合并同一分析的部分结果"),
                    format!("partial {i} has {field} {found}, the first has {expected}: only partials of one analysis merge"),
                ));
            }
        }
        let d = first.dimensions.len();
        let mut map: BTreeMap<&[u8], u64> = BTreeMap::new();
        let mut units = 0u64;
        for (i, p) in parts.iter().enumerate() {
            units = units.checked_add(p.units).ok_or_else(|| {
                problem(
                    Path::from("partials").index(i).key("units"),
                    "单元总数超过 2⁶⁴".to_owned(),
                    "the number of units exceeds 2⁶⁴".to_owned(),
                )
            })?;
            for (row, &n) in p.codes.chunks_exact(d).zip(&p.counts) {
                // cannot overflow: every count is at most `units`
                *map.entry(row).or_insert(0) += n;
            }
        }
        let mut out = SummaryPartial {
            units,
            codes: Vec::with_capacity(map.len() * d),
            counts: Vec::with_capacity(map.len()),
            ..first.clone()
        };
        for (row, n) in map {
            out.codes.extend_from_slice(row);
            out.counts.push(n);
        }
        Ok(out)
    }

    /// The summary of the units behind the partial: each distinct row diagnosed once with
    /// [`diagnose_in`], weighted by its count, summed in row order.
    ///
    /// # Errors
    /// A framework other than the partial's ([`ErrorCode::FrameworkMismatch`] at
    /// `framework`); a partial whose fields do not fit (`partial.<field>`); the spec's scoring
    /// options' errors.
    pub fn finish(&self, framework: &Framework) -> Result<DiagnosisSummary, Error> {
        let mut s = Summarizer::new(framework, &self.spec)?;
        s.add_partial(self)?;
        Ok(s.finish())
    }
}

/// Counts of units per level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LevelCounts {
    /// Units at each level, lowest first (the framework's levels).
    pub counts: Vec<u64>,
    /// Units without a level (nothing rated under it).
    pub unrated: u64,
    /// `counts` ÷ all units (`null` when there is no unit).
    pub shares: Vec<Option<f64>>,
    /// `unrated` ÷ all units.
    pub unrated_share: Option<f64>,
}

/// One attribute over all units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AttributeSummary {
    /// Its id.
    pub id: String,
    /// Its labels (the framework's).
    pub labels: Labels,
    /// Units at each of its levels.
    pub levels: LevelCounts,
}

/// One dimension over all units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DimensionSummary {
    /// Its id.
    pub id: String,
    /// Its attribute.
    pub attribute: String,
    /// Its labels (the framework's).
    pub labels: Labels,
    /// Units at each of its levels (`unrated`: units that did not rate it).
    pub levels: LevelCounts,
    /// Units whose two-question rating of it was inconsistent (assessments only).
    pub inconsistent: u64,
    /// Units whose coders were contested on it (assessments only).
    pub contested: u64,
}

/// One deficit (an attribute or a dimension below the top level) over all units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DeficitSummary {
    /// Attribute or dimension.
    pub kind: DeficitKind,
    /// Its id.
    pub id: String,
    /// Its attribute (itself for an attribute).
    pub attribute: String,
    /// Its labels (the framework's).
    pub labels: Labels,
    /// Units that have the deficit.
    pub units: u64,
    /// `units` ÷ all units.
    pub share: Option<f64>,
    /// The mean gap (levels below the top) over the units that have it.
    pub mean_gap: Option<f64>,
    /// The mean severity over the units that have it.
    pub mean_severity: Option<f64>,
}

/// One remedy over all units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RemedySummary {
    /// Its id.
    pub id: String,
    /// Its title (the framework's).
    #[schemars(with = "Labels")]
    pub title: Arc<Labels>,
    /// Its source key.
    pub source: String,
    /// Units it is recommended to (it applies).
    pub units: u64,
    /// `units` ÷ all units.
    pub share: Option<f64>,
    /// Units that have it among their top `spec.top_k` remedies.
    pub top_k: u64,
    /// `top_k` ÷ all units.
    pub top_k_share: Option<f64>,
    /// Its mean priority over the units it is recommended to.
    pub mean_priority: Option<f64>,
}

/// How many units are nearest to a reference case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CaseCount {
    /// The case id.
    pub case: String,
    /// Its name.
    pub name: String,
    /// Its mode.
    pub mode: Option<Mode>,
    /// Units nearest to it.
    pub units: u64,
    /// `units` ÷ all units.
    pub share: Option<f64>,
}

/// How many units name a governance mode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ModeCount {
    /// The mode.
    pub mode: Mode,
    /// Units naming it.
    pub units: u64,
    /// `units` ÷ all units.
    pub share: Option<f64>,
}

/// The summary of many diagnoses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DiagnosisSummary {
    /// The framework's id.
    pub framework: String,
    /// How the summary was made.
    pub spec: SummarySpec,
    /// The framework's levels (ids and labels), lowest first: the columns of every count.
    pub levels: Vec<LevelDef>,
    /// Units diagnosed.
    pub units: u64,
    /// Of them, given as assessments.
    pub assessments: u64,
    /// Of them, given as rows of level codes.
    pub code_rows: u64,
    /// The distinct rows among the code rows (each diagnosed once); `null` without codes.
    pub distinct_rows: Option<u64>,
    /// Units with at least one unrated dimension.
    pub with_unrated: u64,
    /// `with_unrated` ÷ units.
    pub with_unrated_share: Option<f64>,
    /// Units at each overall level (`unrated`: nothing rated).
    pub overall: LevelCounts,
    /// Per attribute (framework order).
    pub attributes: Vec<AttributeSummary>,
    /// Per dimension (framework order).
    pub dimensions: Vec<DimensionSummary>,
    /// Per attribute: its deficit (framework order; positively weighted attributes).
    pub attribute_deficits: Vec<DeficitSummary>,
    /// Per dimension: its deficit (framework order; positively weighted dimensions).
    pub dimension_deficits: Vec<DeficitSummary>,
    /// Per remedy of the framework (its order).
    pub remedies: Vec<RemedySummary>,
    /// Per reference case (the paper's framework only): units nearest to it.
    pub nearest_cases: Vec<CaseCount>,
    /// Units with no nearest case (another framework, or nothing comparable).
    pub no_nearest_case: u64,
    /// Per governance mode: units naming it (assessments only).
    pub modes: Vec<ModeCount>,
    /// Units naming no mode (every code row).
    pub no_mode: u64,
}

/// Sums of a deficit, a remedy: units, and the float sums in a fixed order.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    units: u64,
    top: u64,
    a: f64,
    b: f64,
}

/// The running totals of a summary (one per block of work; blocks added in order).
#[derive(Clone, Debug)]
struct Totals {
    units: u64,
    with_unrated: u64,
    overall: Vec<u64>,
    attributes: Vec<Vec<u64>>,
    dimensions: Vec<Vec<u64>>,
    inconsistent: Vec<u64>,
    contested: Vec<u64>,
    attr_def: Vec<Sums>,
    dim_def: Vec<Sums>,
    remedies: Vec<Sums>,
    cases: Vec<u64>,
    no_case: u64,
    modes: Vec<u64>,
    no_mode: u64,
}

impl Totals {
    fn new(fw: &Framework, cases: usize) -> Self {
        let k = usize::from(fw.level_count()) + 1;
        let (na, nd) = (fw.attributes.len(), fw.dimensions.len());
        Totals {
            units: 0,
            with_unrated: 0,
            overall: vec![0; k],
            attributes: vec![vec![0; k]; na],
            dimensions: vec![vec![0; k]; nd],
            inconsistent: vec![0; nd],
            contested: vec![0; nd],
            attr_def: vec![Sums::default(); na],
            dim_def: vec![Sums::default(); nd],
            remedies: vec![Sums::default(); fw.remedies.len()],
            cases: vec![0; cases],
            no_case: 0,
            modes: vec![0; Mode::ALL.len()],
            no_mode: 0,
        }
    }

    fn absorb(&mut self, o: &Totals) {
        fn add(a: &mut [u64], b: &[u64]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        fn add_sums(a: &mut [Sums], b: &[Sums]) {
            for (x, y) in a.iter_mut().zip(b) {
                x.units += y.units;
                x.top += y.top;
                x.a += y.a;
                x.b += y.b;
            }
        }
        self.units += o.units;
        self.with_unrated += o.with_unrated;
        add(&mut self.overall, &o.overall);
        for (a, b) in self.attributes.iter_mut().zip(&o.attributes) {
            add(a, b);
        }
        for (a, b) in self.dimensions.iter_mut().zip(&o.dimensions) {
            add(a, b);
        }
        add(&mut self.inconsistent, &o.inconsistent);
        add(&mut self.contested, &o.contested);
        add_sums(&mut self.attr_def, &o.attr_def);
        add_sums(&mut self.dim_def, &o.dim_def);
        add_sums(&mut self.remedies, &o.remedies);
        add(&mut self.cases, &o.cases);
        self.no_case += o.no_case;
        add(&mut self.modes, &o.modes);
        self.no_mode += o.no_mode;
    }
}

/// Index maps of a framework, built once.
#[derive(Clone, Debug)]
struct Index {
    attributes: HashMap<String, usize>,
    dimensions: HashMap<String, usize>,
    remedies: HashMap<String, usize>,
    /// Reference cases: (id, name, mode), in the order of [`crate::cases::cases`].
    cases: Vec<(String, String, Option<Mode>)>,
}

impl Index {
    fn new(fw: &Framework) -> Self {
        let pos = |ids: Vec<&String>| {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect()
        };
        Index {
            attributes: pos(fw.attributes.iter().map(|a| &a.id).collect()),
            dimensions: pos(fw.dimensions.iter().map(|d| &d.id).collect()),
            remedies: pos(fw.remedies.iter().map(|r| &r.id).collect()),
            cases: if fw.is_paper() {
                crate::cases::cases()
                    .into_iter()
                    .map(|c| (c.id, c.name, c.mode))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// Adds `n` units with diagnosis `d` (and mode `mode`) to `t`.
    #[allow(clippy::cast_precision_loss)]
    fn add(&self, t: &mut Totals, d: &Diagnosis, n: u64, mode: Option<Mode>, top_k: usize) {
        let w = n as f64;
        t.units += n;
        if !d.unrated.is_empty() {
            t.with_unrated += n;
        }
        let code = |g: Option<&crate::score::Grade>| g.map_or(0, |g| usize::from(g.code));
        if let Some(slot) = t.overall.get_mut(code(d.scorecard.overall.as_ref())) {
            *slot += n;
        }
        for (i, a) in d.scorecard.attributes.iter().enumerate() {
            if let Some(slot) = t
                .attributes
                .get_mut(i)
                .and_then(|r| r.get_mut(code(a.grade.as_ref())))
            {
                *slot += n;
            }
        }
        for (i, x) in d.scorecard.dimensions.iter().enumerate() {
            if let Some(slot) = t
                .dimensions
                .get_mut(i)
                .and_then(|r| r.get_mut(code(x.grade.as_ref())))
            {
                *slot += n;
            }
        }
        for id in &d.inconsistencies {
            if let Some(&i) = self.dimensions.get(id) {
                t.inconsistent[i] += n;
            }
        }
        for id in &d.contested {
            if let Some(&i) = self.dimensions.get(id) {
                t.contested[i] += n;
            }
        }
        for def in &d.attribute_deficits {
            if let Some(&i) = self.attributes.get(&def.id) {
                let s = &mut t.attr_def[i];
                s.units += n;
                s.a += w * def.gap;
                s.b += w * def.severity;
            }
        }
        for def in &d.dimension_deficits {
            if let Some(&i) = self.dimensions.get(&def.id) {
                let s = &mut t.dim_def[i];
                s.units += n;
                s.a += w * def.gap;
                s.b += w * def.severity;
            }
        }
        for (rank, r) in d.remedies.iter().enumerate() {
            if let Some(&i) = self.remedies.get(&r.id) {
                let s = &mut t.remedies[i];
                s.units += n;
                if rank < top_k {
                    s.top += n;
                }
                s.a += w * r.priority;
            }
        }
        match d
            .nearest_case
            .as_ref()
            .and_then(|c| self.cases.iter().position(|x| x.0 == c.case))
        {
            Some(i) => t.cases[i] += n,
            None => t.no_case += n,
        }
        match mode.and_then(|m| Mode::ALL.iter().position(|x| *x == m)) {
            Some(i) => t.modes[i] += n,
            None => t.no_mode += n,
        }
    }
}

/// Builds a summary from assessments and histograms of level codes (see the module's
/// documentation for the order of the sums).
#[derive(Clone, Debug)]
pub struct Summarizer<'f> {
    framework: &'f Framework,
    spec: SummarySpec,
    index: Index,
    totals: Totals,
    assessments: u64,
    code_rows: u64,
    distinct: Option<u64>,
}

impl<'f> Summarizer<'f> {
    /// A summary of no unit yet.
    ///
    /// # Errors
    /// The scoring options' errors ([`Engine::new`]).
    pub fn new(framework: &'f Framework, spec: &SummarySpec) -> Result<Self, Error> {
        Engine::new(framework, &spec.options)?;
        let index = Index::new(framework);
        Ok(Summarizer {
            totals: Totals::new(framework, index.cases.len()),
            framework,
            spec: spec.clone(),
            index,
            assessments: 0,
            code_rows: 0,
            distinct: None,
        })
    }

    /// Adds an assessment (the `index`-th given, for error locations), diagnosed in
    /// `spec.phase` or else its own phase.
    ///
    /// # Errors
    /// The assessment's scoring error, located at `assessments[index]`.
    pub fn add_assessment(&mut self, index: usize, a: &Assessment) -> Result<(), Error> {
        let d = diagnose_in(
            a,
            self.framework,
            &self.spec.options,
            self.spec.phase.or(a.phase),
        )
        .map_err(|source| CompareError::Score {
            index,
            id: a.id.clone(),
            source,
        })?;
        self.index
            .add(&mut self.totals, &d, 1, a.mode, self.spec.top_k);
        self.assessments += 1;
        Ok(())
    }

    /// Adds the units of a histogram: each distinct row diagnosed once (in blocks, in parallel,
    /// added in row order), weighted by its count.
    ///
    /// # Errors
    /// A partial of another framework ([`ErrorCode::FrameworkMismatch`] at `framework`) or
    /// spec (`partial.spec`), or whose fields do not fit (`partial.<field>`).
    pub fn add_partial(&mut self, p: &SummaryPartial) -> Result<(), Error> {
        let at = Path::from("partial");
        p.check(&at)?;
        if !p.fits(self.framework) {
            return Err(Problem::new(
                ErrorCode::FrameworkMismatch,
                Msg::new(
                    format!(
                        "部分结果是用框架 {:?}(维度 {})做的,与所给框架 {:?} 不符",
                        p.framework,
                        p.dimensions.join(", "),
                        self.framework.id
                    ),
                    format!(
                        "the partial was made with framework {:?} (dimensions {}), not the framework given ({:?})",
                        p.framework,
                        p.dimensions.join(", "),
                        self.framework.id
                    ),
                ),
            )
            .at(Path::from("framework"))
            .into());
        }
        if p.spec != self.spec {
            return Err(problem(
                at.key("spec"),
                "部分结果的 spec 与本次汇总的不同".to_owned(),
                "the partial's spec differs from this summary's".to_owned(),
            ));
        }
        let d = p.dimensions.len();
        let rows = p.counts.len();
        let fw = self.framework;
        let spec = &self.spec;
        let index = &self.index;
        let cases = index.cases.len();
        let blocks = rows.div_ceil(BLOCK);
        let parts: Vec<Result<Totals, Error>> =
            crate::par::map_blocks(blocks, crate::par::threads(None), |b| {
                let mut t = Totals::new(fw, cases);
                let mut a = Assessment::for_framework(fw, "row", "row");
                for r in b * BLOCK..((b + 1) * BLOCK).min(rows) {
                    let row = &p.codes[r * d..(r + 1) * d];
                    for (def, &c) in fw.dimensions.iter().zip(row) {
                        let rating = fw.level_by_code(c).map(|l| Rating::level_id(l.id.clone()));
                        a.rate_id(def.id.clone(), rating);
                    }
                    let diag = diagnose_in(&a, fw, &spec.options, spec.phase)?;
                    index.add(&mut t, &diag, p.counts[r], None, spec.top_k);
                }
                Ok(t)
            });
        for t in parts {
            self.totals.absorb(&t?);
        }
        self.code_rows += p.units;
        self.distinct = Some(self.distinct.unwrap_or(0) + rows as u64);
        Ok(())
    }

    /// The summary: counts, shares and means.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn finish(self) -> DiagnosisSummary {
        let fw = self.framework;
        let t = &self.totals;
        let all = t.units;
        let share = |n: u64| (all > 0).then(|| n as f64 / all as f64);
        let mean = |s: f64, n: u64| (n > 0).then(|| s / n as f64);
        let levels = |row: &[u64]| LevelCounts {
            counts: row.iter().skip(1).copied().collect(),
            unrated: row.first().copied().unwrap_or(0),
            shares: row.iter().skip(1).map(|&n| share(n)).collect(),
            unrated_share: share(row.first().copied().unwrap_or(0)),
        };
        // the deficits a diagnosis can have: of positively weighted attributes and dimensions
        let o = &self.spec.options;
        let dim_weighted = |i: usize| {
            let d = &fw.dimensions[i];
            o.dimension_weights.get(&d.id).copied().unwrap_or(d.weight) > 0.0
        };
        let attr_weighted = |i: usize| {
            let a = &fw.attributes[i];
            o.attribute_weights.get(&a.id).copied().unwrap_or(a.weight) > 0.0
        };
        DiagnosisSummary {
            framework: fw.id.clone(),
            spec: self.spec.clone(),
            levels: fw.levels.clone(),
            units: all,
            assessments: self.assessments,
            code_rows: self.code_rows,
            distinct_rows: self.distinct,
            with_unrated: t.with_unrated,
            with_unrated_share: share(t.with_unrated),
            overall: levels(&t.overall),
            attributes: fw
                .attributes
                .iter()
                .zip(&t.attributes)
                .map(|(a, row)| AttributeSummary {
                    id: a.id.clone(),
                    labels: a.labels.clone(),
                    levels: levels(row),
                })
                .collect(),
            dimensions: fw
                .dimensions
                .iter()
                .enumerate()
                .map(|(i, x)| DimensionSummary {
                    id: x.id.clone(),
                    attribute: x.attribute.clone(),
                    labels: x.labels.clone(),
                    levels: levels(&t.dimensions[i]),
                    inconsistent: t.inconsistent[i],
                    contested: t.contested[i],
                })
                .collect(),
            attribute_deficits: fw
                .attributes
                .iter()
                .enumerate()
                .filter(|(i, _)| attr_weighted(*i))
                .map(|(i, a)| {
                    let s = t.attr_def[i];
                    DeficitSummary {
                        kind: DeficitKind::Attribute,
                        id: a.id.clone(),
                        attribute: a.id.clone(),
                        labels: a.labels.clone(),
                        units: s.units,
                        share: share(s.units),
                        mean_gap: mean(s.a, s.units),
                        mean_severity: mean(s.b, s.units),
                    }
                })
                .collect(),
            dimension_deficits: fw
                .dimensions
                .iter()
                .enumerate()
                .filter(|(i, _)| dim_weighted(*i))
                .map(|(i, x)| {
                    let s = t.dim_def[i];
                    DeficitSummary {
                        kind: DeficitKind::Dimension,
                        id: x.id.clone(),
                        attribute: x.attribute.clone(),
                        labels: x.labels.clone(),
                        units: s.units,
                        share: share(s.units),
                        mean_gap: mean(s.a, s.units),
                        mean_severity: mean(s.b, s.units),
                    }
                })
                .collect(),
            remedies: fw
                .remedies
                .iter()
                .zip(&t.remedies)
                .map(|(r, s)| RemedySummary {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    source: r.source.clone(),
                    units: s.units,
                    share: share(s.units),
                    top_k: s.top,
                    top_k_share: share(s.top),
                    mean_priority: mean(s.a, s.units),
                })
                .collect(),
            nearest_cases: self
                .index
                .cases
                .iter()
                .zip(&t.cases)
                .map(|((case, name, mode), &n)| CaseCount {
                    case: case.clone(),
                    name: name.clone(),
                    mode: *mode,
                    units: n,
                    share: share(n),
                })
                .collect(),
            no_nearest_case: t.no_case,
            modes: Mode::ALL
                .iter()
                .zip(&t.modes)
                .map(|(m, &n)| ModeCount {
                    mode: *m,
                    units: n,
                    share: share(n),
                })
                .collect(),
            no_mode: t.no_mode,
        }
    }
}

/// The summary of row-major level codes (`rows × dimensions`): the finish of their histogram.
///
/// # Errors
/// As [`SummaryPartial::of_codes`].
pub fn summarize_codes(
    framework: &Framework,
    spec: &SummarySpec,
    codes: &[u8],
) -> Result<DiagnosisSummary, Error> {
    SummaryPartial::of_codes(framework, spec, codes)?.finish(framework)
}

/// The summary of assessments, each diagnosed and added in order.
///
/// # Errors
/// As [`Summarizer::add_assessment`] (`assessments[i]`).
pub fn summarize_assessments(
    framework: &Framework,
    spec: &SummarySpec,
    assessments: &[Assessment],
) -> Result<DiagnosisSummary, Error> {
    let mut s = Summarizer::new(framework, spec)?;
    for (i, a) in assessments.iter().enumerate() {
        s.add_assessment(i, a)?;
    }
    Ok(s.finish())
}
