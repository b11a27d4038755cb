//! `renxing report FILE...` and `renxing chart FILE...`: HTML/Markdown reports and SVG charts,
//! through the `report`, `comparison_report`, `radar_chart`, `attribute_bars` and
//! `comparison_table` operations.
//!
//! The kind of `report` is `--format html|markdown|svg`, or else the extension of `-o` (`.html`,
//! `.htm` → HTML; `.md`, `.markdown` → Markdown). Formats the library does not write yet (PDF,
//! PNG, …) are refused: nothing is ever written under another format's name.

use std::path::{Path, PathBuf};

use renxing::{Lang, Msg};
use renxing_ops::{
    AttributeBars, AttributeBarsRequest, Cases, ChartSpec, ComparisonChartRequest,
    ComparisonReport, ComparisonReportRequest, ComparisonTable, Empty, RadarChart,
    RadarChartRequest, Report, ReportFormat, ReportRequest, ReportSpec,
};

use crate::context::{write_output, Context, Format};
use crate::error::CliError;

/// Arguments of `renxing report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Assessment files (.json, .jsonl, .csv): one assessment gives its report, several a
    /// comparison report.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
    /// Output file: .html or .md (a directory for --format svg); standard output for HTML when
    /// absent.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
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
    /// Output file (.svg); standard output when absent or `-`.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

fn extension(path: Option<&Path>) -> Option<String> {
    path.and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn not_yet(lang: Lang, what: &str, ext: &str, writes: (&str, &str)) -> CliError {
    CliError::usage(
        lang,
        Msg::new(
            format!(
                "`renxing {what}` 不能写出 .{ext}(PNG/PDF 导出将在以后提供);它写出 {}。不会把其他格式写进 .{ext} 文件",
                writes.0
            ),
            format!(
                "`renxing {what}` cannot write .{ext} yet (PNG/PDF export comes later); it writes {}. Nothing is written under another format's name",
                writes.1
            ),
        ),
    )
}

/// What `report` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Html,
    Markdown,
    Svg,
}

fn report_kind(ctx: &Context, output: Option<&Path>) -> Result<Kind, CliError> {
    let lang = ctx.lang;
    let writes = (
        "HTML(.html)、Markdown(.md,图表为旁边的 SVG 文件)或 SVG 图表(--format svg -o 目录)",
        "HTML (.html), Markdown (.md, charts as SVG files beside it) or SVG charts (--format svg -o DIRECTORY)",
    );
    let by_ext = match extension(output).as_deref() {
        None => None,
        Some("html" | "htm") => Some(Kind::Html),
        Some("md" | "markdown") => Some(Kind::Markdown),
        Some(other) if ctx.format != Format::Svg => {
            return Err(not_yet(lang, "report", other, writes))
        }
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
    if kind != Kind::Html && out.is_none() {
        return Err(CliError::usage(
            ctx.lang,
            Msg::new(
                "Markdown 与 SVG 报告需要 -o PATH(图表写在其旁边)",
                "report --format markdown|svg needs -o PATH (the charts are written beside it)",
            ),
        ));
    }
    let assessments = ctx.read_assessments(&args.files)?;
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
    };
    let report = if let [assessment] = assessments.as_slice() {
        ctx.call::<Report>(ReportRequest {
            assessment: assessment.clone(),
            report: spec,
            options: ctx.options.clone(),
            consensus: None,
            framework: None,
            phase: None,
            timeline: Vec::new(),
            curve: None,
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
    if let Some(ext) = extension(out).filter(|e| e != "svg") {
        return Err(not_yet(
            ctx.lang,
            "chart",
            &ext,
            ("SVG(.svg)", "SVG (.svg)"),
        ));
    }
    let mut assessments = ctx.read_assessments(&args.files)?;
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
            ctx.call::<RadarChart>(RadarChartRequest {
                assessments,
                cases,
                chart,
                options: ctx.options.clone(),
                framework: None,
            })?
        }
        ChartKind::Bars => {
            let (Some(assessment), None) = (assessments.pop(), assessments.pop()) else {
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
            ctx.call::<AttributeBars>(AttributeBarsRequest {
                assessment,
                chart: ChartSpec { title, ..chart },
                options: ctx.options.clone(),
                framework: None,
            })?
        }
        ChartKind::Table => ctx.call::<ComparisonTable>(ComparisonChartRequest {
            assessments,
            chart,
            options: ctx.options.clone(),
            framework: None,
        })?,
    };
    match out {
        None => {
            ctx.emit(&svg.svg);
            Ok(())
        }
        Some(p) => write_output(p, &svg.svg, ctx.lang),
    }
}
