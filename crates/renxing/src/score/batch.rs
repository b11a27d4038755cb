//! Batch scoring over row-major arrays (the numpy and typed-array paths), in parallel for large
//! inputs, bit-identical to [`Engine::score`].

use crate::error::BatchError;

use super::{level_code, score_of, Engine, Method};

impl Engine<'_> {
    /// Batch scoring of level codes: `codes` is row-major, `rows × dimensions`, each code in
    /// 1..=k (no missing values). Writes per-row overall scores and level codes and, when given,
    /// per-row attribute scores and codes (`rows × attributes`).
    ///
    /// # Errors
    /// [`BatchError`] for a wrong length or a code out of range (naming row and column).
    pub fn score_codes(&self, codes: &[u8], out: &mut BatchOutput<'_>) -> Result<(), BatchError> {
        let n = self.dims.len();
        let rows = self.check_batch(codes.len(), out)?;
        for (r, row) in codes.chunks_exact(n).enumerate() {
            for (c, &code) in row.iter().enumerate() {
                if code == 0 || code > self.k {
                    return Err(BatchError::LevelCode {
                        row: r,
                        column: c,
                        dimension: self.framework.dimensions[c].id.clone(),
                        value: code,
                        max: self.k,
                    });
                }
            }
        }
        self.run_batch(rows, out, |r, c| f64::from(codes[r * n + c]));
        Ok(())
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
        let n = self.dims.len();
        let rows = self.check_batch(scores.len(), out)?;
        for (r, row) in scores.chunks_exact(n).enumerate() {
            for (c, &v) in row.iter().enumerate() {
                if !(v.is_finite() && (0.0..=100.0).contains(&v)) {
                    return Err(BatchError::ScoreValue {
                        row: r,
                        column: c,
                        dimension: self.framework.dimensions[c].id.clone(),
                        value: v,
                    });
                }
            }
        }
        self.run_batch(rows, out, |r, c| self.value_of_score(scores[r * n + c]));
        Ok(())
    }

    /// Batch scoring of level codes into fresh arrays, split across the machine's cores for
    /// large inputs (one thread on wasm32). The result does not depend on the number of threads,
    /// and the first bad value (lowest row, then column) is the one reported.
    ///
    /// # Errors
    /// As [`Engine::score_codes`].
    pub fn score_codes_vec(&self, codes: &[u8]) -> Result<BatchScores, BatchError> {
        self.par_batch(codes, |chunk, out| self.score_codes(chunk, out))
    }

    /// Batch scoring of 0–100 scores into fresh arrays, in parallel as
    /// [`Engine::score_codes_vec`].
    ///
    /// # Errors
    /// As [`Engine::score_scores`].
    pub fn score_scores_vec(&self, scores: &[f64]) -> Result<BatchScores, BatchError> {
        self.par_batch(scores, |chunk, out| self.score_scores(chunk, out))
    }

    fn par_batch<T: Sync>(
        &self,
        input: &[T],
        run: impl Fn(&[T], &mut BatchOutput<'_>) -> Result<(), BatchError> + Sync,
    ) -> Result<BatchScores, BatchError> {
        let n = self.dims.len().max(1);
        let na = self.attr_dims.len();
        if input.len() % n != 0 {
            return Err(BatchError::Shape {
                field: "input",
                expected: input.len() / n * n + n,
                found: input.len(),
            });
        }
        let rows = input.len() / n;
        let mut res = BatchScores {
            rows,
            attributes: na,
            overall_score: vec![0.0; rows],
            overall_level: vec![0; rows],
            attribute_score: vec![0.0; rows * na],
            attribute_level: vec![0; rows * na],
        };
        let threads = batch_threads(rows);
        let per = rows.div_ceil(threads).max(1);
        let chunks = input
            .chunks(per * n)
            .zip(res.overall_score.chunks_mut(per))
            .zip(res.overall_level.chunks_mut(per))
            .zip(res.attribute_score.chunks_mut(per * na.max(1)))
            .zip(res.attribute_level.chunks_mut(per * na.max(1)));
        let run = &run;
        let results: Vec<Result<(), BatchError>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .enumerate()
                .map(|(i, ((((inp, os), ol), ascore), alevel))| {
                    let job = move || {
                        let mut out = BatchOutput {
                            overall_score: os,
                            overall_level: ol,
                            attribute_score: (na > 0).then_some(ascore),
                            attribute_level: (na > 0).then_some(alevel),
                        };
                        run(inp, &mut out).map_err(|e| e.offset_rows(i * per))
                    };
                    if threads == 1 {
                        Err(job)
                    } else {
                        Ok(s.spawn(job))
                    }
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h {
                    Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                    Err(mut job) => job(),
                })
                .collect()
        });
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
        Ok(res)
    }

    fn check_batch(&self, len: usize, out: &BatchOutput<'_>) -> Result<usize, BatchError> {
        let n = self.dims.len();
        if len % n != 0 {
            return Err(BatchError::Shape {
                field: "input",
                expected: len / n * n + n,
                found: len,
            });
        }
        let rows = len / n;
        let na = self.attr_dims.len();
        let checks: [(&'static str, usize, usize); 4] = [
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

    fn run_batch(
        &self,
        rows: usize,
        out: &mut BatchOutput<'_>,
        value: impl Fn(usize, usize) -> f64,
    ) {
        let n = self.dims.len();
        let na = self.attr_dims.len();
        if self.method == Method::Mean {
            self.run_batch_mean(rows, out, value);
            return;
        }
        let mut values = vec![None; n];
        let mut attr = vec![None; na];
        let mut scratch = Vec::with_capacity(n);
        for r in 0..rows {
            for (c, slot) in values.iter_mut().enumerate() {
                *slot = Some(value(r, c));
            }
            let overall = self.aggregate_row(&values, &mut attr, &mut scratch);
            let x = overall.unwrap_or(f64::NAN);
            out.overall_score[r] = score_of(x, self.k);
            out.overall_level[r] = level_code(x, self.k);
            if let Some(s) = out.attribute_score.as_deref_mut() {
                for (a, v) in attr.iter().enumerate() {
                    s[r * na + a] = score_of(v.unwrap_or(f64::NAN), self.k);
                }
            }
            if let Some(l) = out.attribute_level.as_deref_mut() {
                for (a, v) in attr.iter().enumerate() {
                    l[r * na + a] = level_code(v.unwrap_or(f64::NAN), self.k);
                }
            }
        }
    }
}

impl Engine<'_> {
    /// The default method over complete rows, without `Option`s or a scratch buffer. Performs
    /// the same floating-point operations in the same order as [`aggregate`] (weights summed in
    /// dimension order, then the clamp), so results are bit-identical to [`Engine::score`].
    fn run_batch_mean(
        &self,
        rows: usize,
        out: &mut BatchOutput<'_>,
        value: impl Fn(usize, usize) -> f64,
    ) {
        let na = self.attr_dims.len();
        // Per attribute: its positively weighted dimensions as (column, weight).
        let groups: Vec<Vec<(usize, f64)>> = self
            .attr_dims
            .iter()
            .map(|dims| {
                dims.iter()
                    .map(|&i| (i, self.dims[i].1))
                    .filter(|p| p.1 > 0.0)
                    .collect()
            })
            .collect();
        let mut attr = vec![0.0; na];
        for r in 0..rows {
            for (a, group) in groups.iter().enumerate() {
                let (mut sw, mut swx) = (0.0, 0.0);
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for &(c, w) in group {
                    let x = value(r, c);
                    sw += w;
                    swx += w * x;
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
                attr[a] = (swx / sw).clamp(lo, hi);
            }
            let (mut sw, mut swx) = (0.0, 0.0);
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for (a, &x) in attr.iter().enumerate() {
                let w = self.attr_weights[a];
                if w > 0.0 {
                    sw += w;
                    swx += w * x;
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
            }
            let x = (swx / sw).clamp(lo, hi);
            out.overall_score[r] = score_of(x, self.k);
            out.overall_level[r] = level_code(x, self.k);
            if let Some(s) = out.attribute_score.as_deref_mut() {
                for (a, v) in attr.iter().enumerate() {
                    s[r * na + a] = score_of(*v, self.k);
                }
            }
            if let Some(l) = out.attribute_level.as_deref_mut() {
                for (a, v) in attr.iter().enumerate() {
                    l[r * na + a] = level_code(*v, self.k);
                }
            }
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
}

/// The owned result of [`Engine::score_codes_vec`] / [`Engine::score_scores_vec`].
#[derive(Clone, Debug, PartialEq)]
pub struct BatchScores {
    /// Number of rows.
    pub rows: usize,
    /// Number of attributes (the width of the attribute arrays).
    pub attributes: usize,
    /// Overall score per row.
    pub overall_score: Vec<f64>,
    /// Overall level code per row.
    pub overall_level: Vec<u8>,
    /// `rows × attributes` attribute scores.
    pub attribute_score: Vec<f64>,
    /// `rows × attributes` attribute level codes.
    pub attribute_level: Vec<u8>,
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
