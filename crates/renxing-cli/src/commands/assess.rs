//! `renxing assess FILE|-`: validate, score and diagnose the assessments of one file.

use renxing_ops::{Diagnose, DiagnoseRequest, RenderText, TextKind, TextRequest};

use crate::context::{Context, Format};
use crate::error::CliError;

/// Arguments of `renxing assess`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The assessment file: .json, .jsonl or .csv; `-` reads JSON from standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The phase the diagnosis is made in (preparedness, response, recovery, learning; default:
    /// each assessment's own): the remedies for the phase ahead come first, with who acts.
    #[arg(long, value_name = "PHASE", value_parser = parse_phase)]
    pub phase: Option<renxing::Phase>,
    /// How many remedies to list, highest priority first (the rest are counted). Text: 5 by
    /// default; JSON: every remedy unless given (the `diagnose` operation's `top_remedies`,
    /// recorded in the output with `remedies_total`).
    #[arg(long, value_name = "N")]
    pub top_remedies: Option<usize>,
    /// List every remedy.
    #[arg(long)]
    pub all_remedies: bool,
}

/// A phase id (`preparedness`, `response`, `recovery`, `learning`) or label.
pub fn parse_phase(s: &str) -> Result<renxing::Phase, String> {
    s.parse::<renxing::Phase>().map_err(|e| e.to_string())
}

/// Reads the file (every problem reported with its field path), then diagnoses each assessment
/// (the `diagnose` operation; text through `text`). JSON output: the `Diagnosis`, or a list of
/// them when the file holds several assessments.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if let f @ (Format::Html | Format::Svg) = ctx.format {
        return Err(f.only_for_report("assess", ctx.lang));
    }
    let list = ctx.read_assessments(std::slice::from_ref(&args.file))?;
    if ctx.format == Format::Json {
        let mut out = Vec::with_capacity(list.len());
        for assessment in list {
            out.push(ctx.call::<Diagnose>(DiagnoseRequest {
                consensus: None,
                assessment: assessment.into(),
                options: ctx.options.clone(),
                framework: None,
                phase: args.phase,
                top_remedies: args.top_remedies,
                all_remedies: args.all_remedies,
            })?);
        }
        return match out.as_slice() {
            [one] => ctx.emit_json(one),
            many => ctx.emit_json(many),
        };
    }
    let mut texts = Vec::with_capacity(list.len());
    for a in list {
        texts.push(
            ctx.call::<RenderText>(TextRequest {
                kind: TextKind::Diagnosis,
                assessments: vec![a.into()],
                style: ctx.style(),
                lang: Some(ctx.lang),
                options: ctx.options.clone(),
                framework: None,
                phase: args.phase,
                timeline: None,
                curve: None,
                top_remedies: Some(
                    args.top_remedies
                        .unwrap_or(renxing::report::DEFAULT_TOP_REMEDIES),
                ),
                all_remedies: args.all_remedies,
            })?
            .text,
        );
    }
    ctx.emit(&texts.join("\n"));
    Ok(())
}
