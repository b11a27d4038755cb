//! Python bindings of renxing: the native module `renxing._renxing`, under the pure-Python
//! package `renxing` (bindings/python/python/renxing), whose public functions are generated
//! from the operation registry (`renxing/_ops.py`).
//!
//! Only what needs Rust is here; every rule lives in the core and the operation layer:
//!
//! | module | what it holds |
//! |---|---|
//! | [`call`] | `call(op, request)` (convert, run with the GIL released, map errors), `set_lang` |
//! | [`framework`] | `Framework`: a framework held compiled, passed as `framework=` |
//! | [`held`] | `Prepared` / `Held`: a request read once and run many times, its result converted field by field |
//! | [`batch`] | `score_batch` over numpy arrays (zero-copy input, the core's parallel engine) |
//! | [`agree`] | `agreement_matrix`: agreement of a coders × units numpy array (NaN = missing); `agreement_partial_matrix`: α's partial of a units × coders partition |
//! | [`indicators`] | `indicators_array`: the composite-indicator pipeline on a units × indicators numpy array, numpy arrays out |
//! | [`summary`] | `diagnosis_summary_array`, `diagnosis_summary_partial_array`: diagnosis summaries of a numpy array of level codes (whole, or one partition's histogram) |
//! | [`errors`] | the exception classes, made from `renxing::ErrorKind::ALL` |
//! | [`convert`] | Python values ⇄ JSON values |

use pyo3::prelude::*;

pub mod agree;
pub mod batch;
pub mod blocks;
pub mod call;
pub mod convert;
pub mod errors;
pub mod framework;
pub mod held;
pub mod indicators;
pub mod matrix;
pub mod summary;

/// The allocator of the Rust side (Python objects use Python's): mimalloc, as in the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The native module `renxing._renxing`.
#[pymodule]
fn _renxing(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<framework::PyFramework>()?;
    m.add_class::<held::PyPrepared>()?;
    m.add_class::<held::PyHeld>()?;
    m.add_function(wrap_pyfunction!(call::call, m)?)?;
    m.add_function(wrap_pyfunction!(call::set_lang, m)?)?;
    m.add_function(wrap_pyfunction!(call::get_lang, m)?)?;
    m.add_function(wrap_pyfunction!(batch::score_batch, m)?)?;
    m.add_function(wrap_pyfunction!(agree::agreement_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(agree::agreement_partial_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::indicators_array, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::indicators_partition_array, m)?)?;
    m.add_function(wrap_pyfunction!(blocks::uncertainty_header_array, m)?)?;
    m.add_function(wrap_pyfunction!(blocks::uncertainty_slabs_array, m)?)?;
    m.add_function(wrap_pyfunction!(blocks::uncertainty_slab_units_array, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::indicators_finish_array, m)?)?;
    m.add_function(wrap_pyfunction!(summary::diagnosis_summary_array, m)?)?;
    m.add_function(wrap_pyfunction!(
        summary::diagnosis_summary_partial_array,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(call::read_text, m)?)?;
    Ok(())
}
