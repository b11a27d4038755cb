//! The remedies of a report: ranked (highest priority first, as the diagnosis orders them), the
//! top [`ReportOptions::top_remedies`] shown with a line counting the rest, each cited by its
//! seed's authors and year (the full reference from [`crate::timeline::citation`]) rather than
//! by the seed's file name.

use super::doc::Block;
use super::ReportOptions;
use crate::diagnose::Diagnosis;
use crate::lang::{Lang, Text};
use crate::text::{Renderer, Table};
use crate::timeline::citation;
use crate::ui;

/// Column: priority.
const PRIORITY: Text = Text {
    zh: "优先度",
    en: "Priority",
};

/// The short citation of a remedy's source: `彭建军, 谭静(2022)` / `Peng Jianjun, Tan Jing
/// (2022)`; the venue and year when the seed names no author; the source itself when it is no
/// seed.
pub(crate) fn short_citation(source: &str, lang: Lang) -> String {
    let Some(c) = citation(source) else {
        return source.to_owned();
    };
    let authors = match lang {
        Lang::Zh => &c.authors,
        Lang::En => &c.authors_latin,
    };
    let who = if authors.is_empty() {
        match lang {
            Lang::Zh => c.venue.clone().or(c.venue_en.clone()),
            Lang::En => c.venue_en.clone().or(c.venue.clone()),
        }
        .unwrap_or_else(|| source.to_owned())
    } else {
        authors.join(", ")
    };
    match (c.year, lang) {
        (Some(y), Lang::Zh) => format!("{who}({y})"),
        (Some(y), Lang::En) => format!("{who} ({y})"),
        (None, _) => who,
    }
}

/// The remedies' blocks: the table of the top ones, the count of the rest, the references.
pub(crate) fn blocks(
    r: &Renderer<'_>,
    diagnosis: &Diagnosis,
    options: &ReportOptions,
) -> Vec<Block> {
    let lang = r.lang;
    let t = |w: Text| w.get(lang).to_owned();
    let all = &diagnosis.remedies;
    if all.is_empty() {
        return vec![Block::Para(t(ui::NO_REMEDIES))];
    }
    let shown = options.top_remedies.map_or(all.len(), |n| n.min(all.len()));
    let mut out = vec![Block::Table(Table {
        title: String::new(),
        headers: vec![
            "#".to_owned(),
            t(ui::REMEDIES),
            t(ui::NOTE),
            t(ui::ADDRESSES),
            t(PRIORITY),
            t(ui::SOURCE),
        ],
        rows: all
            .iter()
            .take(shown)
            .enumerate()
            .map(|(i, m)| {
                let mut title = m.title.in_lang(lang).to_owned();
                if m.acts_ahead {
                    title.push_str(" [");
                    title.push_str(ui::ACTS_AHEAD.get(lang));
                    title.push(']');
                }
                vec![
                    (i + 1).to_string(),
                    title,
                    m.detail.in_lang(lang).to_owned(),
                    m.addresses
                        .iter()
                        .map(|a| r.label(a).to_owned())
                        .collect::<Vec<_>>()
                        .join(ui::SEPARATOR.get(lang)),
                    format!("{:.2}", m.priority),
                    short_citation(&m.source, lang),
                ]
            })
            .collect(),
    })];
    let rest = all.len() - shown;
    if rest > 0 {
        out.push(Block::Para(match lang {
            Lang::Zh => format!(
                "按优先度列出前 {shown} 条;另有 {rest} 条未列出(共 {} 条,完整列表见诊断结果或将“显示条数”设为全部)。",
                all.len()
            ),
            Lang::En => format!(
                "The {shown} remedies of highest priority; {rest} more not listed ({} in all: the diagnosis lists every one, or ask the report for all).",
                all.len()
            ),
        }));
    }
    // the references of the sources cited above
    let mut sources: Vec<&str> = all.iter().take(shown).map(|m| m.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    let refs: Vec<String> = sources
        .iter()
        .filter_map(|s| citation(s))
        .map(|c| c.format(lang))
        .collect();
    if !refs.is_empty() {
        let head = match lang {
            Lang::Zh => "来源文献:",
            Lang::En => "Sources: ",
        };
        out.push(Block::Para(format!("{head}{}", refs.join(" "))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remedies::{SEED_000, SEED_004};

    #[test]
    fn sources_are_cited_by_authors_and_year() {
        assert_eq!(short_citation(SEED_000, Lang::Zh), "彭建军, 谭静(2022)");
        assert!(short_citation(SEED_000, Lang::En).ends_with(" (2022)"));
        assert!(short_citation(SEED_004, Lang::Zh).starts_with("中国社会工作杂志"));
        assert_eq!(short_citation("my-notes.txt", Lang::Zh), "my-notes.txt");
    }
}
