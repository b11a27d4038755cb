//! `Prepared` and `Held`: an operation's request read once and run any number of times, and its
//! response held in Rust, its fields converted to Python values when read — the per-call path
//! (`renxing.prepare("score", assessment=a)`; the generated `renxing._ops.prepare` gives it
//! typed overloads). Both are the operation layer's [`renxing_ops::held`] types; this converts
//! and maps errors.

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};
use renxing_ops::held;

use crate::{call, convert, errors};

/// An operation's request, read, validated and held: calling it (or `run()`) runs the
/// operation again without converting the request again, and returns a `Held` result. For
/// `score` and `diagnose` the assessment and the framework are resolved once. Made by
/// `renxing.prepare(op, **request)` (or `Prepared(op, request_dict)`).
#[pyclass(module = "renxing", name = "Prepared", frozen)]
pub struct PyPrepared {
    inner: held::Prepared,
}

#[pymethods]
impl PyPrepared {
    #[new]
    #[pyo3(signature = (op, request=None))]
    fn new(py: Python<'_>, op: &str, request: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let (ctx, body) = call::request(request)?;
        let body = serde_json::Value::Object(body);
        match py.detach(|| held::prepare(op, body, &ctx)) {
            Ok(inner) => Ok(PyPrepared { inner }),
            Err(e) => Err(errors::to_py(py, &e, ctx.lang)),
        }
    }

    /// The operation's name.
    #[getter]
    fn op(&self) -> &'static str {
        self.inner.name()
    }

    /// Runs the operation on the held request (messages in the module language).
    fn run(&self, py: Python<'_>) -> PyResult<PyHeld> {
        let lang = call::lang();
        match py.detach(|| self.inner.run_in(lang)) {
            Ok(inner) => Ok(PyHeld { inner }),
            Err(e) => Err(errors::to_py(py, &e, lang)),
        }
    }

    fn __call__(&self, py: Python<'_>) -> PyResult<PyHeld> {
        self.run(py)
    }

    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, _item: &Bound<'_, PyAny>) -> Py<PyType> {
        cls.clone().unbind()
    }

    fn __repr__(&self) -> String {
        format!("Prepared({:?})", self.inner.name())
    }
}

/// The result of one run of a `Prepared` request, held in Rust: `result["field"]` or
/// `result.field` converts that field only (again on every read); `to_dict()` converts the
/// whole, equal to what the operation's function returns.
#[pyclass(module = "renxing", name = "Held", frozen)]
pub struct PyHeld {
    inner: held::Held,
}

impl PyHeld {
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        match self.inner.field(name) {
            Ok(Some(v)) => convert::value_to_py(py, &v).map(Some),
            Ok(None) => Ok(None),
            Err(e) => Err(errors::to_py(py, &e, call::lang())),
        }
    }
}

#[pymethods]
impl PyHeld {
    /// The name of the operation that made it.
    #[getter]
    fn op(&self) -> &'static str {
        self.inner.name()
    }

    /// The whole result as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.inner.to_value() {
            Ok(v) => convert::value_to_py(py, &v),
            Err(e) => Err(errors::to_py(py, &e, call::lang())),
        }
    }

    /// The names of the result's top-level fields, in order.
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        match self.inner.keys() {
            Ok(k) => PyList::new(py, k),
            Err(e) => Err(errors::to_py(py, &e, call::lang())),
        }
    }

    fn __getitem__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, name)?
            .ok_or_else(|| PyKeyError::new_err(name.to_owned()))
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, name)?.ok_or_else(|| {
            PyAttributeError::new_err(format!(
                "the {} result has no field {name:?}",
                self.inner.name()
            ))
        })
    }

    fn __contains__(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        match self.inner.keys() {
            Ok(k) => Ok(k.iter().any(|k| k == name)),
            Err(e) => Err(errors::to_py(py, &e, call::lang())),
        }
    }

    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, _item: &Bound<'_, PyAny>) -> Py<PyType> {
        cls.clone().unbind()
    }

    fn __repr__(&self) -> String {
        format!("Held({:?})", self.inner.name())
    }
}
