//! The attribute bar chart.

use std::fmt::Write as _;

use super::svg::{self, num, text, text_width};
use super::{words, ChartError, ChartOptions};
use crate::framework::Framework;
use crate::score::Scorecard;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 380.0;

pub(super) fn render(
    framework: &Framework,
    scorecard: &Scorecard,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    super::check_scorecard(framework, scorecard, "scorecard")?;
    let (w, h) = super::size(options, (WIDTH, HEIGHT))?;
    let lang = options.lang;
    let k = framework.level_count();
    let prefix = svg::clean_prefix(&options.id_prefix);
    let columns = scorecard.columns();
    let n = columns.len().max(1);

    let labels: Vec<String> = columns
        .iter()
        .map(|c| match &c.dimension {
            Some(d) => framework.label_or_id(d, lang.id()).to_owned(),
            None => framework.label_or_id(&c.attribute, lang.id()).to_owned(),
        })
        .collect();
    let level_names: Vec<String> = (1..=k)
        .map(|c| svg::level_label(framework, c, lang))
        .collect();
    let axis_w = level_names
        .iter()
        .map(|l| text_width(l, 11.0))
        .fold(0.0, f64::max);

    let left = 16.0 + axis_w + 8.0;
    let right = w - 16.0;
    let top = 52.0;
    let bottom = h - 30.0 - 2.0 * 1.2 * 12.0 - 8.0;
    let plot_h = (bottom - top).max(10.0);
    let slot = (right - left) / n as f64;
    let bar_w = (slot * 0.6).min(90.0);

    let title = options
        .title
        .clone()
        .unwrap_or_else(|| format!("{} · {}", scorecard.assessment, words::BARS_TITLE.get(lang)));
    let mut desc = String::from(words::BARS_DESC.get(lang));
    for (c, label) in columns.iter().zip(&labels) {
        let level = c.grade.as_ref().map_or_else(
            || crate::ui::NOT_RATED.get(lang).to_owned(),
            |g| svg::level_label(framework, g.code, lang),
        );
        let _ = write!(desc, " {label} {level};");
    }

    let mut out = String::new();
    svg::open(&mut out, (w, h), (w, h), &prefix, &title, &desc);
    out.push_str("<defs>");
    svg::level_patterns(&mut out, &prefix, k);
    out.push_str("</defs>\n");
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

    // Grid lines at each level with its name.
    out.push_str("<g class=\"rx-grid\">\n");
    for code in 1..=k {
        let y = bottom - plot_h * f64::from(code) / f64::from(k);
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
            &[level_names[usize::from(code - 1)].clone()],
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

    out.push_str("<g class=\"rx-bars\">\n");
    for (i, (c, label)) in columns.iter().zip(&labels).enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let x = cx - bar_w / 2.0;
        match &c.grade {
            Some(g) => {
                let v = if options.scores {
                    g.value
                } else {
                    f64::from(g.code)
                };
                let bh = plot_h * (v / f64::from(k)).clamp(0.0, 1.0);
                let _ = writeln!(
                    out,
                    "<rect class=\"rx-bar\" data-key=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#{})\" stroke=\"#333333\" stroke-width=\"0.8\"><title>{}</title></rect>",
                    svg::esc(&c.key()),
                    num(x),
                    num(bottom - bh),
                    num(bar_w),
                    num(bh),
                    svg::pattern_id(&prefix, g.code),
                    svg::esc(&format!("{label}: {}", svg::level_label(framework, g.code, lang)))
                );
                let mut value = svg::level_label(framework, g.code, lang);
                if options.scores {
                    let _ = write!(value, " {:.1}", g.score);
                }
                text(
                    &mut out,
                    cx,
                    bottom - bh - 6.0,
                    12.0,
                    "middle",
                    "font-weight=\"bold\" fill=\"#111111\"",
                    &[value],
                    false,
                );
            }
            None => {
                text(
                    &mut out,
                    cx,
                    bottom - 6.0,
                    12.0,
                    "middle",
                    "fill=\"#666666\"",
                    &[crate::ui::NOT_RATED.get(lang).to_owned()],
                    false,
                );
            }
        }
        let lines = svg::wrap2(label, 12.0, slot - 6.0);
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
    }
    out.push_str("</g>\n");
    let legend_w = level_names
        .iter()
        .map(|l| 24.0 + text_width(l, 12.0) + 18.0)
        .sum::<f64>();
    svg::level_legend(
        &mut out,
        framework,
        lang,
        &prefix,
        (w - legend_w) / 2.0,
        h - 24.0,
    );
    out.push_str("</svg>\n");
    Ok(out)
}
