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

use super::analysis::{need_factors, summary_of, unit_uncertainty};
use super::engine::Prepared;
use super::error::{invalid, UncertaintyError};
use super::rng::{Stream, BLOCK_ROWS, DOMAIN_RUNS};
use super::spec::{
    Draw, FactorInfo, Nominal, Pairwise, UncertaintyResult, UncertaintySpec, UnitUncertainty,
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
    let blocks = spec.runs.div_ceil(BLOCK_ROWS);
    if block >= blocks {
        return Err(invalid(
            Path::from("block"),
            block,
            &format!("{} runs make {blocks} blocks", spec.runs),
        ));
    }
    let first = block * BLOCK_ROWS;
    let runs = BLOCK_ROWS.min(spec.runs - first);
    // the block's own stream (seed, domain 1, block), drawn as the in-memory analysis draws it
    let mut s = Stream::new(spec.seed, DOMAIN_RUNS, block as u64);
    let draws: Vec<Vec<Draw>> = (0..runs)
        .map(|_| prep.factors.iter().map(|f| f.draw(&mut s)).collect())
        .collect();
    let opt: Vec<Vec<Option<Draw>>> = draws
        .iter()
        .map(|d| d.iter().cloned().map(Some).collect())
        .collect();
    let out = prep
        .evaluate(&opt, par::threads(spec.threads))
        .map_err(|e| match e {
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
        })?;
    Ok(RunBlock {
        version: BLOCKS_VERSION,
        block,
        first_run: first,
        runs,
        units: prep.units.len(),
        scores: out.scores,
        ranks: out.ranks,
        levels: out.levels,
        draws,
    })
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
    if header.version != BLOCKS_VERSION {
        return Err(version_error("header", header.version));
    }
    if !(start <= end && end <= n) {
        return Err(invalid(
            Path::from("end"),
            end,
            &format!("a unit range within 0..{n}"),
        ));
    }
    if blocks.len() != header.blocks {
        return Err(invalid(
            Path::from("blocks"),
            blocks.len(),
            &format!("all {} blocks, in order", header.blocks),
        ));
    }
    let mut run = 0;
    for (i, b) in blocks.iter().enumerate() {
        if b.version != BLOCKS_VERSION || b.block != i || b.first_run != run || b.units != n {
            return Err(version_error("blocks", b.version));
        }
        run += b.runs;
    }
    let runs = run;
    if runs != spec.runs {
        return Err(invalid(
            Path::from("blocks"),
            runs,
            "the spec's number of runs",
        ));
    }
    let k = header.levels.len();
    let nom = &header.nominal;
    let w = end - start;
    let mut rcol = vec![0u32; runs];
    let mut scol = vec![0.0; runs];
    let mut lcol = vec![0u32; runs];
    let mut hist = vec![0u32; n + 2];
    let mut unit_stats = Vec::with_capacity(w);
    let mut abs_shift = vec![0u64; runs];
    for u in start..end {
        let mut r = 0;
        let mut has_levels = true;
        for b in blocks {
            for q in 0..b.runs {
                rcol[r] = b.ranks[q * n + u];
                scol[r] = b.scores[q * n + u];
                match &b.levels {
                    Some(l) => lcol[r] = l[q * n + u],
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
            &mut hist,
        ));
    }
    let outranks = spec.pairwise.then(|| {
        let mut c = vec![0u64; w * n];
        for b in blocks {
            for rk in b.ranks.chunks_exact(n) {
                for a in start..end {
                    let ra = rk[a];
                    let row = &mut c[(a - start) * n..(a - start + 1) * n];
                    for (x, &rb) in row.iter_mut().zip(rk) {
                        *x += u64::from(ra < rb);
                    }
                }
            }
        }
        c
    });
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
