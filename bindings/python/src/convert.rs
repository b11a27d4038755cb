//! Conversion between Python objects and JSON values (`serde_json::Value`).
//!
//! Python → JSON accepts `None`, `bool`, `int`, finite `float`, `str`, `list`/`tuple`, `dict`
//! with string keys, the renxing enums (as their id), `datetime.date` (ISO text) and numpy
//! scalars (through `.item()`). Anything else, a non-finite float, a non-string key or nesting
//! deeper than [`MAX_DEPTH`] gives a [`ConvertError`] naming the path of the value, which the
//! caller maps to its own exception (an input error, never a panic or a stack overflow).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::enums;

/// Deepest nesting accepted (guards against self-referencing containers).
pub const MAX_DEPTH: usize = 128;

/// A Python value that has no JSON form.
#[derive(Debug)]
pub struct ConvertError {
    /// The dotted path of the value (`ratings.rules.score`).
    pub path: String,
    /// The issue code (`wrong_type`, `not_finite`, `out_of_range`).
    pub code: renxing::IssueCode,
    /// What is wrong.
    pub message: String,
}

impl ConvertError {
    fn new(path: &str, code: renxing::IssueCode, message: String) -> Self {
        ConvertError {
            path: path.to_owned(),
            code,
            message,
        }
    }

    /// As a core issue.
    pub fn into_issue(self) -> renxing::Issue {
        renxing::Issue::new(
            renxing::Path::from(self.path.as_str()),
            self.code,
            renxing::Msg::new(self.message.clone(), self.message),
        )
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The id of a renxing enum instance, or `None` for any other object.
pub fn enum_id(obj: &Bound<'_, PyAny>) -> Option<&'static str> {
    enums::any_id(obj)
}

/// A Python object as a JSON value.
///
/// # Errors
/// [`ConvertError`] for a value with no JSON form.
pub fn to_value(obj: &Bound<'_, PyAny>, path: &str) -> Result<Value, ConvertError> {
    to_value_at(obj, path, 0)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

fn to_value_at(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> Result<Value, ConvertError> {
    use renxing::IssueCode as C;
    if depth > MAX_DEPTH {
        return Err(ConvertError::new(
            path,
            C::InvalidValue,
            format!("nesting deeper than {MAX_DEPTH} levels (a container that contains itself?)"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(ConvertError::new(
            path,
            C::OutOfRange,
            "integer does not fit in 64 bits".to_owned(),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            ConvertError::new(path, C::NotFinite, format!("{v} is not a finite number"))
        });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Value::String(s.into_owned()))
            .map_err(|_| {
                ConvertError::new(
                    path,
                    C::InvalidValue,
                    "string is not valid UTF-8".to_owned(),
                )
            });
    }
    if let Some(id) = enum_id(obj) {
        return Ok(Value::String(id.to_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = key_string(&k).ok_or_else(|| {
                ConvertError::new(
                    path,
                    C::WrongType,
                    format!(
                        "keys must be strings, found {} {}",
                        type_name(&k),
                        k.repr().map(|r| r.to_string()).unwrap_or_default()
                    ),
                )
            })?;
            let child = join(path, &key);
            let value = to_value_at(&v, &child, depth + 1)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        let iter = obj
            .try_iter()
            .map_err(|_| ConvertError::new(path, C::WrongType, "cannot iterate".to_owned()))?;
        for (i, item) in iter.enumerate() {
            let item = item.map_err(|e| ConvertError::new(path, C::InvalidValue, e.to_string()))?;
            items.push(to_value_at(&item, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    let py = obj.py();
    if is_date(py, obj) {
        if let Ok(s) = obj
            .call_method0("isoformat")
            .and_then(|s| s.extract::<String>())
        {
            return Ok(Value::String(s));
        }
    }
    if is_numpy_scalar(obj) {
        if let Ok(item) = obj.call_method0("item") {
            if !item.is(obj) {
                return to_value_at(&item, path, depth + 1);
            }
        }
    }
    Err(ConvertError::new(
        path,
        C::WrongType,
        format!(
            "a {} has no JSON form; use None, bool, int, float, str, list or dict",
            type_name(obj)
        ),
    ))
}

/// A dict key as a string: `str` or a renxing enum (its id).
pub fn key_string(k: &Bound<'_, PyAny>) -> Option<String> {
    if let Ok(s) = k.cast::<PyString>() {
        return s.to_cow().ok().map(std::borrow::Cow::into_owned);
    }
    enum_id(k).map(str::to_owned)
}

fn is_date(py: Python<'_>, obj: &Bound<'_, PyAny>) -> bool {
    py.import("datetime")
        .and_then(|m| m.getattr("date"))
        .and_then(|d| obj.is_instance(&d))
        .unwrap_or(false)
}

fn is_numpy_scalar(obj: &Bound<'_, PyAny>) -> bool {
    obj.get_type()
        .module()
        .map(|m| m == "numpy")
        .unwrap_or(false)
        && obj.hasattr("item").unwrap_or(false)
}

/// A JSON value as a Python object (dicts keep the key order).
///
/// # Errors
/// Only if Python cannot allocate.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Any serializable core value as a Python object (through JSON).
///
/// # Errors
/// A serialization failure becomes a `RenxingError` (it cannot happen for the core's types).
pub fn ser_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value)
        .map_err(|e| crate::errors::internal(&format!("serialization failed: {e}")))?;
    to_py(py, &v)
}
