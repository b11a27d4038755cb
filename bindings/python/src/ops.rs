//! `call(op, request)`: every operation of the registry (renxing-ops), by name. The generated
//! module `renxing._ops` gives each one a typed Python function; this converts, calls (with the
//! GIL released) and maps errors. A `Framework` object passed as `framework` is used compiled;
//! an `Assessment` object anywhere is passed as its file form.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use renxing_ops::{call_json, Ctx};
use serde_json::{Map, Value};

use crate::model::{PyAssessment, PyFramework};
use crate::{convert, errors, lang};

fn arg(obj: &Bound<'_, PyAny>, key: &str) -> PyResult<Value> {
    if let Ok(a) = obj.cast::<PyAssessment>() {
        return Ok(a.get().inner.to_value());
    }
    if let Ok(list) = obj.cast::<pyo3::types::PyList>() {
        if list.iter().any(|i| i.cast::<PyAssessment>().is_ok()) {
            return list.iter().map(|i| arg(&i, key)).collect();
        }
    }
    convert::to_value(obj, key).map_err(|e| errors::request(e.into_issue()))
}

/// Runs the operation `op` on `request` (a dict; None values are left out so that defaults
/// apply) and returns its response as plain Python values.
#[pyfunction]
#[pyo3(signature = (op, request=None))]
pub fn call<'py>(
    py: Python<'py>,
    op: &str,
    request: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut ctx = Ctx::with_lang(lang::current());
    let mut body = Map::new();
    if let Some(req) = request {
        for (k, v) in req.iter() {
            let key: String = k.extract()?;
            if v.is_none() {
                continue;
            }
            if key == "framework" {
                if let Ok(fw) = v.cast::<PyFramework>() {
                    ctx.framework = Some(Arc::clone(&fw.get().inner));
                    continue;
                }
            }
            let value = arg(&v, &key)?;
            body.insert(key, value);
        }
    }
    let lang = ctx.lang;
    let result = py.detach(|| call_json(op, Value::Object(body), &ctx));
    match result {
        Ok(v) => convert::to_py(py, &v),
        Err(e) => Err(errors::from_report(&e.report(lang))),
    }
}
