//! A 2-D float64 numpy array as the core's strided matrices take it: the cells where they lie
//! when the array is one block with non-negative strides (C or Fortran order, a transposed
//! view), else one copy in row-major order. Shared by the array entry points
//! (`agreement_matrix`, `indicators_array`); the shape and dtype checks raise the caller's typed
//! error at `["array"]`.

use numpy::ndarray::Array2;
use numpy::{
    PyArray2, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray2, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::prelude::*;
use renxing::{ErrorCode, Path, Problem};
use renxing_ops::front::FrontError;

use crate::errors;

/// A borrowed (or, for an awkward layout, copied) float64 matrix.
pub struct F64Matrix<'py> {
    array: PyReadonlyArray2<'py, f64>,
    owned: Option<Array2<f64>>,
    /// Rows and columns.
    pub shape: (usize, usize),
}

impl F64Matrix<'_> {
    /// The cells, with the strides (in elements) of a row step and a column step.
    pub fn cells(&self) -> (&[f64], usize, usize) {
        if let Some(o) = &self.owned {
            return (o.as_slice().unwrap_or_default(), self.shape.1, 1);
        }
        let (r, c) = {
            let view = self.array.as_array();
            (view.strides()[0], view.strides()[1])
        };
        // `owned` is set whenever the array is not one block (C or Fortran order) with
        // non-negative strides
        let cells = self.array.as_slice().unwrap_or_default();
        (cells, r.unsigned_abs(), c.unsigned_abs())
    }
}

/// Reads `array` as a 2-D float64 matrix; a wrong type, shape or dtype raises `code` at
/// `["array"]`, naming the expected axes (`axes`: zh, en).
pub fn f64_matrix<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    code: ErrorCode,
    axes: (&str, &str),
) -> PyResult<F64Matrix<'py>> {
    let raise = |e: FrontError<'_>| {
        errors::raise(
            py,
            Problem::new(code, e.msg()).at(Path::root().key("array")),
        )
    };
    let Ok(untyped) = array.cast::<PyUntypedArray>() else {
        let t = crate::convert::type_name(array);
        return Err(raise(FrontError::MatrixNotArray { axes, found: &t }));
    };
    let shape = untyped.shape().to_vec();
    if shape.len() != 2 || !untyped.dtype().is_equiv_to(&numpy::dtype::<f64>(py)) {
        let t = untyped
            .dtype()
            .str()
            .map(|s| s.to_string())
            .unwrap_or_default();
        return Err(raise(FrontError::MatrixDtype {
            axes,
            shape: &shape,
            found: &t,
        }));
    }
    // memory that is not aligned for f64 (e.g. a DataFrame block unpickled from a byte buffer
    // by a Dask worker) cannot be read in place: numpy copies it into aligned memory first
    let aligned: bool = array.getattr("flags")?.getattr("aligned")?.extract()?;
    let array = if aligned {
        array.clone()
    } else {
        array.call_method0("copy")?
    };
    let array = array.cast::<PyArray2<f64>>()?.try_readonly()?;
    let view = array.as_array();
    let in_place = view.as_slice_memory_order().is_some() && view.strides().iter().all(|&x| x >= 0);
    let owned = (!in_place).then(|| view.as_standard_layout().into_owned());
    Ok(F64Matrix {
        array,
        owned,
        shape: (shape[0], shape[1]),
    })
}
