//! Renders a report as Markdown (GFM) with the charts as separate SVG files.

use std::fmt::Write as _;

use super::doc::{Block, Doc};
use super::words;
use super::{ChartFile, MarkdownReport};
use crate::framework::Framework;
use crate::lang::Lang;
use crate::text::Table;

/// Escapes text for Markdown: HTML-significant characters as entities (a name like `<script>`
/// stays text) and Markdown punctuation with a backslash; newlines become spaces, control and
/// bidirectional-override characters U+FFFD (see [`crate::text::escape_markdown`]).
pub(crate) fn md(s: &str) -> String {
    crate::text::escape_markdown(s)
}

/// Keeps ASCII letters, digits, `-`, `_` and `.` of a file-name prefix; `"report"` when empty.
pub(crate) fn clean_file_prefix(p: &str) -> String {
    let s: String = p
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    let s = s.trim_start_matches('.').to_owned();
    if s.is_empty() {
        "report".to_owned()
    } else {
        s
    }
}

fn table(t: &Table) -> String {
    // Table::markdown escapes the title and every cell
    t.markdown()
}

pub(super) fn render(framework: &Framework, doc: &Doc, prefix: &str) -> MarkdownReport {
    render_with(Some(framework), doc, prefix)
}

/// Renders a document; without a framework the footer names none.
pub(super) fn render_with(
    framework: Option<&Framework>,
    doc: &Doc,
    prefix: &str,
) -> MarkdownReport {
    let lang = doc.lang;
    let prefix = clean_file_prefix(prefix);
    let mut o = format!("# {}\n\n", md(&doc.title));
    let mut charts = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(o, "{} {}\n", "#".repeat(usize::from(*level)), md(text));
            }
            Block::Para(text) => {
                let _ = writeln!(o, "{}\n", md(text));
            }
            Block::Facts(facts) => {
                let sep = match lang {
                    Lang::Zh => ":",
                    Lang::En => ": ",
                };
                for (k, v) in facts {
                    let _ = writeln!(o, "- **{}**{sep}{}", md(k), md(v));
                }
                o.push('\n');
            }
            Block::Table(t) => {
                o.push_str(&table(t));
                o.push('\n');
            }
            Block::Quote(text, source) => {
                let _ = writeln!(o, "> {}", md(text));
                if !source.is_empty() {
                    let _ = writeln!(o, ">\n> — {}", md(source));
                }
                o.push('\n');
            }
            Block::Chart(stem, caption, svg) => {
                let name = format!("{prefix}-{stem}.svg");
                let _ = writeln!(o, "![{}]({name})\n\n*{}*\n", md(caption), md(caption));
                charts.push(ChartFile {
                    name,
                    svg: svg.clone(),
                });
            }
        }
    }
    let _ = writeln!(
        o,
        "---\n\n{} {}{}",
        words::GENERATED_BY.get(lang),
        env!("CARGO_PKG_VERSION"),
        framework.map_or_else(String::new, |f| format!(" · `{}`", f.id.replace('`', "'")))
    );
    MarkdownReport {
        markdown: o,
        charts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(
            md("<script>*x*|[a](b)"),
            "&lt;script&gt;\\*x\\*\\|\\[a\\](b)"
        );
        assert_eq!(clean_file_prefix("../../etc/x"), "etcx");
        assert_eq!(clean_file_prefix("///"), "report");
    }
}
