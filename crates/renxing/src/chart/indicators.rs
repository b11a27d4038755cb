//! Charts of a framework-driven indicator run (issue 10): each unit's contributions to the
//! overall index (stacked bars of weight × normalised value, per dimension or per indicator),
//! its obstacle degrees per dimension (stacked bars summing to 100%), and the rank table.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::svg::{self, esc, num, text, text_width};
use super::{ChartError, ChartOptions};
use crate::composite::{AggMethod, FrameworkIndicatorResult, Step, Target};
use crate::framework::Framework;
use crate::lang::{Lang, Text};

/// What a contribution bar is split into.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContributionParts {
    /// One segment per dimension: the sum over its indicators (the default).
    #[default]
    Dimension,
    /// One segment per indicator (coloured by its dimension).
    Indicator,
}

const CONTRIB_TITLE: Text = Text {
    zh: "各单位综合得分的构成",
    en: "What makes up each unit's overall score",
};
const CONTRIB_DESC: Text = Text {
    zh: "堆积条形图:每行一个单位,按综合排名排序;每段为指标的综合权重 × 标准化值(按维度合计),各段之和在算术聚合下等于综合得分。",
    en: "Stacked bar chart: one row per unit, sorted by overall rank; each segment is an indicator's weight in the index × its normalised value (summed per dimension); under arithmetic aggregation the segments add up to the overall score.",
};
const NOT_ARITHMETIC: Text = Text {
    zh: "注意:本流程的聚合不全是算术平均,各段之和不等于综合得分。",
    en: "Note: this pipeline does not aggregate by arithmetic means throughout, so the segments do not add up to the overall score.",
};
const OBSTACLE_TITLE: Text = Text {
    zh: "障碍度(按维度)",
    en: "Obstacle degree by dimension",
};
const OBSTACLE_DESC: Text = Text {
    zh: "堆积条形图:每行一个单位,按综合排名排序;每段为一个维度各指标障碍度之和,合计 100%;右侧为障碍度最大的指标。",
    en: "Stacked bar chart: one row per unit, sorted by overall rank; each segment is a dimension's summed obstacle degree, 100% in all; on the right the indicator with the largest obstacle degree.",
};
const RANK_TITLE: Text = Text {
    zh: "排名表",
    en: "Rank table",
};
const RANK_DESC: Text = Text {
    zh: "表格:每行一个单位,按综合排名排序,列出排名、综合得分、综合等级、TOPSIS 贴近度与 TOPSIS 排名。",
    en: "Table: one row per unit, sorted by overall rank, with the rank, overall score, overall level, TOPSIS closeness and TOPSIS rank.",
};

/// Okabe–Ito, then two greys: one colour per dimension (cycled beyond ten).
const PALETTE: [&str; 10] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    "#999999", "#666666",
];

fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Units in the order of the overall ranks (then the input order).
fn rank_order(r: &FrameworkIndicatorResult) -> (Vec<usize>, Option<Vec<u32>>) {
    let res = &r.result;
    let ranks = res
        .ranks()
        .and_then(|x| x.columns.iter().find(|c| c.target == Target::Overall))
        .map(|c| c.ranks.clone());
    let mut order: Vec<usize> = (0..res.units.len()).collect();
    match (&ranks, res.aggregation()) {
        (Some(rk), _) => order.sort_by_key(|&u| (rk.get(u).copied().unwrap_or(u32::MAX), u)),
        (None, Some(a)) => order.sort_by(|&x, &y| {
            let v = |u: usize| a.overall.get(u).copied().unwrap_or(f64::NAN);
            v(y).total_cmp(&v(x)).then(x.cmp(&y))
        }),
        (None, None) => {}
    }
    (order, ranks)
}

fn dim_label(fw: &Framework, id: &str, lang: Lang) -> String {
    fw.label_or_id(id, lang.id()).to_owned()
}

fn indicator_label(fw: &Framework, id: &str, lang: Lang) -> String {
    fw.indicator(id)
        .map_or(id, |i| i.labels.get(lang.id()))
        .to_owned()
}

/// One stacked bar: (part id, label, colour index, value).
type Segment = (String, String, usize, f64);

struct Bars<'a> {
    class: &'a str,
    title: String,
    desc: String,
    axis_max: f64,
    /// `%` after tick values.
    percent: bool,
    /// The right-hand text of each row.
    right: Vec<String>,
    right_w: f64,
    units: Vec<String>,
    rows: Vec<Vec<Segment>>,
    legend: Vec<(String, usize)>,
}

fn stacked(b: &Bars<'_>, options: &ChartOptions) -> Result<String, ChartError> {
    let n = b.units.len();
    if n == 0 {
        return Err(ChartError::Empty { field: "units" });
    }
    let prefix = svg::clean_prefix(&options.id_prefix);
    let name_w = b
        .units
        .iter()
        .map(|u| text_width(&svg::truncate(u, 12.0, 160.0), 12.0))
        .fold(0.0, f64::max);
    let row_h = 26.0;
    // legend: swatch + label, wrapped to the width
    let natural_w = (name_w + 26.0 + 420.0 + b.right_w).max(560.0);
    let (w, _) = super::size(options, (natural_w, 0.0))?;
    let mut legend_rows = 1usize;
    let mut lx = 16.0;
    for (label, _) in &b.legend {
        let item = 18.0 + text_width(label, 12.0) + 16.0;
        if lx + item > w - 16.0 && lx > 16.0 {
            legend_rows += 1;
            lx = 16.0;
        }
        lx += item;
    }
    let top = 56.0;
    let natural_h = top + row_h * n as f64 + 36.0 + 20.0 * legend_rows as f64 + 12.0;
    let (w, h) = super::size(options, (natural_w, natural_h))?;
    let left = 16.0 + name_w + 10.0;
    let right = (w - 16.0 - b.right_w).max(left + 50.0);
    let plot_w = right - left;
    let bottom = top + row_h * n as f64;
    let x = |v: f64| left + plot_w * (v / b.axis_max);

    let mut out = String::new();
    svg::open(&mut out, (w, h), (w, h), &prefix, &b.title, &b.desc);
    text(
        &mut out,
        w / 2.0,
        26.0,
        16.0,
        "middle",
        "font-weight=\"bold\" fill=\"#111111\"",
        std::slice::from_ref(&b.title),
        false,
    );
    // grid and ticks
    out.push_str("<g class=\"rx-grid\">\n");
    for t in 0..=4 {
        let v = b.axis_max * f64::from(t) / 4.0;
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#e3e3e3\"/>",
            num(x(v)),
            num(top - 4.0),
            num(bottom)
        );
        let tick = format!(
            "{}{}",
            num(v).trim_end_matches('0').trim_end_matches('.'),
            if b.percent { "%" } else { "" }
        );
        text(
            &mut out,
            x(v),
            bottom + 16.0,
            11.0,
            "middle",
            "fill=\"#444444\"",
            std::slice::from_ref(&tick),
            false,
        );
    }
    out.push_str("</g>\n");
    for (k, (unit, segs)) in b.units.iter().zip(&b.rows).enumerate() {
        let y = top + row_h * k as f64;
        let label = svg::truncate(unit, 12.0, 160.0);
        text(
            &mut out,
            left - 8.0,
            y + row_h / 2.0 + 4.0,
            12.0,
            "end",
            "fill=\"#111111\"",
            std::slice::from_ref(&label),
            false,
        );
        let total: f64 = segs.iter().map(|s| s.3).sum();
        let _ = writeln!(
            out,
            "<g class=\"rx-bar-row\" data-unit=\"{}\" data-total=\"{total:.4}\">",
            esc(unit)
        );
        let mut acc = 0.0;
        for (id, seg_label, c, v) in segs {
            let _ = writeln!(
                out,
                "<rect class=\"{}\" data-unit=\"{}\" data-part=\"{}\" data-value=\"{v:.4}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>{}</title></rect>",
                b.class,
                esc(unit),
                esc(id),
                num(x(acc)),
                num(y + 4.0),
                num(x(acc + v) - x(acc)),
                num(row_h - 8.0),
                colour(*c),
                esc(&format!("{unit} · {seg_label}: {v:.2}{}", if b.percent { "%" } else { "" }))
            );
            acc += v;
        }
        out.push_str("</g>\n");
        if let Some(rt) = b.right.get(k) {
            let rt = svg::truncate(rt, 12.0, b.right_w - 8.0);
            text(
                &mut out,
                x(acc) + 6.0,
                y + row_h / 2.0 + 4.0,
                12.0,
                "start",
                "class=\"rx-bar-end\" fill=\"#222222\"",
                std::slice::from_ref(&rt),
                false,
            );
        }
    }
    // legend
    let mut lx = 16.0;
    let mut ly = bottom + 34.0;
    out.push_str("<g class=\"rx-legend\">\n");
    for (label, c) in &b.legend {
        let item = 18.0 + text_width(label, 12.0) + 16.0;
        if lx + item > w - 16.0 && lx > 16.0 {
            lx = 16.0;
            ly += 20.0;
        }
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>",
            num(lx),
            num(ly - 10.0),
            colour(*c)
        );
        text(
            &mut out,
            lx + 18.0,
            ly,
            12.0,
            "start",
            "fill=\"#222222\"",
            std::slice::from_ref(label),
            false,
        );
        lx += item;
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}

fn arithmetic_throughout(r: &FrameworkIndicatorResult) -> bool {
    r.pipeline.steps.iter().all(|s| match s {
        Step::Aggregate(a) => [&a.dimension, &a.attribute, &a.overall]
            .iter()
            .all(|m| matches!(m, AggMethod::Arithmetic)),
        _ => true,
    })
}

/// Each unit's contributions to the overall index: effective weight × normalised value of
/// every indicator, summed per dimension (or one segment per indicator).
pub(super) fn contributions(
    r: &FrameworkIndicatorResult,
    fw: &Framework,
    parts: ContributionParts,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    let res = &r.result;
    let lang = options.lang;
    let Some(agg) = res.aggregation() else {
        return Err(ChartError::Empty {
            field: "aggregation",
        });
    };
    let table = res
        .normalisation()
        .and_then(|n| n.table.as_ref())
        .unwrap_or(&res.final_table);
    let (order, _) = rank_order(r);
    let dims = &res.dimensions;
    let dim_of = |id: &str| {
        fw.indicator(id)
            .and_then(|i| dims.iter().position(|d| *d == i.dimension))
            .unwrap_or(0)
    };
    let mut rows = Vec::with_capacity(order.len());
    let mut max_total: f64 = 0.0;
    for &u in &order {
        let mut segs: Vec<Segment> = match parts {
            ContributionParts::Dimension => dims
                .iter()
                .enumerate()
                .map(|(d, id)| (id.clone(), dim_label(fw, id, lang), d, 0.0))
                .collect(),
            ContributionParts::Indicator => Vec::new(),
        };
        for (j, id) in res.indicators.iter().enumerate() {
            let col = table.columns.iter().position(|c| c == id);
            let x = col.and_then(|c| table.get(u, c)).unwrap_or(f64::NAN);
            let w = agg.effective_weights.get(j).copied().unwrap_or(0.0);
            let v = w * x;
            if !v.is_finite() || v < 0.0 {
                return Err(ChartError::Shape {
                    field: format!("result.final_table[{}][{id}]", res.units[u]),
                    expected: "a non-negative normalised value (a bounded normalisation)".into(),
                    found: format!("{x}"),
                });
            }
            let d = dim_of(id);
            match parts {
                ContributionParts::Dimension => {
                    if let Some(s) = segs.get_mut(d) {
                        s.3 += v;
                    }
                }
                ContributionParts::Indicator => {
                    segs.push((id.clone(), indicator_label(fw, id, lang), d, v));
                }
            }
        }
        max_total = max_total.max(segs.iter().map(|s| s.3).sum());
        rows.push(segs);
    }
    let axis_max = if max_total <= 100.0 {
        100.0
    } else {
        (max_total / 10.0).ceil() * 10.0
    };
    let right: Vec<String> = rows
        .iter()
        .map(|s| format!("{:.1}", s.iter().map(|x| x.3).sum::<f64>()))
        .collect();
    let mut desc = CONTRIB_DESC.get(lang).to_owned();
    if !arithmetic_throughout(r) {
        desc.push(' ');
        desc.push_str(NOT_ARITHMETIC.get(lang));
    }
    for (&u, s) in order.iter().zip(&rows) {
        let _ = write!(
            desc,
            " {}: {:.2};",
            res.units[u],
            s.iter().map(|x| x.3).sum::<f64>()
        );
    }
    stacked(
        &Bars {
            class: "rx-contrib",
            title: options
                .title
                .clone()
                .unwrap_or_else(|| CONTRIB_TITLE.get(lang).to_owned()),
            desc,
            axis_max,
            percent: false,
            right,
            right_w: 48.0,
            units: order.iter().map(|&u| res.units[u].clone()).collect(),
            rows,
            legend: dims
                .iter()
                .enumerate()
                .map(|(d, id)| (dim_label(fw, id, lang), d))
                .collect(),
        },
        options,
    )
}

/// Each unit's obstacle degree per dimension (stacked, 100% in all) and its top obstacle.
pub(super) fn obstacles(
    r: &FrameworkIndicatorResult,
    fw: &Framework,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    let res = &r.result;
    let lang = options.lang;
    let Some(o) = res.obstacle() else {
        return Err(ChartError::Empty { field: "obstacle" });
    };
    let (order, _) = rank_order(r);
    let rows: Vec<Vec<Segment>> = order
        .iter()
        .map(|&u| {
            o.dimensions
                .columns
                .iter()
                .enumerate()
                .map(|(d, id)| {
                    let v = o.dimensions.get(u, d).unwrap_or(0.0) * 100.0;
                    (id.clone(), dim_label(fw, id, lang), d, v)
                })
                .collect()
        })
        .collect();
    let right: Vec<String> = order
        .iter()
        .map(|&u| {
            res.top_obstacles(u)
                .first()
                .map(|(id, deg)| format!("{} {:.1}%", indicator_label(fw, id, lang), deg * 100.0))
                .unwrap_or_default()
        })
        .collect();
    let mut desc = OBSTACLE_DESC.get(lang).to_owned();
    for (&u, rt) in order.iter().zip(&right) {
        let _ = write!(desc, " {}: {rt};", res.units[u]);
    }
    stacked(
        &Bars {
            class: "rx-obstacle",
            title: options
                .title
                .clone()
                .unwrap_or_else(|| OBSTACLE_TITLE.get(lang).to_owned()),
            desc,
            axis_max: 100.0,
            percent: true,
            right,
            right_w: 190.0,
            units: order.iter().map(|&u| res.units[u].clone()).collect(),
            rows,
            legend: o
                .dimensions
                .columns
                .iter()
                .enumerate()
                .map(|(d, id)| (dim_label(fw, id, lang), d))
                .collect(),
        },
        options,
    )
}

/// The rank table: rank, unit, overall score, overall level (coloured), TOPSIS closeness and
/// rank, one row per unit in rank order.
pub(super) fn rank_table(
    r: &FrameworkIndicatorResult,
    fw: &Framework,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    let res = &r.result;
    let lang = options.lang;
    let zh = lang == Lang::Zh;
    let n = res.units.len();
    if n == 0 {
        return Err(ChartError::Empty { field: "units" });
    }
    let (order, ranks) = rank_order(r);
    let topsis_ranks = res
        .ranks()
        .and_then(|x| x.columns.iter().find(|c| c.target == Target::Topsis))
        .map(|c| c.ranks.clone())
        .or_else(|| res.topsis().map(|t| t.ranks.clone()));
    let closeness = res.topsis().map(|t| &t.result.closeness);
    let overall = res.aggregation().map(|a| &a.overall);
    let k = u8::try_from(r.banding.levels.len()).unwrap_or(u8::MAX);
    let band = res.bands().and_then(|b| {
        b.columns
            .iter()
            .find(|c| c.target == Target::Overall)
            .map(|c| c.bands.clone())
    });
    let headers: Vec<&str> = if zh {
        vec![
            "排名",
            "单位",
            "综合得分",
            "综合等级",
            "TOPSIS 贴近度",
            "TOPSIS 排名",
        ]
    } else {
        vec![
            "Rank",
            "Unit",
            "Overall score",
            "Overall level",
            "TOPSIS closeness",
            "TOPSIS rank",
        ]
    };
    let name_w = order
        .iter()
        .map(|&u| text_width(&svg::truncate(&res.units[u], 12.0, 160.0), 12.0))
        .fold(text_width(headers[1], 12.0), f64::max)
        + 16.0;
    let mut widths = vec![56.0, name_w, 96.0, 96.0, 120.0, 96.0];
    for (c, h) in headers.iter().enumerate() {
        widths[c] = widths[c].max(text_width(h, 12.0) + 16.0);
    }
    let table_w: f64 = widths.iter().sum();
    let row_h = 26.0;
    let top = 48.0;
    let natural = (table_w + 32.0, top + row_h * (n as f64 + 1.0) + 16.0);
    let (w, h) = super::size(options, natural)?;
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| RANK_TITLE.get(lang).to_owned());
    let mut desc = RANK_DESC.get(lang).to_owned();
    let mut body = String::new();
    let mut xs = vec![16.0];
    for wd in &widths {
        let last = xs.last().copied().unwrap_or(16.0);
        xs.push(last + wd);
    }
    for (c, hd) in headers.iter().enumerate() {
        text(
            &mut body,
            xs[c] + 8.0,
            top + 17.0,
            12.0,
            "start",
            "font-weight=\"bold\" fill=\"#111111\"",
            &[(*hd).to_owned()],
            false,
        );
    }
    let _ = writeln!(
        body,
        "<line x1=\"16\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#333333\"/>",
        num(top + row_h),
        num(16.0 + table_w)
    );
    for (i, &u) in order.iter().enumerate() {
        let y = top + row_h * (i as f64 + 1.0);
        let rank = ranks.as_ref().and_then(|x| x.get(u)).copied();
        let score = overall.and_then(|o| o.get(u)).copied();
        let code = band
            .as_ref()
            .and_then(|b| b.get(u).copied().flatten())
            .and_then(|b| b.checked_add(1));
        let level = code.map(|c| {
            r.banding
                .levels
                .get(usize::from(c) - 1)
                .and_then(|id| fw.levels.iter().find(|l| &l.id == id))
                .map_or_else(|| c.to_string(), |l| l.labels.get(lang.id()).to_owned())
        });
        let cl = closeness.and_then(|c| c.get(u)).copied();
        let tr = topsis_ranks.as_ref().and_then(|x| x.get(u)).copied();
        let dash = || "–".to_owned();
        let cells = [
            rank.map_or_else(dash, |x| x.to_string()),
            svg::truncate(&res.units[u], 12.0, 160.0),
            score.map_or_else(dash, |x| format!("{x:.2}")),
            level.clone().unwrap_or_else(dash),
            cl.map_or_else(dash, |x| format!("{x:.4}")),
            tr.map_or_else(dash, |x| x.to_string()),
        ];
        let _ = write!(
            desc,
            " {}: {}, {}, {}, {}, {};",
            res.units[u], cells[0], cells[2], cells[3], cells[4], cells[5]
        );
        let _ = writeln!(
            body,
            "<g class=\"rx-rank-row\" data-unit=\"{}\" data-rank=\"{}\" data-score=\"{}\" data-level=\"{}\" data-closeness=\"{}\" data-topsis-rank=\"{}\">",
            esc(&res.units[u]),
            esc(&cells[0]),
            esc(&cells[2]),
            esc(&code.and_then(|c| r.banding.levels.get(usize::from(c) - 1)).cloned().unwrap_or_default()),
            esc(&cells[4]),
            esc(&cells[5])
        );
        if i % 2 == 1 {
            let _ = writeln!(
                body,
                "<rect x=\"16\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f4f4f4\"/>",
                num(y),
                num(table_w),
                num(row_h)
            );
        }
        if let Some(c) = code {
            let _ = writeln!(
                body,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                num(xs[3] + 2.0),
                num(y + 2.0),
                num(widths[3] - 4.0),
                num(row_h - 4.0),
                svg::level_colour(c, k)
            );
        }
        for (c, cell) in cells.iter().enumerate() {
            let ink = match (c, code) {
                (3, Some(lc)) => svg::level_ink(lc, k),
                _ => "#111111",
            };
            text(
                &mut body,
                xs[c] + 8.0,
                y + 17.0,
                12.0,
                "start",
                &format!("fill=\"{ink}\""),
                std::slice::from_ref(cell),
                false,
            );
        }
        body.push_str("</g>\n");
    }
    let mut out = String::new();
    let view = (natural.0.max(w), natural.1.max(h));
    svg::open(
        &mut out,
        (w, h),
        view,
        &svg::clean_prefix(&options.id_prefix),
        &title,
        &desc,
    );
    text(
        &mut out,
        16.0,
        28.0,
        16.0,
        "start",
        "font-weight=\"bold\" fill=\"#111111\"",
        std::slice::from_ref(&title),
        false,
    );
    out.push_str(&body);
    out.push_str("</svg>\n");
    Ok(out)
}
