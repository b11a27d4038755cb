//! `agreement_matrix` over a numpy array: reliability data as `krippendorff.alpha` takes it,
//! coders × units float64 with NaN for a missing value, in any memory order (read in place, or
//! copied once when its strides are negative or it is not one block). The array becomes the core's
//! `ReliabilityData` (units and coders named by their index) and the core computes the measures
//! with the GIL released (`renxing_ops::agreement_of_array`); the options are read as the
//! `agreement` operation's.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use renxing::agree::AgreementSpec;
use renxing::ErrorCode;
use renxing_ops::{read_request, CodingsRequest};
use serde_json::Value;

use crate::{call, convert, errors, matrix};

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
    let m = matrix::f64_matrix(
        py,
        array,
        ErrorCode::AgreementInput,
        ("编码者, 单元", "coders, units"),
    )?;
    let (n_coders, n_units) = m.shape;
    let (values, coder_stride, unit_stride) = m.cells();
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

/// The α partial of a units × coders float64 array (one partition in wide form: a row per unit,
/// a column per coder, NaN = missing), with a group per row when `by_group` (`groups`): the
/// `agreement_partial` operation's response, computed by the core with the GIL released
/// (`renxing_ops::agreement_partial_of_array`).
#[pyfunction]
#[pyo3(signature = (array, *, scale=None, by_group=false, groups=None, framework=None))]
pub fn agreement_partial_matrix<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    scale: Option<&Bound<'py, PyAny>>,
    by_group: bool,
    groups: Option<Vec<Option<String>>>,
    framework: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    d.set_item("scale", scale)?;
    d.set_item("by_group", by_group)?;
    d.set_item("framework", framework)?;
    let (ctx, body) = call::request(Some(&d))?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: renxing_ops::AgreementPartialRequest =
        read_request("agreement_partial", Value::Object(body)).map_err(raise)?;
    let m = matrix::f64_matrix(
        py,
        array,
        ErrorCode::AgreementInput,
        ("单元, 编码者", "units, coders"),
    )?;
    let (n_units, n_coders) = m.shape;
    let (values, unit_stride, coder_stride) = m.cells();
    let out = py
        .detach(|| {
            renxing_ops::agreement_partial_of_array(
                &req,
                &ctx,
                n_units,
                n_coders,
                values,
                unit_stride,
                coder_stride,
                groups,
            )
        })
        .map_err(raise)?;
    convert::to_py(py, &out)
}
