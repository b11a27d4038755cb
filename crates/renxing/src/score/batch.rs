//! Batch scoring over row-major arrays (the numpy and typed-array paths), in parallel for large
//! inputs, bit-identical to [`Engine::score`].
//!
//! # The kernel
//!
//! One pass per row: each cell is checked as it is decoded (the first bad cell — lowest row,
//! then column — is still the one reported), then the attribute groups are aggregated over the
//! engine's flat layout (`cols`/`wts`/`starts`, computed once by [`Engine::new`]) with the same
//! floating-point operations, in the same order, as the single-assessment path; levels come from
//! [`level_code`] (compares, no libm). For level codes whose space is small (`(k + 1)^d` ≤
//! [`TABLE_MAX_ROWS`], unrated included: 4⁸ = 65,536 for the paper), the engine scores every
//! distinct row once with the single-assessment aggregation ([`Engine::aggregate_row`]) into a
//! table, kept per process for the compiled weights and method, and rows are then looked up.
//!
//! # Unrated cells
//!
//! As in an assessment file, where a dimension is rated or `null`, a batch may leave cells
//! unrated when the caller says so ([`Unrated`]): a level code 0 or a NaN score with
//! [`Unrated::ALLOWED`], or any cell whose mask entry is `false` with [`Unrated::mask`]. Each
//! attribute then aggregates its rated dimensions, the overall value its rated attributes, and
//! every row is flagged with the number of (positively weighted) dimensions rated
//! ([`BatchScores::rated`], of [`BatchScores::total`]); a value with nothing rated has score NaN
//! and level code 0. Without that (the default, [`Unrated::REFUSED`]) a code 0 or a NaN is an
//! error, as before.

use std::sync::{Arc, Mutex};

use crate::error::BatchError;

use super::aggregate::aggregate;
use super::{level_code, score_of, Engine, Method};

/// The most rows of a lookup table of level codes (`(levels + 1)^dimensions`).
pub const TABLE_MAX_ROWS: usize = 65_536;

/// How a batch may leave cells unrated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unrated<'a> {
    /// A level code 0 or a NaN score means "not rated" (else it is an error).
    pub allowed: bool,
    /// `rows × dimensions` flags, `false` = not rated (the cell's content is then ignored).
    pub mask: Option<&'a [bool]>,
}

impl<'a> Unrated<'a> {
    /// Every cell must be rated (code 0 and NaN are errors).
    pub const REFUSED: Unrated<'static> = Unrated {
        allowed: false,
        mask: None,
    };
    /// Code 0 and NaN mean "not rated".
    pub const ALLOWED: Unrated<'static> = Unrated {
        allowed: true,
        mask: None,
    };

    /// Cells whose flag is `false` are not rated.
    #[must_use]
    pub fn mask(mask: &'a [bool]) -> Self {
        Unrated {
            allowed: false,
            mask: Some(mask),
        }
    }
}

/// A cell type of the batch input: level codes (`u8`) or 0–100 scores (`f64`).
trait Cell: Copy + Send + Sync {
    /// The "unrated" value (code 0, NaN).
    const UNRATED: Self;
    /// Whether the cell is acceptable (with `allowed`, the unrated value is).
    fn ok(self, k: u8, allowed: bool) -> bool;
    /// Its value on the codes scale, NaN when unrated (only called on acceptable cells).
    fn value(self, engine: &Engine<'_>) -> f64;
    /// The error for a bad cell.
    fn error(self, engine: &Engine<'_>, row: usize, column: usize) -> BatchError;
    /// The digit of a level code in a table index (never used for scores).
    fn digit(self) -> usize;
}

impl Cell for u8 {
    const UNRATED: Self = 0;
    #[inline(always)]
    fn ok(self, k: u8, allowed: bool) -> bool {
        // 1..=k, or 0..=k when allowed
        self >= u8::from(!allowed) && self <= k
    }
    #[inline(always)]
    fn digit(self) -> usize {
        usize::from(self)
    }
    #[inline(always)]
    fn value(self, _: &Engine<'_>) -> f64 {
        if self == 0 {
            f64::NAN
        } else {
            f64::from(self)
        }
    }
    fn error(self, engine: &Engine<'_>, row: usize, column: usize) -> BatchError {
        BatchError::LevelCode {
            row,
            column,
            dimension: engine.framework.dimensions[column].id.clone(),
            value: self,
            max: engine.k,
        }
    }
}

impl Cell for f64 {
    const UNRATED: Self = f64::NAN;
    #[inline(always)]
    fn ok(self, _: u8, allowed: bool) -> bool {
        (0.0..=100.0).contains(&self) || (allowed && self.is_nan())
    }
    #[inline(always)]
    fn value(self, engine: &Engine<'_>) -> f64 {
        // NaN stays NaN
        engine.value_of_score(self)
    }
    fn digit(self) -> usize {
        0
    }
    fn error(self, engine: &Engine<'_>, row: usize, column: usize) -> BatchError {
        BatchError::ScoreValue {
            row,
            column,
            dimension: engine.framework.dimensions[column].id.clone(),
            value: self,
        }
    }
}

impl Engine<'_> {
    /// Batch scoring of level codes: `codes` is row-major, `rows × dimensions`, each code in
    /// 1..=k (no missing values). Writes per-row overall scores and level codes and, when given,
    /// per-row attribute scores and codes (`rows × attributes`) and the rated counts.
    ///
    /// # Errors
    /// [`BatchError`] for a wrong length or a code out of range (naming row and column).
    pub fn score_codes(&self, codes: &[u8], out: &mut BatchOutput<'_>) -> Result<(), BatchError> {
        self.score_codes_with(codes, Unrated::REFUSED, out)
    }

    /// [`Engine::score_codes`] with unrated cells as `unrated` says (code 0, or a mask).
    ///
    /// # Errors
    /// As [`Engine::score_codes`]; a mask of the wrong length.
    pub fn score_codes_with(
        &self,
        codes: &[u8],
        unrated: Unrated<'_>,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        let rows = self.check_batch(codes.len(), out)?;
        let table = self.code_table(rows);
        self.masked(codes, unrated, |input, allowed| {
            self.chunk(input, allowed, table.as_deref(), out)
        })
    }

    /// Batch scoring of 0–100 scores (row-major, `rows × dimensions`, finite, no missing).
    ///
    /// # Errors
    /// [`BatchError`] for a wrong length or a value that is NaN or outside 0..=100.
    pub fn score_scores(
        &self,
        scores: &[f64],
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        self.score_scores_with(scores, Unrated::REFUSED, out)
    }

    /// [`Engine::score_scores`] with unrated cells as `unrated` says (NaN, or a mask).
    ///
    /// # Errors
    /// As [`Engine::score_scores`]; a mask of the wrong length.
    pub fn score_scores_with(
        &self,
        scores: &[f64],
        unrated: Unrated<'_>,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        self.check_batch(scores.len(), out)?;
        self.masked(scores, unrated, |input, allowed| {
            self.chunk(input, allowed, None, out)
        })
    }

    /// Batch scoring of level codes into fresh arrays, split across the machine's cores for
    /// large inputs (one thread on wasm32). The result does not depend on the number of threads,
    /// and the first bad value (lowest row, then column) is the one reported.
    ///
    /// # Errors
    /// As [`Engine::score_codes`].
    pub fn score_codes_vec(&self, codes: &[u8]) -> Result<BatchScores, BatchError> {
        self.score_codes_vec_with(codes, Unrated::REFUSED)
    }

    /// [`Engine::score_codes_vec`] with unrated cells as `unrated` says.
    ///
    /// # Errors
    /// As [`Engine::score_codes_with`].
    pub fn score_codes_vec_with(
        &self,
        codes: &[u8],
        unrated: Unrated<'_>,
    ) -> Result<BatchScores, BatchError> {
        let rows = self.rows_of(codes.len())?;
        let table = self.code_table(rows);
        self.masked(codes, unrated, |input, allowed| {
            self.par_batch(input, |chunk, out| {
                self.chunk(chunk, allowed, table.as_deref(), out)
            })
        })
    }

    /// Batch scoring of 0–100 scores into fresh arrays, in parallel as
    /// [`Engine::score_codes_vec`].
    ///
    /// # Errors
    /// As [`Engine::score_scores`].
    pub fn score_scores_vec(&self, scores: &[f64]) -> Result<BatchScores, BatchError> {
        self.score_scores_vec_with(scores, Unrated::REFUSED)
    }

    /// [`Engine::score_scores_vec`] with unrated cells as `unrated` says.
    ///
    /// # Errors
    /// As [`Engine::score_scores_with`].
    pub fn score_scores_vec_with(
        &self,
        scores: &[f64],
        unrated: Unrated<'_>,
    ) -> Result<BatchScores, BatchError> {
        self.rows_of(scores.len())?;
        self.masked(scores, unrated, |input, allowed| {
            self.par_batch(input, |chunk, out| self.chunk(chunk, allowed, None, out))
        })
    }

    /// The number of positively weighted dimensions (the most a row can have rated).
    #[must_use]
    pub fn rated_total(&self) -> usize {
        self.cols.len()
    }

    /// Runs `run` on the input, or on a copy with the masked cells set to the unrated value
    /// (the copy pass checks the cells that are kept, so the first bad one is still reported).
    fn masked<T: Cell, R>(
        &self,
        input: &[T],
        unrated: Unrated<'_>,
        run: impl FnOnce(&[T], bool) -> Result<R, BatchError>,
    ) -> Result<R, BatchError> {
        let Some(mask) = unrated.mask else {
            return run(input, unrated.allowed);
        };
        if mask.len() != input.len() {
            return Err(BatchError::Shape {
                field: "mask",
                expected: input.len(),
                found: mask.len(),
            });
        }
        let n = self.dims.len().max(1);
        let mut copy = Vec::with_capacity(input.len());
        for (i, (&v, &keep)) in input.iter().zip(mask).enumerate() {
            if !keep {
                copy.push(T::UNRATED);
            } else if v.ok(self.k, unrated.allowed) {
                copy.push(v);
            } else {
                return Err(v.error(self, i / n, i % n));
            }
        }
        run(&copy, true)
    }

    fn rows_of(&self, len: usize) -> Result<usize, BatchError> {
        let n = self.dims.len().max(1);
        if len % n != 0 {
            return Err(BatchError::Shape {
                field: "input",
                expected: len / n * n + n,
                found: len,
            });
        }
        Ok(len / n)
    }

    fn par_batch<T: Sync>(
        &self,
        input: &[T],
        run: impl Fn(&[T], &mut BatchOutput<'_>) -> Result<(), BatchError> + Sync,
    ) -> Result<BatchScores, BatchError> {
        let n = self.dims.len().max(1);
        let na = self.attr_dims.len();
        let rows = self.rows_of(input.len())?;
        let mut res = BatchScores {
            rows,
            attributes: na,
            overall_score: vec![0.0; rows],
            overall_level: vec![0; rows],
            attribute_score: vec![0.0; rows * na],
            attribute_level: vec![0; rows * na],
            rated: vec![0; rows],
            total: self.rated_total(),
        };
        let threads = batch_threads(rows);
        let per = rows.div_ceil(threads).max(1);
        let chunks = input
            .chunks(per * n)
            .zip(res.overall_score.chunks_mut(per))
            .zip(res.overall_level.chunks_mut(per))
            .zip(res.attribute_score.chunks_mut(per * na.max(1)))
            .zip(res.attribute_level.chunks_mut(per * na.max(1)))
            .zip(res.rated.chunks_mut(per));
        let run = &run;
        let jobs: Vec<_> = chunks
            .enumerate()
            .map(|(i, (((((inp, os), ol), ascore), alevel), rated))| {
                move || {
                    let mut out = BatchOutput {
                        overall_score: os,
                        overall_level: ol,
                        attribute_score: (na > 0).then_some(ascore),
                        attribute_level: (na > 0).then_some(alevel),
                        rated: Some(rated),
                    };
                    run(inp, &mut out).map_err(|e| e.offset_rows(i * per))
                }
            })
            .collect();
        let results: Vec<Result<(), BatchError>> = if threads == 1 {
            jobs.into_iter().map(|mut job| job()).collect()
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = jobs.into_iter().map(|job| s.spawn(job)).collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect()
            })
        };
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
        Ok(res)
    }

    fn check_batch(&self, len: usize, out: &BatchOutput<'_>) -> Result<usize, BatchError> {
        let rows = self.rows_of(len)?;
        let na = self.attr_dims.len();
        let checks: [(&'static str, usize, usize); 5] = [
            ("overall_score", rows, out.overall_score.len()),
            ("overall_level", rows, out.overall_level.len()),
            (
                "attribute_score",
                rows * na,
                out.attribute_score.as_ref().map_or(rows * na, |s| s.len()),
            ),
            (
                "attribute_level",
                rows * na,
                out.attribute_level.as_ref().map_or(rows * na, |s| s.len()),
            ),
            ("rated", rows, out.rated.as_ref().map_or(rows, |s| s.len())),
        ];
        for (field, expected, found) in checks {
            if expected != found {
                return Err(BatchError::Shape {
                    field,
                    expected,
                    found,
                });
            }
        }
        Ok(rows)
    }

    /// Scores one chunk (its output buffers checked by the caller): by table lookup when a
    /// table is given, else with the kernel of the engine's method.
    fn chunk<T: Cell>(
        &self,
        input: &[T],
        allowed: bool,
        table: Option<&CodeTable>,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        if self.dims.is_empty() {
            return Ok(());
        }
        if let Some(t) = table {
            return match self.attr_dims.len() {
                1 => self.lookup::<T, 1>(input, allowed, t, out),
                2 => self.lookup::<T, 2>(input, allowed, t, out),
                3 => self.lookup::<T, 3>(input, allowed, t, out),
                4 => self.lookup::<T, 4>(input, allowed, t, out),
                _ => self.lookup::<T, 0>(input, allowed, t, out),
            };
        }
        match self.method {
            Method::Mean => self.kernel::<T, MEAN>(input, allowed, out),
            Method::Median => self.kernel::<T, MEDIAN>(input, allowed, out),
            Method::Minimum => self.kernel::<T, MINIMUM>(input, allowed, out),
            Method::CappedMean => self.kernel::<T, CAPPED>(input, allowed, out),
        }
    }

    /// The first bad cell of a row known to hold one.
    #[cold]
    fn bad_cell<T: Cell>(&self, row: &[T], r: usize, allowed: bool) -> BatchError {
        let c = row.iter().position(|v| !v.ok(self.k, allowed)).unwrap_or(0);
        row[c].error(self, r, c)
    }

    /// The per-row kernel: decode and check the row, aggregate each attribute over its flat
    /// group, then the overall value; write the outputs.
    fn kernel<T: Cell, const M: u8>(
        &self,
        input: &[T],
        allowed: bool,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        let n = self.dims.len();
        let na = self.attr_dims.len();
        let k = self.k;
        let mut x = vec![0.0; n];
        let mut attr = vec![0.0; na];
        let mut scratch = vec![(0.0, 0.0); n.max(na)];
        for (r, row) in input.chunks_exact(n).enumerate() {
            let mut ok = true;
            for (slot, &v) in x.iter_mut().zip(row) {
                ok &= v.ok(k, allowed);
                *slot = v.value(self);
            }
            if !ok {
                return Err(self.bad_cell(row, r, allowed));
            }
            let mut rated = 0;
            for (a, slot) in attr.iter_mut().enumerate() {
                let (s, e) = (self.starts[a], self.starts[a + 1]);
                let items = self.cols[s..e]
                    .iter()
                    .zip(&self.wts[s..e])
                    .map(|(&c, &w)| (x[c], w));
                let (v, m) = group::<M>(items, &mut scratch);
                *slot = v;
                rated += m;
            }
            let items = self.attr_pos.iter().map(|&(a, w)| (attr[a], w));
            let (xo, _) = group::<M>(items, &mut scratch);
            out.overall_score[r] = score_or_nan(xo, k);
            out.overall_level[r] = code_or_zero(xo, k);
            if let Some(s) = out.attribute_score.as_deref_mut() {
                for (o, &v) in s[r * na..(r + 1) * na].iter_mut().zip(&attr) {
                    *o = score_or_nan(v, k);
                }
            }
            if let Some(l) = out.attribute_level.as_deref_mut() {
                for (o, &v) in l[r * na..(r + 1) * na].iter_mut().zip(&attr) {
                    *o = code_or_zero(v, k);
                }
            }
            if let Some(c) = out.rated.as_deref_mut() {
                c[r] = u16::try_from(rated).unwrap_or(u16::MAX);
            }
        }
        Ok(())
    }

    /// Table lookup of level-code rows (only called with `T = u8`), for `NA` attributes (0:
    /// any number, read at run time).
    fn lookup<T: Cell, const NA: usize>(
        &self,
        input: &[T],
        allowed: bool,
        t: &CodeTable,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        let n = self.dims.len();
        let na = if NA == 0 { self.attr_dims.len() } else { NA };
        let k = self.k;
        let stride = t.stride;
        let pow = &t.pow[..n];
        let entries = &t.entries[..];
        for (r, row) in input.chunks_exact(n).enumerate() {
            let mut ok = true;
            let mut idx = 0usize;
            for (&v, &p) in row.iter().zip(pow) {
                ok &= v.ok(k, allowed);
                idx += v.digit() * p;
            }
            // an index past the table only comes with a bad cell
            let Some(e) = entries
                .get(idx * stride..idx * stride + stride)
                .filter(|_| ok)
            else {
                return Err(self.bad_cell(row, r, allowed));
            };
            let byte = |j: usize| (e[1 + na + j / 8] >> (8 * (j % 8))) as u8;
            out.overall_score[r] = f64::from_bits(e[0]);
            out.overall_level[r] = byte(0);
            if let Some(s) = out.attribute_score.as_deref_mut() {
                for (o, &w) in s[r * na..(r + 1) * na].iter_mut().zip(&e[1..=na]) {
                    *o = f64::from_bits(w);
                }
            }
            if let Some(l) = out.attribute_level.as_deref_mut() {
                for (a, o) in l[r * na..(r + 1) * na].iter_mut().enumerate() {
                    *o = byte(1 + a);
                }
            }
            if let Some(c) = out.rated.as_deref_mut() {
                c[r] = u16::from_le_bytes([byte(1 + na), byte(2 + na)]);
            }
        }
        Ok(())
    }

    /// The lookup table of level codes for this engine, when the space of rows is small and the
    /// batch large enough to pay for building it (or it is already built).
    fn code_table(&self, rows: usize) -> Option<Arc<CodeTable>> {
        let n = self.dims.len();
        let base = usize::from(self.k) + 1;
        let size = (0..n).try_fold(1usize, |acc, _| {
            acc.checked_mul(base).filter(|s| *s <= TABLE_MAX_ROWS)
        })?;
        if n == 0 || rows < 64 {
            return None;
        }
        let key = TableKey::of(self);
        let mut cache = TABLES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(t) = cache.iter().find(|t| t.key == key) {
            return Some(Arc::clone(t));
        }
        if rows < size / 2 {
            return None;
        }
        let t = Arc::new(CodeTable::build(self, key, size));
        if cache.len() >= TABLE_CACHE {
            cache.remove(0);
        }
        cache.push(Arc::clone(&t));
        Some(t)
    }
}

const MEAN: u8 = 0;
const MEDIAN: u8 = 1;
const MINIMUM: u8 = 2;
const CAPPED: u8 = 3;

/// Aggregates one group's `(value, weight)` pairs, NaN values being unrated: the same
/// operations in the same order as [`aggregate`] over the rated pairs. Returns the value (NaN
/// when nothing is rated) and how many were rated.
#[inline(always)]
fn group<const M: u8>(
    items: impl Iterator<Item = (f64, f64)>,
    scratch: &mut [(f64, f64)],
) -> (f64, usize) {
    if M == MEDIAN {
        let mut m = 0;
        for (v, w) in items {
            if !v.is_nan() {
                scratch[m] = (v, w);
                m += 1;
            }
        }
        return (
            aggregate(Method::Median, &mut scratch[..m]).unwrap_or(f64::NAN),
            m,
        );
    }
    let (mut sw, mut swx) = (0.0, 0.0);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut m = 0;
    for (v, w) in items {
        if !v.is_nan() {
            sw += w;
            swx += w * v;
            lo = lo.min(v);
            hi = hi.max(v);
            m += 1;
        }
    }
    if m == 0 {
        return (f64::NAN, 0);
    }
    let v = match M {
        MINIMUM => lo,
        CAPPED => (swx / sw).clamp(lo, hi).min(lo + 1.0),
        _ => (swx / sw).clamp(lo, hi),
    };
    (v, m)
}

#[inline(always)]
fn score_or_nan(x: f64, k: u8) -> f64 {
    // NaN in, NaN out
    score_of(x, k)
}

#[inline(always)]
fn code_or_zero(x: f64, k: u8) -> u8 {
    if x.is_nan() {
        0
    } else {
        level_code(x, k)
    }
}

/// What a table is built for: the compiled numbers that decide every result.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TableKey {
    method: Method,
    k: u8,
    /// Per dimension: attribute index and weight bits.
    dims: Vec<(usize, u64)>,
    /// Per attribute: weight bits.
    attrs: Vec<u64>,
}

impl TableKey {
    fn of(e: &Engine<'_>) -> Self {
        TableKey {
            method: e.method,
            k: e.k,
            dims: e.dims.iter().map(|&(a, w)| (a, w.to_bits())).collect(),
            attrs: e.attr_weights.iter().map(|w| w.to_bits()).collect(),
        }
    }
}

/// Every distinct row of level codes (0 = unrated) scored once, by index
/// `Σ code[c] · (k + 1)^c`. Each row's entry is `stride` words: the overall score, the attribute
/// scores (`f64` bits), then bytes packed little-endian: the overall level code, the attribute
/// level codes and the rated count (`u16`) — one or two cache lines per lookup.
#[derive(Debug)]
struct CodeTable {
    key: TableKey,
    /// `(k + 1)^c` per column.
    pow: Vec<usize>,
    /// Words per entry.
    stride: usize,
    /// The entries.
    entries: Vec<u64>,
}

/// Tables kept per process (the most recently built ones).
const TABLE_CACHE: usize = 4;
static TABLES: Mutex<Vec<Arc<CodeTable>>> = Mutex::new(Vec::new());

impl CodeTable {
    fn build(e: &Engine<'_>, key: TableKey, size: usize) -> Self {
        let n = e.dims.len();
        let na = e.attr_dims.len();
        let base = usize::from(e.k) + 1;
        let mut pow = Vec::with_capacity(n);
        let mut p = 1;
        for _ in 0..n {
            pow.push(p);
            p *= base;
        }
        let bytes_len = 1 + na + 2;
        let stride = 1 + na + bytes_len.div_ceil(8);
        let mut entries = Vec::with_capacity(size * stride);
        let mut values = vec![None; n];
        let mut attr = vec![None; na];
        let mut scratch = Vec::with_capacity(n.max(na));
        let mut bytes = vec![0u8; bytes_len.div_ceil(8) * 8];
        for idx in 0..size {
            for (c, v) in values.iter_mut().enumerate() {
                let code = u8::try_from((idx / pow[c]) % base).unwrap_or(0);
                *v = (code > 0).then(|| f64::from(code));
            }
            let overall = e.aggregate_row(&values, &mut attr, &mut scratch);
            let grade = |v: Option<f64>| match v {
                Some(x) => (score_of(x, e.k), level_code(x, e.k)),
                None => (f64::NAN, 0),
            };
            let (s, l) = grade(overall);
            entries.push(s.to_bits());
            bytes.fill(0);
            bytes[0] = l;
            for (a, v) in attr.iter().enumerate() {
                let (s, l) = grade(*v);
                entries.push(s.to_bits());
                bytes[1 + a] = l;
            }
            let count = e.cols.iter().filter(|&&c| values[c].is_some()).count();
            let count = u16::try_from(count).unwrap_or(u16::MAX).to_le_bytes();
            bytes[1 + na..3 + na].copy_from_slice(&count);
            for w in bytes.chunks_exact(8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(w);
                entries.push(u64::from_le_bytes(word));
            }
        }
        CodeTable {
            key,
            pow,
            stride,
            entries,
        }
    }
}

/// Output buffers for batch scoring (all row-major).
#[derive(Debug)]
pub struct BatchOutput<'a> {
    /// One overall score per row.
    pub overall_score: &'a mut [f64],
    /// One overall level code per row.
    pub overall_level: &'a mut [u8],
    /// `rows × attributes` attribute scores, if wanted.
    pub attribute_score: Option<&'a mut [f64]>,
    /// `rows × attributes` attribute level codes, if wanted.
    pub attribute_level: Option<&'a mut [u8]>,
    /// Per row, the number of (positively weighted) dimensions rated, if wanted.
    pub rated: Option<&'a mut [u16]>,
}

/// The owned result of [`Engine::score_codes_vec`] / [`Engine::score_scores_vec`].
#[derive(Clone, Debug, PartialEq)]
pub struct BatchScores {
    /// Number of rows.
    pub rows: usize,
    /// Number of attributes (the width of the attribute arrays).
    pub attributes: usize,
    /// Overall score per row (NaN when nothing is rated).
    pub overall_score: Vec<f64>,
    /// Overall level code per row (0 when nothing is rated).
    pub overall_level: Vec<u8>,
    /// `rows × attributes` attribute scores (NaN for an attribute with nothing rated).
    pub attribute_score: Vec<f64>,
    /// `rows × attributes` attribute level codes (0 for an attribute with nothing rated).
    pub attribute_level: Vec<u8>,
    /// Per row, the number of (positively weighted) dimensions rated: a row is partial when
    /// this is below [`BatchScores::total`].
    pub rated: Vec<u16>,
    /// The number of positively weighted dimensions.
    pub total: usize,
}

/// Rows below which a batch runs on one thread.
pub const PARALLEL_MIN_ROWS: usize = 65_536;

/// The number of threads for a batch of `rows` rows: one on wasm32 or for small batches, else
/// the machine's parallelism (read once per process).
fn batch_threads(rows: usize) -> usize {
    if cfg!(target_arch = "wasm32") || rows < PARALLEL_MIN_ROWS {
        return 1;
    }
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from));
    cores
        .clamp(1, 64)
        .min(rows / (PARALLEL_MIN_ROWS / 4))
        .max(1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::{Assessment, Framework, Rating, ScoreOptions};

    /// A framework with `k` levels, attributes of the given sizes, the given weights.
    fn framework(k: u8, sizes: &[usize], dim_w: &[f64], attr_w: &[f64]) -> Framework {
        let levels: Vec<_> = (1..=k)
            .map(|i| serde_json::json!({"id": format!("l{i}"), "labels": {"en": format!("L{i}")}}))
            .collect();
        let attributes: Vec<_> = sizes
            .iter()
            .enumerate()
            .map(|(a, _)| serde_json::json!({"id": format!("a{a}"), "labels": {"en": "A"}, "weight": attr_w[a]}))
            .collect();
        let mut dimensions = Vec::new();
        for (a, &s) in sizes.iter().enumerate() {
            for _ in 0..s {
                let i = dimensions.len();
                dimensions.push(serde_json::json!({"id": format!("d{i}"), "attribute": format!("a{a}"), "labels": {"en": "D"}, "weight": dim_w[i % dim_w.len()]}));
            }
        }
        Framework::from_value(&serde_json::json!({
            "schema_version": 1, "id": "random", "labels": {"en": "R"},
            "levels": levels, "attributes": attributes, "dimensions": dimensions,
        }))
        .expect("framework")
    }

    /// The single-assessment scorecard of a row (`None` = unrated; `Ok` = a level code, `Err`
    /// = a score).
    fn single(e: &Engine<'_>, row: &[Option<Result<u8, f64>>]) -> crate::Scorecard {
        let fw = e.framework();
        let mut a = Assessment::for_framework(fw, "r", "r");
        for (d, v) in fw.dimensions.iter().zip(row) {
            let rating = match v {
                None => None,
                Some(Ok(c)) => Some(Rating::level_id(format!("l{c}"))),
                Some(Err(s)) => Rating::score(*s),
            };
            a.rate_id(d.id.clone(), rating);
        }
        e.score(&a).expect("single")
    }

    fn same(x: f64, y: f64) -> bool {
        x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
    }

    /// Checks a batch result row by row against the single path.
    fn check(e: &Engine<'_>, rows: &[Vec<Option<Result<u8, f64>>>], out: &BatchScores) {
        let na = out.attributes;
        for (r, row) in rows.iter().enumerate() {
            let card = single(e, row);
            let g = card.overall.as_ref();
            assert!(
                same(out.overall_score[r], g.map_or(f64::NAN, |g| g.score)),
                "row {r}"
            );
            assert_eq!(out.overall_level[r], g.map_or(0, |g| g.code), "row {r}");
            for (a, s) in card.attributes.iter().enumerate() {
                let g = s.grade.as_ref();
                assert!(same(
                    out.attribute_score[r * na + a],
                    g.map_or(f64::NAN, |g| g.score)
                ));
                assert_eq!(out.attribute_level[r * na + a], g.map_or(0, |g| g.code));
            }
            let rated: usize = card.attributes.iter().map(|a| a.rated).sum();
            let total: usize = card.attributes.iter().map(|a| a.total).sum();
            assert_eq!(usize::from(out.rated[r]), rated);
            assert_eq!(out.total, total);
        }
    }

    /// Runs one chunk with a given table choice into fresh arrays.
    fn run<T: Cell>(e: &Engine<'_>, input: &[T], table: Option<&CodeTable>) -> BatchScores {
        e.par_batch(input, |chunk, out| e.chunk(chunk, true, table, out))
            .expect("batch")
    }

    fn setup() -> impl Strategy<Value = (u8, Vec<usize>, Vec<f64>, Vec<f64>, Method)> {
        (
            2u8..=5,
            prop::collection::vec(1usize..=3, 1..=5),
            prop::collection::vec(
                prop_oneof![1 => Just(0.0), 1 => Just(1.0), 3 => 0.01f64..10.0],
                1..=12,
            ),
            prop::collection::vec(prop_oneof![1 => Just(0.0), 3 => 0.01f64..10.0], 5),
            prop::sample::select(Method::ALL.to_vec()),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Codes (0 = unrated) through the kernel and through the table, and scores (NaN =
        /// unrated) through the kernel, equal the single-assessment path bit for bit, on
        /// random frameworks, weights and methods.
        #[test]
        fn batch_is_the_single_path((k, sizes, dim_w, mut attr_w, method) in setup(), seed in any::<u64>()) {
            if attr_w[..sizes.len()].iter().all(|w| *w == 0.0) {
                attr_w[0] = 1.0;
            }
            let mut dim_w = dim_w;
            // no group all zero
            let n: usize = sizes.iter().sum();
            let mut i = 0;
            for &s in &sizes {
                if (i..i + s).all(|j| dim_w[j % dim_w.len()] == 0.0) {
                    dim_w = (0..n.max(dim_w.len())).map(|j| if j == i { 1.0 } else { dim_w[j % dim_w.len()] }).collect();
                }
                i += s;
            }
            let fw = framework(k, &sizes, &dim_w, &attr_w);
            let e = Engine::new(&fw, &ScoreOptions::method(method)).expect("engine");
            let mut state = seed;
            let mut draw = move |m: u64| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) % m
            };
            let rows = 40;
            let mut codes = Vec::new();
            let mut scores = Vec::new();
            let (mut code_rows, mut score_rows) = (Vec::new(), Vec::new());
            for _ in 0..rows {
                let (mut cr, mut sr) = (Vec::new(), Vec::new());
                for _ in 0..n {
                    let c = u8::try_from(draw(u64::from(k) + 1)).unwrap();
                    codes.push(c);
                    cr.push((c > 0).then_some(Ok(c)));
                    let s = match draw(5) {
                        0 => f64::NAN,
                        1 => [0.0, 25.0, 50.0, 100.0][usize::try_from(draw(4)).unwrap()],
                        _ => draw(1 << 40) as f64 / (1u64 << 40) as f64 * 100.0,
                    };
                    scores.push(s);
                    sr.push((!s.is_nan()).then_some(Err(s)));
                }
                code_rows.push(cr);
                score_rows.push(sr);
            }
            check(&e, &code_rows, &run(&e, &codes, None));
            check(&e, &score_rows, &run(&e, &scores, None));
            let size = (usize::from(k) + 1).pow(u32::try_from(n).unwrap());
            if size <= TABLE_MAX_ROWS {
                let t = CodeTable::build(&e, TableKey::of(&e), size);
                check(&e, &code_rows, &run(&e, &codes, Some(&t)));
            }
            // the public path (table or not) too
            check(&e, &code_rows, &e.score_codes_vec_with(&codes, Unrated::ALLOWED).expect("vec"));
        }
    }

    #[test]
    fn unrated_is_refused_by_default_and_the_first_bad_cell_is_reported() {
        let fw = Framework::paper();
        let e = Engine::new(fw, &ScoreOptions::default()).expect("engine");
        let mut codes = vec![2u8; 8 * 70_000];
        codes[8 * 12_345 + 3] = 0;
        codes[8 * 50_000 + 1] = 7;
        // table and kernel paths, refused and allowed
        for rows in [70_000, 12_400] {
            let err = e.score_codes_vec(&codes[..rows * 8]).unwrap_err();
            assert!(
                matches!(
                    err,
                    BatchError::LevelCode {
                        row: 12_345,
                        column: 3,
                        value: 0,
                        ..
                    }
                ),
                "{err:?}"
            );
            let err = e
                .score_codes_vec_with(&codes[..rows * 8], Unrated::ALLOWED)
                .map(|_| ());
            if rows == 70_000 {
                assert!(
                    matches!(
                        err,
                        Err(BatchError::LevelCode {
                            row: 50_000,
                            column: 1,
                            value: 7,
                            ..
                        })
                    ),
                    "{err:?}"
                );
            } else {
                assert!(err.is_ok());
            }
        }
        let mut scores = vec![50.0; 8 * 3];
        scores[8 + 2] = f64::NAN;
        scores[16 + 5] = f64::INFINITY;
        let err = e.score_scores_vec(&scores).unwrap_err();
        assert!(
            matches!(
                err,
                BatchError::ScoreValue {
                    row: 1,
                    column: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = e
            .score_scores_vec_with(&scores, Unrated::ALLOWED)
            .unwrap_err();
        assert!(
            matches!(
                err,
                BatchError::ScoreValue {
                    row: 2,
                    column: 5,
                    ..
                }
            ),
            "{err:?}"
        );
        // a mask: masked cells are not rated whatever they hold; kept ones are checked
        let mut mask = vec![true; 8 * 3];
        mask[16 + 5] = false;
        let out = e
            .score_scores_vec_with(
                &scores,
                Unrated {
                    allowed: true,
                    mask: Some(&mask),
                },
            )
            .expect("mask");
        assert_eq!(out.rated, vec![8, 7, 7]);
        assert_eq!(out.total, 8);
        let err = e
            .score_scores_vec_with(&scores, Unrated::mask(&mask))
            .unwrap_err();
        assert!(
            matches!(
                err,
                BatchError::ScoreValue {
                    row: 1,
                    column: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = e
            .score_scores_vec_with(&scores, Unrated::mask(&mask[1..]))
            .unwrap_err();
        assert!(
            matches!(err, BatchError::Shape { field: "mask", .. }),
            "{err:?}"
        );
        // a row with nothing rated: NaN and level 0
        let out = e
            .score_codes_vec_with(&[0; 8], Unrated::ALLOWED)
            .expect("empty row");
        assert!(out.overall_score[0].is_nan());
        assert_eq!((out.overall_level[0], out.rated[0]), (0, 0));
        assert_eq!(out.attribute_level, vec![0, 0, 0]);
    }
}
