//! The module-wide report language (`renxing.set_lang`), used when a function is not given one.

use std::sync::atomic::{AtomicU8, Ordering};

use pyo3::prelude::*;
use renxing::Lang;

use crate::errors;

static LANG: AtomicU8 = AtomicU8::new(0);

pub fn current() -> Lang {
    if LANG.load(Ordering::Relaxed) == 1 {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// The language for an optional argument: the argument if given, else the module setting.
///
/// # Errors
/// `UnknownIdError` for a language that is not zh or en.
pub fn resolve(lang: Option<&str>) -> PyResult<Lang> {
    match lang {
        Some(s) => s.parse().map_err(errors::id),
        None => Ok(current()),
    }
}

/// Sets the default language of labels, charts and reports: `"zh"` (the default) or `"en"`
/// (tags such as `"zh-Hans"` or `"en-GB"` are accepted).
#[pyfunction]
pub fn set_lang(lang: &str) -> PyResult<()> {
    let l: Lang = lang.parse().map_err(errors::id)?;
    LANG.store(u8::from(l == Lang::En), Ordering::Relaxed);
    Ok(())
}

/// The default language: `"zh"` or `"en"`.
#[pyfunction]
pub fn get_lang() -> &'static str {
    current().id()
}
