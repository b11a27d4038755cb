//! The comparison heat-table.

use super::{ChartError, ChartOptions};
use crate::compare::Comparison;
use crate::framework::Framework;

pub(super) fn render(
    framework: &Framework,
    comparison: &Comparison,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    if comparison.rows.is_empty() {
        return Err(ChartError::Empty {
            field: "comparison.rows",
        });
    }
    for (i, r) in comparison.rows.iter().enumerate() {
        super::check_scorecard(
            framework,
            &r.scorecard,
            &format!("comparison.rows[{i}].scorecard"),
        )?;
    }
    Ok(super::svg::placeholder(options))
}
