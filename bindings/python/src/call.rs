//! `call(op, request)`: every operation of the registry (renxing-ops), by name. The generated
//! module `renxing._ops` gives each one a typed Python function; this converts the request, runs
//! it with the GIL released and maps errors. A `Framework` object passed as `framework` is used
//! compiled (the request names its id). Also the module language (`set_lang`), which errors and outputs use by default.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use renxing::{ErrorCode, Lang, Path, Problem};
use renxing_ops::{call_json, Ctx};
use serde_json::{Map, Value};

use crate::framework::PyFramework;
use crate::{convert, errors};

static LANG: AtomicU8 = AtomicU8::new(0);

/// The module language.
pub fn lang() -> Lang {
    Lang::ALL
        .get(usize::from(LANG.load(Ordering::Relaxed)))
        .copied()
        .unwrap_or_default()
}

/// Sets the language of messages, labels, charts and reports when a call names none: `"zh"`
/// (the default) or `"en"` (tags such as `"zh-Hans"` or `"en-GB"` work).
#[pyfunction]
pub fn set_lang(py: Python<'_>, lang: &str) -> PyResult<()> {
    let l: Lang = lang
        .parse()
        .map_err(|e: renxing::IdError| errors::raise(py, e))?;
    let i = Lang::ALL.iter().position(|x| *x == l).unwrap_or(0);
    LANG.store(u8::try_from(i).unwrap_or(0), Ordering::Relaxed);
    Ok(())
}

/// The module language: `"zh"` or `"en"`.
#[pyfunction]
pub fn get_lang() -> &'static str {
    lang().id()
}

/// A request value with no JSON form, as a `RequestError` listing the issue.
pub fn invalid(py: Python<'_>, issue: renxing::Issue) -> PyErr {
    let e = Problem::new(ErrorCode::RequestInvalid, issue.message.clone());
    errors::raise(py, e.with_issues(vec![issue]))
}

/// A request dict as a context (the module language, a compiled framework) and a JSON body.
/// `None` values are left out so that defaults apply.
pub fn request(req: Option<&Bound<'_, PyDict>>) -> PyResult<(Ctx, Map<String, Value>)> {
    let mut ctx = Ctx::with_lang(lang());
    let mut body = Map::new();
    for (k, v) in req.into_iter().flat_map(|r| r.iter()) {
        let key: String = k.extract()?;
        if v.is_none() {
            continue;
        }
        if let (Ok(fw), "framework") = (v.cast::<PyFramework>(), key.as_str()) {
            // Named by its id, which the operation layer resolves to the compiled one.
            let fw = Arc::clone(&fw.get().inner);
            body.insert(key, Value::String(fw.id.clone()));
            ctx.framework = Some(fw);
            continue;
        }
        let value = convert::to_value(&v, &Path::root().key(key.as_str()), 0)
            .map_err(|issue| invalid(v.py(), issue))?;
        body.insert(key, value);
    }
    Ok((ctx, body))
}

/// Runs the operation `op` on `request` (a dict of its fields) and returns its response as
/// plain Python values (dicts, lists, str, int, float, bool, None).
#[pyfunction]
#[pyo3(signature = (op, request=None))]
pub fn call<'py>(
    py: Python<'py>,
    op: &str,
    request: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (ctx, body) = self::request(request)?;
    match py.detach(|| call_json(op, Value::Object(body), &ctx)) {
        Ok(v) => convert::value_to_py(py, &v),
        Err(e) => Err(errors::to_py(py, &e, ctx.lang)),
    }
}

/// Reads a UTF-8 text file (a byte-order mark removed); a missing or non-UTF-8 file is the
/// library's `FileError`, in the module language.
#[pyfunction]
pub fn read_text(py: Python<'_>, path: std::path::PathBuf) -> PyResult<String> {
    renxing_ops::files::read_text(&path).map_err(|e| crate::errors::raise(py, e))
}
