//! Chart operations added after the first three (issue 14): small-multiple radars.

use renxing::chart::RadarSeries;
use renxing::Error;

use crate::args;
use crate::ops::{ComparisonChartRequest, SvgResponse};
use crate::{Ctx, Operation};

op! {
    /// Small-multiple radars (SVG): a grid of one small radar per assessment on one shared scale, the first panel naming the axes — readable for many communities.
    SmallMultiples = "small_multiples" / "smallMultiples",
    ComparisonChartRequest => SvgResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let list = args::take_assessments(r.assessments, &fw)?;
        let engine = args::engine(&fw, &r.options)?;
        let mut series = Vec::with_capacity(list.len());
        for a in &list {
            series.push(RadarSeries::new(a.name.clone(), engine.score(a)?));
        }
        Ok(SvgResponse { svg: renxing::chart::small_multiples(&fw, &series, &r.chart.options(ctx))? })
    }
}
