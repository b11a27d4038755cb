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
mod multiples;
mod radar;
pub(crate) mod svg;
mod table;
mod words;

use serde::Serialize;

use crate::compare::Comparison;
use crate::framework::Framework;
use crate::lang::Lang;
use crate::score::{score, Scorecard};

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
