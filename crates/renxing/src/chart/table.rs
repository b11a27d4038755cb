//! The comparison heat-table.

use std::fmt::Write as _;

use super::svg::{self, esc, num, text, text_width};
use super::{words, ChartError, ChartOptions};
use crate::compare::{Comparison, RankEntry};
use crate::framework::Framework;
use crate::score::Grade;

const PAD: f64 = 16.0;
const CELL_W: f64 = 64.0;
const CELL_H: f64 = 30.0;
const RANK_W: f64 = 52.0;
const HEAD_SIZE: f64 = 12.0;
const SIN45: f64 = std::f64::consts::FRAC_1_SQRT_2;

pub(super) fn render(
    framework: &Framework,
    comparison: &Comparison,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    if comparison.rows.is_empty() {
        return Err(ChartError::Empty {
            field: "comparison.rows",
        });
    }
    for (i, r) in comparison.rows.iter().enumerate() {
        super::check_scorecard(
            framework,
            &r.scorecard,
            &format!("comparison.rows[{i}].scorecard"),
        )?;
    }
    let lang = options.lang;
    let k = framework.level_count();
    let prefix = svg::clean_prefix(&options.id_prefix);

    // Rows in ranking order (rows missing from the ranking keep input order at the end).
    let ordered = comparison.ranked_rows();

    let mut headers: Vec<String> = framework
        .dimensions
        .iter()
        .map(|d| svg::truncate(d.labels.in_lang(lang), HEAD_SIZE, 260.0))
        .collect();
    headers.push(crate::ui::OVERALL.get(lang).to_owned());
    let head_w = headers
        .iter()
        .map(|t| text_width(t, HEAD_SIZE))
        .fold(0.0, f64::max);
    let names: Vec<String> = ordered
        .iter()
        .map(|(r, _)| svg::truncate(&r.name, 13.0, 220.0))
        .collect();
    let name_w = names
        .iter()
        .map(|t| text_width(t, 13.0))
        .chain([text_width(crate::ui::COMMUNITY.get(lang), 13.0)])
        .fold(0.0, f64::max)
        + 16.0;

    let title = options
        .title
        .clone()
        .unwrap_or_else(|| words::TABLE_TITLE.get(lang).to_owned());
    let title_h = 44.0;
    let head_h = head_w * SIN45 + 18.0;
    let table_x = PAD;
    let grid_x = table_x + RANK_W + name_w;
    let grid_y = title_h + head_h;
    let ncols = headers.len();
    let table_w = RANK_W + name_w + CELL_W * ncols as f64;
    let overhang = (head_w * SIN45 - CELL_W / 2.0).max(0.0);
    let vw = PAD + table_w + overhang + PAD;
    let vh = grid_y + CELL_H * ordered.len() as f64 + 16.0 + 14.0 + PAD;
    let view = (vw, vh);
    let natural = super::size(options, view)?;
    let size = match (options.width, options.height) {
        (None, None) => view,
        (Some(_), None) => (natural.0, natural.0 * vh / vw),
        (None, Some(_)) => (natural.1 * vw / vh, natural.1),
        (Some(_), Some(_)) => natural,
    };

    let level_of = |g: &Option<Grade>| {
        g.as_ref().map_or_else(
            || crate::ui::NOT_RATED.get(lang).to_owned(),
            |g| svg::level_label(framework, g.code, lang),
        )
    };
    let mut desc = String::from(words::TABLE_DESC.get(lang));
    for (r, e) in &ordered {
        let rank = e
            .and_then(|e| e.rank)
            .map_or_else(|| "-".to_owned(), |r| r.to_string());
        let _ = write!(
            desc,
            " {} {rank}: {}, {} {};",
            crate::ui::RANK.get(lang),
            r.name,
            crate::ui::OVERALL.get(lang),
            level_of(&r.scorecard.overall)
        );
    }

    let mut out = String::new();
    svg::open(&mut out, size, view, &prefix, &title, &desc);
    out.push_str("<defs>");
    svg::level_patterns(&mut out, &prefix, k);
    out.push_str("</defs>\n");
    text(
        &mut out,
        PAD,
        28.0,
        17.0,
        "start",
        "font-weight=\"bold\" fill=\"#111111\"",
        std::slice::from_ref(&title),
        false,
    );

    // Header: rank, community, then rotated dimension labels.
    out.push_str("<g class=\"rx-head\" fill=\"#111111\">\n");
    text(
        &mut out,
        table_x + RANK_W / 2.0,
        grid_y - 10.0,
        13.0,
        "middle",
        "font-weight=\"bold\"",
        &[crate::ui::RANK.get(lang).to_owned()],
        false,
    );
    text(
        &mut out,
        table_x + RANK_W + 8.0,
        grid_y - 10.0,
        13.0,
        "start",
        "font-weight=\"bold\"",
        &[crate::ui::COMMUNITY.get(lang).to_owned()],
        false,
    );
    for (j, h) in headers.iter().enumerate() {
        let x = grid_x + CELL_W * (j as f64 + 0.5);
        let y = grid_y - 8.0;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" transform=\"rotate(-45 {} {})\"{}>{}</text>",
            num(x),
            num(y),
            num(HEAD_SIZE),
            num(x),
            num(y),
            if j + 1 == ncols {
                " font-weight=\"bold\""
            } else {
                ""
            },
            esc(h)
        );
    }
    out.push_str("</g>\n<g class=\"rx-rows\">\n");

    for (i, ((r, e), name)) in ordered.iter().zip(&names).enumerate() {
        let y = grid_y + CELL_H * i as f64;
        let _ = writeln!(
            out,
            "<g class=\"rx-row\" data-id=\"{}\"><title>{}</title>",
            esc(&r.id),
            esc(&r.name)
        );
        if i % 2 == 1 {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f2f2f2\"/>",
                num(table_x),
                num(y),
                num(RANK_W + name_w),
                num(CELL_H)
            );
        }
        let rank = match e {
            Some(RankEntry {
                rank: Some(rank),
                tied,
                ..
            }) => format!("{rank}{}", if *tied { "=" } else { "" }),
            _ => "–".to_owned(),
        };
        text(
            &mut out,
            table_x + RANK_W / 2.0,
            y + CELL_H / 2.0 + 5.0,
            14.0,
            "middle",
            "font-weight=\"bold\" fill=\"#111111\"",
            &[rank],
            false,
        );
        text(
            &mut out,
            table_x + RANK_W + 8.0,
            y + CELL_H / 2.0 + 4.5,
            13.0,
            "start",
            "fill=\"#111111\"",
            std::slice::from_ref(name),
            false,
        );
        let grades = r
            .scorecard
            .dimensions
            .iter()
            .map(|d| &d.grade)
            .chain([&r.scorecard.overall]);
        for (j, g) in grades.enumerate() {
            let x = grid_x + CELL_W * j as f64;
            let (fill, ink) = match g {
                Some(g) => (
                    format!("url(#{})", svg::pattern_id(&prefix, g.code)),
                    svg::level_ink(g.code, k),
                ),
                None => ("#ffffff".to_owned(), "#555555"),
            };
            let _ = writeln!(
                out,
                "<rect class=\"rx-cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
                num(x),
                num(y),
                num(CELL_W),
                num(CELL_H)
            );
            let label = svg::truncate(&level_of(g), 12.0, CELL_W - 8.0);
            let halo = if ink == "#ffffff" {
                "#000000"
            } else {
                "#ffffff"
            };
            text(
                &mut out,
                x + CELL_W / 2.0,
                y + CELL_H / 2.0 + 4.5,
                12.0,
                "middle",
                &format!(
                    "font-weight=\"bold\" fill=\"{ink}\" stroke=\"{halo}\" stroke-width=\"2.5\" stroke-opacity=\"0.5\" paint-order=\"stroke\""
                ),
                &[label],
                false,
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    svg::level_legend(
        &mut out,
        framework,
        lang,
        &prefix,
        grid_x,
        grid_y + CELL_H * ordered.len() as f64 + 16.0,
    );
    out.push_str("</svg>\n");
    Ok(out)
}
