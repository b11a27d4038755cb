//! Small-multiple radars: one small radar per community in a grid, every one on the same scale
//! (level `c` of `k` at `c/k` of the radius), so a dozen communities stay readable where one
//! radar of twelve polygons is not. The first panel is the key: the dimension names on their
//! axes; each community's panel carries its name and its overall level.

use std::fmt::Write as _;

use super::radar::{fraction, point};
use super::svg::{self, num, text};
use super::{ChartError, ChartOptions, RadarSeries};
use crate::framework::Framework;
use crate::lang::Text;

/// Default title.
const TITLE: Text = Text {
    zh: "各社区维度等级(小多图)",
    en: "Dimension levels of each community",
};
/// Start of the `<desc>`.
const DESC: Text = Text {
    zh: "小多图:每个社区一个小雷达图,刻度相同;第一格为维度图例。",
    en: "Small multiples: one small radar per community on one shared scale; the first panel names the axes.",
};
/// The key panel's title.
const KEY: Text = Text {
    zh: "维度(图例)",
    en: "Dimensions (key)",
};

const PANEL_W: f64 = 210.0;
const PANEL_H: f64 = 215.0;
const HEADER: f64 = 48.0;

/// The number of columns of the grid for `n` panels (at most 4).
fn columns(n: usize) -> usize {
    match n {
        0..=2 => n.max(1),
        3..=4 => 2,
        5..=9 => 3,
        _ => 4,
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
    let lang = options.lang;
    let k = framework.level_count();
    let prefix = svg::clean_prefix(&options.id_prefix);
    let panels = series.len() + 1;
    let cols = columns(panels);
    let rows = panels.div_ceil(cols);
    let natural = (cols as f64 * PANEL_W, HEADER + rows as f64 * PANEL_H + 40.0);
    let (w, h) = super::size(options, natural)?;

    let title = options
        .title
        .clone()
        .unwrap_or_else(|| TITLE.get(lang).to_owned());
    let mut desc = String::from(DESC.get(lang));
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
    // laid out at the natural size, scaled to the size asked for by the viewBox
    svg::open(&mut out, (w, h), natural, &prefix, &title, &desc);
    text(
        &mut out,
        natural.0 / 2.0,
        30.0,
        17.0,
        "middle",
        "font-weight=\"bold\" fill=\"#111111\"",
        std::slice::from_ref(&title),
        false,
    );
    for p in 0..panels {
        // the key's radar is smaller, to leave room for the dimension names
        let r = if p == 0 { 46.0 } else { 62.0 };
        let (col, row) = (p % cols, p / cols);
        let x0 = col as f64 * PANEL_W;
        let y0 = HEADER + row as f64 * PANEL_H;
        let c = (x0 + PANEL_W / 2.0, y0 + 44.0 + 62.0 + 6.0);
        let _ = writeln!(out, "<g class=\"rx-panel\">");
        // the panel's title: the key, or the community's name
        let (name, sub) = if p == 0 {
            (KEY.get(lang).to_owned(), String::new())
        } else {
            let s = &series[p - 1];
            let overall = s.scorecard.overall.as_ref().map_or_else(
                || crate::ui::NOT_RATED.get(lang).to_owned(),
                |g| {
                    format!(
                        "{} {}",
                        crate::ui::OVERALL.get(lang),
                        svg::level_label(framework, g.code, lang)
                    )
                },
            );
            (s.name.clone(), overall)
        };
        let name = svg::truncate(&name, 13.0, PANEL_W - 16.0);
        text(
            &mut out,
            c.0,
            y0 + 16.0,
            13.0,
            "middle",
            "font-weight=\"bold\" fill=\"#111111\"",
            std::slice::from_ref(&name),
            false,
        );
        if !sub.is_empty() {
            text(
                &mut out,
                c.0,
                y0 + 32.0,
                11.0,
                "middle",
                "fill=\"#333333\"",
                std::slice::from_ref(&sub),
                false,
            );
        }
        // rings (the shared scale) and axes
        out.push_str("<g fill=\"none\" stroke=\"#c4c4c4\" stroke-width=\"0.8\">\n");
        for code in 1..=k {
            let f = f64::from(code) / f64::from(k);
            let pts: Vec<String> = (0..n)
                .map(|i| {
                    let (x, y) = point(c, r, i, n, f);
                    format!("{},{}", num(x), num(y))
                })
                .collect();
            let _ = writeln!(out, "<polygon points=\"{}\"/>", pts.join(" "));
        }
        for i in 0..n {
            let (x, y) = point(c, r, i, n, 1.0);
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                num(c.0),
                num(c.1),
                num(x),
                num(y)
            );
        }
        out.push_str("</g>\n");
        if p == 0 {
            // the key: dimension names at the axes' ends, and the level rings named
            for (i, d) in framework.dimensions.iter().enumerate() {
                let (x, y) = point(c, r + 8.0, i, n, 1.0);
                let anchor = if (x - c.0).abs() < 1.0 {
                    "middle"
                } else if x > c.0 {
                    "start"
                } else {
                    "end"
                };
                let label = svg::wrap2(d.labels.in_lang(lang), 9.5, 50.0);
                let dy = if y > c.1 + 1.0 { 9.0 } else { 2.0 };
                text(
                    &mut out,
                    x,
                    y + dy,
                    9.5,
                    anchor,
                    "fill=\"#222222\"",
                    &label,
                    true,
                );
            }
            for code in 1..=k {
                let (x, y) = point(c, r, 0, n, f64::from(code) / f64::from(k));
                let l = svg::level_label(framework, code, lang);
                text(
                    &mut out,
                    x + 3.0,
                    y + 3.0,
                    8.0,
                    "start",
                    "fill=\"#555555\"",
                    std::slice::from_ref(&l),
                    false,
                );
            }
        } else {
            let s = &series[p - 1];
            let colour = svg::SERIES_COLOURS[0];
            let pts: Vec<(f64, f64)> = (0..n)
                .filter_map(|i| {
                    fraction(&s.scorecard, i, k, options.scores).map(|f| point(c, r, i, n, f))
                })
                .collect();
            if pts.len() >= 2 {
                let list: Vec<String> = pts
                    .iter()
                    .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                    .collect();
                let _ = writeln!(
                    out,
                    "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.25\" stroke=\"{colour}\" stroke-width=\"1.8\"/>",
                    list.join(" ")
                );
            }
            for (x, y) in &pts {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"2.6\" fill=\"{colour}\"/>",
                    num(*x),
                    num(*y)
                );
            }
            let rated = s
                .scorecard
                .dimensions
                .iter()
                .filter(|d| d.grade.is_some())
                .count();
            if rated < n {
                let note = match lang {
                    crate::Lang::Zh => format!("已评 {rated}/{n} 个维度"),
                    crate::Lang::En => format!("{rated} of {n} dimensions rated"),
                };
                text(
                    &mut out,
                    c.0,
                    y0 + PANEL_H - 20.0,
                    10.0,
                    "middle",
                    "fill=\"#8a3b00\"",
                    std::slice::from_ref(&note),
                    false,
                );
            }
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{case, cases, score, Lang};

    #[test]
    fn one_panel_per_community_plus_the_key_on_a_shared_scale() {
        let fw = Framework::paper();
        let series: Vec<RadarSeries> = cases()
            .iter()
            .chain(cases().iter())
            .map(|a| RadarSeries::new(a.name.clone(), score(a, fw).unwrap()))
            .collect();
        let svg = render(fw, &series, &ChartOptions::new(Lang::Zh)).unwrap();
        assert_eq!(svg.matches("class=\"rx-panel\"").count(), 7);
        // 7 panels: 3 columns, 3 rows
        assert!(
            svg.contains("viewBox=\"0 0 630.00 733.00\""),
            "{}",
            &svg[..300]
        );
        // every panel has 3 rings of the same radius: the outer ring of the key equals a
        // community's outer ring shifted by the panel offset
        assert_eq!(svg.matches("<polygon points=").count(), 7 * 3 + 6);
        assert!(svg.contains("满足需求") && svg.contains("综合 中"));
        let b = case("b").unwrap();
        let one = vec![RadarSeries::new("x", score(&b, fw).unwrap())];
        assert!(render(fw, &one, &ChartOptions::new(Lang::En)).is_ok());
        assert!(matches!(
            render(fw, &[], &ChartOptions::new(Lang::En)),
            Err(ChartError::Empty { .. })
        ));
    }

    #[test]
    fn grid_columns() {
        assert_eq!(
            [1, 2, 3, 4, 5, 9, 10, 13].map(columns),
            [1, 2, 2, 2, 3, 3, 4, 4]
        );
    }
}
