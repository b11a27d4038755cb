//! `renxing timeline FILE...`: a community's assessments over the cycle (before, during, after
//! an event): what changed, the phases never assessed, what to do next and by whom; with many
//! communities, who improved most and who fell back.

use std::path::PathBuf;

use renxing::timeline::{Grouping, TimelineOptions};
use renxing_ops::{
    ChartSpec, RenderText, TextKind, TextRequest, TimelineChart, TimelineChartRequest, Timelines,
    TimelinesRequest,
};

use crate::context::{write_output, Context, Format};
use crate::error::CliError;

/// Arguments of `renxing timeline`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Assessment files (.json, .jsonl, .csv): each assessment carries its `phase` and `date`.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
    /// Group communities by this metadata key instead of the assessment id.
    #[arg(long, value_name = "KEY", conflicts_with = "single")]
    pub group_by: Option<String>,
    /// All the assessments given are one community.
    #[arg(long)]
    pub single: bool,
    /// `--format svg`: the community to draw (default: the first).
    #[arg(long, value_name = "KEY")]
    pub community: Option<String>,
    /// `--format svg`: plot 0–100 scores instead of levels.
    #[arg(long)]
    pub scores: bool,
    /// `--format svg`: the output file (standard output when absent).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Reads every file, then builds the timelines (the `timelines` operation; text through `text`,
/// the chart through `timeline_chart`). JSON output: the `TimelineSet`.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if ctx.format == Format::Html {
        return Err(Format::Html.only_for_report("timeline", ctx.lang));
    }
    let assessments = ctx.read_assessments(&args.files)?;
    let grouping = match (&args.group_by, args.single) {
        (Some(k), _) => Grouping::MetadataKey(k.clone()),
        (None, true) => Grouping::Single,
        (None, false) => Grouping::Id,
    };
    let options = TimelineOptions {
        score: ctx.options.clone(),
        grouping,
        ..TimelineOptions::default()
    };
    match ctx.format {
        Format::Json => {
            let set = ctx.call::<Timelines>(TimelinesRequest {
                assessments,
                options,
                framework: None,
            })?;
            ctx.emit_json(&set)
        }
        Format::Svg => {
            let svg = ctx
                .call::<TimelineChart>(TimelineChartRequest {
                    assessments,
                    options,
                    community: args.community.clone(),
                    chart: ChartSpec {
                        lang: Some(ctx.lang),
                        scores: args.scores,
                        ..ChartSpec::default()
                    },
                    framework: None,
                })?
                .svg;
            match &args.output {
                Some(p) if p.as_os_str() != "-" => write_output(p, &svg, ctx.lang),
                _ => {
                    ctx.emit(&svg);
                    Ok(())
                }
            }
        }
        _ => {
            let text = ctx.call::<RenderText>(TextRequest {
                top_remedies: None,
                all_remedies: false,
                kind: TextKind::Timeline,
                assessments: assessments.into_iter().map(Into::into).collect(),
                style: ctx.style(),
                lang: Some(ctx.lang),
                options: ctx.options.clone(),
                framework: None,
                phase: None,
                timeline: Some(options),
                curve: None,
            })?;
            ctx.emit(&text.text);
            Ok(())
        }
    }
}
