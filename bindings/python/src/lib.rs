//! Python bindings of renxing (work in progress: see issue 4).
use pyo3::prelude::*;

/// The native module `renxing._renxing`.
#[pymodule]
fn _renxing(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
