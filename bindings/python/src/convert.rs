//! Python values ⇄ JSON values (`serde_json::Value`).
//!
//! Python → JSON accepts `None`, `bool`, `int` (64-bit), finite `float`, `str`, `list`/`tuple`,
//! `dict` (and subclasses, such as `renxing.Assessment`) with string keys, `datetime.date` (ISO
//! text) and numpy scalars (through `.item()`). Anything else, a non-finite float, a non-string
//! key or nesting deeper than [`MAX_DEPTH`] is an [`Issue`] located at the value's path, which the
//! caller reports as a request error: never a panic or a stack overflow.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use renxing::{Issue, IssueCode, Path};
use renxing_ops::front::FrontError;
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted (guards against self-referencing containers).
pub const MAX_DEPTH: usize = 128;

fn issue(path: &Path, code: IssueCode, e: &FrontError<'_>) -> Issue {
    Issue::new(path.clone(), code, e.msg())
}

/// A Python value's type name, for messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// A Python object as a JSON value; `path` locates it in the request.
///
/// # Errors
/// An [`Issue`] for a value with no JSON form.
pub fn to_value(obj: &Bound<'_, PyAny>, path: &Path, depth: usize) -> Result<Value, Issue> {
    use IssueCode as C;
    if depth > MAX_DEPTH {
        let e = FrontError::TooDeep { max: MAX_DEPTH };
        return Err(issue(path, C::InvalidValue, &e));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        let n = obj.extract::<i64>().map(Value::from);
        let n = n.or_else(|_| obj.extract::<u64>().map(Value::from));
        return n.map_err(|_| issue(path, C::OutOfRange, &FrontError::IntegerRange));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| issue(path, C::NotFinite, &FrontError::NotFinite { value: v }));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s
            .to_cow()
            .map_err(|_| issue(path, C::InvalidValue, &FrontError::BadUtf8))?;
        return Ok(Value::String(text.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let Ok(key) = k.cast::<PyString>().map(|s| s.to_string()) else {
                let t = type_name(&k);
                let e = FrontError::KeyNotString { found: &t };
                return Err(issue(path, C::WrongType, &e));
            };
            let value = to_value(&v, &path.clone().key(key.as_str()), depth + 1)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter().into_iter().flatten().enumerate() {
            let item = item.map_err(|e| {
                let m = renxing::Msg::new(e.to_string(), e.to_string());
                Issue::new(path.clone(), C::InvalidValue, m)
            })?;
            items.push(to_value(&item, &path.clone().index(i), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    let module = obj
        .get_type()
        .module()
        .map(|m| m.to_string())
        .unwrap_or_default();
    if module == "datetime" {
        if let Ok(s) = obj.call_method0("isoformat").and_then(|s| s.extract()) {
            return Ok(Value::String(s));
        }
    }
    if module == "numpy" {
        if let Ok(item) = obj.call_method0("item") {
            if !item.is(obj) {
                return to_value(&item, path, depth + 1);
            }
        }
    }
    let t = type_name(obj);
    Err(issue(
        path,
        C::WrongType,
        &FrontError::NoJsonForm { found: &t },
    ))
}

/// Any serializable value (a JSON value, a core result) as Python values (dicts in the JSON
/// form's key order; integers stay integers, floats stay floats, as `json.loads` would give).
///
/// # Errors
/// A serialization failure (it cannot happen for the core's types).
pub fn to_py<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(v)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    value_to_py(py, &value)
}

/// Values (nodes) above which Python's cyclic garbage collector is paused while the result is
/// built: it would otherwise run again and again over the growing result (a QCA result listing
/// 10,000 models spent 60 % of its time there), and building creates no cycles to collect.
const PAUSE_GC_ABOVE: usize = 10_000;

/// The number of nodes of `v`, counting stops at `limit`.
fn nodes(v: &Value, limit: usize) -> usize {
    let mut n = 1;
    let mut add = |c: &Value| {
        if n <= limit {
            n += nodes(c, limit - n);
        }
    };
    match v {
        Value::Array(items) => items.iter().for_each(&mut add),
        Value::Object(map) => map.values().for_each(&mut add),
        _ => {}
    }
    n
}

/// A JSON value as Python values, built directly (no JSON text in between). For a large value
/// the garbage collector is paused while it is built (and restored as it was).
///
/// # Errors
/// A Python allocation failure.
pub fn value_to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    if nodes(v, PAUSE_GC_ABOVE) <= PAUSE_GC_ABOVE {
        return build(py, v);
    }
    let gc = py.import("gc")?;
    let enabled = gc.call_method0("isenabled")?.is_truthy()?;
    if enabled {
        gc.call_method0("disable")?;
    }
    let out = build(py, v);
    if enabled {
        gc.call_method0("enable")?;
    }
    out
}

fn build<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(build(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(PyString::new(py, k), build(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
