//! Batch scoring over row-major arrays (the numpy and typed-array paths), in parallel for large
//! inputs, bit-identical to [`Engine::score`].
//!
//! # The kernel
//!
//! One pass per row: each cell is checked as it is decoded (the first bad cell — lowest row,
//! then column — is still the one reported), then the attribute groups are aggregated over the
//! engine's flat layout (`cols`/`wts`/`starts`, computed once by [`Engine::new`]) with the same
//! floating-point operations, in the same order, as the single-assessment path; levels come from
//! [`level_code`] (compares, no libm).
//!
//! # Level codes: tables
//!
//! Level codes take few distinct values, so large batches of them are scored through tables
//! whose entries the single-assessment aggregation made ([`Engine::aggregate_attribute`],
//! [`Engine::aggregate_overall`]), chosen by one rule on every target (`Engine::code_table`):
//!
//! * a **small code space** (`(k + 1)^d` ≤ 65,536 rows, at most 4 attributes; the paper's 4^8):
//!   every possible row is scored once, and a batch row is one index and one lookup (`rows.rs`);
//! * a **larger one**: the result factorises — an attribute's value depends only on its own
//!   dimensions' codes, and the overall value only on the attribute values — so every distinct
//!   code combination of each attribute's group is scored once into a small table, the distinct
//!   attribute values are numbered, and every combination of those is scored once more for the
//!   overall value; a row is then a few lookups (`CodeTable`).
//!
//! The tables are kept per process for the compiled weights and method.
//!
//! For scores and the median, a group of one to four rated values is ordered by its pairwise
//! comparisons alone, and for each order the weighted median is the member at one position that
//! depends only on the weights; so a long batch takes each group's median as a few comparisons
//! and a lookup in a table built once per call with the same aggregation; the other methods take
//! fixed per-group layouts with their weight sums added up once ([`SmallGroups`]).
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
use super::rows::RowTable;
use super::{level_code, score_of, Engine, Method, TIE_EPSILON};

/// The most entries of one attribute's group table (`(levels + 1)^dimensions of the group`).
const GROUP_MAX_ROWS: usize = 4_096;
/// The most entries of the overall table (the product of the attributes' distinct values).
const OVERALL_MAX_ROWS: usize = 65_536;

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
pub(super) trait Cell: Copy + Send + Sync {
    /// The "unrated" value (code 0, NaN).
    const UNRATED: Self;
    /// Whether the cell is acceptable (with `allowed`, the unrated value is).
    fn ok(self, k: u8, allowed: bool) -> bool;
    /// Its value on the codes scale, NaN when unrated (only called on acceptable cells).
    fn value(self, engine: &Engine<'_>) -> f64;
    /// The error for a bad cell.
    fn error(self, engine: &Engine<'_>, row: usize, column: usize) -> BatchError;
    /// The input as level codes (`None` for scores).
    fn codes(input: &[Self]) -> Option<&[u8]>;
}

impl Cell for u8 {
    const UNRATED: Self = 0;
    #[inline(always)]
    fn ok(self, k: u8, allowed: bool) -> bool {
        // 1..=k, or 0..=k when allowed
        self >= u8::from(!allowed) && self <= k
    }
    fn codes(input: &[Self]) -> Option<&[u8]> {
        Some(input)
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
    fn codes(_: &[Self]) -> Option<&[u8]> {
        None
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
            self.par_into(input, out, |chunk, out| {
                self.chunk(chunk, allowed, table.as_ref(), out)
            })
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
            self.par_into(input, out, |chunk, out| {
                self.chunk(chunk, allowed, None, out)
            })
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
                self.chunk(chunk, allowed, table.as_ref(), out)
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

    /// Batch scoring of level codes a block of rows at a time, on the calling thread: each
    /// block's outputs (at most `block_rows` rows; buffers reused from block to block) go to
    /// `sink` with the number of the block's first row, in order. For outputs that live
    /// elsewhere — JavaScript typed arrays, a file, a socket — without holding every row's
    /// outputs at once: the same results as [`Engine::score_codes_vec_with`], bit for bit,
    /// whatever `block_rows` is (the lookup tables are chosen for the whole batch).
    ///
    /// A bad value is reported as [`Engine::score_codes_with`] reports it (its row counted from
    /// the start of `codes`); blocks before the bad value's block may have reached `sink` by
    /// then (none when a mask is given: it is applied to the whole input first). A length that is not `rows × dimensions` or a mask of the wrong length is reported
    /// before any block.
    ///
    /// ```
    /// use renxing::{Engine, Framework, ScoreOptions, Unrated};
    /// let engine = Engine::new(Framework::paper(), &ScoreOptions::default())?;
    /// let codes = [3u8; 8 * 5]; // five rows, every dimension at the top level
    /// let mut firsts = Vec::new();
    /// engine.score_codes_blocks_with(&codes, Unrated::REFUSED, 2, |first, block| {
    ///     firsts.push((first, block.rows));
    ///     assert!(block.overall_score.iter().all(|&s| s == 100.0));
    ///     Ok::<(), renxing::BatchError>(())
    /// })?;
    /// assert_eq!(firsts, [(0, 2), (2, 2), (4, 1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Engine::score_codes_with`], and whatever `sink` returns (the first error ends the
    /// batch); a `block_rows` of 0 is taken as 1.
    pub fn score_codes_blocks_with<E: From<BatchError>>(
        &self,
        codes: &[u8],
        unrated: Unrated<'_>,
        block_rows: usize,
        sink: impl FnMut(usize, &BatchScores) -> Result<(), E>,
    ) -> Result<(), E> {
        let rows = self.rows_of(codes.len())?;
        let table = self.code_table(rows);
        self.blocks(codes, unrated, table.as_ref(), block_rows, sink)
    }

    /// [`Engine::score_codes_blocks_with`] for 0–100 scores (unrated cells as
    /// [`Engine::score_scores_with`] takes them).
    ///
    /// # Errors
    /// As [`Engine::score_scores_with`], and whatever `sink` returns.
    pub fn score_scores_blocks_with<E: From<BatchError>>(
        &self,
        scores: &[f64],
        unrated: Unrated<'_>,
        block_rows: usize,
        sink: impl FnMut(usize, &BatchScores) -> Result<(), E>,
    ) -> Result<(), E> {
        self.rows_of(scores.len())?;
        self.blocks(scores, unrated, None, block_rows, sink)
    }

    /// The block loop of [`Engine::score_codes_blocks_with`] (input length checked).
    fn blocks<T: Cell, E: From<BatchError>>(
        &self,
        input: &[T],
        unrated: Unrated<'_>,
        table: Option<&Tables>,
        block_rows: usize,
        mut sink: impl FnMut(usize, &BatchScores) -> Result<(), E>,
    ) -> Result<(), E> {
        let n = self.dims.len().max(1);
        let na = self.attr_dims.len();
        let rows = input.len() / n;
        let per = block_rows.clamp(1, rows.max(1));
        let mut res = BatchScores::zeroed(per, na, self.rated_total());
        let mut run = |input: &[T], allowed: bool| -> Result<(), E> {
            for (b, block) in input.chunks(per * n).enumerate() {
                let m = block.len() / n;
                if m < res.rows {
                    // the last, shorter block
                    res.rows = m;
                    res.overall_score.truncate(m);
                    res.overall_level.truncate(m);
                    res.attribute_score.truncate(m * na);
                    res.attribute_level.truncate(m * na);
                    res.rated.truncate(m);
                }
                let mut out = res.as_output();
                self.chunk(block, allowed, table, &mut out)
                    .map_err(|e| e.offset_rows(b * per))?;
                sink(b * per, &res)?;
            }
            Ok(())
        };
        // a mask is applied to a copy of the whole input first (its errors located there)
        self.masked(input, unrated, |input, allowed| run(input, allowed))
    }

    /// The number of positively weighted dimensions (the most a row can have rated).
    #[must_use]
    pub fn rated_total(&self) -> usize {
        self.cols.len()
    }

    /// Runs `run` on the input, or on a copy with the masked cells set to the unrated value
    /// (the copy pass checks the cells that are kept, so the first bad one is still reported).
    fn masked<T: Cell, R, E: From<BatchError>>(
        &self,
        input: &[T],
        unrated: Unrated<'_>,
        run: impl FnOnce(&[T], bool) -> Result<R, E>,
    ) -> Result<R, E> {
        let Some(mask) = unrated.mask else {
            return run(input, unrated.allowed);
        };
        if mask.len() != input.len() {
            return Err(BatchError::Shape {
                field: "mask",
                expected: input.len(),
                found: mask.len(),
            }
            .into());
        }
        let n = self.dims.len().max(1);
        let mut copy = Vec::with_capacity(input.len());
        for (i, (&v, &keep)) in input.iter().zip(mask).enumerate() {
            if !keep {
                copy.push(T::UNRATED);
            } else if v.ok(self.k, unrated.allowed) {
                copy.push(v);
            } else {
                return Err(v.error(self, i / n, i % n).into());
            }
        }
        run(&copy, true)
    }

    /// The number of rows of a batch input of `len` cells (`rows × dimensions`, row-major).
    ///
    /// # Errors
    /// [`BatchError::Shape`] (field `input`) when `len` is not a multiple of the dimensions.
    pub fn batch_rows(&self, len: usize) -> Result<usize, BatchError> {
        self.rows_of(len)
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

    /// Fresh output arrays for the input, scored by `run` split across cores.
    fn par_batch<T: Sync>(
        &self,
        input: &[T],
        run: impl Fn(&[T], &mut BatchOutput<'_>) -> Result<(), BatchError> + Sync,
    ) -> Result<BatchScores, BatchError> {
        let na = self.attr_dims.len();
        let rows = self.rows_of(input.len())?;
        let mut res = BatchScores::zeroed(rows, na, self.rated_total());
        let mut out = res.as_output();
        self.par_into(input, &mut out, run)?;
        Ok(res)
    }

    /// Runs `run` over row chunks of the input and the matching chunks of the (checked) output
    /// buffers, one chunk per thread for large inputs; the first error by row is returned.
    fn par_into<T: Sync>(
        &self,
        input: &[T],
        out: &mut BatchOutput<'_>,
        run: impl Fn(&[T], &mut BatchOutput<'_>) -> Result<(), BatchError> + Sync,
    ) -> Result<(), BatchError> {
        let n = self.dims.len().max(1);
        let na = self.attr_dims.len().max(1);
        let rows = input.len() / n;
        let threads = batch_threads(rows);
        if threads == 1 {
            return run(input, out);
        }
        let per = rows.div_ceil(threads).max(1);
        // optional outputs are split too (an absent one yields `None` for every chunk)
        fn split<'a, X>(
            v: Option<&'a mut [X]>,
            size: usize,
        ) -> Box<dyn Iterator<Item = Option<&'a mut [X]>> + 'a> {
            match v {
                Some(v) if !v.is_empty() => Box::new(v.chunks_mut(size).map(Some)),
                _ => Box::new(std::iter::repeat_with(|| None)),
            }
        }
        let chunks = input
            .chunks(per * n)
            .zip(out.overall_score.chunks_mut(per))
            .zip(out.overall_level.chunks_mut(per))
            .zip(split(out.attribute_score.as_deref_mut(), per * na))
            .zip(split(out.attribute_level.as_deref_mut(), per * na))
            .zip(split(out.rated.as_deref_mut(), per));
        let chunks: Vec<_> = chunks.collect();
        // `threads` chunks, run on the global pool (no pool of their own size)
        let results = crate::par::map_owned(chunks, crate::par::threads(None), |i, c| {
            let (((((inp, os), ol), ascore), alevel), rated) = c;
            let mut out = BatchOutput {
                overall_score: os,
                overall_level: ol,
                attribute_score: ascore,
                attribute_level: alevel,
                rated,
            };
            run(inp, &mut out).map_err(|e| e.offset_rows(i * per))
        });
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
        Ok(())
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
        table: Option<&Tables>,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        if self.dims.is_empty() {
            return Ok(());
        }
        match (table, T::codes(input)) {
            (Some(Tables::Rows(t)), Some(codes)) => {
                return super::rows::lookup(self, t, codes, allowed, out)
            }
            (Some(Tables::Parts(t)), Some(codes)) => return self.lookup(codes, allowed, t, out),
            _ => {}
        }
        // scores of the paper's width: rows of a width known at compile time, so the decoding
        // of a row (a division per cell) is vectorised
        if T::codes(input).is_none() && self.dims.len() == 8 {
            return match self.method {
                Method::Mean => self.kernel::<T, MEAN, 8>(input, allowed, out),
                Method::Median => self.kernel::<T, MEDIAN, 8>(input, allowed, out),
                Method::Minimum => self.kernel::<T, MINIMUM, 8>(input, allowed, out),
                Method::CappedMean => self.kernel::<T, CAPPED, 8>(input, allowed, out),
            };
        }
        match self.method {
            Method::Mean => self.kernel::<T, MEAN, 0>(input, allowed, out),
            Method::Median => self.kernel::<T, MEDIAN, 0>(input, allowed, out),
            Method::Minimum => self.kernel::<T, MINIMUM, 0>(input, allowed, out),
            Method::CappedMean => self.kernel::<T, CAPPED, 0>(input, allowed, out),
        }
    }

    /// The first bad cell of a row known to hold one (the row tables' error too).
    #[cold]
    pub(super) fn bad_cell<T: Cell>(&self, row: &[T], r: usize, allowed: bool) -> BatchError {
        let c = row.iter().position(|v| !v.ok(self.k, allowed)).unwrap_or(0);
        row[c].error(self, r, c)
    }

    /// The per-row kernel: decode and check the row, aggregate each attribute over its flat
    /// group, then the overall value; write the outputs.
    fn kernel<T: Cell, const M: u8, const N: usize>(
        &self,
        input: &[T],
        allowed: bool,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        // `N` > 0: the caller checked that rows have `N` cells
        let n = if N > 0 { N } else { self.dims.len() };
        let na = self.attr_dims.len();
        let k = self.k;
        let mut x = vec![0.0; n];
        let x = &mut x[..n];
        let mut attr = vec![0.0; na];
        let mut scratch = vec![(0.0, 0.0); n.max(na)];
        let inv = exact_inverse(k);
        // small groups in a fixed layout, for rows without unrated cells
        let small = if M != MEDIAN || input.len() >= PICK_MIN_ROWS * n {
            SmallGroups::of(self, M == MEDIAN)
        } else {
            None
        };
        for (r, row) in input.chunks_exact(n).enumerate() {
            let mut ok = true;
            for (slot, &v) in x.iter_mut().zip(row) {
                ok &= v.ok(k, allowed);
                *slot = v.value(self);
            }
            if !ok {
                return Err(self.bad_cell(row, r, allowed));
            }
            let (xo, rated) = match &small {
                // without `allowed`, an acceptable cell is rated (never NaN)
                Some(p) if !allowed || !x.iter().any(|v| v.is_nan()) => {
                    for (slot, g) in attr.iter_mut().zip(&p.groups[..p.count]) {
                        *slot = g.value::<M>(x);
                    }
                    (p.overall.value::<M>(&attr), self.cols.len())
                }
                _ => {
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
                    (group::<M>(items, &mut scratch).0, rated)
                }
            };
            out.overall_score[r] = score_or_nan(xo, k, inv);
            out.overall_level[r] = code_or_zero(xo, k);
            if let Some(s) = out.attribute_score.as_deref_mut() {
                for (o, &v) in s[r * na..(r + 1) * na].iter_mut().zip(&attr) {
                    *o = score_or_nan(v, k, inv);
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

    /// Level-code rows through the tables: per attribute one lookup by the codes of its group,
    /// then one for the overall value by the attributes' value classes.
    fn lookup(
        &self,
        input: &[u8],
        allowed: bool,
        t: &CodeTable,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        // the paper's shape (8 dimensions, 3 attributes) unrolled; any other through the same
        // code with its sizes read at run time
        match (self.dims.len(), self.attr_dims.len()) {
            (8, 3) => self.lookup_rows::<8, 3>(input, allowed, t, out),
            _ => self.lookup_rows::<0, 0>(input, allowed, t, out),
        }
    }

    /// [`Engine::lookup`] for rows of `N` codes and `NA` attributes (0: the engine's sizes,
    /// not known at compile time).
    #[inline(always)]
    fn lookup_rows<const N: usize, const NA: usize>(
        &self,
        input: &[u8],
        allowed: bool,
        t: &CodeTable,
        out: &mut BatchOutput<'_>,
    ) -> Result<(), BatchError> {
        let n = if N > 0 { N } else { self.dims.len() };
        let na = if NA > 0 { NA } else { self.attr_dims.len() };
        let Some(contrib) = t.contrib.get(..n) else {
            return Ok(());
        };
        let errors = FLAG_ABOVE | if allowed { 0 } else { FLAG_ZERO };
        if let (Some(sc), Some(l), Some(c)) = (
            out.attribute_score.as_deref_mut(),
            out.attribute_level.as_deref_mut(),
            out.rated.as_deref_mut(),
        ) {
            // every output wanted (the usual case): walk them in step, no index per row
            let outs = out
                .overall_score
                .iter_mut()
                .zip(out.overall_level.iter_mut())
                .zip(sc.chunks_exact_mut(na.max(1)))
                .zip(l.chunks_exact_mut(na.max(1)))
                .zip(c.iter_mut());
            for (r, (row, ((((os, ol), sc), l), c))) in input.chunks_exact(n).zip(outs).enumerate()
            {
                let Some(acc) = packed_index(row, contrib, errors) else {
                    return Err(self.bad_cell(row, r, allowed));
                };
                let (mut oi, mut rated) = (0usize, 0u16);
                for (a, (s, l)) in sc.iter_mut().zip(l.iter_mut()).enumerate() {
                    let Some(g) = t.group(acc, a) else {
                        return Err(self.bad_cell(row, r, allowed));
                    };
                    *s = g.score;
                    *l = g.level;
                    rated += u16::from(g.rated);
                    oi += g.step as usize;
                }
                let Some(&(score, level)) = t.overall.get(oi) else {
                    return Err(self.bad_cell(row, r, allowed));
                };
                *os = score;
                *ol = level;
                *c = rated;
            }
            return Ok(());
        }
        for (r, row) in input.chunks_exact(n).enumerate() {
            let Some(acc) = packed_index(row, contrib, errors) else {
                return Err(self.bad_cell(row, r, allowed));
            };
            let (mut oi, mut rated) = (0usize, 0u16);
            for a in 0..na {
                let Some(g) = t.group(acc, a) else {
                    return Err(self.bad_cell(row, r, allowed));
                };
                if let Some(sc) = out.attribute_score.as_deref_mut() {
                    sc[r * na + a] = g.score;
                }
                if let Some(l) = out.attribute_level.as_deref_mut() {
                    l[r * na + a] = g.level;
                }
                rated += u16::from(g.rated);
                oi += g.step as usize;
            }
            let Some(&(score, level)) = t.overall.get(oi) else {
                return Err(self.bad_cell(row, r, allowed));
            };
            out.overall_score[r] = score;
            out.overall_level[r] = level;
            if let Some(c) = out.rated.as_deref_mut() {
                c[r] = rated;
            }
        }
        Ok(())
    }

    /// The lookup tables of level codes for this engine, when they are small and the batch
    /// large enough to pay for building them (or they are already built). The rule depends on
    /// the code space and the batch only, never on the target: a code space of at most
    /// [`super::rows::ROWS_MAX`] rows (and at most 4 attributes) is scored by whole rows
    /// (`rows.rs`), a larger one by the factorised tables when their groups are small; either is
    /// built once the batch has at least half as many rows as the build scores (below that the
    /// per-row kernel is as fast). A build that fails is remembered, not retried on every call.
    fn code_table(&self, rows: usize) -> Option<Tables> {
        if self.dims.is_empty() || rows < TABLE_MIN_ROWS {
            return None;
        }
        let mut cache = TABLES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.code_table_in(rows, &mut cache)
    }

    /// [`Engine::code_table`] with the given cache.
    fn code_table_in(
        &self,
        rows: usize,
        cache: &mut Vec<(TableKey, Option<Tables>)>,
    ) -> Option<Tables> {
        if self.dims.is_empty() || rows < TABLE_MIN_ROWS {
            return None;
        }
        let whole = RowTable::size(self);
        let bound = match whole {
            Some(size) => size,
            None => CodeTable::size_bound(self)?,
        };
        let key = TableKey::of(self);
        if let Some((_, t)) = cache.iter().find(|(k, _)| *k == key) {
            return t.clone();
        }
        if rows < bound / 2 {
            return None;
        }
        let t = if whole.is_some() {
            RowTable::build(self).map(|t| Tables::Rows(Arc::new(t)))
        } else {
            CodeTable::build(self).map(|t| Tables::Parts(Arc::new(t)))
        };
        if cache.len() >= TABLE_CACHE {
            cache.remove(0);
        }
        cache.push((key, t.clone()));
        t
    }

    /// The tables [`Engine::code_table`] chooses for a batch of `rows` rows (for the tests).
    #[cfg(test)]
    pub(super) fn code_table_for(&self, rows: usize) -> Option<Tables> {
        self.code_table(rows)
    }

    /// Level codes through the given tables (or the per-row kernel), into fresh arrays: the
    /// strategies side by side for the tests.
    #[cfg(test)]
    pub(super) fn score_codes_through(
        &self,
        codes: &[u8],
        allowed: bool,
        table: Option<&Tables>,
    ) -> Result<BatchScores, BatchError> {
        self.par_batch(codes, |chunk, out| self.chunk(chunk, allowed, table, out))
    }
}

/// The tables a batch of level codes is looked up in.
#[derive(Clone, Debug)]
pub(super) enum Tables {
    /// Every row of a small code space (`rows.rs`).
    Rows(Arc<RowTable>),
    /// Per attribute group, then the overall value (larger code spaces).
    Parts(Arc<CodeTable>),
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
        if m <= MEDIAN_SMALL {
            return (median_small(&scratch[..m]), m);
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

/// Median batches of at least this many rows take [`SmallGroups`] (building the median tables
/// costs about as much as scoring a few hundred rows; the other methods need no table).
const PICK_MIN_ROWS: usize = 256;

/// The groups of an engine whose attributes (at most four) and overall value each aggregate one
/// to four members, laid out for rows whose cells are all rated: fixed positions, weights and
/// weight sums, so a group's value is a few operations with no loop over a runtime length.
///
/// Mean, capped mean and minimum do [`group`]'s operations in its order (the weight sum, which
/// does not depend on the values, is added up once in the same order). The median needs no
/// sort: when every value of a group is rated, the stable order of its members (by `total_cmp`,
/// equal values in member order) is fixed by the comparisons `v[j] < v[i]` of each pair
/// `i < j`, and for each such order the median is the member at one sorted position, which
/// depends only on the weights. So each group's table holds, for every outcome of its
/// comparisons that is an order, the member [`aggregate`] picks for it (found by aggregating
/// stand-in values in that order with the group's weights: the same additions and comparisons
/// of the same weights). The values are on the codes scale (1 to k: finite, positive, so `<` is
/// `total_cmp`'s order and equal values have equal bits).
struct SmallGroups {
    /// Per attribute (the first `count`), over the row's dimension values.
    groups: [SmallGroup; 4],
    /// The number of attributes.
    count: usize,
    /// Over the attribute values.
    overall: SmallGroup,
}

/// One group of [`SmallGroups`].
#[derive(Clone, Copy)]
struct SmallGroup {
    /// Number of members (1 to 4).
    m: usize,
    /// The members' positions in the value array.
    at: [usize; 4],
    /// Their weights.
    w: [f64; 4],
    /// The sum of the weights, added in member order from 0 (as [`group`] adds them).
    sw: f64,
    /// For the median: by comparison outcome (bit `p` for pair `p` in the order (0,1), (0,2),
    /// (1,2), (0,3), (1,3), (2,3): set when the later member comes first), the member picked.
    pick: [u8; 64],
}

impl SmallGroups {
    /// `None` unless every group has one to four members and there are at most four
    /// attributes; `median` builds the median tables.
    fn of(e: &Engine<'_>, median: bool) -> Option<Self> {
        let count = e.attr_dims.len();
        if count > 4 {
            return None;
        }
        let empty = SmallGroup {
            m: 0,
            at: [0; 4],
            w: [0.0; 4],
            sw: 0.0,
            pick: [0; 64],
        };
        let mut groups = [empty; 4];
        for (a, slot) in groups.iter_mut().enumerate().take(count) {
            let (s, t) = (e.starts[a], e.starts[a + 1]);
            *slot = SmallGroup::new(&e.cols[s..t], &e.wts[s..t], median)?;
        }
        let (at, w): (Vec<usize>, Vec<f64>) = e.attr_pos.iter().copied().unzip();
        let overall = SmallGroup::new(&at, &w, median)?;
        Some(SmallGroups {
            groups,
            count,
            overall,
        })
    }
}

/// The pairs `(i, j)`, `i < j`, of up to four members, in bit order.
const PICK_PAIRS: [(usize, usize); 6] = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)];

impl SmallGroup {
    /// `None` for an empty group or one of more than four members.
    fn new(at: &[usize], weights: &[f64], median: bool) -> Option<Self> {
        let m = at.len();
        if !(1..=4).contains(&m) || weights.len() != m {
            return None;
        }
        let mut pick = [0u8; 64];
        let pairs = m * (m - 1) / 2;
        let outcomes = if median { 1 << pairs } else { 0 };
        for (bits, slot) in pick.iter_mut().enumerate().take(outcomes) {
            // member i's place: the members that come before it
            let mut place = [0usize; 4];
            for (p, &(i, j)) in PICK_PAIRS[..pairs].iter().enumerate() {
                if bits >> p & 1 == 1 {
                    place[i] += 1;
                } else {
                    place[j] += 1;
                }
            }
            let mut seen = [false; 4];
            for &q in &place[..m] {
                seen[q] = true;
            }
            if !seen[..m].iter().all(|&b| b) {
                continue; // not an order (a cycle of comparisons): never met
            }
            #[allow(clippy::cast_precision_loss)]
            let mut items: Vec<(f64, f64)> =
                (0..m).map(|i| (place[i] as f64, weights[i])).collect();
            let v = aggregate(Method::Median, &mut items)?;
            #[allow(clippy::cast_precision_loss)]
            let chosen = place[..m].iter().position(|&q| q as f64 == v)?;
            *slot = u8::try_from(chosen).ok()?;
        }
        let (mut pos, mut w, mut sw) = ([0usize; 4], [0.0; 4], 0.0);
        pos[..m].copy_from_slice(at);
        w[..m].copy_from_slice(weights);
        for &x in weights {
            sw += x;
        }
        Some(SmallGroup {
            m,
            at: pos,
            w,
            sw,
            pick,
        })
    }

    /// The group's value over `x` (all of its members rated) with the method `M`.
    #[inline(always)]
    fn value<const M: u8>(&self, x: &[f64]) -> f64 {
        match M {
            MEDIAN => self.median(x),
            _ => match self.m {
                1 => self.mean_like::<M, 1>(x),
                2 => self.mean_like::<M, 2>(x),
                3 => self.mean_like::<M, 3>(x),
                _ => self.mean_like::<M, 4>(x),
            },
        }
    }

    /// Mean, capped mean or minimum of the group's `K` members, as [`group`] computes it.
    #[inline(always)]
    fn mean_like<const M: u8, const K: usize>(&self, x: &[f64]) -> f64 {
        let (mut swx, mut lo, mut hi) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
        for i in 0..K {
            let v = x[self.at[i]];
            swx += self.w[i] * v;
            lo = lo.min(v);
            hi = hi.max(v);
        }
        match M {
            MINIMUM => lo,
            CAPPED => (swx / self.sw).clamp(lo, hi).min(lo + 1.0),
            _ => (swx / self.sw).clamp(lo, hi),
        }
    }

    /// The group's weighted median over `x` (all of its members rated).
    #[inline(always)]
    fn median(&self, x: &[f64]) -> f64 {
        let at = &self.at;
        let bits = match self.m {
            1 => return x[at[0]],
            2 => usize::from(x[at[1]] < x[at[0]]),
            3 => {
                let (a, b, c) = (x[at[0]], x[at[1]], x[at[2]]);
                usize::from(b < a) | usize::from(c < a) << 1 | usize::from(c < b) << 2
            }
            _ => {
                let (a, b, c, d) = (x[at[0]], x[at[1]], x[at[2]], x[at[3]]);
                usize::from(b < a)
                    | usize::from(c < a) << 1
                    | usize::from(c < b) << 2
                    | usize::from(d < a) << 3
                    | usize::from(d < b) << 4
                    | usize::from(d < c) << 5
            }
        };
        x[at[usize::from(self.pick[bits]) & 3]]
    }
}

/// Groups up to this size take [`median_small`] (a power of two: indices are masked by it).
const MEDIAN_SMALL: usize = 8;

/// `f64::total_cmp`'s key: integers ordered as `total_cmp` orders the floats.
#[inline(always)]
fn total_key(x: f64) -> i64 {
    // as `f64::total_cmp` computes it (a bit reinterpretation, no numeric conversion)
    let b = x.to_bits() as i64;
    b ^ (((b >> 63) as u64) >> 1) as i64
}

/// The weighted median of a few rated pairs (NaN for none) as [`aggregate`] computes it, without
/// a branch per value: [`median_of`] for the sizes of the paper's groups (fixed sizes, held in
/// registers), the same computation over a buffer otherwise.
#[inline(always)]
fn median_small(items: &[(f64, f64)]) -> f64 {
    match items {
        [] => f64::NAN,
        [a] => a.0,
        [a, b] => median_of(&[*a, *b]),
        [a, b, c] => median_of(&[*a, *b, *c]),
        _ => median_buffer(items),
    }
}

/// [`median_small`] for `M` pairs. The standard stable sort puts item `i` at its rank: the
/// number of items before it in `total_cmp` order, equal ones counting when they come first;
/// each sorted position picks its item by masks. The same running sum of weights is taken in
/// that order, and since it never decreases, the first position reaching half the total is the
/// number of positions below it (the last when none reaches).
#[inline(always)]
fn median_of<const M: usize>(items: &[(f64, f64); M]) -> f64 {
    let keys = items.map(|it| total_key(it.0));
    let mut rank = [0usize; M];
    for (i, r) in rank.iter_mut().enumerate() {
        for (j, &kj) in keys.iter().enumerate() {
            *r += usize::from((kj < keys[i]) | ((kj == keys[i]) & (j < i)));
        }
    }
    let mut sorted = [(0.0, 0.0); M];
    for (p, slot) in sorted.iter_mut().enumerate() {
        let (mut x, mut w) = (0u64, 0u64);
        for (it, &r) in items.iter().zip(&rank) {
            let mask = 0u64.wrapping_sub(u64::from(r == p));
            x |= it.0.to_bits() & mask;
            w |= it.1.to_bits() & mask;
        }
        *slot = (f64::from_bits(x), f64::from_bits(w));
    }
    let total: f64 = sorted.iter().map(|p| p.1).sum();
    let half = total / 2.0 - TIE_EPSILON * total;
    let (mut cum, mut below) = (0.0, 0);
    for &(_, w) in &sorted {
        cum += w;
        below += usize::from(cum < half);
    }
    let at = below.min(M - 1);
    let mut bits = 0u64;
    for (p, it) in sorted.iter().enumerate() {
        bits |= it.0.to_bits() & 0u64.wrapping_sub(u64::from(p == at));
    }
    f64::from_bits(bits)
}

/// [`median_of`] for up to [`MEDIAN_SMALL`] pairs whose number is known at run time only.
#[inline(always)]
fn median_buffer(items: &[(f64, f64)]) -> f64 {
    let m = items.len().min(MEDIAN_SMALL);
    if m == 0 {
        return f64::NAN;
    }
    let mut keys = [0i64; MEDIAN_SMALL];
    for (key, it) in keys.iter_mut().zip(items) {
        *key = total_key(it.0);
    }
    let mut sorted = [(0.0, 0.0); MEDIAN_SMALL];
    for (i, (&ki, &item)) in keys.iter().zip(items).enumerate() {
        let mut rank = 0;
        for (j, &kj) in keys[..m].iter().enumerate() {
            rank += usize::from((kj < ki) | ((kj == ki) & (j < i)));
        }
        sorted[rank & (MEDIAN_SMALL - 1)] = item;
    }
    let sorted = &sorted[..m];
    let total: f64 = sorted.iter().map(|p| p.1).sum();
    let half = total / 2.0 - TIE_EPSILON * total;
    let (mut cum, mut below) = (0.0, 0);
    for &(_, w) in sorted {
        cum += w;
        below += usize::from(cum < half);
    }
    sorted[below.min(m - 1)].0
}

/// [`score_of`] with its division by `k - 1` done as a multiplication when `k - 1` is a power of
/// two (`inv` = its exact reciprocal): both are the correctly rounded value of the same real
/// number, so the bits are the same. NaN in, NaN out.
#[inline(always)]
fn score_or_nan(x: f64, k: u8, inv: Option<f64>) -> f64 {
    match inv {
        Some(inv) => (x - 1.0) * inv * 100.0,
        None => score_of(x, k),
    }
}

/// The exact reciprocal of `k - 1` (as [`score_of`] uses it) when it is a power of two.
fn exact_inverse(k: u8) -> Option<f64> {
    let d = k.max(2) - 1;
    d.is_power_of_two().then(|| 1.0 / f64::from(d))
}

#[inline(always)]
fn code_or_zero(x: f64, k: u8) -> u8 {
    if x.is_nan() {
        0
    } else {
        level_code(x, k)
    }
}

/// A row's packed group index: the wrapping sum of its cells' entries (each group's bit field
/// sums to that group's index, below its size, so fields never carry into each other); `None`
/// when the or of the entries holds one of the `errors` flags (a bad code).
#[inline(always)]
fn packed_index(row: &[u8], contrib: &[[u64; 256]], errors: u64) -> Option<u64> {
    let (mut acc, mut flags) = (0u64, 0u64);
    for (&v, tab) in row.iter().zip(contrib) {
        let e = tab[usize::from(v)];
        acc = acc.wrapping_add(e);
        flags |= e;
    }
    (flags & errors == 0).then_some(acc)
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

/// One entry of an attribute's group table: the attribute's score and level code, how many of
/// its dimensions are rated, and its value class times the class's place value in the overall
/// table's index.
#[derive(Clone, Copy, Debug)]
struct GroupEntry {
    score: f64,
    step: u32,
    level: u8,
    rated: u8,
}

/// Level-code rows (0 = unrated) scored by parts: per attribute, every combination of its
/// group's codes (index `Σ code · (k + 1)^j` over the group's columns, in `cols` order); then
/// every combination of the attributes' distinct values for the overall score and level.
#[derive(Debug)]
pub(super) struct CodeTable {
    /// Per dimension, per byte: the code's share of the packed row index (its place value
    /// `code · (k + 1)^j` shifted into its group's bit field; 0 for a column in no group), or a
    /// flag ([`FLAG_ZERO`], [`FLAG_ABOVE`]). A row's packed index is the wrapping sum of its
    /// cells' entries, its flags their bitwise or.
    contrib: Vec<[u64; 256]>,
    /// Per attribute: where its group's index starts in the packed row index.
    shift: [u32; SLOTS],
    /// Per attribute: the width mask of its group's bit field.
    mask: [u64; SLOTS],
    /// Per attribute, where its entries start in `groups` (unused slots 0).
    offsets: [usize; SLOTS],
    /// The group entries of every attribute.
    groups: Vec<GroupEntry>,
    /// The overall score and level code by `Σ class · place` (the steps of the group entries).
    overall: Vec<(f64, u8)>,
}

/// Attributes a table can have, plus one spare slot.
const SLOTS: usize = 8;
/// The bits of the packed row index that the groups' bit fields may use (below the flags).
const PACKED_BITS: u32 = 62;
/// Flag of a code above k in a column's entry.
const FLAG_ABOVE: u64 = 1 << 62;
/// Flag of a code 0 in a column's entry.
const FLAG_ZERO: u64 = 1 << 63;

/// Tables kept per process (the most recently built ones, and failed builds as `None`).
const TABLE_CACHE: usize = 4;
static TABLES: Mutex<Vec<(TableKey, Option<Tables>)>> = Mutex::new(Vec::new());
/// Batches smaller than this are never scored through tables (the kernel is as fast).
const TABLE_MIN_ROWS: usize = 64;

impl CodeTable {
    /// Attribute `a`'s entry for a row's packed index.
    #[inline(always)]
    fn group(&self, packed: u64, a: usize) -> Option<&GroupEntry> {
        let a = a & (SLOTS - 1);
        let field = usize::try_from((packed >> self.shift[a]) & self.mask[a]).ok()?;
        self.groups.get(self.offsets[a] + field)
    }

    /// The sizes of the group tables, or `None` when one is too large.
    fn group_sizes(e: &Engine<'_>) -> Option<Vec<usize>> {
        if e.attr_dims.len() >= SLOTS {
            return None;
        }
        let base = usize::from(e.k) + 1;
        e.starts
            .windows(2)
            .map(|w| {
                (w[0]..w[1]).try_fold(1usize, |acc, _| {
                    acc.checked_mul(base).filter(|s| *s <= GROUP_MAX_ROWS)
                })
            })
            .collect()
    }

    /// An upper bound of the entries a build computes, or `None` when no table can be built.
    fn size_bound(e: &Engine<'_>) -> Option<usize> {
        let sizes = Self::group_sizes(e)?;
        let product = sizes
            .iter()
            .try_fold(1usize, |acc, &s| acc.checked_mul(s))
            .unwrap_or(usize::MAX);
        Some(sizes.iter().sum::<usize>() + product.min(OVERALL_MAX_ROWS))
    }

    /// Builds the tables, or `None` when a group or the overall table would be too large.
    pub(super) fn build(e: &Engine<'_>) -> Option<Self> {
        let sizes = Self::group_sizes(e)?;
        let base = usize::from(e.k) + 1;
        let na = e.attr_dims.len();
        let mut pow = Vec::with_capacity(e.cols.len());
        for w in e.starts.windows(2) {
            let mut p = 1;
            for _ in w[0]..w[1] {
                pow.push(p);
                p *= base;
            }
        }
        let mut values: Vec<Option<f64>> = vec![None; e.dims.len()];
        let mut scratch = Vec::with_capacity(e.dims.len().max(na));
        let mut offsets = [0usize; SLOTS];
        let mut groups = Vec::with_capacity(sizes.iter().sum());
        // per attribute, its distinct values (by bits; `None` too), in order of appearance
        let mut classes: Vec<Vec<Option<f64>>> = Vec::with_capacity(na);
        let mut class_of: Vec<Vec<usize>> = Vec::with_capacity(na);
        for (a, &size) in sizes.iter().enumerate() {
            offsets[a] = groups.len();
            let (s, end) = (e.starts[a], e.starts[a + 1]);
            let mut seen: std::collections::HashMap<Option<u64>, usize> =
                std::collections::HashMap::new();
            let (mut reps, mut ids) = (Vec::new(), Vec::with_capacity(size));
            for gi in 0..size {
                let mut rated = 0u8;
                for (j, &c) in e.cols[s..end].iter().enumerate() {
                    let code = u8::try_from((gi / pow[s + j]) % base).unwrap_or(0);
                    values[c] = (code > 0).then(|| f64::from(code));
                    rated += u8::from(code > 0);
                }
                let x = e.aggregate_attribute(a, &values, &mut scratch);
                let id = *seen.entry(x.map(f64::to_bits)).or_insert_with(|| {
                    reps.push(x);
                    reps.len() - 1
                });
                ids.push(id);
                let (score, level) = match x {
                    Some(x) => (score_of(x, e.k), level_code(x, e.k)),
                    None => (f64::NAN, 0),
                };
                groups.push(GroupEntry {
                    score,
                    step: 0,
                    level,
                    rated,
                });
            }
            for &c in &e.cols[s..end] {
                values[c] = None;
            }
            classes.push(reps);
            class_of.push(ids);
        }
        // place values of the attributes' classes in the overall index
        let mut place = Vec::with_capacity(na);
        let mut total = 1usize;
        for (a, reps) in classes.iter_mut().enumerate() {
            // an attribute without weight does not move the overall value: one class
            if e.attr_weights[a] <= 0.0 {
                reps.truncate(1);
                class_of[a].fill(0);
            }
            place.push(total);
            total = total
                .checked_mul(reps.len())
                .filter(|t| *t <= OVERALL_MAX_ROWS)?;
        }
        for (a, ids) in class_of.iter().enumerate() {
            for (g, &id) in groups[offsets[a]..].iter_mut().zip(ids) {
                g.step = u32::try_from(id * place[a]).ok()?;
            }
        }
        let mut attr = vec![None; na];
        let mut overall = Vec::with_capacity(total);
        for oi in 0..total {
            for (a, slot) in attr.iter_mut().enumerate() {
                *slot = classes[a][(oi / place[a]) % classes[a].len()];
            }
            overall.push(match e.aggregate_overall(&attr, &mut scratch) {
                Some(x) => (score_of(x, e.k), level_code(x, e.k)),
                None => (f64::NAN, 0),
            });
        }
        // each group's index gets a bit field of the packed row index; a column's entry for a
        // byte holds its place-valued code in its group's field, or a flag (bit 62: above k,
        // bit 63: code 0)
        let mut shift = [0u32; SLOTS];
        let mut mask = [0u64; SLOTS];
        let mut bits = 0u32;
        for (a, &size) in sizes.iter().enumerate() {
            let width = usize::BITS - (size - 1).leading_zeros();
            shift[a] = bits;
            mask[a] = (1u64 << width) - 1;
            bits += width;
        }
        if bits > PACKED_BITS {
            return None;
        }
        let mut contrib = vec![[0u64; 256]; e.dims.len()];
        for tab in &mut contrib {
            for (v, slot) in tab.iter_mut().enumerate() {
                *slot = if v == 0 {
                    FLAG_ZERO
                } else if v > usize::from(e.k) {
                    FLAG_ABOVE
                } else {
                    0
                };
            }
        }
        for (a, w) in e.starts.windows(2).enumerate() {
            for j in w[0]..w[1] {
                for (v, slot) in contrib[e.cols[j]]
                    .iter_mut()
                    .enumerate()
                    .take(usize::from(e.k) + 1)
                {
                    *slot |= ((v * pow[j]) as u64) << shift[a];
                }
            }
        }
        Some(CodeTable {
            contrib,
            shift,
            mask,
            offsets,
            groups,
            overall,
        })
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

impl BatchScores {
    /// Zero-filled outputs for `rows` rows of `attributes` attributes.
    pub(super) fn zeroed(rows: usize, attributes: usize, total: usize) -> Self {
        BatchScores {
            rows,
            attributes,
            overall_score: vec![0.0; rows],
            overall_level: vec![0; rows],
            attribute_score: vec![0.0; rows * attributes],
            attribute_level: vec![0; rows * attributes],
            rated: vec![0; rows],
            total,
        }
    }

    /// All five outputs, borrowed for the batch paths that write into given buffers
    /// ([`Engine::score_codes_with`], [`Engine::score_scores_with`]).
    pub fn as_output(&mut self) -> BatchOutput<'_> {
        BatchOutput {
            overall_score: &mut self.overall_score,
            overall_level: &mut self.overall_level,
            attribute_score: Some(&mut self.attribute_score),
            attribute_level: Some(&mut self.attribute_level),
            rated: Some(&mut self.rated),
        }
    }
}

/// A block size for [`Engine::score_codes_blocks_with`] that keeps a block's outputs (about
/// 40 bytes a row for the paper's framework) in a core's L2 cache: the WebAssembly binding's.
pub const BLOCK_ROWS: usize = 16_384;

/// Rows below which a batch runs on one thread.
pub const PARALLEL_MIN_ROWS: usize = 65_536;

/// The number of threads for a batch of `rows` rows: one on wasm32 or for small batches, else
/// the machine's parallelism (rayon's global pool, sized once per process).
fn batch_threads(rows: usize) -> usize {
    if cfg!(target_arch = "wasm32") || rows < PARALLEL_MIN_ROWS {
        return 1;
    }
    crate::par::threads(None)
        .min(rows / (PARALLEL_MIN_ROWS / 4))
        .max(1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub(super) mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::{Assessment, Framework, Rating, ScoreOptions};

    /// A framework with `k` levels, attributes of the given sizes, the given weights (also
    /// the row tables' tests' frameworks).
    pub(in crate::score) fn framework(
        k: u8,
        sizes: &[usize],
        dim_w: &[f64],
        attr_w: &[f64],
    ) -> Framework {
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
    fn run<T: Cell>(e: &Engine<'_>, input: &[T], table: Option<&Tables>) -> BatchScores {
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
            // both kinds of tables, wherever they can be built
            if let Some(t) = CodeTable::build(&e) {
                check(&e, &code_rows, &run(&e, &codes, Some(&Tables::Parts(Arc::new(t)))));
            }
            if let Some(t) = RowTable::build(&e) {
                check(&e, &code_rows, &run(&e, &codes, Some(&Tables::Rows(Arc::new(t)))));
            }
            // the public path (table or not) too
            check(&e, &code_rows, &e.score_codes_vec_with(&codes, Unrated::ALLOWED).expect("vec"));
        }
    }

    proptest! {
        /// The branch-free median of a few pairs is `aggregate`'s median bit for bit (ties of
        /// values with different weights, signed zeros, equal weights included).
        #[test]
        fn median_small_is_the_median(
            items in prop::collection::vec(
                (
                    prop_oneof![Just(0.0), Just(-0.0), Just(1.0), Just(2.0), Just(3.0), -5.0f64..5.0],
                    prop_oneof![Just(1.0), Just(0.5), 0.001f64..10.0],
                ),
                0..=MEDIAN_SMALL,
            )
        ) {
            let want = aggregate(Method::Median, &mut items.clone()).unwrap_or(f64::NAN);
            let got = median_small(&items);
            prop_assert!(same(got, want), "{got} != {want} for {items:?}");
        }
    }

    proptest! {
        /// A group's median by comparisons and its table is `aggregate`'s median bit for bit,
        /// for one to four members, any weights (equal ones included) and tied values.
        #[test]
        fn picked_median_is_the_median(
            items in prop::collection::vec(
                (
                    prop_oneof![Just(1.0), Just(2.0), Just(2.5), Just(3.0), 1.0f64..5.0],
                    prop_oneof![Just(1.0), Just(0.5), Just(0.25), 0.001f64..10.0],
                ),
                1..=4,
            )
        ) {
            let at: Vec<usize> = (0..items.len()).collect();
            let w: Vec<f64> = items.iter().map(|p| p.1).collect();
            let x: Vec<f64> = items.iter().map(|p| p.0).collect();
            let g = SmallGroup::new(&at, &w, true).expect("group");
            let want = aggregate(Method::Median, &mut items.clone()).unwrap_or(f64::NAN);
            let got = g.median(&x);
            prop_assert!(same(got, want), "{got} != {want} for {items:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Batches through [`SmallGroups`] (long enough for the median tables; groups and
        /// attributes of one to four, any weights, tied values, a few unrated cells that send
        /// their rows through the general path) equal the single-assessment path, codes and
        /// scores alike, for every method.
        #[test]
        fn batches_with_small_groups_are_the_single_path(
            method in prop::sample::select(Method::ALL.to_vec()),
            k in 2u8..=5,
            sizes in prop::collection::vec(1usize..=4, 1..=4),
            dim_w in prop::collection::vec(prop_oneof![2 => Just(1.0), 3 => 0.01f64..10.0], 16),
            attr_w in prop::collection::vec(prop_oneof![2 => Just(1.0), 3 => 0.01f64..10.0], 4),
            seed in any::<u64>(),
        ) {
            let fw = framework(k, &sizes, &dim_w, &attr_w);
            let e = Engine::new(&fw, &ScoreOptions::method(method)).expect("engine");
            prop_assert!(SmallGroups::of(&e, method == Method::Median).is_some());
            let mut state = seed;
            let mut draw = move |m: u64| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) % m
            };
            let n: usize = sizes.iter().sum();
            let rows = PICK_MIN_ROWS + 44;
            let (mut codes, mut scores, mut code_rows, mut score_rows) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for _ in 0..rows {
                let (mut cr, mut sr) = (Vec::new(), Vec::new());
                for _ in 0..n {
                    let c = u8::try_from(draw(u64::from(k)) + 1).unwrap();
                    codes.push(c);
                    cr.push(Some(Ok(c)));
                    let s = match draw(40) {
                        0 => f64::NAN,
                        1..=20 => [0.0, 25.0, 50.0, 100.0][usize::try_from(draw(4)).unwrap()],
                        _ => draw(1 << 40) as f64 / (1u64 << 40) as f64 * 100.0,
                    };
                    scores.push(s);
                    sr.push((!s.is_nan()).then_some(Err(s)));
                }
                code_rows.push(cr);
                score_rows.push(sr);
            }
            check(&e, &score_rows, &run(&e, &scores, None));
            check(&e, &code_rows, &run(&e, &codes, None));
            // refused unrated: the rows without NaN, through the path that skips the NaN test
            let rated: Vec<usize> = (0..rows).filter(|&r| score_rows[r].iter().all(Option::is_some)).collect();
            let flat: Vec<f64> = rated.iter().flat_map(|&r| scores[r * n..(r + 1) * n].to_vec()).collect();
            let kept: Vec<_> = rated.iter().map(|&r| score_rows[r].clone()).collect();
            check(&e, &kept, &e.par_batch(&flat, |c, out| e.chunk(c, false, None, out)).expect("batch"));
        }
    }

    /// Scores of the paper's width take the kernel compiled for 8 cells a row: every method,
    /// rated and unrated cells, ties and the ends of the scale, against the single path.
    #[test]
    fn paper_width_scores_are_the_single_path() {
        let fw = Framework::paper();
        let mut state = 2022u64;
        let mut draw = move |m: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % m
        };
        let (mut scores, mut rows) = (Vec::new(), Vec::new());
        for _ in 0..300 {
            let mut row = Vec::new();
            for _ in 0..8 {
                let s = match draw(6) {
                    0 => f64::NAN,
                    1 => [0.0, 25.0, 50.0, 75.0, 100.0][usize::try_from(draw(5)).unwrap()],
                    _ => draw(1 << 40) as f64 / (1u64 << 40) as f64 * 100.0,
                };
                scores.push(s);
                row.push((!s.is_nan()).then_some(Err(s)));
            }
            rows.push(row);
        }
        for &method in Method::ALL.iter() {
            let e = Engine::new(fw, &ScoreOptions::method(method)).expect("engine");
            check(&e, &rows, &run(&e, &scores, None));
        }
    }

    #[test]
    fn the_paper_tables_are_small() {
        let fw = Framework::paper();
        let e = Engine::new(fw, &ScoreOptions::default()).expect("engine");
        let t = Arc::new(CodeTable::build(&e).expect("tables"));
        // groups of 3, 3 and 2 dimensions with codes 0..=3: 4^3 + 4^3 + 4^2 entries
        let mut sizes: Vec<usize> = e.starts.windows(2).map(|w| w[1] - w[0]).collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [2, 3, 3]);
        assert_eq!(t.groups.len(), 64 + 64 + 16);
        assert!(t.overall.len() <= 64 * 64 * 16, "{}", t.overall.len());
        assert!(t.overall.len() > 1);
        // every row of the paper's 4^8 code space, through the tables and the kernel
        let mut codes = Vec::with_capacity(8 << 16);
        for idx in 0..(1usize << 16) {
            for c in 0..8 {
                codes.push(u8::try_from((idx >> (2 * c)) & 3).expect("code"));
            }
        }
        let by_table = run(&e, &codes, Some(&Tables::Parts(Arc::clone(&t))));
        let by_kernel = run(&e, &codes, None);
        assert_eq!(by_table.rows, 1 << 16);
        assert_eq!(by_table.overall_level, by_kernel.overall_level);
        assert_eq!(by_table.attribute_level, by_kernel.attribute_level);
        assert_eq!(by_table.rated, by_kernel.rated);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            bits(&by_table.overall_score),
            bits(&by_kernel.overall_score)
        );
        assert_eq!(
            bits(&by_table.attribute_score),
            bits(&by_kernel.attribute_score)
        );
        // and through the whole-row table the public path uses for the paper
        let rows = RowTable::build(&e).expect("row table");
        let by_rows = run(&e, &codes, Some(&Tables::Rows(Arc::new(rows))));
        assert_eq!(by_rows.overall_level, by_kernel.overall_level);
        assert_eq!(by_rows.attribute_level, by_kernel.attribute_level);
        assert_eq!(by_rows.rated, by_kernel.rated);
        assert_eq!(bits(&by_rows.overall_score), bits(&by_kernel.overall_score));
        assert_eq!(
            bits(&by_rows.attribute_score),
            bits(&by_kernel.attribute_score)
        );
    }

    #[test]
    fn the_table_rule_depends_on_the_code_space_and_the_batch_only() {
        // the paper (4^8 rows): whole rows once the batch has half as many rows
        // (a cache of the test's own: the process's is shared with tests running in parallel)
        let mut cache = Vec::new();
        let fw = Framework::paper();
        let e = Engine::new(fw, &ScoreOptions::method(Method::CappedMean)).expect("engine");
        assert!(e.code_table_in(TABLE_MIN_ROWS - 1, &mut cache).is_none());
        assert!(e.code_table_in(30_000, &mut cache).is_none());
        assert!(cache.is_empty());
        assert!(matches!(
            e.code_table_in(40_000, &mut cache),
            Some(Tables::Rows(_))
        ));
        // built: smaller batches use it too (but never below TABLE_MIN_ROWS)
        assert!(matches!(
            e.code_table_in(100, &mut cache),
            Some(Tables::Rows(_))
        ));
        assert!(e.code_table_in(10, &mut cache).is_none());
        assert_eq!(cache.len(), 1);
        // 4 levels and 8 dimensions: 5^8 rows, too many for whole rows; the factorised tables
        let big = framework(4, &[3, 3, 2], &[1.0], &[1.0, 1.0, 1.0]);
        let e = Engine::new(&big, &ScoreOptions::default()).expect("engine");
        assert_eq!(RowTable::size(&e), None);
        assert!(matches!(
            e.code_table_in(200_000, &mut cache),
            Some(Tables::Parts(_))
        ));
        // more attributes than a row entry holds: the factorised tables
        let wide = framework(2, &[1, 1, 1, 1, 1], &[1.0], &[1.0; 5]);
        let e = Engine::new(&wide, &ScoreOptions::default()).expect("engine");
        assert_eq!(RowTable::size(&e), None);
        assert!(matches!(
            e.code_table_in(1_000, &mut cache),
            Some(Tables::Parts(_))
        ));
        // groups small enough, but too many combinations of their values for the overall table:
        // the kernel, and the failed build is remembered (not retried on every call)
        let huge = framework(3, &[3; 7], &[1.0, 0.5, 0.25], &[1.0; 7]);
        let e = Engine::new(&huge, &ScoreOptions::default()).expect("engine");
        assert_eq!(RowTable::size(&e), None);
        assert!(CodeTable::size_bound(&e).is_some());
        assert!(CodeTable::build(&e).is_none());
        assert!(e.code_table_in(1_000_000, &mut cache).is_none());
        let key = TableKey::of(&e);
        assert!(
            cache.iter().any(|(k, t)| *k == key && t.is_none()),
            "a failed build is cached"
        );
        assert_eq!(cache.len(), 4);
        assert!(e.code_table_in(1_000_000, &mut cache).is_none());
        assert_eq!(cache.len(), 4);
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

    /// Bit-for-bit equality of two batch results (NaN scores equal when their bits are).
    fn same_scores(a: &BatchScores, b: &BatchScores) -> bool {
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        (a.rows, a.attributes, a.total) == (b.rows, b.attributes, b.total)
            && bits(&a.overall_score) == bits(&b.overall_score)
            && bits(&a.attribute_score) == bits(&b.attribute_score)
            && a.overall_level == b.overall_level
            && a.attribute_level == b.attribute_level
            && a.rated == b.rated
    }

    /// The blocks of `score_*_blocks_with`, put end to end (and the first rows they came with).
    fn concat<E>(
        run: impl FnOnce(&mut dyn FnMut(usize, &BatchScores) -> Result<(), E>) -> Result<(), E>,
        like: &BatchScores,
    ) -> Result<(BatchScores, Vec<usize>), E> {
        let mut all = BatchScores::zeroed(0, like.attributes, like.total);
        let mut firsts = Vec::new();
        run(&mut |first, b: &BatchScores| {
            firsts.push(first);
            all.rows += b.rows;
            all.overall_score.extend_from_slice(&b.overall_score);
            all.overall_level.extend_from_slice(&b.overall_level);
            all.attribute_score.extend_from_slice(&b.attribute_score);
            all.attribute_level.extend_from_slice(&b.attribute_level);
            all.rated.extend_from_slice(&b.rated);
            Ok(())
        })?;
        Ok((all, firsts))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Scoring in blocks of any size gives the whole batch's results bit for bit (codes
        /// through the tables or the kernel, and scores), blocks numbered by their first row;
        /// a bad value or a mask of the wrong length is the same error as the whole batch's,
        /// its row counted from the start.
        #[test]
        fn blocks_are_the_whole_batch(
            method in prop::sample::select(Method::ALL.to_vec()),
            k in 2u8..=4,
            sizes in prop::collection::vec(1usize..=3, 1..=4),
            rows in 0usize..=300,
            block in 0usize..=320,
            unrated in 0u8..=3,
            seed in any::<u64>(),
        ) {
            let fw = framework(k, &sizes, &[1.0, 2.0, 0.5], &[1.0, 3.0, 1.0, 2.0]);
            let e = Engine::new(&fw, &ScoreOptions::method(method)).expect("engine");
            let n = fw.dimensions.len();
            let mut state = seed;
            let mut draw = move |m: u64| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) % m
            };
            // unrated: 0 = refused, 1 = code 0 allowed, 2 = a mask, 3 = refused with a bad code
            let mut codes: Vec<u8> = (0..rows * n)
                .map(|_| 1 + u8::try_from(draw(u64::from(k))).unwrap())
                .collect();
            if unrated == 1 {
                for c in codes.iter_mut() {
                    if draw(6) == 0 { *c = 0; }
                }
            }
            if unrated == 3 && !codes.is_empty() {
                let at = usize::try_from(draw(codes.len() as u64)).unwrap();
                codes[at] = k + 1;
            }
            let mask: Vec<bool> = (0..rows * n).map(|_| draw(5) != 0).collect();
            let how = match unrated {
                1 => Unrated::ALLOWED,
                2 => Unrated { allowed: false, mask: Some(&mask) },
                _ => Unrated::REFUSED,
            };
            let scores: Vec<f64> = codes.iter().map(|&c| if c == 0 { f64::NAN } else { f64::from(c) * 10.0 }).collect();
            for kind in 0..2 {
                let whole = if kind == 0 { e.score_codes_vec_with(&codes, how) } else { e.score_scores_vec_with(&scores, how) };
                let like = whole.clone().unwrap_or_else(|_| BatchScores::zeroed(0, fw.attributes.len(), e.rated_total()));
                let blocks = concat(|sink| if kind == 0 {
                    e.score_codes_blocks_with(&codes, how, block, sink)
                } else {
                    e.score_scores_blocks_with(&scores, how, block, sink)
                }, &like);
                match (whole, blocks) {
                    (Ok(w), Ok((b, firsts))) => {
                        prop_assert!(same_scores(&w, &b), "kind {kind}: blocks differ from the whole batch");
                        let per = block.max(1);
                        let want: Vec<usize> = (0..rows).step_by(per).collect();
                        prop_assert_eq!(firsts, want);
                    }
                    (Err(w), Err(b)) => prop_assert_eq!(w, b),
                    (w, b) => prop_assert!(false, "kind {kind}: whole {:?} but blocks {:?}", w.map(|_| ()), b.map(|_| ())),
                }
            }
            // a wrong length, and a mask of the wrong length, before any block
            let short = &codes[..codes.len().saturating_sub(1)];
            if !codes.is_empty() && n > 1 {
                let mut called = false;
                let r = e.score_codes_blocks_with(short, Unrated::REFUSED, block, |_, _| { called = true; Ok::<(), BatchError>(()) });
                prop_assert!(matches!(r, Err(BatchError::Shape { field: "input", .. })), "{:?}", r);
                prop_assert!(!called);
            }
            let mut called = false;
            let r = e.score_codes_blocks_with(&codes, Unrated { allowed: false, mask: Some(&mask[..mask.len().saturating_sub(1).min(mask.len())]) }, block, |_, _| { called = true; Ok::<(), BatchError>(()) });
            if !codes.is_empty() {
                prop_assert!(matches!(r, Err(BatchError::Shape { field: "mask", .. })), "{:?}", r);
                prop_assert!(!called);
            }
        }
    }

    /// The sink's error ends the batch: no block after it is scored or handed over.
    #[test]
    fn a_sink_error_ends_the_batch() {
        #[derive(Debug, PartialEq)]
        enum Stop {
            Batch(BatchError),
            Full(usize),
        }
        impl From<BatchError> for Stop {
            fn from(e: BatchError) -> Self {
                Stop::Batch(e)
            }
        }
        let fw = Framework::paper();
        let e = Engine::new(fw, &ScoreOptions::default()).expect("engine");
        let codes = vec![2u8; 8 * 10];
        let mut seen = Vec::new();
        let r = e.score_codes_blocks_with(&codes, Unrated::REFUSED, 3, |first, b| {
            seen.push((first, b.rows));
            if first >= 3 {
                Err(Stop::Full(first))
            } else {
                Ok(())
            }
        });
        assert_eq!(r, Err(Stop::Full(3)));
        assert_eq!(seen, [(0, 3), (3, 3)]);
        // a bad code in the third block: the first two reached the sink, the error names row 7
        let mut codes = codes;
        codes[7 * 8 + 2] = 9;
        let mut seen = Vec::new();
        let r = e.score_codes_blocks_with(&codes, Unrated::REFUSED, 3, |first, _| {
            seen.push(first);
            Ok::<(), BatchError>(())
        });
        assert!(
            matches!(
                r,
                Err(BatchError::LevelCode {
                    row: 7,
                    column: 2,
                    value: 9,
                    ..
                })
            ),
            "{r:?}"
        );
        assert_eq!(seen, [0, 3]);
    }
}
