//! Python bindings of renxing: the native module `renxing._renxing`, wrapped by the pure-Python
//! package `renxing` (bindings/python/python/renxing).
//!
//! The binding converts input, calls the core and maps errors; every rule lives in the core
//! crate. No function here panics on any input: conversions return errors, which become the
//! exceptions of [`errors`].
//!
//! | module | what it holds |
//! |---|---|
//! | [`convert`] | Python objects ⇄ JSON values |
//! | [`errors`] | `RenxingError` and its subclasses, mapped from `renxing::Error::code()` |
//! | [`enums`] | `Level`, `Attribute`, `Dimension`, `Mode`, `Phase` |
//! | [`lang`] | the module-wide language (`set_lang`, `get_lang`) |
//! | [`model`] | `Framework`, `Assessment` |
//! | [`results`] | `Scorecard`, `Diagnosis`, `Comparison`, `Chart`; `score`, `diagnose`, `compare`, `radar` |
//! | [`batch`] | `score_batch` over numpy arrays (GIL released) |
//! | [`data`] | `cases`, `case`, `table_1`, `modes_table`, `rate`, `assessment_schema`, `ui_words` |

use pyo3::prelude::*;

pub mod batch;
pub mod convert;
pub mod data;
pub mod enums;
pub mod errors;
pub mod lang;
pub mod model;
pub mod ops;
pub mod results;

/// The native module `renxing._renxing`.
#[pymodule]
fn _renxing(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("PAPER_FRAMEWORK_ID", renxing::PAPER_FRAMEWORK_ID)?;
    m.add("SCHEMA_VERSION", renxing::SCHEMA_VERSION)?;
    m.add(
        "METHODS",
        renxing::Method::ALL
            .iter()
            .map(|x| x.id())
            .collect::<Vec<_>>(),
    )?;
    errors::register(m)?;
    enums::register(m)?;
    m.add_class::<model::PyFramework>()?;
    m.add_class::<model::PyAssessment>()?;
    m.add_class::<results::PyScorecard>()?;
    m.add_class::<results::PyDiagnosis>()?;
    m.add_class::<results::PyComparison>()?;
    m.add_class::<results::PyChart>()?;
    m.add_class::<batch::BatchResult>()?;
    m.add_function(wrap_pyfunction!(lang::set_lang, m)?)?;
    m.add_function(wrap_pyfunction!(lang::get_lang, m)?)?;
    m.add_function(wrap_pyfunction!(results::score, m)?)?;
    m.add_function(wrap_pyfunction!(results::diagnose, m)?)?;
    m.add_function(wrap_pyfunction!(results::compare, m)?)?;
    m.add_function(wrap_pyfunction!(results::radar, m)?)?;
    m.add_function(wrap_pyfunction!(batch::score_batch, m)?)?;
    m.add_function(wrap_pyfunction!(data::cases, m)?)?;
    m.add_function(wrap_pyfunction!(data::case, m)?)?;
    m.add_function(wrap_pyfunction!(data::table_1, m)?)?;
    m.add_function(wrap_pyfunction!(data::modes_table, m)?)?;
    m.add_function(wrap_pyfunction!(data::rate, m)?)?;
    m.add_function(wrap_pyfunction!(data::assessment_schema, m)?)?;
    m.add_function(wrap_pyfunction!(data::ui_words, m)?)?;
    m.add_function(wrap_pyfunction!(ops::call, m)?)?;
    Ok(())
}
