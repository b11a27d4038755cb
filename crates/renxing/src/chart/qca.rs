//! The XY plot of a QCA solution: each case's membership in the solution (x) against its
//! membership in the outcome (y), the diagonal, and the solution's consistency, PRI and coverage.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::svg::{self, esc, num, text};
use super::{ChartError, ChartOptions};
use crate::lang::Text;
use crate::qca::{relabel, XyData};

const TITLE: Text = Text {
    zh: "XY 图:解与结果的隶属度",
    en: "XY plot: membership in the solution and in the outcome",
};
const DESC: Text = Text {
    zh: "散点图:每个点是一个案例,横轴为其在解中的隶属度,纵轴为其在结果中的隶属度;对角线以上的案例与充分性一致。",
    en: "Scatter plot: one point per case, its membership in the solution across and in the outcome up; cases on or above the diagonal are consistent with sufficiency.",
};
const CONSISTENCY: Text = Text {
    zh: "一致性",
    en: "Consistency",
};
const COVERAGE: Text = Text {
    zh: "覆盖度",
    en: "Coverage",
};

fn f3(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.3}"))
}

pub(super) fn xy(
    data: &XyData,
    labels: Option<&HashMap<String, String>>,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    let n = data.cases.len();
    if n == 0 || data.x.len() != n || data.y.len() != n {
        return Err(ChartError::Empty { field: "cases" });
    }
    let lang = options.lang;
    let prefix = svg::clean_prefix(&options.id_prefix);
    let lab = |s: &str| labels.map_or_else(|| s.to_owned(), |l| relabel(s, l));
    let (w, h) = super::size(options, (520.0, 560.0))?;
    let (left, right, top) = (70.0, w - 30.0, 80.0);
    let side = (right - left).min(h - top - 90.0).max(50.0);
    let bottom = top + side;
    let px = |v: f64| left + side * v;
    let py = |v: f64| bottom - side * v;
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| TITLE.get(lang).to_owned());
    let fit = format!(
        "{} {} · PRI {} · {} {}",
        CONSISTENCY.get(lang),
        f3(data.fit.inclusion),
        f3(data.fit.pri),
        COVERAGE.get(lang),
        f3(data.fit.coverage)
    );
    let x_label = lab(&data.expression);
    let y_label = lab(&data.outcome);
    let mut desc = format!("{} {fit}.", DESC.get(lang));
    for i in 0..n {
        let _ = write!(
            desc,
            " {}: ({:.3}, {:.3});",
            data.cases[i], data.x[i], data.y[i]
        );
    }
    let mut out = String::new();
    svg::open(&mut out, (w, h), (w, h), &prefix, &title, &desc);
    text(
        &mut out,
        w / 2.0,
        26.0,
        16.0,
        "middle",
        "font-weight=\"bold\" fill=\"#111111\"",
        std::slice::from_ref(&title),
        false,
    );
    let _ = writeln!(
        out,
        "<text class=\"rx-xy-fit\" x=\"{}\" y=\"52\" font-size=\"13\" text-anchor=\"middle\" fill=\"#222222\" data-inclusion=\"{}\" data-pri=\"{}\" data-coverage=\"{}\">{}</text>",
        num(w / 2.0),
        f3(data.fit.inclusion),
        f3(data.fit.pri),
        f3(data.fit.coverage),
        esc(&fit)
    );
    out.push_str("<g class=\"rx-grid\">\n");
    for t in 0..=4 {
        let v = f64::from(t) / 4.0;
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e3e3e3\"/>\n<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e3e3e3\"/>",
            num(px(v)),
            num(top),
            num(px(v)),
            num(bottom),
            num(left),
            num(py(v)),
            num(right.min(left + side)),
            num(py(v))
        );
        let tick = format!("{v}");
        text(
            &mut out,
            px(v),
            bottom + 16.0,
            11.0,
            "middle",
            "fill=\"#444444\"",
            std::slice::from_ref(&tick),
            false,
        );
        text(
            &mut out,
            left - 8.0,
            py(v) + 4.0,
            11.0,
            "end",
            "fill=\"#444444\"",
            &[tick],
            false,
        );
    }
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888888\"/>\n<line class=\"rx-xy-diagonal\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#cccccc\"/>\n<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#cccccc\"/>",
        num(left), num(top), num(side), num(side),
        num(px(0.0)), num(py(0.0)), num(px(1.0)), num(py(1.0)),
        num(px(0.5)), num(top), num(px(0.5)), num(bottom),
        num(left), num(py(0.5)), num(left + side), num(py(0.5))
    );
    let xl = svg::wrap2(&x_label, 12.0, side);
    text(
        &mut out,
        left + side / 2.0,
        bottom + 36.0,
        12.0,
        "middle",
        "class=\"rx-xy-xlabel\" fill=\"#222222\"",
        &xl,
        false,
    );
    let _ = writeln!(
        out,
        "<text class=\"rx-xy-ylabel\" x=\"0\" y=\"0\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222222\" transform=\"translate({} {}) rotate(-90)\">{}</text>",
        num(22.0),
        num(top + side / 2.0),
        esc(&y_label)
    );
    out.push_str("</g>\n<g class=\"rx-xy-points\">\n");
    for i in 0..n {
        let (x, y) = (data.x[i], data.y[i]);
        let colour = if x <= y + 1e-12 { "#0072B2" } else { "#D55E00" };
        let _ = writeln!(
            out,
            "<circle class=\"rx-xy-point\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{colour}\" fill-opacity=\"0.8\" data-case=\"{}\" data-x=\"{}\" data-y=\"{}\"><title>{}: x = {:.3}, y = {:.3}</title></circle>",
            num(px(x)),
            num(py(y)),
            esc(&data.cases[i]),
            x,
            y,
            esc(&data.cases[i]),
            x,
            y
        );
        if n <= 40 {
            let name = svg::truncate(&data.cases[i], 10.0, 90.0);
            text(
                &mut out,
                px(x) + 7.0,
                py(y) - 6.0,
                10.0,
                "start",
                "fill=\"#333333\"",
                &[name],
                false,
            );
        }
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}
