//! `renxing qca`: Qualitative Comparative Analysis of a case table (CSV) or of assessments (files
//! and the paper's reference cases A/B/C) — the truth table, the conservative, parsimonious and
//! intermediate solutions with consistency, PRI and coverage, formulas with the conditions'
//! labels, the XY plot (`-o`) and a report. Calls the `read_qca_table`, `qca`, `qca_xy_chart`
//! and `qca_report` operations.

use std::fmt::Write as _;
use std::path::PathBuf;

use renxing::Msg;
use renxing_ops::{
    Operation, Qca, QcaReport, QcaReportRequest, QcaRequest, QcaResponse, QcaXyChart,
    QcaXyChartRequest, ReadQcaTable, ReadQcaTableRequest, ReportFormat, ReportSpec,
};
use serde_json::{json, Map, Value};

use crate::context::{display_name, read_input, write_output, Context, Format};
use crate::error::CliError;

/// Arguments of `renxing qca`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Assessment files (`.json`, `.jsonl`, `.csv`), each a case; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// A case table instead of assessments (CSV: case ids, then the conditions and the outcome).
    #[arg(long, value_name = "CSV", conflicts_with_all = ["files", "reference_cases"])]
    pub table: Option<String>,
    /// With --table: the outcome column (default: the last). With assessments: a dimension or
    /// attribute id as the outcome (default: the overall grade, `resilience`).
    #[arg(long)]
    pub outcome: Option<String>,
    /// With assessments: outcome memberships one per case (in the order the cases come: the
    /// reference cases, then the files), e.g. `1,0,1`; named by --outcome (default `outcome`).
    #[arg(long, value_delimiter = ',', value_name = "VALUES")]
    pub outcome_values: Vec<f64>,
    /// Include the paper's reference cases, e.g. `a,b,c`.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub reference_cases: Vec<String>,
    /// With assessments: the conditions are the `dimensions` (default) or the `attributes`.
    #[arg(long, value_name = "UNITS")]
    pub units: Option<String>,
    /// With assessments: `crisp` (default: the top level is 1, others 0) or `fuzzy` (default
    /// memberships low 0, medium 0.33, high 1, by the reported level).
    #[arg(long, value_name = "KIND")]
    pub membership: Option<String>,
    /// With `--membership crisp`: the lowest level counted as present (default: the top level).
    #[arg(long, value_name = "LEVEL")]
    pub at_least: Option<String>,
    /// With `--membership fuzzy`: the membership of each level, e.g. `low=0,medium=0.4,high=1`.
    #[arg(long, value_delimiter = ',', value_name = "LEVEL=M")]
    pub levels: Vec<String>,
    /// Calibrate a column of a table: `NAME=crisp:T[,T…]`, `NAME=fuzzy:E,C,I` (exclusion,
    /// crossover, inclusion) or `NAME=indirect:T,…`; `*=…` for every condition; repeatable.
    #[arg(long = "calibrate", value_name = "NAME=SPEC")]
    pub calibrate: Vec<String>,
    /// Inclusion cut-off of a positive truth-table row (default 1).
    #[arg(long)]
    pub incl_cut: Option<f64>,
    /// Frequency cut-off (default 1).
    #[arg(long)]
    pub n_cut: Option<usize>,
    /// PRI cut-off (default 0).
    #[arg(long)]
    pub pri_cut: Option<f64>,
    /// Explain the negated outcome (~Y).
    #[arg(long)]
    pub negate: bool,
    /// Directional expectations for the intermediate solution, R's notation (`A, ~B`); with
    /// assessments the default is the presence of every condition.
    #[arg(long, value_name = "EXPR")]
    pub dir_exp: Option<String>,
    /// Write the XY plot (SVG) of a solution to this file.
    #[arg(short = 'o', long = "output", value_name = "SVG")]
    pub output: Option<PathBuf>,
    /// The solution of the XY plot: `parsimonious` (default), `conservative`, `intermediate`.
    #[arg(long, value_name = "KIND")]
    pub plot: Option<String>,
    /// The model of the XY plot, 1-based (R's M1 is 1).
    #[arg(long, default_value_t = 1)]
    pub model: usize,
    /// Write a report: `.html` (self-contained) or `.md` (the XY plots beside it).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

fn usage(ctx: &Context, zh: String, en: String) -> CliError {
    CliError::usage(ctx.lang, Msg::new(zh, en))
}

fn numbers(ctx: &Context, spec: &str, s: &str) -> Result<Vec<f64>, CliError> {
    s.split(',')
        .map(|x| {
            x.trim().parse::<f64>().map_err(|_| {
                usage(
                    ctx,
                    format!("--calibrate {spec}:{x:?} 不是数"),
                    format!("--calibrate {spec}: {x:?} is not a number"),
                )
            })
        })
        .collect()
}

/// `NAME=crisp:1,2` → (NAME, calibration JSON).
fn calibration(ctx: &Context, spec: &str) -> Result<(String, Value), CliError> {
    let bad = || {
        usage(
            ctx,
            format!(
                "--calibrate {spec}:应为 名称=crisp:阈值、名称=fuzzy:E,C,I 或 名称=indirect:阈值"
            ),
            format!(
                "--calibrate {spec}: expected NAME=crisp:T, NAME=fuzzy:E,C,I or NAME=indirect:T"
            ),
        )
    };
    let (name, rest) = spec.split_once('=').ok_or_else(bad)?;
    let (method, args) = rest.split_once(':').ok_or_else(bad)?;
    let v = numbers(ctx, spec, args)?;
    let cal = match method.trim() {
        "crisp" => json!({"method": "crisp", "thresholds": v}),
        "indirect" => json!({"method": "indirect", "thresholds": v}),
        "fuzzy" if v.len() == 3 => {
            json!({"method": "fuzzy", "exclusion": v[0], "crossover": v[1], "inclusion": v[2]})
        }
        _ => return Err(bad()),
    };
    Ok((name.trim().to_owned(), cal))
}

fn request(ctx: &Context, args: &Args) -> Result<Value, CliError> {
    let mut req = Map::new();
    if let Some(t) = &args.table {
        let text = read_input(t, ctx.lang)?;
        let table = ReadQcaTable::run(
            ReadQcaTableRequest {
                text,
                outcome: args.outcome.clone(),
            },
            &ctx.ops,
        )
        .map_err(|e| CliError::op(Some(&display_name(t)), &e, ctx.lang))?;
        if !args.calibrate.is_empty() {
            let mut conds = vec![Value::Null; table.conditions.len()];
            let mut outcome = Value::Null;
            for spec in &args.calibrate {
                let (name, cal) = calibration(ctx, spec)?;
                if name == "*" {
                    conds.iter_mut().for_each(|c| *c = cal.clone());
                } else if name == table.outcome {
                    outcome = cal;
                } else if let Some(j) = table.conditions.iter().position(|c| c == &name) {
                    conds[j] = cal;
                } else {
                    return Err(usage(
                        ctx,
                        format!("--calibrate:表中没有列 {name:?}"),
                        format!("--calibrate: the table has no column {name:?}"),
                    ));
                }
            }
            req.insert(
                "calibration".into(),
                json!({"conditions": conds, "outcome": outcome}),
            );
        }
        req.insert("table".into(), json!(table));
    } else {
        if args.files.is_empty() && args.reference_cases.is_empty() {
            return Err(usage(
                ctx,
                "请给出评估文件、--reference-cases 或 --table".into(),
                "give assessment files, --reference-cases or --table".into(),
            ));
        }
        if !args.calibrate.is_empty() {
            return Err(usage(
                ctx,
                "--calibrate 只用于 --table;评估的隶属度由 --membership 决定".into(),
                "--calibrate is for --table; assessments are mapped by --membership".into(),
            ));
        }
        let assessments = ctx.read_assessments(&args.files)?;
        let mut mapping = Map::new();
        if let Some(u) = &args.units {
            mapping.insert("units".into(), json!(u));
        }
        let membership = match args.membership.as_deref() {
            None | Some("crisp") => json!({"kind": "crisp", "at_least": args.at_least}),
            Some("fuzzy") => {
                let levels = if args.levels.is_empty() {
                    Value::Null
                } else {
                    let mut m = Map::new();
                    for l in &args.levels {
                        let (k, v) = l.split_once('=').ok_or_else(|| {
                            usage(
                                ctx,
                                format!("--levels {l}:应为 级别=隶属度"),
                                format!("--levels {l}: expected LEVEL=MEMBERSHIP"),
                            )
                        })?;
                        let v: f64 = v.trim().parse().map_err(|_| {
                            usage(
                                ctx,
                                format!("--levels {l}:不是数"),
                                format!("--levels {l}: not a number"),
                            )
                        })?;
                        m.insert(k.trim().to_owned(), json!(v));
                    }
                    Value::Object(m)
                };
                json!({"kind": "fuzzy", "levels": levels})
            }
            Some(other) => {
                return Err(usage(
                    ctx,
                    format!("--membership {other}:应为 crisp 或 fuzzy"),
                    format!("--membership {other}: expected crisp or fuzzy"),
                ))
            }
        };
        mapping.insert("membership".into(), membership);
        let outcome = if !args.outcome_values.is_empty() {
            json!({"kind": "values", "name": args.outcome.clone().unwrap_or_else(|| "outcome".into()), "values": args.outcome_values})
        } else if let Some(id) = &args.outcome {
            json!({"kind": "unit", "id": id})
        } else {
            json!({"kind": "overall"})
        };
        mapping.insert("outcome".into(), outcome);
        req.insert(
            "cases".into(),
            json!({
                "reference_cases": args.reference_cases,
                "assessments": assessments,
                "mapping": mapping,
            }),
        );
    }
    let mut tt = Map::new();
    if let Some(x) = args.incl_cut {
        tt.insert("incl_cut".into(), json!(x));
    }
    if let Some(x) = args.n_cut {
        tt.insert("n_cut".into(), json!(x));
    }
    if let Some(x) = args.pri_cut {
        tt.insert("pri_cut".into(), json!(x));
    }
    if args.negate {
        tt.insert("negate_outcome".into(), json!(true));
    }
    req.insert("truth_table".into(), Value::Object(tt));
    Ok(Value::Object(req))
}

fn f3(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

fn text(ctx: &Context, r: &QcaResponse) -> String {
    let zh = ctx.lang == renxing::Lang::Zh;
    // the operation's text is R's English; zh gets zh headers (R's names in parentheses)
    let mut o = if zh {
        renxing::qca::analysis_text(&r.truth_table, &r.minimization, ctx.lang)
    } else {
        r.text.clone()
    };
    if !r.labels.is_empty() {
        let _ = writeln!(
            o,
            "\n{}",
            if zh {
                "带标签的解:"
            } else {
                "Solutions with labels:"
            }
        );
        for m in &r.models {
            let kind = match (m.kind, zh) {
                (renxing::qca::SolutionKind::Conservative, true) => "复杂解",
                (renxing::qca::SolutionKind::Parsimonious, true) => "简约解",
                (_, true) => "中间解",
                (renxing::qca::SolutionKind::Conservative, false) => "conservative",
                (renxing::qca::SolutionKind::Parsimonious, false) => "parsimonious",
                (_, false) => "intermediate",
            };
            let pair = if m.kind == renxing::qca::SolutionKind::Intermediate
                && r.minimization.intermediate.len() > 1
            {
                r.minimization
                    .intermediate
                    .get(m.pair)
                    .map_or_else(String::new, |i| {
                        format!(" C{}P{}", i.conservative + 1, i.parsimonious + 1)
                    })
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "  {kind}{pair} M{}: {}  (inclS {}, PRI {}, covS {})",
                m.model + 1,
                if zh { &m.zh } else { &m.en },
                f3(m.fit.inclusion),
                f3(m.fit.pri),
                f3(m.fit.coverage)
            );
        }
    }
    o
}

/// Runs `renxing qca`.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if let f @ (Format::Html | Format::Svg) = ctx.format {
        return Err(f.only_for_report("qca", ctx.lang));
    }
    let mut req = request(ctx, args)?;
    if let Some(d) = &args.dir_exp {
        req["dir_exp"] = json!(d);
    }
    let qreq: QcaRequest =
        renxing_ops::read_request("qca", req).map_err(|e| CliError::op(None, &e, ctx.lang))?;
    let resp = Qca::run(qreq.clone(), &ctx.ops).map_err(|e| CliError::op(None, &e, ctx.lang))?;
    if let Some(path) = &args.output {
        let kind = args.plot.clone().unwrap_or_else(|| "parsimonious".into());
        let plot: renxing::qca::XyChoice = serde_json::from_value(json!({
            "kind": kind,
            "model": args.model.saturating_sub(1),
        }))
        .map_err(|_| {
            usage(
                ctx,
                format!("--plot {kind}:应为 conservative、parsimonious 或 intermediate"),
                format!("--plot {kind}: expected conservative, parsimonious or intermediate"),
            )
        })?;
        let svg = QcaXyChart::run(
            QcaXyChartRequest {
                qca: qreq.clone(),
                plot,
                chart: renxing_ops::ChartSpec {
                    lang: Some(ctx.lang),
                    ..renxing_ops::ChartSpec::default()
                },
            },
            &ctx.ops,
        )
        .map_err(|e| CliError::op(None, &e, ctx.lang))?;
        write_output(path, &svg.svg, ctx.lang)?;
    }
    if let Some(path) = &args.report {
        let md = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let stem = path
            .file_stem()
            .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
        let rep = QcaReport::run(
            QcaReportRequest {
                qca: qreq,
                report: ReportSpec {
                    format: if md {
                        ReportFormat::Markdown
                    } else {
                        ReportFormat::Html
                    },
                    lang: Some(ctx.lang),
                    chart_prefix: md.then_some(stem),
                    ..ReportSpec::default()
                },
            },
            &ctx.ops,
        )
        .map_err(|e| CliError::op(None, &e, ctx.lang))?;
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
