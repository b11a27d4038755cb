//! The example indicator system shipped in `examples/indicators/` (a framework with two
//! indicators for each of the paper's eight dimensions, six communities' data and a pipeline),
//! built in so that every front end — the browser page above all, which has no file system —
//! can start from it.

use super::steps::Pipeline;
use crate::error::Error;
use crate::framework::Framework;

/// `examples/indicators/framework.toml`: the paper's attributes and dimensions with 16
/// indicators (schema_version 2).
pub const EXAMPLE_FRAMEWORK_TOML: &str =
    include_str!("../../../../examples/indicators/framework.toml");
/// `examples/indicators/communities.csv`: six communities × the 16 indicators (illustrative
/// values, not survey results).
pub const EXAMPLE_DATA_CSV: &str = include_str!("../../../../examples/indicators/communities.csv");
/// `examples/indicators/pipeline.toml`: mean imputation, min–max, entropy weights, arithmetic
/// aggregation, banding at thirds, TOPSIS, obstacle degree, ranks.
pub const EXAMPLE_PIPELINE_TOML: &str =
    include_str!("../../../../examples/indicators/pipeline.toml");

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
    toml::from_str(EXAMPLE_PIPELINE_TOML).map_err(|e| {
        Error::from(super::CompositeError::InvalidParameter {
            path: super::FieldPath::new(["pipeline"]),
            value: "examples/indicators/pipeline.toml".into(),
            reason: e.to_string(),
        })
    })
}
