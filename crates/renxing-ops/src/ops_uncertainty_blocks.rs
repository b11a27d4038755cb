//! Uncertainty analysis spread over machines (issue 15, `renxing.dask`): the header, one
//! block of runs, the summaries of a range of units, the assembly. The method lives in the
//! core (`renxing::uncertainty::blocks`); the result equals the `uncertainty` operation's with
//! the same seed, bit for bit.

use renxing::composite::{Dataset, Pipeline};
use renxing::uncertainty::blocks::{self, RunBlock, UncertaintyHeader, UnitRange};
use renxing::uncertainty::{UncertaintyResult, UncertaintySpec};
use renxing::Error;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Ctx, Operation};

/// The request's own fields keep their paths; the spec's are under `uncertainty`.
fn reroot(e: Error, indicators: usize) -> Error {
    let own = matches!(
        e.path().and_then(|p| p.0.first().cloned()),
        Some(renxing::PathSeg::Key(k)) if ["block", "blocks", "parts", "header", "end"].contains(&k.as_str())
    );
    if own {
        e
    } else {
        crate::ops_uncertainty::reroot(e, "uncertainty", indicators)
    }
}

/// Indicator data, the pipeline and the analysis (as the `uncertainty` operation's request).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyHeaderRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The uncertain inputs, runs, seed and options (`keep_runs` false).
    pub uncertainty: UncertaintySpec,
}

op! {
    /// The shared part of a distributed uncertainty analysis: the factors as used, units, levels, the nominal run and the number of blocks of 256 runs.
    UncertaintyHeaderOp = "uncertainty_header" / "uncertaintyHeader",
    UncertaintyHeaderRequest => UncertaintyHeader,
    |r, _ctx| blocks::uncertainty_header(&r.pipeline, &r.data, &r.uncertainty)
        .map_err(|e| reroot(e.into(), r.data.indicators.len()))
}

/// As the header's request, and the block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyBlockRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The analysis.
    pub uncertainty: UncertaintySpec,
    /// The block: runs 256 block … 256 block + 255, from the stream of (seed, block).
    pub block: usize,
}

op! {
    /// One block of 256 runs of a distributed uncertainty analysis, drawn from its own stream (seed, block): every run's scores, ranks and levels.
    UncertaintyBlockOp = "uncertainty_block" / "uncertaintyBlock",
    UncertaintyBlockRequest => RunBlock,
    |r, _ctx| blocks::uncertainty_block(&r.pipeline, &r.data, &r.uncertainty, r.block)
        .map_err(|e| reroot(e.into(), r.data.indicators.len()))
}

/// The header, every block in order, and a range of units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyUnitsRequest {
    /// From `uncertainty_header`.
    pub header: UncertaintyHeader,
    /// The analysis.
    pub uncertainty: UncertaintySpec,
    /// Every block, in order.
    pub blocks: Vec<RunBlock>,
    /// First unit.
    pub start: usize,
    /// One past the last unit.
    pub end: usize,
}

op! {
    /// The rank and score distributions, level probabilities and pairwise counts of a range of units of a distributed uncertainty analysis, from every block of runs.
    UncertaintyUnitsOp = "uncertainty_units" / "uncertaintyUnits",
    UncertaintyUnitsRequest => UnitRange,
    |r, _ctx| blocks::uncertainty_units(&r.header, &r.uncertainty, &r.blocks, r.start, r.end)
        .map_err(|e| reroot(e.into(), 0))
}

/// The header and the unit ranges covering every unit, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyAssembleRequest {
    /// From `uncertainty_header`.
    pub header: UncertaintyHeader,
    /// The analysis.
    pub uncertainty: UncertaintySpec,
    /// The unit ranges, in order.
    pub parts: Vec<UnitRange>,
}

op! {
    /// Assembles a distributed uncertainty analysis from its unit ranges: the `uncertainty` operation's result with the same seed, bit for bit.
    UncertaintyAssembleOp = "uncertainty_assemble" / "uncertaintyAssemble",
    UncertaintyAssembleRequest => UncertaintyResult,
    |r, _ctx| blocks::uncertainty_assemble(&r.header, &r.uncertainty, r.parts)
        .map_err(|e| reroot(e.into(), 0))
}
