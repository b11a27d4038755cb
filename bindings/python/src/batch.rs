//! `score_batch` over a numpy array: `(N × dimensions)` uint8 level codes or float64 scores
//! 0–100. The array is read in place when it is C-contiguous and through its strides otherwise
//! (a view, so any memory order gives the same rows); the core's engine scores it with the GIL
//! released (splitting large inputs across cores itself), and its output vectors become numpy
//! arrays without a copy.

use std::borrow::Cow;

use numpy::{
    Element, PyArray1, PyArray2, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray2,
    PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use renxing::{BatchError, BatchOutput, ErrorCode, Path, Problem};
use renxing_ops::front::{FrontError, OutFound};
use renxing_ops::{args, read_request, ScoreBatchRequest};
use serde_json::Value;

use crate::{call, convert, errors};

/// A `batch_input` error at `at` (the single source of its message: [`FrontError`]).
pub(crate) fn batch_error(py: Python<'_>, at: Path, e: &FrontError<'_>) -> PyErr {
    errors::raise(py, Problem::new(ErrorCode::BatchInput, e.msg()).at(at))
}

/// Refuses a numpy masked array with masked cells: they hold arbitrary data, not ratings
/// (issue 17: masks were ignored). Every entry point that reads level codes calls it.
pub(crate) fn refuse_masked(py: Python<'_>, array: &Bound<'_, PyAny>) -> PyResult<()> {
    let ma = py.import("numpy.ma")?;
    if array.is_instance(&ma.getattr("MaskedArray")?)?
        && ma.call_method1("is_masked", (array,))?.is_truthy()?
    {
        let at = Path::root().key("input").key("mask");
        return Err(batch_error(py, at, &FrontError::Masked));
    }
    Ok(())
}

/// The array's cells in logical (row-major) order: borrowed when C-contiguous, else copied.
pub(crate) fn cells<'a, T: Element + Copy>(arr: &'a PyReadonlyArray2<'_, T>) -> Cow<'a, [T]> {
    if arr.as_array().is_standard_layout() {
        if let Ok(s) = arr.as_slice() {
            return Cow::Borrowed(s);
        }
    }
    Cow::Owned(arr.as_array().iter().copied().collect())
}

/// numpy arrays for the outputs (numpy's allocator, which asks the kernel for huge pages on
/// large arrays), filled by `score` with the GIL released.
struct Outputs<'py> {
    overall_score: Bound<'py, PyArray1<f64>>,
    overall_level: Bound<'py, PyArray1<u8>>,
    attribute_score: Bound<'py, PyArray2<f64>>,
    attribute_level: Bound<'py, PyArray2<u8>>,
    rated: Bound<'py, PyArray1<u16>>,
}

/// The output names `out=` may hold, in the order of [`Outputs`].
const OUT_KEYS: [&str; 5] = [
    "overall_score",
    "overall_level",
    "attribute_score",
    "attribute_level",
    "rated",
];

/// The arrays `out=` gives, checked (dtype, shape, C-contiguous, writeable); `None` = fresh.
#[derive(Default)]
struct Given<'py> {
    overall_score: Option<Bound<'py, PyArray1<f64>>>,
    overall_level: Option<Bound<'py, PyArray1<u8>>>,
    attribute_score: Option<Bound<'py, PyArray2<f64>>>,
    attribute_level: Option<Bound<'py, PyArray2<u8>>>,
    rated: Option<Bound<'py, PyArray1<u16>>>,
}

impl<'py> Given<'py> {
    /// Reads `out=` for `rows` rows of `na` attributes.
    fn of(
        py: Python<'py>,
        out: Option<&Bound<'py, PyAny>>,
        rows: usize,
        na: usize,
    ) -> PyResult<Self> {
        let Some(out) = out.filter(|o| !o.is_none()) else {
            return Ok(Given::default());
        };
        let Ok(d) = out.cast::<PyDict>() else {
            let t = convert::type_name(out);
            let e = FrontError::OutNotDict { found: &t };
            return Err(batch_error(py, Path::root().key("out"), &e));
        };
        for key in d.keys() {
            let key = key.str().map(|s| s.to_string()).unwrap_or_default();
            if !OUT_KEYS.contains(&key.as_str()) {
                let fields = OUT_KEYS.join(", ");
                let e = FrontError::OutKey {
                    key: &key,
                    fields: &fields,
                };
                return Err(batch_error(
                    py,
                    Path::root().key("out").key(key.as_str()),
                    &e,
                ));
            }
        }
        Ok(Given {
            overall_score: pick(py, d, "overall_score", "float64", &[rows])?,
            overall_level: pick(py, d, "overall_level", "uint8", &[rows])?,
            attribute_score: pick(py, d, "attribute_score", "float64", &[rows, na])?,
            attribute_level: pick(py, d, "attribute_level", "uint8", &[rows, na])?,
            rated: pick(py, d, "rated", "uint16", &[rows])?,
        })
    }
}

/// One `out=` array: absent (or `None`), or of `T`, `shape`, C-contiguous and writeable.
fn pick<'py, T: Element, D: numpy::ndarray::Dimension>(
    py: Python<'py>,
    d: &Bound<'py, PyDict>,
    key: &str,
    dtype: &str,
    shape: &[usize],
) -> PyResult<Option<Bound<'py, numpy::PyArray<T, D>>>> {
    let Some(v) = d.get_item(key)?.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let (text, shape_found);
    let found = match (v.cast::<numpy::PyArray<T, D>>(), v.cast::<PyUntypedArray>()) {
        (Ok(a), _) if a.shape() != shape => {
            shape_found = a.shape().to_vec();
            OutFound::Array {
                dtype,
                shape: &shape_found,
            }
        }
        (Ok(a), _) if !a.is_c_contiguous() => OutFound::NotContiguous,
        (Ok(a), _) if a.try_readwrite().is_err() => OutFound::ReadOnly,
        (Ok(a), _) => return Ok(Some(a.clone())),
        (Err(_), Ok(u)) => {
            text = u.dtype().str().map(|s| s.to_string()).unwrap_or_default();
            shape_found = u.shape().to_vec();
            OutFound::Array {
                dtype: &text,
                shape: &shape_found,
            }
        }
        (Err(_), Err(_)) => {
            text = convert::type_name(&v);
            OutFound::Type(&text)
        }
    };
    let e = FrontError::OutNumpy {
        key,
        dtype,
        shape,
        found,
    };
    Err(batch_error(py, Path::root().key("out").key(key), &e))
}

/// Scores the array's rows (and the mask's, if any) into the `out=` arrays given and fresh
/// numpy arrays for the rest, with the GIL released.
fn run<'py, T: Element + Copy + Sync>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    mask: Option<&Bound<'py, PyAny>>,
    given: Given<'py>,
    (rows, attributes): (usize, usize),
    score: impl Fn(&[T], Option<&[bool]>, &mut BatchOutput<'_>) -> Result<(), BatchError> + Send + Sync,
) -> PyResult<Result<Outputs<'py>, BatchError>> {
    // Fails only while another thread holds the array mutably borrowed (a Python error then).
    let arr = array.cast::<PyArray2<T>>()?.try_readonly()?;
    let data = cells(&arr);
    let mask = mask
        .map(|m| {
            m.cast::<PyArray2<bool>>()?
                .try_readonly()
                .map_err(PyErr::from)
        })
        .transpose()?;
    let mask = mask.as_ref().map(cells);
    let o = Outputs {
        overall_score: given
            .overall_score
            .unwrap_or_else(|| PyArray1::zeros(py, rows, false)),
        overall_level: given
            .overall_level
            .unwrap_or_else(|| PyArray1::zeros(py, rows, false)),
        attribute_score: given
            .attribute_score
            .unwrap_or_else(|| PyArray2::zeros(py, [rows, attributes], false)),
        attribute_level: given
            .attribute_level
            .unwrap_or_else(|| PyArray2::zeros(py, [rows, attributes], false)),
        rated: given
            .rated
            .unwrap_or_else(|| PyArray1::zeros(py, rows, false)),
    };
    // an `out=` array in the memory of the input or of another output cannot be borrowed
    // again: a typed error naming it
    let overlap = |key: &'static str| {
        move |_| {
            let at = Path::root().key("out").key(key);
            batch_error(py, at, &FrontError::OutOverlap { key })
        }
    };
    let (mut os, mut ol) = (
        o.overall_score
            .try_readwrite()
            .map_err(overlap("overall_score"))?,
        o.overall_level
            .try_readwrite()
            .map_err(overlap("overall_level"))?,
    );
    let (mut asc, mut al) = (
        o.attribute_score
            .try_readwrite()
            .map_err(overlap("attribute_score"))?,
        o.attribute_level
            .try_readwrite()
            .map_err(overlap("attribute_level"))?,
    );
    let mut rated = o.rated.try_readwrite().map_err(overlap("rated"))?;
    // fresh arrays and the checked `out=` ones are C-contiguous: their slices exist
    let (Ok(os), Ok(ol), Ok(asc), Ok(al), Ok(rated)) = (
        os.as_slice_mut(),
        ol.as_slice_mut(),
        asc.as_slice_mut(),
        al.as_slice_mut(),
        rated.as_slice_mut(),
    ) else {
        return Err(pyo3::exceptions::PyMemoryError::new_err(
            "numpy returned non-contiguous output arrays",
        ));
    };
    let mut out = BatchOutput {
        overall_score: os,
        overall_level: ol,
        attribute_score: Some(asc),
        attribute_level: Some(al),
        rated: Some(rated),
    };
    let res = py.detach(|| score(&data, mask.as_deref(), &mut out));
    Ok(res.map(|()| o))
}

/// Scores many assessments at once: one row per community, one column per dimension (in the
/// framework's order), uint8 level codes (1 = lowest) or float64 scores 0–100. Returns the
/// `score_batch` response with numpy arrays. With `unrated=True` a code 0 or a NaN score is
/// "not rated"; `mask` (a bool array of the same shape, `False` = not rated) marks cells too.
/// `out` (a dict of any of the five output arrays, each writeable, C-contiguous and of the
/// result's dtype and shape) is written in place and returned in the result instead of fresh
/// arrays; on an error, rows before the bad one may have been written.
#[pyfunction]
#[pyo3(signature = (array, *, options=None, framework=None, unrated=false, mask=None, out=None))]
pub fn score_batch<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
    framework: Option<&Bound<'py, PyAny>>,
    unrated: bool,
    mask: Option<&Bound<'py, PyAny>>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("options", options)?;
    d.set_item("framework", framework)?;
    d.set_item("unrated", unrated)?;
    let (ctx, body) = call::request(Some(&d))?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: ScoreBatchRequest = read_request("score_batch", Value::Object(body)).map_err(raise)?;
    let fw = args::framework(req.framework.as_ref(), &ctx).map_err(raise)?;
    let engine = args::engine(&fw, &req.options).map_err(raise)?;
    let (n, k) = (fw.dimensions.len(), fw.levels.len());
    let Ok(untyped) = array.cast::<PyUntypedArray>() else {
        let t = convert::type_name(array);
        let e = FrontError::BatchNotArray { dims: n, found: &t };
        return Err(batch_error(py, Path::root().key("input"), &e));
    };
    refuse_masked(py, array)?;
    let shape = untyped.shape().to_vec();
    if shape.len() != 2 || shape.get(1) != Some(&n) {
        let e = FrontError::BatchShape {
            dims: n,
            framework: &fw.id,
            shape: &shape,
        };
        return Err(batch_error(py, Path::root().key("input").key("shape"), &e));
    }
    if let Some(m) = mask {
        let ok = m.cast::<PyUntypedArray>().is_ok_and(|m| {
            m.shape() == shape.as_slice() && m.dtype().is_equiv_to(&numpy::dtype::<bool>(py))
        });
        if !ok {
            let e = FrontError::BatchMask { shape: &shape };
            return Err(batch_error(py, Path::root().key("mask"), &e));
        }
    }
    let allowed = req.unrated;
    let dtype = untyped.dtype();
    let dims = (shape[0], fw.attributes.len());
    let given = Given::of(py, out, dims.0, dims.1)?;
    let out = if dtype.is_equiv_to(&numpy::dtype::<u8>(py)) {
        run::<u8>(py, array, mask, given, dims, |c, m, out| {
            engine.score_codes_with(c, renxing::Unrated { allowed, mask: m }, out)
        })?
    } else if dtype.is_equiv_to(&numpy::dtype::<f64>(py)) {
        run::<f64>(py, array, mask, given, dims, |s, m, out| {
            engine.score_scores_with(s, renxing::Unrated { allowed, mask: m }, out)
        })?
    } else {
        let t = dtype.str().map(|s| s.to_string()).unwrap_or_default();
        let e = FrontError::BatchDtype { k, found: &t };
        return Err(batch_error(py, Path::root().key("input").key("dtype"), &e));
    };
    let out = out.map_err(|e| raise(e.into()))?;
    let result = PyDict::new(py);
    let attributes: Vec<&str> = fw.attributes.iter().map(|a| a.id.as_str()).collect();
    let levels: Vec<&str> = fw.levels.iter().map(|l| l.id.as_str()).collect();
    result.set_item("rows", dims.0)?;
    result.set_item("attributes", attributes)?;
    result.set_item("levels", levels)?;
    result.set_item("overall_score", out.overall_score)?;
    result.set_item("overall_level", out.overall_level)?;
    result.set_item("attribute_score", out.attribute_score)?;
    result.set_item("attribute_level", out.attribute_level)?;
    result.set_item("rated", out.rated)?;
    result.set_item("total", engine.rated_total())?;
    Ok(result)
}
