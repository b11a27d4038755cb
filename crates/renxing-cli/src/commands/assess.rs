//! `renxing assess FILE|-`: validate, score and diagnose one assessment.

use renxing::{diagnose_with, Error};

use crate::context::{Context, Format};
use crate::error::CliError;

/// Arguments of `renxing assess`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The assessment file (JSON); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Validates (every problem reported with its field path), scores and diagnoses. JSON output is
/// the library's `Diagnosis` (which holds the `Scorecard`).
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    let a = ctx.read_assessment(&args.file)?;
    let d = diagnose_with(&a, &ctx.framework, &ctx.options)
        .map_err(|e| CliError::core(&args.file, &Error::from(e)))?;
    match ctx.format {
        f @ (Format::Html | Format::Svg) => Err(f.only_for_report("assess")),
        Format::Json => ctx.emit_json(&d),
        Format::Text | Format::Markdown => {
            ctx.emit(&ctx.renderer().diagnosis(&d, Some(&a.name)));
            Ok(())
        }
    }
}
