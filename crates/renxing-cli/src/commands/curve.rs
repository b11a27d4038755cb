//! `renxing curve DATA.csv`: a functionality curve Q(t) over an event, read from a two-column
//! CSV (time, value; see docs/curve.md), turned into Bruneau's numbers and the paper's level.

use std::path::PathBuf;

use renxing::curve::{CsvColumns, CurveOptions};
use renxing_ops::Operation as _;
use renxing_ops::{
    ChartSpec, Curve, CurveChart, CurveChartRequest, CurveRequest, ReadCurve, ReadCurveRequest,
    RenderText, TextKind, TextRequest,
};

use crate::context::{display_name, read_input, write_output, Context, Format};
use crate::error::CliError;

/// Arguments of `renxing curve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CSV file (`-` reads standard input): a header, then time and value per row.
    #[arg(value_name = "DATA.csv")]
    pub file: String,
    /// The header of the time column (default: time, t, day, 时间…, or the first of two).
    #[arg(long, value_name = "NAME")]
    pub time: Option<String>,
    /// The header of the value column (default: value, q, functionality, 功能值…, or the second
    /// of two).
    #[arg(long, value_name = "NAME")]
    pub value: Option<String>,
    /// The event start t0 (default: detected).
    #[arg(long, value_name = "T")]
    pub event_start: Option<f64>,
    /// The pre-event baseline (default: the mean of the pre-event samples).
    #[arg(long, value_name = "Q")]
    pub baseline: Option<f64>,
    /// The end of the window (default: the last sample).
    #[arg(long, value_name = "T")]
    pub horizon: Option<f64>,
    /// The share of the baseline for the second recovery time (default 0.9).
    #[arg(long, value_name = "SHARE")]
    pub recovery_share: Option<f64>,
    /// The relative band around the baseline for the end state (default 0.01).
    #[arg(long, value_name = "TOL")]
    pub end_tolerance: Option<f64>,
    /// The relative drop that marks the event when detecting it (default 0.01).
    #[arg(long, value_name = "TOL")]
    pub drop_tolerance: Option<f64>,
    /// `--format svg`: the output file (standard output when absent).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Reads a curve's CSV file (`-`: standard input) through the `read_curve` operation; a problem
/// of the CSV (row, line, column) has the file's name in front.
///
/// # Errors
/// The file cannot be read, or the CSV is not a curve.
pub fn read_series(
    ctx: &Context,
    file: &str,
    time: Option<String>,
    value: Option<String>,
) -> Result<renxing::curve::Series, CliError> {
    let text = read_input(file, ctx.lang)?;
    ReadCurve::run(
        ReadCurveRequest {
            text,
            columns: CsvColumns { time, value },
        },
        &ctx.ops,
    )
    .map_err(|e| CliError::op(Some(&display_name(file)), &e, ctx.lang))
}

/// Reads the CSV (the `read_curve` operation), then analyses it (`curve`; text through `text`,
/// the chart through `curve_chart`). JSON output: the `CurveReport`.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if ctx.format == Format::Html {
        return Err(Format::Html.only_for_report("curve", ctx.lang));
    }
    let series = read_series(ctx, &args.file, args.time.clone(), args.value.clone())?;
    let d = CurveOptions::default();
    let options = CurveOptions {
        event_start: args.event_start,
        baseline: args.baseline,
        horizon: args.horizon,
        recovery_share: args.recovery_share.unwrap_or(d.recovery_share),
        end_tolerance: args.end_tolerance.unwrap_or(d.end_tolerance),
        drop_tolerance: args.drop_tolerance.unwrap_or(d.drop_tolerance),
    };
    match ctx.format {
        Format::Json => {
            let r = ctx.call::<Curve>(CurveRequest { series, options })?;
            ctx.emit_json(&r)
        }
        Format::Svg => {
            let svg = ctx
                .call::<CurveChart>(CurveChartRequest {
                    series,
                    options,
                    chart: ChartSpec {
                        lang: Some(ctx.lang),
                        ..ChartSpec::default()
                    },
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
                kind: TextKind::Curve,
                assessments: Vec::new(),
                style: ctx.style(),
                lang: Some(ctx.lang),
                options: ctx.options.clone(),
                framework: None,
                phase: None,
                timeline: None,
                curve: Some(CurveRequest { series, options }),
            })?;
            ctx.emit(&text.text);
            Ok(())
        }
    }
}
