//! `renxing schema`: the JSON Schema of the assessment file.

use crate::context::Context;
use crate::error::CliError;

/// Arguments of `renxing schema` (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints [`renxing::schema::ASSESSMENT_SCHEMA`] (whatever `--format`: it is JSON).
pub fn run(ctx: &Context, _args: &Args) -> Result<(), CliError> {
    ctx.emit(renxing::schema::ASSESSMENT_SCHEMA);
    Ok(())
}
