//! Uncertainty at scale on Dask (issue 15): the data a units × indicators numpy array read in
//! place, the slabs of runs × units handed back as numpy arrays, and the unit-range task reading
//! its slabs from numpy arrays in place. Conversion only: the operations' array paths
//! (`renxing_ops::uncertainty_header_of_array`, `uncertainty_slabs_of_array`,
//! `uncertainty_slab_units_of_refs`) run the core with the GIL released.

use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use renxing::uncertainty::blocks::SlabRef;
use renxing::ErrorCode;
use renxing_ops::read_request;
use serde_json::Value;

use crate::{call, convert, errors, matrix};

/// The request dict with `data.values` emptied (the values are the array).
fn body_of<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
) -> PyResult<(renxing_ops::Ctx, serde_json::Map<String, Value>)> {
    let d = request.cast::<PyDict>()?.copy()?;
    if let Some(data) = d.get_item("data")? {
        let data = data.cast::<PyDict>()?.copy()?;
        data.set_item("values", PyList::empty(py))?;
        d.set_item("data", data)?;
    }
    call::request(Some(&d))
}

/// `uncertainty_header` with the data a units × indicators float64 array (NaN = missing);
/// `request` is the operation's request without `data.values` (`data.units` empty: units named
/// by position).
#[pyfunction]
pub fn uncertainty_header_array<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    request: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (ctx, body) = body_of(py, request)?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: renxing_ops::UncertaintyHeaderRequest =
        read_request("uncertainty_header", Value::Object(body)).map_err(raise)?;
    let m = matrix::f64_matrix(
        py,
        array,
        ErrorCode::IndicatorInput,
        ("单元, 指标", "units, indicators"),
    )?;
    let (values, us, is) = m.cells();
    let n = m.shape.0;
    let h = py
        .detach(|| renxing_ops::uncertainty_header_of_array(req, n, values, us, is))
        .map_err(raise)?;
    convert::to_py(py, &h)
}

/// `uncertainty_slabs` with the data a units × indicators float64 array: a list of slabs, each
/// a dict whose `scores` (float64), `ranks` and `levels` (uint32, or None) are numpy arrays of
/// shape runs × units of the slab.
#[pyfunction]
pub fn uncertainty_slabs_array<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    request: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (ctx, body) = body_of(py, request)?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: renxing_ops::UncertaintySlabsRequest =
        read_request("uncertainty_slabs", Value::Object(body)).map_err(raise)?;
    let m = matrix::f64_matrix(
        py,
        array,
        ErrorCode::IndicatorInput,
        ("单元, 指标", "units, indicators"),
    )?;
    let (values, us, is) = m.cells();
    let n = m.shape.0;
    let slabs = py
        .detach(|| renxing_ops::uncertainty_slabs_of_array(req, n, values, us, is))
        .map_err(raise)?;
    let out = PyList::empty(py);
    for s in slabs {
        let shape = (s.runs, s.end - s.start);
        let d = PyDict::new(py);
        d.set_item("version", s.version)?;
        d.set_item("block", s.block)?;
        d.set_item("first_run", s.first_run)?;
        d.set_item("runs", s.runs)?;
        d.set_item("start", s.start)?;
        d.set_item("end", s.end)?;
        d.set_item("scores", PyArray1::from_vec(py, s.scores).reshape(shape)?)?;
        d.set_item("ranks", PyArray1::from_vec(py, s.ranks).reshape(shape)?)?;
        match s.levels {
            Some(l) => d.set_item("levels", PyArray1::from_vec(py, l).reshape(shape)?)?,
            None => d.set_item("levels", py.None())?,
        }
        out.append(d)?;
    }
    Ok(out.into_any())
}

/// One slab dict's arrays, flattened read-only views (C-contiguous as made above or unpickled).
struct Held<'py> {
    first_run: usize,
    runs: usize,
    start: usize,
    end: usize,
    scores: PyReadonlyArray1<'py, f64>,
    ranks: PyReadonlyArray1<'py, u32>,
    levels: Option<PyReadonlyArray1<'py, u32>>,
}

/// The array flattened, C-contiguous and aligned (an array unpickled by a worker may be
/// misaligned: then copied once).
fn flat<'py, T: numpy::Element>(a: Bound<'py, PyAny>) -> PyResult<PyReadonlyArray1<'py, T>> {
    let py = a.py();
    let np = py.import("numpy")?;
    let req = PyList::new(py, ["C", "A"])?;
    let r = np
        .call_method1("require", (a, py.None(), req))?
        .call_method1("reshape", (-1,))?;
    r.extract::<PyReadonlyArray1<'py, T>>()
}

/// `uncertainty_slab_units`: the summaries of units `start..end` from their slabs (dicts as
/// `uncertainty_slabs_array` returns them, covering every run in order), read in place.
#[pyfunction]
pub fn uncertainty_slab_units_array<'py>(
    py: Python<'py>,
    header: &Bound<'py, PyAny>,
    uncertainty: &Bound<'py, PyAny>,
    slabs: &Bound<'py, PyAny>,
    start: usize,
    end: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    d.set_item("header", header)?;
    d.set_item("uncertainty", uncertainty)?;
    d.set_item("slabs", PyList::empty(py))?;
    d.set_item("start", start)?;
    d.set_item("end", end)?;
    let (ctx, body) = call::request(Some(&d))?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: renxing_ops::UncertaintySlabUnitsRequest =
        read_request("uncertainty_slab_units", Value::Object(body)).map_err(raise)?;
    let mut held = Vec::new();
    for s in slabs.try_iter()? {
        let s = s?;
        let s = s
            .cast::<PyDict>()
            .map_err(|_| PyTypeError::new_err("a slab is a dict from uncertainty_slabs_array"))?;
        let get = |k: &str| -> PyResult<Bound<'py, PyAny>> {
            s.get_item(k)?
                .ok_or_else(|| PyTypeError::new_err(format!("a slab without {k:?}")))
        };
        let levels = get("levels")?;
        held.push(Held {
            first_run: get("first_run")?.extract()?,
            runs: get("runs")?.extract()?,
            start: get("start")?.extract()?,
            end: get("end")?.extract()?,
            scores: flat(get("scores")?)?,
            ranks: flat(get("ranks")?)?,
            levels: if levels.is_none() {
                None
            } else {
                Some(flat(levels)?)
            },
        });
    }
    let mut refs = Vec::with_capacity(held.len());
    for h in &held {
        refs.push(SlabRef {
            first_run: h.first_run,
            runs: h.runs,
            start: h.start,
            end: h.end,
            scores: h.scores.as_slice()?,
            ranks: h.ranks.as_slice()?,
            levels: match &h.levels {
                Some(l) => Some(l.as_slice()?),
                None => None,
            },
        });
    }
    let out = py
        .detach(|| {
            renxing_ops::uncertainty_slab_units_of_refs(
                &req.header,
                &req.uncertainty,
                &refs,
                req.start,
                req.end,
            )
        })
        .map_err(raise)?;
    convert::to_py(py, &out)
}
