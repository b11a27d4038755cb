//! `renxing compare FILE...`: several assessments side by side.

use renxing_ops::{Compare, CompareRequest, RenderText, TextKind, TextRequest};

use crate::context::{Context, Format};
use crate::error::CliError;

/// Arguments of `renxing compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Assessment files: .json (one or an array), .jsonl, .csv (a table of many); `-` reads JSON
    /// from standard input.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
}

/// Reads every file (reporting the problems of all of them), then compares (the `compare`
/// operation; text through `text`). JSON output: the `Comparison`.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if let f @ (Format::Html | Format::Svg) = ctx.format {
        return Err(f.only_for_report("compare", ctx.lang));
    }
    let assessments = ctx.read_assessment_inputs(&args.files)?;
    if ctx.format == Format::Json {
        let cmp = ctx.call::<Compare>(CompareRequest {
            assessments,
            options: ctx.options.clone(),
            framework: None,
        })?;
        return ctx.emit_json(&cmp);
    }
    let text = ctx.call::<RenderText>(TextRequest {
        kind: TextKind::Comparison,
        assessments,
        style: ctx.style(),
        lang: Some(ctx.lang),
        options: ctx.options.clone(),
        framework: None,
        phase: None,
        timeline: None,
        curve: None,
        top_remedies: None,
        all_remedies: false,
    })?;
    ctx.emit(&text.text);
    Ok(())
}
