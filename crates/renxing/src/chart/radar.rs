//! The radar chart.

use super::{ChartError, ChartOptions, RadarSeries};
use crate::framework::Framework;

pub(super) fn render(
    framework: &Framework,
    series: &[RadarSeries],
    options: &ChartOptions,
) -> Result<String, ChartError> {
    if framework.dimensions.len() < 3 {
        return Err(ChartError::TooFewDimensions {
            framework: framework.id.clone(),
            found: framework.dimensions.len(),
            min: 3,
        });
    }
    if series.is_empty() {
        return Err(ChartError::Empty { field: "series" });
    }
    for (i, s) in series.iter().enumerate() {
        super::check_scorecard(framework, &s.scorecard, &format!("series[{i}].scorecard"))?;
    }
    Ok(super::svg::placeholder(options))
}
