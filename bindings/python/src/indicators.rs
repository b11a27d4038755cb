//! `indicators_array`: the `indicators` operation (the composite-indicator pipeline) on a units ×
//! indicators float64 numpy array (NaN = missing), read in place in any memory order (copied once
//! when its strides are negative or it is not one block). The request is read as the operation's
//! (`data` without `values`); the core gathers the matrix once and runs the pipeline with the GIL
//! released (`renxing_ops::indicators_of_array`); the result comes back in the operation layer's
//! array form (`renxing_ops::pipeline_arrays`): the steps as dicts, every per-unit vector and
//! table as a numpy array at its place. Nothing is computed here.

use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use renxing::{ErrorCode, PathSeg};
use renxing_ops::{read_request, ArrayData, IndicatorsRequest, ResultArray};
use serde_json::Value;

use crate::{call, convert, errors, matrix};

/// The `indicators` operation (the composite-indicator pipeline) on a units × indicators
/// float64 array (NaN = missing; C or Fortran order or a strided view, read in place).
///
/// `pipeline` and `indicators` (one metadata dict per column), `hierarchy` and `unit_groups`
/// are the operation's `pipeline` and `data` fields; `units` the unit ids (default: the row
/// positions, returned as an int array). Returns the operation's response with every per-unit
/// vector and table as a numpy array (tables: `values` of shape units × columns and `rows`
/// left empty; the check step's `units` as columns `available`, `share`, `zero_share`,
/// `passed`; band columns' `bands` as int16 with −1 for a missing value): the same steps and
/// numbers as `renxing.ops.indicators` on the same data.
#[pyfunction]
#[pyo3(signature = (array, pipeline, *, indicators, hierarchy=None, units=None, unit_groups=None))]
pub fn indicators_array<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    pipeline: &Bound<'py, PyAny>,
    indicators: &Bound<'py, PyAny>,
    hierarchy: Option<&Bound<'py, PyAny>>,
    units: Option<&Bound<'py, PyAny>>,
    unit_groups: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let data = PyDict::new(py);
    data.set_item(
        "units",
        units.map_or_else(|| pyo3::types::PyList::empty(py).into_any(), |u| u.clone()),
    )?;
    data.set_item("indicators", indicators)?;
    data.set_item("values", pyo3::types::PyList::empty(py))?;
    if let Some(h) = hierarchy {
        data.set_item("hierarchy", h)?;
    }
    if let Some(g) = unit_groups {
        data.set_item("unit_groups", g)?;
    }
    let d = PyDict::new(py);
    d.set_item("data", data)?;
    d.set_item("pipeline", pipeline)?;
    let (ctx, body) = call::request(Some(&d))?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let req: IndicatorsRequest = read_request("indicators", Value::Object(body)).map_err(raise)?;
    let positions = req.data.units.is_empty();
    let m = matrix::f64_matrix(
        py,
        array,
        ErrorCode::IndicatorInput,
        ("单元, 指标", "units, indicators"),
    )?;
    let (n_units, n_ind) = m.shape;
    let (values, unit_stride, ind_stride) = m.cells();
    let (json, arrays) = py
        .detach(|| {
            let r = renxing_ops::indicators_of_array(
                req,
                n_units,
                n_ind,
                values,
                unit_stride,
                ind_stride,
            )?;
            renxing_ops::pipeline_arrays(r, positions)
        })
        .map_err(raise)?;
    let out = convert::value_to_py(py, &json)?;
    for a in arrays {
        place(py, &out, a)?;
    }
    Ok(out)
}

/// Puts one array at its place in the converted response.
fn place<'py>(py: Python<'py>, root: &Bound<'py, PyAny>, a: ResultArray) -> PyResult<()> {
    let ResultArray { path, shape, data } = a;
    let arr: Bound<'py, PyAny> = match data {
        ArrayData::F64(v) => PyArray1::from_vec(py, v).into_any(),
        ArrayData::I64(v) => PyArray1::from_vec(py, v).into_any(),
        ArrayData::I16(v) => PyArray1::from_vec(py, v).into_any(),
        ArrayData::Bool(v) => PyArray1::from_vec(py, v).into_any(),
    };
    let arr = if shape.len() == 2 {
        arr.call_method1("reshape", (shape[0], shape[1]))?
    } else {
        arr
    };
    let Some((last, parents)) = path.0.split_last() else {
        return Ok(());
    };
    let mut cur = root.clone();
    for seg in parents {
        cur = match seg {
            PathSeg::Key(k) => cur.get_item(k)?,
            PathSeg::Index(i) => cur.get_item(*i)?,
        };
    }
    match last {
        PathSeg::Key(k) => cur.set_item(k, arr),
        PathSeg::Index(i) => cur.set_item(*i, arr),
    }
}

/// One partition of the composite-indicator pipeline on partitioned data (`renxing.dask`), the
/// partition a units × indicators float64 array read in place: with `stage`, the operation
/// `indicators_partial` (the stage's partial statistics, a dict); without, `indicators_apply`
/// (the partition's per-unit results, every per-unit vector a numpy array at its place).
/// `request` is the operation's request without `data.values` (and without `stage`).
#[pyfunction]
#[pyo3(signature = (array, request, *, stage=None))]
pub fn indicators_partition_array<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    request: &Bound<'py, PyAny>,
    stage: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = request.cast::<PyDict>()?.copy()?;
    if let Some(k) = stage {
        d.set_item("stage", k)?;
    }
    let data = d.get_item("data")?;
    if let Some(data) = data {
        let data = data.cast::<PyDict>()?.copy()?;
        data.set_item("values", pyo3::types::PyList::empty(py))?;
        d.set_item("data", data)?;
    }
    let (ctx, body) = call::request(Some(&d))?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let m = matrix::f64_matrix(
        py,
        array,
        ErrorCode::IndicatorInput,
        ("单元, 指标", "units, indicators"),
    )?;
    let (n_units, n_ind) = m.shape;
    let (values, unit_stride, ind_stride) = m.cells();
    let (shape, strides) = ((n_units, n_ind), (unit_stride, ind_stride));
    if stage.is_some() {
        let req: renxing_ops::IndicatorsPartialRequest =
            read_request("indicators_partial", Value::Object(body)).map_err(raise)?;
        let p = py
            .detach(|| renxing_ops::indicators_partial_array(req, shape, values, strides, &ctx))
            .map_err(raise)?;
        return convert::to_py(py, &p);
    }
    let req: renxing_ops::IndicatorsApplyRequest =
        read_request("indicators_apply", Value::Object(body)).map_err(raise)?;
    let (json, arrays) = py
        .detach(|| renxing_ops::indicators_apply_array(req, shape, values, strides, &ctx))
        .map_err(raise)?;
    let out = convert::value_to_py(py, &json)?;
    for a in arrays {
        place(py, &out, a)?;
    }
    Ok(out)
}

/// The `indicators_finish` operation with the gathered per-unit columns as numpy arrays
/// (`overall`, `closeness`: units; `dimension_values`, `attribute_values`: units × the ids
/// `dimensions`, `attributes`) and the unit ids as a list (they name the ties), for more units
/// than a JSON request may hold. `request` is the operation's request without `gathered` (its
/// `data.units` empty). Returns the operation's response.
#[pyfunction]
#[pyo3(signature = (request, *, units, dimensions=Vec::new(), attributes=Vec::new(), overall=None, dimension_values=None, attribute_values=None, closeness=None))]
#[allow(clippy::too_many_arguments)]
pub fn indicators_finish_array<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    units: Vec<String>,
    dimensions: Vec<String>,
    attributes: Vec<String>,
    overall: Option<&Bound<'py, PyAny>>,
    dimension_values: Option<&Bound<'py, PyAny>>,
    attribute_values: Option<&Bound<'py, PyAny>>,
    closeness: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = request.cast::<PyDict>()?.copy()?;
    d.set_item("gathered", PyDict::new(py))?;
    let (ctx, body) = call::request(Some(&d))?;
    let raise = |e| errors::to_py(py, &e, ctx.lang);
    let mut body = body;
    body.insert(
        "gathered".into(),
        serde_json::json!({"rows": 0, "dimensions": [], "attributes": []}),
    );
    let req: renxing_ops::IndicatorsFinishRequest =
        read_request("indicators_finish", Value::Object(body)).map_err(raise)?;
    let vec1 = |a: Option<&Bound<'py, PyAny>>| -> PyResult<Option<Vec<f64>>> {
        match a {
            None => Ok(None),
            Some(a) => {
                let v = a.call_method0("ravel")?;
                Ok(Some(v.extract::<Vec<f64>>()?))
            }
        }
    };
    let n = units.len();
    let mut gathered = renxing::composite::partial::PartitionResult {
        rows: n,
        ..Default::default()
    };
    gathered.overall = vec1(overall)?;
    gathered.dimension_values = vec1(dimension_values)?;
    gathered.attribute_values = vec1(attribute_values)?;
    if let Some(c) = vec1(closeness)? {
        gathered.topsis = Some([Vec::new(), Vec::new(), c]);
    }
    gathered.dimensions = dimensions;
    gathered.attributes = attributes;
    let mut req = req;
    req.gathered = gathered;
    req.data.units = units;
    let r = py
        .detach(|| <renxing_ops::IndicatorsFinish as renxing_ops::Operation>::run(req, &ctx))
        .map_err(raise)?;
    convert::to_py(py, &r)
}
