//! The exception hierarchy and the mapping from `renxing::Error::code()`.
//!
//! ```text
//! ValueError
//! └── RenxingError                 .code .path .issues
//!     ├── UnknownIdError           unknown_id
//!     ├── FrameworkError           framework_parse, framework_invalid
//!     ├── AssessmentError          json_syntax, assessment_invalid
//!     ├── ScoreError
//!     │   ├── OptionsError         invalid_options, invalid_weight
//!     │   └── FrameworkMismatchError  framework_mismatch
//!     ├── BatchError               batch_input
//!     ├── CompareError             compare_input
//!     └── ChartError               chart_input
//! ```

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

create_exception!(
    renxing,
    RenxingError,
    PyValueError,
    "Any renxing error. `code` is the stable error code of the core library, `path` the field \
     path of the first problem (or None) and `issues` every validation problem as dicts with \
     path, code and message."
);
create_exception!(
    renxing,
    UnknownIdError,
    RenxingError,
    "An id (level, dimension, mode, phase, language, method, case) that is not known."
);
create_exception!(
    renxing,
    FrameworkError,
    RenxingError,
    "A framework file that cannot be read or breaks a rule."
);
create_exception!(
    renxing,
    AssessmentError,
    RenxingError,
    "Malformed JSON, or an assessment that does not validate against its framework."
);
create_exception!(
    renxing,
    ScoreError,
    RenxingError,
    "Scoring options or a framework that do not fit."
);
create_exception!(
    renxing,
    OptionsError,
    ScoreError,
    "Bad scoring options: an unknown method, or a weight that is negative, not finite, names an \
     unknown id, or leaves a group all zero."
);
create_exception!(
    renxing,
    FrameworkMismatchError,
    ScoreError,
    "The assessment is for another framework than the one used."
);
create_exception!(
    renxing,
    BatchError,
    RenxingError,
    "Bad input to batch scoring: not a 2-D numpy array, wrong dtype or column count, a level \
     code out of range, a score that is NaN or outside 0..=100."
);
create_exception!(
    renxing,
    CompareError,
    RenxingError,
    "Nothing to compare, or two assessments with the same id."
);
create_exception!(
    renxing,
    RequestError,
    RenxingError,
    "An operation request of the wrong shape, or an unknown operation."
);
create_exception!(
    renxing,
    AgreementError,
    RenxingError,
    "Codings, a scale or options that inter-rater agreement cannot use."
);
create_exception!(
    renxing,
    IndicatorError,
    RenxingError,
    "Indicator data, a pipeline step or weights the composite-indicator pipeline cannot use."
);
create_exception!(
    renxing,
    CurveError,
    RenxingError,
    "A functionality series or options a resilience curve cannot use."
);
create_exception!(
    renxing,
    TimelineError,
    RenxingError,
    "Assessments that cannot form a timeline."
);
create_exception!(
    renxing,
    ChartError,
    RenxingError,
    "Bad input to a chart or report (size, framework mismatch, too few dimensions)."
);

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = py.get_type::<RenxingError>();
    base.setattr("code", "error")?;
    base.setattr("path", py.None())?;
    base.setattr("issues", PyTuple::empty(py))?;
    m.add("RenxingError", base)?;
    m.add("UnknownIdError", py.get_type::<UnknownIdError>())?;
    m.add("FrameworkError", py.get_type::<FrameworkError>())?;
    m.add("AssessmentError", py.get_type::<AssessmentError>())?;
    m.add("ScoreError", py.get_type::<ScoreError>())?;
    m.add("OptionsError", py.get_type::<OptionsError>())?;
    m.add(
        "FrameworkMismatchError",
        py.get_type::<FrameworkMismatchError>(),
    )?;
    m.add("BatchError", py.get_type::<BatchError>())?;
    m.add("CompareError", py.get_type::<CompareError>())?;
    m.add("ChartError", py.get_type::<ChartError>())?;
    m.add("RequestError", py.get_type::<RequestError>())?;
    m.add("AgreementError", py.get_type::<AgreementError>())?;
    m.add("IndicatorError", py.get_type::<IndicatorError>())?;
    m.add("CurveError", py.get_type::<CurveError>())?;
    m.add("TimelineError", py.get_type::<TimelineError>())?;
    Ok(())
}

/// Builds an exception of the class for `code` with its attributes.
pub fn make(code: &str, message: String, path: Option<String>, issues: &[renxing::Issue]) -> PyErr {
    let err = match code {
        "unknown_id" => UnknownIdError::new_err(message),
        "framework_parse" | "framework_invalid" => FrameworkError::new_err(message),
        "json_syntax" | "assessment_invalid" => AssessmentError::new_err(message),
        "invalid_options" | "invalid_weight" => OptionsError::new_err(message),
        "framework_mismatch" => FrameworkMismatchError::new_err(message),
        "batch_input" => BatchError::new_err(message),
        "compare_input" => CompareError::new_err(message),
        "chart_input" => ChartError::new_err(message),
        "request_invalid" | "unknown_operation" => RequestError::new_err(message),
        "agreement_input" => AgreementError::new_err(message),
        "indicator_input" => IndicatorError::new_err(message),
        "curve_input" => CurveError::new_err(message),
        "timeline_input" => TimelineError::new_err(message),
        _ => RenxingError::new_err(message),
    };
    Python::attach(|py| {
        let value = err.value(py);
        // Setting attributes on a fresh exception instance cannot fail in practice; if it did,
        // the class-level defaults remain.
        let _ = value.setattr("code", code);
        let _ = value.setattr("path", path);
        if let Ok(list) = issues_to_py(py, issues) {
            let _ = value.setattr("issues", list);
        }
    });
    err
}

fn issues_to_py<'py>(py: Python<'py>, issues: &[renxing::Issue]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for i in issues {
        let d = PyDict::new(py);
        d.set_item("path", i.path.to_string())?;
        d.set_item("code", i.code.as_str())?;
        d.set_item("message", &i.message.en)?;
        list.append(d)?;
    }
    Ok(list)
}

/// An operation's error report as a Python exception: `code`, `path` (a list of keys and
/// indices, or None) and `issues` (dicts with `path` lists), message in the caller's language.
pub fn from_report(r: &renxing::ErrorReport) -> PyErr {
    let err = make(r.code.as_str(), r.message.clone(), None, &[]);
    Python::attach(|py| {
        let value = err.value(py);
        if let Ok(path) = crate::convert::ser_to_py(py, &r.path) {
            let _ = value.setattr("path", path);
        }
        if let Ok(issues) = crate::convert::ser_to_py(py, &r.issues) {
            let _ = value.setattr("issues", issues);
        }
    });
    err
}

/// A request that cannot be converted (a value Python cannot pass as JSON).
pub fn request(issue: renxing::Issue) -> PyErr {
    to_py(
        renxing::Problem::new(renxing::ErrorCode::RequestInvalid, issue.message.clone())
            .with_issues(vec![issue])
            .into(),
    )
}

/// A core error as a Python exception.
pub fn to_py(e: renxing::Error) -> PyErr {
    make(
        e.code().as_str(),
        e.to_string(),
        e.path().map(|p| p.to_string()),
        &e.issues(),
    )
}

/// Any core area error (converted to the umbrella `renxing::Error` first).
pub fn err<E: Into<renxing::Error>>(e: E) -> PyErr {
    to_py(e.into())
}

/// An assessment error listing issues found while converting Python input.
pub fn assessment_issues(issues: Vec<renxing::Issue>) -> PyErr {
    err(renxing::AssessmentError::Invalid(renxing::Issues(issues)))
}

/// A batch-input error raised by the binding's own checks (array type, dtype, shape).
pub fn batch(message: String, path: &str) -> PyErr {
    make("batch_input", message, Some(path.to_owned()), &[])
}

/// Bad scoring options found while converting Python input.
pub fn options(message: String) -> PyErr {
    err(renxing::ScoreError::InvalidOptions {
        path: renxing::Path::from("options"),
        message,
    })
}

/// An unknown id (language, case, enum id).
pub fn id(e: renxing::IdError) -> PyErr {
    err(e)
}

/// Something that cannot happen (a failed serialization of a core value).
pub fn internal(message: &str) -> PyErr {
    RenxingError::new_err(message.to_owned())
}
