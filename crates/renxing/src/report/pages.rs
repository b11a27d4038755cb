//! Lays a report out into A4 pages, each page one SVG document, for PDF and PNG export
//! (`renxing-render` turns the pages into a PDF or a PNG; the layout is the core's, so every
//! front end gets the same pages).
//!
//! The layout is a simple flow: the title, then every block of the report's document in order
//! (headings, paragraphs, `key: value` facts, tables with wrapped cells and their header
//! repeated after a page break, quotes, charts scaled to the text width), a new page when the
//! next line or chart does not fit, and a footer with the page number. Widths are estimated
//! (CJK 1 em, other characters 0.6 em), as the charts do; text is never cut, only wrapped.

use std::fmt::Write as _;

use super::doc::{Block, Doc};
use super::words;
use crate::chart::svg::{esc, num, text_width, FONT_FAMILY};
use crate::text::Table;

/// Page width (A4 in PostScript points).
pub(crate) const PAGE_W: f64 = 595.0;
/// Page height (A4 in PostScript points).
pub(crate) const PAGE_H: f64 = 842.0;
const MARGIN: f64 = 48.0;
const FOOTER: f64 = 28.0;
const BODY: f64 = 9.5;
const LINE: f64 = 1.45;
const CELL_PAD: f64 = 4.0;
const MAX_CHART_H: f64 = 420.0;

struct Pager {
    pages: Vec<String>,
    cur: String,
    y: f64,
    /// `None`: one page as tall as the content (the PNG of a whole report).
    page_h: Option<f64>,
}

impl Pager {
    fn bottom(&self) -> f64 {
        self.page_h.map_or(f64::INFINITY, |h| h - MARGIN - FOOTER)
    }

    fn ensure(&mut self, h: f64) {
        if self.y + h > self.bottom() && self.y > MARGIN + 0.5 {
            self.break_page();
        }
    }

    fn break_page(&mut self) {
        let body = std::mem::take(&mut self.cur);
        self.pages.push(body);
        self.y = MARGIN;
    }

    fn text(&mut self, x: f64, size: f64, weight: &str, fill: &str, s: &str) {
        let _ = writeln!(
            self.cur,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{}{}>{}</text>",
            num(x),
            num(self.y + size),
            num(size),
            if weight.is_empty() {
                String::new()
            } else {
                format!(" font-weight=\"{weight}\"")
            },
            if fill.is_empty() {
                String::new()
            } else {
                format!(" fill=\"{fill}\"")
            },
            esc(s)
        );
    }

    /// Wrapped lines of text starting at `x`, as wide as `max`.
    fn lines(&mut self, x: f64, max: f64, size: f64, weight: &str, fill: &str, s: &str) {
        for line in wrap(s, size, max) {
            self.ensure(size * LINE);
            self.text(x, size, weight, fill, &line);
            self.y += size * LINE;
        }
    }
}

/// Splits a text into lines no wider than `max` at `size`: at a space when the line has one
/// (Latin words stay whole), else between any two characters (CJK text has no spaces).
pub(crate) fn wrap(s: &str, size: f64, max: f64) -> Vec<String> {
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for c in para.chars() {
            let mut next = line.clone();
            next.push(c);
            if text_width(&next, size) > max && !line.is_empty() {
                // break at the last space of the line when the character continues a word
                let cut = if c != ' ' && c.is_ascii_alphanumeric() {
                    line.rfind(' ').filter(|&i| i > 0)
                } else {
                    None
                };
                match cut {
                    Some(i) => {
                        let rest = line[i + 1..].to_owned();
                        line.truncate(i);
                        out.push(std::mem::take(&mut line));
                        line = rest;
                        line.push(c);
                    }
                    None => {
                        out.push(std::mem::take(&mut line));
                        if c != ' ' {
                            line.push(c);
                        }
                    }
                }
            } else {
                line = next;
            }
        }
        out.push(line);
    }
    out
}

fn column_widths(t: &Table, size: f64, total: f64) -> Vec<f64> {
    let n = t
        .headers
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    if n == 0 {
        return Vec::new();
    }
    // natural width of each column (capped), then scaled to the text width
    let mut nat = vec![0.0_f64; n];
    let cells = std::iter::once(&t.headers).chain(t.rows.iter());
    for row in cells {
        for (i, c) in row.iter().enumerate() {
            if let Some(w) = nat.get_mut(i) {
                *w = w.max(text_width(c, size).min(total * 0.6) + 2.0 * CELL_PAD);
            }
        }
    }
    for w in &mut nat {
        *w = w.max(size * 2.0 + 2.0 * CELL_PAD);
    }
    let sum: f64 = nat.iter().sum();
    if sum <= total {
        // spread the spare width over the columns in proportion
        nat.iter().map(|w| w * total / sum).collect()
    } else {
        // shrink the wide columns first: every column keeps at least an equal share or its width
        let fair = total / n as f64;
        let narrow: f64 = nat.iter().filter(|w| **w <= fair).sum();
        let wide: f64 = nat.iter().filter(|w| **w > fair).sum();
        let left = (total - narrow).max(0.0);
        nat.iter()
            .map(|w| if *w <= fair { *w } else { w * left / wide })
            .collect()
    }
}

fn table(p: &mut Pager, t: &Table, width: f64) {
    let size = BODY - 0.5;
    if !t.title.is_empty() {
        p.lines(MARGIN, width, size + 0.5, "bold", "", &t.title);
        p.y += 2.0;
    }
    let widths = column_widths(t, size, width);
    let cells = |cells: &[String]| -> (Vec<Vec<String>>, f64) {
        let wrapped: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                wrap(
                    cells.get(i).map_or("", String::as_str),
                    size,
                    w - 2.0 * CELL_PAD,
                )
            })
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (wrapped, lines as f64 * size * LINE + 2.0 * CELL_PAD)
    };
    let draw = |p: &mut Pager, wrapped: &[Vec<String>], h: f64, header: bool| {
        let mut x = MARGIN;
        for (i, w) in widths.iter().enumerate() {
            let _ = writeln!(
                p.cur,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#bbbbbb\" stroke-width=\"0.6\"/>",
                num(x),
                num(p.y),
                num(*w),
                num(h),
                if header { "#eef3f8" } else { "#ffffff" }
            );
            let y0 = p.y;
            p.y += CELL_PAD;
            for l in wrapped.get(i).map_or(&[][..], Vec::as_slice) {
                p.text(x + CELL_PAD, size, if header { "bold" } else { "" }, "", l);
                p.y += size * LINE;
            }
            p.y = y0;
            x += w;
        }
        p.y += h;
    };
    let (head, head_h) = cells(&t.headers);
    let first_h = t.rows.first().map_or(0.0, |r| cells(r).1);
    p.ensure(head_h + first_h);
    draw(p, &head, head_h, true);
    for r in &t.rows {
        let (wrapped, h) = cells(r);
        let pages = p.pages.len();
        p.ensure(h);
        if p.pages.len() != pages {
            // the row starts a new page: the header again above it
            draw(p, &head, head_h, true);
        }
        draw(p, &wrapped, h, false);
    }
    p.y += size;
}

/// The SVG size of a chart (`width`/`height` of its root element).
fn chart_size(svg: &str) -> (f64, f64) {
    let head = svg.split('>').next().unwrap_or("");
    let attr = |name: &str| -> Option<f64> {
        let key = format!(" {name}=\"");
        let start = head.find(&key)? + key.len();
        let end = head[start..].find('"')? + start;
        head[start..end].parse().ok()
    };
    (
        attr("width").unwrap_or(600.0),
        attr("height").unwrap_or(400.0),
    )
}

fn chart_scale(svg: &str, width: f64) -> f64 {
    let (w, h) = chart_size(svg);
    let mut scale = (width / w).min(1.0);
    if h * scale > MAX_CHART_H {
        scale = MAX_CHART_H / h;
    }
    scale
}

fn chart_height(svg: &str, width: f64) -> f64 {
    chart_size(svg).1 * chart_scale(svg, width)
}

fn chart(p: &mut Pager, caption: &str, svg: &str, width: f64) {
    let (w, h) = chart_size(svg);
    let scale = chart_scale(svg, width);
    let caption_h = BODY * LINE * wrap(caption, BODY - 0.5, width).len() as f64;
    p.ensure(h * scale + caption_h + 6.0);
    let x = MARGIN + (width - w * scale) / 2.0;
    let _ = writeln!(
        p.cur,
        "<g transform=\"translate({} {}) scale({})\">{}</g>",
        num(x),
        num(p.y),
        scale,
        svg.trim()
    );
    p.y += h * scale + 4.0;
    p.lines(MARGIN, width, BODY - 0.5, "", "#333333", caption);
    p.y += BODY;
}

/// The pages of a report: a list of SVG documents of `PAGE_W` × `PAGE_H` points (or, with
/// `paged == false`, one SVG as tall as the content).
pub(crate) fn render(doc: &Doc, paged: bool) -> Vec<String> {
    let lang = doc.lang;
    let width = PAGE_W - 2.0 * MARGIN;
    let mut p = Pager {
        pages: Vec::new(),
        cur: String::new(),
        y: MARGIN,
        page_h: paged.then_some(PAGE_H),
    };
    p.lines(MARGIN, width, 18.0, "bold", "", &doc.title);
    p.y += 6.0;
    for (i, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Heading(level, s) => {
                let size = if *level <= 2 { 13.5 } else { 11.0 };
                // keep a heading with at least three lines after it, or with the chart after it
                let next = match doc.blocks.get(i + 1) {
                    Some(Block::Chart(_, _, svg)) => chart_height(svg, width) + 2.0 * BODY * LINE,
                    _ => 3.0 * BODY * LINE,
                };
                p.ensure(size * LINE + next + 8.0);
                p.y += if *level <= 2 { 10.0 } else { 4.0 };
                p.lines(MARGIN, width, size, "bold", "", s);
                if *level <= 2 {
                    let _ = writeln!(
                        p.cur,
                        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#0072B2\" stroke-width=\"1.2\"/>",
                        num(MARGIN),
                        num(p.y),
                        num(MARGIN + width),
                        num(p.y)
                    );
                }
                p.y += 5.0;
            }
            Block::Para(s) => {
                p.lines(MARGIN, width, BODY, "", "", s);
                p.y += BODY * 0.5;
            }
            Block::Facts(facts) => {
                let key_w = facts
                    .iter()
                    .map(|(k, _)| text_width(k, BODY))
                    .fold(0.0_f64, f64::max)
                    .min(width * 0.35)
                    + 10.0;
                for (k, v) in facts {
                    p.ensure(BODY * LINE);
                    p.text(MARGIN, BODY, "bold", "", k);
                    p.lines(MARGIN + key_w, width - key_w, BODY, "", "", v);
                }
                p.y += BODY * 0.5;
            }
            Block::Table(t) => table(&mut p, t, width),
            Block::Quote(q, source) => {
                let y0 = p.y;
                let pages = p.pages.len();
                p.lines(MARGIN + 10.0, width - 10.0, BODY, "", "#222222", q);
                if !source.is_empty() {
                    p.lines(
                        MARGIN + 10.0,
                        width - 10.0,
                        BODY - 1.0,
                        "",
                        "#444444",
                        &format!("— {source}"),
                    );
                }
                let top = if p.pages.len() == pages { y0 } else { MARGIN };
                let _ = writeln!(
                    p.cur,
                    "<rect x=\"{}\" y=\"{}\" width=\"3\" height=\"{}\" fill=\"#8c8c8c\"/>",
                    num(MARGIN),
                    num(top),
                    num(p.y - top)
                );
                p.y += BODY * 0.5;
            }
            Block::Chart(_, caption, svg) => chart(&mut p, caption, svg, width),
        }
    }
    let body = std::mem::take(&mut p.cur);
    p.pages.push(body);
    let n = p.pages.len();
    let content_h = p.y + MARGIN;
    p.pages
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let h = if paged { PAGE_H } else { content_h };
            let footer = if paged {
                format!(
                    "{} · {} / {}",
                    words::GENERATED_BY.get(lang),
                    i + 1,
                    n
                )
            } else {
                words::GENERATED_BY.get(lang).to_owned()
            };
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\">\n<title>{title}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n{body}<text x=\"{x}\" y=\"{fy}\" font-size=\"8\" fill=\"#555555\" text-anchor=\"end\">{footer}</text>\n</svg>\n",
                w = num(PAGE_W),
                h = num(h),
                title = esc(&doc.title),
                x = num(PAGE_W - MARGIN),
                fy = num(h - MARGIN / 2.0),
                footer = esc(&footer),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_latin_words_and_breaks_cjk_anywhere() {
        let lines = wrap("alpha beta gamma delta", 10.0, 70.0);
        assert_eq!(lines, vec!["alpha beta", "gamma delta"]);
        let cjk = wrap("社区韧性评估报告社区韧性", 10.0, 40.0);
        assert_eq!(cjk, vec!["社区韧性", "评估报告", "社区韧性"]);
        assert_eq!(wrap("", 10.0, 40.0), vec![String::new()]);
    }

    #[test]
    fn chart_size_reads_the_root_attributes() {
        assert_eq!(
            chart_size("<svg xmlns=\"x\" width=\"640.00\" height=\"480.00\" viewBox=\"0 0 1 1\">"),
            (640.0, 480.0)
        );
    }
}
