//! The example indicator system shipped in `examples/indicators/` (a framework with two
//! indicators for each of the paper's eight dimensions, six communities' data and a pipeline),
//! built in so that every front end — the browser page above all, which has no file system —
//! can start from it.

use super::steps::Pipeline;
use crate::error::Error;
use crate::framework::Framework;

/// `examples/indicators/framework.toml`: the paper's attributes and dimensions with 16
/// indicators (schema_version 2).
pub const EXAMPLE_FRAMEWORK_TOML: &str = include_str!("../../data/indicators/framework.toml");
/// `examples/indicators/communities.csv`: six communities × the 16 indicators (illustrative
/// values, not survey results).
pub const EXAMPLE_DATA_CSV: &str = include_str!("../../data/indicators/communities.csv");
/// `examples/indicators/pipeline.toml`: mean imputation, min–max, entropy weights, arithmetic
/// aggregation, banding at thirds, TOPSIS, obstacle degree, ranks.
pub const EXAMPLE_PIPELINE_TOML: &str = include_str!("../../data/indicators/pipeline.toml");

/// The example framework, read from [`EXAMPLE_FRAMEWORK_TOML`].
///
/// ```
/// let fw = renxing::composite::example_framework()?;
/// assert_eq!(fw.indicators.len(), 16);
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// None in practice (a test reads the file); the framework reader's error otherwise.
pub fn example_framework() -> Result<Framework, Error> {
    Ok(Framework::from_toml(EXAMPLE_FRAMEWORK_TOML)?)
}

/// The example pipeline, read from [`EXAMPLE_PIPELINE_TOML`].
///
/// ```
/// let p = renxing::composite::example_pipeline()?;
/// assert_eq!(p.steps.len(), 9);
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// As [`example_framework`].
pub fn example_pipeline() -> Result<Pipeline, Error> {
    read_pipeline(EXAMPLE_PIPELINE_TOML)
}

/// A pipeline file's text: JSON when it starts with `{` (after white space), else TOML.
///
/// ```
/// let p = renxing::composite::read_pipeline("[[steps]]\nstep = \"normalise\"\n")?;
/// assert_eq!(p.steps[0].name(), "normalise");
/// let p = renxing::composite::read_pipeline(r#"{"steps": [{"step": "rank"}]}"#)?;
/// assert_eq!(p.steps[0].name(), "rank");
/// assert!(renxing::composite::read_pipeline("[[steps]]\nstep = \"shuffle\"\n").is_err());
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// `indicator_input` at `pipeline` with the reader's message (an unknown step or field, a wrong
/// type).
pub fn read_pipeline(text: &str) -> Result<Pipeline, Error> {
    let bad = |format: &str, reason: String| {
        Error::from(
            crate::error::Problem::new(
                crate::error::ErrorCode::IndicatorInput,
                crate::error::Msg::new(
                    format!("pipeline:不是有效的 {format} 流程文件:{reason}"),
                    format!("pipeline: not a valid {format} pipeline file: {reason}"),
                ),
            )
            .at(crate::error::Path::from("pipeline")),
        )
    };
    if text.trim_start().starts_with('{') {
        let v = crate::json::parse(text).map_err(|e| bad("JSON", e.to_string()))?;
        serde_json::from_value(v).map_err(|e| bad("JSON", e.to_string()))
    } else {
        toml::from_str(text).map_err(|e| bad("TOML", e.to_string()))
    }
}
