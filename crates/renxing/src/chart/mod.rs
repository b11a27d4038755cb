//! Charts as SVG, with no graphics dependency: a radar (spider) chart of dimension levels, a bar
//! chart of the attribute readings (表1's columns) and a comparison heat-table.
//!
//! Every chart
//!
//! * is **deterministic**: the same input gives the same bytes (coordinates have two decimals);
//! * uses a **colour-blind-safe palette that also reads in greyscale**: levels run light → dark
//!   (a viridis ramp) and also differ by fill pattern (hatched lowest level, dotted middle
//!   levels, solid top level) and by a printed label; radar series differ by colour (Okabe–Ito),
//!   dash pattern and marker shape;
//! * names a CJK-capable font-family list ([`FONT_FAMILY`]);
//! * carries `<title>` and `<desc>` for screen readers (`role="img"`);
//! * XML-escapes every piece of text (a community called `<script>` renders as text);
//! * has a settable size ([`ChartOptions::width`], [`ChartOptions::height`]).
//!
//! Charts work on any framework: axis and column labels come from the framework's
//! [`Labels`](crate::Labels) in the chosen [`Lang`].
//!
//! ```
//! use renxing::chart::{radar, ChartOptions, RadarSeries};
//! use renxing::{case, score, Framework, Lang};
//!
//! let fw = Framework::paper();
//! let b = case("b").unwrap();
//! let card = score(&b, fw)?;
//! let mut series = vec![RadarSeries::new(&b.name, card)];
//! series.extend(RadarSeries::reference_cases(fw, &["case-a", "case-c"]));
//! let svg = radar(fw, &series, &ChartOptions::new(Lang::En))?;
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("Needs met"));
//! # Ok::<(), renxing::Error>(())
//! ```

mod bars;
mod curve;
mod indicators;
mod multiples;
mod qca;
mod radar;
pub(crate) mod svg;
mod table;
mod timeline;
mod uncertainty;
mod words;

use serde::Serialize;

use crate::compare::Comparison;
use crate::framework::Framework;
use crate::lang::Lang;
use crate::score::{score, Scorecard};
use crate::uncertainty::{SensitivityResult, UncertaintyResult};

pub use indicators::ContributionParts;
pub use svg::FONT_FAMILY;

/// Smallest accepted width or height, in pixels.
pub const MIN_SIZE: u32 = 100;
/// Largest accepted width or height, in pixels.
pub const MAX_SIZE: u32 = 10_000;

/// Options shared by every chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChartOptions {
    /// The language of labels, titles and legends.
    pub lang: Lang,
    /// Width in pixels (`None`: the chart's natural width). Radar and bar charts lay out into
    /// the size; the heat-table is laid out at its natural size and scaled to fit.
    pub width: Option<u32>,
    /// Height in pixels (`None`: the chart's natural height).
    pub height: Option<u32>,
    /// Plot unrounded values (scores) instead of levels. A dimension rated by level or by the
    /// two questions has the same value either way; one rated by a 0–100 score lies between
    /// the level rings.
    pub scores: bool,
    /// A title replacing the default one (also used for `<title>`).
    pub title: Option<String>,
    /// Prefix of the `id` attributes inside the SVG, so that several charts can share one HTML
    /// page (default `"rx"`). Only ASCII letters, digits, `-` and `_` are kept.
    pub id_prefix: String,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions::new(Lang::default())
    }
}

impl ChartOptions {
    /// Default options in a language.
    #[must_use]
    pub fn new(lang: Lang) -> Self {
        ChartOptions {
            lang,
            width: None,
            height: None,
            scores: false,
            title: None,
            id_prefix: "rx".to_owned(),
        }
    }

    /// Sets the size.
    #[must_use]
    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.width = Some(width);
        self.height = Some(height);
        self
    }

    /// Sets the title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the id prefix.
    #[must_use]
    pub fn with_id_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.id_prefix = prefix.into();
        self
    }
}

/// One named polygon of a radar chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RadarSeries {
    /// The legend name (any text; escaped).
    pub name: String,
    /// The scores to plot (of the chart's framework).
    pub scorecard: Scorecard,
}

impl RadarSeries {
    /// A series.
    #[must_use]
    pub fn new(name: impl Into<String>, scorecard: Scorecard) -> Self {
        RadarSeries {
            name: name.into(),
            scorecard,
        }
    }

    /// The reference cases with the given ids (`"case-a"`, `"b"`, …; unknown ids are skipped),
    /// scored with the default options, as overlay series. Empty unless `framework` is the
    /// paper's (the cases are rated on it).
    #[must_use]
    pub fn reference_cases(framework: &Framework, ids: &[&str]) -> Vec<RadarSeries> {
        if !framework.is_paper() {
            return Vec::new();
        }
        ids.iter()
            .filter_map(|id| crate::cases::case(id))
            .filter_map(|c| {
                score(&c, framework)
                    .ok()
                    .map(|card| RadarSeries::new(c.name.clone(), card))
            })
            .collect()
    }
}

pub use crate::error::ChartError;

/// A radar (spider) chart of dimension levels: one axis per dimension of `framework`, one
/// polygon per series (the first is drawn on top), level rings labelled with the scale's level
/// names, and a legend. The centre is 0; level code `c` of `k` lies at `c/k` of the radius, so
/// even the lowest level stays visible.
///
/// # Errors
/// [`ChartError::TooFewDimensions`] for fewer than 3 dimensions, [`ChartError::Empty`] for no
/// series, [`ChartError::InvalidSize`], and [`ChartError::FrameworkMismatch`] /
/// [`ChartError::Shape`] for a series of another framework.
pub fn radar(
    framework: &Framework,
    series: &[RadarSeries],
    options: &ChartOptions,
) -> Result<String, ChartError> {
    radar::render(framework, series, options)
}

/// Small-multiple radars: a grid of one small radar per series on one shared scale, the first
/// panel naming the axes; each panel shows the community's name and overall level, and flags a
/// partly rated community. For many communities, where one radar of many polygons is not
/// readable.
///
/// # Errors
/// As [`radar`].
pub fn small_multiples(
    framework: &Framework,
    series: &[RadarSeries],
    options: &ChartOptions,
) -> Result<String, ChartError> {
    multiples::render(framework, series, options)
}

/// A bar chart of [`Scorecard::columns`]: one bar per attribute, and one per reading of a split
/// attribute (the paper's connectivity with government / with residents). Bar height is the
/// value on the level scale (`c/k` of the plot height); each bar is filled by level (colour and
/// pattern) and labelled with its level name.
///
/// # Errors
/// [`ChartError::InvalidSize`], [`ChartError::FrameworkMismatch`], [`ChartError::Shape`].
pub fn attribute_bars(
    framework: &Framework,
    scorecard: &Scorecard,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    bars::render(framework, scorecard, options)
}

/// A heat-table of a comparison: one row per community in ranking order (rank, name), one
/// column per dimension plus the overall level, every cell filled by level (colour and pattern)
/// and labelled with the level name.
///
/// # Errors
/// [`ChartError::Empty`] for a comparison without rows, [`ChartError::InvalidSize`],
/// [`ChartError::FrameworkMismatch`], [`ChartError::Shape`].
pub fn comparison_table(
    framework: &Framework,
    comparison: &Comparison,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    table::render(framework, comparison, options)
}

/// The timeline chart of one community: the level (or, with [`ChartOptions::scores`], the
/// 0–100 score) of every dimension and the overall at each point, the points in timeline order,
/// each column shaded by its phase.
///
/// ```
/// use renxing::chart::{timeline_chart, ChartOptions};
/// use renxing::timeline::timeline;
/// use renxing::{case, Framework, Lang, Phase};
/// let mut before = case("a").unwrap();
/// before.phase = Some(Phase::Preparedness);
/// let mut after = case("c").unwrap();
/// after.id = before.id.clone();
/// after.phase = Some(Phase::Recovery);
/// let tl = timeline(&[before, after], Framework::paper()).unwrap();
/// let svg = timeline_chart(Framework::paper(), &tl, &ChartOptions::new(Lang::En))?;
/// assert!(svg.contains("data-phase=\"recovery\""));
/// assert_eq!(svg.matches("class=\"rx-dim\"").count(), 8);
/// # Ok::<(), renxing::chart::ChartError>(())
/// ```
///
/// # Errors
/// [`ChartError::Empty`] for a timeline without points, [`ChartError::Shape`] when its points'
/// dimensions are not the framework's, [`ChartError::InvalidSize`].
pub fn timeline_chart(
    framework: &Framework,
    timeline: &crate::timeline::Timeline,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    timeline::render(framework, timeline, options)
}

/// The functionality-curve chart: Q(t), the baseline, the loss area shaded (as integrated: the
/// interpolant with the baseline crossings inserted), the event start, the time to recover
/// marked, and the numbers (baseline, depth, loss area, time to recover, end state).
///
/// ```
/// use renxing::chart::{curve_chart, ChartOptions};
/// use renxing::curve::{analyse, CurveOptions, Series};
/// use renxing::Lang;
/// let s = Series::new(vec![0.0, 10.0, 11.0, 31.0, 40.0], vec![100.0, 100.0, 50.0, 100.0, 108.0]);
/// let r = analyse(&s, &CurveOptions::default()).unwrap();
/// let svg = curve_chart(&s, &r, &ChartOptions::new(Lang::En))?;
/// assert!(svg.contains("class=\"rx-loss\""));
/// assert!(svg.contains("T_RE=21"));
/// # Ok::<(), renxing::chart::ChartError>(())
/// ```
///
/// # Errors
/// [`ChartError::Shape`] for an invalid series or a report of another series (sample count),
/// [`ChartError::InvalidSize`].
pub fn curve_chart(
    series: &crate::curve::Series,
    report: &crate::curve::CurveReport,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    curve::render(series, report, options)
}

/// Rank intervals of an uncertainty analysis: one row per unit, sorted by median rank, a band
/// from the 5th to the 95th percentile rank, a dot at the median and a diamond at the nominal
/// rank (rank 1 on the left). Each row is a `<g class="rx-unit">` whose `data-unit`,
/// `data-median`, `data-p5`, `data-p95` and `data-nominal` attributes hold its numbers.
///
/// # Errors
/// [`ChartError::Empty`] for a result without units, [`ChartError::InvalidSize`].
///
/// ```
/// use renxing::chart::{rank_intervals, ChartOptions};
/// use renxing::composite::{Dataset, IndicatorMeta, Pipeline};
/// use renxing::uncertainty::{uncertainty, Factor, UncertaintySpec};
/// use renxing::Lang;
/// let d = Dataset::new(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec![IndicatorMeta::new("x", "d1"), IndicatorMeta::new("y", "d1")],
///     vec![1.0, 9.0, 5.0, 5.0, 9.0, 1.0],
/// );
/// let p: Pipeline = serde_json::from_str(
///     r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}]}"#).unwrap();
/// let spec = UncertaintySpec {
///     factors: vec![Factor::WeightNoise { level: Default::default(), share: 0.5 }],
///     runs: 100,
///     ..UncertaintySpec::default()
/// };
/// let svg = rank_intervals(&uncertainty(&p, &d, &spec).unwrap(), &ChartOptions::new(Lang::En))?;
/// assert!(svg.contains("data-unit=\"b\" data-median=\"2\""));
/// # Ok::<(), renxing::chart::ChartError>(())
/// ```
pub fn rank_intervals(
    result: &UncertaintyResult,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    uncertainty::rank_intervals(result, options)
}

/// Sobol indices of a sensitivity analysis as bars: per uncertain input a first-order and a
/// total bar with their bootstrap intervals as whiskers, on one output (`None` or
/// `"mean_abs_rank_shift"`: the mean absolute rank shift; a unit id: that unit's rank). Bars are
/// `<rect class="rx-sobol rx-first-order|rx-total">` with `data-value`, `data-lo`, `data-hi`.
///
/// # Errors
/// [`ChartError::Empty`] without factors, [`ChartError::Shape`] for an unknown output,
/// [`ChartError::InvalidSize`].
pub fn sobol_bars(
    result: &SensitivityResult,
    output: Option<&str>,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    uncertainty::sobol_bars(result, output, options)
}

/// The XY plot of a QCA solution (SVG): each case's membership in the solution (x) against the
/// outcome (y), the diagonal, the crossover lines, and the consistency, PRI and coverage of the
/// solution. `labels` replace condition names in the axis titles (`志愿团队*~社会组织`). Points are
/// `<circle class="rx-xy-point">` with `data-case`, `data-x`, `data-y`; the fit is in
/// `<text class="rx-xy-fit">` with `data-inclusion`, `data-pri`, `data-coverage`.
///
/// ```
/// use renxing::chart::{qca_xy, ChartOptions};
/// use renxing::qca::{minimize, truth_table, xy_data, MinimizeOptions, QcaTable, TruthTableOptions, XyChoice};
/// use renxing::Lang;
/// let t = QcaTable::new(vec!["a".into(), "b".into()], vec!["A".into()], "Y",
///     vec![1.0, 0.0], vec![1.0, 0.0])?;
/// let m = minimize(&t, &truth_table(&t, &TruthTableOptions::default())?, &MinimizeOptions::default())?;
/// let xy = xy_data(&t, &m, &XyChoice::default())?;
/// let svg = qca_xy(&xy, None, &ChartOptions::new(Lang::En))?;
/// assert!(svg.contains("data-case=\"a\" data-x=\"1\" data-y=\"1\""));
/// assert!(svg.contains("Consistency 1.000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ChartError::Empty`] without cases, [`ChartError::InvalidSize`].
pub fn qca_xy(
    data: &crate::qca::XyData,
    labels: Option<&std::collections::HashMap<String, String>>,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    qca::xy(data, labels, options)
}

/// Each unit's contributions to the overall index of a framework-driven indicator run (SVG):
/// one stacked bar per unit in rank order, a segment per dimension (or per indicator) of
/// effective weight × normalised value — under arithmetic aggregation the segments add up to
/// the overall score, printed at the bar's end. Segments are `<rect class="rx-contrib">` with
/// `data-unit`, `data-part`, `data-value`; rows `<g class="rx-bar-row">` with `data-total`.
///
/// ```
/// use renxing::chart::{indicator_contributions, ChartOptions, ContributionParts};
/// use renxing::composite::assess_with_framework;
/// use renxing::{Framework, Lang};
/// let fw = Framework::from_toml(include_str!("../../data/indicators/framework.toml"))?;
/// let data = renxing::table::read_indicator_csv(
///     include_str!("../../data/indicators/communities.csv"))?;
/// let r = assess_with_framework(&fw, data, None)?;
/// let svg = indicator_contributions(&r, &fw, ContributionParts::Dimension, &ChartOptions::new(Lang::En))?;
/// assert!(svg.contains("class=\"rx-contrib\" data-unit=\"donghu\" data-part=\"needs_met\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ChartError::Empty`] without an aggregation step, [`ChartError::Shape`] for a negative or
/// missing normalised value (an unbounded normalisation), [`ChartError::InvalidSize`].
pub fn indicator_contributions(
    result: &crate::composite::FrameworkIndicatorResult,
    framework: &Framework,
    parts: ContributionParts,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    indicators::contributions(result, framework, parts, options)
}

/// Each unit's obstacle degree per dimension (SVG): one stacked bar per unit in rank order
/// summing to 100%, and the indicator with the largest obstacle degree at its end. Segments are
/// `<rect class="rx-obstacle">` with `data-unit`, `data-part` (dimension), `data-value` (%).
///
/// # Errors
/// [`ChartError::Empty`] without an obstacle step, [`ChartError::InvalidSize`].
pub fn indicator_obstacles(
    result: &crate::composite::FrameworkIndicatorResult,
    framework: &Framework,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    indicators::obstacles(result, framework, options)
}

/// The rank table of a framework-driven indicator run (SVG): rank, unit, overall score, overall
/// level (on its level colour), TOPSIS closeness and rank, in rank order. Rows are
/// `<g class="rx-rank-row">` with `data-unit`, `data-rank`, `data-score`, `data-level` (id),
/// `data-closeness`, `data-topsis-rank`.
///
/// # Errors
/// [`ChartError::Empty`] without units, [`ChartError::InvalidSize`].
pub fn indicator_rank_table(
    result: &crate::composite::FrameworkIndicatorResult,
    framework: &Framework,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    indicators::rank_table(result, framework, options)
}

/// Checks that a scorecard is of `framework` and lines up with its dimensions and attributes.
pub(crate) fn check_scorecard(
    framework: &Framework,
    card: &Scorecard,
    field: &str,
) -> Result<(), ChartError> {
    if card.framework != framework.id {
        return Err(ChartError::FrameworkMismatch {
            field: format!("{field}.framework"),
            expected: framework.id.clone(),
            found: card.framework.clone(),
        });
    }
    if card.dimensions.len() != framework.dimensions.len() {
        return Err(ChartError::Shape {
            field: format!("{field}.dimensions"),
            expected: format!("{} dimensions", framework.dimensions.len()),
            found: format!("{} dimensions", card.dimensions.len()),
        });
    }
    for (i, (d, def)) in card
        .dimensions
        .iter()
        .zip(&framework.dimensions)
        .enumerate()
    {
        if d.id != def.id {
            return Err(ChartError::Shape {
                field: format!("{field}.dimensions[{i}].id"),
                expected: def.id.clone(),
                found: d.id.clone(),
            });
        }
    }
    for (i, a) in card.attributes.iter().enumerate() {
        if framework.attribute(&a.id).is_none() {
            return Err(ChartError::Shape {
                field: format!("{field}.attributes[{i}].id"),
                expected: framework
                    .attributes
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                found: a.id.clone(),
            });
        }
    }
    Ok(())
}

/// The chart's size from the options (the natural size where unset), checked.
pub(crate) fn size(options: &ChartOptions, natural: (f64, f64)) -> Result<(f64, f64), ChartError> {
    let one = |field: &'static str, v: Option<u32>, d: f64| match v {
        None => Ok(d),
        Some(v) if (MIN_SIZE..=MAX_SIZE).contains(&v) => Ok(f64::from(v)),
        Some(value) => Err(ChartError::InvalidSize {
            field,
            value,
            min: MIN_SIZE,
            max: MAX_SIZE,
        }),
    };
    Ok((
        one("width", options.width, natural.0)?,
        one("height", options.height, natural.1)?,
    ))
}
