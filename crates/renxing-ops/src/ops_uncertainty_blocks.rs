//! Uncertainty analysis spread over machines (issue 15, `renxing.dask`): the header, one
//! block of runs, the summaries of a range of units, the assembly. The method lives in the
//! core (`renxing::uncertainty::blocks`); the result equals the `uncertainty` operation's with
//! the same seed, bit for bit.

use renxing::composite::{Dataset, Pipeline};
use renxing::uncertainty::blocks::{self, RunBlock, RunSlab, UncertaintyHeader, UnitRange};
use renxing::uncertainty::{SensitivitySpec, UncertaintyResult, UncertaintySpec};
use renxing::Error;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Ctx, Operation};

/// The request's own fields keep their paths; the spec's are under `uncertainty`.
fn reroot(e: Error, indicators: usize) -> Error {
    let own = matches!(
        e.path().and_then(|p| p.0.first().cloned()),
        Some(renxing::PathSeg::Key(k)) if ["block", "blocks", "parts", "header", "end", "runs", "unit_cuts", "slabs"].contains(&k.as_str())
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

/// As the block's request, with a range of the block's runs and the unit cuts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySlabsRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The analysis.
    pub uncertainty: UncertaintySpec,
    /// The block: runs 256 block … 256 block + 255, from the stream of (seed, block).
    pub block: usize,
    /// The runs `[r0, r1)` within the block to evaluate (default: all of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs: Option<[usize; 2]>,
    /// Where the units are cut: `[0, c1, …, n]`, non-decreasing (default `[0, n]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_cuts: Option<Vec<usize>>,
}

/// Slabs of runs × units, one per range of units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UncertaintySlabs {
    /// One per range of units, in order.
    pub slabs: Vec<RunSlab>,
}

fn cuts_of(r: &UncertaintySlabsRequest, n: usize) -> Vec<usize> {
    r.unit_cuts.clone().unwrap_or_else(|| vec![0, n])
}

op! {
    /// Runs r0..r1 of one block of a distributed uncertainty analysis (the block's draws from its own stream, the same numbers whatever the split), cut into slabs by ranges of units: the pieces the unit-range tasks take.
    UncertaintySlabsOp = "uncertainty_slabs" / "uncertaintySlabs",
    UncertaintySlabsRequest => UncertaintySlabs,
    |r, _ctx| {
        let cuts = cuts_of(&r, r.data.units.len());
        blocks::uncertainty_slabs(&r.pipeline, &r.data, &r.uncertainty, r.block, r.runs, &cuts)
            .map(|slabs| UncertaintySlabs { slabs })
            .map_err(|e| reroot(e.into(), r.data.indicators.len()))
    }
}

/// The header, the slabs of a range of units covering every run in order, and the range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySlabUnitsRequest {
    /// From `uncertainty_header`.
    pub header: UncertaintyHeader,
    /// The analysis.
    pub uncertainty: UncertaintySpec,
    /// Slabs of these units covering runs 0..runs, in order.
    pub slabs: Vec<RunSlab>,
    /// First unit.
    pub start: usize,
    /// One past the last unit.
    pub end: usize,
}

op! {
    /// The rank and score distributions and level probabilities of a range of units of a distributed uncertainty analysis, from its slabs of every run (only its own units travel).
    UncertaintySlabUnitsOp = "uncertainty_slab_units" / "uncertaintySlabUnits",
    UncertaintySlabUnitsRequest => UnitRange,
    |r, _ctx| blocks::uncertainty_slab_units_of(&r.header, &r.uncertainty, &r.slabs, r.start, r.end)
        .map_err(|e| reroot(e.into(), 0))
}

/// The request's data read from a units × indicators array in place (`data.values` empty;
/// `data.units` empty names the units by position), as `indicators_of_array` reads it.
fn dataset_of_array(
    mut data: Dataset,
    n_units: usize,
    values: &[f64],
    unit_stride: usize,
    indicator_stride: usize,
) -> Result<Dataset, Error> {
    let m = data.indicators.len();
    let route = |p: &[renxing::PathSeg]| crate::ops_composite::array_path(p, m);
    let mut d = Dataset::from_strided_positions(
        std::mem::take(&mut data.units),
        std::mem::take(&mut data.indicators),
        n_units,
        values,
        unit_stride,
        indicator_stride,
    )
    .map_err(|e| crate::args::reroot(e.into(), route))?;
    d.hierarchy = data.hierarchy;
    d.unit_groups = data.unit_groups;
    Ok(d)
}

/// `uncertainty_header` with the data a units × indicators array read in place (more units
/// than a JSON request holds): see [`uncertainty_slabs_of_array`].
///
/// # Errors
/// As the operation; a shape error for the array.
pub fn uncertainty_header_of_array(
    r: UncertaintyHeaderRequest,
    n_units: usize,
    values: &[f64],
    unit_stride: usize,
    indicator_stride: usize,
) -> Result<UncertaintyHeader, Error> {
    let m = r.data.indicators.len();
    let d = dataset_of_array(r.data, n_units, values, unit_stride, indicator_stride)?;
    blocks::uncertainty_header(&r.pipeline, &d, &r.uncertainty).map_err(|e| reroot(e.into(), m))
}

/// `uncertainty_slabs` with the data a units × indicators array read in place
/// (`values[u * unit_stride + j * indicator_stride]`, NaN = missing; `data.values` empty,
/// `data.units` empty for units named by position): the slabs as numbers, for front ends that
/// hand them over as arrays (numpy in `renxing.dask`).
///
/// # Errors
/// As the operation; a shape error for the array.
pub fn uncertainty_slabs_of_array(
    r: UncertaintySlabsRequest,
    n_units: usize,
    values: &[f64],
    unit_stride: usize,
    indicator_stride: usize,
) -> Result<Vec<RunSlab>, Error> {
    let m = r.data.indicators.len();
    let cuts = cuts_of(&r, n_units);
    let UncertaintySlabsRequest {
        data,
        pipeline,
        uncertainty,
        block,
        runs,
        ..
    } = r;
    let d = dataset_of_array(data, n_units, values, unit_stride, indicator_stride)?;
    blocks::uncertainty_slabs(&pipeline, &d, &uncertainty, block, runs, &cuts)
        .map_err(|e| reroot(e.into(), m))
}

/// `uncertainty_slab_units` on slabs read in place (numpy arrays in `renxing.dask`).
///
/// # Errors
/// As the operation.
pub fn uncertainty_slab_units_of_refs(
    header: &UncertaintyHeader,
    spec: &UncertaintySpec,
    slabs: &[blocks::SlabRef<'_>],
    start: usize,
    end: usize,
) -> Result<UnitRange, Error> {
    blocks::uncertainty_slab_units(header, spec, slabs, start, end).map_err(|e| reroot(e.into(), 0))
}

fn reroot_sens(e: Error, indicators: usize) -> Error {
    let own = matches!(
        e.path().and_then(|p| p.0.first().cloned()),
        Some(renxing::PathSeg::Key(k)) if ["samples", "parts"].contains(&k.as_str())
    );
    if own {
        e
    } else {
        crate::ops_uncertainty::reroot(e, "sensitivity", indicators)
    }
}

/// The `sensitivity` operation's request and a range of base samples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SensitivityRunsRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The analysis (`keep_runs` false).
    pub sensitivity: SensitivitySpec,
    /// The base samples `[s0, s1)` of the Saltelli design to run.
    pub samples: [usize; 2],
}

op! {
    /// The Saltelli runs (A, A_B^(1..d), B) of a range of base samples of a distributed sensitivity analysis, drawn from the design's seeded block streams as in memory: every run's ranks and mean absolute rank shift.
    SensitivityRunsOp = "sensitivity_runs" / "sensitivityRuns",
    SensitivityRunsRequest => blocks::SensitivityPart,
    |r, _ctx| blocks::sensitivity_runs(&r.pipeline, &r.data, &r.sensitivity, r.samples)
        .map_err(|e| reroot_sens(e.into(), r.data.indicators.len()))
}

/// The `sensitivity` operation's request and the parts covering every base sample, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SensitivityAssembleRequest {
    /// Units × indicators, indicator metadata and the hierarchy.
    pub data: Dataset,
    /// The nominal pipeline.
    pub pipeline: Pipeline,
    /// The analysis (`keep_runs` false).
    pub sensitivity: SensitivitySpec,
    /// From `sensitivity_runs`, covering the base samples in order.
    pub parts: Vec<blocks::SensitivityPart>,
}

op! {
    /// Assembles a distributed sensitivity analysis: the Sobol indices (and the one-at-a-time view) estimated from the gathered runs — the `sensitivity` operation's result with the same seed, bit for bit.
    SensitivityAssembleOp = "sensitivity_assemble" / "sensitivityAssemble",
    SensitivityAssembleRequest => renxing::uncertainty::SensitivityResult,
    |r, _ctx| blocks::sensitivity_assemble(&r.pipeline, &r.data, &r.sensitivity, &r.parts)
        .map_err(|e| reroot_sens(e.into(), r.data.indicators.len()))
}
