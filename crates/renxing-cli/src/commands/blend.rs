//! `renxing blend CODED INDICATORS [--rule R] [-o OUT.jsonl]`: blends assessments from
//! qualitative coding with assessments from indicators (`renxing indicators --assessments`) of
//! the same communities by a stated rule; prints each community's dimensions (coding,
//! indicators, result, where it came from) and writes the blended assessments. Calls the
//! `blend_assessments` operation.

use std::path::PathBuf;

use renxing::blend::BlendRule;
use renxing_ops::{Blend, BlendRequest};

use crate::context::{write_output, Context, Format};
use crate::error::CliError;

/// The rule, as clap reads it.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Rule {
    /// The indicators' level wins.
    IndicatorsWin,
    /// The coding's level wins.
    CodingWins,
    /// The lower of the two (a tie takes the coding's).
    Lower,
    /// The mean of the two 0–100 scores.
    MeanScore,
}

/// Arguments of `renxing blend`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Coded assessments (.json, .jsonl, .csv).
    #[arg(value_name = "CODED")]
    pub coded: String,
    /// Assessments from indicators (e.g. written by `renxing indicators --assessments`).
    #[arg(value_name = "INDICATORS")]
    pub indicators: String,
    /// How a dimension's two levels become one.
    #[arg(long, value_enum, default_value = "lower")]
    pub rule: Rule,
    /// Write the blended assessments, one JSON object a line (`.jsonl`).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Blends and prints the tables (JSON: the response).
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if let f @ (Format::Html | Format::Svg) = ctx.format {
        return Err(f.only_for_report("blend", ctx.lang));
    }
    let coded = ctx.read_assessments(std::slice::from_ref(&args.coded))?;
    let indicators = ctx.read_assessments(std::slice::from_ref(&args.indicators))?;
    let rule = match args.rule {
        Rule::IndicatorsWin => BlendRule::IndicatorsWin,
        Rule::CodingWins => BlendRule::CodingWins,
        Rule::Lower => BlendRule::Lower,
        Rule::MeanScore => BlendRule::MeanScore,
    };
    let resp = ctx.call::<Blend>(BlendRequest {
        framework: None,
        coded,
        indicators,
        rule,
        lang: Some(ctx.lang),
        text: Some(ctx.lang),
    })?;
    if let Some(path) = &args.output {
        let mut lines = String::new();
        for a in &resp.assessments {
            lines.push_str(&serde_json::to_string(a).unwrap_or_default());
            lines.push('\n');
        }
        write_output(path, lines, ctx.lang)?;
    }
    if ctx.format == Format::Json {
        return ctx.emit_json(&resp);
    }
    let mut text = resp.text.clone().unwrap_or_default();
    if !resp.unpaired.is_empty() {
        let ids = resp.unpaired.join(", ");
        text.push_str(&match ctx.lang {
            renxing::Lang::Zh => format!("只在一份文件中出现、未合并:{ids}\n"),
            renxing::Lang::En => format!("In one file only, not blended: {ids}\n"),
        });
    }
    ctx.emit(&text);
    Ok(())
}
