//! Uncertainty analysis spread over machines (issue 15, `renxing.dask`): blocks of runs per
//! task, then unit ranges per task, then one assembly — the same numbers as [`uncertainty`]
//! with the same seed, bit for bit, whatever the number of tasks or workers.
//!
//! * [`uncertainty_header`]: the factors as used, the units, the levels and the nominal run
//!   (one task).
//! * [`uncertainty_block`]: runs `256 b … 256 b + 255` (block `b`, [`BLOCK_ROWS`] runs), drawn
//!   from the stream of (seed, domain 1, block `b`) exactly as the in-memory analysis draws
//!   them, evaluated by the same engine: each run's scores, ranks and levels.
//! * [`uncertainty_units`]: for units `start..end`, their rank and score distributions and
//!   level probabilities from every block's runs (the in-memory per-unit code), and per run
//!   Σ |rank − nominal| over these units (integers: exact in any grouping).
//! * [`uncertainty_assemble`]: the unit ranges in order and the mean absolute rank shift per
//!   run (the per-run integer sums added, then the in-memory summary).
//!
//! The pairwise outranking matrix: each unit range counts its rows (integers: exact). Not
//! distributed: the raw runs (`keep_runs` is refused; they stay in the blocks).
//!
//! [`uncertainty`]: super::uncertainty

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::analysis::{
    need_factors, saltelli_runs, sensitivity_of_outputs, sensitivity_prepare, summary_of,
    unit_uncertainty,
};
use super::engine::{Outputs, Prepared};
use super::error::{invalid, UncertaintyError};
use super::rng::{Stream, BLOCK_ROWS, DOMAIN_RUNS};
use super::spec::{
    Draw, FactorInfo, Nominal, Pairwise, SensitivityResult, SensitivitySpec, UncertaintyResult,
    UncertaintySpec, UnitUncertainty,
};
use crate::composite::{Dataset, Pipeline};
use crate::error::Path;
use crate::par;

/// The version of the serialised blocks and parts (another version is refused).
pub const BLOCKS_VERSION: u32 = 1;

/// What every task of a distributed analysis shares: the factors as used, the units, the
/// levels and the nominal run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UncertaintyHeader {
    /// [`BLOCKS_VERSION`].
    pub version: u32,
    /// The factors as used.
    pub factors: Vec<FactorInfo>,
    /// Unit ids.
    pub units: Vec<String>,
    /// Level ids of the banding (empty without one).
    pub levels: Vec<String>,
    /// The nominal run.
    pub nominal: Nominal,
    /// Number of blocks of runs.
    pub blocks: usize,
    /// Whether the pairwise outranking counts are asked for (the spec's `pairwise` as used):
    /// then the unit-range tasks need whole runs.
    #[serde(default)]
    pub pairwise: bool,
}

/// One block of runs: row-major runs × units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RunBlock {
    /// [`BLOCKS_VERSION`].
    pub version: u32,
    /// The block index.
    pub block: usize,
    /// Its first run.
    pub first_run: usize,
    /// Its runs.
    pub runs: usize,
    /// Units per run.
    pub units: usize,
    /// Scores, runs × units.
    pub scores: Vec<f64>,
    /// Ranks, runs × units.
    pub ranks: Vec<u32>,
    /// Levels, runs × units (with a banding).
    pub levels: Option<Vec<u32>>,
    /// Each run's draws.
    pub draws: Vec<Vec<Draw>>,
}

/// The summaries of a range of units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitRange {
    /// [`BLOCKS_VERSION`].
    pub version: u32,
    /// First unit.
    pub start: usize,
    /// One past the last unit.
    pub end: usize,
    /// The units' summaries.
    pub unit_stats: Vec<UnitUncertainty>,
    /// Per run, Σ |rank − nominal| over these units.
    pub abs_shift: Vec<u64>,
    /// With `pairwise`: for each of these units a, for every unit b, the number of runs in
    /// which a ranks above b (rows × units).
    pub outranks: Option<Vec<u64>>,
}

fn check_spec(spec: &UncertaintySpec) -> Result<(), UncertaintyError> {
    need_factors(&spec.factors)?;
    if spec.runs < 2 {
        return Err(invalid(Path::from("runs"), spec.runs, "at least 2 runs"));
    }
    if spec.keep_runs {
        return Err(invalid(
            Path::from("keep_runs"),
            true,
            "the raw runs stay in the blocks on a cluster; run in memory to keep them",
        ));
    }
    Ok(())
}

fn prepare(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &UncertaintySpec,
) -> Result<Prepared, UncertaintyError> {
    check_spec(spec)?;
    if spec.pairwise {
        use crate::limits::{check, Limit};
        check(Limit::PairwiseUnits, data.units.len(), || {
            Path::from("pairwise")
        })?;
    }
    Prepared::new(
        pipeline,
        data,
        &spec.factors,
        spec.output,
        &Path::from("factors"),
    )
}

/// The factors, units, levels, nominal run and number of blocks of a distributed analysis.
///
/// # Errors
/// As [`super::uncertainty`]; `pairwise` or `keep_runs` asked for.
pub fn uncertainty_header(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &UncertaintySpec,
) -> Result<UncertaintyHeader, UncertaintyError> {
    let prep = prepare(pipeline, data, spec)?;
    Ok(UncertaintyHeader {
        version: BLOCKS_VERSION,
        factors: prep.infos.clone(),
        units: prep.units.clone(),
        levels: prep
            .band
            .as_ref()
            .map(|b| b.levels.clone())
            .unwrap_or_default(),
        nominal: prep.nominal.clone(),
        blocks: spec.runs.div_ceil(BLOCK_ROWS),
        pairwise: spec.pairwise,
    })
}

/// The runs of block `block` (runs `256 block …`), as the in-memory analysis computes them.
///
/// # Errors
/// As [`uncertainty_header`]; a block beyond the runs; a failing run (its global index).
pub fn uncertainty_block(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &UncertaintySpec,
    block: usize,
) -> Result<RunBlock, UncertaintyError> {
    let prep = prepare(pipeline, data, spec)?;
    let (first, draws, out) = evaluate_runs(&prep, spec, block, None)?;
    Ok(RunBlock {
        version: BLOCKS_VERSION,
        block,
        first_run: first,
        runs: draws.len(),
        units: prep.units.len(),
        scores: out.scores,
        ranks: out.ranks,
        levels: out.levels,
        draws,
    })
}

/// Block `block`'s draws (the whole block, from its stream), and the evaluation of its runs
/// `runs` (within the block; all by default): the first run's global index, the draws of the
/// runs evaluated and their outputs.
fn evaluate_runs(
    prep: &Prepared,
    spec: &UncertaintySpec,
    block: usize,
    runs: Option<[usize; 2]>,
) -> Result<(usize, Vec<Vec<Draw>>, Outputs), UncertaintyError> {
    let blocks = spec.runs.div_ceil(BLOCK_ROWS);
    if block >= blocks {
        return Err(invalid(
            Path::from("block"),
            block,
            &format!("{} runs make {blocks} blocks", spec.runs),
        ));
    }
    let first = block * BLOCK_ROWS;
    let in_block = BLOCK_ROWS.min(spec.runs - first);
    let [r0, r1] = runs.unwrap_or([0, in_block]);
    if !(r0 < r1 && r1 <= in_block) {
        return Err(invalid(
            Path::from("runs"),
            format!("[{r0}, {r1}]"),
            &format!("a non-empty range of runs within 0..{in_block} of block {block}"),
        ));
    }
    // the block's own stream (seed, domain 1, block), drawn whole as the in-memory analysis
    // draws it (cheap next to evaluating runs); runs r0..r1 are then evaluated
    let mut s = Stream::new(spec.seed, DOMAIN_RUNS, block as u64);
    let mut draws: Vec<Vec<Draw>> = (0..in_block)
        .map(|_| prep.factors.iter().map(|f| f.draw(&mut s)).collect())
        .collect();
    draws.truncate(r1);
    draws.drain(..r0);
    let opt: Vec<Vec<Option<Draw>>> = draws
        .iter()
        .map(|d| d.iter().cloned().map(Some).collect())
        .collect();
    let first = first + r0;
    let out = prep
        .evaluate(&opt, par::threads(spec.threads))
        .map_err(|e| offset_run(e, first))?;
    Ok((first, draws, out))
}

/// Runs `first_run .. first_run + runs` (within one block) of a distributed analysis, for the
/// units `start..end`: a piece of a block, for the unit-range task of those units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RunSlab {
    /// [`BLOCKS_VERSION`].
    pub version: u32,
    /// The block.
    pub block: usize,
    /// Its first run (global index).
    pub first_run: usize,
    /// Its runs.
    pub runs: usize,
    /// First unit.
    pub start: usize,
    /// One past the last unit.
    pub end: usize,
    /// Scores, runs × (end − start).
    pub scores: Vec<f64>,
    /// Ranks (among all units of the run), runs × (end − start).
    pub ranks: Vec<u32>,
    /// Levels, runs × (end − start) (with a banding).
    pub levels: Option<Vec<u32>>,
}

/// Runs `runs` (`[r0, r1]` within block `block`; the whole block by default) of block `block`,
/// drawn from the block's stream as in memory (every draw of the block is drawn, the runs
/// asked for are evaluated: the same numbers whatever the split), and cut by units at
/// `unit_cuts` (`[0, c₁, …, n]`, non-decreasing): one [`RunSlab`] per range of units.
///
/// # Errors
/// As [`uncertainty_block`]; a bad run range or cut.
pub fn uncertainty_slabs(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &UncertaintySpec,
    block: usize,
    runs: Option<[usize; 2]>,
    unit_cuts: &[usize],
) -> Result<Vec<RunSlab>, UncertaintyError> {
    let prep = prepare(pipeline, data, spec)?;
    let n = prep.units.len();
    let ok = unit_cuts.len() >= 2
        && unit_cuts.first() == Some(&0)
        && unit_cuts.last() == Some(&n)
        && unit_cuts.windows(2).all(|w| w[0] <= w[1]);
    if !ok {
        return Err(invalid(
            Path::from("unit_cuts"),
            format!("{unit_cuts:?}"),
            &format!("non-decreasing cuts from 0 to {n}"),
        ));
    }
    let (first, draws, out) = evaluate_runs(&prep, spec, block, runs)?;
    let runs = draws.len();
    let cut = |v: &[f64], a: usize, b: usize| -> Vec<f64> {
        v.chunks_exact(n.max(1))
            .flat_map(|row| &row[a..b])
            .copied()
            .collect()
    };
    let cut_u = |v: &[u32], a: usize, b: usize| -> Vec<u32> {
        v.chunks_exact(n.max(1))
            .flat_map(|row| &row[a..b])
            .copied()
            .collect()
    };
    Ok(unit_cuts
        .windows(2)
        .map(|w| RunSlab {
            version: BLOCKS_VERSION,
            block,
            first_run: first,
            runs,
            start: w[0],
            end: w[1],
            scores: cut(&out.scores, w[0], w[1]),
            ranks: cut_u(&out.ranks, w[0], w[1]),
            levels: out.levels.as_ref().map(|l| cut_u(l, w[0], w[1])),
        })
        .collect())
}

/// A piece of runs × units read in place (a [`RunBlock`], a [`RunSlab`], or numpy arrays):
/// runs `first_run .. first_run + runs`, each row `width` values, the unit range's first unit at
/// column `offset`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SlabView<'a> {
    /// First run (global index).
    pub first_run: usize,
    /// Runs.
    pub runs: usize,
    /// Values per row.
    pub width: usize,
    /// The column of the unit range's first unit.
    pub offset: usize,
    /// Scores, runs × width.
    pub scores: &'a [f64],
    /// Ranks, runs × width.
    pub ranks: &'a [u32],
    /// Levels, runs × width (with a banding).
    pub levels: Option<&'a [u32]>,
}

/// A [`RunSlab`] read in place (from the struct, or from arrays: numpy in `renxing.dask`).
#[derive(Clone, Copy, Debug)]
pub struct SlabRef<'a> {
    /// First run (global index).
    pub first_run: usize,
    /// Runs.
    pub runs: usize,
    /// First unit.
    pub start: usize,
    /// One past the last unit.
    pub end: usize,
    /// Scores, runs × (end − start).
    pub scores: &'a [f64],
    /// Ranks, runs × (end − start).
    pub ranks: &'a [u32],
    /// Levels, runs × (end − start) (with a banding).
    pub levels: Option<&'a [u32]>,
}

impl RunSlab {
    /// The slab read in place.
    #[must_use]
    pub fn as_ref(&self) -> SlabRef<'_> {
        SlabRef {
            first_run: self.first_run,
            runs: self.runs,
            start: self.start,
            end: self.end,
            scores: &self.scores,
            ranks: &self.ranks,
            levels: self.levels.as_deref(),
        }
    }
}

fn version_error(what: &str, v: u32) -> UncertaintyError {
    invalid(
        Path::from(what),
        v,
        &format!("version {BLOCKS_VERSION} of one analysis expected"),
    )
}

/// The summaries of units `start..end` from every block (in block order).
///
/// # Errors
/// Blocks missing, out of order, of another version or width; a bad range.
pub fn uncertainty_units(
    header: &UncertaintyHeader,
    spec: &UncertaintySpec,
    blocks: &[RunBlock],
    start: usize,
    end: usize,
) -> Result<UnitRange, UncertaintyError> {
    let n = header.units.len();
    if blocks.len() != header.blocks {
        return Err(invalid(
            Path::from("blocks"),
            blocks.len(),
            &format!("all {} blocks, in order", header.blocks),
        ));
    }
    for (i, b) in blocks.iter().enumerate() {
        if b.version != BLOCKS_VERSION || b.block != i || b.units != n {
            return Err(version_error("blocks", b.version));
        }
    }
    let views: Vec<SlabView<'_>> = blocks
        .iter()
        .map(|b| SlabView {
            first_run: b.first_run,
            runs: b.runs,
            width: n,
            offset: start,
            scores: &b.scores,
            ranks: &b.ranks,
            levels: b.levels.as_deref(),
        })
        .collect();
    units_of_views(header, spec, &views, start, end, "blocks")
}

/// The summaries of units `start..end` from slabs of these units covering every run in order
/// (the slabs of [`uncertainty_slabs`], of any run ranges).
///
/// # Errors
/// Slabs missing, out of order, of another version or of other units; a bad range.
pub fn uncertainty_slab_units(
    header: &UncertaintyHeader,
    spec: &UncertaintySpec,
    slabs: &[SlabRef<'_>],
    start: usize,
    end: usize,
) -> Result<UnitRange, UncertaintyError> {
    let mut views = Vec::with_capacity(slabs.len());
    for (i, s) in slabs.iter().enumerate() {
        if s.start > start || s.end < end || s.end < s.start {
            return Err(invalid(
                Path::from("slabs").index(i),
                format!("{}..{}", s.start, s.end),
                &format!("slabs of units {start}..{end}"),
            ));
        }
        views.push(SlabView {
            first_run: s.first_run,
            runs: s.runs,
            width: s.end - s.start,
            offset: start - s.start,
            scores: s.scores,
            ranks: s.ranks,
            levels: s.levels,
        });
    }
    units_of_views(header, spec, &views, start, end, "slabs")
}

/// [`uncertainty_slab_units`] on slabs as sent (their version checked).
///
/// # Errors
/// As [`uncertainty_slab_units`]; a slab of another version.
pub fn uncertainty_slab_units_of(
    header: &UncertaintyHeader,
    spec: &UncertaintySpec,
    slabs: &[RunSlab],
    start: usize,
    end: usize,
) -> Result<UnitRange, UncertaintyError> {
    if let Some(s) = slabs.iter().find(|s| s.version != BLOCKS_VERSION) {
        return Err(version_error("slabs", s.version));
    }
    let refs: Vec<SlabRef<'_>> = slabs.iter().map(RunSlab::as_ref).collect();
    uncertainty_slab_units(header, spec, &refs, start, end)
}

/// The summaries of units `start..end` from views covering runs `0..runs` in order (the
/// in-memory per-unit code on each unit's runs in run order: the same bits whatever the
/// pieces). The pairwise counts need whole rows (`width` = every unit).
///
/// # Errors
/// Views missing, out of order or too small; a bad range; pairwise counts without whole rows.
pub(crate) fn units_of_views(
    header: &UncertaintyHeader,
    spec: &UncertaintySpec,
    views: &[SlabView<'_>],
    start: usize,
    end: usize,
    field: &str,
) -> Result<UnitRange, UncertaintyError> {
    let n = header.units.len();
    if header.version != BLOCKS_VERSION
        || header.nominal.ranks.len() != n
        || header.nominal.scores.len() != n
    {
        return Err(version_error("header", header.version));
    }
    if !(start <= end && end <= n) {
        return Err(invalid(
            Path::from("end"),
            end,
            &format!("a unit range within 0..{n}"),
        ));
    }
    let w = end - start;
    let mut run = 0;
    for (i, v) in views.iter().enumerate() {
        let cells = v.runs * v.width;
        let fits = v.first_run == run
            && v.offset + w <= v.width
            && v.scores.len() >= cells
            && v.ranks.len() >= cells
            && v.levels.is_none_or(|l| l.len() >= cells);
        if !fits {
            return Err(invalid(
                Path::from(field).index(i),
                v.first_run,
                &format!(
                    "pieces covering runs 0..{} in order, with units {start}..{end}",
                    spec.runs
                ),
            ));
        }
        run += v.runs;
    }
    let runs = run;
    if runs != spec.runs {
        return Err(invalid(
            Path::from(field),
            runs,
            "the spec's number of runs",
        ));
    }
    let k = header.levels.len();
    let nom = &header.nominal;
    let mut rcol = vec![0u32; runs];
    let mut scol = vec![0.0; runs];
    let mut lcol = vec![0u32; runs];
    let mut scratch = Vec::new();
    let mut unit_stats = Vec::with_capacity(w);
    let mut abs_shift = vec![0u64; runs];
    for u in start..end {
        let mut r = 0;
        let mut has_levels = true;
        for v in views {
            let col = v.offset + (u - start);
            for q in 0..v.runs {
                let at = q * v.width + col;
                rcol[r] = v.ranks[at];
                scol[r] = v.scores[at];
                match v.levels {
                    Some(l) => lcol[r] = l[at],
                    None => has_levels = false,
                }
                abs_shift[r] += u64::from(rcol[r].abs_diff(nom.ranks[u]));
                r += 1;
            }
        }
        unit_stats.push(unit_uncertainty(
            &header.units[u],
            nom.ranks[u],
            nom.scores[u],
            &rcol,
            &mut scol,
            has_levels.then_some(&lcol[..]),
            k,
            n,
            &mut scratch,
        ));
    }
    let outranks = if spec.pairwise {
        if views.iter().any(|v| v.width != n) {
            return Err(invalid(
                Path::from("pairwise"),
                true,
                "the pairwise counts need every unit of each run: pieces of whole rows",
            ));
        }
        let mut c = vec![0u64; w * n];
        for v in views {
            for rk in v.ranks.chunks_exact(n).take(v.runs) {
                for a in start..end {
                    let ra = rk[a];
                    let row = &mut c[(a - start) * n..(a - start + 1) * n];
                    for (x, &rb) in row.iter_mut().zip(rk) {
                        *x += u64::from(ra < rb);
                    }
                }
            }
        }
        Some(c)
    } else {
        None
    };
    Ok(UnitRange {
        version: BLOCKS_VERSION,
        start,
        end,
        unit_stats,
        abs_shift,
        outranks,
    })
}

/// The analysis from its unit ranges (covering every unit once, in order).
///
/// # Errors
/// Ranges missing, overlapping or of another version.
pub fn uncertainty_assemble(
    header: &UncertaintyHeader,
    spec: &UncertaintySpec,
    parts: Vec<UnitRange>,
) -> Result<UncertaintyResult, UncertaintyError> {
    let n = header.units.len();
    let runs = spec.runs;
    let mut next = 0;
    let mut unit_stats = Vec::with_capacity(n);
    let mut abs = vec![0u64; runs];
    let mut pair: Vec<f64> = Vec::with_capacity(if spec.pairwise { n * n } else { 0 });
    for p in parts {
        if p.version != BLOCKS_VERSION || p.start != next || p.abs_shift.len() != runs {
            return Err(invalid(
                Path::from("parts"),
                p.start,
                &format!("unit ranges covering 0..{n} in order, version {BLOCKS_VERSION}"),
            ));
        }
        next = p.end;
        for (a, x) in abs.iter_mut().zip(&p.abs_shift) {
            *a += x;
        }
        unit_stats.extend(p.unit_stats);
        if spec.pairwise {
            let Some(c) = p.outranks else {
                return Err(invalid(
                    Path::from("parts"),
                    p.start,
                    "the pairwise counts are missing",
                ));
            };
            pair.extend(c.iter().map(|&c| c as f64 / runs as f64));
        }
    }
    if next != n {
        return Err(invalid(
            Path::from("parts"),
            next,
            &format!("unit ranges covering 0..{n}"),
        ));
    }
    // Σ |rank − nominal| of a run is an integer below 2⁵³: the in-memory f64 sum is exact,
    // so this is the same number
    let mut mars: Vec<f64> = abs.iter().map(|&s| s as f64 / n as f64).collect();
    Ok(UncertaintyResult {
        spec: spec.clone(),
        factors: header.factors.clone(),
        units: header.units.clone(),
        levels: header.levels.clone(),
        block_rows: BLOCK_ROWS,
        nominal: header.nominal.clone(),
        unit_stats,
        mean_abs_rank_shift: summary_of(&mut mars),
        pairwise: spec.pairwise.then(|| Pairwise {
            units: header.units.clone(),
            p: pair,
        }),
        runs: None,
    })
}

/// The runs of base samples `first_sample .. first_sample + samples` of a distributed
/// sensitivity analysis: each sample's `d + 2` runs (A, A_B^(1..d), B) in SALib's order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SensitivityPart {
    /// [`BLOCKS_VERSION`].
    pub version: u32,
    /// The first base sample.
    pub first_sample: usize,
    /// Base samples.
    pub samples: usize,
    /// Units per run.
    pub units: usize,
    /// Ranks, runs × units (runs = samples × (factors + 2)).
    pub ranks: Vec<u32>,
    /// Each run's mean absolute rank shift.
    pub mean_abs_rank_shift: Vec<f64>,
}

fn sensitivity_check(spec: &SensitivitySpec) -> Result<(), UncertaintyError> {
    if spec.keep_runs {
        return Err(invalid(
            Path::from("keep_runs"),
            true,
            "the raw runs stay in the parts on a cluster; run in memory to keep them",
        ));
    }
    Ok(())
}

/// Runs `samples` (`[s0, s1)` of the `n` base samples) of a sensitivity analysis, drawn from
/// the Saltelli design's block streams as in memory (each block drawn from its start) and
/// evaluated by the same engine.
///
/// # Errors
/// As [`super::sensitivity`]; a bad range; `keep_runs`.
pub fn sensitivity_runs(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &SensitivitySpec,
    samples: [usize; 2],
) -> Result<SensitivityPart, UncertaintyError> {
    sensitivity_check(spec)?;
    let named;
    let data = if data.positions.is_some() {
        named = data.clone().named();
        &named
    } else {
        data
    };
    let (prep, _) = sensitivity_prepare(pipeline, data, spec)?;
    let [s0, s1] = samples;
    if !(s0 < s1 && s1 <= spec.n) {
        return Err(invalid(
            Path::from("samples"),
            format!("[{s0}, {s1}]"),
            &format!("a non-empty range of base samples within 0..{}", spec.n),
        ));
    }
    let runs = saltelli_runs(&prep, spec, s0, s1);
    let first = s0 * (prep.factors.len() + 2);
    let out = prep
        .evaluate(&runs, par::threads(spec.threads))
        .map_err(|e| offset_run(e, first))?;
    Ok(SensitivityPart {
        version: BLOCKS_VERSION,
        first_sample: s0,
        samples: s1 - s0,
        units: prep.units.len(),
        ranks: out.ranks,
        mean_abs_rank_shift: out.mars,
    })
}

/// The sensitivity analysis from its parts (covering the base samples in order): the indices
/// estimated by the core from the gathered runs (and the one-at-a-time view, run here) — the
/// result of [`super::sensitivity`] with the same seed, bit for bit.
///
/// # Errors
/// As [`super::sensitivity`]; parts missing, out of order or of another version; `keep_runs`.
pub fn sensitivity_assemble(
    pipeline: &Pipeline,
    data: &Dataset,
    spec: &SensitivitySpec,
    parts: &[SensitivityPart],
) -> Result<SensitivityResult, UncertaintyError> {
    sensitivity_check(spec)?;
    let named;
    let data = if data.positions.is_some() {
        named = data.clone().named();
        &named
    } else {
        data
    };
    let (prep, sopts) = sensitivity_prepare(pipeline, data, spec)?;
    let n = prep.units.len();
    let step = prep.factors.len() + 2;
    let mut next = 0;
    let mut ranks = Vec::with_capacity(spec.n * step * n);
    let mut mars = Vec::with_capacity(spec.n * step);
    for (i, p) in parts.iter().enumerate() {
        let runs = p.samples * step;
        if p.version != BLOCKS_VERSION
            || p.first_sample != next
            || p.units != n
            || p.ranks.len() != runs * n
            || p.mean_abs_rank_shift.len() != runs
        {
            return Err(invalid(
                Path::from("parts").index(i),
                p.first_sample,
                &format!(
                    "parts covering the base samples 0..{} in order, version {BLOCKS_VERSION}",
                    spec.n
                ),
            ));
        }
        next += p.samples;
        ranks.extend_from_slice(&p.ranks);
        mars.extend_from_slice(&p.mean_abs_rank_shift);
    }
    if next != spec.n {
        return Err(invalid(
            Path::from("parts"),
            next,
            &format!("parts covering the base samples 0..{}", spec.n),
        ));
    }
    sensitivity_of_outputs(&prep, spec, &sopts, &ranks, &mars, None)
}

/// An evaluation error of a range of runs, its run numbered in the whole analysis (the range
/// starts at run `first`).
fn offset_run(e: UncertaintyError, first: usize) -> UncertaintyError {
    match e {
        UncertaintyError::Run {
            run,
            choices,
            source,
        } => UncertaintyError::Run {
            run: run + first,
            choices,
            source,
        },
        UncertaintyError::UnitsChanged {
            run,
            choices,
            found,
        } => UncertaintyError::UnitsChanged {
            run: run + first,
            choices,
            found,
        },
        other => other,
    }
}
