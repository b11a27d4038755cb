//! Reports of one assessment or of a comparison, as one self-contained HTML file (inline SVG and
//! CSS, no script, no external request) or as Markdown with the charts as separate SVG files.
//!
//! A report of one assessment holds: the levels table (表1 columns and every dimension), the
//! radar chart (with the nearest reference case overlaid) and the attribute bars, the evidence
//! quotes per dimension, the deficits, the remedies with their seed sources, the mode's 表2 row,
//! the nearest reference case and the distances to all of them. A comparison report holds the
//! ranking, the heat-table, a radar chart of all communities, the best and worst per dimension,
//! and the 表1 columns of every community. Words come from [`ui`](crate::ui); the language is
//! chosen per report.
//!
//! ```
//! use renxing::report::{html_report, markdown_report, ReportOptions};
//! use renxing::{case, diagnose, Framework, Lang};
//!
//! let fw = Framework::paper();
//! let b = case("b").unwrap();
//! let d = diagnose(&b, fw)?;
//! let html = html_report(fw, &b, &d, &ReportOptions::new(Lang::En))?;
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(!html.contains("<script"));
//!
//! let md = markdown_report(fw, &b, &d, &ReportOptions::new(Lang::Zh))?;
//! assert!(md.markdown.contains("## 优化路径"));
//! assert_eq!(md.charts[0].name, "report-radar.svg"); // write it beside the .md file
//! # Ok::<(), renxing::Error>(())
//! ```

mod agreement;
mod cycle;
mod doc;
mod html;
mod indicators;
mod markdown;
mod pages;
mod qca;
mod remedies;
mod uncertainty;
mod words;

pub use indicators::{html_indicator_report, markdown_indicator_report};
pub use qca::{html_qca_report, markdown_qca_report, QcaReportInput};
pub use uncertainty::{html_uncertainty_report, markdown_uncertainty_report};

use serde::Serialize;

use crate::assessment::Assessment;
use crate::chart::ChartError;
use crate::compare::Comparison;
use crate::diagnose::Diagnosis;
use crate::framework::Framework;
use crate::lang::Lang;

/// Options of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ReportOptions {
    /// The report's language.
    pub lang: Lang,
    /// A title replacing the default one.
    pub title: Option<String>,
    /// Markdown only: the file-name prefix of the chart files (`"<prefix>-radar.svg"`, …;
    /// default `"report"`). Only ASCII letters, digits, `-`, `_` and `.` are kept.
    pub chart_prefix: String,
    /// How many remedies to list, highest priority first (default
    /// [`DEFAULT_TOP_REMEDIES`]); `None` lists every one. The rest are counted.
    pub top_remedies: Option<usize>,
}

/// The remedies a report lists by default (the rest are counted below them).
pub const DEFAULT_TOP_REMEDIES: usize = 5;

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions::new(Lang::default())
    }
}

impl ReportOptions {
    /// Default options in a language.
    #[must_use]
    pub fn new(lang: Lang) -> Self {
        ReportOptions {
            lang,
            title: None,
            chart_prefix: "report".to_owned(),
            top_remedies: Some(DEFAULT_TOP_REMEDIES),
        }
    }
}

/// An SVG chart file that a Markdown report links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ChartFile {
    /// The file name the Markdown links to (relative, no directory).
    pub name: String,
    /// The SVG text.
    pub svg: String,
}

/// A Markdown report and the chart files it links to; write the files beside the Markdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MarkdownReport {
    /// The Markdown text.
    pub markdown: String,
    /// The linked charts, in the order they appear.
    pub charts: Vec<ChartFile>,
}

/// The HTML report of one assessment and its diagnosis.
///
/// # Errors
/// [`ChartError::AssessmentMismatch`] when the diagnosis is of another assessment,
/// [`ChartError::FrameworkMismatch`] when it is of another framework.
pub fn html_report(
    framework: &Framework,
    assessment: &Assessment,
    diagnosis: &Diagnosis,
    options: &ReportOptions,
) -> Result<String, ChartError> {
    check_diagnosis(framework, assessment, diagnosis)?;
    let doc = doc::single(framework, assessment, diagnosis, options)?;
    Ok(html::render(framework, &doc))
}

/// The Markdown report of one assessment and its diagnosis (same content as [`html_report`]).
///
/// # Errors
/// As [`html_report`].
pub fn markdown_report(
    framework: &Framework,
    assessment: &Assessment,
    diagnosis: &Diagnosis,
    options: &ReportOptions,
) -> Result<MarkdownReport, ChartError> {
    check_diagnosis(framework, assessment, diagnosis)?;
    let doc = doc::single(framework, assessment, diagnosis, options)?;
    Ok(markdown::render(framework, &doc, &options.chart_prefix))
}

/// Optional sections of a single-assessment report: the community's timeline and a
/// functionality curve (issue 13).
#[derive(Clone, Copy, Debug, Default)]
pub struct ReportExtras<'a> {
    /// The community's timeline: a section with the timeline chart (phases shaded), the points,
    /// the first-to-last changes, the phases never assessed, the plan of the phase ahead (who
    /// acts) and the remedies for what comes next.
    pub timeline: Option<&'a crate::timeline::Timeline>,
    /// A functionality curve and its analysis: a section with the curve chart (baseline, loss
    /// area, time to recover) and Bruneau's numbers with the paper's level.
    pub curve: Option<(&'a crate::curve::Series, &'a crate::curve::CurveReport)>,
}

impl ReportExtras<'_> {
    fn append(
        &self,
        framework: &Framework,
        lang: Lang,
        blocks: &mut Vec<doc::Block>,
    ) -> Result<(), ChartError> {
        if let Some(tl) = self.timeline {
            cycle::timeline_blocks(blocks, framework, tl, lang)?;
        }
        if let Some((series, report)) = self.curve {
            cycle::curve_blocks(blocks, framework, series, report, lang)?;
        }
        Ok(())
    }
}

/// [`html_report`] with the sections of the full cycle: a timeline and a curve.
///
/// ```
/// use renxing::report::{html_report_with, ReportExtras, ReportOptions};
/// use renxing::timeline::timeline;
/// use renxing::{case, diagnose, Framework, Lang, Phase};
/// let fw = Framework::paper();
/// let mut before = case("a").unwrap();
/// before.phase = Some(Phase::Preparedness);
/// let mut after = case("b").unwrap();
/// after.id = before.id.clone();
/// let tl = timeline(&[before, after.clone()], fw).unwrap();
/// let d = diagnose(&after, fw)?;
/// let extras = ReportExtras { timeline: Some(&tl), curve: None };
/// let html = html_report_with(fw, &after, &d, &ReportOptions::new(Lang::En), &extras)?;
/// assert!(html.contains("<h2>Timeline</h2>"));
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// As [`html_report`], and the charts' errors.
pub fn html_report_with(
    framework: &Framework,
    assessment: &Assessment,
    diagnosis: &Diagnosis,
    options: &ReportOptions,
    extras: &ReportExtras<'_>,
) -> Result<String, ChartError> {
    check_diagnosis(framework, assessment, diagnosis)?;
    let mut doc = doc::single(framework, assessment, diagnosis, options)?;
    extras.append(framework, options.lang, &mut doc.blocks)?;
    Ok(html::render(framework, &doc))
}

/// [`markdown_report`] with the sections of the full cycle (the timeline and curve charts are
/// files beside the Markdown).
///
/// # Errors
/// As [`html_report_with`].
pub fn markdown_report_with(
    framework: &Framework,
    assessment: &Assessment,
    diagnosis: &Diagnosis,
    options: &ReportOptions,
    extras: &ReportExtras<'_>,
) -> Result<MarkdownReport, ChartError> {
    check_diagnosis(framework, assessment, diagnosis)?;
    let mut doc = doc::single(framework, assessment, diagnosis, options)?;
    extras.append(framework, options.lang, &mut doc.blocks)?;
    Ok(markdown::render(framework, &doc, &options.chart_prefix))
}

/// The HTML report of a comparison.
///
/// # Errors
/// [`ChartError::Empty`] for a comparison without rows, [`ChartError::FrameworkMismatch`].
pub fn html_comparison_report(
    framework: &Framework,
    comparison: &Comparison,
    options: &ReportOptions,
) -> Result<String, ChartError> {
    check_comparison(framework, comparison)?;
    let doc = doc::comparison(framework, comparison, options)?;
    Ok(html::render(framework, &doc))
}

/// The Markdown report of a comparison (same content as [`html_comparison_report`]).
///
/// # Errors
/// As [`html_comparison_report`].
pub fn markdown_comparison_report(
    framework: &Framework,
    comparison: &Comparison,
    options: &ReportOptions,
) -> Result<MarkdownReport, ChartError> {
    check_comparison(framework, comparison)?;
    let doc = doc::comparison(framework, comparison, options)?;
    Ok(markdown::render(framework, &doc, &options.chart_prefix))
}

/// The width and height of a report page (A4, in PostScript points) of [`report_pages`].
pub const PAGE_SIZE: (f64, f64) = (pages::PAGE_W, pages::PAGE_H);

/// The report of one assessment laid out into pages, each an SVG document (same content as
/// [`html_report`]): A4 pages ([`PAGE_SIZE`]) with `paged`, else one page as tall as the
/// content (for a PNG of the whole report). `renxing-render` turns them into PDF or PNG.
///
/// ```
/// use renxing::report::{report_pages, ReportOptions};
/// use renxing::{case, diagnose, Framework, Lang};
/// let fw = Framework::paper();
/// let b = case("b").unwrap();
/// let pages = report_pages(fw, &b, &diagnose(&b, fw)?, &ReportOptions::new(Lang::Zh), true)?;
/// assert!(pages.len() > 1);
/// assert!(pages[0].contains("社区韧性评估报告"));
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// As [`html_report`].
pub fn report_pages(
    framework: &Framework,
    assessment: &Assessment,
    diagnosis: &Diagnosis,
    options: &ReportOptions,
    paged: bool,
) -> Result<Vec<String>, ChartError> {
    check_diagnosis(framework, assessment, diagnosis)?;
    let doc = doc::single(framework, assessment, diagnosis, options)?;
    Ok(pages::render(&doc, paged))
}

/// The report of a comparison laid out into pages (see [`report_pages`]).
///
/// # Errors
/// As [`html_comparison_report`].
pub fn comparison_report_pages(
    framework: &Framework,
    comparison: &Comparison,
    options: &ReportOptions,
    paged: bool,
) -> Result<Vec<String>, ChartError> {
    check_comparison(framework, comparison)?;
    let doc = doc::comparison(framework, comparison, options)?;
    Ok(pages::render(&doc, paged))
}

fn check_diagnosis(
    framework: &Framework,
    assessment: &Assessment,
    diagnosis: &Diagnosis,
) -> Result<(), ChartError> {
    if diagnosis.scorecard.assessment != assessment.id {
        return Err(ChartError::AssessmentMismatch {
            expected: assessment.id.clone(),
            found: diagnosis.scorecard.assessment.clone(),
        });
    }
    crate::chart::check_scorecard(framework, &diagnosis.scorecard, "diagnosis.scorecard")
}

fn check_comparison(framework: &Framework, comparison: &Comparison) -> Result<(), ChartError> {
    if comparison.rows.is_empty() {
        return Err(ChartError::Empty {
            field: "comparison.rows",
        });
    }
    if comparison.framework != framework.id {
        return Err(ChartError::FrameworkMismatch {
            field: "comparison.framework".to_owned(),
            expected: framework.id.clone(),
            found: comparison.framework.clone(),
        });
    }
    for (i, r) in comparison.rows.iter().enumerate() {
        crate::chart::check_scorecard(
            framework,
            &r.scorecard,
            &format!("comparison.rows[{i}].scorecard"),
        )?;
    }
    Ok(())
}
