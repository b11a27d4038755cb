//! The attribute bar chart.

use super::{ChartError, ChartOptions};
use crate::framework::Framework;
use crate::score::Scorecard;

pub(super) fn render(
    framework: &Framework,
    scorecard: &Scorecard,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    super::check_scorecard(framework, scorecard, "scorecard")?;
    Ok(super::svg::placeholder(options))
}
