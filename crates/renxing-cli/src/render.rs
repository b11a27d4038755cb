//! `renxing report FILE...` and `renxing chart FILE...`: HTML/Markdown reports and SVG charts.
//!
//! The output kind of `report` is the global `--format html|markdown|svg`; without it (or with
//! the default `text`), it follows the extension of `-o` (`.md` → Markdown, `.svg` → charts,
//! anything else HTML).

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use renxing::chart::{attribute_bars, comparison_table, radar, ChartOptions, RadarSeries};
use renxing::report::{
    html_comparison_report, html_report, markdown_comparison_report, markdown_report,
    MarkdownReport, ReportOptions,
};
use renxing::{compare_with, diagnose_with, score_with, Assessment, Error};

use crate::context::{Context, Format};
use crate::error::CliError;

/// What `report` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// One self-contained HTML file.
    Html,
    /// Markdown, with the charts as SVG files beside it.
    Markdown,
    /// The charts only, as SVG files.
    Svg,
}

/// Arguments of `renxing report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Assessment files (JSON): one gives its report, several a comparison report.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
    /// Output file (a directory for --format svg); standard output for HTML when absent.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// The kind of chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChartKind {
    /// Radar chart of dimension levels (several files: one polygon each).
    Radar,
    /// Bar chart of the attribute readings (one file).
    Bars,
    /// Comparison heat-table (any number of files).
    Table,
}

/// Arguments of `renxing chart`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// Assessment files (JSON).
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
    /// Output file; standard output when absent or `-`.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

fn read_all(ctx: &Context, files: &[String]) -> Result<Vec<Assessment>, CliError> {
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(CliError::usage(
            "`-` (standard input) can be given only once",
        ));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        match ctx.read_assessment(f) {
            Ok(a) => out.push(a),
            Err(e) => errors.push(e),
        }
    }
    match crate::error::merge(errors) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::invalid("io", format!("{}: cannot create: {e}", dir.display()))
        })?;
    }
    std::fs::write(path, text)
        .map_err(|e| CliError::invalid("io", format!("{}: cannot write: {e}", path.display())))
}

fn chart_err(e: renxing::chart::ChartError) -> CliError {
    CliError::core("chart", &Error::from(e))
}

/// Runs `renxing report`.
pub fn run_report(ctx: &Context, args: &ReportArgs) -> Result<(), CliError> {
    let ext = args
        .output
        .as_deref()
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let kind =
        match (ctx.format, ext.as_deref()) {
            (Format::Html, _) => ReportKind::Html,
            (Format::Markdown, _) => ReportKind::Markdown,
            (Format::Svg, _) => ReportKind::Svg,
            (Format::Json, _) => return Err(CliError::usage(
                "`renxing report` writes html, markdown or svg; for JSON use `assess` or `compare`",
            )),
            (Format::Text, Some("md" | "markdown")) => ReportKind::Markdown,
            (Format::Text, Some("svg")) => ReportKind::Svg,
            (Format::Text, _) => ReportKind::Html,
        };
    let assessments = read_all(ctx, &args.files)?;
    let mut options = ReportOptions::new(ctx.lang);
    if let Some(stem) = args
        .output
        .as_deref()
        .filter(|_| kind == ReportKind::Markdown)
        .and_then(Path::file_stem)
        .and_then(|s| s.to_str())
    {
        options.chart_prefix = stem.to_owned();
    }
    let fw = &ctx.framework;
    let (html, md) = if let [a] = assessments.as_slice() {
        let d = diagnose_with(a, fw, &ctx.options)
            .map_err(|e| CliError::core(&args.files[0], &Error::from(e)))?;
        match kind {
            ReportKind::Html => (
                Some(html_report(fw, a, &d, &options).map_err(chart_err)?),
                None,
            ),
            _ => (
                None,
                Some(markdown_report(fw, a, &d, &options).map_err(chart_err)?),
            ),
        }
    } else {
        let cmp = compare_with(&assessments, fw, &ctx.options)
            .map_err(|e| CliError::core("compare", &Error::from(e)))?;
        match kind {
            ReportKind::Html => (
                Some(html_comparison_report(fw, &cmp, &options).map_err(chart_err)?),
                None,
            ),
            _ => (
                None,
                Some(markdown_comparison_report(fw, &cmp, &options).map_err(chart_err)?),
            ),
        }
    };
    match (kind, html, md, args.output.as_deref()) {
        (ReportKind::Html, Some(html), _, None) => {
            ctx.emit(&html);
            Ok(())
        }
        (ReportKind::Html, Some(html), _, Some(path)) => write(path, &html),
        (ReportKind::Markdown, _, Some(MarkdownReport { markdown, charts }), Some(path)) => {
            for c in &charts {
                write(&path.with_file_name(&c.name), &c.svg)?;
            }
            write(path, &markdown)
        }
        (ReportKind::Svg, _, Some(MarkdownReport { charts, .. }), Some(dir)) => {
            for c in &charts {
                write(&dir.join(&c.name), &c.svg)?;
            }
            Ok(())
        }
        _ => Err(CliError::usage(
            "report --format markdown|svg needs -o PATH (the charts are written beside it)",
        )),
    }
}

/// Runs `renxing chart`.
pub fn run_chart(ctx: &Context, args: &ChartArgs) -> Result<(), CliError> {
    let assessments = read_all(ctx, &args.files)?;
    let fw = &ctx.framework;
    let options = ChartOptions {
        width: args.width,
        height: args.height,
        scores: args.scores,
        ..ChartOptions::new(ctx.lang)
    };
    let svg = match args.kind {
        ChartKind::Radar => {
            let mut series = Vec::new();
            for (a, f) in assessments.iter().zip(&args.files) {
                let card = score_with(a, fw, &ctx.options)
                    .map_err(|e| CliError::core(f, &Error::from(e)))?;
                series.push(RadarSeries::new(a.name.clone(), card));
            }
            if args.cases {
                series.extend(RadarSeries::reference_cases(
                    fw,
                    &["case-a", "case-b", "case-c"],
                ));
            }
            radar(fw, &series, &options).map_err(chart_err)?
        }
        ChartKind::Bars => {
            let [a] = assessments.as_slice() else {
                return Err(CliError::usage("chart --kind bars takes exactly one FILE"));
            };
            let card = score_with(a, fw, &ctx.options)
                .map_err(|e| CliError::core(&args.files[0], &Error::from(e)))?;
            attribute_bars(fw, &card, &options.with_title(a.name.clone())).map_err(chart_err)?
        }
        ChartKind::Table => {
            let cmp = compare_with(&assessments, fw, &ctx.options)
                .map_err(|e| CliError::core("compare", &Error::from(e)))?;
            comparison_table(fw, &cmp, &options).map_err(chart_err)?
        }
    };
    match args.output.as_deref() {
        None => {
            ctx.emit(&svg);
            Ok(())
        }
        Some(p) if p.as_os_str() == "-" => {
            ctx.emit(&svg);
            Ok(())
        }
        Some(p) => write(p, &svg),
    }
}
