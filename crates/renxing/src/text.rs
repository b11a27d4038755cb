//! Rendering in Chinese or English, as plain text (aligned columns, CJK width-aware) or Markdown:
//! 表1 for any number of scorecards, 表2, a scorecard, a diagnosis, a comparison and the
//! reference-case report. The CLI, the reports and the bindings all render through here.
//!
//! ```
//! use renxing::text::{Renderer, Style};
//! use renxing::{cases, score, Framework, Lang};
//!
//! let fw = Framework::paper();
//! let cards: Vec<_> = cases().iter().map(|c| score(c, fw)).collect::<Result<_, _>>()?;
//! let rows: Vec<(&str, &renxing::Scorecard)> =
//!     cards.iter().map(|c| (c.assessment.as_str(), c)).collect();
//! let table = Renderer::new(fw, Lang::Zh, Style::Markdown).table1(&rows);
//! let md = table.render(Style::Markdown);
//! assert!(md.contains("| case-a | 低 | 低 | 低 | 高 | 低 |"));
//! # Ok::<(), renxing::ScoreError>(())
//! ```

use std::fmt::Write as _;
use std::str::FromStr;

use crate::cases::cases;
use crate::compare::Comparison;
use crate::diagnose::{diagnose_with, Deficit, Diagnosis};
use crate::error::{Error, IdError, Issue};
use crate::framework::Framework;
use crate::ids::{Mode, Phase};
use crate::lang::Lang;
use crate::modes::modes_table;
use crate::score::{Column, Grade, ScoreOptions, Scorecard, ValueSource};
use crate::ui;

/// How text is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Style {
    /// Plain text, columns aligned with spaces (East Asian wide characters count as 2 columns).
    #[default]
    Plain,
    /// GitHub-flavoured Markdown.
    Markdown,
}

impl Style {
    /// The stable id: `"text"` or `"markdown"`.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Style::Plain => "text",
            Style::Markdown => "markdown",
        }
    }
}

impl FromStr for Style {
    type Err = IdError;
    /// Accepts `text` (or `plain`) and `markdown` (or `md`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" | "plain" => Ok(Style::Plain),
            "markdown" | "md" => Ok(Style::Markdown),
            _ => Err(IdError::new(
                crate::lang::Text {
                    zh: "文本样式",
                    en: "text style",
                },
                s,
                &["text", "markdown"],
            )),
        }
    }
}

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

fn char_width(c: char) -> usize {
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

fn pad(s: &str, width: usize) -> String {
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
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text made safe inside Markdown (GFM): line breaks become spaces, control characters and
/// bidirectional overrides U+FFFD; `<`, `>` and `&` become entities (a name like `<script>` or
/// `<img onerror=…>` stays text, also where Markdown passes HTML through); the punctuation that
/// starts markup (`\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`, `#`, `!`) is escaped with a
/// backslash.
///
/// ```
/// assert_eq!(renxing::text::escape_markdown("<b>*x*</b>\n"), "&lt;b&gt;\\*x\\*&lt;/b&gt; ");
/// ```
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

fn one_line(s: &str) -> String {
    clean(s)
}

fn md_cell(s: &str) -> String {
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

/// Renders the core types in one language and style, with the labels of one framework.
#[derive(Clone, Copy, Debug)]
pub struct Renderer<'f> {
    /// The framework whose labels are used.
    pub framework: &'f Framework,
    /// The language.
    pub lang: Lang,
    /// The layout.
    pub style: Style,
}

impl<'f> Renderer<'f> {
    /// A renderer.
    #[must_use]
    pub fn new(framework: &'f Framework, lang: Lang, style: Style) -> Self {
        Renderer {
            framework,
            lang,
            style,
        }
    }

    fn t(&self, text: crate::lang::Text) -> &'static str {
        text.get(self.lang)
    }

    /// Text from the input (a name, a label, a quote) made safe in the renderer's style.
    fn esc(&self, s: &str) -> String {
        match self.style {
            Style::Markdown => escape_markdown(s),
            Style::Plain => clean(s),
        }
    }

    /// The label of an attribute, dimension or level id in the renderer's language.
    #[must_use]
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.framework.label(id, self.lang.id())
    }

    /// A grade as `level` or, with `with_score`, `level (score)`; "Not rated" for `None`.
    #[must_use]
    pub fn grade(&self, grade: Option<&Grade>, with_score: bool) -> String {
        match grade {
            None => self.t(ui::NOT_RATED).to_owned(),
            Some(g) if with_score => {
                format!("{} ({})", self.label(&g.level), format_score(g.score))
            }
            Some(g) => self.label(&g.level).to_owned(),
        }
    }

    /// The header of a 表1 column: the attribute, or `attribute (dimension)` for a reading of a
    /// split attribute.
    #[must_use]
    pub fn column_header(&self, column: &Column) -> String {
        let a = self.label(&column.attribute);
        match &column.dimension {
            None => a.to_owned(),
            // "Connectivity with government" already names its attribute: no need to repeat it.
            Some(d) if self.label(d).to_lowercase().contains(&a.to_lowercase()) => {
                self.label(d).to_owned()
            }
            Some(d) => match self.lang {
                Lang::Zh => format!("{a}({})", self.label(d)),
                Lang::En => format!("{a} ({})", self.label(d)),
            },
        }
    }

    fn mode(&self, mode: Option<Mode>) -> String {
        mode.map_or_else(String::new, |m| m.label(self.lang).to_owned())
    }

    fn phase(&self, phase: Option<Phase>) -> String {
        phase.map_or_else(String::new, |p| p.label(self.lang).to_owned())
    }

    fn list(&self, items: impl IntoIterator<Item = String>) -> String {
        items
            .into_iter()
            .collect::<Vec<_>>()
            .join(self.t(ui::SEPARATOR))
    }

    fn heading(&self, out: &mut String, depth: usize, title: &str) {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        match self.style {
            Style::Markdown => {
                let title = self.esc(title);
                let _ = writeln!(out, "{} {title}\n", "#".repeat(depth.clamp(1, 6)));
            }
            Style::Plain => {
                let title = self.esc(title);
                let ch = if depth <= 2 { '=' } else { '-' };
                let _ = writeln!(out, "{title}");
                let _ = writeln!(
                    out,
                    "{}\n",
                    ch.to_string().repeat(display_width(&title).max(1))
                );
            }
        }
    }

    fn bullet(&self, out: &mut String, text: &str) {
        let _ = writeln!(out, "- {}", self.esc(text));
    }

    fn kv(&self, out: &mut String, key: &str, value: &str) {
        let sep = match self.lang {
            Lang::Zh => ":",
            Lang::En => ": ",
        };
        match self.style {
            Style::Markdown => {
                let _ = writeln!(out, "- **{}**{sep}{}", self.esc(key), self.esc(value));
            }
            Style::Plain => {
                let _ = writeln!(out, "{}{sep}{}", self.esc(key), self.esc(value));
            }
        }
    }

    fn table(&self, out: &mut String, table: &Table) {
        out.push_str(&table.render(self.style));
        out.push('\n');
    }

    /// 表1 for any number of scorecards: one row per `(row label, scorecard)`, columns =
    /// [`Scorecard::columns`] (the split attribute as its readings), then the overall level and
    /// score. The column set comes from the first scorecard.
    #[must_use]
    pub fn table1(&self, rows: &[(&str, &Scorecard)]) -> Table {
        let mut headers = vec![self.t(ui::COMMUNITY).to_owned()];
        if let Some((_, first)) = rows.first() {
            headers.extend(first.columns().iter().map(|c| self.column_header(c)));
        }
        headers.push(self.t(ui::OVERALL_LEVEL).to_owned());
        headers.push(self.t(ui::OVERALL_SCORE).to_owned());
        let rows = rows
            .iter()
            .map(|(name, card)| {
                let mut row = vec![(*name).to_owned()];
                row.extend(
                    card.columns()
                        .iter()
                        .map(|c| self.grade(c.grade.as_ref(), false)),
                );
                row.push(self.grade(card.overall.as_ref(), false));
                row.push(
                    card.overall
                        .as_ref()
                        .map_or_else(String::new, |g| format_score(g.score)),
                );
                row
            })
            .collect();
        Table {
            title: self.t(ui::TABLE_1_TITLE).to_owned(),
            headers,
            rows,
        }
    }

    /// 表2: the three modes (driving factor, advantages, defects, promotability, reference case).
    #[must_use]
    pub fn modes_table(&self) -> Table {
        let rows = modes_table()
            .into_iter()
            .map(|p| {
                vec![
                    p.mode.label(self.lang).to_owned(),
                    p.driving_factor.get(self.lang).to_owned(),
                    self.list(p.advantages.iter().map(|t| t.get(self.lang).to_owned())),
                    self.list(p.defects.iter().map(|t| t.get(self.lang).to_owned())),
                    format!(
                        "{}{}{}",
                        p.promotability.label(self.lang),
                        match self.lang {
                            Lang::Zh => ":",
                            Lang::En => ": ",
                        },
                        p.promotability_note.get(self.lang)
                    ),
                    p.reference_case.to_owned(),
                ]
            })
            .collect();
        Table {
            title: self.t(ui::TABLE_2_TITLE).to_owned(),
            headers: [
                ui::MODE,
                ui::DRIVING_FACTOR,
                ui::ADVANTAGES,
                ui::DEFECTS,
                ui::PROMOTABILITY,
                ui::REFERENCE_CASE,
            ]
            .iter()
            .map(|t| self.t(*t).to_owned())
            .collect(),
            rows,
        }
    }

    /// The attribute table of a scorecard: attribute, level, score, rated/total.
    #[must_use]
    pub fn attribute_table(&self, card: &Scorecard) -> Table {
        Table {
            title: String::new(),
            headers: [ui::ATTRIBUTE, ui::LEVEL, ui::SCORE, ui::RATED]
                .iter()
                .map(|t| self.t(*t).to_owned())
                .collect(),
            rows: card
                .attributes
                .iter()
                .map(|a| {
                    vec![
                        self.label(&a.id).to_owned(),
                        self.grade(a.grade.as_ref(), false),
                        a.grade
                            .as_ref()
                            .map_or_else(String::new, |g| format_score(g.score)),
                        format!("{}/{}", a.rated, a.total),
                    ]
                })
                .collect(),
        }
    }

    /// The dimension table of a scorecard: dimension, attribute, level, score, how rated.
    #[must_use]
    pub fn dimension_table(&self, card: &Scorecard) -> Table {
        Table {
            title: String::new(),
            headers: [
                ui::DIMENSION,
                ui::ATTRIBUTE,
                ui::LEVEL,
                ui::SCORE,
                ui::SOURCE,
            ]
            .iter()
            .map(|t| self.t(*t).to_owned())
            .collect(),
            rows: card
                .dimensions
                .iter()
                .map(|d| {
                    let source = match d.source {
                        ValueSource::Level => ui::SOURCE_LEVEL,
                        ValueSource::Score => ui::SOURCE_SCORE,
                        ValueSource::Answers => ui::SOURCE_ANSWERS,
                        ValueSource::Unrated => ui::SOURCE_UNRATED,
                    };
                    let mut source = self.t(source).to_owned();
                    if d.inconsistent {
                        source.push_str(" (!)");
                    }
                    vec![
                        self.label(&d.id).to_owned(),
                        self.label(&d.attribute).to_owned(),
                        self.grade(d.grade.as_ref(), false),
                        d.grade
                            .as_ref()
                            .map_or_else(String::new, |g| format_score(g.score)),
                        source,
                    ]
                })
                .collect(),
        }
    }

    /// A scorecard: its heading (`name` or the assessment id), framework and method, overall
    /// grade, the attribute table and the dimension table.
    #[must_use]
    pub fn scorecard(&self, card: &Scorecard, name: Option<&str>) -> String {
        let mut out = String::new();
        self.scorecard_into(&mut out, card, name, 2);
        out
    }

    fn scorecard_into(&self, out: &mut String, card: &Scorecard, name: Option<&str>, depth: usize) {
        let title = match name {
            Some(n) if n != card.assessment => format!("{n} ({})", card.assessment),
            _ => card.assessment.clone(),
        };
        self.heading(out, depth, &format!("{} · {title}", self.t(ui::SCORECARD)));
        self.kv(out, self.t(ui::FRAMEWORK), &card.framework);
        self.kv(out, self.t(ui::METHOD), card.method.id());
        self.kv(
            out,
            self.t(ui::OVERALL),
            &self.grade(card.overall.as_ref(), true),
        );
        out.push('\n');
        self.table(out, &self.attribute_table(card));
        self.table(out, &self.dimension_table(card));
    }

    fn deficit_table(&self, deficits: &[Deficit], attribute_column: bool) -> Table {
        let mut headers = vec![self
            .t(if attribute_column {
                ui::DIMENSION
            } else {
                ui::ATTRIBUTE
            })
            .to_owned()];
        if attribute_column {
            headers.push(self.t(ui::ATTRIBUTE).to_owned());
        }
        headers.extend(
            [ui::LEVEL, ui::SCORE, ui::SEVERITY]
                .iter()
                .map(|t| self.t(*t).to_owned()),
        );
        Table {
            title: String::new(),
            headers,
            rows: deficits
                .iter()
                .map(|d| {
                    let mut row = vec![self.label(&d.id).to_owned()];
                    if attribute_column {
                        row.push(self.label(&d.attribute).to_owned());
                    }
                    row.push(self.label(&d.grade.level).to_owned());
                    row.push(format_score(d.grade.score));
                    row.push(format!("{:.2}", d.severity));
                    row
                })
                .collect(),
        }
    }

    /// A diagnosis: the scorecard, then deficits (most severe first), remedies with their seed
    /// source, the nearest reference case, the mode's defects, unrated dimensions and
    /// inconsistencies. `name` heads it (the assessment id when `None`).
    #[must_use]
    pub fn diagnosis(&self, diagnosis: &Diagnosis, name: Option<&str>) -> String {
        let mut out = String::new();
        self.diagnosis_into(&mut out, diagnosis, name, 2);
        out
    }

    fn diagnosis_into(&self, out: &mut String, d: &Diagnosis, name: Option<&str>, depth: usize) {
        let card = &d.scorecard;
        let title = match name {
            Some(n) if n != card.assessment => format!("{n} ({})", card.assessment),
            _ => card.assessment.clone(),
        };
        self.heading(out, depth, &format!("{} · {title}", self.t(ui::DIAGNOSIS)));
        self.kv(out, self.t(ui::FRAMEWORK), &card.framework);
        self.kv(out, self.t(ui::METHOD), card.method.id());
        self.kv(
            out,
            self.t(ui::OVERALL),
            &self.grade(card.overall.as_ref(), true),
        );
        out.push('\n');
        self.table(out, &self.attribute_table(card));
        self.table(out, &self.dimension_table(card));

        self.heading(out, depth + 1, self.t(ui::DEFICITS));
        if d.attribute_deficits.is_empty() && d.dimension_deficits.is_empty() {
            let _ = writeln!(out, "{}\n", self.t(ui::NO_DEFICITS));
        } else {
            if !d.attribute_deficits.is_empty() {
                self.table(out, &self.deficit_table(&d.attribute_deficits, false));
            }
            if !d.dimension_deficits.is_empty() {
                self.table(out, &self.deficit_table(&d.dimension_deficits, true));
            }
        }

        self.heading(out, depth + 1, self.t(ui::REMEDIES));
        if d.remedies.is_empty() {
            let _ = writeln!(out, "{}", self.t(ui::NO_REMEDIES));
        }
        for (i, r) in d.remedies.iter().enumerate() {
            let title = self.esc(r.title.in_lang(self.lang));
            let detail = self.esc(r.detail.in_lang(self.lang));
            let source = self.esc(&r.source);
            let addresses =
                self.esc(&self.list(r.addresses.iter().map(|a| self.label(a).to_owned())));
            let (colon, open, close) = match self.lang {
                Lang::Zh => (":", "(", ")"),
                Lang::En => (": ", " (", ")"),
            };
            match self.style {
                Style::Markdown => {
                    let _ = writeln!(out, "{}. **{}**{colon}{detail}", i + 1, title);
                    let _ = writeln!(
                        out,
                        "   {}{colon}{addresses}{open}{}{colon}{source}{close}",
                        self.t(ui::ADDRESSES),
                        self.t(ui::SOURCE),
                    );
                }
                Style::Plain => {
                    let _ = writeln!(
                        out,
                        "{}. {title}{open}{}{colon}{source}{close}",
                        i + 1,
                        self.t(ui::SOURCE),
                    );
                    let _ = writeln!(out, "   {detail}");
                    let _ = writeln!(out, "   {}{colon}{addresses}", self.t(ui::ADDRESSES));
                }
            }
        }
        out.push('\n');

        self.heading(out, depth + 1, self.t(ui::NEAREST_CASE));
        match &d.nearest_case {
            None => {
                let _ = writeln!(out, "{}", self.t(ui::NO_NEAREST_CASE));
            }
            Some(c) => {
                let (colon, comma) = match self.lang {
                    Lang::Zh => (":", ","),
                    Lang::En => (": ", ", "),
                };
                let _ = writeln!(
                    out,
                    "{} ({}{}){colon}{} {:.2}{comma}{} {}",
                    self.esc(&c.name),
                    self.esc(&c.case),
                    c.mode
                        .map_or_else(String::new, |m| format!(", {}", m.label(self.lang))),
                    self.t(ui::DISTANCE),
                    c.distance,
                    self.t(ui::COMPARED),
                    c.compared
                );
            }
        }
        out.push('\n');

        self.heading(out, depth + 1, self.t(ui::MODE_DEFECTS));
        match d.mode {
            None => {
                let _ = writeln!(out, "{}", self.t(ui::NO_MODE));
            }
            Some(p) => {
                self.kv(out, self.t(ui::MODE), p.mode.label(self.lang));
                self.kv(
                    out,
                    self.t(ui::DEFECTS),
                    &self.list(p.defects.iter().map(|t| t.get(self.lang).to_owned())),
                );
            }
        }
        out.push('\n');

        self.heading(out, depth + 1, self.t(ui::UNRATED));
        if d.unrated.is_empty() {
            let _ = writeln!(out, "{}", self.t(ui::NONE));
        }
        for u in &d.unrated {
            self.bullet(out, &format!("{} ({u})", self.label(u)));
        }
        out.push('\n');

        self.heading(out, depth + 1, self.t(ui::INCONSISTENCIES));
        if d.inconsistencies.is_empty() {
            let _ = writeln!(out, "{}", self.t(ui::NONE));
        }
        for u in &d.inconsistencies {
            self.bullet(
                out,
                &format!(
                    "{} ({u}): {}",
                    self.label(u),
                    self.t(ui::INCONSISTENCY_NOTE)
                ),
            );
        }
    }

    /// A comparison: 表1 of every community (with its rank), the ranking with ties, and the best
    /// and worst community per dimension.
    #[must_use]
    pub fn comparison(&self, cmp: &Comparison) -> String {
        let mut out = String::new();
        self.heading(&mut out, 2, self.t(ui::COMPARISON));
        self.kv(&mut out, self.t(ui::FRAMEWORK), &cmp.framework);
        self.kv(&mut out, self.t(ui::METHOD), cmp.method.id());
        out.push('\n');
        let names: Vec<String> = cmp
            .rows
            .iter()
            .map(|r| {
                if r.name.is_empty() || r.name == r.id {
                    r.id.clone()
                } else {
                    format!("{} ({})", r.name, r.id)
                }
            })
            .collect();
        let rows: Vec<(&str, &Scorecard)> = names
            .iter()
            .zip(&cmp.rows)
            .map(|(n, r)| (n.as_str(), &r.scorecard))
            .collect();
        let mut t1 = self.table1(&rows);
        t1.headers.insert(1, self.t(ui::MODE).to_owned());
        for (row, r) in t1.rows.iter_mut().zip(&cmp.rows) {
            row.insert(1, self.mode(r.mode));
        }
        if cmp
            .rows
            .iter()
            .any(|r| r.phase.is_some() || r.date.is_some())
        {
            t1.headers.insert(2, self.t(ui::PHASE).to_owned());
            t1.headers.insert(3, self.t(ui::DATE).to_owned());
            for (row, r) in t1.rows.iter_mut().zip(&cmp.rows) {
                row.insert(2, self.phase(r.phase));
                row.insert(3, r.date.map_or_else(String::new, |d| d.to_string()));
            }
        }
        self.table(&mut out, &t1);

        self.heading(&mut out, 3, self.t(ui::RANKING));
        // a map, not a scan per entry: a comparison of many communities stays linear
        let index: std::collections::HashMap<&str, usize> = cmp
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let name_of = |id: &str| {
            index
                .get(id)
                .and_then(|i| names.get(*i).cloned())
                .unwrap_or_else(|| id.to_owned())
        };
        let ranking = Table {
            title: String::new(),
            headers: [ui::RANK, ui::COMMUNITY, ui::OVERALL_SCORE]
                .iter()
                .map(|t| self.t(*t).to_owned())
                .collect(),
            rows: cmp
                .ranking
                .iter()
                .map(|e| {
                    let rank = match e.rank {
                        None => "–".to_owned(),
                        Some(r) if e.tied => format!("{r}= ({})", self.t(ui::TIED)),
                        Some(r) => r.to_string(),
                    };
                    vec![
                        rank,
                        name_of(&e.id),
                        e.score
                            .map_or_else(|| self.t(ui::NOT_RATED).to_owned(), format_score),
                    ]
                })
                .collect(),
        };
        self.table(&mut out, &ranking);

        self.heading(&mut out, 3, self.t(ui::EXTREMES));
        let ext = Table {
            title: String::new(),
            headers: [ui::DIMENSION, ui::BEST, ui::WORST]
                .iter()
                .map(|t| self.t(*t).to_owned())
                .collect(),
            rows: cmp
                .extremes
                .iter()
                .map(|e| {
                    let cell = |ids: &[String], score: Option<f64>| match score {
                        None => self.t(ui::NOT_RATED).to_owned(),
                        Some(s) => format!(
                            "{} ({})",
                            self.list(ids.iter().map(|i| name_of(i))),
                            format_score(s)
                        ),
                    };
                    vec![
                        self.label(&e.dimension).to_owned(),
                        cell(&e.best, e.best_score),
                        cell(&e.worst, e.worst_score),
                    ]
                })
                .collect(),
        };
        out.push_str(&ext.render(self.style));
        out
    }

    /// The reference-case report (the paper's framework): 表1 as computed for cases A, B, C
    /// (with the published levels alongside), 表2, and each case's diagnosis.
    ///
    /// # Errors
    /// A bad option (weights) in `options`.
    pub fn cases_report(&self, options: &ScoreOptions) -> Result<String, Error> {
        let fw = Framework::paper();
        let r = Renderer::new(fw, self.lang, self.style);
        let diagnoses = cases()
            .iter()
            .map(|c| diagnose_with(c, fw, options).map(|d| (c.name.clone(), d)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = String::new();
        r.heading(&mut out, 1, r.t(ui::REFERENCE_CASES));
        let rows: Vec<(&str, &Scorecard)> = diagnoses
            .iter()
            .map(|(n, d)| (n.as_str(), &d.scorecard))
            .collect();
        let mut t1 = r.table1(&rows);
        t1.headers.insert(1, r.t(ui::MODE).to_owned());
        t1.headers.push(r.t(ui::PUBLISHED).to_owned());
        for ((row, (_, d)), published) in t1.rows.iter_mut().zip(&diagnoses).zip(crate::TABLE_1) {
            row.insert(1, r.mode(d.mode.map(|p| p.mode)));
            row.push(
                [
                    published.robustness,
                    published.redundancy,
                    published.government_connectivity,
                    published.resident_connectivity,
                ]
                .iter()
                .map(|l| l.label(r.lang))
                .collect::<Vec<_>>()
                .join(" / "),
            );
        }
        r.table(&mut out, &t1);
        r.table(&mut out, &r.modes_table());
        for (name, d) in &diagnoses {
            r.diagnosis_into(&mut out, d, Some(name), 2);
            out.push('\n');
        }
        Ok(out)
    }

    /// Validation issues, one per line: `path: message [code]`.
    #[must_use]
    pub fn issues(&self, issues: &[Issue]) -> String {
        let mut out = String::new();
        for i in issues {
            let path = if i.path.is_root() {
                "(document)".to_owned()
            } else {
                i.path.to_string()
            };
            let message = self.esc(i.message.get(self.lang));
            match self.style {
                Style::Markdown => {
                    // in a code span nothing is markup; a backtick would end it
                    let path = clean(&path).replace('`', "'");
                    let _ = writeln!(out, "- `{path}`: {message} [`{}`]", i.code);
                }
                Style::Plain => {
                    let _ = writeln!(out, "  - {}: {message} [{}]", clean(&path), i.code);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compare, diagnose, score, Assessment, Dimension, Level, Rating};

    #[test]
    fn widths_count_cjk_as_two() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("稳健性"), 6);
        assert_eq!(display_width("低(0.0)"), 7);
        assert_eq!(display_width("低\u{FF08}中\u{FF09}"), 8); // fullwidth parentheses
        assert_eq!(display_width("é"), 1);
        assert_eq!(display_width("e\u{301}"), 1);
    }

    #[test]
    fn plain_table_aligns_by_display_width() {
        let t = Table {
            title: String::new(),
            headers: vec!["属性".into(), "x".into()],
            rows: vec![
                vec!["a".into(), "高".into()],
                vec!["稳健性".into(), "1".into()],
            ],
        };
        assert_eq!(t.plain(), "属性    x\n------  --\na       高\n稳健性  1\n");
        assert_eq!(
            t.markdown(),
            "| 属性 | x |\n|---|---|\n| a | 高 |\n| 稳健性 | 1 |\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let t = Table {
            title: "T".into(),
            headers: vec!["a|b".into()],
            rows: vec![vec!["x\ny".into()]],
        };
        assert_eq!(t.markdown(), "**T**\n\n| a\\|b |\n|---|\n| x y |\n");
    }

    fn case_cards() -> Vec<Scorecard> {
        cases()
            .iter()
            .map(|c| score(c, Framework::paper()).unwrap())
            .collect()
    }

    #[test]
    fn table1_reproduces_the_paper_in_both_languages() {
        let cards = case_cards();
        let rows: Vec<(&str, &Scorecard)> =
            cards.iter().map(|c| (c.assessment.as_str(), c)).collect();
        let zh = Renderer::new(Framework::paper(), Lang::Zh, Style::Markdown).table1(&rows);
        assert_eq!(
            zh.headers,
            [
                "社区",
                "稳健性",
                "冗余性",
                "连通性(与政府连通)",
                "连通性(与居民连通)",
                "综合等级",
                "综合得分"
            ]
        );
        assert_eq!(zh.rows[0][1..5], ["低", "低", "低", "高"]);
        assert_eq!(zh.rows[1][1..5], ["中", "中", "高", "中"]);
        assert_eq!(zh.rows[2][1..5], ["高", "中", "高", "高"]);
        let en = Renderer::new(Framework::paper(), Lang::En, Style::Plain).table1(&rows);
        assert_eq!(en.rows[1][1..5], ["Medium", "Medium", "High", "Medium"]);
        assert_eq!(en.headers[3], "Connectivity with government");
    }

    #[test]
    fn modes_table_has_three_rows() {
        let t = Renderer::new(Framework::paper(), Lang::Zh, Style::Plain).modes_table();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0][0], "社工助推型");
        assert_eq!(t.rows[0][3], "权责匹配模糊、组织散漫");
        assert!(t.rows[1][4].starts_with("高:有效弥补"));
    }

    #[test]
    fn diagnosis_lists_deficits_remedies_case_and_unrated() {
        let mut a = Assessment::new("t", "测试社区");
        a.mode = Some(Mode::GovernmentLed);
        for d in Dimension::ALL {
            a.rate(*d, Rating::level(Level::High));
        }
        a.rate(Dimension::Rules, Rating::level(Level::Low));
        a.rate(Dimension::ItUse, Rating::answers(false, true));
        a.rate_id("volunteer_teams", None);
        let d = diagnose(&a, Framework::paper()).unwrap();
        let s = Renderer::new(Framework::paper(), Lang::Zh, Style::Plain)
            .diagnosis(&d, Some("测试社区"));
        assert!(s.contains("诊断 · 测试社区 (t)"), "{s}");
        assert!(s.contains("不足"));
        assert!(s.contains("优化路径"));
        assert!(s.contains("000_ebdaebbf0bcb582b.txt"));
        assert!(s.contains("专业志愿队伍 (volunteer_teams)"));
        assert!(s.contains("信息技术运用 (it_use)"));
        assert!(s.contains("行政依赖性强、政令冲突"));
        // Both low dimensions have gap 2 and equal weights: framework order, rules first.
        assert!(s.contains(
            "规章制度      稳健性  低    0.0   2.00\n信息技术运用  冗余性  低    0.0   2.00\n"
        ));
        assert!(s.contains("冗余性  中    50.0  1.00\n稳健性  中    66.7  0.67\n"));
        assert!(s.contains("B社区 · Community B (case-b, 政府主导型):距离 1.25,比较维度数 7"));
        let en = Renderer::new(Framework::paper(), Lang::En, Style::Markdown).diagnosis(&d, None);
        assert!(en.contains("## Diagnosis · t"));
        assert!(en.contains("### Remedies"));
        assert!(en.contains("### Nearest reference case"));
    }

    #[test]
    fn comparison_shows_ranking_and_ties() {
        let [a, b, c] = cases();
        let mut b2 = b.clone();
        b2.id = "case-b2".into();
        let cmp = compare(&[a, b, c, b2], Framework::paper()).unwrap();
        let s = Renderer::new(Framework::paper(), Lang::En, Style::Plain).comparison(&cmp);
        assert!(s.contains("2= (tied)"), "{s}");
        assert!(s.contains("4  "), "{s}");
        assert!(s.contains("Best and worst per dimension"));
    }

    #[test]
    fn cases_report_has_both_tables_and_three_diagnoses() {
        let s = Renderer::new(Framework::paper(), Lang::Zh, Style::Markdown)
            .cases_report(&ScoreOptions::default())
            .unwrap();
        assert!(s.contains("表1"));
        assert!(s.contains("表2"));
        assert_eq!(s.matches("## 诊断 · ").count(), 3);
        assert!(s.contains("| A社区 · Community A | 社工助推型 | 低 | 低 | 低 | 高 |"));
    }
}
