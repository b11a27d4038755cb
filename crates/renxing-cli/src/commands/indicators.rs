//! `renxing indicators DATA.csv --framework F.toml [--long] [--pipeline P.toml|json]`: the
//! composite-indicator pipeline on the indicators a framework defines — the ranking (overall
//! index and TOPSIS), each community's dimension levels and its top obstacles; the results as
//! JSON with `-o`, the assessments (one per community) with `--assessments`. Calls the
//! `read_indicators` (or `read_indicators_long`) and `assess_indicators` operations.

use std::path::PathBuf;

use renxing::Msg;
use renxing_ops::{
    AssessIndicators, AssessIndicatorsRequest, Operation, ReadIndicators, ReadIndicatorsLong,
    ReadIndicatorsLongRequest, ReadIndicatorsRequest,
};
use serde_json::{json, Value};

use crate::context::{display_name, read_input, write_output, Context, Format};
use crate::error::CliError;

/// Arguments of `renxing indicators`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Indicator data (`.csv`): first column the unit ids, then one column per indicator of the
    /// `--framework`, headed by its id; `-` reads standard input.
    #[arg(value_name = "DATA")]
    pub data: String,
    /// DATA is a long table: one row per unit and indicator, columns `unit`, `indicator` (the
    /// framework's id or its label in any language) and `value`; a repeated unit and indicator
    /// or an indicator the framework does not define is an error naming the row.
    #[arg(long)]
    pub long: bool,
    /// The pipeline (`.toml`, else JSON: `{"steps": [...]}`); default: checks, min–max, the
    /// framework's weights, arithmetic aggregation, banding at thirds of 0–100, TOPSIS,
    /// obstacle degree, ranks.
    #[arg(long, value_name = "FILE")]
    pub pipeline: Option<String>,
    /// Write the whole result (pipeline as run, every step's tables, banding rule,
    /// assessments) as JSON.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the assessments, one JSON object a line (`.jsonl`), for `assess`, `compare`,
    /// `report`.
    #[arg(long, value_name = "FILE")]
    pub assessments: Option<PathBuf>,
    /// Write a report: `.md` (Markdown, its charts as SVG files beside it), else HTML — the
    /// indicator system, the methods (every step with its parameters, the banding rule), the
    /// result tables and the charts (contributions, obstacle degrees, rank table).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

fn pipeline(ctx: &Context, path: &str) -> Result<Value, CliError> {
    let text = read_input(path, ctx.lang)?;
    let name = display_name(path);
    let bad = |zh: String, en: String| CliError::usage(ctx.lang, Msg::new(zh, en));
    if path.to_ascii_lowercase().ends_with(".toml") {
        toml::from_str::<Value>(&text).map_err(|e| {
            let e = e.to_string();
            bad(
                format!("{name}:不是有效的 TOML 流程文件:{e}"),
                format!("{name}: not a valid TOML pipeline file: {e}"),
            )
        })
    } else {
        renxing::json::parse(&text).map_err(|e| {
            bad(
                format!("{name}:不是有效的 JSON 流程文件:{e}"),
                format!("{name}: not a valid JSON pipeline file: {e}"),
            )
        })
    }
}

/// Runs the pipeline and prints the ranking, dimension-level and obstacle tables (JSON: the
/// response).
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if let f @ (Format::Html | Format::Svg) = ctx.format {
        return Err(f.only_for_report("indicators", ctx.lang));
    }
    let Some(fw) = &ctx.ops.framework else {
        return Err(CliError::usage(
            ctx.lang,
            Msg::new(
                "需要 --framework FILE:一个定义了指标(indicators,schema_version 2)的框架文件,例如 examples/indicators/framework.toml",
                "--framework FILE is needed: a framework file that defines indicators (schema_version 2), e.g. examples/indicators/framework.toml",
            ),
        ));
    };
    let name = display_name(&args.data);
    let text = read_input(&args.data, ctx.lang)?;
    let data = if args.long {
        let req = ReadIndicatorsLongRequest {
            text: Some(text),
            rows: None,
            columns: renxing::table::LongColumns::default(),
            framework: Some(renxing_ops::args::FrameworkArg::Id(fw.id.clone())),
        };
        ReadIndicatorsLong::run(req, &ctx.ops)
    } else {
        ReadIndicators::run(ReadIndicatorsRequest { text }, &ctx.ops)
    }
    .map_err(|e| CliError::op(Some(&name), &e, ctx.lang))?;
    let mut req = json!({
        "framework": fw.id,
        "data": data,
        "text": ctx.lang,
    });
    if let Some(p) = &args.report {
        let md = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let stem = p
            .file_stem()
            .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
        req["report"] = json!({"format": if md { "markdown" } else { "html" }, "lang": ctx.lang});
        if md {
            // the charts are written beside the Markdown, named after it
            req["report"]["chart_prefix"] = json!(stem);
        }
    }
    let mut source = name.clone();
    if let Some(p) = &args.pipeline {
        req["pipeline"] = pipeline(ctx, p)?;
        source = format!("{name}, --pipeline {}", display_name(p));
    }
    let req: AssessIndicatorsRequest = renxing_ops::read_request("assess_indicators", req)
        .map_err(|e| CliError::op(Some(&source), &e, ctx.lang))?;
    let resp = AssessIndicators::run(req, &ctx.ops)
        .map_err(|e| CliError::op(Some(&source), &e, ctx.lang))?;
    if let Some(path) = &args.output {
        let json = serde_json::to_string_pretty(&resp).unwrap_or_default();
        write_output(path, json + "\n", ctx.lang)?;
    }
    if let Some(path) = &args.assessments {
        let mut lines = String::new();
        for a in &resp.run.assessments {
            lines.push_str(&serde_json::to_string(a).unwrap_or_default());
            lines.push('\n');
        }
        write_output(path, lines, ctx.lang)?;
    }
    if let (Some(path), Some(rep)) = (&args.report, &resp.report) {
        for c in &rep.charts {
            write_output(&path.with_file_name(&c.name), &c.svg, ctx.lang)?;
        }
        write_output(path, &rep.text, ctx.lang)?;
    }
    if ctx.format == Format::Json {
        return ctx.emit_json(&resp);
    }
    ctx.emit(resp.text.as_deref().unwrap_or_default());
    Ok(())
}
