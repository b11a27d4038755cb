//! `renxing schema`: the JSON Schema of the assessment file.

use renxing_ops::{AssessmentSchema, Empty};

use crate::context::Context;
use crate::error::CliError;

/// Arguments of `renxing schema` (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the `assessment_schema` operation's schema (whatever `--format`: it is JSON).
pub fn run(ctx: &Context, _args: &Args) -> Result<(), CliError> {
    ctx.emit_json(&ctx.call::<AssessmentSchema>(Empty {})?.schema)
}
