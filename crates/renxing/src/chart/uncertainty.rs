//! Charts of an uncertainty analysis (rank intervals per unit) and of a sensitivity analysis
//! (Sobol indices as bars with their bootstrap intervals).

use std::fmt::Write as _;

use super::svg::{self, esc, num, text, text_width};
use super::{ChartError, ChartOptions};
use crate::lang::{Lang, Text};
use crate::uncertainty::{factor_name, SensitivityResult, UncertaintyResult};

const RANKS_TITLE: Text = Text {
    zh: "排名区间(5%–95%)",
    en: "Rank intervals (5–95%)",
};
const RANKS_DESC: Text = Text {
    zh: "排名区间图:每行一个单位,按中位排名排序;横条为第 5 至第 95 百分位排名,圆点为中位排名,菱形为名义排名。",
    en: "Rank interval chart: one row per unit, sorted by median rank; the band spans the 5th to 95th percentile rank, the dot is the median rank, the diamond the nominal rank.",
};
const RANK: Text = Text {
    zh: "排名(1 = 最好)",
    en: "Rank (1 = best)",
};
const BAND: Text = Text {
    zh: "5%–95% 区间",
    en: "5–95% interval",
};
const MEDIAN: Text = Text {
    zh: "中位排名",
    en: "median rank",
};
const NOMINAL: Text = Text {
    zh: "名义排名",
    en: "nominal rank",
};
const SOBOL_TITLE: Text = Text {
    zh: "Sobol 敏感性指数",
    en: "Sobol sensitivity indices",
};
const SOBOL_DESC: Text = Text {
    zh: "条形图:每个不确定输入两条,浅色为一阶指数,深色为总指数,误差线为自助法区间。",
    en: "Bar chart: two bars per uncertain input, light for the first-order index, dark for the total index; whiskers show the bootstrap interval.",
};
const FIRST: Text = Text {
    zh: "一阶指数",
    en: "first-order",
};
const TOTAL: Text = Text {
    zh: "总指数",
    en: "total",
};
const MARS: Text = Text {
    zh: "平均绝对排名变动",
    en: "mean absolute rank shift",
};
const RANK_OF: Text = Text {
    zh: "的排名",
    en: "rank of ",
};

const BLUE: &str = "#0072B2";
const ORANGE: &str = "#D55E00";
const LIGHT: &str = "#9ecae1";

fn g(v: f64) -> String {
    // a rank or an index as text: up to 3 decimals, no trailing zeros
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Rank intervals: one row per unit sorted by median rank (then nominal rank, then order), a
/// band from the 5th to the 95th percentile rank, a dot at the median and a diamond at the
/// nominal rank; rank 1 on the left.
pub(super) fn rank_intervals(
    result: &UncertaintyResult,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    let n = result.unit_stats.len();
    if n == 0 {
        return Err(ChartError::Empty {
            field: "unit_stats",
        });
    }
    let lang = options.lang;
    let prefix = svg::clean_prefix(&options.id_prefix);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (ua, ub) = (&result.unit_stats[a], &result.unit_stats[b]);
        ua.rank
            .median
            .total_cmp(&ub.rank.median)
            .then(ua.nominal_rank.cmp(&ub.nominal_rank))
            .then(a.cmp(&b))
    });
    let name_w = result
        .unit_stats
        .iter()
        .map(|u| text_width(&svg::truncate(&u.id, 12.0, 180.0), 12.0))
        .fold(0.0, f64::max);
    let row_h = 22.0;
    let natural = ((name_w + 420.0).max(480.0), 60.0 + row_h * n as f64 + 80.0);
    let (w, h) = super::size(options, natural)?;
    let left = 16.0 + name_w + 10.0;
    let right = w - 20.0;
    let top = 52.0;
    let bottom = h - 80.0;
    let rh = (bottom - top) / n as f64;
    let max_rank = (n as f64).max(2.0);
    let x = |r: f64| left + (right - left) * (r - 1.0) / (max_rank - 1.0);

    let title = options
        .title
        .clone()
        .unwrap_or_else(|| RANKS_TITLE.get(lang).to_owned());
    let mut desc = String::from(RANKS_DESC.get(lang));
    for &i in &order {
        let u = &result.unit_stats[i];
        let _ = match lang {
            Lang::Zh => write!(
                desc,
                " {}:中位 {},区间 {}–{},名义 {};",
                u.id,
                g(u.rank.median),
                g(u.rank.p5),
                g(u.rank.p95),
                u.nominal_rank
            ),
            Lang::En => write!(
                desc,
                " {}: median {}, interval {}–{}, nominal {};",
                u.id,
                g(u.rank.median),
                g(u.rank.p5),
                g(u.rank.p95),
                u.nominal_rank
            ),
        };
    }
    let mut out = String::new();
    svg::open(&mut out, (w, h), (w, h), &prefix, &title, &desc);
    text(
        &mut out,
        w / 2.0,
        28.0,
        17.0,
        "middle",
        "font-weight=\"bold\" fill=\"#111111\"",
        std::slice::from_ref(&title),
        false,
    );
    // grid: a line at every rank when few, else at about ten
    let step = (n as f64 / 10.0).ceil().max(1.0) as usize;
    out.push_str("<g class=\"rx-grid\">\n");
    let mut r = 1;
    while r <= n {
        let gx = x(r as f64);
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#dddddd\"/>",
            num(gx),
            num(top),
            num(gx),
            num(bottom)
        );
        text(
            &mut out,
            gx,
            bottom + 16.0,
            11.0,
            "middle",
            "fill=\"#444444\"",
            &[r.to_string()],
            false,
        );
        r += step;
    }
    text(
        &mut out,
        (left + right) / 2.0,
        bottom + 34.0,
        12.0,
        "middle",
        "fill=\"#222222\"",
        &[RANK.get(lang).to_owned()],
        false,
    );
    out.push_str("</g>\n<g class=\"rx-intervals\">\n");
    for (row, &i) in order.iter().enumerate() {
        let u = &result.unit_stats[i];
        let cy = top + rh * (row as f64 + 0.5);
        let tip = match lang {
            Lang::Zh => format!(
                "{}:中位排名 {},5%–95% {}–{},名义排名 {}",
                u.id,
                g(u.rank.median),
                g(u.rank.p5),
                g(u.rank.p95),
                u.nominal_rank
            ),
            Lang::En => format!(
                "{}: median rank {}, 5–95% {}–{}, nominal rank {}",
                u.id,
                g(u.rank.median),
                g(u.rank.p5),
                g(u.rank.p95),
                u.nominal_rank
            ),
        };
        let _ = writeln!(
            out,
            "<g class=\"rx-unit\" data-unit=\"{}\" data-median=\"{}\" data-p5=\"{}\" data-p95=\"{}\" data-nominal=\"{}\"><title>{}</title>",
            esc(&u.id),
            g(u.rank.median),
            g(u.rank.p5),
            g(u.rank.p95),
            u.nominal_rank,
            esc(&tip)
        );
        text(
            &mut out,
            left - 10.0,
            cy + 4.0,
            12.0,
            "end",
            "fill=\"#111111\"",
            &[svg::truncate(&u.id, 12.0, 180.0)],
            false,
        );
        let (x0, x1) = (x(u.rank.p5), x(u.rank.p95));
        let _ = writeln!(
            out,
            "<rect class=\"rx-band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{LIGHT}\" stroke=\"{BLUE}\" stroke-width=\"0.8\"/>",
            num(x0 - 3.0),
            num(cy - 5.0),
            num(x1 - x0 + 6.0),
            num(10.0)
        );
        let _ = writeln!(
            out,
            "<circle class=\"rx-median\" cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{BLUE}\"/>",
            num(x(u.rank.median)),
            num(cy)
        );
        let nx = x(f64::from(u.nominal_rank));
        let _ = writeln!(
            out,
            "<path class=\"rx-nominal\" d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"none\" stroke=\"{ORANGE}\" stroke-width=\"1.6\"/>",
            num(nx),
            num(cy - 6.0),
            num(nx + 6.0),
            num(cy),
            num(nx),
            num(cy + 6.0),
            num(nx - 6.0),
            num(cy)
        );
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    // legend
    let ly = h - 26.0;
    let items = [BAND.get(lang), MEDIAN.get(lang), NOMINAL.get(lang)];
    let total: f64 = items
        .iter()
        .map(|t| 30.0 + text_width(t, 12.0) + 18.0)
        .sum();
    let mut lx = (w - total) / 2.0;
    out.push_str("<g class=\"rx-legend\">\n");
    for (k, label) in items.iter().enumerate() {
        match k {
            0 => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"10\" rx=\"3\" fill=\"{LIGHT}\" stroke=\"{BLUE}\" stroke-width=\"0.8\"/>",
                    num(lx),
                    num(ly - 9.0)
                );
            }
            1 => {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{BLUE}\"/>",
                    num(lx + 11.0),
                    num(ly - 4.0)
                );
            }
            _ => {
                let (cx, cy) = (lx + 11.0, ly - 4.0);
                let _ = writeln!(
                    out,
                    "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"none\" stroke=\"{ORANGE}\" stroke-width=\"1.6\"/>",
                    num(cx),
                    num(cy - 6.0),
                    num(cx + 6.0),
                    num(cy),
                    num(cx),
                    num(cy + 6.0),
                    num(cx - 6.0),
                    num(cy)
                );
            }
        }
        text(
            &mut out,
            lx + 30.0,
            ly,
            12.0,
            "start",
            "fill=\"#222222\"",
            &[(*label).to_owned()],
            false,
        );
        lx += 30.0 + text_width(label, 12.0) + 18.0;
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}

/// Sobol indices of one output (`None`: the mean absolute rank shift; else a unit id, its
/// rank): per factor a light first-order bar and a dark total bar, each with its bootstrap
/// interval as a whisker.
pub(super) fn sobol_bars(
    result: &SensitivityResult,
    output: Option<&str>,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    let d = result.factors.len();
    if d == 0 {
        return Err(ChartError::Empty { field: "factors" });
    }
    let lang = options.lang;
    let (indices, what) = match output {
        None | Some("mean_abs_rank_shift") => (
            &result.mean_abs_rank_shift.indices,
            MARS.get(lang).to_owned(),
        ),
        Some(id) => {
            let o = result
                .ranks
                .iter()
                .find(|o| o.output == id)
                .ok_or_else(|| ChartError::Shape {
                    field: "output".to_owned(),
                    expected: std::iter::once("mean_abs_rank_shift")
                        .chain(result.units.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(", "),
                    found: id.to_owned(),
                })?;
            let what = match lang {
                Lang::Zh => format!("{id}{}", RANK_OF.get(lang)),
                Lang::En => format!("{}{id}", RANK_OF.get(lang)),
            };
            (&o.indices, what)
        }
    };
    let prefix = svg::clean_prefix(&options.id_prefix);
    let names: Vec<String> = result
        .factors
        .iter()
        .map(|f| factor_name(f, lang))
        .collect();
    let natural = ((130.0 * d as f64 + 120.0).max(480.0), 400.0);
    let (w, h) = super::size(options, natural)?;
    let has_ci = indices.first_order_ci.len() == d && indices.total_ci.len() == d;
    let value = |v: &[f64], i: usize| v.get(i).copied().filter(|x| x.is_finite()).unwrap_or(0.0);
    let ci = |v: &[[f64; 2]], i: usize| v.get(i).copied().unwrap_or([0.0, 0.0]);
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 1.0;
    for i in 0..d {
        for v in [value(&indices.first_order, i), value(&indices.total, i)] {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if has_ci {
            for c in [ci(&indices.first_order_ci, i), ci(&indices.total_ci, i)] {
                if c[0].is_finite() && c[1].is_finite() {
                    lo = lo.min(c[0]);
                    hi = hi.max(c[1]);
                }
            }
        }
    }
    lo = (lo * 10.0).floor() / 10.0;
    hi = (hi * 10.0).ceil() / 10.0;
    let left = 56.0;
    let right = w - 16.0;
    let top = 52.0;
    let bottom = h - 92.0;
    let y = |v: f64| bottom - (bottom - top) * (v - lo) / (hi - lo);
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| format!("{} · {what}", SOBOL_TITLE.get(lang)));
    let mut desc = String::from(SOBOL_DESC.get(lang));
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            desc,
            " {name}: {} {}, {} {};",
            FIRST.get(lang),
            g(value(&indices.first_order, i)),
            TOTAL.get(lang),
            g(value(&indices.total, i))
        );
    }
    let mut out = String::new();
    svg::open(&mut out, (w, h), (w, h), &prefix, &title, &desc);
    text(
        &mut out,
        w / 2.0,
        28.0,
        17.0,
        "middle",
        "font-weight=\"bold\" fill=\"#111111\"",
        std::slice::from_ref(&title),
        false,
    );
    out.push_str("<g class=\"rx-grid\">\n");
    let (k0, k1) = (
        (lo / 0.2 - 1e-9).ceil() as i64,
        (hi / 0.2 + 1e-9).floor() as i64,
    );
    for t in k0..=k1 {
        let v = 0.2 * t as f64;
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>",
            num(left),
            num(y(v)),
            num(right),
            num(y(v)),
            if v.abs() < 1e-9 { "#333333" } else { "#dddddd" }
        );
        text(
            &mut out,
            left - 6.0,
            y(v) + 4.0,
            11.0,
            "end",
            "fill=\"#444444\"",
            &[format!("{v:.1}")],
            false,
        );
    }
    out.push_str("</g>\n<g class=\"rx-bars\">\n");
    let slot = (right - left) / d as f64;
    let bar_w = (slot * 0.32).min(40.0);
    for (i, name) in names.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let _ = writeln!(
            out,
            "<g class=\"rx-factor\" data-factor=\"{}\">",
            esc(&result.factors[i].label)
        );
        for (k, (kind, word, v, c, fill)) in [
            (
                "first-order",
                FIRST.get(lang),
                value(&indices.first_order, i),
                ci(&indices.first_order_ci, i),
                LIGHT,
            ),
            (
                "total",
                TOTAL.get(lang),
                value(&indices.total, i),
                ci(&indices.total_ci, i),
                BLUE,
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let bx = cx - bar_w - 2.0 + k as f64 * (bar_w + 4.0);
            let (y0, y1) = (y(v.max(0.0)), y(v.min(0.0)));
            let tip = if has_ci {
                format!("{name} · {word}: {} [{}, {}]", g(v), g(c[0]), g(c[1]))
            } else {
                format!("{name} · {word}: {}", g(v))
            };
            let _ = writeln!(
                out,
                "<rect class=\"rx-sobol rx-{kind}\" data-value=\"{}\" data-lo=\"{}\" data-hi=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#333333\" stroke-width=\"0.8\"><title>{}</title></rect>",
                g(v),
                g(if has_ci { c[0] } else { v }),
                g(if has_ci { c[1] } else { v }),
                num(bx),
                num(y0),
                num(bar_w),
                num(y1 - y0),
                esc(&tip)
            );
            if has_ci && c[0].is_finite() && c[1].is_finite() {
                let wx = bx + bar_w / 2.0;
                let _ = writeln!(
                    out,
                    "<path class=\"rx-ci\" d=\"M{} {}L{} {}M{} {}L{} {}M{} {}L{} {}\" stroke=\"#111111\" stroke-width=\"1.2\"/>",
                    num(wx),
                    num(y(c[0])),
                    num(wx),
                    num(y(c[1])),
                    num(wx - 4.0),
                    num(y(c[0])),
                    num(wx + 4.0),
                    num(y(c[0])),
                    num(wx - 4.0),
                    num(y(c[1])),
                    num(wx + 4.0),
                    num(y(c[1]))
                );
            }
        }
        let lines = svg::wrap2(name, 12.0, slot - 6.0);
        text(
            &mut out,
            cx,
            bottom + 18.0,
            12.0,
            "middle",
            "fill=\"#111111\"",
            &lines,
            false,
        );
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    let ly = h - 26.0;
    let items = [(FIRST.get(lang), LIGHT), (TOTAL.get(lang), BLUE)];
    let total: f64 = items
        .iter()
        .map(|(t, _)| 26.0 + text_width(t, 12.0) + 18.0)
        .sum();
    let mut lx = (w - total) / 2.0;
    out.push_str("<g class=\"rx-legend\">\n");
    for (label, fill) in items {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"14\" fill=\"{fill}\" stroke=\"#333333\" stroke-width=\"0.5\"/>",
            num(lx),
            num(ly - 11.0)
        );
        text(
            &mut out,
            lx + 26.0,
            ly,
            12.0,
            "start",
            "fill=\"#222222\"",
            &[label.to_owned()],
            false,
        );
        lx += 26.0 + text_width(label, 12.0) + 18.0;
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}
