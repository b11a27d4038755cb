//! `renxing summary FILE...`: the summary of the diagnoses of many assessments.

use renxing::Phase;
use renxing_ops::{DiagnosisSummaryOp, DiagnosisSummaryRequest};

use crate::context::{Context, Format};
use crate::error::CliError;

/// Arguments of `renxing summary`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Assessment files: .json (one or an array), .jsonl (one per line), .csv/.xlsx (a table of
    /// many); `-` reads JSON from standard input.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
    /// The phase the diagnoses are made in (default: each assessment's own).
    #[arg(long, value_name = "PHASE", value_parser = parse_phase)]
    pub phase: Option<Phase>,
    /// How many of each community's remedies count as its top remedies.
    #[arg(long, value_name = "K", default_value_t = renxing::summary::DEFAULT_TOP_K)]
    pub top_k: usize,
}

fn parse_phase(s: &str) -> Result<Phase, String> {
    s.parse::<Phase>().map_err(|e| e.to_string())
}

/// Reads every file (reporting the problems of all of them), then summarises their diagnoses
/// (the `diagnosis_summary` operation). The output is the `DiagnosisSummary` as JSON in every
/// text format: the core has no text rendering of a summary yet.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if let f @ (Format::Html | Format::Svg) = ctx.format {
        return Err(f.only_for_report("summary", ctx.lang));
    }
    let assessments = ctx.read_assessment_inputs(&args.files)?;
    let summary = ctx.call::<DiagnosisSummaryOp>(DiagnosisSummaryRequest {
        codes: None,
        assessments: Some(assessments),
        options: ctx.options.clone(),
        phase: args.phase,
        top_k: args.top_k,
        unrated: false,
        consensus: None,
        framework: None,
    })?;
    ctx.emit_json(&summary)
}
