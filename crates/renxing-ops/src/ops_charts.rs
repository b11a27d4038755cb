//! Chart operations added after the first three (issue 14): small-multiple radars.

use renxing::chart::RadarSeries;
use renxing::Error;

use crate::args;
use crate::ops::{ComparisonChartRequest, SvgResponse};
use crate::{Ctx, Operation};

macro_rules! op {
    (
        $(#[doc = $doc:literal])+
        $ty:ident = $name:literal / $js:literal,
        $req:ty => $resp:ty,
        |$r:pat_param, $ctx:ident| $body:expr
    ) => {
        $(#[doc = $doc])+
        #[derive(Clone, Copy, Debug)]
        pub struct $ty;

        impl Operation for $ty {
            const NAME: &'static str = $name;
            const JS_NAME: &'static str = $js;
            const SUMMARY: &'static str = concat!($($doc),+);
            type Request = $req;
            type Response = $resp;

            #[allow(unused_variables)]
            fn run($r: $req, $ctx: &Ctx) -> Result<$resp, Error> {
                $body
            }
        }
    };
}

op! {
    /// Small-multiple radars (SVG): a grid of one small radar per assessment on one shared scale, the first panel naming the axes — readable for many communities.
    SmallMultiples = "small_multiples" / "smallMultiples",
    ComparisonChartRequest => SvgResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let list = args::assessments(&r.assessments, &fw)?;
        let engine = args::engine(&fw, &r.options)?;
        let mut series = Vec::with_capacity(list.len());
        for a in &list {
            series.push(RadarSeries::new(a.name.clone(), engine.score(a)?));
        }
        Ok(SvgResponse { svg: renxing::chart::small_multiples(&fw, &series, &r.chart.options(ctx))? })
    }
}
