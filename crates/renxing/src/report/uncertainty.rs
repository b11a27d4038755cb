//! The uncertainty section of a report: how sure each rank and level is (rank intervals, level
//! probabilities, pairwise outranking) and which choice matters most (Sobol indices, the
//! one-at-a-time view).

use super::doc::{Block, Doc};
use super::{html, markdown, MarkdownReport, ReportOptions};
use crate::chart::{self, ChartError, ChartOptions};
use crate::lang::{Lang, Text};
use crate::text::Table;
use crate::uncertainty::{factor_name, SensitivityResult, UncertaintyResult};

const TITLE: Text = Text {
    zh: "排名的稳健性:不确定性与敏感性分析",
    en: "How robust is the ranking: uncertainty and sensitivity",
};
const SECTION: Text = Text {
    zh: "不确定性与敏感性",
    en: "Uncertainty and sensitivity",
};
const RUNS: Text = Text {
    zh: "模拟次数",
    en: "Runs",
};
const SEED: Text = Text {
    zh: "随机种子",
    en: "Seed",
};
const INPUTS: Text = Text {
    zh: "不确定输入",
    en: "Uncertain inputs",
};
const MARS: Text = Text {
    zh: "平均绝对排名变动(中位,5%–95%)",
    en: "Mean absolute rank shift (median, 5–95%)",
};
const ANSWER: Text = Text {
    zh: "影响最大的选择",
    en: "The choice that matters most",
};
const NONE_MOVES: Text = Text {
    zh: "各次模拟中排名都没有变化,没有哪个选择产生影响。",
    en: "No run changed any rank: no choice matters.",
};
const RANKS_H: Text = Text {
    zh: "排名与等级有多确定",
    en: "How sure is each rank and level",
};
const UNIT: Text = Text {
    zh: "单位",
    en: "Unit",
};
const NOMINAL: Text = Text {
    zh: "名义排名",
    en: "Nominal rank",
};
const MEDIAN: Text = Text {
    zh: "中位排名",
    en: "Median rank",
};
const INTERVAL: Text = Text {
    zh: "5%–95% 区间",
    en: "5–95% interval",
};
const SHIFT: Text = Text {
    zh: "平均排名变动",
    en: "Mean rank shift",
};
const P_LEVEL: Text = Text {
    zh: "等级概率",
    en: "P(level)",
};
const PAIRWISE: Text = Text {
    zh: "行单位排名高于列单位的概率",
    en: "Probability that the row unit ranks above the column unit",
};
const SOBOL_H: Text = Text {
    zh: "哪个选择最重要(Sobol 指数)",
    en: "Which choice matters most (Sobol indices)",
};
const FACTOR: Text = Text {
    zh: "不确定输入",
    en: "Uncertain input",
};
const FIRST: Text = Text {
    zh: "一阶指数 [区间]",
    en: "First-order [interval]",
};
const TOTAL: Text = Text {
    zh: "总指数 [区间]",
    en: "Total [interval]",
};
const OAT_H: Text = Text {
    zh: "逐一替换一个选择",
    en: "One choice at a time",
};
const ALTERNATIVE: Text = Text {
    zh: "替换为",
    en: "Alternative",
};
const OAT_MEAN: Text = Text {
    zh: "平均绝对排名变动",
    en: "Mean |rank change|",
};
const OAT_MAX: Text = Text {
    zh: "最大排名变动",
    en: "Largest |rank change|",
};
const CAP_RANKS: Text = Text {
    zh: "各单位的排名区间:横条为 5%–95% 区间,圆点为中位排名,菱形为名义排名。",
    en: "Rank intervals: the band is the 5–95% interval, the dot the median rank, the diamond the nominal rank.",
};
const CAP_SOBOL: Text = Text {
    zh: "各不确定输入对平均绝对排名变动的一阶与总 Sobol 指数,误差线为自助法区间。",
    en: "First-order and total Sobol indices of each uncertain input on the mean absolute rank shift, with bootstrap intervals.",
};

fn f2(v: f64) -> String {
    format!("{v:.2}")
}

/// A rank (an integer, or a percentile between two ranks): at most two decimals, no trailing
/// zeros.
fn rank(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => ":",
        Lang::En => ": ",
    }
}

/// The blocks of the uncertainty section (a level-2 heading and its content).
pub(super) fn section(
    unc: &UncertaintyResult,
    sens: Option<&SensitivityResult>,
    lang: Lang,
) -> Result<Vec<Block>, ChartError> {
    let t = |x: Text| x.get(lang).to_owned();
    let mut b = vec![Block::Heading(2, t(SECTION))];
    let m = &unc.mean_abs_rank_shift;
    b.push(Block::Facts(vec![
        (t(RUNS), unc.spec.runs.to_string()),
        (t(SEED), unc.spec.seed.to_string()),
        (
            t(INPUTS),
            unc.factors
                .iter()
                .map(|f| factor_name(f, lang))
                .collect::<Vec<_>>()
                .join(if lang == Lang::Zh { "、" } else { ", " }),
        ),
        (
            t(MARS),
            format!("{} ({}–{})", f2(m.median), f2(m.p5), f2(m.p95)),
        ),
    ]));
    if let Some(s) = sens {
        let answer = match s.most_influential() {
            Some(top) => {
                let name = s
                    .factors
                    .get(top.index)
                    .map_or_else(|| top.factor.clone(), |f| factor_name(f, lang));
                match lang {
                    Lang::Zh => format!(
                        "{}{}{name}(总指数 {},区间 {}–{};一阶指数 {})。",
                        t(ANSWER),
                        sep(lang),
                        f2(top.total),
                        f2(top.total_ci[0]),
                        f2(top.total_ci[1]),
                        f2(top.first_order)
                    ),
                    Lang::En => format!(
                        "{}{}{name} (total index {}, interval {}–{}; first-order {}).",
                        t(ANSWER),
                        sep(lang),
                        f2(top.total),
                        f2(top.total_ci[0]),
                        f2(top.total_ci[1]),
                        f2(top.first_order)
                    ),
                }
            }
            None => t(NONE_MOVES),
        };
        b.push(Block::Para(answer));
    }

    b.push(Block::Heading(3, t(RANKS_H)));
    let copts = ChartOptions::new(lang).with_id_prefix("rx-unc");
    b.push(Block::Chart(
        "rank-intervals",
        t(CAP_RANKS),
        chart::rank_intervals(unc, &copts)?,
    ));
    let mut headers = vec![t(UNIT), t(NOMINAL), t(MEDIAN), t(INTERVAL), t(SHIFT)];
    for l in &unc.levels {
        headers.push(format!("{} {l}", t(P_LEVEL)));
    }
    let mut order: Vec<usize> = (0..unc.unit_stats.len()).collect();
    order.sort_by(|&a, &b| {
        let (ua, ub) = (&unc.unit_stats[a], &unc.unit_stats[b]);
        ua.rank
            .median
            .total_cmp(&ub.rank.median)
            .then(ua.nominal_rank.cmp(&ub.nominal_rank))
            .then(a.cmp(&b))
    });
    b.push(Block::Table(Table {
        title: String::new(),
        headers,
        rows: order
            .iter()
            .map(|&i| {
                let u = &unc.unit_stats[i];
                let mut row = vec![
                    u.id.clone(),
                    u.nominal_rank.to_string(),
                    rank(u.rank.median),
                    format!("{}–{}", rank(u.rank.p5), rank(u.rank.p95)),
                    format!("{:+.2}", u.mean_rank_shift),
                ];
                row.extend(u.level_probabilities.iter().map(|p| f2(*p)));
                row
            })
            .collect(),
    }));
    if let Some(p) = &unc.pairwise {
        let n = p.units.len();
        if n <= 20 {
            let mut headers = vec![String::new()];
            headers.extend(p.units.iter().cloned());
            b.push(Block::Table(Table {
                title: t(PAIRWISE),
                headers,
                rows: (0..n)
                    .map(|a| {
                        let mut row = vec![p.units[a].clone()];
                        row.extend((0..n).map(|c| {
                            if a == c {
                                "–".to_owned()
                            } else {
                                f2(p.p[a * n + c])
                            }
                        }));
                        row
                    })
                    .collect(),
            }));
        }
    }

    if let Some(s) = sens {
        b.push(Block::Heading(3, t(SOBOL_H)));
        let copts = ChartOptions::new(lang).with_id_prefix("rx-sobol");
        b.push(Block::Chart(
            "sobol",
            t(CAP_SOBOL),
            chart::sobol_bars(s, None, &copts)?,
        ));
        let ix = &s.mean_abs_rank_shift.indices;
        let cell = |v: Option<&f64>, c: Option<&[f64; 2]>| match (v, c) {
            (Some(v), Some(c)) => format!("{} [{}, {}]", f2(*v), f2(c[0]), f2(c[1])),
            (Some(v), None) => f2(*v),
            _ => "–".to_owned(),
        };
        b.push(Block::Table(Table {
            title: String::new(),
            headers: vec![t(FACTOR), t(FIRST), t(TOTAL)],
            rows: s
                .influence()
                .iter()
                .map(|inf| {
                    let i = inf.index;
                    vec![
                        s.factors
                            .get(i)
                            .map_or_else(|| inf.factor.clone(), |f| factor_name(f, lang)),
                        cell(ix.first_order.get(i), ix.first_order_ci.get(i)),
                        cell(ix.total.get(i), ix.total_ci.get(i)),
                    ]
                })
                .collect(),
        }));
        if !s.one_at_a_time.is_empty() {
            b.push(Block::Heading(3, t(OAT_H)));
            b.push(Block::Table(Table {
                title: String::new(),
                headers: vec![t(FACTOR), t(ALTERNATIVE), t(OAT_MEAN), t(OAT_MAX)],
                rows: s
                    .one_at_a_time
                    .iter()
                    .map(|r| {
                        let name = s
                            .factors
                            .iter()
                            .find(|f| f.label == r.factor)
                            .map_or_else(|| r.factor.clone(), |f| factor_name(f, lang));
                        vec![
                            name,
                            r.alternative.clone(),
                            f2(r.mean_abs_rank_shift),
                            r.max_abs_rank_shift.to_string(),
                        ]
                    })
                    .collect(),
            }));
        }
    }
    Ok(b)
}

fn doc(
    unc: &UncertaintyResult,
    sens: Option<&SensitivityResult>,
    options: &ReportOptions,
) -> Result<Doc, ChartError> {
    Ok(Doc {
        title: options
            .title
            .clone()
            .unwrap_or_else(|| TITLE.get(options.lang).to_owned()),
        lang: options.lang,
        blocks: section(unc, sens, options.lang)?,
    })
}

/// The HTML report of an uncertainty analysis and, when given, the sensitivity analysis of the
/// same data (one self-contained file: rank-interval chart and table, level probabilities,
/// pairwise outranking, the most influential choice, the Sobol chart and table, the
/// one-at-a-time view).
///
/// # Errors
/// [`ChartError::Empty`] for a result without units or factors.
///
/// ```
/// use renxing::composite::{Dataset, IndicatorMeta, Pipeline};
/// use renxing::report::{html_uncertainty_report, ReportOptions};
/// use renxing::uncertainty::{uncertainty, Factor, UncertaintySpec};
/// use renxing::Lang;
/// let d = Dataset::new(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec![IndicatorMeta::new("x", "d1"), IndicatorMeta::new("y", "d1")],
///     vec![1.0, 9.0, 5.0, 5.0, 9.0, 1.0],
/// );
/// let p: Pipeline = serde_json::from_str(
///     r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}]}"#).unwrap();
/// let spec = UncertaintySpec {
///     factors: vec![Factor::WeightNoise { level: Default::default(), share: 0.5 }],
///     runs: 100,
///     ..UncertaintySpec::default()
/// };
/// let u = uncertainty(&p, &d, &spec).unwrap();
/// let html = html_uncertainty_report(&u, None, &ReportOptions::new(Lang::En))?;
/// assert!(html.contains("<h2>Uncertainty and sensitivity</h2>"));
/// assert!(html.contains("class=\"rx-unit\""));
/// # Ok::<(), renxing::chart::ChartError>(())
/// ```
pub fn html_uncertainty_report(
    unc: &UncertaintyResult,
    sens: Option<&SensitivityResult>,
    options: &ReportOptions,
) -> Result<String, ChartError> {
    Ok(html::render_with(None, &doc(unc, sens, options)?))
}

/// The Markdown report of [`html_uncertainty_report`], the charts as separate SVG files.
///
/// # Errors
/// As [`html_uncertainty_report`].
pub fn markdown_uncertainty_report(
    unc: &UncertaintyResult,
    sens: Option<&SensitivityResult>,
    options: &ReportOptions,
) -> Result<MarkdownReport, ChartError> {
    Ok(markdown::render_with(
        None,
        &doc(unc, sens, options)?,
        &options.chart_prefix,
    ))
}
