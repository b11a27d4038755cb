//! The exception classes, made at import from `renxing::ErrorKind::ALL` (class name, parent,
//! doc: one source), and the mapping of an error report onto them.
//!
//! ```text
//! ValueError
//! └── RenxingError              .code .path .issues
//!     ├── UnknownIdError, FrameworkError, AssessmentError, BatchError, CompareError, …
//!     └── ScoreError
//!         ├── OptionsError
//!         └── FrameworkMismatchError
//! ```

use std::ffi::CString;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use renxing::{Error, ErrorKind, Lang};

/// The classes, in the order of `ErrorKind::ALL`.
static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

fn index(kind: ErrorKind) -> usize {
    ErrorKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

fn make_classes(py: Python<'_>) -> PyResult<Vec<Py<PyType>>> {
    let mut made: Vec<Py<PyType>> = Vec::with_capacity(ErrorKind::ALL.len());
    for kind in ErrorKind::ALL {
        let base = match kind.parent().and_then(|p| made.get(index(p))) {
            None => py.get_type::<PyValueError>(),
            Some(p) => p.bind(py).clone(),
        };
        let cstr = |s: String| CString::new(s).map_err(|e| PyValueError::new_err(e.to_string()));
        let name = cstr(format!("renxing.{}", kind.class_name()))?;
        let doc = cstr(kind.doc().to_owned())?;
        // `new_type` borrows the dict: `dict` keeps it alive during the call.
        let dict = PyDict::new(py);
        if kind.parent().is_none() {
            dict.set_item("code", "error")?;
            dict.set_item("path", py.None())?;
            dict.set_item("issues", PyTuple::empty(py))?;
        }
        let ty = PyErr::new_type(
            py,
            &name,
            Some(&doc),
            Some(&base),
            Some(dict.clone().into_any().unbind()),
        )?;
        made.push(ty);
    }
    Ok(made)
}

/// Makes the classes and adds them to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = CLASSES.get_or_try_init(py, || make_classes(py))?;
    for (kind, class) in ErrorKind::ALL.iter().zip(classes) {
        m.add(kind.class_name(), class.bind(py))?;
    }
    Ok(())
}

/// A core error as a Python exception: the class of its code's family, the message in `lang`,
/// `code`, `path` (a list of keys and indices, or None) and `issues` (dicts with list paths).
pub fn to_py(py: Python<'_>, e: &Error, lang: Lang) -> PyErr {
    let report = e.report(lang);
    let Some(class) = CLASSES
        .get(py)
        .and_then(|c| c.get(index(report.code.kind())))
    else {
        return PyValueError::new_err(report.message);
    };
    let err = PyErr::from_type(class.bind(py).clone(), report.message.clone());
    let value = err.value(py);
    let set = || -> PyResult<()> {
        value.setattr("code", report.code.as_str())?;
        value.setattr("path", crate::convert::to_py(py, &report.path)?)?;
        value.setattr("issues", crate::convert::to_py(py, &report.issues)?)?;
        Ok(())
    };
    // Setting attributes on a fresh exception cannot fail in practice; if it did, the class
    // defaults remain.
    let _ = set();
    err
}

/// A core error in the module language.
pub fn raise(py: Python<'_>, e: impl Into<Error>) -> PyErr {
    to_py(py, &e.into(), crate::call::lang())
}
