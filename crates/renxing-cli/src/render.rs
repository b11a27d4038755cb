//! `renxing report FILE...` and `renxing chart FILE...`: HTML/Markdown reports and SVG charts,
//! through the `report`, `comparison_report`, `radar_chart`, `attribute_bars` and
//! `comparison_table` operations.
//!
//! The kind of `report` is `--format html|markdown|svg`, or else the extension of `-o` (`.html`,
//! `.htm` → HTML; `.md`, `.markdown` → Markdown; `.pdf` → A4 pages; `.png` → one tall image).
//! `chart -o` writes `.svg`, `.png` or `.pdf`. PNG and PDF come from the `export` operation;
//! any other extension is refused by it (`export_format`): nothing is ever written under
//! another format's name.

use std::path::{Path, PathBuf};

use renxing::Msg;
use renxing_ops::{
    AttributeBars, AttributeBarsRequest, Cases, ChartSpec, ComparisonChartRequest,
    ComparisonReport, ComparisonReportRequest, ComparisonTable, Empty, RadarChart,
    RadarChartRequest, Report, ReportFormat, ReportRequest, ReportSpec,
};
use renxing_ops::{Export, ExportRequest, ExportResponse, Operation};

use crate::context::{write_output, Context, Format};
use crate::error::CliError;

/// Arguments of `renxing report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Assessment files (.json, .jsonl, .csv): one assessment gives its report, several a
    /// comparison report.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
    /// Output file: .html, .md, .pdf (A4 pages) or .png (one tall image); a directory for
    /// --format svg; standard output for HTML when absent.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// How many remedies to list, highest priority first (the rest are counted).
    #[arg(long, value_name = "N", default_value_t = renxing::report::DEFAULT_TOP_REMEDIES)]
    pub top_remedies: usize,
    /// List every remedy.
    #[arg(long)]
    pub all_remedies: bool,
    /// One assessment: the phase the diagnosis is made in (preparedness, response, recovery,
    /// learning, or a label; default: the assessment's own): the remedies for the phase ahead
    /// come first, with who acts (the `report` operation's `phase`).
    #[arg(long, value_name = "PHASE", value_parser = crate::commands::assess::parse_phase)]
    pub phase: Option<renxing::Phase>,
    /// One assessment: the community's assessments over the cycle (files as for FILE): adds a
    /// timeline section (the `report` operation's `timeline`).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub timeline: Vec<String>,
    /// One assessment: a functionality curve, a CSV of time and value (as `renxing curve`):
    /// adds a curve section (the `report` operation's `curve`, default options).
    #[arg(long, value_name = "DATA.csv")]
    pub curve: Option<String>,
}

/// The kind of chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartKind {
    /// Radar chart of dimension levels (one polygon per assessment).
    Radar,
    /// Bar chart of the attribute readings (one assessment).
    Bars,
    /// Comparison heat-table (any number of assessments).
    Table,
    /// Small-multiple radars: one small radar per assessment, one shared scale (many
    /// communities).
    Multiples,
}

/// Arguments of `renxing chart`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// Assessment files (.json, .jsonl, .csv).
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
    /// The chart.
    #[arg(long, value_enum, default_value = "radar")]
    pub kind: ChartKind,
    /// Radar only: overlay the reference cases A, B and C (paper framework).
    #[arg(long)]
    pub cases: bool,
    /// Plot unrounded values (scores) instead of levels.
    #[arg(long)]
    pub scores: bool,
    /// Width in pixels.
    #[arg(long)]
    pub width: Option<u32>,
    /// Height in pixels.
    #[arg(long)]
    pub height: Option<u32>,
    /// Output file: .svg, .png or .pdf; standard output (SVG) when absent or `-`.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

fn extension(path: Option<&Path>) -> Option<String> {
    path.and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Writes what the `export` operation made: text, or the bytes of PNG/PDF, and the chart
/// files a Markdown report links to (beside it).
fn write_export(ctx: &Context, path: &Path, out: &ExportResponse) -> Result<(), CliError> {
    for c in &out.files {
        write_output(&path.with_file_name(&c.name), &c.svg, ctx.lang)?;
    }
    match (&out.text, &out.base64) {
        (Some(text), _) => write_output(path, text, ctx.lang),
        (None, Some(b64)) => {
            let bytes =
                renxing_ops::base64_decode(b64).map_err(|e| CliError::op(None, &e, ctx.lang))?;
            write_output(path, bytes, ctx.lang)
        }
        (None, None) => Ok(()),
    }
}

/// Refuses a file name whose format the content has not before anything is read (a usage
/// error, exit 2): the core's rule, the one `export` applies.
fn check_name(
    ctx: &Context,
    path: &Path,
    content: renxing::export::Content,
) -> Result<(), CliError> {
    renxing::export::ExportFormat::from_file_name(&path.to_string_lossy())
        .and_then(|f| f.check(content))
        .map_err(|e| {
            let mut err = CliError::op(Some("-o"), &e, ctx.lang);
            err.exit = 2;
            err
        })
}

/// Runs operation `O`'s request through `export` into the file `path` (its extension chooses
/// the format; one the content has not is refused before anything is written).
fn export<O: Operation>(ctx: &Context, request: &O::Request, path: &Path) -> Result<(), CliError> {
    let request = serde_json::to_value(request).map_err(|e| {
        CliError::op(
            None,
            &renxing::Problem::new(
                renxing::ErrorCode::Internal,
                Msg::new(
                    format!("无法转换请求:{e}"),
                    format!("could not convert the request: {e}"),
                ),
            )
            .into(),
            ctx.lang,
        )
    })?;
    let out = ctx.call::<Export>(ExportRequest {
        operation: O::NAME.to_owned(),
        arguments: request,
        file_name: Some(path.to_string_lossy().into_owned()),
        format: None,
        scale: None,
        framework: None,
    })?;
    write_export(ctx, path, &out)
}

/// What `report` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Html,
    Markdown,
    Svg,
    /// PDF or PNG (by the extension of `-o`), written by `export`.
    Export,
}

fn report_kind(ctx: &Context, output: Option<&Path>) -> Result<Kind, CliError> {
    let lang = ctx.lang;
    let by_ext = match extension(output).as_deref() {
        None => None,
        Some("html" | "htm") => Some(Kind::Html),
        Some("md" | "markdown") => Some(Kind::Markdown),
        Some(_) if ctx.format != Format::Svg => Some(Kind::Export),
        Some(_) => None,
    };
    let by_format = match ctx.format {
        Format::Html => Some(Kind::Html),
        Format::Markdown => Some(Kind::Markdown),
        Format::Svg => Some(Kind::Svg),
        Format::Json => return Err(CliError::usage(
            lang,
            Msg::new(
                "`renxing report` 写出 html、markdown 或 svg;JSON 请用 `assess` 或 `compare`",
                "`renxing report` writes html, markdown or svg; for JSON use `assess` or `compare`",
            ),
        )),
        Format::Text => None,
    };
    match (by_format, by_ext) {
        (Some(f), Some(e)) if f != e => Err(CliError::usage(
            lang,
            Msg::new(
                "--format 与 -o 的扩展名不一致",
                "--format and the extension of -o disagree",
            ),
        )),
        (Some(k), _) | (None, Some(k)) => Ok(k),
        (None, None) => Ok(Kind::Html),
    }
}

/// Runs `renxing report`.
pub fn run_report(ctx: &Context, args: &ReportArgs) -> Result<(), CliError> {
    let out = args.output.as_deref();
    let kind = report_kind(ctx, out)?;
    if let (Kind::Export, Some(path)) = (kind, out) {
        check_name(ctx, path, renxing::export::Content::Report)?;
    }
    if kind != Kind::Html && out.is_none() {
        return Err(CliError::usage(
            ctx.lang,
            Msg::new(
                "Markdown 与 SVG 报告需要 -o PATH(图表写在其旁边)",
                "report --format markdown|svg needs -o PATH (the charts are written beside it)",
            ),
        ));
    }
    let assessments = ctx.read_assessment_inputs(&args.files)?;
    let one_only = args.phase.is_some() || !args.timeline.is_empty() || args.curve.is_some();
    if one_only && assessments.len() != 1 {
        return Err(CliError::usage(
            ctx.lang,
            Msg::new(
                format!(
                    "--phase、--timeline 与 --curve 只用于一个评估的报告;这些文件含 {} 个评估(比较报告)",
                    assessments.len()
                ),
                format!(
                    "--phase, --timeline and --curve are for the report of one assessment; the files hold {} (a comparison report)",
                    assessments.len()
                ),
            ),
        ));
    }
    let timeline = if args.timeline.is_empty() {
        Vec::new()
    } else {
        ctx.read_assessments(&args.timeline)?
    };
    let curve = match &args.curve {
        Some(file) => Some(renxing_ops::CurveRequest {
            series: crate::commands::curve::read_series(ctx, file, None, None)?,
            options: renxing::curve::CurveOptions::default(),
        }),
        None => None,
    };
    let spec = ReportSpec {
        format: if kind == Kind::Html {
            ReportFormat::Html
        } else {
            ReportFormat::Markdown
        },
        lang: Some(ctx.lang),
        title: None,
        chart_prefix: out
            .filter(|_| kind == Kind::Markdown)
            .and_then(Path::file_stem)
            .and_then(|s| s.to_str())
            .map(str::to_owned),
        top_remedies: Some(args.top_remedies),
        all_remedies: args.all_remedies,
    };
    if let (Kind::Export, Some(path)) = (kind, out) {
        return if let [assessment] = assessments.as_slice() {
            let request = ReportRequest {
                assessment: assessment.clone().into_value(),
                report: spec,
                options: ctx.options.clone(),
                consensus: None,
                framework: None,
                phase: args.phase,
                timeline: timeline.clone(),
                curve: curve.clone(),
            };
            export::<Report>(ctx, &request, path)
        } else {
            let request = ComparisonReportRequest {
                assessments,
                report: spec,
                options: ctx.options.clone(),
                framework: None,
            };
            export::<ComparisonReport>(ctx, &request, path)
        };
    }
    let report = if let [assessment] = assessments.as_slice() {
        ctx.call::<Report>(ReportRequest {
            assessment: assessment.clone().into_value(),
            report: spec,
            options: ctx.options.clone(),
            consensus: None,
            framework: None,
            phase: args.phase,
            timeline,
            curve,
        })?
    } else {
        ctx.call::<ComparisonReport>(ComparisonReportRequest {
            assessments,
            report: spec,
            options: ctx.options.clone(),
            framework: None,
        })?
    };
    match (kind, out) {
        (Kind::Html, None) => {
            ctx.emit(&report.text);
            Ok(())
        }
        (Kind::Html, Some(path)) => write_output(path, &report.text, ctx.lang),
        (Kind::Markdown, Some(path)) => {
            for c in &report.charts {
                write_output(&path.with_file_name(&c.name), &c.svg, ctx.lang)?;
            }
            write_output(path, &report.text, ctx.lang)
        }
        (_, Some(dir)) => {
            for c in &report.charts {
                write_output(&dir.join(&c.name), &c.svg, ctx.lang)?;
            }
            Ok(())
        }
        (_, None) => Ok(()),
    }
}

/// Runs `renxing chart`.
pub fn run_chart(ctx: &Context, args: &ChartArgs) -> Result<(), CliError> {
    let out = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(path) = out {
        check_name(ctx, path, renxing::export::Content::Chart)?;
    }
    let mut assessments = ctx.read_assessment_inputs(&args.files)?;
    let chart = ChartSpec {
        lang: Some(ctx.lang),
        width: args.width,
        height: args.height,
        scores: args.scores,
        title: None,
        id_prefix: None,
    };
    let svg = match args.kind {
        ChartKind::Radar => {
            let cases = if args.cases {
                let all = ctx.call::<Cases>(Empty {})?;
                all.into_iter().map(|c| c.id).collect()
            } else {
                Vec::new()
            };
            let request = RadarChartRequest {
                assessments,
                cases,
                chart,
                options: ctx.options.clone(),
                framework: None,
            };
            if let Some(path) = out {
                return export::<RadarChart>(ctx, &request, path);
            }
            ctx.call::<RadarChart>(request)?
        }
        ChartKind::Bars => {
            let (Some(assessment), None) = (
                assessments
                    .pop()
                    .map(renxing_ops::args::AssessmentInput::into_value),
                assessments.pop(),
            ) else {
                return Err(CliError::usage(
                    ctx.lang,
                    Msg::new(
                        "chart --kind bars 只画一个评估",
                        "chart --kind bars draws exactly one assessment",
                    ),
                ));
            };
            let title = assessment
                .get("name")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned);
            let request = AttributeBarsRequest {
                assessment,
                chart: ChartSpec { title, ..chart },
                options: ctx.options.clone(),
                framework: None,
            };
            if let Some(path) = out {
                return export::<AttributeBars>(ctx, &request, path);
            }
            ctx.call::<AttributeBars>(request)?
        }
        ChartKind::Multiples => {
            let request = ComparisonChartRequest {
                assessments,
                chart,
                options: ctx.options.clone(),
                framework: None,
            };
            if let Some(path) = out {
                return export::<renxing_ops::SmallMultiples>(ctx, &request, path);
            }
            ctx.call::<renxing_ops::SmallMultiples>(request)?
        }
        ChartKind::Table => {
            let request = ComparisonChartRequest {
                assessments,
                chart,
                options: ctx.options.clone(),
                framework: None,
            };
            if let Some(path) = out {
                return export::<ComparisonTable>(ctx, &request, path);
            }
            ctx.call::<ComparisonTable>(request)?
        }
    };
    match out {
        None => {
            ctx.emit(&svg.svg);
            Ok(())
        }
        Some(p) => write_output(p, &svg.svg, ctx.lang),
    }
}
