//! `renxing agree FILE...`: inter-rater agreement of several coders (issue 9).

use renxing::agree::{ConsensusOptions, ConsensusRule, DisagreementOptions, TieRule};
use renxing::text::Table;
use renxing::{Lang, Msg};
use renxing_ops::{Agree, AgreeRequest, AgreeResponse};

use crate::context::{Context, Format};
use crate::error::CliError;

/// Arguments of `renxing agree`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Assessment files of several coders: one file per coder (the file name is the coder of
    /// ratings that name no rater), one multi-coder file, or a long table (.csv) with a rater
    /// column.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<String>,
    /// Resolve each community by a consensus rule and show its scorecard: median, mode,
    /// mode-higher, mode-error, minimum, or adjudicator:NAME.
    #[arg(long, value_name = "RULE")]
    pub consensus: Option<String>,
    /// A dimension is contested when its coders are more than this many steps apart.
    #[arg(long, value_name = "STEPS", default_value_t = 1.0)]
    pub contested_above: f64,
    /// List only the disagreements of more than this many steps (default: any difference).
    #[arg(long, value_name = "STEPS", default_value_t = 0.0)]
    pub more_than: f64,
    /// Bootstrap draws of α's interval (0: no interval).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub draws: usize,
    /// The bootstrap's seed.
    #[arg(long, value_name = "SEED", default_value_t = 0)]
    pub seed: u64,
    /// Write each community's resolved assessment (schema_version 2, every coding kept) into
    /// this directory as ID.json (with --consensus).
    #[arg(long, value_name = "DIR", requires = "consensus")]
    pub write: Option<String>,
}

fn rule(s: &str, lang: Lang) -> Result<ConsensusRule, CliError> {
    Ok(match s {
        "median" => ConsensusRule::Median,
        "mode" => ConsensusRule::Mode { ties: TieRule::Lower },
        "mode-higher" => ConsensusRule::Mode { ties: TieRule::Higher },
        "mode-error" => ConsensusRule::Mode { ties: TieRule::Error },
        "minimum" => ConsensusRule::Minimum,
        other => match other.strip_prefix("adjudicator:") {
            Some(name) if !name.trim().is_empty() => ConsensusRule::Adjudicator {
                coder: name.to_owned(),
            },
            _ => {
                return Err(CliError::usage(
                    lang,
                    Msg::new(
                        format!("--consensus {other:?}:可用 median、mode、mode-higher、mode-error、minimum、adjudicator:名字"),
                        format!("--consensus {other:?}: expected median, mode, mode-higher, mode-error, minimum or adjudicator:NAME"),
                    ),
                ))
            }
        },
    })
}

/// Reads the files, calls the `agree` operation and prints the agreement table, the
/// disagreements and (with `--consensus`) each community's consensus. JSON output: the
/// operation's response.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    if let f @ (Format::Html | Format::Svg) = ctx.format {
        return Err(f.only_for_report("agree", ctx.lang));
    }
    let mut assessments = Vec::new();
    let mut coders = Vec::new();
    for f in &args.files {
        let list = ctx.read_assessments(std::slice::from_ref(f))?;
        let stem = std::path::Path::new(f)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(f)
            .to_owned();
        coders.extend(std::iter::repeat_n(stem, list.len()));
        assessments.extend(list);
    }
    let consensus = match &args.consensus {
        Some(r) => Some(ConsensusOptions {
            rule: rule(r, ctx.lang)?,
            contested_above: args.contested_above,
        }),
        None => None,
    };
    let mut agreement = renxing::agree::AgreementSpec::default();
    if args.draws > 0 {
        agreement.alpha = agreement
            .alpha
            .with_bootstrap(renxing::agree::BootstrapOptions {
                draws: args.draws,
                seed: args.seed,
                ..Default::default()
            });
    }
    let response = ctx.call::<Agree>(AgreeRequest {
        assessments,
        coders: Some(coders),
        agreement,
        disagreements: DisagreementOptions {
            more_than: args.more_than,
        },
        consensus,
        options: ctx.options.clone(),
        framework: None,
    })?;
    if let Some(dir) = &args.write {
        for c in &response.consensus {
            let path = std::path::Path::new(dir).join(format!("{}.json", c.assessment.id));
            std::fs::write(&path, c.assessment.to_json() + "\n").map_err(|e| {
                CliError::op(
                    None,
                    &renxing::Error::from(renxing::Problem::new(
                        renxing::ErrorCode::Io,
                        Msg::new(
                            format!("无法写入 {}:{e}", path.display()),
                            format!("cannot write {}: {e}", path.display()),
                        ),
                    )),
                    ctx.lang,
                )
            })?;
        }
    }
    if ctx.format == Format::Json {
        return ctx.emit_json(&response);
    }
    ctx.emit(&render(&response, ctx));
    Ok(())
}

fn fmt(x: f64) -> String {
    format!("{x:.3}")
}

/// The three tables as text or Markdown (layout by the core's `Table`).
fn render(r: &AgreeResponse, ctx: &Context) -> String {
    let zh = ctx.lang == Lang::Zh;
    let w = |z: &str, e: &str| if zh { z.to_owned() } else { e.to_owned() };
    let style = match ctx.style() {
        renxing_ops::TextStyle::Markdown => renxing::text::Style::Markdown,
        _ => renxing::text::Style::Plain,
    };
    let mut out = String::new();
    let mut rows = Vec::new();
    for g in std::iter::once(&r.agreement.overall).chain(&r.agreement.groups) {
        let group = g.group.clone().unwrap_or_else(|| w("全部", "all"));
        for m in &g.results {
            let v = serde_json::to_value(m).unwrap_or_default();
            let name = v["measure"].as_str().unwrap_or_default().to_owned();
            let interval = v["bootstrap"]["interval"]
                .as_object()
                .map(|i| {
                    format!(
                        "[{}, {}]",
                        fmt(i["lower"].as_f64().unwrap_or(f64::NAN)),
                        fmt(i["upper"].as_f64().unwrap_or(f64::NAN))
                    )
                })
                .unwrap_or_default();
            rows.push(vec![group.clone(), name, fmt(m.value()), interval]);
        }
        for s in &g.skipped {
            let v = serde_json::to_value(s).unwrap_or_default();
            rows.push(vec![
                group.clone(),
                v["measure"].as_str().unwrap_or_default().to_owned(),
                "—".to_owned(),
                s.error.reason().to_owned(),
            ]);
        }
    }
    out.push_str(
        &Table {
            title: w("编码者间一致性", "Inter-rater agreement"),
            headers: vec![
                w("维度", "dimension"),
                w("指标", "measure"),
                w("值", "value"),
                w("95% 区间", "95% interval"),
            ],
            rows,
        }
        .render(style),
    );
    out.push('\n');
    let coders = r.disagreements.coders.clone();
    let mut headers = vec![w("单元", "unit")];
    headers.extend(coders.iter().cloned());
    headers.push(w("差距", "spread"));
    let rows = r
        .disagreements
        .rows
        .iter()
        .map(|d| {
            let mut row = vec![d.unit.clone()];
            for c in &d.codings {
                let mut cell = c
                    .label
                    .clone()
                    .or_else(|| c.value.map(fmt))
                    .unwrap_or_else(|| "—".to_owned());
                if let Some(e) = &c.evidence {
                    cell.push_str(&format!(" ({e})"));
                }
                row.push(cell);
            }
            row.push(fmt(d.spread));
            row
        })
        .collect();
    out.push_str(
        &Table {
            title: w("分歧", "Disagreements"),
            headers,
            rows,
        }
        .render(style),
    );
    for c in &r.consensus {
        out.push('\n');
        let rows = c
            .scorecard
            .dimensions
            .iter()
            .map(|d| {
                vec![
                    d.id.clone(),
                    d.grade
                        .as_ref()
                        .map_or_else(|| "—".to_owned(), |g| g.level.clone()),
                    d.spread.map(fmt).unwrap_or_default(),
                    if d.contested {
                        w("有争议", "contested")
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        out.push_str(
            &Table {
                title: format!(
                    "{} · {} ({})",
                    c.community,
                    w("共识评分", "consensus scorecard"),
                    c.scorecard
                        .overall
                        .as_ref()
                        .map_or_else(|| "—".to_owned(), |g| g.level.clone())
                ),
                headers: vec![
                    w("维度", "dimension"),
                    w("等级", "level"),
                    w("差距", "spread"),
                    w("争议", "contested"),
                ],
                rows,
            }
            .render(style),
        );
    }
    out
}
