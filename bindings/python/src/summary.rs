//! Diagnosis summaries over a numpy array of level codes (`N × dimensions`, uint8, 0 = not
//! rated with `unrated=True`), read in place when C-contiguous: the `diagnosis_summary` and
//! `diagnosis_summary_partial` operations on the array's rows, computed by the core with the GIL
//! released (`renxing_ops::diagnosis_summary_of_codes`,
//! `renxing_ops::diagnosis_summary_partial_of_codes`).

use numpy::{PyArray2, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use renxing::Path;
use renxing_ops::front::FrontError;
use renxing_ops::{args, read_request, DiagnosisSummaryPartialRequest, DiagnosisSummaryRequest};
use serde_json::Value;

use crate::{batch, call, convert, errors};

/// The request fields shared by both entry points, as a dict.
fn fields<'py>(
    py: Python<'py>,
    options: Option<&Bound<'py, PyAny>>,
    framework: Option<&Bound<'py, PyAny>>,
    phase: Option<&str>,
    top_k: Option<usize>,
    unrated: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("options", options)?;
    d.set_item("framework", framework)?;
    d.set_item("phase", phase)?;
    d.set_item("top_k", top_k)?;
    d.set_item("unrated", unrated)?;
    Ok(d)
}

/// Checks that `array` is an `(N, dims)` uint8 numpy array with no masked cell (as
/// `score_batch` does) and runs `f` on its cells
/// (row-major; borrowed when C-contiguous) with the GIL released.
fn with_codes<'py, T: Send>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    dims: usize,
    f: impl FnOnce(&[u8]) -> T + Send,
) -> PyResult<T> {
    let raise = |field: &str, e: FrontError<'_>| {
        batch::batch_error(py, Path::root().key("input").key(field), &e)
    };
    let Ok(untyped) = array.cast::<PyUntypedArray>() else {
        // located at the input itself, as score_batch locates it
        let t = crate::convert::type_name(array);
        let e = FrontError::CodesNotArray { dims, found: &t };
        return Err(batch::batch_error(py, Path::root().key("input"), &e));
    };
    batch::refuse_masked(py, array)?;
    let shape = untyped.shape().to_vec();
    if shape.len() != 2 || shape[1] != dims {
        return Err(raise(
            "shape",
            FrontError::CodesShape {
                dims,
                shape: &shape,
            },
        ));
    }
    if !untyped.dtype().is_equiv_to(&numpy::dtype::<u8>(py)) {
        let t = untyped
            .dtype()
            .str()
            .map(|s| s.to_string())
            .unwrap_or_default();
        return Err(raise("dtype", FrontError::CodesDtype { found: &t }));
    }
    let arr = array.cast::<PyArray2<u8>>()?.try_readonly()?;
    let data = batch::cells(&arr);
    Ok(py.detach(|| f(&data)))
}

/// The diagnosis summary of an `(N, dimensions)` uint8 array of level codes (one row per
/// community, columns in framework order): the `diagnosis_summary` operation's response.
#[pyfunction]
#[pyo3(signature = (array, *, options=None, framework=None, phase=None, top_k=None, unrated=false))]
pub fn diagnosis_summary_array<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
    framework: Option<&Bound<'py, PyAny>>,
    phase: Option<&str>,
    top_k: Option<usize>,
    unrated: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let d = fields(py, options, framework, phase, top_k, unrated)?;
    let (ctx, body) = call::request(Some(&d))?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: DiagnosisSummaryRequest =
        read_request("diagnosis_summary", Value::Object(body)).map_err(raise)?;
    let fw = args::framework(req.framework.as_ref(), &ctx).map_err(raise)?;
    let out = with_codes(py, array, fw.dimensions.len(), |codes| {
        renxing_ops::diagnosis_summary_of_codes(req, &ctx, Some(codes))
    })?
    .map_err(raise)?;
    convert::to_py(py, &out)
}

/// The diagnosis-summary partial of an `(N, dimensions)` uint8 array of level codes (one
/// partition): the `diagnosis_summary_partial` operation's response.
#[pyfunction]
#[pyo3(signature = (array, *, options=None, framework=None, phase=None, top_k=None, unrated=false))]
pub fn diagnosis_summary_partial_array<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
    framework: Option<&Bound<'py, PyAny>>,
    phase: Option<&str>,
    top_k: Option<usize>,
    unrated: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let d = fields(py, options, framework, phase, top_k, unrated)?;
    let (ctx, body) = call::request(Some(&d))?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: DiagnosisSummaryPartialRequest =
        read_request("diagnosis_summary_partial", Value::Object(body)).map_err(raise)?;
    let fw = args::framework(req.framework.as_ref(), &ctx).map_err(raise)?;
    let out = with_codes(py, array, fw.dimensions.len(), |codes| {
        renxing_ops::diagnosis_summary_partial_of_codes(&req, &ctx, codes)
    })?
    .map_err(raise)?;
    convert::to_py(py, &out)
}
