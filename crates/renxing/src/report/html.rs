//! The HTML reports.

use super::ReportOptions;
use crate::assessment::Assessment;
use crate::chart::ChartError;
use crate::compare::Comparison;
use crate::diagnose::Diagnosis;
use crate::framework::Framework;

pub(super) fn single(
    _framework: &Framework,
    _assessment: &Assessment,
    _diagnosis: &Diagnosis,
    _options: &ReportOptions,
) -> Result<String, ChartError> {
    Ok("<!DOCTYPE html>\n<html></html>\n".to_owned())
}

pub(super) fn comparison(
    _framework: &Framework,
    _comparison: &Comparison,
    _options: &ReportOptions,
) -> Result<String, ChartError> {
    Ok("<!DOCTYPE html>\n<html></html>\n".to_owned())
}
