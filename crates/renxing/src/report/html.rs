//! Renders a report as one self-contained HTML file: inline CSS and SVG, no script, no
//! external resource (the favicon is an empty `data:` URL so browsers request nothing).

use std::fmt::Write as _;

use super::doc::{Block, Doc};
use super::words;
use crate::chart::svg::{esc, level_colour, level_ink, FONT_FAMILY};
use crate::framework::Framework;
use crate::lang::Lang;

const CSS: &str = "\
*{box-sizing:border-box}\
body{margin:0;padding:24px;color:#111;background:#fff;line-height:1.55;font-size:15px}\
main{max-width:980px;margin:0 auto}\
h1{font-size:1.6em;margin:.2em 0 .6em}\
h2{font-size:1.3em;margin:1.6em 0 .5em;border-bottom:2px solid #0072B2;padding-bottom:.2em}\
h3{font-size:1.05em;margin:1.2em 0 .3em}\
table{border-collapse:collapse;margin:.6em 0 1em;width:100%}\
caption{text-align:left;font-weight:bold;padding:.3em 0}\
th,td{border:1px solid #bbb;padding:.35em .6em;text-align:left;vertical-align:top}\
th{background:#eef3f8}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.5em 0 1em}\
dt{font-weight:bold}dd{margin:0}\
blockquote{margin:.5em 0;padding:.4em .9em;border-left:4px solid #8c8c8c;background:#f6f6f6}\
blockquote footer{font-size:.85em;color:#444;margin-top:.2em}\
figure{margin:1em 0;overflow-x:auto}\
figure svg{max-width:100%;height:auto}\
figcaption{font-size:.9em;color:#333}\
footer.rx{margin-top:2em;font-size:.85em;color:#555}\
@media print{body{padding:0}h2{break-after:avoid}figure,table{break-inside:avoid}}";

fn level_css(framework: &Framework) -> String {
    let k = framework.level_count();
    let mut css = String::new();
    for code in 1..=k {
        let _ = write!(
            css,
            "td.lv{code}{{background:{};color:{};font-weight:bold}}",
            level_colour(code, k),
            level_ink(code, k)
        );
    }
    css
}

/// The level code of a table cell whose text is exactly a level's label (for shading).
fn cell_level(framework: &Framework, lang: Lang, cell: &str) -> Option<u8> {
    let base = cell.split(" (").next().unwrap_or(cell);
    framework
        .levels
        .iter()
        .position(|l| l.labels.in_lang(lang) == base)
        .and_then(|i| u8::try_from(i + 1).ok())
}

pub(super) fn render(framework: &Framework, doc: &Doc) -> String {
    render_with(Some(framework), doc)
}

/// Renders a document; without a framework (a report of indicator data) no cell is shaded by
/// level and the footer names no framework.
pub(super) fn render_with(framework: Option<&Framework>, doc: &Doc) -> String {
    let lang = doc.lang;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"renxing {}\">\n<link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>body{{font-family:{}}}{CSS}{}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        match lang {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        },
        env!("CARGO_PKG_VERSION"),
        esc(&doc.title),
        FONT_FAMILY,
        framework.map(level_css).unwrap_or_default(),
        esc(&doc.title)
    );
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(o, "<h{level}>{}</h{level}>", esc(text));
            }
            Block::Para(text) => {
                let _ = writeln!(o, "<p>{}</p>", esc(text));
            }
            Block::Facts(facts) => {
                o.push_str("<dl>");
                for (k, v) in facts {
                    let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
                }
                o.push_str("</dl>\n");
            }
            Block::Table(t) => {
                o.push_str("<table>");
                if !t.title.is_empty() {
                    let _ = write!(o, "<caption>{}</caption>", esc(&t.title));
                }
                o.push_str("<thead><tr>");
                for h in &t.headers {
                    let _ = write!(o, "<th scope=\"col\">{}</th>", esc(h));
                }
                o.push_str("</tr></thead><tbody>\n");
                for row in &t.rows {
                    o.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let class = if i == 0 {
                            None
                        } else {
                            framework.and_then(|f| cell_level(f, lang, cell))
                        };
                        match class {
                            Some(c) => {
                                let _ = write!(o, "<td class=\"lv{c}\">{}</td>", esc(cell));
                            }
                            None => {
                                let _ = write!(o, "<td>{}</td>", esc(cell));
                            }
                        }
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody></table>\n");
            }
            Block::Quote(text, source) => {
                let _ = write!(o, "<blockquote><p>{}</p>", esc(text));
                if !source.is_empty() {
                    let _ = write!(o, "<footer>— {}</footer>", esc(source));
                }
                o.push_str("</blockquote>\n");
            }
            Block::Chart(_, caption, svg) => {
                let _ = writeln!(
                    o,
                    "<figure>\n{}<figcaption>{}</figcaption>\n</figure>",
                    svg,
                    esc(caption)
                );
            }
        }
    }
    let _ = write!(
        o,
        "<footer class=\"rx\">{} {}{}</footer>\n</main>\n</body>\n</html>\n",
        words::GENERATED_BY.get(lang),
        env!("CARGO_PKG_VERSION"),
        framework.map_or_else(String::new, |f| format!(" · {}", esc(&f.id)))
    );
    o
}
