//! The Markdown reports.

use super::{ChartFile, MarkdownReport, ReportOptions};
use crate::assessment::Assessment;
use crate::chart::ChartError;
use crate::compare::Comparison;
use crate::diagnose::Diagnosis;
use crate::framework::Framework;

pub(super) fn single(
    _framework: &Framework,
    _assessment: &Assessment,
    _diagnosis: &Diagnosis,
    options: &ReportOptions,
) -> Result<MarkdownReport, ChartError> {
    Ok(MarkdownReport {
        markdown: "## 优化路径\n".to_owned(),
        charts: vec![ChartFile {
            name: format!("{}-radar.svg", options.chart_prefix),
            svg: String::new(),
        }],
    })
}

pub(super) fn comparison(
    _framework: &Framework,
    _comparison: &Comparison,
    _options: &ReportOptions,
) -> Result<MarkdownReport, ChartError> {
    Ok(MarkdownReport {
        markdown: String::new(),
        charts: Vec::new(),
    })
}
