//! `Framework`: a framework validated once and held compiled (an `Arc` of the core's), passed as
//! `framework=` to any operation. Its data is `to_dict()`; every check is the core's.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use renxing::{Framework, FrameworkFormat};
use renxing_ops::args::{self, FrameworkArg};
use renxing_ops::Ctx;

use crate::{call, convert, errors};

/// A framework, validated once and held compiled: pass it as `framework=` to any function.
/// `Framework(x)` takes the paper's id or a framework dict (the file's JSON form, as
/// `parse_framework` returns it).
#[pyclass(module = "renxing", name = "Framework", frozen, eq)]
#[derive(PartialEq)]
pub struct PyFramework {
    /// The compiled framework.
    pub inner: Arc<Framework>,
}

#[pymethods]
impl PyFramework {
    #[new]
    fn new(py: Python<'_>, framework: &Bound<'_, PyAny>) -> PyResult<Self> {
        let at = renxing::Path::root().key("framework");
        let arg = match convert::to_value(framework, &at, 0).map_err(|i| call::invalid(py, i))? {
            serde_json::Value::String(id) => FrameworkArg::Id(id),
            other => FrameworkArg::Inline(other),
        };
        let inner = py.detach(|| args::framework(Some(&arg), &Ctx::with_lang(call::lang())));
        inner
            .map(|inner| PyFramework { inner })
            .map_err(|e| errors::raise(py, e))
    }

    /// The paper's built-in framework.
    #[staticmethod]
    fn paper() -> Self {
        PyFramework {
            inner: args::paper(),
        }
    }

    /// Reads a framework file: TOML when the name ends in `.toml`, JSON otherwise. A file that
    /// cannot be read or is not UTF-8 raises `FileError`.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let text = renxing_ops::files::read_text(&path).map_err(|e| errors::raise(py, e))?;
        let format = FrameworkFormat::from_file_name(&path.to_string_lossy());
        let fw = py.detach(|| Framework::read(&text, format));
        fw.map(|f| PyFramework { inner: Arc::new(f) })
            .map_err(|e| errors::raise(py, e))
    }

    /// The framework's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The framework as a dict (the file's JSON form).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.inner.as_ref())
    }

    /// The label of an id of this framework (a level, attribute or dimension; or a mode or a
    /// phase) in `lang` (default: the module language): the `label_of` operation. An unknown id
    /// raises `UnknownIdError` (a `ValueError`) naming it, never comes back as a label.
    #[pyo3(signature = (id, lang=None))]
    fn label(&self, py: Python<'_>, id: String, lang: Option<String>) -> PyResult<String> {
        let lang = lang
            .map(|tag| tag.parse::<renxing::Lang>())
            .transpose()
            .map_err(|e| errors::raise(py, e))?;
        let ctx = Ctx {
            lang: call::lang(),
            framework: Some(Arc::clone(&self.inner)),
        };
        let request = renxing_ops::LabelOfRequest {
            id,
            lang,
            framework: None,
        };
        py.detach(|| <renxing_ops::LabelOf as renxing_ops::Operation>::run(request, &ctx))
            .map(|found| found.label)
            .map_err(|e| errors::raise(py, e))
    }

    fn __repr__(&self) -> String {
        format!("Framework({:?})", self.inner.id)
    }
}
