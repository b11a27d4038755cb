//! `agreement_matrix` over a numpy array: reliability data as `krippendorff.alpha` takes it,
//! coders × units float64 with NaN for a missing value, in any memory order (read in place, or
//! copied once when its strides are negative or it is not one block). The array becomes the core's
//! `ReliabilityData` (units and coders named by their index) and the core computes the measures
//! with the GIL released (`renxing_ops::agreement_of_array`); the options are read as the
//! `agreement` operation's.

use numpy::{PyArray2, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use renxing::agree::AgreementSpec;
use renxing::{ErrorCode, Msg, Path, Problem};
use renxing_ops::{read_request, CodingsRequest};
use serde_json::Value;

use crate::{call, convert, errors};

fn input_error(py: Python<'_>, at: Path, zh: String, en: String) -> PyErr {
    errors::raise(
        py,
        Problem::new(ErrorCode::AgreementInput, Msg::new(zh, en)).at(at),
    )
}

/// Agreement of a coders × units float64 array (NaN = missing, as `krippendorff.alpha`'s
/// `reliability_data`): the `agreement` operation's `overall` result, with `spec`.
#[pyfunction]
#[pyo3(signature = (array, *, scale=None, options=None, framework=None))]
pub fn agreement_matrix<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    scale: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
    framework: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    d.set_item("scale", scale)?;
    d.set_item("options", options)?;
    d.set_item("framework", framework)?;
    let (ctx, mut body) = call::request(Some(&d))?;
    body.insert("codings".to_owned(), Value::Array(Vec::new()));
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: CodingsRequest<AgreementSpec> =
        read_request("agreement", Value::Object(body)).map_err(raise)?;
    let Ok(untyped) = array.cast::<PyUntypedArray>() else {
        let t = array
            .get_type()
            .name()
            .map(|s| s.to_string())
            .unwrap_or_default();
        return Err(input_error(
            py,
            Path::root().key("array"),
            format!("需要形状为 (编码者, 单元) 的 numpy.ndarray,实际为 {t}"),
            format!("expected a numpy.ndarray of shape (coders, units), found {t}"),
        ));
    };
    let shape = untyped.shape().to_vec();
    if shape.len() != 2 || !untyped.dtype().is_equiv_to(&numpy::dtype::<f64>(py)) {
        let t = untyped
            .dtype()
            .str()
            .map(|s| s.to_string())
            .unwrap_or_default();
        return Err(input_error(
            py,
            Path::root().key("array"),
            format!("需要 float64 二维数组(编码者 × 单元,缺失为 NaN),实际形状 {shape:?}、dtype {t};请用 .astype(numpy.float64)"),
            format!("expected a 2-D float64 array (coders × units, NaN = missing), found shape {shape:?}, dtype {t}; convert with .astype(numpy.float64)"),
        ));
    }
    let (n_coders, n_units) = (shape[0], shape[1]);
    let arr = array.cast::<PyArray2<f64>>()?.try_readonly()?;
    let view = arr.as_array();
    // read in place when the array is one block with non-negative strides (C or Fortran order,
    // a transposed view); otherwise one copy in row-major order
    let strides = view.strides();
    let owned;
    let (values, coder_stride, unit_stride) = match view.as_slice_memory_order() {
        Some(s) if strides.iter().all(|&x| x >= 0) => (s, strides[0] as usize, strides[1] as usize),
        _ => {
            owned = view.as_standard_layout().into_owned();
            let s = owned.as_slice().unwrap_or_default();
            (s, n_units, 1)
        }
    };
    let out = py
        .detach(|| {
            renxing_ops::agreement_of_array(
                &req,
                &ctx,
                n_units,
                n_coders,
                values,
                unit_stride,
                coder_stride,
            )
        })
        .map_err(raise)?;
    convert::to_py(py, &out)
}
