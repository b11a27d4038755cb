//! The timeline chart: levels (or scores) per dimension and the overall over a community's
//! assessments, with the phase of each point shaded.
//!
//! Layout: one column per point, in timeline order, equally spaced (dates are irregular and some
//! points may be undated, so the axis is the order of the points; each column is labelled with
//! its date and phase). Behind every column a band in the colour of its phase (seed 001's cycle:
//! preparedness, response, recovery, learning), named in a legend. One line per dimension
//! (Okabe–Ito colours and dash patterns, a marker at every rated point, gaps where a dimension
//! is not rated) and a thick black line for the overall. The y axis is the level scale (or
//! 0–100 with `scores`).

use std::fmt::Write as _;

use super::svg::{self, num, text, text_width, SERIES_COLOURS, SERIES_DASHES};
use super::{ChartError, ChartOptions};
use crate::framework::Framework;
use crate::ids::Phase;
use crate::lang::{Lang, Text};
use crate::timeline::{Mark, Timeline};
use crate::ui;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 460.0;

/// Light, distinct band colours of the four phases (greyscale-distinct: lightness differs).
const PHASE_FILL: [&str; 4] = ["#e8f1fa", "#fbe3d6", "#e0f2ea", "#f3e6f0"];
/// The band of a point without a phase.
const NO_PHASE_FILL: &str = "#f4f4f4";

const TITLE: Text = Text {
    zh: "时间线",
    en: "Timeline",
};
const DESC: Text = Text {
    zh: "时间线图:横轴为按日期与阶段排序的各次评估,纵轴为等级;每条线为一个维度,粗黑线为综合等级,背景色表示阶段。",
    en: "Timeline chart: the assessments in date and phase order across, the level up; one line per dimension, the thick black line is the overall level, the background shows the phase.",
};

fn phase_fill(p: Option<Phase>) -> &'static str {
    p.map_or(NO_PHASE_FILL, |p| PHASE_FILL[usize::from(p.code()) % 4])
}

pub(super) fn render(
    framework: &Framework,
    timeline: &Timeline,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    if timeline.points.is_empty() {
        return Err(ChartError::Empty {
            field: "timeline.points",
        });
    }
    for (i, p) in timeline.points.iter().enumerate() {
        let ids: Vec<&str> = p.dimensions.iter().map(|d| d.id.as_str()).collect();
        let want: Vec<&str> = framework.dimensions.iter().map(|d| d.id.as_str()).collect();
        if ids != want {
            return Err(ChartError::Shape {
                field: format!("timeline.points[{i}].dimensions"),
                expected: want.join(", "),
                found: ids.join(", "),
            });
        }
    }
    let (w, h) = super::size(options, (WIDTH, HEIGHT))?;
    let lang = options.lang;
    let k = framework.level_count();
    let prefix = svg::clean_prefix(&options.id_prefix);
    let n = timeline.points.len();
    let dims: Vec<(String, String)> = framework
        .dimensions
        .iter()
        .map(|d| {
            (
                d.id.clone(),
                framework.label_or_id(&d.id, lang.id()).to_owned(),
            )
        })
        .collect();
    let overall_label = ui::OVERALL.get(lang).to_owned();

    // y: level codes 1..k (or scores 0..100).
    let (y_lo, y_hi) = if options.scores {
        (0.0, 100.0)
    } else {
        (1.0, f64::from(k))
    };
    let value = |m: &Mark| {
        if options.scores {
            m.score
        } else {
            f64::from(m.code)
        }
    };
    let ticks: Vec<(f64, String)> = if options.scores {
        (0..=4)
            .map(|i| (f64::from(i) * 25.0, format!("{}", i * 25)))
            .collect()
    } else {
        (1..=k)
            .map(|c| (f64::from(c), svg::level_label(framework, c, lang)))
            .collect()
    };
    let axis_w = ticks
        .iter()
        .map(|(_, l)| text_width(l, 11.0))
        .fold(0.0, f64::max);

    // Legend rows: series (dimensions + overall), then phases.
    let legend_items: Vec<String> = dims
        .iter()
        .map(|(_, l)| l.clone())
        .chain(std::iter::once(overall_label.clone()))
        .collect();
    let item_w = legend_items
        .iter()
        .map(|l| 30.0 + text_width(l, 11.0) + 14.0)
        .fold(0.0, f64::max);
    let per_row = (((w - 32.0) / item_w).floor() as usize).max(1);
    let legend_rows = legend_items.len().div_ceil(per_row);

    let left = 16.0 + axis_w + 10.0;
    let right = w - 16.0;
    let top = 64.0;
    let legend_h = legend_rows as f64 * 18.0 + 26.0;
    let bottom = (h - legend_h - 44.0).max(top + 40.0);
    let plot_h = bottom - top;
    let slot = (right - left) / n as f64;
    let x_of = |i: usize| left + slot * (i as f64 + 0.5);
    let pad = if options.scores { 0.0 } else { 0.25 };
    let y_of = |v: f64| bottom - plot_h * ((v - y_lo + pad) / (y_hi - y_lo + 2.0 * pad));

    let title = options.title.clone().unwrap_or_else(|| {
        let name = if timeline.name.is_empty() {
            &timeline.community
        } else {
            &timeline.name
        };
        format!("{name} · {}", TITLE.get(lang))
    });
    let mut desc = String::from(DESC.get(lang));
    for p in &timeline.points {
        let _ = write!(
            desc,
            " {}: {};",
            point_label(p.date.map(|d| d.to_string()), p.phase, lang),
            p.overall.as_ref().map_or_else(
                || ui::NOT_RATED.get(lang).to_owned(),
                |m| framework.label_or_id(&m.level, lang.id()).to_owned()
            )
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

    // Phase bands, with the phase named at the top of each column.
    out.push_str("<g class=\"rx-phases\">\n");
    for (i, p) in timeline.points.iter().enumerate() {
        let x = left + slot * i as f64;
        let phase = p.phase.map_or_else(
            || ui::NONE.get(lang).to_owned(),
            |p| p.label(lang).to_owned(),
        );
        let _ = writeln!(
            out,
            "<rect class=\"rx-phase\" data-phase=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
            p.phase.map_or("none", Phase::id),
            num(x),
            num(top - 18.0),
            num(slot),
            num(plot_h + 18.0),
            phase_fill(p.phase),
            svg::esc(&phase)
        );
        text(
            &mut out,
            x + slot / 2.0,
            top - 5.0,
            11.0,
            "middle",
            "fill=\"#333333\"",
            &[svg::truncate(&phase, 11.0, slot - 4.0)],
            false,
        );
    }
    out.push_str("</g>\n");

    // Grid and y labels.
    out.push_str("<g class=\"rx-grid\">\n");
    for (v, l) in &ticks {
        let y = y_of(*v);
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#c8c8c8\" stroke-dasharray=\"4 3\"/>",
            num(left),
            num(y),
            num(right),
            num(y)
        );
        text(
            &mut out,
            left - 6.0,
            y + 4.0,
            11.0,
            "end",
            "fill=\"#444444\"",
            std::slice::from_ref(l),
            false,
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333333\"/>\n</g>",
        num(left),
        num(bottom),
        num(right),
        num(bottom)
    );

    // x labels: date (or "undated") and the point's position.
    out.push_str("<g class=\"rx-points\">\n");
    for (i, p) in timeline.points.iter().enumerate() {
        let date = p.date.map_or_else(
            || match lang {
                Lang::Zh => "未注明日期".to_owned(),
                Lang::En => "undated".to_owned(),
            },
            |d| d.to_string(),
        );
        text(
            &mut out,
            x_of(i),
            bottom + 16.0,
            11.0,
            "middle",
            "fill=\"#111111\"",
            &[svg::truncate(&date, 11.0, slot - 4.0)],
            false,
        );
    }
    out.push_str("</g>\n");

    // One line per dimension, then the overall. Small vertical offsets keep equal levels apart.
    let series: Vec<(String, String, Vec<Option<f64>>)> = dims
        .iter()
        .enumerate()
        .map(|(j, (id, label))| {
            let vals = timeline
                .points
                .iter()
                .map(|p| p.dimensions[j].mark.as_ref().map(value))
                .collect();
            (id.clone(), label.clone(), vals)
        })
        .collect();
    let m = series.len() as f64;
    let spread = if options.scores { 0.0 } else { 3.0 };
    out.push_str("<g class=\"rx-series\">\n");
    for (j, (id, label, vals)) in series.iter().enumerate() {
        let colour = SERIES_COLOURS[j % SERIES_COLOURS.len()];
        let dash = SERIES_DASHES[(j / SERIES_COLOURS.len() + j) % SERIES_DASHES.len()];
        let off = (j as f64 - (m - 1.0) / 2.0) * spread;
        line(
            &mut out,
            &Line {
                class: "rx-dim",
                id,
                label,
                colour,
                dash,
                width: 2.0,
                offset: off,
            },
            vals,
            &x_of,
            &y_of,
        );
    }
    let overall: Vec<Option<f64>> = timeline
        .points
        .iter()
        .map(|p| p.overall.as_ref().map(value))
        .collect();
    line(
        &mut out,
        &Line {
            class: "rx-overall",
            id: "overall",
            label: &overall_label,
            colour: "#000000",
            dash: "",
            width: 4.0,
            offset: 0.0,
        },
        &overall,
        &x_of,
        &y_of,
    );
    out.push_str("</g>\n");

    // Legend: series, then phases.
    out.push_str("<g class=\"rx-legend\">\n");
    let ly = bottom + 34.0;
    for (i, l) in legend_items.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        let x = 16.0 + col as f64 * item_w;
        let y = ly + row as f64 * 18.0;
        let (colour, dash, width) = if i < dims.len() {
            (
                SERIES_COLOURS[i % SERIES_COLOURS.len()],
                SERIES_DASHES[(i / SERIES_COLOURS.len() + i) % SERIES_DASHES.len()],
                2.0,
            )
        } else {
            ("#000000", "", 4.0)
        };
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"{}\"{}/>",
            num(x),
            num(y + 6.0),
            num(x + 24.0),
            num(y + 6.0),
            num(width),
            dash_attr(dash)
        );
        text(
            &mut out,
            x + 30.0,
            y + 10.0,
            11.0,
            "start",
            "fill=\"#222222\"",
            std::slice::from_ref(l),
            false,
        );
    }
    let py = ly + legend_rows as f64 * 18.0 + 4.0;
    let mut x = 16.0;
    for p in Phase::ALL {
        let l = p.label(lang).to_owned();
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" fill=\"{}\" stroke=\"#999999\" stroke-width=\"0.5\"/>",
            num(x),
            num(py),
            phase_fill(Some(*p))
        );
        text(
            &mut out,
            x + 24.0,
            py + 10.0,
            11.0,
            "start",
            "fill=\"#222222\"",
            std::slice::from_ref(&l),
            false,
        );
        x += 24.0 + text_width(&l, 11.0) + 16.0;
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}

fn point_label(date: Option<String>, phase: Option<Phase>, lang: Lang) -> String {
    match (date, phase) {
        (Some(d), Some(p)) => format!("{d} {}", p.label(lang)),
        (Some(d), None) => d,
        (None, Some(p)) => p.label(lang).to_owned(),
        (None, None) => ui::NONE.get(lang).to_owned(),
    }
}

fn dash_attr(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    }
}

struct Line<'a> {
    class: &'a str,
    id: &'a str,
    label: &'a str,
    colour: &'a str,
    dash: &'a str,
    width: f64,
    offset: f64,
}

/// A series as polylines between consecutive rated points (a gap where one is not rated), with
/// a marker at every rated point.
fn line(
    out: &mut String,
    l: &Line<'_>,
    vals: &[Option<f64>],
    x_of: &dyn Fn(usize) -> f64,
    y_of: &dyn Fn(f64) -> f64,
) {
    let _ = writeln!(
        out,
        "<g class=\"{}\" data-id=\"{}\"><title>{}</title>",
        l.class,
        svg::esc(l.id),
        svg::esc(l.label)
    );
    let mut run: Vec<(f64, f64)> = Vec::new();
    let flush = |out: &mut String, run: &mut Vec<(f64, f64)>| {
        if run.len() > 1 {
            let pts: Vec<String> = run
                .iter()
                .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                .collect();
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"{}/>",
                pts.join(" "),
                l.colour,
                num(l.width),
                dash_attr(l.dash)
            );
        }
        run.clear();
    };
    for (i, v) in vals.iter().enumerate() {
        match v {
            Some(v) => {
                let (x, y) = (x_of(i), y_of(*v) + l.offset);
                run.push((x, y));
                let _ = writeln!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"/>",
                    num(x),
                    num(y),
                    num(l.width + 1.0),
                    l.colour
                );
            }
            None => flush(out, &mut run),
        }
    }
    flush(out, &mut run);
    out.push_str("</g>\n");
}
