//! Layout: display widths (CJK-aware), tables as plain text or Markdown, escaping.

use std::fmt::Write as _;

use super::Style;

/// The display width of a string in a terminal: East Asian wide and fullwidth characters count
/// 2 columns, combining marks and zero-width characters 0, everything else 1.
///
/// ```
/// assert_eq!(renxing::text::display_width("稳健性 ok"), 9);
/// ```
#[must_use]
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

pub(crate) fn char_width(c: char) -> usize {
    let u = c as u32;
    match u {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

pub(crate) fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    let mut out = s.to_owned();
    out.push_str(&" ".repeat(width.saturating_sub(w)));
    out
}

/// A table: an optional title, headers and rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Shown above the table (plain) or as a bold line (Markdown); empty for none.
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows; a short row is padded with empty cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Renders in a style (see [`Table::plain`] and [`Table::markdown`]).
    #[must_use]
    pub fn render(&self, style: Style) -> String {
        match style {
            Style::Plain => self.plain(),
            Style::Markdown => self.markdown(),
        }
    }

    /// Plain text: columns separated by two spaces and aligned by display width, the headers
    /// underlined with `-`. Ends with a newline.
    #[must_use]
    pub fn plain(&self) -> String {
        let n = self.width();
        let mut widths = vec![0; n];
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(display_width(&one_line(cell)));
            }
        }
        let line = |row: &[String]| {
            let cells: Vec<String> = (0..n)
                .map(|i| pad(&one_line(row.get(i).map_or("", String::as_str)), widths[i]))
                .collect();
            let mut s = cells.join("  ");
            s.truncate(s.trim_end().len());
            s.push('\n');
            s
        };
        let mut out = String::new();
        if !self.title.is_empty() {
            out.push_str(&one_line(&self.title));
            out.push('\n');
        }
        out.push_str(&line(&self.headers));
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }

    /// A Markdown (GFM) table, `|` in cells escaped, preceded by the title in bold. Ends with a
    /// newline.
    #[must_use]
    pub fn markdown(&self) -> String {
        let n = self.width();
        let line = |row: &[String]| {
            let cells: Vec<String> = (0..n)
                .map(|i| md_cell(row.get(i).map_or("", String::as_str)))
                .collect();
            format!("| {} |\n", cells.join(" | "))
        };
        let mut out = String::new();
        if !self.title.is_empty() {
            let _ = writeln!(out, "**{}**\n", escape_markdown(&self.title));
        }
        out.push_str(&line(&self.headers));
        let _ = writeln!(out, "|{}", "---|".repeat(n));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }

    fn width(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(self.headers.len()))
            .max()
            .unwrap_or(0)
    }
}

/// Text made safe for any output: one line (line breaks become spaces), control characters
/// (C0 but tab, DEL, C1) and bidirectional overrides, embeddings and isolates (which can reorder
/// what follows them on the line, e.g. the level shown next to a name) become U+FFFD.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\t' => out.push(c),
            c if c.is_control() || is_bidi_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text made safe inside Markdown (GFM), as `clean` and: `<`, `>` and `&` as entities (a name
/// like `<script>` or `<img onerror=…>` stays text, also where Markdown passes HTML through), and
/// the punctuation that starts markup (`\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`, `#`, `!`)
/// escaped with a backslash.
#[must_use]
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn one_line(s: &str) -> String {
    clean(s)
}

pub(crate) fn md_cell(s: &str) -> String {
    escape_markdown(s)
}

/// A score 0–100 with one decimal (`"33.3"`).
#[must_use]
pub fn format_score(score: f64) -> String {
    let s = format!("{score:.1}");
    if s == "-0.0" {
        "0.0".to_owned()
    } else {
        s
    }
}
