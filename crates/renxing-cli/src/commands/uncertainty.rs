//! `renxing uncertainty INPUT`: how robust a composite ranking is — each unit's rank interval and
//! level probabilities, and (with a sensitivity analysis) the choice that matters most; charts
//! and a report on request. Calls the `read_indicators` and `robustness` operations.

use std::fmt::Write as _;
use std::path::PathBuf;

use renxing::Msg;
use renxing_ops::{
    Operation, ReadIndicators, ReadIndicatorsRequest, ReportFormat, ReportSpec, Robustness,
    RobustnessRequest, RobustnessResponse,
};
use serde_json::{json, Value};

use crate::context::{display_name, read_input, write_output, Context, Format};
use crate::error::CliError;

/// Arguments of `renxing uncertainty`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A robustness request (`.json`: data, pipeline, uncertainty, sensitivity — see
    /// `examples/uncertainty/robustness-12.json`) or indicator data (`.csv`: first column the
    /// unit ids, headers `dimension/indicator`); `-` reads a JSON request from standard input.
    #[arg(value_name = "INPUT")]
    pub input: String,
    /// Runs of the uncertainty analysis (default: the request's, else 1000).
    #[arg(long)]
    pub runs: Option<usize>,
    /// Seed (default: the request's, else 0).
    #[arg(long)]
    pub seed: Option<u64>,
    /// CSV input: uniform weight noise of ± this share on the indicator weights (default 0.25
    /// when no other factor is given).
    #[arg(long)]
    pub share: Option<f64>,
    /// CSV input: a choice among aggregation methods, e.g. `arithmetic,geometric`.
    #[arg(long, value_delimiter = ',')]
    pub aggregation: Vec<String>,
    /// CSV input: a choice among normalisation methods, e.g. `min_max,rank`.
    #[arg(long, value_delimiter = ',')]
    pub normalisation: Vec<String>,
    /// CSV input: exclude one indicator at a time.
    #[arg(long)]
    pub exclude: bool,
    /// Also the sensitivity analysis with this base sample size N (N (d + 2) runs); a JSON
    /// request's own `sensitivity` is used when absent.
    #[arg(long, value_name = "N")]
    pub sensitivity: Option<usize>,
    /// Bootstrap resamples of the Sobol intervals (with --sensitivity; default 1000).
    #[arg(long)]
    pub bootstrap: Option<usize>,
    /// Write the charts (rank-intervals.svg, sobol.svg) into this directory.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Write a report: `.html` (self-contained) or `.md` (charts beside it).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

fn usage(ctx: &Context, zh: String, en: String) -> CliError {
    CliError::usage(ctx.lang, Msg::new(zh, en))
}

/// The request: the JSON file's, or one built from a CSV and the options.
fn request(ctx: &Context, args: &Args) -> Result<Value, CliError> {
    let text = read_input(&args.input, ctx.lang)?;
    let name = display_name(&args.input);
    let csv = args.input.to_ascii_lowercase().ends_with(".csv");
    let mut req = if csv {
        let data = ReadIndicators::run(ReadIndicatorsRequest { text }, &ctx.ops)
            .map_err(|e| CliError::op(Some(&name), &e, ctx.lang))?;
        let mut factors = Vec::new();
        let no_other =
            args.aggregation.is_empty() && args.normalisation.is_empty() && !args.exclude;
        if let Some(s) = args.share.or(no_other.then_some(0.25)) {
            factors.push(json!({"factor": "weight_noise", "share": s}));
        }
        if !args.aggregation.is_empty() {
            let m: Vec<Value> = args
                .aggregation
                .iter()
                .map(|m| json!({"method": m}))
                .collect();
            factors.push(json!({"factor": "aggregation", "methods": m}));
        }
        if !args.normalisation.is_empty() {
            factors.push(json!({"factor": "normalisation", "methods": args.normalisation}));
        }
        if args.exclude {
            factors.push(json!({"factor": "exclude_indicator"}));
        }
        json!({
            "data": data,
            "pipeline": {"steps": [{"step": "normalise"}, {"step": "aggregate"}]},
            "uncertainty": {"factors": factors},
        })
    } else {
        if !args.aggregation.is_empty()
            || !args.normalisation.is_empty()
            || args.exclude
            || args.share.is_some()
        {
            return Err(usage(
                ctx,
                "--share、--aggregation、--normalisation、--exclude 只用于 CSV 输入;JSON 请求在 uncertainty.factors 中声明不确定输入".into(),
                "--share, --aggregation, --normalisation and --exclude are for CSV input; a JSON request declares its uncertain inputs in uncertainty.factors".into(),
            ));
        }
        renxing::json::parse(&text).map_err(|e| {
            let e = renxing::Error::from(renxing::Problem::new(
                renxing::ErrorCode::JsonSyntax,
                Msg::new(
                    format!("请求不是有效的 JSON:{e}"),
                    format!("the request is not valid JSON: {e}"),
                ),
            ));
            CliError::op(Some(&name), &e, ctx.lang)
        })?
    };
    let Some(obj) = req.as_object_mut() else {
        return Err(usage(
            ctx,
            format!("{name}:请求应为 JSON 对象"),
            format!("{name}: the request must be a JSON object"),
        ));
    };
    // the options given on the command line replace the request's
    if let Some(u) = obj.get_mut("uncertainty").and_then(Value::as_object_mut) {
        if let Some(r) = args.runs {
            u.insert("runs".into(), json!(r));
        }
        if let Some(s) = args.seed {
            u.insert("seed".into(), json!(s));
        }
    }
    if let Some(n) = args.sensitivity {
        let mut s = obj.get("sensitivity").cloned().unwrap_or_else(|| json!({}));
        s["n"] = json!(n);
        if let Some(seed) = args.seed {
            s["seed"] = json!(seed);
        }
        obj.insert("sensitivity".into(), s);
    }
    if let (Some(b), Some(s)) = (args.bootstrap, obj.get_mut("sensitivity")) {
        s["bootstrap"] = json!(b);
    }
    obj.insert("charts".into(), json!(args.charts.is_some()));
    match &args.report {
        Some(p) => {
            let md = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
            let stem = p
                .file_stem()
                .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
            let mut spec = ReportSpec {
                format: if md {
                    ReportFormat::Markdown
                } else {
                    ReportFormat::Html
                },
                lang: Some(ctx.lang),
                ..ReportSpec::default()
            };
            if md {
                spec.chart_prefix = Some(stem);
            }
            obj.insert("report".into(), json!(spec));
        }
        None => {
            obj.remove("report");
        }
    }
    obj.insert("lang".into(), json!(ctx.lang));
    Ok(req)
}

/// A rank or percentile of ranks: at most two decimals, no trailing zeros.
fn rank(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn text(ctx: &Context, r: &RobustnessResponse) -> String {
    let zh = ctx.lang == renxing::Lang::Zh;
    let u = &r.uncertainty;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        if zh {
            format!("排名区间({} 次模拟,种子 {})", u.spec.runs, u.spec.seed)
        } else {
            format!(
                "Rank intervals ({} runs, seed {})",
                u.spec.runs, u.spec.seed
            )
        }
    );
    let mut header = if zh {
        vec!["单位", "名义排名", "中位排名", "5%–95%", "平均变动"]
    } else {
        vec!["unit", "nominal", "median", "5–95%", "mean shift"]
    }
    .into_iter()
    .map(str::to_owned)
    .collect::<Vec<_>>();
    header.extend(u.levels.iter().map(|l| format!("P({l})")));
    let mut order: Vec<usize> = (0..u.unit_stats.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&u.unit_stats[a], &u.unit_stats[b]);
        x.rank
            .median
            .total_cmp(&y.rank.median)
            .then(x.nominal_rank.cmp(&y.nominal_rank))
            .then(a.cmp(&b))
    });
    let mut rows = vec![header];
    for i in order {
        let s = &u.unit_stats[i];
        let mut row = vec![
            s.id.clone(),
            s.nominal_rank.to_string(),
            rank(s.rank.median),
            format!("{}–{}", rank(s.rank.p5), rank(s.rank.p95)),
            format!("{:+.2}", s.mean_rank_shift),
        ];
        row.extend(s.level_probabilities.iter().map(|p| format!("{p:.2}")));
        rows.push(row);
    }
    o.push_str(
        &renxing::text::Table {
            title: String::new(),
            headers: rows[0].clone(),
            rows: rows[1..].to_vec(),
        }
        .plain(),
    );
    let m = &u.mean_abs_rank_shift;
    let _ = writeln!(
        o,
        "{} {:.2} ({:.2}–{:.2})",
        if zh {
            "平均绝对排名变动(中位,5%–95%):"
        } else {
            "Mean absolute rank shift (median, 5–95%):"
        },
        m.median,
        m.p5,
        m.p95
    );
    if let Some(s) = &r.sensitivity {
        let _ = match &r.most_influential {
            Some(top) => {
                let name = s.factors.get(top.index).map_or_else(
                    || top.factor.clone(),
                    |f| renxing::uncertainty::factor_name(f, ctx.lang),
                );
                if zh {
                    writeln!(
                        o,
                        "影响最大的选择:{name}(总指数 {:.2},区间 {:.2}–{:.2};一阶指数 {:.2})",
                        top.total, top.total_ci[0], top.total_ci[1], top.first_order
                    )
                } else {
                    writeln!(
                        o,
                        "The choice that matters most: {name} (total index {:.2}, interval {:.2}–{:.2}; first-order {:.2})",
                        top.total, top.total_ci[0], top.total_ci[1], top.first_order
                    )
                }
            }
            None => writeln!(
                o,
                "{}",
                if zh {
                    "排名在各次模拟中没有变化。"
                } else {
                    "No run changed any rank."
                }
            ),
        };
    }
    o
}

/// Runs the analysis (the `robustness` operation) and prints the rank intervals and the most
/// influential choice (JSON: the response); writes charts and a report when asked.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if let f @ (Format::Html | Format::Svg) = ctx.format {
        return Err(f.only_for_report("uncertainty", ctx.lang));
    }
    let req = request(ctx, args)?;
    let name = display_name(&args.input);
    let req: RobustnessRequest = renxing_ops::read_request("robustness", req)
        .map_err(|e| CliError::op(Some(&name), &e, ctx.lang))?;
    let resp =
        Robustness::run(req, &ctx.ops).map_err(|e| CliError::op(Some(&name), &e, ctx.lang))?;
    if let (Some(dir), Some(c)) = (&args.charts, &resp.charts) {
        write_output(&dir.join("rank-intervals.svg"), &c.rank_intervals, ctx.lang)?;
        if let Some(s) = &c.sobol {
            write_output(&dir.join("sobol.svg"), s, ctx.lang)?;
        }
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
    ctx.emit(&text(ctx, &resp));
    Ok(())
}
