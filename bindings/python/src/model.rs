//! `Framework` and `Assessment`: thin wrappers over the core types. Every check is the core's.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyString};
use renxing::{Assessment, Framework};
use serde_json::{Map, Value};

use crate::convert::{self, ConvertError};
use crate::enums::{Dimension, Level, Mode, Phase};
use crate::{errors, lang};

static PAPER: LazyLock<Arc<Framework>> = LazyLock::new(|| Arc::new(Framework::paper().clone()));

/// The paper's framework, shared.
pub fn paper() -> Arc<Framework> {
    Arc::clone(&PAPER)
}

/// A framework: the paper's (`Framework.paper()`) or a custom one read from JSON or TOML.
#[pyclass(module = "renxing", name = "Framework", frozen, eq)]
#[derive(PartialEq)]
pub struct PyFramework {
    pub inner: Arc<Framework>,
}

fn read_text(path: &PathBuf) -> PyResult<String> {
    Ok(std::fs::read_to_string(path)?)
}

fn value_issue(e: ConvertError) -> PyErr {
    errors::assessment_issues(vec![e.into_issue()])
}

#[pymethods]
impl PyFramework {
    /// The paper's built-in framework (3 attributes, 8 dimensions, low/medium/high).
    #[staticmethod]
    fn paper() -> Self {
        PyFramework { inner: paper() }
    }

    /// Reads and validates a framework from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Framework::from_json(text)
            .map(|f| PyFramework { inner: Arc::new(f) })
            .map_err(errors::err)
    }

    /// Reads and validates a framework from TOML text.
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<Self> {
        Framework::from_toml(text)
            .map(|f| PyFramework { inner: Arc::new(f) })
            .map_err(errors::err)
    }

    /// Reads a framework file: TOML when the name ends in `.toml`, JSON otherwise.
    #[staticmethod]
    fn from_file(path: PathBuf) -> PyResult<Self> {
        let text = read_text(&path)?;
        let is_toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if is_toml {
            Self::from_toml(&text)
        } else {
            Self::from_json(&text)
        }
    }

    /// Reads and validates a framework from a dict (the JSON form).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let v = convert::to_value(data, "").map_err(|e| {
            errors::err(renxing::FrameworkError::Invalid(renxing::Issues(vec![
                e.into_issue()
            ])))
        })?;
        Self::from_json(&v.to_string())
    }

    /// The framework as pretty JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The framework as TOML.
    fn to_toml(&self) -> PyResult<String> {
        self.inner.to_toml().map_err(errors::err)
    }

    /// The framework as a dict (the JSON form).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &*self.inner)
    }

    /// The stable id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The name by language.
    #[getter]
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.labels)
    }

    /// Where the framework comes from.
    #[getter]
    fn source(&self) -> Option<&str> {
        self.inner.source.as_deref()
    }

    /// The level ids, lowest first.
    #[getter]
    fn levels(&self) -> Vec<String> {
        self.inner.levels.iter().map(|l| l.id.clone()).collect()
    }

    /// The attribute ids, in order.
    #[getter]
    fn attributes(&self) -> Vec<String> {
        self.inner.attributes.iter().map(|a| a.id.clone()).collect()
    }

    /// The dimension ids, in order (the columns of batch scoring).
    #[getter]
    fn dimensions(&self) -> Vec<String> {
        self.inner.dimensions.iter().map(|d| d.id.clone()).collect()
    }

    /// The dimension ids of one attribute.
    fn dimensions_of(&self, attribute: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let id = id_arg(attribute, "attribute")?;
        Ok(self
            .inner
            .dimensions_of(&id)
            .map(|d| d.id.clone())
            .collect())
    }

    /// The label of any id of the framework (level, attribute, dimension) in a language.
    #[pyo3(signature = (id, lang=None))]
    fn label(&self, id: &Bound<'_, PyAny>, lang: Option<&str>) -> PyResult<String> {
        let id = id_arg(id, "id")?;
        let l = lang::resolve(lang)?;
        Ok(self.inner.label(&id, l.id()).to_owned())
    }

    /// Whether this is the paper's framework.
    #[getter]
    fn is_paper(&self) -> bool {
        self.inner.is_paper()
    }

    fn __repr__(&self) -> String {
        format!(
            "Framework(id={:?}, attributes={}, dimensions={}, levels={})",
            self.inner.id,
            self.inner.attributes.len(),
            self.inner.dimensions.len(),
            self.inner.levels.len()
        )
    }
}

/// An id argument: a `str` or a renxing enum.
pub fn id_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    convert::key_string(obj)
        .ok_or_else(|| PyTypeError::new_err(format!("{what}: expected a str id or a renxing enum")))
}

/// The framework argument, or a default.
pub fn fw_or(
    fw: Option<&Bound<'_, PyFramework>>,
    default: impl FnOnce() -> Arc<Framework>,
) -> Arc<Framework> {
    match fw {
        Some(f) => Arc::clone(&f.get().inner),
        None => default(),
    }
}

/// The assessment of one community against a framework.
#[pyclass(module = "renxing", name = "Assessment", frozen)]
pub struct PyAssessment {
    pub inner: Assessment,
    /// The framework it was validated against.
    pub framework: Arc<Framework>,
}

impl PyAssessment {
    /// Validates a JSON value against a framework.
    pub fn from_value(value: &Value, framework: Arc<Framework>) -> PyResult<Self> {
        let inner = Assessment::from_value_in(value, &framework).map_err(errors::err)?;
        Ok(PyAssessment { inner, framework })
    }
}

/// The shorthand forms of a rating in the constructor: a level (enum or id) → `{"level": id}`,
/// a number → `{"score": x}`; anything else is passed on as is (a dict, None, …).
fn rating_value(v: &Bound<'_, PyAny>, path: &str) -> Result<Value, ConvertError> {
    if let Ok(l) = v.cast::<Level>() {
        return Ok(serde_json::json!({ "level": l.get().core().id() }));
    }
    if v.is_instance_of::<PyString>() {
        let s = convert::to_value(v, path)?;
        return Ok(serde_json::json!({ "level": s }));
    }
    let is_bool = v.is_instance_of::<pyo3::types::PyBool>();
    if !is_bool && (v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>()) {
        let s = convert::to_value(v, &format!("{path}.score"))?;
        return Ok(serde_json::json!({ "score": s }));
    }
    convert::to_value(v, path)
}

#[pymethods]
impl PyAssessment {
    /// A new assessment. Dimensions not given in `ratings` are explicitly not rated (None).
    /// A rating is a level (`Level.HIGH` or `"high"`), a 0–100 score, a dict in the file form
    /// (`{"level": ..., "evidence": [...]}`, `{"coped": True, "developed": False}`), or None.
    #[new]
    #[pyo3(signature = (id, name, ratings=None, *, mode=None, phase=None, date=None, metadata=None, framework=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        id: &str,
        name: &str,
        ratings: Option<&Bound<'_, PyDict>>,
        mode: Option<&Bound<'_, PyAny>>,
        phase: Option<&Bound<'_, PyAny>>,
        date: Option<&Bound<'_, PyAny>>,
        metadata: Option<&Bound<'_, PyAny>>,
        framework: Option<&Bound<'_, PyFramework>>,
    ) -> PyResult<Self> {
        let fw = fw_or(framework, paper);
        let base = Assessment::for_framework(&fw, id, name);
        let mut obj: Map<String, Value> = match base.to_value() {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let mut issues = Vec::new();
        let mut put = |key: &str, v: Option<&Bound<'_, PyAny>>| {
            if let Some(v) = v {
                match convert::to_value(v, key) {
                    Ok(v) => {
                        obj.insert(key.to_owned(), v);
                    }
                    Err(e) => issues.push(e.into_issue()),
                }
            }
        };
        put("mode", mode);
        put("phase", phase);
        put("date", date);
        put("metadata", metadata);
        if let Some(r) = ratings {
            let mut map = match obj.remove("ratings") {
                Some(Value::Object(m)) => m,
                _ => Map::new(),
            };
            for (k, v) in r.iter() {
                let Some(key) = convert::key_string(&k) else {
                    issues.push(renxing::Issue::new(
                        renxing::Path::from("ratings"),
                        renxing::IssueCode::WrongType,
                        renxing::Msg::new(
                            "评分的键必须是维度 id(str 或 Dimension)",
                            "rating keys must be dimension ids (str or Dimension)",
                        ),
                    ));
                    continue;
                };
                let path = format!("ratings.{key}");
                match rating_value(&v, &path) {
                    Ok(val) => {
                        map.insert(key, val);
                    }
                    Err(e) => issues.push(e.into_issue()),
                }
            }
            obj.insert("ratings".to_owned(), Value::Object(map));
        }
        if !issues.is_empty() {
            return Err(errors::assessment_issues(issues));
        }
        Self::from_value(&Value::Object(obj), fw)
    }

    /// Reads and validates an assessment from a dict in the file form (default framework: the
    /// paper's).
    #[staticmethod]
    #[pyo3(signature = (data, framework=None))]
    fn from_dict(
        data: &Bound<'_, PyAny>,
        framework: Option<&Bound<'_, PyFramework>>,
    ) -> PyResult<Self> {
        let fw = fw_or(framework, paper);
        let v = convert::to_value(data, "").map_err(value_issue)?;
        Self::from_value(&v, fw)
    }

    /// Reads and validates an assessment from JSON text.
    #[staticmethod]
    #[pyo3(signature = (text, framework=None))]
    fn from_json(text: &str, framework: Option<&Bound<'_, PyFramework>>) -> PyResult<Self> {
        let fw = fw_or(framework, paper);
        let inner = Assessment::parse(text, &fw).map_err(errors::err)?;
        Ok(PyAssessment {
            inner,
            framework: fw,
        })
    }

    /// Reads and validates an assessment file (JSON, UTF-8).
    #[staticmethod]
    #[pyo3(signature = (path, framework=None))]
    fn from_file(path: PathBuf, framework: Option<&Bound<'_, PyFramework>>) -> PyResult<Self> {
        let text = read_text(&path)?;
        Self::from_json(&text, framework)
    }

    /// The assessment as a dict in the file form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.to_value())
    }

    /// The assessment as pretty JSON (the file form).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Writes the assessment file (pretty JSON, UTF-8).
    fn to_file(&self, path: PathBuf) -> PyResult<()> {
        let mut text = self.inner.to_json();
        text.push('\n');
        Ok(std::fs::write(path, text)?)
    }

    /// The community's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The community's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The id of the framework the ratings refer to.
    #[getter(framework_id)]
    fn framework_id(&self) -> &str {
        &self.inner.framework
    }

    /// The framework the assessment was validated against.
    #[getter(framework)]
    fn get_framework(&self) -> PyFramework {
        PyFramework {
            inner: Arc::clone(&self.framework),
        }
    }

    /// The governance mode, if known.
    #[getter]
    fn mode(&self) -> Option<Mode> {
        self.inner.mode.map(Mode::from)
    }

    /// The phase, if known.
    #[getter]
    fn phase(&self) -> Option<Phase> {
        self.inner.phase.map(Phase::from)
    }

    /// The date (`YYYY-MM-DD`), if known.
    #[getter]
    fn date(&self) -> Option<String> {
        self.inner.date.map(|d| d.to_string())
    }

    /// The ratings by dimension id (None = not rated), in the file form.
    #[getter]
    fn ratings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.ratings)
    }

    /// The free metadata.
    #[getter]
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &Value::Object(self.inner.metadata.clone()))
    }

    /// The paper level of a dimension rated by level or by the two questions (None if unrated
    /// or rated by score).
    fn level_of(&self, dimension: &Bound<'_, PyAny>) -> PyResult<Option<Level>> {
        let d = match dimension.cast::<Dimension>() {
            Ok(d) => d.get().core(),
            Err(_) => id_arg(dimension, "dimension")?
                .parse::<renxing::Dimension>()
                .map_err(errors::id)?,
        };
        Ok(self.inner.level_of(d).map(Level::from))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAssessment>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        let rated = self.inner.ratings.values().filter(|r| r.is_some()).count();
        format!(
            "Assessment(id={:?}, name={:?}, framework={:?}, rated={}/{})",
            self.inner.id,
            self.inner.name,
            self.inner.framework,
            rated,
            self.inner.ratings.len()
        )
    }
}

/// An assessment argument: an `Assessment`, or a dict in the file form (validated against
/// `framework`, default the paper's). Returns the assessment and the framework to use.
pub fn assessment_arg(
    obj: &Bound<'_, PyAny>,
    framework: Option<&Bound<'_, PyFramework>>,
) -> PyResult<(Assessment, Arc<Framework>)> {
    if let Ok(a) = obj.cast::<PyAssessment>() {
        let a = a.get();
        let fw = fw_or(framework, || Arc::clone(&a.framework));
        return Ok((a.inner.clone(), fw));
    }
    if obj.is_instance_of::<PyDict>() {
        let fw = fw_or(framework, paper);
        let v = convert::to_value(obj, "").map_err(value_issue)?;
        let a = PyAssessment::from_value(&v, fw)?;
        return Ok((a.inner, a.framework));
    }
    Err(PyTypeError::new_err(format!(
        "expected a renxing.Assessment or a dict, found {}",
        obj.get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default()
    )))
}
