//! `renxing compare FILE...`: several assessments side by side.

use renxing::{compare_with, Error};

use crate::context::{Context, Format};
use crate::error::{merge, CliError};

/// Arguments of `renxing compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Assessment files (JSON); `-` reads one from standard input.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
}

/// Reads every file (reporting the problems of all of them), then compares. JSON output is the
/// library's `Comparison`.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if args.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(CliError::usage(
            "`-` (standard input) can be given only once",
        ));
    }
    let mut assessments = Vec::with_capacity(args.files.len());
    let mut errors = Vec::new();
    for f in &args.files {
        match ctx.read_assessment(f) {
            Ok(a) => assessments.push(a),
            Err(e) => errors.push(e),
        }
    }
    if let Some(e) = merge(errors) {
        return Err(e);
    }
    let cmp = compare_with(&assessments, &ctx.framework, &ctx.options)
        .map_err(|e| CliError::core("compare", &Error::from(e)))?;
    match ctx.format {
        f @ (Format::Html | Format::Svg) => Err(f.only_for_report("compare")),
        Format::Json => ctx.emit_json(&cmp),
        Format::Text | Format::Markdown => {
            ctx.emit(&ctx.renderer().comparison(&cmp));
            Ok(())
        }
    }
}
