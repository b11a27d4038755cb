//! The built-in data: reference cases, 表1, 表2, the rating rule, the JSON Schema, UI words.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::enums::Level;
use crate::model::{paper, PyAssessment};
use crate::{convert, errors, lang};

/// The three reference cases A, B and C of the paper (表1), as assessments.
#[pyfunction]
pub fn cases() -> Vec<PyAssessment> {
    renxing::cases()
        .into_iter()
        .map(|inner| PyAssessment {
            inner,
            framework: paper(),
        })
        .collect()
}

/// One reference case by id (`"case-a"`, `"b"`, …).
#[pyfunction]
pub fn case(id: &str) -> PyResult<PyAssessment> {
    renxing::case(id)
        .map(|inner| PyAssessment {
            inner,
            framework: paper(),
        })
        .ok_or_else(|| {
            errors::id(renxing::IdError::new(
                renxing::Text {
                    zh: "案例 id",
                    en: "case id",
                },
                id,
                &["case-a", "case-b", "case-c"],
            ))
        })
}

/// 表1 as published: one dict per case (case, mode, robustness, redundancy,
/// government_connectivity, resident_connectivity), levels as ids.
#[pyfunction]
pub fn table_1<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    convert::ser_to_py(py, &renxing::TABLE_1)
}

/// 表2: the three modes' profiles (driving factor, advantages, defects, promotability,
/// reference case), texts as `{"zh": ..., "en": ...}`.
#[pyfunction]
pub fn modes_table<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    convert::ser_to_py(py, &renxing::modes_table())
}

/// The paper's two-question rating rule: `(level, inconsistent)`. Coped and developed → HIGH;
/// coped only → MEDIUM; neither → LOW; developed without coping → LOW and inconsistent.
#[pyfunction]
pub fn rate(coped: bool, developed: bool) -> (Level, bool) {
    let o = renxing::rate(coped, developed);
    (o.level.into(), o.inconsistent)
}

/// The JSON Schema (draft 2020-12) of the assessment file, as a dict.
#[pyfunction]
pub fn assessment_schema<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    let v: serde_json::Value = serde_json::from_str(renxing::schema::ASSESSMENT_SCHEMA)
        .map_err(|e| errors::internal(&format!("schema: {e}")))?;
    convert::to_py(py, &v)
}

/// The bilingual UI words shared by every front end, by key, in one language.
#[pyfunction]
#[pyo3(signature = (lang=None))]
pub fn ui_words<'py>(py: Python<'py>, lang: Option<&str>) -> PyResult<Bound<'py, PyDict>> {
    let l = lang::resolve(lang)?;
    let d = PyDict::new(py);
    for (k, t) in renxing::ui::ALL {
        d.set_item(*k, t.get(l))?;
    }
    Ok(d)
}
