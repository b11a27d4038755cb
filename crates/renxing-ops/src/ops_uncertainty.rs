//! Operations of uncertainty and sensitivity analysis (issue 11). The methods live in the core
//! (`renxing::uncertainty`); these operations only read their requests.

use renxing::composite::{Dataset, Pipeline};
use renxing::uncertainty::{self, SensitivitySpec, UncertaintySpec};
use renxing::Error;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args;
use crate::{Ctx, Operation};

/// The analysis names its spec's fields from the spec (`factors[0].share`, `runs`) and the
/// pipeline's and data's from theirs; a request names them from its root. A failing run
/// (`runs[i]…`) keeps its path.
fn reroot(e: Error, spec: &str, indicators: usize) -> Error {
    args::reroot(e, |p| {
        if matches!(p, [renxing::PathSeg::Key(k), renxing::PathSeg::Index(_), ..] if k == "runs") {
            return None;
        }
        args::dataset_path(p, indicators).or_else(|| match p.first() {
            Some(renxing::PathSeg::Key(_)) => {
                Some(renxing::Path::from(spec).join(&renxing::Path(p.to_vec())))
            }
            _ => None,
        })
    })
}

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

/// Indicator data, the pipeline, and the uncertainty analysis to run on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The uncertain inputs, runs, seed and options.
    pub uncertainty: UncertaintySpec,
}

op! {
    /// Uncertainty of a composite ranking: N seeded runs with sampled weights, methods, exclusions, thresholds or coders' values → each unit's rank interval (median, 5th–95th percentile), score distribution and level probabilities, pairwise outranking probabilities, the mean absolute rank shift.
    Uncertainty = "uncertainty" / "uncertainty",
    UncertaintyRequest => uncertainty::UncertaintyResult,
    |r, ctx| uncertainty::uncertainty(&r.pipeline, &r.data, &r.uncertainty)
        .map_err(|e| reroot(e.into(), "uncertainty", r.data.indicators.len()))
}

/// Indicator data, the pipeline, and the sensitivity analysis to run on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SensitivityRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The uncertain inputs, base sample size, seed, bootstrap and options.
    pub sensitivity: SensitivitySpec,
}

op! {
    /// Which choice matters most: first-order (Saltelli 2010) and total (Jansen 1999) Sobol indices of each uncertain input on each unit's rank and on the mean absolute rank shift, with bootstrap intervals, and the one-at-a-time view.
    Sensitivity = "sensitivity" / "sensitivity",
    SensitivityRequest => uncertainty::SensitivityResult,
    |r, ctx| uncertainty::sensitivity(&r.pipeline, &r.data, &r.sensitivity)
        .map_err(|e| reroot(e.into(), "sensitivity", r.data.indicators.len()))
}
