//! The radar chart.

use std::f64::consts::PI;
use std::fmt::Write as _;

use super::svg::{self, esc, num, text, text_width};
use super::{words, ChartError, ChartOptions, RadarSeries};
use crate::framework::Framework;
use crate::score::Scorecard;

/// Natural size.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 560.0;

/// The value plotted for dimension `i` of a scorecard, as a fraction of the radius (`None`
/// when not rated).
pub(crate) fn fraction(card: &Scorecard, i: usize, k: u8, scores: bool) -> Option<f64> {
    let g = card.dimensions.get(i)?.grade.as_ref()?;
    let v = if scores { g.value } else { f64::from(g.code) };
    Some((v / f64::from(k.max(1))).clamp(0.0, 1.0))
}

/// The point at `fraction` of the radius on axis `i` of `n` (axis 0 points up, then clockwise).
pub(crate) fn point(centre: (f64, f64), r: f64, i: usize, n: usize, fraction: f64) -> (f64, f64) {
    let a = -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
    (
        centre.0 + r * fraction * a.cos(),
        centre.1 + r * fraction * a.sin(),
    )
}

fn marker(out: &mut String, shape: usize, (x, y): (f64, f64), colour: &str) {
    let s = 4.0;
    let attrs =
        format!("fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1\" class=\"rx-marker\"");
    match shape % 4 {
        0 => {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {attrs}/>",
                num(x),
                num(y),
                num(s)
            );
        }
        1 => {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}/>",
                num(x - s),
                num(y - s),
                num(2.0 * s),
                num(2.0 * s)
            );
        }
        2 => {
            let _ = writeln!(
                out,
                "<polygon points=\"{},{} {},{} {},{}\" {attrs}/>",
                num(x),
                num(y - s * 1.2),
                num(x + s * 1.1),
                num(y + s * 0.8),
                num(x - s * 1.1),
                num(y + s * 0.8)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "<polygon points=\"{},{} {},{} {},{} {},{}\" {attrs}/>",
                num(x),
                num(y - s * 1.3),
                num(x + s * 1.3),
                num(y),
                num(x),
                num(y + s * 1.3),
                num(x - s * 1.3),
                num(y)
            );
        }
    }
}

pub(super) fn render(
    framework: &Framework,
    series: &[RadarSeries],
    options: &ChartOptions,
) -> Result<String, ChartError> {
    let n = framework.dimensions.len();
    if n < 3 {
        return Err(ChartError::TooFewDimensions {
            framework: framework.id.clone(),
            found: n,
            min: 3,
        });
    }
    if series.is_empty() {
        return Err(ChartError::Empty { field: "series" });
    }
    for (i, s) in series.iter().enumerate() {
        super::check_scorecard(framework, &s.scorecard, &format!("series[{i}].scorecard"))?;
    }
    let (w, h) = super::size(options, (WIDTH, HEIGHT))?;
    let lang = options.lang;
    let k = framework.level_count();
    let prefix = svg::clean_prefix(&options.id_prefix);

    // Legend rows (bottom).
    let legend_size = 12.0;
    let mut legend: Vec<(f64, f64, usize)> = Vec::new(); // x, row, series index
    let (mut lx, mut row) = (16.0, 0.0);
    for (i, s) in series.iter().enumerate() {
        let name = svg::truncate(&s.name, legend_size, w * 0.6);
        let ew = 36.0 + text_width(&name, legend_size) + 18.0;
        if lx > 16.0 && lx + ew > w - 16.0 {
            lx = 16.0;
            row += 1.0;
        }
        legend.push((lx, row, i));
        lx += ew;
    }
    let legend_h = (row + 1.0) * 20.0 + 8.0;

    // Plot area and radius.
    let label_size = if n <= 10 {
        13.0
    } else if n <= 16 {
        11.0
    } else {
        10.0
    };
    let max_label = w * 0.2;
    let labels: Vec<Vec<String>> = framework
        .dimensions
        .iter()
        .map(|d| svg::wrap2(d.labels.in_lang(lang), label_size, max_label))
        .collect();
    let widest = labels
        .iter()
        .flatten()
        .map(|l| text_width(l, label_size))
        .fold(0.0, f64::max)
        .min(max_label);
    let top = 44.0;
    let bottom = h - legend_h - 4.0;
    let hmargin = widest + 14.0;
    let vmargin = 2.4 * label_size + 10.0;
    let r = ((w - 2.0 * hmargin) / 2.0)
        .min((bottom - top - 2.0 * vmargin) / 2.0)
        .max(10.0);
    let c = (w / 2.0, (top + bottom) / 2.0);

    let title = options.title.clone().unwrap_or_else(|| match series {
        [one] => format!("{} · {}", one.name, words::RADAR_TITLE.get(lang)),
        _ => words::RADAR_TITLE.get(lang).to_owned(),
    });
    let mut desc = String::from(words::RADAR_DESC.get(lang));
    for s in series {
        let _ = write!(desc, " {}:", s.name);
        for (i, d) in framework.dimensions.iter().enumerate() {
            let level = s.scorecard.dimensions[i].grade.as_ref().map_or_else(
                || crate::ui::NOT_RATED.get(lang).to_owned(),
                |g| svg::level_label(framework, g.code, lang),
            );
            let sep = if i + 1 == n { ";" } else { "," };
            let _ = write!(desc, " {} {level}{sep}", d.labels.in_lang(lang));
        }
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

    // Rings, one per level, with the level's name on the first axis.
    out.push_str("<g class=\"rx-grid\" fill=\"none\" stroke=\"#b8b8b8\" stroke-width=\"1\">\n");
    for code in 1..=k {
        let f = f64::from(code) / f64::from(k);
        let pts: Vec<String> = (0..n)
            .map(|i| {
                let (x, y) = point(c, r, i, n, f);
                format!("{},{}", num(x), num(y))
            })
            .collect();
        let _ = writeln!(
            out,
            "<polygon class=\"rx-ring\" points=\"{}\"/>",
            pts.join(" ")
        );
    }
    for i in 0..n {
        let (x, y) = point(c, r, i, n, 1.0);
        let _ = writeln!(
            out,
            "<line class=\"rx-axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#8c8c8c\"/>",
            num(c.0),
            num(c.1),
            num(x),
            num(y)
        );
    }
    out.push_str("</g>\n<g class=\"rx-ring-labels\" fill=\"#555555\">\n");
    for code in 1..=k {
        let f = f64::from(code) / f64::from(k);
        text(
            &mut out,
            c.0 + 4.0,
            c.1 - r * f + 11.0,
            10.0,
            "start",
            "",
            &[svg::level_label(framework, code, lang)],
            false,
        );
    }
    out.push_str("</g>\n<g class=\"rx-axis-labels\" fill=\"#111111\">\n");
    for (i, lines) in labels.iter().enumerate() {
        let a = -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
        let (x, y) = point(c, r + 10.0, i, n, 1.0);
        let (cos, sin) = (a.cos(), a.sin());
        let anchor = if cos > 0.2 {
            "start"
        } else if cos < -0.2 {
            "end"
        } else {
            "middle"
        };
        let nl = lines.len() as f64;
        // Baseline of the first line: above the point at the top, below it at the bottom.
        let block = nl * 1.2 * label_size;
        let y0 = y + (sin + 1.0) / 2.0 * block - block + 0.9 * label_size;
        text(&mut out, x, y0, label_size, anchor, "", lines, false);
    }
    out.push_str("</g>\n");

    // Series, last first so the first is on top.
    for (i, s) in series.iter().enumerate().rev() {
        let colour = svg::SERIES_COLOURS[i % svg::SERIES_COLOURS.len()];
        let dash = svg::SERIES_DASHES[i % svg::SERIES_DASHES.len()];
        let pts: Vec<(f64, f64, bool)> = (0..n)
            .map(|d| {
                let f = fraction(&s.scorecard, d, k, options.scores);
                let (x, y) = point(c, r, d, n, f.unwrap_or(0.0));
                (x, y, f.is_some())
            })
            .collect();
        let _ = writeln!(
            out,
            "<g class=\"rx-series\" data-series=\"{i}\"><title>{}</title>",
            esc(&s.name)
        );
        let _ = writeln!(
            out,
            "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"{}\" stroke=\"{colour}\" stroke-width=\"{}\"{}/>",
            pts.iter()
                .map(|p| format!("{},{}", num(p.0), num(p.1)))
                .collect::<Vec<_>>()
                .join(" "),
            if i == 0 { "0.18" } else { "0.06" },
            if i == 0 { "2.5" } else { "2" },
            if dash.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dash}\"")
            }
        );
        for p in pts.iter().filter(|p| p.2) {
            marker(&mut out, i, (p.0, p.1), colour);
        }
        out.push_str("</g>\n");
    }

    // Legend.
    out.push_str("<g class=\"rx-legend\">\n");
    for (x, row, i) in legend {
        let y = bottom + 12.0 + row * 20.0;
        let colour = svg::SERIES_COLOURS[i % svg::SERIES_COLOURS.len()];
        let dash = svg::SERIES_DASHES[i % svg::SERIES_DASHES.len()];
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2.5\"{}/>",
            num(x),
            num(y),
            num(x + 28.0),
            num(y),
            if dash.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dash}\"")
            }
        );
        marker(&mut out, i, (x + 14.0, y), colour);
        text(
            &mut out,
            x + 36.0,
            y + 4.0,
            legend_size,
            "start",
            "fill=\"#222222\"",
            &[svg::truncate(&series[i].name, legend_size, w * 0.6)],
            false,
        );
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}
