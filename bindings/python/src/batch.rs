//! Batch scoring of numpy arrays: `(N × dimensions)` uint8 level codes or float64 scores 0–100.
//! The input is read in place when C-contiguous (copied otherwise), the core's
//! `Engine::score_codes` / `Engine::score_scores` run with the GIL released, and the outputs
//! are moved into numpy arrays without copying.

use std::borrow::Cow;
use std::sync::Arc;

use numpy::ndarray::Array2;
use numpy::{
    Element, IntoPyArray, PyArray1, PyArray2, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::prelude::*;
use renxing::{BatchError, BatchOutput, Engine, Framework};

use crate::model::{fw_or, paper, PyFramework};
use crate::{errors, results};

/// The result of batch scoring: numpy arrays, one row per input row.
#[pyclass(module = "renxing", name = "BatchResult", frozen)]
pub struct BatchResult {
    /// Overall score 0–100 per row (float64, shape (N,)).
    #[pyo3(get)]
    overall_score: Py<PyArray1<f64>>,
    /// Overall level code per row (uint8, shape (N,); 1 = lowest level).
    #[pyo3(get)]
    overall_level: Py<PyArray1<u8>>,
    /// Attribute scores (float64, shape (N, attributes)).
    #[pyo3(get)]
    attribute_score: Py<PyArray2<f64>>,
    /// Attribute level codes (uint8, shape (N, attributes)).
    #[pyo3(get)]
    attribute_level: Py<PyArray2<u8>>,
    /// The attribute ids (the columns of the attribute arrays).
    #[pyo3(get)]
    attributes: Vec<String>,
    /// The level ids; code `c` is `levels[c - 1]`.
    #[pyo3(get)]
    levels: Vec<String>,
    rows: usize,
}

#[pymethods]
impl BatchResult {
    fn __len__(&self) -> usize {
        self.rows
    }

    fn __repr__(&self) -> String {
        format!(
            "BatchResult(rows={}, attributes={:?})",
            self.rows, self.attributes
        )
    }
}

/// The input data: borrowed when contiguous, else copied in row-major order.
fn data<'a, T: Element + Copy>(arr: &'a numpy::PyReadonlyArray2<'_, T>) -> Cow<'a, [T]> {
    match arr.as_slice() {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(arr.as_array().iter().copied().collect()),
    }
}

struct Outputs {
    overall_score: Vec<f64>,
    overall_level: Vec<u8>,
    attribute_score: Vec<f64>,
    attribute_level: Vec<u8>,
}

impl Outputs {
    fn new(rows: usize, na: usize) -> Self {
        Outputs {
            overall_score: vec![0.0; rows],
            overall_level: vec![0; rows],
            attribute_score: vec![0.0; rows * na],
            attribute_level: vec![0; rows * na],
        }
    }

    fn buffers(&mut self) -> BatchOutput<'_> {
        BatchOutput {
            overall_score: &mut self.overall_score,
            overall_level: &mut self.overall_level,
            attribute_score: Some(&mut self.attribute_score),
            attribute_level: Some(&mut self.attribute_level),
        }
    }
}

/// Rows per thread below which one thread does all the work.
const MIN_ROWS_PER_THREAD: usize = 1 << 16;

/// Runs `score` (the core's `score_codes` or `score_scores`) on row chunks of `input`, one
/// chunk per available core, each writing its own part of the outputs. Results are identical to
/// one call over everything; an error names its row in the whole input (the first failing chunk
/// wins, so it is the first bad row).
fn run_chunked<T, F>(
    input: &[T],
    n: usize,
    na: usize,
    out: &mut Outputs,
    score: &F,
) -> Result<(), BatchError>
where
    T: Sync,
    F: Fn(&[T], &mut BatchOutput<'_>) -> Result<(), BatchError> + Sync,
{
    let rows = input.len() / n.max(1);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(rows / MIN_ROWS_PER_THREAD)
        .max(1);
    if threads == 1 {
        return score(input, &mut out.buffers());
    }
    let per = rows.div_ceil(threads);
    let mut jobs = Vec::with_capacity(threads);
    let (mut os, mut ol) = (&mut out.overall_score[..], &mut out.overall_level[..]);
    let (mut asc, mut alv) = (&mut out.attribute_score[..], &mut out.attribute_level[..]);
    let mut rest = input;
    let mut start = 0;
    while start < rows {
        let take = per.min(rows - start);
        let (chunk, r) = rest.split_at(take * n);
        rest = r;
        let (a, b) = std::mem::take(&mut os).split_at_mut(take);
        os = b;
        let (c, d) = std::mem::take(&mut ol).split_at_mut(take);
        ol = d;
        let (e, f) = std::mem::take(&mut asc).split_at_mut(take * na);
        asc = f;
        let (g, h) = std::mem::take(&mut alv).split_at_mut(take * na);
        alv = h;
        let buffers = BatchOutput {
            overall_score: a,
            overall_level: c,
            attribute_score: Some(e),
            attribute_level: Some(g),
        };
        jobs.push((start, chunk, buffers));
        start += take;
    }
    // `None` when a worker thread could not be started (or did not finish): then everything is
    // scored again on this thread, which overwrites every output.
    let results: Option<Vec<(usize, Result<(), BatchError>)>> = std::thread::scope(|s| {
        let mut handles = Vec::new();
        for (offset, chunk, mut buffers) in jobs {
            let spawned = std::thread::Builder::new()
                .spawn_scoped(s, move || score(chunk, &mut buffers))
                .ok()?;
            handles.push((offset, spawned));
        }
        handles
            .into_iter()
            .map(|(offset, h)| h.join().ok().map(|r| (offset, r)))
            .collect()
    });
    let Some(results) = results else {
        return score(input, &mut out.buffers());
    };
    let mut failed: Option<(usize, BatchError)> = None;
    for (offset, r) in results {
        if let Err(e) = r {
            if failed.as_ref().is_none_or(|(o, _)| offset < *o) {
                failed = Some((offset, e));
            }
        }
    }
    match failed {
        None => Ok(()),
        Some((offset, mut e)) => {
            match &mut e {
                BatchError::LevelCode { row, .. } | BatchError::ScoreValue { row, .. } => {
                    *row += offset;
                }
                BatchError::Shape { .. } => {}
            }
            Err(e)
        }
    }
}

fn shape2<T>(v: Vec<T>, rows: usize, cols: usize) -> PyResult<Array2<T>> {
    Array2::from_shape_vec((rows, cols), v)
        .map_err(|e| errors::internal(&format!("output shape: {e}")))
}

/// Scores many assessments at once from a numpy array with one row per community and one
/// column per dimension (in `framework.dimensions` order): uint8 level codes (1 = lowest) or
/// float64 scores 0–100. Raises `BatchError` for anything else.
#[pyfunction]
#[pyo3(signature = (array, framework=None, *, method=None, dimension_weights=None, attribute_weights=None))]
pub fn score_batch(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    framework: Option<&Bound<'_, PyFramework>>,
    method: Option<&str>,
    dimension_weights: Option<&Bound<'_, PyAny>>,
    attribute_weights: Option<&Bound<'_, PyAny>>,
) -> PyResult<BatchResult> {
    let o = results::options(method, dimension_weights, attribute_weights)?;
    let fw: Arc<Framework> = fw_or(framework, paper);
    let engine = Engine::new(&fw, &o).map_err(errors::err)?;
    let n = fw.dimensions.len();
    let na = fw.attributes.len();

    let untyped = array.cast::<PyUntypedArray>().map_err(|_| {
        errors::batch(
            format!(
                "expected a numpy.ndarray of shape (N, {n}), found {}",
                array
                    .get_type()
                    .name()
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            ),
            "input",
        )
    })?;
    if untyped.ndim() != 2 || untyped.shape()[1] != n {
        return Err(errors::batch(
            format!(
                "expected an array of shape (N, {n}) (one column per dimension of {:?}), found shape {:?}",
                fw.id,
                untyped.shape()
            ),
            "input.shape",
        ));
    }
    let rows = untyped.shape()[0];
    let dtype = untyped.dtype();
    let mut out = Outputs::new(rows, na);

    if dtype.is_equiv_to(&numpy::dtype::<u8>(py)) {
        let arr = array
            .cast::<PyArray2<u8>>()
            .map_err(|e| errors::batch(e.to_string(), "input"))?
            .try_readonly()
            .map_err(|e| errors::batch(format!("the array cannot be read: {e}"), "input"))?;
        let codes = data(&arr);
        let engine = &engine;
        let score = |c: &[u8], o: &mut BatchOutput<'_>| engine.score_codes(c, o);
        py.detach(|| run_chunked(&codes, n, na, &mut out, &score))
            .map_err(errors::err)?;
    } else if dtype.is_equiv_to(&numpy::dtype::<f64>(py)) {
        let arr = array
            .cast::<PyArray2<f64>>()
            .map_err(|e| errors::batch(e.to_string(), "input"))?
            .try_readonly()
            .map_err(|e| errors::batch(format!("the array cannot be read: {e}"), "input"))?;
        let scores = data(&arr);
        let engine = &engine;
        let score = |c: &[f64], o: &mut BatchOutput<'_>| engine.score_scores(c, o);
        py.detach(|| run_chunked(&scores, n, na, &mut out, &score))
            .map_err(errors::err)?;
    } else {
        return Err(errors::batch(
            format!(
                "expected dtype uint8 (level codes 1..={}) or float64 (scores 0..=100), found {}; convert with .astype(numpy.uint8) or .astype(numpy.float64)",
                fw.levels.len(),
                dtype.str().map(|s| s.to_string()).unwrap_or_default()
            ),
            "input.dtype",
        ));
    }

    let Outputs {
        overall_score,
        overall_level,
        attribute_score,
        attribute_level,
    } = out;
    Ok(BatchResult {
        overall_score: overall_score.into_pyarray(py).unbind(),
        overall_level: overall_level.into_pyarray(py).unbind(),
        attribute_score: shape2(attribute_score, rows, na)?.into_pyarray(py).unbind(),
        attribute_level: shape2(attribute_level, rows, na)?.into_pyarray(py).unbind(),
        attributes: fw.attributes.iter().map(|a| a.id.clone()).collect(),
        levels: fw.levels.iter().map(|l| l.id.clone()).collect(),
        rows,
    })
}
